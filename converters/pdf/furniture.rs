//! Page furniture: running headers, footers and page numbers, recognised
//! in the top and bottom bands of the pages and removed with a diagnostic.

use super::Page;
use super::layout;
use crate::model::{Diagnostic, Severity};
use std::collections::HashMap;

/// Share of the page height at top and bottom where furniture sits.
const FURNITURE_BAND: f64 = 0.08;

/// Removes lines in the top and bottom bands that are page numbers or
/// repeat (digits aside) on most pages.
pub fn remove(pages: &mut [Page], diagnostics: &mut Vec<Diagnostic>) {
    let in_band = |p: &Page, l: &layout::Line| {
        let rel = (l.y - p.bottom) / p.height;
        !(FURNITURE_BAND..=1.0 - FURNITURE_BAND).contains(&rel)
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        let mut keys: Vec<String> = p
            .lines
            .iter()
            .filter(|l| in_band(p, l))
            .map(|l| furniture_key(&l.text))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let n = pages.len();
    let mut removed = Vec::new();
    for p in pages.iter_mut() {
        let mut keep = Vec::new();
        for l in std::mem::take(&mut p.lines) {
            let repeats = n >= 2 && seen.get(&furniture_key(&l.text)).copied().unwrap_or(0) * 2 > n;
            if in_band(p, &l) && (is_page_number(&l.text) || repeats) {
                removed.push(format!("p{}: {}", p.number, l.text));
            } else {
                keep.push(l);
            }
        }
        p.lines = keep;
    }
    if !removed.is_empty() {
        let shown: Vec<_> = removed.iter().take(8).cloned().collect();
        diagnostics.push(Diagnostic::new(
            Severity::Info,
            "page_furniture_removed",
            format!(
                "removed {} page header/footer lines: {}{}",
                removed.len(),
                shown.join(" | "),
                if removed.len() > shown.len() {
                    " …"
                } else {
                    ""
                }
            ),
        ));
    }
}

/// A page number as printed: `3`, `- 3 -`, `-3-`, `第3页`, `第 3 页 共 9 页`, `Page 3`.
pub fn is_page_number(text: &str) -> bool {
    let core: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"-—–第页共/Pagepage".contains(*c))
        .collect();
    !core.is_empty() && core.len() <= 8 && core.chars().all(|c| c.is_ascii_digit())
}

/// The text with digits replaced, to match running headers across pages.
pub fn furniture_key(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_recognised() {
        for t in ["3", "- 3 -", "-3-", "第3页", "第 3 页 共 9 页", "Page 12"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2022年", "三、总体情况", "- a -", ""] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
