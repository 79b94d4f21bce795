//! Header rows → a column tree, one printed path per column.
//!
//! A merged header cell reaches a text file as one label at *some* position of its
//! span, so positions drift between header rows. The tree is built from positions,
//! then repaired with three structural facts about merged cells, each repair reported:
//!
//! * **Ordered slots.** Labels of a lower row subdivide the multi-column cells above
//!   them. When a row's labels do not sit in those slots but their number equals the
//!   number of slots, they are assigned to the slots in order (the converter dropped
//!   the empty cells in front of them).
//! * **First child at the parent's start.** A merged cell's children start at its first
//!   column. If they start later, either the children drifted right (the parent's last
//!   columns hold no data: shift them back), or the previous parent's last child is
//!   wider than printed because a lower row subdivides it (move the boundary), or the
//!   stray child belongs to the previous parent (move it there).
//!
//! Data occupancy (which columns hold values in any body row) decides between the
//! first two; without data nothing is shifted.

use crate::text;

/// A header row: its labels with their positions.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderRow {
    /// Source line.
    pub line: usize,
    /// (position, cleaned label) of each non-empty cell.
    pub labels: Vec<(usize, String)>,
}

impl HeaderRow {
    /// Builds a header row from cells.
    pub fn from_cells(line: usize, cells: &[String]) -> Self {
        let labels = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(i, c)| (i, text::clean(c)))
            .collect();
        HeaderRow { line, labels }
    }
}

/// A repair made to a header, to be reported as a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The header row's line.
    pub line: usize,
    /// What was done.
    pub message: String,
}

/// The result: a path per column and the repairs made.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnTree {
    /// For each column, the labels from the top header row down.
    pub paths: Vec<Vec<String>>,
    /// For each column, the path of its parent group's columns (all but the last label).
    pub repairs: Vec<Repair>,
    /// Spans of every level, for checks that need the tree (e.g. a blank 小计).
    pub levels: Vec<Vec<Span>>,
}

/// A header cell's span over columns `start..=end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// First column.
    pub start: usize,
    /// Last column.
    pub end: usize,
    /// The label.
    pub text: String,
}

/// Whether `child`, under `parent`, shares the parent's columns with other labels of
/// its level: then it is one of several children, not the parent seen again.
fn has_siblings(level: &[Span], parent: &Span, child: &Span) -> bool {
    level
        .iter()
        .any(|s| !std::ptr::eq(s, child) && s.start >= parent.start && s.end <= parent.end)
}

impl Span {
    fn covers(&self, c: usize) -> bool {
        self.start <= c && c <= self.end
    }
    fn width(&self) -> usize {
        self.end + 1 - self.start
    }
}

/// Whether a header row is furniture: 栏次/行次 numbering, or just 1 2 3 … .
pub fn is_furniture(cells: &[String]) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let Some(first) = filled.first() else {
        return false;
    };
    if matches!(text::clean(first).as_str(), "栏次" | "行次" | "栏号") {
        return true;
    }
    filled.len() >= 3
        && filled
            .iter()
            .enumerate()
            .all(|(i, c)| c.parse::<usize>().ok() == Some(i + 1))
}

