//! Tables: which ones hold data and which only lay out the page, and the
//! grid of a data table with its row and column spans.
//!
//! Old government sites build the whole page from tables, and a report
//! pasted from Word brings real tables into a cell of them. A table is a
//! *layout* table, to be read as a container, when it has a single cell,
//! or a cell holds a heading with more text beside it, prose (a long text
//! with sentences), another layout table or several tables, or a table
//! that is the only content of its row (a page stacked in rows), or a
//! table beside cells that are mostly links (a navigation column). Every
//! other table with text is a *data* table; a data table nested in a data
//! table's cell is part of that cell and is written into its text
//! ([`super::cell_text`]).
//!
//! The grid follows the HTML table model: each cell goes to the first free
//! column of its row, `rowspan`/`colspan` cover the positions below and to
//! the right, `rowspan="0"` reaches the end of the row group. Broken markup
//! is repaired, never trusted: spans that run past the table or over other
//! cells are clipped, rows of unequal length are padded with empty cells,
//! and span values that are not numbers count as 1. The width is that of
//! the widest row *up to the start of its last cell with text*, so a title
//! cell with `colspan="30"` or Word's trailing spacer cells do not widen
//! the table.

use super::cell_text::cell_text;
use super::dom::{Dom, Tag};
use super::text::is_sentence;
use docmend_core::model::{
    Block, Cell, Diagnostic, DiagnosticCode, Layout, Origin, Paragraph, Table,
};

/// A cell with more text than this, with sentences, is page content.
const PROSE_CHARS: usize = 200;
/// One table with more grid positions than this is read as rows of text,
/// whatever `Limits::max_table_cells` allows the document: spans make a
/// grid from a few bytes (`colspan` up to 1000, `rowspan` up to 65534),
/// and every position of it becomes a cell of the model, so a page of a
/// few hundred kilobytes could otherwise ask for gigabytes. A million
/// positions is far beyond any report table.
pub const MAX_TABLE_GRID: u64 = 1_000_000;
/// The HTML standard's limits for spans.
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: usize = 65534;

/// How many grid positions the tables of one document may take in all
/// (`Limits::max_table_cells`), and how many are left.
#[derive(Debug, Clone, Copy)]
pub struct GridBudget {
    pub limit: u64,
    pub left: u64,
}

