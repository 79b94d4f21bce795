//! PDF bytes → per-page geometry (glyphs and ruling lines).
//!
//! pdf-extract interprets each page's content stream and reports every glyph with its
//! text rendering matrix and every stroked or filled path. Its plain-text output is not
//! used: it emits drawing order, drops empty cells and separates cells and words with
//! the same space. pdf-extract panics on some real fonts, so each page runs inside
//! `catch_unwind`: a page that panics becomes a finding and the other pages still come
//! out. Each page is read as a viewer shows it: turned by its `/Rotate`, without the
//! text its clipping paths hide (announced by the markers of [`super::content`]), and
//! without white lines as rules.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use pdf_extract::{
    ColorSpace, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Path, PathOp,
    Transform,
};

use crate::error::{Error, ErrorKind};

/// A glyph in page space: origin top-left, y down, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left edge.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Advance width.
    pub w: f64,
    /// Font size after the text and graphics matrices.
    pub size: f64,
    /// The decoded text of the glyph.
    pub text: String,
    /// The direction of the text's advance on the page, a unit vector: [1, 0] for
    /// upright text, [0, 1] for text running down the page (a table turned sideways).
    pub dir: [f64; 2],
}

/// Upright glyphs for `text`, one per character, `advance` apart from `x` (tests).
#[cfg(test)]
pub(super) fn glyph_run(text: &str, x: f64, y: f64, size: f64, advance: f64) -> Vec<Glyph> {
    text.chars()
        .enumerate()
        .map(|(i, c)| Glyph {
            x: x + i as f64 * advance,
            y,
            w: advance,
            size,
            text: c.to_string(),
            dir: [1.0, 0.0],
        })
        .collect()
}

/// An axis-aligned line segment: a table rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left or top end.
    pub x0: f64,
    /// Top end.
    pub y0: f64,
    /// Right end.
    pub x1: f64,
    /// Bottom end.
    pub y1: f64,
}

impl Rule {
    /// Whether the rule runs left to right.
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < 0.5
    }
}

/// What one page holds.
#[derive(Debug, Clone, Default)]
pub struct PageGeometry {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points.
    pub width: f64,
    /// Page height in points.
    pub height: f64,
    /// Glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Horizontal and vertical rules.
    pub rules: Vec<Rule>,
    /// Glyphs drawn whose font decodes them to no text at all.
    pub undecoded: usize,
}

/// A page that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFailure {
    /// 1-based page number.
    pub page: u32,
    /// What went wrong.
    pub reason: String,
}

/// Every page's geometry, and the pages that failed.
pub struct Extracted {
    /// Pages read, in order.
    pub pages: Vec<PageGeometry>,
    /// Pages that could not be read.
    pub failures: Vec<PageFailure>,
    /// Fonts whose predefined CMap was replaced so that their text could be read.
    pub rewritten_fonts: Vec<String>,
    /// Fonts without a ToUnicode map: decoded through their own program, or not at all.
    pub unicode: super::unicode::UnicodeRepairs,
    /// What was cut at a limit or repaired while reading.
    pub notes: Vec<super::file::LoadNote>,
    /// The threads the pages were read on, at most: the later stages that work page
    /// by page use as many.
    pub threads: usize,
}

/// Whether the bytes look like a PDF (the header may follow some junk, as readers allow).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
}

/// Glyphs and rules one document may yield in all: real disclosures have some
/// hundred thousand; past this, the pages left are not read (a finding says so).
pub const MAX_MARKS: usize = 5_000_000;

/// Glyphs and rules one page may yield: the densest real page has some thousands; past
/// this, the page is read in part (a finding says so) and the next page is read.
/// (The layout's work grows with a page's marks; this keeps one page's short.)
pub const MAX_PAGE_MARKS: usize = 200_000;

