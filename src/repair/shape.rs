//! Infers a table's true shape: how many label columns stand on the left
//! and how many value columns on the right.
//!
//! Value columns are counted from the runs of numbers: the number of cells
//! from a row's first value position to its last number, as most rows
//! agree. Label columns come from the nesting of the row labels' numbering
//! (`三、` > `(三)` > `1.` are three columns even though a row shows at most
//! two of them, the rest lost to vertical merges) and from how many labels
//! rows usually carry.

use super::tokens::{Kind, Token};
use crate::numbering::Style;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub label_cols: usize,
    pub value_cols: usize,
    /// The numbering styles of row labels, outermost first; a label's
    /// column is its style's index here.
    pub label_styles: Vec<Style>,
    /// Index of the first token of the first data row.
    pub data_start: usize,
}

/// One run of values and the labels right before it.
#[derive(Debug)]
struct Run {
    start: usize,
    /// From the first value-like cell to the last number.
    span: usize,
    /// From the first number to the last: the span without the empty
    /// cells the run starts with.
    numbers_span: usize,
    labels: Vec<usize>,
}

pub fn infer(tokens: &[Token], streamed: bool) -> Option<Shape> {
    let runs = value_runs(tokens, streamed);
    let first = runs.first()?;
    let value_cols = agreed_span(&runs);

    // Labels of the first run in a stream may include header cells: only
    // its trailing numbered labels are data labels.
    let first_labels: Vec<usize> = if streamed {
        first
            .labels
            .iter()
            .rev()
            .take_while(|&&i| tokens[i].style().is_some())
            .copied()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    } else {
        first.labels.clone()
    };

    let mut styles: Vec<Style> = runs[1..]
        .iter()
        .flat_map(|r| r.labels.iter())
        .chain(first_labels.iter())
        .filter_map(|&i| tokens[i].style())
        .collect();
    styles.sort();
    styles.dedup();

    let usual_labels = if runs.len() > 1 {
        mode(runs[1..].iter().map(|r| r.labels.len()))
    } else if streamed {
        first_labels.len()
    } else {
        first.labels.len()
    };
    let label_cols = styles.len().max(usual_labels);
    let first_data_labels = if label_cols == 0 {
        0
    } else if streamed {
        // With no numbering to go by, the label right before the values.
        first_labels
            .len()
            .max(first.labels.len().min(1))
            .min(label_cols)
    } else {
        first.labels.len().min(label_cols)
    };
    let data_start = first.start - first_data_labels;
    Some(Shape {
        label_cols,
        value_cols,
        label_styles: styles,
        data_start,
    })
}

/// Finds every run of value-like cells that holds a number.
fn value_runs(tokens: &[Token], streamed: bool) -> Vec<Run> {
    // In rows as seen, no run crosses a row the export started.
    let breaks_at = |k: usize| !streamed && tokens[k].row_start;
    let mut runs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind != Kind::Number {
            i += 1;
            continue;
        }
        // Walk back over empty cells that belong to this row's values.
        let mut start = i;
        while start > 0 && tokens[start - 1].kind.is_value_like() && !breaks_at(start) {
            start -= 1;
        }
        let mut labels = Vec::new();
        let mut j = start;
        while j > 0 && tokens[j - 1].kind == Kind::Label && !breaks_at(j) {
            j -= 1;
            labels.push(j);
        }
        labels.reverse();
        let mut end = i;
        let mut last_number = i;
        while end + 1 < tokens.len() && tokens[end + 1].kind.is_value_like() && !breaks_at(end + 1)
        {
            end += 1;
            if tokens[end].kind == Kind::Number {
                last_number = end;
            }
        }
        runs.push(Run {
            start,
            span: last_number - start + 1,
            numbers_span: last_number - i + 1,
            labels,
        });
        i = end + 1;
    }
    runs
}

/// How many value columns the rows agree on: the widest width at least
/// two rows fit. A row fits every width from its numbers' span (first
/// number to last) to its run's span (with the empty cells before its first
/// number: a first column left blank). A width that rows reach only
/// through such empty cells needs most rows to reach it; otherwise those
/// empty cells are cells an export added to a few rows.
fn agreed_span(runs: &[Run]) -> usize {
    let mut widths: Vec<usize> = runs.iter().flat_map(|r| [r.span, r.numbers_span]).collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    widths.dedup();
    for &w in &widths {
        let fitting = runs
            .iter()
            .filter(|r| r.numbers_span <= w && w <= r.span)
            .count();
        let exact = runs.iter().filter(|r| r.numbers_span == w).count();
        if fitting >= 2 && (exact >= 1 || fitting * 2 >= runs.len()) {
            return w;
        }
    }
    runs.iter().map(|r| r.span).max().unwrap_or(0)
}

fn mode(values: impl Iterator<Item = usize>) -> usize {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    // Ties go to the smaller count: fewer label columns is the safer guess.
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(0, |(&v, _)| v)
}
