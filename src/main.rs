//! `yusuan INPUT…`: reads disclosures (files, directories of them, or stdin) and prints
//! them as JSON, JSON Lines or the long format, several at once. `yusuan debug FILE`:
//! draws what it made of a PDF page, or lists what it made of each line.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use yusuan::{Document, Options, TextEncoding};

mod isolate;

/// Exit statuses, as `--help` lists them.
const EXIT_UNREADABLE: u8 = 1;
const EXIT_STRICT: u8 = 3;

#[derive(Parser)]
#[command(
    version,
    about = "Turn Chinese budget disclosures (部门预算/决算) into JSON or a long-format table",
    after_help = "Inputs are files (PDF or text), directories (every .pdf and .txt under them, \
                  sorted) and - for standard input. One document prints as JSON; several print \
                  as JSON Lines, one document per line. The CSV has its header once, also when \
                  there are no values.\n\n\
                  Exit status:\n  \
                  0  every input was read\n  \
                  1  some inputs could not be read (each is named on stderr, and in --errors)\n  \
                  2  usage: the command line itself is wrong\n  \
                  3  --strict, and some document has an error finding\n\n\
                  With --isolate, each document is read by a child process of its own (the \
                  memory limit applies on Unix only): a document that crashes it, or runs \
                  out of its memory or time, is reported as unreadable and the batch goes \
                  on.\n\n\
                  To see what yusuan made of a page or a line:\n  \
                  yusuan debug FILE.pdf --page N -o page.svg   draw a PDF page as SVG\n  \
                  yusuan debug FILE.txt                        list each line, annotated\n\
                  (see `yusuan debug --help`; a file named `debug` is ./debug)"
)]
struct Cli {
    /// Disclosures: PDFs or text (UTF-8, UTF-16 with BOM, or GB18030/GBK), directories
    /// of them, or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write the output to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Documents read at once; all cores by default. The output keeps the input order.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// No progress bar (it is shown on stderr only when stderr is a terminal).
    #[arg(short, long)]
    quiet: bool,
    /// Also write the inputs that could not be read, with why, to this CSV
    /// (file,kind,reason).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Read only these pages of each PDF: FIRST-LAST, or one page.
    #[arg(long, value_name = "FIRST-LAST", value_parser = parse_pages)]
    pages: Option<(u32, u32)>,
    /// The text encoding; detected when not given.
    #[arg(long, value_enum, default_value = "detect")]
    encoding: Encoding,
    /// Output: the document as JSON, or one line per value (long format) as CSV or JSON
    /// lines. The long format's fields are listed in the README.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// With --format json, print compact JSON, one document per line (always so for
    /// several documents).
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
    /// Exit with status 3 when any finding is an error.
    #[arg(long)]
    strict: bool,
    /// Give up on a PDF that takes longer than this to read (with --isolate, on any
    /// document) [default: 120].
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<Duration>,
    /// Read each document in a child process of its own, which the batch survives: a
    /// document that crashes it, or runs out of its memory or time, is unreadable.
    #[arg(long)]
    isolate: bool,
    /// With --isolate, the memory (address space) each child may take, in MB; not
    /// applied outside Unix.
    #[arg(long, value_name = "MB", default_value_t = 2048, requires = "isolate",
          value_parser = clap::value_parser!(u64).range(1..=1 << 40))]
    memory_limit: u64,
    /// Internal: the child process of --isolate, reading its one input.
    #[arg(long, hide = true, requires = "isolate")]
    isolated_child: bool,
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

fn parse_seconds(s: &str) -> Result<Duration, String> {
    match s.trim().parse::<u64>() {
        Ok(seconds @ 1..=MAX_SECONDS) => Ok(Duration::from_secs(seconds)),
        _ => Err(format!(
            "expected a whole number of seconds from 1 to {MAX_SECONDS}, such as 30: {s}"
        )),
    }
}

