//! The classification catalog: 支出功能分类 (类, 款, 项), the two economic classifications
//! (部门预算 and 政府预算支出经济分类, 类 and 款) and the revenue classification (类, 款),
//! with the budget years each name is in force, 2017–2026.
//!
//! The data is `catalog.csv` beside this file, compiled in, so nothing is read at run
//! time. Its columns: `scheme,code,name,from,to,variants,source,note,printed_in`.
//! `from`/`to` are the first and last budget years of a name (empty: before 2017 / still
//! in force); `variants` are other wordings documents print (older names, short forms),
//! separated by `|`; `source` is `mof` (the Ministry of Finance's annual
//! 《政府收支分类科目》) or `corpus` (seen printed, not placed in an edition); `note` says
//! what is uncertain; `printed_in` is how many documents of the development corpus print
//! the code in one of the line's years (0: nothing here confirms the line). The counts
//! come from `corpus/catalog-evidence.csv`, written by `corpus/catalog-evidence.sh`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::model::{Level, Scheme};
use crate::text;

/// The catalog's text, compiled in.
pub(crate) const CATALOG_CSV: &str = include_str!("catalog.csv");

/// Where a catalog line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// The Ministry of Finance's annual 《政府收支分类科目》.
    Mof,
    /// Documents print it; no edition places it (a local sub-item).
    Corpus,
}

/// One line of the catalog: a code's name over a range of budget years.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The classification.
    pub scheme: Scheme,
    /// The code (201, 20103, 2010301).
    pub code: String,
    /// The official name over `from..=to`.
    pub name: String,
    /// First budget year of the name; `None`: 2017 or before.
    pub from: Option<u16>,
    /// Last budget year of the name; `None`: still in force.
    pub to: Option<u16>,
    /// Other wordings documents print for the code in these years.
    pub variants: Vec<String>,
    /// Where the line comes from.
    pub source: Source,
    /// What is uncertain about the line, if anything.
    pub note: String,
    /// How many documents of the development corpus print the code in one of these
    /// years; 0 when nothing here confirms the line.
    pub printed_in: u32,
    /// `name` and `variants` reduced by [`bare_name`], computed once.
    bare_names: Vec<String>,
    /// `name` and `variants` without enumerator and spaces, for truncated printings.
    clean_names: Vec<String>,
}

impl Entry {
    /// Whether the line is in force in budget year `year` (any year when `None`).
    pub fn applies_to(&self, year: Option<u16>) -> bool {
        year.is_none_or(|y| self.from.is_none_or(|f| y >= f) && self.to.is_none_or(|t| y <= t))
    }

    /// 类, 款 or 项, from the code's length.
    pub fn level(&self) -> Option<Level> {
        level_of(&self.code)
    }

    /// The code one level up (20103 for 2010301), `None` for a 类.
    pub fn parent(&self) -> Option<&str> {
        parent_of(&self.code)
    }

    /// Whether a printed name is this line's name or one of its variants, also when the
    /// document's cell cut it short (机关事业单位基本养老 for …基本养老保险缴费支出).
    pub fn names(&self, printed: &str) -> bool {
        self.names_reduced(&Reduced::of(printed))
    }

    /// [`Entry::names`] for a name already reduced (once, however many lines it is
    /// compared with).
    fn names_reduced(&self, printed: &Reduced) -> bool {
        if self.bare_names.contains(&printed.bare) {
            return true;
        }
        let clean = &printed.clean;
        let chars = clean.chars().count();
        chars >= 6
            && self.clean_names.iter().any(|n| {
                n.starts_with(clean.as_str()) && chars * 5 >= n.chars().count() * 3 && n != clean
            })
    }

    /// The years of the line, as text: "2019–", "–2018", "2019–2023", "all years".
    pub fn years(&self) -> String {
        match (self.from, self.to) {
            (None, None) => "all years".to_string(),
            (Some(f), None) => format!("{f}–"),
            (None, Some(t)) => format!("–{t}"),
            (Some(f), Some(t)) if f == t => f.to_string(),
            (Some(f), Some(t)) => format!("{f}–{t}"),
        }
    }
}

