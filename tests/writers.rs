//! The writers against pages checked by hand: each fixture's text or HTML
//! in `fixtures/expected/writers/`, and its Markdown in
//! `fixtures/expected/markdown/` (where every fixture has one, see
//! tests/markdown_fixtures.rs), was read against the fixture's source (its
//! generator script and the file itself) — every heading, list level and
//! marker, link target, and table cell with its span. A change to a writer
//! that alters one of them shows here.

#![cfg(all(feature = "docx", feature = "html", feature = "pdf"))]

use docmend::write::{self, WriteOptions};
use docmend::{Options, Registry};
use std::path::Path;

mod common;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

/// Converts `relative` as `docmend convert` does, naming it by its file
/// name (the HTML page's title falls back to it).
fn convert(relative: &str) -> docmend::Document {
    let path = fixtures().join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let name = path.file_name().expect("a file name").to_string_lossy();
    docmend::convert_bytes(&Registry::default(), &bytes, &name, &Options::default())
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// A page checked by hand, by its path under `fixtures/expected/`.
fn expected(name: &str) -> String {
    let path = fixtures().join("expected").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CLI ends every output in a newline; the writers' own text already
/// does unless the document is empty.
fn assert_same(written: String, golden: &str) {
    let golden = expected(golden);
    assert_eq!(written, golden, "differs from fixtures/expected");
}

#[test]
fn markdown_tables_with_spans_are_html_tables() {
    let document = convert("docx/gridspan_header.docx");
    assert_same(
        write::markdown(&document, &WriteOptions::default()),
        "markdown/docx/gridspan_header.docx.md",
    );
}

#[test]
fn markdown_links_numbered_headings_and_headerless_tables() {
    let document = convert("docx/hyperlinks.docx");
    assert_same(
        write::markdown(&document, &WriteOptions::default()),
        "markdown/docx/hyperlinks.docx.md",
    );
}

#[test]
fn nested_lists_in_markdown_and_html() {
    let document = convert("docx/lists_nested_restart.docx");
    assert_same(
        write::markdown(&document, &WriteOptions::default()),
        "markdown/docx/lists_nested_restart.docx.md",
    );
    assert_same(
        write::html(&document, &WriteOptions::default()),
        "writers/lists_nested_restart.docx.html",
    );
}

#[test]
fn html_tables_in_markdown_and_text() {
    let document = convert("html/table_shapes.html");
    assert_same(
        write::markdown(&document, &WriteOptions::default()),
        "markdown/html/table_shapes.html.md",
    );
    assert_same(
        write::text(&document, &WriteOptions::default()),
        "writers/table_shapes.html.txt",
    );
}

#[test]
fn page_markers_in_text() {
    let document = convert("pdf/book_footers.pdf");
    let options = WriteOptions::default().with_markers(true);
    assert_same(
        write::text(&document, &options),
        "writers/book_footers.pdf.txt",
    );
}

#[test]
fn no_writer_loses_a_word_of_any_fixture() {
    // Every paragraph, heading, list item and cell text of every fixture
    // appears in the Markdown, the text and the HTML (as written there:
    // escaped, its lines re-flowed), so no block kind is dropped.
    let mut checked = 0;
    let folders = ["text", "html", "docx", "spreadsheet", "pdf", "csv"];
    for (format, name, document) in common::converted_fixtures(&folders) {
        let options = WriteOptions::default();
        let squeeze = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
        // Link targets and tags are not the document's words.
        let markdown = write::markdown(&document, &options).replace("<br>", "\n");
        // Escaped brackets are text; the rest are the tags of HTML tables.
        let markdown = without_targets(&markdown).replace("\\<", "\u{E000}");
        let markdown = squeeze(&without_tags(&markdown).replace('\u{E000}', "<"));
        let html = squeeze(&without_tags(&write::html(&document, &options)));
        let texts = block_texts(&document);
        for text in &texts {
            let wanted = squeeze(text);
            for (output, writer) in [(&markdown, "markdown"), (&html, "html")] {
                assert!(
                    output.contains(&wanted),
                    "{format}/{name}: {writer} lost {text:?}"
                );
            }
        }
        // The text writer wraps long cells, interleaving them with their
        // neighbours, so it is held to every character instead.
        let mut missing = letters(&squeeze(&texts.concat()));
        for (c, n) in letters(&squeeze(&write::text(&document, &options))) {
            if let Some(wanted) = missing.get_mut(&c) {
                *wanted = wanted.saturating_sub(n);
            }
        }
        missing.retain(|_, n| *n > 0);
        assert!(missing.is_empty(), "{format}/{name}: text lost {missing:?}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} fixtures converted");
}

/// The texts of a document's blocks and cells.
fn block_texts(document: &docmend::Document) -> Vec<String> {
    use docmend::model::Block;
    let mut texts = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Heading(h) => texts.push(h.text.clone()),
            Block::Paragraph(p) => texts.push(p.text.clone()),
            Block::List(l) => texts.extend(l.items.iter().map(|i| i.text.clone())),
            Block::Table(t) => texts.extend(t.cells.iter().map(|c| c.text.clone())),
            _ => {}
        }
    }
    texts
}

/// How many times each character occurs.
fn letters(text: &str) -> std::collections::HashMap<char, usize> {
    let mut counts = std::collections::HashMap::new();
    for c in text.chars() {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// Markdown without the `(target)` of its links.
fn without_targets(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        // A destination in angle brackets may hold parentheses.
        let end = if after.starts_with('<') {
            after.find(">)").map(|i| i + 2)
        } else {
            after.find(')').map(|i| i + 1)
        };
        rest = &after[end.unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

/// HTML without its tags (and so without link targets and the style).
fn without_tags(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}
