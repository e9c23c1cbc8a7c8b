#![cfg(all(feature = "text", feature = "html"))]
//! docmend's extension points, used as a program outside docmend would: a
//! converter for a format the core does not know, registered beside the
//! built-in ones; priorities; and steps of one's own in the pipeline.

use docmend::converter::{Confidence, Converted, Converter, Options};
use docmend::model::{
    Block, Diagnostic, DiagnosticCode, Format, FormatName, Metadata, Paragraph, Severity,
};
use docmend::pipeline::{Draft, Pipeline, Step};
use docmend::{Error, Registry};

/// A format docmend has no converter for: a `NOTES:` line, then one
/// paragraph per line.
const NOTES: Format = Format::Other(FormatName::new("notes"));

struct NotesConverter;

impl Converter for NotesConverter {
    fn name(&self) -> &'static str {
        "notes"
    }
    fn formats(&self) -> &'static [Format] {
        &[NOTES]
    }
    fn description(&self) -> &'static str {
        "notes: a NOTES: line, then one paragraph per line"
    }
    fn sniff(&self, head: &[u8]) -> Confidence {
        if head.starts_with(b"NOTES:") {
            Confidence::CERTAIN
        } else {
            Confidence::NONE
        }
    }
    fn convert(&self, bytes: &[u8], _: &Options) -> Result<Converted, Error> {
        let text = std::str::from_utf8(bytes).map_err(|e| Error::Malformed {
            format: "notes".into(),
            reason: e.to_string(),
        })?;
        let blocks = text
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| Block::Paragraph(Paragraph::new(l, None)))
            .collect();
        Ok(Converted::new(NOTES, Metadata::default(), blocks))
    }
}

const NOTES_FILE: &[u8] = "NOTES:\n第一条 会议纪要\n\n第二条 下次会议\n".as_bytes();

fn paragraphs(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_converter_for_a_format_the_core_does_not_know_converts_through_the_registry() {
    // Without it, the default registry reads the file as plain text.
    let plain = docmend::convert_bytes(
        &Registry::default(),
        NOTES_FILE,
        "minutes.notes",
        &Options::default(),
    );
    if let Ok(doc) = &plain {
        assert_ne!(doc.source.converter, "notes");
    }

    let mut registry = Registry::default();
    registry.register(NotesConverter);
    let doc = docmend::convert_bytes(&registry, NOTES_FILE, "minutes.notes", &Options::default())
        .unwrap();
    assert_eq!(doc.source.converter, "notes");
    assert_eq!(doc.source.format, NOTES);
    assert_eq!(
        paragraphs(&doc.blocks),
        ["第一条 会议纪要", "第二条 下次会议"]
    );
    // The built-in passes ran over its blocks like any other's.
    assert!(doc.source.passes.contains(&"repair".to_string()));

    // The format's name is what the output says, and it reads back.
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["source"]["format"], "notes");
    let back: docmend::Document = serde_json::from_value(json).unwrap();
    assert_eq!(back.source.format, NOTES);

    // Forcing the format finds the converter, also for bytes it would not sniff.
    assert_eq!(registry.format_named("NOTES"), Some(NOTES));
    let options = Options {
        forced_format: Some(NOTES),
        ..Options::default()
    };
    let forced = docmend::convert_bytes(&registry, "一\n二\n".as_bytes(), "x", &options).unwrap();
    assert_eq!(paragraphs(&forced.blocks), ["二"]);
    // Without the converter, forcing the format is a clear error.
    let missing = docmend::convert_bytes(&Registry::default(), NOTES_FILE, "x", &options)
        .expect_err("no notes converter in the default registry");
    assert!(
        matches!(missing, Error::ConverterMissing { .. }),
        "{missing}"
    );
    assert!(missing.to_string().contains("notes"), "{missing}");
}

/// Reads plain text like the built-in text converter would, claiming
/// the same confidence; only its priority decides the tie.
struct ShoutingText;

impl Converter for ShoutingText {
    fn name(&self) -> &'static str {
        "shouting"
    }
    fn formats(&self) -> &'static [Format] {
        &[Format::Text]
    }
    fn description(&self) -> &'static str {
        "plain text, upper-cased"
    }
    fn sniff(&self, head: &[u8]) -> Confidence {
        let builtin = docmend::converters::text::TextConverter;
        builtin.sniff(head)
    }
    fn convert(&self, bytes: &[u8], _: &Options) -> Result<Converted, Error> {
        let text = String::from_utf8_lossy(bytes).to_uppercase();
        let blocks = vec![Block::Paragraph(Paragraph::new(text.trim(), None))];
        Ok(Converted::new(Format::Text, Metadata::default(), blocks))
    }
}

