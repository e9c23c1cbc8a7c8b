//! `docmend check`: for each input, whether it is a government
//! information-disclosure annual report, what it says about itself, and
//! how the template's checks end (passed, failed, uncertain, not
//! assessable) — as a short human report, with `--json` one JSON object
//! per line, with `--csv` one row per check; with `--across-years`, how
//! each report's figures carry over from the previous year's report of its
//! issuer instead (`across_years`). Exits 1 when a check failed.

use super::across_years;
use super::audit_index;
use super::csv::{self, Dialect};
use super::inputs;
use super::output::{self, Stdout};
use super::runner::{Batch, Delivery, Stop};
use super::sink::Sink;
use super::summary::{Report, Summary};
use super::task::Task;
use super::{SourceArgs, usage_error};
use clap::Args;
use clap::error::ErrorKind;
use docmend::corpus::years::{OwnedYearReport, State};
use docmend::model::{Check, CheckState, DocumentCheck, Unassessed};
use serde::Serialize;
use std::fmt::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXAMPLES: &str = "\
Examples:
  docmend check report.txt
  docmend check reports/ --jobs 4
  docmend check reports/ --json > checks.jsonl
  docmend check reports/ --html audit/        then open audit/index.html
  docmend check --across-years reports/       each report against the issuer's previous year
  docmend check --across-years --issuers renamed.tsv --csv reports/ > years.csv
  docmend check --format text export.xls
  cat report.txt | docmend check -

