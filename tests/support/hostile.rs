//! A corpus of hostile inputs, generated in memory so that no binary file is committed.
//!
//! Every PDF is otherwise ordinary — a catalog, a page tree, a page with an A4 media box, a
//! Helvetica font and a content stream that draws `2024` — so a reader that survives the
//! hostile part finds real text. The classes:
//!
//! - `bomb`: streams that inflate to gigabytes (FlateDecode content, font program and
//!   ToUnicode streams; an LZWDecode run).
//! - `count`: numbers that invite huge allocations or overflow (`/Count`, `/Size`,
//!   `/Length`, CID font widths).
//! - `operators`: content streams with millions of operators, or deeply nested operands.
//! - `cmap`: ToUnicode maps with a 2³²-code range, a million entries or deep nesting; Type0
//!   fonts with predefined CMaps, twelve thousand of them on one page.
//! - `recursion`: forms that draw themselves, page trees that contain themselves, trees
//!   and values nested ten to a hundred thousand deep.
//! - `pages`: 1,000, 4,000 and 10,000 ordinary pages.
//! - `damage`: encryption, truncation, wrong or missing cross-reference tables, a bad
//!   object stream, unbalanced strings, a megabyte name, random bytes after the header.
//! - `text`: text exports, a 64,000-row budget table and a single 10 MB line.
//!
//! Bombs are built without compressing their output: a mebibyte of the repeated unit is
//! compressed once, ending on a full flush so that the compressed chunk stands alone, and
//! is repeated; the stream is then finished with its own final block and the Adler-32 of
//! the whole decoded data, computed in closed form ([`deflate_repeat`]).
//!
//! Write the corpus to a directory with
//! `cargo run --release --example hostile_corpus -- DIR`.

#![allow(dead_code)]

use flate2::{Compress, Compression, FlushCompress, Status};

