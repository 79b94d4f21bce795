//! What the integration tests share.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// The text seeds of `corpus/` (`NNN_*.txt`; not the corpus report), sorted by name.
pub fn corpus_texts() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_seed(p))
        .collect();
    files.sort();
    files
}

/// Whether `path` is a text seed of `corpus/`: `NNN_*.txt`. Other text files there, such
/// as the corpus report, are not inputs.
pub fn is_seed(path: &std::path::Path) -> bool {
    let name = path.file_name().unwrap_or_default().as_encoded_bytes();
    name.ends_with(b".txt")
        && name.len() > 4
        && name[..3].iter().all(u8::is_ascii_digit)
        && name[3] == b'_'
}

/// The folder of real disclosure PDFs, `../shared/pdfs` beside the crate, or `None` with
/// a notice when it is not there (the PDFs are not part of the repository).
pub fn shared_pdfs() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/pdfs");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is not here (the real PDFs live in ../shared/pdfs)",
            dir.display()
        );
        None
    }
}