/// Builds the column tree of a header of `width` columns; `occupied[c]` tells whether
/// any body row has a value in column `c`.
pub fn build(rows: &[HeaderRow], width: usize, occupied: &[bool]) -> ColumnTree {
    let mut levels: Vec<Vec<Span>> = Vec::new();
    let mut repairs = Vec::new();
    let has_data = occupied.iter().any(|&o| o);
    for (k, row) in rows.iter().enumerate() {
        let mut labels: Vec<(usize, String)> = row
            .labels
            .iter()
            .filter(|(p, _)| *p < width)
            .cloned()
            .collect();
        if k > 0 {
            fill_ordered_slots(&levels, width, &mut labels, row.line, &mut repairs);
            let below = rows.get(k + 1);
            align_first_children(
                &mut levels,
                &mut labels,
                occupied,
                has_data,
                below,
                row.line,
                &mut repairs,
            );
        }
        levels.push(spans_of(&levels, &labels, width));
    }
    let paths: Vec<Vec<String>> = (0..width)
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            let mut above: Option<&Span> = None;
            for level in &levels {
                if let Some(s) = level.iter().find(|s| s.covers(c)) {
                    // The same cell seen again a level down (merged over both rows) adds
                    // nothing; a narrower cell under it with the same words is a child
                    // of its own (因公出国(境)费 / 因公出国(境)费, beside 小计).
                    let repeated = above.is_some_and(|a| {
                        a.text == s.text
                            && ((a.start, a.end) == (s.start, s.end) || !has_siblings(level, a, s))
                    });
                    if !repeated {
                        path.push(s.text.clone());
                    }
                    above = Some(s);
                }
            }
            path
        })
        .collect();
    let mut paths: Vec<Vec<String>> = paths;
    // A trailing column that a label spans only because nothing stands to its right,
    // and that holds no data, belongs to the parent alone.
    for c in 1..width {
        if paths[c].len() > 1
            && paths[c] == paths[c - 1]
            && has_data
            && !occupied.get(c).copied().unwrap_or(false)
        {
            paths[c].pop();
        }
    }
    ColumnTree {
        paths,
        repairs,
        levels,
    }
}

/// The span that a label at `c` nests in: the deepest one above that covers it.
fn parent_of(levels: &[Vec<Span>], c: usize, width: usize) -> Span {
    levels
        .iter()
        .rev()
        .find_map(|l| l.iter().find(|s| s.covers(c)).cloned())
        .unwrap_or(Span {
            start: 0,
            end: width.saturating_sub(1),
            text: String::new(),
        })
}

/// Each label spans to the next label of its row, within its parent.
fn spans_of(levels: &[Vec<Span>], labels: &[(usize, String)], width: usize) -> Vec<Span> {
    labels
        .iter()
        .enumerate()
        .map(|(i, (p, text))| {
            let parent = parent_of(levels, *p, width);
            let natural = labels
                .get(i + 1)
                .map_or(width - 1, |(q, _)| q.saturating_sub(1).max(*p));
            Span {
                start: *p,
                end: natural.min(parent.end).max(*p),
                text: text.clone(),
            }
        })
        .collect()
}

/// Columns that a lower row is expected to subdivide: those whose deepest covering
/// span above is more than one column wide.
fn open_slots(levels: &[Vec<Span>], width: usize) -> Vec<usize> {
    (0..width)
        .filter(|&c| {
            levels
                .iter()
                .rev()
                .find_map(|l| l.iter().find(|s| s.covers(c)))
                .is_some_and(|s| s.width() > 1)
        })
        .collect()
}

fn fill_ordered_slots(
    levels: &[Vec<Span>],
    width: usize,
    labels: &mut [(usize, String)],
    line: usize,
    repairs: &mut Vec<Repair>,
) {
    let slots = open_slots(levels, width);
    let well_placed = labels.iter().all(|(p, _)| slots.contains(p));
    if well_placed || labels.len() != slots.len() {
        return;
    }
    for ((p, _), slot) in labels.iter_mut().zip(&slots) {
        *p = *slot;
    }
    repairs.push(Repair {
        line,
        message: format!(
            "header labels {} sat outside the merged cells above them; placed in order under them",
            labels
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("/")
        ),
    });
}