Output:
  For each input, in the order given (directory contents in sorted order):
    reports/a.txt
      report: 2021 template, 某某县人民政府办公室, 2022
      figures: 200 found; checks: 53 run: 50 passed, 1 failed, 1 uncertain; 1 not assessable
      FAILED applications.row_sum (row result.partially_disclosed): …
      UNCERTAIN applications.balance (column total): … [recovered: …]
  Each check ends in one of four states: passed; failed (a finding about
  the report); uncertain (a figure it used was recovered from digits run
  together or placed by the arithmetic, so its result is no finding); not
  assessable (a figure it needs is missing or printed as text). Besides
  the arithmetic, document checks look at the report's sections, their
  numbering and year, and the plausibility of the proactive table's
  figures (structure.*, proactive.*; docs/profile.md). Failed and
  uncertain checks are listed; --all lists the others too.
  'issuer unknown' / 'year unknown' stand for what the report does not say;
  an input that is not such a report says so. With several inputs the
  reports are separated by blank lines and a summary line follows.
  With --json, one compact object per input and line instead:
    {\"path\", \"sha256\", \"is_report\", \"template\", \"issuer\", \"year\",
     \"figures\", \"checks_run\", \"checks_passed\", \"checks_failed\",
     \"checks_uncertain\", \"checks_not_assessable\", \"failed\": [checks],
     \"uncertain\": [checks], \"not_assessable\": [unassessed]}
  where each check has the fields of profile.checks (and each unassessed
  one of profile.unassessed) in the JSON output of `docmend convert`.
  With --csv FILE, one row per check of every report: path, issuer, year,
  rule, row, column, state, expected, found, message (expected and found
  empty when not assessable).
  With --across-years, the reports are grouped by issuer (names written
  with other widths, spaces or brackets joined; --issuers FILE maps other
  names, one 'alias<TAB>canonical name' per line) and each is compared with
  the previous year's: per applicant column, last year's carried_forward =
  this year's carried_over; for rules and normative_documents, last year's
  in_force + issued - repealed = in_force. Instead of the per-input reports
  a line per issuer, one per comparison that did not pass (FAILED, NOT
  ASSESSABLE when a figure is not stated, UNCERTAIN), per gap year, per
  duplicate report, and the reports with no issuer or year; with --json
  one object per finding and line (passed comparisons included), with
  --csv FILE one row per finding. See docs/profile.md.

Exit status:
  0 when every input was converted and no check failed (also when an input
    is not a report);
  1 when a check failed in some report, or with --across-years a
    comparison between two years failed (every input was converted);
  3 when an input could not be converted (reported as 'docmend: <path>:
    <reason>' on standard error; the rest go on), whether or not a check
    failed in the others;
  2 for usage errors.";

/// Exit code when a check failed (and every input was converted).
const EXIT_CHECK_FAILED: u8 = 1;
/// Exit code when an input could not be converted (whether or not a
/// check failed in the others).
const EXIT_NOT_CONVERTED: u8 = 3;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; directories are walked recursively
    /// (hidden entries skipped), '-' reads standard input
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    /// Print one compact JSON object per input and line instead of the text
    #[arg(long)]
    json: bool,

    /// Also write every check of every report as CSV to FILE ('-' for
    /// standard output, instead of the text): path, issuer, year, rule,
    /// row, column, state, expected, found, message; with --across-years,
    /// one row per finding instead
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,

    /// List every check in the text report, also those that passed or
    /// could not be assessed
    #[arg(long)]
    all: bool,

    /// Compare each report with the previous year's report of the same
    /// issuer (applications carried over, 规章 and 行政规范性文件 in
    /// force) and print those findings instead of the per-input reports
    #[arg(long)]
    across_years: bool,

    /// With --across-years: a file of 'alias<TAB>canonical name' lines
    /// joining the reports of a renamed body
    #[arg(long, value_name = "FILE", requires = "across_years")]
    issuers: Option<PathBuf>,

    /// Also write an audit page per report into DIR ('<file name>.html':
    /// its statistics tables, the cells of failed checks marked, the
    /// arithmetic written out, repairs and diagnostics) and DIR/index.html
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,

    #[command(flatten)]
    source: SourceArgs,
}

/// One input's result, rendered on the worker.
struct Checked {
    /// For standard output: the text report or the JSON line (empty when
    /// the CSV goes there).
    text: Vec<u8>,
    /// Its rows of the `--csv` file.
    csv: Option<String>,
    is_report: bool,
    checks_failed: usize,
    /// Its line in the audit pages' index.
    row: audit_index::Row,
    /// With --across-years: what it brings to the comparison.
    year: Option<OwnedYearReport>,
}

/// What the summary line counts.
#[derive(Default)]
struct Tally {
    delivered: usize,
    reports: usize,
    with_failures: usize,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let mut batch = match Batch::new("check", &args.inputs, &args.source) {
        Ok(batch) => batch,
        Err(code) => return code,
    };
    let issuers = match across_years::read_issuers(args.issuers.as_deref()) {
        Ok(issuers) => issuers,
        Err(reason) => return usage_error("check", ErrorKind::InvalidValue, reason),
    };
    if let Some(dir) = &args.html {
        if let Err(e) = std::fs::create_dir_all(dir) {
            output::report(
                &dir.to_string_lossy(),
                &format!("cannot create the folder for the audit pages: {e}"),
            );
            return ExitCode::from(EXIT_NOT_CONVERTED);
        }
        super::leftovers::report_removed(&super::leftovers::sweep_tree(dir));
    }
    batch.expand(&args.inputs, args.html.as_deref());
    if let Some(dir) = &args.html {
        output::assign_out_paths(&mut batch.entries, dir, "html");
    }

    let mut csv_sink = match args.csv.as_deref().map(Sink::open).transpose() {
        Ok(sink) => sink,
        Err(reason) => {
            output::report(&args.csv.unwrap_or_default().to_string_lossy(), &reason);
            return ExitCode::from(EXIT_NOT_CONVERTED);
        }
    };
    if let Some(sink) = &mut csv_sink
        && !args.across_years
        && let Err(stop) = sink.write(csv::record(CSV_HEADER, Dialect::PLAIN).as_bytes())
    {
        if let Stop::Failed { name, reason } = stop {
            output::report(&name, &reason);
        }
        return ExitCode::from(EXIT_NOT_CONVERTED);
    }
    // CSV on standard output takes the place of the text.
    let text_out = !args.csv.as_deref().is_some_and(inputs::is_stdin);
    let across = args.across_years;
    // With --across-years the CSV holds the findings, written at the end.
    let (json, all, want_csv) = (args.json, args.all, csv_sink.is_some() && !across);
    let mut gathered: Vec<OwnedYearReport> = Vec::new();
    let mut index: Vec<audit_index::Row> = Vec::new();
    let mut stdout = Stdout::new();
    let mut tally = Tally::default();
    let outcome = batch.run(
        Task::Summary {
            audit: args.html.is_some(),
            diagnostics: false,
        },
        |input, product| {
            let (summary, page) = product.into_summary()?;
            // The audit page is written where it was made.
            let page_path = match (page, &input.out_path, &args.html) {
                (Some(page), Some(path), Some(dir)) => {
                    output::write_atomically(path, &page)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    Some(path.strip_prefix(dir).unwrap_or(path).to_path_buf())
                }
                _ => None,
            };
            let row = audit_index::Row::of(&summary, page_path);
            let text = if across || !text_out {
                Vec::new()
            } else if json {
                json_line(&summary)?
            } else {
                text_report(&summary, all).into_bytes()
            };
            Ok(Checked {
                text,
                csv: want_csv.then(|| csv_rows(&summary)),
                is_report: summary.is_report(),
                checks_failed: summary.checks_failed(),
                row,
                year: across.then(|| across_years::year_input(&summary)).flatten(),
            })
        },
        |delivery| {
            let Delivery::Done(mut checked) = delivery else {
                return ControlFlow::Continue(());
            };
            gathered.extend(checked.year.take());
            // Text reports are separated by a blank line.
            if !json && !across && text_out && tally.delivered > 0 {
                checked.text.insert(0, b'\n');
            }
            tally.delivered += 1;
            tally.reports += usize::from(checked.is_report);
            tally.with_failures += usize::from(checked.checks_failed > 0);
            index.push(checked.row);
            if let (Some(sink), Some(rows)) = (&mut csv_sink, &checked.csv)
                && let Err(stop) = sink.write(rows.as_bytes())
            {
                return ControlFlow::Break(stop);
            }
            if checked.text.is_empty() {
                return ControlFlow::Continue(());
            }
            match stdout.write_document(&checked.text) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => ControlFlow::Break(Stop::stdout(e)),
            }
        },
    );

    let mut outcome = outcome;
    let mut write_failed = false;
    let mut years_failed = 0;
    let mut closing = Vec::new();
    if across && outcome.stop.is_none() {
        let survey = across_years::survey(&gathered, &issuers);
        years_failed = survey.count(State::Failed);
        if let Some(sink) = &mut csv_sink {
            let table = across_years::csv_table(&survey, Dialect::PLAIN);
            if let Err(stop) = sink.write(table.as_bytes()) {
                outcome.stop = Some(stop);
            }
        }
        if text_out {
            closing = if json {
                match across_years::json_lines(&survey) {
                    Ok(lines) => lines,
                    Err(reason) => {
                        output::report("standard output", &reason);
                        write_failed = true;
                        Vec::new()
                    }
                }
            } else {
                across_years::text(&survey).into_bytes()
            };
        }
    }
    if let Some(sink) = csv_sink {
        write_failed |= !match &outcome.stop {
            None => sink.finish(),
            Some(stop) => sink.abandon(stop),
        };
    }
    if !json && text_out && outcome.stop.is_none() && (outcome.total > 1 || across) {
        let line = summary_line(&tally, outcome.total, outcome.tally.failed);
        closing.extend_from_slice(line.as_bytes());
    }
    if !closing.is_empty()
        && let Err(e) = stdout.write_document(&closing)
        && let Stop::Failed { name, reason } = Stop::stdout(e)
    {
        output::report(&name, &reason);
        write_failed = true;
    }
    if let Some(dir) = &args.html
        && outcome.stop.is_none()
    {
        let path = dir.join("index.html");
        if let Err(e) = output::write_atomically(&path, audit_index::page(&index).as_bytes()) {
            output::report(&path.to_string_lossy(), &format!("cannot write: {e}"));
            write_failed = true;
        }
    }
    // The text report ends in its own summary line on standard output.
    outcome.quiet |= !json && text_out;
    let not_converted = outcome.conclude() || write_failed;
    if not_converted {
        ExitCode::from(EXIT_NOT_CONVERTED)
    } else if tally.with_failures > 0 || years_failed > 0 {
        ExitCode::from(EXIT_CHECK_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// The human report of one input, ending in a newline: failed and
/// uncertain checks, and with `all` every other one.
fn text_report(summary: &Summary, all: bool) -> String {
    let mut out = format!("{}\n", summary.path);
    let Some(report) = &summary.report else {
        out.push_str("  not a government information-disclosure annual report\n");
        return out;
    };
    let year = report
        .year
        .map_or_else(|| "year unknown".to_string(), |y| y.to_string());
    let _ = writeln!(
        out,
        "  report: {} template, {}, {year}",
        report.template,
        report.issuer.as_deref().unwrap_or("issuer unknown"),
    );
    let _ = writeln!(
        out,
        "  figures: {} found; checks: {} run: {} passed, {} failed, {} uncertain; {} not assessable",
        report.statistics.len(),
        report.run(),
        report.count(CheckState::Passed),
        report.count(CheckState::Failed),
        report.count(CheckState::Uncertain),
        report.count(CheckState::NotAssessable),
    );
    let mut listed = vec![CheckState::Failed, CheckState::Uncertain];
    if all {
        listed.push(CheckState::Passed);
    }
    if all {
        listed.push(CheckState::NotAssessable);
    }
    for state in listed {
        for check in report.in_state(state) {
            let _ = writeln!(
                out,
                "  {} {}{}: {}{}",
                state_word(state),
                check.rule,
                place(check.row.as_deref(), check.column.as_deref()),
                check.message,
                recovered_note(check, report)
            );
        }
        if state == CheckState::NotAssessable {
            for check in &report.unassessed {
                let _ = writeln!(
                    out,
                    "  {} {}{}: {}",
                    state_word(state),
                    check.rule,
                    place(check.row.as_deref(), check.column.as_deref()),
                    check.message
                );
            }
        }
        for check in report.documents_in(state) {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                state_word(state),
                check.rule,
                check.message
            );
        }
    }
    out
}

/// How the text report names a state.
fn state_word(state: CheckState) -> &'static str {
    match state {
        CheckState::Passed => "PASSED",
        CheckState::Failed => "FAILED",
        CheckState::Uncertain => "UNCERTAIN",
        CheckState::NotAssessable => "NOT ASSESSABLE",
    }
}

/// ` [recovered: key (how), …]` for a check that used figures whose place
/// was recovered; empty otherwise.
fn recovered_note(check: &Check, report: &Report) -> String {
    let recovered: Vec<String> = check
        .keys
        .iter()
        .filter_map(|key| Some(format!("{key} ({})", report.uncertain.get(key)?.as_str())))
        .collect();
    if recovered.is_empty() {
        String::new()
    } else {
        format!(" [recovered: {}]", recovered.join(", "))
    }
}

/// The columns of `--csv`.
const CSV_HEADER: [&str; 10] = [
    "path", "issuer", "year", "rule", "row", "column", "state", "expected", "found", "message",
];

/// One input's rows of `--csv`: every check that ran, then the ones not
/// assessable; nothing for a document that is not a report.
fn csv_rows(summary: &Summary) -> String {
    let Some(report) = &summary.report else {
        return String::new();
    };
    let year = report.year.map(|y| y.to_string()).unwrap_or_default();
    let issuer = report.issuer.as_deref().unwrap_or_default();
    let row = |rule: &str,
               row: Option<&str>,
               column: Option<&str>,
               state: CheckState,
               sides: [&str; 2],
               message: &str| {
        csv::record(
            [
                summary.path.as_str(),
                issuer,
                &year,
                rule,
                row.unwrap_or_default(),
                column.unwrap_or_default(),
                state.as_str(),
                sides[0],
                sides[1],
                message,
            ],
            Dialect::PLAIN,
        )
    };
    let mut out = String::new();
    for check in &report.checks {
        let sides = [csv::number(check.expected), csv::number(check.found)];
        out.push_str(&row(
            &check.rule,
            check.row.as_deref(),
            check.column.as_deref(),
            check.state,
            [&sides[0], &sides[1]],
            &check.message,
        ));
    }
    for check in &report.unassessed {
        out.push_str(&row(
            &check.rule,
            check.row.as_deref(),
            check.column.as_deref(),
            check.state,
            ["", ""],
            &check.message,
        ));
    }
    for check in &report.document_checks {
        out.push_str(&row(
            &check.rule,
            None,
            None,
            check.state,
            ["", ""],
            &check.message,
        ));
    }
    out
}

/// ` (row R)`, ` (column C)`, ` (row R, column C)` or nothing.
fn place(row: Option<&str>, column: Option<&str>) -> String {
    match (row, column) {
        (Some(row), Some(column)) => format!(" (row {row}, column {column})"),
        (Some(row), None) => format!(" (row {row})"),
        (None, Some(column)) => format!(" (column {column})"),
        (None, None) => String::new(),
    }
}

fn summary_line(tally: &Tally, total: usize, failed: usize) -> String {
    let others = tally.delivered - tally.reports;
    format!(
        "\n{total} files: {} ({} with failed checks), {}, {failed} could not be converted\n",
        counted(tally.reports, "report", "reports"),
        tally.with_failures,
        counted(others, "other document", "other documents"),
    )
}

pub(super) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The `--json` object of one input, followed by a newline.
fn json_line(summary: &Summary) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Line<'a> {
        path: &'a str,
        sha256: &'a str,
        is_report: bool,
        template: Option<&'a str>,
        issuer: Option<&'a str>,
        year: Option<i32>,
        figures: usize,
        checks_run: usize,
        checks_passed: usize,
        checks_failed: usize,
        checks_uncertain: usize,
        checks_not_assessable: usize,
        failed: Vec<&'a Check>,
        uncertain: Vec<&'a Check>,
        not_assessable: &'a [Unassessed],
        document_checks: &'a [DocumentCheck],
    }
    let report = summary.report.as_ref();
    let in_state = |state| report.map_or_else(Vec::new, |r| r.in_state(state).collect());
    let line = Line {
        path: &summary.path,
        sha256: &summary.sha256,
        is_report: summary.is_report(),
        template: summary.template(),
        issuer: summary.issuer(),
        year: summary.year(),
        figures: summary.statistics().len(),
        checks_run: summary.checks_run(),
        checks_passed: summary.checks(CheckState::Passed),
        checks_failed: summary.checks(CheckState::Failed),
        checks_uncertain: summary.checks(CheckState::Uncertain),
        checks_not_assessable: summary.checks(CheckState::NotAssessable),
        failed: in_state(CheckState::Failed),
        uncertain: in_state(CheckState::Uncertain),
        not_assessable: report.map_or(&[], |r| r.unassessed.as_slice()),
        document_checks: report.map_or(&[], |r| r.document_checks.as_slice()),
    };
    let mut json =
        serde_json::to_vec(&line).map_err(|e| format!("cannot encode the result as JSON: {e}"))?;
    json.push(b'\n');
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docmend::model::{Doubt, Number};

    fn check(state: CheckState, row: Option<&str>, keys: &[&str]) -> Check {
        Check {
            rule: "applications.row_sum".into(),
            row: row.map(str::to_string),
            column: None,
            ok: state == CheckState::Passed,
            state,
            expected: Number(2.0),
            found: Number(0.0),
            message: "2, but 0".into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            counted_as_zero: Vec::new(),
            quote: None,
        }
    }

    #[test]
    fn place_names_row_and_column() {
        assert_eq!(place(Some("r"), None), " (row r)");
        assert_eq!(place(None, Some("c")), " (column c)");
        assert_eq!(place(Some("r"), Some("c")), " (row r, column c)");
        assert_eq!(place(None, None), "");
    }

    fn summary() -> Summary {
        Summary {
            path: "a.txt".into(),
            sha256: "00".into(),
            report: Some(Box::new(Report {
                version: "2".into(),
                template: "2019".into(),
                issuer: None,
                year: None,
                statistics: Default::default(),
                checks: vec![
                    check(CheckState::Passed, Some("new_received"), &["k"]),
                    check(CheckState::Failed, Some("result.disclosed"), &["k"]),
                    check(CheckState::Uncertain, Some("carried_over"), &["k", "s"]),
                ],
                document_checks: vec![DocumentCheck {
                    rule: "structure.year".into(),
                    state: CheckState::Failed,
                    message: "the title says 2022, the statistics period 2021".into(),
                    keys: Vec::new(),
                    quote: None,
                }],
                unassessed: vec![Unassessed {
                    rule: "applications.balance".into(),
                    row: None,
                    column: Some("total".into()),
                    state: CheckState::NotAssessable,
                    missing: vec!["m".into()],
                    message: "总计: the report states no figure for m".into(),
                }],
                uncertain: [("s".to_string(), Doubt::RunTogetherSplit)]
                    .into_iter()
                    .collect(),
                not_numbers: Default::default(),
            })),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn text_report_lists_failed_and_uncertain_checks() {
        assert_eq!(
            text_report(&summary(), false),
            "a.txt\n  report: 2019 template, issuer unknown, year unknown\n  \
             figures: 0 found; checks: 4 run: 1 passed, 2 failed, 1 uncertain; 1 not assessable\n  \
             FAILED applications.row_sum (row result.disclosed): 2, but 0\n  \
             FAILED structure.year: the title says 2022, the statistics period 2021\n  \
             UNCERTAIN applications.row_sum (row carried_over): 2, but 0 [recovered: s (run_together_split)]\n"
        );
        let all = text_report(&summary(), true);
        assert!(all.contains("\n  PASSED applications.row_sum (row new_received): 2, but 0\n"));
        assert!(all.ends_with(
            "\n  NOT ASSESSABLE applications.balance (column total): 总计: the report states no figure for m\n"
        ));
    }

    #[test]
    fn csv_rows_give_every_check_with_its_state() {
        let rows = csv_rows(&summary());
        let states: Vec<&str> = rows
            .lines()
            .map(|line| line.split(',').nth(6).unwrap())
            .collect();
        assert_eq!(
            states,
            ["passed", "failed", "uncertain", "not_assessable", "failed"]
        );
        assert!(rows.contains(
            "\na.txt,,,applications.balance,,total,not_assessable,,,总计: the report states no figure for m\n"
        ));
        assert!(rows.ends_with(
            "\na.txt,,,structure.year,,,failed,,,\"the title says 2022, the statistics period 2021\"\n"
        ));
    }

    #[test]
    fn json_line_counts_each_state() {
        let line: serde_json::Value =
            serde_json::from_slice(&json_line(&summary()).unwrap()).unwrap();
        assert_eq!(line["checks_run"], 4);
        assert_eq!(line["checks_passed"], 1);
        assert_eq!(line["checks_failed"], 2);
        assert_eq!(line["document_checks"][0]["rule"], "structure.year");
        assert_eq!(line["checks_uncertain"], 1);
        assert_eq!(line["checks_not_assessable"], 1);
        assert_eq!(line["failed"][0]["state"], "failed");
        assert_eq!(line["uncertain"][0]["state"], "uncertain");
        assert_eq!(line["not_assessable"][0]["missing"][0], "m");
    }

    #[test]
    fn summary_line_counts() {
        let tally = Tally {
            delivered: 3,
            reports: 2,
            with_failures: 1,
        };
        assert_eq!(
            summary_line(&tally, 4, 1),
            "\n4 files: 2 reports (1 with failed checks), 1 other document, 1 could not be converted\n"
        );
    }
}