#[test]
fn priority_decides_ties_and_registration_order_breaks_equal_priorities() {
    let input = b"quiet words\n";
    let options = Options::default();

    let mut same_priority = Registry::default();
    same_priority.register(ShoutingText);
    let doc = docmend::convert_bytes(&same_priority, input, "a.txt", &options).unwrap();
    assert_eq!(doc.source.converter, "text", "the built-in one came first");
    assert_eq!(
        same_priority.for_format(Format::Text).unwrap().name(),
        "text"
    );

    let mut higher = Registry::default();
    higher.register_with_priority(ShoutingText, 10);
    let doc = docmend::convert_bytes(&higher, input, "a.txt", &options).unwrap();
    assert_eq!(doc.source.converter, "shouting");
    assert_eq!(paragraphs(&doc.blocks), ["QUIET WORDS"]);
    assert_eq!(higher.for_format(Format::Text).unwrap().name(), "shouting");
    assert_eq!(higher.converters().next().unwrap().name(), "shouting");

    // Other files still go to the built-in converters.
    let html = b"<html><body><p>hello</p></body></html>";
    let doc = docmend::convert_bytes(&higher, html, "a.html", &options).unwrap();
    assert_eq!(doc.source.converter, "html");
}

/// A step of one's own: counts the paragraphs and says so.
struct CountParagraphs;

impl Step for CountParagraphs {
    fn name(&self) -> &str {
        "count-paragraphs"
    }
    fn run(&self, draft: &mut Draft) {
        let n = paragraphs(&draft.blocks).len();
        // A code of the step's own: docmend keeps it as written.
        let code = DiagnosticCode::parse("paragraphs_counted");
        draft
            .diagnostics
            .push(Diagnostic::new(code, format!("{n} paragraphs")).with_severity(Severity::Info));
    }
}

#[test]
fn a_pipeline_takes_steps_of_ones_own_and_drops_built_in_ones() {
    let mut registry = Registry::default();
    registry.register(NotesConverter);
    let mut pipeline = Pipeline::standard();
    assert!(pipeline.remove("profile"));
    assert!(!pipeline.remove("no-such-step"));
    pipeline.insert_before("repair", CountParagraphs);
    let names = pipeline.names();
    let at = names.iter().position(|n| *n == "count-paragraphs").unwrap();
    assert_eq!(names[at + 1], "repair");
    assert!(!names.contains(&"profile"));

    let doc = pipeline
        .convert(&registry, NOTES_FILE, "m.notes", &Options::default())
        .unwrap();
    let counted: Vec<&str> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "paragraphs_counted" && d.severity == Severity::Info)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(counted, ["2 paragraphs"]);
    assert!(doc.source.passes.contains(&"count-paragraphs".to_string()));
    assert!(!doc.source.passes.contains(&"profile".to_string()));

    // A step of one's own runs even when every built-in pass is off.
    let options = Options {
        passes: docmend::Passes::none(),
        ..Options::default()
    };
    let doc = pipeline
        .convert(&registry, NOTES_FILE, "m.notes", &options)
        .unwrap();
    assert_eq!(doc.source.passes, ["count-paragraphs"]);
}

/// A step that panics ends as an error for that one input, naming the step.
struct Panics;

impl Step for Panics {
    fn name(&self) -> &str {
        "panics"
    }
    fn run(&self, _: &mut Draft) {
        panic!("a bug in a step");
    }
}

#[test]
fn a_panicking_step_is_contained_by_the_pipeline() {
    let mut pipeline = Pipeline::standard();
    pipeline.push(Panics);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = pipeline.convert(
        &Registry::default(),
        b"text\n",
        "a.txt",
        &Options::default(),
    );
    std::panic::set_hook(hook);
    match result {
        Err(Error::Panicked { during, message }) => {
            assert_eq!(during, "step panics");
            assert_eq!(message, "a bug in a step");
        }
        other => panic!("expected a contained panic, got {other:?}"),
    }
}

#[test]
fn the_pipeline_refuses_inputs_over_the_input_limit() {
    let mut options = Options::default();
    assert_eq!(options.limits.max_input_bytes, 1 << 30);
    options.limits.max_input_bytes = 4;
    let error = docmend::convert_bytes(&Registry::default(), b"hello\n", "a.txt", &options)
        .expect_err("over the limit");
    assert!(
        matches!(error, Error::TooLarge { size: 6, limit: 4 }),
        "{error}"
    );
    options.limits.max_input_bytes = 6;
    assert!(docmend::convert_bytes(&Registry::default(), b"hello\n", "a.txt", &options).is_ok());
}
