//! Expands the INPUT arguments of `docmend convert` into the list of things
//! to convert, and reads one of them (on the worker that converts it).
//!
//! Expanding only lists names; no file is opened here, so that reading
//! happens in parallel and memory holds at most the files being converted.
//! Problems found while listing (a directory that cannot be read, a socket
//! inside a tree) become [`Entry::Failed`] in input order, so they are
//! reported where the file would have been and the rest of the batch goes on.

use docmend::Error;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One item of the batch, in output order.
pub enum Entry {
    Input(Input),
    /// Listed but known to fail before reading; `name` is what to report.
    Failed {
        name: String,
        reason: String,
    },
}

impl Entry {
    /// The name used in messages and recorded as `source.path`.
    pub fn name(&self) -> &str {
        match self {
            Entry::Input(input) => &input.name,
            Entry::Failed { name, .. } => name,
        }
    }
}

pub struct Input {
    pub source: Source,
    /// The path as given (or found under a directory argument); `-` for stdin.
    pub name: String,
    /// Where the JSON goes under `--out-dir`, relative to it: the subfolders
    /// below the directory argument plus `<file name>.json`.
    pub out_relative: PathBuf,
    /// The full output path, once `--out-dir` planning has assigned it.
    pub out_path: Option<PathBuf>,
}

pub enum Source {
    Stdin,
    File(PathBuf),
}

/// The result of expanding the arguments.
pub struct Expanded {
    pub entries: Vec<Entry>,
    /// Directory arguments that held no file at all, worth a warning.
    pub empty_dirs: Vec<String>,
}

pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Expands the arguments in order. Directories are walked depth-first with
/// the entries of each directory sorted by name. `skip_dir` (the output
/// directory) is never descended into, so a re-run does not convert its own
/// earlier output.
pub fn expand(arguments: &[PathBuf], skip_dir: Option<&Path>) -> Expanded {
    let skip_dir = skip_dir.and_then(|dir| fs::canonicalize(dir).ok());
    let mut expanded = Expanded {
        entries: Vec::new(),
        empty_dirs: Vec::new(),
    };
    for argument in arguments {
        if is_stdin(argument) {
            expanded.entries.push(Entry::Input(Input {
                source: Source::Stdin,
                name: "-".to_string(),
                out_relative: PathBuf::from("stdin.json"),
                out_path: None,
            }));
            continue;
        }
        // Anything that is not a directory (a missing file included) is
        // handed to a worker, whose read reports the precise reason.
        let is_dir = fs::metadata(argument).is_ok_and(|m| m.is_dir());
        if !is_dir {
            let file_name = argument
                .file_name()
                .map_or_else(|| OsString::from("input"), OsString::from);
            expanded.entries.push(file_entry(
                argument.clone(),
                PathBuf::from(json_name(file_name)),
            ));
            continue;
        }
        let before = expanded.entries.len();
        let mut walk = Walk {
            root: argument,
            skip_dir: skip_dir.as_deref(),
            ancestors: Vec::new(),
            entries: &mut expanded.entries,
        };
        walk.directory(argument, Path::new(""));
        if expanded.entries.len() == before {
            expanded
                .empty_dirs
                .push(argument.to_string_lossy().into_owned());
        }
    }
    expanded
}

fn file_entry(path: PathBuf, out_relative: PathBuf) -> Entry {
    Entry::Input(Input {
        name: path.to_string_lossy().into_owned(),
        source: Source::File(path),
        out_relative,
        out_path: None,
    })
}

/// `a.txt` → `a.txt.json`: keeping the whole name means `a.txt` and `a.html`
/// in one folder cannot write the same output.
fn json_name(mut file_name: OsString) -> OsString {
    file_name.push(".json");
    file_name
}

struct Walk<'a> {
    root: &'a Path,
    skip_dir: Option<&'a Path>,
    /// Canonical paths of the directories being walked, to stop a symlink
    /// that points back up the tree from looping forever.
    ancestors: Vec<PathBuf>,
    entries: &'a mut Vec<Entry>,
}

impl Walk<'_> {
    fn directory(&mut self, dir: &Path, relative: &Path) {
        let canonical = fs::canonicalize(dir).ok();
        if let Some(canonical) = &canonical {
            if self.ancestors.contains(canonical) {
                self.fail(
                    dir,
                    "directory loop (a symlink points back to a parent); skipped",
                );
                return;
            }
            if self.skip_dir == Some(canonical.as_path()) && dir != self.root {
                return;
            }
        }
        let listing = match fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) => return self.fail(dir, &format!("cannot list directory: {e}")),
        };
        let mut children = Vec::new();
        for child in listing {
            match child {
                Ok(child) => children.push(child),
                Err(e) => return self.fail(dir, &format!("cannot list directory: {e}")),
            }
        }
        children.sort_by_key(|child| child.file_name());

        let pushed = canonical.is_some();
        self.ancestors.extend(canonical);
        for child in children {
            let name = child.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = child.path();
            let child_relative = relative.join(&name);
            let file_type = match child.file_type() {
                Ok(file_type) => file_type,
                Err(e) => {
                    self.fail(&path, &Error::Io(e).to_string());
                    continue;
                }
            };
            // Follow symlinks to see what they name; a dangling one is kept as
            // a file so that its read error is reported under its own name.
            let target_is_dir = if file_type.is_symlink() {
                fs::metadata(&path).ok().map(|m| m.file_type())
            } else {
                Some(file_type)
            };
            match target_is_dir {
                Some(t) if t.is_dir() => self.directory(&path, &child_relative),
                Some(t) if !t.is_file() => self.fail(
                    &path,
                    "not a regular file (device, FIFO or socket); skipped",
                ),
                _ => {
                    let out = child_relative.with_file_name(json_name(name));
                    self.entries.push(file_entry(path, out));
                }
            }
        }
        if pushed {
            self.ancestors.pop();
        }
    }

    fn fail(&mut self, path: &Path, reason: &str) {
        self.entries.push(Entry::Failed {
            name: path.to_string_lossy().into_owned(),
            reason: reason.to_string(),
        });
    }
}

impl Source {
    /// Reads the whole input, refusing anything over `limit` bytes
    /// before reading it where the size is known, and while reading where
    /// it is not (standard input, pipes, files that grow).
    pub fn read(&self, limit: u64) -> Result<Vec<u8>, String> {
        match self {
            Source::Stdin => read_limited(io::stdin().lock(), 0, limit),
            Source::File(path) => {
                let file = File::open(path).map_err(|e| Error::Io(e).to_string())?;
                let metadata = file.metadata().map_err(|e| Error::Io(e).to_string())?;
                if metadata.is_dir() {
                    return Err("is a directory".to_string());
                }
                let size = metadata.len();
                if metadata.is_file() && size > limit {
                    return Err(Error::TooLarge { size, limit }.to_string());
                }
                read_limited(file, size, limit)
            }
        }
    }
}

fn read_limited(reader: impl Read, size_hint: u64, limit: u64) -> Result<Vec<u8>, String> {
    let capacity = usize::try_from(size_hint.min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    // One byte over the limit is enough to know the input is too large.
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Io(e).to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("input exceeds the limit of {limit} bytes"));
    }
    Ok(bytes)
}
