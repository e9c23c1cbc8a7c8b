//! The annual-report profile on the five seeds. The expected figures are
//! not written here: they are read from the hand-checked expected grids in
//! `fixtures/expected/`, placing each data row by the template's row order
//! and each value by its column, which is independent of the profile's
//! label matching.

// The tests that read text fixtures need the text converter; in a build
// without it, their helpers go unused.
#![cfg_attr(not(feature = "text"), allow(unused))]
use docmend::model::{Block, DiagnosticCode, Document, Number, Paragraph};
use docmend::{Options, Registry};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

mod common;

const SEEDS: [&str; 5] = [
    "000_9cf56e95910a791d",
    "001_e5c4bfe1850351fa",
    "002_3bceb6a2129e3845",
    "003_b40d9c03878ac230",
    "004_93c87546c824c53b",
];

/// Template rows in order, as the expected grids list them.
const ROWS_2021: [&str; 25] = [
    "new_received",
    "carried_over",
    "result.disclosed",
    "result.partially_disclosed",
    "result.withheld.state_secret",
    "result.withheld.prohibited_by_law",
    "result.withheld.security_stability",
    "result.withheld.third_party_rights",
    "result.withheld.internal_affairs",
    "result.withheld.process_info",
    "result.withheld.enforcement_files",
    "result.withheld.query_matters",
    "result.unavailable.not_held",
    "result.unavailable.needs_creation",
    "result.unavailable.unclear_after_correction",
    "result.not_processed.petition",
    "result.not_processed.duplicate",
    "result.not_processed.publication",
    "result.not_processed.excessive",
    "result.not_processed.confirmation",
    "result.other.no_correction",
    "result.other.no_fee",
    "result.other.other",
    "result.total",
    "carried_forward",
];
const COLUMNS: [&str; 7] = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_interest_org",
    "legal_service_org",
    "other_org",
    "total",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn convert(seed: &str) -> Document {
    let bytes = std::fs::read(root().join("fixtures/text").join(format!("{seed}.txt"))).unwrap();
    docmend::convert_bytes(&Registry::default(), &bytes, seed, &Options::default()).unwrap()
}

fn statistics(doc: &Document) -> BTreeMap<String, f64> {
    let profile = doc
        .profile
        .as_ref()
        .expect("the seed is recognised as an annual report");
    profile
        .statistics
        .iter()
        .map(|(k, v)| (k.clone(), v.0))
        .collect()
}

/// The figures a seed states, read from its hand-checked expected grids.
fn stated(seed: &str, template_2019: bool) -> BTreeMap<String, Option<f64>> {
    let path = root()
        .join("fixtures/expected")
        .join(format!("{seed}.expected.json"));
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let tables = expected["tables"].as_array().unwrap();
    let grid = |title_part: &str| -> Vec<Vec<String>> {
        let table = tables
            .iter()
            .find(|t| t["title"].as_str().unwrap().contains(title_part))
            .unwrap();
        serde_json::from_value(table["grid"].clone()).unwrap()
    };
    let mut figures = BTreeMap::new();
    let number = |text: &str| Number::parse(text).map(|n| n.0);

    let rows: Vec<&str> = if template_2019 {
        ROWS_2021
            .iter()
            .copied()
            .filter(|r| !r.starts_with("result.other."))
            .flat_map(|r| {
                if r == "result.total" {
                    vec!["result.other", r]
                } else {
                    vec![r]
                }
            })
            .collect()
    } else {
        ROWS_2021.to_vec()
    };
    let applications = grid("收到和处理");
    let data = &applications[3..];
    assert_eq!(data.len(), rows.len(), "{seed}: application rows");
    for (row, cells) in rows.iter().zip(data) {
        for (column, text) in COLUMNS.iter().zip(&cells[3..]) {
            figures.insert(format!("applications.{row}.{column}"), number(text));
        }
    }
    let reviews = grid("行政复议");
    let groups = [
        "administrative_review",
        "litigation_direct",
        "litigation_after_review",
    ];
    let outcomes = ["upheld", "corrected", "other", "pending", "total"];
    for (i, text) in reviews[3].iter().enumerate() {
        figures.insert(
            format!("reviews.{}.{}", groups[i / 5], outcomes[i % 5]),
            number(text),
        );
    }
    figures
}

