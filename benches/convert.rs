//! In-process conversion time of the seed fixtures, without Criterion.
//!
//! For each `fixtures/text/*.txt` seed, and seed 003's report as DOCX,
//! XLSX, XLS, HTML and PDF (and its application table as CSV): warm up, then convert it N times
//! (`DOCMEND_BENCH_ITERS`, default 1000; a file whose runs would take more
//! than [`MAX_SECONDS`] stops early, after at least [`MIN_ITERS`] runs),
//! timing every run, and print the number of runs, the median and 90th
//! percentile in microseconds and the throughput in MB/s (decimal megabytes
//! of input per second at the median). Two columns are
//! measured: `convert_bytes` alone (sniff, decode, convert, cleanup,
//! headings, repair) and `convert_bytes` plus compact JSON encoding, which
//! is the per-file work the CLI does besides reading and writing files.
//!
//! Run with `cargo bench --bench convert` (or `bench/run.sh`). Timings are
//! printed, never asserted.

use docmend::{Options, Registry};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const DEFAULT_ITERS: usize = 1000;
const MIN_ITERS: usize = 30;
const MAX_SECONDS: u64 = 5;
const WARMUP: Duration = Duration::from_millis(300);

/// The same annual report (seed 003) in the other formats, where the
/// build has their fixtures.
const REPORT_IN_OTHER_FORMATS: [&str; 8] = [
    "fixtures/docx/annual_report_003.docx",
    "fixtures/spreadsheet/annual_report_003.xlsx",
    "fixtures/spreadsheet/annual_report_003.xls",
    "fixtures/html/word_export_003.html",
    "fixtures/html/site_chrome_003.html",
    "fixtures/pdf/annual_report_003.pdf",
    "fixtures/pdf/libreoffice/annual_report_003.pdf",
    "fixtures/csv/annual_report_003.csv",
];

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut files = text_seeds();
    for path in REPORT_IN_OTHER_FORMATS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if let Ok(bytes) = std::fs::read(&path) {
            files.push((
                // The LibreOffice print of the report shares its name.
                match path.parent().and_then(|d| d.file_name()) {
                    Some(d) if d == "libreoffice" => format!(
                        "libreoffice/{}",
                        path.file_name().unwrap().to_string_lossy()
                    ),
                    _ => path.file_name().unwrap().to_string_lossy().into_owned(),
                },
                bytes,
            ));
        }
    }
    files
}

fn text_seeds() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).expect("seed readable");
            (name, bytes)
        })
        .collect()
}

/// Times `run` up to `iters` times after a warm-up; returns the sorted
/// durations.
fn measure(iters: usize, mut run: impl FnMut()) -> Vec<Duration> {
    let warm_until = Instant::now() + WARMUP;
    while Instant::now() < warm_until {
        run();
    }
    let stop_after = Instant::now() + Duration::from_secs(MAX_SECONDS);
    let mut times = Vec::with_capacity(iters);
    for _ in 0..iters {
        let start = Instant::now();
        run();
        times.push(start.elapsed());
        if times.len() >= MIN_ITERS && Instant::now() > stop_after {
            break;
        }
    }
    times.sort();
    times
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let iters = std::env::var("DOCMEND_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(DEFAULT_ITERS);
    let registry = Registry::default();
    let options = Options::default();
    let seeds = seeds();
    assert!(!seeds.is_empty(), "no seeds under fixtures/text");

    println!(
        "docmend in-process conversion: up to {iters} runs per file (at most {MAX_SECONDS} s each) after {} ms warm-up",
        WARMUP.as_millis()
    );
    println!(
        "{:<28} {:>7} {:>6} {:>11} {:>9} {:>7} {:>15}",
        "file", "bytes", "runs", "median µs", "p90 µs", "MB/s", "+JSON median µs"
    );
    let (mut total_bytes, mut total_median, mut total_json) = (0usize, 0.0f64, 0.0f64);
    for (name, bytes) in &seeds {
        let convert = || {
            black_box(
                docmend::convert_bytes(&registry, black_box(bytes), name, &options)
                    .expect("seed converts"),
            )
        };
        let times = measure(iters, || {
            convert();
        });
        let with_json = measure(iters, || {
            let document = convert();
            black_box(serde_json::to_vec(&document).expect("encodes"));
        });
        let median = micros(percentile(&times, 0.5));
        let p90 = micros(percentile(&times, 0.9));
        let json_median = micros(percentile(&with_json, 0.5));
        let mb_per_s = bytes.len() as f64 / median; // bytes per µs = MB/s
        println!(
            "{:<28} {:>7} {:>6} {:>11.1} {:>9.1} {:>7.2} {:>15.1}",
            name,
            bytes.len(),
            times.len(),
            median,
            p90,
            mb_per_s,
            json_median
        );
        total_bytes += bytes.len();
        total_median += median;
        total_json += json_median;
    }
    let n = seeds.len() as f64;
    println!(
        "{:<28} {:>7} {:>6} {:>11.1} {:>9} {:>7.2} {:>15.1}",
        "mean per file",
        total_bytes / seeds.len(),
        "",
        total_median / n,
        "",
        total_bytes as f64 / total_median,
        total_json / n
    );
}
