//! Finds the blocks of a sheet: which cells form one table, and where a
//! sheet holds several tables (stacked, or side by side).
//!
//! A sheet's cells and merged regions become rectangles ("items"); the
//! sheet is then cut recursively along fully blank rows and fully blank
//! columns (an XY-cut), in reading order: bands from top to bottom, each
//! band's pieces from left to right. Two rules keep padding from cutting
//! one table apart:
//!
//! * Spacer row: a single blank row between a header block (two or more
//!   cells, none a number) and a block with numbers is a spacer when the
//!   header's columns lie within the data's and both end in the same
//!   column. The blocks stay one table.
//! * Spacer column: a single blank column between two pieces that occupy
//!   exactly the same rows is a spacer. The pieces stay one table.
//!
//! Anything else blank-separated is a separate block. A merged region
//! counts as occupied over its whole area, so a merged header that bridges
//! a blank column keeps the table whole.

use super::read::{RawCell, Rect};
use crate::model::Number;

/// Deeper cuts than this stop and keep the region whole: real sheets need
/// a handful of levels, and the cap bounds the work on hostile layouts.
const MAX_DEPTH: usize = 64;

/// How far past the last value (in rows, and in columns) a merged region
/// may reach before it is cut: enough for any merge a person draws, small
/// enough that a merge over a whole column does not make a million rows.
const MERGE_OVERHANG: u32 = 100;

/// A rectangle of the sheet holding one value: a single cell, or a merged
/// region with its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub rect: Rect,
    /// Index of the cell that gives the item its text.
    pub cell: usize,
    pub numeric: bool,
}

/// What building the items found that a reader should hear about.
#[derive(Debug, Default, PartialEq)]
pub struct ItemNotes {
    /// Merged regions dropped because they overlap an earlier one.
    pub overlapping_merges: usize,
    /// Values in cells covered by a merge (not its top-left), dropped.
    pub covered_values_dropped: usize,
    /// Merges whose top-left cell was empty but a covered cell had text,
    /// which was moved to the merge.
    pub covered_values_moved: usize,
}

/// Turns a sheet's cells (sorted by row, col) and merged regions into items.
pub fn items(cells: &[RawCell], merges: &[Rect]) -> (Vec<Item>, ItemNotes) {
    let mut notes = ItemNotes::default();
    let numeric = |i: usize| Number::parse(&cells[i].text).is_some();
    let (Some(last_row), Some(last_col)) = (
        cells.last().map(|c| c.row),
        cells.iter().map(|c| c.col).max(),
    ) else {
        return (Vec::new(), notes);
    };

    // Merged regions without duplicates or overlaps. A merge is kept as the
    // file has it, except that one reaching far past the last value (a whole
    // column merged, say) is cut MERGE_OVERHANG rows or columns past it.
    let mut regions: Vec<Rect> = merges
        .iter()
        .filter(|m| m.top <= last_row && m.left <= last_col)
        .map(|m| Rect {
            bottom: m.bottom.min(last_row.saturating_add(MERGE_OVERHANG)),
            right: m.right.min(last_col.saturating_add(MERGE_OVERHANG)),
            ..*m
        })
        .filter(|m| m.bottom > m.top || m.right > m.left)
        .collect();
    regions.sort();
    regions.dedup();
    let mut accepted: Vec<Rect> = Vec::with_capacity(regions.len());
    let mut active: Vec<usize> = Vec::new();
    for region in regions {
        active.retain(|&i| accepted[i].bottom >= region.top);
        let overlaps = active.iter().any(|&i| {
            let a = accepted[i];
            a.left <= region.right && region.left <= a.right
        });
        if overlaps {
            notes.overlapping_merges += 1;
        } else {
            active.push(accepted.len());
            accepted.push(region);
        }
    }

    let mut consumed = vec![false; cells.len()];
    let mut items = Vec::with_capacity(cells.len());
    for region in accepted {
        let mut inside: Vec<usize> = Vec::new();
        for row in region.top..=region.bottom {
            let from = cells.partition_point(|c| (c.row, c.col) < (row, region.left));
            let to = cells.partition_point(|c| (c.row, c.col) <= (row, region.right));
            inside.extend(from..to);
        }
        let Some(&first) = inside.first() else {
            // A merge with no value anywhere in it is formatting only.
            continue;
        };
        let anchor_has_text = cells[first].row == region.top && cells[first].col == region.left;
        if !anchor_has_text {
            notes.covered_values_moved += 1;
        }
        notes.covered_values_dropped += inside.len() - 1;
        for &i in &inside {
            consumed[i] = true;
        }
        items.push(Item {
            rect: region,
            cell: first,
            numeric: numeric(first),
        });
    }
    for (i, cell) in cells.iter().enumerate() {
        if !consumed[i] {
            items.push(Item {
                rect: Rect {
                    top: cell.row,
                    left: cell.col,
                    bottom: cell.row,
                    right: cell.col,
                },
                cell: i,
                numeric: numeric(i),
            });
        }
    }
    (items, notes)
}

