//! A table's cells laid out on its grid, as every writer needs them: which
//! cell starts at each position, and which positions a span covers.

use crate::model::{Cell, Table};

/// What stands at one grid position.
#[derive(Debug, Clone, Copy)]
pub enum Slot<'a> {
    /// The top-left position of a cell.
    Start(&'a Cell),
    /// A position covered by the span of the cell that starts elsewhere.
    Covered,
    /// A position no cell covers (only in a table that is not whole).
    Empty,
}

/// The grid of a table.
pub struct Grid<'a> {
    pub rows: usize,
    pub cols: usize,
    slots: Vec<Slot<'a>>,
    /// Whether any cell spans more than one row or column.
    pub spanned: bool,
}

impl<'a> Grid<'a> {
    pub fn of(table: &'a Table) -> Grid<'a> {
        let (rows, cols) = (table.n_rows, table.n_cols);
        let mut slots = vec![Slot::Empty; rows.saturating_mul(cols)];
        let mut spanned = false;
        for cell in &table.cells {
            if cell.row >= rows || cell.col >= cols {
                continue;
            }
            let row_end = cell.row.saturating_add(cell.row_span.max(1)).min(rows);
            let col_end = cell.col.saturating_add(cell.col_span.max(1)).min(cols);
            spanned |= row_end - cell.row > 1 || col_end - cell.col > 1;
            for row in cell.row..row_end {
                for col in cell.col..col_end {
                    slots[row * cols + col] = Slot::Covered;
                }
            }
            slots[cell.row * cols + cell.col] = Slot::Start(cell);
        }
        Grid {
            rows,
            cols,
            slots,
            spanned,
        }
    }

    pub fn at(&self, row: usize, col: usize) -> Slot<'a> {
        self.slots[row * self.cols + col]
    }

    /// The cells starting in `row`, left to right.
    pub fn starts_in(&self, row: usize) -> impl Iterator<Item = &'a Cell> + '_ {
        (0..self.cols).filter_map(move |col| match self.at(row, col) {
            Slot::Start(cell) => Some(cell),
            _ => None,
        })
    }

    /// The text at each position of `row`: a cell's text where it starts,
    /// empty elsewhere.
    pub fn row_texts(&self, row: usize) -> Vec<&'a str> {
        (0..self.cols)
            .map(|col| match self.at(row, col) {
                Slot::Start(cell) => cell.text.as_str(),
                _ => "",
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_their_positions() {
        let table = super::super::tests::table(
            2,
            3,
            1,
            vec![
                Cell::spanned(0, 0, 2, 1, "项目"),
                Cell::spanned(0, 1, 1, 2, "数量"),
                Cell::new(1, 1, "1"),
                Cell::new(1, 2, "2"),
            ],
        );
        let grid = Grid::of(&table);
        assert!(grid.spanned);
        assert!(matches!(grid.at(1, 0), Slot::Covered));
        assert!(matches!(grid.at(0, 2), Slot::Covered));
        assert_eq!(grid.row_texts(0), ["项目", "数量", ""]);
        assert_eq!(grid.row_texts(1), ["", "1", "2"]);
        assert_eq!(grid.starts_in(1).count(), 2);
    }
}
