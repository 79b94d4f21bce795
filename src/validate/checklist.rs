//! The 目录 as a checklist: every table it lists is found, printed empty, or missing.
//! The 目录 is the one the document stage read from its lines or, where there is none,
//! a 目录 printed as a table (报表名称, 是否空表).
//!
//! Each entry is matched to one table: first one whose title is the entry's name, then
//! one whose title contains it (or is contained in it) and whose kind agrees, then, in
//! order, the next table of the entry's kind. An entry left over is printed empty when
//! a line of the document says so of a table of its kind ("本部门无政府性基金预算拨款收入,
//! 故政府性基金预算支出表为空表"): a `table_empty` note. Otherwise it is `table_missing`.
//! A document with no table at all whose 目录 lists tables is a text part whose tables are
//! published apart: one `tables_absent` note instead of a finding per table. A document
//! with no 目录 that prints most of the standard family is checked against that family.

use std::sync::LazyLock;

use regex::Regex;

use super::ProseLine;
use crate::model::{ContentsEntry, Document, Finding, Severity, TableKind};
use crate::schema::kind_of;

/// What a document says of a table it prints empty.
static EMPTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"空表|无此项|无数据|没有数据|无相关数据|未安排|没有安排|没有使用|未使用|不涉及|(本|我)(部门|单位)(\d{4}年度?)?无")
        .expect("valid regex")
});
/// The year in a title, which a 目录 may leave out.
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(19|20)\d{2}年度?").expect("valid regex"));

/// The tables every 部门预算 and 部门决算 has had since 2017 (国有资本经营 came later).
const STANDARD_FAMILY: [TableKind; 8] = [
    TableKind::IncomeExpenditureSummary,
    TableKind::Income,
    TableKind::Expenditure,
    TableKind::FiscalAppropriationSummary,
    TableKind::GeneralPublicBudgetExpenditure,
    TableKind::BasicExpenditure,
    TableKind::ThreePublic,
    TableKind::GovernmentFund,
];
/// How many of the family a document must print to be a disclosure of the family (not a
/// performance-target document or a single table).
const FAMILY_QUORUM: usize = 4;

/// With no 目录, the standard family is the checklist, for a document that prints enough
/// of it to be one of its disclosures: a kind missing is a `table_missing` note.
fn standard_family(doc: &Document, out: &mut Vec<Finding>) {
    let has = |k: TableKind| doc.tables.iter().any(|t| t.kind == k);
    let printed = STANDARD_FAMILY.iter().filter(|k| has(**k)).count();
    if printed < FAMILY_QUORUM {
        return;
    }
    for kind in STANDARD_FAMILY.iter().filter(|k| !has(**k)) {
        out.push(Finding {
            severity: Severity::Info,
            rule: "table_missing".to_string(),
            message: format!(
                "no 目录 lists the document's tables, and it prints no {} table, which the \
                 standard family of a 部门预算/决算 has",
                kind.as_str()
            ),
            row: Some(kind.as_str().to_string()),
            ..Default::default()
        });
    }
}

/// A test of whether table `i` is the one an entry (its name and kind) lists.
type Pass<'a> = &'a dyn Fn(usize, &str, TableKind) -> bool;

/// How many pairs of neighbouring characters two names share.
fn shared_pairs(a: &str, b: &str) -> usize {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let theirs = pairs(b);
    pairs(a).iter().filter(|p| theirs.contains(p)).count()
}

