//! The output schema: `docs/schema.json` must be exactly what
//! `docmend::schema::json_schema()` generates, and converted documents must
//! have the shape the output contract (v1) promises, field by field and in
//! contract order.

// The tests that read text fixtures need the text converter; in a build
// without it, their helpers go unused.
#![cfg_attr(not(feature = "text"), allow(unused))]

use docmend::model::{Block, Document, Number, SCHEMA_VERSION};
use docmend::{Options, Registry};
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn checked_in_schema() -> String {
    let path = root().join("docs/schema.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn checked_in_schema_matches_the_model() {
    let generated = docmend::schema::json_schema();
    let checked_in = checked_in_schema();
    if generated != checked_in {
        let line = generated
            .lines()
            .zip(checked_in.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || generated.lines().count().min(checked_in.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "docs/schema.json is out of date with the model types (first difference at line {line}).\n\
             Regenerate it with\n\n    cargo run -q -- schema > docs/schema.json\n\n\
             and review the diff. If the change is not purely additive (a field renamed, \
             removed, retyped or made required), also bump SCHEMA_VERSION in src/model.rs \
             (currently \"{SCHEMA_VERSION}\") and say so in docs/schema.md."
        );
    }
}

/// Every field the contract (v1) names is a property of the schema: the
/// schema may add fields, never drop these.
#[test]
fn schema_has_every_contract_field() {
    let schema: Value = serde_json::from_str(&checked_in_schema()).expect("schema is JSON");
    let properties = |definition: Option<&str>| -> Vec<String> {
        let node = match definition {
            None => &schema,
            Some(name) => &schema["$defs"][name],
        };
        node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{definition:?} has properties"))
            .keys()
            .cloned()
            .collect()
    };
    let contract: [(Option<&str>, &[&str]); 12] = [
        (
            None,
            &[
                "schema_version",
                "source",
                "metadata",
                "blocks",
                "profile",
                "diagnostics",
            ],
        ),
        (
            Some("Source"),
            &[
                "path",
                "format",
                "size_bytes",
                "sha256",
                "encoding",
                "converter",
            ],
        ),
        (Some("Metadata"), &["title", "issuer", "year"]),
        (Some("Heading"), &["level", "numbering", "text", "origin"]),
        (Some("Paragraph"), &["text", "origin"]),
        (
            Some("Table"),
            &[
                "n_rows",
                "n_cols",
                "header_rows",
                "cells",
                "repairs",
                "origin",
            ],
        ),
        (
            Some("Cell"),
            &["row", "col", "row_span", "col_span", "text", "value"],
        ),
        (Some("Repair"), &["kind", "detail"]),
        (Some("Diagnostic"), &["severity", "code", "message"]),
        (
            Some("Origin"),
            &["page", "sheet", "range", "line", "line_end", "paragraph"],
        ),
        (
            Some("Profile"),
            &["kind", "template", "issuer", "year", "statistics", "checks"],
        ),
        (
            Some("Check"),
            &["rule", "column", "ok", "expected", "found", "message"],
        ),
    ];
    for (definition, fields) in contract {
        let have = properties(definition);
        for field in fields {
            assert!(
                have.iter().any(|h| h == field),
                "{}: contract field `{field}` missing from the schema",
                definition.unwrap_or("Document")
            );
        }
    }
    let formats: Vec<&str> = schema["$defs"]["Format"]["enum"]
        .as_array()
        .expect("Format enum")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "docx", "pdf", "xls", "xlsx", "html", "text", "csv", "tsv", "xlsb", "ods"
        ]
    );
}

// ---------------------------------------------------------------------------
// Converted documents against the contract.

fn seeds() -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/text"))
        .expect("fixtures/text")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5, "five seed fixtures");
    seeds
}

/// The keys of a JSON object in the order they were written. `serde_json`'s
/// `Value` sorts keys, so the order is read from the text itself.
fn keys_in_order(value: &impl Serialize) -> Vec<String> {
    let text = serde_json::to_string(value).expect("serialises");
    let mut keys = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut current = String::new();
    let mut last_string: Option<String> = None;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
                current.push(c);
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                last_string = Some(std::mem::take(&mut current));
            } else {
                current.push(c);
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            ':' if depth == 1 => keys.extend(last_string.take()),
            _ => last_string = None,
        }
    }
    keys
}

