//! The annotated listing: each line with its number, class, cells and placements.

use std::fmt::Write;

use super::{Placements, is_printed_amount};
use crate::model::Document;
use crate::recognise::rows::{self, Row, RowKind};

/// The annotated listing of a decoded text: a line per source line with its number, its
/// class (blank, rule, toc, text, meta, note, cells), its cells separated by ` │ ` (an
/// empty cell is `·`), and after each cell placed as a value `⟨T<table> <column path>⟩`.
/// A flag column says `h` for a row of a table that gave no record (a header) and `!`
/// for a row with an amount that was not placed; the amount itself is marked `!`.
/// Lines mark where pages and tables begin and end.
///
/// ```
/// let listing = yusuan::debug::annotate_str("支出表\n项目\t金额\n办公费\t4.52\n", "t.txt");
/// assert!(listing.contains("4.52 ⟨T0 金额⟩"));
/// ```
pub fn annotate_str(text: &str, source: &str) -> String {
    let rows = rows::classify(crate::text::lines(text));
    let doc = crate::document::build(text, source, "UTF-8");
    listing(&rows, &doc)
}

/// The listing of classified rows and the document read from them.
pub(super) fn listing(rows: &[Row], doc: &Document) -> String {
    let placements = Placements::of(doc);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: {} lines, {} tables, {} findings",
        doc.source,
        rows.len(),
        doc.tables.len(),
        doc.findings.len()
    );
    out.push_str(
        "# line class flag cells; flag h = table row without a record (header), \
         ! = amount not placed; ⟨T<table> <column>⟩ = placed value\n",
    );
    let unplaced_findings: Vec<usize> = doc
        .findings
        .iter()
        .filter(|f| f.rule == "amount_unplaced")
        .filter_map(|f| f.line)
        .collect();
    // Where each table starts and ends in the listing: its first and last row within its
    // lines (a text front end may have put lines in reading order, out of number order).
    let within = |t: &crate::model::Table, r: &Row| t.lines.0 <= r.line && r.line <= t.lines.1;
    let bounds: Vec<Option<(usize, usize)>> = doc
        .tables
        .iter()
        .map(|t| {
            let first = rows.iter().position(|r| within(t, r))?;
            let last = rows.iter().rposition(|r| within(t, r))?;
            Some((first, last))
        })
        .collect();
    let mut page = None;
    for (k, row) in rows.iter().enumerate() {
        if row.page.is_some() && row.page != page {
            page = row.page;
            let _ = writeln!(out, "── page {} ──", row.page.unwrap_or_default());
        }
        for (i, t) in doc.tables.iter().enumerate() {
            if bounds[i].is_some_and(|b| b.0 == k) {
                let title = t.title.as_deref().unwrap_or("(untitled)");
                let _ = writeln!(
                    out,
                    "── table {i} · {} · {title} (lines {}–{}) ──",
                    t.kind.as_str(),
                    t.lines.0,
                    t.lines.1
                );
            }
        }
        let placed = placements.cells(row);
        let mut unplaced = false;
        let cells: Vec<String> = row
            .cells
            .iter()
            .zip(&placed)
            .map(|(cell, value)| match value {
                _ if cell.trim().is_empty() => "·".to_string(),
                Some((t, v)) => format!("{cell} ⟨T{t} {}⟩", v.column),
                None if row.kind == RowKind::Cells && is_printed_amount(cell) => {
                    unplaced = true;
                    format!("!{cell}")
                }
                None => cell.clone(),
            })
            .collect();
        let flag = if unplaced || unplaced_findings.contains(&row.line) {
            '!'
        } else if placements.is_header(doc, row) {
            'h'
        } else {
            ' '
        };
        let body = match &row.kind {
            RowKind::Blank => String::new(),
            _ => cells.join(" │ "),
        };
        let line = format!("{:>5} {:<5} {flag} {body}", row.line, class(&row.kind));
        let _ = writeln!(out, "{}", line.trim_end());
        for (i, b) in bounds.iter().enumerate() {
            if b.is_some_and(|b| b.1 == k) {
                let _ = writeln!(out, "── end of table {i} ──");
            }
        }
    }
    out
}

fn class(kind: &RowKind) -> &'static str {
    match kind {
        RowKind::Blank => "blank",
        RowKind::Rule => "rule",
        RowKind::Toc => "toc",
        RowKind::Text(_) => "text",
        RowKind::Meta(_) => "meta",
        RowKind::Note(_) => "note",
        RowKind::Cells => "cells",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "2023年部门收支预算表\n单位：万元\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n\
                        一、一般公共预算\t931.95\t一、一般公共服务\t781.06\n\n说明文字\n";

    fn lines_of(listing: &str) -> Vec<&str> {
        listing.lines().filter(|l| !l.starts_with('#')).collect()
    }

    #[test]
    fn each_line_with_number_class_and_cells() {
        let listing = annotate_str(TEXT, "t.txt");
        let lines = lines_of(&listing);
        assert_eq!(
            lines,
            [
                "── table 0 · income_expenditure_summary · 2023年部门收支预算表 (lines 1–5) ──",
                "    1 text    2023年部门收支预算表",
                "    2 meta    单位:万元",
                "    3 cells h 收入 │ · │ 支出 │ ·",
                "    4 cells h 项目 │ 金额 │ 项目 │ 金额",
                "    5 cells   一、一般公共预算 │ 931.95 ⟨T0 收入/金额⟩ │ 一、一般公共服务 │ \
                 781.06 ⟨T0 支出/金额⟩",
                "── end of table 0 ──",
                "    6 blank",
                "    7 text    说明文字",
            ]
        );
    }

    #[test]
    fn an_amount_that_was_not_placed_is_flagged() {
        let text = "支出表\n项目\t金额\n办公费\t1,095.72\n";
        let rows = rows::classify(crate::text::lines(text));
        let mut doc = crate::document::build(text, "t.txt", "UTF-8");
        doc.tables[0].records[0].values.clear();
        let listing = listing(&rows, &doc);
        assert_eq!(lines_of(&listing)[3], "    3 cells ! 办公费 │ !1,095.72");
    }

    #[test]
    fn pages_are_marked() {
        let listing = annotate_str("甲\n\u{c}乙\n", "t.txt");
        assert_eq!(
            lines_of(&listing),
            [
                "── page 1 ──",
                "    1 text    甲",
                "── page 2 ──",
                "    2 text    乙"
            ]
        );
    }

    #[test]
    fn an_empty_text_lists_nothing() {
        assert_eq!(lines_of(&annotate_str("", "t.txt")), Vec::<&str>::new());
    }
}
