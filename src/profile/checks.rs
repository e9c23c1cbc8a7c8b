//! The arithmetic the national template demands, checked on the figures a
//! report states. A failed check is a finding about the report, never
//! corrected. `applications.balance` runs when all four of its figures are
//! stated; the sum checks run when the total and at least one of its parts
//! are stated, and count parts left blank as 0 (reports leave zero cells
//! blank), saying so in the message. Figures are looked up by typed key
//! under the report's template; a rule that cannot run says why
//! ([`Outcome::NotRun`]) rather than vanish.

use super::collect::Shown;
use super::figures::{Figures, Lookup};
use super::keys::{ApplicantColumn, ApplicationRow, ReviewGroup, ReviewOutcome, StatKey};
use super::template::Template;
use crate::model::{Check, Number};
use std::fmt;

const BALANCE: &str = "applications.balance";
const RESULT_SUM: &str = "applications.result_sum";
const ROW_SUM: &str = "applications.row_sum";
const GROUP_SUM: &str = "reviews.group_sum";

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
    /// The report's template has no such key, and the report states no
    /// figure there.
    NotInTemplate(Template, StatKey),
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
            Reason::NoPartStated(keys) => {
                write!(f, "the report states none of its parts ({})", list(keys))
            }
            Reason::NotInTemplate(template, key) => {
                write!(f, "the {template} template has no {key}")
            }
        }
    }
}

impl fmt::Display for NotRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}) not run: {}", self.rule, self.at, self.reason)
    }
}

/// The checks that ran, in order: what `profile.checks` holds.
pub fn run(figures: &Figures, template: Template) -> Vec<Check> {
    evaluate(figures, template)
        .into_iter()
        .filter_map(|outcome| match outcome {
            Outcome::Ran(check) => Some(check),
            // A rule that could not run is no finding about the report.
            Outcome::NotRun(_) => None,
        })
        .collect()
}

/// Every rule at every place, in the order the checks are listed:
/// `balance` per column, `result_sum` per column, `row_sum` per row,
/// `group_sum` per review group.
pub fn evaluate(figures: &Figures, template: Template) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for &column in ApplicantColumn::ALL {
        outcomes.push(balance(figures, template, column));
    }
    for &column in ApplicantColumn::ALL {
        outcomes.push(result_sum(figures, template, column));
    }
    for &row in ApplicationRow::ALL {
        outcomes.push(row_sum(figures, template, row));
    }
    for &group in ReviewGroup::ALL {
        outcomes.push(group_sum(figures, template, group));
    }
    outcomes
}

fn not_run(rule: &'static str, at: Place, reason: Reason) -> Outcome {
    Outcome::NotRun(NotRun { rule, at, reason })
}

