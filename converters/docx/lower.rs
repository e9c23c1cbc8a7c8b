//! Lowers the DOCX-shaped model into canonical blocks.
//!
//! * A paragraph whose style (or own `w:outlineLvl`) makes it a heading
//!   becomes a heading of that level; its numbering is the list label Word
//!   draws, or else the numbering typed at the start of its text.
//! * Paragraphs in table-of-contents styles are left out (a contents list
//!   repeats the headings, with page numbers) and counted.
//! * A paragraph in the title style becomes a level-1 heading and, unless
//!   `docProps/core.xml` names one, the document title.
//! * A paragraph that belongs to a list becomes a list item; [`super::lists`]
//!   groups the items into lists (and keeps the section numbers of Chinese
//!   reports as numbered paragraphs).
//! * Other paragraphs stay paragraphs; the shared heading pass later
//!   promotes short numbered ones.
//! * Hyperlinks become the block's links, found in its final text.
//! * Tables are laid out by [`super::table`]. A table that only frames
//!   its content (a single cell, or cells that hold nothing but tables) is
//!   read as that content; a table nested in a cell of a real table is
//!   written into the cell's text, a row per line, cells separated by tabs.
//! * Content attached to a body-level block (text boxes) follows that
//!   block; footnotes and endnotes follow the whole body in the order they
//!   are cited. Each keeps the origin of the body-level block it belongs to.

use super::doc::{
    AttachedFrom, Item, Note, NoteKind, NoteRef, NumRef, Para, RawLink, Tbl, Tc, TopBlock,
};
use super::lists::{self, ListPara, Piece};
use super::numbering::{Counted, Counter, Label, Numbering};
use super::styles::Styles;
use docmend_core::error::Error;
use docmend_core::model::{Block, Diagnostic, DiagnosticCode, Heading, Link, Origin, Paragraph};
use std::collections::{HashMap, HashSet};

/// Frames inside frames are read as their content this deep; deeper ones
/// are kept as tables, and tables nested deeper than this in cells give
/// their text only, so hostile nesting cannot exhaust the call stack.
const MAX_TABLE_NESTING: usize = 8;

pub struct Lowered {
    pub blocks: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the first paragraph in the title style.
    pub title: Option<String>,
    /// How many attached blocks came from text boxes.
    pub text_box_blocks: usize,
}

pub fn lower(
    mut body: Vec<TopBlock>,
    notes: Vec<Note>,
    styles: &Styles,
    numbering: &Numbering,
    max_table_cells: u64,
) -> Result<Lowered, Error> {
    join_deleted_marks(&mut body);
    let mut lowerer = Lowerer {
        styles,
        counter: Counter::new(numbering),
        budget: super::table::GridBudget::new(max_table_cells),
        pieces: Vec::with_capacity(body.len()),
        diagnostics: Vec::new(),
        title: None,
        text_box_blocks: 0,
        unrenderable: 0,
        contents: 0,
        frames: 0,
        in_cells: 0,
        moved: 0,
        cited: Vec::new(),
    };
    let mut last_index = 0;
    for (index, top) in body.iter_mut().enumerate() {
        last_index = index;
        let origin = Origin {
            paragraph: Some(index),
            ..Origin::default()
        };
        lowerer.item(&top.item, &origin, 0)?;
        for attached in &top.attached {
            match attached.from {
                AttachedFrom::TextBox => lowerer.text_box_blocks += 1,
                AttachedFrom::NestedTable => lowerer.moved += 1,
                AttachedFrom::Paragraph => {}
            }
            lowerer.item(&attached.item, &origin, 0)?;
        }
    }
    lowerer.notes(notes, last_index)?;
    Ok(lowerer.finish())
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
            join_paragraphs(first, next);
        }
    }
}

/// Moves `first`'s text, notes and links to the front of `next`.
fn join_paragraphs(first: &mut Para, next: &mut Para) {
    let shift = first.text.len();
    let mut text = std::mem::take(&mut first.text);
    text.push_str(&next.text);
    next.text = text;
    let mut notes = std::mem::take(&mut first.notes);
    notes.append(&mut next.notes);
    next.notes = notes;
    let mut links = std::mem::take(&mut first.links);
    links.extend(next.links.drain(..).map(|l| RawLink {
        start: l.start + shift,
        end: l.end + shift,
        target: l.target,
    }));
    next.links = links;
}

