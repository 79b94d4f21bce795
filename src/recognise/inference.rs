//! Columns of rows printed without their empty cells, inferred from the table's sums.
//!
//! Single-space text (`pdftotext -raw` and the like) drops empty cells: a row that
//! prints two amounts under three columns does not say which two. The front end places
//! them in order and marks the row packed. Here the table's own identities decide where
//! they can: the rows under one parent (the 项 of a 款, the 款 of a 类, the 类 under the
//! 合计 row) add up, column by column, to the parent's amounts. Every way of spreading
//! the packed rows' amounts over the columns (keeping their order) is tried; where all
//! the ways that add up agree on a row, its amounts are moved there and the row gets a
//! `column_inferred` finding. Any other packed row keeps its values in order with a
//! `column_ambiguous` finding naming the candidate columns. Nothing is guessed silently.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::placement::Findings;
use crate::model::{Column, Record, RecordKind, Severity};

/// The most steps spent on the spreads of one parent's rows; past it, nothing is
/// inferred for them.
const MAX_STEPS: usize = 20_000;
/// The most unknown rows under one parent, and the most ways to spread one row, that
/// are searched (the search's depth and breadth).
const MAX_UNKNOWN: usize = 64;
const MAX_WAYS: usize = 256;
/// The most columns of amounts, and whole rows, the identities of a table are learnt
/// from.
const MAX_IDENTITY_COLUMNS: usize = 64;
const MAX_IDENTITY_ROWS: usize = 200;

/// What the spreads that add up say of one row: none yet, all the same, or not one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Agreed {
    None,
    One(usize),
    Several,
}

/// A depth-first search over the unknown rows' spreads, pruned where all amounts are
/// non-negative and a column's sum has passed its total.
struct Search<'a> {
    adds: &'a [Vec<Vec<Decimal>>],
    tolerance: Decimal,
    prune: bool,
    budget: usize,
    agreed: Vec<Agreed>,
    pick: Vec<usize>,
}

impl Search<'_> {
    /// Tries every spread of rows `u..` on top of `sums`; false if the budget ran out.
    fn run(&mut self, u: usize, sums: Vec<Decimal>) -> bool {
        if u == self.adds.len() {
            if sums.iter().all(|s| s.abs() <= self.tolerance) {
                for (a, &i) in self.agreed.iter_mut().zip(&self.pick) {
                    *a = match *a {
                        Agreed::None => Agreed::One(i),
                        Agreed::One(j) if j == i => Agreed::One(i),
                        _ => Agreed::Several,
                    };
                }
            }
            return true;
        }
        // Past the parent (row 0 when packed), rows only add.
        let parent_done = u > 0 || self.adds[u].iter().flatten().all(|a| !a.is_sign_negative());
        for i in 0..self.adds[u].len() {
            if self.budget == 0 {
                return false;
            }
            self.budget -= 1;
            let next: Vec<Decimal> = sums
                .iter()
                .zip(&self.adds[u][i])
                .map(|(s, a)| s + a)
                .collect();
            if self.prune && parent_done && next.iter().any(|s| *s > self.tolerance) {
                continue;
            }
            self.pick[u] = i;
            if !self.run(u + 1, next) {
                return false;
            }
        }
        true
    }
}

