//! The budget schema: tables as printed → tables in the budget's terms.
//!
//! In: assembled tables and the document's year. Out: the same tables with a kind, a
//! canonical key per column and a normalised subject per record (classification scheme,
//! code, level, parent and canonical name from the [`catalog`]). Nothing printed is
//! replaced: the printed
//! title, path and name stay beside the normalised ones, and a code the catalog does not
//! know, or a printed name that contradicts it, is kept and reported.

pub mod catalog;

use crate::model::{
    Document, Finding, KindEvidence, Level, RecordKind, Scheme, Severity, Subject, Table,
    TableKind, ValueKind,
};
use crate::text;
use std::collections::HashMap;

use catalog::{bare_name, class_by_name, is_enumerated};

/// Adds kinds, canonical column keys and subjects to every table of `doc`.
pub fn normalise(doc: &mut Document) {
    let year = doc.year;
    let mut findings = Vec::new();
    // Tables of a document share their headers: each path's key is worked out once.
    let mut keys: std::collections::HashMap<String, Option<String>> = Default::default();
    for (index, table) in doc.tables.iter_mut().enumerate() {
        crate::deadline::check();
        (table.kind, table.kind_from) = match kind_of(table.title.as_deref()) {
            TableKind::Other => match kind_of_header(table) {
                TableKind::Other => (TableKind::Other, None),
                kind => (kind, Some(KindEvidence::Header)),
            },
            kind => (kind, Some(KindEvidence::Title)),
        };
        for c in &mut table.columns {
            c.canonical = match keys.get(&c.path) {
                Some(key) => key.clone(),
                None => {
                    let key = canonical_key(&c.path);
                    keys.insert(c.path.clone(), key.clone());
                    key
                }
            };
        }
        subjects(table, index, year, &mut findings);
    }
    doc.findings.extend(findings);
    doc.findings.sort_by_key(|f| (f.line.unwrap_or(0), f.table));
}

/// The kind of a table, from its printed title. The order matters: the most specific
/// families come first.
pub fn kind_of(title: Option<&str>) -> TableKind {
    let Some(t) = title.map(|t| text::clean(&text::normalize(t))) else {
        return TableKind::Other;
    };
    let has = |s: &str| t.contains(s);
    if has("三公") {
        TableKind::ThreePublic
    } else if has("自评") || has("评价得分") || has("绩效评价") {
        TableKind::PerformanceEvaluation
    } else if has("绩效") {
        TableKind::PerformanceTargets
    } else if has("政府购买服务") {
        TableKind::GovernmentPurchaseServices
    } else if has("政府采购") {
        TableKind::Procurement
    } else if t.ends_with("目录") {
        TableKind::Contents
    } else if has("资产") {
        TableKind::Assets
    } else if has("运行经费") {
        TableKind::OperatingCosts
    } else if has("会议费") || has("培训费") {
        TableKind::MeetingsTraining
    } else if has("单位构成") || has("内设机构") || has("机构设置") || has("人员编制")
    {
        TableKind::Organisation
    } else if has("政府性基金") {
        TableKind::GovernmentFund
    } else if has("国有资本经营") {
        TableKind::StateCapitalOperation
    } else if has("财政拨款收支") || has("财政拨款收入支出") {
        TableKind::FiscalAppropriationSummary
    } else if has("基本支出明细") {
        TableKind::BasicExpenditureDetail
    } else if has("基本支出") {
        TableKind::BasicExpenditure
    } else if has("一般公共预算") && has("支出") {
        TableKind::GeneralPublicBudgetExpenditure
    } else if has("项目支出") {
        TableKind::ProjectExpenditure
    } else if has("收支") || has("收入支出") {
        TableKind::IncomeExpenditureSummary
    } else if has("收入") {
        TableKind::Income
    } else if has("支出") && !has("经济分类") {
        TableKind::Expenditure
    } else {
        TableKind::Other
    }
}

