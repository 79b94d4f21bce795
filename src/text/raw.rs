//! Single-space text with its empty cells dropped (`pdftotext -raw`, pdfplumber's
//! `extract_text`, PyMuPDF's plain text, a viewer's copy) → rows of cells.
//!
//! Such text follows the PDF's drawing order, so each page is first put in reading
//! order ([`reading_order`]: a title block drawn after its rows goes before them). It
//! has no gaps to split at: a table row is one line of words, its code(s), its name and
//! its amounts, and the cells it left empty are simply not there. A row is recognised by
//! its shape (words, then one or more amounts at the end) and becomes cells: the codes,
//! the name, the amounts; a row wrapped over lines is joined first. Rows of one table
//! share one layout: a serial, then a column per code part (类/款/项, also for codes
//! printed at their own level only), then the name, then the amounts. The header's
//! labels name the amount columns in order; its labels of codes and names go over those.
//!
//! Where a row prints fewer amounts than the table has columns, which columns they
//! belong to is not in the text: they are placed in order from the first amount column
//! and the row is marked packed ([`Separator::Packed`]), so that the recogniser places
//! them where the table's sums decide (`column_inferred`) or reports the row as
//! `column_ambiguous` with its candidate columns. Nothing is guessed silently.

use rust_decimal::Decimal;

use crate::line::{Separator, amount_token};
use crate::text::cells;
use crate::text::is_cjk;
use crate::text::labels::is_table_label;
use crate::text::meta::parse_meta;
use crate::text::raw_form;

/// Whether a page is single-space text: no line splits at a run of spaces, and some
/// line is a row of a table (words, then amounts).
pub fn is_raw_page(lines: &[String]) -> bool {
    !lines.iter().any(|l| l.trim().contains("  ")) && lines.iter().any(|l| row_of(l).is_some())
}

/// What a page of single-space text leaves to the next: its header's lines (see
/// [`reading_order`]), where its codes printed at their own level stood, and the
/// layout of its last table.
#[derive(Debug, Default)]
pub struct Carried {
    header: Vec<String>,
    levels: Levels,
    layout: Option<Layout>,
}

/// Where a table's cells stand: whether a serial comes first, how many code columns,
/// then which columns are text and which values. A page of rows with no title or
/// header of its own runs on in the layout of the page before.
#[derive(Debug, Clone)]
struct Layout {
    numbered: bool,
    codes: usize,
    full: Vec<bool>,
    /// Whether the header names a summary table's sides (收入 | 支出).
    sided: bool,
}

/// The level of the last code printed alone (201, then 05, then 01), and the 款 whose
/// 项 are being added up: its amount and their sum so far.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Level {
    #[default]
    None,
    Class,
    Section,
    Item,
}

#[derive(Debug, Default, Clone, Copy)]
struct Levels {
    last: Level,
    section: Option<Decimal>,
    items: Decimal,
}

/// A table row in single-space text: its codes, then its cells in order, each text
/// (a name) or a value.
#[derive(Debug, Clone, PartialEq)]
struct RawRow {
    codes: Vec<String>,
    cells: Vec<(bool, String)>,
    /// The cell holding a second code system's code, if the row prints one.
    second_code: Option<usize>,
}

impl RawRow {
    /// Which cells are values, in order: the row's shape.
    fn shape(&self) -> Vec<bool> {
        self.cells.iter().map(|c| c.0).collect()
    }
}

/// Whether a word is all ASCII digits (a code, a code's part, a serial).
fn is_digits(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// A value as a packed row prints it: an amount, an integer, a percentage, a dash.
fn is_value(word: &str) -> bool {
    let percent = word
        .strip_suffix('%')
        .is_some_and(|n| amount_token(n).is_some() || n.parse::<i64>().is_ok());
    // Whole numbers, with a sign in a column of changes (增减变化情况: "-12240").
    let whole = word.strip_prefix(['-', '−']).unwrap_or(word);
    // (A code's part, "08", is none: a whole number has no leading zero.)
    let leading_zero = whole.len() >= 2 && whole.starts_with('0');
    percent
        || amount_token(word).is_some()
        || (whole.len() <= 12 && !whole.is_empty() && is_digits(whole) && !leading_zero)
        || matches!(word, "-" | "—" | "--" | "——")
}

/// Reads a line as a row: codes (digits) first, then names and values, ending in
/// values. Words of a name join; each value is a
/// cell of its own (a summary table prints name, amount, name, amount).
fn row_of(line: &str) -> Option<RawRow> {
    let words: Vec<&str> = line.split_whitespace().collect();
    // Values at the end: one an amount (1,095 or 16.19), or two or more of any kind
    // (tables in 元 print whole numbers).
    let trailing = words.iter().rev().take_while(|w| is_value(w)).count();
    if trailing == 0 || !(words.iter().any(|w| amount_token(w).is_some()) || trailing >= 2) {
        return None;
    }
    // Prose keeps its sentence punctuation; a row's name does not.
    if words
        .iter()
        .any(|w| w.contains(['。', '；', ';', '，']) || w.chars().count() > 40)
    {
        return None;
    }
    let codes = words.iter().take(3).take_while(|w| is_digits(w)).count();
    // Codes before nothing but values are values (a row of amounts only).
    let codes = if words[codes..].iter().all(|w| is_value(w)) {
        0
    } else {
        codes
    };
    // A second code system's code between two names ("30101 基本工资 50101 工资奖金津补贴
    // …", or in parts, "301 01 基本工资 501 01 工资奖金津补贴 …"): three, five or seven
    // digits (then two-digit parts), in a row that starts with a code. It is a cell of
    // its own, not a value, and the name after it another.
    let leading_code = words[..codes].iter().any(|w| w.len() >= 3);
    // The number of words of the second code starting at `k`, if one does.
    let second_code_at = |k: usize| -> Option<usize> {
        if !leading_code || k <= codes || is_value(words[k - 1]) {
            return None;
        }
        let w = words[k];
        if !(matches!(w.len(), 3 | 5 | 7) && is_digits(w)) {
            return None;
        }
        let parts = words[k + 1..]
            .iter()
            .take_while(|p| p.len() == 2 && is_digits(p))
            .count();
        let after = words.get(k + 1 + parts)?;
        (!is_value(after)).then_some(1 + parts)
    };
    let mut cells: Vec<(bool, String)> = Vec::new();
    let mut second_code = None;
    let mut k = codes;
    while k < words.len() {
        let w = words[k];
        if let Some(n) = second_code_at(k).filter(|_| second_code.is_none()) {
            second_code = Some(cells.len());
            cells.push((false, words[k..k + n].join(" ")));
            // The name after it starts a cell of its own.
            cells.push((false, words[k + n].to_string()));
            k += n + 1;
            continue;
        }
        k += 1;
        let value = is_value(w);
        match cells.last_mut() {
            Some((false, name)) if !value => {
                let cjk_seam = name.chars().next_back().is_some_and(is_cjk)
                    && w.chars().next().is_some_and(is_cjk);
                if !cjk_seam {
                    name.push(' ');
                }
                name.push_str(w);
            }
            _ => cells.push((value, w.to_string())),
        }
    }
    if cells.len() < 2 && codes == 0 {
        return None;
    }
    Some(RawRow {
        codes: words[..codes].iter().map(|w| w.to_string()).collect(),
        cells,
        second_code,
    })
}

/// A line that starts a new table: a label or a title.
fn is_title(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    row_of(t).is_none()
        && t.split_whitespace().count() <= 3
        && (is_table_label(t) || (t.contains('表') && n >= 4 && parse_meta(t).is_none()))
}

/// Amounts a converter cut inside a narrow cell, each piece on a line of its own:
/// "1682.7" over "6", "0.0" over "0". A number with one decimal over a line of one digit
/// is one amount with two decimals, joined on the first line; the digit's line is left
/// blank. Only where every line of the run of bare numbers they stand in is such a pair
/// or a whole amount (two decimals): a chart's axis (8.2, 8, 7.8, 7.6 …) is left alone.
pub fn join_cut_amounts(lines: &mut [String]) {
    let bare = |t: &str| {
        let t = t.trim().trim_start_matches('-');
        !t.is_empty()
            && t.starts_with(|c: char| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            && t.matches('.').count() <= 1
    };
    let decimals = |t: &str| t.trim().split_once('.').map_or(0, |(_, d)| d.len());
    let is_head = |t: &str| bare(t) && decimals(t) == 1;
    let is_tail = |t: &str| t.trim().len() == 1 && t.trim().chars().all(|c| c.is_ascii_digit());
    let mut i = 0;
    while i < lines.len() {
        let end = (i..lines.len())
            .find(|&j| !bare(&lines[j]))
            .unwrap_or(lines.len());
        if end == i {
            i += 1;
            continue;
        }
        let mut pairs = Vec::new();
        let mut k = i;
        let mut whole = true;
        while k < end {
            if is_head(&lines[k]) && k + 1 < end && is_tail(&lines[k + 1]) {
                pairs.push(k);
                k += 2;
            } else if decimals(&lines[k]) == 2 {
                k += 1;
            } else {
                whole = false;
                break;
            }
        }
        if whole {
            for k in pairs {
                let joined = format!("{}{}", lines[k].trim(), lines[k + 1].trim());
                lines[k] = joined;
                lines[k + 1].clear();
            }
        }
        i = end;
    }
}

/// The page's lines in reading order, as indices into `lines`.
///
/// Text in a PDF's drawing order (what `-raw` gives) may print a table's title block and
/// part of its header last: the rows first, then the label, title, unit and header
/// labels, some producers drawing them several times. Such a page starts with labels
/// above its first row and ends in lines of labels, with no rows among them and no
/// title above the rows. That tail is moved before the page, each line once, its titles
/// first; repeats stay where they were. A page that starts with rows (a continuation)
/// is left alone: a title at its foot is the next table's.
///
/// A page with no title that prints the same header lines as the page before, in
/// another order, gets them in that page's order, so that its header reads the same
/// and the table runs on.
pub fn reading_order(lines: &[String], carried: &mut Carried) -> Vec<usize> {
    let header = &mut carried.header;
    let mut order = title_block_first(lines);
    label_before_broken_title(lines, &mut order);
    total_label_to_its_amounts(lines, &mut order);
    let first_row = order.iter().position(|&i| row_of(&lines[i]).is_some());
    let above = 0..first_row.unwrap_or(0);
    let titled = above.clone().any(|k| is_title(&lines[order[k]]));
    let labels: Vec<usize> = above
        .filter(|&k| {
            let t = lines[order[k]].trim();
            !t.is_empty() && parse_meta(t).is_none() && !is_title(t)
        })
        .collect();
    if titled {
        *header = labels
            .iter()
            .map(|&k| lines[order[k]].trim().to_string())
            .collect();
        return order;
    }
    let mut printed: Vec<&str> = labels.iter().map(|&k| lines[order[k]].trim()).collect();
    let mut before: Vec<&str> = header.iter().map(String::as_str).collect();
    printed.sort_unstable();
    before.sort_unstable();
    if !labels.is_empty() && printed == before {
        let mut by_previous: Vec<usize> = labels.iter().map(|&k| order[k]).collect();
        by_previous.sort_by_key(|&i| header.iter().position(|h| h == lines[i].trim()));
        for (&k, i) in labels.iter().zip(by_previous) {
            order[k] = i;
        }
    } else if !labels.is_empty() {
        *header = labels
            .iter()
            .map(|&k| lines[order[k]].trim().to_string())
            .collect();
    }
    order
}

/// A line of amounts and nothing else.
fn is_amounts_only(line: &str) -> bool {
    let mut words = line.split_whitespace().peekable();
    words.peek().is_some() && words.all(|w| amount_token(w).is_some())
}

/// A total row's label drawn before the table's unit and header ("合计", then
/// "部门:… 单位:万元", the header, then "27,664.22"): when the first row is amounts
/// only, the label goes just before it, so that they read as the total row.
fn total_label_to_its_amounts(lines: &[String], order: &mut Vec<usize>) {
    let Some(first_row) = order
        .iter()
        .position(|&i| row_of(&lines[i]).is_some() || is_amounts_only(&lines[i]))
    else {
        return;
    };
    if !is_amounts_only(&lines[order[first_row]]) {
        return;
    }
    let Some(label) = (0..first_row).find(|&k| {
        let t = lines[order[k]].trim();
        t == "合计" || t == "总计"
    }) else {
        return;
    };
    let i = order.remove(label);
    order.insert(first_row - 1, i);
}

/// A table's label drawn between the two parts of its broken title ("…支出明细", "表6",
/// "表") goes before them, so that the title reads as one.
fn label_before_broken_title(lines: &[String], order: &mut [usize]) {
    for p in 1..order.len().saturating_sub(1) {
        let [before, label, after] =
            [order[p - 1], order[p], order[p + 1]].map(|i| lines[i].trim());
        if is_table_label(label)
            && !before.is_empty()
            && !before.ends_with('表')
            && !is_table_label(before)
            && row_of(before).is_none()
            && after.ends_with('表')
            && after.chars().count() <= 4
        {
            order.swap(p - 1, p);
        }
    }
}

/// The page's order with a title block printed after the rows moved before them (see
/// [`reading_order`]).
fn title_block_first(lines: &[String]) -> Vec<usize> {
    let identity: Vec<usize> = (0..lines.len()).collect();
    let rows: Vec<usize> = (0..lines.len())
        .filter(|&i| row_of(&lines[i]).is_some())
        .collect();
    let (Some(&first_row), Some(&last_row)) = (rows.first(), rows.last()) else {
        return identity;
    };
    let labels = |range: std::ops::Range<usize>| {
        lines[range]
            .iter()
            .map(|l| l.trim())
            .filter(|t| !t.is_empty())
    };
    // Sentences and notes are prose, never a title block or a header (commas are
    // folded to ASCII; one in a number is followed by a digit).
    let prose = |t: &str| {
        let clause = t
            .char_indices()
            .any(|(k, c)| c == ',' && !t[k + 1..].starts_with(|d: char| d.is_ascii_digit()));
        clause
            || t.contains(['。', ';', '；'])
            || ["注", "备注", "说明"].iter().any(|n| t.starts_with(n))
    };
    let tail = last_row + 1..lines.len();
    // A table's label may stand above its rows while its title comes last ("公开05表"
    // first, "财政拨款支出预算表" after the rows): the label stays first.
    let label_above: Vec<usize> = (0..first_row)
        .filter(|&i| is_table_label(lines[i].trim()))
        .collect();
    if (0..first_row).any(|i| is_title(&lines[i]) && !label_above.contains(&i))
        || (!label_above.is_empty() && !tail.clone().any(|i| is_title(&lines[i])))
        || !labels(0..first_row).any(|t| parse_meta(t).is_none())
        || labels(tail.clone()).next().is_none()
        || labels(0..first_row).chain(labels(tail.clone())).any(prose)
    {
        return identity;
    }
    let mut seen = std::collections::HashSet::new();
    let (mut block, repeats): (Vec<usize>, Vec<usize>) = tail
        .clone()
        .partition(|&i| lines[i].trim().is_empty() || seen.insert(lines[i].trim()));
    // The block's titles first, then its unit lines (单位：元, also one drawn above the
    // rows), then its header's labels, so that those stay right above the rows.
    let is_meta = |i: usize| parse_meta(lines[i].trim()).is_some();
    block.sort_by_key(|&i| match (is_title(&lines[i]), is_meta(i)) {
        (true, _) => 0,
        (false, true) => 1,
        _ => 2,
    });
    let units_above: Vec<usize> = (0..first_row)
        .filter(|&i| !label_above.contains(&i) && is_meta(i))
        .collect();
    let at = block
        .iter()
        .rposition(|&i| is_title(&lines[i]) || is_meta(i))
        .map_or(0, |k| k + 1);
    block.splice(at..at, units_above.iter().copied());
    label_above
        .iter()
        .copied()
        .chain(block)
        .chain((0..tail.start).filter(|i| !label_above.contains(i) && !units_above.contains(i)))
        .chain(repeats)
        .collect()
}

/// The cells of one page of single-space text, each line with its separator.
///
/// A title block drawn several times over (label, title, unit, again) is read once:
/// its repeats after the page's last row are left blank, so that they do not start a
/// table of their own before the rows that run on.
pub fn lay_out_page(lines: &[String], carried: &mut Carried) -> Vec<(Vec<String>, Separator)> {
    let mut out: Vec<(Vec<String>, Separator)> = lines.iter().map(|l| cells::split(l)).collect();
    let titles: Vec<bool> = lines.iter().map(|l| is_title(l)).collect();
    let last_row = lines.iter().rposition(|l| row_of(l).is_some());
    let mut block: Vec<&str> = Vec::new();
    let mut repeating = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if !(titles[i] || parse_meta(t).is_some()) {
            continue;
        }
        // A unit line is a repeat only within a repeated block, after a title's repeat.
        let trailing = last_row.is_none_or(|r| i > r);
        if trailing && block.contains(&t) && (titles[i] || repeating) {
            out[i] = (Vec::new(), Separator::None);
            repeating = true;
        }
        block.push(t);
    }
    let mut start = 0;
    while start < lines.len() {
        let end = (start + 1..lines.len())
            .find(|&i| titles[i])
            .unwrap_or(lines.len());
        lay_out_table(&lines[start..end], &mut out[start..end], carried);
        start = end;
    }
    out
}

/// Whether a label ends as the label of a column of amounts does (收入, 支出, 合计,
/// 预算数, 经费 …); one that does not was broken over lines.
fn ends_as_label(label: &str) -> bool {
    [
        "收入", "支出", "计", "数", "费", "金", "额", "资金", "结余", "结转", "经费", "拨款",
        "备注", "人数", "行次",
    ]
    .iter()
    .any(|end| label.ends_with(end))
}

/// Where the groups of a table's full shape start, each a name followed by amounts
/// (收入 项目 预算数 | 支出 项目 预算数), when there are several.
fn side_starts(full: &[bool]) -> Option<Vec<usize>> {
    let starts: Vec<usize> = (0..full.len()).filter(|&k| !full[k]).collect();
    let ends = starts.iter().skip(1).copied().chain([full.len()]);
    let named_amounts = starts.iter().zip(ends).all(|(&a, b)| b - a >= 2);
    (starts.len() >= 2 && starts[0] == 0 && named_amounts).then_some(starts)
}

/// Whether a summary table's line belongs to its 支出 side: an expenditure (一般公共服务
/// 支出, 本年支出合计) or what is carried to the next year (年末结转和结余).
fn is_expenditure_line(name: &str) -> bool {
    let name = name.trim();
    (name.contains("支出") && !name.contains("收入"))
        || name.contains("年末结转")
        || name.contains("年终结转")
}

/// The columns the labels of one line head when the columns after the table's total
/// repeat the same labels once for each of them (当年预算 and 上年结转结余, each over 小计,
/// 人员经费, 公用经费): each over its repetition, in order.
fn repeated_spans(labels: &[String], leaves: &[String]) -> Option<Vec<GroupSpan>> {
    let k = labels.len();
    let from = usize::from(leaves.first().is_some_and(|l| is_table_total(l)));
    let rest = &leaves[from..];
    let prose = labels.iter().chain(leaves).any(|l| is_prose(l));
    if k < 2 || prose || rest.is_empty() || rest.len() % k != 0 {
        return None;
    }
    let n = rest.len() / k;
    let chunks: Vec<&[String]> = rest.chunks(n).collect();
    chunks.windows(2).all(|w| w[0] == w[1]).then(|| {
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| (from + i * n, from + i * n + n - 1, label.clone()))
            .collect()
    })
}

