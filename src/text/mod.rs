//! The text front end: bytes of a text export → [`Line`]s of cells.
//!
//! In: bytes, as a converter, a viewer's copy or a crawler wrote them. Out: one
//! normalised line of cells per source line, with its page when form feeds mark pages.
//! Decides: the encoding ([`decode`]), what is folded to ASCII ([`normalise`]), and
//! where one cell ends and the next begins: at tabs or pipes ([`cells`]), by the
//! positions of the words in space-aligned text ([`grid`]), by the shape of a row in
//! single-space text that dropped its empty cells ([`raw`]). Meta-line and label
//! patterns ([`meta`], [`labels`]) live here too, because both front ends read them.

pub mod cells;
pub mod decode;
mod grid;
pub mod labels;
pub mod meta;
mod normalise;
mod raw;
mod raw_form;

pub use normalise::{clean, is_cjk, normalize, strip_markdown};

use crate::line::{Line, PrintedAmount, Separator, amount_token};

/// Splits a decoded text into lines of cells, numbering pages by its form feeds.
/// Space-aligned pages have their tables' cells put in columns by position ([`grid`]);
/// single-space pages with their empty cells dropped are read by the shape of their rows
/// ([`raw`]).
pub fn lines(text: &str) -> Vec<Line> {
    // pdftotext ends each page with a form feed; without any, pages are unknown.
    let paged = text.contains('\u{c}');
    let mut page = 1;
    // Each page: its number, the source line of its first line, its lines.
    let mut pages: Vec<(u32, usize, Vec<String>)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        // A form feed before the text starts a page; one after it ends one.
        let feeds = raw.matches('\u{c}').count() as u32;
        let leading = (raw.len() - raw.trim_start_matches('\u{c}').len()) as u32;
        page += leading;
        match pages.last_mut() {
            Some((p, _, lines)) if *p == page => lines.push(normalize(raw)),
            _ => pages.push((page, i + 1, vec![normalize(raw)])),
        }
        page += feeds - leading;
    }
    if paged {
        blank_running_lines(&mut pages);
    }
    let mut carried = None;
    let mut raw_carried = raw::Carried::default();
    pages
        .into_iter()
        .flat_map(|(page, first, mut lines)| {
            if paged {
                blank_page_numbers(&mut lines);
            }
            // Lines in reading order, by their index on the page.
            let mut order: Vec<usize> = (0..lines.len()).collect();
            let split: Vec<(Vec<String>, Separator)> = if is_separated(&lines) {
                lines.iter().map(|l| cells::split(l)).collect()
            } else if raw::is_raw_page(&lines) {
                raw::join_cut_amounts(&mut lines);
                order = raw::reading_order(&lines, &mut raw_carried);
                let ordered: Vec<String> = order.iter().map(|&k| lines[k].clone()).collect();
                raw::lay_out_page(&ordered, &mut raw_carried)
            } else {
                // What a single-space page leaves runs on to the next one only.
                raw_carried = raw::Carried::default();
                grid::lay_out_page(&lines, &mut carried)
            };
            split
                .into_iter()
                .zip(order)
                .map(move |((cells, separator), k)| Line {
                    number: first + k,
                    page: paged.then_some(page),
                    cells,
                    boxes: Vec::new(),
                    separator,
                })
        })
        .collect()
}

/// Whether a page's cells are separated by tabs or pipes (not placed by position).
fn is_separated(lines: &[String]) -> bool {
    lines
        .iter()
        .any(|l| l.contains('\t') || cells::split(l).1 == Separator::Pipe)
}

/// A page's number, on its first or last line of text, is furniture: left, it would
/// stand between a table and its continuation. Its line is kept, blank.
fn blank_page_numbers(lines: &mut [String]) {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    for i in [filled.first(), filled.last()].into_iter().flatten() {
        if labels::is_page_number(lines[*i].trim()) {
            lines[*i].clear();
        }
    }
}

