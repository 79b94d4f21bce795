//! A line of text → a row of cells.
//!
//! Converters separate cells with tabs, with markdown pipes, or with runs of two or
//! more spaces (pdftotext -layout). Empty cells are kept: their positions are what
//! places a value under its column.

use crate::line::Separator;

/// Splits a normalised line into trimmed cells.
pub fn split(line: &str) -> (Vec<String>, Separator) {
    let trimmed = line.trim();
    if line.contains('\t') {
        let cells = line.split('\t').map(|c| c.trim().to_string()).collect();
        return (cells, Separator::Tab);
    }
    if trimmed.len() >= 2 && trimmed.starts_with('|') && trimmed.ends_with('|') {
        let inner = &trimmed[1..trimmed.len() - 1];
        return (
            inner.split('|').map(|c| c.trim().to_string()).collect(),
            Separator::Pipe,
        );
    }
    if trimmed.contains("  ") {
        let cells: Vec<String> = trimmed
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if cells.len() > 1 {
            return (cells, Separator::Spaces);
        }
    }
    (vec![trimmed.to_string()], Separator::None)
}

/// Whether every cell is a horizontal rule: `---`, `:---:` (markdown separator rows
/// and the dashed lines some converters draw under a table).
pub fn is_rule(cells: &[String]) -> bool {
    cells.iter().any(|c| !c.is_empty())
        && cells.iter().all(|c| {
            let body = c.trim_matches(':');
            c.is_empty() || (body.len() >= 2 && body.chars().all(|ch| ch == '-'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<String> {
        split(line).0
    }

    #[test]
    fn tabs_keep_empty_cells() {
        assert_eq!(cells("收入\t\t支出\t"), ["收入", "", "支出", ""]);
        assert_eq!(split("a\tb").1, Separator::Tab);
    }

    #[test]
    fn markdown_pipes() {
        assert_eq!(
            cells("| 项目编码 | 130 52 | | 项目名称 |"),
            ["项目编码", "130 52", "", "项目名称"]
        );
        assert_eq!(split("| a |").1, Separator::Pipe);
    }

    #[test]
    fn runs_of_spaces() {
        assert_eq!(
            cells("合计    931.95   667.59"),
            ["合计", "931.95", "667.59"]
        );
        assert_eq!(split("2023 年度部门预算").1, Separator::None);
    }

    #[test]
    fn rules() {
        assert!(is_rule(&cells("|---|:--:|--|")));
        assert!(is_rule(&cells("------\t--------\t")));
        assert!(!is_rule(&cells("-\t-")));
        assert!(!is_rule(&cells("\t")));
    }
}
