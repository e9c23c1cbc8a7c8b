//! Page furniture: running headers, footers and page numbers, recognised
//! in the top and bottom bands of the pages and removed with a diagnostic.

use super::Page;
use super::layout;
use docmend_core::model::{Diagnostic, DiagnosticCode};
use std::collections::HashMap;

/// Share of the page height at top and bottom where furniture sits.
const FURNITURE_BAND: f64 = 0.08;

/// Removes lines in the top and bottom bands that are page numbers or
/// repeat (digits aside) on most pages, or on at least three pages and a
/// quarter of them at one height (a book's footers alternate between
/// even and odd pages: `12 Book title` and `Chapter 3. Name 13`); then the
/// outermost line of a band that sits at the height of furniture removed
/// elsewhere and starts or ends with a page number (`Chapter 2. Roles 11`,
/// whose text changes with the chapter).
pub fn remove(pages: &mut [Page], diagnostics: &mut Vec<Diagnostic>) {
    let in_band = |p: &Page, l: &layout::Line| {
        let rel = (l.y - p.bottom) / p.height;
        !(FURNITURE_BAND..=1.0 - FURNITURE_BAND).contains(&rel)
    };
    // Each key's heights above the page bottom, one per page it is on.
    let mut seen: HashMap<String, Vec<f64>> = HashMap::new();
    for p in pages.iter() {
        let mut keys: Vec<(String, f64)> = p
            .lines
            .iter()
            .filter(|l| in_band(p, l))
            .map(|l| (furniture_key(&l.text), l.y - p.bottom))
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        keys.dedup_by(|a, b| a.0 == b.0);
        for (k, height) in keys {
            seen.entry(k).or_default().push(height);
        }
    }
    let n = pages.len();
    let repeats = |text: &str| {
        let Some(heights) = seen.get(&furniture_key(text)) else {
            return false;
        };
        let k = heights.len();
        n >= 2 && (k * 2 > n || (k >= 3 && k * 4 >= n && most_at_one_height(heights) >= 3))
    };
    let mut removed = Vec::new();
    let mut furniture_heights: Vec<f64> = Vec::new();
    for p in pages.iter_mut() {
        let mut keep = Vec::new();
        for l in std::mem::take(&mut p.lines) {
            if in_band(p, &l) && (is_page_number(&l.text) || repeats(&l.text)) {
                removed.push(format!("p{}: {}", p.number, l.text));
                furniture_heights.push(l.y - p.bottom);
            } else {
                keep.push(l);
            }
        }
        p.lines = keep;
    }
    // One entry per height: a long document's page numbers all stand at
    // a few heights.
    furniture_heights.sort_by(f64::total_cmp);
    furniture_heights.dedup_by(|a, b| (*a - *b).abs() <= 0.25);
    for p in pages.iter_mut() {
        let (Some(top), Some(low)) = (
            p.lines.iter().map(|l| l.y).reduce(f64::max),
            p.lines.iter().map(|l| l.y).reduce(f64::min),
        ) else {
            continue;
        };
        let bottom = p.bottom;
        let at_furniture = |l: &layout::Line| {
            (l.y == top || l.y == low)
                && furniture_heights
                    .iter()
                    .any(|h| (l.y - bottom - h).abs() <= 1.0)
                && has_page_number_at_an_end(&l.text)
        };
        let (gone, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut p.lines)
            .into_iter()
            .partition(|l| in_band(p, l) && at_furniture(l));
        removed.extend(gone.iter().map(|l| format!("p{}: {}", p.number, l.text)));
        p.lines = keep;
    }
    if !removed.is_empty() {
        let shown: Vec<_> = removed.iter().take(8).cloned().collect();
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::PageFurnitureRemoved,
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

/// How many of the heights lie within a point of one of them.
fn most_at_one_height(heights: &[f64]) -> usize {
    heights
        .iter()
        .map(|h| heights.iter().filter(|o| (*o - h).abs() <= 1.0).count())
        .max()
        .unwrap_or(0)
}

/// Starts or ends with a number of at most four digits standing apart
/// (`12 Book title`, `Chapter 3. Name 13`).
fn has_page_number_at_an_end(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let number = |w: Option<&str>| {
        w.is_some_and(|w| (1..=4).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit()))
    };
    let (first, last) = (words.next(), words.next_back());
    last.is_some() && (number(first) || number(last))
}

/// The text with each number replaced, to match running headers across
/// pages (page 9 and page 10 alike).
pub fn furniture_key(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if !c.is_ascii_digit() {
            key.push(c);
        } else if !key.ends_with('#') {
            key.push('#');
        }
    }
    key
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

    #[test]
    fn page_numbers_at_a_line_end() {
        assert!(has_page_number_at_an_end("Chapter 2. Roles and duties 11"));
        assert!(has_page_number_at_an_end("124 Row and Column Access"));
        assert!(!has_page_number_at_an_end("11"));
        assert!(!has_page_number_at_an_end("Total 12345"));
        assert!(!has_page_number_at_an_end("in 2022年"));
    }
}
