//! Helpers shared by the integration tests.

use docmend::model::{Document, Table};
use std::collections::BTreeMap;

/// A grid as rows of strings: each cell's text at its top-left position,
/// `<` where the cell to the left spans over, `^` where the cell above
/// spans down, `?` where nothing covers a position. This is the form the
/// hand-written expected outputs use.
pub fn span_grid<'a>(
    n_rows: usize,
    n_cols: usize,
    cells: impl IntoIterator<Item = (usize, usize, usize, usize, &'a str)>,
) -> Vec<Vec<String>> {
    let mut grid = vec![vec![String::from("?"); n_cols]; n_rows];
    for (row, col, row_span, col_span, text) in cells {
        for (r, grid_row) in grid.iter_mut().enumerate().skip(row).take(row_span) {
            for (c, slot) in grid_row.iter_mut().enumerate().skip(col).take(col_span) {
                *slot = if (r, c) == (row, col) {
                    text.to_string()
                } else if r == row {
                    "<".to_string()
                } else {
                    "^".to_string()
                };
            }
        }
    }
    grid
}

#[allow(dead_code)]
pub fn table_grid(table: &Table) -> Vec<Vec<String>> {
    span_grid(
        table.n_rows,
        table.n_cols,
        table
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.as_str())),
    )
}

/// The profile's figures of a document that must be an annual report.
#[allow(dead_code)]
pub fn statistics(doc: &Document) -> BTreeMap<String, f64> {
    doc.profile
        .as_ref()
        .expect("recognised as an annual report")
        .statistics
        .iter()
        .map(|(k, v)| (k.clone(), v.0))
        .collect()
}

/// The failed checks of an annual report, one sortable line each.
#[allow(dead_code)]
pub fn failed_checks(doc: &Document) -> Vec<String> {
    let mut failed: Vec<String> = doc
        .profile
        .as_ref()
        .expect("recognised as an annual report")
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| {
            format!(
                "{} {:?} {:?} {} {}",
                c.rule, c.row, c.column, c.expected.0, c.found.0
            )
        })
        .collect();
    failed.sort();
    failed
}