/// The columns of values a group label heads: first and last (among the columns of
/// values, from 0) and the label.
type GroupSpan = (usize, usize, String);

/// The labels of the parts a budget splits a group into: 基本支出 into 人员经费 and 公用
///经费 (or its economic classes), 财政拨款 into its three budgets, an outlay (本年支出)
/// into 基本支出 and 项目支出.
fn parts_of(group: &str) -> &'static [&'static str] {
    if group.contains("基本支出") {
        &["人员", "公用", "工资福利", "商品和服务", "对个人和家庭"]
    } else if group.contains("财政拨款") && !group.contains("收入") {
        &["一般公共预算", "政府性基金", "国有资本经营"]
    } else if group.contains("本年支出") {
        // 本年支出 over its 小计, 基本支出 and 项目支出 (a 决算's fund tables; not an
        // outlay of a kind, 事业单位经营支出, which is a column of its own).
        &["基本支出", "项目支出"]
    } else {
        &[]
    }
}

/// The columns when the labels `lower` of the widest line are all the parts of one
/// group among the labels `upper` of the lines above (合计 | 基本支出 | 项目支出 over 小计,
/// 人员支出, 日常公用支出): `upper` with the group's place taken by its parts, if they
/// name at least the `columns` the rows print, and the group's span among them.
fn expand_group(
    upper: &[String],
    lower: &[String],
    columns: usize,
) -> Option<(Vec<String>, GroupSpan)> {
    let is_part =
        |group: &str, l: &String| l == "小计" || parts_of(group).iter().any(|p| l.contains(p));
    let groups: Vec<usize> = (0..upper.len())
        .filter(|&g| !parts_of(&upper[g]).is_empty())
        .filter(|&g| lower.iter().all(|l| is_part(&upper[g], l)))
        .collect();
    if lower.iter().all(|l| l == "小计") {
        return None;
    }
    let [g] = groups.as_slice() else {
        return None;
    };
    let leaves: Vec<String> = upper[..*g]
        .iter()
        .chain(lower)
        .chain(&upper[g + 1..])
        .cloned()
        .collect();
    (upper.len() >= 2 && leaves.len() >= columns)
        .then(|| (leaves, (*g, g + lower.len() - 1, upper[*g].clone())))
}

/// The columns when the last labels are all the parts of a group labelled earlier, its
/// own 小计 first (合计, 财政拨款, 财政专户管理资金, …, 上年结转, then 小计, 一般公共预算,
/// 政府性基金预算, 国有资本经营预算 from the line under them): the labels with the group's
/// place taken by its parts, and the group's span among them.
fn parts_in_group_place(labels: &[String]) -> Option<(Vec<String>, GroupSpan)> {
    let is_part = |group: &str, l: &String| parts_of(group).iter().any(|p| l.contains(p));
    let (g, group) = labels
        .iter()
        .enumerate()
        .find(|(_, l)| !parts_of(l).is_empty())?;
    let parts = labels[g + 1..]
        .iter()
        .rev()
        .take_while(|l| is_part(group, l))
        .count();
    let mut from = labels.len() - parts;
    if from > g + 1 && labels[from - 1] == "小计" {
        from -= 1;
    }
    if parts < 2 || from <= g + 1 {
        return None;
    }
    let leaves: Vec<String> = labels[..g]
        .iter()
        .chain(&labels[from..])
        .chain(&labels[g + 1..from])
        .cloned()
        .collect();
    let span = (g, g + labels.len() - from - 1, group.clone());
    Some((leaves, span))
}

/// The columns a group label heads, among the labels of the columns of amounts (first,
/// last, label): the parts a budget splits it into (基本支出 into 人员经费 and 公用经费,
/// 财政拨款 into 一般公共预算, 政府性基金 and 国有资本经营预算), side by side, with the
/// group's own total (小计) just before them. A group whose parts are not found, or not
/// side by side, heads nothing.
fn group_spans(groups: &[String], leaves: &[String]) -> Vec<GroupSpan> {
    let mut spans: Vec<GroupSpan> = Vec::new();
    for group in groups.iter().filter(|g| !is_prose(g)) {
        let parts = parts_of(group);
        // Its parts by name, or the columns that carry its name (项目支出总数 under 项目
        // 支出), with the columns of a part of them after (扣除基建项目后预算数, 其中:…).
        let of_group: Vec<usize> = (0..leaves.len())
            .filter(|&k| {
                parts.iter().any(|p| leaves[k].contains(p))
                    || (ends_as_label(group)
                        && leaves[k].starts_with(group.as_str())
                        && leaves[k] != *group)
                    // A part that names the group (其中：2026年政府采购项目中预留给…).
                    || (leaves[k].starts_with("其中") && leaves[k].contains(group.as_str()))
            })
            .collect();
        let (Some(&a), Some(&b)) = (of_group.first(), of_group.last()) else {
            continue;
        };
        if b + 1 - a != of_group.len() {
            continue;
        }
        let b = (b + 1..leaves.len())
            .take_while(|&k| leaves[k].starts_with("扣除") || leaves[k].starts_with("其中"))
            .last()
            .unwrap_or(b);
        let a = match a.checked_sub(1) {
            Some(k) if leaves[k] == "小计" => k,
            _ => a,
        };
        // Over every column it would be the root, which a line of its own says.
        let whole = a == 0 && b + 1 == leaves.len();
        if !whole && spans.iter().all(|(x, y, _)| b < *x || a > *y) {
            spans.push((a, b, group.clone()));
        }
    }
    spans
}

/// Whether a header label is the table's total column (合计, 总计), not a group's.
fn is_table_total(label: &str) -> bool {
    matches!(label, "合计" | "总计")
}

/// The label a header may print alone over all its amount columns (收入预算 over 合计,
/// 财政拨款收入 …; 基本支出 over 合计, 人员经费, 公用经费): the topmost line of value
/// labels above the widest, before line `below`, holding one label that is not itself a
/// total, where the labels below it name every amount column. It is their parent only
/// if the table's total leads them ([`totals_lead`]).
fn root_label(
    parents: &[(usize, Vec<String>)],
    leaves: &[String],
    columns: usize,
    below: usize,
) -> Option<String> {
    let (line, labels) = parents.iter().find(|(_, l)| !l.is_empty())?;
    // (A column's label merged down the header can share the line: 事业单位经营收入,
    // printed beside 收入预算 in drawing order. A side's budget is still the root.)
    let budget = |l: &String| l.ends_with("收入预算") || l.ends_with("支出预算");
    let label = match labels.as_slice() {
        [label] => label,
        several => {
            let mut budgets = several.iter().filter(|l| budget(l));
            let (Some(label), None) = (budgets.next(), budgets.next()) else {
                return None;
            };
            let others_are_columns = several
                .iter()
                .all(|l| budget(l) || ends_as_label(l) && !is_total(l) && !is_prose(l));
            if !others_are_columns {
                return None;
            }
            label
        }
    };
    // A label of amounts (预算数, 支出预算, 本年财政拨款基本支出), not a project's name.
    let of_amounts = (ends_as_label(label) || label.ends_with("预算")) && !is_prose(label);
    (columns >= 2 && leaves.len() == columns && of_amounts && !is_total(label) && *line < below)
        .then(|| label.clone())
}

/// Whether a line's words are a sentence's, not a header label's: prose keeps its
/// punctuation (a paragraph with amounts in it can look like rows).
fn is_prose(label: &str) -> bool {
    label.contains(['。', '；', ';', '，', ','])
}

/// Whether a label is a total's (合计, 小计, 总计).
fn is_total(label: &str) -> bool {
    ["合计", "小计", "总计"].iter().any(|t| label.contains(t))
}

/// Whether the table's total leads the columns and every other total is a group's, in
/// one of `spans`: only then can one label stand over them all.
fn totals_lead(leaves: &[String], spans: &[GroupSpan]) -> bool {
    let grouped = |k: usize| spans.iter().any(|(a, b, _)| (*a..=*b).contains(&k));
    leaves.first().is_some_and(|l| is_total(l))
        && (1..leaves.len()).all(|k| !is_total(&leaves[k]) || grouped(k))
}

/// What the lines of a header say, read line by line in reading order.
struct HeaderLabels {
    /// The label of the code columns (科目编码).
    code_label: String,
    /// The labels of the key columns, from the last line that prints any.
    names: Vec<String>,
    /// The labels of the columns of values: those of the widest line and below.
    values: Vec<String>,
    /// The last line that holds a label.
    labelled: Option<usize>,
    /// The most value labels one line holds.
    widest: usize,
    /// The value labels of the lines above the widest, with their lines (totals apart).
    parents: Vec<(usize, Vec<String>)>,
    /// The table's totals (合计, 总计) among those lines: merged down beside the others.
    merged_totals: Vec<String>,
    /// Every value label, in reading order.
    all_values: Vec<String>,
    /// The labels of the line of labels set aside last, totals and all.
    last_cleared: Vec<String>,
    /// The line naming a summary table's two sides (收入 | 支出), when `sided`.
    sides_line: Option<(usize, [String; 2])>,
    /// The value labels that stand side by side on one line, each with the next.
    side_by_side: Vec<(String, String)>,
}

