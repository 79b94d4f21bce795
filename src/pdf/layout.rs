//! Page geometry → lines of cells, in reading order.
//!
//! Where a table has ruling lines its cells come from them: the horizontal rules cut it
//! into bands, and in each band the vertical rules that cross it bound the cells (a
//! missing vertical is a merged cell). A cell's text is every glyph inside it, its lines
//! joined, so a name wrapped inside its cell comes out whole. Each band becomes one row
//! with a cell per column of the table, the text of a merged cell in its first column,
//! just as a text converter lays out a merged cell. Text outside ruled tables becomes
//! lines by baseline, split into cells at wide gaps; consecutive such lines are a table
//! without rules, whose columns are anchored where its fullest lines put their cells.
//! Page numbers are dropped, and so is a header line repeated on every page after its
//! first appearance.

use std::collections::{BTreeMap, HashMap};

use super::read::{Glyph, PageGeometry, Rule};
use crate::line::{Rect, amount_token, union};
use crate::text::is_cjk;
use crate::text::labels::{is_page_number, is_title_line};
use crate::text::meta::parse_meta;

/// One line of a page: one table band, or one line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLine {
    /// 1-based page number.
    pub page: u32,
    /// The cells; a text line outside tables may be a single cell.
    pub cells: Vec<String>,
    /// Where each cell is on the page.
    pub boxes: Vec<Option<Rect>>,
    /// Whether the cells stand in table columns (a ruled band, or a line anchored to the
    /// columns of its block) rather than being text split at gaps.
    pub positional: bool,
    /// Top of the line, for reading order.
    top: f64,
    /// Left of the line, for reading order.
    left: f64,
}

/// Lays out every page, drops page furniture, and returns the lines in reading order.
pub fn lay_out(pages: &[PageGeometry], threads: usize) -> Vec<PageLine> {
    let visible = super::per_page(pages, threads, |_, page| visible_glyphs(page));
    lay_out_seen(pages, &visible, threads)
}

/// [`lay_out`], given the glyphs a reader sees on each page.
pub fn lay_out_seen(
    pages: &[PageGeometry],
    visible: &[Vec<Glyph>],
    threads: usize,
) -> Vec<PageLine> {
    let mut lines: Vec<PageLine> = super::per_page(pages, threads, |i, page| {
        crate::deadline::check();
        page_lines(page, &visible[i])
    })
    .into_iter()
    .flatten()
    .collect();
    drop_furniture(&mut lines, pages);
    anchor_unruled_blocks(&mut lines);
    lines
}

/// A table without rules: consecutive lines split at gaps, on one page. Its columns are
/// where the cells of its fullest lines stand; every line's cells are put in the column
/// they overlap most, so a line that lacks a cell keeps the others in place.
fn anchor_unruled_blocks(lines: &mut [PageLine]) {
    let split = |l: &PageLine| !l.positional && l.cells.len() > 1;
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let len = lines[start..]
            .iter()
            .take_while(|l| split(l) && l.page == page)
            .count();
        if len >= 2 {
            anchor(&mut lines[start..start + len]);
        }
        start += len.max(1);
    }
}

fn anchor(block: &mut [PageLine]) {
    let width = block.iter().map(|l| l.cells.len()).max().unwrap_or(0);
    let mut columns: Vec<(f64, f64)> = vec![(f64::INFINITY, f64::NEG_INFINITY); width];
    for l in block.iter().filter(|l| l.cells.len() == width) {
        for (col, b) in columns.iter_mut().zip(&l.boxes) {
            if let Some(b) = b {
                *col = (col.0.min(b[0]), col.1.max(b[2]));
            }
        }
    }
    for l in block.iter_mut() {
        let mut cells = vec![String::new(); width];
        let mut boxes = vec![None; width];
        for (text, b) in l.cells.iter().zip(&l.boxes) {
            let Some(b) = b else { continue };
            let overlap = |c: &(f64, f64)| c.1.min(b[2]) - c.0.max(b[0]);
            let best =
                (0..width).max_by(|&i, &j| overlap(&columns[i]).total_cmp(&overlap(&columns[j])));
            let Some(k) = best else { continue };
            if !cells[k].is_empty() {
                cells[k].push(' ');
            }
            cells[k].push_str(text);
            boxes[k] = Some(boxes[k].map_or(*b, |o| union(o, *b)));
        }
        l.cells = cells;
        l.boxes = boxes;
        l.positional = true;
    }
}

fn page_lines(page: &PageGeometry, glyphs: &[Glyph]) -> Vec<PageLine> {
    let rules = real_rules(&page.rules, glyphs);
    let grids = grids(&rules);
    let mut taken = vec![false; glyphs.len()];
    let mut lines = Vec::new();
    for grid in &grids {
        lines.extend(grid_lines(page.number, grid, glyphs, &mut taken));
    }
    let rest: Vec<&Glyph> = glyphs
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(g, _)| g)
        .collect();
    lines.extend(text_lines(page.number, &rest));
    lines.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.left.total_cmp(&b.left)));
    lines
}

