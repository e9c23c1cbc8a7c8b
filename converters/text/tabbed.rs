//! Lowers a tabbed table region (Word's plain-text export) into a raw table.
//!
//! Rows are separated by blank lines; a cell is a tab-indented line plus
//! any continuation lines. A vertically merged cell shows up as an empty
//! tab line, which is kept as an empty cell for the repair pass to read.

use super::lines::{Line, is_space};
use docmend_core::model::{Cell, Layout, Origin, Table};

pub fn lower(lines: &[Line<'_>]) -> Table {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    for line in lines {
        if line.is_blank() && !line.text.starts_with('\t') {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
        } else if let Some(cell_text) = line.text.strip_prefix('\t') {
            // Further tabs inside the line separate cells too.
            row.extend(
                cell_text
                    .split('\t')
                    .map(|t| t.trim_matches(is_space).to_string()),
            );
        } else if let Some(last) = row.last_mut() {
            join_wrapped(last, line.trimmed());
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    let first = lines.first().map_or(0, |l| l.number);
    let last = lines.last().map_or(0, |l| l.number);
    // Rows that all hold the same number of cells are the table as Word
    // had it; only rows of different widths show cells lost to merges.
    let mut widths: Vec<usize> = rows.iter().map(Vec::len).collect();
    widths.sort_unstable();
    widths.dedup();
    if widths.len() == 1 && widths[0] >= 2 {
        let header_rows = super::sound::label_rows_on_top(&rows);
        let mut table = raw_table(rows, Layout::Exact, Origin::lines(first, last));
        table.header_rows = header_rows;
        return table;
    }
    let mut table = raw_table(rows, Layout::RowsAsSeen, Origin::lines(first, last));
    let widths: Vec<String> = widths.iter().map(usize::to_string).collect();
    table.raw.damage.push(format!(
        "rows of {} cells in one table (Word's text export drops merged cells)",
        widths.join(", ")
    ));
    table
}

/// The grid `lower` makes of `lines`, as (rows, columns: the widest row),
/// without building its cells.
pub fn measure(lines: &[Line<'_>]) -> (u64, u64) {
    let (mut rows, mut widest, mut width) = (0u64, 0u64, 0u64);
    for line in lines {
        if line.is_blank() && !line.text.starts_with('\t') {
            if width > 0 {
                rows += 1;
                widest = widest.max(width);
                width = 0;
            }
        } else if let Some(cell_text) = line.text.strip_prefix('\t') {
            width += cell_text.matches('\t').count() as u64 + 1;
        }
    }
    if width > 0 {
        rows += 1;
        widest = widest.max(width);
    }
    (rows, widest)
}

/// Appends the continuation of a wrapped cell: CJK text wraps without a
/// space, Latin words need one.
pub fn join_wrapped(cell: &mut String, continuation: &str) {
    let needs_space = cell
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && continuation
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if needs_space {
        cell.push(' ');
    }
    cell.push_str(continuation);
}

/// A table whose cells sit where the export put them: row by row, left to
/// right, no spans. The repair pass turns it into a proper grid.
pub fn raw_table(rows: Vec<Vec<String>>, layout: Layout, origin: Origin) -> Table {
    let n_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let n_rows = rows.len();
    // Sized once: the cells are the bulk of a large table's memory.
    let mut cells = Vec::with_capacity(rows.iter().map(Vec::len).sum());
    for (r, row) in rows.into_iter().enumerate() {
        cells.extend(
            row.into_iter()
                .enumerate()
                .map(|(c, text)| Cell::new(r, c, text)),
        );
    }
    Table {
        n_rows,
        n_cols,
        header_rows: 0,
        cells,
        repairs: Vec::new(),
        origin: Some(origin),
        layout,
        raw: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    #[test]
    fn rows_cells_and_wrapped_cells() {
        let lines = split("\t\n\t商业\n企业\n\t科研\n\n\t　　0\n\t 0");
        let table = lower(&lines);
        assert_eq!(measure(&lines), (2, 3));
        let texts: Vec<_> = table
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (0, 0, ""),
                (0, 1, "商业企业"),
                (0, 2, "科研"),
                (1, 0, "0"),
                (1, 1, "0")
            ]
        );
        assert_eq!(table.layout, Layout::RowsAsSeen);
    }
}
