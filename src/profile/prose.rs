//! The figures a report's text states, against its tables (rule
//! `prose.figure`): each statement a paragraph makes of a figure the
//! template's tables also give (`本年共收到政府信息公开申请8件`, `上年结转2件`,
//! `未发生行政复议`) is compared with the table's figure. A statistic is
//! never changed by what the text says.
//!
//! The comparison is passed when the two agree, failed when they differ
//! and the statement's scope is certainly the table's, uncertain when its
//! scope is unclear (the cues of [`statements`]) or the table's figure was
//! recovered rather than read (`profile.uncertain`), and not assessable
//! when the table gives no figure for it. A statement of a figure the
//! report's template has no cell for (主动公开 N条 in all) gives nothing.
//! The text is read once, paragraph by paragraph, with the headings it
//! stands under; a statement repeated word for word (a paragraph pasted
//! twice) is compared once.

mod numerals;
mod statements;

use super::checks::Facts;
use super::collect::Shown;
use super::figures::Lookup;
use super::keys::{
    ApplicantColumn, ApplicationRow, ProactiveCell, ProactiveMeasure, ReviewGroup, ReviewOutcome,
    StatKey,
};
use super::template::Template;
use crate::model::{Block, Check, CheckState, Number, Unassessed, ValueKind};
use statements::{Action, Setting, Statement, Target};

/// The rule's name in `profile.checks` and `profile.unassessed`.
pub const RULE: &str = "prose.figure";

/// Compares every statement of the text's paragraphs and list items with
/// the tables, appending the comparisons to `checks` and the ones that
/// cannot be assessed to `unassessed`.
pub fn compare(
    blocks: &[Block],
    facts: Facts<'_>,
    year: Option<i32>,
    checks: &mut Vec<Check>,
    unassessed: &mut Vec<Unassessed>,
) {
    let mut section = "";
    let mut seen: Vec<(Target, u64, String)> = Vec::new();
    let mut read = |text: &str, headings: &str| {
        let setting = Setting { headings, year };
        for statement in statements::statements(text, setting) {
            let key = (
                statement.target,
                statement.value.to_bits(),
                statement.stated.clone(),
            );
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            match outcome(&statement, facts) {
                Some(Ok(check)) => checks.push(check),
                Some(Err(not)) => unassessed.push(not),
                None => {}
            }
        }
    };
    // The section heading and the last heading below it.
    let mut headings = String::new();
    for block in blocks {
        match block {
            Block::Heading(h) if h.level <= 1 => {
                section = h.text.as_str();
                headings = section.to_string();
            }
            Block::Heading(h) => headings = format!("{section} {}", h.text),
            Block::Paragraph(p) => read(&p.text, &headings),
            Block::List(list) => {
                for item in &list.items {
                    read(&item.text, &headings);
                }
            }
            _ => {}
        }
    }
}

/// The table's figures a target is compared with, under the report's
/// template; `None` when the template has no cell for it.
fn table_keys(target: Target, template: Template) -> Option<Vec<StatKey>> {
    let application = |row| vec![StatKey::Application(row, ApplicantColumn::Total)];
    let review = |group| StatKey::Review(group, ReviewOutcome::Total);
    Some(match target {
        Target::NewReceived => application(ApplicationRow::NewReceived),
        Target::CarriedOver => application(ApplicationRow::CarriedOver),
        Target::Handled => application(ApplicationRow::Total),
        Target::CarriedForward => application(ApplicationRow::CarriedForward),
        Target::AdministrativeReview => vec![review(ReviewGroup::AdministrativeReview)],
        Target::Litigation => vec![
            review(ReviewGroup::LitigationDirect),
            review(ReviewGroup::LitigationAfterReview),
        ],
        Target::LitigationDirect => vec![review(ReviewGroup::LitigationDirect)],
        Target::LitigationAfterReview => vec![review(ReviewGroup::LitigationAfterReview)],
        Target::Documents(item, action) => {
            let measure = document_measure(action, template)?;
            let key = StatKey::Proactive(ProactiveCell::new(item, measure).ok()?);
            if !key.in_template(template) {
                return None;
            }
            vec![key]
        }
    })
}

