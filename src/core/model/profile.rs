//! The annual-report profile's part of the model: the figures a
//! 政府信息公开工作年度报告 states, what its template's cells hold where
//! they hold no number, and the checks run on them.
//!
//! Every field here is documented for users in `docs/schema.md#profile`;
//! `docs/profile.md` says how each is found.

use super::Number;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The annual-report profile (政府信息公开工作年度报告).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    /// Always `gov_info_disclosure_annual_report`.
    pub kind: String,
    /// The version of the profile's own contract (its keys, checks and
    /// rules), which changes independently of `schema_version`.
    pub version: String,
    /// `2019` or `2021`: the national template the report follows.
    pub template: String,
    /// The issuing body, or null when not found; the same as `metadata.issuer`.
    pub issuer: Option<String>,
    /// The report year, or null when not found; the same as `metadata.year`.
    pub year: Option<i32>,
    /// Flat map from statistics key to the number the report states.
    pub statistics: BTreeMap<String, Number>,
    /// The checks that ran, in the order they ran (`state` passed, failed
    /// or uncertain); empty when the figures for every rule are missing.
    pub checks: Vec<Check>,
    /// The checks that could not be assessed, with the figures they
    /// lacked (`state` not_assessable), in the order of `checks`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub unassessed: Vec<Unassessed>,
    /// The checks of the report as a document: its sections, numbering
    /// and year, and the plausibility of single figures, each with its
    /// state.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub document_checks: Vec<DocumentCheck>,
    /// The template's cells that hold no number, by the statistics key
    /// they stand under: printed empty, `/`, `—`, `无`, `不适用` or other
    /// text. Kept apart from 0: none of them is in `statistics`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub not_numbers: BTreeMap<String, NotANumber>,
    /// Per template table (`applications`, `reviews`, `proactive`): how
    /// many of the cells read hold a number and how many hold each kind
    /// of value that is not one.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub value_counts: BTreeMap<String, ValueCounts>,
    /// The figures of `statistics` whose place was recovered rather than
    /// read: split from digits an export ran together, or placed among
    /// several possible columns by the template's arithmetic. A check
    /// that uses one of them is `uncertain`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub uncertain: BTreeMap<String, Doubt>,
    /// Where each figure of `statistics` was read from a table: the
    /// table's index in `blocks` and the cell's grid position. A figure
    /// read from the text (a table an export ran into prose) has none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub cells: BTreeMap<String, CellRef>,
}

/// A table cell in the document: the table block's index in `blocks` and
/// the cell's 0-based grid position (its top-left, as `cells` lists it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CellRef {
    /// Index of the table in `blocks`.
    pub block: usize,
    /// The cell's row.
    pub row: usize,
    /// The cell's column.
    pub col: usize,
}

/// What a template cell holds when it holds no number.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Nothing: the cell is printed empty.
    Empty,
    /// `/` (or `／`, `\`): usually "not applicable".
    Slash,
    /// A dash: `-`, `—`, `——`, `－`, `–`.
    Dash,
    /// `无` or `暂无`: "none" in words.
    NoneStated,
    /// `不适用` or `不涉及`: "not applicable", in words.
    NotApplicable,
    /// Any other text (`见附件`, `1-2`, `12%`).
    Other,
}

impl ValueKind {
    /// Every kind, in the order counts list them.
    pub const ALL: [ValueKind; 6] = [
        ValueKind::Empty,
        ValueKind::Slash,
        ValueKind::Dash,
        ValueKind::NoneStated,
        ValueKind::NotApplicable,
        ValueKind::Other,
    ];

    /// The kind of a cell's text that is not a number (trimmed).
    pub fn of(text: &str) -> ValueKind {
        match text.trim() {
            "" => ValueKind::Empty,
            "/" | "／" | "\\" | "//" => ValueKind::Slash,
            t if !t.is_empty() && t.chars().all(|c| "-—－–―‐ー".contains(c)) => {
                ValueKind::Dash
            }
            "无" | "暂无" => ValueKind::NoneStated,
            "不适用" | "不涉及" => ValueKind::NotApplicable,
            _ => ValueKind::Other,
        }
    }

    /// Whether a report means 0 by it, as a sum may count it: a blank, a
    /// slash, a dash or "none" stand for nothing to count; other text
    /// says something a sum cannot read.
    pub fn stands_for_zero(self) -> bool {
        !matches!(self, ValueKind::Other)
    }

    /// The name used in JSON, CSV and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Empty => "empty",
            ValueKind::Slash => "slash",
            ValueKind::Dash => "dash",
            ValueKind::NoneStated => "none_stated",
            ValueKind::NotApplicable => "not_applicable",
            ValueKind::Other => "other",
        }
    }
}

/// A template cell that holds no number: its kind and its text as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotANumber {
    /// What it holds.
    pub kind: ValueKind,
    /// The cell's text, trimmed; absent for `empty`.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub text: String,
}

/// How many of a table's cells read hold a number, and how many each kind
/// of value that is not one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ValueCounts {
    /// Cells with a number (the table's keys in `statistics`).
    pub number: usize,
    /// Cells printed empty.
    pub empty: usize,
    /// Cells holding `/`.
    pub slash: usize,
    /// Cells holding a dash.
    pub dash: usize,
    /// Cells holding `无` or `暂无`.
    pub none_stated: usize,
    /// Cells holding `不适用` or `不涉及`.
    pub not_applicable: usize,
    /// Cells holding other text.
    pub other: usize,
}

impl ValueCounts {
    /// Counts one cell that is not a number.
    pub fn add(&mut self, kind: ValueKind) {
        *match kind {
            ValueKind::Empty => &mut self.empty,
            ValueKind::Slash => &mut self.slash,
            ValueKind::Dash => &mut self.dash,
            ValueKind::NoneStated => &mut self.none_stated,
            ValueKind::NotApplicable => &mut self.not_applicable,
            ValueKind::Other => &mut self.other,
        } += 1;
    }

