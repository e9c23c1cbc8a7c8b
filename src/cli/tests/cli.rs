//! End-to-end tests of the `docmend` binary: arguments, output layout,
//! error reporting and exit codes. They check the CLI's behaviour, not what
//! the converters extract (that is tested next to each converter).

// The tests that read text fixtures need the text converter; in a build
// without it, their helpers go unused.
#![cfg_attr(not(feature = "text"), allow(unused))]

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn docmend() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docmend"))
}

fn run(args: &[&str], dir: &Path) -> Output {
    docmend()
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

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent folders");
    }
    fs::write(path, bytes).expect("write test input");
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

const REPORT: &[u8] = "一、总体情况\n本年度收入 1,234 万元。\n".as_bytes();

#[cfg(feature = "text")]
#[test]
fn single_file_prints_one_json_object() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("report.txt"), REPORT);

    let output = run(&["convert", "report.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    assert!(text.ends_with('\n'));
    assert_eq!(text.lines().count(), 1, "compact: one line");
    let document: Value = serde_json::from_str(&text).expect("stdout is one JSON object");
    assert_eq!(document["schema_version"], "2");
    assert_eq!(document["source"]["path"], "report.txt");
    assert_eq!(document["source"]["format"], "text");
    assert_eq!(document["source"]["size_bytes"], REPORT.len());
    assert_eq!(document["source"]["sha256"], sha256_hex(REPORT));
    // Cross-check the digest helper against a value verified with sha256sum.
    assert_eq!(
        sha256_hex(b"hello\n"),
        "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
    );
}

#[cfg(feature = "text")]
#[test]
fn pretty_prints_one_indented_object_or_one_array_of_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("a.txt"), b"first\n");
    write(&dir.path().join("b.txt"), b"second\n");

    let one = run(&["convert", "--pretty", "a.txt"], dir.path());
    assert_eq!(one.status.code(), Some(0));
    let text = stdout(&one);
    assert!(text.starts_with("{\n  \""), "indented: {text}");
    let document: Value = serde_json::from_str(&text).expect("one pretty object");
    assert_eq!(document["source"]["path"], "a.txt");

    // Several indented documents form one JSON array, whatever fails.
    let two = run(
        &["convert", "--pretty", "a.txt", "missing.txt", "b.txt"],
        dir.path(),
    );
    assert_eq!(two.status.code(), Some(1));
    let text = stdout(&two);
    assert!(text.starts_with("[\n{\n  \""), "{text}");
    assert!(text.ends_with("}\n]\n"), "{text}");
    let documents: Vec<Value> = serde_json::from_str(&text).expect("one JSON array");
    let paths: Vec<&Value> = documents.iter().map(|d| &d["source"]["path"]).collect();
    assert_eq!(paths, ["a.txt", "b.txt"]);

    // An array even when nothing converts.
    let none = run(
        &["convert", "--pretty", "missing.txt", "gone.txt"],
        dir.path(),
    );
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(
        serde_json::from_slice::<Value>(&none.stdout).expect("JSON"),
        serde_json::json!([])
    );
}

#[cfg(feature = "text")]
#[test]
fn standard_input_is_recorded_as_dash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = docmend()
        .args(["convert", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn docmend");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(REPORT)
        .expect("write stdin");
    let output = child.wait_with_output().expect("docmend finishes");
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(document["source"]["path"], "-");
    assert_eq!(document["source"]["sha256"], sha256_hex(REPORT));
}

#[cfg(feature = "text")]
#[test]
fn directory_batch_with_out_dir_mirrors_subfolders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    write(&input.join("a.txt"), b"alpha\n");
    // Same stem, different extension: both must survive.
    write(&input.join("a.html"), b"alpha as text\n");
    write(&input.join("sub/b.txt"), b"beta\n");
    write(&input.join(".hidden.txt"), b"skipped\n");
    write(&input.join(".git/c.txt"), b"skipped\n");
    write(&dir.path().join("direct.txt"), b"given directly\n");

    let output = run(
        &[
            "convert",
            "in",
            "direct.txt",
            "--out-dir",
            "out",
            "--jobs",
            "2",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert!(output.stdout.is_empty(), "nothing on stdout with --out-dir");

    let out = dir.path().join("out");
    let mut written: Vec<String> = Vec::new();
    collect_files(&out, &out, &mut written);
    written.sort();
    assert_eq!(
        written,
        [
            "a.html.json",
            "a.txt.json",
            "direct.txt.json",
            "docmend-manifest.jsonl",
            "sub/b.txt.json"
        ],
        "no hidden inputs, no temporary files left"
    );
    let b: Value = serde_json::from_slice(&fs::read(out.join("sub/b.txt.json")).expect("read"))
        .expect("out-dir file is JSON");
    assert_eq!(b["source"]["path"], "in/sub/b.txt");
    assert_eq!(b["source"]["sha256"], sha256_hex(b"beta\n"));
}

fn collect_files(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("list output") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_files(root, &path, found);
        } else {
            let relative = path.strip_prefix(root).expect("under root");
            found.push(relative.to_string_lossy().into_owned());
        }
    }
}

