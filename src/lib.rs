//! # yusuan (预算)
//!
//! Turns the budget disclosures that Chinese government departments publish every year
//! — 部门预算 (budgets) and 部门决算 (final accounts) — into structured tables in which
//! every value sits under its row and column and keeps its source line.
//!
//! The pipeline is linear, a folder per stage; each stage imports only from those
//! before it (and from `model`, the output types):
//!
//! ```text
//! text bytes ─text (decode, normalise, cells)──────────────────► Lines ─┐
//! PDF bytes ─pdf (read, fonts) ─► glyphs, rules ─pdf::layout───► Lines ─┤   (line)
//!   ┌────────────────────────────────────────────────────────────────────┘
//!   └─recognise (rows, nom grammar, header tree, placement) ─► tables
//!   ─document (department, year, phase) ─schema (kinds, columns, subjects)
//!   ─recognise::place_by_other_tables ─validate (arithmetic) ─► Document { tables, findings } ─export─► long format
//! ```
//!
//! Beside the pipeline, [`debug`] draws what it made of each PDF page as SVG, and lists
//! what it made of each line of a text.
//!
//! Input that cannot be read at all is an [`Error`]. A document that was read but has
//! problems — a row that lost a cell, a block of rows without a title, a sum that does not
//! add up — comes back whole, with [`Finding`]s that say where and what.
//!
//! ```
//! let text = "2023年部门收支预算表\n单位：万元\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n\
//!             一、一般公共预算\t931.95\t一、一般公共服务\t781.06\n";
//! let doc = yusuan::parse_str(text, "example.txt");
//! let table = &doc.tables[0];
//! assert_eq!(table.title.as_deref(), Some("2023年部门收支预算表"));
//! assert_eq!(table.unit.as_deref(), Some("万元"));
//! // 收入 and 支出 are side-by-side groups: one record each.
//! let spending = &table.records[1];
//! assert_eq!(spending.name.as_deref(), Some("一、一般公共服务"));
//! assert_eq!(spending.values[0].column, "支出/金额");
//! assert_eq!(spending.values[0].amount, Some("781.06".parse().unwrap()));
//! assert_eq!(spending.values[0].line, 5);
//! // The row names functional class 201, whatever its enumerator.
//! let subject = spending.subject.as_ref().unwrap();
//! assert_eq!(subject.code.as_deref(), Some("201"));
//! assert_eq!(subject.canonical_name.as_deref(), Some("一般公共服务支出"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod deadline;
pub mod debug;
mod document;
mod error;
mod export;
#[doc(hidden)]
pub mod fault;
#[doc(hidden)]
pub mod fuzzing;
mod line;
mod model;
#[cfg(feature = "pdf")]
mod pdf;
mod recognise;
mod schema;
pub use schema::catalog;
mod text;
mod validate;

pub use error::{Error, ErrorKind};
pub use export::{LONG_FORMAT_FIELDS, LongRow, long_format};
pub use model::{
    Column, ContentsEntry, Coverage, Document, DocumentLevel, Evidence, Finding, Key, KindEvidence,
    Layout, Level, Meta, Note, Phase, Record, RecordKind, Scheme, Severity, Subject, Table,
    TableKind, Value, ValueKind,
};
/// The exact decimal type of every amount (re-exported: no need to depend on it).
pub use rust_decimal::Decimal;
pub use text::decode::{Decoded, TextEncoding, decode};

/// Default limit on input size: 64 MiB, far above any disclosure's text.
pub const DEFAULT_MAX_BYTES: usize = 64 << 20;

/// Options for [`parse_bytes`].
#[derive(Debug, Clone)]
pub struct Options {
    encoding: TextEncoding,
    max_bytes: usize,
    time_limit: std::time::Duration,
    pages: Option<(u32, u32)>,
    page_threads: usize,
}

/// The most threads one PDF's pages are read on by default (beyond a few, copying
/// the document for each costs more than it saves).
pub const MAX_PAGE_THREADS: usize = 4;

