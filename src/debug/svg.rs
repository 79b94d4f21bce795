//! A PDF page drawn as SVG, in the front end's page space (points from the top-left),
//! with a legend to the right of the page.

use std::collections::HashMap;
use std::fmt::Write;

use super::Placements;
use crate::line::{Rect, union};
use crate::model::{Document, Table};
use crate::pdf::PageInspection;
use crate::recognise::rows::Row;

/// Column colours, without the red and orange that findings use.
const PALETTE: [&str; 12] = [
    "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
    "#393b79", "#637939", "#8c6d31", "#7b4173",
];
const LEGEND_WIDTH: f64 = 300.0;
const TABLE_COLOUR: &str = "#c2185b";

/// Escapes text for an attribute or element body.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate as written: finite, two decimals.
fn n(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An SVG being written.
struct Svg(String);

impl Svg {
    fn rect(&mut self, class: &str, r: Rect, style: &str, title: Option<&str>) {
        let (x, y) = (r[0].min(r[2]), r[1].min(r[3]));
        let (w, h) = ((r[2] - r[0]).abs(), (r[3] - r[1]).abs());
        let _ = write!(
            self.0,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" {style}"#,
            n(x),
            n(y),
            n(w),
            n(h)
        );
        match title {
            Some(t) => {
                let _ = writeln!(self.0, "><title>{}</title></rect>", escape(t));
            }
            None => self.0.push_str("/>\n"),
        }
    }

    fn text(&mut self, class: &str, x: f64, y: f64, size: f64, style: &str, text: &str) {
        let _ = writeln!(
            self.0,
            r#"<text class="{class}" x="{}" y="{}" font-size="{}" {style}>{}</text>"#,
            n(x),
            n(y),
            n(size),
            escape(text)
        );
    }

    fn open(&mut self, class: &str) {
        let _ = writeln!(self.0, r#"<g class="{class}">"#);
    }

    fn close(&mut self) {
        self.0.push_str("</g>\n");
    }
}

/// The size of a page, A4 where the PDF gives none that makes sense.
fn page_size(width: f64, height: f64) -> (f64, f64) {
    let ok = |x: f64| x.is_finite() && x > 0.0 && x < 20_000.0;
    if ok(width) && ok(height) {
        (width, height)
    } else {
        (595.0, 842.0)
    }
}

fn header(out: &mut Svg, width: f64, height: f64) {
    let total = width + LEGEND_WIDTH;
    let _ = writeln!(
        out.0,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">"#,
        w = n(total),
        h = n(height)
    );
    out.0.push_str(
        r##"<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" stroke="#888" stroke-width="1"/></pattern></defs>
"##,
    );
    let _ = writeln!(
        out.0,
        r#"<rect x="0" y="0" width="{}" height="{}" fill="white"/>"#,
        n(total),
        n(height)
    );
}

/// A page that the PDF interpreter could not read: its outline and why.
pub(super) fn unreadable(page: u32, reason: &str, source: &str) -> String {
    let (width, height) = page_size(0.0, 0.0);
    let mut out = Svg(String::new());
    header(&mut out, width, height);
    out.rect(
        "page",
        [0.0, 0.0, width, height],
        r#"fill="none" stroke="black""#,
        None,
    );
    out.text(
        "unreadable",
        20.0,
        40.0,
        12.0,
        r#"fill="red""#,
        &format!("{source}, page {page}: could not be read: {reason}"),
    );
    out.0.push_str("</svg>\n");
    out.0
}

/// A table's colour for each of its value columns, by column index.
fn colours(table: &Table) -> HashMap<usize, &'static str> {
    table
        .columns
        .iter()
        .filter(|c| !c.key)
        .enumerate()
        .map(|(k, c)| (c.index, PALETTE[k % PALETTE.len()]))
        .collect()
}

/// The union of the boxes of a table's rows on this page.
fn region(table: &Table, rows: &[Row], page: u32) -> Option<Rect> {
    rows.iter()
        .filter(|r| r.page == Some(page) && table.lines.0 <= r.line && r.line <= table.lines.1)
        .flat_map(|r| r.boxes.iter().flatten().copied())
        .reduce(union)
}

/// Draws one page: layout below, what the recogniser made of it above, legend right.
pub(super) fn page(p: &PageInspection, doc: &Document, rows: &[Row], source: &str) -> String {
    let (width, page_height) = page_size(p.width, p.height);
    let number = p.number;
    let placements = Placements::of(doc);
    let tables: Vec<(usize, &Table, Rect)> = doc
        .tables
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t, region(t, rows, number)?)))
        .collect();
    let legend = legend(&tables, doc, source, number, width);
    let height = page_height.max(legend.1);
    let mut out = Svg(String::new());
    header(&mut out, width, height);
    out.rect(
        "page",
        [0.0, 0.0, width, page_height],
        r#"fill="none" stroke="black" stroke-width="1""#,
        None,
    );

    out.open("glyphs");
    for (b, _) in &p.glyphs {
        out.rect("glyph", *b, r##"fill="#000" fill-opacity="0.07""##, None);
    }
    out.close();
    out.open("cells");
    for c in &p.cells {
        out.rect(
            "cell",
            *c,
            r##"fill="none" stroke="#64b5f6" stroke-width="0.4""##,
            None,
        );
    }
    out.close();
    out.open("grids");
    for g in &p.grids {
        out.rect(
            "grid",
            *g,
            r##"fill="none" stroke="#0d47a1" stroke-width="1.2" stroke-dasharray="6 3""##,
            None,
        );
    }
    out.close();
    out.open("rules");
    for r in &p.rules {
        let _ = writeln!(
            out.0,
            r##"<line class="rule" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1b5e20" stroke-width="0.8"/>"##,
            n(r[0]),
            n(r[1]),
            n(r[2]),
            n(r[3])
        );
    }
    for r in &p.glyph_strokes {
        let _ = writeln!(
            out.0,
            r##"<line class="glyph-stroke" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e57373" stroke-width="0.6" stroke-dasharray="1 1"/>"##,
            n(r[0]),
            n(r[1]),
            n(r[2]),
            n(r[3])
        );
    }
    out.close();

    out.open("values");
    for (i, table, _) in &tables {
        let colours = colours(table);
        let values = table.records.iter().flat_map(|r| &r.values);
        for v in values.filter(|v| v.page == Some(number)) {
            let Some(b) = v.bbox else { continue };
            let colour = colours.get(&v.col).copied().unwrap_or(PALETTE[7]);
            let style = format!(r#"fill="{colour}" fill-opacity="0.35" stroke="{colour}""#);
            let title = format!("T{i} {}: {}", v.column, v.printed);
            out.rect("value", b, &style, Some(&title));
        }
    }
    out.close();

    out.open("headers");
    for row in rows.iter().filter(|r| r.page == Some(number)) {
        if !placements.is_header(doc, row) {
            continue;
        }
        let Some(b) = row.boxes.iter().flatten().copied().reduce(union) else {
            continue;
        };
        out.rect(
            "header",
            b,
            r##"fill="url(#hatch)" fill-opacity="0.5" stroke="#888" stroke-width="0.5""##,
            Some(&format!("line {}: header row", row.line)),
        );
        out.text(
            "tag",
            b[0] + 1.0,
            b[1] + 5.0,
            5.0,
            r##"fill="#555""##,
            "header",
        );
    }
    out.close();

    out.open("furniture-lines");
    for (b, text) in &p.furniture {
        out.rect(
            "furniture",
            *b,
            r##"fill="none" stroke="#555" stroke-width="0.8" stroke-dasharray="2 2""##,
            Some(&format!("dropped as page furniture: {text}")),
        );
        out.text(
            "tag",
            b[0],
            b[1] - 1.0,
            5.0,
            r##"fill="#555""##,
            "furniture",
        );
    }
    out.close();

    out.open("tables");
    for (i, table, r) in &tables {
        let style = format!(r#"fill="none" stroke="{TABLE_COLOUR}" stroke-width="1.5""#);
        out.rect("table", *r, &style, None);
        let title = table.title.as_deref().unwrap_or("(untitled)");
        let label = format!("T{i} {} · {title}", table.kind.as_str());
        let fill = format!(r#"fill="{TABLE_COLOUR}""#);
        out.text("table-label", r[0], r[1] - 2.0, 8.0, &fill, &label);
    }
    out.close();

    out.open("glyph-text");
    for (b, text) in &p.glyphs {
        let size = ((b[3] - b[1]) * 0.8).clamp(1.0, 40.0);
        out.text("", b[0], b[3] - 0.2 * size, size, r##"fill="#444""##, text);
    }
    out.close();

    out.open("findings");
    let findings = doc.findings.iter().filter(|f| f.page == Some(number));
    for f in findings {
        let Some(b) = f.bbox else { continue };
        let title = format!("{}: {}", f.rule, f.message);
        if f.rule == "amount_unplaced" {
            let style =
                r##"fill="#ff0000" fill-opacity="0.15" stroke="#e00000" stroke-width="1.5""##;
            out.rect("finding amount_unplaced", b, style, Some(&title));
            let printed = f.found.map_or_else(|| f.message.clone(), |d| d.to_string());
            out.text(
                "finding-label",
                b[0],
                b[1] - 1.5,
                7.0,
                r#"fill="red""#,
                &printed,
            );
        } else {
            let style = r##"fill="none" stroke="#ff8c00" stroke-width="1.5""##;
            out.rect("finding", b, style, Some(&title));
            out.text(
                "finding-label",
                b[0],
                b[3] + 7.0,
                7.0,
                r##"fill="#ff8c00""##,
                &f.rule,
            );
        }
    }
    out.close();

    out.0.push_str(&legend.0);
    out.0.push_str("</svg>\n");
    out.0
}

/// The legend to the right of the page, and the height it needs.
fn legend(
    tables: &[(usize, &Table, Rect)],
    doc: &Document,
    source: &str,
    page: u32,
    left: f64,
) -> (String, f64) {
    let mut out = Svg(String::new());
    let x = left + 10.0;
    let mut y = 16.0;
    let _ = writeln!(out.0, r#"<g class="legend">"#);
    out.text(
        "legend-title",
        x,
        y,
        10.0,
        r#"font-weight="bold""#,
        &format!("{source} · page {page}"),
    );
    y += 14.0;
    let key: [(&str, &str); 9] = [
        (r##"fill="#000" fill-opacity="0.07""##, "glyph"),
        (r##"fill="none" stroke="#1b5e20""##, "rule kept"),
        (
            r##"fill="none" stroke="#e57373" stroke-dasharray="1 1""##,
            "rule dropped as a glyph stroke",
        ),
        (
            r##"fill="none" stroke="#0d47a1" stroke-dasharray="6 3""##,
            "grid",
        ),
        (r##"fill="none" stroke="#64b5f6""##, "cell of a grid band"),
        (
            r##"fill="url(#hatch)" stroke="#888""##,
            "header row (no record)",
        ),
        (
            r##"fill="none" stroke="#555" stroke-dasharray="2 2""##,
            "page furniture (dropped)",
        ),
        (
            r##"fill="#ff0000" fill-opacity="0.15" stroke="#e00000""##,
            "amount not placed",
        ),
        (r##"fill="none" stroke="#ff8c00""##, "other finding"),
    ];
    for (style, what) in key {
        out.rect("legend-key", [x, y - 7.0, x + 14.0, y + 1.0], style, None);
        out.text("", x + 18.0, y, 7.0, "", what);
        y += 11.0;
    }
    let findings = doc
        .findings
        .iter()
        .filter(|f| f.page == Some(page) && f.bbox.is_some())
        .count();
    out.text(
        "",
        x,
        y,
        7.0,
        "",
        &format!("{findings} findings with a box on this page"),
    );
    y += 16.0;
    for (i, table, _) in tables {
        let title = table.title.as_deref().unwrap_or("(untitled)");
        let fill = format!(r#"fill="{TABLE_COLOUR}" font-weight="bold""#);
        let label = format!("T{i} {} · {title}", table.kind.as_str());
        out.text("legend-table", x, y, 8.0, &fill, &label);
        y += 11.0;
        let colours = colours(table);
        for c in table.columns.iter().filter(|c| !c.key) {
            let colour = colours.get(&c.index).copied().unwrap_or(PALETTE[7]);
            let _ = writeln!(
                out.0,
                r#"<g class="legend-entry" data-table="{i}" data-column="{}">"#,
                escape(&c.path)
            );
            let style = format!(r#"fill="{colour}" fill-opacity="0.35" stroke="{colour}""#);
            out.rect(
                "legend-swatch",
                [x + 4.0, y - 7.0, x + 16.0, y + 1.0],
                &style,
                None,
            );
            out.text("", x + 20.0, y, 7.0, "", &c.path);
            out.close();
            y += 10.0;
        }
        y += 6.0;
    }
    out.close();
    (out.0, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_and_control_characters() {
        assert_eq!(escape(r#"a&b<c>"d'"#), "a&amp;b&lt;c&gt;&quot;d&apos;");
        assert_eq!(escape("x\u{1}y"), "x\u{fffd}y");
    }

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.345), "12.35");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(-0.5), "-0.5");
    }
}
