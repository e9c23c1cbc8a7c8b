//! The PDF converter end to end: the seed-003 report as a PDF gives the
//! text seed's statistics, tables match the grids the generator drew, page
//! furniture goes, scanned and encrypted files are reported, and no input
//! (mutated fixtures, real-world files) makes it panic.

#![cfg(feature = "pdf")]

mod common;

use docmend::model::{Block, DiagnosticCode, Document};
use docmend::{Options, Registry};
use std::path::Path;

fn convert(bytes: &[u8], name: &str) -> Result<Document, docmend::Error> {
    docmend::convert_bytes(&Registry::default(), bytes, name, &Options::default())
}

fn fixture(name: &str) -> Vec<u8> {
    common::fixture_bytes(&format!("pdf/{name}"))
}

fn expected(name: &str) -> serde_json::Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn expected_grids(name: &str) -> Vec<Vec<Vec<String>>> {
    expected(name)["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "table")
        .map(|b| serde_json::from_value(b["grid"].clone()).unwrap())
        .collect()
}

fn grids(doc: &Document) -> Vec<Vec<Vec<String>>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(common::table_grid(t)),
            _ => None,
        })
        .collect()
}

#[cfg(feature = "text")]
#[test]
fn seed_003_pdf_gives_the_text_seeds_statistics() {
    let pdf = convert(&fixture("annual_report_003.pdf"), "annual_report_003.pdf").unwrap();
    let text_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text/003_b40d9c03878ac230.txt");
    let text = convert(&std::fs::read(text_path).unwrap(), "003.txt").unwrap();
    assert_eq!(common::statistics(&pdf), common::statistics(&text));
    assert_eq!(common::failed_checks(&pdf), common::failed_checks(&text));
    // The Info dictionary as the generator wrote it (title=…).
    assert_eq!(
        pdf.metadata.title.as_deref(),
        Some("2022年政府信息公开工作年度报告")
    );
    assert!(
        pdf.metadata
            .created
            .as_deref()
            .is_some_and(|d| d.len() >= 10 && d.as_bytes()[4] == b'-')
    );
}

/// A government page saved as PDF from a browser (fixtures/pdf/browser.sh):
/// its Chinese set in a Hei face, its /Title the page's `<title>` (the
/// issuer's name). The same figures, failed checks, issuer and year as the
/// page itself, whose figures tests/html.rs checks against seed 003; the
/// paragraphs whole (no sentence cut where a line held no Latin
/// character), the six sections found.
///
/// `gov_holdout_003.pdf`: the browser paints the page's white background
/// round its content, touching the sides of its three tables; a white
/// area is no rule, so the tables stay three (not one grid holding the
/// text between them).
#[cfg(feature = "html")]
#[test]
fn a_page_printed_from_a_browser_gives_the_pages_figures() {
    for name in ["gov_city_003", "gov_holdout_003"] {
        let pdf = common::convert_file(&format!("fixtures/pdf/browser/{name}.pdf"));
        let page = common::convert_file(&format!("fixtures/html/{name}.html"));
        assert_eq!(common::statistics(&pdf).len(), 200, "{name}");
        assert_eq!(
            common::statistics(&pdf),
            common::statistics(&page),
            "{name}"
        );
        assert_eq!(
            common::failed_checks(&pdf),
            common::failed_checks(&page),
            "{name}"
        );
        assert_eq!(common::tables(&pdf).len(), 3, "{name}");
        let (pdf, page) = (pdf.profile.unwrap(), page.profile.unwrap());
        assert_eq!(
            pdf.issuer.as_deref(),
            Some("晋城市城区人民政府办公室"),
            "{name}"
        );
        assert_eq!((pdf.issuer, pdf.year), (page.issuer, page.year), "{name}");
        let states = |checks: &[docmend::model::DocumentCheck]| -> Vec<(String, String)> {
            checks
                .iter()
                .map(|c| (c.rule.clone(), format!("{:?}", c.state)))
                .collect()
        };
        assert_eq!(
            states(&pdf.document_checks),
            states(&page.document_checks),
            "{name}"
        );
    }
}

/// The PDF names the browser as its maker, so the breadcrumb and chrome
/// passes run on it as on the saved page, each removal recorded; the
/// report's own text stays.
#[test]
fn a_browser_printed_page_loses_its_site_chrome_with_a_record() {
    let pdf = common::convert_file("fixtures/pdf/browser/gov_city_003.pdf");
    assert!(
        pdf.metadata.made_by_a_browser(),
        "{:?}",
        pdf.metadata.generator
    );
    let removed: Vec<&str> = pdf
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::PageChromeRemoved)
        .map(|d| d.message.as_str())
        .collect();
    for chrome in ["扫描二维码", "打印此页", "上一条：", "关怀版"] {
        assert!(
            removed.iter().any(|m| m.contains(chrome)),
            "{chrome}: {removed:?}"
        );
        assert!(
            !common::paragraphs(&pdf).iter().any(|p| p.contains(chrome)),
            "{chrome} still in the text"
        );
    }
    // A PDF that names no browser keeps such lines: the passes do not run.
    let other = convert(&fixture("annual_report_003.pdf"), "annual_report_003.pdf").unwrap();
    assert!(!other.metadata.made_by_a_browser());
    assert!(
        !other
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::PageChromeRemoved)
    );
}