/// Reads every page of a PDF, on up to `threads` threads (see [`side_by_side`]).
pub fn extract(bytes: &[u8], threads: usize) -> Result<Extracted, Error> {
    if !is_pdf(bytes) {
        return Err(Error::new(ErrorKind::NotPdf));
    }
    let loaded = super::file::load(bytes)?;
    let mut notes = loaded.notes;
    let mut doc = loaded.doc;
    crate::deadline::check();
    // The page tree's node: after flattening, it is shown one page at a time to the
    // interpreter (which looks a page up by walking the whole tree: shown them all, it
    // reads n pages in n² steps).
    let root = doc.new_object_id();
    let numbers = super::bounds::flatten_page_tree(&mut doc, root, &mut notes);
    if numbers.is_empty() {
        return Err(Error::new(ErrorKind::CorruptPdf {
            detail: "the document has no pages".into(),
        }));
    }
    super::bounds::bound_contents(&mut doc, &numbers, &mut notes);
    super::bounds::bound_cmaps(&mut doc, &mut notes);
    let rewritten_fonts = super::fonts::rewrite_predefined_cmaps(&mut doc);
    let unicode = super::unicode::supply_unicode_maps(&mut doc);
    super::fonts::expand_width_ranges(&mut doc);
    let mut pages = Vec::new();
    let mut failures = Vec::new();
    let side = side_by_side(&doc, root, &numbers, threads);
    let read_side_by_side = side.is_some();
    if let Some(reads) = side {
        for (index, read) in reads.into_iter().enumerate() {
            if read.dropped_forms > 0 {
                notes.push(dropped_forms(index as u32 + 1, read.dropped_forms));
            }
            pages.push(read.dev.page);
        }
    }
    let in_order: &[ObjectId] = if read_side_by_side { &[] } else { &numbers };
    let mut marks_left = MAX_MARKS;
    let mut maps = super::cmaps::FontMaps::default();
    for (index, id) in in_order.iter().enumerate() {
        crate::deadline::check();
        let number = index as u32 + 1;
        super::bounds::set_kids(&mut doc, root, &[*id]);
        let budget = marks_left.min(MAX_PAGE_MARKS);
        let mut read = read_page(&mut doc, &mut maps, *id, number, budget);
        if read.dropped_forms > 0 {
            notes.push(dropped_forms(number, read.dropped_forms));
        }
        // A page stopped at the limit on marks is kept as far as it was read.
        let cut = read.dev.marks_left == 0;
        if let Err(why) = &read.outcome
            && !cut
            && let Some((font, again)) =
                without_broken_font(&mut doc, &mut maps, *id, number, budget)
        {
            notes.push(super::file::LoadNote {
                rule: "font_unreadable",
                message: format!(
                    "page {number}: font {} {} R cannot be read ({why}); the page is read \
                     without that font's text",
                    font.0, font.1
                ),
            });
            read = again;
        }
        marks_left -= budget - read.dev.marks_left;
        if cut && marks_left > 0 {
            notes.push(super::file::LoadNote {
                rule: "limit_reached",
                message: format!(
                    "page {number}: more than {MAX_PAGE_MARKS} glyphs and rules; the page \
                     is read in part"
                ),
            });
            pages.push(read.dev.page);
            continue;
        }
        if marks_left == 0 {
            pages.push(read.dev.page);
            notes.push(super::file::LoadNote {
                rule: "limit_reached",
                message: format!(
                    "more than {MAX_MARKS} glyphs and rules; page {number} is read in part \
                     and the {} pages after it are not read",
                    numbers.len() - number as usize
                ),
            });
            break;
        }
        match read.outcome {
            Ok(()) => pages.push(read.dev.page),
            Err(reason) => failures.push(PageFailure {
                page: number,
                reason,
            }),
        }
    }
    if pages.is_empty() {
        let reasons: Vec<String> = failures
            .iter()
            .map(|f| format!("page {}: {}", f.page, f.reason))
            .collect();
        return Err(Error::new(ErrorKind::CorruptPdf {
            detail: format!("no page could be read ({})", reasons.join("; ")),
        }));
    }
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        // No text because no font could be read is not a scan.
        let broken: Vec<&str> = notes
            .iter()
            .filter(|n| n.rule == "font_unreadable")
            .map(|n| n.message.as_str())
            .collect();
        if !broken.is_empty() {
            return Err(Error::new(ErrorKind::CorruptPdf {
                detail: format!("no text could be read: {}", broken.join("; ")),
            }));
        }
        return Err(Error::new(ErrorKind::NoTextLayer));
    }
    Ok(Extracted {
        pages,
        failures,
        rewritten_fonts,
        unicode,
        notes,
        threads,
    })
}

