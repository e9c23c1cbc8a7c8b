//! Tables without ruling lines, found from the alignment of their text:
//! consecutive lines cut into runs (cells) whose gaps line up form a
//! table; the gaps that most of its lines share are the column
//! boundaries. The way pdfplumber's "text" strategy and tabula's "stream"
//! mode see such tables, kept conservative: prose never has a gap that
//! three lines in a row share.
//!
//! A figure set close to its row label (a small gap, or the label's text
//! reaching the first value column) is cut off the label where the two
//! stand in one run, and a column boundary is put between label and
//! figure where the header's columns or the figures of other rows show
//! one (`figure_bounds`): a number is never part of a label's cell.

use super::layout::{Line, Run, starts_numbered};
use super::tables::Grid;
use docmend_core::cjk::line_break_vanishes;
use docmend_core::model::{Number, WrappedText};

/// At least this many lines of two or more runs make a table.
const MIN_ROWS: usize = 3;
/// Lines further apart than this many line heights end a table.
const MAX_ROW_GAP_EM: f64 = 2.6;
/// A rejected block longer than this (lines) is not tried again from its
/// next line.
const MAX_RETRIED_BLOCK: usize = 200;
/// Lines of one wrapped cell between two rows, at most.
const MAX_WRAPPED_LINES: usize = 6;
/// A wrapped cell's line is no longer than this (characters); a longer
/// single line is prose after the table.
const MAX_WRAPPED_LINE_CHARS: usize = 20;
/// A column gap may be crossed by this share of the lines (header cells
/// and labels spanning several columns).
const SPANNING_SHARE: f64 = 0.35;
/// A line whose runs all have this many characters reads as prose: table
/// rows nearly always have a short cell (a number, a short label).
const PROSE_RUN_CHARS: usize = 12;

/// A line's cells: (column, columns spanned, text).
type Cells = Vec<(usize, usize, String)>;
/// A row: its cells and the indices of its first and last line.
type Row = (Cells, usize, usize);

/// A run of a table's line, or part of one: a figure that stood in one
/// run with the label before it is cut off it.
#[derive(Debug, Clone)]
struct Piece {
    x0: f64,
    x1: f64,
    text: String,
    /// Cut off the piece before it: the white space that stood between
    /// them, to make the run whole again where both fall in one column.
    glued: Option<String>,
}

impl Piece {
    fn is_number(&self) -> bool {
        Number::parse(&self.text).is_some()
    }
}

/// A line of a table with its pieces.
struct TableLine<'a> {
    line: &'a Line,
    pieces: Vec<Piece>,
}

/// Finds aligned tables among a page's lines (top to bottom) and moves
/// their lines out of `lines`.
pub fn find(lines: &mut Vec<Line>) -> Vec<Grid> {
    let mut grids = Vec::new();
    let mut taken = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let Some(end) = block_end(lines, start) else {
            start += 1;
            continue;
        };
        match table(&lines[start..end]) {
            Some(grid) => {
                taken[start..end].iter_mut().for_each(|t| *t = true);
                grids.push(grid);
                start = end;
            }
            // A table may start further down the block; but a block of
            // hundreds of lines that is no table is skipped whole, so that
            // a page of thousands of lines stays linear.
            None if end - start > MAX_RETRIED_BLOCK => start = end,
            None => start += 1,
        }
    }
    if !grids.is_empty() {
        let mut keep = taken.iter().map(|t| !t);
        lines.retain(|_| keep.next().unwrap_or(true));
    }
    grids
}

/// The end of the run of lines from `start` that could be one table: it
/// starts and ends with a line of several runs; single-run lines between
/// them are allowed when short (a cell's text wrapping over several lines
/// while the rest of its row is done), and no gap is wider than a few
/// lines.
fn block_end(lines: &[Line], start: usize) -> Option<usize> {
    if lines[start].runs.len() < 2 {
        return None;
    }
    let mut last_multi = start;
    let mut multi = 1;
    let mut i = start + 1;
    while i < lines.len() {
        let (prev, l) = (&lines[i - 1], &lines[i]);
        if prev.y - l.y > MAX_ROW_GAP_EM * prev.size.max(l.size).max(1.0) {
            break;
        }
        if l.runs.len() >= 2 {
            last_multi = i;
            multi += 1;
        } else if i - last_multi > MAX_WRAPPED_LINES
            || l.text.chars().count() > MAX_WRAPPED_LINE_CHARS
        {
            break;
        }
        i += 1;
    }
    if multi < MIN_ROWS {
        return None;
    }
    // The last row's cell may wrap on below it: short lines that do not
    // start at the table's left edge (a line there is text after it).
    let left = lines[start..=last_multi]
        .iter()
        .map(|l| l.x0)
        .fold(f64::INFINITY, f64::min);
    let mut end = last_multi + 1;
    while end < lines.len()
        && end - last_multi <= MAX_WRAPPED_LINES
        && lines[end].runs.len() == 1
        && lines[end].text.chars().count() <= MAX_WRAPPED_LINE_CHARS
        && lines[end].x0 > left + lines[end].size
        && lines[end - 1].y - lines[end].y <= MAX_ROW_GAP_EM * lines[end].size.max(1.0)
    {
        end += 1;
    }
    Some(end)
}