#[cfg(feature = "text")]
#[test]
fn every_stated_figure_is_extracted_and_no_empty_cell_is() {
    for seed in SEEDS {
        let doc = convert(seed);
        let template_2019 = doc.profile.as_ref().unwrap().template == "2019";
        let got = statistics(&doc);
        for (key, want) in stated(seed, template_2019) {
            assert_eq!(got.get(&key).copied(), want, "{seed}: {key}");
        }
    }
}

#[cfg(feature = "text")]
#[test]
fn the_figures_the_issue_names() {
    let s3 = statistics(&convert("003_b40d9c03878ac230"));
    assert_eq!(s3["applications.new_received.natural_person"], 6.0);
    assert_eq!(s3["applications.carried_over.natural_person"], 2.0);
    assert_eq!(s3["applications.result.unavailable.not_held.total"], 6.0);
    assert_eq!(s3["applications.result.total.total"], 8.0);
    let s1 = statistics(&convert("001_e5c4bfe1850351fa"));
    assert_eq!(s1["applications.new_received.total"], 0.0);
    assert!(!s1.contains_key("applications.new_received.natural_person"));
    assert!(!s1.contains_key("applications.result.withheld.query_matters.total"));
    for seed in SEEDS {
        let reviews = statistics(&convert(seed))
            .keys()
            .filter(|k| k.starts_with("reviews."))
            .count();
        assert_eq!(reviews, 15, "{seed}");
    }
}

#[cfg(feature = "text")]
#[test]
fn templates_are_recognised() {
    for seed in SEEDS {
        let template = convert(seed).profile.unwrap().template;
        let want = if seed.starts_with("001") {
            "2019"
        } else {
            "2021"
        };
        assert_eq!(template, want, "{seed}");
    }
}

#[cfg(feature = "text")]
#[test]
fn proactive_disclosure_figures() {
    for seed in SEEDS {
        let stats = statistics(&convert(seed));
        let proactive: Vec<&String> = stats
            .keys()
            .filter(|k| k.starts_with("proactive."))
            .collect();
        if seed.starts_with("001") {
            // 2019 columns; 行政许可's 处理决定数量 cell is empty in this seed.
            assert_eq!(proactive.len(), 21, "{seed}: {proactive:?}");
            assert_eq!(stats["proactive.rules.new_made"], 0.0);
            assert_eq!(stats["proactive.procurement.amount"], 0.0);
            assert!(!stats.contains_key("proactive.licensing.decisions"));
        } else {
            let want = [
                "proactive.rules.issued",
                "proactive.rules.repealed",
                "proactive.rules.in_force",
                "proactive.normative_documents.issued",
                "proactive.normative_documents.repealed",
                "proactive.normative_documents.in_force",
                "proactive.licensing.decisions",
                "proactive.penalty.decisions",
                "proactive.enforcement.decisions",
                "proactive.fees.amount",
            ];
            for key in want {
                assert_eq!(stats.get(key), Some(&0.0), "{seed}: {key}");
            }
            assert_eq!(proactive.len(), want.len(), "{seed}");
        }
    }
}

#[cfg(feature = "text")]
#[test]
fn seed_003_fails_exactly_the_checks_its_figures_break() {
    for seed in SEEDS {
        let profile = convert(seed).profile.unwrap();
        let failed: Vec<(String, Option<String>, Option<String>)> = profile
            .checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| (c.rule.clone(), c.row.clone(), c.column.clone()))
            .collect();
        if seed.starts_with("003") {
            assert_eq!(
                failed,
                [
                    (
                        "applications.result_sum".to_string(),
                        None,
                        Some("total".to_string())
                    ),
                    (
                        "applications.row_sum".to_string(),
                        Some("result.partially_disclosed".to_string()),
                        None
                    ),
                ]
            );
            let row_sum = profile
                .checks
                .iter()
                .find(|c| !c.ok && c.rule == "applications.row_sum")
                .unwrap();
            assert_eq!((row_sum.expected.0, row_sum.found.0), (2.0, 0.0));
            assert!(
                row_sum.message.contains("but 总计 says 0"),
                "{}",
                row_sum.message
            );
        } else {
            assert!(failed.is_empty(), "{seed}: {failed:?}");
        }
        assert!(!profile.checks.is_empty());
    }
}

