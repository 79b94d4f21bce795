//! The budget schema: tables as printed → tables in the budget's terms.
//!
//! In: assembled tables and the document's year. Out: the same tables with a kind, a
//! canonical key per column and a normalised subject per record (classification scheme,
//! code, level, parent and canonical name from the [`catalog`]). Nothing printed is
//! replaced: the printed
//! title, path and name stay beside the normalised ones, and a code the catalog does not
//! know, or a printed name that contradicts it, is kept and reported.

mod catalog;

use crate::model::{
    Document, Finding, KindEvidence, Level, RecordKind, Scheme, Severity, Subject, Table,
    TableKind, ValueKind,
};
use crate::text;
use catalog::{class_by_name, entries, is_enumerated, lookup};

/// Adds kinds, canonical column keys and subjects to every table of `doc`.
pub fn normalise(doc: &mut Document) {
    let year = doc.year;
    let mut findings = Vec::new();
    for (index, table) in doc.tables.iter_mut().enumerate() {
        (table.kind, table.kind_from) = match kind_of(table.title.as_deref()) {
            TableKind::Other => match kind_of_header(table) {
                TableKind::Other => (TableKind::Other, None),
                kind => (kind, Some(KindEvidence::Header)),
            },
            kind => (kind, Some(KindEvidence::Title)),
        };
        for c in &mut table.columns {
            c.canonical = canonical_key(&c.path);
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

/// Gives every record of `table` its subject.
fn subjects(table: &mut Table, index: usize, year: Option<u16>, findings: &mut Vec<Finding>) {
    let summary = matches!(
        table.kind,
        TableKind::IncomeExpenditureSummary | TableKind::FiscalAppropriationSummary
    );
    let income_side = |path: &str| path.starts_with("收入");
    for r in &mut table.records {
        let name = r.name.clone();
        let mut subject = match &r.code {
            Some(code) => coded_subject(code, name.as_deref(), year),
            None if r.kind != RecordKind::Item => None,
            None => name.as_deref().and_then(|n| {
                let on_income_side = r.keys.first().is_some_and(|k| income_side(&k.column));
                if summary && on_income_side {
                    return Some(Subject {
                        scheme: Scheme::Revenue,
                        name: Some(n.to_string()),
                        ..Subject::default()
                    });
                }
                let class = class_by_name(n, year);
                if class.is_none() {
                    // An enumerated 支出 line of a summary table should be a functional class.
                    let structural = ["本年", "结转", "结余", "合计", "总计"]
                        .iter()
                        .any(|w| n.contains(w));
                    if summary && !structural && is_enumerated(&text::normalize(n)) {
                        findings.push(Finding {
                            severity: Severity::Warning,
                            rule: "subject_class_unmatched".to_string(),
                            message: format!(
                                "{n:?} names no functional class in the catalog; kept as an item"
                            ),
                            table: Some(index),
                            line: Some(r.line),
                            column: None,
                            ..Default::default()
                        });
                    }
                    return Some(Subject {
                        scheme: Scheme::Item,
                        name: Some(n.to_string()),
                        ..Subject::default()
                    });
                }
                // The name in force that year, whichever variant was printed.
                let in_force = class
                    .and_then(|e| lookup(Scheme::Functional, &e.code, year))
                    .or(class);
                in_force.map(|e| Subject {
                    scheme: Scheme::Functional,
                    code: Some(e.code.clone()),
                    level: Some(Level::Class),
                    parent: None,
                    name: Some(n.to_string()),
                    canonical_name: Some(e.name.clone()),
                    alternate: None,
                })
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
        for s in subject
            .iter()
            .chain(subject.iter().filter_map(|s| s.alternate.as_deref()))
        {
            check_subject(s, index, r.line, year, findings);
        }
        r.subject = subject;
    }
}

/// The subject of a printed code: its scheme from its shape, its level and parent from
/// its length, its canonical name from the catalog.
fn coded_subject(printed: &str, name: Option<&str>, year: Option<u16>) -> Option<Subject> {
    let code: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = code.chars().all(|c| c.is_ascii_digit());
    let scheme = match (code.chars().next(), code.len(), digits) {
        (Some('2'), 3 | 5 | 7, true) => Scheme::Functional,
        (Some('3'), 3 | 5, true) => Scheme::EconomicDepartment,
        (Some('5'), 3 | 5, true) => Scheme::EconomicGovernment,
        (_, 12.., _) | (_, _, false) => Scheme::Project,
        _ => Scheme::Item,
    };
    let classified = matches!(
        scheme,
        Scheme::Functional | Scheme::EconomicDepartment | Scheme::EconomicGovernment
    );
    let (level, parent) = match (classified, code.len()) {
        (true, 3) => (Some(Level::Class), None),
        (true, 5) => (Some(Level::Section), Some(code[..3].to_string())),
        (true, 7) => (Some(Level::Item), Some(code[..5].to_string())),
        _ => (None, None),
    };
    let canonical_name = classified
        .then(|| lookup(scheme, &code, year).map(|e| e.name.clone()))
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

/// Reports a classification code the catalog lacks, and a printed name that is neither
/// the catalog's name for the code nor one of its variants.
fn check_subject(
    s: &Subject,
    table: usize,
    line: usize,
    year: Option<u16>,
    findings: &mut Vec<Finding>,
) {
    let classified = matches!(
        s.scheme,
        Scheme::Functional | Scheme::EconomicDepartment | Scheme::EconomicGovernment
    );
    let Some(code) = s.code.as_deref().filter(|_| classified) else {
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
    let Some(entries) = entries(s.scheme, code) else {
        findings.push(finding(
            Severity::Warning,
            "subject_code_unknown",
            format!("code {code} is not in the catalog; kept as printed"),
        ));
        return;
    };
    if let Some(name) = &s.name {
        if !entries.iter().any(|e| e.names(name)) {
            let known = entries
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>()
                .join(" / ");
            let in_year = entries.iter().any(|e| e.applies_to(year));
            let message = format!(
                "code {code} is printed as {name:?}; the catalog names it {known:?}{}",
                if in_year {
                    ""
                } else {
                    " (not in force that year)"
                }
            );
            findings.push(finding(Severity::Info, "subject_name_differs", message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::catalog::catalog_len;
    use super::*;

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
                class_by_name(name, Some(2023)).map(|e| e.code.as_str()),
                Some("217"),
                "{name}"
            );
        }
        assert_eq!(
            class_by_name("(九)医疗卫生与计划生育支出", Some(2022)).map(|e| e.code.as_str()),
            Some("210")
        );
        assert_eq!(
            class_by_name("(三)国防支出(", Some(2022)).map(|e| e.code.as_str()),
            Some("203")
        );
        assert!(catalog_len() > 250);
    }

    #[test]
    fn unknown_codes_and_contradicting_names_are_reported() {
        let mut findings = Vec::new();
        let unknown = coded_subject("2019999", Some("某事务"), Some(2024)).unwrap();
        check_subject(&unknown, 0, 7, Some(2024), &mut findings);
        let renamed = coded_subject("30101", Some("基本工资补贴"), Some(2024)).unwrap();
        check_subject(&renamed, 0, 8, Some(2024), &mut findings);
        let alias = coded_subject("212", Some("城乡社区事务"), Some(2023)).unwrap();
        check_subject(&alias, 0, 9, Some(2023), &mut findings);
        let rules: Vec<(&str, Option<usize>)> =
            findings.iter().map(|f| (f.rule.as_str(), f.line)).collect();
        assert_eq!(
            rules,
            [
                ("subject_code_unknown", Some(7)),
                ("subject_name_differs", Some(8))
            ]
        );
    }
}
