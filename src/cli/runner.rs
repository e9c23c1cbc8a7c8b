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

use super::inputs::{self, Entry, Input, Source};
use super::isolation::memory;
use super::isolation::process::{Caps, Pool};
use super::isolation::wire::{Config, WireOptions};
use super::manifest::{self, MANIFEST, Manifest, Record};
use super::output;
use super::progress::Progress;
use super::task::{self, Facts, Made, Task};
use super::{SourceArgs, usage_error};
use clap::error::ErrorKind;
use docmend::{Error, Options, Registry};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The converted inputs of one run, ready to be processed.
pub struct Batch {
    pub entries: Vec<Entry>,
    registry: Registry,
    options: Options,
    jobs: usize,
    isolation: Isolation,
    /// `--quiet`: no progress bar, no summary line.
    quiet: bool,
    /// `convert --out-dir`: the manifest to keep, and what `--resume` may skip.
    manifest: Option<ManifestPlan>,
}

/// The manifest of a run into an output folder.
struct ManifestPlan {
    dir: PathBuf,
    settings: String,
    /// `--resume`: the records of earlier runs, by output path; empty
    /// otherwise.
    previous: HashMap<String, Record>,
}

/// What the batch hands a subcommand's writer, in input order.
pub enum Delivery<R> {
    /// A converted input's result.
    Done(R),
    /// An input that failed (already reported on standard error).
    Failed { name: String, reason: String },
}

/// How one entry ended, on its worker thread.
enum Done<R> {
    Made(R, Facts),
    /// `--resume`: the earlier output is current; its record.
    Unchanged(Record),
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
    pub tally: Tally,
    pub stop: Option<Stop>,
    pub elapsed: Duration,
    /// `--quiet`: no summary line.
    pub quiet: bool,
}

/// What became of a batch's inputs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Converted with some text.
    pub converted: usize,
    /// Converted, but with no text at all (reported).
    pub empty: usize,
    /// Could not be read or converted (reported).
    pub failed: usize,
    /// `--resume`: left as an earlier run wrote them.
    pub unchanged: usize,
    /// Converted with warnings among their diagnostics.
    pub with_warnings: usize,
}

impl Outcome {
    /// An outcome for a batch stopped before anything ran.
    pub fn stopped_at_start(total: usize, stop: Stop) -> Outcome {
        Outcome {
            total,
            tally: Tally::default(),
            stop: Some(stop),
            elapsed: Duration::ZERO,
            quiet: true,
        }
    }

    /// Reports on standard error what is left to say (a write failure, or
    /// the summary line) and tells whether anything went wrong.
    pub fn conclude(&self) -> bool {
        let failed = self.tally.failed > 0;
        match &self.stop {
            // Whatever was delivered before the reader left still counts.
            Some(Stop::Quietly) => failed,
            Some(Stop::Failed { name, reason }) => {
                output::report(name, reason);
                true
            }
            None => {
                if !self.quiet {
                    output::message(&self.summary());
                }
                failed
            }
        }
    }

