//! The output: a document of tables, records and values, each with its source line.
//!
//! These types are the crate's public data model and are serialised as the JSON that
//! `yusuan FILE` prints. Amounts are [`Decimal`]s serialised as strings, so no
//! precision is lost on the way to JSON.

use rust_decimal::Decimal;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A whole disclosure: its tables, and what was found wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Document {
    /// Where the text came from (a file name, or whatever the caller passed).
    pub source: String,
    /// The text encoding the bytes were decoded from.
    pub encoding: String,
    /// The department (or, for a 单位 document, the unit) that publishes the document,
    /// from its cover, titles, meta lines or form fields: see [`Document::evidence`].
    pub department: Option<String>,
    /// The budget year the document is about.
    pub year: Option<u16>,
    /// Budget (预算) or final accounts (决算).
    pub phase: Option<Phase>,
    /// Whether a department (部门) or one of its units (单位) publishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<DocumentLevel>,
    /// Where the department, year, phase and level were read: one entry for each found.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The number of pages: of the PDF, or of a text whose pages are ended by form feeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Every table found, in document order.
    pub tables: Vec<Table>,
    /// The tables the document's 目录 lists, each with the table found for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<ContentsEntry>,
    /// Problems with the document as a whole or with a table.
    pub findings: Vec<Finding>,
    /// How many of the amounts printed in table cells were placed in a table.
    #[serde(default)]
    pub coverage: Coverage,
}

#[cfg(test)]
impl Document {
    /// The column paths of the values of table `table`'s first row with code `code`
    /// (for tests that check where a row's amounts went).
    pub(crate) fn columns_of(&self, table: usize, code: &str) -> Vec<&str> {
        let row = self.tables[table]
            .records
            .iter()
            .find(|r| r.code.as_deref() == Some(code))
            .unwrap_or_else(|| panic!("no row {code} in table {table}"));
        row.values.iter().map(|v| v.column.as_str()).collect()
    }
}

/// The self-audit of a document: every amount printed in a table cell (a decimal such as
/// 16.19, or a comma-grouped number such as 1,095) is looked for among the values placed
/// from the same page and line. Amounts inside prose are not counted. Each amount not
/// placed is also an `amount_unplaced` finding with its page, line and box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Coverage {
    /// Amounts printed in table cells.
    pub printed: usize,
    /// Of those, the amounts placed as a value of some table.
    pub placed: usize,
}

/// The two phases of a disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Phase {
    /// 预算: what the department plans to spend.
    Budget,
    /// 决算: what it did spend.
    FinalAccounts,
}

/// A table listed in a document's 目录 (table of contents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ContentsEntry {
    /// The table's name as listed, without its number, dot leaders and page.
    pub title: String,
    /// The page of the 目录, where the input has pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The source line.
    pub line: usize,
    /// The kind its name says.
    #[serde(default)]
    pub kind: TableKind,
    /// The index in [`Document::tables`] of the table found for it; `None` when it is
    /// missing (a `table_missing` finding) or printed empty without a table
    /// (`table_empty`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
}

/// Who publishes a disclosure: 部门预算/决算 or 单位预算/决算.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentLevel {
    /// 部门: a department, with all its units.
    Department,
    /// 单位: one unit of a department.
    Unit,
}

impl DocumentLevel {
    /// The level's name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentLevel::Department => "department",
            DocumentLevel::Unit => "unit",
        }
    }
}

/// Where one piece of a document's metadata was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Evidence {
    /// Which field it decided: `department`, `year`, `phase` or `level`.
    pub field: String,
    /// The value read, as it went into the field.
    pub value: String,
    /// Where it was read: `document_title` (a line naming the document, such as
    /// "2026年度XX局部门预算", on the cover or heading a part),
    /// `table_title`, `table_meta` (部门：…, 编制单位：…, (2026年度)), `form_field` (a
    /// 部门名称 cell of a form), `table_kinds` (only what the tables are), `prose` (the
    /// first line that says 预算 or 决算) or `mentions` (the year the text names most often,
    /// with a `metadata_inferred` finding).
    pub source: String,
    /// The page, where the input has pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The source line.
    pub line: usize,
    /// How many places print the same value from this kind of source.
    pub count: usize,
}

/// One table, joined across page breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Table {
    /// The printed title with markdown and list markers removed; `None` for a block of
    /// rows that had no title of its own.
    pub title: Option<String>,
    /// The line of the title.
    pub title_line: Option<usize>,
    /// Which standard table it is, from its title or, where that says nothing, from its
    /// header.
    #[serde(default)]
    pub kind: TableKind,
    /// What decided the kind: the title's words, or the header's (a 绩效目标 column, a
    /// list of 单位名称 …); `None` for kind `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_from: Option<KindEvidence>,
    /// The amount unit, such as "万元" or "元".
    pub unit: Option<String>,
    /// Meta lines printed with the table (部门名称, 预算年度, 公开NN表, entity line …).
    pub meta: Vec<Meta>,
    /// How the table is laid out.
    pub layout: Layout,
    /// The data columns, left to right, each with its printed header path.
    pub columns: Vec<Column>,
    /// The records, in printed order.
    pub records: Vec<Record>,
    /// Notes printed under the table (注：, 说明：, 备注：).
    pub notes: Vec<Note>,
    /// First and last source line of the table, page repeats included.
    pub lines: (usize, usize),
}

