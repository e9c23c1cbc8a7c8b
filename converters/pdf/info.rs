//! Document metadata from the PDF's Info dictionary: title, author and
//! creation date.

use crate::model::Metadata;
use lopdf::{Document, Object};

pub fn metadata(doc: &Document) -> Metadata {
    let Some(info) = info_dictionary(doc) else {
        return Metadata::default();
    };
    let text = |key: &[u8]| {
        let object = info.get(key).ok()?;
        let object = match object {
            Object::Reference(id) => doc.get_object(*id).ok()?,
            other => other,
        };
        let text = lopdf::decode_text_string(object).ok()?;
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        (!text.is_empty()).then(|| text.to_string())
    };
    Metadata {
        title: text(b"Title"),
        author: text(b"Author"),
        created: text(b"CreationDate").map(|d| iso_date(&d)),
        ..Metadata::default()
    }
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
    use super::iso_date;

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
