//! Lowers a parsed sheet into model blocks: a level-1 heading with the
//! sheet's name, then each block that `regions` found, in reading order. A
//! block of one value (a title line, a note) and a row of text becomes a
//! paragraph (a paragraph per line when the cell holds prose over several
//! lines); any other block becomes an exact table whose merged regions are
//! spanned cells.
//! The sheet's charts follow, each as a caption paragraph and an exact
//! table of the figures it plots.
//!
//! A table's grid is its block's rectangle: every position is covered by
//! exactly one cell (empty ones fill the gaps). A blank spacer row kept by
//! `regions` stays in the grid, as the sheet shows it.

use super::charts::Chart;
use super::read::{Rect, Sheet};
use super::regions::{self, Item, ItemNotes, Part};
use super::text_rows;
use docmend_core::model::{
    Block, Cell, Diagnostic, DiagnosticCode, Heading, Layout, Origin, Paragraph, Table,
};

/// Error values named one by one in a diagnostic before "…".
const ERRORS_LISTED: usize = 5;

/// How many table grid positions (cells, empty ones included) the
/// workbook may produce in all (`Limits::max_table_cells`), and how many
/// are left.
#[derive(Debug, Clone, Copy)]
pub struct GridBudget {
    pub limit: u64,
    pub left: usize,
}

impl GridBudget {
    pub fn new(limit: u64) -> GridBudget {
        GridBudget {
            limit,
            left: usize::try_from(limit).unwrap_or(usize::MAX),
        }
    }

    /// What a table too large for the rest of the budget is told.
    fn refusal(&self) -> String {
        format!(
            "more than the {} left of the limit of {} table positions of the workbook \
             (--max-table-cells)",
            self.left, self.limit
        )
    }
}

/// Lowers one sheet, appending its blocks and diagnostics. `grid_budget`
/// holds the number of table grid positions the workbook may still produce:
/// each position becomes a cell in the output, so a sparse but huge region
/// (values in A1 and in Z100000 joined by a merge, say) is refused rather
/// than filled with millions of empty cells.
pub fn lower_sheet(
    mut sheet: Sheet,
    grid_budget: &mut GridBudget,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let sheet_origin = Some(Origin {
        sheet: Some(sheet.name.clone()),
        ..Origin::default()
    });
    if let Some(state) = sheet.hidden {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::HiddenSheet,
                format!(
                    "sheet '{}' is {state} in the workbook; its content is included",
                    sheet.name
                ),
            )
            .with_origin(sheet_origin.clone()),
        );
    }
    if sheet.cells.is_empty() && sheet.charts.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::EmptySheet,
                format!("sheet '{}' holds no values and was left out", sheet.name),
            )
            .with_origin(sheet_origin),
        );
        return;
    }
    if !sheet.errors.is_empty() {
        diagnostics.push(error_values(&sheet).with_origin(sheet_origin.clone()));
    }
    blocks.push(Block::Heading(Heading {
        links: Vec::new(),
        level: 1,
        numbering: None,
        text: sheet.name.clone(),
        origin: sheet_origin.clone(),
    }));

    let (items, notes) = regions::items(&sheet.cells, &sheet.merges);
    if let Some(diagnostic) = merge_notes(&notes, &sheet.name) {
        diagnostics.push(diagnostic.with_origin(sheet_origin.clone()));
    }
    sheet.merges = Vec::new();
    let parts = regions::blocks(items, &sheet.cells);
    let tables = parts.iter().filter(|p| matches!(p, Part::Table(_))).count();
    let mut text_rows = Vec::new();
    let mut split_cells = Vec::new();
    for part in parts {
        match part {
            Part::Paragraph { item, text_row } => {
                let text = item
                    .cell
                    .map(|i| std::mem::take(&mut sheet.cells[i as usize].text))
                    .unwrap_or_default();
                let origin = origin(&sheet.name, item.rect);
                if text_row {
                    text_rows.push(item.rect);
                }
                let lines = prose_lines(&text);
                if lines.len() > 1 {
                    split_cells.push((item.rect, lines.len()));
                    for line in lines {
                        blocks.push(Block::Paragraph(Paragraph::new(line, Some(origin.clone()))));
                    }
                } else {
                    blocks.push(Block::Paragraph(Paragraph::new(text, Some(origin))));
                }
            }
            Part::Table(items) => {
                if let Some(table) = lower_table(&mut sheet, &items, grid_budget, diagnostics) {
                    blocks.push(Block::Table(table));
                }
            }
        }
    }
    if !text_rows.is_empty() {
        diagnostics.push(
            text_rows_read(&sheet.name, &text_rows, tables).with_origin(sheet_origin.clone()),
        );
    }
    if !split_cells.is_empty() {
        diagnostics.push(cells_split(&sheet.name, &split_cells).with_origin(sheet_origin.clone()));
    }
    if !sheet.charts.is_empty() {
        let count = sheet.charts.len();
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::ChartsRead,
                format!(
                    "sheet '{}': {count} chart{} read, each as a caption and a table of the \
                     figures it plots (values that repeat cells of the workbook)",
                    sheet.name,
                    if count == 1 { "" } else { "s" }
                ),
            )
            .with_origin(sheet_origin),
        );
    }
    for chart in std::mem::take(&mut sheet.charts) {
        lower_chart(&sheet.name, chart, grid_budget, blocks, diagnostics);
    }
}