/// Places the amounts of the packed records (by line) where the sums decide, and
/// reports each packed record: inferred, or ambiguous.
pub(crate) fn place_packed(
    records: &mut [Record],
    columns: &[Column],
    packed: &BTreeSet<usize>,
    f: &mut Findings<'_>,
) {
    // The columns of amounts of each group (side-by-side groups are separate tables).
    let groups = columns.iter().map(|c| c.group + 1).max().unwrap_or(0);
    let amounts_by_group: Vec<Vec<&Column>> =
        (0..groups).map(|g| amounts_of_group(columns, g)).collect();
    let amounts_of =
        |group: usize| -> &[&Column] { amounts_by_group.get(group).map_or(&[], Vec::as_slice) };
    // A packed row that printed fewer values than its group has columns is reported;
    // one whose values are all amounts (no dash, no text) takes part in the sums.
    let is_short = |r: &Record| {
        packed.contains(&r.line)
            && r.values.len() < amounts_of(r.group).len()
            && !r.values.is_empty()
    };
    let is_packed = |r: &Record| is_short(r) && r.values.iter().all(|v| v.amount.is_some());
    // What the rows printed whole say of each group's columns: which total is the sum
    // of which columns.
    let identities: Vec<Vec<Identity>> = (0..groups)
        .map(|g| {
            let whole: Vec<Vec<Decimal>> = records
                .iter()
                .filter(|r| r.group == g && !packed.contains(&r.line))
                .filter_map(|r| {
                    amounts_of(g)
                        .iter()
                        .map(|c| r.values.iter().find(|v| v.col == c.index)?.amount)
                        .collect::<Option<Vec<Decimal>>>()
                })
                .collect();
            row_identities(amounts_of(g), &whole)
        })
        .collect();
    let keeps_identities = |group: usize, values: &[Decimal], at: &[usize]| {
        let mut row = vec![Decimal::ZERO; amounts_of(group).len()];
        for (v, &k) in values.iter().zip(at) {
            row[k] += v;
        }
        identities[group].iter().all(|i| i.holds(&row))
    };
    // Each record's children, by the key of their parent: (group, code), the 合计 row's
    // key being its group and no code.
    let mut children_of: HashMap<(usize, Option<&str>), Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(parent) = parent_key(r) {
            children_of.entry((r.group, parent)).or_default().push(i);
        }
    }
    // Each packed record's spread, as every parent's sums decide it; a record whose
    // parents decide differently stays ambiguous.
    let mut inferred: Vec<Option<Vec<usize>>> = vec![None; records.len()];
    let mut contradicted = vec![false; records.len()];
    // Whether an economic class's definition took part in a record's spread.
    let mut by_definition = vec![false; records.len()];
    for parent in 0..records.len() {
        let key = match (&records[parent].code, records[parent].kind) {
            (Some(code), _) => Some(code.as_str()),
            (None, RecordKind::Total) => None,
            _ => continue,
        };
        let Some(children) = children_of.get(&(records[parent].group, key)) else {
            continue;
        };
        let amounts = amounts_of(records[parent].group);
        // A child placed in order but not searchable (a dash among its amounts) leaves
        // the sums unknown.
        if children
            .iter()
            .any(|&c| is_short(&records[c]) && !is_packed(&records[c]))
        {
            continue;
        }
        // The parent itself may be packed: its spread is one more unknown.
        // A parent whose spread the sums above it decided counts as printed so.
        let parent_spread = inferred[parent].clone().filter(|_| !contradicted[parent]);
        let parent_packed = is_packed(&records[parent]) && parent_spread.is_none();
        // The parent first: once its spread is chosen, every row added is a part, and a
        // column that has passed its total ends the branch.
        let unknown: Vec<usize> = parent_packed
            .then_some(parent)
            .into_iter()
            .chain(children.iter().copied().filter(|&c| is_packed(&records[c])))
            .collect();
        let too_many = unknown.len() > MAX_UNKNOWN
            || unknown
                .iter()
                .any(|&c| ways(amounts.len(), records[c].values.len()) > MAX_WAYS);
        if unknown.is_empty() || too_many {
            continue;
        }
        let total_first = amounts.first().is_some_and(|c| is_total_label(&c.path));
        let group = records[parent].group;
        let learned = !identities[group].is_empty();
        // The ways each unknown row may spread under the table's sums; then those that
        // keep each economic class to the columns its definition allows (see
        // `outside_its_class`), tried first.
        let all_choices: Vec<Vec<Vec<usize>>> = unknown
            .iter()
            .map(|&c| {
                let values: Vec<Decimal> =
                    records[c].values.iter().filter_map(|v| v.amount).collect();
                ordered_choices(amounts.len(), values.len())
                    .into_iter()
                    .filter(|at| match learned {
                        true => keeps_identities(group, &values, at),
                        false => !total_first || is_whole(&values, at),
                    })
                    .collect()
            })
            .collect();
        let class_choices: Vec<Vec<Vec<usize>>> = unknown
            .iter()
            .zip(&all_choices)
            .map(|(&c, ways)| {
                let code = records[c].code.as_deref().unwrap_or_default();
                let values: Vec<Decimal> =
                    records[c].values.iter().filter_map(|v| v.amount).collect();
                ways.iter()
                    .filter(|at| {
                        !values.iter().zip(at.iter()).any(|(v, &k)| {
                            !v.is_zero() && outside_its_class(code, &amounts[k].path)
                        })
                    })
                    .cloned()
                    .collect()
            })
            .collect();
        // The children's sums less the parent's amounts: zero in every column when the
        // spread adds up. Known rows count as printed.
        let mut known = vec![Decimal::ZERO; amounts.len()];
        for &c in children.iter().filter(|c| !unknown.contains(c)) {
            for (k, col) in amounts.iter().enumerate() {
                known[k] += amount_in(&records[c], col.index);
            }
        }
        match &parent_spread {
            Some(at) => {
                for (v, &k) in records[parent].values.iter().zip(at) {
                    known[k] -= v.amount.unwrap_or_default();
                }
            }
            None if !parent_packed => {
                for (k, col) in amounts.iter().enumerate() {
                    known[k] -= amount_in(&records[parent], col.index);
                }
            }
            None => {}
        }
        // What each way of spreading each unknown row adds to each column (the parent's
        // amounts count against).
        let adds_for = |choices: &[Vec<Vec<usize>>]| -> Vec<Vec<Vec<Decimal>>> {
            unknown
                .iter()
                .zip(choices)
                .map(|(&c, ways)| {
                    let sign = if c == parent {
                        -Decimal::ONE
                    } else {
                        Decimal::ONE
                    };
                    ways.iter()
                        .map(|at| {
                            let mut add = vec![Decimal::ZERO; amounts.len()];
                            for (v, &k) in records[c].values.iter().zip(at) {
                                add[k] += sign * v.amount.unwrap_or_default();
                            }
                            add
                        })
                        .collect()
                })
                .collect()
        };
        let nonnegative = children
            .iter()
            .flat_map(|&c| &records[c].values)
            .all(|v| v.amount.is_none_or(|a| !a.is_sign_negative()));
        let mut outcome = None;
        for (by_class, choices) in [(true, &class_choices), (false, &all_choices)] {
            let adds = adds_for(choices);
            let mut search = Search {
                adds: &adds,
                // Each printed amount may be off by its rounding to the cent.
                tolerance: Decimal::new(1, 2) * Decimal::from(children.len()),
                prune: nonnegative,
                budget: MAX_STEPS,
                agreed: vec![Agreed::None; unknown.len()],
                pick: vec![0; unknown.len()],
            };
            if !search.run(0, known.clone()) {
                break;
            }
            let added_up = search.agreed.iter().any(|a| *a != Agreed::None);
            if added_up || !by_class {
                outcome = Some((choices, search.agreed, by_class));
                break;
            }
        }
        let Some((choices, agreed, by_class)) = outcome else {
            continue;
        };
        // The rows the definition narrowed, to say so.
        let narrowed: Vec<bool> = all_choices
            .iter()
            .zip(&class_choices)
            .map(|(all, kept)| by_class && all.len() != kept.len())
            .collect();
        for (u, &c) in unknown.iter().enumerate() {
            if let Agreed::One(i) = agreed[u] {
                let at = &choices[u][i];
                by_definition[c] |= narrowed[u];
                match &inferred[c] {
                    Some(before) if before != at => contradicted[c] = true,
                    _ => inferred[c] = Some(at.clone()),
                }
            }
        }
    }
    for (((r, at), contradicted), by_definition) in records
        .iter_mut()
        .zip(inferred)
        .zip(contradicted)
        .zip(by_definition)
    {
        if !is_short(r) {
            continue;
        }
        let at = at.filter(|_| !contradicted);
        let amounts = amounts_of(r.group);
        let names: Vec<&str> = amounts.iter().map(|c| c.path.as_str()).collect();
        match at {
            Some(at) => {
                for (v, &k) in r.values.iter_mut().zip(&at) {
                    v.column = amounts[k].path.clone();
                    v.col = amounts[k].index;
                }
                let placed: Vec<&str> = at.iter().map(|&k| names[k]).collect();
                f.push(
                    Severity::Info,
                    "column_inferred",
                    Some(r.line),
                    None,
                    format!(
                        "the row prints {} of {} amounts without its empty cells; the sums \
                         of the rows beside it under their parent{} place them in: {}",
                        r.values.len(),
                        amounts.len(),
                        if by_definition {
                            ", with 301/303 kept out of 公用经费 and 302 out of 人员经费,"
                        } else {
                            ""
                        },
                        placed.join(", ")
                    ),
                );
            }
            None => f.push(
                Severity::Warning,
                "column_ambiguous",
                Some(r.line),
                None,
                format!(
                    "the row prints {} of {} amounts without its empty cells; they are \
                     placed in order, but each may belong to any of: {}",
                    r.values.len(),
                    amounts.len(),
                    names.join(", ")
                ),
            ),
        }
    }
}