#[cfg(feature = "html")]
#[test]
fn a_browser_printed_paragraph_stays_whole() {
    let pdf = common::convert_file("fixtures/pdf/browser/gov_city_003.pdf");
    // One sentence of the page, over three lines of the print.
    let sentence = "本年度报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。";
    assert!(
        common::paragraphs(&pdf)
            .iter()
            .any(|p| p.contains(sentence)),
        "{:?}",
        common::paragraphs(&pdf)
    );
}

#[test]
fn seed_003_tables_match_the_drawn_grids_across_the_page_break() {
    let doc = convert(&fixture("annual_report_003.pdf"), "annual_report_003.pdf").unwrap();
    assert_eq!(
        grids(&doc),
        expected_grids("annual_report_003.expected.json")
    );
    assert!(
        doc.blocks
            .iter()
            .all(|b| b.origin().and_then(|o| o.page).is_some())
    );
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::PageFurnitureRemoved)
    );
    let all_text = serde_json::to_string(&doc.blocks).unwrap();
    assert!(!all_text.contains("- 2 -"));
}

#[test]
fn one_table_pdf() {
    let doc = convert(&fixture("one_table.pdf"), "one_table.pdf").unwrap();
    assert_eq!(grids(&doc), expected_grids("one_table.expected.json"));
}

/// The texts of the expected file's blocks, tables as `table`.
fn expected_sequence(name: &str) -> Vec<String> {
    expected(name)["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| match b["type"].as_str() {
            Some("table") => "table".to_string(),
            _ => b["text"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// The document's blocks in order: texts, tables as `table`.
fn sequence(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text.clone(),
            Block::Heading(h) => format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text),
            Block::List(_) => "list".to_string(),
            Block::Table(_) => "table".to_string(),
            other => panic!("a block type this test does not know: {other:?}"),
        })
        .collect()
}

#[test]
fn three_line_table_is_found_from_its_text_alignment() {
    let doc = convert(&fixture("three_line_table.pdf"), "three_line_table.pdf").unwrap();
    assert_eq!(
        grids(&doc),
        expected_grids("three_line_table.expected.json")
    );
    assert_eq!(
        sequence(&doc),
        expected_sequence("three_line_table.expected.json")
    );
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::TableWithoutRules)
    );
    let tables = common::tables(&doc);
    assert_eq!(tables[0].header_rows, 1);
}

#[test]
fn two_columns_are_read_column_by_column() {
    let doc = convert(&fixture("two_columns.pdf"), "two_columns.pdf").unwrap();
    assert_eq!(
        sequence(&doc),
        expected_sequence("two_columns.expected.json")
    );
}

#[test]
fn page_furniture_is_removed() {
    let doc = convert(&fixture("page_numbers.pdf"), "page_numbers.pdf").unwrap();
    let texts = common::paragraphs(&doc);
    let want: Vec<String> = expected("page_numbers.expected.json")["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts, want);
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::PageFurnitureRemoved)
    );
}

#[test]
fn scanned_pdf_says_ocr_is_needed() {
    let doc = convert(&fixture("scanned.pdf"), "scanned.pdf").unwrap();
    assert!(doc.blocks.is_empty());
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::NoTextLayer)
    );
}

#[test]
fn encrypted_pdf_is_a_clear_error() {
    let err = convert(&fixture("encrypted.pdf"), "encrypted.pdf").unwrap_err();
    assert!(err.to_string().contains("encrypted PDF"), "{err}");
    assert!(err.to_string().contains("--password"), "{err}");
}

/// `encrypted.pdf` is encrypted with the user password `secret`
/// (`fixtures/pdf/generate.py`): given it, the file converts; given another,
/// the error says the password does not open it.
#[test]
fn a_password_opens_an_encrypted_pdf() {
    let with = |password: &str| {
        docmend::convert_bytes(
            &Registry::default(),
            &fixture("encrypted.pdf"),
            "encrypted.pdf",
            &Options {
                password: Some(password.to_string()),
                ..Options::default()
            },
        )
    };
    let doc = with("secret").expect("the right password opens it");
    assert!(!doc.blocks.is_empty(), "the page's text is read");
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::DecryptedWithPassword)
    );
    let err = with("wrong").unwrap_err();
    assert!(err.to_string().contains("password"), "{err}");
}