/// A chart becomes a paragraph naming its kind and title, then, when it
/// plots any figures, a table of them: a header row with the series'
/// names, then one row per category (or x value) with its values.
fn lower_chart(
    sheet: &str,
    chart: Chart,
    grid_budget: &mut GridBudget,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let origin = origin(sheet, chart.anchor);
    let caption = match &chart.title {
        Some(title) => format!("{}: {title}", chart.kind),
        None => chart.kind.to_string(),
    };
    blocks.push(Block::Paragraph(Paragraph {
        links: Vec::new(),
        text: caption,
        origin: Some(origin.clone()),
    }));
    let mut points: Vec<u32> = chart
        .categories
        .iter()
        .map(|(i, _)| *i)
        .chain(
            chart
                .series
                .iter()
                .flat_map(|s| s.values.iter().map(|(i, _)| *i)),
        )
        .collect();
    points.sort_unstable();
    points.dedup();
    if points.is_empty() || chart.series.is_empty() {
        return;
    }
    let (n_rows, n_cols) = (points.len() + 1, chart.series.len() + 1);
    let positions = n_rows.saturating_mul(n_cols);
    if positions > grid_budget.left {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::TableTooLarge,
                format!(
                    "sheet '{sheet}': the data of the chart at {} spans {n_rows} × {n_cols} grid \
                     positions, {}; it was left out",
                    origin.range.as_deref().unwrap_or(""),
                    grid_budget.refusal()
                ),
            )
            .with_origin(Some(origin)),
        );
        return;
    }
    grid_budget.left -= positions;
    let at = |list: &[(u32, String)], point: u32| {
        list.binary_search_by_key(&point, |(i, _)| *i)
            .map(|k| list[k].1.clone())
            .unwrap_or_default()
    };
    let mut cells = Vec::with_capacity(positions);
    cells.push(Cell::new(0, 0, ""));
    for (col, series) in chart.series.iter().enumerate() {
        cells.push(Cell::new(0, col + 1, series.name.as_str()));
    }
    for (row, &point) in points.iter().enumerate() {
        cells.push(Cell::new(row + 1, 0, at(&chart.categories, point)));
        for (col, series) in chart.series.iter().enumerate() {
            cells.push(Cell::new(row + 1, col + 1, at(&series.values, point)));
        }
    }
    blocks.push(Block::Table(Table {
        n_rows,
        n_cols,
        header_rows: 1,
        cells,
        repairs: Vec::new(),
        origin: Some(origin),
        layout: Layout::Exact,
        raw: Default::default(),
    }));
}

