//! A batch survives its files: a file that aborts the process, one that
//! never finishes, one that exhausts memory, one that overflows the stack
//! or exits, each converts in a worker process that dies or is killed
//! alone. Every good file of the batch still converts, exactly as it does
//! on its own; every bad one is named with its cause; the exit code says
//! some failed.
//!
//! The failures come from the fault converter, which the
//! `fault-injection` feature builds in (`src/cli/fault.rs`); the real
//! inputs that caused them are fixed in their converters and tested there.

mod common;

use common::{docmend, untimed_stderr};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

const FIXTURES: [&str; 6] = [
    "text/000_9cf56e95910a791d.txt",
    "text/003_b40d9c03878ac230.txt",
    "docx/annual_report_003.docx",
    "spreadsheet/annual_report_003.xlsx",
    "html/gov_city_003.html",
    "pdf/annual_report_003.pdf",
];

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(relative)
}

/// A folder holding the good fixtures and the given faults, as
/// `NN_name.fault` files placed between them.
fn batch_folder(faults: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    for (i, relative) in FIXTURES.iter().enumerate() {
        let name = Path::new(relative).file_name().expect("a file name");
        let target = input.join(format!("{:02}_{}", i * 2, name.to_string_lossy()));
        fs::copy(fixture(relative), target).expect("copy a fixture");
    }
    for (i, fault) in faults.iter().enumerate() {
        let path = input.join(format!("{:02}_{fault}.fault", i * 2 + 1));
        fs::write(path, format!("DOCMEND-FAULT {fault}\n")).expect("write a fault");
    }
    dir
}

/// The text with the size of an allocation that failed at the memory cap
/// written as `N`: where memory runs out depends on how the build lays
/// out the program, but it must be within the cap.
fn at_the_cap(text: &str) -> String {
    text.lines()
        .map(|line| {
            let marker = "memory cap (--max-memory): memory allocation of ";
            let Some(at) = line.find(marker) else {
                return format!("{line}\n");
            };
            let rest = &line[at + marker.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let size: u64 = digits.parse().expect("a size");
            assert!(size <= 512 << 20, "{line}: one request within the cap");
            format!("{}{marker}N{}\n", &line[..at], &rest[digits.len()..])
        })
        .collect::<String>()
        .trim_end_matches('\n')
        .to_string()
}

fn run(args: &[&str], dir: &Path) -> Output {
    docmend()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the docmend binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The good inputs of the folder, in batch order.
fn good_inputs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join("in"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".fault"))
        .collect();
    names.sort();
    names
}

/// What `docmend convert` makes of one input on its own (in this process).
fn converted_alone(dir: &Path, name: &str) -> Value {
    let output = run(&["convert", &format!("in/{name}")], dir);
    assert!(output.status.success(), "{name}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn a_batch_with_an_aborting_a_hanging_and_an_exhausting_file_converts_every_good_file() {
    let dir = batch_folder(&["abort-allocation", "sleep", "exhaust"]);
    let started = Instant::now();
    let output = run(
        &[
            "convert",
            "in",
            "--out-dir",
            "out",
            "--timeout",
            "3",
            "--max-memory",
            "512M",
            "-j",
            "2",
        ],
        dir.path(),
    );
    let elapsed = started.elapsed();
    let err = at_the_cap(&untimed_stderr(&output));
    assert_eq!(output.status.code(), Some(1), "partial failure: {err}");

    // Each bad file named, with its cause, in input order.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "docmend: in/01_abort-allocation.fault: aborted: memory allocation of 2399999999976 bytes failed",
            "docmend: in/03_sleep.fault: killed after 3 s (the --timeout limit)",
            "docmend: in/05_exhaust.fault: stopped at the 512 MiB memory cap (--max-memory): memory allocation of N bytes failed",
            "docmend: 9 files: 6 converted, 3 failed, 0 empty, 1 with warnings",
        ],
        "{err}"
    );
    // The hanging file cost its time cap, not the batch's life.
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");

    // Every good file converted exactly as it converts on its own, and
    // nothing else is in the output folder (no temporary file, no output
    // for a failed input).
    let goods = good_inputs(dir.path());
    assert_eq!(goods.len(), FIXTURES.len());
    let mut written: Vec<String> = fs::read_dir(dir.path().join("out"))
        .expect("list the output")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = goods.iter().map(|n| format!("{n}.json")).collect();
    expected.push("docmend-manifest.jsonl".to_string());
    assert_eq!(written, expected);

    // The manifest names each bad file with the same cause.
    let manifest = fs::read_to_string(dir.path().join("out/docmend-manifest.jsonl")).expect("read");
    let failed: Vec<(String, String)> = manifest
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("a JSON line"))
        .filter(|record| record["outcome"] == "failed")
        .map(|record| {
            let text = |key: &str| record[key].as_str().expect("a string").to_string();
            (text("path"), at_the_cap(&text("reason")))
        })
        .collect();
    assert_eq!(
        failed,
        [
            (
                "in/01_abort-allocation.fault".to_string(),
                "aborted: memory allocation of 2399999999976 bytes failed".to_string()
            ),
            (
                "in/03_sleep.fault".to_string(),
                "killed after 3 s (the --timeout limit)".to_string()
            ),
            (
                "in/05_exhaust.fault".to_string(),
                "stopped at the 512 MiB memory cap (--max-memory): memory allocation of N bytes failed".to_string()
            ),
        ]
    );
    for name in &goods {
        let batch: Value = serde_json::from_slice(
            &fs::read(dir.path().join("out").join(format!("{name}.json"))).expect("read"),
        )
        .expect("JSON");
        assert_eq!(batch, converted_alone(dir.path(), name), "{name}");
    }
}

