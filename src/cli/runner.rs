//! What every subcommand that reads INPUTs shares: checking the input
//! options once, expanding the arguments, converting each entry on a worker
//! thread, reporting failed inputs in order as `docmend: <path>: <reason>`,
//! and summing up how the batch ended.
//!
//! A subcommand supplies two closures: one that turns a converted
//! [`Document`] into what it prints (run on the worker, so only small
//! results travel to the writer), and one that writes those results in input
//! order (run on the calling thread).

use super::inputs::{self, Entry, Input};
use super::output;
use super::{SourceArgs, usage_error};
use clap::error::ErrorKind;
use docmend::{Document, Error, Options, Registry};
use std::io;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The converted inputs of one run, ready to be processed.
pub struct Batch {
    pub entries: Vec<Entry>,
    registry: Registry,
    options: Options,
    jobs: usize,
}

/// Why delivering results stopped before the end of the batch.
pub enum Stop {
    /// Standard output was closed by its reader (`docmend … | head -1`): it
    /// has all it wanted, so the run ends without a message.
    Quietly,
    /// Writing a result failed; `name` is what could not be written.
    Failed { name: String, reason: String },
}

impl Stop {
    /// Classifies an error writing to standard output.
    pub fn stdout(error: io::Error) -> Stop {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Stop::Quietly
        } else {
            Stop::Failed {
                name: "standard output".to_string(),
                reason: format!("cannot write: {error}"),
            }
        }
    }
}

/// How a batch ended.
pub struct Outcome {
    pub total: usize,
    /// Inputs that could not be read or converted (already reported).
    pub failed: usize,
    pub stop: Option<Stop>,
}

impl Outcome {
    /// Reports on standard error what is left to say (a write failure, or
    /// how many inputs failed) and tells whether anything went wrong.
    pub fn conclude(&self) -> bool {
        match &self.stop {
            // Whatever was delivered before the reader left still counts.
            Some(Stop::Quietly) => self.failed > 0,
            Some(Stop::Failed { name, reason }) => {
                output::report(name, reason);
                true
            }
            None => {
                if self.failed > 0 {
                    let noun = if self.total == 1 { "file" } else { "files" };
                    output::message(&format!("{} of {} {noun} failed", self.failed, self.total));
                }
                self.failed > 0
            }
        }
    }
}

/// Exit code 1 when anything failed, else 0.
pub fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(super::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

impl Batch {
    /// Checks the options that would fail every input the same way, as usage
    /// errors of `command`, before anything is read. The batch is empty until
    /// [`Batch::expand`].
    pub fn new(
        command: &str,
        arguments: &[PathBuf],
        source: &SourceArgs,
    ) -> Result<Batch, ExitCode> {
        let registry = Registry::default();
        // Forcing a format this build cannot read would fail every file the
        // same way; say it once.
        if let Some(format) = source.format
            && registry.for_format(format).is_none()
        {
            let reason = Error::ConverterMissing {
                format: format.to_string(),
            };
            return Err(usage_error(
                command,
                ErrorKind::InvalidValue,
                format!("--format {format}: {reason}"),
            ));
        }
        // Standard input can be read only once; a second '-' would silently be empty.
        if arguments.iter().filter(|p| inputs::is_stdin(p)).count() > 1 {
            return Err(usage_error(
                command,
                ErrorKind::ArgumentConflict,
                "standard input ('-') can be given only once".to_string(),
            ));
        }
        let jobs = source
            .jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get);
        Ok(Batch {
            entries: Vec::new(),
            registry,
            options: Options {
                forced_format: source.format,
                passes: source.passes(),
                password: source.password.clone(),
                limits: source.limits(),
            },
            jobs,
        })
    }

    /// Lists the inputs (see [`inputs::expand`]) and warns about directory
    /// arguments that held no file.
    pub fn expand(&mut self, arguments: &[PathBuf], skip_dir: Option<&Path>) {
        let expanded = inputs::expand(arguments, skip_dir);
        for name in &expanded.empty_dirs {
            output::report(name, "no files to convert in this directory");
        }
        self.entries = expanded.entries;
    }

    /// Converts every entry on worker threads and calls `finish` there with
    /// the document; hands each successful result to `deliver` in input
    /// order. Failures (of reading, converting or `finish`) are reported
    /// where the result would have been, and the rest go on; `deliver`
    /// returning `Break` stops the batch.
    pub fn run<R: Send>(
        &self,
        finish: impl Fn(&Input, Document) -> Result<R, String> + Sync,
        mut deliver: impl FnMut(R) -> ControlFlow<Stop>,
    ) -> Outcome {
        let mut failed = 0usize;
        let flow = super::batch::for_each_ordered(
            &self.entries,
            self.jobs,
            |entry| self.process(entry, &finish),
            |index, result| {
                let result = result.unwrap_or_else(|panic| {
                    Err(format!("internal error (please report it): {panic}"))
                });
                match result {
                    Ok(value) => deliver(value),
                    Err(reason) => {
                        failed += 1;
                        output::report(self.entries[index].name(), &reason);
                        ControlFlow::Continue(())
                    }
                }
            },
        );
        Outcome {
            total: self.entries.len(),
            failed,
            stop: flow.break_value(),
        }
    }

    /// Reads and converts one entry, on a worker thread.
    fn process<R>(
        &self,
        entry: &Entry,
        finish: &impl Fn(&Input, Document) -> Result<R, String>,
    ) -> Result<R, String> {
        let input = match entry {
            Entry::Input(input) => input,
            Entry::Failed { reason, .. } => return Err(reason.clone()),
        };
        let bytes = input.source.read(self.options.limits.max_input_bytes)?;
        let document = docmend::convert_bytes(&self.registry, &bytes, &input.name, &self.options)
            .map_err(|e| e.to_string())?;
        // The input bytes can be large; the document no longer needs them.
        drop(bytes);
        finish(input, document)
    }
}
