//! The CSV and TSV converter: the fixtures under `fixtures/csv/` (written by
//! `fixtures/csv/generate.py`) compared cell by cell with grids written by
//! hand from the generator's texts; sniffing (delimited data is taken for
//! CSV, the seeds, markdown pipe tables and prose with commas are not);
//! forced formats, limits and errors; damaged copies; and a property test
//! that any grid written as CSV with proper quoting comes back unchanged.

#![cfg(feature = "csv")]

use docmend::model::{Block, DiagnosticCode, Document, Format, Number, Severity, Table};
use docmend::{Error, Limits, Options, Registry};
use proptest::prelude::*;
use std::path::Path;

mod common;
use common::{fixture_bytes, table_grid};

fn convert(bytes: &[u8]) -> Result<Document, Error> {
    docmend::convert_bytes(&Registry::default(), bytes, "input", &Options::default())
}

fn convert_as(bytes: &[u8], format: Format) -> Result<Document, Error> {
    let options = Options {
        forced_format: Some(format),
        ..Options::default()
    };
    docmend::convert_bytes(&Registry::default(), bytes, "input", &options)
}

/// The one table of a CSV document.
fn the_table(doc: &Document) -> &Table {
    assert_eq!(doc.blocks.len(), 1, "{:?}", doc.blocks);
    match &doc.blocks[0] {
        Block::Table(t) => t,
        other => panic!("not a table: {other:?}"),
    }
}

fn codes(doc: &Document) -> Vec<&str> {
    doc.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn rows(grid: &[&[&str]]) -> Vec<Vec<String>> {
    grid.iter()
        .map(|row| row.iter().map(|t| t.to_string()).collect())
        .collect()
}

/// What a fixture must give: format, encoding, grid, header rows, lines.
struct Expected<'a> {
    format: Format,
    encoding: &'a str,
    grid: &'a [&'a [&'a str]],
    header_rows: usize,
    lines: (usize, usize),
    diagnostics: &'a [&'a str],
}

fn check_fixture(name: &str, want: Expected) -> Document {
    let doc = convert(&fixture_bytes(&format!("csv/{name}"))).expect(name);
    assert_eq!(doc.source.converter, "csv", "{name}");
    assert_eq!(doc.source.format, want.format, "{name}");
    assert_eq!(
        doc.source.encoding.as_deref(),
        Some(want.encoding),
        "{name}"
    );
    let table = the_table(&doc);
    assert_eq!(table_grid(table), rows(want.grid), "{name}");
    assert_eq!(table.n_cols, want.grid[0].len(), "{name}");
    assert_eq!(table.header_rows, want.header_rows, "{name}");
    assert!(table.repairs.is_empty(), "{name}: {:?}", table.repairs);
    let origin = table.origin.as_ref().expect("origin");
    assert_eq!(
        (origin.line, origin.line_end),
        (Some(want.lines.0), Some(want.lines.1))
    );
    assert_eq!(codes(&doc), want.diagnostics, "{name}");
    for cell in &table.cells {
        assert_eq!(cell.value, Number::parse(&cell.text), "{name}: {cell:?}");
        assert_eq!((cell.row_span, cell.col_span), (1, 1));
    }
    doc
}

#[test]
fn gbk_statistics_table_with_a_chinese_header() {
    let doc = check_fixture(
        "gbk_statistics.csv",
        Expected {
            format: Format::Csv,
            encoding: "GB18030",
            grid: &[
                &[
                    "地区",
                    "主动公开信息数",
                    "依申请公开数",
                    "行政复议数",
                    "行政诉讼数",
                ],
                &["城区", "1,204", "35", "2", "0"],
                &["泽州县", "986", "12", "0", "1"],
                &["高平市", "2,017", "48", "3", "1"],
                &["阳城县", "755", "9", "0", "0"],
                &["合计", "4,962", "104", "5", "2"],
            ],
            header_rows: 1,
            lines: (1, 6),
            diagnostics: &["encoding_guessed"],
        },
    );
    let table = the_table(&doc);
    let value = |row: usize, col: usize| {
        table
            .cells
            .iter()
            .find(|c| (c.row, c.col) == (row, col))
            .and_then(|c| c.value)
            .map(|v| v.0)
    };
    assert_eq!(value(1, 1), Some(1204.0));
    assert_eq!(value(5, 1), Some(4962.0));
    assert_eq!(value(0, 1), None);
}