/// The kind of a table whose title says nothing of it, from its header's labels (a form's
/// labels): a 绩效目标 or 年度主要任务 column is a performance-target table, a 自评分数 or
/// 得分 column an evaluation, 报表名称 with 是否空表 a 目录, and a list of 单位名称 with no
/// amounts the department's units.
pub fn kind_of_header(table: &Table) -> TableKind {
    let labels: Vec<String> = if table.columns.is_empty() {
        table
            .records
            .iter()
            .flat_map(|r| r.values.iter().map(|v| v.column.clone()))
            .collect()
    } else {
        table.columns.iter().map(|c| text::clean(&c.path)).collect()
    };
    let any = |words: &[&str]| labels.iter().any(|l| words.iter().any(|w| l.contains(w)));
    let no_amounts = table
        .records
        .iter()
        .flat_map(|r| &r.values)
        .all(|v| v.kind != ValueKind::Amount);
    if any(&["自评分数", "得分"]) {
        TableKind::PerformanceEvaluation
    } else if any(&["绩效目标", "绩效指标", "年度主要任务"]) {
        TableKind::PerformanceTargets
    } else if any(&["报表名称"]) && any(&["是否空表", "空表"]) {
        TableKind::Contents
    } else if any(&["编制人数", "内设机构"])
        || (no_amounts && labels.iter().any(|l| l == "单位名称" || l == "单位"))
    {
        TableKind::Organisation
    } else {
        TableKind::Other
    }
}