/// The note on a page whose forms were left undrawn at a limit.
fn dropped_forms(number: u32, uses: usize) -> super::file::LoadNote {
    super::file::LoadNote {
        rule: "limit_reached",
        message: format!(
            "page {number}: forms drawn there {uses} times are not drawn: nested deeper than \
             the limit, or past the limits on copies and operators"
        ),
    }
}

/// Documents whose streams hold more than this are read in order: each thread reading
/// side by side holds a copy of the document.
const MAX_BYTES_SIDE_BY_SIDE: usize = 64 << 20;

/// Pages read side by side: `threads` threads each read every `threads`-th page, on a
/// copy of the document of its own (the interpreter needs one it can change), and the
/// pages come back in order. `None` where reading in order could give another result,
/// and the caller then reads in order: a page failed (in order, its broken font is
/// blanked for the pages after it), a page or the document reached its limit on marks
/// (in order, each page gets what the pages before it left), or a thread could not
/// start. Where it returns pages, they are the pages reading in order gives.
fn side_by_side(
    doc: &Document,
    root: ObjectId,
    numbers: &[ObjectId],
    threads: usize,
) -> Option<Vec<PageRead>> {
    let threads = threads.min(numbers.len());
    let size: usize = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| s.content.len())
        .sum();
    if threads < 2 || size > MAX_BYTES_SIDE_BY_SIDE {
        return None;
    }
    let deadline = crate::deadline::current();
    let given_up = AtomicBool::new(false);
    let marks = AtomicUsize::new(0);
    let needed = read_by_the_interpreter(doc, root, numbers);
    let read_share = |first: usize| -> Option<Vec<(usize, PageRead)>> {
        crate::deadline::set(deadline);
        let mut own = copy_of(doc, &needed);
        let mut maps = super::cmaps::FontMaps::default();
        let mut reads = Vec::new();
        for index in (first..numbers.len()).step_by(threads) {
            if given_up.load(Ordering::Relaxed) {
                return None;
            }
            crate::deadline::check();
            let id = numbers[index];
            super::bounds::set_kids(&mut own, root, &[id]);
            let read = read_page(&mut own, &mut maps, id, index as u32 + 1, MAX_PAGE_MARKS);
            let used = MAX_PAGE_MARKS - read.dev.marks_left;
            let total = marks.fetch_add(used, Ordering::Relaxed) + used;
            if read.outcome.is_err() || read.dev.marks_left == 0 || total >= MAX_MARKS {
                given_up.store(true, Ordering::Relaxed);
                return None;
            }
            reads.push((index, read));
        }
        Some(reads)
    };
    let shares: Vec<Option<Vec<(usize, PageRead)>>> = std::thread::scope(|scope| {
        let started: Vec<_> = (0..threads)
            .map(|first| {
                let read_share = &read_share;
                std::thread::Builder::new()
                    .name("yusuan-pages".into())
                    .stack_size(crate::deadline::STACK_BYTES)
                    .spawn_scoped(scope, move || read_share(first))
            })
            .collect();
        if started.iter().any(Result::is_err) {
            given_up.store(true, Ordering::Relaxed);
        }
        started
            .into_iter()
            .flatten()
            // A time-out or a panic goes on up as it came.
            .map(|thread| thread.join().unwrap_or_else(|p| resume_unwind(p)))
            .collect()
    });
    if given_up.load(Ordering::Relaxed) {
        return None;
    }
    let mut reads: Vec<(usize, PageRead)> = shares.into_iter().flatten().flatten().collect();
    reads.sort_unstable_by_key(|(index, _)| *index);
    (reads.len() == numbers.len()).then(|| reads.into_iter().map(|(_, read)| read).collect())
}

