//! The converter registry: picks a converter for some bytes by content.

use crate::converter::{Confidence, Converter};
use crate::error::Error;
use crate::model::Format;
use crate::sniff::{self, Seen};

pub use crate::converter::SNIFF_LEN;

/// The converters a conversion can choose from, in priority order.
///
/// [`Registry::default`] holds the converters compiled into this build.
/// A program adds its own with [`Registry::register`] (and
/// [`Registry::register_with_priority`] to win ties with docmend's own):
///
/// ```
/// use docmend::converter::{Confidence, Converted, Converter, Options};
/// use docmend::model::{Block, Format, FormatName, Metadata, Paragraph};
/// use docmend::{Error, Registry};
///
/// const NOTES: Format = Format::Other(FormatName::new("notes"));
///
/// struct Notes;
///
/// impl Converter for Notes {
///     fn name(&self) -> &'static str { "notes" }
///     fn formats(&self) -> &'static [Format] { &[NOTES] }
///     fn description(&self) -> &'static str { "one paragraph per line after a NOTES: line" }
///     fn sniff(&self, head: &[u8]) -> Confidence {
///         if head.starts_with(b"NOTES:") { Confidence::CERTAIN } else { Confidence::NONE }
///     }
///     fn convert(&self, bytes: &[u8], _: &Options) -> Result<Converted, Error> {
///         let text = String::from_utf8_lossy(bytes);
///         let blocks = text.lines().skip(1)
///             .map(|line| Block::Paragraph(Paragraph::new(line, None)))
///             .collect();
///         Ok(Converted::new(NOTES, Metadata::default(), blocks))
///     }
/// }
///
/// let mut registry = Registry::default();
/// registry.register(Notes);
/// let doc = docmend::convert_bytes(&registry, b"NOTES:\nfirst\nsecond", "a.notes", &Options::default())?;
/// assert_eq!(doc.source.format.as_str(), "notes");
/// assert_eq!(doc.blocks.len(), 2);
/// # Ok::<(), docmend::Error>(())
/// ```
pub struct Registry {
    /// Highest priority first; within one priority, in registration order.
    entries: Vec<Entry>,
}

struct Entry {
    priority: i32,
    converter: Box<dyn Converter>,
}

/// The priority of docmend's own converters and of [`Registry::register`].
pub const DEFAULT_PRIORITY: i32 = 0;

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
        Registry::with(converters)
    }
}

impl Registry {
    /// A registry with no converter at all.
    pub fn empty() -> Registry {
        Registry {
            entries: Vec::new(),
        }
    }

    /// A registry of exactly the given converters, at the default
    /// priority, in this order for ties.
    pub fn with(converters: Vec<Box<dyn Converter>>) -> Registry {
        let mut registry = Registry::empty();
        for converter in converters {
            registry.insert(DEFAULT_PRIORITY, converter);
        }
        registry
    }

    /// Adds a converter at the default priority: it is chosen when it is
    /// more confident than every other, and loses ties to the converters
    /// registered before it.
    pub fn register(&mut self, converter: impl Converter + 'static) -> &mut Registry {
        self.register_with_priority(converter, DEFAULT_PRIORITY)
    }

    /// Adds a converter with a priority: on equal confidence, and for a
    /// forced format several converters read, the converter with the
    /// higher priority wins (docmend's own have [`DEFAULT_PRIORITY`]).
    pub fn register_with_priority(
        &mut self,
        converter: impl Converter + 'static,
        priority: i32,
    ) -> &mut Registry {
        self.insert(priority, Box::new(converter));
        self
    }

    fn insert(&mut self, priority: i32, converter: Box<dyn Converter>) {
        // After every entry of the same or a higher priority.
        let at = self
            .entries
            .iter()
            .position(|e| e.priority < priority)
            .unwrap_or(self.entries.len());
        self.entries.insert(
            at,
            Entry {
                priority,
                converter,
            },
        );
    }

    /// The converters, in the order ties are decided.
    pub fn converters(&self) -> impl Iterator<Item = &dyn Converter> {
        self.entries.iter().map(|e| e.converter.as_ref())
    }

    /// The converter for `format`, if this registry has one (the one with
    /// the highest priority, if several).
    pub fn for_format(&self, format: Format) -> Option<&dyn Converter> {
        self.converters().find(|c| c.formats().contains(&format))
    }

    /// The format called `name` among the formats of this registry's
    /// converters (docmend's own and others').
    pub fn format_named(&self, name: &str) -> Option<Format> {
        self.converters()
            .flat_map(|c| c.formats().iter().copied())
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
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
        // The most confident converter; on a tie, the first in priority
        // order.
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
