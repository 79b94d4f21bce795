//! Classified rows → blocks of prose and raw tables, with nom.
//!
//! The parsers run over a sequence of [`Row`]s through the [`Rows`] newtype, which
//! implements nom's [`Input`]. A table is
//!
//! ```text
//! table        = [title block] (blank | meta)* page (continuation)* (blank | note)*
//! title block  = [label] title [rest of a broken title] [subtitle]
//! page         = cells (cells | rule)*
//! continuation = (blank | rule)* (line of the same title block)* (blank | meta)* page
//! ```
//!
//! where a label is "表5" or "附表14-3", a subtitle is in brackets ("(按支出功能分类科目)"),
//! and a continuation is accepted only if it repeats the table's title or label, or its
//! page starts with the table's first header row again, or has the table's width and
//! either no title or meta of its own or a first row of data (a code or an amount). A
//! page that repeats a project form's title over another project's form is a new table. A block of rows that fits neither starts a
//! table of its own, untitled if nothing titles it: it is never glued onto its
//! neighbour.

use std::iter::Enumerate;
use std::slice::Iter;

use std::sync::LazyLock;

use nom::combinator::opt;
use nom::error::{ContextError, ErrorKind, ParseError};
use nom::multi::many0;
use nom::{IResult, Input, Needed, Parser};

use regex::Regex;

use super::rows::{Row, RowKind};
use crate::text::labels;

/// A sequence of rows as nom input.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a>(pub &'a [Row]);

impl<'a> Input for Rows<'a> {
    type Item = &'a Row;
    type Iter = Iter<'a, Row>;
    type IterIndices = Enumerate<Iter<'a, Row>>;

    fn input_len(&self) -> usize {
        self.0.len()
    }
    fn take(&self, index: usize) -> Self {
        Rows(&self.0[..index])
    }
    fn take_from(&self, index: usize) -> Self {
        Rows(&self.0[index..])
    }
    fn take_split(&self, index: usize) -> (Self, Self) {
        let (prefix, suffix) = self.0.split_at(index);
        (Rows(suffix), Rows(prefix))
    }
    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.0.iter().position(predicate)
    }
    fn iter_elements(&self) -> Self::Iter {
        self.0.iter()
    }
    fn iter_indices(&self) -> Self::IterIndices {
        self.0.iter().enumerate()
    }
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.0.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.0.len()))
        }
    }
}

/// Why a row did not fit the grammar, with the contexts it was tried in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecogniseError {
    /// The line the parser stood on, if any.
    pub line: Option<usize>,
    /// The nom combinator that failed.
    pub kind: ErrorKind,
    /// The grammar rules being tried, innermost first.
    pub context: Vec<&'static str>,
}

impl<'a> ParseError<Rows<'a>> for RecogniseError {
    fn from_error_kind(input: Rows<'a>, kind: ErrorKind) -> Self {
        RecogniseError {
            line: input.0.first().map(|r| r.line),
            kind,
            context: Vec::new(),
        }
    }
    fn append(_: Rows<'a>, _: ErrorKind, other: Self) -> Self {
        other
    }
}

impl<'a> ContextError<Rows<'a>> for RecogniseError {
    fn add_context(_: Rows<'a>, ctx: &'static str, mut other: Self) -> Self {
        other.context.push(ctx);
        other
    }
}

type PResult<'a, O> = IResult<Rows<'a>, O, RecogniseError>;

/// A table as printed: title, meta, pages of cell rows, notes.
#[derive(Debug, Clone)]
pub struct RawTable<'a> {
    /// The title row, if the table has one: the first line of the title proper (the label
    /// alone, when nothing else titles the table).
    pub title: Option<&'a Row>,
    /// Every line of the title block, in order: label, title, the rest of a title broken
    /// over two lines, subtitle.
    pub title_rows: Vec<&'a Row>,
    /// The label line ("表5"), when a title follows it.
    pub label: Option<&'a Row>,
    /// Meta rows, from every page.
    pub meta: Vec<&'a Row>,
    /// The cell rows of each page; later pages may repeat the header.
    pub pages: Vec<Vec<&'a Row>>,
    /// Note rows under the table.
    pub notes: Vec<&'a Row>,
}

