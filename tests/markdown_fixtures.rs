//! Every fixture's Markdown against its golden file in
//! `fixtures/expected/markdown/<dir>/<file>.md`, each read by a person
//! against the fixture's source (how, and every known difference from the
//! source, is in `fixtures/expected/markdown/REVIEW.md`).
//!
//! Besides the text, each golden file's tables are parsed back here (pipe
//! tables, and HTML tables with `rowspan`/`colspan`) by a parser of this
//! test's own, and compared cell by cell with the document's tables: every
//! cell written once, at its place, with its spans and its text, so a
//! spanned cell is never repeated or dropped.
//!
//! A new fixture fails here until its Markdown is reviewed and its golden
//! file added (`fixtures/expected/markdown/draft.sh` writes drafts
//! elsewhere); a golden file without a fixture fails too. Nothing here
//! writes a golden file.

#![cfg(all(
    feature = "text",
    feature = "html",
    feature = "docx",
    feature = "spreadsheet",
    feature = "pdf",
    feature = "csv"
))]

mod common;

use common::files_under;
use docmend::model::{Block, Document, Table};
use docmend::write::{self, WriteOptions};
use docmend::{Options, Registry};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The fixture directories whose inputs have golden Markdown.
const DIRECTORIES: [&str; 7] = [
    "text",
    "variants",
    "csv",
    "html",
    "docx",
    "spreadsheet",
    "pdf",
];

/// Inputs that are broken or hostile on purpose: they must keep failing
/// (REVIEW.md lists docmend's message for each).
const MEANT_TO_FAIL: [&str; 15] = [
    "docx/corrupt_declared_3gb.docx",
    "docx/corrupt_malformed_xml.docx",
    "docx/corrupt_missing_document.docx",
    "docx/corrupt_zip_bomb.docx",
    "docx/corrupt_zip_bomb_lying_size.docx",
    "pdf/encrypted.pdf",
    "pdf/hostile/bomb_objstm.pdf",
    "pdf/hostile/bomb_xref_stream.pdf",
    "spreadsheet/directory_loop.xls",
    "spreadsheet/encrypted.xlsx",
    "spreadsheet/hostile_dimensions.xls",
    "spreadsheet/hostile_shared_strings.xlsx",
    "spreadsheet/not_a_workbook.xls",
    "spreadsheet/unsorted_directory.doc",
    "spreadsheet/word_document.doc",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn goldens() -> PathBuf {
    fixtures().join("expected/markdown")
}

/// Whether a file under the fixture directories is an input (not an
/// expected output, a generator, a manifest or a README).
fn is_input(name: &str) -> bool {
    !(name.ends_with(".expected.json")
        || name == "expected.json"
        || name == "manifest.json"
        || name == "README.md"
        || name.ends_with(".py")
        || name.ends_with(".sh"))
}

/// Every input, as its path relative to `fixtures/` with `/` separators.
fn inputs() -> Vec<String> {
    let mut paths = Vec::new();
    for dir in DIRECTORIES {
        files_under(&fixtures().join(dir), &mut paths);
    }
    let mut inputs: Vec<String> = paths
        .iter()
        .filter(|p| is_input(&p.file_name().unwrap_or_default().to_string_lossy()))
        .map(|p| relative(p, &fixtures()))
        .collect();
    inputs.sort();
    inputs
}

fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).expect("under the root");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Converts a fixture as `docmend convert` does, naming it by its file name.
fn convert(relative: &str) -> Result<Document, String> {
    let path = fixtures().join(relative);
    let bytes = std::fs::read(&path).map_err(|e| format!("{relative}: {e}"))?;
    let name = path.file_name().expect("a file name").to_string_lossy();
    docmend::convert_bytes(&Registry::default(), &bytes, &name, &Options::default())
        .map_err(|e| e.to_string())
}

/// The Markdown as `docmend convert --to markdown` writes it: ending in a
/// newline, an empty document's too.
fn markdown(document: &Document) -> String {
    let mut text = write::markdown(document, &WriteOptions::default());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn golden_path(relative: &str) -> PathBuf {
    goldens().join(format!("{relative}.md"))
}

#[test]
fn every_fixture_gives_its_reviewed_markdown() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for input in inputs() {
        if MEANT_TO_FAIL.contains(&input.as_str()) {
            continue;
        }
        let document = match convert(&input) {
            Ok(document) => document,
            Err(e) => {
                failures.push(format!("{input}: does not convert: {e}"));
                continue;
            }
        };
        let path = golden_path(&input);
        let Ok(golden) = std::fs::read_to_string(&path) else {
            failures.push(format!(
                "{input}: no golden file {} (review a draft from \
                 fixtures/expected/markdown/draft.sh and add it)",
                path.display()
            ));
            continue;
        };
        let written = markdown(&document);
        if let Some(difference) = first_difference(&golden, &written) {
            failures.push(format!("{input}: {difference}"));
        }
        compared += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 99, "only {compared} fixtures compared");
}