/// The glyphs a reader sees: those inside the page's box (text drawn off the page is
/// not printed), less the copies drawn slightly offset for faux bold. Where most of a
/// page's glyphs fall outside its box, the interpreter has placed the whole page's
/// content off (a transformation it does not apply), and none is dropped.
pub fn visible_glyphs(page: &PageGeometry) -> Vec<Glyph> {
    let inside = |g: &Glyph| {
        let (x, y) = center(g);
        (0.0..=page.width).contains(&x) && (0.0..=page.height).contains(&y)
    };
    let outside = page.glyphs.iter().filter(|g| !inside(g)).count();
    if outside == 0 || 2 * outside > page.glyphs.len() {
        return without_doubles(&page.glyphs);
    }
    without_doubles(page.glyphs.iter().filter(|g| inside(g)))
}

/// Glyphs drawn twice at (nearly) the same place, for faux bold: the later copies go.
/// Producers overprint a glyph at once, or a whole string again after drawing others
/// ("金额单位：元", then "表1", then "金额单位：元" once more), so copies are looked for
/// among all glyphs near the same spot, through a grid of [`DOUBLE_CELL`]-point cells.
fn without_doubles<'a>(glyphs: impl IntoIterator<Item = &'a Glyph>) -> Vec<Glyph> {
    let cell = |v: f64| (v / DOUBLE_CELL).floor() as i64;
    // Each cell's latest glyph kept, and for each glyph kept the one kept before it in its
    // cell. (Ordered, not hashed: as fast for the cells a page has, and no choice of
    // coordinates makes it slow.)
    let mut latest: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    let mut earlier: Vec<Option<usize>> = Vec::new();
    let mut out: Vec<Glyph> = Vec::new();
    for g in glyphs {
        let tolerance = (0.3 * g.size).min(DOUBLE_CELL);
        let (cx, cy) = (cell(g.x), cell(g.y));
        let double = (cx - 1..=cx + 1)
            .flat_map(|x| (cy - 1..=cy + 1).map(move |y| (x, y)))
            .filter_map(|k| latest.get(&k).copied())
            .flat_map(|last| {
                std::iter::successors(Some(last), |&i| earlier[i]).take(MAX_GLYPHS_COMPARED)
            })
            .any(|i| {
                let o = &out[i];
                o.text == g.text && (o.x - g.x).abs() < tolerance && (o.y - g.y).abs() < tolerance
            });
        if !double {
            earlier.push(latest.insert((cx, cy), out.len()));
            out.push(g.clone());
        }
    }
    out
}

/// The side of a cell of the grid that finds a glyph's copies; no copy is further off.
const DOUBLE_CELL: f64 = 4.0;

/// Glyphs of each grid cell that a glyph is compared with, the latest first. A cell
/// of real text holds a glyph or two and their copies; glyphs drawn over and over at
/// one spot (tiny or of size 0, so never each other's copies) would otherwise make
/// the search quadratic. Past this, a copy is kept, not lost.
const MAX_GLYPHS_COMPARED: usize = 64;

pub(super) fn glyph_box(g: &Glyph) -> Rect {
    [
        g.x,
        g.y - 0.85 * g.size,
        g.x + g.w.max(0.3 * g.size),
        g.y + 0.15 * g.size,
    ]
}

fn center(g: &Glyph) -> (f64, f64) {
    (g.x + g.w / 2.0, g.y - 0.35 * g.size)
}

/// Rules that are not glyph outlines: a short segment inside a glyph's box is a stroke
/// of a faux-bold character, not a table rule.
pub(super) fn real_rules(rules: &[Rule], glyphs: &[Glyph]) -> Vec<Rule> {
    rules
        .iter()
        .filter(|r| {
            let len = (r.x1 - r.x0).max(r.y1 - r.y0);
            !glyphs.iter().any(|g| {
                let b = glyph_box(g);
                len < 1.5 * g.size
                    && r.x0 >= b[0] - 1.0
                    && r.x1 <= b[2] + 1.0
                    && r.y0 >= b[1] - 1.0
                    && r.y1 <= b[3] + 1.0
            })
        })
        .copied()
        .collect()
}

/// A ruled table: its column edges, row edges, and rules.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    horizontals: Vec<Rule>,
    verticals: Vec<Rule>,
    bounds: Rect,
}

const SNAP: f64 = 2.0;

fn touches(h: &Rule, v: &Rule) -> bool {
    v.x0 >= h.x0 - SNAP && v.x0 <= h.x1 + SNAP && h.y0 >= v.y0 - SNAP && h.y0 <= v.y1 + SNAP
}