impl GridBudget {
    pub fn new(limit: u64) -> GridBudget {
        GridBudget { limit, left: limit }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// No text at all (spacers).
    Empty,
    Layout,
    Data,
}

/// Classifies every table of the page; `None` for other nodes.
pub fn classify(dom: &Dom) -> Vec<Option<Class>> {
    let mut classes = vec![None; dom.len()];
    // Inner tables come later in document order: classify them first.
    for table in (0..dom.len()).rev() {
        if dom.tag(table) == Some(Tag::Table) {
            classes[table] = Some(classify_one(dom, table, &classes));
        }
    }
    classes
}

/// What a cell holds, not counting nested tables' insides.
#[derive(Default)]
struct Contents {
    chars: usize,
    link_chars: usize,
    sentence: bool,
    /// Characters inside headings.
    heading_chars: usize,
    tables: usize,
    layout_table: bool,
}

fn classify_one(dom: &Dom, table: usize, classes: &[Option<Class>]) -> Class {
    let mut held: Vec<Contents> = Vec::new();
    // A table that is the only content of its row: the table is a stack
    // of page parts (title row, body row, footer row), not a grid.
    let mut stacked = false;
    for row in rows(dom, table) {
        let first = held.len();
        held.extend(cells(dom, row.node).map(|cell| contents(dom, cell, classes)));
        let row = &held[first..];
        let with_content = row.iter().filter(|c| c.chars > 0 || c.tables > 0).count();
        stacked |= with_content == 1 && row.iter().any(|c| c.tables > 0);
    }
    if held.iter().all(|c| c.chars == 0 && c.tables == 0) {
        return Class::Empty;
    }
    if held.len() == 1 || stacked {
        return Class::Layout;
    }
    // A heading with more text beside it in the same cell is a page
    // section; a cell that is only a heading is a styled data cell.
    let holds_page = held.iter().any(|c| {
        (c.heading_chars > 0 && c.chars > c.heading_chars)
            || c.layout_table
            || c.tables >= 2
            || (c.chars > PROSE_CHARS && c.sentence)
    });
    let chars: usize = held.iter().map(|c| c.chars).sum();
    let link_chars: usize = held.iter().map(|c| c.link_chars).sum();
    let beside_links = held.iter().any(|c| c.tables > 0) && link_chars * 2 > chars;
    if holds_page || beside_links {
        Class::Layout
    } else {
        Class::Data
    }
}

fn contents(dom: &Dom, cell: usize, classes: &[Option<Class>]) -> Contents {
    let mut c = Contents::default();
    let mut link_until = 0;
    let mut heading_until = 0;
    let mut j = cell + 1;
    while j < dom.end(cell) {
        match dom.tag(j) {
            Some(Tag::Table) => {
                match classes[j] {
                    Some(Class::Layout) => {
                        c.tables += 1;
                        c.layout_table = true;
                    }
                    Some(Class::Data) => c.tables += 1,
                    _ => {}
                }
                j = dom.end(j);
                continue;
            }
            Some(Tag::Heading(_)) => heading_until = heading_until.max(dom.end(j)),
            Some(Tag::Link) => link_until = link_until.max(dom.end(j)),
            _ => {}
        }
        if let Some(text) = dom.text(j) {
            let n = dom.chars(j);
            c.chars += n;
            if j < link_until {
                c.link_chars += n;
            }
            if j < heading_until {
                c.heading_chars += n;
            }
            c.sentence |= is_sentence(text);
        }
        j += 1;
    }
    c
}

/// A row of a table, with the row group it belongs to.
pub struct Row {
    pub node: usize,
    group: usize,
    in_head: bool,
}

/// The table's own rows (not those of nested tables), in the order a
/// browser shows them: the first `thead` first and a `tfoot` last, wherever
/// they were written (HTML 4 wanted the `tfoot` before the body).
pub fn rows(dom: &Dom, table: usize) -> Vec<Row> {
    let mut head = Vec::new();
    let mut body = Vec::new();
    let mut foot = Vec::new();
    let mut head_seen = false;
    for child in dom.children(table) {
        match dom.tag(child) {
            Some(Tag::Row) => body.push(Row {
                node: child,
                group: table,
                in_head: false,
            }),
            Some(Tag::RowGroup) => {
                let name = dom.element(child).map_or("", |e| e.name);
                // Only the first `thead` heads the table; others are bodies.
                let in_head = name == "thead" && !head_seen;
                head_seen |= in_head;
                let group = dom
                    .children_where(child, |t| t == Tag::Row)
                    .map(|node| Row {
                        node,
                        group: child,
                        in_head,
                    });
                match name {
                    _ if in_head => head.extend(group),
                    "tfoot" => foot.extend(group),
                    _ => body.extend(group),
                }
            }
            _ => {}
        }
    }
    head.extend(body);
    head.extend(foot);
    head
}

/// A row whose markup hides it (`height="0"`, `height:0`, `display:none`)
/// and whose cells hold no text.
fn is_invisible_empty_row(dom: &Dom, row: usize, classes: &[Option<Class>], skip: &[bool]) -> bool {
    let Some(element) = dom.element(row) else {
        return false;
    };
    let zero = |v: &str| {
        let v = v.trim().trim_end_matches("px").trim_end_matches("pt");
        v.parse::<f64>().is_ok_and(|n| n == 0.0)
    };
    let style: String = element
        .attr("style")
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let style_hides = style.split(';').any(|decl| match decl.split_once(':') {
        Some(("display", "none")) => true,
        Some(("height", v)) => zero(v),
        _ => false,
    });
    let hidden = element.attr("height").is_some_and(zero) || style_hides;
    hidden && cells(dom, row).all(|cell| cell_text(dom, cell, classes, skip).text.trim().is_empty())
}

/// The cells (`td`, `th`) of a row.
pub fn cells<'d>(dom: &'d Dom<'_>, row: usize) -> impl Iterator<Item = usize> + 'd {
    dom.children_where(row, |t| matches!(t, Tag::Cell { .. }))
}

/// A data table lowered into blocks.
pub struct Built {
    /// The table, or its rows as paragraphs when it is too large; empty
    /// when no cell has text.
    pub blocks: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A cell as the markup gives it, before placement.
struct SourceCell {
    text: String,
    row_span: usize,
    col_span: usize,
    header: bool,
}

/// Builds the grid of a data table. `skip` marks nodes left out as page
/// chrome; `path` is the table's origin path. A table built as a grid
/// takes its positions from the document's `budget`.
pub fn build(
    dom: &Dom,
    table: usize,
    classes: &[Option<Class>],
    skip: &[bool],
    path: String,
    budget: &mut GridBudget,
) -> Built {
    let origin = Origin {
        path: Some(path),
        ..Origin::default()
    };
    let mut nested_tables = 0;
    let mut invalid_spans: Vec<String> = Vec::new();
    let mut table_rows = rows(dom, table);
    // Rows the page never shows and that hold nothing: Word's row of
    // empty cells at height 0 that carries the column widths.
    let shown = table_rows.len();
    table_rows.retain(|row| !is_invisible_empty_row(dom, row.node, classes, skip));
    let invisible_rows = shown - table_rows.len();
    let n_rows = table_rows.len();
    let mut source: Vec<Vec<SourceCell>> = Vec::with_capacity(n_rows);
    // Where each row's group ends: `rowspan="0"` spans to there.
    let mut group_ends = vec![n_rows; n_rows];
    for r in (0..n_rows.saturating_sub(1)).rev() {
        group_ends[r] = if table_rows[r + 1].group == table_rows[r].group {
            group_ends[r + 1]
        } else {
            r + 1
        };
    }
    for (r, row) in table_rows.iter().enumerate() {
        let group_end = group_ends[r];
        let mut row_cells = Vec::new();
        for cell in cells(dom, row.node) {
            let element = dom.element(cell).expect("cells are elements");
            let (col_span, bad_col) = parse_span(element.attr("colspan"));
            let (row_span, bad_row) = parse_span(element.attr("rowspan"));
            for (bad, name) in [(bad_col, "colspan"), (bad_row, "rowspan")] {
                if bad {
                    let value = element.attr(name).unwrap_or_default();
                    invalid_spans.push(format!("{name}=\"{}\"", value.trim()));
                }
            }
            let row_span = match row_span {
                0 => group_end - r,
                n => n.min(MAX_ROWSPAN),
            };
            let text = cell_text(dom, cell, classes, skip);
            nested_tables += text.nested_tables;
            row_cells.push(SourceCell {
                text: text.text,
                row_span,
                col_span: col_span.clamp(1, MAX_COLSPAN),
                header: matches!(element.tag, Tag::Cell { header: true }),
            });
        }
        source.push(row_cells);
    }
    let mut diagnostics = Vec::new();
    if invisible_rows > 0 {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvisibleRowsDropped,
                format!(
                    "{invisible_rows} rows of empty cells that the page never shows (height 0 or display:none, as Word writes the row that carries column widths) were left out"
                ),
            )
            .with_origin(Some(origin.clone())),
        );
    }
    if !invalid_spans.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::TableSpanInvalid,
                format!(
                    "{} span attributes are not numbers and were read as 1 (e.g. {})",
                    invalid_spans.len(),
                    invalid_spans[0]
                ),
            )
            .with_origin(Some(origin.clone())),
        );
    }
    if nested_tables > 0 {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::TableNestedFlattened,
                format!(
                    "{nested_tables} tables nested inside cells of this table were written into those cells' text: one line per row, cells separated by tabs"
                ),
            )
            .with_origin(Some(origin.clone())),
        );
    }
    if source.iter().flatten().all(|c| c.text.is_empty()) {
        return Built {
            blocks: Vec::new(),
            diagnostics,
        };
    }

    let placed = place(&source);
    let n_cols = width(&source, &placed);
    let positions = (n_rows as u64).saturating_mul(n_cols as u64);
    let over = if positions > MAX_TABLE_GRID {
        Some(format!(
            "passes the limit of {MAX_TABLE_GRID} positions of one HTML table \
             (a fixed guard against spans; --max-table-cells can only lower it)"
        ))
    } else if positions > budget.left {
        Some(format!(
            "passes the limit of {} table positions of the document \
             (--max-table-cells; {} were left after the tables before it)",
            budget.limit, budget.left
        ))
    } else {
        budget.left -= positions;
        None
    };
    if let Some(over) = over {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::TableTooLarge,
                format!(
                    "a table of {n_rows} rows and {n_cols} columns ({positions} positions) {over}; its rows were kept as paragraphs, cells separated by tabs"
                ),
            )
            .with_origin(Some(origin.clone())),
        );
        let blocks = source
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .filter(|text| !text.trim().is_empty())
            .map(|text| {
                Block::Paragraph(Paragraph {
                    links: Vec::new(),
                    text,
                    origin: Some(origin.clone()),
                })
            })
            .collect();
        return Built {
            blocks,
            diagnostics,
        };
    }

    let mut covered = vec![false; n_rows * n_cols];
    let mut cells_out = Vec::new();
    let mut clipped = 0;
    for (r, row) in source.iter().enumerate() {
        for (cell, &(c, row_span, col_span)) in row.iter().zip(&placed[r]) {
            if c >= n_cols {
                // Only empty cells start past the width (see `width`): nothing is lost.
                continue;
            }
            let col_span_fit = col_span.min(n_cols - c);
            let row_span_fit = row_span.min(n_rows - r);
            if col_span_fit < cell.col_span || row_span_fit < cell.row_span {
                clipped += 1;
            }
            for rr in r..r + row_span_fit {
                for cc in c..c + col_span_fit {
                    covered[rr * n_cols + cc] = true;
                }
            }
            cells_out.push(Cell::spanned(
                r,
                c,
                row_span_fit,
                col_span_fit,
                cell.text.clone(),
            ));
        }
    }
    for r in 0..n_rows {
        for c in 0..n_cols {
            if !covered[r * n_cols + c] {
                cells_out.push(Cell::new(r, c, ""));
            }
        }
    }
    cells_out.sort_by_key(|cell| (cell.row, cell.col));
    if clipped > 0 {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::TableSpanClipped,
                format!(
                    "{clipped} cells had a rowspan or colspan running past the table or over other cells; the spans were clipped"
                ),
            )
            .with_origin(Some(origin.clone())),
        );
    }
    let header_rows = header_rows(&table_rows, &source, &cells_out);
    Built {
        blocks: vec![Block::Table(Table {
            n_rows,
            n_cols,
            header_rows,
            cells: cells_out,
            repairs: Vec::new(),
            origin: Some(origin),
            layout: Layout::Exact,
            raw: Default::default(),
        })],
        diagnostics,
    }
}