/// The proactive table's column for what a sentence says was done with
/// 规章 or 规范性文件: the 2021 template counts documents issued,
/// repealed and in force; the 2019 template documents made and published.
fn document_measure(action: Action, template: Template) -> Option<ProactiveMeasure> {
    match (template, action) {
        (Template::Y2021, Action::Made) => Some(ProactiveMeasure::Issued),
        (Template::Y2021, Action::Repealed) => Some(ProactiveMeasure::Repealed),
        (Template::Y2021, Action::InForce) => Some(ProactiveMeasure::InForce),
        (Template::Y2019, Action::Made) => Some(ProactiveMeasure::NewMade),
        (Template::Y2019, Action::Published) => Some(ProactiveMeasure::NewPublished),
        _ => None,
    }
}

/// `row` and `column` of the comparison: the application row and `total`,
/// the review group (`litigation` for both litigation groups), or the
/// proactive item and measure.
fn place(target: Target, keys: &[StatKey]) -> (Option<String>, Option<String>) {
    match (target, keys) {
        (Target::Litigation, _) => (None, Some("litigation".into())),
        (_, [StatKey::Application(row, column)]) => {
            (Some(row.key().into()), Some(column.key().into()))
        }
        (_, [StatKey::Review(group, _)]) => (None, Some(group.key().into())),
        (_, [StatKey::Proactive(cell)]) => (
            Some(cell.item().key().into()),
            Some(cell.measure().key().into()),
        ),
        _ => (None, None),
    }
}

