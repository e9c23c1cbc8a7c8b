//! Lowers the DOCX-shaped model into canonical blocks.
//!
//! * A paragraph whose style (or own `w:outlineLvl`) makes it a heading
//!   becomes a heading of that level; its numbering is the list label Word
//!   draws, or else the numbering typed at the start of its text.
//! * Paragraphs in table-of-contents styles are left out (a contents list
//!   repeats the headings, with page numbers) and counted.
//! * A paragraph in the title style becomes a level-1 heading and, unless
//!   `docProps/core.xml` names one, the document title.
//! * Other paragraphs stay paragraphs, with their list label in front when
//!   it can be drawn; the shared heading pass later promotes short
//!   numbered ones.
//! * Tables are laid out by [`super::table`].
//! * Content attached to a body-level block (nested tables, text boxes)
//!   follows that block; footnotes and endnotes follow the whole body in
//!   the order they are cited. Each keeps the origin of the body-level
//!   block it belongs to.

use super::doc::{AttachedFrom, Item, Note, NoteKind, NoteRef, NumRef, Para, Tbl, Tc, TopBlock};
use super::numbering::{Counter, Label, Numbering};
use super::styles::Styles;
use crate::error::Error;
use crate::model::{Block, Diagnostic, Heading, Origin, Paragraph, Severity};
use std::collections::{HashMap, HashSet};

pub struct Lowered {
    pub blocks: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the first paragraph in the title style.
    pub title: Option<String>,
    /// How many attached blocks came from text boxes and nested tables.
    pub text_box_blocks: usize,
}

pub fn lower(
    mut body: Vec<TopBlock>,
    notes: Vec<Note>,
    styles: &Styles,
    numbering: &Numbering,
) -> Result<Lowered, Error> {
    join_deleted_marks(&mut body);
    let mut lowerer = Lowerer {
        styles,
        counter: Counter::new(numbering),
        budget: super::MAX_GRID_POSITIONS,
        out: Lowered {
            blocks: Vec::with_capacity(body.len()),
            diagnostics: Vec::new(),
            title: None,
            text_box_blocks: 0,
        },
        unrenderable: 0,
        contents: 0,
        cited: Vec::new(),
    };
    let mut last_index = 0;
    for (index, top) in body.iter_mut().enumerate() {
        last_index = index;
        let origin = Origin {
            paragraph: Some(index),
            ..Origin::default()
        };
        lowerer.item(&top.item, &origin)?;
        for attached in &top.attached {
            if attached.from == AttachedFrom::TextBox {
                lowerer.out.text_box_blocks += 1;
            }
            lowerer.item(&attached.item, &origin)?;
        }
    }
    lowerer.notes(notes, last_index)?;
    if lowerer.contents > 0 {
        lowerer.out.diagnostics.push(Diagnostic::new(
            Severity::Info,
            "table_of_contents_skipped",
            format!(
                "{} paragraphs of a table of contents were left out; the headings they list are in the text",
                lowerer.contents
            ),
        ));
    }
    if lowerer.unrenderable > 0 {
        lowerer.out.diagnostics.push(Diagnostic::new(
            Severity::Info,
            "list_numbering_omitted",
            format!(
                "{} list items use a numbering format that cannot be drawn as text; they are kept without their numbers",
                lowerer.unrenderable
            ),
        ));
    }
    Ok(lowerer.out)
}

/// A paragraph whose mark is a tracked deletion runs on into the next
/// paragraph, as Word shows it once the change is accepted.
fn join_deleted_marks(body: &mut [TopBlock]) {
    for i in 1..body.len() {
        let (before, after) = body.split_at_mut(i);
        if let (Item::Paragraph(first), Item::Paragraph(next)) =
            (&mut before[i - 1].item, &mut after[0].item)
            && first.mark_deleted
        {
            let mut text = std::mem::take(&mut first.text);
            text.push_str(&next.text);
            next.text = text;
            let mut notes = std::mem::take(&mut first.notes);
            notes.append(&mut next.notes);
            next.notes = notes;
        }
    }
}

struct Lowerer<'a> {
    styles: &'a Styles,
    counter: Counter<'a>,
    budget: usize,
    out: Lowered,
    unrenderable: usize,
    /// Table-of-contents paragraphs left out.
    contents: usize,
    /// Notes cited so far, with the body-level block that cites them.
    cited: Vec<(NoteRef, Origin)>,
}

