//! The long format: one line per value, with everything needed to use it on its own.
//!
//! This is a public interface (`yusuan --format csv|jsonl`): the fields and their order
//! are fixed, and documented in the README.

use serde::Serialize;

use std::collections::HashSet;

use crate::model::{Document, Record, RecordKind, Table, ValueKind};

/// The long format's field names, in CSV column order: the header a CSV export writes
/// even when a document has no values.
pub const LONG_FORMAT_FIELDS: [&str; 22] = [
    "document",
    "page",
    "line",
    "table",
    "table_kind",
    "phase",
    "year",
    "department",
    "row",
    "subject_scheme",
    "subject_code",
    "subject_level",
    "subject_name",
    "column",
    "column_key",
    "value",
    "unit",
    "record_kind",
    "top_level",
    "value_kind",
    "amount",
    "printed",
];

/// One value in long format. Field order is the CSV column order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongRow {
    /// The document's source name.
    pub document: String,
    /// The page, for PDF input (empty for text).
    pub page: Option<u32>,
    /// The source line.
    pub line: usize,
    /// The table's printed title, whitespace removed (empty for an untitled table).
    pub table: String,
    /// The table's kind (`expenditure`, `three_public` …).
    pub table_kind: String,
    /// `budget` or `final_accounts`.
    pub phase: Option<String>,
    /// The budget year.
    pub year: Option<u16>,
    /// The department.
    pub department: Option<String>,
    /// The row's printed label: its name, or its code when it has none.
    pub row: Option<String>,
    /// The subject's classification scheme.
    pub subject_scheme: Option<String>,
    /// The subject's code.
    pub subject_code: Option<String>,
    /// `class`, `section` or `item` (类/款/项).
    pub subject_level: Option<String>,
    /// The catalog's name for the subject, or the printed one when it has no code.
    pub subject_name: Option<String>,
    /// The printed header path, labels joined with '/'.
    pub column: String,
    /// The column's canonical key.
    pub column_key: Option<String>,
    /// The value: a decimal as printed without thousands separators, or the printed text.
    pub value: String,
    /// The table's unit.
    pub unit: Option<String>,
    /// The row's role: `item`, `total` (合计/总计) or `subtotal` (小计). Sum items only.
    pub record_kind: String,
    /// Whether the row is at its table's top level, so that summing the table's
    /// `top_level` rows counts each amount once: an item whose 类/款 is not printed in the
    /// table (a 类 row, or a 项 of a table that prints no 款), never a total, nor a
    /// unit's row over coded rows; in a table without codes, every item but a first one
    /// that repeats the total row above its units.
    pub top_level: bool,
    /// What the cell holds: `amount`, `percent`, `text` or `dash` (a dash for nothing).
    pub value_kind: String,
    /// The amount of an `amount` cell, exact, without separators; empty otherwise.
    pub amount: Option<String>,
    /// The cell exactly as printed.
    pub printed: String,
}

/// Every value of the document, in long format, in document order.
pub fn long_format(doc: &Document) -> Vec<LongRow> {
    let phase = doc.phase.map(|p| p.as_str().to_string());
    let mut rows = Vec::new();
    for t in &doc.tables {
        let table: String = t
            .title
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let table_kind = t.kind.as_str().to_string();
        let top = top_level(t);
        for (r, &top_level) in t.records.iter().zip(&top) {
            let subject = r.subject.as_ref();
            for v in &r.values {
                let value = match (v.kind, v.amount) {
                    (ValueKind::Amount, Some(a)) => a.to_string(),
                    _ => v.printed.trim().to_string(),
                };
                rows.push(LongRow {
                    document: doc.source.clone(),
                    page: v.page,
                    line: v.line,
                    table: table.clone(),
                    table_kind: table_kind.clone(),
                    phase: phase.clone(),
                    year: doc.year,
                    department: doc.department.clone(),
                    row: r.name.clone().or_else(|| r.code.clone()),
                    subject_scheme: subject.map(|s| s.scheme.as_str().to_string()),
                    subject_code: subject.and_then(|s| s.code.clone()),
                    subject_level: subject
                        .and_then(|s| s.level)
                        .map(|l| l.as_str().to_string()),
                    subject_name: subject
                        .and_then(|s| s.canonical_name.clone().or_else(|| s.name.clone())),
                    column: v.column.clone(),
                    column_key: t
                        .columns
                        .get(v.col)
                        .filter(|c| c.path == v.column)
                        .and_then(|c| c.canonical.clone()),
                    value,
                    unit: t.unit.clone(),
                    record_kind: r.kind.as_str().to_string(),
                    top_level,
                    value_kind: v.kind.as_str().to_string(),
                    amount: v
                        .amount
                        .filter(|_| v.kind == ValueKind::Amount)
                        .map(|a| a.to_string()),
                    printed: v.printed.clone(),
                });
            }
        }
    }
    rows
}

