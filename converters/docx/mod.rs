//! The DOCX converter: Word, WPS and LibreOffice documents, read straight
//! from the package with `zip` and a streaming `quick-xml` walk.
//!
//! Parsing stays DOCX-shaped: `package` opens the archive and finds the
//! parts through their relationships, `xml` walks one part (namespaces,
//! Markup Compatibility, limits, errors), `body` reads the story parts
//! into the model of `doc`, `styles` and `numbering` read the style
//! and list definitions, `properties` the title. `lower` then produces the
//! canonical blocks, with `table` laying tables out on their grid with
//! exact spans (`w:gridSpan`, `w:vMerge`, `w:gridBefore`/`w:gridAfter`).
//!
//! A hand-written reader rather than a DOCX crate, because the crates
//! tried either drop merged-cell information, fail whole documents on
//! percentage widths, or lose tracked insertions and nested tables (see
//! `docs/converters/docx.md`).

mod body;
mod doc;
mod lists;
mod lower;
mod math;
mod numbering;
mod package;
mod properties;
mod styles;
mod symbol;
mod table;
mod xml;

use body::{BodyReader, Story};
use doc::Counts;
use docmend_core::converter::{Confidence, Converted, Converter, Options};
use docmend_core::error::Error;
use docmend_core::model::{Diagnostic, DiagnosticCode, Format, Metadata};
use docmend_core::sniff::{self, ZipKind};
use package::{Package, PartKind, Relationships};
use xml::Visitor;

pub struct DocxConverter;

impl Converter for DocxConverter {
    fn name(&self) -> &'static str {
        "docx"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Docx]
    }

    fn description(&self) -> &'static str {
        "Word documents (.docx from Word, WPS, LibreOffice) with merged table cells, tracked changes, text boxes and notes"
    }

    fn sniff(&self, head: &[u8]) -> Confidence {
        match sniff::zip_kind(head) {
            Some(ZipKind::Docx) => Confidence::CERTAIN,
            // Entries in an unusual order (or a plain ZIP): read it if
            // nothing else claims it; a missing document is a clear error.
            Some(ZipKind::Other) => Confidence::FALLBACK,
            _ => Confidence::NONE,
        }
    }

    fn convert(&self, bytes: &[u8], options: &Options) -> Result<Converted, Error> {
        let mut package = Package::open(bytes, options.limits)?;
        let main = package.main_document()?;
        let mut diagnostics = Vec::new();
        let rels = match package.relationships_of(&main) {
            Ok(rels) => rels,
            Err(error) => {
                unreadable(&mut diagnostics, &error);
                Relationships::default()
            }
        };
        let dir = main
            .rfind('/')
            .map_or("", |slash| &main[..=slash])
            .to_string();
        // A part named by the document's relationships, or at its usual place.
        let part = |kind: &str, file: &str| -> String {
            rels.first_of(kind)
                .map_or_else(|| format!("{dir}{file}"), str::to_string)
        };

        let mut styles_reader = styles::StylesReader::default();
        optional(
            &mut package,
            &part("styles", "styles.xml"),
            &mut styles_reader,
            &mut diagnostics,
        );
        let styles = styles_reader.finish();
        let mut numbering_reader = numbering::NumberingReader::default();
        optional(
            &mut package,
            &part("numbering", "numbering.xml"),
            &mut numbering_reader,
            &mut diagnostics,
        );
        let numbering = numbering_reader.finish();

        let mut reader = BodyReader::new(Story::Main).with_link_targets(rels.hyperlinks().clone());
        package.walk(&main, PartKind::Main, &mut reader)?;
        let parsed = reader.finish();
        let mut counts = parsed.counts;

        let mut notes = Vec::new();
        for (kind, file) in [("footnotes", "footnotes.xml"), ("endnotes", "endnotes.xml")] {
            let name = part(kind, file);
            let targets = package
                .relationships_of(&name)
                .map(|r| r.hyperlinks().clone())
                .unwrap_or_default();
            let mut reader = BodyReader::new(Story::Notes).with_link_targets(targets);
            if optional(&mut package, &name, &mut reader, &mut diagnostics) {
                let parsed = reader.finish();
                add_counts(&mut counts, &parsed.counts);
                notes.extend(parsed.notes);
            }
        }

        skipped_stories(&mut package, &rels, &dir, &mut diagnostics);

        let mut metadata = Metadata::default();
        let mut core_reader = properties::CoreReader::default();
        if let Some(name) = core_part(&mut package)
            && optional(&mut package, &name, &mut core_reader, &mut diagnostics)
        {
            let properties = core_reader.finish();
            metadata.title = properties.title;
            metadata.author = properties.author;
            metadata.created = properties.created;
        }

        let lowered = lower::lower(
            parsed.blocks,
            notes,
            &styles,
            &numbering,
            options.limits.max_table_cells,
        )?;
        if metadata.title.is_none() {
            metadata.title = lowered.title.clone();
        }
        report_counts(&counts, lowered.text_box_blocks, &mut diagnostics);
        for (part, walked) in package.unexpanded_entities() {
            diagnostics.push(entities_not_expanded(part, walked));
        }
        diagnostics.extend(lowered.diagnostics);
        Ok(Converted::new(Format::Docx, metadata, lowered.blocks).with_diagnostics(diagnostics))
    }
}

