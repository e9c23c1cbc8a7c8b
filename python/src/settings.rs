//! What a conversion is asked to do, checked once: the output (the task)
//! and the library's options. A setting that would fail every file the
//! same way (an unknown format or pass, a negative limit) is a `ValueError`
//! here, before any file is read.

use docmend::Options;
use docmend::model::Format;
use docmend_cli::Style;
use docmend_cli::task::{Render, Task, To};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The output and the options of a conversion, for `convert` and for a
/// `WorkerPool`.
#[pyclass(frozen, module = "docmend._docmend")]
pub struct Settings {
    pub task: Task,
    pub options: Options,
    /// `to="summary"`: each input's summary is handed over whole, as a
    /// `ReportSummary`, for the year comparison and the corpus database.
    pub keep_summary: bool,
}

#[pymethods]
impl Settings {
    /// `to` is `json`, `markdown`, `text`, `html` (what `docmend convert
    /// --to` writes), `stats` (the row `docmend stats --jsonl` writes) or
    /// `summary` (a `ReportSummary`, with the diagnostics the corpus
    /// database keeps);
    /// `passes` is a list as `--passes` takes it (`"cleanup,repair"`).
    #[new]
    #[pyo3(signature = (
        to,
        *,
        markers = false,
        format = None,
        passes = None,
        password = None,
        max_input_bytes = None,
        max_unpacked_bytes = None,
        max_part_bytes = None,
        max_table_cells = None,
        max_pages = None,
    ))]
    #[allow(clippy::too_many_arguments)] // one per keyword of the Python API
    fn new(
        to: &str,
        markers: bool,
        format: Option<&str>,
        passes: Option<&str>,
        password: Option<String>,
        max_input_bytes: Option<u64>,
        max_unpacked_bytes: Option<u64>,
        max_part_bytes: Option<u64>,
        max_table_cells: Option<u64>,
        max_pages: Option<u32>,
    ) -> PyResult<Settings> {
        let task = task(to, markers)?;
        let mut options = Options {
            forced_format: format.map(forced_format).transpose()?,
            password,
            ..Options::default()
        };
        if let Some(list) = passes {
            options.passes = docmend::Passes::parse_list(list).map_err(PyValueError::new_err)?;
        }
        let limits = &mut options.limits;
        if let Some(n) = max_input_bytes {
            limits.max_input_bytes = n;
        }
        if let Some(n) = max_unpacked_bytes {
            limits.max_unpacked_bytes = n;
        }
        if let Some(n) = max_part_bytes {
            limits.max_part_bytes = n;
        }
        if let Some(n) = max_table_cells {
            limits.max_table_cells = n;
        }
        if let Some(n) = max_pages {
            limits.max_pages = n;
        }
        Ok(Settings {
            task,
            options,
            keep_summary: to.eq_ignore_ascii_case("summary"),
        })
    }

    /// The passes that run, by name.
    #[getter]
    fn passes(&self) -> Vec<String> {
        self.options.passes.names()
    }
}

fn task(to: &str, markers: bool) -> PyResult<Task> {
    let to = match to.to_ascii_lowercase().as_str() {
        "stats" => {
            return Ok(Task::Summary {
                audit: false,
                diagnostics: false,
            });
        }
        "summary" => {
            return Ok(Task::Summary {
                audit: false,
                diagnostics: true,
            });
        }
        "json" => To::Json,
        "markdown" | "md" => To::Markdown,
        "text" | "txt" => To::Text,
        "html" => To::Html,
        "chunks" => To::Chunks,
        _ => {
            return Err(PyValueError::new_err(format!(
                "to={to:?}: must be one of 'dict', 'json', 'markdown', 'text', 'html', 'chunks'"
            )));
        }
    };
    Ok(Task::Render(Render {
        to,
        style: Style::Compact,
        markers,
        // The command's default (`--chunk-size`).
        chunk_chars: 2000,
    }))
}

/// A format this build has a converter for.
fn forced_format(name: &str) -> PyResult<Format> {
    let known = || {
        Format::ALL
            .into_iter()
            .map(Format::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let format = Format::parse(name).ok_or_else(|| {
        PyValueError::new_err(format!("unknown format {name:?} (known: {})", known()))
    })?;
    if crate::convert::registry().for_format(format).is_none() {
        let reason = docmend::Error::ConverterMissing {
            format: format.to_string(),
        };
        return Err(PyValueError::new_err(format!("format={name:?}: {reason}")));
    }
    Ok(format)
}
