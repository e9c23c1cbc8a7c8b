//! Text as a browser lays it out: runs of HTML white space collapse to one
//! space, and a line break in the source between two Chinese characters
//! disappears (the CSS Text "segment break transformation"), so that text
//! an exporter wrapped mid-sentence (`政府信息公\r\n开`) reads whole again.
//! Non-breaking and full-width spaces are content, not HTML white space;
//! they are kept here and trimmed from the ends of texts by the callers and
//! by cleanup.

use docmend_core::cjk::line_break_vanishes;

/// HTML white space (not U+00A0 or U+3000).
pub fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}')
}

/// Accumulates the text of one paragraph (or one line of a cell).
#[derive(Debug, Default)]
pub struct TextBuf {
    text: String,
    /// White space seen since the last character: `Some(true)` when it
    /// held a line break.
    pending: Option<bool>,
}

impl TextBuf {
    /// Appends the text of one text node.
    pub fn push(&mut self, run: &str) {
        for c in run.chars() {
            if is_html_space(c) {
                let newline = c == '\n' || c == '\r';
                self.pending = Some(self.pending.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.pending.take()
                && let Some(last) = self.text.chars().next_back()
                && !(newline && line_break_vanishes(last, c))
            {
                self.text.push(' ');
            }
            // A NUL or other control character is not text a report shows.
            if c.is_control() {
                continue;
            }
            self.text.push(c);
        }
    }

    /// Appends a literal line break (inside `<pre>`, or within a heading
    /// where `<br>` does not split).
    pub fn push_separator(&mut self) {
        self.pending = Some(true);
    }

    /// Where in the text (a byte offset) the next characters go; white
    /// space still pending is not counted.
    pub fn position(&self) -> usize {
        self.text.len()
    }

    /// Takes the text, ending the paragraph. Leading and trailing HTML
    /// white space never gets in; other spaces are left to the callers.
    pub fn take(&mut self) -> String {
        self.pending = None;
        std::mem::take(&mut self.text)
    }
}

/// Any space a page can pad text with, HTML white space or not.
pub fn is_any_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// `text` without spaces of any kind at either end.
pub fn trim_spaces(text: &str) -> &str {
    text.trim_matches(is_any_space)
}

/// Whether a text reads as (part of) a sentence of prose rather than a
/// label or a link: long enough and with sentence punctuation.
pub fn is_sentence(text: &str) -> bool {
    let text = trim_spaces(text);
    let chars = visible_chars(text);
    if text.contains(['。', '；', '！', '？']) {
        return chars >= 10;
    }
    chars >= 20 && text.ends_with(['.', '!', '?', ':', ';']) && text.contains(' ')
}

/// The number of characters that are not spaces: the measure of how much
/// text a part of the page holds.
pub fn visible_chars(text: &str) -> usize {
    text.chars().filter(|&c| !is_any_space(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapse(parts: &[&str]) -> String {
        let mut buf = TextBuf::default();
        for part in parts {
            buf.push(part);
        }
        buf.take()
    }

    #[test]
    fn white_space_collapses_like_a_browser() {
        assert_eq!(collapse(&["  a \n\t b  "]), "a b");
        assert_eq!(collapse(&["First", " ", "Line"]), "First Line");
        assert_eq!(collapse(&["\u{a0}\u{a0}正文"]), "\u{a0}\u{a0}正文");
    }

    #[test]
    fn wrapped_chinese_joins_up() {
        assert_eq!(collapse(&["政府信息公\r\n开条例"]), "政府信息公开条例");
        assert_eq!(collapse(&["政府", "\n", "信息"]), "政府信息");
        assert_eq!(collapse(&["危及\n“三安全一稳定”"]), "危及“三安全一稳定”");
        // A typed space between Chinese words is kept; cleanup decides.
        assert_eq!(collapse(&["商业 企业"]), "商业 企业");
        // Next to Latin text or digits a line break is a space.
        assert_eq!(collapse(&["令第\n711号"]), "令第 711号");
        assert_eq!(collapse(&["said\n“hello”"]), "said “hello”");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(collapse(&["a\u{0}b\u{7}c"]), "abc");
    }

    #[test]
    fn sentences() {
        assert!(is_sentence("2022年，共公开部门工作信息125条。"));
        assert!(is_sentence("This is the first paragraph."));
        assert!(!is_sentence("首页。"));
        assert!(!is_sentence("当前位置：首页 > 政务公开"));
        assert!(!is_sentence("Header"));
    }
}
