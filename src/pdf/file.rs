//! PDF bytes → the document's objects, found by scanning the file, in bounded work.
//!
//! In: the bytes of a PDF. Out: a [`Document`] holding every object, its streams
//! decoded, for the interpreter; and what had to be cut or repaired on the way.
//! Decides: which definition of an object is the document's (the last in the file,
//! as incremental updates append), and where a stream's data ends.
//!
//! The objects are found by scanning the file for `N G obj`, not through the
//! cross-reference table: a table whose offsets are off (a byte inserted before it, a
//! file cut short, a table never written) loses nothing, as in the readers that rebuild
//! the table when it is broken. Every stream is decoded here, within a budget for the
//! whole document ([`decode_budget`]): a decompression bomb is cut where the budget
//! ends, and the interpreter never decodes a stream again. Image data is dropped: no
//! text is in it. The font programs of CID fonts, which the interpreter never reads,
//! are left encoded (see [`cid_font_programs`]); the one reader of them decodes one
//! within a limit of its own.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::panic::AssertUnwindSafe;

use memchr::memmem;
use pdf_extract::{Dictionary, Document, EncryptionState, Object, ObjectId, Stream};

use super::filters::{self, Decoded};
use super::syntax::{Parser, SyntaxError, is_delimiter, is_space};
use crate::error::{Error, ErrorKind};

/// Objects one object stream may hold: a hostile `/N` is not believed past this.
const MAX_OBJECTS_PER_STREAM: usize = 1_000_000;

/// What the decoded streams of a document may add up to: 32 times the file, at
/// least 64 MiB and at most 256 MiB. Real disclosures decode to a few times their size.
pub fn decode_budget(file_len: usize) -> usize {
    file_len.saturating_mul(32).clamp(64 << 20, 256 << 20)
}

/// A repair or a cut made while loading: it becomes a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadNote {
    /// `limit_reached` (something was cut) or `pdf_repaired` (damage read around).
    pub rule: &'static str,
    /// What happened, for a reader.
    pub message: String,
}

/// The loaded document and what loading it took.
pub struct Loaded {
    /// Every object, streams decoded.
    pub doc: Document,
    /// Cuts and repairs.
    pub notes: Vec<LoadNote>,
}

/// Where an object's definition starts (`N G obj`) and where its body starts.
#[derive(Debug, Clone, Copy)]
struct Header {
    id: ObjectId,
    start: usize,
    body: usize,
}

/// Loads a PDF's objects.
pub fn load(bytes: &[u8]) -> Result<Loaded, Error> {
    let corrupt = |detail: String| Error::new(ErrorKind::CorruptPdf { detail });
    let mut notes = Vec::new();
    let headers = headers(bytes);
    // The last header of each object: where a reference to it (a stream's /Length) goes.
    let latest: HashMap<ObjectId, Header> = headers.iter().map(|h| (h.id, *h)).collect();
    let mut objects: BTreeMap<ObjectId, Object> = BTreeMap::new();
    let mut defined_at: HashMap<ObjectId, usize> = HashMap::new();
    let mut unreadable = Vec::new();
    let mut too_deep = Vec::new();
    let mut end = 0;
    for header in &headers {
        if header.start < end {
            continue; // inside the data of the object before it
        }
        match indirect_object(bytes, header, &latest) {
            Ok((object, stop, deep)) => {
                objects.insert(header.id, object);
                defined_at.insert(header.id, header.start);
                end = stop;
                if deep > 0 {
                    too_deep.push(header.id);
                }
            }
            Err(_) => unreadable.push(header.id),
        }
    }
    unreadable.retain(|id| !objects.contains_key(id));
    if !unreadable.is_empty() {
        let message = format!(
            "{} objects could not be read ({})",
            unreadable.len(),
            sample(unreadable.iter().copied())
        );
        notes.push(note("pdf_repaired", message));
    }
    if !too_deep.is_empty() {
        let message = format!(
            "{} objects nest arrays or dictionaries deeper than {} levels; what is deeper \
             is read as null ({})",
            too_deep.len(),
            super::syntax::MAX_NESTING,
            sample(too_deep.iter().copied())
        );
        notes.push(note("limit_reached", message));
    }
    if !cross_reference_intact(bytes, &headers) {
        notes.push(note(
            "pdf_repaired",
            "the cross-reference table is damaged or missing; the objects were found by \
             scanning the file"
                .into(),
        ));
    }
    let mut trailer = trailer(bytes, &objects, &defined_at)
        .ok_or_else(|| corrupt("no document catalog (/Root) found".into()))?;
    if trailer.has(b"Encrypt") {
        decrypt(&mut objects, &mut trailer)?;
    }
    // Object streams first: the objects they hold tell which streams are left encoded.
    let budget = decode_budget(bytes.len());
    let left = decode_streams(&mut objects, budget, budget, &mut notes, |_, s| {
        has_type(&s.dict, b"ObjStm")
    });
    expand_object_streams(&mut objects, &mut defined_at, &mut notes);
    let unread = cid_font_programs(&objects);
    decode_streams(&mut objects, budget, left, &mut notes, |id, _| {
        !unread.contains(&id)
    });
    let mut doc = Document::with_version(version(bytes));
    doc.max_id = objects.keys().map(|id| id.0).max().unwrap_or(0);
    doc.objects = objects;
    doc.trailer = trailer;
    Ok(Loaded { doc, notes })
}