/// The figure the report prints under a key, whether or not its template
/// has the key: a row's own parts add up to its own total either way.
fn printed(lookup: Lookup) -> Option<f64> {
    match lookup {
        Lookup::Stated(value) | Lookup::Stray(value) => Some(value),
        Lookup::Blank | Lookup::NotInTemplate => None,
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

/// Says how many parts of a sum were left blank in the report.
fn blank_note(blank: usize) -> String {
    match blank {
        0 => String::new(),
        1 => " (1 blank cell counted as 0)".to_string(),
        n => format!(" ({n} blank cells counted as 0)"),
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "and" } else { "but" }
}

/// 一 + 二 = (七)总计 + 四, per column.
fn balance(figures: &Figures, template: Template, column: ApplicantColumn) -> Outcome {
    let at = Place::Column(column);
    let keys = [
        ApplicationRow::NewReceived,
        ApplicationRow::CarriedOver,
        ApplicationRow::Total,
        ApplicationRow::CarriedForward,
    ]
    .map(|row| StatKey::Application(row, column));
    let mut values = [0.0; 4];
    let mut blank = Vec::new();
    for (value, key) in values.iter_mut().zip(keys) {
        match figures.lookup(key, template) {
            Lookup::Stated(figure) => *value = figure,
            Lookup::Blank => blank.push(key),
            // Both templates have these four rows.
            Lookup::NotInTemplate | Lookup::Stray(_) => {
                return not_run(BALANCE, at, Reason::NotInTemplate(template, key));
            }
        }
    }
    if !blank.is_empty() {
        return not_run(BALANCE, at, Reason::NotStated(blank));
    }
    let [new, carried, total, forward] = values;
    let (expected, found) = (new + carried, total + forward);
    let ok = same(expected, found);
    Outcome::Ran(Check {
        rule: BALANCE.into(),
        row: None,
        column: Some(column.key().into()),
        ok,
        expected: Number(expected),
        found: Number(found),
        keys: names(keys),
        message: format!(
            "{}: 本年新收 {} + 上年结转 {} = {}, {} (七)总计 {} + 结转下年度 {} = {}",
            column.label(),
            Shown(new),
            Shown(carried),
            Shown(expected),
            verdict(ok),
            Shown(total),
            Shown(forward),
            Shown(found)
        ),
    })
}

/// (七)总计 = the sum of every result row, per column.
fn result_sum(figures: &Figures, template: Template, column: ApplicantColumn) -> Outcome {
    let at = Place::Column(column);
    let total_key = StatKey::Application(ApplicationRow::Total, column);
    let total = match figures.lookup(total_key, template) {
        Lookup::Stated(total) => total,
        Lookup::Blank => return not_run(RESULT_SUM, at, Reason::NotStated(vec![total_key])),
        // Both templates have (七)总计.
        Lookup::NotInTemplate | Lookup::Stray(_) => {
            return not_run(RESULT_SUM, at, Reason::NotInTemplate(template, total_key));
        }
    };
    let mut parts: Vec<(ApplicationRow, f64)> = Vec::new();
    let mut blank = Vec::new();
    let result_rows = ApplicationRow::ALL
        .iter()
        .filter(|row| row.is_result() && **row != ApplicationRow::Total);
    for &row in result_rows {
        let key = StatKey::Application(row, column);
        match figures.lookup(key, template) {
            Lookup::Stated(value) => parts.push((row, value)),
            Lookup::Blank => blank.push(key),
            // (六)其他处理 is one row in 2019 and three sub-rows in 2021:
            // count the template's own, never both.
            Lookup::NotInTemplate | Lookup::Stray(_) => {}
        }
    }
    if parts.is_empty() {
        return not_run(RESULT_SUM, at, Reason::NoPartStated(blank));
    }
    let expected: f64 = parts.iter().map(|(_, v)| v).sum();
    let ok = same(expected, total);
    let non_zero: Vec<String> = parts
        .iter()
        .filter(|(_, v)| *v != 0.0)
        .map(|(row, v)| format!("{} {}", row.label(), Shown(*v)))
        .collect();
    let parts_text = if non_zero.is_empty() {
        "all result rows 0".to_string()
    } else {
        non_zero.join(" + ")
    };
    Outcome::Ran(Check {
        rule: RESULT_SUM.into(),
        row: None,
        column: Some(column.key().into()),
        ok,
        expected: Number(expected),
        found: Number(total),
        keys: names(
            parts
                .iter()
                .map(|&(row, _)| StatKey::Application(row, column))
                .chain([total_key]),
        ),
        message: format!(
            "{}: result rows sum to {} ({}), {} (七)总计 says {}",
            column.label(),
            Shown(expected),
            parts_text,
            verdict(ok),
            Shown(total)
        ),
    })
}

/// 总计 = the six applicant columns, per row. A row of the other template
/// that the report prints anyway is checked too: its own figures still add
/// up to its own total.
fn row_sum(figures: &Figures, template: Template, row: ApplicationRow) -> Outcome {
    let at = Place::Row(row);
    let total_key = StatKey::Application(row, ApplicantColumn::Total);
    let total = match figures.lookup(total_key, template) {
        Lookup::Stated(total) | Lookup::Stray(total) => total,
        Lookup::Blank => return not_run(ROW_SUM, at, Reason::NotStated(vec![total_key])),
        Lookup::NotInTemplate => {
            return not_run(ROW_SUM, at, Reason::NotInTemplate(template, total_key));
        }
    };
    let keys: Vec<StatKey> = ApplicantColumn::PARTS
        .iter()
        .map(|&column| StatKey::Application(row, column))
        .collect();
    let parts: Vec<Option<f64>> = keys
        .iter()
        .map(|&key| printed(figures.lookup(key, template)))
        .collect();
    if parts.iter().all(Option::is_none) {
        return not_run(ROW_SUM, at, Reason::NoPartStated(keys));
    }
    let expected: f64 = parts.iter().flatten().sum();
    let ok = same(expected, total);
    let terms: Vec<String> = ApplicantColumn::PARTS
        .iter()
        .zip(&parts)
        .filter_map(|(column, v)| v.map(|v| format!("{} {}", column.label(), Shown(v))))
        .collect();
    Outcome::Ran(Check {
        rule: ROW_SUM.into(),
        row: Some(row.key().into()),
        column: None,
        ok,
        expected: Number(expected),
        found: Number(total),
        keys: names(
            keys.iter()
                .zip(&parts)
                .filter(|(_, v)| v.is_some())
                .map(|(&key, _)| key)
                .chain([total_key]),
        ),
        message: format!(
            "{}: {} = {}, {} 总计 says {}{}",
            row.label(),
            terms.join(" + "),
            Shown(expected),
            verdict(ok),
            Shown(total),
            blank_note(parts.iter().filter(|v| v.is_none()).count())
        ),
    })
}

/// 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, per review group.
fn group_sum(figures: &Figures, template: Template, group: ReviewGroup) -> Outcome {
    let at = Place::Group(group);
    let total_key = StatKey::Review(group, ReviewOutcome::Total);
    let total = match figures.lookup(total_key, template) {
        Lookup::Stated(total) => total,
        Lookup::Blank => return not_run(GROUP_SUM, at, Reason::NotStated(vec![total_key])),
        // Both templates have the whole review table.
        Lookup::NotInTemplate | Lookup::Stray(_) => {
            return not_run(GROUP_SUM, at, Reason::NotInTemplate(template, total_key));
        }
    };
    let keys: Vec<StatKey> = ReviewOutcome::PARTS
        .iter()
        .map(|&outcome| StatKey::Review(group, outcome))
        .collect();
    let parts: Vec<(&str, Option<f64>)> = ReviewOutcome::PARTS
        .iter()
        .zip(&keys)
        .map(|(outcome, &key)| (outcome.label(), printed(figures.lookup(key, template))))
        .collect();
    if parts.iter().all(|(_, v)| v.is_none()) {
        return not_run(GROUP_SUM, at, Reason::NoPartStated(keys));
    }
    let expected: f64 = parts.iter().filter_map(|(_, v)| *v).sum();
    let ok = same(expected, total);
    let terms: Vec<String> = parts
        .iter()
        .filter_map(|(l, v)| v.map(|v| format!("{l} {}", Shown(v))))
        .collect();
    Outcome::Ran(Check {
        rule: GROUP_SUM.into(),
        row: None,
        column: Some(group.key().into()),
        ok,
        expected: Number(expected),
        found: Number(total),
        keys: names(
            keys.iter()
                .zip(&parts)
                .filter(|(_, (_, v))| v.is_some())
                .map(|(&key, _)| key)
                .chain([total_key]),
        ),
        message: format!(
            "{}: {} = {}, {} 总计 says {}{}",
            group.label(),
            terms.join(" + "),
            Shown(expected),
            verdict(ok),
            Shown(total),
            blank_note(parts.iter().filter(|(_, v)| v.is_none()).count())
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> StatKey {
        text.parse().expect("a statistics key")
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
            "applications.balance (column total) not run: \
             the report states no figure for applications.carried_over.total"
        );
        let result_sum = not_run(
            &outcomes,
            "applications.result_sum",
            Place::Column(ApplicantColumn::Total),
        );
        assert!(matches!(&result_sum.reason, Reason::NoPartStated(parts) if parts.len() == 21));
        let row_sum = not_run(
            &outcomes,
            "applications.row_sum",
            Place::Row(ApplicationRow::NewReceived),
        );
        assert_eq!(
            row_sum.to_string(),
            "applications.row_sum (row new_received) not run: the report states none of its parts \
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
            "applications.row_sum (row result.other) not run: \
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
}
