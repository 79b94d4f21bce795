//! The PDF front end: generated PDFs for each way a PDF can fail, and the real
//! disclosures in `../shared/pdfs/` when that folder is there.
#![cfg(feature = "pdf")]

mod common;

use std::path::PathBuf;

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, Stream, dictionary};
use yusuan::{ErrorKind, Options, ValueKind};

/// A one-page PDF whose content stream is `ops`, with Helvetica as /F1.
fn pdf_with(ops: Vec<Operation>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    one_page(doc, font_id, ops)
}

/// Saves `doc` with one A4 page drawing `ops`, with `font` as /F1.
fn one_page(doc: Document, font: pdf_extract::ObjectId, ops: Vec<Operation>) -> Vec<u8> {
    one_turned_page(doc, font, ops, 0)
}

/// Saves `doc` with one A4 page drawing `ops`, shown turned by `/Rotate` `rotate`.
fn one_turned_page(
    doc: Document,
    font: pdf_extract::ObjectId,
    ops: Vec<Operation>,
    rotate: i64,
) -> Vec<u8> {
    page_with_fonts(doc, dictionary! { "F1" => font }, ops, rotate)
}

/// Saves `doc` with one A4 page drawing `ops` with the font resources `fonts`.
fn page_with_fonts(
    mut doc: Document,
    fonts: Dictionary,
    ops: Vec<Operation>,
    rotate: i64,
) -> Vec<u8> {
    let pages_id = doc.new_object_id();
    let resources_id = doc.add_object(dictionary! { "Font" => fonts });
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(
        Dictionary::new(),
        content.encode().expect("content encodes"),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Rotate" => rotate,
    });
    let pages = dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 };
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("PDF saves");
    bytes
}

fn text_at(x: i64, y: i64, text: &str) -> Vec<Operation> {
    vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 10.into()]),
        Operation::new("Td", vec![x.into(), y.into()]),
        Operation::new("Tj", vec![Object::string_literal(text)]),
        Operation::new("ET", vec![]),
    ]
}

fn line(x0: i64, y0: i64, x1: i64, y1: i64) -> Vec<Operation> {
    vec![
        Operation::new("m", vec![x0.into(), y0.into()]),
        Operation::new("l", vec![x1.into(), y1.into()]),
        Operation::new("S", vec![]),
    ]
}

/// A one-page PDF whose text is drawn in a Type0 font with the predefined CMap `cmap`
/// (STSong-Light, not embedded, as reportlab and many producers write it). Each string
/// is already encoded for that CMap.
fn pdf_with_cid_font(cmap: &str, strings: &[(i64, i64, Vec<u8>)]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "STSong-Light", "Flags" => 6,
        "FontBBox" => vec![(-25).into(), (-254).into(), 1000.into(), 880.into()],
        "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120, "CapHeight" => 880, "StemV" => 93,
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("GB1"), "Supplement" => 2,
        },
        "FontDescriptor" => descriptor, "DW" => 1000,
    });
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
        "Encoding" => Object::Name(cmap.as_bytes().to_vec()), "DescendantFonts" => vec![cid_font.into()],
    });
    let mut ops = Vec::new();
    for (x, y, bytes) in strings {
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new("Tf", vec!["F1".into(), 10.into()]));
        ops.push(Operation::new("Td", vec![(*x).into(), (*y).into()]));
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal(bytes.clone())],
        ));
        ops.push(Operation::new("ET", vec![]));
    }
    one_page(doc, font_id, ops)
}

#[test]
fn fonts_with_predefined_cmaps_are_read() {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let ucs2 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect::<Vec<u8>>()
    };
    for (cmap, encode) in [
        ("GBK-EUC-H", &gbk as &dyn Fn(&str) -> Vec<u8>),
        ("GBpc-EUC-H", &gbk),
        ("UniGB-UCS2-H", &ucs2),
    ] {
        let strings = [
            (100, 760, encode("部门收支预算表")),
            (100, 740, encode("单位：万元")),
            (100, 720, encode("合计 931.95")),
        ];
        let doc = yusuan::parse_pdf(
            &pdf_with_cid_font(cmap, &strings),
            "cid.pdf",
            &Options::new(),
        )
        .unwrap_or_else(|e| panic!("{cmap}: {e}"));
        let text = yusuan::pdf_to_text(&pdf_with_cid_font(cmap, &strings), &Options::new())
            .expect("reads");
        assert!(
            text.contains("部门收支预算表") && text.contains("单位：万元"),
            "{cmap}: {text}"
        );
        assert!(text.contains("931.95"), "{cmap}: {text}");
        assert!(
            doc.findings.iter().any(|f| f.rule == "font_rewritten"),
            "{cmap}"
        );
    }
}

