//! Converting one input in this process, the interpreter's lock released.

use crate::settings::Settings;
use crate::stats_row;
use docmend::Registry;
use docmend_cli::Source;
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
        output(product)
    });
    answer(py, made)
}

/// The bytes handed to Python for a product: the written document, or a
/// stats row as JSON.
pub fn output(product: Product) -> Result<Vec<u8>, String> {
    match product.made {
        Made::Rendered(bytes) => Ok(bytes),
        Made::Summary(summary, _) => stats_row::json(&summary),
    }
}

/// `(True, bytes)` or `(False, reason)`.
pub fn answer(py: Python<'_>, made: Result<Vec<u8>, String>) -> (bool, Bound<'_, PyAny>) {
    match made {
        Ok(bytes) => (true, PyBytes::new(py, &bytes).into_any()),
        Err(reason) => (false, PyString::new(py, &reason).into_any()),
    }
}