/// The table the lines form, if their gaps line up.
fn table(lines: &[Line]) -> Option<Grid> {
    let cut: Vec<TableLine> = lines
        .iter()
        .map(|line| TableLine {
            line,
            pieces: pieces_of(line),
        })
        .collect();
    let multi: Vec<&Line> = lines.iter().filter(|l| l.runs.len() >= 2).collect();
    // Prose in two columns, or a list with hanging numbers, is not a table:
    // there most lines are all long runs.
    let prose = multi
        .iter()
        .filter(|l| {
            l.runs
                .iter()
                .all(|r| r.text.chars().count() >= PROSE_RUN_CHARS)
        })
        .count();
    if prose * 2 >= multi.len() {
        return None;
    }
    let mut bounds = column_bounds(&multi)?;
    let first_data = cut
        .iter()
        .position(|l| l.pieces.iter().any(Piece::is_number))
        .unwrap_or(cut.len());
    let (header, data) = cut.split_at(first_data);
    figure_bounds(header, data, &mut bounds);
    fit_to_header(header, data, &mut bounds);
    let n_cols = bounds.len() - 1;
    let column_of = |x: f64| {
        bounds[1..n_cols]
            .iter()
            .position(|&b| x < b)
            .unwrap_or(n_cols - 1)
    };
    // Cells of each line; a run across a boundary spans those columns.
    // A row is its cells and the indices of its first and last line.
    let mut rows: Vec<Row> = Vec::new();
    // The lines of each cell joined from several: (row, column, lines).
    let mut wrapped: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let figures = figure_columns(&cut, &column_of, n_cols);
    for (i, l) in cut.iter().enumerate() {
        let cells = cells_of(&l.pieces, &column_of, &figures);
        let row = rows.len().wrapping_sub(1);
        match rows.last_mut() {
            Some((prev, _, last)) if continues_cells(prev, &cells, &lines[*last], l.line) => {
                for (col, _, text) in cells {
                    if let Some(cell) = prev.iter_mut().find(|c| c.0 == col) {
                        // Only the last row takes lines: its entries are the last.
                        let entry = wrapped
                            .iter_mut()
                            .rev()
                            .take_while(|w| w.0 == row)
                            .find(|w| w.1 == col);
                        match entry {
                            Some(w) => w.2.push(text.clone()),
                            None => wrapped.push((row, col, vec![cell.2.clone(), text.clone()])),
                        }
                        cell.2 = super::layout::join_wrapped(&[std::mem::take(&mut cell.2), text]);
                    }
                }
                *last = i;
            }
            _ => rows.push((cells, i, i)),
        }
    }
    let wrapped = wrapped
        .into_iter()
        .filter_map(|(row, col, lines)| {
            let cell = rows[row].0.iter().find(|c| c.0 == col)?;
            Some(WrappedText {
                text: cell.2.clone(),
                lines,
            })
        })
        .collect();
    if looks_like_a_list(&rows, n_cols) {
        return None;
    }
    // Row boundaries: above the first line, halfway between a row's last
    // line and the next row's first, below the last line.
    let top = |l: &Line| l.y + 0.8 * l.size;
    let bottom = |l: &Line| l.y - 0.2 * l.size;
    let mut ys = vec![top(&lines[rows[0].1])];
    for w in rows.windows(2) {
        ys.push((bottom(&lines[w[0].2]) + top(&lines[w[1].1])) / 2.0);
    }
    ys.push(bottom(&lines[rows[rows.len() - 1].2]));
    let cells = rows
        .into_iter()
        .enumerate()
        .flat_map(|(r, (cells, _, _))| {
            cells
                .into_iter()
                .map(move |(col, span, text)| (r, col, 1, span, text))
        })
        .collect();
    Some(Grid {
        xs: bounds,
        ys,
        cells,
        ruled: false,
        wrapped,
    })
}

