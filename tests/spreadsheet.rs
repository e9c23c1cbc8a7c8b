//! The spreadsheet converter on the workbooks of `fixtures/spreadsheet/`
//! (written by its `generate.py`, whose `expected.json` records what the
//! generator put in each file), on damaged copies of them, and on the real
//! workbooks of other projects' test suites in the real-world corpus
//! (`common::realworld`).
#![cfg(feature = "spreadsheet")]

use docmend::model::{Block, DiagnosticCode, Document, Format, Table};
use docmend::{Error, Options, Registry};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::{realworld, table_grid};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spreadsheet")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_dir().join(name)).expect("fixture readable")
}

fn convert(bytes: &[u8], name: &str) -> Result<Document, Error> {
    docmend::convert_bytes(&Registry::default(), bytes, name, &Options::default())
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture_dir().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn grid_of(value: &Value) -> Vec<Vec<String>> {
    serde_json::from_value(value.clone()).unwrap()
}

fn describe(block: &Block) -> String {
    match block {
        Block::Heading(h) => format!("heading {:?} {:?}", h.numbering, h.text),
        Block::Paragraph(p) => format!("paragraph {:?}", p.text),
        Block::List(l) => format!("list of {}", l.items.len()),
        Block::Table(t) => format!("table {}x{} at {:?}", t.n_rows, t.n_cols, t.origin),
        other => panic!("a block type this test does not know: {other:?}"),
    }
}

/// Compares a converted workbook block by block with what the generator
/// wrote into it.
fn check_blocks(name: &str, doc: &Document, want: &[Value]) {
    assert_eq!(
        doc.blocks.len(),
        want.len(),
        "{name}: blocks {:#?}",
        doc.blocks.iter().map(describe).collect::<Vec<_>>()
    );
    for (i, (block, want)) in doc.blocks.iter().zip(want).enumerate() {
        let at = format!("{name}: block {i}");
        let text = want["text"].as_str();
        let range = want["range"].as_str();
        match (want["type"].as_str().unwrap(), block) {
            ("heading", Block::Heading(h)) => {
                assert_eq!(Some(h.text.as_str()), text, "{at}");
                assert_eq!((h.level, h.numbering.as_deref()), (1, None), "{at}");
                let origin = h.origin.as_ref().expect("sheet heading origin");
                assert_eq!(origin.sheet.as_deref(), text, "{at}");
            }
            ("paragraph", Block::Paragraph(p)) => {
                assert_eq!(Some(p.text.as_str()), text, "{at}");
                assert_eq!(p.origin.as_ref().unwrap().range.as_deref(), range, "{at}");
            }
            // A numbered section title in a cell becomes a heading downstream.
            ("heading_or_paragraph", Block::Heading(h)) => {
                let full = format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text);
                assert_eq!(Some(full.as_str()), text, "{at}");
                assert_eq!(h.origin.as_ref().unwrap().range.as_deref(), range, "{at}");
            }
            ("table", Block::Table(t)) => check_table(&at, t, want),
            (kind, other) => panic!("{at}: expected a {kind}, got {}", describe(other)),
        }
    }
}

fn check_table(at: &str, table: &Table, want: &Value) {
    let origin = table.origin.as_ref().expect("table origin");
    assert!(origin.sheet.is_some(), "{at}: sheet in origin");
    assert_eq!(origin.range.as_deref(), want["range"].as_str(), "{at}");
    assert_eq!(table_grid(table), grid_of(&want["grid"]), "{at}: grid");
    assert_eq!(
        table.header_rows as u64,
        want["header_rows"].as_u64().unwrap(),
        "{at}: header rows"
    );
    if let Some(values) = want["values"].as_array() {
        for cell in &table.cells {
            let want_value = &values[cell.row][cell.col];
            let got = cell.value.map(|n| n.0);
            assert_eq!(got, want_value.as_f64(), "{at}: value of {:?}", cell.text);
        }
    }
}

#[test]
fn fixtures_convert_to_what_the_generator_wrote() {
    let expected = expected();
    let mut checked = 0;
    for (name, want) in expected.as_object().unwrap() {
        let Some(blocks) = want["blocks"].as_array() else {
            continue;
        };
        let doc = convert(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.source.converter, "spreadsheet", "{name}");
        let format = if name.ends_with(".xls") {
            Format::Xls
        } else if name.ends_with(".ods") {
            Format::Ods
        } else {
            Format::Xlsx
        };
        assert_eq!(doc.source.format, format, "{name}");
        check_blocks(name, &doc, blocks);
        for diagnostic in want["diagnostics"].as_array().into_iter().flatten() {
            let code = diagnostic["code"].as_str().unwrap();
            let sheet = diagnostic["sheet"].as_str();
            let found = doc.diagnostics.iter().any(|d| {
                d.code.as_str() == code
                    && d.origin.as_ref().and_then(|o| o.sheet.as_deref()) == sheet
                    && diagnostic["mentions"]
                        .as_str()
                        .is_none_or(|m| d.message.contains(m))
            });
            assert!(
                found,
                "{name}: diagnostic {diagnostic} in {:#?}",
                doc.diagnostics
            );
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} fixtures checked");
}

#[test]
fn hidden_sheets_are_included_and_flagged_in_metadata() {
    let doc = convert(&fixture("several_sheets.xlsx"), "several_sheets.xlsx").unwrap();
    assert_eq!(doc.metadata.hidden_sheets, ["隐藏"]);
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.origin().and_then(|o| o.sheet.as_deref()) == Some("隐藏"))
    );
    let visible_only = convert(&fixture("merged_header.xlsx"), "merged_header.xlsx").unwrap();
    assert!(visible_only.metadata.hidden_sheets.is_empty());
}