/// Places the cells row by row (HTML table model): returns for each cell
/// its column and its spans, already clipped where they would overlap a
/// cell placed before.
fn place(source: &[Vec<SourceCell>]) -> Vec<Vec<(usize, usize, usize)>> {
    // For each column, how many more rows a span from above covers.
    let mut down: Vec<usize> = Vec::new();
    let mut placed = Vec::with_capacity(source.len());
    for row in source {
        let mut out = Vec::with_capacity(row.len());
        let mut c = 0;
        for cell in row {
            while down.get(c).is_some_and(|&d| d > 0) {
                c += 1;
            }
            // A colspan may not run into a span from above.
            let mut col_span = cell.col_span;
            if let Some(blocked) =
                (c + 1..c + col_span).find(|&k| down.get(k).is_some_and(|&d| d > 0))
            {
                col_span = blocked - c;
            }
            if down.len() < c + col_span {
                down.resize(c + col_span, 0);
            }
            for slot in &mut down[c..c + col_span] {
                *slot = cell.row_span;
            }
            out.push((c, cell.row_span, col_span));
            c += col_span;
        }
        // The row is done: spans from above move one row down.
        for slot in &mut down {
            *slot = slot.saturating_sub(1);
        }
        placed.push(out);
    }
    placed
}

/// The table's width: the widest row measured to the start of its last
/// cell with text (plus one). Empty cells past that (Word's spacer cells,
/// padding) and spans past it do not widen the table.
fn width(source: &[Vec<SourceCell>], placed: &[Vec<(usize, usize, usize)>]) -> usize {
    source
        .iter()
        .zip(placed)
        .filter_map(|(row, positions)| {
            row.iter()
                .zip(positions)
                .filter(|(cell, _)| !cell.text.is_empty())
                .map(|(_, &(c, _, _))| c + 1)
                .max()
        })
        .max()
        .unwrap_or(0)
}

