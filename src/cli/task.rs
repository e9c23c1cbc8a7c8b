//! What a batch computes from each converted document, wherever the
//! conversion runs (on a thread of this process or in a worker process):
//! the document written as `convert --to` asks (JSON, Markdown, text,
//! HTML), or the profile summary for `check` and `stats`. Only this
//! product travels back from a worker, never the document's blocks.

use crate::output::{self, Style};
use crate::summary::Summary;
use docmend::Document;
use docmend::model::{Block, DiagnosticCode, Severity};
use docmend::write::{self, WriteOptions};
use serde::{Deserialize, Serialize};

/// What to make of a converted document.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum Task {
    /// The document written out.
    Render(Render),
    /// The facts `check` and `stats` print; with `audit`, the report's
    /// audit page too (`check --html`); with `diagnostics`, the
    /// document's diagnostics in the summary (`stats --sqlite`).
    Summary {
        audit: bool,
        #[serde(default)]
        diagnostics: bool,
    },
}

/// How `convert` writes a document.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Render {
    pub to: To,
    /// JSON only: compact or indented.
    pub style: Style,
    /// Markdown, text, HTML: mark where pages and sheets begin.
    pub markers: bool,
    /// Chunks: the most characters of one.
    pub chunk_chars: usize,
}

/// The output formats of `convert --to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum To {
    /// The canonical JSON
    Json,
    /// GitHub-flavoured Markdown; tables with spans as HTML tables
    #[value(alias = "md")]
    Markdown,
    /// Plain text in reading order, tables as aligned columns
    #[value(alias = "txt")]
    Text,
    /// A standalone HTML page
    Html,
    /// Chunks for retrieval as JSON Lines: heading path, pages, source
    /// positions, Markdown text of at most --chunk-size characters
    Chunks,
}

impl To {
    /// The extension of an output file under `--out-dir`.
    pub fn extension(self) -> &'static str {
        match self {
            To::Json => "json",
            To::Markdown => "md",
            To::Text => "txt",
            To::Html => "html",
            To::Chunks => "chunks.jsonl",
        }
    }

    /// Whether several documents can follow one another on one stream
    /// (JSON Lines).
    pub fn is_stream(self) -> bool {
        matches!(self, To::Json | To::Chunks)
    }
}

/// What a [`Task`] made of one document, with the facts about the
/// document that the batch counts and records.
pub struct Product {
    pub made: Made,
    pub facts: Facts,
}

/// The output of a [`Task`].
pub enum Made {
    /// The written document, ending in a newline.
    Rendered(Vec<u8>),
    /// The summary, and the audit page when it was asked for and the
    /// document is a report.
    Summary(Summary, Option<Vec<u8>>),
}

impl Made {
    /// The bytes of a [`Task::Render`].
    pub fn into_rendered(self) -> Result<Vec<u8>, String> {
        match self {
            Made::Rendered(bytes) => Ok(bytes),
            Made::Summary(..) => Err(mismatch()),
        }
    }

    /// The summary of a [`Task::Summary`], and its audit page.
    pub fn into_summary(self) -> Result<(Summary, Option<Vec<u8>>), String> {
        match self {
            Made::Summary(summary, page) => Ok((summary, page)),
            Made::Rendered(_) => Err(mismatch()),
        }
    }
}

/// What the batch counts and records of a converted document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Facts {
    /// The input's SHA-256, as `source.sha256`.
    pub sha256: String,
    /// Why the document holds no text at all (a scanned PDF, an empty
    /// file), or `None` when it has some.
    pub empty: Option<String>,
    /// How many diagnostics are warnings or errors.
    pub warnings: usize,
}

impl Facts {
    pub fn of(document: &Document) -> Facts {
        let warnings = document
            .diagnostics
            .iter()
            .filter(|d| !matches!(d.severity, Severity::Info))
            .count();
        let empty = (!has_text(document)).then(|| {
            // The converter's own words, where it said why (a scanned PDF).
            document
                .diagnostics
                .iter()
                .find(|d| d.code == DiagnosticCode::NoTextLayer)
                .map_or_else(|| "no text was found".to_string(), |d| d.message.clone())
        });
        Facts {
            sha256: document.source.sha256.clone(),
            empty,
            warnings,
        }
    }
}

/// Whether any block holds a character that is not white space.
fn has_text(document: &Document) -> bool {
    let some = |text: &str| text.chars().any(|c| !c.is_whitespace());
    document.blocks.iter().any(|block| match block {
        Block::Heading(h) => some(&h.text) || h.numbering.as_deref().is_some_and(some),
        Block::Paragraph(p) => some(&p.text),
        Block::List(l) => l.items.iter().any(|i| some(&i.text)),
        Block::Table(t) => t.cells.iter().any(|c| some(&c.text)),
        _ => true,
    })
}

impl Render {
    fn write(self, document: &Document) -> Result<Vec<u8>, String> {
        let options = WriteOptions::default().with_markers(self.markers);
        let text = match self.to {
            To::Json => {
                return output::encode(document, self.style)
                    .map_err(|e| format!("cannot encode the document as JSON: {e}"));
            }
            To::Markdown => write::markdown(document, &options),
            To::Text => write::text(document, &options),
            To::Html => write::html(document, &options),
            To::Chunks => return chunk_lines(document, self.chunk_chars),
        };
        let mut bytes = text.into_bytes();
        // Every output ends in a newline, an empty document's too.
        if bytes.last() != Some(&b'\n') {
            bytes.push(b'\n');
        }
        Ok(bytes)
    }
}

/// The document's chunks as JSON Lines, each line naming the input.
fn chunk_lines(document: &Document, max_chars: usize) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Line<'a> {
        path: &'a str,
        #[serde(flatten)]
        chunk: &'a write::Chunk,
    }
    let options = write::ChunkOptions::default().with_max_chars(max_chars);
    let mut bytes = Vec::new();
    for chunk in write::chunks(document, &options) {
        let line = Line {
            path: &document.source.path,
            chunk: &chunk,
        };
        serde_json::to_writer(&mut bytes, &line)
            .map_err(|e| format!("cannot encode a chunk as JSON: {e}"))?;
        bytes.push(b'\n');
    }
    Ok(bytes)
}

fn mismatch() -> String {
    "internal error (please report it): a worker answered another task".to_string()
}

impl Task {
    pub fn perform(self, document: Document) -> Result<Product, String> {
        let facts = Facts::of(&document);
        let made = match self {
            Task::Render(render) => Made::Rendered(render.write(&document)?),
            Task::Summary { audit, diagnostics } => {
                let page = audit
                    .then(|| write::audit(&document))
                    .flatten()
                    .map(String::into_bytes);
                Made::Summary(Summary::of(document, diagnostics), page)
            }
        };
        Ok(Product { made, facts })
    }
}

/// Converts one input's bytes and performs `task` on the document: the
/// work of one file, the same in this process and in a worker.
pub fn convert_and_perform(
    registry: &docmend::Registry,
    options: &docmend::Options,
    task: Task,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Product, String> {
    let document =
        docmend::convert_bytes(registry, &bytes, name, options).map_err(|e| e.to_string())?;
    // The input bytes can be large; the document no longer needs them.
    drop(bytes);
    task.perform(document)
}
