//! Lays a `w:tbl` out on its grid: `w:gridBefore`/`w:gridAfter` shift and
//! pad rows, `w:gridSpan` (and the legacy `w:hMerge`) widen cells, and a
//! `w:vMerge` continuation extends the cell above it downwards. The result
//! is a [`Layout::Exact`] table in which every grid position is covered by
//! exactly one cell, listed once at its top-left.
//!
//! The grid is as wide as the widest row. A declared `w:tblGrid` that is
//! wider than every row is stale (Word leaves it after columns are
//! deleted) and is not used to pad the table with empty columns.

use super::doc::{Merge, Tbl, Tc};
use docmend_core::error::Error;
use docmend_core::model::{Cell, Diagnostic, DiagnosticCode, Layout, Origin, Table};

/// Header rows are guessed only this close to the top.
const MAX_GUESSED_HEADER_ROWS: usize = 6;

/// The most grid positions (rows × columns) of one table, whatever
/// `Limits::max_table_cells` allows the document: a `w:gridAfter` of 1000
/// on each of a few thousand rows, some kilobytes compressed, asks for
/// millions of positions, each a cell of the model (8,000,000 take about
/// 3 s and 1 GiB; 20,000,000 would take some 8 s and 3 GiB). An annual
/// report's largest table has a few hundred.
pub const MAX_TABLE_GRID: u64 = 8_000_000;

/// How many grid positions (rows × columns) the tables of one document
/// may take in all (`Limits::max_table_cells`), and how many are left: a
/// hostile `w:gridAfter` on many rows cannot make a small XML part into a
/// huge grid.
#[derive(Debug, Clone, Copy)]
pub struct GridBudget {
    pub limit: u64,
    pub left: u64,
}

impl GridBudget {
    pub fn new(limit: u64) -> GridBudget {
        GridBudget { limit, left: limit }
    }
}

/// Builds the grid of `tbl`. `text` gives a cell's text; the table takes
/// its positions from the document's `budget`.
pub fn build(
    tbl: &Tbl,
    text: &mut dyn FnMut(&Tc) -> String,
    origin: &Origin,
    budget: &mut GridBudget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Table>, Error> {
    let rows: Vec<_> = tbl.rows.iter().filter(|r| !r.deleted).collect();
    let n_cols = rows
        .iter()
        .map(|r| {
            r.grid_before + r.cells.iter().map(|c| c.grid_span.max(1)).sum::<usize>() + r.grid_after
        })
        .max()
        .unwrap_or(0);
    let n_rows = rows.len();
    if n_cols == 0 || n_rows == 0 {
        return Ok(None);
    }
    let positions = (n_rows as u64).saturating_mul(n_cols as u64);
    if positions > MAX_TABLE_GRID && MAX_TABLE_GRID < budget.limit {
        return Err(super::xml::malformed(format!(
            "a table of {n_rows} rows and {n_cols} columns passes the limit of {MAX_TABLE_GRID} \
             positions of one DOCX table (a fixed guard, which --max-table-cells can only lower); \
             refused"
        )));
    }
    if positions > budget.left {
        return Err(super::xml::malformed(format!(
            "the tables pass the limit of {} table positions in all (--max-table-cells); refused",
            budget.limit
        )));
    }
    budget.left -= positions;

    let mut cells: Vec<Cell> = Vec::new();
    // For each grid column, the cell covering it in the row above.
    let mut above: Vec<Option<usize>> = vec![None; n_cols];
    let mut current: Vec<Option<usize>> = vec![None; n_cols];
    let mut header_marked = 0;
    let mut counting_header = true;
    for (r, row) in rows.iter().enumerate() {
        counting_header &= row.header;
        header_marked += usize::from(counting_header);
        current.iter_mut().for_each(|c| *c = None);
        let mut col = row.grid_before;
        let mut previous: Option<usize> = None;
        for tc in &row.cells {
            let span = tc.grid_span.max(1);
            let cell_text = text(tc);
            if tc.v_merge == Merge::Continue {
                let anchor = above[col].filter(|&a| {
                    let c = &cells[a];
                    c.col == col && c.col_span == span && c.row + c.row_span == r
                });
                if let Some(a) = anchor {
                    cells[a].row_span += 1;
                    join_text(&mut cells[a], &cell_text, origin, diagnostics);
                    current[col..col + span]
                        .iter_mut()
                        .for_each(|c| *c = Some(a));
                    previous = Some(a);
                    col += span;
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticCode::VmergeWithoutStart,
                        format!(
                            "row {}, column {}: a cell continues a vertical merge that no cell above starts or matches; kept as its own cell",
                            r + 1,
                            col + 1
                        ),
                    )
                    .with_origin(Some(origin.clone())),
                );
            }
            if tc.h_merge == Merge::Continue
                && let Some(p) = previous
                && cells[p].row == r
                && cells[p].row_span == 1
                && cells[p].col + cells[p].col_span == col
            {
                cells[p].col_span += span;
                join_text(&mut cells[p], &cell_text, origin, diagnostics);
                current[col..col + span]
                    .iter_mut()
                    .for_each(|c| *c = Some(p));
                col += span;
                continue;
            }
            cells.push(Cell::spanned(r, col, 1, span, cell_text));
            let index = cells.len() - 1;
            current[col..col + span]
                .iter_mut()
                .for_each(|c| *c = Some(index));
            previous = Some(index);
            col += span;
        }
        // Positions no cell covers (gridBefore, gridAfter, short rows).
        for (c, slot) in current.iter_mut().enumerate() {
            if slot.is_none() {
                cells.push(Cell::new(r, c, ""));
                *slot = Some(cells.len() - 1);
            }
        }
        std::mem::swap(&mut above, &mut current);
    }
    cells.sort_by_key(|c| (c.row, c.col));
    let header_rows = header_rows(&cells, n_rows, header_marked);
    Ok(Some(Table {
        n_rows,
        n_cols,
        header_rows,
        cells,
        repairs: Vec::new(),
        origin: Some(origin.clone()),
        layout: Layout::Exact,
        raw: Default::default(),
    }))
}

/// A continuation cell normally holds one empty paragraph; text in it is
/// kept in the merged cell rather than lost.
fn join_text(anchor: &mut Cell, text: &str, origin: &Origin, diagnostics: &mut Vec<Diagnostic>) {
    if text.trim().is_empty() {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            DiagnosticCode::MergedCellTextJoined,
            format!(
                "a merged-away cell held text {}; it was appended to the merged cell",
                docmend_core::blocks::quote(text)
            ),
        )
        .with_origin(Some(origin.clone())),
    );
    if !anchor.text.is_empty() {
        anchor.text.push('\n');
    }
    anchor.text.push_str(text);
    anchor.value = docmend_core::model::Number::parse(&anchor.text);
}

/// The header: the rows Word repeats on each page (`w:tblHeader`), or else
/// the rows above the first row holding a number, when that is near the
/// top; widened so that no header cell reaches below it.
fn header_rows(cells: &[Cell], n_rows: usize, marked: usize) -> usize {
    let first_numeric = cells
        .iter()
        .filter(|c| c.value.is_some())
        .map(|c| c.row)
        .min()
        .filter(|&r| r <= MAX_GUESSED_HEADER_ROWS && r < n_rows);
    let mut header = marked.max(first_numeric.unwrap_or(0));
    loop {
        let reach = cells
            .iter()
            .filter(|c| c.row < header)
            .map(|c| c.row + c.row_span)
            .max()
            .unwrap_or(0);
        if reach <= header || reach >= n_rows {
            return header;
        }
        header = reach;
    }
}
