//! Says why a worker process ended before answering: the cause that the
//! batch reports as the file's error ("killed after 60 s", "stopped at the
//! 2 GiB memory cap", "aborted: memory allocation of … failed").

use std::process::ExitStatus;
use std::time::Duration;

/// What the time and memory caps are called where their user sets them,
/// so that a reason names the setting to change.
#[derive(Debug, Clone, Copy)]
pub struct CapNames {
    /// The time cap: `--timeout`.
    pub timeout: &'static str,
    /// The memory cap: `--max-memory`.
    pub max_memory: &'static str,
}

impl CapNames {
    /// The command line's flags.
    pub const CLI: CapNames = CapNames {
        timeout: "--timeout",
        max_memory: "--max-memory",
    };
}

/// How a worker ended while it held a file.
#[derive(Debug)]
pub enum Death {
    /// The batch killed it: the file took longer than the time cap.
    TimedOut(Duration),
    /// It ended on its own (crashed, aborted, was killed by someone else).
    Ended {
        /// `None` when the status could not be collected.
        status: Option<ExitStatus>,
        /// The end of what it wrote on standard error.
        stderr_tail: Vec<u8>,
    },
}

impl Death {
    /// The reason reported for the file; `memory_cap` is the cap the
    /// worker ran under, if any.
    pub fn describe(&self, memory_cap: Option<u64>) -> String {
        self.describe_as(memory_cap, CapNames::CLI)
    }

    /// [`Death::describe`], naming the caps as `names` says.
    pub fn describe_as(&self, memory_cap: Option<u64>, names: CapNames) -> String {
        match self {
            Death::TimedOut(limit) => {
                format!(
                    "killed after {} (the {} limit)",
                    seconds(*limit),
                    names.timeout
                )
            }
            Death::Ended {
                status,
                stderr_tail,
            } => ended(
                *status,
                &String::from_utf8_lossy(stderr_tail),
                memory_cap,
                names,
            ),
        }
    }
}

fn ended(
    status: Option<ExitStatus>,
    stderr: &str,
    memory_cap: Option<u64>,
    names: CapNames,
) -> String {
    // Rust's allocation-failure message, printed just before it aborts.
    if let Some(line) = stderr
        .lines()
        .rev()
        .find(|l| l.contains("memory allocation of") && l.contains("failed"))
    {
        let what = line.trim().trim_start_matches("fatal runtime error: ");
        // One request larger than the whole cap would have failed without
        // it too: the input declared an absurd size, the cap did not bite.
        let requested = what
            .strip_prefix("memory allocation of ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<u64>().ok());
        return match memory_cap {
            Some(cap) if requested.is_none_or(|n| n <= cap) => format!(
                "stopped at the {} memory cap ({}): {what}",
                human_bytes(cap),
                names.max_memory
            ),
            _ => format!("aborted: {what}"),
        };
    }
    if stderr.contains("has overflowed its stack") {
        return "aborted: stack overflow (the input nests too deeply)".to_string();
    }
    let last = last_line(stderr);
    let how = match status {
        Some(status) => status_text(status),
        None => "ended".to_string(),
    };
    match last {
        Some(line) => format!("the worker process {how}: {line}"),
        None => format!("the worker process {how}"),
    }
}

/// The last line worth quoting (Rust's panic output ends in a hint about
/// backtraces, which says nothing about the file).
fn last_line(stderr: &str) -> Option<&str> {
    stderr
        .lines()
        .map(str::trim)
        .rev()
        .find(|l| !l.is_empty() && !l.starts_with("note: run with `RUST_BACKTRACE"))
}

#[cfg(unix)]
fn status_text(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(signal) = status.signal() {
        let name = match signal {
            6 => " (SIGABRT)",
            9 => " (SIGKILL; the system may have run out of memory)",
            11 => " (SIGSEGV)",
            7 => " (SIGBUS)",
            4 => " (SIGILL)",
            8 => " (SIGFPE)",
            _ => "",
        };
        return format!("died of signal {signal}{name}");
    }
    match status.code() {
        Some(code) => format!("exited with code {code}"),
        None => "ended".to_string(),
    }
}

#[cfg(not(unix))]
fn status_text(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exited with code {code}"),
        None => "ended".to_string(),
    }
}

