//! Limits put on a loaded document before the interpreter sees it.
//!
//! In: the document [`super::file`] loaded. Out: the same document, made safe for the
//! interpreter to walk, and the list of its pages. Decides: which pages the document
//! has, and what is cut because it is too much to read.
//!
//! The interpreter trusts what a file says: it walks `/Parent` links and page-tree
//! `/Kids` without noticing cycles, takes `/Count` as a capacity, turns every operator
//! of a content stream into a value before drawing any, and expands every range of a
//! ToUnicode map into a table. So here:
//! - the page tree is walked once, cycles and repeats skipped, and replaced by one node
//!   whose kids are the pages found, each page holding what it inherited;
//! - a content stream is cut after [`MAX_TOKENS`] operators and operands, or where its
//!   arrays and dictionaries nest deeper than [`MAX_CONTENT_NESTING`];
//! - a CMap that would map more than [`MAX_CMAP_ENTRIES`] codes, or nests deeper than
//!   [`MAX_CMAP_NESTING`], is not used.
//!
//! Each cut is a note, and so a finding: nothing is dropped silently.

use std::collections::HashSet;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

use super::content::Tokens;
use super::file::LoadNote;

/// Pages a document may have; a page tree claiming more is read up to here.
pub const MAX_PAGES: usize = 100_000;
/// Operators and operands one content stream may hold. A dense table page holds some
/// tens of thousands; a hostile one, ten million.
pub const MAX_TOKENS: usize = 1_000_000;
/// How deep arrays and dictionaries may nest in a content stream (a TJ array is one).
pub const MAX_CONTENT_NESTING: usize = 16;
/// Codes one CMap may map: a two-byte font has at most 65,536.
pub const MAX_CMAP_ENTRIES: u64 = 1 << 18;
/// How deep arrays may nest in a CMap (a bfrange's list of targets is one).
pub const MAX_CMAP_NESTING: usize = 4;

/// The attributes a page inherits from its ancestors.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// A page-tree node and the attributes it inherits, by key.
type Inheriting = (ObjectId, Vec<(Vec<u8>, Object)>);

fn note(notes: &mut Vec<LoadNote>, rule: &'static str, message: String) {
    notes.push(LoadNote { rule, message });
}

/// The document's pages in order, after replacing its page tree by a flat one (its node
/// is `root`, which the catalog names); no pages when the catalog has no page tree.
pub fn flatten_page_tree(
    doc: &mut Document,
    root: ObjectId,
    notes: &mut Vec<LoadNote>,
) -> Vec<ObjectId> {
    let Some(catalog) = doc.trailer.get(b"Root").and_then(Object::as_reference).ok() else {
        return Vec::new();
    };
    let Some(top) = doc
        .get_dictionary(catalog)
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
    else {
        return Vec::new();
    };
    let mut pages: Vec<Inheriting> = Vec::new();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut repeated = 0usize;
    // Depth-first, kids in order: a stack of (node, what it inherits).
    let mut stack: Vec<Inheriting> = vec![(top, Vec::new())];
    while let Some((id, inherited)) = stack.pop() {
        if !seen.insert(id) {
            repeated += 1;
            continue;
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        let is_page = dict
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|t| t == b"Page");
        let kids = dict.get(b"Kids").and_then(Object::as_array).ok();
        let mut passed = inherited;
        for key in INHERITED {
            if let Ok(value) = dict.get(key) {
                passed.retain(|(k, _)| k != key);
                passed.push((key.to_vec(), value.clone()));
            }
        }
        match kids {
            Some(kids) if !is_page => {
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push((kid, passed.clone()));
                    }
                }
            }
            _ => {
                if pages.len() == MAX_PAGES {
                    note(
                        notes,
                        "limit_reached",
                        format!(
                            "the page tree holds more than {MAX_PAGES} pages; read up to there"
                        ),
                    );
                    break;
                }
                pages.push((id, passed));
            }
        }
    }
    let declared = doc
        .get_dictionary(top)
        .ok()
        .and_then(|t| t.get(b"Count").ok())
        .and_then(|c| c.as_i64().ok());
    if let Some(declared) = declared.filter(|d| *d != pages.len() as i64) {
        note(
            notes,
            "pdf_repaired",
            format!(
                "the page tree says it holds {declared} pages; {} were found in it",
                pages.len()
            ),
        );
    }
    if repeated > 0 {
        note(
            notes,
            "pdf_repaired",
            format!(
                "the page tree refers {repeated} times to a node it already holds (a cycle \
                 or a page listed twice); each is read once"
            ),
        );
    }
    for (id, inherited) in &pages {
        if let Ok(page) = doc.get_object_mut(*id).and_then(Object::as_dict_mut) {
            for (key, value) in inherited {
                if !page.has(key) {
                    page.set(key.clone(), value.clone());
                }
            }
            page.set("Parent", Object::Reference(root));
        }
    }
    let ids: Vec<ObjectId> = pages.into_iter().map(|(id, _)| id).collect();
    set_kids(doc, root, &ids);
    if let Ok(catalog) = doc.get_object_mut(catalog).and_then(Object::as_dict_mut) {
        catalog.set("Pages", Object::Reference(root));
    }
    ids
}

