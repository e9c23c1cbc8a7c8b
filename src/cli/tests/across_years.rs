//! End-to-end tests of `docmend check --across-years` and `docmend stats
//! --across-years` on the generated corpus in `fixtures/corpus/reports/`
//! (see `fixtures/corpus/generate.py`): every break the generator injects
//! is found, and nothing else; renamed and differently written issuers are
//! grouped; the output formats and exit codes.

// The corpus is HTML.
#![cfg(feature = "html")]

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).to_path_buf()
}

const REPORTS: &str = "fixtures/corpus/reports";
const ISSUERS: &str = "fixtures/corpus/issuers.tsv";

/// Runs docmend in the repository root, so paths are relative.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docmend"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the docmend binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn findings(args: &[&str]) -> (Vec<Value>, Option<i32>) {
    let output = run(args);
    let lines = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    (lines, output.status.code())
}

/// A finding reduced to what identifies it: kind, state, issuer, rule,
/// place (row or column), the earlier file's name and the later file's.
type Id = (String, String, String, String, String, String, String);

fn id(finding: &Value) -> Id {
    let text = |key: &str| finding[key].as_str().unwrap_or_default().to_string();
    let file = |key: &str| {
        let path = text(key);
        path.rsplit('/').next().unwrap_or_default().to_string()
    };
    let place = if finding["row"].is_null() {
        text("column")
    } else {
        text("row")
    };
    (
        text("finding"),
        text("state"),
        text("issuer"),
        text("rule"),
        place,
        file("earlier_path"),
        file("later_path"),
    )
}

/// The findings that are not passed comparisons.
fn notable(lines: &[Value]) -> BTreeSet<Id> {
    lines
        .iter()
        .filter(|f| f["state"] != "passed")
        .map(id)
        .collect()
}

fn ids(list: &[(&str, &str, &str, &str, &str, &str, &str)]) -> BTreeSet<Id> {
    let own = |text: &str| text.to_string();
    list.iter()
        .map(|&(a, b, c, d, e, f, g)| (own(a), own(b), own(c), own(d), own(e), own(f), own(g)))
        .collect()
}

/// What the generator injects, each with the findings it must give.
const INJECTED: [(&str, &str, &str, &str, &str, &str, &str); 9] = [
    // dongshan_2022_copy.html is a second copy of the 2022 report.
    (
        "duplicate",
        "",
        "东山县人民政府",
        "",
        "",
        "dongshan_2022.html",
        "dongshan_2022_copy.html",
    ),
    // 2023 states 上年结转 one more for 自然人 (and so for 总计).
    (
        "comparison",
        "failed",
        "西河市教育局",
        "years.carried_over",
        "natural_person",
        "xihe_2022.html",
        "xihe_2023.html",
    ),
    (
        "comparison",
        "failed",
        "西河市教育局",
        "years.carried_over",
        "total",
        "xihe_2022.html",
        "xihe_2023.html",
    ),
    // 2022 states 规章 现行有效件数 two more.
    (
        "comparison",
        "failed",
        "南湖区人民政府办公室",
        "years.in_force",
        "rules",
        "nanhu_2021.html",
        "nanhu_2022.html",
    ),
    // 2023 states 行政规范性文件 现行有效件数 three fewer.
    (
        "comparison",
        "failed",
        "北岭镇人民政府",
        "years.in_force",
        "normative_documents",
        "beiling_2022.html",
        "beiling_2023.html",
    ),
    // 2022 leaves two cells blank.
    (
        "comparison",
        "not_assessable",
        "白沙县卫生健康局",
        "years.in_force",
        "normative_documents",
        "baisha_2021.html",
        "baisha_2022.html",
    ),
    (
        "comparison",
        "not_assessable",
        "白沙县卫生健康局",
        "years.carried_over",
        "research_institution",
        "baisha_2022.html",
        "baisha_2023.html",
    ),
    // No report for 2022.
    (
        "gap",
        "",
        "红星乡人民政府",
        "",
        "",
        "hongxing_2021.html",
        "hongxing_2023.html",
    ),
    // A report whose title names no issuer.
    ("not_grouped", "", "", "", "", "", "nameless_2022.html"),
];

