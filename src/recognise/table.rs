//! A raw table → a [`Table`] of records.
//!
//! The header becomes a column tree ([`super::header`]); every body cell is placed by
//! its column, never by its count. Side-by-side groups (收入 | 支出) become separate
//! records. Rows that lost cells are realigned only when the shift is certain, and
//! reported either way.

use std::sync::LazyLock;

use regex::Regex;

use super::amount::{self, is_dash, is_measure, looks_like_value};
use super::form;
use super::grammar::RawTable;
use super::header::{self, HeaderRow};
use super::placement::{Findings, value};
use super::rows::{Row, RowKind};
use crate::model::{
    Column, Finding, Key, Layout, Meta, Note, Record, RecordKind, Severity, Table, Value,
};
use crate::text;

/// Builds the table at `index` of the document from its raw rows.
pub fn assemble(raw: &RawTable<'_>, index: usize, findings: &mut Vec<Finding>) -> Table {
    let mut f = Findings {
        table: index,
        out: findings,
    };
    let title = raw.title_text();
    let label = raw.label.and_then(|r| {
        Some(Meta {
            key: "label".to_string(),
            value: r.text()?.to_string(),
            line: r.line,
        })
    });
    let meta: Vec<Meta> = label
        .into_iter()
        .chain(raw.meta.iter().flat_map(|r| {
            match &r.kind {
                RowKind::Meta(items) => items
                    .iter()
                    .map(|m| Meta {
                        key: m.key.to_string(),
                        value: m.value.clone(),
                        line: r.line,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        }))
        .collect();
    let printed_unit = meta
        .iter()
        .find(|m| m.key == "unit")
        .map(|m| m.value.clone());
    let notes = raw
        .notes
        .iter()
        .filter_map(|r| match &r.kind {
            RowKind::Note(t) => Some(Note {
                text: t.clone(),
                line: r.line,
            }),
            _ => None,
        })
        .collect();
    let first_line = raw.pages[0][0].line;
    if title.is_none() {
        f.push(
            Severity::Warning,
            "untitled_table",
            Some(first_line),
            None,
            "a block of table rows with no title of its own; kept as a separate table".to_string(),
        );
    }
    let (layout, columns, records) = if (form::is_form(raw.pages[0][0])
        || form::is_project_form_page(&raw.pages[0]))
        && !is_grid_of_amounts(raw)
    {
        let records = form::records(raw, &mut f);
        (Layout::Form, Vec::new(), records)
    } else {
        let (columns, records) = grid(raw, &mut f);
        (Layout::Grid, columns, records)
    };
    let unit = printed_unit.or_else(|| unit_of_amount_columns(&columns, &records));
    Table {
        kind: crate::model::TableKind::Other,
        kind_from: None,
        title,
        title_line: raw.title.map(|r| r.line),
        unit,
        meta,
        layout,
        columns,
        records,
        notes,
        lines: raw.lines(),
    }
}

static UNIT_IN_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:金额单位:|单位:)?(万元|元)\)").expect("valid regex"));

/// A unit printed inside a header label: "价值(金额单位:万元)", "项目金额(万元)".
/// Whether most rows of a table hold several amounts: a grid whose first column is
/// headed 部门名称, not a form that starts with a 部门名称 line (a form's rows are
/// mostly label and text, a few amounts in its funding lines).
fn is_grid_of_amounts(raw: &RawTable<'_>) -> bool {
    let rows: Vec<&Row> = raw.pages.iter().flatten().copied().collect();
    let counted = rows
        .iter()
        .filter(|r| r.cells.iter().filter(|c| amount::is_amount(c)).count() >= 3)
        .count();
    rows.len() >= 3 && counted * 5 >= rows.len() * 2
}

fn unit_in_label(label: &str) -> Option<String> {
    UNIT_IN_LABEL.captures(label).map(|c| c[1].to_string())
}

/// The table's unit when no meta line gives it: the unit printed in the headers, if
/// every column that holds amounts is under the same one.
fn unit_of_amount_columns(columns: &[Column], records: &[Record]) -> Option<String> {
    let holds_amounts = |c: &&Column| {
        records
            .iter()
            .flat_map(|r| &r.values)
            .any(|v| v.col == c.index && v.amount.is_some())
    };
    let units: Vec<Option<String>> = columns
        .iter()
        .filter(holds_amounts)
        .map(|c| unit_in_label(&c.path))
        .collect();
    let first = units.first()?.clone()?;
    units
        .iter()
        .all(|u| u.as_deref() == Some(first.as_str()))
        .then_some(first)
}

static ENUMERATED_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|（[一二三四五六七八九十]+）)\S",
    )
    .expect("valid regex")
});

static KEY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(序号|行次|项目|科目|类|款|项|类型|项目类型|项目单位|计量单位|[一二三]级(指标|项目)|任务名称|年度)$|(编码|代码|名称|编号|序号|科目)$")
        .expect("valid regex")
});

/// Whether a column, by its printed header, identifies rows rather than holding values.
pub(crate) fn is_key_label(label: &str) -> bool {
    let bare: String = label.chars().filter(|c| !matches!(c, '(' | ')')).collect();
    // A qualifier in brackets after the label says which, not what: "支出功能分类科目
    // (按大类)" is a column of 科目.
    let unqualified = label
        .strip_suffix(')')
        .and_then(|l| l.rsplit_once('('))
        .map(|(head, _)| head.trim());
    KEY_LABEL.is_match(&bare) || unqualified.is_some_and(|l| !l.is_empty() && KEY_LABEL.is_match(l))
}

fn is_seq_label(label: &str) -> bool {
    matches!(label, "序号" | "行次")
}

fn is_code_label(label: &str) -> bool {
    matches!(label, "类" | "款" | "项")
        || ((label.contains("编码") || label.contains("编号")) && !label.contains("单位编码"))
        || label.ends_with("项目编码)")
}

fn is_header_like(r: &Row) -> bool {
    header::is_furniture(&r.cells) || (r.filled().count() >= 2 && !is_data_row(r))
}

fn is_total_label(t: &str) -> bool {
    let t = text::clean(t);
    t.ends_with("合计") || t.ends_with("总计") || t.contains("小计")
}

