//! The progress bar of a batch on standard error (files done, rate, time
//! left, failures), shown only when standard error is a terminal, the
//! batch has more than one input and `--quiet` is not given. Messages about
//! files are printed above the bar, never through it.

use super::output;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

pub struct Progress {
    bar: Option<ProgressBar>,
    failed: usize,
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Progress {
        let shown = !quiet && total > 1 && std::io::stderr().is_terminal();
        let bar = shown.then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(8),
            );
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {rate}  {eta} left  {msg}",
            )
            .map(|style| {
                style.with_key(
                    "rate",
                    |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                        let _ = write!(out, "{:.0} files/s", state.per_sec());
                    },
                )
            })
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Progress { bar, failed: 0 }
    }

    /// Reports a file's problem above the bar.
    pub fn report(&self, name: &str, reason: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| output::report(name, reason)),
            None => output::report(name, reason),
        }
    }

    /// One more file done.
    pub fn advance(&mut self, failed: bool) {
        self.failed += usize::from(failed);
        if let Some(bar) = &self.bar {
            if failed {
                bar.set_message(format!("{} failed", self.failed));
            }
            bar.inc(1);
        }
    }

    /// Takes the bar off the screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
