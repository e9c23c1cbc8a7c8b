//! Layout: positioned characters → text lines (same baseline, sorted by x)
//! → paragraphs (lines joined when the previous one reaches the right
//! margin), and recognition of page furniture (running headers, footers,
//! page numbers).

use super::walk::Char;
use super::{bidi, lists};
use docmend_core::cjk::{is_wide, line_break_vanishes, lines_join_without_space};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

#[derive(Debug, Clone)]
pub struct Line {
    /// Where the first glyph starts.
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    /// The largest glyph's size.
    pub size: f64,
    /// The size most of its glyphs are set in: its text's, where a bullet
    /// or symbol from a larger font makes `size` larger.
    pub text_size: f64,
    pub text: String,
    /// The line cut where the glyphs stand far apart: table cells, or the
    /// columns of a multi-column page.
    pub runs: Vec<Run>,
    /// Every glyph of it is set in a bold face.
    pub bold: bool,
    /// Read right to left (mostly Arabic, Hebrew, … letters): its text is
    /// in reading order, and it runs on at the left margin.
    pub rtl: bool,
}

/// A 黑体 (Hei) face marks headings against a body set in another face;
/// where it sets most of a page's text it is the body face, not bold (a
/// web page printed in Microsoft YaHei or WenQuanYi Zen Hei: otherwise a
/// line of Chinese alone would read as bold and a line with Latin
/// punctuation in another font not, cutting paragraphs apart).
pub fn settle_hei(chars: &mut [Char]) {
    let (mut hei, mut all) = (0usize, 0usize);
    for c in chars.iter().filter(|c| !c.text.trim().is_empty()) {
        hei += usize::from(c.hei);
        all += 1;
    }
    if hei * 2 > all {
        for c in chars.iter_mut().filter(|c| c.hei) {
            c.bold = false;
        }
    }
}

/// Whether all the (non-space) glyphs are bold, and there are some.
fn all_bold<'a>(chars: impl Iterator<Item = &'a Char>) -> bool {
    let mut any = false;
    for c in chars.filter(|c| !c.text.trim().is_empty()) {
        if !c.bold {
            return false;
        }
        any = true;
    }
    any
}

/// Glyphs of one line standing close together.
#[derive(Debug, Clone)]
pub struct Run {
    pub x0: f64,
    pub x1: f64,
    pub text: String,
    /// Each glyph: where its text starts in `text` (a byte offset) and
    /// where it stands (x0, x1), left to right, so that a run can be cut
    /// where a table's column boundary passes between two glyphs. Empty
    /// for a run put in right-to-left reading order.
    pub glyphs: Vec<(usize, f64, f64)>,
}

/// A gap wider than this share of the font size between two Latin glyphs
/// is a word space. Word spaces in justified text measured 0.28–0.5 em;
/// kerning inside words up to 0.11 em.
const WORD_GAP_EM: f64 = 0.18;
/// A gap wider than this cuts a line into runs. Prose has gaps this wide
/// only after a section number or a caption's label, and one such line
/// never makes a table or a column on its own.
pub const RUN_GAP_EM: f64 = 0.9;

/// Groups characters into lines by baseline; characters set in vertical
/// writing into vertical lines, read top to bottom and right to left.
/// Lines come top to bottom.
pub fn lines(mut chars: Vec<Char>) -> Vec<Line> {
    let vertical: Vec<Char> = if chars.iter().any(|c| c.vertical) {
        let (v, h) = chars.into_iter().partition(|c| c.vertical);
        chars = h;
        v
    } else {
        Vec::new()
    };
    chars.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<Char>> = Vec::new();
    for ch in chars {
        match groups.last_mut() {
            Some(g) if (g[0].y - ch.y).abs() <= g[0].size.max(1.0) * 0.35 => g.push(ch),
            _ => groups.push(vec![ch]),
        }
    }
    let mut out: Vec<Line> = groups
        .into_iter()
        .filter_map(|mut g| {
            g.sort_by(|a, b| a.x.total_cmp(&b.x));
            line(&g)
        })
        .collect();
    if !vertical.is_empty() {
        out.extend(vertical_lines(vertical));
        // Stable: vertical lines starting at one height stay right to left.
        out.sort_by(|a, b| b.y.total_cmp(&a.y));
    }
    out
}

