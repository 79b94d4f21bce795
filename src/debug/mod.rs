//! Pictures of what yusuan made of its input, for finding out why an amount was lost.
//!
//! In: the bytes of a PDF or a text, as [`parse_any`](crate::parse_any) takes them. Out:
//! per PDF page an SVG of glyphs, rules, grids, tables, values, header rows, page
//! furniture and findings ([`draw_pdf`]); for any input a listing of each line's class,
//! cells and placement ([`annotate`]). Decides nothing about the document: it only shows.

mod listing;
#[cfg(feature = "pdf")]
mod svg;

use std::collections::{HashMap, HashSet};

use crate::model::{Document, Value};
use crate::recognise::rows::{Row, RowKind};
use crate::{Error, Options};

pub use listing::annotate_str;

/// One page drawn as an SVG image.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDrawing {
    /// 1-based page number.
    pub page: u32,
    /// The SVG document.
    pub svg: String,
}

/// A PDF read for drawing: the document yusuan made of it and what its layout saw on
/// each page. Add findings of your own through [`PdfDebug::document_mut`] before
/// drawing to see them on the page.
#[cfg(feature = "pdf")]
#[derive(Debug, Clone)]
pub struct PdfDebug {
    source: String,
    document: Document,
    rows: Vec<Row>,
    pages: Vec<crate::pdf::PageInspection>,
    failures: Vec<(u32, String)>,
}

#[cfg(feature = "pdf")]
impl PdfDebug {
    /// The document, as [`parse_pdf`](crate::parse_pdf) returns it.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The document, to add or change findings before drawing.
    pub fn document_mut(&mut self) -> &mut Document {
        &mut self.document
    }

    /// The number of pages of the PDF, unreadable ones included.
    pub fn page_count(&self) -> u32 {
        (self.pages.len() + self.failures.len()) as u32
    }

    /// Draws one page (1-based). A page outside the document is an
    /// [`ErrorKind::PageOutOfRange`](crate::ErrorKind::PageOutOfRange) naming the source.
    pub fn draw(&self, page: u32) -> Result<String, Error> {
        self.check_page(page)?;
        if let Some(inspection) = self.pages.iter().find(|p| p.number == page) {
            return Ok(svg::page(
                inspection,
                &self.document,
                &self.rows,
                &self.source,
            ));
        }
        let reason = self
            .failures
            .iter()
            .find(|(p, _)| *p == page)
            .map_or("no geometry", |(_, r)| r.as_str());
        Ok(svg::unreadable(page, reason, &self.source))
    }

    fn check_page(&self, page: u32) -> Result<(), Error> {
        let pages = self.page_count();
        if page == 0 || page > pages {
            let kind = crate::ErrorKind::PageOutOfRange { page, pages };
            return Err(Error::new(kind).with_source(&self.source));
        }
        Ok(())
    }
}

/// Reads a PDF for drawing. `source` names it in the drawing and in errors.
#[cfg(feature = "pdf")]
pub fn inspect_pdf(bytes: &[u8], source: &str, options: &Options) -> Result<PdfDebug, Error> {
    crate::check_size(bytes, options).map_err(|e| e.with_source(source))?;
    let (owned, name) = (bytes.to_vec(), source.to_string());
    let threads = options.threads();
    crate::deadline::run(options.time_limit, move || {
        let extracted = crate::pdf::extract(&owned, threads)?;
        let (rows, document) = crate::pdf_document(&extracted, &name);
        Ok(PdfDebug {
            source: name,
            document,
            rows,
            pages: crate::pdf::inspect(&extracted.pages),
            failures: extracted
                .failures
                .iter()
                .map(|f| (f.page, f.reason.clone()))
                .collect(),
        })
    })
    .map_err(|e| e.with_source(source))
}

