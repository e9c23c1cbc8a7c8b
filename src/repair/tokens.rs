//! Reads a raw table back as a stream of classified cells, remembering
//! where the export broke rows.

use crate::model::{Layout, Number, Table};
use crate::numbering::{self, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Empty,
    Number,
    /// `-`, `—`, `/`: stands where a number would, meaning none.
    Placeholder,
    Label,
}

impl Kind {
    /// Cells that may stand in a value column.
    pub fn is_value_like(self) -> bool {
        !matches!(self, Kind::Label)
    }
}

#[derive(Debug, Clone)]
pub struct Token {
    pub text: String,
    pub kind: Kind,
    /// The export started a new row at this cell.
    pub row_start: bool,
    /// Column index in the export's row.
    pub seen_col: usize,
    /// Row index in the export.
    pub seen_row: usize,
}

impl Token {
    /// The numbering style of a label (`一、` → CjkComma), if any.
    pub fn style(&self) -> Option<Style> {
        if self.kind == Kind::Label {
            numbering::parse(&self.text).map(|n| n.style)
        } else {
            None
        }
    }
}

pub fn classify(text: &str) -> Kind {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Kind::Empty
    } else if Number::parse(trimmed).is_some() {
        Kind::Number
    } else if trimmed
        .chars()
        .all(|c| matches!(c, '-' | '—' | '–' | '－' | '/' | '／'))
    {
        Kind::Placeholder
    } else {
        Kind::Label
    }
}

/// The table's cells in reading order. For [`Layout::Stream`] only the
/// first cell starts a row.
pub fn read(table: &Table) -> Vec<Token> {
    let mut cells: Vec<_> = table.cells.iter().collect();
    cells.sort_by_key(|c| (c.row, c.col));
    let mut tokens = Vec::with_capacity(cells.len());
    let mut last_row = None;
    for cell in cells {
        let row_start = match table.layout {
            Layout::Stream => last_row.is_none(),
            _ => last_row != Some(cell.row),
        };
        last_row = Some(cell.row);
        tokens.push(Token {
            kind: classify(&cell.text),
            text: cell.text.clone(),
            row_start,
            seen_col: cell.col,
            seen_row: cell.row,
        });
    }
    tokens
}
