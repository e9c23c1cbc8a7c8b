//! Breadcrumbs: reports saved from a government website carry the page's
//! navigation trail, `当前位置：首页 > 政务公开 > 年度报告`, either as a block
//! of its own (seed 004 ends with a bare `当前位置:`) or glued to the end of
//! the last paragraph when the page text was flattened.
//!
//! Removed, with code `breadcrumb_removed`:
//!
//! * a paragraph or unnumbered heading that starts with a location marker
//!   (`当前位置`, `您当前位置`, `您的位置`, `您现在的位置`, … — see
//!   [`STEMS`]) followed by `:`, `：`, a space or nothing, and that is at
//!   most [`MAX_WHOLE_CHARS`] long (a longer block is real content that
//!   happens to start oddly, so it is kept);
//! * a paragraph or unnumbered heading that is a `首页 > … > …` chain: it
//!   starts with `首页`/`网站首页` then a trail separator, has no sentence
//!   punctuation, and every step is short;
//! * a trailing breadcrumb inside a longer text (`…正文。当前位置:首页>…`):
//!   the text is cut from the marker to the end, but only when that tail is
//!   short and looks like a trail (empty, or containing a separator or
//!   `首页`), so a sentence that merely mentions a position is kept.

use super::{drop_marked, is_space, kind, place, quote};
use crate::model::{Block, Diagnostic, DiagnosticCode};

const CODE: DiagnosticCode = DiagnosticCode::BreadcrumbRemoved;

/// What may come before `位置` in a location marker, longest first so that
/// the whole marker is cut (`您当前位置`, not just `当前位置`).
const STEMS: [&str; 9] = [
    "您现在所在的",
    "您当前所在",
    "您当前的",
    "您现在的",
    "您所在的",
    "当前所在",
    "您当前",
    "您的",
    "当前",
];

/// Characters that separate the steps of a trail.
const SEPARATORS: [char; 7] = ['>', '＞', '»', '›', '→', '〉', '≫'];

/// A block starting with a marker is removed whole up to this length.
const MAX_WHOLE_CHARS: usize = 200;

/// A trailing breadcrumb (from the marker to the end) is at most this long.
const MAX_TAIL_CHARS: usize = 150;

/// A `首页 > …` chain is at most this long, each step at most
/// [`MAX_STEP_CHARS`] (the last step is often the report's full title).
const MAX_CHAIN_CHARS: usize = 150;
const MAX_STEP_CHARS: usize = 60;

/// Removes breadcrumb blocks and cuts trailing breadcrumbs.
pub fn remove(blocks: &mut Vec<Block>, diagnostics: &mut Vec<Diagnostic>) {
    let mut remove: Vec<bool> = Vec::new();
    for (index, block) in blocks.iter_mut().enumerate() {
        // Look first with a shared borrow: most blocks have no breadcrumb.
        let Some(found) = super::unnumbered_text(block).and_then(find) else {
            continue;
        };
        let what = format!("{} at {}", kind(block), place(block.origin()));
        let origin = block.origin().cloned();
        let text = match block {
            Block::Heading(h) => &mut h.text,
            Block::Paragraph(p) => &mut p.text,
            _ => continue,
        };
        let message = match found {
            Found::Whole => {
                if remove.len() <= index {
                    remove.resize(index + 1, false);
                }
                remove[index] = true;
                format!("removed breadcrumb {what}: {}", quote(text))
            }
            Found::TailFrom(start) => {
                let cut = quote(&text[start..]);
                text.truncate(start);
                let end = text.trim_end_matches(is_space).len();
                text.truncate(end);
                if text.is_empty() {
                    // Only padding stood before the trail: nothing is left.
                    if remove.len() <= index {
                        remove.resize(index + 1, false);
                    }
                    remove[index] = true;
                    format!("removed breadcrumb {what}: {cut}")
                } else {
                    format!("cut trailing breadcrumb {cut} from the end of {what}")
                }
            }
        };
        diagnostics.push(Diagnostic::new(CODE, message).with_origin(origin));
    }
    if !remove.is_empty() {
        drop_marked(blocks, &remove);
    }
}

#[derive(Debug, PartialEq)]
enum Found {
    /// The whole block is a breadcrumb.
    Whole,
    /// The text from this byte offset to the end is a breadcrumb.
    TailFrom(usize),
}

fn find(text: &str) -> Option<Found> {
    // `find_marker` first: a trail after a marker is reported as one.
    if let Some(found) = find_marker(text) {
        return Some(found);
    }
    is_home_chain(text).then_some(Found::Whole)
}

