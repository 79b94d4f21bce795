//! Form tables (绩效目标表) → records.
//!
//! A form is not a grid: its rows are label/value pairs ("预算数 | 10.40 | 其中：财政资金 |
//! 10.40"), section labels ("预算规模及资金用途"), and small grids introduced by a row
//! of their own headings ("一级指标 | 二级指标 | 三级指标 | 指标值", "3月底 | 6月底").
//! Each value's column is the label it belongs to, prefixed by its section.

use std::sync::LazyLock;

use regex::Regex;

use super::amount;
use super::grammar::RawTable;
use super::placement::{Findings, value};
use super::rows::Row;
use crate::model::{Key, Record, RecordKind, Severity};
use crate::text;

static FORM_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(项目编码|项目编号|部门\(单位\)名称|部门名称)").expect("valid regex")
});
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(预算规模及资金用途|资金支出计划.*|预算情况|年度主要任务)$").expect("valid regex")
});
static FORM_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(项目编码|项目编号|项目名称|绩效目标|年度履职目标|部门\(单位\)名称|部门名称)")
        .expect("valid regex")
});
static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\(\d+\)|\d+[、.]|[一二三四五六七八九十]+、)").expect("valid regex")
});
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}月底|[一二三]级指标|指标值|指标值说明|指标值确定依据|绩效指标描述|任务名称|主要内容|分值|权重|分值权重(\([^)]*\))?)$")
        .expect("valid regex")
});

/// What a project's form says about the project, each at the start of a row of its own:
/// no grid has rows headed so.
static PROJECT_FORM_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(主管部门|实施单位|项目资金|资金总额|总体目标|年度目标|年度绩效目标|绩效指标|项目属性|项目期限|项目概况)")
        .expect("valid regex")
});

/// Whether a table whose first row is `first` is a form.
pub fn is_form(first: &Row) -> bool {
    first
        .filled()
        .next()
        .is_some_and(|(_, c)| FORM_START.is_match(&text::clean(c)))
}

/// Whether a page of rows starts a project's form with its 项目名称 ("项目名称 | 援疆干部
/// 工作经费"): a 项目支出表 starts so too, but no row of it is headed 主管部门, 总体目标,
/// 绩效指标 or the like. A page that repeats a form's title over such rows starts the
/// next form, not the same one.
pub fn is_project_form_page(page: &[&Row]) -> bool {
    let first_cell = |r: &Row| r.filled().next().map(|(_, c)| text::clean(c));
    page.first()
        .and_then(|r| first_cell(r))
        .is_some_and(|c| c.starts_with("项目名称"))
        && page
            .iter()
            .skip(1)
            .filter_map(|r| first_cell(r))
            .any(|c| PROJECT_FORM_ROW.is_match(&c))
}

/// The headings of a small grid inside a form.
struct Headings {
    labels: Vec<(usize, String)>,
    /// A spending-plan heading (3月底 …) applies to the next row only.
    one_row: bool,
}

impl Headings {
    fn label_at(&self, pos: usize) -> Option<&str> {
        self.labels
            .iter()
            .rev()
            .find(|(p, _)| *p <= pos)
            .map(|(_, l)| l.as_str())
    }
}

fn is_key_heading(label: &str) -> bool {
    matches!(label, "一级指标" | "二级指标" | "三级指标" | "任务名称")
}

/// The row's section label and headings, if it is a heading row.
fn headings(cells: &[(usize, String)]) -> Option<(Option<String>, Headings)> {
    let (section, rest) = match cells.split_first() {
        Some((first, rest)) if !HEADING.is_match(&first.1) => (Some(first.1.clone()), rest),
        _ => (None, cells),
    };
    if rest.len() < 2 || !rest.iter().all(|(_, l)| HEADING.is_match(l)) {
        return None;
    }
    let one_row = rest.iter().any(|(_, l)| l.ends_with("月底"));
    let mut labels = rest.to_vec();
    // "投入管理指标 | 二级指标 | 三级指标 …": the first cell holds the first 一级指标,
    // printed where its heading should be.
    if labels[0].1 == "二级指标" && labels[0].0 > 0 && section.is_some() {
        labels.insert(0, (0, "一级指标".to_string()));
    }
    Some((section, Headings { labels, one_row }))
}

