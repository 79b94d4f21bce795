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
//! The codes kept for a font are those of the strings shown with it on the page and in
//! its forms, read as the interpreter reads them: a string goes with the font in force
//! where it is shown, by that font's resource name (the interpreter's own key), and a
//! string shown with no font known goes with every font. Every code the interpreter
//! looks up is therefore in the cut map, with the value the whole map gives it, and
//! text comes out as it did from the whole map.
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
        let shown = strings_shown(doc, page, &drawing.forms);
        let mut cut = Cut::default();
        for (font_id, names) in drawing.fonts {
            let Ok(font) = doc.get_dictionary(font_id) else {
                continue;
            };
            let Some(Object::Reference(map_id)) = font.get(b"ToUnicode").ok().cloned() else {
                continue;
            };
            let Some(reading) = self.reading(doc, font) else {
                continue;
            };
            let Some(Some(map)) = self.map(doc, map_id) else {
                continue;
            };
            let strings = shown.with_any_of(&names);
            let kept: Vec<(u32, &Vec<u8>)> = match &reading {
                Reading::Bytes => {
                    let mut seen = [false; 256];
                    for &b in strings.flatten() {
                        seen[usize::from(b)] = true;
                    }
                    (0..=255u32)
                        .filter(|&b| seen[b as usize])
                        .filter_map(|b| map.get(&b).map(|v| (b, v)))
                        .collect()
                }
                Reading::Cids(mapping) => {
                    let codes = codes_shown(mapping, strings);
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

    /// How the interpreter reads `font`'s codes; `None` where it would not read the
    /// font.
    fn reading(&mut self, doc: &Document, font: &Dictionary) -> Option<Reading> {
        let subtype = font.get(b"Subtype").ok().and_then(|s| deref(doc, s));
        if subtype.and_then(|s| s.as_name().ok()) != Some(b"Type0".as_slice()) {
            return Some(Reading::Bytes);
        }
        match font.get(b"Encoding").ok()? {
            Object::Reference(id) => match doc.get_object(*id).ok()? {
                Object::Name(name) => identity(name).map(Reading::Cids),
                Object::Stream(stream) => {
                    let mapping = self
                        .encodings
                        .entry(*id)
                        .or_insert_with(|| byte_mapping(stream))
                        .as_ref()?;
                    Some(Reading::Cids(clone_mapping(mapping)))
                }
                _ => None,
            },
            Object::Name(name) => identity(name).map(Reading::Cids),
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

/// The key the interpreter looks a CID font's map up with for the code at the start
/// of `bytes`, and the bytes that code takes (as its reading of the next character
/// does); `None` where that reading stops.
fn next_cid(mapping: &ByteMapping, bytes: &[u8]) -> Option<(u32, usize)> {
    let mut c = u32::from(*bytes.first()?);
    let mut code = None;
    'widths: for width in 1..=4usize {
        for range in &mapping.codespace {
            if c >= range.start && c <= range.end && range.width as usize == width {
                code = Some((c, width));
                break 'widths;
            }
        }
        c = (c << 8) | u32::from(*bytes.get(width)?);
    }
    let (code, width) = code?;
    mapping
        .cid
        .iter()
        .find(|r| code >= r.src_code_lo && code <= r.src_code_hi)
        .map(|r| (code.wrapping_add(r.dst_CID_lo), width))
}

/// Every key a CID font looks up showing `strings`: each read from its start, code
/// after code, until the reading stops (as the interpreter shows a string).
fn codes_shown<'s>(
    mapping: &ByteMapping,
    strings: impl Iterator<Item = &'s Vec<u8>>,
) -> HashSet<u32> {
    let mut codes = HashSet::new();
    for s in strings {
        let mut rest = &s[..];
        while let Some((cid, width)) = next_cid(mapping, rest) {
            codes.insert(cid);
            rest = &rest[width..];
        }
    }
    codes
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

/// The fonts a page's resources and its forms' name, each once, in order.
pub(super) fn page_fonts(doc: &Document, page: ObjectId) -> Vec<ObjectId> {
    page_drawing(doc, page)
        .fonts
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// The fonts a page draws with, each once with every name resources give it, and the
/// forms it draws.
struct Drawing {
    fonts: Vec<(ObjectId, Vec<Vec<u8>>)>,
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
            for (name, font) in named.iter() {
                if let Object::Reference(id) = font {
                    match drawing.fonts.iter_mut().find(|(f, _)| f == id) {
                        Some((_, names)) => names.push(name.clone()),
                        None => drawing.fonts.push((*id, vec![name.clone()])),
                    }
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

/// The strings a page shows, by the name of the font they are shown with.
#[derive(Default)]
struct Shown {
    by_font: HashMap<Vec<u8>, Vec<Vec<u8>>>,
    /// Shown with no font set or with one whose name could not be read: counted for
    /// every font.
    unknown: Vec<Vec<u8>>,
}

impl Shown {
    /// The strings that may be shown with a font that the resources call `names`.
    fn with_any_of<'s>(&'s self, names: &'s [Vec<u8>]) -> impl Iterator<Item = &'s Vec<u8>> {
        let named = names.iter().filter_map(|n| self.by_font.get(n)).flatten();
        named.chain(&self.unknown)
    }
}

/// The strings shown by the page's content and its forms'.
fn strings_shown(doc: &Document, page: ObjectId, forms: &[ObjectId]) -> Shown {
    let mut shown = Shown::default();
    if let Ok(content) = doc.get_page_content(page) {
        shown_in(&content, &mut shown);
    }
    for form in forms {
        if let Ok(Object::Stream(s)) = doc.get_object(*form) {
            shown_in(&contents(s), &mut shown);
        }
    }
    shown
}

/// The strings a content stream shows (`Tj`, and `TJ`'s array), each with the font in
/// force as the interpreter keeps it: set by `Tf`, saved by `q`, restored by `Q`, and
/// unset where a stream starts (a form starts afresh). Since the interpreter names a
/// page's fonts by resource name alone, a string goes with the name, and so with every
/// font of that name on the page.
fn shown_in(content: &[u8], shown: &mut Shown) {
    let mut font: Option<Vec<u8>> = None;
    let mut saved: Vec<Option<Vec<u8>>> = Vec::new();
    let mut operands: Vec<usize> = Vec::new();
    for token in super::content::Tokens::new(content) {
        if !token.operator {
            operands.push(token.start);
            continue;
        }
        match &content[token.start..token.end] {
            b"Tf" => {
                font = match operands.first().map(|&at| object_at(content, at)) {
                    Some(Some(Object::Name(name))) => Some(name),
                    _ => None,
                }
            }
            b"q" => saved.push(font.clone()),
            b"Q" => {
                if let Some(before) = saved.pop() {
                    font = before;
                }
            }
            b"Tj" | b"TJ" => {
                let strings = operands
                    .iter()
                    .filter_map(|&at| match object_at(content, at) {
                        Some(Object::String(bytes, _)) => Some(bytes),
                        _ => None,
                    });
                match &font {
                    Some(name) => shown
                        .by_font
                        .entry(name.clone())
                        .or_default()
                        .extend(strings),
                    None => shown.unknown.extend(strings),
                }
            }
            _ => {}
        }
        operands.clear();
    }
}

/// The string or name that starts at `at` in a content stream (`None` for any other
/// token, which is not read).
fn object_at(content: &[u8], at: usize) -> Option<Object> {
    let first = *content.get(at)?;
    let wanted =
        first == b'/' || first == b'(' || (first == b'<' && content.get(at + 1) != Some(&b'<'));
    if !wanted {
        return None;
    }
    super::syntax::Parser::new(content, at).object().ok()
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
    fn identity_codes_are_read_in_pairs_from_the_start() {
        let mapping = identity(b"Identity-H").unwrap();
        let codes = codes_shown(&mapping, [vec![0x12, 0x34, 0x56]].iter());
        // The odd byte at the end starts no code.
        assert_eq!(codes, HashSet::from([0x1234]));
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
        let codes = codes_shown(&mapping, [vec![0x41, 0xb0, 0xa1, 0x42]].iter());
        assert_eq!(codes, HashSet::from([0x41, 0xb0a1, 0x42]));
    }

    #[test]
    fn strings_go_with_the_font_in_force() {
        let mut shown = Shown::default();
        shown_in(
            b"(x) Tj BT /F1 12 Tf (a\\051b) Tj q /F2 10 Tf [<0102> -20 (c)] TJ Q (d) Tj \
              << /K <03> >> BDC ET",
            &mut shown,
        );
        assert_eq!(shown.unknown, [b"x".to_vec()]);
        assert_eq!(
            shown.by_font[b"F1".as_slice()],
            [b"a)b".to_vec(), b"d".to_vec()]
        );
        assert_eq!(shown.by_font[b"F2".as_slice()], [vec![1, 2], b"c".to_vec()]);
        let names = [b"F2".to_vec()];
        let for_f2: Vec<&Vec<u8>> = shown.with_any_of(&names).collect();
        assert_eq!(for_f2.len(), 3);
    }

    #[test]
    fn a_form_starts_with_no_font() {
        let mut shown = Shown::default();
        shown_in(b"/F1 9 Tf (a) Tj", &mut shown);
        shown_in(b"(b) Tj", &mut shown);
        assert_eq!(shown.unknown, [b"b".to_vec()]);
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
