//! docmend turns messy report documents into one canonical JSON model and
//! repairs the tables that exporters collapsed.
//!
//! The flow for one file (see `docs/architecture.md`):
//! [`sniff`] → a [`converter::Converter`] from [`registry`] → [`cleanup`] →
//! [`headings`] → [`repair`] → [`profile`] → output. Converters are crates
//! of their own under `converters/`, one per format, re-exported here as
//! [`converters`].

pub use docmend_core::{
    blocks, cjk, converter, counters, dates, decode, diagnostic_code, error, model, numbering,
    page_line, page_words, passes, sniff,
};

pub mod cleanup;
pub mod headings;
pub mod pipeline;
pub mod profile;
pub mod registry;
pub mod repair;
pub mod schema;
pub mod steps;

/// The converters compiled into this build, one crate per format.
pub mod converters {
    #[cfg(feature = "csv")]
    pub use docmend_csv as csv;
    #[cfg(feature = "docx")]
    pub use docmend_docx as docx;
    #[cfg(feature = "html")]
    pub use docmend_html as html;
    #[cfg(feature = "pdf")]
    pub use docmend_pdf as pdf;
    #[cfg(feature = "spreadsheet")]
    pub use docmend_spreadsheet as spreadsheet;
    #[cfg(feature = "text")]
    pub use docmend_text as text;
}

pub use converter::{Converter, Options};
pub use error::Error;
pub use model::Document;
pub use passes::{Pass, Passes};
pub use pipeline::convert_bytes;
pub use registry::Registry;
