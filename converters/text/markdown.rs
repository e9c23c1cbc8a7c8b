//! The markup a plain-text file may carry when a person or a tool wrote it
//! as Markdown: `#` headings, bulleted and numbered lists, `[words](url)`
//! links. Each is the text's own evidence of structure, so it is read
//! here rather than guessed later.
//!
//! Numbered lines are a list only in the Markdown form (`1. Item`, a space
//! after the marker, two or more in a row, the item not opening with
//! Chinese text): a Chinese report's `1.健全机制` or `1、` lines are the
//! numbering of an official document, which the heading pass reads.

use super::lines::is_space;
use docmend_core::model::{Block, Heading, Link, List, ListItem, Origin, Paragraph};
use docmend_core::numbering;

/// `## 一、总体情况` → (2, `一、总体情况`).
pub fn heading(line: &str) -> Option<(u8, &str)> {
    let trimmed = line.trim_start_matches(' ');
    // At most three spaces of indentation, as in CommonMark.
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &trimmed[hashes..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    // A closing run of `#` is not part of the text.
    let text = rest
        .trim_matches(is_space)
        .trim_end_matches('#')
        .trim_matches(is_space);
    (!text.is_empty()).then_some((hashes as u8, text))
}

/// The heading block for a `#` line: its level from the markup, its
/// official numbering (if any) kept apart as the heading pass would.
pub fn heading_block(level: u8, text: &str, origin: Origin) -> Block {
    let (plain, links) = inline_links(text);
    let (numbering, text) = match numbering::parse(&plain) {
        Some(n) => (Some(n.marker.trim().to_string()), n.rest.to_string()),
        None => (None, plain),
    };
    let mut heading = Heading::new(level, numbering, text, Some(origin));
    heading.links = links
        .into_iter()
        .filter(|l| heading.text.contains(&l.anchor))
        .collect();
    Block::Heading(heading)
}

/// A list item line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLine<'a> {
    /// Leading white space, in columns (a tab is four).
    pub indent: usize,
    pub ordered: bool,
    /// `-`, `*`, `•`, `1.`, `2)`.
    pub marker: &'a str,
    /// The number of an ordered item.
    pub number: Option<u32>,
    pub text: &'a str,
}

const BULLETS: [char; 8] = ['-', '*', '+', '•', '·', '●', '▪', '◦'];

/// Reads a list item line: a bullet or `N.`/`N)` followed by white space
/// and text that holds a letter.
pub fn item(line: &str) -> Option<ItemLine<'_>> {
    let body = line.trim_start_matches([' ', '\t']);
    let indent = line[..line.len() - body.len()]
        .chars()
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    let first = body.chars().next()?;
    let (marker_len, ordered, number) = if BULLETS.contains(&first) {
        (first.len_utf8(), false, None)
    } else {
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=3).contains(&digits) || !body[digits..].starts_with(['.', ')']) {
            return None;
        }
        (digits + 1, true, body[..digits].parse().ok())
    };
    let rest = &body[marker_len..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim_matches(is_space);
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    // `- - -` and `* * *` are rules, not items.
    if !ordered && text.chars().all(|c| c == first || c == ' ') {
        return None;
    }
    Some(ItemLine {
        indent,
        ordered,
        marker: &body[..marker_len],
        number,
        text,
    })
}

/// Whether an ordered item may stand in a Markdown list: not opening with
/// Chinese text, which would make `1. 健全机制` official numbering.
fn markdown_ordered(item: &ItemLine<'_>) -> bool {
    !item
        .text
        .chars()
        .next()
        .is_some_and(docmend_core::cjk::is_wide)
}

/// How many of `lines`, from the first, form one list: consecutive item
/// lines, bulleted, or ordered and numbered one after another (at least
/// two of them). Zero when the first line opens no list.
pub fn list_len(lines: &[&str]) -> usize {
    let Some(first) = lines.first().and_then(|l| item(l)) else {
        return 0;
    };
    if first.ordered && !markdown_ordered(&first) {
        return 0;
    }
    let mut len = 1;
    let mut ordered_items = usize::from(first.ordered);
    while let Some(next) = lines.get(len).and_then(|l| item(l)) {
        if next.ordered && !markdown_ordered(&next) {
            break;
        }
        ordered_items += usize::from(next.ordered);
        len += 1;
    }
    // A single numbered line is a numbered sentence, not a list.
    if first.ordered && ordered_items < 2 {
        return 0;
    }
    len
}

/// The list block for item lines (as counted by [`list_len`]); nesting
/// from indentation: an item indented further than the item before it is
/// nested in it, one level deeper; an item goes back to the level of the
/// nearest item before it indented no further than itself. So the first
/// item is at level 0 and no level is skipped, however unevenly the lines
/// are indented.
pub fn list_block(lines: &[&str], origin: Origin) -> Block {
    let items: Vec<ItemLine<'_>> = lines.iter().filter_map(|l| item(l)).collect();
    let levels = docmend_core::blocks::nesting_levels(items.iter().map(|i| i.indent));
    let list_items = items
        .iter()
        .zip(levels)
        .map(|(i, level)| {
            let (text, links) = inline_links(i.text);
            let marker = if i.ordered {
                i.marker.to_string()
            } else {
                "•".to_string()
            };
            let mut out = ListItem::new(level, i.ordered, Some(marker), text);
            out.links = links;
            out
        })
        .collect();
    Block::List(List {
        ordered: items.first().is_some_and(|i| i.ordered),
        items: list_items,
        origin: Some(origin),
    })
}