#[test]
fn semicolons_with_quoted_delimiters_line_breaks_and_quotes() {
    check_fixture(
        "semicolon_quoted.csv",
        Expected {
            format: Format::Csv,
            encoding: "UTF-8",
            grid: &[
                &["Gemeinde", "Einwohner", "Fläche km²", "Bemerkung"],
                &[
                    "Aachen",
                    "249070",
                    "160,85",
                    "Kreisfreie Stadt; Sitz der Städteregion",
                ],
                &["Köln", "1084831", "405,01", "Domstadt\nam Rhein"],
                &["Düren; Kreisstadt", "92096", "85,01", "sagt \"Hallo\""],
                &["Jülich", "32412", "90,39", ""],
            ],
            header_rows: 1,
            lines: (1, 6),
            diagnostics: &[],
        },
    );
}

#[test]
fn tab_separated_with_a_byte_order_mark() {
    check_fixture(
        "population.tsv",
        Expected {
            format: Format::Tsv,
            encoding: "UTF-8",
            grid: &[
                &["地区", "常住人口(万人)", "增长率(%)", "备注"],
                &["北京市", "2184.3", "-0.2", ""],
                &["上海市", "2475.89", "0.1", "直辖市"],
                &["广州市", "1882.7", "0.3", "省会, 副省级"],
            ],
            header_rows: 1,
            lines: (1, 4),
            diagnostics: &[],
        },
    );
}

#[test]
fn ragged_rows_are_padded_and_empty_rows_left_out() {
    let doc = check_fixture(
        "ragged.csv",
        Expected {
            format: Format::Csv,
            encoding: "UTF-8",
            grid: &[
                &["编号", "姓名", "部门", "电话", ""],
                &["1", "张三", "办公室", "12345", ""],
                &["2", "李四", "财务科", "", ""],
                &["3", "王五", "人事科", "23456", "备注:兼职"],
                &["4", "赵六", "", "34567", ""],
            ],
            header_rows: 1,
            lines: (1, 7),
            diagnostics: &["ragged_rows", "empty_rows_skipped"],
        },
    );
    let ragged = &doc.diagnostics[0];
    assert_eq!(ragged.severity, Severity::Info);
    assert!(
        ragged
            .message
            .starts_with("rows of 3 to 5 fields (1 of 3, 3 of 4, 1 of 5)"),
        "{}",
        ragged.message
    );
    assert!(doc.diagnostics[1].message.contains("(line 6)"));
}

#[test]
fn utf16_with_a_byte_order_mark() {
    check_fixture(
        "utf16_bom.csv",
        Expected {
            format: Format::Csv,
            encoding: "UTF-16LE",
            grid: &[
                &["年份", "收入(亿元)", "支出(亿元)"],
                &["2019", "1,234.5", "1100"],
                &["2020", "1,300.25", "1,250"],
                &["2021", "1400", "1320.75"],
            ],
            header_rows: 1,
            lines: (1, 4),
            diagnostics: &[],
        },
    );
}

#[test]
fn big5_pipes_split_after_decoding() {
    // 四, 會 and 院 end in the byte of the pipe itself.
    check_fixture(
        "big5_pipe.csv",
        Expected {
            format: Format::Csv,
            encoding: "Big5",
            grid: &[
                &["機關", "四月會議次數", "出席人數", "備註"],
                &["臺北市政府", "4", "120", "院會"],
                &["新北市政府", "3", "98", "無"],
                &["行政院", "5", "210", "四次臨時會"],
                &["高雄市政府", "2", "75", "市政會議"],
            ],
            header_rows: 1,
            lines: (1, 5),
            diagnostics: &["encoding_guessed"],
        },
    );
}

