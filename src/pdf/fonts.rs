//! Fonts rewritten so that pdf-extract reads them as a viewer does.
//!
//! **Width ranges.** A CID font's /W array gives widths either as `c [w1 w2 …]` or as a
//! range `c_first c_last w`. pdf-extract reads only the first form (a range gives it no
//! widths, so every glyph of the font advances a full em and the digits of one cell run
//! into the next). Ranges are rewritten as arrays, and references inside /W resolved.
//!
//! **Predefined CMaps.**
//! Chinese PDFs often use a Type0 font whose /Encoding names a predefined CMap
//! (UniGB-UCS2-H, GBK-EUC-H, GBpc-EUC-H, GBK2K-H, and the Big5 ones) instead of
//! embedding one; pdf-extract only knows Identity-H and panics on the others. Before
//! extraction each such font gets an embedded /Encoding CMap with the same code space
//! and a /ToUnicode map built with encoding_rs, so its text decodes. The CIDs are our
//! own (the codes themselves), so the font's /W widths no longer apply: they are
//! replaced by half width for ASCII and full width for the rest, which keeps glyph
//! positions close enough to lay out cells.

use std::fmt::Write;

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// How a predefined CMap maps bytes to characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    /// Two-byte UCS-2 / UTF-16BE codes.
    Ucs2,
    /// One byte for ASCII, two for the rest, decoded by an encoding_rs encoding.
    DoubleByte(&'static encoding_rs::Encoding),
}

fn scheme_of(cmap: &str) -> Option<Scheme> {
    match cmap {
        "UniGB-UCS2-H" | "UniGB-UTF16-H" | "UniCNS-UCS2-H" | "UniCNS-UTF16-H" => Some(Scheme::Ucs2),
        "GBK-EUC-H" | "GBpc-EUC-H" | "GB-EUC-H" | "GBK2K-H" | "GBKp-EUC-H" => {
            Some(Scheme::DoubleByte(encoding_rs::GB18030))
        }
        "B5pc-H" | "ETen-B5-H" | "ETenms-B5-H" | "HKscs-B5-H" => {
            Some(Scheme::DoubleByte(encoding_rs::BIG5))
        }
        _ => None,
    }
}

/// Rewrites every Type0 font with a predefined CMap it knows; returns their names and
/// CMaps, for the document's findings.
pub fn rewrite_predefined_cmaps(doc: &mut Document) -> Vec<String> {
    let targets: Vec<(ObjectId, Scheme, String)> = doc
        .objects
        .iter()
        .filter_map(|(id, obj)| {
            let dict = obj.as_dict().ok()?;
            let is_type0 = dict.get(b"Subtype").ok()?.as_name().ok()? == b"Type0";
            let cmap =
                String::from_utf8_lossy(dict.get(b"Encoding").ok()?.as_name().ok()?).into_owned();
            let scheme = scheme_of(&cmap).filter(|_| is_type0)?;
            let font = dict.get(b"BaseFont").ok().and_then(|n| n.as_name().ok());
            let name = font
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default();
            Some((*id, scheme, format!("{name} ({cmap})")))
        })
        .collect();
    let mut rewritten: Vec<String> = Vec::new();
    // One pair of maps per CMap, shared by every font that names it (a hostile file
    // names one in thousands of fonts).
    let mut made: Vec<(Scheme, ObjectId, ObjectId)> = Vec::new();
    for (id, scheme, label) in targets {
        let (encoding, to_unicode) = match made.iter().find(|(s, ..)| *s == scheme) {
            Some(&(_, encoding, to_unicode)) => (encoding, to_unicode),
            None => {
                let encoding = doc.add_object(Stream::new(
                    Dictionary::new(),
                    encoding_cmap(scheme).into_bytes(),
                ));
                let to_unicode = doc.add_object(Stream::new(
                    Dictionary::new(),
                    to_unicode_cmap(scheme).into_bytes(),
                ));
                made.push((scheme, encoding, to_unicode));
                (encoding, to_unicode)
            }
        };
        let Ok(font) = doc.get_object_mut(id).and_then(Object::as_dict_mut) else {
            continue;
        };
        font.set("Encoding", encoding);
        font.set("ToUnicode", to_unicode);
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|d| d.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|d| d.as_reference().ok());
        if let Some(cid_font) = descendant
            .and_then(|d| doc.get_object_mut(d).ok())
            .and_then(|o| o.as_dict_mut().ok())
        {
            cid_font.set("DW", 1000);
            cid_font.set(
                "W",
                Object::Array(vec![0.into(), Object::Array(vec![500.into(); 128])]),
            );
        }
        // A font is named once, however many objects share its name and CMap.
        if !rewritten.contains(&label) {
            rewritten.push(label);
        }
    }
    rewritten
}

