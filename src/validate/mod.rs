//! The arithmetic: normalised tables and the prose → findings.
//!
//! In: the document's tables and its prose lines. Out: a finding for every identity
//! that does not hold, within a table (across a row, down a column), between tables,
//! and between the prose and the tables. A check never changes a value: it reports
//! what it expected, what is printed and the difference.
//!
//! Rules (stable ids):
//! * `row_sum` — a 合计/小计 column equals the sum of the columns it heads (合计 = 基本支出
//!   + 项目支出; 基本支出/小计 = 人员经费 + 公用经费 …), from the column tree.
//! * `hierarchy_sum` — a 类 equals the sum of its 款, a 款 the sum of its 项.
//! * `total_row_sum` — the 合计 row equals the sum of the top-level coded rows (in a
//!   detail or project table without codes, the sum of its item rows); in a
//!   summary table, 本年收入合计/本年支出合计 the sum of the enumerated lines above it, and
//!   收入总计/支出总计 that plus the carry-over lines; in a "三公" table the 小计 the sum of
//!   its three parts.
//! * `balance` — 收入总计 equals 支出总计; 本年收入合计 equals 本年支出合计 when nothing is
//!   carried over.
//! * `cross_table` — the same subject and measure agree between the 支出 table and the
//!   一般公共预算支出 table, and the 基本支出 table's totals agree with the basic columns.
//! * `prose` — a headline figure of the 情况说明 text (收入总计, 支出总计, 基本支出, 项目支出,
//!   人员经费, 公用经费, "三公"经费, 机关运行经费, and the percentages stated with them)
//!   agrees with the tables.
//! * `rounding` — a sum off by no more than the rounding of its printed items (half a cent
//!   each): reported apart, as information.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

mod checklist;
mod unplaced;

use crate::line::PrintedAmount;
use crate::model::{
    Document, Finding, Layout, Record, RecordKind, Scheme, Severity, Table, TableKind,
};
use crate::text;

/// A line of prose, for the prose rule.
pub struct ProseLine {
    /// Source line.
    pub line: usize,
    /// The text.
    pub text: String,
}

/// Runs every rule over `doc`, adding findings.
pub fn validate(doc: &mut Document, prose: &[ProseLine], printed: &[PrintedAmount]) {
    let mut out = Vec::new();
    for (i, t) in doc.tables.iter().enumerate() {
        crate::deadline::check();
        if t.layout != Layout::Grid
            || matches!(
                t.kind,
                TableKind::PerformanceTargets
                    | TableKind::PerformanceEvaluation
                    | TableKind::Organisation
                    | TableKind::Contents
                    | TableKind::Other
            )
        {
            continue;
        }
        row_sums(t, i, &mut out);
        hierarchy_sums(t, i, &mut out);
        total_rows(t, i, &mut out);
        balance(t, i, &mut out);
    }
    cross_tables(&doc.tables, &mut out);
    prose_figures(&doc.tables, doc.year, prose, &mut out);
    checklist::check(doc, prose, &mut out);
    doc.findings.extend(out);
    unplaced::check(doc, printed);
    doc.findings.sort_by_key(|f| (f.line.unwrap_or(0), f.table));
}

fn amount_at(r: &Record, col: usize) -> Option<Decimal> {
    r.values
        .iter()
        .find(|v| v.col == col)
        .and_then(|v| v.amount)
}

/// Digits from which a cell may be too narrow to show all of a figure's decimals.
const MANY_DIGITS: u32 = 9;

fn cent() -> Decimal {
    Decimal::new(1, 2)
}

/// Compares a printed figure with the sum of `items` printed figures, pushing an error,
/// or a `rounding` note when the rounding of the items explains the difference.
#[allow(clippy::too_many_arguments)]
fn compare(
    out: &mut Vec<Finding>,
    rule: &str,
    table: usize,
    line: usize,
    row: Option<&str>,
    column: Option<&str>,
    expected: Decimal,
    found: Decimal,
    items: usize,
    what: &str,
) {
    let difference = found - expected;
    if difference.is_zero() {
        return;
    }
    let slack = Decimal::new(5, 3) * Decimal::from(items);
    // A long figure printed to fewer decimals than its parts, as a cell too narrow for
    // its digits shows it (936647884.3 for 936647884.33).
    let digits = found.abs().trunc().to_string().len() as u32 + found.scale();
    let shortened = digits >= MANY_DIGITS
        && found.scale() < expected.scale()
        && expected.round_dp(found.scale()) == found;
    let (severity, rule, why) = if items > 1 && difference.abs() <= slack {
        (
            Severity::Info,
            "rounding",
            format!("within the rounding of {items} printed items ({rule})"),
        )
    } else if shortened {
        (
            Severity::Info,
            "rounding",
            format!(
                "the figure is printed to {} decimals, and the sum rounded so is it ({rule})",
                found.scale()
            ),
        )
    } else {
        (
            Severity::Error,
            rule,
            "a printed figure does not add up".to_string(),
        )
    };
    out.push(Finding {
        severity,
        rule: rule.to_string(),
        message: format!(
            "{what}: expected {expected}, found {found}, difference {difference}; {why}"
        ),
        table: Some(table),
        line: Some(line),
        column: column.map(str::to_string),
        row: row.map(str::to_string),
        expected: Some(expected),
        found: Some(found),
        difference: Some(difference),
        ..Default::default()
    });
}

