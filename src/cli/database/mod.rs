//! `docmend stats --sqlite FILE`: the corpus as a SQLite database (tables
//! in [`schema`], rows in [`rows`]).
//!
//! The database is built under a hidden temporary name next to FILE (the
//! name [`crate::output::create_temporary`] gives every output) and renamed
//! over FILE when the batch completes, so an interrupted run leaves FILE
//! as it was; a temporary file of a killed run is removed by the next run
//! ([`crate::leftovers`]). Rows go in as results arrive, in one
//! transaction: SQLite keeps a bounded page cache and writes the rest to
//! the file, so memory stays flat however many files a run reads. The
//! file is private to this run until the rename, so it is written without
//! a rollback journal and without waiting for the disk.

mod rows;
pub mod schema;

use super::output;
use super::runner::Stop;
use super::sink::{self, Destination};
use super::summary::Summary;
use docmend::corpus::years::Survey;
use rusqlite::{Connection, OpenFlags, params};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A corpus database being written.
pub struct Database {
    /// FILE as given, for messages.
    name: String,
    /// The file renamed over at the end (a symlink followed).
    target: PathBuf,
    temp: PathBuf,
    /// `None` once closed.
    connection: Option<Connection>,
    committed: bool,
    /// The number of the next input, in input order from 1: the `id` of
    /// its `reports` or `failures` row.
    next_id: i64,
    /// With `--across-years`: the `reports.id` of each path, to link the
    /// findings to their reports.
    ids: Option<HashMap<String, i64>>,
}

impl Database {
    /// Starts the database for FILE (`path`), its tables empty;
    /// `across_years` says whether the year-against-year tables will be
    /// filled (`meta.across_years`).
    pub fn open(path: &Path, across_years: bool) -> Result<Database, String> {
        let name = path.to_string_lossy().into_owned();
        let target = match sink::destination(path)? {
            Destination::File(target) => target,
            Destination::Stdout => {
                return Err("a database cannot be written to standard output".to_string());
            }
            Destination::Stream => {
                return Err(
                    "not a regular file: a database is written under a temporary \
                            name and renamed into place"
                        .to_string(),
                );
            }
        };
        let (temp, file) =
            output::create_temporary(&target).map_err(|e| format!("cannot create: {e}"))?;
        // SQLite takes an empty file for an empty database.
        drop(file);
        let mut database = Database {
            name,
            target,
            temp,
            connection: None,
            committed: false,
            next_id: 1,
            ids: across_years.then(HashMap::new),
        };
        let connection = start(&database.temp, across_years)
            .map_err(|e| format!("cannot create the database: {e}"))?;
        database.connection = Some(connection);
        Ok(database)
    }

    /// Adds a converted input.
    pub fn add_summary(&mut self, summary: &Summary) -> Result<(), Stop> {
        let id = self.take_id();
        if let Some(ids) = &mut self.ids {
            ids.insert(summary.path.clone(), id);
        }
        self.write(|db| rows::add_summary(db, id, summary))
    }

    /// Adds an input that could not be read or converted.
    pub fn add_failure(&mut self, path: &str, reason: &str) -> Result<(), Stop> {
        let id = self.take_id();
        self.write(|db| rows::add_failure(db, id, path, reason))
    }

    /// Adds the year-against-year groups and findings.
    pub fn add_survey(&mut self, survey: &Survey) -> Result<(), Stop> {
        let ids = self.ids.take().unwrap_or_default();
        self.write(|db| rows::add_survey(db, survey, &ids))
    }

    fn take_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Runs `add` on the open database; a failure stops the batch.
    fn write(&self, add: impl FnOnce(&Connection) -> rusqlite::Result<()>) -> Result<(), Stop> {
        let result = match &self.connection {
            Some(db) => add(db).map_err(|e| e.to_string()),
            None => Err("the database is already closed".to_string()),
        };
        result.map_err(|reason| Stop::Failed {
            name: self.name.clone(),
            reason: format!("cannot write the database: {reason}"),
        })
    }

    /// Makes the indexes, commits, closes the file and renames it over
    /// FILE; reports and returns false if any of that fails.
    pub fn finish(self) -> bool {
        match self.complete() {
            Ok(()) => true,
            Err((name, reason)) => {
                output::report(&name, &reason);
                false
            }
        }
    }

    /// As [`Database::finish`], but returns what failed, with FILE as
    /// given, instead of reporting it.
    pub fn complete(mut self) -> Result<(), (String, String)> {
        self.commit().map_err(|reason| (self.name.clone(), reason))
    }

    fn commit(&mut self) -> Result<(), String> {
        let db = self
            .connection
            .take()
            .ok_or_else(|| "the database is already closed".to_string())?;
        let cannot = |e: rusqlite::Error| format!("cannot write the database: {e}");
        db.execute_batch(schema::INDEXES).map_err(cannot)?;
        db.execute_batch("COMMIT").map_err(cannot)?;
        db.close().map_err(|(_, e)| cannot(e))?;
        fs::rename(&self.temp, &self.target).map_err(|e| format!("cannot write: {e}"))?;
        self.committed = true;
        Ok(())
    }

    /// Drops the unfinished database, saying so unless `stop` already
    /// named it; always false (FILE is not written).
    pub fn abandon(self, stop: &Stop) -> bool {
        if !matches!(stop, Stop::Failed { name, .. } if *name == self.name) {
            output::report(&self.name, "not written: the run stopped before the end");
        }
        false
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // Close before removing: some systems refuse to delete open files.
        drop(self.connection.take());
        if !self.committed {
            // Best effort: the error that stopped the run is the one worth
            // reporting.
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Opens the empty temporary file as a database: its tables, its `meta`
/// rows, and the transaction that every row goes into.
fn start(path: &Path, across_years: bool) -> rusqlite::Result<Connection> {
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // No journal and no syncing: until the rename, nobody else reads the
    // file, and an interrupted run throws it away. A page cache of 16 MiB
    // at most (negative: in KiB).
    db.execute_batch(
        "PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA cache_size = -16384;
         BEGIN;",
    )?;
    db.execute_batch(schema::TABLES)?;
    let meta = [
        ("schema_version", schema::SCHEMA_VERSION),
        ("docmend_version", docmend::pipeline::VERSION),
        ("profile_version", docmend::profile::VERSION),
        ("across_years", if across_years { "true" } else { "false" }),
    ];
    let mut insert = db.prepare("INSERT INTO meta (name, value) VALUES (?1, ?2)")?;
    for (name, value) in meta {
        insert.execute(params![name, value])?;
    }
    drop(insert);
    Ok(db)
}
