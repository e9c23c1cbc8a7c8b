//! The command line: argument types, help texts and dispatch to the
//! subcommands (`convert`, `formats`, `schema`).
//!
//! This module and its children are the only code in docmend that prints.
//! The library returns documents and errors; here they become JSON on
//! standard output (or files) and `docmend: <path>: <reason>` lines on
//! standard error, and the batch outcome becomes the exit code.

mod batch;
mod inputs;
mod output;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand};
use docmend::model::Format;
use docmend::{Error, Options, Registry};
use inputs::{Entry, Input};
use output::{Stdout, Style};
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

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
  docmend formats                             which formats this build can read
  docmend schema > schema.json                the JSON Schema of the output";

const CONVERT_EXAMPLES: &str = "\
Examples:
  docmend convert report.txt
  docmend convert --pretty report.txt
  docmend convert reports/ --out-dir json/ --jobs 4
  docmend convert 2023/*.txt 2024/ --jsonl > all.jsonl
  docmend convert --format text export.xls
  curl -s https://example.org/r.html | docmend convert -

Output:
  Without --out-dir each document is printed on standard output as one JSON
  object followed by a newline, in the order the inputs were given (directory
  contents in sorted order); several inputs therefore form JSON Lines.
  With --out-dir, INPUT 'dir/sub/a.txt' of directory argument 'dir' is written
  to 'DIR/sub/a.txt.json'; a file given directly goes to 'DIR/a.txt.json'.

Errors:
  A file that cannot be converted is reported as 'docmend: <path>: <reason>'
  on standard error and the rest go on; the exit code is then 1.
  Usage errors exit with 2.";

const FORMATS_EXAMPLES: &str = "\
Examples:
  docmend formats";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  docmend schema > docmend.schema.json";

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
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
    /// List the converters in this build and the formats they read
    #[command(after_help = FORMATS_EXAMPLES)]
    Formats,
    /// Print the JSON Schema of the output
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema,
}

#[derive(Debug, Args)]
struct ConvertArgs {
    /// Files or directories to convert; directories are walked recursively
    /// (hidden entries skipped), '-' reads standard input
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    /// Write '<file name>.json' per input under DIR instead of printing
    #[arg(long, value_name = "DIR", conflicts_with = "jsonl")]
    out_dir: Option<PathBuf>,

    /// Print one compact JSON object per line (JSON Lines)
    #[arg(long)]
    jsonl: bool,

    /// Indent the JSON
    #[arg(long, conflicts_with = "jsonl")]
    pretty: bool,

    /// Use the converter for FMT instead of detecting the format from content
    #[arg(long, value_name = "FMT", value_parser = format_parser(), ignore_case = true)]
    format: Option<Format>,

    /// Number of worker threads [default: the number of available cores]
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_jobs)]
    jobs: Option<NonZeroUsize>,
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
        Command::Convert(args) => convert(args),
        Command::Formats => output::print_text(&formats_text(&Registry::default())),
        Command::Schema => output::print_text(&docmend::schema::json_schema()),
    }
}

/// Prints a usage error the way clap does (same layout, exit code 2).
fn usage_error(kind: ErrorKind, message: String) -> ExitCode {
    let mut command = Cli::command();
    // Build the error from the subcommand so its usage line is the one shown.
    let error = match command.find_subcommand_mut("convert") {
        Some(convert) => convert
            .clone()
            .bin_name("docmend convert")
            .error(kind, message),
        None => command.error(kind, message),
    };
    // A closed standard error leaves nothing to report to.
    let _ = error.print();
    ExitCode::from(EXIT_USAGE)
}

fn convert(args: ConvertArgs) -> ExitCode {
    let registry = Registry::default();
    // Forcing a format this build cannot read would fail every file the same
    // way; say it once, as a usage error, before reading anything.
    if let Some(format) = args.format
        && registry.for_format(format).is_none()
    {
        let reason = Error::ConverterMissing {
            format: format.to_string(),
        };
        return usage_error(
            ErrorKind::InvalidValue,
            format!("--format {format}: {reason}"),
        );
    }
    // Standard input can be read only once; a second '-' would silently be empty.
    if args.inputs.iter().filter(|p| inputs::is_stdin(p)).count() > 1 {
        return usage_error(
            ErrorKind::ArgumentConflict,
            "standard input ('-') can be given only once".to_string(),
        );
    }

    if let Some(dir) = &args.out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        output::report(
            &dir.to_string_lossy(),
            &format!("cannot create output directory: {e}"),
        );
        return ExitCode::from(EXIT_FAILED);
    }

    let expanded = inputs::expand(&args.inputs, args.out_dir.as_deref());
    for name in &expanded.empty_dirs {
        output::report(name, "no files to convert in this directory");
    }
    let mut entries = expanded.entries;
    if let Some(dir) = &args.out_dir {
        output::assign_out_paths(&mut entries, dir);
    }

    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let style = if args.pretty {
        Style::Pretty
    } else {
        Style::Compact
    };
    let options = Options {
        forced_format: args.format,
    };
    let context = Context {
        registry: &registry,
        options: &options,
        style,
    };

    let total = entries.len();
    let mut failed = 0usize;
    let mut stdout = Stdout::new();
    let flow = batch::for_each_ordered(
        &entries,
        jobs,
        |entry| context.process(entry),
        |index, result| {
            let result = result
                .unwrap_or_else(|panic| Err(format!("internal error (please report it): {panic}")));
            match result {
                Ok(None) => ControlFlow::Continue(()),
                Ok(Some(json)) => match stdout.write_document(&json) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        ControlFlow::Break(StdoutClosed::Quietly)
                    }
                    Err(e) => ControlFlow::Break(StdoutClosed::Failed(e)),
                },
                Err(reason) => {
                    failed += 1;
                    output::report(entries[index].name(), &reason);
                    ControlFlow::Continue(())
                }
            }
        },
    );

    match flow {
        // The reader went away (`docmend convert … | head -1`): it has all it
        // wanted, so stop without a message; the code still tells whether
        // anything delivered so far failed.
        ControlFlow::Break(StdoutClosed::Quietly) => {
            return exit_code(failed);
        }
        ControlFlow::Break(StdoutClosed::Failed(e)) => {
            output::report("standard output", &format!("cannot write: {e}"));
            return ExitCode::from(EXIT_FAILED);
        }
        ControlFlow::Continue(()) => {}
    }
    if failed > 0 {
        let noun = if total == 1 { "file" } else { "files" };
        output::message(&format!("{failed} of {total} {noun} failed"));
    }
    exit_code(failed)
}

fn exit_code(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Why delivering results to standard output stopped early.
enum StdoutClosed {
    Quietly,
    Failed(std::io::Error),
}

/// What every worker needs to convert one entry; shared read-only.
struct Context<'a> {
    registry: &'a Registry,
    options: &'a Options,
    style: Style,
}

impl Context<'_> {
    /// Reads, converts and encodes one entry, on a worker thread. Returns the
    /// JSON to print, `None` when it was written to the output directory, or
    /// the reason it failed.
    fn process(&self, entry: &Entry) -> Result<Option<Vec<u8>>, String> {
        let input: &Input = match entry {
            Entry::Input(input) => input,
            Entry::Failed { reason, .. } => return Err(reason.clone()),
        };
        let bytes = input.source.read()?;
        let document = docmend::convert_bytes(self.registry, &bytes, &input.name, self.options)
            .map_err(|e| e.to_string())?;
        // The input bytes can be large; the document no longer needs them.
        drop(bytes);
        let json = output::encode(&document, self.style)
            .map_err(|e| format!("cannot encode the document as JSON: {e}"))?;
        match &input.out_path {
            Some(path) => output::write_atomically(path, &json)
                .map(|()| None)
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
            None => Ok(Some(json)),
        }
    }
}

/// The `docmend formats` listing.
fn formats_text(registry: &Registry) -> String {
    use std::fmt::Write;
    let mut text = String::from("Converters in this build:\n");
    let mut covered: Vec<Format> = Vec::new();
    for converter in registry.converters() {
        let formats: Vec<&str> = converter.formats().iter().map(|f| f.as_str()).collect();
        covered.extend_from_slice(converter.formats());
        let _ = writeln!(
            text,
            "  {:<10} reads: {}\n  {:<10} {}",
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
