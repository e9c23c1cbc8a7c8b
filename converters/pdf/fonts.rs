//! Fonts: how the bytes of a shown string become character codes, Unicode
//! text and advance widths.
//!
//! Sources of Unicode, in order: the font's ToUnicode CMap (parsed by
//! [`super::cmap`]); for Type0 fonts a predefined CJK CMap whose codes are
//! themselves an encoding (UCS-2, GBK, Big5); for simple fonts the base
//! encoding (WinAnsi, MacRoman, Standard) with `/Differences`. A code with
//! no mapping yields no text: the caller counts it.

use super::cmap::{self, CMap};
use super::collections::{self, Collection};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// How a Type0 font's codes map to Unicode when it has no ToUnicode map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Predefined {
    /// Identity-H/V: 2-byte CIDs, meaningless without ToUnicode.
    Identity,
    /// UniGB-UCS2-H, UniGB-UTF16-H, UniCNS-UCS2-H, …: the codes are UTF-16BE.
    Ucs2,
    /// GBK-EUC-H and kin: 1 byte below 0x80, else 2, decoded as GB18030.
    Gbk,
    /// B5pc-H, ETen-B5-H: same shape, decoded as Big5.
    Big5,
}

#[derive(Debug)]
enum Kind {
    /// One byte per code; `table` gives the text of each code.
    Simple { table: Box<[Option<char>; 256]> },
    Composite {
        predefined: Predefined,
        /// The character collection the CIDs belong to, for Identity
        /// encodings without a ToUnicode map.
        collection: Option<&'static Collection>,
    },
    /// A simple font naming a Chinese system font (`宋体`, `SimSun`,
    /// `仿宋_GB2312`), not embedded and without ToUnicode: old Windows
    /// printer drivers wrote GBK text through such fonts, two bytes per
    /// character, whatever `/Encoding` says.
    LegacyGbk,
}

/// A font as the walker needs it.
#[derive(Debug)]
pub struct Font {
    pub name: String,
    kind: Kind,
    to_unicode: Option<CMap>,
    widths: HashMap<u32, f64>,
    default_width: f64,
    pub vertical: bool,
    /// A bold face (by its name or descriptor): bold short lines are
    /// headings in many documents.
    pub bold: bool,
    /// Bold only as a 黑体 (Hei) face, by its name: Chinese documents set
    /// headings in 黑体, but a page may be set in a Hei face throughout
    /// (Microsoft YaHei, WenQuanYi Zen Hei: a web page printed to PDF).
    pub hei: bool,
}

/// One decoded code of a shown string.
pub struct Glyph {
    pub text: Option<String>,
    /// Advance width in text space units (thousandths of the font size).
    pub width: f64,
    /// Single-byte code 32: word spacing applies.
    pub is_space: bool,
    /// How many codes the viewer sees in it (character spacing applies
    /// to each): 1, or 2 for a legacy GBK character.
    pub codes: usize,
}

impl Font {
    /// A font for a missing or unreadable font resource: one byte per code,
    /// Latin-1 text, default widths. Better than dropping the text.
    pub fn fallback(name: &str) -> Font {
        Font {
            name: name.to_string(),
            kind: Kind::Simple {
                table: Box::new(latin1_table()),
            },
            to_unicode: None,
            widths: HashMap::new(),
            default_width: 500.0,
            vertical: false,
            bold: false,
            hei: false,
        }
    }

    pub fn load(doc: &Document, name: &str, dict: &Dictionary) -> Font {
        let mut font = Font::load_kind(doc, name, dict);
        (font.bold, font.hei) = is_bold(doc, dict);
        font
    }