#[cfg(feature = "text")]
#[test]
fn out_dir_name_collisions_do_not_overwrite() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("x/a.txt"), b"from x\n");
    write(&dir.path().join("y/a.txt"), b"from y\n");

    let output = run(
        &["convert", "x/a.txt", "y/a.txt", "--out-dir", "out"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("docmend: y/a.txt: output"), "stderr: {err}");
    assert!(
        err.contains("2 files: 1 converted, 1 failed"),
        "stderr: {err}"
    );
    let kept: Value =
        serde_json::from_slice(&fs::read(dir.path().join("out/a.txt.json")).expect("read"))
            .expect("JSON");
    assert_eq!(kept["source"]["path"], "x/a.txt");
}

#[cfg(feature = "text")]
#[test]
fn jsonl_prints_one_line_per_file_in_sorted_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["c.txt", "a.txt", "sub/b.txt", "b.txt"] {
        write(&dir.path().join("in").join(name), name.as_bytes());
    }
    let output = run(&["convert", "--jsonl", "in", "-j", "3"], dir.path());
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let documents = json_lines(&stdout(&output));
    let paths: Vec<&str> = documents
        .iter()
        .map(|d| d["source"]["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["in/a.txt", "in/b.txt", "in/c.txt", "in/sub/b.txt"]);

    // Several inputs without --jsonl are JSON Lines too.
    let plain = run(&["convert", "in/a.txt", "in/b.txt"], dir.path());
    assert_eq!(json_lines(&stdout(&plain)).len(), 2);
}

#[cfg(feature = "text")]
#[cfg(unix)]
#[test]
fn bad_files_are_reported_and_the_rest_converted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    write(&input.join("good1.txt"), b"good one\n");
    write(&input.join("good2.txt"), b"good two\n");
    write(&input.join("empty.txt"), b"");
    write(
        &input.join("image.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    );
    write(
        &input.join("junk.bin"),
        &(0u8..=255).cycle().take(2048).collect::<Vec<u8>>(),
    );
    std::os::unix::fs::symlink("does-not-exist", input.join("dangling.txt")).expect("symlink");

    let output = run(&["convert", "in"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for expected in [
        "docmend: in/empty.txt: empty file",
        "docmend: in/image.png: unsupported format: PNG image",
        "docmend: in/junk.bin: unsupported format",
        "docmend: in/dangling.txt: cannot read",
        "docmend: 6 files: 2 converted, 4 failed, 0 empty, 0 with warnings (",
    ] {
        assert!(
            err.contains(expected),
            "missing {expected:?} in stderr:\n{err}"
        );
    }
    assert!(!err.contains("good"), "good files are not reported: {err}");
    let documents = json_lines(&stdout(&output));
    let paths: Vec<&str> = documents
        .iter()
        .map(|d| d["source"]["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["in/good1.txt", "in/good2.txt"]);
}

#[cfg(feature = "text")]
#[test]
fn a_missing_file_fails_alone_and_the_rest_go_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("good.txt"), b"good\n");
    let output = run(&["convert", "missing.txt", "good.txt"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("docmend: missing.txt: cannot read"),
        "stderr: {err}"
    );
    assert!(
        err.contains("docmend: 2 files: 1 converted, 1 failed, 0 empty, 0 with warnings ("),
        "stderr: {err}"
    );
    assert_eq!(json_lines(&stdout(&output)).len(), 1);
}

#[cfg(feature = "text")]
#[test]
fn unknown_format_is_a_usage_error_listing_valid_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("a.txt"), b"a\n");
    let output = run(&["convert", "--format", "nonsense", "a.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("nonsense"), "stderr: {err}");
    for name in ["docx", "pdf", "xls", "xlsx", "html", "text"] {
        assert!(err.contains(name), "{name} missing from: {err}");
    }
    assert!(output.stdout.is_empty());

    let forced = run(&["convert", "--format", "TEXT", "a.txt"], dir.path());
    assert_eq!(forced.status.code(), Some(0), "stderr: {}", stderr(&forced));
}

#[test]
fn other_usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("a.txt"), b"a\n");
    for args in [
        &["convert", "--jsonl", "--out-dir", "out", "a.txt"][..],
        &["convert", "--jsonl", "--pretty", "a.txt"],
        &["convert", "--jobs", "0", "a.txt"],
        &["convert", "-", "-"],
        &["convert"],
        &["frobnicate"],
    ] {
        let output = run(args, dir.path());
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn formats_lists_converters_and_missing_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = run(&["formats"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    if cfg!(feature = "text") {
        assert!(
            text.contains("plain-text"),
            "the description is shown: {text}"
        );
    }
    let list = |words: &str| -> Vec<String> {
        words
            .split(',')
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let read: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once("reads:"))
        .flat_map(|(_, formats)| list(formats))
        .collect();
    let without: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Known formats without a converter in this build:"))
        .flat_map(list)
        .collect();
    // Every format docmend knows is read by this build, or named as
    // having no converter in it, as the build's features say.
    let formats = [
        ("text", cfg!(feature = "text")),
        ("html", cfg!(feature = "html")),
        ("docx", cfg!(feature = "docx")),
        ("xls", cfg!(feature = "spreadsheet")),
        ("xlsx", cfg!(feature = "spreadsheet")),
        ("xlsb", cfg!(feature = "spreadsheet")),
        ("ods", cfg!(feature = "spreadsheet")),
        ("pdf", cfg!(feature = "pdf")),
        ("csv", cfg!(feature = "csv")),
        ("tsv", cfg!(feature = "csv")),
    ];
    assert_eq!(read.len() + without.len(), formats.len(), "{text}");
    for (format, built) in formats {
        let format = format.to_string();
        assert_eq!(read.contains(&format), built, "{format}: {text}");
        assert_eq!(without.contains(&format), !built, "{format}: {text}");
    }
}

#[test]
fn schema_prints_the_library_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = run(&["schema"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), docmend::schema::json_schema());
    let schema: Value = serde_json::from_slice(&output.stdout).expect("schema is JSON");
    assert!(schema.get("properties").is_some());
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        &["--help"][..],
        &["convert", "--help"],
        &["formats", "--help"],
    ] {
        let output = run(args, dir.path());
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output).to_lowercase();
        assert!(text.contains("examples"), "{args:?}: {text}");
        assert!(text.contains("docmend"), "{args:?}: {text}");
    }
    let version = run(&["--version"], dir.path());
    assert!(stdout(&version).contains(env!("CARGO_PKG_VERSION")));
}

#[cfg(feature = "text")]
#[test]
fn closed_stdout_stops_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    // Far more output than a pipe buffers, so writes after the reader goes
    // away really do fail.
    for i in 0..1500 {
        write(&input.join(format!("f{i:04}.txt")), b"some text\n");
    }
    let mut child = docmend()
        .args(["convert", "in"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn docmend");
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("read one line");
    assert!(first.contains("in/f0000.txt"), "first line: {first}");
    drop(reader);
    let output = child.wait_with_output().expect("docmend finishes");
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "stderr: {err}");
    assert!(!err.to_lowercase().contains("broken pipe"), "stderr: {err}");
    assert_eq!(output.status.code(), Some(0), "stderr: {err}");
}

#[test]
#[cfg(feature = "text")]
fn max_input_bytes_refuses_larger_inputs_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("big.txt"),
        "一二三四五六七八九十\n".as_bytes(),
    ); // 31 bytes
    write(&dir.path().join("small.txt"), b"ok\n");
    let output = run(
        &[
            "convert",
            "--jsonl",
            "--max-input-bytes",
            "16",
            "big.txt",
            "small.txt",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("big.txt") && err.contains("31 bytes exceeds the limit of 16 bytes"),
        "stderr: {err}"
    );
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["source"]["path"], "small.txt");

    // From standard input the size is unknown until read.
    let mut child = docmend()
        .args(["convert", "--max-input-bytes", "1K", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&[b'a'; 1025])
        .unwrap();
    let piped = child.wait_with_output().unwrap();
    assert_eq!(piped.status.code(), Some(1));
    assert!(
        stderr(&piped).contains("exceeds the limit of 1024 bytes"),
        "stderr: {}",
        stderr(&piped)
    );

    let bad = run(
        &["convert", "--max-input-bytes", "12X", "small.txt"],
        dir.path(),
    );
    assert_eq!(bad.status.code(), Some(2), "stderr: {}", stderr(&bad));
}

#[test]
// A two-line CSV is not sure enough to be told from text without the text
// converter beside it.
#[cfg(all(feature = "csv", feature = "text"))]
fn max_table_cells_refuses_a_larger_table_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 3 rows × 3 fields = 9 table positions; 2 rows × 2 = 4.
    write(&dir.path().join("big.csv"), b"a,b,c\n1,2,3\n4,5,6\n");
    write(&dir.path().join("small.csv"), b"a,b\n1,2\n");
    let output = run(
        &[
            "convert",
            "--jsonl",
            "--max-table-cells",
            "8",
            "big.csv",
            "small.csv",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("big.csv")
            && err.contains("limit of 8 table positions")
            && err.contains("--max-table-cells"),
        "stderr: {err}"
    );
    let lines = json_lines(&stdout(&output));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["source"]["path"], "small.csv");

    // Without the flag both convert.
    let output = run(&["convert", "--jsonl", "big.csv", "small.csv"], dir.path());
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(json_lines(&stdout(&output)).len(), 2);
}

/// The fixtures of every format this build reads, copied into `dir/in`.
fn copy_fixtures(dir: &Path) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let input = dir.join("in");
    fs::create_dir_all(&input).expect("mkdir");
    let mut copied = 0;
    for format in ["text", "html", "docx", "spreadsheet", "pdf", "csv"] {
        let Ok(entries) = fs::read_dir(root.join(format)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            if path.is_file() && !name.ends_with(".json") && !name.ends_with(".py") {
                fs::copy(&path, input.join(format!("{format}_{name}"))).expect("copy");
                copied += 1;
            }
        }
    }
    copied
}

