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

/// Past this many bytes a part must not unpack to more than [`MAX_RATIO`]
/// times its compressed size: XML of real workbooks compresses 5 to 50
/// times, zip bombs 150 (fixed Huffman codes) to 1000 times. A part
/// within the ratio costs at most its unpacked size in memory (calamine
/// buffers one XML event whole: a run of spaces, a comment).
pub const RATIO_CHECK_FROM: u64 = 16_000_000;
/// See [`RATIO_CHECK_FROM`].
pub const MAX_RATIO: u64 = 100;

/// What a ZIP-based workbook declares that calamine trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// The unpacked size of all entries together, as the central directory
    /// gives it (the `zip` crate reads ZIP64 sizes too). calamine reads a
    /// part up to its declared size and no further (the `zip` crate stops
    /// it there), so this bounds what it can unpack.
    pub unpacked: u64,
    /// A part over [`RATIO_CHECK_FROM`] bytes that unpacks to more than
    /// [`MAX_RATIO`] times its compressed size: (name, unpacked size,
    /// ratio). calamine buffers a text run or a comment whole, so such a
    /// part costs its unpacked size in memory.
    pub bomb: Option<(String, u64, u64)>,
    /// What the shared-string tables declare.
    pub shared_strings: SharedStrings,
}

/// The `uniqueCount` of a workbook's shared-string tables. calamine
/// reserves room for that many strings before reading one, so a file
/// declaring billions makes the allocation fail, which aborts the process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedStrings {
    /// No table declares a count (or there is no table).
    Undeclared,
    /// The largest count a table declares, and the unpacked size of its
    /// part.
    Count { count: u64, part_bytes: u64 },
    /// A table whose `sst` element does not start within this many bytes
    /// of its part (a comment, processing instruction or DOCTYPE in front
    /// of it, or a part of nothing else): its count cannot be known
    /// without reading further than a part may unpack to.
    NotWithin(String, u64),
}

/// Reads what the ZIP's directory and shared-string tables declare, or
/// `None` when the `zip` crate cannot read the directory (then calamine's
/// own error will say what is wrong). A shared-string part is read up to
/// `max_part_bytes`.
pub fn zip_declared(bytes: &[u8], max_part_bytes: u64) -> Option<Declared> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut unpacked: u64 = 0;
    let mut bomb = None;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let size = entry.size();
        unpacked = unpacked.saturating_add(size);
        let ratio = size / entry.compressed_size().max(1);
        if size > RATIO_CHECK_FROM && ratio > MAX_RATIO && bomb.is_none() {
            bomb = Some((
                String::from_utf8_lossy(entry.name_raw()).into_owned(),
                size,
                ratio,
            ));
        }
        if entry
            .name_raw()
            .to_ascii_lowercase()
            .ends_with(b"sharedstrings.xml")
        {
            parts.push(i);
        }
    }
    let mut shared_strings = SharedStrings::Undeclared;
    for i in parts {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let name = String::from_utf8_lossy(part.name_raw()).into_owned();
        let part_bytes = part.size();
        match unique_count(UntilError(Some(part)), max_part_bytes) {
            SstStart::Count(count) => {
                let larger = match shared_strings {
                    SharedStrings::Undeclared => true,
                    SharedStrings::Count { count: c, .. } => count > c,
                    SharedStrings::NotWithin(..) => false,
                };
                if larger {
                    shared_strings = SharedStrings::Count { count, part_bytes };
                }
            }
            SstStart::NotWithin => {
                shared_strings = SharedStrings::NotWithin(name, max_part_bytes);
            }
            SstStart::Absent => {}
        }
    }
    Some(Declared {
        unpacked,
        bomb,
        shared_strings,
    })
}

/// Reads a part as far as it unpacks: an error (a checksum that does not
/// match, data past the declared size, a damaged deflate stream) ends it
/// like its end. calamine reads the same bytes before it meets the same
/// error, and acts on what it read before: the guard must see them too.
pub struct UntilError<R>(pub Option<R>);

impl<R: Read> Read for UntilError<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some(inner) = self.0.as_mut() else {
            return Ok(0);
        };
        match inner.read(buf) {
            Ok(n) => Ok(n),
            Err(_) => {
                self.0 = None;
                Ok(0)
            }
        }
    }
}