/// Groups rules that touch into grids; a grid needs two rules each way.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let (hs, vs): (Vec<Rule>, Vec<Rule>) = rules.iter().partition(|r| r.is_horizontal());
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if touches(h, v) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, hs.len() + j));
                parent[a] = b;
            }
        }
    }
    // A rule drawn in pieces (a border segment per cell) is one rule: pieces on one line
    // that meet or overlap belong to the same table.
    let pieces = |rules: &[Rule], offset: usize, along: fn(&Rule) -> (f64, f64, f64)| {
        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, sa, _) = along(&rules[a]);
            let (pb, sb, _) = along(&rules[b]);
            pa.total_cmp(&pb).then(sa.total_cmp(&sb))
        });
        let mut links = Vec::new();
        for pair in order.windows(2) {
            let (p0, _, e0) = along(&rules[pair[0]]);
            let (p1, s1, _) = along(&rules[pair[1]]);
            if (p1 - p0).abs() <= SNAP && s1 <= e0 + SNAP {
                links.push((offset + pair[0], offset + pair[1]));
            }
        }
        links
    };
    let mut links = pieces(&hs, 0, |r| (r.y0, r.x0, r.x1));
    links.extend(pieces(&vs, hs.len(), |r| (r.x0, r.y0, r.y1)));
    for (i, j) in links {
        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
        parent[a] = b;
    }
    let mut groups: HashMap<usize, (Vec<Rule>, Vec<Rule>)> = HashMap::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = groups.entry(root).or_default();
        if i < hs.len() {
            entry.0.push(hs[i])
        } else {
            entry.1.push(vs[i - hs.len()])
        }
    }
    let (groups, lone): (Vec<_>, Vec<_>) = groups.into_values().partition(|(h, _)| !h.is_empty());
    let lone: Vec<Rule> = lone.into_iter().flat_map(|(_, v)| v).collect();
    let mut out: Vec<Grid> = groups
        .into_iter()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .map(|(h, v)| {
            let xs = cluster(v.iter().map(|r| r.x0));
            let mut ys = cluster(h.iter().map(|r| r.y0));
            open_edges(&mut ys, &v);
            let bounds = [xs[0], ys[0], xs[xs.len() - 1], ys[ys.len() - 1]];
            Grid {
                xs,
                ys,
                horizontals: h,
                verticals: v,
                bounds,
            }
        })
        .collect();
    for g in &mut out {
        outer_merged_columns(g, &lone);
    }
    out.sort_by(|a, b| a.bounds[1].total_cmp(&b.bounds[1]));
    out
}

/// A column merged over every row of a page ("年度绩效指标" stacked down a form's side; a
/// project's code, name and amounts beside the rows of its indicators, continued from
/// the page before) has no horizontal rule of its own: its outer side is a vertical
/// that touches none, running the grid's whole height just beyond its edge. That
/// vertical is the grid's edge, and the text beside it is in the grid, in the band where
/// the merged cell starts.
fn outer_merged_columns(g: &mut Grid, lone: &[Rule]) {
    // A table's column, not the margin to another table or to the page's text.
    const MAX_WIDTH: f64 = 80.0;
    // Each side may have several such columns, one beside the other.
    loop {
        let spans = |v: &Rule| v.y0 <= g.bounds[1] + SNAP && v.y1 >= g.bounds[3] - SNAP;
        let left = lone
            .iter()
            .filter(|v| spans(v) && v.x0 < g.bounds[0] - SNAP && g.bounds[0] - v.x0 <= MAX_WIDTH)
            .max_by(|a, b| a.x0.total_cmp(&b.x0))
            .copied();
        let right = lone
            .iter()
            .filter(|v| spans(v) && v.x0 > g.bounds[2] + SNAP && v.x0 - g.bounds[2] <= MAX_WIDTH)
            .min_by(|a, b| a.x0.total_cmp(&b.x0))
            .copied();
        if left.is_none() && right.is_none() {
            return;
        }
        if let Some(v) = left {
            g.xs.insert(0, v.x0);
            g.bounds[0] = v.x0;
            g.verticals.push(v);
        }
        if let Some(v) = right {
            g.xs.push(v.x0);
            g.bounds[2] = v.x0;
            g.verticals.push(v);
        }
    }
}

/// A table continued from the page before (or onto the next) has no rule along its
/// open side: its verticals run on past the outermost horizontal rule and stop together.
/// Where three or more do, more than a line's height out, that is the table's edge.
fn open_edges(ys: &mut Vec<f64>, verticals: &[Rule]) {
    const LINE: f64 = 5.0;
    let (Some(&top), Some(&bottom)) = (ys.first(), ys.last()) else {
        return;
    };
    let edge = |ends: Vec<f64>| -> Option<f64> {
        cluster(ends.into_iter())
            .into_iter()
            .map(|e| {
                let n = verticals
                    .iter()
                    .filter(|v| (v.y0 - e).abs() <= SNAP || (v.y1 - e).abs() <= SNAP)
                    .count();
                (e, n)
            })
            .filter(|&(_, n)| n >= 3)
            .map(|(e, _)| e)
            .next()
    };
    let above: Vec<f64> = verticals
        .iter()
        .map(|v| v.y0)
        .filter(|&y| y < top - LINE)
        .collect();
    let below: Vec<f64> = verticals
        .iter()
        .map(|v| v.y1)
        .filter(|&y| y > bottom + LINE)
        .collect();
    if let Some(y) = edge(above) {
        ys.insert(0, y);
    }
    if let Some(y) = edge(below) {
        ys.push(y);
    }
}

/// Sorted positions with those closer than [`SNAP`] merged.
fn cluster(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        if out.last().is_none_or(|l| x - l > SNAP) {
            out.push(x);
        }
    }
    out
}

fn index_of(edges: &[f64], x: f64) -> Option<usize> {
    edges.iter().position(|e| (e - x).abs() <= SNAP)
}

/// A cell of a ruled table: its first and last column edge, its box and its glyphs.
struct Cell<'g> {
    left: usize,
    right: usize,
    rect: Rect,
    glyphs: Vec<&'g Glyph>,
}