/// Makes `root` the page-tree node whose kids are `pages`. The interpreter finds a
/// page by walking the whole tree; shown one page at a time, it walks one.
pub fn set_kids(doc: &mut Document, root: ObjectId, pages: &[ObjectId]) {
    let mut node = Dictionary::new();
    node.set("Type", Object::Name(b"Pages".to_vec()));
    let kids = pages.iter().map(|id| Object::Reference(*id)).collect();
    node.set("Kids", Object::Array(kids));
    node.set("Count", pages.len() as i64);
    doc.objects.insert(root, Object::Dictionary(node));
}

/// Where a content stream must be cut, and why: after the last whole operator within
/// the limits; and where a string starts that is never closed (the interpreter reads
/// the rest of the stream as that string, so nothing after it is drawn).
fn content_check(bytes: &[u8], max_tokens: usize) -> (Option<(usize, String)>, Option<usize>) {
    let mut count = 0usize;
    let mut depth = 0usize;
    let mut last_operator_end = 0usize;
    let mut tokens = Tokens::new(bytes);
    for token in tokens.by_ref() {
        count += 1;
        if count > max_tokens {
            let why = format!("more than {max_tokens} operators and operands");
            return (Some((last_operator_end, why)), None);
        }
        match &bytes[token.start..token.end] {
            b"[" | b"<<" => depth += 1,
            b"]" | b">>" => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_CONTENT_NESTING {
            let why = format!("arrays nested deeper than {MAX_CONTENT_NESTING} levels");
            return (Some((last_operator_end, why)), None);
        }
        if token.operator {
            last_operator_end = token.end;
        }
    }
    (None, tokens.unclosed_string())
}

/// Cuts every content stream (pages' and forms') that goes past the limits.
pub fn bound_contents(doc: &mut Document, pages: &[ObjectId], notes: &mut Vec<LoadNote>) {
    let mut streams: Vec<ObjectId> = Vec::new();
    for page in pages {
        streams.extend(doc.get_page_contents(*page));
    }
    for (id, object) in &doc.objects {
        if let Object::Stream(s) = object
            && s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form")
        {
            streams.push(*id);
        }
    }
    streams.sort();
    streams.dedup();
    for id in streams {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        let length = stream.content.len();
        let (cut, unclosed) = content_check(&stream.content, MAX_TOKENS);
        if let Some((at, why)) = cut {
            stream.content.truncate(at);
            note(
                notes,
                "limit_reached",
                format!(
                    "content stream {} {} R has {why}: read up to byte {at} of {length}",
                    id.0, id.1
                ),
            );
        } else if let Some(at) = unclosed {
            note(
                notes,
                "pdf_repaired",
                format!(
                    "content stream {} {} R: the string opened at byte {at} of {length} is \
                     never closed; what follows it is not drawn",
                    id.0, id.1
                ),
            );
        }
    }
}

/// How many codes a CMap maps, and how deep its arrays nest.
fn cmap_size(bytes: &[u8]) -> (u64, usize) {
    let mut entries: u64 = 0;
    let mut depth = 0usize;
    let mut deepest = 0usize;
    // The operands since the last operator, as hex strings' values (others as None).
    let mut operands: Vec<Option<u64>> = Vec::new();
    let mut section: &[u8] = b"";
    for token in Tokens::new(bytes) {
        let word = &bytes[token.start..token.end];
        // An operand at the top level: a value, or a whole array just closed.
        let operand = match word {
            b"[" => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > MAX_CMAP_NESTING {
                    return (entries, deepest);
                }
                continue;
            }
            b"]" => {
                depth = depth.saturating_sub(1);
                if depth > 0 {
                    continue;
                }
                None
            }
            _ if depth > 0 => continue,
            _ if !token.operator => hex_value(word),
            _ => {
                section = match word {
                    b"beginbfrange" => b"bfrange",
                    b"begincidrange" => b"cidrange",
                    b"beginbfchar" => b"bfchar",
                    b"begincidchar" => b"cidchar",
                    _ => b"",
                };
                operands.clear();
                if entries > MAX_CMAP_ENTRIES {
                    break;
                }
                continue;
            }
        };
        operands.push(operand);
        // A range: low, high, target — three operands per entry; a character: two.
        if matches!(section, b"bfrange" | b"cidrange") && operands.len() == 3 {
            entries = entries.saturating_add(match (operands[0], operands[1]) {
                (Some(low), Some(high)) => high.saturating_sub(low).saturating_add(1),
                _ => 1,
            });
            operands.clear();
        } else if matches!(section, b"bfchar" | b"cidchar") && operands.len() == 2 {
            entries = entries.saturating_add(1);
            operands.clear();
        }
    }
    (entries, deepest)
}