/// A line's pieces as (column, span, text); pieces falling in one column
/// are joined (a figure cut off its label made whole again where no
/// boundary passes between them), a piece across a boundary spans the
/// columns it covers. A figure standing apart in a column that a label's
/// span reaches into ends that span there: a number is never part of a
/// label's cell, in a column of figures (`figures[col]`).
fn cells_of(pieces: &[Piece], column_of: &impl Fn(f64) -> usize, figures: &[bool]) -> Cells {
    let mut cells: Cells = Vec::new();
    for p in pieces {
        let a = column_of(p.x0 + 0.5);
        let b = column_of(p.x1 - 0.5).max(a);
        match cells.last_mut() {
            Some(last)
                if last.0 + last.1 > a
                    && a > last.0
                    && p.glued.is_none()
                    && figures[a]
                    && p.is_number()
                    && Number::parse(&last.2).is_none() =>
            {
                last.1 = a - last.0;
                cells.push((a, b + 1 - a, p.text.clone()));
            }
            Some(last) if last.0 + last.1 > a => {
                last.1 = last.1.max(b + 1 - last.0);
                match &p.glued {
                    Some(space) => last.2.push_str(space),
                    None => {
                        let (x, y) = (last.2.chars().last(), p.text.chars().next());
                        if !x.zip(y).is_some_and(|(x, y)| line_break_vanishes(x, y)) {
                            last.2.push(' ');
                        }
                    }
                }
                last.2.push_str(&p.text);
            }
            _ => cells.push((a, b + 1 - a, p.text.clone())),
        }
    }
    cells
}

/// Which columns hold figures: more numbers start in them than other
/// texts, at least `MIN_ROWS`. A page number after a table of contents'
/// entry stands among texts, and stays with its entry.
fn figure_columns(
    lines: &[TableLine],
    column_of: &impl Fn(f64) -> usize,
    n_cols: usize,
) -> Vec<bool> {
    let mut numbers = vec![0usize; n_cols];
    let mut texts = vec![0usize; n_cols];
    for p in lines.iter().flat_map(|l| l.pieces.iter()) {
        let col = column_of(p.x0 + 0.5);
        if p.is_number() {
            numbers[col] += 1;
        } else {
            texts[col] += 1;
        }
    }
    numbers
        .iter()
        .zip(&texts)
        .map(|(&n, &t)| n >= MIN_ROWS && n > t)
        .collect()
}

/// A line's runs as pieces, a figure that ends a run after other text cut
/// off it.
fn pieces_of(l: &Line) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(l.runs.len());
    for r in &l.runs {
        match split_figure(r) {
            Some((label, figure)) => {
                pieces.push(label);
                pieces.push(figure);
            }
            None => pieces.push(Piece {
                x0: r.x0,
                x1: r.x1,
                text: r.text.clone(),
                glued: None,
            }),
        }
    }
    pieces
}

/// A run that ends in a figure after label text (`…申请数量6`, `(七)总计 8`),
/// cut into the label and the figure at the figure's first glyph.
fn split_figure(r: &Run) -> Option<(Piece, Piece)> {
    let text = r.text.as_str();
    let mut first = None;
    for (k, &(at, _, _)) in r.glyphs.iter().enumerate().rev() {
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let before = text[..at].chars().next_back();
        let signed = matches!(c, '-' | '+' | '－') && before.is_some_and(char::is_whitespace);
        if !(c.is_ascii_digit() || matches!(c, '０'..='９' | '.' | '．' | ',') || signed) {
            break;
        }
        if Number::parse(&text[at..]).is_some() {
            first = Some(k);
        }
    }
    let k = first?;
    let at = r.glyphs[k].0;
    let label = text[..at].trim_end();
    if !ends_like_a_label(label) {
        return None;
    }
    let label_x1 = r.glyphs[..k]
        .iter()
        .rev()
        .find(|g| g.0 < label.len())
        .map_or(r.x0, |g| g.2);
    Some((
        Piece {
            x0: r.x0,
            x1: label_x1,
            text: label.to_string(),
            glued: None,
        },
        Piece {
            x0: r.glyphs[k].1,
            x1: r.x1,
            text: text[at..].to_string(),
            glued: Some(text[label.len()..at].to_string()),
        },
    ))
}

/// Text that ends in words (or a closing bracket or quote): a label a
/// figure may follow, not a currency sign or unit that goes with the
/// figure (`¥ 1,960`), nor a number with a space in it (`1 000`).
fn ends_like_a_label(text: &str) -> bool {
    text.trim_end().ends_with(|c: char| {
        c.is_alphabetic() || matches!(c, ')' | '）' | '”' | '’' | '」' | '』' | '】' | ']' | '"')
    })
}

