//! Recovers the figures of application rows whose cells an export joined
//! with no separator at all: `一、本年新收政府信息公开申请数量21710000218`
//! stands for 217, 1, 0, 0, 0, 0, 218.
//!
//! The template's arithmetic decides: the six applicant columns sum to the
//! total. Where exactly one split of the digits satisfies it, the figures
//! are recovered and the split is reported; where several do, the row gets
//! no figures and a diagnostic says so. A list number can stick to the
//! digits before it (`…40000042.其他法律…` is 4,0,0,0,0,0,4 and then the
//! label `2.其他法律…`): the digits before a `.`/`、` that opens the next
//! label are tried as its numbering.

use super::applications::RowContext;
use super::collect::Collector;
use super::keys::{ApplicantColumn, StatKey};
use crate::model::{DiagnosticCode, Doubt, Number, Origin};

/// Rows with more digits than this are not split (no real row comes near).
const MAX_DIGITS: usize = 40;

/// The digits at the end of a label, when there are enough for a row's
/// seven figures.
pub fn trailing_digits(label: &str) -> Option<&str> {
    let trimmed = label.trim_end();
    let start = trimmed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let digits = &trimmed[start..];
    (digits.len() >= ApplicantColumn::COUNT && start > 0).then_some(digits)
}

/// How a run of digits splits into six applicant figures and their total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    One(Vec<u64>),
    Many(usize),
    None,
}

pub fn split_seven(digits: &str) -> Split {
    if digits.is_empty() || digits.len() > MAX_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Split::None;
    }
    let mut found = Vec::new();
    let mut count = 0;
    let mut parts = Vec::with_capacity(7);
    search(digits.as_bytes(), &mut parts, &mut found, &mut count);
    match count {
        0 => Split::None,
        1 => Split::One(found),
        n => Split::Many(n),
    }
}

fn search(rest: &[u8], parts: &mut Vec<u64>, found: &mut Vec<u64>, count: &mut usize) {
    let slots_left = 7 - parts.len();
    if slots_left == 1 {
        if let Some(total) = parse_part(rest)
            && parts.iter().sum::<u64>() == total
        {
            *count += 1;
            if *count == 1 {
                *found = parts.clone();
                found.push(total);
            }
        }
        return;
    }
    // Leave at least one digit for every part still to come.
    for len in 1..=rest.len().saturating_sub(slots_left - 1) {
        let Some(value) = parse_part(&rest[..len]) else {
            break;
        };
        parts.push(value);
        search(&rest[len..], parts, found, count);
        parts.pop();
    }
}

/// A figure as printed: no leading zero unless it is `0`.
fn parse_part(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') || digits.len() > 18 {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// A label and the digits that followed it on a run-together line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    label: String,
    digits: String,
}

/// Reads a line of run-together application rows and records what the
/// arithmetic recovers.
pub fn read_line(
    text: &str,
    context: &mut RowContext,
    out: &mut Collector,
    origin: Option<&Origin>,
) {
    if let Some(rows) = spaced_rows(text) {
        for (labels, figures) in rows {
            read_spaced_row(&labels, &figures, context, out, origin);
        }
        return;
    }
    for segment in segments(text) {
        let row = context.row_of(&[segment.label.as_str()]);
        if segment.digits.is_empty() {
            // A group label such as `(三)不予公开`: it only sets the context.
            continue;
        }
        let Some(row) = row else {
            out.note(
                DiagnosticCode::StatisticRowUnknown,
                format!(
                    "'{}{}': the label matches no row of the application table; its figures are not recorded",
                    segment.label, segment.digits
                ),
                origin,
            );
            continue;
        };
        match split_seven(&segment.digits) {
            Split::One(values) => {
                for (&column, value) in ApplicantColumn::ALL.iter().zip(&values) {
                    let key = StatKey::Application(row, column);
                    if out.number(key, Number(*value as f64), origin, None) {
                        out.doubt(key, Doubt::RunTogetherSplit);
                    }
                }
                let shown: Vec<String> = values.iter().map(u64::to_string).collect();
                out.note(
                    DiagnosticCode::RunTogetherSplit,
                    format!(
                        "'{}{}': figures joined without separators read as {} (the only split whose applicant columns add up to the total)",
                        segment.label,
                        segment.digits,
                        shown.join(", ")
                    ),
                    origin,
                );
            }
            Split::Many(n) => out.note(
                DiagnosticCode::RunTogetherAmbiguous,
                format!(
                    "'{}{}': {n} ways to split the joined figures add up; no figures recorded for {row}",
                    segment.label, segment.digits
                ),
                origin,
            ),
            Split::None => out.note(
                DiagnosticCode::RunTogetherUnsplittable,
                format!(
                    "'{}{}': no split of the joined figures adds up; no figures recorded for {row}",
                    segment.label, segment.digits
                ),
                origin,
            ),
        }
    }
}

