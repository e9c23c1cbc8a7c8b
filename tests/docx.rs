//! The DOCX converter on the fixtures of `fixtures/docx/` (written by
//! `fixtures/docx/generate.py`, with expected outputs written from the same
//! specifications), on broken archives, and on the real-world DOCX files
//! of the real-world corpus (`common::realworld`: `../shared/realworld` or
//! `$DOCMEND_REALWORLD`) against their ground truth.

#![cfg(feature = "docx")]

use docmend::converter::Converter;
use docmend::converters::docx::DocxConverter;
use docmend::model::{Block, DiagnosticCode, Document, Layout, Table};
use docmend::{Error, Options, Registry};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod common;
use common::{realworld, table_grid};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures/docx").join(name)).expect("fixture readable")
}

fn convert(bytes: &[u8]) -> Result<Document, Error> {
    docmend::convert_bytes(
        &Registry::default(),
        bytes,
        "input.docx",
        &Options::default(),
    )
}

fn tables(blocks: &[Block]) -> Vec<&Table> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn is_whole_grid(table: &Table) -> bool {
    let mut seen = vec![0; table.n_rows * table.n_cols];
    for c in &table.cells {
        for r in c.row..c.row + c.row_span {
            for k in c.col..c.col + c.col_span {
                if r >= table.n_rows || k >= table.n_cols {
                    return false;
                }
                seen[r * table.n_cols + k] += 1;
            }
        }
    }
    seen.iter().all(|&n| n == 1)
}

/// The converter's own output (before cleanup, headings and repair) must
/// be exactly what the generator specified.
fn check_fixture(name: &str) {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            root()
                .join("fixtures/docx")
                .join(format!("{name}.expected.json")),
        )
        .unwrap(),
    )
    .unwrap();
    let converted = DocxConverter
        .convert(&fixture(&format!("{name}.docx")), &Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));

    let want = expected["blocks"].as_array().unwrap();
    assert_eq!(
        converted.blocks.len(),
        want.len(),
        "{name}: number of blocks: {:#?}",
        converted.blocks
    );
    for (i, (got, want)) in converted.blocks.iter().zip(want).enumerate() {
        let origin = got.origin().and_then(|o| o.paragraph);
        assert_eq!(
            origin,
            want["origin"].as_u64().map(|o| o as usize),
            "{name}: block {i} origin"
        );
        match got {
            Block::Heading(h) => {
                assert_eq!(want["type"], "heading", "{name}: block {i} is {h:?}");
                assert_eq!(
                    h.level as u64,
                    want["level"].as_u64().unwrap(),
                    "{name}: block {i} level"
                );
                assert_eq!(
                    h.numbering.as_deref(),
                    want["numbering"].as_str(),
                    "{name}: block {i}"
                );
                assert_eq!(h.text, want["text"].as_str().unwrap(), "{name}: block {i}");
                assert_eq!(
                    links(&h.links),
                    want_links(&want["links"]),
                    "{name}: block {i}"
                );
            }
            Block::Paragraph(p) => {
                assert_eq!(want["type"], "paragraph", "{name}: block {i} is {p:?}");
                assert_eq!(p.text, want["text"].as_str().unwrap(), "{name}: block {i}");
                assert_eq!(
                    links(&p.links),
                    want_links(&want["links"]),
                    "{name}: block {i}"
                );
            }
            Block::List(l) => {
                assert_eq!(want["type"], "list", "{name}: block {i} is {l:?}");
                assert_eq!(
                    l.ordered,
                    want["ordered"].as_bool().unwrap(),
                    "{name}: block {i} ordered"
                );
                let items: Vec<ItemShape> = l
                    .items
                    .iter()
                    .map(|i| {
                        (
                            u64::from(i.level),
                            i.ordered,
                            i.marker.clone(),
                            i.text.clone(),
                            links(&i.links),
                        )
                    })
                    .collect();
                let want_items: Vec<_> = want["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .map(|i| {
                        (
                            i["level"].as_u64().unwrap(),
                            i["ordered"].as_bool().unwrap(),
                            i["marker"].as_str().map(str::to_string),
                            i["text"].as_str().unwrap().to_string(),
                            want_links(&i["links"]),
                        )
                    })
                    .collect();
                assert_eq!(items, want_items, "{name}: block {i} items");
            }
            Block::Table(t) => {
                assert_eq!(want["type"], "table", "{name}: block {i} is a table");
                assert_eq!(t.layout, Layout::Exact);
                assert!(is_whole_grid(t), "{name}: table {i} covers its grid once");
                let grid: Vec<Vec<String>> = serde_json::from_value(want["grid"].clone()).unwrap();
                let got_grid = table_grid(t);
                for (r, (g, w)) in got_grid.iter().zip(&grid).enumerate() {
                    assert_eq!(g, w, "{name}: table at block {i}, row {r}");
                }
                assert_eq!(
                    t.n_rows,
                    want["n_rows"].as_u64().unwrap() as usize,
                    "{name}: {i} rows"
                );
                assert_eq!(
                    t.n_cols,
                    want["n_cols"].as_u64().unwrap() as usize,
                    "{name}: {i} cols"
                );
                assert_eq!(
                    t.header_rows,
                    want["header_rows"].as_u64().unwrap() as usize,
                    "{name}: block {i} header rows"
                );
            }
            other => panic!("a block type this test does not know: {other:?}"),
        }
    }
    let codes: BTreeSet<&str> = converted
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    let want_codes: BTreeSet<&str> = expected["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        codes, want_codes,
        "{name}: diagnostics {:#?}",
        converted.diagnostics
    );
    assert_eq!(
        converted.metadata.title.as_deref(),
        expected["metadata_title"].as_str(),
        "{name}: title"
    );
    let texts = all_texts(&converted.blocks);
    for absent in expected["absent"].as_array().unwrap() {
        let absent = absent.as_str().unwrap();
        assert!(
            !texts.iter().any(|t| t.contains(absent)),
            "{name}: '{absent}' should not appear"
        );
    }
}

