//! The conversion pipeline for one input:
//! sniff → converter → cleanup → headings → repair → profile → [`Document`].
//!
//! Every stage after the converter works on the model only. A converter that
//! panics (some third-party parsers do on hostile input) is contained here
//! and reported as an error for that file, so a batch goes on.

use crate::converter::Options;
use crate::error::Error;
use crate::model::{Document, SCHEMA_VERSION, Source};
use crate::passes::Pass;
use crate::registry::Registry;
use sha2::{Digest, Sha256};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Converts one input held in memory. `path` is only recorded, never opened.
pub fn convert_bytes(
    registry: &Registry,
    bytes: &[u8],
    path: &str,
    options: &Options,
) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let converter = registry.choose(bytes, options.forced_format)?;
    let converted =
        contained(|| catch_unwind(AssertUnwindSafe(|| converter.convert(bytes, options))))
            .map_err(|payload| Error::ConverterPanicked {
                converter: converter.name().to_string(),
                message: panic_message(payload.as_ref()),
            })??;

    let passes = options.passes;
    let mut diagnostics = converted.diagnostics;
    let mut blocks = converted.blocks;
    let headings_marked = crate::headings::format_marks_headings(&blocks);
    diagnostics.extend(crate::cleanup::clean(
        &mut blocks,
        &passes,
        converted.format,
    ));
    let title = if passes.runs(Pass::Headings) {
        let (title, heading_diagnostics) = crate::headings::promote(&mut blocks, headings_marked);
        diagnostics.extend(heading_diagnostics);
        title
    } else {
        None
    };
    if passes.runs(Pass::Repair) {
        diagnostics.extend(crate::repair::repair_blocks(&mut blocks));
    } else {
        diagnostics.extend(crate::repair::grids_without_repair(&mut blocks));
    }
    let mut metadata = converted.metadata;
    if metadata.title.is_none() {
        metadata.title = title;
    }
    let profile = if passes.runs(Pass::Profile) {
        let (profile, profile_diagnostics) = crate::profile::build(&blocks, &mut metadata);
        diagnostics.extend(profile_diagnostics);
        profile
    } else {
        None
    };

    Ok(Document {
        schema_version: SCHEMA_VERSION.to_string(),
        source: Source {
            path: path.to_string(),
            format: converted.format,
            size_bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
            encoding: converted.encoding,
            converter: converter.name().to_string(),
            passes: passes.names(),
        },
        metadata,
        blocks,
        profile,
        diagnostics,
    })
}

thread_local! {
    /// How many converter calls on this thread run inside the guard below.
    static CONTAINED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether the current thread is running a converter inside the
/// pipeline's guard, where a panic becomes an error for that one file. A
/// program may use this in its panic hook to leave such panics unprinted:
/// the error it gets back already carries the panic's message.
pub fn panic_is_contained() -> bool {
    CONTAINED.with(|c| c.get() > 0)
}

fn contained<T>(run: impl FnOnce() -> T) -> T {
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            CONTAINED.with(|c| c.set(c.get().saturating_sub(1)));
        }
    }
    CONTAINED.with(|c| c.set(c.get() + 1));
    let _leave = Leave;
    run()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The message a panic carried, for an error that reports it.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}