#[cfg(feature = "text")]
#[test]
fn issuer_and_year() {
    let cases = [
        ("000_9cf56e95910a791d", None, 2022),
        ("001_e5c4bfe1850351fa", None, 2020),
        ("002_3bceb6a2129e3845", Some("尉氏县洧川镇人民政府"), 2021),
        (
            "003_b40d9c03878ac230",
            Some("晋城市城区人民政府办公室"),
            2022,
        ),
        ("004_93c87546c824c53b", None, 2025),
    ];
    for (seed, issuer, year) in cases {
        let doc = convert(seed);
        let profile = doc.profile.as_ref().unwrap();
        if let Some(issuer) = issuer {
            assert_eq!(profile.issuer.as_deref(), Some(issuer), "{seed}");
            assert_eq!(doc.metadata.issuer.as_deref(), Some(issuer), "{seed}");
        }
        assert_eq!(profile.year, Some(year), "{seed}");
        assert_eq!(doc.metadata.year, Some(year), "{seed}");
    }
}

#[cfg(feature = "text")]
#[test]
fn other_documents_have_no_profile() {
    let text = "会议纪要\n一、会议内容\n讨论了明年的预算。\n项目 | 金额 |\n办公 | 12 |\n";
    let doc = docmend::convert_bytes(
        &Registry::default(),
        text.as_bytes(),
        "memo.txt",
        &Options::default(),
    )
    .unwrap();
    assert!(doc.profile.is_none());
    assert_eq!(doc.metadata.issuer, None);
}

/// A report exported with no separators at all: the rows are lines of
/// text with their figures joined to the labels.
#[cfg(feature = "text")]
#[test]
fn run_together_rows_are_split_by_the_arithmetic() {
    let text = "2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
        一、本年新收政府信息公开申请数量21710000218\n\
        二、上年结转政府信息公开申请数量1111111111116\n\
        (三)不予公开1.属于国家秘密40000042.其他法律行政法规禁止公开0000000\n\
        四、政府信息公开行政复议、行政诉讼情况\n";
    let doc = docmend::convert_bytes(
        &Registry::default(),
        text.as_bytes(),
        "joined.txt",
        &Options::default(),
    )
    .unwrap();
    let stats = statistics(&doc);
    assert_eq!(stats["applications.new_received.natural_person"], 217.0);
    assert_eq!(
        stats["applications.new_received.commercial_enterprise"],
        1.0
    );
    assert_eq!(stats["applications.new_received.total"], 218.0);
    assert_eq!(
        stats["applications.result.withheld.state_secret.total"],
        4.0
    );
    assert_eq!(
        stats["applications.result.withheld.prohibited_by_law.total"],
        0.0
    );
    // Six ways to read the second row add up: no figures, and a diagnostic.
    assert!(
        !stats
            .keys()
            .any(|k| k.starts_with("applications.carried_over."))
    );
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::RunTogetherAmbiguous)
    );
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::RunTogetherSplit)
    );
    assert_eq!(doc.profile.unwrap().year, Some(2023));
}