#[test]
fn merges_are_read_from_xls_and_xlsx_alike() {
    let xlsx = convert(&fixture("merged_header.xlsx"), "x.xlsx").unwrap();
    let xls = convert(&fixture("merged_header.xls"), "x.xls").unwrap();
    assert_eq!(xlsx.blocks, xls.blocks);
    let Block::Table(table) = &xls.blocks[2] else {
        panic!("table expected")
    };
    let spans: Vec<(usize, usize, usize, usize)> = table
        .cells
        .iter()
        .filter(|c| c.row_span > 1 || c.col_span > 1)
        .map(|c| (c.row, c.col, c.row_span, c.col_span))
        .collect();
    assert_eq!(spans, [(0, 0, 2, 1), (0, 1, 1, 2), (0, 3, 1, 2)]);
}

/// calamine reads no merged regions from ODS (nor XLSB): the ODS fixture
/// holds the same spans as the XLSX one (as table:number-columns-spanned),
/// yet the values come out unspanned. The converter says so.
#[test]
fn ods_merges_are_not_read_and_the_output_says_so() {
    let ods = fixture("merged_header.ods");
    assert!(
        String::from_utf8_lossy(&ods).contains("mimetype"),
        "an ODS container"
    );
    let doc = convert(&ods, "x.ods").unwrap();
    assert_eq!(doc.source.format, Format::Ods);
    // Forced, it reads the same and says the same.
    let forced = docmend::convert_bytes(
        &docmend::Registry::default(),
        &ods,
        "x.bin",
        &docmend::Options {
            forced_format: Some(Format::Ods),
            ..docmend::Options::default()
        },
    )
    .unwrap();
    assert_eq!(forced.source.format, Format::Ods);
    let Block::Table(table) = &doc.blocks[1] else {
        panic!("table expected")
    };
    assert!(
        table
            .cells
            .iter()
            .all(|c| c.row_span == 1 && c.col_span == 1)
    );
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::MergesNotRead)
    );
}

/// Seed 003 as workbooks: its tables alone (one sheet, or a sheet each),
/// and the whole report written as a document on one sheet (rows of text
/// merged across it, or overflowing from column A; XLSX and XLS) or on a
/// sheet per section.
const ANNUAL_REPORTS: [&str; 7] = [
    "annual_report_003.xlsx",
    "annual_report_003.xls",
    "annual_report_003_document.xlsx",
    "annual_report_003_document.xls",
    "annual_report_003_overflow.xlsx",
    "annual_report_003_overflow.xls",
    "annual_report_003_sections.xlsx",
];

/// Seed 003 kept as a workbook gives the same statistics and the same
/// failed checks through the profile as its text export.
#[test]
#[cfg(feature = "text")]
fn the_annual_report_as_a_workbook_profiles_like_its_text_export() {
    let text_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text/003_b40d9c03878ac230.txt");
    let text = convert(&std::fs::read(text_path).unwrap(), "003.txt").unwrap();
    let text_profile = text.profile.expect("text seed profiled");
    let failed = |checks: &[docmend::model::Check]| -> Vec<String> {
        checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| format!("{} {:?} {:?}", c.rule, c.row, c.column))
            .collect()
    };
    assert!(
        !failed(&text_profile.checks).is_empty(),
        "seed 003 has failed checks"
    );
    for name in ANNUAL_REPORTS {
        let doc = convert(&fixture(name), name).unwrap();
        let profile = doc
            .profile
            .unwrap_or_else(|| panic!("{name}: not profiled"));
        let stats = |p: &docmend::model::Profile| -> BTreeMap<String, f64> {
            p.statistics.iter().map(|(k, v)| (k.clone(), v.0)).collect()
        };
        assert_eq!(stats(&profile), stats(&text_profile), "{name}: statistics");
        assert_eq!(
            failed(&profile.checks),
            failed(&text_profile.checks),
            "{name}: failed checks"
        );
        assert_eq!(profile.template, text_profile.template, "{name}");
    }
}

