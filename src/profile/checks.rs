//! The arithmetic the national template demands, checked on the figures a
//! report states. A failed check is a finding about the report, never
//! corrected.
//!
//! Each rule at each place ends in one of four states: passed, failed,
//! not assessable (a figure it needs is missing or unreadable: the check
//! names it), or uncertain (a figure it used was recovered, not read:
//! `profile.uncertain`). A part of a sum that the report leaves blank or
//! prints as `/`, a dash, `无` or `不适用` counts as 0, and the check says
//! which (`counted_as_zero`, and in its message); a part printed as other
//! text makes the sum not assessable; so does a total printed as anything
//! but a figure. `applications.balance` needs a printed cell for each of
//! its four figures, (七)总计 a figure. A rule whose figures the
//! report's template does not have is not applicable and gives nothing.
//! Figures are looked up by typed key under the report's template.

use super::collect::Shown;
use super::figures::{Figures, Lookup};
use super::keys::{ApplicantColumn, ApplicationRow, ReviewGroup, ReviewOutcome, StatKey};
use super::template::Template;
use crate::model::{Check, CheckState, Doubt, NotANumber, Number, Unassessed, ValueKind};
use std::collections::BTreeMap;
use std::fmt;

const BALANCE: &str = "applications.balance";
const RESULT_SUM: &str = "applications.result_sum";
const ROW_SUM: &str = "applications.row_sum";
const GROUP_SUM: &str = "reviews.group_sum";

/// How many keys a message names before it only counts them.
const SHORT_LIST: usize = 6;

/// What the report gives, seen by the checks: the figures, the cells that
/// hold no number, and the figures whose place was recovered.
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    pub figures: &'a Figures,
    pub not_numbers: &'a BTreeMap<StatKey, NotANumber>,
    pub uncertain: &'a BTreeMap<StatKey, Doubt>,
    pub template: Template,
}

/// A rule applied at one place: the check it gave, or why it did not run.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Ran(Check),
    NotRun(NotRun),
}

/// A rule that could not run at one place, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRun {
    pub rule: &'static str,
    pub at: Place,
    pub reason: Reason,
}

/// Where a rule applies: the `column` or `row` of its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Column(ApplicantColumn),
    Row(ApplicationRow),
    Group(ReviewGroup),
}

/// Why a rule did not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Figures the rule needs that the report does not state.
    NotStated(Vec<StatKey>),
    /// The rule needs at least one of these parts; the report states none.
    NoPartStated(Vec<StatKey>),
    /// Cells the rule needs that hold text which is no number, and the
    /// cells it needs printed as blanks where a figure must stand.
    Unreadable(Vec<(StatKey, NotANumber)>),
    /// The report's template has no such key, and the report states no
    /// figure there.
    NotInTemplate(Template, StatKey),
}

impl Reason {
    /// Whether the rule applies to the report but lacks figures (not
    /// assessable), rather than not applying to its template.
    fn is_not_assessable(&self) -> bool {
        !matches!(self, Reason::NotInTemplate(..))
    }

    /// The keys whose figures the rule lacked.
    fn missing(&self) -> Vec<StatKey> {
        match self {
            Reason::NotStated(keys) | Reason::NoPartStated(keys) => keys.clone(),
            Reason::Unreadable(cells) => cells.iter().map(|(key, _)| *key).collect(),
            Reason::NotInTemplate(_, key) => vec![*key],
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Column(column) => write!(f, "column {column}"),
            Place::Row(row) => write!(f, "row {row}"),
            Place::Group(group) => write!(f, "column {group}"),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |keys: &[StatKey]| {
            keys.iter()
                .map(|key| key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Reason::NotStated(keys) => {
                write!(f, "the report states no figure for {}", list(keys))
            }
            // Long lists of parts are in `missing`; the message counts them.
            Reason::NoPartStated(keys) if keys.len() > SHORT_LIST => {
                write!(f, "the report states none of its {} parts", keys.len())
            }
            Reason::NoPartStated(keys) => {
                write!(f, "the report states none of its parts ({})", list(keys))
            }
            Reason::Unreadable(cells) => {
                let shown: Vec<String> = cells
                    .iter()
                    .map(|(key, cell)| match cell.kind {
                        ValueKind::Empty => format!("{key} is printed empty"),
                        _ => format!("{key} is printed '{}'", cell.text),
                    })
                    .collect();
                write!(f, "no figure to compare: {}", shown.join(", "))
            }
            Reason::NotInTemplate(template, key) => {
                write!(f, "the {template} template has no {key}")
            }
        }
    }
}

impl fmt::Display for NotRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.reason.is_not_assessable() {
            "not assessable"
        } else {
            "not applicable"
        };
        write!(f, "{} ({}) {state}: {}", self.rule, self.at, self.reason)
    }
}

