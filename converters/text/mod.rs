//! The plain-text converter: exports in which tables collapsed into pipes
//! or tab-indented cell lines, in any encoding an archive holds.
//!
//! Parsing stays format-shaped: `lines` splits the decoded text into
//! numbered lines, `regions` finds which runs of lines are tables (pipe
//! or tab dialect) and which are prose, `pipes` and `tabbed` turn table
//! regions into cells as the export shows them (within the table
//! positions `budget` leaves the document), and `prose` splits lines
//! that an export ran together. Lowering produces paragraphs and raw tables;
//! headings, cleanup and the table repair happen later on the model.

mod budget;
mod header;
mod lines;
mod markdown;
mod pipes;
mod prose;
mod regions;
mod sound;
mod tabbed;

use docmend_core::converter::{Confidence, Converted, Converter, Options};
use docmend_core::error::Error;
use docmend_core::model::{Block, Format, Metadata, Paragraph};
use docmend_core::sniff::{self, Seen};
use regions::Region;

pub struct TextConverter;

impl Converter for TextConverter {
    fn name(&self) -> &'static str {
        "text"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Text]
    }

    fn description(&self) -> &'static str {
        "plain-text exports (UTF-8/16, GB18030/GBK, Big5, …) with pipe, tab or one-cell-per-line tables"
    }

    fn sniff(&self, head: &[u8]) -> Confidence {
        match sniff::identify(head) {
            Seen::Text => Confidence::LIKELY,
            _ => Confidence::NONE,
        }
    }

    fn convert(&self, bytes: &[u8], options: &Options) -> Result<Converted, Error> {
        let decoded = docmend_core::decode::decode_text(bytes);
        let all_lines = lines::split(&decoded.text);
        let mut blocks = Vec::new();
        let mut diagnostics = decoded.diagnostics;
        let mut metadata = Metadata::default();
        let lines = match header::read(&all_lines) {
            Some(header) => {
                diagnostics.push(header_read(&header, &all_lines));
                metadata.title = header.title;
                metadata.issuer = header.issuer;
                metadata.created = header.published;
                &all_lines[header.lines..]
            }
            None => &all_lines[..],
        };
        let mut budget = budget::TableBudget::new(options.limits.max_table_cells);
        for region in regions::find(lines) {
            match region {
                Region::Prose(range) => prose::lower(&lines[range], &mut blocks),
                Region::Pipes(range) => {
                    pipes::lower(&lines[range], &mut budget, &mut blocks, &mut diagnostics)
                }
                Region::Tabbed(range) => {
                    let (rows, cols) = tabbed::measure(&lines[range.clone()]);
                    if budget.take(rows.saturating_mul(cols)) {
                        blocks.push(Block::Table(tabbed::lower(&lines[range])));
                    } else {
                        budget.refuse(&lines[range], rows, cols, &mut blocks, &mut diagnostics);
                    }
                }
            }
        }
        blocks.retain(
            |b| !matches!(b, Block::Paragraph(Paragraph { text, .. }) if text.trim().is_empty()),
        );
        Ok(Converted::new(Format::Text, metadata, blocks)
            .with_encoding(decoded.encoding.to_string())
            .with_diagnostics(diagnostics))
    }
}

/// The report of a crawler's header read into the metadata.
fn header_read(
    header: &header::Header,
    lines: &[lines::Line<'_>],
) -> docmend_core::model::Diagnostic {
    let first = lines.first().map_or(1, |l| l.number);
    let last = lines
        .get(header.lines.saturating_sub(1))
        .map_or(first, |l| l.number);
    docmend_core::model::Diagnostic::new(
        docmend_core::model::DiagnosticCode::ExportHeaderRead,
        format!(
            "lines {first}–{last} are a crawler's header ({}): its title, publisher and date were read into the metadata and the lines left out of the text",
            header.keys.join(", ")
        ),
    )
    .with_origin(Some(docmend_core::model::Origin::lines(first, last)))
}