    fn load_kind(doc: &Document, name: &str, dict: &Dictionary) -> Font {
        let subtype = name_of(doc, dict.get(b"Subtype").ok());
        let to_unicode = deref(doc, dict.get(b"ToUnicode").ok())
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| s.get_plain_content_with_limit(4 << 20).ok())
            .map(|bytes| cmap::parse(&bytes));
        if subtype.as_deref() == Some("Type0") {
            let encoding = name_of(doc, dict.get(b"Encoding").ok()).unwrap_or_default();
            let predefined = predefined(&encoding);
            let descendant = deref(doc, dict.get(b"DescendantFonts").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, Some(o)))
                .and_then(|o| o.as_dict().ok());
            let mut widths = HashMap::new();
            let mut default_width = 1000.0;
            let collection = descendant
                .and_then(|d| deref(doc, d.get(b"CIDSystemInfo").ok()))
                .and_then(|o| o.as_dict().ok())
                .and_then(|info| deref(doc, info.get(b"Ordering").ok()))
                .and_then(|o| o.as_str().ok())
                .and_then(|o| collections::for_ordering(&String::from_utf8_lossy(o)));
            if let Some(d) = descendant {
                if let Some(dw) = deref(doc, d.get(b"DW").ok()).and_then(number) {
                    default_width = dw;
                }
                if let Some(w) = deref(doc, d.get(b"W").ok()).and_then(|o| o.as_array().ok()) {
                    cid_widths(doc, w, &mut widths);
                }
            }
            Font {
                name: name.to_string(),
                kind: Kind::Composite {
                    predefined,
                    collection,
                },
                to_unicode,
                widths,
                default_width,
                vertical: encoding.ends_with("-V"),
                bold: false,
                hei: false,
            }
        } else {
            let mut table = Box::new(latin1_table());
            match deref(doc, dict.get(b"Encoding").ok()) {
                Some(Object::Name(n)) => apply_base(&mut table, n),
                Some(Object::Dictionary(d)) => {
                    if let Some(Object::Name(n)) = deref(doc, d.get(b"BaseEncoding").ok()) {
                        apply_base(&mut table, n);
                    }
                    if let Some(diffs) =
                        deref(doc, d.get(b"Differences").ok()).and_then(|o| o.as_array().ok())
                    {
                        apply_differences(&mut table, diffs);
                    }
                }
                _ => {}
            }
            let mut widths = HashMap::new();
            let first = deref(doc, dict.get(b"FirstChar").ok())
                .and_then(number)
                .unwrap_or(0.0);
            if let Some(w) = deref(doc, dict.get(b"Widths").ok()).and_then(|o| o.as_array().ok()) {
                for (i, v) in w.iter().take(256).enumerate() {
                    if let Some(v) = deref(doc, Some(v)).and_then(number) {
                        widths.insert((first.max(0.0) as u32).saturating_add(i as u32), v);
                    }
                }
            }
            let legacy_gbk = to_unicode.is_none()
                && !embedded(doc, dict)
                && names_chinese_font(doc, dict.get(b"BaseFont").ok());
            Font {
                name: name.to_string(),
                kind: if legacy_gbk {
                    Kind::LegacyGbk
                } else {
                    Kind::Simple { table }
                },
                to_unicode,
                widths,
                default_width: 500.0,
                vertical: false,
                bold: false,
                hei: false,
            }
        }
    }

    /// Splits a shown string into codes and decodes each.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Glyph>) {
        match &self.kind {
            Kind::Simple { table } => {
                for &b in bytes {
                    let code = b as u32;
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.get(code, 1))
                        .or_else(|| table[b as usize].map(String::from));
                    out.push(Glyph {
                        text,
                        width: self.width(code),
                        is_space: b == 32,
                        codes: 1,
                    });
                }
            }
            Kind::LegacyGbk => {
                let mut i = 0;
                while i < bytes.len() {
                    let len = if bytes[i] >= 0x81 && i + 1 < bytes.len() {
                        2
                    } else {
                        1
                    };
                    let code_bytes = &bytes[i..i + len];
                    // The viewer advances by each byte's width.
                    let width = code_bytes.iter().map(|&b| self.width(b as u32)).sum();
                    out.push(Glyph {
                        text: decode_predefined(Predefined::Gbk, code_bytes),
                        width,
                        is_space: code_bytes == b" ",
                        codes: len,
                    });
                    i += len;
                }
            }
            Kind::Composite {
                predefined,
                collection,
            } => {
                let mut i = 0;
                while i < bytes.len() {
                    let len = match predefined {
                        Predefined::Gbk | Predefined::Big5 if bytes[i] < 0x80 => 1,
                        _ => 2,
                    }
                    .min(bytes.len() - i);
                    let code_bytes = &bytes[i..i + len];
                    let code = code_bytes.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
                    i += len;
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.get(code, len))
                        .or_else(|| decode_predefined(*predefined, code_bytes))
                        .or_else(|| match (predefined, collection) {
                            (Predefined::Identity, Some(c)) => c.text(code),
                            _ => None,
                        });
                    // `/W` is keyed by CID. Identity maps codes to CIDs as
                    // they are; for the predefined Unicode/GBK/Big5 CMaps we
                    // do not ship the CMap files, but in every Adobe CJK
                    // collection CIDs 1–95 are ASCII 0x20–0x7E, which is
                    // what matters for half-width punctuation and digits.
                    let cid = match predefined {
                        Predefined::Identity => code,
                        _ if (0x20..=0x7e).contains(&code) => code - 31,
                        _ => u32::MAX,
                    };
                    out.push(Glyph {
                        text,
                        width: self.width(cid),
                        is_space: len == 1 && code == 32,
                        codes: 1,
                    });
                }
            }
        }
    }

    fn width(&self, code: u32) -> f64 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }
}