/// The value of a hex string token `<0041>` (up to eight bytes).
fn hex_value(word: &[u8]) -> Option<u64> {
    let digits = word.strip_prefix(b"<")?.strip_suffix(b">")?;
    let digits: Vec<u8> = digits
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    u64::from_str_radix(std::str::from_utf8(&digits).ok()?, 16).ok()
}

/// The keys under which a font names a CMap stream.
const CMAP_KEYS: [&[u8]; 2] = [b"ToUnicode", b"Encoding"];

/// How deep [`bound_cmaps`] looks into an object for font dictionaries (the loader reads
/// deeper values as null, so this is never reached in a loaded document).
const MAX_FONT_SEARCH_DEPTH: usize = 96;

/// Stops fonts from using a CMap (a ToUnicode map or an embedded encoding) too large or
/// too deep to read.
///
/// A font is any dictionary that names a CMap stream, wherever it is: the interpreter
/// uses what a page's resources name as a font whatever its `/Type` says, and a font
/// may be written inside the resources (or a form's) rather than as an object of its
/// own.
pub fn bound_cmaps(doc: &mut Document, notes: &mut Vec<LoadNote>) {
    let mut named: HashSet<ObjectId> = HashSet::new();
    for object in doc.objects.values() {
        cmaps_named(object, &mut named, 0);
    }
    let mut refused: std::collections::HashMap<ObjectId, String> = Default::default();
    for id in named {
        // Through references to references, as far as the interpreter follows them (its
        // reader gives up after 128).
        let mut object = doc.objects.get(&id);
        for _ in 0..=128 {
            match object {
                Some(Object::Reference(next)) => object = doc.objects.get(next),
                _ => break,
            }
        }
        let Some(Ok(stream)) = object.map(Object::as_stream) else {
            continue;
        };
        let (entries, depth) = cmap_size(&stream.content);
        if depth > MAX_CMAP_NESTING {
            refused.insert(
                id,
                format!("nests arrays deeper than {MAX_CMAP_NESTING} levels"),
            );
        } else if entries > MAX_CMAP_ENTRIES {
            refused.insert(id, format!("maps more than {MAX_CMAP_ENTRIES} codes"));
        }
    }
    if refused.is_empty() {
        return;
    }
    for (id, object) in doc.objects.iter_mut() {
        let mut cut: Vec<(bool, &'static [u8], String)> = Vec::new();
        refuse_cmaps(object, &refused, &mut cut, true, 0);
        for (top, key, why) in cut {
            let what = String::from_utf8_lossy(key);
            let font = if top {
                format!("font {} {} R", id.0, id.1)
            } else {
                format!("a font inside object {} {} R", id.0, id.1)
            };
            note(
                notes,
                "limit_reached",
                format!("{font}: its {what} CMap {why}; not used"),
            );
        }
    }
}

/// The streams that dictionaries in `object` name as a CMap.
fn cmaps_named(object: &Object, named: &mut HashSet<ObjectId>, depth: usize) {
    if depth > MAX_FONT_SEARCH_DEPTH {
        return;
    }
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &stream.dict,
        Object::Array(items) => {
            for item in items {
                cmaps_named(item, named, depth + 1);
            }
            return;
        }
        _ => return,
    };
    for (key, value) in dict.iter() {
        match value {
            Object::Reference(id) if CMAP_KEYS.contains(&key.as_slice()) => {
                named.insert(*id);
            }
            Object::Dictionary(_) | Object::Array(_) => cmaps_named(value, named, depth + 1),
            _ => {}
        }
    }
}

