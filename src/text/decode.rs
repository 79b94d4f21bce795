//! Bytes → text.
//!
//! Disclosures arrive as UTF-8 (with or without a BOM), UTF-16 with a BOM, or in the
//! GB18030 family (GBK and GB2312 are subsets of it) from older Windows exports. The
//! choice is explicit: a BOM decides; otherwise valid UTF-8 is UTF-8, and anything else
//! must decode as GB18030 without a single replacement character, or it is an error.
//! Mojibake is never returned.

use encoding_rs::{GB18030, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, ErrorKind};

/// The text encodings a caller can ask for, or [`TextEncoding::Detect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TextEncoding {
    /// BOM, then UTF-8, then GB18030.
    #[default]
    Detect,
    /// UTF-8; a BOM is skipped.
    Utf8,
    /// UTF-16, little-endian; a BOM is skipped.
    Utf16Le,
    /// UTF-16, big-endian; a BOM is skipped.
    Utf16Be,
    /// GB18030, which also reads GBK and GB2312.
    Gb18030,
}

/// Decoded text and the name of the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name: "UTF-8", "UTF-16LE", "UTF-16BE" or "gb18030".
    pub encoding: &'static str,
}

/// Decodes `bytes` as text.
pub fn decode(bytes: &[u8], wanted: TextEncoding) -> Result<Decoded, Error> {
    let (encoding, body) = match wanted {
        TextEncoding::Detect => match encoding_rs::Encoding::for_bom(bytes) {
            Some((enc, bom_len)) => (enc, &bytes[bom_len..]),
            None if std::str::from_utf8(bytes).is_ok() => (UTF_8, bytes),
            None => (GB18030, bytes),
        },
        TextEncoding::Utf8 => (UTF_8, strip_bom(bytes, UTF_8)),
        TextEncoding::Utf16Le => (UTF_16LE, strip_bom(bytes, UTF_16LE)),
        TextEncoding::Utf16Be => (UTF_16BE, strip_bom(bytes, UTF_16BE)),
        TextEncoding::Gb18030 => (GB18030, bytes),
    };
    let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(body) else {
        return Err(Error::new(ErrorKind::Undecodable {
            encoding: encoding.name(),
            offset: first_bad_byte(encoding, body) + (bytes.len() - body.len()),
        }));
    };
    // By bytes: the controls are ASCII, which never occurs inside a longer character.
    if let Some(offset) = text.bytes().position(|b| is_binary_control(char::from(b))) {
        return Err(Error::new(ErrorKind::Binary { offset }));
    }
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

fn strip_bom<'a>(bytes: &'a [u8], enc: &'static encoding_rs::Encoding) -> &'a [u8] {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((found, len)) if found == enc => &bytes[len..],
        _ => bytes,
    }
}

/// Text never holds NUL or the C0 controls other than tab, newline, carriage return
/// and form feed (pdftotext separates pages with form feeds).
fn is_binary_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{7f}'
}

/// Finds the offset of the first undecodable byte, for the error message.
fn first_bad_byte(encoding: &'static encoding_rs::Encoding, body: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(body.len() * 3 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(bytes: &[u8]) -> Result<Decoded, Error> {
        decode(bytes, TextEncoding::Detect)
    }

    #[test]
    fn utf8_without_and_with_bom() {
        assert_eq!(detect("收入总表".as_bytes()).unwrap().text, "收入总表");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("合计".as_bytes());
        let d = detect(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("合计", "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("合计 1.5".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(&le).unwrap().text, "合计 1.5");
        let mut be = vec![0xFE, 0xFF];
        be.extend("合计".encode_utf16().flat_map(u16::to_be_bytes));
        let d = detect(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("合计", "UTF-16BE"));
    }

    #[test]
    fn gbk_bytes_are_gb18030() {
        let (bytes, _, _) = GB18030.encode("部门预算支出总表\t单位：万元");
        let d = detect(&bytes).unwrap();
        assert_eq!(d.text, "部门预算支出总表\t单位：万元");
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn undecodable_bytes_are_an_error_with_offset() {
        // 0x81 0x20 is not a GB18030 sequence, and not UTF-8 either.
        let err = detect(b"abc\x81\x20def").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Undecodable { .. }), "{err}");
        assert_eq!(err.position(), Some(3));
    }

    #[test]
    fn binary_and_empty_are_errors() {
        assert!(matches!(
            detect(b"ab\x00cd").unwrap_err().kind(),
            ErrorKind::Binary { offset: 2 }
        ));
        assert!(matches!(detect(b"").unwrap_err().kind(), ErrorKind::Empty));
        assert!(matches!(
            detect(b" \n\t ").unwrap_err().kind(),
            ErrorKind::Empty
        ));
    }

    #[test]
    fn explicit_encoding_is_obeyed() {
        let (bytes, _, _) = GB18030.encode("合计");
        assert!(decode(&bytes, TextEncoding::Utf8).is_err());
        assert_eq!(decode(&bytes, TextEncoding::Gb18030).unwrap().text, "合计");
    }
}
