//! Names what a file is from its first bytes, whatever its extension says.
//!
//! Archives are full of wrong extensions (a `.xls` that is HTML, a `.doc`
//! that is RTF), so the registry and the error messages rely on content.
//! This module only recognises signatures, and which document a ZIP holds
//! ([`zip_kind`]); it does not choose converters.

/// What the first bytes of a file look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// No bytes at all.
    Empty,
    /// A PDF: `%PDF-` at the start, or within the first KiB after junk.
    Pdf,
    /// A ZIP container: DOCX, XLSX, ODS and friends; the entries decide.
    Zip,
    /// An OLE compound file: legacy `.doc`, `.xls`, `.ppt`.
    Ole,
    /// A Rich Text Format document (`{\rtf`).
    Rtf,
    /// An HTML page: after any byte-order mark and white space it starts
    /// with `<!doctype html`, `<html`, `<head`, `<body`, `<table` or
    /// `<meta` (in any case, UTF-16 included), or with a comment and has
    /// `<html` or `<body` within its first 4 KiB.
    Html,
    /// An XML document (`<?xml` first), XHTML with an XML declaration
    /// included.
    Xml,
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A GIF image.
    Gif,
    /// A TIFF image.
    Tiff,
    /// A BMP image.
    Bmp,
    /// A gzip-compressed file.
    Gzip,
    /// A 7-Zip archive.
    SevenZip,
    /// A RAR archive.
    Rar,
    /// Bytes that do not look like text in any encoding we read.
    Binary,
    /// Looks like text (some encoding of it).
    Text,
}

impl Seen {
    /// A phrase for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Seen::Empty => "empty file",
            Seen::Pdf => "PDF document",
            Seen::Zip => "ZIP container (DOCX/XLSX/ODS or another archive)",
            Seen::Ole => "legacy OLE compound file (.doc/.xls/.ppt), which this build cannot read",
            Seen::Rtf => "RTF document, not supported",
            Seen::Html => "HTML page",
            Seen::Xml => "XML document",
            Seen::Png => "PNG image (no text layer; OCR is not supported)",
            Seen::Jpeg => "JPEG image (no text layer; OCR is not supported)",
            Seen::Gif => "GIF image, not supported",
            Seen::Tiff => "TIFF image (no text layer; OCR is not supported)",
            Seen::Bmp => "BMP image, not supported",
            Seen::Gzip => "gzip archive, not supported (unpack it first)",
            Seen::SevenZip => "7-Zip archive, not supported (unpack it first)",
            Seen::Rar => "RAR archive, not supported (unpack it first)",
            Seen::Binary => "binary data that is not a known document format",
            Seen::Text => "plain text",
        }
    }
}

/// A ZIP starts with a local file header, or with the end of its central
/// directory when it is empty.
const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY: &[u8] = b"PK\x05\x06";
/// The first bytes of every OLE compound file.
pub const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Identifies `head` (the first bytes of a file).
pub fn identify(head: &[u8]) -> Seen {
    const SIGNATURES: &[(&[u8], Seen)] = &[
        (b"%PDF-", Seen::Pdf),
        (ZIP_LOCAL_HEADER, Seen::Zip),
        (ZIP_EMPTY, Seen::Zip),
        (OLE_SIGNATURE, Seen::Ole),
        (b"{\\rtf", Seen::Rtf),
        (b"\x89PNG\r\n\x1a\n", Seen::Png),
        (b"\xFF\xD8\xFF", Seen::Jpeg),
        (b"GIF87a", Seen::Gif),
        (b"GIF89a", Seen::Gif),
        (b"II*\x00", Seen::Tiff),
        (b"MM\x00*", Seen::Tiff),
        (b"\x1F\x8B", Seen::Gzip),
        (b"7z\xBC\xAF\x27\x1C", Seen::SevenZip),
        (b"Rar!\x1A\x07", Seen::Rar),
    ];
    if head.is_empty() {
        return Seen::Empty;
    }
    if let Some(&(_, seen)) = SIGNATURES.iter().find(|(sig, _)| head.starts_with(sig)) {
        return seen;
    }
    // A PDF may have junk before its header (allowed within the first 1 KiB).
    if find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return Seen::Pdf;
    }
    if head.starts_with(b"BM") && head.len() > 14 && looks_binary(head) {
        return Seen::Bmp;
    }
    if is_markup(
        head,
        &[
            b"<!doctype html",
            b"<html",
            b"<head",
            b"<body",
            b"<table",
            b"<meta",
        ],
    ) {
        return Seen::Html;
    }
    if is_markup(head, &[b"<?xml"]) {
        return Seen::Xml;
    }
    if looks_binary(head) {
        return Seen::Binary;
    }
    Seen::Text
}

