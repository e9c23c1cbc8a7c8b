//! Reads a sheet written as a document: which rows of a connected block
//! are text (a title, headings, paragraphs of prose) and which form its
//! tables.
//!
//! Some offices publish a whole report on one sheet: each line of text in
//! a row of its own, merged across the sheet or typed in column A and
//! overflowing into the empty cells beside it, with the statistics tables
//! below or between the lines and no blank row anywhere. The connected
//! region of such a sheet is all of it; this module cuts it by rows.
//!
//! * A *line* is a row (a band of rows that no merged cell crosses) holding
//!   one value, in the block's first column, however far it is merged.
//!   Every other row holding values is *tabular*.
//! * A line is *text* when it reads as prose: a sentence (`。`, `；`, `！`,
//!   `？`; in Latin script six or more words and a full stop, `!` or `?`
//!   that ends a word rather than an abbreviation), or a numbered
//!   section heading (`一、`, `(一)`). Other lines are *labels*: a table's
//!   title, a section row such as `第二十条第(五)项`, a group label.
//! * A block without text lines is left as it is. Otherwise the tabular
//!   rows form tables and the lines between them are decided run by run:
//!   labels between two tables join them (section rows and group labels
//!   inside one table); a run holding text between two tables whose rows
//!   span the very same columns is also kept inside the one table (a note
//!   row, or a numbered row whose figures are blank); any other run is
//!   text from its first text line to its last, and the labels before it
//!   stay with the table above, those after it with the table below (a
//!   table's title and its first section row), each a row of that table.
//!   Lines with no table on their side are text as well.
//!
//! The pieces come out in row order, which is the sheet's reading order
//! within the block.

use super::read::RawCell;
use super::regions::Item;
use docmend_core::numbering::{self, Style};

/// Words a line of Latin-script text needs before a full stop makes it a
/// sentence, not an abbreviated label (`No. of phases`).
const MIN_SENTENCE_WORDS: usize = 6;

/// A piece of a block cut by rows.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// A row of text: a paragraph.
    Text(Item),
    /// Tabular rows with the label rows that belong to them.
    Table(Vec<Item>),
}

/// Whether a cell's text reads as prose or as a report's section heading
/// rather than as a label.
pub fn reads_as_prose(text: &str) -> bool {
    let text = text.trim();
    is_section_heading(text) || is_sentence(text)
}

fn is_section_heading(text: &str) -> bool {
    numbering::parse(text).is_some_and(|n| matches!(n.style, Style::CjkComma | Style::CjkParen))
}

fn is_sentence(text: &str) -> bool {
    if text.contains(['。', '；', '！', '？']) {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() >= MIN_SENTENCE_WORDS
        && words.iter().enumerate().any(|(i, word)| {
            let word = word.trim_end_matches(['"', '\'', ')', '”', '’']);
            let Some(body) = word.strip_suffix(['.', '!', '?']) else {
                return false;
            };
            // Not an abbreviation (`U.S.`, `No.`, `Dr.`): a word of three
            // or more characters ending in a small letter or a digit.
            let word_ends = body.chars().count() >= 3
                && body
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            // The last word, or one followed by a capitalised word.
            word_ends
                && words
                    .get(i + 1)
                    .is_none_or(|next| next.chars().next().is_some_and(char::is_uppercase))
        })
}

/// What a band of rows holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// No value (empty merged cells only): goes with the band before it.
    Blank,
    /// One value in the block's first column; `text` when it reads as prose.
    Line { text: bool },
    /// Anything else, with the columns its values span.
    Tabular { left: u32, right: u32 },
}

/// A band of rows that no item crosses: its items are `items[from..to]`
/// of the items sorted by their top row.
struct Band {
    from: usize,
    to: usize,
    kind: Kind,
}

