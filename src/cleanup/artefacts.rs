//! Export artefacts: the bracketed markers that Word-to-text dumps and pandoc
//! leave where the document had a bookmark or a comment anchor, e.g.
//! `[bookmark: _GoBack]一、总体情况` (Word's "last edit position" bookmark).
//!
//! Only marker shapes that never occur in real report text are removed, so
//! the pass is deliberately narrow:
//!
//! * `[bookmark: …]` (any case),
//! * `[comment: …]`, `[comment 1]`, `[comment]` (any case),
//! * pandoc's empty anchor span `[]{#_GoBack}` / `[]{#_GoBack .anchor}`.
//!
//! A marker must close with `]` (or `}`) on the same line, within
//! [`MAX_MARKER_BYTES`], with no `[` inside; anything else is left alone
//! (`[image: …]`, `[1]`, `【…】` are not touched). Headings, paragraphs and
//! table cells are cleaned; a paragraph, or an unnumbered heading, that held
//! nothing but markers is removed.

use super::{drop_marked, is_space, kind, place, quote};
use crate::model::{Block, Diagnostic, DiagnosticCode, Number};

const CODE: DiagnosticCode = DiagnosticCode::ExportArtefactRemoved;

/// Longest marker removed. Real markers are a bookmark name or a short
/// comment reference; a long bracketed stretch is more likely real text.
const MAX_MARKER_BYTES: usize = 200;

/// Removes export markers from every text; see the module documentation.
pub fn remove_markers(blocks: &mut Vec<Block>, diagnostics: &mut Vec<Diagnostic>) {
    let mut remove: Vec<bool> = Vec::new();
    for (index, block) in blocks.iter_mut().enumerate() {
        let emptied = match block {
            Block::Heading(h) => {
                let Some(found) = strip(&mut h.text) else {
                    continue;
                };
                let emptied = h.numbering.is_none() && h.text.chars().all(is_space);
                report_text(block, &found, emptied, diagnostics);
                emptied
            }
            Block::Paragraph(p) => {
                let Some(found) = strip(&mut p.text) else {
                    continue;
                };
                let emptied = p.text.chars().all(is_space);
                report_text(block, &found, emptied, diagnostics);
                emptied
            }
            Block::List(l) => {
                for (number, item) in l.items.iter_mut().enumerate() {
                    if let Some(found) = strip(&mut item.text) {
                        diagnostics.push(
                            Diagnostic::new(
                                CODE,
                                format!(
                                    "removed {} from item {} of the list at {}",
                                    found.describe(),
                                    number + 1,
                                    place(l.origin.as_ref()),
                                ),
                            )
                            .with_origin(l.origin.clone()),
                        );
                    }
                }
                false
            }
            Block::Table(t) => {
                for cell in &mut t.cells {
                    if let Some(found) = strip(&mut cell.text) {
                        cell.value = Number::parse(&cell.text);
                        diagnostics.push(
                            Diagnostic::new(CODE,
                                format!(
                                    "removed {} from table cell (row {}, column {}) of the table at {}",
                                    found.describe(),
                                    cell.row,
                                    cell.col,
                                    place(t.origin.as_ref()),
                                ),
                            )
                            .with_origin(t.origin.clone()),
                        );
                    }
                }
                false
            }
            _ => false,
        };
        if emptied {
            // The flags are only allocated once something is to go; blocks
            // past the end of `remove` are kept by `drop_marked`.
            if remove.len() <= index {
                remove.resize(index + 1, false);
            }
            remove[index] = true;
        }
    }
    if !remove.is_empty() {
        drop_marked(blocks, &remove);
    }
}

fn report_text(block: &Block, found: &Found, emptied: bool, diagnostics: &mut Vec<Diagnostic>) {
    let origin = block.origin().cloned();
    let message = if emptied {
        format!(
            "removed {} at {} that held only {}",
            kind(block),
            place(origin.as_ref()),
            found.describe()
        )
    } else {
        format!(
            "removed {} from {} at {}",
            found.describe(),
            kind(block),
            place(origin.as_ref())
        )
    };
    diagnostics.push(Diagnostic::new(CODE, message).with_origin(origin));
}

/// What [`strip`] removed from one text.
#[derive(Debug)]
struct Found {
    /// The first marker removed, as written.
    first: String,
    count: usize,
}

impl Found {
    fn describe(&self) -> String {
        if self.count == 1 {
            format!("export marker {}", quote(&self.first))
        } else {
            format!(
                "{} export markers (first {})",
                self.count,
                quote(&self.first)
            )
        }
    }
}

/// Removes every marker from `text`. Returns `None` and leaves the string
/// untouched (no allocation) when there is none.
fn strip(text: &mut String) -> Option<Found> {
    // Fast path: almost every text has no `[` at all.
    let first_at = text.find('[')?;
    let (start, end) = next_marker(text, first_at)?;
    let mut out = String::with_capacity(text.len());
    let mut found = Found {
        first: text[start..end].to_string(),
        count: 1,
    };
    out.push_str(&text[..start]);
    let mut pos = end;
    while let Some(open) = text[pos..].find('[').map(|i| pos + i) {
        match next_marker(text, open) {
            Some((s, e)) => {
                out.push_str(&text[pos..s]);
                found.count += 1;
                pos = e;
            }
            None => break,
        }
    }
    out.push_str(&text[pos..]);
    *text = out;
    Some(found)
}