/// A report written as a document on a sheet reads as one: its numbered
/// section headings are headings, in the order and with the texts of the
/// hand-checked section headings of text seed 003, each sub-heading
/// `(一)`…`(五)` too, and every line of the seed's text outside its tables
/// comes out once, in order, as a heading or paragraph (the grids are
/// checked against the generator's in `fixtures_convert_to_what_the_generator_wrote`).
#[test]
fn the_annual_report_written_as_a_document_reads_as_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("fixtures/expected/003_b40d9c03878ac230.expected.json"))
            .unwrap(),
    )
    .unwrap();
    let want_sections: Vec<String> = seed["section_headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{}{}",
                h["numbering"].as_str().unwrap(),
                h["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(want_sections.len(), 6);
    let text =
        std::fs::read_to_string(root.join("fixtures/text/003_b40d9c03878ac230.txt")).unwrap();
    let want_lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains('|'))
        .collect();
    for name in &ANNUAL_REPORTS[2..] {
        let doc = convert(&fixture(name), name).unwrap();
        let numbered = |level: u8| -> Vec<String> {
            doc.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Heading(h) if h.level == level && h.numbering.is_some() => {
                        Some(format!("{}{}", h.numbering.as_deref().unwrap(), h.text))
                    }
                    _ => None,
                })
                .collect()
        };
        assert_eq!(numbered(1), want_sections, "{name}");
        assert_eq!(numbered(2).len(), 5, "{name}: (一)…(五)");
        // Every line of text, once and in order (sheet names aside).
        let lines: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) if h.origin.as_ref().and_then(|o| o.range.as_ref()).is_some() => {
                    Some(format!(
                        "{}{}",
                        h.numbering.as_deref().unwrap_or(""),
                        h.text
                    ))
                }
                Block::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(lines, want_lines, "{name}");
        let tables = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        assert_eq!(tables, 3, "{name}");
        assert!(
            doc.diagnostics
                .iter()
                .any(|d| d.code == DiagnosticCode::RowsReadAsText),
            "{name}"
        );
    }
}

/// A section typed into one cell, its heading and paragraphs on lines of
/// their own (Alt+Enter), reads as the section: a paragraph per line, the
/// numbered lines promoted to headings; a cell of the table below keeps
/// its line break.
#[test]
fn a_cell_of_prose_over_several_lines_reads_as_its_paragraphs() {
    let section =
        "一、总体情况\n本年度报告根据《条例》要求编制。\n\n(一)主动公开方面\n严格按照规定公开。";
    let cells = vec![
        (0, 0, section.to_string(), false),
        (1, 0, "项目".to_string(), false),
        (1, 1, "件数\n(单位:件)".to_string(), false),
        (2, 0, "规章".to_string(), false),
        (2, 1, "3".to_string(), true),
    ];
    let doc = convert(&write_xlsx(&cells, &[(0, 0, 0, 1)]), "s.xlsx").unwrap();
    let described: Vec<String> = doc.blocks.iter().map(describe).collect();
    assert_eq!(
        described[1..5],
        [
            r#"heading Some("一、") "总体情况""#,
            r#"paragraph "本年度报告根据《条例》要求编制。""#,
            r#"heading Some("(一)") "主动公开方面""#,
            r#"paragraph "严格按照规定公开。""#,
        ],
        "{described:#?}"
    );
    let Block::Table(table) = &doc.blocks[5] else {
        panic!("table expected: {described:#?}")
    };
    assert_eq!(table_grid(table)[0], ["项目", "件数\n(单位:件)"]);
    for code in [
        DiagnosticCode::RowsReadAsText,
        DiagnosticCode::CellLinesSplit,
    ] {
        assert!(
            doc.diagnostics.iter().any(|d| d.code == code),
            "{code}: {:#?}",
            doc.diagnostics
        );
    }
}

/// OLE files that are not workbooks, and files whose declared sizes would
/// make calamine allocate until the process aborts (a shared-string table
/// declaring 10^11 strings, a DIMENSIONS record of 2^20 × 65,535 cells, a
/// directory chain that loops: each verified to abort calamine 0.38 when
/// read directly), are refused with a clear error before calamine runs.
#[test]
fn unreadable_and_hostile_files_are_refused_clearly() {
    let expected = expected();
    for name in [
        "word_document.doc",
        "encrypted.xlsx",
        "not_a_workbook.xls",
        "hostile_dimensions.xls",
        "directory_loop.xls",
        "hostile_shared_strings.xlsx",
    ] {
        let want = &expected[name];
        let error = convert(&fixture(name), name).expect_err(name).to_string();
        if let Some(exact) = want["error"].as_str() {
            assert_eq!(error, exact, "{name}");
        }
        if let Some(part) = want["error_contains"].as_str() {
            assert!(error.contains(part), "{name}: {error}");
        }
    }
}

/// Two compound files that calamine reads otherwise than the `cfb` crate,
/// each verified to abort calamine 0.38 when it reads them directly: a
/// directory whose FAT entry points past the end of the file (the crate
/// ends the chain there; calamine reads on, back to the directory, and
/// round again), and the hostile workbook of `hostile_dimensions.xls` in a
/// directory slot the tree does not reach, with an empty workbook in the
/// tree (calamine takes the first slot of the name). calamine is handed the
/// file as the crate reads it, written anew, so each reads as the empty
/// workbook its directory tree holds.
#[test]
fn compound_files_are_read_as_their_directory_tree_has_them() {
    for name in ["past_end_directory.xls", "unreachable_workbook.xls"] {
        let doc = convert(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.source.format, Format::Xls, "{name}");
        assert!(doc.blocks.is_empty(), "{name}: {:#?}", doc.blocks);
    }
}

/// The `cfb` crate refuses a directory whose siblings are not in the
/// order MS-CFB requires (shorter names first), even when it reads
/// permissively, and offers no way to read such a directory. Every OLE
/// file among the real-world files keeps the order; a file that does not
/// is refused as damaged, with the crate's reason, where its entries used
/// to name it (here, a Word document).
#[test]
fn a_directory_out_of_name_order_is_refused_as_damaged() {
    let name = "unsorted_directory.doc";
    let error = convert(&fixture(name), name).expect_err(name).to_string();
    assert!(
        error.starts_with(
            "cannot convert as xls: damaged legacy OLE compound file (.xls/.doc/.ppt): \
             its directory cannot be followed (Malformed directory (name ordering"
        ),
        "{error}"
    );
}

