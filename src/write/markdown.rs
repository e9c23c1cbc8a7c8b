//! GitHub-flavoured Markdown: `#` headings, paragraphs, nested lists,
//! `[anchor](target)` links, and tables as pipe tables where they fit.
//!
//! A pipe table holds one header row and cells without spans. A table with
//! spanned cells or several header rows is written as an HTML `<table>`
//! with `rowspan`, `colspan` and a `<thead>` (GitHub and most Markdown
//! readers render it), so no cell's text is repeated or lost. A table
//! without header rows gets an empty header row, as pandoc writes it: the
//! first data row is not promoted to a header the source did not have.
//!
//! Lists keep their numbers as a reader renders them: a Markdown reader
//! joins two lists that follow each other into one, so an empty HTML
//! comment stands between them (as pandoc writes it); and it numbers an
//! ordered list from its first item on, so items whose numbers do not count
//! up from there keep theirs as text after a bullet.

use super::grid::Grid;
use super::html::{escape as escape_html, table as html_table};
use super::inline::{heading_text, runs};
use super::{Place, Places, WriteOptions, separate};
use crate::model::{Block, Document, Link, List, Table};
use std::fmt::Write;

pub fn write(document: &Document, options: &WriteOptions) -> String {
    let mut out = String::new();
    let mut places = Places::default();
    let mut after_list = false;
    for block in &document.blocks {
        if let Some(place) = places.change(block, options) {
            separate(&mut out);
            let _ = match place {
                Place::Page(page) => writeln!(out, "<!-- page {page} -->"),
                Place::Sheet(sheet) => {
                    writeln!(out, "<!-- sheet: {} -->", sheet.replace("--", "- -"))
                }
            };
            after_list = false;
        }
        let is_list = matches!(block, Block::List(_));
        if after_list && is_list {
            // Without it the second list would continue the first.
            separate(&mut out);
            out.push_str("<!-- -->\n");
        }
        after_list = is_list;
        separate(&mut out);
        write_block(&mut out, block);
    }
    out
}

/// One block as Markdown, ending in a newline.
pub(super) fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(heading) => {
            let level = usize::from(heading.level.clamp(1, 6));
            let text = heading_text(heading);
            // The links' anchors are inside the heading's own text, which
            // follows its numbering.
            let _ = writeln!(
                out,
                "{} {}",
                "#".repeat(level),
                inline(&text, &heading.links).replace('\n', " ")
            );
        }
        Block::Paragraph(paragraph) => {
            out.push_str(&hard_breaks(&inline(&paragraph.text, &paragraph.links)));
            out.push('\n');
        }
        Block::List(list) => write_list(out, list),
        Block::Table(table) => write_table(out, table),
        _ => {}
    }
}

/// Text with its links, Markdown special characters escaped.
fn inline(text: &str, links: &[Link]) -> String {
    let mut out = String::with_capacity(text.len());
    for run in runs(text, links) {
        match run.target {
            Some(target) => {
                let _ = write!(out, "[{}]({})", escape(run.text), destination(target));
            }
            None => out.push_str(&escape(run.text)),
        }
    }
    escape_line_starts(&out)
}

/// Line breaks inside a paragraph stay line breaks (a backslash before the
/// newline is CommonMark's hard break).
fn hard_breaks(text: &str) -> String {
    text.trim_end_matches('\n').replace('\n', "\\\n")
}

/// Escapes the characters that Markdown would read as formatting anywhere
/// in a line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would start a heading, quote, list or rule at the start of
/// a line (`# `, `> `, `- `, `+ `, `1. `, `1) `, `---`, `===`).
fn escape_line_starts(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        out.push_str(indent);
        let first = trimmed.chars().next();
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let after_digits = trimmed[digits..].chars().next();
        let starts_block = match first {
            Some('#' | '>' | '=') => true,
            Some('-' | '+') => {
                trimmed.len() == 1
                    || trimmed[1..].starts_with(' ')
                    || trimmed.chars().all(|c| c == '-' || c == ' ')
            }
            Some('0'..='9') => {
                digits <= 9
                    && matches!(after_digits, Some('.' | ')'))
                    && trimmed[digits + 1..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
            }
            _ => false,
        };
        if starts_block {
            if matches!(first, Some('0'..='9')) {
                // Escape the dot or parenthesis after the number.
                out.push_str(&trimmed[..digits]);
                out.push('\\');
                out.push_str(&trimmed[digits..]);
                continue;
            }
            out.push('\\');
        }
        out.push_str(trimmed);
    }
    out
}