impl NotRun {
    /// The entry of `profile.unassessed`, for a rule that applies but
    /// lacks figures; `None` for one the template does not have.
    fn unassessed(&self) -> Option<Unassessed> {
        if !self.reason.is_not_assessable() {
            return None;
        }
        let (row, column) = match self.at {
            Place::Column(column) => (None, Some(column.key().to_string())),
            Place::Row(row) => (Some(row.key().to_string()), None),
            Place::Group(group) => (None, Some(group.key().to_string())),
        };
        Some(Unassessed {
            rule: self.rule.to_string(),
            row,
            column,
            state: CheckState::NotAssessable,
            missing: names(self.reason.missing()),
            message: format!("{}: {}", self.at.label(), self.reason),
        })
    }
}

impl Place {
    /// The template's label of the place (`自然人`, `(二)部分公开`).
    fn label(self) -> &'static str {
        match self {
            Place::Column(column) => column.label(),
            Place::Row(row) => row.label(),
            Place::Group(group) => group.label(),
        }
    }
}

/// The checks that ran, in order (what `profile.checks` holds), and the
/// ones that could not be assessed (`profile.unassessed`).
pub fn run(facts: Facts<'_>) -> (Vec<Check>, Vec<Unassessed>) {
    let mut checks = Vec::new();
    let mut unassessed = Vec::new();
    for outcome in evaluate(facts) {
        match outcome {
            Outcome::Ran(check) => checks.push(check),
            // A rule the template does not have is no finding either way.
            Outcome::NotRun(not_run) => unassessed.extend(not_run.unassessed()),
        }
    }
    (checks, unassessed)
}

/// Every rule at every place, in the order the checks are listed:
/// `balance` per column, `result_sum` per column, `row_sum` per row,
/// `group_sum` per review group.
pub fn evaluate(facts: Facts<'_>) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for &column in ApplicantColumn::ALL {
        outcomes.push(balance(facts, column));
    }
    for &column in ApplicantColumn::ALL {
        outcomes.push(result_sum(facts, column));
    }
    for &row in ApplicationRow::ALL {
        outcomes.push(row_sum(facts, row));
    }
    for &group in ReviewGroup::ALL {
        outcomes.push(group_sum(facts, group));
    }
    outcomes
}

fn not_run(rule: &'static str, at: Place, reason: Reason) -> Outcome {
    Outcome::NotRun(NotRun { rule, at, reason })
}

/// What a sum can make of one part.
enum Part {
    /// A figure.
    Figure(f64),
    /// No figure, counted as 0: printed as a blank-like value, or not
    /// printed at all (`None`).
    Zero(Option<ValueKind>),
    /// Printed as text a sum cannot read.
    Unreadable(NotANumber),
}

impl Facts<'_> {
    fn lookup(&self, key: StatKey) -> Lookup {
        self.figures.lookup(key, self.template)
    }

    /// A part of a sum: `stray` says whether a figure printed under a key
    /// the template lacks counts (a row's own parts do; rows of the other
    /// template in the result sum do not, and give `None`).
    fn part(&self, key: StatKey, stray: bool) -> Option<Part> {
        match self.lookup(key) {
            Lookup::Stated(value) => Some(Part::Figure(value)),
            Lookup::Stray(value) => stray.then_some(Part::Figure(value)),
            Lookup::NotInTemplate => None,
            Lookup::Blank => Some(match self.not_numbers.get(&key) {
                Some(cell) if !cell.kind.stands_for_zero() => Part::Unreadable(cell.clone()),
                Some(cell) => Part::Zero(Some(cell.kind)),
                None => Part::Zero(None),
            }),
        }
    }

    /// A check that ran: uncertain when one of its figures was recovered.
    fn ran(&self, mut check: Check, keys: &[StatKey]) -> Outcome {
        let recovered = keys.iter().any(|key| self.uncertain.contains_key(key));
        check.state = match (recovered, check.ok) {
            (true, _) => CheckState::Uncertain,
            (false, true) => CheckState::Passed,
            (false, false) => CheckState::Failed,
        };
        Outcome::Ran(check)
    }
}

/// The parts of a sum, added up.
#[derive(Default)]
struct Sum {
    total: f64,
    /// The parts with a figure: key and value.
    figures: Vec<(StatKey, f64)>,
    /// The parts counted as 0, with what the report prints there.
    zeros: Vec<(StatKey, Option<ValueKind>)>,
    unreadable: Vec<(StatKey, NotANumber)>,
}

