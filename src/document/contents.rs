//! The 目录 (table of contents): which tables the document says it has.
//!
//! A 目录 starts at a line that says only 目录 (spaced "目 录", or 目 and 录 stacked on two
//! lines) and runs to the end of its page, or, in a text without pages, to the first
//! line that is no entry after the entries began. Its entries are lines with or without
//! dot leaders and page numbers ("一、收支总表……3", "公开01表 收支总表", "3.支出总表");
//! those that name a table (they end in 表, perhaps with a bracketed qualifier) are
//! kept, with the numbering, leaders and page number taken off. Part headings
//! ("第二部分 2026年度部门预算表") list no table.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ContentsEntry, TableKind};
use crate::recognise::rows::{Row, RowKind};

/// Numbering before an entry: "一、", "(一)", "1.", "1、", "表1", "附表1-2", "公开01表",
/// "预算01表".
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.．]|{}[:、.]?)\s*",
        crate::text::labels::TABLE_LABEL
    ))
    .expect("valid regex")
});
/// Dot leaders and the page number after an entry.
static LEADER_AND_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.…·\s-]*\d*\s*$").expect("valid regex"));
/// How a table's name ends.
static NAMES_A_TABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"表(\([^()]*\))?$").expect("valid regex"));
/// Words that name one table of the set.
static TABLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"收支|收入|支出|拨款|三公|基金|资本|采购|绩效|资产|经费|服务|目录|构成|机构|人员|项目",
    )
    .expect("valid regex")
});
/// Longest entry; longer lines are prose.
const MAX_ENTRY_CHARS: usize = 50;
/// How far a 目录 without pages may run.
const MAX_ENTRIES: usize = 80;

/// The tables the 目录 lists, in order; empty when the document has no 目录 or its
/// 目录 lists no table.
pub fn listed(rows: &[Row]) -> Vec<ContentsEntry> {
    let Some(start) = heading(rows) else {
        return Vec::new();
    };
    let mut page = rows[start].page;
    let mut out = Vec::new();
    let mut began = false;
    for (i, r) in rows.iter().enumerate().skip(start + 1).take(MAX_ENTRIES) {
        // A 目录 runs on to the next page when that page opens as a 目录 does.
        if page.is_some() && r.page != page {
            if !opens_like_contents(&rows[i..], &out) {
                break;
            }
            page = r.page;
        }
        let text = match &r.kind {
            RowKind::Text(t) => t.clone(),
            RowKind::Toc => r.cells.join(" "),
            // In a text without pages, a blank line ends the entries.
            RowKind::Blank if page.is_none() && began => break,
            RowKind::Blank | RowKind::Rule => continue,
            _ if page.is_some() => continue,
            _ => break,
        };
        let Some(title) = entry(&text) else {
            // In a text without pages, the first line that is no entry ends the 目录.
            if page.is_none() && began && !is_part_heading(&text) {
                break;
            }
            continue;
        };
        began = true;
        out.push(ContentsEntry {
            title,
            page: r.page,
            line: r.line,
            kind: TableKind::Other,
            table: None,
        });
    }
    out
}

/// Whether the rows of a page start as a 目录's do: their first lines are short headings
/// or entries, not prose or a table, and not the title of a table already listed (the
/// tables themselves begin there).
fn opens_like_contents(rows: &[Row], listed: &[ContentsEntry]) -> bool {
    let page = rows[0].page;
    let first: Vec<&Row> = rows
        .iter()
        .take_while(|r| r.page == page)
        .filter(|r| !matches!(r.kind, RowKind::Blank))
        .take(3)
        .collect();
    !first.is_empty()
        && first.iter().all(|r| match &r.kind {
            RowKind::Toc => true,
            RowKind::Text(t) => {
                t.chars().count() <= 20
                    && !t.ends_with(['。', ';', ','])
                    && entry(t).is_none_or(|name| listed.iter().all(|e| e.title != name))
            }
            _ => false,
        })
}

/// The row that heads the 目录: "目录", or "目" above "录".
fn heading(rows: &[Row]) -> Option<usize> {
    let compact = |r: &Row| r.text().map(|t| t.split_whitespace().collect::<String>());
    rows.iter().enumerate().find_map(|(i, r)| {
        let t = compact(r)?;
        if t == "目录" {
            return Some(i);
        }
        let next = rows[i + 1..]
            .iter()
            .find(|n| !matches!(n.kind, RowKind::Blank))?;
        (t == "目" && compact(next).as_deref() == Some("录")).then_some(i + 1)
    })
}

/// The name of the table an entry lists, if it lists one.
fn entry(text: &str) -> Option<String> {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_part_heading(&t) {
        return None;
    }
    let t = LEADER_AND_PAGE.replace(&t, "");
    let t = NUMBERING.replace(&t, "");
    let name: String = t.split_whitespace().collect();
    (name.chars().count() <= MAX_ENTRY_CHARS && NAMES_A_TABLE.is_match(&name) && !is_set(&name))
        .then_some(name)
}

/// Whether a name is that of the whole set of tables ("2026年杭州市司法局预算公开表",
/// "单位预算表"), a heading over the entries rather than one of them: it names no table
/// of the set.
fn is_set(name: &str) -> bool {
    !TABLE_WORDS.is_match(name)
}

fn is_part_heading(text: &str) -> bool {
    text.trim_start().starts_with('第') && text.contains("部分")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::rows::classify;

    fn titles(text: &str) -> Vec<String> {
        let rows = classify(crate::text::lines(text));
        listed(&rows).into_iter().map(|e| e.title).collect()
    }

    #[test]
    fn entries_with_and_without_leaders_numbers_and_pages() {
        let text = "2026年度部门预算\n目 录\n第一部分 部门概况\n一、部门主要职责\n第二部分 2026年度部门预算表\n一、收支总表……………3\n公开02表 收入总表 4\n3.支出总表\n表4 一般公共预算支出表(按功能分类)\n\n收支总表\n项目\t金额\n";
        assert_eq!(
            titles(text),
            [
                "收支总表",
                "收入总表",
                "支出总表",
                "一般公共预算支出表(按功能分类)"
            ]
        );
    }

    #[test]
    fn a_stacked_heading_and_a_page_of_its_own() {
        let text =
            "封面\n\u{c}目\n录\n一、收支总体情况表\n二、收入总体情况表\n\u{c}收支总体情况表\n";
        assert_eq!(titles(text), ["收支总体情况表", "收入总体情况表"]);
    }

    #[test]
    fn no_heading_no_entries() {
        assert!(titles("收支总表\n项目\t金额\n合计\t1.00\n").is_empty());
    }
}
