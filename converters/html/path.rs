//! CSS-like paths to elements, for blocks' `origin.path`:
//! `html>body>div#content>table:nth-of-type(2)`.
//!
//! `:nth-of-type(k)` is added only where a parent has several children of
//! that name. The positions are counted once per parent and remembered, so
//! paths for many siblings cost linear time. Very deep paths keep their
//! two ends around an ellipsis: they name a place, they need not be valid
//! selectors.

use super::dom::Dom;
use std::collections::HashMap;

/// Segments kept at each end of a path that is longer than both together.
const KEEP_HEAD: usize = 3;
const KEEP_TAIL: usize = 9;

pub struct Paths {
    /// For each node: its 1-based position among same-named siblings and
    /// how many such siblings there are; (0, 0) until its parent is counted.
    positions: Vec<(u32, u32)>,
}

impl Paths {
    pub fn new(dom: &Dom) -> Paths {
        Paths {
            positions: vec![(0, 0); dom.len()],
        }
    }

    pub fn path(&mut self, dom: &Dom, node: usize) -> String {
        let mut segments = Vec::new();
        let mut current = Some(node);
        while let Some(i) = current {
            let Some(element) = dom.element(i) else {
                break;
            };
            let mut segment = element.name.to_string();
            if let Some(id) = element.attr("id").filter(|id| is_simple_id(id)) {
                segment.push('#');
                segment.push_str(id);
            } else {
                let (position, count) = self.position(dom, i);
                if count > 1 {
                    segment.push_str(&format!(":nth-of-type({position})"));
                }
            }
            segments.push(segment);
            current = dom.parent(i);
        }
        segments.reverse();
        if segments.len() > KEEP_HEAD + KEEP_TAIL + 1 {
            let tail = segments.split_off(segments.len() - KEEP_TAIL);
            segments.truncate(KEEP_HEAD);
            segments.push("…".to_string());
            segments.extend(tail);
        }
        segments.join(">")
    }

    fn position(&mut self, dom: &Dom, node: usize) -> (u32, u32) {
        if self.positions[node].0 == 0
            && let Some(parent) = dom.parent(node)
        {
            let children: Vec<usize> = dom
                .children(parent)
                .filter(|&c| dom.element(c).is_some())
                .collect();
            let mut counts: HashMap<&str, u32> = HashMap::new();
            for &child in &children {
                let name = dom.element(child).map_or("", |e| e.name);
                let count = counts.entry(name).or_insert(0);
                *count += 1;
                self.positions[child].0 = *count;
            }
            for &child in &children {
                let name = dom.element(child).map_or("", |e| e.name);
                self.positions[child].1 = counts.get(name).copied().unwrap_or(1);
            }
        }
        self.positions[node]
    }
}

/// An id usable in a selector as written.
fn is_simple_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !id.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn paths_name_ids_and_positions() {
        let html = Html::parse_document(
            "<body><div id=content><p>a</p><table><tr><td>1</td></tr></table>\
             <table><tr><td>2</td></tr></table></div></body>",
        );
        let dom = Dom::build(&html);
        let tables: Vec<usize> = (0..dom.len())
            .filter(|&i| dom.element(i).is_some_and(|e| e.name == "table"))
            .collect();
        let mut paths = Paths::new(&dom);
        assert_eq!(
            paths.path(&dom, tables[1]),
            "html>body>div#content>table:nth-of-type(2)"
        );
        let p = (0..dom.len())
            .find(|&i| dom.element(i).is_some_and(|e| e.name == "p"))
            .unwrap();
        assert_eq!(paths.path(&dom, p), "html>body>div#content>p");
    }

    #[test]
    fn deep_paths_are_shortened() {
        let html = Html::parse_document(&format!("{}<p>x</p>", "<div>".repeat(30)));
        let dom = Dom::build(&html);
        let p = (0..dom.len())
            .find(|&i| dom.element(i).is_some_and(|e| e.name == "p"))
            .unwrap();
        let path = Paths::new(&dom).path(&dom, p);
        assert!(path.starts_with("html>body>div>…>div>"), "{path}");
        assert!(path.ends_with(">div>p"));
        assert_eq!(path.split('>').count(), KEEP_HEAD + KEEP_TAIL + 1);
    }
}
