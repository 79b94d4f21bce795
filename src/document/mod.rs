//! The document as a whole: its department, year and phase, and its tables.

use std::borrow::Cow;

use crate::line::PrintedAmount;
use crate::model::{Document, Finding, Severity};
use crate::recognise::{
    self,
    rows::{self, Row, RowKind},
};
use crate::validate::ProseLine;

mod contents;
mod metadata;
use metadata::TextLine;

/// Widest row read as a table row; anything wider is not a budget table.
pub const MAX_CELLS: usize = 256;

/// Runs the text stages on decoded text.
pub fn build(text: &str, source: &str, encoding: &str) -> Document {
    let lines = crate::text::lines(text);
    crate::deadline::check();
    let pages = lines.iter().filter_map(|l| l.page).max();
    let printed = crate::text::printed_amounts(&lines);
    let mut rows = rows::classify(lines);
    crate::deadline::check();
    from_rows(&mut rows, pages, &printed, Vec::new(), source, encoding)
}

/// Runs the stages after classification; `findings` holds what the front end found.
pub fn from_rows(
    rows: &mut [Row],
    pages: Option<u32>,
    printed: &[PrintedAmount],
    mut findings: Vec<Finding>,
    source: &str,
    encoding: &str,
) -> Document {
    for r in rows
        .iter_mut()
        .filter(|r| r.kind == RowKind::Cells && r.cells.len() > MAX_CELLS)
    {
        findings.push(Finding {
            severity: Severity::Warning,
            rule: "row_too_wide".to_string(),
            message: format!(
                "{} cells on one line; read as text, not as a table row",
                r.cells.len()
            ),
            table: None,
            line: Some(r.line),
            column: None,
            ..Default::default()
        });
        r.kind = RowKind::Text(crate::text::clean(&r.cells.join(" ")));
    }
    let tables = recognise::tables(rows, &mut findings);
    crate::deadline::check();
    // A cover's "2026 年度" line on its own is a meta line (a year); it is part of the
    // cover's title all the same.
    let texts: Vec<TextLine> = rows
        .iter()
        .filter_map(|r| {
            let text = match &r.kind {
                RowKind::Text(t) => Cow::Borrowed(t.as_str()),
                RowKind::Meta(_) => Cow::Owned(r.cells.concat()),
                _ => return None,
            };
            Some(TextLine {
                text,
                line: r.line,
                page: r.page,
            })
        })
        .collect();
    let page_of = |line: usize| rows.get(line.wrapping_sub(1)).and_then(|r| r.page);
    let meta = metadata::read(&texts, &tables, &page_of);
    findings.extend(metadata::missing(&meta));
    let mut doc = Document {
        source: source.to_string(),
        encoding: encoding.to_string(),
        department: meta.department,
        year: meta.year,
        phase: meta.phase,
        level: meta.level,
        evidence: meta.evidence,
        pages,
        contents: contents::listed(rows),
        tables,
        findings,
        coverage: Default::default(),
    };
    crate::schema::normalise(&mut doc);
    crate::deadline::check();
    // Rows whose own table could not place their amounts, by the document's others
    // (this needs the subjects' codes and the columns' keys that the schema gives).
    recognise::place_by_other_tables(&mut doc);
    let prose: Vec<ProseLine> = rows
        .iter()
        .filter_map(|r| {
            r.text().map(|t| ProseLine {
                line: r.line,
                text: t.to_string(),
            })
        })
        .collect();
    crate::deadline::check();
    crate::validate::validate(&mut doc, &prose, printed);
    // A finding about a line is also about that line's page.
    for f in doc.findings.iter_mut().filter(|f| f.page.is_none()) {
        f.page = f
            .line
            .and_then(|l| rows.get(l.wrapping_sub(1)))
            .and_then(|r| r.page);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phase;

    fn doc(text: &str) -> Document {
        build(text, "t", "UTF-8")
    }

    #[test]
    fn a_finding_about_a_line_is_on_that_line_s_page() {
        let wide = vec!["1"; MAX_CELLS + 1].join("\t");
        let d = doc(&format!("封面\n\u{c}{wide}\n"));
        let f = d
            .findings
            .iter()
            .find(|f| f.rule == "row_too_wide")
            .unwrap();
        assert_eq!((f.line, f.page), (Some(2), Some(2)));
    }

    #[test]
    fn department_and_year_from_a_two_line_cover() {
        let d = doc("\n焦作市信访局\n2023 年度部门预算\n");
        assert_eq!(
            (d.department.as_deref(), d.year, d.phase),
            (Some("焦作市信访局"), Some(2023), Some(Phase::Budget))
        );
    }

    #[test]
    fn department_and_year_from_one_line() {
        let d = doc("中共上海市普陀区委社会工作部 2024 年度部门决算\n");
        assert_eq!(
            d.department.as_deref(),
            Some("中共上海市普陀区委社会工作部")
        );
        assert_eq!((d.year, d.phase), (Some(2024), Some(Phase::FinalAccounts)));
    }

    #[test]
    fn department_from_an_entity_line_when_the_cover_has_none() {
        let d = doc(
            "# 2024 年部门预算信息公开目录\n\n# 收支总表\n543 信访局（市委群工部）\n单位：万元\n项目\t金额\n合计\t1.00\n",
        );
        assert_eq!(
            (d.department.as_deref(), d.year),
            (Some("信访局(市委群工部)"), Some(2024))
        );
    }

    #[test]
    fn overly_wide_rows_are_text_with_a_finding() {
        let d = doc(&format!("表\n{}\n", vec!["1.00"; MAX_CELLS + 1].join("\t")));
        assert!(d.tables.is_empty());
        assert!(d.findings.iter().any(|f| f.rule == "row_too_wide"));
    }
}