/// Cuts a block into text rows and tables (see the module documentation),
/// or gives it back unchanged when none of its lines is text.
pub fn cut(mut items: Vec<Item>, cells: &[RawCell]) -> Result<Vec<Piece>, Vec<Item>> {
    let mut values = items.iter().filter(|i| i.cell.is_some());
    // A value standing alone is a paragraph already.
    let (Some(first), Some(_)) = (values.next(), values.next()) else {
        return Err(items);
    };
    let left = items
        .iter()
        .filter(|i| i.cell.is_some())
        .fold(first.rect.left, |left, i| left.min(i.rect.left));
    items.sort_by_key(|i| (i.rect.top, i.rect.left));
    let bands = bands(&items, left, cells);
    if !bands
        .iter()
        .any(|b| matches!(b.kind, Kind::Line { text: true }))
    {
        return Err(items);
    }
    let fates = fates(&bands);

    // In row order: a table gathers its rows until a text line closes it.
    // Bands are consecutive runs of the sorted items.
    let mut items = items.into_iter();
    let mut pieces = Vec::new();
    let mut table: Vec<Item> = Vec::new();
    for (band, fate) in bands.iter().zip(fates) {
        let mut members = items.by_ref().take(band.to - band.from);
        if fate == Fate::Table {
            table.extend(members);
            continue;
        }
        // A text row's other items, and blank bands among text rows, are
        // empty merged cells: the formatting of the rows, not content.
        let value = members.find(|i| i.cell.is_some());
        members.for_each(drop);
        if let Some(value) = value {
            if !table.is_empty() {
                pieces.push(Piece::Table(std::mem::take(&mut table)));
            }
            pieces.push(Piece::Text(value));
        }
    }
    if !table.is_empty() {
        pieces.push(Piece::Table(table));
    }
    Ok(pieces)
}

/// Splits the sorted items into bands of rows that no item crosses.
fn bands(items: &[Item], left: u32, cells: &[RawCell]) -> Vec<Band> {
    let mut bands = Vec::new();
    let mut from = 0;
    while from < items.len() {
        let mut bottom = items[from].rect.bottom;
        let mut to = from + 1;
        while to < items.len() && items[to].rect.top <= bottom {
            bottom = bottom.max(items[to].rect.bottom);
            to += 1;
        }
        let valued = || items[from..to].iter().filter(|i| i.cell.is_some());
        let kind = match (valued().next(), valued().nth(1)) {
            (None, _) => Kind::Blank,
            (Some(only), None) if only.rect.left == left => Kind::Line {
                text: only
                    .cell
                    .is_some_and(|c| reads_as_prose(&cells[c as usize].text)),
            },
            _ => Kind::Tabular {
                left: valued().map(|i| i.rect.left).min().unwrap_or(left),
                right: valued().map(|i| i.rect.right).max().unwrap_or(left),
            },
        };
        bands.push(Band { from, to, kind });
        from = to;
    }
    bands
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    /// Rows of a table: tabular ones, and the lines kept with them.
    Table,
    /// A row of text, a paragraph.
    Text,
}

/// A run of consecutive bands of one sort, blank bands aside:
/// `bands[from..to]`.
struct Run {
    from: usize,
    to: usize,
    lines: bool,
    /// For a tabular run, the columns its values span.
    columns: (u32, u32),
}