/// `60 s`, `1.5 s`, `250 ms`.
pub fn seconds(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if millis.is_multiple_of(1000) {
        format!("{} s", millis / 1000)
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

/// `2 GiB`, `512 MiB`, `1.5 GiB`, `4096 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [(u32, &str); 3] = [(30, "GiB"), (20, "MiB"), (10, "KiB")];
    for (shift, unit) in UNITS {
        let size = 1u64 << shift;
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    fn signalled(signal: i32) -> Option<ExitStatus> {
        Some(ExitStatus::from_raw(signal))
    }

    #[test]
    fn an_allocation_failure_is_named_with_the_cap() {
        let stderr = b"memory allocation of 2399999999976 bytes failed\n".to_vec();
        let death = Death::Ended {
            status: signalled(6),
            stderr_tail: stderr,
        };
        // Larger than the cap itself: the request, not the cap, is the cause.
        assert_eq!(
            death.describe(Some(2 << 30)),
            "aborted: memory allocation of 2399999999976 bytes failed"
        );
        assert_eq!(
            death.describe(None),
            "aborted: memory allocation of 2399999999976 bytes failed"
        );
        let exhausted = Death::Ended {
            status: signalled(6),
            stderr_tail: b"memory allocation of 160 bytes failed\n".to_vec(),
        };
        assert_eq!(
            exhausted.describe(Some(2 << 30)),
            "stopped at the 2 GiB memory cap (--max-memory): memory allocation of 160 bytes failed"
        );
    }

    #[test]
    fn a_timeout_a_signal_and_a_panic_are_told_apart() {
        assert_eq!(
            Death::TimedOut(Duration::from_secs(60)).describe(None),
            "killed after 60 s (the --timeout limit)"
        );
        let segv = Death::Ended {
            status: signalled(11),
            stderr_tail: Vec::new(),
        };
        assert_eq!(
            segv.describe(None),
            "the worker process died of signal 11 (SIGSEGV)"
        );
        let panic = Death::Ended {
            status: Some(ExitStatus::from_raw(101 << 8)),
            stderr_tail: b"\nthread 'main' panicked at src/x.rs:1:1:\nboom\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n".to_vec(),
        };
        assert_eq!(
            panic.describe(None),
            "the worker process exited with code 101: boom"
        );
        let overflow = Death::Ended {
            status: signalled(6),
            stderr_tail:
                b"\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow\n"
                    .to_vec(),
        };
        assert_eq!(
            overflow.describe(Some(1 << 30)),
            "aborted: stack overflow (the input nests too deeply)"
        );
    }

    #[test]
    fn the_caps_are_named_as_their_user_sets_them() {
        let names = CapNames {
            timeout: "timeout",
            max_memory: "max_memory",
        };
        assert_eq!(
            Death::TimedOut(Duration::from_millis(250)).describe_as(None, names),
            "killed after 250 ms (the timeout limit)"
        );
        let exhausted = Death::Ended {
            status: signalled(6),
            stderr_tail: b"memory allocation of 160 bytes failed\n".to_vec(),
        };
        assert_eq!(
            exhausted.describe_as(Some(1 << 30), names),
            "stopped at the 1 GiB memory cap (max_memory): memory allocation of 160 bytes failed"
        );
    }

    #[test]
    fn sizes_and_durations_read_naturally() {
        assert_eq!(human_bytes(2 << 30), "2 GiB");
        assert_eq!(human_bytes(3 << 29), "1.5 GiB");
        assert_eq!(human_bytes(512 << 20), "512 MiB");
        assert_eq!(human_bytes(100), "100 bytes");
        assert_eq!(seconds(Duration::from_millis(250)), "250 ms");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }
}
