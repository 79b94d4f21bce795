//! Text for CID fonts that come without a ToUnicode map.
//!
//! A Type0 font with the Identity encoding names glyphs by CID alone; without a
//! /ToUnicode map pdf-extract decodes every one of them to nothing, and a whole table
//! vanishes without a word. Many producers still embed the TrueType program with its
//! `cmap` table (Unicode → glyph), and the CID font's /CIDToGIDMap gives CID → glyph:
//! reversed and joined, the two give the ToUnicode map the producer left out. A font
//! for which this is impossible (no embedded program, or one without a Unicode cmap)
//! is listed, so that its pages get a finding instead of silent gaps.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// What became of the fonts that had no way to Unicode.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct UnicodeRepairs {
    /// Fonts given a ToUnicode map from their embedded program's cmap.
    pub decoded: Vec<String>,
    /// Fonts whose text cannot be decoded.
    pub undecodable: Vec<String>,
}

/// Gives every Identity-encoded Type0 font without a /ToUnicode map one built from its
/// embedded TrueType program, where the program has a Unicode cmap.
pub fn supply_unicode_maps(doc: &mut Document) -> UnicodeRepairs {
    let mut repairs = UnicodeRepairs::default();
    let targets: Vec<(ObjectId, String)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let font = o.as_dict().ok()?;
            let wanted = name(font, b"Subtype") == Some(b"Type0".as_slice())
                && matches!(name(font, b"Encoding"), Some(b"Identity-H" | b"Identity-V"))
                && font.get(b"ToUnicode").is_err();
            wanted.then(|| (*id, label(font)))
        })
        .collect();
    // The map made for each descendant font: fonts that share one share its map (a
    // hostile file has thousands of them, each map up to 65,536 characters).
    let mut made: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
    for (id, label) in targets {
        let descendant = doc
            .get_dictionary(id)
            .ok()
            .and_then(|font| font.get(b"DescendantFonts").ok())
            .and_then(|d| deref(doc, d))
            .and_then(|d| d.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|d| d.as_reference().ok());
        let known = descendant.and_then(|d| made.get(&d).copied());
        let stream = match known {
            Some(stream) => stream,
            None => {
                let map = doc
                    .get_dictionary(id)
                    .ok()
                    .and_then(|font| cid_to_unicode(doc, font));
                let stream = map
                    .filter(|m| !m.is_empty())
                    .map(|map| doc.add_object(Stream::new(Dictionary::new(), to_unicode(&map))));
                if let Some(d) = descendant {
                    made.insert(d, stream);
                }
                stream
            }
        };
        match stream {
            Some(stream) => {
                if let Ok(font) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
                    font.set("ToUnicode", stream);
                    if !repairs.decoded.contains(&label) {
                        repairs.decoded.push(label);
                    }
                }
            }
            // A font is named once, however many objects share its name.
            _ if repairs.undecodable.contains(&label) => {}
            _ => repairs.undecodable.push(label),
        }
    }
    repairs
}

fn name<'d>(dict: &'d Dictionary, key: &[u8]) -> Option<&'d [u8]> {
    dict.get(key).and_then(Object::as_name).ok()
}

/// The font's /BaseFont, for findings.
fn label(font: &Dictionary) -> String {
    name(font, b"BaseFont")
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|| "(unnamed font)".into())
}

/// A reference followed to its object.
fn deref<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// CID → text, from the descendant CID font's /CIDToGIDMap and its embedded TrueType
/// program's Unicode cmap.
fn cid_to_unicode(doc: &Document, font: &Dictionary) -> Option<BTreeMap<u16, char>> {
    let descendants = deref(doc, font.get(b"DescendantFonts").ok()?)?
        .as_array()
        .ok()?;
    let cid_font = deref(doc, descendants.first()?)?.as_dict().ok()?;
    let descriptor = deref(doc, cid_font.get(b"FontDescriptor").ok()?)?
        .as_dict()
        .ok()?;
    let program = font_program(
        doc,
        deref(doc, descriptor.get(b"FontFile2").ok()?)?
            .as_stream()
            .ok()?,
    )?;
    let glyph_text = glyph_to_unicode(&program)?;
    let mut map = BTreeMap::new();
    match cid_font
        .get(b"CIDToGIDMap")
        .ok()
        .and_then(|m| deref(doc, m))
    {
        // A stream: two bytes of glyph id per CID, CID 0 first.
        Some(Object::Stream(s)) => {
            let bytes = s.get_plain_content().ok()?;
            for (cid, pair) in bytes.chunks_exact(2).take(1 << 16).enumerate() {
                let glyph = u16::from_be_bytes([pair[0], pair[1]]);
                if let Some(&c) = glyph_text.get(&glyph) {
                    map.insert(cid as u16, c);
                }
            }
        }
        // /Identity, or absent (which means the same): the CID is the glyph id.
        _ => map = glyph_text,
    }
    Some(map)
}