/// A cell that is a value rather than a label: an amount, a dash, or a measure
/// ("≥10次", "8 人", "95%").
fn is_valueish(t: &str) -> bool {
    amount::is_amount(t) || amount::is_dash(t) || amount::is_measure(t)
}

fn path(section: Option<&str>, label: Option<&str>, pos: usize) -> String {
    match (section, label) {
        (Some(s), Some(l)) => format!("{s}/{l}"),
        (Some(s), None) => s.to_string(),
        (None, Some(l)) => l.to_string(),
        (None, None) => format!("#{pos}"),
    }
}

/// The records of a form table.
pub fn records(raw: &RawTable<'_>, f: &mut Findings<'_>) -> Vec<Record> {
    let mut section: Option<String> = None;
    let mut grid: Option<Headings> = None;
    // 一级/二级指标 cells merged over several rows, carried down.
    let mut merged: Vec<Key> = Vec::new();
    let mut records = Vec::new();
    for row in raw.pages.iter().flatten() {
        // (position, cleaned text, printed text) of each filled cell; "名称: 值" in one
        // cell is two.
        let mut cells: Vec<(usize, String)> =
            row.filled().map(|(i, c)| (i, text::clean(c))).collect();
        if cells.len() == 1 && row.cells[0] == row.filled().next().map_or("", |(_, c)| c) {
            if let Some((label, val)) = cells[0].1.split_once(':') {
                let pos = cells[0].0;
                cells = vec![(pos, label.to_string()), (pos, val.trim().to_string())];
            }
        }
        let printed = |pos: usize, cleaned: &str| -> String {
            row.cells
                .get(pos)
                .filter(|c| text::clean(c) == cleaned)
                .map_or(cleaned.to_string(), |c| c.trim().to_string())
        };
        if let Some((sec, h)) = headings(&cells) {
            // A heading row starts a small grid; its first cell is a section label
            // ("资金支出计划") or a stray label printed in the wrong row.
            section = sec.clone().filter(|s| SECTION.is_match(s));
            merged.clear();
            if let Some(stray) = sec.filter(|s| !SECTION.is_match(s)) {
                if h.labels[0].1 == "一级指标" && h.labels[0].0 == 0 {
                    merged.push(Key {
                        column: "一级指标".to_string(),
                        text: stray,
                    });
                } else {
                    let key = Key {
                        column: path(None, Some(&stray), 0),
                        text: stray,
                    };
                    records.push(label_record(row, vec![key]));
                }
            }
            grid = Some(h);
            continue;
        }
        let first = cells
            .first()
            .filter(|(p, _)| *p == 0)
            .map(|(_, t)| t.clone());
        if let Some(first) = &first {
            if SECTION.is_match(first) || FORM_LABEL.is_match(first) {
                grid = None;
            }
        }
        let record = match &grid {
            Some(h) => {
                let mut r = grid_record(row, &cells, h, section.as_deref(), &printed, f);
                // A row shorter than its headings lost cells: what it holds is in doubt,
                // so nothing is carried into it or out of it.
                let complete = h.labels.last().is_none_or(|(p, _)| row.cells.len() > *p);
                if complete {
                    let first_filled = cells.first().map_or(0, |(p, _)| *p);
                    fill_down(&mut r, h, first_filled, &mut merged);
                } else {
                    merged.clear();
                }
                if h.one_row {
                    grid = None;
                }
                r
            }
            None => {
                match first {
                    Some(first) if SECTION.is_match(&first) && cells.len() > 1 => {
                        section = Some(first);
                        cells.remove(0);
                    }
                    Some(first) if FORM_LABEL.is_match(&first) => section = None,
                    _ => {}
                }
                let continues_section =
                    row.cells.first().is_none_or(|c| c.is_empty()) && section.is_some();
                pair_record(row, &cells, section.as_deref(), continues_section, &printed)
            }
        };
        if !record.keys.is_empty() || !record.values.is_empty() {
            records.push(record);
        }
    }
    records
}

