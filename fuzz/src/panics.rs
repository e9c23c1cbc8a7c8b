//! Panics raised inside third-party parsers. docmend's design contains them
//! in the pipeline (docs/architecture.md, "Panics": a converter whose
//! parser crate panics on hostile input ends in `Error::Panicked` for that
//! one input) rather than in each converter, so the checks accept such a
//! panic during a converter, and only there. A panic raised in docmend's
//! own code, or during a step, is a failure.
//!
//! A panic hook, chained before whatever hook was there (libFuzzer's,
//! which aborts; the replay's; the default), tells them apart by where the
//! panic was raised: in a crate cargo downloaded, or anywhere else. Only a
//! third-party panic skips the hook before it, so that it unwinds to the
//! pipeline's `catch_unwind` instead of aborting the fuzzer.

use std::cell::RefCell;
use std::panic;
use std::sync::Once;

thread_local! {
    /// The last third-party panic on this thread: where and what, until a
    /// check takes it.
    static FOREIGN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether `file`, a panic's location, is in a crate cargo downloaded (a
/// registry or a git checkout), not in docmend or the standard library.
fn third_party(file: &str) -> bool {
    file.contains("/registry/src/") || file.contains("/git/checkouts/")
}

/// Installs the hook, once per process.
pub fn watch() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = info.location();
            if location.is_some_and(|l| third_party(l.file())) {
                let at = location.map(|l| format!("{}:{}", l.file(), l.line()));
                FOREIGN.with(|f| *f.borrow_mut() = at);
            } else {
                before(info);
            }
        }));
    });
}

/// Takes the record of the last third-party panic on this thread, if any.
pub fn take_foreign() -> Option<String> {
    FOREIGN.with(|f| f.borrow_mut().take())
}