/// In a group without codes, the first item row when it repeats the group's total row
/// in every value and other items follow: a department's row over its units ("西安市民政局"
/// over its own and each subordinate unit's row), which the printed total shows to be
/// their sum, not one more part.
fn repeated_totals(t: &Table, coded_groups: &HashSet<usize>) -> HashSet<usize> {
    let mut found = HashSet::new();
    let groups: HashSet<usize> = t.records.iter().map(|r| r.group).collect();
    for g in groups.difference(coded_groups) {
        let in_group: Vec<(usize, &Record)> = t
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.group == *g)
            .collect();
        let Some((_, total)) = in_group.iter().find(|(_, r)| r.kind == RecordKind::Total) else {
            continue;
        };
        let items: Vec<&(usize, &Record)> = in_group
            .iter()
            .filter(|(_, r)| r.kind == RecordKind::Item)
            .collect();
        let Some(((first, item), rest)) = items.split_first() else {
            continue;
        };
        let amounts = |r: &Record| -> Vec<(String, Option<rust_decimal::Decimal>)> {
            r.values
                .iter()
                .map(|v| (v.column.clone(), v.amount))
                .collect()
        };
        // …and the rows after it add up to it (a summary's first source of funds can
        // equal the total while the others are zero: a part, not their sum).
        let adds_up = item.values.iter().all(|v| {
            let rest_sum: rust_decimal::Decimal = rest
                .iter()
                .flat_map(|(_, r)| &r.values)
                .filter(|w| w.column == v.column)
                .filter_map(|w| w.amount)
                .sum();
            v.amount.is_some_and(|a| {
                (a - rest_sum).abs()
                    <= rust_decimal::Decimal::new(1, 2) * rust_decimal::Decimal::from(rest.len())
            })
        });
        let something = item
            .values
            .iter()
            .any(|v| v.amount.is_some_and(|a| !a.is_zero()));
        if !rest.is_empty() && something && amounts(item) == amounts(total) && adds_up {
            found.insert(*first);
        }
    }
    found
}

/// For each record of `t`, whether it is at the table's top level (see
/// [`LongRow::top_level`]), side by side groups each on their own.
fn top_level(t: &Table) -> Vec<bool> {
    fn classified(r: &Record) -> Option<&str> {
        let s = r.subject.as_ref().filter(|s| s.level.is_some())?;
        s.code.as_deref()
    }
    let printed: HashSet<(usize, &str)> = t
        .records
        .iter()
        .filter_map(|r| Some((r.group, classified(r)?)))
        .collect();
    let coded_groups: HashSet<usize> = printed.iter().map(|(g, _)| *g).collect();
    let repeats_total = repeated_totals(t, &coded_groups);
    t.records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if repeats_total.contains(&i) {
                return false;
            }
            if r.kind != RecordKind::Item {
                return false;
            }
            if !coded_groups.contains(&r.group) {
                return true;
            }
            // A row with codes around it but none of its own (a unit's row) sums them.
            let Some(code) = classified(r) else {
                return false;
            };
            [3, 5]
                .iter()
                .filter(|&&n| n < code.len())
                .all(|&n| !printed.contains(&(r.group, &code[..n])))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The listed fields are the struct's, in its order (the header csv writes for it).
    #[test]
    fn field_list_is_the_rows_fields() {
        let doc = crate::parse_str("收入总表\n单位：万元\n项目\t金额\n合计\t1.00\n", "t.txt");
        let row = long_format(&doc).into_iter().next().expect("one value");
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(&row).expect("row serialises");
        let text = String::from_utf8(w.into_inner().expect("flushed")).expect("UTF-8");
        assert_eq!(
            text.lines().next(),
            Some(LONG_FORMAT_FIELDS.join(",").as_str())
        );
    }

    /// Summing a table's top-level rows counts each amount once.
    #[test]
    fn top_level_rows_are_what_a_sum_of_the_table_adds() {
        let tops = |text: &str| -> Vec<(String, bool)> {
            let doc = crate::parse_str(text, "t.txt");
            long_format(&doc)
                .into_iter()
                .map(|r| (r.row.unwrap_or_default(), r.top_level))
                .collect()
        };
        let classes = tops(
            "部门支出总表\n单位：万元\n科目编码\t科目名称\t合计\n\t合计\t30.00\n\
             201\t一般公共服务支出\t30.00\n20101\t人大事务\t30.00\n2010101\t行政运行\t30.00\n",
        );
        let flags: Vec<bool> = classes.iter().map(|(_, t)| *t).collect();
        assert_eq!(flags, [false, true, false, false], "{classes:?}");
        // A unit's row over 项 whose 类 and 款 the table does not print.
        let items = tops(
            "部门支出总表\n单位：万元\n科目编码\t科目名称\t合计\n\t信访局\t30.00\n\
             2010301\t行政运行\t10.00\n2010302\t一般行政管理事务\t20.00\n",
        );
        let flags: Vec<bool> = items.iter().map(|(_, t)| *t).collect();
        assert_eq!(flags, [false, true, true], "{items:?}");
    }

    /// Without codes, a department's row that repeats the total over its units' rows is
    /// their sum; a first source of funds equal to the total beside zeros is a part.
    #[test]
    fn a_row_repeating_the_total_over_its_units_is_not_top_level() {
        let tops = |text: &str| -> Vec<bool> {
            long_format(&crate::parse_str(text, "t.txt"))
                .into_iter()
                .map(|r| r.top_level)
                .collect()
        };
        let units = "部门支出总表\n单位：万元\n单位名称\t合计\n合计\t100.00\n某市民政局\t100.00\n\
                     某市民政局本级\t60.00\n某市福利院\t40.00\n";
        assert_eq!(tops(units), [false, false, true, true]);
        let sources = "部门收入总表\n单位：万元\n项目\t合计\n合计\t100.00\n\
                       一、一般公共预算\t100.00\n二、政府性基金预算\t0.00\n";
        assert_eq!(tops(sources), [false, true, true]);
    }
}