/// Leading rows in `<thead>` or made only of `<th>`, extended over the
/// rows their cells span.
fn header_rows(rows: &[Row], source: &[Vec<SourceCell>], cells: &[Cell]) -> usize {
    let mut count = rows
        .iter()
        .zip(source)
        .take_while(|(row, row_cells)| {
            row.in_head || (!row_cells.is_empty() && row_cells.iter().all(|c| c.header))
        })
        .count();
    // `cells` are sorted by row: one pass extends the count over spans.
    for cell in cells {
        if cell.row >= count {
            break;
        }
        count = count.max(cell.row + cell.row_span);
    }
    count
}

/// Reads a span attribute as the HTML standard's "non-negative integer":
/// leading spaces, an optional `+`, digits, anything after ignored
/// (`2px` is 2). Returns the value (1 when absent or invalid; `colspan`
/// 0 is left to the caller) and whether the value was invalid.
fn parse_span(value: Option<&str>) -> (usize, bool) {
    let Some(value) = value else {
        return (1, false);
    };
    let digits = value.trim_start().trim_start_matches('+');
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 {
        return (1, true);
    }
    // Saturate rather than overflow on absurdly long numbers.
    let number = digits[..end].parse::<usize>().unwrap_or(usize::MAX);
    (number.min(MAX_ROWSPAN.max(MAX_COLSPAN) + 1), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docmend_core::model::Number;
    use scraper::Html;

    fn grid(table: &Table) -> Vec<Vec<String>> {
        let mut grid = vec![vec!["?".to_string(); table.n_cols]; table.n_rows];
        for cell in &table.cells {
            let rows = grid
                .iter_mut()
                .enumerate()
                .skip(cell.row)
                .take(cell.row_span);
            for (r, row) in rows {
                let slots = row
                    .iter_mut()
                    .enumerate()
                    .skip(cell.col)
                    .take(cell.col_span);
                for (c, slot) in slots {
                    *slot = if (r, c) == (cell.row, cell.col) {
                        cell.text.clone()
                    } else if r == cell.row {
                        "<".to_string()
                    } else {
                        "^".to_string()
                    };
                }
            }
        }
        grid
    }

    fn build_first(html: &str) -> (Vec<Block>, Vec<String>) {
        let html = Html::parse_document(html);
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let table = (0..dom.len())
            .find(|&i| classes[i] == Some(Class::Data))
            .expect("a data table");
        let built = build(
            &dom,
            table,
            &classes,
            &vec![false; dom.len()],
            "t".into(),
            &mut GridBudget::new(u64::MAX),
        );
        let codes = built
            .diagnostics
            .iter()
            .map(|d| d.code.to_string())
            .collect();
        (built.blocks, codes)
    }

    fn table_of(blocks: &[Block]) -> &Table {
        match &blocks[0] {
            Block::Table(t) => t,
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn a_table_past_its_guard_or_the_budget_becomes_rows_of_text() {
        // A spacer colspan makes the grid 1000 columns wide: 1001 rows pass
        // the fixed guard of one table, however large the budget.
        let html = format!(
            "<table><tr><td colspan=999></td><td>x</td></tr>{}</table>",
            "<tr><td>a</td></tr>".repeat(1000)
        );
        let dom_html = Html::parse_document(&html);
        let dom = Dom::build(&dom_html);
        let classes = classify(&dom);
        let table = (0..dom.len())
            .find(|&i| classes[i] == Some(Class::Data))
            .expect("a data table");
        let skip = vec![false; dom.len()];
        let mut budget = GridBudget::new(u64::MAX);
        let built = build(&dom, table, &classes, &skip, "t".into(), &mut budget);
        assert!(
            built
                .blocks
                .iter()
                .all(|b| matches!(b, Block::Paragraph(_)))
        );
        assert_eq!(built.blocks.len(), 1001);
        assert!(
            built.diagnostics[0]
                .message
                .contains("limit of 1000000 positions of one HTML table"),
            "{}",
            built.diagnostics[0].message
        );
        assert_eq!(budget.left, u64::MAX, "nothing taken from the budget");

        // Within the guard but past what the document has left.
        let (blocks, _) = build_first("<table><tr><td>a</td><td>b</td></tr></table>");
        assert!(matches!(blocks[0], Block::Table(_)));
        let html = Html::parse_document("<table><tr><td>a</td><td>b</td></tr></table>");
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let table = (0..dom.len())
            .find(|&i| classes[i] == Some(Class::Data))
            .expect("a data table");
        let mut budget = GridBudget { limit: 10, left: 1 };
        let built = build(
            &dom,
            table,
            &classes,
            &vec![false; dom.len()],
            "t".into(),
            &mut budget,
        );
        assert!(matches!(built.blocks[0], Block::Paragraph(_)));
        assert!(
            built.diagnostics[0].message.contains(
                "limit of 10 table positions of the document (--max-table-cells; 1 were left"
            ),
            "{}",
            built.diagnostics[0].message
        );
    }

    #[test]
    fn spans_become_spanned_cells() {
        let (blocks, codes) = build_first(
            "<table><tr><th rowspan=2>项目</th><th colspan=2>数量</th></tr>\
             <tr><th>甲</th><th>乙</th></tr>\
             <tr><td>一</td><td>1</td><td>2</td></tr></table>",
        );
        let table = table_of(&blocks);
        assert_eq!(
            grid(table),
            [["项目", "数量", "<"], ["^", "甲", "乙"], ["一", "1", "2"]]
        );
        assert_eq!(table.header_rows, 2);
        assert_eq!(table.cells[3].value, None);
        assert_eq!(table.cells.last().unwrap().value, Some(Number(2.0)));
        assert!(codes.is_empty());
    }

    #[test]
    fn row_groups_in_display_order() {
        let (blocks, _) = build_first(
            "<table><tfoot><tr><td>合计</td><td>3</td></tr></tfoot>\
             <tbody><tr><td>甲</td><td>1</td></tr></tbody>\
             <thead><tr><th>项目</th><th>数量</th></tr></thead>\
             <tbody><tr><td>乙</td><td>2</td></tr></tbody>\
             <thead><tr><td>丙</td><td>0</td></tr></thead></table>",
        );
        let table = table_of(&blocks);
        assert_eq!(
            grid(table),
            [
                ["项目", "数量"],
                ["甲", "1"],
                ["乙", "2"],
                ["丙", "0"],
                ["合计", "3"]
            ]
        );
        assert_eq!(table.header_rows, 1);
    }

    #[test]
    fn broken_spans_are_clipped_and_rows_padded() {
        let (blocks, codes) = build_first(
            "<table><tr><td rowspan=9>a</td><td>b</td><td>c</td></tr>\
             <tr><td colspan=5>d</td></tr><tr><td>e</td></tr></table>",
        );
        let table = table_of(&blocks);
        assert_eq!(
            grid(table),
            [["a", "b", "c"], ["^", "d", "<"], ["^", "e", ""]]
        );
        assert_eq!(codes, ["table_span_clipped"]);
    }

    #[test]
    fn overlapping_spans_are_clipped() {
        let (blocks, _) = build_first(
            "<table><tr><td>a</td><td rowspan=2>b</td><td>c</td></tr>\
             <tr><td colspan=3>d</td><td>e</td></tr></table>",
        );
        assert_eq!(grid(table_of(&blocks)), [["a", "b", "c"], ["d", "^", "e"]]);
    }

    #[test]
    fn odd_span_values() {
        let (blocks, codes) = build_first(
            "<tbody><table><tr><td rowspan=0>a</td><td colspan='x'>b</td></tr>\
             <tr><td colspan=' 2px'>c</td></tr><tr><td>d</td><td>e</td></tr></table>",
        );
        assert_eq!(
            grid(table_of(&blocks)),
            [["a", "b", ""], ["^", "c", "<"], ["^", "d", "e"]]
        );
        assert_eq!(codes, ["table_span_invalid"]);
        assert_eq!(
            parse_span(Some("99999999999999999999999")).0,
            MAX_ROWSPAN + 1
        );
    }

    #[test]
    fn word_cells_and_trailing_spacers() {
        let (blocks, _) = build_first(
            "<table><tr><td><p class=MsoNormal><span>商业</span></p><p>企业<o:p></o:p></p></td>\
             <td><p><span lang=EN-US>&nbsp;6&nbsp;<o:p></o:p></span></p></td>\
             <td style='border:none' width=0><p>&nbsp;</p></td></tr>\
             <tr><td>First Line<br>Second Line</td><td>　</td></tr>\
             <tr height=0><td width=57 style='border:none'></td><td style='border:none'></td></tr>\
             <tr style='display:none'><td></td><td></td></tr><tr><td></td><td></td></tr></table>",
        );
        let table = table_of(&blocks);
        // The rows the page never shows go; a visible empty row stays.
        assert_eq!(
            grid(table),
            [["商业企业", "6"], ["First Line\nSecond Line", ""], ["", ""]]
        );
        assert_eq!(table.cells[1].value, Some(Number(6.0)));
    }

    #[test]
    fn layout_and_nested_tables() {
        let html = Html::parse_document(
            "<table><tr><td><h1>标题</h1>正文<table><tr><td>1</td><td>2</td></tr></table></td></tr>\
             <tr><td>页脚</td></tr></table>\
             <table><tr><td>A</td><td>B</td></tr><tr><td><table><tr><td>x</td><td>y</td></tr></table></td><td>2</td></tr></table>\
             <table><tr><td>唯一</td></tr></table><table><tr><td></td><td> </td></tr></table>             <table><tr><td>标题</td></tr><tr><td><table><tr><td>项目</td><td>6</td></tr></table></td></tr></table>",
        );
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let found: Vec<Class> = classes.iter().flatten().copied().collect();
        assert_eq!(
            found,
            [
                Class::Layout,
                Class::Data,
                Class::Data,
                Class::Data,
                Class::Layout,
                Class::Empty,
                Class::Layout,
                Class::Data
            ]
        );
        let outer = (0..dom.len())
            .filter(|&i| classes[i] == Some(Class::Data))
            .nth(1)
            .unwrap();
        let built = build(
            &dom,
            outer,
            &classes,
            &vec![false; dom.len()],
            "t".into(),
            &mut GridBudget::new(u64::MAX),
        );
        assert_eq!(grid(table_of(&built.blocks)), [["A", "B"], ["x\ty", "2"]]);
        let codes: Vec<&str> = built.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["table_nested_flattened"]);
    }

    #[test]
    fn prose_cells_make_layout_tables() {
        let prose = "本年度报告根据《中华人民共和国政府信息公开条例》要求编制。".repeat(10);
        let html = Html::parse_document(&format!(
            "<table><tr><td><a>首页</a></td><td><p>{prose}</p></td></tr></table>"
        ));
        let dom = Dom::build(&html);
        assert_eq!(classify(&dom).iter().flatten().next(), Some(&Class::Layout));
    }
}