/// Gives a grid row the 一级/二级指标 of the row above when its own cells are empty:
/// those cells are merged over the rows of one group.
/// Only a cell with nothing printed to its left is merged from above.
fn fill_down(record: &mut Record, h: &Headings, first_filled: usize, merged: &mut Vec<Key>) {
    let mergeable = |label: &str| matches!(label, "一级指标" | "二级指标");
    let mut keys = Vec::new();
    for (pos, label) in h.labels.iter().filter(|(_, l)| mergeable(l)) {
        let own = record
            .keys
            .iter()
            .find(|k| k.column.ends_with(label.as_str()))
            .cloned();
        let carried = merged
            .iter()
            .find(|k| k.column.ends_with(label.as_str()) && first_filled > *pos)
            .cloned();
        if let Some(k) = own.clone().or(carried) {
            if own.is_none() {
                keys.push(k.clone());
            }
            merged.retain(|m| !m.column.ends_with(label.as_str()));
            merged.push(k);
        }
        // A new 一级指标 starts a new group: its 二级指标 is not carried.
        if own.is_some() && label == "一级指标" {
            merged.retain(|m| !m.column.ends_with("二级指标"));
        }
    }
    keys.extend(std::mem::take(&mut record.keys));
    record.keys = keys;
}

fn label_record(row: &Row, keys: Vec<Key>) -> Record {
    Record {
        subject: None,
        page: row.page,
        line: row.line,
        group: 0,
        kind: RecordKind::Item,
        seq: None,
        code: None,
        name: None,
        keys,
        values: Vec::new(),
    }
}

fn grid_record(
    row: &Row,
    cells: &[(usize, String)],
    h: &Headings,
    section: Option<&str>,
    printed: &dyn Fn(usize, &str) -> String,
    f: &mut Findings<'_>,
) -> Record {
    let mut record = label_record(row, Vec::new());
    for (pos, t) in cells {
        let label = h.label_at(*pos);
        let column = path(section, label, *pos);
        if label.is_some_and(is_key_heading) {
            if amount::is_measure(t) {
                f.push(
                    Severity::Warning,
                    "value_in_key_column",
                    Some(row.line),
                    Some(&column),
                    format!("value {t:?} stands in key column {column}: the row may have lost a cell; kept where printed"),
                );
            }
            record.keys.push(Key {
                column,
                text: t.clone(),
            });
        } else {
            record
                .values
                .push(value(column, *pos, row, Some(*pos), &printed(*pos, t)));
        }
    }
    record.name = record.keys.last().map(|k| k.text.clone());
    record
}

