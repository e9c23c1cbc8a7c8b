//! One input's row of `docmend stats --jsonl` as JSON: path, sha256,
//! issuer, year, template, is_report, statistics (in the contract's key
//! order), checks_failed, checks_passed, checks_uncertain,
//! checks_not_assessable.

use docmend::model::{CheckState, Number};
use docmend::profile::keys;
use docmend_cli::summary::Summary;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;

/// The row, the same fields in the same order as the command's.
pub fn json(summary: &Summary) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Row<'a> {
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
    let row = Row {
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
    serde_json::to_vec(&row).map_err(|e| format!("cannot encode the row as JSON: {e}"))
}

/// Statistics in the order of [`keys::all_keys`]; a key outside it (which
/// the contract does not have) follows in sorted order rather than be lost.
struct InKeyOrder<'a>(&'a BTreeMap<String, Number>);

impl Serialize for InKeyOrder<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let known = keys::all_keys();
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for key in known {
            if let Some(value) = self.0.get(key) {
                map.serialize_entry(key, value)?;
            }
        }
        for (key, value) in self.0 {
            if !known.contains(key) {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}
