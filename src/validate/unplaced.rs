//! `amount_unplaced`: every amount printed in a table cell is placed in some table.
//!
//! The front ends list the amounts they saw printed in table cells, apart from how the
//! recogniser then read the rows. Each is looked for among the values placed from the
//! same page (PDF: preferring a value whose box holds it) or the same line (text); each
//! value accounts for one printed amount. What is left is reported, with its page, line
//! and box, and the document's coverage counts both.

use std::collections::HashMap;

use crate::line::{PrintedAmount, Rect, holds};
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
    let place_of = |p: &PrintedAmount| match (by_page, p.page, p.line) {
        (true, Some(page), _) => Some(Place::Page(page)),
        (false, _, Some(line)) => Some(Place::Line(line)),
        _ => None,
    };
    // Two passes, so that an amount whose own cell holds the value is matched to it
    // before another printing of the same amount elsewhere on the page takes it.
    let mut matched = vec![false; printed.len()];
    for strict in [true, false] {
        for (p, done) in printed.iter().zip(matched.iter_mut()) {
            if *done {
                continue;
            }
            let candidates = place_of(p).and_then(|k| placed.get_mut(&k));
            *done = candidates.is_some_and(|c| take(c, p, strict));
        }
    }
    let coverage = Coverage {
        printed: printed.len(),
        placed: matched.iter().filter(|m| **m).count(),
    };
    for (p, _) in printed.iter().zip(&matched).filter(|(_, m)| !**m) {
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

/// Marks a value that accounts for `p` as used: with `strict`, one whose box holds it;
/// else any with the same amount.
fn take(candidates: &mut [Placed], p: &PrintedAmount, strict: bool) -> bool {
    let holds_it = |b: &Option<Rect>| match (b, &p.bbox) {
        (Some(b), Some(q)) => holds(b, q),
        _ => false,
    };
    let same = |c: &Placed| !c.used && c.amount == p.amount;
    let best = candidates
        .iter()
        .position(|c| same(c) && (!strict || holds_it(&c.bbox)));
    match best {
        Some(i) => {
            candidates[i].used = true;
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(line: usize, text: &str) -> PrintedAmount {
        PrintedAmount {
            page: None,
            line: Some(line),
            bbox: None,
            text: text.to_string(),
            amount: text.replace(',', "").parse().unwrap(),
        }
    }

    #[test]
    fn each_value_accounts_for_one_printed_amount() {
        let mut doc = crate::parse_str("收支总表\n项目\t金额\t金额\n合计\t1,095.72\t5.00\n", "t");
        doc.findings.clear();
        // Line 3 prints 1,095.72 twice, but only one value was placed from it; 9.99 on
        // line 9 is on no table's line.
        let list = [
            printed(3, "1,095.72"),
            printed(3, "5.00"),
            printed(3, "1,095.72"),
            printed(9, "9.99"),
        ];
        check(&mut doc, &list);
        assert_eq!(
            doc.coverage,
            Coverage {
                printed: 4,
                placed: 2
            }
        );
        let unplaced: Vec<(Option<usize>, Option<usize>)> = doc
            .findings
            .iter()
            .filter(|f| f.rule == "amount_unplaced")
            .map(|f| (f.table, f.line))
            .collect();
        assert_eq!(unplaced, [(Some(0), Some(3)), (None, Some(9))]);
    }

    #[test]
    fn a_pdf_amount_prefers_the_value_whose_box_holds_it() {
        let mut doc = crate::parse_str("表\n项目\t金额\n合计\t1.00\n", "t");
        let value = &mut doc.tables[0].records[0].values[0];
        value.page = Some(1);
        value.bbox = Some([100.0, 100.0, 150.0, 110.0]);
        let at = |x: f64| PrintedAmount {
            page: Some(1),
            line: None,
            bbox: Some([x, 101.0, x + 10.0, 109.0]),
            text: "1.00".into(),
            amount: "1.00".parse().unwrap(),
        };
        // The one outside the value's box is the one reported, whatever the order.
        check(&mut doc, &[at(300.0), at(120.0)]);
        let f = doc
            .findings
            .iter()
            .find(|f| f.rule == "amount_unplaced")
            .unwrap();
        assert_eq!(f.bbox.map(|b| b[0]), Some(300.0));
    }
}