#[test]
fn worker_processes_and_this_process_give_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(copy_fixtures(dir.path()) > 20);
    let both = |args: &[&str]| {
        let isolated = run(args, dir.path());
        let mut in_process_args = args.to_vec();
        in_process_args.push("--in-process");
        let in_process = run(&in_process_args, dir.path());
        assert_eq!(isolated.status.code(), in_process.status.code(), "{args:?}");
        assert_eq!(untimed(&isolated), untimed(&in_process), "{args:?}");
        assert_eq!(isolated.stdout, in_process.stdout, "{args:?}");
        assert!(!isolated.stdout.is_empty() || args.contains(&"--out-dir"));
    };
    both(&["convert", "in", "--jsonl", "-j", "2"]);
    both(&["check", "in", "-j", "2"]);
    both(&["check", "in", "--json", "-j", "2"]);
    both(&["stats", "in", "--csv", "-", "-j", "2"]);

    // And the same files under --out-dir.
    for (out, extra) in [("isolated", None), ("in_process", Some("--in-process"))] {
        let mut args = vec!["convert", "in", "--out-dir", out];
        args.extend(extra);
        run(&args, dir.path());
    }
    let mut names: Vec<_> = fs::read_dir(dir.path().join("isolated"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    let mut in_process: Vec<_> = fs::read_dir(dir.path().join("in_process"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    in_process.sort();
    assert_eq!(names, in_process, "the same files written");
    // The text fixtures at least, whatever converters this build has.
    assert!(names.len() > 5, "{names:?}");
    for name in names {
        // The manifests differ in the output folder they name.
        if name == "docmend-manifest.jsonl" {
            continue;
        }
        assert_eq!(
            fs::read(dir.path().join("isolated").join(&name)).expect("read"),
            fs::read(dir.path().join("in_process").join(&name)).expect("read"),
            "{name:?}"
        );
    }
}

/// Every file under `dir`, relative to it.
fn tree(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    collect_files(dir, dir, &mut found);
    found.sort();
    found
}

#[test]
fn a_rerun_removes_the_temporary_files_of_a_killed_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixtures(dir.path());
    // What a run killed while writing leaves: temporary files of a process
    // that no longer runs (a pid above the kernel's largest), one in a
    // subfolder; and a file of the user's that only looks similar.
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("sub")).expect("mkdir");
    write(&out.join(".a.txt.json.docmend-4194305-0.tmp"), b"{\"half");
    write(&out.join("sub/.b.json.docmend-4194305-3.tmp"), b"{");
    write(&out.join(".mine.tmp"), b"keep");
    let output = run(
        &["convert", "in", "--out-dir", "out", "-j", "2"],
        dir.path(),
    );
    let err = stderr(&output);
    assert!(
        err.contains(
            "docmend: out/.a.txt.json.docmend-4194305-0.tmp: removed: a temporary file left by an interrupted run\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("out/sub/.b.json.docmend-4194305-3.tmp: removed"),
        "{err}"
    );
    let files = tree(&out);
    assert!(files.contains(&".mine.tmp".to_string()));
    assert!(!files.iter().any(|f| f.contains(".docmend-")), "{files:?}");
}

#[test]
#[cfg(unix)]
fn a_batch_killed_at_any_point_leaves_only_whole_outputs_after_a_rerun() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Enough work that the kill lands mid-batch.
    let n = copy_fixtures(dir.path());
    for copy in 1..4 {
        let from = dir.path().join("in");
        let to = dir.path().join(format!("in/copy{copy}"));
        fs::create_dir_all(&to).expect("mkdir");
        for entry in fs::read_dir(&from).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            }
        }
    }
    for delay_ms in [30, 120, 400] {
        let mut child = docmend()
            .args(["convert", "in", "--out-dir", "out", "-j", "2"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SIGKILL: nothing of the run can clean up after itself.
        child.kill().expect("kill");
        child.wait().expect("reap");
        // Whatever is already in place is whole (the manifest, when the
        // run ended before the kill, is whole JSON Lines).
        for name in tree(&dir.path().join("out")) {
            let text = fs::read_to_string(dir.path().join("out").join(&name)).expect("read");
            if name == "docmend-manifest.jsonl" {
                assert!(text.ends_with('\n'));
                json_lines(&text);
            } else if !name.contains(".docmend-") {
                serde_json::from_str::<Value>(&text)
                    .unwrap_or_else(|e| panic!("{name} is not whole JSON: {e}"));
            }
        }
    }
    let rerun = run(
        &["convert", "in", "--out-dir", "out", "-j", "2"],
        dir.path(),
    );
    let files = tree(&dir.path().join("out"));
    assert!(!files.iter().any(|f| f.contains(".docmend-")), "{files:?}");
    // The manifest lists every input once; each one converted has its
    // output, whole (the corrupt fixtures fail).
    let records = manifest(&dir.path().join("out"));
    assert_eq!(records.len(), n * 4, "{}", stderr(&rerun));
    let mut outputs = 0;
    for record in &records {
        match record["outcome"].as_str() {
            Some("converted" | "empty") => {
                let output = record["output"].as_str().expect("an output");
                let bytes = fs::read(dir.path().join(output)).expect("the output is there");
                serde_json::from_slice::<Value>(&bytes).expect("whole JSON");
                outputs += 1;
            }
            Some("failed") => assert!(record["reason"].is_string()),
            other => panic!("outcome {other:?}"),
        }
    }
    assert_eq!(outputs + 1, files.len(), "the outputs and the manifest");
}

/// The records of `DIR/docmend-manifest.jsonl`.
fn manifest(dir: &Path) -> Vec<Value> {
    json_lines(&fs::read_to_string(dir.join("docmend-manifest.jsonl")).expect("a manifest"))
}

/// Standard error without the time in its summary line.
fn untimed(output: &Output) -> String {
    stderr(output)
        .lines()
        .map(|line| match line.rfind(" (") {
            Some(at) if line.ends_with(" s)") => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(feature = "text")]
#[test]
fn to_markdown_text_and_html_write_one_document_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("a.txt"),
        "一、总体情况\n\n正文第一段。\n\n| 项目 | 数量 |\n| --- | --- |\n| 收到申请 | 6 |\n"
            .as_bytes(),
    );
    write(&dir.path().join("b.txt"), "第二份文件。\n".as_bytes());

    let markdown = run(&["convert", "--to", "markdown", "a.txt"], dir.path());
    assert_eq!(markdown.status.code(), Some(0), "{}", stderr(&markdown));
    assert_eq!(
        stdout(&markdown),
        "# 一、总体情况\n\n正文第一段。\n\n| 项目 | 数量 |\n|---|---|\n| 收到申请 | 6 |\n"
    );
    let text = run(&["convert", "-t", "txt", "a.txt"], dir.path());
    assert_eq!(
        stdout(&text),
        "一、总体情况\n\n正文第一段。\n\n项目      数量\n--------------\n收到申请     6\n"
    );
    let html = run(
        &["convert", "-t", "html", "a.txt", "-o", "a.html"],
        dir.path(),
    );
    assert_eq!(html.status.code(), Some(0));
    assert!(html.stdout.is_empty());
    let page = fs::read_to_string(dir.path().join("a.html")).expect("written");
    assert!(
        page.contains("<h1>一、总体情况</h1>") && page.contains("<td>收到申请</td>"),
        "{page}"
    );

    // Several documents in one Markdown stream would run together.
    let several = run(&["convert", "-t", "md", "a.txt", "b.txt"], dir.path());
    assert_eq!(several.status.code(), Some(2));
    assert!(
        stderr(&several)
            .contains("--to md writes one document: with several inputs, give --out-dir")
    );
    let jsonl = run(&["convert", "-t", "md", "--jsonl", "a.txt"], dir.path());
    assert_eq!(jsonl.status.code(), Some(2));

    // Under --out-dir each gets the format's extension.
    let out = run(
        &["convert", "-t", "md", "a.txt", "b.txt", "--out-dir", "md"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        tree(&dir.path().join("md")),
        ["a.txt.md", "b.txt.md", "docmend-manifest.jsonl"]
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("md/b.txt.md")).expect("read"),
        "第二份文件。\n"
    );

    // JSON Lines to a file with -o.
    let lines = run(
        &["convert", "a.txt", "b.txt", "-o", "all.jsonl"],
        dir.path(),
    );
    assert_eq!(lines.status.code(), Some(0));
    let all = fs::read_to_string(dir.path().join("all.jsonl")).expect("written");
    assert_eq!(json_lines(&all).len(), 2);
}

#[cfg(feature = "text")]
#[test]
fn resume_converts_only_what_is_missing_or_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["a", "b", "c", "d"] {
        write(
            &dir.path().join(format!("in/{name}.txt")),
            format!("文件{name}。\n").as_bytes(),
        );
    }
    let first = run(&["convert", "in", "--out-dir", "out"], dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let b_written = fs::metadata(dir.path().join("out/b.txt.json"))
        .and_then(|m| m.modified())
        .expect("mtime");

    // a changes, c's output is lost, e is new; b and d stay as they were.
    write(&dir.path().join("in/a.txt"), "文件a,改过了。\n".as_bytes());
    fs::remove_file(dir.path().join("out/c.txt.json")).expect("remove");
    write(&dir.path().join("in/e.txt"), "文件e。\n".as_bytes());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let resumed = run(
        &["convert", "in", "--out-dir", "out", "--resume"],
        dir.path(),
    );
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed)
            .contains("5 files: 3 converted, 0 failed, 0 empty, 0 with warnings, 2 unchanged"),
        "{}",
        stderr(&resumed)
    );
    let outcomes: Vec<(String, String)> = manifest(&dir.path().join("out"))
        .iter()
        .map(|r| {
            let text = |key: &str| r[key].as_str().expect("a string").to_string();
            (text("path"), text("outcome"))
        })
        .collect();
    let pairs: Vec<(&str, &str)> = outcomes
        .iter()
        .map(|(p, o)| (p.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("in/a.txt", "converted"),
            ("in/b.txt", "unchanged"),
            ("in/c.txt", "converted"),
            ("in/d.txt", "unchanged"),
            ("in/e.txt", "converted")
        ]
    );
    // An unchanged output is not written again.
    let b_now = fs::metadata(dir.path().join("out/b.txt.json"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(b_written, b_now);
    let a: Value =
        serde_json::from_slice(&fs::read(dir.path().join("out/a.txt.json")).expect("read"))
            .expect("JSON");
    assert_eq!(a["blocks"][0]["text"], "文件a,改过了。");
    assert_eq!(a["source"]["docmend_version"], env!("CARGO_PKG_VERSION"));

    // Other options make other outputs: nothing is left as it was.
    let passes = run(
        &[
            "convert",
            "in",
            "--out-dir",
            "out",
            "--resume",
            "--no-cleanup",
        ],
        dir.path(),
    );
    assert!(
        stderr(&passes).contains("5 files: 5 converted"),
        "{}",
        stderr(&passes)
    );
}

#[cfg(all(feature = "text", unix))]
#[test]
fn a_killed_batch_resumes_from_its_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Enough files that the kill lands while the batch is running.
    let line = "一段文字。\n".repeat(400);
    for i in 0..400 {
        write(&dir.path().join(format!("in/{i:03}.txt")), line.as_bytes());
    }
    let mut child = docmend()
        .args([
            "convert",
            "in",
            "--out-dir",
            "out",
            "-j",
            "1",
            "--in-process",
        ])
        .current_dir(dir.path())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    // Wait until some outputs are in place, then kill outright.
    let journal = dir.path().join("out/.docmend-journal.jsonl");
    for _ in 0..500 {
        if fs::read_to_string(&journal).is_ok_and(|j| j.lines().count() >= 5) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("kill");
    child.wait().expect("reap");
    let done_before = fs::read_to_string(&journal)
        .map(|j| j.lines().filter(|l| l.ends_with('}')).count())
        .unwrap_or(0);
    assert!(done_before >= 5, "the journal holds what was done");
    assert!(!dir.path().join("out/docmend-manifest.jsonl").exists());

    let resumed = run(
        &["convert", "in", "--out-dir", "out", "--resume"],
        dir.path(),
    );
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    let records = manifest(&dir.path().join("out"));
    // Every input exactly once, in order.
    let paths: Vec<String> = records
        .iter()
        .map(|r| r["path"].as_str().expect("path").to_string())
        .collect();
    let expected: Vec<String> = (0..400).map(|i| format!("in/{i:03}.txt")).collect();
    assert_eq!(paths, expected);
    let unchanged = records
        .iter()
        .filter(|r| r["outcome"] == "unchanged")
        .count();
    assert!(
        unchanged >= done_before - 1,
        "{unchanged} of {done_before} recorded left as they were"
    );
    assert!(unchanged < 400);
    assert!(
        !journal.exists(),
        "the journal is gone once the manifest is written"
    );
}

#[cfg(feature = "text")]
#[test]
fn failures_as_error_records_and_empty_documents_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("a.txt"), "正文。\n".as_bytes());
    write(&dir.path().join("blank.txt"), b"   \n\n");
    let output = run(
        &[
            "convert",
            "a.txt",
            "missing.txt",
            "blank.txt",
            "--jsonl-errors",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&stdout(&output));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["source"]["path"], "a.txt");
    assert_eq!(lines[1]["error"]["path"], "missing.txt");
    assert!(
        lines[1]["error"]["reason"]
            .as_str()
            .expect("reason")
            .starts_with("cannot read")
    );
    let err = stderr(&output);
    assert!(err.contains("docmend: missing.txt: cannot read"), "{err}");
    // A file of white space converts to nothing: said, and counted.
    assert_eq!(lines[2]["source"]["path"], "blank.txt");
    assert!(
        err.contains("docmend: blank.txt: empty: no text was found"),
        "{err}"
    );
    assert!(
        err.contains("3 files: 2 converted, 1 failed, 1 empty"),
        "{err}"
    );

    // --quiet: no summary line, problems still reported.
    let quiet = run(&["convert", "a.txt", "missing.txt", "-q"], dir.path());
    assert_eq!(stderr(&quiet).lines().count(), 1, "{}", stderr(&quiet));
}