impl RawTable<'_> {
    /// Number of cells in the table's widest row.
    pub fn width(&self) -> usize {
        self.pages
            .iter()
            .flatten()
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
    }

    /// The title: the lines of the title block after the label, joined.
    pub fn title_text(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .title_rows
            .iter()
            .filter(|r| self.label.is_none_or(|l| l.line != r.line))
            .filter_map(|r| r.text())
            .collect();
        (!parts.is_empty()).then(|| parts.concat())
    }

    /// First and last line of the table.
    pub fn lines(&self) -> (usize, usize) {
        let all = self
            .title_rows
            .iter()
            .chain(&self.meta)
            .chain(self.pages.iter().flatten())
            .chain(&self.notes);
        let first = all.clone().map(|r| r.line).min().unwrap_or(0);
        let last = all.map(|r| r.line).max().unwrap_or(0);
        (first, last)
    }
}

/// A block of the document.
#[derive(Debug, Clone)]
pub enum Block<'a> {
    /// A table.
    Table(RawTable<'a>),
    /// A row outside any table: prose, a heading, a blank line.
    Other,
}

/// Splits rows into blocks. Never fails: a row that starts no table is [`Block::Other`].
pub fn recognise(rows: &[Row]) -> Vec<Block<'_>> {
    let mut input = Rows(rows);
    let mut blocks = Vec::new();
    while !input.0.is_empty() {
        match table(input) {
            Ok((rest, t)) if rest.0.len() < input.0.len() => {
                blocks.push(Block::Table(t));
                input = rest;
            }
            _ => {
                // Every row up to the end of a run of blank and meta rows would fail the
                // same way: skip the run at once, so that a long run costs linear time.
                let run = input
                    .0
                    .iter()
                    .take_while(|r| is_blank(r) || is_meta(r) || is_rule(r))
                    .count()
                    .max(1);
                blocks.extend(input.0[..run].iter().map(|_| Block::Other));
                input = input.take_from(run);
            }
        }
    }
    blocks
}

/// One row satisfying `pred`.
fn row<'a>(
    pred: impl Fn(&Row) -> bool,
) -> impl Parser<Rows<'a>, Output = &'a Row, Error = RecogniseError> {
    move |input: Rows<'a>| -> PResult<'a, &'a Row> {
        match input.0.first() {
            Some(r) if pred(r) => Ok((input.take_from(1), r)),
            _ => Err(nom::Err::Error(RecogniseError::from_error_kind(
                input,
                ErrorKind::Verify,
            ))),
        }
    }
}

fn is_blank(r: &Row) -> bool {
    matches!(r.kind, RowKind::Blank)
}
fn is_meta(r: &Row) -> bool {
    matches!(r.kind, RowKind::Meta(_))
}
fn is_cells(r: &Row) -> bool {
    matches!(r.kind, RowKind::Cells)
}
fn is_rule(r: &Row) -> bool {
    matches!(r.kind, RowKind::Rule)
}

/// A line that can title a table: short text with words, not the end of a sentence.
fn is_title(r: &Row) -> bool {
    r.text().is_some_and(|t| {
        t.chars().count() <= 60
            && t.chars()
                .any(|c| crate::text::is_cjk(c) || c.is_alphabetic())
            && !t.ends_with(['。', ';', ',', ':', '；', '，'])
    })
}

static SUBTITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\([^()]{2,40}\)$").expect("valid regex"));
/// How a table's title ends: "…表", perhaps with a bracketed qualifier.
static ENDS_A_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"表(\([^()]*\))?$").expect("valid regex"));
/// Longest second line of a title broken over two lines.
const MAX_TITLE_TAIL: usize = 24;

/// A table's label on a line of its own: "表5", "附表14-3".
fn is_label(r: &Row) -> bool {
    r.text().is_some_and(labels::is_table_label)
}