/// Takes the refused CMaps from the dictionaries in `object`: a ToUnicode map is removed
/// (the font's own encoding stands), an encoding becomes Identity-H. Each cut is listed
/// with whether its dictionary is `object` itself.
fn refuse_cmaps(
    object: &mut Object,
    refused: &std::collections::HashMap<ObjectId, String>,
    cut: &mut Vec<(bool, &'static [u8], String)>,
    top: bool,
    depth: usize,
) {
    if depth > MAX_FONT_SEARCH_DEPTH {
        return;
    }
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &mut stream.dict,
        Object::Array(items) => {
            for item in items {
                refuse_cmaps(item, refused, cut, false, depth + 1);
            }
            return;
        }
        _ => return,
    };
    for key in CMAP_KEYS {
        let Some(why) = dict
            .get(key)
            .and_then(Object::as_reference)
            .ok()
            .and_then(|id| refused.get(&id))
        else {
            continue;
        };
        cut.push((top, key, why.clone()));
        if key == b"ToUnicode" {
            dict.remove(key);
        } else {
            dict.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        }
    }
    for (_, value) in dict.iter_mut() {
        if matches!(value, Object::Dictionary(_) | Object::Array(_)) {
            refuse_cmaps(value, refused, cut, false, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::Stream;

    fn page_tree(extra: &[(u32, &str)]) -> Document {
        let mut doc = Document::with_version("1.4");
        let mut add = |n: u32, text: &str| {
            let object = super::super::syntax::Parser::new(text.as_bytes(), 0)
                .object()
                .unwrap();
            doc.objects.insert((n, 0), object);
        };
        add(1, "<< /Type /Catalog /Pages 2 0 R >>");
        for (n, text) in extra {
            add(*n, text);
        }
        doc.trailer.set("Root", Object::Reference((1, 0)));
        doc.max_id = 100;
        doc
    }

    #[test]
    fn pages_inherit_and_the_tree_becomes_flat() {
        let mut doc = page_tree(&[
            (
                2,
                "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 /Rotate 90 /Resources << /Font << >> >> >>",
            ),
            (
                3,
                "<< /Type /Pages /Kids [5 0 R 6 0 R] /MediaBox [0 0 10 10] >>",
            ),
            (4, "<< /Type /Page /Rotate 0 >>"),
            (5, "<< /Type /Page >>"),
            (6, "<< /Type /Page /MediaBox [0 0 20 20] >>"),
        ]);
        let mut notes = Vec::new();
        let pages = flatten_page_tree(&mut doc, (99, 0), &mut notes);
        assert_eq!(pages, vec![(5, 0), (6, 0), (4, 0)]);
        assert!(notes.is_empty());
        let page = |n| doc.get_dictionary((n, 0)).unwrap().clone();
        assert_eq!(page(5).get(b"Rotate").unwrap(), &Object::Integer(90));
        assert_eq!(page(4).get(b"Rotate").unwrap(), &Object::Integer(0));
        assert_eq!(
            page(6).get(b"MediaBox").unwrap().as_array().unwrap()[2],
            Object::Integer(20)
        );
        assert!(page(5).get(b"Resources").is_ok());
        assert_eq!(doc.get_pages().len(), 3);
    }

    #[test]
    fn cycles_and_huge_counts_are_not_believed() {
        let mut doc = page_tree(&[
            (
                2,
                "<< /Type /Pages /Kids [2 0 R 3 0 R 3 0 R] /Count 4611686018427387904 >>",
            ),
            (3, "<< /Type /Page /Parent 3 0 R >>"),
        ]);
        let mut notes = Vec::new();
        let pages = flatten_page_tree(&mut doc, (99, 0), &mut notes);
        assert_eq!(pages, vec![(3, 0)]);
        // The count not believed, and the repeats skipped.
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn content_is_cut_after_the_last_whole_operator() {
        let content = b"q Q q Q 1 0 0 1 5 5 cm";
        let content_cut = |bytes: &[u8], max| content_check(bytes, max).0;
        assert_eq!(content_cut(content, 100), None);
        let (at, why) = content_cut(content, 5).unwrap();
        assert_eq!(&content[..at], b"q Q q Q");
        assert!(why.contains("more than 5"));
        let deep = format!("q {} Q", "[".repeat(50));
        let (at, _) = content_cut(deep.as_bytes(), 100).unwrap();
        assert_eq!(at, 1);
    }

    #[test]
    fn a_string_never_closed_is_found() {
        let check = |content: &[u8]| content_check(content, 100).1;
        assert_eq!(check(b"BT (2024) Tj (a (b) c) Tj ET"), None);
        assert_eq!(check(b"BT (2024) Tj (unbalanced Tj ET"), Some(13));
        assert_eq!(check(b"BT (a (b) Tj ET"), Some(3));
        assert_eq!(check(b"BT (a\\) Tj ET"), Some(3));
    }

    #[test]
    fn cmap_sizes_count_ranges_and_characters() {
        let cmap = b"2 beginbfchar <01> <0041> <02> <0042> endbfchar \
            1 beginbfrange <0010> <001F> <0030> <0020> <0021> [<0061> <0062>] endbfrange";
        assert_eq!(cmap_size(cmap), (2 + 16 + 2, 1));
        let hostile = b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange";
        assert!(cmap_size(hostile).0 > MAX_CMAP_ENTRIES);
        let deep = format!(
            "1 beginbfrange <00> <01> {} endbfrange",
            "[".repeat(100_000)
        );
        assert!(cmap_size(deep.as_bytes()).1 > MAX_CMAP_NESTING);
    }

    #[test]
    fn an_oversized_to_unicode_map_is_not_used() {
        let mut doc = page_tree(&[(
            7,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 8 0 R >>",
        )]);
        doc.objects.insert(
            (8, 0),
            Object::Stream(Stream::new(
                Dictionary::new(),
                b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange".to_vec(),
            )),
        );
        let mut notes = Vec::new();
        bound_cmaps(&mut doc, &mut notes);
        assert!(
            doc.get_dictionary((7, 0))
                .unwrap()
                .get(b"ToUnicode")
                .is_err()
        );
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn a_font_is_any_dictionary_naming_a_cmap_wherever_it_is_written() {
        // One font says it is no /Font (and names its map through a second reference);
        // the other is written inside a form's resources.
        let mut doc = page_tree(&[
            (7, "<< /Type /F /Subtype /Type1 /ToUnicode 10 0 R >>"),
            (10, "8 0 R"),
            (
                9,
                "<< /Resources << /Font << /F1 << /Subtype /Type0 /Encoding 8 0 R \
                 /ToUnicode 8 0 R >> >> >> >>",
            ),
        ]);
        let deep = format!("1 beginbfrange <00> <01> {} endbfrange", "[".repeat(80_000));
        doc.objects.insert(
            (8, 0),
            Object::Stream(Stream::new(Dictionary::new(), deep.into_bytes())),
        );
        let mut notes = Vec::new();
        bound_cmaps(&mut doc, &mut notes);
        assert!(
            doc.get_dictionary((7, 0))
                .unwrap()
                .get(b"ToUnicode")
                .is_err()
        );
        let inner = doc
            .get_dictionary((9, 0))
            .and_then(|d| d.get(b"Resources"))
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"Font"))
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"F1"))
            .and_then(Object::as_dict)
            .unwrap();
        assert!(inner.get(b"ToUnicode").is_err());
        assert_eq!(
            inner.get(b"Encoding").unwrap().as_name().unwrap(),
            b"Identity-H"
        );
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("font 7 0 R: its ToUnicode CMap nests arrays"));
        assert!(messages[1].starts_with("a font inside object 9 0 R: its ToUnicode"));
        assert!(messages[2].starts_with("a font inside object 9 0 R: its Encoding"));
    }
}
