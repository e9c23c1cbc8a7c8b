//! Lowers the rows of a delimited file into one exact table: as wide as
//! the widest row, short rows padded with empty cells, numbers typed by
//! the model, and header rows when the top rows read as a header.
//!
//! The grid is the file's own: the repair pass only checks that it is
//! whole. Rows of different widths are normal in real files and are
//! reported, not repaired.

use super::read::Rows;
use docmend_core::model::{Cell, Diagnostic, DiagnosticCode, Layout, Number, Origin, Table};

/// At most this many rows at the top are taken for a header.
const MAX_HEADER_ROWS: usize = 6;

/// How many distinct row widths the `ragged_rows` message spells out.
const MAX_LISTED_WIDTHS: usize = 6;

/// The table of `rows` and the diagnostics about its shape.
pub fn lower(rows: Rows) -> (Table, Vec<Diagnostic>) {
    let origin = Some(Origin::lines(rows.first_line, rows.last_line));
    let mut diagnostics = Vec::new();
    if let Some(message) = ragged_message(&rows.rows, rows.width) {
        diagnostics
            .push(Diagnostic::new(DiagnosticCode::RaggedRows, message).with_origin(origin.clone()));
    }
    if rows.empty_rows > 0 {
        let lines: Vec<String> = rows.empty_row_lines.iter().map(usize::to_string).collect();
        let more = if rows.empty_rows > lines.len() {
            ", …"
        } else {
            ""
        };
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::EmptyRowsSkipped,
                format!(
                    "{} {} of delimiters without values left out ({} {}{more})",
                    rows.empty_rows,
                    if rows.empty_rows == 1 { "row" } else { "rows" },
                    if lines.len() == 1 { "line" } else { "lines" },
                    lines.join(", ")
                ),
            )
            .with_origin(origin.clone()),
        );
    }
    if let Some(line) = rows.unclosed_quote {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::UnclosedQuote,
                format!(
                    "a quoted field opened on line {line} is never closed: \
                     lines {line} to {} were read as that one field",
                    rows.last_line
                ),
            )
            .with_origin(Some(Origin::lines(line, rows.last_line))),
        );
    }

    let header_rows = header_rows(&rows.rows);
    let n_rows = rows.rows.len();
    let n_cols = rows.width;
    let mut cells = Vec::with_capacity(n_rows * n_cols);
    for (r, row) in rows.rows.into_iter().enumerate() {
        let short = n_cols - row.len();
        for (c, text) in row.into_iter().enumerate() {
            cells.push(Cell::new(r, c, text));
        }
        cells.extend((n_cols - short..n_cols).map(|c| Cell::new(r, c, "")));
    }
    let table = Table {
        n_rows,
        n_cols,
        header_rows,
        cells,
        repairs: Vec::new(),
        origin,
        layout: Layout::Exact,
        raw: Default::default(),
    };
    (table, diagnostics)
}

/// How many rows at the top are a header: the rows above the first row
/// holding a number, when there are at most [`MAX_HEADER_ROWS`] of them
/// and some column below them holds numbers in most rows. A first row of
/// numbers, or a table of words only, has no header to tell. Several rows
/// are what a spreadsheet with a merged header gives when saved as CSV.
fn header_rows(rows: &[Vec<String>]) -> usize {
    let is_number = |text: &String| Number::parse(text).is_some();
    let Some(header) = rows.iter().position(|row| row.iter().any(is_number)) else {
        return 0;
    };
    let below = &rows[header..];
    if header == 0 || header > MAX_HEADER_ROWS {
        return 0;
    }
    // Every column counts, also those the header is too short to name.
    let width = below.iter().map(Vec::len).max().unwrap_or(0);
    let numbers_in_most_rows = (0..width).any(|col| {
        let numbers = below
            .iter()
            .filter(|row| row.get(col).is_some_and(is_number))
            .count();
        numbers * 2 > below.len()
    });
    if numbers_in_most_rows { header } else { 0 }
}

