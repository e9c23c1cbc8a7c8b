//! Do no harm: sound input comes back as it was. A well-formed table
//! (random labels, figures, empty cells, CJK and Latin) written in each
//! format comes back with the same grid and no repair entry; paragraphs
//! that repeat come back with every repeat; lists come back as lists.
//!
//! The tables' labels are words, not the numbering of official documents
//! (`一、`, `（一）`, `1.`): a table whose row labels carry that numbering
//! is a report table, which the text converter also checks for the
//! damage report exports show (see `converters/text/sound.rs`).

#![cfg(feature = "text")]
use docmend::model::{Block, DiagnosticCode, Document, Table};
use docmend::{Options, Registry};
use proptest::prelude::*;

mod common;
use common::{paragraphs, table_grid};

/// A cell of a random table.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z]{1,8}( [a-z]{1,6})?",
        3 => "[甲乙丙丁申请公开处理数量项目情况合计本年]{1,6}",
        3 => (0u32..100_000).prop_map(|n| n.to_string()),
        1 => (0u32..10_000, 1u32..100).prop_map(|(a, b)| format!("{a}.{b:02}")),
        2 => Just(String::new()),
    ]
}

/// A table of 2–8 rows and 1–6 columns whose first row is labels.
fn table_rows() -> impl Strategy<Value = Vec<Vec<String>>> {
    (2usize..=8, 1usize..=6).prop_flat_map(|(rows, cols)| {
        (
            prop::collection::vec("[A-Za-z项目名称数量]{1,6}", cols),
            prop::collection::vec(prop::collection::vec(cell_text(), cols), rows - 1),
        )
            .prop_map(|(header, body)| std::iter::once(header).chain(body).collect())
    })
}

fn convert(bytes: &[u8], name: &str) -> Document {
    docmend::convert_bytes(&Registry::default(), bytes, name, &Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn only_table(doc: &Document) -> &Table {
    let tables: Vec<&Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1, "one table in {:?}", doc.blocks);
    tables[0]
}

/// The grid a table of plain rows has: every cell 1×1.
fn plain_grid(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.to_vec()
}

fn check_table(doc: &Document, rows: &[Vec<String>], written: &str) -> Result<(), TestCaseError> {
    let table = only_table(doc);
    prop_assert_eq!(table_grid(table), plain_grid(rows), "written:\n{}", written);
    prop_assert!(
        table.repairs.is_empty(),
        "repairs {:?} on a sound table:\n{}",
        table.repairs,
        written
    );
    Ok(())
}

/// GitHub-style pipe rows: `| a | b |`, empty cells as `|  |`.
fn markdown(rows: &[Vec<String>], separator: bool) -> String {
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate() {
        out.push('|');
        for cell in row {
            out.push(' ');
            out.push_str(cell);
            out.push_str(" |");
        }
        out.push('\n');
        if r == 0 && separator {
            out.push('|');
            out.push_str(&" --- |".repeat(row.len()));
            out.push('\n');
        }
    }
    out
}

/// Word's plain-text export: each cell on a tab-indented line, rows
/// separated by blank lines.
fn tabbed(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        for cell in row {
            out.push('\t');
            out.push_str(cell);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Sentences for paragraph sequences: none is a heading, a title, chrome
/// or a breadcrumb, so every one must come back as written.
const SENTENCES: [&str; 6] = [
    "本机关严格落实政府信息公开条例，主动公开各类政府信息，保障人民群众的知情权、参与权和监督权。",
    "The committee met twice during the year and published every decision on its website.",
    "SELECT name FROM applications WHERE year = 2022;",
    "全年共受理政府信息公开申请，均已按照法定时限和程序办理完毕，未发生逾期答复的情况。",
    "See the appendix for the complete list of measures.",
    "无。",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn markdown_tables_come_back_as_written(rows in table_rows(), separator in any::<bool>()) {
        prop_assume!(rows[0].len() >= 2 || separator);
        let written = markdown(&rows, separator);
        let doc = convert(written.as_bytes(), "table.md");
        check_table(&doc, &rows, &written)?;
        if separator {
            prop_assert_eq!(only_table(&doc).header_rows, 1);
        }
    }

    #[test]
    fn tabbed_tables_come_back_as_written(rows in table_rows()) {
        prop_assume!(rows[0].len() >= 2);
        // Word writes an empty cell as an empty tab line; a row of empty
        // cells is still a row.
        let written = tabbed(&rows);
        let doc = convert(written.as_bytes(), "table.txt");
        check_table(&doc, &rows, &written)?;
    }

    #[test]
    fn text_paragraphs_keep_every_repeat(picks in prop::collection::vec(0usize..SENTENCES.len(), 1..12)) {
        let texts: Vec<&str> = picks.iter().map(|&k| SENTENCES[k]).collect();
        let written = texts.join("\n") + "\n";
        let doc = convert(written.as_bytes(), "paragraphs.txt");
        prop_assert_eq!(paragraphs(&doc), texts, "written:\n{}", written);
        prop_assert!(doc.diagnostics.iter().all(|d| d.code != DiagnosticCode::DuplicateRemoved));
    }
}

/// The tables the issue names, exactly.
#[test]
fn the_reported_sound_tables_are_untouched() {
    for (text, grid) in [
        (
            "| Year | Count |\n| --- | --- |\n| 2021 | 3 |\n| 2022 | 10 |\n",
            vec![vec!["Year", "Count"], vec!["2021", "3"], vec!["2022", "10"]],
        ),
        (
            "| a | b |\n| 1 | 2 |\n| 3 | 4 |\n",
            vec![vec!["a", "b"], vec!["1", "2"], vec!["3", "4"]],
        ),
        (
            "| 项目 | 数量 |\n| 收到申请 | 6 |\n",
            vec![vec!["项目", "数量"], vec!["收到申请", "6"]],
        ),
    ] {
        let doc = convert(text.as_bytes(), "sound.md");
        let table = only_table(&doc);
        let want: Vec<Vec<String>> = grid
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(table_grid(table), want, "{text}");
        assert!(table.repairs.is_empty(), "{text}: {:?}", table.repairs);
        assert_eq!(table.header_rows, 1, "{text}");
        assert!(doc.diagnostics.is_empty(), "{text}: {:?}", doc.diagnostics);
    }
}