/// The links of `para` whose words occur in `text` (the block's text as
/// written out), in order of occurrence. A link whose words are not there
/// (they were part of a numbering moved out of the text) is left out.
fn links_in(text: &str, para: &Para) -> Vec<Link> {
    let mut raw: Vec<&RawLink> = para.links.iter().collect();
    raw.sort_by_key(|l| (l.start, std::cmp::Reverse(l.end)));
    let mut links = Vec::new();
    let mut cursor = 0;
    for link in raw {
        let Some(anchor) = para.text.get(link.start..link.end).map(str::trim) else {
            continue;
        };
        if anchor.is_empty() {
            continue;
        }
        if let Some(at) = text.get(cursor..).and_then(|rest| rest.find(anchor)) {
            links.push(Link {
                anchor: anchor.to_string(),
                target: link.target.clone(),
            });
            cursor += at + anchor.len();
        }
    }
    links
}

struct Lowerer<'a> {
    styles: &'a Styles,
    counter: Counter<'a>,
    /// The grid positions the document's tables may still take.
    budget: super::table::GridBudget,
    pieces: Vec<Piece>,
    diagnostics: Vec<Diagnostic>,
    title: Option<String>,
    text_box_blocks: usize,
    unrenderable: usize,
    /// Table-of-contents paragraphs left out.
    contents: usize,
    /// Tables read as the content they frame.
    frames: usize,
    /// Tables written into the text of the cell that holds them.
    in_cells: usize,
    /// Tables found inside a table but outside any cell, placed after it.
    moved: usize,
    /// Notes cited so far, with the body-level block that cites them.
    cited: Vec<(NoteRef, Origin)>,
}

