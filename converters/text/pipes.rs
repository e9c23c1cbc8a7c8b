//! Lowers a pipe-table region into raw tables.
//!
//! Every pipe closes the cell before it. Exports differ in what a line
//! break means, so the region is read in one of two ways:
//! - **as rows** (markdown rows, one cell per line ending ` |`, lone `|`
//!   lines opening a row): a line holding several cells, or padding pipes,
//!   ends a row; a line holding only `|` opens one; `---|---` lines are
//!   markdown separators and carry no cells;
//! - **as a stream**, when lines start with `|` followed by cells
//!   (`| 0 | 二、上年结转… |`): line breaks are white space, so the text
//!   between two pipes on different lines, even if blank, is one cell.
//!   Row breaks are unknown there and left to the repair pass, which
//!   counts columns. Such streams can run several tables and the section
//!   headings between them together; a cell that starts with a section
//!   heading (`三、收到和处理… (本列数据…)`) splits the stream there.

use super::budget::TableBudget;
use super::lines::{Line, is_space};
use super::prose;
use super::sound;
use super::tabbed::raw_table;
use docmend_core::model::{Block, Diagnostic, DiagnosticCode, Layout, Origin};
use docmend_core::numbering::{self, Style};

/// A cell as the export shows it, with the line where it starts.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    line: usize,
}