/// A list item as compared: level, ordered, marker, text, links.
type ItemShape = (u64, bool, Option<String>, String, Vec<(String, String)>);

fn links(links: &[docmend::model::Link]) -> Vec<(String, String)> {
    links
        .iter()
        .map(|l| (l.anchor.clone(), l.target.clone()))
        .collect()
}

fn want_links(want: &Value) -> Vec<(String, String)> {
    want.as_array()
        .map(|links| {
            links
                .iter()
                .map(|l| {
                    (
                        l[0].as_str().unwrap().to_string(),
                        l[1].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn all_texts(blocks: &[Block]) -> Vec<String> {
    let mut texts = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(h) => texts.push(format!(
                "{}{}",
                h.numbering.as_deref().unwrap_or(""),
                h.text
            )),
            Block::Paragraph(p) => texts.push(p.text.clone()),
            Block::List(l) => texts.extend(l.items.iter().map(|i| i.text.clone())),
            Block::Table(t) => texts.extend(t.cells.iter().map(|c| c.text.clone())),
            other => panic!("a block type this test does not know: {other:?}"),
        }
    }
    texts
}

#[test]
fn gridspan_header() {
    check_fixture("gridspan_header");
}

#[test]
fn vmerge_restart_continue() {
    check_fixture("vmerge_restart_continue");
}

#[test]
fn vmerge_continue_without_val() {
    check_fixture("vmerge_continue_without_val");
}

#[test]
fn headings_by_style_and_numbering() {
    check_fixture("headings_by_style_and_numbering");
}

#[test]
fn fields_bookmarks_textbox() {
    check_fixture("fields_bookmarks_textbox");
}

#[test]
fn lists_nested_restart() {
    check_fixture("lists_nested_restart");
}

#[test]
fn numbered_headings_and_list() {
    check_fixture("numbered_headings_and_list");
}

#[test]
fn chinese_auto_numbered_sections() {
    check_fixture("chinese_auto_numbered_sections");
}

#[test]
fn hyperlinks() {
    check_fixture("hyperlinks");
}

#[test]
fn table_gridbefore() {
    check_fixture("table_gridbefore");
}

#[test]
fn equations() {
    check_fixture("equations");
}

#[test]
fn table_list_in_cell() {
    check_fixture("table_list_in_cell");
}

/// Through the whole pipeline, the sections a report numbers with a list
/// definition become headings, as typed numbers do; the list in its body
/// stays a list, which the heading pass leaves alone.
#[test]
fn auto_numbered_sections_become_headings() {
    let doc = convert(&fixture("chinese_auto_numbered_sections.docx")).unwrap();
    let shape: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) => format!(
                "H{} {}{}",
                h.level,
                h.numbering.as_deref().unwrap_or(""),
                h.text
            ),
            Block::Paragraph(_) => "P".to_string(),
            Block::List(l) => format!("L{}", l.items.len()),
            Block::Table(_) => "T".to_string(),
            other => panic!("a block type this test does not know: {other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "H1 一、总体情况",
            "P",
            "H1 二、主动公开政府信息情况",
            "H2 （一）规章",
            "P",
            "H2 （二）规范性文件",
            "P",
            "L3",
            "P",
            "H1 三、收到和处理政府信息公开申请情况",
            "T",
            "H1 四、存在的主要问题及改进情况",
        ]
    );
    // Numbered list items are no longer promoted to headings.
    let lists = convert(&fixture("lists_nested_restart.docx")).unwrap();
    assert!(
        !lists.blocks.iter().any(|b| matches!(b, Block::Heading(_))),
        "{:#?}",
        lists.blocks
    );
}

#[test]
fn annual_report_fixture_blocks() {
    check_fixture("annual_report_003");
}

/// docx-rust 0.1 fails the whole document on `<w:tcW w:type="pct" w:w="10%"/>`.
#[test]
fn docx_rust_case_pct_width_reads() {
    check_fixture("tcw_pct_width");
}

/// docx-rust 0.1 drops the text of tracked insertions (`w:ins`).
#[test]
fn docx_rust_case_tracked_insertion_kept() {
    check_fixture("tracked_changes");
    let converted = DocxConverter
        .convert(&fixture("tracked_changes.docx"), &Options::default())
        .unwrap();
    assert!(
        all_texts(&converted.blocks)
            .iter()
            .any(|t| t == "本年度共受理申请6件。")
    );
}

/// docx-rust 0.1 loses tables nested in cells (its `Table` cell content
/// variant is commented out).
#[test]
fn docx_rust_case_nested_table_kept() {
    check_fixture("nested_table");
}

/// The annual report as a Word document gives the same statistics and the
/// same failed checks as its text export, and its tables are the
/// hand-checked grids with merged cells as spans.
#[cfg(feature = "text")]
#[test]
fn annual_report_matches_the_text_seed() {
    use common::{failed_checks, statistics};
    let text = std::fs::read(root().join("fixtures/text/003_b40d9c03878ac230.txt")).unwrap();
    let from_text = convert(&text).unwrap();
    let from_docx = convert(&fixture("annual_report_003.docx")).unwrap();
    assert_eq!(from_docx.source.converter, "docx");
    // docProps/core.xml as the generator wrote it.
    assert_eq!(
        from_docx.metadata.title.as_deref(),
        Some("2022年政府信息公开工作年度报告")
    );
    assert_eq!(
        from_docx.metadata.author.as_deref(),
        Some("docmend fixtures")
    );
    assert_eq!(
        from_docx.metadata.created.as_deref(),
        Some("2023-01-15T08:00:00Z")
    );
    assert_eq!(statistics(&from_docx), statistics(&from_text));
    assert!(statistics(&from_docx).len() > 150);
    assert_eq!(failed_checks(&from_docx), failed_checks(&from_text));
    assert!(
        !failed_checks(&from_docx).is_empty(),
        "seed 003 has inconsistent figures"
    );
    let profile = from_docx.profile.as_ref().unwrap();
    assert_eq!(profile.template, "2021");
    assert_eq!(profile.year, Some(2022));
    assert_eq!(
        from_docx.metadata.title.as_deref(),
        Some("2022年政府信息公开工作年度报告")
    );

    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            root().join("fixtures/expected/003_b40d9c03878ac230.expected.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let got = tables(&from_docx.blocks);
    let want = expected["tables"].as_array().unwrap();
    assert_eq!(got.len(), want.len());
    for (table, want) in got.iter().zip(want) {
        let grid: Vec<Vec<String>> = serde_json::from_value(want["grid"].clone()).unwrap();
        assert_eq!(table_grid(table), grid, "{}", want["title"]);
        assert_eq!(
            table.header_rows,
            want["header_rows"].as_u64().unwrap() as usize
        );
        assert!(
            table.repairs.is_empty(),
            "exact tables need no repair: {:?}",
            table.repairs
        );
    }
    // Merged cells are spans, not repeated text.
    let label = "三、本年度办理结果";
    let cells: Vec<_> = got[1].cells.iter().filter(|c| c.text == label).collect();
    assert_eq!(cells.len(), 1);
    // (一)予以公开 … (七)总计: 22 rows in seed 003.
    assert_eq!((cells[0].row_span, cells[0].col_span), (22, 1));
    let header = got[1]
        .cells
        .iter()
        .find(|c| c.text == "法人或其他组织")
        .unwrap();
    assert_eq!((header.row_span, header.col_span), (1, 5));

    let headings: Vec<(String, String)> = from_docx
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) if h.level == 1 && h.numbering.is_some() => {
                Some((h.numbering.clone().unwrap(), h.text.clone()))
            }
            _ => None,
        })
        .collect();
    let want_headings: Vec<(String, String)> = expected["section_headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["numbering"].as_str().unwrap().to_string(),
                h["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(headings, want_headings);
}

fn malformed_reason(result: Result<Document, Error>) -> String {
    match result {
        Err(Error::Malformed { format, reason }) => {
            assert_eq!(format, "docx");
            reason
        }
        Err(other) => panic!("expected a malformed-docx error, got {other:?}"),
        Ok(_) => panic!("expected an error"),
    }
}

#[test]
fn corrupt_archives_fail_cleanly() {
    let cases = [
        (
            "corrupt_missing_document.docx",
            "not a Word document: no word/document.xml",
        ),
        (
            "corrupt_malformed_xml.docx",
            "word/document.xml: malformed XML at byte",
        ),
        ("corrupt_zip_bomb.docx", "possible zip bomb"),
        (
            "corrupt_declared_3gb.docx",
            "under the limit of 1073741824 bytes unpacked in all (--max-unpacked-bytes)",
        ),
        (
            "corrupt_zip_bomb_lying_size.docx",
            "larger than its declared uncompressed size",
        ),
    ];
    for (name, reason) in cases {
        let started = std::time::Instant::now();
        let got = malformed_reason(convert(&fixture(name)));
        assert!(got.contains(reason), "{name}: {got}");
        assert!(started.elapsed().as_secs() < 10, "{name}: refused quickly");
    }
    let whole = fixture("annual_report_003.docx");
    for cut in [100, whole.len() / 2, whole.len() - 30, whole.len() - 1] {
        let reason = malformed_reason(convert(&whole[..cut]));
        assert!(
            reason.contains("not a readable ZIP archive"),
            "cut at {cut}: {reason}"
        );
    }
}

/// Damaged bytes anywhere in a package give a document or a clear error,
/// never a panic (the pipeline would report one as `ConverterPanicked`).
#[test]
fn damaged_packages_never_panic() {
    for name in ["nested_table.docx", "fields_bookmarks_textbox.docx"] {
        let original = fixture(name);
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for round in 0..400 {
            let mut bytes = original.clone();
            for _ in 0..1 + round % 4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % bytes.len() as u64) as usize;
                bytes[at] ^= (state >> 32) as u8 | 1;
            }
            match convert(&bytes) {
                Err(Error::Panicked { message, .. }) => {
                    panic!("{name} round {round}: converter panicked: {message}")
                }
                Ok(doc) => {
                    for table in tables(&doc.blocks) {
                        assert!(is_whole_grid(table), "{name} round {round}");
                    }
                }
                Err(_) => {}
            }
        }
    }
}