#[test]
fn completions_and_manual_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = run(&["completions", shell], dir.path());
        assert_eq!(script.status.code(), Some(0), "{shell}");
        let text = stdout(&script);
        assert!(
            text.contains("docmend") && text.contains("convert"),
            "{shell}: {text}"
        );
    }
    let bash = stdout(&run(&["completions", "bash"], dir.path()));
    assert!(
        bash.contains("--out-dir") && bash.contains("--timeout"),
        "options complete"
    );

    let main = stdout(&run(&["man"], dir.path()));
    assert!(main.contains(".TH docmend 1"), "{main}");
    assert!(main.contains("convert"));
    let convert = stdout(&run(&["man", "convert"], dir.path()));
    assert!(convert.contains(".TH docmend-convert 1"), "{convert}");
    for option in ["out\\-dir", "resume", "timeout", "markers"] {
        assert!(
            convert.contains(option),
            "docmend-convert(1) documents --{option}"
        );
    }
    assert_eq!(run(&["man", "nonsense"], dir.path()).status.code(), Some(2));
}

#[cfg(feature = "text")]
#[test]
fn chunks_follow_the_headings_and_keep_table_rows_whole() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/text");
    let output = run(
        &[
            "convert",
            "-t",
            "chunks",
            "--chunk-size",
            "800",
            "003_b40d9c03878ac230.txt",
            "002_3bceb6a2129e3845.txt",
            "-q",
        ],
        &root,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let chunks = json_lines(&stdout(&output));
    let of = |path: &str| -> Vec<&Value> { chunks.iter().filter(|c| c["path"] == path).collect() };
    let seed = of("003_b40d9c03878ac230.txt");
    assert!(seed.len() > 10 && !of("002_3bceb6a2129e3845.txt").is_empty());
    for (i, chunk) in seed.iter().enumerate() {
        assert_eq!(chunk["index"], i);
        let text = chunk["text"].as_str().expect("text");
        assert!(text.chars().count() <= 800, "chunk {i}: {text}");
        assert_eq!(chunk["chars"], text.chars().count());
        assert!(chunk["first"]["line"].is_u64(), "source lines");
    }
    // The application table is cut between rows; each piece repeats its
    // three header rows, and every row of the table is in exactly one piece.
    let pieces: Vec<&str> = seed
        .iter()
        .filter(|c| c["heading_path"][0] == "三、收到和处理政府信息公开申请情况")
        .map(|c| c["text"].as_str().expect("text"))
        .filter(|t| t.contains("<table>"))
        .collect();
    assert!(pieces.len() > 2, "{pieces:?}");
    for piece in &pieces {
        assert!(
            piece.contains("<thead>") && piece.contains("申请人情况"),
            "{piece}"
        );
        assert_eq!(
            piece.matches("<table>").count(),
            piece.matches("</table>").count()
        );
    }
    for label in [
        "一、本年新收政府信息公开申请数量",
        "四、结转下年度继续办理",
        "2.重复申请",
    ] {
        let holding = pieces.iter().filter(|p| p.contains(label)).count();
        assert_eq!(holding, 1, "{label}");
    }
}