/// Column boundaries between row labels and the figures set close to
/// them, and between figures, which the valleys of the coverage profile
/// miss (the gap is too narrow, the labels' text crosses it in some rows,
/// or header cells spanning columns cross it in a table of few rows). A
/// figure that would share a column with the label before it gets a
/// boundary between them when the table shows that column: the header has
/// a gap between its cells there (header cells stand over their columns),
/// or figures of two other rows stand apart at the same place. A figure
/// that would share a column with the figure before it gets one when one
/// header line has a cell over each. The boundary goes midway between the
/// labels' (or figures') ends and the figures' starts; none where a label
/// reaches past a figure of that column.
fn figure_bounds(header: &[TableLine], data: &[TableLine], bounds: &mut Vec<f64>) {
    let column_of = |x: f64| bounds.iter().filter(|&&b| b <= x).count();
    let gaps = header_gaps(header);
    // Figures that stand apart (not cut off a label), for the evidence of
    // other rows.
    // By where they start, to find those over a place without a scan of
    // all (tables of thousands of rows stay linear).
    let mut apart: Vec<(usize, f64, f64)> = data
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            l.pieces
                .iter()
                .filter(|p| p.glued.is_none() && p.is_number())
                .map(move |p| (i, p.x0, p.x1))
        })
        .collect();
    apart.sort_by(|a, b| a.1.total_cmp(&b.1));
    let widest = apart.iter().map(|a| a.2 - a.1).fold(0.0, f64::max);
    // Whether figures of two rows other than `row` stand over [x0, x1].
    let two_rows_show = |row: usize, x0: f64, x1: f64| {
        let from = apart.partition_point(|a| a.1 <= x0 - widest);
        let to = apart.partition_point(|a| a.1 < x1);
        apart[from..to.max(from)]
            .iter()
            .filter(|&&(j, _, end)| j != row && end > x0)
            .nth(1)
            .is_some()
    };
    // (label end, figure start, figure end) of each label and figure that
    // fall in one column, and that the table shows apart.
    let mut pairs: Vec<(f64, f64, f64)> = Vec::new();
    for (i, l) in data.iter().enumerate() {
        for w in l.pieces.windows(2) {
            let (label, figure) = (&w[0], &w[1]);
            if !figure.is_number()
                || figure.x0 < label.x1
                || column_of(label.x1 - 0.5) != column_of(figure.x0 + 0.5)
            {
                continue;
            }
            if label.is_number() {
                if label.glued.is_none() && header_over_each(header, label, figure) {
                    pairs.push((label.x1, figure.x0, figure.x1));
                }
                continue;
            }
            if !ends_like_a_label(&label.text) {
                continue;
            }
            let header_shows = gaps.iter().any(|&(g0, g1)| g0 < figure.x0 && g1 > label.x1);
            let rows_show = two_rows_show(i, figure.x0, figure.x1);
            if header_shows || rows_show {
                pairs.push((label.x1, figure.x0, figure.x1));
            }
        }
    }
    // One boundary per column of figures (pairs whose figures overlap).
    pairs.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut k = 0;
    let mut added = Vec::new();
    while k < pairs.len() {
        let (mut label_end, mut figure_start, mut figure_end) = pairs[k];
        k += 1;
        while k < pairs.len() && pairs[k].1 < figure_end {
            label_end = label_end.max(pairs[k].0);
            figure_start = figure_start.min(pairs[k].1);
            figure_end = figure_end.max(pairs[k].2);
            k += 1;
        }
        if label_end <= figure_start {
            added.push((label_end + figure_start) / 2.0);
        }
    }
    for x in added {
        // A boundary left of it with no text starting in between stood
        // for the same edge, misplaced by the labels crossing it: replaced.
        let starts = |a: f64, b: f64| {
            data.iter()
                .chain(header)
                .flat_map(|l| l.pieces.iter())
                .any(|p| a <= p.x0 && p.x0 < b)
        };
        if let Some(k) = bounds.iter().rposition(|&b| b < x)
            && k > 0
            && !starts(bounds[k], x)
        {
            bounds.remove(k);
        }
        bounds.push(x);
        bounds.sort_by(f64::total_cmp);
    }
}

