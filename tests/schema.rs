//! The output schema: `docs/schema.json` must be exactly what
//! `docmend::schema::json_schema()` generates, the tables of diagnostic
//! codes in `docs/` exactly what `DiagnosticCode` generates, and converted
//! documents must have the shape the output contract (v1) promises, field
//! by field and in contract order.

// The tests that read text fixtures need the text converter; in a build
// without it, their helpers go unused.
#![cfg_attr(not(feature = "text"), allow(unused))]
use docmend::model::{Block, DiagnosticCode, Document, Number, SCHEMA_VERSION};
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

// ---------------------------------------------------------------------------
// The tables of diagnostic codes in the docs.

/// The line before a generated table of diagnostic codes.
const CODES_BEGIN: &str = "<!-- Generated from DiagnosticCode in src/core/diagnostic_code.rs: do not edit by hand; regenerate with `DOCMEND_UPDATE_DOCS=1 cargo test -p docmend --test schema`. -->";
/// The line after it.
const CODES_END: &str = "<!-- End of the generated table of diagnostic codes. -->";

/// The pages that hold a generated table: `docs/schema.md` every code, a
/// converter's page the codes that converter writes.
const CODE_TABLES: [(&str, Option<&str>); 6] = [
    ("docs/schema.md", None),
    ("docs/converters/html.md", Some("html")),
    ("docs/converters/docx.md", Some("docx")),
    ("docs/converters/spreadsheet.md", Some("spreadsheet")),
    ("docs/converters/pdf.md", Some("pdf")),
    ("docs/converters/csv.md", Some("csv")),
];

/// The page with its generated table replaced by `table`.
fn with_code_table(page: &str, text: &str, table: &str) -> String {
    let begin = text
        .find(CODES_BEGIN)
        .unwrap_or_else(|| panic!("{page}: no line {CODES_BEGIN}"));
    let inner = begin + CODES_BEGIN.len() + 1;
    let end = text[inner..]
        .find(CODES_END)
        .map(|at| inner + at)
        .unwrap_or_else(|| panic!("{page}: no line {CODES_END} after the table"));
    format!("{}{table}{}", &text[..inner], &text[end..])
}

/// The tables of codes in the docs are generated from `DiagnosticCode`, so
/// that the docs and the codes cannot drift apart. With
/// `DOCMEND_UPDATE_DOCS=1` the test writes the tables instead.
#[test]
fn code_tables_in_the_docs_match_diagnostic_code() {
    let update = std::env::var_os("DOCMEND_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (page, converter) in CODE_TABLES {
        let path = root().join(page);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{page}: {e}"));
        let table = match converter {
            None => DiagnosticCode::markdown_table(),
            Some(name) => DiagnosticCode::markdown_table_for_converter(name),
        };
        let generated = with_code_table(page, &text, &table);
        if generated == text {
            continue;
        }
        if update {
            std::fs::write(&path, generated).unwrap_or_else(|e| panic!("{page}: {e}"));
        } else {
            stale.push(page);
        }
    }
    assert!(
        stale.is_empty(),
        "the table of diagnostic codes in {} differs from DiagnosticCode \
         (src/core/diagnostic_code.rs). Regenerate it with\n\n    \
         DOCMEND_UPDATE_DOCS=1 cargo test -p docmend --test schema\n\n\
         and review the diff; change a code's meaning, severity or stage in \
         src/core/diagnostic_code.rs, not in the docs.",
        stale.join(", ")
    );
}

/// No page lists codes by hand: a table row that starts with a code is in
/// a generated table.
#[test]
fn codes_are_tabulated_only_in_generated_tables() {
    let mut pages = vec![root().join("README.md")];
    for dir in ["docs", "docs/converters"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("docs readable") {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                pages.push(path);
            }
        }
    }
    for path in pages {
        let text = std::fs::read_to_string(&path).expect("page readable");
        let mut generated = false;
        for (number, line) in text.lines().enumerate() {
            if line == CODES_BEGIN {
                generated = true;
            } else if line == CODES_END {
                generated = false;
            } else if !generated {
                let row_starts_with_a_code = line
                    .strip_prefix("| `")
                    .and_then(|rest| rest.split('`').next())
                    .is_some_and(|word| DiagnosticCode::parse(word).is_known());
                assert!(
                    !row_starts_with_a_code,
                    "{}:{}: a hand-written row of a table of diagnostic codes; \
                     the generated table says it: {line}",
                    path.display(),
                    number + 1
                );
            }
        }
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
    let formats: Vec<&str> = schema["$defs"]["Format"]["anyOf"][0]["enum"]
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
        &["passes", "docmend_version"],
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
            other => panic!("{what}: a block type this test does not know: {other:?}"),
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
            // docmend's own: the profile contract's version, the checks not
            // assessable, the document checks, the cells that hold no number and their counts,
            // the figures recovered rather than read, and where each figure
            // was read.
            &[
                "version",
                "unassessed",
                "document_checks",
                "not_numbers",
                "value_counts",
                "uncertain",
                "cells",
            ],
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
            diagnostic.code.is_known(),
            "{what}: code {} is one of DiagnosticCode::ALL",
            diagnostic.code
        );
        assert_eq!(
            Some(diagnostic.severity),
            diagnostic.code.severity(),
            "{what}: severity is the code's"
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

/// A cell's number written as JSON reads back as the same number, also
/// where the shortest decimal form needs every digit (serde_json parses
/// floats correctly rounded only with its `float_roundtrip` feature).
#[test]
fn numbers_read_back_exactly() {
    for text in [
        "2222222222222222226222",
        "0.30000000000000004",
        "1,234.5",
        "-0.1",
    ] {
        let number = Number::parse(text).expect("a number");
        let json = serde_json::to_string(&number).unwrap();
        let back: Number = serde_json::from_str(&json).unwrap();
        assert_eq!(back, number, "{text} written as {json}");
    }
}

#[test]
fn key_order_reader_reads_only_the_top_level() {
    let value = serde_json::json!({"a": {"x": 1}, "b": ["c", {"d": "e:f"}], "g\"h": null});
    // `Value` sorts keys; the reader must report exactly the top-level ones.
    assert_eq!(keys_in_order(&value), ["a", "b", "g\"h"]);
}