/// Whether an economic class should have no amount in a column: by definition 人员经费
/// are 工资福利支出 (301) and 对个人和家庭的补助 (303), and 商品和服务支出 (302) is 公用
/// 经费, so a 302 code has nothing under 人员经费 and a 301 or 303 code nothing under 公用
/// 经费. Some templates count part of 302 (工会经费, 福利费) as 人员经费, so this only
/// narrows a search whose sums still add up with it.
fn outside_its_class(code: &str, path: &str) -> bool {
    let leaf = path.rsplit('/').next().unwrap_or(path);
    let economic = matches!(code.len(), 3 | 5) && code.bytes().all(|b| b.is_ascii_digit());
    economic
        && ((code.starts_with("302") && leaf.contains("人员"))
            || ((code.starts_with("301") || code.starts_with("303")) && leaf.contains("公用")))
}

/// Places the amounts of rows left `column_ambiguous` where the other tables of the
/// document print the same subject: a spread is borne out when each amount it puts in
/// a column (but the row's total, first) stands under the same code, in a column of
/// the same last key (基本支出 in 支出总表 and in 一般公共预算支出表 are both `basic`), in
/// a table whose own rows left no doubt. Where exactly one spread that keeps the row's
/// total the sum of its parts is borne out, the amounts move there and the finding
/// becomes `column_inferred`, naming the evidence. Runs once the schema has given
/// subjects their codes and columns their keys.
pub fn place_by_other_tables(doc: &mut crate::model::Document) {
    let ambiguous: BTreeSet<(usize, usize)> = doc
        .findings
        .iter()
        .filter(|f| f.rule == "column_ambiguous")
        .filter_map(|f| Some((f.table?, f.line?)))
        .collect();
    if ambiguous.is_empty() {
        return;
    }
    let last_key = |c: &Column| -> Option<String> {
        c.canonical
            .as_deref()?
            .rsplit('.')
            .next()
            .map(str::to_string)
    };
    // (code, last key of the column, amount) → the tables that print it.
    let mut printed: HashMap<(String, String, Decimal), BTreeSet<usize>> = HashMap::new();
    for (ti, t) in doc.tables.iter().enumerate() {
        for r in t
            .records
            .iter()
            .filter(|r| !ambiguous.contains(&(ti, r.line)))
        {
            let Some(code) = r.subject.as_ref().and_then(|s| s.code.clone()) else {
                continue;
            };
            for v in &r.values {
                let (Some(a), Some(key)) = (v.amount, t.columns.get(v.col).and_then(last_key))
                else {
                    continue;
                };
                printed
                    .entry((code.clone(), key, a))
                    .or_default()
                    .insert(ti);
            }
        }
    }
    let titles: Vec<String> = doc
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| match &t.title {
            Some(title) => format!("{title} (table {i})"),
            None => format!("table {i}"),
        })
        .collect();
    let mut placed: Vec<(usize, usize, String)> = Vec::new();
    for (ti, t) in doc.tables.iter_mut().enumerate() {
        let columns = &t.columns;
        for r in t
            .records
            .iter_mut()
            .filter(|r| ambiguous.contains(&(ti, r.line)))
        {
            let Some(code) = r.subject.as_ref().and_then(|s| s.code.clone()) else {
                continue;
            };
            let amounts = amounts_of_group(columns, r.group);
            let Some(values) = r
                .values
                .iter()
                .map(|v| v.amount)
                .collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            // As many ways as the search within the table tries, no more.
            if ways(amounts.len(), values.len()) > MAX_WAYS {
                continue;
            }
            let total_first = amounts.first().is_some_and(|c| is_total_label(&c.path));
            let borne: Vec<(Vec<usize>, BTreeSet<usize>)> =
                ordered_choices(amounts.len(), values.len())
                    .into_iter()
                    .filter(|at| !total_first || is_whole(&values, at))
                    .filter_map(|at| {
                        let mut sources = BTreeSet::new();
                        for (v, &k) in values.iter().zip(&at) {
                            if k == 0 && total_first {
                                continue;
                            }
                            let key = last_key(amounts[k])?;
                            let tables = printed.get(&(code.clone(), key, *v))?;
                            sources.extend(tables.iter().filter(|&&o| o != ti));
                        }
                        (!sources.is_empty()).then_some((at, sources))
                    })
                    .collect();
            let [(at, sources)] = borne.as_slice() else {
                continue;
            };
            for (v, &k) in r.values.iter_mut().zip(at) {
                v.column = amounts[k].path.clone();
                v.col = amounts[k].index;
            }
            let names: Vec<&str> = at.iter().map(|&k| amounts[k].path.as_str()).collect();
            let tables: Vec<String> = sources.iter().map(|&o| titles[o].clone()).collect();
            placed.push((
                ti,
                r.line,
                format!(
                    "the row prints {} of {} amounts without its empty cells; the same \
                     amounts under the same code in {} place them in: {}",
                    values.len(),
                    amounts.len(),
                    tables.join(", "),
                    names.join(", ")
                ),
            ));
        }
    }
    for (ti, line, message) in placed {
        if let Some(f) = doc
            .findings
            .iter_mut()
            .find(|f| f.rule == "column_ambiguous" && f.table == Some(ti) && f.line == Some(line))
        {
            f.rule = "column_inferred".to_string();
            f.severity = Severity::Info;
            f.message = message;
        }
    }
}

