//! Paths painted with operators pdf-extract does not act on, rewritten to ones it does.
//!
//! pdf-extract reports a path only when it is stroked with `S` or filled with `f`/`F`;
//! it ignores `f*` (even-odd fill), `B`/`B*` (fill and stroke), `b`/`b*` (close, fill
//! and stroke) and `s` (close and stroke), and keeps their path to add to the next one.
//! WPS, Excel and Acrobat draw table borders with these, so whole ruled tables came out
//! without rules. Before extraction, in every page's content and every Form XObject:
//! `f*` becomes `f`; the operators that stroke become `S` (closing the path first where
//! they close it), since a border is its outline whatever its fill.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Document, Object, ObjectId};

/// Operators this rewrite replaces.
const UNREAD: [&[u8]; 6] = [b"f*", b"B", b"B*", b"b", b"b*", b"s"];

/// Rewrites the painting operators of every page and Form XObject; returns how many
/// content streams changed.
pub fn rewrite_paint_operators(doc: &mut Document) -> usize {
    let mut changed = 0;
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    for id in pages {
        let Ok(bytes) = doc.get_page_content(id) else {
            continue;
        };
        if let Some(content) = rewritten(&bytes) {
            changed += usize::from(doc.change_page_content(id, content).is_ok());
        }
    }
    let forms: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Form")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in forms {
        let Ok(stream) = doc.get_object_mut(id).and_then(Object::as_stream_mut) else {
            continue;
        };
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        if let Some(content) = rewritten(&bytes) {
            stream.set_plain_content(content);
            changed += 1;
        }
    }
    changed
}

/// The content with its unread painting operators replaced, or `None` if it has none
/// (or cannot be parsed: then it is left to pdf-extract as it is).
fn rewritten(bytes: &[u8]) -> Option<Vec<u8>> {
    let mentions = bytes
        .split(|b| b.is_ascii_whitespace())
        .any(|token| UNREAD.contains(&token));
    if !mentions {
        return None;
    }
    let content = Content::decode(bytes).ok()?;
    let mut operations = Vec::with_capacity(content.operations.len());
    let mut any = false;
    let bare = |operator: &str| Operation::new(operator, vec![]);
    for op in content.operations {
        match op.operator.as_str() {
            "f*" => operations.push(bare("f")),
            "B" | "B*" => operations.push(bare("S")),
            "b" | "b*" | "s" => operations.extend([bare("h"), bare("S")]),
            _ => {
                operations.push(op);
                continue;
            }
        }
        any = true;
    }
    if !any {
        return None;
    }
    Content { operations }.encode().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let out = rewritten(b"10 10 100 0.5 re f* 0 0 50 50 re B 1 1 m 9 9 l s BT (f*) Tj ET")
            .expect("rewritten");
        assert_eq!(
            operators(&out),
            ["re", "f", "re", "S", "m", "l", "h", "S", "BT", "Tj", "ET"]
        );
    }

    #[test]
    fn content_without_them_is_left_alone() {
        assert_eq!(rewritten(b"0 0 m 10 0 l S 0 0 5 5 re f"), None);
        // "s" inside a string is no operator: parsed, nothing to replace.
        assert_eq!(rewritten(b"BT ( s ) Tj ET"), None);
    }
}