/// The fate of each band (see the module documentation).
fn fates(bands: &[Band]) -> Vec<Fate> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, band) in bands.iter().enumerate() {
        let (lines, columns) = match band.kind {
            Kind::Blank => continue,
            Kind::Line { .. } => (true, (0, 0)),
            Kind::Tabular { left, right } => (false, (left, right)),
        };
        match runs.last_mut() {
            Some(run) if run.lines == lines => {
                run.to = i + 1;
                run.columns = (run.columns.0.min(columns.0), run.columns.1.max(columns.1));
            }
            _ => runs.push(Run {
                from: i,
                to: i + 1,
                lines,
                columns,
            }),
        }
    }
    let mut fates = vec![Fate::Table; bands.len()];
    for (r, run) in runs.iter().enumerate() {
        if !run.lines {
            continue;
        }
        let above = r.checked_sub(1).map(|a| &runs[a]);
        let below = runs.get(r + 1);
        let is_text = |i: usize| matches!(bands[i].kind, Kind::Line { text: true });
        let lines = run.from..run.to;
        let (Some(first), Some(last)) = (
            lines.clone().find(|&i| is_text(i)),
            lines.clone().rev().find(|&i| is_text(i)),
        ) else {
            // Labels only: rows of the tables around them.
            continue;
        };
        if let (Some(above), Some(below)) = (above, below)
            && above.columns == below.columns
        {
            // Rows of one table above and below: a note or a row without
            // figures inside it.
            continue;
        }
        // Labels before the first text line stay with the table above,
        // those after the last with the table below; with no table on
        // their side they are text too.
        let from = if above.is_some() { first } else { run.from };
        let to = if below.is_some() { last + 1 } else { run.to };
        fates[from..to].fill(Fate::Text);
    }
    // A blank band goes with the band before it (at the top, after it).
    let mut previous = None;
    for (i, band) in bands.iter().enumerate() {
        if band.kind == Kind::Blank {
            if let Some(fate) = previous {
                fates[i] = fate;
            }
        } else {
            previous = Some(fates[i]);
        }
    }
    if let Some(first) = bands.iter().position(|b| b.kind != Kind::Blank) {
        let fate = fates[first];
        fates[..first].fill(fate);
    }
    fates
}

