//! How a disclosure numbers and names its parts: a table's label, a heading's number, the
//! end of an organisation's name. Several stages read them (the PDF layout, the
//! recogniser, the document's metadata and 目录, the checks of the prose), so they are
//! written once, here.

use std::sync::LazyLock;

use regex::Regex;

/// A table's label: "表5", "表十二", "附表14-3", "公开表1", "公开01表", "预算01表".
pub const TABLE_LABEL: &str = r"(?:(?:附表|公开表|表)\s*(?:\d+|[一二三四五六七八九十]+)(?:\s*[-—]\s*\d+)?|(?:公开|预算)\s*\d+\s*表)";

/// How an organisation's name ends: 局, 委, 办公厅 …, or 本级 for a department's own part.
pub const ORGANISATION_END: &str = "局|委|办|部|院|中心|会|厅|所|站|队|馆|处|室|政府|本级";

static LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{TABLE_LABEL}$")).expect("valid regex"));
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分)",
    )
    .expect("valid regex")
});

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(第\s*\d+\s*页.*|-\s*\d[\d\s]*-|—\s*\d[\d\s]*—|\d{1,4}|\d+\s*/\s*\d+|共\s*\d+\s*页.*)$",
    )
    .expect("valid regex")
});

static TITLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"表(\([^()]*\))?$|^{TABLE_LABEL}$|^\([^()]{{2,40}}\)$"
    ))
    .expect("valid regex")
});

/// Whether a line is one of a table's title block: "…表", "…表(按经济分类)", a label
/// "表5" or "附表14-3", or a bracketed subtitle.
pub fn is_title_line(text: &str) -> bool {
    TITLE_LINE.is_match(text)
}

/// Whether a line, standing at the top or foot of a page, is its number: "5", "- 5 -",
/// "— 19 —", "第5页 共20页", "5/20".
pub fn is_page_number(text: &str) -> bool {
    PAGE_NUMBER.is_match(text)
}

/// Whether a line is a table's label and nothing else.
pub fn is_table_label(text: &str) -> bool {
    LABEL_LINE.is_match(text)
}

/// Whether a line starts as a heading does: "三、", "(一)", "第二部分".
pub fn is_heading(text: &str) -> bool {
    HEADING.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_headings() {
        for label in [
            "表5",
            "表十二",
            "附表14-3",
            "公开表1",
            "表 14 - 3",
            "公开01表",
            "预算13表",
        ] {
            assert!(is_table_label(label), "{label}");
        }
        assert!(!is_table_label("表5收支总表"));
        assert!(
            is_heading("三、支出预算情况") && is_heading("(二)收入") && is_heading("第二部分 表")
        );
        assert!(!is_heading("2026年收支总表"));
    }
}
