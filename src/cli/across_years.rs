//! `--across-years` of `check` and `stats`: what each report of a batch
//! brings to the year-against-year comparison (kept from its summary as it
//! is delivered, only the figures the comparison reads), the mapping file
//! of `--issuers`, and the writers of the findings — the human section and
//! the `--json` and `--csv` records of `check`, the per-report columns of
//! `stats`. The comparison itself is the library's
//! ([`docmend::corpus::years`]).

use super::check::counted;
use super::csv::{self, Dialect};
use super::summary::Summary;
use docmend::corpus::issuers::IssuerMap;
use docmend::corpus::years::{self, Finding, Kind, OwnedYearReport, State, Survey, YearReport};
use docmend::model::Number;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// What one report brings to the comparison, taken from its summary:
/// only the figures the comparison reads.
pub fn year_input(summary: &Summary) -> Option<OwnedYearReport> {
    let report = summary.report.as_ref()?;
    let read = |key: &String| keys_read().contains(&key.as_str());
    Some(OwnedYearReport {
        path: summary.path.clone(),
        issuer: report.issuer.clone(),
        year: report.year,
        template: Some(report.template.clone()),
        statistics: report
            .statistics
            .iter()
            .filter(|(key, _)| read(key))
            .map(|(key, value)| (key.clone(), *value))
            .collect(),
        uncertain: report
            .uncertain
            .iter()
            .filter(|(key, _)| read(key))
            .map(|(key, doubt)| (key.clone(), *doubt))
            .collect(),
    })
}

/// The dotted keys the comparison reads.
fn keys_read() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| years::keys_read().into_iter().map(|k| k.as_str()).collect())
}

/// Reads the `--issuers` mapping; the error says which file and line
/// (a usage error: nothing has been read yet).
pub fn read_issuers(path: Option<&Path>) -> Result<IssuerMap, String> {
    let Some(path) = path else {
        return Ok(IssuerMap::default());
    };
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--issuers {name}: cannot read the issuer mapping: {e}"))?;
    IssuerMap::parse(&text).map_err(|e| format!("--issuers {name}: not an issuer mapping: {e}"))
}

/// Compares the reports gathered.
pub fn survey(inputs: &[OwnedYearReport], issuers: &IssuerMap) -> Survey {
    let reports: Vec<YearReport> = inputs.iter().map(OwnedYearReport::view).collect();
    years::compare(&reports, issuers)
}

/// The word a finding's line starts with in the human section.
fn label(finding: &Finding) -> &'static str {
    match (finding.finding, finding.state) {
        (Kind::Comparison, Some(State::Passed)) => "PASSED",
        (Kind::Comparison, Some(State::Failed)) => "FAILED",
        (Kind::Comparison, Some(State::NotAssessable)) => "NOT ASSESSABLE",
        (Kind::Comparison, _) => "UNCERTAIN",
        (Kind::Gap, _) => "GAP",
        (Kind::Duplicate, _) => "DUPLICATE",
        (Kind::NotGrouped, _) => "NOT GROUPED",
    }
}

/// `12 passed, 1 failed`: the states that occur, or `nothing compared`.
fn state_counts<'f>(findings: impl Iterator<Item = &'f Finding>) -> String {
    let mut counts = [0usize; State::ALL.len()];
    for finding in findings {
        if let Some(state) = finding.state {
            counts[State::ALL.iter().position(|s| *s == state).unwrap_or(0)] += 1;
        }
    }
    let parts: Vec<String> = State::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(state, n)| format!("{n} {}", state.as_str().replace('_', " ")))
        .collect();
    if parts.is_empty() {
        "nothing compared".to_string()
    } else {
        parts.join(", ")
    }
}