#[test]
fn mutated_fixtures_never_panic() {
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in [
        "annual_report_003.pdf",
        "one_table.pdf",
        "page_numbers.pdf",
        "right_to_left.pdf",
    ] {
        let base = fixture(name);
        for i in 0..100 {
            let mut bytes = base.clone();
            match i % 3 {
                0 => bytes.truncate((next() as usize) % bytes.len()),
                1 => {
                    for _ in 0..8 {
                        let at = (next() as usize) % bytes.len();
                        bytes[at] ^= 1 << (next() % 8);
                    }
                }
                _ => {
                    let at = (next() as usize) % bytes.len();
                    let len = (next() as usize % 64).min(bytes.len() - at);
                    for b in &mut bytes[at..at + len] {
                        *b = next() as u8;
                    }
                }
            }
            // Error or success; a panic would come back as ConverterPanicked.
            if let Err(e) = convert(&bytes, name) {
                assert!(
                    !matches!(e, docmend::Error::Panicked { .. }),
                    "{name} #{i}: {e}"
                );
            }
        }
    }
}

#[test]
#[ignore = "needs the real-world corpus"]
fn realworld_pdfs_convert_or_fail_clearly() {
    let root = common::realworld();
    let (mut ok, mut failed) = (0, Vec::new());
    for f in common::realworld_manifest() {
        if f.get(5).map(String::as_str) != Some("pdf") {
            continue;
        }
        let bytes = std::fs::read(root.join(&f[0])).unwrap();
        match convert(&bytes, &f[0]) {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(
                    !matches!(e, docmend::Error::Panicked { .. }),
                    "{}: {e}",
                    f[0]
                );
                failed.push(format!("{}: {e}", f[0]));
            }
        }
    }
    eprintln!(
        "real-world PDFs: {ok} converted, {} clear errors",
        failed.len()
    );
    assert!(ok > 0, "no real-world PDF converted: {failed:#?}");
    for f in &failed {
        eprintln!("  {f}");
    }
}

/// Every block has its page and its box on the page, inside the A4 page,
/// and blocks on one page come top to bottom.
#[test]
fn blocks_carry_page_and_box() {
    let doc = convert(&fixture("annual_report_003.pdf"), "annual_report_003.pdf").unwrap();
    let mut last: Option<(u32, f64)> = None;
    for block in &doc.blocks {
        let origin = block.origin().expect("every block has an origin");
        let page = origin.page.expect("a page number");
        let [x0, y0, x1, y1] = origin.bbox.expect("a box");
        assert!(0.0 <= x0 && x0 < x1 && x1 <= 595.5, "{block:?}");
        assert!(0.0 <= y0 && y0 < y1 && y1 <= 842.5, "{block:?}");
        if let Some((last_page, last_top)) = last
            && last_page == page
        {
            assert!(
                y1 <= last_top + 1.0,
                "blocks on page {page} out of order: {block:?}"
            );
        }
        last = Some((page, y1));
    }
    let tables: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, docmend::model::Block::Table(_)))
        .collect();
    assert_eq!(tables.len(), 3);
}