/// Legacy and encrypted Word files arrive as OLE compound files, not ZIP:
/// the DOCX converter does not claim them, and other ZIP formats neither.
#[test]
fn only_word_packages_are_claimed() {
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0EncryptionInfo";
    assert_eq!(
        DocxConverter.sniff(ole),
        docmend::converter::Confidence::NONE
    );
    assert_eq!(
        DocxConverter.sniff(&fixture("annual_report_003.docx")),
        docmend::converter::Confidence::CERTAIN
    );
    // The generator writes [Content_Types].xml and _rels/.rels first; the
    // document entry is still within the sniffed head.
    assert_eq!(
        DocxConverter.sniff(&fixture("gridspan_header.docx")),
        docmend::converter::Confidence::CERTAIN
    );
    // Workbooks are ZIP packages too.
    assert_no_workbook_claimed(&root().join("fixtures/spreadsheet"));
}

/// The same for the workbooks of other projects' test suites.
#[test]
#[ignore = "needs the real-world corpus"]
fn realworld_workbooks_are_not_claimed() {
    assert_no_workbook_claimed(&realworld());
}

/// The DOCX converter claims none of the XLSX and ODS files under `dir`.
fn assert_no_workbook_claimed(dir: &Path) {
    let mut workbooks = 0;
    for entry in walk(dir) {
        if entry.extension().is_some_and(|e| e == "xlsx" || e == "ods") {
            workbooks += 1;
            let bytes = std::fs::read(&entry).unwrap();
            assert_eq!(
                DocxConverter.sniff(&bytes[..bytes.len().min(8192)]),
                docmend::converter::Confidence::NONE,
                "{}",
                entry.display()
            );
        }
    }
    assert!(workbooks > 0, "no workbooks under {}", dir.display());
}

