//! Reads the application table (三、收到和处理政府信息公开申请情况) into
//! `applications.<row>.<column>` figures, by its row and column labels.

use super::collect::Collector;
use super::keys::{ApplicantColumn, ApplicationRow, StatKey};
use super::labels::{self, Group};
use super::lookup::Lookup;
use super::placement;
use super::printed;
use super::runtogether;
use crate::model::{DiagnosticCode, Doubt, Table};
use crate::numbering::Style;

/// Whether a table is the application table.
pub fn is_application_table(table: &Table) -> bool {
    let names_it = |text: &str| text.contains("本年新收") || text.contains("申请人情况");
    // Normalising allocates; only labels with spaces inside need it.
    table.cells.iter().any(|c| {
        names_it(&c.text)
            || (c.text.trim().contains(char::is_whitespace)
                && names_it(&labels::normalize(&c.text)))
    })
}

/// The state that lets a sub-row whose group label was lost still find its
/// group: the group of the rows just above.
#[derive(Default)]
pub struct RowContext {
    group: Option<Group>,
}

impl RowContext {
    /// The row a label path names, outermost label first.
    pub fn row_of(&mut self, path: &[&str]) -> Option<ApplicationRow> {
        let (last, parents) = path.split_last()?;
        if let Some(group) = parents.iter().rev().find_map(|p| Group::of(p)) {
            self.group = Some(group);
            return group.child_key(last);
        }
        if let Some(group) = Group::of(last) {
            self.group = Some(group);
            // 2019 template: (六)其他处理 has no sub-rows.
            return (group == Group::Other).then_some(ApplicationRow::Other);
        }
        let is_sub_row = labels::numbered(last).is_some_and(|(style, _)| {
            matches!(
                style,
                Style::ArabicDot | Style::ArabicParen | Style::Circled
            )
        });
        if is_sub_row {
            if let Some((group, row)) = Group::identify_child(last) {
                self.group = Some(group);
                return Some(row);
            }
            if let Some(group) = self.group {
                return group.child_key(last);
            }
        }
        let row = labels::top_level_row(last);
        if row.is_some() {
            self.group = None;
        }
        row
    }
}

/// Reads one piece of an application table that a tool cut into a small
/// table per group (`### (三)不予公开` over its sub-rows): `group` is the
/// heading above the piece, which names the rows' group.
pub fn read_fragment(
    table: &Table,
    group: Option<&str>,
    context: &mut RowContext,
    out: &mut Collector,
) {
    if let Some(label) = group {
        // A group's heading sets the group; a top-level heading ends one.
        context.row_of(&[label]);
    }
    read_with(table, context, out);
}

fn read_with(table: &Table, context: &mut RowContext, out: &mut Collector) {
    let lookup = Lookup::new(table);
    let header_rows = lookup.header_rows();
    let columns = value_columns(&lookup, header_rows);
    let Some(first_value_col) = columns.iter().map(|(c, _)| *c).min() else {
        return;
    };
    let origin = table.origin.as_ref();
    // The table's columns place the figures when they are exactly the
    // template's seven; otherwise each row's figures are placed in order
    // and the row's sum decides (see `placement`).
    let by_column = columns.len() == ApplicantColumn::COUNT
        && table.n_cols - first_value_col == ApplicantColumn::COUNT;
    let mut placed_rows = PlacedRows::default();
    for row in header_rows..table.n_rows {
        let path = lookup.row_labels(row, 0..first_value_col);
        let values_empty = columns.iter().all(|&(c, _)| {
            lookup
                .anchored(row, c)
                .is_none_or(|cell| cell.text.trim().is_empty())
        });
        if values_empty
            && path
                .last()
                .is_some_and(|l| runtogether::trailing_digits(l).is_some())
        {
            // The figures were joined onto the label.
            runtogether::read_line(&path.join(""), context, out, origin);
            continue;
        }
        let Some(application_row) = context.row_of(&path) else {
            if !values_empty {
                out.note(
                    DiagnosticCode::StatisticRowUnknown,
                    format!(
                        "row '{}' of the application table matches no template row; its figures are not recorded",
                        path.join(" ")
                    ),
                    origin,
                );
            }
            continue;
        };
        if by_column {
            for &(col, column) in &columns {
                if let Some(cell) = lookup.anchored(row, col) {
                    out.cell(
                        StatKey::Application(application_row, column),
                        &cell.text,
                        printed::of_cell(cell),
                        origin,
                        Some((cell.row, cell.col)),
                    );
                }
            }
            continue;
        }
        let cells: Vec<&str> = (first_value_col..table.n_cols)
            .filter_map(|col| lookup.anchored(row, col).map(|c| c.text.as_str()))
            .collect();
        let placed = placement::place(
            &cells,
            ApplicantColumn::COUNT,
            placement::application_row_sum,
        );
        placed_rows.note(&placed, &path, out, origin);
        for ((&column, text), &by_sum) in ApplicantColumn::ALL
            .iter()
            .zip(&placed.slots)
            .zip(&placed.by_sum)
        {
            let Some(text) = text else { continue };
            let key = StatKey::Application(application_row, column);
            let at = lookup.position_of(row, first_value_col..table.n_cols, text);
            if out.cell(key, text, None, origin, at) && by_sum {
                out.doubt(key, Doubt::PlacedBySum);
            }
        }
    }
    if !by_column {
        placed_rows.summarise(table.n_cols - first_value_col, columns.len(), out, origin);
    }
}

