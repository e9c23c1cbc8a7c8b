//! Recognises spreadsheet containers before calamine parses anything: which
//! workbook a file holds, from its first bytes ([`identify`], with the ZIP
//! kinds of [`docmend_core::sniff::zip_kind`]), and whether a ZIP-based workbook
//! declares more than docmend is willing to read ([`zip_declared`], from
//! the directory the `zip` crate reads).
//!
//! The workbook contents are calamine's job.

use docmend_core::sniff::{self, ZipKind};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{BufReader, Cursor, Read};
use zip::ZipArchive;

/// What kind of workbook a container holds, as far as its bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML workbook, macro-enabled or not (`xl/…` entries).
    Xlsx,
    /// Excel binary workbook (`xl/workbook.bin`).
    Xlsb,
    /// OpenDocument spreadsheet (`mimetype` entry).
    Ods,
    /// A ZIP whose first entries name no workbook part (nor a DOCX/PPTX part).
    OtherZip,
    /// An OLE compound file: an `.xls`, or another legacy Office file.
    Ole,
    /// A bare BIFF2–4 worksheet stream (Excel 2.x–4.0), not an OLE file.
    OldBiff,
    /// Anything else, including DOCX and PPTX.
    Unknown,
}

/// Names the container from the first bytes of a file.
pub fn identify(head: &[u8]) -> Kind {
    if let Some(kind) = sniff::zip_kind(head) {
        return match kind {
            ZipKind::Xlsx | ZipKind::Xlsm => Kind::Xlsx,
            ZipKind::Xlsb => Kind::Xlsb,
            ZipKind::Ods => Kind::Ods,
            // An OpenDocument text may still be a workbook under another
            // name; the readers are tried in turn.
            ZipKind::OpenDocument | ZipKind::Other => Kind::OtherZip,
            // A DOCX or PPTX: left to their converters.
            ZipKind::Docx | ZipKind::Pptx => Kind::Unknown,
        };
    }
    if head.starts_with(sniff::OLE_SIGNATURE) {
        return Kind::Ole;
    }
    if is_old_biff(head) {
        return Kind::OldBiff;
    }
    Kind::Unknown
}

/// Excel 2.x–4.0 wrote a bare BIFF stream that starts with a BOF record
/// (0x0009, 0x0209 or 0x0409) of 4 to 16 bytes.
fn is_old_biff(head: &[u8]) -> bool {
    head.len() >= 8
        && head[0] == 0x09
        && matches!(head[1], 0x00 | 0x02 | 0x04)
        && head[3] == 0
        && (4..=16).contains(&head[2])
}

/// What a ZIP-based workbook declares that calamine trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    /// The unpacked size of all entries together, as the central directory
    /// gives it (the `zip` crate reads ZIP64 sizes too). calamine reads a
    /// part up to its declared size and no further (the `zip` crate stops
    /// it there), so this bounds what it can unpack.
    pub unpacked: u64,
    /// The largest `uniqueCount` a shared-string table declares. calamine
    /// reserves room for that many strings before reading one, so a file
    /// declaring billions makes the allocation fail, which aborts the
    /// process.
    pub shared_strings: Option<u64>,
}

/// Reads what the ZIP's directory and shared-string tables declare, or
/// `None` when the `zip` crate cannot read the directory (then calamine's
/// own error will say what is wrong).
pub fn zip_declared(bytes: &[u8]) -> Option<Declared> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut unpacked: u64 = 0;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(i) else {
            continue;
        };
        unpacked = unpacked.saturating_add(entry.size());
        if entry
            .name_raw()
            .to_ascii_lowercase()
            .ends_with(b"sharedstrings.xml")
        {
            parts.push(i);
        }
    }
    let shared_strings = parts
        .into_iter()
        .filter_map(|i| unique_count(archive.by_index(i).ok()?))
        .max();
    Some(Declared {
        unpacked,
        shared_strings,
    })
}

/// The `uniqueCount` attribute of the first `sst` element (any prefix) of
/// a shared-string part. Only the part's first 64 KiB are read: the
/// element opens the part.
fn unique_count(part: impl Read) -> Option<u64> {
    let mut reader = Reader::from_reader(BufReader::new(part.take(64 * 1024)));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "sst" =>
            {
                let value = element.try_get_attribute("uniqueCount").ok()??;
                let digits = value.value.bytes().take_while(u8::is_ascii_digit);
                return Some(digits.fold(0u64, |n, d| {
                    n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
                }));
            }
            Event::Eof => return None,
            _ => buf.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A ZIP written with the `zip` crate: (name, content), deflated.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_kinds_and_legacy_containers_are_recognised() {
        let xlsx = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b""),
        ]);
        assert_eq!(identify(&xlsx), Kind::Xlsx);
        let docx = zip(&[("word/document.xml", b"")]);
        assert_eq!(identify(&docx), Kind::Unknown);
        assert_eq!(identify(&zip(&[("a.txt", b"")])), Kind::OtherZip);
        assert_eq!(identify(b"\x09\x04\x06\x00\x00\x00\x10\x00"), Kind::OldBiff);
        assert_eq!(identify(b"\x09\x04\x06\x00"), Kind::Unknown);
        assert_eq!(identify(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Kind::Ole);
        assert_eq!(identify(b"hello"), Kind::Unknown);
    }

    #[test]
    fn shared_string_counts_are_read_from_the_sst_element() {
        let count = |xml: &[u8]| unique_count(xml);
        let xml = br#"<?xml version="1.0"?><x:sst xmlns:x="m" count="3" uniqueCount="99999999999"><x:si>"#;
        assert_eq!(count(xml), Some(99_999_999_999));
        assert_eq!(count(b"<sst uniqueCount='2'>"), Some(2));
        assert_eq!(count(b"<sstx uniqueCount='2'>"), None);
        assert_eq!(count(b"<sst count='2'>"), None);
    }

    #[test]
    fn declared_sizes_come_from_the_directory() {
        let sst = br#"<sst xmlns="m" uniqueCount="12"><si><t>a</t></si></sst>"#;
        let bytes = zip(&[
            ("xl/workbook.xml", &[b' '; 1000]),
            ("xl/sharedStrings.xml", sst),
        ]);
        let declared = zip_declared(&bytes).unwrap();
        assert_eq!(declared.unpacked, 1000 + sst.len() as u64);
        assert_eq!(declared.shared_strings, Some(12));
        assert_eq!(zip_declared(b"PK\x03\x04 no directory"), None);
    }
}
