//! What yusuan reads from each real disclosure in `../shared/pdfs/`, summarised and
//! compared with a reviewed snapshot (`tests/snapshots/<pdf stem>.snap`): per table its
//! kind, title, pages, columns, counts and column sums; per document its findings by
//! rule. Skipped, with a notice, when that folder is not there.
//!
//! After a deliberate change to the reader: `cargo insta test --review` (or
//! `INSTA_UPDATE=always cargo test --test real_corpus`), then check each changed
//! snapshot against the rendered page before committing it.
#![cfg(feature = "pdf")]

mod common;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use yusuan::{Coverage, Document, Options, Table};

/// The reviewed part of a document.
#[derive(Serialize)]
struct Summary {
    source: String,
    pages: Option<u32>,
    department: Option<String>,
    year: Option<u16>,
    phase: Option<&'static str>,
    level: Option<&'static str>,
    /// Where each field was read: "field: source, page N".
    evidence: Vec<String>,
    coverage: Coverage,
    tables: Vec<TableSummary>,
    /// Findings counted by rule.
    findings: BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct TableSummary {
    index: usize,
    kind: &'static str,
    /// What decided the kind, when it is not the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind_from: Option<&'static str>,
    title: Option<String>,
    /// The pages of its records: `7`, or first and last as `7-9`.
    pages: Option<String>,
    columns: Vec<String>,
    records: usize,
    values: usize,
    /// The sum of the amounts under each column path, in column order.
    sums: Sums,
}

/// Column path → sum, kept in column order (a map in the YAML, one line per column).
struct Sums(Vec<(String, Decimal)>);

impl Serialize for Sums {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (path, sum) in &self.0 {
            map.serialize_entry(path, &sum.to_string())?;
        }
        map.end()
    }
}

fn summarise(doc: &Document) -> Summary {
    let mut findings = BTreeMap::new();
    for f in &doc.findings {
        *findings.entry(f.rule.clone()).or_insert(0) += 1;
    }
    Summary {
        source: doc.source.clone(),
        pages: doc.pages,
        department: doc.department.clone(),
        year: doc.year,
        phase: doc.phase.map(|p| p.as_str()),
        level: doc.level.map(|l| l.as_str()),
        evidence: doc
            .evidence
            .iter()
            .map(|e| match e.page {
                Some(page) => format!("{}: {}, page {page}", e.field, e.source),
                None => format!("{}: {}", e.field, e.source),
            })
            .collect(),
        coverage: doc.coverage,
        tables: doc.tables.iter().enumerate().map(table_summary).collect(),
        findings,
    }
}

fn table_summary((index, t): (usize, &Table)) -> TableSummary {
    let pages = t.records.iter().filter_map(|r| r.page);
    let pages = match (pages.clone().min(), pages.max()) {
        (Some(first), Some(last)) if first == last => Some(first.to_string()),
        (Some(first), Some(last)) => Some(format!("{first}-{last}")),
        _ => None,
    };
    let values = || t.records.iter().flat_map(|r| &r.values);
    // Sums in the order of the columns, then any path not among the columns.
    let mut sums: Vec<(String, Decimal)> = Vec::new();
    for v in values() {
        let Some(amount) = v.amount else { continue };
        match sums.iter_mut().find(|(path, _)| *path == v.column) {
            Some((_, sum)) => *sum += amount,
            None => sums.push((v.column.clone(), amount)),
        }
    }
    let position = |path: &str| {
        t.columns
            .iter()
            .position(|c| c.path == path)
            .unwrap_or(usize::MAX)
    };
    sums.sort_by_key(|(path, _)| position(path));
    TableSummary {
        index,
        kind: t.kind.as_str(),
        kind_from: (t.kind_from == Some(yusuan::KindEvidence::Header)).then_some("header"),
        title: t.title.clone(),
        pages,
        columns: t.columns.iter().map(|c| c.path.clone()).collect(),
        records: t.records.len(),
        values: values().count(),
        sums: Sums(sums),
    }
}

/// Reads `../shared/pdfs/<stem>.pdf` and compares its summary with `snapshots/<stem>.snap`.
fn check(stem: &str) {
    let Some(dir) = common::shared_pdfs() else {
        return;
    };
    let name = format!("{stem}.pdf");
    let bytes = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let doc = yusuan::parse_pdf(&bytes, &name, &Options::new())
        .unwrap_or_else(|e| panic!("{name} does not read: {e}"));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("what yusuan reads from ../shared/pdfs/{name}"));
    settings.bind(|| insta::assert_yaml_snapshot!(stem, summarise(&doc)));
    agrees_with_readme(&name, &doc, &dir);
}