/// A row that carries data: a value, a classification code up front, or a total label
/// with nothing but values beside it.
fn is_data_row(r: &Row) -> bool {
    if header::is_furniture(&r.cells) {
        return false;
    }
    let filled: Vec<(usize, &str)> = r.filled().collect();
    // An enumerated item ("一、一般公共服务支出", "(一)…") opens a row, not a header.
    let enumerated = filled
        .first()
        .is_some_and(|(_, c)| ENUMERATED_ITEM.is_match(c));
    // A row numbered in its first cell (序号) is a body row; 栏次 rows are furniture.
    let numbered = filled.len() >= 2
        && filled[0].0 == 0
        && filled[0].1.len() <= 3
        && filled[0].1.chars().all(|c| c.is_ascii_digit());
    // A row keyed by a table's number ("表5 | …支出明细表 | 否") lists a table, in a 目录
    // printed as a grid.
    let listed = filled
        .first()
        .is_some_and(|(i, c)| *i == 0 && text::labels::is_table_label(&text::clean(c)));
    enumerated
        || numbered
        || listed
        || filled.iter().any(|(_, c)| looks_like_value(c))
        || filled.first().is_some_and(|(i, c)| {
            *i <= 2 && c.len() >= 3 && c.chars().all(|ch| ch.is_ascii_digit())
        })
        || (filled.len() == 1 && is_total_label(filled[0].1))
}

/// How many leading rows of the first page are header.
fn header_len(rows: &[&Row]) -> usize {
    // A merged cell over a whole header row ("项目" above "科目编码 | 科目名称") leaves
    // a row with one label: header too, when a header row follows it.
    let lone_label = |i: usize| {
        rows[i].filled().count() == 1
            && !is_data_row(rows[i])
            && rows.get(i + 1).is_some_and(|r| is_header_like(r))
    };
    let n = (0..rows.len())
        .take_while(|&i| is_header_like(rows[i]) || lone_label(i))
        .count();
    if n < rows.len() || n == 0 {
        return n.min(5);
    }
    // No data rows at all (an empty table, a template): the header runs to the last
    // furniture row; or, if the rows under the first are all full (a list of text rows,
    // no merged cells), it is the first row alone; or it is every row.
    if let Some(last) = rows
        .iter()
        .take(5)
        .rposition(|r| header::is_furniture(&r.cells))
    {
        return last + 1;
    }
    let full = |r: &&Row| r.cells.iter().all(|c| !c.is_empty());
    if rows[1..].iter().all(full) {
        1
    } else {
        n.min(5)
    }
}

fn grid(raw: &RawTable<'_>, f: &mut Findings<'_>) -> (Vec<Column>, Vec<Record>) {
    let width = raw.width();
    let first_page = &raw.pages[0];
    let hlen = header_len(first_page);
    let header_rows: Vec<&Row> = first_page[..hlen].to_vec();
    let signatures = header_signatures(&header_rows);
    // The header repeated after a page break (at the top of a later page, or inside
    // one run of rows when a PDF page ends without a gap) is not data.
    let repeated = |r: &&Row| repeats_header(&signatures, r);
    // Rows on later PDF pages are laid against the columns of the table's first page.
    let first_pdf_page = first_page[0].page;
    let on_first: Vec<&Row> = raw
        .pages
        .iter()
        .flatten()
        .filter(|r| r.page == first_pdf_page)
        .copied()
        .collect();
    let edges = column_edges(&on_first, width);
    let realigned: std::collections::HashMap<usize, Row> = raw
        .pages
        .iter()
        .flatten()
        .filter(|r| r.page != first_pdf_page && !repeated(r))
        .filter_map(|r| realign(r, &edges).map(|x| (r.line, x)))
        .collect();
    let first_paths = header_paths(&header_rows, width);
    let (relabelled, own_headers) = relabel_pages(&raw.pages[1..], &first_paths, &repeated);
    let mut body: Vec<&Row> = Vec::new();
    let rows = first_page[hlen..]
        .iter()
        .chain(raw.pages[1..].iter().flatten())
        .filter(|r| !own_headers.contains(&r.line))
        .map(|r| relabelled.get(&r.line).unwrap_or(r));
    for r in rows.filter(|r| !repeated(r)) {
        body.push(realigned.get(&r.line).unwrap_or(r));
    }

    let tree_rows = labelled_rows(&header_rows);
    let occupied = filled_columns(body.iter().copied(), width);
    let tree = header::build(&tree_rows, width, &occupied);
    for repair in &tree.repairs {
        f.push(
            Severity::Info,
            "header_realigned",
            Some(repair.line),
            None,
            repair.message.clone(),
        );
    }
    let mut paths = tree.paths.clone();
    let completed = complete_last_group(&mut paths);
    if let Some(restored) = &completed {
        f.push(
            Severity::Warning,
            "header_completed",
            tree_rows.last().map(|r| r.line),
            None,
            format!("the header lost its last column(s); restored by analogy with the groups beside them: {restored}"),
        );
    }
    let width = paths.len();
    let columns = make_columns(&paths, &body);
    // Columns that hold amounts: text there means the row's cells were displaced.
    let numeric: Vec<bool> = (0..width)
        .map(|c| {
            let cells: Vec<&str> = body
                .iter()
                .filter_map(|r| r.cells.get(c))
                .map(String::as_str)
                .filter(|x| !x.is_empty())
                .collect();
            let amounts = cells.iter().filter(|x| amount::is_amount(x)).count();
            cells.len() >= 2 && amounts * 2 > cells.len()
        })
        .collect();
    let records = body_records(&body, &columns, &numeric, completed.is_some(), &tree, f);
    (columns, records)
}

/// The table, or the pieces it falls into where a later printed page has a header of
/// its own that prints the first page's labels cut up differently ("项 | 收 | 入" for
/// "收入 | 项目") and whose columns cannot be matched to the first page's: such a page
/// starts a table of its own under the same title, rather than lay its values under
/// the wrong columns. Pages whose header does match are laid against the first page's
/// columns when the table is assembled.
pub fn split_at_unmatched_pages(raw: RawTable<'_>) -> Vec<RawTable<'_>> {
    let mut pieces = Vec::new();
    let mut rest = raw;
    while let Some(k) = first_unmatched_page(&rest.pages) {
        let later = rest.pages.split_off(k);
        let piece = RawTable {
            notes: Vec::new(),
            ..rest.clone()
        };
        pieces.push(piece);
        rest.pages = later;
    }
    pieces.push(rest);
    pieces
}

/// The index of the first parser page (after the first) that starts a printed page
/// with a header of its own the first page's columns cannot take.
fn first_unmatched_page(pages: &[Vec<&Row>]) -> Option<usize> {
    let first = pages.first()?;
    let width = pages.iter().flatten().map(|r| r.cells.len()).max()?;
    let hlen = header_len(first);
    let header_rows = &first[..hlen];
    let signatures = header_signatures(header_rows);
    let repeated = |r: &&Row| repeats_header(&signatures, r);
    let first_paths = header_paths(header_rows, width);
    (1..pages.len()).find(|&k| {
        let (Some(top), Some(above)) = (pages[k].first(), pages[k - 1].last()) else {
            return false;
        };
        if !top.boxes.is_empty() || top.page == above.page {
            return false;
        }
        let printed: Vec<&Row> = pages[k..]
            .iter()
            .flatten()
            .take_while(|r| r.page == top.page)
            .copied()
            .collect();
        matches!(
            own_header(&printed, &first_paths, &repeated),
            Some(OwnHeader::Unmatched)
        )
    })
}

/// The label path of each column under a header's rows.
fn header_paths(header_rows: &[&Row], width: usize) -> Vec<Vec<String>> {
    header::build(&labelled_rows(header_rows), width, &vec![true; width]).paths
}

/// A header's rows of labels, furniture (栏次, column numbers) left out.
fn labelled_rows(header_rows: &[&Row]) -> Vec<HeaderRow> {
    header_rows
        .iter()
        .filter(|r| !header::is_furniture(&r.cells))
        .map(|r| HeaderRow::from_cells(r.line, &r.cells))
        .collect()
}

/// Which of `width` columns some of the rows fill.
fn filled_columns<'r>(rows: impl Iterator<Item = &'r Row> + Clone, width: usize) -> Vec<bool> {
    (0..width)
        .map(|c| {
            rows.clone()
                .any(|r| r.cells.get(c).is_some_and(|x| !x.is_empty()))
        })
        .collect()
}

