//! The generated hostile corpus (tests/support/hostile.rs) read in bounded work: every
//! input ends, in process and through the command line under a memory limit, with a
//! document whose findings say what was cut or repaired, or with an error that says
//! why it cannot be read — never a panic, an abort, a hang or a time-out.

#[path = "support/hostile.rs"]
mod hostile;

use std::process::Command;
use std::time::Duration;

use yusuan::{Document, ErrorKind, Options};

/// What reading a hostile input must give.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// A document with a finding of this rule.
    Finding(&'static str),
    /// A document (the hostile part is harmless once bounded).
    Read,
    /// An error of this kind.
    Error(fn(&ErrorKind) -> bool),
}

/// The outcome each input must have, by name.
fn expected(name: &str) -> Outcome {
    use Outcome::*;
    let corrupt: fn(&ErrorKind) -> bool = |k| matches!(k, ErrorKind::CorruptPdf { .. });
    match name {
        n if n.starts_with("bomb-") => Finding("limit_reached"),
        n if n.starts_with("ops-") => Finding("limit_reached"),
        n if n.starts_with("form-") => Finding("limit_reached"),
        "cmap-bfrange-full-32bit.pdf" | "cmap-bfchar-1m.pdf" | "cmap-array-nested-100k.pdf" => {
            Finding("limit_reached")
        }
        "annots-array-nested-100k.pdf" | "dict-nested-100k.pdf" => Finding("limit_reached"),
        n if n.starts_with("pagetree-count-") => Finding("pdf_repaired"),
        "pages-kids-self.pdf" | "no-xref-no-trailer.pdf" | "xref-shifted-1-byte.pdf" => {
            Finding("pdf_repaired")
        }
        "string-unbalanced-info.pdf" => Finding("pdf_repaired"),
        "encrypted-rc4.pdf" => Error(|k| matches!(k, ErrorKind::Encrypted)),
        // The pages are inside the broken object stream, or after the cut.
        "objstm-n-2e31.pdf" | "truncated-mid-object.pdf" => Error(corrupt),
        "random-after-header-10m.pdf" => Error(corrupt),
        _ => Read,
    }
}

fn check(name: &str, result: Result<Document, yusuan::Error>) {
    match (expected(name), result) {
        (Outcome::Error(is), Err(e)) => assert!(is(e.kind()), "{name}: unexpected error {e}"),
        (Outcome::Error(_), Ok(_)) => panic!("{name}: read, where an error was expected"),
        (_, Err(e)) => panic!("{name}: {e}"),
        (Outcome::Read, Ok(_)) => {}
        (Outcome::Finding(rule), Ok(doc)) => assert!(
            doc.findings.iter().any(|f| f.rule == rule),
            "{name}: no {rule} finding among {:?}",
            doc.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
        ),
    }
}

#[test]
fn every_hostile_input_read_in_process_ends_with_a_document_or_an_error() {
    let options = Options::new().time_limit(Duration::from_secs(60));
    let corpus = hostile::corpus();
    assert!(corpus.len() >= 32);
    for case in corpus {
        let result = yusuan::parse_any(&case.bytes, case.name, &options);
        if let Err(e) = &result {
            // A time-out or a panic is a failure of the limits, whatever was expected.
            assert!(
                !matches!(
                    e.kind(),
                    ErrorKind::TimedOut { .. } | ErrorKind::Internal { .. }
                ),
                "{}: {e}",
                case.name
            );
        }
        check(case.name, result);
    }
}

/// Real text survives the hostile part: the page's ordinary text is read.
#[test]
fn what_is_around_the_hostile_part_is_still_read() {
    let options = Options::new();
    let wanted = [
        "pagetree-count-2e62.pdf",
        "page-parent-self.pdf",
        "form-self.pdf",
        "xref-shifted-1-byte.pdf",
        "dict-nested-100k.pdf",
        "cmap-bfrange-full-32bit.pdf",
    ];
    for case in hostile::corpus()
        .into_iter()
        .filter(|c| wanted.contains(&c.name))
    {
        let text = yusuan::pdf_to_text(&case.bytes, &options).unwrap();
        assert!(text.contains("2024"), "{}: {text:?}", case.name);
    }
}

/// The command line, each document in a child limited to 1 GiB of address space: every
/// hostile input ends there too (none crashes, runs out of memory or times out), the
/// real documents beside them are read, and only the unreadable inputs are listed in
/// the errors. (The time limit is generous for the unoptimised test build; a release
/// build reads each of these in under 2 s.)
#[test]
fn a_batch_mixing_hostile_and_real_documents_reads_them_all_in_isolation() {
    let dir = std::env::temp_dir().join(format!("yusuan-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = hostile::corpus();
    for case in &corpus {
        std::fs::write(dir.join(case.name), &case.bytes).unwrap();
    }
    let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf");
    let mut real_names = Vec::new();
    for entry in std::fs::read_dir(&real).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "pdf") {
            let name = format!("real-{}", path.file_name().unwrap().to_string_lossy());
            std::fs::copy(&path, dir.join(&name)).unwrap();
            real_names.push(name);
        }
    }
    let errors = dir.join("errors.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["--isolate", "--memory-limit", "1024", "--timeout", "120"])
        .args(["-j", "2", "--quiet", "--format", "jsonl", "--errors"])
        .arg(&errors)
        .arg(&dir)
        .output()
        .unwrap();
    let listed = std::fs::read_to_string(&errors).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rows: Vec<(String, String)> = listed
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.splitn(3, ',');
            let file = f.next().unwrap_or_default();
            let name = file.rsplit('/').next().unwrap_or_default().to_string();
            (name, f.next().unwrap_or_default().to_string())
        })
        .collect();
    rows.sort();
    let mut unreadable: Vec<(String, String)> = corpus
        .iter()
        .filter(|c| matches!(expected(c.name), Outcome::Error(_)))
        .map(|c| {
            let kind = if c.name.starts_with("encrypted") {
                "encrypted"
            } else {
                "corrupt_pdf"
            };
            (c.name.to_string(), kind.to_string())
        })
        .collect();
    unreadable.sort();
    assert_eq!(rows, unreadable, "{listed}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    for name in real_names {
        assert!(stdout.contains(&format!("{name}\"")), "{name} was not read");
    }
}
