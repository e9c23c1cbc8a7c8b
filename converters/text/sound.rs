//! Tells a sound pipe table from one an export damaged.
//!
//! A markdown table whose lines all hold the same number of cells (one row
//! per line, an optional `---|---` separator under the first) is read
//! exactly as written: whatever its cells hold, nothing is re-split or
//! re-aligned. Only a region that shows damage goes to the repair pass,
//! and what it showed is handed along as evidence:
//! - lines holding different numbers of cells;
//! - rows padded by the exporter with empty cells written as bare pipes
//!   (`规章 | 0 | ||`): a writer of markdown spaces its empty cells
//!   (`|  |`), an exporter that lost merged cells appends `|` runs;
//! - lone `|` lines, or lines of nothing but pipes.

use super::lines::{Line, is_space};

/// A pipe region whose rows agree: the cells of each row, and whether a
/// separator line marked the first row as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoundTable {
    pub rows: Vec<Vec<String>>,
    pub header_rows: usize,
}

/// Reads `lines` as a sound markdown table, or says what damage it shows.
pub fn read(lines: &[Line<'_>]) -> Result<SoundTable, Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(lines.len());
    let mut separator_at = None;
    let mut widths: Vec<usize> = Vec::new();
    let mut padded = Vec::new();
    let mut bare = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = line.trimmed();
        if text.chars().all(|c| c == '|' || is_space(c)) {
            bare.push(line.number);
            continue;
        }
        let cells = split_row(text);
        if is_separator_row(&cells) {
            if separator_at.is_none() && index == 1 {
                separator_at = Some(cells.len());
                continue;
            }
            // A separator anywhere else is a table boundary or debris.
            bare.push(line.number);
            continue;
        }
        if ends_in_bare_padding(text) {
            padded.push(line.number);
        }
        widths.push(cells.len());
        rows.push(cells);
    }
    let mut damage = Vec::new();
    if !bare.is_empty() {
        damage.push(format!(
            "{} lines of nothing but pipes or misplaced separators ({})",
            bare.len(),
            line_list(&bare)
        ));
    }
    if !padded.is_empty() {
        damage.push(format!(
            "{} rows padded with bare pipes at the line end ({})",
            padded.len(),
            line_list(&padded)
        ));
    }
    let mut distinct: Vec<usize> = widths.clone();
    if let Some(width) = separator_at {
        distinct.push(width);
    }
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() > 1 {
        damage.push(format!(
            "rows of {} cells in one table",
            join_numbers(&distinct)
        ));
    }
    let width = distinct.first().copied().unwrap_or(0);
    if damage.is_empty() && (width == 1 && separator_at.is_none()) {
        // One cell per line without a header separator: the export that
        // puts each cell on a line of its own (`自然人 |`).
        damage.push("one cell per line, no row of several cells".to_string());
    }
    if damage.is_empty() && rows.is_empty() {
        damage.push("no row with a cell".to_string());
    }
    if !damage.is_empty() {
        return Err(damage);
    }
    Ok(SoundTable {
        rows,
        header_rows: usize::from(separator_at.is_some()),
    })
}

/// The cells of a markdown row: one leading and one trailing pipe are the
/// row's edges; `\|` is a pipe inside a cell.
fn split_row(text: &str) -> Vec<String> {
    let inner = text.strip_prefix('|').unwrap_or(text);
    let inner = match inner.strip_suffix('|') {
        Some(rest) if !rest.ends_with('\\') => rest,
        _ => inner,
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
        .into_iter()
        .map(|c| c.trim_matches(is_space).to_string())
        .collect()
}

/// `---`, `:---`, `---:`, `:---:` in every cell.
fn is_separator_row(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let dashes = c.trim_start_matches(':').trim_end_matches(':');
        !dashes.is_empty() && dashes.chars().all(|d| d == '-')
    })
}

/// `… | 0 | ||`: the line ends in two pipes with nothing between them.
fn ends_in_bare_padding(text: &str) -> bool {
    text.ends_with("||") && !text.ends_with("\\||")
}

fn line_list(lines: &[usize]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<String> = lines.iter().take(SHOWN).map(|n| n.to_string()).collect();
    let more = if lines.len() > SHOWN { ", …" } else { "" };
    let noun = if lines.len() == 1 { "line" } else { "lines" };
    format!("{noun} {}{more}", shown.join(", "))
}

fn join_numbers(numbers: &[usize]) -> String {
    let texts: Vec<String> = numbers.iter().map(|n| n.to_string()).collect();
    match texts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => texts.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    fn sound(text: &str) -> Result<SoundTable, Vec<String>> {
        read(&split(text))
    }

    #[test]
    fn markdown_tables_with_numbers_are_sound() {
        let table =
            sound("| Year | Count |\n| --- | --- |\n| 2021 | 3 |\n| 2022 | 10 |\n").unwrap();
        assert_eq!(table.header_rows, 1);
        assert_eq!(
            table.rows,
            [["Year", "Count"], ["2021", "3"], ["2022", "10"]]
        );
        let table = sound("| 项目 | 数量 |\n| 收到申请 | 6 |\n").unwrap();
        assert_eq!(table.header_rows, 0);
        assert_eq!(table.rows, [["项目", "数量"], ["收到申请", "6"]]);
    }

    #[test]
    fn empty_cells_escaped_pipes_and_missing_edges_are_sound() {
        let table = sound("a | b | c\n--|:-:|--\n1 |  | 3\n x\\|y | | z\n").unwrap();
        assert_eq!(
            table.rows,
            [["a", "b", "c"], ["1", "", "3"], ["x|y", "", "z"]]
        );
    }

    #[test]
    fn damage_is_named() {
        let damage = sound("第二十条 | |||\n---|---|---|---|\n规章 | 0 | 0 | 0 |\n收费 | 0 |\n")
            .unwrap_err();
        assert!(damage.iter().any(|d| d.contains("padded")), "{damage:?}");
        assert!(
            damage.iter().any(|d| d.contains("2 and 4 cells")),
            "{damage:?}"
        );
        let damage = sound("自然人 |\n总计 |\n").unwrap_err();
        assert!(damage[0].contains("one cell per line"), "{damage:?}");
        let damage = sound("|\n| 0 | 二、上年结转 |\n|\n").unwrap_err();
        assert!(damage[0].contains("nothing but pipes"), "{damage:?}");
    }
}
