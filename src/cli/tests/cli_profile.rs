//! End-to-end tests of `docmend check` and `docmend stats` on the real
//! report exports in `fixtures/text/`: what they print, the CSV and JSON
//! Lines they write, and their exit codes.

// The tests that read text fixtures need the text converter; in a build
// without it, their helpers go unused.
#![cfg_attr(not(feature = "text"), allow(unused))]

use docmend::profile::keys::all_keys;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED_002: &str = "fixtures/text/002_3bceb6a2129e3845.txt";
const SEED_003: &str = "fixtures/text/003_b40d9c03878ac230.txt";

fn fixtures() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("fixtures/text")
}

/// Runs docmend in the crate root, so fixture paths are relative.
fn run(args: &[&str]) -> Output {
    run_in(
        args,
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")),
    )
}

fn run_in(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docmend"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the docmend binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

/// The trailing columns of `stats`: how many checks ended in each state.
const CHECK_COLUMNS: [&str; 4] = [
    "checks_failed",
    "checks_passed",
    "checks_uncertain",
    "checks_not_assessable",
];

/// A text file that is certainly not an annual report.
const NOT_A_REPORT: &[u8] = "会议纪要\n今天讨论了绿化工作。\n".as_bytes();

// ---------------------------------------------------------------- check

#[cfg(feature = "text")]
#[test]
fn check_reports_the_failed_checks_of_seed_003() {
    let output = run(&["check", SEED_003]);
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], SEED_003);
    assert_eq!(
        lines[1],
        "  report: 2021 template, 晋城市城区人民政府办公室, 2022"
    );
    assert!(
        lines[2].starts_with("  figures: ") && lines[2].ends_with(" not assessable"),
        "{text}"
    );
    // 42 arithmetic checks, and 3 of the text's figures against the
    // tables (新受理…申请6件, and no 行政复议 and no 行政诉讼), all agreeing.
    assert!(
        lines[2].contains("checks: 53 run: 51 passed, 2 failed, 0 uncertain; 0 not assessable"),
        "{text}"
    );
    let failed: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("  FAILED "))
        .collect();
    assert_eq!(failed.len(), 2, "{text}");
    assert!(
        failed.contains(
            &"  FAILED applications.row_sum (row result.partially_disclosed): \
              (二)部分公开: 自然人 2 + 商业企业 0 + 科研机构 0 + 社会公益组织 0 + \
              法律服务机构 0 + 其他 0 = 2, but 总计 says 0"
        ),
        "{text}"
    );
    assert!(
        failed
            .iter()
            .any(|l| l.starts_with("  FAILED applications.result_sum (column total): ")),
        "{text}"
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[cfg(feature = "text")]
#[test]
fn check_passes_seed_002_and_names_issuer_and_year() {
    let output = run(&["check", SEED_002]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("  report: 2021 template, 尉氏县洧川镇人民政府, 2021\n"),
        "{text}"
    );
    assert!(text.contains(" 0 failed"), "{text}");
    assert!(!text.contains("FAILED"), "{text}");
}

#[cfg(feature = "text")]
#[test]
fn check_json_counts_match() {
    let output = run(&["check", "--json", "fixtures/text", "-j", "2"]);
    assert_eq!(output.status.code(), Some(1), "seed 003 fails");
    let lines = json_lines(&stdout(&output));
    assert_eq!(lines.len(), 5);
    for line in &lines {
        assert_eq!(line["is_report"], true, "{line}");
        let failed = line["failed"].as_array().expect("failed is an array");
        assert_eq!(line["checks_failed"], failed.len(), "{line}");
        assert!(line["checks_run"].as_u64() >= line["checks_failed"].as_u64());
        assert!(line["figures"].as_u64().is_some_and(|n| n > 0), "{line}");
        assert_eq!(line["sha256"].as_str().map(str::len), Some(64));
        for check in failed {
            assert_eq!(check["ok"], false);
            assert!(check["rule"].is_string() && check["message"].is_string());
        }
    }
    let seed_003 = lines
        .iter()
        .find(|l| l["path"] == SEED_003)
        .expect("seed 003 listed");
    assert_eq!(seed_003["checks_failed"], 2);
    assert_eq!(seed_003["issuer"], "晋城市城区人民政府办公室");
    assert_eq!(seed_003["year"], 2022);
    assert_eq!(seed_003["template"], "2021");
    let seed_002 = lines
        .iter()
        .find(|l| l["path"] == SEED_002)
        .expect("seed 002 listed");
    assert_eq!(seed_002["checks_failed"], 0);
    assert_eq!(seed_002["failed"], Value::Array(Vec::new()));
    // Input order, with directory contents sorted.
    let paths: Vec<&str> = lines.iter().filter_map(|l| l["path"].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
}

#[cfg(feature = "text")]
#[test]
fn a_document_that_is_not_a_report_passes_on_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("notes.txt"), NOT_A_REPORT).expect("write input");

    let output = run_in(&["check", "notes.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "notes.txt\n  not a government information-disclosure annual report\n"
    );

    let json = run_in(&["check", "--json", "notes.txt"], dir.path());
    assert_eq!(json.status.code(), Some(0));
    let lines = json_lines(&stdout(&json));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["is_report"], false);
    assert_eq!(lines[0]["template"], Value::Null);
    assert_eq!(lines[0]["issuer"], Value::Null);
    assert_eq!(lines[0]["year"], Value::Null);
    assert_eq!(lines[0]["figures"], 0);
    assert_eq!(lines[0]["checks_run"], 0);
    assert_eq!(lines[0]["checks_failed"], 0);
}

