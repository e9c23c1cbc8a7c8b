//! A table continued on the next page, joined to its first part.
//!
//! The converter says which table block goes on from the one before it
//! (`Geometry::continues_previous`: the same columns at the top of the next
//! page) and where each part's columns and rows stand; this module joins
//! the parts on the union of their column boundaries. Word and WPS repeat
//! nothing of a cut merged cell but its borders: at the top of the next
//! page, a label that spans rows across the break is an empty ruled box,
//! and a row whose label wraps across the break leaves its last label line
//! in a row of its own with every value empty. Both are joined back, and a
//! repeated header row is dropped; each change is a `join_across_pages`
//! repair.

use crate::cjk::join_wrapped;
use crate::model::{Block, Cell, Number, Repair, RepairKind, Table};
use crate::numbering::starts_numbered;

/// A cell: (row, col, row_span, col_span, text).
type GridCell = (usize, usize, usize, usize, String);

/// Column boundaries closer than this (points) are one boundary: ruling
/// lines drawn twice, or a page's rules redrawn a little apart.
pub const COLUMN_TOLERANCE: f64 = 4.0;

/// A table part with its geometry, as joining works on it.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    cells: Vec<GridCell>,
    ruled: bool,
    repairs: Vec<Repair>,
}

impl Grid {
    /// The part a table block holds, if the converter gave its geometry
    /// and the geometry fits the table.
    fn of(table: &Table) -> Option<Grid> {
        let g = table.raw.geometry.as_deref()?;
        if g.columns.len() != table.n_cols + 1 || g.rows.len() != table.n_rows + 1 {
            return None;
        }
        Some(Grid {
            xs: g.columns.clone(),
            ys: g.rows.clone(),
            cells: table
                .cells
                .iter()
                .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.clone()))
                .collect(),
            ruled: g.ruled,
            repairs: Vec::new(),
        })
    }

    /// Writes the joined grid back into the first part's table.
    fn store(self, table: &mut Table) {
        table.n_rows = self.ys.len() - 1;
        table.n_cols = self.xs.len() - 1;
        table.cells = self
            .cells
            .into_iter()
            .map(|(row, col, row_span, col_span, text)| {
                Cell::spanned(row, col, row_span, col_span, text)
            })
            .collect();
        table.cells.sort_by_key(|c| (c.row, c.col));
        table.repairs.extend(self.repairs);
        if let Some(g) = table.raw.geometry.as_deref_mut() {
            g.columns = self.xs;
            g.rows = self.ys;
        }
    }
}

/// Joins every table block that continues the table block right before it
/// into that one; blocks that are not continuations stay as they are.
pub fn join_continued(blocks: &mut Vec<Block>) {
    if !blocks.iter().any(continues) {
        return;
    }
    let mut joined: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        if continues(&block)
            && let (Block::Table(next), Some(Block::Table(prev))) = (&block, joined.last_mut())
            && let (Some(mut first), Some(second)) = (Grid::of(prev), Grid::of(next))
        {
            let page = next.origin.as_ref().and_then(|o| o.page);
            append(&mut first, &second, page);
            first.store(prev);
            continue;
        }
        joined.push(block);
    }
    *blocks = joined;
}

fn continues(block: &Block) -> bool {
    matches!(block, Block::Table(t) if t.raw.geometry.as_deref().is_some_and(|g| g.continues_previous))
}

/// The column boundaries of both parts, merged.
fn union(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut all: Vec<f64> = a.iter().chain(b).copied().collect();
    all.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in all {
        match out.last() {
            Some(&l) if x - l <= COLUMN_TOLERANCE => {}
            _ => out.push(x),
        }
    }
    out
}

