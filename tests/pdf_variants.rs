//! Seed 003 printed as PDFs with the damage real reports show
//! (`fixtures/pdf/generate.py`, `annual_report_variants`): each must give
//! the text seed's statistics and failed checks, and the report's own
//! title and issuer.
//!
//! - `annual_report_003_unruled.pdf`: the applications table drawn without
//!   rules, each row's first figure close to its label (in one run of
//!   glyphs with it in every other row);
//! - `annual_report_003_unruled_break.pdf`: the same table over a page
//!   break, its header and two rows on page 2, where the labels span the
//!   label columns, and the rest on page 3;
//! - `annual_report_003_utf16le_title.pdf`: the Info /Title in UTF-16LE
//!   after the byte-order mark FF FE;
//! - `annual_report_003_filename_title.pdf`, `…_mojibake_title.pdf`: an
//!   Info /Title that is a file name, or GBK bytes without a byte-order
//!   mark (mojibake in PDFDocEncoding), while the page shows the title.

#![cfg(all(feature = "pdf", feature = "text"))]

mod common;

use docmend::model::{DiagnosticCode, Document, Number, Table};
use docmend::{Options, Registry};
use std::path::Path;

const PAGE_TITLE: &str = "2022年政府信息公开工作年度报告";
const ISSUER: &str = "晋城市城区人民政府办公室";

fn convert(bytes: &[u8], name: &str) -> Document {
    docmend::convert_bytes(&Registry::default(), bytes, name, &Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn pdf(name: &str) -> Document {
    convert(&common::fixture_bytes(&format!("pdf/{name}")), name)
}

fn text_seed() -> Document {
    convert(
        &common::fixture_bytes("text/003_b40d9c03878ac230.txt"),
        "003.txt",
    )
}

/// The figures and failed checks of the text seed, the title the page
/// shows or `title`, and the issuer.
fn assert_the_report(doc: &Document, title: &str) {
    let text = text_seed();
    assert_eq!(common::statistics(doc), common::statistics(&text));
    assert_eq!(common::failed_checks(doc), common::failed_checks(&text));
    assert_eq!(doc.metadata.title.as_deref(), Some(title));
    assert_eq!(doc.metadata.issuer.as_deref(), Some(ISSUER));
    let profile = doc.profile.as_ref().expect("a profile");
    assert_eq!(profile.issuer.as_deref(), Some(ISSUER));
    assert_eq!(profile.year, Some(2022));
}

fn ignored_title(doc: &Document) -> Option<&str> {
    doc.diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::InfoTitleIgnored)
        .map(|d| d.message.as_str())
}

/// Per row that holds figures: its label texts and its figures, each in
/// column order.
type Rows = Vec<(Vec<String>, Vec<String>)>;

fn split_row<'a>(texts: impl Iterator<Item = &'a str>) -> Option<(Vec<String>, Vec<String>)> {
    let (mut labels, mut figures) = (Vec::new(), Vec::new());
    for t in texts.filter(|t| !t.is_empty()) {
        if Number::parse(t).is_some() {
            figures.push(t.to_string());
        } else {
            labels.push(t.to_string());
        }
    }
    (!figures.is_empty()).then_some((labels, figures))
}

fn table_rows(table: &Table) -> Rows {
    (0..table.n_rows)
        .filter_map(|r| {
            let mut cells: Vec<_> = table.cells.iter().filter(|c| c.row == r).collect();
            cells.sort_by_key(|c| c.col);
            split_row(cells.iter().map(|c| c.text.as_str()))
        })
        .collect()
}

/// The rows of the drawn applications table, from the generator's
/// specification (`<` and `^` mark positions a merged cell covers).
fn drawn_rows() -> Rows {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/annual_report_003.expected.json");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let grid: Vec<Vec<String>> = expected["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "table")
        .map(|b| serde_json::from_value(b["grid"].clone()).unwrap())
        .find(|g: &Vec<Vec<String>>| g.iter().flatten().any(|t| t == "自然人"))
        .expect("the applications table");
    grid.iter()
        .filter_map(|row| {
            split_row(
                row.iter()
                    .map(String::as_str)
                    .filter(|t| *t != "<" && *t != "^"),
            )
        })
        .collect()
}

#[test]
fn unruled_table_with_figures_close_to_their_labels() {
    let doc = pdf("annual_report_003_unruled.pdf");
    assert_the_report(&doc, PAGE_TITLE);
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::TableWithoutRules)
    );
    let tables = common::tables(&doc);
    let applications = tables
        .iter()
        .find(|t| t.cells.iter().any(|c| c.text == "自然人"))
        .expect("the applications table");
    // Each row's labels and its seven figures, as drawn: no figure joined
    // to a label, none in another column.
    assert_eq!(table_rows(applications), drawn_rows());
    assert_eq!(
        applications.n_cols, 9,
        "two label columns and seven of figures"
    );
    let header: Vec<&str> = applications
        .cells
        .iter()
        .filter(|c| c.row < applications.header_rows && c.col >= 2)
        .map(|c| c.text.as_str())
        .collect();
    for name in [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ] {
        assert!(header.contains(&name), "{name} in {header:?}");
    }
    // The profile placed the figures by the header's names.
    assert!(
        !doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::StatisticsPlacedByRow)
    );
}

#[test]
fn unruled_table_across_a_page_break_is_joined() {
    let doc = pdf("annual_report_003_unruled_break.pdf");
    assert_the_report(&doc, PAGE_TITLE);
    let tables = common::tables(&doc);
    assert_eq!(tables.len(), 3, "the two parts are one table");
    let applications = tables
        .iter()
        .find(|t| t.cells.iter().any(|c| c.text == "自然人"))
        .expect("the applications table");
    assert_eq!(table_rows(applications), drawn_rows());
}

#[test]
fn utf16le_info_title_is_read() {
    let doc = pdf("annual_report_003_utf16le_title.pdf");
    assert_the_report(
        &doc,
        "晋城市城区人民政府办公室2022年政府信息公开工作年度报告",
    );
    assert_eq!(ignored_title(&doc), None);
}

#[test]
fn a_file_name_in_the_info_title_leaves_the_page_title() {
    let doc = pdf("annual_report_003_filename_title.pdf");
    assert_the_report(&doc, PAGE_TITLE);
    let message = ignored_title(&doc).expect("the ignored title is reported");
    assert!(
        message.contains("Microsoft Word - 2022年报.doc"),
        "{message}"
    );
}

#[test]
fn a_mojibake_info_title_leaves_the_page_title() {
    let doc = pdf("annual_report_003_mojibake_title.pdf");
    assert_the_report(&doc, PAGE_TITLE);
    let message = ignored_title(&doc).expect("the ignored title is reported");
    assert!(message.contains("2022ÄêÕþ¸®"), "{message}");
}
