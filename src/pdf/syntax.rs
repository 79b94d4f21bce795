//! The PDF object syntax: bytes → [`Object`]s, in bounded work.
//!
//! In: the bytes of one object (a number, a string, a name, an array, a dictionary, a
//! reference), and after a dictionary perhaps a stream's data. Out: the object as the
//! PDF interpreter takes it. Decides: nothing about the document; [`super::file`]
//! finds the objects and says which is which.
//!
//! The reader is our own so that hostile nesting cannot overflow the stack: an array or
//! dictionary nested deeper than [`MAX_NESTING`] is skipped over (its brackets
//! counted, not recursed into) and read as null, and a literal string's nested
//! parentheses are counted too. Where the
//! syntax is broken in ways real writers produce (a stray byte in an array, a key
//! without a value), the reader takes what it can rather than losing the object.

use pdf_extract::{Dictionary, Object, StringFormat};

/// Arrays and dictionaries nested deeper than this are read as null. Real documents
/// nest a few levels; a hostile one nests 100,000.
pub const MAX_NESTING: usize = 64;

/// Whether a byte is PDF white space.
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

/// Whether a byte ends a word: white space or a delimiter.
pub fn is_delimiter(c: u8) -> bool {
    is_space(c) || b"()<>[]{}/%".contains(&c)
}

/// A cursor over PDF bytes.
pub struct Parser<'a> {
    bytes: &'a [u8],
    /// The next byte to read.
    pub pos: usize,
    /// Values nested too deep, read as null (skipped over without recursing).
    pub too_deep: usize,
}

/// Why an object could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxError {
    /// The bytes end inside the object.
    Truncated,
    /// Something that is no object.
    Unexpected,
}

