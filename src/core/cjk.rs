//! East Asian text: which characters are set without spaces between them,
//! and whether a line break between two characters stands for a space.
//! Shared by the converters that rebuild text from lines (HTML, PDF).

/// East Asian wide characters: CJK ideographs, kana, CJK punctuation and
/// full-width forms. Hangul is left out, as in CSS, because Korean uses
/// spaces between words.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303F        // radicals, CJK symbols and punctuation (incl. U+3000)
        | 0x3040..=0x31FF      // kana, bopomofo, CJK strokes
        | 0x3200..=0x4DBF      // enclosed CJK, compatibility, extension A
        | 0x4E00..=0x9FFF      // unified ideographs
        | 0xF900..=0xFAFF      // compatibility ideographs
        | 0xFE10..=0xFE1F      // vertical forms
        | 0xFE30..=0xFE4F      // CJK compatibility forms
        | 0xFF00..=0xFF60      // full-width forms
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF)
}

/// Punctuation that Chinese text shares with Western text (curly quotes,
/// dashes, ellipsis, middle dot): next to a wide character it behaves as
/// wide, next to Latin text as Latin.
pub fn is_shared_punctuation(c: char) -> bool {
    matches!(c, '‘' | '’' | '“' | '”' | '—' | '…' | '·' | '–')
}

/// Whether a line break (or a wide gap) between `before` and `after`
/// vanishes rather than standing for a space, as CSS's segment break
/// transformation has it: between wide characters, and between a wide
/// character and shared punctuation (`原则……`).
pub fn line_break_vanishes(before: char, after: char) -> bool {
    (is_wide(before) && (is_wide(after) || is_shared_punctuation(after)))
        || (is_shared_punctuation(before) && is_wide(after))
}

/// Whether two pieces of text written on separate lines join without a
/// space: when either side is Chinese (`商业` + `企业`, `2022` + `年`,
/// `(二)部分公开` + `(区分处理的…)`).
pub fn lines_join_without_space(before: char, after: char) -> bool {
    is_wide(before) || is_wide(after)
}

/// Joins the pieces of a text that wrapped over several lines: nothing
/// between two characters that a line break joins without a space
/// ([`lines_join_without_space`]) or after a hyphen, one space otherwise.
pub fn join_wrapped(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if let (Some(a), Some(b)) = (out.chars().last(), p.chars().next())
            && !lines_join_without_space(a, b)
            && a != '-'
        {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters() {
        for c in ['中', '，', '　', 'あ', '１'] {
            assert!(is_wide(c), "{c}");
        }
        for c in ['a', '1', ' ', '한', '“'] {
            assert!(!is_wide(c), "{c}");
        }
        assert!(is_shared_punctuation('“'));
        assert!(line_break_vanishes('则', '…'));
        assert!(!line_break_vanishes('则', 'a'));
        assert!(lines_join_without_space('年', '1'));
        assert!(!lines_join_without_space('a', 'b'));
    }
}
