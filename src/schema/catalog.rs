//! The classification catalog: 支出功能分类 and the two economic classifications, with
//! the years each name is in force. The data is catalog.csv beside this file (compiled
//! in; its header names the sources).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::Scheme;
use crate::text;

/// One catalog line.
#[derive(Debug, Clone)]
pub struct Entry {
    pub scheme: Scheme,
    pub code: String,
    pub name: String,
    pub from: Option<u16>,
    pub to: Option<u16>,
    pub aliases: Vec<String>,
}

impl Entry {
    pub fn applies_to(&self, year: Option<u16>) -> bool {
        year.is_none_or(|y| self.from.is_none_or(|f| y >= f) && self.to.is_none_or(|t| y <= t))
    }

    /// Whether a printed name is this entry's name or one of its aliases.
    pub fn names(&self, printed: &str) -> bool {
        let bare = bare_name(printed);
        bare == bare_name(&self.name) || self.aliases.iter().any(|a| bare == bare_name(a))
    }
}

/// The catalog, compiled in (src/schema/catalog.csv, sources in its header).
static CATALOG: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    include_str!("catalog.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let scheme = match *f.first()? {
                "functional" => Scheme::Functional,
                "economic_department" => Scheme::EconomicDepartment,
                "economic_government" => Scheme::EconomicGovernment,
                _ => return None,
            };
            Some(Entry {
                scheme,
                code: f.get(1)?.to_string(),
                name: f.get(2)?.to_string(),
                from: f.get(3).and_then(|y| y.parse().ok()),
                to: f.get(4).and_then(|y| y.parse().ok()),
                aliases: f
                    .get(5)
                    .map(|a| {
                        a.split('|')
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect()
});

static BY_CODE: LazyLock<HashMap<(Scheme, &'static str), Vec<&'static Entry>>> =
    LazyLock::new(|| {
        let mut map: HashMap<(Scheme, &str), Vec<&Entry>> = HashMap::new();
        for e in CATALOG.iter() {
            map.entry((e.scheme, e.code.as_str())).or_default().push(e);
        }
        map
    });

/// Number of entries in the catalog.
#[cfg(test)]
pub fn catalog_len() -> usize {
    CATALOG.len()
}

/// Every entry for a code, one per name it has had.
pub fn entries(scheme: Scheme, code: &str) -> Option<Vec<&'static Entry>> {
    BY_CODE.get(&(scheme, code)).cloned()
}

/// Whether a name starts with an enumerator (一、 (三) 2. 其中：).
pub fn is_enumerated(name: &str) -> bool {
    ENUMERATOR.is_match(name)
}

/// The catalog entry for a code, preferring the name in force in `year`.
pub fn lookup(scheme: Scheme, code: &str, year: Option<u16>) -> Option<&'static Entry> {
    let entries = BY_CODE.get(&(scheme, code))?;
    entries
        .iter()
        .find(|e| e.applies_to(year))
        .or(entries.first())
        .copied()
}

static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(其中[:：]?|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])\s*",
    )
    .expect("valid regex")
});

/// A name reduced for comparison: no enumerator, no spaces, ASCII parentheses, no
/// trailing 支出 or unmatched parenthesis ("(三)国防支出(").
pub fn bare_name(name: &str) -> String {
    let n = text::clean(&text::normalize(name));
    let n = ENUMERATOR.replace(&n, "");
    let n = n.trim_end_matches(['(', ')']);
    n.strip_suffix("支出").unwrap_or(n).to_string()
}

/// The functional class (类) a summary-table row names, whatever its enumerator.
pub fn class_by_name(name: &str, year: Option<u16>) -> Option<&'static Entry> {
    let bare = bare_name(name);
    let mut matches = CATALOG
        .iter()
        .filter(|e| e.scheme == Scheme::Functional && e.code.len() == 3 && e.names(&bare));
    let first = matches.next()?;
    Some(matches.find(|e| e.applies_to(year)).unwrap_or(first))
}
