//! Worker processes for Python: the command's pool
//! (`docmend_cli::isolation::process::Pool`), started with this
//! interpreter running `docmend._worker`, and used from Python threads
//! with the interpreter's lock released while a worker converts.

use crate::convert::{answer, output};
use crate::settings::Settings;
use docmend_cli::isolation::death::CapNames;
use docmend_cli::isolation::memory;
use docmend_cli::isolation::process::{Caps, Pool, WorkerCommand};
use docmend_cli::isolation::wire::{Config, WireOptions};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

/// The caps as the Python API names them, in the reasons files fail with.
const PYTHON_CAP_NAMES: CapNames = CapNames {
    timeout: "timeout",
    max_memory: "max_memory",
};

/// A pool of worker processes that convert files under a time cap per
/// file and a memory cap per worker, reused from file to file. A worker
/// that dies (or is killed at the time cap) fails its file with the cause
/// and is replaced. As many workers run as threads call `convert_*` at
/// once.
#[pyclass(frozen, module = "docmend._docmend")]
pub struct WorkerPool {
    /// `None` once closed. Each call holds its own reference, so closing
    /// while files convert ends the workers when those files are done.
    pool: RwLock<Option<Arc<Pool>>>,
    timeout: Option<f64>,
    max_memory: Option<u64>,
    /// Summaries are handed over whole (`to="summary"`).
    keep_summary: bool,
}

#[pymethods]
impl WorkerPool {
    /// Starts one worker with `program` and `args` (which must serve the
    /// worker protocol) to check that workers can start. `timeout` is in
    /// seconds (`None` or 0: no limit); `max_memory` in bytes (`None`: the
    /// default share for `jobs` workers; 0: no limit).
    #[new]
    #[pyo3(signature = (settings, program, args, *, jobs, timeout, max_memory))]
    fn new(
        py: Python<'_>,
        settings: &Settings,
        program: PathBuf,
        args: Vec<OsString>,
        jobs: usize,
        timeout: Option<f64>,
        max_memory: Option<u64>,
    ) -> PyResult<WorkerPool> {
        // Zero turns a cap off, as on the command line.
        let timeout = match timeout.filter(|&seconds| seconds != 0.0) {
            None => None,
            Some(seconds) => Some(Duration::try_from_secs_f64(seconds).map_err(|_| {
                PyValueError::new_err(format!(
                    "timeout={seconds}: must be a number of seconds, at least 0"
                ))
            })?),
        };
        let max_memory = match max_memory {
            Some(0) => None,
            Some(bytes) => Some(bytes),
            None => memory::default_cap(jobs),
        };
        let config = Config {
            task: settings.task,
            options: WireOptions::of(&settings.options),
            max_memory,
        };
        let caps = Caps {
            timeout,
            max_memory,
        };
        let command = WorkerCommand {
            program: program.clone(),
            args,
        };
        let pool = Pool::with_command(command, config, caps, PYTHON_CAP_NAMES);
        py.detach(|| pool.warm_up()).map_err(|e| {
            PyOSError::new_err(format!(
                "cannot start a worker process ({}): {e}",
                program.display()
            ))
        })?;
        Ok(WorkerPool {
            pool: RwLock::new(Some(Arc::new(pool))),
            timeout: timeout.map(|t| t.as_secs_f64()),
            max_memory,
            keep_summary: settings.keep_summary,
        })
    }

    /// Converts the file at `path` in a worker, recording `name` as
    /// `source.path`: `(True, output)` or `(False, reason)`.
    fn convert_path<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        path: PathBuf,
    ) -> PyResult<(bool, Bound<'py, PyAny>)> {
        let pool = self.live()?;
        let keep_summary = self.keep_summary;
        let made = py.detach(|| {
            pool.convert_file(name, &path)
                .and_then(|p| output(p, keep_summary))
        });
        Ok(answer(py, made))
    }

    /// Converts `data` in a worker, recording `name` as `source.path`.
    fn convert_data<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        data: &[u8],
    ) -> PyResult<(bool, Bound<'py, PyAny>)> {
        let pool = self.live()?;
        let keep_summary = self.keep_summary;
        let data = data.to_vec();
        let made = py.detach(|| {
            pool.convert_bytes(name, data)
                .and_then(|p| output(p, keep_summary))
        });
        Ok(answer(py, made))
    }

    /// Ends the idle workers; the busy ones end when their file is done.
    /// Converting afterwards is a `ValueError`.
    fn close(&self, py: Python<'_>) {
        let pool = self
            .pool
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // Waiting for the workers to exit must not hold up other threads.
        py.detach(|| drop(pool));
    }

    /// Whether [`WorkerPool::close`] was called.
    #[getter]
    fn closed(&self) -> bool {
        self.pool
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }

    /// The time cap per file in seconds, `None` for none.
    #[getter]
    fn timeout(&self) -> Option<f64> {
        self.timeout
    }

    /// The memory cap per worker in bytes, `None` for none.
    #[getter]
    fn max_memory(&self) -> Option<u64> {
        self.max_memory
    }
}

impl WorkerPool {
    fn live(&self) -> PyResult<Arc<Pool>> {
        self.pool
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| PyValueError::new_err("the pool is closed"))
    }
}