/// The table's words for the figures compared:
/// `一、本年新收政府信息公开申请数量 总计`.
fn table_label(keys: &[StatKey]) -> String {
    keys.iter()
        .map(|key| format!("{} {}", key.row_label(), key.column_label()))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The comparison of one statement: a check, what it lacks, or nothing
/// when the template has no cell for it.
fn outcome(statement: &Statement, facts: Facts<'_>) -> Option<Result<Check, Unassessed>> {
    let keys = table_keys(statement.target, facts.template)?;
    let (row, column) = place(statement.target, &keys);
    let names: Vec<String> = keys.iter().map(|k| k.as_str().to_string()).collect();
    let label = table_label(&keys);
    let mut figures = Vec::new();
    let mut missing = Vec::new();
    for &key in &keys {
        match facts.figures.lookup(key, facts.template) {
            Lookup::Stated(value) => figures.push(value),
            _ => missing.push(key),
        }
    }
    if !missing.is_empty() {
        let why: Vec<String> = missing
            .iter()
            .map(|key| match facts.not_numbers.get(key) {
                Some(cell) if cell.kind == ValueKind::Empty => format!("{key} is printed empty"),
                Some(cell) => format!("{key} is printed '{}'", cell.text),
                None => format!("the report states no figure for {key}"),
            })
            .collect();
        return Some(Err(Unassessed {
            rule: RULE.into(),
            row,
            column,
            state: CheckState::NotAssessable,
            missing: missing.iter().map(|k| k.as_str().to_string()).collect(),
            message: format!(
                "正文: {}; 表格 {label}: {}",
                statement.stated,
                why.join(", ")
            ),
        }));
    }
    let table: f64 = figures.iter().sum();
    let ok = (table - statement.value).abs() < 1e-9;
    let shown_table = if figures.len() > 1 {
        let parts: Vec<String> = figures.iter().map(|v| Shown(*v).to_string()).collect();
        format!("{} = {}", parts.join(" + "), Shown(table))
    } else {
        Shown(table).to_string()
    };
    let recovered = keys
        .iter()
        .find_map(|key| facts.uncertain.get(key).map(|doubt| (key, doubt)));
    let doubt = match (recovered, &statement.doubt) {
        (Some((key, how)), _) => Some(format!(
            "the table's {key} was recovered ({})",
            how.as_str()
        )),
        (None, Some(cue)) => Some(format!("scope unclear: {cue}")),
        (None, None) if !ok => with_carried_over(statement, table, facts),
        (None, None) => None,
    };
    let state = match (&doubt, ok) {
        (Some(_), _) => CheckState::Uncertain,
        (None, true) => CheckState::Passed,
        (None, false) => CheckState::Failed,
    };
    let mut message = format!("正文: {}; 表格 {label} {shown_table}", statement.stated);
    if let Some(doubt) = doubt {
        message.push_str(&format!(" ({doubt})"));
    }
    Some(Ok(Check {
        rule: RULE.into(),
        row,
        column,
        ok,
        state,
        expected: Number(table),
        found: Number(statement.value),
        message,
        keys: names,
        counted_as_zero: Vec::new(),
        quote: Some(statement.quote.clone()),
    }))
}

/// Why a count of applications 受理 that differs from 本年新收 is no
/// finding: it does not say the applications were new, and it equals
/// 本年新收 + 上年结转, the applications taken up in the year.
fn with_carried_over(statement: &Statement, new_received: f64, facts: Facts<'_>) -> Option<String> {
    if !statement.may_include_carried_over {
        return None;
    }
    let key = StatKey::Application(ApplicationRow::CarriedOver, ApplicantColumn::Total);
    let Lookup::Stated(carried_over) = facts.figures.lookup(key, facts.template) else {
        return None;
    };
    (carried_over > 0.0 && (new_received + carried_over - statement.value).abs() < 1e-9).then(|| {
        format!(
            "scope unclear: 受理 does not say the applications were new, and {} = {} new + {} carried over ({key})",
            Shown(statement.value),
            Shown(new_received),
            Shown(carried_over)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Doubt, Heading, NotANumber, Paragraph};
    use crate::profile::figures::Figures;
    use std::collections::BTreeMap;

    fn key(text: &str) -> StatKey {
        text.parse().expect("a statistics key")
    }

    /// A report's tables: new 6, carried over 2, handled 8, forward 0, no
    /// reviews; litigation after review printed `/`.
    fn figures() -> Figures {
        let mut figures = Figures::default();
        for (name, value) in [
            ("applications.new_received.total", 6.0),
            ("applications.carried_over.total", 2.0),
            ("applications.result.total.total", 8.0),
            ("applications.carried_forward.total", 0.0),
            ("reviews.administrative_review.total", 0.0),
            ("reviews.litigation_direct.total", 1.0),
        ] {
            figures.insert(key(name), Number(value));
        }
        figures
    }

    struct Run {
        checks: Vec<Check>,
        unassessed: Vec<Unassessed>,
    }

    fn run(text: &str, uncertain: &BTreeMap<StatKey, Doubt>, template: Template) -> Run {
        let figures = figures();
        let not_numbers = BTreeMap::from([(
            key("reviews.litigation_after_review.total"),
            NotANumber {
                kind: ValueKind::Slash,
                text: "/".into(),
            },
        )]);
        let facts = Facts {
            figures: &figures,
            not_numbers: &not_numbers,
            uncertain,
            template,
        };
        let blocks = vec![
            Block::Heading(Heading::new(
                1,
                None,
                "收到和处理政府信息公开申请情况",
                None,
            )),
            Block::Paragraph(Paragraph::new(text, None)),
        ];
        let (mut checks, mut unassessed) = (Vec::new(), Vec::new());
        compare(&blocks, facts, Some(2022), &mut checks, &mut unassessed);
        Run { checks, unassessed }
    }

    fn states(text: &str) -> Vec<(Option<String>, Option<String>, CheckState)> {
        let run = run(text, &BTreeMap::new(), Template::Y2021);
        run.checks
            .iter()
            .map(|c| (c.row.clone(), c.column.clone(), c.state))
            .chain(
                run.unassessed
                    .iter()
                    .map(|u| (u.row.clone(), u.column.clone(), u.state)),
            )
            .collect()
    }

    fn row(row: &str) -> Option<String> {
        Some(row.to_string())
    }

    #[test]
    fn equal_figures_pass() {
        let run = run(
            "本年共收到政府信息公开申请6件，上年结转2件。",
            &BTreeMap::new(),
            Template::Y2021,
        );
        let check = &run.checks[0];
        assert_eq!(check.rule, RULE);
        assert_eq!(check.state, CheckState::Passed);
        assert_eq!(check.row, row("new_received"));
        assert_eq!(check.column, row("total"));
        assert_eq!(check.expected, Number(6.0));
        assert_eq!(check.found, Number(6.0));
        assert_eq!(check.keys, ["applications.new_received.total"]);
        assert_eq!(
            check.message,
            "正文: 本年共收到政府信息公开申请6件; 表格 一、本年新收政府信息公开申请数量 总计 6"
        );
        assert_eq!(
            check.quote.as_deref(),
            Some("本年共收到政府信息公开申请6件，上年结转2件")
        );
        assert_eq!(run.checks[1].row, row("carried_over"));
        assert_eq!(run.checks[1].state, CheckState::Passed);
    }

    #[test]
    fn taken_up_may_count_the_carried_over_applications() {
        // The tables: 6 new, 2 carried over. `受理 8` is 6 + 2; `收到 8`
        // is not (the carried-over ones were received the year before),
        // nor is `新受理 8`, nor `受理 9`.
        let run = run(
            "本年共受理政府信息公开申请8件。",
            &BTreeMap::new(),
            Template::Y2021,
        );
        let check = &run.checks[0];
        assert_eq!(check.state, CheckState::Uncertain);
        assert_eq!((check.expected, check.found), (Number(6.0), Number(8.0)));
        assert!(
            check
                .message
                .ends_with("(scope unclear: 受理 does not say the applications were new, and 8 = 6 new + 2 carried over (applications.carried_over.total))"),
            "{}",
            check.message
        );
        for failed in [
            "本年共收到政府信息公开申请8件。",
            "本年新受理政府信息公开申请8件。",
            "本年共受理政府信息公开申请9件。",
        ] {
            assert_eq!(
                states(failed),
                [(row("new_received"), row("total"), CheckState::Failed)],
                "{failed}"
            );
        }
        assert_eq!(
            states("本年共受理政府信息公开申请6件。"),
            [(row("new_received"), row("total"), CheckState::Passed)]
        );
    }

    #[test]
    fn different_figures_fail_when_the_scope_is_the_tables() {
        let run = run(
            "本年共收到政府信息公开申请8件。",
            &BTreeMap::new(),
            Template::Y2021,
        );
        let check = &run.checks[0];
        assert_eq!(check.state, CheckState::Failed);
        assert!(!check.ok);
        assert_eq!((check.expected, check.found), (Number(6.0), Number(8.0)));
        assert_eq!(
            check.message,
            "正文: 本年共收到政府信息公开申请8件; 表格 一、本年新收政府信息公开申请数量 总计 6"
        );
    }

    #[test]
    fn an_unclear_scope_or_a_recovered_figure_is_uncertain() {
        assert_eq!(
            states("本年共收到政府信息公开申请8件，其中，网上收到申请5件。"),
            [
                (row("new_received"), row("total"), CheckState::Failed),
                (row("new_received"), row("total"), CheckState::Uncertain),
            ]
        );
        let recovered = BTreeMap::from([(
            key("applications.new_received.total"),
            Doubt::RunTogetherSplit,
        )]);
        let run = run(
            "本年共收到政府信息公开申请6件。",
            &recovered,
            Template::Y2021,
        );
        assert_eq!(run.checks[0].state, CheckState::Uncertain);
        assert!(run.checks[0].message.ends_with(
            "(the table's applications.new_received.total was recovered (run_together_split))"
        ));
    }

    #[test]
    fn a_figure_the_table_lacks_is_not_assessable() {
        let run = run(
            "发生政府信息公开行政复议0起，行政诉讼1起，复议后起诉0起。",
            &BTreeMap::new(),
            Template::Y2021,
        );
        assert_eq!(run.checks.len(), 1);
        assert_eq!(run.checks[0].column, row("administrative_review"));
        assert_eq!(run.checks[0].state, CheckState::Passed);
        let missing: Vec<(&Option<String>, &[String])> = run
            .unassessed
            .iter()
            .map(|u| (&u.column, u.missing.as_slice()))
            .collect();
        let after_review = ["reviews.litigation_after_review.total".to_string()];
        assert_eq!(
            missing,
            [
                (&row("litigation"), &after_review[..]),
                (&row("litigation_after_review"), &after_review[..]),
            ]
        );
        assert!(run.unassessed[0].message.ends_with("is printed '/'"));
    }

    #[test]
    fn documents_are_compared_under_their_template_only() {
        // The 2021 template counts documents issued; the report gives no
        // figure for them here. Published documents are no 2021 figure.
        assert_eq!(
            states("本年度制发行政规范性文件3件，主动公开规范性文件5件。"),
            [(
                row("normative_documents"),
                row("issued"),
                CheckState::NotAssessable
            )]
        );
        let run = run(
            "本年度主动公开规范性文件5件。",
            &BTreeMap::new(),
            Template::Y2019,
        );
        assert_eq!(
            run.unassessed[0].missing,
            ["proactive.normative_documents.new_published"]
        );
    }

    #[test]
    fn a_statement_repeated_is_compared_once() {
        let text = "本年共收到政府信息公开申请6件。本年共收到政府信息公开申请6件。";
        assert_eq!(states(text).len(), 1);
    }
}
