//! What a batch computes from each converted document, wherever the
//! conversion runs (on a thread of this process or in a worker process):
//! the encoded JSON for `convert`, the profile summary for `check` and
//! `stats`. Only this product travels back from a worker, never the
//! document's blocks.

use crate::output::{self, Style};
use crate::summary::Summary;
use docmend::Document;
use serde::{Deserialize, Serialize};

/// What to make of a converted document.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum Task {
    /// The document as JSON, followed by a newline.
    Json(Style),
    /// The facts `check` and `stats` print.
    Summary,
}

/// What a [`Task`] made.
pub enum Product {
    Json(Vec<u8>),
    Summary(Summary),
}

impl Product {
    /// The JSON of a [`Task::Json`].
    pub fn into_json(self) -> Result<Vec<u8>, String> {
        match self {
            Product::Json(json) => Ok(json),
            Product::Summary(_) => Err(mismatch()),
        }
    }

    /// The summary of a [`Task::Summary`].
    pub fn into_summary(self) -> Result<Summary, String> {
        match self {
            Product::Summary(summary) => Ok(summary),
            Product::Json(_) => Err(mismatch()),
        }
    }
}

fn mismatch() -> String {
    "internal error (please report it): a worker answered another task".to_string()
}

impl Task {
    pub fn perform(self, document: Document) -> Result<Product, String> {
        match self {
            Task::Json(style) => output::encode(&document, style)
                .map(Product::Json)
                .map_err(|e| format!("cannot encode the document as JSON: {e}")),
            Task::Summary => Ok(Product::Summary(Summary::of(document))),
        }
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