fn row_label(r: &Record) -> Option<&str> {
    r.name.as_deref().or(r.code.as_deref())
}

fn is_total_label(label: &str) -> bool {
    label.ends_with("合计") || label == "小计" || label == "总计" || label.ends_with("总数")
}

fn is_of_which(label: &str) -> bool {
    label.starts_with("其中")
}

/// The children of a group that add up to it: not its total, not a figure after a
/// deduction ("扣除基建项目后预算数" is part of the total, not beside it), and not an "of
/// which" column — unless "其中：" opens the breakdown ("小计 | 其中：基本支出 | 项目支出":
/// a part without 其中 follows it, so both are parts).
fn parts<'a, 't>(children: &'a [Node<'t>]) -> Vec<&'a Node<'t>> {
    let candidates: Vec<&Node> = children
        .iter()
        .filter(|c| !is_total_label(c.label()) && !c.label().starts_with("扣除"))
        .collect();
    let opens_breakdown = |i: usize| candidates[i + 1..].iter().any(|c| !is_of_which(c.label()));
    candidates
        .iter()
        .enumerate()
        .filter(|(i, c)| !is_of_which(c.label()) || opens_breakdown(*i))
        .map(|(_, c)| *c)
        .collect()
}

/// A node of the column tree: the columns under a printed path prefix.
struct Node<'t> {
    prefix: Vec<&'t str>,
    columns: Vec<(usize, Vec<&'t str>)>,
}

impl<'t> Node<'t> {
    /// The distinct next labels under this node, in order, with whether each is a leaf.
    fn children(&self) -> Vec<Node<'t>> {
        let depth = self.prefix.len();
        let mut labels: Vec<&str> = Vec::new();
        for (_, p) in &self.columns {
            if let Some(l) = p.get(depth) {
                if !labels.contains(l) {
                    labels.push(l);
                }
            }
        }
        labels
            .into_iter()
            .map(|l| {
                let mut prefix = self.prefix.clone();
                prefix.push(l);
                let columns = self
                    .columns
                    .iter()
                    .filter(|(_, p)| p.get(depth) == Some(&l))
                    .cloned()
                    .collect();
                Node { prefix, columns }
            })
            .collect()
    }

    fn label(&self) -> &str {
        self.prefix.last().copied().unwrap_or("")
    }

    /// The node's own column, when it is a leaf.
    fn leaf(&self) -> Option<usize> {
        match self.columns.as_slice() {
            [(c, p)] if p.len() == self.prefix.len() => Some(*c),
            _ => None,
        }
    }

    /// The node's figure in `r`: its column, its 合计/小计 column, or the sum of its parts.
    fn value(&self, r: &Record) -> Option<Decimal> {
        if let Some(c) = self.leaf() {
            return amount_at(r, c);
        }
        let children = self.children();
        if let Some(total) = children.iter().find(|c| is_total_label(c.label())) {
            return total.value(r);
        }
        parts(&children)
            .into_iter()
            .filter_map(|c| c.value(r))
            .reduce(|a, b| a + b)
    }
}

/// Columns with a measure each (预算数 | 决算数 pairs): sums across them mean nothing.
fn has_measure_pairs(t: &Table) -> bool {
    let leaf = |m: &str| t.columns.iter().any(|c| c.path.ends_with(m));
    leaf("预算数") && leaf("决算数")
}

fn row_sums(t: &Table, index: usize, out: &mut Vec<Finding>) {
    if has_measure_pairs(t) {
        return;
    }
    let root = Node {
        prefix: Vec::new(),
        columns: t
            .columns
            .iter()
            .filter(|c| !c.key && !c.path.starts_with('#'))
            .map(|c| (c.index, c.path.split('/').collect()))
            .collect(),
    };
    let mut nodes = vec![root];
    while let Some(node) = nodes.pop() {
        let children = node.children();
        if let Some(total) = children
            .iter()
            .find(|c| is_total_label(c.label()) && c.leaf().is_some())
        {
            // "三公" are 因公出国(境), 公务用车 and 公务接待: the 会议费 and 培训费 printed
            // beside them are not theirs.
            let three_public = text::clean(total.label()).contains("三公");
            let parts: Vec<&Node> = parts(&children)
                .into_iter()
                .filter(|p| {
                    !(three_public && (p.label().contains("会议") || p.label().contains("培训")))
                })
                .collect();
            if !parts.is_empty() {
                for r in &t.records {
                    let Some(found) = total.value(r) else {
                        continue;
                    };
                    let values: Vec<Decimal> = parts.iter().filter_map(|p| p.value(r)).collect();
                    if values.is_empty() {
                        continue;
                    }
                    let expected: Decimal = values.iter().copied().sum();
                    let path = total.prefix.join("/");
                    let what = format!(
                        "{} = sum of {}",
                        path,
                        parts
                            .iter()
                            .map(|p| p.prefix.join("/"))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    );
                    compare(
                        out,
                        "row_sum",
                        index,
                        r.line,
                        row_label(r),
                        Some(&path),
                        expected,
                        found,
                        values.len(),
                        &what,
                    );
                }
            }
        }
        nodes.extend(children.into_iter().filter(|c| c.leaf().is_none()));
    }
}