/// The columns of a group that can hold a packed row's amounts, left to right.
fn amounts_of_group(columns: &[Column], group: usize) -> Vec<&Column> {
    let mut amounts: Vec<&Column> = columns
        .iter()
        .filter(|c| holds_amounts(c) && c.group == group)
        .collect();
    amounts.sort_by_key(|c| c.index);
    amounts
}

/// Whether a column can hold a packed row's amounts: not a key, nor a column of
/// remarks (备注, 说明), whose cells are words.
fn holds_amounts(c: &Column) -> bool {
    let last = c.path.rsplit('/').next().unwrap_or("");
    !c.key && !matches!(last, "备注" | "说明")
}

/// The key of a record's parent: the code two digits shorter (a 项's 款, a 款's 类), or,
/// for a 类, none: the table's uncoded 合计 row.
fn parent_key(r: &Record) -> Option<Option<&str>> {
    let code = r.code.as_deref()?;
    match code.len() {
        3 => Some(None),
        n if n >= 5 && code.is_char_boundary(n - 2) => Some(Some(&code[..n - 2])),
        _ => None,
    }
}

/// How many ways there are to put `n` amounts, in order, into `m` columns (m choose n),
/// saturating.
fn ways(m: usize, n: usize) -> usize {
    if n > m {
        return 0;
    }
    // Over the smaller side, every step grows: a saturated count stays saturated.
    let n = n.min(m - n);
    (0..n).fold(1usize, |w, k| w.saturating_mul(m - k) / (k + 1))
}

