//! Small helpers over model blocks that converters and passes share: the
//! short quotations and positions their messages use, and the texts of
//! blocks.

use crate::model::{Block, Origin};
use std::fmt::Write;

/// How many characters of removed text a message quotes.
const QUOTE_CHARS: usize = 30;

/// Whether `c` is a space an exporter may leave around text: ASCII and
/// Unicode white space (this covers U+3000, U+00A0 and U+2000–U+200A) plus
/// the zero-width space U+200B and the byte-order mark U+FEFF, which are not
/// white space to Unicode but show up as invisible padding in exports.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// A short quotation of `text` for a message: the first 30 characters
/// (`QUOTE_CHARS`) in double quotes, with `…` when cut and control characters
/// shown as spaces so a message stays on one line.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(QUOTE_CHARS * 3 + 8);
    out.push('"');
    let mut chars = text.chars();
    for c in chars.by_ref().take(QUOTE_CHARS) {
        out.push(if c.is_control() { ' ' } else { c });
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// Where an origin points, for a message: `line 5`, `lines 21–33`,
/// `page 3`, `sheet "表1" A1:I29`, `paragraph 12`, `element body>p`.
pub fn place(origin: Option<&Origin>) -> String {
    let Some(o) = origin else {
        return "an unknown position".to_string();
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(page) = o.page {
        parts.push(format!("page {page}"));
    }
    if let Some(sheet) = &o.sheet {
        let mut s = format!("sheet \"{sheet}\"");
        if let Some(range) = &o.range {
            let _ = write!(s, " {range}");
        }
        parts.push(s);
    } else if let Some(range) = &o.range {
        parts.push(format!("range {range}"));
    }
    match (o.line, o.line_end) {
        (Some(a), Some(b)) if b > a => parts.push(format!("lines {a}–{b}")),
        (Some(a), _) => parts.push(format!("line {a}")),
        (None, Some(b)) => parts.push(format!("line {b}")),
        (None, None) => {}
    }
    if let Some(p) = o.paragraph {
        parts.push(format!("paragraph {p}"));
    }
    if let Some(path) = &o.path {
        parts.push(format!("element {path}"));
    }
    if parts.is_empty() {
        "an unknown position".to_string()
    } else {
        parts.join(", ")
    }
}

/// The origin covering a run of blocks: the first block's origin, with its
/// last line stretched to the last block's. Formats without lines keep the
/// first block's origin, which still says where the run starts.
pub fn span_origin(first: &Block, last: &Block) -> Option<Origin> {
    let mut origin = first.origin().cloned()?;
    if let Some(end) = last.origin().and_then(|o| o.line_end.or(o.line))
        && origin.line.is_some()
        && origin.line_end.is_none_or(|e| e < end)
    {
        origin.line_end = Some(end);
    }
    Some(origin)
}

/// The kind of a text block, for messages.
pub fn kind(block: &Block) -> &'static str {
    match block {
        Block::Heading(_) => "heading",
        Block::Paragraph(_) => "paragraph",
        Block::List(_) => "list",
        Block::Table(_) => "table",
    }
}

/// The text of a heading or paragraph; `None` for lists and tables.
pub fn text_of(block: &Block) -> Option<&str> {
    match block {
        Block::Heading(h) => Some(&h.text),
        Block::Paragraph(p) => Some(&p.text),
        Block::List(_) | Block::Table(_) => None,
    }
}

/// The text of a paragraph or of a heading without numbering: the blocks a
/// web page's chrome can turn into. A numbered heading (`一、…`) is report
/// structure, never chrome.
pub fn unnumbered_text(block: &Block) -> Option<&str> {
    match block {
        Block::Heading(h) if h.numbering.is_none() => Some(&h.text),
        Block::Paragraph(p) => Some(&p.text),
        _ => None,
    }
}

/// Drops the blocks whose flag in `remove` is set. Callers only come here
/// when at least one flag is set, so clean documents are never rebuilt.
pub fn drop_marked(blocks: &mut Vec<Block>, remove: &[bool]) {
    let mut index = 0;
    blocks.retain(|_| {
        let keep = !remove.get(index).copied().unwrap_or(false);
        index += 1;
        keep
    });
}

/// The levels of list items from how deep the source sets each one
/// (indentation, nesting of list elements), so that they nest as the model
/// says: the first item at level 0, an item set deeper than the one before
/// it one level below it, and any other item at the level of the nearest
/// item before it set no deeper than itself. The source's depths may start
/// deep and skip steps (an indented first line, a list element directly
/// inside another); the levels never do.
pub fn nesting_levels(depths: impl IntoIterator<Item = usize>) -> Vec<u8> {
    // The depths of the items the next one may be nested in, outermost first.
    let mut open: Vec<usize> = Vec::new();
    depths
        .into_iter()
        .map(|depth| {
            while open.last().is_some_and(|&d| d >= depth) {
                open.pop();
            }
            let level = open.len().min(u8::MAX as usize) as u8;
            open.push(depth);
            level
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_levels_nest_one_at_a_time() {
        assert_eq!(nesting_levels([0, 2, 4, 0]), [0, 1, 2, 0]);
        assert_eq!(nesting_levels([1, 0, 0]), [0, 0, 0]);
        assert_eq!(nesting_levels([1, 1, 2]), [0, 0, 1]);
        assert_eq!(nesting_levels([0, 2, 0, 4]), [0, 1, 0, 1]);
        assert_eq!(nesting_levels([0, 4, 2, 0]), [0, 1, 1, 0]);
        assert!(nesting_levels([]).is_empty());
    }
}
