//! The worker's side: `docmend worker`, a hidden subcommand that a batch
//! starts. It reads its [`Config`], caps its own memory, then converts the
//! files it is handed, one answer per request, until its standard input
//! ends.
//!
//! Standard output carries nothing but frames. Standard error is read by
//! the batch only when the worker dies: the last thing written there (a
//! panic outside the pipeline, Rust's "memory allocation of N bytes
//! failed" before an abort) says why.

use super::memory;
use super::wire::{self, Config, Request, RequestPayload, Response};
use crate::inputs::Source;
use crate::output;
use crate::task::{self, Made, Product};
use std::io::{self, BufReader, BufWriter, Write};
use std::process::ExitCode;

/// Exit code when the worker cannot start serving (its configuration is
/// unreadable or its memory cannot be capped).
const EXIT_UNUSABLE: u8 = 3;

/// Serves requests until standard input ends; the process's exit code.
pub fn serve() -> ExitCode {
    ExitCode::from(serve_status())
}

/// [`serve`] for a program that ends its process itself (the Python
/// package's worker): the exit status as a number, 0 when the input ended.
pub fn serve_status() -> u8 {
    let mut input = BufReader::new(io::stdin().lock());
    let mut out = BufWriter::new(io::stdout().lock());
    let config = match wire::read_frame::<Config>(&mut input) {
        Ok(Some((config, _))) => config,
        // Started by hand, or the batch went away: nothing to do.
        Ok(None) => return 0,
        Err(e) => return unusable(&format!("cannot read the worker's configuration: {e}")),
    };
    if let Some(cap) = config.max_memory
        && let Err(e) = memory::limit_address_space(cap)
    {
        return unusable(&format!("cannot cap the worker's memory: {e}"));
    }
    let options = match config.options.options() {
        Ok(options) => options,
        Err(e) => return unusable(&format!("bad worker options: {e}")),
    };
    let registry = crate::registry();
    loop {
        let (request, payload) = match wire::read_frame::<Request>(&mut input) {
            Ok(Some(frame)) => frame,
            Ok(None) => return 0,
            Err(e) => return unusable(&format!("cannot read a request: {e}")),
        };
        let bytes = match request.payload {
            RequestPayload::Bytes => Ok(payload),
            RequestPayload::Path => {
                Source::File(wire::path_from_bytes(payload)).read(options.limits.max_input_bytes)
            }
        };
        let product = bytes.and_then(|bytes| {
            task::convert_and_perform(&registry, &options, config.task, &request.name, bytes)
        });
        let written = match product {
            Ok(Product {
                made: Made::Rendered(bytes),
                facts,
            }) => wire::write_frame(&mut out, &Response::Rendered(facts), &bytes),
            Ok(Product {
                made: Made::Summary(summary, page),
                facts,
            }) => wire::write_frame(
                &mut out,
                &Response::Summary(summary, facts),
                page.as_deref().unwrap_or_default(),
            ),
            Err(reason) => wire::write_frame(&mut out, &Response::Failed(reason), &[]),
        };
        // The batch is gone; so is the reason to go on.
        if written.is_err() {
            return 0;
        }
        let _ = out.flush();
    }
}

fn unusable(reason: &str) -> u8 {
    output::message(reason);
    EXIT_UNUSABLE
}
