//! Every corpus file against its expected output, which a person checked against the
//! source text. Set `YUSUAN_BLESS=1` to rewrite the expected files after a deliberate
//! change — and then check the diff by hand before committing it.

mod common;

use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn check(stem: &str) {
    let dir = corpus_dir();
    let source = dir.join(format!("{stem}.txt"));
    let expected_path = dir.join(format!("{stem}.expected.json"));
    let bytes = std::fs::read(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    let doc = yusuan::parse_bytes(&bytes, &format!("{stem}.txt"), &yusuan::Options::new())
        .unwrap_or_else(|e| panic!("{e}"));
    let got = serde_json::to_value(&doc).expect("document serialises");
    if std::env::var_os("YUSUAN_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&got).expect("pretty JSON") + "\n";
        std::fs::write(&expected_path, text).expect("write expected file");
        return;
    }
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
    )
    .expect("expected file is JSON");
    if got != expected {
        let first = first_difference(&expected, &got, String::new()).unwrap_or_default();
        panic!(
            "{stem}: output differs from {}: first difference at {first}",
            expected_path.display()
        );
    }
    // The expected file must also read back into the public types.
    let _: yusuan::Document =
        serde_json::from_value(expected).expect("expected file matches the schema");
}

/// The JSON path of the first place where two values differ, with both sides.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => first_difference(p, q, format!("{path}.{k}")),
                (p, q) => Some(format!("{path}.{k}: expected {p:?}, got {q:?}")),
            })
        }
        (Array(x), Array(y)) => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, format!("{path}[{i}]")))
            .or_else(|| {
                (x.len() != y.len())
                    .then(|| format!("{path}: expected {} items, got {}", x.len(), y.len()))
            }),
        _ => (a != b).then(|| format!("{path}: expected {a}, got {b}")),
    }
}

macro_rules! corpus_tests {
    ($($name:ident => $stem:literal,)*) => {
        $( #[test] fn $name() { check($stem); } )*

        #[test]
        fn every_corpus_file_has_a_test() {
            let stems: Vec<String> = common::corpus_texts()
                .iter()
                .map(|p| p.file_stem().unwrap_or_default().to_string_lossy().into_owned())
                .collect();
            assert_eq!(stems, [$($stem),*]);
        }
    };
}

corpus_tests! {
    seed_000_jiaozuo_2023_split_codes_and_drifting_headers => "000_b00e05bcf513a847",
    seed_001_hongqi_2022_wrapped_cells_and_lost_cell => "001_d34d93e841470382",
    seed_002_handan_2024_repeated_title_blocks => "002_3753cf426c7ec0a0",
    seed_003_boye_2023_markdown_pipes_and_forms => "003_cd44c08a94e420f1",
}
