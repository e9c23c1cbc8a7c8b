//! What the end-to-end tests of hostile inputs share: running the `docmend`
//! binary and measuring the peak memory of that one process.

#![allow(dead_code)] // each test file uses part of it

use std::process::{Command, Output, Stdio};

/// The `docmend` binary of this build.
pub fn docmend() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docmend"))
}

/// What one run of a command left: its output and its peak resident memory.
pub struct Measured {
    pub output: Output,
    /// The largest resident set of the process, in bytes (`ru_maxrss`);
    /// `None` where the platform does not report it.
    pub peak_bytes: Option<u64>,
}

/// Runs `command` to its end, capturing standard output and error, and
/// measures the peak memory of that process (not of other tests' children):
/// the child is reaped with `wait4`, which returns its own resource usage.
/// Standard input is empty.
///
/// The figure is an upper bound: Linux starts a child's `ru_maxrss` at the
/// resident memory of the process that started it (the test binary), so
/// tests that measure keep their own memory small (inputs are written to
/// disk in pieces, never held whole).
#[cfg(target_os = "linux")]
pub fn run_measured(command: &mut Command) -> Measured {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;

    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    // Drain both pipes on threads so a chatty child never blocks on a full
    // pipe while this thread waits for it.
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out.read_to_end(&mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err.read_to_end(&mut bytes);
        bytes
    });
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; zeroed is a valid
    // value of it. The child is ours and not yet reaped (std's `wait` is
    // never called on it), so the pid cannot name another process.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: valid pointers to locals that outlive the call.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    assert_eq!(reaped, pid, "wait4 reaps the child");
    // Linux reports ru_maxrss in KiB.
    let peak_bytes = u64::try_from(usage.ru_maxrss).ok().map(|kib| kib * 1024);
    let output = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    };
    // The child is reaped: dropping the handle must not wait again.
    std::mem::forget(child);
    Measured { output, peak_bytes }
}

/// Elsewhere the output is kept and the peak is unknown.
#[cfg(not(target_os = "linux"))]
pub fn run_measured(command: &mut Command) -> Measured {
    let output = command
        .stdin(Stdio::null())
        .output()
        .expect("the command runs");
    Measured {
        output,
        peak_bytes: None,
    }
}

/// Asserts that a measured run stayed under `cap` bytes of peak memory,
/// naming the case. Passes where the platform cannot measure.
pub fn assert_peak_under(case: &str, measured: &Measured, cap: u64) {
    if let Some(peak) = measured.peak_bytes {
        assert!(
            peak <= cap,
            "{case}: peak memory {} MiB, over its cap of {} MiB\nstderr: {}",
            peak >> 20,
            cap >> 20,
            String::from_utf8_lossy(&measured.output.stderr)
        );
    }
}

/// Standard error without the elapsed time that ends the summary line
/// (`… with warnings (2.3 s)`), so that it can be compared exactly.
pub fn untimed_stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|line| match line.rfind(" (") {
            Some(at) if line.ends_with(" s)") => &line[..at],
            _ => line,
        })
        .map(|line| format!("{line}\n"))
        .collect()
}
