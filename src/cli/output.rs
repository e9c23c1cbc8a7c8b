//! Where results go: JSON on standard output (one object per document,
//! each followed by a newline, which makes several documents JSON Lines),
//! `.json` files under `--out-dir`, and messages on standard error.
//!
//! A closed standard output (`docmend convert … | head -1`) is reported to
//! the caller as `BrokenPipe` rather than panicking, so the batch can stop
//! quietly; messages on standard error ignore write failures for the same
//! reason.

use super::inputs::Entry;
use docmend::Document;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub enum Style {
    /// One line per document.
    Compact,
    /// Indented; documents follow one another, each ending in a newline.
    Pretty,
}

/// Encodes a document followed by a newline. Done on the worker, so that
/// the ordered writer only copies bytes.
pub fn encode(document: &Document, style: Style) -> serde_json::Result<Vec<u8>> {
    let mut json = match style {
        Style::Compact => serde_json::to_vec(document)?,
        Style::Pretty => serde_json::to_vec_pretty(document)?,
    };
    json.push(b'\n');
    Ok(json)
}

/// Standard output, locked once for the whole run.
pub struct Stdout {
    out: BufWriter<StdoutLock<'static>>,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            out: BufWriter::new(io::stdout().lock()),
        }
    }

    /// Writes one encoded document and flushes it, so a reader of the
    /// stream sees each document as soon as it is complete; the buffer
    /// still turns a document into few large writes.
    pub fn write_document(&mut self, json: &[u8]) -> io::Result<()> {
        self.out.write_all(json)?;
        self.out.flush()
    }
}

/// Prints a whole text (the `formats` listing, the schema) and returns the
/// exit code: success also when the reader closed the pipe early.
pub fn print_text(text: &str) -> ExitCode {
    let mut out = BufWriter::new(io::stdout().lock());
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            message(&format!("cannot write to standard output: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// `docmend: <name>: <reason>` on standard error.
pub fn report(name: &str, reason: &str) {
    message(&format!("{name}: {reason}"));
}

/// `docmend: <text>` on standard error. `eprintln!` would panic when
/// standard error is a closed pipe; a message that cannot be shown is lost.
pub fn message(text: &str) {
    let _ = writeln!(io::stderr().lock(), "docmend: {text}");
}

/// Gives every input its path under `dir`. Two inputs that would write the
/// same file (`x/a.txt` and `y/a.txt` given directly, or the same relative
/// path under two directory arguments) must not overwrite each other: the
/// later one fails, naming the earlier one, and is not converted.
pub fn assign_out_paths(entries: &mut [Entry], dir: &Path, extension: &str) {
    let mut taken: HashMap<PathBuf, String> = HashMap::new();
    for entry in entries.iter_mut() {
        let Entry::Input(input) = entry else { continue };
        // `out_relative` ends in `.json`; other outputs change only that.
        let path = dir.join(input.out_relative.with_extension(extension));
        // The same input given twice writes the same bytes twice, each
        // atomically; only different inputs sharing a name would lose one.
        if let Some(first) = taken.get(&path).filter(|first| **first != input.name) {
            let reason = format!(
                "output {} is already written for {first}; not overwriting it",
                path.display()
            );
            *entry = Entry::Failed {
                name: input.name.clone(),
                reason,
            };
            continue;
        }
        taken.insert(path.clone(), input.name.clone());
        input.out_path = Some(path);
    }
}

/// Distinguishes temporary names made by the threads of one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Creates a new, empty file under a hidden temporary name next to `path`
/// (`.<file>.docmend-<pid>-<n>.tmp`, see [`super::leftovers`]), creating
/// missing parent folders; returns its path and the open file.
pub fn create_temporary(path: &Path) -> io::Result<(PathBuf, File)> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent)?;
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    loop {
        let temp_name = super::leftovers::temporary_name(
            file_name,
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed),
        );
        let temp_path = parent.join(temp_name);
        // `create_new` never follows or truncates something already there
        // (a leftover of a crashed run with the same process id).
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
        {
            Ok(file) => return Ok((temp_path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// A file written under a hidden temporary name next to its destination and
/// renamed over it by [`AtomicFile::commit`]. The rename is atomic within a
/// directory, so an interrupted run leaves either the old file or the
/// complete new one, never a half-written one. Dropped without a commit
/// (an error, a stopped batch), the temporary file is removed; one left by
/// a killed run is removed by the next run into the same place
/// ([`super::leftovers`]). Missing parent folders are created.
pub struct AtomicFile {
    path: PathBuf,
    temp_path: PathBuf,
    /// `None` only once committed or being dropped.
    out: Option<BufWriter<File>>,
    committed: bool,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let (temp_path, file) = create_temporary(path)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp_path,
            out: Some(BufWriter::new(file)),
            committed: false,
        })
    }

    /// Flushes everything written and renames the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        let out = self.out.take().ok_or_else(closed)?;
        // Close the file before renaming it; `into_inner` flushes.
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        drop(file);
        // On failure `drop(self)` removes the temporary file.
        fs::rename(&self.temp_path, &self.path)?;
        self.committed = true;
        Ok(())
    }

    fn out(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.out.as_mut().ok_or_else(closed)
    }
}

fn closed() -> io::Error {
    io::Error::other("the file is already closed")
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Close before removing: some systems refuse to delete open files.
        drop(self.out.take());
        if !self.committed {
            // Best effort: the error that stopped the write is the one
            // worth reporting.
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list the directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        fs::write(&path, b"old content").expect("write");
        let mut file = AtomicFile::create(&path).expect("create");
        file.write_all(b"new").expect("write");
        // Until the commit, the old content is what a reader sees.
        assert_eq!(fs::read(&path).expect("read"), b"old content");
        file.commit().expect("commit");
        assert_eq!(fs::read(&path).expect("read"), b"new");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn dropping_without_commit_keeps_the_old_file_and_removes_the_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        fs::write(&path, b"old content").expect("write");
        let mut file = AtomicFile::create(&path).expect("create");
        file.write_all(b"half a ro").expect("write");
        drop(file);
        assert_eq!(fs::read(&path).expect("read"), b"old content");
        assert_eq!(names(dir.path()), ["out.csv"]);

        let fresh = dir.path().join("sub/fresh.csv");
        drop(AtomicFile::create(&fresh).expect("create with parents"));
        assert!(!fresh.exists());
        assert!(names(&dir.path().join("sub")).is_empty());
    }
}
