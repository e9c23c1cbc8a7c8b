//! Merged cells of a table whose rows and columns were recovered from
//! where its text stands (`Layout::Aligned`: PDF tables without ruling
//! lines). With no rules to show a cell's extent, a merged cell prints as
//! its text in its first rows and nothing below; a label that wraps inside
//! a merged cell puts a piece of itself on each row it passes. Two passes
//! bring them back:
//!
//! - pieces of one wrapped text stacked in one column are joined into a
//!   cell spanning their rows: in the header (the rows before the first
//!   number; only the first row in a table without numbers), any piece
//!   that starts no numbered item; in the body, a piece under a numbered
//!   label in a column that later has empty rows (a merged label column).
//!   Either way the line above must be full: a line wraps only where the
//!   next word would not fit, so a line with room for the piece's first
//!   word ends a text of its own (`申请人情况` over `法人或其他组织` are
//!   two header cells, not one);
//! - a label with empty positions below it, in rows that have content
//!   elsewhere (a joined piece is content of every row it covers), spans
//!   those rows (header cells within the header, row labels within the
//!   body, over rows with content to their right), up to a row whose own
//!   label, right after the label's columns or left of them, is numbered
//!   at the label's level or above (`(六)其他处理` does not span
//!   `(七)总计`, nor `(三)…` the row of `四、…`).
//!
//! Both are recorded as repairs, with the evidence: the empty positions
//! below the label in rows that have content beside it, which a table
//! drawn without rules shows for a merged cell.

use crate::cjk::{join_wrapped, lines_join_without_space};
use crate::model::{Cell, Layout, Number, Repair, RepairKind, Table, WrappedText};
use crate::numbering::starts_numbered;
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// A cell: (row, col, row_span, col_span, text).
pub type GridCell = (usize, usize, usize, usize, String);

fn is_number(text: &str) -> bool {
    Number::parse(text).is_some()
}

/// The depth of a label's numbering (`一、` 1, `（一）` 2, `1.` 3).
fn numbering_level(text: &str) -> Option<u8> {
    crate::numbering::parse(text).map(|n| n.style.heading_level())
}

/// Which cell covers each position of the grid, to look neighbours up
/// without scanning every cell (tables of thousands of rows stay linear).
struct Occupancy {
    cols: usize,
    owner: Vec<Option<usize>>,
}

impl Occupancy {
    fn new(cells: &[GridCell], rows: usize) -> Occupancy {
        let cols = cells.iter().map(|c| c.1 + c.3).max().unwrap_or(0);
        let mut o = Occupancy {
            cols,
            owner: vec![None; rows * cols],
        };
        for (k, c) in cells.iter().enumerate() {
            o.cover(c, k);
        }
        o
    }

    fn cover(&mut self, c: &GridCell, k: usize) {
        for r in c.0..c.0 + c.2 {
            for col in c.1..c.1 + c.3 {
                if let Some(slot) = self.owner.get_mut(r * self.cols + col) {
                    *slot = Some(k);
                }
            }
        }
    }

    fn at(&self, row: usize, col: usize) -> Option<usize> {
        (col < self.cols)
            .then(|| self.owner.get(row * self.cols + col).copied().flatten())
            .flatten()
    }
}

/// Restores the merged cells of an aligned table in place and makes it an
/// exact grid (uncovered positions are filled by the caller).
pub fn restore_table(table: &mut Table) {
    let mut cells: Vec<GridCell> = table
        .cells
        .drain(..)
        .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text))
        .collect();
    let repairs = restore(&mut cells, table.n_rows, &table.raw.wrapped);
    table.cells = cells
        .into_iter()
        .map(|(row, col, row_span, col_span, text)| {
            Cell::spanned(row, col, row_span, col_span, text)
        })
        .collect();
    table.repairs.extend(repairs);
    table.layout = Layout::Exact;
}