/// A subtitle in brackets under a title: "(按支出功能分类科目-不含上年结转)".
fn is_subtitle(r: &Row) -> bool {
    r.text().is_some_and(|t| SUBTITLE.is_match(t))
}

/// Whether `next` is the rest of the title `first` broken over two lines: `first` does
/// not end as a title does and is no heading; `next` is short and ends the title or the
/// bracket `first` opened.
fn continues_title(first: &Row, next: &Row) -> bool {
    let (Some(a), Some(b)) = (first.text(), next.text()) else {
        return false;
    };
    // "…明细表(按支出功能分类科" over "目-不含上年结转)": the bracket closes on the next line.
    let open_bracket =
        a.matches('(').count() > a.matches(')').count() && b.ends_with(')') && !b.contains('(');
    is_title(next)
        && !ENDS_A_TITLE.is_match(a)
        && !labels::is_heading(a)
        && (ENDS_A_TITLE.is_match(b) || open_bracket)
        && b.chars().count() <= MAX_TITLE_TAIL
}

/// The title block: an optional label, the title, the rest of a broken title, a subtitle.
fn title_block(input: Rows<'_>) -> PResult<'_, Vec<&Row>> {
    let (input, label) = opt(row(is_label)).parse(input)?;
    // Converters that keep the page's spacing put blank lines between label and title.
    let (input, _) = many0(row(|r| label.is_some() && is_blank(r))).parse(input)?;
    let (input, title) = opt(row(is_title)).parse(input)?;
    let mut rows: Vec<&Row> = label.into_iter().chain(title).collect();
    let Some(&last) = rows.last() else {
        return Err(nom::Err::Error(RecogniseError::from_error_kind(
            input,
            ErrorKind::Verify,
        )));
    };
    let (input, tail) = opt(row(|r| title.is_some() && continues_title(last, r))).parse(input)?;
    let (input, subtitle) = opt(row(is_subtitle)).parse(input)?;
    rows.extend(tail);
    rows.extend(subtitle);
    Ok((input, rows))
}

/// Whether a row is data rather than a header or a form's label: it holds an amount or
/// a classification code.
fn is_data(r: &Row) -> bool {
    r.cells.iter().any(|c| {
        let c = c.trim();
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_digit() || ",.-".contains(ch))
            && c.chars().any(|ch| ch.is_ascii_digit())
    })
}