/// How the rows of a table whose columns are not the template's were
/// placed, for the diagnostics.
#[derive(Default)]
struct PlacedRows {
    only: usize,
    confirmed: usize,
    undecided: usize,
}

impl PlacedRows {
    fn note(
        &mut self,
        placed: &placement::Placed<'_>,
        path: &[&str],
        out: &mut Collector,
        origin: Option<&crate::model::Origin>,
    ) {
        match placed.how {
            placement::How::Only => self.only += 1,
            placement::How::Confirmed => self.confirmed += 1,
            placement::How::Undecided | placement::How::Unplaceable => {
                self.undecided += 1;
                let shown: Vec<String> = placed
                    .candidates
                    .iter()
                    .take(4)
                    .map(|c| format!("[{}]", c.join(" ")))
                    .collect();
                let detail = if placed.candidates.is_empty() {
                    "its figures do not fit the template's seven columns".to_string()
                } else {
                    format!(
                        "its figures fit the template's seven columns in {} ways the sums cannot tell apart ({}); only the figures they agree on were recorded",
                        placed.candidates.len(),
                        shown.join(", ")
                    )
                };
                out.note(
                    DiagnosticCode::StatisticPlacementUncertain,
                    format!(
                        "row '{}' of the application table: {detail}",
                        path.join(" ")
                    ),
                    origin,
                );
            }
        }
    }

    fn summarise(
        &self,
        value_columns: usize,
        named: usize,
        out: &mut Collector,
        origin: Option<&crate::model::Origin>,
    ) {
        out.note(
            DiagnosticCode::StatisticsPlacedByRow,
            format!(
                "the application table has {value_columns} value columns, its header names {named} of the template's 7: each row's figures were placed in order ({} rows had one way to fit, {} were decided by their sums, {} stayed uncertain)",
                self.only, self.confirmed, self.undecided
            ),
            origin,
        );
    }
}

/// The value columns and their applicant columns, from the header cells
/// above each column; by position when the header cannot be read.
fn value_columns(lookup: &Lookup<'_>, header_rows: usize) -> Vec<(usize, ApplicantColumn)> {
    let table = lookup.table;
    let mut columns = Vec::new();
    for col in 0..table.n_cols {
        let labels = lookup.column_labels(col, header_rows);
        // The lowest header cell that names an applicant column wins
        // (商业企业 under 法人或其他组织).
        if let Some(column) = labels
            .iter()
            .rev()
            .find_map(|l| labels::applicant_column(l))
            && !columns.iter().any(|(_, c)| *c == column)
        {
            columns.push((col, column));
        }
    }
    if columns.len() >= 5 || table.n_cols < 7 {
        return columns;
    }
    // No readable header: the seven value columns are the last seven.
    let first = table.n_cols - 7;
    ApplicantColumn::ALL
        .iter()
        .enumerate()
        .map(|(i, column)| (first + i, *column))
        .collect()
}
