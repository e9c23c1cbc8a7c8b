//! Errors a conversion can end in. Each names the reason in words a person
//! can act on; the CLI adds the file name.

use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("empty file: nothing to convert")]
    Empty,
    #[error("unsupported format: {seen}")]
    Unsupported { seen: String },
    #[error("no converter for {format} files in this build")]
    ConverterMissing { format: String },
    #[error("cannot convert as {format}: {reason}")]
    Malformed { format: String, reason: String },
    #[error("input of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("{during} failed unexpectedly: {message}")]
    Panicked { during: String, message: String },
}