/// The record's amount in a column; an empty cell is zero.
fn amount_in(r: &Record, col: usize) -> Decimal {
    r.values
        .iter()
        .find(|v| v.col == col)
        .and_then(|v| v.amount)
        .unwrap_or_default()
}

/// Whether a column is a row's total (合计, 总计): the first column of amounts, when it
/// is, holds the sum of the others.
fn is_total_label(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    matches!(last, "合计" | "总计" | "本年合计")
}

/// A total column of a row and the columns it adds up (indices among a group's
/// columns of amounts).
#[derive(Debug, Clone, PartialEq)]
struct Identity {
    total: usize,
    parts: Vec<usize>,
}

impl Identity {
    /// Whether a row's amounts keep it, to the cent for each part.
    fn holds(&self, row: &[Decimal]) -> bool {
        let sum: Decimal = self.parts.iter().map(|&k| row[k]).sum();
        let tolerance = Decimal::new(1, 2) * Decimal::from(self.parts.len());
        (row[self.total] - sum).abs() <= tolerance
    }
}

/// The identities the rows printed whole keep: each total column (合计, 小计, 总计) is the
/// sum of the columns after it up to the widest reach that every whole row keeps, a
/// nested total standing for its own parts (合计 = 小计 + 项目支出 where 小计 = 人员经费 +
/// 公用经费). Totals are read from the right, so that nested ones are known first. A
/// total no whole row prints as more than zero says nothing.
fn row_identities(amounts: &[&Column], whole: &[Vec<Decimal>]) -> Vec<Identity> {
    let m = amounts.len();
    let mut found: Vec<Identity> = Vec::new();
    // Bounded work: no printed table has half as many columns of amounts, and a few
    // hundred rows say what all of them do.
    if whole.is_empty() || m > MAX_IDENTITY_COLUMNS {
        return found;
    }
    let whole = &whole[..whole.len().min(MAX_IDENTITY_ROWS)];
    for t in (0..m).rev() {
        let last = amounts[t].path.rsplit('/').next().unwrap_or("");
        if !last.ends_with('计') || whole.iter().all(|r| r[t].is_zero()) {
            continue;
        }
        // The columns a reach to `end` adds: the top ones, a nested total's parts
        // left out.
        let parts_to = |end: usize| -> Vec<usize> {
            let mut parts = Vec::new();
            let mut k = t + 1;
            while k <= end {
                parts.push(k);
                match found.iter().find(|i| i.total == k) {
                    Some(nested) => k = nested.parts.iter().max().map_or(k, |&p| p) + 1,
                    None => k += 1,
                }
            }
            parts
        };
        let reach = (t + 1..m).rev().find(|&end| {
            let parts = parts_to(end);
            // A reach that ends inside a nested total's parts is none.
            let inside = found
                .iter()
                .any(|i| i.total <= end && i.parts.iter().any(|&p| p > end));
            let identity = Identity {
                total: t,
                parts: parts.clone(),
            };
            parts.len() >= 2 && !inside && whole.iter().all(|r| identity.holds(r))
        });
        if let Some(end) = reach {
            found.push(Identity {
                total: t,
                parts: parts_to(end),
            });
        }
    }
    found
}

