//! Lines of cells → classified rows.
//!
//! Each line becomes a [`Row`] of cells and a [`RowKind`]: a line of prose, a title
//! candidate, a meta line (部门名称, 单位：万元 …), a note, a table-of-contents entry, or
//! a row of cells. The recogniser then only has to look at kinds.

use std::sync::LazyLock;

use regex::Regex;

use crate::line::{Line, Rect, Separator};
use crate::text::meta::{MetaItem, parse_meta};
use crate::text::{self, cells};

/// One source line, split and classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based source line number.
    pub line: usize,
    /// 1-based page, when the text separates pages with form feeds, or from a PDF.
    pub page: Option<u32>,
    /// Where each cell is on its page (PDF input only): [left, top, right, bottom].
    pub boxes: Vec<Option<Rect>>,
    /// The cells, normalised and trimmed; empty cells kept.
    pub cells: Vec<String>,
    /// Whether the line was printed without its empty cells (single-space text): its
    /// values stand in order, not necessarily in their columns.
    pub packed: bool,
    /// What the line is.
    pub kind: RowKind,
}

/// What a line is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// Empty, whitespace, or stray punctuation.
    Blank,
    /// A horizontal rule or markdown separator row.
    Rule,
    /// A table-of-contents entry ("部门预算收支总表 ..... 1").
    Toc,
    /// A single line of text: a title or prose.
    Text(String),
    /// A meta line: one or more key/value items.
    Meta(Vec<MetaItem>),
    /// A note (注：, 说明：, 备注：).
    Note(String),
    /// A row of two or more cells.
    Cells,
}

impl Row {
    /// The text of a Text row.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            RowKind::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The non-empty cells with their positions.
    pub fn filled(&self) -> impl Iterator<Item = (usize, &str)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, c.as_str()))
    }

    /// The cells cleaned of stray spaces, trailing empty cells dropped: what two printings
    /// of the same header row have in common.
    pub fn signature(&self) -> Vec<String> {
        let mut sig: Vec<String> = self.cells.iter().map(|c| text::clean(c)).collect();
        while sig.last().is_some_and(String::is_empty) {
            sig.pop();
        }
        sig
    }
}

/// Classifies the lines of either front end, in their order, each keeping its number.
pub fn classify(lines: Vec<Line>) -> Vec<Row> {
    let mut rows: Vec<Row> = lines
        .into_iter()
        .map(|l| Row {
            line: l.number,
            page: l.page,
            kind: kind_of(&l.cells, l.separator),
            packed: l.separator == Separator::Packed,
            boxes: l.boxes,
            cells: l.cells,
        })
        .collect();
    join_wrapped_units(&mut rows);
    rows
}

fn kind_of(cells: &[String], sep: Separator) -> RowKind {
    if cells.iter().all(|c| is_punctuation_only(c)) {
        return RowKind::Blank;
    }
    if cells::is_rule(cells) {
        return RowKind::Rule;
    }
    let filled: Vec<&str> = cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    if sep == Separator::None || (filled.len() == 1 && cells[0] == filled[0]) {
        let t = text::strip_markdown(filled[0]);
        if sep != Separator::None && !is_note(t) && parse_meta(t).is_none() {
            return if is_toc(t) {
                RowKind::Toc
            } else {
                RowKind::Cells
            };
        }
        return single_line_kind(t);
    }
    if is_toc(filled[0]) {
        return RowKind::Toc;
    }
    let metas: Option<Vec<Vec<MetaItem>>> = filled.iter().map(|c| parse_meta(c)).collect();
    match metas {
        Some(items) => RowKind::Meta(items.into_iter().flatten().collect()),
        None => RowKind::Cells,
    }
}

fn single_line_kind(t: &str) -> RowKind {
    if is_punctuation_only(t) {
        RowKind::Blank
    } else if is_toc(t) {
        RowKind::Toc
    } else if is_note(t) {
        RowKind::Note(text::clean(t))
    } else if let Some(items) = parse_meta(t) {
        RowKind::Meta(items)
    } else {
        RowKind::Text(text::clean(t))
    }
}

fn is_punctuation_only(c: &str) -> bool {
    c.chars()
        .all(|ch| ch.is_whitespace() || matches!(ch, ':' | '.' | '。' | ',' | '、' | ';' | '|'))
}

static TOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^.…·\s].*(\.{4,}|…{2,}|·{4,})\s*\d*\s*$").expect("valid regex"));
static NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(注|说明|备注|附注)\s*\d*\s*:").expect("valid regex"));
fn is_toc(t: &str) -> bool {
    TOC.is_match(t)
}

fn is_note(t: &str) -> bool {
    NOTE.is_match(t)
}

