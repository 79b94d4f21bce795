//! The PDF front end: PDF bytes → [`Line`]s of cells with their boxes.
//!
//! In: the bytes of a PDF. Out: per page, glyphs and ruling lines ([`read`]), laid out
//! into table bands and text lines in reading order ([`layout`]). Decides: which paths
//! are rules, where a cell's edges are, what is page furniture; fonts the interpreter
//! cannot decode are rewritten first ([`fonts`]). The amounts printed in table cells
//! are also read from the glyphs apart from the layout ([`words`]), for the audit.

mod fonts;
mod layout;
mod paint;
mod read;
mod words;

pub use layout::{PageInspection, inspect};
pub use read::{Extracted, extract, is_pdf};
pub use words::printed_amounts;

use crate::line::{Line, Separator, union};
use crate::text;

/// The laid-out lines of every page, cells normalised as text lines are.
pub fn lines(pages: &[read::PageGeometry]) -> Vec<Line> {
    let lines = layout::lay_out(pages);
    // An unruled line split at wide gaps is a table row only beside another such line;
    // alone it is a spaced-out heading ("第一部分    概况").
    let split = |i: usize| {
        lines
            .get(i)
            .is_some_and(|l| !l.positional && l.cells.len() > 1)
    };
    let alone: Vec<bool> = (0..lines.len())
        .map(|i| split(i) && !split(i + 1) && !(i > 0 && split(i - 1)))
        .collect();
    lines
        .into_iter()
        .zip(alone)
        .map(|(l, alone)| {
            let mut cells: Vec<String> = l
                .cells
                .iter()
                .map(|c| text::normalize(c).trim().to_string())
                .collect();
            let mut boxes = l.boxes;
            if alone {
                cells = vec![cells.join(" ")];
                boxes = vec![boxes.iter().flatten().copied().reduce(union)];
            }
            let separator = match (l.positional, cells.len()) {
                (true, _) => Separator::Tab,
                (false, 1) => Separator::None,
                (false, _) => Separator::Spaces,
            };
            Line {
                page: Some(l.page),
                cells,
                boxes,
                separator,
            }
        })
        .collect()
}

/// The laid-out text of every page: one line per table band or text line, cells
/// separated by tabs, pages ended by form feeds.
pub fn text(pages: &[read::PageGeometry]) -> String {
    let mut text = String::new();
    let mut page = None;
    for line in layout::lay_out(pages) {
        if page.is_some_and(|p| p != line.page) {
            text.push('\u{c}');
        }
        page = Some(line.page);
        // Cells of a table row by tabs; a line of text split at gaps, but standing
        // alone, is one cell, as the recogniser reads it from the PDF.
        text.push_str(&line.cells.join(if line.positional { "\t" } else { " " }));
        text.push('\n');
    }
    text
}
