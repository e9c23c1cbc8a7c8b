//! The text of a data table's cell, as plain text that reads like the
//! rendered cell:
//!
//! * the cell's lines (split at `<p>`, `<div>`, `<br>` and other blocks)
//!   trimmed of `&nbsp;` and full-width spaces and joined with nothing
//!   when either side is Chinese (`<p>商业</p><p>企业</p>` → `商业企业`),
//!   with a line break otherwise (`First Line\nSecond Line`);
//! * a list's items one per line, each after its marker: `- ` for a
//!   bullet, the computed number for a numbered item (`1. `, `a. `),
//!   nested items indented by two spaces per level;
//! * a table nested in the cell written into it: each of its rows a line,
//!   its cells separated by a tab (a row of a table nested deeper starts a
//!   line of its own).
//!
//! List lines and table rows always start a new line, Chinese or not.

use super::dom::{Dom, Tag};
use super::lists::ListFrame;
use super::tables::Class;
use super::text::{TextBuf, trim_spaces};
use docmend_core::cjk::lines_join_without_space;

/// What separates two pieces of a cell's text, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    /// Between lines inside a nested table's cell: a space (nothing
    /// between Chinese text).
    Space,
    /// Between the cell's own lines: a line break (nothing between
    /// Chinese text).
    Line,
    /// Between the cells of a nested table's row.
    Tab,
    /// Before a list item or a nested table's row: always a line break.
    Hard,
}

/// A cell's text and how many tables nested in it were written into it.
pub struct CellText {
    pub text: String,
    pub nested_tables: usize,
}

/// Gathers the pieces of a cell's text and joins them.
#[derive(Default)]
struct Joiner {
    out: String,
    pending: Option<Break>,
    /// A list marker waiting for its item's first text.
    marker: Option<String>,
}

impl Joiner {
    fn brk(&mut self, brk: Break) {
        if self.marker.is_none() {
            self.pending = self.pending.max(Some(brk));
        }
    }

    fn item(&mut self, marker: String) {
        self.brk(Break::Hard);
        self.marker = Some(marker);
    }

    fn text(&mut self, text: &str) {
        let text = trim_spaces(text);
        let Some(first) = text.chars().next() else {
            return;
        };
        let marker = self.marker.take();
        let pending = self.pending.take();
        if let (Some(before), Some(brk)) = (self.out.chars().next_back(), pending) {
            let first = marker
                .as_deref()
                .and_then(|m| m.chars().next())
                .unwrap_or(first);
            match brk {
                Break::Hard => self.out.push('\n'),
                Break::Tab => self.out.push('\t'),
                _ if lines_join_without_space(before, first) => {}
                Break::Line => self.out.push('\n'),
                Break::Space => self.out.push(' '),
            }
        }
        if let Some(marker) = marker {
            self.out.push_str(&marker);
            self.out.push(' ');
        }
        self.out.push_str(text);
    }
}

/// What an element open in the walk does when it ends.
enum Closes {
    /// A block: ends a line.
    Block,
    /// A list: its frame is dropped.
    List,
    /// A nested table: one level less.
    Table,
}