/// The signatures of a header's rows: a row that repeats one of them (the header
/// printed again after a page break), or header furniture, is not data.
fn header_signatures(header_rows: &[&Row]) -> Vec<Vec<String>> {
    header_rows.iter().map(|r| r.signature()).collect()
}

fn repeats_header(signatures: &[Vec<String>], r: &Row) -> bool {
    signatures.contains(&r.signature()) || header::is_furniture(&r.cells)
}

/// Rows of later pages that print a header of their own, different from the first
/// page's: a converter lays out each page by itself, so a continued page may have a
/// column more or less. Each such page's header is dropped (its lines are returned) and
/// every cell of the page moves to the first page's column of the same label path
/// (returned by line). A page here is a printed page (the parser's pages are runs of
/// rows between blank lines).
fn relabel_pages(
    pages: &[Vec<&Row>],
    first_paths: &[Vec<String>],
    repeated: &impl Fn(&&Row) -> bool,
) -> (
    std::collections::HashMap<usize, Row>,
    std::collections::HashSet<usize>,
) {
    let mut moved = std::collections::HashMap::new();
    let mut headers = std::collections::HashSet::new();
    let rows: Vec<&Row> = pages.iter().flatten().copied().collect();
    for printed in rows.chunk_by(|a, b| a.page == b.page) {
        if printed.iter().any(|r| !r.boxes.is_empty()) {
            continue; // PDF rows are realigned by their boxes.
        }
        let Some(OwnHeader::Matched {
            len: hlen,
            columns: target,
        }) = own_header(printed, first_paths, repeated)
        else {
            continue;
        };
        headers.extend(printed[..hlen].iter().map(|r| r.line));
        for r in &printed[hlen..] {
            let mut cells = vec![String::new(); first_paths.len()];
            for (c, cell) in r.cells.iter().enumerate() {
                if let Some(Some(t)) = target.get(c) {
                    cells[*t] = cell.clone();
                }
            }
            moved.insert(
                r.line,
                Row {
                    cells,
                    ..(*r).clone()
                },
            );
        }
    }
    (moved, headers)
}

/// A later page's own header, as [`own_header`] reads it.
enum OwnHeader {
    /// `len` header rows; for each of the page's columns, the first page's column it
    /// is.
    Matched {
        len: usize,
        columns: Vec<Option<usize>>,
    },
    /// Header rows printing the first page's labels, cut up so that the page's columns
    /// cannot be matched to the first page's.
    Unmatched,
}

/// The header a page prints of its own, if any, and for each of the page's columns the
/// first page's column with the same label path (several first-page columns under one
/// label, as codes indented by level, take the page's columns in order). When its body
/// fills a column the first page has no label for, the header is unmatched; it is
/// still the page's own, and not data, if it prints only characters of the first
/// page's header (the same labels cut up differently: "项 | 收 | 入" for "收入 | 项目").
fn own_header(
    page: &[&Row],
    first_paths: &[Vec<String>],
    repeated: &impl Fn(&&Row) -> bool,
) -> Option<OwnHeader> {
    let hlen = header_len(page);
    if hlen == 0 || hlen == page.len() || page[..hlen].iter().all(repeated) {
        return None;
    }
    let width = page.iter().map(|r| r.cells.len()).max()?;
    let header_rows = labelled_rows(&page[..hlen]);
    let occupied = filled_columns(page[hlen..].iter().copied(), width);
    let own = header::build(&header_rows, width, &occupied).paths;
    let key = |p: &[String]| {
        p.iter()
            .map(|l| text::clean(l))
            .collect::<Vec<_>>()
            .concat()
    };
    let first_keys: Vec<String> = first_paths.iter().map(|p| key(p)).collect();
    let mut target = vec![None; width];
    let mut used = vec![false; first_paths.len()];
    for (c, path) in own.iter().enumerate() {
        let k = key(path);
        if k.is_empty() {
            continue;
        }
        // A name wrapped above the page's first row can run into the label over it
        // ("政府经济科目名称公务用车运行维护"): the label then only starts the path.
        let free = |i: &usize| !used[*i] && !first_keys[*i].is_empty();
        let same = (0..first_keys.len()).find(|i| free(i) && first_keys[*i] == k);
        let starts = || (0..first_keys.len()).find(|i| free(i) && k.starts_with(&first_keys[*i]));
        if let Some(i) = same.or_else(starts) {
            used[i] = true;
            target[c] = Some(i);
        }
    }
    if (0..width).any(|c| occupied[c] && target[c].is_none()) {
        // Parents laid out differently ("收 | 入" over one column): the last labels
        // still follow the first page's, in order.
        target = vec![None; width];
        let mut next = 0;
        for (c, path) in own.iter().enumerate() {
            let Some(leaf) = path
                .last()
                .map(|l| text::clean(l))
                .filter(|l| !l.is_empty())
            else {
                continue;
            };
            if let Some(i) = (next..first_paths.len()).find(|&i| {
                first_paths[i]
                    .last()
                    .is_some_and(|l| text::clean(l) == leaf)
            }) {
                target[c] = Some(i);
                next = i + 1;
            }
        }
    }
    if (0..width).any(|c| occupied[c] && target[c].is_none()) {
        let first_chars: std::collections::HashSet<char> =
            first_keys.iter().flat_map(|k| k.chars()).collect();
        let same_words = header_rows
            .iter()
            .flat_map(|r| r.labels.iter().flat_map(|(_, l)| l.chars()))
            .all(|c| c.is_whitespace() || first_chars.contains(&c));
        return same_words.then_some(OwnHeader::Unmatched);
    }
    Some(OwnHeader::Matched {
        len: hlen,
        columns: target,
    })
}