/// What decided a table's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KindEvidence {
    /// The words of the printed title.
    Title,
    /// The header's labels (the table's title says nothing of its kind, or is missing).
    Header,
}

/// The standard table families of 部门预算 and 部门决算.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TableKind {
    /// 收支总表, 部门收支预算表, 收入支出决算(总)表.
    IncomeExpenditureSummary,
    /// 收入总表, 收入决算表.
    Income,
    /// 支出总表, 支出决算表, 部门支出预算表.
    Expenditure,
    /// 财政拨款收支(决算)总表.
    FiscalAppropriationSummary,
    /// 一般公共预算(财政拨款)支出(决算)表.
    GeneralPublicBudgetExpenditure,
    /// 一般公共预算基本支出表, 基本支出决算表 (by economic class).
    BasicExpenditure,
    /// 基本支出明细表.
    BasicExpenditureDetail,
    /// 项目支出表, 项目支出决算表.
    ProjectExpenditure,
    /// "三公"经费表.
    ThreePublic,
    /// 政府性基金 tables.
    GovernmentFund,
    /// 国有资本经营 tables.
    StateCapitalOperation,
    /// 机关运行经费.
    OperatingCosts,
    /// 绩效目标表, 绩效自评表.
    PerformanceTargets,
    /// 政府采购.
    Procurement,
    /// 资产 (固定资产占用情况表).
    Assets,
    /// 政府购买服务 (Beijing's 财政拨款政府购买服务明细表).
    GovernmentPurchaseServices,
    /// 会议费、培训费 tables (those within a "三公" table are [`TableKind::ThreePublic`]).
    MeetingsTraining,
    /// 绩效自评, 综合评价得分: how a project or the department scored.
    PerformanceEvaluation,
    /// The department itself: 预算单位构成 (its units), 内设机构, 人员编制.
    Organisation,
    /// A 目录 printed as a table: the tables the document has (and which are empty).
    Contents,
    /// Anything else; the printed title says what.
    #[default]
    Other,
}

impl TableKind {
    /// The kind's name, as in JSON: `income_expenditure_summary`, `three_public` ….
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::IncomeExpenditureSummary => "income_expenditure_summary",
            TableKind::Income => "income",
            TableKind::Expenditure => "expenditure",
            TableKind::FiscalAppropriationSummary => "fiscal_appropriation_summary",
            TableKind::GeneralPublicBudgetExpenditure => "general_public_budget_expenditure",
            TableKind::BasicExpenditure => "basic_expenditure",
            TableKind::BasicExpenditureDetail => "basic_expenditure_detail",
            TableKind::ProjectExpenditure => "project_expenditure",
            TableKind::ThreePublic => "three_public",
            TableKind::GovernmentFund => "government_fund",
            TableKind::StateCapitalOperation => "state_capital_operation",
            TableKind::OperatingCosts => "operating_costs",
            TableKind::PerformanceTargets => "performance_targets",
            TableKind::Procurement => "procurement",
            TableKind::Assets => "assets",
            TableKind::GovernmentPurchaseServices => "government_purchase_services",
            TableKind::MeetingsTraining => "meetings_training",
            TableKind::PerformanceEvaluation => "performance_evaluation",
            TableKind::Organisation => "organisation",
            TableKind::Contents => "contents",
            TableKind::Other => "other",
        }
    }
}

/// A classification scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scheme {
    /// 支出功能分类 (201, 20103, 2010301).
    Functional,
    /// 部门预算支出经济分类 (301, 30101).
    EconomicDepartment,
    /// 政府预算支出经济分类 (501, 50101).
    EconomicGovernment,
    /// A revenue line of a summary table (一、一般公共预算拨款收入).
    Revenue,
    /// A project code.
    Project,
    /// Any other row: a unit, a named item.
    #[default]
    Item,
}

impl Scheme {
    /// The scheme's name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Functional => "functional",
            Scheme::EconomicDepartment => "economic_department",
            Scheme::EconomicGovernment => "economic_government",
            Scheme::Revenue => "revenue",
            Scheme::Project => "project",
            Scheme::Item => "item",
        }
    }
}

/// The level of a classification code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// 类: three digits.
    Class,
    /// 款: five digits.
    Section,
    /// 项: seven digits.
    Item,
}

impl Level {
    /// The level's name, as in JSON: `class` (类), `section` (款), `item` (项).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Class => "class",
            Level::Section => "section",
            Level::Item => "item",
        }
    }
}

