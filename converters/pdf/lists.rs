//! Bulleted and numbered lists: the marker a line starts with, and runs of
//! list paragraphs turned into one list block.
//!
//! A PDF shows a list only by its markers and indents: a line starting
//! with a bullet (`•`, `▪`, `–`) or a Latin number or letter (`1.`, `a)`,
//! `(iv)`) followed by a space, its wrapped lines indented under the
//! text (a hanging indent). Chinese numbering (`一、`, `（一）`, `1.`
//! before Chinese text) numbers a report's sections: it is left to the
//! heading rules and never makes a list.

use docmend_core::blocks::nesting_levels;
use docmend_core::cjk::is_wide;
use docmend_core::model::{List, ListItem, Origin};

/// Bullets that mark nothing but a list item. U+F0B7 and U+F0A7 are the
/// bullet and the square bullet of the Symbol and Wingdings fonts, which
/// Word's PDFs map to the private use area.
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '●', '○', '■', '□', '‣', '⁃', '∙', '➢', '►', '▶', '❖', '✓', '✔',
    '\u{F0B7}', '\u{F0A7}',
];
/// Dashes and stars, which also start other lines (an attribution, a
/// footnote): a list only when two items or more follow each other.
const WEAK_BULLETS: &[char] = &['–', '—', '-', '*'];

/// What starts a list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// As printed: `•`, `1.`, `a)`, `(iv)`.
    pub text: String,
    pub ordered: bool,
    /// A bullet that marks nothing but a list item (`•`, `▪`), unlike a
    /// dash or a star.
    pub strong: bool,
    /// The number a numbered marker counts (1 for `1.`, `a)` and `(i)`).
    pub number: Option<u32>,
}

/// The list marker `text` starts with and the item's text after it.
pub fn marker(text: &str) -> Option<(Marker, &str)> {
    let text = text.trim_start();
    let first = text.chars().next()?;
    if BULLETS.contains(&first) || WEAK_BULLETS.contains(&first) {
        let rest = &text[first.len_utf8()..];
        let strong = BULLETS.contains(&first);
        // A weak bullet needs a space after it: `-5 %`, `*note` are text.
        let body = if strong {
            rest.trim_start()
        } else {
            rest.strip_prefix(char::is_whitespace)?.trim_start()
        };
        let item = Marker {
            text: first.to_string(),
            ordered: false,
            strong,
            number: None,
        };
        return starts_item_text(body).then_some((item, body));
    }
    let (label, body) = text.split_once(char::is_whitespace)?;
    let body = body.trim_start();
    let number = ordered_label(label)?;
    let item = Marker {
        text: label.to_string(),
        ordered: true,
        strong: false,
        number: Some(number),
    };
    starts_item_text(body).then_some((item, body))
}

/// Starts with a bullet (`•`, `–` and a space): never the continuation of
/// the line before, whether or not its item makes a list.
pub fn starts_with_bullet(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with(BULLETS)
        || (text.starts_with(WEAK_BULLETS) && text.chars().nth(1).is_some_and(char::is_whitespace))
}

/// An item's text starts with a letter, digit or opening quote or bracket
/// that is not Chinese: `1. 总体情况` is a section.
fn starts_item_text(body: &str) -> bool {
    body.chars()
        .next()
        .is_some_and(|c| !is_wide(c) && (c.is_alphanumeric() || "\"'“‘([".contains(c)))
}

/// `1.`, `12)`, `(3)`, `a.`, `b)`, `(c)`, `iv.`, `(ii)` → the number they
/// count.
fn ordered_label(label: &str) -> Option<u32> {
    let core = match label.strip_prefix('(') {
        Some(inner) => inner.strip_suffix(')')?,
        None => label.strip_suffix(['.', ')'])?,
    };
    if !core.is_empty() && core.len() <= 2 && core.chars().all(|c| c.is_ascii_digit()) {
        return core.parse().ok().filter(|&n| n > 0);
    }
    if let Some(n) = roman(core) {
        return Some(n);
    }
    let mut chars = core.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some(c as u32 - 'a' as u32 + 1),
        _ => None,
    }
}

/// Lower-case Roman numerals from i to xii.
fn roman(s: &str) -> Option<u32> {
    const NUMERALS: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    NUMERALS.iter().position(|r| *r == s).map(|i| i as u32 + 1)
}

/// One paragraph that starts with a marker: its text (marker included)
/// and where the marker stands.
pub struct Entry {
    pub text: String,
    pub indent: f64,
    pub origin: Option<Origin>,
}

