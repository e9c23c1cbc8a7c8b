//! Checks of the repair pass on raw tables (`raw`), reached the public way:
//! a converter of the target's own in a registry, and a pipeline of no
//! steps or of the built-in repair step alone.
//!
//! What the pass promises (docs/architecture.md, "The repair pass";
//! docs/schema.md, "Repair"), checked on every output table beside the
//! document's promises (`document`):
//!
//! * without the repair step, tables are made whole with no cell moved,
//!   joined or dropped: the same non-empty texts, and a cell put elsewhere
//!   only when it overlapped another (`unplaced_cells`);
//! * with it, no text is lost: each input cell's text (trimmed: wrapped
//!   pieces are joined trimmed) is found in a cell of the table it ended
//!   in, and nothing is invented: the output holds no character (spaces
//!   aside) more often than the input;
//! * every change is recorded: a table whose non-empty cells are not where
//!   the converter put them (parts joined over pages counted one after the
//!   other) has at least one repair;
//! * an exact table whose cells already cover every position once is left
//!   exactly as it is, without repairs.

use crate::converter::PATH;
use crate::{document, raw};
use docmend::converter::{Confidence, Converted, Converter, Options};
use docmend::model::{Block, Document, Format, FormatName, Layout, Metadata, RepairKind, Table};
use docmend::{Error, Pass, Pipeline, Registry};
use std::collections::{BTreeMap, BTreeSet};

const RAW: Format = Format::Other(FormatName::new("fuzz-raw"));

/// Hands the repair pass the raw tables the bytes describe.
struct RawTables;

impl Converter for RawTables {
    fn name(&self) -> &'static str {
        "fuzz-raw"
    }

    fn formats(&self) -> &'static [Format] {
        &[RAW]
    }

    fn description(&self) -> &'static str {
        "raw tables written as text, for the repair target"
    }

    fn sniff(&self, _head: &[u8]) -> Confidence {
        Confidence::CERTAIN
    }

    fn convert(&self, bytes: &[u8], _options: &Options) -> Result<Converted, Error> {
        Ok(Converted::new(
            RAW,
            Metadata::default(),
            raw::blocks(raw::read(bytes)),
        ))
    }
}

/// Runs the raw tables `data` describes through a pipeline of no steps and
/// one of the repair step alone, and checks both outputs.
pub fn check(data: &[u8]) {
    let parts = raw::read(data);
    if parts.is_empty() {
        return;
    }
    let mut registry = Registry::empty();
    registry.register(RawTables);
    let options = Options {
        forced_format: Some(RAW),
        ..Options::default()
    };
    let run = |pipeline: &Pipeline| {
        let doc = pipeline
            .convert(&registry, data, PATH, &options)
            .unwrap_or_else(|e| panic!("raw tables did not go through: {e}"));
        document::check(&doc, data, &registry, &pipeline.names());
        doc
    };

    let seen = run(&Pipeline::empty());
    let outputs = tables(&seen);
    assert_eq!(
        outputs.len(),
        parts.len(),
        "tables lost without the repair step"
    );
    for (index, (input, output)) in parts.iter().zip(outputs).enumerate() {
        made_whole_as_seen(input, output)
            .unwrap_or_else(|broken| panic!("table {index}, without the repair step: {broken}"));
    }

    let mut pipeline = Pipeline::empty();
    pipeline.push(docmend::pipeline::builtin_step(Pass::Repair));
    let repaired = run(&pipeline);
    let outputs = tables(&repaired);
    let groups = joined_parts(&parts);
    assert_eq!(
        outputs.len(),
        groups.len(),
        "the parts continued over pages were not joined as their geometry says"
    );
    for (group, output) in groups.iter().zip(outputs) {
        let inputs: Vec<&Table> = group.iter().map(|&k| &parts[k]).collect();
        repaired_honestly(&inputs, output).unwrap_or_else(|broken| {
            let dump = document::shortened(format!("{output:#?}"));
            panic!("tables {group:?}, repaired: {broken}\n{dump}")
        });
    }
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Table(t) => t,
            other => panic!("a block the raw tables did not give: {other:?}"),
        })
        .collect()
}

/// Which input tables end in each output table: a part that continues the
/// table before (by its geometry) is joined to it when that one has a
/// geometry too.
fn joined_parts(parts: &[Table]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let continues = part
            .raw
            .geometry
            .as_ref()
            .is_some_and(|g| g.continues_previous);
        match groups.last_mut() {
            Some(group) if continues && parts[group[0]].raw.geometry.is_some() => group.push(k),
            _ => groups.push(vec![k]),
        }
    }
    groups
}

/// A cell with text: (row, col, row_span, col_span, text).
type Placed = (usize, usize, usize, usize, String);

