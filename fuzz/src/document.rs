//! The promises of an output document (docs/schema.md), checked on any
//! document a pipeline returns: the source record, every table a whole
//! grid, values parsed from the cell texts, links found in their texts in
//! order, lists that nest one level at a time, diagnostics with their
//! code's severity, the profile's checks, and a JSON round trip that reads
//! back the same document.

use docmend::Registry;
use docmend::model::{
    Block, Document, Link, List, Number, Profile, SCHEMA_VERSION, Severity, Table,
};
use docmend_core::blocks::is_space;

/// Checks `doc`, converted from `input` with a converter of `registry` by
/// a pipeline whose steps are `steps` (every step runs: default options).
pub fn check(doc: &Document, input: &[u8], registry: &Registry, steps: &[&str]) {
    assert_eq!(doc.schema_version, SCHEMA_VERSION);
    check_source(doc, input, registry, steps);
    // After the spaces pass no text keeps padding at its ends (the passes
    // after it place texts as they are, or join trimmed pieces).
    let trimmed = steps.contains(&"spaces");
    for (index, block) in doc.blocks.iter().enumerate() {
        check_block(block, trimmed).unwrap_or_else(|broken| {
            panic!(
                "block {index}: {broken}\n{}",
                shortened(format!("{block:#?}"))
            );
        });
    }
    for diagnostic in &doc.diagnostics {
        if let Some(severity) = diagnostic.code.severity() {
            assert_eq!(
                diagnostic.severity, severity,
                "diagnostic {} with another severity than its code's",
                diagnostic.code
            );
        }
        assert_ne!(
            diagnostic.severity,
            Severity::Error,
            "diagnostic {} of severity error, which this release does not write",
            diagnostic.code
        );
        assert!(
            !diagnostic.message.trim().is_empty(),
            "diagnostic {} without a message",
            diagnostic.code
        );
    }
    if let Some(profile) = &doc.profile {
        check_profile(profile, doc);
    }
    round_trip(doc);
}

fn check_source(doc: &Document, input: &[u8], registry: &Registry, steps: &[&str]) {
    let source = &doc.source;
    assert_eq!(source.size_bytes, input.len() as u64, "source.size_bytes");
    assert_eq!(
        source.sha256,
        docmend::pipeline::sha256_hex(input),
        "source.sha256"
    );
    assert_eq!(source.passes, steps, "source.passes");
    let converter = registry
        .converters()
        .find(|c| c.name() == source.converter)
        .unwrap_or_else(|| panic!("source.converter {} is no converter", source.converter));
    assert!(
        converter.formats().contains(&source.format),
        "source.format {} is not a format of converter {}",
        source.format,
        source.converter
    );
    if let Some(encoding) = &source.encoding {
        assert!(!encoding.is_empty(), "source.encoding is empty");
    }
}

fn check_block(block: &Block, trimmed: bool) -> Result<(), String> {
    match block {
        Block::Heading(heading) => {
            if heading.level == 0 {
                return Err("a heading of level 0".into());
            }
            if let Some(numbering) = &heading.numbering
                && (numbering.is_empty() || numbering.trim() != numbering)
            {
                return Err(format!("heading numbering {numbering:?} is not trimmed"));
            }
            check_text(&heading.text, trimmed)?;
            check_links(&heading.text, &heading.links)
        }
        Block::Paragraph(paragraph) => {
            check_text(&paragraph.text, trimmed)?;
            check_links(&paragraph.text, &paragraph.links)
        }
        Block::List(list) => check_list(list, trimmed),
        Block::Table(table) => check_table(table, trimmed),
        _ => Err("a block of a kind this check does not know".into()),
    }
}

fn check_text(text: &str, trimmed: bool) -> Result<(), String> {
    if trimmed && (text.starts_with(is_space) || text.ends_with(is_space)) {
        return Err(format!("text {text:?} keeps spaces at its ends"));
    }
    Ok(())
}

/// Each anchor occurs in the text at or after the end of the one before.
fn check_links(text: &str, links: &[Link]) -> Result<(), String> {
    let mut from = 0;
    for link in links {
        if link.anchor.is_empty() {
            return Err(format!("a link to {:?} without an anchor", link.target));
        }
        match text[from..].find(&link.anchor) {
            Some(at) => from += at + link.anchor.len(),
            None => {
                return Err(format!(
                    "link anchor {:?} not found in {text:?} after byte {from}",
                    link.anchor
                ));
            }
        }
    }
    Ok(())
}

