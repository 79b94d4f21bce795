//! Stream filters, decoded with a limit on what they may produce.
//!
//! In: a stream's bytes and its `/Filter` chain. Out: the decoded bytes, at most a given
//! number of them. Decides: where a stream is cut (a decompression bomb inflates a few
//! megabytes into gigabytes; here it stops at the limit, and the caller says so).
//!
//! Decoded as the PDF interpreter would: FlateDecode (with a raw-deflate retry when the
//! zlib wrapper is damaged, and PNG predictors), LZWDecode, ASCII85Decode, and also
//! ASCIIHexDecode and RunLengthDecode. Image filters (DCT, JPX, CCITT, JBIG2) are not
//! decoded: no text is in them.

use std::io::{Read, Write};

use pdf_extract::{Dictionary, Object};

/// A stream's data after its filters.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// All of it.
    Whole(Vec<u8>),
    /// The first `limit` bytes: the rest would have gone past the limit.
    Cut(Vec<u8>),
    /// A filter this reader does not decode (an image's), by name.
    Unsupported(String),
}

/// Decodes `data` through `filters` (in order) with their parameters, producing at
/// most `limit` bytes.
pub fn decode(
    data: &[u8],
    filters: &[Vec<u8>],
    params: &[Option<&Dictionary>],
    limit: usize,
) -> Decoded {
    let mut current: Vec<u8> = data.to_vec();
    let mut cut = false;
    for (i, filter) in filters.iter().enumerate() {
        let params = params.get(i).copied().flatten();
        let (out, over) = match filter.as_slice() {
            b"FlateDecode" | b"Fl" => predicted(inflate(&current, limit), params, limit),
            b"LZWDecode" | b"LZW" => predicted(lzw(&current, params, limit), params, limit),
            b"ASCII85Decode" | b"A85" => ascii85(&current, limit),
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&current, limit),
            b"RunLengthDecode" | b"RL" => run_length(&current, limit),
            other => return Decoded::Unsupported(String::from_utf8_lossy(other).into_owned()),
        };
        current = out;
        cut |= over;
    }
    if cut {
        Decoded::Cut(current)
    } else {
        Decoded::Whole(current)
    }
}

/// A writer that takes at most `left` more bytes, then refuses.
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    left: usize,
    over: bool,
}

impl Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.left {
            let take = self.left;
            self.out.extend_from_slice(&buf[..take]);
            self.left = 0;
            self.over = true;
            return Err(std::io::Error::other("the output limit is reached"));
        }
        self.out.extend_from_slice(buf);
        self.left -= buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads all of `reader` into `out`, at most `limit` bytes; whether it had more.
/// A read error ends the data where it happened (what came before is kept).
fn read_capped(mut reader: impl Read, out: &mut Vec<u8>, limit: usize) -> bool {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => {
                if out.len() + n > limit {
                    let take = limit - out.len();
                    out.extend_from_slice(&buf[..take]);
                    return true;
                }
                out.extend_from_slice(&buf[..n]);
            }
        }
    }
}

/// zlib data inflated; when the wrapper is damaged and nothing came out, the deflate
/// data inside it.
fn inflate(data: &[u8], limit: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    if data.is_empty() {
        return (out, false);
    }
    let mut over = read_capped(flate2::read::ZlibDecoder::new(data), &mut out, limit);
    if out.is_empty() && data.len() > 2 {
        over = read_capped(
            flate2::read::DeflateDecoder::new(&data[2..]),
            &mut out,
            limit,
        );
    }
    (out, over)
}

fn lzw(data: &[u8], params: Option<&Dictionary>, limit: usize) -> (Vec<u8>, bool) {
    use weezl::{BitOrder, decode::Decoder};
    let early_change = params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|v| v.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut sink = Capped {
        out: &mut out,
        left: limit,
        over: false,
    };
    // A broken code ends the data where it is; what came before is kept.
    let _ = decoder.into_stream(&mut sink).decode_all(data);
    let over = sink.over;
    (out, over)
}

/// The PNG predictors (10–15) undone, as the parameters ask; the data unchanged when
/// they ask for none, or when it does not fit their rows.
fn predicted(
    (data, over): (Vec<u8>, bool),
    params: Option<&Dictionary>,
    limit: usize,
) -> (Vec<u8>, bool) {
    let Some(params) = params else {
        return (data, over);
    };
    let int = |key: &[u8], default: i64| {
        params
            .get(key)
            .ok()
            .and_then(|v| v.as_i64().ok())
            .unwrap_or(default)
    };
    if !(10..=15).contains(&int(b"Predictor", 1)) {
        return (data, over);
    }
    let columns = usize::try_from(int(b"Columns", 1).max(1)).unwrap_or(1);
    let colours = usize::try_from(int(b"Colors", 1).max(1)).unwrap_or(1);
    let bits = usize::try_from(int(b"BitsPerComponent", 8).max(8)).unwrap_or(8);
    let per_pixel = colours.saturating_mul(bits) / 8;
    // A row longer than the data is no row of it (and must not be allocated).
    if per_pixel.saturating_mul(columns) > data.len().min(limit) {
        return (data, over);
    }
    match pdf_extract::filters::png::decode_frame(&data, per_pixel, columns) {
        Ok(rows) => (rows, over),
        Err(_) => (data, over),
    }
}

