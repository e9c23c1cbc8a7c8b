//! `docmend stats`: the statistics of many annual reports as one table, a
//! CSV file and/or JSON Lines, one row per input that converted (other
//! documents included, with empty statistics), columns in the fixed order
//! of [`keys::all_keys`]; and/or a SQLite database of the corpus
//! ([`super::database`]). Output files are replaced atomically when the run
//! completes.

use super::across_years;
use super::csv::{self, Dialect};
use super::database::Database;
use super::inputs::{self, Entry, Source};
use super::output;
use super::runner::{self, Batch, Delivery, Outcome, Stop};
use super::sink::Sink;
use super::summary::Summary;
use super::task::Task;
use super::{EXIT_FAILED, SourceArgs, usage_error};
use clap::error::ErrorKind;
use clap::{ArgGroup, Args};
use docmend::corpus::years::{OwnedYearReport, Survey};
use docmend::model::{CheckState, Number};
use docmend::profile::figures::Figures;
use docmend::profile::keys::{self, StatKey};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const EXAMPLES: &str = "\
Examples:
  docmend stats reports/ --csv stats.csv
  docmend stats reports/ --csv stats.csv --excel     for Excel (BOM, CRLF)
  docmend stats reports/ --csv stats.csv --jsonl stats.jsonl --jobs 4
  docmend stats 2023/*.txt --csv -                    CSV on standard output
  docmend stats reports/ --jsonl - | jq .statistics
  docmend stats reports/ --csv stats.csv --across-years --issuers renamed.tsv
  docmend stats reports/ --sqlite corpus.db           a database to query with SQL

Output:
  One row per input that converted, in the order given (directory contents
  in sorted order), also for inputs that are not annual reports
  (is_report false, statistics empty), so that every file is accounted for.
  Columns, always the same and in this order: path, sha256, issuer, year,
  template, is_report, one column per statistics key in the order of the
  output contract (empty where the report does not state the figure), then
  how many checks ended in each state: checks_failed, checks_passed,
  checks_uncertain, checks_not_assessable (see `docmend check`). The header
  is written even when no input converted.
  --across-years adds, after those: issuer_group (the issuer the
  report is grouped under), previous_year_path (the report it was compared
  with), years_passed, years_failed, years_not_assessable, years_uncertain
  (how its comparisons with that report ended) and years_note (a gap before
  it, its being set aside as a duplicate, or why it is not grouped); the
  rows are then written when the batch ends. See `docmend check --help`.
  CSV follows RFC 4180 in UTF-8: a field holding a comma, quote or line
  break is quoted, quotes doubled; lines end in LF, or with --excel in CRLF
  after a byte-order mark so that Excel shows Chinese text correctly.
  JSON Lines: one object per input with the same fields and the figures
  nested as \"statistics\": {key: number} in the same key order.
  --sqlite: a SQLite database with one row per input in the table reports
  (failures: the inputs that failed), every figure and every cell that
  holds no number in figures (long form, one row per report and key), every
  check in checks, the diagnostics in diagnostics, and with --across-years
  the findings in year_checks; docs/corpus-database.md describes every
  table and column. An existing FILE is replaced.
  FILE is written under a temporary name next to it and renamed into place
  when the run completes, so an interrupted run never leaves a half-written
  FILE; FILE itself is never read as an input. '-' is standard output (for
  one of --csv and --jsonl at most; never for --sqlite).

Errors:
  An input that cannot be converted is reported as
  'docmend: <path>: <reason>' on standard error and has no row; the rest go
  on and the exit code is then 1. Failed checks do not change the exit code
  (see `docmend check`). Usage errors exit with 2.";

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("output")
        .args(["csv", "jsonl", "sqlite"])
        .required(true)
        .multiple(true)
))]
pub struct StatsArgs {
    /// Files or directories to read; directories are walked recursively
    /// (hidden entries skipped), '-' reads standard input
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    /// Write the table as CSV to FILE ('-' for standard output)
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,

    /// Write one JSON object per input and line to FILE ('-' for standard output)
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,

    /// Write a SQLite database of the reports, their figures (long form),
    /// checks and diagnostics to FILE, replacing it (see
    /// docs/corpus-database.md)
    #[arg(long, value_name = "FILE")]
    sqlite: Option<PathBuf>,

    /// Write the CSV for Excel: a UTF-8 byte-order mark and CRLF line ends
    #[arg(long, requires = "csv")]
    excel: bool,

    /// Add the year-against-year columns (issuer_group,
    /// previous_year_path, years_passed, years_failed,
    /// years_not_assessable, years_uncertain, years_note), as `docmend check
    /// --across-years` finds them; rows are written when the batch ends
    #[arg(long)]
    across_years: bool,

    /// With --across-years: a file of 'alias<TAB>canonical name' lines
    /// joining the reports of a renamed body
    #[arg(long, value_name = "FILE", requires = "across_years")]
    issuers: Option<PathBuf>,

    /// The CSV's column headers: the statistics keys, or the template's
    /// Chinese labels (`一、本年新收政府信息公开申请数量/自然人`)
    #[arg(
        long,
        value_name = "LABELS",
        value_enum,
        default_value = "keys",
        requires = "csv"
    )]
    labels: Labels,

    #[command(flatten)]
    source: SourceArgs,
}

/// The CSV's column headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Labels {
    /// `path`, `year`, `applications.new_received.natural_person`, …
    Keys,
    /// `路径`, `年度`, `一、本年新收政府信息公开申请数量/自然人`, …
    Zh,
}

/// The rows of one input, rendered on the worker.
struct Rows {
    csv: Option<String>,
    jsonl: Option<Vec<u8>>,
    /// With --sqlite: the whole summary, for the database's rows.
    summary: Option<Summary>,
    /// With --across-years: the input's path and what it brings to the
    /// comparison.
    path: String,
    year: Option<OwnedYearReport>,
}

pub fn run(args: StatsArgs) -> ExitCode {
    let mut batch = match Batch::new("stats", &args.inputs, &args.source) {
        Ok(batch) => batch,
        Err(code) => return code,
    };
    let is_stdout = |path: &Option<PathBuf>| path.as_deref().is_some_and(inputs::is_stdin);
    if is_stdout(&args.csv) && is_stdout(&args.jsonl) {
        return usage_error(
            "stats",
            ErrorKind::ArgumentConflict,
            "--csv and --jsonl cannot both write to standard output ('-')".to_string(),
        );
    }
    if is_stdout(&args.sqlite) {
        return usage_error(
            "stats",
            ErrorKind::InvalidValue,
            "--sqlite cannot write to standard output ('-'): name a file".to_string(),
        );
    }
    let issuers = match across_years::read_issuers(args.issuers.as_deref()) {
        Ok(issuers) => issuers,
        Err(reason) => return usage_error("stats", ErrorKind::InvalidValue, reason),
    };
    batch.expand(&args.inputs, None);
    let outputs: Vec<&Path> = [&args.csv, &args.jsonl, &args.sqlite]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    skip_outputs(&mut batch.entries, &outputs);

    let dialect = if args.excel {
        Dialect::EXCEL
    } else {
        Dialect::PLAIN
    };
    let open = |path: &Option<PathBuf>| -> Result<Option<Sink>, ExitCode> {
        let Some(path) = path else { return Ok(None) };
        Sink::open(path).map(Some).map_err(|reason| {
            output::report(&path.to_string_lossy(), &reason);
            ExitCode::from(EXIT_FAILED)
        })
    };
    let (mut csv_sink, mut jsonl_sink) = match (open(&args.csv), open(&args.jsonl)) {
        (Ok(csv), Ok(jsonl)) => (csv, jsonl),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let mut database = match &args.sqlite {
        None => None,
        Some(path) => match Database::open(path, args.across_years) {
            Ok(database) => Some(database),
            Err(reason) => {
                output::report(&path.to_string_lossy(), &reason);
                return ExitCode::from(EXIT_FAILED);
            }
        },
    };

    let header = if let Some(sink) = &mut csv_sink {
        let mut header = dialect.preamble().to_string();
        let mut fields: Vec<String> = match args.labels {
            Labels::Keys => header_fields().map(str::to_string).collect(),
            Labels::Zh => chinese_header_fields(),
        };
        if args.across_years {
            let added = match args.labels {
                Labels::Keys => across_years::STATS_COLUMNS,
                Labels::Zh => across_years::STATS_COLUMNS_ZH,
            };
            fields.extend(added.iter().map(|s| s.to_string()));
        }
        header.push_str(&csv::record(fields.iter().map(String::as_str), dialect));
        sink.write(header.as_bytes())
    } else {
        Ok(())
    };

    let (want_csv, want_jsonl, want_sqlite) =
        (csv_sink.is_some(), jsonl_sink.is_some(), database.is_some());
    let across = args.across_years;
    // With --across-years the rows wait for the comparison at the end.
    let mut held: Vec<Rows> = Vec::new();
    let outcome = match header {
        // Nothing read yet; the files are left out below like a stopped run's.
        Err(stop) => Outcome::stopped_at_start(batch.entries.len(), stop),
        Ok(()) => batch.run(
            Task::Summary {
                audit: false,
                diagnostics: want_sqlite,
            },
            |_, product| {
                let (summary, _) = product.into_summary()?;
                Ok(Rows {
                    csv: want_csv.then(|| csv::record(csv_fields(&summary), dialect)),
                    jsonl: want_jsonl.then(|| jsonl_line(&summary)).transpose()?,
                    year: across.then(|| across_years::year_input(&summary)).flatten(),
                    path: summary.path.clone(),
                    summary: want_sqlite.then_some(summary),
                })
            },
            |delivery| {
                let mut rows = match delivery {
                    Delivery::Done(rows) => rows,
                    Delivery::Failed { name, reason } => {
                        return match database.as_mut().map(|db| db.add_failure(&name, &reason)) {
                            Some(Err(stop)) => ControlFlow::Break(stop),
                            _ => ControlFlow::Continue(()),
                        };
                    }
                };
                // The database takes its rows as they come, also with
                // --across-years: only the findings wait for the end.
                if let (Some(db), Some(summary)) = (database.as_mut(), rows.summary.take())
                    && let Err(stop) = db.add_summary(&summary)
                {
                    return ControlFlow::Break(stop);
                }
                if across {
                    held.push(rows);
                    return ControlFlow::Continue(());
                }
                let written = write_to(&mut csv_sink, rows.csv.as_deref().map(str::as_bytes))
                    .and_then(|()| write_to(&mut jsonl_sink, rows.jsonl.as_deref()));
                match written {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(stop) => ControlFlow::Break(stop),
                }
            },
        ),
    };

    let mut outcome = outcome;
    if across && outcome.stop.is_none() {
        let gathered: Vec<OwnedYearReport> =
            held.iter_mut().filter_map(|r| r.year.take()).collect();
        let survey = across_years::survey(&gathered, &issuers);
        drop(gathered);
        outcome.stop = write_across_years(held, &survey, dialect, &mut csv_sink, &mut jsonl_sink)
            .and_then(|()| {
                database
                    .as_mut()
                    .map_or(Ok(()), |db| db.add_survey(&survey))
            })
            .err();
    }

    // A complete batch puts the files in place. A stopped one leaves them
    // out (dropping them removes the temporary files), which is worth saying
    // even when the stop itself was quiet (standard output closed early).
    let failed = outcome.conclude();
    let mut put_in_place = true;
    for sink in [csv_sink, jsonl_sink].into_iter().flatten() {
        put_in_place &= match &outcome.stop {
            None => sink.finish(),
            Some(stop) => sink.abandon(stop),
        };
    }
    if let Some(database) = database {
        put_in_place &= match &outcome.stop {
            None => database.finish(),
            Some(stop) => database.abandon(stop),
        };
    }
    runner::exit_code(failed || !put_in_place)
}

/// Writes each held row with its year-against-year columns, as `survey`
/// found them.
fn write_across_years(
    held: Vec<Rows>,
    survey: &Survey,
    dialect: Dialect,
    csv_sink: &mut Option<Sink>,
    jsonl_sink: &mut Option<Sink>,
) -> Result<(), Stop> {
    let columns = across_years::report_columns(survey);
    let none = across_years::ReportColumns::default();
    for rows in held {
        let added = columns.get(&rows.path).unwrap_or(&none);
        let csv = rows
            .csv
            .map(|record| across_years::extend_csv_record(&record, added, dialect));
        let jsonl = rows
            .jsonl
            .map(|line| across_years::extend_json_line(&line, added))
            .transpose()
            .map_err(|reason| Stop::Failed {
                name: rows.path.clone(),
                reason,
            })?;
        write_to(csv_sink, csv.as_deref().map(str::as_bytes))?;
        write_to(jsonl_sink, jsonl.as_deref())?;
    }
    Ok(())
}

fn write_to(sink: &mut Option<Sink>, bytes: Option<&[u8]>) -> Result<(), Stop> {
    match (sink, bytes) {
        (Some(sink), Some(bytes)) => sink.write(bytes),
        _ => Ok(()),
    }
}

/// Removes the output files from the inputs, so that a re-run over the
/// folder that holds them does not read its own earlier output.
fn skip_outputs(entries: &mut Vec<Entry>, outputs: &[&Path]) {
    let outputs: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|path| fs::canonicalize(path).ok())
        .collect();
    if outputs.is_empty() {
        return;
    }
    entries.retain(|entry| match entry {
        Entry::Input(input) => match &input.source {
            Source::File(path) => {
                fs::canonicalize(path).map_or(true, |path| !outputs.contains(&path))
            }
            Source::Stdin => true,
        },
        Entry::Failed { .. } => true,
    });
}

/// The fixed leading columns.
const LEADING: [&str; 6] = ["path", "sha256", "issuer", "year", "template", "is_report"];

fn header_fields() -> impl Iterator<Item = &'static str> {
    LEADING
        .into_iter()
        .chain(keys::all_keys().iter().map(String::as_str))
        .chain(CHECK_COLUMNS.iter().map(|(name, _, _)| *name))
}

/// The trailing columns: how many checks ended in each state, in both
/// header languages.
const CHECK_COLUMNS: [(&str, &str, CheckState); 4] = [
    ("checks_failed", "未通过的校验数", CheckState::Failed),
    ("checks_passed", "通过的校验数", CheckState::Passed),
    (
        "checks_uncertain",
        "结果不确定的校验数",
        CheckState::Uncertain,
    ),
    (
        "checks_not_assessable",
        "无法评估的校验数",
        CheckState::NotAssessable,
    ),
];

/// The leading columns in Chinese, in the order of [`LEADING`].
const LEADING_ZH: [&str; 6] = ["路径", "SHA-256", "发布机关", "年度", "模板", "是否年报"];

fn chinese_header_fields() -> Vec<String> {
    LEADING_ZH
        .iter()
        .map(|s| s.to_string())
        .chain(StatKey::all().map(StatKey::label))
        .chain(CHECK_COLUMNS.iter().map(|(_, zh, _)| zh.to_string()))
        .collect()
}

fn csv_fields(summary: &Summary) -> Vec<String> {
    let (figures, _) = read_statistics(summary.statistics());
    let mut fields =
        Vec::with_capacity(LEADING.len() + keys::all_keys().len() + CHECK_COLUMNS.len());
    fields.push(summary.path.clone());
    fields.push(summary.sha256.clone());
    fields.push(summary.issuer().unwrap_or_default().to_string());
    fields.push(summary.year().map(|y| y.to_string()).unwrap_or_default());
    fields.push(summary.template().unwrap_or_default().to_string());
    fields.push(summary.is_report().to_string());
    fields.extend(StatKey::all().map(|key| figures.get(key).map_or_else(String::new, csv::number)));
    fields.extend(
        CHECK_COLUMNS
            .iter()
            .map(|&(_, _, state)| summary.checks(state).to_string()),
    );
    fields
}

fn jsonl_line(summary: &Summary) -> Result<Vec<u8>, String> {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        path: &'a str,
        sha256: &'a str,
        issuer: Option<&'a str>,
        year: Option<i32>,
        template: Option<&'a str>,
        is_report: bool,
        statistics: InKeyOrder<'a>,
        checks_failed: usize,
        checks_passed: usize,
        checks_uncertain: usize,
        checks_not_assessable: usize,
    }
    let line = Line {
        path: &summary.path,
        sha256: &summary.sha256,
        issuer: summary.issuer(),
        year: summary.year(),
        template: summary.template(),
        is_report: summary.is_report(),
        statistics: InKeyOrder(summary.statistics()),
        checks_failed: summary.checks(CheckState::Failed),
        checks_passed: summary.checks(CheckState::Passed),
        checks_uncertain: summary.checks(CheckState::Uncertain),
        checks_not_assessable: summary.checks(CheckState::NotAssessable),
    };
    let mut json =
        serde_json::to_vec(&line).map_err(|e| format!("cannot encode the row as JSON: {e}"))?;
    json.push(b'\n');
    Ok(json)
}

/// A profile's statistics read back into typed keys; the keys the contract
/// does not have, in sorted order, beside them.
fn read_statistics(statistics: &BTreeMap<String, Number>) -> (Figures, Vec<(&str, Number)>) {
    let mut figures = Figures::default();
    let mut unknown = Vec::new();
    for (text, number) in statistics {
        match text.parse::<StatKey>() {
            Ok(key) => {
                figures.insert(key, *number);
            }
            Err(_) => unknown.push((text.as_str(), *number)),
        }
    }
    (figures, unknown)
}

/// Statistics serialised in the order of [`keys::all_keys`] (the CSV's
/// column order); a key outside that list, which the contract does not
/// have, would follow in sorted order rather than be lost.
struct InKeyOrder<'a>(&'a BTreeMap<String, Number>);

impl Serialize for InKeyOrder<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (figures, unknown) = read_statistics(self.0);
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in figures.iter() {
            map.serialize_entry(key.as_str(), &value)?;
        }
        for (key, value) in unknown {
            map.serialize_entry(key, &value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_written() {
        assert_eq!(csv::number(Number(6.0)), "6");
        assert_eq!(csv::number(Number(0.0)), "0");
        assert_eq!(csv::number(Number(-0.0)), "0");
        assert_eq!(csv::number(Number(-3.0)), "-3");
        assert_eq!(csv::number(Number(12.5)), "12.5");
        assert_eq!(csv::number(Number(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(csv::number(Number(1234567.0)), "1234567");
    }

    #[test]
    fn header_has_every_key_between_the_fixed_columns() {
        let header: Vec<&str> = header_fields().collect();
        assert_eq!(header.len(), 6 + keys::all_keys().len() + 4);
        assert_eq!(header[..6], LEADING);
        assert_eq!(
            header[header.len() - 4..],
            [
                "checks_failed",
                "checks_passed",
                "checks_uncertain",
                "checks_not_assessable"
            ]
        );
    }

    #[test]
    fn statistics_follow_the_key_order() {
        let all = keys::all_keys();
        let mut stats = BTreeMap::new();
        // Inserted so that sorted order differs from the contract's order.
        for key in [&all[all.len() - 1], &all[0], &all[7]] {
            stats.insert(key.clone(), Number(1.0));
        }
        stats.insert("zz.unknown".to_string(), Number(2.5));
        let json = serde_json::to_string(&InKeyOrder(&stats)).expect("serialises");
        let expected = format!(
            "{{\"{}\":1,\"{}\":1,\"{}\":1,\"zz.unknown\":2.5}}",
            all[0],
            all[7],
            all[all.len() - 1]
        );
        assert_eq!(json, expected);
    }
}