/// One generated input.
pub struct Hostile {
    /// File name, unique in the corpus; `.pdf` or `.txt`.
    pub name: &'static str,
    /// One of `bomb`, `count`, `operators`, `cmap`, `recursion`, `pages`, `damage`, `text`.
    pub class: &'static str,
    /// One sentence saying what is hostile about it.
    pub what: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The classes, in the order the corpus lists them.
pub const CLASSES: [&str; 8] = [
    "bomb",
    "count",
    "operators",
    "cmap",
    "recursion",
    "pages",
    "damage",
    "text",
];

/// Decoded size of the content stream of `bomb-flate-6g.pdf`, its text excluded.
pub const BOMB_6G_ZEROS: u64 = 6 << 30;

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

/// Every case, built in memory.
pub fn corpus() -> Vec<Hostile> {
    let mut all = Vec::new();
    let mut add = |name, class, what, bytes| {
        all.push(Hostile {
            name,
            class,
            what,
            bytes,
        })
    };

    // bomb
    add(
        "bomb-flate-6g.pdf",
        "bomb",
        "The page's FlateDecode content stream inflates to 6 GiB of NUL bytes (whitespace) from about 6 MB.",
        bomb_content(BOMB_6G_ZEROS),
    );
    add(
        "bomb-flate-1g.pdf",
        "bomb",
        "The page's FlateDecode content stream inflates to 1 GiB of NUL bytes from about 1 MB.",
        bomb_content(GIB),
    );
    add(
        "bomb-fontfile2-1g.pdf",
        "bomb",
        "A TrueType font program (/FontFile2) of a font the page uses inflates to 1 GiB.",
        bomb_font_file(),
    );
    add(
        "bomb-tounicode-1g.pdf",
        "bomb",
        "A font's ToUnicode CMap inflates to 1 GiB: a valid CMap with a gigabyte of whitespace inside.",
        bomb_to_unicode(),
    );
    add(
        "bomb-lzw-100m.pdf",
        "bomb",
        "The page's LZWDecode content stream decodes to about 100 MiB of NUL bytes from about 1 MB.",
        bomb_lzw(),
    );

    // count
    add(
        "pagetree-count-2e31.pdf",
        "count",
        "The page tree's /Count is 2^31 (one page in /Kids).",
        count_pages("2147483648"),
    );
    add(
        "pagetree-count-2e62.pdf",
        "count",
        "The page tree's /Count is 2^62 (one page in /Kids).",
        count_pages("4611686018427387904"),
    );
    add(
        "pagetree-count-negative.pdf",
        "count",
        "The page tree's /Count is -1 (one page in /Kids).",
        count_pages("-1"),
    );
    add(
        "trailer-size-2e40.pdf",
        "count",
        "The trailer's /Size is 2^40, though the xref table has six entries.",
        trailer_size(),
    );
    add(
        "stream-length-2e40.pdf",
        "count",
        "The content stream's /Length is 2^40.",
        stream_length("1099511627776"),
    );
    add(
        "stream-length-negative.pdf",
        "count",
        "The content stream's /Length is -1.",
        stream_length("-1"),
    );
    add(
        "cidfont-widths-2e31.pdf",
        "count",
        "A CID font's /W array gives widths to CID ranges up to 2^32-1 and a width of 2^31-1.",
        cid_widths(),
    );

    // operators
    add(
        "ops-qQ-10m.pdf",
        "operators",
        "The content stream holds 10 million `q Q` pairs (40 MB inflated, tens of KB in the file).",
        many_ops(TEXT, b"q Q\n", 10_000_000, b""),
    );
    add(
        "ops-tj-10m.pdf",
        "operators",
        "The content stream shows `(a) Tj` 10 million times (70 MB inflated, about 100 KB in the file).",
        many_ops(
            b"BT /F1 12 Tf 72 720 Td (2024) Tj\n",
            b"(a) Tj\n",
            10_000_000,
            b"ET\n",
        ),
    );
    add(
        "ops-array-nested-100k.pdf",
        "operators",
        "A TJ operand is an array nested 100,000 deep.",
        nested_operand(),
    );

    // cmap
    add(
        "cmap-bfrange-full-32bit.pdf",
        "cmap",
        "A ToUnicode bfrange maps all 2^32 four-byte codes, <00000000> to <FFFFFFFF>.",
        cmap_full_range(),
    );
    add(
        "cmap-bfchar-1m.pdf",
        "cmap",
        "A ToUnicode CMap has one bfchar block of 1,000,000 entries (the limit is 100).",
        cmap_many_chars(),
    );
    add(
        "cmap-array-nested-100k.pdf",
        "cmap",
        "A ToUnicode bfrange's destination is an array nested 100,000 deep.",
        cmap_nested(),
    );
    add(
        "type0-predefined-cmap.pdf",
        "cmap",
        "Chinese text in a Type0 font whose /Encoding is the predefined CMap /UniGB-UCS2-H, with nothing embedded and no ToUnicode.",
        type0_fonts(1),
    );
    add(
        "type0-fonts-12k.pdf",
        "cmap",
        "The page's resources list 12,000 Type0 fonts with the predefined CMap /UniGB-UCS2-H; the content uses one.",
        type0_fonts(12_000),
    );

    // recursion
    add(
        "form-self.pdf",
        "recursion",
        "A form XObject draws itself: its resources name itself and its content does `/Fm0 Do`.",
        form_self(),
    );
    add(
        "form-mutual.pdf",
        "recursion",
        "Two form XObjects draw each other.",
        form_mutual(),
    );
    add(
        "form-chain-10k.pdf",
        "recursion",
        "Form XObjects nested 10,000 deep, each drawing the next; the last draws text.",
        form_chain(10_000),
    );
    add(
        "page-parent-self.pdf",
        "recursion",
        "The page's /Parent is the page itself.",
        one_page(Page {
            parent: "3 0 R",
            ..Page::default()
        }),
    );
    add(
        "pages-kids-self.pdf",
        "recursion",
        "The root Pages node lists itself in its /Kids, before the page.",
        one_page(Page {
            kids: "2 0 R 3 0 R",
            ..Page::default()
        }),
    );
    add(
        "pagetree-depth-10k.pdf",
        "recursion",
        "The page tree is 10,000 Pages nodes deep above its one page.",
        deep_page_tree(10_000),
    );
    add(
        "annots-array-nested-100k.pdf",
        "recursion",
        "The page's /Annots is an array nested 100,000 deep.",
        one_page(Page {
            page_extra: &format!("/Annots {}", nested("[", "", "]", 100_000)),
            ..Page::default()
        }),
    );
    add(
        "dict-nested-100k.pdf",
        "recursion",
        "A value in the page dictionary is a dictionary nested 100,000 deep.",
        one_page(Page {
            page_extra: &format!("/Deep {}", nested("<< /A ", "null", " >>", 100_000)),
            ..Page::default()
        }),
    );

    // pages
    add(
        "pages-1000.pdf",
        "pages",
        "1,000 pages, each with a few lines of text and numbers.",
        many_pages(1_000),
    );
    add(
        "pages-4000.pdf",
        "pages",
        "4,000 pages, each with a few lines of text and numbers.",
        many_pages(4_000),
    );
    add(
        "pages-10000.pdf",
        "pages",
        "10,000 pages, each with a few lines of text and numbers.",
        many_pages(10_000),
    );

    // damage
    add(
        "encrypted-rc4.pdf",
        "damage",
        "The trailer names an /Encrypt dictionary (standard security handler, RC4 40-bit); the content is noise.",
        encrypted(),
    );
    add(
        "truncated-mid-object.pdf",
        "damage",
        "The file ends in the middle of the page object: no later objects, xref table or trailer.",
        truncated(),
    );
    add(
        "xref-offsets-wrong.pdf",
        "damage",
        "Every offset in the xref table is 37 bytes too far, into the middle of an object.",
        xref_offsets_wrong(),
    );
    add(
        "xref-shifted-1-byte.pdf",
        "damage",
        "One byte is inserted just before the xref table, so `startxref` points at that byte, one before `xref`.",
        xref_shifted(),
    );
    add(
        "no-xref-no-trailer.pdf",
        "damage",
        "Objects only: no xref table, no trailer, no startxref, no %%EOF.",
        no_xref(),
    );
    add(
        "objstm-n-2e31.pdf",
        "damage",
        "The page and font live in an object stream whose /N is 2^31 and whose offsets are wrong.",
        object_stream(),
    );
    add(
        "string-unbalanced-content.pdf",
        "damage",
        "The content stream opens a string with `(` that is never closed.",
        one_page(Page {
            content: Some(plain_stream(
                "",
                b"BT /F1 12 Tf 72 720 Td (2024) Tj 0 -16 Td (unbalanced Tj ET",
            )),
            ..Page::default()
        }),
    );
    add(
        "string-unbalanced-info.pdf",
        "damage",
        "The document information dictionary opens a string with `(` that is never closed.",
        unbalanced_info(),
    );
    add(
        "name-1mb.pdf",
        "damage",
        "A key of the page dictionary is a name of 1 MiB of characters.",
        one_page(Page {
            page_extra: &format!("/{} true", "N".repeat(MIB as usize)),
            ..Page::default()
        }),
    );
    add(
        "random-after-header-10m.pdf",
        "damage",
        "A valid header followed by 10 MiB of random bytes.",
        random_after_header(),
    );

    // text
    add(
        "table-64000-rows.txt",
        "text",
        "A UTF-8 expenditure table with 64,000 data rows.",
        long_table(64_000),
    );
    add(
        "line-10mb.txt",
        "text",
        "A single line of 10 MiB of digits and separators, with no line break.",
        long_line(),
    );

    all
}

// ---------------------------------------------------------------------------------------
// The PDF builder

/// Objects numbered from 1 in the order they are added. `finish` lays them out, records
/// each one's offset and writes the xref table and trailer.
struct Pdf {
    /// `None`: the number is taken but the object is not written in the body (it lives in
    /// an object stream, or the case writes it itself).
    objects: Vec<Option<Vec<u8>>>,
    /// Entries added to the trailer after /Size and /Root.
    trailer_extra: String,
    /// The trailer's /Size when it should not be the true one.
    size: Option<u64>,
}

/// Header and objects, with the offset of each object (0 for one not written).
struct Body {
    bytes: Vec<u8>,
    offsets: Vec<usize>,
}

impl Pdf {
    fn new() -> Self {
        Pdf {
            objects: Vec::new(),
            trailer_extra: String::new(),
            size: None,
        }
    }

    fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(Some(body.into()));
        self.objects.len()
    }

    /// Takes the next number, for an object written later with `set`.
    fn reserve(&mut self) -> usize {
        self.objects.push(None);
        self.objects.len()
    }

    fn set(&mut self, number: usize, body: impl Into<Vec<u8>>) {
        self.objects[number - 1] = Some(body.into());
    }

    fn body(&self) -> Body {
        let mut bytes = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::with_capacity(self.objects.len());
        for (i, object) in self.objects.iter().enumerate() {
            match object {
                Some(object) => {
                    offsets.push(bytes.len());
                    bytes.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
                    bytes.extend_from_slice(object);
                    bytes.extend_from_slice(b"\nendobj\n");
                }
                None => offsets.push(0),
            }
        }
        Body { bytes, offsets }
    }

    fn trailer(&self, startxref: usize) -> Vec<u8> {
        let size = self.size.unwrap_or(self.objects.len() as u64 + 1);
        format!(
            "trailer\n<< /Size {size} /Root 1 0 R{} >>\nstartxref\n{startxref}\n%%EOF\n",
            self.trailer_extra
        )
        .into_bytes()
    }

    fn finish(self) -> Vec<u8> {
        let Body { mut bytes, offsets } = self.body();
        let at = bytes.len();
        bytes.extend(xref_table(&offsets));
        bytes.extend(self.trailer(at));
        bytes
    }
}

/// A classic xref table for objects 0..=offsets.len(); each entry is exactly 20 bytes.
fn xref_table(offsets: &[usize]) -> Vec<u8> {
    let mut out = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.into_bytes()
}

/// A stream object with an honest /Length.
fn plain_stream(dict_extra: &str, data: &[u8]) -> Vec<u8> {
    stream_with_dict(&format!("/Length {}{dict_extra}", data.len()), data)
}

/// A stream object whose dictionary is given whole (for dishonest lengths).
fn stream_with_dict(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} >>\nstream\n").into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A FlateDecode stream object holding `data` compressed.
fn flate_stream(dict_extra: &str, data: &[u8]) -> Vec<u8> {
    let mut packed = vec![0x78, 0x9C];
    packed.extend(raw_deflate(data, Compression::default(), true));
    let mut adler = Adler::new();
    adler.update(data);
    packed.extend(adler.value().to_be_bytes());
    plain_stream(&format!(" /Filter /FlateDecode{dict_extra}"), &packed)
}