#[cfg(test)]
mod tests {
    use super::super::lower::range_name;
    use super::super::read::Rect;
    use super::super::regions;
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell {
            row,
            col,
            text: text.to_string(),
        }
    }

    fn merge(top: u32, left: u32, bottom: u32, right: u32) -> Rect {
        Rect {
            top,
            left,
            bottom,
            right,
        }
    }

    /// The pieces of one block as `text A1` or `table A2:C3` (the bounds
    /// of the table's items); `None` when the block stays as it is.
    fn pieces(mut cells: Vec<RawCell>, merges: &[Rect]) -> Option<Vec<String>> {
        cells.sort_by_key(|c| (c.row, c.col));
        let (items, _) = regions::items(&cells, merges);
        let pieces = cut(items, &cells).ok()?;
        let bounds = |items: &[Item]| {
            items
                .iter()
                .map(|i| i.rect)
                .reduce(|a, b| Rect {
                    top: a.top.min(b.top),
                    left: a.left.min(b.left),
                    bottom: a.bottom.max(b.bottom),
                    right: a.right.max(b.right),
                })
                .unwrap()
        };
        Some(
            pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(item) => format!("text {}", range_name(item.rect)),
                    Piece::Table(items) => format!("table {}", range_name(bounds(items))),
                })
                .collect(),
        )
    }

    #[test]
    fn prose_and_section_headings_read_as_text_and_labels_do_not() {
        for text in [
            "本年度报告根据《条例》要求编制。",
            "一是完善机制；二是加强管理",
            "一、总体情况",
            "（一）主动公开方面",
            "(二)依申请公开方面",
            "1/ \"Cabbages and other brassicas\" are defined as cabbage, collard greens, and kale.",
            "See the notes below. Countries in bold are high-income nations",
        ] {
            assert!(reads_as_prose(text), "{text}");
        }
        for text in [
            "第二十条第(五)项",
            "单位：件",
            "1.属于国家秘密",
            "2022年政府信息公开工作年度报告",
            "晋城市城区人民政府办公室",
            "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
            "No. of phases",
            "U.S. Department of Energy Annual Report Data",
            "This is a long string with a serial number at the end 0001",
            "Inventarliste für GALIPLAN Aktien Global AMI*",
            "",
        ] {
            assert!(!reads_as_prose(text), "{text}");
        }
    }

    #[test]
    fn text_rows_between_tables_become_paragraphs() {
        // A title, a heading and prose merged across A:D over a table of
        // two columns whose first row is a section row of its own width;
        // then a heading in A and a table of four columns.
        let cells = vec![
            cell(0, 0, "2022年工作年度报告"),
            cell(1, 0, "一、总体情况"),
            cell(2, 0, "本年度报告根据条例编制。"),
            cell(3, 0, "第一项"),
            cell(4, 0, "内容"),
            cell(4, 1, "件数"),
            cell(5, 0, "规章"),
            cell(5, 1, "0"),
            cell(6, 0, "二、收到申请情况"),
            cell(7, 0, "项目"),
            cell(7, 1, "甲"),
            cell(7, 2, "乙"),
            cell(7, 3, "总计"),
            cell(8, 0, "新收"),
            cell(8, 1, "1"),
            cell(8, 2, "2"),
            cell(8, 3, "3"),
        ];
        let merges = [
            merge(0, 0, 0, 3),
            merge(1, 0, 1, 3),
            merge(2, 0, 2, 3),
            merge(3, 0, 3, 1),
        ];
        assert_eq!(
            pieces(cells, &merges).unwrap(),
            [
                "text A1:D1",
                "text A2:D2",
                "text A3:D3",
                "table A4:B6",
                "text A7",
                "table A8:D9"
            ]
        );
    }

    #[test]
    fn labels_between_tables_and_a_note_inside_one_table_stay() {
        // Section rows and a group label: no text, the block is left alone.
        let sections = vec![
            cell(0, 0, "第二十条第(一)项"),
            cell(1, 0, "信息内容"),
            cell(1, 1, "本年制发件数"),
            cell(2, 0, "华北"),
            cell(3, 0, "规章"),
            cell(3, 1, "0"),
        ];
        assert_eq!(pieces(sections, &[merge(0, 0, 0, 1)]), None);
        // A numbered row whose figures are blank, between rows spanning
        // the same columns, is a row of the one table.
        let blank_figures = vec![
            cell(0, 0, "一、本年新收"),
            cell(0, 1, "6"),
            cell(0, 2, "6"),
            cell(1, 0, "二、上年结转"),
            cell(2, 0, "三、本年度办理结果"),
            cell(2, 1, "0"),
            cell(2, 2, "0"),
        ];
        assert_eq!(
            pieces(blank_figures, &[]).unwrap(),
            ["table A1:C3"],
            "kept whole"
        );
    }

    #[test]
    fn labels_next_to_a_table_stay_with_it_and_lone_lines_are_text() {
        let cells = vec![
            cell(0, 0, "机关名称"),
            cell(1, 0, "一、总体情况"),
            cell(2, 0, "项目"),
            cell(2, 1, "件数"),
            cell(3, 0, "合计"),
            cell(3, 1, "5"),
            cell(4, 0, "填表人：张三"),
            cell(5, 0, "本表数据截至年底。"),
            cell(6, 0, "2023年1月"),
        ];
        assert_eq!(
            pieces(cells, &[]).unwrap(),
            ["text A1", "text A2", "table A3:B5", "text A6", "text A7"]
        );
        // A column of text alone: every line a paragraph.
        let column = vec![
            cell(0, 0, "一、总体情况"),
            cell(1, 0, "本年度报告根据条例编制。"),
        ];
        assert_eq!(pieces(column, &[]).unwrap(), ["text A1", "text A2"]);
    }

    #[test]
    fn empty_merges_among_text_rows_are_dropped() {
        let cells = vec![
            cell(0, 0, "一、总体情况"),
            cell(2, 0, "本年度报告根据条例编制。"),
            cell(3, 0, "项目"),
            cell(3, 1, "件数"),
        ];
        // Row 2 is an empty merged row joining the text to what follows.
        let merges = [merge(1, 0, 1, 1)];
        assert_eq!(
            pieces(cells, &merges).unwrap(),
            ["text A1", "text A3", "table A4:B4"]
        );
    }
}
