//! The converter registry: picks a converter for some bytes by content.

use crate::converter::{Confidence, Converter};
use crate::error::Error;
use crate::model::Format;
use crate::sniff::{self, Seen};

pub use crate::converter::SNIFF_LEN;

/// The converters compiled into this build, in a fixed order.
pub struct Registry {
    converters: Vec<Box<dyn Converter>>,
}

impl Default for Registry {
    /// Every converter whose cargo feature is enabled.
    fn default() -> Registry {
        let converters: Vec<Box<dyn Converter>> = vec![
            #[cfg(feature = "docx")]
            Box::new(docmend_docx::DocxConverter),
            #[cfg(feature = "spreadsheet")]
            Box::new(docmend_spreadsheet::SpreadsheetConverter),
            #[cfg(feature = "pdf")]
            Box::new(docmend_pdf::PdfConverter),
            #[cfg(feature = "html")]
            Box::new(docmend_html::HtmlConverter),
            #[cfg(feature = "csv")]
            Box::new(docmend_csv::CsvConverter),
            #[cfg(feature = "text")]
            Box::new(docmend_text::TextConverter),
        ];
        Registry { converters }
    }
}

impl Registry {
    /// A registry of the given converters, in priority order for ties.
    pub fn with(converters: Vec<Box<dyn Converter>>) -> Registry {
        Registry { converters }
    }

    pub fn converters(&self) -> impl Iterator<Item = &dyn Converter> {
        self.converters.iter().map(|c| c.as_ref())
    }

    /// The converter for `format`, if this build has one.
    pub fn for_format(&self, format: Format) -> Option<&dyn Converter> {
        self.converters().find(|c| c.formats().contains(&format))
    }

    /// Chooses the converter for `bytes`, or explains why none fits.
    pub fn choose(&self, bytes: &[u8], forced: Option<Format>) -> Result<&dyn Converter, Error> {
        if let Some(format) = forced {
            return self
                .for_format(format)
                .ok_or_else(|| Error::ConverterMissing {
                    format: format.to_string(),
                });
        }
        let head = &bytes[..bytes.len().min(SNIFF_LEN)];
        let seen = sniff::identify(head);
        if seen == Seen::Empty {
            return Err(Error::Empty);
        }
        // The most confident converter; on a tie, the one registered first.
        let best = self
            .converters()
            .map(|c| (c.sniff(head), c))
            .filter(|(confidence, _)| *confidence > Confidence::NONE)
            .fold(
                None,
                |best: Option<(Confidence, &dyn Converter)>, candidate| match best {
                    Some(b) if b.0 >= candidate.0 => Some(b),
                    _ => Some(candidate),
                },
            );
        match best {
            Some((_, converter)) => Ok(converter),
            None => Err(match format_of(seen) {
                Some(format) => Error::ConverterMissing {
                    format: format.to_string(),
                },
                None => Error::Unsupported {
                    seen: seen.describe().to_string(),
                },
            }),
        }
    }
}

/// The format a signature implies, where docmend has (or plans) a converter.
fn format_of(seen: Seen) -> Option<Format> {
    match seen {
        Seen::Pdf => Some(Format::Pdf),
        Seen::Html => Some(Format::Html),
        Seen::Text => Some(Format::Text),
        _ => None,
    }
}