fn lower_table(
    sheet: &mut Sheet,
    items: &[Item],
    grid_budget: &mut GridBudget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let bounds = items.iter().fold(
        Rect {
            top: u32::MAX,
            left: u32::MAX,
            bottom: 0,
            right: 0,
        },
        |b, i| Rect {
            top: b.top.min(i.rect.top),
            left: b.left.min(i.rect.left),
            bottom: b.bottom.max(i.rect.bottom),
            right: b.right.max(i.rect.right),
        },
    );
    let origin = origin(&sheet.name, bounds);
    let n_rows = (bounds.bottom - bounds.top + 1) as usize;

    // A block is connected (see `regions`), so every column of its
    // rectangle holds part of it: there are no blank columns to drop.
    let n_cols = (bounds.right - bounds.left + 1) as usize;

    let positions = n_rows.saturating_mul(n_cols);
    if positions > grid_budget.left {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::TableTooLarge,
                format!(
                    "sheet '{}': the table at {} spans {n_rows} × {n_cols} grid positions, \
                     {}; it was left out",
                    sheet.name,
                    origin.range.as_deref().unwrap_or(""),
                    grid_budget.refusal()
                ),
            )
            .with_origin(Some(origin)),
        );
        return None;
    }
    grid_budget.left -= positions;
    let mut covered = vec![false; positions];
    let mut cells = Vec::with_capacity(items.len());
    let mut row_used = vec![false; n_rows];
    for item in items {
        let row = (item.rect.top - bounds.top) as usize;
        let row_span = (item.rect.bottom - item.rect.top + 1) as usize;
        let col = (item.rect.left - bounds.left) as usize;
        let col_span = (item.rect.right - item.rect.left + 1) as usize;
        for r in row..row + row_span {
            row_used[r] = true;
            covered[r * n_cols + col..r * n_cols + col + col_span].fill(true);
        }
        let text = item
            .cell
            .map(|i| std::mem::take(&mut sheet.cells[i as usize].text))
            .unwrap_or_default();
        cells.push(Cell::spanned(row, col, row_span, col_span, text));
    }
    for (at, _) in covered.iter().enumerate().filter(|(_, c)| !**c) {
        cells.push(Cell::new(at / n_cols, at % n_cols, ""));
    }
    drop(covered);
    cells.sort_unstable_by_key(|c| (c.row, c.col));

    Some(Table {
        n_rows,
        n_cols,
        header_rows: header_rows(items, bounds.top, &row_used),
        cells,
        repairs: Vec::new(),
        origin: Some(origin),
        layout: Layout::Exact,
        raw: Default::default(),
    })
}

/// The header is obvious when the rows above the first row holding a
/// number contain a merged cell and no cell of theirs reaches down into
/// the numbers: then those rows (the non-blank ones, since the repair pass
/// drops blank rows) are the header. Otherwise 0, for the reader to decide.
fn header_rows(items: &[Item], top: u32, row_used: &[bool]) -> usize {
    let Some(first_number_row) = items.iter().filter(|i| i.numeric).map(|i| i.rect.top).min()
    else {
        return 0;
    };
    let above = || items.iter().filter(|i| i.rect.top < first_number_row);
    let has_merge = above().any(|i| i.rect.bottom > i.rect.top || i.rect.right > i.rect.left);
    let reaches_down = above().any(|i| i.rect.bottom >= first_number_row);
    if !has_merge || reaches_down {
        return 0;
    }
    row_used[..(first_number_row - top) as usize]
        .iter()
        .filter(|used| **used)
        .count()
}