/// A package whose first entries are large (so that no `word/` entry lies
/// in the sniffed head) is still read by this converter.
#[test]
fn unusual_entry_order_still_converts() {
    use std::io::{Read, Write};
    let original = fixture("annual_report_003.docx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&original[..])).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("customXml/item9.xml", stored).unwrap();
    out.write_all(&vec![b' '; 20_000]).unwrap();
    for i in (0..archive.len()).rev() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        let name = entry.name().unwrap().to_string();
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    assert_eq!(
        DocxConverter.sniff(&bytes[..8192]),
        docmend::converter::Confidence::FALLBACK
    );
    let doc = convert(&bytes).unwrap();
    assert_eq!(doc.source.converter, "docx");
    let reference = convert(&original).unwrap();
    assert_eq!(doc.blocks, reference.blocks);
}

// ---------------------------------------------------------------------------
// Real-world files

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Text compared without white space, list bullets or the hyphen forms
/// the ground truths and docmend write differently (docmend drops soft
/// hyphens and writes a non-breaking hyphen as `-`).
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2011}' | '\u{AD}' | '•'))
        .collect()
}

/// Cell and line texts of docling's Markdown, without Markdown markup.
fn markdown_items(markdown: &str) -> (Vec<String>, Vec<String>) {
    let mut headings = Vec::new();
    let mut items = Vec::new();
    for line in markdown.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("<!--") {
            continue;
        }
        if line.starts_with('|') {
            if line.chars().all(|c| matches!(c, '|' | '-' | ' ' | ':')) {
                continue;
            }
            items.extend(
                line.trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_string()),
            );
        } else if let Some(heading) = line.strip_prefix('#') {
            headings.push(heading.trim_start_matches('#').trim().to_string());
        } else {
            items.push(line.to_string());
        }
    }
    let clean = |s: &String| -> String {
        let mut s = s
            .replace("<!-- image -->", "")
            .replace(['*', '`', '\\', '~'], "");
        // [text](target) → text
        while let (Some(open), Some(mid)) = (s.find('['), s.find("](")) {
            let Some(close) = s[mid..].find(')').map(|i| i + mid) else {
                break;
            };
            if open > mid {
                break;
            }
            s = format!("{}{}{}", &s[..open], &s[open + 1..mid], &s[close + 1..]);
        }
        // Leading list markers: `-`, `1.`, `1.1.`
        let mut rest = s.trim();
        loop {
            let marker = rest.split_whitespace().next().unwrap_or("");
            let is_marker = marker == "-"
                || (!marker.is_empty()
                    && marker.chars().all(|c| c.is_ascii_digit() || c == '.')
                    && marker.chars().next().is_some_and(|c| c.is_ascii_digit()));
            if is_marker && rest.len() > marker.len() {
                rest = rest[marker.len()..].trim_start();
            } else {
                break;
            }
        }
        rest.to_string()
    };
    (
        headings.iter().map(clean).collect(),
        items.iter().map(clean).filter(|s| !s.is_empty()).collect(),
    )
}