/// A bold face: named so (`…-Bold`, `…,Bold`, `Black`, `Heavy`, TeX's bold
/// `CMBX`/`SFBX`/`ECBX`, the Chinese 黑体 family `SimHei`/`Hei`), or its descriptor says
/// so (ForceBold flag, `/FontWeight` 600 or more). For a Type0 font the
/// descendant's descriptor is the one that counts. Returns whether it is
/// bold, and whether only as a 黑体 face.
fn is_bold(doc: &Document, dict: &Dictionary) -> (bool, bool) {
    const BOLD_NAMES: [&str; 8] = [
        "bold", "black", "heavy", "semibold", "demi", "cmbx", "sfbx", "ecbx",
    ];
    let base = match deref(doc, dict.get(b"BaseFont").ok()) {
        Some(Object::Name(raw)) => raw.clone(),
        _ => Vec::new(),
    };
    let (named_bold, named_hei) = if base.is_ascii() {
        let name = String::from_utf8_lossy(&base).to_ascii_lowercase();
        let name = name.split('+').next_back().unwrap_or(&name).to_string();
        (
            BOLD_NAMES.iter().any(|n| name.contains(n)),
            name.contains("hei"),
        )
    } else {
        let (text, _, _) = encoding_rs::GB18030.decode(&base);
        (false, text.contains('黑'))
    };
    let descriptor = deref(doc, dict.get(b"DescendantFonts").ok())
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| deref(doc, Some(o)))
        .and_then(|o| o.as_dict().ok())
        .unwrap_or(dict);
    let described_bold = deref(doc, descriptor.get(b"FontDescriptor").ok())
        .and_then(|o| o.as_dict().ok())
        .is_some_and(|d| {
            let flags = deref(doc, d.get(b"Flags").ok())
                .and_then(number)
                .unwrap_or(0.0) as i64;
            let weight = deref(doc, d.get(b"FontWeight").ok())
                .and_then(number)
                .unwrap_or(0.0);
            flags & (1 << 18) != 0 || weight >= 600.0
        });
    let bold = named_bold || described_bold;
    (bold || named_hei, !bold && named_hei)
}

/// Whether the font's program is embedded (then its own encoding rules).
fn embedded(doc: &Document, dict: &Dictionary) -> bool {
    deref(doc, dict.get(b"FontDescriptor").ok())
        .and_then(|o| o.as_dict().ok())
        .is_some_and(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.has(k))
        })
}

