//! A quick reader of ToUnicode CMaps that gives the map pdf-extract's CMap parser
//! (adobe-cmap-parser) gives, or declines.
//!
//! That parser lexes with parser combinators that format an error message for every
//! alternative they try and fail: a map of 20,000 codes took two billion
//! instructions, and a document's maps are read once each ([`super::cmaps`]). This
//! reader lexes the same syntax by hand, but only the plain form that producers write
//! (hexadecimal strings, integers, names, operator words, dictionaries, arrays, simple
//! literal strings, comment lines where that parser takes them); at anything else it
//! declines, and the caller falls back on the original parser. Where it accepts, its
//! tokens are that parser's tokens, and [`unicode_map`] reads them by that parser's
//! rules, so that the map is the same. Where those rules fail (an error, a panic, an
//! overflow that only a debug build checks) it declines too: the original decides.

use std::collections::HashMap;

/// Most entries one map may expand to (a range of a hostile map may span 2^32 codes);
/// past it the reader declines. Maps were already bounded before reading
/// (`bounds::MAX_CMAP_ENTRIES`), so real ones never come near.
const MAX_ENTRIES: u64 = 1 << 20;

/// Dictionaries and arrays nested deeper than this: declined.
const MAX_DEPTH: usize = 32;

/// A token as the original lexer makes it, as far as reading a map needs.
#[derive(Debug, PartialEq)]
enum Token {
    Integer(i64),
    /// A hexadecimal or literal string's bytes.
    Bytes(Vec<u8>),
    Operator(Vec<u8>),
    Array(Vec<Token>),
    /// A name, boolean or dictionary.
    Other,
}

/// The lexer gave up on something outside the plain form.
struct Declined;

/// The map from codes to UTF-16BE values that `adobe_cmap_parser::get_unicode_map`
/// returns for `input`; `None`: declined, ask that function.
pub fn unicode_map(input: &[u8]) -> Option<HashMap<u32, Vec<u8>>> {
    let tokens = lex(input).ok()?;
    read(&tokens)
}

/// The original's bytes-to-code: big-endian, high bytes shifted out past four.
fn as_code(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0u32, |code, b| (code << 8) | u32::from(*b))
}

/// Reads the tokens as the original does; `None` where it would fail, or might.
fn read(tokens: &[Token]) -> Option<HashMap<u32, Vec<u8>>> {
    // The original lexer wants at least one token, and panics without.
    if tokens.is_empty() {
        return None;
    }
    let mut map = HashMap::new();
    let mut entries = 0u64;
    let mut i = 0;
    while i < tokens.len() {
        let Token::Operator(op) = &tokens[i] else {
            i += 1;
            continue;
        };
        let ranges = match op.as_slice() {
            b"beginbfchar" => false,
            b"beginbfrange" => true,
            _ => {
                i += 1;
                continue;
            }
        };
        // The count before the operator (the original indexes before the first token:
        // a panic).
        let Some(Token::Integer(count)) = i.checked_sub(1).map(|p| &tokens[p]) else {
            return None;
        };
        i += 1;
        for _ in 0..(*count).max(0) {
            let step = if ranges { 3 } else { 2 };
            // Past the end, the original panics.
            if i + step > tokens.len() {
                return None;
            }
            let Token::Bytes(first) = &tokens[i] else {
                return None;
            };
            let Token::Bytes(second) = &tokens[i + 1] else {
                return None;
            };
            if !ranges {
                entries += 1;
                if entries > MAX_ENTRIES {
                    return None;
                }
                map.insert(as_code(first), second.clone());
                i += 2;
                continue;
            }
            let (low, high) = (as_code(first), as_code(second));
            let span = u64::from(high.saturating_sub(low)) + u64::from(high >= low);
            entries += span;
            if entries > MAX_ENTRIES {
                return None;
            }
            match &tokens[i + 2] {
                Token::Bytes(start) if start.len() == 4 => {
                    let value = as_code(start);
                    // The original adds without a check: a debug build panics.
                    if span > 0 && value.checked_add(high - low).is_none() {
                        return None;
                    }
                    for c in low..=high {
                        map.insert(c, (value + (c - low)).to_be_bytes().to_vec());
                    }
                }
                Token::Bytes(start) if start.len() == 2 => {
                    let value = as_code(start) as u16;
                    for c in low..=high {
                        let v = value.checked_add((c - low) as u16)?;
                        map.insert(c, v.to_be_bytes().to_vec());
                    }
                }
                // Another length: the original panics.
                Token::Bytes(_) => return None,
                Token::Array(values) => {
                    if span != values.len() as u64 {
                        return None;
                    }
                    for (c, value) in (low..=high).zip(values) {
                        let Token::Bytes(value) = value else {
                            return None;
                        };
                        map.insert(c, value.clone());
                    }
                }
                _ => return None,
            }
            i += 3;
        }
        i += 1;
    }
    Some(map)
}

