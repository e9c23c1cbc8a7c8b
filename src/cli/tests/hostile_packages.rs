//! Hostile packages, end to end: ZIP bombs honest (a part that really
//! inflates to 4 GiB) and lying (sizes that understate), entities of a
//! DTD in DOCX parts (billion laughs), and encrypted and truncated files
//! of each package format. Each converts or fails with an error naming
//! the reason, within the memory cap `docs/limits.md` gives.

#![cfg(target_os = "linux")]
// A build without some converters leaves some builders and cases unused.
#![cfg_attr(
    not(all(feature = "spreadsheet", feature = "docx", feature = "pdf")),
    allow(unused)
)]

mod common;
mod hostile_inputs;

use hostile_inputs::*;

/// What docmend needs for a small package, whatever its parts declare.
const SMALL: u64 = 64 * MIB;

/// A run of 4 GiB less a little (ZIP's sizes without ZIP64), as 27 MB of
/// deflate.
const FOUR_GIB: u64 = (4 << 30) - 4096;

const SHEET_HEAD: &[u8] = br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
const SHEET_TAIL: &[u8] = b"</sheetData></worksheet>";

/// An XLSX whose sheet part inflates to 4 GiB of spaces (text calamine
/// would buffer whole), declared honestly or as 100,000 bytes.
#[cfg(feature = "spreadsheet")]
#[test]
fn xlsx_zip_bombs_are_refused_or_read_no_further_than_declared() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let bomb = || {
        Entry::run(
            "xl/worksheets/sheet1.xml",
            SHEET_HEAD,
            b' ',
            FOUR_GIB,
            SHEET_TAIL,
        )
    };
    let honest = xlsx(&dir.path().join("honest.xlsx"), vec![bomb()]);
    let run = convert(&honest, &[]);
    refused(
        &run,
        &honest,
        "over the limit of 1073741824 bytes unpacked in all (--max-unpacked-bytes; a ZIP bomb, \
         or a workbook too large to convert)",
    );
    within(
        "xlsx: a sheet part inflating to 4 GiB, declared",
        &honest,
        &run,
        SMALL,
        "refused: over --max-unpacked-bytes",
    );

    // 900 MiB, within the limit in all but 1,000 times its compressed size.
    let within_limit = xlsx(
        &dir.path().join("ratio.xlsx"),
        vec![Entry::run(
            "xl/worksheets/sheet1.xml",
            SHEET_HEAD,
            b' ',
            900 * MIB,
            SHEET_TAIL,
        )],
    );
    let run = convert(&within_limit, &[]);
    refused(
        &run,
        &within_limit,
        "times its compressed size, far beyond real workbooks (at most 100 times past 16000000 \
         bytes); refused as a possible zip bomb",
    );
    within(
        "xlsx: a sheet part inflating to 900 MiB, declared",
        &within_limit,
        &run,
        SMALL,
        "refused: compression ratio of a zip bomb",
    );

    let mut lying = bomb();
    lying.declared_size = Some(100_000);
    let lying = xlsx(&dir.path().join("lying.xlsx"), vec![lying]);
    let run = convert(&lying, &[]);
    let doc = document(&run);
    assert!(
        diagnostic(&doc, "sheet_unreadable")
            .contains("File is larger than its declared uncompressed size"),
        "{doc:?}"
    );
    within(
        "xlsx: a sheet part inflating to 4 GiB, declared as 100 KB",
        &lying,
        &run,
        SMALL,
        "converts what the declared size holds; sheet_unreadable",
    );
}

/// An ODS whose content inflates to 4 GiB, declared honestly or not.
#[cfg(feature = "spreadsheet")]
#[test]
fn ods_zip_bombs_are_refused() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let content = ods_content("");
    let (head, tail) = content.split_at(content.find("</table:table>").expect("a table"));
    let bomb = || {
        Entry::run(
            "content.xml",
            head.as_bytes(),
            b' ',
            FOUR_GIB,
            tail.as_bytes(),
        )
    };
    let honest = ods(&dir.path().join("honest.ods"), ODS_MANIFEST, bomb());
    let run = convert(&honest, &[]);
    refused(
        &run,
        &honest,
        "over the limit of 1073741824 bytes unpacked in all",
    );
    within(
        "ods: content.xml inflating to 4 GiB, declared",
        &honest,
        &run,
        SMALL,
        "refused: over --max-unpacked-bytes",
    );
    let mut lying = bomb();
    lying.declared_size = Some(100_000);
    let lying = ods(&dir.path().join("lying.ods"), ODS_MANIFEST, lying);
    let run = convert(&lying, &[]);
    refused(
        &run,
        &lying,
        "File is larger than its declared uncompressed size",
    );
    within(
        "ods: content.xml inflating to 4 GiB, declared as 100 KB",
        &lying,
        &run,
        SMALL,
        "refused: the part is larger than declared",
    );
}