/// A line that opens or closes page after page of space-aligned text with the same
/// words ("无锡市交通运输局（本级）2026 年度单位预算公开") is a running header or footer:
/// left, it would stand between a table and its continuation. It stays where it first
/// stands (it may name the document) and is blanked on the other pages. Meta lines
/// ("单位：万元") and a table's title lines repeat over its pages too, and belong to
/// them: they stay, and so does a line just above a title line (a title wrapped
/// over two lines).
fn blank_running_lines(pages: &mut [(u32, usize, Vec<String>)]) {
    let aligned = |lines: &[String]| !is_separated(lines) && !raw::is_raw_page(lines);
    // A page's first and last lines with words, where the next line with words is not
    // a title line.
    let edges = |lines: &[String]| -> Vec<usize> {
        let filled: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].trim().is_empty())
            .collect();
        let mut ends: Vec<usize> = [filled.first(), filled.last()]
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                filled
                    .iter()
                    .find(|&&j| j > i)
                    .is_none_or(|&j| !labels::is_title_line(lines[j].trim()))
            })
            .collect();
        ends.dedup();
        ends
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, _, lines) in pages.iter().filter(|(_, _, l)| aligned(l)) {
        for i in edges(lines) {
            *seen.entry(lines[i].trim().to_string()).or_default() += 1;
        }
    }
    let running = |text: &str| {
        seen.get(text).is_some_and(|&n| n >= 3)
            && meta::parse_meta(text).is_none()
            && !labels::is_title_line(text)
    };
    let mut first_seen = std::collections::HashSet::new();
    for (_, _, lines) in pages.iter_mut() {
        if !aligned(lines) {
            continue;
        }
        for i in edges(lines) {
            let text = lines[i].trim().to_string();
            if running(&text) && !first_seen.insert(text) {
                lines[i].clear();
            }
        }
    }
}

/// The amounts printed in table cells of the lines: a cell that is an amount and
/// nothing else, on a line of two or more cells. A line that is one cell is prose.
pub fn printed_amounts(lines: &[Line]) -> Vec<PrintedAmount> {
    let mut out = Vec::new();
    for line in lines.iter().filter(|l| l.cells.len() > 1) {
        for cell in &line.cells {
            if let Some(amount) = amount_token(cell) {
                out.push(PrintedAmount {
                    page: line.page,
                    line: Some(line.number),
                    bbox: None,
                    text: cell.clone(),
                    amount,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: u32, lines: &[&str]) -> (u32, usize, Vec<String>) {
        (number, 1, lines.iter().map(|l| normalize(l)).collect())
    }

    #[test]
    fn a_running_header_is_blanked_after_its_first_page_and_titles_and_meta_stay() {
        // wuxi 单位预算: every page opens with the document's name; xian's procurement
        // title wraps, its first line ending in "）" over "预算表（不含上年结转）".
        let running = "无锡市交通运输局（本级）2026 年度单位预算公开";
        let wrapped = "2022年部门综合预算政府采购（资产配置、购买服务）";
        let mut pages: Vec<_> = (1..=3)
            .map(|n| {
                page(
                    n,
                    &[
                        running,
                        "单位：万元",
                        "214   交通运输支出    103,827.76    2,103.06",
                    ],
                )
            })
            .chain((4..=6).map(|n| {
                page(
                    n,
                    &[
                        wrapped,
                        "预算表（不含上年结转）",
                        "1   214   01   02    40.00    1.00",
                    ],
                )
            }))
            .collect();
        blank_running_lines(&mut pages);
        assert_eq!(pages[0].2[0], normalize(running));
        assert!(pages[1].2[0].is_empty() && pages[2].2[0].is_empty());
        assert!(
            pages
                .iter()
                .take(3)
                .all(|p| p.2[1] == normalize("单位：万元"))
        );
        assert!(pages.iter().skip(3).all(|p| p.2[0] == normalize(wrapped)));
    }
}
