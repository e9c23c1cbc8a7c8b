//! The HTML converter: report pages saved from government websites, and
//! Word documents saved as web pages.
//!
//! The steps, one module each:
//!
//! 1. `charset` reads the charset the page declares in its first bytes;
//!    [`docmend_core::decode::decode_with_declared`] decodes like a browser (BOM,
//!    then the label, then detection) but lets the bytes win over a wrong
//!    label.
//! 2. `guard` refuses binary data and bounds hostile markup (deep
//!    nesting, formatting-element bombs, pages too large to hold as a tree)
//!    before html5ever (through scraper) parses it.
//! 3. `dom` copies the parsed tree into a compact array of what a reader
//!    sees, without scripts, styles, form controls and hidden elements.
//! 4. `tables` tells data tables from layout tables.
//! 5. `content` finds the report among the site's menus, breadcrumbs
//!    and footers by structure and text density.
//! 6. `emit` lowers the report into headings, paragraphs, lists (markers
//!    from `lists`) and tables with exact spans (cell text from
//!    `cell_text`), with their links (`links`) and a CSS-like origin
//!    path each; `title` picks the metadata title.
//! 7. `site` removes the site's own name standing above the report's
//!    title (named by the `<title>`); `published` reads the publication
//!    date of the article's info line for `metadata.created`.
//!
//! Every walk over the tree is a loop over node indices, so nesting depth
//! never reaches the call stack. Cleanup, heading promotion, table repair
//! and the profile run afterwards on the model.

mod cell_text;
mod charset;
mod content;
mod dom;
mod emit;
mod guard;
mod links;
mod lists;
mod mhtml;
mod path;
mod published;
mod site;
mod tables;
mod text;
mod title;

use docmend_core::converter::{Confidence, Converted, Converter, Options, SNIFF_LEN};
use docmend_core::error::Error;
use docmend_core::model::{Diagnostic, DiagnosticCode, Format, Metadata};
use docmend_core::sniff::{self, Seen};
use scraper::Html;

pub struct HtmlConverter;

impl Converter for HtmlConverter {
    fn name(&self) -> &'static str {
        "html"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Html]
    }

    fn description(&self) -> &'static str {
        "HTML pages (GBK/GB2312/UTF-8/Big5, declared or not) and Word web pages; site chrome removed, tables with exact spans"
    }

    fn sniff(&self, head: &[u8]) -> Confidence {
        if mhtml::looks_like(head) {
            return Confidence::CERTAIN;
        }
        match sniff::identify(head) {
            Seen::Html => Confidence::CERTAIN,
            Seen::Text | Seen::Xml if starts_with_html_tag(head) => Confidence::LIKELY,
            _ => Confidence::NONE,
        }
    }

    fn convert(&self, bytes: &[u8], options: &Options) -> Result<Converted, Error> {
        // A page saved as a web archive: its HTML part, and the charset its
        // header names (before the page's own, as a browser reads it).
        let mut archive_diagnostics = Vec::new();
        let archived;
        let (bytes, transport_charset) = if mhtml::looks_like(&bytes[..bytes.len().min(SNIFF_LEN)])
        {
            archived = mhtml::page(bytes).map_err(|reason| Error::Malformed {
                format: "html".into(),
                reason,
            })?;
            let saved_from = archived
                .location
                .as_deref()
                .map(|location| format!(" saved from {location}"))
                .unwrap_or_default();
            let parts = archived.parts;
            archive_diagnostics.push(Diagnostic::new(
                DiagnosticCode::WebArchiveRead,
                format!(
                    "read from a MIME web archive{saved_from} ({parts} HTML part{})",
                    if parts == 1 { "" } else { "s" }
                ),
            ));
            (archived.html.as_slice(), archived.charset.clone())
        } else {
            (bytes, None)
        };
        let declared = transport_charset.or_else(|| charset::declared(bytes));
        let decoded = docmend_core::decode::decode_with_declared(bytes, declared.as_deref());
        if let Some(reason) = guard::not_text(&decoded.text) {
            return Err(Error::Malformed {
                format: "html".into(),
                reason,
            });
        }
        let guarded = guard::guard(&decoded.text);
        // html5ever's tree builder asserts states it believes unreachable;
        // a page that reaches one unwinds to the pipeline, which reports it
        // as this file's error (docs/architecture.md, "Panics").
        let html = Html::parse_document(&guarded.text);
        let dom = dom::Dom::build(&html);
        let classes = tables::classify(&dom);
        let mut paths = path::Paths::new(&dom);
        let content = content::find(&dom, &classes, &mut paths);
        let mut lowered = emit::lower(
            &dom,
            &classes,
            &content,
            &mut paths,
            options.limits.max_table_cells,
        );
        let site_names = site::names(dom.title.as_deref());
        let title = title::choose(
            dom.title.as_deref(),
            &site_names,
            &lowered.blocks,
            &lowered.infos,
        );
        // The info line is searched from the title line on, or from the
        // start of what was kept.
        let title_node = title
            .block
            .and_then(|b| lowered.infos.get(b))
            .and_then(|info| info.node);
        let created = published::find(&dom, title_node.or(content.title).unwrap_or(content.root));
        let site_diagnostics = site::remove(
            &site_names,
            title.block,
            &mut lowered.blocks,
            &mut lowered.infos,
        );

        let mut diagnostics = archive_diagnostics;
        diagnostics.extend(decoded.diagnostics);
        diagnostics.extend(guarded.diagnostics);
        diagnostics.extend(content.diagnostics);
        diagnostics.extend(lowered.diagnostics);
        diagnostics.extend(site_diagnostics);
        Ok(Converted::new(
            Format::Html,
            Metadata {
                title: title.text,
                created,
                ..Metadata::default()
            },
            lowered.blocks,
        )
        .with_encoding(decoded.encoding.to_string())
        .with_diagnostics(diagnostics))
    }
}

