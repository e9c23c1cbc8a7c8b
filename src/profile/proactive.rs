//! Reads the proactive-disclosure table (二、主动公开政府信息情况) into
//! `proactive.<item>.<measure>` figures: each section's `信息内容` row names
//! the measures of the columns below it.

use super::collect::Collector;
use super::keys::{ProactiveCell, ProactiveMeasure, StatKey};
use super::labels;
use super::lookup::Lookup;
use crate::model::{DiagnosticCode, Table};

pub fn is_proactive_table(table: &Table) -> bool {
    table.cells.iter().any(|c| {
        let text = labels::normalize(&c.text);
        text.starts_with("第二十条") || text == "信息内容"
    })
}

pub fn read(table: &Table, out: &mut Collector) {
    out.proactive.read = true;
    let lookup = Lookup::new(table);
    let mut measures: Vec<Option<ProactiveMeasure>> = vec![None; table.n_cols];
    for row in 0..table.n_rows {
        let Some(first) = lookup.anchored(row, 0) else {
            continue;
        };
        let label = labels::normalize(&first.text);
        if label == "信息内容" {
            // The heading cell may span two rows, with the measures split
            // over them: the lowest cell that names a measure decides.
            let rows = row..(row + first.row_span).min(table.n_rows);
            for (col, measure) in measures.iter_mut().enumerate().skip(1) {
                let named = rows.clone().rev().find_map(|r| {
                    let cell = lookup.at(r, col)?;
                    Some((labels::proactive_measure(&cell.text)?, cell))
                });
                if let Some((ProactiveMeasure::Amount, cell)) = named {
                    out.proactive.amount_header = Some(cell.text.trim().to_string());
                }
                *measure = named.map(|(measure, _)| measure);
            }
            continue;
        }
        let Some(item) = labels::proactive_item(&first.text) else {
            // A row of figures under a label the template does not have
            // (the article titles `第二十条第(一)项` hold no figure).
            let figures: Vec<&str> = (1..table.n_cols)
                .filter_map(|col| lookup.anchored(row, col))
                .map(|cell| cell.text.trim())
                .filter(|text| super::printed::figure(text).is_some())
                .collect();
            if !figures.is_empty() && !label.starts_with("第二十条") {
                out.proactive.outside_template.push(format!(
                    "'{}' {}",
                    first.text.trim(),
                    figures.join(" ")
                ));
            }
            continue;
        };
        for (col, measure) in measures.iter().enumerate().skip(1) {
            let Some(cell) = lookup.anchored(row, col) else {
                continue;
            };
            let blank = cell.text.trim().is_empty();
            let Some(measure) = measure else {
                if blank {
                    continue;
                }
                out.note(
                    DiagnosticCode::StatisticColumnUnknown,
                    format!(
                        "{}: '{}' stands in a column with no known heading; not recorded",
                        first.text, cell.text
                    ),
                    table.origin.as_ref(),
                );
                continue;
            };
            match ProactiveCell::new(item, *measure) {
                Ok(cell_key) => {
                    out.cell(
                        StatKey::Proactive(cell_key),
                        &cell.text,
                        super::printed::of_cell(cell),
                        table.origin.as_ref(),
                        Some((cell.row, cell.col)),
                    );
                }
                // A blank cell where no template has a figure is the
                // table's layout, not a value.
                Err(_) if blank => {}
                // No template has this measure for this item.
                Err(_) => {
                    out.proactive.outside_template.push(format!(
                        "'{}' under '{measure}': {}",
                        first.text.trim(),
                        cell.text.trim()
                    ));
                    out.note(
                        DiagnosticCode::StatisticKeyUnknown,
                        format!(
                            "{}: no template key for '{}' under '{measure}'; not recorded",
                            first.text, cell.text
                        ),
                        table.origin.as_ref(),
                    );
                }
            }
        }
    }
}
