//! Loading a PDF with lopdf under a decompression cap, and telling an
//! encrypted file from a damaged one.

use super::malformed;
use crate::error::Error;
use crate::model::{Diagnostic, Severity};

/// Total decompressed size lopdf may inflate while loading.
const MAX_DECOMPRESSED: usize = 256 << 20;

/// A loaded document and what loading it noticed.
pub struct Loaded {
    pub doc: lopdf::Document,
    /// The file declares encryption (it may still have been readable).
    pub encrypted: bool,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn load(bytes: &[u8]) -> Result<Loaded, Error> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_DECOMPRESSED),
        ..Default::default()
    };
    let declares_encryption = contains(bytes, b"/Encrypt");
    let doc = match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(_) if declares_encryption => return Err(encrypted_error()),
        Err(e) => return Err(malformed(format!("cannot load: {e}"))),
    };
    let mut diagnostics = Vec::new();
    let encrypted = doc.was_encrypted() || doc.is_encrypted() || declares_encryption;
    if encrypted {
        diagnostics.push(Diagnostic::new(
            Severity::Info,
            "encrypted_no_password",
            "the PDF is encrypted with an empty user password; read without one",
        ));
    }
    Ok(Loaded {
        doc,
        encrypted,
        diagnostics,
    })
}

pub fn encrypted_error() -> Error {
    malformed("encrypted PDF: not supported; remove the password first".into())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
