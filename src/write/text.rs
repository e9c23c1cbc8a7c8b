//! Plain text in reading order: headings and paragraphs as lines, lists
//! indented with their markers, tables as columns aligned by display width
//! (a CJK character takes two columns on a terminal).

use super::grid::{Grid, Slot};
use super::inline::heading_text;
use super::{Place, Places, WriteOptions, separate};
use crate::model::{Block, Document, List, Table};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Between two columns of a table.
const GAP: &str = "  ";

pub fn write(document: &Document, options: &WriteOptions) -> String {
    let mut out = String::new();
    let mut places = Places::default();
    for block in &document.blocks {
        if let Some(place) = places.change(block, options) {
            separate(&mut out);
            let _ = match place {
                Place::Page(page) => writeln!(out, "--- page {page} ---"),
                Place::Sheet(sheet) => writeln!(out, "--- sheet {sheet} ---"),
            };
        }
        separate(&mut out);
        match block {
            Block::Heading(heading) => {
                let _ = writeln!(out, "{}", heading_text(heading).replace('\n', " "));
            }
            Block::Paragraph(paragraph) => {
                let _ = writeln!(out, "{}", paragraph.text.trim_end_matches('\n'));
            }
            Block::List(list) => write_list(&mut out, list),
            Block::Table(table) => write_table(&mut out, table),
            _ => {}
        }
    }
    out
}

fn write_list(out: &mut String, list: &List) {
    let mut numbers: Vec<usize> = Vec::new();
    for item in &list.items {
        let level = usize::from(item.level);
        numbers.resize(level + 1, 0);
        numbers[level] += 1;
        let marker = match item.marker.as_deref().map(str::trim) {
            Some(marker) if !marker.is_empty() => marker.to_string(),
            _ if item.ordered => format!("{}.", numbers[level]),
            _ => "-".to_string(),
        };
        let indent = "  ".repeat(level);
        let hang = " ".repeat(indent.len() + marker.width() + 1);
        let text = item.text.replace('\n', &format!("\n{hang}"));
        let _ = writeln!(out, "{indent}{marker} {text}");
    }
}