/// The objects the interpreter can reach: the catalog, the page tree and the pages
/// with all they refer to, but not the catalog's structure tree (a tagged PDF's
/// logical structure: often most of its objects, which no page refers to and the
/// interpreter never reads).
fn read_by_the_interpreter(
    doc: &Document,
    root: ObjectId,
    numbers: &[ObjectId],
) -> std::collections::HashSet<ObjectId> {
    let mut seen = std::collections::HashSet::new();
    let mut pending: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
    let ids: Vec<Object> = numbers
        .iter()
        .chain([&root])
        .map(|id| Object::Reference(*id))
        .collect();
    pending.extend(&ids);
    while let Some(object) = pending.pop() {
        match object {
            Object::Reference(id) => {
                if seen.insert(*id)
                    && let Some(target) = doc.objects.get(id)
                {
                    pending.push(target);
                }
            }
            Object::Array(items) => pending.extend(items),
            Object::Dictionary(dict) => pending.extend(
                dict.iter()
                    .filter(|(key, _)| key.as_slice() != b"StructTreeRoot")
                    .map(|(_, v)| v),
            ),
            Object::Stream(stream) => pending.extend(stream.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    seen
}

/// A copy of `doc` with only the objects `needed`, for a thread that reads pages.
fn copy_of(doc: &Document, needed: &std::collections::HashSet<ObjectId>) -> Document {
    let mut copy = Document::with_version(doc.version.clone());
    copy.trailer = doc.trailer.clone();
    copy.max_id = doc.max_id;
    copy.objects = doc
        .objects
        .iter()
        .filter(|(id, _)| needed.contains(id))
        .map(|(id, object)| (*id, object.clone()))
        .collect();
    copy
}

/// One page read: what was collected, and whether the interpreter got through it.
struct PageRead {
    dev: Collector,
    outcome: Result<(), String>,
    dropped_forms: usize,
}

/// Reads one page: prepared for the interpreter, interpreted, and the page restored
/// as it was (so that it can be read again). A panic of the interpreter is an error of
/// the page; the deadline's unwinding goes on through.
fn read_page(
    doc: &mut Document,
    maps: &mut super::cmaps::FontMaps,
    id: ObjectId,
    number: u32,
    marks_left: usize,
) -> PageRead {
    let original = doc.get_object(id).ok().cloned();
    let mut dev = Collector::new(number, rotation(doc, id), marks_left);
    let prepared = super::content::prepare_page(doc, id);
    let cut = maps.cut_for_page(doc, id);
    let run = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(doc, &mut dev, 1)
    }));
    cut.restore(doc);
    super::content::forget(doc, prepared.added);
    if let Some(original) = original {
        doc.objects.insert(id, original);
    }
    crate::deadline::check();
    let outcome = match run {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) if crate::deadline::is_time_out(panic.as_ref()) => {
            std::panic::resume_unwind(panic)
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("the PDF interpreter failed: {what}"))
        }
    };
    PageRead {
        dev,
        outcome,
        dropped_forms: prepared.dropped,
    }
}

/// Fonts tried, at most, to find the one a failed page cannot be read with.
const MAX_FONTS_TRIED: usize = 32;