/// The human section: a line per group (its issuer, its years, how its
/// comparisons ended, other ways its name was written), a line per finding
/// that is not a passed comparison, then the reports not grouped, then a
/// closing line of counts. Ends in a newline.
pub fn text(survey: &Survey) -> String {
    let mut out = String::from("Year against year:\n");
    let mut at = 0;
    for group in &survey.groups {
        let years: Vec<String> = group.reports.iter().map(|m| m.year.to_string()).collect();
        // A group's findings follow one another, in the order of the groups.
        let count = survey.findings[at..]
            .iter()
            .take_while(|f| {
                f.finding != Kind::NotGrouped && f.issuer.as_deref() == Some(&group.issuer)
            })
            .count();
        let findings = &survey.findings[at..at + count];
        at += count;
        let _ = writeln!(
            out,
            "{} ({}): {}",
            group.issuer,
            years.join(", "),
            state_counts(findings.iter())
        );
        let others: Vec<&str> = group
            .names
            .iter()
            .filter(|n| **n != group.issuer)
            .map(String::as_str)
            .collect();
        if !others.is_empty() {
            let _ = writeln!(out, "  also written: {}", others.join(" | "));
        }
        for finding in findings.iter().filter(|f| f.state != Some(State::Passed)) {
            let _ = writeln!(
                out,
                "  {}{}: {}",
                label(finding),
                place(finding),
                finding.message
            );
        }
    }
    let not_grouped: Vec<&Finding> = survey.findings[at..].iter().collect();
    if !not_grouped.is_empty() {
        out.push_str("Not grouped:\n");
        for finding in not_grouped {
            let _ = writeln!(out, "  {}: {}", finding.later_path, finding.message);
        }
    }
    let _ = writeln!(
        out,
        "\nacross years: {}; comparisons: {}; {}, {}, {} not grouped",
        counted(survey.groups.len(), "issuer", "issuers"),
        state_counts(survey.findings.iter()),
        counted(survey.count_kind(Kind::Gap), "gap", "gaps"),
        counted(
            survey.count_kind(Kind::Duplicate),
            "duplicate",
            "duplicates"
        ),
        survey.count_kind(Kind::NotGrouped),
    );
    out
}

/// ` years.carried_over (column natural_person)`, ` years.in_force (row
/// rules)`, or nothing for findings that are not comparisons.
fn place(finding: &Finding) -> String {
    let Some(rule) = finding.rule else {
        return String::new();
    };
    match (finding.row, finding.column) {
        (Some(row), _) => format!(" {rule} (row {row})"),
        (_, Some(column)) => format!(" {rule} (column {column})"),
        _ => format!(" {rule}"),
    }
}

/// `--json`: one compact object per finding and line.
pub fn json_lines(survey: &Survey) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for finding in &survey.findings {
        serde_json::to_writer(&mut out, finding)
            .map_err(|e| format!("cannot encode a finding as JSON: {e}"))?;
        out.push(b'\n');
    }
    Ok(out)
}

/// The columns of `--csv`, one row per finding.
pub const CSV_COLUMNS: [&str; 13] = [
    "finding",
    "state",
    "issuer",
    "rule",
    "row",
    "column",
    "earlier_year",
    "earlier_path",
    "later_year",
    "later_path",
    "expected",
    "found",
    "message",
];

/// `--csv`: the header and one row per finding.
pub fn csv_table(survey: &Survey, dialect: Dialect) -> String {
    let mut out = dialect.preamble().to_string();
    out.push_str(&csv::record(CSV_COLUMNS, dialect));
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
    let number = |n: Option<Number>| n.map(super::csv::number).unwrap_or_default();
    for f in &survey.findings {
        let fields = [
            f.finding.as_str().to_string(),
            f.state.map(State::as_str).unwrap_or_default().to_string(),
            f.issuer.clone().unwrap_or_default(),
            f.rule.unwrap_or_default().to_string(),
            f.row.unwrap_or_default().to_string(),
            f.column.unwrap_or_default().to_string(),
            year(f.earlier_year),
            f.earlier_path.clone().unwrap_or_default(),
            year(f.later_year),
            f.later_path.clone(),
            number(f.expected),
            number(f.found),
            f.message.clone(),
        ];
        out.push_str(&csv::record(fields, dialect));
    }
    out
}

/// The columns `stats --across-years` adds to each row, after
/// `checks_failed`.
pub const STATS_COLUMNS: [&str; 7] = [
    "issuer_group",
    "previous_year_path",
    "years_passed",
    "years_failed",
    "years_not_assessable",
    "years_uncertain",
    "years_note",
];

/// The same columns in Chinese, for `--labels zh`.
pub const STATS_COLUMNS_ZH: [&str; 7] = [
    "机关分组",
    "上年报告路径",
    "跨年校验通过数",
    "跨年校验未通过数",
    "跨年校验无法判断数",
    "跨年校验存疑数",
    "跨年说明",
];

