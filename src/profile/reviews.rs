//! Reads the review and litigation table (四、政府信息公开行政复议、行政诉讼
//! 情况) into `reviews.<group>.<outcome>` figures.

use super::collect::Collector;
use super::keys::{REVIEW_GROUPS, REVIEW_OUTCOMES, review_key};
use super::labels;
use super::lookup::Lookup;
use crate::model::Table;

pub fn is_review_table(table: &Table) -> bool {
    let mut review = false;
    let mut litigation = false;
    for cell in &table.cells {
        let text = labels::normalize(&cell.text);
        review |= text.contains("行政复议");
        litigation |= text.contains("行政诉讼") || text.contains("起诉");
    }
    review && litigation
}

pub fn read(table: &Table, out: &mut Collector) {
    let lookup = Lookup::new(table);
    let header_rows = lookup.header_rows();
    let columns = value_columns(&lookup, header_rows);
    let Some(row) = (header_rows..table.n_rows).find(|&r| {
        columns.iter().any(|&(c, _)| {
            lookup
                .anchored(r, c)
                .is_some_and(|cell| cell.value.is_some())
        })
    }) else {
        return;
    };
    for (col, key) in columns {
        if let Some(cell) = lookup.anchored(row, col) {
            out.cell(key, &cell.text, cell.value, table.origin.as_ref());
        }
    }
}

/// Reads one group's piece of a review table that a tool cut into a small
/// table per group: `heading` (the text above it) names the group, the
/// piece's header the outcomes (by position when it names none: the
/// template's order).
pub fn read_fragment(table: &Table, heading: &str, out: &mut Collector) {
    let Some(group) = labels::review_group(heading) else {
        return;
    };
    let lookup = Lookup::new(table);
    let header_rows = lookup.header_rows();
    let outcomes: Vec<(usize, &'static str)> = (0..table.n_cols)
        .filter_map(|col| {
            let label = lookup
                .column_labels(col, header_rows)
                .last()
                .copied()
                .unwrap_or("");
            labels::review_outcome(label).map(|o| (col, o))
        })
        .collect();
    let outcomes = if outcomes.len() == REVIEW_OUTCOMES.len() {
        outcomes
    } else if table.n_cols == REVIEW_OUTCOMES.len() {
        REVIEW_OUTCOMES
            .iter()
            .enumerate()
            .map(|(c, (o, _))| (c, *o))
            .collect()
    } else {
        return;
    };
    let Some(row) = (header_rows..table.n_rows).find(|&r| {
        outcomes.iter().any(|&(c, _)| {
            lookup
                .anchored(r, c)
                .is_some_and(|cell| cell.value.is_some())
        })
    }) else {
        return;
    };
    for (col, outcome) in outcomes {
        if let Some(cell) = lookup.anchored(row, col) {
            out.cell(
                review_key(group, outcome).to_string(),
                &cell.text,
                cell.value,
                table.origin.as_ref(),
            );
        }
    }
}

/// The key of each value column: its group from the header cells above it,
/// its outcome from its own label, or from its place within the group when
/// the label was truncated (`结果`, `其他`, `尚未`).
fn value_columns(lookup: &Lookup<'_>, header_rows: usize) -> Vec<(usize, String)> {
    let table = lookup.table;
    let mut groups: Vec<(usize, &'static str)> = Vec::new();
    for col in 0..table.n_cols {
        let labels = lookup.column_labels(col, header_rows);
        // The most specific group named above the column (复议后起诉 under 行政诉讼).
        if let Some(group) = labels.iter().rev().find_map(|l| labels::review_group(l)) {
            groups.push((col, group));
        }
    }
    if groups.len() != REVIEW_GROUPS.len() * REVIEW_OUTCOMES.len() {
        // The header cannot be read: the fifteen value columns are the last ones.
        if table.n_cols < 15 {
            return Vec::new();
        }
        let first = table.n_cols - 15;
        groups = (0..15)
            .map(|i| (first + i, REVIEW_GROUPS[i / 5].0))
            .collect();
    }
    let mut columns = Vec::new();
    for (group, _) in REVIEW_GROUPS {
        let in_group: Vec<usize> = groups
            .iter()
            .filter(|(_, g)| *g == group)
            .map(|(c, _)| *c)
            .collect();
        for (position, &col) in in_group.iter().enumerate() {
            let leaf = lookup
                .column_labels(col, header_rows)
                .last()
                .copied()
                .unwrap_or("");
            let by_position = REVIEW_OUTCOMES.get(position).map(|(o, _)| *o);
            // Position decides when the label is truncated or disagrees
            // with it: the template's order is fixed.
            let outcome = match (labels::review_outcome(leaf), by_position) {
                (Some(named), Some(placed)) if named == placed => named,
                (_, Some(placed)) => placed,
                (Some(named), None) => named,
                (None, None) => continue,
            };
            columns.push((col, review_key(group, outcome).to_string()));
        }
    }
    columns
}
