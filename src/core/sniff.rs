//! Names what a file is from its first bytes, whatever its extension says.
//!
//! Archives are full of wrong extensions (a `.xls` that is HTML, a `.doc`
//! that is RTF), so the registry and the error messages rely on content.
//! This module only recognises signatures; it does not choose converters.

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

/// Identifies `head` (the first bytes of a file).
pub fn identify(head: &[u8]) -> Seen {
    const SIGNATURES: &[(&[u8], Seen)] = &[
        (b"%PDF-", Seen::Pdf),
        (b"PK\x03\x04", Seen::Zip),
        (b"PK\x05\x06", Seen::Zip),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Seen::Ole),
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

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
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
}