/// Reads an optional part: a missing part is nothing, an unreadable one a
/// warning (the document body can still be read without it). Returns
/// whether the part was read.
fn optional(
    package: &mut Package<'_>,
    name: &str,
    visitor: &mut impl Visitor,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if !package.has(name) {
        return false;
    }
    match package.walk(name, PartKind::Other, visitor) {
        Ok(()) => true,
        Err(error) => {
            unreadable(diagnostics, &error);
            false
        }
    }
}

/// A part that defines entities in a DTD: they were not expanded, and the
/// text of each reference to them is missing.
fn entities_not_expanded(part: &str, walked: &xml::Walked) -> Diagnostic {
    let references = match (walked.unexpanded, &walked.first_unexpanded) {
        (0, _) | (_, None) => "the part's text does not use them (an attribute that does \
                               keeps the reference as written)"
            .to_string(),
        (1, Some(first)) => format!("the text of 1 reference to them ({first}) is missing"),
        (n, Some(first)) => {
            format!("the text of {n} references to them (the first {first}) is missing")
        }
    };
    let defines = if walked.defines_entities {
        "defines XML entities in a DTD"
    } else {
        "refers to XML entities"
    };
    Diagnostic::new(
        DiagnosticCode::EntitiesNotExpanded,
        format!(
            "{part} {defines}, which Word documents may not (nested entities can ask for \
             gigabytes); they were not expanded, and {references}"
        ),
    )
}

fn unreadable(diagnostics: &mut Vec<Diagnostic>, error: &Error) {
    let reason = match error {
        Error::Malformed { reason, .. } => reason.clone(),
        other => other.to_string(),
    };
    diagnostics.push(Diagnostic::new(
        DiagnosticCode::PartUnreadable,
        format!("{reason}; the document was read without it"),
    ));
}

fn core_part(package: &mut Package<'_>) -> Option<String> {
    let rels = package.relationships_of("").ok()?;
    let name = rels
        .first_of("core-properties")
        .map(str::to_string)
        .unwrap_or_else(|| "docProps/core.xml".to_string());
    package.has(&name).then_some(name)
}

/// Page headers, footers and comments are not part of the reading text:
/// they are left out, and said so when they hold text.
fn skipped_stories(
    package: &mut Package<'_>,
    rels: &Relationships,
    dir: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut headers: Vec<String> = rels
        .all_of("header")
        .chain(rels.all_of("footer"))
        .map(str::to_string)
        .collect();
    if headers.is_empty() {
        headers = package
            .names()
            .iter()
            .filter(|n| {
                n.strip_prefix(dir).is_some_and(|f| {
                    (f.starts_with("header") || f.starts_with("footer"))
                        && f.ends_with(".xml")
                        && !f.contains('/')
                })
            })
            .cloned()
            .collect();
    }
    let mut with_text = 0;
    let mut sample = None;
    for name in &headers {
        if let Some(text) = story_text(package, name, diagnostics) {
            with_text += 1;
            sample.get_or_insert(text);
        }
    }
    if let Some(sample) = sample {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::HeaderFooterSkipped,
            format!(
                "page headers and footers are left out ({with_text} with text, such as {})",
                docmend_core::blocks::quote(&sample)
            ),
        ));
    }
    let comments = rels
        .first_of("comments")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{dir}comments.xml"));
    if let Some(text) = story_text(package, &comments, diagnostics) {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::CommentsSkipped,
            format!(
                "reviewers' comments are left out (such as {})",
                docmend_core::blocks::quote(&text)
            ),
        ));
    }
}

