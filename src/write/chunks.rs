//! Chunks for retrieval: a document cut into pieces of at most a given
//! number of characters that follow its heading structure. A heading
//! always begins a new chunk; each chunk carries the path of headings it
//! sits under, the pages or sheets it covers and where its first and last
//! blocks came from. The text of a chunk is Markdown (the Markdown
//! writer's, block by block). A paragraph longer than the limit is cut at
//! sentence ends; a list between items; a table between rows — never
//! inside a row, nor inside cells that span rows — with its header rows
//! repeated in every piece.

use super::inline::heading_text;
use super::markdown;
use crate::model::{Block, Document, Heading, List, Origin, Table};
use serde::Serialize;

/// How a document is cut into chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChunkOptions {
    /// The most characters of a chunk's text. A single list item or
    /// sentence longer than this, or a table row that with the table's
    /// header rows is, is a chunk of its own, as long as it is (a row is
    /// never split).
    pub max_chars: usize,
}

impl Default for ChunkOptions {
    fn default() -> ChunkOptions {
        ChunkOptions { max_chars: 2000 }
    }
}

impl ChunkOptions {
    /// Options with this size limit (at least 1).
    pub fn with_max_chars(mut self, max_chars: usize) -> ChunkOptions {
        self.max_chars = max_chars.max(1);
        self
    }
}

/// One chunk of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chunk {
    /// 0-based place among the document's chunks.
    pub index: usize,
    /// The headings the chunk sits under, outermost first, as printed
    /// (numbering and text).
    pub heading_path: Vec<String>,
    /// The chunk's content as Markdown.
    pub text: String,
    /// Characters of `text`.
    pub chars: usize,
    /// The first and last page its blocks come from (PDF), if known.
    pub pages: Option<[u32; 2]>,
    /// The sheets its blocks come from (workbooks), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    /// Where its first block came from in the source.
    pub first: Option<Origin>,
    /// Where its last block came from in the source.
    pub last: Option<Origin>,
}

/// The document's chunks, in reading order.
pub fn chunks(document: &Document, options: &ChunkOptions) -> Vec<Chunk> {
    let max = options.max_chars.max(1);
    let mut builder = Builder::new(max);
    for block in &document.blocks {
        let origin = block.origin();
        match block {
            Block::Heading(heading) => builder.heading(heading, origin),
            Block::Paragraph(_) => {
                let mut text = String::new();
                markdown::write_block(&mut text, block);
                for piece in split_text(text.trim_end(), max) {
                    builder.add(piece, origin);
                }
            }
            Block::List(list) => {
                for piece in split_list(list, max) {
                    builder.add(piece, origin);
                }
            }
            Block::Table(table) => {
                for piece in split_table(table, max) {
                    builder.add(piece, origin);
                }
            }
            _ => {}
        }
    }
    builder.finish()
}

/// Gathers pieces into chunks.
struct Builder {
    max: usize,
    chunks: Vec<Chunk>,
    /// The open headings: (level, as printed).
    path: Vec<(u8, String)>,
    text: String,
    chars: usize,
    /// Whether the text so far is headings only.
    headings_only: bool,
    origins: Vec<Origin>,
}

impl Builder {
    fn new(max: usize) -> Builder {
        Builder {
            max,
            chunks: Vec::new(),
            path: Vec::new(),
            text: String::new(),
            chars: 0,
            headings_only: true,
            origins: Vec::new(),
        }
    }