/// Moves a column boundary that passes through a header cell's text to
/// the nearest place within the gap the data rows leave there that only
/// cells spanning three columns or more cross: header cells stand over
/// their columns, and the middle of the data's gap may fall inside a
/// header text that wraps or is wide (`科研机构` over figures set in narrow
/// columns). A boundary no such place is found for stays.
fn fit_to_header(header: &[TableLine], data: &[TableLine], bounds: &mut [f64]) {
    if header.is_empty() || bounds.len() < 3 {
        return;
    }
    let header_pieces: Vec<(f64, f64)> = header
        .iter()
        .flat_map(|l| l.pieces.iter().map(|p| (p.x0, p.x1)))
        .collect();
    let data_pieces = || data.iter().flat_map(|l| l.pieces.iter());
    for k in 1..bounds.len() - 1 {
        let b = bounds[k];
        // Header texts crossing x that cross no other boundary: a cell over
        // two columns, or one the boundary cuts wrongly.
        let others: Vec<f64> = bounds
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .map(|(_, &x)| x)
            .collect();
        let cut = |x: f64| {
            header_pieces
                .iter()
                .filter(|&&(a, z)| a < x && x < z && !others.iter().any(|&o| a < o && o < z))
                .count()
        };
        if cut(b) == 0 || data_pieces().any(|p| p.x0 < b && b < p.x1) {
            continue;
        }
        // The data's gap around the boundary, within its neighbours.
        let lo = data_pieces()
            .filter(|p| p.x1 <= b)
            .map(|p| p.x1)
            .fold(bounds[k - 1], f64::max);
        let hi = data_pieces()
            .filter(|p| p.x0 >= b)
            .map(|p| p.x0)
            .fold(bounds[k + 1], f64::min);
        // Stretches between header text edges inside the gap; the nearest
        // one that no header text of one or two columns crosses wins.
        let mut edges: Vec<f64> = header_pieces
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .filter(|&x| lo < x && x < hi)
            .chain([lo, hi])
            .collect();
        edges.sort_by(f64::total_cmp);
        let best = edges
            .windows(2)
            .filter(|w| w[1] > w[0])
            .map(|w| (w[0] + w[1]) / 2.0)
            .filter(|&x| cut(x) == 0)
            .min_by(|x, y| (x - b).abs().total_cmp(&(y - b).abs()));
        if let Some(x) = best {
            bounds[k] = x;
        }
    }
}

/// One header line has a text over `a` and another over `b`, neither over
/// both: the header names two columns there.
fn header_over_each(header: &[TableLine], a: &Piece, b: &Piece) -> bool {
    let over = |h: &Piece, p: &Piece| h.x0 < p.x1 && p.x0 < h.x1;
    header.iter().any(|l| {
        let only = |p: &Piece, q: &Piece| l.pieces.iter().any(|h| over(h, p) && !over(h, q));
        only(a, b) && only(b, a)
    })
}

