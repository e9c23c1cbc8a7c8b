//! The PDF converter: reads the text layer of a PDF with positions and
//! rebuilds paragraphs and ruled tables from it.
//!
//! Parsing is lopdf's (objects, streams, filters) plus our own walk of each
//! page's content stream (`walk`) with fonts decoded by `fonts` and
//! ToUnicode maps by `cmap`. Lowering: `tables` turns ruling lines into
//! grids with spans, `layout` turns the remaining glyphs into lines and
//! paragraphs and recognises page furniture. Headings are left to the
//! pipeline's `headings::promote`.

mod aligned;
mod assemble;
mod bidi;
mod cmap;
mod collections;
mod columns;
mod fonts;
mod furniture;
mod info;
mod layout;
mod lists;
mod load;
mod mend;
mod raw;
mod tables;
mod title;
mod walk;

use docmend_core::converter::{Confidence, Converted, Converter, Limits, Options};
use docmend_core::error::Error;
use docmend_core::model::{Diagnostic, DiagnosticCode, Format, Origin};
use docmend_core::sniff::{self, Seen};
use std::collections::BTreeMap;
use tables::Grid;

/// Content-stream operators run over the whole document (forms included).
/// The pages read (`Limits::max_pages`), the size of one stream or page's
/// content (`Limits::max_part_bytes`) and the content decoded over the
/// whole document (`Limits::max_unpacked_bytes`) come with the options.
const MAX_DOCUMENT_OPS: usize = 20_000_000;

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
    fn convert(&self, bytes: &[u8], options: &Options) -> Result<Converted, Error> {
        // A panic inside lopdf unwinds to the pipeline, which reports it as
        // this file's error (docs/architecture.md, "Panics").
        convert(bytes, options.password.as_deref(), &options.limits)
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

fn convert(bytes: &[u8], password: Option<&str>, limits: &Limits) -> Result<Converted, Error> {
    let max_pages = usize::try_from(limits.max_pages).unwrap_or(usize::MAX);
    let max_part = usize::try_from(limits.max_part_bytes).unwrap_or(usize::MAX);
    let max_unpacked = usize::try_from(limits.max_unpacked_bytes).unwrap_or(usize::MAX);
    let loaded = load::load(bytes, password, max_part)?;
    let doc = loaded.doc;
    let mut diagnostics = loaded.diagnostics;
    let pages = doc.get_pages();
    if pages.len() > max_pages {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::PagesTruncated,
            format!(
                "only the first {max_pages} of {} pages were read (the limit of {max_pages} \
                 pages; --max-pages)",
                pages.len()
            ),
        ));
    }
    let mut read = Vec::new();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut images = 0;
    let mut any_text = false;
    let mut any_truncated = false;
    let (mut ops, mut content_bytes) = (0usize, 0usize);
    for (&number, &id) in pages.iter().take(max_pages) {
        // Pages are capped one by one; the document as a whole too, or
        // thousands of pages sharing one heavy content stream would run
        // for minutes.
        if ops > MAX_DOCUMENT_OPS || content_bytes > max_unpacked {
            let which = if content_bytes > max_unpacked {
                format!("past the limit of {max_unpacked} bytes of content (--max-unpacked-bytes)")
            } else {
                format!("past the limit of {MAX_DOCUMENT_OPS} operators for one document")
            };
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::DocumentTruncated,
                    format!(
                        "reading stopped before page {number} of {}: the pages before it ran {ops} operators over {} MiB of content, {which}",
                        pages.len(),
                        content_bytes >> 20
                    ),
                )
                .with_origin(Some(page_origin(number))),
            );
            any_truncated = true;
            break;
        }
        let (bottom, height) = media_box(&doc, id);
        let content = walk::walk_page(&doc, id, max_part, height);
        ops += content.ops;
        content_bytes += content.bytes;
        any_truncated |= content.truncated;
        if content.truncated {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::PageContentTruncated,
                    if content.over_size {
                        format!(
                            "page {number}: content over the limit of {max_part} bytes of one \
                             stream or page (--max-part-bytes); read in part"
                        )
                    } else {
                        format!(
                            "page {number}: content stream unreadable or over the limit of \
                             {} operators of one page; read in part",
                            walk::MAX_OPS
                        )
                    },
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
        layout::settle_hei(&mut chars);
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
            DiagnosticCode::UnmappedGlyphs,
            format!("{n} glyphs of font {font} have no Unicode mapping and were left out"),
        ));
    }
    if !any_text {
        if !pages.is_empty() {
            // Text lost to damage or the limits is not a scan: say which.
            let message = if any_truncated {
                format!(
                    "no text could be read from any of {} pages: content was unreadable or over the limits (see the warnings before this one)",
                    pages.len()
                )
            } else {
                format!(
                    "no text layer on any of {} pages ({images} images): the PDF is scanned or drawn; OCR is needed",
                    pages.len()
                )
            };
            diagnostics.push(Diagnostic::new(DiagnosticCode::NoTextLayer, message));
        }
        let (metadata, ignored_title) = info::metadata(&doc);
        diagnostics.extend(ignored_title);
        return Ok(Converted::new(Format::Pdf, metadata, Vec::new()).with_diagnostics(diagnostics));
    }
    furniture::remove(&mut read, &mut diagnostics);
    let blocks = assemble::lower(read, &mut diagnostics);
    let (metadata, ignored_title) = info::metadata(&doc);
    diagnostics.extend(ignored_title);
    Ok(Converted::new(Format::Pdf, metadata, blocks).with_diagnostics(diagnostics))
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
