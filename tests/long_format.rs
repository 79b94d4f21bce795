//! The long format (`--format csv|jsonl`) over every corpus file: one row per value,
//! fields in the documented order, each consistent with the document it came from.

mod common;

const FIELDS: [&str; 22] = [
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

fn corpus() -> Vec<(String, yusuan::Document)> {
    common::corpus_texts()
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&p).expect("read");
            let doc = yusuan::parse_bytes(&bytes, &name, &yusuan::Options::new()).expect("parses");
            (name, doc)
        })
        .collect()
}

#[test]
fn fields_are_the_documented_ones_in_order() {
    let Some((_, doc)) = corpus().into_iter().next() else {
        return;
    };
    let row = yusuan::long_format(&doc)
        .into_iter()
        .next()
        .expect("a value");
    let json = serde_json::to_string(&row).expect("serialises");
    let mut at = 0;
    for field in FIELDS {
        let found = json[at..]
            .find(&format!("\"{field}\":"))
            .unwrap_or_else(|| panic!("{field} missing or out of order"));
        at += found;
    }
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json).expect("object");
    assert_eq!(object.len(), FIELDS.len());
}

#[test]
fn every_value_of_every_corpus_file_is_one_consistent_row() {
    for (name, doc) in corpus() {
        let rows = yusuan::long_format(&doc);
        let values: Vec<&yusuan::Value> = doc
            .tables
            .iter()
            .flat_map(|t| &t.records)
            .flat_map(|r| &r.values)
            .collect();
        assert_eq!(rows.len(), values.len(), "{name}");
        for (row, value) in rows.iter().zip(&values) {
            assert_eq!(row.document, name);
            assert_eq!(row.page, None, "{name}: text input has no page");
            assert_eq!(row.line, value.line);
            assert_eq!(row.column, value.column);
            assert!(!row.table.contains(char::is_whitespace));
            if let Some(amount) = value.amount {
                assert!(
                    !row.value.contains(','),
                    "{name} line {}: {}",
                    row.line,
                    row.value
                );
                assert_eq!(
                    row.value.parse::<rust_decimal::Decimal>().ok(),
                    Some(amount)
                );
            }
        }
    }
}

#[test]
fn sample_rows_read_as_printed() {
    let docs = corpus();
    let Some((_, doc)) = docs.get(2) else {
        return;
    };
    let rows = yusuan::long_format(doc);
    let row = rows
        .iter()
        .find(|r| {
            r.table == "部门预算支出总表"
                && r.subject_code.as_deref() == Some("2014001")
                && r.column == "基本支出"
        })
        .expect("行政运行 basic expenditure");
    assert_eq!(row.value, "692.95");
    assert_eq!(row.column_key.as_deref(), Some("basic"));
    assert_eq!(row.subject_level.as_deref(), Some("item"));
    assert_eq!(row.subject_name.as_deref(), Some("行政运行"));
    assert_eq!(
        (row.phase.as_deref(), row.year, row.unit.as_deref()),
        (Some("budget"), Some(2024), Some("万元"))
    );
    let amount = yusuan::long_format(&docs[1].1)
        .into_iter()
        .find(|r| r.value == "2109100.0")
        .expect("2,109,100.0 without separators");
    assert_eq!(amount.line, 378);
}

/// The README's recipe: the top-level rows of a 支出总表's 合计 column add up to its
/// printed 合计 row.
#[test]
fn top_level_rows_sum_to_the_printed_total() {
    let mut checked = 0;
    for (name, doc) in corpus() {
        let rows = yusuan::long_format(&doc);
        let spending: Vec<&yusuan::LongRow> = rows
            .iter()
            .filter(|r| r.table_kind == "expenditure" && r.column_key.as_deref() == Some("total"))
            .collect();
        let Some(total) = spending.iter().find(|r| r.record_kind == "total") else {
            continue;
        };
        let amount = |r: &yusuan::LongRow| {
            r.amount
                .as_deref()
                .and_then(|a| a.parse::<rust_decimal::Decimal>().ok())
                .unwrap_or_default()
        };
        let sum: rust_decimal::Decimal = spending
            .iter()
            .filter(|r| r.top_level && r.table == total.table)
            .map(|r| amount(r))
            .sum();
        assert_eq!(sum, amount(total), "{name}: {}", total.table);
        checked += 1;
    }
    // Three of the four seeds print a 支出总表 with a 合计 row.
    if !common::corpus_texts().is_empty() {
        assert_eq!(checked, 3);
    }
}
