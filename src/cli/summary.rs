//! The per-file facts that `docmend check` and `docmend stats` print about
//! the annual-report profile, taken out of a converted document on the
//! worker so that the blocks are dropped there.

use docmend::Document;
use docmend::model::{
    Check, CheckState, Diagnostic, DocumentCheck, Doubt, NotANumber, Number, Unassessed,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What one input says as a government information-disclosure annual report.
/// It travels from a worker process as JSON.
#[derive(Debug, Serialize, Deserialize)]
pub struct Summary {
    pub path: String,
    pub sha256: String,
    /// `None` when the document is not such a report. Boxed: a summary
    /// travels in messages that are mostly much smaller.
    pub report: Option<Box<Report>>,
    /// The document's diagnostics, only when the task asked for them
    /// (`stats --sqlite`); empty otherwise, and then not sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    /// `profile.version`: the version of the profile's keys, checks and
    /// rules.
    #[serde(default)]
    pub version: String,
    /// `2019` or `2021`.
    pub template: String,
    pub issuer: Option<String>,
    pub year: Option<i32>,
    pub statistics: BTreeMap<String, Number>,
    /// Every check that ran, in order, each with its state.
    pub checks: Vec<Check>,
    /// The checks that could not be assessed.
    pub unassessed: Vec<Unassessed>,
    /// The checks of the report as a document, each with its state.
    pub document_checks: Vec<DocumentCheck>,
    /// The figures whose place was recovered rather than read.
    pub uncertain: BTreeMap<String, Doubt>,
    /// The template cells that hold no number.
    pub not_numbers: BTreeMap<String, NotANumber>,
}

impl Report {
    /// The checks that ran and ended in `state`, in order.
    pub fn in_state(&self, state: CheckState) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(move |c| c.state == state)
    }

    /// The document checks that ended in `state`, in order.
    pub fn documents_in(&self, state: CheckState) -> impl Iterator<Item = &DocumentCheck> {
        self.document_checks
            .iter()
            .filter(move |c| c.state == state)
    }

    /// How many checks ended in `state`: the figure checks (not
    /// assessable ones included) and the document checks.
    pub fn count(&self, state: CheckState) -> usize {
        let figures = match state {
            CheckState::NotAssessable => self.unassessed.len(),
            _ => self.in_state(state).count(),
        };
        figures + self.documents_in(state).count()
    }

    /// How many checks ran: passed, failed or uncertain.
    pub fn run(&self) -> usize {
        [
            CheckState::Passed,
            CheckState::Failed,
            CheckState::Uncertain,
        ]
        .into_iter()
        .map(|state| self.count(state))
        .sum()
    }
}

impl Summary {
    /// The summary of `document`, with its diagnostics when `diagnostics`
    /// asks for them.
    pub fn of(document: Document, diagnostics: bool) -> Summary {
        let report = document.profile.map(|profile| {
            Box::new(Report {
                version: profile.version,
                template: profile.template,
                issuer: profile.issuer,
                year: profile.year,
                statistics: profile.statistics,
                checks: profile.checks,
                unassessed: profile.unassessed,
                document_checks: profile.document_checks,
                uncertain: profile.uncertain,
                not_numbers: profile.not_numbers,
            })
        });
        Summary {
            path: document.source.path,
            sha256: document.source.sha256,
            report,
            diagnostics: if diagnostics {
                document.diagnostics
            } else {
                Vec::new()
            },
        }
    }

    pub fn is_report(&self) -> bool {
        self.report.is_some()
    }

    /// How many checks ended in `state` (0 for a document that is not a
    /// report).
    pub fn checks(&self, state: CheckState) -> usize {
        self.report.as_ref().map_or(0, |r| r.count(state))
    }

    pub fn checks_failed(&self) -> usize {
        self.checks(CheckState::Failed)
    }

    /// How many checks ran (passed, failed or uncertain).
    pub fn checks_run(&self) -> usize {
        self.report.as_ref().map_or(0, |r| r.run())
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