/// Cuts the items into blocks in reading order.
pub fn blocks(items: Vec<Item>) -> Vec<Vec<Item>> {
    let mut out = Vec::new();
    if !items.is_empty() {
        cut(items, 0, &mut out);
    }
    out
}

fn cut(items: Vec<Item>, depth: usize, out: &mut Vec<Vec<Item>>) {
    if depth >= MAX_DEPTH {
        out.push(items);
        return;
    }
    let mut bands = split(items, Axis::Rows);
    if bands.len() > 1 {
        for band in bands {
            cut(band, depth + 1, out);
        }
        return;
    }
    let mut pieces = split(bands.pop().unwrap_or_default(), Axis::Cols);
    if pieces.len() > 1 {
        for piece in pieces {
            cut(piece, depth + 1, out);
        }
        return;
    }
    out.push(pieces.pop().unwrap_or_default());
}

#[derive(Clone, Copy, PartialEq)]
enum Axis {
    Rows,
    Cols,
}

/// The span of a rectangle along the axis being cut.
fn span(rect: &Rect, axis: Axis) -> (u32, u32) {
    match axis {
        Axis::Rows => (rect.top, rect.bottom),
        Axis::Cols => (rect.left, rect.right),
    }
}

/// Splits items into groups separated by fully blank lines (rows or
/// columns), then joins groups that only a spacer line separates.
fn split(mut items: Vec<Item>, axis: Axis) -> Vec<Vec<Item>> {
    items.sort_by_key(|item| span(&item.rect, axis));
    let mut groups: Vec<Group> = Vec::new();
    for item in items {
        let (from, to) = span(&item.rect, axis);
        match groups.last_mut() {
            Some(group) if from <= group.end + 1 => {
                group.end = group.end.max(to);
                group.items.push(item);
            }
            _ => groups.push(Group {
                start: from,
                end: to,
                items: vec![item],
            }),
        }
    }
    let mut joined: Vec<Group> = Vec::with_capacity(groups.len());
    for group in groups {
        match joined.last_mut() {
            Some(previous) if is_spacer(previous, &group, axis) => {
                previous.end = group.end;
                previous.items.extend(group.items);
            }
            _ => joined.push(group),
        }
    }
    joined.into_iter().map(|g| g.items).collect()
}

struct Group {
    start: u32,
    end: u32,
    items: Vec<Item>,
}

/// Whether the single blank line between two groups only pads one table.
fn is_spacer(before: &Group, after: &Group, axis: Axis) -> bool {
    if after.start != before.end + 2 {
        return false;
    }
    match axis {
        Axis::Rows => {
            let (b_left, b_right) = extent(&before.items, Axis::Cols);
            let (a_left, a_right) = extent(&after.items, Axis::Cols);
            before.items.len() >= 2
                && !before.items.iter().any(|i| i.numeric)
                && after.items.iter().any(|i| i.numeric)
                && b_right == a_right
                && b_left >= a_left
        }
        Axis::Cols => occupied_rows(&before.items) == occupied_rows(&after.items),
    }
}

fn extent(items: &[Item], axis: Axis) -> (u32, u32) {
    items.iter().fold((u32::MAX, 0), |(lo, hi), item| {
        let (from, to) = span(&item.rect, axis);
        (lo.min(from), hi.max(to))
    })
}

