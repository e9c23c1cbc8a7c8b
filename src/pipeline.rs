//! The conversion pipeline for one input: sniff → converter → the steps
//! over the model → [`Document`].
//!
//! The steps are a list ([`Pipeline`]): the standard list runs the
//! built-in passes in their fixed order (cleanup, headings, repair,
//! profile, see `src/steps.rs`); a library user can drop, add or reorder
//! steps, including steps of their own ([`Step`]). Every step works on the
//! model only.
//!
//! This is the one place where panics are contained: a converter or a
//! step that panics (some third-party parsers do on hostile input) ends as
//! [`Error::Panicked`] for that one input, so a batch goes on. Converters
//! do not catch panics themselves.

use crate::converter::Options;
use crate::error::Error;
use crate::model::{
    Block, Diagnostic, Document, Format, Metadata, Profile, SCHEMA_VERSION, Source,
};
use crate::passes::Pass;
use crate::registry::Registry;
pub use crate::steps::step as builtin_step;
use sha2::{Digest, Sha256};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The version of docmend recorded in every document it writes
/// (`source.docmend_version`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The document on its way through the steps: what the converter read,
/// as the steps before have left it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Draft {
    /// The format the converter read.
    pub format: Format,
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
    /// Metadata from the converter, completed by the steps.
    pub metadata: Metadata,
    /// The annual-report profile, once the profile step found one.
    pub profile: Option<Profile>,
    /// Everything the converter and the steps reported.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the converter marked headings itself (read before any step
    /// ran); the headings step promotes numbered paragraphs only where it
    /// did not.
    pub headings_marked: bool,
    /// The title line the headings step found, used when the format's
    /// metadata has none.
    pub title: Option<String>,
}

/// One step over the model.
pub trait Step: Send + Sync {
    /// The name recorded in `source.passes` when the step runs.
    fn name(&self) -> &str;
    /// The built-in pass this step is, so that [`Options::passes`] can
    /// switch it off; `None` (the default) for a step of the user's own,
    /// which always runs.
    fn pass(&self) -> Option<Pass> {
        None
    }
    /// Runs the step; diagnostics go to `draft.diagnostics`.
    fn run(&self, draft: &mut Draft);
}

/// The list of steps a conversion runs after the converter.
pub struct Pipeline {
    steps: Vec<Box<dyn Step>>,
}

impl Default for Pipeline {
    /// The standard list: every built-in pass in pipeline order.
    fn default() -> Pipeline {
        Pipeline::standard()
    }
}

impl Pipeline {
    /// Every built-in pass, in the order [`Pass::ALL`] gives.
    pub fn standard() -> Pipeline {
        Pipeline {
            steps: crate::steps::builtin(),
        }
    }

    /// No steps at all: tables are still made whole grids.
    pub fn empty() -> Pipeline {
        Pipeline { steps: Vec::new() }
    }

    /// The names of the steps, in order.
    pub fn names(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.name()).collect()
    }

    /// Adds a step at the end.
    pub fn push(&mut self, step: impl Step + 'static) -> &mut Pipeline {
        self.steps.push(Box::new(step));
        self
    }

    /// Adds a step just before the step called `before`, or at the end
    /// when there is none of that name.
    pub fn insert_before(&mut self, before: &str, step: impl Step + 'static) -> &mut Pipeline {
        let at = self
            .steps
            .iter()
            .position(|s| s.name() == before)
            .unwrap_or(self.steps.len());
        self.steps.insert(at, Box::new(step));
        self
    }

    /// Removes the steps called `name`; whether there was one.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.steps.len();
        self.steps.retain(|s| s.name() != name);
        self.steps.len() != before
    }

    /// Converts one input held in memory with the converter `registry`
    /// chooses and then these steps. `path` is only recorded, never opened.
    pub fn convert(
        &self,
        registry: &Registry,
        bytes: &[u8],
        path: &str,
        options: &Options,
    ) -> Result<Document, Error> {
        if bytes.is_empty() {
            return Err(Error::Empty);
        }
        if bytes.len() as u64 > options.limits.max_input_bytes {
            return Err(Error::TooLarge {
                size: bytes.len() as u64,
                limit: options.limits.max_input_bytes,
            });
        }
        let converter = registry.choose(bytes, options.forced_format)?;
        // Which stage is running, for the error should one panic.
        let mut at = Stage::Converter;
        let result = contained(|| {
            catch_unwind(AssertUnwindSafe(|| {
                self.run(converter, bytes, path, options, &mut at)
            }))
        });
        result.unwrap_or_else(|payload| {
            Err(Error::Panicked {
                during: match at {
                    Stage::Converter => format!("converter {}", converter.name()),
                    Stage::Step(index) => format!("step {}", self.steps[index].name()),
                    Stage::Finish => "making tables whole".to_string(),
                },
                message: panic_message(payload.as_ref()),
            })
        })
    }

    fn run(
        &self,
        converter: &dyn crate::Converter,
        bytes: &[u8],
        path: &str,
        options: &Options,
        at: &mut Stage,
    ) -> Result<Document, Error> {
        let converted = converter.convert(bytes, options)?;
        let mut draft = Draft {
            format: converted.format,
            headings_marked: crate::headings::format_marks_headings(&converted.blocks),
            blocks: converted.blocks,
            metadata: converted.metadata,
            profile: None,
            diagnostics: converted.diagnostics,
            title: None,
        };
        let mut ran = Vec::new();
        for (index, step) in self.steps.iter().enumerate() {
            if step.pass().is_some_and(|p| !options.passes.runs(p)) {
                continue;
            }
            *at = Stage::Step(index);
            step.run(&mut draft);
            ran.push(step.name().to_string());
        }
        // Whatever the steps were, the output's tables are whole grids.
        *at = Stage::Finish;
        crate::repair::grids_without_repair(&mut draft.blocks);
        if draft.metadata.title.is_none() {
            draft.metadata.title = draft.title.take();
        }
        Ok(Document {
            schema_version: SCHEMA_VERSION.to_string(),
            source: Source {
                path: path.to_string(),
                format: converted.format,
                size_bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
                encoding: converted.encoding,
                converter: converter.name().to_string(),
                passes: ran,
                docmend_version: Some(VERSION.to_string()),
            },
            metadata: draft.metadata,
            blocks: draft.blocks,
            profile: draft.profile,
            diagnostics: draft.diagnostics,
        })
    }
}

/// Where a conversion is.
#[derive(Clone, Copy)]
enum Stage {
    Converter,
    Step(usize),
    Finish,
}

/// Converts one input held in memory with the standard pipeline. `path` is
/// only recorded, never opened.
pub fn convert_bytes(
    registry: &Registry,
    bytes: &[u8],
    path: &str,
    options: &Options,
) -> Result<Document, Error> {
    Pipeline::standard().convert(registry, bytes, path, options)
}

thread_local! {
    /// How many conversions on this thread run inside the guard below.
    static CONTAINED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether the current thread is running a conversion inside the
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

/// The SHA-256 of `bytes` as 64 lowercase hex digits (`source.sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The message a panic carried, for the error that reports it.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}
