//! `amount_unplaced`: every amount printed in a table cell is placed in some table.
//!
//! The front ends list the amounts they saw printed in table cells, apart from how the
//! recogniser then read the rows. Each is looked for among the values placed from the
//! same page (PDF: preferring a value whose box holds it) or the same line (text); each
//! value accounts for one printed amount. What is left is reported, with its page, line
//! and box, and the document's coverage counts both.

use std::collections::HashMap;

use crate::line::{PrintedAmount, Rect};
use crate::model::{Coverage, Document, Finding, Severity};

/// A placed value that may account for a printed amount.
struct Placed {
    amount: rust_decimal::Decimal,
    bbox: Option<Rect>,
    used: bool,
}

/// Where a printed amount and a placed value must both be to match: the page for PDF
/// input (values carry boxes), the line for text.
#[derive(PartialEq, Eq, Hash)]
enum Place {
    Page(u32),
    Line(usize),
}

/// Matches `printed` against the document's values; fills `doc.coverage` and reports
/// each amount not placed.
pub fn check(doc: &mut Document, printed: &[PrintedAmount]) {
    let by_page = printed.iter().any(|p| p.bbox.is_some());
    let mut placed: HashMap<Place, Vec<Placed>> = HashMap::new();
    for v in doc
        .tables
        .iter()
        .flat_map(|t| &t.records)
        .flat_map(|r| &r.values)
    {
        let Some(amount) = v.amount else { continue };
        let place = match (by_page, v.page) {
            (true, Some(page)) => Place::Page(page),
            (true, None) => continue,
            (false, _) => Place::Line(v.line),
        };
        placed.entry(place).or_default().push(Placed {
            amount,
            bbox: v.bbox,
            used: false,
        });
    }
    let mut coverage = Coverage {
        printed: printed.len(),
        placed: 0,
    };
    for p in printed {
        let place = match (by_page, p.page, p.line) {
            (true, Some(page), _) => Some(Place::Page(page)),
            (false, _, Some(line)) => Some(Place::Line(line)),
            _ => None,
        };
        let candidates = place.and_then(|k| placed.get_mut(&k));
        if candidates.is_some_and(|c| take(c, p)) {
            coverage.placed += 1;
            continue;
        }
        let table = p.line.and_then(|l| {
            doc.tables
                .iter()
                .position(|t| t.lines.0 <= l && l <= t.lines.1)
        });
        let page = p.page.map(|n| format!(" on page {n}")).unwrap_or_default();
        let message = match table {
            Some(t) => format!(
                "{} printed{page} among the rows of table {t} is placed in no column",
                p.text
            ),
            None => format!("{} printed in a table cell{page} is in no table", p.text),
        };
        doc.findings.push(Finding {
            severity: Severity::Error,
            rule: "amount_unplaced".to_string(),
            message,
            table,
            line: p.line,
            page: p.page,
            bbox: p.bbox,
            found: Some(p.amount),
            ..Default::default()
        });
    }
    doc.coverage = coverage;
}

/// Marks the value that accounts for `p` as used: one whose box holds it if any, else
/// any with the same amount.
fn take(candidates: &mut [Placed], p: &PrintedAmount) -> bool {
    let holds = |b: &Option<Rect>| match (b, p.bbox) {
        (Some(b), Some(q)) => {
            let (x, y) = ((q[0] + q[2]) / 2.0, (q[1] + q[3]) / 2.0);
            b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3]
        }
        _ => false,
    };
    let same = |c: &Placed| !c.used && c.amount == p.amount;
    let best = candidates
        .iter()
        .position(|c| same(c) && holds(&c.bbox))
        .or_else(|| candidates.iter().position(same));
    match best {
        Some(i) => {
            candidates[i].used = true;
            true
        }
        None => false,
    }
}
