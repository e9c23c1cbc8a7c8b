//! What the Python API does with a batch's reports beyond their rows:
//! the year-against-year comparison (`docmend check --across-years`) and
//! the corpus database (`docmend stats --sqlite`), through the command's
//! own code. A report reaches Python as a [`ReportSummary`], which these
//! functions read; its row is what `docmend stats --jsonl` writes.

use crate::stats_row;
use docmend_cli::Database;
use docmend_cli::Stop;
use docmend_cli::across_years as years;
use docmend_cli::summary::Summary;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::collections::HashMap;
use std::path::PathBuf;

/// One converted input's summary: its statistics, checks and diagnostics,
/// as the command's `stats` keeps them.
#[pyclass(frozen, module = "docmend._docmend")]
pub struct ReportSummary {
    pub summary: Summary,
}

#[pymethods]
impl ReportSummary {
    /// The row of `docmend stats --jsonl`, as JSON.
    fn row<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let row = stats_row::json(&self.summary).map_err(PyValueError::new_err)?;
        Ok(PyBytes::new(py, &row))
    }

    /// `source.path` of the input.
    #[getter]
    fn path(&self) -> &str {
        &self.summary.path
    }
}

/// Each report's year columns as JSON, by path.
type ColumnsByPath<'py> = HashMap<String, Bound<'py, PyBytes>>;

/// Compares each issuer's reports year against year: the findings as
/// `docmend check --across-years --json` writes them (JSON lines), and
/// each report's columns of `docmend stats --across-years` (a JSON object
/// by path). `issuers` is a file of `alias<TAB>canonical name` lines.
#[pyfunction]
#[pyo3(signature = (summaries, issuers = None))]
pub fn across_years<'py>(
    py: Python<'py>,
    summaries: Vec<PyRef<'py, ReportSummary>>,
    issuers: Option<PathBuf>,
) -> PyResult<(Bound<'py, PyBytes>, ColumnsByPath<'py>)> {
    let issuers = years::read_issuers(issuers.as_deref()).map_err(PyValueError::new_err)?;
    let inputs: Vec<_> = summaries
        .iter()
        .filter_map(|s| years::year_input(&s.summary))
        .collect();
    let (findings, columns) = py
        .detach(|| {
            let survey = years::survey(&inputs, &issuers);
            let columns: Result<Vec<(String, Vec<u8>)>, String> = years::report_columns(&survey)
                .into_iter()
                .map(|(path, columns)| {
                    serde_json::to_vec(&columns)
                        .map(|json| (path, json))
                        .map_err(|e| format!("cannot encode the columns as JSON: {e}"))
                })
                .collect();
            years::json_lines(&survey).and_then(|f| Ok((f, columns?)))
        })
        .map_err(PyValueError::new_err)?;
    let columns = columns
        .into_iter()
        .map(|(path, json)| (path, PyBytes::new(py, &json)))
        .collect();
    Ok((PyBytes::new(py, &findings), columns))
}

/// Writes the corpus database of `docmend stats --sqlite` to `path`: one
/// entry per input in input order, a [`ReportSummary`] or the `(path,
/// reason)` of an input that failed; with `across_years`, the
/// year-against-year tables too. Written under a temporary name and
/// renamed into place, so an error leaves `path` as it was.
#[pyfunction]
#[pyo3(signature = (path, entries, across_years = false, issuers = None))]
pub fn write_database(
    py: Python<'_>,
    path: PathBuf,
    entries: Vec<Bound<'_, PyAny>>,
    across_years: bool,
    issuers: Option<PathBuf>,
) -> PyResult<()> {
    let issuers = years::read_issuers(issuers.as_deref()).map_err(PyValueError::new_err)?;
    let shown = path.display().to_string();
    let failed = |reason: String| PyOSError::new_err(format!("{shown}: {reason}"));
    // The database's writes stop only as `Failed`.
    let stopped = |stop: Stop| match stop {
        Stop::Failed { reason, .. } => failed(reason),
        Stop::Quietly => failed("the database could not be written".to_string()),
    };
    let mut database = Database::open(&path, across_years).map_err(failed)?;
    let mut years = Vec::new();
    for entry in &entries {
        if let Ok(report) = entry.cast::<ReportSummary>() {
            let summary = &report.get().summary;
            database.add_summary(summary).map_err(stopped)?;
            if across_years {
                years.extend(years::year_input(summary));
            }
        } else if let Ok((name, reason)) = entry.extract::<(String, String)>() {
            database.add_failure(&name, &reason).map_err(stopped)?;
        } else {
            return Err(PyTypeError::new_err(
                "an entry is a ReportSummary or a (path, reason) pair",
            ));
        }
    }
    if across_years {
        let survey = py.detach(|| years::survey(&years, &issuers));
        database.add_survey(&survey).map_err(stopped)?;
    }
    py.detach(|| database.complete())
        .map_err(|(_, reason)| failed(reason))
}