/// What the start of a shared-string part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SstStart {
    /// The `uniqueCount` of the `sst` element (0 when it has none).
    Count(u64),
    /// The part ends, or cannot be parsed, before an `sst` element starts:
    /// calamine fails there too, before it reserves anything.
    Absent,
    /// No `sst` element starts within the bytes read.
    NotWithin,
}

/// The `uniqueCount` attribute of the first `sst` element (any prefix) of
/// a shared-string part, found as calamine finds it (the same parser and
/// settings, so comments, processing instructions and a DOCTYPE before the
/// element are passed the same way), within the part's first `max_bytes`.
fn unique_count(part: impl Read, max_bytes: u64) -> SstStart {
    let mut reader = Reader::from_reader(BufReader::new(part.take(max_bytes)));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(element)) if element.local_name().as_ref() == "sst" => {
                let count = element
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .filter(|a| a.key.as_ref() == "uniqueCount")
                    .map(|a| declared_number(a.value.as_bytes()))
                    .max()
                    .unwrap_or(0);
                return SstStart::Count(count);
            }
            // The bytes allowed ran out (inside an element, or between two).
            Ok(Event::Eof) | Err(_) if reader.get_ref().get_ref().limit() == 0 => {
                return SstStart::NotWithin;
            }
            Ok(Event::Eof) | Err(_) => return SstStart::Absent,
            Ok(_) => {}
        }
    }
}

/// A count as calamine parses it, saturating: leading digits (after an
/// optional `+`), anything after them ignored.
fn declared_number(value: &[u8]) -> u64 {
    let value = value.strip_prefix(b"+").unwrap_or(value);
    value
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        })
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
        let count = |xml: &[u8]| unique_count(xml, 1 << 20);
        let xml = br#"<?xml version="1.0"?><x:sst xmlns:x="m" count="3" uniqueCount="99999999999"><x:si>"#;
        assert_eq!(count(xml), SstStart::Count(99_999_999_999));
        assert_eq!(count(b"<sst uniqueCount='2'>"), SstStart::Count(2));
        assert_eq!(count(b"<sst uniqueCount='+7x'/>"), SstStart::Count(7));
        assert_eq!(count(b"<sstx uniqueCount='2'>"), SstStart::Absent);
        assert_eq!(count(b"<sst count='2'>"), SstStart::Count(0));
        // Wherever the element starts: after a long comment, processing
        // instruction or DOCTYPE, or after a long attribute.
        let sst = "<sst uniqueCount=\"99999999999\"><si>";
        let padding = "x".repeat(70_000);
        for xml in [
            format!("<?xml version=\"1.0\"?><!--{padding}-->{sst}"),
            format!("<?pi {padding}?>{sst}"),
            format!("<!DOCTYPE sst [<!ENTITY a \"{padding}\">]>{sst}"),
            format!("<sst pad=\"{padding}\" uniqueCount=\"99999999999\">"),
        ] {
            assert_eq!(count(xml.as_bytes()), SstStart::Count(99_999_999_999));
        }
        // Not within the bytes a part may unpack to.
        let late = format!("<!--{padding}-->{sst}");
        assert_eq!(unique_count(late.as_bytes(), 1000), SstStart::NotWithin);
    }

    #[test]
    fn a_part_is_read_up_to_its_first_error() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("Invalid checksum"));
                }
                self.0 -= 1;
                buf[0] = b'<';
                Ok(1)
            }
        }
        let mut read = Vec::new();
        UntilError(Some(Failing(3))).read_to_end(&mut read).unwrap();
        assert_eq!(read, b"<<<");
    }

    #[test]
    fn declared_sizes_come_from_the_directory() {
        let sst = br#"<sst xmlns="m" uniqueCount="12"><si><t>a</t></si></sst>"#;
        let bytes = zip(&[
            ("xl/workbook.xml", &[b' '; 1000]),
            ("xl/sharedStrings.xml", sst),
        ]);
        let declared = zip_declared(&bytes, 1 << 20).unwrap();
        assert_eq!(declared.unpacked, 1000 + sst.len() as u64);
        assert_eq!(
            declared.shared_strings,
            SharedStrings::Count {
                count: 12,
                part_bytes: sst.len() as u64
            }
        );
        assert_eq!(declared.bomb, None);
        assert_eq!(zip_declared(b"PK\x03\x04 no directory", 1 << 20), None);
    }
}
