//! Hostile and broken inputs: errors or findings, never a panic.

mod common;

use yusuan::{ErrorKind, Options, TextEncoding};

fn parse(bytes: &[u8]) -> Result<yusuan::Document, yusuan::Error> {
    yusuan::parse_bytes(bytes, "input", &Options::new())
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn corpus() -> Vec<(String, String)> {
    common::corpus_texts()
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("UTF-8 corpus file"),
            )
        })
        .collect()
}

#[test]
fn empty_and_blank_inputs_are_errors_naming_the_input() {
    for input in [&b""[..], b"   \n\t\n", b"\xEF\xBB\xBF"] {
        let err = parse(input).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Empty);
        assert!(err.to_string().starts_with("input: "), "{err}");
    }
}

#[test]
fn binary_junk_is_an_error() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    assert!(matches!(
        parse(png).unwrap_err().kind(),
        ErrorKind::Undecodable { .. } | ErrorKind::Binary { .. }
    ));
    let pdf_like =
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\nendstream";
    assert!(parse(pdf_like).is_err());
    let mut rng = Lcg(7);
    for _ in 0..200 {
        let len = (rng.next() % 4096) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = parse(&bytes); // an error or a document; never a panic
    }
}

#[test]
fn oversized_input_is_refused() {
    let err =
        yusuan::parse_bytes(&[b'a'; 2048], "big.txt", &Options::new().max_bytes(1024)).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::TooLarge {
            size: 2048,
            limit: 1024
        }
    ));
    assert!(err.to_string().contains("big.txt"));
}

#[test]
fn a_ten_megabyte_line_is_read() {
    let line = "合计\t1.00\t".repeat(10 * 1024 * 1024 / 12);
    let text = format!("2023年部门收支预算表\n单位：万元\n{line}\n");
    assert!(text.len() > 10_000_000);
    let doc = yusuan::parse_str(&text, "long-line");
    assert!(doc.findings.iter().any(|f| f.rule == "row_too_wide"));
    let one_cell = format!("{}\n", "很长的一行".repeat(700_000));
    let _ = yusuan::parse_str(&one_cell, "long-text");
}

#[test]
fn random_text_never_panics() {
    let alphabet: Vec<char> =
        "合计小计项目支出收入123456789.0,-—%≥\t\t\t  |\n\n类款项注：单位万元年表（）()#*"
            .chars()
            .collect();
    let mut rng = Lcg(42);
    for _ in 0..500 {
        let len = (rng.next() % 2000) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(rng.next() as usize) % alphabet.len()])
            .collect();
        let doc = yusuan::parse_str(&text, "random");
        let lines = text.lines().count();
        for v in doc
            .tables
            .iter()
            .flat_map(|t| &t.records)
            .flat_map(|r| &r.values)
        {
            assert!(
                v.line >= 1 && v.line <= lines,
                "value line {} of {lines}",
                v.line
            );
        }
    }
}

#[test]
fn truncated_and_damaged_corpus_files_never_panic() {
    for (name, text) in corpus() {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(211).collect();
        for &cut in &boundaries {
            let _ = yusuan::parse_str(&text[..cut], &name);
        }
        // Every line but every seventh, and every line with its cells reversed.
        let dropped: String = text
            .lines()
            .enumerate()
            .filter(|(i, _)| i % 7 != 3)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let _ = yusuan::parse_str(&dropped, &name);
        let reversed: String = text
            .lines()
            .map(|l| l.split('\t').rev().collect::<Vec<_>>().join("\t") + "\n")
            .collect();
        let _ = yusuan::parse_str(&reversed, &name);
    }
}

#[test]
fn gb18030_and_utf16_copies_read_like_the_utf8_original() {
    let Some((name, text)) = corpus().into_iter().nth(1) else {
        return;
    };
    let original = yusuan::parse_str(&text, &name);
    let (gbk, _, lossy) = encoding_rs::GB18030.encode(&text);
    assert!(!lossy);
    let from_gbk = yusuan::parse_bytes(&gbk, &name, &Options::new()).expect("GB18030 decodes");
    assert_eq!(from_gbk.encoding, "gb18030");
    assert_eq!(from_gbk.tables, original.tables);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let from_utf16 = yusuan::parse_bytes(&utf16, &name, &Options::new()).expect("UTF-16 decodes");
    assert_eq!(from_utf16.tables, original.tables);
    // Asking for the wrong encoding is an error, not mojibake.
    assert!(
        yusuan::parse_bytes(&gbk, &name, &Options::new().encoding(TextEncoding::Utf8)).is_err()
    );
}

#[test]
fn a_file_named_pdf_that_is_not_one_says_so() {
    // A PNG renamed .pdf: "not a PDF", not a text that fails to decode.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let e = yusuan::parse_any(png, "scan.pdf", &yusuan::Options::new()).unwrap_err();
    assert_eq!(*e.kind(), yusuan::ErrorKind::NotPdf);
    assert_eq!(e.to_string(), "scan.pdf: not a PDF: no %PDF- header");
    // The same bytes under another name are a binary file.
    let e = yusuan::parse_any(png, "scan.png", &yusuan::Options::new()).unwrap_err();
    assert!(matches!(e.kind(), yusuan::ErrorKind::Binary { .. }), "{e}");
}

#[cfg(not(feature = "pdf"))]
#[test]
fn a_pdf_without_the_pdf_feature_says_so() {
    let e = yusuan::parse_any(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "a.pdf",
        &yusuan::Options::new(),
    )
    .unwrap_err();
    assert_eq!(*e.kind(), yusuan::ErrorKind::PdfNotSupported);
}
