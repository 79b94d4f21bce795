//! A line of cells: what both front ends hand to the recogniser.
//!
//! The text front end splits each source line into cells; the PDF front end lays glyphs
//! out into bands and text lines, with a box per cell. Both give [`Line`]s, which the
//! recogniser classifies into rows. Defined here, below both front ends, so that
//! neither imports the other and the recogniser imports neither.

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
    /// Runs of two or more spaces.
    Spaces,
}

/// One line of cells, normalised and trimmed, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based page, when the text separates pages with form feeds, or from a PDF.
    pub page: Option<u32>,
    /// The cells; empty cells kept, since their positions place values under columns.
    pub cells: Vec<String>,
    /// Where each cell is on its page (PDF input only): [left, top, right, bottom].
    pub boxes: Vec<Option<Rect>>,
    /// How the cells were separated; [`Separator::None`] for a line that is one cell.
    pub separator: Separator,
}
