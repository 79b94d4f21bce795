//! What the integration tests share.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// The four text seeds, `../shared/seeds/NNN_*.txt`, sorted by name; none (with a
/// notice) when `../shared` is not beside the project. They are real documents and are
/// not copied into it; their expected output is in `corpus/`.
pub fn corpus_texts() -> Vec<PathBuf> {
    let Some(dir) = seeds_dir() else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_seed(p))
        .collect();
    files.sort();
    files
}

/// `../shared/seeds`, or `None` after printing why the tests that need it are skipped.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    eprintln!(
        "skipped: {} is not here (the text seeds live in ../shared/seeds)",
        dir.display()
    );
    None
}

/// One seed by file name, or `None` (with a notice) when the seeds are not here.
pub fn seed(name: &str) -> Option<PathBuf> {
    seeds_dir().map(|d| d.join(name))
}

/// Whether `path` is a text seed: `NNN_*.txt` (the seeds' README is not).
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
