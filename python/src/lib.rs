//! The native part of the Python package `docmend`: the extension module
//! `docmend._docmend`, which the package's Python code (python/docmend/)
//! wraps into the public API.
//!
//! It converts in this process (`convert.rs`) or in worker processes
//! (`pool.rs`), through the same code as the `docmend` command: the task
//! that makes output of a document (`docmend_cli::task`), and the pool of
//! workers under a time and a memory cap (`docmend_cli::isolation`). A
//! worker is this Python interpreter again, running
//! `docmend._worker`, which calls `serve` here.
//!
//! The interpreter's lock is released while anything converts, so that
//! Python threads convert in parallel. Results cross into Python as bytes
//! (the output, or a stats row as JSON) or as the reason a file failed; the
//! Python side turns them into values and `DocmendError`s.

mod convert;
mod corpus;
mod pool;
mod settings;
mod stats_row;

use pyo3::prelude::*;

/// Serves the worker protocol on standard input and output until the
/// input ends: the body of `python -m docmend._worker`. Returns the exit
/// status for the process (0, or 3 when the worker cannot start serving).
#[pyfunction]
fn serve(py: Python<'_>) -> u8 {
    py.detach(docmend_cli::isolation::worker::serve_status)
}

/// The memory cap per worker when none is given: half the machine's memory
/// shared among `jobs` workers, at least 1 GiB; `None` where the machine's
/// memory is unknown.
#[pyfunction]
fn default_memory_cap(jobs: usize) -> Option<u64> {
    docmend_cli::isolation::memory::default_cap(jobs)
}

/// The names of the formats this build reads.
#[pyfunction]
fn formats() -> Vec<&'static str> {
    let registry = convert::registry();
    docmend::model::Format::ALL
        .into_iter()
        .filter(|format| registry.for_format(*format).is_some())
        .map(|format| format.as_str())
        .collect()
}

#[pymodule]
#[pyo3(name = "_docmend")]
fn extension(module: &Bound<'_, PyModule>) -> PyResult<()> {
    quiet_contained_panics();
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("FAULT_INJECTION", cfg!(feature = "fault-injection"))?;
    module.add_class::<settings::Settings>()?;
    module.add_class::<pool::WorkerPool>()?;
    module.add_class::<corpus::ReportSummary>()?;
    module.add_function(wrap_pyfunction!(corpus::across_years, module)?)?;
    module.add_function(wrap_pyfunction!(corpus::write_database, module)?)?;
    module.add_function(wrap_pyfunction!(convert::convert, module)?)?;
    module.add_function(wrap_pyfunction!(serve, module)?)?;
    module.add_function(wrap_pyfunction!(default_memory_cap, module)?)?;
    module.add_function(wrap_pyfunction!(formats, module)?)?;
    Ok(())
}

/// A converter that panics on a hostile file is contained by the pipeline
/// and reported as that file's error, with the panic's message; printing
/// the panic on standard error as well would only repeat it (the command
/// does the same in `main`). Every other panic is printed as before.
fn quiet_contained_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !docmend::pipeline::panic_is_contained() {
            previous(info);
        }
    }));
}
