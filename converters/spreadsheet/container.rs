//! Recognises spreadsheet containers from their bytes, before calamine
//! parses anything: which ZIP-based workbook a ZIP holds, what an OLE
//! compound file that is not a workbook is, and whether a ZIP's parts
//! declare more unpacked bytes than docmend is willing to read.
//!
//! These are byte-level checks on headers and directories only; the
//! workbook contents are calamine's job.

/// What kind of workbook a container holds, as far as its bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML workbook (`xl/workbook.xml`).
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

pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Names the container from the first bytes of a file.
pub fn identify(head: &[u8]) -> Kind {
    if head.starts_with(OLE_MAGIC) {
        return Kind::Ole;
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_kind(head);
    }
    if is_old_biff(head) {
        return Kind::OldBiff;
    }
    Kind::Unknown
}

/// Reads the names of the local file headers visible in `head`. An ODS
/// stores its `mimetype` uncompressed as the first entry, so its content
/// follows the first header directly.
fn zip_kind(head: &[u8]) -> Kind {
    let mut workbook_part = None;
    let mut offset = 0;
    let mut first = true;
    while let Some(found) = find(&head[offset..], b"PK\x03\x04") {
        let at = offset + found;
        let Some(name) = local_entry_name(head, at) else {
            break;
        };
        if first && name == b"mimetype" {
            let data_at = at + 30 + name.len() + usize::from(le16(head, at + 28).unwrap_or(0));
            if head
                .get(data_at..)
                .is_some_and(|data| data.starts_with(ODS_MIMETYPE))
            {
                return Kind::Ods;
            }
        }
        first = false;
        if name.eq_ignore_ascii_case(b"xl/workbook.bin") {
            return Kind::Xlsb;
        }
        if name.len() >= 3 && name[..3].eq_ignore_ascii_case(b"xl/") {
            workbook_part.get_or_insert(Kind::Xlsx);
        }
        // A DOCX or PPTX: leave it to their converters.
        if name.starts_with(b"word/") || name.starts_with(b"ppt/") {
            return Kind::Unknown;
        }
        offset = at + 4;
    }
    workbook_part.unwrap_or(Kind::OtherZip)
}

/// The file name of the local header at `at`, if it lies within `head`.
fn local_entry_name(head: &[u8], at: usize) -> Option<&[u8]> {
    let len = usize::from(le16(head, at + 26)?);
    head.get(at + 30..at + 30 + len)
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

/// The unpacked size a ZIP's central directory declares for all its
/// entries, or `None` when the directory cannot be found (then calamine's
/// own error will say what is wrong). A ZIP64 size counts as `u64::MAX`:
/// no workbook docmend reads needs a part over 4 GiB.
pub fn declared_unpacked_size(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let eocd = tail_start + rfind(&bytes[tail_start..], EOCD)?;
    let entries = usize::from(le16(bytes, eocd + 10)?);
    let mut at = le32(bytes, eocd + 16)? as usize;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if bytes.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let unpacked = le32(bytes, at + 24)?;
        total = total.saturating_add(if unpacked == u32::MAX {
            u64::MAX
        } else {
            u64::from(unpacked)
        });
        let name_len = usize::from(le16(bytes, at + 28)?);
        let extra_len = usize::from(le16(bytes, at + 30)?);
        let comment_len = usize::from(le16(bytes, at + 32)?);
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(total)
}

/// The largest `uniqueCount` any shared-string table in an XLSX declares.
///
/// calamine reserves room for that many strings before reading one, so a
/// file declaring billions makes the allocation fail, which aborts the
/// process. Reading the attribute needs the part unpacked (the `zip` crate).
/// Only the first 64 KiB of each part are read.
pub fn shared_strings_declared(bytes: &[u8]) -> Option<u64> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let parts: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    let mut largest = None;
    for part in parts {
        let Ok(file) = archive.by_name(&part) else {
            continue;
        };
        let mut head = Vec::new();
        if file.take(64 * 1024).read_to_end(&mut head).is_err() {
            continue;
        }
        if let Some(count) = unique_count(&head) {
            largest = largest.max(Some(count));
        }
    }
    largest
}

