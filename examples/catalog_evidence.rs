//! What the development corpus says about the classification catalog: every
//! classification code the documents print, with the printed name, the budget year and
//! the document (`corpus/catalog-evidence.csv`), and for each catalog line how many
//! documents print its code in one of its years (the `printed_in` column of
//! `src/schema/catalog.csv`, rewritten in place; the other columns are left as they are).
//!
//! `cargo run --release --example catalog_evidence -- DIR_OR_FILE…` (see
//! `corpus/catalog-evidence.sh`). Documents are read two at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use yusuan::{Document, Options, Scheme, Subject};

/// One printed code: scheme, code, year, printed name, document.
type Printed = (String, String, Option<u16>, String, String);

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        collect(Path::new(&arg), &mut files);
    }
    if files.is_empty() {
        eprintln!("usage: catalog_evidence DIR_OR_FILE…");
        std::process::exit(2);
    }
    // (scheme, code, year, name, document) → rows printing it.
    let evidence: Mutex<BTreeMap<Printed, usize>> = Mutex::new(BTreeMap::new());
    let next = Mutex::new(files.iter());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while let Some(file) = next.lock().map(|mut it| it.next()).ok().flatten() {
                    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
                    let name = file.file_name().unwrap_or_default().to_string_lossy();
                    let doc = std::fs::read(file)
                        .map_err(|e| e.to_string())
                        .and_then(|b| {
                            yusuan::parse_any(&b, &name, &Options::new()).map_err(|e| e.to_string())
                        });
                    match doc {
                        Ok(doc) => {
                            let mut found = BTreeMap::new();
                            printed_codes(&doc, &stem, &mut found);
                            if let Ok(mut all) = evidence.lock() {
                                for (k, n) in found {
                                    *all.entry(k).or_insert(0) += n;
                                }
                            }
                        }
                        Err(e) => eprintln!("catalog_evidence: {}: {e}", file.display()),
                    }
                }
            });
        }
    });
    let evidence = evidence.into_inner().unwrap_or_default();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if let Err(e) = write_evidence(&root.join("corpus/catalog-evidence.csv"), &evidence)
        .and_then(|()| rewrite_printed_in(&root.join("src/schema/catalog.csv"), &evidence))
    {
        eprintln!("catalog_evidence: {e}");
        std::process::exit(1);
    }
    let documents: BTreeSet<&String> = evidence.keys().map(|k| &k.4).collect();
    println!(
        "{} printed codes from {} documents",
        evidence.len(),
        documents.len()
    );
}

/// The classified codes of `doc`'s rows, with the row's second code where it has one.
fn printed_codes(doc: &Document, document: &str, found: &mut BTreeMap<Printed, usize>) {
    let mut add = |s: &Subject| {
        let classified = matches!(
            s.scheme,
            Scheme::Functional
                | Scheme::EconomicDepartment
                | Scheme::EconomicGovernment
                | Scheme::Revenue
        );
        if let (true, Some(code)) = (classified, &s.code) {
            let key = (
                s.scheme.as_str().to_string(),
                code.clone(),
                doc.year,
                s.name.clone().unwrap_or_default(),
                document.to_string(),
            );
            *found.entry(key).or_insert(0) += 1;
        }
    };
    for table in &doc.tables {
        for r in &table.records {
            // Only printed codes: a 类 recognised from its name alone is no evidence.
            let (Some(_), Some(s)) = (&r.code, &r.subject) else {
                continue;
            };
            add(s);
            if let Some(alt) = &s.alternate {
                add(alt);
            }
        }
    }
}

/// Writes the evidence: a numbered list of the documents (comment lines), then one line
/// per code, year and printed name with the numbers of the documents that print it.
fn write_evidence(path: &Path, evidence: &BTreeMap<Printed, usize>) -> Result<(), String> {
    let documents: BTreeSet<&String> = evidence.keys().map(|k| &k.4).collect();
    let id = |d: &String| {
        let n = documents.iter().position(|x| *x == d).unwrap_or(0) + 1;
        format!("d{n:02}")
    };
    let mut text = String::from(
        "# Written by corpus/catalog-evidence.sh: the classification codes the development\n\
         # corpus prints, with the printed name and the documents (numbered below) that print it.\n",
    );
    for d in &documents {
        text += &format!("# {} = {d}\n", id(d));
    }
    let mut lines: BTreeMap<(&str, &str, Option<u16>, &str), Vec<String>> = BTreeMap::new();
    for (scheme, code, year, name, document) in evidence.keys() {
        lines
            .entry((scheme, code, *year, name))
            .or_default()
            .push(id(document));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("{}: {e}", path.display());
    w.write_record(["scheme", "code", "year", "printed_name", "documents"])
        .map_err(fail)?;
    for ((scheme, code, year, name), ids) in lines {
        let year = year.map(|y| y.to_string()).unwrap_or_default();
        w.write_record([scheme, code, &year, name, &ids.join(" ")])
            .map_err(fail)?;
    }
    let body = w.into_inner().map_err(|e| e.to_string())?;
    text += &String::from_utf8_lossy(&body);
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Rewrites the last column of each catalog line: the documents that print the line's
/// code in one of its years.
fn rewrite_printed_in(path: &Path, evidence: &BTreeMap<Printed, usize>) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let comments: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("{}: {e}", path.display());
    out.write_record(reader.headers().map_err(fail)?)
        .map_err(fail)?;
    for record in reader.records() {
        let record = record.map_err(fail)?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        let year = |i: usize| field(i).parse::<u16>().ok();
        let (from, to) = (year(3), year(4));
        let documents: BTreeSet<&String> = evidence
            .keys()
            .filter(|(scheme, code, y, _, _)| {
                scheme == field(0)
                    && code == field(1)
                    && y.is_some_and(|y| from.is_none_or(|f| y >= f) && to.is_none_or(|t| y <= t))
            })
            .map(|k| &k.4)
            .collect();
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        if let Some(last) = fields.last_mut() {
            *last = documents.len().to_string();
        }
        out.write_record(&fields).map_err(fail)?;
    }
    let body = out.into_inner().map_err(|e| e.to_string())?;
    let text = comments + &String::from_utf8_lossy(&body);
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Adds `path`: the file itself, or the PDFs and text files under a directory, sorted.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if !path.is_dir() {
        files.push(path.to_path_buf());
        return;
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf" || x == "txt"))
        .collect();
    found.sort();
    files.extend(found);
}
