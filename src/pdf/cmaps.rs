//! Fonts' ToUnicode maps parsed once per document, and shown to the interpreter page by
//! page cut down to the codes that page can show.
//!
//! pdf-extract builds a page's fonts afresh for every page, parsing each font's
//! ToUnicode CMap again. Producers often embed the map of a whole CJK font (tens of
//! thousands of codes) with a subset of its glyphs; parsing it on every page was three
//! quarters of the work on such documents. So each map is parsed here once, by the very
//! parser pdf-extract uses, and before each page is read the font's /ToUnicode is
//! replaced by a map of only the codes the page's strings can hold; the font is put
//! back after the page.
//!
//! The codes a page can hold are a superset of those it shows: every code the font's
//! byte reading would take starting at any byte of any string on the page or in its
//! forms. Every code the interpreter looks up is therefore in the cut map, with the
//! value the whole map gives it, and text comes out as it did from the whole map.
//! A map that pdf-extract would fail on (a parse error, an odd-length or invalid UTF-16
//! value) is never cut, so that the page fails as it did.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use adobe_cmap_parser::{ByteMapping, CIDRange, CodeRange};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// Forms nested deeper than this are not searched for strings and fonts (the content
/// preparation draws none deeper).
const MAX_FORM_DEPTH: usize = 8;

/// Parsed maps of one document, by the object id of their stream.
#[derive(Default)]
pub struct FontMaps {
    /// A ToUnicode stream's map, or `None` where it is not to be cut.
    to_unicode: HashMap<ObjectId, Option<HashMap<u32, Vec<u8>>>>,
    /// A Type0 font's embedded /Encoding CMap, or `None` where it cannot be read.
    encodings: HashMap<ObjectId, Option<ByteMapping>>,
}

/// What a page's cut changed: the fonts as they were, and the maps added.
#[derive(Default)]
pub struct Cut {
    originals: Vec<(ObjectId, Object)>,
    added: Vec<ObjectId>,
}

/// How the interpreter reads a font's codes from a string's bytes.
enum Reading {
    /// One byte a code (simple and Type3 fonts).
    Bytes,
    /// Through a CID font's code space and CID ranges.
    Cids(ByteMapping),
}

impl FontMaps {
    /// Replaces the /ToUnicode of each font `page` draws with (its resources' and its
    /// forms') by the part of its map that the page's strings can hold.
    pub fn cut_for_page(&mut self, doc: &mut Document, page: ObjectId) -> Cut {
        let drawing = page_drawing(doc, page);
        if drawing.fonts.is_empty() {
            return Cut::default();
        }
        let strings = strings_shown(doc, page, &drawing.forms);
        let mut bytes_seen = [false; 256];
        for s in &strings {
            for &b in s {
                bytes_seen[usize::from(b)] = true;
            }
        }
        // Codes by code space: Identity-H fonts share one set.
        let mut cid_codes: HashMap<Option<ObjectId>, HashSet<u32>> = HashMap::new();
        let mut cut = Cut::default();
        for font_id in drawing.fonts {
            let Ok(font) = doc.get_dictionary(font_id) else {
                continue;
            };
            let Some(Object::Reference(map_id)) = font.get(b"ToUnicode").ok().cloned() else {
                continue;
            };
            let Some((reading, encoding_id)) = self.reading(doc, font) else {
                continue;
            };
            let Some(Some(map)) = self.map(doc, map_id) else {
                continue;
            };
            let kept: Vec<(u32, &Vec<u8>)> = match &reading {
                Reading::Bytes => (0..=255u32)
                    .filter(|&b| bytes_seen[b as usize])
                    .filter_map(|b| map.get(&b).map(|v| (b, v)))
                    .collect(),
                Reading::Cids(mapping) => {
                    let codes = cid_codes
                        .entry(encoding_id)
                        .or_insert_with(|| codes_at_every_byte(mapping, &strings));
                    let mut kept: Vec<(u32, &Vec<u8>)> = codes
                        .iter()
                        .filter_map(|c| map.get(c).map(|v| (*c, v)))
                        .collect();
                    kept.sort_unstable_by_key(|(c, _)| *c);
                    kept
                }
            };
            let stream = Stream::new(Dictionary::new(), cmap_of(&kept));
            let Ok(original) = doc.get_object(font_id).cloned() else {
                continue;
            };
            let added = doc.add_object(stream);
            if let Ok(dict) = doc.get_object_mut(font_id).and_then(Object::as_dict_mut) {
                dict.set("ToUnicode", added);
            }
            cut.originals.push((font_id, original));
            cut.added.push(added);
        }
        cut
    }