/// Default limit on the time to read one PDF: 2 minutes, far above any disclosure's.
pub const DEFAULT_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

impl Default for Options {
    fn default() -> Self {
        Options {
            encoding: TextEncoding::Detect,
            max_bytes: DEFAULT_MAX_BYTES,
            time_limit: DEFAULT_TIME_LIMIT,
            pages: None,
            page_threads: 0,
        }
    }
}

impl Options {
    /// The default options: detect the encoding, accept up to [`DEFAULT_MAX_BYTES`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes with this encoding instead of detecting it.
    pub fn encoding(mut self, encoding: TextEncoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Stops reading a document after `limit`, and returns [`ErrorKind::TimedOut`]. The
    /// limit covers every stage; each document is read on a thread of its own, which
    /// checks it as it goes (per page, per table) and has ended when the call returns.
    pub fn time_limit(mut self, limit: std::time::Duration) -> Self {
        self.time_limit = limit;
        self
    }

    /// Reads only pages `first..=last` of a PDF (1-based; text input has no pages). The
    /// document still counts all its pages.
    pub fn pages(mut self, first: u32, last: u32) -> Self {
        self.pages = Some((first, last));
        self
    }

    /// Reads a PDF's pages on up to `threads` threads at once (each with a copy of the
    /// document); 1 reads them one after another on the document's own thread, and 0,
    /// the default, uses the machine's cores, at most [`MAX_PAGE_THREADS`]. The result
    /// is the same whatever the number. A batch that reads several documents at once
    /// is better served by 1.
    pub fn page_threads(mut self, threads: usize) -> Self {
        self.page_threads = threads;
        self
    }

    /// The threads a PDF's pages are read on: as set, or the machine's cores (at
    /// most [`MAX_PAGE_THREADS`]).
    pub(crate) fn threads(&self) -> usize {
        match self.page_threads {
            0 => std::thread::available_parallelism()
                .map_or(1, usize::from)
                .min(MAX_PAGE_THREADS),
            n => n,
        }
    }

    /// Refuses inputs larger than `max_bytes`.
    pub fn max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }
}

/// Refuses an input over the size limit before any work is done on it.
fn check_size(bytes: &[u8], options: &Options) -> Result<(), Error> {
    if bytes.len() > options.max_bytes {
        return Err(Error::new(ErrorKind::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        }));
    }
    Ok(())
}

/// Reads a disclosure's text from bytes. `source` names it in the output and in errors.
pub fn parse_bytes(bytes: &[u8], source: &str, options: &Options) -> Result<Document, Error> {
    check_size(bytes, options).map_err(|e| e.with_source(source))?;
    let (owned, name, encoding) = (bytes.to_vec(), source.to_string(), options.encoding);
    deadline::run(options.time_limit, move || {
        let decoded = decode(&owned, encoding)?;
        Ok(document::build(&decoded.text, &name, decoded.encoding))
    })
    .map_err(|e| e.with_source(source))
}

/// Reads a disclosure from a PDF's bytes: glyph positions and ruling lines are laid
/// out into rows, which then go through the same recogniser as text. A page the PDF
/// interpreter cannot read becomes a finding; the other pages still come out.
#[cfg(feature = "pdf")]
pub fn parse_pdf(bytes: &[u8], source: &str, options: &Options) -> Result<Document, Error> {
    check_size(bytes, options).map_err(|e| e.with_source(source))?;
    let (owned, name, pages) = (bytes.to_vec(), source.to_string(), options.pages);
    let threads = options.threads();
    deadline::run(options.time_limit, move || {
        let extracted = pdf::extract(&owned, threads)?;
        let total = Some((extracted.pages.len() + extracted.failures.len()) as u32);
        let mut doc = pdf_document(&selected_pages(extracted, pages), &name).1;
        doc.pages = total;
        Ok(doc)
    })
    .map_err(|e| e.with_source(source))
}