/// Appends `next`'s rows to `prev` on the union of both grids' column
/// boundaries. `page` is where `next` starts, for the repairs' evidence.
fn append(prev: &mut Grid, next: &Grid, page: Option<u32>) {
    // Tables without rules continue with the same columns (the converter
    // only joins such parts when they have them): column indices carry
    // over as they are.
    let same_columns = !prev.ruled;
    let xs = if same_columns {
        prev.xs.clone()
    } else {
        union(&prev.xs, &next.xs)
    };
    let remap = |g: &Grid, c: usize, cs: usize| -> (usize, usize) {
        if same_columns {
            return (c, cs);
        }
        let at = |x: f64| {
            xs.iter()
                .position(|u| (u - x).abs() <= COLUMN_TOLERANCE)
                .unwrap_or(0)
        };
        let (a, b) = (at(g.xs[c]), at(g.xs[(c + cs).min(g.xs.len() - 1)]));
        (a, b.saturating_sub(a).max(1))
    };
    let row_text = |g: &Grid, r: usize| -> Vec<(usize, usize, String)> {
        g.cells
            .iter()
            .filter(|c| c.0 == r)
            .map(|c| {
                let (col, span) = remap(g, c.1, c.3);
                (col, span, c.4.clone())
            })
            .collect()
    };
    let skip = usize::from(
        next.ys.len() > 2
            && next.cells.iter().filter(|c| c.0 == 0).all(|c| c.2 == 1)
            && row_text(prev, 0) == row_text(next, 0),
    );
    let boundary = prev.ys.len() - 1;
    let mut cells: Vec<GridCell> = prev
        .cells
        .iter()
        .map(|c| {
            let (col, span) = remap(prev, c.1, c.3);
            (c.0, col, c.2, span, c.4.clone())
        })
        .collect();
    let mut added: Vec<GridCell> = next
        .cells
        .iter()
        .filter(|c| c.0 >= skip)
        .map(|c| {
            let (col, span) = remap(next, c.1, c.3);
            (c.0 - skip + boundary, col, c.2, span, c.4.clone())
        })
        .collect();
    let offset = prev.ys.last().copied().unwrap_or(0.0) - next.ys[skip];
    prev.ys
        .extend(next.ys[skip + 1..].iter().map(|y| y + offset));
    prev.xs = xs;
    let on_page = page.map_or_else(|| "the next page".to_string(), |p| format!("page {p}"));
    if skip == 1 {
        prev.repairs.push(repair(
            "dropped the header row repeated at the top of the next page",
            boundary,
            format!("the table goes on at the top of {on_page} with the same columns, and its first row repeats the table's first row cell for cell"),
        ));
    }
    let merged = continue_merged_labels(&mut cells, &mut added, boundary);
    if merged > 0 {
        prev.repairs.push(repair(
            &format!("{merged} merged cells cut by the page break were made whole"),
            boundary,
            format!("at the top of {on_page}, empty boxes stand under labels that reach the bottom of the page before, in the same columns"),
        ));
    }
    cells.append(&mut added);
    if join_cut_row(&mut cells, boundary) {
        prev.ys.remove(boundary + 1);
        prev.repairs.push(repair(
            "a row cut by the page break was joined to its first part",
            boundary - 1,
            format!("the first row on {on_page} holds only label text that starts no numbered item, under a row of figures, every other cell empty"),
        ));
    }
    prev.cells = cells;
}

fn repair(detail: &str, row: usize, evidence: String) -> Repair {
    Repair {
        kind: RepairKind::JoinAcrossPages,
        detail: detail.to_string(),
        evidence,
        row: Some(row),
    }
}

fn is_label(text: &str) -> bool {
    !text.trim().is_empty() && Number::parse(text).is_none()
}

/// An empty box at the top of the continuation, under a label cell that
/// reaches the page end in the same columns, is that label's cell going on:
/// its rows join the label's span. Returns how many were joined.
fn continue_merged_labels(
    cells: &mut [GridCell],
    added: &mut Vec<GridCell>,
    boundary: usize,
) -> usize {
    let mut joined = 0;
    added.retain(|n| {
        if n.0 != boundary || !n.4.trim().is_empty() {
            return true;
        }
        match cells
            .iter_mut()
            .find(|p| p.0 + p.2 == boundary && p.1 == n.1 && p.3 == n.3 && is_label(&p.4))
        {
            Some(p) => {
                p.2 += n.2;
                joined += 1;
                false
            }
            None => true,
        }
    });
    joined
}