fn grid_lines(page: u32, grid: &Grid, glyphs: &[Glyph], taken: &mut [bool]) -> Vec<PageLine> {
    let mut bands: Vec<(f64, Vec<Cell<'_>>)> = Vec::new();
    for band in grid.ys.windows(2) {
        let (top, bottom) = (band[0], band[1]);
        if bottom - top < 2.0 {
            continue;
        }
        let middle = (top + bottom) / 2.0;
        let mut edges: Vec<usize> = grid
            .verticals
            .iter()
            .filter(|v| v.y0 <= middle && v.y1 >= middle)
            .filter_map(|v| index_of(&grid.xs, v.x0))
            .collect();
        // The grid's outer edges close every band: a frame side left undrawn beside
        // one row (a total row whose merged label cell lost its border) still ends the
        // cells there, where text stands.
        let stands = |from: f64, to: f64| {
            glyphs.iter().enumerate().any(|(i, g)| {
                let (cx, cy) = center(g);
                !taken[i] && cx > from && cx < to && cy > top && cy < bottom
            })
        };
        let last = grid.xs.len() - 1;
        if let Some(&first) = edges.first()
            && first > 0
            && stands(grid.xs[0], grid.xs[first])
        {
            edges.push(0);
        }
        if let Some(&end) = edges.last()
            && end < last
            && stands(grid.xs[end], grid.xs[last])
        {
            edges.push(last);
        }
        edges.sort_unstable();
        edges.dedup();
        let mut cells = Vec::new();
        for pair in edges.windows(2) {
            let (l, r) = (grid.xs[pair[0]], grid.xs[pair[1]]);
            let mut members = Vec::new();
            for (i, g) in glyphs.iter().enumerate() {
                let (cx, cy) = center(g);
                if !taken[i] && cx > l && cx < r && cy > top && cy < bottom {
                    taken[i] = true;
                    members.push(g);
                }
            }
            let cell = Cell {
                left: pair[0],
                right: pair[1],
                rect: [l, top, r, bottom],
                glyphs: members,
            };
            // No rule above the cell: it is the lower part of a cell merged over rows,
            // whose text belongs with the part above.
            let open_above = !grid.horizontals.iter().any(|h| {
                (h.y0 - top).abs() <= SNAP
                    && h.x0 - SNAP <= (l + r) / 2.0
                    && (l + r) / 2.0 <= h.x1 + SNAP
            });
            // The part above may itself continue one further up: a cell merged over
            // three or more rows is one cell, kept in the band where it starts.
            let above = bands.iter_mut().rev().find_map(|(_, cells)| {
                cells.iter_mut().find(|c: &&mut Cell| {
                    c.left == cell.left && c.right == cell.right && (c.rect[3] - top).abs() <= SNAP
                })
            });
            match above {
                Some(above) if open_above => {
                    above.glyphs.extend(cell.glyphs);
                    above.rect[3] = bottom;
                }
                _ => cells.push(cell),
            }
        }
        bands.push((top, cells));
    }
    let columns = grid.xs.len() - 1;
    bands
        .into_iter()
        .filter_map(|(top, band)| {
            // A band whose only text is one cell reading as a table's title or a meta
            // line is a caption printed inside the table's frame, not a row: a title
            // merged across the table (with empty margin columns beside it, as
            // spreadsheets print), a unit line in the last column.
            let mut written = band.iter().filter(|c| !c.glyphs.is_empty());
            if let (Some(cell), None) = (written.next(), written.next()) {
                let text = join_lines(&cell.glyphs, Some(cell.rect));
                if columns > 1 && is_caption(&text) {
                    return Some(PageLine {
                        page,
                        cells: vec![text],
                        boxes: vec![Some(cell.rect)],
                        positional: false,
                        top,
                        left: cell.rect[0],
                    });
                }
            }
            let mut cells = vec![String::new(); columns];
            let mut boxes = vec![None; columns];
            for cell in band {
                cells[cell.left] = join_lines(&cell.glyphs, Some(cell.rect));
                boxes[cell.left] = Some(cell.rect);
            }
            cells.iter().any(|c| !c.is_empty()).then_some(PageLine {
                page,
                cells,
                boxes,
                positional: true,
                top,
                left: grid.bounds[0],
            })
        })
        .collect()
}

/// Whether a line of text is a table's title ("预算01表 收支总表", "表1 ...预算总表") or a
/// meta line ("金额单位：万元"), as opposed to a header label spanning the table.
fn is_caption(text: &str) -> bool {
    let t = crate::text::normalize(text);
    let t = t.trim();
    let bare = t.trim_end_matches([')', '）']);
    let bare = bare
        .rsplit_once(['(', '（'])
        .map_or(bare, |(head, _)| head)
        .trim();
    parse_meta(t).is_some() || bare.ends_with('表')
}

/// Text of a set of glyphs: lines by baseline, top to bottom, joined without a space
/// between Chinese characters. Given the cell they fill, a number the cell was too
/// narrow for ("1682.7" over "6") is joined back into one.
fn join_lines(glyphs: &[&Glyph], cell: Option<Rect>) -> String {
    let mut text = String::new();
    let mut last: Option<(f64, f64)> = None;
    for line in by_baseline(glyphs) {
        let pieces = join_words(&line, None);
        let left = pieces
            .iter()
            .map(|(_, r)| r[0])
            .fold(f64::INFINITY, f64::min);
        let right = pieces
            .iter()
            .map(|(_, r)| r[2])
            .fold(f64::NEG_INFINITY, f64::max);
        let part = pieces
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
            .join(" ");
        let size = line.iter().map(|g| g.size).fold(0.0, f64::max);
        let first = (right - left) / part.chars().count().max(1) as f64;
        let wrapped = match (cell, last) {
            (Some(cell), Some(head)) => {
                let tail = text.rsplit(' ').next().unwrap_or("");
                too_narrow(cell, head, first, size) && continues_number(tail, &part)
            }
            _ => false,
        };
        let joins_tight = wrapped
            || text.chars().last().is_none_or(is_cjk)
            || part.chars().next().is_some_and(is_cjk);
        if !text.is_empty() && !joins_tight {
            text.push(' ');
        }
        text.push_str(&part);
        last = Some((left, right));
    }
    text
}

/// Whether a line spanning `head` (left, right) in a cell from `cell[0]` to `cell[2]`
/// had no room for one more character `first` wide: the line wrapped there. The cell's
/// padding is read off the line's nearer edge (a line set left or right keeps the
/// padding on that side), and taken as at most one character `size` wide.
pub(super) fn too_narrow(cell: Rect, head: (f64, f64), first: f64, size: f64) -> bool {
    let padding = (head.0 - cell[0]).min(cell[2] - head.1).clamp(0.0, size);
    head.1 - head.0 + first > cell[2] - cell[0] - 2.0 * padding
}

/// Whether `tail`, printed under `head` in one cell, is the rest of the same number:
/// both are digits and separators, and only joined do they make an amount with
/// decimals ("1682.7" and "6", "143,999.0" and "0"). Whether the cell was too narrow to
/// hold it on one line is for the caller to say.
pub(super) fn continues_number(head: &str, tail: &str) -> bool {
    let numeric = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    if !numeric(head) || !numeric(tail) || amount_token(tail).is_some() {
        return false;
    }
    let joined = format!("{head}{tail}");
    joined.contains('.') && amount_token(&joined).is_some()
}

/// Groups glyphs into lines by baseline, each sorted left to right.
pub(super) fn by_baseline<'g>(glyphs: &[&'g Glyph]) -> Vec<Vec<&'g Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match lines.last_mut() {
            Some(line) if (line[0].y - g.y).abs() < 0.5 * g.size.max(line[0].size) => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

