//! Year against year: the reports of one body for consecutive years must
//! carry their figures over. Reports are grouped by issuer ([`issuers`]),
//! ordered by year, and each report is compared with the previous year's:
//!
//! * `years.carried_over`, per applicant column: last year's
//!   `applications.carried_forward.<column>` (结转下年度继续办理) is this
//!   year's `applications.carried_over.<column>` (上年结转);
//! * `years.in_force`, for 规章 (`rules`) and 行政规范性文件
//!   (`normative_documents`): last year's `proactive.<item>.in_force` plus
//!   this year's `issued` minus this year's `repealed` is this year's
//!   `in_force`.
//!
//! Each comparison is `passed`, `failed`, `not_assessable` (a figure is not
//! stated on either side; it says which) or `uncertain` (a figure it reads
//! is marked uncertain by its report's profile). Years with no report
//! between two reports (a gap), a second report of the same body and year
//! (a duplicate) and reports with no issuer or year (not grouped) are
//! findings too, so that every report is accounted for. Sorting once makes
//! the grouping O(n log n); nothing is read twice.

use super::issuers::{self, IssuerMap};
use crate::model::{Doubt, Number, Profile};
use crate::profile::Shown;
use crate::profile::keys::{
    ApplicantColumn, ApplicationRow, ProactiveCell, ProactiveItem, ProactiveMeasure, StatKey,
};
use crate::profile::template::Template;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The rule that carries applications over, per applicant column.
pub const CARRIED_OVER: &str = "years.carried_over";
/// The rule that carries documents in force over, per item.
pub const IN_FORCE: &str = "years.in_force";

/// What one report brings to the comparison: where it is, who issued it
/// for which year, its statistics and the figures its profile marks as
/// uncertain (key → reason).
#[derive(Debug, Clone, Copy)]
pub struct YearReport<'a> {
    /// The report's path (`source.path`), which names it in findings.
    pub path: &'a str,
    /// `profile.issuer`.
    pub issuer: Option<&'a str>,
    /// `profile.year`.
    pub year: Option<i32>,
    /// `profile.template` (`2019`, `2021`): says why a figure is missing.
    pub template: Option<&'a str>,
    /// `profile.statistics`.
    pub statistics: &'a BTreeMap<String, Number>,
    /// `profile.uncertain`: the figures whose place was recovered, key →
    /// how.
    pub uncertain: &'a BTreeMap<String, Doubt>,
}

impl<'a> YearReport<'a> {
    /// The report a profile describes, found at `path`.
    pub fn of(path: &'a str, profile: &'a Profile) -> YearReport<'a> {
        YearReport {
            path,
            issuer: profile.issuer.as_deref(),
            year: profile.year,
            template: Some(profile.template.as_str()),
            statistics: &profile.statistics,
            uncertain: &profile.uncertain,
        }
    }
}

/// A [`YearReport`] that owns its parts, for a caller that keeps what each
/// report brings beyond the life of its profile (a batch that drops each
/// document once it is read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedYearReport {
    /// The report's path.
    pub path: String,
    /// `profile.issuer`.
    pub issuer: Option<String>,
    /// `profile.year`.
    pub year: Option<i32>,
    /// `profile.template`.
    pub template: Option<String>,
    /// `profile.statistics`, or only the [`keys_read`] of them.
    pub statistics: BTreeMap<String, Number>,
    /// `profile.uncertain`, or only the [`keys_read`] of it.
    pub uncertain: BTreeMap<String, Doubt>,
}

impl OwnedYearReport {
    /// The report to compare.
    pub fn view(&self) -> YearReport<'_> {
        YearReport {
            path: &self.path,
            issuer: self.issuer.as_deref(),
            year: self.year,
            template: self.template.as_deref(),
            statistics: &self.statistics,
            uncertain: &self.uncertain,
        }
    }
}

/// What kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A rule applied to two consecutive years' reports.
    Comparison,
    /// Two reports of one body more than a year apart with none between:
    /// not compared.
    Gap,
    /// A second report of one body for one year: set aside.
    Duplicate,
    /// A report with no issuer or no year: in no group.
    NotGrouped,
}

impl Kind {
    /// The word the JSON and CSV use.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Comparison => "comparison",
            Kind::Gap => "gap",
            Kind::Duplicate => "duplicate",
            Kind::NotGrouped => "not_grouped",
        }
    }
}

/// The outcome of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The figures carry over.
    Passed,
    /// They do not: a finding about the reports, never corrected.
    Failed,
    /// A figure the rule needs is not stated.
    NotAssessable,
    /// Every figure is stated, but a report marks one as uncertain.
    Uncertain,
}

impl State {
    /// Every state, in the order the counts are printed.
    pub const ALL: [State; 4] = [
        State::Passed,
        State::Failed,
        State::NotAssessable,
        State::Uncertain,
    ];

    /// The word the JSON and CSV use.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Passed => "passed",
            State::Failed => "failed",
            State::NotAssessable => "not_assessable",
            State::Uncertain => "uncertain",
        }
    }
}

