//! Mutation test of the validation stage: single amount cells of the corpus's financial
//! tables are changed (±0.01, ±1, two digits swapped, a digit dropped) and the document
//! read again; a mutation counts as caught when a validation finding appears that the
//! unmutated document does not have. The score must be at least 95%.

mod common;

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use yusuan::{Layout, TableKind};

const RULES: [&str; 7] = [
    "row_sum",
    "hierarchy_sum",
    "total_row_sum",
    "balance",
    "cross_table",
    "prose",
    "rounding",
];

fn checks(doc: &yusuan::Document) -> BTreeSet<String> {
    doc.findings
        .iter()
        .filter(|f| RULES.contains(&f.rule.as_str()))
        .map(|f| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?}",
                f.rule, f.table, f.line, f.column, f.expected, f.found
            )
        })
        .collect()
}

/// The mutations of one printed amount.
fn mutations(printed: &str) -> Vec<String> {
    let Ok(d) = printed.replace(',', "").parse::<Decimal>() else {
        return Vec::new();
    };
    let scale = d.scale().max(2);
    let fmt = |x: Decimal| format!("{:.*}", scale as usize, x);
    let mut out = vec![fmt(d + Decimal::new(1, 2)), fmt(d + Decimal::ONE)];
    if d >= Decimal::new(1, 2) {
        out.push(fmt(d - Decimal::new(1, 2)));
    }
    if d >= Decimal::ONE {
        out.push(fmt(d - Decimal::ONE));
    }
    let digits: Vec<char> = printed.chars().collect();
    if let Some(i) = (0..digits.len().saturating_sub(1)).find(|&i| {
        digits[i].is_ascii_digit() && digits[i + 1].is_ascii_digit() && digits[i] != digits[i + 1]
    }) {
        let mut swapped = digits.clone();
        swapped.swap(i, i + 1);
        out.push(swapped.into_iter().collect());
    }
    if let Some(i) = digits.iter().position(|c| c.is_ascii_digit() && *c != '0') {
        let mut dropped = digits.clone();
        dropped.remove(i);
        let s: String = dropped.into_iter().collect();
        if s.parse::<Decimal>().is_ok() && !s.is_empty() && !s.starts_with('.') {
            out.push(s);
        }
    }
    out.retain(|m| m != printed);
    out
}

#[test]
fn at_least_95_percent_of_single_cell_mutations_are_flagged() {
    let (mut total, mut caught) = (0usize, 0usize);
    let mut missed = Vec::new();
    let seeds = common::corpus_texts();
    if seeds.is_empty() {
        return;
    }
    for path in seeds {
        let text = std::fs::read_to_string(&path).expect("corpus text");
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let doc = yusuan::parse_str(&text, &name);
        let baseline = checks(&doc);
        // The cells to mutate: amounts of the financial tables (not forms, not
        // performance targets, not untitled blocks), by their line.
        let lines: BTreeSet<usize> = doc
            .tables
            .iter()
            .filter(|t| {
                t.layout == Layout::Grid
                    && !matches!(t.kind, TableKind::PerformanceTargets | TableKind::Other)
            })
            .flat_map(|t| &t.records)
            .flat_map(|r| &r.values)
            .filter(|v| v.amount.is_some())
            .map(|v| v.line)
            .collect();
        let source: Vec<&str> = text.lines().collect();
        for &line in &lines {
            let cells: Vec<&str> = source[line - 1].split('\t').collect();
            for (i, cell) in cells.iter().enumerate() {
                let printed = cell.trim();
                if !printed.contains('.') || printed.parse::<Decimal>().is_err() {
                    continue;
                }
                for m in mutations(printed) {
                    let mut mutated_cells = cells.clone();
                    mutated_cells[i] = &m;
                    let mut mutated: Vec<String> = source.iter().map(|l| l.to_string()).collect();
                    mutated[line - 1] = mutated_cells.join("\t");
                    let doc = yusuan::parse_str(&mutated.join("\n"), &name);
                    total += 1;
                    if checks(&doc).difference(&baseline).next().is_some() {
                        caught += 1;
                    } else {
                        missed.push(format!("{name} line {line} cell {i}: {printed} -> {m}"));
                    }
                }
            }
        }
    }
    let score = caught as f64 / total as f64;
    println!("mutation score: {caught}/{total} = {:.1}%", score * 100.0);
    for m in missed.iter().take(40) {
        println!("  missed: {m}");
    }
    assert!(total > 1000, "{total} mutations");
    assert!(
        score >= 0.95,
        "mutation score {:.1}% ({caught}/{total})",
        score * 100.0
    );
}
