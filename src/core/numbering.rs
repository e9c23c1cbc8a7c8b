//! Recognises the numbering that Chinese official documents put in front of
//! headings and row labels: `一、`, `(一)`/`（一）`, `1.`/`1、`/`1．`,
//! `(1)`/`（1）` and `①`. Shared by the converters (headings) and the
//! repair pass (the nesting of row labels).

/// The numbering styles, from the outermost level to the innermost, in the
/// order the national standard for official documents nests them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// `一、`
    CjkComma,
    /// `(一)` or `（一）`
    CjkParen,
    /// `1.`, `1、` or `1．`
    ArabicDot,
    /// `(1)` or `（1）`
    ArabicParen,
    /// `①` … `⑳`
    Circled,
}

impl Style {
    /// The heading level a style conventionally marks (1 = section).
    pub fn heading_level(self) -> u8 {
        match self {
            Style::CjkComma => 1,
            Style::CjkParen => 2,
            Style::ArabicDot => 3,
            Style::ArabicParen => 4,
            Style::Circled => 5,
        }
    }
}

/// A numbering prefix found at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering<'a> {
    /// The numbering's style, which sets the level of a heading it starts.
    pub style: Style,
    /// The numbering as written, e.g. `（三）`.
    pub marker: &'a str,
    /// The text after the numbering, with leading white space removed.
    pub rest: &'a str,
    /// The ordinal value (一 = 1, 十二 = 12).
    pub ordinal: u32,
}

/// Whether a text starts like a numbered item (`一、`, `（一）`, `(一)`,
/// `1.`, `1、`), even when what follows is cut off: a piece that starts so
/// never continues the line before it. Looser than [`parse`], which needs
/// text after the marker.
pub fn starts_numbered(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(['（', '(']) {
        return true;
    }
    let head: String = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    if !head.is_empty() && t[head.len()..].starts_with('、') {
        return true;
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && t[digits..].starts_with(['.', '、', '．'])
}

/// The style and ordinal of a numbering marker standing alone (`三、`,
/// `（二）`), as a heading's `numbering` holds it.
pub fn parse_marker_only(marker: &str) -> Option<(Style, u32)> {
    let marker = marker.trim();
    let (style, len, ordinal) = parse_marker(marker)?;
    (len == marker.len()).then_some((style, ordinal))
}

/// Parses the numbering at the start of `text`, if any.
pub fn parse(text: &str) -> Option<Numbering<'_>> {
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    let (style, marker_len, ordinal) = parse_marker(trimmed)?;
    let rest = trimmed[marker_len..].trim_start_matches([' ', '\u{3000}', '\t']);
    // A bare marker with nothing after it is not a numbering ("1." alone),
    // nor is one followed only by punctuation ("1...").
    if !rest.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Numbering {
        style,
        marker: &text[offset..offset + marker_len],
        rest,
        ordinal,
    })
}

fn parse_marker(text: &str) -> Option<(Style, usize, u32)> {
    let first = text.chars().next()?;
    if let Some(value) = circled_value(first) {
        return Some((Style::Circled, first.len_utf8(), value));
    }
    if first == '(' || first == '（' {
        let inner = &text[first.len_utf8()..];
        let close = inner.find([')', '）'])?;
        let number = &inner[..close];
        let close_len = inner[close..].chars().next()?.len_utf8();
        let total = first.len_utf8() + close + close_len;
        if let Some(value) = cjk_value(number) {
            return Some((Style::CjkParen, total, value));
        }
        if let Some(value) = arabic_value(number) {
            return Some((Style::ArabicParen, total, value));
        }
        return None;
    }
    let digits_end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(c)))
        .map_or(text.len(), |(i, _)| i);
    if digits_end > 0 {
        let value = arabic_value(&text[..digits_end])?;
        let after = &text[digits_end..];
        let mut chars = after.chars();
        let sep = chars.next()?;
        if !matches!(sep, '.' | '、' | '．') {
            return None;
        }
        // `1.5` is a decimal, not a numbering.
        if chars.next().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        return Some((Style::ArabicDot, digits_end + sep.len_utf8(), value));
    }
    let numeral_end = text
        .char_indices()
        .find(|(_, c)| cjk_digit(*c).is_none())
        .map_or(text.len(), |(i, _)| i);
    if numeral_end > 0 && text[numeral_end..].starts_with('、') {
        let value = cjk_value(&text[..numeral_end])?;
        return Some((Style::CjkComma, numeral_end + '、'.len_utf8(), value));
    }
    None
}

fn circled_value(c: char) -> Option<u32> {
    ('①'..='⑳').contains(&c).then(|| c as u32 - '①' as u32 + 1)
}

fn arabic_value(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.chars().count() > 3 {
        return None;
    }
    let mut value = 0u32;
    for c in digits.chars() {
        let d = if c.is_ascii_digit() {
            c as u32 - '0' as u32
        } else if ('０'..='９').contains(&c) {
            c as u32 - '０' as u32
        } else {
            return None;
        };
        value = value * 10 + d;
    }
    Some(value)
}

/// The value of one CJK numeral character: `〇`/`零` 0, `一` … `九`, `十` 10.
pub fn cjk_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// Values of CJK numerals up to 九十九 (一, 十, 十二, 二十, 二十三).
fn cjk_value(numeral: &str) -> Option<u32> {
    let digits: Vec<u32> = numeral.chars().map(cjk_digit).collect::<Option<_>>()?;
    match digits.as_slice() {
        [d] if *d > 0 => Some(*d),
        [10, d] if (1..10).contains(d) => Some(10 + d),
        [t, 10] if (2..10).contains(t) => Some(t * 10),
        [t, 10, d] if (2..10).contains(t) && (1..10).contains(d) => Some(t * 10 + d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style_of(text: &str) -> Option<(Style, &str, u32)> {
        parse(text).map(|n| (n.style, n.rest, n.ordinal))
    }

    #[test]
    fn recognises_every_style() {
        assert_eq!(
            style_of("一、总体情况"),
            Some((Style::CjkComma, "总体情况", 1))
        );
        assert_eq!(style_of("十二、附则"), Some((Style::CjkComma, "附则", 12)));
        assert_eq!(
            style_of("(三)不予公开"),
            Some((Style::CjkParen, "不予公开", 3))
        );
        assert_eq!(
            style_of("（二）部分公开"),
            Some((Style::CjkParen, "部分公开", 2))
        );
        assert_eq!(
            style_of("1.属于国家秘密"),
            Some((Style::ArabicDot, "属于国家秘密", 1))
        );
        assert_eq!(
            style_of("2、健全保密审查机制"),
            Some((Style::ArabicDot, "健全保密审查机制", 2))
        );
        assert_eq!(
            style_of("(1)思想认识"),
            Some((Style::ArabicParen, "思想认识", 1))
        );
        assert_eq!(style_of("③其他"), Some((Style::Circled, "其他", 3)));
    }

    #[test]
    fn rejects_look_alikes() {
        for text in [
            "2022年,在上级",
            "一是坚持",
            "第二十条第(一)项",
            "1.5万元",
            "12345热线",
            "1.",
            "1...",
            "(本列数据)",
            "三安全一稳定",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
