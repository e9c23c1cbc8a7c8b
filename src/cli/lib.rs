//! The command line: argument types, help texts and dispatch to the
//! subcommands (`convert`, `check`, `stats`, `formats`, `schema`).
//!
//! This module and its children are the only code in docmend that prints.
//! The library returns documents and errors; here they become JSON, reports
//! and tables on standard output (or files) and `docmend: <path>: <reason>`
//! lines on standard error, and the batch outcome becomes the exit code.
//! The subcommands that read INPUTs share `runner` (options, expansion,
//! parallel conversion in input order, error reporting).
//!
//! Public for programs that convert batches the way the command does (the
//! Python package): [`isolation`] (worker processes under a time and a
//! memory cap), [`task`] (what is made of each document) and [`summary`]
//! (the facts `check` and `stats` print), with [`Source`] and [`Style`].
//! The rest is the command's own.

pub mod across_years;
mod audit_index;
mod batch;
mod check;
mod convert;
mod csv;
mod database;
#[cfg(feature = "fault-injection")]
mod fault;
mod inputs;
pub mod isolation;
mod leftovers;
mod manifest;
mod output;
mod progress;
mod runner;
mod sink;
mod stats;
pub mod summary;
pub mod task;

pub use database::Database;
pub use inputs::Source;
pub use output::Style;
pub use runner::Stop;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand};
use docmend::converter::Limits;
use docmend::model::Format;
use docmend::{Pass, Passes, Registry};
use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Duration;

/// Exit code when at least one input failed.
const EXIT_FAILED: u8 = 1;
/// Exit code for usage errors; the same as clap's own.
const EXIT_USAGE: u8 = 2;

const MAIN_EXAMPLES: &str = "\
Examples:
  docmend convert report.txt                  one JSON object on standard output
  docmend convert --pretty report.txt         the same, indented
  docmend convert reports/ --out-dir json/    one .json file per input, mirroring subfolders
  docmend convert a.txt b.html --jsonl        JSON Lines, one object per input
  cat report.txt | docmend convert -          read standard input
  docmend check reports/                      which annual reports' figures do not add up
  docmend stats reports/ --csv stats.csv      the reports' figures as one table
  docmend formats                             which formats this build can read
  docmend schema > schema.json                the JSON Schema of the output";

const FORMATS_EXAMPLES: &str = "\
Examples:
  docmend formats";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  docmend schema > docmend.schema.json";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  docmend completions bash > ~/.local/share/bash-completion/completions/docmend
  docmend completions zsh > ~/.zfunc/_docmend
  docmend completions fish > ~/.config/fish/completions/docmend.fish";

const MAN_EXAMPLES: &str = "\
Examples:
  docmend man > docmend.1 && man ./docmend.1
  docmend man convert > docmend-convert.1
  docmend man | gzip > /usr/local/share/man/man1/docmend.1.gz";

/// Converts messy report documents into one canonical JSON.
#[derive(Debug, Parser)]
#[command(
    name = "docmend",
    version,
    about = "Converts messy report documents into one canonical JSON, repairing collapsed tables (this build reads: see `docmend formats`).",
    after_help = MAIN_EXAMPLES,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert documents to canonical JSON
    #[command(after_help = convert::EXAMPLES)]
    Convert(convert::ConvertArgs),
    /// Check the arithmetic of government information-disclosure annual
    /// reports, and say what each input is
    #[command(after_help = check::EXAMPLES)]
    Check(check::CheckArgs),
    /// Tabulate the figures of annual reports as CSV and/or JSON Lines, one
    /// row per input
    #[command(after_help = stats::EXAMPLES)]
    Stats(stats::StatsArgs),
    /// List the converters in this build and the formats they read
    #[command(after_help = FORMATS_EXAMPLES)]
    Formats,
    /// Print the JSON Schema of the output
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema,
    /// Print a shell completion script: bash, zsh, fish, elvish or
    /// powershell
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff), for `man`: docmend(1), or with a
    /// subcommand's name its own page, docmend-convert(1) and so on
    #[command(after_help = MAN_EXAMPLES)]
    Man {
        /// The subcommand whose page to print
        #[arg(value_parser = ["convert", "check", "stats", "formats", "schema", "completions"])]
        subcommand: Option<String>,
    },
    /// Serve a batch as one of its worker processes (started by docmend
    /// itself; reads requests on standard input)
    #[command(hide = true)]
    Worker,
}

