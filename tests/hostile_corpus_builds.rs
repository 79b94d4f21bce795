//! The generator of the hostile corpus (tests/support/hostile.rs), not any reader: the
//! cases build, are what their names say, and the bombs inflate to what they claim.

#[path = "support/hostile.rs"]
mod hostile;

use std::collections::HashSet;
use std::io::Read;

use flate2::read::ZlibDecoder;
use flate2::{Decompress, FlushDecompress, Status};

fn case<'a>(corpus: &'a [hostile::Hostile], name: &str) -> &'a hostile::Hostile {
    corpus
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// The data of the first stream in `pdf`, by its honest /Length.
fn first_stream(pdf: &[u8]) -> &[u8] {
    let find = |needle: &[u8], from: usize| {
        pdf[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|at| from + at)
            .expect("needle")
    };
    let start = find(b"stream\n", 0) + b"stream\n".len();
    let end = find(b"\nendstream", start);
    &pdf[start..end]
}

#[test]
fn corpus_is_complete_and_bounded() {
    let started = std::time::Instant::now();
    let corpus = hostile::corpus();
    eprintln!("built {} cases in {:?}", corpus.len(), started.elapsed());

    assert!(corpus.len() >= 32, "{} cases", corpus.len());
    let names: HashSet<_> = corpus.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), corpus.len(), "names are unique");
    for class in hostile::CLASSES {
        assert!(
            corpus.iter().any(|c| c.class == class),
            "no case of {class}"
        );
    }
    for c in &corpus {
        assert!(
            hostile::CLASSES.contains(&c.class),
            "{}: {}",
            c.name,
            c.class
        );
        assert!(!c.what.is_empty(), "{}", c.name);
        if c.name.ends_with(".pdf") {
            assert!(c.bytes.starts_with(b"%PDF-"), "{}", c.name);
        } else {
            assert!(c.name.ends_with(".txt"), "{}", c.name);
            assert!(std::str::from_utf8(&c.bytes).is_ok(), "{}", c.name);
        }
    }
    let total: usize = corpus.iter().map(|c| c.bytes.len()).sum();
    assert!(total < 64 << 20, "{total} bytes");
}

/// Head, unit, times the unit is repeated, tail.
type Repeat<'a> = (&'a [u8], &'a [u8], u64, &'a [u8]);

#[test]
fn repeated_deflate_inflates_to_its_input_and_checksum() {
    // The zlib decoder checks the Adler-32, so this also checks its closed form.
    let cases: [Repeat; 5] = [
        (b"", &[0], 0, b""),
        (b"head", &[0], 3 << 20, b"tail"),
        (b"BT", b"(a) Tj\n", 400_001, b"ET"),
        (b"", b"q Q\n", (1 << 18) * 2 + 7, b""),
        (&[1, 2, 3], &[0xFF; 3], 70_000, &[9; 100]),
    ];
    for (head, unit, times, tail) in cases {
        let zlib = hostile::deflate_repeat(head, unit, times, tail);
        let mut got = Vec::new();
        ZlibDecoder::new(&zlib[..])
            .read_to_end(&mut got)
            .expect("inflates with a correct checksum");
        let mut want = head.to_vec();
        want.extend(unit.repeat(times as usize));
        want.extend_from_slice(tail);
        assert!(got == want, "{} units of {unit:?}", times);
    }
    // A wrong checksum is noticed, so the check above means something.
    let mut zlib = hostile::deflate_repeat(b"", &[0], 1000, b"");
    *zlib.last_mut().unwrap() ^= 1;
    assert!(
        ZlibDecoder::new(&zlib[..])
            .read_to_end(&mut Vec::new())
            .is_err()
    );
}

/// The 6 GiB bomb, read only as far as 64 MiB: it inflates to its text then zeros, at a
/// rate that puts the whole stream past 5 GiB.
#[test]
fn six_gigabyte_bomb_inflates_at_the_claimed_ratio() {
    let corpus = hostile::corpus();
    let pdf = &case(&corpus, "bomb-flate-6g.pdf").bytes;
    let zlib = first_stream(pdf);
    assert!(zlib.len() < 8 << 20, "{} bytes compressed", zlib.len());

    let mut inflate = Decompress::new(true);
    let mut out = vec![0u8; 64 << 20];
    let status = inflate
        .decompress(zlib, &mut out, FlushDecompress::None)
        .expect("inflates");
    assert_eq!(status, Status::Ok, "more to come after 64 MiB");
    assert_eq!(inflate.total_out(), 64 << 20);
    let text = b"BT /F1 12 Tf 72 720 Td (2024) Tj";
    assert!(out.starts_with(text));
    let zeros_from = out.iter().position(|&b| b == 0).expect("zeros");
    assert!(out[zeros_from..].iter().all(|&b| b == 0));

    let per_input_byte = inflate.total_out() as f64 / inflate.total_in() as f64;
    let whole = per_input_byte * zlib.len() as f64;
    assert!(
        whole > 5.5 * (1u64 << 30) as f64,
        "extrapolated {whole} bytes"
    );
}

/// Inflates all of the 6 GiB bomb (about 10 s in release): `cargo test --release --test
/// hostile_corpus_builds -- --ignored`.
#[test]
#[ignore]
fn six_gigabyte_bomb_inflates_fully() {
    let corpus = hostile::corpus();
    let zlib = first_stream(&case(&corpus, "bomb-flate-6g.pdf").bytes);
    let mut reader = ZlibDecoder::new(zlib);
    let mut buffer = vec![0u8; 1 << 20];
    let (mut total, mut nonzero) = (0u64, 0u64);
    loop {
        let n = reader
            .read(&mut buffer)
            .expect("inflates, checksum included");
        if n == 0 {
            break;
        }
        total += n as u64;
        nonzero += buffer[..n].iter().filter(|&&b| b != 0).count() as u64;
    }
    assert_eq!(total - nonzero, hostile::BOMB_6G_ZEROS);
}
