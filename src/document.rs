//! The document as a whole: its department, year and phase, and its tables.

use std::sync::LazyLock;

use regex::Regex;

use crate::line::PrintedAmount;
use crate::model::{Document, Finding, Phase, Severity};
use crate::recognise::{
    self,
    rows::{self, Row, RowKind},
};
use crate::validate::ProseLine;

/// Widest row read as a table row; anything wider is not a budget table.
pub const MAX_CELLS: usize = 256;

static COVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)(\d{4})年度?(部门|单位)?(预算|决算)").expect("valid regex")
});
static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十]+部分").expect("valid regex"));
static ORG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\s,。:]{2,30}(局|委|办|部|院|中心|会|厅|所|站|队|馆|处|室|公司|政府|本级)(\([^)]*\))?$")
        .expect("valid regex")
});

/// Runs the text stages on decoded text.
pub fn build(text: &str, source: &str, encoding: &str) -> Document {
    let lines = crate::text::lines(text);
    let pages = lines.iter().filter_map(|l| l.page).max();
    let printed = crate::text::printed_amounts(&lines);
    from_rows(
        &mut rows::classify(lines),
        pages,
        &printed,
        Vec::new(),
        source,
        encoding,
    )
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
    let texts: Vec<&Row> = rows.iter().filter(|r| r.text().is_some()).collect();
    let (cover_department, cover_year) = cover(&texts);
    let department = cover_department.or_else(|| {
        let meta = tables.iter().flat_map(|t| &t.meta);
        meta.clone()
            .find(|m| m.key == "department")
            .map(|m| m.value.clone())
            .or_else(|| {
                meta.clone()
                    .find(|m| m.key == "entity")
                    .map(|m| strip_code(&m.value))
            })
    });
    let year = cover_year.or_else(|| {
        tables
            .iter()
            .flat_map(|t| &t.meta)
            .find(|m| m.key == "year")
            .and_then(|m| m.value.parse().ok())
    });
    let phase = texts
        .iter()
        .filter_map(|r| r.text())
        .chain(tables.iter().filter_map(|t| t.title.as_deref()))
        .find_map(|t| {
            if t.contains("决算") {
                Some(Phase::FinalAccounts)
            } else if t.contains("预算") {
                Some(Phase::Budget)
            } else {
                None
            }
        });
    let mut doc = Document {
        source: source.to_string(),
        encoding: encoding.to_string(),
        department,
        year,
        phase,
        pages,
        tables,
        findings,
        coverage: Default::default(),
    };
    crate::schema::normalise(&mut doc);
    let prose: Vec<ProseLine> = rows
        .iter()
        .filter_map(|r| {
            r.text().map(|t| ProseLine {
                line: r.line,
                text: t.to_string(),
            })
        })
        .collect();
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

/// The department and year from a cover line such as "焦作市信访局 2023 年度部门预算",
/// or from two lines, the department alone above "2023 年度部门预算".
fn cover(texts: &[&Row]) -> (Option<String>, Option<u16>) {
    // A cover may break its title over lines: try each line, then it with the next two.
    let candidates = (0..texts.len()).flat_map(|i| {
        (1..=3)
            .filter(move |n| i + n <= texts.len())
            .map(move |n| (i, n))
    });
    for (i, n) in candidates {
        let t: String = texts[i..i + n].iter().filter_map(|r| r.text()).collect();
        let t = PART.replace(&t, "");
        let Some(c) = COVER.captures(&t) else {
            continue;
        };
        let year = c[2].parse().ok();
        let named = c[1].trim();
        if ORG.is_match(named) {
            return (Some(named.to_string()), year);
        }
        let above = i
            .checked_sub(1)
            .and_then(|j| texts[j].text())
            .filter(|a| ORG.is_match(a));
        if let Some(a) = above.filter(|_| named.is_empty()) {
            return (Some(a.to_string()), year);
        }
        if named.is_empty() {
            return (None, year);
        }
    }
    (None, None)
}

fn strip_code(entity: &str) -> String {
    entity
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(d.findings[0].rule, "row_too_wide");
    }
}
