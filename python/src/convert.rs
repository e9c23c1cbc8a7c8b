//! Converting one input in this process, the interpreter's lock released.

use crate::corpus::ReportSummary;
use crate::settings::Settings;
use crate::stats_row;
use docmend::Registry;
use docmend_cli::Source;
use docmend_cli::summary::Summary;
use docmend_cli::task::{self, Made, Product};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The converters of this build, made once.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::default)
}

/// Converts the file at `path`, or `data`, recording `name` as
/// `source.path`: `(True, output)` or `(False, reason)`.
#[pyfunction]
#[pyo3(signature = (settings, name, path = None, data = None))]
pub fn convert<'py>(
    py: Python<'py>,
    settings: &Settings,
    name: &str,
    path: Option<PathBuf>,
    data: Option<&[u8]>,
) -> (bool, Bound<'py, PyAny>) {
    let data = data.map(<[u8]>::to_vec);
    let made = py.detach(|| {
        let bytes = match (path, data) {
            (_, Some(bytes)) => bytes,
            (Some(path), None) => {
                Source::File(path).read(settings.options.limits.max_input_bytes)?
            }
            (None, None) => Vec::new(),
        };
        let product =
            task::convert_and_perform(registry(), &settings.options, settings.task, name, bytes)?;
        output(product, settings.keep_summary)
    });
    answer(py, made)
}

/// What is handed to Python for a product.
pub enum Payload {
    /// The written document, or a stats row as JSON.
    Bytes(Vec<u8>),
    /// The whole summary (`to="summary"`).
    Summary(Summary),
}

/// The payload of a product: the written document, a stats row as JSON,
/// or with `keep_summary` the summary itself.
pub fn output(product: Product, keep_summary: bool) -> Result<Payload, String> {
    match product.made {
        Made::Rendered(bytes) => Ok(Payload::Bytes(bytes)),
        Made::Summary(summary, _) if keep_summary => Ok(Payload::Summary(summary)),
        Made::Summary(summary, _) => stats_row::json(&summary).map(Payload::Bytes),
    }
}

/// `(True, bytes or ReportSummary)` or `(False, reason)`.
pub fn answer(py: Python<'_>, made: Result<Payload, String>) -> (bool, Bound<'_, PyAny>) {
    match made {
        Ok(Payload::Bytes(bytes)) => (true, PyBytes::new(py, &bytes).into_any()),
        Ok(Payload::Summary(summary)) => match Bound::new(py, ReportSummary { summary }) {
            Ok(object) => (true, object.into_any()),
            Err(e) => (false, PyString::new(py, &e.to_string()).into_any()),
        },
        Err(reason) => (false, PyString::new(py, &reason).into_any()),
    }
}
