//! `docmend check --html DIR`: an audit page per report and an index; the
//! cells of failed checks are marked, checked in the page itself and in
//! what a browser draws of it (a screenshot by headless Chromium).

#![cfg(feature = "text")]

mod common;

use common::docmend;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/text")
}

/// Checks seeds 000 (every check passes) and 003 (two fail) into `dir/audit`.
fn audit(dir: &Path) -> std::process::Output {
    docmend()
        .args([
            "check",
            "000_9cf56e95910a791d.txt",
            "003_b40d9c03878ac230.txt",
            "--html",
        ])
        .arg(dir.join("audit"))
        .arg("-q")
        .current_dir(seeds())
        .output()
        .expect("docmend runs")
}

#[test]
fn pages_mark_the_cells_of_failed_checks_and_an_index_links_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = audit(dir.path());
    // Seed 003's checks fail, and every input converted.
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |name: &str| fs::read_to_string(dir.path().join("audit").join(name)).expect(name);
    let index = read("index.html");
    assert!(
        index.contains("<a href=\"003_b40d9c03878ac230.txt.html\">003_b40d9c03878ac230.txt</a>")
    );
    assert!(
        index.contains("<tr class=\"failed\"><td><a href=\"003"),
        "{index}"
    );

    let failing = read("003_b40d9c03878ac230.txt.html");
    // Two failed checks: result_sum over the total column (the result rows
    // and (七)总计: 27 cells) and row_sum over (二)部分公开 (its seven
    // cells), sharing (二)部分公开's total.
    assert!(failing.contains("applications.result_sum</code> (column total)"));
    assert!(failing.contains("applications.row_sum</code> (row result.partially_disclosed)"));
    let marked = failing.matches("class=\"failed\" title=").count();
    assert!(marked >= 20, "{marked} cells marked");
    assert!(
        failing.contains("<sup class=\"check\">1</sup><sup class=\"check\">2</sup>"),
        "the shared cell carries both"
    );
    assert!(
        failing.contains("but (七)总计 says 8"),
        "the arithmetic written out"
    );

    let passing = read("000_9cf56e95910a791d.txt.html");
    assert!(!passing.contains("class=\"failed\""));
    assert!(passing.contains("class=\"checked\""));
}

/// The pixels of exactly this colour in a PNG.
fn pixels_of(png: &Path, colour: [u8; 3]) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(png).expect("open")));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    buffer[..info.buffer_size()]
        .chunks(channels)
        .filter(|p| p[..3] == colour)
        .count()
}

fn screenshot(page: &Path, png: &Path, profile: &Path) {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok())
        .expect("this test needs Chromium: apt-get install chromium (.ci/run installs it)");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1400,2600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
#[ignore = "needs Chromium: apt-get install chromium; .ci/run installs it and runs this"]
fn a_browser_draws_the_failed_cells_marked() {
    let dir = tempfile::tempdir().expect("temp dir");
    audit(dir.path());
    let pages = dir.path().join("audit");
    let failing = dir.path().join("003.png");
    let passing = dir.path().join("000.png");
    screenshot(
        &pages.join("003_b40d9c03878ac230.txt.html"),
        &failing,
        &dir.path().join("p1"),
    );
    screenshot(
        &pages.join("000_9cf56e95910a791d.txt.html"),
        &passing,
        &dir.path().join("p2"),
    );
    // The mark is a 3-pixel outline of one exact colour, #d00000: many
    // pixels of it where checks failed, none where every check passed.
    let red = [0xd0, 0x00, 0x00];
    let on_failing = pixels_of(&failing, red);
    assert!(on_failing > 2000, "{on_failing} marked pixels");
    assert_eq!(pixels_of(&passing, red), 0);
}
