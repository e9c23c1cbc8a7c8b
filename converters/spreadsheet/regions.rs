//! Finds the blocks of a sheet: which cells form one table, and where a
//! sheet holds several tables (stacked, side by side, or corner to corner).
//!
//! A table is a connected region of filled cells, as a spreadsheet shows
//! it: cells that share an edge belong together, and a fully blank row or
//! column between two groups of cells separates them. This is what a
//! spreadsheet program itself takes for "the current region" around a cell
//! (its sorting, filtering and table tools stop at blank rows and columns),
//! except that cells touching only at a corner stay apart: a table whose
//! bottom-right corner meets another's top-left corner is two tables. A
//! merged region fills its whole area, with or without a value, so a merged
//! header over a blank column holds the table together.
//!
//! Three further rules:
//!
//! * Spacer row: a header block (two or more values, none a number), one
//!   blank row, then a block with numbers, the header's columns within the
//!   figures' and both ending in the same column, is one table: the blank
//!   row only pads the header and stays in the grid.
//! * Overlap: regions whose bounding rectangles overlap are one table.
//! * Title row: a table whose first row holds a single value, merged across
//!   two or more columns from the table's first column, above a row of two
//!   or more column labels, has a title, not a header: the title becomes a
//!   block of its own (a paragraph). When another row of the table has the
//!   same shape (one merged value over the same columns), such rows are
//!   section rows of the table (`第二十条第(一)项` … `第二十条第(五)项`) and
//!   the first stays in it.
//!
//! A merged region without a value never makes a block by itself, and is
//! cut to the rows and columns of the values of the table it belongs to.
//! Blocks come in reading order ([`reading_order`]). A block holding rows
//! of text (a sheet written as a document) is first cut by rows into
//! paragraphs and tables ([`text_rows`]); the title rule applies to each
//! of its tables.

use super::connect;
use super::read::{RawCell, Rect};
use super::reading_order::{self, Region};
use super::text_rows::{self, Piece};
use docmend_core::model::Number;

/// How far past the last value (in rows, and in columns) a merged region
/// may reach before it is cut: enough for any merge a person draws, small
/// enough that a merge over a whole column does not make a million rows.
const MERGE_OVERHANG: u32 = 100;

/// A rectangle of the sheet holding one value: a single cell, or a merged
/// region with its text (or without one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub rect: Rect,
    /// Index of the cell that gives the item its text; `None` for a merged
    /// region with no value in it. (A u32 keeps items small on big sheets;
    /// a workbook has at most `read::MAX_CELLS` cells.)
    pub cell: Option<u32>,
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
    let (row_reach, col_reach) = (
        last_row.saturating_add(MERGE_OVERHANG),
        last_col.saturating_add(MERGE_OVERHANG),
    );
    // An empty merge below or right of the last value still belongs to a
    // table when a merged value reaches down or across to it.
    let mut regions: Vec<Rect> = merges
        .iter()
        .filter(|m| m.top <= row_reach && m.left <= col_reach)
        .map(|m| Rect {
            bottom: m.bottom.min(row_reach),
            right: m.right.min(col_reach),
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
            // A merged cell left empty is still a cell of its table.
            items.push(Item {
                rect: region,
                cell: None,
                numeric: false,
            });
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
            cell: Some(first as u32),
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
                cell: Some(i as u32),
                numeric: numeric(i),
            });
        }
    }
    (items, notes)
}

/// A piece of a sheet, in reading order.
#[derive(Debug, PartialEq)]
pub enum Part {
    /// A single value: a title, a note, a lone label (`text_row: false`),
    /// or a row of text cut out of a block ([`text_rows`]).
    Paragraph { item: Item, text_row: bool },
    /// The items of a table.
    Table(Vec<Item>),
}

impl Part {
    /// A table of one item is a paragraph.
    fn of(items: Vec<Item>) -> Part {
        match items[..] {
            [item] => Part::Paragraph {
                item,
                text_row: false,
            },
            _ => Part::Table(items),
        }
    }
}