impl Sum {
    fn add(&mut self, key: StatKey, part: Part) {
        match part {
            Part::Figure(value) => {
                self.total += value;
                self.figures.push((key, value));
            }
            Part::Zero(kind) => self.zeros.push((key, kind)),
            Part::Unreadable(cell) => self.unreadable.push((key, cell)),
        }
    }

    /// The keys whose figures the check added up, then the total (the
    /// parts counted as 0 are listed apart).
    fn keys(&self, total: StatKey) -> Vec<StatKey> {
        self.figures
            .iter()
            .map(|(key, _)| *key)
            .chain([total])
            .collect()
    }

    fn counted_as_zero(&self) -> Vec<String> {
        names(self.zeros.iter().map(|(key, _)| *key))
    }

    /// Says which parts were counted as 0 and why, for the message.
    fn zero_note(&self) -> String {
        zero_note(self.zeros.iter().map(|(_, kind)| *kind))
    }
}

/// ` (4 blank cells counted as 0)`, ` (1 blank cell and 2 cells printed
/// '/' counted as 0)`; empty when nothing was.
fn zero_note(kinds: impl Iterator<Item = Option<ValueKind>>) -> String {
    let mut blank = 0;
    let mut printed: BTreeMap<&'static str, usize> = BTreeMap::new();
    for kind in kinds {
        match kind {
            None | Some(ValueKind::Empty) => blank += 1,
            Some(kind) => *printed.entry(printed_as(kind)).or_default() += 1,
        }
    }
    let mut phrases = Vec::new();
    match blank {
        0 => {}
        1 => phrases.push("1 blank cell".to_string()),
        n => phrases.push(format!("{n} blank cells")),
    }
    for (shown, n) in printed {
        let cells = if n == 1 { "cell" } else { "cells" };
        phrases.push(format!("{n} {cells} printed {shown}"));
    }
    match phrases.split_last() {
        None => String::new(),
        Some((last, [])) => format!(" ({last} counted as 0)"),
        Some((last, rest)) => format!(" ({} and {last} counted as 0)", rest.join(", ")),
    }
}

/// How a message names a kind of blank-like value.
fn printed_as(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Slash => "'/'",
        ValueKind::Dash => "as a dash",
        ValueKind::NoneStated => "'无'",
        ValueKind::NotApplicable => "'不适用'",
        ValueKind::Empty | ValueKind::Other => "empty",
    }
}

/// The dotted names of the keys a check read.
fn names(keys: impl IntoIterator<Item = StatKey>) -> Vec<String> {
    keys.into_iter()
        .map(|key| key.as_str().to_string())
        .collect()
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn verdict(ok: bool) -> &'static str {
    if ok { "and" } else { "but" }
}

/// The total a sum is compared with: a printed figure, or why there is
/// none to compare with.
fn stated_total(facts: Facts<'_>, key: StatKey, stray: bool) -> Result<f64, Reason> {
    match facts.lookup(key) {
        Lookup::Stated(total) => Ok(total),
        Lookup::Stray(total) if stray => Ok(total),
        Lookup::NotInTemplate | Lookup::Stray(_) => Err(Reason::NotInTemplate(facts.template, key)),
        Lookup::Blank => Err(match facts.not_numbers.get(&key) {
            Some(cell) => Reason::Unreadable(vec![(key, cell.clone())]),
            None => Reason::NotStated(vec![key]),
        }),
    }
}