/// Seed 003's application table as Excel saves a sheet with merged cells
/// to CSV: each merged cell's text in its first field, the fields it
/// covered empty. The grid is the seed's hand-checked one with its spans
/// emptied; the three rows above the first figure are the header; and the
/// profile reads the same figures from it as from the text seed.
#[test]
fn annual_report_table_saved_as_csv() {
    let doc = convert(&fixture_bytes("csv/annual_report_003.csv")).unwrap();
    assert_eq!(doc.source.encoding.as_deref(), Some("GB18030"));
    let table = the_table(&doc);
    let expected: serde_json::Value = serde_json::from_slice(&fixture_bytes(
        "expected/003_b40d9c03878ac230.expected.json",
    ))
    .unwrap();
    let seed_table = expected["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"].as_str().unwrap().starts_with("三、"))
        .unwrap();
    let grid: Vec<Vec<String>> = serde_json::from_value(seed_table["grid"].clone()).unwrap();
    let emptied: Vec<Vec<String>> = grid
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|t| {
                    if t == "<" || t == "^" {
                        String::new()
                    } else {
                        t
                    }
                })
                .collect()
        })
        .collect();
    assert_eq!(table_grid(table), emptied);
    assert_eq!((table.n_cols, table.header_rows), (10, 3));
    assert!(table.repairs.is_empty());
    assert_eq!(codes(&doc), ["encoding_guessed"]);
}

/// The table saved as CSV gives the text seed's figures and failed checks
/// for it.
#[cfg(feature = "text")]
#[test]
fn annual_report_csv_gives_the_text_seeds_figures() {
    use common::{failed_checks, statistics};
    let doc = convert(&fixture_bytes("csv/annual_report_003.csv")).unwrap();
    let seed = convert(&fixture_bytes("text/003_b40d9c03878ac230.txt")).unwrap();
    let mut from_seed = statistics(&seed);
    from_seed.retain(|key, _| key.starts_with("applications."));
    assert_eq!(statistics(&doc), from_seed);
    let mut seed_failures = failed_checks(&seed);
    seed_failures.retain(|check| check.starts_with("applications."));
    assert_eq!(failed_checks(&doc), seed_failures);
    assert_eq!(failed_checks(&doc).len(), 2);
}

#[test]
fn line_ends_of_every_kind_and_no_header_without_numbers() {
    for text in [
        "a,b,c\r\nd,e,f\r\ng,h,i\r\n",
        "a,b,c\rd,e,f\rg,h,i",
        "\n\na,b,c\n\nd,e,f\n\n\ng,h,i\n\n",
    ] {
        let doc = convert(text.as_bytes()).expect(text);
        let table = the_table(&doc);
        assert_eq!(
            table_grid(table),
            rows(&[&["a", "b", "c"], &["d", "e", "f"], &["g", "h", "i"]]),
            "{text:?}"
        );
        assert_eq!(table.header_rows, 0);
    }
    let doc = convert(b"\n\na,b,c\n\nd,e,f\n\n\ng,h,i\n\n").unwrap();
    let origin = the_table(&doc).origin.clone().unwrap();
    assert_eq!((origin.line, origin.line_end), (Some(3), Some(8)));
}

#[test]
fn a_first_row_of_numbers_is_no_header() {
    // The shape of docling's csv-inconsistent-header.csv.
    let doc = convert(b"1,2,3\r\na,b,c,d\r\na,b,c,d\r\na,b,c,d\r\na,b,c,d").unwrap();
    let table = the_table(&doc);
    assert_eq!((table.n_rows, table.n_cols, table.header_rows), (5, 4, 0));
    assert_eq!(table_grid(table)[0], ["1", "2", "3", ""]);
    assert_eq!(codes(&doc), ["ragged_rows"]);
}

