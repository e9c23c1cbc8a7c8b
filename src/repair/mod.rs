//! The repair pass: the one place that turns the raw tables converters
//! produce into proper grids, whatever format they came from.
//!
//! It works on the model only. What a converter could read decides what
//! happens (`Table::layout`, `Table::raw`):
//! - exact tables (DOCX, HTML, spreadsheets, ruled PDF tables, sound text
//!   tables) are only made whole (`make_whole`);
//! - parts of a table continued over pages are joined first (`pages`);
//! - tables recovered from text alignment get their merged cells back
//!   (`merged`);
//! - tables from text exports, whose merged cells were dropped and whose
//!   rows may have collapsed, are rebuilt by counting columns
//!   (`rebuild`).
//!
//! Every change is recorded in the table's `repairs` with the evidence the
//! converter handed over.

mod grid;
mod header;
mod merged;
mod pages;
mod rebuild;
mod shape;
mod tokens;

#[cfg(test)]
mod tests;

use crate::model::{Block, Diagnostic, DiagnosticCode, Layout, Repair, RepairKind, Table};
use grid::Grid;

/// Repairs every table in `blocks`: parts of a table continued over pages
/// are joined first, then each table becomes a grid. Returns diagnostics
/// about tables that could not be repaired.
pub fn repair_blocks(blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
    pages::join_continued(blocks);
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
///
/// What happens depends on what the converter could read: an exact table
/// is only made whole (and left exactly as it is when it already is); a
/// table whose rows or row breaks the export lost is rebuilt, and the
/// repairs quote the damage the converter saw.
pub fn repair_table(table: &mut Table) -> Option<Diagnostic> {
    match table.layout {
        Layout::Exact => {
            make_whole(table);
            None
        }
        Layout::RowsAsSeen | Layout::Stream => {
            let seen = table.n_rows.saturating_mul(table.n_cols);
            let message = match rebuild::rebuild(table) {
                rebuild::Outcome::Rebuilt => return None,
                rebuild::Outcome::NoNumbers => {
                    "a table without numbers was kept with its rows as the export showed them"
                        .to_string()
                }
                rebuild::Outcome::OutOfProportion(positions) => format!(
                    "rebuilt, the table would span {positions} grid positions, out of \
                     proportion to the {seen} the export showed (at most {} times as many, or \
                     {}); it was kept with its rows as the export showed them",
                    rebuild::MAX_GROWTH,
                    rebuild::MIN_REBUILD_LIMIT
                ),
            };
            as_seen(table);
            Some(Diagnostic::new(DiagnosticCode::TableNotRebuilt, message))
        }
        Layout::Aligned => {
            merged::restore_table(table);
            make_whole(table);
            None
        }
    }
}

/// Makes an exact table whole: a table whose cells already cover every
/// position once is left as it is (only its cells put in row-major order);
/// otherwise uncovered positions get empty cells (a short row is padded,
/// as a browser or a spreadsheet shows it; no text changes) and a cell
/// overlapping an earlier one is moved to a row of its own, which is
/// recorded.
fn make_whole(table: &mut Table) {
    let report = coverage(table);
    if report.is_whole() {
        table.cells.sort_by_key(|c| (c.row, c.col));
        return;
    }
    let mut grid = Grid::new(table.n_cols.max(1));
    let mut cells = std::mem::take(&mut table.cells);
    cells.sort_by_key(|c| (c.row, c.col));
    let mut displaced = Vec::new();
    for cell in &cells {
        // Spans reaching past the table are cut to its edge.
        let row_span = cell
            .row_span
            .min(table.n_rows.saturating_sub(cell.row))
            .max(1);
        let col_span = cell
            .col_span
            .min(table.n_cols.saturating_sub(cell.col))
            .max(1);
        if grid
            .place(cell.row, cell.col, row_span, col_span, &cell.text)
            .is_none()
        {
            displaced.push(cell.text.clone());
        }
    }
    grid.ensure_height(table.n_rows);
    // Cells that start right of the last column have no place at all
    // (rows below the last one are added as needed).
    let outside = cells.iter().filter(|c| c.col >= table.n_cols).count();
    // The displaced cells, left to right in rows of their own at the
    // bottom, as many rows as they need.
    let width = table.n_cols.max(1);
    let mut displaced_rows = None;
    for (k, text) in displaced.iter().enumerate() {
        if k % width == 0 {
            let row = grid.push_row();
            displaced_rows = Some((displaced_rows.map_or(row, |(first, _)| first), row));
        }
        grid.place(grid.rows() - 1, k % width, 1, 1, text);
    }
    let declared_cols = table.n_cols;
    let (n_rows, n_cols, cells) = grid.finish();
    table.n_rows = n_rows;
    table.n_cols = n_cols;
    table.cells = cells;
    if let Some((first, last)) = displaced_rows {
        let rows = if first == last {
            format!("row {first}")
        } else {
            format!("rows {first}–{last}")
        };
        let (detail, mut evidence) = if outside == 0 {
            ("cells that overlapped earlier cells", Vec::new())
        } else {
            (
                "cells that overlapped earlier cells or stood outside the table",
                vec![format!(
                    "{outside} cells stood right of the table's {declared_cols} columns"
                )],
            )
        };
        if report.overlapping > 0 {
            evidence.insert(
                0,
                format!(
                    "{} positions were claimed by two cells in the source",
                    report.overlapping
                ),
            );
        }
        table.repairs.push(Repair {
            kind: RepairKind::UnplacedCells,
            detail: format!("{} {detail} are kept in {rows}", displaced.len()),
            evidence: evidence.join("; "),
            row: Some(first),
        });
    }
}

/// How the cells of a table cover its grid.
struct Coverage {
    uncovered: usize,
    /// Positions two or more cells claim.
    overlapping: usize,
    outside: bool,
}

impl Coverage {
    fn is_whole(&self) -> bool {
        self.uncovered == 0 && self.overlapping == 0 && !self.outside
    }
}

fn coverage(table: &Table) -> Coverage {
    let mut seen = vec![0u8; table.n_rows * table.n_cols];
    let mut outside = false;
    for cell in &table.cells {
        for r in cell.row..cell.row + cell.row_span {
            for c in cell.col..cell.col + cell.col_span {
                match seen.get_mut(r * table.n_cols + c) {
                    Some(slot) if r < table.n_rows && c < table.n_cols => {
                        *slot = slot.saturating_add(1)
                    }
                    _ => outside = true,
                }
            }
        }
    }
    Coverage {
        uncovered: seen.iter().filter(|&&n| n == 0).count(),
        overlapping: seen.iter().filter(|&&n| n > 1).count(),
        outside,
    }
}

/// Keeps a table's cells where the converter put them, padded to one
/// width: no cell is moved, joined or dropped.
fn as_seen(table: &mut Table) {
    table.layout = Layout::Exact;
    make_whole(table);
}