#[cfg(feature = "text")]
#[test]
fn an_empty_file_in_the_batch_is_an_error_and_the_rest_go_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").expect("write input");
    let empty = empty.to_string_lossy().into_owned();

    let output = run(&["check", SEED_002, &empty]);
    // 3: an input could not be converted (not 1, a failed check).
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(err.contains(&format!("docmend: {empty}: ")), "{err}");
    let text = stdout(&output);
    assert!(text.contains(SEED_002), "{text}");
    assert!(text.contains("1 could not be converted"), "{text}");
}

#[test]
fn check_usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--jobs", "0", SEED_002],
        &["check", "-", "-"],
        &["check", "--format", "nonsense", SEED_002],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

// ---------------------------------------------------------------- stats

/// A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes
/// and line breaks; CRLF and LF both end a record.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends in a line end"
    );
    records
}

#[test]
fn the_test_csv_reader_reads_quotes() {
    let records = parse_csv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"x\ny\",,z\n");
    assert_eq!(
        records,
        vec![
            vec!["a".to_string(), "b,c".into(), "say \"hi\"".into()],
            vec!["x\ny".to_string(), String::new(), "z".into()],
        ]
    );
}

/// The CSV as a header and rows, with a lookup by column name.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> Table {
        let mut records = parse_csv(text);
        assert!(!records.is_empty(), "at least a header");
        let header = records.remove(0);
        for row in &records {
            assert_eq!(row.len(), header.len(), "every row has every column");
        }
        Table {
            header,
            rows: records,
        }
    }

    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    fn row(&self, path: &str) -> &[String] {
        let column = self.column("path");
        self.rows
            .iter()
            .find(|row| row[column] == path)
            .unwrap_or_else(|| panic!("no row for {path}"))
    }

    fn get(&self, path: &str, name: &str) -> &str {
        &self.row(path)[self.column(name)]
    }
}

