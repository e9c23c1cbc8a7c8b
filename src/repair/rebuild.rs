//! Rebuilds a raw table (cells as a text export showed them) into a grid:
//! header rows with spans, data rows whose labels stay left and whose
//! values land under their columns, and row labels that a vertical merge
//! removed filled back in as row spans.

use super::grid::Grid;
use super::header;
use super::shape::{self, Shape};
use super::tokens::{self, Kind, Token};
use crate::model::{Layout, Repair, RepairKind, Table};
use crate::numbering;

/// A rebuilt grid may always span this many positions, and otherwise at
/// most [`MAX_GROWTH`] times the positions of the table as the export
/// showed it (which the converter counted against the document's limit):
/// a few rows of many figures over thousands of lone labels would make
/// each label a row as wide as the figures.
pub const MIN_REBUILD_LIMIT: usize = 1_000_000;
pub const MAX_GROWTH: usize = 4;

/// What became of a table given to [`rebuild`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Rebuilt,
    /// It holds no numbers to count columns by; left alone.
    NoNumbers,
    /// Its rebuilt grid would span this many positions, out of proportion
    /// to the table as the export showed it; left alone.
    OutOfProportion(usize),
}

/// Rebuilds `table` in place, or says why it was left alone.
pub fn rebuild(table: &mut Table) -> Outcome {
    let streamed = table.layout == Layout::Stream;
    let tokens = tokens::read(table);
    let Some(shape) = shape::infer(&tokens, streamed) else {
        return Outcome::NoNumbers;
    };
    if shape.value_cols == 0 {
        return Outcome::NoNumbers;
    }
    let mut builder = Builder {
        tokens: &tokens,
        shape: &shape,
        streamed,
        n_cols: shape.label_cols + shape.value_cols,
        grid: Grid::new(shape.label_cols + shape.value_cols),
        repairs: Vec::new(),
        padding_dropped: 0,
        realigned_rows: Vec::new(),
        label_above: vec![None; shape.label_cols],
        filled: Vec::new(),
        unplaced: Vec::new(),
        damage: if table.raw.damage.is_empty() {
            "the converter marked the table's rows as damaged".to_string()
        } else {
            table.raw.damage.join("; ")
        },
    };
    let widest_seen = table.n_cols;
    let header_rows = builder.header();
    let body_rows = builder.body();
    builder.finish_unplaced();
    builder.summarise(widest_seen, table.cells.len(), body_rows);

    let Builder { grid, repairs, .. } = builder;
    let seen = table.n_rows.saturating_mul(table.n_cols);
    let limit = seen.saturating_mul(MAX_GROWTH).max(MIN_REBUILD_LIMIT);
    if grid.positions() > limit {
        return Outcome::OutOfProportion(grid.positions());
    }
    let (n_rows, n_cols, cells) = grid.finish();
    table.n_rows = n_rows;
    table.n_cols = n_cols;
    table.header_rows = header_rows;
    table.cells = cells;
    table.repairs.extend(repairs);
    table.layout = Layout::Exact;
    Outcome::Rebuilt
}

struct Builder<'a> {
    tokens: &'a [Token],
    shape: &'a Shape,
    streamed: bool,
    n_cols: usize,
    grid: Grid,
    repairs: Vec<Repair>,
    padding_dropped: usize,
    /// (grid row, export row, export column of its first cell).
    realigned_rows: Vec<(usize, usize, String)>,
    /// The label cell that covers each label column in the row above, for
    /// filling down labels that vertical merges dropped.
    label_above: Vec<Option<usize>>,
    /// (cell index, rows added) for every label filled down.
    filled: Vec<(usize, usize)>,
    /// Texts that found no free position; kept in rows of their own so
    /// that nothing is lost.
    unplaced: Vec<String>,
    /// What the converter saw that shows the table lost its structure.
    damage: String,
}

/// `第二十条第(一)项`: a section title inside a table.
fn is_article_title(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('第') else {
        return false;
    };
    rest.chars()
        .take(8)
        .any(|c| matches!(c, '条' | '章' | '节' | '项'))
}