fn classified(r: &Record) -> Option<(&str, Option<&str>)> {
    let s = r.subject.as_ref()?;
    matches!(
        s.scheme,
        Scheme::Functional | Scheme::EconomicDepartment | Scheme::EconomicGovernment
    )
    .then(|| Some((s.code.as_deref()?, s.parent.as_deref())))
    .flatten()
}

fn value_columns(t: &Table) -> Vec<(usize, &str)> {
    t.columns
        .iter()
        .filter(|c| !c.key)
        .map(|c| (c.index, c.path.as_str()))
        .collect()
}

fn hierarchy_sums(t: &Table, index: usize, out: &mut Vec<Finding>) {
    // One pass indexes the records: each group's rows (and each record's place among
    // them), how often a group prints each code, and each code's children in a group;
    // finding a row's children then takes no scan of the whole table (which made long
    // tables quadratic).
    let mut in_group: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut place = Vec::with_capacity(t.records.len());
    let mut printed: HashMap<(usize, &str), usize> = HashMap::new();
    let mut children_of: HashMap<(usize, &str), Vec<&Record>> = HashMap::new();
    for (at, r) in t.records.iter().enumerate() {
        let rows = in_group.entry(r.group).or_default();
        place.push(rows.len());
        rows.push(at);
        if let Some((code, parent)) = classified(r) {
            *printed.entry((r.group, code)).or_default() += 1;
            if let Some(p) = parent {
                children_of.entry((r.group, p)).or_default().push(r);
            }
        }
    }
    for (at, parent) in t.records.iter().enumerate() {
        let Some((code, _)) = classified(parent) else {
            continue;
        };
        let child = |r: &&Record| classified(r).is_some_and(|(_, p)| p == Some(code));
        // A code printed on several rows (301 | 501 and 301 | 505: a table keyed by two
        // code systems) has as children the rows under each, up to the next row of its
        // level or above. Such stretches of one level do not overlap, so the walks
        // along them take time linear in the rows, per code length.
        let repeated = printed[&(parent.group, code)] > 1;
        let children: Vec<&Record> = if repeated {
            in_group[&parent.group][place[at] + 1..]
                .iter()
                .map(|&i| &t.records[i])
                .take_while(|r| classified(r).is_none_or(|(c, _)| c.len() > code.len()))
                .filter(child)
                .collect()
        } else {
            children_of
                .get(&(parent.group, code))
                .cloned()
                .unwrap_or_default()
        };
        if children.is_empty() {
            continue;
        }
        for (col, path) in value_columns(t) {
            let Some(found) = amount_at(parent, col) else {
                continue;
            };
            let values: Vec<Decimal> = children.iter().filter_map(|c| amount_at(c, col)).collect();
            let expected: Decimal = values.iter().copied().sum();
            let what = format!("{code} = sum of its {} sub-items in {path}", children.len());
            compare(
                out,
                "hierarchy_sum",
                index,
                parent.line,
                row_label(parent),
                Some(path),
                expected,
                found,
                values.len().max(1),
                &what,
            );
        }
    }
}

static ENUMERATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").expect("valid regex"));
static SUB_ENUMERATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[(（][一二三四五六七八九十]+[)）]").expect("valid regex"));

/// The name of a unit, as a project table prints it over the unit's projects.
static UNIT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(局|委员会|办公室|办公厅|中心|研究院|研究所|管理处|管理站|大队|支队)(\(本级\))?$")
        .expect("valid regex")
});

/// A carry-over line's parts: "1.财政拨款结余、结转" under "上年结余、结转".
static NUMBERED_SUB_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+[.．、]\D").expect("valid regex"));

