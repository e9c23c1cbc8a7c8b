//! The PDF converter: reads the text layer of a PDF with positions and
//! rebuilds paragraphs and ruled tables from it.
//!
//! Parsing is lopdf's (objects, streams, filters) plus our own walk of each
//! page's content stream ([`walk`]) with fonts decoded by [`fonts`] and
//! ToUnicode maps by [`cmap`]. Lowering: [`tables`] turns ruling lines into
//! grids with spans, [`layout`] turns the remaining glyphs into lines and
//! paragraphs and recognises page furniture. Headings are left to the
//! pipeline's `headings::promote`.

mod cmap;
mod fonts;
mod info;
mod layout;
mod load;
mod tables;
mod walk;

use crate::converter::{Confidence, Converted, Converter, Options};
use crate::error::Error;
use crate::model::{
    Block, Cell, Diagnostic, Format, Heading, Layout, Origin, Paragraph, Severity, Table,
};
use crate::sniff::{self, Seen};
use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use tables::Grid;

/// Pages read; the rest are skipped with a diagnostic.
const MAX_PAGES: usize = 5_000;
/// Share of the page height at top and bottom where furniture sits.
const FURNITURE_BAND: f64 = 0.08;

pub struct PdfConverter;

impl Converter for PdfConverter {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn formats(&self) -> &'static [Format] {
        &[Format::Pdf]
    }
    fn description(&self) -> &'static str {
        "PDF documents with a text layer: paragraphs and ruled tables (CJK fonts included)"
    }
    fn sniff(&self, head: &[u8]) -> Confidence {
        match sniff::identify(head) {
            Seen::Pdf => Confidence::CERTAIN,
            _ => Confidence::NONE,
        }
    }
    fn convert(&self, bytes: &[u8], _options: &Options) -> Result<Converted, Error> {
        // lopdf has had panics on hostile input; keep one from reaching the
        // caller as anything but a clear error.
        catch_unwind(AssertUnwindSafe(|| convert(bytes)))
            .unwrap_or_else(|_| Err(malformed("the PDF parser failed on this file".into())))
    }
}

fn malformed(reason: String) -> Error {
    Error::Malformed {
        format: "pdf".into(),
        reason,
    }
}

/// What one page gave.
struct Page {
    number: u32,
    height: f64,
    bottom: f64,
    lines: Vec<layout::Line>,
    grids: Vec<Grid>,
}

fn convert(bytes: &[u8]) -> Result<Converted, Error> {
    let loaded = load::load(bytes)?;
    let doc = loaded.doc;
    let encrypted = loaded.encrypted;
    let mut diagnostics = loaded.diagnostics;
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "pages_truncated",
            format!(
                "only the first {MAX_PAGES} of {} pages were read",
                pages.len()
            ),
        ));
    }
    let mut read = Vec::new();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut images = 0;
    let mut any_text = false;
    for (&number, &id) in pages.iter().take(MAX_PAGES) {
        let (bottom, height) = media_box(&doc, id);
        let content = walk::walk_page(&doc, id);
        if content.truncated {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    "page_content_truncated",
                    format!("page {number}: content stream unreadable or over the size limits; read in part"),
                )
                .with_origin(Some(page_origin(number))),
            );
        }
        for (font, n) in content.unmapped {
            *unmapped.entry(font).or_default() += n;
        }
        images += content.images;
        any_text |= !content.chars.is_empty();
        let mut chars = content.chars;
        let grids = tables::find(&content.segments, &mut chars);
        read.push(Page {
            number,
            height,
            bottom,
            lines: layout::lines(chars),
            grids,
        });
    }
    for (font, n) in unmapped {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "unmapped_glyphs",
            format!("{n} glyphs of font {font} have no Unicode mapping and were left out"),
        ));
    }
    if !any_text && encrypted {
        return Err(load::encrypted_error());
    }
    if !any_text {
        if !pages.is_empty() {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "no_text_layer",
                format!(
                    "no text layer on any of {} pages ({images} images): the PDF is scanned or drawn; OCR is needed",
                    pages.len()
                ),
            ));
        }
        return Ok(Converted {
            format: Format::Pdf,
            encoding: None,
            metadata: info::metadata(&doc),
            blocks: Vec::new(),
            diagnostics,
        });
    }
    remove_furniture(&mut read, &mut diagnostics);
    let blocks = lower(read);
    Ok(Converted {
        format: Format::Pdf,
        encoding: None,
        metadata: info::metadata(&doc),
        blocks,
        diagnostics,
    })
}

fn page_origin(page: u32) -> Origin {
    Origin {
        page: Some(page),
        ..Default::default()
    }
}