/// Vertical writing: characters sharing an x form a line, top to bottom;
/// lines come right to left. A vertical line is one run; its `y` is the
/// top character's baseline.
fn vertical_lines(mut chars: Vec<Char>) -> Vec<Line> {
    chars.sort_by(|a, b| b.x.total_cmp(&a.x).then(b.y.total_cmp(&a.y)));
    let mut columns: Vec<Vec<Char>> = Vec::new();
    for ch in chars {
        match columns.last_mut() {
            Some(c) if (c[0].x - ch.x).abs() <= c[0].size.max(1.0) * 0.5 => c.push(ch),
            _ => columns.push(vec![ch]),
        }
    }
    columns
        .into_iter()
        .filter_map(|mut c| {
            c.sort_by(|a, b| b.y.total_cmp(&a.y));
            let text: String = c.iter().map(|ch| ch.text.as_str()).collect();
            let text = text.trim().to_string();
            let first = c.first()?;
            let x0 = c.iter().map(|ch| ch.x).fold(f64::INFINITY, f64::min);
            let x1 = c
                .iter()
                .map(|ch| ch.x + ch.width)
                .fold(f64::NEG_INFINITY, f64::max);
            (!text.is_empty()).then(|| Line {
                bold: all_bold(c.iter()),
                rtl: false,
                x0,
                x1,
                y: first.y,
                size: first.size,
                text_size: first.size,
                runs: vec![Run {
                    x0,
                    x1,
                    text: text.clone(),
                    glyphs: Vec::new(),
                }],
                text,
            })
        })
        .collect()
}

