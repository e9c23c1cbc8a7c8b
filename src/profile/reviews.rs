//! Reads the review and litigation table (四、政府信息公开行政复议、行政诉讼
//! 情况) into `reviews.<group>.<outcome>` figures.

use super::collect::Collector;
use super::keys::{ReviewGroup, ReviewOutcome, StatKey};
use super::labels;
use super::lookup::Lookup;
use super::printed;
use crate::model::{DiagnosticCode, Doubt, Table};

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
                .is_some_and(|cell| printed::of_cell(cell).is_some())
        })
    }) else {
        return;
    };
    let first = columns.iter().map(|(c, _)| *c).min().unwrap_or(0);
    // The columns place the figures when they are exactly the template's
    // fifteen; otherwise the row's figures are placed in order and each
    // group's sum decides (as for the application table).
    if columns.len() == SLOTS && table.n_cols - first == SLOTS {
        for (col, key) in columns {
            if let Some(cell) = lookup.anchored(row, col) {
                out.cell(
                    key,
                    &cell.text,
                    printed::of_cell(cell),
                    table.origin.as_ref(),
                    Some((cell.row, cell.col)),
                );
            }
        }
        return;
    }
    let cells: Vec<&str> = (first..table.n_cols)
        .filter_map(|col| lookup.anchored(row, col).map(|c| c.text.as_str()))
        .collect();
    let placed = super::placement::place(&cells, SLOTS, group_sums_hold);
    if !matches!(
        placed.how,
        super::placement::How::Only | super::placement::How::Confirmed
    ) {
        out.note(
            DiagnosticCode::StatisticPlacementUncertain,
            format!(
                "the review table's figures fit the template's {SLOTS} columns in {} ways its sums cannot tell apart; only the figures they agree on were recorded",
                placed.candidates.len()
            ),
            table.origin.as_ref(),
        );
    }
    for ((key, text), &by_sum) in keys_in_order().zip(&placed.slots).zip(&placed.by_sum) {
        if let Some(text) = text {
            let at = lookup.position_of(row, first..table.n_cols, text);
            if out.cell(key, text, None, table.origin.as_ref(), at) && by_sum {
                out.doubt(key, Doubt::PlacedBySum);
            }
        }
    }
}

/// The table's value cells: three groups of five outcomes.
pub const SLOTS: usize = ReviewGroup::COUNT * ReviewOutcome::COUNT;

/// The table's keys in the template's order: each group's five outcomes.
pub fn keys_in_order() -> impl Iterator<Item = StatKey> {
    ReviewGroup::ALL.iter().flat_map(|&group| {
        ReviewOutcome::ALL
            .iter()
            .map(move |&outcome| StatKey::Review(group, outcome))
    })
}

/// Each group's total is the sum of its four outcomes (blanks count 0);
/// `None` when no group states a total.
fn group_sums_hold(slots: &[&str]) -> Option<bool> {
    let group = ReviewOutcome::COUNT;
    let mut any = false;
    let mut all = true;
    for g in slots.chunks(group) {
        let Some(total) = g.last().and_then(|t| printed::figure(t)) else {
            continue;
        };
        any = true;
        let parts: f64 = g[..group - 1]
            .iter()
            .filter_map(|t| printed::figure(t))
            .map(|n| n.0)
            .sum();
        all &= (total.0 - parts).abs() < 1e-9;
    }
    any.then_some(all)
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
    let outcomes: Vec<(usize, ReviewOutcome)> = (0..table.n_cols)
        .filter_map(|col| {
            let label = lookup
                .column_labels(col, header_rows)
                .last()
                .copied()
                .unwrap_or("");
            labels::review_outcome(label).map(|o| (col, o))
        })
        .collect();
    let outcomes = if outcomes.len() == ReviewOutcome::COUNT {
        outcomes
    } else if table.n_cols == ReviewOutcome::COUNT {
        ReviewOutcome::ALL.iter().copied().enumerate().collect()
    } else {
        return;
    };
    let Some(row) = (header_rows..table.n_rows).find(|&r| {
        outcomes.iter().any(|&(c, _)| {
            lookup
                .anchored(r, c)
                .is_some_and(|cell| printed::of_cell(cell).is_some())
        })
    }) else {
        return;
    };
    for (col, outcome) in outcomes {
        if let Some(cell) = lookup.anchored(row, col) {
            out.cell(
                StatKey::Review(group, outcome),
                &cell.text,
                printed::of_cell(cell),
                table.origin.as_ref(),
                Some((cell.row, cell.col)),
            );
        }
    }
}

/// The key of each value column: its group from the header cells above it,
/// its outcome from its own label, or from its place within the group when
/// the label was truncated (`结果`, `其他`, `尚未`).
fn value_columns(lookup: &Lookup<'_>, header_rows: usize) -> Vec<(usize, StatKey)> {
    let table = lookup.table;
    let mut groups: Vec<(usize, ReviewGroup)> = Vec::new();
    for col in 0..table.n_cols {
        let labels = lookup.column_labels(col, header_rows);
        // The most specific group named above the column (复议后起诉 under 行政诉讼).
        if let Some(group) = labels.iter().rev().find_map(|l| labels::review_group(l)) {
            groups.push((col, group));
        }
    }
    if groups.len() != SLOTS {
        // The header cannot be read: the fifteen value columns are the last ones.
        if table.n_cols < SLOTS {
            return Vec::new();
        }
        let first = table.n_cols - SLOTS;
        groups = (0..SLOTS)
            .map(|i| (first + i, ReviewGroup::ALL[i / ReviewOutcome::COUNT]))
            .collect();
    }
    let mut columns = Vec::new();
    for &group in ReviewGroup::ALL {
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
            let by_position = ReviewOutcome::ALL.get(position).copied();
            // Position decides when the label is truncated or disagrees
            // with it: the template's order is fixed.
            let outcome = match (labels::review_outcome(leaf), by_position) {
                (Some(named), Some(placed)) if named == placed => named,
                (_, Some(placed)) => placed,
                (Some(named), None) => named,
                (None, None) => continue,
            };
            columns.push((col, StatKey::Review(group, outcome)));
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_sums_decide_a_review_rows_placement() {
        let row = [
            "1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
        ];
        assert_eq!(group_sums_hold(&row), Some(true));
        let mut shifted = vec![""];
        shifted.extend_from_slice(&row[..14]);
        assert_eq!(group_sums_hold(&shifted), Some(false));
        // A row of sixteen cells, one of them an empty cell an export
        // added: the only placement drops it.
        let mut with_phantom = vec![""];
        with_phantom.extend_from_slice(&row);
        let placed = super::super::placement::place(&with_phantom, 15, group_sums_hold);
        assert_eq!(placed.slots[0], Some("1"));
        assert_eq!(placed.slots[4], Some("1"));
    }
}