/// Restores merged cells in `cells` (one row each, as read) of a table of
/// `n_rows` rows, whose cells joined from several lines the converter
/// lists in `wrapped`; returns the repairs made.
pub fn restore(cells: &mut Vec<GridCell>, n_rows: usize, wrapped: &[WrappedText]) -> Vec<Repair> {
    // The header: the rows before the first with a number. A table
    // without numbers shows no end of its header: only its first row is
    // taken for one, so that the rows below (names, posts, any text set
    // one per line) are not read as the wrapped lines of header cells.
    let header_rows = cells
        .iter()
        .filter(|c| is_number(&c.4))
        .map(|c| c.0)
        .min()
        .unwrap_or(n_rows.min(1));
    cells.sort_by_key(|c| (c.0, c.1));
    let mut repairs = Vec::new();
    let joined = join_wrapped_pieces(cells, header_rows, n_rows, wrapped);
    if joined > 0 {
        repairs.push(Repair {
            evidence: "the table has no ruling lines; each piece stands alone on its row under the text it continues, starts no numbered item, its first word would not have fitted on the line above, and its column has empty rows below (a merged label column) or it is in the header".to_string(),
            kind: RepairKind::FillDownRowLabel,
            detail: format!(
                "{joined} pieces of wrapped text were joined to the cell above them (a merged cell without rules)"
            ),
            row: None,
        });
    }
    let (labels, rows) = extend_labels(cells, header_rows, n_rows);
    if labels > 0 {
        repairs.push(Repair {
            evidence: "the table has no ruling lines; the positions below each label are empty in rows that have content to their right (in the header: content anywhere)".to_string(),
            kind: RepairKind::FillDownRowLabel,
            detail: format!(
                "{labels} labels were extended over {rows} empty rows below them (merged cells without rules)"
            ),
            row: None,
        });
    }
    repairs
}

fn join_wrapped_pieces(
    cells: &mut Vec<GridCell>,
    header_rows: usize,
    n_rows: usize,
    wrapped: &[WrappedText],
) -> usize {
    let occupancy = Occupancy::new(cells, n_rows);
    // The last row in which each column is empty: a merged label column
    // has empty rows below its labels.
    let mut last_empty = vec![None; occupancy.cols];
    for (col, last) in last_empty.iter_mut().enumerate() {
        *last = (0..n_rows).rev().find(|&r| occupancy.at(r, col).is_none());
    }
    // A joined piece's cell points at the cell that took it, so that a
    // third piece finds the first (chains of pieces).
    let mut taken_by: Vec<Option<usize>> = vec![None; cells.len()];
    // Per cell, the widths of its widest and of its last line, to judge
    // whether its last line was full when the next piece comes. A text the
    // converter lists no lines for stood on one line.
    let lines: HashMap<&str, &[String]> = wrapped
        .iter()
        .map(|w| (w.text.trim(), w.lines.as_slice()))
        .collect();
    let mut widths: Vec<LineWidths> = cells
        .iter()
        .map(|c| {
            let text = c.4.trim();
            match lines.get(text) {
                Some(lines) => LineWidths::of(lines.iter().map(|l| l.trim().width())),
                None => LineWidths::of([text.width()]),
            }
        })
        .collect();
    let resolve = |taken_by: &[Option<usize>], mut k: usize| {
        while let Some(t) = taken_by[k] {
            k = t;
        }
        k
    };
    let mut joined = 0;
    for k in 0..cells.len() {
        let (r, c, rs, cs) = (cells[k].0, cells[k].1, cells[k].2, cells[k].3);
        if r == 0 || rs != 1 {
            continue;
        }
        let Some(a) = occupancy.at(r - 1, c).map(|a| resolve(&taken_by, a)) else {
            continue;
        };
        let (above, piece) = (&cells[a], &cells[k].4);
        if above.1 != c || above.3 != cs || above.0 + above.2 != r || above.4.is_empty() {
            continue;
        }
        if starts_numbered(piece) || is_number(piece) || is_number(&above.4) {
            continue;
        }
        let joins = r < header_rows
            || (above.0 >= header_rows
                && crate::numbering::parse(&above.4).is_some()
                && last_empty[c].is_some_and(|e| e > r));
        if joins && wraps_into(widths[a], &above.4, widths[k], piece) {
            widths[a] = LineWidths {
                widest: widths[a].widest.max(widths[k].widest),
                last: widths[k].last,
            };
            let piece = std::mem::take(&mut cells[k].4);
            cells[a].4 = join_wrapped(&[std::mem::take(&mut cells[a].4), piece]);
            cells[a].2 += 1;
            taken_by[k] = Some(a);
            joined += 1;
        }
    }
    let mut k = 0;
    cells.retain(|_| {
        k += 1;
        taken_by[k - 1].is_none()
    });
    joined
}

/// The widths of a text's widest and last lines, in columns (a Chinese
/// character 2, a Latin letter 1).
#[derive(Debug, Clone, Copy, PartialEq)]
struct LineWidths {
    widest: usize,
    last: usize,
}

impl LineWidths {
    fn of(widths: impl IntoIterator<Item = usize>) -> LineWidths {
        widths
            .into_iter()
            .fold(LineWidths { widest: 0, last: 0 }, |w, line| LineWidths {
                widest: w.widest.max(line),
                last: line,
            })
    }
}