/// An embedded CMap with the predefined one's code space, each code its own CID.
///
/// Written for the CMap parser pdf-extract uses, which takes a code's width in bytes to
/// be half the bytes of its hex string, and adds a range's first CID to the code rather
/// than to the code's offset: so each code is written with twice its bytes, and every
/// range starts at CID 0 (code = CID, as the ToUnicode map below expects). Its CID
/// range loop also steps wrongly past a first entry, so there is a single CID range.
fn encoding_cmap(scheme: Scheme) -> String {
    let ranges = match scheme {
        Scheme::Ucs2 => {
            "1 begincodespacerange\n<00000000> <0000FFFF>\nendcodespacerange\n\
             1 begincidrange\n<00000000> <0000FFFF> 0\nendcidrange\n"
        }
        Scheme::DoubleByte(_) => {
            "2 begincodespacerange\n<0000> <0080>\n<00008140> <0000FEFE>\nendcodespacerange\n\
             1 begincidrange\n<00000000> <0000FFFF> 0\nendcidrange\n"
        }
    };
    cmap("Adobe-Identity-Yusuan", ranges)
}

/// A ToUnicode map from each code to its character.
fn to_unicode_cmap(scheme: Scheme) -> String {
    let mut body = String::new();
    match scheme {
        Scheme::Ucs2 => {
            body.push_str("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
            // In blocks of 256 codes, each mapped to the same UTF-16 unit, skipping surrogates.
            let blocks: Vec<u16> = (0..=0xFFu16)
                .filter(|h| !(0xD8..=0xDF).contains(h))
                .collect();
            for chunk in blocks.chunks(100) {
                let _ = writeln!(body, "{} beginbfrange", chunk.len());
                for h in chunk {
                    let _ = writeln!(body, "<{h:02X}00> <{h:02X}FF> <{h:02X}00>");
                }
                body.push_str("endbfrange\n");
            }
        }
        Scheme::DoubleByte(encoding) => {
            body.push_str("2 begincodespacerange\n<00> <80>\n<8140> <FEFE>\nendcodespacerange\n");
            let mut entries: Vec<String> = (0x20u8..0x7F)
                .map(|b| format!("<{b:02X}> <{:04X}>", b as u16))
                .collect();
            for lead in 0x81u8..=0xFE {
                for trail in 0x40u8..=0xFE {
                    let pair = [lead, trail];
                    let (text, _, bad) = encoding.decode(&pair);
                    let mut units = text.encode_utf16();
                    if let (false, Some(u), None) = (bad, units.next(), units.next()) {
                        entries.push(format!("<{lead:02X}{trail:02X}> <{u:04X}>"));
                    }
                }
            }
            for chunk in entries.chunks(100) {
                let _ = writeln!(body, "{} beginbfchar", chunk.len());
                for e in chunk {
                    body.push_str(e);
                    body.push('\n');
                }
                body.push_str("endbfchar\n");
            }
        }
    }
    cmap("Adobe-Identity-UCS", &body)
}

fn cmap(name: &str, body: &str) -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n\
         /CMapName /{name} def\n/CMapType 1 def\n{body}endcmap\n\
         CMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
}

/// The most glyphs one width range may cover once expanded: a CID font has at most
/// 65,536 CIDs, and a hostile range must not allocate more.
const MAX_RANGE: i64 = 1 << 16;