/// One figure a comparison read (or found missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The year of the report it belongs to.
    pub year: i32,
    /// That report's path.
    pub path: String,
    /// The statistics key.
    pub key: &'static str,
    /// The figure, or `None` when the report does not state it.
    pub value: Option<Number>,
    /// Why the report's profile calls it uncertain, when it does.
    pub uncertain: Option<String>,
}

/// One finding. The report it is about is always `later_*`: the later
/// year's report of a comparison or a gap, the report set aside of a
/// duplicate, the report of a not-grouped finding. `earlier_*` is the
/// report it is set against: the previous year's, or for a duplicate the
/// report of the same year that is compared instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of finding.
    pub finding: Kind,
    /// Comparisons only: the outcome.
    pub state: Option<State>,
    /// The group's issuer name; for a report not grouped, the issuer it
    /// names, if any.
    pub issuer: Option<String>,
    /// Comparisons only: [`CARRIED_OVER`] or [`IN_FORCE`].
    pub rule: Option<&'static str>,
    /// `years.in_force` only: the item (`rules`, `normative_documents`).
    pub row: Option<&'static str>,
    /// `years.carried_over` only: the applicant column key.
    pub column: Option<&'static str>,
    /// The year of the report set against.
    pub earlier_year: Option<i32>,
    /// The path of the report set against.
    pub earlier_path: Option<String>,
    /// The year of the report the finding is about.
    pub later_year: Option<i32>,
    /// The path of the report the finding is about.
    pub later_path: String,
    /// Comparisons with every figure stated: the side computed from the
    /// earlier year (`carried_forward`; `in_force + issued - repealed`).
    pub expected: Option<Number>,
    /// Comparisons with every figure stated: the later year's figure.
    pub found: Option<Number>,
    /// Comparisons only: every figure read, in the order of the formula.
    pub figures: Vec<Figure>,
    /// The finding for a person. Not meant to be parsed.
    pub message: String,
}

/// The reports of one body, as grouped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The name the group goes by: the canonical name of the mapping when
    /// it names one, else the name as the latest report writes it (spaces
    /// between Chinese characters removed: [`issuers::tidy`]).
    pub issuer: String,
    /// Every way its reports write the name, in year order.
    pub names: Vec<String>,
    /// Its reports compared (duplicates set aside), in year order.
    pub reports: Vec<Member>,
}

/// A report of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// The report's year.
    pub year: i32,
    /// The report's path.
    pub path: String,
}

/// The outcome over a corpus: its groups and every finding, group by group
/// (in the order of their keys, year by year within), then the reports not
/// grouped in the order given.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Survey {
    /// The groups, one per body.
    pub groups: Vec<Group>,
    /// The findings.
    pub findings: Vec<Finding>,
}

impl Survey {
    /// How many comparisons ended in `state`.
    pub fn count(&self, state: State) -> usize {
        self.findings
            .iter()
            .filter(|f| f.state == Some(state))
            .count()
    }

    /// How many findings are of `kind`.
    pub fn count_kind(&self, kind: Kind) -> usize {
        self.findings.iter().filter(|f| f.finding == kind).count()
    }

    /// The findings of one group, by its issuer name.
    pub fn findings_of<'s>(&'s self, issuer: &'s str) -> impl Iterator<Item = &'s Finding> {
        self.findings
            .iter()
            .filter(move |f| f.finding != Kind::NotGrouped && f.issuer.as_deref() == Some(issuer))
    }
}

/// Compares the reports of profiles found at paths (see [`compare`]).
pub fn compare_profiles<'a>(
    profiles: impl IntoIterator<Item = (&'a str, &'a Profile)>,
    issuers: &IssuerMap,
) -> Survey {
    let reports: Vec<YearReport<'a>> = profiles
        .into_iter()
        .map(|(path, profile)| YearReport::of(path, profile))
        .collect();
    compare(&reports, issuers)
}

/// A report placed in a group: the group key, its year, and the canonical
/// name the mapping gave, with its index among the reports.
struct Placed<'m> {
    key: String,
    year: i32,
    canonical: Option<&'m str>,
    index: usize,
}

