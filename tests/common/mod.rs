//! Helpers shared by the integration tests.

use docmend::model::{Block, Document, Table};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file of the repository (`fixtures/audit/placeholders.html`),
/// converted as `docmend convert` converts it: named by its file name.
#[allow(dead_code)]
pub fn convert_file(relative: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    docmend::convert_bytes(
        &docmend::Registry::default(),
        &bytes,
        &name,
        &docmend::Options::default(),
    )
    .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Every fixture of the given folders of `fixtures/` that converts, as
/// `(folder, file name, document)`, in directory order; generator
/// scripts and expected outputs are left out.
#[allow(dead_code)]
pub fn converted_fixtures(folders: &[&str]) -> Vec<(String, String, Document)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut converted = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            if !path.is_file()
                || [".json", ".py", ".sh", ".md"]
                    .iter()
                    .any(|x| name.ends_with(x))
            {
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            if let Ok(document) = docmend::convert_bytes(
                &docmend::Registry::default(),
                &bytes,
                &name,
                &docmend::Options::default(),
            ) {
                converted.push((folder.to_string(), name, document));
            }
        }
    }
    converted
}

/// The bytes of a file under `fixtures/` (`pdf/one_table.pdf`).
// Each test crate compiles this module on its own; not all read fixtures
// through it.
#[allow(dead_code)]
pub fn fixture_bytes(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Every file below `dir`, in the directories below it too.
#[allow(dead_code)]
pub fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A grid as rows of strings: each cell's text at its top-left position,
/// `<` where the cell to the left spans over, `^` where the cell above
/// spans down, `?` where nothing covers a position. This is the form the
/// hand-written expected outputs use.
pub fn span_grid<'a>(
    n_rows: usize,
    n_cols: usize,
    cells: impl IntoIterator<Item = (usize, usize, usize, usize, &'a str)>,
) -> Vec<Vec<String>> {
    let mut grid = vec![vec![String::from("?"); n_cols]; n_rows];
    for (row, col, row_span, col_span, text) in cells {
        for (r, grid_row) in grid.iter_mut().enumerate().skip(row).take(row_span) {
            for (c, slot) in grid_row.iter_mut().enumerate().skip(col).take(col_span) {
                *slot = if (r, c) == (row, col) {
                    text.to_string()
                } else if r == row {
                    "<".to_string()
                } else {
                    "^".to_string()
                };
            }
        }
    }
    grid
}

#[allow(dead_code)]
pub fn table_grid(table: &Table) -> Vec<Vec<String>> {
    span_grid(
        table.n_rows,
        table.n_cols,
        table
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.as_str())),
    )
}

/// The profile's figures of a document that must be an annual report.
#[allow(dead_code)]
pub fn statistics(doc: &Document) -> BTreeMap<String, f64> {
    doc.profile
        .as_ref()
        .expect("recognised as an annual report")
        .statistics
        .iter()
        .map(|(k, v)| (k.clone(), v.0))
        .collect()
}

/// The failed checks of an annual report, one sortable line each.
#[allow(dead_code)]
pub fn failed_checks(doc: &Document) -> Vec<String> {
    let mut failed: Vec<String> = doc
        .profile
        .as_ref()
        .expect("recognised as an annual report")
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| {
            format!(
                "{} {:?} {:?} {} {}",
                c.rule, c.row, c.column, c.expected.0, c.found.0
            )
        })
        .collect();
    failed.sort();
    failed
}

/// The tables of a document, in order.
#[allow(dead_code)]
pub fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The paragraph texts of a document, in order.
#[allow(dead_code)]
pub fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect()
}

/// The top-level numbered headings (`一、总体情况`) as (numbering, text).
#[allow(dead_code)]
pub fn section_headings(doc: &Document) -> Vec<(String, String)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) if h.level == 1 => h.numbering.clone().map(|n| (n, h.text.clone())),
            _ => None,
        })
        .collect()
}

/// An expected file's `section_headings` as (numbering, text).
#[allow(dead_code)]
pub fn expected_section_headings(want: &Value) -> Vec<(String, String)> {
    want.as_array()
        .expect("section_headings")
        .iter()
        .map(|h| {
            (
                h["numbering"].as_str().expect("numbering").to_string(),
                h["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

/// Compares tables with an expected file's `tables`: each grid row by row
/// (`<` and `^` for spanned positions), `n_cols` and `header_rows`.
#[allow(dead_code)]
pub fn assert_tables_match(name: &str, got: &[&Table], want: &Value) {
    let want = want.as_array().expect("tables");
    assert_eq!(got.len(), want.len(), "{name}: number of tables");
    for (table, want) in got.iter().zip(want) {
        let title = want["title"].as_str().unwrap_or("");
        let want_grid: Vec<Vec<String>> =
            serde_json::from_value(want["grid"].clone()).expect("grid");
        let got_grid = table_grid(table);
        for (r, (got_row, want_row)) in got_grid.iter().zip(&want_grid).enumerate() {
            assert_eq!(got_row, want_row, "{name}: table '{title}' row {r}");
        }
        assert_eq!(
            got_grid.len(),
            want_grid.len(),
            "{name}: table '{title}' rows"
        );
        assert_eq!(
            Some(table.n_cols as u64),
            want["n_cols"].as_u64(),
            "{name}: '{title}' n_cols"
        );
        assert_eq!(
            Some(table.header_rows as u64),
            want["header_rows"].as_u64(),
            "{name}: '{title}' header_rows"
        );
    }
}

/// The real-world corpus: other projects' test files with a `MANIFEST.tsv`,
/// kept outside the repository. It is `$DOCMEND_REALWORLD` when that is set
/// (a relative path counts from the workspace root), else
/// `../shared/realworld` beside the checkout.
///
/// Every test that reads it is `#[ignore = "needs the real-world corpus"]`,
/// so that plain `cargo test` passes without it; run them with
/// `cargo test -- --ignored`. A test that runs without the corpus fails
/// here, saying where it looked, rather than passing with nothing checked.
#[allow(dead_code)]
pub fn realworld() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (dir, named_by) = match std::env::var_os("DOCMEND_REALWORLD") {
        Some(dir) if !dir.is_empty() => (root.join(dir), "DOCMEND_REALWORLD"),
        _ => (root.join("../shared/realworld"), "the default location"),
    };
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "this test needs the real-world corpus, and {} ({named_by}) has no MANIFEST.tsv: \
         put the corpus at ../shared/realworld beside the checkout or set DOCMEND_REALWORLD \
         to its directory",
        dir.display()
    );
    dir
}

/// The corpus's `MANIFEST.tsv` as rows of tab-separated fields, without
/// its header line: path, …, format (field 5), …, ground truth (field 8).
#[allow(dead_code)]
pub fn realworld_manifest() -> Vec<Vec<String>> {
    let path = realworld().join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}
