//! A document's metadata — department, year, phase and level — each with the evidence
//! it was read from.
//!
//! Sources, most trusted first:
//! 1. `document_title`: a line naming the document, on its cover or heading one of its
//!    parts, or such a title broken over up to four lines: "2026年度福州市民政局(本级)
//!    单位预算", "西安市商务局 2022年部门综合预算", "附件：江苏省政协办公厅 2019 年度部门
//!    预算公开表". The first one decides.
//! 2. `table_title`: a table's title naming the department or the year before its kind
//!    ("广州市生态环境局2026年项目支出绩效目标表", "2019年政府采购预算表").
//! 3. `table_meta`: meta lines beside a table (部门：…, 编制单位：…, (2026年度)); the value
//!    printed most often wins, so the unit tables of a 汇总 document do not name it.
//! 4. `form_field`: the 部门名称 (or 单位名称) cell of a form, such as a 部门整体支出绩效目标表.
//! 5. `table_kinds`: for the phase only, a document of performance targets (绩效目标表)
//!    and no other evidence is a budget document: targets are set with the budget.
//! 6. `prose`: for the phase only, the first line that says 决算 or 预算.
//! 7. `mentions`: for the year only, when nothing above prints it, the year that the
//!    document's lines and cells name most often, with a `metadata_inferred` finding.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{DocumentLevel, Evidence, Finding, Phase, Severity, Table};
use crate::text::labels::ORGANISATION_END;

/// A line that names the document: year, then (optionally) the department, then the
/// level and phase; the department may also stand before the year.
static DOCUMENT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<mid>.*?)(?P<level>部门|单位)?(?:综合)?(?P<phase>预算|决算)")
        .expect("valid regex")
});
/// A title that starts with the department and then the year: "广州市生态环境局2026年…".
static ORG_THEN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<org>.+?)(?P<year>(?:19|20)\d{2})年").expect("valid regex"));
/// A year in a table's title: "2019年政府采购预算表".
static TITLE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年").expect("valid regex"));
/// What stands before a department's name on a cover and is not part of it.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:附件\d*:?|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)+")
        .expect("valid regex")
});
/// How the name of an organisation looks: no separators or list marks, and it ends
/// with what organisations are called.
static ORG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[^\s,。:、;]{{2,38}}({ORGANISATION_END}|公司|汇总)(\([^)]*\))?$"
    ))
    .expect("valid regex")
});
/// Words that make a would-be name a heading or a phrase rather than a name.
static NOT_A_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"预算|决算|部分|公开|目录|说明|情况|\d{4}年").expect("valid regex")
});
/// Longest line read as a document title; prose lines are longer.
const MAX_TITLE_CHARS: usize = 60;
/// How many consecutive lines a broken title may span.
const MAX_TITLE_LINES: usize = 4;
/// The form fields that name the publishing department.
const NAME_FIELDS: [&str; 4] = ["部门名称", "单位名称", "部门(单位)名称", "预算单位"];

/// A line of text the metadata may be read from.
pub struct TextLine<'a> {
    /// The cleaned text.
    pub text: Cow<'a, str>,
    /// Its source line.
    pub line: usize,
    /// Its page, where the input has pages.
    pub page: Option<u32>,
}

/// The metadata of a document, and where each field was read.
#[derive(Debug, Default)]
pub struct Metadata {
    pub department: Option<String>,
    pub year: Option<u16>,
    pub phase: Option<Phase>,
    pub level: Option<DocumentLevel>,
    pub evidence: Vec<Evidence>,
}

