//! One module per input format. Each parses its format's own structure and
//! lowers it into the canonical model; nothing here is shared between
//! formats except the model and the [`crate::converter::Converter`] trait.

#[cfg(feature = "csv")]
pub mod csv;
#[cfg(feature = "docx")]
pub mod docx;
#[cfg(feature = "html")]
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(feature = "spreadsheet")]
pub mod spreadsheet;
#[cfg(feature = "text")]
pub mod text;