/// A run of consecutive list paragraphs → a list, when it is one: an item
/// with a real bullet, or two items or more whose numbers (where
/// numbered) count on. Items nest by indent: the leftmost markers are
/// level 0, each further indent one level deeper. `None` leaves them
/// paragraphs.
pub fn to_list(entries: &[Entry]) -> Option<List> {
    let parsed: Vec<(Marker, &str)> = entries
        .iter()
        .map(|e| marker(&e.text))
        .collect::<Option<_>>()?;
    let first = &parsed.first()?.0;
    if parsed.len() < 2 && !first.strong {
        return None;
    }
    let mut indents: Vec<f64> = Vec::new();
    for e in entries {
        if !indents.iter().any(|x| (x - e.indent).abs() < 4.0) {
            indents.push(e.indent);
        }
    }
    indents.sort_by(f64::total_cmp);
    let level = |x: f64| {
        indents
            .iter()
            .position(|i| (i - x).abs() < 4.0)
            .unwrap_or(0)
            .min(u8::MAX as usize) as u8
    };
    // Numbered items at one level count on from the one before.
    let mut last_number: Vec<Option<u32>> = vec![None; indents.len()];
    for (e, (m, _)) in entries.iter().zip(&parsed) {
        let l = level(e.indent) as usize;
        if let (Some(n), Some(prev)) = (m.number, last_number[l])
            && n != prev + 1
        {
            return None;
        }
        last_number[l] = m.number;
        last_number.truncate(l + 1);
        last_number.resize(indents.len(), None);
    }
    // The model's levels: the first item at 0 and one level deeper at a
    // time, even where the first item is indented further than the
    // next, or an item further than any before it.
    let levels = nesting_levels(entries.iter().map(|e| usize::from(level(e.indent))));
    let items = entries
        .iter()
        .zip(&parsed)
        .zip(levels)
        .map(|((_, (m, body)), level)| ListItem::new(level, m.ordered, Some(m.text.clone()), *body))
        .collect::<Vec<_>>();
    Some(List {
        ordered: items
            .iter()
            .find(|i| i.level == 0)
            .is_some_and(|i| i.ordered),
        items,
        origin: entries.first().and_then(|e| e.origin.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(x: f64, text: &str) -> Entry {
        Entry {
            text: text.to_string(),
            indent: x,
            origin: None,
        }
    }

    #[test]
    fn markers() {
        let m = |t: &str| marker(t).map(|(m, rest)| (m.text, m.ordered, rest.to_string()));
        assert_eq!(
            m("• Wang Laboratories"),
            Some(("•".into(), false, "Wang Laboratories".into()))
        );
        assert_eq!(m("▪Item"), Some(("▪".into(), false, "Item".into())));
        assert_eq!(
            m("– dash item"),
            Some(("–".into(), false, "dash item".into()))
        );
        assert_eq!(
            m("1. Undo/Redo: since"),
            Some(("1.".into(), true, "Undo/Redo: since".into()))
        );
        assert_eq!(m("a) first"), Some(("a)".into(), true, "first".into())));
        assert_eq!(
            m("(iv) fourth"),
            Some(("(iv)".into(), true, "fourth".into()))
        );
        for not in [
            "-5 % less",
            "1.5 million",
            "2024. A year",
            "一、总体情况",
            "1. 总体情况",
            "（一）工作",
            "1.总体情况",
            "Item 1. x",
            "e.g. this",
            "•",
        ] {
            assert_eq!(m(not), None, "{not}");
        }
    }

    #[test]
    fn a_numbered_run_is_a_list_when_it_counts_on() {
        let list = to_list(&[
            entry(90.0, "1. One"),
            entry(90.0, "2. Two"),
            entry(90.0, "3. Three"),
        ])
        .unwrap();
        assert!(list.ordered);
        assert_eq!(list.items.len(), 3);
        assert_eq!(list.items[2].marker.as_deref(), Some("3."));
        assert_eq!(list.items[2].text, "Three");
        assert!(to_list(&[entry(90.0, "1. One"), entry(90.0, "3. Three")]).is_none());
        assert!(to_list(&[entry(90.0, "1. Introduction")]).is_none());
    }

    #[test]
    fn bullets_nest_by_indent() {
        let list = to_list(&[
            entry(90.0, "• Outer"),
            entry(108.0, "◦ Inner one"),
            entry(108.0, "◦ Inner two"),
            entry(90.0, "• Outer again"),
        ])
        .unwrap();
        assert!(!list.ordered);
        let levels: Vec<u8> = list.items.iter().map(|i| i.level).collect();
        assert_eq!(levels, [0, 1, 1, 0]);
        // One real bullet is a list; one dash is not.
        assert!(to_list(&[entry(90.0, "• Alone")]).is_some());
        assert!(to_list(&[entry(90.0, "– Alone")]).is_none());
    }

    #[test]
    fn levels_start_at_zero_and_go_one_deeper_at_a_time() {
        let levels = |entries: &[Entry]| -> Vec<u8> {
            to_list(entries)
                .unwrap()
                .items
                .iter()
                .map(|i| i.level)
                .collect()
        };
        // The first item indented further than the next: both outermost.
        assert_eq!(
            levels(&[
                entry(108.0, "• First"),
                entry(90.0, "• Second"),
                entry(108.0, "◦ Inner")
            ]),
            [0, 0, 1]
        );
        // Two indents deeper than the item before: one level deeper.
        assert_eq!(
            levels(&[
                entry(90.0, "• Outer"),
                entry(126.0, "▪ Deep"),
                entry(108.0, "◦ Middle")
            ]),
            [0, 1, 1]
        );
    }

    #[test]
    fn numbering_restarts_under_a_nested_level() {
        let list = to_list(&[
            entry(90.0, "1. One"),
            entry(108.0, "a) sub"),
            entry(108.0, "b) sub"),
            entry(90.0, "2. Two"),
            entry(108.0, "a) sub again"),
        ])
        .unwrap();
        assert_eq!(list.items.len(), 5);
    }
}
