//! The annual-report profile: recognises a Chinese government
//! information-disclosure annual report (政府信息公开工作年度报告), reads the
//! figures of its three template tables into typed statistics, and checks
//! the arithmetic the template demands.
//!
//! It works on the canonical model only, so every converter feeds it: the
//! tables are found by their labels (`applications`, `reviews`,
//! `proactive`), rows and columns are matched by label with the
//! tolerance of `labels` to typed keys ([`keys`]), figures joined without
//! separators are split by `runtogether`, the figures read decide the
//! [`template`], and `checks` runs the rules. A document that is not
//! such a report costs one scan of its headings and table labels.

mod applications;
mod checks;
mod collect;
pub mod figures;
mod identity;
mod in_text;
pub mod keys;
mod labels;
mod lookup;
mod placement;
mod printed;
mod proactive;
mod prose;
mod reviews;
mod runtogether;
mod sanity;
mod structure;
pub mod template;

use crate::model::{Block, Diagnostic, DocumentCheck, Metadata, Profile};
use collect::Collector;
// Figures in messages, written as the checks write them.
pub(crate) use collect::Shown;
use keys::StatTable;

/// The profile's `kind`: a Chinese government information-disclosure
/// annual report.
pub const KIND: &str = "gov_info_disclosure_annual_report";

/// The version of the profile's contract: its statistics keys, its checks
/// and the rules that place figures. Raised when any of them changes in a
/// way a consumer of `profile` would notice.
pub const VERSION: &str = "2";

/// Builds the profile of a report, filling `metadata` where it is unknown.
/// Returns `None` (and touches nothing) for other documents.
pub fn build(blocks: &[Block], metadata: &mut Metadata) -> (Option<Profile>, Vec<Diagnostic>) {
    if !is_annual_report(blocks, metadata) {
        return (None, Vec::new());
    }
    let mut out = Collector::default();
    // The template section the blocks stand in, and the last heading in
    // it: tables a tool cut into pieces are read by where they stand.
    let mut section = Section::Other;
    let mut subheading: Option<String> = None;
    let mut context = applications::RowContext::default();
    for (index, block) in blocks.iter().enumerate() {
        out.in_block(matches!(block, Block::Table(_)).then_some(index));
        match block {
            Block::Heading(h) => {
                let label = format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text);
                match Section::of(&h.text) {
                    Some(found) => {
                        section = found;
                        subheading = None;
                        context = applications::RowContext::default();
                    }
                    None => subheading = Some(label),
                }
            }
            Block::Table(table) => {
                if applications::is_application_table(table) {
                    applications::read_fragment(
                        table,
                        subheading.as_deref(),
                        &mut context,
                        &mut out,
                    );
                } else if reviews::is_review_table(table) {
                    reviews::read(table, &mut out);
                } else if proactive::is_proactive_table(table) {
                    proactive::read(table, &mut out);
                } else if section == Section::Applications {
                    applications::read_fragment(
                        table,
                        subheading.as_deref(),
                        &mut context,
                        &mut out,
                    );
                } else if section == Section::Reviews
                    && let Some(heading) = subheading.as_deref()
                {
                    reviews::read_fragment(table, heading, &mut out);
                }
            }
            _ => {}
        }
    }
    // What follows reads figures from the words, not from table cells.
    out.in_block(None);
    if !out.figures.has_table(StatTable::Applications) {
        read_run_together_section(blocks, &mut out);
    }
    // Tables an export ran into text: read from their sections' words.
    if !out.figures.has_table(StatTable::Reviews) {
        in_text::read_reviews(blocks, &mut out);
    }
    if !out.figures.has_table(StatTable::Proactive) {
        in_text::read_proactive(blocks, &mut out);
    }

    let identity = identity::identify(blocks, metadata);
    let template = out.template();
    let document_checks: Vec<DocumentCheck> = structure::check(blocks, &identity, &out.figures)
        .into_iter()
        .chain(sanity::check(&out.figures, template, &out.proactive))
        .collect();
    if metadata.title.is_none() {
        metadata.title = identity.title;
    }
    if metadata.issuer.is_none() {
        metadata.issuer = identity.issuer.clone();
    }
    if metadata.year.is_none() {
        metadata.year = identity.year;
    }
    let facts = checks::Facts {
        figures: &out.figures,
        not_numbers: &out.not_numbers,
        uncertain: &out.uncertain,
        template,
    };
    let (mut checks, mut unassessed) = checks::run(facts);
    // The text's statements of the tables' figures, after the arithmetic.
    prose::compare(blocks, facts, identity.year, &mut checks, &mut unassessed);
    let profile = Profile {
        kind: KIND.to_string(),
        version: VERSION.to_string(),
        template: template.as_str().to_string(),
        issuer: identity.issuer,
        year: identity.year,
        statistics: out.figures.to_statistics(),
        checks,
        unassessed,
        document_checks,
        value_counts: out.value_counts(),
        not_numbers: by_name(out.not_numbers),
        uncertain: by_name(out.uncertain),
        cells: out.cells,
    };
    (Some(profile), out.diagnostics)
}

