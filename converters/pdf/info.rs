//! Document metadata from the PDF's Info dictionary: title, author and
//! creation date, its strings decoded as the producers write them. A
//! title that does not read as one is left out (`title.rs`).

use super::title;
use docmend_core::model::{Diagnostic, DiagnosticCode, Metadata};
use lopdf::{Document, Object};

/// The Info dictionary's metadata, and a diagnostic when its title was
/// not taken.
pub fn metadata(doc: &Document) -> (Metadata, Option<Diagnostic>) {
    let Some(info) = info_dictionary(doc) else {
        return (Metadata::default(), None);
    };
    let text = |key: &[u8]| {
        let object = info.get(key).ok()?;
        let object = match object {
            Object::Reference(id) => doc.get_object(*id).ok()?,
            other => other,
        };
        let text = decode_text_string(object.as_str().ok()?);
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        (!text.is_empty()).then(|| text.to_string())
    };
    let (title, ignored) = match text(b"Title") {
        Some(t) => match title::unreadable(&t) {
            Some(reason) => (None, Some(ignored_title(&t, reason))),
            None => (Some(t), None),
        },
        None => (None, None),
    };
    let metadata = Metadata {
        title,
        author: text(b"Author"),
        created: text(b"CreationDate").map(|d| iso_date(&d)),
        generator: text(b"Creator").or_else(|| text(b"Producer")),
        ..Metadata::default()
    };
    (metadata, ignored)
}

fn ignored_title(title: &str, reason: &str) -> Diagnostic {
    let shown: String = title.chars().take(80).collect();
    Diagnostic::new(
        DiagnosticCode::InfoTitleIgnored,
        format!(
            "the Info dictionary's /Title {shown:?} was not taken as the document's title: {reason}"
        ),
    )
}

/// A PDF text string (PDF 2.0, 7.9.2.2): UTF-16BE after the byte-order
/// mark FE FF, UTF-8 after EF BB BF, else PDFDocEncoding. Some Chinese
/// producers write UTF-16LE after FF FE, which no reader would take for
/// PDFDocEncoding text (`ÿþ` would start it): read as UTF-16LE. Invalid
/// sequences become U+FFFD.
pub fn decode_text_string(bytes: &[u8]) -> String {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned(),
        None => pdf_doc_encoding(bytes),
    }
}

/// PDFDocEncoding (PDF 2.0, Annex D.2), through lopdf's table: Latin-1
/// but for 0xA0 (`€`), 0x18–0x1F (accents: `˘ˇˆ˙˝˛˚˜`) and 0x80–0x9E (`•†‡…—–ƒ⁄‹›−‰„“”
/// ‘’‚™ﬁﬂŁŒŠŸŽıłœšž`), with 0x7F, 0x9F and 0xAD undefined (left out).
fn pdf_doc_encoding(bytes: &[u8]) -> String {
    let object = Object::String(bytes.to_vec(), lopdf::StringFormat::Literal);
    lopdf::decode_text_string(&object).unwrap_or_default()
}

fn info_dictionary(doc: &Document) -> Option<&lopdf::Dictionary> {
    match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_dict().ok(),
        Object::Dictionary(dict) => Some(dict),
        _ => None,
    }
}

/// `D:20230115080000+08'00'` → `2023-01-15T08:00:00+08:00`; what does not
/// look like a PDF date is kept as written.
fn iso_date(date: &str) -> String {
    let digits = date.strip_prefix("D:").unwrap_or(date);
    let number = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
    };
    let Some(year) = number(0..4) else {
        return date.to_string();
    };
    let part =
        |range: std::ops::Range<usize>, default: &'static str| number(range).unwrap_or(default);
    let (month, day) = (part(4..6, "01"), part(6..8, "01"));
    if digits.len() <= 8 {
        return format!("{year}-{month}-{day}");
    }
    let (hour, minute, second) = (part(8..10, "00"), part(10..12, "00"), part(12..14, "00"));
    let zone = digits.get(14..).unwrap_or("");
    let zone = match zone.chars().next() {
        Some('Z') => "Z".to_string(),
        Some(sign @ ('+' | '-')) => {
            let rest: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            match (rest.get(0..2), rest.get(2..4)) {
                (Some(h), Some(m)) => format!("{sign}{h}:{m}"),
                (Some(h), None) => format!("{sign}{h}:00"),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    format!("{year}-{month}-{day}T{hour}:{minute}:{second}{zone}")
}

#[cfg(test)]
mod tests {
    use super::{decode_text_string, iso_date};

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_be_after_its_byte_order_mark() {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(utf16("2022年政府信息公开工作年度报告", true));
        assert_eq!(decode_text_string(&bytes), "2022年政府信息公开工作年度报告");
        // A character outside the BMP, as a surrogate pair.
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(utf16("𠀀", true));
        assert_eq!(decode_text_string(&bytes), "𠀀");
    }

    #[test]
    fn utf16_le_after_its_byte_order_mark() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(utf16("晋城市城区人民政府办公室", false));
        assert_eq!(decode_text_string(&bytes), "晋城市城区人民政府办公室");
    }

    #[test]
    fn utf8_after_its_byte_order_mark() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend("年度报告 – 2022".as_bytes());
        assert_eq!(decode_text_string(&bytes), "年度报告 – 2022");
    }

    #[test]
    fn broken_unicode_is_replaced_not_dropped() {
        // An unpaired high surrogate, and a UTF-16 string cut mid unit.
        assert_eq!(
            decode_text_string(&[0xFE, 0xFF, 0xD8, 0x00, 0x00, 0x41]),
            "\u{FFFD}A"
        );
        assert_eq!(
            decode_text_string(&[0xFF, 0xFE, 0x41, 0x00, 0x42]),
            "A\u{FFFD}"
        );
    }

    #[test]
    fn pdf_doc_encoding_is_not_latin_1() {
        assert_eq!(decode_text_string(b"Annual report"), "Annual report");
        // Latin-1 where the two agree: 0xA1–0xFF but 0xAD; 0xA0 is the euro.
        assert_eq!(decode_text_string(b"Caf\xE9 \xA9 \xFF"), "Café © ÿ");
        assert_eq!(decode_text_string(b"\xA0 5"), "€ 5");
        // 0x18–0x1F: spacing accents, not control characters.
        assert_eq!(
            decode_text_string(&[0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F]),
            "˘ˇˆ˙˝˛˚˜"
        );
        // 0x80–0x9E: typographic characters, not C1 controls.
        let high: Vec<u8> = (0x80..=0x9E).collect();
        assert_eq!(decode_text_string(&high), "•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž");
        // 0x7F, 0x9F and 0xAD are undefined.
        assert_eq!(decode_text_string(&[b'a', 0x7F, 0x9F, 0xAD, b'b']), "ab");
    }

    #[test]
    fn pdf_dates_become_iso_8601() {
        assert_eq!(
            iso_date("D:20230115080000+08'00'"),
            "2023-01-15T08:00:00+08:00"
        );
        assert_eq!(iso_date("D:20230115080000Z"), "2023-01-15T08:00:00Z");
        assert_eq!(iso_date("D:20230115"), "2023-01-15");
        assert_eq!(iso_date("yesterday"), "yesterday");
    }
}