/// A link destination: in angle brackets when it holds spaces or
/// parentheses, which would end a bare one.
fn destination(target: &str) -> String {
    if target.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", target.replace('<', "%3C").replace('>', "%3E"))
    } else {
        target.to_string()
    }
}

fn write_list(out: &mut String, list: &List) {
    // The indent of each open level: the content column of its item, so
    // that a nested item belongs to the item above it.
    let mut indents: Vec<usize> = Vec::new();
    let uncounted = uncounted_items(list);
    for (item, uncounted) in list.items.iter().zip(uncounted) {
        let level = usize::from(item.level);
        indents.truncate(level);
        let indent = indents.last().copied().unwrap_or(0);
        let (marker, rest) = if uncounted {
            (
                "-".to_string(),
                item.marker.as_deref().map(str::trim).map(String::from),
            )
        } else {
            marker_of(item.ordered, item.marker.as_deref())
        };
        let text = inline(&item.text, &item.links);
        let text = match rest {
            // A marker Markdown cannot number (一、, a), (1), or a number
            // out of sequence) stays text; escaped, `3.` starts no list.
            Some(kept) => escape_line_starts(&format!("{} {text}", escape(&kept))),
            None => text,
        };
        let continuation = " ".repeat(indent + marker.chars().count() + 1);
        let body = hard_breaks(&text).replace('\n', &format!("\n{continuation}"));
        let _ = writeln!(out, "{}{marker} {body}", " ".repeat(indent));
        // Levels the model skips are filled with this item's indent.
        while indents.len() < level {
            indents.push(indent);
        }
        indents.push(indent + marker.chars().count() + 1);
    }
}

/// Which items a Markdown reader would number otherwise than the source:
/// in a run of siblings (items of one level under one parent), each stretch
/// of items numbered in Markdown with the same delimiter is numbered by the
/// reader from its first number on, one up per item. A stretch whose
/// numbers do not go so (`3. 2. 1.`, `1. 1.`) is marked, all of it.
fn uncounted_items(list: &List) -> Vec<bool> {
    let mut uncounted = vec![false; list.items.len()];
    // Per open level, the stretch being numbered there.
    let mut open: Vec<Option<Stretch>> = Vec::new();
    for (index, item) in list.items.iter().enumerate() {
        let level = usize::from(item.level);
        // A shallower item ends the runs below it.
        while open.len() > level + 1 {
            if let Some(stretch) = open.pop().flatten() {
                stretch.close(&mut uncounted);
            }
        }
        open.resize_with(level + 1, || None);
        let number = markdown_number(item.ordered, item.marker.as_deref());
        open[level] = match (open[level].take(), number) {
            (Some(mut stretch), Some((n, delimiter))) if delimiter == stretch.delimiter => {
                stretch.holds &= n == stretch.next;
                stretch.next = n.saturating_add(1);
                stretch.members.push(index);
                Some(stretch)
            }
            (ended, number) => {
                if let Some(stretch) = ended {
                    stretch.close(&mut uncounted);
                }
                number.map(|(n, delimiter)| Stretch {
                    members: vec![index],
                    delimiter,
                    next: n.saturating_add(1),
                    holds: true,
                })
            }
        };
    }
    for stretch in open.into_iter().flatten() {
        stretch.close(&mut uncounted);
    }
    uncounted
}

/// Siblings a Markdown reader numbers as one list.
struct Stretch {
    members: Vec<usize>,
    delimiter: char,
    /// The number the next sibling must have.
    next: u64,
    /// Whether every member so far has the number the reader gives it.
    holds: bool,
}