/// The text every page draws, so a reader that survives finds `2024`.
const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (2024) Tj 0 -16 Td (Budget 123.45) Tj ET\n";

const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// The parts of the one-page layout a case changes. Objects: 1 catalog, 2 pages, 3 page,
/// 4 font /F1, 5 content; a case's own objects start at 6.
struct Page<'a> {
    count: &'a str,
    kids: &'a str,
    parent: &'a str,
    /// Entries added to the page dictionary.
    page_extra: &'a str,
    /// Entries added to the page's /Resources, after /Font.
    resources: &'a str,
    /// Fonts added to the /Font resource, after /F1.
    fonts: &'a str,
    /// The content stream object; `TEXT` by default.
    content: Option<Vec<u8>>,
}

impl Default for Page<'_> {
    fn default() -> Self {
        Page {
            count: "1",
            kids: "3 0 R",
            parent: "2 0 R",
            page_extra: "",
            resources: "",
            fonts: "",
            content: None,
        }
    }
}

/// Adds objects 1 to 5 of the one-page layout.
fn page_objects(pdf: &mut Pdf, page: Page) {
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add(format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        page.kids, page.count
    ));
    pdf.add(format!(
        "<< /Type /Page /Parent {} /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R{} >>{} >> /Contents 5 0 R{} >>",
        page.parent,
        prefixed(page.fonts),
        prefixed(page.resources),
        prefixed(page.page_extra),
    ));
    pdf.add(HELVETICA);
    pdf.add(page.content.unwrap_or_else(|| plain_stream("", TEXT)));
}

fn prefixed(extra: &str) -> String {
    if extra.is_empty() {
        String::new()
    } else {
        format!(" {extra}")
    }
}

fn one_page(page: Page) -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(&mut pdf, page);
    pdf.finish()
}

/// `open` n times, then `middle`, then `close` n times.
fn nested(open: &str, middle: &str, close: &str, n: usize) -> String {
    let mut out = String::with_capacity((open.len() + close.len()) * n + middle.len());
    for _ in 0..n {
        out.push_str(open);
    }
    out.push_str(middle);
    for _ in 0..n {
        out.push_str(close);
    }
    out
}

/// Text drawn in font /F2 after the usual text, for cases whose hostile part is /F2.
fn text_with_f2(f2_string: &str) -> Vec<u8> {
    let mut content = TEXT.to_vec();
    content.extend_from_slice(format!("BT /F2 12 Tf 72 680 Td {f2_string} Tj ET\n").as_bytes());
    plain_stream("", &content)
}

// ---------------------------------------------------------------------------------------
// Compression

/// Raw deflate (no zlib wrapper) of `data`, ending either with a final block (`finish`) or
/// with a full flush, which leaves the output byte-aligned, with no final block and no
/// back-reference into anything before it: such pieces can be concatenated and repeated.
fn raw_deflate(data: &[u8], level: Compression, finish: bool) -> Vec<u8> {
    let mut compress = Compress::new(level, false);
    let flush = if finish {
        FlushCompress::Finish
    } else {
        FlushCompress::Full
    };
    let mut out = Vec::with_capacity(data.len() / 4 + 1024);
    loop {
        let read = compress.total_in() as usize;
        let status = compress
            .compress_vec(&data[read..], &mut out, flush)
            .expect("deflate into memory");
        let all_read = compress.total_in() as usize == data.len();
        let done = if finish {
            status == Status::StreamEnd
        } else {
            all_read && out.len() < out.capacity()
        };
        if done {
            return out;
        }
        out.reserve(out.capacity().max(1024));
    }
}

/// A zlib stream that inflates to `head`, then `unit` repeated `times` times, then `tail`,
/// without ever compressing the repeated part whole: about a mebibyte of `unit`s is
/// compressed once, ending on a full flush, and that piece is repeated.
pub fn deflate_repeat(head: &[u8], unit: &[u8], times: u64, tail: &[u8]) -> Vec<u8> {
    assert!(!unit.is_empty());
    let per_piece = (MIB / unit.len() as u64).max(1);
    let piece = raw_deflate(&unit.repeat(per_piece as usize), Compression::best(), false);
    let mut out = vec![0x78, 0xDA];
    out.extend(raw_deflate(head, Compression::best(), false));
    for _ in 0..times / per_piece {
        out.extend_from_slice(&piece);
    }
    let mut last = unit.repeat((times % per_piece) as usize);
    last.extend_from_slice(tail);
    out.extend(raw_deflate(&last, Compression::best(), true));

    let mut adler = Adler::new();
    adler.update(head);
    adler.repeat(unit, times);
    adler.update(tail);
    out.extend(adler.value().to_be_bytes());
    out
}

/// Adler-32, with a closed form for a unit repeated many times.
struct Adler {
    a: u64,
    b: u64,
}

const ADLER_MOD: u64 = 65521;