/// The longest `--timeout`: a year, far past any document, short of overflowing a clock.
const MAX_SECONDS: u64 = 366 * 24 * 3600;

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
    // The patterns and the catalog are built on the second core while the first input
    // loads (a short document would otherwise wait for them).
    let _ = std::thread::Builder::new()
        .name("yusuan-warm-up".into())
        .spawn(yusuan::warm_up);
    if std::env::args_os().nth(1).is_some_and(|a| a == "debug") {
        return debug(DebugCli::parse_from(std::env::args_os().skip(1)));
    }
    let cli = Cli::parse();
    if cli.isolated_child {
        return isolate::child(&cli);
    }
    batch(cli)
}

/// One input: a file, or standard input.
enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// What reading one input gave: the document, its laid-out text (`--text`), its output
/// as a child process of `--isolate` wrote it, or why it could not be read.
enum Outcome {
    Document(Box<Document>),
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    Text(String),
    Written {
        output: String,
        /// Whether the document has a finding of severity error (for `--strict`).
        error_findings: bool,
    },
    Failed(Failure),
}

/// Why an input could not be read: a kind (`cannot_read`, `not_pdf`, `crashed`…, for
/// the errors CSV) and a message.
struct Failure {
    kind: String,
    reason: String,
}

impl Failure {
    fn new(kind: &str, reason: impl Into<String>) -> Self {
        Failure {
            kind: kind.to_string(),
            reason: reason.into(),
        }
    }
}

/// The options of the library that the command line sets.
fn options(cli: &Cli) -> Options {
    let mut options = Options::new().encoding(cli.encoding.into());
    if let Some((first, last)) = cli.pages {
        options = options.pages(first, last);
    }
    if let Some(limit) = cli.timeout {
        options = options.time_limit(limit);
    }
    // A child of --isolate reads its document in order: its siblings use the other
    // cores, and a copy of the document per thread would count against its memory limit.
    if cli.isolated_child {
        options = options.page_threads(1);
    }
    options
}