#[test]
fn every_injected_break_is_found_and_nothing_else() {
    let (lines, code) = findings(&[
        "check",
        "--across-years",
        "--issuers",
        ISSUERS,
        "--json",
        REPORTS,
    ]);
    // A failed comparison counts like a failed check.
    assert_eq!(code, Some(1));
    assert_eq!(notable(&lines), ids(&INJECTED));
    // Fourteen pairs of consecutive years (two per issuer but 红星乡, with
    // the renamed 中河市 body joined by the mapping and 青石's three ways of
    // writing its name joined by the rules), nine comparisons each; the
    // six above are the only ones that do not pass.
    let passed = lines.iter().filter(|f| f["state"] == "passed").count();
    assert_eq!(passed, 14 * 9 - 6);
    let joined: BTreeSet<&str> = lines
        .iter()
        .filter(|f| f["state"] == "passed")
        .filter_map(|f| f["issuer"].as_str())
        .collect();
    assert!(joined.contains("中河市发展和改革委员会"));
    assert!(joined.contains("青石（高新区）管理委员会"));
}

#[test]
fn a_break_names_both_files_the_keys_and_the_figures() {
    let (lines, _) = findings(&["check", "--across-years", "--json", REPORTS]);
    let rules = lines
        .iter()
        .find(|f| f["state"] == "failed" && f["row"] == "rules")
        .expect("the 规章 break");
    // nanhu_2021.html: 规章 现行有效件数 60; nanhu_2022.html: 本年制发 5,
    // 本年废止 0, 现行有效 67.
    assert_eq!(
        rules["message"],
        "2021 proactive.rules.in_force 60 + 2022 proactive.rules.issued 5 - \
         2022 proactive.rules.repealed 0 = 65, but 2022 proactive.rules.in_force = 67 \
         (2021: fixtures/corpus/reports/nanhu_2021.html, 2022: fixtures/corpus/reports/nanhu_2022.html)"
    );
    assert_eq!(
        (rules["expected"].as_i64(), rules["found"].as_i64()),
        (Some(65), Some(67))
    );
    let keys: Vec<&str> = rules["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "proactive.rules.in_force",
            "proactive.rules.issued",
            "proactive.rules.repealed",
            "proactive.rules.in_force"
        ]
    );
    let blank = lines
        .iter()
        .find(|f| f["state"] == "not_assessable" && f["row"] == "normative_documents")
        .expect("the blank 本年废止件数");
    assert_eq!(
        blank["message"],
        "2022 proactive.normative_documents.repealed is not stated \
         (2021: fixtures/corpus/reports/baisha_2021.html, 2022: fixtures/corpus/reports/baisha_2022.html)"
    );
    assert!(blank["expected"].is_null());
}

#[test]
fn without_the_mapping_the_renamed_body_is_two_issuers() {
    let (lines, code) = findings(&["check", "--across-years", "--json", REPORTS]);
    assert_eq!(code, Some(1));
    assert_eq!(notable(&lines), ids(&INJECTED));
    // 中河市's 2021 report stands alone: one pair fewer.
    let passed = lines.iter().filter(|f| f["state"] == "passed").count();
    assert_eq!(passed, 13 * 9 - 6);
}

#[test]
fn the_human_report_lists_each_issuer_and_what_did_not_pass() {
    let output = run(&["check", "--across-years", "--issuers", ISSUERS, REPORTS]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    for line in [
        "Year against year:",
        "东山县人民政府 (2021, 2022, 2023): 18 passed",
        "中河市发展和改革委员会 (2021, 2022, 2023): 18 passed",
        "  also written: 中河市发展计划委员会",
        "南湖区人民政府办公室 (2021, 2022, 2023): 17 passed, 1 failed",
        "  FAILED years.carried_over (column natural_person): 2022 applications.carried_forward.natural_person = 0, \
         but 2023 applications.carried_over.natural_person = 1 \
         (2022: fixtures/corpus/reports/xihe_2022.html, 2023: fixtures/corpus/reports/xihe_2023.html)",
        "红星乡人民政府 (2021, 2023): nothing compared",
        "  GAP: no report for 2022 between 2021 (fixtures/corpus/reports/hongxing_2021.html) \
         and 2023 (fixtures/corpus/reports/hongxing_2023.html): not compared",
        "青石（高新区）管理委员会 (2021, 2022, 2023): 18 passed",
        "  also written: 青石(高新区)管理委员会 | 青石 （高新区） 管理委员会",
        "Not grouped:",
        "  fixtures/corpus/reports/nameless_2022.html: no issuer found",
        "across years: 8 issuers; comparisons: 120 passed, 4 failed, 2 not assessable; \
         1 gap, 1 duplicate, 1 not grouped",
        "25 files: 25 reports (0 with failed checks), 0 other documents, 0 could not be converted",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?} in\n{text}"
        );
    }
}

