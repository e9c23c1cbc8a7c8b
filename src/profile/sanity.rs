//! The plausibility of the proactive-disclosure table's single figures
//! (二、主动公开政府信息情况): counts that are negative or not whole, fee
//! amounts of implausible precision or in the wrong unit, and figures in a
//! row or column the template does not have. Each rule ends in a
//! [`DocumentCheck`] with its state; none changes a figure.

use super::collect::{ProactiveSeen, Shown};
use super::figures::{Figures, Lookup};
use super::keys::{ProactiveMeasure, StatKey, StatTable};
use super::template::Template;
use crate::model::{CheckState, DocumentCheck};

const SIGN: &str = "proactive.sign";
const WHOLE: &str = "proactive.whole_number";
const FEE_SCALE: &str = "proactive.fee_scale";
const OUTSIDE: &str = "proactive.row_not_in_template";

/// Fee amounts are printed in 万元; a figure finer than this (one 元) is
/// not a sum of fees anyone collects.
const FINEST_AMOUNT: f64 = 1e-4;
/// An amount in 万元 this large (100 million 元) is most likely in 元.
const LARGEST_PLAUSIBLE_AMOUNT: f64 = 10_000.0;

/// The four rules, in this order: sign, whole numbers, fee scale, rows
/// outside the template.
pub fn check(figures: &Figures, template: Template, seen: &ProactiveSeen) -> Vec<DocumentCheck> {
    let stated: Vec<(StatKey, f64)> = figures
        .iter()
        .filter(|(key, _)| key.table() == StatTable::Proactive)
        .map(|(key, number)| (key, number.0))
        .collect();
    if stated.is_empty() {
        let why = if seen.read {
            "the proactive-disclosure table states no figure"
        } else {
            "the report has no proactive-disclosure table"
        };
        return [SIGN, WHOLE, FEE_SCALE, OUTSIDE]
            .into_iter()
            .map(|rule| outcome(rule, CheckState::NotAssessable, why.to_string(), Vec::new()))
            .collect();
    }
    vec![
        sign(&stated),
        whole_numbers(&stated),
        fee_scale(&stated, seen),
        outside_template(figures, template, seen),
    ]
}

fn outcome(rule: &str, state: CheckState, message: String, keys: Vec<StatKey>) -> DocumentCheck {
    DocumentCheck::new(rule, state, message)
        .reading(keys.iter().map(|key| key.as_str().to_string()).collect())
}

/// The measures that count something; `本年增/减` (a change) may be below
/// zero, and amounts are money.
fn is_count(key: StatKey) -> bool {
    match key {
        StatKey::Proactive(cell) => !matches!(
            cell.measure(),
            ProactiveMeasure::Change | ProactiveMeasure::Amount
        ),
        _ => false,
    }
}

fn is_amount(key: StatKey) -> bool {
    matches!(key, StatKey::Proactive(cell) if cell.measure() == ProactiveMeasure::Amount)
}

