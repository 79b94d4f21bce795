//! `yusuan FILE…`: prints each disclosure as JSON. `yusuan debug FILE`: draws what it
//! made of a PDF page, or lists what it made of each line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use yusuan::{Options, TextEncoding};

#[derive(Parser)]
#[command(
    version,
    about = "Turn Chinese budget disclosures (部门预算/决算) into JSON",
    after_help = "To see what yusuan made of a page or a line:\n  \
                  yusuan debug FILE.pdf --page N -o page.svg   draw a PDF page as SVG\n  \
                  yusuan debug FILE.txt                        list each line, annotated\n\
                  (see `yusuan debug --help`; a file named `debug` is ./debug)"
)]
struct Cli {
    /// Disclosures: PDFs, or text (UTF-8, UTF-16 with BOM, or GB18030/GBK).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The text encoding; detected when not given.
    #[arg(long, value_enum, default_value = "detect")]
    encoding: Encoding,
    /// Output: the document as JSON, or one line per value (long format) as CSV or JSON
    /// lines. The long format's fields are listed in the README.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// With --format json, print compact JSON, one document per line.
    #[arg(long)]
    compact: bool,
    /// For a PDF, print the laid-out text the recogniser reads (tab-separated cells,
    /// form feeds between pages) instead of JSON.
    #[arg(long)]
    text: bool,
    /// Print a summary of the findings (what does not add up, what was repaired) instead
    /// of the data.
    #[arg(long)]
    check: bool,
    /// Exit with status 1 when any finding is an error.
    #[arg(long)]
    strict: bool,
}

/// `yusuan debug`: the arguments after `debug`.
#[derive(Parser)]
#[command(
    name = "yusuan debug",
    about = "Show what yusuan made of a disclosure: a PDF page drawn as SVG (glyphs, rules, \
             grids, tables, values coloured by column, header rows, dropped page furniture, \
             findings), or for text an annotated listing of its lines"
)]
struct DebugCli {
    /// A disclosure: a PDF, or text.
    file: PathBuf,
    /// The PDF page to draw.
    #[arg(long, conflicts_with = "pages")]
    page: Option<u32>,
    /// PDF pages to draw, as FIRST-LAST (e.g. 3-5); all pages when neither this nor
    /// --page is given.
    #[arg(long, value_parser = parse_pages)]
    pages: Option<(u32, u32)>,
    /// Where to write: for one page, the SVG file; for several, a directory (it gets
    /// page-003.svg …) or a prefix (PREFIX-003.svg …). The listing goes to stdout
    /// without it, and so does a single page's SVG.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// For a PDF, the annotated listing of the lines its layout gave the recogniser
    /// instead of drawings.
    #[arg(long)]
    listing: bool,
    /// The text encoding; detected when not given.
    #[arg(long, value_enum, default_value = "detect")]
    encoding: Encoding,
}

fn parse_pages(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("expected pages as FIRST-LAST, such as 3-5: {s}");
    let (first, last) = s.split_once('-').unwrap_or((s, s));
    let first: u32 = first.trim().parse().map_err(|_| bad())?;
    let last: u32 = last.trim().parse().map_err(|_| bad())?;
    if first == 0 || last < first {
        return Err(bad());
    }
    Ok((first, last))
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Encoding {
    Detect,
    Utf8,
    Utf16le,
    Utf16be,
    Gb18030,
}

fn main() -> ExitCode {
    // The PDF interpreter panics on some fonts; the library catches that and reports
    // the page. Keep its panic message off the terminal; any other panic still prints.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let third_party = info.location().is_some_and(|l| {
            let file = l.file();
            file.contains("pdf-extract")
                || file.contains("lopdf")
                || file.contains("adobe-cmap-parser")
        });
        if !third_party {
            default_hook(info);
        }
    }));
    if std::env::args_os().nth(1).is_some_and(|a| a == "debug") {
        return debug(DebugCli::parse_from(std::env::args_os().skip(1)));
    }
    let cli = Cli::parse();
    let options = Options::new().encoding(cli.encoding.into());
    let mut status = ExitCode::SUCCESS;
    // One CSV for all the files: the header once, then every value of every document.
    let mut csv = csv::Writer::from_writer(std::io::stdout());
    for path in &cli.files {
        let name = path.display().to_string();
        if cli.text {
            let result = std::fs::read(path)
                .map_err(|e| format!("{name}: cannot read: {e}"))
                .and_then(|bytes| {
                    yusuan::pdf_to_text(&bytes, &options).map_err(|e| format!("{name}: {e}"))
                });
            match result {
                Ok(text) => {
                    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
                        return quit_on_output_error(&e);
                    }
                }
                Err(e) => {
                    eprintln!("yusuan: {e}");
                    status = ExitCode::FAILURE;
                }
            }
            continue;
        }
        let result = std::fs::read(path)
            .map_err(|e| format!("{name}: cannot read: {e}"))
            .and_then(|bytes| {
                yusuan::parse_any(&bytes, &name, &options).map_err(|e| e.to_string())
            });
        if let (true, Ok(doc)) = (cli.strict, &result) {
            if doc
                .findings
                .iter()
                .any(|f| f.severity == yusuan::Severity::Error)
            {
                status = ExitCode::FAILURE;
            }
        }
        let doc = match result {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("yusuan: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        let printed = if cli.check {
            print_check(&doc, &mut std::io::stdout().lock())
        } else {
            print_document(&doc, cli.format, cli.compact, &mut csv)
        };
        if let Err(e) = printed {
            return quit_on_output_error(e.as_ref());
        }
    }
    if let Err(e) = csv.flush() {
        return quit_on_output_error(&e);
    }
    status
}