fn total_rows(t: &Table, index: usize, out: &mut Vec<Finding>) {
    let cols = value_columns(t);
    let sum_rows = |total: &Record, parts: &[&Record], what: &str, out: &mut Vec<Finding>| {
        for &(col, path) in &cols {
            let Some(found) = amount_at(total, col) else {
                continue;
            };
            let values: Vec<Decimal> = parts.iter().filter_map(|r| amount_at(r, col)).collect();
            if values.is_empty() && found.is_zero() {
                continue;
            }
            let expected: Decimal = values.iter().copied().sum();
            compare(
                out,
                "total_row_sum",
                index,
                total.line,
                row_label(total),
                Some(path),
                expected,
                found,
                values.len().max(1),
                what,
            );
        }
    };
    let mut groups: std::collections::BTreeMap<usize, Vec<&Record>> = Default::default();
    for r in &t.records {
        groups.entry(r.group).or_default().push(r);
    }
    for rows in groups.into_values() {
        let name = |r: &Record| text::clean(r.name.as_deref().unwrap_or(""));
        // Tables with printed codes: the 合计 row is the sum of the top-level coded rows.
        let coded = |r: &&&Record| r.code.is_some() && classified(r).is_some();
        let codes: HashSet<&str> = rows
            .iter()
            .filter(coded)
            .filter_map(|r| classified(r).map(|(c, _)| c))
            .collect();
        if !codes.is_empty() {
            let top: Vec<&Record> = rows
                .iter()
                .filter(coded)
                .filter(|r| {
                    classified(r).is_some_and(|(_, p)| p.is_none_or(|p| !codes.contains(&p)))
                })
                .copied()
                .collect();
            for total in rows.iter().filter(|r| {
                r.kind == RecordKind::Total && matches!(name(r).as_str(), "合计" | "总计")
            }) {
                sum_rows(
                    total,
                    &top,
                    "合计 row = sum of the top-level coded rows",
                    out,
                );
            }
            continue;
        }
        // Detail and project tables without codes: the first, unlabelled or 合计 row is
        // the sum of the item rows (rows keyed by a unit code are subtotals, left out).
        if matches!(
            t.kind,
            TableKind::BasicExpenditureDetail | TableKind::ProjectExpenditure
        ) {
            let is_total = |r: &Record| r.name.as_deref().is_none_or(|n| n == "合计");
            if let Some(total) = rows.first().filter(|r| is_total(r)) {
                // A unit's own row over its projects, keyed by its code or named as an
                // organisation with no project beside it ("广州市信访局 739.30"), is their
                // subtotal.
                let unit_row = |r: &Record| {
                    r.keys
                        .iter()
                        .any(|k| k.text.chars().all(|c| c.is_ascii_digit()))
                        || (r.keys.len() <= 1
                            && r.name
                                .as_deref()
                                .is_some_and(|n| UNIT_NAME.is_match(&text::clean(n))))
                };
                let items: Vec<&Record> = rows[1..]
                    .iter()
                    .filter(|r| r.kind == RecordKind::Item && !unit_row(r))
                    .copied()
                    .collect();
                if !items.is_empty() {
                    sum_rows(total, &items, "total row = sum of the item rows", out);
                }
            }
            continue;
        }
        // Summary tables: the enumerated lines above a 本年…合计 row add up to it, and the
        // 总计 row is that plus the unnumbered carry-over lines between them.
        let enumerated_above = |upto: usize| -> Vec<&Record> {
            let above: Vec<&Record> = rows[..upto]
                .iter()
                .filter(|r| r.kind == RecordKind::Item)
                .copied()
                .collect();
            let main: Vec<&Record> = above
                .iter()
                .filter(|r| ENUMERATED.is_match(&name(r)))
                .copied()
                .collect();
            if main.is_empty() {
                above
                    .into_iter()
                    .filter(|r| SUB_ENUMERATED.is_match(&name(r)))
                    .collect()
            } else {
                main
            }
        };
        if matches!(
            t.kind,
            TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
        ) {
            let Some(current) = rows
                .iter()
                .position(|r| r.kind == RecordKind::Total && name(r).contains("合计"))
            else {
                continue;
            };
            let parts = enumerated_above(current);
            if !parts.is_empty() {
                sum_rows(
                    rows[current],
                    &parts,
                    "本年合计 row = sum of the numbered lines above it",
                    out,
                );
            }
            if let Some(grand) = rows
                .iter()
                .position(|r| r.kind == RecordKind::Total && name(r).contains("总计"))
            {
                if grand > current {
                    let between = &rows[current + 1..grand];
                    let items = || between.iter().filter(|r| r.kind == RecordKind::Item);
                    // Carry-over lines numbered as the 本年 line is ("二、年终结转结余"):
                    // they are the parts, and the unnumbered lines under 本年 its
                    // breakdown. Otherwise the carry-over lines are the unnumbered ones.
                    let numbered = name(rows[current])
                        .trim_start_matches(|c: char| c.is_whitespace())
                        .starts_with(|c: char| "一二三四五六七八九十".contains(c))
                        && items().any(|r| ENUMERATED.is_match(&name(r)));
                    let mut parts = vec![rows[current]];
                    parts.extend(items().filter(|r| {
                        let n = name(r);
                        if numbered {
                            ENUMERATED.is_match(&n)
                        } else {
                            !ENUMERATED.is_match(&n)
                                && !SUB_ENUMERATED.is_match(&n)
                                && !NUMBERED_SUB_LINE.is_match(&n)
                        }
                    }));
                    sum_rows(
                        rows[grand],
                        &parts,
                        "总计 row = 本年合计 + carry-over lines",
                        out,
                    );
                }
            }
        }
        // "三公": the 小计 is the sum of its three numbered parts.
        if t.kind == TableKind::ThreePublic {
            if let Some(sub) = rows.iter().find(|r| r.kind == RecordKind::Subtotal) {
                let parts: Vec<&Record> = rows
                    .iter()
                    .filter(|r| ENUMERATED.is_match(&name(r)))
                    .copied()
                    .collect();
                if !parts.is_empty() {
                    sum_rows(sub, &parts, "“三公”经费小计 = sum of its three parts", out);
                }
            }
        }
    }
}

