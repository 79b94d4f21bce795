//! Space-aligned text (`pdftotext -layout` and the like) → lines of cells in table
//! columns.
//!
//! Such text places each cell where the page printed it, padded with spaces, so a
//! table's columns are where its lines put their words, not how many gaps come before
//! them: an empty cell is only a wider gap, and two cells may stand one space apart
//! ("85,185.29 一、一般公共服务支出"). So a page is cut into tables at their titles, and
//! each table's columns are found from positions:
//!
//! * **Body columns**: the lines that print amounts are the table's body; its columns
//!   are the runs of character positions that some body word covers, separated by
//!   positions that every body line leaves blank (gutters). Columns the converter ran
//!   together by shifting lines are split again; codes and names indented by level
//!   are joined.
//! * **Header**: the lines above the body that print no amount. A label over several
//!   lower labels is a merged parent; a label stacked on another in the same column is
//!   one cell wrapped over lines; leaves are matched to the body's columns in order, and
//!   a leaf over no value is a column of its own. The header is written as one row per
//!   level of parents, each leaf on the first row below the parents over it and each
//!   label in its first column: the shape a tab-separated export gives a merged header.
//! * **Rows over several lines**: a name wrapped above or below its line of values,
//!   and a number wrapped in its cell, are joined into the row.
//!
//! Every other line (titles, meta lines, prose) is split at runs of spaces as before.
//! Positions count characters, as pdftotext lays them out.

use crate::line::{Separator, amount_token};
use crate::text::cells;
use crate::text::is_cjk;
use crate::text::labels::is_table_label;
use crate::text::meta::parse_meta;

/// A word of a line with the character positions it covers, `start..end`.
#[derive(Debug, Clone, PartialEq)]
struct Atom {
    start: usize,
    end: usize,
    text: String,
    /// Where each character stands, when the word was joined from letter-spaced
    /// single characters ("合       计"); empty otherwise.
    letters: Vec<(usize, usize)>,
}

impl Atom {
    fn center(&self) -> f64 {
        (self.start + self.end) as f64 / 2.0
    }
    fn overlap(&self, start: usize, end: usize) -> usize {
        self.end.min(end).saturating_sub(self.start.max(start))
    }
}

/// A line's words. Words are split at spaces, but a phrase of Latin words keeps its
/// single spaces, and letter-spaced characters ("项   目") are one word. A number
/// glued to the text after it ("96,282.44一、") is two.
fn atoms(line: &str) -> Vec<Atom> {
    let chars: Vec<char> = line.chars().collect();
    let mut words: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] != ' ' {
            i += 1;
        }
        let text: String = chars[start..i].iter().collect();
        words.extend(split_glued(start, &text));
    }
    // A line of single characters only ("收      入      支      出") spaces each
    // label's characters over its cell, however wide: they join from farther apart.
    let spaced_line = words
        .iter()
        .all(|w| w.text.chars().count() == 1 && w.text.chars().all(is_cjk));
    let reach = if spaced_line { 24 } else { 8 };
    // There a label's characters are spaced evenly, and the gap between two labels
    // ("项    目           预 算 数") is at least twice the gaps on either side of it.
    let gaps: Vec<usize> = words
        .windows(2)
        .map(|w| w[1].start.saturating_sub(w[0].end))
        .collect();
    let label_break = |i: usize| {
        spaced_line
            && i >= 1
            && gaps.len() >= 2
            && [i.checked_sub(2), Some(i)]
                .into_iter()
                .flatten()
                .filter_map(|j| gaps.get(j))
                .all(|&g| gaps[i - 1] >= 2 * g.max(1))
    };
    let breaks: Vec<bool> = (0..words.len()).map(label_break).collect();
    // (atom, whether it is letter-spaced characters so far)
    let mut out: Vec<(Atom, bool)> = Vec::new();
    for (i, w) in words.into_iter().enumerate() {
        // 类 款 项 stand over columns of their own, however close.
        let single = w.text.chars().count() == 1
            && w.text.chars().all(is_cjk)
            && !matches!(w.text.as_str(), "类" | "款");
        if let Some((prev, chain)) = out.last_mut() {
            let gap = w.start - prev.end;
            // "2026 年预算数": a year the converter spaced off its 年 is one label. It
            // stands where its words stand: the converter set the year's digits wider
            // than they print, and a label's place decides the columns it spans.
            if gap <= 1 && ends_with_year(&prev.text) && w.text.starts_with('年') {
                let year_only = is_year_number(&prev.text);
                prev.text.push_str(&w.text);
                if year_only {
                    prev.start = w.start;
                }
                prev.end = w.end;
                *chain = false;
                continue;
            }
            // "2022 比 2021": two years and the word between them, one space apart, are
            // one label (a row of a comparison of years), not three cells.
            let one_cjk = |t: &str| t.chars().count() == 1 && t.chars().all(is_cjk);
            let year_and_word = |t: &str| {
                t.split_once(' ')
                    .is_some_and(|(y, c)| is_year_number(y) && one_cjk(c))
            };
            if gap == 1
                && ((is_year_number(&prev.text) && one_cjk(&w.text))
                    || (year_and_word(&prev.text) && is_year_number(&w.text)))
            {
                prev.text.push(' ');
                prev.text.push_str(&w.text);
                prev.end = w.end;
                *chain = false;
                continue;
            }
            // "减少 2.63 万元。": a number one space before its unit is a sentence's,
            // with the words one space before it (a table's cells carry no unit).
            if gap == 1 && is_numeric(&prev.text) && starts_with_unit(&w.text) {
                prev.text.push(' ');
                prev.text.push_str(&w.text);
                prev.end = w.end;
                *chain = false;
                if let [.., (before, _), (number, _)] = out.as_mut_slice() {
                    if number.start == before.end + 1
                        && before.text.chars().next_back().is_some_and(is_cjk)
                    {
                        before.text.push(' ');
                        before.text.push_str(&number.text);
                        before.end = number.end;
                        out.pop();
                    }
                }
                continue;
            }
            let latin = |t: &str| !t.chars().any(is_cjk) && !is_numeric(t);
            if gap == 1 && latin(&prev.text) && latin(&w.text) {
                prev.text.push(' ');
                prev.text.push_str(&w.text);
                prev.end = w.end;
                *chain = false;
                continue;
            }
            if gap <= reach && single && *chain && !breaks[i] {
                if prev.letters.is_empty() {
                    prev.letters.push((prev.start, prev.end));
                }
                prev.letters.push((w.start, w.end));
                prev.text.push_str(&w.text);
                prev.end = w.end;
                continue;
            }
        }
        out.push((w, single));
    }
    out.into_iter().map(|(a, _)| a).collect()
}

/// "万元。", "元，": a word that starts with a unit of money.
fn starts_with_unit(t: &str) -> bool {
    ["万元", "亿元", "千元", "元"]
        .iter()
        .any(|u| t.starts_with(u))
}

/// A year as a header prints it before 年: four digits, 19xx or 20xx.
fn is_year_number(t: &str) -> bool {
    t.len() == 4
        && (t.starts_with("19") || t.starts_with("20"))
        && t.bytes().all(|b| b.is_ascii_digit())
}

/// A word that starts with a number and goes on in CJK text is two words, unless the
/// number is a year and the text its 年 ("2026年预算数").
fn split_glued(start: usize, text: &str) -> Vec<Atom> {
    let atom = |from: usize, to: usize, text: &str| Atom {
        start: start + from,
        end: start + to,
        text: text.to_string(),
        letters: Vec::new(),
    };
    // ".64101,833": in a staircase of wrapped amounts (see `merge_fragments`) one
    // amount's decimals can touch the next amount's head. Amounts print two decimals,
    // and a head of thousands says where it starts.
    if let Some(rest) = text.strip_prefix('.') {
        if rest.len() > 2 && rest.is_char_boundary(2) {
            let (decimals, head) = rest.split_at(2);
            if decimals.bytes().all(|b| b.is_ascii_digit())
                && head.contains(',')
                && !head.starts_with('0')
                && amount_token(head).is_some()
            {
                let n = text.chars().count();
                return vec![atom(0, 3, &text[..3]), atom(3, n, head)];
            }
        }
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) && !is_glued_year(text) {
        if let Some((i, _)) = text.char_indices().find(|&(_, c)| is_cjk(c)) {
            let (number, rest) = text.split_at(i);
            if amount_token(number).is_some() {
                let n = number.chars().count();
                return vec![atom(0, n, number), atom(n, text.chars().count(), rest)];
            }
        }
    }
    vec![atom(0, text.chars().count(), text)]
}

/// "2026", "其中:2026": a word that ends in a year.
pub(super) fn ends_with_year(t: &str) -> bool {
    let digits = t.chars().rev().take_while(char::is_ascii_digit).count();
    digits == 4 && t.get(t.len() - 4..).is_some_and(is_year_number)
}

/// "2026年预算数": a year glued to its 年.
fn is_glued_year(text: &str) -> bool {
    text.get(..4).is_some_and(is_year_number) && text[4..].starts_with('年')
}

/// A number as a table prints it: digits with separators, a sign, a decimal point or a
/// percent sign.
fn is_numeric(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '%' | '−'))
}

/// The cells of one page's lines, normalised, each with how its cells are separated.
/// Lines of a table whose columns could be found are positional (a cell per column,
/// empty cells kept); every other line is split at runs of spaces.
pub fn lay_out_page(
    lines: &[String],
    carried: &mut Option<Shape>,
) -> Vec<(Vec<String>, Separator)> {
    let mut words: Vec<Vec<Atom>> = lines.iter().map(|l| atoms(l)).collect();
    let stepped = join_staircases(&mut words);
    // (The lines a staircase went up from are left empty.)
    let flattened: Vec<String>;
    let lines = if stepped.is_empty() {
        lines
    } else {
        let mut owned = lines.to_vec();
        for &i in &stepped {
            owned[i].clear();
        }
        flattened = owned;
        &flattened
    };
    let mut out: Vec<Option<(Vec<String>, Separator)>> = vec![None; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let end = (start + 1..lines.len())
            .find(|&i| is_title(&lines[i], &words[i]) && !qualifies_label_above(lines, &words, i))
            .unwrap_or(lines.len());
        // Only a page's first lines can continue the table of the page before.
        let before = if start == 0 { carried.take() } else { None };
        *carried = lay_out_table(lines, &words, start..end, before, &mut out);
        start = end;
    }
    out.into_iter()
        .zip(lines)
        .map(|(laid, line)| laid.unwrap_or_else(|| cells::split(line)))
        .collect()
}

