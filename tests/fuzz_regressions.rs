//! Every input a fuzz target crashed on (fuzz/README.md) is kept under
//! `tests/fuzz-regressions/TARGET/` and read again here by the target's own entry point,
//! which panics where the fuzzer saw the crash; PDFs and texts also go through the
//! public API, which must answer with a document or an error that is not a panic.

use std::path::Path;

use yusuan::{ErrorKind, Options};

/// The kept inputs of one target, with their names.
fn kept(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .filter(|(name, _)| name != "README.md")
        .collect();
    inputs.sort();
    inputs
}

/// Neither a panic nor a time-out: a document, or an error of what the input is.
fn assert_answered(name: &str, result: Result<yusuan::Document, yusuan::Error>) {
    if let Err(e) = result {
        assert!(
            !matches!(
                e.kind(),
                ErrorKind::Internal { .. } | ErrorKind::TimedOut { .. }
            ),
            "{name}: {e}"
        );
    }
}

#[test]
#[cfg(feature = "pdf")]
fn pdf_inputs_the_fuzzer_crashed_on_are_read() {
    for (name, bytes) in kept("pdf") {
        yusuan::fuzzing::pdf(&bytes);
        assert_answered(&name, yusuan::parse_pdf(&bytes, &name, &Options::new()));
    }
}

#[test]
fn text_inputs_the_fuzzer_crashed_on_are_read() {
    for (name, bytes) in kept("text") {
        yusuan::fuzzing::text(&bytes);
        assert_answered(&name, yusuan::parse_bytes(&bytes, &name, &Options::new()));
    }
}

#[test]
fn row_inputs_the_fuzzer_crashed_on_are_read() {
    for (name, bytes) in kept("rows") {
        let text = String::from_utf8_lossy(&bytes);
        yusuan::fuzzing::rows(&text);
        assert_answered(
            &name,
            yusuan::parse_bytes(text.as_bytes(), &name, &Options::new()),
        );
    }
}

#[test]
fn cells_the_fuzzer_crashed_on_are_read() {
    for (name, bytes) in kept("amount") {
        yusuan::fuzzing::amount(
            std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("{name}: {e}")),
        );
    }
}
