//! Classified rows → blocks of prose and raw tables, with nom.
//!
//! The parsers run over a sequence of [`Row`]s through the [`Rows`] newtype, which
//! implements nom's [`Input`]. A table is
//!
//! ```text
//! table        = [title] (blank | meta)* page (continuation)* (blank | note)*
//! page         = cells (cells | rule)*
//! continuation = (blank | rule)* [same title] (blank | meta)* page
//! ```
//!
//! where a continuation is accepted only if its page starts with the table's first
//! header row again (the title block repeated after a page break) or, with no title or
//! meta of its own, has the table's width. A block of rows that fits neither starts a
//! table of its own, untitled if nothing titles it: it is never glued onto its
//! neighbour.

use std::iter::Enumerate;
use std::slice::Iter;

use nom::error::{ContextError, ErrorKind, ParseError};
use nom::multi::many0;
use nom::{IResult, Input, Needed, Parser};

use super::rows::{Row, RowKind};

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
    /// The title row, if the table has one.
    pub title: Option<&'a Row>,
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

    /// First and last line of the table.
    pub fn lines(&self) -> (usize, usize) {
        let all = self
            .title
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
    let (input, title) = nom::combinator::opt(row(is_title)).parse(input)?;
    let (input, meta) = meta_block(input)?;
    let (mut input, first_page) = nom::error::context("table body", page).parse(input)?;
    let mut t = RawTable {
        title,
        meta,
        pages: vec![first_page],
        notes: Vec::new(),
    };
    let title_text = t.title.and_then(Row::text).map(str::to_string);
    let header = t.pages[0][0].signature();
    while let Ok((rest, (meta, page))) =
        continuation(title_text.as_deref(), &header, t.width()).parse(input)
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

/// The next page of a table titled `title` whose first row is `header`, after a page
/// break.
fn continuation<'a, 'p>(
    title: Option<&'p str>,
    header: &'p [String],
    width: usize,
) -> impl Parser<Rows<'a>, Output = (Vec<&'a Row>, Vec<&'a Row>), Error = RecogniseError> + 'p {
    move |input: Rows<'a>| -> PResult<'a, _> {
        let (input, _) = many0(row(|r| is_blank(r) || is_rule(r))).parse(input)?;
        let (input, repeated) =
            nom::combinator::opt(row(|r| title.is_some() && r.text() == title)).parse(input)?;
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
        let plain = repeated.is_none() && meta.is_empty();
        if repeats_header || (plain && same_width) {
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
                Block::Table(t) => Some((
                    t.title.and_then(Row::text).map(str::to_string),
                    t.pages.iter().map(Vec::len).collect(),
                )),
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
}