#[test]
fn an_unclosed_quote_is_a_warning() {
    let doc = convert(b"name,note\nA,fine\nB,\"never closed\nC,x\nD,y\n").unwrap();
    let table = the_table(&doc);
    assert_eq!(
        table_grid(table),
        rows(&[
            &["name", "note"],
            &["A", "fine"],
            &["B", "never closed\nC,x\nD,y"],
        ])
    );
    assert_eq!(codes(&doc), ["unclosed_quote"]);
    assert_eq!(doc.diagnostics[0].severity, Severity::Warning);
    assert!(doc.diagnostics[0].message.contains("line 3"));
}

#[test]
fn forced_formats_choose_the_delimiters() {
    let tsv = fixture_bytes("csv/population.tsv");
    let doc = convert_as(&tsv, Format::Tsv).unwrap();
    assert_eq!(doc.source.format, Format::Tsv);
    assert_eq!(the_table(&doc).n_cols, 4);
    // Read as csv, a tab is no delimiter: the rows are one field each,
    // split only at the comma a quoted field holds.
    let doc = convert_as(&tsv, Format::Csv).unwrap();
    assert_eq!(doc.source.format, Format::Csv);
    assert_eq!(the_table(&doc).n_rows, 4);
    // Two rows are too few to sniff, but a forced format reads them.
    assert_left_to_text(b"a;b\n1;2\n", "two rows");
    let doc = convert_as(b"a;b\n1;2\n", Format::Csv).unwrap();
    assert_eq!(
        table_grid(the_table(&doc)),
        rows(&[&["a", "b"], &["1", "2"]])
    );
    // A file without table-like content is a one-column table.
    let doc = convert_as(
        "一、总体情况\n本年度共收到申请3件。\n".as_bytes(),
        Format::Csv,
    )
    .unwrap();
    assert_eq!(
        table_grid(the_table(&doc)),
        rows(&[&["一、总体情况"], &["本年度共收到申请3件。"]])
    );
    // A seed forced through the converter converts without trouble.
    let seed = fixture_bytes("text/000_9cf56e95910a791d.txt");
    let doc = convert_as(&seed, Format::Csv).unwrap();
    assert_eq!(doc.source.converter, "csv");
    assert!(the_table(&doc).n_rows > 10);
}

#[test]
fn empty_inputs_are_clear_errors() {
    assert!(matches!(convert_as(b"", Format::Csv), Err(Error::Empty)));
    for blank in [&b"\n\n\r\n"[..], b",,,\n,,\n", b"  \t \n"] {
        let error = convert_as(blank, Format::Csv).expect_err("no values");
        assert!(
            error.to_string().contains("no values"),
            "{blank:?}: {error}"
        );
    }
    let converter = docmend::converters::csv::CsvConverter;
    use docmend::Converter;
    assert!(matches!(
        converter.convert(b"", &Options::default()),
        Err(Error::Empty)
    ));
}

#[test]
fn more_cells_than_the_limit_are_refused() {
    // Reading up to the limit is checked in the converter's unit tests;
    // here one row past the fixed guard of one CSV table (no higher than
    // the default `Limits::max_table_cells`), through the pipeline.
    let limit = docmend::converters::csv::MAX_TABLE_CELLS as usize;
    assert!((limit as u64) <= Limits::default().max_table_cells);
    let width = 1000;
    let row = format!("x{}\n", ",1".repeat(width - 1));
    let over = row.repeat(limit / width + 1);
    let error = convert(over.as_bytes()).expect_err("over the limit");
    let message = error.to_string();
    assert!(
        message.contains("cannot convert as csv")
            && message.contains(&format!("limit of {limit} "))
            && message.contains("--max-table-cells"),
        "{message}"
    );
}