#[test]
fn an_unknown_predefined_cmap_is_a_page_error_not_a_panic() {
    let bytes = pdf_with_cid_font("KSC-EUC-H", &[(100, 700, b"abc".to_vec())]);
    let err = parse(&bytes).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::CorruptPdf { .. }), "{err}");
    assert!(err.to_string().contains("page 1"), "{err}");
}

fn parse(bytes: &[u8]) -> Result<yusuan::Document, yusuan::Error> {
    yusuan::parse_pdf(bytes, "generated.pdf", &Options::new())
}

/// A ruled table of two columns (Name, Amount), a title above it, a header row and
/// one data row (Total, 1,095.72), drawn `lift` points above the usual place.
fn ruled_table(lift: i64) -> Vec<Operation> {
    table_ruled_with(lift, line)
}

/// [`ruled_table`] with its rules drawn by `line`.
fn table_ruled_with(lift: i64, line: fn(i64, i64, i64, i64) -> Vec<Operation>) -> Vec<Operation> {
    let mut ops = Vec::new();
    let text_at = |x, y, text| text_at(x, y + lift, text);
    let line = |x0, y0, x1, y1| line(x0, y0 + lift, x1, y1 + lift);
    ops.extend(text_at(100, 760, "Title"));
    for y in [740, 720, 700] {
        ops.extend(line(100, y, 300, y));
    }
    for x in [100, 200, 300] {
        ops.extend(line(x, 740, x, 700));
    }
    ops.extend(text_at(110, 726, "Name"));
    ops.extend(text_at(210, 726, "Amount"));
    ops.extend(text_at(110, 706, "Total"));
    ops.extend(text_at(210, 706, "1,095.72"));
    ops
}

#[test]
fn a_ruled_table_comes_out_with_positions() {
    let doc = parse(&pdf_with(ruled_table(0))).expect("reads");
    let table = &doc.tables[0];
    assert_eq!(table.title.as_deref(), Some("Title"));
    let v = &table.records[0].values[0];
    assert_eq!(
        (v.column.as_str(), v.printed.as_str(), v.page),
        ("Amount", "1,095.72", Some(1))
    );
    assert_eq!(v.amount, Some("1095.72".parse().unwrap()));
    let [left, top, right, bottom] = v.bbox.expect("a PDF value has a box");
    assert!(
        (left - 200.0).abs() < 1.0 && (right - 300.0).abs() < 1.0,
        "{left} {right}"
    );
    assert!(
        (top - 122.0).abs() < 1.0 && (bottom - 142.0).abs() < 1.0,
        "{top} {bottom}"
    );
}

#[test]
fn borders_filled_as_thin_quadrilaterals_are_rules() {
    // Word and "Print to PDF" draw each border as a filled sliver 0.75 pt wide whose
    // ends are mitred: four corners, not a rectangle, and no stroke at all.
    fn sliver(x0: i64, y0: i64, x1: i64, y1: i64) -> Vec<Operation> {
        let (x0, y0, x1, y1) = (x0 as f32, y0 as f32, x1 as f32, y1 as f32);
        let corners = if y0 == y1 {
            [
                (x0, y0),
                (x1, y1),
                (x1 - 0.75, y1 - 0.75),
                (x0 + 0.75, y0 - 0.75),
            ]
        } else {
            [
                (x0, y0),
                (x1, y1),
                (x1 + 0.75, y1 + 0.75),
                (x0 + 0.75, y0 - 0.75),
            ]
        };
        let mut ops = vec![Operation::new(
            "m",
            vec![corners[0].0.into(), corners[0].1.into()],
        )];
        for (x, y) in &corners[1..] {
            ops.push(Operation::new("l", vec![(*x).into(), (*y).into()]));
        }
        ops.push(Operation::new("h", vec![]));
        ops.push(Operation::new("f", vec![]));
        ops
    }
    let doc = parse(&pdf_with(table_ruled_with(0, sliver))).expect("reads");
    let v = &doc.tables[0].records[0].values[0];
    assert_eq!(
        (v.column.as_str(), v.printed.as_str()),
        ("Amount", "1,095.72")
    );
    let [left, _, right, _] = v.bbox.expect("a PDF value has a box");
    assert!(
        (left - 200.0).abs() < 1.5 && (right - 300.0).abs() < 1.5,
        "the value's box is its ruled cell: {left} {right}"
    );
}