/// Labels written in the variant ways reports use still find their rows:
/// full-width brackets, spaces inside, other quotes, missing numbering, a
/// lost group label, a misprinted sub-row, a placeholder that is no number.
#[cfg(feature = "text")]
#[test]
fn variant_labels_find_their_rows() {
    let text = "三、收到和处理政府信息公开申请情况\n\
        （本列数据的勾稽关系） | 自 然 人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
        本年新收 政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\
        （三）不予公开 | 1．属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        2.其他法律行政止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
        3.危及‘三安全一稳定’ | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n\
        （七）总计 | — | 0 | 0 | 0 | 0 | 0 | 3 |\n";
    let doc = docmend::convert_bytes(
        &Registry::default(),
        text.as_bytes(),
        "variants.txt",
        &Options::default(),
    )
    .unwrap();
    let stats = statistics(&doc);
    assert_eq!(stats["applications.new_received.natural_person"], 3.0);
    assert_eq!(
        stats["applications.result.withheld.state_secret.natural_person"],
        1.0
    );
    assert_eq!(
        stats["applications.result.withheld.prohibited_by_law.total"],
        0.0
    );
    assert_eq!(
        stats["applications.result.withheld.security_stability.natural_person"],
        2.0
    );
    assert_eq!(stats["applications.result.total.total"], 3.0);
    assert!(!stats.contains_key("applications.result.total.natural_person"));
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::StatisticNotANumber && d.message.contains('—'))
    );
    // A paragraph is not needed for recognition: the table is enough.
    assert!(!doc.blocks.iter().any(
        |b| matches!(b, Block::Paragraph(Paragraph { text, .. }) if text.contains("年度报告"))
    ));
}

/// A sub-row whose group label was lost is placed by its own words, not
/// read as a sub-row of the group above; a group label alone on a line of
/// a run-together section still sets the group; a label that matches no
/// row is reported.
#[cfg(feature = "text")]
#[test]
fn lost_and_lone_group_labels() {
    let text = "三、收到和处理政府信息公开申请情况\n\
        (五)不予处理\n\
        1.信访举报投诉类申请1000001\n\
        1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请2000002\n\
        9.某种未知的情形3000003\n\
        四、政府信息公开行政复议、行政诉讼情况\n";
    let doc = docmend::convert_bytes(
        &Registry::default(),
        text.as_bytes(),
        "lost.txt",
        &Options::default(),
    )
    .unwrap();
    let stats = statistics(&doc);
    assert_eq!(
        stats["applications.result.not_processed.petition.total"],
        1.0
    );
    assert_eq!(stats["applications.result.other.no_correction.total"], 2.0);
    assert!(!stats.keys().any(|k| k.contains("not_processed.duplicate")));
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::StatisticRowUnknown
                && d.message.contains("某种未知的情形"))
    );
}

/// A proactive-disclosure table whose `信息内容` cell spans two header rows,
/// with the measures in the lower one.
#[test]
fn proactive_heading_spanning_two_rows() {
    use docmend::model::{Cell, Layout, Table};
    let mut cells = Vec::new();
    let mut cell = |row, col, row_span, col_span, text: &str| {
        cells.push(Cell::spanned(row, col, row_span, col_span, text));
    };
    cell(0, 0, 1, 4, "第二十条第(一)项");
    cell(1, 0, 2, 1, "信息内容");
    cell(1, 1, 1, 3, "件数");
    cell(2, 1, 1, 1, "本年制发件数");
    cell(2, 2, 1, 1, "本年废止件数");
    cell(2, 3, 1, 1, "现行有效件数");
    cell(3, 0, 1, 1, "规章");
    cell(3, 1, 1, 1, "1");
    cell(3, 2, 1, 1, "2");
    cell(3, 3, 1, 1, "3");
    let table = Table {
        n_rows: 4,
        n_cols: 4,
        header_rows: 3,
        cells,
        repairs: Vec::new(),
        origin: None,
        layout: Layout::Exact,
        raw: Default::default(),
    };
    let blocks = vec![
        Block::Paragraph(Paragraph {
            links: Vec::new(),
            text: "2023年政府信息公开工作年度报告".into(),
            origin: None,
        }),
        Block::Table(table),
    ];
    let mut metadata = docmend::model::Metadata {
        title: Some("2023年政府信息公开工作年度报告".into()),
        ..Default::default()
    };
    let (profile, diagnostics) = docmend::profile::build(&blocks, &mut metadata);
    let stats = profile.expect("a report").statistics;
    assert_eq!(stats.get("proactive.rules.issued").map(|n| n.0), Some(1.0));
    assert_eq!(
        stats.get("proactive.rules.repealed").map(|n| n.0),
        Some(2.0)
    );
    assert_eq!(
        stats.get("proactive.rules.in_force").map(|n| n.0),
        Some(3.0)
    );
    assert!(
        diagnostics
            .iter()
            .all(|d| d.code != DiagnosticCode::StatisticColumnUnknown),
        "{diagnostics:?}"
    );
}

