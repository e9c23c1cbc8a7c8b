//! Merged cells of a table without ruling lines. With no rules to show a
//! cell's extent, a merged cell prints as its text in its first rows and
//! nothing below; a label that wraps inside a merged cell puts a piece of
//! itself on each row it passes. Two passes bring them back:
//!
//! - pieces of one wrapped text stacked in one column are joined into a
//!   cell spanning their rows: in the header, any piece that starts no
//!   numbered item; in the body, a piece under a numbered label in a column
//!   that later has empty rows (a merged label column);
//! - a label with empty positions below it, in rows that have content
//!   elsewhere, spans those rows (header cells within the header, row
//!   labels within the body, over rows with content to their right).
//!
//! Both are recorded as repairs, as the repair pass records its fill-downs.

use super::layout::starts_numbered;
use crate::model::{Number, Repair, RepairKind};

/// A cell: (row, col, row_span, col_span, text).
pub type GridCell = (usize, usize, usize, usize, String);

fn is_number(text: &str) -> bool {
    Number::parse(text).is_some()
}

/// Restores merged cells in `cells` (one row each, as read) of a table of
/// `n_rows` rows; returns the repairs made.
pub fn restore(cells: &mut Vec<GridCell>, n_rows: usize) -> Vec<Repair> {
    let header_rows = (0..n_rows)
        .take_while(|&r| !cells.iter().any(|c| c.0 == r && is_number(&c.4)))
        .count();
    cells.sort_by_key(|c| (c.0, c.1));
    let mut repairs = Vec::new();
    let joined = join_wrapped_pieces(cells, header_rows);
    if joined > 0 {
        repairs.push(Repair {
            kind: RepairKind::FillDownRowLabel,
            detail: format!(
                "{joined} pieces of wrapped text were joined to the cell above them (a merged cell without rules)"
            ),
            row: None,
        });
    }
    let extended = extend_labels(cells, header_rows, n_rows);
    if extended > 0 {
        repairs.push(Repair {
            kind: RepairKind::FillDownRowLabel,
            detail: format!(
                "{extended} labels were extended over the empty rows below them (merged cells without rules)"
            ),
            row: None,
        });
    }
    repairs
}

fn join_wrapped_pieces(cells: &mut Vec<GridCell>, header_rows: usize) -> usize {
    let mut joined = 0;
    let mut k = 0;
    while k < cells.len() {
        let (r, c, _, cs, ref text) = cells[k];
        let piece = text.clone();
        let above = (r > 0)
            .then(|| {
                cells
                    .iter()
                    .position(|a| a.1 == c && a.3 == cs && a.0 + a.2 == r && !a.4.is_empty())
            })
            .flatten();
        let joins = above.is_some_and(|a| {
            let above = &cells[a].4;
            if starts_numbered(&piece) || is_number(&piece) || is_number(above) {
                return false;
            }
            if r < header_rows {
                return true;
            }
            cells[a].0 >= header_rows
                && crate::numbering::parse(above).is_some()
                && has_empty_below(cells, r, c)
        });
        match above {
            Some(a) if joins => {
                cells[a].4 = super::layout::join_wrapped(&[std::mem::take(&mut cells[a].4), piece]);
                cells[a].2 += 1;
                cells.remove(k);
                joined += 1;
            }
            _ => k += 1,
        }
    }
    joined
}

/// Whether some row below `row` has nothing starting in column `col`
/// while it has content elsewhere.
fn has_empty_below(cells: &[GridCell], row: usize, col: usize) -> bool {
    let last = cells.iter().map(|c| c.0).max().unwrap_or(0);
    (row + 1..=last).any(|r| {
        !cells
            .iter()
            .any(|c| c.0 <= r && r < c.0 + c.2 && c.1 <= col && col < c.1 + c.3)
    })
}