impl Adler {
    fn new() -> Self {
        Adler { a: 1, b: 0 }
    }

    fn update(&mut self, data: &[u8]) {
        for &byte in data {
            self.a = (self.a + u64::from(byte)) % ADLER_MOD;
            self.b = (self.b + self.a) % ADLER_MOD;
        }
    }

    /// One pass over `unit` takes (a, b) to (a + S, b + L·a + T), with S the sum of its
    /// bytes and T = Σ (L − k + 1)·x_k; n passes take it to
    /// (a + n·S, b + n·L·a + n(n−1)/2·L·S + n·T).
    fn repeat(&mut self, unit: &[u8], n: u64) {
        let mut once = Adler { a: 0, b: 0 };
        once.update(unit);
        let (s, t) = (u128::from(once.a), u128::from(once.b));
        let (m, n, len) = (
            u128::from(ADLER_MOD),
            u128::from(n),
            unit.len() as u128 % u128::from(ADLER_MOD),
        );
        let (a, b) = (u128::from(self.a), u128::from(self.b));
        let pairs = (n * n.saturating_sub(1) / 2) % m;
        let new_a = (a + n % m * s) % m;
        let new_b = (b + n % m * len % m * a + pairs * len % m * s + n % m * t) % m;
        self.a = new_a as u64;
        self.b = new_b as u64;
    }

    fn value(&self) -> u32 {
        ((self.b << 16) | self.a) as u32
    }
}

/// LZW codes of a given width, most significant bit first, as LZWDecode reads them.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    used: u32,
}

impl Bits {
    fn push(&mut self, code: u32, width: u32) {
        self.acc = (self.acc << width) | code;
        self.used += width;
        while self.used >= 8 {
            self.used -= 8;
            self.out.push((self.acc >> self.used) as u8);
        }
        self.acc &= (1 << self.used) - 1;
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push((self.acc << (8 - self.used)) as u8);
        }
        self.out
    }
}

/// An LZWDecode stream: `head` as literal codes, then `runs` runs of NUL bytes, each the
/// codes 0, 258, 259, ..., 503 (1 + 2 + ... + 247 = 30,628 bytes) after a clear-table
/// code. The table never grows past 504 entries, so every code is 9 bits wide whatever the
/// decoder's /EarlyChange.
fn lzw_run(head: &[u8], runs: u64) -> Vec<u8> {
    const CLEAR: u32 = 256;
    const END: u32 = 257;
    assert!(head.len() < 200);
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        used: 0,
    };
    bits.push(CLEAR, 9);
    for &byte in head {
        bits.push(u32::from(byte), 9);
    }
    for _ in 0..runs {
        bits.push(CLEAR, 9);
        bits.push(0, 9);
        for code in 258..=503 {
            bits.push(code, 9);
        }
    }
    bits.push(END, 9);
    bits.finish()
}

/// NUL bytes decoded per run of [`lzw_run`].
pub const LZW_RUN_BYTES: u64 = 247 * 248 / 2;

// ---------------------------------------------------------------------------------------
// bomb

fn bomb_content(zeros: u64) -> Vec<u8> {
    let data = deflate_repeat(TEXT, &[0], zeros, TEXT);
    one_page(Page {
        content: Some(plain_stream(" /Filter /FlateDecode", &data)),
        ..Page::default()
    })
}

/// A TrueType font /F2 whose /FontFile2 inflates to 1 GiB.
fn bomb_font_file() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            fonts: "/F2 6 0 R",
            content: Some(text_with_f2("(2024)")),
            ..Page::default()
        },
    );
    pdf.add(format!(
        "<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 \
         /Widths [{}] /FontDescriptor 7 0 R >>",
        ["500"; 95].join(" ")
    ));
    pdf.add(
        "<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 -200 1000 800] \
         /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
    );
    // A TrueType offset table's version, then zeros.
    let data = deflate_repeat(&[0, 1, 0, 0], &[0], GIB, b"");
    pdf.add(plain_stream(
        &format!(" /Filter /FlateDecode /Length1 {}", GIB + 4),
        &data,
    ));
    pdf.finish()
}

fn cmap_program(codespace: &str, body: &str) -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n{codespace}\nendcodespacerange\n\
         {body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
}

/// Font /F2 (Helvetica) with the ToUnicode stream `to_unicode` (object 7), used once.
fn with_to_unicode(to_unicode: Vec<u8>, f2_string: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            fonts: "/F2 6 0 R",
            content: Some(text_with_f2(f2_string)),
            ..Page::default()
        },
    );
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 7 0 R >>");
    pdf.add(to_unicode);
    pdf.finish()
}

fn bomb_to_unicode() -> Vec<u8> {
    let program = cmap_program(
        "<00> <FF>",
        "__SPLIT__1 beginbfchar\n<41> <5E74>\nendbfchar",
    );
    let (head, tail) = program.split_once("__SPLIT__").expect("marker");
    let data = deflate_repeat(head.as_bytes(), b" ", GIB, tail.as_bytes());
    with_to_unicode(plain_stream(" /Filter /FlateDecode", &data), "(A)")
}