fn assert_keys(what: &str, value: &impl Serialize, required: &[&str], optional: &[&str]) {
    let keys = keys_in_order(value);
    let present: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .filter(|k| required.contains(k))
        .collect();
    assert_eq!(
        present, required,
        "{what}: contract keys, in contract order"
    );
    for key in &keys {
        assert!(
            required.contains(&key.as_str()) || optional.contains(&key.as_str()),
            "{what}: unexpected key `{key}`"
        );
    }
}

/// No full-width, non-breaking or ordinary spaces at either end of a text.
fn assert_trimmed(what: &str, text: &str) {
    let padded = |c: Option<char>| c.is_some_and(|c| c.is_whitespace() || c == '\u{FEFF}');
    assert!(
        !padded(text.chars().next()) && !padded(text.chars().next_back()),
        "{what}: text has padding at an end: {text:?}"
    );
}

const ORIGIN_KEYS: [&str; 7] = [
    "page",
    "sheet",
    "range",
    "line",
    "line_end",
    "paragraph",
    "path",
];

const REPAIR_KINDS: [&str; 10] = [
    "column_count",
    "split_collapsed_row",
    "realign_row",
    "fill_down_row_label",
    "span_cells",
    "rebuild_header",
    "drop_empty_cells",
    "drop_empty_row",
    "unplaced_cells",
    "join_across_pages",
];

