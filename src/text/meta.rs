//! Meta lines: the department, unit, year, table label or entity printed around a table.
//!
//! Both front ends use this: the text front end's rows are classified with it, and the
//! PDF front end keeps a repeated meta line when it drops repeated page headers.

use std::sync::LazyLock;

use regex::Regex;

use super::labels::ORGANISATION_END;
use super::normalise::{clean, strip_markdown};

/// One item of a meta line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaItem {
    /// `department`, `unit`, `year`, `label`, `entity` or `as_of`.
    pub key: &'static str,
    /// The printed value.
    pub value: String,
}

static META_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(部门\(单位\)|单位\(部门\)|部门名称|单位名称|资金主管部门|主管部门|编制部门|编制单位|预算单位|金额单位|预算年度|截止时间|截止日期|部门|单位)\s*:\s*|^(部门\(单位\)名称|部门名称|单位名称)\s+")
        .expect("valid regex")
});
static YEAR_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\s*(\d{4})\s*年度?\s*\)?$").expect("valid regex"));
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^公开\s*\d+\s*表$").expect("valid regex"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{3,12})(?:\s+|-)(\S.{0,39})$").expect("valid regex"));
/// How an organisation's name ends: what makes "606-湖州市交通运输局" an entity line, where
/// "2080505-机关事业单位基本养老保险缴费" is a subject code and its name.
static ORGANISATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"({ORGANISATION_END})(\([^)]*\))?$")).expect("valid regex")
});
static UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(万元|元|千元|亿元|万)$").expect("valid regex"));

fn is_entity(t: &str) -> bool {
    ENTITY.captures(t).is_some_and(|c| {
        let rest = c[2].trim();
        let hyphenated = t[c[1].len()..].starts_with('-');
        !rest.starts_with('年')
            && !rest.ends_with('表')
            && !rest.contains(':')
            && (!hyphenated || ORGANISATION.is_match(rest))
    })
}

/// Parses a meta line: "部门名称：信访局", "单位：万元", "预算年度：2024", "公开01表",
/// "(2023 年度)", an entity line "543 信访局（市委群工部）", or several of these on one
/// line. `None` if any part of the line is something else.
pub fn parse_meta(text: &str) -> Option<Vec<MetaItem>> {
    let t = strip_markdown(text);
    if let Some(c) = YEAR_LINE.captures(t) {
        return Some(vec![MetaItem {
            key: "year",
            value: c[1].to_string(),
        }]);
    }
    if LABEL.is_match(t) {
        return Some(vec![MetaItem {
            key: "label",
            value: clean(t),
        }]);
    }
    let keys: Vec<_> = META_KEY.find_iter(t).collect();
    let mut items = Vec::new();
    let prefix = t[..keys.first().map_or(t.len(), |m| m.start())].trim();
    if !prefix.is_empty() {
        // "606-湖州市交通运输局 万元": an entity line with its unit, unlabelled.
        let (entity, unit) = match prefix.rsplit_once(char::is_whitespace) {
            Some((e, u)) if UNIT.is_match(u) && keys.is_empty() => (e.trim(), Some(u)),
            _ => (prefix, None),
        };
        if !is_entity(entity) {
            return None;
        }
        let c = ENTITY.captures(entity).expect("is_entity matched");
        items.push(MetaItem {
            key: "entity",
            value: format!("{} {}", &c[1], clean(&c[2])),
        });
        if let Some(unit) = unit {
            items.push(MetaItem {
                key: "unit",
                value: unit.to_string(),
            });
        }
    }
    for (i, m) in keys.iter().enumerate() {
        let end = keys.get(i + 1).map_or(t.len(), |next| next.start());
        let value = t[m.end()..end].trim();
        let key = m
            .as_str()
            .trim_end_matches(|c: char| c == ':' || c.is_whitespace());
        if value.is_empty() || value.chars().count() > 40 {
            return None;
        }
        let item_key = match key {
            "金额单位" => "unit",
            "单位" if UNIT.is_match(value) => "unit",
            "单位" if value.chars().count() < 3 => return None,
            "预算年度" => "year",
            "截止时间" | "截止日期" => "as_of",
            _ => "department",
        };
        if item_key == "unit" && !UNIT.is_match(value) {
            return None;
        }
        items.push(MetaItem {
            key: item_key,
            value: clean(value),
        });
    }
    (!items.is_empty()).then_some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<(&'static str, String)> {
        parse_meta(text)
            .unwrap_or_default()
            .into_iter()
            .map(|m| (m.key, m.value))
            .collect()
    }

    #[test]
    fn keys_printed_with_or_without_a_colon() {
        assert_eq!(
            items("资金主管部门:重庆市商务委员会 单位:万元"),
            [
                ("department", "重庆市商务委员会".to_string()),
                ("unit", "万元".to_string())
            ]
        );
        assert_eq!(
            items("部门(单位):烟台市统计局 单位:万元")[0],
            ("department", "烟台市统计局".to_string())
        );
        assert_eq!(
            items("部门(单位)名称 西安市气象局"),
            [("department", "西安市气象局".to_string())]
        );
        // A form's label inside a sentence is no meta line.
        assert!(parse_meta("业务主管部门:负责指导").is_none());
    }

    #[test]
    fn an_entity_line_with_its_unit() {
        assert_eq!(
            items("606-湖州市交通运输局 万元"),
            [
                ("entity", "606 湖州市交通运输局".to_string()),
                ("unit", "万元".to_string())
            ]
        );
        assert_eq!(
            items("2080505-机关事业单位基本养老保险缴费 万元"),
            Vec::<(&str, String)>::new()
        );
    }
}