#[cfg(feature = "docx")]
#[test]
fn docx_zip_bombs_are_refused() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let main = word_document("", &["正文"]);
    let (head, tail) = main.split_at(main.find("</w:body>").expect("a body"));
    let bomb = || {
        Entry::run(
            "word/document.xml",
            head.as_bytes(),
            b' ',
            FOUR_GIB,
            tail.as_bytes(),
        )
    };
    let honest = docx(&dir.path().join("honest.docx"), bomb(), vec![]);
    let run = convert(&honest, &[]);
    refused(
        &run,
        &honest,
        "bytes it may unpack to under the limit of 1073741824 bytes unpacked in all \
         (--max-unpacked-bytes); refused as a possible zip bomb",
    );
    within(
        "docx: document.xml inflating to 4 GiB, declared",
        &honest,
        &run,
        SMALL,
        "refused: over --max-unpacked-bytes",
    );
    let mut lying = bomb();
    lying.declared_size = Some(100_000);
    let lying = docx(&dir.path().join("lying.docx"), lying, vec![]);
    let run = convert(&lying, &[]);
    refused(
        &run,
        &lying,
        "word/document.xml: cannot decompress: File is larger than its declared uncompressed size",
    );
    within(
        "docx: document.xml inflating to 4 GiB, declared as 100 KB",
        &lying,
        &run,
        SMALL,
        "refused: the part is larger than declared",
    );
    // A styles part of 60 MiB: under the per-part limit of 64 MiB, but a
    // thousand times its compressed size.
    let styles_head = format!(r#"<w:styles xmlns:w="{W}">"#);
    let styles = Entry::run(
        "word/styles.xml",
        styles_head.as_bytes(),
        b' ',
        60 * MIB,
        b"</w:styles>",
    );
    let path = docx(
        &dir.path().join("styles.docx"),
        Entry::stored("word/document.xml", main.as_bytes()),
        vec![styles],
    );
    let run = convert(&path, &[]);
    let doc = document(&run);
    assert_eq!(texts(&doc), ["正文"]);
    assert!(
        diagnostic(&doc, "part_unreadable").contains("refused as a possible zip bomb"),
        "{doc:?}"
    );
    within(
        "docx: styles.xml inflating to 60 MiB",
        &path,
        &run,
        SMALL,
        "converts without the part (part_unreadable)",
    );
}

/// Billion laughs in the main document, the styles and the numbering:
/// the entities are not expanded, the text that does not use them is
/// read, and each part is named in an `entities_not_expanded` warning.
#[cfg(feature = "docx")]
#[test]
fn docx_entities_are_not_expanded_and_are_reported() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let laughs = billion_laughs("w:document");
    let main = word_document(&laughs, &["&lol9;", "正文"]);
    let path = docx(
        &dir.path().join("document.docx"),
        Entry::stored("word/document.xml", main.as_bytes()),
        vec![],
    );
    let run = convert(&path, &[]);
    let doc = document(&run);
    assert_eq!(texts(&doc), ["正文"]);
    assert_eq!(
        diagnostic(&doc, "entities_not_expanded"),
        "word/document.xml defines XML entities in a DTD, which Word documents may not (nested \
         entities can ask for gigabytes); they were not expanded, and the text of 1 reference \
         to them (&lol9;) is missing"
    );
    within(
        "docx: billion laughs in document.xml",
        &path,
        &run,
        SMALL,
        "converts; entities_not_expanded",
    );

    let main = word_document("", &["正文"]);
    let styles = format!(
        r#"<?xml version="1.0"?>{}<w:styles xmlns:w="{W}"><w:style w:styleId="a"><w:name w:val="&lol9;"/></w:style></w:styles>"#,
        billion_laughs("w:styles")
    );
    let numbering = format!(
        r#"<?xml version="1.0"?>{}<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="&lol9;"/></w:lvl></w:abstractNum></w:numbering>"#,
        billion_laughs("w:numbering")
    );
    let path = docx(
        &dir.path().join("styles.docx"),
        Entry::stored("word/document.xml", main.as_bytes()),
        vec![
            Entry::stored("word/styles.xml", styles.as_bytes()),
            Entry::stored("word/numbering.xml", numbering.as_bytes()),
        ],
    );
    let run = convert(&path, &[]);
    let doc = document(&run);
    assert_eq!(texts(&doc), ["正文"]);
    let reported: Vec<String> = diagnostics(&doc)
        .into_iter()
        .filter(|(code, _)| code == "entities_not_expanded")
        .map(|(_, message)| message)
        .collect();
    assert_eq!(reported.len(), 2, "{reported:?}");
    assert!(reported[0].starts_with("word/styles.xml defines XML entities in a DTD"));
    assert!(reported[1].starts_with("word/numbering.xml defines XML entities in a DTD"));
    within(
        "docx: billion laughs in styles.xml and numbering.xml",
        &path,
        &run,
        SMALL,
        "converts; entities_not_expanded per part",
    );
}