/// A page of cell rows: a row of cells, then cells and rules.
fn page(input: Rows<'_>) -> PResult<'_, Vec<&Row>> {
    let (input, first) = row(is_cells).parse(input)?;
    let (input, more) = many0(row(|r| is_cells(r) || is_rule(r))).parse(input)?;
    let mut rows = vec![first];
    rows.extend(more.into_iter().filter(|r| is_cells(r)));
    Ok((input, rows))
}

/// Meta rows, with blank lines and rules (a markdown table's empty head) among them.
fn meta_block(input: Rows<'_>) -> PResult<'_, Vec<&Row>> {
    let (input, rows) = many0(row(|r| is_blank(r) || is_meta(r) || is_rule(r))).parse(input)?;
    Ok((input, rows.into_iter().filter(|r| is_meta(r)).collect()))
}

fn table(input: Rows<'_>) -> PResult<'_, RawTable<'_>> {
    let (input, title_rows) = opt(title_block).parse(input)?;
    let title_rows = title_rows.unwrap_or_default();
    // A label is the title when nothing else titles the table.
    let label = title_rows
        .first()
        .copied()
        .filter(|r| title_rows.len() > 1 && is_label(r));
    let title = title_rows.get(usize::from(label.is_some())).copied();
    let (input, meta) = meta_block(input)?;
    let (mut input, first_page) = nom::error::context("table body", page).parse(input)?;
    let mut t = RawTable {
        title,
        title_rows,
        label,
        meta,
        pages: vec![first_page],
        notes: Vec::new(),
    };
    let title_lines: Vec<String> = t
        .title_rows
        .iter()
        .filter_map(|r| r.text())
        .map(str::to_string)
        .collect();
    let header = t.pages[0][0].signature();
    // A page continues as wide as the page before it (a page that prints a header of its
    // own may be laid out narrower or wider than the first).
    let last_width = |t: &RawTable<'_>| {
        t.pages
            .last()
            .and_then(|p| p.iter().map(|r| r.cells.len()).max())
            .unwrap_or(0)
    };
    while let Ok((rest, (meta, page))) =
        continuation(&title_lines, &header, last_width(&t)).parse(input)
    {
        t.meta.extend(meta);
        t.pages.push(page);
        input = rest;
    }
    let (input, notes) =
        many0(row(|r| is_blank(r) || matches!(r.kind, RowKind::Note(_)))).parse(input)?;
    t.notes = notes.into_iter().filter(|r| !is_blank(r)).collect();
    Ok((input, t))
}

/// The next page of a table whose title block has `title_lines` and whose first row is
/// `header`, after a page break.
fn continuation<'a, 'p>(
    title_lines: &'p [String],
    header: &'p [String],
    width: usize,
) -> impl Parser<Rows<'a>, Output = (Vec<&'a Row>, Vec<&'a Row>), Error = RecogniseError> + 'p {
    move |input: Rows<'a>| -> PResult<'a, _> {
        let (input, _) = many0(row(|r| is_blank(r) || is_rule(r))).parse(input)?;
        let (input, repeated) = many0(row(|r| {
            is_blank(r) || r.text().is_some_and(|t| title_lines.iter().any(|l| l == t))
        }))
        .parse(input)?;
        let repeated: Vec<&Row> = repeated.into_iter().filter(|r| !is_blank(r)).collect();
        let (rest, meta) = meta_block(input)?;
        let (rest, page) = page(rest)?;
        let repeats_header = page[0].signature() == header;
        let same_width = page
            .iter()
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
            .abs_diff(width)
            <= 1;
        let plain = repeated.is_empty() && meta.is_empty();
        // A form printed once per project repeats its title over a new form.
        let next_form = !repeated.is_empty() && super::form::is_project_form_page(&page);
        // A page under the table's own title (or label) is the table's, whatever its
        // first row: a form's second page starts with the rows it runs on with.
        let retitled = repeated.iter().any(|r| !is_subtitle(r));
        if !next_form && (repeats_header || retitled || (same_width && (plain || is_data(page[0]))))
        {
            Ok((rest, (meta, page)))
        } else {
            Err(nom::Err::Error(RecogniseError::from_error_kind(
                input,
                ErrorKind::Verify,
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::rows::classify;

    fn tables(text: &str) -> Vec<(Option<String>, Vec<usize>)> {
        let rows = classify(crate::text::lines(text));
        recognise(&rows)
            .into_iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some((t.title_text(), t.pages.iter().map(Vec::len).collect())),
                Block::Other => None,
            })
            .collect()
    }

    #[test]
    fn title_meta_header_body() {
        let text = "前言。\n\n2023年部门收支预算表\n\n部门名称：信访局\n单位：万元\n\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n合计\t1.00\t合计\t1.00\n\n注：说明。\n";
        assert_eq!(
            tables(text),
            [(Some("2023年部门收支预算表".into()), vec![3])]
        );
    }

    #[test]
    fn page_break_with_repeated_title_block_is_one_table() {
        let text = "# 收支总表\n543 信访局\n单位：万元\n序号\t项目\t金额\n1\t一\t1.00\n\n## 543 信访局\n单位：万元\n序号\t项 目\t金额\n2\t二\t2.00\n";
        assert_eq!(tables(text), [(Some("收支总表".into()), vec![2, 2])]);
    }

    #[test]
    fn page_break_without_header_continues_when_width_matches() {
        let text = "表一\n代码\t名称\t金额\n1\ta\t1.00\n\n2\tb\t2.00\n";
        assert_eq!(tables(text), [(Some("表一".into()), vec![2, 1])]);
    }

    #[test]
    fn a_page_with_a_header_of_its_own_width_runs_on_past_blank_lines() {
        // A converter lays out each page's columns apart: the second page is narrower,
        // and its rows are split by blank lines.
        let text = "表一\n代码\t名称\t金额\t备注\t\t\n1\ta\t1.00\t\t\t\n\n表一\n代码\t名称\t金额\n2\tb\t2.00\n\n3\tc\t3.00\n";
        assert_eq!(tables(text), [(Some("表一".into()), vec![2, 2, 1])]);
    }

    #[test]
    fn stray_block_of_another_width_is_its_own_untitled_table() {
        let text = "表一\n代码\t名称\t金额\t\t\t\n1\ta\t1.00\t\t\t\n\n\t\tx\t\n\t\ty\t\n";
        assert_eq!(
            tables(text),
            [(Some("表一".into()), vec![2]), (None, vec![2])]
        );
    }

    #[test]
    fn prose_before_a_table_does_not_title_it() {
        let text = "这是一段很长的说明文字，以句号结束。\n\n代码\t名称\n1\ta\n";
        assert_eq!(tables(text), [(None, vec![2])]);
    }

    #[test]
    fn a_label_title_and_subtitle_are_one_title_block() {
        let text = "表5\n2021年一般公共预算支出明细表\n(按支出功能分类科目)\n单位：元\n代码\t名称\t金额\n201\ta\t1.00\n";
        assert_eq!(
            tables(text),
            [(
                Some("2021年一般公共预算支出明细表(按支出功能分类科目)".into()),
                vec![2]
            )]
        );
    }

    #[test]
    fn a_title_broken_over_two_lines_is_joined() {
        let text = "2022年部门综合预算政府采购(资产配置、购买服务)\n预算表(不含上年结转)\n代码\t名称\t金额\n201\ta\t1.00\n";
        assert_eq!(
            tables(text)[0].0.as_deref(),
            Some("2022年部门综合预算政府采购(资产配置、购买服务)预算表(不含上年结转)")
        );
        // A heading is not the first half of the title under it.
        let text = "三、支出预算情况\n支出总表\n代码\t名称\t金额\n201\ta\t1.00\n";
        assert_eq!(tables(text)[0].0.as_deref(), Some("支出总表"));
    }

    #[test]
    fn a_page_that_repeats_the_title_block_continues_the_table() {
        // With the header repeated, or with data rows of the table's width.
        let head = "表5\n支出明细表\n(按功能分类)\n代码\t名称\t金额\n";
        let text = format!("{head}201\ta\t1.00\n\u{c}{head}202\tb\t2.00\n");
        assert_eq!(
            tables(&text),
            [(Some("支出明细表(按功能分类)".into()), vec![2, 2])]
        );
        let text = format!("{head}201\ta\t1.00\n\u{c}支出明细表\n202\tb\t2.00\n");
        assert_eq!(
            tables(&text),
            [(Some("支出明细表(按功能分类)".into()), vec![2, 1])]
        );
    }

    #[test]
    fn blank_lines_between_label_and_title_keep_them_one_title_block() {
        // A converter that keeps the page's spacing: the label, blank lines, the title;
        // the next page repeats them, and the table runs on.
        let head = "公开表2\n\n\n收入表\n单位:万元\n代码\t名称\t金额\n";
        let text = format!("{head}201\ta\t1.00\n\n\u{c}{head}202\tb\t2.00\n");
        assert_eq!(tables(&text), [(Some("收入表".into()), vec![2, 2])]);
    }

    #[test]
    fn a_project_form_printed_once_per_page_is_a_table_per_page() {
        let page = |name: &str| {
            format!(
                "政策和项目预算绩效目标表\n项目名称\t\t{name}\n主管部门\t\t某局\n总体目标\t\t保障运行\n"
            )
        };
        // The same project name on both pages: still two forms.
        let text = format!("{}\u{c}{}", page("公车统管"), page("公车统管"));
        assert_eq!(tables(&text).len(), 2);
    }
}
