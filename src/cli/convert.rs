//! `docmend convert`: one canonical JSON document per input, on standard
//! output (JSON Lines when there are several) or as `.json` files under
//! `--out-dir`.

use super::leftovers;
use super::output::{self, Stdout, Style};
use super::runner::{self, Batch, Stop};
use super::task::Task;
use super::{EXIT_FAILED, SourceArgs};
use clap::Args;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXAMPLES: &str = "\
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

    /// Write '<file name>.json' per input under DIR instead of printing
    #[arg(long, value_name = "DIR", conflicts_with = "jsonl")]
    out_dir: Option<PathBuf>,

    /// Print one compact JSON object per line (JSON Lines)
    #[arg(long)]
    jsonl: bool,

    /// Indent the JSON
    #[arg(long, conflicts_with = "jsonl")]
    pretty: bool,

    #[command(flatten)]
    source: SourceArgs,
}

pub fn run(args: ConvertArgs) -> ExitCode {
    let mut batch = match Batch::new("convert", &args.inputs, &args.source) {
        Ok(batch) => batch,
        Err(code) => return code,
    };
    if let Some(dir) = &args.out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        output::report(
            &dir.to_string_lossy(),
            &format!("cannot create output directory: {e}"),
        );
        return ExitCode::from(EXIT_FAILED);
    }
    if let Some(dir) = &args.out_dir {
        report_removed(&leftovers::sweep_tree(dir));
    }
    // The output directory must exist before expanding, so that a re-run
    // does not convert its own earlier output.
    batch.expand(&args.inputs, args.out_dir.as_deref());
    if let Some(dir) = &args.out_dir {
        output::assign_out_paths(&mut batch.entries, dir);
    }

    let style = if args.pretty {
        Style::Pretty
    } else {
        Style::Compact
    };
    let mut stdout = Stdout::new();
    let outcome = batch.run(
        Task::Json(style),
        |input, product| {
            let json = product.into_json()?;
            match &input.out_path {
                Some(path) => output::write_atomically(path, &json)
                    .map(|()| None)
                    .map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => Ok(Some(json)),
            }
        },
        |json: Option<Vec<u8>>| match json {
            // Written to the output directory already.
            None => ControlFlow::Continue(()),
            Some(json) => match stdout.write_document(&json) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => ControlFlow::Break(Stop::stdout(e)),
            },
        },
    );
    runner::exit_code(outcome.conclude())
}

/// Says which temporary files of an interrupted run were removed.
pub fn report_removed(removed: &[PathBuf]) {
    for path in removed {
        output::report(
            &path.to_string_lossy(),
            "removed: a temporary file left by an interrupted run",
        );
    }
}