/// Tag names a page or a fragment of one starts with.
const OPENING_TAGS: [&str; 36] = [
    "html", "head", "body", "div", "p", "font", "span", "center", "h1", "h2", "h3", "h4", "h5",
    "h6", "br", "table", "title", "style", "script", "ul", "ol", "li", "a", "b", "strong", "i",
    "form", "iframe", "frameset", "section", "article", "header", "nav", "main", "pre", "hr",
];

/// Whether `head` starts (after a BOM, white space, comments, an XML
/// declaration and a doctype) with a known HTML tag. `sniff::identify`
/// only looks for a few page-level tags; a saved fragment (`<div>…`,
/// `<h1>…`) or an XHTML page (`<?xml …?><html …>`) is HTML too.
fn starts_with_html_tag(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // UTF-16 markup: look at the ASCII bytes only.
    let ascii: Vec<u8> = head
        .iter()
        .take(4096)
        .copied()
        .filter(|&b| b != 0 && b != 0xFF && b != 0xFE)
        .collect();
    let mut rest = &ascii[..];
    loop {
        rest = rest.trim_ascii_start();
        let skip_to = |rest: &[u8], end: &[u8]| -> Option<usize> {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
        };
        let skipped = if rest.starts_with(b"<!--") {
            skip_to(rest, b"-->")
        } else if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            skip_to(rest, b">")
        } else {
            break;
        };
        match skipped {
            Some(n) => rest = &rest[n..],
            None => return false,
        }
    }
    let Some(after) = rest.strip_prefix(b"<") else {
        return false;
    };
    let name_len = after
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let boundary = after
        .get(name_len)
        .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
    boundary
        && OPENING_TAGS
            .iter()
            .any(|tag| tag.as_bytes().eq_ignore_ascii_case(&after[..name_len]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        let c = HtmlConverter;
        assert_eq!(c.sniff(b"<!DOCTYPE html><html>"), Confidence::CERTAIN);
        assert_eq!(c.sniff(b"\xEF\xBB\xBF<div class=x>"), Confidence::LIKELY);
        assert_eq!(c.sniff(b"  <p>text</p>"), Confidence::LIKELY);
        assert_eq!(c.sniff(b"<FONT size=3>"), Confidence::LIKELY);
        assert_eq!(c.sniff(b"<h1>A heading</h1>"), Confidence::LIKELY);
        assert_eq!(
            c.sniff(b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"x\">\n<html xmlns=\"y\">"),
            Confidence::LIKELY
        );
        assert_eq!(c.sniff(b"<!-- saved --><div>"), Confidence::LIKELY);
        assert_eq!(c.sniff(b"<?xml version=\"1.0\"?><rss>"), Confidence::NONE);
        assert_eq!(c.sniff("一、总体情况".as_bytes()), Confidence::NONE);
        assert_eq!(c.sniff(b"<price> 12"), Confidence::NONE);
        assert_eq!(c.sniff(b"%PDF-1.4"), Confidence::NONE);
        assert_eq!(c.sniff(b"<p"), Confidence::LIKELY);
    }
}