#[test]
fn a_worker_that_dies_is_replaced_for_the_next_file() {
    // One worker: every fault kills the only worker there is, and the good
    // file after each must still convert.
    let dir = batch_folder(&["stack", "exit", "panic", "abort-allocation"]);
    let output = run(
        &["convert", "in", "--jsonl", "-j", "1", "--max-memory", "1G"],
        dir.path(),
    );
    let err = untimed_stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "docmend: in/01_stack.fault: aborted: stack overflow (the input nests too deeply)",
            "docmend: in/03_exit.fault: the worker process exited with code 7",
            // A panic is contained inside the worker, which lives on.
            "docmend: in/05_panic.fault: converter fault failed unexpectedly: the fault converter panics on purpose",
            "docmend: in/07_abort-allocation.fault: aborted: memory allocation of 2399999999976 bytes failed",
            "docmend: 10 files: 6 converted, 4 failed, 0 empty, 1 with warnings",
        ],
        "{err}"
    );
    let paths: Vec<String> = String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| {
            let document: Value = serde_json::from_str(line).expect("a JSON line");
            document["source"]["path"]
                .as_str()
                .expect("path")
                .to_string()
        })
        .collect();
    let expected: Vec<String> = good_inputs(dir.path())
        .iter()
        .map(|n| format!("in/{n}"))
        .collect();
    assert_eq!(paths, expected);
}

#[test]
fn check_and_stats_name_the_bad_file_and_keep_the_others() {
    let dir = batch_folder(&["abort-allocation"]);
    let check = run(&["check", "in", "--json", "-j", "2"], dir.path());
    // 3: an input could not be converted.
    assert_eq!(check.status.code(), Some(3));
    assert!(
        stderr(&check).contains(
            "docmend: in/01_abort-allocation.fault: aborted: memory allocation of 2399999999976 bytes failed"
        ),
        "{}",
        stderr(&check)
    );
    let checked = String::from_utf8(check.stdout).expect("UTF-8");
    assert_eq!(checked.lines().count(), FIXTURES.len(), "{checked}");

    let stats = run(&["stats", "in", "--csv", "-", "-j", "2"], dir.path());
    assert_eq!(stats.status.code(), Some(1));
    assert!(stderr(&stats).contains("in/01_abort-allocation.fault: aborted"));
    let table = String::from_utf8(stats.stdout).expect("UTF-8");
    // The header and one row per good file.
    assert_eq!(table.lines().count(), 1 + FIXTURES.len(), "{table}");
    assert!(!table.contains(".fault"));
}

#[test]
fn one_input_converts_in_process_unless_a_cap_is_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("exit.fault"), "DOCMEND-FAULT exit\n").expect("write");
    // In this process the fault ends the program itself, with its own code.
    let alone = run(&["convert", "exit.fault"], dir.path());
    assert_eq!(alone.status.code(), Some(7));
    // Asking for a cap isolates it: the file fails, the program does not.
    let capped = run(&["convert", "exit.fault", "--timeout", "10s"], dir.path());
    assert_eq!(capped.status.code(), Some(1));
    assert_eq!(
        untimed_stderr(&capped),
        "docmend: exit.fault: the worker process exited with code 7\n\
         docmend: 1 file: 0 converted, 1 failed, 0 empty, 0 with warnings\n"
    );
    // Standard input goes to the worker as bytes, under the same caps.
    fs::write(dir.path().join("sleep.fault"), "DOCMEND-FAULT sleep\n").expect("write");
    let slept = docmend()
        .args(["convert", "-", "--timeout", "500ms"])
        .current_dir(dir.path())
        .stdin(fs::File::open(dir.path().join("sleep.fault")).expect("open"))
        .output()
        .expect("runs");
    assert_eq!(slept.status.code(), Some(1));
    assert_eq!(
        untimed_stderr(&slept),
        "docmend: -: killed after 500 ms (the --timeout limit)\n\
         docmend: 1 file: 0 converted, 1 failed, 0 empty, 0 with warnings\n"
    );
}

#[test]
fn in_process_and_a_cap_cannot_be_combined() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = run(
        &["convert", "x", "--in-process", "--timeout", "5"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--in-process"),
        "{}",
        stderr(&output)
    );
}
