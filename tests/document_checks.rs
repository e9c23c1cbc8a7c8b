//! The checks of a report as a document (its sections, numbering and
//! year, and the plausibility of the proactive table's figures): on the
//! seeds and on seed 003 in every format none fails; on seed 003 with one
//! thing changed (`fixtures/audit/generate_document.py`, its
//! `document_manifest.json` naming the checks each change must fail)
//! exactly those fail, and the figure checks end as on the seed.

#![cfg(all(feature = "html", feature = "text"))]
use docmend::model::{CheckState, Document};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

mod common;
use common::convert_file;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Rule → state of each document check.
fn states(doc: &Document) -> BTreeMap<String, CheckState> {
    doc.profile
        .as_ref()
        .expect("a report")
        .document_checks
        .iter()
        .map(|c| (c.rule.clone(), c.state))
        .collect()
}

/// The figure checks that failed, as `rule row-or-column`.
fn failed_figure_checks(doc: &Document) -> Vec<String> {
    doc.profile
        .as_ref()
        .unwrap()
        .checks
        .iter()
        .filter(|c| c.state == CheckState::Failed)
        .map(|c| {
            format!(
                "{} {}",
                c.rule,
                c.row.as_ref().or(c.column.as_ref()).unwrap()
            )
        })
        .collect()
}

const RULES: [&str; 8] = [
    "structure.sections",
    "structure.numbering",
    "structure.tables",
    "structure.year",
    "proactive.sign",
    "proactive.whole_number",
    "proactive.fee_scale",
    "proactive.row_not_in_template",
];

#[test]
fn no_document_check_fails_on_the_seeds() {
    for seed in [
        "000_9cf56e95910a791d",
        "001_e5c4bfe1850351fa",
        "002_3bceb6a2129e3845",
        "003_b40d9c03878ac230",
        "004_93c87546c824c53b",
    ] {
        let doc = convert_file(&format!("fixtures/text/{seed}.txt"));
        let states = states(&doc);
        assert_eq!(
            states.keys().map(String::as_str).collect::<Vec<_>>(),
            {
                let mut rules = RULES.to_vec();
                rules.sort_unstable();
                rules
            },
            "{seed}: every rule answers"
        );
        for (rule, state) in &states {
            assert_ne!(*state, CheckState::Failed, "{seed}: {rule}");
        }
        // Every seed has its six sections, numbered in sequence, and the
        // three tables with figures.
        for rule in [
            "structure.sections",
            "structure.numbering",
            "structure.tables",
        ] {
            assert_eq!(states[rule], CheckState::Passed, "{seed}: {rule}");
        }
    }
    // Seed 003 states its statistics period (2022), as its title does.
    let seed = convert_file("fixtures/text/003_b40d9c03878ac230.txt");
    let year = seed
        .profile
        .as_ref()
        .unwrap()
        .document_checks
        .iter()
        .find(|c| c.rule == "structure.year")
        .unwrap();
    assert_eq!(year.state, CheckState::Passed);
    assert_eq!(
        year.quote.as_deref(),
        Some("本年度报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。")
    );
}

#[test]
fn seed_003_in_other_formats_fails_no_document_check() {
    for relative in [
        "fixtures/html/gov_district_003.html",
        "fixtures/html/word_export_003.html",
        "fixtures/docx/annual_report_003.docx",
        "fixtures/pdf/annual_report_003.pdf",
        "fixtures/spreadsheet/annual_report_003.xlsx",
        "fixtures/spreadsheet/annual_report_003_document.xlsx",
        "fixtures/variants/003_crawler_export.txt",
        "fixtures/variants/003_tool_markdown.md",
    ] {
        if !cfg!(all(
            feature = "docx",
            feature = "pdf",
            feature = "spreadsheet"
        )) && !relative.ends_with(".html")
            && !relative.starts_with("fixtures/variants")
        {
            continue;
        }
        for (rule, state) in states(&convert_file(relative)) {
            assert_ne!(state, CheckState::Failed, "{relative}: {rule}");
        }
    }
}

#[test]
fn each_change_fails_its_checks_and_no_other() {
    let manifest: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/audit/document_manifest.json"))
            .expect("manifest"),
    )
    .expect("manifest is JSON");
    assert_eq!(manifest.len(), 8);
    let seed_failed = failed_figure_checks(&convert_file("fixtures/text/003_b40d9c03878ac230.txt"));
    let mut failed_rules = Vec::new();
    for page in &manifest {
        let file = page["file"].as_str().unwrap();
        let fails: Vec<&str> = page["fails"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let doc = convert_file(&format!("fixtures/audit/{file}"));
        for (rule, state) in states(&doc) {
            if fails.contains(&rule.as_str()) {
                assert_eq!(state, CheckState::Failed, "{file}: {rule}");
            } else {
                assert_ne!(state, CheckState::Failed, "{file}: {rule}");
            }
        }
        // A change to the document or to the proactive table leaves the
        // arithmetic of the other tables as it was.
        assert_eq!(failed_figure_checks(&doc), seed_failed, "{file}");
        failed_rules.extend(fails);
    }
    // Every rule has a page that fails it.
    for rule in RULES {
        assert!(
            rule == "structure.tables" || failed_rules.contains(&rule),
            "no page fails {rule}"
        );
    }
}