/// The first figure of the first record of group `group` whose name contains `needle`.
fn figure_of<'t>(t: &'t Table, group: usize, needle: &str) -> Option<(&'t Record, Decimal)> {
    let r = t
        .records
        .iter()
        .find(|r| r.group == group && r.name.as_deref().is_some_and(|n| n.contains(needle)))?;
    let v = r.values.iter().find_map(|v| v.amount)?;
    Some((r, v))
}

fn balance(t: &Table, index: usize, out: &mut Vec<Finding>) {
    if !matches!(
        t.kind,
        TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
    ) {
        return;
    }
    let mut pair = |income: &str, spending: &str, what: &str| {
        if let (Some((_, i)), Some((r, s))) = (figure_of(t, 0, income), figure_of(t, 1, spending)) {
            compare(
                out,
                "balance",
                index,
                r.line,
                row_label(r),
                None,
                i,
                s,
                1,
                what,
            );
        }
    };
    pair("总计", "总计", "支出总计 = 收入总计");
    // 本年收入合计 and 本年支出合计 must agree when nothing is carried over.
    let carried = t.records.iter().any(|r| {
        r.name
            .as_deref()
            .is_some_and(|n| n.contains("结转") || n.contains("结余"))
            && r.values
                .iter()
                .any(|v| v.amount.is_some_and(|a| !a.is_zero()))
    });
    if !carried {
        pair(
            "本年收入合计",
            "本年支出合计",
            "本年支出合计 = 本年收入合计 (nothing carried over)",
        );
    }
}

/// The figure of `r` in the column with the canonical key `key`.
fn figures_by_key<'t>(t: &'t Table, r: &'t Record, key: &str) -> Option<Decimal> {
    let cols: Vec<usize> = t
        .columns
        .iter()
        .filter(|c| c.canonical.as_deref() == Some(key))
        .map(|c| c.index)
        .collect();
    cols.iter().find_map(|&c| amount_at(r, c))
}

/// A table's first total row.
fn first_total(t: &Table) -> Option<&Record> {
    t.records.iter().find(|r| r.kind == RecordKind::Total)
}

/// A table's 合计 row.
fn total_of(t: &Table) -> Option<(&Table, &Record)> {
    t.records
        .iter()
        .find(|r| r.kind == RecordKind::Total && r.name.as_deref() == Some("合计"))
        .map(|r| (t, r))
}

fn cross_tables(tables: &[Table], out: &mut Vec<Finding>) {
    let find = |kind: TableKind| tables.iter().enumerate().find(|(_, t)| t.kind == kind);
    let (Some((_, spending)), Some((gi, general))) = (
        find(TableKind::Expenditure),
        find(TableKind::GeneralPublicBudgetExpenditure),
    ) else {
        return;
    };
    let by_code: HashMap<&str, &Record> = spending
        .records
        .iter()
        .filter_map(|r| r.subject.as_ref()?.code.as_deref().map(|c| (c, r)))
        .collect();
    for r in &general.records {
        let Some(code) = r.subject.as_ref().and_then(|s| s.code.as_deref()) else {
            continue;
        };
        let Some(other) = by_code.get(code) else {
            continue;
        };
        for key in ["total", "basic", "project"] {
            if let (Some(g), Some(s)) = (
                figures_by_key(general, r, key),
                figures_by_key(spending, other, key),
            ) {
                if g > s {
                    let what = format!(
                        "{code} {key}: 一般公共预算支出 table ({g}) exceeds the 支出 table ({s})"
                    );
                    compare(
                        out,
                        "cross_table",
                        gi,
                        r.line,
                        row_label(r),
                        Some(key),
                        s,
                        g,
                        1,
                        &what,
                    );
                }
            }
        }
    }
    // The 基本支出 table's 合计 against the 一般公共预算支出 table's basic column.
    if let Some((bi, basic)) = find(TableKind::BasicExpenditure) {
        if let (Some((bt, br)), Some((gt, gr))) = (total_of(basic), total_of(general)) {
            if let (Some(b), Some(g)) = (
                figures_by_key(bt, br, "total"),
                figures_by_key(gt, gr, "basic"),
            ) {
                compare(
                    out,
                    "cross_table",
                    bi,
                    br.line,
                    Some("合计"),
                    Some("total"),
                    g,
                    b,
                    1,
                    "基本支出 table total = basic column of the 一般公共预算支出 table",
                );
            }
        }
    }
}

/// A figure the text restates: which table it names (by the words before it), what of
/// it, the amount, and the share that may follow ("基本支出 667.59 万元，占 71.63%").
static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<q>财政拨款|一般公共预算(?:财政拨款)?|政府性基金预算(?:财政拨款)?|国有资本经营预算(?:财政拨款)?)?",
        r"(?:(?P<side>收入支出|收支|收入|支出)(?:预算|决算)?(?P<tot>总计|合计)",
        r"|(?P<item>基本支出|项目支出|人员经费|公用经费|“三公”经费|机关运行经费)",
        r"|(?:拨款)?(?P<spent>支出))",
        r"(?:支出)?(?P<stage>预算|决算|年初预算)?(?:数)?(?:合计|共计|总计)?(?:为|是|安排|:)?\s*",
        r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*万元(?:[,，]\s*占\s*(?P<share>\d+(?:\.\d+)?)\s*%)?"
    ))
    .expect("valid regex")
});

