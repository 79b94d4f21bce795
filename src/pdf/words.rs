//! The amounts printed on a page, read from its glyphs apart from the layout, so that
//! the audit of unplaced amounts does not depend on how the layout cut the page into
//! cells.
//!
//! A word is a run of glyphs on one baseline with no space and no gap wider than a
//! fifth of the font size inside it. A word that is an amount is printed in a table cell
//! unless it is prose: a Chinese word within 6 points (or three quarters of its size,
//! for justified body text) of it on its line (a sentence sets its words a space apart,
//! while table cells are kept apart by padding and rules), or a
//! unit word (万, 亿, 元, %) right after it ("1,899.90 万元"). A ruling line between two
//! glyphs parts them whatever the gap: cells are cells even where the text of one runs
//! on, clipped, under the next. The numbers of a chart's value axis are no table, and a
//! subscript or superscript belongs to its word ("PM₂.₅").

use std::collections::HashMap;

use super::layout::{by_baseline, continues_number, glyph_box, real_rules, too_narrow};
use super::read::{Glyph, PageGeometry, Rule};
use crate::line::{Line, PrintedAmount, Rect, amount_token, holds, union};
use crate::text::is_cjk;

/// Closer than this to a Chinese word, an amount is part of a sentence: about half an
/// em of body text, well under the padding of a table cell.
const PROSE_GAP: f64 = 6.0;

struct Word {
    text: String,
    rect: Rect,
}

/// The amounts printed in table cells of every page, each with the line (numbered as
/// `lines` are) whose cell holds it.
pub fn printed_amounts(
    pages: &[PageGeometry],
    visible: &[Vec<Glyph>],
    lines: &[Line],
    threads: usize,
) -> Vec<PrintedAmount> {
    let mut cells: HashMap<u32, Vec<(usize, Rect)>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(page) = line.page else { continue };
        let boxes = line.boxes.iter().flatten().map(|b| (i + 1, *b));
        cells.entry(page).or_default().extend(boxes);
    }
    let per_page = super::per_page(pages, threads, |i, page| {
        let mut out = Vec::new();
        let glyphs = &visible[i];
        let rules = real_rules(&page.rules, glyphs);
        for (dir, glyphs) in by_direction(glyphs) {
            let (walls, floors) = upright_rules(&rules, dir);
            let refs: Vec<_> = glyphs.iter().collect();
            let mut lines: Vec<Vec<Word>> = by_baseline(&refs)
                .iter()
                .map(|baseline| words(baseline, &walls))
                .collect();
            join_wrapped_numbers(&mut lines, &walls, &floors);
            let scale = axis_scale(&lines);
            for (n, words) in lines.iter().enumerate() {
                for (i, word) in words.iter().enumerate() {
                    let Some(amount) = amount_token(&word.text) else {
                        continue;
                    };
                    if is_prose(words, i, &walls)
                        || unit_follows(words, i, lines.get(n + 1), &walls)
                        || scale.contains(&(n, i))
                        || is_script(word, &lines, n)
                    {
                        continue;
                    }
                    let rect = to_page(word.rect, dir);
                    let line = cells.get(&page.number).and_then(|c| {
                        c.iter()
                            .find(|(_, b)| holds(b, &rect))
                            .map(|(line, _)| *line)
                    });
                    out.push(PrintedAmount {
                        page: Some(page.number),
                        line,
                        bbox: Some(rect),
                        text: word.text.clone(),
                        amount,
                    });
                }
            }
        }
        out
    });
    per_page.into_iter().flatten().collect()
}

/// Whether a word is set small beside larger text on a line just above or below: a
/// subscript or superscript ("PM₂.₅", a footnote mark), part of that text.
fn is_script(word: &Word, lines: &[Vec<Word>], n: usize) -> bool {
    let w = word.rect;
    let height = w[3] - w[1];
    let near = [n.checked_sub(1), n.checked_add(1)];
    near.iter()
        .flatten()
        .filter_map(|&k| lines.get(k))
        .flatten()
        .any(|o| {
            let r = o.rect;
            let big = r[3] - r[1];
            let beside = (w[0] - r[2]).abs() < 0.5 * big || (r[0] - w[2]).abs() < 0.5 * big;
            let overlaps = r[1] < w[3] && w[1] < r[3];
            // Scripts hang on words, not on numbers (a number wrapped in a cell beside is
            // tall too).
            let wordy = o.text.chars().any(|c| c.is_alphabetic());
            wordy && big > 1.25 * height && beside && overlaps
        })
}