fn find_marker(text: &str) -> Option<Found> {
    for (at, word) in text.match_indices("位置") {
        let Some(stem) = STEMS.iter().find(|s| text[..at].ends_with(**s)) else {
            continue;
        };
        let start = at - stem.len();
        let after = &text[at + word.len()..];
        match after.chars().next() {
            None => {}
            Some(c) if c == ':' || c == '：' || is_space(c) => {}
            Some(_) => continue,
        }
        if start == 0 {
            // Long blocks that start with a marker are real content.
            return (text.chars().count() <= MAX_WHOLE_CHARS).then_some(Found::Whole);
        }
        if text[start..].chars().count() > MAX_TAIL_CHARS {
            continue;
        }
        let trail = after.trim_start_matches(|c: char| c == ':' || c == '：' || is_space(c));
        if trail.is_empty()
            || trail.contains(SEPARATORS)
            || trail.starts_with("首页")
            || trail.starts_with("网站首页")
        {
            return Some(Found::TailFrom(start));
        }
    }
    None
}

/// Whether `text` is a bare `首页 > 政务公开 > …` trail.
fn is_home_chain(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("网站首页")
        .or_else(|| text.strip_prefix("首页"))
    else {
        return false;
    };
    if !rest.trim_start_matches(is_space).starts_with(SEPARATORS) {
        return false;
    }
    if text.contains(['。', '；', ';', '！', '？']) || text.chars().count() > MAX_CHAIN_CHARS {
        return false;
    }
    text.split(SEPARATORS)
        .all(|step| step.trim_matches(is_space).chars().count() <= MAX_STEP_CHARS)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::Severity;

    fn run(blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        remove(blocks, &mut diagnostics);
        diagnostics
    }

    #[test]
    fn breadcrumb_paragraphs_are_removed() {
        let mut blocks = vec![
            para(1, "当前位置：首页 > 政务公开 > 政府信息公开年报"),
            para(2, "某某镇人民政府2022年政府信息公开工作年度报告"),
            para(3, "您当前所在位置: 首页 » 信息公开 » 年度报告"),
            para(4, "首页 > 政务公开 > 法定主动公开内容 > 政府信息公开年报"),
            heading(5, None, "您的位置 网站首页>政务公开"),
            para(6, "六、其他需要报告的事项"),
            // Seed 004 ends with a bare marker.
            para(382, "当前位置:"),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(
            texts(&blocks),
            [
                "某某镇人民政府2022年政府信息公开工作年度报告",
                "六、其他需要报告的事项"
            ]
        );
        assert_eq!(diagnostics.len(), 5);
        assert!(
            diagnostics
                .iter()
                .all(|d| d.code == CODE && d.severity == Severity::Info)
        );
        assert_eq!(
            diagnostics[0].message,
            "removed breadcrumb paragraph at line 1: \"当前位置：首页 > 政务公开 > 政府信息公开年报\""
        );
        assert!(
            diagnostics[3]
                .message
                .starts_with("removed breadcrumb heading at line 5")
        );
        assert!(diagnostics[4].message.contains("line 382"));
        assert!(diagnostics[4].message.contains("\"当前位置:\""));
        assert_eq!(
            diagnostics[4].origin,
            Some(crate::model::Origin::lines(382, 382))
        );
    }

    #[test]
    fn trailing_breadcrumb_is_cut() {
        let mut blocks = vec![para(
            90,
            "本机关2022年度无其他需要报告的事项。 当前位置:首页>政务公开>年度报告",
        )];
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["本机关2022年度无其他需要报告的事项。"]);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.starts_with(
            "cut trailing breadcrumb \"当前位置:首页>政务公开>年度报告\" from the end of paragraph at line 90"
        ));
    }

    #[test]
    fn mentions_of_positions_are_kept() {
        let long = format!(
            "当前位置：{}",
            "我镇持续推进政务公开标准化规范化建设，".repeat(12)
        );
        let kept = [
            "当前位置信息服务平台已上线运行。",
            "通过“豫事办”APP可查询办事进度和当前位置，方便群众。",
            "群众可在地图上查看网点的当前位置：具体见附件。",
            long.as_str(),
            "首页是网站的门户。",
            "首页",
        ];
        let mut blocks: Vec<Block> = kept
            .iter()
            .enumerate()
            .map(|(i, t)| para(i + 1, t))
            .collect();
        blocks.push(heading(9, Some("（一）"), "当前位置：首页"));
        let before = blocks.clone();
        assert!(run(&mut blocks).is_empty());
        assert_eq!(blocks, before);
    }
}
