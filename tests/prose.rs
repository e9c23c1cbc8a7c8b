//! The figures a report's text states, against its tables (`prose.figure`).
//!
//! On the five seeds and seed 003 in every format, each comparison is
//! listed here as read from the report by a person: the sentence, what it
//! states and the table's cell. On seed 003's pages with changed sentences
//! (`fixtures/audit/prose_*.html`, written by `fixtures/audit/generate.py`,
//! whose `manifest.json` lists what each new sentence states), each
//! comparison's state is derived from the seed's own figures and the change
//! made, never from a previous run.

#![cfg(all(feature = "html", feature = "text"))]
use docmend::model::{CheckState, Document};
use docmend::{Options, Registry};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

mod common;
use common::statistics;

const RULE: &str = "prose.figure";
const SEED_003: &str = "fixtures/text/003_b40d9c03878ac230.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn convert(relative: &str) -> Document {
    let path = root().join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    docmend::convert_bytes(&Registry::default(), &bytes, &name, &Options::default())
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// One comparison: the table keys, the figure the text states (none for
/// one not assessable), and its state.
type Comparison = (Vec<String>, Option<f64>, CheckState);

/// The document's comparisons of the text with the tables, sorted; for
/// one not assessable, the keys are the ones the table lacks.
fn comparisons(doc: &Document) -> Vec<Comparison> {
    let profile = doc.profile.as_ref().expect("a report");
    let mut found: Vec<Comparison> = profile
        .checks
        .iter()
        .filter(|c| c.rule == RULE)
        .map(|c| (c.keys.clone(), Some(c.found.0), c.state))
        .chain(
            profile
                .unassessed
                .iter()
                .filter(|u| u.rule == RULE)
                .map(|u| (u.missing.clone(), None, u.state)),
        )
        .collect();
    found.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    found
}

/// The comparisons with their sentence and message, for reading.
fn listed(doc: &Document) -> Vec<(CheckState, String, String)> {
    let profile = doc.profile.as_ref().expect("a report");
    profile
        .checks
        .iter()
        .filter(|c| c.rule == RULE)
        .map(|c| {
            (
                c.state,
                c.quote.clone().unwrap_or_default(),
                c.message.clone(),
            )
        })
        .collect()
}

fn keys(names: &[&str]) -> Vec<String> {
    names.iter().map(|k| k.to_string()).collect()
}

const NEW: &str = "applications.new_received.total";
const REVIEW: &str = "reviews.administrative_review.total";
const LITIGATION: [&str; 2] = [
    "reviews.litigation_direct.total",
    "reviews.litigation_after_review.total",
];

/// Seed 003's sentence: 新受理政府信息公开申请6件 (table 6), and no 行政复议
/// and no 行政诉讼 (tables 0 and 0 + 0).
fn seed_003_comparisons(state: CheckState) -> Vec<Comparison> {
    let mut list = vec![
        (keys(&[NEW]), Some(6.0), state),
        (keys(&[REVIEW]), Some(0.0), state),
        (keys(&LITIGATION), Some(0.0), state),
    ];
    list.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    list
}