    /// How the interpreter reads `font`'s codes, and the id of the encoding CMap that
    /// tells it (`None` for Identity); `None` where it would not read the font.
    fn reading(
        &mut self,
        doc: &Document,
        font: &Dictionary,
    ) -> Option<(Reading, Option<ObjectId>)> {
        let subtype = font.get(b"Subtype").ok().and_then(|s| deref(doc, s));
        if subtype.and_then(|s| s.as_name().ok()) != Some(b"Type0".as_slice()) {
            return Some((Reading::Bytes, None));
        }
        match font.get(b"Encoding").ok()? {
            Object::Reference(id) => match doc.get_object(*id).ok()? {
                Object::Name(name) => identity(name).map(|m| (Reading::Cids(m), None)),
                Object::Stream(stream) => {
                    let mapping = self
                        .encodings
                        .entry(*id)
                        .or_insert_with(|| byte_mapping(stream))
                        .as_ref()?;
                    Some((Reading::Cids(clone_mapping(mapping)), Some(*id)))
                }
                _ => None,
            },
            Object::Name(name) => identity(name).map(|m| (Reading::Cids(m), None)),
            _ => None,
        }
    }

    /// The map of the ToUnicode stream `id`, parsed on first use.
    fn map(&mut self, doc: &Document, id: ObjectId) -> Option<&Option<HashMap<u32, Vec<u8>>>> {
        match self.to_unicode.entry(id) {
            Entry::Occupied(known) => Some(known.into_mut()),
            Entry::Vacant(new) => {
                let Ok(Object::Stream(stream)) = doc.get_object(id) else {
                    return None;
                };
                Some(new.insert(unicode_map(stream)))
            }
        }
    }
}

impl Cut {
    /// Puts the fonts back as they were and drops the maps added.
    pub fn restore(self, doc: &mut Document) {
        for (id, original) in self.originals {
            doc.objects.insert(id, original);
        }
        for id in self.added {
            doc.objects.remove(&id);
        }
    }
}

fn deref<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// The code space the interpreter gives a font named by a predefined Identity CMap.
fn identity(name: &[u8]) -> Option<ByteMapping> {
    matches!(name, b"Identity-H" | b"Identity-V").then(|| ByteMapping {
        codespace: vec![CodeRange {
            width: 2,
            start: 0,
            end: 0xffff,
        }],
        cid: vec![CIDRange {
            src_code_lo: 0,
            src_code_hi: 0xffff,
            dst_CID_lo: 0,
        }],
    })
}

fn clone_mapping(m: &ByteMapping) -> ByteMapping {
    ByteMapping {
        codespace: m
            .codespace
            .iter()
            .map(|r| CodeRange {
                width: r.width,
                start: r.start,
                end: r.end,
            })
            .collect(),
        cid: m
            .cid
            .iter()
            .map(|r| CIDRange {
                src_code_lo: r.src_code_lo,
                src_code_hi: r.src_code_hi,
                dst_CID_lo: r.dst_CID_lo,
            })
            .collect(),
    }
}

/// A stream's bytes as the interpreter reads them: decoded where its filters can be,
/// else as stored.
fn contents(stream: &Stream) -> Vec<u8> {
    if stream.filters().is_ok() {
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone())
    } else {
        stream.content.clone()
    }
}

/// A ToUnicode stream's map, by the interpreter's own parser; `None` where the
/// interpreter would fail on it (so that it still does) or where an empty value could
/// not be written back.
fn unicode_map(stream: &Stream) -> Option<HashMap<u32, Vec<u8>>> {
    let bytes = contents(stream);
    let map = match super::cmap_reader::unicode_map(&bytes) {
        Some(map) => map,
        None => catch_unwind(AssertUnwindSafe(|| {
            adobe_cmap_parser::get_unicode_map(&bytes)
        }))
        .ok()?
        .ok()?,
    };
    let readable = map.values().all(|v| {
        if v.is_empty() || v.len() % 2 != 0 {
            return false;
        }
        let units: Vec<u16> = v
            .chunks(2)
            .map(|p| (u16::from(p[0]) << 8) | u16::from(p[1]))
            .collect();
        // A lone surrogate is skipped by the interpreter; anything else must decode.
        matches!(units[..], [0xd800..=0xdfff]) || String::from_utf16(&units).is_ok()
    });
    readable.then_some(map)
}

/// An embedded encoding CMap's code space and CID ranges, by the interpreter's parser.
fn byte_mapping(stream: &Stream) -> Option<ByteMapping> {
    let bytes = contents(stream);
    catch_unwind(AssertUnwindSafe(|| {
        adobe_cmap_parser::get_byte_mapping(&bytes)
    }))
    .ok()?
    .ok()
}