/// The `Str "…"` words of a pandoc native AST, decoded from Haskell escapes.
fn native_words(native: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = native;
    while let Some(at) = rest.find("Str \"") {
        rest = &rest[at + 5..];
        let mut word = String::new();
        let mut chars = rest.char_indices().peekable();
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    end = i + 1;
                    break;
                }
                '\\' => match chars.peek().copied() {
                    Some((_, d)) if d.is_ascii_digit() => {
                        let mut n = 0u32;
                        while let Some(&(_, d)) = chars.peek() {
                            match d.to_digit(10) {
                                Some(v) => {
                                    n = n * 10 + v;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        word.extend(char::from_u32(n));
                    }
                    Some((_, '&')) => {
                        chars.next();
                    }
                    Some((_, 'n')) => {
                        chars.next();
                        word.push('\n');
                    }
                    Some((_, e)) => {
                        chars.next();
                        word.push(e);
                    }
                    None => {}
                },
                c => word.push(c),
            }
        }
        words.push(word);
        rest = &rest[end..];
    }
    words
}

fn document_text(doc: &Document) -> String {
    squash(&all_texts(&doc.blocks).concat())
}

/// A table's grid with every position holding the text of the cell that
/// covers it, as Markdown tables show merged cells.
fn expanded(table: &Table) -> Vec<Vec<String>> {
    let mut grid = vec![vec![String::new(); table.n_cols]; table.n_rows];
    for c in &table.cells {
        for row in grid.iter_mut().skip(c.row).take(c.row_span) {
            for slot in row.iter_mut().skip(c.col).take(c.col_span) {
                *slot = c.text.clone();
            }
        }
    }
    grid
}

#[test]
#[ignore = "needs the real-world corpus"]
fn every_realworld_docx_converts_or_fails_clearly() {
    let dir = realworld();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut total = 0;
    let mut converted = 0;
    let mut checked = 0;
    for line in manifest.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (path, format, truth) = (fields[0], fields[5], fields[8]);
        if format != "docx" {
            continue;
        }
        total += 1;
        let bytes = std::fs::read(dir.join(path)).unwrap();
        let doc = match convert(&bytes) {
            Ok(doc) => doc,
            Err(Error::Panicked { message, .. }) => panic!("{path}: panicked: {message}"),
            Err(error) => {
                assert!(!error.to_string().is_empty(), "{path}");
                continue;
            }
        };
        converted += 1;
        assert_eq!(doc.source.converter, "docx", "{path}");
        for table in tables(&doc.blocks) {
            assert!(is_whole_grid(table), "{path}");
        }
        if truth == "-" {
            continue;
        }
        checked += 1;
        let truth_path = dir.join(truth.split(' ').next().unwrap());
        let truth = std::fs::read_to_string(&truth_path).unwrap();
        let text = document_text(&doc);
        if truth_path.extension().is_some_and(|e| e == "md") {
            let (headings, items) = markdown_items(&truth);
            for heading in &headings {
                let squashed = squash(heading);
                assert!(
                    doc.blocks.iter().any(|b| matches!(b, Block::Heading(h)
                        if squash(&format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text)).contains(&squashed)
                            || squashed.contains(&squash(&h.text)) && !h.text.is_empty())),
                    "{path}: heading '{heading}' is not a heading"
                );
            }
            for item in &items {
                let squashed = squash(item);
                // Equations are LaTeX in docling's export, plain text here.
                if item.contains('$') {
                    continue;
                }
                assert!(text.contains(&squashed), "{path}: '{item}' is missing");
            }
        } else if path.ends_with("comments.docx") {
            // pandoc keeps reviewers' comments; docmend leaves them out and says so.
            assert!(
                doc.diagnostics
                    .iter()
                    .any(|d| d.code == DiagnosticCode::CommentsSkipped)
            );
        } else {
            for word in native_words(&truth) {
                assert!(text.contains(&squash(&word)), "{path}: '{word}' is missing");
            }
        }
    }
    // None of the shared files is encrypted or corrupt: all of them convert.
    assert_eq!(converted, total, "every real-world DOCX converts");
    assert!(checked > 0, "some files have ground truth");
}