/// The department, year and phase read agree with the corpus README's table (a person
/// wrote it; "inferred" names are what the document shows elsewhere).
fn agrees_with_readme(name: &str, doc: &Document, dir: &std::path::Path) {
    let Ok(readme) = std::fs::read_to_string(dir.join("README.md")) else {
        return;
    };
    let Some(row) = readme
        .lines()
        .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
        .find(|cells| cells.get(1) == Some(&name))
    else {
        return;
    };
    let (department, year, phase) = (row[2], row[4], row[5]);
    // (One document prints no year as its own: its year is the one its text names, with
    // a metadata_inferred finding.)
    assert_eq!(
        doc.year.map(|y| y.to_string()).as_deref(),
        Some(year),
        "{name}: year"
    );
    match phase {
        // Performance-target documents: their targets are set with the budget.
        "other" => assert_eq!(doc.phase, Some(yusuan::Phase::Budget), "{name}: phase"),
        _ => assert_eq!(doc.phase.map(|p| p.as_str()), Some(phase), "{name}: phase"),
    }
    let got = doc.department.as_deref().map(same_name);
    assert_eq!(got, Some(same_name(department)), "{name}: department");
}

/// A name as printed, for comparing: full-width brackets, the README's notes, the
/// (本级) that covers leave out, and the short and long forms of a Party committee's name
/// (中共…市委 for 中国共产党…市委员会) made the same.
fn same_name(name: &str) -> String {
    let name = name
        .replace('（', "(")
        .replace('）', ")")
        .replace(" (inferred)", "")
        .replace(" (template)", "")
        .replace("(本级)", "")
        .replace("委员会", "委");
    name.trim_start_matches("中国共产党")
        .trim_start_matches("中共")
        .to_string()
}

