//! The manifest of a `convert --out-dir` run: one JSON Lines record per
//! input (path, sha256, outcome, reason, output), in input order, written
//! atomically as `docmend-manifest.jsonl` beside the outputs when the run
//! ends. While the run goes on, each record is also appended to a hidden
//! journal, `.docmend-journal.jsonl`, so that a run killed halfway leaves
//! what it finished on record; `--resume` reads both and converts only
//! what is missing or changed.

use super::output::AtomicFile;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "docmend-manifest.jsonl";
/// The journal's file name in the output folder.
const JOURNAL: &str = ".docmend-journal.jsonl";

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Converted and written.
    Converted,
    /// Converted and written, but the document holds no text (a scanned
    /// PDF, an empty file).
    Empty,
    /// Not converted: why is in `reason`.
    Failed,
    /// `--resume`: the output of an earlier run is current (same input,
    /// same docmend version, same settings); not converted again.
    Unchanged,
}

/// One input's line in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub path: String,
    /// The input's SHA-256; null when the input could not be read.
    pub sha256: Option<String>,
    pub outcome: Outcome,
    /// Why it failed, or why it is empty.
    pub reason: Option<String>,
    /// The output file written (or kept), relative to the working folder
    /// as the run named it.
    pub output: Option<String>,
    pub docmend_version: String,
    /// A fingerprint of the options that shape the output (`--to`,
    /// `--pretty`, `--markers`, `--format`, the passes, the limits):
    /// `--resume` converts again when they differ.
    pub settings: String,
}

impl Record {
    /// Whether this record's output can stand for `sha256` now.
    pub fn is_current(&self, sha256: &str, settings: &str) -> bool {
        matches!(
            self.outcome,
            Outcome::Converted | Outcome::Empty | Outcome::Unchanged
        ) && self.sha256.as_deref() == Some(sha256)
            && self.docmend_version == docmend::pipeline::VERSION
            && self.settings == settings
    }
}

/// The records of earlier runs into `dir`, by output path: the last
/// complete manifest, overridden by the journal of a run that did not end.
/// Lines that do not parse (one cut short by a kill) are ignored.
pub fn previous(dir: &Path) -> HashMap<String, Record> {
    let mut records = HashMap::new();
    for name in [MANIFEST, JOURNAL] {
        let Ok(file) = File::open(dir.join(name)) else {
            continue;
        };
        for line in BufReader::new(file).lines() {
            let Ok(line) = line else { break };
            if let Ok(record) = serde_json::from_str::<Record>(&line)
                && let Some(output) = record.output.clone()
            {
                records.insert(output, record);
            }
        }
    }
    records
}

/// The records of the run going on.
pub struct Manifest {
    dir: PathBuf,
    journal: Option<File>,
    records: Vec<Record>,
}

impl Manifest {
    /// Starts the journal of a run into `dir` (replacing one a killed run
    /// left, whose records [`previous`] has already read).
    pub fn start(dir: &Path) -> io::Result<Manifest> {
        let journal = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(dir.join(JOURNAL))?;
        Ok(Manifest {
            dir: dir.to_path_buf(),
            journal: Some(journal),
            records: Vec::new(),
        })
    }

    /// Adds a record, in input order, and appends it to the journal.
    pub fn add(&mut self, record: Record) -> io::Result<()> {
        if let Some(journal) = self.journal.as_mut() {
            let mut line = serde_json::to_vec(&record).map_err(io::Error::other)?;
            line.push(b'\n');
            // One write per record: a kill cuts at most the last line.
            journal.write_all(&line)?;
        }
        self.records.push(record);
        Ok(())
    }

    /// Writes the manifest atomically and removes the journal.
    pub fn finish(mut self) -> io::Result<PathBuf> {
        let path = self.dir.join(MANIFEST);
        let mut file = AtomicFile::create(&path)?;
        for record in &self.records {
            serde_json::to_writer(&mut file, record).map_err(io::Error::other)?;
            file.write_all(b"\n")?;
        }
        file.commit()?;
        drop(self.journal.take());
        fs::remove_file(self.dir.join(JOURNAL))?;
        Ok(path)
    }
}
