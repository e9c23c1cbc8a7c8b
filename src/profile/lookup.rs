//! Position lookup over a table's spanned cells: which cell covers a grid
//! position, and the texts that label a row or a column.

use super::printed;
use crate::model::{Cell, Table};

pub struct Lookup<'a> {
    pub table: &'a Table,
    cover: Vec<Option<usize>>,
}

impl<'a> Lookup<'a> {
    pub fn new(table: &'a Table) -> Lookup<'a> {
        let mut cover = vec![None; table.n_rows * table.n_cols];
        for (index, cell) in table.cells.iter().enumerate() {
            for r in cell.row..(cell.row + cell.row_span).min(table.n_rows) {
                for c in cell.col..(cell.col + cell.col_span).min(table.n_cols) {
                    cover[r * table.n_cols + c] = Some(index);
                }
            }
        }
        Lookup { table, cover }
    }

    /// The cell covering a position.
    pub fn at(&self, row: usize, col: usize) -> Option<&'a Cell> {
        if row >= self.table.n_rows || col >= self.table.n_cols {
            return None;
        }
        self.cover[row * self.table.n_cols + col].map(|i| &self.table.cells[i])
    }

    /// The cell whose top-left corner is this position (a value cell of
    /// this row, not one spanning down from above).
    pub fn anchored(&self, row: usize, col: usize) -> Option<&'a Cell> {
        self.at(row, col).filter(|c| c.row == row && c.col == col)
    }

    /// The position of the cell of `row` among `cols` whose text `text`
    /// is (the very string, as a placement hands back the texts it was
    /// given), for recording where a placed figure was read.
    pub fn position_of(
        &self,
        row: usize,
        cols: std::ops::Range<usize>,
        text: &str,
    ) -> Option<(usize, usize)> {
        cols.into_iter().find_map(|col| {
            self.anchored(row, col)
                .filter(|cell| std::ptr::eq(cell.text.as_str(), text))
                .map(|cell| (cell.row, cell.col))
        })
    }

    /// The distinct non-empty texts covering `row` in columns `cols`, left
    /// to right: the row's label path (`三、本年度办理结果`, `(三)不予公开`,
    /// `1.属于国家秘密`).
    pub fn row_labels(&self, row: usize, cols: std::ops::Range<usize>) -> Vec<&'a str> {
        let mut labels: Vec<&'a Cell> = Vec::new();
        for col in cols {
            if let Some(cell) = self.at(row, col)
                && !cell.text.trim().is_empty()
                && !labels.iter().any(|l| std::ptr::eq(*l, cell))
            {
                labels.push(cell);
            }
        }
        labels.into_iter().map(|c| c.text.as_str()).collect()
    }

    /// The texts covering `col` in the header rows, top to bottom.
    pub fn column_labels(&self, col: usize, header_rows: usize) -> Vec<&'a str> {
        let mut labels: Vec<&'a Cell> = Vec::new();
        for row in 0..header_rows {
            if let Some(cell) = self.at(row, col)
                && !labels.iter().any(|l| std::ptr::eq(*l, cell))
            {
                labels.push(cell);
            }
        }
        labels.into_iter().map(|c| c.text.as_str()).collect()
    }

    /// Rows above the first row holding a number: the header, when the
    /// table does not say.
    pub fn header_rows(&self) -> usize {
        if self.table.header_rows > 0 {
            return self.table.header_rows;
        }
        self.table
            .cells
            .iter()
            .filter(|c| printed::of_cell(c).is_some())
            .map(|c| c.row)
            .min()
            .unwrap_or(0)
    }
}