impl<'a> Parser<'a> {
    /// A parser at `pos` in `bytes`.
    pub fn new(bytes: &'a [u8], pos: usize) -> Self {
        Parser {
            bytes,
            pos,
            too_deep: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips white space and comments.
    pub fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if is_space(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The regular characters from here (a number, a keyword), consumed.
    pub fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(|c| !is_delimiter(c)) {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    /// Whether the next word is `keyword` (consumed if so).
    pub fn keyword(&mut self, keyword: &[u8]) -> bool {
        let save = self.pos;
        self.skip_space();
        if self.word() == keyword {
            true
        } else {
            self.pos = save;
            false
        }
    }

    /// Reads one object (after any white space).
    pub fn object(&mut self) -> Result<Object, SyntaxError> {
        self.object_at(0)
    }

    fn object_at(&mut self, depth: usize) -> Result<Object, SyntaxError> {
        self.skip_space();
        let c = self.peek().ok_or(SyntaxError::Truncated)?;
        match c {
            b'/' => Ok(Object::Name(self.name())),
            b'(' => Ok(Object::String(self.literal()?, StringFormat::Literal)),
            b'[' | b'<' if depth >= MAX_NESTING && self.opens_container() => {
                self.skip_container()?;
                self.too_deep += 1;
                Ok(Object::Null)
            }
            b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                Ok(Object::Dictionary(self.dictionary(depth)?))
            }
            b'<' => Ok(Object::String(self.hex()?, StringFormat::Hexadecimal)),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek() {
                        None => return Err(SyntaxError::Truncated),
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Object::Array(items));
                        }
                        _ => {}
                    }
                    let before = self.pos;
                    match self.object_at(depth + 1) {
                        Ok(o) => items.push(o),
                        Err(SyntaxError::Unexpected) => {
                            // A stray byte or word: skipped.
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            _ => self.word_object(),
        }
    }

    /// Whether an array or a dictionary starts here.
    fn opens_container(&self) -> bool {
        self.peek() == Some(b'[') || self.bytes[self.pos..].starts_with(b"<<")
    }

    /// Skips an array or dictionary with all it nests, counting brackets rather than
    /// recursing: a hostile file nests them 100,000 deep.
    fn skip_container(&mut self) -> Result<(), SyntaxError> {
        let mut open = 0usize;
        loop {
            let c = self.peek().ok_or(SyntaxError::Truncated)?;
            match c {
                b'[' => {
                    open += 1;
                    self.pos += 1;
                }
                b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                    open += 1;
                    self.pos += 2;
                }
                b']' | b'>' => {
                    self.pos += if c == b'>' && self.bytes.get(self.pos + 1) == Some(&b'>') {
                        2
                    } else {
                        1
                    };
                    open = open.saturating_sub(1);
                    if open == 0 {
                        return Ok(());
                    }
                }
                b'(' => {
                    self.literal()?;
                }
                b'%' => self.skip_space(),
                _ => self.pos += 1,
            }
        }
    }

    /// A number, a reference (`12 0 R`), `true`, `false` or `null`.
    fn word_object(&mut self) -> Result<Object, SyntaxError> {
        let word = self.word();
        if word.is_empty() {
            return Err(SyntaxError::Unexpected);
        }
        match word {
            b"true" => return Ok(Object::Boolean(true)),
            b"false" => return Ok(Object::Boolean(false)),
            b"null" => return Ok(Object::Null),
            _ => {}
        }
        if is_unsigned(word) {
            // Perhaps the first of "12 0 R".
            let save = self.pos;
            self.skip_space();
            let generation = self.word();
            if is_unsigned(generation) {
                self.skip_space();
                if self.word() == b"R"
                    && let (Some(n), Some(g)) = (parse::<u32>(word), parse::<u16>(generation))
                {
                    return Ok(Object::Reference((n, g)));
                }
            }
            self.pos = save;
        }
        number(word).ok_or(SyntaxError::Unexpected)
    }

    /// A name, its `#xx` escapes decoded.
    fn name(&mut self) -> Vec<u8> {
        self.pos += 1;
        let raw = self.word();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#'
                && let Some(b) = raw.get(i + 1..i + 3).and_then(hex_byte)
            {
                out.push(b);
                i += 3;
                continue;
            }
            out.push(raw[i]);
            i += 1;
        }
        out
    }

    /// A literal string `( … )`: escapes decoded, balanced parentheses kept.
    fn literal(&mut self) -> Result<Vec<u8>, SyntaxError> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut open = 0usize;
        loop {
            let c = self.peek().ok_or(SyntaxError::Truncated)?;
            self.pos += 1;
            match c {
                b'(' => {
                    open += 1;
                    out.push(c);
                }
                b')' if open == 0 => return Ok(out),
                b')' => {
                    open -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let e = self.peek().ok_or(SyntaxError::Truncated)?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0C'),
                        b'0'..=b'7' => {
                            let mut value = u16::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u16::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            // Overflow is ignored, as the specification says.
                            out.push(value as u8);
                        }
                        // A backslash before an end of line continues the string.
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    /// A hexadecimal string `< … >`: white space skipped, an odd last digit padded.
    fn hex(&mut self) -> Result<Vec<u8>, SyntaxError> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let c = self.peek().ok_or(SyntaxError::Truncated)?;
            self.pos += 1;
            if c == b'>' {
                if let Some(h) = high {
                    out.push(h << 4);
                }
                return Ok(out);
            }
            if is_space(c) {
                continue;
            }
            let Some(d) = (c as char).to_digit(16) else {
                return Err(SyntaxError::Unexpected);
            };
            match high.take() {
                None => high = Some(d as u8),
                Some(h) => out.push(h << 4 | d as u8),
            }
        }
    }

    /// A dictionary `<< /Key value … >>`. A key without a value is dropped.
    pub fn dictionary(&mut self, depth: usize) -> Result<Dictionary, SyntaxError> {
        self.pos += 2;
        let mut dict = Dictionary::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(SyntaxError::Truncated),
                Some(b'>') => {
                    if self.bytes.get(self.pos + 1) == Some(&b'>') {
                        self.pos += 2;
                        return Ok(dict);
                    }
                    self.pos += 1;
                }
                Some(b'/') => {
                    let key = self.name();
                    self.skip_space();
                    if self.peek() == Some(b'>') {
                        continue;
                    }
                    let before = self.pos;
                    match self.object_at(depth + 1) {
                        Ok(value) => dict.set(key, value),
                        Err(SyntaxError::Unexpected) => {
                            // A stray byte or word: skipped.
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
                // A stray byte between entries.
                Some(_) => {
                    let before = self.pos;
                    let _ = self.object_at(depth + 1);
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }
}

fn is_unsigned(word: &[u8]) -> bool {
    !word.is_empty() && word.iter().all(u8::is_ascii_digit)
}

fn parse<T: std::str::FromStr>(word: &[u8]) -> Option<T> {
    std::str::from_utf8(word).ok()?.parse().ok()
}

fn hex_byte(two: &[u8]) -> Option<u8> {
    u8::from_str_radix(std::str::from_utf8(two).ok()?, 16).ok()
}

/// A PDF number: an integer (`-12`), a real (`3.5`, `-.5`, `4.`); an integer too large
/// for 64 bits is read as a real.
pub fn number(word: &[u8]) -> Option<Object> {
    let digits = word.strip_prefix(b"+").or_else(|| word.strip_prefix(b"-"));
    let body = digits.unwrap_or(word);
    if body.is_empty() || !body.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
        return None;
    }
    let dots = body.iter().filter(|c| **c == b'.').count();
    if dots == 0 {
        if let Some(i) = parse::<i64>(word) {
            return Some(Object::Integer(i));
        }
        return parse::<f32>(word).map(Object::Real);
    }
    if dots > 1 || body == b"." {
        return None;
    }
    parse::<f32>(word).map(Object::Real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Object, SyntaxError> {
        Parser::new(text.as_bytes(), 0).object()
    }

    #[test]
    fn numbers_references_and_keywords() {
        assert_eq!(read("42"), Ok(Object::Integer(42)));
        assert_eq!(read("-.5"), Ok(Object::Real(-0.5)));
        assert_eq!(read("4."), Ok(Object::Real(4.0)));
        assert_eq!(read("12 0 R"), Ok(Object::Reference((12, 0))));
        assert_eq!(read("true"), Ok(Object::Boolean(true)));
        assert_eq!(read("null"), Ok(Object::Null));
        assert_eq!(read("99999999999999999999"), Ok(Object::Real(1e20)));
        assert_eq!(
            read("[1 2 R 3]"),
            Ok(Object::Array(vec![Object::Reference((1, 2)), 3.into()]))
        );
    }

    #[test]
    fn strings_decode_their_escapes() {
        let literal = |s: &[u8]| Ok(Object::String(s.to_vec(), StringFormat::Literal));
        assert_eq!(read(r"(a\(b\)c)"), literal(b"a(b)c"));
        assert_eq!(read("(a(b)c)"), literal(b"a(b)c"));
        assert_eq!(read(r"(\101\12x\q)"), literal(b"A\nxq"));
        assert_eq!(read("(one\\\ntwo)"), literal(b"onetwo"));
        assert_eq!(
            read("<4E6F7 >"),
            Ok(Object::String(
                b"No\x70".to_vec(),
                StringFormat::Hexadecimal
            ))
        );
        assert_eq!(read("(open"), Err(SyntaxError::Truncated));
    }

    #[test]
    fn names_decode_hex_escapes() {
        assert_eq!(read("/A#20B"), Ok(Object::Name(b"A B".to_vec())));
        assert_eq!(read("/F1/F2"), Ok(Object::Name(b"F1".to_vec())));
    }

    #[test]
    fn dictionaries_keep_what_they_can() {
        let Ok(Object::Dictionary(d)) = read("<< /Type /Page /Count 3 /Lost >>") else {
            panic!("not a dictionary");
        };
        assert_eq!(d.get(b"Count").unwrap(), &Object::Integer(3));
        assert!(d.get(b"Lost").is_err());
        let Ok(Object::Dictionary(d)) = read("<</A 1 ) /B 2>>") else {
            panic!("not a dictionary");
        };
        assert_eq!(d.get(b"B").unwrap(), &Object::Integer(2));
    }

    #[test]
    fn hostile_nesting_is_skipped_without_recursing_into_it() {
        let deep = format!(
            "<< /Deep {}{} /Kept 1 >>",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let mut p = Parser::new(deep.as_bytes(), 0);
        let Ok(Object::Dictionary(d)) = p.object() else {
            panic!("not a dictionary");
        };
        assert_eq!(d.get(b"Kept").unwrap(), &Object::Integer(1));
        let level = |o: &Object| match o {
            Object::Array(a) => a.first().cloned(),
            _ => None,
        };
        let mut value = d.get(b"Deep").unwrap().clone();
        let mut levels = 0;
        while let Some(inner) = level(&value) {
            value = inner;
            levels += 1;
        }
        assert_eq!(levels, MAX_NESTING - 1);
        assert_eq!(p.too_deep, 1);
        let deep = "<</A ".repeat(100_000);
        assert_eq!(read(&deep), Err(SyntaxError::Truncated));
        let parens = format!("({})", "(".repeat(100_000));
        assert_eq!(read(&parens), Err(SyntaxError::Truncated));
    }
}
