//! docmend turns messy report documents into one canonical JSON model and
//! repairs the tables that exporters collapsed.
//!
//! One input goes through a converter chosen by content ([`Registry`]),
//! then a list of steps over the model ([`pipeline::Pipeline`]: cleanup,
//! headings, table repair, the annual-report profile), and comes out as a
//! [`Document`] (see `docs/architecture.md` and `docs/schema.md`).
//!
//! ```
//! # #[cfg(feature = "text")] // the example reads text
//! # fn main() -> Result<(), docmend::Error> {
//! use docmend::{Options, Registry};
//! use docmend::model::Block;
//!
//! let text = "| 年份 | 件数 |\n| --- | --- |\n| 2021 | 3 |\n| 2022 | 10 |\n";
//! let doc = docmend::convert_bytes(&Registry::default(), text.as_bytes(), "t.md", &Options::default())?;
//! assert_eq!(doc.source.format.as_str(), "text");
//! let Block::Table(table) = &doc.blocks[0] else { panic!("a table") };
//! assert_eq!((table.n_rows, table.n_cols), (3, 2));
//! // A sound table is read as it is: nothing to repair.
//! assert!(table.repairs.is_empty());
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "text"))]
//! # fn main() {}
//! ```
//!
//! The converters are crates of their own under `converters/`, one per
//! format, each behind a cargo feature of this crate and re-exported as
//! [`converters`]; a program adds its own with [`Registry::register`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use docmend_core::{converter, diagnostic_code, error, model, passes};

// What the converters share with the passes; a converter outside docmend
// takes these from `docmend-core` directly.
pub(crate) use docmend_core::{cjk, numbering, page_line, sniff};

mod cleanup;
pub mod corpus;
mod headings;
pub mod pipeline;
pub mod profile;
pub mod registry;
mod repair;
pub mod schema;
mod steps;
pub mod write;

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

pub use converter::{Converter, Limits, Options};
pub use error::Error;
pub use model::Document;
pub use passes::{Pass, Passes};
pub use pipeline::{Pipeline, convert_bytes};
pub use registry::Registry;