/// Reads the metadata from the document's text lines and tables; `page_of` gives a
/// source line's page.
pub fn read(
    texts: &[TextLine],
    tables: &[Table],
    page_of: &dyn Fn(usize) -> Option<u32>,
) -> Metadata {
    let mut found = Found::default();
    document_title(texts, &mut found);
    for t in tables {
        let (Some(title), Some(line)) = (t.title.as_deref(), t.title_line) else {
            continue;
        };
        let at = (line, page_of(line));
        if let Some(title) = read_title(title) {
            if let Some(org) = title.org {
                found.add("department", org, "table_title", at);
            }
            found.add("year", title.year.to_string(), "table_title", at);
            found.add("phase", title.phase.as_str().to_string(), "table_title", at);
            if let Some(level) = title.level {
                found.add("level", level.as_str().to_string(), "table_title", at);
            }
            continue;
        }
        if let Some(c) = ORG_THEN_YEAR.captures(&compact(title)) {
            if let Some(org) = organisation(&c["org"]) {
                found.add("department", org, "table_title", at);
            }
        }
        if let Some(c) = TITLE_YEAR.captures(title) {
            found.add("year", c[1].to_string(), "table_title", at);
        }
        if let Some(phase) = phase_word(title) {
            found.add("phase", phase.as_str().to_string(), "table_title", at);
        }
    }
    for t in tables {
        for m in &t.meta {
            let at = (m.line, page_of(m.line));
            match m.key.as_str() {
                "department" => {
                    if let Some(org) = organisation(&m.value) {
                        found.add("department", org, "table_meta", at);
                    }
                }
                "entity" => {
                    let name = m
                        .value
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
                    if let Some(org) = organisation(name) {
                        found.add("department", org, "table_meta", at);
                    }
                }
                "year" => found.add("year", m.value.clone(), "table_meta", at),
                _ => {}
            }
        }
    }
    for v in tables
        .iter()
        .flat_map(|t| &t.records)
        .flat_map(|r| &r.values)
        .filter(|v| NAME_FIELDS.contains(&v.column.as_str()))
    {
        if let Some(org) = organisation(&v.printed) {
            found.add("department", org, "form_field", (v.line, v.page));
        }
    }
    let targets_only = !tables.is_empty()
        && tables.iter().all(|t| {
            t.title
                .as_deref()
                .is_none_or(|title| title.contains("绩效目标"))
        })
        && tables.iter().any(|t| t.title.is_some());
    if targets_only {
        let at = tables
            .iter()
            .find_map(|t| t.title_line)
            .map_or((0, None), |l| (l, page_of(l)));
        found.add(
            "phase",
            Phase::Budget.as_str().to_string(),
            "table_kinds",
            at,
        );
    }
    // Last, the year the document's own words name most often ("2026年度…热线平台运营项目"),
    // for a document that prints none as its own: said so in a finding. Not looked for
    // when a source above gave the year.
    if !found.seen.iter().any(|e| e.field == "year") {
        let cells = tables.iter().flat_map(|t| &t.records).flat_map(|r| {
            r.values
                .iter()
                .map(|v| (v.printed.as_str(), v.line, v.page))
        });
        for (text, line, page) in texts
            .iter()
            .map(|l| (l.text.as_ref(), l.line, l.page))
            .chain(cells)
        {
            for c in TITLE_YEAR.captures_iter(text) {
                found.add("year", c[1].to_string(), "mentions", (line, page));
            }
        }
    }
    if let Some((l, phase)) = texts.iter().find_map(|l| Some((l, phase_word(&l.text)?))) {
        found.add(
            "phase",
            phase.as_str().to_string(),
            "prose",
            (l.line, l.page),
        );
    }
    found.decide()
}

/// A `metadata_missing` finding for each of department, year and phase not found.
pub fn missing(meta: &Metadata) -> Vec<Finding> {
    let inferred = meta
        .evidence
        .iter()
        .filter(|e| e.source == "mentions")
        .map(|e| Finding {
            severity: Severity::Warning,
            rule: "metadata_inferred".to_string(),
            message: format!(
                "no {} printed as the document's own; {} is the one its text names most often \
                 ({} times)",
                e.field, e.value, e.count
            ),
            line: Some(e.line),
            page: e.page,
            ..Default::default()
        });
    let absent = [
        ("department", meta.department.is_none()),
        ("year", meta.year.is_none()),
        ("phase", meta.phase.is_none()),
    ];
    absent
        .iter()
        .filter(|(_, none)| *none)
        .map(|(field, _)| Finding {
            severity: Severity::Warning,
            rule: "metadata_missing".to_string(),
            message: format!(
                "no {field} found: not on a cover or title line, in a table title, a meta \
                 line (部门：…) or a form's 部门名称 field"
            ),
            ..Default::default()
        })
        .chain(inferred)
        .collect()
}