fn ascii85(data: &[u8], limit: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut group: u32 = 0;
    let mut count = 0;
    let data = data.strip_suffix(b"~>").unwrap_or(data);
    for &c in data {
        if out.len() + 4 > limit {
            return (out, true);
        }
        match c {
            b'z' if count == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group = group.wrapping_mul(85).wrapping_add(u32::from(c - b'!'));
                count += 1;
                if count == 5 {
                    out.extend_from_slice(&group.to_be_bytes());
                    (group, count) = (0, 0);
                }
            }
            c if is_space(c) => {}
            _ => break,
        }
    }
    if count > 1 {
        // A partial group: padded with 'u', then only its first count − 1 bytes.
        for _ in count..5 {
            group = group.wrapping_mul(85).wrapping_add(84);
        }
        out.extend_from_slice(&group.to_be_bytes()[..count - 1]);
    }
    (out, false)
}

fn is_space(c: u8) -> bool {
    super::syntax::is_space(c)
}

fn ascii_hex(data: &[u8], limit: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut high: Option<u8> = None;
    for &c in data {
        if c == b'>' {
            break;
        }
        let Some(d) = (c as char).to_digit(16) else {
            continue;
        };
        match high.take() {
            None => high = Some(d as u8),
            Some(h) => {
                if out.len() >= limit {
                    return (out, true);
                }
                out.push(h << 4 | d as u8);
            }
        }
    }
    if let Some(h) = high
        && out.len() < limit
    {
        out.push(h << 4);
    }
    (out, false)
}

fn run_length(data: &[u8], limit: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let n = data[i] as usize;
        i += 1;
        let (piece, step): (Vec<u8>, usize) = match n {
            128 => break,
            0..=127 => {
                let end = (i + n + 1).min(data.len());
                (data[i..end].to_vec(), n + 1)
            }
            _ => match data.get(i) {
                Some(&b) => (vec![b; 257 - n], 1),
                None => break,
            },
        };
        if out.len() + piece.len() > limit {
            out.extend_from_slice(&piece[..limit - out.len()]);
            return (out, true);
        }
        out.extend_from_slice(&piece);
        i += step;
    }
    (out, false)
}

/// A stream's filter chain and the parameters of each filter, as its dictionary
/// gives them (a single name or an array; a single dictionary or an array).
pub fn chain<'d>(
    dict: &'d Dictionary,
    resolve: impl Fn(&'d Object) -> Option<&'d Object>,
) -> (Vec<Vec<u8>>, Vec<Option<&'d Dictionary>>) {
    let names = |o: &'d Object| -> Vec<Vec<u8>> {
        match resolve(o) {
            Some(Object::Name(n)) => vec![n.clone()],
            Some(Object::Array(items)) => items
                .iter()
                .filter_map(|i| resolve(i)?.as_name().ok().map(<[u8]>::to_vec))
                .collect(),
            _ => Vec::new(),
        }
    };
    let filters = dict.get(b"Filter").ok().map(names).unwrap_or_default();
    let params = match dict.get(b"DecodeParms").ok().and_then(&resolve) {
        Some(Object::Dictionary(d)) => vec![Some(d)],
        Some(Object::Array(items)) => items
            .iter()
            .map(|i| resolve(i).and_then(|o| o.as_dict().ok()))
            .collect(),
        _ => Vec::new(),
    };
    (filters, params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::ZlibEncoder};

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn flate() -> Vec<Vec<u8>> {
        vec![b"FlateDecode".to_vec()]
    }

    #[test]
    fn flate_data_inflates_whole_under_the_limit() {
        let data = zlib(b"BT (Hello) Tj ET");
        assert_eq!(
            decode(&data, &flate(), &[], 1 << 20),
            Decoded::Whole(b"BT (Hello) Tj ET".to_vec())
        );
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let data = zlib(&vec![0u8; 50 << 20]);
        assert!(data.len() < 100_000);
        match decode(&data, &flate(), &[], 1 << 20) {
            Decoded::Cut(out) => assert_eq!(out.len(), 1 << 20),
            other => panic!("expected a cut stream, got {other:?}"),
        }
    }

    #[test]
    fn a_damaged_tail_keeps_what_inflated_before_it() {
        let mut data = zlib(&b"0123456789".repeat(10_000));
        let n = data.len();
        data.truncate(n - 10);
        let Decoded::Whole(out) = decode(&data, &flate(), &[], 1 << 20) else {
            panic!("expected the data before the damage");
        };
        assert!(!out.is_empty() && b"0123456789".repeat(10_000).starts_with(&out));
    }

    #[test]
    fn ascii_filters_and_run_length_decode() {
        let hex = vec![b"ASCIIHexDecode".to_vec()];
        assert_eq!(
            decode(b"48 65 6C6C 6F7>", &hex, &[], 100),
            Decoded::Whole(b"Hellop".to_vec())
        );
        let a85 = vec![b"ASCII85Decode".to_vec()];
        assert_eq!(
            decode(b"87cURD]i,\"Ebo80~>", &a85, &[], 100),
            Decoded::Whole(b"Hello World!".to_vec())
        );
        let rl = vec![b"RunLengthDecode".to_vec()];
        assert_eq!(
            decode(&[2, b'a', b'b', b'c', 254, b'x', 128], &rl, &[], 100),
            Decoded::Whole(b"abcxxx".to_vec())
        );
        assert_eq!(
            decode(&[129, b'x'], &rl, &[], 10),
            Decoded::Cut(vec![b'x'; 10])
        );
    }

    #[test]
    fn image_filters_are_not_decoded() {
        let dct = vec![b"DCTDecode".to_vec()];
        assert_eq!(
            decode(b"\xFF\xD8", &dct, &[], 100),
            Decoded::Unsupported("DCTDecode".into())
        );
    }
}