#[test]
fn a_page_shown_turned_reads_as_it_is_shown() {
    // A portrait page with /Rotate 90 whose content is drawn a quarter turn back, as
    // producers print a landscape table: the viewer shows it upright, 842 wide and 595
    // high, and so must the reader, positions included.
    let mut ops = vec![Operation::new(
        "cm",
        vec![
            0.into(),
            1.into(),
            (-1).into(),
            0.into(),
            595.into(),
            0.into(),
        ],
    )];
    ops.extend(ruled_table(-300));
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let doc = parse(&one_turned_page(doc, font, ops, 90)).expect("reads");
    let table = &doc.tables[0];
    assert_eq!(table.title.as_deref(), Some("Title"));
    let v = &table.records[0].values[0];
    assert_eq!(
        (v.column.as_str(), v.printed.as_str()),
        ("Amount", "1,095.72")
    );
    let [left, top, right, bottom] = v.bbox.expect("a PDF value has a box");
    // Shown landscape, the data row is 595 - (720 - 300) = 175 down from the top.
    assert!(
        (left - 200.0).abs() < 1.0 && (right - 300.0).abs() < 1.0,
        "{left} {right}"
    );
    assert!(
        (top - 175.0).abs() < 1.0 && (bottom - 195.0).abs() < 1.0,
        "{top} {bottom}"
    );
}

#[test]
fn not_a_pdf_truncated_and_imageless_pdfs_are_errors() {
    let err = parse(b"just text").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NotPdf);
    assert!(err.to_string().starts_with("generated.pdf: "), "{err}");

    let no_text = pdf_with(line(10, 10, 100, 10));
    assert_eq!(parse(&no_text).unwrap_err().kind(), &ErrorKind::NoTextLayer);

    let whole = pdf_with(text_at(100, 700, "Hello"));
    for cut in [10, whole.len() / 3, whole.len() / 2, whole.len() - 40] {
        // A truncated file is an error or, where the parser recovers, a document.
        if let Err(e) = parse(&whole[..cut]) {
            assert!(
                matches!(
                    e.kind(),
                    ErrorKind::CorruptPdf { .. } | ErrorKind::NoTextLayer
                ),
                "{e}"
            );
        }
    }
}

#[test]
fn reading_is_bounded_in_time() {
    let bytes = pdf_with(text_at(100, 700, "Hello"));
    let err = yusuan::parse_pdf(
        &bytes,
        "slow.pdf",
        &Options::new().time_limit(std::time::Duration::ZERO),
    );
    // With no time at all the reader may still win the race on a tiny file.
    if let Err(e) = err {
        assert!(
            matches!(e.kind(), ErrorKind::TimedOut { seconds: 0 }),
            "{e}"
        );
    }
}

#[test]
fn an_encrypted_pdf_is_an_error() {
    let plain = pdf_with(text_at(100, 700, "Secret"));
    let mut doc = Document::load_mem(&plain).expect("loads");
    let encrypt_id = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 1, "R" => 2, "Length" => 40, "P" => -4,
        "O" => Object::string_literal(vec![0u8; 32]), "U" => Object::string_literal(vec![0u8; 32]),
    });
    doc.trailer.set("Encrypt", encrypt_id);
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(vec![1u8; 16]),
            Object::string_literal(vec![1u8; 16]),
        ],
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    let err = parse(&bytes).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Encrypted, "{err}");
}

fn shared_pdf(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/pdfs")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!(
                "skipped: {} is not here (the real PDFs live in ../shared/pdfs)",
                path.display()
            );
            None
        }
    }
}

