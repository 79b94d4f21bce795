//! `yusuan::debug`: the drawings are well-formed SVG and show what they say.
#![cfg(feature = "pdf")]

use std::path::PathBuf;

use yusuan::debug::{PageDrawing, draw_pdf, inspect_pdf};
use yusuan::{ErrorKind, Finding, Options, Severity};

fn corpus_pdf(name: &str) -> (Vec<u8>, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/pdf")
        .join(name);
    (std::fs::read(&path).expect("corpus PDF"), name.to_string())
}

fn two_pages() -> (Vec<u8>, String) {
    corpus_pdf("002_summary_two_pages.pdf")
}

/// The elements whose class list holds `class`.
fn with_class<'a, 'i>(
    svg: &'a roxmltree::Document<'i>,
    class: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    svg.descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
        .collect()
}

fn rect_of(node: &roxmltree::Node) -> [f64; 4] {
    let f = |a: &str| node.attribute(a).expect(a).parse::<f64>().expect("number");
    let (x, y) = (f("x"), f("y"));
    [x, y, x + f("width"), y + f("height")]
}

#[test]
fn a_two_page_table_drawn_with_its_values_legend_and_title() {
    let (bytes, name) = two_pages();
    let drawings = draw_pdf(&bytes, &name, None, &Options::new()).expect("draws");
    let pages: Vec<u32> = drawings.iter().map(|d| d.page).collect();
    assert_eq!(pages, [1, 2]);
    // Page 1 holds five amounts, page 2 four (see the PDF's seed table).
    for (PageDrawing { page, svg }, values) in drawings.iter().zip([5, 4]) {
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert_eq!(with_class(&doc, "value").len(), values, "page {page}");
        let legend: Vec<&str> = with_class(&doc, "legend-entry")
            .iter()
            .filter_map(|n| n.attribute("data-column"))
            .collect();
        assert_eq!(legend, ["收入/预算数", "支出/预算数"], "page {page}");
        let labels: Vec<String> = with_class(&doc, "table-label")
            .iter()
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        assert_eq!(
            labels,
            ["T0 income_expenditure_summary · 部门预算收支总表"],
            "page {page}"
        );
        assert!(!with_class(&doc, "rule").is_empty());
        assert!(!with_class(&doc, "grid").is_empty());
        assert!(!with_class(&doc, "glyph").is_empty());
    }
    // The header rows are hatched on both pages: printed once, then repeated.
    for d in &drawings {
        let doc = roxmltree::Document::parse(&d.svg).expect("SVG");
        assert!(with_class(&doc, "header").len() >= 2, "page {}", d.page);
    }
}

#[test]
fn each_value_is_drawn_on_its_box_in_its_columns_colour() {
    let (bytes, name) = two_pages();
    let debug = inspect_pdf(&bytes, &name, &Options::new()).expect("reads");
    let svg = debug.draw(1).expect("draws");
    let doc = roxmltree::Document::parse(&svg).expect("SVG");
    let rects = with_class(&doc, "value");
    let table = &debug.document().tables[0];
    let value = table
        .records
        .iter()
        .flat_map(|r| &r.values)
        .find(|v| v.printed == "1550.13")
        .expect("the income total");
    let drawn = rects
        .iter()
        .find(|n| {
            n.first_element_child()
                .and_then(|t| t.text())
                .is_some_and(|t| t.ends_with(": 1550.13"))
        })
        .expect("a rect for 1550.13");
    let b = value.bbox.expect("a box");
    let r = rect_of(drawn);
    assert!(
        r.iter().zip(b).all(|(a, b)| (a - b).abs() < 0.01),
        "{r:?} {b:?}"
    );
    // Income and spending are different columns, so different colours.
    let fills: std::collections::HashSet<&str> =
        rects.iter().filter_map(|n| n.attribute("fill")).collect();
    assert_eq!(fills.len(), 2);
}

#[test]
fn findings_with_a_box_are_drawn_on_their_page() {
    let (bytes, name) = two_pages();
    let mut debug = inspect_pdf(&bytes, &name, &Options::new()).expect("reads");
    let unplaced = Finding {
        severity: Severity::Error,
        rule: "amount_unplaced".into(),
        message: "1,234.50 printed in a table cell was not placed".into(),
        page: Some(2),
        bbox: Some([100.0, 200.0, 150.0, 212.0]),
        found: Some("1234.50".parse().expect("decimal")),
        ..Default::default()
    };
    let other = Finding {
        severity: Severity::Warning,
        rule: "row_sum <&>\"'".into(),
        message: "escapes <this> & \"that\"".into(),
        page: Some(2),
        bbox: Some([10.0, 20.0, 30.0, 40.0]),
        ..Default::default()
    };
    let elsewhere = Finding {
        page: Some(1),
        ..unplaced.clone()
    };
    debug
        .document_mut()
        .findings
        .extend([unplaced, other, elsewhere]);

    let svg = debug.draw(2).expect("draws");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed despite the markup");
    let red = with_class(&doc, "amount_unplaced");
    assert_eq!(red.len(), 1);
    assert_eq!(rect_of(&red[0]), [100.0, 200.0, 150.0, 212.0]);
    assert_eq!(red[0].attribute("stroke"), Some("#e00000"));
    let labels: Vec<&str> = with_class(&doc, "finding-label")
        .iter()
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(labels, ["1234.50", "row_sum <&>\"'"]);
    let orange = with_class(&doc, "finding");
    assert_eq!(orange.len(), 2);
    assert_eq!(orange[1].attribute("stroke"), Some("#ff8c00"));

    let page_1 = debug.draw(1).expect("draws");
    let doc = roxmltree::Document::parse(&page_1).expect("SVG");
    assert_eq!(with_class(&doc, "amount_unplaced").len(), 1);
}

#[test]
fn a_page_out_of_range_is_an_error_naming_file_and_page() {
    let (bytes, name) = two_pages();
    for pages in [3..=3, 0..=1, 2..=9] {
        let e = draw_pdf(&bytes, &name, Some(pages.clone()), &Options::new())
            .expect_err("no such page");
        assert!(
            matches!(e.kind(), ErrorKind::PageOutOfRange { pages: 2, .. }),
            "{pages:?}"
        );
        let message = e.to_string();
        assert!(message.contains("002_summary_two_pages.pdf"), "{message}");
        assert!(message.contains("no page"), "{message}");
    }
}

#[test]
fn what_is_not_a_readable_pdf_is_the_librarys_error() {
    let options = Options::new();
    let not_pdf = draw_pdf(b"just text", "a.txt", None, &options).expect_err("not a PDF");
    assert_eq!(not_pdf.kind(), &ErrorKind::NotPdf);
    let truncated = draw_pdf(b"%PDF-1.5\n1 0 obj <<", "b.pdf", None, &options).expect_err("bad");
    assert!(matches!(truncated.kind(), ErrorKind::CorruptPdf { .. }));
    assert!(truncated.to_string().starts_with("b.pdf: "));
}

#[test]
fn every_corpus_pdf_page_draws() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/pdf");
    for entry in std::fs::read_dir(dir).expect("corpus/pdf") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "pdf") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("reads");
        let name = path.display().to_string();
        let drawings = draw_pdf(&bytes, &name, None, &Options::new()).expect(&name);
        for d in drawings {
            roxmltree::Document::parse(&d.svg).unwrap_or_else(|e| panic!("{name} {}: {e}", d.page));
        }
    }
}