/// Whether `piece` (lines as wide as `piece_lines`) can go on from a text
/// ending in `above` (lines `above_lines`): only if its first word would
/// not have fitted on the line above, which is all a line breaks for. One
/// column of slack allows for proportional fonts.
fn wraps_into(above_lines: LineWidths, above: &str, piece_lines: LineWidths, piece: &str) -> bool {
    let piece = piece.trim();
    let (Some(end), Some(start)) = (above.trim_end().chars().last(), piece.chars().next()) else {
        return false;
    };
    let separator = usize::from(!lines_join_without_space(end, start) && end != '-');
    let widest = above_lines.widest.max(piece_lines.widest);
    above_lines.last + separator + first_word(piece).width() + 1 > widest
}

/// The first unit a line can break before: one wide character, or a run
/// of other characters up to a space or a wide character.
fn first_word(text: &str) -> &str {
    let mut chars = text.char_indices();
    match chars.next() {
        None => "",
        Some((_, c)) if crate::cjk::is_wide(c) => &text[..c.len_utf8()],
        Some(_) => {
            let end = chars
                .find(|&(_, c)| c.is_whitespace() || crate::cjk::is_wide(c))
                .map_or(text.len(), |(i, _)| i);
            &text[..end]
        }
    }
}

/// Extends labels over the empty positions below them; returns how many
/// labels were extended and over how many rows in all.
fn extend_labels(cells: &mut [GridCell], header_rows: usize, n_rows: usize) -> (usize, usize) {
    let mut occupancy = Occupancy::new(cells, n_rows);
    // Per row: whether it has text, and the rightmost column a text starts
    // in. A text covers every row it spans: a row whose only text is a
    // wrapped piece joined to the cell above has content all the same.
    let mut rightmost_text: Vec<Option<usize>> = vec![None; n_rows];
    for c in cells.iter().filter(|c| !c.4.is_empty()) {
        for slot in rightmost_text.iter_mut().skip(c.0).take(c.2) {
            *slot = Some(slot.map_or(c.1, |m: usize| m.max(c.1)));
        }
    }
    // Per row: the numbering level of each label (text that is no number),
    // by column.
    let mut row_labels: Vec<Vec<(usize, Option<u8>)>> = vec![Vec::new(); n_rows];
    for c in cells.iter().filter(|c| !c.4.is_empty() && !is_number(&c.4)) {
        if let Some(labels) = row_labels.get_mut(c.0) {
            labels.push((c.1, numbering_level(&c.4)));
        }
    }
    let (mut labels, mut rows) = (0, 0);
    for (k, cell) in cells.iter_mut().enumerate() {
        let (r, c, cs) = (cell.0, cell.1, cell.3);
        // Numbers are never merged labels.
        if cell.4.is_empty() || is_number(&cell.4) {
            continue;
        }
        // Header cells stay in the header, row labels in the body.
        let header = r < header_rows;
        let limit = if header { header_rows } else { n_rows };
        let level = numbering_level(&cell.4);
        let spanned = cell.2;
        loop {
            let next = cell.0 + cell.2;
            if next >= limit {
                break;
            }
            // The next item of the label's own list, or of one above it,
            // starts a new group: the row's label right after this one's
            // columns, or one left of them (an outer item, whose text may
            // stay in its first column).
            let next_item = !header
                && level.is_some_and(|level| {
                    let row = &row_labels[next];
                    let right = row.iter().find(|(col, _)| *col >= c + cs);
                    let left = row.iter().filter(|(col, _)| *col < c);
                    right
                        .into_iter()
                        .chain(left)
                        .any(|(_, l)| l.is_some_and(|l| l <= level))
                });
            if next_item {
                break;
            }
            let free = (c..c + cs).all(|col| occupancy.at(next, col).is_none());
            let content_beside = match rightmost_text[next] {
                Some(m) => header || m >= c + cs,
                None => false,
            };
            if !(free && content_beside) {
                break;
            }
            cell.2 += 1;
            occupancy.cover(cell, k);
            rows += 1;
        }
        if cell.2 > spanned {
            labels += 1;
        }
    }
    (labels, rows)
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
            (0, 0, 1, "三、本年度"),
            (0, 1, 2, "（一）予以公开"),
            (0, 3, 1, "0"),
            (1, 0, 1, "办理结果"),
            (1, 1, 2, "（二）部分公开"),
            (1, 3, 1, "2"),
            (2, 1, 1, "（三）不予公开"),
            (2, 2, 1, "1.属于国家秘密"),
            (2, 3, 1, "0"),
            (3, 2, 1, "2.其他"),
            (3, 3, 1, "0"),
        ]);
        let repairs = restore(&mut c, 4, &[]);
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
        restore(&mut c, 4, &[]);
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
    fn a_header_line_with_room_left_is_no_wrapped_piece() {
        // `申请人情况` and `法人或其他组织` stand over the same columns in
        // two header rows; `法` would have fitted after `申请人情况`, so
        // the second is a cell of its own. `(本列…第` is as wide as its
        // text gets: `一项…` goes on from it.
        let mut c = cells(&[
            (0, 0, 1, "(本列数据的勾稽关系为:第"),
            (0, 2, 3, "申请人情况"),
            (1, 0, 1, "一项加第二项之和)"),
            (1, 1, 1, "自然人"),
            (1, 2, 3, "法人或其他组织"),
            (2, 2, 1, "商业企业"),
            (2, 3, 1, "科研机构"),
            (2, 4, 1, "其他"),
            (3, 0, 1, "一、本年新收"),
            (3, 1, 1, "6"),
            (3, 2, 1, "0"),
            (3, 3, 1, "0"),
            (3, 4, 1, "0"),
        ]);
        restore(&mut c, 4, &[]);
        assert!(c.contains(&(0, 2, 1, 3, "申请人情况".to_string())));
        assert!(c.contains(&(1, 2, 1, 3, "法人或其他组织".to_string())));
        assert!(c.contains(&(
            0,
            0,
            3,
            1,
            "(本列数据的勾稽关系为:第一项加第二项之和)".to_string()
        )));
    }

    #[test]
    fn the_converters_lines_show_a_narrow_label_wrapped() {
        // A label set in a narrow merged cell: `三、本` / `年度办` / `理结果`;
        // the converter joined the last two (one row of figures) and says
        // so. Without its lines the piece reads as one line of 12 columns,
        // which `三、本` (6) had room for: no join.
        let rows = || {
            cells(&[
                (0, 0, 1, "三、本"),
                (0, 1, 1, "（一）予以公开"),
                (0, 2, 1, "0"),
                (1, 0, 1, "年度办理结果"),
                (1, 1, 1, "（二）部分公开"),
                (1, 2, 1, "2"),
                (2, 1, 1, "（三）不予公开"),
                (2, 2, 1, "0"),
            ])
        };
        let lines = [WrappedText {
            text: "年度办理结果".to_string(),
            lines: vec!["年度办".to_string(), "理结果".to_string()],
        }];
        let mut c = rows();
        restore(&mut c, 3, &lines);
        assert!(c.contains(&(0, 0, 3, 1, "三、本年度办理结果".to_string())));
        let mut c = rows();
        restore(&mut c, 3, &[]);
        assert!(c.contains(&(0, 0, 1, 1, "三、本".to_string())));
        assert!(c.contains(&(1, 0, 2, 1, "年度办理结果".to_string())));
    }

    #[test]
    fn only_a_full_line_wraps() {
        // Chinese breaks between any two characters: a line as wide as
        // the text wraps, a shorter one had room for one more.
        let one = |text: &str| LineWidths::of([text.width()]);
        let wraps = |above: &str, piece: &str| wraps_into(one(above), above, one(piece), piece);
        assert!(wraps("三、本年度", "办理结果"));
        assert!(!wraps("申请人情况", "法人或其他组织"));
        // A piece the converter joined from lines is as wide as its widest.
        let lines = LineWidths::of([6, 6]);
        assert!(wraps_into(one("三、本"), "三、本", lines, "年度办理结果"));
        let wider = LineWidths::of([8, 8]);
        assert!(!wraps_into(one("三、"), "三、", wider, "本年度办理结果"));
        // Latin breaks between words: `Organisation` did not fit after
        // `International` in a column 15 wide.
        assert!(wraps("International", "Organisation of"));
        assert!(!wraps("Total", "Income and expenditure"));
        assert_eq!(first_word("Organisation of"), "Organisation");
        assert_eq!(first_word("法人"), "法");
        assert_eq!(first_word("2022年"), "2022");
    }

    #[test]
    fn a_numbered_label_does_not_span_the_next_item_of_its_list() {
        // `(六)其他处理` over its three sub-rows, not over `(七)总计` nor
        // over `四、…`, which a page without rules shows one column
        // further right (their text set flush right, starting there).
        let mut c = cells(&[
            (0, 0, 1, "(六)其他处理"),
            (0, 1, 1, "1.申请人逾期"),
            (0, 2, 1, "0"),
            (1, 1, 1, "2.其他"),
            (1, 2, 1, "0"),
            (2, 1, 1, "(七)总计"),
            (2, 2, 1, "8"),
            (3, 1, 1, "四、结转下年度继续办理"),
            (3, 2, 1, "0"),
        ]);
        restore(&mut c, 4, &[]);
        assert!(c.contains(&(0, 0, 2, 1, "(六)其他处理".to_string())));
        assert!(c.contains(&(2, 1, 1, 1, "(七)总计".to_string())));
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
        assert!(restore(&mut c, 3, &[]).is_empty());
        assert_eq!(c, before);
    }
}