    fn heading(&mut self, heading: &Heading, origin: Option<&Origin>) {
        self.flush();
        while self
            .path
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            self.path.pop();
        }
        self.path.push((heading.level, heading_text(heading)));
        let mut line = String::new();
        markdown::write_block(&mut line, &Block::Heading(heading.clone()));
        let line = line.trim_end().to_string();
        // A heading too long for a chunk lives on in the heading path only.
        if line.chars().count() <= self.max {
            self.append(line, origin);
        }
    }

    fn add(&mut self, piece: String, origin: Option<&Origin>) {
        let chars = piece.chars().count();
        if self.chars > 0 && self.chars + 2 + chars > self.max {
            if self.headings_only {
                // A chunk of nothing but its heading says nothing; the
                // heading path keeps it.
                self.text.clear();
                self.chars = 0;
                self.origins.clear();
            } else {
                self.flush();
            }
        }
        self.append(piece, origin);
        self.headings_only = false;
    }

    fn append(&mut self, piece: String, origin: Option<&Origin>) {
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
            self.chars += 2;
        }
        self.chars += piece.chars().count();
        self.text.push_str(&piece);
        if let Some(origin) = origin {
            self.origins.push(origin.clone());
        }
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        if !self.headings_only {
            let origins = std::mem::take(&mut self.origins);
            let pages: Vec<u32> = origins.iter().filter_map(|o| o.page).collect();
            let mut sheets: Vec<String> = Vec::new();
            for sheet in origins.iter().filter_map(|o| o.sheet.clone()) {
                if !sheets.contains(&sheet) {
                    sheets.push(sheet);
                }
            }
            self.chunks.push(Chunk {
                index: self.chunks.len(),
                heading_path: self.path.iter().map(|(_, text)| text.clone()).collect(),
                text: std::mem::take(&mut self.text),
                chars: self.chars,
                pages: match (pages.iter().min(), pages.iter().max()) {
                    (Some(&first), Some(&last)) => Some([first, last]),
                    _ => None,
                },
                sheets,
                first: origins.first().cloned(),
                last: origins.last().cloned(),
            });
        }
        self.text.clear();
        self.origins.clear();
        self.chars = 0;
        self.headings_only = true;
    }

    fn finish(mut self) -> Vec<Chunk> {
        self.flush();
        self.chunks
    }
}

/// Text cut at sentence ends (and, for a sentence longer than `max`,
/// between characters) into pieces of at most `max` characters.
fn split_text(text: &str, max: usize) -> Vec<String> {
    if text.chars().count() <= max {
        return vec![text.to_string()];
    }
    let mut sentences = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
            || (c == '.' && text[at + 1..].starts_with(' '))
        {
            let end = at + c.len_utf8();
            sentences.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        sentences.push(&text[start..]);
    }
    pack(sentences.into_iter().map(str::to_string), max, "")
}