/// Draws the given pages of a PDF (all of them for `None`), one SVG each. A page
/// outside the document is an error, found before anything is drawn.
#[cfg(feature = "pdf")]
pub fn draw_pdf(
    bytes: &[u8],
    source: &str,
    pages: Option<std::ops::RangeInclusive<u32>>,
    options: &Options,
) -> Result<Vec<PageDrawing>, Error> {
    let debug = inspect_pdf(bytes, source, options)?;
    let pages = pages.unwrap_or(1..=debug.page_count());
    debug.check_page(*pages.start())?;
    debug.check_page(*pages.end())?;
    pages
        .map(|page| {
            Ok(PageDrawing {
                page,
                svg: debug.draw(page)?,
            })
        })
        .collect()
}

/// The annotated listing of a disclosure, PDF or text (see [`annotate_str`]): for a
/// PDF, the lines its layout gave the recogniser.
pub fn annotate(bytes: &[u8], source: &str, options: &Options) -> Result<String, Error> {
    crate::check_size(bytes, options).map_err(|e| e.with_source(source))?;
    #[cfg(feature = "pdf")]
    if crate::pdf::is_pdf(bytes) {
        let debug = inspect_pdf(bytes, source, options)?;
        return Ok(listing::listing(&debug.rows, &debug.document));
    }
    let decoded = crate::decode(bytes, options.encoding).map_err(|e| e.with_source(source))?;
    Ok(annotate_str(&decoded.text, source))
}

/// Where the document placed things: for each source line, the values placed from it
/// with their table's index.
struct Placements<'d> {
    by_line: HashMap<usize, Vec<(usize, &'d Value)>>,
    /// Lines that gave a record.
    records: HashSet<usize>,
}

impl<'d> Placements<'d> {
    fn of(doc: &'d Document) -> Self {
        let mut by_line: HashMap<usize, Vec<(usize, &Value)>> = HashMap::new();
        let mut records = HashSet::new();
        for (t, table) in doc.tables.iter().enumerate() {
            for r in &table.records {
                records.insert(r.line);
                for v in &r.values {
                    by_line.entry(v.line).or_default().push((t, v));
                }
            }
        }
        Placements { by_line, records }
    }

    /// The table whose lines hold `line`.
    fn table_at(doc: &Document, line: usize) -> Option<usize> {
        doc.tables
            .iter()
            .position(|t| t.lines.0 <= line && line <= t.lines.1)
    }

    /// A row of cells inside a table that gave neither a record nor a value: a header
    /// row, a repeated header, or a row the table could not use.
    fn is_header(&self, doc: &Document, row: &Row) -> bool {
        row.kind == RowKind::Cells
            && Self::table_at(doc, row.line).is_some()
            && !self.records.contains(&row.line)
            && !self.by_line.contains_key(&row.line)
    }

    /// For each cell of a row, the value placed from it: matched by printed text,
    /// preferring the value of the cell's own column.
    fn cells(&self, row: &Row) -> Vec<Option<(usize, &'d Value)>> {
        let mut free: Vec<(usize, &Value)> =
            self.by_line.get(&row.line).cloned().unwrap_or_default();
        let mut out = vec![None; row.cells.len()];
        for pass in 0..2 {
            for (i, cell) in row.cells.iter().enumerate() {
                if out[i].is_some() || cell.trim().is_empty() {
                    continue;
                }
                let same = |v: &Value| {
                    v.printed.trim() == cell.trim()
                        || crate::text::clean(&v.printed) == crate::text::clean(cell)
                };
                let found = free
                    .iter()
                    .position(|(_, v)| same(v) && (pass == 1 || v.col == i));
                if let Some(k) = found {
                    out[i] = Some(free.remove(k));
                }
            }
        }
        out
    }
}

/// Whether a cell shows an amount the audit counts: a decimal (16.19) or a
/// comma-grouped number (1,095).
fn is_printed_amount(cell: &str) -> bool {
    static AMOUNT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^-?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+)$").expect("valid regex")
    });
    AMOUNT.is_match(cell.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_amounts() {
        for yes in ["16.19", "1,095", "-3.50", "1,095.72"] {
            assert!(is_printed_amount(yes), "{yes}");
        }
        for no in ["2023", "201", "1,09", "abc", "", "95%"] {
            assert!(!is_printed_amount(no), "{no}");
        }
    }
}
