//! What the integration tests share.

use std::path::PathBuf;

/// The four text seeds, `../shared/seeds/*.txt`, sorted by name; none (with a notice)
/// when `../shared` is not beside the project. They are real documents and are not
/// copied into it; their expected output is in `corpus/`.
#[allow(dead_code)]
pub fn corpus_texts() -> Vec<PathBuf> {
    let Some(dir) = seeds_dir() else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
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
#[allow(dead_code)]
pub fn seed(name: &str) -> Option<PathBuf> {
    seeds_dir().map(|d| d.join(name))
}