/// The non-empty cells of `tables` set one below the other, on `cols`
/// columns: a span reaching past the last row or column cut to the edge,
/// as making a table whole does without a repair (the positions beyond
/// were never the table's).
fn placed(tables: &[&Table], cols: usize) -> BTreeSet<Placed> {
    let rows: usize = tables.iter().map(|t| t.n_rows).sum();
    let mut out = BTreeSet::new();
    let mut offset = 0;
    for table in tables {
        for c in table.cells.iter().filter(|c| !c.text.is_empty()) {
            let row = c.row + offset;
            let row_span = c.row_span.min(rows.saturating_sub(row)).max(1);
            let col_span = c.col_span.min(cols.saturating_sub(c.col)).max(1);
            out.insert((row, c.col, row_span, col_span, c.text.clone()));
        }
        offset += table.n_rows;
    }
    out
}

fn texts<'a>(tables: impl IntoIterator<Item = &'a Table>) -> BTreeMap<&'a str, usize> {
    let mut out = BTreeMap::new();
    for table in tables {
        for cell in table.cells.iter().filter(|c| !c.text.is_empty()) {
            *out.entry(cell.text.as_str()).or_default() += 1;
        }
    }
    out
}

fn made_whole_as_seen(input: &Table, output: &Table) -> Result<(), String> {
    if texts([input]) != texts([output]) {
        return Err("the non-empty cell texts changed".into());
    }
    let moved = placed(&[input], input.n_cols) != placed(&[output], output.n_cols);
    let recorded = output
        .repairs
        .iter()
        .any(|r| r.kind == RepairKind::UnplacedCells);
    if moved && !recorded {
        return Err("cells were moved without an unplaced_cells repair".into());
    }
    if !output.repairs.is_empty() && !coverage(input).overlaps {
        return Err(format!(
            "repairs recorded though no two cells claim one position: {:?}",
            output.repairs
        ));
    }
    Ok(())
}

fn repaired_honestly(inputs: &[&Table], output: &Table) -> Result<(), String> {
    // No text lost.
    let kept = texts([output]);
    for cell in inputs.iter().flat_map(|t| &t.cells) {
        let text = cell.text.trim();
        if !text.is_empty()
            && !kept.contains_key(text)
            && !kept.keys().any(|out| out.contains(text))
        {
            return Err(format!("the text {text:?} was lost"));
        }
    }
    // Nothing invented.
    let mut chars: BTreeMap<char, isize> = BTreeMap::new();
    for cell in inputs.iter().flat_map(|t| &t.cells) {
        for c in cell.text.chars().filter(|c| !c.is_whitespace()) {
            *chars.entry(c).or_default() += 1;
        }
    }
    for cell in &output.cells {
        for c in cell.text.chars().filter(|c| !c.is_whitespace()) {
            let left = chars.entry(c).or_default();
            *left -= 1;
            if *left < 0 {
                return Err(format!(
                    "the character {c:?} appears more often than in the input"
                ));
            }
        }
    }
    // Every change recorded. Parts drawn without rules are joined on the
    // first part's column indices; ruled parts on the union of their
    // column boundaries, which for parts of equal column widths are the
    // widest part's, and otherwise move cells by design: then only the
    // texts can be compared.
    let head = inputs[0];
    let ruled = head.raw.geometry.as_ref().is_some_and(|g| g.ruled);
    let column_width = |t: &Table| {
        t.raw
            .geometry
            .as_ref()
            .map(|g| g.columns.windows(2).next().map(|w| w[1] - w[0]))
    };
    let changed = if !ruled {
        placed(inputs, head.n_cols) != placed(&[output], output.n_cols)
    } else if inputs.iter().all(|t| column_width(t) == column_width(head)) {
        let widest = inputs.iter().map(|t| t.n_cols).max().unwrap_or(0);
        placed(inputs, widest) != placed(&[output], output.n_cols)
    } else {
        texts(inputs.iter().copied()) != kept
    };
    if changed && output.repairs.is_empty() {
        return Err("the cells changed without a repair".into());
    }
    // A sound exact table stays exactly as it is.
    if inputs.len() == 1 && head.layout == Layout::Exact && coverage(head).whole {
        let mut cells = head.cells.clone();
        cells.sort_by_key(|c| (c.row, c.col));
        if output.cells != cells
            || (output.n_rows, output.n_cols) != (head.n_rows, head.n_cols)
            || !output.repairs.is_empty()
        {
            return Err("a whole exact table was changed".into());
        }
    }
    Ok(())
}

/// How the cells of a raw table cover its positions.
struct Coverage {
    /// Every position exactly once, no cell reaching outside.
    whole: bool,
    /// Some position claimed by two cells or more.
    overlaps: bool,
}

fn coverage(table: &Table) -> Coverage {
    let mut count = vec![0u32; table.n_rows * table.n_cols];
    let mut outside = false;
    for c in &table.cells {
        for r in c.row..c.row + c.row_span {
            for k in c.col..c.col + c.col_span {
                match count.get_mut(r * table.n_cols + k) {
                    Some(n) if r < table.n_rows && k < table.n_cols => *n += 1,
                    _ => outside = true,
                }
            }
        }
    }
    Coverage {
        whole: !outside && count.iter().all(|&n| n == 1),
        overlaps: count.iter().any(|&n| n > 1),
    }
}
