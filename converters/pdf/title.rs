//! Whether the Info dictionary's `/Title` reads as the document's title.
//! Producers fill it with whatever they have: the file name the document
//! was printed from (`Microsoft Word - 2023年报.doc`), a placeholder
//! (`untitled`, `无标题`), or text in an encoding the string does not
//! declare, which a reader can only take as PDFDocEncoding and shows as
//! mojibake (`2022ÄêÕþ¸®…` is GBK). Such a title would hide the one the
//! first page shows (the profile takes the metadata title first), so it is
//! left out, with the reason.

use unicode_normalization::char::is_combining_mark;

/// Extensions of the document files a title names when it is a file name.
const FILE_EXTENSIONS: [&str; 31] = [
    "doc", "docx", "dot", "dotx", "wps", "wpt", "rtf", "odt", "txt", "pdf", "xls", "xlsx", "et",
    "ppt", "pptx", "dps", "htm", "html", "tmp", "indd", "ps", "eps", "ofd", "ceb", "png", "jpg",
    "jpeg", "tif", "tiff", "bmp", "gif",
];

/// Programs that print a document under `<program> - <file name>`.
const PRINTED_FROM: [&str; 4] = [
    "microsoft word - ",
    "microsoft excel - ",
    "microsoft powerpoint - ",
    "wps文字 - ",
];

/// Titles producers write when the author gave none, compared without
/// case, spaces, and a trailing number (`Document1`, `无标题1`).
const PLACEHOLDERS: [&str; 27] = [
    "untitled",
    "untitleddocument",
    "(anonymous)",
    "anonymous",
    "title",
    "document",
    "doc",
    "none",
    "null",
    "unknown",
    "default",
    "presentation",
    "powerpointpresentation",
    "microsoftword",
    "microsoftword文档",
    "新建microsoftword文档",
    "wps文字",
    "word",
    "pdf",
    "无标题",
    "无标题文档",
    "未命名",
    "未命名文档",
    "新建文档",
    "新建文本文档",
    "文档",
    "标题",
];

/// A mojibake title has at least this share of Latin-1 and PDFDocEncoding
/// characters (accented letters, `¸®¢«¿ª¤`, `‰œž`): three bytes of UTF-8
/// or two of GBK per Chinese character, each read as one of them. Accented
/// European titles stay well below (`Élément d'équité`: 27 %).
const MOJIBAKE_SHARE: f64 = 0.4;
/// A title of more punctuation and symbols than this share is not text
/// (UTF-16 read byte by byte gives `^t?eœ^ž[`).
const SYMBOL_SHARE: f64 = 1.0 / 3.0;

/// Why `title` (decoded, trimmed, non-empty) is not a title, or `None`
/// when it reads as one.
pub fn unreadable(title: &str) -> Option<&'static str> {
    if title
        .chars()
        .any(|c| c == '\u{FFFD}' || is_private_use(c) || (c.is_control() && !c.is_whitespace()))
    {
        return Some(
            "it holds replacement, private-use or control characters (text in an encoding it does not declare)",
        );
    }
    if ["ÿþ", "þÿ", "ï»¿"].iter().any(|bom| title.starts_with(bom)) {
        return Some(
            "it starts with a byte-order mark read as PDFDocEncoding (text in an encoding it does not declare)",
        );
    }
    let visible: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
    let share = |n: usize| n as f64 / visible.len().max(1) as f64;
    let foreign = visible.iter().filter(|&&c| is_pdf_doc_high(c)).count();
    if foreign >= 3 && share(foreign) >= MOJIBAKE_SHARE {
        return Some(
            "most of its characters are accented Latin letters and symbols, the mark of text in another encoding (GBK, UTF-8) read as PDFDocEncoding",
        );
    }
    let symbols = visible
        .iter()
        .filter(|&&c| !c.is_alphanumeric() && !is_combining_mark(c))
        .count();
    if symbols >= 3 && share(symbols) > SYMBOL_SHARE {
        return Some("it is mostly punctuation and symbols, not text");
    }
    if !visible.iter().any(|c| c.is_alphabetic()) {
        return Some("it has no letters");
    }
    if is_file_name(title) {
        return Some("it is the name of the file the document was made from");
    }
    if is_placeholder(title) {
        return Some("it is a producer's placeholder, not a title");
    }
    None
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// A character that bytes 0x80–0xFF (and 0x18–0x1F) decode to in
/// PDFDocEncoding: what a string in another encoding turns into.
fn is_pdf_doc_high(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{FF}') || "˘ˇˆ˙˝˛˚˜•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž€".contains(c)
}

/// `报告.docx`, `D:\\文件\\年报.doc`, `Microsoft Word - 2023年报.doc`.
fn is_file_name(title: &str) -> bool {
    let lower = title.to_lowercase();
    if PRINTED_FROM.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    lower.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.trim().is_empty() && FILE_EXTENSIONS.contains(&ext.trim_end())
    })
}

fn is_placeholder(title: &str) -> bool {
    let squeezed: String = title
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bare = squeezed.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
    PLACEHOLDERS.contains(&bare)
}

#[cfg(test)]
mod tests {
    use super::unreadable;

    #[test]
    fn titles_that_read_as_titles_are_kept() {
        for title in [
            "2022年政府信息公开工作年度报告",
            "晋城市城区人民政府办公室2022年政府信息公开工作年度报告",
            "Annual Report 2022",
            "Élément d'équité",
            "Relatório de Atividades 2022",
            "Báo cáo thường niên 2022",
            "דוח שנתי 2024",
            "C++ Primer",
            "关于印发《2023年工作要点》的通知",
            "报告",
        ] {
            assert_eq!(unreadable(title), None, "{title}");
        }
    }

    #[test]
    fn mojibake_is_not_a_title() {
        for title in [
            // GBK read as PDFDocEncoding.
            "2022ÄêÕþ¸®ÐÅÏ¢¹«¿ª¹¤×÷Äê¶È±¨¸æ",
            // UTF-8 read as PDFDocEncoding.
            "2022å¹´æ”¿åº\u{9c}ä¿¡æ\u{81}¯",
            "å¹´åº¦æŠ¥å‘Š",
            // UTF-16LE read as PDFDocEncoding, byte-order mark first.
            "ÿþKfÎW^ÎW:SºNl?eœ^žRlQ¤[2022t^?eœ^",
            // UTF-16BE without a byte-order mark.
            "^t?e^œO¡`lQ_]\\O^t^¦b¥TJ",
            "年度\u{FFFD}\u{FFFD}报告",
            "\u{E000}\u{E001}年报",
        ] {
            assert!(unreadable(title).is_some(), "{title}");
        }
    }

    #[test]
    fn file_names_and_placeholders_are_not_titles() {
        for title in [
            "报告.docx",
            "Microsoft Word - 2023年报.doc",
            "Microsoft Word - 晋城市城区2022年政府信息公开工作年度报告",
            "D:\\文件\\年报.DOC",
            "2022年度报告.pdf",
            "Screenshot 2025-07-29 at 00.15.56.png",
            "Presentation1",
            "untitled",
            "Untitled-1",
            "无标题",
            "无标题文档",
            "Document1",
            "新建 Microsoft Word 文档",
            "(anonymous)",
            "2022",
            "---",
        ] {
            assert!(unreadable(title).is_some(), "{title}");
        }
    }
}