/// Rows whose figures stand apart, a space between each (a page's table
/// read as text): each row's label words and the figures after them. `None`
/// when no label is followed by two or more such figures (figures joined
/// without separators, or prose).
pub fn spaced_rows(text: &str) -> Option<Vec<(Vec<&str>, Vec<&str>)>> {
    let mut rows: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    let mut figures: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        if Number::parse(word).is_some() {
            figures.push(word);
            continue;
        }
        if !figures.is_empty() {
            rows.push((std::mem::take(&mut labels), std::mem::take(&mut figures)));
        }
        labels.push(word);
    }
    rows.push((labels, figures));
    rows.iter()
        .any(|(labels, figures)| !labels.is_empty() && figures.len() >= 2)
        .then_some(rows)
}

/// One application row from spaced text: seven figures stand in the
/// template's columns; fewer are placed by the row's sum (see
/// `placement`), and figures left undecided are not recorded.
fn read_spaced_row(
    labels: &[&str],
    figures: &[&str],
    context: &mut RowContext,
    out: &mut Collector,
    origin: Option<&Origin>,
) {
    if labels.is_empty() {
        return;
    }
    let row = context.row_of(labels);
    if figures.is_empty() {
        return;
    }
    let Some(row) = row else {
        out.note(
            DiagnosticCode::StatisticRowUnknown,
            format!(
                "'{} {}': the label matches no row of the application table; its figures are not recorded",
                labels.join(" "),
                figures.join(" ")
            ),
            origin,
        );
        return;
    };
    let placed = super::placement::place(
        figures,
        ApplicantColumn::COUNT,
        super::placement::application_row_sum,
    );
    if !matches!(
        placed.how,
        super::placement::How::Only | super::placement::How::Confirmed
    ) {
        out.note(
            DiagnosticCode::StatisticPlacementUncertain,
            format!(
                "'{} {}': {} figures for the template's seven columns, placed no way the row's sum confirms; only the figures every placement agrees on were recorded",
                labels.join(" "),
                figures.join(" "),
                figures.len()
            ),
            origin,
        );
    }
    for ((&column, text), &by_sum) in ApplicantColumn::ALL
        .iter()
        .zip(&placed.slots)
        .zip(&placed.by_sum)
    {
        let key = StatKey::Application(row, column);
        if let Some(text) = text
            && out.cell(key, text, None, origin, None)
            && by_sum
        {
            out.doubt(key, Doubt::PlacedBySum);
        }
    }
}

