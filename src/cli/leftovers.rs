//! Removes the temporary files that an interrupted run left behind.
//!
//! Outputs are written under a hidden temporary name beside their
//! destination and renamed into place ([`crate::output::AtomicFile`]). A
//! run killed outright (SIGKILL, a power cut) cannot remove its temporary
//! files, so the next run into the same place does: every name of the form
//! `.<file>.docmend-<pid>-<n>.tmp` whose process no longer runs. A file of
//! a run still going (another `docmend` writing into the same folder) is
//! left alone, and so is anything that merely looks similar.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The part of a temporary name that marks it as docmend's.
const MARK: &str = ".docmend-";

/// Where `/proc` cannot tell whether a process runs, how old a temporary
/// file must be before it counts as left behind.
const ABANDONED_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The temporary name of `file_name` for this process's `n`-th file.
pub fn temporary_name(file_name: &std::ffi::OsStr, n: u64) -> std::ffi::OsString {
    let mut name = std::ffi::OsString::from(".");
    name.push(file_name);
    name.push(format!("{MARK}{}-{n}.tmp", std::process::id()));
    name
}

/// Removes the leftovers under `dir` and its subfolders (an output folder
/// mirrors its inputs' folders); returns what was removed.
pub fn sweep_tree(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() && is_left_behind(&entry.path()) {
                remove(entry.path(), &mut removed);
            }
        }
    }
    removed.sort();
    removed
}

/// Removes the leftovers of one output file (`stats --csv FILE`): the
/// temporary files beside it that carry its name.
pub fn sweep_file(path: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let (Some(file_name), Some(parent)) = (path.file_name(), path.parent()) else {
        return removed;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}{MARK}", file_name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(&prefix)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && is_left_behind(&entry.path())
        {
            remove(entry.path(), &mut removed);
        }
    }
    removed.sort();
    removed
}

fn remove(path: PathBuf, removed: &mut Vec<PathBuf>) {
    // Another run may sweep the same file at the same moment.
    if fs::remove_file(&path).is_ok() {
        removed.push(path);
    }
}

/// Whether `path` is a temporary file of a docmend run that has ended.
fn is_left_behind(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(pid) = writer_of(name) else {
        return false;
    };
    match process_runs(pid) {
        Some(runs) => !runs,
        None => fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > ABANDONED_AFTER),
    }
}

/// The process id in a temporary name `.<file>.docmend-<pid>-<n>.tmp`.
fn writer_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let at = rest.rfind(MARK)?;
    // A file name before the mark.
    if at == 0 {
        return None;
    }
    let (pid, n) = rest[at + MARK.len()..].split_once('-')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` runs; `None` where the system cannot say.
fn process_runs(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(pid == std::process::id() || proc.join(pid.to_string()).exists())
}

/// Says which temporary files of an interrupted run were removed.
pub fn report_removed(removed: &[PathBuf]) {
    for path in removed {
        super::output::report(
            &path.to_string_lossy(),
            "removed: a temporary file left by an interrupted run",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_writer_from_a_temporary_name_only() {
        assert_eq!(writer_of(".a.txt.json.docmend-123-4.tmp"), Some(123));
        assert_eq!(writer_of(".报告.json.docmend-9-0.tmp"), Some(9));
        assert_eq!(writer_of("a.txt.json.docmend-123-4.tmp"), None);
        assert_eq!(writer_of(".docmend-123-4.tmp"), None);
        assert_eq!(writer_of(".a.json.docmend-123-.tmp"), None);
        assert_eq!(writer_of(".a.json.docmend-x-1.tmp"), None);
        assert_eq!(writer_of(".a.json.123.4.tmp"), None);
        let name = temporary_name(std::ffi::OsStr::new("a.csv"), 5);
        assert_eq!(writer_of(&name.to_string_lossy()), Some(std::process::id()));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn removes_what_ended_runs_left_and_keeps_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).expect("mkdir");
        // A process id that is not running: past the kernel's largest.
        let dead = ".a.txt.json.docmend-4194305-0.tmp";
        fs::write(dir.path().join(dead), "half").expect("write");
        fs::write(sub.join(".b.txt.json.docmend-4194305-7.tmp"), "half").expect("write");
        // This process runs: its file is being written.
        let live = temporary_name(std::ffi::OsStr::new("c.txt.json"), 1);
        fs::write(dir.path().join(&live), "in progress").expect("write");
        // Not docmend's.
        fs::write(dir.path().join(".notes.tmp"), "mine").expect("write");
        fs::write(dir.path().join("a.txt.json"), "{}").expect("write");

        let removed = sweep_tree(dir.path());
        assert_eq!(
            removed,
            [
                dir.path().join(dead),
                sub.join(".b.txt.json.docmend-4194305-7.tmp")
            ]
        );
        assert!(dir.path().join(&live).exists());
        assert!(dir.path().join(".notes.tmp").exists());
        assert!(dir.path().join("a.txt.json").exists());

        fs::write(dir.path().join(".stats.csv.docmend-4194305-1.tmp"), "x").expect("write");
        fs::write(dir.path().join(".other.csv.docmend-4194305-1.tmp"), "x").expect("write");
        assert_eq!(
            sweep_file(&dir.path().join("stats.csv")),
            [dir.path().join(".stats.csv.docmend-4194305-1.tmp")]
        );
        assert!(dir.path().join(".other.csv.docmend-4194305-1.tmp").exists());
    }
}