/// Cuts the items into parts in reading order: tables, single values, and
/// the rows of text of a sheet written as a document.
pub fn blocks(items: Vec<Item>, cells: &[RawCell]) -> Vec<Part> {
    let rects: Vec<Rect> = items.iter().map(|i| i.rect).collect();
    let ids = connect::group_ids(&rects);
    drop(rects);
    let mut groups: Vec<Vec<Item>> = Vec::new();
    for (item, id) in items.into_iter().zip(ids) {
        if id == groups.len() {
            groups.push(Vec::new());
        }
        groups[id].push(item);
    }
    let regions: Vec<Block> = groups.into_iter().filter_map(Block::new).collect();
    let mut out = Vec::new();
    for region in reading_order::order(join_spacer_rows(regions)) {
        match text_rows::cut(region.items, cells) {
            Err(items) => push_table(&mut out, items, region.rect),
            Ok(pieces) => {
                for piece in pieces {
                    match piece {
                        Piece::Text(item) => out.push(Part::Paragraph {
                            item,
                            text_row: true,
                        }),
                        Piece::Table(items) => {
                            let rect = valued_bounds(&items).unwrap_or(region.rect);
                            push_table(&mut out, items, rect);
                        }
                    }
                }
            }
        }
    }
    out
}

/// A table's items, fitted to `rect` (the bounds of its values), with its
/// title row split off.
fn push_table(out: &mut Vec<Part>, items: Vec<Item>, rect: Rect) {
    let items = fit(items, rect);
    match split_title(items) {
        Ok((title, rest)) => {
            out.push(Part::of(vec![title]));
            let rect = valued_bounds(&rest).unwrap_or(rect);
            out.push(Part::of(fit(rest, rect)));
        }
        Err(items) => out.push(Part::of(items)),
    }
}

/// A connected region of the sheet: its items, and the bounding rectangle
/// of those that hold a value.
struct Block {
    items: Vec<Item>,
    rect: Rect,
}

impl Block {
    /// `None` for a region of merged cells without any value.
    fn new(items: Vec<Item>) -> Option<Block> {
        let rect = valued_bounds(&items)?;
        Some(Block { items, rect })
    }

    fn values(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.cell.is_some())
    }

    /// Two or more values, none of them a number: column labels.
    fn is_header(&self) -> bool {
        self.values().count() >= 2 && !self.values().any(|i| i.numeric)
    }
}

impl Region for Block {
    fn rect(&self) -> Rect {
        self.rect
    }

    fn absorb(&mut self, other: Block) {
        self.rect = union(self.rect, other.rect);
        self.items.extend(other.items);
    }
}

fn union(a: Rect, b: Rect) -> Rect {
    Rect {
        top: a.top.min(b.top),
        left: a.left.min(b.left),
        bottom: a.bottom.max(b.bottom),
        right: a.right.max(b.right),
    }
}

/// The bounding rectangle of the items that hold a value.
fn valued_bounds(items: &[Item]) -> Option<Rect> {
    items
        .iter()
        .filter(|i| i.cell.is_some())
        .map(|i| i.rect)
        .reduce(union)
}

/// Cuts the merged regions without a value to `rect`, dropping those
/// wholly outside it: an empty merge hanging below or beside a table does
/// not stretch it.
fn fit(items: Vec<Item>, rect: Rect) -> Vec<Item> {
    items
        .into_iter()
        .filter_map(|mut item| {
            if item.cell.is_some() {
                return Some(item);
            }
            let r = item.rect;
            let clipped = Rect {
                top: r.top.max(rect.top),
                left: r.left.max(rect.left),
                bottom: r.bottom.min(rect.bottom),
                right: r.right.min(rect.right),
            };
            (clipped.top <= clipped.bottom && clipped.left <= clipped.right).then(|| {
                item.rect = clipped;
                item
            })
        })
        .collect()
}