/// Encrypted files of each package format: refused, saying so.
#[test]
fn encrypted_packages_are_refused_saying_so() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cases: Vec<(&str, std::path::PathBuf, &str)> = Vec::new();
    #[cfg(feature = "spreadsheet")]
    {
        cases.push((
            "xlsx/docx (OLE EncryptedPackage)",
            fixture("spreadsheet/encrypted.xlsx"),
            "password-protected (encrypted) Office document",
        ));
        // An XLS whose globals hold FILEPASS (RC4): the rest is encrypted.
        let filepass = record(0x002F, &[1, 0, 1, 0, 1, 0]);
        let xls = xls(
            &dir.path().join("encrypted.xls"),
            &workbook_stream(&[filepass], &[number(0, 0, 1.0)]),
        );
        cases.push(("xls (FILEPASS)", xls, "the workbook is password-protected"));
        let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#;
        let ods = ods(
            &dir.path().join("encrypted.ods"),
            manifest,
            Entry::stored("content.xml", b"\x8f\x12 encrypted bytes"),
        );
        cases.push((
            "ods (encryption-data)",
            ods,
            "the workbook is password-protected",
        ));
    }
    #[cfg(feature = "pdf")]
    cases.push((
        "pdf (user password)",
        fixture("pdf/encrypted.pdf"),
        "encrypted PDF",
    ));
    for (case, path, reason) in cases {
        let run = convert(&path, &[]);
        refused(&run, &path, reason);
        within(
            &format!("encrypted {case}"),
            &path,
            &run,
            SMALL,
            "refused: encrypted",
        );
    }
}

/// Truncated files of each package format: each converts what it can
/// with a diagnostic, or fails with an error naming the damage; none
/// crashes.
#[test]
fn truncated_packages_end_cleanly() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let sources: &[&str] = &[
        #[cfg(feature = "docx")]
        "docx/annual_report_003.docx",
        #[cfg(feature = "spreadsheet")]
        "spreadsheet/annual_report_003.xlsx",
        #[cfg(feature = "spreadsheet")]
        "spreadsheet/annual_report_003.xls",
        #[cfg(feature = "spreadsheet")]
        "spreadsheet/merged_header.ods",
        #[cfg(feature = "pdf")]
        "pdf/annual_report_003.pdf",
    ];
    for &source in sources {
        for percent in [10, 50, 90, 99] {
            let name = format!("{percent}_{}", source.replace('/', "_"));
            let path = truncated(&fixture(source), percent, &dir.path().join(&name));
            let run = convert(&path, &[]);
            let code = run.output.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "{source} cut at {percent}%: ended by a signal or a panic: {:?} {}",
                run.output.status,
                stderr(&run)
            );
            let outcome = if code == Some(1) {
                let error = stderr(&run);
                assert!(
                    error.contains(": cannot convert as ")
                        || error.contains(": unsupported format"),
                    "{source} cut at {percent}%: {error}"
                );
                "refused: names the damage"
            } else {
                "converts what it can"
            };
            within(
                &format!("truncated {source} at {percent}%"),
                &path,
                &run,
                SMALL,
                outcome,
            );
        }
    }
}