/// docling's expected Markdown repeats a merged cell's text in every
/// position it covers; expanding the spans gives the same tables.
#[test]
#[ignore = "needs the real-world corpus"]
fn realworld_merged_cells_match_docling() {
    let dir = realworld();
    let doc = convert(&std::fs::read(dir.join("docling/word_tables.docx")).unwrap()).unwrap();
    let markdown =
        std::fs::read_to_string(dir.join("docling/groundtruth/word_tables.docx.md")).unwrap();
    let mut want: Vec<Vec<Vec<String>>> = Vec::new();
    let mut in_table = false;
    for line in markdown.lines() {
        if line.starts_with('|') {
            if !in_table {
                want.push(Vec::new());
                in_table = true;
            }
            // The separator row; a row of empty cells has no dashes.
            if line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ' ')) {
                continue;
            }
            let row = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            want.last_mut().unwrap().push(row);
        } else {
            in_table = false;
        }
    }
    let got: Vec<Vec<Vec<String>>> = tables(&doc.blocks).into_iter().map(expanded).collect();
    assert_eq!(got.len(), want.len());
    for (i, (got, want)) in got.iter().zip(&want).enumerate() {
        // Empty rows are part of the table: docling keeps them, and so does
        // docmend.
        assert_eq!(got, want, "table {i}");
    }
}

/// pandoc's native AST lists each table cell once, at its top-left, with
/// its `RowSpan`/`ColSpan`, row by row: the same cells, in the same order,
/// as the converter's exact tables.
#[test]
#[ignore = "needs the real-world corpus"]
fn realworld_spans_match_pandoc() {
    let dir = realworld();
    let names = [
        "table_header_rowspan",
        "table_gridbefore",
        "table_variable_width",
        "tables",
        "table_one_row",
        "table_one_header_row",
        "table_with_list_cell",
        "table_captions_with_field",
        "table_captions_no_field",
        "sdt_elements",
    ];
    for name in names {
        let bytes = std::fs::read(dir.join(format!("pandoc/{name}.docx"))).unwrap();
        let converted = DocxConverter.convert(&bytes, &Options::default()).unwrap();
        let mut ours = Vec::new();
        for table in tables(&converted.blocks) {
            let mut cells: Vec<_> = table.cells.iter().collect();
            cells.sort_by_key(|c| (c.row, c.col));
            ours.extend(cells.iter().map(|c| (c.row_span, c.col_span)));
        }
        let native =
            std::fs::read_to_string(dir.join(format!("pandoc/groundtruth/{name}.native"))).unwrap();
        let mut theirs = Vec::new();
        let mut rest = native.as_str();
        while let Some(at) = rest.find("(RowSpan ") {
            rest = &rest[at + 9..];
            let rows: usize = rest[..rest.find(')').unwrap()].parse().unwrap();
            let at = rest.find("(ColSpan ").unwrap();
            rest = &rest[at + 9..];
            let cols: usize = rest[..rest.find(')').unwrap()].parse().unwrap();
            theirs.push((rows, cols));
        }
        assert_eq!(ours, theirs, "{name}");
        assert!(!ours.is_empty(), "{name}");
    }
}

/// A quick speed check on the fixtures and three real-world files, run
/// with `cargo test --release --test docx -- --ignored --nocapture`.
#[test]
#[ignore = "needs the real-world corpus"]
fn timing() {
    let rounds: u32 = std::env::var("DOCX_TIMING_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let mut inputs: Vec<(String, Vec<u8>)> = ["annual_report_003.docx", "gridspan_header.docx"]
        .iter()
        .map(|name| (name.to_string(), fixture(name)))
        .collect();
    if let Ok(extra) = std::env::var("DOCX_TIMING_FILES") {
        for path in extra.split(':').filter(|p| !p.is_empty()) {
            inputs.push((path.to_string(), std::fs::read(path).unwrap()));
        }
    }
    let dir = realworld();
    for name in [
        "docling/word_sample.docx",
        "docling/docx_lists.docx",
        "pandoc/tables.docx",
    ] {
        inputs.push((name.to_string(), std::fs::read(dir.join(name)).unwrap()));
    }
    for (name, bytes) in &inputs {
        let started = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(DocxConverter.convert(bytes, &Options::default()).unwrap());
        }
        let converter = started.elapsed() / rounds;
        let started = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(convert(bytes).unwrap());
        }
        let pipeline = started.elapsed() / rounds;
        eprintln!(
            "{name} ({} KB): converter {converter:?}, whole pipeline {pipeline:?} per file",
            bytes.len() / 1024
        );
    }
}

// ---------------------------------------------------------------------------
// Properties: tables and lists written as DOCX come back as written

mod written {
    //! Minimal Word packages written in the test, with the `zip` crate.

    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    pub fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    pub fn paragraph(text: &str, ppr: &str) -> String {
        let ppr = if ppr.is_empty() {
            String::new()
        } else {
            format!("<w:pPr>{ppr}</w:pPr>")
        };
        if text.is_empty() {
            format!("<w:p>{ppr}</w:p>")
        } else {
            format!(
                r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(text)
            )
        }
    }

    /// A package holding `body`, and `numbering` as `word/numbering.xml`.
    pub fn package(body: &str, numbering: Option<&str>) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let mut part = |name: &str, data: String| {
            out.start_file(name, options).unwrap();
            out.write_all(data.as_bytes()).unwrap();
        };
        part(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        );
        part(
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
            ),
        );
        part(
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
            ),
        );
        if let Some(numbering) = numbering {
            part(
                "word/_rels/document.xml.rels",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/numbering" Target="numbering.xml"/></Relationships>"#
                ),
            );
            part(
                "word/numbering.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#
                ),
            );
        }
        out.finish().unwrap().into_inner()
    }
}

