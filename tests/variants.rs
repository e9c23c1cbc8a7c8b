//! Seed 003's report in other exports' shapes (`fixtures/variants/`,
//! written by its `generate.py` from the seed's prose and its hand-checked
//! table grids): every variant gives the seed's figures and failed checks,
//! no figure for a cell the variant left empty, and no other figure.

#![cfg(feature = "text")]
use docmend::model::{DiagnosticCode, Document};
use docmend::{Options, Registry};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::{failed_checks, statistics};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn convert(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    docmend::convert_bytes(&Registry::default(), &bytes, &name, &Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn variants() -> PathBuf {
    root().join("fixtures/variants")
}

/// The text seed's figures and failed checks: the variants' reference.
/// (`tests/profile.rs` checks these against the seed's hand-checked grids.)
fn reference() -> (BTreeMap<String, f64>, Vec<String>) {
    let doc = convert(&root().join("fixtures/text/003_b40d9c03878ac230.txt"));
    (statistics(&doc), failed_checks(&doc))
}

#[test]
fn every_variant_gives_the_seeds_figures_and_findings() {
    let manifest: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(variants().join("manifest.json")).expect("manifest"),
    )
    .expect("manifest is JSON");
    assert!(manifest.len() >= 6);
    let (seed_figures, seed_failed) = reference();
    for entry in manifest {
        let name = entry["file"].as_str().expect("file");
        let absent: Vec<&str> = entry["absent"]
            .as_array()
            .expect("absent")
            .iter()
            .map(|k| k.as_str().expect("key"))
            .collect();
        let doc = convert(&variants().join(name));
        let got = statistics(&doc);
        let mut want = seed_figures.clone();
        for key in &absent {
            assert!(
                want.remove(*key).is_some(),
                "{name}: {key} is a seed figure"
            );
        }
        for (key, value) in &want {
            assert_eq!(got.get(key), Some(value), "{name}: {key}");
        }
        let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
        assert!(
            extra.is_empty(),
            "{name}: figures the report does not state: {extra:?}"
        );
        if absent.is_empty() {
            assert_eq!(failed_checks(&doc), seed_failed, "{name}: failed checks");
        }
    }
}

/// A crawler's header lines give the title, issuer and date and leave the
/// text; the report run into one paragraph is still read as a report.
#[test]
fn crawler_exports_read_their_header_and_drop_it() {
    for name in [
        "003_crawler_export.txt",
        "003_crawler_export_cells_joined.txt",
    ] {
        let doc = convert(&variants().join(name));
        assert_eq!(
            doc.metadata.issuer.as_deref(),
            Some("晋城市城区人民政府办公室"),
            "{name}"
        );
        assert_eq!(doc.metadata.year, Some(2022), "{name}");
        assert_eq!(doc.metadata.created.as_deref(), Some("2023-01-16 10:21:35"));
        assert!(
            doc.diagnostics
                .iter()
                .any(|d| d.code == DiagnosticCode::ExportHeaderRead),
            "{name}"
        );
        let text = serde_json::to_string(&doc.blocks).unwrap();
        for header in ["原文链接", "本地目录", "正文 ====", "发布时间"] {
            assert!(!text.contains(header), "{name}: {header} left in the text");
        }
        let sections: Vec<String> = common::section_headings(&doc)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            sections,
            ["一、", "二、", "三、", "四、", "五、", "六、"],
            "{name}"
        );
    }
}

/// Markdown a tool wrote: `#` headings give the title and issuer without
/// their marks, and the pieces the tool cut the tables into are read by
/// the headings above them.
#[test]
fn tool_markdown_reads_as_the_report() {
    let doc = convert(&variants().join("003_tool_markdown.md"));
    assert_eq!(
        doc.metadata.title.as_deref(),
        Some("2022年政府信息公开工作年度报告")
    );
    assert_eq!(
        doc.metadata.issuer.as_deref(),
        Some("晋城市城区人民政府办公室")
    );
    let (seed_figures, seed_failed) = reference();
    assert_eq!(statistics(&doc), seed_figures);
    assert_eq!(failed_checks(&doc), seed_failed);
    let text = serde_json::to_string(&doc.blocks).unwrap();
    assert!(!text.contains("\"# "), "no markdown marks left in texts");
}

/// Titles that put the year first, space it from `年`, or break over two
/// lines still give the issuer and year.
#[test]
fn titles_in_other_shapes_give_issuer_and_year() {
    for name in [
        "003_title_two_lines_spaced_year.txt",
        "003_title_year_first.txt",
    ] {
        let doc = convert(&variants().join(name));
        let profile = doc.profile.as_ref().expect("a report");
        assert_eq!(
            profile.issuer.as_deref(),
            Some("晋城市城区人民政府办公室"),
            "{name}"
        );
        assert_eq!(profile.year, Some(2022), "{name}");
        assert!(
            doc.metadata
                .title
                .as_deref()
                .is_some_and(|t| t.ends_with("政府信息公开工作年度报告")),
            "{name}: {:?}",
            doc.metadata.title
        );
    }
}