#[cfg(feature = "text")]
#[test]
fn stats_csv_over_the_fixtures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("stats.csv");
    let csv_arg = csv_path.to_string_lossy().into_owned();
    let output = run(&["stats", "fixtures/text", "--csv", &csv_arg]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert!(output.stdout.is_empty(), "the CSV went to the file");

    let text = fs::read_to_string(&csv_path).expect("the CSV was written");
    assert!(!text.starts_with('\u{feff}'), "no BOM by default");
    assert!(!text.contains('\r'), "LF line ends by default");
    assert!(text.starts_with("path,sha256,issuer,year,template,is_report,"));
    let table = Table::parse(&text);
    assert_eq!(table.rows.len(), 5);
    assert_eq!(table.header.len(), 6 + all_keys().len() + 4);
    assert_eq!(table.header[6..6 + all_keys().len()], *all_keys());
    assert_eq!(
        table.header[6 + all_keys().len()..],
        CHECK_COLUMNS.map(str::to_string)
    );

    // Rows in input order: the directory's files sorted by name.
    let paths: Vec<&str> = table.rows.iter().map(|r| r[0].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);

    assert_eq!(
        table.get(SEED_003, "applications.new_received.natural_person"),
        "6"
    );
    assert_eq!(table.get(SEED_003, "applications.result.total.total"), "8");
    assert_eq!(table.get(SEED_003, "checks_failed"), "2");
    assert_eq!(table.get(SEED_003, "issuer"), "晋城市城区人民政府办公室");
    assert_eq!(table.get(SEED_003, "year"), "2022");
    assert_eq!(table.get(SEED_003, "template"), "2021");
    assert_eq!(table.get(SEED_003, "is_report"), "true");
    assert_eq!(table.get(SEED_003, "sha256").len(), 64);

    let seed_001 = "fixtures/text/001_e5c4bfe1850351fa.txt";
    assert_eq!(
        table.get(seed_001, "applications.new_received.natural_person"),
        ""
    );
    assert_eq!(table.get(seed_001, "applications.new_received.total"), "0");
    assert_eq!(table.get(SEED_002, "issuer"), "尉氏县洧川镇人民政府");
    assert_eq!(table.get(SEED_002, "checks_failed"), "0");

    // No half-written or temporary file is left next to the output.
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("list the temp dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["stats.csv".to_string()]);
}

#[cfg(feature = "text")]
#[test]
fn stats_quotes_fields_and_includes_documents_that_are_not_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("a,b.txt"), NOT_A_REPORT).expect("write input");
    fs::write(dir.path().join("say \"hi\".txt"), NOT_A_REPORT).expect("write input");

    let output = run_in(
        &["stats", "a,b.txt", "say \"hi\".txt", "--csv", "-"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("\n\"a,b.txt\","), "{text}");
    assert!(text.contains("\n\"say \"\"hi\"\".txt\","), "{text}");

    let table = Table::parse(&text);
    assert_eq!(table.rows.len(), 2);
    for path in ["a,b.txt", "say \"hi\".txt"] {
        assert_eq!(table.get(path, "is_report"), "false");
        assert_eq!(table.get(path, "issuer"), "");
        assert_eq!(table.get(path, "year"), "");
        assert_eq!(table.get(path, "template"), "");
        assert_eq!(table.get(path, "checks_failed"), "0");
        let row = table.row(path);
        assert!(row[6..6 + all_keys().len()].iter().all(String::is_empty));
    }
}