#[test]
fn a_lowered_cell_limit_refuses_a_small_table() {
    // 3 rows × 4 fields = 12 positions: read by default, refused at 11.
    let text = b"a,b,c,d\n1,2,3,4\n5,6,7,8\n";
    assert_eq!(the_table(&convert(text).unwrap()).n_rows, 3);
    let mut options = Options::default();
    options.limits.max_table_cells = 12;
    assert!(docmend::convert_bytes(&Registry::default(), text, "input", &options).is_ok());
    options.limits.max_table_cells = 11;
    let error = docmend::convert_bytes(&Registry::default(), text, "input", &options)
        .expect_err("over the lowered limit");
    let message = error.to_string();
    assert!(
        message.contains("limit of 11 table positions") && message.contains("--max-table-cells"),
        "{message}"
    );
}

// ---------------------------------------------------------------- sniffing

fn converter_of(bytes: &[u8]) -> &'static str {
    Registry::default()
        .choose(bytes, None)
        .map(|c| c.name())
        .unwrap_or("none")
}

/// Text that the CSV converter must leave alone: the registry picks the
/// text converter for it, or in a build without one, at least not this.
fn assert_left_to_text(bytes: &[u8], what: &str) {
    let converter = converter_of(bytes);
    if cfg!(feature = "text") {
        assert_eq!(converter, "text", "{what}");
    } else {
        assert_ne!(converter, "csv", "{what}");
    }
}

#[test]
fn delimited_files_are_sniffed() {
    for name in [
        "gbk_statistics.csv",
        "semicolon_quoted.csv",
        "population.tsv",
        "ragged.csv",
        "utf16_bom.csv",
        "big5_pipe.csv",
        "annual_report_003.csv",
    ] {
        assert_eq!(
            converter_of(&fixture_bytes(&format!("csv/{name}"))),
            "csv",
            "{name}"
        );
    }
    // The shapes of docling's two CSV test files.
    for text in [
        "1,2,3,4\r\na,b,c,d\r\na,b,c,d,e\r\na,b,c,d\r\na,b,c,d",
        "1,2,3\r\na,b,c,d\r\na,b,c,d\r\na,b,c,d\r\na,b,c,d",
    ] {
        assert_eq!(converter_of(text.as_bytes()), "csv", "{text}");
    }
}

/// Every seed stays with the text converter, read from its start or from
/// any of its lines on (a sniff sees only the first 8 KiB of a file).
#[test]
fn seeds_stay_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for path in seeds {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert_left_to_text(&bytes, &name);
        let line_starts = std::iter::once(0).chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        for start in line_starts.filter(|&s| s < bytes.len()) {
            let end = (start + 8192).min(bytes.len());
            assert_ne!(
                converter_of(&bytes[start..end]),
                "csv",
                "{name} from byte {start}"
            );
        }
    }
}

#[test]
fn markdown_pipe_tables_stay_text() {
    for text in [
        "| 项目 | 本年新收 | 上年结转 |\n|---|---|---|\n| 自然人 | 3 | 0 |\n| 法人 | 1 | 0 |\n",
        "| 项目 | 本年新收 | 上年结转 |\n| 自然人 | 3 | 0 |\n| 法人 | 1 | 0 |\n| 其他 | 0 | 0 |\n",
        "项目 | 本年新收 | 上年结转\n--- | --- | ---\n自然人 | 3 | 0\n法人 | 1 | 0\n",
        "项目 | 本年新收 | 上年结转 |\n自然人 | 3 | 0 |\n法人 | 1 | 0 |\n其他 | 0 | 0 |\n",
        // With commas inside the cells.
        "| a, b | c, d |\n| e, f | g, h |\n| i, j | k, l |\n| m, n | o, p |\n",
    ] {
        assert_left_to_text(text.as_bytes(), text);
    }
}