impl Builder<'_> {
    /// Places a cell, or keeps its text for the rows of unplaced cells.
    fn place(
        &mut self,
        row: usize,
        col: usize,
        row_span: usize,
        col_span: usize,
        text: &str,
    ) -> Option<usize> {
        let placed = self.grid.place(row, col, row_span, col_span, text);
        if placed.is_none() && !text.trim().is_empty() {
            self.unplaced.push(text.to_string());
        }
        placed
    }

    /// Cells that could not be placed go into extra rows at the bottom,
    /// one text per cell, and the repair says so: nothing is dropped.
    fn finish_unplaced(&mut self) {
        if self.unplaced.is_empty() {
            return;
        }
        let texts = std::mem::take(&mut self.unplaced);
        let first_row = self.grid.push_row();
        let mut row = first_row;
        for (i, text) in texts.iter().enumerate() {
            if i > 0 && i % self.n_cols == 0 {
                row = self.grid.push_row();
            }
            self.grid.place(row, i % self.n_cols, 1, 1, text);
        }
        let quoted: Vec<String> = texts
            .iter()
            .take(5)
            .map(|t| format!("'{}'", short(t)))
            .collect();
        let evidence = format!(
            "{} cells found no free position among the {} columns the table's rows of numbers agree on",
            texts.len(),
            self.n_cols
        );
        self.repair_with(
            RepairKind::UnplacedCells,
            Some(first_row),
            format!(
                "{} cells did not fit the rebuilt grid and are kept in rows {}–{}: {}{}",
                texts.len(),
                first_row,
                row,
                quoted.join(", "),
                if texts.len() > 5 { ", …" } else { "" }
            ),
            evidence,
        );
    }

    /// Records a repair whose evidence is the damage the export showed.
    fn repair(&mut self, kind: RepairKind, row: Option<usize>, detail: String) {
        let evidence = self.damage.clone();
        self.repair_with(kind, row, detail, evidence);
    }

    fn repair_with(
        &mut self,
        kind: RepairKind,
        row: Option<usize>,
        detail: String,
        evidence: String,
    ) {
        self.repairs.push(Repair {
            evidence,
            kind,
            detail,
            row,
        });
    }

    /// Builds the header rows from the cells before the first data row and
    /// returns how many rows the header takes.
    fn header(&mut self) -> usize {
        let mut groups: Vec<Vec<&Token>> = Vec::new();
        for token in &self.tokens[..self.shape.data_start] {
            if token.row_start || groups.is_empty() {
                groups.push(Vec::new());
            }
            if token.kind == Kind::Empty {
                self.padding_dropped += 1;
            } else if let Some(group) = groups.last_mut() {
                group.push(token);
            }
        }
        groups.retain(|g| !g.is_empty());
        if self.streamed {
            // No row breaks: leading section titles are rows of their own.
            let cells: Vec<&Token> = groups.concat();
            let titles = cells
                .iter()
                .take_while(|t| is_article_title(&t.text))
                .count();
            groups = cells[..titles].iter().map(|t| vec![*t]).collect();
            if titles < cells.len() {
                groups.push(cells[titles..].to_vec());
            }
        }

        let mut row = 0;
        while let Some(first) = groups.first() {
            let title = first.len() == 1
                && (is_article_title(&first[0].text) || (!self.streamed && groups.len() > 1));
            if !title {
                break;
            }
            self.title_row(row, &first[0].text);
            groups.remove(0);
            row += 1;
        }
        if groups.is_empty() {
            return row;
        }

        let label_cols = self.shape.label_cols;
        let corner = if label_cols > 0 {
            Some(groups[0].remove(0))
        } else {
            None
        };
        groups.retain(|g| !g.is_empty());
        let value_rows: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|t| t.text.as_str()).collect())
            .collect();
        let flat: Vec<&str> = value_rows.concat();
        let placed = if flat.is_empty() {
            Some(Vec::new())
        } else if self.streamed {
            header::tile_stream(&flat, self.shape.value_cols)
        } else {
            header::tile_rows(&value_rows, self.shape.value_cols)
        };
        let height = match &placed {
            Some(placed) => placed
                .iter()
                .map(|p| p.row + p.row_span)
                .max()
                .unwrap_or(1)
                .max(1),
            None => value_rows.len().max(1),
        };
        if let Some(corner) = corner {
            self.place(row, 0, height, label_cols, &corner.text);
        }
        match placed {
            Some(placed) => {
                for p in &placed {
                    self.place(
                        row + p.row,
                        label_cols + p.col,
                        p.row_span,
                        p.col_span,
                        flat[p.index],
                    );
                }
                if flat.len() > self.shape.value_cols
                    || corner.is_some_and(|_| label_cols > 1 || height > 1)
                {
                    self.repair(
                        RepairKind::RebuildHeader,
                        Some(row),
                        format!(
                            "rows {}–{}: arranged {} header cells into a {}-level header over {} value columns, with the spans that merged cells had",
                            row,
                            row + height - 1,
                            flat.len() + usize::from(corner.is_some()),
                            height,
                            self.shape.value_cols
                        ),
                    );
                }
            }
            None => {
                for (offset, cells) in value_rows.iter().enumerate() {
                    self.left_to_right(row + offset, label_cols, cells);
                }
                self.repair(
                    RepairKind::RebuildHeader,
                    Some(row),
                    format!(
                        "rows {}–{}: header spans could not be inferred; header cells placed left to right",
                        row,
                        row + height - 1
                    ),
                );
            }
        }
        row + height
    }

    /// A row holding one title over all columns.
    fn title_row(&mut self, row: usize, text: &str) {
        self.place(row, 0, 1, self.n_cols, text);
        if self.n_cols > 1 {
            self.repair(
                RepairKind::SpanCells,
                Some(row),
                format!(
                    "row {row}: title '{}' spans all {} columns",
                    short(text),
                    self.n_cols
                ),
            );
        }
        self.label_above.iter_mut().for_each(|l| *l = None);
    }

    /// Places cells left to right from `first_col`; the last one spans to
    /// the right edge, as the merged cell the export dropped did.
    fn left_to_right(&mut self, row: usize, first_col: usize, cells: &[&str]) {
        for (col, (i, text)) in (first_col..).zip(cells.iter().enumerate()) {
            if col >= self.n_cols {
                // More cells than columns: kept by `finish_unplaced`.
                self.unplaced
                    .extend(cells[i..].iter().map(|t| t.to_string()));
                break;
            }
            let span = if i + 1 == cells.len() {
                self.n_cols - col
            } else {
                1
            };
            self.place(row, col, 1, span, text);
            if span > 1 {
                self.repair(
                    RepairKind::SpanCells,
                    Some(row),
                    format!(
                        "row {row}: '{}' spans columns {}–{}",
                        short(text),
                        col,
                        col + span - 1
                    ),
                );
            }
        }
        self.label_above.iter_mut().for_each(|l| *l = None);
    }

    /// Parses the data region; returns the number of body rows written.
    fn body(&mut self) -> usize {
        let tokens = self.tokens;
        let value_cols = self.shape.value_cols;
        let label_cols = self.shape.label_cols;
        let mut rows_written = 0;
        let mut i = self.shape.data_start;
        while i < tokens.len() {
            let breaks_here = |j: usize| !self.streamed && tokens[j].row_start;
            let mut j = i;
            while j < tokens.len() && tokens[j].kind == Kind::Label && (j == i || !breaks_here(j)) {
                j += 1;
            }
            let labels = &tokens[i..j];
            if labels.is_empty() && !self.starts_value_row(i) {
                // A cell that starts no row here: padding when empty; a
                // placeholder (`-`, `/`) is text, kept with the cells that
                // found no position.
                self.drop_or_keep(&tokens[i]);
                i += 1;
                continue;
            }
            let values_start = j;
            while j < tokens.len()
                && j - values_start < value_cols
                && tokens[j].kind.is_value_like()
                && (j == i || !breaks_here(j))
            {
                j += 1;
            }
            let mut values: Vec<Token> = tokens[values_start..j].to_vec();
            let mut surplus_dropped = 0;
            if !self.streamed && values.len() == value_cols {
                // The export row goes on with more value cells than the
                // table has value columns. When its empty cells are exactly
                // the surplus, they were padding the export put among the
                // figures (a cell it added, a merge it lost): every figure
                // keeps its order and the row fits.
                let row_end = (j..tokens.len())
                    .find(|&k| breaks_here(k) || !tokens[k].kind.is_value_like())
                    .unwrap_or(tokens.len());
                let all = &tokens[values_start..row_end];
                let empties = all.iter().filter(|t| t.kind == Kind::Empty).count();
                if all.len() > value_cols && all.len() - value_cols == empties {
                    values = all
                        .iter()
                        .filter(|t| t.kind != Kind::Empty)
                        .cloned()
                        .collect();
                    surplus_dropped = empties;
                    j = row_end;
                }
            }
            let has_number = values.iter().any(|t| t.kind == Kind::Number);
            i = j;

            let (extra, data_labels) = if labels.len() > label_cols && has_number {
                labels.split_at(labels.len() - label_cols)
            } else if label_cols == 0
                || labels.len() > label_cols.max(1)
                || (!has_number && labels.len() > 1 && labels.len() > label_cols)
            {
                (labels, &labels[..0])
            } else {
                (&labels[..0], labels)
            };
            for chunk in split_header_like(extra, self.n_cols) {
                let row = self.grid.push_row();
                if chunk.len() == 1 && is_article_title(&chunk[0].text) {
                    self.title_row(row, &chunk[0].text);
                } else {
                    let texts: Vec<&str> = chunk.iter().map(|t| t.text.as_str()).collect();
                    self.left_to_right(row, 0, &texts);
                }
                rows_written += 1;
            }
            if data_labels.is_empty() && !has_number {
                // Padding after a header-like row: nothing to place but
                // placeholders, which are kept.
                for value in &values {
                    self.drop_or_keep(value);
                }
                continue;
            }
            if data_labels.len() == 1 && !has_number && is_article_title(&data_labels[0].text) {
                let row = self.grid.push_row();
                self.title_row(row, &data_labels[0].text);
                rows_written += 1;
                continue;
            }
            let seen_row = values.first().map_or(0, |t| t.seen_row);
            self.data_row(data_labels, &values);
            rows_written += 1;
            if surplus_dropped > 0 {
                self.padding_dropped += surplus_dropped;
                let row = self.grid.rows() - 1;
                let evidence = format!(
                    "export row {seen_row} holds {} value cells for the table's {value_cols} value columns, and exactly {surplus_dropped} of them are empty",
                    value_cols + surplus_dropped
                );
                self.repair_with(
                    RepairKind::RealignRow,
                    Some(row),
                    format!(
                        "row {row} (export row {seen_row}): dropped {surplus_dropped} empty cells among its figures so that its {} figures stand in the {value_cols} value columns in their order",
                        values.iter().filter(|t| t.kind != Kind::Empty).count()
                    ),
                    evidence,
                );
            }
        }
        rows_written
    }

    /// Drops a cell the grid has no position for when it is empty padding;
    /// keeps its text for the rows of unplaced cells otherwise.
    fn drop_or_keep(&mut self, token: &Token) {
        if token.kind == Kind::Empty {
            self.padding_dropped += 1;
        } else {
            self.unplaced.push(token.text.clone());
        }
    }

    /// In rows as seen, an export row of values with no label (the review
    /// table's figures) is a data row even if it opens with an empty cell.
    fn starts_value_row(&self, i: usize) -> bool {
        let tokens = self.tokens;
        if tokens[i].kind == Kind::Number {
            return true;
        }
        if self.streamed || !tokens[i].row_start {
            return false;
        }
        let row_end = tokens[i + 1..]
            .iter()
            .position(|t| t.row_start)
            .map_or(tokens.len(), |p| i + 1 + p);
        let row = &tokens[i..row_end];
        row.iter().all(|t| t.kind.is_value_like()) && row.iter().any(|t| t.kind == Kind::Number)
    }

    fn data_row(&mut self, labels: &[Token], values: &[Token]) {
        let row = self.grid.push_row();
        let label_cols = self.shape.label_cols;
        let levels = self.label_levels(labels);
        let first_level = levels.first().copied().unwrap_or(label_cols);

        // Columns left of the first label: the labels of the rows above,
        // lost to a vertical merge.
        let mut above = vec![None; label_cols];
        for col in 0..first_level {
            let Some(index) = self.label_above[col] else {
                continue;
            };
            let cell = self.grid.cell(index);
            let span = cell.col_span;
            if cell.col == col
                && cell.col + span <= first_level
                && cell.row + cell.row_span == row
                && self.grid.extend_down(index)
            {
                match self.filled.iter_mut().find(|(i, _)| *i == index) {
                    Some((_, n)) => *n += 1,
                    None => self.filled.push((index, 1)),
                }
                above[col..col + span]
                    .iter_mut()
                    .for_each(|slot| *slot = Some(index));
            }
        }
        for (k, label) in labels.iter().enumerate() {
            let col = levels[k];
            let end = levels.get(k + 1).copied().unwrap_or(label_cols);
            if let Some(index) = self.place(row, col, 1, end - col, &label.text) {
                for slot in above.iter_mut().take(end).skip(col) {
                    *slot = Some(index);
                }
            }
        }
        self.label_above = above;

        for (k, value) in values.iter().enumerate() {
            self.place(row, label_cols + k, 1, 1, &value.text);
        }
        if self.streamed {
            // A stream had no rows to realign; its split is one repair.
            return;
        }
        let mut moves = Vec::new();
        for (label, &col) in labels.iter().zip(&levels) {
            if label.seen_col != col {
                moves.push(format!(
                    "label '{}' from cell {} to column {col}",
                    short(&label.text),
                    label.seen_col
                ));
            }
        }
        if let (Some(first), Some(last)) = (values.first(), values.last())
            && first.seen_col != label_cols
        {
            moves.push(format!(
                "{} values from cells {}–{} to columns {}–{}",
                values.len(),
                first.seen_col,
                last.seen_col,
                label_cols,
                label_cols + values.len() - 1
            ));
        }
        if let Some(seen_row) = labels.first().or(values.first()).map(|t| t.seen_row)
            && !moves.is_empty()
        {
            self.realigned_rows.push((row, seen_row, moves.join("; ")));
        }
    }

    /// The label column of each label in a row: from its numbering's depth
    /// where it has one, else right after the label before it.
    fn label_levels(&self, labels: &[Token]) -> Vec<usize> {
        let label_cols = self.shape.label_cols;
        let mut levels = Vec::with_capacity(labels.len());
        let mut previous: Option<usize> = None;
        for label in labels {
            let by_style = label
                .style()
                .and_then(|s| self.shape.label_styles.iter().position(|&x| x == s));
            let mut level = match (by_style, previous) {
                (Some(level), _) => level,
                (None, Some(p)) => p + 1,
                (None, None) => 0,
            };
            if previous.is_some_and(|p| level <= p) {
                level = previous.map_or(0, |p| p + 1);
            }
            levels.push(level);
            previous = Some(level);
        }
        // Too deep to fit: fall back to placing the labels side by side,
        // ending at the last label column.
        if levels.last().is_some_and(|&l| l >= label_cols.max(1)) {
            let start = label_cols.saturating_sub(labels.len());
            return (start..start + labels.len()).collect();
        }
        levels
    }

    fn summarise(&mut self, widest_seen: usize, cells_seen: usize, body_rows: usize) {
        let shape = self.shape;
        let damage = self.damage.clone();
        let note = |kind, detail: String, evidence: String, row| Repair {
            kind,
            detail,
            evidence,
            row,
        };
        let mut notes = Vec::new();
        notes.push(note(
            RepairKind::ColumnCount,
            format!(
                "{} columns: {} label and {} value columns, counted from the rows' numbers (the export showed rows up to {} cells wide)",
                self.n_cols, shape.label_cols, shape.value_cols, widest_seen
            ),
            damage.clone(),
            None,
        ));
        if self.streamed {
            notes.push(note(
                RepairKind::SplitCollapsedRow,
                format!(
                    "{cells_seen} cells with no row breaks split into {body_rows} data rows and a header by counting {} columns",
                    self.n_cols
                ),
                damage.clone(),
                None,
            ));
        }
        for (row, seen_row, moves) in &self.realigned_rows {
            notes.push(note(
                RepairKind::RealignRow,
                format!("row {row} (export row {seen_row}): moved {moves}"),
                format!(
                    "export row {seen_row} did not start its labels and numbers in the table's {} label and {} value columns; {damage}",
                    shape.label_cols, shape.value_cols
                ),
                Some(*row),
            ));
        }
        for &(index, added) in &self.filled {
            let cell = self.grid.cell(index);
            notes.push(note(
                RepairKind::FillDownRowLabel,
                format!(
                    "'{}' (column {}) restored over rows {}–{}: {} row label(s) lost to a vertical merge",
                    short(&cell.text),
                    cell.col,
                    cell.row,
                    cell.row + cell.row_span - 1,
                    added
                ),
                format!(
                    "the rows below '{}' carry no label in column {} while their own labels stand further right; {damage}",
                    short(&cell.text),
                    cell.col
                ),
                Some(cell.row),
            ));
        }
        if self.padding_dropped > 0 {
            notes.push(note(
                RepairKind::DropEmptyCells,
                format!(
                    "dropped {} empty cells that only padded rows or stood for merged cells",
                    self.padding_dropped
                ),
                format!(
                    "{} empty cells stood where the rebuilt grid has no position of their own; {damage}",
                    self.padding_dropped
                ),
                None,
            ));
        }
        notes.append(&mut self.repairs);
        self.repairs = notes;
    }
}

/// Splits labels that stand before a row's data labels into rows: section
/// titles alone, the rest in rows of at most `n_cols` cells.
fn split_header_like(labels: &[Token], n_cols: usize) -> Vec<&[Token]> {
    let mut chunks = Vec::new();
    let mut rest = labels;
    while !rest.is_empty() {
        if is_article_title(&rest[0].text)
            || numbering::parse(&rest[0].text).is_some() && rest.len() == 1
        {
            chunks.push(&rest[..1]);
            rest = &rest[1..];
            continue;
        }
        let end = rest[1..]
            .iter()
            .position(|t| is_article_title(&t.text))
            .map_or(rest.len(), |p| p + 1)
            .min(n_cols.max(1));
        chunks.push(&rest[..end]);
        rest = &rest[end..];
    }
    chunks
}

/// A short quote of a cell for repair messages.
fn short(text: &str) -> String {
    const MAX: usize = 24;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
