//! The output: a document of tables, records and values, each with its source line.
//!
//! These types are the crate's public data model and are serialised as the JSON that
//! `yusuan FILE` prints. Amounts are [`Decimal`]s serialised as strings, so no
//! precision is lost on the way to JSON.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A whole disclosure: its tables, and what was found wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Where the text came from (a file name, or whatever the caller passed).
    pub source: String,
    /// The text encoding the bytes were decoded from.
    pub encoding: String,
    /// The department, as printed on the cover or in the tables' meta lines.
    pub department: Option<String>,
    /// The budget year the document is about.
    pub year: Option<u16>,
    /// Budget (预算) or final accounts (决算).
    pub phase: Option<Phase>,
    /// Every table found, in document order.
    pub tables: Vec<Table>,
    /// Problems with the document as a whole or with a table.
    pub findings: Vec<Finding>,
}

/// The two phases of a disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Phase {
    /// 预算: what the department plans to spend.
    Budget,
    /// 决算: what it did spend.
    FinalAccounts,
}

/// One table, joined across page breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The printed title with markdown and list markers removed; `None` for a block of
    /// rows that had no title of its own.
    pub title: Option<String>,
    /// The line of the title.
    pub title_line: Option<usize>,
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

/// The layout of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Column {
    /// Position in the table's rows, from 0.
    pub index: usize,
    /// The printed header path from the top header row down, e.g. `基本支出/人员经费`.
    pub path: String,
    /// Whether the column identifies the row (code, name, 序号 …) rather than holding
    /// a value.
    pub key: bool,
    /// For tables printed as side-by-side groups (收入 | 支出), which group.
    pub group: usize,
}

/// One record: one row of one column group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Every key cell as printed, by column path (both codes, 单位代码, 类型 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<Key>,
    /// The non-empty value cells.
    pub values: Vec<Value>,
}

/// The role of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// A key cell of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Key {
    /// The column path.
    pub column: String,
    /// The text, cleaned of stray spaces.
    pub text: String,
}

/// A value cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub amount: Option<Decimal>,
    /// The number inside a percentage or a text value ("≥95%" → 95, "8 人" → 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Decimal>,
}

/// What a value cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// A note printed under a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The note's text.
    pub text: String,
    /// Its source line.
    pub line: usize,
}

/// Something wrong with a document that was read: data is kept, the problem reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The column path, if the finding is about one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

/// The severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing; the data is fine.
    Info,
    /// The data was read, but part of it may be wrong or was reconstructed.
    Warning,
    /// A value could not be read or placed.
    Error,
}