/// The key the interpreter looks a CID font's map up with, for the code at the start
/// of `bytes` (as its reading of the next character does).
fn cid_at(mapping: &ByteMapping, bytes: &[u8]) -> Option<u32> {
    let mut rest = bytes.iter();
    let mut c = u32::from(*rest.next()?);
    let mut code = None;
    'widths: for width in 1..=4 {
        for range in &mapping.codespace {
            if c >= range.start && c <= range.end && range.width == width {
                code = Some(c);
                break 'widths;
            }
        }
        c = (c << 8) | u32::from(*rest.next()?);
    }
    let code = code?;
    mapping
        .cid
        .iter()
        .find(|r| code >= r.src_code_lo && code <= r.src_code_hi)
        .map(|r| code.wrapping_add(r.dst_CID_lo))
}

/// Every key a CID font could look up reading `strings`, starting at any byte.
fn codes_at_every_byte(mapping: &ByteMapping, strings: &[Vec<u8>]) -> HashSet<u32> {
    strings
        .iter()
        .flat_map(|s| (0..s.len()).filter_map(|i| cid_at(mapping, &s[i..])))
        .collect()
}

/// A ToUnicode CMap holding `entries` (code, UTF-16BE value), each as a `bfchar`.
///
/// Codes and values are written as literal strings of their raw bytes: the parser
/// tries a literal string before a hexadecimal one, and takes its bytes in one step
/// where it reads a hexadecimal string a digit pair at a time (several times cheaper).
fn cmap_of(entries: &[(u32, &Vec<u8>)]) -> Vec<u8> {
    let mut out = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n".to_vec();
    out.extend_from_slice(format!("{} beginbfchar\n", entries.len()).as_bytes());
    for (code, value) in entries {
        let width = match code {
            0..=0xff => 1,
            0x100..=0xffff => 2,
            0x1_0000..=0xff_ffff => 3,
            _ => 4,
        };
        literal(&code.to_be_bytes()[4 - width..], &mut out);
        out.push(b' ');
        literal(value, &mut out);
        out.push(b'\n');
    }
    out.extend_from_slice(b"endbfchar\nendcmap\nend\nend\n");
    out
}

/// `bytes` as a PDF literal string: raw, with `\\`, `(` and `)` escaped.
fn literal(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'(');
    for &b in bytes {
        if matches!(b, b'\\' | b'(' | b')') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
}

/// The fonts a page draws with and the forms it draws, each once.
struct Drawing {
    fonts: Vec<ObjectId>,
    forms: Vec<ObjectId>,
}

/// The fonts a page's resources name and its forms', as far as forms nest.
fn page_drawing(doc: &Document, page: ObjectId) -> Drawing {
    let mut drawing = Drawing {
        fonts: Vec::new(),
        forms: Vec::new(),
    };
    let mut seen = HashSet::new();
    let mut pending: Vec<(&Object, usize)> = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Resources").ok())
        .map(|r| vec![(r, 0)])
        .unwrap_or_default();
    while let Some((resources, depth)) = pending.pop() {
        let Some(Object::Dictionary(resources)) = deref(doc, resources) else {
            continue;
        };
        if let Some(Object::Dictionary(named)) =
            resources.get(b"Font").ok().and_then(|f| deref(doc, f))
        {
            for (_, font) in named.iter() {
                if let Object::Reference(id) = font
                    && seen.insert(*id)
                {
                    drawing.fonts.push(*id);
                }
            }
        }
        if depth >= MAX_FORM_DEPTH {
            continue;
        }
        if let Some(Object::Dictionary(xobjects)) =
            resources.get(b"XObject").ok().and_then(|x| deref(doc, x))
        {
            for (_, form) in xobjects.iter() {
                if let Object::Reference(id) = form
                    && seen.insert(*id)
                    && let Ok(Object::Stream(s)) = doc.get_object(*id)
                    && s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
                {
                    drawing.forms.push(*id);
                    if let Ok(inner) = s.dict.get(b"Resources") {
                        pending.push((inner, depth + 1));
                    }
                }
            }
        }
    }
    drawing
}

/// Every string in the page's content and its forms' (shown or not: a superset).
fn strings_shown(doc: &Document, page: ObjectId, forms: &[ObjectId]) -> Vec<Vec<u8>> {
    let mut strings = Vec::new();
    if let Ok(content) = doc.get_page_content(page) {
        strings_in(&content, &mut strings);
    }
    for form in forms {
        if let Ok(Object::Stream(s)) = doc.get_object(*form) {
            strings_in(&contents(s), &mut strings);
        }
    }
    strings
}