/// Runs docmend with standard error on a terminal (`script` gives it one).
#[cfg(all(feature = "text", target_os = "linux"))]
#[test]
fn a_terminal_shows_progress_and_a_pipe_does_not() {
    if !Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/text/003_b40d9c03878ac230.txt");
    fs::create_dir_all(dir.path().join("in")).expect("mkdir");
    for i in 0..200 {
        fs::copy(&seed, dir.path().join(format!("in/{i:03}.txt"))).expect("copy");
    }
    let command = |out: &str| {
        format!(
            "{} convert in --out-dir {out} -j 1 --in-process",
            env!("CARGO_BIN_EXE_docmend")
        )
    };
    let on_terminal = Command::new("script")
        .args(["-qec", &command("out"), "/dev/null"])
        .current_dir(dir.path())
        .output()
        .expect("script runs");
    let seen = String::from_utf8_lossy(&on_terminal.stdout).replace('\r', "\n");
    assert!(seen.contains("/200 files"), "a progress bar: {seen}");
    assert!(seen.contains("files/s") && seen.contains("left"), "{seen}");
    assert!(seen.contains("docmend: 200 files: 200 converted"), "{seen}");

    let piped = run(
        &["convert", "in", "--out-dir", "out2", "-j", "1"],
        dir.path(),
    );
    assert!(!stderr(&piped).contains("files/s"), "{}", stderr(&piped));
    let quiet = Command::new("script")
        .args(["-qec", &format!("{} -q", command("out3")), "/dev/null"])
        .current_dir(dir.path())
        .output()
        .expect("script runs");
    assert!(
        quiet.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stdout)
    );
}
