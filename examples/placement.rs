//! Accounts for every numeric token inside every table region of the given files: how
//! many became values, how many are codes, keys or header furniture, how many sit on a
//! row that a finding reports as displaced, and which were not placed at all.
//!
//! `cargo run --example placement -- ../shared/seeds/*.txt`

use yusuan::Document;

/// A cell that is a number: an amount, a percentage, or a compared quantity ("≥2 组").
fn is_numeric_token(cell: &str) -> bool {
    let t = cell.trim();
    let body = t
        .trim_start_matches(['≥', '≤', '>', '<', '=', '-', '−'])
        .trim();
    let body = body.strip_suffix('%').unwrap_or(body).trim();
    !body.is_empty()
        && body.chars().next().is_some_and(|c| c.is_ascii_digit())
        && (body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            || t.starts_with(['≥', '≤', '>', '<']))
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    if t.starts_with('|') && t.ends_with('|') && t.len() > 1 {
        t[1..t.len() - 1]
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    } else {
        line.split('\t').map(|c| c.trim().to_string()).collect()
    }
}

fn account(path: &str, text: &str, doc: &Document) {
    let lines: Vec<&str> = text.lines().collect();
    let (mut tokens, mut values, mut keys, mut header, mut flagged) = (0, 0, 0, 0, 0);
    let mut unplaced = Vec::new();
    for (ti, t) in doc.tables.iter().enumerate() {
        let body_lines: Vec<usize> = t.records.iter().map(|r| r.line).collect();
        for n in t.lines.0..=t.lines.1 {
            let Some(line) = lines.get(n.wrapping_sub(1)) else {
                continue;
            };
            for cell in cells(line).into_iter().filter(|c| is_numeric_token(c)) {
                tokens += 1;
                let value_col = t
                    .records
                    .iter()
                    .flat_map(|r| &r.values)
                    .find(|v| v.line == n && v.printed.trim() == cell)
                    .map(|v| v.column.as_str());
                let key_col = t
                    .records
                    .iter()
                    .filter(|r| r.line == n)
                    .flat_map(|r| &r.keys)
                    .find(|k| k.text.replace(' ', "") == cell.replace(' ', ""))
                    .map(|k| k.column.as_str());
                let as_value = value_col.is_some();
                let as_key = key_col.is_some()
                    || t.records.iter().filter(|r| r.line == n).any(|r| {
                        r.code.as_deref() == Some(cell.as_str())
                            || r.seq.as_deref() == Some(cell.as_str())
                    });
                // Flagged: the very cell a finding reports as standing in the wrong column.
                let displaced = doc.findings.iter().any(|f| {
                    f.table == Some(ti)
                        && f.line == Some(n)
                        && matches!(
                            f.rule.as_str(),
                            "value_in_key_column" | "text_in_amount_column"
                        )
                        && f.column.is_some()
                        && (f.column.as_deref() == key_col || f.column.as_deref() == value_col)
                });
                if displaced {
                    flagged += 1;
                } else if as_value {
                    values += 1;
                } else if as_key {
                    keys += 1;
                } else if !body_lines.contains(&n) {
                    header += 1;
                } else {
                    unplaced.push(format!("table {ti} line {n}: {cell:?}"));
                }
            }
        }
    }
    println!(
        "{path}: {} tables; {tokens} numeric tokens in table regions: {values} values, {keys} codes/keys/序号, \
         {header} header furniture (栏次), {flagged} on rows reported as displaced, {} not placed",
        doc.tables.len(),
        unplaced.len()
    );
    for u in unplaced {
        println!("  not placed: {u}");
    }
}

fn main() {
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        account(&path, &text, &yusuan::parse_str(&text, &path));
    }
}