#[test]
fn the_registry_picks_this_converter_by_content() {
    let registry = Registry::default();
    for name in [
        "merged_header.xlsx",
        "merged_header.xls",
        "merged_header.ods",
        "word_document.doc",
    ] {
        let bytes = fixture(name);
        let chosen = registry.choose(&bytes, None).unwrap();
        assert_eq!(chosen.name(), "spreadsheet", "{name}");
    }
    // The extension does not matter, and a forced format reads the same.
    let bytes = fixture("merged_header.xls");
    let forced = Options {
        forced_format: Some(Format::Xlsx),
        ..Options::default()
    };
    let doc = docmend::convert_bytes(&registry, &bytes, "report.txt", &forced).unwrap();
    assert_eq!(doc.source.format, Format::Xls);
}

/// A deterministic stream of positions for the damaged copies.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// Converts damaged copies of the fixtures: truncations, then `rounds`
/// rounds of bit flips (1 to 64 flips each) per fixture. Counts outcomes;
/// fails on any panic that reaches the pipeline.
fn damaged_outcomes(rounds: usize) -> BTreeMap<&'static str, usize> {
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rng = Lcg(2023);
    for name in [
        "merged_header.xlsx",
        "merged_header.xls",
        "merged_header.ods",
        "numbers_as_text.xlsx",
        "several_sheets.xlsx",
        "annual_report_003.xls",
        "annual_report_003.xlsx",
        "annual_report_003_document.xls",
        "annual_report_003_document.xlsx",
        "table_regions.xlsx",
        "chart.xlsx",
    ] {
        let original = fixture(name);
        let mut copies: Vec<Vec<u8>> = Vec::new();
        for cut in [1, 30, 100, 512, 1000, 2048] {
            copies.push(original[..original.len().saturating_sub(cut)].to_vec());
        }
        for tenth in 1..10 {
            copies.push(original[..original.len() * tenth / 10].to_vec());
        }
        for round in 0..rounds {
            let flips = [1, 1, 1, 2, 4, 8, 16, 64][round % 8];
            let mut copy = original.clone();
            for _ in 0..flips {
                let at = rng.next(copy.len());
                copy[at] ^= 1 << rng.next(8);
            }
            copies.push(copy);
        }
        for copy in copies {
            match convert(&copy, name) {
                Ok(doc) => {
                    *outcomes.entry("converted").or_default() += 1;
                    for block in &doc.blocks {
                        if let Block::Table(t) = block {
                            assert!(table_grid(t).iter().flatten().all(|c| c != "?"));
                        }
                    }
                }
                // A panic in calamine unwinds to the pipeline, which
                // contains it; a panic anywhere after the converter is a bug.
                Err(Error::Panicked { during, message }) => {
                    assert_eq!(
                        during, "converter spreadsheet",
                        "{name}: panicked after the converter: {message}"
                    );
                    *outcomes.entry("calamine panicked (contained)").or_default() += 1;
                }
                Err(error) => {
                    let message = error.to_string();
                    assert!(message.len() > 20, "{name}: unclear error {message:?}");
                    *outcomes.entry("clear error").or_default() += 1;
                }
            }
        }
    }
    outcomes
}

/// Truncated and bit-flipped copies of every fixture either convert or
/// fail with a clear error; a panic inside calamine is contained by the
/// pipeline (`Error::Panicked` during the converter), and none happens
/// anywhere else.
#[test]
fn damaged_workbooks_fail_clearly_and_never_panic() {
    let outcomes = damaged_outcomes(64);
    eprintln!("damaged copies: {outcomes:?}");
    assert!(outcomes.get("clear error").copied().unwrap_or(0) > 20);
}