/// Space between tokens, as the original's `multispace` takes it.
fn is_multispace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Where a name ends (the original's set).
fn ends_name(b: u8) -> bool {
    b" \t\n\r\x0C()<>[]{}/%#".contains(&b)
}

/// Where an operator word or a number ends, for this reader.
fn ends_word(b: u8) -> bool {
    is_multispace(b) || b"()<>[]{}/%".contains(&b)
}

struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The tokens of `input`, as the original lexer makes them.
fn lex(input: &[u8]) -> Result<Vec<Token>, Declined> {
    let mut lexer = Lexer {
        bytes: input,
        pos: 0,
    };
    let mut tokens = Vec::new();
    loop {
        // Comments, back to back, then space, then a token (the original's grammar:
        // a comment after that space ends its lexing).
        while lexer.peek() == Some(b'%') {
            lexer.comment()?;
        }
        lexer.skip_multispace();
        match lexer.peek() {
            None => return Ok(tokens),
            Some(b'%') => return Err(Declined),
            Some(_) => tokens.push(lexer.value(0)?),
        }
    }
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_multispace(&mut self) {
        while self.peek().is_some_and(is_multispace) {
            self.pos += 1;
        }
    }

    /// A comment up to and with its line end (without one, declined).
    fn comment(&mut self) -> Result<(), Declined> {
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\n' => return Ok(()),
                b'\r' => {
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        Err(Declined)
    }

    /// One token and the space after it.
    fn value(&mut self, depth: usize) -> Result<Token, Declined> {
        if depth > MAX_DEPTH {
            return Err(Declined);
        }
        let token = match self.peek().ok_or(Declined)? {
            b'(' => Token::Bytes(self.literal()?),
            b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.dictionary(depth)?;
                Token::Other
            }
            b'<' => Token::Bytes(self.hexadecimal()?),
            b'[' => {
                self.pos += 1;
                self.skip_multispace();
                let mut items = Vec::new();
                while self.peek() != Some(b']') {
                    if self.peek().is_none_or(|b| b == b'%') {
                        return Err(Declined);
                    }
                    items.push(self.value(depth + 1)?);
                }
                self.pos += 1;
                Token::Array(items)
            }
            b'/' => {
                self.name()?;
                Token::Other
            }
            _ => self.word()?,
        };
        self.skip_multispace();
        Ok(token)
    }

    /// A name (with no `#` escape, which is declined).
    fn name(&mut self) -> Result<(), Declined> {
        self.pos += 1;
        while let Some(b) = self.peek() {
            if b == b'#' {
                return Err(Declined);
            }
            if ends_name(b) {
                break;
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// An operator word, an integer or a boolean.
    fn word(&mut self) -> Result<Token, Declined> {
        let start = self.pos;
        while self.peek().is_some_and(|b| !ends_word(b)) {
            self.pos += 1;
        }
        let word = &self.bytes[start..self.pos];
        if word == b"true" || word == b"false" {
            return Ok(Token::Other);
        }
        // A longer word starting so reads as a boolean and more: declined.
        if word.starts_with(b"true") || word.starts_with(b"false") {
            return Err(Declined);
        }
        if !word.is_empty() && word.iter().all(u8::is_ascii_alphabetic) {
            return Ok(Token::Operator(word.to_vec()));
        }
        let digits = word
            .strip_prefix(b"+")
            .or(word.strip_prefix(b"-"))
            .unwrap_or(word);
        // Up to 18 digits always fit an i64 (longer ones the original reads otherwise).
        if (1..=18).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
            let text = std::str::from_utf8(word).map_err(|_| Declined)?;
            return text.parse().map(Token::Integer).map_err(|_| Declined);
        }
        Err(Declined)
    }

    /// A literal string without escapes (one with a backslash is declined); nested
    /// parentheses are kept, as the original keeps them.
    fn literal(&mut self) -> Result<Vec<u8>, Declined> {
        let start = self.pos + 1;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => return Err(Declined),
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(self.bytes[start..self.pos - 1].to_vec());
                    }
                }
                _ => {}
            }
        }
        Err(Declined)
    }

    /// A hexadecimal string of digit pairs, with space between pairs only.
    fn hexadecimal(&mut self) -> Result<Vec<u8>, Declined> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            self.skip_multispace();
            let high = self.peek().ok_or(Declined)?;
            if high == b'>' {
                self.pos += 1;
                return Ok(out);
            }
            let low = self.bytes.get(self.pos + 1).copied().ok_or(Declined)?;
            let digit = |b: u8| (b as char).to_digit(16).ok_or(Declined);
            out.push((digit(high)? * 16 + digit(low)?) as u8);
            self.pos += 2;
        }
    }

    /// A dictionary: names, each with a value.
    fn dictionary(&mut self, depth: usize) -> Result<(), Declined> {
        self.pos += 2;
        self.skip_multispace();
        loop {
            match self.peek().ok_or(Declined)? {
                b'>' if self.bytes.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(());
                }
                b'/' => {
                    self.name()?;
                    self.skip_multispace();
                    if self.peek().is_none_or(|b| b == b'%') {
                        return Err(Declined);
                    }
                    self.value(depth + 1)?;
                }
                _ => return Err(Declined),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// What the original parser makes of `input`: its map, or `None` for an error or
    /// a panic.
    fn original(input: &[u8]) -> Option<HashMap<u32, Vec<u8>>> {
        catch_unwind(AssertUnwindSafe(|| {
            adobe_cmap_parser::get_unicode_map(input)
        }))
        .ok()?
        .ok()
    }

    fn agrees(input: &[u8]) {
        if let Some(ours) = unicode_map(input) {
            assert_eq!(
                Some(ours),
                original(input),
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    const TYPICAL: &str = "%!PS-Adobe-3.0 Resource-CMap\n%%DocumentNeededResources: ProcSet (CIDInit)\n\
        /CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
        /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
        1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
        2 beginbfchar\n<0003> <0020>\n<01B2> <4E2D>\nendbfchar\n\
        3 beginbfrange\n<0010> <0019> <0030>\n<0020> <0022> [<0041> <0042> <D840DC00>]\n\
        <0100> <0101> <00004E00>\nendbfrange\nendcmap\n\
        CMapName currentdict /CMap defineresource pop\nend\nend\n";

    #[test]
    fn a_typical_map_is_read_as_the_original_reads_it() {
        let ours = unicode_map(TYPICAL.as_bytes()).expect("a plain map is read");
        assert_eq!(Some(&ours), original(TYPICAL.as_bytes()).as_ref());
        let map = ours;
        assert_eq!(map.len(), 2 + 10 + 3 + 2);
        assert_eq!(map[&0x01B2], vec![0x4E, 0x2D]);
        assert_eq!(map[&0x0101], vec![0, 0, 0x4E, 0x01]);
    }

    #[test]
    fn what_the_original_fails_on_is_left_to_it() {
        for input in [
            "beginbfchar <01> <0041> endbfchar",
            "2 beginbfchar <01> <0041> endbfchar",
            "1 beginbfrange <01> <02> <004100> endbfrange",
            "1 beginbfrange <01> <03> [<0041>] endbfrange",
            "",
        ] {
            assert_eq!(unicode_map(input.as_bytes()), None, "{input}");
            assert_eq!(original(input.as_bytes()), None, "{input}");
        }
        // Past 0xFFFF a debug build of the original panics and a release build wraps.
        assert_eq!(
            unicode_map(b"1 beginbfrange <00> <02> <FFFF> endbfrange"),
            None
        );
    }

    #[test]
    fn forms_outside_the_plain_one_are_declined() {
        for input in [
            "1 beginbfchar <01> (\\101) endbfchar",
            "/A#20B 1 beginbfchar <01> <0041> endbfchar",
            // The original stops lexing at a comment after space after a comment.
            "%a\n  %b\n1 beginbfchar <01> <0041> endbfchar",
            "1.0 1 beginbfchar <01> <0041> endbfchar",
            "{ } 1 beginbfchar <01> <0041> endbfchar",
            "<0 1>",
        ] {
            assert_eq!(unicode_map(input.as_bytes()), None, "{input}");
        }
    }

    /// Pieces a CMap is made of, plain and not, to put together at random.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            " ",
            "\n",
            "\r\n",
            "\t",
            "%c\n",
            "%c",
            "1",
            "2",
            "3",
            "-1",
            "0",
            "99999999999999999999",
            "1.5",
            "beginbfchar",
            "endbfchar",
            "beginbfrange",
            "endbfrange",
            "begincmap",
            "<00>",
            "<01>",
            "<0041>",
            "<FFFF>",
            "<00004E00>",
            "<004100>",
            "<>",
            "<0 041>",
            "< 00 41 >",
            "[",
            "]",
            "<<",
            ">>",
            "/N",
            "/A#41",
            "(x)",
            "(a(b)c)",
            "(\\101)",
            "true",
            "trueX",
            "def",
            "{",
            "}",
            ")",
            "\0",
            "\x0C",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn where_it_reads_it_agrees_with_the_original(pieces in prop::collection::vec(piece(), 0..24)) {
            agrees(pieces.concat().as_bytes());
        }

        #[test]
        fn well_formed_maps_are_read_and_agree(
            chars in prop::collection::vec((any::<u16>(), any::<u16>()), 0..40),
            ranges in prop::collection::vec((0u16..0xff00, 0u16..40, 0u16..0xf000), 0..10),
        ) {
            let mut cmap = format!("begincmap\n{} beginbfchar\n", chars.len());
            for (code, value) in &chars {
                cmap.push_str(&format!("<{code:04X}> <{value:04X}>\n"));
            }
            cmap.push_str(&format!("endbfchar\n{} beginbfrange\n", ranges.len()));
            for (low, span, value) in &ranges {
                cmap.push_str(&format!("<{low:04X}> <{:04X}> <{value:04X}>\n", low + span));
            }
            cmap.push_str("endbfrange\nendcmap\n");
            let ours = unicode_map(cmap.as_bytes());
            prop_assert!(ours.is_some());
            prop_assert_eq!(ours, original(cmap.as_bytes()));
        }
    }
}