/// A paragraph, with `[words](target)` links read.
pub fn paragraph_block(text: &str, origin: Origin) -> Block {
    let (text, links) = inline_links(text);
    let mut paragraph = Paragraph::new(text, Some(origin));
    paragraph.links = links;
    Block::Paragraph(paragraph)
}

/// Replaces each `[words](target)` with its words and returns the links.
/// Anything that is not a complete link (`[1]`, `[a] (b)`, an image
/// `![alt](src)`) is left as written.
pub fn inline_links(text: &str) -> (String, Vec<Link>) {
    if !text.contains("](") {
        return (text.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let is_image = rest[..open].ends_with('!');
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let anchor = &after[..close];
            let target_start = close + 2;
            let target_len = after[target_start..].find(')')?;
            let target = &after[target_start..target_start + target_len];
            let ok = !anchor.is_empty()
                && !anchor.contains(['[', ']'])
                && !target.is_empty()
                && !target.contains(char::is_whitespace);
            ok.then_some((anchor, target, target_start + target_len + 1))
        });
        match parsed {
            Some((anchor, target, consumed)) if !is_image => {
                out.push_str(&rest[..open]);
                out.push_str(anchor);
                links.push(Link {
                    anchor: anchor.to_string(),
                    target: target.to_string(),
                });
                rest = &after[consumed..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atx_headings() {
        assert_eq!(heading("## 一、总体情况"), Some((2, "一、总体情况")));
        assert_eq!(heading("# Title #"), Some((1, "Title")));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("####### seven"), None);
        assert_eq!(heading("    # code"), None);
        let Block::Heading(h) = heading_block(3, "（一）主动公开", Origin::lines(1, 1))
        else {
            panic!()
        };
        assert_eq!(
            (h.level, h.numbering.as_deref(), h.text.as_str()),
            (3, Some("（一）"), "主动公开")
        );
    }

    #[test]
    fn lists_by_markup_and_official_numbering_apart() {
        assert_eq!(list_len(&["- a", "- b", "text"]), 2);
        assert_eq!(list_len(&["1. First", "2. Second", "  - nested"]), 3);
        assert_eq!(list_len(&["1. Only one"]), 0);
        assert_eq!(list_len(&["1.健全机制", "2.完善制度"]), 0);
        assert_eq!(list_len(&["1. 健全机制", "2. 完善制度"]), 0);
        assert_eq!(list_len(&["- 3 -"]), 0);
        assert_eq!(list_len(&["* * *"]), 0);
        let Block::List(list) = list_block(
            &["1. First", "   - nested [x](http://x)", "2. Second"],
            Origin::lines(1, 3),
        ) else {
            panic!()
        };
        assert!(list.ordered);
        let items: Vec<(u8, bool, Option<&str>, &str)> = list
            .items
            .iter()
            .map(|i| (i.level, i.ordered, i.marker.as_deref(), i.text.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                (0, true, Some("1."), "First"),
                (1, false, Some("•"), "nested x"),
                (0, true, Some("2."), "Second")
            ]
        );
        assert_eq!(list.items[1].links[0].target, "http://x");
    }

    #[test]
    fn list_levels_follow_indentation_one_level_at_a_time() {
        let levels = |lines: &[&str]| -> Vec<u8> {
            let Block::List(list) = list_block(lines, Origin::lines(1, lines.len())) else {
                panic!()
            };
            list.items.iter().map(|i| i.level).collect()
        };
        assert_eq!(levels(&["- a", "  - b", "    - c", "- d"]), [0, 1, 2, 0]);
        // An indented first item is the outermost all the same, and an
        // item indented less than it is its sibling, not its parent.
        assert_eq!(levels(&[" - a", "1) b", "2) c"]), [0, 0, 0]);
        // A deeper indentation after a shallower one is one level down,
        // whatever the other items use.
        assert_eq!(levels(&["- a", "  - b", "- c", "    - d"]), [0, 1, 0, 1]);
        assert_eq!(levels(&["- a", "    - b", "  - c", "- d"]), [0, 1, 1, 0]);
    }

    #[test]
    fn inline_links_keep_their_words() {
        let (text, links) =
            inline_links("See [the report](https://example.org/r.pdf) and [x](#top).");
        assert_eq!(text, "See the report and x.");
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].anchor, "the report");
        assert_eq!(links[1].target, "#top");
        for untouched in [
            "[1] and [2]",
            "![alt](img.png)",
            "[a] (b)",
            "a](b)",
            "[a](b c)",
        ] {
            assert_eq!(
                inline_links(untouched),
                (untouched.to_string(), Vec::new()),
                "{untouched}"
            );
        }
    }
}