/// A short line set clearly larger than the body text is a heading even
/// without numbering; numbered ones keep their numbering apart.
#[test]
fn headings_by_font_size() {
    let doc = convert(&fixture("one_table.pdf"), "one_table.pdf").unwrap();
    match &doc.blocks[0] {
        Block::Heading(h) => {
            assert_eq!(
                (h.level, h.numbering.as_deref(), h.text.as_str()),
                (1, None, "统计表")
            );
        }
        other => panic!("expected the 14 pt title as a heading, got {other:?}"),
    }
    assert!(
        matches!(&doc.blocks[1], Block::Paragraph(p) if p.text == "下表列出本年与上年的数量。")
    );
    let report = convert(&fixture("annual_report_003.pdf"), "annual_report_003.pdf").unwrap();
    let sections: Vec<(Option<&str>, &str)> = report
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) if h.level == 1 && h.numbering.is_some() => {
                Some((h.numbering.as_deref(), h.text.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(sections.len(), 6, "{sections:?}");
    assert_eq!(sections[0], (Some("一、"), "总体情况"));
}

/// A paragraph that a page break cut in two comes back as one paragraph.
#[test]
fn paragraph_cut_by_a_page_break_is_joined() {
    let doc = convert(
        &fixture("page_break_paragraph.pdf"),
        "page_break_paragraph.pdf",
    )
    .unwrap();
    let want = expected("page_break_paragraph.expected.json");
    let long = want["blocks"][1]["text"].as_str().unwrap();
    assert_eq!(common::paragraphs(&doc), [long]);
    assert!(matches!(&doc.blocks[0], Block::Heading(h) if h.text == "总体情况"));
}

/// Hebrew and Arabic placed on the page in visual order come out in the
/// order they are read: right-to-left lines reversed glyph by glyph, the
/// numbers and Latin words inside them kept left to right, Arabic
/// presentation forms as base letters, a ragged-left paragraph joined.
#[test]
fn right_to_left_text_is_read_in_logical_order() {
    let doc = convert(&fixture("right_to_left.pdf"), "right_to_left.pdf").unwrap();
    assert_eq!(
        sequence(&doc),
        expected_sequence("right_to_left.expected.json")
    );
    assert!(matches!(&doc.blocks[0], Block::Heading(h) if h.level == 1));
}

/// Lines starting with bullets or numbers, their wrapped lines hanging
/// under the text, make list blocks (nested by indent); Chinese numbered
/// section titles stay headings.
#[test]
fn lists_come_from_markers_and_hanging_indents() {
    let doc = convert(&fixture("lists.pdf"), "lists.pdf").unwrap();
    let want = expected("lists.expected.json");
    let want_blocks = want["blocks"].as_array().unwrap();
    let texts = sequence(&doc);
    assert_eq!(texts.len(), want_blocks.len(), "{texts:?}");
    for ((block, text), want) in doc.blocks.iter().zip(&texts).zip(want_blocks) {
        match (block, want["type"].as_str().unwrap()) {
            (Block::List(list), "list") => {
                let items: Vec<(u64, &str, &str)> = list
                    .items
                    .iter()
                    .map(|i| {
                        (
                            u64::from(i.level),
                            i.marker.as_deref().unwrap_or(""),
                            i.text.as_str(),
                        )
                    })
                    .collect();
                let want_items: Vec<(u64, &str, &str)> = want["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| {
                        (
                            i["level"].as_u64().unwrap(),
                            i["marker"].as_str().unwrap(),
                            i["text"].as_str().unwrap(),
                        )
                    })
                    .collect();
                assert_eq!(items, want_items);
                assert_eq!(list.ordered, want_items[0].1.ends_with('.'));
            }
            (Block::Heading(_), "heading") | (_, "text") => {
                assert_eq!(text, want["text"].as_str().unwrap());
            }
            (got, kind) => panic!("expected a {kind}, got {got:?}"),
        }
    }
}

/// A book's footers alternate between a running title (even pages) and a
/// chapter title that changes (odd pages), each with the page number:
/// all of them are furniture, the text stays.
#[test]
fn alternating_book_footers_are_removed() {
    let doc = convert(&fixture("book_footers.pdf"), "book_footers.pdf").unwrap();
    assert_eq!(
        sequence(&doc),
        expected_sequence("book_footers.expected.json")
    );
    let removed = doc
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::PageFurnitureRemoved)
        .expect("a furniture diagnostic");
    assert!(
        removed.message.starts_with("removed 8 "),
        "{}",
        removed.message
    );
}

#[test]
fn a_lowered_page_limit_reads_the_first_pages_and_says_so() {
    let name = "book_footers.pdf";
    let bytes = fixture(name);
    let doc = convert(&bytes, name).expect("read within the default limits");
    let last_page = |doc: &Document| {
        doc.blocks
            .iter()
            .filter_map(|b| b.origin().and_then(|o| o.page))
            .max()
            .unwrap_or(0)
    };
    assert!(last_page(&doc) > 1, "a document of several pages");
    assert!(
        !doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::PagesTruncated)
    );

    let mut options = Options::default();
    options.limits.max_pages = 1;
    let cut = docmend::convert_bytes(&Registry::default(), &bytes, name, &options)
        .expect("the first page read");
    assert_eq!(last_page(&cut), 1);
    let truncated = cut
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::PagesTruncated)
        .expect("the pages left out are reported");
    assert!(
        truncated.message.contains("limit of 1 pages; --max-pages"),
        "{}",
        truncated.message
    );
}

/// A page set in a 黑体 face throughout, as a browser prints a web page
/// in the system's Hei font (Latin characters in another font): the face
/// is the body's, not bold, so a line of Chinese alone goes on with the
/// paragraph like the lines with Latin punctuation. On a page whose body
/// is in another face, a short line in the Hei face is a heading.
#[test]
fn a_body_set_in_a_hei_face_is_not_bold() {
    let doc = convert(&fixture("hei_body.pdf"), "hei_body.pdf").unwrap();
    let want = expected("hei_body.expected.json");
    let want: Vec<(&str, &str)> = want["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["type"].as_str().unwrap(), b["text"].as_str().unwrap()))
        .collect();
    let got: Vec<(&str, String)> = doc
        .blocks
        .iter()
        .zip(sequence(&doc))
        .map(|(block, text)| match block {
            Block::Heading(_) => ("heading", text),
            _ => ("text", text),
        })
        .collect();
    let got: Vec<(&str, &str)> = got.iter().map(|(k, t)| (*k, t.as_str())).collect();
    assert_eq!(got, want);
}
