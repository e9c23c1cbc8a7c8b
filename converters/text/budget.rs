//! How many table positions a text document may still produce
//! (`Limits::max_table_cells`), and what a table region refused for it
//! becomes.
//!
//! Every position of a table grid becomes a cell of the model, about
//! 150–250 bytes through the pipeline and its JSON, while in a text export
//! it can cost one byte (`|`); and a short row among long ones is padded to
//! the longest. So each table region is measured before its cells are
//! built (`pipes::measure`, `tabbed::measure`: rows × the widest row), and
//! a region that would pass what is left is kept as the export wrote it,
//! a paragraph per line, with a `table_too_large` warning.

use super::lines::Line;
use docmend_core::model::{Block, Diagnostic, DiagnosticCode, Origin, Paragraph};

/// The table positions the document may still produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableBudget {
    limit: u64,
    left: u64,
}

impl TableBudget {
    pub fn new(limit: u64) -> TableBudget {
        TableBudget { limit, left: limit }
    }

    /// Takes `positions` from what is left; `false` (nothing taken) when
    /// they do not fit.
    pub fn take(&mut self, positions: u64) -> bool {
        if positions > self.left {
            return false;
        }
        self.left -= positions;
        true
    }

    /// Keeps the lines of a region too large for the budget as paragraphs
    /// and says so. `rows` × `cols` is the grid the region would have made.
    pub fn refuse(
        &self,
        lines: &[Line<'_>],
        rows: u64,
        cols: u64,
        blocks: &mut Vec<Block>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let first = lines.first().map_or(0, |l| l.number);
        let last = lines.last().map_or(first, |l| l.number);
        let positions = rows.saturating_mul(cols);
        let left = if self.left < self.limit {
            format!(" ({} were left after the tables before it)", self.left)
        } else {
            String::new()
        };
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::TableTooLarge,
                format!(
                    "lines {first}–{last}: a table of {rows} rows and {cols} columns \
                     ({positions} positions) passes the limit of {} table positions of the \
                     document (--max-table-cells){left}; its lines were kept as paragraphs",
                    self.limit
                ),
            )
            .with_origin(Some(Origin::lines(first, last))),
        );
        blocks.extend(lines.iter().filter(|l| !l.is_blank()).map(|l| {
            Block::Paragraph(Paragraph::new(
                l.text.to_string(),
                Some(Origin::lines(l.number, l.number)),
            ))
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    #[test]
    fn a_refused_region_is_kept_line_by_line() {
        let mut budget = TableBudget::new(10);
        assert!(budget.take(6));
        assert!(!budget.take(5));
        let lines = split("a | b |\n\nc | d |");
        let (mut blocks, mut diagnostics) = (Vec::new(), Vec::new());
        budget.refuse(&lines, 3, 2, &mut blocks, &mut diagnostics);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            diagnostics[0].message,
            "lines 1–3: a table of 3 rows and 2 columns (6 positions) passes the limit of 10 \
             table positions of the document (--max-table-cells) (4 were left after the tables \
             before it); its lines were kept as paragraphs"
        );
    }
}