/// A grid tiled by merged cells: each anchor with its spans and text.
#[derive(Debug, Clone)]
struct TiledTable {
    n_rows: usize,
    n_cols: usize,
    /// (row, col, row_span, col_span, text), row-major.
    cells: Vec<(usize, usize, usize, usize, String)>,
}

/// Texts the cleanup passes leave alone: labels (CJK and Latin), numbers,
/// empty cells.
fn cell_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        3 => proptest::sample::select(vec![
            "合计", "自然人", "商业企业", "予以公开", "申请数量", "Alpha", "beta", "Gamma", "delta",
            "办理结果", "Total"
        ])
        .prop_map(str::to_string),
        3 => (0u32..100_000).prop_map(|n| n.to_string()),
        1 => Just("12.5".to_string()),
        2 => Just(String::new()),
    ]
}

fn tiled_table() -> impl proptest::strategy::Strategy<Value = TiledTable> {
    use proptest::prelude::*;
    (1usize..7, 1usize..7)
        .prop_flat_map(|(n_rows, n_cols)| {
            let n = n_rows * n_cols;
            (
                Just((n_rows, n_cols)),
                proptest::collection::vec((1usize..4, 1usize..4), n),
                proptest::collection::vec(cell_text(), n),
            )
        })
        .prop_map(|((n_rows, n_cols), spans, texts)| {
            let mut covered = vec![vec![false; n_cols]; n_rows];
            let mut cells = Vec::new();
            for r in 0..n_rows {
                for c in 0..n_cols {
                    if covered[r][c] {
                        continue;
                    }
                    let (want_rows, want_cols) = spans[r * n_cols + c];
                    // As wide as asked while the row is free, as tall as
                    // asked while all those columns are free below.
                    let mut cols = 1;
                    while cols < want_cols && c + cols < n_cols && !covered[r][c + cols] {
                        cols += 1;
                    }
                    let mut rows = 1;
                    while rows < want_rows
                        && r + rows < n_rows
                        && (c..c + cols).all(|k| !covered[r + rows][k])
                    {
                        rows += 1;
                    }
                    for row in covered.iter_mut().skip(r).take(rows) {
                        for slot in row.iter_mut().skip(c).take(cols) {
                            *slot = true;
                        }
                    }
                    cells.push((r, c, rows, cols, texts[r * n_cols + c].clone()));
                }
            }
            // A row with nothing in it is a spacer the tidy pass drops:
            // give each row something.
            for r in 0..n_rows {
                let spanned = cells
                    .iter()
                    .any(|&(row, _, rows, _, _)| row < r && row + rows > r);
                let has_text = cells.iter().any(|(row, _, rows, _, text)| {
                    *row <= r && row + rows > r && (!text.is_empty() || *rows > 1)
                });
                if !spanned
                    && !has_text
                    && let Some(cell) = cells.iter_mut().find(|cell| cell.0 == r)
                {
                    cell.4 = format!("行{r}");
                }
            }
            TiledTable {
                n_rows,
                n_cols,
                cells,
            }
        })
}