fn note(rule: &'static str, message: String) -> LoadNote {
    LoadNote { rule, message }
}

/// A few object ids, for a message: "12 0 R, 13 0 R and 40 more".
fn sample(ids: impl Iterator<Item = ObjectId>) -> String {
    let ids: Vec<ObjectId> = ids.collect();
    let shown: Vec<String> = ids
        .iter()
        .take(3)
        .map(|(n, g)| format!("{n} {g} R"))
        .collect();
    match ids.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// The header's version, "1.4" of "%PDF-1.4".
fn version(bytes: &[u8]) -> String {
    memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-")
        .map(|at| {
            let rest = &bytes[at + 5..];
            let n = rest
                .iter()
                .take(8)
                .take_while(|c| c.is_ascii_digit() || **c == b'.')
                .count();
            String::from_utf8_lossy(&rest[..n]).into_owned()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "1.4".into())
}

/// Every `N G obj` in the file, in file order.
fn headers(bytes: &[u8]) -> Vec<Header> {
    let mut out = Vec::new();
    for at in memmem::find_iter(bytes, b"obj") {
        let body = at + 3;
        if bytes.get(body).is_some_and(|c| !is_delimiter(*c)) {
            continue; // "object", or "obj" inside a word
        }
        // Backwards: space, generation digits, space, number digits, then a boundary.
        let mut i = at;
        let spaces = |i: &mut usize| {
            let from = *i;
            while *i > 0 && is_space(bytes[*i - 1]) {
                *i -= 1;
            }
            *i < from
        };
        let digits = |i: &mut usize| {
            let from = *i;
            while *i > 0 && bytes[*i - 1].is_ascii_digit() && from - *i < 10 {
                *i -= 1;
            }
            (*i < from).then(|| &bytes[*i..from])
        };
        if !spaces(&mut i) {
            continue;
        }
        let Some(generation) = digits(&mut i) else {
            continue;
        };
        if !spaces(&mut i) {
            continue;
        }
        let Some(number) = digits(&mut i) else {
            continue;
        };
        if i > 0 && !is_delimiter(bytes[i - 1]) {
            continue;
        }
        let parse = |d: &[u8]| std::str::from_utf8(d).ok()?.parse::<u64>().ok();
        let (Some(n), Some(g)) = (parse(number), parse(generation)) else {
            continue;
        };
        let (Ok(n), Ok(g)) = (u32::try_from(n), u16::try_from(g)) else {
            continue;
        };
        out.push(Header {
            id: (n, g),
            start: i,
            body,
        });
    }
    out
}

/// The object after a header, where its definition ends, and how many of its values
/// were nested too deep to read.
fn indirect_object(
    bytes: &[u8],
    header: &Header,
    latest: &HashMap<ObjectId, Header>,
) -> Result<(Object, usize, usize), SyntaxError> {
    let mut p = Parser::new(bytes, header.body);
    let object = p.object()?;
    let Object::Dictionary(dict) = object else {
        p.keyword(b"endobj");
        return Ok((object, p.pos, p.too_deep));
    };
    if !p.keyword(b"stream") {
        p.keyword(b"endobj");
        return Ok((Object::Dictionary(dict), p.pos, p.too_deep));
    }
    let deep = p.too_deep;
    // The data starts after the end of line that follows "stream".
    let mut start = p.pos;
    while matches!(bytes.get(start), Some(b' ' | b'\t')) {
        start += 1;
    }
    match (bytes.get(start), bytes.get(start + 1)) {
        (Some(b'\r'), Some(b'\n')) => start += 2,
        (Some(b'\r' | b'\n'), _) => start += 1,
        _ => {}
    }
    let declared = match dict.get(b"Length") {
        Ok(Object::Integer(n)) => usize::try_from(*n).ok(),
        Ok(Object::Reference(id)) => {
            latest
                .get(id)
                .and_then(|h| match Parser::new(bytes, h.body).object() {
                    Ok(Object::Integer(n)) => usize::try_from(n).ok(),
                    _ => None,
                })
        }
        _ => None,
    };
    let ends_at = |end: usize| {
        let mut q = Parser::new(bytes, end);
        q.keyword(b"endstream").then_some(q.pos)
    };
    let (data_end, after) = match declared
        .and_then(|n| start.checked_add(n))
        .filter(|end| *end <= bytes.len())
        .and_then(|end| Some((end, ends_at(end)?)))
    {
        Some(found) => found,
        // A wrong or missing /Length: the data runs to "endstream".
        None => match memmem::find(&bytes[start..], b"endstream") {
            Some(at) => {
                let mut end = start + at;
                if bytes[..end].ends_with(b"\r\n") {
                    end -= 2;
                } else if end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
                    end -= 1;
                }
                (end, start + at + b"endstream".len())
            }
            None => (bytes.len(), bytes.len()),
        },
    };
    let mut q = Parser::new(bytes, after);
    q.keyword(b"endobj");
    let stream = Stream::new(dict, bytes[start..data_end.max(start)].to_vec());
    Ok((Object::Stream(stream), q.pos, deep))
}

/// Whether `startxref` points at a cross-reference table or stream.
fn cross_reference_intact(bytes: &[u8], headers: &[Header]) -> bool {
    let Some(at) = memmem::rfind(bytes, b"startxref") else {
        return false;
    };
    let mut p = Parser::new(bytes, at + b"startxref".len());
    p.skip_space();
    let Some(offset) = std::str::from_utf8(p.word())
        .ok()
        .and_then(|w| w.parse::<usize>().ok())
    else {
        return false;
    };
    // Offsets count from the header, which may follow some junk.
    let base = memmem::find(bytes, b"%PDF-").unwrap_or(0);
    let Some(target) = base.checked_add(offset).filter(|t| *t < bytes.len()) else {
        return false;
    };
    let mut p = Parser::new(bytes, target);
    p.skip_space();
    bytes[p.pos..].starts_with(b"xref") || headers.iter().any(|h| h.start == p.pos)
}

/// The trailer: the last in the file (a `trailer` dictionary or a cross-reference
/// stream's), completed from earlier ones; or, when none names the catalog, one made
/// for the last catalog in the file.
fn trailer(
    bytes: &[u8],
    objects: &BTreeMap<ObjectId, Object>,
    defined_at: &HashMap<ObjectId, usize>,
) -> Option<Dictionary> {
    let mut found: Vec<(usize, Dictionary)> = memmem::find_iter(bytes, b"trailer")
        .filter_map(|at| {
            let mut p = Parser::new(bytes, at + b"trailer".len());
            p.skip_space();
            match p.object() {
                Ok(Object::Dictionary(d)) => Some((at, d)),
                _ => None,
            }
        })
        .collect();
    for (id, object) in objects {
        if let Object::Stream(s) = object
            && has_type(&s.dict, b"XRef")
        {
            found.push((defined_at.get(id).copied().unwrap_or(0), s.dict.clone()));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut trailer = Dictionary::new();
    for (_, dict) in found.iter().rev() {
        for key in [&b"Root"[..], b"Info", b"Encrypt", b"ID"] {
            if !trailer.has(key)
                && let Ok(value) = dict.get(key)
            {
                trailer.set(key, value.clone());
            }
        }
    }
    let names_catalog = trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .ok()
        .and_then(|id| objects.get(&id))
        .is_some_and(|o| o.as_dict().is_ok());
    if !names_catalog {
        let catalog = objects
            .iter()
            .filter(|(_, o)| o.as_dict().is_ok_and(|d| has_type(d, b"Catalog")))
            .max_by_key(|(id, _)| defined_at.get(id).copied().unwrap_or(0))?;
        trailer.set("Root", Object::Reference(*catalog.0));
    }
    Some(trailer)
}

fn resolve_in<'d>(objects: &'d BTreeMap<ObjectId, Object>, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(r) => objects.get(r),
        other => Some(other),
    }
}

fn has_type(dict: &Dictionary, name: &[u8]) -> bool {
    dict.get(b"Type")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == name)
}