fn write_table(out: &mut String, table: &Table) {
    let grid = Grid::of(table);
    if grid.rows == 0 || grid.cols == 0 {
        return;
    }
    // A cell's lines stay lines; spaces inside a line are evened out.
    let lines_of = |text: &str| -> Vec<String> {
        text.lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let width_of = |text: &str| lines_of(text).iter().map(|l| l.width()).max().unwrap_or(0);
    // Column widths from the cells that fill one column (a long text is
    // wrapped at MAX_COLUMN), then widened, within the same bound, where a
    // spanning cell needs more than its columns give.
    let mut widths = vec![0usize; grid.cols];
    let mut spanning = Vec::new();
    for row in 0..grid.rows {
        for cell in grid.starts_in(row) {
            let width = width_of(&cell.text);
            let span = cell.col_span.clamp(1, grid.cols - cell.col);
            if span == 1 {
                widths[cell.col] = widths[cell.col].max(width.min(MAX_COLUMN));
            } else {
                spanning.push((cell.col, span, width));
            }
        }
    }
    for (col, span, width) in spanning {
        let available = span_width(&widths[col..col + span]);
        let last = &mut widths[col + span - 1];
        if width > available && *last < MAX_COLUMN {
            *last += (width - available).min(MAX_COLUMN - *last);
        }
    }
    for row in 0..grid.rows {
        // Each cell starting here, wrapped to its width: (column, span, lines).
        let mut placed = Vec::new();
        for cell in grid.starts_in(row) {
            let span = cell.col_span.clamp(1, grid.cols - cell.col);
            let width = span_width(&widths[cell.col..cell.col + span]);
            let mut lines: Vec<String> = lines_of(&cell.text)
                .iter()
                .flat_map(|line| wrap(line, width))
                .collect();
            if lines.is_empty() {
                lines.push(String::new());
            }
            placed.push((cell, span, lines));
        }
        let height = placed
            .iter()
            .map(|(_, _, lines)| lines.len())
            .max()
            .unwrap_or(1);
        for line_index in 0..height {
            let mut line = String::new();
            let mut col = 0;
            while col < grid.cols {
                if col > 0 {
                    line.push_str(GAP);
                }
                let started = placed.iter().find(|(cell, _, _)| cell.col == col);
                match (grid.at(row, col), started) {
                    (Slot::Start(_), Some((cell, span, lines))) => {
                        let width = span_width(&widths[col..col + span]);
                        let text = lines.get(line_index).map_or("", String::as_str);
                        let pad = " ".repeat(width.saturating_sub(text.width()));
                        // Numbers line up on the right, words on the left.
                        if cell.value.is_some() {
                            line.push_str(&pad);
                            line.push_str(text);
                        } else {
                            line.push_str(text);
                            line.push_str(&pad);
                        }
                        col += span;
                    }
                    _ => {
                        line.push_str(&" ".repeat(widths[col]));
                        col += 1;
                    }
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if row + 1 == table.header_rows && row + 1 < grid.rows {
            let _ = writeln!(out, "{}", "-".repeat(span_width(&widths)));
        }
    }
}

/// The widest a column grows before its texts wrap, in display columns.
const MAX_COLUMN: usize = 40;

/// The width of adjacent columns with the gaps between them.
fn span_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + GAP.len() * widths.len().saturating_sub(1)
}

/// `text` cut into lines of at most `width` display columns: at a space
/// where one falls in the second half of the line (words), else between
/// characters (Chinese has no spaces). Always at least one line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if line_width + w > width && !line.is_empty() {
            let cut = line
                .rfind(' ')
                .filter(|&at| line[..at].width() * 2 >= width);
            match cut {
                Some(at) => {
                    let rest = line[at + 1..].to_string();
                    line.truncate(at);
                    lines.push(std::mem::replace(&mut line, rest));
                    line_width = line.width();
                }
                None => {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
            }
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
        line_width += w;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::super::tests::{document, table};
    use super::*;
    use crate::model::{Cell, Heading, ListItem, Paragraph};

    #[test]
    fn tables_align_by_display_width_with_spans() {
        let t = table(
            3,
            3,
            1,
            vec![
                Cell::spanned(0, 0, 2, 1, "项目"),
                Cell::spanned(0, 1, 1, 2, "申请人情况"),
                Cell::new(1, 1, "自然人"),
                Cell::new(1, 2, "法人"),
                Cell::new(2, 0, "总计"),
                Cell::new(2, 1, "12"),
                Cell::new(2, 2, "3"),
            ],
        );
        let text = write(&document(vec![Block::Table(t)]), &WriteOptions::default());
        assert_eq!(
            text,
            "项目  申请人情况\n\
             ------------------\n      自然人  法人\n\
             总计      12     3\n"
        );
    }

    #[test]
    fn a_cell_keeps_its_lines() {
        let t = table(
            1,
            2,
            0,
            vec![Cell::new(0, 0, "Teal"), Cell::new(0, 1, "- Pond\n- Marsh")],
        );
        let text = write(&document(vec![Block::Table(t)]), &WriteOptions::default());
        assert_eq!(text, "Teal  - Pond\n      - Marsh\n");
    }

    #[test]
    fn long_texts_wrap_within_their_column() {
        assert_eq!(wrap("一二三四五", 4), ["一二", "三四", "五"]);
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("", 5), [""]);
        let long = "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和";
        let t = table(
            2,
            2,
            0,
            vec![
                Cell::new(0, 0, long),
                Cell::new(0, 1, "6"),
                Cell::new(1, 0, "合计"),
                Cell::new(1, 1, "7"),
            ],
        );
        let text = write(&document(vec![Block::Table(t)]), &WriteOptions::default());
        assert_eq!(
            text,
            "本列数据的勾稽关系为第一项加第二项之和等  6\n\
             于第三项加第四项之和\n\
             合计                                      7\n"
        );
    }

    #[test]
    fn headings_paragraphs_and_lists_in_reading_order() {
        let list = List {
            ordered: true,
            items: vec![
                ListItem::new(0, true, None, "第一"),
                ListItem::new(1, false, Some("•".into()), "细项"),
                ListItem::new(0, true, None, "第二"),
            ],
            origin: None,
        };
        let text = write(
            &document(vec![
                Block::Heading(Heading::new(1, Some("一、".into()), "总体情况", None)),
                Block::Paragraph(Paragraph::new("正文。", None)),
                Block::List(list),
            ]),
            &WriteOptions::default(),
        );
        assert_eq!(
            text,
            "一、总体情况\n\n正文。\n\n1. 第一\n  • 细项\n2. 第二\n"
        );
    }
}
