//! The per-file facts that `docmend check` and `docmend stats` print about
//! the annual-report profile, taken out of a converted document on the
//! worker so that the blocks are dropped there.

use docmend::Document;
use docmend::corpus::years;
use docmend::model::{Check, Number};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What one input says as a government information-disclosure annual report.
/// It travels from a worker process as JSON.
#[derive(Debug, Serialize, Deserialize)]
pub struct Summary {
    pub path: String,
    pub sha256: String,
    /// `None` when the document is not such a report.
    pub report: Option<Report>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    /// `2019` or `2021`.
    pub template: String,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub statistics: BTreeMap<String, Number>,
    /// How many checks ran.
    pub checks_run: usize,
    /// The checks that failed, in the order they ran.
    pub failed: Vec<Check>,
    /// The figures the profile marks as uncertain, key → reason (what the
    /// year-against-year comparison reads besides the statistics).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub uncertain: BTreeMap<String, String>,
}

impl Summary {
    pub fn of(document: Document) -> Summary {
        let report = document.profile.map(|profile| {
            let checks_run = profile.checks.len();
            let uncertain = years::uncertain_figures(&profile).clone();
            Report {
                template: profile.template,
                issuer: profile.issuer,
                year: profile.year,
                statistics: profile.statistics,
                checks_run,
                failed: profile.checks.into_iter().filter(|c| !c.ok).collect(),
                uncertain,
            }
        });
        Summary {
            path: document.source.path,
            sha256: document.source.sha256,
            report,
        }
    }

    pub fn is_report(&self) -> bool {
        self.report.is_some()
    }

    pub fn checks_failed(&self) -> usize {
        self.report.as_ref().map_or(0, |r| r.failed.len())
    }

    pub fn template(&self) -> Option<&str> {
        self.report.as_ref().map(|r| r.template.as_str())
    }

    pub fn issuer(&self) -> Option<&str> {
        self.report.as_ref().and_then(|r| r.issuer.as_deref())
    }

    pub fn year(&self) -> Option<i32> {
        self.report.as_ref().and_then(|r| r.year)
    }

    /// The statistics (empty for a document that is not a report).
    pub fn statistics(&self) -> &BTreeMap<String, Number> {
        static EMPTY: BTreeMap<String, Number> = BTreeMap::new();
        self.report.as_ref().map_or(&EMPTY, |r| &r.statistics)
    }
}
