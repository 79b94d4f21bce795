//! Content streams prepared for pdf-extract, which ignores three things a viewer honours.
//!
//! **Paint operators.** pdf-extract reports a path only when it is stroked with `S` or
//! filled with `f`/`F`; it ignores `f*` (even-odd fill), `B`/`B*` (fill and stroke),
//! `b`/`b*` (close, fill and stroke) and `s` (close and stroke), and keeps their path
//! to add to the next one. WPS, Excel and Acrobat draw table borders with these. `f*`
//! becomes `f`; the operators that stroke become `S` (closing the path first where they
//! close it), since a border is its outline whatever its fill.
//!
//! **Clipping paths.** Text a producer hides under a clip (a name running on past its
//! cell, the half of a merged cell beyond a page break) is drawn all the same, and would
//! land in the neighbouring cell or on the wrong page. Each clip is announced to the
//! collector by a marker: a stroke of the bounding box of its path, in a colour
//! ([`CLIP_START`]) no producer draws with; and its end, at the `Q` that restores the
//! state it was set in, by another ([`CLIP_END`]).
//!
//! **Form XObjects.** pdf-extract draws a form in a fresh graphics state: the
//! transformation it is drawn under and its own /Matrix are lost, and so is its /BBox,
//! which clips it. Each use of a form becomes a copy of it whose content first sets that
//! transformation and announces the box as a clip.

use std::fmt::Write;

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// The stroke colour (DeviceRGB) of the marker that starts a clip.
pub const CLIP_START: [f64; 3] = [0.0123, 0.0456, 0.0789];
/// The stroke colour (DeviceRGB) of the marker that ends the latest clip.
pub const CLIP_END: [f64; 3] = [0.0987, 0.0654, 0.0321];

/// Forms nested deeper than this are not drawn (a form may even draw itself).
const MAX_DEPTH: usize = 8;
/// At most this many form copies per page, so that a hostile file of forms used
/// thousands of times cannot multiply its size.
const MAX_COPIES: usize = 4096;
/// Operators and operands a page may draw through its forms, all copies counted.
const MAX_FORM_TOKENS: usize = 2 * super::bounds::MAX_TOKENS;

/// Operators this rewrite replaces.
const UNREAD: [&[u8]; 6] = [b"f*", b"B", b"B*", b"b", b"b*", b"s"];
/// Operators that end a path (the clip set by `W` takes effect there).
const PAINT: [&[u8]; 11] = [
    b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n", b"sh",
];

/// An affine matrix [a b c d e f], as the PDF `cm` operator takes it.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `then`: the matrix `cm first` makes of the current matrix `then`.
fn concat(first: &Matrix, then: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *then;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn numbers(operands: &[Object]) -> Option<Vec<f64>> {
    operands.iter().map(number).collect()
}

/// The content-stream bytes of a marker stroke of `[x0, y0, x1, y1]` in `colour`.
fn marker(colour: [f64; 3], rect: [f64; 4]) -> String {
    let [r, g, b] = colour;
    let [x0, y0, x1, y1] = rect;
    format!(
        "\nq /DeviceRGB CS {r} {g} {b} SC {x0} {y0} {} {} re S Q\n",
        x1 - x0,
        y1 - y0
    )
}

/// The marker that ends the latest clip.
fn clip_end() -> String {
    marker(CLIP_END, [0.0, 0.0, 1.0, 1.0])
}

/// One token of a content stream: where it is, and whether it is an operator.
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub operator: bool,
}

/// The tokens of a content stream, as far as this preparation needs them: operands and
/// operators with their places. Strings, arrays and dictionaries are skipped over as
/// operands; an inline image's data (`ID` … `EI`) is skipped whole.
fn tokens(bytes: &[u8]) -> Vec<Token> {
    Tokens::new(bytes).collect()
}

/// The tokens of a content stream (or a CMap, which has the same syntax), one at a
/// time: a hostile stream's tokens are counted without being held.
pub(super) struct Tokens<'a> {
    bytes: &'a [u8],
    i: usize,
    /// The data of an inline image, after its `ID` was yielded.
    pending: Option<Token>,
    /// Where a string starts that is never closed (it runs to the end).
    unclosed_string: Option<usize>,
}