/// Reads every input, `--jobs` at a time, and writes the results in input order.
fn batch(cli: Cli) -> ExitCode {
    let mut inputs = Vec::new();
    let mut failures: Vec<(String, Failure)> = Vec::new();
    for path in &cli.inputs {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let before = inputs.len();
            walk(path, &mut inputs, &mut failures);
            if inputs.len() == before {
                failures.push((
                    path.display().to_string(),
                    Failure::new("no_inputs", "no .pdf or .txt file in this directory"),
                ));
            }
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    // (What could not even be listed is reported now; the rest as it is read.)
    for (name, failure) in &failures {
        eprintln!("yusuan: {name}: {}", failure.reason);
    }
    let options = options(&cli);
    // Standard input is read once, before the work is shared out.
    let stdin: Option<Result<Vec<u8>, String>> =
        inputs.iter().any(|i| matches!(i, Input::Stdin)).then(|| {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map(|_| bytes)
                .map_err(|e| format!("cannot read: {e}"))
        });
    let mut out: Box<dyn Write + Send> = match &cli.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(std::io::BufWriter::new(file)),
            Err(e) => {
                eprintln!("yusuan: {}: cannot write: {e}", path.display());
                return ExitCode::from(EXIT_UNREADABLE);
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let several = inputs.len() > 1 || cli.inputs.iter().any(|p| p.is_dir());
    // Documents read side by side leave no core for pages read side by side.
    let options = if several && cli.jobs != Some(1) {
        options.page_threads(1)
    } else {
        options
    };
    let mut writer = Writer::new(&cli, several);
    if let Err(e) = writer.start(&mut out) {
        return quit_on_output_error(e.as_ref());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cli.jobs.map_or(0, usize::from))
        .build();
    let pool = match pool {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("yusuan: cannot start the workers: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let progress = (!cli.quiet && std::io::stderr().is_terminal() && inputs.len() > 1)
        .then(|| indicatif::ProgressBar::new(inputs.len() as u64));
    let mut strict_failed = false;
    let names: Vec<String> = inputs.iter().map(Input::name).collect();
    let text = cli.text;
    let reader: Reader = if cli.isolate {
        match isolate::Isolation::new(&cli, writer.lines) {
            Ok(isolation) => Box::new(move |input, stdin| isolation.read(input, stdin)),
            Err(e) => {
                eprintln!("yusuan: cannot find this program to start its child processes: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    } else {
        Box::new(move |input, stdin| read_caught(input, stdin, &options, text))
    };
    let results = read_in_order(inputs, stdin, reader, &pool);
    for (name, outcome) in names.into_iter().zip(results) {
        let written = match outcome {
            Outcome::Failed(failure) => {
                let message = format!("yusuan: {name}: {}", failure.reason);
                match &progress {
                    Some(bar) => bar.suspend(|| eprintln!("{message}")),
                    None => eprintln!("{message}"),
                }
                failures.push((name, failure));
                Ok(())
            }
            Outcome::Text(text) => out.write_all(text.as_bytes()).map_err(Into::into),
            Outcome::Written {
                output,
                error_findings,
            } => {
                strict_failed |= cli.strict && error_findings;
                out.write_all(output.as_bytes()).map_err(Into::into)
            }
            Outcome::Document(doc) => {
                strict_failed |= cli.strict
                    && doc
                        .findings
                        .iter()
                        .any(|f| f.severity == yusuan::Severity::Error);
                writer.document(&doc, &mut out)
            }
        };
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        if let Err(e) = written {
            return quit_on_output_error(e.as_ref());
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Err(e) = out.flush() {
        return quit_on_output_error(&e);
    }
    if let Some(path) = &cli.errors {
        if let Err(e) = write_errors(path, &failures) {
            eprintln!("yusuan: {}: cannot write: {e}", path.display());
            return ExitCode::from(EXIT_UNREADABLE);
        }
    }
    if !failures.is_empty() {
        ExitCode::from(EXIT_UNREADABLE)
    } else if strict_failed {
        ExitCode::from(EXIT_STRICT)
    } else {
        ExitCode::SUCCESS
    }
}

/// How far reading may run ahead of writing, in documents per worker: enough to keep
/// every worker busy behind a long document, few enough to bound the memory held.
const AHEAD_PER_WORKER: usize = 8;

/// How a worker reads one input (given standard input's bytes, when it was read): in
/// this process, or in a child process (`--isolate`).
type Reader = Box<dyn Fn(&Input, Option<&Result<Vec<u8>, String>>) -> Outcome + Send + Sync>;

/// Reads the inputs on the pool's threads, each worker taking the next input as soon as
/// it is free, and yields the outcomes in input order.
fn read_in_order(
    inputs: Vec<Input>,
    stdin: Option<Result<Vec<u8>, String>>,
    reader: Reader,
    pool: &rayon::ThreadPool,
) -> impl Iterator<Item = Outcome> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Condvar, Mutex};

    struct Shared {
        inputs: Vec<Input>,
        stdin: Option<Result<Vec<u8>, String>>,
        reader: Reader,
        next: AtomicUsize,
        /// How many outcomes the caller has taken, and a signal when it grows.
        taken: Mutex<usize>,
        more_taken: Condvar,
    }
    let workers = pool.current_num_threads().max(1);
    let ahead = workers * AHEAD_PER_WORKER;
    let total = inputs.len();
    let shared = Arc::new(Shared {
        inputs,
        stdin,
        reader,
        next: AtomicUsize::new(0),
        taken: Mutex::new(0),
        more_taken: Condvar::new(),
    });
    let (send, receive) = std::sync::mpsc::channel::<(usize, Outcome)>();
    for _ in 0..workers {
        let (shared, send) = (Arc::clone(&shared), send.clone());
        pool.spawn(move || {
            loop {
                let i = shared.next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = shared.inputs.get(i) else {
                    break;
                };
                // Wait while this input is too far ahead of what was written.
                let Ok(mut taken) = shared.taken.lock() else {
                    break;
                };
                while i >= *taken + ahead {
                    match shared.more_taken.wait(taken) {
                        Ok(t) => taken = t,
                        Err(_) => return,
                    }
                }
                drop(taken);
                let outcome = (shared.reader)(input, shared.stdin.as_ref());
                if send.send((i, outcome)).is_err() {
                    break;
                }
            }
        });
    }
    drop(send);
    let mut waiting: std::collections::BTreeMap<usize, Outcome> = Default::default();
    let mut next = 0;
    std::iter::from_fn(move || {
        if next >= total {
            return None;
        }
        while !waiting.contains_key(&next) {
            match receive.recv() {
                Ok((i, outcome)) => waiting.insert(i, outcome),
                // Every worker is gone: nothing will come for this input.
                Err(_) => waiting.insert(
                    next,
                    Outcome::Failed(Failure::new(
                        "internal",
                        "the reader stopped before this input",
                    )),
                ),
            };
        }
        let outcome = waiting.remove(&next);
        next += 1;
        if let Ok(mut taken) = shared.taken.lock() {
            *taken = next;
            shared.more_taken.notify_all();
        }
        outcome
    })
}

/// Adds the PDFs and text files under `dir`, sorted by path, to `inputs`.
fn walk(dir: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<(String, Failure)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            failures.push((
                dir.display().to_string(),
                Failure::new("cannot_read", format!("cannot list: {e}")),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let is = |ext: &str| {
            path.extension()
                .is_some_and(|x| x.to_string_lossy().eq_ignore_ascii_case(ext))
        };
        if path.is_dir() {
            walk(&path, inputs, failures);
        } else if is("pdf") || is("txt") {
            inputs.push(Input::File(path));
        }
    }
}

/// [`read`], where a panic costs this input, not the batch (rayon would abort on it).
fn read_caught(
    input: &Input,
    stdin: Option<&Result<Vec<u8>, String>>,
    options: &Options,
    text: bool,
) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read(input, stdin, options, text)
    }))
    .unwrap_or_else(|_| {
        Outcome::Failed(Failure::new(
            "panicked",
            "yusuan panicked reading it (a bug: please report it)",
        ))
    })
}

/// Reads one input into a document, or into the text the recogniser sees (`--text`).
fn read(
    input: &Input,
    stdin: Option<&Result<Vec<u8>, String>>,
    options: &Options,
    text: bool,
) -> Outcome {
    let name = input.name();
    let owned;
    let bytes = match input {
        Input::Stdin => match stdin {
            Some(Ok(bytes)) => bytes,
            Some(Err(e)) => return Outcome::Failed(Failure::new("cannot_read", e.clone())),
            None => {
                return Outcome::Failed(Failure::new("internal", "standard input was not read"));
            }
        },
        Input::File(path) => match std::fs::read(path) {
            Ok(bytes) => {
                owned = bytes;
                &owned[..]
            }
            Err(e) => {
                return Outcome::Failed(Failure::new("cannot_read", format!("cannot read: {e}")));
            }
        },
    };
    if text {
        #[cfg(feature = "pdf")]
        return match yusuan::pdf_to_text(bytes, options) {
            Ok(text) => Outcome::Text(text),
            Err(e) => Outcome::Failed(Failure::new(error_kind(e.kind()), e.to_string())),
        };
        #[cfg(not(feature = "pdf"))]
        return Outcome::Failed(Failure::new(
            "pdf_not_supported",
            "--text needs the pdf feature, off in this build",
        ));
    }
    match yusuan::parse_any(bytes, &name, options) {
        Ok(doc) => Outcome::Document(Box::new(doc)),
        // The error names the document already; the batch adds the name itself.
        Err(e) => Outcome::Failed(Failure::new(
            error_kind(e.kind()),
            strip_source(&e.to_string(), &name),
        )),
    }
}

/// The errors CSV's name for a kind of error.
fn error_kind(kind: &yusuan::ErrorKind) -> &'static str {
    use yusuan::ErrorKind as K;
    match kind {
        K::Empty => "empty",
        K::Undecodable { .. } => "undecodable",
        K::Binary { .. } => "binary",
        K::NotPdf => "not_pdf",
        K::PdfNotSupported => "pdf_not_supported",
        K::Encrypted => "encrypted",
        K::CorruptPdf { .. } => "corrupt_pdf",
        K::NoTextLayer => "no_text_layer",
        K::TimedOut { .. } => "timed_out",
        K::PageOutOfRange { .. } => "page_out_of_range",
        K::TooLarge { .. } => "too_large",
        K::Internal { .. } => "panicked",
        _ => "unreadable",
    }
}

/// An error message without the leading "NAME: " the batch prints anyway.
fn strip_source(message: &str, name: &str) -> String {
    message
        .strip_prefix(name)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(message)
        .to_string()
}

/// The inputs that could not be read, as CSV: file, kind, reason.
fn write_errors(path: &Path, failures: &[(String, Failure)]) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(["file", "kind", "reason"])?;
    for (file, failure) in failures {
        w.write_record([file, &failure.kind, &failure.reason])?;
    }
    w.flush()?;
    Ok(())
}

/// How documents are written: their format, and the CSV header written once.
struct Writer {
    format: Format,
    check: bool,
    /// One JSON document per line.
    lines: bool,
}

type Written = Result<(), Box<dyn std::error::Error>>;

impl Writer {
    fn new(cli: &Cli, several: bool) -> Self {
        Writer {
            format: cli.format,
            check: cli.check,
            lines: cli.compact || several,
        }
    }

    /// The CSV header, before any document (and so also when none has values).
    fn start(&mut self, out: &mut dyn Write) -> Written {
        if self.format == Format::Csv && !self.check {
            let mut csv = csv::Writer::from_writer(&mut *out);
            csv.write_record(yusuan::LONG_FORMAT_FIELDS)?;
            csv.flush()?;
        }
        Ok(())
    }

    fn document(&mut self, doc: &Document, out: &mut dyn Write) -> Written {
        if self.check {
            return print_check(doc, out);
        }
        match self.format {
            // Straight into the output, so that a document's JSON is never held whole,
            // through a buffer of a concrete type: serde_json writes a token at a time.
            Format::Json => {
                let mut json = std::io::BufWriter::new(&mut *out);
                if self.lines {
                    serde_json::to_writer(&mut json, doc)?;
                } else {
                    serde_json::to_writer_pretty(&mut json, doc)?;
                }
                writeln!(json)?;
                json.flush()?;
            }
            Format::Jsonl => {
                let mut json = std::io::BufWriter::new(&mut *out);
                for row in yusuan::long_format(doc) {
                    serde_json::to_writer(&mut json, &row)?;
                    writeln!(json)?;
                }
                json.flush()?;
            }
            Format::Csv => {
                let mut csv = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut *out);
                for row in yusuan::long_format(doc) {
                    csv.serialize(row)?;
                }
                csv.flush()?;
            }
        }
        Ok(())
    }
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
    #[cfg(feature = "pdf")]
    let drawn = match cli.listing {
        true => None,
        // Text is not a PDF: it gets the listing.
        false => match yusuan::debug::draw_pdf(&bytes, &name, pages, &options) {
            Err(e) if *e.kind() == yusuan::ErrorKind::NotPdf => None,
            drawn => Some(drawn),
        },
    };
    // (Without the pdf feature there are no drawings, only the listing.)
    #[cfg(not(feature = "pdf"))]
    let drawn: Option<Result<Vec<yusuan::debug::PageDrawing>, yusuan::Error>> = {
        let _ = pages;
        None
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
