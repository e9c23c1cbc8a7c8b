//! Checks of one converter on some bytes: alone, as the `Converter`
//! contract describes it (a document or an error naming the reason, the
//! same answer every time; no panic but one raised inside a third-party
//! parser, see `panics`), and through the standard pipeline, whose
//! documents must keep the output contract (`document`).

use crate::{document, panics};
use docmend::converter::{Converter, Options};
use docmend::{Error, Pipeline, Registry};
use std::panic::{self, AssertUnwindSafe};

/// The name every check gives the input (`source.path`).
pub const PATH: &str = "fuzz-input";

/// What a converter made of some bytes on its own.
#[derive(Debug, PartialEq)]
enum Alone {
    /// A document (its debug form, which compares `NaN` coordinates as
    /// equal where `==` would not).
    Converted(String),
    /// An error, by its message.
    Failed(String),
    /// A panic raised inside a third-party parser, where.
    ForeignPanic(String),
}

fn alone(converter: &dyn Converter, data: &[u8], options: &Options) -> Alone {
    panics::take_foreign();
    let run = panic::catch_unwind(AssertUnwindSafe(|| converter.convert(data, options)));
    match run {
        Ok(Ok(converted)) => {
            assert!(
                converter.formats().contains(&converted.format),
                "converter {} read the input as {}, which is none of its formats",
                converter.name(),
                converted.format
            );
            Alone::Converted(format!("{converted:?}"))
        }
        Ok(Err(error)) => {
            clean_error(&error);
            Alone::Failed(error.to_string())
        }
        Err(payload) => match panics::take_foreign() {
            Some(at) => Alone::ForeignPanic(at),
            None => panic::resume_unwind(payload),
        },
    }
}

/// The converter alone, then through the standard pipeline with its format
/// forced, then as the registry chooses by content where that takes
/// another path.
pub fn check(converter: &dyn Converter, data: &[u8]) {
    panics::watch();
    // The converter's first format, forced, so that the converter sees the
    // same options alone and in the pipeline (only CSV reads the forced
    // format: it picks the delimiters to try by it).
    let options = Options {
        forced_format: Some(converter.formats()[0]),
        ..Options::default()
    };
    let first = alone(converter, data, &options);
    let second = alone(converter, data, &options);
    assert!(
        first == second,
        "converter {} gave two different answers for the same bytes:\n{}\n{}",
        converter.name(),
        document::shortened(format!("{first:?}")),
        document::shortened(format!("{second:?}"))
    );

    let registry = Registry::default();
    panics::take_foreign();
    let piped = Pipeline::standard().convert(&registry, data, PATH, &options);
    match (&piped, &first) {
        (Ok(doc), Alone::Converted(_)) => {
            assert_eq!(doc.source.converter, converter.name());
            document::check(doc, data, &registry, &Pipeline::standard().names());
        }
        (Err(error), Alone::Failed(_) | Alone::ForeignPanic(_)) => clean_error(error),
        // Empty and oversized inputs never reach the converter.
        (Err(Error::Empty | Error::TooLarge { .. }), Alone::Converted(_)) => {}
        (Err(error), Alone::Converted(_)) => {
            clean_error(error);
            panic!(
                "converter {} read the input alone, but not in the pipeline: {error}",
                converter.name()
            );
        }
        (Ok(_), _) => panic!(
            "converter {} failed alone ({first:?}) but read the input in the pipeline",
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
    panics::watch();
    let registry = Registry::default();
    panics::take_foreign();
    match docmend::convert_bytes(&registry, data, PATH, &Options::default()) {
        Ok(doc) => document::check(&doc, data, &registry, &Pipeline::standard().names()),
        Err(error) => clean_error(&error),
    }
}

/// An error that names its reason and is no panic of docmend's own: a
/// contained panic passes only when it was raised inside a third-party
/// parser while a converter ran.
pub fn clean_error(error: &Error) {
    if let Error::Panicked { during, message } = error {
        let foreign = panics::take_foreign();
        assert!(
            foreign.is_some() && during.starts_with("converter "),
            "{during} panicked: {message}"
        );
    }
    assert!(
        !error.to_string().trim().is_empty(),
        "an error without a message: {error:?}"
    );
}