/// Matches the 目录's entries to the tables and adds the findings.
pub fn check(doc: &mut Document, prose: &[ProseLine], out: &mut Vec<Finding>) {
    // A 目录 printed as a table says which tables are empty (是否空表) and why.
    let mut said_empty_in_contents: Vec<Option<String>> = Vec::new();
    if doc.contents.is_empty() {
        for r in doc
            .tables
            .iter()
            .filter(|t| t.kind == TableKind::Contents)
            .flat_map(|t| &t.records)
        {
            let Some(title) = r.name.clone() else {
                continue;
            };
            let cell = |word: &str| {
                r.values
                    .iter()
                    .find(|v| v.column.contains(word))
                    .map(|v| v.printed.trim().to_string())
            };
            let empty = cell("空表").filter(|v| v == "是").map(|_| {
                cell("理由").map_or("是否空表: 是".to_string(), |why| {
                    format!("是否空表: 是, {why}")
                })
            });
            said_empty_in_contents.push(empty);
            doc.contents.push(ContentsEntry {
                title,
                page: r.page,
                line: r.line,
                kind: TableKind::Other,
                table: None,
            });
        }
    }
    if doc.contents.is_empty() {
        standard_family(doc, out);
        return;
    }
    said_empty_in_contents.resize(doc.contents.len(), None);
    for e in &mut doc.contents {
        e.kind = kind_of(Some(&e.title));
    }
    if doc.tables.is_empty() {
        let first = &doc.contents[0];
        out.push(Finding {
            severity: Severity::Info,
            rule: "tables_absent".to_string(),
            message: format!(
                "the 目录 lists {} tables and the document prints none: a text part whose \
                 tables are published apart?",
                doc.contents.len()
            ),
            line: Some(first.line),
            page: first.page,
            ..Default::default()
        });
        return;
    }
    let name = |t: &str| -> String {
        let t: String = t.split_whitespace().collect();
        YEAR.replace_all(&t, "").into_owned()
    };
    let titles: Vec<Option<String>> = doc
        .tables
        .iter()
        .map(|t| t.title.as_deref().map(name))
        .collect();
    let mut used: Vec<bool> = doc
        .tables
        .iter()
        .map(|t| t.kind == TableKind::Contents)
        .collect();
    let entries: Vec<(String, TableKind)> = doc
        .contents
        .iter()
        .map(|e| (name(&e.title), e.kind))
        .collect();
    let passes: [Pass; 3] = [
        &|i, n, _| titles[i].as_deref() == Some(n),
        &|i, n, kind| {
            doc.tables[i].kind == kind
                && titles[i]
                    .as_deref()
                    .is_some_and(|t| t.contains(n) || n.contains(t))
        },
        &|i, _, kind| kind != TableKind::Other && doc.tables[i].kind == kind,
    ];
    let mut found: Vec<Option<usize>> = vec![None; entries.len()];
    for pass in passes {
        for (e, (n, kind)) in entries.iter().enumerate() {
            if found[e].is_some() {
                continue;
            }
            // Of the tables that pass, the one whose title shares most with the entry.
            let best = (0..doc.tables.len())
                .filter(|&i| !used[i] && pass(i, n, *kind))
                .max_by_key(|&i| {
                    (
                        shared_pairs(n, titles[i].as_deref().unwrap_or("")),
                        std::cmp::Reverse(i),
                    )
                });
            if let Some(i) = best {
                used[i] = true;
                found[e] = Some(i);
            }
        }
    }
    for ((e, table), listed_empty) in doc
        .contents
        .iter_mut()
        .zip(found)
        .zip(said_empty_in_contents)
    {
        e.table = table;
        if table.is_some() {
            continue;
        }
        let said_empty = listed_empty.map(|why| (e.line, why)).or_else(|| {
            (e.kind != TableKind::Other)
                .then(|| {
                    // The shortest such line says it most directly.
                    prose
                        .iter()
                        .filter(|p| EMPTY.is_match(&p.text) && kind_of(Some(&p.text)) == e.kind)
                        .min_by_key(|p| p.text.chars().count())
                })
                .flatten()
                .map(|p| (p.line, p.text.clone()))
        });
        out.push(match said_empty {
            Some((line, why)) => Finding {
                severity: Severity::Info,
                rule: "table_empty".to_string(),
                message: format!(
                    "the 目录 lists {}; the document prints no table for it and says: {why}",
                    e.title
                ),
                line: Some(line),
                row: Some(e.title.clone()),
                ..Default::default()
            },
            None => Finding {
                severity: Severity::Warning,
                rule: "table_missing".to_string(),
                message: format!(
                    "the 目录 lists {}, and no table of the document is it",
                    e.title
                ),
                line: Some(e.line),
                page: e.page,
                row: Some(e.title.clone()),
                ..Default::default()
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Document, TableKind};

    fn rules(doc: &Document) -> Vec<(&str, Option<&str>)> {
        doc.findings
            .iter()
            .filter(|f| f.rule.starts_with("table"))
            .map(|f| (f.rule.as_str(), f.row.as_deref()))
            .collect()
    }

    #[test]
    fn each_listed_table_is_found_empty_or_missing() {
        let text = "目录\n一、收支总表\n二、政府性基金预算支出表\n三、项目支出表\n\n收支总表\n项目\t金额\n合计\t1.00\n\n本部门无政府性基金预算拨款收入，故政府性基金预算支出表为空表。\n";
        let doc = crate::parse_str(text, "t.txt");
        let kinds: Vec<(TableKind, Option<usize>)> =
            doc.contents.iter().map(|e| (e.kind, e.table)).collect();
        assert_eq!(
            kinds,
            [
                (TableKind::IncomeExpenditureSummary, Some(0)),
                (TableKind::GovernmentFund, None),
                (TableKind::ProjectExpenditure, None),
            ]
        );
        assert_eq!(
            rules(&doc),
            [
                ("table_missing", Some("项目支出表")),
                ("table_empty", Some("政府性基金预算支出表")),
            ]
        );
    }

    #[test]
    fn of_two_tables_of_a_kind_the_one_named_alike_is_matched() {
        let text = "目录\n一、部门整体支出绩效目标表\n二、专项资金总体绩效目标表\n\n专项资金总体支出绩效目标表\n指标\t值\n产出\t1.00\n\n部门整体支出绩效目标表\n指标\t值\n产出\t2.00\n";
        let doc = crate::parse_str(text, "t.txt");
        let tables: Vec<Option<usize>> = doc.contents.iter().map(|e| e.table).collect();
        assert_eq!(tables, [Some(1), Some(0)]);
    }

    #[test]
    fn a_text_part_without_tables_is_one_note() {
        let text = "目录\n一、收支总表\n二、收入总表\n\n说明文字。\n";
        let doc = crate::parse_str(text, "t.txt");
        assert_eq!(
            doc.findings
                .iter()
                .filter(|f| f.rule.starts_with("table"))
                .map(|f| f.rule.as_str())
                .collect::<Vec<_>>(),
            ["tables_absent"]
        );
    }

    #[test]
    fn without_a_contents_the_standard_family_is_the_checklist() {
        let table = |title: &str| format!("{title}\n项目\t金额\n合计\t1.00\n\n");
        let text: String = ["收支总表", "收入总表", "支出总表", "财政拨款收支总表"]
            .iter()
            .map(|t| table(t))
            .collect();
        let doc = crate::parse_str(&text, "t.txt");
        let missing: Vec<&str> = doc
            .findings
            .iter()
            .filter(|f| f.rule == "table_missing")
            .filter_map(|f| f.row.as_deref())
            .collect();
        assert_eq!(
            missing,
            [
                "general_public_budget_expenditure",
                "basic_expenditure",
                "three_public",
                "government_fund"
            ]
        );
    }
}