/// Whether a spread keeps a row's identity: the amount in the first column (the total)
/// is the sum of those in the others, to the cent for each of them.
fn is_whole(values: &[Decimal], at: &[usize]) -> bool {
    let total: Decimal = values
        .iter()
        .zip(at)
        .filter(|(_, k)| **k == 0)
        .map(|(v, _)| *v)
        .sum();
    let parts: Vec<Decimal> = values
        .iter()
        .zip(at)
        .filter(|(_, k)| **k != 0)
        .map(|(v, _)| *v)
        .collect();
    let sum: Decimal = parts.iter().sum();
    (total - sum).abs() <= Decimal::new(1, 2) * Decimal::from(parts.len().max(1))
}

/// The ways to put `n` amounts, in order, into `m` columns: each a list of positions.
fn ordered_choices(m: usize, n: usize) -> Vec<Vec<usize>> {
    fn extend(m: usize, n: usize, start: usize, at: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if at.len() == n {
            out.push(at.clone());
            return;
        }
        for k in start..m {
            if m - k < n - at.len() {
                break;
            }
            at.push(k);
            extend(m, n, k + 1, at, out);
            at.pop();
        }
    }
    let mut out = Vec::new();
    if n <= m {
        extend(m, n, 0, &mut Vec::with_capacity(n), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn economic_classes_keep_to_the_columns_their_definition_allows() {
        assert!(outside_its_class("30201", "人员经费支出"));
        assert!(outside_its_class("302", "基本支出/人员经费"));
        assert!(outside_its_class("30101", "公用经费"));
        assert!(outside_its_class("30305", "基本支出/公用经费"));
        assert!(!outside_its_class("30201", "公用经费支出"));
        assert!(!outside_its_class("30101", "人员经费"));
        // Functional codes and other columns are never kept out.
        assert!(!outside_its_class("2010301", "人员经费"));
        assert!(!outside_its_class("30201", "合计"));
    }

    #[test]
    fn choices_keep_the_order_of_the_printed_amounts() {
        assert_eq!(ordered_choices(3, 2), [vec![0, 1], vec![0, 2], vec![1, 2]]);
        assert_eq!(ordered_choices(2, 3), Vec::<Vec<usize>>::new());
        assert_eq!(ways(3, 2), 3);
        assert_eq!(ways(100, 99), 100);
        assert!(ways(200, 100) > MAX_WAYS);
    }

    #[test]
    fn the_sums_under_a_parent_place_a_packed_row() {
        // yantai-statistics 支出总体情况表 as pdftotext -raw gives it: 行政运行 prints two
        // amounts of three (合计, 基本支出; 项目支出 left empty).
        let text = "支出总体情况表\n科目编码 科目名称 合计 基本支出 项目支出\n20105 统计信息事务 1,506.40 1,180.40 326.00\n2010501 行政运行 588.75 588.75\n2010502 一般行政管理事务 917.65 591.65 326.00\n";
        let doc = crate::parse_str(text, "t.txt");
        let columns = doc.columns_of(0, "2010501");
        assert_eq!(columns, ["合计", "基本支出"]);
        assert!(doc.findings.iter().any(|f| f.rule == "column_inferred"));
        assert!(!doc.findings.iter().any(|f| f.rule == "column_ambiguous"));
    }

    #[test]
    fn sums_that_cannot_tell_leave_the_row_ambiguous() {
        // Two packed rows that could swap their one amount: the sums hold either way.
        let text = "支出总体情况表\n科目编码 科目名称 基本支出 项目支出\n20105 统计信息事务 5.00 5.00\n2010501 行政运行 5.00\n2010502 一般行政管理事务 5.00\n";
        let doc = crate::parse_str(text, "t.txt");
        assert_eq!(
            doc.findings
                .iter()
                .filter(|f| f.rule == "column_ambiguous")
                .count(),
            2
        );
    }

    #[test]
    fn a_packed_row_with_a_dash_is_reported_too() {
        let text = "支出总体情况表\n科目编码 科目名称 合计 基本支出 项目支出\n20105 统计信息事务 5.00 5.00 -\n2010501 行政运行 5.00 -\n";
        let doc = crate::parse_str(text, "t.txt");
        assert!(
            doc.findings
                .iter()
                .any(|f| f.rule == "column_ambiguous" && f.line == Some(4)),
            "{:?}",
            doc.findings
        );
    }

    #[test]
    fn the_totals_of_the_rows_printed_whole_place_a_packed_row() {
        // wuxi-transport 财政拨款支出表 as pdftotext -raw gives it: 208 prints every
        // amount, so 合计 = 小计 + 项目支出 and 小计 = 人员经费 + 公用经费. 206 and its 款
        // print two equal amounts; their sums hold wherever the second goes, but only
        // 项目支出 keeps 小计 the sum of its parts.
        let text = concat!(
            "财政拨款支出表\n",
            "科目编码 科目名称 合计 小计 人员经费 公用经费 项目支出\n",
            "208 社会保障和就业支出 400.00 300.00 200.00 100.00 100.00\n",
            "206 科学技术支出 5,000.00 5,000.00\n",
            "20699 其他科学技术支出 5,000.00 5,000.00\n",
        );
        let doc = crate::parse_str(text, "t.txt");
        let columns = doc.columns_of(0, "20699");
        assert_eq!(columns, ["合计", "项目支出"], "{:?}", doc.findings);
        assert!(!doc.findings.iter().any(|f| f.rule == "column_ambiguous"));
    }

    #[test]
    fn a_total_adds_the_columns_after_it_a_nested_total_standing_for_its_parts() {
        let labels = ["合计", "小计", "人员经费", "公用经费", "项目支出"];
        let columns: Vec<Column> = labels
            .iter()
            .enumerate()
            .map(|(index, l)| Column {
                index,
                path: l.to_string(),
                canonical: None,
                key: false,
                group: 0,
            })
            .collect();
        let amounts: Vec<&Column> = columns.iter().collect();
        let row = |v: [i64; 5]| v.iter().map(|&a| Decimal::from(a)).collect::<Vec<_>>();
        let found = row_identities(&amounts, &[row([400, 300, 200, 100, 100])]);
        assert_eq!(
            found,
            [
                Identity {
                    total: 1,
                    parts: vec![2, 3]
                },
                Identity {
                    total: 0,
                    parts: vec![1, 4]
                },
            ]
        );
        // No row printed whole, nothing learnt; a total printed as zero teaches nothing.
        assert!(row_identities(&amounts, &[]).is_empty());
        assert!(row_identities(&amounts, &[row([0, 0, 0, 0, 0])]).is_empty());
    }

    #[test]
    fn the_same_amounts_under_the_same_code_in_another_table_place_a_packed_row() {
        // Two tables of one document as pdftotext -raw gives them: 支出总表 prints
        // 2010101's three amounts; 一般公共预算支出表 prints two of them, and its own sums
        // cannot tell whether the second is 基本支出's or 项目支出's.
        let text = concat!(
            "支出总表\n",
            "科目编码 科目名称 合计 基本支出 项目支出\n",
            "2010101 行政运行 30.00 10.00 20.00\n",
            "2010102 一般行政管理事务 5.00 0.00 5.00\n",
            "\n",
            "一般公共预算支出表\n",
            "科目编码 科目名称 合计 基本支出 项目支出\n",
            "2010102 一般行政管理事务 5.00 5.00\n",
        );
        let doc = crate::parse_str(text, "t.txt");
        let columns = doc.columns_of(1, "2010102");
        assert_eq!(columns, ["合计", "项目支出"], "{:?}", doc.findings);
        let finding = doc
            .findings
            .iter()
            .find(|f| f.rule == "column_inferred" && f.table == Some(1))
            .expect("column_inferred");
        assert!(
            finding.message.contains("支出总表 (table 0)"),
            "{}",
            finding.message
        );
        assert!(!doc.findings.iter().any(|f| f.rule == "column_ambiguous"));
    }

    #[test]
    fn rows_with_too_many_spreads_are_not_searched_across_tables() {
        // Twenty amounts in forty columns have 137 billion spreads: the rows stay
        // ambiguous rather than being searched.
        let header = format!(
            "科目编码 科目名称 合计 {}",
            (0..39)
                .map(|i| format!("列{i}支出"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let row = |code: &str| format!("{code} 行政运行 {}", vec!["1.00"; 20].join(" "));
        let table = |title: &str| {
            format!(
                "{title}\n{header}\n{}\n{}\n",
                row("2010101"),
                row("2010102")
            )
        };
        let text = format!("{}\n{}", table("支出总表"), table("一般公共预算支出表"));
        let doc = crate::parse_str(&text, "t.txt");
        assert_eq!(
            doc.findings
                .iter()
                .filter(|f| f.rule == "column_ambiguous")
                .count(),
            4
        );
    }

    #[test]
    fn a_column_of_remarks_holds_no_packed_amounts() {
        // The 备注 column is words: a row of two amounts under 合计 … 备注 spreads over
        // the columns of amounts only, and its parent's sums place it.
        let text = concat!(
            "支出表\n",
            "科目编码 科目名称 合计 基本支出 项目支出 备注\n",
            "20105 统计信息事务 1,506.40 1,180.40 326.00\n",
            "2010501 行政运行 1,180.40 1,180.40\n",
            "2010502 一般行政管理事务 326.00 326.00\n",
        );
        let doc = crate::parse_str(text, "t.txt");
        let columns = doc.columns_of(0, "2010502");
        assert_eq!(columns, ["合计", "项目支出"], "{:?}", doc.findings);
    }

    #[test]
    fn a_parent_placed_by_the_sums_above_it_places_its_children() {
        // The 合计 row decides 201 (基本支出) and 205 (项目支出); each 款 and 项 below
        // prints the same two amounts, which only its placed parent can tell.
        let text = concat!(
            "支出表\n",
            "科目编码 科目名称 合计 基本支出 项目支出\n",
            "合计 15.00 10.00 5.00\n",
            "201 一般公共服务支出 10.00 10.00\n",
            "20101 人大事务 10.00 10.00\n",
            "2010101 行政运行 10.00 10.00\n",
            "205 教育支出 5.00 5.00\n",
            "20502 普通教育 5.00 5.00\n",
            "2050201 学前教育 5.00 5.00\n",
        );
        let doc = crate::parse_str(text, "t.txt");
        let columns = |code: &str| doc.columns_of(0, code);
        assert_eq!(
            columns("2010101"),
            ["合计", "基本支出"],
            "{:?}",
            doc.findings
        );
        assert_eq!(columns("2050201"), ["合计", "项目支出"]);
        assert!(!doc.findings.iter().any(|f| f.rule == "column_ambiguous"));
    }
}
