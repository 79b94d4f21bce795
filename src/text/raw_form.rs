//! Single-space text of a table whose codes stand in several groups, with names and
//! values between them: a 政府采购 table prints 科目编码 (类 | 款 | 项), 单位编码, the
//! purchase's names (采购项目, 采购目录, …), 数量, then 部门预算支出经济科目编码 (类 | 款)
//! and 政府预算支出经济分类科目编码 (类 | 款), then 预算金额. The rows of such a table
//! wrap their names over lines of their own, and drop their empty cells, so the general
//! row shape of [`super::raw`] (codes, name, amounts) does not fit.
//!
//! The header names the columns: its words read without their breaks cut into labels
//! at the words labels end in, and its furniture line (类 款 项 类 款 类 款) tells how
//! many parts each code group has. A row starts at its serial or its 类 | 款 | 项 code;
//! its words are typed (code parts by their digits, values, names) and go to the
//! columns of their type in order: codes and names from the left, values and the later
//! code groups from the right.

use crate::line::Separator;

/// What a column of such a table holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Serial,
    /// One part of a code group: the group's index and the part's (类 0, 款 1, 项 2).
    Part(usize, usize),
    /// A unit's code (单位编码): digits that are no subject's code.
    Unit,
    Name,
    Value,
}

#[derive(Debug, Clone)]
struct Column {
    label: String,
    part: &'static str,
    kind: Kind,
}

/// The parts of each code group a furniture line names (类 款 项 类 款 类 款 → 3, 2, 2):
/// a group starts at each 类. `None` for any other line.
pub fn code_groups(line: &str) -> Option<Vec<usize>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.first() != Some(&"类") || !words.iter().all(|w| matches!(*w, "类" | "款" | "项")) {
        return None;
    }
    let mut groups: Vec<usize> = Vec::new();
    for w in words {
        match groups.last_mut() {
            Some(parts) if w != "类" => *parts += 1,
            _ => groups.push(1),
        }
    }
    Some(groups)
}

/// The words a form's column labels end in.
const LABEL_ENDS: [&str; 13] = [
    "序号", "编码", "代码", "项目", "目录", "内容", "型号", "数量", "时间", "金额", "说明", "支出",
    "名称",
];

/// The header's labels in order: its text without breaks, cut after the first word a
/// label ends in (a code group's label may be cut short at 支出, "部门预算支出", but runs
/// on to its 编码 when the text goes on "经济…"). `None` if text is left over.
fn header_labels(text: &str) -> Option<Vec<String>> {
    let mut labels = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let cut = LABEL_ENDS
            .iter()
            .filter_map(|end| {
                let mut from = 0;
                while let Some(at) = rest[from..].find(end) {
                    let cut = from + at + end.len();
                    if !(*end == "支出" && rest[cut..].starts_with("经济")) {
                        return Some(cut);
                    }
                    from = cut;
                }
                None
            })
            .min()?;
        labels.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    Some(labels)
}

/// The columns the labels and code groups make, if they agree: as many code labels as
/// groups, the first of them before any name.
fn columns(labels: &[String], groups: &[usize]) -> Option<Vec<Column>> {
    const PARTS: [&str; 3] = ["类", "款", "项"];
    let mut columns = Vec::new();
    let mut group = 0;
    for label in labels {
        let is_code =
            (label.ends_with("编码") || label.ends_with("代码") || label.ends_with("支出"))
                && !label.starts_with("单位");
        if is_code {
            let parts = *groups.get(group)?;
            for (part, name) in PARTS.iter().enumerate().take(parts) {
                columns.push(Column {
                    label: if part == 0 {
                        label.clone()
                    } else {
                        String::new()
                    },
                    part: name,
                    kind: Kind::Part(group, part),
                });
            }
            group += 1;
            continue;
        }
        let kind = if label == "序号" {
            Kind::Serial
        } else if label.starts_with("单位") && label.ends_with("编码") {
            Kind::Unit
        } else if label.ends_with("数量") || label.ends_with("金额") {
            Kind::Value
        } else {
            Kind::Name
        };
        columns.push(Column {
            label: label.clone(),
            part: "",
            kind,
        });
    }
    let first_name = columns.iter().position(|c| c.kind == Kind::Name)?;
    let first_code = columns.iter().position(|c| c.kind == Kind::Part(0, 0))?;
    (group == groups.len() && groups.len() >= 2 && first_code < first_name).then_some(columns)
}

fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// A value as these tables print it: an amount or a count.
fn is_value(w: &str) -> bool {
    let plain = w.replace(',', "");
    !plain.is_empty()
        && plain.chars().filter(|&c| c == '.').count() <= 1
        && plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !plain.starts_with('.')
}

/// Whether a word is a purchase catalog's entry (A02010104台式计算机, C0901…): goods,
/// works and services are A, B and C, then digits.
fn is_catalog(w: &str) -> bool {
    let mut chars = w.chars();
    matches!(chars.next(), Some('A' | 'B' | 'C'))
        && chars.clone().take(2).count() == 2
        && chars.take(2).all(|c| c.is_ascii_digit())
}

/// Whether the words start a row: a serial (when the table numbers its rows) then the
/// first code group's parts (201 03 01) or a name ending in values (合计 …).
fn starts_row(words: &[&str], numbered: bool, first_parts: usize) -> bool {
    let rest = if numbered {
        match words.first() {
            Some(w) if is_digits(w) && w.len() <= 4 => &words[1..],
            _ => return false,
        }
    } else {
        words
    };
    let code = rest.len() >= first_parts
        && rest[..first_parts]
            .iter()
            .enumerate()
            .all(|(k, w)| is_digits(w) && w.len() == if k == 0 { 3 } else { 2 });
    // A row of no code is a serial's, or the table's total (a wrapped name's last line
    // also ends in values).
    let name = rest.first().is_some_and(|w| {
        !is_digits(w) && !is_value(w) && !is_catalog(w) && (numbered || w.contains("计"))
    });
    code || (name && rest.len() >= 2 && rest.last().is_some_and(|w| is_value(w)))
}

/// Lays out such a table: `header` its header lines (indices into `lines`), the last of
/// them its furniture line; its rows from there to the end. `None` when the header is no
/// such form's, and nothing is written.
pub fn lay_out(
    lines: &[String],
    header: &[usize],
    out: &mut [(Vec<String>, Separator)],
) -> Option<()> {
    let (&furniture, labels_lines) = header.split_last()?;
    let groups = code_groups(&lines[furniture])?;
    if groups.len() < 3 {
        return None;
    }
    let text: String = labels_lines
        .iter()
        .flat_map(|&i| lines[i].split_whitespace())
        .collect();
    let columns = columns(&header_labels(&text)?, &groups)?;
    let numbered = columns.first().is_some_and(|c| c.kind == Kind::Serial);
    // The rows: each from its first line up to the next row's.
    let starts: Vec<usize> = (furniture + 1..lines.len())
        .filter(|&i| {
            let words: Vec<&str> = lines[i].split_whitespace().collect();
            starts_row(&words, numbered, groups[0])
        })
        .collect();
    // The header's two lines go right above the first row.
    let labels_line = *labels_lines.last()?;
    if starts.first() != Some(&(furniture + 1)) || labels_line + 1 != furniture {
        return None;
    }
    for &i in header {
        out[i] = (Vec::new(), Separator::None);
    }
    out[labels_line] = (
        columns.iter().map(|c| c.label.clone()).collect(),
        Separator::Spaces,
    );
    out[furniture] = (
        columns.iter().map(|c| c.part.to_string()).collect(),
        Separator::Spaces,
    );
    let ends = starts.iter().skip(1).copied().chain([lines.len()]);
    for (&start, end) in starts.iter().zip(ends) {
        let row: Vec<Vec<&str>> = (start..end)
            .map(|i| lines[i].split_whitespace().collect())
            .collect();
        out[start] = (place_row(&row, &columns), Separator::Spaces);
        for cells in &mut out[start + 1..end] {
            *cells = (Vec::new(), Separator::None);
        }
    }
    Some(())
}

