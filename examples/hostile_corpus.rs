//! Writes the generated corpus of hostile inputs (tests/support/hostile.rs) to a directory,
//! one file per case, and prints a line for each: name, class, size, what is hostile.
//!
//! Usage: `cargo run --release --example hostile_corpus -- DIR`

#[path = "../tests/support/hostile.rs"]
mod hostile;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: hostile_corpus DIR");
        return ExitCode::from(2);
    };
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {err}", dir.display());
        return ExitCode::FAILURE;
    }
    for case in hostile::corpus() {
        let path = dir.join(case.name);
        if let Err(err) = std::fs::write(&path, &case.bytes) {
            eprintln!("{}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "{:<32} {:<10} {:>10}  {}",
            case.name,
            case.class,
            case.bytes.len(),
            case.what
        );
    }
    ExitCode::SUCCESS
}