/// The first non-empty paragraph text of a story part, if any.
fn story_text(
    package: &mut Package<'_>,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let mut reader = BodyReader::new(Story::Main);
    if !optional(package, name, &mut reader, diagnostics) {
        return None;
    }
    let parsed = reader.finish();
    parsed.blocks.iter().find_map(|b| match &b.item {
        doc::Item::Paragraph(p) if !p.text.trim().is_empty() => Some(p.text.trim().to_string()),
        doc::Item::Table(t) => t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .flat_map(|c| &c.items)
            .find_map(|item| match item {
                doc::Item::Paragraph(p) if !p.text.trim().is_empty() => {
                    Some(p.text.trim().to_string())
                }
                _ => None,
            }),
        _ => None,
    })
}

fn add_counts(total: &mut Counts, more: &Counts) {
    total.insertions += more.insertions;
    total.deletions += more.deletions;
    total.text_boxes += more.text_boxes;
    total.nested_tables += more.nested_tables;
    total.objects += more.objects;
    total.alt_chunks += more.alt_chunks;
    total.clamped_spans += more.clamped_spans;
    total.symbols_dropped += more.symbols_dropped;
    total.hidden_runs += more.hidden_runs;
}

fn report_counts(counts: &Counts, text_box_blocks: usize, diagnostics: &mut Vec<Diagnostic>) {
    let mut say = |code, message: String| {
        diagnostics.push(Diagnostic::new(code, message));
    };
    if counts.insertions + counts.deletions > 0 {
        say(
            DiagnosticCode::TrackedChangesAccepted,
            format!(
                "the document holds tracked changes; they are read as accepted: {} insertions kept, {} deletions dropped",
                counts.insertions, counts.deletions
            ),
        );
    }
    if text_box_blocks > 0 {
        say(
            DiagnosticCode::TextBoxContentPlaced,
            format!(
                "{text_box_blocks} paragraphs or tables from {} text boxes are placed after the paragraph that anchors them",
                counts.text_boxes
            ),
        );
    }
    if counts.objects > 0 {
        say(
            DiagnosticCode::EmbeddedObjectSkipped,
            format!(
                "{} embedded objects (such as a spreadsheet pasted as an object) were skipped; their content is not in the document's text",
                counts.objects
            ),
        );
    }
    if counts.alt_chunks > 0 {
        say(
            DiagnosticCode::AltChunkSkipped,
            format!(
                "{} imported chunks (w:altChunk: HTML or RTF kept in separate parts) were skipped",
                counts.alt_chunks
            ),
        );
    }
    if counts.hidden_runs > 0 {
        say(
            DiagnosticCode::HiddenTextSkipped,
            format!(
                "{} pieces of hidden text (formatted as hidden, so Word does not show them) were left out",
                counts.hidden_runs
            ),
        );
    }
    if counts.symbols_dropped > 0 {
        say(
            DiagnosticCode::SymbolSkipped,
            format!(
                "{} characters inserted from symbol fonts other than Symbol (such as Wingdings) have no text equivalent and were left out",
                counts.symbols_dropped
            ),
        );
    }
    if counts.clamped_spans > 0 {
        say(
            DiagnosticCode::SpanClamped,
            format!(
                "{} table spans larger than {} grid columns were clamped",
                counts.clamped_spans,
                body::MAX_SPAN
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_header(name: &str) -> Vec<u8> {
        let mut header = b"PK\x03\x04".to_vec();
        header.extend([0u8; 22]);
        header.extend((name.len() as u16).to_le_bytes());
        header.extend([0u8; 2]);
        header.extend(name.as_bytes());
        header
    }

    #[test]
    fn sniffing_reads_entry_names() {
        let mut docx = local_header("[Content_Types].xml");
        docx.extend(b"....compressed....");
        docx.extend(local_header("word/document.xml"));
        assert_eq!(DocxConverter.sniff(&docx), Confidence::CERTAIN);
        assert_eq!(
            DocxConverter.sniff(&local_header("xl/workbook.xml")),
            Confidence::NONE
        );
        assert_eq!(
            DocxConverter.sniff(&local_header("mimetype")),
            Confidence::NONE
        );
        assert_eq!(
            DocxConverter.sniff(&local_header("[Content_Types].xml")),
            Confidence::FALLBACK
        );
        assert_eq!(DocxConverter.sniff(b"%PDF-1.7"), Confidence::NONE);
    }
}