/// The first line where `written` differs from `golden`.
fn first_difference(golden: &str, written: &str) -> Option<String> {
    if golden == written {
        return None;
    }
    let (mut g, mut w) = (golden.split('\n'), written.split('\n'));
    for line in 1.. {
        match (g.next(), w.next()) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                return Some(format!(
                    "differs from its golden file at line {line}:\n  golden:  {a:?}\n  written: {b:?}"
                ));
            }
        }
    }
    unreachable!()
}

#[test]
fn the_broken_fixtures_still_fail() {
    for input in MEANT_TO_FAIL {
        assert!(
            fixtures().join(input).is_file(),
            "{input}: the fixture is gone"
        );
        assert!(convert(input).is_err(), "{input} converts");
        assert!(
            !golden_path(input).exists(),
            "{input}: a golden file for a fixture that fails"
        );
    }
}

#[test]
fn every_golden_file_has_its_fixture() {
    let inputs: BTreeSet<String> = inputs().into_iter().collect();
    let mut paths = Vec::new();
    files_under(&goldens(), &mut paths);
    let mut orphans = Vec::new();
    for path in paths {
        let rel = relative(&path, &goldens());
        let Some(input) = rel.strip_suffix(".md") else {
            continue;
        };
        if rel == "REVIEW.md" || !rel.contains('/') {
            continue;
        }
        if !inputs.contains(input) || MEANT_TO_FAIL.contains(&input) {
            orphans.push(rel);
        }
    }
    assert!(
        orphans.is_empty(),
        "golden files without a fixture: {orphans:?}"
    );
}

// ---------------------------------------------------------------------------
// The tables of the golden files, parsed back

/// A cell as the Markdown shows it: where it starts, its spans, its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Placed {
    row: usize,
    col: usize,
    row_span: usize,
    col_span: usize,
    text: String,
}

#[test]
fn golden_tables_hold_each_cell_once_with_its_spans() {
    let mut tables_checked = 0;
    let mut spanned_checked = 0;
    for input in inputs() {
        let Ok(golden) = std::fs::read_to_string(golden_path(&input)) else {
            continue; // the first test names it
        };
        let Ok(document) = convert(&input) else {
            continue;
        };
        let written = parse_tables(&golden);
        let model: Vec<&Table> = document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) if t.n_rows > 0 && t.n_cols > 0 => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(
            written.len(),
            model.len(),
            "{input}: {} tables in the golden file, {} in the document",
            written.len(),
            model.len()
        );
        for (n, (table, parsed)) in model.iter().zip(&written).enumerate() {
            let (html, mut cells) = parsed.clone();
            let spanned = table.cells.iter().any(|c| c.row_span > 1 || c.col_span > 1);
            assert_eq!(
                html,
                spanned || table.header_rows > 1,
                "{input}: table {} is {} but has {}spans and {} header rows",
                n + 1,
                if html { "HTML" } else { "a pipe table" },
                if spanned { "" } else { "no " },
                table.header_rows
            );
            if !html && table.header_rows == 0 {
                // The empty header row a pipe table needs.
                assert!(
                    cells.iter().all(|c| c.row > 0 || c.text.is_empty()),
                    "{input}: table {}: a header the document does not have",
                    n + 1
                );
                cells.retain(|c| c.row > 0);
                for cell in &mut cells {
                    cell.row -= 1;
                }
            }
            let mut expected = model_cells(table, !html);
            expected.sort();
            cells.sort();
            if let Some(at) =
                (0..expected.len().max(cells.len())).find(|&i| expected.get(i) != cells.get(i))
            {
                panic!(
                    "{input}: table {}: the document has {:?}, the golden file {:?}",
                    n + 1,
                    expected.get(at),
                    cells.get(at)
                );
            }
            tables_checked += 1;
            spanned_checked += usize::from(spanned);
        }
    }
    assert!(tables_checked >= 100, "only {tables_checked} tables");
    assert!(
        spanned_checked >= 40,
        "only {spanned_checked} spanned tables"
    );
}

/// A document table's cells as a writer must show them, each position no
/// cell covers as an empty cell.
fn model_cells(table: &Table, pipe: bool) -> Vec<Placed> {
    let mut covered = vec![false; table.n_rows * table.n_cols];
    let mut cells = Vec::new();
    for cell in &table.cells {
        let (row_span, col_span) = (cell.row_span.max(1), cell.col_span.max(1));
        for r in cell.row..(cell.row + row_span).min(table.n_rows) {
            for c in cell.col..(cell.col + col_span).min(table.n_cols) {
                covered[r * table.n_cols + c] = true;
            }
        }
        let text = if pipe {
            cell.text.trim().to_string()
        } else {
            cell.text.clone()
        };
        cells.push(Placed {
            row: cell.row,
            col: cell.col,
            row_span,
            col_span,
            text,
        });
    }
    for (i, _) in covered.iter().enumerate().filter(|(_, c)| !**c) {
        cells.push(Placed {
            row: i / table.n_cols,
            col: i % table.n_cols,
            row_span: 1,
            col_span: 1,
            text: String::new(),
        });
    }
    cells
}

