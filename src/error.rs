//! The crate's error type: input that could not be read at all.
//!
//! A document that was read but has problems is not an error: it comes back with
//! [`Finding`](crate::Finding)s.

use std::fmt;

/// An input that could not be read.
#[derive(Debug)]
pub struct Error(Box<ErrorInner>);

#[derive(Debug)]
struct ErrorInner {
    kind: ErrorKind,
    source_name: Option<String>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty, or only whitespace.
    Empty,
    /// The bytes are not text in any supported encoding.
    Undecodable {
        /// The encoding that was tried last.
        encoding: &'static str,
        /// Byte offset of the first byte that did not decode.
        offset: usize,
    },
    /// The input holds NUL or other control bytes: a binary file, not text.
    Binary {
        /// Byte offset of the first such byte.
        offset: usize,
    },
    /// The input is not a PDF (no `%PDF-` header).
    NotPdf,
    /// The input is a PDF, and this build reads no PDFs (the `pdf` feature is off).
    PdfNotSupported,
    /// The PDF is encrypted.
    Encrypted,
    /// The PDF's structure could not be read: truncated or corrupt.
    CorruptPdf {
        /// What the PDF parser said.
        detail: String,
    },
    /// The PDF has pages but no text on any of them: a scan.
    NoTextLayer,
    /// Reading the PDF took longer than the configured limit.
    TimedOut {
        /// The limit, in seconds.
        seconds: u64,
    },
    /// A page was asked for that the document does not have.
    PageOutOfRange {
        /// The page asked for.
        page: u32,
        /// How many pages the document has.
        pages: u32,
    },
    /// Reading failed inside yusuan or a dependency (a panic): a bug, reported with
    /// its message rather than taking the caller down.
    Internal {
        /// What failed.
        detail: String,
    },
    /// The input is larger than the configured limit.
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error(Box::new(ErrorInner {
            kind,
            source_name: None,
        }))
    }

    /// Names the input (a file name) so that the message says which one failed.
    pub fn with_source(mut self, name: impl Into<String>) -> Self {
        self.0.source_name = Some(name.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The byte offset in the input where the problem is, when there is one.
    pub fn position(&self) -> Option<usize> {
        match self.0.kind {
            ErrorKind::Undecodable { offset, .. } | ErrorKind::Binary { offset } => Some(offset),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = &self.0.source_name {
            write!(f, "{name}: ")?;
        }
        match &self.0.kind {
            ErrorKind::Empty => write!(f, "the input is empty: expected the text of a disclosure"),
            ErrorKind::Undecodable { encoding, offset } => write!(
                f,
                "byte {offset} is not valid {encoding} (tried UTF-8 and GB18030): \
                 expected text; pass the encoding explicitly if it is another one"
            ),
            ErrorKind::Binary { offset } => write!(
                f,
                "byte {offset} is a control character: this is a binary file, not text \
                 (for a PDF, use the PDF front end)"
            ),
            ErrorKind::NotPdf => write!(f, "not a PDF: no %PDF- header"),
            ErrorKind::PdfNotSupported => write!(
                f,
                "this is a PDF, and this build of yusuan reads no PDFs: enable its `pdf` feature"
            ),
            ErrorKind::Encrypted => write!(f, "the PDF is encrypted: decrypt it first"),
            ErrorKind::CorruptPdf { detail } => {
                write!(f, "the PDF is truncated or corrupt: {detail}")
            }
            ErrorKind::NoTextLayer => {
                write!(
                    f,
                    "no text layer: the pages are images (a scan); OCR needed"
                )
            }
            ErrorKind::TimedOut { seconds } => {
                write!(
                    f,
                    "reading took longer than the limit of {seconds} s; stopped"
                )
            }
            ErrorKind::Internal { detail } => {
                write!(
                    f,
                    "yusuan failed on this input ({detail}); please report it"
                )
            }
            ErrorKind::PageOutOfRange { page, pages } => {
                write!(
                    f,
                    "there is no page {page}: the document has pages 1 to {pages}"
                )
            }
            ErrorKind::TooLarge { size, limit } => {
                write!(
                    f,
                    "the input is {size} bytes, over the limit of {limit} bytes"
                )
            }
        }
    }
}

impl std::error::Error for Error {}
