//! Helpers shared by the integration tests.

use docmend::model::Table;

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