/// "key 3, key 4" for a message.
fn listed(figures: &[(StatKey, f64)]) -> String {
    figures
        .iter()
        .map(|(key, value)| format!("{key} {}", Shown(*value)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// No count and no amount is below zero.
fn sign(stated: &[(StatKey, f64)]) -> DocumentCheck {
    let negative: Vec<(StatKey, f64)> = stated
        .iter()
        .copied()
        .filter(|&(key, value)| value < 0.0 && (is_count(key) || is_amount(key)))
        .collect();
    if negative.is_empty() {
        return outcome(
            SIGN,
            CheckState::Passed,
            format!(
                "no count or amount of the {} figures is negative",
                stated.len()
            ),
            Vec::new(),
        );
    }
    outcome(
        SIGN,
        CheckState::Failed,
        format!(
            "negative where only a count or an amount can stand: {}",
            listed(&negative)
        ),
        negative.iter().map(|(key, _)| *key).collect(),
    )
}

/// Counts (of documents, decisions, items) are whole numbers.
fn whole_numbers(stated: &[(StatKey, f64)]) -> DocumentCheck {
    let counts = stated.iter().filter(|(key, _)| is_count(*key)).count();
    let broken: Vec<(StatKey, f64)> = stated
        .iter()
        .copied()
        .filter(|&(key, value)| is_count(key) && value.fract() != 0.0)
        .collect();
    if counts == 0 {
        return outcome(
            WHOLE,
            CheckState::NotAssessable,
            "the proactive-disclosure table states no count".to_string(),
            Vec::new(),
        );
    }
    if broken.is_empty() {
        return outcome(
            WHOLE,
            CheckState::Passed,
            format!("all {counts} counts are whole numbers"),
            Vec::new(),
        );
    }
    outcome(
        WHOLE,
        CheckState::Failed,
        format!("a count that is not a whole number: {}", listed(&broken)),
        broken.iter().map(|(key, _)| *key).collect(),
    )
}

/// The template prints amounts in 万元: a column headed in 元, an amount
/// finer than one 元, or one of a hundred million 元 and more (most likely
/// written in 元) is out of scale.
fn fee_scale(stated: &[(StatKey, f64)], seen: &ProactiveSeen) -> DocumentCheck {
    let amounts: Vec<(StatKey, f64)> = stated
        .iter()
        .copied()
        .filter(|&(key, _)| is_amount(key))
        .collect();
    if amounts.is_empty() {
        return outcome(
            FEE_SCALE,
            CheckState::NotAssessable,
            "the proactive-disclosure table states no amount".to_string(),
            Vec::new(),
        );
    }
    let keys = amounts.iter().map(|(key, _)| *key).collect();
    // Headed in 元: out of the template's unit, which matters once an
    // amount is not 0.
    if let Some(header) = &seen.amount_header
        && header.contains('元')
        && !header.contains("万元")
        && amounts.iter().any(|(_, value)| *value != 0.0)
    {
        return outcome(
            FEE_SCALE,
            CheckState::Failed,
            format!(
                "the amount is headed '{header}', in 元 where the template asks for 万元: {}",
                listed(&amounts)
            ),
            keys,
        )
        .quoting(Some(header.clone()));
    }
    let too_fine: Vec<(StatKey, f64)> = amounts
        .iter()
        .copied()
        .filter(|&(_, value)| finer_than(value, FINEST_AMOUNT))
        .collect();
    if !too_fine.is_empty() {
        return outcome(
            FEE_SCALE,
            CheckState::Failed,
            format!("an amount in 万元 finer than one 元: {}", listed(&too_fine)),
            too_fine.iter().map(|(key, _)| *key).collect(),
        );
    }
    let too_large: Vec<(StatKey, f64)> = amounts
        .iter()
        .copied()
        .filter(|&(_, value)| value.abs() >= LARGEST_PLAUSIBLE_AMOUNT)
        .collect();
    if !too_large.is_empty() {
        // Large bodies collect this much; it is a doubt, not a finding.
        return outcome(
            FEE_SCALE,
            CheckState::Uncertain,
            format!(
                "an amount of 100 million 元 or more if in 万元 as the template asks; in 元 it would be {}: {}",
                too_large
                    .iter()
                    .map(|(_, value)| format!("{} 万元", Shown(value / 10_000.0)))
                    .collect::<Vec<_>>()
                    .join(", "),
                listed(&too_large)
            ),
            too_large.iter().map(|(key, _)| *key).collect(),
        );
    }
    outcome(
        FEE_SCALE,
        CheckState::Passed,
        format!("amounts in 万元 of plausible scale: {}", listed(&amounts)),
        keys,
    )
}

/// Whether `value` has digits below `finest` (allowing for the binary
/// representation of decimals).
fn finer_than(value: f64, finest: f64) -> bool {
    let scaled = value.abs() / finest;
    (scaled - scaled.round()).abs() > 1e-6
}

/// Figures in a row or column the template does not have: rows the reader
/// could not name, items under a measure no template gives them, and
/// figures under keys of the other template.
fn outside_template(figures: &Figures, template: Template, seen: &ProactiveSeen) -> DocumentCheck {
    let stray: Vec<(StatKey, f64)> = StatKey::all()
        .filter(|key| key.table() == StatTable::Proactive)
        .filter_map(|key| match figures.lookup(key, template) {
            Lookup::Stray(value) => Some((key, value)),
            _ => None,
        })
        .collect();
    let mut found: Vec<String> = seen.outside_template.clone();
    if !stray.is_empty() {
        found.push(format!(
            "under keys the {template} template does not have: {}",
            listed(&stray)
        ));
    }
    if found.is_empty() {
        return outcome(
            OUTSIDE,
            CheckState::Passed,
            format!("every figure stands in a row and column of the {template} template"),
            Vec::new(),
        );
    }
    outcome(
        OUTSIDE,
        CheckState::Failed,
        format!(
            "figures outside the {template} template's rows: {}",
            found.join("; ")
        ),
        stray.iter().map(|(key, _)| *key).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Number;

    fn figures(pairs: &[(&str, f64)]) -> Figures {
        let mut figures = Figures::default();
        for (key, value) in pairs {
            figures.insert(key.parse().expect("a key"), Number(*value));
        }
        figures
    }

    fn run(pairs: &[(&str, f64)], seen: &ProactiveSeen) -> Vec<(String, CheckState)> {
        check(&figures(pairs), Template::Y2021, seen)
            .into_iter()
            .map(|c| (c.rule, c.state))
            .collect()
    }

    fn state_of(pairs: &[(&str, f64)], seen: &ProactiveSeen, rule: &str) -> DocumentCheck {
        check(&figures(pairs), Template::Y2021, seen)
            .into_iter()
            .find(|c| c.rule == rule)
            .expect("the rule ran")
    }

    const SOUND: [(&str, f64); 4] = [
        ("proactive.rules.issued", 2.0),
        ("proactive.rules.in_force", 14.0),
        ("proactive.licensing.decisions", 356.0),
        ("proactive.fees.amount", 12.35),
    ];

    #[test]
    fn a_sound_table_passes_every_rule() {
        let seen = ProactiveSeen {
            read: true,
            amount_header: Some("本年收费金额(单位:万元)".into()),
            outside_template: Vec::new(),
        };
        assert!(
            run(&SOUND, &seen)
                .iter()
                .all(|(_, state)| *state == CheckState::Passed),
            "{:?}",
            run(&SOUND, &seen)
        );
    }

    #[test]
    fn negative_and_fractional_counts_fail() {
        let seen = ProactiveSeen::default();
        let mut pairs = SOUND.to_vec();
        pairs.push(("proactive.penalty.decisions", -3.0));
        pairs.push(("proactive.enforcement.decisions", 2.5));
        let sign = state_of(&pairs, &seen, SIGN);
        assert_eq!(sign.state, CheckState::Failed);
        assert_eq!(
            sign.message,
            "negative where only a count or an amount can stand: proactive.penalty.decisions -3"
        );
        assert_eq!(sign.keys, ["proactive.penalty.decisions"]);
        let whole = state_of(&pairs, &seen, WHOLE);
        assert_eq!(whole.state, CheckState::Failed);
        assert_eq!(whole.keys, ["proactive.enforcement.decisions"]);
        // The 2019 template's 本年增/减 may be negative.
        let change = [("proactive.licensing.change", -2.0)];
        assert_eq!(state_of(&change, &seen, SIGN).state, CheckState::Passed);
    }

    #[test]
    fn fee_amounts_out_of_scale() {
        let seen = ProactiveSeen::default();
        let fee = |value| [("proactive.fees.amount", value)];
        assert_eq!(
            state_of(&fee(3.5), &seen, FEE_SCALE).state,
            CheckState::Passed
        );
        assert_eq!(
            state_of(&fee(0.0001), &seen, FEE_SCALE).state,
            CheckState::Passed
        );
        let fine = state_of(&fee(1.234567), &seen, FEE_SCALE);
        assert_eq!(fine.state, CheckState::Failed);
        assert_eq!(
            fine.message,
            "an amount in 万元 finer than one 元: proactive.fees.amount 1.234567"
        );
        let large = state_of(&fee(35000.0), &seen, FEE_SCALE);
        assert_eq!(large.state, CheckState::Uncertain);
        assert!(
            large.message.contains("in 元 it would be 3.5 万元"),
            "{}",
            large.message
        );
        let in_yuan = ProactiveSeen {
            amount_header: Some("本年收费金额（单位：元）".into()),
            ..ProactiveSeen::default()
        };
        let unit = state_of(&fee(350.0), &in_yuan, FEE_SCALE);
        assert_eq!(unit.state, CheckState::Failed);
        assert_eq!(unit.quote.as_deref(), Some("本年收费金额（单位：元）"));
        // 0 is 0 in either unit.
        assert_eq!(
            state_of(&fee(0.0), &in_yuan, FEE_SCALE).state,
            CheckState::Passed
        );
    }

    #[test]
    fn figures_outside_the_template_fail() {
        let seen = ProactiveSeen {
            read: true,
            amount_header: None,
            outside_template: vec!["'行政确认' 12".into()],
        };
        let outside = state_of(&SOUND, &seen, OUTSIDE);
        assert_eq!(outside.state, CheckState::Failed);
        assert_eq!(
            outside.message,
            "figures outside the 2021 template's rows: '行政确认' 12"
        );
        // A 2019 column in a 2021 report.
        let mut pairs = SOUND.to_vec();
        pairs.push(("proactive.rules.new_made", 1.0));
        let stray = state_of(&pairs, &ProactiveSeen::default(), OUTSIDE);
        assert_eq!(stray.state, CheckState::Failed);
        assert_eq!(stray.keys, ["proactive.rules.new_made"]);
    }

    #[test]
    fn no_table_is_not_assessable() {
        let states = run(&[], &ProactiveSeen::default());
        assert_eq!(states.len(), 4);
        assert!(states.iter().all(|(_, s)| *s == CheckState::NotAssessable));
    }
}