/// A row whose amounts are too wide for their cells prints each amount's decimals a
/// line lower, just after its digits, and each next amount a line lower than the one
/// before, as a staircase:
///
/// ```text
/// 合 计   174,900
///              .64101,833
///                     .84 41,534
///                            .73
/// ```
///
/// The heads of digits stand where their columns are; the decimals do not. Each line
/// of the staircase (a decimal fragment first, then only amounts) gives its decimals
/// to the heads just above them, and its heads, decimals and all, go up to the row's
/// line, where they keep their places. Returns the lines so emptied.
fn join_staircases(words: &mut [Vec<Atom>]) -> Vec<usize> {
    let fragment = |t: &str| {
        t.strip_prefix('.')
            .is_some_and(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
    };
    // (Under a thousand an amount has no comma to tell it from a count.)
    let head = |t: &str| {
        !t.contains('.')
            && (amount_token(t).is_some()
                || (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut emptied = Vec::new();
    let mut row = 0;
    while row + 1 < words.len() {
        // (where in the row's line the heads waiting for their decimals are)
        let mut open: Vec<usize> = (0..words[row].len())
            .filter(|&k| head(&words[row][k].text))
            .collect();
        let mut step = row + 1;
        while !open.is_empty() && step < words.len() {
            let line = &words[step];
            let is_step = line.first().is_some_and(|a| fragment(&a.text))
                && line.iter().all(|a| fragment(&a.text) || head(&a.text));
            if !is_step {
                break;
            }
            // Each fragment starts within a character of its head's end.
            let owners: Option<Vec<usize>> = line
                .iter()
                .filter(|a| fragment(&a.text))
                .map(|f| {
                    open.iter().copied().find(|&k| {
                        let h = &words[row][k];
                        h.end <= f.start + 2 && f.start <= h.end + 1
                    })
                })
                .collect();
            let Some(owners) = owners else { break };
            let moved: Vec<Atom> = line.iter().filter(|a| head(&a.text)).cloned().collect();
            let clash = moved.iter().any(|m| {
                words[row]
                    .iter()
                    .any(|a| a.start < m.end + 1 && m.start < a.end + 1)
            });
            if clash {
                break;
            }
            let decimals: Vec<String> = line
                .iter()
                .filter(|a| fragment(&a.text))
                .map(|a| a.text.clone())
                .collect();
            for (&k, d) in owners.iter().zip(&decimals) {
                words[row][k].text.push_str(d);
            }
            words[row].extend(moved);
            words[row].sort_by_key(|a| a.start);
            // (A head that took its decimals is no longer a head.)
            open = (0..words[row].len())
                .filter(|&k| head(&words[row][k].text))
                .collect();
            words[step].clear();
            emptied.push(step);
            step += 1;
        }
        row = step.max(row + 1);
    }
    emptied
}

/// Whether line `i` is a bracketed qualifier of the header label above it ("2025 年执行数"
/// over "（扣除中央基建投资）"), not a subtitle: the nearest line above with words is
/// a header's, neither a title (a subtitle stands under its title), nor meta, nor a
/// line of the body.
fn qualifies_label_above(lines: &[String], words: &[Vec<Atom>], i: usize) -> bool {
    let text = lines[i].trim();
    let bracketed = (text.starts_with('(') && text.ends_with(')'))
        || (text.starts_with('（') && text.ends_with('）'));
    bracketed
        && words[i].len() == 1
        && (0..i)
            .rev()
            .find(|&j| !words[j].is_empty())
            .is_some_and(|j| {
                !is_title(&lines[j], &words[j])
                    && !is_body(&lines[j], &words[j])
                    && parse_meta(lines[j].trim()).is_none()
            })
}

/// Whether line `i` ends the title above it: a lone word closing the bracket that the
/// title line just above left open ("…明细表（按支出经济分类科目-不" over "含上年结转）").
fn ends_title_above(lines: &[String], words: &[Vec<Atom>], i: usize) -> bool {
    let open = |t: &str| {
        let count = |cs: &[char]| t.chars().filter(|c| cs.contains(c)).count();
        count(&['(', '（']) as isize - count(&[')', '）']) as isize
    };
    words[i].len() == 1
        && open(lines[i].trim()) < 0
        && (i.saturating_sub(2)..i)
            .rev()
            .find(|&j| !words[j].is_empty())
            .is_some_and(|j| is_title(&lines[j], &words[j]) && open(lines[j].trim()) > 0)
}

/// A table's columns as the next page may continue them: how many there are, which of
/// them held values, and where those stood and whether they held amounts.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    width: usize,
    filled: Vec<usize>,
    /// For each filled column: its centre, as a share of the filled columns' extent,
    /// and whether it held amounts.
    places: Vec<(f64, bool)>,
}

impl Shape {
    /// Which of the table's columns each column of a headerless body continues: the
    /// filled ones in order when there are as many. When the body fills fewer key
    /// columns (a page with no 单位编码 in any row) but every column of amounts, the
    /// filled columns it matches in order, amounts with amounts, at the least total
    /// distance of their centres on the page, if they stand near enough to be the same
    /// columns. A page that leaves a column of amounts empty is not matched so: a
    /// converter closes up the space of a column empty on its page, so where the
    /// amounts stand no longer says which columns they are in. None when nothing holds.
    fn continue_with(&self, body: &Columns, kinds: &[ColumnKind]) -> Option<Vec<usize>> {
        if self.width <= body.len() || self.filled.len() < body.len() {
            return None;
        }
        if self.filled.len() == body.len() {
            return Some(self.filled.clone());
        }
        let new: Vec<(f64, bool)> = relative_centres(body)
            .into_iter()
            .zip(kinds)
            .map(|(c, &k)| (c, k == ColumnKind::Amounts))
            .collect();
        let amounts = |places: &[(f64, bool)]| places.iter().filter(|p| p.1).count();
        if amounts(&new) != amounts(&self.places) {
            return None;
        }
        let chosen = align_in_order(&new, &self.places)?;
        Some(chosen.into_iter().map(|i| self.filled[i]).collect())
    }
}

/// The farthest, on average, that a body's columns may stand from the columns of the
/// table they continue, as a share of the table's width: a converter lays each page
/// out at its own scale, so the same columns stand a little apart from page to page.
const MAX_MEAN_SHIFT: f64 = 0.08;

/// Each column's centre as a share of the extent from the first column's start to the
/// last one's end.
fn relative_centres(columns: &Columns) -> Vec<f64> {
    let (Some(first), Some(last)) = (columns.first(), columns.last()) else {
        return Vec::new();
    };
    let span = (last.1.saturating_sub(first.0)).max(1) as f64;
    columns
        .iter()
        .map(|c| ((c.0 + c.1) as f64 / 2.0 - first.0 as f64) / span)
        .collect()
}

/// Matches each of `new` (centre, holds amounts) to one of `old`, in order, amounts with
/// amounts, at the least total distance; the index in `old` of each, or None if no
/// such matching exists or its mean distance exceeds [`MAX_MEAN_SHIFT`].
fn align_in_order(new: &[(f64, bool)], old: &[(f64, bool)]) -> Option<Vec<usize>> {
    let (n, m) = (new.len(), old.len());
    if n == 0 || n > m {
        return None;
    }
    // best[j][i]: least cost of matching new[..j] within old[..i].
    let mut best = vec![vec![f64::INFINITY; m + 1]; n + 1];
    best[0].fill(0.0);
    for j in 1..=n {
        for i in j..=m {
            let skip = best[j][i - 1];
            let take = if new[j - 1].1 == old[i - 1].1 {
                best[j - 1][i - 1] + (new[j - 1].0 - old[i - 1].0).abs()
            } else {
                f64::INFINITY
            };
            best[j][i] = skip.min(take);
        }
    }
    let total = best[n][m];
    if !total.is_finite() || total / n as f64 > MAX_MEAN_SHIFT {
        return None;
    }
    // Walk back: a column taken where skipping it would cost more.
    let mut chosen = vec![0; n];
    let (mut j, mut i) = (n, m);
    while j > 0 {
        if best[j][i - 1] <= best[j][i] && i > j {
            i -= 1;
        } else {
            chosen[j - 1] = i - 1;
            j -= 1;
            i -= 1;
        }
    }
    Some(chosen)
}

/// A line that starts a new table: its title or label, a line of prose, a heading.
fn is_title(line: &str, words: &[Atom]) -> bool {
    let (cells, _) = cells::split(line);
    if is_prose(words) {
        return true;
    }
    if is_body(line, words) || cells.len() > 2 {
        return false;
    }
    let text: String = cells.concat();
    let n = text.chars().count();
    let bracketed = (text.starts_with('(') && text.ends_with(')'))
        || (text.starts_with('（') && text.ends_with('）'));
    is_table_label(&cells[0])
        || is_prose(words)
        || (text.contains('表') && n >= 4 && parse_meta(&text).is_none())
        || (bracketed && cells.len() == 1)
        || (n >= 30 && cells.len() == 1 && !is_row_of_labels(words))
}

/// Three or more short words apart: the labels of a header line, however long the
/// line ("一般公共预 政府性基金预 国有资本经营 财政专户管理 … 附属单位上缴"), not a title.
fn is_row_of_labels(words: &[Atom]) -> bool {
    words.len() >= 3 && words.iter().all(|w| w.text.chars().count() <= 8)
}

/// A line of a table's body: two or more words apart (a gap of two spaces somewhere),
/// one of them an amount or a number after the first word.
fn is_body(line: &str, words: &[Atom]) -> bool {
    !is_prose(words)
        && !is_column_numbers(words)
        && words.len() >= 2
        && line.trim().contains("  ")
        && (has_amount(words)
            || (1..words.len()).any(|i| is_numeric(&words[i].text) && !is_year(words, i)))
}

/// "2026 年预算数": a year a converter spaced off the 年 after it, in a header.
fn is_year(words: &[Atom], i: usize) -> bool {
    words[i].text.len() == 4
        && words
            .get(i + 1)
            .is_some_and(|next| next.start == words[i].end + 1 && next.text.starts_with('年'))
}

fn has_amount(words: &[Atom]) -> bool {
    words.iter().any(|w| amount_token(&w.text).is_some())
}

/// A header's row of column numbers: 1 2 3 …, maybe after 栏次 or a marker.
fn is_column_numbers(words: &[Atom]) -> bool {
    let numbers: Vec<&Atom> = words
        .iter()
        .skip_while(|w| !w.text.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    numbers.len() >= 3
        && numbers.len() + 1 >= words.len()
        && numbers
            .iter()
            .enumerate()
            .all(|(i, w)| w.text.parse::<usize>().ok() == Some(i + 1))
}

/// A line of sentences: a long word with sentence punctuation in it. A row of amounts
/// whose last cell is a remark ("2021  32.06  0  27.06  5  0  2022 年压缩培训费支出。")
/// is a row, not prose: two or more amounts stand before its sentence.
fn is_prose(words: &[Atom]) -> bool {
    let sentence = |w: &Atom| {
        w.text.chars().filter(|&c| is_cjk(c)).count() >= 8
            && w.text.contains([',', '。', ';', '，', '；'])
    };
    words.iter().position(sentence).is_some_and(|k| {
        words[..k]
            .iter()
            .filter(|w| amount_token(&w.text).is_some())
            .count()
            < 2
    })
}

/// The most lines a header is read from.
const MAX_HEADER_LINES: usize = 16;

/// The most labels whose merged parents are looked for: a printed header has a few
/// dozen. Past this, lines above a body are no header anyone printed, and reading them
/// as one (each label against every other, several times over) would cost time
/// growing with a power of their number; their labels stand as leaves.
const MAX_HEADER_LABELS: usize = 300;

/// A source line's number and its cells.
type LineCells = (usize, Vec<String>);

/// Columns as `start..end` character ranges, left to right.
type Columns = Vec<(usize, usize)>;

fn lay_out_table(
    lines: &[String],
    words: &[Vec<Atom>],
    range: std::ops::Range<usize>,
    before: Option<Shape>,
    out: &mut [Option<(Vec<String>, Separator)>],
) -> Option<Shape> {
    let body: Vec<usize> = range
        .clone()
        .filter(|&i| is_body(&lines[i], &words[i]))
        .collect();
    let (&first, &last) = (body.first()?, body.last()?);
    let mut is_body_line = vec![false; range.len()];
    for &i in &body {
        is_body_line[i - range.start] = true;
    }
    let body_columns = join_indented(
        split_codes_from_names(
            gutters(body.iter().map(|&i| &words[i])),
            body.iter().map(|&i| &words[i]),
        ),
        body.iter().map(|&i| &words[i]),
    );
    if body_columns.len() < 2 {
        return None;
    }
    // The header: lines above the body that are neither meta lines nor notes.
    // (A header is a few lines: only the last ones before the body are read, so a long
    // run of other lines costs nothing.)
    let mut header_lines: Vec<usize> = (range.start..first)
        .rev()
        .filter(|&i| {
            !words[i].is_empty()
                && !is_furniture_line(&lines[i])
                && (!is_title(&lines[i], &words[i]) || qualifies_label_above(lines, words, i))
                && !ends_title_above(lines, words, i)
        })
        // A header prints no amount; from a line that does (a row wrapped over lines, a
        // chart's axis) up, the lines are left as they are, so nothing printed is lost.
        // Just above the body such a line is the head of a number wrapped in its cell.
        .filter(|&i| !(first - i <= 2 && has_amount(&words[i])))
        .take_while(|&i| !has_amount(&words[i]))
        .take(MAX_HEADER_LINES)
        .collect();
    header_lines.reverse();
    // A line of nothing but 类 | 款 | 项 ends the header: under it, a name's first part
    // set above its row's line belongs to that row (a page that opens with the
    // header again and a row whose name wraps around its values).
    let parts_line = header_lines
        .iter()
        .rposition(|&i| words[i].len() >= 2 && words[i].iter().all(|a| is_code_part_label(&a.text)))
        // (Column numbers under it are still the header's.)
        .filter(|&p| {
            header_lines[p + 1..]
                .iter()
                .all(|&i| !words[i].iter().all(|a| is_header_furniture(&a.text)))
        });
    // The first line of the table's body proper.
    let body_from = parts_line.map_or(first, |p| header_lines[p] + 1);
    if let Some(p) = parts_line {
        header_lines.truncate(p + 1);
    }
    // What each column holds: amounts stand right-aligned, codes and names left.
    let kinds: Vec<ColumnKind> = body_columns
        .iter()
        .map(|&(start, end)| {
            let inside = body
                .iter()
                .flat_map(|&i| &words[i])
                .filter(|a| a.overlap(start, end) > 0);
            let (amounts, codes, all) = inside.fold((0, 0, 0), |(n, c, t), a| {
                let code = a.text.len() >= 2 && a.text.bytes().all(|b| b.is_ascii_digit());
                // (A bare 0 is a zero amount: no code, count or 序号 prints 0 — a page
                // whose column holds nothing else is still a column of amounts.)
                let amount = amount_token(&a.text).is_some() || a.text == "0";
                (n + usize::from(amount), c + usize::from(code), t + 1)
            });
            if 2 * amounts > all {
                ColumnKind::Amounts
            } else if 2 * codes > all {
                ColumnKind::Codes
            } else {
                ColumnKind::Other
            }
        })
        .collect();
    // A body with no header at the top of a page continues the table before it: its
    // columns are that table's columns that held values.
    // A first row whose name wraps above its line of values prints one word over the
    // body, in a column of names: that line is the row's, not the header's, when no
    // header stands above it (a continued page) or a blank line parts it from the
    // header (a page that opens with the header again).
    let one_name = |i: usize| {
        words[i].len() == 1
            && !is_key_label(&words[i][0].text)
            && kinds[column_of(&words[i][0], &body_columns)] == ColumnKind::Other
    };
    // So is a line of numbered names just above the first row ("15、资源勘探工业"
    // over "16 … 0.00"): a header labels columns, it does not number them.
    let numbered_names =
        |i: usize| !words[i].is_empty() && words[i].iter().all(|a| is_numbered_name(&a.text));
    let name_head = match *header_lines.as_slice() {
        [i] if first - i <= 2 && one_name(i) => Some(i),
        [.., above, i] if first - i == 1 && i - above >= 2 && one_name(i) => Some(i),
        [.., i] if first - i == 1 && numbered_names(i) => Some(i),
        _ => None,
    };
    let continued = before
        .filter(|_| header_lines.len() == usize::from(name_head.is_some()))
        .and_then(|b| Some((b.continue_with(&body_columns, &kinds)?, b)));
    let name_head = name_head.filter(|_| continued.is_some() || header_lines.len() > 1);
    if name_head.is_some() {
        header_lines.pop();
    }
    let header = Header::read(&header_lines, words);
    let (columns, body_at, leaf_at) = header.fit(&body_columns, &kinds);
    let width = columns.len();
    // The lines just after the last row of values may still hold its wrapped parts.
    let tail = (last + 1..range.end.min(last + 3))
        .take_while(|&i| {
            !words[i].is_empty()
                && (!is_furniture_line(&lines[i]) || is_code_below_row(lines, i, first, last))
        })
        .last()
        .unwrap_or(last);
    // Under the last row of values, a run of lines that each print one numbered name
    // in a column of names are rows that print no value (a summary's outlay side
    // listing its 类 after the income side has ended: "(十一)节能环保支出" …, blank in
    // the PDF); a blank line or anything else ends them.
    let names_only = |i: usize| {
        matches!(words[i].as_slice(), [a] if !is_furniture_line(&lines[i])
            && !is_title(&lines[i], &words[i])
            && is_numbered_name(&a.text)
            && body_columns
                .iter()
                .zip(&kinds)
                .filter(|(c, _)| a.overlap(c.0, c.1) > 0)
                .all(|(_, &k)| k == ColumnKind::Other)
            && body_columns.iter().any(|c| a.overlap(c.0, c.1) > 0))
    };
    let unvalued_end = (last + 1..range.end)
        .take_while(|&i| names_only(i))
        .last()
        .filter(|&i| i > tail)
        .unwrap_or(last);
    let tail = tail.max(unvalued_end);
    // And the lines just before the first hold the head of a number wrapped there.
    let head = (first.saturating_sub(2).max(range.start)..first)
        .find(|&i| has_amount(&words[i]))
        .unwrap_or(first)
        .min(body_from)
        .min(name_head.unwrap_or(first));
    let mut rows: Vec<LineCells> = (head..=tail)
        .filter(|&i| {
            is_body_line[i - range.start]
                || !words[i].is_empty()
                    && (!is_furniture_line(&lines[i]) || is_code_below_row(lines, i, first, last))
        })
        .map(|i| (i, place(&words[i], &body_columns, &body_at, &columns)))
        .collect();
    let body_rows: Vec<bool> = rows
        .iter()
        .map(|(i, _)| is_body(&lines[*i], &words[*i]))
        .collect();
    merge_fragments(&mut rows, &body_rows);
    // The last row's name wrapped onto the line under it, in the name's own cell
    // ("费支出" under "06  机关事业单位职业年金缴  82.67"). `merge_fragments` leaves a
    // longer tail than a character alone (a row of text may follow a row), but under a
    // row keyed by a classification code — in a column of codes under a key's label —
    // a line of nothing but name text in the cells of the row's names is their rest.
    // (Not under a form's last line of text: that may run on into the next form.)
    let code_column = |k: usize| {
        (0..kinds.len()).any(|j| body_at[j] == k && kinds[j] == ColumnKind::Codes)
            && (0..header.leaves.len())
                .any(|i| leaf_at[i] == k && is_key_label(&header.leaves[i].text))
    };
    if let Some(l) = rows.iter().position(|(i, _)| *i == last) {
        if let [(_, row), (next, under), ..] = &mut rows[l..] {
            let coded = row.iter().enumerate().any(|(k, c)| {
                code_column(k)
                    && matches!(c.len(), 2 | 3 | 5 | 7)
                    && c.bytes().all(|b| b.is_ascii_digit())
            });
            let rest_of_names = under.iter().any(|c| !c.is_empty())
                && under.iter().zip(row.iter()).all(|(t, r)| {
                    t.is_empty() || is_name_text(t) && !r.is_empty() && !is_numeric(r)
                });
            if *next == last + 1 && coded && rest_of_names {
                for (r, t) in row.iter_mut().zip(under.iter_mut()) {
                    r.push_str(&std::mem::take(t));
                }
            }
        }
    }
    let shape = match continued {
        Some((at, shape)) => {
            for (_, cells) in rows.iter_mut() {
                let mut wide = vec![String::new(); shape.width];
                for (&k, cell) in at.iter().zip(cells.drain(..)) {
                    wide[k] = cell;
                }
                *cells = wide;
            }
            shape
        }
        None => {
            let filled: Vec<usize> = (0..width)
                .filter(|&k| rows.iter().any(|(_, cells)| !cells[k].is_empty()))
                .collect();
            let spans: Columns = filled.iter().map(|&k| columns[k]).collect();
            let amounts = filled.iter().map(|&k| {
                body_at
                    .iter()
                    .position(|&at| at == k)
                    .is_some_and(|j| kinds[j] == ColumnKind::Amounts)
            });
            let places = relative_centres(&spans).into_iter().zip(amounts).collect();
            Shape {
                width,
                filled,
                places,
            }
        }
    };
    for (i, cells) in rows {
        // A line before the first row or after the last that is not part of one is not
        // the table's: it stays as it was (but under the header's 类 | 款 | 项 line the
        // table has begun).
        if (body_from <= i && i <= last.max(unvalued_end)) || cells.iter().all(String::is_empty) {
            out[i] = Some((cells, Separator::Spaces));
        }
    }
    // The header's rows go on the lines just above the body, one after another (a
    // blank line between two rows of a header would end it), else on its own lines;
    // a line whose words joined the first row is free again.
    let header_rows = header.rows(width, &leaf_at);
    let vacated = |i: usize| {
        out[i]
            .as_ref()
            .is_some_and(|(cells, _)| cells.iter().all(String::is_empty))
    };
    let above = first.saturating_sub(header_rows.len())..first;
    let slots: Vec<usize> = if above.start >= range.start
        && above
            .clone()
            .all(|i| words[i].is_empty() || header_lines.contains(&i) || vacated(i))
    {
        above.collect()
    } else {
        header_lines.clone()
    };
    for (row, &i) in header_rows.into_iter().rev().zip(slots.iter().rev()) {
        out[i] = Some((row, Separator::Spaces));
    }
    for &i in &header_lines {
        out[i].get_or_insert_with(|| (vec![String::new(); width], Separator::Spaces));
    }
    Some(shape)
}

/// A row whose cells are spread over several lines (a name wrapped in its cell, the
/// other cells centred beside it, a code set lower than its name) reaches the text as a
/// line of values and, above or below it, lines of text only. A text-only line whose
/// cells fill only columns that a neighbouring line of values leaves empty is part of
/// that row: its text moves there and the line is left blank. Whether such lines belong
/// to the row below or the row above is the table's habit, not the line's: both are
/// tried, and the one that finds a row for more of them is kept (the first row of a
/// table has nothing above it, its last nothing below). A line that would overwrite a
/// cell either way stays a row of its own (a heading, or a row that prints no value).
fn merge_fragments(rows: &mut [LineCells], body: &[bool]) {
    let Wrapped {
        joined,
        donors,
        short_heads,
        last_tail,
    } = join_wrapped_numbers(rows, body);
    // A line between a number's head and its tail is inside that row's cells: a name
    // centred in a cell its numbers wrap in ("226,000.0" / "城乡社区支出" / "0").
    // (A tail is at most two lines below its head.)
    let enclosed_by: Vec<Option<usize>> = (0..rows.len())
        .map(|k| (k.saturating_sub(2)..k).rev().find(|&j| last_tail[j] > k))
        .collect();
    // Numbers printed a step lower in each column ("174,900" / ".64  56,633" /
    // ".49  118,267"): once their decimals have joined them, a line left holding only
    // such amounts is part of the row above, not a row.
    let stepped: Vec<bool> = (0..rows.len())
        .map(|k| {
            donors[k]
                && rows[k]
                    .1
                    .iter()
                    .all(|c| c.is_empty() || amount_token(c).is_some())
        })
        .collect();
    let body: Vec<bool> = (0..rows.len())
        .map(|k| body[k] && !stepped[k] && !short_heads[k])
        .collect();
    let body = body.as_slice();
    // An amount moves into a row only as the head of a number wrapped in its cell; a
    // whole amount on a line of its own stays on its line, in no other row.
    let movable: Vec<bool> = rows
        .iter()
        .zip(&joined)
        .map(|((_, cells), &joined)| joined || !cells.iter().any(|c| amount_token(c).is_some()))
        .collect();
    let mut best: Option<(usize, Vec<LineCells>)> = None;
    for below_first in [true, false] {
        let mut trial = rows.to_vec();
        let merged = merge_towards(
            &mut trial,
            body,
            &movable,
            &stepped,
            &enclosed_by,
            below_first,
        );
        if best.as_ref().is_none_or(|(most, _)| merged > *most) {
            best = Some((merged, trial));
        }
    }
    if let Some((_, merged)) = best {
        rows.clone_from_slice(&merged);
    }
}

/// Whether a line's cells are all numbers (or empty): no code, no name.
fn numbers_only(cells: &[String]) -> bool {
    cells.iter().any(|c| !c.is_empty()) && cells.iter().all(|c| c.is_empty() || is_numeric(c))
}

/// Whether a line's cells are all runs of digits (or empty): the tails of numbers.
fn digits_only(cells: &[String]) -> bool {
    cells.iter().any(|c| !c.is_empty())
        && cells
            .iter()
            .all(|c| c.chars().all(|ch| ch.is_ascii_digit()))
}

/// A number too wide for its cell wraps: "21,118.5" above the row's line, "1" below
/// it, in the same column. The tail's digits join the head, so the head moves into the
/// row whole.
///
/// Returns which lines' numbers took a tail, and which lines gave their decimals away.
fn join_wrapped_numbers(rows: &mut [LineCells], body: &[bool]) -> Wrapped {
    let mut joined = vec![false; rows.len()];
    let mut donors = vec![false; rows.len()];
    let mut short_heads = vec![false; rows.len()];
    let mut last_tail: Vec<usize> = (0..rows.len()).collect();
    for k in 0..rows.len() {
        let numbers = rows[k].1.iter().filter(|c| is_numeric(c)).count();
        let mut short_joins = 0;
        for c in 0..rows[k].1.len() {
            let head = &rows[k].1[c];
            if !is_numeric(head) {
                continue;
            }
            // A head of digits: its own line, cut within the figure ("21,118.5" over
            // "1"), or any line, cut before the point ("174,900" or "96" over ".64").
            let cut = head.contains(['.', ',']) && !body[k];
            let whole = !head.contains('.');
            // Cells so narrow that every amount of a row wraps leave lines of numbers
            // only: heads short of their two decimals ("1682.7", "0.0") over lines of
            // the missing digits ("6", "0"), the row's line between them.
            let decimals = head.split_once('.').map(|(_, d)| d.len());
            let short = decimals.is_some_and(|d| d < 2) && numbers_only(&rows[k].1);
            let completes = |t: &str| decimals.is_some_and(|d| d + t.len() == 2);
            let tail = (k + 1..rows.len().min(k + 3))
                .filter(|&j| rows[j].0 - rows[k].0 <= 2)
                .filter(|&j| !body[j] || whole || short && digits_only(&rows[j].1))
                .find(|&j| {
                    let t = &rows[j].1[c];
                    let digits = |t: &str| !t.is_empty() && t.chars().all(|ch| ch.is_ascii_digit());
                    (cut && !body[j] && digits(t))
                        || (short && digits_only(&rows[j].1) && digits(t) && completes(t))
                        || (whole && t.strip_prefix('.').is_some_and(digits))
                });
            if let Some(j) = tail {
                let digits = std::mem::take(&mut rows[j].1[c]);
                donors[j] |= digits.starts_with('.');
                short_joins += usize::from(short);
                last_tail[k] = last_tail[k].max(j);
                rows[k].1[c].push_str(&digits);
                joined[k] = true;
            }
        }
        // (A line with a whole amount beside such heads is a row of its own.)
        short_heads[k] = numbers > 0 && short_joins == numbers;
    }
    Wrapped {
        joined,
        donors,
        short_heads,
        last_tail,
    }
}

/// What `join_wrapped_numbers` did, line by line.
struct Wrapped {
    /// The line's numbers took a tail.
    joined: Vec<bool>,
    /// The line gave its decimals away.
    donors: Vec<bool>,
    /// Every number of the line is the head of one that wrapped within its decimals:
    /// the line is the top of a row, not a row.
    short_heads: Vec<bool>,
    /// The lowest line that gave the line's numbers a tail (the line itself if none).
    last_tail: Vec<usize>,
}

/// Merges each text-only line into the neighbouring line of values it fits, trying the
/// preferred side first; returns how many lines were merged.
fn merge_towards(
    rows: &mut [LineCells],
    body: &[bool],
    movable: &[bool],
    stepped: &[bool],
    enclosed_by: &[Option<usize>],
    below_first: bool,
) -> usize {
    // A name wrapped in its cell can print its first part on the line above the row,
    // whose own name cell holds the last characters ("人力资源和社会保障管理事" over
    // "01  务  40,781.39"), or its last character below the row's part: a cell both
    // fill joins when the later part is one character (no name is), of text (CJK,
    // with a name's brackets and quotes: "…(商贸流通发展" over "专项资金市商务局)").
    // A cell the row's own line left empty, filled by the head of a name printed
    // above the row, takes the rest of that name from below whatever its length
    // ("职工基本医" over "15  ·  50102 …" over "30110  疗保险缴费").
    const MAX_TAIL: usize = 1;
    let joins = |f: &str, t: &str, above: bool, head_above: bool| {
        let tail = if above { t } else { f };
        !is_numeric(f)
            && !is_numeric(t)
            && (tail.chars().count() <= MAX_TAIL || (!above && head_above))
            && is_name_text(tail)
    };
    // A line under a row that brings a code into the row's empty code cell brings the
    // rest of its name too, whatever its length ("30299  支出" under "其他商品和服务
    // 50299 …"): the row's cells were set lower as a block.
    let fits = |fragment: &[String], into: &[String], above: bool, heads: &[bool]| {
        let brings_code = !above
            && fragment.iter().zip(into).any(|(f, t)| {
                t.is_empty() && f.len() >= 3 && f.bytes().all(|b| b.is_ascii_digit())
            });
        fragment.iter().zip(into).zip(heads).all(|((f, t), &h)| {
            f.is_empty() || t.is_empty() || joins(f, t, above, h || brings_code)
        }) && fragment.iter().any(|f| !f.is_empty())
    };
    // Which cells of each row hold only what a line above brought.
    let mut heads_above: Vec<Vec<bool>> = rows.iter().map(|(_, c)| vec![false; c.len()]).collect();
    let mut merged = 0;
    for k in 0..rows.len() {
        if body[k] || !movable[k] {
            continue;
        }
        let merged_away = |j: &usize| !body[*j] && rows[*j].1.iter().all(String::is_empty);
        // A stepped line's row may be two lines up, past another stepped line, and a
        // staircase as deep as the row has amounts (lines merged away between don't
        // count); a name wrapped over three lines reaches its row past a line already
        // merged.
        let adjacent = |j: usize| {
            if j >= rows.len() {
                return false;
            }
            let between = j.min(k) + 1..j.max(k);
            let merged = if stepped[k] {
                between.filter(|i| merged_away(i)).count()
            } else {
                0
            };
            body[j] && rows[j].0.abs_diff(rows[k].0) <= 2 + merged
        };
        let reach = if stepped[k] { 2 } else { 1 };
        let above = (1..=k)
            .map(|d| k - d)
            .filter(|j| !merged_away(j))
            .take(reach)
            .find(|&j| body[j]);
        let below = (k + 1..rows.len())
            .filter(|j| !merged_away(j))
            .take(reach)
            .find(|&j| body[j]);
        let (above, below) = (above.unwrap_or(usize::MAX), below.unwrap_or(usize::MAX));
        let sides = if let Some(j) = enclosed_by[k] {
            [j, usize::MAX]
        } else if below_first {
            [below, above]
        } else {
            [above, below]
        };
        let target = sides
            .into_iter()
            .filter(|&j| adjacent(j))
            .find(|&j| fits(&rows[k].1, &rows[j].1, j > k, &heads_above[j]));
        if let Some(j) = target {
            let fragment = std::mem::take(&mut rows[k].1);
            for (c, (t, f)) in rows[j].1.iter_mut().zip(&fragment).enumerate() {
                if !f.is_empty() {
                    heads_above[j][c] = j > k && t.is_empty();
                    // In reading order: a fragment above comes first.
                    *t = if j > k {
                        format!("{f}{t}")
                    } else {
                        format!("{t}{f}")
                    };
                }
            }
            rows[k].1 = vec![String::new(); fragment.len()];
            merged += 1;
        }
    }
    merged
}

/// Text of a subject's or project's name: CJK characters, and the brackets and quotes
/// a name may hold (a converter may print a bracket on a line of its own).
fn is_name_text(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| is_cjk(c) || "()“”\"、《》".contains(c))
}

/// A code and the rest of a name set lower than their row's line ("30109   费" under
/// "13  职业年金缴  50102 …", or "30299  支出      支出" with the rest of a second
/// name) read as an entity line ("543 信访局"); among a table's rows
/// (or just under the last, with a code of 款 or 项 length) it is part of a row.
fn is_code_below_row(lines: &[String], i: usize, first: usize, last: usize) -> bool {
    let t = lines[i].trim();
    let Some((code, rest)) = t.split_once(char::is_whitespace) else {
        return false;
    };
    let coded = code.bytes().all(|b| b.is_ascii_digit())
        && matches!(code.len(), 3 | 5 | 7)
        && rest.chars().filter(|c| !c.is_whitespace()).count() <= 12
        && parse_meta(t).is_some_and(|m| m.iter().all(|item| item.key == "entity"));
    coded && i > first && (i < last || code.len() >= 5)
}

/// Meta lines (单位：万元), notes and lines of prose in a table's range are not rows.
fn is_furniture_line(line: &str) -> bool {
    let t = line.trim();
    let (cells, _) = cells::split(t);
    parse_meta(t).is_some()
        || cells.iter().all(|c| parse_meta(c).is_some())
        || t.starts_with("注")
        || t.starts_with("说明")
}

/// The runs of positions that some word covers, between positions no line covers.
fn gutters<'a>(lines: impl Iterator<Item = &'a Vec<Atom>>) -> Columns {
    let mut spans: Vec<(usize, usize)> = lines.flatten().map(|a| (a.start, a.end)).collect();
    spans.sort_unstable();
    let mut columns: Columns = Vec::new();
    for (s, e) in spans {
        match columns.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => columns.push((s, e)),
        }
    }
    columns
}

/// A code column and the name column beside it run together when one line's long name
/// reaches the next column's code (a table printed as two groups side by side), and so
/// do a name column and its amounts, or amounts and the next group's names, where the
/// converter shifted lines. A column in which most lines print a code then a name, an
/// amount then a name, a count then a code, or (nearly all) a name then an amount, is
/// two columns, split where the second starts.
fn split_codes_from_names<'a>(
    columns: Columns,
    lines: impl Iterator<Item = &'a Vec<Atom>> + Clone,
) -> Columns {
    let code = |a: &Atom| a.text.len() >= 3 && a.text.bytes().all(|b| b.is_ascii_digit());
    let mut out = Columns::new();
    for c in columns {
        let inside = |l: &'a Vec<Atom>| -> Vec<&'a Atom> {
            l.iter()
                .filter(|a| a.start >= c.0 && a.end <= c.1)
                .collect()
        };
        let mut filled = 0;
        let mut pairs: Vec<(usize, usize)> = Vec::new(); // (code end, name start)
        let mut named_amounts: Vec<(usize, usize)> = Vec::new(); // (name end, amount start)
        let mut lone_amounts = 0;
        // Lines of two or more words, and those of them that are an amount then a name.
        let (mut several, mut amount_then_name) = (0, 0);
        for l in lines.clone() {
            let atoms = inside(l);
            if atoms.is_empty() {
                continue;
            }
            filled += 1;
            several += usize::from(atoms.len() >= 2);
            if atoms.len() == 2 && code(atoms[0]) && !is_numeric(&atoms[1].text) {
                pairs.push((atoms[0].end, atoms[1].start));
            }
            // A name then its amount, run together the same way (unless more than a
            // few lines of the column print an amount alone: then the amounts have a
            // column of their own, and names reach into it).
            if let [name, amount] = atoms[..] {
                if amount_token(&amount.text).is_some() && !is_numeric(&name.text) {
                    named_amounts.push((name.end, amount.start));
                }
            }
            if atoms.iter().all(|a| amount_token(&a.text).is_some()) {
                lone_amounts += 1;
            }
            // A count then a code ("1 302": 数量 beside the 类 of an economic code),
            // likewise: two runs of digits one space apart are two cells.
            if let [count, code] = atoms[..] {
                let digits = |a: &Atom| a.text.bytes().all(|b| b.is_ascii_digit());
                if digits(count) && digits(code) && code.start == count.end + 1 {
                    pairs.push((count.end, code.start));
                }
            }
            // An amount then the next group's name (收 | 支 side by side), likewise.
            if let [amount, next] = atoms[..] {
                let is_amount = |a: &Atom| amount_token(&a.text).is_some();
                // …or two amounts of neighbouring columns.
                if is_amount(amount) && (!is_numeric(&next.text) || is_amount(next)) {
                    pairs.push((amount.end, next.start));
                    amount_then_name += usize::from(!is_numeric(&next.text));
                }
            }
        }
        if 4 * lone_amounts <= named_amounts.len() && 3 * named_amounts.len() > 2 * filled {
            pairs = named_amounts;
        }
        // The split that most pairs have their code before and their name after (a line
        // the converter shifted may cross it: its words go where they overlap most).
        let split = pairs
            .iter()
            .map(|&(end, _)| end)
            .max_by_key(|&p| pairs.iter().filter(|&&(e, n)| e <= p && p <= n).count());
        // (A side of a summary that lists more lines than the other leaves the longer
        // side's names alone on their lines: every line of two words still says where
        // the amounts end — 收 | 支 side by side, 7 income lines beside 25 of outlays.)
        let one_side_longer =
            amount_then_name >= 3 && amount_then_name == several && pairs.len() == several;
        match split {
            Some(p) if (2 * pairs.len() > filled || one_side_longer) && c.0 < p && p < c.1 => {
                out.push((c.0, p));
                out.push((p, c.1));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Codes and names indented by their level (201, then 20113 further right, then
/// 2011301) leave a gutter inside their column. Two neighbouring columns of text that
/// no line fills both, and that hold the same kind of thing (codes or names), are one
/// column — unless one holds the two-digit parts of a code
/// split over 类|款|项 columns, each row filling only the part of its level.
fn join_indented<'a>(
    columns: Columns,
    lines: impl Iterator<Item = &'a Vec<Atom>> + Clone,
) -> Columns {
    let text_only = |c: (usize, usize)| {
        lines
            .clone()
            .flatten()
            .filter(|a| a.overlap(c.0, c.1) > 0)
            .all(|a| {
                amount_token(&a.text).is_none()
                    && !(a.text.len() == 2 && a.text.bytes().all(|b| b.is_ascii_digit()))
            })
    };
    // Codes continue codes, names continue names.
    let codes = |c: (usize, usize)| {
        lines
            .clone()
            .flatten()
            .filter(|a| a.overlap(c.0, c.1) > 0)
            .all(|a| a.text.bytes().all(|b| b.is_ascii_digit()))
    };
    let both = |a: (usize, usize), b: (usize, usize)| {
        lines.clone().any(|l| {
            l.iter().any(|w| w.overlap(a.0, a.1) > 0) && l.iter().any(|w| w.overlap(b.0, b.1) > 0)
        })
    };
    let mut out: Columns = Vec::new();
    for c in columns {
        match out.last_mut() {
            Some(last)
                if text_only(*last)
                    && text_only(c)
                    && codes(*last) == codes(c)
                    && !both(*last, c) =>
            {
                last.1 = c.1
            }
            _ => out.push(c),
        }
    }
    out
}

/// The column a word belongs to: the one it overlaps most, else the nearest.
fn column_of(a: &Atom, columns: &Columns) -> usize {
    let best = (0..columns.len()).max_by_key(|&k| a.overlap(columns[k].0, columns[k].1));
    match best {
        Some(k) if a.overlap(columns[k].0, columns[k].1) > 0 => k,
        _ => (0..columns.len())
            .min_by(|&j, &k| {
                let d = |c: (usize, usize)| (a.center() - (c.0 + c.1) as f64 / 2.0).abs();
                d(columns[j]).total_cmp(&d(columns[k]))
            })
            .unwrap_or(0),
    }
}

/// A line's words in the table's columns, words in one column joined. A word goes to
/// the body column it overlaps (`at` says where each body column stands among the
/// table's `columns`); one that overlaps none goes to a column only the header names,
/// if it stands under its label (a code set lower than its row's line, in a column no
/// line of values prints: "30207" under "部门经济科目编码"), else to the nearest body
/// column.
fn place(words: &[Atom], body: &Columns, at: &[usize], columns: &Columns) -> Vec<String> {
    let mut cells = vec![String::new(); columns.len()];
    for a in words {
        let overlaps = |c: &(usize, usize)| a.overlap(c.0, c.1) > 0;
        let k = if body.iter().any(overlaps) {
            at[column_of(a, body)]
        } else {
            (0..columns.len())
                .filter(|k| !at.contains(k))
                .filter(|&k| overlaps(&columns[k]))
                .max_by_key(|&k| a.overlap(columns[k].0, columns[k].1))
                .unwrap_or_else(|| at[column_of(a, body)])
        };
        join(&mut cells[k], &a.text);
    }
    cells
}

/// Appends text to a cell: CJK runs join directly, other words with a space.
fn join(cell: &mut String, text: &str) {
    let cjk_seam =
        cell.chars().next_back().is_some_and(is_cjk) && text.chars().next().is_some_and(is_cjk);
    if !cell.is_empty() && !cjk_seam {
        cell.push(' ');
    }
    cell.push_str(text);
}

/// How many header lines apart the pieces of one wrapped label may stand. A converter
/// prints each line of a cell at its own height, so labels centred beside a two-line
/// cell fall between its lines ("一般公共预" three lines over "算收入").
const WRAP_REACH: usize = 4;

/// Whether `lower`, `gap` header lines under a label it overlaps, may be the rest of
/// that label's cell. Beyond two lines, 类/款/项 are the split code columns under a
/// merged parent ("经济科目编码" over 类 | 款), never the end of a wrapped label.
fn may_continue(gap: usize, lower: &Atom) -> bool {
    gap <= 2 || (gap <= WRAP_REACH && !matches!(lower.text.as_str(), "类" | "款" | "项"))
}

/// How far a label stands from a column, compared in order: the gap between them;
/// whether the label is of another kind than the column; labels left unmatched; the
/// distance of their centres.
type Cost = (usize, usize, usize, usize);

/// What a body column holds, by the majority of its words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ColumnKind {
    Amounts,
    /// Runs of digits without separators: subject codes or their 类/款/项 parts.
    Codes,
    Other,
}

/// A header's labels: parents with the extent of their children, and leaves.
#[derive(Debug, Default)]
struct Header {
    /// Merged parents, each with the character extent of its children.
    parents: Vec<Atom>,
    /// Leaves: the label and where it stands.
    leaves: Vec<Atom>,
}

impl Header {
    fn read(lines: &[usize], words: &[Vec<Atom>]) -> Header {
        let header_words: Vec<Vec<Atom>> = (0..lines.len())
            .map(|k| {
                let above = k.saturating_sub(2)..k;
                let upper: Vec<&Atom> = lines[above].iter().flat_map(|&i| &words[i]).collect();
                part_letters_under_cells(&words[lines[k]], &upper)
            })
            .collect();
        let labels: Vec<(usize, &Atom)> = header_words
            .iter()
            .enumerate()
            .flat_map(|(k, line)| line.iter().map(move |a| (k, a)))
            .filter(|(_, a)| !is_header_furniture(&a.text))
            .collect();
        if labels.len() > MAX_HEADER_LABELS {
            let leaves = labels.into_iter().map(|(k, a)| (k, a.clone())).collect();
            return Header {
                parents: Vec::new(),
                leaves: stack(leaves, |a, b| a.overlap(b.start, b.end) > 0),
            };
        }
        let over_groups = parents_of_repeated_groups(&labels);
        // Whether a label is a key's, read with the lines wrapped under it in its cell
        // (政府预算支出经济分类 over 科目 names the key column of names).
        let cell_texts: Vec<String> = labels
            .iter()
            .map(|&(k, a)| {
                let mut text = a.text.clone();
                for &(j, b) in &labels {
                    if j > k && may_continue(j - k, b) && a.start <= b.start && b.end <= a.end {
                        text.push_str(&b.text);
                    }
                }
                text
            })
            .collect();
        // (The lower lines of a key's cell are the key's too: "科目编" over "码".)
        let key_cells: Vec<bool> = cell_texts.iter().map(|t| is_key_label(t)).collect();
        let is_key = |b: &Atom| {
            labels
                .iter()
                .position(|(_, c)| std::ptr::eq(*c, b))
                .map_or_else(|| is_key_label(&b.text), |i| key_cells[i])
        };
        // Each label and the extent of the children it heads, if it is a parent.
        let mut spans: Vec<Option<(usize, usize)>> = Vec::with_capacity(labels.len());
        // (whether the span is the split code under the label's cell)
        let mut by_code_run: Vec<bool> = Vec::with_capacity(labels.len());
        for (i, &(k, a)) in labels.iter().enumerate() {
            if let Some(&(_, extent)) = over_groups.iter().find(|(p, _)| std::ptr::eq(*p, a)) {
                spans.push(Some(extent));
                by_code_run.push(false);
                continue;
            }
            // The region a label may be centred over: up to halfway to its neighbours,
            // or up to a neighbour of the other kind itself (项目 | 收入预算: the key
            // columns' group ends where the amounts' group begins, not halfway).
            let key = is_key(a);
            // 收入 | 支出 head the two halves of a summary table, keys and amounts both.
            let halves = matches!(a.text.as_str(), "收入" | "支出");
            let bound = |b: &Atom, edge: usize| {
                if halves && matches!(b.text.as_str(), "收入" | "支出") {
                    let lower = labels.iter().filter(|(j, _)| *j > k).map(|(_, c)| *c);
                    split_between_halves(a, b, lower)
                } else if halves || is_key(b) == key {
                    (b.center() + a.center()) / 2.0
                } else {
                    edge as f64
                }
            };
            let left = labels
                .iter()
                .filter(|(j, b)| *j == k && b.end <= a.start)
                .map(|(_, b)| bound(b, b.end))
                .fold(f64::NEG_INFINITY, f64::max);
            let right = labels
                .iter()
                .filter(|(j, b)| *j == k && b.start >= a.end)
                .map(|(_, b)| bound(b, b.start))
                .fold(f64::INFINITY, f64::min);
            // A lower label continuing a cell that starts on this line or above (a
            // wrapped neighbour) is not a child: the one label of its line under it
            // (two side by side under it are its children, 类 | 款).
            let continues = |j: usize, b: &Atom| {
                labels.iter().any(|(i, c)| {
                    *i <= k
                        && may_continue(j - *i, b)
                        && !std::ptr::eq(*c, a)
                        && c.overlap(b.start, b.end) > 0
                        && !labels.iter().any(|(h, d)| {
                            *h == j && !std::ptr::eq(*d, b) && c.overlap(d.start, d.end) > 0
                        })
                })
            };
            let below: Vec<(usize, &Atom)> = labels
                .iter()
                .filter(|(j, b)| {
                    *j > k
                        && b.center() > left
                        && b.center() < right
                        && !continues(*j, b)
                        && (halves || is_key(b) == key)
                })
                .copied()
                .collect();
            let cell_text = |b: &Atom| {
                labels
                    .iter()
                    .position(|(_, c)| std::ptr::eq(*c, b))
                    .map_or_else(|| b.text.clone(), |i| cell_texts[i].clone())
            };
            let (below, fenced) = within_group(a, below, &cell_text);
            // (A classification's name heads its code's parts whatever it is called:
            // "部门预算支出" over 类 | 款 names no key, but the parts are its.)
            let code_run = if key {
                code_parts_under(a, &below, &labels)
            } else if names_classification(&cell_texts[i]) {
                let parts: Vec<(usize, &Atom)> =
                    labels.iter().filter(|(j, _)| *j > k).copied().collect();
                code_parts_under(a, &parts, &labels)
            } else {
                None
            };
            // A label merged down the header beside the parent stands higher than
            // the parent's children, between the two rows (合计 beside 本年收入):
            // centring is tried first on the lines of the label nearest below the
            // parent's middle and lower.
            let nearest = below
                .iter()
                .min_by(|x, y| {
                    (x.1.center() - a.center())
                        .abs()
                        .total_cmp(&(y.1.center() - a.center()).abs())
                })
                .map_or(0, |(j, _)| *j);
            let lowest: Vec<&Atom> = below
                .iter()
                .filter(|(j, _)| *j >= nearest)
                .map(|(_, b)| *b)
                .collect();
            // On the header's top line beside a neighbour of the other kind, the region
            // is the group's own (项目 over the key columns up to 支出预算 over the
            // amounts): all of it, however the converter shifted the label. Otherwise
            // the label spans the children it is centred over.
            let top = labels.iter().map(|(j, _)| *j).min() == Some(k);
            // The neighbour of the other kind heads a group of its own below it.
            let beside = |line: usize| {
                labels.iter().any(|(j, b)| {
                    let other = is_key(b);
                    let left_of_a = b.end <= a.start;
                    *j == line
                        && !std::ptr::eq(*b, a)
                        && (left_of_a || b.start >= a.end)
                        && other != key
                        && labels.iter().any(|(i, c)| {
                            *i > k
                                && is_key(c) == other
                                && (c.center() < a.start as f64) == left_of_a
                        })
                })
            };
            let beside_other = !halves && top && beside(k);
            // Beside the key columns' label, a label centred over the lowest line's
            // labels heads just those when every other candidate stands higher, a cell
            // merged down beside the group (本年支出 over 小计 | 基本支出 | 项目支出, with
            // 年初结转和结余 and 本年收入 standing between the rows to its left).
            let centred_beside_merged = beside_other
                .then(|| centred_over(a, lowest.clone()))
                .flatten()
                .filter(|&(start, end)| {
                    let outside = |b: &Atom| b.end <= start || b.start >= end;
                    let top_inside = below
                        .iter()
                        .filter(|(_, b)| !outside(b))
                        .map(|(j, _)| *j)
                        .min();
                    below.iter().any(|(_, b)| outside(b))
                        && below
                            .iter()
                            .all(|&(j, b)| !outside(b) || top_inside.is_some_and(|t| j < t))
                });
            let below: Vec<&Atom> = below.iter().map(|(_, b)| *b).collect();
            // A label no wider just under this one, within its width and alone among
            // the candidate children of its line, is the rest of its cell: a wrapped
            // label, not a parent.
            let wrapped = labels.iter().any(|(j, b)| {
                *j > k
                    && may_continue(*j - k, b)
                    && b.start >= a.start
                    && b.end <= a.end
                    && b.end - b.start <= a.end - a.start
                    && !below.iter().any(|c| {
                        labels.iter().any(|(i, d)| *i == *j && std::ptr::eq(*d, *c))
                            && !std::ptr::eq(*c, *b)
                    })
                    && !is_expenditure_group(&b.text)
            });
            // A key's cell merged down the header prints its label a line lower: beside
            // such a key, the only group of its kind on the top line heads all of its
            // side when it is centred over no part of it (本年政府性基金预算支出 over
            // 合计 | 基本支出 | 项目支出, shifted right of their middle).
            let alone = !labels
                .iter()
                .any(|(j, b)| *j == k && !std::ptr::eq(*b, a) && is_key(b) == key);
            // (The end of a sentence over a table is no label.)
            let sentence = a.text.ends_with(['。', '；', '，', ',', ';']);
            let beside_lower_key = !halves && top && alone && !sentence && beside(k + 1);
            // 收入 beside 支出 on one line: each heads all of its side, however far the
            // converter shifted it from the middle.
            let paired_halves = halves
                && labels.iter().any(|(j, b)| {
                    *j == k && !std::ptr::eq(*b, a) && matches!(b.text.as_str(), "收入" | "支出")
                });
            let spanned = if code_run.is_some() {
                code_run
            } else if centred_beside_merged.is_some() {
                centred_beside_merged
            } else if beside_other || fenced || paired_halves {
                spread_under(&below)
            } else {
                centred_over(a, lowest)
                    .or_else(|| centred_over(a, below.clone()))
                    .or_else(|| spread_under(&below).filter(|_| beside_lower_key))
            };
            by_code_run.push(code_run.is_some());
            // (A cell over a split code heads it from its first line, wrapped or not.)
            spans.push(spanned.filter(|_| !wrapped || code_run.is_some()));
        }
        // The lower line of a wrapped label goes with its first: a parent when what it
        // heads lies under their cell (部门预算经济分类科目 over 编码, over 类 | 款), else
        // a leaf (部门预算支出经济分类 over 科目, which only stands between one group's
        // 款 and the next group's 类).
        for i in 0..labels.len() {
            let Some((start, end)) = spans[i] else {
                continue;
            };
            let (k, a) = labels[i];
            let upper_lines: Vec<usize> = (0..labels.len())
                .filter(|&u| {
                    let (j, b) = labels[u];
                    spans[u].is_none()
                        && j < k
                        && may_continue(k - j, a)
                        && b.start <= a.start
                        && a.end <= b.end
                })
                .collect();
            // (A split code under the cell is the cell's, wherever the converter put it.)
            let under_cell = by_code_run[i]
                || upper_lines.iter().all(|&u| {
                    let b = labels[u].1;
                    b.start <= start + 1 && end <= b.end + 1
                });
            for &u in &upper_lines {
                if under_cell {
                    spans[u] = Some((start, end));
                } else {
                    spans[i] = None;
                }
            }
        }
        // And the lower lines of a cell over a split code go with its first, however
        // far their words stand off the code and whatever they seemed to head on their
        // own (政府预算支出 / 经济分类科目 / 编码).
        for i in 0..labels.len() {
            let Some(span) = spans[i].filter(|_| by_code_run[i]) else {
                continue;
            };
            let (k, a) = labels[i];
            for u in 0..labels.len() {
                let (j, b) = labels[u];
                if !by_code_run[u]
                    && j > k
                    && may_continue(j - k, b)
                    && !is_code_part_label(&b.text)
                    && a.start <= b.start
                    && b.end <= a.end
                {
                    spans[u] = Some(span);
                }
            }
        }
        let mut parents: Vec<(usize, Atom)> = Vec::new();
        let mut leaves: Vec<(usize, Atom)> = Vec::new();
        for (i, &(k, a)) in labels.iter().enumerate() {
            match spans[i] {
                Some((start, end)) => parents.push((
                    k,
                    Atom {
                        start,
                        end,
                        text: a.text.clone(),
                        letters: Vec::new(),
                    },
                )),
                None => leaves.push((k, a.clone())),
            }
        }
        // (A 类, 款 or 项 under a label that names no key is a split code's part
        // shifted under a neighbour, not the label's last line.)
        let mut leaves = stack(leaves, |a, b| {
            a.overlap(b.start, b.end) > 0 && (!is_code_part_label(&b.text) || is_key_label(&a.text))
        });
        move_past_split_codes(&mut leaves);
        Header {
            parents: stack(parents, |a, b| (a.start, a.end) == (b.start, b.end)),
            leaves,
        }
    }

    /// Lays the header over the body's columns. Each leaf names the body column nearest
    /// it (values stand right-aligned, labels centred: they need not overlap); of
    /// several leaves nearest one column the closest names it, and the others, like a
    /// leaf over no value at all, are columns of their own that hold no value. Returns
    /// the columns left to right, where each body column went, and each leaf's column.
    fn fit(&self, body: &Columns, kinds: &[ColumnKind]) -> (Columns, Vec<usize>, Vec<usize>) {
        // 类 and 款 side by side mark a code split over columns (a lone 项 may be half of
        // a letter-spaced 项目).
        let split_code = ["类", "款"]
            .iter()
            .all(|part| self.leaves.iter().any(|l| l.text == *part));
        let distance = |a: &Atom, j: usize| {
            let c = body[j];
            match kinds[j] {
                // Amounts stand right-aligned in their cells: a label centred right of
                // a column of amounts is over another cell.
                ColumnKind::Amounts if (a.start + a.end) / 2 > c.1 + 1 => return None,
                // A column of codes is not the one a name label heads, and 类, 款 and
                // 项 head nothing but the parts of codes.
                ColumnKind::Codes if is_name_label(&a.text) => return None,
                ColumnKind::Amounts | ColumnKind::Other
                    if split_code && is_code_part_label(&a.text) =>
                {
                    return None;
                }
                _ => {}
            }
            let gap = if a.end <= c.0 {
                c.0 - a.end
            } else {
                a.start.saturating_sub(c.1)
            };
            // Between labels equally near a column, one of its kind (a key label over
            // codes or names, another over amounts), then more labels matched, then the
            // one centred nearer it.
            let other_kind = is_key_label(&a.text) == (kinds[j] == ColumnKind::Amounts);
            // Amounts stand right-aligned: their cell reaches left of the widest
            // towards the column before (up to the amounts' own width again).
            let cell_start = match kinds[j] {
                ColumnKind::Amounts if j > 0 => {
                    body[j - 1].1.clamp(c.0.saturating_sub(c.1 - c.0), c.0)
                }
                _ => c.0,
            };
            let centres = (a.start + a.end).abs_diff(cell_start + c.1);
            Some((gap, usize::from(other_kind), 0, centres))
        };
        let named = self.match_in_order(body, distance);
        // (position, Ok(body column) or Err(leaf)), sorted left to right.
        let mut order: Vec<((usize, usize), Result<usize, usize>)> =
            body.iter().enumerate().map(|(j, &c)| (c, Ok(j))).collect();
        for (i, leaf) in self.leaves.iter().enumerate() {
            if !named.contains(&Some(i)) {
                order.push(((leaf.start, leaf.end), Err(i)));
            }
        }
        order.sort_by(|a, b| {
            let mid = |c: (usize, usize)| c.0 + c.1;
            mid(a.0).cmp(&mid(b.0))
        });
        let columns: Columns = order.iter().map(|(c, _)| *c).collect();
        let mut body_at = vec![0; body.len()];
        let mut leaf_at = vec![0; self.leaves.len()];
        for (k, (_, who)) in order.iter().enumerate() {
            match *who {
                Ok(j) => {
                    body_at[j] = k;
                    if let Some(i) = named[j] {
                        leaf_at[i] = k;
                    }
                }
                Err(i) => leaf_at[i] = k,
            }
        }
        (columns, body_at, leaf_at)
    }

    /// Which leaf names each body column: leaves and columns matched in their left-to-
    /// right order, at the least total distance, a leaf left unmatched (a column of its
    /// own) at a fixed cost. A converter shifts narrow labels (类 款 over codes) away from
    /// their columns; their order it keeps.
    fn match_in_order(
        &self,
        body: &Columns,
        distance: impl Fn(&Atom, usize) -> Option<Cost>,
    ) -> Vec<Option<usize>> {
        // Costs are compared as tuples: total gap first, then the tie-breakers.
        const UNMATCHED: Cost = (12, 0, 1, 0);
        let add = |a: Cost, b: Cost| (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3);
        let mut leaves: Vec<usize> = (0..self.leaves.len()).collect();
        leaves.sort_by(|&a, &b| self.leaves[a].center().total_cmp(&self.leaves[b].center()));
        let (n, m) = (leaves.len(), body.len());
        // cost[i][j]: the least cost of the first i leaves over the first j columns.
        let mut cost: Vec<Vec<Option<Cost>>> = vec![vec![None; m + 1]; n + 1];
        cost[0][0] = Some((0, 0, 0, 0));
        let improve = |slot: &mut Option<Cost>, c: Cost| {
            if slot.is_none_or(|s| c < s) {
                *slot = Some(c);
            }
        };
        for i in 0..=n {
            for j in 0..=m {
                let Some(here) = cost[i][j] else {
                    continue;
                };
                if j < m {
                    improve(&mut cost[i][j + 1], here);
                }
                if i < n {
                    improve(&mut cost[i + 1][j], add(here, UNMATCHED));
                    if let Some(d) = (j < m)
                        .then(|| distance(&self.leaves[leaves[i]], j))
                        .flatten()
                    {
                        improve(&mut cost[i + 1][j + 1], add(here, d));
                    }
                }
            }
        }
        // Walk back from the end, taking a step that accounts for the cost.
        let mut named = vec![None; m];
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let here = cost[i][j];
            if i > 0 && j > 0 {
                let matched = distance(&self.leaves[leaves[i - 1]], j - 1)
                    .zip(cost[i - 1][j - 1])
                    .is_some_and(|(d, before)| Some(add(before, d)) == here);
                if matched {
                    named[j - 1] = Some(leaves[i - 1]);
                    i -= 1;
                    j -= 1;
                    continue;
                }
            }
            if j > 0 && cost[i][j - 1] == here {
                j -= 1;
            } else {
                i -= 1;
            }
        }
        named
    }

    /// The header's rows, as a merged header reaches a tab-separated export: each label
    /// in the first column of its span, a parent on the row of its depth, and a leaf on
    /// the first row below every parent over it (a label merged down the whole header,
    /// like 合计 beside 本年收入, stands on the top row).
    fn rows(&self, width: usize, leaf_at: &[usize]) -> Vec<Vec<String>> {
        // Each parent's columns: those of the leaves under its extent. A key label over
        // a split code heads its parts, not an amount's label shifted under its edge.
        let spans: Vec<Option<(usize, usize)>> = self
            .parents
            .iter()
            .map(|p| {
                let within = |l: &Atom| l.center() >= p.start as f64 && l.center() <= p.end as f64;
                let over_code = is_key_label(&p.text)
                    && self
                        .leaves
                        .iter()
                        .any(|l| within(l) && is_code_part_label(&l.text));
                let under = self
                    .leaves
                    .iter()
                    .zip(leaf_at)
                    .filter(|(l, _)| within(l) && (!over_code || is_key_label(&l.text)))
                    .map(|(_, &k)| k);
                let first = under.clone().min()?;
                Some((first, under.max()?))
            })
            .collect();
        let depth = |i: usize| {
            let p = &self.parents[i];
            self.parents
                .iter()
                .filter(|q| {
                    q.start <= p.start && p.end <= q.end && (q.start, q.end) != (p.start, p.end)
                })
                .count()
        };
        let mut placed: Vec<(usize, usize, &str)> = Vec::new();
        for (i, p) in self.parents.iter().enumerate() {
            if let Some((first, _)) = spans[i] {
                placed.push((depth(i), first, &p.text));
            }
        }
        for (leaf, &k) in self.leaves.iter().zip(leaf_at) {
            let over = spans
                .iter()
                .filter(|s| s.is_some_and(|(a, b)| a <= k && k <= b))
                .count();
            placed.push((over, k, &leaf.text));
        }
        let height = placed.iter().map(|p| p.0 + 1).max().unwrap_or(0);
        let mut rows = vec![vec![String::new(); width]; height];
        for (row, k, text) in placed {
            join(&mut rows[row][k], text);
        }
        rows
    }
}

/// The labels of a header's top line that head side-by-side repetitions of one group of
/// columns (人员经费 over 科目编码 | 科目名称 | 金额, 公用经费 over the same again), each
/// with the extent of the groups it heads. A converter shifts such labels off the
/// middle of their groups, so they are not found by centring: the groups are split
/// where a key label follows an amount label, and the top labels, in order, share the
/// groups out in runs whose middles lie nearest them. Empty unless the top line holds
/// two or more labels, none of them a key, and there are at least as many groups.
fn parents_of_repeated_groups<'a>(labels: &[(usize, &'a Atom)]) -> Vec<(&'a Atom, (usize, usize))> {
    let Some(top) = labels.iter().map(|(k, _)| *k).min() else {
        return Vec::new();
    };
    let mut heads: Vec<&Atom> = labels
        .iter()
        .filter(|(k, _)| *k == top)
        .map(|(_, a)| *a)
        .collect();
    heads.sort_by_key(|a| a.start);
    let halves = heads
        .iter()
        .any(|a| matches!(a.text.as_str(), "收入" | "支出"));
    if heads.len() < 2 || halves || heads.iter().any(|a| is_key_label(&a.text)) {
        return Vec::new();
    }
    let mut below: Vec<&Atom> = labels
        .iter()
        .filter(|(k, _)| *k > top)
        .map(|(_, a)| *a)
        .collect();
    below.sort_by_key(|a| (a.start, a.end));
    // Pieces of a key label wrapped over lines ("经济分类" over "科目编码") count as
    // the key.
    let keyish = |a: &Atom| {
        is_key_label(&a.text)
            || below
                .iter()
                .any(|b| is_key_label(&b.text) && b.overlap(a.start, a.end) > 0)
    };
    let mut groups: Vec<(usize, usize)> = Vec::new();
    // The first label of each group.
    let mut firsts: Vec<&Atom> = Vec::new();
    let mut after_amount = true;
    for a in &below {
        let key = keyish(a);
        match groups.last_mut() {
            Some(g) if !(key && after_amount) => g.1 = g.1.max(a.end),
            _ if key => {
                groups.push((a.start, a.end));
                firsts.push(a);
            }
            _ => {}
        }
        after_amount = !key;
    }
    // A head with an amount label under it is the first line of a wrapped label
    // ("部门预算" over "支出经济" over "科目编码") or heads that label alone; a head
    // over a group's first label is that label's first line ("经济分类" over
    // "科目编码").
    // Under a head: more than half the narrower of the two overlaps.
    let under =
        |h: &Atom, b: &Atom| 2 * b.overlap(h.start, h.end) > (h.end - h.start).min(b.end - b.start);
    let wrapped_top = heads.iter().any(|h| {
        below.iter().any(|b| !is_key_label(&b.text) && under(h, b))
            || firsts.iter().any(|f| under(h, f))
    });
    if groups.len() < heads.len() || wrapped_top {
        return Vec::new();
    }
    // best[i][j]: least total distance sharing the first j groups among the first i
    // heads, and where head i-1's run started.
    let (n, m) = (heads.len(), groups.len());
    let middle = |from: usize, to: usize| (groups[from].0 + groups[to - 1].1) as f64 / 2.0;
    let mut best = vec![vec![(f64::INFINITY, 0); m + 1]; n + 1];
    best[0][0] = (0.0, 0);
    for i in 1..=n {
        for j in i..=m {
            for from in (i - 1)..j {
                let cost = best[i - 1][from].0 + (middle(from, j) - heads[i - 1].center()).abs();
                if cost < best[i][j].0 {
                    best[i][j] = (cost, from);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut j = m;
    for i in (1..=n).rev() {
        let from = best[i][j].1;
        out.push((heads[i - 1], (groups[from].0, groups[j - 1].1)));
        j = from;
    }
    out
}

/// A label of a key column (code, name, 项目, 序号, 类/款/项) rather than of amounts: a
/// merged parent over key columns never spans amounts, nor the other way round.
fn is_key_label(text: &str) -> bool {
    ["编码", "名称", "科目", "代码", "序号"]
        .iter()
        .any(|w| text.contains(w))
        || text == "项目"
        || is_code_part_label(text)
}

/// A label over subjects' names: 科目名称, or a classification's 科目 without 编码
/// (部门预算支出经济分类科目).
fn is_name_label(text: &str) -> bool {
    text.contains("名称")
        || text.ends_with("科目") && !["编码", "代码"].iter().any(|w| text.contains(w))
}

/// Letter-spaced characters two of which stand under different cells of the lines
/// just above are those cells' last lines, not one label: "基本支 项目支" over
/// "出      出" (joined as one spaced word) wraps two labels.
fn part_letters_under_cells(line: &[Atom], upper: &[&Atom]) -> Vec<Atom> {
    let mut out = Vec::with_capacity(line.len());
    for a in line {
        let cell_of = |&(start, end): &(usize, usize)| {
            upper.iter().position(|u| u.start <= start && end <= u.end)
        };
        let mut cells: Vec<usize> = a.letters.iter().filter_map(cell_of).collect();
        cells.dedup();
        let parted = cells.len() >= 2;
        if !parted {
            out.push(a.clone());
            continue;
        }
        for (&(start, end), c) in a.letters.iter().zip(a.text.chars()) {
            out.push(Atom {
                start,
                end,
                text: c.to_string(),
                letters: Vec::new(),
            });
        }
    }
    out
}

/// 基本支出 and 项目支出 name the two groups of a budget's spending: under another label
/// they are its children (上年结转结余 over 基本支出), never its wrapped last line.
fn is_expenditure_group(text: &str) -> bool {
    matches!(text, "基本支出" | "项目支出")
}

/// A row's name numbered as in a list: "15、资源勘探工业", "（9）对社会保障",
/// "(十一)节能环保支出", "一、".
fn is_numbered_name(text: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let rest = if let Some(r) = text.strip_prefix(['(', '（']) {
        let digits = r.trim_start_matches(numeral);
        if digits.len() == r.len() {
            return false;
        }
        match digits.strip_prefix([')', '）']) {
            Some(r) => r,
            None => return false,
        }
    } else {
        let r = text.trim_start_matches(numeral);
        if r.len() == text.len() {
            return false;
        }
        match r.strip_prefix('、') {
            Some(r) => r,
            None => return false,
        }
    };
    rest.chars().next().is_some_and(is_cjk)
}

/// A label naming a classification of subjects rather than a column of values:
/// 部门预算支出, 政府预算支出, 支出功能分类, 经济分类.
fn names_classification(text: &str) -> bool {
    text.contains("分类") || text.ends_with("预算支出")
}

/// 类, 款 or 项: the label over one part of a code split over columns.
fn is_code_part_label(text: &str) -> bool {
    matches!(text, "类" | "款" | "项")
}

/// Column numbers, 栏次/行次 and 类/款/项 markers stand in a header without naming a
/// column.
fn is_header_furniture(text: &str) -> bool {
    is_numeric(text) || matches!(text, "栏次" | "行次" | "栏号" | "类款项")
}

/// The labels below a parent that its group can hold, and whether a 财政拨款 group was
/// fenced in by setting some aside. A group never holds its siblings: a 财政拨款 group
/// not the other sources of funds (财政专户管理资金, 单位资金, 事业收入 …), a 基本支出
/// group not 项目支出 nor the other way round; a sibling, and everything past it,
/// stands beside the group. And a group with a total of its own (a 小计 no label
/// between heads; in a 财政拨款 group also a 合计 or 金额 inside its labels) leaves a
/// 合计 or 总计 at the edge of its labels to the table: merged down beside the group,
/// it prints between the group's label and its children.
fn within_group<'a>(
    parent: &Atom,
    mut below: Vec<(usize, &'a Atom)>,
    cell_text: &dyn Fn(&Atom) -> String,
) -> (Vec<(usize, &'a Atom)>, bool) {
    const OTHER_SOURCES: [&str; 9] = [
        "财政专户",
        "单位资金",
        "事业收入",
        "经营收入",
        "上级补助",
        "附属单位",
        "其他收入",
        "结转",
        "结余",
    ];
    let before = below.len();
    // (Labels are read with the lines wrapped under them: "项目支" over "出".)
    let sibling_of = |parent: &str, b: &Atom| {
        let text = cell_text(b);
        let names = |w: &str| text.contains(w);
        if parent.contains("财政拨款") {
            !names("财政拨款") && OTHER_SOURCES.iter().any(|w| names(w))
        } else if parent.contains("基本支出") {
            names("项目支出") && !names("基本支出")
        } else if parent.contains("项目支出") {
            names("基本支出") && !names("项目支出")
        } else {
            false
        }
    };
    let sibling = |b: &Atom| sibling_of(&parent.text, b);
    let middle = parent.center();
    let siblings: Vec<f64> = below
        .iter()
        .filter(|(_, b)| sibling(b))
        .map(|(_, b)| b.center())
        .collect();
    let left = siblings
        .iter()
        .copied()
        .filter(|&c| c < middle)
        .fold(f64::NEG_INFINITY, f64::max);
    let right = siblings
        .iter()
        .copied()
        .filter(|&c| c >= middle)
        .fold(f64::INFINITY, f64::min);
    below.retain(|(_, b)| left < b.center() && b.center() < right);
    let is_total = |b: &Atom| matches!(b.text.as_str(), "合计" | "总计");
    // The group's own 小计, unless a label between heads it (基本支出 over 小计 | 人员经费
    // under 预算数, whose 合计 is its own). The lower lines of wrapped labels are no
    // children.
    let wrapped = |h: usize, d: &Atom| {
        below
            .iter()
            .any(|&(e, f)| e < h && may_continue(h - e, d) && f.overlap(d.start, d.end) > 0)
    };
    let own_subtotal = below.iter().any(|&(j, b)| {
        b.text == "小计"
            && !below.iter().any(|&(i, c)| {
                // (A label's siblings merged down beside it are not its children.)
                let children = || {
                    below
                        .iter()
                        .filter(|&&(h, d)| h > i && !wrapped(h, d) && !sibling_of(&c.text, d))
                        .map(|(_, d)| *d)
                        .collect()
                };
                i < j
                    && !is_total(c)
                    && centred_over(c, children())
                        .is_some_and(|(start, end)| start <= b.start && b.end <= end)
            })
    });
    let first = below.iter().map(|(_, b)| b.start).min();
    let last = below.iter().map(|(_, b)| b.end).max();
    let at_edge = |b: &Atom| Some(b.start) == first || Some(b.end) == last;
    // Or, in a 财政拨款 group, a total of its own (小计, 合计, 金额) inside its labels.
    let inner_total = parent.text.contains("财政拨款")
        && below
            .iter()
            .any(|(_, b)| matches!(b.text.as_str(), "小计" | "合计" | "金额") && !at_edge(b));
    if own_subtotal || inner_total {
        below.retain(|(_, b)| !(is_total(b) && at_edge(b)));
    }
    // A 财政拨款 group whose siblings or the table's total were set aside spans what
    // is left, however the converter shifted its label.
    let fenced = parent.text.contains("财政拨款") && below.len() < before;
    (below, fenced)
}

/// The split code a key label heads: the 类 under its cell and the 款 (and 项) beside
/// it on that line, up to the next 类. A converter may shift the cell off their middle,
/// or print a neighbouring classification's cell on lines between the cell's own
/// (部门预算支出 | 政府预算支出 over 类 款 | 类 款), so it is neither centred over its
/// parts nor alone above them; standing over the 类 decides.
fn code_parts_under(
    a: &Atom,
    below: &[(usize, &Atom)],
    labels: &[(usize, &Atom)],
) -> Option<(usize, usize)> {
    let &(line, first) = below
        .iter()
        .filter(|(_, b)| b.text == "类" && b.start < a.end && a.start < b.end)
        .min_by_key(|(j, _)| *j)?;
    // (The 款 may stand past the cell's neighbour on the cell's own line.)
    let mut parts: Vec<&Atom> = labels
        .iter()
        .filter(|(j, b)| *j == line && is_code_part_label(&b.text) && b.start > first.start)
        .map(|(_, b)| *b)
        .collect();
    parts.sort_by_key(|b| b.start);
    let last = parts.iter().take_while(|b| b.text != "类").last()?;
    Some((first.start, last.end))
}

/// No column stands inside a code split over columns: a label of amounts centred
/// between a 类 and its 款 ("类 款 类 预算金额 款") was shifted there by the converter from
/// past the code's last part, where it goes back, keeping its width.
fn move_past_split_codes(leaves: &mut [Atom]) {
    let mut parts: Vec<(usize, usize, &str)> = leaves
        .iter()
        .filter(|l| is_code_part_label(&l.text))
        .map(|l| (l.start, l.end, if l.text == "类" { "类" } else { "" }))
        .collect();
    parts.sort_unstable();
    // (first part's start, last part's end) of each run from a 类 to before the next
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (start, end, text) in parts {
        match runs.last_mut() {
            Some(run) if text.is_empty() => run.1 = end,
            _ if text == "类" => runs.push((start, end)),
            _ => {}
        }
    }
    for leaf in leaves.iter_mut() {
        if is_key_label(&leaf.text) {
            continue;
        }
        if let Some(&(_, run_end)) = runs
            .iter()
            .find(|(s, e)| (*s as f64) < leaf.center() && leaf.center() < (*e as f64))
        {
            let width = leaf.end - leaf.start;
            leaf.start = run_end + 1;
            leaf.end = leaf.start + width;
        }
    }
}

/// The extent of the lower labels, if two or more of them stand side by side.
fn spread_under(below: &[&Atom]) -> Option<(usize, usize)> {
    let apart = below.iter().any(|a| below.iter().any(|b| a.end <= b.start));
    if !apart {
        return None;
    }
    let start = below.iter().map(|b| b.start).min()?;
    let end = below.iter().map(|b| b.end).max()?;
    Some((start, end))
}

/// Where the columns under 收入 end and those under 支出 begin, for the halves labels
/// `a` and `b` over the `lower` labels: of the cuts between two neighbouring lower
/// labels that lie between the two, the one that leaves each half's label nearest the
/// middle of its side. (Halfway between the two labels, a side whose first column is
/// wide loses it to the other: "支出功能分科目" under a 支出 centred over three pairs
/// of columns.) Halfway between them when no lower label lies between.
fn split_between_halves<'a>(a: &Atom, b: &Atom, lower: impl Iterator<Item = &'a Atom>) -> f64 {
    let (left, right) = if a.center() < b.center() {
        (a, b)
    } else {
        (b, a)
    };
    let mut lower: Vec<&Atom> = lower.collect();
    lower.sort_by(|x, y| x.center().total_cmp(&y.center()));
    let halfway = (a.center() + b.center()) / 2.0;
    let cost = |cut: usize| {
        let (l, r) = lower.split_at(cut);
        let off = |side: &[&Atom], label: &Atom| {
            let start = side.iter().map(|c| c.start).min().unwrap_or(0);
            let end = side.iter().map(|c| c.end).max().unwrap_or(0);
            ((start + end) as f64 / 2.0 - label.center()).abs()
        };
        off(l, left) + off(r, right)
    };
    (1..lower.len())
        .filter(|&cut| {
            lower[cut - 1].center() > left.center() && lower[cut].center() < right.center()
        })
        .min_by(|&x, &y| cost(x).total_cmp(&cost(y)))
        .map_or(halfway, |cut| {
            (lower[cut - 1].center() + lower[cut].center()) / 2.0
        })
}

/// The extent of the lower labels that `label` is centred over, if it is centred over
/// two or more side by side: then it is their merged parent. Labels at the ends of its
/// region are dropped until the rest is centred under it.
fn centred_over(label: &Atom, mut below: Vec<&Atom>) -> Option<(usize, usize)> {
    below.sort_by_key(|b| (b.start, b.end));
    loop {
        let (start, end) = spread_under(&below)?;
        let middle = (start + end) as f64 / 2.0;
        let tolerance = (0.1 * (end - start) as f64).max(2.5);
        if (middle - label.center()).abs() <= tolerance
            && label.start + 1 >= start
            && label.end <= end + 1
        {
            return Some((start, end));
        }
        // Drop the farthest label on the side the extent leans to.
        let farthest = if middle > label.center() {
            below.iter().enumerate().max_by_key(|(_, b)| b.end)
        } else {
            below.iter().enumerate().min_by_key(|(_, b)| b.start)
        };
        let drop = farthest.map(|(i, _)| i)?;
        below.remove(drop);
    }
}

/// Joins labels stacked in one cell over consecutive lines (a label wrapped in its
/// cell): `same_cell` says whether two labels of nearby lines share the cell.
fn stack(mut labels: Vec<(usize, Atom)>, same_cell: impl Fn(&Atom, &Atom) -> bool) -> Vec<Atom> {
    labels.sort_by_key(|(k, a)| (*k, a.start));
    let mut out: Vec<(usize, Atom)> = Vec::new();
    for (k, a) in labels {
        let above = out
            .iter_mut()
            .rev()
            .find(|(j, b)| *j < k && may_continue(k - *j, &a) && same_cell(b, &a));
        match above {
            Some((j, b)) => {
                join(&mut b.text, &a.text);
                b.start = b.start.min(a.start);
                b.end = b.end.max(a.end);
                *j = k;
            }
            None => out.push((k, a)),
        }
    }
    out.into_iter().map(|(_, a)| a).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line with each text starting at its character position, as pdftotext lays
    /// them out.
    fn at(parts: &[(usize, &str)]) -> String {
        let mut line = String::new();
        for (pos, text) in parts {
            let len = line.chars().count();
            line.push_str(&" ".repeat(pos.saturating_sub(len).max(usize::from(len > 0))));
            line.push_str(text);
        }
        line
    }

    fn page(lines: &[String]) -> Vec<Vec<String>> {
        let lines: Vec<String> = lines.iter().map(|l| crate::text::normalize(l)).collect();
        lay_out_page(&lines, &mut None)
            .into_iter()
            .map(|(cells, _)| cells)
            .collect()
    }

    /// A laid-out line's cells that hold something.
    fn filled_cells(cells: &[String]) -> Vec<&str> {
        cells
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect()
    }

    fn words(line: &str) -> Vec<String> {
        atoms(line).into_iter().map(|a| a.text).collect()
    }

    #[test]
    fn words_keep_letter_spacing_and_split_glued_numbers() {
        assert_eq!(words("  项   目     预算数"), ["项目", "预算数"]);
        assert_eq!(words("  合       计"), ["合计"]);
        assert_eq!(words("类  款  项"), ["类", "款", "项"]);
        // A line of single characters spreads each label over its cell (xian 收支总表).
        assert_eq!(
            words(&at(&[(10, "收"), (25, "入"), (70, "支"), (90, "出")])),
            ["收入", "支出"]
        );
        // Two letter-spaced labels in a row part where the gap is twice those beside
        // it (chongqing 收支总表).
        assert_eq!(
            words("      项    目           预 算 数                     项    目        预 算 数"),
            ["项目", "预算数", "项目", "预算数"]
        );
        // Beside other words, single characters that far apart stay apart.
        assert_eq!(
            words(&at(&[(0, "收"), (15, "入"), (30, "预算数")])),
            ["收", "入", "预算数"]
        );
        assert_eq!(
            words("96,282.44一、公共安全支出 Total sum"),
            ["96,282.44", "一、公共安全支出", "Total sum"]
        );
    }

    #[test]
    fn cells_one_space_apart_stand_in_their_columns() {
        // beijing-ecology 预算01表: an amount, one space, the next column's name.
        let rows = page(&[
            "预算01表 收支总表".into(),
            at(&[
                (7, "项   目"),
                (25, "预算数"),
                (40, "项   目"),
                (56, "预算数"),
            ]),
            at(&[
                (0, "一、财政拨款收入"),
                (26, "85,185.29"),
                (36, "一、一般公共服务支出"),
            ]),
            at(&[
                (0, "二、事业收入"),
                (27, "7,836.15"),
                (36, "二、教育支出"),
                (58, "109.07"),
            ]),
            at(&[(36, "三、科学技术支出"), (55, "23,265.02")]),
        ]);
        assert_eq!(rows[1], ["项目", "预算数", "项目", "预算数"]);
        assert_eq!(
            rows[2],
            ["一、财政拨款收入", "85,185.29", "一、一般公共服务支出", ""]
        );
        assert_eq!(rows[4], ["", "", "三、科学技术支出", "23,265.02"]);
    }

    #[test]
    fn of_two_labels_touching_one_column_of_amounts_the_nearer_centred_names_it() {
        // yantai 收入总体情况表: wrapped labels squeezed together over right-aligned
        // amounts that reach under both.
        let rows = page(&[
            "公开表2 收入总体情况表".into(),
            at(&[
                (0, "科目名称"),
                (14, "合计"),
                (39, "一般公共预"),
                (45, "政府性基金"),
                (51, "其他收入"),
            ]),
            at(&[(40, "算收入"), (45, "预算收入")]),
            at(&[(0, "行政运行"), (12, "1,073.45"), (39, "1,073.45")]),
            at(&[
                (0, "一般行政管理事务"),
                (14, "941.00"),
                (41, "921.00"),
                (53, "20.00"),
            ]),
            at(&[
                (0, "其他社会保障"),
                (13, "32,350.90"),
                (39, "32,176.90"),
                (54, "1.00"),
            ]),
        ]);
        assert_eq!(
            rows[2],
            [
                "科目名称",
                "合计",
                "一般公共预算收入",
                "政府性基金预算收入",
                "其他收入"
            ]
        );
        assert_eq!(rows[3], ["行政运行", "1,073.45", "1,073.45", "", ""]);
    }

    #[test]
    fn a_name_label_does_not_head_a_column_of_codes() {
        // xian 基本支出明细表: codes indented by level stand in two columns; the name
        // label, as near to the second as to the names, heads the names.
        let rows = page(&[
            "表8 基本支出明细表".into(),
            at(&[(5, "部门经济"), (33, "政府经济")]),
            at(&[
                (2, "序号"),
                (13, "部门经济科目名称"),
                (41, "政府经济科目名称"),
                (55, "合计"),
                (69, "人员经费支出"),
            ]),
            at(&[(5, "科目编码"), (33, "科目编码")]),
            at(&[
                (0, "1"),
                (10, "合计"),
                (52, "144,907,052.43"),
                (69, "138,276,215.50"),
            ]),
            at(&[
                (0, "2"),
                (5, "301"),
                (19, "工资福利支出"),
                (52, "136,005,851.06"),
                (69, "136,005,851.06"),
            ]),
            at(&[
                (0, "3"),
                (11, "30101"),
                (20, "基本工资"),
                (33, "50101"),
                (41, "工资奖金津补贴"),
                (54, "7,860,482.40"),
                (71, "7,860,482.40"),
            ]),
            at(&[
                (0, "4"),
                (11, "30102"),
                (20, "津贴补贴"),
                (33, "50101"),
                (54, "4,729,994.72"),
            ]),
            at(&[
                (0, "5"),
                (11, "30103"),
                (20, "奖金"),
                (33, "50101"),
                (54, "8,082,800.00"),
            ]),
        ]);
        let column = |text: &str| column_holding(&rows, text);
        assert!(column("部门经济科目名称").is_some(), "{rows:?}");
        assert_eq!(column("部门经济科目名称"), column("基本工资"));
    }

    #[test]
    fn a_name_and_its_amount_run_together_are_two_columns_even_beside_a_lone_amount() {
        // xian 收支总表: a name glued to its amount bridges the gap between the names
        // and their amounts; another row prints its amount a line below its name.
        let rows = page(&[
            "表1 收支总表".into(),
            at(&[(10, "收"), (25, "入"), (51, "支出")]),
            at(&[
                (0, "序号"),
                (10, "项"),
                (14, "目"),
                (30, "预算数"),
                (40, "项目"),
                (58, "预算数"),
            ]),
            at(&[
                (0, "1"),
                (2, "一、部门预算"),
                (21, "18999011.66"),
                (36, "一、部门预算"),
                (51, "18999011.66"),
            ]),
            at(&[
                (0, "2"),
                (4, "1、财政拨款"),
                (21, "18999011.66"),
                (37, "1、一般公共服务支出"),
                (51, "0.00"),
            ]),
            at(&[
                (0, "3"),
                (5, "(1)一般公共预算拨款"),
                (21, "18999011.66"),
                (37, "2、外交支出"),
                (51, "0.00"),
            ]),
            at(&[(0, "4"), (8, "其中：专项资金列入部门预算的项目")]),
            at(&[(21, "0.00"), (37, "3、国防支出"), (51, "0.00")]),
            at(&[
                (0, "5"),
                (5, "(2)政府性基金拨款"),
                (21, "0.00"),
                (37, "4、公共安全支出"),
                (51, "0.00"),
            ]),
            at(&[
                (0, "6"),
                (5, "(3)国有资本经营预算收入"),
                (21, "0.00"),
                (37, "5、教育支出"),
                (51, "0.00"),
            ]),
            at(&[
                (0, "7"),
                (4, "2、上级补助收入"),
                (21, "0.00"),
                (37, "6、科学技术支出"),
                (51, "0.00"),
            ]),
            at(&[
                (0, "8"),
                (4, "3、事业收入"),
                (21, "0.00"),
                (37, "7、文化旅游体育与传媒支出"),
                (51, "0.00"),
            ]),
            at(&[
                (0, "9"),
                (7, "其中：纳入财政专户管理的收费0.00"),
                (37, "8、社会保障和就业支出"),
                (51, "44699.18"),
            ]),
            at(&[
                (0, "10"),
                (4, "4、事业单位经营收入"),
                (21, "0.00"),
                (37, "9、社会保险基金支出"),
                (51, "0.00"),
            ]),
        ]);
        let row = |first: &str| rows.iter().find(|r| r.iter().any(|c| c == first));
        assert_eq!(
            row("其中:专项资金列入部门预算的项目").map(|r| &r[1..3]),
            Some(&["其中:专项资金列入部门预算的项目".to_string(), "0.00".into()][..])
        );
        assert_eq!(
            row("(2)政府性基金拨款").map(|r| &r[1..3]),
            Some(&["(2)政府性基金拨款".to_string(), "0.00".into()][..])
        );
    }

    #[test]
    fn the_lower_line_of_a_wrapped_leaf_is_no_parent_and_class_and_section_head_codes() {
        // yantai 基本支出预算情况表: the name labels wrap ("…分类" over "科目") and
        // stand between 类 | 款 of two classifications that the converter shifted left.
        let rows = page(&[
            "公开表10 基本支出预算情况表".into(),
            at(&[(0, "科目编码"), (19, "科目编码")]),
            at(&[(8, "部门预算支出经济分类"), (24, "政府预算支出经济分类")]),
            at(&[(12, "科目"), (28, "科目"), (50, "合计")]),
            at(&[(0, "类"), (6, "款"), (19, "类"), (21, "款"), (61, "小计")]),
            String::new(),
            at(&[(11, "合计"), (50, "8,882.89"), (61, "8,882.89")]),
            at(&[
                (0, "301"),
                (11, "工资福利支出"),
                (26, "501"),
                (37, "机关工资福利支出"),
                (50, "1,962.28"),
                (61, "1,962.28"),
            ]),
            at(&[
                (0, "301"),
                (6, "01"),
                (12, "基本工资"),
                (26, "501"),
                (32, "01"),
                (37, "工资奖金津补贴"),
                (52, "490.83"),
                (63, "490.83"),
            ]),
            at(&[
                (0, "301"),
                (6, "02"),
                (12, "津贴补贴"),
                (26, "501"),
                (32, "01"),
                (37, "工资奖金津补贴"),
                (52, "506.19"),
                (63, "506.19"),
            ]),
        ]);
        // The header's rows, each column's labels read top to bottom.
        let header: Vec<String> = (0..rows[8].len())
            .map(|k| (1..6).map(|i| rows[i][k].as_str()).collect())
            .collect();
        assert_eq!(
            header,
            [
                "科目编码类",
                "款",
                "部门预算支出经济分类科目",
                "科目编码类",
                "款",
                "政府预算支出经济分类科目",
                "合计",
                "小计"
            ]
        );
        assert_eq!(
            rows[8],
            [
                "301",
                "01",
                "基本工资",
                "501",
                "01",
                "工资奖金津补贴",
                "490.83",
                "490.83"
            ]
        );
    }

    #[test]
    fn a_letter_spaced_label_split_in_two_is_no_code_part() {
        // changchun 收支总表: "项   目" spaced too far to be one word; its 项 is half
        // of 项目, not the 项 of a split code.
        let rows = page(&[
            "收支总表".into(),
            at(&[(13, "收"), (31, "入"), (64, "支"), (79, "出")]),
            String::new(),
            at(&[
                (2, "项"),
                (17, "目"),
                (21, "本年预算"),
                (31, "编制预算"),
                (42, "上年结转"),
                (51, "项"),
                (63, "目"),
                (68, "本年预算"),
                (78, "编制预算"),
                (88, "上年结转"),
            ]),
            String::new(),
            at(&[
                (0, "一、财政拨款收入"),
                (21, "1682.76"),
                (31, "1682.76"),
                (43, "0.00"),
                (50, "一、一般公共服务支出"),
                (68, "1378.41"),
                (78, "1378.41"),
                (89, "0.00"),
            ]),
        ]);
        let column = |text: &str| column_holding(&rows, text);
        assert_eq!(column("项"), Some(0), "{rows:?}");
        assert_eq!(column("一、财政拨款收入"), Some(0));
        assert_eq!(column("本年预算"), column("1682.76"));
    }

    /// The column of the first cell that reads `text`, on any row.
    fn column_holding(rows: &[Vec<String>], text: &str) -> Option<usize> {
        rows.iter().find_map(|r| r.iter().position(|c| c == text))
    }

    /// Each column's header labels, top to bottom, joined with '/'.
    fn column_paths(rows: &[Vec<String>], header: std::ops::Range<usize>) -> Vec<String> {
        (0..rows[header.start].len())
            .map(|k| {
                let labels: Vec<&str> = rows[header.clone()]
                    .iter()
                    .map(|r| r[k].as_str())
                    .filter(|l| !l.is_empty())
                    .collect();
                labels.join("/")
            })
            .collect()
    }

    #[test]
    fn the_only_group_on_the_top_line_beside_a_lower_key_heads_its_side_however_shifted() {
        // huzhou 政府性基金预算支出表: 本年政府性基金预算支出 stands right of the middle
        // of 合计 | 基本支出 | 项目支出; 科目编码 and 科目名称, merged down, a line
        // lower.
        let rows = page(&[
            "表08 政府性基金预算支出表".into(),
            at(&[(60, "本年政府性基金预算支出")]),
            at(&[(8, "科目编码"), (26, "科目名称")]),
            at(&[(42, "合计"), (63, "基本支出"), (74, "项目支出")]),
            at(&[(16, "合计"), (48, "139963.40"), (81, "139963.40")]),
            at(&[
                (0, "214"),
                (16, "交通运输支出"),
                (48, "64463.40"),
                (81, "64463.40"),
            ]),
        ]);
        let column = |text: &str| column_holding(&rows, text);
        let group = column("本年政府性基金预算支出");
        assert_eq!(group, column("合计"), "{rows:?}");
        assert_eq!(column("64463.40"), column("合计"));
        assert_eq!(rows[5][column("项目支出").unwrap()], "64463.40", "{rows:?}");
        assert!(rows[5][column("基本支出").unwrap()].is_empty());
    }

    #[test]
    fn amounts_run_into_the_other_sides_names_part_even_when_that_side_lists_more() {
        // guangzhou 收支总体情况表: income amounts one space before the outlay names on
        // the first lines; below, the outlay names alone start inside the amounts.
        let rows = page(&[
            "收支总体情况表".into(),
            at(&[(14, "收入"), (50, "支出")]),
            at(&[(9, "项目"), (22, "预算"), (43, "项目"), (56, "预算")]),
            at(&[
                (0, "一、预算拨款"),
                (27, "3,944.08"),
                (36, "一、一般公共服务支出"),
                (63, "2,570.71"),
            ]),
            at(&[
                (0, "二、财政专户拨款"),
                (31, "0.00"),
                (36, "二、外交支出"),
                (67, "0.00"),
            ]),
            at(&[
                (0, "三、事业收入"),
                (31, "0.00"),
                (36, "三、国防支出"),
                (67, "0.00"),
            ]),
            at(&[(30, "八、社会保障和就业支出"), (65, "419.35")]),
            at(&[(30, "九、卫生健康支出"), (67, "3.97")]),
            at(&[(30, "十、节能环保支出"), (67, "0.00")]),
            at(&[(30, "十一、城乡社区支出"), (67, "0.00")]),
        ]);
        let column = |text: &str| column_holding(&rows, text);
        assert_eq!(column("3,944.08"), column("0.00"), "{rows:?}");
        assert_eq!(
            column("一、一般公共服务支出"),
            column("八、社会保障和就业支出")
        );
        assert_ne!(column("3,944.08"), column("八、社会保障和就业支出"));
    }

    #[test]
    fn the_rest_of_the_last_rows_name_under_it_joins_the_row_of_a_coded_table() {
        // yantai 收入总体情况表: the page's last row wraps its name, whose rest stands
        // alone under it before the page ends.
        let rows = page(&[
            "公开表2 收入总体情况表".into(),
            at(&[(0, "科目编码"), (22, "科目名称"), (34, "合计")]),
            at(&[(0, "类"), (6, "款"), (11, "项")]),
            at(&[(0, "208"), (16, "社会保障和就业支出"), (34, "1,172.92")]),
            at(&[(11, "06"), (16, "机关事业单位职业年金缴"), (37, "82.67")]),
            at(&[(16, "费支出")]),
        ]);
        assert_eq!(rows[4][3], "机关事业单位职业年金缴费支出", "{rows:?}");
        assert!(rows[5].iter().all(String::is_empty), "{rows:?}");
    }

    #[test]
    fn numbered_names_under_a_summarys_last_value_are_rows_that_print_none() {
        // wuxi 财政拨款收支总表: the outlay side lists its 类 after the income side ends,
        // most with no value, down to the page's end.
        assert!(is_numbered_name("（十一）节能环保支出"));
        assert!(is_numbered_name("(八)社会保障和就业支出"));
        assert!(!is_numbered_name("()支出"));
        assert!(!is_numbered_name("(按支出功能分类科目)"));
        let rows = page(&[
            "财政拨款收支总表".into(),
            at(&[(10, "项目"), (28, "预算数"), (50, "项目"), (70, "预算数")]),
            at(&[
                (0, "一、本年收入"),
                (28, "2,723.94"),
                (41, "一、本年支出"),
                (70, "2,723.94"),
            ]),
            at(&[
                (0, "（一）一般公共预算拨款"),
                (28, "2,723.94"),
                (41, "（一）一般公共服务支出"),
                (70, "2,115.79"),
            ]),
            at(&[(41, "（十）卫生健康支出"), (74, "62.09")]),
            at(&[(41, "（十一）节能环保支出")]),
            at(&[(41, "（十二）城乡社区支出")]),
            String::new(),
            at(&[(37, "- 13 -")]),
        ]);
        let column = |text: &str| column_holding(&rows, text);
        assert_eq!(
            column("（十一）节能环保支出"),
            column("（十）卫生健康支出"),
            "{rows:?}"
        );
        assert_eq!(column("（十二）城乡社区支出"), column("（十）卫生健康支出"));
    }

    #[test]
    fn a_column_of_bare_zeros_is_amounts_and_no_remark_names_it() {
        // xian 基本支出明细表, a page whose 公用经费支出 prints only "0", right-aligned
        // nearer the 备注 label than its own.
        let rows = page(&[
            "表7 一般公共预算基本支出明细表".into(),
            at(&[
                (12, "功能科目编码"),
                (29, "功能科目名称"),
                (43, "合计"),
                (61, "人员经费支出"),
                (75, "公用经费支出"),
                (88, "备注"),
            ]),
            String::new(),
            at(&[
                (0, "24"),
                (11, "20801"),
                (25, "人力资源和社会保障管理事务"),
                (56, "0"),
                (70, "0"),
                (84, "0"),
            ]),
            at(&[
                (0, "26"),
                (11, "20805"),
                (25, "行政事业单位养老支出"),
                (48, "4421098.77"),
                (62, "4421098.77"),
                (84, "0"),
            ]),
        ]);
        let column = |text: &str| column_holding(&rows, text);
        assert_eq!(rows[4][column("公用经费支出").unwrap()], "0", "{rows:?}");
        assert!(rows[4][column("备注").unwrap()].is_empty(), "{rows:?}");
    }

    #[test]
    fn a_group_beside_the_keys_heads_only_what_it_is_centred_over_not_cells_merged_down() {
        // foshan 政府性基金决算表: 本年支出 stands beside 项目 on the top line, over
        // 小计 | 基本支出 | 项目支出; 年初结转和结余, 本年收入 and 年末结转和结余 are
        // merged down beside it and stand between the two lines of labels.
        let rows = page(&[
            "表8 政府性基金预算财政拨款收入支出决算表".into(),
            at(&[(11, "项目"), (60, "本年支出")]),
            at(&[
                (0, "功能分类"),
                (24, "年初结转和结余"),
                (38, "本年收入"),
                (86, "年末结转和结余"),
            ]),
            at(&[
                (15, "科目名称"),
                (50, "小计"),
                (62, "基本支出"),
                (74, "项目支出"),
            ]),
            at(&[(0, "科目编码")]),
            at(&[
                (17, "合计"),
                (31, "0.00"),
                (43, "0.00"),
                (55, "1.00"),
                (67, "1.00"),
                (79, "0.00"),
                (93, "0.00"),
            ]),
            at(&[
                (0, "208"),
                (10, "社会保障和就业支出"),
                (31, "0.00"),
                (43, "0.00"),
                (55, "1.00"),
                (67, "1.00"),
                (79, "0.00"),
                (93, "0.00"),
            ]),
        ]);
        // (A parent stands in the first column it heads, the rest of its row empty.)
        assert_eq!(
            rows[3][2..],
            [
                "年初结转和结余",
                "本年收入",
                "本年支出",
                "",
                "",
                "年末结转和结余"
            ],
            "{rows:?}"
        );
        assert_eq!(rows[4][4..7], ["小计", "基本支出", "项目支出"]);
    }

    #[test]
    fn a_fiscal_appropriation_group_holds_its_parts_not_its_siblings_nor_the_tables_total() {
        // yantai 基本支出预算情况表: 财政拨款 stands shifted right on the top line; 合计
        // and 财政专户管理资金 are merged down beside it; the name label's first line
        // ("政府预算支出经济分类", over "科目") is a key's.
        let rows = page(&[
            "公开表10 基本支出预算情况表".into(),
            at(&[(0, "科目编码"), (19, "科目编码"), (77, "财政拨款")]),
            at(&[
                (8, "部门预算支出经济分类"),
                (24, "政府预算支出经济分类"),
                (90, "财政专户管"),
            ]),
            at(&[
                (12, "科目"),
                (28, "科目"),
                (50, "合计"),
                (72, "一般公共预"),
                (78, "政府性基金"),
                (84, "国有资本经"),
                (91, "理资金"),
            ]),
            at(&[
                (0, "类"),
                (6, "款"),
                (19, "类"),
                (21, "款"),
                (61, "小计"),
                (74, "算"),
                (79, "预算"),
                (85, "营预算"),
            ]),
            at(&[
                (11, "合计"),
                (50, "8,882.89"),
                (61, "8,882.89"),
                (74, "8,882.89"),
            ]),
            at(&[
                (0, "301"),
                (6, "01"),
                (12, "基本工资"),
                (26, "501"),
                (32, "01"),
                (37, "工资奖金津补贴"),
                (52, "490.83"),
                (63, "490.83"),
                (76, "490.83"),
            ]),
        ]);
        assert_eq!(
            column_paths(&rows, 1..5)[5..],
            [
                "政府预算支出经济分类科目",
                "合计",
                "财政拨款/小计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
                "财政专户管理资金"
            ]
        );
        assert_eq!(rows[6][6..9], ["490.83", "490.83", "490.83"]);
    }

    #[test]
    fn a_fiscal_appropriation_group_spans_its_amount_and_parts_however_shifted() {
        // changsha 收入总体情况表: 本级财政拨款 over 金额 | 其中:经费拨款, off their
        // middle; 合计 beside it is the table's.
        let rows = page(&[
            "2026年部门收入总体情况表".into(),
            at(&[(47, "本级财政拨款")]),
            at(&[(69, "财政专户管理"), (83, "上级补助收")]),
            at(&[
                (1, "类"),
                (6, "款"),
                (11, "项"),
                (23, "功能科目"),
                (30, "合计"),
                (89, "其它收入"),
            ]),
            at(&[(70, "事业收入"), (85, "入")]),
            at(&[(43, "金额"), (56, "其中:经费拨款")]),
            at(&[
                (16, "合计"),
                (30, "1,935.36"),
                (43, "1,935.36"),
                (58, "1,935.36"),
                (72, "0.00"),
            ]),
            at(&[
                (0, "201"),
                (16, "一般公共服务支出"),
                (30, "1,935.36"),
                (43, "1,935.36"),
                (58, "1,935.36"),
            ]),
        ]);
        let paths = column_paths(&rows, 1..6);
        let at_value =
            |k: usize| paths[rows[6].iter().position(|c| c == "1,935.36").unwrap_or(0) + k].clone();
        assert_eq!(
            [at_value(0), at_value(1), at_value(2)],
            ["合计", "本级财政拨款/金额", "其中:经费拨款"],
            "{paths:?}"
        );
    }

    #[test]
    fn a_basic_expenditure_group_leaves_project_expenditure_and_the_total_beside_it() {
        // yantai 一般公共预算支出情况表: 基本支出 on the top line beside 科目编码; 合计
        // and 项目支出 merged down beside it.
        let rows = page(&[
            "公开表5 一般公共预算支出情况表".into(),
            at(&[(6, "科目编码"), (81, "基本支出")]),
            at(&[(29, "科目名称"), (43, "合"), (47, "计"), (109, "项目支出")]),
            at(&[
                (0, "类"),
                (7, "款"),
                (13, "项"),
                (64, "小"),
                (68, "计"),
                (81, "人员支出"),
                (96, "日常公用支出"),
            ]),
            at(&[
                (18, "合"),
                (22, "计"),
                (47, "191,114.39"),
                (68, "8,882.89"),
                (84, "8,227.17"),
                (100, "655.72"),
                (111, "182,231.50"),
            ]),
            at(&[
                (0, "205"),
                (18, "教育支出"),
                (52, "65.90"),
                (74, "8.80"),
                (102, "8.80"),
                (116, "57.10"),
            ]),
        ]);
        // A parent spans the columns up to the next label on its row.
        let top = rows.iter().find(|r| r.contains(&"基本支出".to_string()));
        assert_eq!(
            top.map(|r| &r[4..]),
            Some(&["合计", "基本支出", "", "", "项目支出"].map(String::from)[..]),
            "{rows:?}"
        );
    }

    #[test]
    fn a_title_whose_bracket_closes_on_the_next_line_ends_there() {
        // xian 一般公共预算支出明细表: the title's last words are no header label.
        let rows = page(&[
            at(&[(1, "表6")]),
            at(&[(
                1,
                "2021年部门综合预算一般公共预算支出明细表（按支出经济分类科目-不",
            )]),
            at(&[(16, "含上年结转）")]),
            at(&[(102, "单位：元")]),
            at(&[(8, "部门经济科目名称"), (43, "合计"), (57, "人员经费支出")]),
            at(&[(0, "科目编码")]),
            at(&[(8, "合计"), (40, "258,596,001.79"), (57, "21,914,447.48")]),
            at(&[
                (0, "301"),
                (8, "工资福利支出"),
                (41, "20,790,689.48"),
                (57, "20,790,689.48"),
            ]),
        ]);
        assert!(
            rows.iter()
                .all(|r| r.len() == 1 || !r.iter().any(|c| c.contains("含上年结转"))),
            "{rows:?}"
        );
    }

    #[test]
    fn a_label_wrapped_over_lines_heads_the_code_parts_under_its_cell() {
        // shanghai 基本支出经济分类预算表: "部门预算经济分类科目" / "编码" over 类 | 款,
        // which stand side by side under the cell, children rather than its last line.
        let rows = page(&[
            "2026年部门一般公共预算基本支出部门预算经济分类预算表".into(),
            at(&[(22, "项目"), (48, "一般公共预算基本支出")]),
            at(&[(0, "部门预算经济分类科目")]),
            at(&[
                (4, "编码"),
                (27, "经济分类科目名称"),
                (38, "合计"),
                (52, "人员经费"),
                (66, "公用经费"),
            ]),
            at(&[(1, "类"), (7, "款")]),
            at(&[
                (1, "301"),
                (13, "工资福利支出"),
                (38, "23084662.00"),
                (52, "23084662.00"),
                (73, "0.00"),
            ]),
            at(&[
                (1, "301"),
                (7, "01"),
                (13, "基本工资"),
                (39, "2892504.00"),
                (53, "2892504.00"),
                (73, "0.00"),
            ]),
            at(&[
                (1, "301"),
                (7, "02"),
                (13, "津贴补贴"),
                (38, "12971818.00"),
                (52, "12971818.00"),
                (73, "0.00"),
            ]),
        ]);
        assert_eq!(
            column_paths(&rows, 1..5)[..3],
            ["项目/部门预算经济分类科目编码/类", "款", "经济分类科目名称"]
        );
        assert_eq!(rows[6][..3], ["301", "01", "基本工资"]);
    }

    #[test]
    fn lines_of_more_labels_than_any_header_prints_stand_as_leaves() {
        // Each label would be weighed against every other, several times over. Read as a
        // header, each upper label would head the two under it.
        let groups = MAX_HEADER_LABELS / 3 + 1;
        let upper: Vec<(usize, String)> = (0..groups)
            .map(|i| (i * 16 + 5, format!("组{i}")))
            .collect();
        let lower: Vec<(usize, String)> =
            (0..2 * groups).map(|i| (i * 8, format!("标{i}"))).collect();
        let as_parts = |v: &[(usize, String)]| -> String {
            at(&v.iter().map(|(p, t)| (*p, t.as_str())).collect::<Vec<_>>())
        };
        let body: Vec<(usize, String)> = (0..2 * groups)
            .map(|i| (i * 8, format!("{i}.00")))
            .collect();
        let rows = page(&[
            "表1 收支总表".into(),
            as_parts(&upper),
            as_parts(&lower),
            as_parts(&body),
        ]);
        let header: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|c| c.starts_with("标") || c.starts_with("组")))
            .collect();
        assert_eq!(header.len(), 1, "one row of leaves, no parents");
        assert!(rows.last().is_some_and(|r| r.contains(&"0.00".to_string())));
    }

    #[test]
    fn a_name_wrapped_around_its_row_takes_its_head_from_above_and_its_rest_from_below() {
        // xian 一般公共预算支出明细表: "职工基本医" over the row's line, which prints no
        // name, and "30110  疗保险缴费" under it.
        let rows = page(&[
            "表6 2021年部门综合预算一般公共预算支出明细表".into(),
            at(&[(3, "部门经济"), (8, "部门经济科目名"), (16, "政府经济")]),
            at(&[
                (0, "序号"),
                (32, "政府经济科目名称"),
                (46, "合计"),
                (60, "人员经费支出"),
            ]),
            at(&[(3, "科目编码"), (12, "称"), (16, "科目编码")]),
            at(&[
                (1, "1"),
                (8, "合计"),
                (43, "535,987,052.43"),
                (60, "138,276,215.50"),
            ]),
            at(&[
                (1, "2"),
                (5, "301"),
                (13, "工资福利支出"),
                (43, "136,505,851.06"),
                (60, "136,005,851.06"),
            ]),
            at(&[
                (1, "3"),
                (15, "基本工资"),
                (24, "50101"),
                (32, "工资奖金津补贴"),
                (45, "7,910,482.40"),
                (62, "7,860,482.40"),
            ]),
            at(&[(5, "30101")]),
            at(&[(16, "职业年金缴")]),
            at(&[
                (0, "13"),
                (24, "50102"),
                (32, "社会保障缴费"),
                (45, "1,142,969.55"),
                (62, "1,042,969.55"),
            ]),
            at(&[(5, "30109"), (13, "费")]),
            at(&[(16, "职工基本医")]),
            at(&[
                (0, "15"),
                (24, "50102"),
                (32, "社会保障缴费"),
                (46, "683,996.26"),
                (63, "533,996.26"),
            ]),
            at(&[(5, "30110"), (13, "疗保险缴费")]),
            at(&[(16, "职工基本医")]),
            at(&[
                (0, "16"),
                (24, "50501"),
                (32, "工资福利支出"),
                (46, "878,320.22"),
                (63, "878,320.22"),
            ]),
        ]);
        let row = |n: &str| rows.iter().find(|r| r.first().is_some_and(|c| c == n));
        let cells = |n: &str| {
            row(n).map(|r| {
                r.iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            cells("15"),
            Some(
                [
                    "15",
                    "30110",
                    "职工基本医疗保险缴费",
                    "50102",
                    "社会保障缴费",
                    "683,996.26",
                    "533,996.26"
                ]
                .map(String::from)
                .to_vec()
            ),
            "{rows:?}"
        );
    }

    #[test]
    fn a_line_of_class_section_item_ends_the_header_and_a_name_under_it_is_the_rows() {
        // xian 政府采购预算表, a page that opens with the header again: the first row's
        // name starts on the line under 类 款 项, not in the header.
        let rows = page(&[
            "政府采购预算表".into(),
            at(&[(11, "科目编码"), (94, "部门预算支出")]),
            at(&[
                (0, "序号"),
                (26, "单位编码"),
                (41, "采购项目"),
                (57, "采购目录"),
                (85, "数量"),
                (94, "经济科目编码"),
                (110, "预算金额"),
            ]),
            at(&[(6, "类"), (12, "款"), (18, "项"), (94, "类"), (99, "款")]),
            at(&[(36, "综合执法支队办公设备执")]),
            at(&[
                (0, "93"),
                (5, "214"),
                (11, "01"),
                (16, "12"),
                (52, "A02020501照相机"),
                (90, "3"),
                (94, "310"),
                (99, "02"),
                (111, "4.50"),
            ]),
            at(&[(36, "法装备及家具采购项目")]),
            at(&[(36, "综合执法支队办公设备执")]),
            at(&[
                (0, "94"),
                (5, "214"),
                (11, "01"),
                (16, "12"),
                (52, "A02020501照相机"),
                (90, "3"),
                (94, "310"),
                (99, "02"),
                (111, "4.20"),
            ]),
            at(&[(36, "法装备及家具采购项目")]),
            at(&[
                (0, "95"),
                (5, "214"),
                (11, "01"),
                (16, "12"),
                (36, "办公设备及家具购置"),
                (52, "A020201复印机"),
                (90, "6"),
                (94, "310"),
                (99, "02"),
                (111, "3.00"),
            ]),
        ]);
        let column = |text: &str| column_holding(&rows, text);
        assert!(column("采购项目").is_some(), "{rows:?}");
        assert_eq!(
            column("采购项目"),
            column("综合执法支队办公设备执法装备及家具采购项目")
        );
        assert!(!rows.iter().flatten().any(|c| c.starts_with("采购项目综合")));
    }

    #[test]
    fn a_centred_parent_spans_its_children_and_a_merged_leaf_stands_on_top() {
        // A two-row header: the labels merged down both rows stand between them.
        let rows = page(&[
            "表3 支出总表".into(),
            at(&[(31, "基本支出")]),
            at(&[(2, "科目名称"), (14, "合计"), (53, "项目支出")]),
            at(&[(26, "人员经费"), (37, "公用经费")]),
            at(&[
                (2, "行政运行"),
                (12, "100.00"),
                (26, "60.00"),
                (37, "20.00"),
                (54, "20.00"),
            ]),
        ]);
        assert_eq!(rows[2], ["科目名称", "合计", "基本支出", "", "项目支出"]);
        assert_eq!(rows[3], ["", "", "人员经费", "公用经费", ""]);
        assert_eq!(rows[4], ["行政运行", "100.00", "60.00", "20.00", "20.00"]);
    }

    #[test]
    fn a_label_wrapped_with_other_labels_between_its_lines_is_one_label() {
        // yantai 收入总体情况表: each line of a two-line cell is printed at its own
        // height, and the one-line labels centred beside it fall between them.
        let rows = page(&[
            "收入总体情况表".into(),
            at(&[(20, "一般公共预"), (31, "上级补助收")]),
            at(&[(2, "科目名称"), (14, "合计")]),
            at(&[(43, "其他收入")]),
            at(&[(21, "算收入"), (33, "入")]),
            at(&[
                (2, "行政运行"),
                (12, "9.00"),
                (22, "8.00"),
                (33, "1.00"),
                (45, "0.00"),
            ]),
        ]);
        let header = rows.iter().find(|r| r.contains(&"合计".to_string()));
        assert_eq!(
            header.cloned().unwrap_or_default(),
            [
                "科目名称",
                "合计",
                "一般公共预算收入",
                "上级补助收入",
                "其他收入"
            ]
        );
    }

    #[test]
    fn a_label_over_no_value_is_a_column_of_its_own() {
        // changsha-petition 基本支出: 人员类 prints no value; amounts right-aligned.
        let rows = page(&[
            "表7 基本支出表".into(),
            at(&[
                (6, "经济科目编码"),
                (27, "经济科目名称"),
                (45, "总计"),
                (59, "人员类"),
                (74, "公用经费"),
            ]),
            at(&[(2, "30202"), (15, "印刷费"), (51, "14.00"), (81, "14.00")]),
        ]);
        assert_eq!(
            rows[1],
            ["经济科目编码", "经济科目名称", "总计", "人员类", "公用经费"]
        );
        assert_eq!(rows[2], ["30202", "印刷费", "14.00", "", "14.00"]);
    }

    #[test]
    fn a_code_set_under_its_rows_line_with_the_names_last_character_is_the_rows() {
        // xian-civil-affairs 表6: "30109   费" under "13  50102 …" reads as an entity
        // line (code, unit name) but is the row's code and the end of its name.
        let rows = page(&[
            "表6 一般公共预算支出明细表".into(),
            at(&[
                (0, "序号"),
                (5, "部门经济科目编码"),
                (16, "名称"),
                (36, "合计"),
            ]),
            at(&[(1, "12"), (5, "30101"), (16, "基本工资"), (33, "1,000.00")]),
            at(&[(16, "职业年金缴")]),
            at(&[(1, "13"), (33, "1,142.55")]),
            at(&[(5, "30109"), (16, "费")]),
            at(&[(1, "14"), (16, "奖金"), (33, "100.00")]),
        ]);
        assert_eq!(rows[4], ["13", "30109", "职业年金缴费", "1,142.55"]);
        assert!(rows[5].iter().all(String::is_empty), "{:?}", rows[5]);
        // So it is under the table's last row, before the next table's title.
        let rows = page(&[
            "表6 一般公共预算支出明细表".into(),
            at(&[
                (0, "序号"),
                (5, "部门经济科目编码"),
                (16, "名称"),
                (36, "合计"),
            ]),
            at(&[(1, "12"), (5, "30101"), (16, "基本工资"), (33, "1,000.00")]),
            at(&[(16, "职工基本医")]),
            at(&[(1, "13"), (33, "878.32")]),
            at(&[(5, "30110"), (16, "疗保险缴费")]),
            "表7".into(),
        ]);
        assert_eq!(rows[4], ["13", "30110", "职工基本医疗保险缴费", "878.32"]);
        // Above a table's rows, an entity line is meta, as before.
        assert!(!is_code_below_row(&["543 信访局".to_string()], 0, 1, 3));
    }

    #[test]
    fn a_row_spread_over_lines_is_joined_and_its_wrapped_number_too() {
        // xian-civil-affairs: the name wrapped above the row's values, the code below;
        // hangzhou-justice: a number wrapped over two lines in its cell.
        let rows = page(&[
            "表5 一般公共预算支出表".into(),
            at(&[
                (0, "序号"),
                (6, "科目编码"),
                (16, "科目名称"),
                (36, "合计"),
                (48, "人员经费"),
            ]),
            at(&[(1, "1"), (16, "合计"), (33, "1,000.00"), (47, "200.00")]),
            at(&[(1, "2"), (16, "机关事业单位基本养")]),
            at(&[(6, "2080505"), (35, "800.00"), (49, "0.00")]),
            at(&[(46, "12,868.1")]),
            at(&[
                (1, "3"),
                (6, "2080506"),
                (16, "职业年金"),
                (33, "12,868.19"),
            ]),
            at(&[(53, "9")]),
        ]);
        assert_eq!(rows[3], ["", "", "", "", ""]);
        assert_eq!(
            rows[4],
            ["2", "2080505", "机关事业单位基本养", "800.00", "0.00"]
        );
        assert_eq!(
            rows[6],
            ["3", "2080506", "职业年金", "12,868.19", "12,868.19"]
        );
        assert!(rows[7].iter().all(String::is_empty), "{:?}", rows[7]);
    }

    #[test]
    fn labels_over_repeated_groups_head_them_however_shifted() {
        // foshan 基本支出决算表: 人员经费 and 公用经费 each head a group of 经济分类科目编码
        // | 科目名称 | 金额; the converter set them off their groups' middles.
        let rows = page(&[
            "一般公共预算财政拨款基本支出决算表".into(),
            at(&[(17, "人员经费"), (63, "公用经费")]),
            at(&[(0, "经济分类"), (42, "经济分类")]),
            at(&[
                (16, "科目名称"),
                (28, "金额"),
                (60, "科目名称"),
                (76, "金额"),
            ]),
            at(&[(0, "科目编码"), (42, "科目编码")]),
            at(&[
                (0, "30101"),
                (8, "基本工资"),
                (26, "12.00"),
                (42, "30201"),
                (50, "办公费"),
                (75, "3.00"),
            ]),
        ]);
        let top = rows
            .iter()
            .find(|r| r.contains(&"人员经费".to_string()))
            .cloned()
            .unwrap_or_default();
        assert_eq!(top, ["人员经费", "", "", "公用经费", "", ""]);
        // A head over a group's first label is that label's first line, not a parent.
        let rows = page(&[
            "一般公共预算财政拨款基本支出决算表".into(),
            at(&[(0, "经济分类"), (32, "经济分类")]),
            at(&[
                (10, "科目名称"),
                (20, "决算数"),
                (42, "科目名称"),
                (52, "决算数"),
            ]),
            at(&[(0, "科目编码"), (32, "科目编码")]),
            at(&[
                (0, "30101"),
                (9, "基本工资"),
                (20, "14.12"),
                (32, "30201"),
                (41, "办公费"),
                (53, "3.78"),
            ]),
        ]);
        let header: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|c| c.contains("科目")))
            .collect();
        assert_eq!(
            header,
            [&[
                "经济分类科目编码",
                "科目名称",
                "决算数",
                "经济分类科目编码",
                "科目名称",
                "决算数"
            ]]
        );
    }

    #[test]
    fn a_long_line_of_short_labels_is_header_not_title() {
        // chongqing 收入总体情况表: the header's first line is over 30 characters.
        let rows = page(&[
            "部门收入总体情况表".into(),
            // One space apart, as the converter prints them: one run of text.
            at(&[
                (20, "一般公共预"),
                (26, "政府性基金预"),
                (33, "国有资本经营"),
                (40, "财政专户管理"),
                (47, "附属单位上缴"),
                (54, "事业单位经营"),
            ]),
            at(&[(10, "总计")]),
            at(&[
                (20, "算拨款收入"),
                (26, "算拨款收入"),
                (33, "预算拨款收入"),
                (40, "资金收入"),
                (48, "收入"),
                (55, "收入"),
            ]),
            at(&[(0, "科目名称")]),
            at(&[
                (0, "教育支出"),
                (9, "54.94"),
                (20, "54.94"),
                (27, "0.00"),
                (34, "0.00"),
                (41, "0.00"),
                (48, "0.00"),
                (55, "0.00"),
            ]),
        ]);
        let header = rows.iter().find(|r| r.contains(&"总计".to_string()));
        assert_eq!(
            header.cloned().unwrap_or_default(),
            [
                "科目名称",
                "总计",
                "一般公共预算拨款收入",
                "政府性基金预算拨款收入",
                "国有资本经营预算拨款收入",
                "财政专户管理资金收入",
                "附属单位上缴收入",
                "事业单位经营收入"
            ]
        );
    }

    #[test]
    fn a_bracketed_line_under_a_header_label_qualifies_it() {
        // central-state 一般公共预算支出表: "（扣除中央基建投资）" under "2025 年执行数"
        // is the rest of that label, not a subtitle starting a table; the year the
        // converter spaced off its 年 stays with it.
        let rows = page(&[
            "一般公共预算支出表".into(),
            at(&[
                (0, "科目名称"),
                (12, "2026 年预算数"),
                (26, "2025 年执行数"),
            ]),
            at(&[(25, "（扣除中央基建投资）")]),
            at(&[(0, "信访事务"), (14, "10.00"), (29, "9.00")]),
        ]);
        assert_eq!(
            rows.iter()
                .find(|r| r.contains(&"科目名称".to_string()))
                .cloned()
                .unwrap_or_default(),
            [
                "科目名称",
                "2026年预算数",
                "2025年执行数 (扣除中央基建投资)"
            ]
        );
    }

    #[test]
    fn prose_and_titles_are_split_as_before() {
        let rows = page(&[
            "  2026 年本部门一般公共预算支出 982.05 万元，比上年减少 353.47 万元，主要原因是"
                .into(),
            "第二部分    收支情况".into(),
        ]);
        assert_eq!(rows[0].len(), 1);
        assert_eq!(rows[1], ["第二部分", "收支情况"]);
    }

    #[test]
    fn a_page_without_header_continues_the_columns_of_the_page_before() {
        let first: Vec<String> = [
            "表2 收入总表".into(),
            at(&[
                (2, "科目编码"),
                (12, "科目名称"),
                (28, "合计"),
                (36, "财政拨款"),
                (48, "事业收入"),
                (60, "其他收入"),
            ]),
            at(&[
                (2, "201"),
                (12, "一般公共服务"),
                (26, "10.00"),
                (36, "10.00"),
                (61, "0.00"),
            ]),
        ]
        .to_vec();
        let mut carried = None;
        let laid = lay_out_page(&first, &mut carried);
        assert_eq!(
            laid[2].0,
            ["201", "一般公共服务", "10.00", "10.00", "", "0.00"]
        );
        // The next page, laid out narrower, prints no header.
        let next = [at(&[
            (0, "20105"),
            (8, "统计事务"),
            (20, "5.00"),
            (27, "5.00"),
            (35, "0.00"),
        ])];
        let laid = lay_out_page(&next, &mut carried);
        assert_eq!(laid[0].0, ["20105", "统计事务", "5.00", "5.00", "", "0.00"]);
    }

    #[test]
    fn a_code_set_lower_in_a_column_no_line_of_values_prints_is_its_rows() {
        // xian-civil-affairs 表6: every 部门经济科目编码 is set a line under its row,
        // so no line of values has a word in that column; its header label places them.
        let rows = page(&[
            "表6 一般公共预算支出明细表".into(),
            at(&[
                (0, "序号"),
                (5, "部门经济科目编码"),
                (17, "名称"),
                (24, "政府经济编码"),
                (40, "合计"),
            ]),
            at(&[(0, "34"), (17, "邮电费"), (24, "50201"), (38, "85,000.00")]),
            at(&[(5, "30207")]),
            at(&[(0, "35"), (17, "取暖费"), (24, "50502"), (37, "511,660.00")]),
            at(&[(5, "30208")]),
        ]);
        assert_eq!(rows[2], ["34", "30207", "邮电费", "50201", "85,000.00"]);
        assert_eq!(rows[4], ["35", "30208", "取暖费", "50502", "511,660.00"]);
        assert!(rows[3].iter().all(String::is_empty), "{:?}", rows[3]);
    }

    /// xian-commerce 政府采购预算表: the first page's rows fill 单位编码 (unit rows),
    /// the next page's rows do not.
    fn procurement_first_page() -> Vec<String> {
        vec![
            "表12 政府采购预算表".into(),
            at(&[
                (0, "序号"),
                (6, "类"),
                (12, "单位编码"),
                (22, "采购项目"),
                (40, "数量"),
                (50, "预算金额"),
            ]),
            at(&[
                (0, "3"),
                (6, "201"),
                (12, "263001"),
                (22, "西安市商务局"),
                (41, "2"),
                (50, "250000.00"),
            ]),
            at(&[
                (0, "4"),
                (6, "201"),
                (22, "日常公用经费"),
                (41, "1"),
                (50, "130000.00"),
            ]),
        ]
    }

    #[test]
    fn a_page_without_a_key_column_continues_the_columns_it_stands_under() {
        let mut carried = None;
        let laid = lay_out_page(&procurement_first_page(), &mut carried);
        assert_eq!(
            laid[2].0,
            ["3", "201", "263001", "西安市商务局", "2", "250000.00"]
        );
        // Laid out a little narrower, with no value under 单位编码 anywhere; the
        // first row's name wraps, its head above the row's line.
        let next = [
            at(&[(19, "促乡村振兴活动(商贸")]),
            at(&[(0, "49"), (5, "201"), (37, "1"), (45, "150000.00")]),
            at(&[(19, "专项资金)")]),
            at(&[
                (0, "50"),
                (5, "201"),
                (19, "会场搭建"),
                (37, "1"),
                (45, "300000.00"),
            ]),
        ];
        let laid = lay_out_page(&next, &mut carried);
        assert_eq!(
            laid[1].0,
            [
                "49",
                "201",
                "",
                "促乡村振兴活动(商贸专项资金)",
                "1",
                "150000.00"
            ]
        );
        assert_eq!(laid[3].0, ["50", "201", "", "会场搭建", "1", "300000.00"]);
    }

    #[test]
    fn a_name_head_parted_from_the_header_by_a_blank_line_is_the_first_rows() {
        // yantai 收入总体情况表, a page that opens with the header again: the first
        // row's name starts on the line above its values, after a blank line.
        let rows = page(&[
            "公开表2 收入总体情况表".into(),
            at(&[
                (0, "科目编码"),
                (20, "科目名称"),
                (38, "合计"),
                (50, "财政拨款"),
            ]),
            String::new(),
            at(&[(20, "其他行政事业单位养老支")]),
            at(&[(0, "2080599"), (16, "出"), (37, "5.42"), (49, "5.42")]),
            at(&[
                (0, "210"),
                (16, "卫生健康支出"),
                (35, "331.22"),
                (47, "331.22"),
            ]),
        ]);
        // The header's row goes on the line the name head left, just above the body.
        assert_eq!(rows[3], ["科目编码", "科目名称", "合计", "财政拨款"]);
        assert_eq!(
            rows[4],
            ["2080599", "其他行政事业单位养老支出", "5.42", "5.42"]
        );
        assert!(rows[1].iter().all(String::is_empty), "{:?}", rows[1]);
    }

    #[test]
    fn a_count_one_space_before_a_code_is_two_cells() {
        // xian-transport 政府采购预算表 as pdftotext lays it out: 数量 then the 类 of
        // the economic code, one space apart, the counts right-aligned and the codes
        // shifted with them.
        let rows = page(&[
            "表12 政府采购预算表".into(),
            "序号                        单位编码        采购项目          采购目录                   规格型号   数量              编码   预算金额              说明".into(),
            "28   214   01   02               信息化运营维护       C0206运行维护服务                             1 302   27   502   05     30.00".into(),
            "29   214   01   02               一体化政务服务能力提升   C0203数据处理服务                             2 302   27   502   05    110.00".into(),
            "30   214   01   02               治污减霾专项工作经费                                        120 302     27   502   05     36.00".into(),
            "32   214   01   06    1          全额                                                565                         1462.91".into(),
            "33   214   01   06         222006 陕西省西安公路管理局                                       563                         1296.91".into(),
            "34   214   01   06               办公资产购置费用      A02010104台式计算机                       30 310     02   506   01      9.00".into(),
            "35   214   01   06               办公资产购置费用      A02010601打印设备                           2 310   02   506   01      1.00".into(),
        ]);
        // The last six cells filled.
        let tail = |k: usize| {
            let filled: Vec<&String> = rows[k].iter().filter(|c| !c.is_empty()).collect();
            filled[filled.len() - 6..].to_vec()
        };
        assert_eq!(tail(2), ["1", "302", "27", "502", "05", "30.00"]);
        assert_eq!(tail(4), ["120", "302", "27", "502", "05", "36.00"]);
        assert_eq!(tail(7), ["30", "310", "02", "506", "01", "9.00"]);
        // The codes stand in one column.
        let column = |k: usize, text: &str| rows[k].iter().position(|c| c == text);
        assert_eq!(column(2, "302"), column(7, "310"));
    }

    #[test]
    fn income_and_expenditure_halves_split_where_each_is_centred_over_its_side() {
        // xian-meteorological 财政拨款收支总表: 支出 centred over three pairs of columns,
        // halfway to 收入 would cut off its first, wide name column.
        let rows = page(&[
            "表4 财政拨款收支总表".into(),
            at(&[(9, "收"), (23, "入"), (63, "支"), (82, "出")]),
            at(&[
                (9, "项目"),
                (22, "预算数"),
                (31, "支出功能分科目(按大类)"),
                (51, "预算数"),
                (59, "部门预算支出经济科目(按大类)"),
                (84, "预算数"),
                (94, "政府预算支出经济科目(按大类)"),
                (114, "预算数"),
            ]),
            at(&[
                (6, "一、财政拨款"),
                (18, "18,999.66"),
                (31, "一、财政拨款"),
                (46, "18,999.66"),
                (59, "一、财政拨款"),
                (79, "18,999.66"),
                (94, "一、财政拨款"),
                (109, "18,999.66"),
            ]),
        ]);
        assert_eq!(rows[1][..3], ["收入", "", "支出"]);
        assert!(rows[1][3..].iter().all(String::is_empty), "{:?}", rows[1]);
    }

    #[test]
    fn a_code_set_under_its_row_brings_the_rest_of_its_names_however_long() {
        // xian-party-publicity 表6: each row's code a line under it; a row whose names
        // wrap prints their rests beside the code ("30299  支出    支出").
        let rows = page(&[
            "表6 一般公共预算支出明细表".into(),
            at(&[
                (0, "部门经济科目编码"),
                (13, "科目名称"),
                (30, "政府经济科目名称"),
                (50, "合计"),
            ]),
            String::new(),
            at(&[(13, "工会经费"), (30, "办公经费"), (48, "176,204.31")]),
            at(&[(0, "30228")]),
            at(&[
                (13, "其他商品和服务"),
                (30, "其他商品和服务"),
                (46, "204,884,150.00"),
            ]),
            at(&[(0, "30299"), (8, "支出"), (30, "支出")]),
            at(&[(0, "303"), (8, "对个人和家庭的补助"), (50, "64,728.00")]),
        ]);
        assert_eq!(rows[3], ["30228", "工会经费", "办公经费", "176,204.31"]);
        assert_eq!(
            rows[5],
            [
                "30299",
                "其他商品和服务支出",
                "其他商品和服务支出",
                "204,884,150.00"
            ]
        );
        assert!(rows[4].iter().chain(&rows[6]).all(String::is_empty));
        assert_eq!(rows[7], ["303", "对个人和家庭的补助", "", "64,728.00"]);
    }

    #[test]
    fn expenditure_shifted_off_its_side_still_heads_all_of_it() {
        // foshan 财政拨款收入支出决算总表: 支出 stands over 合计, far left of the middle
        // of the expenditure side, whose last column is 政府性基金预算财政拨款.
        let rows = page(&[
            "表4 财政拨款收入支出决算总表".into(),
            at(&[(15, "收入"), (57, "支出")]),
            at(&[(70, "一般公共预算财"), (85, "政府性基金预算")]),
            at(&[(5, "项目"), (25, "金额"), (41, "项目"), (57, "合计")]),
            at(&[(72, "政拨款"), (86, "财政拨款")]),
            at(&[
                (0, "一、一般公共预算财政拨款"),
                (25, "1668.14"),
                (37, "一、一般公共服务支出"),
                (63, "0.00"),
                (77, "0.00"),
                (92, "0.00"),
            ]),
        ]);
        let header: Vec<&[String]> = rows[1..5].iter().map(Vec::as_slice).collect();
        let top = header
            .iter()
            .find(|r| r.contains(&"支出".to_string()))
            .unwrap();
        let at_expenditure = top.iter().position(|c| c == "支出").unwrap();
        // 支出 heads the name column of its side and everything right of it.
        let leaf = header.last().unwrap();
        assert_eq!(leaf[at_expenditure], "项目");
        assert_eq!(leaf.last().unwrap(), "政府性基金预算财政拨款");
        assert!(top[at_expenditure + 1..].iter().all(String::is_empty));
    }

    #[test]
    fn a_page_that_leaves_a_column_of_amounts_empty_is_not_matched_by_position() {
        // suzhou-transport 一般公共预算支出表: the converter closed up the empty 公用经费
        // column, so the project amount stands where 公用经费 stood.
        let mut carried = None;
        lay_out_page(
            &[
                "表7 一般公共预算支出表".into(),
                at(&[
                    (1, "科目编码"),
                    (17, "科目名称"),
                    (40, "合计"),
                    (55, "人员经费"),
                    (68, "公用经费"),
                    (80, "项目支出"),
                ]),
                at(&[
                    (1, "2140101"),
                    (17, "行政运行"),
                    (40, "2,729.18"),
                    (53, "2,287.21"),
                    (66, "441.97"),
                    (80, "0.00"),
                ]),
            ],
            &mut carried,
        );
        let next = [at(&[
            (1, "2149999"),
            (17, "其他"),
            (28, "5,997.60"),
            (40, "5,997.60"),
        ])];
        let laid = lay_out_page(&next, &mut carried);
        // Three columns of amounts for four: nothing says which, so the page stands on
        // its own columns.
        assert_eq!(laid[0].0, ["2149999", "其他", "5,997.60", "5,997.60"]);
    }

    #[test]
    fn a_long_line_of_two_cells_among_rows_is_no_title() {
        // xian-commerce: a project's name and its service, both wrapped above the row.
        let line = at(&[
            (0, "西安跨境电商综试区线上综合服务平台运维服务项"),
            (40, "西安跨境电商综试区线上综合服务平台"),
        ]);
        assert!(!is_title(&line, &atoms(&line)));
        let title = "2022年部门综合预算政府采购(资产配置、购买服务)预算表(不含上年结转)";
        assert!(is_title(title, &atoms(title)));
    }

    #[test]
    fn a_name_wrapped_over_three_lines_below_its_row_joins_it_brackets_and_all() {
        // xian-party-publicity 收支总表: "(5)资本性" / "支出 基本建设)" / "(".
        let rows = page(&[
            "表1 收支总表".into(),
            at(&[(0, "项目"), (12, "预算数"), (24, "项目"), (38, "预算数")]),
            at(&[
                (0, "5、上缴收入"),
                (14, "1.00"),
                (24, "(4)债务"),
                (40, "1.00"),
            ]),
            at(&[(24, "(5)资本性")]),
            at(&[(0, "6、其他收入"), (14, "0.00"), (40, "0.00")]),
            at(&[(24, "支出基本建设)")]),
            at(&[(24, "(")]),
        ]);
        assert_eq!(
            rows[4],
            ["6、其他收入", "0.00", "(5)资本性支出基本建设)(", "0.00"]
        );
        assert!(rows[5].iter().chain(&rows[6]).all(String::is_empty));
    }

    #[test]
    fn a_comparison_of_years_and_a_sentences_number_are_one_word() {
        assert_eq!(
            words("  2022 比 2021   -2.62   0"),
            ["2022 比 2021", "-2.62", "0"]
        );
        assert_eq!(
            words("-164.31   -2.63   年度减少 2.63 万元。"),
            ["-164.31", "-2.63", "年度减少 2.63 万元。"]
        );
        // Cells one space apart stay cells.
        assert_eq!(words("1 302   27"), ["1", "302", "27"]);
    }

    #[test]
    fn a_row_with_a_remark_is_a_row_not_prose() {
        let row = at(&[
            (13, "2021"),
            (25, "32.06"),
            (35, "27.06"),
            (45, "2022 年压缩培训费支出。"),
        ]);
        assert!(!is_prose(&atoms(&row)));
        let prose = "2022年收入预算1,234.56万元，比上年增加10万元。";
        assert!(is_prose(&atoms(prose)));
    }

    #[test]
    fn numbers_printed_a_step_lower_per_column_join_their_decimals_and_their_row() {
        // chongqing-commerce 部门支出总体情况表 as pdftotext -layout gives it: each
        // amount cut before its point, the next column's a line lower.
        let text: Vec<String> = [
            "          科目编码              科   目   名   称          总    计        基本支出        项目支出",
            "",
            "201             一般公共服务支出                                 23,103",
            "                                                              .76       15,177",
            "                                                                             .15    7,926",
            "                                                                                         .61",
            "",
            "2011301         行政运行                                          96",
            "                                                              .66       96",
            "                                                                        .66",
        ]
        .map(String::from)
        .to_vec();
        let laid = page(&text);
        let filled = |k: usize| filled_cells(&laid[k]);
        assert_eq!(
            filled(2),
            [
                "201",
                "一般公共服务支出",
                "23,103.76",
                "15,177.15",
                "7,926.61"
            ]
        );
        assert!((3..6).all(|k| filled(k).is_empty()));
        assert_eq!(filled(7), ["2011301", "行政运行", "96.66", "96.66"]);
    }

    #[test]
    fn a_name_whose_first_part_is_printed_above_its_row_joins_the_rows_tail() {
        let text: Vec<String> = [
            "科目编码    科目名称                  合计",
            "208        社会保障和就业支出         188,501.98",
            "           人力资源和社会保障管理事",
            "01         务                        40,781.39",
            "02         一般行政管理事务             941.00",
        ]
        .map(String::from)
        .to_vec();
        let laid = page(&text);
        assert!(
            laid[3].contains(&"人力资源和社会保障管理事务".to_string()),
            "{laid:?}"
        );
        assert!(laid[2].iter().all(String::is_empty));
    }

    #[test]
    fn a_staircase_of_wrapped_amounts_goes_back_onto_its_row() {
        // chongqing 收入总体情况表: each amount too wide for its cell prints its decimals
        // a line lower, and the next amount starts there, glued to them or not.
        let text: Vec<String> = [
            "  科目编码         科目名称        总计      一般公共  政府性基  事业收入   其他收入",
            "                  合 计           174,900",
            "                                      .64101,833",
            "                                               .8441,534",
            "                                                       .73   2,461",
            "                                                                 .25   717",
            "                                                                         .01",
            "",
            "201             一般公共服务支出         23,103",
            "                                      .76 16,604",
            "                                               .23",
        ]
        .map(String::from)
        .to_vec();
        let laid = page(&text);
        let filled = |k: usize| filled_cells(&laid[k]);
        assert_eq!(
            filled(1),
            [
                "合计",
                "174,900.64",
                "101,833.84",
                "41,534.73",
                "2,461.25",
                "717.01"
            ],
            "{laid:?}"
        );
        assert!((2..8).all(|k| filled(k).is_empty()), "{laid:?}");
        assert_eq!(
            filled(8),
            ["201", "一般公共服务支出", "23,103.76", "16,604.23"]
        );
        // Each amount stands under its own label, as wide as the table.
        assert_eq!(laid[1].len(), laid[0].len());
    }

    #[test]
    fn decimals_glued_to_the_next_amount_split_only_before_a_head_of_thousands() {
        assert_eq!(words(".64101,833"), [".64", "101,833"]);
        assert_eq!(words(".8441,534"), [".84", "41,534"]);
        // Not an amount's decimals and a head: left whole.
        assert_eq!(words(".6401833"), [".6401833"]);
        assert_eq!(words(".640,833"), [".640,833"]);
    }

    #[test]
    fn interleaved_cells_over_two_split_codes_head_their_own_parts() {
        // xian 政府采购预算表: 部门预算支出经济科目编码 (two lines) and 政府预算支出经济分类
        // 科目编码 (three) are centred beside each other, so their lines alternate; the
        // converter shifted the second cell and 预算金额 left of their columns.
        let rows = page(&[
            "政府采购预算表".into(),
            "                                                                                             政府预算支出".into(),
            "                                                                                      部门预算支出".into(),
            "           科目编码                                                                              经济分类科目".into(),
            "                                                             购买服                      经济科目编码".into(),
            "序号                    单位编码       采购项目            采购目录                规格型号      数量              编码   预算金额             说明".into(),
            "                                                             务内容".into(),
            "      类     款     项                                                                     类    款    类     款".into(),
            "14   214   01   02           交通综合业务经费        C0203数据处理服务                            1 302   27   502   05    15.00".into(),
        ]);
        let (parents, parts, values) = (&rows[6], &rows[7], &rows[8]);
        assert_eq!(
            parents[10..15],
            [
                "部门预算支出经济科目编码",
                "",
                "政府预算支出经济分类科目编码",
                "",
                "预算金额"
            ],
            "{rows:?}"
        );
        assert_eq!(parts[10..15], ["类", "款", "类", "款", ""]);
        assert_eq!(values[10..15], ["302", "27", "502", "05", "15.00"]);
    }

    #[test]
    fn a_classifications_name_wrapped_over_its_split_code_heads_its_parts() {
        // xian 政府采购预算表 (2021): 部门预 / 算支出 and 政府预 / 算支出 name no key, but
        // stand over the 类 | 款 of their codes.
        let rows = page(&[
            "政府采购预算表".into(),
            "                                                                                   部门预 政府预".into(),
            "       科目编码                                          购买                                    实施".into(),
            "                  单位编                                                              算支出 算支出".into(),
            "序号                              采购项目       采购目录      服务      规格型号        数量                采购    预算金额            说明".into(),
            "                   码".into(),
            "      类   款 项                                        内容                            类 款 类 款 时间".into(),
            " 1                         合计                                           267851.5                81,447,000.00".into(),
        ]);
        let header = rows
            .iter()
            .position(|r| r.contains(&"部门预算支出".to_string()))
            .expect("a header row with 部门预算支出");
        let parents = &rows[header];
        let k = parents
            .iter()
            .position(|c| c == "部门预算支出")
            .unwrap_or(0);
        assert_eq!(
            parents[k..k + 4],
            ["部门预算支出", "", "政府预算支出", ""],
            "{rows:?}"
        );
        assert_eq!(
            rows[header + 1][k..k + 4],
            ["类", "款", "类", "款"],
            "{rows:?}"
        );
    }

    #[test]
    fn amounts_wrapped_within_their_decimals_around_the_row_join_it() {
        // changchun 一般公共预算支出表: cells so narrow that each amount prints its last
        // digit under the row's line; hangzhou: a name centred between a number's head
        // and its tail is that row's.
        let text: Vec<String> = [
            "科目编码   功能分类科目名称     合计      小计     基本支出",
            "                     1378.4    1378.4",
            "201       一般公共服务支出                   903.85",
            "                        1        1",
            "",
            "                     226,000.00          226,000.0",
            "城乡社区支出",
            "                                               0",
        ]
        .map(String::from)
        .to_vec();
        let laid = page(&text);
        let filled = |k: usize| filled_cells(&laid[k]);
        assert_eq!(
            filled(2),
            ["201", "一般公共服务支出", "1378.41", "1378.41", "903.85"],
            "{laid:?}"
        );
        assert!(filled(1).is_empty() && filled(3).is_empty(), "{laid:?}");
        assert_eq!(
            filled(5),
            ["城乡社区支出", "226,000.00", "226,000.00"],
            "{laid:?}"
        );
        assert!(filled(6).is_empty() && filled(7).is_empty(), "{laid:?}");
    }

    #[test]
    fn letter_spaced_characters_under_two_cells_end_each_cell() {
        // changchun 支出总表: "基本支" and "项目支" wrap their last 出 onto a line of
        // their own, where the two read as one letter-spaced word.
        let rows = page(&[
            "支出总表".into(),
            at(&[
                (6, "科目编码"),
                (32, "合计"),
                (89, "基本支"),
                (96, "项目支"),
            ]),
            at(&[(42, "小计"), (82, "小计")]),
            at(&[(90, "出"), (97, "出")]),
            at(&[
                (6, "201"),
                (31, "1682.76"),
                (41, "1682.76"),
                (82, "0.00"),
                (89, "0.00"),
                (96, "0.00"),
            ]),
        ]);
        let header: Vec<String> = rows[1..4]
            .iter()
            .flat_map(|r| r.iter().filter(|c| !c.is_empty()).cloned())
            .collect();
        assert!(header.contains(&"基本支出".to_string()), "{rows:?}");
        assert!(header.contains(&"项目支出".to_string()), "{rows:?}");
    }

    #[test]
    fn a_budget_group_under_each_of_two_labels_is_their_child_not_their_last_line() {
        // changchun 一般公共预算支出表: 当年预算 and 上年结转结余 each over 小计 | 基本支出
        // (人员经费 | 公用经费) | 项目支出, with 项目支出 and 小计 merged down and wrapped.
        let rows = page(&[
            "本年一般公共预算支出表".into(),
            at(&[(58, "当年预算"), (97, "上年结转结余")]),
            at(&[
                (0, "科目编码"),
                (17, "功能分类科目名称"),
                (32, "合计"),
                (58, "基本支出"),
                (97, "基本支出"),
            ]),
            at(&[(76, "项目支"), (85, "小")]),
            at(&[(41, "小计"), (111, "项目支出")]),
            at(&[
                (58, "人员经"),
                (67, "公用经"),
                (77, "出"),
                (85, "计"),
                (92, "小"),
                (97, "人员经"),
                (104, "公用经"),
            ]),
            at(&[(49, "小计")]),
            at(&[(59, "费"), (68, "费"), (92, "计"), (98, "费"), (105, "费")]),
            at(&[
                (0, "201"),
                (10, "一般公共服务支出"),
                (31, "1378.41"),
                (40, "1378.41"),
                (49, "903.85"),
                (58, "692.85"),
                (67, "211.00"),
                (76, "474.56"),
                (85, "0.00"),
                (91, "0.00"),
                (97, "0.00"),
                (104, "0.00"),
                (111, "0.00"),
            ]),
        ]);
        let top = rows
            .iter()
            .find(|r| r.contains(&"上年结转结余".to_string()))
            .cloned()
            .unwrap_or_default();
        let under = |label: &str| {
            let k = top.iter().position(|c| c == label)?;
            let end = top[k + 1..]
                .iter()
                .position(|c| !c.is_empty())
                .map_or(top.len(), |e| k + 1 + e);
            Some(end - k)
        };
        // 上年结转结余 heads five columns: 小计, 基本支出's three, 项目支出.
        assert_eq!(under("上年结转结余"), Some(5), "{rows:?}");
        assert!(rows.iter().flatten().any(|c| c == "基本支出"), "{rows:?}");
    }

    #[test]
    fn numbered_names_just_above_the_first_row_are_its_names_not_the_header() {
        // xian 财政拨款收支总表, a continuation page: the header again, then the first
        // row's names wrapped around its line of values ("12、城乡社区" over the values
        // over "支出"). A header labels columns; it does not number them.
        let rows = page(&[
            "                   2021年部门综合预算财政拨款收支总表".into(),
            "                                                                                 单位：元".into(),
            "         收   入                                   支        出".into(),
            "".into(),
            "                                            部门预算支出经                    政府预算支出经".into(),
            "                   支出功能分科目".into(),
            "     项   目   预算数               预算数           济科目（按大       预算数          济科目（按大    预算数".into(),
            "                    （按大类）".into(),
            "                                               类）                         类）".into(),
            "                     12、城乡社区                     (6)资本性                12、债务还本".into(),
            "                                     0.00                 727500.00                    0.00".into(),
            "                   支出                       支出                       支出".into(),
            "                     13、农林水支                  (7)对企业                   13、转移性支".into(),
            "                                     0.00                       0.00                   0.00".into(),
            "                   出                      补助(基本建设)                   出".into(),
        ]);
        let row = rows
            .iter()
            .find(|r| r.contains(&"727500.00".to_string()))
            .cloned()
            .unwrap_or_default();
        for name in ["12、城乡社区", "(6)资本性", "12、债务还本"] {
            assert!(row.iter().any(|c| c.starts_with(name)), "{name}: {rows:?}");
        }
        assert!(
            !rows
                .iter()
                .flatten()
                .any(|c| c.contains("预算数") && c.contains("12、")),
            "{rows:?}"
        );
    }

    #[test]
    fn numbered_names_are_told_from_labels() {
        for name in [
            "15、资源勘探工业",
            "(9)对社会保障",
            "（10）其他",
            "八、社会保障和就业支出",
        ] {
            assert!(is_numbered_name(name), "{name}");
        }
        for label in [
            "预算数",
            "2026年",
            "(按大类)",
            "15、",
            "(9)",
            "一般公共预算",
        ] {
            assert!(!is_numbered_name(label), "{label}");
        }
    }
}