/// The same with 4,000 bit-flip rounds per fixture (44,000 files), or as
/// many as `DOCMEND_DAMAGED_ROUNDS` says:
/// `cargo test --release --test spreadsheet -- --ignored --nocapture`.
#[test]
#[ignore = "slow: 44,000 damaged workbooks"]
fn many_damaged_workbooks() {
    let rounds = std::env::var("DOCMEND_DAMAGED_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(4000);
    let outcomes = damaged_outcomes(rounds);
    eprintln!("damaged copies: {outcomes:?}");
    assert!(outcomes.get("clear error").copied().unwrap_or(0) > 20);
}

/// The texts of a sheet's blocks, by sheet name.
fn texts_in_sheet<'a>(doc: &'a Document, sheet: &str) -> Vec<&'a str> {
    let mut texts = Vec::new();
    for block in &doc.blocks {
        if block.origin().and_then(|o| o.sheet.as_deref()) != Some(sheet) {
            continue;
        }
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

/// Every workbook (and legacy .doc) among the real-world files converts or
/// fails with a clear error, and a few of the values calamine's own tests
/// assert (`calamine_tests_test.rs.txt`) come through.
#[test]
#[ignore = "needs the real-world corpus"]
fn real_world_workbooks() {
    let dir = realworld();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut converted = BTreeMap::new();
    let mut failed = BTreeMap::new();
    for line in manifest.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (path, format) = (fields[0], fields[5]);
        if !matches!(format, "xls" | "xlsx" | "ods" | "xlsb" | "doc") {
            continue;
        }
        let bytes = std::fs::read(dir.join(path)).unwrap();
        match convert(&bytes, path) {
            Ok(doc) => {
                converted.insert(path.to_string(), doc);
            }
            Err(Error::Panicked { message, .. }) => panic!("{path}: panicked: {message}"),
            Err(error) => {
                failed.insert(path.to_string(), error.to_string());
            }
        }
    }
    eprintln!(
        "real-world: {} converted, {} refused: {failed:#?}",
        converted.len(),
        failed.len()
    );
    // Every legacy Word file is named as such, not read as a workbook, even
    // the WPS one that embeds a workbook.
    for (path, error) in &failed {
        if path.ends_with(".doc") {
            assert!(
                error.contains("legacy Word document (.doc, OLE)"),
                "{path}: {error}"
            );
        }
    }
    assert!(!converted.keys().any(|p| p.ends_with(".doc")));
    assert!(failed["tika/testEXCEL_protected_passtika.xls"].contains("password-protected"));
    assert!(failed["tika/testEXCEL_4.xls"].contains("BIFF2–4"));
    // calamine/too_small.xls is really text: only the text converter reads it.
    let workbooks_failed = failed
        .keys()
        .filter(|p| !p.ends_with(".doc") && !p.ends_with("too_small.xls"))
        .count();
    assert_eq!(workbooks_failed, 2, "{failed:#?}");

    // Values asserted in calamine's tests/test.rs.
    let doc = |path: &str| &converted[path];
    assert!(texts_in_sheet(doc("calamine/rph.xlsx"), "Sheet1").contains(&"課きく　毛こ"));
    assert!(texts_in_sheet(doc("calamine/encoded_entities.xlsx"), "Sheet1").contains(&"&"));
    assert!(texts_in_sheet(doc("calamine/has_x000D_.xlsx"), "Sheet1").contains(&"ABC\r\nDEF"));
    assert!(
        texts_in_sheet(
            doc("calamine/gh548_incorrect_sst_unique_count.xls"),
            "System Level Data"
        )
        .contains(&"11th May 2023")
    );
    assert!(
        texts_in_sheet(doc("calamine/sst_continue.xls"), "Sheet1").contains(&"New CONTINUE block")
    );
    assert!(texts_in_sheet(doc("calamine/issue_271.xls"), "sheet1").contains(&"yyy_name"));
    assert!(
        texts_in_sheet(doc("calamine/biff5-rich-text-string.xls"), "Sheet1")
            .contains(&"ELECTORAL DIVISION OF SOMERSET EAST ; FIELD-CÓRNËTCY No. 5, ZWAGERSHÓÊN.")
    );
    // merge_cells.{xls,xlsx}: A1:B1, A2:A4 and B2:D4 are merged.
    for path in ["calamine/merge_cells.xlsx", "calamine/merge_cells.xls"] {
        let Some(Block::Table(table)) = doc(path).blocks.get(1) else {
            panic!("{path}: table expected")
        };
        let spans: Vec<(usize, usize, usize, usize)> = table
            .cells
            .iter()
            .filter(|c| c.row_span > 1 || c.col_span > 1)
            .map(|c| (c.row, c.col, c.row_span, c.col_span))
            .collect();
        assert_eq!(spans, [(0, 0, 1, 2), (1, 0, 3, 1), (1, 1, 3, 3)], "{path}");
    }
}

/// Release-mode speed on a report-sized workbook:
/// `cargo test --release --test spreadsheet -- --ignored --nocapture`.
#[test]
#[ignore = "timing: meaningful only in release builds"]
fn timing() {
    for name in [
        "annual_report_003.xlsx",
        "annual_report_003.xls",
        "annual_report_003_document.xlsx",
        "annual_report_003_document.xls",
        "merged_header.xlsx",
        "table_regions.xlsx",
        "chart.xlsx",
    ] {
        let bytes = fixture(name);
        let runs = 200;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            convert(&bytes, name).unwrap();
        }
        let per_file = start.elapsed() / runs;
        let converter = docmend::converters::spreadsheet::SpreadsheetConverter;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            docmend::Converter::convert(&converter, &bytes, &Options::default()).unwrap();
        }
        let reading = start.elapsed() / runs;
        eprintln!(
            "{name}: {per_file:?} per conversion (whole pipeline), {reading:?} in the converter"
        );
    }
}