/// Canonical keys of header labels, in the order they are tried: a label maps to the
/// first key whose pattern it contains.
const COLUMN_KEYS: &[(&str, &str)] = &[
    ("政府采购目录序号", "catalog_seq"),
    ("政府采购项目来源", "source"),
    ("基金预算", "government_fund"),
    ("序号", "seq"),
    ("行次", "seq"),
    ("政府预算支出经济分类", "government"),
    ("科目编码", "code"),
    ("单位代码", "unit_code"),
    ("单位编码", "code"),
    ("科目名称", "name"),
    ("项目名称", "project_name"),
    // Amounts whose labels name 项目 without being the key column's (a label containing
    // 项目 is otherwise the name column).
    ("项目总额", "total"),
    ("小型、微型企业", "micro_share"),
    ("中小企业", "sme_share"),
    ("政府采购项目", "procurement"),
    ("项目单位", "project_unit"),
    ("类型", "project_type"),
    ("三公", "total"),
    ("本年收入合计", "total"),
    ("本年支出合计", "total"),
    ("合计", "total"),
    ("小计", "total"),
    ("总计", "total"),
    ("年初结转", "carryover_begin"),
    ("上年结转", "carryover_begin"),
    ("年末结转", "carryover_end"),
    ("财政拨款结转", "appropriation_carryover"),
    ("本年收入", "current_income"),
    ("本年支出", "current_expenditure"),
    ("本年拨款", "current_appropriation"),
    ("基本支出", "basic"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("项目支出", "project"),
    ("其他运转", "other_operating"),
    ("特定目标", "specific"),
    ("工资福利", "wages"),
    ("对个人和家庭", "household_transfers"),
    ("商品和服务", "goods_services"),
    ("资本性", "capital"),
    ("经营支出", "business_expenditure"),
    ("上解上级", "remittance_to_higher"),
    ("上缴上级", "remittance_to_higher"),
    ("对附属单位补助", "subsidy_to_affiliates"),
    ("调整预算", "adjusted_budget"),
    ("预算数", "budget"),
    ("决算数", "final"),
    ("金额", "amount"),
    ("因公出国", "overseas_travel"),
    ("公务用车购置及运行", "vehicles"),
    ("公务用车购置费", "purchase"),
    ("公务用车运行", "operation"),
    ("公务接待", "reception"),
    ("机构运行经费", "operating_costs"),
    ("一般公共预算", "general_public_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital"),
    ("财政专户", "special_account"),
    ("财政拨款", "fiscal_appropriation"),
    ("单位资金", "unit_funds"),
    ("事业收入", "institution_revenue"),
    ("经营收入", "business_revenue"),
    ("上级补助", "higher_level_subsidy"),
    ("附属单位上缴", "affiliate_remittance"),
    ("其他收入", "other_income"),
    ("资金总额", "total"),
    ("政府预算资金", "government_budget"),
    ("收入", "income"),
    ("支出", "expenditure"),
    ("项目", "name"),
    ("类", "class"),
    ("款", "section"),
    ("项", "item"),
    ("数量", "quantity"),
    ("价值", "value"),
    ("单位名称", "unit_name"),
    ("单位性质", "unit_nature"),
    ("单位规格", "unit_grade"),
    ("经费保障形式", "funding_form"),
    ("备注", "remark"),
    ("成本指标", "cost"),
    ("产出指标", "output"),
    ("效益指标", "benefit"),
    ("满意度指标", "satisfaction"),
    ("三级指标", "indicator"),
    ("指标值", "target"),
    ("采购物品名称", "item_name"),
    ("政府采购目录序号", "catalog_seq"),
    ("计量单位", "measure_unit"),
    ("单价", "unit_price"),
    ("预算资金", "budget_funds"),
    ("中小微企业", "sme_share"),
];

/// The canonical key of a printed header path: each label's key, dotted; a group's
/// 小计/合计 is the group itself (基本支出/小计 → `basic`); labels that only name the
/// table (经济分类科目, 功能分类科目) add nothing. `None` when a label is unknown.
pub fn canonical_key(path: &str) -> Option<String> {
    if path.starts_with('#') {
        return None;
    }
    let mut keys: Vec<&str> = Vec::new();
    for label in path.split('/') {
        // A label naming the classification ("部门预算支出经济分类科目") adds nothing,
        // but the government one tells its columns from the department's.
        if label.contains("分类科目") {
            if label.starts_with("政府") {
                keys.push("government");
            }
            if label.ends_with("分类科目") {
                continue;
            }
        }
        if label.starts_with("本年一般公共预算")
            || label.starts_with("一般公共预算基本支出")
            || label == "资金性质"
            || label == "绩效目标"
            || label.starts_with("项目金额")
        {
            continue;
        }
        let key = COLUMN_KEYS
            .iter()
            .find(|(p, _)| label == *p || (p.chars().count() > 1 && label.contains(p)))
            .map(|(_, k)| *k)?;
        if keys.last() == Some(&key) {
            continue;
        }
        keys.push(key);
    }
    if keys.len() > 1 && keys.last() == Some(&"total") {
        keys.pop();
    }
    (!keys.is_empty()).then(|| keys.join("."))
}

/// Lines of summary tables that name where money comes from rather than a class: their
/// bare forms (see [`catalog::bare_name`]), in the wordings the corpus prints.
const SOURCE_LINES: &[&str] = &[
    "部门预算",
    "财政拨款",
    "财政拨款收入",
    "一般公共预算",
    "一般公共预算资金",
    "一般公共预算拨款",
    "一般公共预算拨款收入",
    "政府性基金",
    "政府性基金预算",
    "政府性基金预算拨款",
    "政府性基金预算拨款收入",
    "国有资本经营预算",
    "国有资本经营预算拨款收入",
    "财政专户管理资金",
    "财政专户管理资金收入",
    "单位资金",
    "事业收入",
    "事业单位经营收入",
    "经营收入",
    "上级补助收入",
    "附属单位上缴收入",
    "其他收入",
    "用事业基金弥补收支差额",
];

/// Lines of summary tables that divide spending by its nature or purpose, not by a class
/// (bare forms).
const SPENDING_LINES: &[&str] = &[
    "基本",
    "项目",
    "人员经费和公用经费",
    "专项业务经费",
    "上缴上级",
    "事业单位经营",
    "对附属单位补助",
    "单位预留机动经费",
];

/// The classifications whose 类 a summary table may name without a code, in the order
/// tried when a name would fit more than one.
const NAMED_SCHEMES: [Scheme; 3] = [
    Scheme::Functional,
    Scheme::EconomicGovernment,
    Scheme::EconomicDepartment,
];

/// Gives every record of `table` its subject.
fn subjects(table: &mut Table, index: usize, year: Option<u16>, findings: &mut Vec<Finding>) {
    let summary = matches!(
        table.kind,
        TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
    );
    let income_side = |path: &str| path.starts_with("收入");
    let preferred = named_scheme(table, year);
    for r in &mut table.records {
        let name = r.name.clone();
        let mut subject = match &r.code {
            Some(code) => coded_subject(code, name.as_deref(), year),
            None if r.kind != RecordKind::Item => None,
            None => name.as_deref().map(|n| {
                let on_income_side = r.keys.first().is_some_and(|k| income_side(&k.column));
                let bare = bare_name(n);
                let revenue = || Subject {
                    scheme: Scheme::Revenue,
                    name: Some(n.to_string()),
                    ..Subject::default()
                };
                if summary && on_income_side {
                    return revenue();
                }
                // (A class first: "二十三、国有资本经营预算" on the 支出 side is 223.)
                let schemes = std::iter::once(preferred).chain(NAMED_SCHEMES);
                let Some(class) = schemes
                    .filter_map(|scheme| class_by_name(scheme, n, year))
                    .next()
                else {
                    if SOURCE_LINES.contains(&bare.as_str()) {
                        return revenue();
                    }
                    // An enumerated 支出 line of a summary table should be a class.
                    let structural = ["本年", "结转", "结余", "合计", "总计"]
                        .iter()
                        .any(|w| n.contains(w))
                        || SPENDING_LINES.contains(&bare.as_str());
                    if summary && !structural && is_enumerated(&text::normalize(n)) {
                        findings.push(Finding {
                            severity: Severity::Warning,
                            rule: "subject_class_unmatched".to_string(),
                            message: format!(
                                "{n:?} names no class of the classifications in the catalog; kept as an item"
                            ),
                            table: Some(index),
                            line: Some(r.line),
                            column: None,
                            ..Default::default()
                        });
                    }
                    return Subject {
                        scheme: Scheme::Item,
                        name: Some(n.to_string()),
                        ..Subject::default()
                    };
                };
                Subject {
                    scheme: class.scheme,
                    code: Some(class.code.clone()),
                    level: Some(Level::Class),
                    parent: None,
                    name: Some(n.to_string()),
                    canonical_name: Some(class.name.clone()),
                    alternate: None,
                }
            }),
        };
        // A form's 项目编码 field is the project the form is about.
        if subject.is_none() {
            let field = |label: &str| {
                r.values
                    .iter()
                    .find(|v| v.column.ends_with(label))
                    .map(|v| v.printed.clone())
            };
            if let Some(code) = field("项目编码").or_else(|| field("项目编号")) {
                subject = Some(Subject {
                    scheme: Scheme::Project,
                    code: Some(code.chars().filter(|c| !c.is_whitespace()).collect()),
                    name: field("项目名称"),
                    ..Subject::default()
                });
            }
        }
        // A row that prints both a 部门 and a 政府 economic code keeps both.
        let government = r
            .keys
            .iter()
            .find(|k| k.column.starts_with("政府") && k.column.ends_with("编码"));
        if let (Some(s), Some(g)) = (&mut subject, government) {
            if s.scheme == Scheme::EconomicDepartment {
                let gname = r
                    .keys
                    .iter()
                    .find(|k| k.column.starts_with("政府") && k.column.ends_with("名称"));
                s.alternate =
                    coded_subject(&g.text, gname.map(|k| k.text.as_str()), year).map(Box::new);
            }
        }
        // (A 类 found by its name is checked too: it may be printed with another year's
        // name.)
        for s in subject
            .iter()
            .chain(subject.iter().filter_map(|s| s.alternate.as_deref()))
        {
            check_subject(s, index, r.line, year, findings);
        }
        r.subject = subject;
    }
    check_parents(table, index, findings);
}

/// The classification whose 类 names a table's uncoded lines follow: the one that most
/// of its names fit alone (机关工资福利支出 is only a 政府 economic 类, 对个人和家庭的补助
/// fits two). Functional when none decides.
fn named_scheme(table: &Table, year: Option<u16>) -> Scheme {
    let mut votes = [0usize; NAMED_SCHEMES.len()];
    for r in table.records.iter().filter(|r| r.code.is_none()) {
        let Some(name) = r.name.as_deref() else {
            continue;
        };
        let fits: Vec<usize> = (0..NAMED_SCHEMES.len())
            .filter(|&i| class_by_name(NAMED_SCHEMES[i], name, year).is_some())
            .collect();
        if let [only] = fits[..] {
            votes[only] += 1;
        }
    }
    let best = (0..NAMED_SCHEMES.len())
        .max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    NAMED_SCHEMES[best]
}

/// Reports a coded row that sits under another parent than its own: in each group of the
/// table (a side of a side-by-side table), a row whose 类 (or 款) the table prints must
/// come under it — the nearest 类 above a 款, the nearest 款 (or 类) above a 项. A table
/// that skips a level (a 项 with no 款 row) is not reported.
fn check_parents(table: &Table, index: usize, findings: &mut Vec<Finding>) {
    fn codes(r: &crate::model::Record) -> Option<(usize, Scheme, &str)> {
        let s = r.subject.as_ref().filter(|s| s.level.is_some())?;
        Some((r.group, s.scheme, s.code.as_deref()?))
    }
    let printed: std::collections::HashSet<(usize, Scheme, &str)> =
        table.records.iter().filter_map(codes).collect();
    // (group, scheme) → the last 类 and 款 printed above.
    type ClassAndSection<'a> = (Option<&'a str>, Option<&'a str>);
    let mut above: HashMap<(usize, Scheme), ClassAndSection> = HashMap::new();
    for r in &table.records {
        let Some((group, scheme, code)) = codes(r) else {
            continue;
        };
        let (class, section) = above.entry((group, scheme)).or_default();
        let is_printed = |c: &str| printed.contains(&(group, scheme, c));
        let wrong = match (code.len(), *section) {
            (5, _) => class.filter(|c| !code.starts_with(*c) && is_printed(&code[..3])),
            (7, Some(k)) if is_printed(&code[..5]) => Some(k).filter(|k| !code.starts_with(k)),
            (7, _) => class.filter(|c| !code.starts_with(*c) && is_printed(&code[..3])),
            _ => None,
        };
        if let Some(wrong) = wrong {
            let parent = catalog::parent_of(code).unwrap_or_default();
            findings.push(Finding {
                severity: Severity::Warning,
                rule: "subject_parent_mismatch".to_string(),
                message: format!(
                    "code {code} sits under {wrong}, the nearest row a level up; its parent {parent} is printed elsewhere in the table"
                ),
                table: Some(index),
                line: Some(r.line),
                column: None,
                ..Default::default()
            });
        }
        match code.len() {
            3 => (*class, *section) = (Some(code), None),
            5 => *section = Some(code),
            _ => {}
        }
    }
}

/// The subject of a printed code: its scheme from its shape, its level and parent from
/// its length, its canonical name from the catalog (for a code printed outside its
/// years, the name nearest in time).
fn coded_subject(printed: &str, name: Option<&str>, year: Option<u16>) -> Option<Subject> {
    let code: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = code.chars().all(|c| c.is_ascii_digit());
    let scheme = match (code.chars().next(), code.len(), digits) {
        (Some('2'), 3 | 5 | 7, true) => Scheme::Functional,
        // (A 7-digit economic code is a province's own subdivision of a 款: Beijing's
        // 3021101 under 30211 差旅费.)
        (Some('3'), 3 | 5 | 7, true) => Scheme::EconomicDepartment,
        (Some('5'), 3 | 5 | 7, true) => Scheme::EconomicGovernment,
        (Some('1'), 3 | 5, true) => Scheme::Revenue,
        (_, 12.., _) | (_, _, false) => Scheme::Project,
        _ => Scheme::Item,
    };
    let classified = is_classified(scheme);
    let (level, parent) = match classified {
        true => (
            catalog::level_of(&code),
            catalog::parent_of(&code).map(str::to_string),
        ),
        false => (None, None),
    };
    let canonical_name = classified
        .then(|| catalog::nearest(scheme, &code, year).map(|e| e.name.clone()))
        .flatten();
    Some(Subject {
        scheme,
        code: Some(code),
        level,
        parent,
        name: name.map(str::to_string),
        canonical_name,
        alternate: None,
    })
}

/// Whether codes of `scheme` are in the catalog.
fn is_classified(scheme: Scheme) -> bool {
    matches!(
        scheme,
        Scheme::Functional
            | Scheme::EconomicDepartment
            | Scheme::EconomicGovernment
            | Scheme::Revenue
    )
}

/// Reports a classification code the catalog lacks or that is not in force in the
/// document's year, and a printed name that is not the code's name that year: the
/// code's name of another year, the name of a neighbouring code (a shifted row), or
/// another wording.
fn check_subject(
    s: &Subject,
    table: usize,
    line: usize,
    year: Option<u16>,
    findings: &mut Vec<Finding>,
) {
    let Some(code) = s.code.as_deref().filter(|_| is_classified(s.scheme)) else {
        return;
    };
    let finding = |severity, rule: &str, message: String| Finding {
        severity,
        rule: rule.to_string(),
        message,
        table: Some(table),
        line: Some(line),
        column: None,
        ..Default::default()
    };
    let all = catalog::entries(s.scheme, code);
    if all.is_empty() {
        // The nearest code above it that the classification has, to place it.
        let known_parent =
            std::iter::successors(catalog::parent_of(code), |c| catalog::parent_of(c))
                .find_map(|c| catalog::nearest(s.scheme, c, year));
        let under =
            known_parent.map_or(String::new(), |p| format!(" (under {} {})", p.code, p.name));
        findings.push(finding(
            Severity::Warning,
            "subject_code_unknown",
            format!(
                "code {code}{under} is in no year of the classification (2017–2026); kept as printed"
            ),
        ));
        return;
    }
    let year_text = year.map_or("the document's year".to_string(), |y| y.to_string());
    let Some(entry) = catalog::lookup(s.scheme, code, year) else {
        let years: Vec<String> = all.iter().map(|e| e.years()).collect();
        findings.push(finding(
            Severity::Warning,
            "subject_code_out_of_year",
            format!(
                "code {code} ({}) is in the classification {}, not in {year_text}",
                all[0].name,
                years.join(", ")
            ),
        ));
        return;
    };
    let Some(name) = s.name.as_deref().filter(|n| n.chars().any(text::is_cjk)) else {
        return;
    };
    if entry.names(name) || (year.is_none() && all.iter().any(|e| e.names(name))) {
        return;
    }
    if let Some(other) = all.iter().find(|e| e.names(name)) {
        findings.push(finding(
            Severity::Info,
            "subject_name_of_other_year",
            format!(
                "code {code} is printed with its name of {} ({:?}); in {year_text} it is {:?}",
                other.years(),
                other.name,
                entry.name
            ),
        ));
        return;
    }
    let shifted = catalog::siblings_named(s.scheme, code, name, year);
    if !shifted.is_empty() {
        let codes: Vec<&str> = shifted.iter().map(|e| e.code.as_str()).collect();
        findings.push(finding(
            Severity::Warning,
            "subject_name_shifted",
            format!(
                "code {code} is printed as {name:?}, the name of {}; {code} is {:?}: a row shifted or a misprint",
                codes.join(", "),
                entry.name
            ),
        ));
        return;
    }
    findings.push(finding(
        Severity::Info,
        "subject_name_differs",
        format!(
            "code {code} is printed as {name:?}; in {year_text} the classification names it {:?}",
            entry.name
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Record;

    #[test]
    fn kinds_from_titles() {
        let cases = [
            ("2023年部门收支预算表", TableKind::IncomeExpenditureSummary),
            ("收入支出决算总表", TableKind::IncomeExpenditureSummary),
            ("部门预算收入总表", TableKind::Income),
            ("收入决算表", TableKind::Income),
            ("部门预算支出总表", TableKind::Expenditure),
            ("2022年部门支出预算表", TableKind::Expenditure),
            (
                "2022年财政拨款收支总体情况表",
                TableKind::FiscalAppropriationSummary,
            ),
            (
                "财政拨款收入支出决算总表",
                TableKind::FiscalAppropriationSummary,
            ),
            (
                "一般公共预算财政拨款支出决算表",
                TableKind::GeneralPublicBudgetExpenditure,
            ),
            (
                "一般公共预算财政拨款基本支出决算表",
                TableKind::BasicExpenditure,
            ),
            (
                "2023年一般公共预算基本支出明细表",
                TableKind::BasicExpenditureDetail,
            ),
            ("2023年项目支出预算表", TableKind::ProjectExpenditure),
            ("财政拨款“三公”经费支出决算表", TableKind::ThreePublic),
            (
                "政府性基金预算财政拨款收入支出决算表",
                TableKind::GovernmentFund,
            ),
            (
                "部门预算国有资本经营预算财政拨款支出表",
                TableKind::StateCapitalOperation,
            ),
            (
                "2023年行政(事业)单位机关(机构)运行经费",
                TableKind::OperatingCosts,
            ),
            (
                "2022年度部门预算项目绩效目标表",
                TableKind::PerformanceTargets,
            ),
            ("部门政府采购预算", TableKind::Procurement),
            ("部门固定资产占用情况表", TableKind::Assets),
            ("部门机构设置情况", TableKind::Organisation),
            (
                "预算11表财政拨款政府购买服务明细表",
                TableKind::GovernmentPurchaseServices,
            ),
            (
                "2022年部门综合预算政府采购(资产配置、购买服务)预算表",
                TableKind::Procurement,
            ),
            ("报表目录", TableKind::Contents),
            ("表2:综合评价得分情况表", TableKind::PerformanceEvaluation),
            ("培训费明细表", TableKind::MeetingsTraining),
            ("部门说明", TableKind::Other),
        ];
        for (title, kind) in cases {
            assert_eq!(kind_of(Some(title)), kind, "{title}");
        }
        assert_eq!(kind_of(None), TableKind::Other);
    }

    #[test]
    fn canonical_column_keys() {
        let cases = [
            ("合计", Some("total")),
            ("基本支出/小计", Some("basic")),
            (
                "基本支出/人员经费/工资福利支出",
                Some("basic.personnel.wages"),
            ),
            ("项目支出/其他运转类", Some("project.other_operating")),
            ("本年一般公共预算基本支出/人员经费", Some("personnel")),
            ("收入/预算数", Some("income.budget")),
            (
                "支出/一般公共预算/其中:财政拨款",
                Some("expenditure.general_public_budget.fiscal_appropriation"),
            ),
            ("部门预算支出经济分类科目/科目编码", Some("code")),
            ("政府预算支出经济分类科目/科目名称", Some("government.name")),
            ("科目编码/类", Some("code.class")),
            ("经济分类科目编码", Some("code")),
            (
                "政府预算支出经济分类科目编码/科目编码",
                Some("government.code"),
            ),
            ("绩效目标/满意度指标/指标值", Some("satisfaction.target")),
            (
                "财政拨款“三公”经费/公务用车购置及运行维护费/公务用车运行维护费/决算数",
                Some("total.vehicles.operation.final"),
            ),
            ("政府采购项目来源/预算资金", Some("source.budget_funds")),
            ("政府采购目录序号", Some("catalog_seq")),
            (
                "政府采购金额(当年部门预算安排资金)/基金预算拨款",
                Some("amount.government_fund"),
            ),
            ("#3", None),
        ];
        for (path, key) in cases {
            assert_eq!(canonical_key(path).as_deref(), key, "{path}");
        }
    }

    #[test]
    fn subjects_of_codes_and_names() {
        let s = coded_subject("2014001", Some("行政运行"), Some(2024)).unwrap();
        assert_eq!(
            (s.scheme, s.level, s.parent.as_deref()),
            (Scheme::Functional, Some(Level::Item), Some("20140"))
        );
        assert_eq!(s.canonical_name.as_deref(), Some("行政运行"));
        assert_eq!(
            coded_subject("30101", None, None).unwrap().scheme,
            Scheme::EconomicDepartment
        );
        assert_eq!(
            coded_subject("50905", None, None)
                .unwrap()
                .canonical_name
                .as_deref(),
            Some("离退休费")
        );
        assert_eq!(
            coded_subject("13063722P0043511001 52", None, None)
                .unwrap()
                .code
                .as_deref(),
            Some("13063722P004351100152")
        );
        for name in [
            "（十七）金融支出",
            "十七、金融支出",
            "十六、金融支出",
            "十七、金融",
        ] {
            assert_eq!(
                class_by_name(Scheme::Functional, name, Some(2023)).map(|e| e.code.as_str()),
                Some("217"),
                "{name}"
            );
        }
        assert_eq!(
            class_by_name(Scheme::Functional, "(九)医疗卫生与计划生育支出", Some(2022))
                .map(|e| e.code.as_str()),
            Some("210")
        );
        assert_eq!(
            class_by_name(Scheme::Functional, "(三)国防支出(", Some(2022)).map(|e| e.code.as_str()),
            Some("203")
        );
        assert!(catalog::all().len() > 2000);
    }

    #[test]
    fn unknown_codes_and_contradicting_names_are_reported() {
        let cases = [
            // Not in any year's classification.
            ("2019998", "某事务", 2024, Some("subject_code_unknown")),
            // 信访事务 became a 款 of its own in 2024.
            ("20140", "信访事务", 2022, Some("subject_code_out_of_year")),
            ("20140", "信访事务", 2024, None),
            // A variant the documents print, and a name cut short by its cell.
            ("212", "城乡社区事务", 2023, None),
            ("2080505", "机关事业单位基本养老", 2022, None),
            // The name 207 had until 2018, printed in a 2023 budget.
            (
                "207",
                "文化体育与传媒支出",
                2023,
                Some("subject_name_of_other_year"),
            ),
            // The name of the row below: a shifted row.
            ("30203", "水费", 2024, Some("subject_name_shifted")),
            ("30101", "基本工资补贴", 2024, Some("subject_name_differs")),
        ];
        for (code, name, year, rule) in cases {
            let mut findings = Vec::new();
            let s = coded_subject(code, Some(name), Some(year)).unwrap();
            check_subject(&s, 0, 7, Some(year), &mut findings);
            let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
            assert_eq!(
                rules,
                rule.into_iter().collect::<Vec<_>>(),
                "{code} {name} {year}"
            );
        }
    }

    #[test]
    fn rows_under_another_parent_are_reported() {
        let record = |line: usize, code: &str| Record {
            page: None,
            line,
            group: 0,
            kind: RecordKind::Item,
            seq: None,
            code: Some(code.to_string()),
            name: None,
            subject: coded_subject(code, None, Some(2024)),
            keys: Vec::new(),
            values: Vec::new(),
        };
        let table = Table {
            title: None,
            title_line: None,
            kind: TableKind::Expenditure,
            kind_from: None,
            unit: None,
            meta: Vec::new(),
            layout: crate::model::Layout::Grid,
            columns: Vec::new(),
            notes: Vec::new(),
            lines: (1, 8),
            records: vec![
                record(1, "201"),
                record(2, "20103"),
                record(3, "2010301"),
                record(4, "205"),
                record(5, "20508"),
                // Its 款 20103 is printed, above, but it sits under 20508.
                record(6, "2010302"),
                record(7, "208"),
                // A 项 whose 款 the table does not print: a skipped level.
                record(8, "2080801"),
                // A 款 under the wrong 类, which is printed.
                record(9, "20103"),
            ],
        };
        let mut findings = Vec::new();
        check_parents(&table, 0, &mut findings);
        let lines: Vec<Option<usize>> = findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [Some(6), Some(9)]);
    }

    #[test]
    fn summary_lines_name_classes_of_any_classification_and_sources_of_funds() {
        let text = "2026年部门收支预算总表\n单位：万元\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n\
                    一、一般公共预算资金\t100.00\t1、机关工资福利支出\t60.00\n\
                    二、事业收入\t10.00\t2、机关商品和服务支出\t30.00\n\
                    \t\t9、对个人和家庭的补助\t20.00\n\
                    \t\t二十三、国有资本经营预算\t0.00\n";
        let doc = crate::parse_str(text, "summary.txt");
        let subjects: Vec<(Scheme, Option<&str>)> = doc.tables[0]
            .records
            .iter()
            .filter_map(|r| r.subject.as_ref())
            .map(|s| (s.scheme, s.code.as_deref()))
            .collect();
        assert_eq!(
            subjects,
            [
                (Scheme::Revenue, None),
                (Scheme::EconomicGovernment, Some("501")),
                (Scheme::Revenue, None),
                (Scheme::EconomicGovernment, Some("502")),
                // 对个人和家庭的补助 is also 部门 303: the table's other lines decide.
                (Scheme::EconomicGovernment, Some("509")),
                // A class, not the source of funds of the same words.
                (Scheme::Functional, Some("223")),
            ]
        );
        assert!(
            !doc.findings.iter().any(|f| f.rule.starts_with("subject")),
            "{:?}",
            doc.findings
        );
    }
}
