//! Entry points for the fuzz targets (`fuzz/`), one per stage that reads untrusted
//! input. Not part of the API: hidden, and free to change.
//!
//! Each runs the stage the way the public functions do but without their guard
//! ([`crate::deadline::run`] turns a panic into an error): under a fuzzer, a panic in
//! yusuan's own code must be seen, not reported politely.

/// Makes a panic in yusuan's own code abort the process (which the fuzzer reports as a
/// crash), and lets a panic in a dependency unwind to the guard that contains it (the
/// PDF reader reads a page again, or loses it, with a finding). libFuzzer's own hook
/// aborts on every panic, caught or not; call this once, before the first input.
pub fn abort_on_own_panics() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_dependency = info.location().is_some_and(|l| {
            let file = l.file().replace('\\', "/");
            file.contains("/registry/src/") || file.contains("/git/checkouts/")
        });
        if !in_dependency {
            report(info);
            std::process::abort();
        }
    }));
}

/// The whole PDF pipeline, on a thread with the stack a document's thread has. Inputs
/// of odd length are read with two page threads, so that reading pages side by side
/// (and its fall back to reading them in order) is fuzzed too; even ones in order.
#[cfg(feature = "pdf")]
pub fn pdf(bytes: &[u8]) {
    let page_threads = 1 + bytes.len() % 2;
    std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .stack_size(crate::deadline::STACK_BYTES)
            .spawn_scoped(scope, || {
                if let Ok(extracted) = crate::pdf::extract(bytes, page_threads) {
                    let _ = crate::pdf_document(&extracted, "fuzz.pdf");
                    let _ = crate::pdf::text(&extracted.pages);
                }
            })
            .expect("a thread for the reader");
        if let Err(panic) = reader.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

/// The whole text pipeline: decoding in each encoding, then every stage after it.
pub fn text(bytes: &[u8]) {
    use crate::text::decode::{TextEncoding, decode};
    for encoding in [TextEncoding::Detect, TextEncoding::Gb18030] {
        if let Ok(decoded) = decode(bytes, encoding) {
            let doc = crate::document::build(&decoded.text, "fuzz.txt", decoded.encoding);
            let _ = crate::export::long_format(&doc);
        }
    }
}

/// Lines of cells → classified rows → tables: the row grammar and the recogniser,
/// without the stages that need a whole document.
pub fn rows(text: &str) {
    let lines = crate::text::lines(text);
    let rows = crate::recognise::rows::classify(lines);
    let _ = crate::recognise::tables(&rows, &mut Vec::new());
}

/// One cell's text read as a value. An amount read is exact: it prints as a decimal
/// that reads back as itself.
pub fn amount(text: &str) {
    use std::str::FromStr;
    let parsed = crate::recognise::amount::parse_value(text);
    for value in [parsed.amount, parsed.number].into_iter().flatten() {
        assert_eq!(
            rust_decimal::Decimal::from_str(&value.to_string()),
            Ok(value)
        );
    }
}
