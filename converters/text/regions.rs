//! Finds which runs of lines are tables and which are prose.
//!
//! Two table dialects occur in text exports:
//! - pipe tables: every line of the run holds a `|` (markdown rows, one
//!   cell per line ending in ` |`, lone `|` lines, or one long stream);
//! - tabbed tables (Word's plain-text export): each cell on its own line
//!   indented by a tab, rows separated by blank lines, and a cell whose text
//!   wrapped continuing on the next line without the tab.

use super::lines::Line;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Region {
    Prose(Range<usize>),
    Pipes(Range<usize>),
    Tabbed(Range<usize>),
}

/// A wrapped cell's continuation line is short: a few characters of a
/// label that did not fit the cell's width.
const MAX_CONTINUATION_CHARS: usize = 16;

pub fn find(lines: &[Line<'_>]) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut prose_start = 0;
    let mut i = 0;
    while i < lines.len() {
        let table = if is_pipe_line(&lines[i]) {
            let end = run_end(lines, i, is_pipe_line);
            Some(Region::Pipes(i..end))
        } else if is_tab_line(&lines[i]) {
            Some(Region::Tabbed(i..tabbed_end(lines, i)))
        } else {
            None
        };
        match table {
            Some(region) => {
                if prose_start < i {
                    regions.push(Region::Prose(prose_start..i));
                }
                let end = match &region {
                    Region::Pipes(r) | Region::Tabbed(r) | Region::Prose(r) => r.end,
                };
                regions.push(region);
                i = end;
                prose_start = end;
            }
            None => i += 1,
        }
    }
    if prose_start < lines.len() {
        regions.push(Region::Prose(prose_start..lines.len()));
    }
    regions
}

fn is_pipe_line(line: &Line<'_>) -> bool {
    line.text.contains('|')
}

fn is_tab_line(line: &Line<'_>) -> bool {
    line.text.starts_with('\t')
}

fn run_end(lines: &[Line<'_>], start: usize, pred: fn(&Line<'_>) -> bool) -> usize {
    lines[start..]
        .iter()
        .position(|l| !pred(l))
        .map_or(lines.len(), |offset| start + offset)
}

/// The end of a tabbed table starting at `start`: tab lines, single blank
/// lines between rows, and continuation lines of wrapped cells.
fn tabbed_end(lines: &[Line<'_>], start: usize) -> usize {
    let mut end = start + 1; // one past the last line that belongs to the table
    let mut i = start + 1;
    while i < lines.len() {
        let line = &lines[i];
        if is_tab_line(line) {
            end = i + 1;
        } else if line.is_blank() {
            // A blank line separates rows only if the table goes on after it.
            if !lines.get(i + 1).is_some_and(is_tab_line) {
                break;
            }
        } else if is_continuation(lines, i) {
            end = i + 1;
        } else {
            break;
        }
        i += 1;
    }
    end
}

/// A short untabbed line right after a cell line, followed by another cell
/// line or a row break, is the rest of a cell whose text wrapped.
fn is_continuation(lines: &[Line<'_>], i: usize) -> bool {
    let previous_is_cell = i > 0 && !lines[i - 1].is_blank();
    let next_ok = lines
        .get(i + 1)
        .is_none_or(|next| is_tab_line(next) || next.is_blank());
    previous_is_cell && next_ok && lines[i].trimmed().chars().count() <= MAX_CONTINUATION_CHARS
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    #[test]
    fn separates_prose_pipes_and_tabs() {
        let text = "一、总体情况\n正文。\na | b |\n1 | 2 |\n二、情况\n\tx\n\ty\n\n\t商业\n企业\n\n\n三、结尾\n";
        let lines = split(text);
        assert_eq!(
            find(&lines),
            [
                Region::Prose(0..2),
                Region::Pipes(2..4),
                Region::Prose(4..5),
                Region::Tabbed(5..10),
                Region::Prose(10..13),
            ]
        );
    }
}