/// The first marker at or after byte `from` (which is at a `[` or before
/// one), as a byte range.
fn next_marker(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() {
        let open = at + text[at..].find('[')?;
        if let Some(len) = marker_len(&text[open..]) {
            return Some((open, open + len));
        }
        at = open + 1;
    }
    None
}

/// The byte length of the marker that `rest` (starting at `[`) begins with.
fn marker_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if starts_with_ignore_case(b, b"[bookmark:") {
        return closing(rest, b"[bookmark:".len(), b']');
    }
    if starts_with_ignore_case(b, b"[comment") {
        let after = b"[comment".len();
        // `[comment: …]`, `[comment 3]`, `[comment3]`, `[comment]` — but not
        // `[commentary …]` or other words that merely begin the same way.
        return match b.get(after) {
            Some(b':' | b' ' | b']' | b'0'..=b'9') => closing(rest, after, b']'),
            _ => None,
        };
    }
    if b.starts_with(b"[]{#") {
        let len = closing(rest, 4, b'}')?;
        let inner = &rest[4..len - 1];
        let id = inner.strip_suffix(" .anchor").unwrap_or(inner);
        let id_ok = !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == '{');
        return id_ok.then_some(len);
    }
    None
}

/// Length up to and including the `close` byte searched from `from`, if it
/// comes within [`MAX_MARKER_BYTES`] with no line break or `[` before it.
fn closing(rest: &str, from: usize, close: u8) -> Option<usize> {
    let bytes = rest.as_bytes();
    let limit = bytes.len().min(MAX_MARKER_BYTES);
    for (i, &byte) in bytes.iter().enumerate().take(limit).skip(from) {
        if byte == close {
            return Some(i + 1);
        }
        if matches!(byte, b'[' | b'\n' | b'\r') {
            return None;
        }
    }
    None
}

fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::Severity;

    fn run(blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        remove_markers(blocks, &mut diagnostics);
        diagnostics
    }

    #[test]
    fn go_back_bookmark_before_a_heading_is_removed() {
        // Seed 002, line 4: the marker sits in front of the first heading.
        let mut blocks = vec![
            para(1, "安泽县府城镇人民政府"),
            heading(4, None, "[bookmark: _GoBack]一、总体情况"),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["安泽县府城镇人民政府", "一、总体情况"]);
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(d.code, DiagnosticCode::ExportArtefactRemoved);
        assert_eq!(d.severity, Severity::Info);
        assert!(d.message.contains("[bookmark: _GoBack]"), "{}", d.message);
        assert!(d.message.contains("line 4"), "{}", d.message);
        assert_eq!(d.origin, blocks[1].origin().cloned());
    }

    #[test]
    fn several_markers_in_one_paragraph() {
        let mut blocks = vec![para(
            7,
            "2021年，我镇[bookmark: OLE_LINK1]政府信息公开工作[Comment 2]在县委、县政府的正确领导下[]{#_GoBack .anchor}稳步推进。",
        )];
        let diagnostics = run(&mut blocks);
        assert_eq!(
            texts(&blocks),
            ["2021年，我镇政府信息公开工作在县委、县政府的正确领导下稳步推进。"]
        );
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("3 export markers"));
        assert!(diagnostics[0].message.contains("[bookmark: OLE_LINK1]"));
    }

    #[test]
    fn paragraph_of_only_markers_is_removed() {
        let mut blocks = vec![
            para(1, "一、总体情况"),
            para(2, "[bookmark: _GoBack] [comment: 张三: 请核实]"),
            para(3, "（一）主动公开情况。"),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["一、总体情况", "（一）主动公开情况。"]);
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .message
                .starts_with("removed paragraph at line 2 that held only 2 export markers")
        );
    }

    #[test]
    fn numbered_heading_is_kept_even_if_its_text_was_a_marker() {
        let mut blocks = vec![heading(3, Some("三、"), "[bookmark: _Toc1]")];
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["三、"]);
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn markers_in_table_cells_are_removed_and_values_recomputed() {
        let mut blocks = vec![table(
            20,
            &[
                &["信息内容", "本年制发件数"],
                &["规章", "[bookmark: _GoBack]3"],
            ],
        )];
        let diagnostics = run(&mut blocks);
        let Block::Table(t) = &blocks[0] else {
            panic!("table expected");
        };
        assert_eq!(t.cells[3].text, "3");
        assert_eq!(t.cells[3].value, Number::parse("3"));
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("row 1, column 1"));
        assert!(diagnostics[0].message.contains("lines 20–21"));
    }

    #[test]
    fn other_brackets_are_left_alone() {
        let kept = [
            "[image: 图1]",
            "依据《条例》[1]的规定",
            "【打印】",
            "[commentary]",
            "[bookmark: 未闭合",
            "[bookmark: a [nested]]",
            "[]{#a b}",
        ];
        let mut blocks: Vec<Block> = kept
            .iter()
            .enumerate()
            .map(|(i, t)| para(i + 1, t))
            .collect();
        let before = blocks.clone();
        assert!(run(&mut blocks).is_empty());
        assert_eq!(blocks, before);
    }

    #[test]
    fn marker_must_close_on_the_same_line_and_stay_short() {
        let long = format!("[bookmark: {}]", "x".repeat(MAX_MARKER_BYTES));
        let mut blocks = vec![para(1, "[bookmark: a\nb]"), para(2, &long)];
        assert!(run(&mut blocks).is_empty());
    }
}