/// The text of `cell`. Nodes marked in `skip` are left out.
pub fn cell_text(dom: &Dom, cell: usize, classes: &[Option<Class>], skip: &[bool]) -> CellText {
    let mut joiner = Joiner::default();
    let mut buf = TextBuf::default();
    let mut lists: Vec<ListFrame> = Vec::new();
    let mut tables = 0usize;
    let mut nested_tables = 0;
    // Elements open now: where their subtree ends and what ending does.
    let mut open: Vec<(usize, Closes)> = Vec::new();
    let line_break = |tables: usize| {
        if tables > 0 {
            Break::Space
        } else {
            Break::Line
        }
    };
    let mut j = cell + 1;
    while j < dom.end(cell) {
        while open.last().is_some_and(|&(end, _)| end <= j) {
            let (_, closes) = open.pop().expect("checked above");
            joiner.text(&buf.take());
            match closes {
                Closes::Block => joiner.brk(line_break(tables)),
                Closes::List => {
                    lists.pop();
                    joiner.brk(Break::Hard);
                }
                Closes::Table => {
                    tables -= 1;
                    joiner.brk(Break::Hard);
                }
            }
        }
        if skip[j] {
            j = dom.end(j);
            continue;
        }
        if let Some(text) = dom.text(j) {
            buf.push(text);
            j += 1;
            continue;
        }
        let Some(element) = dom.element(j) else {
            j += 1;
            continue;
        };
        let starts_text = |joiner: &mut Joiner, buf: &mut TextBuf, brk: Break| {
            joiner.text(&buf.take());
            joiner.brk(brk);
        };
        match element.tag {
            Tag::Table => {
                if classes[j] != Some(Class::Data) {
                    // Empty tables hold nothing; a layout table cannot
                    // sit in a data table's cell (see `tables::classify`).
                    j = dom.end(j);
                    continue;
                }
                if tables == 0 {
                    nested_tables += 1;
                }
                tables += 1;
                starts_text(&mut joiner, &mut buf, Break::Hard);
                open.push((dom.end(j), Closes::Table));
            }
            Tag::Row if tables > 0 => {
                starts_text(&mut joiner, &mut buf, Break::Hard);
                open.push((dom.end(j), Closes::Block));
            }
            Tag::Cell { .. } if tables > 0 => {
                starts_text(&mut joiner, &mut buf, Break::Tab);
                open.push((dom.end(j), Closes::Block));
            }
            Tag::List { .. } => {
                starts_text(&mut joiner, &mut buf, Break::Hard);
                lists.push(ListFrame::open(dom, j, lists.len()));
                open.push((dom.end(j), Closes::List));
            }
            Tag::ListItem => {
                joiner.text(&buf.take());
                match lists.last_mut() {
                    Some(frame) => {
                        let (ordered, marker) = frame.item(Some(element));
                        let indent = "  ".repeat(usize::from(frame.level));
                        // A bullet in a cell's plain text is written `-`.
                        let marker = if ordered {
                            marker
                        } else {
                            marker.map(|_| "-".into())
                        };
                        match marker {
                            Some(marker) => joiner.item(format!("{indent}{marker}")),
                            None => joiner.brk(Break::Hard),
                        }
                    }
                    None => joiner.brk(line_break(tables)),
                }
                open.push((dom.end(j), Closes::Block));
            }
            Tag::Break => starts_text(&mut joiner, &mut buf, line_break(tables)),
            tag if tag.is_block() => {
                starts_text(&mut joiner, &mut buf, line_break(tables));
                open.push((dom.end(j), Closes::Block));
            }
            _ => {}
        }
        j += 1;
    }
    joiner.text(&buf.take());
    CellText {
        text: joiner.out,
        nested_tables,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::classify;
    use scraper::Html;

    /// The text of the first `td` of a page.
    fn first_cell(page: &str) -> (String, usize) {
        let html = Html::parse_document(page);
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let cell = (0..dom.len())
            .find(|&i| matches!(dom.tag(i), Some(Tag::Cell { .. })))
            .unwrap();
        let got = cell_text(&dom, cell, &classes, &vec![false; dom.len()]);
        (got.text, got.nested_tables)
    }

    fn cell(inner: &str) -> String {
        first_cell(&format!(
            "<table><tr><td>{inner}</td><td>x</td></tr></table>"
        ))
        .0
    }

    #[test]
    fn lines_join_as_they_read() {
        assert_eq!(cell("<p>商业</p><p>企业</p>"), "商业企业");
        assert_eq!(cell("First Line<br>Second Line"), "First Line\nSecond Line");
        assert_eq!(cell("&nbsp;<p>　6　</p><p></p>"), "6");
        assert_eq!(
            cell("Aythya<br><small>(Diving ducks)</small>"),
            "Aythya\n(Diving ducks)"
        );
    }

    #[test]
    fn lists_are_lines_with_markers() {
        assert_eq!(
            cell("<ul><li>First item</li><li>Second item</li></ul>"),
            "- First item\n- Second item"
        );
        assert_eq!(
            cell("Some text before list <ul><li>First</li><li>Second</li></ul>"),
            "Some text before list\n- First\n- Second"
        );
        assert_eq!(
            cell("<ol start=3><li><p>甲</p></li><li>乙<ul><li>丙</li></ul></li></ol>说明"),
            "3. 甲\n4. 乙\n  - 丙\n说明"
        );
        assert_eq!(
            cell("<ul style='list-style:none'><li>甲</li><li>乙</li></ul>"),
            "甲\n乙"
        );
    }

    #[test]
    fn nested_tables_are_rows_of_tab_separated_cells() {
        let (text, nested) = first_cell(
            "<table><tr><td>前<table><tr><td>A1</td><td>B1</td></tr>\
             <tr><td>C1</td><td><table><tr><td>I</td><td>II</td></tr></table></td></tr></table>后</td>\
             <td>x</td></tr></table>",
        );
        assert_eq!(text, "前\nA1\tB1\nC1\nI\tII\n后");
        assert_eq!(nested, 1);
        assert_eq!(
            cell("<table><tr><td><p>甲</p><p>乙</p></td><td>a<br>b</td></tr></table>"),
            "甲乙\ta b"
        );
    }
}