/// Whether a figure's name may start right after `before`: at the start, after a year, a
/// punctuation mark or a space, or after the one who spends it (部门, 单位, 本级). After
/// other words it is part of a longer name ("项目支出合计") or the object of a verb ("涉及
/// 一般公共预算支出").
fn starts_a_phrase(before: &str) -> bool {
    before.is_empty()
        || before.ends_with([
            '年', '度', ',', '，', '。', ';', '；', ':', '：', '、', ' ', ')', '）',
        ])
        || ["部门", "单位", "本级", "其中"]
            .iter()
            .any(|w| before.ends_with(w))
}

/// Lines of prose joined into paragraphs, so that a figure broken over a line end
/// ("…一般公共预算财政拨款支出" over "227,955.11万元") is read whole.
struct Paragraph {
    text: String,
    /// Where each source line starts in `text`: (byte offset, line).
    starts: Vec<(usize, usize)>,
}

/// Consecutive lines join until one ends a sentence or a heading starts.
fn paragraphs(prose: &[ProseLine]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut last_line = 0;
    for p in prose {
        let line = text::normalize(&p.text);
        let joins = out.last().is_some_and(|para| {
            p.line == last_line + 1
                && !para.text.ends_with(['。', ';', '；', ':', '：'])
                && !text::labels::is_heading(&line)
        });
        last_line = p.line;
        match out.last_mut() {
            Some(para) if joins => {
                para.starts.push((para.text.len(), p.line));
                para.text.push_str(&line);
            }
            _ => out.push(Paragraph {
                starts: vec![(0, p.line)],
                text: line,
            }),
        }
    }
    out
}

/// Where a figure restated in the text is printed: the table, the figure, its page.
type Printed = (usize, Decimal, Option<u32>);

