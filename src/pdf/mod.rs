//! The PDF front end: PDF bytes → [`Line`]s of cells with their boxes.
//!
//! In: the bytes of a PDF. Out: per page, glyphs and ruling lines ([`read`]), laid out
//! into table bands and text lines in reading order ([`layout`]). Decides: which paths
//! are rules, where a cell's edges are, what is page furniture. Before the interpreter
//! runs, fonts it cannot decode are rewritten ([`fonts`], [`unicode`]), and each page's
//! content is prepared so that it sees clips, forms and colours ([`content`]). The
//! amounts printed in table cells are also read from the glyphs apart from the layout
//! ([`words`]), for the audit.

mod bounds;
mod cmap_reader;
mod cmaps;
mod content;
mod file;
mod filters;
mod fonts;
mod layout;
mod read;
mod syntax;
mod unicode;
mod words;

pub use layout::{PageInspection, inspect};
pub use read::{Extracted, extract, is_pdf};
pub use words::printed_amounts;

use crate::line::{Line, Separator, union};
use crate::model::{Finding, Severity};
use crate::text;

/// What the front end found while reading: pages it could not read, fonts it had to
/// rewrite or decode through their own program, and text it could not decode at all.
pub fn findings(extracted: &Extracted) -> Vec<Finding> {
    let finding = |severity, rule: &str, page: Option<u32>, message: String| Finding {
        severity,
        rule: rule.to_string(),
        message,
        page,
        ..Default::default()
    };
    let mut out: Vec<Finding> = extracted
        .failures
        .iter()
        .map(|f| {
            let message = format!("page {}: {}", f.page, f.reason);
            finding(Severity::Error, "page_unreadable", Some(f.page), message)
        })
        .collect();
    out.extend(extracted.notes.iter().map(|n| {
        // A repair loses nothing; a limit or a broken font loses what it cuts.
        let severity = if n.rule == "pdf_repaired" {
            Severity::Info
        } else {
            Severity::Warning
        };
        finding(severity, n.rule, None, n.message.clone())
    }));
    out.extend(extracted.rewritten_fonts.iter().map(|font| {
        let message =
            format!("font {font} uses a predefined CMap; decoded through an embedded one");
        finding(Severity::Info, "font_rewritten", None, message)
    }));
    out.extend(extracted.unicode.decoded.iter().map(|font| {
        let message = format!(
            "font {font} has no ToUnicode map; its text is decoded through the cmap of its \
             embedded font program"
        );
        finding(Severity::Info, "font_decoded_from_program", None, message)
    }));
    let undecodable = &extracted.unicode.undecodable;
    for page in extracted.pages.iter().filter(|p| p.undecoded > 0) {
        let fonts = if undecodable.is_empty() {
            String::new()
        } else {
            format!(
                " (fonts with no way to Unicode in this document: {})",
                undecodable.join(", ")
            )
        };
        let message = format!(
            "page {}: {} glyphs decode to no text and are missing from the output{fonts}",
            page.number, page.undecoded
        );
        out.push(finding(
            Severity::Warning,
            "text_undecodable",
            Some(page.number),
            message,
        ));
    }
    out
}

/// `work` done for every page on up to `threads` threads, each taking every
/// `threads`-th page; the results come back in page order. (Pages are laid out and
/// audited each on its own, so that they can be.) A time-out or a panic on a page goes
/// on up as it came; a thread that cannot start leaves its pages to the caller's.
pub(crate) fn per_page<T: Send>(
    pages: &[read::PageGeometry],
    threads: usize,
    work: impl Fn(usize, &read::PageGeometry) -> T + Sync,
) -> Vec<T> {
    let threads = threads.clamp(1, pages.len().max(1));
    if threads == 1 {
        return pages.iter().enumerate().map(|(i, p)| work(i, p)).collect();
    }
    let deadline = crate::deadline::current();
    let share = |first: usize| -> Vec<(usize, T)> {
        crate::deadline::set(deadline);
        (first..pages.len())
            .step_by(threads)
            .map(|i| (i, work(i, &pages[i])))
            .collect()
    };
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let started: Vec<_> = (1..threads)
            .map(|first| {
                let share = &share;
                let thread = std::thread::Builder::new()
                    .name("yusuan-pages".into())
                    .stack_size(crate::deadline::STACK_BYTES)
                    .spawn_scoped(scope, move || share(first));
                (first, thread)
            })
            .collect();
        let mut done = share(0);
        for (first, thread) in started {
            match thread {
                Ok(thread) => done.extend(
                    thread
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                ),
                Err(_) => done.extend(share(first)),
            }
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// The glyphs a reader sees on each page (see [`layout::visible_glyphs`]), found once
/// for the layout and the audit, on up to `threads` threads.
pub fn visible(pages: &[read::PageGeometry], threads: usize) -> Vec<Vec<read::Glyph>> {
    per_page(pages, threads, |_, page| layout::visible_glyphs(page))
}

/// The laid-out lines of every page, cells normalised as text lines are; pages laid
/// out on up to `threads` threads. `visible`: [`visible`]'s glyphs of each page.
pub fn lines(
    pages: &[read::PageGeometry],
    visible: &[Vec<read::Glyph>],
    threads: usize,
) -> Vec<Line> {
    let lines = layout::lay_out_seen(pages, visible, threads);
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
        .enumerate()
        .map(|(i, (l, alone))| {
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
                number: i + 1,
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
    for line in layout::lay_out(pages, 1) {
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
