//! The diagnostic codes are a closed, documented list: every code written
//! while converting the files under `fixtures/` is one of
//! `DiagnosticCode::ALL`, with the severity and stage the list gives it, and
//! is in the table of codes in `docs/schema.md`; the codes' strings are
//! unique, and the stages they name exist.

mod common;

use common::files_under;
use docmend::diagnostic_code::Stage;
use docmend::model::{DiagnosticCode, Document};
use docmend::{Options, Pass, Passes, Registry};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The passes up to (not including) the `count`-th, in pipeline order.
fn first_passes(count: usize) -> Passes {
    let mut passes = Passes::none();
    for &pass in &Pass::ALL[..count] {
        passes.set(pass, true);
    }
    passes
}

/// Converts `path` with no pass, then (when the passes add diagnostics)
/// with each longer run of passes in pipeline order; a pass sees only what
/// the passes before it made, so each run's diagnostics begin with the
/// previous run's, and the ones it adds are the new pass's. Gives each diagnostic's code with the stage
/// that wrote it, or `None` when the file does not convert.
fn codes_by_stage(registry: &Registry, path: &Path) -> Option<Vec<(DiagnosticCode, Stage)>> {
    let bytes = std::fs::read(path).expect("fixture readable");
    let name = path.display().to_string();
    let convert = |passes: Passes| -> Option<Document> {
        let options = Options {
            passes,
            ..Options::default()
        };
        docmend::convert_bytes(registry, &bytes, &name, &options).ok()
    };
    let first = convert(Passes::none())?;
    let converter = registry
        .converters()
        .map(|c| c.name())
        .find(|&name| name == first.source.converter)
        .expect("the converter that read it is registered");
    let mut found: Vec<(DiagnosticCode, Stage)> = first
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), Stage::Converter(converter)))
        .collect();
    // Most files get no diagnostic from a pass: then one run says so.
    let all = convert(Passes::all()).expect("converts with every pass");
    assert!(all.diagnostics.starts_with(&first.diagnostics), "{name}");
    for d in &all.diagnostics {
        assert_eq!(
            Some(d.severity),
            d.code.severity(),
            "{name}: {} has its code's severity",
            d.code
        );
    }
    let passes_add = all.diagnostics.len() > first.diagnostics.len();
    let last = if passes_add { Pass::ALL.len() } else { 0 };
    let mut before = first.diagnostics;
    for count in 1..=last {
        let doc = convert(first_passes(count)).expect("converts with any passes");
        assert!(
            doc.diagnostics.starts_with(&before),
            "{name}: the diagnostics with {count} passes begin with those of the passes before"
        );
        let pass = Pass::ALL[count - 1].name();
        found.extend(
            doc.diagnostics[before.len()..]
                .iter()
                .map(|d| (d.code.clone(), Stage::Pass(pass))),
        );
        before = doc.diagnostics;
    }
    Some(found)
}

fn schema_md() -> String {
    std::fs::read_to_string(root().join("docs/schema.md")).expect("docs/schema.md")
}

#[test]
// Reads the fixtures of every format.
#[cfg(all(
    feature = "text",
    feature = "html",
    feature = "docx",
    feature = "spreadsheet",
    feature = "pdf",
    feature = "csv"
))]
fn every_code_written_for_the_fixtures_is_listed_with_its_stage() {
    let registry = Registry::default();
    let mut files = Vec::new();
    files_under(&root().join("fixtures"), &mut files);
    files.sort();
    let schema_md = schema_md();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut converted = 0;
    for path in &files {
        let Some(found) = codes_by_stage(&registry, path) else {
            continue;
        };
        converted += 1;
        for (code, stage) in found {
            let what = format!("{}: {code} from the {stage}", path.display());
            assert!(code.is_known(), "{what}: not in DiagnosticCode::ALL");
            assert!(
                code.stages().contains(&stage),
                "{what}: DiagnosticCode says it comes from {:?}",
                code.stages()
            );
            assert!(
                schema_md.contains(&format!("| `{code}` |")),
                "{what}: not in the table of codes in docs/schema.md"
            );
            seen.entry(code.to_string())
                .or_default()
                .insert(stage.to_string());
        }
    }
    assert!(converted > 100, "only {converted} fixtures converted");
    // The fixtures exercise a good part of the list; a drop means the walk
    // above stopped seeing diagnostics.
    assert!(seen.len() >= 30, "codes seen: {seen:#?}");
}

#[test]
fn codes_are_unique_and_name_real_stages() {
    let mut strings = HashSet::new();
    // docmend's converters, whether or not this build has them all.
    let converters = ["docx", "spreadsheet", "pdf", "html", "csv", "text"];
    let built: Vec<&str> = Registry::default().converters().map(|c| c.name()).collect();
    assert!(
        built.iter().all(|name| converters.contains(name)),
        "{built:?}"
    );
    let passes: Vec<&str> = Pass::ALL.iter().map(|p| p.name()).collect();
    for code in DiagnosticCode::ALL {
        assert!(strings.insert(code.as_str()), "{code} is listed twice");
        assert_eq!(&DiagnosticCode::parse(code.as_str()), code);
        for stage in code.stages() {
            match stage {
                Stage::Converter(name) => assert!(converters.contains(name), "{code}: {stage}"),
                Stage::Pass(name) => assert!(passes.contains(name), "{code}: {stage}"),
            }
        }
    }
    let schema_md = schema_md();
    for code in DiagnosticCode::ALL {
        assert!(
            schema_md.contains(&format!("| `{code}` |")),
            "{code} is missing from docs/schema.md"
        );
    }
}

/// A document written by another version may hold a code this one does not
/// know: it reads, keeps the code as written, and writes it back unchanged.
#[test]
#[cfg(feature = "text")]
fn documents_with_unknown_codes_read_and_write_back_unchanged() {
    let seed = root().join("fixtures/text/000_9cf56e95910a791d.txt");
    let doc = docmend::convert_bytes(
        &Registry::default(),
        &std::fs::read(&seed).expect("seed readable"),
        "seed.txt",
        &Options::default(),
    )
    .expect("seed converts");
    assert!(!doc.diagnostics.is_empty(), "the seed has diagnostics");
    // `diagnostics` is the document's last field: add one to its end.
    let written = serde_json::to_string(&doc).expect("serialises");
    let later = r#"{"severity":"info","code":"written_by_a_later_release","message":"something else happened"}"#;
    let text = format!(
        "{},{later}]}}",
        written.strip_suffix("]}").expect("ends the list")
    );

    let read: Document = serde_json::from_str(&text).expect("an unknown code reads");
    let unknown = read.diagnostics.last().expect("the added diagnostic");
    assert!(!unknown.code.is_known());
    assert_eq!(unknown.code.as_str(), "written_by_a_later_release");
    assert_eq!(read.diagnostics[..doc.diagnostics.len()], doc.diagnostics);
    assert_eq!(serde_json::to_string(&read).expect("serialises"), text);
}
