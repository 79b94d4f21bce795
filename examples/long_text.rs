//! Writes the long generated text of `tests/support/long_text.rs` to standard output, to
//! time the command line on it.
//!
//! `cargo run --release --example long_text -- ROWS [one|tables:K|huge] > long.txt`

#[path = "../tests/support/long_text.rs"]
mod long_text;

use long_text::Shape;

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: long_text ROWS [one|tables:K|huge]");
    let shape = match args.next().as_deref() {
        None | Some("one") => Shape::OneTable,
        Some("huge") => Shape::HugeClass,
        Some(s) => Shape::Tables(
            s.strip_prefix("tables:")
                .and_then(|k| k.parse().ok())
                .expect("shape: one, tables:K or huge"),
        ),
    };
    print!("{}", long_text::long_text(rows, shape));
}