#[cfg(feature = "text")]
#[test]
fn stats_excel_writes_a_bom_and_crlf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("excel.csv");
    let csv_arg = csv_path.to_string_lossy().into_owned();
    let output = run(&["stats", SEED_002, SEED_003, "--csv", &csv_arg, "--excel"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let bytes = fs::read(&csv_path).expect("the CSV was written");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFpath,sha256,"));
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text.trim_start_matches('\u{feff}');
    assert_eq!(text.matches("\r\n").count(), 3, "header and two rows");
    assert_eq!(text.matches('\n').count(), 3, "every line end is CRLF");
    let table = Table::parse(text);
    assert_eq!(table.get(SEED_002, "issuer"), "尉氏县洧川镇人民政府");
}

/// A JSON object's members in the order they are written (`Value` sorts them).
struct InOrder(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for InOrder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = InOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<InOrder, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(InOrder(members))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// One stats JSON line: the names of its fields and its statistics, each
/// in the order written.
struct OrderedLine {
    fields: Vec<String>,
    statistics: InOrder,
}

impl<'de> serde::Deserialize<'de> for OrderedLine {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OrderedLine;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a stats line")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedLine, A::Error> {
                let mut fields = Vec::new();
                let mut statistics = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "statistics" {
                        statistics = Some(map.next_value::<InOrder>()?);
                    } else {
                        map.next_value::<Value>()?;
                    }
                    fields.push(key);
                }
                let statistics =
                    statistics.ok_or_else(|| serde::de::Error::missing_field("statistics"))?;
                Ok(OrderedLine { fields, statistics })
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

#[cfg(feature = "text")]
#[test]
fn stats_jsonl_matches_the_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("notes.txt"), NOT_A_REPORT).expect("write input");
    let notes = dir.path().join("notes.txt").to_string_lossy().into_owned();
    let csv_arg = dir.path().join("s.csv").to_string_lossy().into_owned();
    let jsonl_arg = dir.path().join("s.jsonl").to_string_lossy().into_owned();
    let output = run(&[
        "stats",
        "fixtures/text",
        &notes,
        "--csv",
        &csv_arg,
        "--jsonl",
        &jsonl_arg,
    ]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));

    let table = Table::parse(&fs::read_to_string(&csv_arg).expect("CSV written"));
    let jsonl = fs::read_to_string(&jsonl_arg).expect("JSONL written");
    let lines = json_lines(&jsonl);
    // The same lines, read again keeping the order of the keys.
    let ordered: Vec<OrderedLine> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(table.rows.len(), lines.len());
    for (index, (row, line)) in table.rows.iter().zip(&lines).enumerate() {
        assert_eq!(
            ordered[index].fields,
            [
                "path",
                "sha256",
                "issuer",
                "year",
                "template",
                "is_report",
                "statistics",
                "checks_failed",
                "checks_passed",
                "checks_uncertain",
                "checks_not_assessable"
            ]
        );

        let cell = |name: &str| row[table.column(name)].as_str();
        assert_eq!(line["path"], cell("path"));
        assert_eq!(line["sha256"], cell("sha256"));
        assert_eq!(line["is_report"].to_string(), cell("is_report"));
        for name in CHECK_COLUMNS {
            assert_eq!(line[name].to_string(), cell(name), "{name}");
        }
        for name in ["issuer", "template"] {
            assert_eq!(line[name].as_str().unwrap_or(""), cell(name), "{name}");
        }
        assert_eq!(
            line["year"]
                .as_i64()
                .map(|y| y.to_string())
                .unwrap_or_default(),
            cell("year")
        );

        // The statistics: the same figures as the CSV's non-empty cells,
        // in the order of the columns.
        let from_csv: Vec<(String, String)> = all_keys()
            .iter()
            .map(|key| (key.clone(), cell(key).to_string()))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let from_json: Vec<(String, String)> = ordered[index]
            .statistics
            .0
            .iter()
            .map(|(key, value)| (key.clone(), value.to_string()))
            .collect();
        assert!(from_json == from_csv, "{}: statistics differ", cell("path"));
    }
    let notes_line = lines.last().expect("the non-report is last");
    assert_eq!(notes_line["is_report"], false);
    assert_eq!(notes_line["statistics"], serde_json::json!({}));
    assert_eq!(notes_line["issuer"], Value::Null);
}