impl Phase {
    /// The phase's name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Budget => "budget",
            Phase::FinalAccounts => "final_accounts",
        }
    }
}

/// What a record is about.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Subject {
    /// The classification scheme.
    pub scheme: Scheme,
    /// The code, whole and without stray spaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 类, 款 or 项.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The code one level up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The name as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The catalog's name for the code, in the document's year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_name: Option<String>,
    /// The row's second classification, where it prints two (部门 and 政府 economic codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate: Option<Box<Subject>>,
}

/// The layout of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layout {
    /// A header of 1–4 rows over a body of rows.
    Grid,
    /// A form: label/value pairs with small grids inside (绩效目标表).
    Form,
}

/// A meta line printed with a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Meta {
    /// What the line says: `department`, `unit`, `year`, `entity`, `label`, `as_of`.
    pub key: String,
    /// The value, as printed.
    pub value: String,
    /// Its source line.
    pub line: usize,
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Column {
    /// Position in the table's rows, from 0.
    pub index: usize,
    /// The printed header path from the top header row down, e.g. `基本支出/人员经费`.
    pub path: String,
    /// The canonical key of the path (`basic.personnel`), when every label is known;
    /// see the README for the labels and their keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// Whether the column identifies the row (code, name, 序号 …) rather than holding
    /// a value.
    pub key: bool,
    /// For tables printed as side-by-side groups (收入 | 支出), which group.
    pub group: usize,
}

/// One record: one row of one column group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Record {
    /// The page, where the text marks pages (form feeds, as pdftotext writes them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The source line of the row (the first line, when a name was wrapped).
    pub line: usize,
    /// The column group the record belongs to (0 unless groups are side by side).
    pub group: usize,
    /// The row's role: an item, a total or a subtotal.
    pub kind: RecordKind,
    /// 序号 or 行次, where printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<String>,
    /// The classification code, whole: split 类|款|项 columns are joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The row's name (科目名称, 项目, 三级指标 …), cleaned of stray spaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the row is about, normalised: scheme, code, level, parent, canonical name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// Every key cell as printed, by column path (both codes, 单位代码, 类型 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<Key>,
    /// The non-empty value cells.
    pub values: Vec<Value>,
}

/// The role of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordKind {
    /// An ordinary row.
    Item,
    /// A 合计/总计 row.
    Total,
    /// A 小计 row.
    Subtotal,
}

impl RecordKind {
    /// The kind's name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Item => "item",
            RecordKind::Total => "total",
            RecordKind::Subtotal => "subtotal",
        }
    }
}

/// A key cell of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Key {
    /// The column path.
    pub column: String,
    /// The text, cleaned of stray spaces.
    pub text: String,
}

/// A value cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Value {
    /// The column path (see [`Column::path`]).
    pub column: String,
    /// The column index.
    pub col: usize,
    /// The page, where the text marks pages (form feeds, as pdftotext writes them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The source line (for a PDF, the line in reading order through the document).
    pub line: usize,
    /// Where the cell is on its page, for PDF input: [left, top, right, bottom] in
    /// points from the page's top-left corner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// The cell as printed (after full-width normalisation).
    pub printed: String,
    /// What kind of value it is.
    pub kind: ValueKind,
    /// The amount, for a cell that is a plain number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub amount: Option<Decimal>,
    /// The number inside a percentage or a text value ("≥95%" → 95, "8 人" → 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub number: Option<Decimal>,
}

/// What a value cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ValueKind {
    /// A plain amount: "1,095.72", "-3.5".
    Amount,
    /// A dash standing for nothing: "—", "-".
    Dash,
    /// A percentage, possibly with a comparator: "≥95%".
    Percent,
    /// Any other text, possibly with a number inside: "8 人", "明显".
    Text,
}

impl ValueKind {
    /// The kind's name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Amount => "amount",
            ValueKind::Dash => "dash",
            ValueKind::Percent => "percent",
            ValueKind::Text => "text",
        }
    }
}

/// A note printed under a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Note {
    /// The note's text.
    pub text: String,
    /// Its source line.
    pub line: usize,
}

/// Something wrong with a document that was read: data is kept, the problem reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// A stable identifier of the rule that produced it, e.g. `untitled_table`.
    pub rule: String,
    /// What was wrong, in words.
    pub message: String,
    /// The table's index in [`Document::tables`], if the finding is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    /// The source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The page, where the input has pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Where on its page, for PDF input: [left, top, right, bottom] in points from the
    /// page's top-left corner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// The column path, if the finding is about one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The row's printed name or code, if the finding is about one row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// What a check expected (a sum, the other table's figure …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub expected: Option<Decimal>,
    /// What is printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub found: Option<Decimal>,
    /// found − expected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub difference: Option<Decimal>,
}

/// The severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing; the data is fine.
    #[default]
    Info,
    /// The data was read, but part of it may be wrong or was reconstructed.
    Warning,
    /// A value could not be read or placed.
    Error,
}