fn bomb_lzw() -> Vec<u8> {
    let runs = 100 * MIB / LZW_RUN_BYTES;
    let data = lzw_run(TEXT, runs);
    one_page(Page {
        content: Some(plain_stream(
            " /Filter /LZWDecode /DecodeParms << /EarlyChange 1 >>",
            &data,
        )),
        ..Page::default()
    })
}

// ---------------------------------------------------------------------------------------
// count

fn count_pages(count: &str) -> Vec<u8> {
    one_page(Page {
        count,
        ..Page::default()
    })
}

fn trailer_size() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(&mut pdf, Page::default());
    pdf.size = Some(1 << 40);
    pdf.finish()
}

fn stream_length(length: &str) -> Vec<u8> {
    one_page(Page {
        content: Some(stream_with_dict(&format!("/Length {length}"), TEXT)),
        ..Page::default()
    })
}

fn cid_widths() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            fonts: "/F2 6 0 R",
            content: Some(text_with_f2("<00010002>")),
            ..Page::default()
        },
    );
    pdf.add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /Wide /Encoding /Identity-H \
         /DescendantFonts [7 0 R] >>",
    );
    pdf.add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Wide \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor 8 0 R /CIDToGIDMap /Identity /DW 1000 \
         /W [0 1 2147483647 0 4294967295 500 2147483647 [500 500 500]] >>",
    );
    pdf.add(
        "<< /Type /FontDescriptor /FontName /Wide /Flags 32 /FontBBox [0 -200 1000 800] \
         /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    );
    pdf.finish()
}

// ---------------------------------------------------------------------------------------
// operators

/// `unit` repeated `times` times between `head` and `tail`, compressed.
fn many_ops(head: &[u8], unit: &[u8], times: u64, tail: &[u8]) -> Vec<u8> {
    let content = deflate_repeat(head, unit, times, tail);
    one_page(Page {
        content: Some(plain_stream(" /Filter /FlateDecode", &content)),
        ..Page::default()
    })
}

fn nested_operand() -> Vec<u8> {
    let mut content = TEXT.to_vec();
    content.extend_from_slice(b"BT /F1 12 Tf 72 680 Td ");
    content.extend_from_slice(nested("[", "(a)", "]", 100_000).as_bytes());
    content.extend_from_slice(b" TJ ET\n");
    one_page(Page {
        content: Some(flate_stream("", &content)),
        ..Page::default()
    })
}

// ---------------------------------------------------------------------------------------
// cmap

fn cmap_full_range() -> Vec<u8> {
    let program = cmap_program(
        "<00000000> <FFFFFFFF>",
        "1 beginbfrange\n<00000000> <FFFFFFFF> <0041>\nendbfrange",
    );
    with_to_unicode(plain_stream("", program.as_bytes()), "(A)")
}

fn cmap_many_chars() -> Vec<u8> {
    let n = 1_000_000;
    let mut body = String::with_capacity(n * 18 + 64);
    body.push_str(&format!("{n} beginbfchar\n"));
    for code in 0..n {
        body.push_str(&format!("<{code:06X}> <{:04X}>\n", 0x4E00 + code % 0x5000));
    }
    body.push_str("endbfchar");
    let program = cmap_program("<000000> <FFFFFF>", &body);
    with_to_unicode(flate_stream("", program.as_bytes()), "(AAA)")
}

fn cmap_nested() -> Vec<u8> {
    let body = format!(
        "1 beginbfrange\n<00> <FF> {}\nendbfrange",
        nested("[", "<0041>", "]", 100_000)
    );
    let program = cmap_program("<00> <FF>", &body);
    with_to_unicode(flate_stream("", program.as_bytes()), "(A)")
}

/// `count` Type0 fonts /T0, /T1, ... with /Encoding /UniGB-UCS2-H sharing one CID font;
/// the content draws 年度预算 in the middle one.
fn type0_fonts(count: usize) -> Vec<u8> {
    let used = count / 2;
    let mut fonts = String::with_capacity(count * 16);
    for i in 0..count {
        fonts.push_str(&format!("/T{i} {} 0 R ", 8 + i));
    }
    let mut content = TEXT.to_vec();
    content.extend_from_slice(
        format!("BT /T{used} 12 Tf 72 680 Td <5E745EA698847B97> Tj ET\n").as_bytes(),
    );
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            fonts: fonts.trim_end(),
            content: Some(plain_stream("", &content)),
            ..Page::default()
        },
    );
    pdf.add(
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> \
         /FontDescriptor 7 0 R /DW 1000 >>",
    );
    pdf.add(
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 \
         /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 \
         /CapHeight 880 /StemV 93 >>",
    );
    for _ in 0..count {
        pdf.add(
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light \
             /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        );
    }
    pdf.finish()
}

