//! Loading a PDF with lopdf under a decompression cap: refusing the files
//! lopdf cannot read safely (seen in the raw bytes, [`super::raw`]),
//! decrypting those with an empty user password, telling an encrypted file
//! from a damaged one, and reporting what had to be mended
//! ([`super::mend`]).

use super::malformed;
use super::mend::{mend_page_tree, recover_stream_data, unreadable_objects};
use super::raw::{Marks, find_all, length_chain_links};
use docmend_core::error::Error;
use docmend_core::model::{Diagnostic, DiagnosticCode};
use lopdf::Document;
use lopdf::xref::XrefRecovery;

/// Streams whose `/Length` leads on to another stream (see
/// [`length_chain_links`]) tolerated before refusing the file.
const MAX_LENGTH_LINKS: usize = 32;

/// A loaded document and what loading it noticed.
pub struct Loaded {
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads a PDF; `password` opens one encrypted with a user password (an
/// empty user password needs none). `max_stream_bytes`
/// (`Limits::max_part_bytes`) bounds how large one stream lopdf inflates
/// while loading (object and cross-reference streams) may grow; real ones
/// hold a few megabytes.
pub fn load(
    bytes: &[u8],
    password: Option<&str>,
    max_stream_bytes: usize,
) -> Result<Loaded, Error> {
    let marks = Marks::scan(bytes);
    let links = if marks.indirect_lengths {
        length_chain_links(bytes)
    } else {
        0
    };
    if links > MAX_LENGTH_LINKS {
        // lopdf resolves an indirect /Length by recursion, one level per
        // link: a long chain overflows the stack, an abort no catch_unwind
        // can stop.
        return Err(malformed(format!(
            "{links} streams take their /Length from another stream: a chain no PDF \
             needs, refused before parsing because following it would exhaust the stack"
        )));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(max_stream_bytes),
        password: password.map(str::to_string),
        ..Default::default()
    };
    let declares_encryption = marks.encryption;
    let mut doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) if is_encryption_error(&e) => {
            return Err(malformed(format!(
                "encrypted PDF: cannot decrypt it: {}",
                describe(&e)
            )));
        }
        Err(e) => {
            let also = if declares_encryption {
                " (the file is also encrypted)"
            } else {
                ""
            };
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            let cut = if find_all(tail, b"%%EOF").next().is_none() {
                "the file looks cut short (no %%EOF at its end): "
            } else {
                ""
            };
            let catalog = if find_all(bytes, b"/Catalog").next().is_none() {
                "; the file has no /Catalog object, where a PDF starts"
            } else {
                ""
            };
            let flag = if exceeds_stream_limit(&e) {
                " (one stream's limit; --max-part-bytes)"
            } else {
                ""
            };
            return Err(malformed(format!(
                "{cut}cannot load: {}{flag}{catalog}{also}",
                describe(&e)
            )));
        }
    };
    // lopdf tries the empty user password itself; a document still
    // encrypted after loading needs a real one.
    let mut diagnostics = Vec::new();
    if doc.is_encrypted() {
        if password.is_some() {
            return Err(malformed(
                "encrypted PDF: the password given does not open it".into(),
            ));
        }
        return Err(password_required(&doc));
    }
    if doc.was_encrypted() && password.is_some() {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::DecryptedWithPassword,
            "the PDF is encrypted; decrypted with the password given",
        ));
    } else if doc.was_encrypted() {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::EncryptedNoPassword,
            "the PDF is encrypted with an empty user password; decrypted and read",
        ));
    } else if declares_encryption {
        // The file is encrypted, but the trailer naming the encryption
        // dictionary was lost or damaged: strings and streams are still
        // ciphertext, and reading them would give garbage.
        return Err(malformed(
            "encrypted PDF whose trailer or encryption dictionary is damaged: it cannot \
             be decrypted"
                .into(),
        ));
    }
    if let Some(recovery) = doc.xref_recovery {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::XrefRepaired,
            match recovery {
                XrefRecovery::OffsetCorrected => {
                    "the cross-reference data was not where the file said; a section found nearby was used"
                }
                _ => {
                    "the cross-reference table is missing or wrong; objects were found by scanning the file, and some may be missing or out of date"
                }
            },
        ));
    }
    diagnostics.extend(unreadable_objects(&doc, &marks.encryption_dictionaries));
    if !doc.was_encrypted() {
        // Raw bytes of an encrypted file would be ciphertext.
        diagnostics.extend(recover_stream_data(&mut doc, bytes));
    }
    diagnostics.extend(mend_page_tree(&mut doc));
    Ok(Loaded { doc, diagnostics })
}

/// The error for an encrypted file that cannot be read without a password.
fn encrypted_error() -> Error {
    malformed(
        "encrypted PDF: a password is required to open it; give it with --password \
         (Options::password)"
            .into(),
    )
}

/// [`encrypted_error`], or what is known of a security handler other than
/// the standard password one (certificates, a vendor's DRM).
fn password_required(doc: &Document) -> Error {
    let handler = doc
        .get_encrypted()
        .ok()
        .and_then(|d| d.get(b"Filter").ok())
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned());
    match handler {
        Some(h) if h != "Standard" => malformed(format!(
            "encrypted PDF: its security handler /{h} is not the standard password \
             handler and is not supported; decrypt it first"
        )),
        _ => encrypted_error(),
    }
}

fn is_encryption_error(e: &lopdf::Error) -> bool {
    matches!(
        e,
        lopdf::Error::Decryption(_)
            | lopdf::Error::InvalidPassword
            | lopdf::Error::UnsupportedSecurityHandler(_)
    )
}

/// lopdf's message with its causes ("couldn't decompress stream" alone
/// does not say the limit was hit).
/// Whether loading stopped at the size limit of one stream.
fn exceeds_stream_limit(e: &lopdf::Error) -> bool {
    let over = |error: &(dyn std::error::Error + 'static)| {
        matches!(
            error.downcast_ref::<lopdf::DecompressError>(),
            Some(lopdf::DecompressError::MemoryLimitExceeded { .. })
        ) || matches!(
            error.downcast_ref::<lopdf::Error>(),
            Some(lopdf::Error::Decompress(
                lopdf::DecompressError::MemoryLimitExceeded { .. }
            ))
        )
    };
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    // A cause chain is short; the bound only guards against a cycle.
    for _ in 0..8 {
        let Some(error) = source else { break };
        if over(error) {
            return true;
        }
        source = error.source();
    }
    false
}

fn describe(e: &lopdf::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    // A cause chain is short; the bound only guards against a cycle.
    for _ in 0..8 {
        let Some(cause) = source else { break };
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
