//! What placing a cell needs, whatever the table's layout (grid or form): the cell's
//! value with its provenance, and the findings of the table it is placed in.

use super::amount;
use super::rows::Row;
use crate::model::{Finding, Severity, Value};

/// Collects the findings of one table.
pub(crate) struct Findings<'f> {
    pub table: usize,
    pub out: &'f mut Vec<Finding>,
}

impl Findings<'_> {
    pub fn push(
        &mut self,
        severity: Severity,
        rule: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: String,
    ) {
        self.out.push(Finding {
            severity,
            rule: rule.to_string(),
            message,
            table: Some(self.table),
            line,
            column: column.map(str::to_string),
            ..Default::default()
        });
    }
}

/// A value cell of `row` (its cell `cell`, as printed), with its provenance.
pub(crate) fn value(
    column: String,
    col: usize,
    row: &Row,
    cell: Option<usize>,
    printed: &str,
) -> Value {
    let p = amount::parse_value(printed);
    Value {
        column,
        col,
        page: row.page,
        line: row.line,
        bbox: cell.and_then(|i| row.boxes.get(i).copied().flatten()),
        printed: printed.to_string(),
        kind: p.kind,
        amount: p.amount,
        number: p.number,
    }
}