/// One baseline's glyphs, left to right → a line with its runs.
fn line(g: &[Char]) -> Option<Line> {
    let size = g.iter().map(|c| c.size).fold(0.0, f64::max);
    let mut runs: Vec<Run> = Vec::new();
    // Where each glyph's (or found space's) text starts in its run's text:
    // right-to-left text is put in reading order glyph by glyph.
    let mut starts: Vec<Vec<usize>> = Vec::new();
    let mut prev: Option<&Char> = None;
    for (i, ch) in g.iter().enumerate() {
        // A space that the next letter overprints (printers that show
        // every character with a space after it, then move to the next
        // one by less than the space's width) is not a gap in the text.
        let em = ch.size.max(1.0);
        if ch.text.trim().is_empty()
            && [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|k| g.get(k))
                .any(|o| {
                    // A letter starts within the space, or the space
                    // starts within a letter.
                    let starts_inside = o.x >= ch.x - 0.1 * em && o.x < ch.x + 0.6 * ch.width;
                    let inside = o.x <= ch.x && ch.x < o.x + o.width - 0.1 * em;
                    !o.text.trim().is_empty() && (starts_inside || inside)
                })
        {
            continue;
        }
        // The same glyph shown again a hair to the side is fake bold (or
        // a shadow), not a second letter.
        if prev.is_some_and(|p| p.text == ch.text && (ch.x - p.x).abs() < 0.15 * p.size.max(1.0)) {
            continue;
        }
        // A combining mark (an Arabic vowel sign, a Hebrew point) set over
        // the glyph before it is part of that glyph: it leaves no gap
        // after it, and moves with its letter when the line is reordered.
        if let (Some(p), Some(run)) = (prev, runs.last_mut())
            && is_mark_over(ch, p)
        {
            push_expanded(&mut run.text, &ch.text);
            continue;
        }
        let gap = prev.map_or(f64::INFINITY, |p| ch.x - (p.x + p.width));
        let em = prev.map_or(size, |p| p.size.max(ch.size)).max(1.0);
        match runs.last_mut() {
            Some(run) if gap <= RUN_GAP_EM * em => {
                let (a, b) = (run.text.chars().last(), ch.text.chars().next());
                let run_starts = starts.last_mut().expect("one list per run");
                if gap > WORD_GAP_EM * em
                    && a.is_some_and(|a| !is_wide(a) && !a.is_whitespace())
                    && b.is_some_and(|b| !is_wide(b) && !b.is_whitespace())
                {
                    run_starts.push(run.text.len());
                    run.text.push(' ');
                }
                run_starts.push(run.text.len());
                run.glyphs.push((run.text.len(), ch.x, ch.x + ch.width));
                push_expanded(&mut run.text, &ch.text);
                run.x1 = run.x1.max(ch.x + ch.width);
            }
            _ => {
                let mut text = String::new();
                push_expanded(&mut text, &ch.text);
                starts.push(vec![0]);
                runs.push(Run {
                    x0: ch.x,
                    x1: ch.x + ch.width,
                    text,
                    glyphs: vec![(0, ch.x, ch.x + ch.width)],
                })
            }
        }
        prev = Some(ch);
    }
    let rtl = bidi::mostly_rtl(runs.iter().map(|r| r.text.as_str()));
    for (run, run_starts) in runs.iter_mut().zip(&starts) {
        if run.text.chars().any(bidi::is_rtl) {
            let pieces: Vec<&str> = run_starts
                .iter()
                .zip(run_starts.iter().skip(1).chain([&run.text.len()]))
                .map(|(&a, &b)| &run.text[a..b])
                .collect();
            run.text = bidi::logical_order(&pieces, rtl);
            run.glyphs.clear();
        }
    }
    for run in &mut runs {
        let trimmed = run.text.trim();
        if trimmed.len() != run.text.len() {
            let lead = run.text.len() - run.text.trim_start().len();
            let end = lead + trimmed.len();
            run.text = trimmed.to_string();
            run.glyphs.retain(|g| g.0 >= lead && g.0 < end);
            run.glyphs.iter_mut().for_each(|g| g.0 -= lead);
        }
    }
    runs.retain(|r| !r.text.is_empty());
    // Lines are kept for every page until the document is assembled: give
    // back what growing them left spare (up to half of each).
    for run in &mut runs {
        run.glyphs.shrink_to_fit();
        run.text.shrink_to_fit();
    }
    runs.shrink_to_fit();
    let (first, last) = (runs.first()?, runs.last()?);
    Some(Line {
        bold: all_bold(g.iter()),
        rtl,
        x0: first.x0,
        x1: last.x1,
        y: g[0].y,
        size,
        text_size: dominant_size(g),
        text: join_runs(&runs, rtl),
        runs,
    })
}

/// The size most of a line's visible glyphs are set in (the larger one
/// on a tie).
fn dominant_size(g: &[Char]) -> f64 {
    let mut by_size: Vec<(f64, usize)> = Vec::new();
    for c in g.iter().filter(|c| !c.text.trim().is_empty()) {
        match by_size.iter_mut().find(|(s, _)| (s - c.size).abs() < 0.25) {
            Some((_, n)) => *n += 1,
            None => by_size.push((c.size, 1)),
        }
    }
    by_size
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.total_cmp(&b.0)))
        .map_or_else(|| g.iter().map(|c| c.size).fold(0.0, f64::max), |(s, _)| s)
}

/// A glyph of combining marks only, drawn within the box of `base`.
fn is_mark_over(mark: &Char, base: &Char) -> bool {
    !mark.text.is_empty()
        && mark.text.chars().all(is_combining_mark)
        && mark.x >= base.x - 0.05 * base.size.max(1.0)
        && mark.x <= base.x + base.width
}

/// Appends a glyph's text with typographic ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ,
/// ﬆ) and Arabic presentation forms written out: readers search for "fi",
/// not U+FB01, and for `لا`, not U+FEFB.
fn push_expanded(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // Arabic presentation forms (a letter's initial, medial, final
            // or isolated shape, lam-alef ligatures) are the base letters
            // in one of their shapes: written as those letters.
            '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
                let base: String = std::iter::once(c).nfkc().collect();
                // Isolated vowel marks decompose to a space and the mark.
                out.push_str(base.trim_start_matches(' '));
            }
            c => out.push(c),
        }
    }
}

