//! The five seed exports under `fixtures/text/`, converted and compared
//! with `fixtures/expected/<seed>.expected.json`
//! with their expected outputs, which were written by reading the seeds
//! cell by cell (see each file's `notes`), not by running docmend.

use docmend::model::{Block, Document, Table};
use docmend::{Options, Registry};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::table_grid as grid;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text")
}

fn convert(name: &str) -> Document {
    let bytes = std::fs::read(fixtures().join(name)).expect("fixture readable");
    docmend::convert_bytes(&Registry::default(), &bytes, name, &Options::default())
        .expect("seed converts")
}

fn expected(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/expected")
        .join(name.replace(".txt", ".expected.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("expected file"))
        .expect("expected JSON")
}

fn all_texts(doc: &Document) -> Vec<&str> {
    let mut texts = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => texts.push(h.text.as_str()),
            Block::Paragraph(p) => texts.push(p.text.as_str()),
            Block::Table(t) => texts.extend(t.cells.iter().map(|c| c.text.as_str())),
        }
    }
    texts
}

fn check_seed(name: &str) {
    let doc = convert(name);
    let expected = expected(name);

    assert_eq!(
        doc.source.encoding.as_deref(),
        expected["encoding"].as_str(),
        "{name}: encoding"
    );

    let headings: Vec<(String, String)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) if h.level == 1 && h.numbering.is_some() => {
                Some((h.numbering.clone().unwrap_or_default(), h.text.clone()))
            }
            _ => None,
        })
        .collect();
    let expected_headings: Vec<(String, String)> = expected["section_headings"]
        .as_array()
        .expect("headings")
        .iter()
        .map(|h| {
            (
                h["numbering"].as_str().unwrap().to_string(),
                h["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(headings, expected_headings, "{name}: section headings");

    let tables: Vec<&Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let expected_tables = expected["tables"].as_array().expect("tables");
    assert_eq!(
        tables.len(),
        expected_tables.len(),
        "{name}: number of tables"
    );
    for (table, want) in tables.iter().zip(expected_tables) {
        let title = want["title"].as_str().unwrap_or("");
        let want_grid: Vec<Vec<String>> =
            serde_json::from_value(want["grid"].clone()).expect("grid");
        let got = grid(table);
        for (r, (got_row, want_row)) in got.iter().zip(&want_grid).enumerate() {
            assert_eq!(got_row, want_row, "{name}: table '{title}' row {r}");
        }
        assert_eq!(got.len(), want_grid.len(), "{name}: table '{title}' rows");
        assert_eq!(
            table.n_cols,
            want["n_cols"].as_u64().unwrap() as usize,
            "{name}: '{title}' n_cols"
        );
        assert_eq!(
            table.header_rows,
            want["header_rows"].as_u64().unwrap() as usize,
            "{name}: '{title}' header_rows"
        );
    }

    let texts = all_texts(&doc);
    for absent in expected["absent"].as_array().expect("absent") {
        let absent = absent.as_str().unwrap();
        assert!(
            !texts.iter().any(|t| t.contains(absent)),
            "{name}: '{absent}' should be gone"
        );
    }
    for once in expected["once"].as_array().expect("once") {
        let once = once.as_str().unwrap();
        let count: usize = texts.iter().map(|t| t.matches(once).count()).sum();
        assert_eq!(count, 1, "{name}: '{once}' should occur once");
    }
}

#[test]
fn seed_000_markdown_rows_and_pasted_twice() {
    check_seed("000_9cf56e95910a791d.txt");
    let doc = convert("000_9cf56e95910a791d.txt");
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == "duplicate_removed")
    );
}

#[test]
fn seed_001_everything_run_together() {
    check_seed("001_e5c4bfe1850351fa.txt");
}

#[test]
fn seed_002_word_text_dump() {
    check_seed("002_3bceb6a2129e3845.txt");
    let doc = convert("002_3bceb6a2129e3845.txt");
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == "export_artefact_removed")
    );
}

#[test]
fn seed_003_one_cell_per_line() {
    check_seed("003_b40d9c03878ac230.txt");
}

#[test]
fn seed_004_lone_pipe_rows() {
    check_seed("004_93c87546c824c53b.txt");
    let doc = convert("004_93c87546c824c53b.txt");
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == "breadcrumb_removed")
    );
}

/// Every repaired table covers its grid exactly once.
#[test]
fn every_seed_table_is_a_whole_grid() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let doc = convert(path.file_name().unwrap().to_str().unwrap());
            for block in &doc.blocks {
                if let Block::Table(t) = block {
                    let mut seen = vec![0; t.n_rows * t.n_cols];
                    for c in &t.cells {
                        for r in c.row..c.row + c.row_span {
                            for k in c.col..c.col + c.col_span {
                                seen[r * t.n_cols + k] += 1;
                            }
                        }
                    }
                    assert!(
                        seen.iter().all(|&n| n == 1),
                        "{}: grid not covered once",
                        path.display()
                    );
                }
            }
        }
    }
}
