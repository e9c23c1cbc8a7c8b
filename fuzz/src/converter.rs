//! Checks of one converter on some bytes: alone, as the `Converter`
//! contract describes it (a document or an error naming the reason, never
//! a panic, the same answer every time), and through the standard
//! pipeline, whose documents must keep the output contract (`document`).

use crate::document;
use docmend::converter::{Converted, Converter, Options};
use docmend::{Error, Pipeline, Registry};

/// The name every check gives the input (`source.path`).
pub const PATH: &str = "fuzz-input";

/// The converter alone, then through the standard pipeline with its format
/// forced, then as the registry chooses by content where that takes
/// another path.
pub fn check(converter: &dyn Converter, data: &[u8]) {
    // The converter's first format, forced, so that the converter sees the
    // same options alone and in the pipeline (only CSV reads the forced
    // format: it picks the delimiters to try by it).
    let options = Options {
        forced_format: Some(converter.formats()[0]),
        ..Options::default()
    };
    let alone = converter.convert(data, &options);
    let again = converter.convert(data, &options);
    match (&alone, &again) {
        (Ok(first), Ok(second)) => {
            assert!(
                converter.formats().contains(&first.format),
                "converter {} read the input as {}, which is none of its formats",
                converter.name(),
                first.format
            );
            assert_eq!(
                fingerprint(first),
                fingerprint(second),
                "converter {} gave two different documents for the same bytes",
                converter.name()
            );
        }
        (Err(first), Err(second)) => {
            clean_error(first);
            assert_eq!(
                first.to_string(),
                second.to_string(),
                "converter {} gave two different errors for the same bytes",
                converter.name()
            );
        }
        _ => panic!(
            "converter {} gave a document once and an error once for the same bytes",
            converter.name()
        ),
    }

    let registry = Registry::default();
    let piped = Pipeline::standard().convert(&registry, data, PATH, &options);
    match (&piped, &alone) {
        (Ok(doc), Ok(_)) => {
            assert_eq!(doc.source.converter, converter.name());
            document::check(doc, data, &registry, &Pipeline::standard().names());
        }
        (Err(error), Err(_)) => clean_error(error),
        // Empty and oversized inputs never reach the converter.
        (Err(Error::Empty | Error::TooLarge { .. }), Ok(_)) => {}
        (Err(error), Ok(_)) => {
            clean_error(error);
            panic!(
                "converter {} read the input alone, but not in the pipeline: {error}",
                converter.name()
            );
        }
        (Ok(_), Err(error)) => panic!(
            "converter {} failed alone ({error}) but read the input in the pipeline",
            converter.name()
        ),
    }

    // By content: the forced run covered it when the registry picks the
    // same converter and the converter ignores the forced format.
    let chosen = registry.choose(data, None).map(|c| c.name());
    if chosen.is_ok_and(|name| name != converter.name() || name == "csv") {
        check_chosen(data);
    }
}

/// The standard pipeline with the converter the registry chooses by
/// content: a document that keeps the contract, or a clean error.
pub fn check_chosen(data: &[u8]) {
    let registry = Registry::default();
    match docmend::convert_bytes(&registry, data, PATH, &Options::default()) {
        Ok(doc) => document::check(&doc, data, &registry, &Pipeline::standard().names()),
        Err(error) => clean_error(&error),
    }
}

/// An error that names its reason and is no contained panic.
pub fn clean_error(error: &Error) {
    if let Error::Panicked { during, message } = error {
        panic!("{during} panicked: {message}");
    }
    assert!(
        !error.to_string().trim().is_empty(),
        "an error without a message: {error:?}"
    );
}

/// Everything a converter hands back, to compare two runs (the debug form
/// compares `NaN` coordinates as equal, which `==` would not).
fn fingerprint(converted: &Converted) -> String {
    format!("{converted:?}")
}
