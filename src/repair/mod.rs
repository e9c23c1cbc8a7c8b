//! The repair pass: turns the tables converters produced into proper grids.
//!
//! It works on the model only, whatever format a table came from. Tables
//! whose geometry the source format gave exactly (DOCX, HTML, spreadsheets)
//! are only tidied; tables from text exports, whose merged cells were
//! dropped and whose rows may have collapsed, are rebuilt by counting
//! columns ([`rebuild`]). Every change is recorded in the table's `repairs`.

mod grid;
mod header;
mod rebuild;
mod shape;
mod tokens;

use crate::model::{Block, Diagnostic, Layout, Repair, RepairKind, Severity, Table};
use grid::Grid;

/// Repairs every table in `blocks`; returns diagnostics about tables that
/// could not be repaired.
pub fn repair_blocks(blocks: &mut [Block]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for block in blocks.iter_mut() {
        if let Block::Table(table) = block
            && let Some(diagnostic) = repair_table(table)
        {
            diagnostics.push(diagnostic.with_origin(table.origin.clone()));
        }
    }
    diagnostics
}

/// Makes every table a whole grid without repairing anything, for a run
/// with the repair pass switched off: rows as the converter read them,
/// uncovered positions filled with empty cells, overlapping cells moved to
/// rows of their own.
pub fn grids_without_repair(blocks: &mut [Block]) -> Vec<Diagnostic> {
    for block in blocks.iter_mut() {
        if let Block::Table(table) = block {
            as_seen(table);
        }
    }
    Vec::new()
}

/// Repairs one table so that it satisfies the grid invariant.
pub fn repair_table(table: &mut Table) -> Option<Diagnostic> {
    match table.layout {
        Layout::Exact => {
            tidy(table);
            None
        }
        Layout::RowsAsSeen | Layout::Stream => {
            if rebuild::rebuild(table) {
                None
            } else {
                as_seen(table);
                Some(Diagnostic::new(
                    Severity::Info,
                    "table_not_rebuilt",
                    "a table without numbers was kept with its rows as the export showed them",
                ))
            }
        }
    }
}

/// Makes an exact table whole: drops rows with no content and fills any
/// uncovered position with an empty cell.
fn tidy(table: &mut Table) {
    let mut grid = Grid::new(table.n_cols);
    let mut keep = vec![false; table.n_rows];
    for cell in &table.cells {
        if !cell.text.trim().is_empty() || cell.row_span > 1 {
            let rows = cell.row.min(table.n_rows)..(cell.row + cell.row_span).min(table.n_rows);
            keep[rows].iter_mut().for_each(|k| *k = true);
        }
    }
    let dropped = keep.iter().filter(|k| !**k).count();
    if dropped == 0 && covered_once(table) {
        // Already whole; only make the cell order the documented one.
        table.cells.sort_by_key(|c| (c.row, c.col));
        return;
    }
    let new_index: Vec<Option<usize>> = keep
        .iter()
        .scan(0, |next, &k| {
            let index = k.then_some(*next);
            *next += usize::from(k);
            Some(index)
        })
        .collect();
    for cell in &table.cells {
        if let Some(Some(row)) = new_index.get(cell.row) {
            grid.place(*row, cell.col, cell.row_span, cell.col_span, &cell.text);
        }
    }
    let (n_rows, n_cols, cells) = grid.finish();
    table.n_rows = n_rows;
    table.n_cols = n_cols;
    table.cells = cells;
    if dropped > 0 {
        table.repairs.push(Repair {
            evidence: String::new(),
            kind: RepairKind::DropEmptyRow,
            detail: format!("dropped {dropped} rows with no content"),
            row: None,
        });
    }
}

fn covered_once(table: &Table) -> bool {
    let mut seen = vec![0u8; table.n_rows * table.n_cols];
    for cell in &table.cells {
        for r in cell.row..cell.row + cell.row_span {
            for c in cell.col..cell.col + cell.col_span {
                match seen.get_mut(r * table.n_cols + c) {
                    Some(slot) if r < table.n_rows && c < table.n_cols => *slot += 1,
                    _ => return false,
                }
            }
        }
    }
    seen.iter().all(|&n| n == 1)
}

/// Keeps a table's rows as the export showed them, padded to one width.
fn as_seen(table: &mut Table) {
    let mut grid = Grid::new(table.n_cols.max(1));
    let mut row_map = std::collections::BTreeMap::new();
    for cell in &table.cells {
        let next = row_map.len();
        let row = *row_map.entry(cell.row).or_insert(next);
        grid.place(row, cell.col, 1, 1, &cell.text);
    }
    let (n_rows, n_cols, cells) = grid.finish();
    table.n_rows = n_rows;
    table.n_cols = n_cols;
    table.cells = cells;
    table.layout = Layout::Exact;
    tidy(table);
}
