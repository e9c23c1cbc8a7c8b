//! Property tests for the repair pass: a report-shaped table, collapsed the
//! way each of the five seed exports collapses tables, comes back from the
//! text converter and the repair pass with the same grid.

#![cfg(feature = "text")]

use docmend::model::{Block, Table};
use docmend::{Options, Registry};
use proptest::prelude::*;

mod common;
use common::table_grid as grid;

/// A cell of the true table, at its top-left position.
#[derive(Debug, Clone)]
struct Anchor {
    row: usize,
    col: usize,
    row_span: usize,
    col_span: usize,
    text: String,
}

#[derive(Debug, Clone)]
struct TrueTable {
    n_rows: usize,
    n_cols: usize,
    header_rows: usize,
    cells: Vec<Anchor>,
}

/// How the data rows nest: a top-level row, or a group of child rows.
#[derive(Debug, Clone)]
enum Item {
    Single,
    Group(Vec<Child>),
}

#[derive(Debug, Clone)]
enum Child {
    Single,
    Group(usize),
}

const CJK_NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn build(
    label_cols: usize,
    value_cols: usize,
    header_kind: usize,
    items: &[Item],
    values: &[Vec<Option<u32>>],
) -> TrueTable {
    let n_cols = label_cols + value_cols;
    let mut cells = Vec::new();
    let mut add = |row, col, row_span, col_span, text: String| {
        cells.push(Anchor {
            row,
            col,
            row_span,
            col_span,
            text,
        })
    };
    // Header.
    let header_rows = if header_kind == 0 || value_cols < 4 && header_kind == 2 {
        1
    } else {
        2
    };
    add(0, 0, header_rows, label_cols, "项目名称".to_string());
    match (header_kind, header_rows) {
        (_, 1) => {
            for k in 0..value_cols {
                add(0, label_cols + k, 1, 1, format!("列{k}"));
            }
        }
        (1, _) => {
            add(0, label_cols, 1, value_cols, "申请人情况".to_string());
            for k in 0..value_cols {
                add(1, label_cols + k, 1, 1, format!("列{k}"));
            }
        }
        _ => {
            add(0, label_cols, 2, 1, "自然人".to_string());
            add(
                0,
                label_cols + 1,
                1,
                value_cols - 2,
                "法人或其他组织".to_string(),
            );
            add(0, n_cols - 1, 2, 1, "总计".to_string());
            for k in 0..value_cols - 2 {
                add(1, label_cols + 1 + k, 1, 1, format!("组织{k}"));
            }
        }
    }
    // Data rows: labels by nesting, numbered as the national template does.
    let mut row = header_rows;
    let mut value_rows = values.iter();
    let mut put_values = |row: usize, add: &mut dyn FnMut(usize, usize, usize, usize, String)| {
        let values = value_rows.next().expect("enough value rows");
        for (k, v) in values.iter().enumerate() {
            add(
                row,
                label_cols + k,
                1,
                1,
                v.map(|n| n.to_string()).unwrap_or_default(),
            );
        }
    };
    for (i, item) in items.iter().enumerate() {
        let top = format!("{}、事项{}", CJK_NUMERALS[i % 10], i);
        let top = if label_cols == 1 {
            format!("事项{i}")
        } else {
            top
        };
        match item {
            Item::Single => {
                add(row, 0, 1, label_cols, top);
                put_values(row, &mut add);
                row += 1;
            }
            Item::Group(children) => {
                let height: usize = children
                    .iter()
                    .map(|c| match c {
                        Child::Single => 1,
                        Child::Group(n) => *n,
                    })
                    .sum();
                add(row, 0, height, 1, top);
                for (j, child) in children.iter().enumerate() {
                    let label = format!("({})子项{}", CJK_NUMERALS[j % 10], j);
                    match child {
                        Child::Single => {
                            add(row, 1, 1, label_cols - 1, label);
                            put_values(row, &mut add);
                            row += 1;
                        }
                        Child::Group(n) => {
                            add(row, 1, *n, 1, label);
                            for k in 0..*n {
                                add(row, 2, 1, 1, format!("{}.细项{}", k + 1, k));
                                put_values(row, &mut add);
                                row += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    TrueTable {
        n_rows: row,
        n_cols,
        header_rows,
        cells,
    }
}

/// A table shape with each label level in use, and its values. The last
/// value column (the total) always holds a number, as in the reports.
fn table_strategy(allow_empty_values: bool) -> impl Strategy<Value = TrueTable> {
    (1usize..=3, 2usize..=7, 0usize..3).prop_flat_map(move |(label_cols, value_cols, header_kind)| {
        let child = match label_cols {
            3 => prop_oneof![Just(Child::Single), (1usize..4).prop_map(Child::Group)].boxed(),
            _ => Just(Child::Single).boxed(),
        };
        let item = match label_cols {
            1 => Just(Item::Single).boxed(),
            _ => prop_oneof![Just(Item::Single), prop::collection::vec(child, 1..4).prop_map(Item::Group)].boxed(),
        };
        let items = prop::collection::vec(item, 2..6).prop_filter("every label level is used", move |items| {
            let groups = items.iter().any(|i| matches!(i, Item::Group(_)));
            let subgroups = items
                .iter()
                .any(|i| matches!(i, Item::Group(c) if c.iter().any(|c| matches!(c, Child::Group(_)))));
            match label_cols {
                1 => true,
                2 => groups,
                _ => subgroups,
            }
        });
        let value = if allow_empty_values {
            prop_oneof![3 => (0u32..1000).prop_map(Some), 1 => Just(None)].boxed()
        } else {
            (0u32..1000).prop_map(Some).boxed()
        };
        (items, prop::collection::vec(prop::collection::vec(value, value_cols), 40), 0u32..1000).prop_map(
            move |(items, mut values, total)| {
                for row in &mut values {
                    if let Some(last) = row.last_mut() {
                        last.get_or_insert(total);
                    }
                }
                build(label_cols, value_cols, header_kind, &items, &values)
            },
        )
    })
}

/// Anchors of row `r` in column order: what an export that drops merged
/// cells still shows.
fn visible(table: &TrueTable, r: usize) -> Vec<&Anchor> {
    let mut row: Vec<&Anchor> = table.cells.iter().filter(|c| c.row == r).collect();
    row.sort_by_key(|c| c.col);
    row
}

fn pad(table: &TrueTable, shown: usize) -> usize {
    table.n_cols - shown
}

/// Seed 000: markdown rows, merged cells dropped, rows padded at the end.
fn render_markdown(t: &TrueTable) -> String {
    let mut out = String::new();
    for r in 0..t.n_rows {
        let cells = visible(t, r);
        let line: Vec<String> = cells.iter().map(|c| format!("{} |", c.text)).collect();
        out += &line.join(" ");
        let padding = pad(t, cells.len());
        if padding > 0 {
            out += &format!(" {}", "|".repeat(padding));
        }
        out += "\n";
        if r == 0 {
            out += &"---|".repeat(t.n_cols);
            out += "\n";
        }
    }
    out
}

/// Seed 001: one stream; a line break between two pipes is an empty cell.
fn render_stream(t: &TrueTable) -> String {
    let mut out = String::from("|");
    for r in 0..t.n_rows {
        for cell in visible(t, r) {
            if cell.text.is_empty() {
                out += "\n|";
            } else {
                out += &format!(" {} |", cell.text);
            }
        }
    }
    out + "\n"
}

/// Seed 003: one cell per line ending ` |`, padding pipes after a row's last cell.
fn render_cell_lines(t: &TrueTable) -> String {
    let mut out = String::new();
    for r in 0..t.n_rows {
        let cells = visible(t, r);
        for (i, cell) in cells.iter().enumerate() {
            out += &format!("{} |", cell.text);
            let padding = pad(t, cells.len());
            if i + 1 == cells.len() && padding > 0 {
                out += &format!(" {}", "|".repeat(padding));
            }
            out += "\n";
        }
    }
    out
}

/// Seed 004: a lone `|` opens each row, one cell per line, a line of padding pipes.
fn render_row_open(t: &TrueTable) -> String {
    let mut out = String::new();
    for r in 0..t.n_rows {
        out += "|\n";
        let cells = visible(t, r);
        for cell in &cells {
            out += &format!("{} |\n", cell.text);
        }
        let padding = pad(t, cells.len());
        if padding > 0 {
            out += &"|".repeat(padding);
            out += "\n";
        }
    }
    out
}

/// Seed 002: Word's text dump; a vertically merged cell's continuation is
/// an empty tab line, a horizontally merged one is not shown.
fn render_tabbed(t: &TrueTable) -> String {
    let mut out = String::new();
    for r in 0..t.n_rows {
        for c in 0..t.n_cols {
            if let Some(anchor) = t.cells.iter().find(|a| a.row == r && a.col == c) {
                out += &format!("\t{}\n", anchor.text);
            } else if t
                .cells
                .iter()
                .any(|a| a.col == c && a.row < r && r < a.row + a.row_span)
            {
                out += "\t\n";
            }
        }
        out += "\n";
    }
    out
}

/// Whether every line of a rendered stream holds the same number of cells
/// (and there are several lines): a table whose rows agree.
fn lines_agree(rendered: &str) -> bool {
    let widths: Vec<usize> = rendered
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_matches('|').split('|').count())
        .collect();
    widths.len() > 1 && widths.windows(2).all(|w| w[0] == w[1])
}

fn expected_grid(t: &TrueTable) -> Vec<Vec<String>> {
    common::span_grid(
        t.n_rows,
        t.n_cols,
        t.cells
            .iter()
            .map(|a| (a.row, a.col, a.row_span, a.col_span, a.text.as_str())),
    )
}

fn round_trip(text: &str) -> Table {
    let input = format!("三、收到和处理政府信息公开申请情况\n{text}五、存在的主要问题及改进情况\n");
    let doc = docmend::convert_bytes(
        &Registry::default(),
        input.as_bytes(),
        "prop.txt",
        &Options::default(),
    )
    .expect("converts");
    let tables: Vec<Table> = doc
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1, "one table expected in:\n{input}");
    tables.into_iter().next().unwrap()
}

fn check(t: &TrueTable, rendered: &str) -> Result<(), TestCaseError> {
    let table = round_trip(rendered);
    prop_assert_eq!(grid(&table), expected_grid(t), "rendered:\n{}", rendered);
    prop_assert_eq!(table.header_rows, t.header_rows);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn markdown_rows_repair_to_the_same_grid(t in table_strategy(true)) {
        check(&t, &render_markdown(&t))?;
    }

    // A stream's line breaks fall where the table has empty cells. When
    // they happen to cut it into lines of equal width (two lines of 9
    // cells, say), the input is a table whose rows agree, which is read
    // exactly as written (the sound tables' own property tests check
    // that); only the streams that show their lost row breaks are repair
    // cases.
    #[test]
    fn streams_repair_to_the_same_grid(t in table_strategy(true)) {
        let rendered = render_stream(&t);
        prop_assume!(!lines_agree(&rendered));
        check(&t, &rendered)?;
    }

    #[test]
    fn tabbed_dumps_repair_to_the_same_grid(t in table_strategy(true)) {
        check(&t, &render_tabbed(&t))?;
    }

    // These exports show no empty cell in their seeds (a lone `|` means a
    // row break there), so the tables have a number in every value cell.
    #[test]
    fn cell_per_line_exports_repair_to_the_same_grid(t in table_strategy(false)) {
        check(&t, &render_cell_lines(&t))?;
    }

    #[test]
    fn row_open_exports_repair_to_the_same_grid(t in table_strategy(false)) {
        check(&t, &render_row_open(&t))?;
    }
}