/// The numbers of a chart's value axis (8.2, 7.8, 7.6 … each alone on its line, set
/// flush right one above the other): four or more whose values go with their height in
/// a straight line, as no column of a table does. Their (line, word) places.
fn axis_scale(lines: &[Vec<Word>]) -> Vec<(usize, usize)> {
    // Numbers alone on their line: (line, word, right edge, middle height, value).
    let mut alone: Vec<(usize, usize, f64, f64, f64)> = Vec::new();
    for (n, words) in lines.iter().enumerate() {
        let mut written = words.iter().enumerate().filter(|(_, w)| !w.text.is_empty());
        if let (Some((i, w)), None) = (written.next(), written.next())
            && let Some(value) = w.text.parse::<f64>().ok()
        {
            alone.push((n, i, w.rect[2], (w.rect[1] + w.rect[3]) / 2.0, value));
        }
    }
    let mut out = Vec::new();
    let mut done = vec![false; alone.len()];
    for a in 0..alone.len() {
        if done[a] {
            continue;
        }
        let column: Vec<usize> = (a..alone.len())
            .filter(|&b| (alone[b].2 - alone[a].2).abs() <= 1.5)
            .collect();
        for &b in &column {
            done[b] = true;
        }
        if column.len() < 4 {
            continue;
        }
        let (first, last) = (alone[column[0]], alone[column[column.len() - 1]]);
        if (last.3 - first.3).abs() < 1.0 || (last.4 - first.4).abs() < f64::EPSILON {
            continue;
        }
        let slope = (last.4 - first.4) / (last.3 - first.3);
        let span = (last.4 - first.4).abs();
        let straight = column.iter().all(|&b| {
            let expected = first.4 + slope * (alone[b].3 - first.3);
            (alone[b].4 - expected).abs() <= 0.02 * span
        });
        if straight {
            out.extend(column.iter().map(|&b| (alone[b].0, alone[b].1)));
        }
    }
    out
}

/// The page's glyphs by the direction of their text, each turned upright: a table
/// printed sideways is read along its own lines, as a reader turning the page would.
fn by_direction(glyphs: &[Glyph]) -> Vec<([f64; 2], Vec<Glyph>)> {
    let mut groups: Vec<([f64; 2], Vec<Glyph>)> = Vec::new();
    for g in glyphs {
        let upright = Glyph {
            x: g.x * g.dir[0] + g.y * g.dir[1],
            y: -g.x * g.dir[1] + g.y * g.dir[0],
            ..g.clone()
        };
        let same = |d: &[f64; 2]| (d[0] - g.dir[0]).abs() + (d[1] - g.dir[1]).abs() < 0.02;
        match groups.iter_mut().find(|(d, _)| same(d)) {
            Some((_, group)) => group.push(upright),
            None => groups.push((g.dir, vec![upright])),
        }
    }
    groups
}

/// A box in the upright frame of text running along `dir`, back in page space.
fn to_page(r: Rect, dir: [f64; 2]) -> Rect {
    let [dx, dy] = dir;
    let corners = [(r[0], r[1]), (r[2], r[1]), (r[0], r[3]), (r[2], r[3])];
    let mut out = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for (a, c) in corners {
        let (x, y) = (a * dx - c * dy, a * dy + c * dx);
        out = [out[0].min(x), out[1].min(y), out[2].max(x), out[3].max(y)];
    }
    out
}

/// A vertical ruling line in the upright frame of some text: its x and its y extent.
struct Wall {
    x: f64,
    top: f64,
    bottom: f64,
}

/// A horizontal ruling line in the upright frame of some text: its y and x extent.
struct Floor {
    y: f64,
    left: f64,
    right: f64,
}

