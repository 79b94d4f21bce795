//! `yusuan FILE…`: prints each disclosure as JSON.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use yusuan::{Options, TextEncoding};

#[derive(Parser)]
#[command(
    version,
    about = "Turn Chinese budget disclosures (部门预算/决算) into JSON"
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
    let cli = Cli::parse();
    let encoding = match cli.encoding {
        Encoding::Detect => TextEncoding::Detect,
        Encoding::Utf8 => TextEncoding::Utf8,
        Encoding::Utf16le => TextEncoding::Utf16Le,
        Encoding::Utf16be => TextEncoding::Utf16Be,
        Encoding::Gb18030 => TextEncoding::Gb18030,
    };
    let options = Options::new().encoding(encoding);
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
