//! What every subcommand that reads INPUTs shares: checking the input
//! options once, expanding the arguments, converting each entry on a worker
//! thread, reporting failed inputs in order as `docmend: <path>: <reason>`,
//! and summing up how the batch ended.
//!
//! A subcommand supplies a [`Task`] (what to make of each converted
//! document: its JSON, or its summary) and two closures: one that turns the
//! task's product into what it prints or writes (run on a worker thread, so
//! only small results travel to the writer), and one that writes those
//! results in input order (run on the calling thread).
//!
//! Where the files convert: with more than one input (or with `--timeout`
//! or `--max-memory`), in worker processes under a time and a memory cap
//! (`isolation`), so that a file that aborts, exhausts memory or never
//! finishes fails alone; otherwise, and with `--in-process`, in this
//! process.

use super::inputs::{self, Entry, Input};
use super::isolation::memory;
use super::isolation::process::{Caps, Pool};
use super::isolation::wire::{Config, WireOptions};
use super::output;
use super::task::{self, Product, Task};
use super::{SourceArgs, usage_error};
use clap::error::ErrorKind;
use docmend::{Error, Options, Registry};
use std::io;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The converted inputs of one run, ready to be processed.
pub struct Batch {
    pub entries: Vec<Entry>,
    registry: Registry,
    options: Options,
    jobs: usize,
    isolation: Isolation,
}

/// Where a batch's files convert.
struct Isolation {
    /// `--in-process`: never in worker processes.
    never: bool,
    /// `--timeout` or `--max-memory` was given: in workers even for one
    /// input, since only a worker can honour them.
    asked: bool,
    caps: Caps,
}

/// The time cap per file when `--timeout` is not given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

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
        let registry = super::registry();
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
        // Zero turns a cap off.
        let timeout = match source.timeout {
            Some(limit) if limit.is_zero() => None,
            Some(limit) => Some(limit),
            None => Some(DEFAULT_TIMEOUT),
        };
        let max_memory = match source.max_memory {
            Some(0) => None,
            Some(bytes) => Some(bytes),
            None => memory::default_cap(jobs),
        };
        Ok(Batch {
            entries: Vec::new(),
            registry,
            isolation: Isolation {
                never: source.in_process,
                asked: source.timeout.is_some() || source.max_memory.is_some(),
                caps: Caps {
                    timeout,
                    max_memory,
                },
            },
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

    /// Converts every entry, performs `task` on each document, and calls
    /// `finish` with the product on a worker thread; hands each successful
    /// result to `deliver` in input order. Failures (of reading,
    /// converting, a worker process or `finish`) are reported where the
    /// result would have been, and the rest go on; `deliver` returning
    /// `Break` stops the batch.
    pub fn run<R: Send>(
        &self,
        task: Task,
        finish: impl Fn(&Input, Product) -> Result<R, String> + Sync,
        mut deliver: impl FnMut(R) -> ControlFlow<Stop>,
    ) -> Outcome {
        let pool = self.pool(task);
        let mut failed = 0usize;
        let flow = super::batch::for_each_ordered(
            &self.entries,
            self.jobs,
            |entry| self.process(entry, task, pool.as_ref(), &finish),
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

    /// The worker processes of this batch, or `None` to convert in this
    /// process (see the module's documentation).
    fn pool(&self, task: Task) -> Option<Pool> {
        let inputs = self
            .entries
            .iter()
            .filter(|e| matches!(e, Entry::Input(_)))
            .count();
        if self.isolation.never || (inputs <= 1 && !self.isolation.asked) {
            return None;
        }
        let config = Config {
            task,
            options: WireOptions::of(&self.options),
            max_memory: self.isolation.caps.max_memory,
        };
        let started = Pool::new(config, self.isolation.caps).and_then(|pool| {
            pool.warm_up()?;
            Ok(pool)
        });
        match started {
            Ok(pool) => Some(pool),
            Err(e) => {
                output::message(&format!(
                    "cannot start worker processes ({e}); converting in this process, \
                     without the time and memory caps"
                ));
                None
            }
        }
    }

    /// Reads and converts one entry, on a worker thread, in a worker
    /// process when there is a pool.
    fn process<R>(
        &self,
        entry: &Entry,
        task: Task,
        pool: Option<&Pool>,
        finish: &impl Fn(&Input, Product) -> Result<R, String>,
    ) -> Result<R, String> {
        let input = match entry {
            Entry::Input(input) => input,
            Entry::Failed { reason, .. } => return Err(reason.clone()),
        };
        let max_input = self.options.limits.max_input_bytes;
        let product = match pool {
            Some(pool) => pool.convert(&input.name, &input.source, max_input)?,
            None => {
                let bytes = input.source.read(max_input)?;
                task::convert_and_perform(&self.registry, &self.options, task, &input.name, bytes)?
            }
        };
        finish(input, product)
    }
}