/// The `uniqueCount` attribute of the first `sst` start tag (any prefix).
fn unique_count(xml: &[u8]) -> Option<u64> {
    let tag_at = (0..xml.len()).find(|&i| {
        xml[i] == b'<' && {
            let name: Vec<u8> = xml[i + 1..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && **b != b'>' && **b != b'/')
                .copied()
                .collect();
            name == b"sst" || name.ends_with(b":sst")
        }
    })?;
    let tag_end = tag_at + xml[tag_at..].iter().position(|&b| b == b'>')?;
    let tag = &xml[tag_at..tag_end];
    let attr = find(tag, b"uniqueCount")?;
    let value = &tag[attr + b"uniqueCount".len()..];
    let digits = value
        .iter()
        .skip_while(|b| matches!(b, b'=' | b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_digit());
    Some(digits.fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

pub fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

pub fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_header(name: &str, data: &[u8]) -> Vec<u8> {
        let mut out = b"PK\x03\x04".to_vec();
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&[0; 4]); // crc
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn zip_entries_decide_the_workbook_kind() {
        let mut xlsx = local_header("[Content_Types].xml", b"<Types/>");
        xlsx.extend(local_header("xl/workbook.xml", b"<workbook/>"));
        assert_eq!(identify(&xlsx), Kind::Xlsx);

        let mut xlsb = local_header("xl/workbook.bin", b"\x83\x01\x00");
        xlsb.extend(local_header("xl/styles.bin", b""));
        assert_eq!(identify(&xlsb), Kind::Xlsb);

        let ods = local_header("mimetype", ODS_MIMETYPE);
        assert_eq!(identify(&ods), Kind::Ods);
        let odt = local_header("mimetype", b"application/vnd.oasis.opendocument.text");
        assert_eq!(identify(&odt), Kind::OtherZip);

        let mut docx = local_header("[Content_Types].xml", b"<Types/>");
        docx.extend(local_header("word/document.xml", b"<w:document/>"));
        assert_eq!(identify(&docx), Kind::Unknown);
    }

    #[test]
    fn old_biff_and_ole_are_recognised() {
        assert_eq!(identify(b"\x09\x04\x06\x00\x00\x00\x10\x00"), Kind::OldBiff);
        assert_eq!(identify(b"\x09\x04\x06\x00"), Kind::Unknown);
        assert_eq!(identify(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Kind::Ole);
        assert_eq!(identify(b"hello"), Kind::Unknown);
    }

    #[test]
    fn shared_string_counts_are_read_from_the_sst_tag() {
        let xml = br#"<?xml version="1.0"?><x:sst xmlns:x="m" count="3" uniqueCount="99999999999"><x:si>"#;
        assert_eq!(unique_count(xml), Some(99_999_999_999));
        assert_eq!(unique_count(b"<sst uniqueCount='2'>"), Some(2));
        assert_eq!(unique_count(b"<sstx uniqueCount='2'>"), None);
        assert_eq!(unique_count(b"<sst count='2'>"), None);
    }

    #[test]
    fn central_directory_sizes_are_summed() {
        let mut zip = local_header("a", b"xyz");
        let cd_at = zip.len() as u32;
        let mut cd = b"PK\x01\x02".to_vec();
        cd.extend_from_slice(&[0; 16]);
        cd.extend_from_slice(&3u32.to_le_bytes()); // compressed
        cd.extend_from_slice(&1_000_000u32.to_le_bytes()); // unpacked
        cd.extend_from_slice(&1u16.to_le_bytes()); // name length
        cd.extend_from_slice(&[0; 14]);
        cd.push(b'a');
        let cd_len = cd.len() as u32;
        zip.extend(cd);
        zip.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00");
        zip.extend_from_slice(&cd_len.to_le_bytes());
        zip.extend_from_slice(&cd_at.to_le_bytes());
        zip.extend_from_slice(&[0, 0]);
        assert_eq!(declared_unpacked_size(&zip), Some(1_000_000));
        assert_eq!(declared_unpacked_size(b"PK\x03\x04 no directory"), None);
    }
}