/// Joins each header block to the figures one blank row below it, when
/// the header's columns lie within the figures' and both end in the same
/// column (see the module documentation).
fn join_spacer_rows(regions: Vec<Block>) -> Vec<Block> {
    let mut by_top: Vec<usize> = (0..regions.len()).collect();
    by_top.sort_by_key(|&i| regions[i].rect.top);
    let mut target = vec![None; regions.len()];
    for (a, header) in regions.iter().enumerate() {
        if !header.is_header() {
            continue;
        }
        let Some(top) = header.rect.bottom.checked_add(2) else {
            continue;
        };
        let from = by_top.partition_point(|&i| regions[i].rect.top < top);
        target[a] = by_top[from..]
            .iter()
            .take_while(|&&i| regions[i].rect.top == top)
            .copied()
            .find(|&b| {
                let figures = &regions[b];
                figures.values().any(|i| i.numeric)
                    && figures.rect.right == header.rect.right
                    && figures.rect.left <= header.rect.left
            });
    }
    let mut slots: Vec<Option<Block>> = regions.into_iter().map(Some).collect();
    for (a, b) in target.iter().enumerate() {
        // Figures have numbers and headers none: a header is never a target.
        if let Some(b) = *b
            && let Some(header) = slots[a].take()
            && let Some(figures) = slots[b].as_mut()
        {
            figures.absorb(header);
        }
    }
    slots.into_iter().flatten().collect()
}