/// A printed name reduced for comparison with catalog names.
struct Reduced {
    bare: String,
    clean: String,
}

impl Reduced {
    fn of(printed: &str) -> Self {
        let clean = clean_name(printed);
        Reduced {
            bare: bare_of_clean(&clean),
            clean,
        }
    }
}

/// 类, 款 or 项 of a classification code, from its length.
pub fn level_of(code: &str) -> Option<Level> {
    match code.len() {
        3 => Some(Level::Class),
        5 => Some(Level::Section),
        7 => Some(Level::Item),
        _ => None,
    }
}

/// The code one level up: 20103 for 2010301, 201 for 20103, `None` for a 类.
pub fn parent_of(code: &str) -> Option<&str> {
    match code.len() {
        5 => code.get(..3),
        7 => code.get(..5),
        _ => None,
    }
}

/// A line of catalog.csv as written.
#[derive(Deserialize)]
struct Row {
    scheme: String,
    code: String,
    name: String,
    from: Option<u16>,
    to: Option<u16>,
    variants: String,
    source: String,
    note: String,
    printed_in: u32,
}

/// Reads the catalog's CSV text; the first line that does not read is the error, with
/// its line number.
pub(crate) fn read(csv_text: &str) -> Result<Vec<Entry>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(csv_text.as_bytes());
    let mut entries = Vec::new();
    for row in reader.deserialize::<Row>() {
        let row = row.map_err(|e| e.to_string())?;
        let scheme = match row.scheme.as_str() {
            "functional" => Scheme::Functional,
            "economic_department" => Scheme::EconomicDepartment,
            "economic_government" => Scheme::EconomicGovernment,
            "revenue" => Scheme::Revenue,
            other => return Err(format!("code {}: unknown scheme {other:?}", row.code)),
        };
        let source = match row.source.as_str() {
            "mof" => Source::Mof,
            "corpus" => Source::Corpus,
            other => return Err(format!("code {}: unknown source {other:?}", row.code)),
        };
        let variants: Vec<String> = row
            .variants
            .split('|')
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect();
        let all = || std::iter::once(&row.name).chain(&variants);
        entries.push(Entry {
            bare_names: all().map(|n| bare_name(n)).collect(),
            clean_names: all().map(|n| clean_name(n)).collect(),
            scheme,
            code: row.code,
            name: row.name,
            from: row.from,
            to: row.to,
            variants,
            source,
            note: row.note,
            printed_in: row.printed_in,
        });
    }
    Ok(entries)
}

/// The catalog with its indexes, built once.
struct Catalog {
    entries: Vec<Entry>,
    by_code: HashMap<(Scheme, String), Vec<usize>>,
    /// The lines of 类 (three-digit codes), which names are looked up among.
    classes: Vec<usize>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // The text is compiled in and a test reads it whole: it cannot fail here.
    let entries = read(CATALOG_CSV).unwrap_or_default();
    let mut by_code: HashMap<(Scheme, String), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_code
            .entry((e.scheme, e.code.clone()))
            .or_default()
            .push(i);
    }
    let classes = (0..entries.len())
        .filter(|&i| entries[i].code.len() == 3)
        .collect();
    Catalog {
        entries,
        by_code,
        classes,
    }
});

/// Every line of the catalog, in the file's order.
pub fn all() -> &'static [Entry] {
    &CATALOG.entries
}

/// Every line for a code, one per name it has had, oldest first; empty when the catalog
/// does not know the code.
pub fn entries(scheme: Scheme, code: &str) -> Vec<&'static Entry> {
    let catalog = &*CATALOG;
    let mut found: Vec<&Entry> = catalog
        .by_code
        .get(&(scheme, code.to_string()))
        .map(|ix| ix.iter().map(|&i| &catalog.entries[i]).collect())
        .unwrap_or_default();
    found.sort_by_key(|e| e.from.unwrap_or(0));
    found
}

