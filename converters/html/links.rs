//! Hyperlinks inside a block's text: where each `<a href>` starts and ends
//! in the text being gathered, turned into [`Link`]s whose anchors are the
//! linked words exactly as the block's text has them.
//!
//! Positions are byte offsets into the text as it grows. A block can end
//! inside a link (a `<br>` or a `<p>` inside an `<a>`): the part so far
//! goes with that block and the link goes on in the next one.

use super::dom::Element;
use super::text::{trim_spaces, visible_chars};
use docmend_core::model::Link;
use std::ops::Range;

/// A link's place in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub target: String,
}

/// The links of the text being gathered.
#[derive(Debug, Default)]
pub struct Spans {
    done: Vec<Span>,
    /// The link open now: where it started and its target.
    open: Option<(usize, String)>,
}

/// Where an `<a>` points, when it is a link a reader can follow: its
/// `href` as written (without the spaces a URL parser strips), not a
/// `javascript:` action.
pub fn target(element: &Element) -> Option<String> {
    let href = element
        .attr("href")?
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    // URL parsers drop tabs and line breaks anywhere (`java\tscript:`).
    let scheme: String = href
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(11)
        .collect();
    if href.is_empty() || scheme.eq_ignore_ascii_case("javascript:") {
        return None;
    }
    Some(href.to_string())
}

impl Spans {
    /// A link starts at byte `at` of the text.
    pub fn open(&mut self, at: usize, target: String) {
        self.close(at);
        self.open = Some((at, target));
    }

    /// The open link ends at byte `at`.
    pub fn close(&mut self, at: usize) {
        if let Some((start, target)) = self.open.take() {
            self.done.push(Span {
                range: start..at,
                target,
            });
        }
    }

    /// The text ends at byte `len`: returns its links; a link still open
    /// goes on from the start of the next text.
    pub fn cut(&mut self, len: usize) -> Vec<Span> {
        let open = self.open.take();
        if let Some((start, target)) = &open {
            self.done.push(Span {
                range: *start..len,
                target: target.clone(),
            });
        }
        self.open = open.map(|(_, target)| (0, target));
        std::mem::take(&mut self.done)
    }
}

/// The links of `spans` that fall inside `within` of `text`, with anchors
/// as `text` has them (spaces at their ends left out). Links without
/// visible text are dropped.
pub fn anchors(text: &str, spans: &[Span], within: Range<usize>) -> Vec<Link> {
    spans
        .iter()
        .filter_map(|span| {
            let start = span.range.start.max(within.start);
            let end = span.range.end.min(within.end);
            let anchor = trim_spaces(text.get(start..end)?);
            (visible_chars(anchor) > 0).then(|| Link {
                anchor: anchor.to_string(),
                target: span.target.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_become_anchors() {
        let mut spans = Spans::default();
        let text = "see the report here and there";
        spans.open(3, "/a".into());
        spans.close(15);
        spans.open(15, "#b".into());
        let got = spans.cut(text.len());
        let links = anchors(text, &got, 0..text.len());
        assert_eq!(
            links,
            [
                Link {
                    anchor: "the report".into(),
                    target: "/a".into()
                },
                Link {
                    anchor: "here and there".into(),
                    target: "#b".into()
                }
            ]
        );
        // The open link goes on in the next text.
        let next = spans.cut(4);
        assert_eq!(next[0].range, 0..4);
        assert_eq!(anchors("abc", &[], 0..3), []);
        // Clipped to the part of a text a block keeps.
        assert_eq!(anchors(text, &got, 8..text.len())[0].anchor, "report");
    }
}