/// 一 + 二 = (七)总计 + 四, per column. Each of the four must be printed:
/// (七)总计 as a figure, the others as a figure or a blank-like cell
/// counted as 0.
fn balance(facts: Facts<'_>, column: ApplicantColumn) -> Outcome {
    let at = Place::Column(column);
    let keys = [
        ApplicationRow::NewReceived,
        ApplicationRow::CarriedOver,
        ApplicationRow::Total,
        ApplicationRow::CarriedForward,
    ]
    .map(|row| StatKey::Application(row, column));
    let mut values = [0.0; 4];
    let mut not_stated = Vec::new();
    let mut unreadable = Vec::new();
    let mut zeros = Vec::new();
    for (value, key) in values.iter_mut().zip(keys) {
        match facts.part(key, false) {
            Some(Part::Figure(figure)) => *value = figure,
            // (七)总计 is the side the report states: it is compared with,
            // never assumed.
            Some(Part::Zero(Some(_))) if key == keys[2] => {
                unreadable.push((key, facts.not_numbers[&key].clone()))
            }
            Some(Part::Zero(Some(kind))) => zeros.push((key, kind)),
            Some(Part::Zero(None)) => not_stated.push(key),
            Some(Part::Unreadable(cell)) => unreadable.push((key, cell)),
            // Both templates have these four rows.
            None => return not_run(BALANCE, at, Reason::NotInTemplate(facts.template, key)),
        }
    }
    if !unreadable.is_empty() {
        return not_run(BALANCE, at, Reason::Unreadable(unreadable));
    }
    if !not_stated.is_empty() {
        return not_run(BALANCE, at, Reason::NotStated(not_stated));
    }
    let [new, carried, total, forward] = values;
    let (expected, found) = (new + carried, total + forward);
    let ok = same(expected, found);
    let check = Check {
        rule: BALANCE.into(),
        row: None,
        column: Some(column.key().into()),
        ok,
        state: CheckState::Passed,
        expected: Number(expected),
        found: Number(found),
        keys: names(
            keys.into_iter()
                .filter(|key| !zeros.iter().any(|(z, _)| z == key)),
        ),
        counted_as_zero: names(zeros.iter().map(|(key, _)| *key)),
        quote: None,
        message: format!(
            "{}: 本年新收 {} + 上年结转 {} = {}, {} (七)总计 {} + 结转下年度 {} = {}{}",
            column.label(),
            Shown(new),
            Shown(carried),
            Shown(expected),
            verdict(ok),
            Shown(total),
            Shown(forward),
            Shown(found),
            zero_note(zeros.iter().map(|(_, kind)| Some(*kind)))
        ),
    };
    facts.ran(check, &keys)
}

/// (七)总计 = the sum of every result row, per column.
fn result_sum(facts: Facts<'_>, column: ApplicantColumn) -> Outcome {
    let at = Place::Column(column);
    let total_key = StatKey::Application(ApplicationRow::Total, column);
    let total = match stated_total(facts, total_key, false) {
        Ok(total) => total,
        Err(reason) => return not_run(RESULT_SUM, at, reason),
    };
    let mut sum = Sum::default();
    let result_rows = ApplicationRow::ALL
        .iter()
        .filter(|row| row.is_result() && **row != ApplicationRow::Total);
    for &row in result_rows {
        let key = StatKey::Application(row, column);
        // (六)其他处理 is one row in 2019 and three sub-rows in 2021:
        // count the template's own, never both.
        if let Some(part) = facts.part(key, false) {
            sum.add(key, part);
        }
    }
    if !sum.unreadable.is_empty() {
        return not_run(RESULT_SUM, at, Reason::Unreadable(sum.unreadable));
    }
    if sum.figures.is_empty() {
        let parts = sum.zeros.iter().map(|(key, _)| *key).collect();
        return not_run(RESULT_SUM, at, Reason::NoPartStated(parts));
    }
    let expected = sum.total;
    let ok = same(expected, total);
    let non_zero: Vec<String> = sum
        .figures
        .iter()
        .filter(|(_, v)| *v != 0.0)
        .map(|(key, v)| format!("{} {}", key.row_label(), Shown(*v)))
        .collect();
    let parts_text = if non_zero.is_empty() {
        "all result rows 0".to_string()
    } else {
        non_zero.join(" + ")
    };
    let keys = sum.keys(total_key);
    let check = Check {
        rule: RESULT_SUM.into(),
        row: None,
        column: Some(column.key().into()),
        ok,
        state: CheckState::Passed,
        expected: Number(expected),
        found: Number(total),
        keys: names(keys.iter().copied()),
        counted_as_zero: sum.counted_as_zero(),
        quote: None,
        message: format!(
            "{}: result rows sum to {} ({}), {} (七)总计 says {}{}",
            column.label(),
            Shown(expected),
            parts_text,
            verdict(ok),
            Shown(total),
            sum.zero_note()
        ),
    };
    facts.ran(check, &keys)
}

/// 总计 = the six applicant columns, per row. A row of the other template
/// that the report prints anyway is checked too: its own figures still add
/// up to its own total.
fn row_sum(facts: Facts<'_>, row: ApplicationRow) -> Outcome {
    let at = Place::Row(row);
    let total_key = StatKey::Application(row, ApplicantColumn::Total);
    let total = match stated_total(facts, total_key, true) {
        Ok(total) => total,
        Err(reason) => return not_run(ROW_SUM, at, reason),
    };
    let mut sum = Sum::default();
    for &column in ApplicantColumn::PARTS {
        let key = StatKey::Application(row, column);
        sum.add(key, facts.part(key, true).unwrap_or(Part::Zero(None)));
    }
    finish_sum(facts, ROW_SUM, at, sum, total, total_key, |key| {
        key.column_label()
    })
}