/// The table as WordprocessingML: `w:gridSpan` for widths, a `w:vMerge`
/// restart on each anchor taller than one row and a bare `w:vMerge`
/// continuation in each row below it.
fn tiled_table_xml(table: &TiledTable) -> String {
    let mut xml = String::from("<w:tbl><w:tblGrid>");
    xml.push_str(&"<w:gridCol/>".repeat(table.n_cols));
    xml.push_str("</w:tblGrid>");
    for r in 0..table.n_rows {
        xml.push_str("<w:tr>");
        let mut row: Vec<(usize, String)> = Vec::new();
        for (row_at, col, rows, cols, text) in &table.cells {
            let span = if *cols > 1 {
                format!(r#"<w:gridSpan w:val="{cols}"/>"#)
            } else {
                String::new()
            };
            if *row_at == r {
                let merge = if *rows > 1 {
                    r#"<w:vMerge w:val="restart"/>"#
                } else {
                    ""
                };
                row.push((
                    *col,
                    format!(
                        "<w:tc><w:tcPr>{span}{merge}</w:tcPr>{}</w:tc>",
                        written::paragraph(text, "")
                    ),
                ));
            } else if *row_at < r && row_at + rows > r {
                row.push((
                    *col,
                    format!("<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>"),
                ));
            }
        }
        row.sort_by_key(|(col, _)| *col);
        for (_, tc) in row {
            xml.push_str(&tc);
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// One list paragraph: nesting level and text.
fn nested_list() -> impl proptest::strategy::Strategy<Value = Vec<(u8, String)>> {
    use proptest::prelude::*;
    proptest::collection::vec((0u8..4, proptest::bool::ANY), 1..20).prop_map(|steps| {
        let mut level = 0u8;
        let mut items = Vec::new();
        for (i, (step, cjk)) in steps.into_iter().enumerate() {
            // Deeper by at most one, shallower by any amount.
            level = if i == 0 {
                0
            } else if step == 3 {
                (level + 1).min(8)
            } else {
                level.min(step)
            };
            let word = if cjk { "事项" } else { "point" };
            items.push((level, format!("item {i} {word}")));
        }
        items
    })
}

/// Level `l` draws decimals, bullets and letters in turn.
fn list_numbering() -> String {
    let mut levels = String::new();
    for l in 0..9 {
        let (format, text) = match l % 3 {
            0 => ("decimal", format!("%{}.", l + 1)),
            1 => ("bullet", "\u{F0B7}".to_string()),
            _ => ("lowerLetter", format!("%{})", l + 1)),
        };
        levels.push_str(&format!(
            r#"<w:lvl w:ilvl="{l}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/></w:lvl>"#
        ));
    }
    format!(
        r#"<w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
    )
}

/// The marker each item must get: a level counts from 1 and starts again
/// after an item at a shallower level.
fn expected_markers(items: &[(u8, String)]) -> Vec<String> {
    let mut counts = [0u32; 9];
    items
        .iter()
        .map(|(level, _)| {
            let l = usize::from(*level);
            counts[l] += 1;
            counts[l + 1..].iter_mut().for_each(|c| *c = 0);
            match l % 3 {
                0 => format!("{}.", counts[l]),
                1 => "•".to_string(),
                _ => format!("{})", char::from(b'a' + (counts[l] - 1) as u8)),
            }
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Any table of two or more cells, merged any way that tiles its grid,
    /// comes back through the whole pipeline as the same grid, with no
    /// repair.
    #[test]
    fn any_tiled_table_comes_back_whole(table in tiled_table()) {
        proptest::prop_assume!(table.cells.len() >= 2);
        let body = format!("{}{}", written::paragraph("表前", ""), tiled_table_xml(&table));
        let doc = convert(&written::package(&body, None)).unwrap();
        let got = tables(&doc.blocks);
        proptest::prop_assert_eq!(got.len(), 1);
        let want = common::span_grid(
            table.n_rows,
            table.n_cols,
            table.cells.iter().map(|(r, c, rs, cs, t)| (*r, *c, *rs, *cs, t.as_str())),
        );
        proptest::prop_assert_eq!(table_grid(got[0]), want);
        proptest::prop_assert!(got[0].repairs.is_empty(), "{:?}", got[0].repairs);
        proptest::prop_assert!(
            !doc.diagnostics.iter().any(|d| d.severity != docmend::model::Severity::Info),
            "{:?}", doc.diagnostics
        );
    }

    /// Any nested list written as list paragraphs of one list comes back
    /// as one list with the same levels, markers and texts.
    #[test]
    fn any_nested_list_comes_back_as_written(items in nested_list()) {
        let mut body = written::paragraph("List:", "");
        for (level, text) in &items {
            body.push_str(&written::paragraph(
                text,
                &format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>"#),
            ));
        }
        let doc = convert(&written::package(&body, Some(&list_numbering()))).unwrap();
        let lists: Vec<&docmend::model::List> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::List(l) => Some(l),
                _ => None,
            })
            .collect();
        proptest::prop_assert_eq!(lists.len(), 1, "{:#?}", doc.blocks);
        let got: Vec<(u8, bool, Option<String>, String)> = lists[0]
            .items
            .iter()
            .map(|i| (i.level, i.ordered, i.marker.clone(), i.text.clone()))
            .collect();
        let markers = expected_markers(&items);
        let want: Vec<(u8, bool, Option<String>, String)> = items
            .iter()
            .zip(markers)
            .map(|((level, text), marker)| (*level, level % 3 != 1, Some(marker), text.clone()))
            .collect();
        proptest::prop_assert_eq!(got, want);
        proptest::prop_assert!(lists[0].ordered);
    }
}

#[test]
fn lowered_limits_refuse_what_the_defaults_read() {
    let bytes = fixture("gridspan_header.docx");
    let doc = convert(&bytes).expect("read within the default limits");
    let positions: usize = tables(&doc.blocks)
        .iter()
        .map(|t| t.n_rows * t.n_cols)
        .sum();
    assert!(positions > 0);
    let with = |limits: &dyn Fn(&mut Options)| {
        let mut options = Options::default();
        limits(&mut options);
        docmend::convert_bytes(&Registry::default(), &bytes, "input.docx", &options)
    };

    // The tables' positions exactly fit; one fewer refuses the document.
    assert!(with(&|o| o.limits.max_table_cells = positions as u64).is_ok());
    let reason = malformed_reason(with(&|o| o.limits.max_table_cells = positions as u64 - 1));
    assert!(
        reason.contains(&format!("limit of {} table positions", positions - 1))
            && reason.contains("--max-table-cells"),
        "{reason}"
    );

    // A part over the per-part limit is left out and reported; the main
    // document over what the package may unpack refuses the document.
    let doc = with(&|o| o.limits.max_part_bytes = 10).expect("read without its parts");
    let unreadable = doc
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::PartUnreadable)
        .expect("a part left out");
    assert!(
        unreadable
            .message
            .contains("limit of 10 bytes of one part (--max-part-bytes)"),
        "{}",
        unreadable.message
    );
    let reason = malformed_reason(with(&|o| o.limits.max_unpacked_bytes = 10));
    assert!(reason.contains("--max-unpacked-bytes"), "{reason}");
}