impl Lowerer<'_> {
    fn finish(self) -> Lowered {
        let (blocks, sections) = lists::assemble(self.pieces);
        let mut diagnostics = self.diagnostics;
        let mut say = |code, message: String| {
            diagnostics.push(Diagnostic::new(code, message));
        };
        if sections > 0 {
            say(
                DiagnosticCode::ListNumberedSections,
                format!(
                    "{sections} paragraphs numbered by a list definition in the style of section numbers (一、, （一）) stand apart from other items of their list, as section numbers do; they are kept as paragraphs with the number written in front"
                ),
            );
        }
        if self.contents > 0 {
            say(
                DiagnosticCode::TableOfContentsSkipped,
                format!(
                    "{} paragraphs of a table of contents were left out; the headings they list are in the text",
                    self.contents
                ),
            );
        }
        if self.unrenderable > 0 {
            say(
                DiagnosticCode::ListNumberingOmitted,
                format!(
                    "{} list items use a numbering format that cannot be drawn as text; they are kept without their numbers",
                    self.unrenderable
                ),
            );
        }
        if self.frames > 0 {
            say(
                DiagnosticCode::LayoutTableUnwrapped,
                format!(
                    "{} tables of a single cell, or whose cells hold nothing but tables, frame their content rather than tabulate it; their paragraphs and tables are read in their place",
                    self.frames
                ),
            );
        }
        if self.in_cells > 0 {
            say(
                DiagnosticCode::NestedTableInCell,
                format!(
                    "{} tables nested inside table cells are written into their cell's text, a row per line with cells separated by tabs",
                    self.in_cells
                ),
            );
        }
        if self.moved > 0 {
            say(
                DiagnosticCode::NestedTableMoved,
                format!(
                    "{} tables found inside a table but outside its cells are listed after the table that holds them",
                    self.moved
                ),
            );
        }
        Lowered {
            blocks,
            diagnostics,
            title: self.title,
            text_box_blocks: self.text_box_blocks,
        }
    }

    fn push(&mut self, block: Block) {
        self.pieces.push(Piece::Block(block));
    }

    fn item(&mut self, item: &Item, origin: &Origin, depth: usize) -> Result<(), Error> {
        match item {
            Item::Paragraph(para) => self.paragraph(para, origin),
            Item::Table(tbl) if depth < MAX_TABLE_NESTING && is_frame(tbl) => {
                self.frames += 1;
                for tc in tbl
                    .rows
                    .iter()
                    .filter(|r| !r.deleted)
                    .flat_map(|r| &r.cells)
                {
                    for inner in &tc.items {
                        self.item(inner, origin, depth + 1)?;
                    }
                }
            }
            Item::Table(tbl) => {
                if let Some(table) = self.table(tbl, origin, depth)? {
                    self.push(Block::Table(table));
                }
            }
        }
        Ok(())
    }

    fn table(
        &mut self,
        tbl: &Tbl,
        origin: &Origin,
        depth: usize,
    ) -> Result<Option<docmend_core::model::Table>, Error> {
        let mut diagnostics = Vec::new();
        let start = self.budget.left;
        let mut budget = self.budget;
        let mut failed = None;
        let built = {
            let mut text = |tc: &Tc| match self.cell_text(tc, origin, depth) {
                Ok(text) => text,
                Err(error) => {
                    failed.get_or_insert(error);
                    String::new()
                }
            };
            super::table::build(tbl, &mut text, origin, &mut budget, &mut diagnostics)?
        };
        if let Some(error) = failed {
            return Err(error);
        }
        // Tables nested in the cells took their positions from
        // `self.budget` while this one was laid out.
        self.budget.left = self.budget.left.saturating_sub(start - budget.left);
        self.diagnostics.append(&mut diagnostics);
        Ok(built)
    }

    /// A cell's paragraphs, each with its list number, and the tables
    /// nested in it, one line each.
    fn cell_text(&mut self, tc: &Tc, origin: &Origin, depth: usize) -> Result<String, Error> {
        let mut lines: Vec<String> = Vec::new();
        let mut carried = String::new();
        for item in &tc.items {
            let para = match item {
                Item::Paragraph(para) => para,
                Item::Table(tbl) => {
                    self.in_cells += 1;
                    let text = if depth < MAX_TABLE_NESTING {
                        self.table(tbl, origin, depth + 1)?
                            .map(|t| flattened(&t))
                            .unwrap_or_default()
                    } else {
                        plain_text(tbl)
                    };
                    if !text.trim().is_empty() {
                        lines.push(text);
                    }
                    continue;
                }
            };
            let counted = self.count(para, origin);
            if para.mark_deleted {
                carried.push_str(&para.text);
                continue;
            }
            let text = std::mem::take(&mut carried) + &para.text;
            if text.trim().is_empty() {
                continue;
            }
            // A list item in a cell is a line of its own after its marker,
            // nested items indented two spaces a level, bullets written as
            // `- `: the way the HTML converter writes lists in cells.
            let indent = |level: u8| "  ".repeat(usize::from(level));
            match counted.map(|c| (c.label, c.level)) {
                Some((Label::Number(number, separator), level)) => {
                    lines.push(format!("{}{number}{separator}{text}", indent(level)))
                }
                Some((Label::Bullet(Some(_)), level)) => {
                    lines.push(format!("{}- {text}", indent(level)))
                }
                _ => lines.push(text),
            }
        }
        if !carried.trim().is_empty() {
            lines.push(carried);
        }
        Ok(lines.join("\n"))
    }

    /// Counts the paragraph's list item and records its note citations;
    /// returns how the paragraph is counted, if it is a list paragraph.
    fn count(&mut self, para: &Para, origin: &Origin) -> Option<Counted> {
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
        let counted = num.and_then(|n| self.counter.next(n, para.style.as_deref()));
        if counted
            .as_ref()
            .is_some_and(|c| c.label == Label::Unrenderable)
        {
            self.unrenderable += 1;
        }
        counted
    }

    fn paragraph(&mut self, para: &Para, origin: &Origin) {
        let counted = self.count(para, origin);
        if para.text.trim().is_empty() {
            return;
        }
        let style = self.styles.get(para.style.as_deref());
        if style.toc {
            self.contents += 1;
            return;
        }
        let level = match para.outline {
            Some(level) => (level < 9).then_some(level + 1),
            None => style.heading,
        };
        let origin_of_block = Some(origin.clone());
        if let Some(level) = level {
            let text = para.text.trim();
            let (numbering, text) = match counted.map(|c| c.label) {
                Some(Label::Number(number, _)) => (Some(number.trim().to_string()), text),
                _ => match docmend_core::numbering::parse(text) {
                    Some(n) => (Some(n.marker.trim().to_string()), n.rest.trim()),
                    None => (None, text),
                },
            };
            let links = links_in(text, para);
            self.push(Block::Heading(Heading {
                links,
                level,
                numbering,
                text: text.to_string(),
                origin: origin_of_block,
            }));
            return;
        }
        if style.title {
            let text = para.text.trim().to_string();
            if self.title.is_none() {
                self.title = Some(text.clone());
            }
            let links = links_in(&text, para);
            self.push(Block::Heading(Heading {
                links,
                level: 1,
                numbering: None,
                text,
                origin: origin_of_block,
            }));
            return;
        }
        // A level that draws nothing (format `none`) makes no list item.
        if let Some(counted) = counted.filter(|c| c.label != Label::Nothing) {
            let (ordered, marker, separator) = match counted.label {
                Label::Number(number, separator) => {
                    (true, Some(number.trim().to_string()), separator)
                }
                Label::Bullet(bullet) => (false, bullet, " "),
                Label::Unrenderable | Label::Nothing => (true, None, ""),
            };
            let text = para.text.trim().to_string();
            let links = links_in(&text, para);
            self.pieces.push(Piece::Item(ListPara {
                list: counted.list,
                ilvl: counted.level,
                restarted: counted.restarted,
                ordered,
                marker,
                separator,
                text,
                links,
                origin: origin.clone(),
            }));
            return;
        }
        let text = para.text.clone();
        let links = links_in(&text, para);
        let paragraph = Paragraph {
            links,
            text,
            origin: origin_of_block,
        };
        // Numbering switched off on the paragraph itself (`w:numId` 0).
        if para.num.is_some_and(|n| n.num_id == Some(0)) {
            self.pieces.push(Piece::Continuation(paragraph));
        } else {
            self.push(Block::Paragraph(paragraph));
        }
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
            let before = self.pieces.len();
            for item in &note.items {
                self.item(item, &origin, 0)?;
            }
            if self.pieces.len() > before {
                *counts.entry(kind).or_default() += 1;
            }
        }
        let footnotes = counts.get(&NoteKind::Footnote).copied().unwrap_or(0);
        let endnotes = counts.get(&NoteKind::Endnote).copied().unwrap_or(0);
        if footnotes + endnotes > 0 {
            self.diagnostics.push(Diagnostic::new(
                DiagnosticCode::NotesAppended,
                format!(
                    "{footnotes} footnotes and {endnotes} endnotes are placed after the body, in the order they are cited; each has the origin of the paragraph that cites it"
                ),
            ));
        }
        Ok(())
    }
}