/// Decrypts every object with the empty user password (a document only its owner's
/// password protects opens without one); an error when the document needs one.
fn decrypt(
    objects: &mut BTreeMap<ObjectId, Object>,
    trailer: &mut Dictionary,
) -> Result<(), Error> {
    let mut probe = Document::with_version("1.4");
    probe.trailer = trailer.clone();
    let encrypt_id = trailer.get(b"Encrypt").and_then(Object::as_reference).ok();
    if let Some(id) = encrypt_id
        && let Some(object) = objects.get(&id)
    {
        probe.objects.insert(id, object.clone());
    }
    // The handler's own code may panic on a malformed dictionary: that is "cannot
    // decrypt", not a crash.
    let state = std::panic::catch_unwind(AssertUnwindSafe(|| {
        probe.authenticate_password("")?;
        EncryptionState::decode(&probe, "")
    }))
    .ok()
    .and_then(Result::ok)
    .ok_or_else(|| Error::new(ErrorKind::Encrypted))?;
    for (id, object) in objects.iter_mut() {
        if Some(*id) == encrypt_id {
            continue;
        }
        let _ = pdf_extract::encryption::decrypt_object(&state, *id, object);
    }
    if let Some(id) = encrypt_id {
        objects.remove(&id);
    }
    trailer.remove(b"Encrypt");
    Ok(())
}

