//! docmend turns messy report documents into one canonical JSON model and
//! repairs the tables that exporters collapsed.
//!
//! The flow for one file (see `docs/architecture.md`):
//! [`sniff`] → a [`converter::Converter`] from [`registry`] → [`cleanup`] →
//! [`headings`] → [`repair`] → [`profile`] → output. Converters live in `converters/`, one module per format.

pub mod cjk;
pub mod cleanup;
pub mod converter;
#[path = "../converters/mod.rs"]
pub mod converters;
pub mod counters;
pub mod decode;
pub mod error;
pub mod headings;
pub mod model;
pub mod numbering;
pub mod passes;
pub mod pipeline;
pub mod profile;
pub mod registry;
pub mod repair;
pub mod schema;
pub mod sniff;

pub use converter::{Converter, Options};
pub use error::Error;
pub use model::Document;
pub use passes::{Pass, Passes};
pub use pipeline::convert_bytes;
pub use registry::Registry;