/// The pages of `extracted` that the options select. (All pages are interpreted: a page
/// can use resources defined on earlier ones.)
#[cfg(feature = "pdf")]
fn selected_pages(mut extracted: pdf::Extracted, pages: Option<(u32, u32)>) -> pdf::Extracted {
    if let Some((first, last)) = pages {
        let wanted = |page: u32| first <= page && page <= last;
        extracted.pages.retain(|p| wanted(p.number));
        extracted.failures.retain(|f| wanted(f.page));
    }
    extracted
}

/// The classified rows of an extracted PDF, and the document read from them.
#[cfg(feature = "pdf")]
fn pdf_document(extracted: &pdf::Extracted, source: &str) -> (Vec<recognise::rows::Row>, Document) {
    let findings = pdf::findings(extracted);
    let visible = pdf::visible(&extracted.pages, extracted.threads);
    let lines = pdf::lines(&extracted.pages, &visible, extracted.threads);
    deadline::check();
    let printed = pdf::printed_amounts(&extracted.pages, &visible, &lines, extracted.threads);
    let mut rows = recognise::rows::classify(lines);
    deadline::check();
    let pages = (extracted.pages.len() + extracted.failures.len()) as u32;
    let doc = document::from_rows(&mut rows, Some(pages), &printed, findings, source, "pdf");
    (rows, doc)
}

/// The text the recogniser sees for a PDF: one line per table band or text line, cells
/// separated by tabs, pages ended by form feeds. Reading this text gives the same
/// tables as reading the PDF, without the positions.
#[cfg(feature = "pdf")]
pub fn pdf_to_text(bytes: &[u8], options: &Options) -> Result<String, Error> {
    check_size(bytes, options)?;
    let (owned, pages) = (bytes.to_vec(), options.pages);
    let threads = options.threads();
    deadline::run(options.time_limit, move || {
        let extracted = selected_pages(pdf::extract(&owned, threads)?, pages);
        Ok(pdf::text(&extracted.pages))
    })
}

/// Reads a disclosure from bytes that are either a PDF or text, by their content.
/// A file named `.pdf` that is not one is "not a PDF", not text that fails to decode.
pub fn parse_any(bytes: &[u8], source: &str, options: &Options) -> Result<Document, Error> {
    // (The header may follow a little junk, as PDF readers allow.)
    let is_pdf = bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-");
    #[cfg(feature = "pdf")]
    if is_pdf {
        return parse_pdf(bytes, source, options);
    }
    #[cfg(not(feature = "pdf"))]
    if is_pdf {
        return Err(Error::new(ErrorKind::PdfNotSupported).with_source(source));
    }
    let named_pdf = std::path::Path::new(source)
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("pdf"));
    if named_pdf {
        return Err(Error::new(ErrorKind::NotPdf).with_source(source));
    }
    parse_bytes(bytes, source, options)
}

/// Reads a disclosure from text that is already decoded.
pub fn parse_str(text: &str, source: &str) -> Document {
    document::build(text, source, "UTF-8")
}

/// Builds what every reading needs once per process (the compiled patterns, the
/// classification catalog) by reading a small built-in disclosure. The command line
/// runs it on a thread of its own while it loads its first input, so that a short
/// document does not wait for them. Not part of the API.
#[doc(hidden)]
pub fn warm_up() {
    let _ = parse_str(WARM_UP_SAMPLE, "warm-up");
}

/// A disclosure in brief: title, contents, a table with codes and a total, prose.
const WARM_UP_SAMPLE: &str = "某局2024年部门预算
目录
一、部门收支预算总表
2024年部门收支预算总表
部门:某局\t\t单位:万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t1,200.00\t1,000.00\t200.00
20101\t人大事务\t1,200.00\t1,000.00\t200.00
2010101\t行政运行\t1,200.00\t1,000.00\t200.00
合计\t\t1,200.00\t1,000.00\t200.00
一、关于2024年收支预算情况的总体说明
2024年收支总预算1,200.00万元,比上年增加5%。“三公”经费预算10.00万元。
";

/// The README's examples, run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