/// The gaps between a table's header cells: stretches no text of the
/// header lines covers, between the first and the last.
fn header_gaps(header: &[TableLine]) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = header
        .iter()
        .flat_map(|l| l.pieces.iter().map(|p| (p.x0, p.x1)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut gaps = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for (x0, x1) in spans {
        if x0 > reach && reach.is_finite() {
            gaps.push((reach, x0));
        }
        reach = reach.max(x1);
    }
    gaps
}

/// A line that only adds text to cells the row above already has, none of
/// it a number, and fills fewer columns: that row's cells wrapped.
fn continues_cells(
    prev: &[(usize, usize, String)],
    next: &[(usize, usize, String)],
    prev_line: &Line,
    line: &Line,
) -> bool {
    prev_line.y - line.y <= 1.6 * prev_line.size.max(line.size)
        && next.len() < prev.len()
        && next.iter().all(|(col, _, text)| {
            docmend_core::model::Number::parse(text).is_none()
                && !starts_numbered(text)
                && prev.iter().any(|(c, _, t)| c == col && !t.is_empty())
        })
}

/// Two columns whose first holds, in most rows that fill both, only
/// numbering or a bullet: a list set with hanging indents (rows where the
/// item's text runs on from its number fill one cell).
fn looks_like_a_list(rows: &[Row], n_cols: usize) -> bool {
    if n_cols != 2 {
        return false;
    }
    let split: Vec<&str> = rows
        .iter()
        .filter(|(cells, _, _)| cells.len() == 2)
        .map(|(cells, _, _)| cells[0].2.as_str())
        .collect();
    let markers = split.iter().filter(|t| is_marker(t)).count();
    markers * 3 >= split.len() * 2
}

/// `1.`, `一、`, `（一）`, `•`, `-`: a list item's number or bullet.
fn is_marker(text: &str) -> bool {
    text.chars().count() <= 5
        && (starts_numbered(text)
            || text.ends_with(['、', '.', '．', ')', '）'])
            || text.chars().all(|c| !c.is_alphanumeric()))
}

/// Column boundaries (left edge, the middle of each shared gap, right
/// edge), or `None` when fewer than two columns line up.
fn column_bounds(lines: &[&Line]) -> Option<Vec<f64>> {
    let x0 = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
    let x1 = lines.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
    if !(x1 - x0).is_finite() || x1 - x0 < 1.0 || x1 - x0 > 10_000.0 {
        return None;
    }
    // Half-point bins: how many lines have a run over each.
    let bins = ((x1 - x0) * 2.0).ceil() as usize + 1;
    let mut covered = vec![0usize; bins];
    for l in lines {
        let mut marks = vec![false; bins];
        for Run { x0: a, x1: b, .. } in &l.runs {
            let (i, j) = (((a - x0) * 2.0) as usize, ((b - x0) * 2.0) as usize);
            marks[i.min(bins - 1)..=j.min(bins - 1)]
                .iter_mut()
                .for_each(|m| *m = true);
        }
        for (c, m) in covered.iter_mut().zip(marks) {
            *c += usize::from(m);
        }
    }
    let em = lines.iter().map(|l| l.size).fold(0.0, f64::max).max(1.0);
    let mut bounds = vec![x0];
    // How many runs start in each bin: a column's left-aligned texts start
    // at one x.
    let mut starts = vec![0usize; bins];
    for r in lines.iter().flat_map(|l| l.runs.iter()) {
        starts[(((r.x0 - x0) * 2.0) as usize).min(bins - 1)] += 1;
    }
    for (from, to) in valleys(&covered, &starts, (3.0 * em * 2.0) as usize) {
        let (a, b) = (x0 + from as f64 / 2.0, x0 + to as f64 / 2.0);
        // Narrower than half an em is the space inside a cell's text.
        if b - a >= 0.5 * em && supported(lines, a, b) {
            bounds.push((a + b) / 2.0);
        }
    }
    bounds.push(x1);
    (bounds.len() >= 3).then_some(bounds)
}

/// The gaps between columns in a coverage profile, as bin ranges: stretches
/// of equal coverage lower than the stretches on either side, and at most
/// a share of the coverage of the columns within `reach` bins on both sides
/// (a header cell or a long label crossing a gap leaves it a gap), or
/// followed by a column whose texts start at one x more often than lines
/// cross the gap (labels of a merged cell on the left crossing into it).
/// A sparse column is not a gap: it is higher than the empty stretch
/// beside it.
fn valleys(covered: &[usize], starts: &[usize], reach: usize) -> Vec<(usize, usize)> {
    // Stretches of equal coverage: (coverage, first bin, end bin).
    let mut flats: Vec<(usize, usize, usize)> = Vec::new();
    for (i, &c) in covered.iter().enumerate() {
        match flats.last_mut() {
            Some(f) if f.0 == c => f.2 = i + 1,
            _ => flats.push((c, i, i + 1)),
        }
    }
    let peak = |from: usize, to: usize| covered[from..to].iter().copied().max().unwrap_or(0);
    let mut out = Vec::new();
    for k in 1..flats.len().saturating_sub(1) {
        let (c, from, to) = flats[k];
        if c >= flats[k - 1].0 || c >= flats[k + 1].0 {
            continue;
        }
        let left = peak(from.saturating_sub(reach), from);
        let right = peak(to, (to + reach).min(covered.len()));
        let aligned_starts: usize = starts[to.saturating_sub(2)..(to + 3).min(starts.len())]
            .iter()
            .sum();
        if (c as f64) <= SPANNING_SHARE * left.min(right) as f64
            || (aligned_starts > c && aligned_starts >= MIN_ROWS)
        {
            out.push((from, to));
        }
    }
    out
}

/// A column gap is real when several lines have text on both sides of it.
fn supported(lines: &[&Line], a: f64, b: f64) -> bool {
    lines
        .iter()
        .filter(|l| {
            l.runs.iter().any(|r| r.x1 <= a + 0.5) && l.runs.iter().any(|r| r.x0 >= b - 0.5)
        })
        .count()
        >= MIN_ROWS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs at x, 10 points a character.
    fn line(y: f64, runs: &[(f64, &str)]) -> Line {
        let runs: Vec<(f64, f64, &str)> = runs
            .iter()
            .map(|&(x, t)| (x, x + 10.0 * t.chars().count() as f64, t))
            .collect();
        super::super::layout::test_line(y, &runs)
    }

    fn grid_text(g: &Grid) -> Vec<(usize, usize, usize, String)> {
        g.cells
            .iter()
            .map(|c| (c.0, c.1, c.3, c.4.clone()))
            .collect()
    }

    #[test]
    fn aligned_columns_make_a_table() {
        let mut lines = vec![
            line(700.0, &[(50.0, "项目"), (200.0, "数量"), (300.0, "金额")]),
            line(685.0, &[(50.0, "收到申请"), (200.0, "12"), (300.0, "3.5")]),
            line(670.0, &[(50.0, "办结"), (200.0, "7"), (300.0, "10")]),
            line(640.0, &[(50.0, "一段跟在表格后面的正文，它只有一段。")]),
        ];
        let grids = find(&mut lines);
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].xs.len(), 4);
        assert_eq!(
            grid_text(&grids[0])[3..6],
            [
                (1, 0, 1, "收到申请".to_string()),
                (1, 1, 1, "12".to_string()),
                (1, 2, 1, "3.5".to_string())
            ]
        );
        assert_eq!(lines.len(), 1, "the paragraph stays");
    }

    #[test]
    fn a_header_over_two_columns_spans_them() {
        let mut lines = vec![
            line(700.0, &[(50.0, "名称"), (200.0, "申请情况汇总数")]),
            line(685.0, &[(50.0, "甲"), (200.0, "1"), (250.0, "2")]),
            line(670.0, &[(50.0, "乙"), (200.0, "3"), (250.0, "4")]),
            line(655.0, &[(50.0, "丙"), (200.0, "5"), (250.0, "6")]),
            line(640.0, &[(50.0, "丁"), (200.0, "7"), (250.0, "8")]),
            line(625.0, &[(50.0, "戊"), (200.0, "9"), (250.0, "0")]),
            line(610.0, &[(50.0, "己"), (200.0, "1"), (250.0, "1")]),
        ];
        let g = &find(&mut lines)[0];
        assert_eq!(grid_text(g)[1], (0, 1, 2, "申请情况汇总数".to_string()));
    }

    #[test]
    fn a_wrapped_label_joins_its_row() {
        let mut lines = vec![
            line(700.0, &[(50.0, "事项"), (200.0, "件数")]),
            line(685.0, &[(50.0, "（二）部分公开（区分"), (200.0, "3")]),
            line(673.0, &[(50.0, "处理的）")]),
            line(658.0, &[(50.0, "（三）不予公开"), (200.0, "4")]),
        ];
        let g = &find(&mut lines)[0];
        assert_eq!(g.ys.len(), 4, "three rows");
        assert_eq!(grid_text(g)[2].3, "（二）部分公开（区分处理的）");
    }

    /// The texts of a grid's cells by row, in column order.
    fn row_texts(g: &Grid) -> Vec<Vec<(usize, String)>> {
        let mut rows = vec![Vec::new(); g.ys.len() - 1];
        for c in &g.cells {
            rows[c.0].push((c.1, c.4.clone()));
        }
        rows
    }

    #[test]
    fn a_figure_in_one_run_with_its_label_gets_the_headers_column() {
        // `…申请数量6`: the label runs up to the first value column and
        // the figure follows without a gap; the header's `自然人` stands
        // over that column.
        let mut lines = vec![
            line(700.0, &[(50.0, "项目"), (205.0, "自然人"), (260.0, "法人")]),
            line(
                685.0,
                &[(50.0, "一、本年新收政府信息公开申请数6"), (260.0, "0")],
            ),
            line(
                670.0,
                &[(50.0, "二、上年结转申请数量"), (205.0, "2"), (260.0, "0")],
            ),
            line(
                655.0,
                &[(50.0, "三、本年办理总计"), (205.0, "8"), (260.0, "1")],
            ),
        ];
        let g = &find(&mut lines)[0];
        assert_eq!(g.xs.len(), 4, "{:?}", g.xs);
        let rows = row_texts(g);
        assert_eq!(
            rows[1],
            [
                (0, "一、本年新收政府信息公开申请数".to_string()),
                (1, "6".to_string()),
                (2, "0".to_string())
            ]
        );
        assert_eq!(rows[0][1], (1, "自然人".to_string()));
    }

    #[test]
    fn a_figure_in_one_run_with_its_label_gets_the_column_other_rows_show() {
        // No header: figures of other rows stand apart in that column.
        let mut lines = vec![
            line(685.0, &[(50.0, "甲类申请数量合计6"), (260.0, "0")]),
            line(670.0, &[(50.0, "乙类申请"), (130.0, "2"), (260.0, "0")]),
            line(655.0, &[(50.0, "丙类申请"), (130.0, "8"), (260.0, "1")]),
            line(640.0, &[(50.0, "丁类申请数量合计3"), (260.0, "5")]),
        ];
        let g = &find(&mut lines)[0];
        let rows = row_texts(g);
        assert_eq!(rows[0][0], (0, "甲类申请数量合计".to_string()));
        assert_eq!(rows[0][1], (1, "6".to_string()));
        assert_eq!(rows[3][1], (1, "3".to_string()));
    }

    #[test]
    fn a_number_that_is_part_of_its_text_stays_there() {
        // Table-of-contents entries with their page numbers, and amounts
        // after their currency sign: no column shows the numbers apart.
        let mut lines = vec![
            line(700.0, &[(50.0, "一、"), (80.0, "总体情况1")]),
            line(685.0, &[(50.0, "二、"), (80.0, "主动公开情况2")]),
            line(670.0, &[(50.0, "三、"), (80.0, "依申请公开情况3")]),
            line(655.0, &[(50.0, "四、"), (80.0, "存在的问题4")]),
        ];
        for g in find(&mut lines) {
            assert!(
                g.cells.iter().all(|c| c.4.chars().count() > 1),
                "{:?}",
                g.cells
            );
        }
        let mut lines = vec![
            line(700.0, &[(50.0, "项目"), (200.0, "金额")]),
            line(685.0, &[(50.0, "收入"), (200.0, "¥ 175,820")]),
            line(670.0, &[(50.0, "支出"), (200.0, "¥ 2,834")]),
            line(655.0, &[(50.0, "结余"), (200.0, "¥ 1,960")]),
        ];
        let g = &find(&mut lines)[0];
        assert_eq!(row_texts(g)[1][1], (1, "¥ 175,820".to_string()));
    }

    #[test]
    fn a_boundary_through_a_header_text_moves_beside_it() {
        // Figures centred in narrow columns leave a gap (110–170) whose
        // middle, where the valley put the boundary, falls inside the
        // wrapped header text `科研机`/`构`; the boundary moves to the
        // nearest place no header text of one column crosses (between
        // `商业企` and `科研机`), and a header spanning the columns
        // (`法人或其他组织`) does not hold it.
        let lines = [
            line(700.0, &[(40.0, "法人或其他组织合计数")]),
            line(690.0, &[(92.0, "商业企"), (134.0, "科研机")]),
            line(680.0, &[(102.0, "业"), (144.0, "构")]),
            line(675.0, &[(100.0, "1"), (170.0, "2"), (230.0, "3")]),
            line(660.0, &[(100.0, "3"), (170.0, "4"), (230.0, "5")]),
        ];
        let cut: Vec<TableLine> = lines
            .iter()
            .map(|line| TableLine {
                line,
                pieces: pieces_of(line),
            })
            .collect();
        let (header, data) = cut.split_at(3);
        let mut bounds = vec![90.0, 140.0, 205.0, 240.0];
        fit_to_header(header, data, &mut bounds);
        assert_eq!(bounds, [90.0, 128.0, 205.0, 240.0]);
    }

    #[test]
    fn prose_and_lists_are_not_tables() {
        let mut two_columns = vec![
            line(
                700.0,
                &[
                    (50.0, "这是左栏的一行正文，足够长，不像表格单元格的内容。"),
                    (320.0, "这是右栏的一行正文，也足够长，不像表格单元格。"),
                ],
            ),
            line(
                685.0,
                &[
                    (50.0, "这是左栏的第二行正文，足够长，不像表格单元格。"),
                    (320.0, "这是右栏的第二行正文，也足够长，不像表格单元格。"),
                ],
            ),
            line(
                670.0,
                &[
                    (50.0, "这是左栏的第三行正文，足够长，不像表格单元格。"),
                    (320.0, "这是右栏的第三行正文，也足够长，不像表格单元格。"),
                ],
            ),
        ];
        assert!(find(&mut two_columns).is_empty());
        let mut list = vec![
            line(700.0, &[(50.0, "1."), (80.0, "第一项")]),
            line(685.0, &[(50.0, "2."), (80.0, "第二项")]),
            line(670.0, &[(50.0, "3."), (80.0, "第三项")]),
        ];
        assert!(find(&mut list).is_empty());
        let mut two_lines = vec![
            line(700.0, &[(50.0, "甲"), (200.0, "1")]),
            line(685.0, &[(50.0, "乙"), (200.0, "2")]),
        ];
        assert!(find(&mut two_lines).is_empty());
    }
}