/// The phase a line's words name: 决算 before 预算, since final accounts print both.
fn phase_word(text: &str) -> Option<Phase> {
    if text.contains("决算") {
        Some(Phase::FinalAccounts)
    } else if text.contains("预算") {
        Some(Phase::Budget)
    } else {
        None
    }
}

/// The document's title: the first line, or run of up to [`MAX_TITLE_LINES`] lines, that names the
/// document decides the year, phase and level; the first that also names a department
/// decides that. A department printed on the line above its title ("焦作市信访局" over
/// "2023 年度部门预算") is a run of two lines.
fn document_title(texts: &[TextLine], found: &mut Found) {
    let mut dated = false;
    for i in 0..texts.len() {
        for n in 1..=MAX_TITLE_LINES.min(texts.len() - i) {
            let run = &texts[i..i + n];
            let joined: String = run.iter().map(|l| compact(&l.text)).collect();
            if joined.chars().count() > MAX_TITLE_CHARS {
                break;
            }
            let Some(title) = read_title(&joined) else {
                continue;
            };
            let at = (run[0].line, run[0].page);
            if !dated {
                dated = true;
                found.add("year", title.year.to_string(), "document_title", at);
                found.add(
                    "phase",
                    title.phase.as_str().to_string(),
                    "document_title",
                    at,
                );
                if let Some(level) = title.level {
                    found.add("level", level.as_str().to_string(), "document_title", at);
                }
            }
            if let Some(org) = title.org {
                found.add("department", org, "document_title", at);
                return;
            }
            break;
        }
    }
}

/// What a document title says.
struct DocumentTitle {
    org: Option<String>,
    year: u16,
    phase: Phase,
    level: Option<DocumentLevel>,
}

/// Reads a document title such as "2026年度福州市民政局(本级)单位预算"; `None` if the
/// line is not one. A title whose words around the year are neither empty nor a name
/// ("2026年部门预算收支总表" is one; "2026年北京市…机关运行经费预算" is not) names no
/// department.
fn read_title(text: &str) -> Option<DocumentTitle> {
    let t = compact(text);
    let c = DOCUMENT_TITLE.captures(&t)?;
    let pre = LEAD.replace(&c["pre"], "");
    let mid = &c["mid"];
    let org = match (pre.is_empty(), mid.is_empty()) {
        (true, true) => None,
        (false, true) => Some(organisation(&pre)?),
        (true, false) => Some(organisation(mid)?),
        (false, false) => return None,
    };
    Some(DocumentTitle {
        org,
        year: c["year"].parse().ok()?,
        phase: if &c["phase"] == "决算" {
            Phase::FinalAccounts
        } else {
            Phase::Budget
        },
        level: c.name("level").map(|l| {
            if l.as_str() == "单位" {
                DocumentLevel::Unit
            } else {
                DocumentLevel::Department
            }
        }),
    })
}

/// The name of an organisation, if `text` is one.
fn organisation(text: &str) -> Option<String> {
    let t = compact(text);
    let t = LEAD.replace(&t, "");
    (ORG.is_match(&t) && !NOT_A_NAME.is_match(&t)).then(|| t.into_owned())
}

/// The text without spaces: covers space out their words ("2026 年度").
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The candidates seen so far: per field, the values each source gave, in order.
#[derive(Default)]
struct Found {
    seen: Vec<Evidence>,
}

/// The fields, in the order their evidence is listed.
const FIELDS: [&str; 4] = ["department", "year", "phase", "level"];

/// The sources, most trusted first.
const SOURCES: [&str; 7] = [
    "document_title",
    "table_title",
    "table_meta",
    "form_field",
    "table_kinds",
    "prose",
    "mentions",
];

impl Found {
    fn add(&mut self, field: &str, value: String, source: &str, at: (usize, Option<u32>)) {
        if let Some(e) = self
            .seen
            .iter_mut()
            .find(|e| e.field == field && e.source == source && e.value == value)
        {
            e.count += 1;
            return;
        }
        self.seen.push(Evidence {
            field: field.to_string(),
            value,
            source: source.to_string(),
            page: at.1,
            line: at.0,
            count: 1,
        });
    }

