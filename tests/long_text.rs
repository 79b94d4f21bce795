//! Long generated tables (tests/support/long_text.rs) read whole: every row, and the
//! findings their sums call for. Not timed; the bench `long_text` measures the time (it
//! grew with the square of the rows until hierarchy_sum indexed the table).

#[path = "support/long_text.rs"]
mod long_text;

use std::collections::BTreeMap;

use long_text::{Shape, long_text};

/// Findings by rule.
fn rules(doc: &yusuan::Document) -> BTreeMap<&str, usize> {
    let mut by_rule = BTreeMap::new();
    for f in &doc.findings {
        *by_rule.entry(f.rule.as_str()).or_default() += 1;
    }
    by_rule
}

/// Rows per table, and how many carry a code.
fn rows(doc: &yusuan::Document) -> (Vec<usize>, usize) {
    let per_table = doc.tables.iter().map(|t| t.records.len()).collect();
    let coded = doc
        .tables
        .iter()
        .flat_map(|t| &t.records)
        .filter(|r| r.code.is_some())
        .count();
    (per_table, coded)
}

#[test]
fn a_table_of_64000_rows_is_read_whole_with_its_findings() {
    let doc = yusuan::parse_str(&long_text(64_000, Shape::OneTable), "long");
    // The 合计 row and the 64,000 coded rows, each with its three amounts placed.
    assert_eq!(rows(&doc), (vec![64_001], 64_000));
    assert_eq!(doc.coverage.printed, 3 * 64_001);
    assert_eq!(doc.coverage.placed, doc.coverage.printed);
    assert_eq!(
        rules(&doc),
        BTreeMap::from([
            ("hierarchy_sum", 3050),
            ("rounding", 9),
            ("row_sum", 1980),
            ("subject_code_out_of_year", 129),
            ("subject_code_unknown", 62889),
        ])
    );
}

#[test]
fn rows_split_across_four_tables_are_read_whole() {
    let doc = yusuan::parse_str(&long_text(16_000, Shape::Tables(4)), "long");
    assert_eq!(rows(&doc), (vec![4_000; 4], 16_000));
    assert_eq!(doc.coverage.placed, 48_000);
    assert_eq!(
        rules(&doc),
        BTreeMap::from([
            ("hierarchy_sum", 1155),
            ("rounding", 4),
            ("row_sum", 482),
            ("subject_code_out_of_year", 134),
            ("subject_code_unknown", 15048),
        ])
    );
}

#[test]
fn one_huge_class_of_repeated_codes_is_read_whole() {
    let doc = yusuan::parse_str(&long_text(16_000, Shape::HugeClass), "long");
    assert_eq!(rows(&doc), (vec![16_001], 16_000));
    assert_eq!(doc.coverage.placed, 48_003);
    // Its 项 print no 款, so none is a child of 201: every coded row is at the top, and
    // the 合计 row (the 类's own figures) is off by the rest in each of its three columns.
    assert_eq!(
        rules(&doc),
        BTreeMap::from([
            ("rounding", 1),
            ("row_sum", 550),
            ("subject_code_out_of_year", 106),
            ("subject_code_unknown", 15450),
            ("total_row_sum", 3),
        ])
    );
}