/// A large workbook converts, every row of it: a sheet of 100,000 rows
/// written here, in the shape `generate.py --big` gives, or the file
/// DOCMEND_BIG_XLSX names. Run with `--ignored --nocapture` to see the
/// times and the peak resident size (read from /proc, for the whole test
/// process) that show memory in proportion to the cells.
#[test]
#[ignore = "slow: a workbook of 100,000 rows"]
fn large_workbook() {
    let (path, bytes, written_rows) = match std::env::var("DOCMEND_BIG_XLSX") {
        Ok(path) => {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes, None)
        }
        Err(_) => {
            let rows = 100_000;
            let bytes = big_xlsx(rows);
            ("big.xlsx".to_string(), bytes, Some(rows))
        }
    };
    let converter = docmend::converters::spreadsheet::SpreadsheetConverter;
    let start = std::time::Instant::now();
    docmend::Converter::convert(&converter, &bytes, &Options::default()).unwrap();
    let reading = start.elapsed();
    let start = std::time::Instant::now();
    let doc = convert(&bytes, &path).unwrap();
    let elapsed = start.elapsed();
    let rows: usize = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.n_rows),
            _ => None,
        })
        .sum();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: unknown");
    eprintln!(
        "{} bytes, {rows} table rows: converter {reading:?}, whole pipeline {elapsed:?}, {peak}",
        bytes.len()
    );
    assert!(rows > 1000);
    if let Some(written) = written_rows {
        // The header row and every written row.
        assert_eq!(rows, written as usize + 1);
    }
}

/// `generate.py --big`'s sheet: a header and `rows` rows of a number, a
/// label and six figures.
fn big_xlsx(rows: u32) -> Vec<u8> {
    let header = [
        "序号",
        "地区",
        "新收",
        "结转",
        "公开",
        "部分公开",
        "不予公开",
        "总计",
    ];
    let mut cells: Vec<(u32, u32, String, bool)> = header
        .iter()
        .zip(0..)
        .map(|(text, col)| (0, col, text.to_string(), false))
        .collect();
    for i in 0..rows {
        let row = i + 1;
        let figures = [i + 1, 0, i % 7, i % 3, i % 5, 0, 0, i % 7 + i % 3];
        for (col, figure) in (0..).zip(figures) {
            if col == 1 {
                cells.push((row, col, format!("地区{}", i % 97), false));
            } else {
                cells.push((row, col, figure.to_string(), true));
            }
        }
    }
    write_xlsx(&cells, &[])
}