/// Reads the labels of the header lines `header`: key labels, value labels, the
/// labels of the lines above the widest (merged parents or cells merged down).
fn read_labels(lines: &[String], header: &[usize], sided: bool, numbered: bool) -> HeaderLabels {
    let mut code_label = String::new();
    let mut names: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut labelled = None;
    let mut widest = 0;
    // The value labels of the lines above the widest, with their lines.
    let mut parents: Vec<(usize, Vec<String>)> = Vec::new();
    let mut values_from = None;
    let mut merged_totals: Vec<String> = Vec::new();
    // Every value label, in reading order.
    let mut all_values: Vec<String> = Vec::new();
    // The labels of the line of labels cleared last, totals and all.
    let mut last_cleared: Vec<String> = Vec::new();
    let mut side_by_side: Vec<(String, String)> = Vec::new();
    // A label a narrow cell broke over lines of its own, its last characters alone
    // ("科目编" / "码", "人员经" / "费", "小" / "计"), is one label.
    let mut header_text: Vec<(usize, String)> = Vec::new();
    for &i in header {
        let t = lines[i].trim();
        let broken = |u: &str| {
            u.split_whitespace().count() == 1
                && !ends_as_label(u)
                && !["编码", "代码", "名称"].iter().any(|k| u.contains(k))
        };
        match header_text.last_mut() {
            Some((_, above))
                if broken(above)
                    && t.split_whitespace().count() == 1
                    && t.chars().count() <= 2
                    && !is_bracketed(t)
                    && !is_total(t) =>
            {
                above.push_str(t);
            }
            _ => header_text.push((i, t.to_string())),
        }
    }
    // A label spaced out over its cell ("合 计", "项 目") is one word, and so is a year
    // set apart from its 年 ("2026 年政府采购项目").
    for (_, t) in &mut header_text {
        *t = join_year(t)
            .replace("合 计", "合计")
            .replace("总 计", "总计")
            .replace("小 计", "小计")
            .replace("项 目", "项目")
            .replace("栏 次", "栏次");
    }
    join_labels_broken_at_line_ends(&mut header_text, numbered);
    // The line that names the two sides, where the rows print two.
    let sides_line = header_text.iter().filter(|_| sided).find_map(|(i, t)| {
        let words: Vec<&str> = t.split_whitespace().collect();
        match words.as_slice() {
            [a, b] if a.contains("收入") && b.contains("支出") => {
                Some((*i, [a.to_string(), b.to_string()]))
            }
            _ => None,
        }
    });
    for (i, t) in &header_text {
        let (i, t) = (*i, t.as_str());
        if sides_line.as_ref().is_some_and(|(line, _)| *line == i) {
            continue;
        }
        // A bracketed line among the labels qualifies the label before it.
        if is_bracketed(t) {
            if let Some(label) = values.last_mut().or(names.last_mut()) {
                label.push_str(t);
            }
            continue;
        }
        let mut line_names = Vec::new();
        let mut line_values = Vec::new();
        for w in t.split_whitespace() {
            // (序号 labels the serial, which is no column of values.)
            if matches!(w, "类" | "款" | "项" | "栏次") || is_digits(w) || (numbered && w == "序号")
            {
                continue;
            }
            if ["编码", "代码"].iter().any(|k| w.contains(k)) {
                code_label = w.to_string();
            } else if ["名称", "科目", "分类"].iter().any(|k| w.contains(k))
                || matches!(w, "项目" | "预算单位")
            {
                line_names.push(w.to_string());
            } else {
                line_values.push(w.to_string());
            }
        }
        // Labels in reading order; the last line of names names the key columns.
        if !line_names.is_empty() || !line_values.is_empty() {
            labelled = Some(i);
        }
        if !line_names.is_empty() {
            names = line_names;
        }
        // Value labels above the line that prints most of them are merged parents
        // over it (收入预算 over 合计 …): not columns.
        if line_values.len() > widest {
            widest = line_values.len();
            if let Some(line) = values_from {
                // But the table's total, merged down beside them, is a column.
                let values_line = std::mem::take(&mut values);
                let (totals, over): (Vec<String>, Vec<String>) =
                    values_line.iter().cloned().partition(|l| is_table_total(l));
                merged_totals.extend(totals);
                last_cleared = values_line.clone();
                parents.push((line, over));
            }
            values_from = None;
        }
        if !line_values.is_empty() {
            values_from = values_from.or(Some(i));
        }
        side_by_side.extend(line_values.windows(2).map(|w| (w[0].clone(), w[1].clone())));
        all_values.extend(line_values.iter().cloned());
        values.extend(line_values);
    }
    HeaderLabels {
        side_by_side,
        code_label,
        names,
        values,
        labelled,
        widest,
        parents,
        merged_totals,
        all_values,
        last_cleared,
        sides_line,
    }
}