/// Decodes the streams `select` takes in place, within `left` of the document's
/// `budget` bytes; returns what is left of it. Image data is dropped.
fn decode_streams(
    objects: &mut BTreeMap<ObjectId, Object>,
    budget: usize,
    mut left: usize,
    notes: &mut Vec<LoadNote>,
    select: impl Fn(ObjectId, &Stream) -> bool,
) -> usize {
    // Filter names and parameters may be references: resolved first, as plain values.
    type Chain = (ObjectId, Vec<Vec<u8>>, Vec<Option<Dictionary>>);
    let resolved: Vec<Chain> = objects
        .iter()
        .filter_map(|(id, o)| {
            let Object::Stream(s) = o else { return None };
            if !select(*id, s) {
                return None;
            }
            let resolve = |o| resolve_in(objects, o);
            let (chain, params) = filters::chain(&s.dict, resolve);
            Some((*id, chain, params.into_iter().map(|p| p.cloned()).collect()))
        })
        .collect();
    let mut cut = Vec::new();
    for (id, chain, params) in resolved {
        let Some(Object::Stream(stream)) = objects.get_mut(&id) else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Image");
        if is_image {
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(Vec::new());
            continue;
        }
        if chain.is_empty() || has_type(&stream.dict, b"XRef") {
            continue;
        }
        let params: Vec<Option<&Dictionary>> = params.iter().map(Option::as_ref).collect();
        let data = match filters::decode(&stream.content, &chain, &params, left) {
            Decoded::Whole(data) => data,
            Decoded::Cut(data) => {
                cut.push(id);
                data
            }
            // Kept as it is: an interpreter reading it gets these bytes either way.
            Decoded::Unsupported(_) => std::mem::take(&mut stream.content),
        };
        left = left.saturating_sub(data.len());
        stream.dict.remove(b"Filter");
        stream.dict.remove(b"DecodeParms");
        stream.set_content(data);
    }
    if !cut.is_empty() {
        notes.push(note(
            "limit_reached",
            format!(
                "streams decode to more than {} MiB in all; cut at the limit: {}",
                budget >> 20,
                sample(cut.into_iter())
            ),
        ));
    }
    left
}