#[test]
fn prose_with_commas_stays_text() {
    for text in [
        "2020年,在区委、区政府的正确领导下,我局认真贯彻落实《条例》,全面推进政务公开。\n\
         一、总体情况\n\
         全年共主动公开信息120条,其中政策文件12件,政策解读8篇。\n\
         (一)主动公开情况\n\
         依申请公开方面,全年收到申请3件,均按时答复。\n",
        "2021年,我局继续推进公开工作。\n2022年,我局全面完成各项任务。\n\
         2023年,我局进一步深化公开。\n2024年,我局持续优化服务。\n",
        "In 2022, the office published 120 items, of which 12 were policies.\n\
         Requests, as in past years, were answered on time, in full.\n\
         The office, however, received 3 requests for review.\n\
         Further work, the office notes, remains to be done.\n",
        // Word's plain-text export: one cell per tab-indented line.
        "\t项目\n\t本年新收\n\t3\n\n\t上年结转\n\t0\n\n\t合计\n\t3\n",
    ] {
        assert_left_to_text(text.as_bytes(), text);
    }
}

// ----------------------------------------------------------- damaged input

/// Truncated and bit-flipped copies of every fixture convert or fail with a
/// clear error, and every table is whole.
#[test]
fn damaged_copies_never_panic() {
    let mut state = 2023u64;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound.max(1)
    };
    for name in [
        "gbk_statistics.csv",
        "semicolon_quoted.csv",
        "population.tsv",
        "ragged.csv",
        "utf16_bom.csv",
        "big5_pipe.csv",
        "annual_report_003.csv",
    ] {
        let original = fixture_bytes(&format!("csv/{name}"));
        // Every cut of a small file, some 200 cuts of a larger one.
        let mut copies: Vec<Vec<u8>> = (1..original.len())
            .step_by(original.len() / 200 + 1)
            .map(|cut| original[..cut].to_vec())
            .collect();
        for round in 0..200 {
            let mut copy = original.clone();
            for _ in 0..[1, 2, 4, 16][round % 4] {
                let at = next(copy.len());
                copy[at] ^= 1 << next(8);
            }
            copies.push(copy);
        }
        for copy in copies {
            for format in [None, Some(Format::Csv), Some(Format::Tsv)] {
                let options = Options {
                    forced_format: format,
                    ..Options::default()
                };
                match docmend::convert_bytes(&Registry::default(), &copy, name, &options) {
                    Ok(doc) => {
                        for block in &doc.blocks {
                            if let Block::Table(t) = block {
                                assert!(table_grid(t).iter().flatten().all(|c| c != "?"));
                                if doc.source.converter == "csv" {
                                    assert!(t.repairs.is_empty(), "{name}: {:?}", t.repairs);
                                }
                            }
                        }
                    }
                    Err(Error::Panicked { message, .. }) => {
                        panic!("{name}: the converter panicked: {message}")
                    }
                    Err(error) => assert!(error.to_string().len() > 20, "{name}: {error}"),
                }
            }
        }
    }
}

// ------------------------------------------------------- property: round trip

/// A cell text: empty, or a value of [`value_text`].
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 5 => value_text()]
}

/// A value: a number, a label, CJK or Latin words, or text holding
/// delimiters, quotes and line breaks (never padded: the model keeps texts
/// trimmed; never a sentence).
fn value_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => (-100_000i64..100_000).prop_map(|n| n.to_string()),
        1 => (0u32..10_000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b:02}")),
        1 => (1u32..999, 0u32..1000).prop_map(|(a, b)| format!("{a},{b:03}")),
        2 => "[一二三四五六七八九十本年新收申请数量合计公开情况]{1,12}",
        2 => "[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,3}",
        1 => "(一|二|三)、[主动公开依申请]{2,6}",
        2 => "[a-z中文]{1,4}[,;|\t\"][a-z中文 ]{0,4}[a-z\"]",
        1 => "[a-z]{1,5}(\r\n|\n|\r)[a-z]{1,5}",
        1 => "\"[a-z]{0,4}\"\"?",
    ]
}