/// Whether a table only frames its content: it has a single cell, or its
/// cells hold tables and no text of their own. Such a table is read as
/// the paragraphs and tables inside it.
fn is_frame(tbl: &Tbl) -> bool {
    let cells: Vec<&Tc> = tbl
        .rows
        .iter()
        .filter(|r| !r.deleted)
        .flat_map(|r| &r.cells)
        .collect();
    let single = cells.len() == 1
        && tbl
            .rows
            .iter()
            .filter(|r| !r.deleted)
            .all(|r| r.grid_before == 0 && r.grid_after == 0);
    let items = || cells.iter().flat_map(|c| &c.items);
    let holds_tables = items().any(|i| matches!(i, Item::Table(_)));
    let own_text = items().any(|i| matches!(i, Item::Paragraph(p) if !p.text.trim().is_empty()));
    single || (holds_tables && !own_text)
}

/// A nested table as text: each row on a line, the texts of the cells that
/// start in it separated by tabs (line breaks inside a cell become spaces).
fn flattened(table: &docmend_core::model::Table) -> String {
    let mut rows = vec![Vec::new(); table.n_rows];
    for cell in &table.cells {
        if let Some(row) = rows.get_mut(cell.row) {
            row.push(cell.text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    rows.into_iter()
        .map(|cells| cells.join("\t").trim_end().to_string())
        .filter(|row| !row.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of a table nested too deep to lay out: its paragraphs, one per
/// line, collected without recursion.
fn plain_text(tbl: &Tbl) -> String {
    let mut lines = Vec::new();
    let mut stack: Vec<&Tbl> = vec![tbl];
    while let Some(table) = stack.pop() {
        for item in table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .flat_map(|c| &c.items)
        {
            match item {
                Item::Paragraph(p) if !p.text.trim().is_empty() => lines.push(p.text.trim()),
                Item::Paragraph(_) => {}
                Item::Table(inner) => stack.push(inner),
            }
        }
    }
    lines.join("\n")
}
