//! The peak-memory measurement the hostile-input tests rely on: it measures
//! the child it ran, and it grows with what the child holds.

#![cfg(feature = "text")]

mod common;

use common::{docmend, run_measured};
use std::io::Write;

#[test]
#[cfg(all(target_os = "linux", feature = "text"))]
fn measures_the_child_it_ran() {
    let small = run_measured(docmend().arg("formats"));
    assert!(small.output.status.success());
    let small_peak = small.peak_bytes.expect("Linux reports ru_maxrss");
    assert!(
        String::from_utf8_lossy(&small.output.stdout).contains("Converters in this build"),
        "the output is captured"
    );

    // A 16 MiB text input must be read whole, so the converting process
    // holds at least that much at its peak: the measurement sees it.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let line = "一段普通的文字，没有表格。\n".repeat(64);
    while file.get_ref().metadata().expect("metadata").len() < 16 << 20 {
        file.write_all(line.as_bytes()).expect("write");
        file.flush().expect("flush");
    }
    drop(file);
    let big = run_measured(docmend().arg("convert").arg(&path).arg("--no-profile"));
    assert!(big.output.status.success(), "{:?}", big.output);
    let big_peak = big.peak_bytes.expect("Linux reports ru_maxrss");
    assert!(big_peak >= 16 << 20, "peak {big_peak} bytes");
    assert!(small_peak < big_peak / 2, "{small_peak} vs {big_peak}");
}