#[test]
fn seed_003_states_three_figures_its_tables_give() {
    let doc = convert(SEED_003);
    assert_eq!(comparisons(&doc), seed_003_comparisons(CheckState::Passed));
    let sentence = "2022年,新受理政府信息公开申请6件,均做到及时高效办理,\
                    无涉及政府信息公开申请的行政复议、行政诉讼、投诉的情况";
    assert_eq!(
        listed(&doc),
        [
            (
                CheckState::Passed,
                sentence.to_string(),
                "正文: 新受理政府信息公开申请6件; 表格 一、本年新收政府信息公开申请数量 总计 6"
                    .to_string()
            ),
            (
                CheckState::Passed,
                sentence.to_string(),
                "正文: 无涉及政府信息公开申请的行政复议、行政诉讼、投诉的情况; 表格 行政复议 总计 0"
                    .to_string()
            ),
            (
                CheckState::Passed,
                sentence.to_string(),
                "正文: 无涉及政府信息公开申请的行政复议、行政诉讼、投诉的情况; \
                 表格 未经复议直接起诉 总计 + 复议后起诉 总计 0 + 0 = 0"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn the_other_seeds_state_what_their_tables_give() {
    // 000 states no figure its tables give (its counts are of items
    // published, 主动公开…8条, which no table cell holds); 004 states none.
    for seed in ["000_9cf56e95910a791d.txt", "004_93c87546c824c53b.txt"] {
        let doc = convert(&format!("fixtures/text/{seed}"));
        assert!(comparisons(&doc).is_empty(), "{seed}: {:?}", listed(&doc));
    }
    // 001: 本单位2020年度共受理政府信息公开申请0件 (the report year 2020);
    // its table's 一、本年新收 总计 is 0.
    let doc = convert("fixtures/text/001_e5c4bfe1850351fa.txt");
    assert_eq!(
        comparisons(&doc),
        [(keys(&[NEW]), Some(0.0), CheckState::Passed)]
    );
    assert_eq!(listed(&doc)[0].1, "本单位2020年度共受理政府信息公开申请0件");
    // 002: 未接到已申请公开办理事件 (no applications, under the run-in
    // heading 依申请公开办理情况) and 未有因信息公开而产生的行政复议事件; its
    // tables say 0 and 0. Its 按期办结47件 counts a hotline's calls and is
    // not read.
    let doc = convert("fixtures/text/002_3bceb6a2129e3845.txt");
    assert_eq!(
        comparisons(&doc),
        [
            (keys(&[NEW]), Some(0.0), CheckState::Passed),
            (keys(&[REVIEW]), Some(0.0), CheckState::Passed),
        ]
    );
    assert!(
        listed(&doc)
            .iter()
            .all(|(_, quote, _)| !quote.contains("热线"))
    );
}

#[test]
fn seed_003_in_every_format_states_the_same_three_figures() {
    let mut files = vec![
        "fixtures/html/gov_city_003.html",
        "fixtures/html/gov_district_003.html",
        "fixtures/html/gov_holdout2_003.html",
        "fixtures/html/gov_holdout_003.html",
        "fixtures/html/gov_province_003.html",
        "fixtures/html/layout_tables_003.html",
        "fixtures/html/site_chrome_003.html",
        "fixtures/html/word_export_003.html",
        "fixtures/variants/003_cell_lines_padding_joined.txt",
        "fixtures/variants/003_crawler_export.txt",
        "fixtures/variants/003_markdown_rows.txt",
        "fixtures/variants/003_markdown_rows_blank_cells.txt",
        "fixtures/variants/003_markdown_rows_padding_joined.txt",
        "fixtures/variants/003_markdown_rows_phantom_cells.txt",
        "fixtures/variants/003_row_open.txt",
        "fixtures/variants/003_title_two_lines_spaced_year.txt",
        "fixtures/variants/003_title_year_first.txt",
        "fixtures/variants/003_tool_markdown.md",
    ];
    if cfg!(feature = "docx") {
        files.push("fixtures/docx/annual_report_003.docx");
    }
    if cfg!(feature = "pdf") {
        files.extend([
            "fixtures/pdf/annual_report_003.pdf",
            "fixtures/pdf/annual_report_003_filename_title.pdf",
            "fixtures/pdf/annual_report_003_mojibake_title.pdf",
            "fixtures/pdf/annual_report_003_unruled.pdf",
            "fixtures/pdf/annual_report_003_unruled_break.pdf",
            "fixtures/pdf/annual_report_003_utf16le_title.pdf",
            "fixtures/pdf/libreoffice/annual_report_003.pdf",
        ]);
    }
    if cfg!(feature = "spreadsheet") {
        files.extend([
            "fixtures/spreadsheet/annual_report_003_document.xls",
            "fixtures/spreadsheet/annual_report_003_document.xlsx",
            "fixtures/spreadsheet/annual_report_003_overflow.xls",
            "fixtures/spreadsheet/annual_report_003_overflow.xlsx",
            "fixtures/spreadsheet/annual_report_003_sections.xlsx",
        ]);
    }
    for file in files {
        let doc = convert(file);
        assert_eq!(
            comparisons(&doc),
            seed_003_comparisons(CheckState::Passed),
            "{file}: {:?}",
            listed(&doc)
        );
    }
    // The export whose table cells ran together: the tables' figures are
    // recovered, so the same three comparisons are no finding.
    let doc = convert("fixtures/variants/003_crawler_export_cells_joined.txt");
    assert_eq!(
        comparisons(&doc),
        seed_003_comparisons(CheckState::Uncertain)
    );
}

#[test]
fn generated_reports_state_no_figure_in_their_text() {
    // The corpus pages' text says nothing countable: no comparison.
    let dir = root().join("fixtures/corpus/reports");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 20);
    for name in names {
        let doc = convert(&format!("fixtures/corpus/reports/{name}"));
        assert!(comparisons(&doc).is_empty(), "{name}");
    }
}

/// The application row key of a label the generator changed a cell in.
fn changed_key(cell: &Value) -> String {
    let row = match cell["row"].as_str().unwrap() {
        "一、本年新收" => "new_received",
        other => panic!("the test does not know the row {other}"),
    };
    format!("applications.{row}.{}", cell["column"].as_str().unwrap())
}

#[test]
fn changed_sentences_give_the_states_the_seed_and_the_change_imply() {
    let manifest: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/audit/manifest.json")).expect("manifest"),
    )
    .expect("manifest is JSON");
    let seed: BTreeMap<String, f64> = statistics(&convert(SEED_003));
    let mut pages = 0;
    let mut seen_states = std::collections::BTreeSet::new();
    for page in manifest.iter().filter(|p| p.get("sentence").is_some()) {
        pages += 1;
        let file = page["file"].as_str().unwrap();
        let changed: Vec<String> = page["changed"]
            .as_array()
            .unwrap()
            .iter()
            .map(changed_key)
            .collect();
        let mut expected: Vec<Comparison> = Vec::new();
        let mut cues = Vec::new();
        for stated in page["stated"].as_array().unwrap() {
            let names: Vec<String> = stated["keys"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_string())
                .collect();
            let figure = stated["figure"].as_f64().unwrap();
            let scope = stated["scope"].as_str().unwrap();
            let lacking: Vec<String> = names
                .iter()
                .filter(|k| changed.contains(k))
                .cloned()
                .collect();
            let comparison = if !lacking.is_empty() {
                (lacking, None, CheckState::NotAssessable)
            } else {
                let table: f64 = names.iter().map(|k| seed[k]).sum();
                let state = if let Some(cue) = scope.strip_prefix("unclear: ") {
                    cues.push(cue.to_string());
                    CheckState::Uncertain
                } else if table == figure {
                    CheckState::Passed
                } else {
                    CheckState::Failed
                };
                (names, Some(figure), state)
            };
            expected.push(comparison);
        }
        expected.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        let doc = convert(&format!("fixtures/audit/{file}"));
        assert_eq!(comparisons(&doc), expected, "{file}: {:?}", listed(&doc));
        seen_states.extend(expected.iter().map(|c| c.2.as_str()));
        // Each uncertain comparison names the cue that makes it so.
        let messages: Vec<String> = listed(&doc).into_iter().map(|l| l.2).collect();
        for cue in cues {
            assert!(
                messages.iter().any(|m| m.contains(&cue)),
                "{file}: no message names {cue}: {messages:?}"
            );
        }
        // The text never changes a figure: the page's statistics are the
        // seed's less the cells printed without a number.
        let mut figures = seed.clone();
        for key in &changed {
            figures.remove(key);
        }
        assert_eq!(statistics(&doc), figures, "{file}");
    }
    assert_eq!(pages, 6);
    assert_eq!(
        seen_states.into_iter().collect::<Vec<_>>(),
        ["failed", "not_assessable", "passed", "uncertain"]
    );
}
