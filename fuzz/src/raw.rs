//! The repair target's input: bytes read as the raw tables a converter
//! hands the repair pass, written as text so that seeds can be written by
//! hand and the fuzzer's mutations stay tables.
//!
//! The bytes are read as UTF-8 (invalid bytes replaced). A line that
//! starts with `#` opens a table (the text before the first such line is a
//! table too, if it has any); its words set how the converter read it:
//!
//! * `exact`, `rows` (the default), `stream` or `aligned`: the table's
//!   [`Layout`] — exact as the format gave it, rows as a damaged text
//!   export showed them, one run of cells without row breaks, or rows and
//!   columns recovered from where the text stands (PDF without rules);
//! * `ruled`, `continues`: the table has a geometry (as a PDF table does),
//!   drawn with ruling lines, and goes on from the table before it on the
//!   next page; `aligned` tables always have a geometry;
//! * `w=N`: the geometry's columns are N points wide (default 50), so that
//!   parts continued over pages can have other column boundaries;
//! * `h=N`: the converter's header rows;
//! * any other words: the damage the converter saw, quoted in repairs.
//!
//! Every following line is a row, its cells separated by `|`. A cell that
//! ends in `@R,C` (R and C of one or two digits) spans R rows and C columns
//! (rows only in exact tables, columns in exact and aligned ones; the
//! others read cells one position each, as their converters do). Cells
//! stand left to right from column 0, each after the columns of the one
//! before; a stream's cells all stand in row 0.

use docmend::model::{Block, Cell, Geometry, Layout, Origin, RawTable, Table};

/// Reads `data` as raw tables, in order; tables without rows are left out.
pub fn read(data: &[u8]) -> Vec<Table> {
    let text = String::from_utf8_lossy(data);
    let mut tables = Vec::new();
    let mut header: Option<&str> = None;
    let mut rows: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if let Some(words) = line.strip_prefix('#') {
            tables.extend(table(header, &rows, tables.len()));
            header = Some(words);
            rows.clear();
        } else {
            rows.push(line.strip_suffix('\r').unwrap_or(line));
        }
    }
    tables.extend(table(header, &rows, tables.len()));
    tables
}

/// The raw tables as the blocks a converter returns.
pub fn blocks(tables: Vec<Table>) -> Vec<Block> {
    tables.into_iter().map(Block::Table).collect()
}

/// How a table was read, from the words of its `#` line.
struct Form {
    layout: Layout,
    ruled: bool,
    continues: bool,
    width: Option<f64>,
    header_rows: usize,
    damage: Vec<String>,
}

impl Form {
    fn parse(words: Option<&str>) -> Form {
        let mut form = Form {
            layout: Layout::RowsAsSeen,
            ruled: false,
            continues: false,
            width: None,
            header_rows: 0,
            damage: Vec::new(),
        };
        for word in words.unwrap_or("").split_whitespace() {
            match word {
                "exact" => form.layout = Layout::Exact,
                "rows" => form.layout = Layout::RowsAsSeen,
                "stream" => form.layout = Layout::Stream,
                "aligned" => form.layout = Layout::Aligned,
                "ruled" => form.ruled = true,
                "continues" => form.continues = true,
                _ => {
                    if let Some(n) = word.strip_prefix("w=").and_then(small_number) {
                        form.width = Some(n.max(1) as f64);
                    } else if let Some(n) = word.strip_prefix("h=").and_then(small_number) {
                        form.header_rows = n;
                    } else {
                        form.damage.push(word.to_string());
                    }
                }
            }
        }
        form
    }

    fn has_geometry(&self) -> bool {
        self.layout == Layout::Aligned || self.ruled || self.continues || self.width.is_some()
    }
}

/// A number of one or two digits.
fn small_number(text: &str) -> Option<usize> {
    (!text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A cell's text and spans: `text@R,C`.
fn spans(cell: &str) -> (&str, usize, usize) {
    if let Some((text, spans)) = cell.rsplit_once('@')
        && let Some((r, c)) = spans.split_once(',')
        && let (Some(r), Some(c)) = (small_number(r), small_number(c))
    {
        return (text, r.max(1), c.max(1));
    }
    (cell, 1, 1)
}

fn table(words: Option<&str>, lines: &[&str], index: usize) -> Option<Table> {
    if lines.is_empty() || (words.is_none() && lines.iter().all(|l| l.is_empty())) {
        return None;
    }
    let form = Form::parse(words);
    let mut cells = Vec::new();
    let (mut n_rows, mut n_cols) = (0, 0);
    let mut stream_col = 0;
    for (row, line) in lines.iter().enumerate() {
        let mut col = 0;
        for piece in line.split('|') {
            let (text, row_span, col_span) = spans(piece);
            let (row_span, col_span) = match form.layout {
                Layout::Exact => (row_span, col_span),
                Layout::Aligned => (1, col_span),
                _ => (1, 1),
            };
            let (r, c) = if form.layout == Layout::Stream {
                stream_col += 1;
                (0, stream_col - 1)
            } else {
                (row, col)
            };
            cells.push(Cell::spanned(r, c, row_span, col_span, text));
            col += col_span;
            n_rows = n_rows.max(r + row_span);
            n_cols = n_cols.max(c + col_span);
        }
    }
    let geometry = form.has_geometry().then(|| {
        let width = form.width.unwrap_or(50.0);
        Box::new(Geometry {
            columns: (0..=n_cols).map(|c| 50.0 + width * c as f64).collect(),
            rows: (0..=n_rows).map(|r| 800.0 - 20.0 * r as f64).collect(),
            ruled: form.ruled,
            continues_previous: form.continues,
        })
    });
    let damage = if form.damage.is_empty() && form.layout != Layout::Exact {
        vec!["rows of different widths".to_string()]
    } else {
        form.damage
    };
    Some(Table {
        n_rows,
        n_cols,
        header_rows: form.header_rows.min(n_rows),
        cells,
        repairs: Vec::new(),
        // One page per table, for the repairs that name the page.
        origin: Some(Origin {
            page: Some(index as u32 + 1),
            ..Origin::default()
        }),
        layout: form.layout,
        raw: RawTable {
            damage,
            geometry,
            wrapped: Vec::new(),
        },
    })
}
