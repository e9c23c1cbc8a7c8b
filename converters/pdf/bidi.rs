//! Right-to-left text (Arabic, Hebrew, …) back in reading order.
//!
//! A PDF places every glyph where it is seen, so a line read by position,
//! left to right, is in visual order: an Arabic word comes out letters
//! last to first, and the words of an Arabic line last to first. Readers,
//! search and the text of a document need the logical order, the order in
//! which the text is read. The Unicode bidirectional algorithm
//! (`unicode-bidi`) resolves the embedding level of every character from
//! its class; the reversals it prescribes for display (rule L2) undo
//! themselves, so applied to the visual order they give back the logical
//! one: right-to-left stretches are reversed, digits and Latin words
//! inside them keep their left-to-right order.
//!
//! The reordering moves whole glyphs, never the characters one glyph
//! stands for: a lam-alef ligature mapped to `لا` (or `لإ`) stays `لا`.

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

/// A strong right-to-left character (bidi class R or AL: Hebrew, Arabic,
/// Syriac, Thaana, N'Ko, …). Everything below U+0590 is not: checked first
/// so that Latin and CJK text costs one comparison.
pub fn is_rtl(c: char) -> bool {
    c >= '\u{0590}' && matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

fn is_ltr(c: char) -> bool {
    bidi_class(c) == BidiClass::L
}

/// Whether a line is read right to left: more of its strong characters
/// are right-to-left than left-to-right.
pub fn mostly_rtl<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in texts.flat_map(str::chars) {
        if is_rtl(c) {
            rtl += 1;
        } else if is_ltr(c) {
            ltr += 1;
        }
    }
    rtl > ltr
}

/// Pieces of text (one glyph's characters, or a space found in a gap)
/// in the order they stand on the page, left to right → the text in
/// logical order. `rtl_line` is the direction of the whole line, which
/// places the left-to-right stretches of a right-to-left line (and the
/// other way round). Text without right-to-left characters is returned as
/// it stands.
///
/// Two letters of opposite directions that touch (no space glyph, no gap
/// between them) are two words: word processors move the space between a
/// Latin word and the Arabic one after it to the Latin word's other side
/// (`نمPython` on the page for `Python من`), and no script writes one word
/// in both directions.
pub fn logical_order(pieces: &[&str], rtl_line: bool) -> String {
    if !pieces.iter().any(|p| p.chars().any(is_rtl)) {
        return pieces.concat();
    }
    let mut units: Vec<&str> = Vec::with_capacity(pieces.len() + 4);
    for p in pieces.iter().copied().filter(|p| !p.is_empty()) {
        if let (Some(a), Some(b)) = (
            units.last().and_then(|u| u.chars().last()),
            p.chars().next(),
        ) && ((is_ltr(a) && is_rtl(b)) || (is_rtl(a) && is_ltr(b)))
            && a.is_alphanumeric()
            && b.is_alphanumeric()
        {
            units.push(" ");
        }
        units.push(p);
    }
    let visual: String = units.concat();
    let base = if rtl_line { Level::rtl() } else { Level::ltr() };
    let info = ParagraphBidiInfo::new(&visual, Some(base));
    let levels = info.reordered_levels_per_char(0..visual.len());
    let mut unit_levels = Vec::with_capacity(units.len());
    let mut first_char = 0;
    for u in &units {
        unit_levels.push(levels[first_char]);
        first_char += u.chars().count();
    }
    ParagraphBidiInfo::reorder_visual(&unit_levels)
        .into_iter()
        .map(|i| units[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(visual: &str) -> Vec<String> {
        visual.chars().map(String::from).collect()
    }

    fn order(visual: &str, rtl: bool) -> String {
        let g = glyphs(visual);
        let pieces: Vec<&str> = g.iter().map(String::as_str).collect();
        logical_order(&pieces, rtl)
    }

    #[test]
    fn latin_text_is_untouched() {
        assert_eq!(order("Hello, world 2024", false), "Hello, world 2024");
    }

    #[test]
    fn hebrew_line_is_read_right_to_left() {
        // "שלום עולם" as the page shows it: last letter leftmost.
        assert_eq!(order("םלוע םולש", true), "שלום עולם");
    }

    #[test]
    fn digits_and_latin_keep_their_order_inside_rtl() {
        // Logical "שנת 2024 עם PDF" shown: "FDP" never reversed on the page.
        assert_eq!(order("PDF םע 2024 תנש", true), "שנת 2024 עם PDF");
        assert_eq!(order(".םלוע 3.14 וא", true), "או 3.14 עולם.");
    }

    #[test]
    fn rtl_words_inside_latin_line_are_reversed() {
        assert_eq!(
            order("the word םולש means peace", false),
            "the word שלום means peace"
        );
    }

    #[test]
    fn a_ligature_glyph_keeps_its_characters_in_order() {
        // Glyphs left to right: ة ي ج ا ت ن [لإ] ا → "الإنتاجية".
        let pieces = ["ة", "ي", "ج", "ا", "ت", "ن", "لإ", "ا"];
        assert_eq!(logical_order(&pieces, true), "الإنتاجية");
    }

    #[test]
    fn touching_words_of_two_scripts_are_two_words() {
        let pieces = ["ن", "م", "P", "y", "t", "h", "o", "n"];
        assert_eq!(logical_order(&pieces, true), "Python من");
    }

    #[test]
    fn direction_follows_the_majority_of_strong_characters() {
        assert!(mostly_rtl(["שלום עולם PDF"].into_iter()));
        assert!(!mostly_rtl(["Hello עולם"].into_iter()));
        assert!(!mostly_rtl(["2024 ,.:"].into_iter()));
    }
}