/// A BaseFont naming a Chinese system font: in GBK bytes (`#CB#CE#CC#E5`,
/// 宋体) or by its Latin name.
fn names_chinese_font(doc: &Document, base: Option<&Object>) -> bool {
    const LATIN_NAMES: [&str; 12] = [
        "SimSun",
        "NSimSun",
        "SimHei",
        "FangSong",
        "KaiTi",
        "STSong",
        "STHeiti",
        "STKaiti",
        "STFangsong",
        "MicrosoftYaHei",
        "_GB2312",
        "FZ",
    ];
    let Some(Object::Name(raw)) = deref(doc, base) else {
        return false;
    };
    if !raw.is_ascii() {
        let (text, _, bad) = encoding_rs::GB18030.decode(raw);
        return !bad && text.chars().any(docmend_core::cjk::is_wide);
    }
    let name = String::from_utf8_lossy(raw);
    let name = name.split('+').next_back().unwrap_or(&name);
    LATIN_NAMES.iter().any(|n| name.contains(n))
}

fn predefined(encoding: &str) -> Predefined {
    if encoding.starts_with("Uni") && (encoding.contains("UCS2") || encoding.contains("UTF16")) {
        Predefined::Ucs2
    } else if encoding.starts_with("GB") {
        Predefined::Gbk
    } else if encoding.starts_with("B5") || encoding.starts_with("ETen") {
        Predefined::Big5
    } else {
        Predefined::Identity
    }
}

fn decode_predefined(p: Predefined, bytes: &[u8]) -> Option<String> {
    let (text, bad) = match p {
        Predefined::Identity => return None,
        Predefined::Ucs2 => {
            let (t, _, bad) = encoding_rs::UTF_16BE.decode(bytes);
            (t, bad)
        }
        Predefined::Gbk => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            (t, bad)
        }
        Predefined::Big5 => {
            let (t, _, bad) = encoding_rs::BIG5.decode(bytes);
            (t, bad)
        }
    };
    (!bad && !text.is_empty()).then(|| text.into_owned())
}

