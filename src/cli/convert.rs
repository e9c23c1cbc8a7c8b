//! `docmend convert`: one document per input, as canonical JSON (or
//! Markdown, text, HTML with `--to`), on standard output or `-o FILE`
//! (JSON Lines when there are several) or as files under `--out-dir`.

use super::leftovers;
use super::output::{self, Stdout, Style};
use super::runner::{self, Batch, Delivery, Outcome, Stop};
use super::sink::Sink;
use super::task::{Render, Task, To};
use super::{EXIT_FAILED, SourceArgs, usage_error};
use clap::Args;
use clap::error::ErrorKind;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXAMPLES: &str = "\
Examples:
  docmend convert report.txt
  docmend convert --pretty report.txt
  docmend convert --to markdown report.pdf -o report.md
  docmend convert --to html report.docx -o report.html
  docmend convert reports/ --to markdown --out-dir md/
  docmend convert reports/ --out-dir json/ --jobs 4
  docmend convert 2023/*.txt 2024/ --jsonl > all.jsonl
  docmend convert --format text export.xls
  curl -s https://example.org/r.html | docmend convert -

Output:
  Without --out-dir each document is printed on standard output (or -o FILE)
  as one JSON object followed by a newline, in the order the inputs were given
  (directory contents in sorted order); several inputs therefore form JSON
  Lines. With --pretty, several documents form one indented JSON array.
  --to markdown, text or html writes one document; several need --out-dir.
  With --out-dir, INPUT 'dir/sub/a.txt' of directory argument 'dir' is written
  to 'DIR/sub/a.txt.json' ('.md', '.txt', '.html' for the other formats); a
  file given directly goes to 'DIR/a.txt.json'.

Errors:
  A file that cannot be converted is reported as 'docmend: <path>: <reason>'
  on standard error and the rest go on; the exit code is then 1.
  With several inputs, files convert in worker processes: a file that takes
  longer than --timeout, needs more than --max-memory or crashes its worker
  fails alone, with that cause ('killed after 60 s (the --timeout limit)').
  Usage errors exit with 2.";

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Files or directories to convert; directories are walked recursively
    /// (hidden entries skipped), '-' reads standard input
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    /// What to write: the canonical JSON, Markdown (tables with merged
    /// cells as HTML tables), plain text, or a standalone HTML page
    #[arg(
        long,
        short = 't',
        value_name = "FORMAT",
        value_enum,
        default_value = "json"
    )]
    to: To,

    /// Write '<file name>.<json|md|txt|html>' per input under DIR instead of
    /// printing
    #[arg(long, value_name = "DIR", conflicts_with_all = ["jsonl", "output"])]
    out_dir: Option<PathBuf>,

    /// Write to FILE instead of standard output (replaced when the run
    /// completes)
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print one compact JSON object per line (JSON Lines)
    #[arg(long)]
    jsonl: bool,

    /// Indent the JSON; several documents form one JSON array
    #[arg(long, conflicts_with = "jsonl")]
    pretty: bool,

    /// Mark where each page (PDF) or sheet (workbooks) begins, in Markdown,
    /// text and HTML
    #[arg(long)]
    markers: bool,

    /// With --to chunks: the most characters of a chunk's text (a table
    /// row, list item or sentence longer than this is a chunk of its own)
    #[arg(long, value_name = "CHARS", default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..))]
    chunk_size: u32,

    /// With --out-dir: leave an input whose output an earlier run wrote from
    /// the same bytes, with this docmend version and the same options (as
    /// its manifest or journal records); convert the rest
    #[arg(long, requires = "out_dir")]
    resume: bool,

    /// Write each input that fails as a record in the JSON output,
    /// '{"error":{"path":…,"reason":…}}', where its document would have
    /// been (it is reported on standard error too)
    #[arg(long)]
    jsonl_errors: bool,

    #[command(flatten)]
    source: SourceArgs,
}

pub fn run(args: ConvertArgs) -> ExitCode {
    let mut batch = match Batch::new("convert", &args.inputs, &args.source) {
        Ok(batch) => batch,
        Err(code) => return code,
    };
    if args.to != To::Json && (args.jsonl || args.pretty) {
        let flag = if args.jsonl { "--jsonl" } else { "--pretty" };
        return usage_error(
            "convert",
            ErrorKind::ArgumentConflict,
            format!(
                "{flag} is for JSON; it cannot be combined with --to {}",
                args.to.extension()
            ),
        );
    }
    if let Some(dir) = &args.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            output::report(
                &dir.to_string_lossy(),
                &format!("cannot create output directory: {e}"),
            );
            return ExitCode::from(EXIT_FAILED);
        }
        leftovers::report_removed(&leftovers::sweep_tree(dir));
    }
    // The output directory must exist before expanding, so that a re-run
    // does not convert its own earlier output.
    batch.expand(&args.inputs, args.out_dir.as_deref());
    if let Some(dir) = &args.out_dir {
        output::assign_out_paths(&mut batch.entries, dir, args.to.extension());
        batch.keep_manifest(dir, settings(&args), args.resume);
    }
    if args.jsonl_errors && (args.to != To::Json || args.out_dir.is_some()) {
        return usage_error(
            "convert",
            ErrorKind::ArgumentConflict,
            "--jsonl-errors writes error records among JSON documents on standard output or -o"
                .to_string(),
        );
    }
    let several = batch.entries.len() > 1;
    if several && args.out_dir.is_none() && !args.to.is_stream() {
        return usage_error(
            "convert",
            ErrorKind::ArgumentConflict,
            format!(
                "--to {} writes one document: with several inputs, give --out-dir",
                args.to.extension()
            ),
        );
    }
    let mut sink = match &args.output {
        Some(path) => match Sink::open(path) {
            Ok(sink) => sink,
            Err(reason) => {
                output::report(&path.to_string_lossy(), &reason);
                return ExitCode::from(EXIT_FAILED);
            }
        },
        None => Sink::Stdout(Stdout::new()),
    };

    let style = if args.pretty {
        Style::Pretty
    } else {
        Style::Compact
    };
    // Indented documents one after another would be neither JSON nor JSON
    // Lines: several of them form one array.
    let mut array = (args.pretty && several && args.out_dir.is_none()).then_some(0usize);
    let task = Task::Render(Render {
        to: args.to,
        style,
        markers: args.markers,
        chunk_chars: args.chunk_size as usize,
    });
    let opened = match array {
        Some(_) => sink.write(b"["),
        None => Ok(()),
    };
    let outcome = match opened {
        Err(stop) => Outcome::stopped_at_start(batch.entries.len(), stop),
        Ok(()) => batch.run(
            task,
            |input, product| {
                let bytes = product.into_rendered()?;
                match &input.out_path {
                    Some(path) => output::write_atomically(path, &bytes)
                        .map(|()| None)
                        .map_err(|e| format!("cannot write {}: {e}", path.display())),
                    None => Ok(Some(bytes)),
                }
            },
            |delivery: Delivery<Option<Vec<u8>>>| {
                let mut bytes = match delivery {
                    Delivery::Done(Some(bytes)) => bytes,
                    // Written to the output directory already.
                    Delivery::Done(None) => return ControlFlow::Continue(()),
                    Delivery::Failed { name, reason } if args.jsonl_errors => {
                        error_record(&name, &reason, style)
                    }
                    Delivery::Failed { .. } => return ControlFlow::Continue(()),
                };
                if let Some(written) = array.as_mut() {
                    bytes.pop();
                    bytes.splice(0..0, *b"\n");
                    if *written > 0 {
                        bytes.insert(0, b',');
                    }
                    *written += 1;
                }
                match sink.write(&bytes) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(stop) => ControlFlow::Break(stop),
                }
            },
        ),
    };
    let mut closed = true;
    if array.is_some()
        && outcome.stop.is_none()
        && let Err(Stop::Failed { name, reason }) = sink.write(b"\n]\n")
    {
        output::report(&name, &reason);
        closed = false;
    }
    let failed = outcome.conclude();
    let put_in_place = match &outcome.stop {
        None => sink.finish(),
        Some(stop) => sink.abandon(stop),
    };
    runner::exit_code(failed || !closed || !put_in_place)
}

/// The error record of a failed input among JSON documents.
fn error_record(name: &str, reason: &str, style: Style) -> Vec<u8> {
    let record = serde_json::json!({ "error": { "path": name, "reason": reason } });
    let mut bytes = match style {
        Style::Compact => serde_json::to_vec(&record),
        Style::Pretty => serde_json::to_vec_pretty(&record),
    }
    .unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A fingerprint of the options that shape an output, recorded in the
/// manifest: `--resume` converts again when it differs. The password is
/// left out (it opens a file; it does not change what is written).
fn settings(args: &ConvertArgs) -> String {
    use sha2::{Digest, Sha256};
    let source = &args.source;
    let described = format!(
        "to={:?} pretty={} markers={} chunk={} format={:?} passes={:?} limits={:?}",
        args.to,
        args.pretty,
        args.markers,
        args.chunk_size,
        source.format,
        source.passes().names(),
        source.limits(),
    );
    Sha256::digest(described.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