/// A line's words with a year joined to the 年 after it ("其中：2026 年" → "其中：2026年").
fn join_year(line: &str) -> String {
    let mut out = String::new();
    for w in line.split_whitespace() {
        let year = out
            .rsplit(' ')
            .next()
            .is_some_and(super::grid::ends_with_year);
        let joins_year = year && w.starts_with('年');
        if !out.is_empty() && !joins_year {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether a header word labels a column of values: not furniture (类 款 项, 栏次,
/// column numbers, 序号 before a serial), nor the label of a code or name column.
fn is_value_label(word: &str, numbered: bool) -> bool {
    !(matches!(word, "类" | "款" | "项" | "栏次")
        || is_digits(word)
        || (numbered && word == "序号")
        || ["编码", "代码", "名称", "科目", "分类"]
            .iter()
            .any(|k| word.contains(k))
        || matches!(word, "项目" | "预算单位"))
}

/// Whether a label reads whole: it ends as a column's label ends (合计, 预算数, 单位资金,
/// 当年预算, 增减(%)), so that the word after it starts another.
fn reads_whole(label: &str) -> bool {
    ends_as_label(label) || label.ends_with("预算") || label.ends_with([')', '）', '%'])
}

/// Joins the labels a narrow cell broke over lines when the break falls at a line's end:
/// the first word of a line continues the last word of the line above when that word
/// does not read whole and the two make a known label ("财政专户管" + "理资金",
/// "国有资本经营" + "预算拨款收入"), or when the word is a label's bare ending that names
/// nothing alone ("政府性基金" + "预算", "一般公共预" + "算"). The word moves up; the
/// rest of its line stays.
fn join_labels_broken_at_line_ends(header_text: &mut Vec<(usize, String)>, numbered: bool) {
    for k in 1..header_text.len() {
        let (above, rest) = header_text.split_at_mut(k);
        let (_, above) = &mut above[k - 1];
        let (_, line) = &mut rest[0];
        let (Some(last), Some(first)) = (
            above.split_whitespace().last(),
            line.split_whitespace().next(),
        ) else {
            continue;
        };
        let labels = is_value_label(last, numbered)
            && is_value_label(first, numbered)
            && !is_bracketed(first)
            && !is_total(first)
            && !first.starts_with(|c: char| c.is_ascii_digit())
            && !first.starts_with("其中")
            && !first.starts_with("扣除");
        let joined = format!("{last}{first}");
        let continues = !reads_whole(last) && crate::schema::canonical_key(&joined).is_some();
        let bare_ending =
            crate::schema::canonical_key(first).is_none() && first.chars().count() <= 3;
        if labels && (continues || bare_ending) {
            let first = first.to_string();
            above.push_str(&first);
            *line = line.trim_start()[first.len()..].trim_start().to_string();
        }
    }
    header_text.retain(|(_, t)| !t.is_empty());
}

/// Whether a line is in brackets: a qualifier of the title or label before it.
fn is_bracketed(t: &str) -> bool {
    t.starts_with(['(', '（']) && t.ends_with([')', '）'])
}

/// Where a row's cells go in the table's full shape: each cell at the next position of
/// its kind (text or value). `None` if they do not fit; the flag tells whether every
/// position was filled.
fn align(shape: &[bool], full: &[bool]) -> Option<(Vec<usize>, bool)> {
    let mut at = Vec::with_capacity(shape.len());
    let mut next = 0;
    for &value in shape {
        let k = (next..full.len()).find(|&k| full[k] == value)?;
        at.push(k);
        next = k + 1;
    }
    Some((at, shape.len() == full.len()))
}

/// A row that prints its code and name but leaves every amount empty ("7 2080501 行政
/// 单位离退休") between rows: a row with no values, not a line of text that would end
/// the table. Only where the lines around it are rows (or such rows) too.
fn rows_left_empty(lines: &[String], rows: &mut [Option<RawRow>]) {
    let coded_name = |t: &str| -> Option<RawRow> {
        let words: Vec<&str> = t.split_whitespace().collect();
        let codes = words.iter().take(4).take_while(|w| is_digits(w)).count();
        let has_code = words[..codes].iter().any(|w| matches!(w.len(), 3 | 5 | 7));
        let name = &words[codes..];
        let named = !name.is_empty()
            && name
                .iter()
                .all(|w| !is_value(w) && !w.contains(['。', '；', ';', '，', ':', '：']))
            && name
                .first()
                .is_some_and(|w| w.chars().next().is_some_and(is_cjk));
        (has_code && named).then(|| RawRow {
            codes: words[..codes].iter().map(|w| w.to_string()).collect(),
            cells: vec![(false, name.join(" "))],
            second_code: None,
        })
    };
    let candidates: Vec<Option<RawRow>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| rows[i].is_none().then(|| coded_name(l.trim())).flatten())
        .collect();
    let filled = |i: usize| rows[i].is_some() || candidates[i].is_some();
    let is_row = |j: Option<usize>| j.is_some_and(|j| rows[j].is_some());
    let blank = |j: &usize| lines[*j].trim().is_empty();
    let mut made = Vec::new();
    for (i, candidate) in candidates.iter().enumerate() {
        let Some(row) = candidate else { continue };
        // The run of such lines this one is in, with a row on each side of it.
        let start = (0..i)
            .rev()
            .take_while(|&j| filled(j) && rows[j].is_none())
            .last()
            .unwrap_or(i);
        let end = (i + 1..lines.len())
            .take_while(|&j| filled(j) && rows[j].is_none())
            .last()
            .unwrap_or(i);
        let above = (0..start).rev().find(|j| !blank(j));
        let below = (end + 1..lines.len()).find(|j| !blank(j));
        if is_row(above) && is_row(below) {
            made.push((i, row.clone()));
        }
    }
    for (i, row) in made {
        rows[i] = Some(row);
    }
}

/// Whether the rows print their codes in parts, 类 | 款 | 项: some row prints two or
/// more parts after `first` (a serial), each a 类 of three digits, then parts of two.
fn is_split_code(rows: &[Option<RawRow>], first: usize) -> bool {
    let parts = |r: &RawRow| r.codes.get(first..).unwrap_or_default().to_vec();
    let digits = |s: &str, n: usize| s.len() == n && is_digits(s);
    rows.iter().flatten().any(|r| parts(r).len() >= 2)
        && rows.iter().flatten().all(|r| {
            let p = parts(r);
            p.first().is_none_or(|c| digits(c, 3)) && p.iter().skip(1).all(|c| digits(c, 2))
        })
}

/// Rows wrapped over lines: a code on a line of its own (or with the start of its
/// name), the name's fragments on the next lines, the amounts (perhaps after the name's
/// last characters, or a second code and name) on the last. Each such run between two rows is read as one row, on
/// its last line; the lines before it are returned, to be left blank.
fn join_wrapped_rows(lines: &[String], rows: &mut [Option<RawRow>]) -> Vec<usize> {
    // (A narrow name column breaks a long name into up to four pieces, changchun.)
    const MAX_FRAGMENTS: usize = 6;
    let lone_amount = |t: &str| {
        let mut words = t.split_whitespace();
        words.next().is_some_and(|w| amount_token(w).is_some()) && words.next().is_none()
    };
    // A code and the start of a name can read as an entity line (code, unit name):
    // between two rows it is the start of a row. (A one-digit serial counts before a
    // code: "8 30108 机关…".)
    let coded = |t: &str| {
        let mut words = t.split_whitespace();
        match (words.next(), words.next()) {
            (Some(w), _) if w.len() >= 2 && is_digits(w) => true,
            (Some(w), Some(code)) => is_digits(w) && code.len() >= 3 && is_digits(code),
            _ => false,
        }
    };
    let fragment = |t: &str| {
        !t.is_empty()
            && !t.split_whitespace().any(|w| amount_token(w).is_some())
            && t.chars().count() <= 24
            && !t.contains(['。', ';', '；', ':'])
            && !is_title(t)
            && (parse_meta(t).is_none() || coded(t))
    };
    let mut consumed = Vec::new();
    let mut previous_row = None;
    for i in 0..lines.len() {
        // The last line holds the amounts (one alone is no row of its own), after the
        // name's last characters or a second code system's code and name (50102 社会保障
        // 缴费 …).
        let codes = match &rows[i] {
            Some(row) => {
                let short_name = row
                    .cells
                    .first()
                    .is_none_or(|c| c.0 || c.1.chars().count() <= 6);
                if row.codes.is_empty() && !short_name {
                    previous_row = Some(i);
                    continue;
                }
                row.codes.clone()
            }
            None if lone_amount(&lines[i]) && previous_row.is_some() => Vec::new(),
            None => continue,
        };
        // Between two rows, or between the header and the first row.
        let after = previous_row.replace(i);
        let start = i
            .saturating_sub(MAX_FRAGMENTS)
            .max(after.map_or(0, |a| a + 1));
        // The first line that starts with a code and is followed only by fragments.
        let Some(j) =
            (start..i).find(|&j| coded(&lines[j]) && (j..i).all(|k| fragment(lines[k].trim())))
        else {
            continue;
        };
        let alone = is_digits(lines[j].trim());
        // Above the first row, only a code alone on its line starts it (a header's
        // column numbers do not).
        if after.is_none() && !alone {
            continue;
        }
        // A line that reads as a row of its own ends a wrapped row only with a second
        // code system's code (50102 under 30108, not 310 under "307 债务利息及费用支出",
        // a row left empty), or after a serial or code alone on its line.
        let first_code = lines[j]
            .split_whitespace()
            .take_while(|w| is_digits(w))
            .find(|w| w.len() >= 3)
            .unwrap_or_default();
        let other_system = codes.first().is_some_and(|c| {
            c.len() >= 3 && first_code.len() >= 3 && c.bytes().next() != first_code.bytes().next()
        });
        if !codes.is_empty() && !alone && !other_system {
            continue;
        }
        // Fragments before the code line stay what they were; a serial alone on the
        // line before it is the row's ("3" / "30101" / "基本工资 50101 … 7,910,482.40").
        let serial_above = j
            .checked_sub(1)
            .filter(|&s| after.is_some_and(|a| s > a))
            .filter(|&s| {
                let t = lines[s].trim();
                (1..=3).contains(&t.len()) && is_digits(t)
            });
        let j = serial_above.unwrap_or(j);
        let joined = lines[j..=i].join(" ");
        if let Some(whole) = row_of(&joined).filter(|r| !r.codes.is_empty()) {
            rows[i] = Some(whole);
            consumed.extend(j..i);
        }
    }
    consumed
}

/// Rows whose amounts a converter printed a cell (or a few) per line: a code and name
/// with no amount, then lines of amounts only, up to the next row ("201 一般公共服务支出",
/// "1378.41", "1378.41", "903.85 692.85 211.00 474.56", "0.00" …). On a page where some
/// coded row prints no amount and lines of amounts only follow it, each coded row takes
/// the lines of amounts only under it; on any page, so does a total's label alone on
/// its line ("合计"). The row is read on the last of those lines, and the lines before
/// are returned, to be left blank.
fn join_spread_amounts(lines: &[String], rows: &mut [Option<RawRow>]) -> Vec<usize> {
    // A row's code and name (alone on its line, no row yet), or a total's label.
    let total = |t: &str| {
        let t = t.trim().trim_end_matches([':', '：']).replace(' ', "");
        t.ends_with("合计") || t.ends_with("总计")
    };
    let coded: Vec<bool> = (0..lines.len())
        .map(|i| match &rows[i] {
            Some(r) => !r.codes.is_empty(),
            None => {
                total(&lines[i])
                    || lines[i]
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| w.len() >= 3 && is_digits(w))
            }
        })
        .collect();
    let no_amount: Vec<bool> = rows
        .iter()
        .map(|r| r.as_ref().is_none_or(|r| r.cells.iter().all(|c| !c.0)))
        .collect();
    // The lines of amounts only under line `i`, skipping blank lines; the last index.
    let spread_until = |i: usize| {
        let mut last = None;
        for (k, line) in lines.iter().enumerate().skip(i + 1) {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if !is_amounts_only(t) {
                break;
            }
            last = Some(k);
        }
        last
    };
    let spread_page =
        (0..lines.len()).any(|i| coded[i] && no_amount[i] && spread_until(i).is_some());
    let mut consumed = Vec::new();
    for i in 0..lines.len() {
        // A total's label alone on its line takes the amounts under it on any page.
        let lone_total = rows[i].is_none() && total(&lines[i]);
        if !(coded[i] && spread_page || lone_total) {
            continue;
        }
        let Some(last) = spread_until(i) else {
            continue;
        };
        let joined = lines[i..=last]
            .iter()
            .map(|l| l.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(whole) = row_of(&joined).filter(|r| !r.codes.is_empty() || total(&lines[i])) {
            rows[last] = Some(whole);
            rows[i..last].fill(None);
            consumed.extend(i..last);
        }
    }
    consumed
}

/// Codes printed at their own level only, each row one part (201 一般公共服务支出, then
/// 05 统计信息事务, then 01 行政运行), are put in the 类, 款 or 项 column, so that the
/// recogniser completes them from the rows above. A 3-digit code is a 类; a 2-digit one
/// after a 类 is a 款, after a 款 a 项; after a 项 it is another 项 while that 款's 项
/// do not yet add up to its amount, else the next 款. `levels` runs on from the page
/// before. Returns whether the rows are such codes.
fn place_own_level_codes(rows: &mut [Option<RawRow>], first: usize, levels: &mut Levels) -> bool {
    let part = |r: &RawRow| r.codes.get(first..).unwrap_or_default().to_vec();
    let parts: Vec<Vec<String>> = rows.iter().flatten().map(part).collect();
    let own_level = parts.iter().all(|p| {
        p.len() <= 1
            && p.iter()
                .all(|c| is_digits(c) && (c.len() == 2 || c.len() == 3))
    }) && parts.iter().flatten().any(|c| c.len() == 2)
        && (parts.iter().flatten().any(|c| c.len() == 3) || levels.last != Level::None);
    if !own_level {
        return false;
    }
    for row in rows.iter_mut().flatten() {
        let Some(code) = row.codes.get(first).cloned() else {
            continue;
        };
        let amount = row
            .cells
            .iter()
            .find(|c| c.0)
            .and_then(|c| amount_token(&c.1))
            .unwrap_or_default();
        let level = match (code.len(), levels.last) {
            (3, _) => Level::Class,
            (_, Level::Class | Level::None) => Level::Section,
            (_, Level::Section) => Level::Item,
            (_, _) => match levels.section {
                Some(section) if levels.items == section || levels.items + amount > section => {
                    Level::Section
                }
                _ => Level::Item,
            },
        };
        match level {
            Level::Section => (levels.section, levels.items) = (Some(amount), Decimal::ZERO),
            Level::Item => levels.items += amount,
            _ => (levels.section, levels.items) = (None, Decimal::ZERO),
        }
        levels.last = level;
        let at = match level {
            Level::Class => 0,
            Level::Section => 1,
            _ => 2,
        };
        let mut placed = vec![String::new(); 3];
        placed[at] = code;
        row.codes.truncate(first);
        row.codes.extend(placed);
    }
    true
}

fn lay_out_table(lines: &[String], out: &mut [(Vec<String>, Separator)], carried: &mut Carried) {
    let mut rows: Vec<Option<RawRow>> = lines.iter().map(|l| row_of(l)).collect();
    let Some(first) = rows.iter().position(Option::is_some) else {
        return;
    };
    for j in join_wrapped_rows(lines, &mut rows) {
        out[j] = (Vec::new(), Separator::None);
    }
    let spread = join_spread_amounts(lines, &mut rows);
    for &j in &spread {
        out[j] = (Vec::new(), Separator::None);
    }
    rows_left_empty(lines, &mut rows);
    // A total's label joined to the amounts under it can make a row above the first.
    let first = rows.iter().position(Option::is_some).unwrap_or(first);
    // A row number (序号) before the code: row numbers count up, so of the rows that
    // print two or more code words, most have a first word one more than the previous
    // such row's (a 类 code like 201 does not).
    let firsts: Vec<u32> = rows
        .iter()
        .flatten()
        .filter(|r| r.codes.len() >= 2)
        .filter_map(|r| r.codes[0].parse().ok())
        .collect();
    let counting_up = firsts.windows(2).filter(|w| w[1] == w[0] + 1).count() + 1;
    // The header: the lines above the first row, after any title, that are not meta
    // lines or a title's continuation (its bracketed qualifier).
    // A title's last characters broken onto a line of their own ("表") end it too.
    let title = (0..first).rev().find(|&i| {
        let t = lines[i].trim();
        is_title(t) || (t.ends_with('表') && t.chars().count() <= 4)
    });
    let after_title = title.map_or(0, |i| i + 1);
    let header: Vec<usize> = (after_title..first)
        .filter(|&i| {
            let t = lines[i].trim();
            // A bracketed line right under the title qualifies the title.
            let qualifies_title = is_bracketed(t)
                && (after_title..i).all(|j| {
                    let u = lines[j].trim();
                    u.is_empty() || parse_meta(u).is_some()
                });
            !t.is_empty() && parse_meta(t).is_none() && !qualifies_title && !spread.contains(&i)
        })
        .collect();
    // A table whose codes stand in several groups among its names (政府采购) has a
    // reader of its own.
    let furniture = header
        .iter()
        .rposition(|&i| raw_form::code_groups(&lines[i]).is_some());
    if let Some(k) = furniture {
        if raw_form::lay_out(lines, &header[..=k], out).is_some() {
            carried.layout = None;
            return;
        }
    }
    // Rows at the top of a page (nothing but a unit line above them) run on.
    let at_top = lines[..first]
        .iter()
        .all(|l| l.trim().is_empty() || parse_meta(l.trim()).is_some());
    let runs_on = match &carried.layout {
        Some(layout) if at_top => Some(layout.clone()),
        _ => None,
    };
    let numbered = match &runs_on {
        Some(layout) => layout.numbered,
        None => !firsts.is_empty() && 2 * counting_up > firsts.len(),
    };
    let serial = |w: &str| w.len() <= 3 && !w.starts_with('0');
    let mut rows: Vec<Option<RawRow>> = rows
        .into_iter()
        .map(|r| {
            r.map(|mut r| {
                // Serial first, the code parts after it, in their own columns.
                if numbered && !r.codes.first().is_some_and(|c| serial(c)) {
                    r.codes.insert(0, String::new());
                }
                r
            })
        })
        .collect();
    let first_part = usize::from(numbered);
    let own_level = place_own_level_codes(&mut rows, first_part, &mut carried.levels);
    let mut codes = rows
        .iter()
        .flatten()
        .map(|r| r.codes.len())
        .max()
        .unwrap_or(0);
    // The table's shape: that of its fullest row; with a name first, as rows have.
    let mut full: Vec<bool> = rows
        .iter()
        .flatten()
        .map(RawRow::shape)
        .max_by_key(Vec::len)
        .unwrap_or_default();
    if full.first() == Some(&true) {
        full.insert(0, false);
    }
    // Rows running on from the page before keep its columns where they fit them.
    let mut ran_on_sided = false;
    if let Some(layout) = runs_on.filter(|l| {
        codes <= l.codes
            && rows
                .iter()
                .flatten()
                .all(|r| align(&r.shape(), &l.full).is_some())
    }) {
        codes = layout.codes;
        full = layout.full;
        ran_on_sided = layout.sided;
    }
    // A summary table prints its two sides (收入 | 支出) side by side, each a name and
    // its amounts, under a line naming the sides.
    let sides = side_starts(&full).filter(|s| s.len() == 2);
    let HeaderLabels {
        code_label,
        names,
        mut values,
        labelled,
        widest,
        mut parents,
        mut merged_totals,
        all_values,
        last_cleared,
        sides_line,
        side_by_side,
    } = read_labels(lines, &header, sides.is_some(), numbered);
    let columns = full.iter().filter(|&&v| v).count();
    // A group's parts under it, its siblings merged down beside it on the lines above:
    // the columns are those lines' labels with the group's parts in its place.
    let mut expanded = expand_group(&last_cleared, &values, columns);
    if let Some((leaves, _)) = &expanded {
        values = leaves.clone();
        merged_totals.clear();
        parents.pop();
    }
    // The table's total merged down the header's lines leads its columns, when it names
    // the one column the labels below miss.
    if let [total] = merged_totals.as_slice() {
        if values.len() + 1 == columns && !values.iter().any(|l| is_table_total(l)) {
            values.insert(0, total.clone());
        }
    }
    // Too few labels under lines of one label each: those lines are no parents but
    // the labels of narrow columns, each broken over lines of its own (总计, 一般公共预 /
    // 算拨款收入, …, over one line that holds two): all are columns.
    // So are more such lines than could each head two of the labels below.
    let parent_labels: usize = parents.iter().map(|(_, labels)| labels.len()).sum();
    let too_many_parents = 2 * parent_labels > values.len();
    if (values.len() < columns || too_many_parents)
        && expanded.is_none()
        && !parents.is_empty()
        && widest <= 2
    {
        values = all_values;
        parents.clear();
    }
    // More labels than columns, the last of them a group's parts printed on the lower
    // line after all its siblings: they go in the group's place.
    if values.len() > columns && expanded.is_none() {
        expanded = parts_in_group_place(&values);
        if let Some((leaves, _)) = &expanded {
            values = leaves.clone();
        }
    }
    // Still more: a label broken over lines (事业单位 / 经营收入) is joined to the next
    // one where it does not end as a column's label ends. Two labels side by side on one
    // line that each read whole are two cells (一般公共预算 政府性基金预算); a budget's
    // name (…预算) continues only as a label beside it ends (政府性基金预算 / 财政拨款
    // beside 一般公共预算财政拨款).
    while values.len() > columns {
        let broken = |k: usize| {
            let (a, b) = (&values[k], &values[k + 1]);
            let cells = reads_whole(a)
                && crate::schema::canonical_key(b).is_some()
                && side_by_side.iter().any(|(x, y)| x == a && y == b);
            let parallel = values
                .iter()
                .any(|l| l.len() > b.len() && l.ends_with(b.as_str()));
            // (其中 starts a label of its own: a part of the column before.)
            !ends_as_label(a)
                && !cells
                && (!a.ends_with("预算") || parallel)
                && !b.starts_with("其中")
        };
        let Some(k) = (0..values.len() - 1).find(|&k| broken(k)) else {
            break;
        };
        let next = values.remove(k + 1);
        values[k].push_str(&next);
    }

    // A side's budget (收入预算, 支出预算) over the table's total and its parts, drawn
    // after them, is their root, not a column of its own.
    let late_root = (values.len() > columns)
        .then(|| {
            values
                .iter()
                .position(|l| matches!(l.as_str(), "收入预算" | "支出预算"))
        })
        .flatten()
        .filter(|&k| values[..k].first().is_some_and(|l| is_table_total(l)))
        .map(|k| values.remove(k));
    // Groups side by side, each with its key columns and the same columns of amounts,
    // print their labels on one line and then each group's leaves in turn (人员经费 |
    // 公用经费, then 科目编码 科目名称 金额 twice): the first line heads the repeats.
    if let Some(k) = (2..=values.len() / 2).find(|&k| {
        let (groups, rest) = values.split_at(k);
        rest.len() % k == 0
            && rest
                .chunks(rest.len() / k)
                .all(|c| c == &rest[..rest.len() / k])
            && groups
                .iter()
                .all(|g| !rest.contains(g) && !is_prose(g) && !is_total(g))
            && groups
                .iter()
                .enumerate()
                .all(|(i, g)| !groups[..i].contains(g))
    }) {
        let rest = values.split_off(k);
        let groups = std::mem::replace(&mut values, rest);
        parents.push((labelled.unwrap_or(0), groups));
    }
    // The labels name every column the rows print: the header is read whole.
    let labels_fit = values.len() == columns;
    // Labels past the fullest row's values name columns it left empty (below).
    let root = late_root.or_else(|| {
        labelled.and_then(|last| root_label(&parents, &values, columns.max(values.len()), last))
    });
    // The other labels above the widest line may head groups of its columns.
    let groups: Vec<Vec<String>> = parents
        .iter()
        .filter(|(_, labels)| !labels.is_empty())
        .map(|(_, labels)| labels.clone())
        .collect();
    // Value labels beyond the fullest row's values are columns it left empty.
    full.extend(std::iter::repeat_n(
        true,
        values.len().saturating_sub(columns),
    ));
    let width = codes + full.len();
    // A code printed in parts (201 05 07: 类, 款, 项) has a column per part, labelled so
    // that the recogniser joins them. The labels take the code label's place: the
    // header's own 类 款 项 line may stand anywhere in a page in drawing order.
    let split = (own_level || is_split_code(&rows, first_part)).then(|| {
        let parts = ["类", "款", "项"].iter().take(codes - first_part);
        let mut cells = vec![String::new(); width];
        for (cell, part) in cells[first_part..].iter_mut().zip(parts) {
            *cell = part.to_string();
        }
        cells
    });
    if let Some(last) = labelled.or(header.last().copied()) {
        let mut cells = vec![String::new(); width];
        if numbered {
            // Its label is usually broken over lines of one character (序 / 号).
            cells[0] = "序号".to_string();
        }
        if codes > first_part {
            cells[first_part] = code_label;
        }
        // The column of a second code system's codes takes the code label too.
        let second_code = rows.iter().flatten().find_map(|r| {
            let (at, _) = align(&r.shape(), &full)?;
            at.get(r.second_code?).copied()
        });
        let named_sides = names.len() == 2 && values.len() >= columns;
        let (mut n, mut v) = (names.into_iter(), values.into_iter());
        for (k, &value) in full.iter().enumerate() {
            let label = if second_code == Some(k) {
                Some(cells[first_part].clone())
            } else if value {
                v.next()
            } else {
                n.next()
            };
            cells[codes + k] = label.unwrap_or_default();
        }
        for &i in &header {
            out[i] = (vec![String::new(); width], Separator::Spaces);
        }
        if let Some(parts) = split {
            cells[first_part..codes].clone_from_slice(&parts[first_part..codes]);
        }
        // A root stands over the first amount column, its span running to the end; so
        // do the side names, each over its side's first column; a group (基本支出) over
        // its parts, with the labels of the columns under no group moved up beside it,
        // so that they end its span. The rows go on the header's last lines, right above
        // the first row: a blank line would part them from each other or from the body.
        let before = |k: usize| first.checked_sub(k).filter(|i| header.contains(i));
        let value_columns: Vec<usize> = (0..full.len())
            .filter(|&k| full[k] && second_code != Some(k))
            .map(|k| codes + k)
            .collect();
        let leaves: Vec<String> = value_columns.iter().map(|&k| cells[k].clone()).collect();
        // The groups the labels of these lines head.
        let spans_of = |lines: &[Vec<String>]| {
            if !labels_fit {
                return Vec::new();
            }
            lines
                .iter()
                .find_map(|line| repeated_spans(line, &leaves))
                // (Columns of names between them part the sides of a summary table.)
                .filter(|spans| {
                    spans.iter().all(|(a, b, _)| {
                        let (left, right) = (value_columns.get(*a), value_columns.get(*b));
                        left.zip(right)
                            .is_some_and(|(l, r)| r.wrapping_sub(*l) == b.wrapping_sub(*a))
                    })
                })
                .unwrap_or_else(|| group_spans(&lines.concat(), &leaves))
        };
        // A root over the groups of the lines below it, when the table's total leads
        // and every other total is a group's.
        let under_root = groups.get(1..).map(spans_of).unwrap_or_default();
        let root = root.filter(|_| totals_lead(&leaves, &under_root));
        let mut spans = match (&expanded, root.is_some()) {
            (Some((_, span)), _) => vec![span.clone()],
            (None, true) => under_root,
            (None, false) => spans_of(&groups),
        };
        // A group over more labels than the body has amount columns stands over none.
        spans.retain(|(a, b, _)| a <= b && *b < value_columns.len());
        let mut top: Vec<(usize, String)> = Vec::new();
        if let (Some(label), Some(&k)) = (&root, value_columns.first()) {
            top.push((k, label.clone()));
        }
        // (Only over labelled name columns: a side's name over its names' column
        // would make that column one of amounts.)
        if let (Some(starts), Some((_, sides)), true) = (&sides, &sides_line, named_sides) {
            top.extend(starts.iter().map(|&k| codes + k).zip(sides.iter().cloned()));
        }
        let rows_above = usize::from(!top.is_empty());
        if before(rows_above + 2).is_none() {
            spans.clear();
        }
        let mut stack: Vec<Vec<String>> = Vec::new();
        if !top.is_empty() {
            let mut over = vec![String::new(); width];
            for (k, label) in top {
                over[k] = label;
            }
            stack.push(over);
        }
        if !spans.is_empty() {
            // Every label under no group goes up, the key columns' too (as a merged cell
            // over both rows is printed).
            let mut middle = vec![String::new(); width];
            let grouped = |col: usize| {
                spans
                    .iter()
                    .any(|(a, b, _)| (value_columns[*a]..=value_columns[*b]).contains(&col))
            };
            for col in (0..width).filter(|&c| !grouped(c)) {
                middle[col] = std::mem::take(&mut cells[col]);
            }
            for (a, _, label) in &spans {
                middle[value_columns[*a]] = label.clone();
            }
            stack.push(middle);
        }
        stack.push(cells);
        let lines_for: Option<Vec<usize>> = (1..=stack.len()).rev().map(before).collect();
        match lines_for {
            Some(at) if stack.len() > 1 => {
                for (i, row) in at.into_iter().zip(stack) {
                    out[i] = (row, Separator::Spaces);
                }
            }
            _ => out[last] = (stack.pop().unwrap_or_default(), Separator::Spaces),
        }
    }
    // A page running on keeps its table's sides.
    let sided = sides_line.is_some() || ran_on_sided;
    carried.layout = Some(Layout {
        numbered,
        codes,
        full: full.clone(),
        sided,
    });
    for (i, row) in rows.into_iter().enumerate().skip(first) {
        let Some(row) = row else { continue };
        let Some((mut at, complete)) = align(&row.shape(), &full) else {
            continue;
        };
        // One side's name and amounts alone: the 支出 side's go under it, as do those
        // only the 支出 side has room for.
        if let (Some(starts), true) = (&sides, sided) {
            let (income, spending) = (starts[1] - starts[0], full.len() - starts[1]);
            let shape = row.shape();
            let one_pair = shape.len() >= 2 && !shape[0] && shape[1..].iter().all(|&v| v);
            let spent = row
                .cells
                .first()
                .is_some_and(|(_, name)| is_expenditure_line(name));
            if one_pair && shape.len() <= spending && (spent || shape.len() > income) {
                at = (starts[1]..starts[1] + shape.len()).collect();
            }
        }
        let mut cells = vec![String::new(); width];
        // A serial stays first; code parts fill the code columns from the left, as a
        // path from its 类 (201 | 05 | 07), a row of a higher level printing fewer.
        for (k, code) in row.codes.into_iter().enumerate() {
            cells[k] = code;
        }
        let valued = row.cells.iter().any(|c| c.0);
        for ((_, text), k) in row.cells.into_iter().zip(at) {
            cells[codes + k] = text;
        }
        let separator = if complete || !valued {
            Separator::Spaces
        } else {
            Separator::Packed
        };
        out[i] = (cells, separator);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Vec<(Vec<String>, Separator)> {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        lay_out_page(&lines, &mut Carried::default())
    }

    /// Whether the laid-out lines hold no cell (a header's lines it read from).
    fn all_blank(laid: &[(Vec<String>, Separator)]) -> bool {
        laid.iter()
            .all(|(cells, _)| cells.iter().all(String::is_empty))
    }

    /// Labels as the header readers take them.
    fn owned(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rows_are_codes_name_and_amounts_under_the_last_line_of_labels() {
        // yantai-statistics 支出总体情况表 as pdftotext -raw gives it.
        let text = concat!(
            "支出总体情况表\n",
            "部门(单位):烟台市统计局 单位:万元\n",
            "科目编码\n",
            "科目名称 合计 基本支出 项目支出\n",
            "类 款 项\n",
            "合 计 2,123.11 1,704.11 419.00\n",
            "201 一般公共服务支出 1,506.40 1,180.40 326.00\n",
            "05 统计信息事务 1,506.40 1,180.40 326.00\n",
            "01 行政运行 588.75 588.75\n",
            "02 一般行政管理事务 917.65 591.65 326.00\n",
            "07 专项普查活动 20.00 20.00\n",
            "01 行政运行 20.00 20.00\n",
        );
        assert!(is_raw_page(
            &text.lines().map(str::to_string).collect::<Vec<_>>()
        ));
        let laid = page(text);
        // Each code printed at its own level stands in its level's column.
        assert_eq!(
            laid[3].0,
            ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"]
        );
        assert_eq!(
            laid[5].0,
            ["", "", "", "合计", "2,123.11", "1,704.11", "419.00"]
        );
        let codes = |k: usize| laid[k].0[..4].to_vec();
        assert_eq!(codes(6), ["201", "", "", "一般公共服务支出"]);
        assert_eq!(laid[6].1, Separator::Spaces);
        assert_eq!(codes(7), ["", "05", "", "统计信息事务"]);
        assert_eq!(codes(8), ["", "", "01", "行政运行"]);
        // 588.75 + 917.65 is 05's 1,506.40: the next two-digit code is a 款.
        assert_eq!(codes(9), ["", "", "02", "一般行政管理事务"]);
        assert_eq!(codes(10), ["", "07", "", "专项普查活动"]);
        assert_eq!(codes(11), ["", "", "01", "行政运行"]);
        // Two amounts of three: placed in order, marked packed.
        assert_eq!(laid[8].0[4..], ["588.75", "588.75", ""]);
        assert_eq!(laid[8].1, Separator::Packed);
    }

    #[test]
    fn a_summary_table_prints_name_amount_name_amount() {
        let laid = page(concat!(
            "收支总体情况表\n",
            "项目 预算数 项目 预算数\n",
            "一、财政拨款收入 2,123.11 一、一般公共服务支出 1,506.40\n",
            "二、事业收入 5.00 二、教育支出 96.86\n",
            "三、国防支出 7.00\n",
        ));
        assert_eq!(laid[1].0, ["项目", "预算数", "项目", "预算数"]);
        assert_eq!(
            laid[2].0,
            [
                "一、财政拨款收入",
                "2,123.11",
                "一、一般公共服务支出",
                "1,506.40"
            ]
        );
        assert_eq!(laid[2].1, Separator::Spaces);
        // Which half "三、国防支出 7.00" stands in is not in the text: packed.
        assert_eq!(laid[4].0, ["三、国防支出", "7.00", "", ""]);
        assert_eq!(laid[4].1, Separator::Packed);
    }

    #[test]
    fn a_code_printed_in_parts_has_a_column_per_part() {
        // shanghai-statistics 财政拨款支出预算表 as pdftotext -raw gives it.
        let laid = page(concat!(
            "财政拨款支出预算表\n",
            "功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出\n",
            "类 款 项\n",
            "201 一般公共服务支出 21,825,649 17,877,869 3,947,780\n",
            "201 05 统计信息事务 21,825,649 17,877,869 3,947,780\n",
            "201 05 04 信息事务 1,189,000 1,189,000\n",
        ));
        assert_eq!(
            laid[1].0,
            [
                "类",
                "款",
                "项",
                "功能分类科目名称",
                "合计",
                "基本支出",
                "项目支出"
            ]
        );
        assert_eq!(laid[2].0, ["", "", "", "", "", "", ""]);
        assert_eq!(laid[4].0[..4], ["201", "05", "", "统计信息事务"]);
        assert_eq!(laid[5].0[..4], ["201", "05", "04", "信息事务"]);
        // Whole codes of several lengths are one column.
        assert!(!is_split_code(
            &[
                row_of("2010504 信息事务 1,189,000"),
                row_of("20105 统计信息事务 5.00")
            ],
            0
        ));
    }

    #[test]
    fn a_row_wrapped_over_lines_is_one_row_on_its_last_line() {
        // central-state-bureau 一般公共预算支出表 as pdftotext -raw gives it: the code on
        // a line of its own, the name broken over two, the amounts on a fourth.
        let laid = page(concat!(
            "一般公共预算支出表\n",
            "科目编码 科目名称 合计 基本支出\n",
            "2080503 离退休人员管理机构 210.58 210.58\n",
            "2080505\n",
            "机关事业单位基本养老保险缴费支\n",
            "出\n",
            "657.51 657.51\n",
        ));
        assert_eq!(
            laid[6].0,
            [
                "2080505",
                "机关事业单位基本养老保险缴费支出",
                "657.51",
                "657.51"
            ]
        );
        assert!(laid[3..6].iter().all(|l| l.0.is_empty()));
        // changchun 支出总表: a narrow name column breaks a name into four pieces.
        let laid = page(concat!(
            "支出总表\n",
            "科目编码 科目名称 合计 基本支出\n",
            "2080501\n",
            "行政\n",
            "单位离退休\n",
            "72.62 72.62\n",
            "2080505\n",
            "机关\n",
            "事业单位基本\n",
            "养老保险缴费\n",
            "支出\n",
            "105.80 105.80\n",
        ));
        assert_eq!(
            laid[11].0[..4],
            [
                "2080505",
                "机关事业单位基本养老保险缴费支出",
                "105.80",
                "105.80"
            ]
        );
        // xian 一般公共预算支出明细表: the serial alone on a line, then the code alone,
        // then the names and the amounts.
        let laid = page(concat!(
            "一般公共预算支出明细表\n",
            "序号 部门经济科目编码 部门经济科目名称 政府经济科目编码 政府经济科目名称 合计 人员经费支出\n",
            "2 301 工资福利支出 136,505,851.06 136,005,851.06\n",
            "3\n",
            "30101\n",
            "基本工资 50101 工资奖金津补贴 7,910,482.40 7,860,482.40\n",
        ));
        let row = &laid[5].0;
        assert_eq!(row[0], "3", "{laid:?}");
        assert!(row.contains(&"30101".to_string()) && row.contains(&"7,910,482.40".to_string()));
        assert!(laid[3].0.iter().all(String::is_empty), "{laid:?}");
        // A name's last characters before the amounts: yantai-hrss.
        let laid = page(concat!(
            "收入总体情况表\n",
            "科目编码 科目名称 合计 财政拨款收入\n",
            "208 社会保障和就业支出 188,501.98 188,302.98\n",
            "01\n",
            "人力资源和社会保障管理事\n",
            "务 40,781.39 40,582.39\n",
        ));
        assert_eq!(
            laid[5].0,
            [
                "",
                "01",
                "",
                "人力资源和社会保障管理事务",
                "40,781.39",
                "40,582.39"
            ]
        );
    }

    #[test]
    fn a_page_of_rows_alone_runs_on_in_the_columns_of_the_page_before() {
        // xian-commerce 表5: a serial, a code, a name, four amounts; the second page
        // prints only rows, then its title block drawn three times.
        let text = concat!(
            "表5\n",
            "一般公共预算支出明细表\n",
            "序号 功能科目编码 功能科目名称 合计 人员经费支出 公用经费支出 专项业务经费支出\n",
            "1 合计 573.20 446.86 33.45 92.89\n",
            "2 201 一般公共服务支出 154.66 20.95 1.88 131.83\n",
            "3 20113 商贸事务 154.66 20.95 1.88 131.83\n",
            "\u{c}24 21011 行政事业单位医疗 18.26 18.26\n",
            "25 2101101 行政单位医疗 7.73 7.73\n",
            "表5\n",
            "一般公共预算支出明细表\n",
            "表5\n",
            "一般公共预算支出明细表\n",
        );
        let lines = crate::text::lines(text);
        let cells = |n: usize| -> Vec<&str> {
            let l = lines.iter().find(|l| l.number == n).expect("line");
            l.cells.iter().map(String::as_str).collect()
        };
        assert_eq!(cells(5).len(), 7);
        assert_eq!(
            cells(7),
            ["24", "21011", "行政事业单位医疗", "18.26", "18.26", "", ""]
        );
        // The first title after the rows is kept; its repeat is blank.
        assert_eq!(cells(9), ["表5"]);
        assert!(cells(11).is_empty() && cells(12).is_empty());
    }

    #[test]
    fn a_second_code_system_is_a_key_cell_not_a_value() {
        // xian-commerce 表6: 部门 code and name, then 政府 code and name, then amounts.
        let row = row_of("3 30101 基本工资 50101 工资奖金津补贴 5862880.80 5862880.80 0.00")
            .expect("row");
        assert_eq!(row.codes, ["3", "30101"]);
        assert_eq!(row.second_code, Some(1));
        assert_eq!(
            row.cells,
            [
                (false, "基本工资".to_string()),
                (false, "50101".to_string()),
                (false, "工资奖金津补贴".to_string()),
                (true, "5862880.80".to_string()),
                (true, "5862880.80".to_string()),
                (true, "0.00".to_string()),
            ]
        );
        // In parts (yantai): 501 01.
        let row = row_of("301 01 基本工资 501 01 工资奖金津补贴 169.28 169.28").expect("row");
        assert_eq!(row.cells[1], (false, "501 01".to_string()));
        // A summary row's amount before a name is a value: the row starts with no code.
        let row = row_of("一、财政拨款 5862880 一、一般公共服务支出 1506400.00").expect("row");
        assert_eq!(row.second_code, None);
    }

    #[test]
    fn wrapped_rows_end_in_an_amount_alone_or_a_second_code() {
        let laid = page(concat!(
            "一般公共预算基本支出预算表\n",
            "科目编码 科目名称 金额\n",
            "30103 奖金 180.14\n",
            "30108\n",
            "机关事业单位基本养老保险\n",
            "缴费\n",
            "1,064.46\n",
            "30109 职业年金缴费 425.79\n",
        ));
        assert_eq!(
            laid[6].0,
            ["30108", "机关事业单位基本养老保险缴费", "1,064.46"]
        );
        assert_eq!(laid[7].0, ["30109", "职业年金缴费", "425.79"]);
        // The table's first row, right under the header (xian-civil 表6).
        let laid = page(concat!(
            "一般公共预算支出明细表\n",
            "序号 部门经济科目编码 部门经济科目名称 政府经济科目编码 政府经济科目名称 合计\n",
            "34\n",
            "30207\n",
            "邮电费 50201 办公经费 85,000.00\n",
        ));
        assert_eq!(
            laid[4].0,
            ["34", "30207", "邮电费", "50201", "办公经费", "85,000.00"]
        );
        // A one-digit serial before the code (xian-meteorological 表6).
        let laid = page(concat!(
            "一般公共预算支出明细表\n",
            "序号 部门经济科目编码 部门经济科目名称 政府经济科目编码 政府经济科目名称 合计\n",
            "7 30107 绩效工资 50501 工资福利支出 212640.00\n",
            "8 30108 机关事业单位基本养老保险缴费\n",
            "50501 工资福利支出 81738.24\n",
        ));
        assert_eq!(
            laid[4].0,
            [
                "8",
                "30108",
                "机关事业单位基本养老保险缴费",
                "50501",
                "工资福利支出",
                "81738.24"
            ]
        );
        // A row left empty ("307 …") is no start of the next row of its own system, but
        // a row of its own with no amount (xian-transport 表5 prints such rows too).
        let laid = page(concat!(
            "一般公共预算基本支出表\n",
            "科目编码 科目名称 预算数\n",
            "303 对个人和家庭的补助 239.31\n",
            "307 债务利息及费用支出\n",
            "310 资本性支出 6.30\n",
        ));
        assert_eq!(laid[4].0, ["310", "资本性支出", "6.30"]);
        assert_eq!(laid[3].0, ["307", "债务利息及费用支出", ""]);
        assert_eq!(laid[3].1, Separator::Spaces);
    }

    fn order(text: &str, carried: &mut Carried) -> Vec<String> {
        let lines: Vec<String> = text.lines().map(crate::text::normalize).collect();
        reading_order(&lines, carried)
            .into_iter()
            .map(|i| lines[i].clone())
            .collect()
    }

    #[test]
    fn a_title_block_drawn_after_the_rows_is_read_first() {
        // beijing-ecology 预算05表 and xian-commerce 表7 as pdftotext -raw gives them: the
        // header's labels, the rows, then the title block (drawn twice), then more labels.
        let mut carried = Carried::default();
        let page = concat!(
            "金额单位：万元\n",
            "小计 人员经费 公用经费\n",
            "2050803 培训支出 37.80 37.80 37.80\n",
            "2060102 一般行政管理事务 100.00 100.00\n",
            "表5\n",
            "一般公共预算支出表\n",
            "表5\n",
            "一般公共预算支出表\n",
            "基本支出 项目支出\n",
        );
        assert_eq!(
            order(page, &mut carried),
            [
                "表5",
                "一般公共预算支出表",
                "金额单位:万元",
                "基本支出 项目支出",
                "小计 人员经费 公用经费",
                "2050803 培训支出 37.80 37.80 37.80",
                "2060102 一般行政管理事务 100.00 100.00",
                "表5",
                "一般公共预算支出表",
            ]
        );
        assert_eq!(
            carried.header,
            ["基本支出 项目支出", "小计 人员经费 公用经费"]
        );
        // The next page repeats the labels in drawing order: they take the first page's.
        let next = concat!(
            "小计 人员经费 公用经费\n",
            "基本支出 项目支出\n",
            "2210201 住房公积金 347.36 347.36 347.36\n",
        );
        assert_eq!(
            order(next, &mut carried)[..2],
            ["基本支出 项目支出", "小计 人员经费 公用经费"]
        );
    }

    #[test]
    fn a_unit_line_above_the_rows_joins_the_title_block_and_a_late_root_heads_all() {
        // shanghai-statistics 2026 支出预算总表 as pdftotext -raw gives it: the unit line
        // and 类 款 项 above the rows, the title block and header after them, the side's
        // budget (支出预算) on the header's first line.
        let mut carried = Carried::default();
        let text = concat!(
            "单位：元\n",
            "类 款 项\n",
            "201 一般公共服务支出 21,825,649 17,877,869 3,947,780\n",
            "201 05 04 信息事务 1,189,000 1,189,000\n",
            "2026年预算单位支出预算总表\n",
            "编制单位：上海市统计和大数据研究院\n",
            "项目 支出预算\n",
            "功能分类科目编码\n",
            "功能分类科目名称 合计 基本支出 项目支出\n",
        );
        let ordered = order(text, &mut carried);
        assert_eq!(
            ordered[..4],
            [
                "2026年预算单位支出预算总表",
                "编制单位:上海市统计和大数据研究院",
                "单位:元",
                "项目 支出预算"
            ]
        );
        let laid = page(&ordered.join("\n"));
        let leaves = laid
            .iter()
            .position(|(cells, _)| cells.contains(&"基本支出".to_string()));
        let root = leaves
            .and_then(|k| laid.get(k - 1))
            .map(|(cells, _)| cells.clone());
        assert_eq!(
            root.map(|cells| cells[4].clone()),
            Some("支出预算".to_string())
        );
        // The same budget drawn after the labels it heads is their root too.
        let late = concat!(
            "2026年预算单位收入预算总表\n",
            "科目编码\n",
            "功能分类科目名称 合计 财政拨款收入 事业收入\n",
            "项目 收入预算\n",
            "201 一般公共服务支出 21,825,649 21,720,449 105,200\n",
        );
        let laid = page(late);
        let cells = |k: usize| laid[k].0.clone();
        assert_eq!(cells(2), ["", "", "收入预算", "", ""]);
        assert_eq!(cells(3)[2..], ["合计", "财政拨款收入", "事业收入"]);
    }

    #[test]
    fn a_label_above_the_rows_keeps_its_place_when_the_title_comes_last() {
        // jiangsu-cppcc 公开05表: the label and header above the rows, the title after.
        let page = concat!(
            "公开05表\n",
            "部门：江苏省政协办公厅 单位：万元\n",
            "功能科目编码 功能科目名称 金额\n",
            "201 一般公共服务支出 10,191.56\n",
            "财政拨款支出预算表（功能科目）\n",
        );
        assert_eq!(
            order(page, &mut Carried::default()),
            [
                "公开05表",
                "财政拨款支出预算表(功能科目)",
                "部门:江苏省政协办公厅 单位:万元",
                "功能科目编码 功能科目名称 金额",
                "201 一般公共服务支出 10,191.56",
            ]
        );
        // With no title after the rows, the page stays as it is.
        let page = concat!(
            "公开05表\n",
            "功能科目编码 功能科目名称 金额\n",
            "201 一般公共服务支出 10,191.56\n",
            "项目名称 金额\n",
        );
        let lines: Vec<String> = page.lines().map(crate::text::normalize).collect();
        assert_eq!(order(page, &mut Carried::default()), lines);
    }

    #[test]
    fn a_title_at_the_foot_of_a_continuation_page_stays_there() {
        // central-state-bureau: the page runs on with rows; the label is the next table's.
        let page = concat!(
            "30212 因公出国（境）费用 30.36 30.36\n",
            "合 计 9,880.88 7,504.62 2,376.26\n",
            "部门公开表 7\n",
        );
        let lines: Vec<String> = page.lines().map(crate::text::normalize).collect();
        assert_eq!(order(page, &mut Carried::default()), lines);
    }

    #[test]
    fn prose_after_the_rows_stays_where_it_is() {
        let page = concat!(
            "项目 预算数\n",
            "一、财政拨款收入 2,123.11\n",
            "详见表8，本部门无此项支出。\n",
        );
        let lines: Vec<String> = page.lines().map(crate::text::normalize).collect();
        assert_eq!(order(page, &mut Carried::default()), lines);
    }

    #[test]
    fn percentages_end_a_row_and_a_bracketed_line_qualifies_its_label() {
        // central-state-bureau 一般公共预算支出表: 增减(%) columns, and a qualifier on a
        // line of its own among the header's labels.
        let laid = page(concat!(
            "一般公共预算支出表\n",
            "单位:万元\n",
            "科目编码 科目名称 增减(%) 执行数\n",
            "(扣除中央基建投资)\n",
            "201 一般公共服务支出 -60.86% 10,044.47\n",
        ));
        assert_eq!(
            laid[4].0,
            ["201", "一般公共服务支出", "-60.86%", "10,044.47"]
        );
        assert_eq!(
            laid[2].0,
            [
                "科目编码",
                "科目名称",
                "增减(%)",
                "执行数(扣除中央基建投资)"
            ]
        );
        assert!(laid[3].0.iter().all(String::is_empty));
    }

    #[test]
    fn amounts_cut_in_a_narrow_cell_are_joined_but_a_charts_axis_is_not() {
        // changchun-petition: "1682.7" over "6", "0.0" over "0"; whole amounts between.
        let mut lines: Vec<String> = ["总计:", "1682.7", "6", "997.20", "0.0", "0", "201 一般"]
            .map(String::from)
            .to_vec();
        join_cut_amounts(&mut lines);
        assert_eq!(
            lines,
            ["总计:", "1682.76", "", "997.20", "0.00", "", "201 一般"]
        );
        // A chart's axis counts down by tenths: nothing is joined.
        let axis = ["8.2", "8", "7.8", "7.6", "7"].map(String::from).to_vec();
        let mut lines = axis.clone();
        join_cut_amounts(&mut lines);
        assert_eq!(lines, axis);
    }

    #[test]
    fn a_row_whose_amounts_are_printed_a_few_per_line_is_one_row() {
        // changchun-petition 一般公共预算支出表 as pdftotext -raw gives it, each cell's
        // amount on a line of its own after the code and name, its label broken over
        // lines of its own ("科目编" / "码", "人员经" / "费").
        let laid = page(concat!(
            "本年一般公共预算支出表\n",
            "单位:万元\n",
            "科目编\n",
            "码\n",
            "功能分类科目名称 合计\n",
            "人员经\n",
            "费\n",
            "公用经费\n",
            "总计:\n",
            "1682.76\n",
            "1208.20 474.56\n",
            "201 一般公共服务支出\n",
            "1378.41\n",
            "903.85\n",
            "474.56\n",
            "2014001 行政运行 903.85 903.85\n",
            "0.00\n",
        ));
        let filled = |k: usize| -> Vec<&str> {
            laid[k]
                .0
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect()
        };
        assert_eq!(
            filled(7),
            [
                "科目编码",
                "功能分类科目名称",
                "合计",
                "人员经费",
                "公用经费"
            ]
        );
        assert_eq!(filled(10), ["总计:", "1682.76", "1208.20", "474.56"]);
        assert_eq!(
            filled(14),
            ["201", "一般公共服务支出", "1378.41", "903.85", "474.56"]
        );
        assert_eq!(
            filled(16),
            ["2014001", "行政运行", "903.85", "903.85", "0.00"]
        );
        for k in [8, 9, 11, 12, 13, 15] {
            assert!(filled(k).is_empty(), "line {k} left: {:?}", filled(k));
        }
    }

    #[test]
    fn a_total_label_drawn_before_the_header_joins_its_amount() {
        // jiangsu-party 公开06表: "合计" first, then the unit and header, then its amount.
        let text = concat!(
            "合计\n",
            "部门：中共江苏省委办公厅 单位：万元\n",
            "功能科目编码 功能科目名称 金额\n",
            "27,664.22\n",
            "201 一般公共服务支出 22,395.50\n",
        );
        let lines: Vec<String> = text.lines().map(crate::text::normalize).collect();
        let mut carried = Carried::default();
        let order = reading_order(&lines, &mut carried);
        let ordered: Vec<String> = order.iter().map(|&k| lines[k].clone()).collect();
        assert_eq!(ordered[2..4], ["合计", "27,664.22"]);
        let laid = lay_out_page(&ordered, &mut carried);
        assert_eq!(laid[1].0, ["功能科目编码", "功能科目名称", "金额"]);
        assert_eq!(laid[3].0, ["", "合计", "27,664.22"]);
        assert!(laid[2].0.is_empty());
    }

    #[test]
    fn signed_whole_numbers_are_values() {
        // xian-meteorological 三公经费表 in 元: 增减变化情况 prints "-12240".
        let row =
            row_of("4 234002 西安市人工影响天气服务保障中心 12240 2720 -2720").expect("a row");
        assert_eq!(row.codes, ["4", "234002"]);
        assert_eq!(row.cells.last(), Some(&(true, "-2720".to_string())));
    }

    #[test]
    fn prose_with_numbers_is_not_a_row() {
        assert!(row_of("本年支出 982.05 万元，比上年减少 353.47").is_none());
        assert!(row_of("2026年部门预算 2026").is_none());
        assert!(row_of("合计 10.00").is_some());
    }

    #[test]
    fn a_lone_label_over_a_total_and_its_parts_is_the_root_of_every_amount_column() {
        // shanghai-putuo 部门支出预算总表 as pdftotext -raw gives it: 支出预算 is merged
        // over 合计, 基本支出 and 项目支出.
        let text = concat!(
            "2024年部门支出预算总表\n",
            "编制部门:上海市普陀区人民政府万里街道办事处 单位:元\n",
            "项目 支出预算\n",
            "功能分类科目编码\n",
            "功能分类科目名称 合计 基本支出 项目支出\n",
            "类 款 项\n",
            "201 一般公共服务支出 2,932,700 0 2,932,700\n",
            "201 05 统计信息事务 257,700 0 257,700\n",
            "201 05 07 专项普查活动 257,700 0 257,700\n",
        );
        let laid = page(text);
        // The two header rows stand right above the first row, the root over the first
        // amount column (its span runs to the table's end).
        assert_eq!(laid[4].0, ["", "", "", "", "支出预算", "", ""]);
        assert_eq!(
            laid[5].0,
            [
                "类",
                "款",
                "项",
                "功能分类科目名称",
                "合计",
                "基本支出",
                "项目支出"
            ]
        );
        assert!(all_blank(&laid[2..4]));
        assert_eq!(laid[6].0[4..], ["2,932,700", "0", "2,932,700"]);
    }

    #[test]
    fn a_lone_label_over_a_second_total_is_a_groups_not_the_root() {
        // hangzhou 一般公共预算支出预算表: 基本支出 stands over 小计, 人员经费 and 日常公用
        // 支出 only, not over 合计 and 项目支出: it heads its parts, not every column.
        let text = concat!(
            "表5:2026年市级部门一般公共预算支出预算表\n",
            "部门名称:杭州市司法局 单位:万元\n",
            "基本支出\n",
            "功能分类科目名称 合计\n",
            "小计 人员经费\n",
            "日常公用支出\n",
            "项目支出\n",
            "合计 91,842.80 70,724.29 58,486.35 12,237.94 21,118.51\n",
            "一般公共服务支出 12,868.19 10,100.00 8,000.00 2,100.00 2,768.19\n",
        );
        let laid = page(text);
        assert!(all_blank(&laid[2..5]));
        assert_eq!(
            laid[5].0,
            ["功能分类科目名称", "合计", "基本支出", "", "", "项目支出"]
        );
        assert_eq!(laid[6].0, ["", "", "小计", "人员经费", "日常公用支出", ""]);
        // Nor is a project's name beside 项目名称 a label of amounts.
        let leaves = ["合计".to_string(), "人员经费".to_string()];
        assert_eq!(
            root_label(&[(0, vec!["专项购置".into()])], &leaves, 2, 1),
            None
        );
        assert_eq!(
            root_label(&[(0, vec!["收入预算".into()])], &leaves, 2, 1),
            Some("收入预算".to_string())
        );
        // shanghai-wanli 收入预算总表: a column's label merged down the header shares
        // the line with the budget in drawing order; the budget is still the root.
        let both = vec!["事业单位经营收入".to_string(), "收入预算".into()];
        assert_eq!(
            root_label(&[(0, both)], &leaves, 2, 1),
            Some("收入预算".to_string())
        );
        let project = vec!["专项购置".to_string(), "收入预算".into()];
        assert_eq!(root_label(&[(0, project)], &leaves, 2, 1), None);
    }

    #[test]
    fn a_line_of_group_labels_heads_the_leaves_each_group_repeats() {
        // huzhou 收支预算总表: 收入 | 支出 letter-spaced on one line, then 项目 预算数 for
        // each side (so do shenzhen's 收支总表 and foshan's 人员经费 | 公用经费 over
        // 科目编码 科目名称 金额 twice).
        let laid = page(&crate::text::normalize(
            "表01\n2026年市级部门收支预算总表\n606-湖州市交通运输局 单位：万元\n收 入 支 出\n\
             项 目 预算数 项 目 预算数\n\
             一、财政拨款 192207.76 一般公共服务支出 0.64\n\
             一般公共预算 52244.36 社会工作事务 0.64\n\
             政府性基金预算 139963.40 其他社会工作事务支出 0.64\n",
        ));
        let cells: Vec<&Vec<String>> = laid.iter().map(|(c, _)| c).collect();
        assert_eq!(cells[3], &["项目", "收入", "项目", "支出"], "{cells:?}");
        assert_eq!(cells[4], &["", "预算数", "", "预算数"]);
        assert_eq!(cells[5][1], "192207.76");
    }

    #[test]
    fn a_summary_tables_sides_head_their_columns_and_take_their_own_lines() {
        // guangzhou-petition 收支总体情况表 as pdftotext -raw gives it: 收入 and 支出 each
        // over 项目 and 预算; below the income lines, the 支出 side's lines alone.
        let text = concat!(
            "收支总体情况表\n",
            "收入 支出\n",
            "项目 预算 项目 预算\n",
            "一、预算拨款 3,944.08 一、一般公共服务支出 2,570.71\n",
            "二、财政专户拨款 0.00 二、外交支出 0.00\n",
            "八、社会保障和就业支出 419.35\n",
            "本年支出合计 3,944.08\n",
        );
        let laid = page(text);
        assert_eq!(laid[1].0, ["收入", "", "支出", ""]);
        assert_eq!(laid[2].0, ["项目", "预算", "项目", "预算"]);
        assert_eq!(laid[5].0, ["", "", "八、社会保障和就业支出", "419.35"]);
        assert_eq!(laid[6].0, ["", "", "本年支出合计", "3,944.08"]);
        // The whole table reads so: 八、… is 208, on the 支出 side.
        let doc = crate::parse_str(text, "t.txt");
        let social = doc.tables[0]
            .records
            .iter()
            .find(|r| r.name.as_deref() == Some("八、社会保障和就业支出"))
            .expect("八");
        assert_eq!(social.values[0].column, "支出/预算");
        assert_eq!(
            social.subject.as_ref().and_then(|s| s.code.as_deref()),
            Some("208")
        );
    }

    #[test]
    fn a_line_only_the_spending_side_has_room_for_goes_there() {
        // foshan 财政拨款收入支出决算总表: the 支出 side prints 行次 and three amounts, the
        // 收入 side 行次 and one; a line of a name and four numbers is the 支出 side's
        // (its name need not say so).
        let text = concat!(
            "财政拨款收入支出决算总表\n",
            "收入 支出\n",
            "项目 行次 金额 项目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款\n",
            "一、一般公共预算财政拨款 1 1668.14 一、一般公共服务支出 28 0.00 0.00 0.00\n",
            "二、政府性基金预算财政拨款 2 0.00 二、外交支出 39 0.00 0.00 0.00\n",
            "三、国防 30 0.00 0.00 0.00\n",
        );
        let laid = page(text);
        assert_eq!(laid[2].0[..4], ["项目", "行次", "金额", "项目"]);
        assert_eq!(laid[5].0[..4], ["", "", "", "三、国防"]);
        assert_eq!(laid[5].0[4..], ["30", "0.00", "0.00", "0.00"]);
        // Sides are only read where the header names them.
        assert_eq!(
            side_starts(&[false, true, false, true, true]),
            Some(vec![0, 2])
        );
        assert_eq!(side_starts(&[false, true, true]), None);
        assert!(is_expenditure_line("年末结转和结余"));
        assert!(!is_expenditure_line("上年结转"));
        assert!(!is_expenditure_line("一般公共预算拨款收入"));
    }

    #[test]
    fn a_group_label_heads_its_parts_and_the_columns_under_no_group_move_up() {
        // wuxi-transport 财政拨款支出表 as pdftotext -raw gives it: 基本支出 over 小计,
        // 人员经费 and 公用经费; 合计 (drawn on the line of the key labels) and 项目支出
        // are merged down beside it.
        let text = concat!(
            "财政拨款支出表(功能科目)\n",
            "单位:无锡市交通运输局(本级) 单位:万元\n",
            "基本支出\n",
            "科目编码 科目名称 合计\n",
            "小计 人员经费 公用经费\n",
            "项目支出\n",
            "合计 372,917.67 3,305.86 3,115.12 190.74 369,611.81\n",
            "206 科学技术支出 5,000.00 5,000.00\n",
            "20699 其他科学技术支出 5,000.00 5,000.00\n",
        );
        let laid = page(text);
        assert_eq!(
            laid[4].0,
            [
                "科目编码",
                "科目名称",
                "合计",
                "基本支出",
                "",
                "",
                "项目支出"
            ]
        );
        assert_eq!(laid[5].0, ["", "", "", "小计", "人员经费", "公用经费", ""]);
        // Read whole, the second 5,000.00 is 项目支出's: 小计 stays the sum of its parts.
        let doc = crate::parse_str(text, "t.txt");
        let columns = doc.columns_of(0, "20699");
        assert_eq!(columns, ["合计", "项目支出"]);
    }

    #[test]
    fn a_group_heads_only_its_parts_side_by_side() {
        let groups = owned(&["基本支出", "财政拨款", "当年预算"]);
        assert_eq!(
            group_spans(
                &groups,
                &owned(&["合计", "小计", "人员经费", "公用经费", "项目支出"])
            ),
            [(1, 3, "基本支出".to_string())]
        );
        assert_eq!(
            group_spans(
                &groups,
                &owned(&["合计", "一般公共预算", "政府性基金预算", "单位资金"])
            ),
            [(1, 2, "财政拨款".to_string())]
        );
        // Parts apart, or a group over every column (the root's place), head nothing.
        assert!(group_spans(&groups, &owned(&["人员经费", "合计", "公用经费"])).is_empty());
        assert!(group_spans(&groups, &owned(&["小计", "人员经费", "公用经费"])).is_empty());
    }

    #[test]
    fn a_root_stands_over_columns_no_row_prints_whole() {
        // shanghai-putuo-wanli-street 2025 支出预算总表: every row prints 合计 and one
        // of 基本支出 and 项目支出; the labels still name three columns under 支出预算.
        let text = concat!(
            "2025年部门支出预算总表\n",
            "编制部门:上海市普陀区人民政府万里街道办事处 单位:元\n",
            "项目 支出预算\n",
            "功能分类科目编码\n",
            "功能分类科目名称 合计 基本支出 项目支出\n",
            "类 款 项\n",
            "201 一般公共服务支出 3,296,600 3,296,600\n",
            "201 05 统计信息事务 438,300 438,300\n",
            "201 05 07 专项普查活动 438,300 438,300\n",
        );
        let laid = page(text);
        assert_eq!(laid[4].0, ["", "", "", "", "支出预算", "", ""]);
        assert_eq!(laid[5].0[4..], ["合计", "基本支出", "项目支出"]);
    }

    #[test]
    fn labels_over_repeated_columns_head_one_repetition_each() {
        // changchun 本年一般公共预算基本支出表: 当年预算 and 上年结转结余 each over 小计,
        // 人员经费 and 公用经费, after 合计 (drawn on the line of the key labels).
        let text = concat!(
            "本年一般公共预算基本支出表(预算表 6)\n",
            "预算单位:长春市信访局 单位:万元\n",
            "科目编码 支出经济分类科目名称 合计\n",
            "当年预算 上年结转结余\n",
            "小计 人员经费 公用经费 小计 人员经费 公用经费\n",
            "合计 1208.20 1208.20 997.20 211.00 0.00 0.00 0.00\n",
            "301 工资福利支出 911.21 911.21 911.21 0.00 0.00 0.00 0.00\n",
        );
        let laid = page(text);
        assert_eq!(
            laid[3].0,
            [
                "科目编码",
                "支出经济分类科目名称",
                "合计",
                "当年预算",
                "",
                "",
                "上年结转结余",
                "",
                ""
            ]
        );
        assert_eq!(
            laid[4].0[2..],
            [
                "",
                "小计",
                "人员经费",
                "公用经费",
                "小计",
                "人员经费",
                "公用经费"
            ]
        );
        let spans =
            |labels: &[&str], leaves: &[&str]| repeated_spans(&owned(labels), &owned(leaves));
        assert_eq!(
            spans(&["2025年", "2026年"], &["金额", "金额"]),
            Some(vec![
                (0, 0, "2025年".to_string()),
                (1, 1, "2026年".to_string())
            ])
        );
        // Unlike columns are no repetition.
        assert_eq!(
            spans(
                &["当年", "上年"],
                &["合计", "小计", "人员经费", "小计", "公用经费"]
            ),
            None
        );
    }

    #[test]
    fn a_root_stands_over_groups_whose_totals_are_their_own() {
        // beijing 预算05表 as pdftotext -raw gives it: 预算数 over all; 基本支出 over
        // 小计, 人员经费, 公用经费; 项目支出 over 项目支出总数 and 扣除基建项目后预算数;
        // 合计 merged down beside them. 小计 is 基本支出's total, not a second total of
        // the table, so 预算数 is the root.
        let text = concat!(
            "预算05表 一般公共预算支出表\n",
            "功能分类科目 预算数\n",
            "基本支出 项目支出\n",
            "科目编码 科目名称 合计\n",
            "小计 人员经费 公用经费 项目支出总数\n",
            "扣除基建项目后预算数\n",
            "2130201 行政运行 958.96 950.09 865.12 84.97 8.87 8.87\n",
            "2130202 一般行政管理事务 243.69 243.69 243.69\n",
        );
        let doc = crate::parse_str(text, "t.txt");
        let columns = doc.columns_of(0, "2130201");
        assert_eq!(
            columns,
            [
                "预算数/合计",
                "预算数/基本支出/小计",
                "预算数/基本支出/人员经费",
                "预算数/基本支出/公用经费",
                "预算数/项目支出/项目支出总数",
                "预算数/项目支出/扣除基建项目后预算数"
            ]
        );
        let spans = group_spans(
            &owned(&["基本支出", "项目支出"]),
            &owned(&[
                "合计",
                "小计",
                "人员经费",
                "公用经费",
                "项目支出总数",
                "扣除基建项目后预算数",
            ]),
        );
        assert!(totals_lead(&owned(&["合计", "小计", "人员经费"]), &spans));
        assert!(!totals_lead(&owned(&["合计", "小计", "人员经费"]), &[]));
    }

    #[test]
    fn a_groups_parts_on_the_widest_line_take_its_place_among_the_labels_above() {
        // yantai-hrss 一般公共预算支出情况表 as pdftotext -raw gives it: 合 计, 基本支出
        // and 项目支出 each on a line of their own, then 类 款 项 and 基本支出's parts.
        let text = concat!(
            "一般公共预算支出情况表\n",
            "部门(单位):烟台市人力资源和社会保障局 单位:万元\n",
            "科目编码\n",
            "科目名称 合 计\n",
            "基本支出\n",
            "项目支出\n",
            "类 款 项 小 计 人员支出 日常公用支出\n",
            "221 住房保障支出 700.00 655.95 600.00 55.95 44.05\n",
            "02 住房改革支出 655.95 655.95 655.95\n",
        );
        let laid = page(text);
        assert_eq!(
            laid[5].0[3..],
            ["科目名称", "合计", "基本支出", "", "", "项目支出"]
        );
        assert_eq!(laid[6].0[4..], ["", "小计", "人员支出", "日常公用支出", ""]);
        // Only parts of one group, and enough labels for the columns printed.
        let upper = owned(&["合计", "基本支出", "项目支出"]);
        assert!(expand_group(&upper, &owned(&["人员支出", "项目名称"]), 4).is_none());
        assert!(expand_group(&upper, &owned(&["人员支出", "公用经费"]), 5).is_none());
        assert_eq!(
            expand_group(&upper, &owned(&["人员支出", "公用经费"]), 4).map(|(_, span)| span),
            Some((1, 2, "基本支出".to_string()))
        );
        // foshan 政府性基金决算表: 本年支出 over its 小计, 基本支出 and 项目支出, between
        // columns merged down the header.
        let upper = owned(&["年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]);
        let lower = owned(&["小计", "基本支出", "项目支出"]);
        let (leaves, span) = expand_group(&upper, &lower, 6).unwrap();
        assert_eq!(leaves[1..5], ["本年收入", "小计", "基本支出", "项目支出"]);
        assert_eq!(span, (2, 4, "本年支出".to_string()));
        // An outlay of a kind is a column of its own, not a group.
        assert!(parts_of("事业单位经营支出").is_empty());
    }

    #[test]
    fn labels_of_narrow_columns_one_per_line_are_all_columns() {
        // chongqing-planning 部门收入总体情况表 as pdftotext -raw gives it: each label
        // broken over lines of its own; only one line holds two.
        let text = concat!(
            "2026年部门收入总体情况表\n",
            "单位名称:重庆市规划和自然资源局 单位:万元\n",
            "科目\n",
            "总计\n",
            "一般公共预\n",
            "算拨款收入\n",
            "政府性基金预\n",
            "算拨款收入\n",
            "事业收入 上级补助收入\n",
            "其他收入\n",
            "科目编码 科目名称\n",
            "合计 1,000.00 600.00 300.00 60.00 40.00\n",
            "205 教育支出 54.94 54.94\n",
        );
        let laid = page(text);
        assert_eq!(
            laid[10].0[2..],
            [
                "总计",
                "一般公共预算拨款收入",
                "政府性基金预算拨款收入",
                "事业收入",
                "上级补助收入",
                "其他收入"
            ]
        );
    }

    #[test]
    fn a_group_heads_the_parts_that_name_it_and_a_year_keeps_its_nian() {
        // shenzhen-finance 支出总表 as pdftotext -raw gives it: 2026 年政府采购项目 over
        // 小计 and two 其中 columns that name it, each label broken over lines; 预算单位
        // labels a key column.
        let text = concat!(
            "支出总表\n",
            "部门名称:深圳市财政局(本级) 单位:万元\n",
            "2026 年政府采购项目\n",
            "预算单位 科目编码 科目名称 支出总计 基本支出 项目支出\n",
            "小计\n",
            "其中:2026 年\n",
            "政府采购项目\n",
            "中预留给\n",
            "中小企业的项\n",
            "目资金规模\n",
            "其中:2026 年\n",
            "政府采购项目\n",
            "中预留给小\n",
            "型、微型企业\n",
            "的项目资金规\n",
            "模\n",
            "201 一般公共服务支出 20,563.76 6,487.76 14,076.00 3,790.75 537.85 0.00\n",
        );
        let laid = page(text);
        let (group, leaves) = (&laid[14].0, &laid[15].0);
        // The labels under no group go up beside it (cells merged down).
        assert_eq!(
            group[2..],
            [
                "支出总计",
                "基本支出",
                "项目支出",
                "2026年政府采购项目",
                "",
                ""
            ]
        );
        assert_eq!(
            leaves[2..],
            [
                "",
                "",
                "",
                "小计",
                "其中:2026年政府采购项目中预留给中小企业的项目资金规模",
                "其中:2026年政府采购项目中预留给小型、微型企业的项目资金规模"
            ]
        );
        assert_eq!(join_year("其中:2026 年 2025 1"), "其中:2026年 2025 1");
        assert_eq!(join_year("项目支出 年初"), "项目支出 年初");
    }

    #[test]
    fn a_code_in_parts_alone_on_its_line_starts_a_wrapped_row() {
        // yantai-statistics 基本支出预算情况表: "301 08" (a code's parts, not two whole
        // numbers: 08 has a leading zero), the name over two lines, then the second code
        // system's code, its name and the amounts.
        let lines: Vec<String> = [
            "301 03 奖金 501 01 工资奖金津补贴 148.84 148.84 148.84",
            "301 08",
            "机关事业单位基本养老保",
            "险缴费",
            "501 02 社会保障缴费 69.37 69.37 69.37",
        ]
        .map(String::from)
        .to_vec();
        assert!(!is_value("08") && is_value("0") && is_value("308"));
        let mut rows: Vec<Option<RawRow>> = lines.iter().map(|l| row_of(l)).collect();
        assert_eq!(rows[1], None);
        assert_eq!(join_wrapped_rows(&lines, &mut rows), vec![1, 2, 3]);
        let row = rows[4]
            .as_ref()
            .map(|r| (r.codes.clone(), r.cells[0].1.clone()));
        assert_eq!(
            row,
            Some((
                owned(&["301", "08"]),
                "机关事业单位基本养老保险缴费".to_string()
            ))
        );
    }

    #[test]
    fn labels_broken_at_line_ends_join_and_parallel_labels_are_no_parents() {
        // chongqing-planning 部门收入总体情况表 whole, as pdftotext -raw gives it: ten
        // labels broken over lines, the rows printing only the six columns they fill.
        let text = concat!(
            "2026年部门收入总体情况表\n",
            "单位名称:重庆市规划和自然资源局 单位:万元\n",
            "科目\n",
            "总计\n",
            "一般公共预\n",
            "算拨款收入\n",
            "政府性基金预\n",
            "算拨款收入\n",
            "国有资本经营\n",
            "预算拨款收入\n",
            "财政专户管理\n",
            "资金收入\n",
            "事业收入 上级补助收入\n",
            "附属单位上缴\n",
            "收入\n",
            "事业单位经营\n",
            "收入\n",
            "其他收入\n",
            "科目编码 科目名称\n",
            "合计 583,429.56 227,955.11 46,209.19 275.00 143,181.29 165,808.97\n",
            "205 教育支出 54.94 54.94\n",
        );
        let laid = page(text);
        let header = laid
            .iter()
            .find(|(cells, _)| cells.contains(&"总计".to_string()));
        assert_eq!(
            header.map(|(cells, _)| cells[2..].to_vec()),
            Some(owned(&[
                "总计",
                "一般公共预算拨款收入",
                "政府性基金预算拨款收入",
                "国有资本经营预算拨款收入",
                "财政专户管理资金收入",
                "事业收入",
                "上级补助收入",
                "附属单位上缴收入",
                "事业单位经营收入",
                "其他收入",
            ]))
        );
        // The rows print fewer amounts than there are columns: packed, for the
        // recogniser to place.
        assert_eq!(laid[19].1, Separator::Packed);
        // Two labels side by side that read whole stay two; a budget's name continues
        // where a label beside it ends so (政府性基金预算 / 财政拨款).
        let mut lines = vec![
            (0, "政府性基金".to_string()),
            (1, "预算 事业收入".to_string()),
        ];
        join_labels_broken_at_line_ends(&mut lines, false);
        assert_eq!(lines[0].1, "政府性基金预算");
        assert_eq!(lines[1].1, "事业收入");
    }

    #[test]
    fn a_groups_parts_printed_after_its_siblings_take_its_place() {
        // yantai-statistics 基本支出预算情况表 as pdftotext -raw gives it: 财政拨款's
        // parts come last, on the header's lowest line, after the groups beside it.
        let text = concat!(
            "基本支出预算情况表\n",
            "部门(单位):烟台市统计局 单位:万元\n",
            "科目编码\n",
            "部门预算支出经济分类\n",
            "科目\n",
            "科目编码\n",
            "政府预算支出经济分类\n",
            "科目 合计\n",
            "财政拨款\n",
            "财政专户管\n",
            "理资金 单位资金\n",
            "使用非财\n",
            "政拨款结\n",
            "余\n",
            "上年结转\n",
            "类 款 类 款 小计\n",
            "一般公共预\n",
            "算\n",
            "政府性基金\n",
            "预算\n",
            "国有资本经\n",
            "营预算\n",
            "合计 1,704.11 1,704.11 1,704.11\n",
            "301 工资福利支出 501 机关工资福利支出 705.28 705.28 705.28\n",
        );
        let laid = page(text);
        let values = |k: usize| laid[k].0[laid[k].0.len() - 9..].to_vec();
        // The group's parts on the lowest line, the group over them on the line above,
        // with the labels under no group moved up beside it (cells merged down).
        let line_with = |label: &str| {
            let at = laid
                .iter()
                .position(|(cells, _)| cells.contains(&label.to_string()));
            at.map(values)
        };
        let parts = [
            "",
            "小计",
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算",
        ];
        assert_eq!(
            line_with("一般公共预算"),
            Some(owned(&[&parts[..], &["", "", "", ""]].concat()))
        );
        assert_eq!(
            line_with("财政拨款"),
            Some(owned(&[
                "合计",
                "财政拨款",
                "",
                "",
                "",
                "财政专户管理资金",
                "单位资金",
                "使用非财政拨款结余",
                "上年结转",
            ]))
        );
        assert_eq!(
            parts_in_group_place(&owned(&[
                "合计",
                "财政拨款",
                "单位资金",
                "小计",
                "一般公共预算",
                "政府性基金预算"
            ]))
            .map(|(_, span)| span),
            Some((1, 3, "财政拨款".to_string()))
        );
        // Labels that are not all a group's parts stay where they are.
        assert!(parts_in_group_place(&owned(&["合计", "财政拨款", "单位资金", "小计"])).is_none());
    }

    #[test]
    fn the_serials_label_is_no_column_of_values() {
        // xian-transport 一般公共预算支出明细表: 序号 labels the serial before the code.
        let text = concat!(
            "2022年部门综合预算一般公共预算支出明细表(按功能科目分)\n",
            "预算单位:西安市交通运输局 金额单位:万元\n",
            "序号 功能科目编码 功能科目名称 合计 人员经费支出 公用经费支出 专项业务经费支出 备注\n",
            "20 214 交通运输支出 70074.56 13207.28 1612.07 55255.21\n",
            "21 21401 公路水路运输 56242.17 12903.02 1573.94 41765.21\n",
            "22 2140101 行政运行 2025.94 1831.29 194.65\n",
        );
        let laid = page(text);
        assert_eq!(laid[2].0[0], "序号");
        assert_eq!(laid[2].0[3..5], ["合计", "人员经费支出"]);
    }
}