/// Groups the reports by issuer and compares each with the previous
/// year's report of its group. Of two reports of one body and year the
/// one whose path sorts first is compared, the other set aside (a
/// `duplicate` finding says which and whether their figures differ).
pub fn compare(reports: &[YearReport<'_>], issuers: &IssuerMap) -> Survey {
    let mut placed: Vec<Placed> = Vec::with_capacity(reports.len());
    let mut not_grouped = Vec::new();
    for (index, report) in reports.iter().enumerate() {
        let issuer = report.issuer.filter(|name| !issuers::key(name).is_empty());
        match (issuer, report.year) {
            (Some(name), Some(year)) => {
                let (key, canonical) = issuers.resolve(name);
                placed.push(Placed {
                    key,
                    year,
                    canonical,
                    index,
                });
            }
            (issuer, year) => {
                let reason = match (issuer, year) {
                    (None, None) => "no issuer and no year found",
                    (None, _) => "no issuer found",
                    _ => "no year found",
                };
                not_grouped.push(Finding {
                    later_year: report.year,
                    message: reason.to_string(),
                    ..Finding::about(Kind::NotGrouped, report.issuer, report.path)
                });
            }
        }
    }
    placed.sort_by(|a, b| {
        (&a.key, a.year, reports[a.index].path, a.index).cmp(&(
            &b.key,
            b.year,
            reports[b.index].path,
            b.index,
        ))
    });

    let mut survey = Survey::default();
    let formulas = formulas();
    for members in placed.chunk_by(|a, b| a.key == b.key) {
        survey_group(reports, members, &formulas, &mut survey);
    }
    survey.findings.extend(not_grouped);
    survey
}

/// The findings of one group, its members sorted by year and path.
fn survey_group(
    reports: &[YearReport<'_>],
    members: &[Placed],
    formulas: &[Formula],
    survey: &mut Survey,
) {
    let written = |member: &Placed| reports[member.index].issuer.unwrap_or_default().trim();
    let last = members.last().expect("a group has a member");
    let issuer = match members.iter().find_map(|m| m.canonical) {
        Some(canonical) => canonical.to_string(),
        None => issuers::tidy(written(last)),
    };
    let mut names: Vec<String> = Vec::new();
    for member in members {
        if !names.iter().any(|n| n == written(member)) {
            names.push(written(member).to_string());
        }
    }
    let mut kept: Vec<&Placed> = Vec::new();
    let mut findings = Vec::new();
    for same_year in members.chunk_by(|a, b| a.year == b.year) {
        let first = &same_year[0];
        let report = &reports[first.index];
        for duplicate in &same_year[1..] {
            findings.push(duplicate_finding(
                &issuer,
                report,
                &reports[duplicate.index],
            ));
        }
        if let Some(previous) = kept.last() {
            let earlier = &reports[previous.index];
            if first.year - previous.year == 1 {
                findings.extend(
                    formulas
                        .iter()
                        .map(|formula| evaluate(formula, &issuer, earlier, report)),
                );
            } else {
                findings.push(gap_finding(&issuer, earlier, report));
            }
        }
        kept.push(first);
    }
    survey.groups.push(Group {
        issuer,
        names,
        reports: kept
            .iter()
            .map(|m| Member {
                year: m.year,
                path: reports[m.index].path.to_string(),
            })
            .collect(),
    });
    survey.findings.extend(findings);
}

impl Finding {
    /// A finding of `kind` about the report at `path`, nothing else set.
    fn about(kind: Kind, issuer: Option<&str>, path: &str) -> Finding {
        Finding {
            finding: kind,
            state: None,
            issuer: issuer.map(str::to_string),
            rule: None,
            row: None,
            column: None,
            earlier_year: None,
            earlier_path: None,
            later_year: None,
            later_path: path.to_string(),
            expected: None,
            found: None,
            figures: Vec::new(),
            message: String::new(),
        }
    }

    /// A finding of `kind` setting `later` against `earlier`.
    fn between(kind: Kind, issuer: &str, earlier: &YearReport, later: &YearReport) -> Finding {
        Finding {
            earlier_year: earlier.year,
            earlier_path: Some(earlier.path.to_string()),
            later_year: later.year,
            ..Finding::about(kind, Some(issuer), later.path)
        }
    }
}

fn gap_finding(issuer: &str, earlier: &YearReport, later: &YearReport) -> Finding {
    let (from, to) = (year_of(earlier) + 1, year_of(later) - 1);
    let missing = if from == to {
        from.to_string()
    } else {
        format!("{from}-{to}")
    };
    Finding {
        message: format!(
            "no report for {missing} between {} ({}) and {} ({}): not compared",
            year_of(earlier),
            earlier.path,
            year_of(later),
            later.path
        ),
        ..Finding::between(Kind::Gap, issuer, earlier, later)
    }
}

fn duplicate_finding(issuer: &str, kept: &YearReport, set_aside: &YearReport) -> Finding {
    let differ: Vec<&str> = differing_keys(kept.statistics, set_aside.statistics);
    let figures = match differ.first() {
        None => "their figures are the same".to_string(),
        Some(first) => format!(
            "their figures differ in {} {} (first: {first} {} and {})",
            differ.len(),
            if differ.len() == 1 { "key" } else { "keys" },
            shown(kept.statistics.get(*first).copied()),
            shown(set_aside.statistics.get(*first).copied()),
        ),
    };
    Finding {
        message: format!(
            "a second report for {}: {} set aside, {} compared (the first by path); {figures}",
            year_of(kept),
            set_aside.path,
            kept.path
        ),
        ..Finding::between(Kind::Duplicate, issuer, kept, set_aside)
    }
}

/// The keys either map states with a value the other does not share.
fn differing_keys<'s>(
    a: &'s BTreeMap<String, Number>,
    b: &'s BTreeMap<String, Number>,
) -> Vec<&'s str> {
    let mut keys: Vec<&str> = a
        .iter()
        .filter(|(key, value)| b.get(*key) != Some(value))
        .map(|(key, _)| key.as_str())
        .chain(
            b.keys()
                .filter(|key| !a.contains_key(*key))
                .map(String::as_str),
        )
        .collect();
    keys.sort_unstable();
    keys
}