/// A line made of some of another line's runs (one column's share).
pub fn from_runs(model: &Line, runs: Vec<Run>) -> Option<Line> {
    let (first, last) = (runs.first()?, runs.last()?);
    Some(Line {
        bold: model.bold,
        rtl: model.rtl,
        x0: first.x0,
        x1: last.x1,
        y: model.y,
        size: model.size,
        text_size: model.text_size,
        text: join_runs(&runs, model.rtl),
        runs,
    })
}

/// A 10-point line at `y` made of runs `(x0, x1, text)`, for tests of the
/// passes that work on lines.
#[cfg(test)]
pub fn test_line(y: f64, runs: &[(f64, f64, &str)]) -> Line {
    let model = Line {
        x0: 0.0,
        x1: 0.0,
        y,
        size: 10.0,
        text_size: 10.0,
        text: String::new(),
        runs: Vec::new(),
        bold: false,
        rtl: false,
    };
    let runs = runs
        .iter()
        .map(|&(x0, x1, t)| Run {
            x0,
            x1,
            text: t.to_string(),
            // Characters evenly spread over the run.
            glyphs: {
                let n = t.chars().count().max(1) as f64;
                let w = (x1 - x0) / n;
                t.char_indices()
                    .enumerate()
                    .map(|(k, (at, _))| (at, x0 + w * k as f64, x0 + w * (k + 1) as f64))
                    .collect()
            },
        })
        .collect();
    from_runs(&model, runs).expect("a test line has runs")
}

/// The text of runs read as one line: a space between them, but none
/// between CJK text (letter-spaced or distributed CJK text, `目　录`,
/// stands far apart without being separate words). A right-to-left line's
/// runs are read from the rightmost.
fn join_runs(runs: &[Run], rtl: bool) -> String {
    let mut text = String::new();
    let mut in_order: Vec<&Run> = runs.iter().collect();
    if rtl {
        in_order.reverse();
    }
    for r in in_order {
        if let (Some(a), Some(b)) = (text.chars().last(), r.text.chars().next())
            && !line_break_vanishes(a, b)
        {
            text.push(' ');
        }
        text.push_str(&r.text);
    }
    text
}

/// Joins the lines of one wrapped piece of text: no space between CJK
/// characters (or after a hyphen), one between other words. A word
/// hyphenated at the line end is made whole (`Ef-` + `fects` →
/// `Effects`): the hyphen stands between two lower-case letters and the
/// word before it has no other hyphen (`state-of-the-` + `art` keeps
/// it). A soft hyphen (U+00AD) at the line end always goes.
pub fn join_wrapped(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        let rejoin = out.ends_with('\u{AD}')
            || (ends_in_hyphenated_syllable(&out)
                && p.chars().next().is_some_and(char::is_lowercase));
        if rejoin {
            out.pop();
        } else if let (Some(a), Some(b)) = (out.chars().last(), p.chars().next())
            && !lines_join_without_space(a, b)
            && !matches!(a, '-' | '\u{2010}')
        {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// Ends in a hyphen after a lower-case letter, in a word with no other
/// hyphen.
fn ends_in_hyphenated_syllable(text: &str) -> bool {
    let Some(body) = text.strip_suffix(['-', '\u{2010}']) else {
        return false;
    };
    let word = body.rsplit(char::is_whitespace).next().unwrap_or("");
    word.chars().last().is_some_and(char::is_lowercase) && !word.contains(['-', '\u{2010}'])
}

pub use docmend_core::numbering::starts_numbered;

/// A line's box: its glyphs' horizontal extent, and vertically from a
/// descender below the baseline to an ascender above it (0.2 and 0.8 em,
/// as the fonts' own metrics are not read).
fn line_box(l: &Line) -> [f64; 4] {
    [l.x0, l.y - 0.2 * l.size, l.x1, l.y + 0.8 * l.size]
}

fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// A paragraph of one page: its text, its box and the largest font size
/// in it.
pub struct Para {
    pub text: String,
    pub bbox: [f64; 4],
    pub size: f64,
    /// Its last line runs to the right margin: the text may go on below
    /// (or on the next page).
    pub runs_on: bool,
    /// All of it is bold.
    pub bold: bool,
    /// It starts with a list marker (`•`, `1.`), which stands at this x.
    pub list_indent: Option<f64>,
}

/// The size most of the text is set in: the body text's.
pub fn body_size<'a>(lines: impl Iterator<Item = &'a Line>) -> f64 {
    let mut by_size: Vec<(f64, usize)> = Vec::new();
    for l in lines {
        let chars = l.text.chars().count();
        match by_size.iter_mut().find(|(s, _)| (s - l.size).abs() < 0.25) {
            Some((_, n)) => *n += chars,
            None => by_size.push((l.size, chars)),
        }
    }
    by_size
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(0.0, |(s, _)| s)
}

/// Where full-width text ends: on the right for lines read left to right,
/// on the left for lines read right to left.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
}