/// `rows of 3 to 5 fields (1 of 3, 4 of 4, 1 of 5); …`, or nothing when
/// every row has the same width.
fn ragged_message(rows: &[Vec<String>], width: usize) -> Option<String> {
    let mut widths: Vec<(usize, usize)> = Vec::new();
    for row in rows {
        match widths.iter_mut().find(|(w, _)| *w == row.len()) {
            Some((_, n)) => *n += 1,
            None => widths.push((row.len(), 1)),
        }
    }
    if widths.len() < 2 {
        return None;
    }
    widths.sort_unstable();
    let narrowest = widths[0].0;
    let mut counts: Vec<String> = widths
        .iter()
        .take(MAX_LISTED_WIDTHS)
        .map(|(w, n)| format!("{n} of {w}"))
        .collect();
    if widths.len() > MAX_LISTED_WIDTHS {
        counts.push("…".to_string());
    }
    let short = rows.iter().filter(|r| r.len() < width).count();
    let (noun, verb) = if short == 1 {
        ("row", "ends")
    } else {
        ("rows", "end")
    };
    Some(format!(
        "rows of {narrowest} to {width} fields ({}); the table is {width} columns wide \
         and the {short} shorter {noun} {verb} in empty cells",
        counts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use docmend_core::model::Severity;

    fn rows(grid: &[&[&str]]) -> Rows {
        let rows: Vec<Vec<String>> = grid
            .iter()
            .map(|r| r.iter().map(|t| t.to_string()).collect())
            .collect();
        Rows {
            width: rows.iter().map(Vec::len).max().unwrap_or(0),
            first_line: 1,
            last_line: rows.len(),
            rows,
            ..Rows::default()
        }
    }

    fn texts(table: &Table) -> Vec<Vec<&str>> {
        let mut grid = vec![vec!["?"; table.n_cols]; table.n_rows];
        for cell in &table.cells {
            grid[cell.row][cell.col] = &cell.text;
        }
        grid
    }

    #[test]
    fn short_rows_are_padded_and_reported() {
        let (table, diagnostics) = lower(rows(&[&["1", "2", "3"], &["a", "b", "c", "d"]]));
        assert_eq!((table.n_rows, table.n_cols), (2, 4));
        assert_eq!(texts(&table), [["1", "2", "3", ""], ["a", "b", "c", "d"]]);
        assert_eq!(table.cells.len(), 8);
        assert_eq!(table.layout, Layout::Exact);
        assert_eq!(table.origin, Some(Origin::lines(1, 2)));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, DiagnosticCode::RaggedRows);
        assert_eq!(
            diagnostics[0].message,
            "rows of 3 to 4 fields (1 of 3, 1 of 4); the table is 4 columns wide \
             and the 1 shorter row ends in empty cells"
        );
    }

    #[test]
    fn numbers_are_typed_by_the_model() {
        let (table, diagnostics) = lower(rows(&[&["地区", "人口"], &["北京", "2,184"]]));
        assert!(diagnostics.is_empty());
        let values: Vec<Option<f64>> = table.cells.iter().map(|c| c.value.map(|v| v.0)).collect();
        assert_eq!(values, [None, None, None, Some(2184.0)]);
    }

    #[test]
    fn a_header_is_words_over_a_column_of_numbers() {
        let header = |grid: &[&[&str]]| lower(rows(grid)).0.header_rows;
        assert_eq!(header(&[&["a", "b"], &["x", "1"], &["y", "2"]]), 1);
        assert_eq!(header(&[&["a", ""], &["x", "1"], &["y", "2"]]), 1);
        // A column of mostly numbers the header row is too short to name.
        assert_eq!(header(&[&["title"], &["x", "1"], &["y", "2"]]), 1);
        // Numbers in the first row: data, or a header of years; not told.
        assert_eq!(header(&[&["a", "2020"], &["x", "1"], &["y", "2"]]), 0);
        // No column of numbers in most rows below.
        assert_eq!(
            header(&[&["a", "b"], &["x", "1"], &["y", "z"], &["w", "v"]]),
            0
        );
        assert_eq!(header(&[&["a", "b"], &["c", "d"]]), 0);
        // One row alone.
        assert_eq!(header(&[&["a", "b"]]), 0);
        assert_eq!(header(&[&["1", "2"]]), 0);
    }

    #[test]
    fn a_merged_header_saved_as_csv_is_several_rows() {
        let header = |grid: &[&[&str]]| lower(rows(grid)).0.header_rows;
        let grid: &[&[&str]] = &[
            &["项目", "申请人情况", "", ""],
            &["", "自然人", "法人或其他组织", "总计"],
            &["新收", "6", "0", "6"],
            &["结转", "2", "0", "2"],
        ];
        assert_eq!(header(grid), 2);
        // Too many rows without numbers above the first number: no header.
        let mut long: Vec<&[&str]> = vec![&["a", "b"]; MAX_HEADER_ROWS + 1];
        long.extend([&["x", "1"][..], &["y", "2"]]);
        assert_eq!(header(&long), 0);
        long.remove(0);
        assert_eq!(header(&long), MAX_HEADER_ROWS);
    }

    #[test]
    fn empty_rows_and_unclosed_quotes_are_reported() {
        let mut input = rows(&[&["a", "b"], &["1", "2"]]);
        input.empty_rows = 12;
        input.empty_row_lines = (3..13).collect();
        input.unclosed_quote = Some(2);
        let (_, diagnostics) = lower(input);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["empty_rows_skipped", "unclosed_quote"]);
        assert_eq!(
            diagnostics[0].message,
            "12 rows of delimiters without values left out \
             (lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, …)"
        );
        assert_eq!(diagnostics[1].severity, Severity::Warning);
    }
}
