//! Text extracted from a PDF reads to the same values as the PDF.
//!
//! `corpus/texts/` holds the `pdftotext -layout` and `-raw` texts of four table pages of
//! 24 real PDFs (made by `corpus/texts.sh`). For each, the coded values read from the
//! text (table kind, subject code, column key, value) are compared with those read from
//! the same pages of the PDF in `../shared/pdfs/`, and the share found must not fall
//! below the floor recorded in `corpus/texts/agreement.txt` (a ratchet: raise it when
//! the reader improves, with `YUSUAN_BLESS=1`). Without `../shared` the PDFs are not
//! here; each text is still read, and must still give at least the coded values it gave.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use yusuan::{Document, Options, long_format};

/// A coded value: table kind, subject code, column key, value.
type Coded = (String, String, String, Decimal);

fn texts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/texts")
}

/// The coded values of a document, on pages `first..=last` only when given.
fn coded(doc: &Document, pages: Option<(u32, u32)>) -> HashMap<Coded, usize> {
    let mut out = HashMap::new();
    for row in long_format(doc) {
        let Some(code) = row.subject_code else {
            continue;
        };
        let Ok(value) = row.value.replace(',', "").parse::<Decimal>() else {
            continue;
        };
        if let Some((first, last)) = pages {
            if !row.page.is_some_and(|p| first <= p && p <= last) {
                continue;
            }
        }
        let key = (
            row.table_kind,
            code,
            row.column_key.unwrap_or_default(),
            value,
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

/// How many of `pdf`'s values `text` has too; `with_column: false` ignores the column.
fn shared(pdf: &HashMap<Coded, usize>, text: &HashMap<Coded, usize>, with_column: bool) -> usize {
    let strip = |k: &Coded| {
        let mut k = k.clone();
        if !with_column {
            k.2.clear();
        }
        k
    };
    let mut have: HashMap<Coded, usize> = HashMap::new();
    for (k, n) in text {
        *have.entry(strip(k)).or_default() += n;
    }
    pdf.iter()
        .map(|(k, n)| {
            let left = have.entry(strip(k)).or_default();
            let taken = (*n).min(*left);
            *left -= taken;
            taken
        })
        .sum()
}

/// "name.pFIRST-LAST" → (name, first, last).
fn pages_of(stem: &str) -> Option<(&str, u32, u32)> {
    let (name, pages) = stem.rsplit_once(".p")?;
    let (first, last) = pages.split_once('-')?;
    Some((name, first.parse().ok()?, last.parse().ok()?))
}

fn read_text(path: &Path) -> Document {
    let bytes = std::fs::read(path).expect("read text");
    yusuan::parse_bytes(&bytes, &path.display().to_string(), &Options::new())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One line of `agreement.txt`: the floors of one PDF's pages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Floor {
    /// Coded values the -layout text gives.
    layout_values: usize,
    /// Per cent of the PDF's coded values the -layout text gives, in the same column.
    layout: u32,
    /// Per cent of the PDF's coded values the -raw text gives, any column.
    raw_code: u32,
    /// Per cent of the PDF's coded values the -raw text gives in the same column.
    raw_column: u32,
}

fn read_floors(path: &Path) -> HashMap<String, Floor> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((
                f.first()?.to_string(),
                Floor {
                    layout_values: f.get(1)?.parse().ok()?,
                    layout: f.get(2)?.trim_end_matches('%').parse().ok()?,
                    raw_code: f.get(3)?.trim_end_matches('%').parse().ok()?,
                    // Floors written before the column was measured have none.
                    raw_column: f
                        .get(4)
                        .and_then(|p| p.trim_end_matches('%').parse().ok())
                        .unwrap_or(0),
                },
            ))
        })
        .collect()
}

#[test]
fn extracted_texts_read_to_the_values_of_their_pdf() {
    let dir = texts_dir();
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus/texts")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".layout.txt").map(str::to_string)
        })
        .collect();
    stems.sort();
    assert!(stems.len() >= 20, "corpus/texts: {} PDFs", stems.len());
    let floors_path = dir.join("agreement.txt");
    let floors = read_floors(&floors_path);
    let pdfs = common::shared_pdfs();
    let bless = std::env::var_os("YUSUAN_BLESS").is_some();
    let mut measured: Vec<(String, Floor)> = Vec::new();
    let mut failures = Vec::new();
    let mut totals = [0usize; 4];
    for stem in &stems {
        let (name, first, last) = pages_of(stem).expect("NAME.pFIRST-LAST");
        let layout = coded(&read_text(&dir.join(format!("{stem}.layout.txt"))), None);
        let raw = coded(&read_text(&dir.join(format!("{stem}.raw.txt"))), None);
        let floor = floors.get(stem).copied().unwrap_or_default();
        let layout_values: usize = layout.values().sum();
        let mut now = Floor {
            layout_values,
            ..floor
        };
        if layout_values < floor.layout_values {
            failures.push(format!(
                "{stem}: the -layout text gives {layout_values} coded values, fewer than {}",
                floor.layout_values
            ));
        }
        if let Some(pdfs) = &pdfs {
            let bytes = std::fs::read(pdfs.join(format!("{name}.pdf"))).expect("pdf");
            let doc = yusuan::parse_any(&bytes, name, &Options::new()).expect("reads");
            let pdf = coded(&doc, Some((first, last)));
            let n: usize = pdf.values().sum();
            let pct = |k: usize| (100 * k / n.max(1)) as u32;
            now.layout = pct(shared(&pdf, &layout, true));
            now.raw_code = pct(shared(&pdf, &raw, false));
            now.raw_column = pct(shared(&pdf, &raw, true));
            totals[0] += n;
            totals[1] += shared(&pdf, &layout, true);
            totals[2] += shared(&pdf, &raw, false);
            totals[3] += shared(&pdf, &raw, true);
            for (what, got, min) in [
                ("-layout, same column", now.layout, floor.layout),
                ("-raw, same code", now.raw_code, floor.raw_code),
                ("-raw, same column", now.raw_column, floor.raw_column),
            ] {
                if got < min {
                    failures.push(format!("{stem}: {what} {got}% of {n}, below {min}%"));
                }
            }
        }
        measured.push((stem.clone(), now));
    }
    if pdfs.is_some() {
        let pct = |k: usize| 100.0 * k as f64 / totals[0].max(1) as f64;
        eprintln!(
            "{} coded values on these pages of the PDFs: -layout {:.1}% (same column), -raw {:.1}% (same code), {:.1}% (same column)",
            totals[0],
            pct(totals[1]),
            pct(totals[2]),
            pct(totals[3])
        );
    }
    if bless && pdfs.is_some() {
        let mut out = String::from(
            "# Floors for tests/text_agreement.rs: name, coded values from the -layout text,\n\
             # per cent of the PDF's coded values read from the -layout text (same column) and\n\
             # from the -raw text (same code; same column). Written with YUSUAN_BLESS=1.\n",
        );
        for (stem, f) in &measured {
            out.push_str(&format!(
                "{stem} {} {}% {}% {}%\n",
                f.layout_values, f.layout, f.raw_code, f.raw_column
            ));
        }
        std::fs::write(&floors_path, out).expect("write agreement.txt");
        return;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