/// The rules in the upright frame of text running along `dir`: those that stand across
/// it (walls) and those that run along it (floors).
fn upright_rules(rules: &[Rule], dir: [f64; 2]) -> (Vec<Wall>, Vec<Floor>) {
    let [dx, dy] = dir;
    let turn = |x: f64, y: f64| (x * dx + y * dy, -x * dy + y * dx);
    let (mut walls, mut floors) = (Vec::new(), Vec::new());
    for r in rules {
        let (a, b) = (turn(r.x0, r.y0), turn(r.x1, r.y1));
        if (a.0 - b.0).abs() < 0.5 {
            let (top, bottom) = (a.1.min(b.1), a.1.max(b.1));
            walls.push(Wall {
                x: a.0,
                top,
                bottom,
            });
        } else if (a.1 - b.1).abs() < 0.5 {
            let (left, right) = (a.0.min(b.0), a.0.max(b.0));
            floors.push(Floor {
                y: a.1,
                left,
                right,
            });
        }
    }
    (walls, floors)
}

/// Whether a wall stands between x positions `left` and `right` at height `y`.
fn walled(walls: &[Wall], left: f64, right: f64, y: f64) -> bool {
    walls
        .iter()
        .any(|w| left < w.x && w.x < right && w.top - 1.0 <= y && y <= w.bottom + 1.0)
}

/// A baseline's glyphs (left to right) as words.
fn words(baseline: &[&Glyph], walls: &[Wall]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    // Whether the last glyph may continue a word (no space since), where the word ends,
    // and the middle of its last glyph.
    let mut open = false;
    let mut right = f64::NEG_INFINITY;
    let mut last_middle = f64::NEG_INFINITY;
    for g in baseline {
        let text = g.text.trim();
        if text.is_empty() {
            open = false;
            continue;
        }
        let b = glyph_box(g);
        let middle = (b[1] + b[3]) / 2.0;
        match words.last_mut() {
            Some(w)
                if open
                    && g.x - right <= 0.2 * g.size
                    && !overrun(w, g, right)
                    && !walled(walls, last_middle, g.x + g.w / 2.0, middle) =>
            {
                w.text.push_str(text);
                w.rect = union(w.rect, b);
            }
            _ => {
                words.push(Word {
                    text: text.to_string(),
                    rect: b,
                });
                right = f64::NEG_INFINITY;
            }
        }
        open = true;
        right = right.max(g.x + g.w);
        last_middle = g.x + g.w / 2.0;
    }
    words
}

/// Joins numbers wrapped inside a narrow ruled cell ("1682.7" over "6"): a word on the
/// next line under a number, between the same two walls, that completes it into an
/// amount, where the two together are wider than the cell could hold on one line.
fn join_wrapped_numbers(lines: &mut [Vec<Word>], walls: &[Wall], floors: &[Floor]) {
    for i in 1..lines.len() {
        let (above, below) = lines.split_at_mut(i);
        for tail in below[0].iter_mut() {
            let t = tail.rect;
            let height = t[3] - t[1];
            // The head is on one of the lines just above (single-line cells of the row
            // sit between a wrapped cell's two lines), over the tail.
            let Some(head) = above.iter_mut().rev().take(3).flatten().find(|w| {
                let h = w.rect;
                t[1] - h[3] < height
                    && t[1] > h[1]
                    && h[0] - height <= t[0]
                    && t[2] <= h[2] + height
                    && continues_number(&w.text, &tail.text)
            }) else {
                continue;
            };
            let h = head.rect;
            let middle = (h[1] + h[3]) / 2.0;
            let left = walls
                .iter()
                .filter(|w| w.x <= h[0] && w.top - 1.0 <= middle && middle <= w.bottom + 1.0)
                .map(|w| w.x)
                .fold(f64::NEG_INFINITY, f64::max);
            let right = walls
                .iter()
                .filter(|w| w.x >= h[2] && w.top - 1.0 <= middle && middle <= w.bottom + 1.0)
                .map(|w| w.x)
                .fold(f64::INFINITY, f64::min);
            let inside = left <= t[0] && t[2] <= right;
            // The tail's first character would not have fitted on the head's line.
            let first = (t[2] - t[0]) / tail.text.chars().count().max(1) as f64;
            let too_wide = too_narrow([left, h[1], right, h[3]], (h[0], h[2]), first, height);
            let parted = floors
                .iter()
                .any(|f| h[3] - 1.0 <= f.y && f.y <= t[1] + 1.0 && f.left < t[2] && t[0] < f.right);
            if inside && too_wide && !parted && (right - left).is_finite() {
                head.text.push_str(&tail.text);
                head.rect = union(h, t);
                tail.text.clear();
            }
        }
    }
}