impl<'a> Tokens<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Tokens {
            bytes,
            i: 0,
            pending: None,
            unclosed_string: None,
        }
    }

    /// Where the string starts that the bytes end inside, once the tokens are read.
    pub fn unclosed_string(&self) -> Option<usize> {
        self.unclosed_string
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if let Some(token) = self.pending.take() {
            return Some(token);
        }
        let delimiter = |b: u8| b"()<>[]{}/%".contains(&b);
        let bytes = self.bytes;
        let n = bytes.len();
        let i = &mut self.i;
        while *i < n {
            let b = bytes[*i];
            if b.is_ascii_whitespace() {
                *i += 1;
                continue;
            }
            let start = *i;
            match b {
                b'%' => {
                    while *i < n && bytes[*i] != b'\n' && bytes[*i] != b'\r' {
                        *i += 1;
                    }
                    continue;
                }
                b'(' => {
                    let mut depth = 0usize;
                    while *i < n {
                        match bytes[*i] {
                            b'\\' => *i += 1,
                            b'(' => depth += 1,
                            b')' => {
                                depth -= 1;
                                if depth == 0 {
                                    *i += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        *i += 1;
                    }
                    if depth > 0 {
                        self.unclosed_string = Some(start);
                    }
                }
                b'<' if bytes.get(*i + 1) != Some(&b'<') => {
                    while *i < n && bytes[*i] != b'>' {
                        *i += 1;
                    }
                    *i += 1;
                }
                b'<' | b'>' => *i += 2,
                b'[' | b']' | b'{' | b'}' => *i += 1,
                b'/' => {
                    *i += 1;
                    while *i < n && !bytes[*i].is_ascii_whitespace() && !delimiter(bytes[*i]) {
                        *i += 1;
                    }
                }
                // A stray ")" is skipped: everything else here is a word.
                b')' => {
                    *i += 1;
                    continue;
                }
                _ => {
                    while *i < n && !bytes[*i].is_ascii_whitespace() && !delimiter(bytes[*i]) {
                        *i += 1;
                    }
                    let word = &bytes[start..*i];
                    let operator = !word
                        .iter()
                        .all(|c| c.is_ascii_digit() || b"+-.".contains(c))
                        && !matches!(word, b"true" | b"false" | b"null");
                    if operator && word == b"ID" {
                        // Inline image data, binary, up to "EI" standing alone.
                        let mut j = *i + 1;
                        while j + 2 <= n {
                            let ends = &bytes[j..j + 2] == b"EI"
                                && bytes[j - 1].is_ascii_whitespace()
                                && bytes.get(j + 2).is_none_or(|c| c.is_ascii_whitespace());
                            if ends {
                                break;
                            }
                            j += 1;
                        }
                        let end = (j + 2).min(n);
                        self.pending = Some(Token {
                            start: j.min(n),
                            end,
                            operator: true,
                        });
                        *i = end;
                    }
                    return Some(Token {
                        start,
                        end: start + word.len(),
                        operator,
                    });
                }
            }
            return Some(Token {
                start,
                end: (*i).min(n),
                operator: false,
            });
        }
        None
    }
}

/// Why a `Do` draws nothing.
enum Undrawn {
    /// An image, or a name that is no form.
    NoForm,
    /// A form past a limit.
    Limit,
}

/// A form drawn where it is used: its content and the resources it needs.
struct Copy {
    content: Vec<u8>,
    resources: Dictionary,
    bbox: Option<Object>,
    /// The copies this one draws, by the names it draws them under.
    children: Vec<(Vec<u8>, usize)>,
}

/// A content stream rewritten, with the form copies it draws.
struct Rewritten {
    content: Vec<u8>,
    children: Vec<(Vec<u8>, usize)>,
    changed: bool,
    /// Clips started and not ended by the stream's end (its states left unrestored).
    open: usize,
}

struct Preparer<'d> {
    doc: &'d Document,
    copies: Vec<Copy>,
    /// What the page's forms may still draw ([`MAX_FORM_TOKENS`]).
    tokens_left: usize,
    /// Uses of forms not drawn because a limit was reached.
    dropped: usize,
}

impl<'d> Preparer<'d> {
    fn new(doc: &'d Document) -> Self {
        Preparer {
            doc,
            copies: Vec::new(),
            tokens_left: MAX_FORM_TOKENS,
            dropped: 0,
        }
    }
}

/// A page prepared: the objects added for it, and the uses of forms left undrawn at a
/// limit (nested deeper than [`MAX_DEPTH`], past [`MAX_COPIES`] or [`MAX_FORM_TOKENS`]).
#[derive(Debug, Default)]
pub struct Prepared {
    pub added: Vec<ObjectId>,
    pub dropped: usize,
}

/// Prepares one page's content (and every form it draws) for pdf-extract, right
/// before the page is read; returns the objects added for it, for [`forget`] to drop
/// once it is read (a prepared page is uncompressed: a long document prepared all at
/// once held twice its content in memory).
pub fn prepare_page(doc: &mut Document, page: ObjectId) -> Prepared {
    let mut preparer = Preparer::new(doc);
    let (Ok(bytes), Some(resources)) = (
        preparer.doc.get_page_content(page),
        page_resources(preparer.doc, page),
    ) else {
        return Prepared::default();
    };
    if !worth_reading(&bytes) {
        return Prepared::default();
    }
    let out = preparer.rewrite(&bytes, &resources, IDENTITY, 0);
    let dropped = preparer.dropped;
    if !out.changed {
        return Prepared {
            added: Vec::new(),
            dropped,
        };
    }
    let Preparer { copies, .. } = preparer;
    // Every copy gets its id first: a copy's resources name the copies it draws.
    let ids: Vec<ObjectId> = copies.iter().map(|_| doc.new_object_id()).collect();
    for (copy, &id) in copies.into_iter().zip(&ids) {
        let resources = with_forms(doc, copy.resources, &copy.children, &ids);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Form".to_vec()));
        if let Some(bbox) = copy.bbox {
            dict.set("BBox", bbox);
        }
        dict.set("Resources", resources);
        doc.objects
            .insert(id, Object::Stream(Stream::new(dict, copy.content)));
    }
    let resources = with_forms(doc, resources, &out.children, &ids);
    let stream = doc.add_object(Stream::new(Dictionary::new(), out.content));
    if let Ok(dict) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
        dict.set("Contents", stream);
        dict.set("Resources", resources);
    }
    let mut added = ids;
    added.push(stream);
    Prepared { added, dropped }
}