fn check_list(list: &List, trimmed: bool) -> Result<(), String> {
    let Some(first) = list.items.first() else {
        return Err("a list without items".into());
    };
    if first.level != 0 {
        return Err(format!(
            "a list whose first item is at level {}",
            first.level
        ));
    }
    let mut level = 0;
    for item in &list.items {
        if item.level > level + 1 {
            return Err(format!(
                "a list item at level {} right after one at level {level}",
                item.level
            ));
        }
        level = item.level;
        check_text(&item.text, trimmed)?;
        check_links(&item.text, &item.links)?;
    }
    Ok(())
}

/// The grid invariant: every position covered by exactly one cell, each
/// listed once at its top-left in row-major order; values parsed from the
/// texts.
fn check_table(table: &Table, trimmed: bool) -> Result<(), String> {
    let (rows, cols) = (table.n_rows, table.n_cols);
    if table.header_rows > rows {
        return Err(format!("{} header rows in {rows} rows", table.header_rows));
    }
    let positions = rows
        .checked_mul(cols)
        .ok_or_else(|| format!("{rows} × {cols} positions overflow"))?;
    let mut covered = vec![false; positions];
    let mut previous: Option<(usize, usize)> = None;
    for cell in &table.cells {
        let at = (cell.row, cell.col);
        if cell.row_span == 0 || cell.col_span == 0 {
            return Err(format!("cell {at:?} spans nothing"));
        }
        if cell.row + cell.row_span > rows || cell.col + cell.col_span > cols {
            return Err(format!(
                "cell {at:?} spanning {}×{} reaches past the {rows}×{cols} grid",
                cell.row_span, cell.col_span
            ));
        }
        if previous.is_some_and(|p| p >= at) {
            return Err(format!(
                "cell {at:?} listed after {previous:?}: not in row-major order"
            ));
        }
        previous = Some(at);
        for r in cell.row..cell.row + cell.row_span {
            for c in cell.col..cell.col + cell.col_span {
                let slot = &mut covered[r * cols + c];
                if *slot {
                    return Err(format!("position ({r}, {c}) covered twice"));
                }
                *slot = true;
            }
        }
        if cell.value != Number::parse(&cell.text) {
            return Err(format!(
                "cell {at:?} has value {:?} for text {:?}",
                cell.value, cell.text
            ));
        }
        check_text(&cell.text, trimmed)?;
    }
    if let Some(hole) = covered.iter().position(|c| !c) {
        return Err(format!(
            "position ({}, {}) covered by no cell",
            hole / cols,
            hole % cols
        ));
    }
    Ok(())
}

fn check_profile(profile: &Profile, doc: &Document) {
    assert_eq!(profile.kind, "gov_info_disclosure_annual_report");
    assert!(
        ["2019", "2021"].contains(&profile.template.as_str()),
        "profile template {:?}",
        profile.template
    );
    assert_eq!(profile.issuer, doc.metadata.issuer, "profile.issuer");
    assert_eq!(profile.year, doc.metadata.year, "profile.year");
    for (key, number) in &profile.statistics {
        assert!(number.0.is_finite(), "statistics {key} is {}", number.0);
    }
    for check in &profile.checks {
        let agrees = (check.expected.0 - check.found.0).abs() <= 1e-9;
        assert_eq!(
            check.ok, agrees,
            "check {} {:?} {:?}: ok is {} for expected {} and found {}",
            check.rule, check.row, check.column, check.ok, check.expected.0, check.found.0
        );
    }
}

/// At most the first 2,000 bytes of a long dump, for a failure message.
pub fn shortened(mut dump: String) -> String {
    if dump.len() > 2000 {
        let mut end = 2000;
        while !dump.is_char_boundary(end) {
            end -= 1;
        }
        dump.truncate(end);
        dump.push_str("\n…");
    }
    dump
}

/// The document written as JSON reads back as the same document, and
/// writes the same JSON again.
fn round_trip(doc: &Document) {
    let json = serde_json::to_string(doc).expect("a document serialises");
    let back: Document = serde_json::from_str(&json).unwrap_or_else(|e| {
        panic!(
            "the JSON of a document does not read back: {e}\n{}",
            shortened(json.clone())
        )
    });
    let again = serde_json::to_string(&back).expect("a document serialises");
    if again != json {
        let at = json
            .bytes()
            .zip(again.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(json.len().min(again.len()));
        let from = |text: &str| {
            let mut from = at.saturating_sub(200).min(text.len());
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            shortened(text[from..].to_string())
        };
        panic!(
            "the JSON read back writes differently from byte {at}:\n{}\n{}",
            from(&json),
            from(&again)
        );
    }
    // What the JSON leaves out (the tables' layout and raw evidence, for
    // the repair pass only) cannot come back.
    let mut expected = doc.clone();
    for block in &mut expected.blocks {
        if let Block::Table(table) = block {
            table.layout = Default::default();
            table.raw = Default::default();
        }
    }
    assert!(
        back == expected,
        "the JSON of a document reads back as another document:\n{}",
        shortened(json)
    );
}