const STANDARD_TABLES: [&str; 9] = [
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
];

fn table<'d>(doc: &'d yusuan::Document, title: &str) -> &'d yusuan::Table {
    doc.tables
        .iter()
        .find(|t| t.title.as_deref() == Some(title))
        .unwrap_or_else(|| panic!("no table {title}"))
}

/// The value of `column` in the record of `group` named `name`.
fn cell(t: &yusuan::Table, name: &str, column: &str) -> Option<String> {
    t.records
        .iter()
        .filter(|r| r.name.as_deref() == Some(name) || r.code.as_deref() == Some(name))
        .flat_map(|r| &r.values)
        .find(|v| v.column == column)
        .map(|v| v.printed.clone())
}

#[test]
fn the_template_yields_every_table_with_its_header_and_no_values() {
    let Some(bytes) = shared_pdf("shanghai-2024-final-accounts-template.pdf") else {
        return;
    };
    let doc = yusuan::parse_pdf(&bytes, "template.pdf", &Options::new()).expect("reads");
    assert_eq!(doc.phase, Some(yusuan::Phase::FinalAccounts));
    assert_eq!(doc.year, Some(2024));
    for title in STANDARD_TABLES {
        let t = table(&doc, title);
        assert_eq!(t.unit.as_deref(), Some("万元"), "{title}");
        assert!(!t.columns.is_empty(), "{title} has columns");
        let amounts = t
            .records
            .iter()
            .flat_map(|r| &r.values)
            .filter(|v| v.kind == ValueKind::Amount)
            .count();
        assert_eq!(amounts, 0, "{title} is a template: no amounts");
    }
    let sangong = table(&doc, "财政拨款“三公”经费支出决算表");
    let paths: Vec<&str> = sangong.columns.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths[8],
        "财政拨款“三公”经费/公务用车购置及运行维护费/公务用车运行维护费/预算数"
    );
    assert_eq!(paths[11], "财政拨款“三公”经费/公务接待费/决算数");
}

#[test]
fn the_filled_in_accounts_place_every_number() {
    let Some(bytes) = shared_pdf("shanghai-putuo-social-work-dept-2024-final-accounts.pdf") else {
        return;
    };
    let doc = yusuan::parse_pdf(&bytes, "putuo.pdf", &Options::new()).expect("reads");
    assert_eq!(
        doc.department.as_deref(),
        Some("中共上海市普陀区委社会工作部")
    );
    for title in STANDARD_TABLES {
        table(&doc, title);
    }
    // Cells checked by hand against the rendered pages.
    let total = table(&doc, "收入支出决算总表");
    assert_eq!(
        cell(total, "一、一般公共预算财政拨款收入", "收入/决算数").as_deref(),
        Some("307.82")
    );
    assert_eq!(
        cell(total, "八、社会保障和就业支出", "支出/决算数").as_deref(),
        Some("10.82")
    );
    assert_eq!(
        cell(total, "总计", "支出/决算数").as_deref(),
        Some("307.82")
    );
    let income = table(&doc, "收入决算表");
    assert_eq!(
        cell(income, "2080505", "本年收入合计").as_deref(),
        Some("6.18")
    );
    let wrapped = income
        .records
        .iter()
        .find(|r| r.code.as_deref() == Some("2080505"))
        .expect("row 2080505");
    assert_eq!(
        wrapped.name.as_deref(),
        Some("机关事业单位基本养老保险缴费支出")
    );
    let spending = table(&doc, "支出决算表");
    assert_eq!(
        cell(spending, "合计", "基本支出").as_deref(),
        Some("105.58")
    );
    assert_eq!(
        cell(spending, "2013999", "项目支出").as_deref(),
        Some("202.24")
    );
    assert_eq!(
        cell(spending, "2210203", "本年支出合计").as_deref(),
        Some("11.72")
    );
    let basic = table(&doc, "一般公共预算财政拨款基本支出决算表");
    assert_eq!(cell(basic, "30113", "决算数").as_deref(), Some("17.70"));
    assert_eq!(cell(basic, "30239", "决算数").as_deref(), Some("2.43"));
    // The laid-out text reads to the same records, without the positions.
    let text = yusuan::pdf_to_text(&bytes, &Options::new()).expect("lays out");
    let from_text = yusuan::parse_str(&text, "putuo.txt");
    let all = |d: &yusuan::Document| {
        d.tables
            .iter()
            .flat_map(|t| &t.records)
            .map(essence)
            .collect::<Vec<_>>()
    };
    assert_eq!(all(&from_text), all(&doc));
    // Nothing was displaced, and every value carries its page and box.
    let placement = [
        "value_in_key_column",
        "text_in_amount_column",
        "row_realigned",
        "row_short",
        "blank_subtotal",
    ];
    let displaced: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| placement.contains(&f.rule.as_str()))
        .collect();
    assert!(displaced.is_empty(), "{displaced:#?}");
    // Its arithmetic holds but for one rounding: 302 is printed 10.23, its 27 items sum to 10.22.
    let checks: Vec<(&str, Option<usize>)> = doc
        .findings
        .iter()
        .filter(|f| f.severity != yusuan::Severity::Warning)
        .map(|f| (f.rule.as_str(), f.line))
        .collect();
    assert_eq!(checks, [("rounding", Some(197))]);
    for v in doc
        .tables
        .iter()
        .flat_map(|t| &t.records)
        .flat_map(|r| &r.values)
    {
        assert!(v.page.is_some() && v.bbox.is_some(), "{v:?}");
    }
}

