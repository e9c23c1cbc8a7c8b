//! Replays, on stable, every file of the seed corpora (`corpus/<target>/`)
//! and of the regressions (`regressions/<target>/`) through its target's
//! check, and every file of the real-world corpus through the target its
//! extension names, when the corpus is there: `$DOCMEND_REALWORLD`
//! (relative to the repository root), else `../shared/realworld` beside
//! the checkout. A failure names the file.
//!
//!     cargo test --manifest-path fuzz/Cargo.toml --no-default-features

use docmend_fuzz::Target;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

fn fuzz_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            out.push(path);
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    files_under(dir, &mut out);
    out.sort();
    out
}

thread_local! {
    /// Whether this thread is running a check, whose panic the replay
    /// reports with the file's name rather than printing it.
    static IN_CHECK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last panic of a check on this thread happened.
    static PANICKED_AT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `check` on each file; returns one line per file that failed: its
/// path, the panic's message and where it was raised.
fn replay(files: &[PathBuf], check: impl Fn(&Path, &[u8])) -> Vec<String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let print = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_CHECK.with(|c| c.get()) {
                return print(info);
            }
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            PANICKED_AT.with(|p| *p.borrow_mut() = at);
        }))
    });
    let mut failures = Vec::new();
    for path in files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        IN_CHECK.with(|c| c.set(true));
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| check(path, &data)));
        IN_CHECK.with(|c| c.set(false));
        if let Err(payload) = outcome {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = PANICKED_AT.with(|p| p.borrow().clone());
            failures.push(format!("{}: {message} (at {at})", path.display()));
        }
    }
    failures
}

fn assert_none_failed(what: &str, count: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {count} {what} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The seed corpus and the regressions of one target.
fn replay_target(target: Target) {
    let corpus = files(&fuzz_dir().join("corpus").join(target.name()));
    assert!(
        !corpus.is_empty(),
        "corpus/{} has no seeds: the replay would check nothing",
        target.name()
    );
    let mut all = corpus;
    all.extend(files(&fuzz_dir().join("regressions").join(target.name())));
    let failures = replay(&all, |_, data| target.check(data));
    eprintln!("{}: replayed {} inputs", target.name(), all.len());
    assert_none_failed(&format!("{} inputs", target.name()), all.len(), &failures);
}

#[test]
fn text() {
    replay_target(Target::Text);
}

#[test]
fn html() {
    replay_target(Target::Html);
}

#[test]
fn docx() {
    replay_target(Target::Docx);
}

#[test]
fn spreadsheet() {
    replay_target(Target::Spreadsheet);
}

#[test]
fn pdf() {
    replay_target(Target::Pdf);
}

#[test]
fn csv() {
    replay_target(Target::Csv);
}

#[test]
fn repair() {
    replay_target(Target::Repair);
}

/// The real-world corpus, where tests/common/mod.rs (`realworld`) looks
/// for it; its absence is no failure unless DOCMEND_REALWORLD names it.
#[test]
fn realworld() {
    let root = fuzz_dir().join("..");
    let dir = match std::env::var_os("DOCMEND_REALWORLD") {
        Some(dir) if !dir.is_empty() => {
            let dir = root.join(dir);
            assert!(
                dir.join("MANIFEST.tsv").is_file(),
                "DOCMEND_REALWORLD names {}, which has no MANIFEST.tsv",
                dir.display()
            );
            dir
        }
        _ => {
            let dir = root.join("../shared/realworld");
            if !dir.join("MANIFEST.tsv").is_file() {
                eprintln!(
                    "the real-world corpus is not at {}: not replayed",
                    dir.display()
                );
                return;
            }
            dir
        }
    };
    let all = files(&dir);
    let failures = replay(&all, |path, data| {
        let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
        match extension.as_deref().and_then(Target::for_extension) {
            Some(target) => target.check(data),
            None => docmend_fuzz::check_any(data),
        }
    });
    eprintln!("real-world corpus: replayed {} files", all.len());
    assert_none_failed("real-world files", all.len(), &failures);
}

/// A failing check fails the replay and names the file.
#[test]
fn a_failing_check_names_its_file() {
    let seeds = files(&fuzz_dir().join("corpus").join("repair"));
    let failures = replay(&seeds[..1], |_, _| panic!("broken on purpose"));
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].starts_with(&seeds[0].display().to_string())
            && failures[0].contains("broken on purpose"),
        "{failures:?}"
    );
}