/// The left margin that right-to-left text runs on at, over the whole
/// document: where most of its lines start, or none (`-∞`) when fewer than
/// a quarter of them start there (the mirror of the right margin of
/// left-to-right text).
pub fn rtl_margin<'a>(lines: impl Iterator<Item = &'a Line>) -> f64 {
    let rtl: Vec<&Line> = lines.filter(|l| l.rtl).collect();
    let mut starts: Vec<f64> = rtl.iter().map(|l| l.x0).collect();
    starts.sort_by(f64::total_cmp);
    let Some(&left) = starts.get(starts.len() / 10) else {
        return f64::NEG_INFINITY;
    };
    let reaching = rtl.iter().filter(|l| l.x0 <= left + 2.0 * l.size).count();
    if reaching * 4 >= rtl.len() {
        left
    } else {
        f64::NEG_INFINITY
    }
}

/// About how wide a line's first word and a space are, from the line's
/// mean advance per character. Word processors justify neither
/// left-to-right nor right-to-left text by default: in such ragged text a
/// line was full when the next line's first word would not have fitted
/// in what it left.
fn first_word_width(l: &Line) -> f64 {
    let chars = l.text.chars().count().max(1);
    // Chinese and Japanese break lines anywhere: their first "word" is one
    // character.
    let word = match l.text.chars().next() {
        Some(c) if is_wide(c) => 1,
        _ => l
            .text
            .chars()
            .take_while(|c| !c.is_whitespace() && !is_wide(*c))
            .count(),
    };
    (l.x1 - l.x0) / chars as f64 * (word + 1) as f64
}