/// The left and right edge of each column, where the table's first page shows them:
/// the middle value over its rows' cell boxes in that column (PDF input).
fn column_edges(rows: &[&Row], width: usize) -> Option<Vec<(f64, f64)>> {
    let full: Vec<&Row> = rows
        .iter()
        .filter(|r| r.boxes.len() == width)
        .copied()
        .collect();
    let middle = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    (0..width)
        .map(|c| {
            let boxes: Vec<crate::line::Rect> = full.iter().filter_map(|r| r.boxes[c]).collect();
            let left = middle(boxes.iter().map(|b| b[0]).collect())?;
            let right = middle(boxes.iter().map(|b| b[2]).collect())?;
            Some((left, right))
        })
        .collect()
}

/// A row of a later page whose ruled cells do not match the columns of the table's
/// first page (a continued table whose page drew fewer rules, a key merged across
/// columns), with each cell moved to the column that holds its middle; `None` when the
/// row matches already, or when its cells cannot all be placed one to a column.
fn realign(row: &Row, edges: &Option<Vec<(f64, f64)>>) -> Option<Row> {
    const SNAP: f64 = 2.0;
    let edges = edges.as_ref()?;
    if row.boxes.len() != row.cells.len() {
        return None;
    }
    let matches = row.cells.len() == edges.len()
        && row.boxes.iter().zip(edges).all(|(b, (l, r))| {
            b.is_none_or(|b| (b[0] - l).abs() <= SNAP && (b[2] - r).abs() <= SNAP)
        });
    if matches {
        return None;
    }
    let mut cells = vec![String::new(); edges.len()];
    let mut placed: Vec<Option<crate::line::Rect>> = vec![None; edges.len()];
    for (cell, b) in row.cells.iter().zip(&row.boxes) {
        if cell.is_empty() {
            continue;
        }
        let b = (*b)?;
        let middle = (b[0] + b[2]) / 2.0;
        let c = edges
            .iter()
            .position(|(l, r)| *l <= middle && middle <= *r)?;
        if !cells[c].is_empty() {
            return None;
        }
        cells[c] = cell.clone();
        placed[c] = Some(b);
    }
    Some(Row {
        cells,
        boxes: placed,
        ..row.clone()
    })
}

fn make_columns(paths: &[Vec<String>], body: &[&Row]) -> Vec<Column> {
    let mut columns: Vec<Column> = paths
        .iter()
        .enumerate()
        .map(|(index, p)| {
            // A column of text is a key when no header says otherwise: an unlabelled
            // one, or the first one under a label not known to be a key ("Name").
            let all_text = || {
                let mut cells = body
                    .iter()
                    .filter_map(|r| r.cells.get(index))
                    .filter(|c| !c.is_empty());
                let mut any = false;
                let text = cells.all(|c| {
                    any = true;
                    amount::parse_value(c).number.is_none() && !amount::is_amount(c)
                });
                any && text
            };
            let key = match p.last() {
                Some(label) => is_key_label(label) || (index == 0 && all_text()),
                None => all_text(),
            };
            let path = if p.is_empty() {
                format!("#{index}")
            } else {
                p.join("/")
            };
            Column {
                canonical: None,
                index,
                path,
                key,
                group: 0,
            }
        })
        .collect();
    // A key column after a value column starts a new side-by-side group; 序号 is shared,
    // and a unit of measure (计量单位) qualifies the values beside it, in the same row.
    let mut group = 0;
    let mut seen_value = false;
    for c in &mut columns {
        let label = c.path.rsplit('/').next().unwrap_or("");
        let qualifier = matches!(label, "计量单位" | "度量单位");
        if c.key && seen_value && !is_seq_label(label) && !qualifier {
            group += 1;
            seen_value = false;
        }
        let labelled = !paths[c.index].is_empty();
        let filled = body
            .iter()
            .any(|r| r.cells.get(c.index).is_some_and(|x| !x.is_empty()));
        seen_value |= !c.key && (labelled || filled);
        c.group = group;
    }
    columns
}

fn last_label(c: &Column) -> &str {
    // By bytes: '/' is ASCII, and this is asked for every column of every row.
    match c.path.bytes().rposition(|b| b == b'/') {
        Some(at) => &c.path[at + 1..],
        None => &c.path,
    }
}

/// Where a row's cells go: cells before `at` stay, the rest move right by `by`
/// (`at == 0` is a row that lost its leading cells, `by == 0` the row as printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shift {
    at: usize,
    by: usize,
}

impl Shift {
    const NONE: Shift = Shift { at: 0, by: 0 };

    fn column(self, i: usize) -> usize {
        if i < self.at { i } else { i + self.by }
    }
}

/// A row label lent by one side-by-side group to another.
struct Borrowed {
    /// The group whose key column the merged cell starts in.
    from: usize,
    /// The group it runs over, which has values but no label of its own.
    to: usize,
    /// That group's key column.
    column: usize,
    label: String,
}

/// Row labels printed in a cell merged across side-by-side groups ("当年支出小计" over
/// both 功能分类 and 支出用途, its amount under the second). The source knows the
/// merge: a ruled cell's box is given at its first column only (PDF input).
fn labels_across_groups(
    row: &Row,
    columns: &[Column],
    source: &[Option<usize>],
    cells: &[&str],
) -> Vec<Borrowed> {
    let mut out = Vec::new();
    if row.boxes.len() != row.cells.len() || row.boxes.is_empty() {
        return out;
    }
    let groups = columns.iter().map(|c| c.group).max().map_or(0, |g| g + 1);
    for g in 0..groups {
        let cols: Vec<&Column> = columns.iter().filter(|c| c.group == g).collect();
        let labelled = cols.iter().any(|c| c.key && !cells[c.index].is_empty());
        let valued = cols.iter().any(|c| !c.key && !cells[c.index].is_empty());
        if labelled || !valued {
            continue;
        }
        let Some(key) = cols.iter().find(|c| c.key) else {
            continue;
        };
        // The key column has no box of its own: a cell to its left runs over it.
        let Some(at) = source[key.index].filter(|&i| row.boxes[i].is_none()) else {
            continue;
        };
        let Some(start) = (0..at).rev().find(|&i| row.boxes[i].is_some()) else {
            continue;
        };
        let Some(lender) = columns.iter().find(|c| source[c.index] == Some(start)) else {
            continue;
        };
        // Only a label lent from another group's key column, with nothing between.
        let between_empty = (start + 1..at).all(|i| row.cells[i].is_empty());
        if lender.key && lender.group != g && !row.cells[start].is_empty() && between_empty {
            out.push(Borrowed {
                from: lender.group,
                to: g,
                column: key.index,
                label: row.cells[start].clone(),
            });
        }
    }
    out
}

