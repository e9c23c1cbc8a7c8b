//! A grid under construction: places spanned cells, refuses overlaps and
//! fills whatever stays uncovered with empty cells at the end, so that the
//! finished table covers every position exactly once.
//!
//! Each row keeps the column ranges its cells cover, not one slot per
//! position: a rebuild can lay a few thousand cells, spanned wide, over
//! millions of positions, and only the cells it places cost memory until
//! [`Grid::finish`] (which the caller may decline by the grid's
//! [`Grid::positions`]).

use crate::model::Cell;

pub struct Grid {
    n_cols: usize,
    cells: Vec<Cell>,
    /// For each row, the column ranges covered, as (first column, one past
    /// the last), sorted and disjoint.
    cover: Vec<Vec<(usize, usize)>>,
}

impl Grid {
    pub fn new(n_cols: usize) -> Grid {
        Grid {
            n_cols,
            cells: Vec::new(),
            cover: Vec::new(),
        }
    }

    fn ensure_rows(&mut self, rows: usize) {
        if self.cover.len() < rows {
            self.cover.resize_with(rows, Vec::new);
        }
    }

    /// Whether columns `col..end` of `row` are covered by no cell.
    fn free(&self, row: usize, col: usize, end: usize) -> bool {
        let ranges = &self.cover[row];
        // The first range that ends after `col` is the only one that can
        // reach into `col..end` from the left or start inside it.
        let i = ranges.partition_point(|&(_, stop)| stop <= col);
        ranges.get(i).is_none_or(|&(start, _)| start >= end)
    }

    fn cover(&mut self, row: usize, col: usize, end: usize) {
        let ranges = &mut self.cover[row];
        let i = ranges.partition_point(|&(start, _)| start < col);
        ranges.insert(i, (col, end));
    }

    /// Places a cell; returns its index, or `None` if it would leave the
    /// grid or overlap a placed cell.
    pub fn place(
        &mut self,
        row: usize,
        col: usize,
        row_span: usize,
        col_span: usize,
        text: &str,
    ) -> Option<usize> {
        if row_span == 0 || col_span == 0 || col + col_span > self.n_cols {
            return None;
        }
        self.ensure_rows(row + row_span);
        let end = col + col_span;
        if !(row..row + row_span).all(|r| self.free(r, col, end)) {
            return None;
        }
        let index = self.cells.len();
        self.cells
            .push(Cell::spanned(row, col, row_span, col_span, text));
        for r in row..row + row_span {
            self.cover(r, col, end);
        }
        Some(index)
    }

    /// Makes the grid at least `rows` rows tall (trailing empty rows of a
    /// table are part of it).
    pub fn ensure_height(&mut self, rows: usize) {
        self.ensure_rows(rows);
    }

    /// Grows a placed cell down by one row, if the positions are free.
    pub fn extend_down(&mut self, index: usize) -> bool {
        let cell = &self.cells[index];
        let (row, col_span, col) = (cell.row + cell.row_span, cell.col_span, cell.col);
        self.ensure_rows(row + 1);
        if !self.free(row, col, col + col_span) {
            return false;
        }
        self.cover(row, col, col + col_span);
        self.cells[index].row_span += 1;
        true
    }

    pub fn cell(&self, index: usize) -> &Cell {
        &self.cells[index]
    }

    /// How many rows the grid has so far.
    pub fn rows(&self) -> usize {
        self.cover.len()
    }

    /// Opens an empty row at the bottom and returns its index.
    pub fn push_row(&mut self) -> usize {
        let row = self.cover.len();
        self.ensure_rows(row + 1);
        row
    }

    /// The positions of the finished grid: rows × columns.
    pub fn positions(&self) -> usize {
        self.cover.len().saturating_mul(self.n_cols)
    }

    /// Finishes the grid: uncovered positions become empty cells; cells are
    /// listed in row-major order of their top-left corners.
    pub fn finish(self) -> (usize, usize, Vec<Cell>) {
        let Grid {
            n_cols,
            mut cells,
            cover,
        } = self;
        for (r, ranges) in cover.iter().enumerate() {
            let mut next = 0;
            for &(start, stop) in ranges.iter().chain([&(n_cols, n_cols)]) {
                cells.extend((next..start).map(|c| Cell::new(r, c, "")));
                next = stop;
            }
        }
        cells.sort_by_key(|c| (c.row, c.col));
        (cover.len(), n_cols, cells)
    }
}
