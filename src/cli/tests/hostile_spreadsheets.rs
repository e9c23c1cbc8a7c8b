//! Hostile workbooks, end to end: counts and dimensions that calamine
//! trusts (a shared-string table declaring 10¹¹ strings wherever its start
//! tag stands, cells far apart that calamine lays out densely, ODS repeats,
//! an XLSB record longer than its part) each end in a clear error naming
//! the reason, or convert, within the memory cap `docs/limits.md` gives.

#![cfg(all(feature = "spreadsheet", target_os = "linux"))]

mod common;
mod hostile_inputs;

use hostile_inputs::*;

/// Tiny workbooks: what docmend itself needs, and nothing in proportion
/// to what they declare.
const SMALL: u64 = 64 * MIB;

const DECLARED: &str = "its shared-string table declares 99999999999 strings, over the \
                        limit of 5000000 table positions (--max-table-cells)";

fn strings_part(prolog: &str, attributes: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0"?>{prolog}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"{attributes} count="1" uniqueCount="99999999999"><si><t>label</t></si></sst>"#
    )
    .into_bytes()
}

/// calamine reserves room for `uniqueCount` strings before reading one:
/// 2.4 TB here, an allocation failure that aborts the process. The count
/// is found wherever the start tag stands and whatever the part's
/// checksum says.
#[test]
fn a_shared_string_table_declaring_billions_is_refused_wherever_it_starts() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let padding = "x".repeat(70_000);
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("plain", strings_part("", ""), false),
        ("wrong checksum", strings_part("", ""), true),
        (
            "after a 70 KB comment",
            strings_part(&format!("<!--{padding}-->"), ""),
            false,
        ),
        (
            "after a processing instruction",
            strings_part(&format!("<?pi {padding}?>"), ""),
            true,
        ),
        (
            "after a DOCTYPE",
            strings_part(&format!("<!DOCTYPE sst [<!ENTITY a \"{padding}\">]>"), ""),
            false,
        ),
        (
            "after a long attribute",
            strings_part("", &format!(" pad=\"{padding}\"")),
            false,
        ),
    ];
    for (i, (case, part, bad_crc)) in cases.iter().enumerate() {
        let mut strings = Entry::stored("xl/sharedStrings.xml", part);
        strings.bad_crc = *bad_crc;
        let path = xlsx(&dir.path().join(format!("strings{i}.xlsx")), vec![strings]);
        let run = convert(&path, &[]);
        refused(&run, &path, DECLARED);
        within(
            &format!("xlsx: uniqueCount 10^11, {case}"),
            &path,
            &run,
            SMALL,
            "refused: shared-string table declares 99999999999 strings",
        );
    }
}

#[test]
fn a_shared_string_table_that_starts_past_the_part_limit_is_refused() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let part = strings_part(&format!("<!--{}-->", "x".repeat(70_000)), "");
    let path = xlsx(
        &dir.path().join("late.xlsx"),
        vec![Entry::stored("xl/sharedStrings.xml", &part)],
    );
    let run = convert(&path, &["--max-part-bytes", "65536"]);
    refused(
        &run,
        &path,
        "its shared-string table xl/sharedStrings.xml does not begin within its first 65536 \
         bytes, the limit of one part (--max-part-bytes)",
    );
    within(
        "xlsx: sst start past --max-part-bytes",
        &path,
        &run,
        SMALL,
        "refused: sst does not begin within the part limit",
    );
}

/// A 5.5 KB XLS whose one sheet has a cell at A1 and one at IV65536:
/// calamine lays the sheet out densely, 16.7 million positions (1 GiB and
/// 0.7 s before the guard). A cell at row 1001 stays within the budget.
#[test]
fn an_xls_cell_far_from_the_others_is_refused_naming_the_sheet() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let far = xls(
        &dir.path().join("far.xls"),
        &workbook_stream(&[], &[number(0, 0, 1.0), number(65_535, 255, 2.0)]),
    );
    let run = convert(&far, &[]);
    refused(
        &run,
        &far,
        "sheet 'S' spans 65536 rows × 256 columns (A1:IV65536), 16777216 positions that the \
         reader lays out one by one in memory; out of proportion to a file of 5632 bytes",
    );
    within(
        "xls: cells at A1 and IV65536",
        &far,
        &run,
        SMALL,
        "refused: sheet spans 65536 × 256, out of proportion",
    );

    let near = xls(
        &dir.path().join("near.xls"),
        &workbook_stream(&[], &[number(0, 0, 1.0), number(1000, 255, 2.0)]),
    );
    let run = convert(&near, &[]);
    let doc = document(&run);
    assert_eq!(texts(&doc), ["S", "1", "2"]);
    within(
        "xls: cells at A1 and IV1001",
        &near,
        &run,
        SMALL,
        "converts (two paragraphs)",
    );
}