/// Whether `g` starts well inside the word's last glyph, and one of the two is Chinese
/// and the other not: the text of one cell running on, clipped, under the next cell's.
/// (A number drawn in two overlapping runs, "174,900" and ".64", stays one word.)
fn overrun(word: &Word, g: &Glyph, right: f64) -> bool {
    let last_cjk = word.text.chars().last().is_some_and(is_cjk);
    let this_cjk = g.text.chars().next().is_some_and(is_cjk);
    g.x - right < -0.25 * g.size && last_cjk != this_cjk
}

/// Whether the amount word `i` ends its line of text and the next line goes on with
/// its unit ("…支出（501）2079.07" / "万元，较上年…"): a sentence broken at the margin.
fn unit_follows(words: &[Word], i: usize, next: Option<&Vec<Word>>, walls: &[Wall]) -> bool {
    let w = &words[i].rect;
    let last = words[i + 1..].iter().all(|o| o.text.is_empty());
    let height = w[3] - w[1];
    let Some(first) = next.and_then(|n| {
        n.iter()
            .filter(|o| !o.text.is_empty())
            .min_by(|a, b| a.rect[0].total_cmp(&b.rect[0]))
    }) else {
        return false;
    };
    let yes = last
        && first.rect[1] - w[3] < height
        && first.rect[0] < w[0]
        && first.text.starts_with(['万', '亿', '元']);
    // In a table, rules stand between the amount and the line below's first word.
    yes && !walled(walls, first.rect[0], w[2], (w[1] + w[3]) / 2.0)
}

