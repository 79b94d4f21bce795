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
            let split: Vec<(Vec<String>, Separator)> = if lines
                .iter()
                .any(|l| l.contains('\t') || cells::split(l).1 == Separator::Pipe)
            {
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