/// Places a row's cells by column, returning for each column the index of the row's
/// cell placed there. A number in a key column, or text in a column of amounts, means
/// the row lost a cell: a shift that removes every such conflict is applied and
/// reported; if none does, the row stays as printed and each conflict is reported. In a
/// table whose header lost a column (`lost_column`), every row that is one cell short is
/// placed the same way even without a conflict.
fn place(
    row: &Row,
    columns: &[Column],
    numeric: &[bool],
    lost_column: bool,
    f: &mut Findings<'_>,
) -> Vec<Option<usize>> {
    let width = columns.len();
    let conflicts = |shift: Shift| -> Option<Vec<usize>> {
        let mut bad = Vec::new();
        for (i, cell) in row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            match columns.get(shift.column(i)) {
                None => return None,
                Some(col) if col.key && is_measure(cell) => bad.push(i),
                Some(col)
                    if !col.key
                        && numeric[col.index]
                        && !amount::is_amount(cell)
                        && !is_dash(cell) =>
                {
                    bad.push(i)
                }
                _ => {}
            }
        }
        Some(bad)
    };
    let placed = |shift: Shift| -> Vec<Option<usize>> {
        let mut source = vec![None; width];
        for i in 0..row.cells.len() {
            if let Some(slot) = source.get_mut(shift.column(i)) {
                *slot = Some(i);
            }
        }
        source
    };
    let as_printed = conflicts(Shift::NONE).unwrap_or_default();
    let short = lost_column && row.cells.len() < width;
    if as_printed.is_empty() && !short {
        return placed(Shift::NONE);
    }
    // A converter drops empty cells, so a cell can only have been lost at the start of
    // the row or next to an empty cell. Of those places, the last one that removes
    // every conflict moves the fewest cells.
    let empty = |i: usize| row.cells.get(i).is_some_and(|c| c.is_empty());
    let one_lost = (0..=row.cells.len())
        .rev()
        .filter(|&at| at == 0 || empty(at) || empty(at - 1))
        .map(|at| Shift { at, by: 1 });
    let leading = (2..=3).map(|by| Shift { at: 0, by });
    let resolves = |s: &Shift| conflicts(*s).is_some_and(|b| b.is_empty());
    if let Some(shift) = one_lost.chain(leading).find(resolves) {
        let moves = row.cells.iter().skip(shift.at).any(|c| !c.is_empty());
        if !moves {
            // One cell short, but nothing shows where. It matters only if something
            // stands after the first place a cell could have been lost.
            let first_gap = row.cells.iter().position(String::is_empty);
            if first_gap.is_some_and(|g| row.cells[g..].iter().any(|c| !c.is_empty())) {
                let message = "the row is a cell short of the header and nothing shows where \
                               the cell was lost; kept as printed"
                    .to_string();
                f.push(
                    Severity::Warning,
                    "row_short",
                    Some(row.line),
                    None,
                    message,
                );
            }
            return placed(Shift::NONE);
        }
        let message = if shift.at == 0 {
            format!(
                "the row lost {} leading cell(s); its cells were shifted right by {}",
                shift.by, shift.by
            )
        } else {
            format!(
                "the row lost a cell before column {}; the cells from there were shifted right by 1",
                shift.at
            )
        };
        f.push(
            Severity::Warning,
            "row_realigned",
            Some(row.line),
            None,
            message,
        );
        return placed(shift);
    }
    for i in as_printed {
        let (rule, what) = if columns[i].key {
            ("value_in_key_column", "key column")
        } else {
            ("text_in_amount_column", "amount column")
        };
        f.push(
            Severity::Warning,
            rule,
            Some(row.line),
            Some(&columns[i].path),
            format!(
                "{:?} stands in {what} {}: the row may have lost a cell; kept where printed",
                row.cells[i], columns[i].path
            ),
        );
    }
    placed(Shift::NONE)
}

/// Side-by-side groups repeat the same columns ("三级指标 | 指标值" under each of
/// 成本/产出/效益/满意度). When the last group is a strict prefix of the others, the
/// header lost its last cells: they are restored under the last group's parent.
fn complete_last_group(paths: &mut Vec<Vec<String>>) -> Option<String> {
    let labels: Vec<Option<&str>> = paths.iter().map(|p| p.last().map(String::as_str)).collect();
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    let mut seen_value = false;
    for (i, label) in labels.iter().enumerate() {
        let key = label.is_some_and(is_key_label);
        if key && seen_value {
            groups.push(Vec::new());
            seen_value = false;
        }
        seen_value |= !key;
        groups.last_mut().expect("one group at least").push(i);
    }
    let sequence = |g: &[usize]| -> Vec<Option<&str>> { g.iter().map(|&i| labels[i]).collect() };
    let (last, middle) = groups.split_last()?;
    let middle = middle.get(1..)?;
    let model = sequence(middle.first()?);
    let last_seq = sequence(last);
    let repeated = middle.len() >= 2 && middle.iter().all(|g| sequence(g) == model);
    if !repeated || last_seq.len() >= model.len() || model[..last_seq.len()] != last_seq[..] {
        return None;
    }
    let parent: Vec<String> = paths[*last.last()?].split_last()?.1.to_vec();
    let missing: Vec<String> = model[last_seq.len()..]
        .iter()
        .map(|l| l.unwrap_or("").to_string())
        .collect();
    for label in &missing {
        let mut path = parent.clone();
        path.push(label.clone());
        paths.push(path);
    }
    Some(format!("{}/{}", parent.join("/"), missing.join(", ")))
}