/// Splits a title row off a table (see the module documentation): the
/// title and the rest, or the items unchanged.
fn split_title(items: Vec<Item>) -> Result<(Item, Vec<Item>), Vec<Item>> {
    let Some(rect) = valued_bounds(&items) else {
        return Err(items);
    };
    let values = || items.iter().filter(|i| i.cell.is_some());
    let mut first_row = values().filter(|i| i.rect.top == rect.top);
    let (Some(&title), None) = (first_row.next(), first_row.next()) else {
        return Err(items);
    };
    let t = title.rect;
    let shaped_like_title =
        |r: Rect| r.left == rect.left && r.right == t.right && r.top == r.bottom;
    if !shaped_like_title(t) || t.right == t.left {
        return Err(items);
    }
    let labels = values()
        .filter(|i| i.rect.top == rect.top + 1 && i.rect.left == i.rect.right)
        .count();
    if labels < 2 {
        return Err(items);
    }
    // How many values cover each row: a row of the title's shape alone in
    // its row makes the title a section row like it.
    let height = (rect.bottom - rect.top + 1) as usize;
    let mut per_row = vec![0i64; height + 1];
    for item in values() {
        per_row[(item.rect.top - rect.top) as usize] += 1;
        per_row[(item.rect.bottom - rect.top) as usize + 1] -= 1;
    }
    let mut covering = 0;
    for count in per_row.iter_mut() {
        covering += *count;
        *count = covering;
    }
    let recurs = values().any(|i| {
        i.rect.top > rect.top
            && shaped_like_title(i.rect)
            && per_row[(i.rect.top - rect.top) as usize] == 1
    });
    if recurs {
        return Err(items);
    }
    let rest = items.into_iter().filter(|i| *i != title).collect();
    Ok((title, rest))
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
        blocks(items, cells)
            .into_iter()
            .map(|part| {
                let mut corners: Vec<(u32, u32)> = part_items(&part)
                    .iter()
                    .map(|i| (i.rect.top, i.rect.left))
                    .collect();
                corners.sort();
                corners
            })
            .collect()
    }

    fn part_items(part: &Part) -> Vec<Item> {
        match part {
            Part::Paragraph { item, .. } => vec![*item],
            Part::Table(items) => items.clone(),
        }
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
    fn a_blank_column_separates_even_rows_that_line_up() {
        let cells = vec![
            cell(0, 0, "甲"),
            cell(0, 2, "5"),
            cell(1, 0, "乙"),
            cell(1, 2, "6"),
        ];
        assert_eq!(
            layout(&cells, &[]),
            vec![vec![(0, 0), (1, 0)], vec![(0, 2), (1, 2)]]
        );
    }

    #[test]
    fn tables_meeting_at_a_corner_are_two() {
        let cells = vec![
            cell(0, 0, "a"),
            cell(0, 1, "b"),
            cell(1, 0, "c"),
            cell(1, 1, "d"),
            cell(2, 2, "e"),
            cell(2, 3, "f"),
            cell(3, 2, "g"),
        ];
        assert_eq!(
            layout(&cells, &[]),
            vec![
                vec![(0, 0), (0, 1), (1, 0), (1, 1)],
                vec![(2, 2), (2, 3), (3, 2)]
            ]
        );
    }

    #[test]
    fn a_block_inside_another_tables_rectangle_joins_it() {
        // Header over B:D, labels down A, figures at C3:D3 touching neither.
        let cells = vec![
            cell(0, 0, "项目"),
            cell(0, 1, "甲"),
            cell(0, 2, "乙"),
            cell(0, 3, "丙"),
            cell(1, 0, "x"),
            cell(2, 0, "y"),
            cell(2, 2, "1"),
            cell(2, 3, "2"),
        ];
        assert_eq!(layout(&cells, &[]).len(), 1);
    }

    #[test]
    fn a_lone_merged_title_over_column_labels_is_split_off() {
        let cells = vec![
            cell(0, 0, "Reading List"),
            cell(1, 0, "#"),
            cell(1, 1, "Title"),
            cell(1, 2, "Year"),
            cell(2, 0, "1"),
            cell(2, 1, "Hound"),
            cell(2, 2, "1902"),
        ];
        let title = [rect(0, 0, 0, 2)];
        assert_eq!(
            layout(&cells, &title),
            vec![
                vec![(0, 0)],
                vec![(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
            ]
        );
        // Not merged: a value over the first column stays in the table.
        assert_eq!(layout(&cells, &[]).len(), 1);
    }

    #[test]
    fn a_merged_label_that_recurs_is_a_section_row() {
        let cells = vec![
            cell(0, 0, "第二十条第(一)项"),
            cell(1, 0, "信息内容"),
            cell(1, 1, "本年制发件数"),
            cell(2, 0, "规章"),
            cell(2, 1, "0"),
            cell(3, 0, "第二十条第(五)项"),
            cell(4, 0, "信息内容"),
            cell(4, 1, "本年处理决定数量"),
            cell(5, 0, "行政许可"),
            cell(5, 1, "0"),
        ];
        let sections = [rect(0, 0, 0, 1), rect(3, 0, 3, 1)];
        assert_eq!(layout(&cells, &sections).len(), 1);
    }

    #[test]
    fn empty_merges_belong_to_their_table_but_do_not_stretch_it() {
        let cells = vec![
            cell(0, 0, "a"),
            cell(0, 3, "b"),
            cell(1, 0, "1"),
            cell(1, 3, "2"),
        ];
        // B1:C1 merged and empty joins a and b; B3:F3 hangs below, cut
        // to B3:D3... and dropped, since row 3 holds no value; H1:H9 alone
        // is dropped.
        let merges = [rect(0, 1, 0, 2), rect(2, 1, 2, 5), rect(0, 7, 8, 7)];
        let (items, _) = items(&cells, &merges);
        let blocks = blocks(items, &cells);
        assert_eq!(blocks.len(), 1);
        let mut rects: Vec<Rect> = part_items(&blocks[0]).iter().map(|i| i.rect).collect();
        rects.sort();
        assert_eq!(
            rects,
            vec![
                rect(0, 0, 0, 0),
                rect(0, 1, 0, 2),
                rect(0, 3, 0, 3),
                rect(1, 0, 1, 0),
                rect(1, 3, 1, 3)
            ]
        );
    }

    #[test]
    fn merges_take_their_text_and_drop_covered_values() {
        let cells = vec![cell(0, 1, "moved"), cell(1, 1, "dropped"), cell(3, 3, "x")];
        let merges = [
            rect(0, 0, 1, 1),
            rect(1, 1, 2, 2),    // overlaps the first
            rect(0, 2, 0, 3),    // holds no value: an empty cell
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
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].rect, rect(0, 0, 1, 1));
        assert_eq!(items[0].cell, Some(0));
        assert_eq!(items[1].rect, rect(0, 2, 0, 3));
        assert_eq!(items[1].cell, None);
        assert_eq!(items[2].rect, rect(3, 3, 103, 3));
    }
}