impl From<Encoding> for TextEncoding {
    fn from(encoding: Encoding) -> Self {
        match encoding {
            Encoding::Detect => TextEncoding::Detect,
            Encoding::Utf8 => TextEncoding::Utf8,
            Encoding::Utf16le => TextEncoding::Utf16Le,
            Encoding::Utf16be => TextEncoding::Utf16Be,
            Encoding::Gb18030 => TextEncoding::Gb18030,
        }
    }
}

/// `yusuan debug`: draws PDF pages or lists a text's lines, and writes them out.
fn debug(cli: DebugCli) -> ExitCode {
    let name = cli.file.display().to_string();
    let options = Options::new().encoding(cli.encoding.into());
    let bytes = match std::fs::read(&cli.file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("yusuan: {name}: cannot read: {e}");
            return ExitCode::FAILURE;
        }
    };
    let pages = cli.page.map(|p| p..=p).or(cli.pages.map(|(a, b)| a..=b));
    let drawn = match cli.listing {
        true => None,
        // Text is not a PDF: it gets the listing.
        false => match yusuan::debug::draw_pdf(&bytes, &name, pages, &options) {
            Err(e) if *e.kind() == yusuan::ErrorKind::NotPdf => None,
            drawn => Some(drawn),
        },
    };
    let written = match drawn {
        Some(drawn) => drawn
            .map_err(|e| e.to_string())
            .and_then(|drawings| write_drawings(&drawings, cli.output.as_deref())),
        None => yusuan::debug::annotate(&bytes, &name, &options)
            .map_err(|e| e.to_string())
            .and_then(|listing| write_out(listing.as_bytes(), cli.output.as_deref())),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes drawings: one to the output file (or stdout), several to a directory or
/// after a prefix, named by page.
fn write_drawings(
    drawings: &[yusuan::debug::PageDrawing],
    output: Option<&std::path::Path>,
) -> Result<(), String> {
    let is_dir = |o: &std::path::Path| o.is_dir() || o.as_os_str().to_string_lossy().ends_with('/');
    if let [one] = drawings {
        if !output.is_some_and(is_dir) {
            return write_out(one.svg.as_bytes(), output);
        }
    }
    let Some(output) = output else {
        return Err(format!(
            "{} pages to draw: give -o DIR or -o PREFIX to write one SVG per page",
            drawings.len()
        ));
    };
    for d in drawings {
        let path = if is_dir(output) {
            std::fs::create_dir_all(output)
                .map_err(|e| format!("{}: cannot create: {e}", output.display()))?;
            output.join(format!("page-{:03}.svg", d.page))
        } else {
            let prefix = output.with_extension("");
            PathBuf::from(format!("{}-{:03}.svg", prefix.display(), d.page))
        };
        write_out(d.svg.as_bytes(), Some(&path))?;
    }
    Ok(())
}

/// Writes to a file, or to stdout without one (a closed pipe is not an error).
fn write_out(bytes: &[u8], output: Option<&std::path::Path>) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| format!("{}: cannot write: {e}", path.display())),
        None => match std::io::stdout().lock().write_all(bytes) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(format!("cannot write the output: {e}"))
            }
            _ => Ok(()),
        },
    }
}

/// Output that cannot be written ends the run. A reader that stopped reading (`| head`)
/// is not an error; anything else is reported.
fn quit_on_output_error(e: &(dyn std::error::Error + 'static)) -> ExitCode {
    let io = e.downcast_ref::<std::io::Error>().or_else(|| {
        e.downcast_ref::<csv::Error>().and_then(|c| match c.kind() {
            csv::ErrorKind::Io(io) => Some(io),
            _ => None,
        })
    });
    if io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
        return ExitCode::SUCCESS;
    }
    eprintln!("yusuan: cannot write the output: {e}");
    ExitCode::FAILURE
}

/// A human summary of a document's findings, most serious first.
fn print_check(
    doc: &yusuan::Document,
    out: &mut dyn Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let count = |s: yusuan::Severity| doc.findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "{}: {} tables; {} errors, {} warnings, {} notes",
        doc.source,
        doc.tables.len(),
        count(yusuan::Severity::Error),
        count(yusuan::Severity::Warning),
        count(yusuan::Severity::Info)
    )?;
    let mut findings: Vec<&yusuan::Finding> = doc.findings.iter().collect();
    findings.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.line));
    for f in findings {
        let table = f
            .table
            .and_then(|t| doc.tables.get(t))
            .and_then(|t| t.title.as_deref())
            .unwrap_or("-");
        let line = f.line.map_or_else(|| "-".to_string(), |l| l.to_string());
        let severity = match f.severity {
            yusuan::Severity::Error => "error",
            yusuan::Severity::Warning => "warning",
            _ => "note",
        };
        writeln!(
            out,
            "  {severity:7} line {line:>5}  {:<20} {table}: {}",
            f.rule, f.message
        )?;
    }
    Ok(())
}

fn print_document(
    doc: &yusuan::Document,
    format: Format,
    compact: bool,
    csv: &mut csv::Writer<std::io::Stdout>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json if compact => writeln!(out, "{}", serde_json::to_string(doc)?)?,
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(doc)?)?,
        Format::Jsonl => {
            for row in yusuan::long_format(doc) {
                writeln!(out, "{}", serde_json::to_string(&row)?)?;
            }
        }
        Format::Csv => {
            for row in yusuan::long_format(doc) {
                csv.serialize(row)?;
            }
        }
    }
    Ok(())
}