    /// `9 files: 5 converted, 3 failed, 1 empty, 2 with warnings (2.3 s)`.
    pub fn summary(&self) -> String {
        let t = &self.tally;
        let noun = if self.total == 1 { "file" } else { "files" };
        let unchanged = if t.unchanged > 0 {
            format!(", {} unchanged", t.unchanged)
        } else {
            String::new()
        };
        format!(
            "{} {noun}: {} converted, {} failed, {} empty, {} with warnings{unchanged} ({:.1} s)",
            self.total,
            t.converted + t.empty,
            t.failed,
            t.empty,
            t.with_warnings,
            self.elapsed.as_secs_f64()
        )
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
            quiet: source.quiet,
            manifest: None,
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

    /// Keeps a manifest of the run in `dir` (`convert --out-dir`);
    /// `settings` fingerprints the options that shape the output. With
    /// `resume`, an input whose output an earlier run wrote from the same
    /// bytes, version and settings is left as it is.
    pub fn keep_manifest(&mut self, dir: &Path, settings: String, resume: bool) {
        self.manifest = Some(ManifestPlan {
            dir: dir.to_path_buf(),
            settings,
            previous: if resume {
                manifest::previous(dir)
            } else {
                HashMap::new()
            },
        });
    }

    /// Converts every entry, performs `task` on each document, and calls
    /// `finish` with what it made on a worker thread; hands each result to
    /// `deliver` in input order. Failures (of reading, converting, a
    /// worker process or `finish`) are reported where the result would have
    /// been and handed over as [`Delivery::Failed`], and the rest go on;
    /// `deliver` returning `Break` stops the batch.
    pub fn run<R: Send>(
        &self,
        task: Task,
        finish: impl Fn(&Input, Made) -> Result<R, String> + Sync,
        mut deliver: impl FnMut(Delivery<R>) -> ControlFlow<Stop>,
    ) -> Outcome {
        let started = Instant::now();
        let pool = self.pool(task);
        let mut progress = Progress::new(self.entries.len(), self.quiet);
        let mut journal = self.start_manifest(&progress);
        let mut tally = Tally::default();
        let flow = super::batch::for_each_ordered(
            &self.entries,
            self.jobs,
            |entry| self.process(entry, task, pool.as_ref(), &finish),
            |index, result| {
                let entry = &self.entries[index];
                let result = result.unwrap_or_else(|panic| {
                    Err(format!("internal error (please report it): {panic}"))
                });
                let (record, flow) = match result {
                    Ok(Done::Made(value, facts)) => {
                        if let Some(reason) = &facts.empty {
                            progress.report(entry.name(), &format!("empty: {reason}"));
                            tally.empty += 1;
                        } else {
                            tally.converted += 1;
                        }
                        tally.with_warnings += usize::from(facts.warnings > 0);
                        progress.advance(false);
                        (
                            self.record(entry, Some(&facts), None),
                            deliver(Delivery::Done(value)),
                        )
                    }
                    Ok(Done::Unchanged(record)) => {
                        tally.unchanged += 1;
                        progress.advance(false);
                        (Some(record), ControlFlow::Continue(()))
                    }
                    Err(reason) => {
                        tally.failed += 1;
                        progress.report(entry.name(), &reason);
                        progress.advance(true);
                        let record = self.record(entry, None, Some(&reason));
                        let name = entry.name().to_string();
                        (record, deliver(Delivery::Failed { name, reason }))
                    }
                };
                if let (Some(manifest), Some(record)) = (journal.as_mut(), record)
                    && let Err(e) = manifest.add(record)
                {
                    progress.report(MANIFEST, &format!("cannot write the journal: {e}"));
                    journal = None;
                }
                flow
            },
        );
        progress.finish();
        let stop = flow.break_value();
        if stop.is_none()
            && let Some(manifest) = journal
            && let Err(e) = manifest.finish()
        {
            output::report(MANIFEST, &format!("cannot write the manifest: {e}"));
            tally.failed += 1;
        }
        Outcome {
            total: self.entries.len(),
            tally,
            stop,
            elapsed: started.elapsed(),
            quiet: self.quiet,
        }
    }

    fn start_manifest(&self, progress: &Progress) -> Option<Manifest> {
        let plan = self.manifest.as_ref()?;
        match Manifest::start(&plan.dir) {
            Ok(manifest) => Some(manifest),
            Err(e) => {
                progress.report(MANIFEST, &format!("cannot start the journal: {e}"));
                None
            }
        }
    }

    /// The manifest record of an entry that was converted (`facts`) or
    /// failed (`reason`); `None` without a manifest.
    fn record(&self, entry: &Entry, facts: Option<&Facts>, reason: Option<&str>) -> Option<Record> {
        let plan = self.manifest.as_ref()?;
        let output = match entry {
            Entry::Input(input) if facts.is_some() => input
                .out_path
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
            _ => None,
        };
        let empty = facts.and_then(|f| f.empty.clone());
        Some(Record {
            path: entry.name().to_string(),
            sha256: facts.map(|f| f.sha256.clone()),
            outcome: match (facts, &empty) {
                (None, _) => manifest::Outcome::Failed,
                (Some(_), Some(_)) => manifest::Outcome::Empty,
                (Some(_), None) => manifest::Outcome::Converted,
            },
            reason: reason.map(str::to_string).or(empty),
            output,
            docmend_version: docmend::pipeline::VERSION.to_string(),
            settings: plan.settings.clone(),
        })
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
        finish: &impl Fn(&Input, Made) -> Result<R, String>,
    ) -> Result<Done<R>, String> {
        let input = match entry {
            Entry::Input(input) => input,
            Entry::Failed { reason, .. } => return Err(reason.clone()),
        };
        if let Some(record) = self.unchanged(input)? {
            return Ok(Done::Unchanged(record));
        }
        let max_input = self.options.limits.max_input_bytes;
        let product = match pool {
            Some(pool) => pool.convert(&input.name, &input.source, max_input)?,
            None => {
                let bytes = input.source.read(max_input)?;
                task::convert_and_perform(&self.registry, &self.options, task, &input.name, bytes)?
            }
        };
        Ok(Done::Made(finish(input, product.made)?, product.facts))
    }

    /// `--resume`: the earlier record of `input` when its output is current
    /// (the output file is there, and the record names the same input
    /// bytes, docmend version and settings).
    fn unchanged(&self, input: &Input) -> Result<Option<Record>, String> {
        let Some(plan) = self.manifest.as_ref().filter(|p| !p.previous.is_empty()) else {
            return Ok(None);
        };
        let (Some(out_path), Source::File(_)) = (&input.out_path, &input.source) else {
            return Ok(None);
        };
        let key = out_path.to_string_lossy();
        let Some(earlier) = plan.previous.get(key.as_ref()) else {
            return Ok(None);
        };
        if !out_path.is_file() {
            return Ok(None);
        }
        let bytes = input.source.read(self.options.limits.max_input_bytes)?;
        let sha256: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if !earlier.is_current(&sha256, &plan.settings) {
            return Ok(None);
        }
        let mut record = earlier.clone();
        record.path = input.name.clone();
        record.outcome = manifest::Outcome::Unchanged;
        Ok(Some(record))
    }
}