/// A grid with at least one value (a file of delimiters alone does not
/// say which delimiter it uses; `empty_inputs_are_clear_errors` has those).
fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    (1usize..7, 1usize..9)
        .prop_flat_map(|(width, height)| {
            proptest::collection::vec(proptest::collection::vec(cell_text(), width), height)
        })
        .prop_filter("a value", |grid| {
            grid.iter().flatten().any(|t| !t.is_empty())
        })
}

/// Writes a grid as a careful writer does: a field is quoted when it holds
/// any delimiter docmend knows, a quote or a line break, and sometimes for
/// no reason; quotes inside are doubled.
fn write_delimited(
    grid: &[Vec<String>],
    delimiter: char,
    newline: &str,
    quote_all: bool,
) -> String {
    let mut out = String::new();
    for row in grid {
        let fields: Vec<String> = row
            .iter()
            .map(|text| {
                let needs = text.contains([',', ';', '|', '\t', '"', '\r', '\n']);
                // A lone empty field is quoted, or its line would be blank.
                if needs || quote_all || (row.len() == 1 && text.is_empty()) {
                    format!("\"{}\"", text.replace('"', "\"\""))
                } else {
                    text.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(&delimiter.to_string()));
        out.push_str(newline);
    }
    out
}

fn encode(text: &str, encoding: usize) -> Vec<u8> {
    match encoding {
        0 => text.as_bytes().to_vec(),
        1 => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        2 => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        _ => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_grid_written_as_csv_comes_back(
        grid in grid(),
        delimiter in prop::sample::select(vec![',', ';', '|', '\t']),
        newline in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        quote_all in proptest::bool::weighted(0.2),
        trailing_newline in proptest::bool::ANY,
        encoding in 0usize..4,
    ) {
        let mut text = write_delimited(&grid, delimiter, newline, quote_all);
        if !trailing_newline {
            text.truncate(text.len() - newline.len());
        }
        let format = if delimiter == '\t' { Format::Tsv } else { Format::Csv };
        let kept: Vec<Vec<String>> = grid
            .iter()
            .filter(|row| row.iter().any(|t| !t.is_empty()))
            .cloned()
            .collect();
        let doc = convert_as(&encode(&text, encoding), format).expect("converts");
        prop_assert_eq!(doc.source.format, format);
        let table = the_table(&doc);
        prop_assert_eq!(table_grid(table), kept);
        prop_assert!(table.repairs.is_empty(), "{:?}", table.repairs);
        prop_assert!(doc.diagnostics.iter().all(|d| d.code != DiagnosticCode::RaggedRows));
        for cell in &table.cells {
            prop_assert_eq!(cell.value, Number::parse(&cell.text));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Tables of data (three rows or more, two columns or more, no empty
    /// field) are sniffed as CSV or TSV without `--format`.
    #[test]
    fn data_tables_are_sniffed_and_come_back(
        grid in (2usize..7, 3usize..12).prop_flat_map(|(width, height)| {
            proptest::collection::vec(proptest::collection::vec(value_text(), width), height)
        }),
        delimiter in prop::sample::select(vec![',', ';', '|', '\t']),
        newline in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        encoding in 0usize..4,
    ) {
        let text = write_delimited(&grid, delimiter, newline, false);
        let doc = convert(&encode(&text, encoding)).expect("converts");
        prop_assert_eq!(doc.source.converter.as_str(), "csv");
        let format = if delimiter == '\t' { Format::Tsv } else { Format::Csv };
        prop_assert_eq!(doc.source.format, format);
        prop_assert_eq!(table_grid(the_table(&doc)), grid);
        prop_assert!(the_table(&doc).repairs.is_empty());
    }
}