/// The figures the 情况说明 restates, each against the table its words name:
/// 财政拨款收入支出总计 is the 总计 of the 财政拨款收支总表, 一般公共预算财政拨款支出 the total of
/// the 一般公共预算支出表, plain 收入总计 or 支出合计 the 收支总表's. A mismatch names the
/// table and the page of each.
fn prose_figures(tables: &[Table], year: Option<u16>, prose: &[ProseLine], out: &mut Vec<Finding>) {
    let find = |kind: TableKind| tables.iter().enumerate().find(|(_, t)| t.kind == kind);
    let spending = find(TableKind::Expenditure).or(find(TableKind::GeneralPublicBudgetExpenditure));
    let side_total = |kind: TableKind, group: usize, label: &str| -> Option<Printed> {
        let (i, t) = find(kind)?;
        figure_of(t, group, label).map(|(r, v)| (i, v, r.page))
    };
    let total_by_key = |table: Option<(usize, &Table)>, key: &str| -> Option<Printed> {
        let (i, t) = table?;
        let r = first_total(t)?;
        figures_by_key(t, r, key).map(|v| (i, v, r.page))
    };
    // The table a qualifier names, for its spending total.
    let qualified = |q: &str| -> Option<(usize, &Table)> {
        if q.starts_with("一般公共预算") {
            find(TableKind::GeneralPublicBudgetExpenditure)
        } else if q.starts_with("政府性基金") {
            find(TableKind::GovernmentFund)
        } else if q.starts_with("国有资本经营") {
            find(TableKind::StateCapitalOperation)
        } else {
            None
        }
    };
    let lookup = |q: &str, what: &str| -> Option<Printed> {
        let summary = if q == "财政拨款" {
            TableKind::FiscalAppropriationSummary
        } else {
            TableKind::IncomeExpenditureSummary
        };
        match what {
            "收入支出总计" | "收支总计" | "收入总计" => {
                side_total(summary, 0, "总计")
            }
            "支出总计" => side_total(summary, 1, "总计"),
            "收入支出合计" | "收支合计" | "收入合计" if q.is_empty() => {
                side_total(summary, 0, "本年收入合计")
            }
            "支出合计" if q.is_empty() => side_total(summary, 1, "本年支出合计"),
            "支出合计" | "支出" if !q.is_empty() => total_by_key(qualified(q), "total"),
            // 一般公共预算基本支出 is the total of the 一般公共预算基本支出表; another
            // qualifier names the table whose column it is; with none, the 支出总表's.
            "基本支出" if q.starts_with("一般公共预算") => {
                total_by_key(find(TableKind::BasicExpenditure), "total")
                    .or_else(|| total_by_key(qualified(q), "basic"))
            }
            "基本支出" | "项目支出" => {
                let key = if what == "基本支出" {
                    "basic"
                } else {
                    "project"
                };
                total_by_key(if q.is_empty() { spending } else { qualified(q) }, key)
            }
            "人员经费" | "公用经费" => {
                let key = if what == "人员经费" {
                    "personnel"
                } else {
                    "public"
                };
                total_by_key(find(TableKind::BasicExpenditure), key)
            }
            // The row of the "三公" figure: the one named so (beside 行政经费 rows), the
            // document's year (beside last year's and the change), the total, or the only
            // row; its first amount is the total of the three.
            "“三公”经费" => find(TableKind::ThreePublic).and_then(|(i, t)| {
                let this_year = year.map(|y| format!("{y}年"));
                let names = |r: &&Record, s: &str| {
                    r.name.as_deref().is_some_and(|n| n.contains(s))
                        || r.keys.iter().any(|k| k.text.contains(s))
                };
                let r = t
                    .records
                    .iter()
                    .find(|r| names(r, "三公"))
                    .or_else(|| {
                        let y = this_year.as_deref()?;
                        t.records.iter().find(|r| names(r, y))
                    })
                    .or_else(|| first_total(t))
                    .or_else(|| {
                        t.records
                            .iter()
                            .find(|r| r.values.iter().any(|v| v.amount.is_some()))
                    })?;
                r.values
                    .iter()
                    .find_map(|v| v.amount)
                    .map(|v| (i, v, r.page))
            }),
            "机关运行经费" => find(TableKind::OperatingCosts).and_then(|(i, t)| {
                let r = first_total(t)?;
                r.values
                    .iter()
                    .find_map(|v| v.amount)
                    .map(|v| (i, v, r.page))
            }),
            _ => None,
        }
    };
    let spending_total = lookup("", "支出合计").or_else(|| total_by_key(spending, "total"));
    let page_of = |page: Option<u32>| page.map_or(String::new(), |p| format!(" (page {p})"));
    // The qualifier of the last figure in the section: "一般公共预算财政拨款支出 101,833.84
    // 万元，比2025年减少…。其中：基本支出 43,436.09 万元" is that budget's 基本支出.
    let mut section_q = String::new();
    // After "其中：", the parts listed in the same sentence share the qualifier, over
    // line breaks too.
    let mut carrying = false;
    for para in paragraphs(prose) {
        let line = para.text;
        if text::labels::is_heading(&line) {
            section_q.clear();
            carrying = false;
        }
        let mut last_end = 0;
        for c in PROSE.captures_iter(&line) {
            let start = c.get(0).map_or(0, |m| m.start());
            let before = &line[..start];
            if line[last_end..start].contains('。') {
                carrying = false;
            }
            last_end = c.get(0).map_or(start, |m| m.end());
            let source_line = para
                .starts
                .iter()
                .rev()
                .find(|(offset, _)| *offset <= start)
                .map_or(0, |(_, l)| *l);
            let printed_q = c.name("q").map_or("", |m| m.as_str());
            if !printed_q.is_empty() {
                section_q = printed_q.to_string();
            } else if before.trim_end_matches(':').ends_with("其中") || carrying {
                carrying = !section_q.is_empty();
            }
            let q = if printed_q.is_empty() && carrying {
                section_q.as_str()
            } else {
                printed_q
            };
            // A figure's name starts a phrase: "项目支出合计为…" is 项目支出's, not 支出合计.
            if !starts_a_phrase(before) {
                continue;
            }
            let what = match (
                c.name("side"),
                c.name("tot"),
                c.name("item"),
                c.name("spent"),
            ) {
                (Some(side), Some(tot), ..) => format!("{}{}", side.as_str(), tot.as_str()),
                (_, _, Some(item), _) => item.as_str().to_string(),
                // "支出" alone names a figure only with the budget it is of, and not as
                // the department's whole spending ("部门一般公共预算支出" is of its units).
                (.., Some(_)) if !q.is_empty() && q != "财政拨款" && !before.ends_with("部门") => {
                    "支出".to_string()
                }
                _ => continue,
            };
            // 年初预算 in final accounts is the budget the year began with, which no total
            // column of a 决算 table prints.
            if c.name("stage").is_some_and(|m| m.as_str() == "年初预算") {
                continue;
            }
            let Ok(stated) = c["amount"].replace(',', "").parse::<Decimal>() else {
                continue;
            };
            let Some((table, printed, table_page)) = lookup(q, &what) else {
                continue;
            };
            let named = format!("{q}{what}");
            let title = tables[table]
                .title
                .as_deref()
                .unwrap_or(tables[table].kind.as_str());
            let finding = |expected: Decimal, found: Decimal, message: String| Finding {
                severity: Severity::Error,
                rule: "prose".to_string(),
                message,
                table: Some(table),
                line: Some(source_line),
                row: Some(named.clone()),
                expected: Some(expected),
                found: Some(found),
                difference: Some(found - expected),
                ..Default::default()
            };
            // The text states 万元; a table in 元 is read in 万元, to the text's decimals.
            let in_yuan = tables[table].unit.as_deref() == Some("元");
            let printed = if in_yuan {
                (printed / Decimal::from(10_000)).round_dp(stated.scale())
            } else {
                printed
            };
            if stated != printed {
                let unit = if in_yuan {
                    " 万元 (printed in 元)"
                } else {
                    ""
                };
                // 元 read in 万元 may be rounded or cut at the text's decimals.
                if in_yuan && (stated - printed).abs() <= cent() {
                    let mut f = finding(
                        printed,
                        stated,
                        format!(
                            "the text states {named} {stated} 万元; {title}{} prints {printed}{unit}: \
                             a cent apart, as rounding or cutting the 元 figure gives",
                            page_of(table_page)
                        ),
                    );
                    f.rule = "rounding".to_string();
                    f.severity = Severity::Info;
                    out.push(f);
                    continue;
                }
                out.push(finding(
                    printed,
                    stated,
                    format!(
                        "the text states {named} {stated} 万元; {title}{} prints {printed}{unit}",
                        page_of(table_page)
                    ),
                ));
            }
            // A share stated with the figure: "基本支出 667.59 万元，占 71.63%" (of 支出合计);
            // "人员经费 150.64 万元，占 92.63%" (of 基本支出).
            let of = if matches!(what.as_str(), "人员经费" | "公用经费") {
                lookup("", "基本支出")
            } else {
                spending_total
            };
            if let (Some(share), Some((_, total, _))) = (c.name("share"), of) {
                let Ok(share) = share.as_str().parse::<Decimal>() else {
                    continue;
                };
                if total.is_zero() || what.ends_with("计") || what == "支出" {
                    continue;
                }
                let computed = (stated * Decimal::from(100) / total).round_dp(share.scale());
                if (computed - share).abs() > cent() {
                    out.push(finding(
                        computed,
                        share,
                        format!(
                            "the text states {named} is {share}% of {total}; it is {computed}%"
                        ),
                    ));
                }
            }
        }
        if line[last_end..].contains('。') {
            carrying = false;
        }
    }
}

