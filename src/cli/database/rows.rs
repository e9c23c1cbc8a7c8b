//! The rows of the corpus database: what one input's summary, one failed
//! input and the year-against-year survey put into the tables of
//! [`super::schema`].

use crate::summary::{Report, Summary};
use docmend::corpus::years::{Finding, Survey};
use docmend::model::{CheckState, Number};
use docmend::profile::keys::StatKey;
use rusqlite::{Connection, Result, params};
use std::collections::HashMap;

/// The roles a statistics key plays in a check (`check_keys.role`).
const COMPARED: &str = "compared";
const COUNTED_AS_ZERO: &str = "counted_as_zero";
const MISSING: &str = "missing";
const READ: &str = "read";

/// Adds the rows of one converted input, numbered `id`: its `reports`
/// row, its figures, its checks with their keys and its diagnostics.
pub fn add_summary(db: &Connection, id: i64, summary: &Summary) -> Result<()> {
    let report = summary.report.as_deref();
    let count = |f: fn(&Report) -> usize| report.map_or(0, f) as i64;
    db.prepare_cached(
        "INSERT INTO reports (id, path, sha256, is_report, template, issuer, year,
             docmend_version, profile_version, figures, not_numbers, uncertain_figures,
             checks_passed, checks_failed, checks_uncertain, checks_not_assessable, diagnostics)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        id,
        summary.path,
        summary.sha256,
        summary.is_report(),
        summary.template(),
        summary.issuer(),
        summary.year(),
        docmend::pipeline::VERSION,
        report.map(|r| r.version.as_str()),
        count(|r| r.statistics.len()),
        count(|r| r.not_numbers.len()),
        count(|r| r.uncertain.len()),
        summary.checks(CheckState::Passed) as i64,
        summary.checks(CheckState::Failed) as i64,
        summary.checks(CheckState::Uncertain) as i64,
        summary.checks(CheckState::NotAssessable) as i64,
        summary.diagnostics.len() as i64,
    ])?;
    if let Some(report) = report {
        add_figures(db, id, report)?;
        add_checks(db, id, report)?;
    }
    let mut insert = db.prepare_cached(
        "INSERT INTO diagnostics (report_id, position, severity, code, message)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, diagnostic) in summary.diagnostics.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            diagnostic.severity.as_str(),
            diagnostic.code.as_str(),
            diagnostic.message,
        ])?;
    }
    Ok(())
}

/// Adds an input that could not be read or converted.
pub fn add_failure(db: &Connection, id: i64, path: &str, reason: &str) -> Result<()> {
    db.prepare_cached("INSERT INTO failures (id, path, reason) VALUES (?1, ?2, ?3)")?
        .execute(params![id, path, reason])?;
    Ok(())
}

/// One row of `figures`: a template cell, holding a number or not.
struct Cell<'a> {
    key: &'a str,
    value: Option<Number>,
    kind: &'a str,
    text: Option<&'a str>,
}

fn add_figures(db: &Connection, id: i64, report: &Report) -> Result<()> {
    let numbers = report.statistics.iter().map(|(key, value)| Cell {
        key,
        value: Some(*value),
        kind: "number",
        text: None,
    });
    let others = report.not_numbers.iter().map(|(key, cell)| Cell {
        key,
        value: None,
        kind: cell.kind.as_str(),
        text: Some(&cell.text),
    });
    let mut insert = db.prepare_cached(
        "INSERT INTO figures (report_id, key, key_order, table_key, row_key, column_key,
             row_label, column_label, value, value_kind, text, uncertain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for cell in numbers.chain(others) {
        let stat_key = cell.key.parse::<StatKey>().ok();
        // A key this version does not know still says its table.
        let table = stat_key.map_or_else(
            || cell.key.split('.').next().unwrap_or_default(),
            |k| k.table().key(),
        );
        insert.execute(params![
            id,
            cell.key,
            stat_key.map(|k| k.index() as i64),
            table,
            stat_key.map(StatKey::row_key),
            stat_key.map(StatKey::column_key),
            stat_key.map(StatKey::row_label),
            stat_key.map(StatKey::column_label),
            cell.value.map(|n| n.0),
            cell.kind,
            cell.text,
            report.uncertain.get(cell.key).map(|d| d.as_str()),
        ])?;
    }
    Ok(())
}

/// One row of `checks`, whichever list it comes from.
struct CheckRow<'a> {
    kind: &'static str,
    rule: &'a str,
    row: Option<&'a str>,
    column: Option<&'a str>,
    state: CheckState,
    ok: Option<bool>,
    expected: Option<Number>,
    found: Option<Number>,
    message: &'a str,
    quote: Option<&'a str>,
    keys: Vec<(&'static str, &'a [String])>,
}

