//! Writers: a converted [`Document`] as Markdown, plain text or a
//! standalone HTML page, for readers that want something other than the
//! canonical JSON (retrieval pipelines read Markdown; a person reads the
//! text or the page).
//!
//! Each writer works on the model only, in its own module, and keeps every
//! word of the document: a table whose cells span rows or columns, which a
//! Markdown pipe table cannot hold, is written as an HTML table with
//! `rowspan` and `colspan` rather than repeating or dropping a spanned
//! cell's text.

mod audit;
mod chunks;
mod grid;
mod html;
mod inline;
mod markdown;
mod text;

use crate::model::Document;

/// How a writer lays out a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Mark where each page (PDF) or sheet (workbooks) begins: an HTML
    /// comment in Markdown, a line in text, a divider in HTML.
    pub markers: bool,
}

impl WriteOptions {
    /// Options with page and sheet markers on or off.
    pub fn with_markers(mut self, markers: bool) -> WriteOptions {
        self.markers = markers;
        self
    }
}

pub use audit::audit;
pub use chunks::{Chunk, ChunkOptions, chunks};
pub use html::escape as escape_html;

/// The document as GitHub-flavoured Markdown.
pub fn markdown(document: &Document, options: &WriteOptions) -> String {
    markdown::write(document, options)
}

/// The document as plain text in reading order, tables as aligned columns.
pub fn text(document: &Document, options: &WriteOptions) -> String {
    text::write(document, options)
}

/// The document as a standalone HTML page.
pub fn html(document: &Document, options: &WriteOptions) -> String {
    html::write(document, options)
}

/// Ends what is written so far with a blank line, to begin a block.
fn separate(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Where a block begins, for the markers: a page or a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Page(u32),
    Sheet(String),
}

/// Tracks the page or sheet of consecutive blocks and says when it changes.
#[derive(Default)]
struct Places {
    current: Option<Place>,
}

impl Places {
    /// The place `block` begins, when markers are on and it differs from
    /// the place of the block before.
    fn change(&mut self, block: &crate::model::Block, options: &WriteOptions) -> Option<Place> {
        if !options.markers {
            return None;
        }
        let origin = block.origin()?;
        let place = match (&origin.sheet, origin.page) {
            (Some(sheet), _) => Place::Sheet(sheet.clone()),
            (None, Some(page)) => Place::Page(page),
            (None, None) => return None,
        };
        if self.current.as_ref() == Some(&place) {
            return None;
        }
        self.current = Some(place.clone());
        Some(place)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{
        Block, Cell, Document, Format, Layout, Metadata, RawTable, SCHEMA_VERSION, Source, Table,
    };

    /// A document of these blocks, for the writers' tests.
    pub fn document(blocks: Vec<Block>) -> Document {
        Document {
            schema_version: SCHEMA_VERSION.to_string(),
            source: Source {
                path: "报告.txt".into(),
                format: Format::Text,
                size_bytes: 0,
                sha256: String::new(),
                encoding: None,
                converter: "text".into(),
                passes: Vec::new(),
                docmend_version: None,
            },
            metadata: Metadata::default(),
            blocks,
            profile: None,
            diagnostics: Vec::new(),
        }
    }

    /// A whole table for the writers' tests.
    pub fn table(n_rows: usize, n_cols: usize, header_rows: usize, cells: Vec<Cell>) -> Table {
        Table {
            n_rows,
            n_cols,
            header_rows,
            cells,
            repairs: Vec::new(),
            origin: None,
            layout: Layout::Exact,
            raw: RawTable::default(),
        }
    }
}