impl Stretch {
    fn close(self, uncounted: &mut [bool]) {
        if !self.holds {
            for index in self.members {
                uncounted[index] = true;
            }
        }
    }
}

/// The number and delimiter of an item Markdown numbers itself.
fn markdown_number(ordered: bool, marker: Option<&str>) -> Option<(u64, char)> {
    let m = marker.map(str::trim)?;
    let digits = m.bytes().take_while(u8::is_ascii_digit).count();
    let tail = &m[digits..];
    if !ordered || !(1..=9).contains(&digits) || !(tail == "." || tail == ")") {
        return None;
    }
    Some((m[..digits].parse().ok()?, tail.chars().next()?))
}

/// The Markdown marker of an item, and the source's marker when Markdown
/// cannot express it (kept as text after a bullet).
fn marker_of(ordered: bool, marker: Option<&str>) -> (String, Option<String>) {
    let marker = marker.map(str::trim).filter(|m| !m.is_empty());
    match marker {
        Some(m) if ordered => match markdown_number(ordered, Some(m)) {
            Some(_) => (m.to_string(), None),
            None => ("-".to_string(), Some(m.to_string())),
        },
        None if ordered => ("1.".to_string(), None),
        _ => ("-".to_string(), None),
    }
}

fn write_table(out: &mut String, table: &Table) {
    let grid = Grid::of(table);
    if grid.rows == 0 || grid.cols == 0 {
        return;
    }
    if grid.spanned || table.header_rows > 1 {
        out.push_str(&html_table(&grid, table.header_rows, |text| {
            escape_html(text).replace('\n', "<br>")
        }));
        return;
    }
    let cell = |text: &str| {
        let text = escape(text.trim()).replace('\n', "<br>");
        if text.is_empty() {
            " ".to_string()
        } else {
            format!(" {text} ")
        }
    };
    let row_line = |texts: Vec<&str>| {
        let cells: Vec<String> = texts.into_iter().map(cell).collect();
        format!("|{}|\n", cells.join("|"))
    };
    let first_data = if table.header_rows == 1 {
        out.push_str(&row_line(grid.row_texts(0)));
        1
    } else {
        out.push_str(&row_line(vec![""; grid.cols]));
        0
    };
    let _ = writeln!(out, "|{}", "---|".repeat(grid.cols));
    for row in first_data..grid.rows {
        out.push_str(&row_line(grid.row_texts(row)));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{document, table};
    use super::*;
    use crate::model::{Cell, Heading, ListItem, Paragraph};

    #[test]
    fn a_plain_table_is_a_pipe_table_and_a_spanned_one_html() {
        let plain = table(
            2,
            2,
            1,
            vec![
                Cell::new(0, 0, "项目"),
                Cell::new(0, 1, "数量|个"),
                Cell::new(1, 0, "收到申请"),
                Cell::new(1, 1, "6"),
            ],
        );
        let spanned = table(
            3,
            2,
            1,
            vec![
                Cell::spanned(0, 0, 1, 2, "本年收到"),
                Cell::spanned(1, 0, 2, 1, "自然人"),
                Cell::new(1, 1, "3"),
                Cell::new(2, 1, "<4>"),
            ],
        );
        let markdown = write(
            &document(vec![Block::Table(plain), Block::Table(spanned)]),
            &WriteOptions::default(),
        );
        assert_eq!(
            markdown,
            "| 项目 | 数量\\|个 |\n|---|---|\n| 收到申请 | 6 |\n\n\
             <table>\n<thead>\n<tr><th colspan=\"2\">本年收到</th></tr>\n</thead>\n<tbody>\n\
             <tr><td rowspan=\"2\">自然人</td><td>3</td></tr>\n\
             <tr><td>&lt;4&gt;</td></tr>\n</tbody>\n</table>\n"
        );
    }

    #[test]
    fn a_table_without_header_rows_gets_an_empty_header() {
        let t = table(1, 2, 0, vec![Cell::new(0, 0, "a"), Cell::new(0, 1, "")]);
        let markdown = write(&document(vec![Block::Table(t)]), &WriteOptions::default());
        assert_eq!(markdown, "| | |\n|---|---|\n| a | |\n");
    }

    #[test]
    fn headings_paragraphs_lists_and_links() {
        let mut paragraph = Paragraph::new("1. 见*门户网站*\n第二行", None);
        paragraph.links.push(Link {
            anchor: "门户网站".into(),
            target: "http://gov.cn/a b".into(),
        });
        let list = List {
            ordered: true,
            items: vec![
                ListItem::new(0, true, Some("1.".into()), "第一"),
                ListItem::new(1, false, Some("•".into()), "细项"),
                ListItem::new(0, true, Some("一、".into()), "第二"),
            ],
            origin: None,
        };
        let markdown = write(
            &document(vec![
                Block::Heading(Heading::new(2, Some("一、".into()), "总体情况", None)),
                Block::Paragraph(paragraph),
                Block::List(list),
            ]),
            &WriteOptions::default(),
        );
        assert_eq!(
            markdown,
            "## 一、总体情况\n\n\
             1\\. 见\\*[门户网站](<http://gov.cn/a b>)\\*\\\n第二行\n\n\
             1. 第一\n   - 细项\n- 一、 第二\n"
        );
    }

    #[test]
    fn numbers_a_reader_would_change_stay_text() {
        let items = |markers: &[(u8, &str)]| List {
            ordered: true,
            items: markers
                .iter()
                .map(|(level, m)| ListItem::new(*level, true, Some((*m).into()), "x"))
                .collect(),
            origin: None,
        };
        let written = |list: List| write(&document(vec![Block::List(list)]), &Default::default());
        // Counting up from any first number: Markdown numbers it so.
        assert_eq!(
            written(items(&[(0, "3."), (1, "1)"), (1, "2)"), (0, "4.")])),
            "3. x\n   1) x\n   2) x\n4. x\n"
        );
        // A reversed list: a reader would print 3, 4, 5; the numbers stay
        // text after bullets, escaped so that they start no list. The
        // nested stretch that counts up keeps its numbers.
        assert_eq!(
            written(items(&[
                (0, "3."),
                (1, "1."),
                (1, "2."),
                (0, "2."),
                (0, "1.")
            ])),
            "- 3\\. x\n  1. x\n  2. x\n- 2\\. x\n- 1\\. x\n"
        );
        // A new delimiter starts a new Markdown list, numbered afresh.
        assert_eq!(
            written(items(&[(0, "1."), (0, "2."), (0, "1)")])),
            "1. x\n2. x\n1) x\n"
        );
    }

    #[test]
    fn lists_that_follow_each_other_stay_apart() {
        let bullets = |text: &str| {
            Block::List(List {
                ordered: false,
                items: vec![ListItem::new(0, false, Some("•".into()), text)],
                origin: None,
            })
        };
        let markdown = write(
            &document(vec![
                bullets("a"),
                bullets("b"),
                Block::Paragraph(Paragraph::new("c", None)),
                bullets("d"),
            ]),
            &WriteOptions::default(),
        );
        assert_eq!(markdown, "- a\n\n<!-- -->\n\n- b\n\nc\n\n- d\n");
    }

    #[test]
    fn markers_say_where_pages_begin() {
        let on_page = |page, text: &str| {
            let origin = crate::model::Origin {
                page: Some(page),
                ..Default::default()
            };
            Block::Paragraph(Paragraph::new(text, Some(origin)))
        };
        let doc = document(vec![on_page(1, "a"), on_page(1, "b"), on_page(2, "c")]);
        let options = WriteOptions::default().with_markers(true);
        assert_eq!(
            write(&doc, &options),
            "<!-- page 1 -->\n\na\n\nb\n\n<!-- page 2 -->\n\nc\n"
        );
        assert_eq!(write(&doc, &WriteOptions::default()), "a\n\nb\n\nc\n");
    }
}