/// Joins a line's glyphs into words; with `split_at`, also into cells at gaps wider than
/// that many font sizes. Returns each piece's text and box.
fn join_words(line: &[&Glyph], split_at: Option<f64>) -> Vec<(String, Rect)> {
    let mut pieces: Vec<(String, Rect)> = Vec::new();
    let mut last: Option<&Glyph> = None;
    for g in line {
        let b = glyph_box(g);
        let gap = last.map_or(f64::INFINITY, |l| g.x - (l.x + l.w));
        match pieces.last_mut() {
            Some((text, rect)) if split_at.is_none_or(|k| gap <= k * g.size) => {
                if gap > 0.25 * g.size
                    && !(text.chars().last().is_some_and(is_cjk) && g.text.chars().all(is_cjk))
                {
                    text.push(' ');
                }
                text.push_str(&g.text);
                rect[2] = rect[2].max(b[2]);
                rect[1] = rect[1].min(b[1]);
                rect[3] = rect[3].max(b[3]);
            }
            _ => pieces.push((g.text.clone(), b)),
        }
        last = Some(g);
    }
    pieces
}

fn text_lines(page: u32, glyphs: &[&Glyph]) -> Vec<PageLine> {
    by_baseline(glyphs)
        .into_iter()
        .map(|line| {
            let pieces = join_words(&line, Some(1.5));
            let top = pieces
                .iter()
                .map(|(_, r)| r[1])
                .fold(f64::INFINITY, f64::min);
            let left = pieces.first().map_or(0.0, |(_, r)| r[0]);
            let (cells, boxes) = pieces.into_iter().map(|(t, r)| (t, Some(r))).unzip();
            PageLine {
                page,
                cells,
                boxes,
                positional: false,
                top,
                left,
            }
        })
        .collect()
}

/// Drops page numbers near the top or bottom edge, and text lines repeated at the same
/// height on several pages after their first appearance.
fn drop_furniture(lines: &mut Vec<PageLine>, pages: &[PageGeometry]) {
    let mut dropped = furniture(lines, pages).into_iter();
    // `retain` visits the lines once each, in order.
    lines.retain(|_| !dropped.next().unwrap_or(false));
}

/// Which lines are page furniture (see [`drop_furniture`]).
fn furniture(lines: &[PageLine], pages: &[PageGeometry]) -> Vec<bool> {
    let height: HashMap<u32, f64> = pages.iter().map(|p| (p.number, p.height)).collect();
    let near_edge = |l: &PageLine| {
        let h = height.get(&l.page).copied().unwrap_or(842.0);
        l.top < 0.08 * h || l.top > 0.88 * h
    };
    let key = |l: &PageLine| (l.cells.join(" "), (l.top / 4.0).round() as i64);
    let mut seen: HashMap<(String, i64), Vec<u32>> = HashMap::new();
    for l in lines.iter().filter(|l| !l.positional) {
        seen.entry(key(l)).or_default().push(l.page);
    }
    // A meta line ("单位：万元") repeats at the same height on every table page too, and
    // belongs to each table: only other repeated lines are page headers.
    // So do a table's title lines: they title a form printed once per page (one
    // project each), and the recogniser joins a grid's pages again where its title block
    // repeats. A running header names the document, not a table ("…部门预算公开").
    let repeated = |l: &PageLine| {
        let text = crate::text::normalize(&l.cells.join(" "));
        seen.get(&key(l))
            .is_some_and(|p| p.len() >= 3 && p[0] != l.page)
            && parse_meta(&text).is_none()
            && !is_title_line(text.trim())
    };
    lines
        .iter()
        .map(|l| {
            let text = l.cells.join(" ");
            let page_number = near_edge(l) && is_page_number(text.trim());
            !l.positional && (page_number || repeated(l))
        })
        .collect()
}