/// What a record says, without where it came from.
fn essence(r: &yusuan::Record) -> String {
    let keys: Vec<String> = r
        .keys
        .iter()
        .map(|k| format!("{}={}", k.column, k.text))
        .collect();
    let values: Vec<String> = r
        .values
        .iter()
        .map(|v| format!("{}={}", v.column, v.printed))
        .collect();
    format!(
        "{} {:?} {:?} {:?} {:?} [{}] [{}]",
        r.group,
        r.kind,
        r.seq,
        r.code,
        r.name,
        keys.join(", "),
        values.join(", ")
    )
}

fn corpus_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

/// Each generated PDF (corpus/pdf/make_pdfs.py) yields the records of the seed table it
/// was made from.
#[test]
fn generated_pdfs_yield_the_records_of_their_text_source() {
    let cases = [
        (
            "001_spending_landscape.pdf",
            "001_d34d93e841470382",
            "2022年部门支出预算表",
        ),
        (
            "002_summary_two_pages.pdf",
            "002_3753cf426c7ec0a0",
            "部门预算收支总表",
        ),
        (
            "000_running_costs_unruled.pdf",
            "000_b00e05bcf513a847",
            "2023年行政(事业)单位机关(机构)运行经费",
        ),
        (
            "001_sangong_stsong.pdf",
            "001_d34d93e841470382",
            "2022年一般公共预算“三公”经费预算表",
        ),
    ];
    for (pdf, seed, title) in cases {
        let Some(path) = common::seed(&format!("{seed}.txt")) else {
            return;
        };
        let text = std::fs::read(path).expect("seed");
        let from_text = yusuan::parse_bytes(&text, seed, &Options::new()).expect("seed reads");
        let bytes = std::fs::read(corpus_file(&format!("pdf/{pdf}"))).expect("generated PDF");
        let from_pdf =
            yusuan::parse_pdf(&bytes, pdf, &Options::new()).unwrap_or_else(|e| panic!("{e}"));
        let (want, got) = (table(&from_text, title), table(&from_pdf, title));
        let paths =
            |t: &yusuan::Table| t.columns.iter().map(|c| c.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(got), paths(want), "{pdf}: columns");
        assert_eq!(got.unit, want.unit, "{pdf}: unit");
        let records = |t: &yusuan::Table| t.records.iter().map(essence).collect::<Vec<_>>();
        assert_eq!(records(got), records(want), "{pdf}: records");
        assert!(
            got.records
                .iter()
                .flat_map(|r| &r.values)
                .all(|v| v.page.is_some() && v.bbox.is_some())
        );
    }
}