/// Which document a ZIP container holds, as the names of its entries tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// A Word package: a `word/` entry.
    Docx,
    /// An OpenDocument spreadsheet: a first entry `mimetype` that says so.
    Ods,
    /// An Excel binary workbook: an `xl/workbook.bin` entry.
    Xlsb,
    /// A macro-enabled Excel workbook: an `xl/vbaProject.bin` entry.
    Xlsm,
    /// An Excel workbook: an `xl/` entry.
    Xlsx,
    /// A PowerPoint presentation: a `ppt/` entry.
    Pptx,
    /// Another OpenDocument file (text, presentation…): a `mimetype` entry.
    OpenDocument,
    /// A ZIP whose visible entries name none of the above.
    Other,
}

/// The media type an OpenDocument spreadsheet stores, uncompressed, as the
/// content of its first entry `mimetype`.
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Names the document a ZIP holds from the entries whose local headers lie
/// in `head` (the first bytes of the file), or `None` when `head` is not a
/// ZIP. The central directory is at the end of the file, past any head, so
/// the local headers are what sniffing can see.
///
/// Every `PK\x03\x04` is tried, so entries after one written with a data
/// descriptor (whose size is not in its header) are still found. Part
/// names are compared without regard to case, as Office looks them up.
/// The first decisive entry does not win; the kinds are tried in the order
/// of [`ZipKind`]'s variants, so a `word/` entry anywhere makes a DOCX and
/// an `xl/workbook.bin` anywhere an XLSB.
pub fn zip_kind(head: &[u8]) -> Option<ZipKind> {
    if !head.starts_with(ZIP_LOCAL_HEADER) && !head.starts_with(ZIP_EMPTY) {
        return None;
    }
    let entries = local_entries(head);
    let any = |prefix: &str| {
        entries.iter().any(|(_, name, _)| {
            name.len() >= prefix.len()
                && name[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
    };
    let ods = entries.first().is_some_and(|&(at, name, data)| {
        at == 0 && name == b"mimetype" && data.starts_with(ODS_MIMETYPE)
    });
    Some(if any("word/") {
        ZipKind::Docx
    } else if ods {
        ZipKind::Ods
    } else if any("xl/workbook.bin") {
        ZipKind::Xlsb
    } else if any("xl/vbaProject.bin") {
        ZipKind::Xlsm
    } else if any("xl/") {
        ZipKind::Xlsx
    } else if any("ppt/") {
        ZipKind::Pptx
    } else if entries.iter().any(|(_, name, _)| *name == b"mimetype") {
        ZipKind::OpenDocument
    } else {
        ZipKind::Other
    })
}

/// The local file headers in `head`: (offset, entry name, the bytes after
/// the header up to the end of `head`). A header whose name runs past
/// `head`, or is empty, is left out.
fn local_entries(head: &[u8]) -> Vec<(usize, &[u8], &[u8])> {
    const FIXED: usize = 30;
    let mut entries = Vec::new();
    let mut from = 0;
    while let Some(found) = find(&head[from..], ZIP_LOCAL_HEADER) {
        let at = from + found;
        from = at + ZIP_LOCAL_HEADER.len();
        let Some(fixed) = head.get(at..at + FIXED) else {
            break;
        };
        let name_len = usize::from(u16::from_le_bytes([fixed[26], fixed[27]]));
        let extra_len = usize::from(u16::from_le_bytes([fixed[28], fixed[29]]));
        let name_end = at + FIXED + name_len;
        if let Some(name) = head.get(at + FIXED..name_end)
            && name_len > 0
        {
            let data = head.get(name_end + extra_len..).unwrap_or_default();
            entries.push((at, name, data));
        }
    }
    entries
}

/// True when the bytes after any BOM and leading white space start with one
/// of the (lower-case ASCII) markers, compared case-insensitively. UTF-16
/// markup is recognised by skipping NUL bytes.
fn is_markup(head: &[u8], markers: &[&[u8]]) -> bool {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let ascii: Vec<u8> = start
        .iter()
        .take(1024)
        .copied()
        .filter(|&b| b != 0 && b != 0xFF && b != 0xFE)
        .skip_while(|b| b.is_ascii_whitespace())
        .take(64)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    markers.iter().any(|m| ascii.starts_with(m))
        || (ascii.starts_with(b"<!--")
            && markers.contains(&&b"<html"[..])
            && contains_html_tag(start))
}

fn contains_html_tag(head: &[u8]) -> bool {
    let lower: Vec<u8> = head
        .iter()
        .take(4096)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    find(&lower, b"<html").is_some() || find(&lower, b"<body").is_some()
}

/// Where `needle` first stands in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Text in any encoding we read has almost no C0 control bytes other than
/// tab, CR, LF and form feed. UTF-16 has NULs, but in a regular pattern.
fn looks_binary(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    let suspicious = controls * 100 > sample.len() || sample.contains(&0);
    // Only then is the (slower) UTF-16 look worth it: UTF-16 text has NULs
    // or, when all Chinese, low bytes that look like control codes.
    suspicious
        && crate::decode::utf16_without_bom(sample).is_none()
        && !sample.starts_with(b"\xFF\xFE")
        && !sample.starts_with(b"\xFE\xFF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_win_over_extensions() {
        assert_eq!(identify(b""), Seen::Empty);
        assert_eq!(identify(b"%PDF-1.7\n"), Seen::Pdf);
        assert_eq!(identify(b"PK\x03\x04rest"), Seen::Zip);
        assert_eq!(identify(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."), Seen::Ole);
        assert_eq!(identify(b"{\\rtf1\\ansi"), Seen::Rtf);
        assert_eq!(identify(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"), Seen::Html);
        assert_eq!(identify(b"<TABLE border=1><tr>"), Seen::Html);
        assert_eq!(identify("一、总体情况\n".as_bytes()), Seen::Text);
        assert_eq!(
            identify(b"\x00\x01\x02\x03\x04\x05garbage\x00"),
            Seen::Binary
        );
    }

    /// A local file header for `name` followed by `data`, stored.
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

    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        entries
            .iter()
            .flat_map(|(name, data)| local_header(name, data))
            .collect()
    }

    #[test]
    fn zip_entries_decide_the_document_kind() {
        let kind = |entries: &[(&str, &[u8])]| zip_kind(&zip(entries)).unwrap();
        let types: (&str, &[u8]) = ("[Content_Types].xml", b"<Types/>");
        assert_eq!(
            kind(&[types, ("word/document.xml", b"<w:document/>")]),
            ZipKind::Docx
        );
        assert_eq!(
            kind(&[types, ("xl/workbook.xml", b"<workbook/>")]),
            ZipKind::Xlsx
        );
        assert_eq!(kind(&[types, ("XL/Workbook.xml", b"")]), ZipKind::Xlsx);
        assert_eq!(
            kind(&[("xl/workbook.xml", b""), ("xl/vbaProject.bin", b"")]),
            ZipKind::Xlsm
        );
        assert_eq!(
            kind(&[("xl/workbook.bin", b"\x83\x01\x00"), ("xl/styles.bin", b"")]),
            ZipKind::Xlsb
        );
        assert_eq!(kind(&[types, ("ppt/presentation.xml", b"")]), ZipKind::Pptx);
        assert_eq!(kind(&[("mimetype", ODS_MIMETYPE)]), ZipKind::Ods);
        let odt: &[u8] = b"application/vnd.oasis.opendocument.text";
        assert_eq!(kind(&[("mimetype", odt)]), ZipKind::OpenDocument);
        // Only the first entry's content says ODS.
        assert_eq!(
            kind(&[("content.xml", b""), ("mimetype", ODS_MIMETYPE)]),
            ZipKind::OpenDocument
        );
        assert_eq!(kind(&[types]), ZipKind::Other);
        assert_eq!(
            zip_kind(b"PK\x05\x06\0\0\0\0\0\0\0\0"),
            Some(ZipKind::Other)
        );
        assert_eq!(zip_kind(b"%PDF-1.7"), None);
    }

    #[test]
    fn entries_past_unreadable_headers_are_found() {
        // Compressed bytes that happen to hold a signature whose name
        // would run past the head, then a Word entry.
        let mut false_header = b"PK\x03\x04".to_vec();
        false_header.extend([0; 22]);
        false_header.extend([0xFF, 0xFF, 0, 0]);
        let mut head = local_header("[Content_Types].xml", &false_header);
        head.extend(local_header("word/document.xml", b""));
        assert_eq!(zip_kind(&head), Some(ZipKind::Docx));
        // A header cut by the end of the head names nothing.
        let cut = local_header("word/document.xml", b"");
        assert_eq!(zip_kind(&cut[..35]), Some(ZipKind::Other));
    }
}
