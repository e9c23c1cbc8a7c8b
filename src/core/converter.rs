//! The converter trait: what every format module implements.
//!
//! A converter is a pure function of (bytes, options) to a [`Converted`]
//! document: it keeps no global state, prints nothing and never exits, so
//! that batches can run converters in parallel workers. It parses its own
//! format's structure and lowers it into the canonical blocks; cleanup,
//! repair and the profile run afterwards on the model alone.

use crate::error::Error;
use crate::model::{Block, Diagnostic, Format, Metadata};
use crate::passes::Passes;

/// How many leading bytes converters see when sniffing.
pub const SNIFF_LEN: usize = 8192;

/// How sure a converter is that it can read some bytes, from their start.
/// The registry picks the converter with the highest confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Confidence(pub u8);

impl Confidence {
    /// Cannot read this at all.
    pub const NONE: Confidence = Confidence(0);
    /// Could read it, but another converter is likely better.
    pub const FALLBACK: Confidence = Confidence(10);
    /// Plausible, from weak evidence (e.g. text that decodes).
    pub const LIKELY: Confidence = Confidence(50);
    /// The format's own signature is present.
    pub const CERTAIN: Confidence = Confidence(100);
}

/// The resources one conversion may use. Every converter honours them, so
/// that a hostile or broken file fails with a clear error instead of
/// taking the memory or the time of a whole batch. The defaults are far
/// above any real report and below what a 2-core machine with a few GiB
/// can give each of its workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest input, in bytes: 1 GiB. Larger inputs fail with
    /// [`Error::TooLarge`] before any converter runs (the whole input is
    /// held in memory while it converts, once per worker).
    pub max_input_bytes: u64,
    /// The most bytes a packaged format may unpack in all (the parts of a
    /// DOCX, XLSX or ODS package, the streams of a PDF): 1 GiB.
    pub max_unpacked_bytes: u64,
    /// The most bytes of one unpacked part or stream: 64 MiB.
    pub max_part_bytes: u64,
    /// The most table positions (rows × columns, merged cells counted
    /// whole) of one document: 5,000,000. Every position becomes a cell of
    /// the model, which costs 150–250 bytes through the pipeline and its
    /// JSON whatever the cell holds, so 5,000,000 positions take about
    /// 1 GiB. A table past it is left out or kept as text and reported
    /// (`table_too_large`), or the file is refused, as each converter's
    /// page says. The spreadsheet converter also bounds by it the cells
    /// calamine lays out for XLS and ODS sheets and the strings a
    /// shared-string table declares.
    pub max_table_cells: u64,
    /// The most pages of a PDF that are read: 5,000.
    pub max_pages: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 1 << 30,
            max_unpacked_bytes: 1 << 30,
            max_part_bytes: 64 << 20,
            max_table_cells: 5_000_000,
            max_pages: 5_000,
        }
    }
}

/// Options shared by all converters and the passes after them.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Skip content sniffing and use the converter for this format.
    pub forced_format: Option<Format>,
    /// Which passes run over the model after the converter (all by default).
    pub passes: Passes,
    /// The password that opens an encrypted file (PDF), if one was given.
    /// Files encrypted with an empty user password open without it.
    pub password: Option<String>,
    /// The resources a conversion may use.
    pub limits: Limits,
}

/// What a converter hands back before cleanup, repair and profiling.
/// Made with [`Converted::new`]; it may gain fields.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Converted {
    /// The format the input was read as.
    pub format: Format,
    /// The character encoding used, for text-based formats.
    pub encoding: Option<String>,
    /// What the format says of the document.
    pub metadata: Metadata,
    /// The blocks in reading order; tables raw or exact as the format gave them.
    pub blocks: Vec<Block>,
    /// What the converter noticed, dropped or could not read.
    pub diagnostics: Vec<Diagnostic>,
}

impl Converted {
    /// A converted document without an encoding or diagnostics.
    pub fn new(format: Format, metadata: Metadata, blocks: Vec<Block>) -> Converted {
        Converted {
            format,
            encoding: None,
            metadata,
            blocks,
            diagnostics: Vec::new(),
        }
    }

    /// The same, naming the character encoding the input was decoded from.
    pub fn with_encoding(mut self, encoding: impl Into<String>) -> Converted {
        self.encoding = Some(encoding.into());
        self
    }

    /// The same, with the converter's diagnostics.
    pub fn with_diagnostics(mut self, diagnostics: Vec<Diagnostic>) -> Converted {
        self.diagnostics = diagnostics;
        self
    }
}

/// A reader of one or more formats: what a converter crate implements and
/// the registry of the `docmend` crate chooses among by [`sniff`].
///
/// [`convert`] is a pure function of (bytes, options): it keeps no state
/// between calls, prints nothing, never exits, and does not panic; input
/// it cannot read ends in an [`Error`] that names the reason. `Send +
/// Sync`, so that one registry serves parallel workers.
///
/// [`sniff`]: Converter::sniff
/// [`convert`]: Converter::convert
pub trait Converter: Send + Sync {
    /// Short stable name, recorded as `source.converter`.
    fn name(&self) -> &'static str;
    /// The formats this converter reads.
    fn formats(&self) -> &'static [Format];
    /// One line for `docmend formats`.
    fn description(&self) -> &'static str;
    /// How confident the converter is, judging from the first bytes
    /// (at most [`SNIFF_LEN`] of them).
    fn sniff(&self, head: &[u8]) -> Confidence;
    /// Converts the whole input.
    fn convert(&self, bytes: &[u8], options: &Options) -> Result<Converted, Error>;
}