/// Damaged copies of the generated PDFs: bytes overwritten, the file cut short. Each
/// reads to a document or an error, never a panic or a hang.
#[test]
fn damaged_pdfs_never_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf");
    let options = Options::new().time_limit(std::time::Duration::from_secs(20));
    for entry in std::fs::read_dir(dir).expect("corpus/pdf") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "pdf") {
            continue;
        }
        let original = std::fs::read(&path).expect("PDF");
        let mut state = 12345u64;
        for round in 0..12 {
            let mut bytes = original.clone();
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (state >> 33) as usize % bytes.len();
            if round % 3 == 0 {
                bytes.truncate(at.max(8));
            } else {
                for b in bytes.iter_mut().skip(at).take(64) {
                    *b = b.wrapping_mul(31).wrapping_add(7);
                }
            }
            let _ = yusuan::parse_pdf(&bytes, "damaged.pdf", &options);
        }
    }
}

/// The PDF with the /ToUnicode map of every Identity-encoded Type0 font removed, as
/// some producers write it; `None` when it does not load.
fn without_unicode_maps(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut doc = Document::load_mem(bytes).ok()?;
    for object in doc.objects.values_mut() {
        if let Ok(font) = object.as_dict_mut() {
            let type0 = font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
            if type0 {
                font.remove(b"ToUnicode");
            }
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(out)
}

/// Every value read, as (page, column, printed).
fn values_read(doc: &yusuan::Document) -> Vec<(Option<u32>, String, String)> {
    doc.tables
        .iter()
        .flat_map(|t| &t.records)
        .flat_map(|r| &r.values)
        .map(|v| (v.page, v.column.clone(), v.printed.clone()))
        .collect()
}

#[test]
fn fonts_without_unicode_maps_are_read_through_their_own_cmap() {
    // Real disclosures whose CID fonts embed a TrueType program with a Unicode cmap:
    // with their ToUnicode maps taken out, the same values must come out.
    let Some(dir) = common::shared_pdfs() else {
        return;
    };
    for name in [
        "shenzhen-finance-bureau-2026-dept-budget.pdf",
        "hangzhou-justice-bureau-2026-dept-budget.pdf",
    ] {
        let bytes = std::fs::read(dir.join(name)).expect("shared PDF reads");
        let whole = yusuan::parse_pdf(&bytes, name, &Options::new()).expect("reads");
        let stripped = without_unicode_maps(&bytes).expect("rewrites");
        let bare = yusuan::parse_pdf(&stripped, name, &Options::new()).expect("reads");
        assert!(!values_read(&whole).is_empty());
        assert_eq!(values_read(&bare), values_read(&whole), "{name}");
        assert!(
            bare.findings
                .iter()
                .any(|f| f.rule == "font_decoded_from_program"),
            "{name}: the repair is said"
        );
    }
}

#[test]
fn text_that_cannot_be_decoded_is_a_finding_on_its_page() {
    // A CID font with neither a ToUnicode map nor a font program: its glyphs decode to
    // nothing, and the page says so.
    let mut doc = Document::with_version("1.5");
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "Mystery", "Flags" => 4,
        "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()],
        "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120, "CapHeight" => 700,
        "StemV" => 80,
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Mystery",
        "FontDescriptor" => descriptor,
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0,
        },
        "DW" => 1000,
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Mystery",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
    });
    let helvetica = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut ops = text_at(100, 600, "Readable");
    ops.extend([
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F2".into(), 10.into()]),
        Operation::new("Td", vec![100.into(), 700.into()]),
        Operation::new(
            "Tj",
            vec![Object::String(
                vec![0, 5, 0, 6, 0, 7],
                pdf_extract::StringFormat::Hexadecimal,
            )],
        ),
        Operation::new("ET", vec![]),
    ]);
    let fonts = dictionary! { "F1" => helvetica, "F2" => font };
    let doc = parse(&page_with_fonts(doc, fonts, ops, 0)).expect("reads");
    let said = doc
        .findings
        .iter()
        .find(|f| f.rule == "text_undecodable")
        .expect("a finding");
    assert_eq!(said.page, Some(1));
    assert!(said.message.contains("3 glyphs"), "{}", said.message);
    assert!(said.message.contains("Mystery"), "{}", said.message);
}