/// The lines of a cell read as a paragraph, when it holds prose over
/// several lines: a cell has no paragraph marks, and a line break (Alt+Enter)
/// is how a writer starts a new paragraph in one. One line, or text that is
/// not prose (an address, a name over two lines), gives one paragraph.
fn prose_lines(text: &str) -> Vec<String> {
    if !text.contains(['\n', '\r']) || !text_rows::reads_as_prose(text) {
        return Vec::new();
    }
    text.split(['\n', '\r'])
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Ranges named one by one in a diagnostic before "…".
const RANGES_LISTED: usize = 5;

fn list_ranges(rects: impl Iterator<Item = Rect>, count: usize) -> String {
    let mut listed: Vec<String> = rects.take(RANGES_LISTED).map(range_name).collect();
    if count > RANGES_LISTED {
        listed.push("…".to_string());
    }
    listed.join(", ")
}

fn text_rows_read(sheet: &str, rows: &[Rect], tables: usize) -> Diagnostic {
    let one = rows.len() == 1;
    let rest = match tables {
        0 => "the sheet holds no table".to_string(),
        1 => "its other rows form 1 table".to_string(),
        n => format!("its other rows form {n} tables"),
    };
    Diagnostic::new(
        DiagnosticCode::RowsReadAsText,
        format!(
            "sheet '{sheet}': {} {} ({}) {}; {rest}",
            rows.len(),
            if one {
                "row holding a single text"
            } else {
                "rows holding a single text"
            },
            list_ranges(rows.iter().copied(), rows.len()),
            if one {
                "was read as a paragraph, not as a table row"
            } else {
                "were read as paragraphs, not as table rows"
            },
        ),
    )
}

fn cells_split(sheet: &str, cells: &[(Rect, usize)]) -> Diagnostic {
    let paragraphs: usize = cells.iter().map(|(_, n)| n).sum();
    Diagnostic::new(
        DiagnosticCode::CellLinesSplit,
        format!(
            "sheet '{sheet}': {} cell{} of prose over several lines ({}) became {paragraphs} \
             paragraphs, one per line",
            cells.len(),
            if cells.len() == 1 { "" } else { "s" },
            list_ranges(cells.iter().map(|(r, _)| *r), cells.len()),
        ),
    )
}

fn error_values(sheet: &Sheet) -> Diagnostic {
    let listed: Vec<String> = sheet
        .errors
        .iter()
        .take(ERRORS_LISTED)
        .map(|(row, col, code)| format!("{code} at {}{}", column_name(*col), row + 1))
        .collect();
    let more = if sheet.errors.len() > ERRORS_LISTED {
        ", …"
    } else {
        ""
    };
    Diagnostic::new(
        DiagnosticCode::CellError,
        format!(
            "sheet '{}': {} cell{} hold{} an error value ({}{more}); kept as text",
            sheet.name,
            sheet.errors.len(),
            if sheet.errors.len() == 1 { "" } else { "s" },
            if sheet.errors.len() == 1 { "s" } else { "" },
            listed.join(", ")
        ),
    )
}

fn merge_notes(notes: &ItemNotes, sheet: &str) -> Option<Diagnostic> {
    let mut parts = Vec::new();
    if notes.overlapping_merges > 0 {
        parts.push(format!(
            "{} merged region(s) overlapping an earlier one were ignored",
            notes.overlapping_merges
        ));
    }
    if notes.covered_values_moved > 0 {
        parts.push(format!(
            "{} merged region(s) had an empty top-left cell and took the text of a covered cell",
            notes.covered_values_moved
        ));
    }
    if notes.covered_values_dropped > 0 {
        parts.push(format!(
            "{} value(s) hidden under merged regions were dropped",
            notes.covered_values_dropped
        ));
    }
    (!parts.is_empty()).then(|| {
        Diagnostic::new(
            DiagnosticCode::MergeConflict,
            format!("sheet '{sheet}': {}", parts.join("; ")),
        )
    })
}

fn origin(sheet: &str, rect: Rect) -> Origin {
    Origin {
        sheet: Some(sheet.to_string()),
        range: Some(range_name(rect)),
        ..Origin::default()
    }
}

/// `A1` for one cell, `A1:I29` for a rectangle.
pub fn range_name(rect: Rect) -> String {
    let first = format!("{}{}", column_name(rect.left), rect.top + 1);
    if (rect.top, rect.left) == (rect.bottom, rect.right) {
        first
    } else {
        format!("{first}:{}{}", column_name(rect.right), rect.bottom + 1)
    }
}

/// Spreadsheet column letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::read::RawCell;
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell {
            row,
            col,
            text: text.to_string(),
        }
    }

    fn sheet(cells: Vec<RawCell>, merges: Vec<Rect>) -> Sheet {
        Sheet {
            name: "S".into(),
            cells,
            merges,
            ..Sheet::default()
        }
    }

    fn lower(sheet: Sheet) -> (Vec<Block>, Vec<Diagnostic>) {
        let mut blocks = Vec::new();
        let mut diagnostics = Vec::new();
        lower_sheet(
            sheet,
            &mut GridBudget::new(1_000_000),
            &mut blocks,
            &mut diagnostics,
        );
        (blocks, diagnostics)
    }

    #[test]
    fn column_names_and_ranges() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        let r = Rect {
            top: 0,
            left: 0,
            bottom: 28,
            right: 8,
        };
        assert_eq!(range_name(r), "A1:I29");
    }

    #[test]
    fn merged_header_becomes_spans_and_header_rows() {
        // Row 0: "组" over B:C; rows 0-1: "项目" down A; row 1: 甲 乙; row 2: x 1 2.
        let cells = vec![
            cell(0, 0, "项目"),
            cell(0, 1, "组"),
            cell(1, 1, "甲"),
            cell(1, 2, "乙"),
            cell(2, 0, "x"),
            cell(2, 1, "1"),
            cell(2, 2, "2"),
        ];
        let merges = vec![
            Rect {
                top: 0,
                left: 1,
                bottom: 0,
                right: 2,
            },
            Rect {
                top: 0,
                left: 0,
                bottom: 1,
                right: 0,
            },
        ];
        let (blocks, _) = lower(sheet(cells, merges));
        let Block::Table(table) = &blocks[1] else {
            panic!("table expected: {blocks:?}")
        };
        assert_eq!((table.n_rows, table.n_cols, table.header_rows), (3, 3, 2));
        let spans: Vec<(usize, usize, usize, usize, &str)> = table
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.as_str()))
            .collect();
        assert_eq!(
            spans,
            vec![
                (0, 0, 2, 1, "项目"),
                (0, 1, 1, 2, "组"),
                (1, 1, 1, 1, "甲"),
                (1, 2, 1, 1, "乙"),
                (2, 0, 1, 1, "x"),
                (2, 1, 1, 1, "1"),
                (2, 2, 1, 1, "2"),
            ]
        );
        assert_eq!(
            table.origin.as_ref().unwrap().range.as_deref(),
            Some("A1:C3")
        );
    }

    #[test]
    fn gaps_are_filled_and_empty_merges_kept_as_spanned_cells() {
        // a  [B1:C1 empty]  b
        // 1                 2    3
        let cells = vec![
            cell(0, 0, "a"),
            cell(0, 3, "b"),
            cell(1, 0, "1"),
            cell(1, 3, "2"),
            cell(1, 4, "3"),
        ];
        let merges = vec![Rect {
            top: 0,
            left: 1,
            bottom: 0,
            right: 2,
        }];
        let (blocks, _) = lower(sheet(cells, merges));
        let Block::Table(table) = &blocks[1] else {
            panic!("table expected")
        };
        assert_eq!((table.n_rows, table.n_cols, table.header_rows), (2, 5, 1));
        let spans: Vec<(usize, usize, usize, &str)> = table
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.col_span, c.text.as_str()))
            .collect();
        assert_eq!(
            spans,
            vec![
                (0, 0, 1, "a"),
                (0, 1, 2, ""),
                (0, 3, 1, "b"),
                (0, 4, 1, ""),
                (1, 0, 1, "1"),
                (1, 1, 1, ""),
                (1, 2, 1, ""),
                (1, 3, 1, "2"),
                (1, 4, 1, "3"),
            ]
        );
    }

    #[test]
    fn single_values_become_paragraphs_and_errors_are_reported() {
        let mut s = sheet(vec![cell(0, 0, "标题"), cell(2, 0, "#DIV/0!")], vec![]);
        s.errors.push((2, 0, "#DIV/0!".into()));
        s.hidden = Some("hidden");
        let (blocks, diagnostics) = lower(s);
        assert!(matches!(&blocks[0], Block::Heading(h) if h.text == "S" && h.level == 1));
        assert!(matches!(&blocks[1], Block::Paragraph(p) if p.text == "标题"));
        assert!(
            matches!(&blocks[2], Block::Paragraph(p) if p.text == "#DIV/0!"
            && p.origin.as_ref().unwrap().range.as_deref() == Some("A3"))
        );
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["hidden_sheet", "cell_error"]);
        assert!(diagnostics[1].message.contains("#DIV/0! at A3"));
    }

    #[test]
    fn a_cell_of_prose_over_several_lines_is_a_paragraph_per_line() {
        let cells = vec![
            cell(
                0,
                0,
                "一、总体情况\r\n本年度报告根据条例编制。\n\n(一)主动公开方面",
            ),
            cell(2, 0, "ABC\r\nDEF"),
        ];
        let (blocks, diagnostics) = lower(sheet(cells, vec![]));
        let texts: Vec<&str> = blocks[1..]
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.as_str(),
                other => panic!("paragraph expected: {other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "一、总体情况",
                "本年度报告根据条例编制。",
                "(一)主动公开方面",
                "ABC\r\nDEF"
            ]
        );
        assert!(
            blocks[1..4]
                .iter()
                .all(|b| b.origin().unwrap().range.as_deref() == Some("A1"))
        );
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["cell_lines_split"]);
        assert!(
            diagnostics[0]
                .message
                .contains("1 cell of prose over several lines (A1) became 3 paragraphs")
        );
    }

    #[test]
    fn rows_of_text_cut_from_a_table_are_reported() {
        let cells = vec![
            cell(0, 0, "一、总体情况"),
            cell(1, 0, "项目"),
            cell(1, 1, "件数"),
            cell(2, 0, "合计"),
            cell(2, 1, "5"),
        ];
        let (blocks, diagnostics) = lower(sheet(cells, vec![]));
        assert!(matches!(&blocks[1], Block::Paragraph(p) if p.text == "一、总体情况"));
        assert!(matches!(&blocks[2], Block::Table(t) if t.n_rows == 2));
        assert_eq!(diagnostics[0].code, DiagnosticCode::RowsReadAsText);
        assert_eq!(
            diagnostics[0].message,
            "sheet 'S': 1 row holding a single text (A1) was read as a paragraph, not as a table \
             row; its other rows form 1 table"
        );
    }

    #[test]
    fn an_oversized_region_is_refused_not_filled() {
        let cells = vec![cell(0, 0, "a"), cell(0, 1, "b"), cell(1, 1, "c")];
        let merges = vec![Rect {
            top: 1,
            left: 1,
            bottom: 1,
            right: 1,
        }];
        let mut blocks = Vec::new();
        let mut diagnostics = Vec::new();
        lower_sheet(
            sheet(cells, merges),
            &mut GridBudget::new(3),
            &mut blocks,
            &mut diagnostics,
        );
        assert_eq!(blocks.len(), 1);
        assert_eq!(diagnostics[0].code, DiagnosticCode::TableTooLarge);
    }
}
