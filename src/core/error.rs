//! Errors a conversion can end in. Each names the reason in words a person
//! can act on; the CLI adds the file name.

use thiserror::Error;

/// Why a conversion failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The input has no bytes.
    #[error("empty file: nothing to convert")]
    Empty,
    /// No converter reads what the bytes look like.
    #[error("unsupported format: {seen}")]
    Unsupported {
        /// What the bytes look like ("PNG image (no text layer; …)").
        seen: String,
    },
    /// The bytes are of a format whose converter this build leaves out.
    #[error("no converter for {format} files in this build")]
    ConverterMissing {
        /// The format's name.
        format: String,
    },
    /// The converter could not read the input as its format.
    #[error("cannot convert as {format}: {reason}")]
    Malformed {
        /// The format's name.
        format: String,
        /// What is wrong with the input, in words a person can act on.
        reason: String,
    },
    /// The input is larger than a limit allows.
    #[error("input of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The input's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A converter or a step panicked; the pipeline contained it.
    #[error("{during} failed unexpectedly: {message}")]
    Panicked {
        /// Which stage: `converter NAME` or `step NAME`.
        during: String,
        /// The panic's message.
        message: String,
    },
}