fn check_document(name: &str, bytes: &[u8], doc: &Document) {
    assert_keys(
        name,
        doc,
        &[
            "schema_version",
            "source",
            "metadata",
            "blocks",
            "profile",
            "diagnostics",
        ],
        &[],
    );
    let json: Value = serde_json::to_value(doc).expect("serialises");
    assert_eq!(json["schema_version"], SCHEMA_VERSION);
    assert_eq!(
        SCHEMA_VERSION, "2",
        "the shape this test checks is v2: contract v1 plus lists, links, passes and repair evidence"
    );

    // source
    assert_keys(
        &format!("{name}: source"),
        &doc.source,
        &[
            "path",
            "format",
            "size_bytes",
            "sha256",
            "encoding",
            "converter",
        ],
        // docmend's additions, after the contract's keys.
        &["passes"],
    );
    let source = &json["source"];
    assert_eq!(source["format"], "text", "{name}");
    assert_eq!(source["size_bytes"], bytes.len() as u64, "{name}");
    let sha = source["sha256"].as_str().expect("sha256 is a string");
    assert!(
        sha.len() == 64 && sha.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
        "{name}: sha256 is 64 lower-case hex digits: {sha}"
    );
    assert!(
        source["encoding"].is_string(),
        "{name}: text records its encoding"
    );
    assert_eq!(source["converter"], "text", "{name}");

    // metadata
    assert_keys(
        &format!("{name}: metadata"),
        &doc.metadata,
        &["title", "issuer", "year"],
        // docmend's additions, after the contract's keys.
        &["author", "created", "hidden_sheets"],
    );
    let metadata = &json["metadata"];
    assert!(metadata["title"].is_string() || metadata["title"].is_null());
    assert!(metadata["issuer"].is_string() || metadata["issuer"].is_null());
    assert!(metadata["year"].is_i64() || metadata["year"].is_null());

    // blocks
    for (index, block) in doc.blocks.iter().enumerate() {
        let what = format!("{name}: block {index}");
        let value = &json["blocks"][index];
        match block {
            Block::Heading(h) => {
                assert_keys(
                    &what,
                    block,
                    &["type", "level", "numbering", "text"],
                    &["links", "origin"],
                );
                assert_eq!(value["type"], "heading");
                assert!((1..=5).contains(&h.level), "{what}: level {}", h.level);
                assert!(value["numbering"].is_string() || value["numbering"].is_null());
                assert_trimmed(&what, &h.text);
            }
            Block::Paragraph(p) => {
                assert_keys(&what, block, &["type", "text"], &["links", "origin"]);
                assert_eq!(value["type"], "paragraph");
                assert!(!p.text.is_empty(), "{what}: empty paragraph");
                assert_trimmed(&what, &p.text);
            }
            Block::List(l) => {
                assert_keys(&what, block, &["type", "ordered", "items"], &["origin"]);
                assert_eq!(value["type"], "list");
                assert!(!l.items.is_empty(), "{what}: a list has items");
                for item in &l.items {
                    assert_trimmed(&what, &item.text);
                }
            }
            Block::Table(t) => {
                assert_keys(
                    &what,
                    block,
                    &[
                        "type",
                        "n_rows",
                        "n_cols",
                        "header_rows",
                        "cells",
                        "repairs",
                    ],
                    &["origin"],
                );
                assert_eq!(value["type"], "table");
                assert!(t.header_rows <= t.n_rows, "{what}: header_rows");
                let mut cover = vec![0u32; t.n_rows * t.n_cols];
                for (k, cell) in t.cells.iter().enumerate() {
                    let cell_what = format!("{what} cell {k}");
                    assert_keys(
                        &cell_what,
                        cell,
                        &["row", "col", "row_span", "col_span", "text", "value"],
                        &[],
                    );
                    assert!(cell.row_span >= 1 && cell.col_span >= 1, "{cell_what}");
                    assert!(
                        cell.row + cell.row_span <= t.n_rows
                            && cell.col + cell.col_span <= t.n_cols,
                        "{cell_what}: inside the grid"
                    );
                    for r in cell.row..cell.row + cell.row_span {
                        for c in cell.col..cell.col + cell.col_span {
                            cover[r * t.n_cols + c] += 1;
                        }
                    }
                    assert_eq!(
                        cell.value,
                        Number::parse(&cell.text),
                        "{cell_what}: value is the number its text shows"
                    );
                    assert_trimmed(&cell_what, &cell.text);
                }
                assert!(
                    cover.iter().all(|&n| n == 1),
                    "{what}: every grid position covered by exactly one cell"
                );
                let mut sorted = t.cells.clone();
                sorted.sort_by_key(|c| (c.row, c.col));
                assert_eq!(sorted, t.cells, "{what}: cells in row-major order");
                for (k, repair) in t.repairs.iter().enumerate() {
                    assert_keys(
                        &format!("{what} repair {k}"),
                        repair,
                        &["kind", "detail", "evidence"],
                        &["row"],
                    );
                    let kind = &value["repairs"][k]["kind"];
                    assert!(
                        REPAIR_KINDS.contains(&kind.as_str().unwrap_or("")),
                        "{what}: repair kind {kind}"
                    );
                }
            }
        }
        if let Some(origin) = block.origin() {
            assert_keys(&format!("{what} origin"), origin, &[], &ORIGIN_KEYS);
            let (line, line_end) = (origin.line.expect("text origin has line"), origin.line_end);
            assert!(line >= 1 && line_end.is_some_and(|e| e >= line), "{what}");
        }
    }

    // profile: null, or the profile object of the contract.
    match &doc.profile {
        None => assert!(json["profile"].is_null()),
        Some(profile) => assert_keys(
            &format!("{name}: profile"),
            profile,
            &["kind", "template", "issuer", "year", "statistics", "checks"],
            &[],
        ),
    }

    // diagnostics
    for (k, diagnostic) in doc.diagnostics.iter().enumerate() {
        let what = format!("{name}: diagnostic {k}");
        assert_keys(
            &what,
            diagnostic,
            &["severity", "code", "message"],
            &["origin"],
        );
        let severity = json["diagnostics"][k]["severity"].as_str().unwrap_or("");
        assert!(
            ["info", "warning", "error"].contains(&severity),
            "{what}: {severity}"
        );
        assert!(
            !diagnostic.code.is_empty()
                && diagnostic
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
            "{what}: code is snake_case: {}",
            diagnostic.code
        );
        assert!(!diagnostic.message.is_empty(), "{what}: message");
    }
}

#[cfg(feature = "text")]
#[test]
fn converted_seeds_have_the_contract_shape() {
    for path in seeds() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).expect("seed readable");
        let doc = docmend::convert_bytes(&Registry::default(), &bytes, &name, &Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        check_document(&name, &bytes, &doc);

        // The JSON reads back into the same document.
        let text = serde_json::to_string(&doc).expect("serialises");
        let back: Document = serde_json::from_str(&text).expect("deserialises");
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            text,
            "{name}: round trip"
        );
    }
}

#[test]
fn key_order_reader_reads_only_the_top_level() {
    let value = serde_json::json!({"a": {"x": 1}, "b": ["c", {"d": "e:f"}], "g\"h": null});
    // `Value` sorts keys; the reader must report exactly the top-level ones.
    assert_eq!(keys_in_order(&value), ["a", "b", "g\"h"]);
}