    /// The count of one kind.
    pub fn of(&self, kind: ValueKind) -> usize {
        match kind {
            ValueKind::Empty => self.empty,
            ValueKind::Slash => self.slash,
            ValueKind::Dash => self.dash,
            ValueKind::NoneStated => self.none_stated,
            ValueKind::NotApplicable => self.not_applicable,
            ValueKind::Other => self.other,
        }
    }
}

/// Why a figure's place is recovered rather than read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Doubt {
    /// Split from digits an export ran together: the only split the
    /// template's arithmetic allows.
    RunTogetherSplit,
    /// The row's cells could stand in the template's columns in several
    /// ways; the row's sum chose this one.
    PlacedBySum,
}

impl Doubt {
    /// The name used in JSON, CSV and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Doubt::RunTogetherSplit => "run_together_split",
            Doubt::PlacedBySum => "placed_by_sum",
        }
    }
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    /// The figures agree, and each was read where the report prints it.
    Passed,
    /// The figures disagree, and each was read where the report prints it:
    /// a finding about the report.
    Failed,
    /// The check could not be assessed: a figure it needs is missing.
    NotAssessable,
    /// A figure it used was recovered (see `profile.uncertain`) or its
    /// scope is unclear: `ok` says what the arithmetic gave, but the
    /// result is not a finding.
    Uncertain,
}

impl CheckState {
    /// The name used in JSON, CSV and the human report.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckState::Passed => "passed",
            CheckState::Failed => "failed",
            CheckState::NotAssessable => "not_assessable",
            CheckState::Uncertain => "uncertain",
        }
    }
}

impl std::fmt::Display for CheckState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check of the annual-report profile that ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Check {
    /// The rule checked: `applications.balance`, `applications.result_sum`,
    /// `applications.row_sum` or `reviews.group_sum`; `prose.figure` for a
    /// figure the text states, compared with the table's.
    pub rule: String,
    /// For `applications.row_sum` (and `prose.figure`): the application row
    /// key (`new_received`, `result.partially_disclosed`, …). Absent for the
    /// other rules.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<String>,
    /// For `applications.balance` and `applications.result_sum`: the
    /// applicant column key (`natural_person` … `total`); for
    /// `reviews.group_sum` (and `prose.figure`): the review group key.
    /// Absent for `applications.row_sum`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<String>,
    /// Whether `expected` equals `found` (to within 1e-9). `false` is a
    /// finding about the report, not an error of the tool, unless `state`
    /// is `uncertain`; no figure is corrected.
    pub ok: bool,
    /// `passed`, `failed` or `uncertain` (see [`CheckState`]).
    pub state: CheckState,
    /// The side the rule computes: `new_received + carried_over` for
    /// `applications.balance`, the sum of the parts present for the sums.
    pub expected: Number,
    /// The side the report states as the total: `result.total +
    /// carried_forward` for `applications.balance`, the stated total for
    /// the sums.
    pub found: Number,
    /// The check for a person (`(二)部分公开: 自然人 2 + … = 2, but 总计
    /// says 0`). Not meant to be parsed.
    pub message: String,
    /// The statistics keys whose figures the check added up and compared
    /// (its parts and its total); `profile.cells` says where each was read.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub keys: Vec<String>,
    /// The parts the report gives no figure for, counted as 0 (not in
    /// `keys`): printed empty, `/`, a dash, `无` or `不适用`
    /// (`profile.not_numbers` says which), or not printed at all.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub counted_as_zero: Vec<String>,
    /// For a check of a figure the text states against the table: the
    /// sentence that states it, as the report prints it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote: Option<String>,
}

/// A check of the report as a document rather than of its arithmetic:
/// its sections, their numbering, its year, and the plausibility of
/// single figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentCheck {
    /// The rule: `structure.sections`, `structure.numbering`,
    /// `structure.tables`, `structure.year`, `proactive.sign`,
    /// `proactive.whole_number`, `proactive.fee_scale`,
    /// `proactive.row_not_in_template`.
    pub rule: String,
    /// `passed`, `failed`, `uncertain` or `not_assessable`.
    pub state: CheckState,
    /// What was found, for a person. Not meant to be parsed.
    pub message: String,
    /// The statistics keys the check read, when it read figures.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub keys: Vec<String>,
    /// The words the check rests on, as the report prints them (a
    /// heading, the title, the sentence giving the statistics period).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote: Option<String>,
}

impl DocumentCheck {
    /// A check of `rule` that ended in `state`, quoting nothing and
    /// reading no figure.
    pub fn new(rule: &str, state: CheckState, message: String) -> DocumentCheck {
        DocumentCheck {
            rule: rule.to_string(),
            state,
            message,
            keys: Vec::new(),
            quote: None,
        }
    }

    /// The same check, resting on `quote`.
    pub fn quoting(self, quote: Option<String>) -> DocumentCheck {
        DocumentCheck { quote, ..self }
    }

    /// The same check, having read the figures of `keys`.
    pub fn reading(self, keys: Vec<String>) -> DocumentCheck {
        DocumentCheck { keys, ..self }
    }
}

/// A check that could not be assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Unassessed {
    /// The rule, as in [`Check::rule`].
    pub rule: String,
    /// The row, as in [`Check::row`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<String>,
    /// The column, as in [`Check::column`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<String>,
    /// Always `not_assessable`.
    pub state: CheckState,
    /// The statistics keys whose figures the check needed and the report
    /// does not give (not printed, or printed as text that is no number).
    pub missing: Vec<String>,
    /// Why, for a person.
    pub message: String,
}
