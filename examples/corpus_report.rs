//! One line per disclosure read — pages, tables by kind, how many printed amounts were
//! placed, findings by rule, what the document is — and a TOTAL line: the measure that
//! every change to the reader is compared with.
//!
//! `cargo run --release --example corpus_report -- [--no-times] DIR_OR_FILE…`
//!
//! Directories are walked (PDFs and `.txt`, sorted by path). With `--no-times` the
//! output holds no timings, so that it can be committed and diffed (`corpus/report.sh`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use yusuan::{Document, Options, TableKind};

fn main() {
    let mut times = true;
    let mut inputs = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--no-times" {
            times = false;
        } else {
            inputs.push(PathBuf::from(arg));
        }
    }
    if inputs.is_empty() {
        eprintln!("usage: corpus_report [--no-times] DIR_OR_FILE…");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for input in &inputs {
        if let Err(e) = collect(input, &mut files) {
            eprintln!("corpus_report: {}: {e}", input.display());
            std::process::exit(2);
        }
    }
    let mut total = Total::default();
    for file in &files {
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let started = Instant::now();
        let result = std::fs::read(file)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| {
                yusuan::parse_any(&bytes, &name, &Options::new()).map_err(|e| e.to_string())
            });
        let elapsed = started.elapsed();
        let line = match result {
            Ok(doc) => {
                let summary = Summary::of(&doc);
                total.add(&summary);
                summary.line(&name)
            }
            Err(e) => {
                total.failed += 1;
                format!("{name}  FAILED: {e}")
            }
        };
        total.documents += 1;
        total.seconds += elapsed;
        if times {
            println!("{line}  {:.2}s", elapsed.as_secs_f64());
        } else {
            println!("{line}");
        }
    }
    if times {
        println!("{}  {:.2}s", total.line(), total.seconds.as_secs_f64());
    } else {
        println!("{}", total.line());
    }
}

/// Adds `path` to `files`: the file itself, or the PDFs and text files under a directory,
/// sorted by path.
fn collect(path: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let readable = entry
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("pdf") || x.eq_ignore_ascii_case("txt"));
        if entry.is_dir() {
            collect(&entry, files)?;
        } else if readable {
            files.push(entry);
        }
    }
    Ok(())
}

/// What one document's line says.
struct Summary {
    pages: Option<u32>,
    tables: usize,
    other: usize,
    kinds: BTreeMap<&'static str, usize>,
    printed: usize,
    placed: usize,
    rules: BTreeMap<String, usize>,
    department: Option<String>,
    year: Option<u16>,
    phase: Option<&'static str>,
}

impl Summary {
    fn of(doc: &Document) -> Self {
        let mut kinds = BTreeMap::new();
        for t in &doc.tables {
            *kinds.entry(t.kind.as_str()).or_insert(0) += 1;
        }
        let mut rules = BTreeMap::new();
        for f in &doc.findings {
            *rules.entry(f.rule.clone()).or_insert(0) += 1;
        }
        Summary {
            pages: doc.pages,
            tables: doc.tables.len(),
            other: doc
                .tables
                .iter()
                .filter(|t| t.kind == TableKind::Other)
                .count(),
            kinds,
            printed: doc.coverage.printed,
            placed: doc.coverage.placed,
            rules,
            department: doc.department.clone(),
            year: doc.year,
            phase: doc.phase.map(|p| p.as_str()),
        }
    }

    fn line(&self, name: &str) -> String {
        let unplaced = self.printed.saturating_sub(self.placed);
        format!(
            "{name}  pages={}  tables={} [{}]  printed={} placed={} unplaced={} ({})  \
             findings=[{}]  department={}  year={}  phase={}",
            or_dash(self.pages),
            self.tables,
            counts(&self.kinds),
            self.printed,
            self.placed,
            unplaced,
            percent(unplaced, self.printed),
            counts(&self.rules),
            or_dash(self.department.as_deref()),
            or_dash(self.year),
            or_dash(self.phase),
        )
    }
}

/// The sums over every document.
#[derive(Default)]
struct Total {
    documents: usize,
    failed: usize,
    pages: u64,
    tables: usize,
    other: usize,
    printed: usize,
    placed: usize,
    no_department: usize,
    no_year: usize,
    no_phase: usize,
    seconds: Duration,
}

impl Total {
    fn add(&mut self, s: &Summary) {
        self.pages += u64::from(s.pages.unwrap_or(0));
        self.tables += s.tables;
        self.other += s.other;
        self.printed += s.printed;
        self.placed += s.placed;
        self.no_department += usize::from(s.department.is_none());
        self.no_year += usize::from(s.year.is_none());
        self.no_phase += usize::from(s.phase.is_none());
    }

    fn line(&self) -> String {
        let unplaced = self.printed.saturating_sub(self.placed);
        format!(
            "TOTAL  documents={} failed={}  pages={}  tables={} other={} ({})  \
             printed={} placed={} ({}) unplaced={} ({})  \
             missing: department={} year={} phase={}",
            self.documents,
            self.failed,
            self.pages,
            self.tables,
            self.other,
            percent(self.other, self.tables),
            self.printed,
            self.placed,
            percent(self.placed, self.printed),
            unplaced,
            percent(unplaced, self.printed),
            self.no_department,
            self.no_year,
            self.no_phase,
        )
    }
}

/// `name:count` pairs, most frequent first, ties by name.
fn counts<K: AsRef<str>>(map: &BTreeMap<K, usize>) -> String {
    let mut pairs: Vec<(&str, usize)> = map.iter().map(|(k, n)| (k.as_ref(), *n)).collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let pairs: Vec<String> = pairs.iter().map(|(k, n)| format!("{k}:{n}")).collect();
    pairs.join(" ")
}

/// `part` as a percentage of `whole`, one decimal; `-` when `whole` is 0.
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".into(), |v| v.to_string())
}