/// Rewrites the /W array of every CID font in the array form pdf-extract reads; returns
/// how many fonts changed. A CID font is an object of its own or, as some printer
/// drivers write it, a dictionary inside its Type0 font's /DescendantFonts.
pub fn expand_width_ranges(doc: &mut Document) -> usize {
    let mut targets: Vec<(ObjectId, Option<usize>, Vec<Object>)> = Vec::new();
    for (id, obj) in &doc.objects {
        let Ok(dict) = obj.as_dict() else { continue };
        if let Some(w) = widths_to_rewrite(doc, dict) {
            targets.push((*id, None, w));
        }
        let inline = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|d| d.as_array().ok())
            .into_iter()
            .flatten()
            .enumerate();
        for (index, descendant) in inline {
            let Ok(cid_font) = descendant.as_dict() else {
                continue;
            };
            if let Some(w) = widths_to_rewrite(doc, cid_font) {
                targets.push((*id, Some(index), w));
            }
        }
    }
    let changed = targets.len();
    for (id, index, w) in targets {
        let Ok(dict) = doc.get_object_mut(id).and_then(Object::as_dict_mut) else {
            continue;
        };
        let cid_font = match index {
            None => Some(dict),
            Some(i) => dict
                .get_mut(b"DescendantFonts")
                .ok()
                .and_then(|d| d.as_array_mut().ok())
                .and_then(|a| a.get_mut(i))
                .and_then(|d| d.as_dict_mut().ok()),
        };
        if let Some(cid_font) = cid_font {
            cid_font.set("W", Object::Array(w));
        }
    }
    changed
}

/// The /W of a CID font in array form, if it is not in that form already.
fn widths_to_rewrite(doc: &Document, dict: &Dictionary) -> Option<Vec<Object>> {
    let subtype = dict.get(b"Subtype").ok()?.as_name().ok()?;
    if subtype != b"CIDFontType0" && subtype != b"CIDFontType2" {
        return None;
    }
    let w = resolve(doc, dict.get(b"W").ok()?)?.as_array().ok()?;
    let items: Vec<&Object> = w.iter().map(|o| resolve(doc, o).unwrap_or(o)).collect();
    let arrays_only = items
        .iter()
        .skip(1)
        .step_by(2)
        .all(|o| matches!(o, Object::Array(_)))
        && w.iter().all(|o| !matches!(o, Object::Reference(_)));
    (!arrays_only).then(|| array_form(doc, &items))
}

/// A reference followed to its object (one step, as /W entries need).
fn resolve<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// The entries of a /W array, each range written as an array of equal widths. An entry
/// that is neither form ends the array, as it would end a viewer's reading of it.
fn array_form(doc: &Document, items: &[&Object]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < items.len() {
        let Some(first) = items[i].as_i64().ok() else {
            break;
        };
        if let Object::Array(widths) = items[i + 1] {
            let widths = widths
                .iter()
                .map(|w| resolve(doc, w).and_then(number).unwrap_or(0.0))
                .map(|w| Object::Real(w as f32))
                .collect();
            out.extend([Object::Integer(first), Object::Array(widths)]);
            i += 2;
            continue;
        }
        let (Some(last), Some(width)) = (
            items[i + 1].as_i64().ok(),
            items.get(i + 2).and_then(|w| number(w)),
        ) else {
            break;
        };
        if let Some(span) = last
            .checked_sub(first)
            .filter(|s| (0..MAX_RANGE).contains(s))
        {
            let count = span as usize + 1;
            let widths = vec![Object::Real(width as f32); count];
            out.extend([Object::Integer(first), Object::Array(widths)]);
        }
        i += 3;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_ranges_become_arrays() {
        let doc = Document::with_version("1.5");
        let w: Vec<Object> = vec![
            0.into(),
            0.into(),
            1000.into(),
            1.into(),
            Object::Array(vec![250.into(), 500.into()]),
            3.into(),
            5.into(),
            Object::Real(507.0),
        ];
        let items: Vec<&Object> = w.iter().collect();
        let out = array_form(&doc, &items);
        let widths = |o: &Object| -> Vec<f32> {
            o.as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_float().unwrap())
                .collect()
        };
        assert_eq!(out.len(), 6);
        assert_eq!(widths(&out[1]), [1000.0]);
        assert_eq!(widths(&out[3]), [250.0, 500.0]);
        assert_eq!(widths(&out[5]), [507.0, 507.0, 507.0]);
    }

    #[test]
    fn a_hostile_range_allocates_nothing() {
        let doc = Document::with_version("1.5");
        let w: Vec<Object> = vec![(-5).into(), i64::MAX.into(), 1000.into(), 9.into()];
        let items: Vec<&Object> = w.iter().collect();
        assert!(array_form(&doc, &items).is_empty());
    }
}