/// "单位：万" at the end of one line and "元" alone on the next is one unit, 万元.
fn join_wrapped_units(rows: &mut [Row]) {
    for i in 0..rows.len() {
        let RowKind::Meta(items) = &rows[i].kind else {
            continue;
        };
        if !items
            .last()
            .is_some_and(|m| m.key == "unit" && m.value == "万")
        {
            continue;
        }
        let Some(next) = (i + 1..rows.len()).find(|&j| rows[j].kind != RowKind::Blank) else {
            continue;
        };
        if rows[next].text() == Some("元") {
            rows[next].kind = RowKind::Blank;
            if let RowKind::Meta(items) = &mut rows[i].kind {
                if let Some(unit) = items.last_mut() {
                    unit.value = "万元".to_string();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> RowKind {
        let (cells, separator) = cells::split(&text::normalize(line));
        kind_of(&cells, separator)
    }

    fn classify_lines(text: &str) -> Vec<Row> {
        classify(crate::text::lines(text))
    }

    fn meta(items: &[(&'static str, &str)]) -> RowKind {
        RowKind::Meta(
            items
                .iter()
                .map(|&(key, v)| MetaItem {
                    key,
                    value: v.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn kinds() {
        assert_eq!(kind(""), RowKind::Blank);
        assert_eq!(kind(":"), RowKind::Blank);
        assert_eq!(kind("\t\t"), RowKind::Blank);
        assert_eq!(kind("| | | |"), RowKind::Blank);
        assert_eq!(kind("|---|---|"), RowKind::Rule);
        assert_eq!(kind("部门预算收支总表 .....\t1"), RowKind::Toc);
        assert_eq!(kind("| 一、总体绩效目标..... | 2 |"), RowKind::Toc);
        assert_eq!(kind("………\t…\t\t"), RowKind::Cells);
        assert_eq!(
            kind("# 部门预算收支总表"),
            RowKind::Text("部门预算收支总表".into())
        );
        assert_eq!(kind("收入\t\t支出\t"), RowKind::Cells);
        assert_eq!(
            kind("注：无政府基金预算财政拨款预算，空表列示。"),
            RowKind::Note("注:无政府基金预算财政拨款预算,空表列示。".into())
        );
    }

    #[test]
    fn meta_lines() {
        assert_eq!(kind("部门名称：信访局"), meta(&[("department", "信访局")]));
        assert_eq!(kind("单位：万元"), meta(&[("unit", "万元")]));
        assert_eq!(kind("单位: 万元"), meta(&[("unit", "万元")]));
        assert_eq!(kind("预算年度：2024"), meta(&[("year", "2024")]));
        assert_eq!(kind("(2023 年度)"), meta(&[("year", "2023")]));
        assert_eq!(kind("公开08表"), meta(&[("label", "公开08表")]));
        assert_eq!(
            kind("## 543 信访局（市委群工部）"),
            meta(&[("entity", "543 信访局(市委群工部)")])
        );
        assert_eq!(
            kind("543 信访局（市委群工部） 预算年度：2024 单位：万元"),
            meta(&[
                ("entity", "543 信访局(市委群工部)"),
                ("year", "2024"),
                ("unit", "万元")
            ])
        );
        assert_eq!(
            kind("2023 年部门支出预算表"),
            RowKind::Text("2023年部门支出预算表".into())
        );
        assert_eq!(kind("单位：个"), RowKind::Text("单位:个".into()));
        // A code joined to an organisation's name by a hyphen is an entity line; joined
        // to a subject's name, it is a row's key.
        assert_eq!(
            kind("606-湖州市交通运输局\t单位:万元"),
            meta(&[("entity", "606 湖州市交通运输局"), ("unit", "万元")])
        );
        assert_eq!(
            kind("2080505-机关事业单位基本养老保险缴费"),
            RowKind::Text("2080505-机关事业单位基本养老保险缴费".into())
        );
    }

    #[test]
    fn form_feeds_number_pages() {
        let rows = classify_lines("a\n\u{c}b\nc\u{c}\nd\n");
        let pages: Vec<Option<u32>> = rows.iter().map(|r| r.page).collect();
        assert_eq!(pages, [Some(1), Some(2), Some(2), Some(3)]);
        assert_eq!(rows[1].kind, RowKind::Text("b".into()));
        assert_eq!(classify_lines("a\nb")[1].page, None);
    }

    #[test]
    fn unit_wrapped_over_two_lines() {
        let rows = classify_lines("单位：万\n元\n");
        assert_eq!(rows[0].kind, meta(&[("unit", "万元")]));
        assert_eq!(rows[1].kind, RowKind::Blank);
    }
}