/// Every figure the profile says it read from a cell is that cell's
/// number, in every report fixture of every format; every key a check
/// names is a stated figure.
#[cfg(all(
    feature = "text",
    feature = "html",
    feature = "docx",
    feature = "spreadsheet",
    feature = "pdf"
))]
#[test]
fn each_figure_names_the_cell_it_was_read_from() {
    let mut reports = 0;
    let mut located = 0;
    let folders = [
        "text",
        "html",
        "docx",
        "spreadsheet",
        "pdf",
        "csv",
        "variants",
    ];
    for (format, name, document) in common::converted_fixtures(&folders) {
        let Some(profile) = &document.profile else {
            continue;
        };
        reports += 1;
        for (key, at) in &profile.cells {
            let Some(Block::Table(table)) = document.blocks.get(at.block) else {
                panic!("{format}/{name}: {key}: block {} is not a table", at.block);
            };
            let cell = table
                .cells
                .iter()
                .find(|c| c.row == at.row && c.col == at.col)
                .unwrap_or_else(|| panic!("{format}/{name}: {key}: no cell at {at:?}"));
            let read = cell.value.or_else(|| Number::parse(&cell.text));
            assert_eq!(
                read,
                profile.statistics.get(key).copied(),
                "{format}/{name}: {key} at {at:?} holds {:?}",
                cell.text
            );
            located += 1;
        }
        for check in &profile.checks {
            assert!(!check.keys.is_empty(), "{format}/{name}: {}", check.rule);
            for key in &check.keys {
                assert!(
                    profile.statistics.contains_key(key),
                    "{format}/{name}: {} names {key}, which is not stated",
                    check.rule
                );
            }
        }
    }
    assert!(reports >= 15, "{reports} reports");
    assert!(located > 1000, "{located} figures located");
}

#[cfg(feature = "html")]
/// Adds `unit` after every cell of `html` that holds only digits
/// (`<td …>6</td>` → `<td …>6件</td>`); returns the page and how many
/// cells changed.
fn with_unit_in_cells(html: &str, unit: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut changed = 0;
    let mut rest = html;
    while let Some(end) = rest.find("</td>") {
        let (before, after) = rest.split_at(end);
        let content = &before[before.rfind('>').map_or(0, |i| i + 1)..];
        out.push_str(before);
        if !content.is_empty() && content.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(unit);
            changed += 1;
        }
        out.push_str("</td>");
        rest = &after["</td>".len()..];
    }
    out.push_str(rest);
    (out, changed)
}

#[cfg(feature = "html")]
#[test]
fn figures_printed_with_their_unit_are_read_as_their_number() {
    // The city page of seed 003 (GBK), every figure of its three tables
    // printed as `6件`: the same figures and the same two failed checks
    // as the page itself, whose figures tests/html.rs checks against the
    // seed's hand-checked grid.
    let bytes = common::fixture_bytes("html/gov_city_003.html");
    let (page, _, _) = encoding_rs::GBK.decode(&bytes);
    let (with_units, changed) = with_unit_in_cells(&page, "件");
    assert!(changed >= 200, "{changed} cells changed");
    let (encoded, _, unmappable) = encoding_rs::GBK.encode(&with_units);
    assert!(!unmappable);
    let convert = |bytes: &[u8]| {
        docmend::convert_bytes(
            &Registry::default(),
            bytes,
            "page.html",
            &Options::default(),
        )
        .unwrap()
    };
    let (plain, units) = (convert(&bytes), convert(&encoded));
    assert_eq!(statistics(&units).len(), 200);
    assert_eq!(statistics(&units), statistics(&plain));
    assert_eq!(common::failed_checks(&units), common::failed_checks(&plain));
    // A unit of something else is no figure: `6件次` counts times.
    let (other, _) = with_unit_in_cells(&page, "件次");
    let (encoded, _, _) = encoding_rs::GBK.encode(&other);
    assert!(statistics(&convert(&encoded)).is_empty());
}
