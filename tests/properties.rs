//! Properties of the whole pipeline on generated tables.

use proptest::prelude::*;

/// A cell: empty, an amount, a code, or a short Chinese label.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (0u32..100_000, 0u32..100).prop_map(|(i, f)| format!("{i}.{f:02}")),
        (100u32..1000).prop_map(|c| c.to_string()),
        prop::sample::select(vec![
            "合计",
            "小计",
            "项目",
            "基本支出",
            "行政运行",
            "一、一般公共服务",
            "≥95%",
            "—"
        ])
        .prop_map(str::to_string),
    ]
}

fn table_text() -> impl Strategy<Value = String> {
    let row = prop::collection::vec(cell(), 1..12);
    (prop::collection::vec(row, 0..30), any::<bool>()).prop_map(|(rows, titled)| {
        let mut text = String::new();
        if titled {
            text.push_str("2023年部门支出预算表\n单位：万元\n");
        }
        for r in rows {
            text.push_str(&r.join("\t"));
            text.push('\n');
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the input, every value can be found on the line it claims to come from.
    #[test]
    fn every_value_is_on_its_source_line(text in table_text()) {
        let doc = yusuan::parse_str(&text, "generated");
        let lines: Vec<&str> = text.lines().collect();
        for v in doc.tables.iter().flat_map(|t| &t.records).flat_map(|r| &r.values) {
            prop_assert!(v.line >= 1 && v.line <= lines.len());
            prop_assert!(lines[v.line - 1].contains(v.printed.as_str()), "{:?} not on line {}", v.printed, v.line);
        }
    }

    /// No numeric cell of a table row is lost: each is a value, a key or a header label.
    #[test]
    fn numeric_cells_are_kept(text in table_text()) {
        let doc = yusuan::parse_str(&text, "generated");
        for t in &doc.tables {
            let (first, last) = t.lines;
            for (i, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
                if i < first || i > last {
                    continue;
                }
                for cell in line.split('\t').filter(|c| c.contains('.')) {
                    let kept = t.records.iter().any(|r| {
                        r.values.iter().any(|v| v.line == i && v.printed == cell)
                            || r.keys.iter().any(|k| k.text == cell)
                            || r.code.as_deref() == Some(cell)
                    }) || t.columns.iter().any(|c| c.path.split('/').any(|p| p == cell));
                    prop_assert!(kept, "{cell:?} on line {i} was dropped");
                }
            }
        }
    }

    /// Any string at all: a document, never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        let _ = yusuan::parse_str(&text, "arbitrary");
    }
}