/// The checks that ran, those that could not be assessed, then the
/// document checks, each in its list's order.
fn add_checks(db: &Connection, id: i64, report: &Report) -> Result<()> {
    let ran = report.checks.iter().map(|c| CheckRow {
        kind: "figures",
        rule: &c.rule,
        row: c.row.as_deref(),
        column: c.column.as_deref(),
        state: c.state,
        ok: Some(c.ok),
        expected: Some(c.expected),
        found: Some(c.found),
        message: &c.message,
        quote: c.quote.as_deref(),
        keys: vec![(COMPARED, &c.keys), (COUNTED_AS_ZERO, &c.counted_as_zero)],
    });
    let unassessed = report.unassessed.iter().map(|c| CheckRow {
        kind: "figures",
        rule: &c.rule,
        row: c.row.as_deref(),
        column: c.column.as_deref(),
        state: c.state,
        ok: None,
        expected: None,
        found: None,
        message: &c.message,
        quote: None,
        keys: vec![(MISSING, &c.missing)],
    });
    let documents = report.document_checks.iter().map(|c| CheckRow {
        kind: "document",
        rule: &c.rule,
        row: None,
        column: None,
        state: c.state,
        ok: None,
        expected: None,
        found: None,
        message: &c.message,
        quote: c.quote.as_deref(),
        keys: vec![(READ, &c.keys)],
    });
    let mut insert = db.prepare_cached(
        "INSERT INTO checks (report_id, kind, rule, row_key, column_key, state, ok,
             expected, found, message, quote)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut insert_key = db.prepare_cached(
        "INSERT INTO check_keys (check_id, role, position, key) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for check in ran.chain(unassessed).chain(documents) {
        insert.execute(params![
            id,
            check.kind,
            check.rule,
            check.row,
            check.column,
            check.state.as_str(),
            check.ok,
            check.expected.map(|n| n.0),
            check.found.map(|n| n.0),
            check.message,
            check.quote,
        ])?;
        let check_id = db.last_insert_rowid();
        for (role, keys) in check.keys {
            for (position, key) in keys.iter().enumerate() {
                insert_key.execute(params![check_id, role, position as i64, key])?;
            }
        }
    }
    Ok(())
}

/// Adds the year-against-year groups and findings; `ids` gives the
/// `reports.id` of each report path.
pub fn add_survey(db: &Connection, survey: &Survey, ids: &HashMap<String, i64>) -> Result<()> {
    let id_of = |path: &str| ids.get(path).copied();
    let mut insert_member = db.prepare_cached(
        "INSERT INTO year_groups (issuer_group, report_id, path, year) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for group in &survey.groups {
        for member in &group.reports {
            insert_member.execute(params![
                group.issuer,
                id_of(&member.path),
                member.path,
                member.year
            ])?;
        }
    }
    for finding in &survey.findings {
        add_finding(db, finding, &id_of)?;
    }
    Ok(())
}