pub fn lower(
    lines: &[Line<'_>],
    budget: &mut TableBudget,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(first) = lines.first() else { return };
    if lines
        .iter()
        .all(|l| l.trimmed().chars().all(|c| c == '|' || is_space(c)))
    {
        // Nothing but pipes: no cell to read, whatever the dialect.
        diagnostics.push(empty_pipes_dropped(
            first.number,
            lines.last().map_or(first.number, |l| l.number),
        ));
        return;
    }
    let (rows, cols) = measure(lines);
    if !budget.take(rows.saturating_mul(cols)) {
        budget.refuse(lines, rows, cols, blocks, diagnostics);
        return;
    }
    let damage = match sound::read(lines) {
        Ok(table) => {
            push_sound(table, lines, blocks);
            return;
        }
        Err(damage) => damage,
    };
    let prefix_end = first.text.find('|').unwrap_or(first.text.len());
    let (prefix, first_cell) = split_leading_prose(&first.text[..prefix_end]);
    if let Some(prefix) = prefix {
        prose::lower_text(prefix, first.number, blocks);
    }
    let first_block = blocks.len();
    if is_stream(lines) {
        lower_stream(lines, first_cell, prefix_end, blocks, diagnostics);
    } else {
        lower_rows(lines, first_cell, prefix_end, blocks, diagnostics);
    }
    for block in &mut blocks[first_block..] {
        if let Block::Table(table) = block {
            if table.layout == Layout::Stream {
                table.raw.damage.push(
                    "lines that start with a pipe run the cells of several rows together: the export kept no row breaks"
                        .to_string(),
                );
            }
            table.raw.damage.extend(damage.iter().cloned());
        }
    }
}

/// A table whose rows agree, exactly as written.
fn push_sound(table: sound::SoundTable, lines: &[Line<'_>], blocks: &mut Vec<Block>) {
    let first = lines.first().map_or(0, |l| l.number);
    let last = lines.last().map_or(first, |l| l.number);
    let mut table_block = raw_table(table.rows, Layout::Exact, Origin::lines(first, last));
    table_block.header_rows = table.header_rows.min(table_block.n_rows);
    blocks.push(Block::Table(table_block));
}

/// Text before a table's first pipe may be the end of a paragraph run into
/// the table (`… 二、主动公开政府信息情况 第二十条第(一)项 |`): the last
/// space-separated part is the first cell, the rest is prose.
fn split_leading_prose(text: &str) -> (Option<&str>, &str) {
    let trimmed = text.trim_end_matches(is_space);
    if let Some((before, cell)) = trimmed.rsplit_once(is_space) {
        let before_trimmed = before.trim_matches(is_space);
        let is_prose = before_trimmed.chars().count() > 30
            || before_trimmed.contains('。')
            || numbering::parse(before_trimmed).is_some();
        if is_prose && !cell.is_empty() {
            return (Some(before_trimmed), cell);
        }
    }
    (None, text)
}

fn is_stream(lines: &[Line<'_>]) -> bool {
    lines.iter().any(|l| {
        let t = l.trimmed();
        t.starts_with('|') && t.chars().any(|c| c != '|' && !is_space(c))
    })
}

fn is_separator(text: &str) -> bool {
    text.contains('-')
        && text
            .chars()
            .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
}

/// The grid a region makes before any repair, as (rows, columns), without
/// building its cells: read as rows, the rows `lower_rows` makes and the
/// widest of them (every row is padded to it); read as a stream, one row
/// of all its cells.
fn measure(lines: &[Line<'_>]) -> (u64, u64) {
    if is_stream(lines) {
        let pipes: usize = lines.iter().map(|l| l.text.matches('|').count()).sum();
        return (1, pipes as u64 + 1);
    }
    let (mut rows, mut widest, mut width) = (0u64, 0u64, 0u64);
    let mut end_row = |width: &mut u64| {
        if *width > 0 {
            rows += 1;
            widest = widest.max(*width);
            *width = 0;
        }
    };
    for line in lines {
        // The first line's leading prose stands in the piece before its
        // first pipe, as the cell it ends in does: the count is the same.
        match line_cells(line.trimmed()) {
            LineCells::Separator => {}
            LineCells::LonePipe => end_row(&mut width),
            LineCells::Cells { count, ends_row } => {
                width += count as u64;
                if ends_row {
                    end_row(&mut width);
                }
            }
        }
    }
    end_row(&mut width);
    (rows, widest)
}

/// What one line of a region read as rows holds.
enum LineCells {
    /// A markdown separator (`---|---`): no cells.
    Separator,
    /// A line of a single `|`, which opens a row.
    LonePipe,
    /// `count` cells; a line of two or more ends its row.
    Cells { count: usize, ends_row: bool },
}

fn line_cells(trimmed: &str) -> LineCells {
    if is_separator(trimmed) {
        return LineCells::Separator;
    }
    if trimmed == "|" {
        return LineCells::LonePipe;
    }
    // Every pipe closes a cell; text after the last one is one more (the
    // line is trimmed, so what follows the last pipe is text or nothing).
    let closed = trimmed.bytes().filter(|&b| b == b'|').count();
    let count = closed + usize::from(!trimmed.ends_with('|'));
    LineCells::Cells {
        count,
        ends_row: count >= 2,
    }
}

fn lower_rows(
    lines: &[Line<'_>],
    first_cell: &str,
    prefix_end: usize,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = if index == 0 {
            // The first line's leading prose (if any) went out as paragraphs.
            format!("{first_cell}{}", &line.text[prefix_end..])
        } else {
            line.text.to_string()
        };
        let trimmed = text.trim_matches(is_space);
        match line_cells(trimmed) {
            LineCells::Separator => continue,
            LineCells::LonePipe => {
                end_row(&mut rows, &mut row);
                continue;
            }
            LineCells::Cells { count, ends_row } => {
                let mut pieces = trimmed.split('|');
                row.extend(pieces.by_ref().take(count).map(clean_cell));
                if ends_row {
                    end_row(&mut rows, &mut row);
                }
            }
        }
    }
    end_row(&mut rows, &mut row);
    push_table(rows, Layout::RowsAsSeen, lines, blocks, diagnostics);
}

fn end_row(rows: &mut Vec<Vec<String>>, row: &mut Vec<String>) {
    if !row.is_empty() {
        rows.push(std::mem::take(row));
    }
}

fn lower_stream(
    lines: &[Line<'_>],
    first_cell: &str,
    prefix_end: usize,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut tokens: Vec<Token> = Vec::new();
    let mut current = String::from(first_cell);
    let mut current_line = lines[0].number;
    for (index, line) in lines.iter().enumerate() {
        let text = if index == 0 {
            &line.text[prefix_end..]
        } else {
            current.push('\n');
            line.text
        };
        if is_separator(text.trim_matches(is_space)) {
            continue;
        }
        for (piece_index, piece) in text.split('|').enumerate() {
            if piece_index > 0 {
                tokens.push(Token {
                    text: clean_cell(&current),
                    line: current_line,
                });
                current.clear();
                current_line = line.number;
            }
            if current.trim_matches(is_space).is_empty() && !piece.trim_matches(is_space).is_empty()
            {
                current_line = line.number;
            }
            current.push_str(piece);
        }
    }
    let trailing = clean_cell(&current);
    if !trailing.is_empty() {
        tokens.push(Token {
            text: trailing,
            line: current_line,
        });
    }
    // The first token is what stood before the first pipe: empty when the
    // stream opens with `|`.
    if tokens.first().is_some_and(|t| t.text.is_empty())
        && first_cell.trim_matches(is_space).is_empty()
    {
        tokens.remove(0);
    }

    let mut segment: Vec<Token> = Vec::new();
    for token in tokens {
        if let Some((heading, cell)) = embedded_section_heading(&token.text) {
            flush_stream_table(&mut segment, blocks, diagnostics);
            prose::lower_text(heading, token.line, blocks);
            segment.push(Token {
                text: cell.to_string(),
                line: token.line,
            });
        } else {
            segment.push(token);
        }
    }
    flush_stream_table(&mut segment, blocks, diagnostics);
}

/// `三、收到和处理政府信息公开申请情况 (本列数据…)`: a section heading that
/// the stream ran into the next table's first cell.
fn embedded_section_heading(text: &str) -> Option<(&str, &str)> {
    let (before, after) = text.split_once(is_space)?;
    let after = after.trim_matches(is_space);
    let numbered = numbering::parse(before)?;
    (numbered.style == Style::CjkComma && !after.is_empty() && before.chars().count() <= 40)
        .then_some((before, after))
}

fn flush_stream_table(
    segment: &mut Vec<Token>,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if segment.iter().all(|t| t.text.is_empty()) {
        if let (Some(first), Some(last)) = (segment.first(), segment.last()) {
            diagnostics.push(empty_pipes_dropped(first.line, last.line));
        }
        segment.clear();
        return;
    }
    let first = segment.first().map_or(0, |t| t.line);
    let last = segment.last().map_or(first, |t| t.line);
    let row: Vec<String> = segment.drain(..).map(|t| t.text).collect();
    let mut table = raw_table(vec![row], Layout::Stream, Origin::lines(first, last));
    table.origin = Some(Origin::lines(first, last));
    blocks.push(Block::Table(table));
}

fn push_table(
    rows: Vec<Vec<String>>,
    layout: Layout,
    lines: &[Line<'_>],
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let first = lines.first().map_or(0, |l| l.number);
    let last = lines.last().map_or(first, |l| l.number);
    if rows.iter().flatten().all(|cell| cell.is_empty()) {
        diagnostics.push(empty_pipes_dropped(first, last));
        return;
    }
    blocks.push(Block::Table(raw_table(
        rows,
        layout,
        Origin::lines(first, last),
    )));
}

/// Lines holding nothing but pipes and white space, with no table around
/// them, are export debris.
fn empty_pipes_dropped(first: usize, last: usize) -> Diagnostic {
    let lines = if first == last {
        format!("line {first}")
    } else {
        format!("lines {first}–{last}")
    };
    Diagnostic::new(
        DiagnosticCode::EmptyPipeRowsDropped,
        format!("dropped {lines}: empty pipe rows outside any table"),
    )
    .with_origin(Some(Origin::lines(first, last)))
}

/// A cell's text: white space at the ends dropped, inner line breaks (a
/// stream cell that spanned lines) joined.
fn clean_cell(text: &str) -> String {
    let trimmed = text.trim_matches(is_space);
    if !trimmed.contains('\n') {
        return trimmed.to_string();
    }
    let mut joined = String::with_capacity(trimmed.len());
    for part in trimmed
        .split('\n')
        .map(|p| p.trim_matches(is_space))
        .filter(|p| !p.is_empty())
    {
        super::tabbed::join_wrapped(&mut joined, part);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;
    use docmend_core::model::Table;

    fn tables(text: &str) -> (Vec<Block>, Vec<Table>) {
        let lines = split(text);
        let mut blocks = Vec::new();
        lower(
            &lines,
            &mut TableBudget::new(1_000_000),
            &mut blocks,
            &mut Vec::new(),
        );
        let tables = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        (blocks, tables)
    }

    fn rows(table: &Table) -> Vec<Vec<&str>> {
        let mut rows = vec![Vec::new(); table.n_rows];
        for cell in &table.cells {
            rows[cell.row].push(cell.text.as_str());
        }
        rows
    }

    #[test]
    fn markdown_rows_keep_padding_cells() {
        let (_, t) = tables("标题 | |||\n---|---|---|---|\n规章 | 0 | 0 | 0 |\n");
        assert_eq!(
            rows(&t[0]),
            [vec!["标题", "", "", ""], vec!["规章", "0", "0", "0"]]
        );
        assert_eq!(t[0].layout, Layout::RowsAsSeen);
    }

    #[test]
    fn one_cell_per_line_rows_end_at_padding() {
        let (_, t) = tables("自然人 |\n总计 | ||\n一、本年新收 |\n6 |\n6 | ||\n");
        assert_eq!(
            rows(&t[0]),
            [
                vec!["自然人", "总计", "", ""],
                vec!["一、本年新收", "6", "6", "", ""]
            ]
        );
    }

    #[test]
    fn stray_pipes_are_dropped_with_a_diagnostic() {
        let lines = split("|\n | |\n");
        let (mut blocks, mut diagnostics) = (Vec::new(), Vec::new());
        let mut budget = TableBudget::new(1_000_000);
        lower(&lines, &mut budget, &mut blocks, &mut diagnostics);
        assert!(blocks.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, DiagnosticCode::EmptyPipeRowsDropped);
        assert!(diagnostics[0].message.contains("lines 1–2"));
    }

    #[test]
    fn lone_pipe_lines_open_rows() {
        let (_, t) = tables("|\n行政复议 |\n||\n|\n0 |\n0 |\n|\n");
        assert_eq!(rows(&t[0]), [vec!["行政复议", "", ""], vec!["0", "0"]]);
    }

    #[test]
    fn streams_keep_empty_cells_across_line_breaks() {
        let text = "一、本年新收 |\n|\n|\n| 0 | 二、上年结转 |\n| 0 |";
        let (_, t) = tables(text);
        assert_eq!(t[0].layout, Layout::Stream);
        // Two lone pipes plus the leading pipe of `| 0 |` close three empty cells.
        assert_eq!(
            rows(&t[0]),
            [vec![
                "一、本年新收",
                "",
                "",
                "",
                "0",
                "二、上年结转",
                "",
                "0"
            ]]
        );
    }

    #[test]
    fn stream_splits_at_embedded_section_heading_and_leading_prose() {
        let text = "报告如下。 二、主动公开政府信息情况 第二十条 | 规章 | 0 |\n| 三、收到和处理申请情况 (本列数据) | 申请人 |\n| 0 |";
        let (blocks, t) = tables(text);
        assert_eq!(t.len(), 2);
        // The line break before `| 三、…` is an empty cell: padding for the repair pass.
        assert_eq!(rows(&t[0]), [vec!["第二十条", "规章", "0", ""]]);
        assert_eq!(rows(&t[1]), [vec!["(本列数据)", "申请人", "", "0"]]);
        let paragraphs: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            paragraphs,
            [
                "报告如下。",
                "二、主动公开政府信息情况",
                "三、收到和处理申请情况"
            ]
        );
    }
}
