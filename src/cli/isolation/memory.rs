//! The memory cap of a worker process: its default, and setting it on the
//! worker itself.
//!
//! The cap is a limit on the worker's address space (`RLIMIT_AS`), set by
//! the worker before it reads its first file. An allocation beyond it
//! fails, and Rust aborts the worker with "memory allocation of N bytes
//! failed", which the batch reports as the file's error. Address space is
//! a little more than resident memory (the program's own mappings count),
//! so the cap is an upper bound on what a worker can take from the machine.

/// The cap when `--max-memory` is not given: half the machine's memory
/// shared among the workers, but at least 1 GiB; `None` where the
/// machine's memory is unknown (no cap then).
pub fn default_cap(workers: usize) -> Option<u64> {
    let total = machine_memory()?;
    let share = total / 2 / workers.max(1) as u64;
    Some(share.max(1 << 30))
}

/// The memory this process may use: the machine's, or its control
/// group's limit where that is lower (a container).
#[cfg(target_os = "linux")]
fn machine_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let total = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|kib| kib.trim().parse::<u64>().ok())?
        * 1024;
    let group = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .filter_map(|path| std::fs::read_to_string(path).ok())
    .filter_map(|text| text.trim().parse::<u64>().ok())
    .min();
    Some(group.map_or(total, |limit| limit.min(total)))
}

#[cfg(not(target_os = "linux"))]
fn machine_memory() -> Option<u64> {
    None
}

/// Limits this process's address space to `bytes`.
#[cfg(unix)]
pub fn limit_address_space(bytes: u64) -> std::io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)
}

#[cfg(not(unix))]
pub fn limit_address_space(_bytes: u64) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "a memory cap is not supported on this system",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn the_default_shares_the_machine_but_never_goes_below_one_gib() {
        let one = default_cap(1).expect("Linux reports its memory");
        let many = default_cap(10_000).expect("Linux reports its memory");
        assert!(one >= many);
        assert_eq!(many, 1 << 30);
    }
}