#[test]
fn a_dimensions_record_beyond_any_sheet_is_refused() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut dimensions = (0u32).to_le_bytes().to_vec();
    dimensions.extend_from_slice(&(1u32 << 20).to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    dimensions.extend_from_slice(&0xFFFFu16.to_le_bytes());
    dimensions.extend_from_slice(&[0, 0]);
    let path = xls(
        &dir.path().join("dimensions.xls"),
        &workbook_stream(&[], &[record(0x0200, &dimensions), number(0, 0, 1.0)]),
    );
    let run = convert(&path, &[]);
    refused(
        &run,
        &path,
        "sheet 'S' declares 68718428160 cells (DIMENSIONS), more than an Excel sheet can hold",
    );
    within(
        "xls: DIMENSIONS of 2^20 × 65535",
        &path,
        &run,
        SMALL,
        "refused: DIMENSIONS beyond any sheet",
    );
}

/// calamine streams XLSX sheets cell by cell: a cell at XFD1048576 costs
/// nothing. A merge from B2 to it makes one table of 17 billion
/// positions, which is left out and reported, not laid out.
#[test]
fn an_xlsx_cell_or_merge_at_the_last_position_converts_sparsely() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let sheet = |merge: &str| {
        format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>7</v></c></row><row r="1048576"><c r="XFD1048576"><v>9</v></c></row></sheetData>{merge}</worksheet>"#
        )
    };
    let far = sheet("");
    let path = xlsx(
        &dir.path().join("far.xlsx"),
        vec![Entry::stored("xl/worksheets/sheet1.xml", far.as_bytes())],
    );
    let run = convert(&path, &[]);
    let doc = document(&run);
    let table = doc.table().expect("A1:B1 is a table");
    assert_eq!((table.n_rows, table.n_cols), (Some(1), Some(2)));
    assert_eq!(texts(&doc), ["S", "9"]);
    within(
        "xlsx: cells at A1 and XFD1048576",
        &path,
        &run,
        SMALL,
        "converts sparsely",
    );

    let merged = sheet(r#"<mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>"#);
    let path = xlsx(
        &dir.path().join("merged.xlsx"),
        vec![Entry::stored("xl/worksheets/sheet1.xml", merged.as_bytes())],
    );
    let run = convert(&path, &[]);
    let doc = document(&run);
    assert!(
        diagnostic(&doc, "table_too_large").starts_with(
            "sheet 'S': the table at A1:XFD1048576 spans 1048576 × 16384 grid positions"
        ),
        "{doc:?}"
    );
    within(
        "xlsx: a merge from B2 to XFD1048576",
        &path,
        &run,
        SMALL,
        "converts; the table is left out (table_too_large)",
    );
}

