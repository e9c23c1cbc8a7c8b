//! A grid under construction: places spanned cells, refuses overlaps and
//! fills whatever stays uncovered with empty cells at the end, so that the
//! finished table covers every position exactly once.

use crate::model::Cell;

pub struct Grid {
    n_cols: usize,
    cells: Vec<Cell>,
    /// For each position, the index of the cell covering it.
    cover: Vec<Vec<Option<usize>>>,
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
        while self.cover.len() < rows {
            self.cover.push(vec![None; self.n_cols]);
        }
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
        let free = (row..row + row_span)
            .all(|r| (col..col + col_span).all(|c| self.cover[r][c].is_none()));
        if !free {
            return None;
        }
        let index = self.cells.len();
        self.cells
            .push(Cell::spanned(row, col, row_span, col_span, text));
        for r in row..row + row_span {
            for c in col..col + col_span {
                self.cover[r][c] = Some(index);
            }
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
        if (col..col + col_span).any(|c| self.cover[row][c].is_some()) {
            return false;
        }
        for c in col..col + col_span {
            self.cover[row][c] = Some(index);
        }
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

    /// Finishes the grid: uncovered positions become empty cells; cells are
    /// listed in row-major order of their top-left corners.
    pub fn finish(mut self) -> (usize, usize, Vec<Cell>) {
        for r in 0..self.cover.len() {
            for c in 0..self.n_cols {
                if self.cover[r][c].is_none() {
                    self.cover[r][c] = Some(self.cells.len());
                    self.cells.push(Cell::new(r, c, ""));
                }
            }
        }
        let mut cells = self.cells;
        cells.sort_by_key(|c| (c.row, c.col));
        (self.cover.len(), self.n_cols, cells)
    }
}
