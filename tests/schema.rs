//! The committed JSON Schema of the document stays in sync with the Rust types.
//! `YUSUAN_BLESS=1 cargo test --features schema --test schema` rewrites it after a deliberate change.
#![cfg(feature = "schema")]

use std::path::PathBuf;

#[test]
fn json_schema_is_in_sync_with_the_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/document.schema.json");
    let generated = serde_json::to_string_pretty(&schemars::schema_for!(yusuan::Document))
        .expect("schema serialises")
        + "\n";
    if std::env::var_os("YUSUAN_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
        return;
    }
    let committed =
        std::fs::read_to_string(&path).expect("schema/document.schema.json is committed");
    assert!(
        committed == generated,
        "schema/document.schema.json is out of date: run YUSUAN_BLESS=1 cargo test --features schema --test schema"
    );
}

#[test]
fn every_corpus_document_has_the_schema_shape() {
    // The schema's required top-level fields are present in every expected file.
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schema/document.schema.json")).expect("schema JSON");
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in std::fs::read_dir(dir).expect("corpus") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".expected.json") {
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        for field in &required {
            assert!(doc.get(field).is_some(), "{}: no {field}", path.display());
        }
    }
}
