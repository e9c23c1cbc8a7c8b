//! The five seed exports under `fixtures/text/`, converted and compared
//! with `fixtures/expected/<seed>.expected.json`
//! with their expected outputs, which were written by reading the seeds
//! cell by cell (see each file's `notes`), not by running docmend.

#![cfg(feature = "text")]
use docmend::model::{Block, DiagnosticCode, Document};
use docmend::{Options, Registry};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::{assert_tables_match, expected_section_headings, section_headings, tables};

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
            Block::List(l) => texts.extend(l.items.iter().map(|i| i.text.as_str())),
            Block::Table(t) => texts.extend(t.cells.iter().map(|c| c.text.as_str())),
            other => panic!("a block type this test does not know: {other:?}"),
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

    assert_eq!(
        section_headings(&doc),
        expected_section_headings(&expected["section_headings"]),
        "{name}: section headings"
    );
    assert_tables_match(name, &tables(&doc), &expected["tables"]);

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
            .any(|d| d.code == DiagnosticCode::DuplicateRemoved)
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
            .any(|d| d.code == DiagnosticCode::ExportArtefactRemoved)
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
            .any(|d| d.code == DiagnosticCode::BreadcrumbRemoved)
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
