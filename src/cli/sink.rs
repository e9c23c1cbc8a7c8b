//! Where `docmend stats` writes a table: standard output, a regular file
//! replaced atomically when the run completes, or a device or pipe written
//! as it goes.

use super::inputs;
use super::output::{self, AtomicFile, Stdout};
use super::runner::Stop;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where one output goes.
pub enum Sink {
    Stdout(Stdout),
    /// A regular file, replaced atomically when the run completes.
    File {
        name: String,
        file: AtomicFile,
    },
    /// Something that is not a regular file (`/dev/stdout`, a FIFO, a
    /// process substitution): written as it goes, since renaming over it
    /// would replace the device or pipe itself.
    Stream {
        name: String,
        out: BufWriter<File>,
    },
}

impl Sink {
    pub fn open(path: &Path) -> Result<Sink, String> {
        let name = path.to_string_lossy().into_owned();
        let cannot = |e: io::Error| format!("cannot create: {e}");
        match destination(path)? {
            Destination::Stdout => Ok(Sink::Stdout(Stdout::new())),
            Destination::Stream => {
                // Appending: reopening `/dev/stdout` of `>> all.csv` would
                // otherwise start writing over the file from its beginning.
                let file = OpenOptions::new().append(true).open(path).map_err(cannot)?;
                Ok(Sink::Stream {
                    name,
                    out: BufWriter::new(file),
                })
            }
            Destination::File(target) => {
                let file = AtomicFile::create(&target).map_err(cannot)?;
                Ok(Sink::File { name, file })
            }
        }
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        let (name, result) = match self {
            Sink::Stdout(stdout) => return stdout.write_document(bytes).map_err(Stop::stdout),
            Sink::File { name, file } => (name, file.write_all(bytes)),
            Sink::Stream { name, out } => (name, out.write_all(bytes)),
        };
        result.map_err(|e| Stop::Failed {
            name: name.clone(),
            reason: format!("cannot write: {e}"),
        })
    }

    /// Drops an unfinished file, saying so unless `stop` already named it;
    /// true for the sinks written as they go.
    pub fn abandon(self, stop: &Stop) -> bool {
        match self {
            Sink::Stdout(_) | Sink::Stream { .. } => true,
            Sink::File { name, .. } => {
                if !matches!(stop, Stop::Failed { name: failed, .. } if *failed == name) {
                    output::report(&name, "not written: the run stopped before the end");
                }
                false
            }
        }
    }

    /// Puts a file in place (flushes a stream); reports and returns false
    /// if that fails.
    pub fn finish(self) -> bool {
        match self {
            Sink::Stdout(_) => true,
            Sink::File { name, file } => report_error(&name, file.commit()),
            Sink::Stream { name, mut out } => report_error(&name, out.flush()),
        }
    }
}

/// Where an output path leads.
pub enum Destination {
    /// `-`.
    Stdout,
    /// Something that is not a regular file (`/dev/stdout`, a FIFO, a
    /// process substitution), to be written in place: renaming over it
    /// would replace the device or pipe itself, and `/dev/stdout`
    /// redirected to a file (`>> all.csv`) would lose what is already
    /// there.
    Stream,
    /// A regular file, new or to be replaced: the file itself (a symlink
    /// followed, so that the link stays a link and the file it names is the
    /// one replaced). The temporary files an interrupted run left beside it
    /// have been removed.
    File(PathBuf),
}

/// Tells where `path` leads; an error for a directory or a path that
/// cannot be looked at.
pub fn destination(path: &Path) -> Result<Destination, String> {
    if inputs::is_stdin(path) {
        return Ok(Destination::Stdout);
    }
    let cannot = |e: io::Error| format!("cannot create: {e}");
    let meta = fs::metadata(path);
    // Found now rather than when the finished file cannot be renamed.
    if meta.as_ref().is_ok_and(|m| m.is_dir()) {
        return Err("is a directory".to_string());
    }
    if names_a_descriptor(path) || meta.as_ref().is_ok_and(|m| !m.is_file()) {
        return Ok(Destination::Stream);
    }
    let target = match meta {
        Ok(_) => fs::canonicalize(path).map_err(cannot)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(cannot(e)),
    };
    super::leftovers::report_removed(&super::leftovers::sweep_file(&target));
    Ok(Destination::File(target))
}

/// Paths of devices and open descriptors (`/dev/…`, `/proc/…`), never to
/// be replaced.
fn names_a_descriptor(path: &Path) -> bool {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute.starts_with("/dev") || absolute.starts_with("/proc")
}

fn report_error(name: &str, result: io::Result<()>) -> bool {
    match result {
        Ok(()) => true,
        Err(e) => {
            output::report(name, &format!("cannot write: {e}"));
            false
        }
    }
}