/// ODS repeats: calamine stores a repeated cell once per column and
/// copies a repeated row once per repeat.
#[test]
fn ods_repeats_that_expand_to_millions_of_cells_are_refused() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let value = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;
    let cases = [
        (
            "rows-repeated 1,000,000",
            format!(r#"<table:table-row table:number-rows-repeated="1000000">{value}{value}</table:table-row>"#),
            "sheet 'S' spans 1000000 rows × 2 columns (A1:B1000000), 2000002 positions",
        ),
        (
            "columns-repeated 16,384 on 1,048,576 rows",
            format!(
                r#"<table:table-row table:number-rows-repeated="1048576">{}</table:table-row>"#,
                value.replace(
                    "<table:table-cell ",
                    r#"<table:table-cell table:number-columns-repeated="16384" "#
                )
            ),
            "sheet 'S' spans 1048576 rows × 16384 columns (A1:XFD1048576)",
        ),
        (
            "a value after 1,048,574 empty rows",
            format!(
                r#"<table:table-row>{value}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>{value}</table:table-row>"#
            ),
            "sheet 'S' spans 1048576 rows × 16384 columns (A1:XFD1048576)",
        ),
        (
            "2,000 rows of 16,384 repeated values",
            format!(
                r#"<table:table-row>{}</table:table-row>"#,
                value.replace(
                    "<table:table-cell ",
                    r#"<table:table-cell table:number-columns-repeated="16384" "#
                )
            )
            .repeat(2000),
            "sheet 'S' spans 2000 rows × 16384 columns (A1:XFD2000)",
        ),
        (
            "a 4,000,000,000-space text:s",
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#.to_string(),
            "sheet 'S' repeats its text (table:number-columns-repeated, table:number-rows-repeated, text:s) to more than 67108864 bytes",
        ),
    ];
    for (i, (case, rows, reason)) in cases.iter().enumerate() {
        let content = ods_content(rows);
        let path = ods(
            &dir.path().join(format!("repeats{i}.ods")),
            ODS_MANIFEST,
            Entry::stored("content.xml", content.as_bytes()),
        );
        let run = convert(&path, &[]);
        refused(&run, &path, reason);
        within(
            &format!("ods: {case}"),
            &path,
            &run,
            SMALL,
            "refused: out of proportion",
        );
    }

    // One row of a value repeated over a million columns: calamine keeps
    // 16,384 of them, a table it can hold.
    let wide = ods_content(&format!(
        r#"<table:table-row>{}</table:table-row>"#,
        value.replace(
            "<table:table-cell ",
            r#"<table:table-cell table:number-columns-repeated="1000000" "#
        )
    ));
    let path = ods(
        &dir.path().join("wide.ods"),
        ODS_MANIFEST,
        Entry::stored("content.xml", wide.as_bytes()),
    );
    let run = convert(&path, &[]);
    let doc = document(&run);
    let table = doc.table().expect("a table");
    assert_eq!(table.n_cols, Some(16_384));
    within(
        "ods: columns-repeated 1,000,000 on one row",
        &path,
        &run,
        SMALL,
        "converts (16,384 columns, calamine's cap)",
    );
}

/// calamine sizes its buffer to an XLSB record's declared length (up to
/// 256 MiB) before reading it.
#[test]
fn an_xlsb_record_longer_than_its_part_is_refused() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    // BrtBeginBook, then a record declaring 2^28 - 1 bytes.
    let workbook = [0x83, 0x01, 0x00, 0x80, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, b'x'];
    let path = zip(
        &dir.path().join("record.xlsb"),
        &[
            Entry::stored("[Content_Types].xml", XLSX_TYPES),
            Entry::stored("xl/workbook.bin", &workbook),
        ],
    );
    let run = convert(&path, &[]);
    refused(
        &run,
        &path,
        "a record of its part xl/workbook.bin at byte 3 declares 268435455 bytes, more than \
         the 7 bytes its part holds after it",
    );
    within(
        "xlsb: a record of 256 MiB in a 10-byte part",
        &path,
        &run,
        SMALL,
        "refused: record longer than its part",
    );
}

/// Entities in workbook parts: calamine does not expand them and stops;
/// the error says why.
#[test]
fn billion_laughs_in_workbook_parts_are_refused_clearly() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let strings = format!(
        r#"<?xml version="1.0"?>{}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>&lol9;</t></si></sst>"#,
        billion_laughs("sst")
    );
    let path = xlsx(
        &dir.path().join("laughs.xlsx"),
        vec![Entry::stored("xl/sharedStrings.xml", strings.as_bytes())],
    );
    let run = convert(&path, &[]);
    refused(
        &run,
        &path,
        "unrecognized entity `&lol9;` (the part defines XML entities in a DTD, which \
         workbooks may not; they are not expanded)",
    );
    within(
        "xlsx: billion laughs in sharedStrings.xml",
        &path,
        &run,
        SMALL,
        "refused: entity not expanded",
    );
}