    /// Per field, the most trusted source decides; within a source, the value printed
    /// most often (the first one seen, on a tie).
    fn decide(self) -> Metadata {
        let mut best: HashMap<&str, &Evidence> = HashMap::new();
        for e in &self.seen {
            let rank = |e: &Evidence| SOURCES.iter().position(|s| *s == e.source);
            let better = best.get(e.field.as_str()).is_none_or(|b| {
                (rank(e), std::cmp::Reverse(e.count)) < (rank(b), std::cmp::Reverse(b.count))
            });
            if better {
                best.insert(e.field.as_str(), e);
            }
        }
        let evidence: Vec<Evidence> = FIELDS
            .iter()
            .filter_map(|f| best.get(f).map(|e| (*e).clone()))
            .collect();
        let value = |field: &str| {
            evidence
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.value.as_str())
        };
        Metadata {
            department: value("department").map(str::to_string),
            year: value("year").and_then(|y| y.parse().ok()),
            phase: value("phase").map(|p| {
                if p == Phase::FinalAccounts.as_str() {
                    Phase::FinalAccounts
                } else {
                    Phase::Budget
                }
            }),
            level: value("level").map(|l| {
                if l == DocumentLevel::Unit.as_str() {
                    DocumentLevel::Unit
                } else {
                    DocumentLevel::Department
                }
            }),
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<TextLine<'_>> {
        text.lines()
            .enumerate()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(i, t)| TextLine {
                text: Cow::Borrowed(t),
                line: i + 1,
                page: None,
            })
            .collect()
    }

    fn meta(
        text: &str,
    ) -> (
        Option<String>,
        Option<u16>,
        Option<Phase>,
        Option<DocumentLevel>,
    ) {
        let m = read(&lines(text), &[], &|_| None);
        (m.department, m.year, m.phase, m.level)
    }

    #[test]
    fn a_cover_broken_over_lines_with_the_year_first() {
        assert_eq!(
            meta("2026 年度\n福州市民政局(本级)\n单位预算\n目录\n"),
            (
                Some("福州市民政局(本级)".into()),
                Some(2026),
                Some(Phase::Budget),
                Some(DocumentLevel::Unit)
            )
        );
        assert_eq!(
            meta("2026年烟台市人力资源和社会保\n障局部门预算\n目\n录\n")
                .0
                .as_deref(),
            Some("烟台市人力资源和社会保障局")
        );
    }

    #[test]
    fn a_cover_with_the_department_first_or_above() {
        assert_eq!(
            meta("西安市商务局\n2022 年部门综合预算\n").0.as_deref(),
            Some("西安市商务局")
        );
        assert_eq!(
            meta("焦作市信访局\n2023 年度部门预算\n").0.as_deref(),
            Some("焦作市信访局")
        );
        assert_eq!(
            meta("2019 年佛山市轨道交通局 部门决算\n").2,
            Some(Phase::FinalAccounts)
        );
    }

    #[test]
    fn headings_and_lead_words_are_not_part_of_the_name() {
        assert_eq!(
            meta("附件:北京市人民政府办公厅 2026 年度部门预算报表\n")
                .0
                .as_deref(),
            Some("北京市人民政府办公厅")
        );
        // A run of table-of-contents headings is no name.
        let (dept, year, ..) =
            meta("一、部门主要职责\n二、部门决算单位构成\n第二部分 2019 年部门决算表\n");
        assert_eq!((dept, year), (None, Some(2019)));
        // The cover's own repeat of its title is not swallowed into the name.
        assert_eq!(
            meta("2026 年度\n苏州市自然资源和规划局\n单位预算公开\n苏州市自然资源和规划局 2026 年度单位预算公开\n")
                .0
                .as_deref(),
            Some("苏州市自然资源和规划局")
        );
    }

    #[test]
    fn a_sentence_naming_a_budget_is_not_a_cover() {
        assert_eq!(
            meta("2026年北京市人民政府办公厅机关运行经费财政拨款预算为 10 万元。\n").0,
            None
        );
    }

    #[test]
    fn a_year_only_mentioned_is_inferred_and_said_so() {
        let m = read(
            &lines(
                "部门整体预算绩效目标申报表\n通过实施2026年度热线平台运营项目\n2026年信息化项目\n2025年已完成\n",
            ),
            &[],
            &|_| None,
        );
        assert_eq!(m.year, Some(2026));
        let f = missing(&m);
        assert!(f.iter().any(|f| f.rule == "metadata_inferred"));
    }
}