/// The strings of a content stream, decoded.
fn strings_in(content: &[u8], out: &mut Vec<Vec<u8>>) {
    for token in super::content::Tokens::new(content) {
        let first = content[token.start];
        let is_string =
            first == b'(' || (first == b'<' && content.get(token.start + 1) != Some(&b'<'));
        if token.operator || !is_string {
            continue;
        }
        if let Ok(Object::String(bytes, _)) =
            super::syntax::Parser::new(content, token.start).object()
        {
            out.push(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(cmap: &str) -> HashMap<u32, Vec<u8>> {
        parsed_bytes(cmap.as_bytes())
    }

    fn parsed_bytes(cmap: &[u8]) -> HashMap<u32, Vec<u8>> {
        adobe_cmap_parser::get_unicode_map(cmap).unwrap()
    }

    #[test]
    fn a_cut_map_reads_its_codes_as_the_whole_map_does() {
        let whole = parsed(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             2 beginbfrange\n<0003> <0010> <4E00>\n<0041> <0043> [<0031> <0032> <D840DC00>]\n\
             endbfrange\n1 beginbfchar\n<0020> <00200020>\nendbfchar\nendcmap end end",
        );
        let codes = [0x0004u32, 0x0010, 0x0042, 0x0043, 0x0020];
        let kept: Vec<(u32, &Vec<u8>)> = codes.iter().map(|c| (*c, &whole[c])).collect();
        let cut = parsed_bytes(&cmap_of(&kept));
        assert_eq!(cut.len(), codes.len());
        for c in codes {
            assert_eq!(cut[&c], whole[&c], "code {c:#x}");
        }
    }

    #[test]
    fn one_byte_codes_keep_their_value() {
        let value = vec![0x00, 0x41];
        let cut = parsed_bytes(&cmap_of(&[(0x41, &value), (0x2000, &value)]));
        assert_eq!(cut[&0x41], value);
        assert_eq!(cut[&0x2000], value);
    }

    #[test]
    fn every_byte_survives_as_a_literal_string() {
        // Codes 0..=255 and values that hold every byte, delimiters and line ends too.
        let values: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b, 255 - b]).collect();
        let entries: Vec<(u32, &Vec<u8>)> = (0..=255u32).zip(&values).collect();
        let cut = parsed_bytes(&cmap_of(&entries));
        assert_eq!(cut.len(), 256);
        for (code, value) in entries {
            assert_eq!(&cut[&code], value, "code {code:#x}");
        }
    }

    #[test]
    fn identity_codes_are_read_at_every_byte() {
        let mapping = identity(b"Identity-H").unwrap();
        let codes = codes_at_every_byte(&mapping, &[vec![0x12, 0x34, 0x56]]);
        assert_eq!(codes, HashSet::from([0x1234, 0x3456]));
    }

    #[test]
    fn a_mixed_code_space_reads_one_and_two_byte_codes() {
        let mapping = ByteMapping {
            codespace: vec![
                CodeRange {
                    width: 1,
                    start: 0,
                    end: 0x80,
                },
                CodeRange {
                    width: 2,
                    start: 0x8140,
                    end: 0xfefe,
                },
            ],
            cid: vec![CIDRange {
                src_code_lo: 0,
                src_code_hi: 0xffff,
                dst_CID_lo: 0,
            }],
        };
        let codes = codes_at_every_byte(&mapping, &[vec![0x41, 0xb0, 0xa1]]);
        // 0x41 alone; 0xb0a1 from the lead byte; 0xa1 starts no code it completes.
        assert!(codes.contains(&0x41) && codes.contains(&0xb0a1));
    }

    #[test]
    fn strings_are_found_in_show_operators_and_arrays() {
        let mut out = Vec::new();
        strings_in(
            b"BT /F1 12 Tf (a\\051b) Tj [<0102> -20 (c)] TJ << /K <03> >> BDC ET",
            &mut out,
        );
        assert!(out.contains(&b"a)b".to_vec()));
        assert!(out.contains(&vec![1, 2]));
        assert!(out.contains(&b"c".to_vec()));
    }

    #[test]
    fn a_map_the_interpreter_fails_on_is_not_cut() {
        let odd = Stream::new(
            Dictionary::new(),
            b"1 beginbfchar <01> <004100> endbfchar".to_vec(),
        );
        assert!(unicode_map(&odd).is_none());
        let good = Stream::new(
            Dictionary::new(),
            b"1 beginbfchar <01> <0041> endbfchar".to_vec(),
        );
        assert_eq!(unicode_map(&good).unwrap()[&1], vec![0, 0x41]);
    }
}