// ---------------------------------------------------------------------------------------
// recursion

fn form(resources: &str, content: &[u8]) -> Vec<u8> {
    plain_stream(
        &format!(" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << {resources} >>"),
        content,
    )
}

fn text_then(ops: &str) -> Vec<u8> {
    let mut content = TEXT.to_vec();
    content.extend_from_slice(ops.as_bytes());
    plain_stream("", &content)
}

fn form_self() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            resources: "/XObject << /Fm0 6 0 R >>",
            content: Some(text_then("/Fm0 Do\n")),
            ..Page::default()
        },
    );
    pdf.add(form(
        "/Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R >>",
        b"BT /F1 12 Tf 72 680 Td (form) Tj ET /Fm0 Do",
    ));
    pdf.finish()
}

fn form_mutual() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            resources: "/XObject << /Fa 6 0 R >>",
            content: Some(text_then("/Fa Do\n")),
            ..Page::default()
        },
    );
    pdf.add(form("/XObject << /Fb 7 0 R >>", b"/Fb Do"));
    pdf.add(form("/XObject << /Fa 6 0 R >>", b"/Fa Do"));
    pdf.finish()
}

fn form_chain(depth: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            resources: "/XObject << /Fm 6 0 R >>",
            content: Some(text_then("/Fm Do\n")),
            ..Page::default()
        },
    );
    for i in 0..depth {
        let number = 6 + i;
        if i + 1 < depth {
            pdf.add(form(
                &format!("/XObject << /Fm {} 0 R >>", number + 1),
                b"/Fm Do",
            ));
        } else {
            pdf.add(form(
                "/Font << /F1 4 0 R >>",
                b"BT /F1 12 Tf 72 680 Td (deep) Tj ET",
            ));
        }
    }
    pdf.finish()
}

/// The root (2) has one kid, 6, which has one kid, 7, ... down to the page (3).
fn deep_page_tree(depth: usize) -> Vec<u8> {
    let last = 6 + depth - 1;
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            kids: "6 0 R",
            parent: &format!("{last} 0 R"),
            ..Page::default()
        },
    );
    for number in 6..=last {
        let parent = if number == 6 { 2 } else { number - 1 };
        let kid = if number == last { 3 } else { number + 1 };
        pdf.add(format!(
            "<< /Type /Pages /Parent {parent} 0 R /Kids [{kid} 0 R] /Count 1 >>"
        ));
    }
    pdf.finish()
}

// ---------------------------------------------------------------------------------------
// pages

/// `n` pages in one flat /Kids array, each with its own short content stream.
fn many_pages(n: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    pdf.add(format!(
        "<< /Type /Pages /Kids [{}] /Count {n} >>",
        kids.join(" ")
    ));
    pdf.add(HELVETICA);
    let mut rng = XorShift(0x5EED_0000 + n as u64);
    for i in 0..n {
        let page = 4 + 2 * i;
        pdf.add(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            page + 1
        ));
        let (a, b) = (rng.below(1_000_000), rng.below(1_000_000));
        let content = format!(
            "BT /F1 12 Tf 72 720 Td (2024 page {}) Tj 0 -16 Td (2010101 {}) Tj \
             0 -16 Td (2050202 {}) Tj 0 -16 Td (total {}) Tj ET",
            i + 1,
            money(a),
            money(b),
            money(a + b)
        );
        pdf.add(plain_stream("", content.as_bytes()));
    }
    pdf.finish()
}

// ---------------------------------------------------------------------------------------
// damage

fn encrypted() -> Vec<u8> {
    let mut rng = XorShift(0xC0FFEE);
    let noise: Vec<u8> = (0..256).map(|_| rng.next() as u8).collect();
    let mut pdf = Pdf::new();
    page_objects(
        &mut pdf,
        Page {
            content: Some(plain_stream("", &noise)),
            ..Page::default()
        },
    );
    pdf.add(format!(
        "<< /Filter /Standard /V 1 /R 2 /Length 40 /O <{}> /U <{}> /P -3904 >>",
        hex(&mut rng, 32),
        hex(&mut rng, 32)
    ));
    let id = hex(&mut rng, 16);
    pdf.trailer_extra = format!(" /Encrypt 6 0 R /ID [<{id}> <{id}>]");
    pdf.finish()
}

fn truncated() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(&mut pdf, Page::default());
    let Body { mut bytes, offsets } = pdf.body();
    bytes.truncate((offsets[2] + offsets[3]) / 2);
    bytes
}

fn xref_offsets_wrong() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(&mut pdf, Page::default());
    let Body { mut bytes, offsets } = pdf.body();
    let wrong: Vec<usize> = offsets.iter().map(|o| o + 37).collect();
    let at = bytes.len();
    bytes.extend(xref_table(&wrong));
    bytes.extend(pdf.trailer(at));
    bytes
}