/// calamine panics on some damaged XLS files (slicing past the data it
/// read, indexing its FAT with a bad sector id, asserting a FAT sector's
/// length). Found here among truncated and bit-flipped copies of a
/// fixture: calamine itself panics on them, while docmend reports a clear
/// error for the same bytes, either because its own OLE checks refuse the
/// file first or because the pipeline contains the panic.
#[test]
fn calamine_panics_on_damaged_xls_and_docmend_does_not() {
    let original = fixture("merged_header.xls");
    let mut candidates: Vec<Vec<u8>> = (512..original.len())
        .step_by(64)
        .map(|len| original[..len].to_vec())
        .collect();
    let mut rng = Lcg(11);
    for round in 0..20_000 {
        let mut copy = original.clone();
        for _ in 0..1 + round % 16 {
            let at = rng.next(copy.len());
            copy[at] ^= 1 << rng.next(8);
        }
        candidates.push(copy);
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let calamine_panics = |bytes: &Vec<u8>| {
        let bytes = bytes.clone();
        std::panic::catch_unwind(move || {
            let _ =
                calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(std::io::Cursor::new(bytes));
        })
        .is_err()
    };
    let mut refused_first = 0;
    let mut caught = 0;
    for bytes in candidates.iter().filter(|b| calamine_panics(b)) {
        match convert(bytes, "damaged.xls").expect_err("damaged") {
            Error::Panicked { during, .. } => {
                assert_eq!(during, "converter spreadsheet");
                caught += 1;
            }
            error => {
                assert!(matches!(error, Error::Malformed { .. }), "{error}");
                assert!(error.to_string().contains("damaged"), "{error}");
                refused_first += 1;
            }
        }
        if caught >= 3 && refused_first >= 3 {
            break;
        }
    }
    std::panic::set_hook(hook);
    assert!(
        refused_first > 0,
        "no damaged copy makes calamine panic any more"
    );
    assert!(caught > 0, "no calamine panic reached the pipeline");
}

/// A one-sheet XLSX package written by hand with the `zip` crate: `cells`
/// as (row, col, text, is_number), `merges` as (top, left, bottom, right),
/// all 0-based.
fn write_xlsx(cells: &[(u32, u32, String, bool)], merges: &[(u32, u32, u32, u32)]) -> Vec<u8> {
    use std::io::Write;
    fn a1(row: u32, col: u32) -> String {
        let mut letters = Vec::new();
        let mut n = col + 1;
        while n > 0 {
            letters.push(b'A' + ((n - 1) % 26) as u8);
            n = (n - 1) / 26;
        }
        letters.reverse();
        format!("{}{}", String::from_utf8(letters).unwrap(), row + 1)
    }
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    let mut sorted: Vec<&(u32, u32, String, bool)> = cells.iter().collect();
    sorted.sort_by_key(|c| (c.0, c.1));
    let mut open_row = None;
    for (row, col, text, number) in sorted {
        if open_row != Some(*row) {
            if open_row.is_some() {
                sheet.push_str("</row>");
            }
            sheet.push_str(&format!(r#"<row r="{}">"#, row + 1));
            open_row = Some(*row);
        }
        if *number {
            sheet.push_str(&format!(r#"<c r="{}"><v>{text}</v></c>"#, a1(*row, *col)));
        } else {
            sheet.push_str(&format!(
                r#"<c r="{}" t="inlineStr"><is><t>{}</t></is></c>"#,
                a1(*row, *col),
                escape(text)
            ));
        }
    }
    if open_row.is_some() {
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData>");
    if !merges.is_empty() {
        sheet.push_str(&format!(r#"<mergeCells count="{}">"#, merges.len()));
        for (t, l, b, r) in merges {
            sheet.push_str(&format!(
                r#"<mergeCell ref="{}:{}"/>"#,
                a1(*t, *l),
                a1(*b, *r)
            ));
        }
        sheet.push_str("</mergeCells>");
    }
    sheet.push_str("</worksheet>");
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A random well-formed table: a grid tiled by cells and merged ranges,
/// the tiles of the first row and the first column labelled, the others
/// numbers, labels (Latin or CJK) or empty; the first row holds at least
/// two cells (a single merged label there would be a title). Gives the
/// tiles as (row, col, row_span, col_span, text, is_number).
type Tile = (usize, usize, usize, usize, String, bool);

fn random_table(seed: u64, n_rows: usize, n_cols: usize) -> Vec<Tile> {
    let mut state = seed | 1;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    const LATIN: [&str; 6] = ["Total", "Region", "north", "Q1 sales", "Notes", "x-ray"];
    const CJK: [&str; 6] = ["项目", "本年新收", "合计", "東京", "行政复议", "其他"];
    let mut covered = vec![vec![false; n_cols]; n_rows];
    let mut tiles = Vec::new();
    for row in 0..n_rows {
        for col in 0..n_cols {
            if covered[row][col] {
                continue;
            }
            // Mostly single cells; now and then a merged range.
            let (mut rs, mut cs) = if next(4) == 0 {
                (1 + next(3), 1 + next(3))
            } else {
                (1, 1)
            };
            if row == 0 && col == 0 {
                cs = cs.min(n_cols - 1);
            }
            cs = cs.min(n_cols - col);
            while (1..cs).any(|c| covered[row][col + c]) {
                cs -= 1;
            }
            rs = rs.min(n_rows - row);
            while (1..rs).any(|r| (0..cs).any(|c| covered[row + r][col + c])) {
                rs -= 1;
            }
            for covered_row in &mut covered[row..row + rs] {
                covered_row[col..col + cs].fill(true);
            }
            let label = |next: &mut dyn FnMut(usize) -> usize| {
                if next(2) == 0 {
                    LATIN[next(LATIN.len())].to_string()
                } else {
                    CJK[next(CJK.len())].to_string()
                }
            };
            let (text, number) = if row == 0 || col == 0 {
                (label(&mut next), false)
            } else {
                match next(6) {
                    0 => (String::new(), false),
                    1 => (label(&mut next), false),
                    2 => (format!("{}.{}", next(1000), 1 + next(9)), true),
                    3 => (format!("-{}", 1 + next(99)), true),
                    // A number stored as text.
                    4 => (next(500).to_string(), false),
                    _ => (next(100_000).to_string(), true),
                }
            };
            tiles.push((row, col, rs, cs, text, number));
        }
    }
    tiles
}

mod round_trip {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// A sound table read from XLSX comes back as written: the same
        /// grid and spans, and nothing for the repair pass to repair.
        #[test]
        fn a_well_formed_table_comes_back_whole(
            seed in any::<u64>(),
            n_rows in 2usize..8,
            n_cols in 2usize..7,
            top in 0u32..3,
            left in 0u32..3,
        ) {
            let tiles = random_table(seed, n_rows, n_cols);
            let cells: Vec<(u32, u32, String, bool)> = tiles
                .iter()
                .filter(|t| !t.4.is_empty())
                .map(|t| (top + t.0 as u32, left + t.1 as u32, t.4.clone(), t.5))
                .collect();
            let merges: Vec<(u32, u32, u32, u32)> = tiles
                .iter()
                .filter(|t| t.2 > 1 || t.3 > 1)
                .map(|t| {
                    let (r, c) = (top + t.0 as u32, left + t.1 as u32);
                    (r, c, r + t.2 as u32 - 1, c + t.3 as u32 - 1)
                })
                .collect();
            let doc = convert(&write_xlsx(&cells, &merges), "t.xlsx").unwrap();
            prop_assert_eq!(doc.blocks.len(), 2, "{:#?}", doc.blocks.iter().map(describe).collect::<Vec<_>>());
            let Block::Table(table) = &doc.blocks[1] else {
                panic!("a table expected: {}", describe(&doc.blocks[1]));
            };
            let want = common::span_grid(
                n_rows,
                n_cols,
                tiles.iter().map(|t| (t.0, t.1, t.2, t.3, t.4.as_str())),
            );
            prop_assert_eq!(table_grid(table), want);
            prop_assert!(table.repairs.is_empty(), "{:?}", table.repairs);
        }

        /// A sheet written as a document, with no blank row anywhere: rows
        /// of text (numbered headings and prose, merged across the sheet
        /// or typed in column A) before, between and after two random
        /// sound tables of different widths. The text comes back as
        /// paragraphs and headings in order, the tables as written.
        #[test]
        fn a_sheet_written_as_a_document_reads_as_its_text_and_tables(
            seeds in any::<(u64, u64)>(),
            shapes in (2usize..6, 2usize..6, 2usize..6, 1usize..3),
            texts in (0usize..3, 0usize..3),
            merged in any::<bool>(),
        ) {
            let (rows_a, cols_a, rows_b, wider) = shapes;
            let cols_b = cols_a + wider;
            let tables = [
                random_table(seeds.0, rows_a, cols_a),
                random_table(seeds.1, rows_b, cols_b),
            ];
            let headings = ["一、总体情况", "二、主动公开情况", "三、其他事项"];
            let prose = "本年度报告根据条例要求编制。";
            let width = cols_b as u32 + 1;
            let mut cells: Vec<(u32, u32, String, bool)> = Vec::new();
            let mut merges: Vec<(u32, u32, u32, u32)> = Vec::new();
            let mut row = 0u32;
            let mut want_text: Vec<String> = Vec::new();
            let mut text = |line: &str, row: &mut u32, cells: &mut Vec<_>, merges: &mut Vec<_>| {
                cells.push((*row, 0, line.to_string(), false));
                if merged {
                    merges.push((*row, 0, *row, width - 1));
                }
                want_text.push(line.to_string());
                *row += 1;
            };
            for _ in 0..texts.0 {
                text(prose, &mut row, &mut cells, &mut merges);
            }
            let mut tops = Vec::new();
            for (k, tiles) in tables.iter().enumerate() {
                text(headings[k], &mut row, &mut cells, &mut merges);
                text(prose, &mut row, &mut cells, &mut merges);
                tops.push(row);
                for t in tiles {
                    let (r, c) = (row + t.0 as u32, t.1 as u32);
                    if !t.4.is_empty() {
                        cells.push((r, c, t.4.clone(), t.5));
                    }
                    if t.2 > 1 || t.3 > 1 {
                        merges.push((r, c, r + t.2 as u32 - 1, c + t.3 as u32 - 1));
                    }
                }
                row += [rows_a, rows_b][k] as u32;
            }
            text(headings[2], &mut row, &mut cells, &mut merges);
            for _ in 0..texts.1 {
                text(prose, &mut row, &mut cells, &mut merges);
            }
            let doc = convert(&write_xlsx(&cells, &merges), "d.xlsx").unwrap();
            let described = doc.blocks.iter().map(describe).collect::<Vec<_>>();
            let mut got_text = Vec::new();
            let mut got_tables = Vec::new();
            for block in &doc.blocks[1..] {
                match block {
                    Block::Heading(h) => got_text.push(format!(
                        "{}{}",
                        h.numbering.as_deref().unwrap_or(""),
                        h.text
                    )),
                    Block::Paragraph(p) => got_text.push(p.text.clone()),
                    Block::Table(t) => got_tables.push(t),
                    _ => prop_assert!(false, "{:#?}", described),
                }
            }
            prop_assert_eq!(&got_text, &want_text, "{:#?}", described);
            prop_assert_eq!(got_tables.len(), 2, "{:#?}", described);
            for (k, (table, tiles)) in got_tables.iter().zip(&tables).enumerate() {
                let (n_rows, n_cols) = [(rows_a, cols_a), (rows_b, cols_b)][k];
                let want = common::span_grid(
                    n_rows,
                    n_cols,
                    tiles.iter().map(|t| (t.0, t.1, t.2, t.3, t.4.as_str())),
                );
                prop_assert_eq!(table_grid(table), want, "table {}", k);
                prop_assert!(table.repairs.is_empty(), "{:?}", table.repairs);
                let top = table.origin.as_ref().and_then(|o| o.range.as_deref()).unwrap_or("");
                prop_assert_eq!(top.split(':').next().unwrap(), format!("A{}", tops[k] + 1));
            }
        }
    }
}

#[test]
fn lowered_limits_leave_out_what_the_defaults_read() {
    let name = "chart.xlsx";
    let bytes = fixture(name);
    let doc = convert(&bytes, name).expect("read within the default limits");
    let tables: Vec<&Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let positions: usize = tables.iter().map(|t| t.n_rows * t.n_cols).sum();
    assert!(tables.len() >= 2, "a table and the chart's data");
    assert!(
        !doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::TableTooLarge)
    );
    let with = |change: &dyn Fn(&mut Options)| {
        let mut options = Options::default();
        change(&mut options);
        docmend::convert_bytes(&Registry::default(), &bytes, name, &options)
    };

    // One position fewer than the tables take: the last is left out.
    let limit = positions as u64 - 1;
    let cut = with(&|o| o.limits.max_table_cells = limit).expect("read, cut");
    let too_large = cut
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::TableTooLarge)
        .expect("the table left out is reported");
    assert!(
        too_large.message.contains(&format!(
            "limit of {limit} table positions of the workbook (--max-table-cells)"
        )),
        "{}",
        too_large.message
    );
    let kept = cut
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    assert_eq!(kept, tables.len() - 1);

    // Chart parts over the per-part limit are not read, and said so.
    let small = with(&|o| o.limits.max_part_bytes = 16).expect("read without its charts");
    assert!(
        small
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::PartUnreadable
                && d.message
                    .contains("limit of 16 bytes of one part (--max-part-bytes)")),
        "{:?}",
        small.diagnostics
    );

    // A package unpacking to more than allowed is refused.
    let error = with(&|o| o.limits.max_unpacked_bytes = 1000)
        .expect_err("over the unpacked limit")
        .to_string();
    assert!(
        error.contains("over the limit of 1000 bytes unpacked in all (--max-unpacked-bytes"),
        "{error}"
    );
}