/// Pairs labels with values: each value takes the nearest free label on its left; the
/// remaining texts pair up in order; a lone text on a row that continues a section is
/// that section's value, and otherwise a label without a value.
fn pair_record(
    row: &Row,
    cells: &[(usize, String)],
    section: Option<&str>,
    continues_section: bool,
    printed: &dyn Fn(usize, &str) -> String,
) -> Record {
    let mut record = label_record(row, Vec::new());
    let valueish: Vec<bool> = cells.iter().map(|(_, t)| is_valueish(t)).collect();
    let mut label_of: Vec<Option<usize>> = vec![None; cells.len()];
    let mut is_label = vec![false; cells.len()];
    for i in (0..cells.len()).filter(|&i| valueish[i]) {
        if let Some(j) = (0..i)
            .rev()
            .find(|&j| !valueish[j] && !is_label[j] && label_of[j].is_none())
        {
            label_of[i] = Some(j);
            is_label[j] = true;
        }
    }
    let free: Vec<usize> = (0..cells.len())
        .filter(|&i| !valueish[i] && !is_label[i])
        .collect();
    let mut k = 0;
    while k < free.len() {
        let i = free[k];
        if continues_section && free.len() == 1 {
            break;
        }
        if let Some(&j) = free.get(k + 1) {
            label_of[j] = Some(i);
            is_label[i] = true;
            k += 2;
        } else {
            k += 1;
        }
    }
    for (i, (pos, t)) in cells.iter().enumerate() {
        if is_label[i] {
            continue;
        }
        let label = label_of[i].map(|j| cells[j].1.as_str());
        let enumerated = ENUMERATED.is_match(t);
        let lone_label = label.is_none()
            && !valueish[i]
            && (enumerated || !(continues_section && free.len() == 1));
        if lone_label {
            // A field printed with an empty value: its label, under its own path.
            record.keys.push(Key {
                column: path(section, Some(t), *pos),
                text: t.clone(),
            });
        } else {
            record.values.push(value(
                path(section, label, *pos),
                *pos,
                row,
                Some(*pos),
                &printed(*pos, t),
            ));
        }
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Finding;
    use crate::recognise::grammar::{Block, recognise};
    use crate::recognise::rows::classify;

    /// A record as (line, "column=text" of each key, (column, printed) of each value).
    type Flat = (usize, Vec<String>, Vec<(String, String)>);

    /// The records of the form in `text`, flattened.
    fn form(text: &str) -> Vec<Flat> {
        let rows = classify(crate::text::lines(text));
        let blocks = recognise(&rows);
        let Some(Block::Table(raw)) = blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
            panic!("no table in {text:?}");
        };
        assert!(is_form(raw.pages[0][0]));
        let mut out: Vec<Finding> = Vec::new();
        let mut f = Findings {
            table: 0,
            out: &mut out,
        };
        records(raw, &mut f)
            .into_iter()
            .map(|r| {
                let keys = r
                    .keys
                    .iter()
                    .map(|k| format!("{}={}", k.column, k.text))
                    .collect();
                let values = r
                    .values
                    .iter()
                    .map(|v| (v.column.clone(), v.printed.clone()))
                    .collect();
                (r.line, keys, values)
            })
            .collect()
    }

    fn pair(c: &str, v: &str) -> (String, String) {
        (c.to_string(), v.to_string())
    }

    #[test]
    fn labels_pair_with_values_and_sections_prefix_them() {
        let got = form(
            "业务费绩效目标表\n项目编码\tP001\t\t项目名称\t业务费\n\
             预算规模及 资金用途\t预算数\t10.40\t其中：财政资金\t10.40\t其他资金\n\
             \t弥补机关经费不足。\t\t\t\t\n",
        );
        assert_eq!(
            got[0].2,
            [pair("项目编码", "P001"), pair("项目名称", "业务费")]
        );
        assert_eq!(
            got[1].2,
            [
                pair("预算规模及资金用途/预算数", "10.40"),
                pair("预算规模及资金用途/其中:财政资金", "10.40")
            ]
        );
        // 其他资金 is printed with an empty value: a field, kept as a key.
        assert_eq!(got[1].1, ["预算规模及资金用途/其他资金=其他资金"]);
        assert_eq!(got[2].2, [pair("预算规模及资金用途", "弥补机关经费不足。")]);
    }

    #[test]
    fn spending_plan_values_sit_under_the_month_above_them() {
        let got = form(
            "表\n项目编码\tP001\n资金支出计划（累计支出金额）\t3月底\t\t6月底\t\t10月底\t\n\
             \t80.00\t\t140.00\t\t200.00\t\n绩效目标\t目标\n",
        );
        let plan = "资金支出计划(累计支出金额)";
        assert_eq!(
            got[1].2,
            [
                pair(&format!("{plan}/3月底"), "80.00"),
                pair(&format!("{plan}/6月底"), "140.00"),
                pair(&format!("{plan}/10月底"), "200.00")
            ]
        );
        assert_eq!(got[2].2, [pair("绩效目标", "目标")]);
    }

    #[test]
    fn indicator_grids_carry_merged_cells_down() {
        let got = form(
            "表\n项目编码\tP001\n一级指标\t二级指标\t三级指标\t指标值\n\
             产出指标\t数量指标\t办理案件数\t≥10 件\n\t质量指标\t办结率\t100%\n",
        );
        assert_eq!(
            got[1].1,
            [
                "一级指标=产出指标",
                "二级指标=数量指标",
                "三级指标=办理案件数"
            ]
        );
        assert_eq!(
            got[2].1,
            ["一级指标=产出指标", "二级指标=质量指标", "三级指标=办结率"]
        );
        assert_eq!(got[2].2, [pair("指标值", "100%")]);
    }

    #[test]
    fn one_cell_label_with_colon_is_a_pair() {
        let got = form("整体绩效目标表\n部门(单位)名称: 信访局\t\t\t\n年度履职目标\t目标\t\t\n");
        assert_eq!(got[0].2, [pair("部门(单位)名称", "信访局")]);
    }
}