/// Drops the objects a page's preparation added, once the page is read.
pub fn forget(doc: &mut Document, added: Vec<ObjectId>) {
    for id in added {
        doc.objects.remove(&id);
    }
}

/// Whether a content stream has anything this preparation changes.
fn worth_reading(bytes: &[u8]) -> bool {
    bytes.split(|b| b.is_ascii_whitespace()).any(|token| {
        UNREAD.contains(&token)
            || matches!(
                token,
                b"W" | b"W*" | b"Do" | b"G" | b"g" | b"RG" | b"rg" | b"K" | b"k"
            )
    })
}

/// A page's resources (inherited from the page tree where the page has none), as a
/// dictionary of its own.
fn page_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let dict = node?;
        if let Ok(resources) = dict.get(b"Resources") {
            return resolve(doc, resources)?.as_dict().ok().cloned();
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    Some(Dictionary::new())
}

/// A dictionary's entry, a reference followed.
fn entry<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    resolve(doc, dict.get(key).ok()?)
}

fn resolve<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// `resources` with the form copies `children` added to its /XObject dictionary.
fn with_forms(
    doc: &Document,
    mut resources: Dictionary,
    children: &[(Vec<u8>, usize)],
    ids: &[ObjectId],
) -> Dictionary {
    if children.is_empty() {
        return resources;
    }
    let mut xobjects = entry(doc, &resources, b"XObject")
        .and_then(|x| x.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    for (name, index) in children {
        if let Some(&id) = ids.get(*index) {
            xobjects.set(name.clone(), id);
        }
    }
    resources.set("XObject", xobjects);
    resources
}

impl Preparer<'_> {
    /// Rewrites one content stream drawn under the matrix `ctm` (relative to the page's
    /// default space), with the clips it starts ended where its states are restored.
    /// The stream's own bytes are kept; what changes is spliced in.
    fn rewrite(
        &mut self,
        bytes: &[u8],
        resources: &Dictionary,
        ctm: Matrix,
        depth: usize,
    ) -> Rewritten {
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len() + bytes.len() / 8);
        let mut copied = 0;
        let mut children = Vec::new();
        let mut changed = false;
        // Per saved state: its matrix and the clips started since it was saved.
        let mut stack: Vec<(Matrix, usize, [bool; 2])> = Vec::new();
        let (mut ctm, mut clips) = (ctm, 0usize);
        // Whether the fill and the stroke colour, as pdf-extract sees them, are white.
        let mut whites = [false; 2];
        let mut path: Option<[f64; 4]> = None;
        let mut clipping = false;
        let extend = |path: &mut Option<[f64; 4]>, x: f64, y: f64| {
            *path = Some(match *path {
                None => [x, y, x, y],
                Some([x0, y0, x1, y1]) => [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
            });
        };
        let mut operands: Vec<&[u8]> = Vec::new();
        for token in tokens(bytes) {
            let word = &bytes[token.start..token.end];
            if !token.operator {
                operands.push(word);
                continue;
            }
            let args: Vec<f64> = operands
                .iter()
                .filter_map(|o| std::str::from_utf8(o).ok()?.parse().ok())
                .collect();
            // What to put in place of the operator, and what to add after it.
            let mut replace: Option<Vec<u8>> = None;
            let mut after = String::new();
            // pdf-extract ignores the device colour operators; written with a colour
            // space and `SC`/`sc`, which it follows, the collector learns each path's
            // colour (an invisible white gridline is no rule).
            let colour = match word {
                b"G" => Some(("DeviceGray CS", "SC")),
                b"g" => Some(("DeviceGray cs", "sc")),
                b"RG" => Some(("DeviceRGB CS", "SC")),
                b"rg" => Some(("DeviceRGB cs", "sc")),
                b"K" => Some(("DeviceCMYK CS", "SC")),
                b"k" => Some(("DeviceCMYK cs", "sc")),
                _ => None,
            };
            if let (Some((space, set)), Some(first)) = (colour, operands.first()) {
                let at = first.as_ptr() as usize - bytes.as_ptr() as usize;
                // Only white matters, and the colour after it: other colours are left
                // as written (fewer bytes to splice and for pdf-extract to read again).
                let stroking = set == "SC";
                let white = match args[..] {
                    [g] => g >= 0.95,
                    [r, g, b] => r.min(g).min(b) >= 0.95,
                    [c, m, y, k] => c.max(m).max(y).max(k) <= 0.05,
                    _ => false,
                };
                let was_white = whites[usize::from(stroking)];
                whites[usize::from(stroking)] = white;
                if (white || was_white) && at >= copied {
                    out.extend_from_slice(&bytes[copied..at]);
                    out.push(b'/');
                    out.extend_from_slice(space.as_bytes());
                    out.push(b' ');
                    out.extend_from_slice(&bytes[at..token.start]);
                    out.extend_from_slice(set.as_bytes());
                    copied = token.end;
                    changed = true;
                }
                operands.clear();
                continue;
            }
            match word {
                b"q" => stack.push((ctm, std::mem::take(&mut clips), whites)),
                b"Q" => {
                    for _ in 0..clips {
                        after.push_str(&clip_end());
                    }
                    (ctm, clips, whites) = stack.pop().unwrap_or((ctm, 0, whites));
                }
                b"cm" => {
                    if let [a, b, c, d, e, f] = args[..] {
                        ctm = concat(&[a, b, c, d, e, f], &ctm);
                    }
                }
                b"m" | b"l" | b"c" | b"v" | b"y" => {
                    for pair in args.chunks_exact(2) {
                        extend(&mut path, pair[0], pair[1]);
                    }
                }
                b"re" => {
                    if let [x, y, w, h] = args[..] {
                        extend(&mut path, x, y);
                        extend(&mut path, x + w, y + h);
                    }
                }
                b"W" | b"W*" => clipping = true,
                b"Do" => {
                    let name = operands.last().and_then(|n| n.strip_prefix(b"/"));
                    // A copy of the form drawn in its place; or, for an image, a form
                    // past a limit or a name not found, nothing: the interpreter is
                    // never left to draw a form itself (it would recurse without end
                    // into one that draws itself).
                    let copy = name.map(|n| self.copy_form(n, resources, ctm, depth));
                    let mut replacement = Vec::new();
                    if let Some(Ok(index)) = copy {
                        let copy_name = format!("/YusuanForm{index} Do").into_bytes();
                        children.push((copy_name[1..copy_name.len() - 3].to_vec(), index));
                        replacement = copy_name;
                    } else if let Some(Err(Undrawn::Limit)) = copy {
                        self.dropped += 1;
                    }
                    // The operand too is replaced: splice from the name on.
                    if let Some(o) = operands.last() {
                        let at = o.as_ptr() as usize - bytes.as_ptr() as usize;
                        if at >= copied {
                            out.extend_from_slice(&bytes[copied..at]);
                            out.extend_from_slice(&replacement);
                            copied = token.end;
                            changed = true;
                        }
                    }
                }
                _ => {}
            }
            if PAINT.contains(&word) {
                replace = match word {
                    b"f*" => Some(b"f".to_vec()),
                    b"B" | b"B*" => Some(b"S".to_vec()),
                    b"b" | b"b*" | b"s" => Some(b"h S".to_vec()),
                    _ => None,
                };
                if std::mem::take(&mut clipping)
                    && let Some(rect) = path
                {
                    after.push_str(&marker(CLIP_START, rect));
                    clips += 1;
                }
                path = None;
            }
            operands.clear();
            if replace.is_none() && after.is_empty() {
                continue;
            }
            changed = true;
            if copied > token.start {
                continue;
            }
            out.extend_from_slice(&bytes[copied..token.start]);
            match replace {
                Some(r) => out.extend_from_slice(&r),
                None => out.extend_from_slice(word),
            }
            out.extend_from_slice(after.as_bytes());
            copied = token.end;
        }
        out.extend_from_slice(&bytes[copied..]);
        let open = clips + stack.iter().map(|(_, n, _)| n).sum::<usize>();
        Rewritten {
            content: out,
            children,
            changed,
            open,
        }
    }

    /// Copies the form `name` of `resources` to be drawn under `ctm`; its index among
    /// the copies, or why it is not drawn.
    fn copy_form(
        &mut self,
        name: &[u8],
        resources: &Dictionary,
        ctm: Matrix,
        depth: usize,
    ) -> Result<usize, Undrawn> {
        let doc = self.doc;
        let form = entry(doc, resources, b"XObject")
            .and_then(|x| x.as_dict().ok())
            .and_then(|xobjects| entry(doc, xobjects, name))
            .and_then(|f| f.as_stream().ok())
            .ok_or(Undrawn::NoForm)?;
        let is_form = form
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Form");
        if !is_form {
            return Err(Undrawn::NoForm);
        }
        if depth >= MAX_DEPTH || self.copies.len() >= MAX_COPIES {
            return Err(Undrawn::Limit);
        }
        // A form's numbers: its /Matrix, its /BBox.
        let numbers_of = |key: &[u8]| {
            entry(doc, &form.dict, key)
                .and_then(|o| o.as_array().ok())
                .and_then(|a| numbers(a))
        };
        let matrix = numbers_of(b"Matrix")
            .and_then(|m| <[f64; 6]>::try_from(m).ok())
            .unwrap_or(IDENTITY);
        let form_resources = entry(doc, &form.dict, b"Resources")
            .and_then(|r| r.as_dict().ok())
            .cloned()
            .unwrap_or_else(|| resources.clone());
        let bbox = entry(doc, &form.dict, b"BBox").cloned();
        let frame = numbers_of(b"BBox").and_then(|b| <[f64; 4]>::try_from(b).ok());
        let bytes = form.get_plain_content().map_err(|_| Undrawn::NoForm)?;
        let tokens = Tokens::new(&bytes).count();
        if tokens > self.tokens_left {
            self.tokens_left = 0;
            return Err(Undrawn::Limit);
        }
        self.tokens_left -= tokens;
        let drawn = concat(&matrix, &ctm);
        // Reserve the index before the children take theirs.
        let index = self.copies.len();
        self.copies.push(Copy {
            content: Vec::new(),
            resources: Dictionary::new(),
            bbox: None,
            children: Vec::new(),
        });
        let inner = self.rewrite(&bytes, &form_resources, drawn, depth + 1);
        let [a, b, c, d, e, f] = drawn;
        let mut content = String::new();
        let _ = writeln!(content, "{a} {b} {c} {d} {e} {f} cm");
        if let Some([x0, y0, x1, y1]) = frame {
            content.push_str(&marker(
                CLIP_START,
                [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)],
            ));
        }
        let mut content = content.into_bytes();
        content.extend(inner.content);
        // pdf-extract keeps no state across a form: every clip the copy started ends
        // with it.
        for _ in 0..inner.open + usize::from(frame.is_some()) {
            content.extend(clip_end().into_bytes());
        }
        self.copies[index] = Copy {
            content,
            resources: form_resources,
            bbox,
            children: inner.children,
        };
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::content::Content;

    fn prepared(bytes: &[u8]) -> Vec<u8> {
        let doc = Document::with_version("1.5");
        let mut p = Preparer::new(&doc);
        p.rewrite(bytes, &Dictionary::new(), IDENTITY, 0).content
    }

    fn operators(bytes: &[u8]) -> Vec<String> {
        Content::decode(bytes)
            .unwrap()
            .operations
            .into_iter()
            .map(|o| o.operator)
            .collect()
    }

    #[test]
    fn unread_painting_operators_become_read_ones() {
        let out = prepared(b"10 10 100 0.5 re f* 0 0 50 50 re B 1 1 m 9 9 l s BT (f* \\) s) Tj ET");
        assert_eq!(
            operators(&out),
            ["re", "f", "re", "S", "m", "l", "h", "S", "BT", "Tj", "ET"]
        );
        // The string is untouched.
        assert!(String::from_utf8_lossy(&out).contains("(f* \\) s)"));
    }

    #[test]
    fn device_colours_are_set_through_a_colour_space() {
        // White, and the colour after white, are told; other colours are left alone.
        let out = prepared(b"0.5 g 1 1 1 RG 0 0 0 1 K 0 0 m 9 0 l S 0 0 0 1 K");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0.5 g /DeviceRGB CS 1 1 1 SC /DeviceCMYK CS 0 0 0 1 SC 0 0 m 9 0 l S 0 0 0 1 K"
        );
    }

    #[test]
    fn content_without_changes_is_kept_byte_for_byte() {
        let plain = b"0 0 m 10 0 l S 0 0 5 5 re f BT /F1 9 Tf <0102> Tj [(a) -20 (b)] TJ ET";
        assert_eq!(prepared(plain), plain);
        // Inline image data is skipped whole, whatever bytes it holds.
        let image = b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00W f*) EI Q 0 0 m 1 1 l S";
        assert_eq!(prepared(image), image);
    }

    #[test]
    fn a_clip_is_announced_where_it_starts_and_where_its_state_ends() {
        let out = prepared(b"q 10 20 100 50 re W n BT (x) Tj ET Q BT (y) Tj ET");
        let decoded = Content::decode(&out).unwrap().operations;
        let ops: Vec<&str> = decoded.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(
            ops,
            [
                "q", "re", "W", "n", // the clip
                "q", "CS", "SC", "re", "S", "Q", // its start
                "BT", "Tj", "ET", "Q", // drawn under it
                "q", "CS", "SC", "re", "S", "Q", // its end
                "BT", "Tj", "ET"
            ]
        );
        let start: Vec<f64> = decoded[7]
            .operands
            .iter()
            .map(|o| number(o).unwrap())
            .collect();
        assert_eq!(start, [10.0, 20.0, 100.0, 50.0]);
        let colour: Vec<f64> = decoded[6]
            .operands
            .iter()
            .map(|o| number(o).unwrap())
            .collect();
        assert!((colour[0] - CLIP_START[0]).abs() < 1e-6);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_rewritten_without_panic(bytes in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::any::<u8>(),
                proptest::sample::select(b"()<>[]/%\\ \nqQWnfSre0123456789.-IDEIBT".to_vec()),
            ],
            0..300,
        )) {
            let out = prepared(&bytes);
            // Nothing of the input is lost: what is spliced in only adds.
            proptest::prop_assert!(out.len() >= bytes.len().saturating_sub(bytes.len() / 2));
        }
    }

    #[test]
    fn matrices_concatenate_as_cm_does() {
        // Translate then scale: a point (1, 1) goes to (2 * (1 + 10), 2 * (1 + 0)).
        let m = concat(
            &[1.0, 0.0, 0.0, 1.0, 10.0, 0.0],
            &[2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
        );
        let [a, b, c, d, e, f] = m;
        assert_eq!((a + c + e, b + d + f), (22.0, 2.0));
    }
}