/// The font programs that only CID fonts use (their FontFile, FontFile2 or FontFile3).
/// The interpreter never reads them; only a CID font without a ToUnicode map is
/// decoded through its program (`unicode.rs`, which decodes it itself, within a limit).
/// Left encoded, a document's embedded CJK fonts (often most of its bytes) are neither
/// inflated nor copied for each thread that reads pages. A program that a simple font
/// also uses is decoded here as any stream, since the interpreter reads those.
fn cid_font_programs(objects: &BTreeMap<ObjectId, Object>) -> HashSet<ObjectId> {
    let mut cid = HashSet::new();
    let mut simple = HashSet::new();
    for object in objects.values() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        font_programs(objects, dict, &mut cid, &mut simple);
        // A CID font may stand inside its Type0 font's /DescendantFonts.
        if let Some(Object::Array(descendants)) = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|d| resolve_in(objects, d))
        {
            for inner in descendants.iter().filter_map(|d| d.as_dict().ok()) {
                font_programs(objects, inner, &mut cid, &mut simple);
            }
        }
    }
    cid.retain(|id| !simple.contains(id));
    cid
}

/// The font programs a font dictionary's descriptor names, into `cid` for a CID font
/// and into `simple` for any other.
fn font_programs(
    objects: &BTreeMap<ObjectId, Object>,
    font: &Dictionary,
    cid: &mut HashSet<ObjectId>,
    simple: &mut HashSet<ObjectId>,
) {
    let resolve = |o| resolve_in(objects, o);
    let Some(subtype) = font
        .get(b"Subtype")
        .ok()
        .and_then(resolve)
        .and_then(|s| s.as_name().ok())
    else {
        return;
    };
    let Some(Object::Dictionary(descriptor)) = font.get(b"FontDescriptor").ok().and_then(resolve)
    else {
        return;
    };
    let into = if subtype.starts_with(b"CIDFontType") {
        cid
    } else {
        simple
    };
    for key in [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"] {
        if let Ok(Object::Reference(id)) = descriptor.get(key) {
            into.insert(*id);
        }
    }
}