/// After a page failed: the font it failed on, and the page read with that font
/// drawing nothing — found by blanking its fonts one at a time. A broken font costs
/// its own text, not the page's.
fn without_broken_font(
    doc: &mut Document,
    maps: &mut super::cmaps::FontMaps,
    id: ObjectId,
    number: u32,
    marks_left: usize,
) -> Option<(ObjectId, PageRead)> {
    for font in super::cmaps::page_fonts(doc, id)
        .into_iter()
        .take(MAX_FONTS_TRIED)
    {
        let original = doc.objects.insert(font, blank_font())?;
        let read = read_page(doc, maps, id, number, marks_left);
        if read.outcome.is_ok() {
            // The broken font stays blank: later pages that use it lose its text only.
            return Some((font, read));
        }
        doc.objects.insert(font, original);
    }
    None
}

/// A font that draws nothing a reader keeps: every code is a space.
fn blank_font() -> Object {
    let mut differences = vec![Object::Integer(0)];
    differences.extend((0..256).map(|_| Object::Name(b"space".to_vec())));
    let mut encoding = pdf_extract::Dictionary::new();
    encoding.set("Type", Object::Name(b"Encoding".to_vec()));
    encoding.set("Differences", Object::Array(differences));
    let mut font = pdf_extract::Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    font.set("Encoding", Object::Dictionary(encoding));
    Object::Dictionary(font)
}