/// Whether the amount word `i` is part of a sentence.
fn is_prose(words: &[Word], i: usize, walls: &[Wall]) -> bool {
    let w = &words[i].rect;
    let height = w[3] - w[1];
    let middle = (w[1] + w[3]) / 2.0;
    words.iter().enumerate().any(|(j, other)| {
        if j == i {
            return false;
        }
        let o = &other.rect;
        let after = o[0] - w[2];
        let before = w[0] - o[2];
        if walled(walls, w[0].min(o[0]), w[2].max(o[2]), middle) {
            return false;
        }
        let unit = other.text.starts_with(['万', '亿', '元', '%', '％']);
        if unit && after > -1.0 && after < 1.5 * height {
            return true;
        }
        // Justified body text (14–16 pt) spreads its word gaps past 6 points; three
        // quarters of the amount's own size still reads as a space.
        let gap = PROSE_GAP.max(0.75 * height);
        other.text.chars().any(is_cjk)
            && ((after > -1.0 && after < gap) || (before > -1.0 && before < gap))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::visible_glyphs;

    /// The audit of `pages` alone, as the document's reading does it.
    fn printed_amounts_of(pages: &[PageGeometry], lines: &[Line]) -> Vec<PrintedAmount> {
        let visible: Vec<Vec<Glyph>> = pages.iter().map(visible_glyphs).collect();
        printed_amounts(pages, &visible, lines, 1)
    }

    use crate::pdf::read::glyph_run as glyphs;

    fn page(glyphs: Vec<Glyph>) -> PageGeometry {
        PageGeometry {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            rules: Vec::new(),
            ..Default::default()
        }
    }

    fn printed(glyphs: Vec<Glyph>) -> Vec<String> {
        texts(page(glyphs))
    }

    #[test]
    fn amounts_in_cells_are_printed_amounts() {
        let mut g = glyphs("行政运行", 50.0, 100.0, 10.0, 10.0);
        g.extend(glyphs("1,095.72", 200.0, 100.0, 10.0, 5.0));
        g.extend(glyphs("16.19", 300.0, 100.0, 10.0, 5.0));
        g.extend(glyphs("2023", 400.0, 100.0, 10.0, 5.0));
        assert_eq!(printed(g), ["1,095.72", "16.19"]);
    }

    #[test]
    fn amounts_in_sentences_are_prose() {
        // "支出 16.19 万元，比上年增加 2.5。": a word space from Chinese words.
        let mut g = glyphs("支出", 50.0, 100.0, 10.0, 10.0);
        g.extend(glyphs("16.19", 73.0, 100.0, 10.0, 5.0));
        g.extend(glyphs("万元", 101.0, 100.0, 10.0, 10.0));
        g.extend(glyphs("增加", 200.0, 100.0, 10.0, 10.0));
        g.extend(glyphs("2.50", 223.0, 100.0, 10.0, 5.0));
        g.extend(glyphs("。", 245.0, 100.0, 10.0, 10.0));
        assert!(printed(g).is_empty());
    }

    #[test]
    fn amounts_in_justified_body_text_are_prose() {
        // 15 pt body text justified to the margin: the word gaps grew to 8 points.
        let mut g = glyphs("支出合计", 50.0, 100.0, 15.0, 15.0);
        g.extend(glyphs("1574.53", 118.0, 100.0, 15.0, 7.5));
        assert!(printed(g).is_empty());
        // A 9 pt table row with its amount 8 points from the label is a table.
        let mut g = glyphs("合计", 50.0, 100.0, 9.0, 9.0);
        g.extend(glyphs("16.19", 76.0, 100.0, 9.0, 4.5));
        assert_eq!(printed(g), ["16.19"]);
    }

    #[test]
    fn an_amount_whose_unit_starts_the_next_line_is_prose() {
        // "…支出（501）2079.07" / "万元，较上年增加…": a sentence broken at the margin.
        let mut g = glyphs("支出(501)", 50.0, 100.0, 15.0, 15.0);
        g.extend(glyphs("2079.07", 300.0, 100.0, 15.0, 7.5));
        g.extend(glyphs("万元,较上年增加", 50.0, 125.0, 15.0, 15.0));
        assert!(printed(g.clone()).is_empty());
        // In a table, a rule between them: the label of the next row wrapped "(万元)".
        let mut p = page(g);
        p.rules.push(Rule {
            x0: 280.0,
            y0: 80.0,
            x1: 280.0,
            y1: 140.0,
        });
        let found = texts(p);
        assert_eq!(found, ["2079.07"]);
    }

    #[test]
    fn a_subscript_is_part_of_its_word() {
        // "PM₂.₅年均浓度" in a cell of text: the subscript sits lower and smaller.
        let mut g = glyphs("PM", 100.0, 100.0, 10.0, 6.0);
        g.extend(glyphs("2.5", 112.0, 103.5, 5.0, 2.5));
        g.extend(glyphs("年均浓度", 120.0, 100.0, 10.0, 10.0));
        assert!(printed(g).is_empty());
    }

    #[test]
    fn a_charts_value_axis_is_no_table() {
        // 8.2 … 6.4 a step of 0.2 apart, 12 points apart, flush right (the integers
        // 8 and 7 between are no amounts).
        let mut g = Vec::new();
        for (k, v) in ["8.2", "8", "7.8", "7.6", "7.4", "7.2", "7", "6.8"]
            .iter()
            .enumerate()
        {
            let x = 100.0 - 5.0 * v.len() as f64;
            g.extend(glyphs(v, x, 100.0 + 12.0 * k as f64, 8.0, 5.0));
        }
        assert!(printed(g).is_empty());
        // A column of amounts in a table is not a straight line.
        let mut g = Vec::new();
        for (k, v) in ["12.50", "3.20", "40.00", "7.75"].iter().enumerate() {
            let x = 100.0 - 5.0 * v.len() as f64;
            g.extend(glyphs(v, x, 100.0 + 12.0 * k as f64, 8.0, 5.0));
        }
        assert_eq!(printed(g).len(), 4);
    }

    #[test]
    fn line_is_the_cell_that_holds_the_amount() {
        let lines = vec![Line {
            number: 1,
            page: Some(1),
            cells: vec!["16.19".into()],
            boxes: vec![Some([290.0, 90.0, 330.0, 105.0])],
            separator: crate::line::Separator::Tab,
        }];
        let found = printed_amounts_of(&[page(glyphs("16.19", 300.0, 100.0, 10.0, 5.0))], &lines);
        assert_eq!(found[0].line, Some(1));
        assert_eq!(found[0].amount, "16.19".parse().unwrap());
    }

    #[test]
    fn a_rule_parts_a_name_run_on_under_the_next_cell() {
        // "支出" overflows its cell, clipped, under "0.00"; a rule stands between them.
        let mut g = glyphs("支出", 90.0, 100.0, 8.0, 8.0);
        g.extend(glyphs("0.00", 103.0, 100.0, 8.0, 4.0));
        let mut p = page(g.clone());
        p.rules.push(Rule {
            x0: 102.5,
            y0: 80.0,
            x1: 102.5,
            y1: 110.0,
        });
        let found = texts(p);
        assert_eq!(found, ["0.00"]);
        // Without the rule, the overlap of a Chinese glyph and a digit still parts them.
        assert_eq!(printed(g), ["0.00"]);
    }

    /// A ruled cell from x 100 to 135 and y 80 to 120, with a cell on its right.
    fn narrow_cell(mut g: Vec<Glyph>) -> PageGeometry {
        g.extend(glyphs("0.00", 150.0, 104.0, 7.0, 3.5));
        let mut p = page(g);
        for (x0, y0, x1, y1) in [
            (100.0, 80.0, 100.0, 120.0),
            (135.0, 80.0, 135.0, 120.0),
            (170.0, 80.0, 170.0, 120.0),
            (100.0, 80.0, 170.0, 80.0),
            (100.0, 120.0, 170.0, 120.0),
        ] {
            p.rules.push(Rule { x0, y0, x1, y1 });
        }
        p
    }

    fn texts(p: PageGeometry) -> Vec<String> {
        printed_amounts_of(&[p], &[])
            .into_iter()
            .map(|a| a.text)
            .collect()
    }

    #[test]
    fn a_number_wrapped_in_a_narrow_cell_is_one_amount() {
        // "1682.7" fills the cell; its last digit went to the next line.
        let mut g = glyphs("1682.7", 105.0, 100.0, 7.0, 3.7);
        g.extend(glyphs("6", 105.0, 109.0, 7.0, 3.7));
        assert_eq!(texts(narrow_cell(g)), ["1682.76", "0.00"]);
    }

    #[test]
    fn numbers_in_two_cells_one_above_the_other_stay_apart() {
        // A short number with room beside it, and one below it: two values.
        let mut g = glyphs("12.5", 105.0, 100.0, 7.0, 3.7);
        g.extend(glyphs("3", 105.0, 109.0, 7.0, 3.7));
        assert_eq!(texts(narrow_cell(g)), ["12.5", "0.00"]);
        // A rule between them parts them whatever the widths.
        let mut g = glyphs("1682.7", 105.0, 100.0, 7.0, 3.7);
        g.extend(glyphs("6", 105.0, 109.0, 7.0, 3.7));
        let mut p = narrow_cell(g);
        p.rules.push(Rule {
            x0: 100.0,
            y0: 102.0,
            x1: 135.0,
            y1: 102.0,
        });
        assert_eq!(texts(p), ["1682.7", "0.00"]);
    }

    #[test]
    fn text_turned_sideways_is_read_along_its_lines() {
        // A table page turned 90°: glyphs advance down the page.
        let g: Vec<Glyph> = "1,095.72"
            .chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: 100.0,
                y: 200.0 + i as f64 * 5.0,
                w: 5.0,
                size: 10.0,
                text: c.to_string(),
                dir: [0.0, 1.0],
            })
            .collect();
        let found = printed_amounts_of(&[page(g)], &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "1,095.72");
        let b = found[0].bbox.unwrap();
        assert!(
            b[3] - b[1] > b[2] - b[0],
            "the box runs down the page: {b:?}"
        );
    }
}