/// Splits a line into labels and the digit runs after them, giving the
/// trailing digit of a run to the next label when that label opens with a
/// list number (`2.`) and the rest still splits.
fn segments(text: &str) -> Vec<Segment> {
    // Alternating runs of non-digits and digits.
    let mut runs: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    let mut digit = None;
    for (i, c) in text.char_indices() {
        let is_digit = c.is_ascii_digit();
        if digit.is_some_and(|d| d != is_digit) {
            runs.push((digit.unwrap_or(false), &text[start..i]));
            start = i;
        }
        digit = Some(is_digit);
    }
    if start < text.len() {
        runs.push((digit.unwrap_or(false), &text[start..]));
    }

    let mut segments: Vec<Segment> = Vec::new();
    let mut label = String::new();
    let mut i = 0;
    while i < runs.len() {
        let (is_digit, run) = runs[i];
        if !is_digit {
            label.push_str(run);
            i += 1;
            continue;
        }
        let next_opens_list = runs
            .get(i + 1)
            .is_some_and(|(_, next)| next.starts_with(['.', '、', '．']));
        if !next_opens_list {
            segments.push(Segment {
                label: std::mem::take(&mut label),
                digits: run.to_string(),
            });
            i += 1;
            continue;
        }
        // The run ends with the next label's list number.
        let numbering_len = if label.trim().is_empty() {
            run.len()
        } else {
            numbering_length(run)
        };
        let (figures, number) = run.split_at(run.len() - numbering_len);
        if !label.trim().is_empty() {
            segments.push(Segment {
                label: std::mem::take(&mut label),
                digits: figures.to_string(),
            });
        }
        label.push_str(number);
        i += 1;
    }
    if !label.trim().is_empty() {
        segments.push(Segment {
            label,
            digits: String::new(),
        });
    }
    segments
}

/// How many trailing digits of a run are the next label's list number: one,
/// unless only two leave figures that split.
fn numbering_length(run: &str) -> usize {
    if run.len() < 2 {
        return run.len();
    }
    let one = split_seven(&run[..run.len() - 1]);
    if matches!(one, Split::One(_)) || run.len() < 3 {
        return 1;
    }
    match split_seven(&run[..run.len() - 2]) {
        Split::One(_) => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_when_the_arithmetic_allows_one_reading() {
        assert_eq!(
            split_seven("21710000218"),
            Split::One(vec![217, 1, 0, 0, 0, 0, 218])
        );
        assert_eq!(
            split_seven("4000004"),
            Split::One(vec![4, 0, 0, 0, 0, 0, 4])
        );
        assert_eq!(split_seven("0000000"), Split::One(vec![0; 7]));
        assert!(matches!(
            split_seven("11000002"),
            Split::None | Split::Many(_)
        ));
        assert!(matches!(split_seven("1111111111116"), Split::Many(_)));
        assert_eq!(split_seven("123"), Split::None);
    }

    #[test]
    fn list_numbers_stuck_to_figures_go_to_the_next_label() {
        let segments = segments("1.属于国家秘密40000042.其他法律行政法规禁止公开0000000");
        assert_eq!(
            segments,
            [
                Segment {
                    label: "1.属于国家秘密".into(),
                    digits: "4000004".into()
                },
                Segment {
                    label: "2.其他法律行政法规禁止公开".into(),
                    digits: "0000000".into()
                },
            ]
        );
    }

    #[test]
    fn reads_a_run_together_table() {
        let mut out = Collector::default();
        let mut context = RowContext::default();
        read_line(
            "一、本年新收政府信息公开申请数量21710000218",
            &mut context,
            &mut out,
            None,
        );
        read_line(
            "(三)不予公开1.属于国家秘密40000042.其他法律行政法规禁止公开0000000",
            &mut context,
            &mut out,
            None,
        );
        let get = |k: &str| out.figures.get(k.parse().unwrap()).map(|n| n.0);
        assert_eq!(get("applications.new_received.natural_person"), Some(217.0));
        assert_eq!(get("applications.new_received.total"), Some(218.0));
        assert_eq!(
            get("applications.result.withheld.state_secret.natural_person"),
            Some(4.0)
        );
        assert_eq!(
            get("applications.result.withheld.prohibited_by_law.total"),
            Some(0.0)
        );
        assert!(
            out.diagnostics
                .iter()
                .all(|d| d.code == DiagnosticCode::RunTogetherSplit)
        );
    }

    #[test]
    fn ambiguous_rows_give_no_figures() {
        let mut out = Collector::default();
        read_line(
            "二、上年结转政府信息公开申请数量1111111111116",
            &mut RowContext::default(),
            &mut out,
            None,
        );
        assert!(out.figures.is_empty());
        assert_eq!(
            out.diagnostics[0].code,
            DiagnosticCode::RunTogetherAmbiguous
        );
    }
}