macro_rules! real_pdfs {
    ($($test:ident => $stem:literal,)*) => {
        $( #[test] fn $test() { check($stem); } )*

        #[test]
        fn every_real_pdf_has_a_test() {
            let Some(dir) = common::shared_pdfs() else {
                return;
            };
            let mut stems: Vec<String> = std::fs::read_dir(dir)
                .expect("../shared/pdfs")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .map(|p| p.file_stem().unwrap_or_default().to_string_lossy().into_owned())
                .collect();
            stems.sort();
            assert_eq!(stems, [$($stem),*], "add a line to real_pdfs! for each new PDF");
        }
    };
}

real_pdfs! {
    beijing_capital_greening_office_2026_dept_budget_tables => "beijing-capital-greening-office-2026-dept-budget-tables",
    beijing_ecology_environment_bureau_2026_dept_budget_tables => "beijing-ecology-environment-bureau-2026-dept-budget-tables",
    beijing_economy_it_bureau_2026_dept_budget_tables => "beijing-economy-it-bureau-2026-dept-budget-tables",
    beijing_finance_bureau_2026_dept_budget_tables => "beijing-finance-bureau-2026-dept-budget-tables",
    beijing_gov_general_office_2026_dept_budget => "beijing-gov-general-office-2026-dept-budget",
    central_state_bureau_letters_calls_2024_final => "central-state-bureau-letters-calls-2024-final",
    central_state_bureau_letters_calls_2026_dept_budget => "central-state-bureau-letters-calls-2026-dept-budget",
    changchun_petition_bureau_2026_dept_budget => "changchun-petition-bureau-2026-dept-budget",
    changsha_petition_bureau_2026_dept_budget => "changsha-petition-bureau-2026-dept-budget",
    changsha_public_security_bureau_2025_dept_budget => "changsha-public-security-bureau-2025-dept-budget",
    chongqing_commerce_commission_2026_dept_budget => "chongqing-commerce-commission-2026-dept-budget",
    chongqing_planning_natural_resources_2026_dept_budget => "chongqing-planning-natural-resources-2026-dept-budget",
    foshan_rail_transit_bureau_2019_final => "foshan-rail-transit-bureau-2019-final",
    fuzhou_civil_affairs_bureau_2026_unit_budget => "fuzhou-civil-affairs-bureau-2026-unit-budget",
    fuzhou_police_civilian_staff_center_2026_unit_budget => "fuzhou-police-civilian-staff-center-2026-unit-budget",
    guangzhou_ecology_environment_bureau_2026_project_performance_targets => "guangzhou-ecology-environment-bureau-2026-project-performance-targets",
    guangzhou_gov_services_data_bureau_2026_performance_targets => "guangzhou-gov-services-data-bureau-2026-performance-targets",
    guangzhou_party_publicity_dept_2026_dept_budget => "guangzhou-party-publicity-dept-2026-dept-budget",
    guangzhou_petition_bureau_2026_dept_budget => "guangzhou-petition-bureau-2026-dept-budget",
    hangzhou_justice_bureau_2026_dept_budget => "hangzhou-justice-bureau-2026-dept-budget",
    hangzhou_transport_bureau_2026_dept_budget => "hangzhou-transport-bureau-2026-dept-budget",
    huzhou_transport_bureau_2026_dept_budget => "huzhou-transport-bureau-2026-dept-budget",
    jiangsu_cppcc_office_2019_budget_tables => "jiangsu-cppcc-office-2019-budget-tables",
    jiangsu_cppcc_office_2019_dept_budget_text => "jiangsu-cppcc-office-2019-dept-budget-text",
    jiangsu_party_committee_office_2017_dept_budget => "jiangsu-party-committee-office-2017-dept-budget",
    jiangsu_party_committee_office_2019_dept_budget_tables => "jiangsu-party-committee-office-2019-dept-budget-tables",
    jiangsu_party_committee_office_2019_dept_budget_text => "jiangsu-party-committee-office-2019-dept-budget-text",
    jiangsu_procuratorate_2019_dept_budget => "jiangsu-procuratorate-2019-dept-budget",
    quanzhou_public_security_bureau_2026_dept_budget => "quanzhou-public-security-bureau-2026-dept-budget",
    shanghai_2024_final_accounts_template => "shanghai-2024-final-accounts-template",
    shanghai_medical_insurance_center_2026_unit_budget => "shanghai-medical-insurance-center-2026-unit-budget",
    shanghai_municipal_finance_bureau_2025_unit_budget => "shanghai-municipal-finance-bureau-2025-unit-budget",
    shanghai_putuo_commerce_commission_2025_unit_budget => "shanghai-putuo-commerce-commission-2025-unit-budget",
    shanghai_putuo_finance_bureau_2025_dept_budget => "shanghai-putuo-finance-bureau-2025-dept-budget",
    shanghai_putuo_justice_bureau_2026_dept_budget => "shanghai-putuo-justice-bureau-2026-dept-budget",
    shanghai_putuo_justice_bureau_2026_unit_budget => "shanghai-putuo-justice-bureau-2026-unit-budget",
    shanghai_putuo_social_welfare_home_2024_unit_budget => "shanghai-putuo-social-welfare-home-2024-unit-budget",
    shanghai_putuo_social_work_dept_2024_final_accounts => "shanghai-putuo-social-work-dept-2024-final-accounts",
    shanghai_putuo_wanli_street_2024_dept_budget => "shanghai-putuo-wanli-street-2024-dept-budget",
    shanghai_putuo_wanli_street_2025_dept_budget_toolpreview => "shanghai-putuo-wanli-street-2025-dept-budget-TOOLPREVIEW",
    shanghai_statistics_research_institute_2026_unit_budget => "shanghai-statistics-research-institute-2026-unit-budget",
    shenzhen_civil_affairs_bureau_2026_dept_budget => "shenzhen-civil-affairs-bureau-2026-dept-budget",
    shenzhen_finance_bureau_2026_dept_budget => "shenzhen-finance-bureau-2026-dept-budget",
    shenzhen_gov_general_office_2026_dept_budget => "shenzhen-gov-general-office-2026-dept-budget",
    suzhou_natural_resources_planning_2026_unit_budget => "suzhou-natural-resources-planning-2026-unit-budget",
    suzhou_transport_bureau_2026_dept_budget => "suzhou-transport-bureau-2026-dept-budget",
    wuxi_petition_bureau_2025_dept_budget => "wuxi-petition-bureau-2025-dept-budget",
    wuxi_transport_bureau_2026_unit_budget => "wuxi-transport-bureau-2026-unit-budget",
    xian_admin_approval_bureau_2025_dept_budget => "xian-admin-approval-bureau-2025-dept-budget",
    xian_civil_affairs_bureau_2021_dept_budget => "xian-civil-affairs-bureau-2021-dept-budget",
    xian_commerce_bureau_2022_dept_budget => "xian-commerce-bureau-2022-dept-budget",
    xian_development_reform_commission_2019_dept_budget => "xian-development-reform-commission-2019-dept-budget",
    xian_gov_general_office_2026_dept_budget => "xian-gov-general-office-2026-dept-budget",
    xian_meteorological_bureau_2022_dept_budget => "xian-meteorological-bureau-2022-dept-budget",
    xian_party_publicity_dept_2021_dept_budget => "xian-party-publicity-dept-2021-dept-budget",
    xian_science_technology_bureau_2022_dept_budget => "xian-science-technology-bureau-2022-dept-budget",
    xian_transport_bureau_2022_dept_budget => "xian-transport-bureau-2022-dept-budget",
    yantai_development_reform_commission_2026_dept_budget => "yantai-development-reform-commission-2026-dept-budget",
    yantai_hrss_bureau_2026_dept_budget => "yantai-hrss-bureau-2026-dept-budget",
    yantai_statistics_bureau_2026_dept_budget => "yantai-statistics-bureau-2026-dept-budget",
}