impl Lowerer<'_> {
    fn item(&mut self, item: &Item, origin: &Origin) -> Result<(), Error> {
        match item {
            Item::Paragraph(para) => {
                if let Some(block) = self.paragraph(para, origin) {
                    self.out.blocks.push(block);
                }
            }
            Item::Table(tbl) => self.table(tbl, origin)?,
        }
        Ok(())
    }

    fn table(&mut self, tbl: &Tbl, origin: &Origin) -> Result<(), Error> {
        let mut diagnostics = Vec::new();
        let mut budget = self.budget;
        let built = {
            let mut text = |tc: &Tc| self.cell_text(tc, origin);
            super::table::build(tbl, &mut text, origin, &mut budget, &mut diagnostics)?
        };
        self.budget = budget;
        self.out.diagnostics.append(&mut diagnostics);
        if let Some(table) = built {
            self.out.blocks.push(Block::Table(table));
        }
        Ok(())
    }

    /// A cell's paragraphs, each with its list label, one per line.
    fn cell_text(&mut self, tc: &Tc, origin: &Origin) -> String {
        let mut out = String::new();
        let mut carried = String::new();
        for para in &tc.paras {
            let (label, _) = self.label(para, origin);
            if para.mark_deleted {
                carried.push_str(&para.text);
                continue;
            }
            let text = std::mem::take(&mut carried) + &para.text;
            if text.trim().is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            if let Some((number, separator)) = label {
                out.push_str(&number);
                out.push_str(separator);
            }
            out.push_str(&text);
        }
        if !carried.trim().is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&carried);
        }
        out
    }

    /// Counts the paragraph's list item and records its note citations;
    /// returns its drawable label and its style's meaning.
    fn label(
        &mut self,
        para: &Para,
        origin: &Origin,
    ) -> (Option<(String, &'static str)>, super::styles::Resolved) {
        for note in &para.notes {
            self.cited.push((note.clone(), origin.clone()));
        }
        let style = self.styles.get(para.style.as_deref());
        let num = match (para.num, style.num) {
            (Some(own), Some(inherited)) => Some(NumRef {
                num_id: own.num_id.or(inherited.num_id),
                level: own.level.or(inherited.level),
            }),
            (own, inherited) => own.or(inherited),
        };
        let label = match num.map(|n| self.counter.next(n, para.style.as_deref())) {
            Some(Label::Text(number, separator)) if !number.is_empty() => Some((number, separator)),
            Some(Label::Unrenderable) => {
                self.unrenderable += 1;
                None
            }
            _ => None,
        };
        (label, style)
    }

    fn paragraph(&mut self, para: &Para, origin: &Origin) -> Option<Block> {
        let (label, style) = self.label(para, origin);
        if para.text.trim().is_empty() {
            return None;
        }
        if style.toc {
            self.contents += 1;
            return None;
        }
        let level = match para.outline {
            Some(level) => (level < 9).then_some(level + 1),
            None => style.heading,
        };
        let origin = Some(origin.clone());
        if let Some(level) = level {
            let text = para.text.trim();
            let (numbering, text) = match &label {
                Some((number, _)) => (Some(number.trim().to_string()), text),
                None => match crate::numbering::parse(text) {
                    Some(n) => (Some(n.marker.trim().to_string()), n.rest.trim()),
                    None => (None, text),
                },
            };
            return Some(Block::Heading(Heading {
                links: Vec::new(),
                level,
                numbering,
                text: text.to_string(),
                origin,
            }));
        }
        if style.title {
            let text = para.text.trim().to_string();
            if self.out.title.is_none() {
                self.out.title = Some(text.clone());
            }
            return Some(Block::Heading(Heading {
                links: Vec::new(),
                level: 1,
                numbering: None,
                text,
                origin,
            }));
        }
        let text = match label {
            Some((number, separator)) => format!("{number}{separator}{}", para.text),
            None => para.text.clone(),
        };
        Some(Block::Paragraph(Paragraph {
            links: Vec::new(),
            text,
            origin,
        }))
    }

    /// Appends the cited notes in citation order, then any note nothing
    /// cites, so that no note text is lost.
    fn notes(&mut self, notes: Vec<Note>, last_index: usize) -> Result<(), Error> {
        if notes.is_empty() {
            return Ok(());
        }
        let mut by_ref: HashMap<(NoteKind, String), Note> = notes
            .into_iter()
            .map(|n| ((n.kind, n.id.clone()), n))
            .collect();
        let mut counts: HashMap<NoteKind, usize> = HashMap::new();
        let mut placed = HashSet::new();
        let cited = std::mem::take(&mut self.cited);
        let fallback = Origin {
            paragraph: Some(last_index),
            ..Origin::default()
        };
        let mut order: Vec<(NoteKind, String, Origin)> = cited
            .into_iter()
            .map(|(r, origin)| (r.kind, r.id, origin))
            .collect();
        let mut uncited: Vec<_> = by_ref.keys().cloned().collect();
        uncited.sort_by(|a, b| (a.0 as u8, &a.1).cmp(&(b.0 as u8, &b.1)));
        order.extend(uncited.into_iter().map(|(k, id)| (k, id, fallback.clone())));
        for (kind, id, origin) in order {
            if !placed.insert((kind, id.clone())) {
                continue;
            }
            let Some(note) = by_ref.remove(&(kind, id)) else {
                continue;
            };
            let before = self.out.blocks.len();
            for item in &note.items {
                self.item(item, &origin)?;
            }
            if self.out.blocks.len() > before {
                *counts.entry(kind).or_default() += 1;
            }
        }
        let footnotes = counts.get(&NoteKind::Footnote).copied().unwrap_or(0);
        let endnotes = counts.get(&NoteKind::Endnote).copied().unwrap_or(0);
        if footnotes + endnotes > 0 {
            self.out.diagnostics.push(Diagnostic::new(
                Severity::Info,
                "notes_appended",
                format!(
                    "{footnotes} footnotes and {endnotes} endnotes are placed after the body, in the order they are cited; each has the origin of the paragraph that cites it"
                ),
            ));
        }
        Ok(())
    }
}
