//! PDFs printed by LibreOffice from the DOCX fixtures
//! (`fixtures/pdf/libreoffice.sh`, into `fixtures/pdf/libreoffice/`),
//! converted with `docmend::convert_bytes` and held against what the DOCX
//! sources hold: the hand-checked `fixtures/docx/*.expected.json`, or a
//! `fixtures/pdf/libreoffice/<name>.expected.json` where print cannot carry
//! the DOCX markup. The seed-003 report must give the text seed's
//! statistics and failed checks.
//!
//! The fonts are what a word processor embeds, not what a PDF library
//! writes: Noto CJK subsets as simple Type 1 fonts with one-byte ToUnicode
//! maps and DejaVu Serif as a TrueType subset (see the script's header).

#![cfg(feature = "pdf")]

mod common;

use docmend::model::{Block, DiagnosticCode, Document};
use docmend::{Options, Registry};
use serde_json::{Value, json};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn convert_pdf(name: &str) -> Document {
    let file = format!("{name}.pdf");
    let bytes = std::fs::read(root().join("fixtures/pdf/libreoffice").join(&file))
        .expect("fixture readable");
    docmend::convert_bytes(&Registry::default(), &bytes, &file, &Options::default())
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn read_json(relative: &str) -> Value {
    let text = std::fs::read_to_string(root().join(relative)).expect("expected file readable");
    serde_json::from_str(&text).expect("expected file is JSON")
}

/// The hand-checked expected output of the DOCX the PDF was printed from.
fn docx_expected(name: &str) -> Value {
    read_json(&format!("fixtures/docx/{name}.expected.json"))
}

/// A text block as printed: a heading's numbering stands before its text
/// (a PDF has no heading markup; whether a line becomes a heading is the
/// converter's and the pipeline's guess, checked separately).
fn printed(block: &Block) -> Option<String> {
    match block {
        Block::Heading(h) => Some(format!(
            "{}{}",
            h.numbering.as_deref().unwrap_or(""),
            h.text
        )),
        Block::Paragraph(p) => Some(p.text.clone()),
        Block::List(_) | Block::Table(_) => None,
        other => panic!("a block type this test does not know: {other:?}"),
    }
}

fn texts(doc: &Document) -> Vec<String> {
    doc.blocks.iter().filter_map(printed).collect()
}

/// The non-table blocks of a DOCX expected file, printed the same way.
fn expected_texts(want: &Value) -> Vec<String> {
    want["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["type"] != "table")
        .map(|b| {
            format!(
                "{}{}",
                b["numbering"].as_str().unwrap_or(""),
                b["text"].as_str().expect("text")
            )
        })
        .collect()
}

/// The tables of a DOCX expected file in the form `assert_tables_match`
/// reads.
fn expected_tables(want: &Value) -> Value {
    let tables: Vec<Value> = want["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["type"] == "table")
        .enumerate()
        .map(|(i, b)| {
            json!({
                "title": format!("table {}", i + 1),
                "grid": b["grid"],
                "n_cols": b["n_cols"],
                "header_rows": b["header_rows"],
            })
        })
        .collect();
    Value::Array(tables)
}

/// The numbered level-1 headings of a DOCX expected file.
fn expected_section_headings(want: &Value) -> Vec<(String, String)> {
    want["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["type"] == "heading" && b["level"] == 1 && b["numbering"].is_string())
        .map(|b| {
            (
                b["numbering"].as_str().unwrap().to_string(),
                b["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn without_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// US Letter (python-docx's template) and A4 (the hand-written DOCX
/// fixtures' `w:pgSz`), as `pdfinfo` reports them.
const LETTER: (f64, f64) = (612.0, 792.0);
const A4: (f64, f64) = (595.304, 841.89);

/// The fixtures, their page size and page count (`pdfinfo`).
const FIXTURES: [(&str, (f64, f64), u32); 5] = [
    ("annual_report_003", LETTER, 5),
    ("gridspan_header", A4, 1),
    ("vmerge_restart_continue", A4, 1),
    ("headings_by_style_and_numbering", A4, 1),
    ("tcw_pct_width", A4, 1),
];

// ---------------------------------------------------------------------------
// Every fixture

/// Every block has its page and a box inside that page; blocks on one page
/// come top to bottom.
#[test]
fn every_block_has_page_and_box() {
    for (name, (width, height), pages) in FIXTURES {
        let doc = convert_pdf(name);
        assert!(!doc.blocks.is_empty(), "{name}: no blocks");
        let mut last: Option<(u32, f64)> = None;
        for block in &doc.blocks {
            let origin = block
                .origin()
                .unwrap_or_else(|| panic!("{name}: no origin: {block:?}"));
            let page = origin
                .page
                .unwrap_or_else(|| panic!("{name}: no page: {block:?}"));
            assert!((1..=pages).contains(&page), "{name}: page {page}");
            let [x0, y0, x1, y1] = origin
                .bbox
                .unwrap_or_else(|| panic!("{name}: no box: {block:?}"));
            assert!(0.0 <= x0 && x0 < x1 && x1 <= width, "{name}: {block:?}");
            assert!(0.0 <= y0 && y0 < y1 && y1 <= height, "{name}: {block:?}");
            if let Some((last_page, last_top)) = last {
                assert!(last_page <= page, "{name}: pages out of order: {block:?}");
                if last_page == page {
                    assert!(y1 <= last_top + 1.0, "{name}: out of order: {block:?}");
                }
            }
            last = Some((page, y1));
        }
    }
}

/// Every glyph LibreOffice embedded decodes through its ToUnicode map: no
/// font is reported with unmapped codes, and no text is a replacement or
/// private-use character.
#[test]
fn every_glyph_decodes() {
    for (name, _, _) in FIXTURES {
        let doc = convert_pdf(name);
        assert!(
            !doc.diagnostics
                .iter()
                .any(|d| d.code == DiagnosticCode::UnmappedGlyphs),
            "{name}: {:?}",
            doc.diagnostics
        );
        let all = serde_json::to_string(&doc.blocks).unwrap();
        assert!(
            !all.chars()
                .any(|c| c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c)),
            "{name}: undecoded characters"
        );
    }
}

// ---------------------------------------------------------------------------
// annual_report_003: python-docx's "Table Grid" rules every cell, so the
// three tables are ruled; Heading 1 prints larger, bold and coloured.

#[cfg(feature = "text")]
#[test]
fn annual_report_003_gives_the_text_seeds_statistics() {
    let pdf = convert_pdf("annual_report_003");
    let text_path = root().join("fixtures/text/003_b40d9c03878ac230.txt");
    let text = docmend::convert_bytes(
        &Registry::default(),
        &std::fs::read(text_path).unwrap(),
        "003.txt",
        &Options::default(),
    )
    .unwrap();
    assert_eq!(common::statistics(&pdf), common::statistics(&text));
    assert_eq!(common::failed_checks(&pdf), common::failed_checks(&text));
}

/// The applications table runs from page 2 over pages 3 and 4 to page 5.
/// LibreOffice closes each page's part with a full-width rule and opens
/// the next with one, so a merged cell that goes on past a page end
/// (三、本年度办理结果, (三)不予公开, (五)不予处理, (六)其他处理) prints as an
/// empty ruled box at the top of the next page; and a row may break across
/// a page end (allowed by default in Word and LibreOffice): 1.信访举报投诉类 |
/// 申请 over pages 3–4 and 2.申请人逾期未按收费通知要求缴纳 | 费用、… over
/// pages 4–5, the second part holding only the rest of the wrapped text.
#[test]
fn annual_report_003_tables_match_the_docx() {
    let doc = convert_pdf("annual_report_003");
    let want = expected_tables(&docx_expected("annual_report_003"));
    common::assert_tables_match("annual_report_003.pdf", &common::tables(&doc), &want);
}

#[test]
fn annual_report_003_text_matches_the_docx() {
    let doc = convert_pdf("annual_report_003");
    let want = docx_expected("annual_report_003");
    assert_eq!(texts(&doc), expected_texts(&want));
    assert_eq!(
        common::section_headings(&doc),
        expected_section_headings(&want)
    );
    assert_eq!(
        doc.metadata.title.as_deref(),
        want["metadata_title"].as_str()
    );
}

/// The pages LibreOffice put things on, as `pdftotext -f N -l N` shows
/// them: 一、 on page 1; 二、, its table, 三、 and the start of the
/// applications table on page 2 (which runs over pages 3 and 4, two of its
/// rows broken across the page ends); 四、 with the review table, 五、 and
/// 六、 on page 5.
#[test]
fn annual_report_003_blocks_are_on_their_pages() {
    let doc = convert_pdf("annual_report_003");
    let headings: Vec<(String, u32)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) if h.level == 1 && h.numbering.is_some() => Some((
                h.numbering.clone().unwrap(),
                b.origin().and_then(|o| o.page).unwrap_or(0),
            )),
            _ => None,
        })
        .collect();
    let want: Vec<(String, u32)> = [
        ("一、", 1),
        ("二、", 2),
        ("三、", 2),
        ("四、", 5),
        ("五、", 5),
        ("六、", 5),
    ]
    .iter()
    .map(|(n, p)| (n.to_string(), *p))
    .collect();
    assert_eq!(headings, want);
    let table_pages: Vec<u32> = common::tables(&doc)
        .iter()
        .map(|t| t.origin.as_ref().and_then(|o| o.page).unwrap_or(0))
        .collect();
    assert_eq!(table_pages, [2, 2, 5]);
}

// ---------------------------------------------------------------------------
// The fixtures whose tables have no borders: their styles.xml defines the
// "Table Grid" style without w:tblBorders, so Word and LibreOffice both
// print them unruled, and the content stream holds no path at all.
//
// Without rules a PDF does not carry where a cell ends: a column in which
// no cell's text starts (columns 2 and 3 of gridspan_header, under a label
// spanning three) and the right end of a left-aligned spanning label
// (申请人情况 over seven columns) are not printed. What it does carry is
// each row and the text of each cell, top-aligned in the row where the
// cell starts. So these tests hold the table to the DOCX grid's rows and,
// row by row, to the texts of the cells that start there, left to right
// (wrapped lines joined), and the paragraphs around it to the DOCX's.

/// Row by row, the non-empty texts of the cells that start in the row.
fn texts_by_row(grid: &[Vec<String>]) -> Vec<Vec<String>> {
    grid.iter()
        .map(|row| {
            row.iter()
                .filter(|t| !t.is_empty() && *t != "<" && *t != "^" && *t != "?")
                .cloned()
                .collect()
        })
        .collect()
}

fn check_unruled(name: &str) {
    let doc = convert_pdf(name);
    let want = docx_expected(name);
    let want_grids: Vec<Vec<Vec<String>>> = want["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "table")
        .map(|b| serde_json::from_value(b["grid"].clone()).unwrap())
        .collect();
    let got_grids: Vec<Vec<Vec<String>>> = common::tables(&doc)
        .iter()
        .map(|t| common::table_grid(t))
        .collect();
    assert_eq!(
        got_grids.len(),
        want_grids.len(),
        "{name}: number of tables"
    );
    for (k, (got, want)) in got_grids.iter().zip(&want_grids).enumerate() {
        let (got, want) = (texts_by_row(got), texts_by_row(want));
        for (r, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{name}: table {k}, texts of row {r}");
        }
        assert_eq!(got.len(), want.len(), "{name}: table {k}, rows");
    }
    assert_eq!(texts(&doc), expected_texts(&want), "{name}: paragraphs");
}

#[test]
fn gridspan_header_unruled_table_rows_and_texts() {
    check_unruled("gridspan_header");
}

#[test]
fn vmerge_restart_continue_unruled_table_rows_and_texts() {
    check_unruled("vmerge_restart_continue");
}

#[test]
fn tcw_pct_width_unruled_table_rows_and_texts() {
    check_unruled("tcw_pct_width");
}

// ---------------------------------------------------------------------------
// headings_by_style_and_numbering: its styles set no font, size or weight,
// so only the numbering LibreOffice draws can mark a heading; the table of
// contents is printed. Hence an expected file of its own.

fn headings_expected() -> Value {
    read_json("fixtures/pdf/libreoffice/headings_by_style_and_numbering.expected.json")
}

#[test]
fn headings_lines_are_the_printed_paragraphs() {
    let doc = convert_pdf("headings_by_style_and_numbering");
    let want: Vec<String> = headings_expected()["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    let got: Vec<String> = texts(&doc).iter().map(|t| without_space(t)).collect();
    assert_eq!(got, want);
    assert!(common::tables(&doc).is_empty());
}

#[test]
fn headings_section_headings_are_the_bodys() {
    let doc = convert_pdf("headings_by_style_and_numbering");
    assert_eq!(
        common::section_headings(&doc),
        common::expected_section_headings(&headings_expected()["section_headings"])
    );
}