/// A map by typed key as the profile holds it: by dotted key.
fn by_name<T>(
    map: std::collections::BTreeMap<keys::StatKey, T>,
) -> std::collections::BTreeMap<String, T> {
    map.into_iter()
        .map(|(key, value)| (key.as_str().to_string(), value))
        .collect()
}

/// A report is recognised from any of its parts: its title naming it (as
/// the title, a heading, or the opening words of a paragraph the export ran
/// together), one of the template's section headings or statements
/// wherever they stand, or one of the template's three tables.
fn is_annual_report(blocks: &[Block], metadata: &Metadata) -> bool {
    if metadata.title.as_deref().is_some_and(names_itself) {
        return true;
    }
    blocks.iter().enumerate().any(|(index, block)| match block {
        Block::Heading(h) => names_itself(&h.text) || template_marks(&h.text),
        Block::Paragraph(p) => {
            // A title run into the text stands at its start.
            (index < OPENING_BLOCKS && names_itself(head(&p.text, 80))) || template_marks(&p.text)
        }
        Block::Table(t) => {
            applications::is_application_table(t)
                || (reviews::is_review_table(t)
                    && t.cells.iter().any(|c| c.text.contains("复议后起诉")))
        }
        _ => false,
    })
}

/// The template's sections whose tables a tool may cut into pieces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Applications,
    Reviews,
    Other,
}

impl Section {
    /// The section a heading opens, or `None` for a heading inside one
    /// (a group of rows, a sub-heading).
    fn of(heading: &str) -> Option<Section> {
        if heading.contains("收到和处理政府信息公开申请") {
            Some(Section::Applications)
        } else if heading.contains("行政复议、行政诉讼") {
            Some(Section::Reviews)
        } else if [
            "主动公开政府信息情况",
            "存在的主要问题",
            "其他需要报告",
            "总体情况",
        ]
        .iter()
        .any(|s| heading.contains(s))
        {
            Some(Section::Other)
        } else {
            None
        }
    }
}

/// Blocks at the start of a document among which a title stands.
const OPENING_BLOCKS: usize = 8;

fn names_itself(text: &str) -> bool {
    text.contains("信息公开") && text.contains("年度报告")
}

/// The template's own words: its section headings and its application
/// table's first row label, which no other document prints.
fn template_marks(text: &str) -> bool {
    const MARKS: [&str; 3] = [
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "本年新收政府信息公开申请数量",
    ];
    MARKS.iter().any(|m| text.contains(m))
}

/// The first `chars` characters of a text.
fn head(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(i, _)| &text[..i])
}

/// Reports exported with no table at all: the application rows stand as
/// lines of text under 三、收到和处理政府信息公开申请情况, figures joined.
fn read_run_together_section(blocks: &[Block], out: &mut Collector) {
    let mut inside = false;
    let mut context = applications::RowContext::default();
    for block in blocks {
        match block {
            // The table's own top-level rows (`三、本年度办理结果`) are
            // numbered like sections; they do not end it.
            Block::Heading(h)
                if h.level == 1
                    && inside
                    && (labels::top_level_row(&h.text).is_some()
                        || h.text.contains("办理结果")) =>
            {
                let label = format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text);
                runtogether::read_line(&label, &mut context, out, h.origin.as_ref());
            }
            Block::Heading(h) if h.level == 1 => inside = h.text.contains("收到和处理"),
            // A group label alone on its line (`(五)不予处理`) became a
            // heading; it still sets the context of the rows below.
            Block::Heading(h) if inside => {
                let label = format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text);
                runtogether::read_line(&label, &mut context, out, h.origin.as_ref());
            }
            Block::Paragraph(p) if inside => {
                runtogether::read_line(&p.text, &mut context, out, p.origin.as_ref())
            }
            _ => {}
        }
    }
}