fn align_first_children(
    levels: &mut [Vec<Span>],
    labels: &mut [(usize, String)],
    occupied: &[bool],
    has_data: bool,
    below: Option<&HeaderRow>,
    line: usize,
    repairs: &mut Vec<Repair>,
) {
    let Some(above) = levels.last_mut() else {
        return;
    };
    for pi in 0..above.len() {
        let parent = above[pi].clone();
        let children: Vec<usize> = (0..labels.len())
            .filter(|&i| parent.covers(labels[i].0))
            .collect();
        let Some(&first) = children.first() else {
            continue;
        };
        let q = labels[first].0;
        if q == parent.start {
            continue;
        }
        let gap = q - parent.start;
        let data = |r: std::ops::RangeInclusive<usize>| {
            r.into_iter().any(|c| occupied.get(c) == Some(&true))
        };
        let tail_empty = !data(parent.end + 1 - gap..=parent.end);
        if has_data && tail_empty && data(parent.start..=q - 1) {
            for &i in &children {
                labels[i].0 -= gap;
            }
            repairs.push(Repair {
                line,
                message: format!(
                    "header labels under {} shifted left by {gap} to sit over their data",
                    parent.text
                ),
            });
            continue;
        }
        let Some(prev) = pi.checked_sub(1).map(|i| above[i].clone()) else {
            continue;
        };
        if prev.end + 1 != parent.start {
            continue;
        }
        let prev_last = (0..labels.len()).rev().find(|&i| prev.covers(labels[i].0));
        if prev_last.is_none() {
            continue;
        }
        if children.len() <= gap {
            // Fewer children than skipped columns: they are the previous parent's last
            // children, printed one cell too far right ("三公" 公务用车运行费).
            let moved = children.len();
            for (n, &i) in children.iter().enumerate() {
                labels[i].0 = prev.end + 1 + n;
            }
            above[pi - 1].end = prev.end + moved;
            above[pi].start = prev.end + moved + 1;
            repairs.push(Repair {
                line,
                message: format!(
                    "header labels under {} belong to {}; moved there",
                    parent.text, prev.text
                ),
            });
            continue;
        }
        // Otherwise the previous parent is wider than printed: its last child takes the
        // gap, when the gap holds no data or a lower row subdivides the widened cell.
        let subdivided_below = prev_last.is_some_and(|i| {
            below.is_some_and(|b| b.labels.iter().any(|(p, _)| *p > labels[i].0 && *p < q))
        });
        if subdivided_below || (has_data && !data(parent.start..=q - 1)) {
            above[pi - 1].end = q - 1;
            above[pi].start = q;
            repairs.push(Repair {
                line: line.saturating_sub(1),
                message: format!(
                    "merged header cell {} widened to column {}; {} starts at column {q}",
                    prev.text,
                    q - 1,
                    parent.text
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, cells: &str) -> HeaderRow {
        let cells: Vec<String> = cells.split('\t').map(str::to_string).collect();
        HeaderRow::from_cells(line, &cells)
    }

    fn paths(rows: &[&str], data_row: &str) -> Vec<String> {
        let header: Vec<HeaderRow> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| row(i + 1, r))
            .collect();
        let data: Vec<&str> = data_row.split('\t').collect();
        let width = rows
            .iter()
            .map(|r| r.split('\t').count())
            .chain([data.len()])
            .max()
            .unwrap();
        let occupied: Vec<bool> = (0..width)
            .map(|c| data.get(c).is_some_and(|d| !d.is_empty()))
            .collect();
        build(&header, width, &occupied)
            .paths
            .into_iter()
            .map(|p| p.join("/"))
            .collect()
    }

    #[test]
    fn a_child_named_like_its_parent_is_a_column_of_its_own() {
        // 因公出国(境)费 over 小计 | 因公出国(境)费 | 科研因公出国(境)费用.
        let got = paths(
            &[
                "合计	因公出国(境)费			公务接待费",
                "	小计	因公出国(境)费	科研因公出国(境)费用	",
            ],
            "1.00	0.00	0.00	0.00	1.00",
        );
        assert_eq!(got[2], "因公出国(境)费/因公出国(境)费");
        assert_eq!(got[1], "因公出国(境)费/小计");
        // A cell merged over both rows is not repeated.
        assert_eq!(got[4], "公务接待费");
    }

    #[test]
    fn simple_two_level_header() {
        assert_eq!(
            paths(
                &["收入\t\t支出\t", "项目\t金额\t项目\t金额"],
                "a\t1.00\tb\t2.00"
            ),
            ["收入/项目", "收入/金额", "支出/项目", "支出/金额"]
        );
    }

    #[test]
    fn children_drifted_right_are_shifted_back_over_their_data() {
        // seed 000, 部门支出预算表: the 项目支出 children are one column to the right.
        let got = paths(
            &[
                "科目编码\t\t\t单位代码\t单位（科目名称）\t合计\t基本支出\t\t\t\t\t项目支出\t\t\t",
                "类\t款\t项\t\t\t\t小计\t人员经费\t\t公用经费\t\t\t小计\t其他运转类\t特定目标类",
                "\t\t\t\t\t\t\t工资福利支出\t对个人和家庭的补助\t商品和服务支出\t资本性支出\t\t\t\t",
            ],
            "\t\t\t\t合计\t931.95\t667.59\t557.39\t38.85\t71.35\t\t264.36\t234.36\t30.00\t",
        );
        assert_eq!(got[11], "项目支出/小计");
        assert_eq!(got[12], "项目支出/其他运转类");
        assert_eq!(got[13], "项目支出/特定目标类");
        assert_eq!(got[14], "项目支出");
        assert_eq!(got[10], "基本支出/公用经费/资本性支出");
        assert_eq!(got[0], "科目编码/类");
    }

    #[test]
    fn collapsed_lowest_row_fills_slots_in_order() {
        // seed 000, 一般公共预算支出预算表.
        let got = paths(
            &[
                "科目编码\t\t\t单位代码\t单位(科目名称)\t合计\t基本支出\t\t\t\t项目支出\t\t\t",
                "\t\t\t\t\t\t小计\t人员经费\t\t公用经费\t\t小计\t其他运转类\t特定目标类",
                "类\t款\t项\t工资福利支出\t对个人和家庭 的补助\t商品和服 务支出\t\t资本性 支出\t\t\t\t\t\t",
            ],
            "\t\t\t\t合计\t931.95\t667.59\t557.39\t38.85\t71.35\t\t264.36\t234.36\t30.00",
        );
        let want = [
            "科目编码/类",
            "科目编码/款",
            "科目编码/项",
            "单位代码",
            "单位(科目名称)",
            "合计",
            "基本支出/小计",
            "基本支出/人员经费/工资福利支出",
            "基本支出/人员经费/对个人和家庭的补助",
            "基本支出/公用经费/商品和服务支出",
            "基本支出/公用经费/资本性支出",
            "项目支出/小计",
            "项目支出/其他运转类",
            "项目支出/特定目标类",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn stray_child_moves_to_the_parent_it_belongs_to() {
        // seed 000, "三公"经费预算表.
        let got = paths(
            &[
                "“三公”经费合计\t因公出国(境)费\t公务用车购置及运行费\t\t公务接待费\t",
                "\t\t小计\t公务用车购置费\t\t公务用车运行费",
            ],
            "13.50\t\t10.50\t\t10.50\t3.00",
        );
        assert_eq!(
            got,
            [
                "“三公”经费合计",
                "因公出国(境)费",
                "公务用车购置及运行费/小计",
                "公务用车购置及运行费/公务用车购置费",
                "公务用车购置及运行费/公务用车运行费",
                "公务接待费",
            ]
        );
    }

    #[test]
    fn furniture_rows() {
        let cells = |s: &str| s.split('\t').map(str::to_string).collect::<Vec<_>>();
        assert!(is_furniture(&cells("栏次\t1\t2\t3")));
        assert!(is_furniture(&cells("\t1\t2\t3\t4")));
        assert!(!is_furniture(&cells("1\t一般公共服务\t1.00")));
    }
}