/// The most bytes a font program may decode to: a whole CJK font is some tens of MB.
const MAX_PROGRAM_BYTES: usize = 64 << 20;

/// A font program's bytes. CID fonts' programs are left encoded when the document is
/// loaded (nothing else reads them), so they are decoded here, within a limit.
fn font_program(doc: &Document, stream: &Stream) -> Option<Vec<u8>> {
    let (chain, params) = super::filters::chain(&stream.dict, |o| deref(doc, o));
    if chain.is_empty() {
        return Some(stream.content.clone());
    }
    match super::filters::decode(&stream.content, &chain, &params, MAX_PROGRAM_BYTES) {
        super::filters::Decoded::Whole(data) => Some(data),
        _ => None,
    }
}

/// Glyph id → character, by reading the font's Unicode cmap backwards. Every code
/// point of the Basic Multilingual Plane is looked up (a bounded 65,536 lookups; a
/// hostile cmap can declare far more ranges than that). A glyph reached from several
/// code points keeps the first outside the private use area: a CJK font maps the
/// Kangxi radicals and the unified ideographs to the same glyph, and the ideograph is
/// what the text means.
fn glyph_to_unicode(program: &[u8]) -> Option<BTreeMap<u16, char>> {
    let face = ttf_parser::RawFace::parse(program, 0).ok()?;
    let cmap = ttf_parser::cmap::Table::parse(face.table(ttf_parser::Tag::from_bytes(b"cmap"))?)?;
    let mut out: BTreeMap<u16, char> = BTreeMap::new();
    for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        for code in 0x20..=0xFFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let Some(glyph) = subtable.glyph_index(code) else {
                continue;
            };
            if glyph.0 == 0 {
                continue;
            }
            let better =
                |old: char| is_private(old) && !is_private(c) || is_radical(old) && !is_radical(c);
            out.entry(glyph.0)
                .and_modify(|old| {
                    if better(*old) {
                        *old = c
                    }
                })
                .or_insert(c);
        }
    }
    Some(out)
}

fn is_private(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// The Kangxi radicals and CJK radicals supplement, which fonts share with ideographs.
fn is_radical(c: char) -> bool {
    ('\u{2E80}'..='\u{2FDF}').contains(&c)
}

/// A ToUnicode CMap of single characters, in blocks of 100 as the format allows.
fn to_unicode(map: &BTreeMap<u16, char>) -> Vec<u8> {
    let entries: Vec<(u16, char)> = map.iter().map(|(&k, &v)| (k, v)).collect();
    let mut body = String::from("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for chunk in entries.chunks(100) {
        let _ = writeln!(body, "{} beginbfchar", chunk.len());
        for (cid, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(body, "<{cid:04X}> <{hex}>");
        }
        body.push_str("endbfchar\n");
    }
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n{body}endcmap\n\
         CMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_to_unicode_map_holds_each_character_in_utf16() {
        let map = BTreeMap::from([(3u16, '预'), (4, '1'), (5, '𠀀')]);
        let text = String::from_utf8(to_unicode(&map)).unwrap();
        assert!(text.contains("3 beginbfchar\n<0003> <9884>\n<0004> <0031>\n<0005> <D840DC00>\n"));
    }

    #[test]
    fn a_font_program_that_is_not_one_gives_no_map() {
        assert_eq!(glyph_to_unicode(b"not a font"), None);
        assert_eq!(glyph_to_unicode(&[]), None);
    }
}