/// Adds the objects held in object streams (`/Type /ObjStm`), each unless the file
/// defines it again after its stream.
fn expand_object_streams(
    objects: &mut BTreeMap<ObjectId, Object>,
    defined_at: &mut HashMap<ObjectId, usize>,
    notes: &mut Vec<LoadNote>,
) {
    let mut containers: Vec<(usize, ObjectId)> = objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Stream(s) if has_type(&s.dict, b"ObjStm")))
        .map(|(id, _)| (defined_at.get(id).copied().unwrap_or(0), *id))
        .collect();
    containers.sort();
    let mut broken = Vec::new();
    for (at, id) in containers {
        let Some(Object::Stream(stream)) = objects.get(&id) else {
            continue;
        };
        let int = |key: &[u8]| {
            stream
                .dict
                .get(key)
                .and_then(Object::as_i64)
                .ok()
                .and_then(|n| usize::try_from(n).ok())
        };
        let (Some(n), Some(first)) = (int(b"N"), int(b"First")) else {
            broken.push(id);
            continue;
        };
        let content = &stream.content;
        let mut index = Parser::new(content, 0);
        let mut members = Vec::new();
        for _ in 0..n.min(MAX_OBJECTS_PER_STREAM) {
            index.skip_space();
            let number = index.word();
            index.skip_space();
            let offset = index.word();
            let parse = |w: &[u8]| std::str::from_utf8(w).ok()?.parse::<usize>().ok();
            let (Some(number), Some(offset)) = (parse(number), parse(offset)) else {
                break;
            };
            let Ok(number) = u32::try_from(number) else {
                break;
            };
            let Some(start) = first.checked_add(offset).filter(|s| *s < content.len()) else {
                continue;
            };
            if let Ok(object) = Parser::new(content, start).object() {
                members.push(((number, 0), object));
            }
        }
        if members.len() < n.min(MAX_OBJECTS_PER_STREAM) {
            broken.push(id);
        }
        for (member, object) in members {
            if defined_at.get(&member).is_none_or(|d| *d < at) {
                objects.insert(member, object);
                defined_at.insert(member, at);
            }
        }
    }
    if !broken.is_empty() {
        notes.push(note(
            "pdf_repaired",
            format!(
                "object streams hold fewer objects than they declare: {}",
                sample(broken.into_iter())
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF, offsets in its table exact.
    fn pdf(content: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes(),
        );
        out
    }

    #[test]
    fn a_well_formed_file_loads_whole_without_notes() {
        let loaded = load(&pdf("BT (Hi) Tj ET")).unwrap();
        assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
        assert_eq!(loaded.doc.objects.len(), 4);
        let content = loaded.doc.get_object((4, 0)).unwrap().as_stream().unwrap();
        assert_eq!(content.content, b"BT (Hi) Tj ET");
        assert_eq!(loaded.doc.get_pages().len(), 1);
    }

    #[test]
    fn a_byte_inserted_before_the_table_loses_nothing() {
        let mut bytes = pdf("BT (Hi) Tj ET");
        let at = memmem::rfind(&bytes, b"xref\n0").unwrap();
        bytes.insert(at, b'X');
        let loaded = load(&bytes).unwrap();
        assert_eq!(loaded.doc.objects.len(), 4);
        assert_eq!(loaded.notes.len(), 1);
        assert!(loaded.notes[0].message.contains("cross-reference"));
    }

    #[test]
    fn a_wrong_length_reads_to_endstream() {
        let bytes = pdf("BT (Hi) Tj ET");
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace("/Length 13", "/Length 9999");
        let loaded = load(text.as_bytes()).unwrap();
        let content = loaded.doc.get_object((4, 0)).unwrap().as_stream().unwrap();
        assert_eq!(content.content, b"BT (Hi) Tj ET");
    }

    #[test]
    fn a_later_definition_replaces_an_earlier_one() {
        let mut bytes = pdf("BT (Hi) Tj ET");
        bytes.extend(b"4 0 obj\n<< /Length 3 >>\nstream\nnew\nendstream\nendobj\n");
        let loaded = load(&bytes).unwrap();
        let content = loaded.doc.get_object((4, 0)).unwrap().as_stream().unwrap();
        assert_eq!(content.content, b"new");
    }

    #[test]
    fn without_a_trailer_the_catalog_is_found() {
        let bytes = pdf("BT (Hi) Tj ET");
        let cut = memmem::rfind(&bytes, b"xref\n0").unwrap();
        let loaded = load(&bytes[..cut]).unwrap();
        assert_eq!(
            loaded.doc.trailer.get(b"Root").unwrap(),
            &Object::Reference((1, 0))
        );
    }

    #[test]
    fn headers_need_a_number_and_a_generation() {
        let found = headers(b"1 0 obj 2 0 obj x3 0 obj 4 obj 5 0 object 6 0 endobj");
        let ids: Vec<ObjectId> = found.iter().map(|h| h.id).collect();
        assert_eq!(ids, vec![(1, 0), (2, 0)]);
    }

    /// A stream as the interpreter reads it: its dictionary without the keys that
    /// describe its encoding, and its decoded data (none for images).
    fn comparable(o: &Object) -> Object {
        let Object::Stream(s) = o else {
            return o.clone();
        };
        let mut dict = s.dict.clone();
        for key in [&b"Length"[..], b"Filter", b"DecodeParms"] {
            dict.remove(key);
        }
        let is_image = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        let data = if is_image {
            Vec::new()
        } else {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        };
        Object::Stream(Stream::new(dict, data))
    }

    /// Every object the PDF interpreter's own loader finds in a real PDF, this loader
    /// finds the same.
    #[test]
    fn real_pdfs_load_as_the_interpreters_own_loader_loads_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/pdfs");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!(
                "{} is missing: the real PDFs are not compared",
                dir.display()
            );
            return;
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        files.sort();
        assert!(!files.is_empty());
        let mut differences = Vec::new();
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            let Ok(theirs) = Document::load_mem(&bytes) else {
                continue;
            };
            let ours = load(&bytes).unwrap();
            let name = file.file_name().unwrap().to_string_lossy();
            for (id, object) in &theirs.objects {
                let skip = matches!(object, Object::Stream(s)
                    if has_type(&s.dict, b"XRef") || has_type(&s.dict, b"ObjStm"));
                if skip {
                    continue;
                }
                match ours.doc.objects.get(id) {
                    None => differences.push(format!("{name}: {id:?} missing")),
                    Some(mine) if comparable(mine) != comparable(object) => {
                        differences.push(format!("{name}: {id:?} differs"))
                    }
                    _ => {}
                }
            }
            for key in [&b"Root"[..], b"Info"] {
                if theirs.trailer.get(key).ok() != ours.doc.trailer.get(key).ok() {
                    differences.push(format!(
                        "{name}: trailer /{} differs",
                        String::from_utf8_lossy(key)
                    ));
                }
            }
        }
        assert!(
            differences.is_empty(),
            "{} differences:\n{}",
            differences.len(),
            differences.join("\n")
        );
    }
}
