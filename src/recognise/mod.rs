//! The recogniser: lines of cells → tables of records.
//!
//! In: [`Line`](crate::line::Line)s from either front end. Out: [`Table`]s whose every
//! value sits under its column path, with findings for what was repaired or doubtful.
//! Decides: what each line is ([`rows`]), where tables start and end ([`grammar`], nom
//! over rows), the column tree of a header ([`header`]), and which cell goes under which
//! column ([`table`] for grids, [`form`] for 绩效目标 forms; [`amount`] reads a cell;
//! [`inference`] places the amounts of rows printed without their empty cells, within a
//! table and, once the schema has run, from the document's other tables:
//! [`place_by_other_tables`]).

pub(crate) mod amount;
mod form;
mod grammar;
mod header;
mod inference;
mod placement;
pub mod rows;
mod table;

use crate::model::{Finding, Table};
use grammar::Block;
pub use inference::place_by_other_tables;
use rows::Row;

/// The tables among the rows, in order; what each table's assembly finds goes to
/// `findings`.
pub fn tables(rows: &[Row], findings: &mut Vec<Finding>) -> Vec<Table> {
    let mut tables = Vec::new();
    for block in grammar::recognise(rows) {
        crate::deadline::check();
        if let Block::Table(raw) = block {
            for piece in table::split_at_unmatched_pages(raw) {
                let index = tables.len();
                tables.push(table::assemble(&piece, index, findings));
            }
        }
    }
    tables
}
