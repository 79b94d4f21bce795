//! The text front end: bytes of a text export → [`Line`]s of cells.
//!
//! In: bytes, as a converter, a viewer's copy or a crawler wrote them. Out: one
//! normalised line of cells per source line, with its page when form feeds mark pages.
//! Decides: the encoding ([`decode`]), what is folded to ASCII ([`normalise`]), and
//! where one cell ends and the next begins ([`cells`]). Meta-line patterns ([`meta`])
//! live here too, because both front ends read them.

pub mod cells;
pub mod decode;
pub mod meta;
mod normalise;

pub use normalise::{clean, is_cjk, normalize, strip_markdown};

use crate::line::Line;

/// Splits a decoded text into lines of cells, numbering pages by its form feeds.
pub fn lines(text: &str) -> Vec<Line> {
    // pdftotext ends each page with a form feed; without any, pages are unknown.
    let paged = text.contains('\u{c}');
    let mut page = 1;
    text.lines()
        .map(|raw| {
            // A form feed before the text starts a page; one after it ends one.
            let feeds = raw.matches('\u{c}').count() as u32;
            let leading = (raw.len() - raw.trim_start_matches('\u{c}').len()) as u32;
            page += leading;
            let (cells, separator) = cells::split(&normalize(raw));
            let line = Line {
                page: paged.then_some(page),
                cells,
                boxes: Vec::new(),
                separator,
            };
            page += feeds - leading;
            line
        })
        .collect()
}