/// The line for a code in force in budget year `year`; with no year, the newest.
pub fn lookup(scheme: Scheme, code: &str, year: Option<u16>) -> Option<&'static Entry> {
    let found = entries(scheme, code);
    match year {
        Some(_) => found.into_iter().find(|e| e.applies_to(year)),
        None => found.last().copied(),
    }
}

/// The line for a code nearest to `year`: the one in force, else the closest in time
/// (a code printed a year before it was created takes its first name).
pub fn nearest(scheme: Scheme, code: &str, year: Option<u16>) -> Option<&'static Entry> {
    let found = entries(scheme, code);
    let Some(y) = year else {
        return found.last().copied();
    };
    found.into_iter().min_by_key(|e| {
        let before = e.from.map_or(0, |f| f.saturating_sub(y));
        let after = e.to.map_or(0, |t| y.saturating_sub(t));
        before + after
    })
}

/// Whether a name starts with an enumerator (一、 (三) 2. 其中：).
pub(crate) fn is_enumerated(name: &str) -> bool {
    ENUMERATOR.is_match(name)
}

static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(其中[:：]?|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])\s*",
    )
    .expect("valid regex")
});

/// A name without enumerator and spaces, ASCII parentheses.
fn clean_name(name: &str) -> String {
    let n = text::clean(&text::normalize(name));
    ENUMERATOR.replace(&n, "").into_owned()
}

/// A name reduced for comparison: no enumerator, no spaces, ASCII parentheses, no
/// trailing 支出 or unmatched parenthesis ("(三)国防支出(").
pub fn bare_name(name: &str) -> String {
    bare_of_clean(&clean_name(name))
}

/// [`bare_name`] of a name [`clean_name`] has reduced already.
fn bare_of_clean(clean: &str) -> String {
    let n = clean.trim_end_matches(['(', ')']);
    n.strip_suffix("支出").unwrap_or(n).to_string()
}

/// The 类 of `scheme` a printed name names, preferring the name in force in `year`.
/// Functional 类 are also found by the names of other years (templates keep
/// 医疗卫生与计划生育支出 for years); economic ones only by the year's names, because their
/// old names live on as names of 款 (其他资本性支出 was 310 until 2017 and is 31099).
pub(crate) fn class_by_name(
    scheme: Scheme,
    name: &str,
    year: Option<u16>,
) -> Option<&'static Entry> {
    // A document prints the same names in table after table: each is looked up once.
    thread_local! {
        static SEEN: std::cell::RefCell<HashMap<NameKey, Option<&'static Entry>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    let key = (scheme, name.to_string(), year);
    if let Some(found) = SEEN.with(|seen| seen.borrow().get(&key).copied()) {
        return found;
    }
    let found = find_class_by_name(scheme, name, year);
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        // (Bounded: a hostile text of a million distinct names keeps no more.)
        if seen.len() >= MAX_NAMES_REMEMBERED {
            seen.clear();
        }
        seen.insert(key, found);
    });
    found
}

/// What [`class_by_name`] looks up: a scheme, a printed name, a year.
type NameKey = (Scheme, String, Option<u16>);

/// Names whose 类 [`class_by_name`] remembers, per thread.
const MAX_NAMES_REMEMBERED: usize = 4096;

fn find_class_by_name(scheme: Scheme, name: &str, year: Option<u16>) -> Option<&'static Entry> {
    let any_year = scheme == Scheme::Functional;
    let printed = Reduced::of(name);
    let classes = CATALOG.classes.iter().map(|&i| &CATALOG.entries[i]);
    let mut matches = classes.filter(|e| {
        e.scheme == scheme && (any_year || e.applies_to(year)) && e.names_reduced(&printed)
    });
    let first = matches.next()?;
    let in_force = std::iter::once(first)
        .chain(matches)
        .find(|e| e.applies_to(year))
        .unwrap_or(first);
    // The name in force that year, whichever of the code's names was printed.
    lookup(scheme, &in_force.code, year).or(Some(in_force))
}