/// The rows a group occupies, as sorted disjoint intervals.
fn occupied_rows(items: &[Item]) -> Vec<(u32, u32)> {
    let mut spans: Vec<(u32, u32)> = items.iter().map(|i| (i.rect.top, i.rect.bottom)).collect();
    spans.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 + 1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell {
            row,
            col,
            text: text.to_string(),
        }
    }

    fn rect(top: u32, left: u32, bottom: u32, right: u32) -> Rect {
        Rect {
            top,
            left,
            bottom,
            right,
        }
    }

    /// Each block as the (row, col) of its items' top-left corners, sorted.
    fn layout(cells: &[RawCell], merges: &[Rect]) -> Vec<Vec<(u32, u32)>> {
        let (items, _) = items(cells, merges);
        blocks(items)
            .into_iter()
            .map(|block| {
                let mut corners: Vec<(u32, u32)> =
                    block.iter().map(|i| (i.rect.top, i.rect.left)).collect();
                corners.sort();
                corners
            })
            .collect()
    }

    #[test]
    fn blank_rows_and_columns_separate_tables() {
        let cells = vec![
            cell(0, 0, "a"),
            cell(0, 1, "1"),
            cell(1, 0, "b"),
            cell(1, 1, "2"),
            cell(0, 3, "right"),
            cell(0, 4, "9"),
            cell(4, 0, "c"),
            cell(4, 1, "3"),
        ];
        assert_eq!(
            layout(&cells, &[]),
            vec![
                vec![(0, 0), (0, 1), (1, 0), (1, 1)],
                vec![(0, 3), (0, 4)],
                vec![(4, 0), (4, 1)],
            ]
        );
    }

    #[test]
    fn a_spacer_row_under_a_header_keeps_one_table() {
        let cells = vec![
            cell(0, 0, "项目"),
            cell(0, 1, "数量"),
            cell(2, 0, "甲"),
            cell(2, 1, "5"),
            cell(3, 0, "乙"),
            cell(3, 1, "6"),
        ];
        assert_eq!(layout(&cells, &[]).len(), 1);
        // Two blank rows are a separation, not a spacer.
        let mut far = cells.clone();
        for c in far.iter_mut().skip(2) {
            c.row += 1;
        }
        assert_eq!(layout(&far, &[]).len(), 2);
        // A block with numbers above is another table, not a header.
        let tables = vec![
            cell(0, 0, "x"),
            cell(0, 1, "1"),
            cell(2, 0, "y"),
            cell(2, 1, "2"),
        ];
        assert_eq!(layout(&tables, &[]).len(), 2);
        // A lone title above is not a header block.
        let titled = vec![cell(0, 0, "标题"), cell(2, 0, "甲"), cell(2, 1, "5")];
        assert_eq!(layout(&titled, &[]).len(), 2);
    }

    #[test]
    fn a_spacer_column_between_aligned_rows_keeps_one_table() {
        let cells = vec![
            cell(0, 0, "甲"),
            cell(0, 2, "5"),
            cell(1, 0, "乙"),
            cell(1, 2, "6"),
        ];
        assert_eq!(layout(&cells, &[]).len(), 1);
        let ragged = vec![cell(0, 0, "甲"), cell(0, 2, "5"), cell(1, 0, "乙")];
        assert_eq!(layout(&ragged, &[]).len(), 2);
    }

    #[test]
    fn a_merge_bridges_a_blank_column() {
        let cells = vec![
            cell(0, 0, "header"),
            cell(1, 0, "a"),
            cell(1, 2, "1"),
            cell(2, 0, "b"),
        ];
        assert_eq!(layout(&cells, &[]).len(), 2);
        assert_eq!(layout(&cells, &[rect(0, 0, 0, 2)]).len(), 1);
    }

    #[test]
    fn merges_take_their_text_and_drop_covered_values() {
        let cells = vec![cell(0, 1, "moved"), cell(1, 1, "dropped"), cell(3, 3, "x")];
        let merges = [
            rect(0, 0, 1, 1),
            rect(1, 1, 2, 2),    // overlaps the first
            rect(5, 5, 9, 9),    // holds no value: formatting only
            rect(3, 3, 1000, 3), // cut 100 rows past the last value
        ];
        let (items, notes) = items(&cells, &merges);
        assert_eq!(
            notes,
            ItemNotes {
                overlapping_merges: 1,
                covered_values_dropped: 1,
                covered_values_moved: 1,
            }
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].rect, rect(0, 0, 1, 1));
        assert_eq!(items[0].cell, 0);
        assert_eq!(items[1].rect, rect(3, 3, 103, 3));
    }
}