#[cfg(feature = "text")]
#[test]
fn stats_reports_failed_inputs_and_keeps_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("empty.txt"), b"").expect("write input");
    let seed = fixtures().join("002_3bceb6a2129e3845.txt");
    let seed = seed.to_string_lossy().into_owned();

    let output = run_in(
        &["stats", "empty.txt", &seed, "--csv", "out.csv"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("docmend: empty.txt: "), "{err}");
    let table = Table::parse(&fs::read_to_string(dir.path().join("out.csv")).expect("written"));
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.get(&seed, "is_report"), "true");

    // Nothing converted: the header is still written.
    let output = run_in(&["stats", "empty.txt", "--csv", "none.csv"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let table = Table::parse(&fs::read_to_string(dir.path().join("none.csv")).expect("written"));
    assert!(table.rows.is_empty());
    assert_eq!(table.header.len(), 6 + all_keys().len() + 4);
}

#[cfg(feature = "text")]
#[test]
fn stats_does_not_read_its_own_output_on_a_rerun() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("notes.txt"), NOT_A_REPORT).expect("write input");
    for _ in 0..2 {
        let output = run_in(
            &["stats", ".", "--csv", "s.csv", "--jsonl", "s.jsonl"],
            dir.path(),
        );
        assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    }
    let table = Table::parse(&fs::read_to_string(dir.path().join("s.csv")).expect("written"));
    assert_eq!(table.rows.len(), 1, "only notes.txt");
}

#[cfg(feature = "text")]
#[cfg(unix)]
#[test]
fn stats_replaces_the_file_a_symlink_names_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("real.csv"), b"old\n").expect("write");
    std::os::unix::fs::symlink("real.csv", dir.path().join("link.csv")).expect("symlink");
    let seed = fixtures().join("002_3bceb6a2129e3845.txt");
    let seed = seed.to_string_lossy().into_owned();

    let output = run_in(&["stats", &seed, "--csv", "link.csv"], dir.path());
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let link = fs::symlink_metadata(dir.path().join("link.csv")).expect("link");
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let table = Table::parse(&fs::read_to_string(dir.path().join("real.csv")).expect("read"));
    assert_eq!(table.rows.len(), 1);
}

#[test]
fn stats_usage_errors_exit_2() {
    for args in [
        &["stats", SEED_002][..],
        &["stats", "--csv", "-"],
        &["stats", SEED_002, "--csv", "-", "--jsonl", "-"],
        &["stats", SEED_002, "--jsonl", "-", "--excel"],
        &["stats", SEED_002, "--csv", "-", "--jobs", "0"],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_has_examples() {
    for command in ["check", "stats"] {
        let output = run(&[command, "--help"]);
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output);
        assert!(text.contains("Examples:"), "{command}: {text}");
        assert!(
            text.contains(&format!("docmend {command} ")),
            "{command}: {text}"
        );
    }
    let main = stdout(&run(&["--help"]));
    assert!(main.contains("check") && main.contains("stats"), "{main}");
}

#[cfg(feature = "text")]
#[test]
fn stats_labels_zh_writes_the_templates_words_as_headers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = fixtures().join("003_b40d9c03878ac230.txt");
    let seed = seed.to_string_lossy().into_owned();
    let keys = run_in(&["stats", &seed, "--csv", "keys.csv", "-q"], dir.path());
    let zh = run_in(
        &["stats", &seed, "--csv", "zh.csv", "--labels", "zh", "-q"],
        dir.path(),
    );
    assert_eq!(keys.status.code(), Some(0));
    assert_eq!(zh.status.code(), Some(0));
    let keys = Table::parse(&fs::read_to_string(dir.path().join("keys.csv")).expect("written"));
    let zh = Table::parse(&fs::read_to_string(dir.path().join("zh.csv")).expect("written"));
    assert_eq!(keys.header.len(), zh.header.len());
    assert_eq!(keys.rows, zh.rows, "only the header differs");
    let at = |name: &str| {
        keys.header
            .iter()
            .position(|h| h == name)
            .expect("a column")
    };
    assert_eq!(zh.header[at("year")], "年度");
    assert_eq!(
        zh.header[at("applications.new_received.natural_person")],
        "一、本年新收政府信息公开申请数量/自然人"
    );
    assert_eq!(
        zh.header[at("applications.result.total.total")],
        "(七)总计/总计"
    );
    assert_eq!(zh.header[at("checks_failed")], "未通过的校验数");
    assert_eq!(
        zh.header.last().map(String::as_str),
        Some("无法评估的校验数")
    );
}