/// How INPUTs are read; shared by the subcommands that take them.
#[derive(Debug, Args)]
struct SourceArgs {
    /// Use the converter for FMT instead of detecting the format from content
    #[arg(long, value_name = "FMT", value_parser = format_parser(), ignore_case = true)]
    format: Option<Format>,

    /// Number of worker threads [default: the number of available cores]
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_jobs)]
    jobs: Option<NonZeroUsize>,

    /// Skip the cleanup passes (export markers, padding, breadcrumbs, site
    /// chrome, pasted-twice runs)
    #[arg(long)]
    no_cleanup: bool,

    /// Skip the table repair pass: tables stay as the converter read them
    #[arg(long)]
    no_repair: bool,

    /// Skip the annual-report profile
    #[arg(long)]
    no_profile: bool,

    /// Run exactly these passes, comma-separated: artefacts, spaces,
    /// breadcrumbs, chrome, duplicates (or `cleanup` for all five),
    /// headings, repair, profile; `none` for none [default: all]
    #[arg(long, value_name = "LIST", value_parser = Passes::parse_list, conflicts_with_all = ["no_cleanup", "no_repair", "no_profile"])]
    passes: Option<Passes>,

    /// The password that opens encrypted PDFs (files encrypted with an
    /// empty user password open without it). Encrypted workbooks cannot be
    /// opened: the workbook reader has no decryption
    #[arg(long, value_name = "PASSWORD")]
    password: Option<String>,

    /// Refuse inputs larger than this many bytes [default: 1 GiB]
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_input_bytes: Option<u64>,

    /// The most bytes a DOCX, XLSX or ODS package or a PDF may unpack in
    /// all [default: 1 GiB]
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_unpacked_bytes: Option<u64>,

    /// The most bytes of one unpacked part or stream [default: 64 MiB]
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_part_bytes: Option<u64>,

    /// The most table positions (rows × columns) of one document
    /// [default: 5000000]
    #[arg(long, value_name = "N")]
    max_table_cells: Option<u64>,

    /// The most pages of a PDF that are read [default: 5000]
    #[arg(long, value_name = "N")]
    max_pages: Option<u32>,

    /// Stop converting a file after this long: seconds, or with ms, s, m
    /// or h; 0 for no limit. The file fails as "killed after …" and the
    /// batch goes on [default: 60 s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<Duration>,

    /// The most memory one worker process may use (its address space, in
    /// bytes, or with K, M or G); 0 for no limit. A file that needs more
    /// fails as "stopped at the … memory cap" [default: half the machine's
    /// memory shared among the workers, at least 1 GiB]
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_memory: Option<u64>,

    /// Convert in this process instead of in worker processes: without
    /// --timeout and --max-memory, and a file that aborts the process ends
    /// the run. A single input converts in this
    /// process unless --timeout or --max-memory is given
    #[arg(long, conflicts_with_all = ["timeout", "max_memory"])]
    in_process: bool,

    /// No progress bar and no summary line; problems with files are still
    /// reported
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// A duration: seconds (`90`, `1.5`), or a number with `ms`, `s`, `m` or `h`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let at = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(at);
    let number: f64 = number
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| format!("'{text}' is not a duration (seconds, or with ms, s, m or h)"))?;
    let seconds = match unit.trim() {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(format!("'{text}': the unit must be ms, s, m or h")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("'{text}' is too long"))
}

/// A size in bytes: a number, optionally with K, M or G (powers of 1024).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a size (a number of bytes, or with K, M or G)"))?;
    let shift = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("'{text}': the unit must be K, M or G")),
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("'{text}' is too large"))
}