fn body_records(
    body: &[&Row],
    columns: &[Column],
    numeric: &[bool],
    lost_column: bool,
    tree: &header::ColumnTree,
    f: &mut Findings<'_>,
) -> Vec<Record> {
    let groups = columns.iter().map(|c| c.group).max().map_or(1, |g| g + 1);
    let mut records: Vec<Record> = Vec::new();
    let mut last_line_of: Vec<Option<(usize, usize)>> = vec![None; groups]; // (record index, last line)
    let mut split_codes: Vec<SplitCode> = vec![SplitCode::default(); groups];
    let mut packed = std::collections::BTreeSet::new();
    // The sequence-number column, and each group's other columns: the same for every row.
    let seq_column = columns.iter().find(|c| is_seq_label(last_label(c)));
    let group_columns: Vec<Vec<&Column>> = (0..groups)
        .map(|g| {
            columns
                .iter()
                .filter(|c| c.group == g && !is_seq_label(last_label(c)))
                .collect()
        })
        .collect();
    for row in body {
        let source = place(row, columns, numeric, lost_column, f);
        if row.packed {
            packed.insert(row.line);
        }
        let cells: Vec<&str> = source
            .iter()
            .map(|s| s.map_or("", |i| row.cells[i].as_str()))
            .collect();
        let seq = seq_column
            .map(|c| cells[c.index])
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let borrowed = labels_across_groups(row, columns, &source, &cells);
        for (((g, last_line), split_code), cols) in last_line_of
            .iter_mut()
            .enumerate()
            .zip(&mut split_codes)
            .zip(&group_columns)
        {
            let mut keys: Vec<Key> = cols
                .iter()
                .filter(|c| c.key && !cells[c.index].is_empty())
                .map(|c| Key {
                    column: c.path.clone(),
                    text: text::clean(cells[c.index]),
                })
                .collect();
            let lent = borrowed.iter().any(|b| b.from == g);
            if let Some(b) = borrowed.iter().find(|b| b.to == g) {
                let (column, label) = (b.column, &b.label);
                keys = vec![Key {
                    column: columns[column].path.clone(),
                    text: text::clean(label),
                }];
            }
            let values: Vec<Value> = cols
                .iter()
                .filter(|c| !c.key && !cells[c.index].is_empty())
                .map(|c| {
                    value(
                        c.path.clone(),
                        c.index,
                        row,
                        source[c.index],
                        cells[c.index],
                    )
                })
                .collect();
            if keys.is_empty() && values.is_empty() || lent && values.is_empty() {
                continue;
            }
            let mut code = code_of(cols, &cells, split_code);
            let mut name = match borrowed.iter().find(|b| b.to == g) {
                Some(b) => Some(text::clean(&b.label)),
                None => name_of(cols, &cells),
            };
            // A code joined to its name by a hyphen in one cell ("30101-基本工资"): the
            // first key column's, as with codes in columns of their own (a row keyed by
            // function, 政府 and 部门 economic class is its function's; the others stay
            // among its keys).
            if code.is_none() {
                let hyphenated = cols
                    .iter()
                    .filter(|c| c.key)
                    .find_map(|c| hyphenated_code(&text::clean(cells[c.index])));
                if let Some((c, n)) = hyphenated {
                    (code, name) = (Some(c), Some(n));
                }
            }
            // A name wrapped onto the next line: a lone short fragment with no code under a
            // coded row (an item with a code never has an uncoded item under it).
            if let (Some((ri, last)), None, true, Some(n)) =
                (*last_line, &code, values.is_empty(), &name)
            {
                let under_coded = records[ri].code.is_some() && records[ri].name.is_some();
                if last + 1 == row.line && keys.len() == 1 && is_wrapped_tail(n) && under_coded {
                    let prev = &mut records[ri];
                    let joined = format!("{}{}", prev.name.as_deref().unwrap_or(""), n);
                    f.push(
                        Severity::Info,
                        "name_joined",
                        Some(row.line),
                        None,
                        format!("wrapped name joined: {joined}"),
                    );
                    prev.name = Some(joined);
                    *last_line = Some((ri, row.line));
                    continue;
                }
            }
            let kind = match &name {
                Some(n) if n.contains("小计") => RecordKind::Subtotal,
                Some(n) if n.ends_with("合计") || n.ends_with("总计") => RecordKind::Total,
                _ => RecordKind::Item,
            };
            check_blank_subtotals(tree, columns, &cells, row.line, f);
            *last_line = Some((records.len(), row.line));
            records.push(Record {
                subject: None,
                page: row.page,
                line: row.line,
                group: g,
                kind,
                seq: seq.clone(),
                code,
                name,
                keys,
                values,
            });
        }
    }
    super::inference::place_packed(&mut records, columns, &packed, f);
    records
}

/// Whether a key cell is a code: ASCII letters and digits, at least one digit
/// ("2010301", "13040024P00000210034H", "13063722P0043511001 52").
pub(crate) fn is_code_like(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
}

/// The 类 and 款 of the rows above, for split code columns whose rows print only their
/// own part: a 款 row "| 05 |" under the 类 row "201 |", a 项 row "| | 01" under it.
#[derive(Debug, Clone, Default)]
struct SplitCode {
    class: String,
    section: String,
}

/// The classification code: 类|款|项 joined, or a whole code column. A split code's
/// blank 类 (and 款) are those of the rows above it, where those are a whole 类 (three
/// digits) and 款 (two).
fn code_of(cols: &[&Column], cells: &[&str], above: &mut SplitCode) -> Option<String> {
    let part = |label: &str| -> Option<String> {
        cols.iter()
            .find(|c| last_label(c) == label)
            .map(|c| text::clean(cells[c.index]).replace(' ', ""))
    };
    let (class, section, item) = (part("类"), part("款"), part("项"));
    // Two code systems side by side (部门 | 政府 economic codes, each 类 | 款): the row's
    // code is the first system's that is printed; the other stays among its keys.
    let one_system = cols.iter().filter(|c| last_label(c) == "类").count() == 1;
    if !one_system {
        let mut systems: Vec<String> = Vec::new();
        for c in cols
            .iter()
            .filter(|c| matches!(last_label(c), "类" | "款" | "项"))
        {
            if last_label(c) == "类" || systems.is_empty() {
                systems.push(String::new());
            }
            if let Some(system) = systems.last_mut() {
                system.push_str(&text::clean(cells[c.index]).replace(' ', ""));
            }
        }
        if let Some(code) = systems
            .into_iter()
            .find(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        {
            return Some(code);
        }
    }
    if one_system {
        let [mut class, mut section, item] = [class, section, item].map(Option::unwrap_or_default);
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        // A row with no code at all (a name's first line) leaves the rows above as
        // they are for the rows below.
        let printed = !(class.is_empty() && section.is_empty() && item.is_empty());
        if printed && digits(&class) && digits(&section) && digits(&item) {
            if class.is_empty() {
                class = above.class.clone();
                if section.is_empty() && !item.is_empty() {
                    section = above.section.clone();
                }
            }
            if class.len() == 3 {
                above.class = class.clone();
                above.section = if section.len() == 2 {
                    section.clone()
                } else {
                    String::new()
                };
            } else {
                *above = SplitCode::default();
            }
            let split = format!("{class}{section}{item}");
            if !split.is_empty() {
                return Some(split);
            }
        }
    }
    cols.iter()
        .filter(|c| {
            c.key && is_code_label(last_label(c)) && !matches!(last_label(c), "类" | "款" | "项")
        })
        .map(|c| text::clean(cells[c.index]))
        .find(|t| is_code_like(t))
}

/// A classification code printed before its name with a hyphen, in one cell: "30101-基本工资",
/// "2010301－行政运行" → the code and the name.
fn hyphenated_code(cell: &str) -> Option<(String, String)> {
    let caps = HYPHENATED_CODE.captures(cell)?;
    Some((caps[1].to_string(), caps[2].trim().to_string()))
}

static HYPHENATED_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([1235]\d{2}(?:\d{2}){0,2})\s*[-－—]\s*(\p{Han}.*)$").expect("valid regex")
});

