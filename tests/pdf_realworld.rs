//! Real-world PDFs copied into `fixtures/pdf/realworld/` (licences in its
//! README): each must give what its expected file, written from the
//! source project's ground truth or from poppler, says.

#![cfg(feature = "pdf")]

mod common;

use docmend::model::{Block, DiagnosticCode, Document};
use docmend::{Options, Registry};
use serde_json::Value;
use std::path::Path;

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/realworld")
}

fn convert(name: &str) -> Document {
    let bytes = std::fs::read(dir().join(format!("{name}.pdf"))).unwrap();
    docmend::convert_bytes(&Registry::default(), &bytes, name, &Options::default()).unwrap()
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(dir().join(format!("{name}.expected.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every text of the document in reading order, headings with their
/// numbering.
fn texts(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.clone()),
            Block::Heading(h) => Some(match &h.numbering {
                Some(n) => format!("{n} {}", h.text),
                None => h.text.clone(),
            }),
            _ => None,
        })
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn docling_page_matches_doclings_ground_truth() {
    let name = "docling_2305.03393v1-pg9";
    let doc = convert(name);
    let want = expected(name);
    // The table, cell by cell with its spans.
    let got: Vec<Vec<Vec<String>>> = common::tables(&doc)
        .iter()
        .map(|t| common::table_grid(t))
        .collect();
    let want_tables: Vec<Vec<Vec<String>>> =
        serde_json::from_value(want["tables"].clone()).unwrap();
    assert_eq!(got, want_tables);
    // Headings: level, numbering and text.
    let headings: Vec<(u8, String, String)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some((
                h.level,
                h.numbering.clone().unwrap_or_default(),
                h.text.clone(),
            )),
            _ => None,
        })
        .collect();
    let want_headings: Vec<(u8, String, String)> =
        serde_json::from_value(want["headings"].clone()).unwrap();
    assert_eq!(headings, want_headings);
    // Paragraphs: the ground truth's, in order, but for the differences
    // the expected file names and explains.
    let differs = want["differs"].as_object().unwrap();
    let extra = strings(&want["extra_paragraphs"]);
    let want_paragraphs: Vec<String> = strings(&want["paragraphs"])
        .into_iter()
        .map(|p| {
            differs
                .get(&p)
                .map_or(p, |d| d.as_str().unwrap().to_string())
        })
        .collect();
    let got_paragraphs: Vec<String> = common::paragraphs(&doc)
        .into_iter()
        .map(str::to_string)
        .filter(|p| !extra.contains(p))
        .collect();
    assert_eq!(got_paragraphs, want_paragraphs);
}

#[test]
fn gbk_bytes_through_a_chinese_system_font_read_as_chinese() {
    let name = "pdfjs_XiaoBiaoSong";
    let doc = convert(name);
    let want = expected(name);
    let got = texts(&doc);
    // The page number and the title (letter-spaced with ideographic
    // spaces, which are kept).
    assert_eq!(got[0], "１");
    assert_eq!(got[1].replace(['\u{3000}', ' '], ""), "目录");
    let entries = want["contents"].as_array().unwrap();
    assert_eq!(got.len(), 2 + 2 * entries.len(), "{got:?}");
    for (k, e) in entries.iter().enumerate() {
        let (line, date) = (&got[2 + 2 * k], &got[3 + 2 * k]);
        let title = e["title"].as_str().unwrap();
        let page = e["page"].as_str().unwrap();
        assert!(line.starts_with(title), "{line}");
        assert!(line.ends_with(page), "{line}");
        // Between them only the dot leader (and a space before the page).
        let leader = &line[title.len()..line.len() - page.len()];
        assert!(leader.chars().all(|c| c == '…' || c == ' '), "{line}");
        assert_eq!(date, e["date"].as_str().unwrap());
    }
    assert!(
        doc.diagnostics
            .iter()
            .all(|d| d.code != DiagnosticCode::UnmappedGlyphs)
    );
}

/// The text in reading order, with nothing between the expected pieces
/// but white space.
fn assert_text_in_order(name: &str) {
    let doc = convert(name);
    let want = strings(&expected(name)["text_in_order"]);
    let got: String = texts(&doc).concat().split_whitespace().collect();
    assert_eq!(got, want.concat(), "{:?}", texts(&doc));
    assert!(
        doc.diagnostics
            .iter()
            .all(|d| d.code != DiagnosticCode::UnmappedGlyphs)
    );
}

#[test]
fn vertical_japanese_reads_top_to_bottom_right_to_left() {
    assert_text_in_order("pdfjs_vertical");
}

#[test]
fn identity_cid_font_without_to_unicode_reads_through_its_collection() {
    assert_text_in_order("pdfjs_noembed-identity");
}