/// The tables of a Markdown text in order: whether each is HTML, and its
/// cells placed on the grid.
fn parse_tables(markdown: &str) -> Vec<(bool, Vec<Placed>)> {
    let lines: Vec<&str> = markdown.split('\n').collect();
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i] == "<table>" {
            let end = (i..lines.len())
                .find(|&j| lines[j] == "</table>")
                .expect("an HTML table ends");
            let rows: Vec<Vec<(usize, usize, String)>> = lines[i + 1..end]
                .iter()
                .filter(|l| l.starts_with("<tr>"))
                .map(|l| html_row(l))
                .collect();
            tables.push((true, place(&rows)));
            i = end + 1;
        } else if lines[i].starts_with('|') && lines.get(i + 1).is_some_and(|l| is_delimiter_row(l))
        {
            let mut rows = vec![pipe_row(lines[i])];
            i += 2;
            while i < lines.len() && lines[i].starts_with('|') {
                rows.push(pipe_row(lines[i]));
                i += 1;
            }
            let width = rows[0].len();
            assert!(
                rows.iter().all(|r| r.len() == width),
                "a pipe table's rows differ in width: {rows:?}"
            );
            let rows: Vec<Vec<(usize, usize, String)>> = rows
                .into_iter()
                .map(|r| r.into_iter().map(|t| (1, 1, t)).collect())
                .collect();
            tables.push((false, place(&rows)));
        } else {
            i += 1;
        }
    }
    tables
}

fn is_delimiter_row(line: &str) -> bool {
    line.len() > 1 && line.starts_with('|') && line[1..].split_terminator('|').all(|c| c == "---")
}

/// The cells of a pipe table's row: split at pipes that are not escaped,
/// trimmed, Markdown escapes undone, `<br>` a line break.
fn pipe_row(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = line.strip_prefix('|').expect("a pipe row").chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) if next.is_ascii_punctuation() => current.push(next),
                Some(next) => {
                    current.push('\\');
                    current.push(next);
                }
                None => current.push('\\'),
            },
            '|' => cells.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    assert!(current.is_empty(), "a pipe row ends in a pipe: {line:?}");
    cells
        .into_iter()
        .map(|c| c.replace("<br>", "\n").trim().to_string())
        .collect()
}

/// The cells of an HTML table row: (rowspan, colspan, text).
fn html_row(line: &str) -> Vec<(usize, usize, String)> {
    let mut cells = Vec::new();
    let mut rest = line.strip_prefix("<tr>").expect("a row");
    while let Some(open) = rest
        .strip_prefix("<td")
        .or_else(|| rest.strip_prefix("<th"))
    {
        let tag_end = open.find('>').expect("a start tag ends");
        let attributes = &open[..tag_end];
        let span = |name: &str| -> usize {
            let key = format!("{name}=\"");
            attributes.find(&key).map_or(1, |at| {
                let value = &attributes[at + key.len()..];
                value[..value.find('"').expect("a quoted value")]
                    .parse()
                    .expect("a span is a number")
            })
        };
        let body = &open[tag_end + 1..];
        let close = body
            .find("</td>")
            .into_iter()
            .chain(body.find("</th>"))
            .min()
            .expect("a cell ends");
        let text = body[..close]
            .replace("<br>", "\n")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        cells.push((span("rowspan"), span("colspan"), text));
        rest = &body[close + 5..];
    }
    assert_eq!(rest, "</tr>", "a row holds only cells");
    cells
}

/// Cells of rows placed as an HTML table places them: each in the first
/// position of its row that no span from above covers.
fn place(rows: &[Vec<(usize, usize, String)>]) -> Vec<Placed> {
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut placed = Vec::new();
    for (row, cells) in rows.iter().enumerate() {
        let mut col = 0;
        for (row_span, col_span, text) in cells {
            while taken.contains(&(row, col)) {
                col += 1;
            }
            for r in row..row + row_span {
                for c in col..col + col_span {
                    assert!(taken.insert((r, c)), "two cells at ({r}, {c})");
                }
            }
            placed.push(Placed {
                row,
                col,
                row_span: *row_span,
                col_span: *col_span,
                text: text.clone(),
            });
            col += col_span;
        }
    }
    placed
}

#[test]
fn the_table_parser_reads_spans_and_escapes() {
    let markdown = "x\n\n| a\\|b | c |\n|---|---|\n| 1<br>2 | |\n\n<table>\n<thead>\n\
                    <tr><th rowspan=\"2\">A</th><th colspan=\"2\">B</th></tr>\n</thead>\n\
                    <tbody>\n<tr><td>&lt;1&gt;</td><td>2</td></tr>\n</tbody>\n</table>\n";
    let tables = parse_tables(markdown);
    assert_eq!(tables.len(), 2);
    let texts: Vec<&str> = tables[0].1.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["a|b", "c", "1\n2", ""]);
    let spans: Vec<(usize, usize, usize, usize, &str)> = tables[1]
        .1
        .iter()
        .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.as_str()))
        .collect();
    assert_eq!(
        spans,
        [
            (0, 0, 2, 1, "A"),
            (0, 1, 1, 2, "B"),
            (1, 1, 1, 1, "<1>"),
            (1, 2, 1, 1, "2")
        ]
    );
}