/// The row's name: a 名称 column if it holds text, else the last key cell that holds
/// text rather than a code. A total label printed in a code column ("合计") counts.
fn name_of(cols: &[&Column], cells: &[&str]) -> Option<String> {
    // Two code systems side by side each print a name: the row's is the first system's,
    // as its code is (see `code_of`).
    let second_system = cols
        .iter()
        .filter(|c| last_label(c) == "类")
        .nth(1)
        .map_or(usize::MAX, |c| c.index);
    let mut candidates: Vec<&&Column> = cols
        .iter()
        .filter(|c| c.key && !cells[c.index].is_empty() && !is_code_like(cells[c.index]))
        .collect();
    if candidates.iter().any(|c| c.index < second_system) {
        candidates.retain(|c| c.index < second_system);
    }
    candidates
        .iter()
        .find(|c| c.path.split('/').any(|l| l.contains("名称")))
        .or(candidates.last())
        .map(|c| {
            text::clean(cells[c.index])
                .trim_end_matches(':')
                .to_string()
        })
}

/// A short fragment that is the end of the previous row's name, not a row of its own.
fn is_wrapped_tail(n: &str) -> bool {
    let starts_enumerated =
        n.starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十(（其".contains(c));
    n.chars().count() <= 6 && !starts_enumerated && !is_total_label(n)
}

/// A 小计/合计 column left blank while the columns it sums have values: the extractor
/// probably lost the cell. Reported; the blank stays blank.
fn check_blank_subtotals(
    tree: &header::ColumnTree,
    columns: &[Column],
    cells: &[&str],
    line: usize,
    f: &mut Findings<'_>,
) {
    for level in &tree.levels {
        for span in level.iter().filter(|s| s.end > s.start) {
            let first = &columns[span.start];
            if !matches!(last_label(first), "小计" | "合计") || !cells[span.start].is_empty() {
                continue;
            }
            let filled: Vec<&str> = (span.start + 1..=span.end)
                .filter(|&c| amount::is_amount(cells[c]))
                .map(|c| columns[c].path.as_str())
                .collect();
            if !filled.is_empty() {
                f.push(
                    Severity::Warning,
                    "blank_subtotal",
                    Some(line),
                    Some(&first.path),
                    format!(
                        "{} is blank while {} have values: a cell was probably lost",
                        first.path,
                        filled.join(", ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_hyphenated_to_its_name_is_split_off() {
        assert_eq!(
            hyphenated_code("30101-基本工资"),
            Some(("30101".to_string(), "基本工资".to_string()))
        );
        assert_eq!(
            hyphenated_code("2010301－行政运行"),
            Some(("2010301".to_string(), "行政运行".to_string()))
        );
        // Years, phone numbers and plain names are not codes.
        assert_eq!(hyphenated_code("2023-2025年规划"), None);
        assert_eq!(hyphenated_code("3012-办公"), None);
        assert_eq!(hyphenated_code("基本工资"), None);
    }

    fn ruled_row(line: usize, page: u32, cells: &[(&str, f64, f64)]) -> Row {
        Row {
            line,
            page: Some(page),
            boxes: cells
                .iter()
                .map(|(_, l, r)| Some([*l, 0.0, *r, 10.0]))
                .collect(),
            cells: cells.iter().map(|(c, _, _)| c.to_string()).collect(),
            packed: false,
            kind: RowKind::Cells,
        }
    }

    #[test]
    fn a_label_merged_across_two_groups_names_the_second() {
        // 收入: 项目 | 金额 ; 功能分类: 名称 | 金额 ; 支出用途: 名称 | 金额. The label
        // 当年支出小计 is one cell over 功能分类 and 支出用途 (no box of its own at
        // columns 3 and 4); its amount stands under 支出用途.
        let column = |index, path: &str, key, group| Column {
            index,
            path: path.into(),
            canonical: None,
            key,
            group,
        };
        let columns = [
            column(0, "收入/项目", true, 0),
            column(1, "收入/金额", false, 0),
            column(2, "功能分类/名称", true, 1),
            column(3, "功能分类/金额", false, 1),
            column(4, "支出用途/名称", true, 2),
            column(5, "支出用途/金额", false, 2),
        ];
        let mut row = ruled_row(
            1,
            1,
            &[
                ("当年收入小计", 0.0, 80.0),
                ("9.00", 80.0, 120.0),
                ("当年支出小计", 120.0, 300.0),
                ("", 0.0, 0.0),
                ("", 0.0, 0.0),
                ("9.00", 300.0, 340.0),
            ],
        );
        row.boxes[3] = None;
        row.boxes[4] = None;
        let source: Vec<Option<usize>> = (0..6).map(Some).collect();
        let cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
        let lent = labels_across_groups(&row, &columns, &source, &cells);
        assert_eq!(lent.len(), 1);
        assert_eq!((lent[0].from, lent[0].to, lent[0].column), (1, 2, 4));
        assert_eq!(lent[0].label, "当年支出小计");
        // Text input has no boxes: nothing is lent.
        row.boxes.clear();
        assert!(labels_across_groups(&row, &columns, &source, &cells).is_empty());
    }

    #[test]
    fn a_continued_page_is_laid_against_the_first_pages_columns() {
        // Page 1: a margin column, name, total, other. Page 2 drew no margin rule.
        let first = ruled_row(
            1,
            1,
            &[
                ("", 0.0, 5.0),
                ("项目", 5.0, 80.0),
                ("67.70", 80.0, 120.0),
                ("", 120.0, 160.0),
            ],
        );
        let edges = column_edges(&[&first], 4);
        let later = ruled_row(
            2,
            2,
            &[
                ("审核", 0.0, 80.0),
                ("12.00", 80.0, 120.0),
                ("", 120.0, 160.0),
            ],
        );
        let laid = realign(&later, &edges).expect("realigned");
        assert_eq!(laid.cells, ["", "审核", "12.00", ""]);
        // A row that matches the columns already is left alone.
        let same = ruled_row(
            3,
            2,
            &[
                ("", 0.0, 5.0),
                ("审核", 5.0, 80.0),
                ("1.00", 80.0, 120.0),
                ("", 120.0, 160.0),
            ],
        );
        assert!(realign(&same, &edges).is_none());
        // Two cells in one column cannot be laid: kept as printed.
        let crowded = ruled_row(4, 2, &[("a", 5.0, 40.0), ("b", 40.0, 80.0)]);
        assert!(realign(&crowded, &edges).is_none());
    }

    /// The tables read from tab-separated text (pages split by form feeds), each as its
    /// records' (code, column path, printed value).
    fn read(text: &str) -> Vec<Vec<(String, String, String)>> {
        let rows = crate::recognise::rows::classify(crate::text::lines(text));
        let mut findings = Vec::new();
        crate::recognise::tables(&rows, &mut findings)
            .into_iter()
            .map(|t| {
                t.records
                    .iter()
                    .flat_map(|r| {
                        r.values.iter().map(|v| {
                            (
                                r.code.clone().unwrap_or_default(),
                                v.column.clone(),
                                v.printed.clone(),
                            )
                        })
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_continued_text_page_with_its_own_header_is_laid_by_labels() {
        // Page 1 indents 款 codes into a column of their own under 科目编码; the
        // converter laid page 2 out without it, one column fewer.
        let page1 = "支出表\n科目编码\t\t科目名称\t合计\t基本支出\t项目支出\n301\t\t工资福利支出\t5.00\t5.00\t\n\t30101\t基本工资\t5.00\t5.00\t\n";
        let page2 =
            "支出表\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n30102\t津贴补贴\t2.00\t\t2.00\n";
        let tables = read(&format!("{page1}\u{c}{page2}"));
        assert_eq!(tables.len(), 1);
        // Page 2's header is header, not a row of text values.
        assert!(tables[0].iter().all(|v| v.2 != "基本支出"));
        let on_page2: Vec<_> = tables[0].iter().filter(|v| v.0 == "30102").collect();
        assert_eq!(
            on_page2,
            [
                &("30102".into(), "合计".into(), "2.00".into()),
                &("30102".into(), "项目支出".into(), "2.00".into()),
            ]
        );
    }

    #[test]
    fn a_continued_text_page_whose_header_cannot_be_matched_is_a_table_of_its_own() {
        // Page 2 prints the same labels cut up differently, with a column page 1 has
        // no label for: its values are not laid under page 1's columns.
        let page1 = "收支表\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n一、财政拨款\t1.00\t教育支出\t1.00\n";
        let page2 = "收支表\n收\t入\t\t支出\t\n项\t目\t预算数\t项目\t预算数\n\t\t\t科学技术支出\t2.00\n\t本年收入合计\t3.00\t本年支出合计\t3.00\n";
        let tables = read(&format!("{page1}\u{c}{page2}"));
        assert_eq!(tables.len(), 2);
        assert!(
            tables[1]
                .iter()
                .any(|v| v.1.ends_with("预算数") && v.2 == "2.00")
        );
    }

    #[test]
    fn key_labels() {
        for k in [
            "序号",
            "项目",
            "科目编码",
            "单位(科目名称)",
            "单位编码(项目编码)",
            "类",
            "三级指标",
            "政府采购目录序号",
            "支出功能分科目(按大类)",
            "二级项目",
            "年度",
        ] {
            assert!(is_key_label(k), "{k} is a key");
        }
        for v in [
            "合计",
            "金额",
            "预算数",
            "项目支出",
            "基本支出",
            "指标值",
            "单位资金",
            "“三公”经费合计",
        ] {
            assert!(!is_key_label(v), "{v} holds values");
        }
    }

    #[test]
    fn a_unit_code_column_holds_no_subject_codes() {
        assert!(is_code_label("科目编码"));
        assert!(is_code_label("单位编码(项目编码)"));
        assert!(!is_code_label("单位编码"));
        // xian-meteorological 三公经费表: "序号" broken over two cells runs into it.
        assert!(!is_code_label("号单位编码"));
    }

    #[test]
    fn wrapped_tails() {
        assert!(is_wrapped_tail("支出"));
        assert!(!is_wrapped_tail("十一、节能环保"));
        assert!(!is_wrapped_tail("合计"));
        assert!(!is_wrapped_tail("一段很长很长的完整名称"));
    }

    #[test]
    fn a_split_code_row_printing_only_its_own_part_takes_the_rest_from_above() {
        let text = "支出表\n科目编码\t\t\t科目名称\t合计\n类\t款\t项\t\t\n201\t\t\t一般公共服务支出\t10.00\n\t40\t\t信访事务\t10.00\n\t\t01\t行政运行\t10.00\n205\t\t\t教育支出\t1.00\n\t08\t\t进修及培训\t1.00\n\t\t03\t培训支出\t1.00\n";
        let doc = crate::parse_str(text, "t.txt");
        let codes: Vec<Option<&str>> = doc.tables[0]
            .records
            .iter()
            .map(|r| r.code.as_deref())
            .collect();
        assert_eq!(
            codes,
            [
                Some("201"),
                Some("20140"),
                Some("2014001"),
                Some("205"),
                Some("20508"),
                Some("2050803")
            ]
        );
    }

    #[test]
    fn two_code_systems_side_by_side_give_the_first_systems_code_and_name() {
        // yantai 一般公共预算基本支出情况表: 部门 and 政府 economic codes, each 类 | 款.
        let text = "基本支出表\n科目编码\t\t部门经济分类科目\t科目编码\t\t政府经济分类科目\t合计\n类\t款\t\t类\t款\t\t\n301\t\t工资福利支出\t501\t\t机关工资福利支出\t5.00\n301\t01\t基本工资\t501\t01\t工资奖金津补贴\t2.00\n301\t02\t津贴补贴\t501\t01\t工资奖金津补贴\t3.00\n301\t\t工资福利支出\t505\t\t对事业单位经常性补助\t1.00\n301\t01\t基本工资\t505\t01\t工资福利支出\t1.00\n";
        let doc = crate::parse_str(text, "t.txt");
        let rows: Vec<(Option<&str>, Option<&str>)> = doc.tables[0]
            .records
            .iter()
            .map(|r| (r.code.as_deref(), r.name.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                (Some("301"), Some("工资福利支出")),
                (Some("30101"), Some("基本工资")),
                (Some("30102"), Some("津贴补贴")),
                (Some("301"), Some("工资福利支出")),
                (Some("30101"), Some("基本工资")),
            ]
        );
        // Each 301 adds up with the rows under it, not with the other's.
        assert!(
            !doc.findings.iter().any(|f| f.rule == "hierarchy_sum"),
            "{:?}",
            doc.findings
        );
    }
}