/// Lines of one page → paragraphs.
pub fn paragraphs(lines: &[Line], margins: Margins) -> Vec<Para> {
    struct Open {
        parts: Vec<String>,
        bold: bool,
        bbox: [f64; 4],
        size: f64,
        runs_on: bool,
        list_indent: Option<f64>,
    }
    let mut out: Vec<Open> = Vec::new();
    let mut prev: Option<&Line> = None;
    let reaches_margin = |l: &Line| {
        if l.rtl {
            l.x0 <= margins.left + l.size * 2.0
        } else {
            l.x1 >= margins.right - l.size * 2.0
        }
    };
    // Running on to the next page needs a real text column: a page of one
    // short line "reaches" a margin that is only its own end.
    let left = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
    let right = lines.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
    let runs_on_page = |l: &Line| {
        let width = if l.rtl {
            right - margins.left
        } else {
            margins.right - left
        };
        reaches_margin(l) && width >= l.size * 10.0
    };
    // Where the next line's first word would not have fitted: the line
    // was full (ragged text reaches no margin).
    let full = |p: &Line, l: &Line| {
        if p.rtl {
            p.x0 - margins.left < first_word_width(l)
        } else {
            margins.right.min(right) - p.x1 < first_word_width(l)
        }
    };
    let starts_item = |l: &Line| !l.rtl && lists::marker(&l.text).is_some();
    // Ragged prose keeps one edge: the next line starts where this one did
    // (or left of it, after a first-line indent). Centred lines do not, and
    // lines cut into runs are cells or columns, not prose.
    let same_edge = |p: &Line, l: &Line| {
        if p.runs.len() > 1 || l.runs.len() > 1 {
            false
        } else if p.rtl {
            l.x1 >= p.x1 - 0.5 * l.size
        } else {
            l.x0 <= p.x0 + 0.5 * l.size
        }
    };
    for l in lines {
        let item_indent = out.last().and_then(|o| o.list_indent);
        let join = prev.is_some_and(|p| {
            let ran_on = reaches_margin(p)
                || (p.rtl == l.rtl && same_edge(p, l) && full(p, l))
                // A list item's wrapped lines hang under its text: a line
                // indented past the marker goes on with the item.
                || item_indent.is_some_and(|x| l.x0 > x + 0.5 * l.size);
            ran_on
                && !starts_numbered(&l.text)
                && !starts_item(l)
                && !lists::starts_with_bullet(&l.text)
                && (p.y - l.y) < p.size.max(l.size) * 2.2
                && (p.text_size - l.text_size).abs() < 0.5
                && p.bold == l.bold
        });
        match out.last_mut() {
            Some(last) if join => {
                last.parts.push(l.text.clone());
                last.bbox = union(last.bbox, line_box(l));
                last.size = last.size.max(l.size);
                last.runs_on = runs_on_page(l);
            }
            _ => out.push(Open {
                parts: vec![l.text.clone()],
                bold: l.bold,
                bbox: line_box(l),
                size: l.size,
                runs_on: runs_on_page(l),
                list_indent: starts_item(l).then_some(l.x0),
            }),
        }
        prev = Some(l);
    }
    out.into_iter()
        .map(|o| Para {
            text: join_wrapped(&o.parts),
            bbox: o.bbox,
            size: o.size,
            runs_on: o.runs_on,
            bold: o.bold,
            list_indent: o.list_indent,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lines_start_paragraphs() {
        assert!(starts_numbered("一、总体情况"));
        assert!(starts_numbered("（二）依申请公开"));
        assert!(starts_numbered("3.其他"));
        assert!(!starts_numbered("信息公开"));
        assert!(!starts_numbered("2022年"));
    }

    #[test]
    fn ligatures_are_written_out() {
        let mut s = String::new();
        push_expanded(&mut s, "con\u{FB01}guration e\u{FB03}cient");
        assert_eq!(s, "configuration efficient");
    }

    #[test]
    fn arabic_presentation_forms_are_base_letters() {
        let mut s = String::new();
        // Lam-alef ligature, isolated alef, isolated two fathas.
        push_expanded(&mut s, "\u{FEFB}\u{FE8D}\u{FE70}");
        assert_eq!(s, "\u{0644}\u{0627}\u{0627}\u{064B}");
    }

    #[test]
    fn wrapped_lines_join_without_spaces_between_cjk() {
        let parts = ["商业".to_string(), "企业".to_string()];
        assert_eq!(join_wrapped(&parts), "商业企业");
        let parts = ["hello".to_string(), "world".to_string()];
        assert_eq!(join_wrapped(&parts), "hello world");
        let parts = ["#".to_string(), "enc-layers".to_string()];
        assert_eq!(join_wrapped(&parts), "# enc-layers");
        let parts = ["（本列数据".to_string(), "的关系）".to_string()];
        assert_eq!(join_wrapped(&parts), "（本列数据的关系）");
    }

    #[test]
    fn words_hyphenated_at_the_line_end_are_made_whole() {
        let join = |a: &str, b: &str| join_wrapped(&[a.to_string(), b.to_string()]);
        assert_eq!(join("the Ef-", "fects of"), "the Effects of");
        assert_eq!(join("sed diam volup\u{2010}", "tua."), "sed diam voluptua.");
        assert_eq!(join("soft\u{AD}", "ware"), "software");
        // A compound's own hyphen, a number or a capital after it stays.
        assert_eq!(join("state-of-the-", "art"), "state-of-the-art");
        assert_eq!(join("COVID-", "19"), "COVID-19");
        assert_eq!(join("pre-", "Columbian"), "pre-Columbian");
        assert_eq!(join("items 1 -", "3"), "items 1 -3");
    }
}
