//! A line of cells: what both front ends hand to the recogniser.
//!
//! The text front end splits each source line into cells; the PDF front end lays glyphs
//! out into bands and text lines, with a box per cell. Both give [`Line`]s, which the
//! recogniser classifies into rows. Defined here, below both front ends, so that
//! neither imports the other and the recogniser imports neither.
//!
//! Each front end also says which amounts it saw printed in table cells
//! ([`PrintedAmount`]), read independently of how it split lines into cells, so that
//! the document can audit that every one of them was placed.

use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

/// A box in page space: [left, top, right, bottom], in points from the top-left corner.
pub type Rect = [f64; 4];

/// The smallest box holding both.
#[cfg(feature = "pdf")]
pub fn union(a: Rect, b: Rect) -> Rect {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// How a line's cells were separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// No separator: the line is one cell.
    None,
    /// Tab characters.
    Tab,
    /// A markdown table row: `| a | b |`.
    Pipe,
    /// Runs of two or more spaces, or the positions of the words (space-aligned text).
    Spaces,
    /// Single spaces with the empty cells dropped (`pdftotext -raw`): the cells are in
    /// order but not in their columns, so which columns a short row's values belong to
    /// is not known.
    Packed,
}

/// The middle of a box.
pub fn center(r: &Rect) -> (f64, f64) {
    ((r[0] + r[2]) / 2.0, (r[1] + r[3]) / 2.0)
}

/// Whether a box holds the middle of another: the second is printed inside the first.
pub fn holds(outer: &Rect, inner: &Rect) -> bool {
    let (x, y) = center(inner);
    outer[0] <= x && x <= outer[2] && outer[1] <= y && y <= outer[3]
}

/// One line of cells, normalised and trimmed, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based number of the line: in a text, the line of the source it was read from
    /// (a front end may put lines in reading order, so numbers need not follow each
    /// other); from a PDF, its place among the document's laid-out lines.
    pub number: usize,
    /// 1-based page, when the text separates pages with form feeds, or from a PDF.
    pub page: Option<u32>,
    /// The cells; empty cells kept, since their positions place values under columns.
    pub cells: Vec<String>,
    /// Where each cell is on its page (PDF input only): [left, top, right, bottom].
    pub boxes: Vec<Option<Rect>>,
    /// How the cells were separated; [`Separator::None`] for a line that is one cell.
    pub separator: Separator,
}

/// An amount printed in a table cell, as a front end saw it, before any table was found.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedAmount {
    /// 1-based page, where the input has pages.
    pub page: Option<u32>,
    /// The line (1-based, as the rows are numbered) whose cell holds it, if known.
    pub line: Option<usize>,
    /// Where it is printed (PDF input only).
    pub bbox: Option<Rect>,
    /// As printed.
    pub text: String,
    /// Its value.
    pub amount: Decimal,
}

/// What counts as an amount in the audit: a decimal (16.19) or a comma-grouped number
/// (1,095 or 2,946.25), possibly negative. Plain integers are left out: they are as
/// often years, counts, codes and page numbers as amounts.
static AMOUNT_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-−]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+)$").expect("valid regex")
});

/// The amount a word prints, if the word is an amount in the sense of the audit.
pub fn amount_token(word: &str) -> Option<Decimal> {
    if !AMOUNT_TOKEN.is_match(word) {
        return None;
    }
    Decimal::from_str(&word.replace(',', "").replace('−', "-")).ok()
}