impl SourceArgs {
    /// The resource limits these options ask for; the defaults elsewhere.
    fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        if let Some(n) = self.max_input_bytes {
            limits.max_input_bytes = n;
        }
        if let Some(n) = self.max_unpacked_bytes {
            limits.max_unpacked_bytes = n;
        }
        if let Some(n) = self.max_part_bytes {
            limits.max_part_bytes = n;
        }
        if let Some(n) = self.max_table_cells {
            limits.max_table_cells = n;
        }
        if let Some(n) = self.max_pages {
            limits.max_pages = n;
        }
        limits
    }

    /// The passes these options ask for.
    fn passes(&self) -> Passes {
        let mut passes = self.passes.unwrap_or_default();
        if self.no_cleanup {
            passes = passes.without(&Pass::CLEANUP);
        }
        if self.no_repair {
            passes.set(Pass::Repair, false);
        }
        if self.no_profile {
            passes.set(Pass::Profile, false);
        }
        passes
    }
}

/// Accepts exactly the names in [`Format::ALL`]; clap lists them in the
/// error message and in `--help`, so the valid values are never out of date.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::as_str))
        .try_map(|name| Format::parse(&name).ok_or_else(|| format!("unknown format '{name}'")))
}

fn parse_jobs(text: &str) -> Result<NonZeroUsize, String> {
    text.parse::<NonZeroUsize>()
        .map_err(|_| format!("'{text}' is not a whole number of at least 1"))
}

/// Runs the parsed command and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Check(args) => check::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Formats => output::print_text(&formats_text(&Registry::default())),
        Command::Schema => output::print_text(&docmend::schema::json_schema()),
        Command::Worker => isolation::worker::serve(),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "docmend", &mut script);
            output::print_text(&String::from_utf8_lossy(&script))
        }
        Command::Man { subcommand } => {
            let mut command = Cli::command();
            if let Some(name) = subcommand {
                // The page's name; clap takes names that live as long as
                // the program.
                let page: &'static str = match name.as_str() {
                    "convert" => "docmend-convert",
                    "check" => "docmend-check",
                    "stats" => "docmend-stats",
                    "formats" => "docmend-formats",
                    "schema" => "docmend-schema",
                    _ => "docmend-completions",
                };
                if let Some(sub) = command.find_subcommand(&name) {
                    command = sub.clone().name(page);
                }
            }
            let mut page = Vec::new();
            match clap_mangen::Man::new(command).render(&mut page) {
                Ok(()) => output::print_text(&String::from_utf8_lossy(&page)),
                Err(e) => {
                    output::message(&format!("cannot write the manual page: {e}"));
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The converters a batch and its workers read with: the default ones
/// (and, in a build for testing the batch, converters that fail on purpose).
fn registry() -> Registry {
    #[cfg(feature = "fault-injection")]
    {
        fault::register(Registry::default())
    }
    #[cfg(not(feature = "fault-injection"))]
    {
        Registry::default()
    }
}

/// Prints a usage error of `subcommand` the way clap does (same layout,
/// exit code 2).
fn usage_error(subcommand: &str, kind: ErrorKind, message: String) -> ExitCode {
    let mut command = Cli::command();
    // Build the error from the subcommand so its usage line is the one shown.
    let error = match command.find_subcommand_mut(subcommand) {
        Some(sub) => sub
            .clone()
            .bin_name(format!("docmend {subcommand}"))
            .error(kind, message),
        None => command.error(kind, message),
    };
    // A closed standard error leaves nothing to report to.
    let _ = error.print();
    ExitCode::from(EXIT_USAGE)
}

/// The `docmend formats` listing.
fn formats_text(registry: &Registry) -> String {
    use std::fmt::Write;
    let mut text = String::from("Converters in this build:\n");
    let mut covered: Vec<Format> = Vec::new();
    // Names in one column, however long the longest is.
    let width = registry
        .converters()
        .map(|c| c.name().len())
        .max()
        .unwrap_or(0);
    for converter in registry.converters() {
        let formats: Vec<&str> = converter.formats().iter().map(|f| f.as_str()).collect();
        covered.extend_from_slice(converter.formats());
        let _ = writeln!(
            text,
            "  {:<width$} reads: {}\n  {:<width$} {}",
            converter.name(),
            formats.join(", "),
            "",
            converter.description()
        );
    }
    if covered.is_empty() {
        text.push_str("  (none)\n");
    }
    let missing: Vec<&str> = Format::ALL
        .into_iter()
        .filter(|f| !covered.contains(f))
        .map(Format::as_str)
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            text,
            "\nKnown formats without a converter in this build: {}",
            missing.join(", ")
        );
    }
    text
}
