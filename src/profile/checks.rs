//! The arithmetic the national template demands, checked on the figures a
//! report states. A failed check is a finding about the report, never
//! corrected. `applications.balance` runs when all four of its figures are
//! stated; the sum checks run when the total and at least one of its parts
//! are stated, and count parts left blank as 0 (reports leave zero cells
//! blank), saying so in the message.

use super::collect::Shown;
use super::keys::{
    APPLICANT_COLUMNS, APPLICATION_ROWS, REVIEW_GROUPS, REVIEW_OUTCOMES, applicant_column_label,
    application_key, application_row_label, review_key,
};
use crate::model::{Check, Number};
use std::collections::BTreeMap;

type Stats = BTreeMap<String, Number>;

pub fn run(stats: &Stats, template: &str) -> Vec<Check> {
    let mut checks = Vec::new();
    for (column, _) in APPLICANT_COLUMNS {
        balance(stats, column, &mut checks);
    }
    for (column, _) in APPLICANT_COLUMNS {
        result_sum(stats, column, template, &mut checks);
    }
    for (row, _) in APPLICATION_ROWS {
        row_sum(stats, row, &mut checks);
    }
    for (group, label) in REVIEW_GROUPS {
        group_sum(stats, group, label, &mut checks);
    }
    checks
}

fn get(stats: &Stats, row: &str, column: &str) -> Option<f64> {
    stats.get(application_key(row, column)).map(|n| n.0)
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
fn balance(stats: &Stats, column: &str, checks: &mut Vec<Check>) {
    let (Some(new), Some(carried), Some(total), Some(forward)) = (
        get(stats, "new_received", column),
        get(stats, "carried_over", column),
        get(stats, "result.total", column),
        get(stats, "carried_forward", column),
    ) else {
        return;
    };
    let (expected, found) = (new + carried, total + forward);
    let ok = same(expected, found);
    checks.push(Check {
        rule: "applications.balance".into(),
        row: None,
        column: Some(column.into()),
        ok,
        expected: Number(expected),
        found: Number(found),
        message: format!(
            "{}: 本年新收 {} + 上年结转 {} = {}, {} (七)总计 {} + 结转下年度 {} = {}",
            applicant_column_label(column),
            Shown(new),
            Shown(carried),
            Shown(expected),
            verdict(ok),
            Shown(total),
            Shown(forward),
            Shown(found)
        ),
    });
}

/// (七)总计 = the sum of every result row, per column.
fn result_sum(stats: &Stats, column: &str, template: &str, checks: &mut Vec<Check>) {
    let Some(total) = get(stats, "result.total", column) else {
        return;
    };
    let parts: Vec<(&str, f64)> = APPLICATION_ROWS
        .iter()
        .filter(|(row, _)| row.starts_with("result.") && *row != "result.total")
        // (六)其他处理 is one row in 2019 and three sub-rows in 2021: count
        // the template's own, never both.
        .filter(|(row, _)| {
            if template == "2019" {
                !row.starts_with("result.other.")
            } else {
                *row != "result.other"
            }
        })
        .filter_map(|(row, _)| get(stats, row, column).map(|v| (*row, v)))
        .collect();
    if parts.is_empty() {
        return;
    }
    let expected: f64 = parts.iter().map(|(_, v)| v).sum();
    let ok = same(expected, total);
    let non_zero: Vec<String> = parts
        .iter()
        .filter(|(_, v)| *v != 0.0)
        .map(|(row, v)| format!("{} {}", application_row_label(row), Shown(*v)))
        .collect();
    let parts_text = if non_zero.is_empty() {
        "all result rows 0".to_string()
    } else {
        non_zero.join(" + ")
    };
    checks.push(Check {
        rule: "applications.result_sum".into(),
        row: None,
        column: Some(column.into()),
        ok,
        expected: Number(expected),
        found: Number(total),
        message: format!(
            "{}: result rows sum to {} ({}), {} (七)总计 says {}",
            applicant_column_label(column),
            Shown(expected),
            parts_text,
            verdict(ok),
            Shown(total)
        ),
    });
}

/// 总计 = the six applicant columns, per row.
fn row_sum(stats: &Stats, row: &str, checks: &mut Vec<Check>) {
    let Some(total) = get(stats, row, "total") else {
        return;
    };
    let parts: Vec<Option<f64>> = APPLICANT_COLUMNS[..6]
        .iter()
        .map(|(c, _)| get(stats, row, c))
        .collect();
    if parts.iter().all(Option::is_none) {
        return;
    }
    let expected: f64 = parts.iter().flatten().sum();
    let ok = same(expected, total);
    let terms: Vec<String> = APPLICANT_COLUMNS[..6]
        .iter()
        .zip(&parts)
        .filter_map(|((_, label), v)| v.map(|v| format!("{label} {}", Shown(v))))
        .collect();
    checks.push(Check {
        rule: "applications.row_sum".into(),
        row: Some(row.into()),
        column: None,
        ok,
        expected: Number(expected),
        found: Number(total),
        message: format!(
            "{}: {} = {}, {} 总计 says {}{}",
            application_row_label(row),
            terms.join(" + "),
            Shown(expected),
            verdict(ok),
            Shown(total),
            blank_note(parts.iter().filter(|v| v.is_none()).count())
        ),
    });
}

/// 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, per review group.
fn group_sum(stats: &Stats, group: &str, label: &str, checks: &mut Vec<Check>) {
    let get = |outcome: &str| stats.get(review_key(group, outcome)).map(|n| n.0);
    let Some(total) = get("total") else { return };
    let parts: Vec<(&str, Option<f64>)> = REVIEW_OUTCOMES[..4]
        .iter()
        .map(|(o, l)| (*l, get(o)))
        .collect();
    if parts.iter().all(|(_, v)| v.is_none()) {
        return;
    }
    let expected: f64 = parts.iter().filter_map(|(_, v)| *v).sum();
    let ok = same(expected, total);
    let terms: Vec<String> = parts
        .iter()
        .filter_map(|(l, v)| v.map(|v| format!("{l} {}", Shown(v))))
        .collect();
    checks.push(Check {
        rule: "reviews.group_sum".into(),
        row: None,
        column: Some(group.into()),
        ok,
        expected: Number(expected),
        found: Number(total),
        message: format!(
            "{label}: {} = {}, {} 总计 says {}{}",
            terms.join(" + "),
            Shown(expected),
            verdict(ok),
            Shown(total),
            blank_note(parts.iter().filter(|(_, v)| v.is_none()).count())
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(pairs: &[(&str, f64)]) -> Stats {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Number(*v)))
            .collect()
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
        let checks = run(&s, "2021");
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
        let checks = run(&s, "2021");
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
            "applications.result.partially_disclosed.total".into(),
            Number(2.0),
        );
        assert!(run(&s, "2021").iter().all(|c| c.ok));
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
        let checks = run(&s, "2021");
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
        let check = run(&s, "2021")
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
        for template in ["2019", "2021"] {
            let check = run(&s, template)
                .into_iter()
                .find(|c| c.rule == "applications.result_sum")
                .unwrap();
            assert!(check.ok, "{template}: {}", check.message);
        }
    }

    #[test]
    fn missing_figures_run_no_check() {
        assert!(run(&stats(&[("applications.new_received.total", 0.0)]), "2021").is_empty());
    }
}