/// The first row of the continuation holds only label text that starts no
/// numbered item, every other cell of it empty, while the row above holds
/// numbers: the page break cut that row's wrapped label. (A row of its own
/// with its values left blank is told apart by its numbering, which the
/// report template gives every row label.) Its texts are appended to the cells above and
/// the row removed. Returns whether it was.
fn join_cut_row(cells: &mut Vec<GridCell>, boundary: usize) -> bool {
    if boundary == 0 {
        return false;
    }
    let starting: Vec<&GridCell> = cells.iter().filter(|c| c.0 == boundary).collect();
    let texts: Vec<&GridCell> = starting
        .iter()
        .copied()
        .filter(|c| !c.4.trim().is_empty())
        .collect();
    let above_has_numbers = cells
        .iter()
        .any(|c| c.0 + c.2 == boundary && Number::parse(&c.4).is_some());
    let cut = !texts.is_empty()
        && texts.len() < starting.len()
        && texts
            .iter()
            .all(|c| c.2 == 1 && is_label(&c.4) && !starts_numbered(&c.4))
        && above_has_numbers
        && texts.iter().all(|t| {
            cells
                .iter()
                .any(|p| p.0 + p.2 == boundary && p.1 == t.1 && p.3 == t.3)
        });
    if !cut {
        return false;
    }
    let moved: Vec<(usize, usize, String)> =
        texts.iter().map(|c| (c.1, c.3, c.4.clone())).collect();
    for (col, span, text) in moved {
        if let Some(p) = cells
            .iter_mut()
            .find(|p| p.0 + p.2 == boundary && p.1 == col && p.3 == span)
        {
            p.4 = join_wrapped(&[std::mem::take(&mut p.4), text]);
        }
    }
    // The cut row goes: its one-row cells vanish, cells spanning it shrink,
    // and everything below moves up.
    cells.retain(|c| !(c.0 == boundary && c.2 == 1));
    for c in cells.iter_mut() {
        if c.0 <= boundary && c.0 + c.2 > boundary {
            // Spanning the cut row (a cell starting on it now starts on
            // the row below, which takes its index).
            c.2 -= 1;
        } else if c.0 > boundary {
            c.0 -= 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(xs: &[f64], rows: usize, cells: &[(usize, usize, usize, usize, &str)]) -> Grid {
        Grid {
            xs: xs.to_vec(),
            ys: (0..=rows).map(|r| 700.0 - 20.0 * r as f64).collect(),
            cells: cells
                .iter()
                .map(|&(r, c, rs, cs, t)| (r, c, rs, cs, t.to_string()))
                .collect(),
            ruled: true,
            repairs: Vec::new(),
        }
    }

    #[test]
    fn an_empty_box_under_a_label_continues_it() {
        let xs = [0.0, 50.0, 100.0, 150.0];
        let mut prev = grid(
            &xs,
            2,
            &[
                (0, 0, 2, 1, "三、办理结果"),
                (0, 1, 1, 1, "（一）公开"),
                (0, 2, 1, 1, "1"),
                (1, 1, 1, 1, "（二）部分"),
                (1, 2, 1, 1, "2"),
            ],
        );
        let next = grid(
            &xs,
            1,
            &[
                (0, 0, 1, 1, ""),
                (0, 1, 1, 1, "（三）不予"),
                (0, 2, 1, 1, "3"),
            ],
        );
        append(&mut prev, &next, Some(2));
        assert_eq!(prev.ys.len(), 4);
        assert!(
            prev.cells
                .contains(&(0, 0, 3, 1, "三、办理结果".to_string()))
        );
        assert!(!prev.cells.iter().any(|c| c.0 == 2 && c.1 == 0));
        assert_eq!(prev.repairs.len(), 1);
    }

    #[test]
    fn a_row_cut_by_the_page_break_is_joined() {
        let xs = [0.0, 50.0, 100.0, 150.0];
        let mut prev = grid(
            &xs,
            1,
            &[
                (0, 0, 1, 1, "（五）不予处理"),
                (0, 1, 1, 1, "1.信访举报投诉类"),
                (0, 2, 1, 1, "0"),
            ],
        );
        let next = grid(
            &xs,
            2,
            &[
                (0, 0, 2, 1, ""),
                (0, 1, 1, 1, "申请"),
                (0, 2, 1, 1, ""),
                (1, 1, 1, 1, "2.重复申请"),
                (1, 2, 1, 1, "0"),
            ],
        );
        append(&mut prev, &next, Some(2));
        assert_eq!(prev.ys.len(), 3, "two rows");
        let mut cells = prev.cells.clone();
        cells.sort();
        assert_eq!(
            cells,
            [
                (0, 0, 2, 1, "（五）不予处理".to_string()),
                (0, 1, 1, 1, "1.信访举报投诉类申请".to_string()),
                (0, 2, 1, 1, "0".to_string()),
                (1, 1, 1, 1, "2.重复申请".to_string()),
                (1, 2, 1, 1, "0".to_string()),
            ]
        );
        assert_eq!(prev.repairs.len(), 2);
    }

    #[test]
    fn a_table_without_rules_continues_with_its_columns() {
        let mut prev = grid(
            &[0.0, 50.0, 100.0],
            1,
            &[(0, 0, 1, 1, "甲"), (0, 1, 1, 1, "1")],
        );
        prev.ruled = false;
        let mut next = grid(
            &[0.0, 58.0, 100.0],
            1,
            &[(0, 0, 1, 1, "乙"), (0, 1, 1, 1, "2")],
        );
        next.ruled = false;
        append(&mut prev, &next, Some(2));
        assert_eq!(prev.xs, [0.0, 50.0, 100.0]);
        assert!(prev.cells.contains(&(1, 1, 1, 1, "2".to_string())));
    }

    #[test]
    fn an_empty_value_cell_is_not_a_continued_label() {
        let xs = [0.0, 50.0, 100.0];
        let mut prev = grid(&xs, 1, &[(0, 0, 1, 1, "（一）甲"), (0, 1, 1, 1, "5")]);
        let next = grid(&xs, 1, &[(0, 0, 1, 1, "（二）乙"), (0, 1, 1, 1, "")]);
        append(&mut prev, &next, Some(2));
        assert_eq!(prev.ys.len(), 3);
        assert!(prev.repairs.is_empty());
    }
}