/// `/W` of a CID font: `c [w1 w2 …]` or `c_first c_last w`.
fn cid_widths(doc: &Document, w: &[Object], widths: &mut HashMap<u32, f64>) {
    let mut i = 0;
    while i < w.len() && widths.len() < 65536 {
        let Some(first) = number(&w[i]) else { break };
        match w.get(i + 1).and_then(|o| deref(doc, Some(o))) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().take(65536).enumerate() {
                    if let Some(v) = number(v) {
                        widths.insert((first as u32).saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(v)) = (number(o), w.get(i + 2).and_then(number)) else {
                    break;
                };
                let (first, last) = (
                    first as u32,
                    (last as u32).min((first as u32).saturating_add(65535)),
                );
                for c in first..=last {
                    widths.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

fn latin1_table() -> [Option<char>; 256] {
    let mut t = [None; 256];
    for (i, slot) in t.iter_mut().enumerate() {
        if (0x20..0x7f).contains(&i) || i >= 0xa0 {
            *slot = char::from_u32(i as u32);
        }
    }
    t
}

fn apply_base(table: &mut [Option<char>; 256], name: &[u8]) {
    let enc = match name {
        b"WinAnsiEncoding" => encoding_rs::WINDOWS_1252,
        b"MacRomanEncoding" => encoding_rs::MACINTOSH,
        _ => return,
    };
    for (b, slot) in table.iter_mut().enumerate().skip(0x80) {
        let byte = [b as u8];
        let (t, _, bad) = enc.decode(&byte);
        *slot = if bad { None } else { t.chars().next() };
    }
    if name == b"WinAnsiEncoding" {
        // PDF 1.7, Annex D, note 5: in WinAnsiEncoding every unused code
        // above 40 octal is the bullet (reportlab draws `•` as code 127);
        // Windows-1252 leaves them undefined.
        for code in [0x7f, 0x81, 0x8d, 0x8f, 0x90, 0x9d] {
            table[code] = Some('•');
        }
    }
}

fn apply_differences(table: &mut [Option<char>; 256], diffs: &[Object]) {
    let mut code = 0usize;
    for d in diffs {
        match d {
            Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
            Object::Name(name) => {
                if code < 256 {
                    table[code] = glyph_name(name);
                }
                code += 1;
            }
            _ => {}
        }
    }
}

/// The few glyph names report PDFs use; `uniXXXX` and single letters cover
/// most subset fonts.
fn glyph_name(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    if let Some(hex) = s.strip_prefix("uni").filter(|h| h.len() == 4) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(c);
    }
    const NAMES: [(&str, char); 24] = [
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("hyphen", '-'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("slash", '/'),
        ("percent", '%'),
        ("quoteright", '’'),
        ("quoteleft", '‘'),
        ("endash", '–'),
        ("emdash", '—'),
    ];
    NAMES.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
}

pub fn deref<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
    doc.dereference(o?).ok().map(|(_, o)| o)
}

fn name_of(doc: &Document, o: Option<&Object>) -> Option<String> {
    match deref(doc, o)? {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

pub fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64).filter(|v| v.is_finite()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A font of `kind` without ToUnicode or widths.
    fn test_font(kind: Kind, default_width: f64) -> Font {
        Font {
            name: "F1".into(),
            kind,
            to_unicode: None,
            widths: HashMap::new(),
            default_width,
            vertical: false,
            bold: false,
            hei: false,
        }
    }

    #[test]
    fn predefined_cmaps_decode_their_codes() {
        assert_eq!(predefined("UniGB-UCS2-H"), Predefined::Ucs2);
        assert_eq!(predefined("GBK-EUC-H"), Predefined::Gbk);
        assert_eq!(predefined("ETen-B5-H"), Predefined::Big5);
        assert_eq!(
            decode_predefined(Predefined::Ucs2, &[0x4e, 0x2d]).as_deref(),
            Some("中")
        );
        assert_eq!(
            decode_predefined(Predefined::Gbk, &[0xd6, 0xd0]).as_deref(),
            Some("中")
        );
        assert_eq!(decode_predefined(Predefined::Identity, &[0, 1]), None);
    }

    #[test]
    fn identity_codes_without_to_unicode_come_from_the_collection() {
        let font = test_font(
            Kind::Composite {
                predefined: Predefined::Identity,
                collection: collections::for_ordering("GB1"),
            },
            1000.0,
        );
        let mut out = Vec::new();
        // CID 4559 is 中 in Adobe-GB1.
        font.decode(&[0x11, 0xcf, 0x00, 0x22], &mut out);
        let texts: Vec<_> = out.iter().map(|g| g.text.clone()).collect();
        assert_eq!(texts, [Some("中".to_string()), Some("A".to_string())]);
    }

    #[test]
    fn legacy_gbk_fonts_read_two_bytes_per_character() {
        let font = test_font(Kind::LegacyGbk, 500.0);
        let mut out = Vec::new();
        font.decode(b"\xb9\xd8 A", &mut out);
        let texts: Vec<_> = out.iter().map(|g| g.text.clone()).collect();
        assert_eq!(
            texts,
            [
                Some("关".to_string()),
                Some(" ".to_string()),
                Some("A".to_string())
            ]
        );
        assert_eq!(out[0].codes, 2);
        assert_eq!(out[0].width, 1000.0);
    }

    #[test]
    fn gbk_codes_are_one_or_two_bytes() {
        let font = test_font(
            Kind::Composite {
                predefined: Predefined::Gbk,
                collection: None,
            },
            1000.0,
        );
        let mut out = Vec::new();
        font.decode(&[b'A', 0xd6, 0xd0, b'1'], &mut out);
        let texts: Vec<_> = out.iter().map(|g| g.text.clone().unwrap()).collect();
        assert_eq!(texts, ["A", "中", "1"]);
    }
}