fn add_finding(
    db: &Connection,
    finding: &Finding,
    id_of: &impl Fn(&str) -> Option<i64>,
) -> Result<()> {
    db.prepare_cached(
        "INSERT INTO year_checks (finding, state, issuer, rule, row_key, column_key,
             earlier_report_id, earlier_path, earlier_year, later_report_id, later_path,
             later_year, expected, found, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        finding.finding.as_str(),
        finding.state.map(|s| s.as_str()),
        finding.issuer,
        finding.rule,
        finding.row,
        finding.column,
        finding.earlier_path.as_deref().and_then(id_of),
        finding.earlier_path,
        finding.earlier_year,
        id_of(&finding.later_path),
        finding.later_path,
        finding.later_year,
        finding.expected.map(|n| n.0),
        finding.found.map(|n| n.0),
        finding.message,
    ])?;
    let finding_id = db.last_insert_rowid();
    let mut insert = db.prepare_cached(
        "INSERT INTO year_check_figures (year_check_id, position, report_id, year, key,
             value, uncertain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, figure) in finding.figures.iter().enumerate() {
        insert.execute(params![
            finding_id,
            position as i64,
            id_of(&figure.path),
            figure.year,
            figure.key,
            figure.value.map(|n| n.0),
            figure.uncertain,
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use docmend::model::{
        Diagnostic, DiagnosticCode, DocumentCheck, NotANumber, Unassessed, ValueKind,
    };

    fn database() -> Connection {
        let db = Connection::open_in_memory().expect("in memory");
        db.execute_batch(super::super::schema::TABLES)
            .expect("tables");
        db
    }

    fn report() -> Report {
        Report {
            version: "2".into(),
            template: "2021".into(),
            issuer: Some("某局".into()),
            year: Some(2022),
            statistics: [
                ("applications.new_received.total".to_string(), Number(6.0)),
                ("applications.future_key.total".to_string(), Number(1.0)),
            ]
            .into_iter()
            .collect(),
            checks: Vec::new(),
            unassessed: vec![Unassessed {
                rule: "applications.balance".into(),
                row: None,
                column: Some("total".into()),
                state: CheckState::NotAssessable,
                missing: vec!["a".into(), "b".into()],
                message: "missing".into(),
            }],
            document_checks: vec![DocumentCheck {
                rule: "structure.year".into(),
                state: CheckState::Failed,
                message: "the title says 2022, the statistics period 2021".into(),
                keys: Vec::new(),
                quote: Some("2021年1月1日至12月31日".into()),
            }],
            uncertain: Default::default(),
            not_numbers: [(
                "applications.carried_over.total".to_string(),
                NotANumber {
                    kind: ValueKind::Slash,
                    text: "/".into(),
                },
            )]
            .into_iter()
            .collect(),
        }
    }

    #[test]
    fn a_report_gives_its_figures_checks_and_diagnostics() {
        let db = database();
        let summary = Summary {
            path: "a.txt".into(),
            sha256: "00".into(),
            report: Some(Box::new(report())),
            diagnostics: vec![Diagnostic::new(DiagnosticCode::FooterRemoved, "footer")],
        };
        add_summary(&db, 3, &summary).expect("added");
        let row: (i64, String, i64, i64, i64, i64) = db
            .query_row(
                "SELECT id, profile_version, figures, not_numbers, checks_failed, diagnostics
                 FROM reports",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .expect("the report");
        assert_eq!(row, (3, "2".to_string(), 2, 1, 1, 1));

        let slash: (Option<f64>, String, String, String, String) = db
            .query_row(
                "SELECT value, value_kind, text, row_label, column_label FROM figures
                 WHERE key = 'applications.carried_over.total'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .expect("the slash");
        assert_eq!(
            slash,
            (
                None,
                "slash".to_string(),
                "/".to_string(),
                "二、上年结转政府信息公开申请数量".to_string(),
                "总计".to_string()
            )
        );
        // A key this version does not know keeps its table, no labels.
        let unknown: (String, Option<i64>, Option<String>) = db
            .query_row(
                "SELECT table_key, key_order, row_label FROM figures
                 WHERE key = 'applications.future_key.total'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("the unknown key");
        assert_eq!(unknown, ("applications".to_string(), None, None));

        let checks: Vec<(String, String, String, Option<String>)> = db
            .prepare("SELECT kind, rule, state, quote FROM checks ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(checks.len(), 2);
        assert_eq!(checks[0].0, "figures");
        assert_eq!(checks[0].2, "not_assessable");
        assert_eq!(checks[1].0, "document");
        assert_eq!(checks[1].2, "failed");
        assert!(checks[1].3.is_some());
        let missing: Vec<String> = db
            .prepare("SELECT key FROM check_keys WHERE role = 'missing' ORDER BY position")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(missing, ["a", "b"]);
        let code: String = db
            .query_row("SELECT code FROM diagnostics", [], |r| r.get(0))
            .unwrap();
        assert_eq!(code, "footer_removed");
    }
}