/// What the layout made of one page, for drawing it: every box in page space.
#[derive(Debug, Clone, Default)]
pub struct PageInspection {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points.
    pub width: f64,
    /// Page height in points.
    pub height: f64,
    /// Each glyph's box and text, faux-bold doubles removed.
    pub glyphs: Vec<(Rect, String)>,
    /// The rules kept after glyph strokes are filtered out, as [x0, y0, x1, y1].
    pub rules: Vec<Rect>,
    /// The rules filtered out as strokes of glyphs.
    pub glyph_strokes: Vec<Rect>,
    /// The bounds of each ruled grid.
    pub grids: Vec<Rect>,
    /// The cells of the grids' bands that hold text, merged cells whole.
    pub cells: Vec<Rect>,
    /// Lines dropped as page furniture: their box and text.
    pub furniture: Vec<(Rect, String)>,
}

/// Per page, the glyphs, kept rules, grids, cells and dropped furniture that
/// [`lay_out`] works with. Computes the same as `lay_out` and changes nothing.
pub fn inspect(pages: &[PageGeometry]) -> Vec<PageInspection> {
    let lines: Vec<PageLine> = pages
        .iter()
        .flat_map(|page| page_lines(page, &visible_glyphs(page)))
        .collect();
    let furniture = furniture(&lines, pages);
    pages
        .iter()
        .map(|page| {
            let glyphs = visible_glyphs(page);
            let rules = real_rules(&page.rules, &glyphs);
            let on_page = || {
                lines
                    .iter()
                    .zip(&furniture)
                    .filter(|(l, _)| l.page == page.number)
            };
            PageInspection {
                number: page.number,
                width: page.width,
                height: page.height,
                glyphs: glyphs
                    .iter()
                    .map(|g| (glyph_box(g), g.text.clone()))
                    .collect(),
                rules: rules.iter().map(|r| [r.x0, r.y0, r.x1, r.y1]).collect(),
                glyph_strokes: page
                    .rules
                    .iter()
                    .filter(|r| !rules.contains(r))
                    .map(|r| [r.x0, r.y0, r.x1, r.y1])
                    .collect(),
                grids: grids(&rules).iter().map(|g| g.bounds).collect(),
                cells: on_page()
                    .filter(|(l, _)| l.positional)
                    .flat_map(|(l, _)| l.boxes.iter().flatten().copied())
                    .collect(),
                furniture: on_page()
                    .filter(|(_, dropped)| **dropped)
                    .filter_map(|(l, _)| {
                        let rect = l.boxes.iter().flatten().copied().reduce(union)?;
                        Some((rect, l.cells.join(" ")))
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        super::super::read::glyph_run(text, x, y, size, size)
    }

    /// The cells of each line laid out from one 200 x 300 page.
    fn cells_of(glyphs: Vec<Glyph>, rules: Vec<Rule>) -> Vec<Vec<String>> {
        let page = PageGeometry {
            number: 1,
            width: 200.0,
            height: 300.0,
            glyphs,
            rules,
            ..Default::default()
        };
        lay_out(&[page], 1).into_iter().map(|l| l.cells).collect()
    }

    fn h(y: f64, x0: f64, x1: f64) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }

    fn v(x: f64, y0: f64, y1: f64) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn a_border_drawn_a_segment_per_cell_is_one_grid() {
        // Top and bottom borders in two pieces each; the middle vertical stops short of
        // them, so only the pieces tie the two halves together.
        let rules = [
            h(10.0, 0.0, 100.0),
            h(10.0, 100.0, 200.0),
            h(50.0, 0.0, 100.0),
            h(50.0, 100.0, 200.0),
            v(0.0, 10.0, 50.0),
            v(200.0, 10.0, 50.0),
        ];
        let found = grids(&rules);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].xs, [0.0, 200.0]);
    }

    #[test]
    fn text_drawn_off_the_page_is_not_read_unless_all_of_it_is() {
        let page = |glyphs| PageGeometry {
            number: 1,
            width: 300.0,
            height: 300.0,
            glyphs,
            rules: Vec::new(),
            ..Default::default()
        };
        let mut g = glyphs("一般公共预算", 10.0, 100.0, 10.0);
        g.extend(glyphs("9.99", 10.0, -50.0, 10.0));
        let seen: String = visible_glyphs(&page(g))
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(seen, "一般公共预算");
        // The whole page off its box: the interpreter's coordinates are off, keep all.
        let shifted = glyphs("合计9.99", 10.0, -50.0, 10.0);
        assert_eq!(visible_glyphs(&page(shifted)).len(), 6);
    }

    #[test]
    fn ruled_table_with_a_merged_header_cell_and_a_wrapped_name() {
        // | 收入 (merged over two columns) |
        // | 项目 | 金额 |
        // | 机关事业单位基本养老保险缴费 / 支出 (wrapped) | 6.18 |
        let mut g = glyphs("收入", 60.0, 115.0, 10.0);
        g.extend(glyphs("项目", 20.0, 135.0, 10.0));
        g.extend(glyphs("金额", 110.0, 135.0, 10.0));
        g.extend(glyphs("养老保险缴", 12.0, 152.0, 10.0));
        g.extend(glyphs("费支出", 12.0, 164.0, 10.0));
        g.extend(glyphs("6.18", 110.0, 158.0, 5.0));
        let rules = vec![
            h(100.0, 10.0, 150.0),
            h(120.0, 10.0, 150.0),
            h(140.0, 10.0, 150.0),
            h(170.0, 10.0, 150.0),
            v(10.0, 100.0, 170.0),
            v(100.0, 120.0, 170.0),
            v(150.0, 100.0, 170.0),
        ];
        let page = PageGeometry {
            number: 1,
            width: 200.0,
            height: 300.0,
            glyphs: g,
            rules,
            ..Default::default()
        };
        let lines = lay_out(&[page], 1);
        let cells: Vec<Vec<String>> = lines.iter().map(|l| l.cells.clone()).collect();
        assert_eq!(
            cells,
            [
                vec!["收入", ""],
                vec!["项目", "金额"],
                vec!["养老保险缴费支出", "6.18"]
            ]
        );
        assert!(lines.iter().all(|l| l.positional));
        assert_eq!(lines[2].boxes[1], Some([100.0, 140.0, 150.0, 170.0]));
    }

    #[test]
    fn a_table_continued_from_the_page_before_has_its_open_top_as_an_edge() {
        // No rule above the first row: the three verticals start together at y 76.
        let rules = [
            h(108.0, 10.0, 200.0),
            h(140.0, 10.0, 200.0),
            v(10.0, 76.0, 140.0),
            v(100.0, 76.0, 140.0),
            v(200.0, 76.0, 140.0),
        ];
        let found = grids(&rules);
        assert_eq!(found[0].ys, [76.0, 108.0, 140.0]);
        // Two verticals past the last rule are not enough to call it an edge (a chart's
        // axis, a stray line).
        let rules = [
            h(108.0, 10.0, 200.0),
            h(140.0, 10.0, 200.0),
            v(10.0, 76.0, 140.0),
            v(200.0, 76.0, 140.0),
        ];
        assert_eq!(grids(&rules)[0].ys, [108.0, 140.0]);
    }

    #[test]
    fn a_row_whose_frame_side_is_undrawn_still_ends_at_the_frame() {
        // The left border stops above the total row; its label still has a cell.
        let mut g = glyphs("项目", 20.0, 115.0, 8.0);
        g.extend(glyphs("1.00", 110.0, 115.0, 5.0));
        g.extend(glyphs("合计", 20.0, 135.0, 8.0));
        g.extend(glyphs("9.00", 110.0, 135.0, 5.0));
        let rules = vec![
            h(100.0, 10.0, 150.0),
            h(120.0, 10.0, 150.0),
            h(140.0, 10.0, 150.0),
            v(10.0, 100.0, 120.0),
            v(100.0, 100.0, 140.0),
            v(150.0, 100.0, 140.0),
        ];
        let cells = cells_of(g, rules);
        assert_eq!(cells, [vec!["项目", "1.00"], vec!["合计", "9.00"]]);
    }

    #[test]
    fn a_cell_merged_over_three_rows_is_one_cell() {
        // | 单位名称 (merged over three rows, text in the last) | 部门预算 |
        // |                                                            | 合计 | 小计 |
        // |                                                            |      | 基本 |
        // | 信访局 | 12.00 | 6.00 |
        let mut g = glyphs("单位名称", 15.0, 153.0, 8.0);
        g.extend(glyphs("部门预算", 110.0, 115.0, 8.0));
        g.extend(glyphs("合计", 105.0, 133.0, 8.0));
        g.extend(glyphs("小计", 135.0, 135.0, 8.0));
        g.extend(glyphs("基本", 135.0, 155.0, 8.0));
        g.extend(glyphs("信访局", 15.0, 175.0, 8.0));
        g.extend(glyphs("12.00", 102.0, 175.0, 5.0));
        g.extend(glyphs("6.00", 132.0, 175.0, 5.0));
        let rules = vec![
            h(100.0, 10.0, 160.0),
            h(120.0, 100.0, 160.0),
            h(140.0, 130.0, 160.0),
            h(160.0, 10.0, 160.0),
            h(180.0, 10.0, 160.0),
            v(10.0, 100.0, 180.0),
            v(100.0, 100.0, 180.0),
            v(130.0, 120.0, 180.0),
            v(160.0, 100.0, 180.0),
        ];
        let cells = cells_of(g, rules);
        assert_eq!(
            cells,
            [
                vec!["单位名称", "部门预算", ""],
                vec!["", "合计", "小计"],
                vec!["", "", "基本"],
                vec!["信访局", "12.00", "6.00"],
            ]
        );
    }

    #[test]
    fn a_number_wrapped_in_its_cell_is_joined_back() {
        let cell = [100.0, 80.0, 135.0, 120.0];
        // Left-set with 5 points of padding: "1682.7" (22.2 wide) leaves no room for "6".
        assert!(too_narrow(cell, (105.0, 127.2), 3.7, 7.0));
        // A short number leaves room: what is under it is something else.
        assert!(!too_narrow(cell, (105.0, 119.8), 3.7, 7.0));
        assert!(continues_number("1682.7", "6"));
        assert!(continues_number("143,999.0", "0"));
        assert!(continues_number("0.0", "0"));
        // Two amounts, a year, or text are not one number.
        assert!(!continues_number("12.5", "3.4"));
        assert!(!continues_number("2024", "2025"));
        assert!(!continues_number("1,234", "567"));
        assert!(!continues_number("合计", "6"));
        let mut g = glyphs("1682.7", 105.0, 100.0, 7.0);
        for x in &mut g {
            x.w = 3.7;
            x.x = 105.0 + (x.x - 105.0) / 7.0 * 3.7;
        }
        let mut tail = glyphs("6", 105.0, 109.0, 7.0);
        tail[0].w = 3.7;
        g.extend(tail);
        let refs: Vec<&Glyph> = g.iter().collect();
        assert_eq!(join_lines(&refs, Some(cell)), "1682.76");
        assert_eq!(join_lines(&refs, None), "1682.7 6");
    }

    #[test]
    fn a_title_and_unit_printed_inside_the_frame_are_captions() {
        // A spreadsheet printed with its gridlines: margin columns at both sides, the
        // title merged across the middle, the unit in the last column, then the table.
        let mut g = glyphs("预算01表收支总表", 40.0, 115.0, 10.0);
        g.extend(glyphs("单位:万元", 104.0, 135.0, 8.0));
        g.extend(glyphs("项目", 20.0, 155.0, 10.0));
        g.extend(glyphs("金额", 110.0, 155.0, 10.0));
        let rules = vec![
            h(100.0, 5.0, 155.0),
            h(120.0, 5.0, 155.0),
            h(140.0, 5.0, 155.0),
            h(160.0, 5.0, 155.0),
            v(5.0, 100.0, 160.0),
            v(10.0, 100.0, 160.0),
            v(100.0, 140.0, 160.0),
            v(150.0, 100.0, 160.0),
            v(155.0, 100.0, 160.0),
        ];
        let page = PageGeometry {
            number: 1,
            width: 200.0,
            height: 300.0,
            glyphs: g,
            rules,
            ..Default::default()
        };
        let lines = lay_out(&[page], 1);
        let read: Vec<(bool, Vec<String>)> = lines
            .iter()
            .map(|l| (l.positional, l.cells.clone()))
            .collect();
        assert_eq!(
            read,
            [
                (false, vec!["预算01表收支总表".to_string()]),
                (false, vec!["单位:万元".to_string()]),
                (true, ["", "项目", "金额", ""].map(String::from).to_vec()),
            ]
        );
    }

    #[test]
    fn text_outside_tables_splits_at_wide_gaps() {
        let mut g = glyphs("收入总计", 10.0, 50.0, 10.0);
        g.extend(glyphs("307.82", 120.0, 50.0, 5.0));
        g.extend(glyphs("标题", 10.0, 20.0, 10.0));
        let cells = cells_of(g, vec![]);
        assert_eq!(cells, [vec!["标题"], vec!["收入总计", "307.82"]]);
    }

    #[test]
    fn an_unruled_table_keeps_its_columns_where_a_cell_is_missing() {
        let mut g = glyphs("30201", 10.0, 50.0, 5.0);
        g.extend(glyphs("办公费", 60.0, 50.0, 10.0));
        g.extend(glyphs("4.52", 150.0, 50.0, 5.0));
        g.extend(glyphs("合计", 10.0, 65.0, 10.0));
        g.extend(glyphs("28.95", 145.0, 65.0, 5.0));
        let cells = cells_of(g, vec![]);
        assert_eq!(
            cells,
            [vec!["30201", "办公费", "4.52"], vec!["合计", "", "28.95"]]
        );
    }

    #[test]
    fn faux_bold_doubles_and_page_numbers_go() {
        let mut g = glyphs("标题", 10.0, 20.0, 10.0);
        g.extend(glyphs("标题", 10.2, 20.1, 10.0));
        g.extend(glyphs("- 3 -", 90.0, 290.0, 5.0));
        let page = PageGeometry {
            number: 3,
            width: 200.0,
            height: 300.0,
            glyphs: g,
            rules: vec![],
            ..Default::default()
        };
        let cells: Vec<Vec<String>> = lay_out(&[page], 1).into_iter().map(|l| l.cells).collect();
        assert_eq!(cells, [vec!["标题"]]);
    }

    #[test]
    fn a_string_drawn_again_after_others_is_read_once() {
        let mut g = glyphs("金额单位:元", 100.0, 20.0, 8.0);
        g.extend(glyphs("表1", 10.0, 20.0, 8.0));
        g.extend(glyphs("金额单位:元", 100.0, 20.0, 8.0));
        let kept: String = without_doubles(&g)
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(kept, "金额单位:元表1");
    }

    #[test]
    fn a_narrow_column_merged_down_the_page_is_part_of_the_grid() {
        // Rows ruled from x=40 on; a vertical at x=10 touching no rule runs the grid's
        // height, and one 100 points further out is another table's.
        let rules = [
            h(0.0, 40.0, 200.0),
            h(20.0, 40.0, 200.0),
            h(40.0, 40.0, 200.0),
            v(40.0, 0.0, 40.0),
            v(200.0, 0.0, 40.0),
            v(10.0, 0.0, 40.0),
            v(300.0, 0.0, 40.0),
        ];
        let found = grids(&rules);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].xs, [10.0, 40.0, 200.0]);
        assert_eq!(found[0].bounds, [10.0, 0.0, 200.0, 40.0]);
    }
}