/// 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, per review group.
fn group_sum(facts: Facts<'_>, group: ReviewGroup) -> Outcome {
    let at = Place::Group(group);
    let total_key = StatKey::Review(group, ReviewOutcome::Total);
    let total = match stated_total(facts, total_key, false) {
        Ok(total) => total,
        Err(reason) => return not_run(GROUP_SUM, at, reason),
    };
    let mut sum = Sum::default();
    for &outcome in ReviewOutcome::PARTS {
        let key = StatKey::Review(group, outcome);
        sum.add(key, facts.part(key, false).unwrap_or(Part::Zero(None)));
    }
    finish_sum(facts, GROUP_SUM, at, sum, total, total_key, |key| {
        key.column_label()
    })
}

/// A row's or group's parts against its total: `part_label` names a part
/// in the message.
fn finish_sum(
    facts: Facts<'_>,
    rule: &'static str,
    at: Place,
    sum: Sum,
    total: f64,
    total_key: StatKey,
    part_label: impl Fn(StatKey) -> &'static str,
) -> Outcome {
    if !sum.unreadable.is_empty() {
        return not_run(rule, at, Reason::Unreadable(sum.unreadable));
    }
    if sum.figures.is_empty() {
        let parts = sum.zeros.iter().map(|(key, _)| *key).collect();
        return not_run(rule, at, Reason::NoPartStated(parts));
    }
    let expected = sum.total;
    let ok = same(expected, total);
    let terms: Vec<String> = sum
        .figures
        .iter()
        .map(|&(key, v)| format!("{} {}", part_label(key), Shown(v)))
        .collect();
    let (row, column) = match at {
        Place::Row(row) => (Some(row.key().to_string()), None),
        Place::Column(column) => (None, Some(column.key().to_string())),
        Place::Group(group) => (None, Some(group.key().to_string())),
    };
    let keys = sum.keys(total_key);
    let check = Check {
        rule: rule.into(),
        row,
        column,
        ok,
        state: CheckState::Passed,
        expected: Number(expected),
        found: Number(total),
        keys: names(keys.iter().copied()),
        counted_as_zero: sum.counted_as_zero(),
        quote: None,
        message: format!(
            "{}: {} = {}, {} 总计 says {}{}",
            at.label(),
            terms.join(" + "),
            Shown(expected),
            verdict(ok),
            Shown(total),
            sum.zero_note()
        ),
    };
    facts.ran(check, &keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> StatKey {
        text.parse().expect("a statistics key")
    }

    const NO_CELLS: &BTreeMap<StatKey, NotANumber> = &BTreeMap::new();
    const NONE_RECOVERED: &BTreeMap<StatKey, Doubt> = &BTreeMap::new();

    fn facts(figures: &Figures, template: Template) -> Facts<'_> {
        Facts {
            figures,
            not_numbers: NO_CELLS,
            uncertain: NONE_RECOVERED,
            template,
        }
    }

    /// The checks that ran on `figures` alone.
    fn run(figures: &Figures, template: Template) -> Vec<Check> {
        super::run(facts(figures, template)).0
    }

    fn evaluate(figures: &Figures, template: Template) -> Vec<Outcome> {
        super::evaluate(facts(figures, template))
    }

    fn stats(pairs: &[(&str, f64)]) -> Figures {
        let mut figures = Figures::default();
        for (text, value) in pairs {
            figures.insert(key(text), Number(*value));
        }
        figures
    }

    #[test]
    fn row_sum_fails_when_total_disagrees() {
        let s = stats(&[
            (
                "applications.result.partially_disclosed.natural_person",
                2.0,
            ),
            (
                "applications.result.partially_disclosed.commercial_enterprise",
                0.0,
            ),
            ("applications.result.partially_disclosed.total", 0.0),
        ]);
        let checks = run(&s, Template::Y2021);
        assert_eq!(checks.len(), 1);
        let check = &checks[0];
        assert!(!check.ok);
        assert_eq!((check.expected.0, check.found.0), (2.0, 0.0));
        assert_eq!(check.row.as_deref(), Some("result.partially_disclosed"));
        assert_eq!(
            check.message,
            "(二)部分公开: 自然人 2 + 商业企业 0 = 2, but 总计 says 0 (4 blank cells counted as 0)"
        );
    }

    #[test]
    fn balance_and_result_sum_pass_and_fail() {
        let mut s = stats(&[
            ("applications.new_received.total", 6.0),
            ("applications.carried_over.total", 2.0),
            ("applications.result.total.total", 8.0),
            ("applications.carried_forward.total", 0.0),
            ("applications.result.unavailable.not_held.total", 6.0),
        ]);
        let checks = run(&s, Template::Y2021);
        let balance = checks
            .iter()
            .find(|c| c.rule == "applications.balance")
            .unwrap();
        assert!(balance.ok);
        let result_sum = checks
            .iter()
            .find(|c| c.rule == "applications.result_sum")
            .unwrap();
        assert!(!result_sum.ok);
        assert_eq!((result_sum.expected.0, result_sum.found.0), (6.0, 8.0));
        s.insert(
            key("applications.result.partially_disclosed.total"),
            Number(2.0),
        );
        assert!(run(&s, Template::Y2021).iter().all(|c| c.ok));
    }

    #[test]
    fn group_sum_checks_each_review_group() {
        let s = stats(&[
            ("reviews.administrative_review.upheld", 3.0),
            ("reviews.administrative_review.corrected", 8.0),
            ("reviews.administrative_review.total", 0.0),
            ("reviews.litigation_direct.upheld", 1.0),
            ("reviews.litigation_direct.total", 1.0),
        ]);
        let checks = run(&s, Template::Y2021);
        assert_eq!(checks.len(), 2);
        assert!(!checks[0].ok && checks[0].message.contains("= 11, but 总计 says 0"));
        assert!(checks[1].ok);
    }

    #[test]
    fn balance_fails_when_the_year_does_not_carry_over() {
        let s = stats(&[
            ("applications.new_received.natural_person", 5.0),
            ("applications.carried_over.natural_person", 1.0),
            ("applications.result.total.natural_person", 4.0),
            ("applications.carried_forward.natural_person", 1.0),
        ]);
        let check = run(&s, Template::Y2021)
            .into_iter()
            .find(|c| c.rule == "applications.balance")
            .unwrap();
        assert!(!check.ok);
        assert_eq!((check.expected.0, check.found.0), (6.0, 5.0));
        assert_eq!(check.column.as_deref(), Some("natural_person"));
        assert_eq!(
            check.message,
            "自然人: 本年新收 5 + 上年结转 1 = 6, but (七)总计 4 + 结转下年度 1 = 5"
        );
    }

    #[test]
    fn result_sum_counts_the_templates_own_other_rows() {
        let s = stats(&[
            ("applications.result.other.total", 5.0),
            ("applications.result.other.other.total", 5.0),
            ("applications.result.total.total", 5.0),
        ]);
        for template in Template::ALL {
            let check = run(&s, template)
                .into_iter()
                .find(|c| c.rule == "applications.result_sum")
                .unwrap();
            assert!(check.ok, "{template}: {}", check.message);
        }
    }

    #[test]
    fn missing_figures_run_no_check() {
        assert!(
            run(
                &stats(&[("applications.new_received.total", 0.0)]),
                Template::Y2021
            )
            .is_empty()
        );
    }

    fn not_run(outcomes: &[Outcome], rule: &str, at: Place) -> NotRun {
        outcomes
            .iter()
            .find_map(|outcome| match outcome {
                Outcome::NotRun(not_run) if not_run.rule == rule && not_run.at == at => {
                    Some(not_run.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{rule} at {at} ran"))
    }

    #[test]
    fn a_check_over_a_report_missing_a_row_says_so() {
        // 二、上年结转 is missing: the balance cannot be struck.
        let s = stats(&[
            ("applications.new_received.total", 6.0),
            ("applications.result.total.total", 6.0),
            ("applications.carried_forward.total", 0.0),
        ]);
        let outcomes = evaluate(&s, Template::Y2021);
        // Every rule at every place answers, run or not.
        assert_eq!(outcomes.len(), 7 + 7 + 26 + 3);
        let balance = not_run(
            &outcomes,
            "applications.balance",
            Place::Column(ApplicantColumn::Total),
        );
        assert_eq!(
            balance.reason,
            Reason::NotStated(vec![key("applications.carried_over.total")])
        );
        assert_eq!(
            balance.to_string(),
            "applications.balance (column total) not assessable: \
             the report states no figure for applications.carried_over.total"
        );
        let result_sum = not_run(
            &outcomes,
            "applications.result_sum",
            Place::Column(ApplicantColumn::Total),
        );
        assert!(matches!(&result_sum.reason, Reason::NoPartStated(parts) if parts.len() == 21));
        assert_eq!(
            result_sum.to_string(),
            "applications.result_sum (column total) not assessable: the report states none of its 21 parts"
        );
        let row_sum = not_run(
            &outcomes,
            "applications.row_sum",
            Place::Row(ApplicationRow::NewReceived),
        );
        assert_eq!(
            row_sum.to_string(),
            "applications.row_sum (row new_received) not assessable: the report states none of its parts \
             (applications.new_received.natural_person, applications.new_received.commercial_enterprise, \
             applications.new_received.research_institution, applications.new_received.public_interest_org, \
             applications.new_received.legal_service_org, applications.new_received.other_org)"
        );
        assert!(run(&s, Template::Y2021).is_empty());
    }

    #[test]
    fn a_row_the_template_lacks_is_a_typed_absence() {
        let s = stats(&[("applications.result.total.total", 1.0)]);
        let outcomes = evaluate(&s, Template::Y2021);
        let other = not_run(
            &outcomes,
            "applications.row_sum",
            Place::Row(ApplicationRow::Other),
        );
        assert_eq!(
            other.reason,
            Reason::NotInTemplate(Template::Y2021, key("applications.result.other.total"))
        );
        assert_eq!(
            other.to_string(),
            "applications.row_sum (row result.other) not applicable: \
             the 2021 template has no applications.result.other.total"
        );
        let sub_row = not_run(
            &evaluate(&s, Template::Y2019),
            "applications.row_sum",
            Place::Row(ApplicationRow::OtherOther),
        );
        assert_eq!(
            sub_row.reason,
            Reason::NotInTemplate(
                Template::Y2019,
                key("applications.result.other.other.total")
            )
        );
    }

    #[test]
    fn a_row_of_the_other_template_is_summed_but_not_counted() {
        // A 2021 report that prints the 2019 row (六)其他处理 anyway: its own
        // columns are checked, and the result sum leaves it out.
        let s = stats(&[
            ("applications.result.other.natural_person", 2.0),
            ("applications.result.other.total", 2.0),
            ("applications.result.disclosed.total", 1.0),
            ("applications.result.total.total", 1.0),
        ]);
        let checks = run(&s, Template::Y2021);
        let row = checks
            .iter()
            .find(|c| c.rule == "applications.row_sum" && c.row.as_deref() == Some("result.other"))
            .expect("the printed row is checked");
        assert!(row.ok);
        let result_sum = checks
            .iter()
            .find(|c| c.rule == "applications.result_sum")
            .unwrap();
        assert!(result_sum.ok, "{}", result_sum.message);
        assert!(
            !run(&s, Template::Y2019)
                .iter()
                .find(|c| c.rule == "applications.result_sum")
                .unwrap()
                .ok
        );
    }

    fn printed(text: &str) -> NotANumber {
        NotANumber {
            kind: ValueKind::of(text),
            text: text.to_string(),
        }
    }

    fn cells(pairs: &[(&str, &str)]) -> BTreeMap<StatKey, NotANumber> {
        pairs.iter().map(|(k, t)| (key(k), printed(t))).collect()
    }

    fn with<'a>(
        figures: &'a Figures,
        not_numbers: &'a BTreeMap<StatKey, NotANumber>,
        uncertain: &'a BTreeMap<StatKey, Doubt>,
    ) -> Facts<'a> {
        Facts {
            figures,
            not_numbers,
            uncertain,
            template: Template::Y2021,
        }
    }

    fn row_of<'a>(checks: &'a [Check], row: &str) -> &'a Check {
        checks
            .iter()
            .find(|c| c.row.as_deref() == Some(row))
            .unwrap_or_else(|| panic!("no check of row {row}"))
    }

    #[test]
    fn parts_printed_as_placeholders_count_as_zero_and_say_so() {
        let figures = stats(&[
            ("applications.new_received.natural_person", 3.0),
            ("applications.new_received.total", 3.0),
        ]);
        let printed = cells(&[
            ("applications.new_received.commercial_enterprise", "/"),
            ("applications.new_received.research_institution", "—"),
            ("applications.new_received.public_interest_org", "无"),
            ("applications.new_received.legal_service_org", ""),
        ]);
        let (checks, unassessed) = super::run(with(&figures, &printed, NONE_RECOVERED));
        let check = row_of(&checks, "new_received");
        assert_eq!(check.state, CheckState::Passed);
        assert_eq!(
            check.message,
            "一、本年新收政府信息公开申请数量: 自然人 3 = 3, and 总计 says 3 \
             (2 blank cells, 1 cell printed '/', 1 cell printed '无' and 1 cell printed as a dash counted as 0)"
        );
        assert_eq!(check.counted_as_zero.len(), 5);
        assert_eq!(
            check.keys,
            [
                "applications.new_received.natural_person",
                "applications.new_received.total"
            ]
        );
        // The other rules lack figures: each says which.
        assert!(
            unassessed
                .iter()
                .all(|u| u.state == CheckState::NotAssessable)
        );
        assert!(
            !unassessed
                .iter()
                .any(|u| u.row.as_deref() == Some("new_received"))
        );
    }

    #[test]
    fn a_part_printed_as_text_makes_the_sum_not_assessable() {
        let figures = stats(&[
            ("applications.new_received.natural_person", 3.0),
            ("applications.new_received.total", 3.0),
        ]);
        let printed = cells(&[("applications.new_received.other_org", "见附件")]);
        let (checks, unassessed) = super::run(with(&figures, &printed, NONE_RECOVERED));
        assert!(checks.is_empty());
        let row = unassessed
            .iter()
            .find(|u| u.row.as_deref() == Some("new_received"))
            .expect("the row sum is not assessable");
        assert_eq!(row.missing, ["applications.new_received.other_org"]);
        assert_eq!(
            row.message,
            "一、本年新收政府信息公开申请数量: no figure to compare: \
             applications.new_received.other_org is printed '见附件'"
        );
    }

    #[test]
    fn a_total_printed_as_a_placeholder_is_not_assessable() {
        let figures = stats(&[
            ("applications.new_received.total", 6.0),
            ("applications.carried_over.total", 2.0),
            ("applications.carried_forward.total", 0.0),
            ("applications.result.disclosed.total", 8.0),
        ]);
        let slash = cells(&[("applications.result.total.total", "/")]);
        let outcomes = super::evaluate(with(&figures, &slash, NONE_RECOVERED));
        for (rule, at) in [
            (
                "applications.balance",
                Place::Column(ApplicantColumn::Total),
            ),
            (
                "applications.result_sum",
                Place::Column(ApplicantColumn::Total),
            ),
        ] {
            let missed = not_run(&outcomes, rule, at);
            assert_eq!(
                missed.reason,
                Reason::Unreadable(vec![(key("applications.result.total.total"), printed("/"))]),
                "{rule}"
            );
        }
    }

    #[test]
    fn balance_counts_a_blank_carried_over_as_zero() {
        let figures = stats(&[
            ("applications.new_received.total", 6.0),
            ("applications.result.total.total", 5.0),
            ("applications.carried_forward.total", 1.0),
        ]);
        let printed = cells(&[("applications.carried_over.total", "")]);
        let (checks, _) = super::run(with(&figures, &printed, NONE_RECOVERED));
        let balance = checks
            .iter()
            .find(|c| c.rule == "applications.balance")
            .expect("the balance ran");
        assert_eq!(balance.state, CheckState::Passed);
        assert_eq!(balance.counted_as_zero, ["applications.carried_over.total"]);
        assert!(
            balance.message.ends_with(" (1 blank cell counted as 0)"),
            "{}",
            balance.message
        );
        // Not printed at all: the balance cannot be struck.
        let (checks, unassessed) = super::run(with(&figures, NO_CELLS, NONE_RECOVERED));
        assert!(!checks.iter().any(|c| c.rule == "applications.balance"));
        assert!(unassessed.iter().any(|u| u.rule == "applications.balance"
            && u.missing == ["applications.carried_over.total"]));
    }

    #[test]
    fn a_recovered_figure_makes_the_check_uncertain() {
        let figures = stats(&[
            ("reviews.administrative_review.upheld", 3.0),
            ("reviews.administrative_review.corrected", 8.0),
            ("reviews.administrative_review.total", 0.0),
        ]);
        let recovered: BTreeMap<StatKey, Doubt> = [(
            key("reviews.administrative_review.corrected"),
            Doubt::RunTogetherSplit,
        )]
        .into_iter()
        .collect();
        let (checks, _) = super::run(with(&figures, NO_CELLS, &recovered));
        assert_eq!(checks.len(), 1);
        // The arithmetic fails, but on a figure recovered from joined digits:
        // no finding.
        assert!(!checks[0].ok);
        assert_eq!(checks[0].state, CheckState::Uncertain);
        let (checks, _) = super::run(with(&figures, NO_CELLS, NONE_RECOVERED));
        assert_eq!(checks[0].state, CheckState::Failed);
    }
}