#[test]
fn csv_has_one_row_per_finding() {
    let output = run(&[
        "check",
        "--across-years",
        "--csv",
        "-",
        "--issuers",
        ISSUERS,
        REPORTS,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "finding,state,issuer,rule,row,column,earlier_year,earlier_path,later_year,\
             later_path,expected,found,message"
        )
    );
    assert_eq!(lines.clone().count(), 126 + 3);
    assert!(lines.any(|l| l.starts_with(
        "comparison,failed,北岭镇人民政府,years.in_force,normative_documents,,2022,\
         fixtures/corpus/reports/beiling_2022.html,2023,fixtures/corpus/reports/beiling_2023.html,50,47,"
    )));
}

#[test]
fn stats_adds_the_columns_to_each_report() {
    let output = run(&[
        "stats",
        "--across-years",
        "--issuers",
        ISSUERS,
        "--csv",
        "-",
        REPORTS,
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stdout(&output);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let tail = &header[header.len() - 8..];
    assert_eq!(
        tail,
        [
            "checks_not_assessable",
            "issuer_group",
            "previous_year_path",
            "years_passed",
            "years_failed",
            "years_not_assessable",
            "years_uncertain",
            "years_note"
        ]
    );
    let row = |name: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{REPORTS}/{name},")))
            .unwrap_or_else(|| panic!("a row for {name}"));
        line.rsplitn(8, ',')
            .map(str::to_string)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    };
    assert_eq!(
        row("xihe_2023.html")[1..],
        [
            "西河市教育局",
            "fixtures/corpus/reports/xihe_2022.html",
            "7",
            "2",
            "0",
            "0",
            ""
        ]
    );
    assert_eq!(
        row("zhonghe_2021.html")[1..],
        ["中河市发展和改革委员会", "", "0", "0", "0", "0", ""]
    );
    assert_eq!(
        row("nameless_2022.html")[1..],
        ["", "", "0", "0", "0", "0", "not_grouped: no issuer found"]
    );
    // Every input has its row.
    assert_eq!(lines.count(), 25);
}

#[test]
fn a_bad_mapping_file_stops_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("issuers.tsv");
    fs::write(&mapping, "甲局\t乙局\n乙局\t丙局\n").unwrap();
    let mapping = mapping.to_string_lossy().to_string();
    let output = run(&["check", "--across-years", "--issuers", &mapping, REPORTS]);
    // A usage error, like any option whose value cannot be used.
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "not an issuer mapping: line 1: the name it maps to is itself mapped on line 2"
        ),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    let missing = run(&[
        "stats",
        "--across-years",
        "--issuers",
        "no/such.tsv",
        "--csv",
        "-",
        REPORTS,
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("--issuers no/such.tsv: cannot read the issuer mapping")
    );
    // --issuers belongs to --across-years; --csv needs its file.
    assert_eq!(
        run(&["check", "--issuers", &mapping, REPORTS])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["check", REPORTS, "--csv"]).status.code(), Some(2));
}

/// The committed corpus is what the generator writes (when Python 3 is
/// there to run it).
#[test]
fn the_committed_corpus_is_what_the_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    let generated = Command::new("python3")
        .arg(root().join("fixtures/corpus/generate.py"))
        .arg("--out")
        .arg(dir.path())
        .output();
    let Ok(generated) = generated else {
        eprintln!("python3 is not available: the corpus was not regenerated");
        return;
    };
    assert!(generated.status.success(), "{generated:?}");
    let names = |dir: &Path| -> BTreeSet<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect()
    };
    let committed = root().join(REPORTS);
    assert_eq!(names(dir.path()), names(&committed));
    for name in names(&committed) {
        assert_eq!(
            fs::read(dir.path().join(&name)).unwrap(),
            fs::read(committed.join(&name)).unwrap(),
            "{name} differs from what generate.py writes"
        );
    }
}