/// What `stats --across-years` adds to one report's row.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportColumns {
    /// The issuer of its group, or `None` when it is in none.
    pub issuer_group: Option<String>,
    /// The previous year's report it was compared with.
    pub previous_year_path: Option<String>,
    pub years_passed: usize,
    pub years_failed: usize,
    pub years_not_assessable: usize,
    pub years_uncertain: usize,
    /// The message of a gap before it, of its being set aside as a
    /// duplicate, or of its not being grouped (joined by `; `).
    pub years_note: Option<String>,
}

impl ReportColumns {
    /// The fields in the order of [`STATS_COLUMNS`].
    pub fn fields(&self) -> [String; 7] {
        [
            self.issuer_group.clone().unwrap_or_default(),
            self.previous_year_path.clone().unwrap_or_default(),
            self.years_passed.to_string(),
            self.years_failed.to_string(),
            self.years_not_assessable.to_string(),
            self.years_uncertain.to_string(),
            self.years_note.clone().unwrap_or_default(),
        ]
    }
}

/// Each report's columns, by path: the group it is in, and the findings
/// about it (those whose `later_path` it is).
pub fn report_columns(survey: &Survey) -> HashMap<String, ReportColumns> {
    let mut columns: HashMap<String, ReportColumns> = HashMap::new();
    for group in &survey.groups {
        for member in &group.reports {
            columns.entry(member.path.clone()).or_default().issuer_group =
                Some(group.issuer.clone());
        }
    }
    for finding in &survey.findings {
        let row = columns.entry(finding.later_path.clone()).or_default();
        match (finding.finding, finding.state) {
            (Kind::Comparison, Some(state)) => {
                row.previous_year_path = finding.earlier_path.clone();
                *match state {
                    State::Passed => &mut row.years_passed,
                    State::Failed => &mut row.years_failed,
                    State::NotAssessable => &mut row.years_not_assessable,
                    State::Uncertain => &mut row.years_uncertain,
                } += 1;
            }
            _ => {
                if finding.finding == Kind::Duplicate {
                    row.issuer_group = finding.issuer.clone();
                }
                let note = format!("{}: {}", finding.finding.as_str(), finding.message);
                row.years_note = Some(match row.years_note.take() {
                    Some(before) => format!("{before}; {note}"),
                    None => note,
                });
            }
        }
    }
    columns
}

/// A `stats` CSV record with the report's columns added before its line
/// end.
pub fn extend_csv_record(record: &str, columns: &ReportColumns, dialect: Dialect) -> String {
    let mut out = record
        .strip_suffix(dialect.line_end)
        .unwrap_or(record)
        .to_string();
    out.push(',');
    out.push_str(&csv::record(columns.fields(), dialect));
    out
}

/// A `stats` JSON line (one object, then a newline) with the report's
/// columns added as fields at its end.
pub fn extend_json_line(line: &[u8], columns: &ReportColumns) -> Result<Vec<u8>, String> {
    let added =
        serde_json::to_vec(columns).map_err(|e| format!("cannot encode the row as JSON: {e}"))?;
    // Both are objects: `{…}\n` and `{…}`; join their insides.
    let (Some(body), Some(inner)) = (
        line.strip_suffix(b"}\n"),
        added.strip_prefix(b"{").and_then(|a| a.strip_suffix(b"}")),
    ) else {
        return Err("internal error (please report it): a row is not a JSON object".to_string());
    };
    let mut out = body.to_vec();
    out.push(b',');
    out.extend_from_slice(inner);
    out.extend_from_slice(b"}\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_get_the_columns_at_their_end() {
        let columns = ReportColumns {
            issuer_group: Some("某局".into()),
            previous_year_path: Some("a,2021.txt".into()),
            years_passed: 8,
            years_failed: 1,
            years_note: None,
            ..ReportColumns::default()
        };
        assert_eq!(
            extend_csv_record("x,1\r\n", &columns, Dialect::EXCEL),
            "x,1,某局,\"a,2021.txt\",8,1,0,0,\r\n"
        );
        let line = extend_json_line(b"{\"path\":\"x\"}\n", &columns).unwrap();
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "{\"path\":\"x\",\"issuer_group\":\"某局\",\"previous_year_path\":\"a,2021.txt\",\
             \"years_passed\":8,\"years_failed\":1,\"years_not_assessable\":0,\
             \"years_uncertain\":0,\"years_note\":null}\n"
        );
    }
}