fn extend_labels(cells: &mut [GridCell], header_rows: usize, n_rows: usize) -> usize {
    let mut extended = 0;
    for k in 0..cells.len() {
        let (r, c, _, cs, ref text) = cells[k];
        // Numbers are never merged labels.
        if text.is_empty() || is_number(text) {
            continue;
        }
        // Header cells stay in the header, row labels in the body.
        let limit = if r < header_rows { header_rows } else { n_rows };
        loop {
            let next = cells[k].0 + cells[k].2;
            if next >= limit {
                break;
            }
            let free = !cells
                .iter()
                .any(|o| o.0 <= next && next < o.0 + o.2 && o.1 < c + cs && c < o.1 + o.3);
            let content_beside = cells.iter().any(|o| {
                o.0 == next && !o.4.is_empty() && if r < header_rows { true } else { o.1 >= c + cs }
            });
            if !(free && content_beside) {
                break;
            }
            cells[k].2 += 1;
            extended += 1;
        }
    }
    extended
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(list: &[(usize, usize, usize, &str)]) -> Vec<GridCell> {
        list.iter()
            .map(|&(r, c, cs, t)| (r, c, 1, cs, t.to_string()))
            .collect()
    }

    #[test]
    fn a_wrapped_merged_label_is_joined_and_spans_its_rows() {
        let mut c = cells(&[
            (0, 0, 1, "三、本"),
            (0, 1, 2, "（一）予以公开"),
            (0, 3, 1, "0"),
            (1, 0, 1, "年度办理结果"),
            (1, 1, 2, "（二）部分公开"),
            (1, 3, 1, "2"),
            (2, 1, 1, "（三）不予公开"),
            (2, 2, 1, "1.属于国家秘密"),
            (2, 3, 1, "0"),
            (3, 2, 1, "2.其他"),
            (3, 3, 1, "0"),
        ]);
        let repairs = restore(&mut c, 4);
        assert_eq!(repairs.len(), 2);
        assert!(c.contains(&(0, 0, 4, 1, "三、本年度办理结果".to_string())));
        assert!(c.contains(&(2, 1, 2, 1, "（三）不予公开".to_string())));
        assert!(c.contains(&(0, 1, 1, 2, "（一）予以公开".to_string())));
    }

    #[test]
    fn header_pieces_join_and_header_cells_fill_the_header() {
        let mut c = cells(&[
            (0, 0, 1, "(本列数据的勾稽关系为:第"),
            (0, 1, 4, "申请人情况"),
            (1, 0, 1, "一项加第二项之和)"),
            (1, 1, 1, "自然人"),
            (1, 2, 2, "法人"),
            (1, 4, 1, "总计"),
            (2, 2, 1, "商业企业"),
            (2, 3, 1, "其他"),
            (3, 0, 1, "一、本年新收"),
            (3, 1, 1, "6"),
            (3, 2, 1, "0"),
            (3, 3, 1, "0"),
            (3, 4, 1, "6"),
        ]);
        restore(&mut c, 4);
        assert!(c.contains(&(
            0,
            0,
            3,
            1,
            "(本列数据的勾稽关系为:第一项加第二项之和)".to_string()
        )));
        assert!(c.contains(&(1, 1, 2, 1, "自然人".to_string())));
        assert!(c.contains(&(1, 4, 2, 1, "总计".to_string())));
        assert!(c.contains(&(1, 2, 1, 2, "法人".to_string())));
        assert!(c.contains(&(3, 0, 1, 1, "一、本年新收".to_string())));
    }

    #[test]
    fn plain_rows_are_left_alone() {
        let mut c = cells(&[
            (0, 0, 1, "姓名"),
            (0, 1, 1, "件数"),
            (1, 0, 1, "张三"),
            (1, 1, 1, "1"),
            (2, 0, 1, "李四"),
            (2, 1, 1, "2"),
        ]);
        let before = c.clone();
        assert!(restore(&mut c, 3).is_empty());
        assert_eq!(c, before);
    }
}
