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
//! - lone `|` lines, or lines of nothing but pipes;
//! - one cell per line;
//! - in a table whose row labels carry the numbering of official documents
//!   (`一、`, `（一）`, `1.`): a numbered label after a figure in one row
//!   (the next row run into it), or a row whose
//!   figures stand as many columns left of the other rows' as it has empty
//!   cells at its end (the export dropped a merged cell and packed the
//!   row to the left).
//!
//! Tables of plain labels and figures are never judged by their contents:
//! a sound table may hold anything in any cell.

use super::lines::{Line, is_space};
use docmend_core::model::Number;
use docmend_core::numbering;

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
        // `|` or `|||`: pipes with nothing between them are debris; a row
        // of empty cells is written `|  |  |`.
        if text.chars().all(|c| c == '|') {
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
        if ends_in_bare_padding(text) && text.chars().any(|c| c != '|' && !is_space(c)) {
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
    if damage.is_empty() && width == 1 && separator_at.is_none() {
        // One cell per line without a header separator: the export that
        // puts each cell on a line of its own (`自然人 |`).
        damage.push("one cell per line, no row of several cells".to_string());
    }
    if damage.is_empty() && rows.is_empty() {
        damage.push("no row with a cell".to_string());
    }
    if damage.is_empty() {
        let row_lines: Vec<usize> = lines
            .iter()
            .filter(|l| {
                let t = l.trimmed();
                !t.chars().all(|c| c == '|') && !is_separator_row(&split_row(t))
            })
            .map(|l| l.number)
            .collect();
        damage.extend(numbered_row_damage(&rows, &row_lines));
        damage.extend(closing_dialect_padding(lines, &rows));
        damage.extend(rows_on_one_line(&rows));
    }
    if !damage.is_empty() {
        return Err(damage);
    }
    let header_rows = if separator_at.is_some() {
        1
    } else {
        label_rows_on_top(&rows)
    };
    Ok(SoundTable { rows, header_rows })
}

/// A header by content: the leading rows that hold no number, when rows
/// with numbers follow.
pub fn label_rows_on_top(rows: &[Vec<String>]) -> usize {
    let has_number = |row: &Vec<String>| row.iter().any(|c| Number::parse(c).is_some());
    let top = rows.iter().take_while(|r| !has_number(r)).count();
    if top < rows.len() { top } else { 0 }
}

/// Rows written as cells each closed by ` |`, none opened by a pipe: the
/// export of seeds 000, 003 and 004, which drops merged cells and pads the
/// row at its end. There, a row ending in empty cells is padding (a
/// markdown writer opens its rows with a pipe or closes none).
fn closing_dialect_padding(lines: &[Line<'_>], rows: &[Vec<String>]) -> Option<String> {
    let row_lines = || {
        lines
            .iter()
            .map(|l| l.trimmed())
            .filter(|t| !t.chars().all(|c| c == '|'))
    };
    let dialect = row_lines().all(|t| !t.starts_with('|') && t.ends_with('|'));
    let padded = rows
        .iter()
        .filter(|r| r.last().is_some_and(String::is_empty))
        .count();
    (dialect && padded > 0).then(|| {
        format!(
            "every cell closed by a pipe and no row opened by one (an export that drops merged cells), {padded} row(s) ending in empty padding cells"
        )
    })
}

/// A table of one line whose cells repeat a label followed by the same
/// number of figures, twice or more: several rows on one line, as the
/// exports that keep no row breaks write them. (Over several lines, such
/// groups are a table laid out side by side, `名称 | 数 | 名称 | 数`.)
fn rows_on_one_line(rows: &[Vec<String>]) -> Option<String> {
    let [row] = rows else { return None };
    let is_number = |cell: &str| Number::parse(cell).is_some();
    let mut sizes: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < row.len() {
        if row[k].is_empty() || is_number(&row[k]) {
            k += 1;
            continue;
        }
        let figures = row[k + 1..].iter().take_while(|c| is_number(c)).count();
        if figures > 0 {
            sizes.push(figures);
        }
        k += 1 + figures;
    }
    let repeated = sizes.len() >= 2 && sizes.windows(2).all(|w| w[0] == w[1]);
    repeated.then(|| {
        format!(
            "one line holds {} groups of a label and {} figures: rows of a table on one line",
            sizes.len(),
            sizes[0]
        )
    })
}

/// Damage that only tables of numbered row labels show; see the module
/// documentation. `lines` are the source lines of `rows`.
fn numbered_row_damage(rows: &[Vec<String>], lines: &[usize]) -> Vec<String> {
    let style = |cell: &str| numbering::parse(cell).map(|n| n.style);
    let is_number = |cell: &str| Number::parse(cell).is_some();
    if !rows
        .iter()
        .flatten()
        .any(|c| !is_number(c) && style(c).is_some())
    {
        return Vec::new();
    }
    let line_of = |r: usize| lines.get(r).copied().unwrap_or(0);
    let mut damage = Vec::new();
    // A numbered row label starts a row: after a figure, it starts the
    // next row, run into this line.
    for (r, row) in rows.iter().enumerate() {
        let mut figures_since = false;
        for cell in row {
            if is_number(cell) {
                figures_since = true;
            } else if figures_since && style(cell).is_some() {
                damage.push(format!(
                    "line {} has a numbered row label after figures: rows run together",
                    line_of(r)
                ));
                break;
            }
        }
    }
    // Rows that fill the table end in a figure after the same number of
    // labels; a row short of labels by as many cells as it has empty ones
    // at its end lost a merged label and was packed to the left.
    let trailing_empty = |row: &Vec<String>| row.iter().rev().take_while(|c| c.is_empty()).count();
    let leading_labels = |row: &Vec<String>| {
        row.iter()
            .take_while(|c| !c.is_empty() && !is_number(c))
            .count()
    };
    let ends_in_figure = |row: &Vec<String>, empty: usize| {
        row.len() > empty && is_number(&row[row.len() - 1 - empty])
    };
    let mut full: Vec<usize> = rows
        .iter()
        .filter(|r| trailing_empty(r) == 0 && ends_in_figure(r, 0))
        .map(leading_labels)
        .collect();
    full.sort_unstable();
    full.dedup();
    if let [labels] = full[..] {
        for (r, row) in rows.iter().enumerate() {
            let empty = trailing_empty(row);
            if empty > 0 && ends_in_figure(row, empty) && leading_labels(row) + empty == labels {
                damage.push(format!(
                    "line {}: it has {empty} label(s) fewer than the other rows and ends in as many empty cells: a merged label dropped and the row packed to the left",
                    line_of(r)
                ));
            }
        }
    }
    damage
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
        assert_eq!(table.header_rows, 1, "a row of labels over figures");
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

    #[test]
    fn numbered_rows_packed_left_or_run_together_are_damage() {
        let damage = sound("项目 | 列0 | 列1 | |\n一、甲 | 0 | 0 | |\n二、乙 | (一)丙 | 0 | 0 |\n")
            .unwrap_err();
        assert!(
            damage[0].contains("line 2") && damage[0].contains("packed"),
            "{damage:?}"
        );
        let damage = sound("项目 | 列0 | 列1 | 列2\n一、甲 | 0 | 二、乙 | 5\n").unwrap_err();
        assert!(damage[0].contains("run together"), "{damage:?}");
        let damage = sound("| 项目 | 列0 | 甲 | 0 | 0 | 乙 | 5 | 6 |\n").unwrap_err();
        assert!(damage[0].contains("on one line"), "{damage:?}");
        // Side by side: the same groups at the same places on every line.
        assert!(
            sound("| 名称 | 数 | 名称 | 数 |\n| 甲 | 1 | 乙 | 2 |\n| 丙 | 3 | 丁 | 4 |\n").is_ok()
        );
        // The same shapes with plain labels over several lines are a sound
        // table's business.
        assert!(sound("| 项目 | 列0 | 列1 | |\n| 甲 | 0 | 0 | |\n| 乙 | 丙 | 0 | 0 |\n").is_ok());
        assert!(sound("项目 | 列0 | 列1 | 列2\n甲 | 0 | 乙 | 5\n").is_ok());
    }

    #[test]
    fn the_cell_closing_dialect_pads_with_empty_cells() {
        // Seed 000's exporter closes every cell with ` |` and opens no row
        // with a pipe; a row ending in an empty cell there is padding.
        let damage =
            sound("项目 | 情况 | |\n---|---|---|\n列0 | 列1 | |\n甲 | 0 | 0 |\n").unwrap_err();
        assert!(damage[0].contains("padding"), "{damage:?}");
        assert!(
            sound("| 项目 | 情况 | |\n|---|---|---|\n| 列0 | 列1 | |\n| 甲 | 0 | 0 |\n").is_ok()
        );
    }
}