/// A figure's value, or `missing`.
fn shown(value: Option<Number>) -> String {
    value.map_or_else(|| "missing".to_string(), |n| Shown(n.0).to_string())
}

/// The year of a grouped report (every grouped report has one).
fn year_of(report: &YearReport) -> i32 {
    report.year.unwrap_or_default()
}

/// Which report a term of a formula reads.
#[derive(Clone, Copy)]
enum Side {
    Earlier,
    Later,
}

/// A rule applied at one place: the terms that add up to the expected
/// side (each with its sign) and the figure they must equal.
struct Formula {
    rule: &'static str,
    row: Option<&'static str>,
    column: Option<&'static str>,
    terms: Vec<(Side, StatKey, f64)>,
    found: StatKey,
}

/// The statistics keys the comparisons read: a caller that keeps only
/// these of each report's statistics gets the same findings.
pub fn keys_read() -> Vec<StatKey> {
    let mut keys: Vec<StatKey> = formulas()
        .iter()
        .flat_map(|f| f.terms.iter().map(|t| t.1).chain([f.found]))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Every formula between two consecutive years, in output order.
fn formulas() -> Vec<Formula> {
    let mut out = Vec::new();
    for &column in ApplicantColumn::ALL {
        out.push(Formula {
            rule: CARRIED_OVER,
            row: None,
            column: Some(column.key()),
            terms: vec![(
                Side::Earlier,
                StatKey::Application(ApplicationRow::CarriedForward, column),
                1.0,
            )],
            found: StatKey::Application(ApplicationRow::CarriedOver, column),
        });
    }
    for item in [ProactiveItem::Rules, ProactiveItem::NormativeDocuments] {
        let cell = |measure| {
            StatKey::Proactive(ProactiveCell::new(item, measure).expect("the 2021 template has it"))
        };
        out.push(Formula {
            rule: IN_FORCE,
            row: Some(item.key()),
            column: None,
            terms: vec![
                (Side::Earlier, cell(ProactiveMeasure::InForce), 1.0),
                (Side::Later, cell(ProactiveMeasure::Issued), 1.0),
                (Side::Later, cell(ProactiveMeasure::Repealed), -1.0),
            ],
            found: cell(ProactiveMeasure::InForce),
        });
    }
    out
}

fn evaluate(formula: &Formula, issuer: &str, earlier: &YearReport, later: &YearReport) -> Finding {
    let report = |side: Side| match side {
        Side::Earlier => earlier,
        Side::Later => later,
    };
    let read: Vec<(Side, StatKey)> = formula
        .terms
        .iter()
        .map(|&(side, key, _)| (side, key))
        .chain([(Side::Later, formula.found)])
        .collect();
    let figures: Vec<Figure> = read
        .iter()
        .map(|&(side, key)| {
            let report = report(side);
            Figure {
                year: year_of(report),
                path: report.path.to_string(),
                key: key.as_str(),
                value: report.statistics.get(key.as_str()).copied(),
                uncertain: report
                    .uncertain
                    .get(key.as_str())
                    .map(|doubt| doubt.as_str().to_string()),
            }
        })
        .collect();
    let paths = format!(
        "({}: {}, {}: {})",
        year_of(earlier),
        earlier.path,
        year_of(later),
        later.path
    );
    let finding = Finding {
        rule: Some(formula.rule),
        row: formula.row,
        column: formula.column,
        ..Finding::between(Kind::Comparison, issuer, earlier, later)
    };

    let missing: Vec<String> = figures
        .iter()
        .zip(&read)
        .filter(|(f, _)| f.value.is_none())
        .map(|(f, &(side, key))| {
            let template = report(side).template;
            format!(
                "{} {} is not stated{}",
                f.year,
                f.key,
                not_in(template, key)
            )
        })
        .collect();
    if !missing.is_empty() {
        return Finding {
            state: Some(State::NotAssessable),
            message: format!("{} {paths}", missing.join("; ")),
            figures,
            ..finding
        };
    }

    let value = |f: &Figure| f.value.map_or(0.0, |n| n.0);
    let expected: f64 = formula
        .terms
        .iter()
        .zip(&figures)
        .map(|(&(_, _, sign), f)| sign * value(f))
        .sum();
    let found = value(figures.last().expect("the found figure"));
    let ok = (expected - found).abs() < 1e-9;
    let mut message = arithmetic(&formula.terms, &figures, expected, ok);
    let _ = write!(message, " {paths}");
    let uncertain: Vec<String> = figures
        .iter()
        .filter_map(|f| {
            let reason = f.uncertain.as_ref()?;
            Some(format!("{} {}: {reason}", f.year, f.key))
        })
        .collect();
    let state = if !uncertain.is_empty() {
        let _ = write!(message, "; uncertain: {}", uncertain.join("; "));
        State::Uncertain
    } else if ok {
        State::Passed
    } else {
        State::Failed
    };
    Finding {
        state: Some(state),
        expected: Some(Number(expected)),
        found: Some(Number(found)),
        figures,
        message,
        ..finding
    }
}

/// ` (the 2019 template has no such figure)` when the report's template
/// lacks the key, else nothing.
fn not_in(template: Option<&str>, key: StatKey) -> String {
    match template.and_then(|t| t.parse::<Template>().ok()) {
        Some(template) if !key.in_template(template) => {
            format!(" (the {template} template has no such figure)")
        }
        _ => String::new(),
    }
}

/// `2022 a 3, and 2023 b = 3` or
/// `2021 a 40 + 2022 b 3 - 2022 c 1 = 42, but 2022 d = 44`.
fn arithmetic(
    terms: &[(Side, StatKey, f64)],
    figures: &[Figure],
    expected: f64,
    ok: bool,
) -> String {
    let verdict = if ok { "and" } else { "but" };
    let found = figures.last().expect("the found figure");
    let term = |f: &Figure| format!("{} {} {}", f.year, f.key, shown(f.value));
    let left = if terms.len() == 1 {
        format!(
            "{} {} = {}",
            figures[0].year,
            figures[0].key,
            shown(figures[0].value)
        )
    } else {
        let mut text = term(&figures[0]);
        for (&(_, _, sign), f) in terms.iter().zip(figures).skip(1) {
            let op = if sign < 0.0 { '-' } else { '+' };
            let _ = write!(text, " {op} {}", term(f));
        }
        let _ = write!(text, " = {}", Shown(expected));
        text
    };
    format!(
        "{left}, {verdict} {} {} = {}",
        found.year,
        found.key,
        shown(found.value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = OwnedYearReport;

    /// A 2021-template report whose carried-over figures are `over`, whose
    /// carried-forward figures are `forward` (every column the same), and
    /// whose rules and normative documents are (issued, repealed, in_force).
    fn report(
        path: &str,
        issuer: &str,
        year: i32,
        over: f64,
        forward: f64,
        docs: [f64; 3],
    ) -> Owned {
        let mut statistics = BTreeMap::new();
        for column in ApplicantColumn::ALL {
            statistics.insert(format!("applications.carried_over.{column}"), Number(over));
            statistics.insert(
                format!("applications.carried_forward.{column}"),
                Number(forward),
            );
        }
        for item in ["rules", "normative_documents"] {
            for (measure, value) in ["issued", "repealed", "in_force"].iter().zip(docs) {
                statistics.insert(format!("proactive.{item}.{measure}"), Number(value));
            }
        }
        Owned {
            path: path.to_string(),
            issuer: Some(issuer.to_string()),
            year: Some(year),
            template: Some("2021".to_string()),
            statistics,
            uncertain: BTreeMap::new(),
        }
    }

    fn survey(owned: &[Owned], issuers: &IssuerMap) -> Survey {
        let reports: Vec<YearReport> = owned.iter().map(Owned::view).collect();
        compare(&reports, issuers)
    }

    /// The findings that are not passed comparisons, as
    /// (kind, state, rule place, message).
    fn notable(survey: &Survey) -> Vec<(Kind, Option<State>, String, String)> {
        survey
            .findings
            .iter()
            .filter(|f| f.state != Some(State::Passed))
            .map(|f| {
                let place = f.column.or(f.row).unwrap_or_default().to_string();
                (f.finding, f.state, place, f.message.clone())
            })
            .collect()
    }

    #[test]
    fn consecutive_years_that_carry_over_pass() {
        let owned = [
            report("a/2021", "某县人民政府", 2021, 1.0, 2.0, [1.0, 0.0, 10.0]),
            report("a/2022", "某县人民政府", 2022, 2.0, 3.0, [2.0, 1.0, 11.0]),
        ];
        let survey = survey(&owned, &IssuerMap::default());
        assert_eq!(survey.findings.len(), 9);
        assert_eq!(survey.count(State::Passed), 9);
        let first = &survey.findings[0];
        assert_eq!(first.rule, Some(CARRIED_OVER));
        assert_eq!(first.column, Some("natural_person"));
        assert_eq!(
            first.message,
            "2021 applications.carried_forward.natural_person = 2, and \
             2022 applications.carried_over.natural_person = 2 (2021: a/2021, 2022: a/2022)"
        );
        let rules = &survey.findings[7];
        assert_eq!((rules.rule, rules.row), (Some(IN_FORCE), Some("rules")));
        assert_eq!(
            (rules.expected, rules.found),
            (Some(Number(11.0)), Some(Number(11.0)))
        );
        assert_eq!(
            rules.message,
            "2021 proactive.rules.in_force 10 + 2022 proactive.rules.issued 2 - \
             2022 proactive.rules.repealed 1 = 11, and 2022 proactive.rules.in_force = 11 \
             (2021: a/2021, 2022: a/2022)"
        );
        assert_eq!(rules.figures.len(), 4);
        assert_eq!(survey.groups.len(), 1);
        assert_eq!(survey.groups[0].reports.len(), 2);
    }

    #[test]
    fn a_break_fails_and_names_both_files_keys_and_figures() {
        let mut later = report("b/2022", "某局", 2022, 2.0, 0.0, [2.0, 1.0, 11.0]);
        later
            .statistics
            .insert("applications.carried_over.other_org".into(), Number(5.0));
        later.statistics.insert(
            "proactive.normative_documents.in_force".into(),
            Number(14.0),
        );
        let owned = [
            report("b/2021", "某局", 2021, 0.0, 2.0, [0.0, 0.0, 10.0]),
            later,
        ];
        let survey = survey(&owned, &IssuerMap::default());
        assert_eq!(
            notable(&survey),
            vec![
                (
                    Kind::Comparison,
                    Some(State::Failed),
                    "other_org".to_string(),
                    "2021 applications.carried_forward.other_org = 2, but \
                     2022 applications.carried_over.other_org = 5 (2021: b/2021, 2022: b/2022)"
                        .to_string()
                ),
                (
                    Kind::Comparison,
                    Some(State::Failed),
                    "normative_documents".to_string(),
                    "2021 proactive.normative_documents.in_force 10 + \
                     2022 proactive.normative_documents.issued 2 - \
                     2022 proactive.normative_documents.repealed 1 = 11, but \
                     2022 proactive.normative_documents.in_force = 14 (2021: b/2021, 2022: b/2022)"
                        .to_string()
                ),
            ]
        );
        assert_eq!(survey.count(State::Passed), 7);
    }

    #[test]
    fn a_missing_figure_on_either_side_is_not_assessable() {
        let mut earlier = report("c/2021", "某局", 2021, 0.0, 2.0, [0.0, 0.0, 10.0]);
        earlier
            .statistics
            .remove("applications.carried_forward.total");
        let mut later = report("c/2022", "某局", 2022, 2.0, 0.0, [2.0, 1.0, 11.0]);
        later.statistics.remove("proactive.rules.repealed");
        later.statistics.remove("proactive.rules.in_force");
        let survey = survey(&[earlier, later], &IssuerMap::default());
        let notable = notable(&survey);
        assert_eq!(notable.len(), 2);
        assert_eq!(
            notable[0].3,
            "2021 applications.carried_forward.total is not stated \
             (2021: c/2021, 2022: c/2022)"
        );
        assert_eq!(
            notable[1].3,
            "2022 proactive.rules.repealed is not stated; \
             2022 proactive.rules.in_force is not stated (2021: c/2021, 2022: c/2022)"
        );
        assert!(notable.iter().all(|n| n.1 == Some(State::NotAssessable)));
        let rules = survey
            .findings
            .iter()
            .find(|f| f.row == Some("rules"))
            .unwrap();
        assert_eq!((rules.expected, rules.found), (None, None));
        assert_eq!(rules.figures[2].value, None);
    }

    #[test]
    fn a_2019_report_says_its_template_has_no_such_figure() {
        let mut earlier = report("d/2020", "某局", 2020, 0.0, 2.0, [0.0, 0.0, 10.0]);
        earlier.template = Some("2019".to_string());
        earlier
            .statistics
            .retain(|key, _| !key.starts_with("proactive."));
        let later = report("d/2021", "某局", 2021, 2.0, 0.0, [2.0, 1.0, 11.0]);
        let survey = survey(&[earlier, later], &IssuerMap::default());
        let rules = survey
            .findings
            .iter()
            .find(|f| f.row == Some("rules"))
            .unwrap();
        assert_eq!(rules.state, Some(State::NotAssessable));
        assert_eq!(
            rules.message,
            "2020 proactive.rules.in_force is not stated \
             (the 2019 template has no such figure) (2020: d/2020, 2021: d/2021)"
        );
    }

    #[test]
    fn an_uncertain_figure_makes_the_comparison_uncertain() {
        let mut later = report("e/2022", "某局", 2022, 3.0, 0.0, [2.0, 1.0, 11.0]);
        later.uncertain.insert(
            "applications.carried_over.natural_person".into(),
            Doubt::PlacedBySum,
        );
        later
            .uncertain
            .insert("proactive.rules.issued".into(), Doubt::RunTogetherSplit);
        let owned = [
            report("e/2021", "某局", 2021, 0.0, 2.0, [0.0, 0.0, 10.0]),
            later,
        ];
        let survey = survey(&owned, &IssuerMap::default());
        let uncertain: Vec<&Finding> = survey
            .findings
            .iter()
            .filter(|f| f.state == Some(State::Uncertain))
            .collect();
        assert_eq!(uncertain.len(), 2);
        // The figures disagree, but one of them is uncertain.
        assert_eq!(
            uncertain[0].message,
            "2021 applications.carried_forward.natural_person = 2, but \
             2022 applications.carried_over.natural_person = 3 (2021: e/2021, 2022: e/2022); \
             uncertain: 2022 applications.carried_over.natural_person: placed_by_sum"
        );
        // They agree, and are still uncertain.
        assert_eq!(uncertain[1].row, Some("rules"));
        assert!(
            uncertain[1]
                .message
                .contains(", and 2022 proactive.rules.in_force = 11")
        );
        assert_eq!(
            uncertain[1].figures[1].uncertain.as_deref(),
            Some("run_together_split")
        );
        // The other columns fail as they would.
        assert_eq!(survey.count(State::Failed), 6);
    }

    #[test]
    fn the_keys_read_are_the_two_rows_and_the_six_proactive_cells() {
        let keys: Vec<&str> = keys_read().into_iter().map(StatKey::as_str).collect();
        assert_eq!(keys.len(), 7 + 7 + 6);
        assert_eq!(keys[0], "applications.carried_over.natural_person");
        assert_eq!(keys[19], "proactive.normative_documents.in_force");
    }

    #[test]
    fn a_gap_year_is_not_compared() {
        let owned = [
            report("f/2019", "某局", 2019, 0.0, 2.0, [0.0, 0.0, 10.0]),
            report("f/2021", "某局", 2021, 9.0, 0.0, [2.0, 1.0, 99.0]),
            report("f/2025", "某局", 2025, 0.0, 0.0, [0.0, 0.0, 99.0]),
        ];
        let survey = survey(&owned, &IssuerMap::default());
        assert_eq!(
            notable(&survey),
            vec![
                (
                    Kind::Gap,
                    None,
                    String::new(),
                    "no report for 2020 between 2019 (f/2019) and 2021 (f/2021): not compared"
                        .to_string()
                ),
                (
                    Kind::Gap,
                    None,
                    String::new(),
                    "no report for 2022-2024 between 2021 (f/2021) and 2025 (f/2025): not compared"
                        .to_string()
                ),
            ]
        );
        assert_eq!(survey.findings.len(), 2);
    }

    #[test]
    fn a_duplicate_is_set_aside_and_the_first_by_path_compared() {
        let mut copy = report("g/2022b", "某局", 2022, 2.0, 0.0, [2.0, 1.0, 11.0]);
        copy.statistics
            .insert("applications.carried_over.total".into(), Number(7.0));
        let owned = [
            copy,
            report("g/2022a", "某局", 2022, 2.0, 0.0, [2.0, 1.0, 11.0]),
            report("g/2021", "某局", 2021, 0.0, 2.0, [0.0, 0.0, 10.0]),
            report("g/2021", "某局", 2021, 0.0, 2.0, [0.0, 0.0, 10.0]),
        ];
        let survey = survey(&owned, &IssuerMap::default());
        let notable = notable(&survey);
        assert_eq!(
            notable.iter().map(|n| n.3.as_str()).collect::<Vec<_>>(),
            vec![
                "a second report for 2021: g/2021 set aside, g/2021 compared (the first by path); \
                 their figures are the same",
                "a second report for 2022: g/2022b set aside, g/2022a compared (the first by path); \
                 their figures differ in 1 key (first: applications.carried_over.total 2 and 7)",
            ]
        );
        assert_eq!(survey.count(State::Passed), 9);
        let groups = &survey.groups[0].reports;
        assert_eq!(groups[1].path, "g/2022a");
        let duplicate = &survey.findings[0];
        assert_eq!(duplicate.finding, Kind::Duplicate);
        assert_eq!(duplicate.earlier_year, Some(2021));
    }

    #[test]
    fn reports_without_issuer_or_year_are_listed_not_grouped() {
        let mut no_issuer = report("h/1", "某局", 2021, 0.0, 0.0, [0.0; 3]);
        no_issuer.issuer = None;
        let mut blank_issuer = report("h/2", " \u{3000}", 2021, 0.0, 0.0, [0.0; 3]);
        blank_issuer.year = Some(2021);
        let mut no_year = report("h/3", "某局", 2021, 0.0, 0.0, [0.0; 3]);
        no_year.year = None;
        let mut neither = report("h/4", "某局", 2021, 0.0, 0.0, [0.0; 3]);
        neither.issuer = None;
        neither.year = None;
        let survey = survey(
            &[no_issuer, blank_issuer, no_year, neither],
            &IssuerMap::default(),
        );
        let listed: Vec<(&str, &str)> = survey
            .findings
            .iter()
            .map(|f| (f.later_path.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("h/1", "no issuer found"),
                ("h/2", "no issuer found"),
                ("h/3", "no year found"),
                ("h/4", "no issuer and no year found"),
            ]
        );
        assert!(
            survey
                .findings
                .iter()
                .all(|f| f.finding == Kind::NotGrouped)
        );
        assert_eq!(survey.findings[2].issuer.as_deref(), Some("某局"));
        assert!(survey.groups.is_empty());
    }

    #[test]
    fn names_written_differently_and_mapped_names_join_one_group() {
        let owned = [
            report(
                "i/2021",
                "某某（新区）管委会",
                2021,
                0.0,
                2.0,
                [0.0, 0.0, 10.0],
            ),
            report(
                "i/2022",
                "某某 (新区) 管委会",
                2022,
                2.0,
                1.0,
                [1.0, 0.0, 11.0],
            ),
            report("j/2021", "旧名局", 2021, 0.0, 2.0, [0.0, 0.0, 10.0]),
            report("j/2022", "新名局", 2022, 2.0, 1.0, [1.0, 0.0, 11.0]),
            report("k/2022", "某县政府", 2022, 0.0, 2.0, [0.0, 0.0, 10.0]),
            report("k/2023", "某县人民政府", 2023, 2.0, 1.0, [1.0, 0.0, 11.0]),
        ];
        let unmapped = survey(&owned, &IssuerMap::default());
        assert_eq!(unmapped.groups.len(), 4);
        assert_eq!(unmapped.count(State::Passed), 18);
        let map = IssuerMap::parse("旧名局\t新名局\n").unwrap();
        let mapped = survey(&owned, &map);
        assert_eq!(mapped.groups.len(), 3);
        assert_eq!(mapped.count(State::Passed), 27);
        assert_eq!(mapped.findings.len(), 27);
        let names: Vec<(&str, Vec<&str>)> = mapped
            .groups
            .iter()
            .map(|g| {
                (
                    g.issuer.as_str(),
                    g.names.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            // In the order of their keys (by code point: 新 U+65B0 before
            // 某 U+67D0).
            vec![
                ("新名局", vec!["旧名局", "新名局"]),
                ("某县人民政府", vec!["某县政府", "某县人民政府"]),
                (
                    "某某(新区)管委会",
                    vec!["某某（新区）管委会", "某某 (新区) 管委会"]
                ),
            ]
        );
        assert_eq!(mapped.findings_of("新名局").count(), 9);
    }

    #[test]
    fn an_office_and_its_government_are_not_joined() {
        let owned = [
            report("l/2021", "某县人民政府", 2021, 0.0, 2.0, [0.0, 0.0, 10.0]),
            report(
                "l/2022",
                "某县人民政府办公室",
                2022,
                9.0,
                1.0,
                [1.0, 0.0, 99.0],
            ),
        ];
        let survey = survey(&owned, &IssuerMap::default());
        assert_eq!(survey.groups.len(), 2);
        assert!(survey.findings.is_empty());
    }

    #[test]
    fn a_profile_is_read_as_it_stands() {
        let profile = Profile {
            kind: crate::profile::KIND.to_string(),
            version: crate::profile::VERSION.to_string(),
            template: "2021".to_string(),
            issuer: Some("某局".to_string()),
            year: Some(2022),
            statistics: BTreeMap::from([(
                "applications.carried_over.total".to_string(),
                Number(3.0),
            )]),
            checks: Vec::new(),
            unassessed: Vec::new(),
            document_checks: Vec::new(),
            not_numbers: BTreeMap::new(),
            value_counts: BTreeMap::new(),
            uncertain: BTreeMap::new(),
            cells: BTreeMap::new(),
        };
        let mut earlier = profile.clone();
        earlier.year = Some(2021);
        earlier.statistics = BTreeMap::from([(
            "applications.carried_forward.total".to_string(),
            Number(3.0),
        )]);
        // The survey of a later report against `earlier`, and its finding
        // of the 总计 column.
        let total_of = |later: &Profile| {
            let survey = compare_profiles(
                [("x/2022", later), ("x/2021", &earlier)],
                &IssuerMap::default(),
            );
            let total = survey
                .findings
                .iter()
                .find(|f| f.column == Some("total"))
                .unwrap()
                .clone();
            (survey.count(State::NotAssessable), total)
        };
        let (not_assessable, total) = total_of(&profile);
        assert_eq!(total.state, Some(State::Passed));
        assert_eq!(total.earlier_path.as_deref(), Some("x/2021"));
        assert_eq!(total.later_path, "x/2022");
        assert_eq!(not_assessable, 8);
        // A figure the profile recovered rather than read: uncertain.
        let mut recovered = profile.clone();
        recovered.uncertain = BTreeMap::from([(
            "applications.carried_over.total".to_string(),
            Doubt::RunTogetherSplit,
        )]);
        let (_, total) = total_of(&recovered);
        assert_eq!(total.state, Some(State::Uncertain));
        assert!(
            total
                .message
                .ends_with("uncertain: 2022 applications.carried_over.total: run_together_split"),
            "{}",
            total.message
        );
    }
}