fn xref_shifted() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(&mut pdf, Page::default());
    let Body { mut bytes, offsets } = pdf.body();
    let at = bytes.len();
    bytes.push(b'x');
    bytes.extend(xref_table(&offsets));
    bytes.extend(pdf.trailer(at));
    bytes
}

fn no_xref() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(&mut pdf, Page::default());
    pdf.body().bytes
}

/// Page (3) and font (4) are in object stream 6, found through the xref stream 7.
fn object_stream() -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.reserve();
    pdf.reserve();
    pdf.add(plain_stream("", TEXT));
    let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>";
    // The true offsets are 0 and page.len() + 1.
    let header = "3 7 4 999999 ";
    let mut data = header.as_bytes().to_vec();
    data.extend_from_slice(page.as_bytes());
    data.push(b' ');
    data.extend_from_slice(HELVETICA.as_bytes());
    pdf.add(plain_stream(
        &format!(" /Type /ObjStm /N 2147483648 /First {}", header.len()),
        &data,
    ));
    let xref_number = pdf.reserve();
    let Body {
        mut bytes,
        mut offsets,
    } = pdf.body();
    let at = bytes.len();
    offsets[xref_number - 1] = at;

    // /W [1 4 2]: type, offset or object stream number, generation or index.
    let mut entries = vec![0u8, 0, 0, 0, 0, 0xFF, 0xFF];
    for (i, offset) in offsets.iter().enumerate() {
        let (kind, field2, field3) = match i + 1 {
            3 => (2, 6, 0),
            4 => (2, 6, 1),
            _ => (1, *offset as u32, 0u16),
        };
        entries.push(kind);
        entries.extend(field2.to_be_bytes());
        entries.extend(field3.to_be_bytes());
    }
    let xref = plain_stream(
        &format!(
            " /Type /XRef /Size {} /W [1 4 2] /Root 1 0 R",
            offsets.len() + 1
        ),
        &entries,
    );
    bytes.extend_from_slice(format!("{xref_number} 0 obj\n").as_bytes());
    bytes.extend(xref);
    bytes.extend_from_slice(format!("\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
    bytes
}

fn unbalanced_info() -> Vec<u8> {
    let mut pdf = Pdf::new();
    page_objects(&mut pdf, Page::default());
    pdf.add("<< /Title (2024 budget /Producer (yusuan) >>");
    pdf.trailer_extra = " /Info 6 0 R".to_string();
    pdf.finish()
}

fn random_after_header() -> Vec<u8> {
    let mut rng = XorShift(0xBAD_F11E);
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let words = (10 * MIB / 8) as usize;
    bytes.reserve(words * 8);
    for _ in 0..words {
        bytes.extend_from_slice(&rng.next().to_le_bytes());
    }
    bytes
}

// ---------------------------------------------------------------------------------------
// text

const CODES: [(&str, &str); 16] = [
    ("2010101", "行政运行"),
    ("2010102", "一般行政管理事务"),
    ("2010150", "事业运行"),
    ("2010301", "行政运行"),
    ("2011308", "招商引资"),
    ("2040101", "武装警察"),
    ("2050101", "行政运行"),
    ("2050201", "学前教育"),
    ("2050202", "小学教育"),
    ("2050203", "初中教育"),
    ("2080501", "行政单位离退休"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2101101", "行政单位医疗"),
    ("2120101", "行政运行"),
    ("2130101", "行政运行"),
    ("2210201", "住房公积金"),
];

fn long_table(rows: usize) -> Vec<u8> {
    let mut rng = XorShift(64_000);
    let mut out = String::with_capacity(rows * 48 + 256);
    out.push_str("2024年部门预算\n一般公共预算支出表\n单位：万元\n");
    out.push_str("科目编码\t科目名称\t合计\t基本支出\t项目支出\n");
    for _ in 0..rows {
        let (code, name) = CODES[rng.below(CODES.len() as u64) as usize];
        let basic = rng.below(10_000_000);
        let project = if rng.below(4) == 0 {
            0
        } else {
            rng.below(5_000_000)
        };
        out.push_str(&format!(
            "{code}\t{name}\t{}\t{}\t{}\n",
            money(basic + project),
            money(basic),
            money(project)
        ));
    }
    out.into_bytes()
}

fn long_line() -> Vec<u8> {
    const SEPARATORS: [&str; 6] = ["\t", " ", ",", ";", "  ", "|"];
    let mut rng = XorShift(10 * MIB);
    let target = (10 * MIB) as usize;
    let mut out = String::with_capacity(target + 32);
    while out.len() < target {
        out.push_str(&money(rng.below(100_000_000)));
        out.push_str(SEPARATORS[rng.below(SEPARATORS.len() as u64) as usize]);
    }
    out.truncate(target);
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------
// Helpers

/// xorshift64: deterministic noise without a dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0.max(1);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Cents as a decimal amount with two places.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn hex(rng: &mut XorShift, bytes: usize) -> String {
    (0..bytes)
        .map(|_| format!("{:02X}", rng.next() as u8))
        .collect()
}