/// A page's `/Rotate`, inherited from the page tree as the PDF specification says:
/// 0, 90, 180 or 270, the quarter turns clockwise that a viewer shows the page with.
fn rotation(doc: &Document, page: ObjectId) -> u32 {
    let mut node = doc.get_dictionary(page).ok();
    // A page tree is shallow; the bound stops a /Parent that points back at itself.
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(value) = dict.get(b"Rotate") {
            let degrees = match value {
                Object::Integer(i) => *i,
                Object::Real(r) => *r as i64,
                _ => 0,
            };
            return (degrees.rem_euclid(360) / 90 * 90) as u32;
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    0
}

/// Whether a colour is white (or as near as print tells apart).
fn is_white(space: &ColorSpace, colour: &[f64]) -> bool {
    match (space, colour) {
        (ColorSpace::DeviceGray, [g]) => *g >= 0.95,
        (ColorSpace::DeviceRGB, [r, g, b]) => r.min(*g).min(*b) >= 0.95,
        (ColorSpace::DeviceCMYK, [c, m, y, k]) => c.max(*m).max(*y).max(*k) <= 0.05,
        _ => false,
    }
}

/// Collects one page's glyphs and rules.
struct Collector {
    page: PageGeometry,
    /// The page's `/Rotate`, in degrees clockwise.
    rotate: u32,
    /// Maps PDF space (origin bottom-left, y up) to page space as a viewer shows it
    /// (origin top-left, y down, turned by the page's `/Rotate`).
    flip: Transform,
    /// The clips in force, in page space, as the content's markers announce them.
    clips: Vec<[f64; 4]>,
    /// Glyphs drawn outside their clip: not shown, so not read (unless all of the
    /// page is, when the clips cannot be right).
    hidden: Vec<Glyph>,
    /// Whether the path being added is painted white: on a white page it draws
    /// nothing, and a white gridline is no rule.
    invisible: bool,
    /// Glyphs and paths the page may still yield: its share of [`MAX_MARKS`], at most
    /// [`MAX_PAGE_MARKS`].
    marks_left: usize,
}

impl Collector {
    fn new(number: u32, rotate: u32, marks_left: usize) -> Self {
        Collector {
            page: PageGeometry {
                number,
                ..Default::default()
            },
            rotate,
            flip: Transform::identity(),
            clips: Vec::new(),
            hidden: Vec::new(),
            invisible: false,
            marks_left,
        }
    }

    /// Counts one glyph or path; an error (which stops the interpreter) once the
    /// page's marks are used up or the deadline has passed.
    fn count_mark(&mut self) -> Result<(), OutputError> {
        let stop = |why: &str| Err(OutputError::IoError(std::io::Error::other(why.to_string())));
        if self.marks_left == 0 {
            return stop("the glyphs and rules are over the limit");
        }
        self.marks_left -= 1;
        if self.marks_left % 1024 == 0 && crate::deadline::passed() {
            return stop("the time limit has passed");
        }
        Ok(())
    }

    /// Takes a clip marker (see [`super::content`]): a stroke in one of two colours no
    /// producer uses. Returns whether the stroke was one.
    fn clip_marker(&mut self, ctm: &Transform, colour: &[f64], path: &Path) -> bool {
        let is = |marker: &[f64; 3]| {
            colour.len() == 3 && colour.iter().zip(marker).all(|(a, b)| (a - b).abs() < 1e-4)
        };
        if is(&super::content::CLIP_END) {
            self.clips.pop();
            return true;
        }
        if !is(&super::content::CLIP_START) {
            return false;
        }
        let m = ctm.post_transform(&self.flip);
        let at = |x: f64, y: f64| (x * m.m11 + y * m.m21 + m.m31, x * m.m12 + y * m.m22 + m.m32);
        let mut rect = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for op in &path.ops {
            if let PathOp::Rect(x, y, w, h) = *op {
                for (px, py) in [at(x, y), at(x + w, y), at(x, y + h), at(x + w, y + h)] {
                    rect = [
                        rect[0].min(px),
                        rect[1].min(py),
                        rect[2].max(px),
                        rect[3].max(py),
                    ];
                }
            }
        }
        self.clips.push(rect);
        true
    }

    /// Whether a point of page space is inside every clip in force.
    fn shown(&self, x: f64, y: f64) -> bool {
        self.clips
            .iter()
            .all(|c| c[0] - 0.5 <= x && x <= c[2] + 0.5 && c[1] - 0.5 <= y && y <= c[3] + 0.5)
    }

    fn add_path(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        if self.invisible {
            return;
        }
        let m = ctm.post_transform(&self.flip);
        let at = |x: f64, y: f64| (x * m.m11 + y * m.m21 + m.m31, x * m.m12 + y * m.m22 + m.m32);
        let mut current = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        // The corners of the filled subpath being drawn: a thin one is a rule.
        let mut outline: Vec<(f64, f64)> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    if filled {
                        self.push_filled(&outline);
                        outline.clear();
                    }
                    current = at(x, y);
                    start = current;
                    outline.push(current);
                }
                PathOp::LineTo(x, y) => {
                    let next = at(x, y);
                    if !filled {
                        self.push_segment(current, next);
                    }
                    current = next;
                    outline.push(current);
                }
                PathOp::Close => {
                    if !filled {
                        self.push_segment(current, start);
                    }
                    current = start;
                }
                PathOp::Rect(x, y, w, h) => {
                    let corners = [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)];
                    if filled {
                        self.push_filled(&corners);
                    } else {
                        for (i, &a) in corners.iter().enumerate() {
                            self.push_segment(a, corners[(i + 1) % 4]);
                        }
                    }
                }
                PathOp::CurveTo(x1, y1, x2, y2, x, y) => {
                    current = at(x, y);
                    outline.extend([at(x1, y1), at(x2, y2), current]);
                }
            }
        }
        if filled {
            self.push_filled(&outline);
        }
    }

    /// A filled shape thinner than 2 points is a rule along its length: producers
    /// draw rules as filled hairline rectangles, or as thin quadrilaterals whose ends
    /// are mitred where two borders meet. Wider fills (cell shading) are not rules.
    fn push_filled(&mut self, corners: &[(f64, f64)]) {
        let Some(&(x, y)) = corners.first() else {
            return;
        };
        let (mut x0, mut y0, mut x1, mut y1) = (x, y, x, y);
        for &(x, y) in corners {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        if y1 - y0 < 2.0 && x1 - x0 > y1 - y0 {
            self.push_segment((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
        } else if x1 - x0 < 2.0 && y1 - y0 > x1 - x0 {
            self.push_segment(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
        }
    }

    fn push_segment(&mut self, a: (f64, f64), b: (f64, f64)) {
        let horizontal = (a.1 - b.1).abs() < 0.5 && (a.0 - b.0).abs() >= 3.0;
        let vertical = (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() >= 3.0;
        if horizontal || vertical {
            self.page.rules.push(Rule {
                x0: a.0.min(b.0),
                y0: a.1.min(b.1),
                x1: a.0.max(b.0),
                y1: a.1.max(b.1),
            });
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        // A box may name its corners in any order ([0 595 842 0] is a landscape page).
        let (left, right) = (
            media_box.llx.min(media_box.urx),
            media_box.llx.max(media_box.urx),
        );
        let (bottom, top) = (
            media_box.lly.min(media_box.ury),
            media_box.lly.max(media_box.ury),
        );
        let (width, height) = (right - left, top - bottom);
        // Upright page space first (origin top-left, y down), then the page's quarter
        // turns: a page stored in portrait and shown in landscape reads as it is shown.
        let upright = Transform::row_major(1.0, 0.0, 0.0, -1.0, -left, top);
        let turn = match self.rotate {
            90 => Transform::row_major(0.0, 1.0, -1.0, 0.0, height, 0.0),
            180 => Transform::row_major(-1.0, 0.0, 0.0, -1.0, width, height),
            270 => Transform::row_major(0.0, -1.0, 1.0, 0.0, 0.0, width),
            _ => Transform::identity(),
        };
        self.flip = upright.post_transform(&turn);
        (self.page.width, self.page.height) = if self.rotate % 180 == 90 {
            (height, width)
        } else {
            (width, height)
        };
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        // Nothing shown at all: a clip the markers got wrong, not a page of hidden
        // text; read it all. (Hidden text can outnumber the shown: a cell's overflow
        // of markup a producer left in, clipped to one short line.)
        if self.page.glyphs.is_empty() {
            self.page.glyphs.append(&mut self.hidden);
        }
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.count_mark()?;
        let m = trm.post_transform(&self.flip);
        // The glyph's size: the side of the square with the area of the transformed em.
        let sx = (trm.m11 * font_size).hypot(trm.m12 * font_size);
        let sy = (trm.m21 * font_size).hypot(trm.m22 * font_size);
        let size = (sx * sy).sqrt();
        if text.is_empty() {
            self.page.undecoded += 1;
        }
        if text.trim().is_empty() || !size.is_finite() || size <= 0.0 {
            return Ok(());
        }
        let advance = m.m11.hypot(m.m12);
        let dir = if advance > 0.0 && advance.is_finite() {
            [m.m11 / advance, m.m12 / advance]
        } else {
            [1.0, 0.0]
        };
        let glyph = Glyph {
            x: m.m31,
            y: m.m32,
            // The advance runs along the glyph's x axis, which horizontal scaling (Tz)
            // or a stretched text matrix makes longer or shorter than its height.
            w: width * sx,
            size,
            text: text.to_string(),
            dir,
        };
        // The glyph's middle: half its advance along the text, a third of its size up.
        let (cx, cy) = (
            glyph.x + dir[0] * glyph.w / 2.0 + dir[1] * size / 3.0,
            glyph.y + dir[1] * glyph.w / 2.0 - dir[0] * size / 3.0,
        );
        if self.shown(cx, cy) {
            self.page.glyphs.push(glyph);
        } else {
            self.hidden.push(glyph);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        space: &ColorSpace,
        colour: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.count_mark()?;
        if !self.clip_marker(ctm, colour, path) {
            self.invisible = is_white(space, colour);
            self.add_path(ctm, path, false);
        }
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        space: &ColorSpace,
        colour: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.count_mark()?;
        self.invisible = is_white(space, colour);
        self.add_path(ctm, path, true);
        Ok(())
    }
}