/// Pieces joined with `glue` into runs of at most `max` characters; a piece
/// longer than `max` is cut between characters.
fn pack(pieces: impl Iterator<Item = String>, max: usize, glue: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = 0;
    for piece in pieces {
        let n = piece.chars().count();
        if chars > 0 && chars + glue.len() + n > max {
            out.push(std::mem::take(&mut current));
            chars = 0;
        }
        if n > max {
            let all: Vec<char> = piece.chars().collect();
            for part in all.chunks(max) {
                out.push(part.iter().collect());
            }
            continue;
        }
        if chars > 0 {
            current.push_str(glue);
            chars += glue.len();
        }
        current.push_str(&piece);
        chars += n;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A list cut between its top-level items (an item keeps the items nested
/// under it where they fit).
fn split_list(list: &List, max: usize) -> Vec<String> {
    let mut text = String::new();
    markdown::write_block(&mut text, &Block::List(list.clone()));
    let text = text.trim_end();
    if text.chars().count() <= max {
        return vec![text.to_string()];
    }
    // Lines that begin with white space continue the item above.
    let mut items: Vec<String> = Vec::new();
    for line in text.lines() {
        match items.last_mut() {
            Some(item) if line.starts_with(' ') => {
                item.push('\n');
                item.push_str(line);
            }
            _ => items.push(line.to_string()),
        }
    }
    pack(items.into_iter(), max, "\n")
}

/// A table cut between rows into tables of at most `max` characters as
/// Markdown, each with the header rows; a row never split, nor a group of
/// rows that cells span.
fn split_table(table: &Table, max: usize) -> Vec<String> {
    let whole = render(table);
    if whole.chars().count() <= max || table.n_rows <= table.header_rows + 1 {
        return vec![whole];
    }
    let header_rows = table.header_rows.min(table.n_rows);
    // Where a piece may end: after a row that no cell spans past.
    let mut can_end = vec![true; table.n_rows + 1];
    for cell in &table.cells {
        let inside = cell.row + 1..(cell.row + cell.row_span).min(table.n_rows);
        for flag in can_end.get_mut(inside).into_iter().flatten() {
            *flag = false;
        }
    }
    // The size of each row as the whole table writes it: one `<tr>` line
    // per row in an HTML table; in a pipe table the header line, the
    // delimiter line, then a line per row.
    let lines: Vec<usize> = whole.lines().map(|l| l.chars().count() + 1).collect();
    let row_lines: Vec<usize> = if whole.starts_with("<table>") {
        whole
            .lines()
            .filter(|l| l.starts_with("<tr>"))
            .map(|l| l.chars().count() + 1)
            .collect()
    } else if header_rows == 1 {
        std::iter::once(lines[0])
            .chain(lines[2..].iter().copied())
            .collect()
    } else {
        lines[2..].to_vec()
    };
    if row_lines.len() != table.n_rows {
        // Not the shape expected; cut nothing rather than guess.
        return vec![whole];
    }
    let rows_chars: usize = row_lines.iter().sum();
    let header_chars =
        whole.chars().count() + 1 - rows_chars + row_lines[..header_rows].iter().sum::<usize>();
    let row_chars = row_lines;
    let mut pieces = Vec::new();
    let mut start = header_rows;
    while start < table.n_rows {
        let mut end = start;
        let mut size = header_chars;
        // Take whole groups of rows while they fit (at least one group).
        loop {
            let mut next = end + 1;
            while next < table.n_rows && !can_end[next] {
                next += 1;
            }
            let added: usize = row_chars[end..next].iter().sum();
            if end > start && size + added > max {
                break;
            }
            if end == start && size + added > max {
                // The group alone is too long: cut it between rows after
                // all, the cells spanning the cut carried into the next
                // piece (at least one row each time).
                while end < next && (end == start || size + row_chars[end] <= max) {
                    size += row_chars[end];
                    end += 1;
                }
                break;
            }
            size += added;
            end = next;
            if end >= table.n_rows {
                break;
            }
        }
        // A carried label can make a piece longer than its rows' sizes
        // said: give back rows until it fits (keeping at least one).
        let mut piece = render(&rows_of(table, header_rows, start, end));
        while piece.chars().count() > max && end - start > 1 {
            end -= 1;
            piece = render(&rows_of(table, header_rows, start, end));
        }
        pieces.push(piece);
        start = end;
    }
    pieces
}

/// The header rows and rows `start..end` of a table, as a table. A cell
/// that spans into the piece from above is carried into its first row; a
/// cell that spans past its end is cut there.
fn rows_of(table: &Table, header_rows: usize, start: usize, end: usize) -> Table {
    let cells = table
        .cells
        .iter()
        .filter_map(|c| {
            let last = c.row + c.row_span.max(1);
            if c.row < header_rows {
                return Some(c.clone());
            }
            if last <= start || c.row >= end {
                return None;
            }
            let mut cell = c.clone();
            let top = c.row.max(start);
            cell.row = top - start + header_rows;
            cell.row_span = last.min(end) - top;
            Some(cell)
        })
        .collect();
    Table {
        n_rows: header_rows + (end - start),
        n_cols: table.n_cols,
        header_rows,
        cells,
        repairs: Vec::new(),
        origin: table.origin.clone(),
        layout: table.layout,
        raw: Default::default(),
    }
}

fn render(table: &Table) -> String {
    let mut text = String::new();
    markdown::write_block(&mut text, &Block::Table(table.clone()));
    text.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{document, table};
    use super::*;
    use crate::model::{Cell, Paragraph};

    fn on_page(page: u32) -> Option<Origin> {
        Some(Origin {
            page: Some(page),
            ..Default::default()
        })
    }

    #[test]
    fn headings_begin_chunks_and_make_the_path() {
        let doc = document(vec![
            Block::Heading(Heading::new(1, Some("一、".into()), "总体情况", on_page(1))),
            Block::Paragraph(Paragraph::new("第一段。", on_page(1))),
            Block::Heading(Heading::new(
                2,
                Some("（一）".into()),
                "主动公开",
                on_page(2),
            )),
            Block::Paragraph(Paragraph::new("第二段。", on_page(2))),
            Block::Paragraph(Paragraph::new("第三段。", on_page(3))),
            Block::Heading(Heading::new(1, Some("二、".into()), "其他", on_page(4))),
            Block::Paragraph(Paragraph::new("第四段。", on_page(4))),
        ]);
        let found = chunks(&doc, &ChunkOptions::default());
        type Seen<'a> = (Vec<&'a str>, &'a str, Option<[u32; 2]>);
        let summary: Vec<Seen> = found
            .iter()
            .map(|c| {
                (
                    c.heading_path.iter().map(String::as_str).collect(),
                    c.text.as_str(),
                    c.pages,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    vec!["一、总体情况"],
                    "# 一、总体情况\n\n第一段。",
                    Some([1, 1])
                ),
                (
                    vec!["一、总体情况", "（一）主动公开"],
                    "## （一）主动公开\n\n第二段。\n\n第三段。",
                    Some([2, 3])
                ),
                (vec!["二、其他"], "# 二、其他\n\n第四段。", Some([4, 4])),
            ]
        );
        assert_eq!(found[1].chars, found[1].text.chars().count());
        assert_eq!(found[2].index, 2);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends() {
        let text = "甲乙丙丁。".repeat(10);
        let doc = document(vec![Block::Paragraph(Paragraph::new(text.as_str(), None))]);
        let found = chunks(&doc, &ChunkOptions::default().with_max_chars(12));
        assert!(found.iter().all(|c| c.chars <= 12));
        assert!(found.iter().all(|c| c.text.ends_with('。')));
        let joined: String = found.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn a_long_table_is_cut_between_rows_with_its_header_repeated() {
        let mut cells = vec![Cell::new(0, 0, "项目"), Cell::new(0, 1, "数量")];
        for row in 1..=30 {
            cells.push(Cell::new(row, 0, format!("第{row}项")));
            cells.push(Cell::new(row, 1, format!("{row}")));
        }
        let t = table(31, 2, 1, cells);
        let doc = document(vec![Block::Table(t)]);
        let found = chunks(&doc, &ChunkOptions::default().with_max_chars(200));
        assert!(found.len() > 2, "{found:?}");
        let mut rows_seen = Vec::new();
        for chunk in &found {
            assert!(chunk.chars <= 200, "{}", chunk.text);
            let lines: Vec<&str> = chunk.text.lines().collect();
            assert_eq!(lines[0], "| 项目 | 数量 |");
            assert_eq!(lines[1], "|---|---|");
            rows_seen.extend(lines[2..].iter().map(|l| l.to_string()));
        }
        let expected: Vec<String> = (1..=30).map(|r| format!("| 第{r}项 | {r} |")).collect();
        assert_eq!(rows_seen, expected, "every row once, whole, in order");
    }

    #[test]
    fn a_span_longer_than_a_chunk_is_cut_and_its_label_carried() {
        let mut cells = vec![Cell::new(0, 0, "组"), Cell::new(0, 1, "值")];
        cells.push(Cell::spanned(1, 0, 20, 1, "三、本年度办理结果"));
        for row in 1..=20 {
            cells.push(Cell::new(row, 1, format!("第{row}行的值")));
        }
        let doc = document(vec![Block::Table(table(21, 2, 1, cells))]);
        let found = chunks(&doc, &ChunkOptions::default().with_max_chars(300));
        assert!(found.len() > 1);
        let mut seen = 0;
        for chunk in &found {
            assert!(
                chunk.text.contains("三、本年度办理结果"),
                "the label goes with its rows"
            );
            seen += chunk.text.matches("行的值").count();
        }
        assert_eq!(seen, 20, "every row once");
    }

    #[test]
    fn rows_joined_by_a_span_stay_together() {
        let mut cells = vec![Cell::new(0, 0, "组"), Cell::new(0, 1, "值")];
        for group in 0..5 {
            let row = 1 + group * 2;
            cells.push(Cell::spanned(row, 0, 2, 1, format!("组{group}")));
            cells.push(Cell::new(row, 1, "一"));
            cells.push(Cell::new(row + 1, 1, "二"));
        }
        let doc = document(vec![Block::Table(table(11, 2, 1, cells))]);
        let found = chunks(&doc, &ChunkOptions::default().with_max_chars(150));
        assert!(found.len() > 1);
        for chunk in &found {
            // Every piece holds whole groups: each rowspan with both rows.
            assert_eq!(
                chunk.text.matches("rowspan=\"2\"").count() * 2,
                chunk.text.matches("<tr>").count() - 1,
                "{}",
                chunk.text
            );
        }
    }
}