/// The lines of `scheme` in force in `year` under `parent` at the level of `code` whose
/// name or variant is `printed`: the codes a row printed with this name would be.
pub(crate) fn siblings_named(
    scheme: Scheme,
    code: &str,
    printed: &str,
    year: Option<u16>,
) -> Vec<&'static Entry> {
    let printed = Reduced::of(printed);
    CATALOG
        .entries
        .iter()
        .filter(|e| {
            e.scheme == scheme
                && e.code != code
                && e.code.len() == code.len()
                && e.parent() == parent_of(code)
                && e.applies_to(year)
                && e.names_reduced(&printed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole file reads, and every rule the data must keep holds: one name per code
    /// and year, ranges without gaps, a parent in force over each line's years, names.
    #[test]
    fn the_catalog_reads_whole_and_is_consistent() {
        let entries = read(CATALOG_CSV).expect("catalog.csv reads");
        let mut data = CATALOG_CSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        assert_eq!(
            data.next(),
            Some("scheme,code,name,from,to,variants,source,note,printed_in")
        );
        assert_eq!(entries.len(), data.count(), "every line read");
        let mut problems = Vec::new();
        let mut by_code: HashMap<(Scheme, &str), Vec<&Entry>> = HashMap::new();
        for e in &entries {
            by_code
                .entry((e.scheme, e.code.as_str()))
                .or_default()
                .push(e);
            if e.name.trim().is_empty() || e.name != e.name.trim() {
                problems.push(format!("{}: empty or padded name", e.code));
            }
            if !e.code.chars().all(|c| c.is_ascii_digit()) || e.level().is_none() {
                problems.push(format!("{}: not a 3, 5 or 7-digit code", e.code));
            }
            if e.name.contains(['（', '）', ' ']) {
                problems.push(format!("{}: full-width parenthesis or space", e.code));
            }
            if let (Some(f), Some(t)) = (e.from, e.to) {
                if f > t {
                    problems.push(format!("{}: from {f} after to {t}", e.code));
                }
            }
        }
        for ((scheme, code), lines) in &by_code {
            let mut lines = lines.clone();
            lines.sort_by_key(|e| e.from.unwrap_or(0));
            for pair in lines.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                match (a.to, b.from) {
                    (Some(t), Some(f)) if f == t + 1 => {}
                    // A code retired and later given a new meaning, said so.
                    (Some(t), Some(f)) if f > t && b.note.starts_with("reused") => {}
                    _ => problems.push(format!(
                        "{scheme:?} {code}: {} then {} (overlap or gap)",
                        a.years(),
                        b.years()
                    )),
                }
            }
            let Some(parent) = parent_of(code) else {
                continue;
            };
            for e in &lines {
                let covered = |y: u16| {
                    by_code
                        .get(&(*scheme, parent))
                        .is_some_and(|ps| ps.iter().any(|p| p.applies_to(Some(y))))
                };
                let first = e.from.unwrap_or(2017);
                let last = e.to.unwrap_or(2026);
                if let Some(y) = (first..=last).find(|&y| !covered(y)) {
                    problems.push(format!(
                        "{scheme:?} {code} ({}): no parent {parent} in {y}",
                        e.years()
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// `printed_in` is what `corpus/catalog-evidence.csv` says: the documents that print
    /// the line's code in one of its years (rewritten together by
    /// corpus/catalog-evidence.sh).
    #[test]
    fn printed_in_counts_the_committed_evidence() {
        let evidence = include_str!("../../corpus/catalog-evidence.csv");
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(evidence.as_bytes());
        // (scheme, code) → (year, document) pairs.
        let mut printed: HashMap<(String, String), Vec<(u16, String)>> = HashMap::new();
        for record in reader.records() {
            let record = record.expect("evidence line reads");
            let Ok(year) = record[2].parse::<u16>() else {
                continue;
            };
            for document in record[4].split(' ') {
                printed
                    .entry((record[0].to_string(), record[1].to_string()))
                    .or_default()
                    .push((year, document.to_string()));
            }
        }
        let mut wrong = Vec::new();
        for e in all() {
            let mut documents: Vec<&str> = printed
                .get(&(e.scheme.as_str().to_string(), e.code.clone()))
                .into_iter()
                .flatten()
                .filter(|(y, _)| e.applies_to(Some(*y)))
                .map(|(_, d)| d.as_str())
                .collect();
            documents.sort_unstable();
            documents.dedup();
            if documents.len() != e.printed_in as usize {
                wrong.push(format!(
                    "{} {}: {} in the evidence",
                    e.code,
                    e.printed_in,
                    documents.len()
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "run corpus/catalog-evidence.sh: {}",
            wrong.join(", ")
        );
    }

    /// Every code the corpus prints is in the classification of its document's year,
    /// but for those that really are not, each with why.
    #[test]
    fn every_printed_code_is_in_its_year() {
        const NOT_IN_THE_CLASSIFICATION: &[(&str, &str)] = &[
            // A 决算 prints 项 "00" under a 款 that has no 项 (21211 has none).
            ("2121100", "foshan-rail-transit-bureau-2019-final"),
            // A unit numbers its 302 rows 01, 02, 03 … in order, not by the classification.
            (
                "30210",
                "shanghai-putuo-social-welfare-home-2024-unit-budget",
            ),
        ];
        let evidence = include_str!("../../corpus/catalog-evidence.csv");
        let documents: HashMap<&str, &str> = evidence
            .lines()
            .filter_map(|l| l.strip_prefix("# d"))
            .filter_map(|l| l.split_once(" = "))
            .collect();
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(evidence.as_bytes());
        let mut missing = Vec::new();
        for record in reader.records() {
            let record = record.expect("evidence line reads");
            let scheme = match &record[0] {
                "functional" => Scheme::Functional,
                "economic_department" => Scheme::EconomicDepartment,
                "economic_government" => Scheme::EconomicGovernment,
                _ => Scheme::Revenue,
            };
            let (code, year) = (&record[1], record[2].parse::<u16>().ok());
            // A 7-digit economic code is a province's own subdivision of a 款 (Beijing's
            // 3021101 under 30211, Chongqing's 3010201 under 30102): never in the national
            // classification, and reported as such.
            let local = matches!(
                scheme,
                Scheme::EconomicDepartment | Scheme::EconomicGovernment
            ) && code.len() == 7;
            if local || lookup(scheme, code, year).is_some() {
                continue;
            }
            for id in record[4].split(' ') {
                let document = documents.get(id.trim_start_matches('d')).copied();
                if !NOT_IN_THE_CLASSIFICATION.contains(&(code, document.unwrap_or_default())) {
                    missing.push(format!("{code} in {year:?} ({document:?})"));
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    #[test]
    fn names_years_and_truncations() {
        let culture = entries(Scheme::Functional, "207");
        assert!(culture.len() >= 2, "207 was renamed in 2019");
        assert_eq!(
            lookup(Scheme::Functional, "207", Some(2018)).map(|e| e.name.as_str()),
            Some("文化体育与传媒支出")
        );
        assert_eq!(
            lookup(Scheme::Functional, "207", Some(2023)).map(|e| e.name.as_str()),
            Some("文化旅游体育与传媒支出")
        );
        assert!(lookup(Scheme::Functional, "20140", Some(2022)).is_none());
        assert_eq!(
            nearest(Scheme::Functional, "20140", Some(2022)).map(|e| e.name.as_str()),
            Some("信访事务")
        );
        let pension = lookup(Scheme::Functional, "2080505", Some(2022)).expect("2080505");
        assert!(pension.names("机关事业单位基本养老"), "cut by its cell");
        assert!(!pension.names("机关事业"), "too short to tell");
        assert_eq!(pension.parent(), Some("20805"));
        assert_eq!(pension.level(), Some(Level::Item));
    }
}