/// Whether a word fits a column of this kind.
fn fits(kind: Kind, w: &str) -> bool {
    match kind {
        Kind::Serial => is_digits(w) && w.len() <= 4,
        Kind::Part(_, part) => is_digits(w) && w.len() == if part == 0 { 3 } else { 2 },
        Kind::Unit => is_digits(w),
        Kind::Value => is_value(w),
        Kind::Name => !is_digits(w) && !is_value(w),
    }
}

/// A row's words, line by line, in the columns of their kind.
fn place_row(row: &[Vec<&str>], columns: &[Column]) -> Vec<String> {
    let mut cells = vec![String::new(); columns.len()];
    // Each word, with whether it starts a line.
    let words: Vec<(&str, bool)> = row
        .iter()
        .flat_map(|line| line.iter().enumerate().map(|(k, w)| (*w, k == 0)))
        .collect();
    let names: Vec<usize> = (0..columns.len())
        .filter(|&k| columns[k].kind == Kind::Name)
        .collect();
    let Some(&first_name) = names.first() else {
        return cells;
    };
    // From the left, the columns before the names: serial, first code group, unit.
    let mut left = 0;
    for (col, column) in columns.iter().enumerate().take(first_name) {
        if let Some((w, _)) = words.get(left) {
            if fits(column.kind, w) {
                cells[col] = w.to_string();
                left += 1;
            }
        }
    }
    // From the right, the columns from the first value after the names on: 数量, the
    // later code groups, 预算金额, and the names among them (实施采购时间, 说明).
    let from = (first_name..columns.len()).find(|&k| columns[k].kind != Kind::Name);
    // A code group fills all its parts or none (a count of 272 is no 类).
    let mut right = words.len();
    let mut col = columns.len();
    while col > from.unwrap_or(columns.len()) {
        let span = match columns[col - 1].kind {
            Kind::Part(group, _) => {
                let first = (0..col)
                    .rev()
                    .take_while(|&k| matches!(columns[k].kind, Kind::Part(g, _) if g == group))
                    .last()
                    .unwrap_or(col - 1);
                first..col
            }
            _ => col - 1..col,
        };
        let n = span.len();
        let whole = right >= left + n
            && span
                .clone()
                .zip(&words[right - n..right])
                .all(|(k, (w, _))| fits(columns[k].kind, w));
        if whole {
            for (k, (w, _)) in span.clone().zip(&words[right - n..right]) {
                cells[k] = w.to_string();
            }
            right -= n;
        }
        col = span.start;
    }
    // The names between: the first up to the catalog entry, the entry (with a broken
    // tail of a character or two on the next line), then the rest. A line's words after
    // the first are cells of their own; a line of a name not yet ended continues it.
    let names: Vec<usize> = names
        .into_iter()
        .filter(|&k| from.is_none_or(|f| k < f))
        .collect();
    let mut name = 0;
    let mut in_catalog = false;
    for &(w, line_start) in &words[left..right.max(left)] {
        let here = names[name];
        let catalog = is_catalog(w);
        let tail = in_catalog && w.chars().count() <= 2;
        let next_cell =
            !cells[here].is_empty() && (catalog || !line_start || (in_catalog && !tail));
        if next_cell && name + 1 < names.len() {
            name += 1;
        }
        if catalog {
            in_catalog = true;
        } else if next_cell {
            in_catalog = false;
        }
        cells[names[name]].push_str(w);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_furniture_line_names_each_code_groups_parts() {
        assert_eq!(code_groups("类 款 项 类 款 类 款"), Some(vec![3, 2, 2]));
        assert_eq!(code_groups("类 款 类 款"), Some(vec![2, 2]));
        assert_eq!(code_groups("类 款 项 小计"), None);
        assert_eq!(code_groups("款 项"), None);
    }

    #[test]
    fn header_text_without_breaks_cuts_into_labels() {
        // xian-civil 2021: 部门预 / 算支出 and 政府预 / 算支出, their 编码 left out.
        let labels = header_labels(
            "序号科目编码单位编码采购项目采购目录购买服务内容规格型号数量部门预算支出政府预算支出实施采购时间预算金额说明",
        );
        assert_eq!(
            labels.as_deref(),
            Some(
                &[
                    "序号",
                    "科目编码",
                    "单位编码",
                    "采购项目",
                    "采购目录",
                    "购买服务内容",
                    "规格型号",
                    "数量",
                    "部门预算支出",
                    "政府预算支出",
                    "实施采购时间",
                    "预算金额",
                    "说明"
                ]
                .map(String::from)[..]
            )
        );
        // A code group's label runs on past 支出 to its 编码.
        assert_eq!(
            header_labels("数量部门预算支出经济科目编码预算金额"),
            Some(vec![
                "数量".to_string(),
                "部门预算支出经济科目编码".to_string(),
                "预算金额".to_string()
            ])
        );
        // Text that ends in no label's word: not such a header.
        assert_eq!(header_labels("采购项目其他"), None);
    }

    #[test]
    fn a_procurement_tables_rows_fill_their_columns_by_kind() {
        // xian-transport 2022 政府采购 table as pdftotext -raw gives it.
        let text = lines(concat!(
            "序号\n",
            "科目编码\n",
            "单位编码 采购项目 采购目录\n",
            "购买服\n",
            "务内容\n",
            "规格型号 数量\n",
            "部门预算支出\n",
            "经济科目编码\n",
            "政府预算支出\n",
            "经济分类科目\n",
            "编码 预算金额 说明\n",
            "类 款 项 类 款 类 款\n",
            "1 合计 57068.69 9493.70\n",
            "2 214 01 02 1 全额 272 1056.50\n",
            "4 214 01 02\n",
            "2022年度绿色货运配送示\n",
            "范工程创建\n",
            "C0901技术测试和分析服\n",
            "务\n",
            "1 302 27 502 05 40.00\n",
            "5 214 01 02\n",
            "城市公交及轨道交通发展\n",
            "综合业务\n",
            "C0901技术测试和分析服\n",
            "务\n",
            "城市公交运输体系调\n",
            "查、监管、分析及评\n",
            "价\n",
            "2 302 27 502 05 95.00\n",
        ));
        let mut out = vec![(Vec::new(), Separator::Spaces); text.len()];
        let header: Vec<usize> = (0..12).collect();
        assert!(lay_out(&text, &header, &mut out).is_some());
        assert_eq!(
            out[10].0[..6],
            ["序号", "科目编码", "", "", "单位编码", "采购项目"]
        );
        assert_eq!(
            out[10].0[9..],
            [
                "数量",
                "部门预算支出经济科目编码",
                "",
                "政府预算支出经济分类科目编码",
                "",
                "预算金额",
                "说明"
            ]
        );
        assert_eq!(out[11].0[..4], ["", "类", "款", "项"]);
        assert_eq!(out[11].0[10..14], ["类", "款", "类", "款"]);
        // A count of 272 fills 数量, not the 类 of a code group whose 款 is missing.
        assert_eq!(
            out[13].0,
            [
                "2", "214", "01", "02", "1", "全额", "", "", "", "272", "", "", "", "", "1056.50",
                ""
            ]
        );
        // Names wrapped over lines are whole; the catalog entry keeps its broken tail.
        assert_eq!(
            out[14].0,
            [
                "4",
                "214",
                "01",
                "02",
                "",
                "2022年度绿色货运配送示范工程创建",
                "C0901技术测试和分析服务",
                "",
                "",
                "1",
                "302",
                "27",
                "502",
                "05",
                "40.00",
                ""
            ]
        );
        assert!(out[15..20].iter().all(|(cells, _)| cells.is_empty()));
        assert_eq!(
            out[20].0[5..8],
            [
                "城市公交及轨道交通发展综合业务",
                "C0901技术测试和分析服务",
                "城市公交运输体系调查、监管、分析及评价"
            ]
        );
        // A header with fewer code groups is not such a form's.
        let two = lines("序号\n科目编码 数量 预算金额\n类 款 类 款\n1 201 01 3 4.00\n");
        let mut out = vec![(Vec::new(), Separator::Spaces); two.len()];
        assert!(lay_out(&two, &[0, 1, 2], &mut out).is_none());
    }
}