/// (bottom y, height) of the page's MediaBox, inherited; A4 when missing.
fn media_box(doc: &lopdf::Document, mut id: lopdf::ObjectId) -> (f64, f64) {
    for _ in 0..32 {
        let Ok(dict) = doc.get_dictionary(id) else {
            break;
        };
        if let Some(b) = fonts::deref(doc, dict.get(b"MediaBox").ok())
            .and_then(|o| o.as_array().ok())
            .map(|a| a.iter().filter_map(fonts::number).collect::<Vec<_>>())
            .filter(|v| v.len() == 4)
        {
            let (lo, hi) = (b[1].min(b[3]), b[1].max(b[3]));
            if hi - lo > 1.0 {
                return (lo, hi - lo);
            }
        }
        match dict.get(b"Parent").and_then(|o| o.as_reference()) {
            Ok(parent) => id = parent,
            Err(_) => break,
        }
    }
    (0.0, 842.0)
}

/// Removes lines in the top and bottom bands that are page numbers or
/// repeat (digits aside) on most pages.
fn remove_furniture(pages: &mut [Page], diagnostics: &mut Vec<Diagnostic>) {
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
            .map(|l| layout::furniture_key(&l.text))
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
            let repeats = n >= 2
                && seen
                    .get(&layout::furniture_key(&l.text))
                    .copied()
                    .unwrap_or(0)
                    * 2
                    > n;
            if in_band(p, &l) && (layout::is_page_number(&l.text) || repeats) {
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

enum Item {
    Text(layout::Para),
    /// A table and its box on the page where it starts (a table continued
    /// on the next page keeps that box).
    Grid(Grid, [f64; 4]),
}

/// A short line set clearly larger than the body text is a heading, even
/// without numbering (`统计表`, a report's title).
const HEADING_SIZE_RATIO: f64 = 1.2;
const MAX_HEADING_CHARS: usize = 40;

/// The font sizes of heading lines, largest first: the largest is level 1.
fn heading_sizes(pages: &[Page]) -> Vec<f64> {
    let body = layout::body_size(pages.iter().flat_map(|p| p.lines.iter()));
    let mut sizes: Vec<f64> = pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| body > 0.0 && l.size >= body * HEADING_SIZE_RATIO)
        .map(|l| l.size)
        .collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes.dedup_by(|a, b| (*a - *b).abs() < 0.25);
    sizes
}

/// A paragraph, or a heading when it is short and set in a heading size.
/// Numbered headings keep their numbering apart, as the shared heading
/// pass does for every other format.
fn text_block(para: layout::Para, page: u32, heading_sizes: &[f64]) -> Block {
    let origin = Some(Origin {
        bbox: Some(rounded(para.bbox)),
        ..page_origin(page)
    });
    let rank = heading_sizes
        .iter()
        .position(|s| (s - para.size).abs() < 0.25);
    match rank {
        Some(rank) if para.text.chars().count() <= MAX_HEADING_CHARS => {
            // The numbering's depth decides the level where there is one,
            // as elsewhere; else the size's rank among heading sizes.
            let (level, numbering, text) = match crate::numbering::parse(&para.text) {
                Some(n) => (
                    n.style.heading_level(),
                    Some(n.marker.trim().to_string()),
                    n.rest.to_string(),
                ),
                None => ((rank + 1).min(3) as u8, None, para.text),
            };
            Block::Heading(Heading {
                level,
                numbering,
                text,
                origin,
            })
        }
        _ => Block::Paragraph(Paragraph {
            text: para.text,
            origin,
        }),
    }
}

/// A box to a hundredth of a point: finer is noise from the arithmetic.
fn rounded(bbox: [f64; 4]) -> [f64; 4] {
    bbox.map(|v| (v * 100.0).round() / 100.0)
}

/// Pages → blocks in reading order; a table at the top of a page with the
/// columns of the table that ended the page before continues it.
fn lower(pages: Vec<Page>) -> Vec<Block> {
    let heading_sizes = heading_sizes(&pages);
    let mut items: Vec<(u32, Item)> = Vec::new();
    for p in pages {
        // The right margin: where most long lines end (a stray wide line
        // must not move it).
        let mut ends: Vec<f64> = p.lines.iter().map(|l| l.x1).collect();
        ends.sort_by(f64::total_cmp);
        let right = ends.get(ends.len() * 4 / 5).copied().unwrap_or(0.0);
        let mut page_items: Vec<(f64, Item)> = Vec::new();
        // Lines between grids form separate paragraph runs.
        let paras = layout::paragraphs(&p.lines, right);
        for para in paras {
            page_items.push((para.top, Item::Text(para)));
        }
        for g in p.grids {
            let bbox = grid_box(&g);
            page_items.push((g.top(), Item::Grid(g, bbox)));
        }
        page_items.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut first = true;
        for (_, item) in page_items {
            if let Item::Grid(g, _) = &item
                && first
                && let Some((_, Item::Grid(prev, _))) = items.last_mut()
                && tables::continues(prev, g)
            {
                append_grid(prev, g);
                first = false;
                continue;
            }
            // A paragraph the page break cut: the last one of the page
            // before ran to the margin, and this one, in the same size,
            // does not start a new numbered item.
            if let Item::Text(para) = &item
                && first
                && let Some((_, Item::Text(prev))) = items.last_mut()
                && prev.runs_on
                && (prev.size - para.size).abs() < 0.5
                && !layout::starts_numbered(&para.text)
            {
                prev.text =
                    layout::join_wrapped(&[std::mem::take(&mut prev.text), para.text.clone()]);
                prev.runs_on = para.runs_on;
                first = false;
                continue;
            }
            first = false;
            items.push((p.number, item));
        }
    }
    items
        .into_iter()
        .map(|(page, item)| match item {
            Item::Text(para) => text_block(para, page, &heading_sizes),
            Item::Grid(g, bbox) => Block::Table(to_table(g, page, bbox)),
        })
        .collect()
}

/// Appends a continuation grid's rows on the union of both grids' column
/// boundaries, dropping its first row when it repeats the first row of the
/// table (a repeated header).
fn append_grid(prev: &mut Grid, next: &Grid) {
    let xs = tables::union(&prev.xs, &next.xs);
    let remap = |g: &Grid, c: usize, cs: usize| -> (usize, usize) {
        let at = |x: f64| {
            xs.iter()
                .position(|u| (u - x).abs() <= 2.0 * tables::TOL)
                .unwrap_or(0)
        };
        let (a, b) = (at(g.xs[c]), at(g.xs[(c + cs).min(g.xs.len() - 1)]));
        (a, b.saturating_sub(a).max(1))
    };
    let row_text = |g: &Grid, r: usize| -> Vec<(usize, usize, String)> {
        g.cells
            .iter()
            .filter(|c| c.0 == r)
            .map(|c| {
                let (col, span) = remap(g, c.1, c.3);
                (col, span, c.4.clone())
            })
            .collect()
    };
    let skip = usize::from(
        next.ys.len() > 2
            && next.cells.iter().filter(|c| c.0 == 0).all(|c| c.2 == 1)
            && row_text(prev, 0) == row_text(next, 0),
    );
    let rows_prev = prev.ys.len() - 1;
    let mut cells = Vec::with_capacity(prev.cells.len() + next.cells.len());
    for c in &prev.cells {
        let (col, span) = remap(prev, c.1, c.3);
        cells.push((c.0, col, c.2, span, c.4.clone()));
    }
    for c in &next.cells {
        if c.0 >= skip {
            let (col, span) = remap(next, c.1, c.3);
            cells.push((c.0 - skip + rows_prev, col, c.2, span, c.4.clone()));
        }
    }
    let offset = prev.ys.last().copied().unwrap_or(0.0) - next.ys[skip];
    prev.ys
        .extend(next.ys[skip + 1..].iter().map(|y| y + offset));
    prev.xs = xs;
    prev.cells = cells;
}

/// The box the outer ruling lines of a grid enclose.
fn grid_box(g: &Grid) -> [f64; 4] {
    let (xs, ys) = (&g.xs, &g.ys);
    [
        xs.first().copied().unwrap_or(0.0),
        ys.last().copied().unwrap_or(0.0),
        xs.last().copied().unwrap_or(0.0),
        ys.first().copied().unwrap_or(0.0),
    ]
}

fn to_table(g: Grid, page: u32, bbox: [f64; 4]) -> Table {
    let n_rows = g.ys.len() - 1;
    let n_cols = g.xs.len() - 1;
    let mut cells: Vec<Cell> = g
        .cells
        .into_iter()
        .map(|(row, col, row_span, col_span, text)| {
            Cell::spanned(row, col, row_span, col_span, text)
        })
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    // Header rows: the leading rows in which no cell holds a number.
    let header_rows = (0..n_rows)
        .take_while(|&r| !cells.iter().any(|c| c.row == r && c.value.is_some()))
        .count()
        .min(n_rows.saturating_sub(1));
    Table {
        n_rows,
        n_cols,
        header_rows,
        cells,
        repairs: Vec::new(),
        origin: Some(Origin {
            bbox: Some(rounded(bbox)),
            ..page_origin(page)
        }),
        layout: Layout::Exact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_pdf_only() {
        assert_eq!(PdfConverter.sniff(b"%PDF-1.7\n"), Confidence::CERTAIN);
        assert_eq!(PdfConverter.sniff(b"hello"), Confidence::NONE);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let err = PdfConverter
            .convert(b"%PDF-1.4\nnot really", &Options::default())
            .unwrap_err();
        assert!(matches!(err, Error::Malformed { .. }), "{err}");
    }
}