#[test]
fn a_media_box_given_corners_in_any_order_is_the_same_page() {
    // [0 842 595 0] names the top-left corner first; viewers show the same page.
    let mut doc = Document::load_mem(&pdf_with(ruled_table(0))).expect("loads");
    for object in doc.objects.values_mut() {
        if let Ok(page) = object.as_dict_mut()
            && page.get(b"MediaBox").is_ok()
        {
            page.set("MediaBox", vec![0.into(), 842.into(), 595.into(), 0.into()]);
        }
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    let read = parse(&bytes).expect("reads");
    let v = &read.tables[0].records[0].values[0];
    let [_, top, _, bottom] = v.bbox.expect("a PDF value has a box");
    assert!(
        (top - 122.0).abs() < 1.0 && (bottom - 142.0).abs() < 1.0,
        "{top} {bottom}"
    );
}

#[test]
fn text_outside_its_clip_is_not_read() {
    // A label clipped to its cell runs on, hidden, under the next cell's amount; the
    // viewer shows "0.00" alone there, and so must the reader.
    let mut ops = ruled_table(0);
    ops.extend([
        Operation::new("q", vec![]),
        Operation::new("re", vec![100.into(), 700.into(), 100.into(), 20.into()]),
        Operation::new("W", vec![]),
        Operation::new("n", vec![]),
    ]);
    ops.extend(text_at(110, 686, "Hidden overflowing name"));
    ops.push(Operation::new("Q", vec![]));
    ops.extend(text_at(110, 640, "Shown again"));
    let text = yusuan::pdf_to_text(&pdf_with(ops), &Options::new()).expect("reads");
    assert!(!text.contains("overflowing"), "{text}");
    assert!(text.contains("Shown again"), "{text}");
    assert!(text.contains("1,095.72"), "{text}");
}

#[test]
fn a_form_is_read_where_it_is_drawn() {
    // The whole table drawn as a Form XObject under a translation (as some producers
    // place a page's content): positions are where the viewer shows them.
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let form_content = Content {
        operations: ruled_table(0),
    }
    .encode()
    .expect("encodes");
    let form = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        },
        form_content,
    ));
    let ops = vec![
        Operation::new("q", vec![]),
        Operation::new(
            "cm",
            vec![
                1.into(),
                0.into(),
                0.into(),
                1.into(),
                50.into(),
                (-30).into(),
            ],
        ),
        Operation::new("Do", vec![Object::Name(b"Fm1".to_vec())]),
        Operation::new("Q", vec![]),
    ];
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(
        Dictionary::new(),
        Content { operations: ops }.encode().expect("encodes"),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Fm1" => form } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    let pages = dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 };
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("PDF saves");
    let read = parse(&bytes).expect("reads");
    let v = &read.tables[0].records[0].values[0];
    assert_eq!(v.printed, "1,095.72");
    let [left, top, _, _] = v.bbox.expect("a PDF value has a box");
    // 50 points right and 30 down of where the table is drawn without the form.
    assert!(
        (left - 250.0).abs() < 1.0 && (top - 152.0).abs() < 1.0,
        "{left} {top}"
    );
}

#[test]
fn a_white_line_is_no_rule() {
    // Spreadsheets print their gridlines white: invisible, and no cell edge.
    let mut ops = ruled_table(0);
    ops.push(Operation::new("q", vec![]));
    ops.push(Operation::new("RG", vec![1.into(), 1.into(), 1.into()]));
    ops.extend(line(260, 745, 260, 695));
    ops.push(Operation::new("Q", vec![]));
    let doc = parse(&pdf_with(ops)).expect("reads");
    let v = &doc.tables[0].records[0].values[0];
    let [left, _, right, _] = v.bbox.expect("a PDF value has a box");
    assert!(
        (left - 200.0).abs() < 1.0 && (right - 300.0).abs() < 1.0,
        "{left} {right}"
    );
}

/// The PDF with one byte inserted where its `startxref` points (before its
/// cross-reference table or stream), so that every offset after it is off by one.
fn shifted_before_cross_reference(bytes: &[u8]) -> Option<Vec<u8>> {
    let at = bytes.windows(9).rposition(|w| w == b"startxref")?;
    let digits: String = bytes[at + 9..]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| c.is_ascii_whitespace())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let offset: usize = digits.parse().ok()?;
    let header = bytes.windows(5).position(|w| w == b"%PDF-")?;
    let target = header + offset;
    if target >= at {
        return None;
    }
    let mut shifted = bytes.to_vec();
    shifted.insert(target, b'X');
    Some(shifted)
}