#[cfg(test)]
mod tests {
    fn prose_findings(text: &str) -> Vec<(String, Option<usize>, String)> {
        let doc = crate::parse_str(text, "t.txt");
        doc.findings
            .iter()
            .filter(|f| f.rule == "prose")
            .map(|f| {
                let title = f
                    .table
                    .and_then(|t| doc.tables[t].title.clone())
                    .unwrap_or_default();
                (f.row.clone().unwrap_or_default(), f.line, title)
            })
            .collect()
    }

    const TABLES: &str = "收支总表\n单位：万元\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n收入总计\t3000.00\t支出总计\t3000.00\n\n财政拨款收支总表\n单位：万元\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n收入总计\t2961.68\t支出总计\t2961.68\n\n";

    #[test]
    fn a_figure_is_checked_against_the_table_its_words_name() {
        // 财政拨款收入支出总计 is the 财政拨款收支总表's, not the 收支总表's 支出总计.
        let text = format!("{TABLES}2026年财政拨款收入支出总计0.3万元。\n");
        assert_eq!(
            prose_findings(&text),
            [(
                "财政拨款收入支出总计".to_string(),
                Some(13),
                "财政拨款收支总表".to_string()
            )]
        );
        let text =
            format!("{TABLES}2026年财政拨款收入支出总计2961.68万元，收入总计3000.00万元。\n");
        assert!(prose_findings(&text).is_empty());
    }

    #[test]
    fn a_budget_s_spending_named_only_as_an_object_is_not_a_figure() {
        let text = format!("{TABLES}共评价0个项目，涉及一般公共预算支出 0 万元。\n");
        assert!(prose_findings(&text).is_empty());
    }
}

#[cfg(test)]
mod arithmetic_tests {
    fn errors(text: &str) -> Vec<String> {
        crate::parse_str(text, "t.txt")
            .findings
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .map(|f| f.rule.clone())
            .collect()
    }

    #[test]
    fn of_which_opening_a_breakdown_is_a_part() {
        // "其中：基本支出 | 项目支出": both are parts of 小计.
        let text = "一般公共预算支出表\n科目名称\t小计\t其中：基本支出\t项目支出\n合计\t10.00\t4.00\t6.00\n";
        assert!(errors(text).is_empty(), "{:?}", errors(text));
        // A lone 其中 column is a subset, not a part.
        let text = "一般公共预算支出表\n科目名称\t合计\t基本支出\t项目支出\t其中：政府采购\n合计\t10.00\t4.00\t6.00\t3.00\n";
        assert!(errors(text).is_empty(), "{:?}", errors(text));
    }

    #[test]
    fn a_long_figure_printed_to_fewer_decimals_is_rounding() {
        let text = "支出表\n单位：元\n科目名称\t合计\t基本支出\t项目支出\n合计\t936647884.3\t47137884.11\t889510000.22\n";
        assert!(errors(text).is_empty(), "{:?}", errors(text));
    }

    #[test]
    fn a_unit_s_row_over_its_projects_is_their_subtotal() {
        let text = "项目支出表\n项目名称\t金额\n合计\t10.00\n广州市某某局\t10.00\n项目甲\t4.00\n项目乙\t6.00\n";
        assert!(errors(text).is_empty(), "{:?}", errors(text));
    }

    #[test]
    fn numbered_carry_over_lines_leave_the_breakdown_of_the_year_out() {
        let text = "收支总表\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n一、本年收入合计\t10.00\t一、本年支出合计\t10.00\n\t\t一般公共服务支出\t6.00\n\t\t教育支出\t4.00\n二、上年结转\t\t二、年终结转结余\t\n收入总计\t10.00\t支出总计\t10.00\n";
        assert!(errors(text).is_empty(), "{:?}", errors(text));
    }
}