/// A document as JSON, without the findings that say the file was repaired.
fn without_repairs(doc: yusuan::Document) -> serde_json::Value {
    let mut value = serde_json::to_value(doc).unwrap();
    if let Some(findings) = value["findings"].as_array_mut() {
        findings.retain(|f| f["rule"] != "pdf_repaired");
    }
    value
}

/// Real PDFs (the bundled ones and every sixth of ../shared/pdfs: classic tables and
/// cross-reference streams, several producers), with a byte inserted before their
/// cross-reference table, read as the originals do: the objects are found by scanning
/// the file, and the damage is a finding.
#[test]
fn a_byte_inserted_before_the_cross_reference_table_loses_nothing() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["corpus/pdf", "../shared/pdfs"] {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
        match std::fs::read_dir(&dir) {
            Ok(entries) => files.extend(
                entries
                    .filter_map(|e| Some(e.ok()?.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "pdf")),
            ),
            Err(_) => eprintln!("skipped: {} is not here", dir.display()),
        }
    }
    files.sort();
    assert!(!files.is_empty());
    let options = Options::new();
    let sample = files
        .iter()
        .enumerate()
        .filter(|(i, f)| !f.to_string_lossy().contains("shared") || i % 6 == 0);
    for (_, file) in sample {
        let bytes = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let shifted = shifted_before_cross_reference(&bytes)
            .unwrap_or_else(|| panic!("{name}: startxref not found"));
        let original = yusuan::parse_pdf(&bytes, &name, &options).unwrap();
        let repaired = yusuan::parse_pdf(&shifted, &name, &options).unwrap();
        assert!(
            repaired.findings.iter().any(|f| f.rule == "pdf_repaired"),
            "{name}: the damage is not reported"
        );
        assert!(
            without_repairs(original) == without_repairs(repaired),
            "{name}: read differently once damaged"
        );
    }
}

/// A font the interpreter fails on (here, a ToUnicode map given as a name it does not
/// know) costs its own text, not the page: the page's other text is read, and a
/// finding names the font.
#[test]
fn a_broken_font_costs_its_text_not_its_page() {
    let mut doc = Document::with_version("1.5");
    let good = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let broken = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Broken",
        "ToUnicode" => "NoSuchMap",
    });
    let mut ops = text_at(100, 700, "Kept 2024");
    ops.extend([
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F2".into(), 10.into()]),
        Operation::new("Td", vec![100.into(), 600.into()]),
        Operation::new("Tj", vec![Object::string_literal("Lost")]),
        Operation::new("ET", vec![]),
    ]);
    let bytes = page_with_fonts(doc, dictionary! { "F1" => good, "F2" => broken }, ops, 0);
    let doc = parse(&bytes).unwrap();
    let finding = doc
        .findings
        .iter()
        .find(|f| f.rule == "font_unreadable")
        .expect("a finding names the broken font");
    assert!(finding.message.contains("page 1"), "{}", finding.message);
    let text = yusuan::pdf_to_text(&bytes, &Options::new()).unwrap();
    assert!(text.contains("Kept 2024"), "{text:?}");
    assert!(!text.contains("Lost"), "{text:?}");
}

/// Pages read side by side on several threads give the document read in order: the
/// bundled PDFs and every sixth real one.
#[test]
fn pages_read_side_by_side_are_the_pages_read_in_order() {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/pdf"))
            .expect("corpus/pdf lists")
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
    if let Some(dir) = common::shared_pdfs() {
        let mut shared: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("shared PDFs list")
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        shared.sort();
        files.extend(shared.into_iter().step_by(6));
    }
    for path in files {
        let bytes = std::fs::read(&path).expect("the PDF reads");
        let name = path.display().to_string();
        let read = |threads| {
            let options = Options::new().page_threads(threads);
            let doc = yusuan::parse_pdf(&bytes, &name, &options).expect("reads");
            serde_json::to_string(&doc).expect("serialises")
        };
        let in_order = read(1);
        assert_eq!(read(3), in_order, "{name}");
    }
}
