//! Reads a story part — `word/document.xml`, the notes parts, headers and
//! footers — into the DOCX-shaped model of [`super::doc`], streaming.
//!
//! What is kept and what is not, as Word shows the document with all
//! tracked changes accepted:
//!
//! * text of runs (`w:t`), tabs, breaks and non-breaking hyphens; Office
//!   Math (`m:oMath`) as LaTeX between `$` signs; hidden runs
//!   (`w:vanish`) are dropped and counted;
//! * tracked insertions (`w:ins`, `w:moveTo`) are kept; deletions (`w:del`,
//!   `w:delText`, `w:moveFrom`, deleted rows) are dropped; a deleted
//!   paragraph mark is recorded so the paragraph can join the next;
//! * of a field (`w:fldChar` begin/separate/end) only the result shows; the
//!   instruction (`w:instrText`) is read only to find HYPERLINK fields;
//!   `w:fldSimple` shows its runs;
//! * `w:hyperlink` and HYPERLINK fields record the range of text they link
//!   and its target (the relationship's URL, or `#bookmark`);
//! * `w:sdt`, `w:smartTag`, `w:customXml` are transparent;
//!   bookmarks, proofing marks, comments anchors and empty runs give nothing;
//! * property elements are read only for the values the lowering needs,
//!   and their tracked-change history (`w:pPrChange` …) is skipped;
//! * a table inside a cell stays in the cell, in order with its
//!   paragraphs; the content of text boxes is collected apart and
//!   attached to the body-level block that holds it.
//!
//! The reader keeps its own stack of open containers instead of
//! recursing, so hostile nesting costs memory bounded by the walk's depth
//! limit, not the call stack.

use super::doc::{
    Attached, AttachedFrom, Counts, Item, Merge, Note, NoteKind, NoteRef, NumRef, Para, RawLink,
    Row, Tbl, Tc, TopBlock,
};
use super::math::MathBuilder;
use super::symbol;
use super::xml::{Element, Flow, Ns, Visitor};
use std::collections::HashMap;

/// The largest span, `w:gridBefore` or `w:gridAfter` accepted; bigger
/// values (seen only in hostile files) are clamped so a table's grid
/// stays small.
pub const MAX_SPAN: usize = 1000;

/// Which kind of story part is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Story {
    /// The main document, headers and footers: body-level blocks.
    Main,
    /// `footnotes.xml` / `endnotes.xml`: blocks grouped by note.
    Notes,
}

/// What reading a story part gave.
#[derive(Debug, Default)]
pub struct Parsed {
    pub blocks: Vec<TopBlock>,
    pub notes: Vec<Note>,
    pub counts: Counts,
}

pub struct BodyReader {
    story: Story,
    /// Open containers, innermost last.
    frames: Vec<Frame>,
    /// The element context needed to read properties: one tag per entered element.
    path: Vec<Tag>,
    /// Attached content waiting for the body-level block (or note) that
    /// holds it to close. A nested table reserves its slot when it
    /// starts, so tables come out in the order they begin.
    pending: Vec<Option<Attached>>,
    /// Open fields, innermost last.
    fields: Vec<Field>,
    /// Open `w:hyperlink` and HYPERLINK `w:fldSimple` elements, innermost
    /// last: where the linked text starts and the target, if known.
    hyperlinks: Vec<Option<(usize, String)>>,
    /// Relationship id → target, for `w:hyperlink r:id`.
    targets: HashMap<String, String>,
    /// Fields begun beyond [`MAX_FIELD_DEPTH`], counted so their ends match.
    fields_overflow: usize,
    /// The current run is set in the Symbol font.
    symbol_run: bool,
    /// The current run is hidden text (`w:vanish`), which Word does not show.
    hidden_run: bool,
    /// The equation being read, inside an `m:oMath`.
    math: Option<MathBuilder>,
    out: Parsed,
}

const MAX_FIELD_DEPTH: usize = 64;

/// One open complex field (`w:fldChar` begin … end).
#[derive(Debug, Default)]
struct Field {
    /// Past `separate`: the result is showing.
    result: bool,
    /// The instruction read so far (`w:instrText`).
    instruction: String,
    /// A HYPERLINK field showing its result: where the linked text
    /// starts in the current paragraph, and the target.
    link: Option<(usize, String)>,
}

enum Frame {
    Para(Para),
    Table { table: Tbl, slot: Option<usize> },
    Row(Row),
    Cell(Tc),
    TextBox,
    Note(Note),
}

/// The elements whose children the reader interprets by context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    PPr,
    RPr,
    NumPr,
    Run,
    Text,
    Instruction,
    TblGrid,
    TrPr,
    TcPr,
    Other,
}

impl BodyReader {
    pub fn new(story: Story) -> BodyReader {
        BodyReader {
            story,
            frames: Vec::new(),
            path: Vec::new(),
            pending: Vec::new(),
            fields: Vec::new(),
            hyperlinks: Vec::new(),
            targets: HashMap::new(),
            fields_overflow: 0,
            symbol_run: false,
            hidden_run: false,
            math: None,
            out: Parsed::default(),
        }
    }

    /// Hyperlink targets by relationship id (the part's external
    /// relationships), for `w:hyperlink r:id`.
    pub fn with_link_targets(mut self, targets: HashMap<String, String>) -> BodyReader {
        self.targets = targets;
        self
    }

    pub fn finish(mut self) -> Parsed {
        // Attached content left over (only in truncated structures) goes
        // with the last block rather than being lost.
        let leftover = self.take_pending();
        if !leftover.is_empty() {
            match self.out.blocks.last_mut() {
                Some(last) => last.attached.extend(leftover),
                None => self
                    .out
                    .blocks
                    .extend(leftover.into_iter().map(|a| TopBlock {
                        item: a.item,
                        attached: Vec::new(),
                    })),
            }
        }
        self.out
    }

    fn parent(&self) -> Option<Tag> {
        self.path.last().copied()
    }

    fn grandparent(&self) -> Option<Tag> {
        self.path.len().checked_sub(2).map(|i| self.path[i])
    }

    fn para(&mut self) -> Option<&mut Para> {
        match self.frames.last_mut() {
            Some(Frame::Para(p)) => Some(p),
            _ => None,
        }
    }

    fn row(&mut self) -> Option<&mut Row> {
        match self.frames.last_mut() {
            Some(Frame::Row(r)) => Some(r),
            _ => None,
        }
    }

    fn cell(&mut self) -> Option<&mut Tc> {
        match self.frames.last_mut() {
            Some(Frame::Cell(c)) => Some(c),
            _ => None,
        }
    }

    fn fields_visible(&self) -> bool {
        self.fields.iter().all(|f| f.result)
    }

    /// The length of the open paragraph's text, where a link starting now
    /// starts.
    fn text_len(&mut self) -> Option<usize> {
        self.para().map(|p| p.text.len())
    }

    /// Records a link over `start..` the end of the open paragraph's text.
    fn close_link(&mut self, start: usize, target: String) {
        if let Some(para) = self.para()
            && para.text.len() > start
        {
            let end = para.text.len();
            para.links.push(RawLink { start, end, target });
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.hidden_run {
            if !text.trim().is_empty() {
                self.out.counts.hidden_runs += 1;
            }
            return;
        }
        if self.fields_visible()
            && let Some(para) = self.para()
        {
            para.text.push_str(text);
        }
    }

    fn take_pending(&mut self) -> Vec<Attached> {
        self.pending.drain(..).flatten().collect()
    }

    /// Where a block that just closed goes, judged by the innermost open
    /// container below it.
    fn deliver(&mut self, item: Item, slot: Option<usize>) {
        if let Some(slot) = slot {
            // A nested table fills the place it reserved when it began.
            let from = self.attached_from();
            self.pending[slot] = Some(Attached { from, item });
            return;
        }
        match self.frames.last_mut() {
            None if self.story == Story::Main => {
                let attached = self.take_pending();
                self.out.blocks.push(TopBlock { item, attached });
            }
            None => {}
            Some(Frame::Note(_)) => {
                let attached = self.take_pending();
                if let Some(Frame::Note(note)) = self.frames.last_mut() {
                    note.items.push(item);
                    note.items.extend(attached.into_iter().map(|a| a.item));
                }
            }
            Some(Frame::Cell(cell)) => cell.items.push(item),
            Some(_) => {
                let from = self.attached_from();
                self.pending.push(Some(Attached { from, item }));
            }
        }
    }

    /// What kind of attached content a block opened now would be.
    fn attached_from(&self) -> AttachedFrom {
        match self.frames.last() {
            Some(Frame::TextBox) => AttachedFrom::TextBox,
            Some(Frame::Cell(_) | Frame::Row(_) | Frame::Table { .. }) => AttachedFrom::NestedTable,
            _ => AttachedFrom::Paragraph,
        }
    }

    /// Whether a table starting now is delivered when it closes (a
    /// body-level block, a note's, or a cell's) rather than attached.
    fn table_is_delivered(&self) -> bool {
        match self.frames.last() {
            None => self.story == Story::Main,
            Some(Frame::Note(_) | Frame::Cell(_)) => true,
            Some(_) => false,
        }
    }

    fn start_word(&mut self, element: &Element<'_, '_>) -> (Flow, Tag) {
        let parent = self.parent();
        let tag = match element.local {
            "p" => {
                self.frames.push(Frame::Para(Para::default()));
                Tag::Other
            }
            "pPr" => Tag::PPr,
            "rPr" => Tag::RPr,
            "r" => {
                self.symbol_run = false;
                self.hidden_run = false;
                Tag::Run
            }
            "rFonts" if parent == Some(Tag::RPr) && self.grandparent() == Some(Tag::Run) => {
                self.symbol_run = ["ascii", "hAnsi"]
                    .iter()
                    .any(|a| element.attr(a).is_some_and(|f| symbol::is_symbol_font(&f)));
                Tag::Other
            }
            "vanish" if parent == Some(Tag::RPr) && self.grandparent() == Some(Tag::Run) => {
                self.hidden_run = on_off(element);
                Tag::Other
            }
            "sym" if parent == Some(Tag::Run) => {
                let font = element.attr("font").unwrap_or_default();
                let code = element
                    .attr("char")
                    .and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
                match code
                    .filter(|_| symbol::is_symbol_font(&font))
                    .and_then(symbol::symbol_char)
                {
                    Some(c) => self.push_text(c.encode_utf8(&mut [0; 4])),
                    None => self.out.counts.symbols_dropped += 1,
                }
                Tag::Other
            }
            "t" => Tag::Text,
            "pStyle" if parent == Some(Tag::PPr) => {
                let style = element.attr("val").map(|v| v.into_owned());
                if let Some(p) = self.para() {
                    p.style = style;
                }
                Tag::Other
            }
            "outlineLvl" if parent == Some(Tag::PPr) => {
                let level = element.attr("val").and_then(|v| v.trim().parse().ok());
                if let Some(p) = self.para() {
                    p.outline = level;
                }
                Tag::Other
            }
            "numPr" if parent == Some(Tag::PPr) => {
                if let Some(p) = self.para() {
                    p.num.get_or_insert_with(NumRef::default);
                }
                Tag::NumPr
            }
            "numId" | "ilvl" if parent == Some(Tag::NumPr) => {
                let value: Option<u32> = element.attr("val").and_then(|v| v.trim().parse().ok());
                let is_id = element.local == "numId";
                if let Some(num) = self.para().and_then(|p| p.num.as_mut()) {
                    if is_id {
                        num.num_id = value;
                    } else {
                        num.level = value.and_then(|v| u8::try_from(v).ok());
                    }
                }
                Tag::Other
            }
            "del" => {
                if parent == Some(Tag::RPr) && self.grandparent() == Some(Tag::PPr) {
                    if let Some(p) = self.para() {
                        p.mark_deleted = true;
                    }
                } else if parent == Some(Tag::TrPr) {
                    if let Some(row) = self.row() {
                        row.deleted = true;
                    }
                    self.out.counts.deletions += 1;
                } else if !matches!(parent, Some(Tag::RPr | Tag::PPr | Tag::TcPr)) {
                    // Deleted runs: dropped, as Word shows accepted changes.
                    self.out.counts.deletions += 1;
                    return (Flow::Skip, Tag::Other);
                }
                Tag::Other
            }
            "moveFrom" => {
                self.out.counts.deletions += 1;
                return (Flow::Skip, Tag::Other);
            }
            "ins" | "moveTo" => {
                if !matches!(parent, Some(Tag::RPr | Tag::TrPr | Tag::TcPr | Tag::PPr)) {
                    self.out.counts.insertions += 1;
                }
                Tag::Other
            }
            // Deleted text, field instructions, tracked property history,
            // section properties (they only point at headers and footers),
            // content-control properties and ruby guide text show nothing.
            "instrText" => Tag::Instruction,
            "hyperlink" => {
                let target = hyperlink_target(
                    element.attr("id").map(|id| id.trim().to_string()),
                    element.attr("anchor").map(|a| a.into_owned()),
                    &self.targets,
                );
                let start = self.text_len();
                self.hyperlinks.push(start.zip(target));
                Tag::Other
            }
            "fldSimple" => {
                let target = element
                    .attr("instr")
                    .and_then(|instruction| hyperlink_field(&instruction));
                let start = self.text_len();
                self.hyperlinks.push(start.zip(target));
                Tag::Other
            }
            "delText" | "delInstrText" | "pPrChange" | "rPrChange" | "tcPrChange"
            | "trPrChange" | "tblPrChange" | "tblPrExChange" | "tblGridChange" | "sectPrChange"
            | "numberingChange" | "sectPr" | "sdtPr" | "sdtEndPr" | "rt" | "tblPrEx" => {
                return (Flow::Skip, Tag::Other);
            }
            "tab" | "ptab" if parent == Some(Tag::Run) => {
                self.push_text("\t");
                Tag::Other
            }
            "br" | "cr" if parent == Some(Tag::Run) => {
                self.push_text("\n");
                Tag::Other
            }
            "noBreakHyphen" if parent == Some(Tag::Run) => {
                self.push_text("-");
                Tag::Other
            }
            "fldChar" => {
                self.field_char(element.attr("fldCharType").as_deref());
                Tag::Other
            }
            "footnoteReference" | "endnoteReference" if parent == Some(Tag::Run) => {
                let kind = if element.local == "footnoteReference" {
                    NoteKind::Footnote
                } else {
                    NoteKind::Endnote
                };
                if let Some(id) = element.attr("id").map(|v| v.into_owned())
                    && let Some(p) = self.para()
                {
                    p.notes.push(NoteRef { kind, id });
                }
                Tag::Other
            }
            "tbl" => {
                if matches!(self.frames.last(), Some(Frame::Cell(_))) {
                    self.out.counts.nested_tables += 1;
                }
                let slot = if self.table_is_delivered() {
                    None
                } else {
                    self.pending.push(None);
                    Some(self.pending.len() - 1)
                };
                self.frames.push(Frame::Table {
                    table: Tbl::default(),
                    slot,
                });
                Tag::Other
            }
            "tblGrid" => Tag::TblGrid,
            "gridCol" if parent == Some(Tag::TblGrid) => {
                if let Some(Frame::Table { table, .. }) = self.frames.last_mut() {
                    table.grid_cols += 1;
                }
                Tag::Other
            }
            "tr" => {
                self.frames.push(Frame::Row(Row::default()));
                Tag::Other
            }
            "trPr" => Tag::TrPr,
            "gridBefore" | "gridAfter" if parent == Some(Tag::TrPr) => {
                let value = self.span_value(element);
                let before = element.local == "gridBefore";
                if let Some(row) = self.row() {
                    if before {
                        row.grid_before = value;
                    } else {
                        row.grid_after = value;
                    }
                }
                Tag::Other
            }
            "tblHeader" if parent == Some(Tag::TrPr) => {
                let on = on_off(element);
                if let Some(row) = self.row() {
                    row.header = on;
                }
                Tag::Other
            }
            "tc" => {
                self.frames.push(Frame::Cell(Tc::default()));
                Tag::Other
            }
            "tcPr" => Tag::TcPr,
            "gridSpan" if parent == Some(Tag::TcPr) => {
                let value = self.span_value(element).max(1);
                if let Some(cell) = self.cell() {
                    cell.grid_span = value;
                }
                Tag::Other
            }
            "vMerge" | "hMerge" if parent == Some(Tag::TcPr) => {
                let merge = match element.attr("val").as_deref() {
                    Some("restart") => Merge::Restart,
                    _ => Merge::Continue,
                };
                let vertical = element.local == "vMerge";
                if let Some(cell) = self.cell() {
                    if vertical {
                        cell.v_merge = merge;
                    } else {
                        cell.h_merge = merge;
                    }
                }
                Tag::Other
            }
            "txbxContent" => {
                self.out.counts.text_boxes += 1;
                self.frames.push(Frame::TextBox);
                Tag::Other
            }
            "object" => {
                self.out.counts.objects += 1;
                Tag::Other
            }
            "altChunk" => {
                self.out.counts.alt_chunks += 1;
                return (Flow::Skip, Tag::Other);
            }
            "footnote" | "endnote" if self.story == Story::Notes && self.frames.is_empty() => {
                // Separators and continuation notices are layout, not notes.
                if element.attr("type").is_some_and(|t| t != "normal") {
                    return (Flow::Skip, Tag::Other);
                }
                let kind = if element.local == "footnote" {
                    NoteKind::Footnote
                } else {
                    NoteKind::Endnote
                };
                let id = element
                    .attr("id")
                    .map(|v| v.into_owned())
                    .unwrap_or_default();
                self.frames.push(Frame::Note(Note {
                    kind,
                    id,
                    items: Vec::new(),
                }));
                Tag::Other
            }
            _ => Tag::Other,
        };
        (Flow::Enter, tag)
    }

    fn span_value(&mut self, element: &Element<'_, '_>) -> usize {
        let value: usize = element
            .attr("val")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if value > MAX_SPAN {
            self.out.counts.clamped_spans += 1;
            MAX_SPAN
        } else {
            value
        }
    }

    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => {
                if self.fields.len() < MAX_FIELD_DEPTH {
                    self.fields.push(Field::default());
                } else {
                    self.fields_overflow += 1;
                }
            }
            Some("separate") => {
                if self.fields_overflow > 0 {
                    return;
                }
                let start = self.text_len();
                if let Some(top) = self.fields.last_mut()
                    && !top.result
                {
                    top.result = true;
                    top.link = start.zip(hyperlink_field(&top.instruction));
                    top.instruction = String::new();
                }
            }
            Some("end") => {
                if self.fields_overflow > 0 {
                    self.fields_overflow -= 1;
                } else if let Some(field) = self.fields.pop()
                    && let Some((start, target)) = field.link
                {
                    self.close_link(start, target);
                }
            }
            _ => {}
        }
    }

    fn end_word(&mut self, local: &str) {
        match local {
            "p" => {
                // A link field whose result runs on into the next
                // paragraph links this paragraph's part of it, and goes
                // on from the start of the next.
                let open_links: Vec<(usize, String)> = self
                    .fields
                    .iter_mut()
                    .filter_map(|f| {
                        f.link
                            .as_mut()
                            .map(|(start, t)| (std::mem::take(start), t.clone()))
                    })
                    .collect();
                for (start, target) in open_links {
                    self.close_link(start, target);
                }
                if let Some(Frame::Para(para)) = self.frames.pop() {
                    // A field instruction cannot run past its paragraph: a
                    // field still in its instruction here was never
                    // separated, so stop hiding text for it.
                    while self.fields.last().is_some_and(|f| !f.result) {
                        self.fields.pop();
                    }
                    self.deliver(Item::Paragraph(para), None);
                }
            }
            "hyperlink" | "fldSimple" => {
                if let Some(Some((start, target))) = self.hyperlinks.pop() {
                    self.close_link(start, target);
                }
            }
            "tbl" => {
                if let Some(Frame::Table { table, slot }) = self.frames.pop() {
                    self.deliver(Item::Table(table), slot);
                }
            }
            "tr" => {
                if let Some(Frame::Row(row)) = self.frames.pop() {
                    if let Some(Frame::Table { table, .. }) = self.frames.last_mut() {
                        table.rows.push(row);
                    } else {
                        self.orphan_cells(row.cells);
                    }
                }
            }
            "tc" => {
                if let Some(Frame::Cell(cell)) = self.frames.pop() {
                    match self.frames.last_mut() {
                        Some(Frame::Row(row)) => row.cells.push(cell),
                        // A cell straight inside a table: give it a row.
                        Some(Frame::Table { table, .. }) => table.rows.push(Row {
                            cells: vec![cell],
                            ..Row::default()
                        }),
                        _ => self.orphan_cells(vec![cell]),
                    }
                }
            }
            "txbxContent" => {
                if let Some(Frame::TextBox) = self.frames.last() {
                    self.frames.pop();
                }
            }
            "footnote" | "endnote" => {
                if let Some(Frame::Note(_)) = self.frames.last()
                    && let Some(Frame::Note(mut note)) = self.frames.pop()
                {
                    note.items
                        .extend(self.take_pending().into_iter().map(|a| a.item));
                    self.out.notes.push(note);
                }
            }
            _ => {}
        }
    }

    /// Cells outside any table (malformed structure): their paragraphs
    /// are kept as attached content.
    fn orphan_cells(&mut self, cells: Vec<Tc>) {
        for item in cells.into_iter().flat_map(|c| c.items) {
            self.pending.push(Some(Attached {
                from: AttachedFrom::Paragraph,
                item,
            }));
        }
    }
}

/// The target of a `w:hyperlink`: the relationship's URL (followed by
/// `#anchor` when both are given), else `#anchor`.
fn hyperlink_target(
    id: Option<String>,
    anchor: Option<String>,
    targets: &HashMap<String, String>,
) -> Option<String> {
    let url = id.and_then(|id| targets.get(&id).cloned());
    let anchor = anchor.filter(|a| !a.trim().is_empty());
    match (url, anchor) {
        (Some(url), Some(anchor)) => Some(format!("{url}#{anchor}")),
        (Some(url), None) => Some(url),
        (None, Some(anchor)) => Some(format!("#{anchor}")),
        (None, None) => None,
    }
}

/// The target of a field instruction `HYPERLINK "url" \l "bookmark" \o
/// "tip"`, or `None` when the field is not a hyperlink.
fn hyperlink_field(instruction: &str) -> Option<String> {
    let mut words = field_words(instruction).into_iter();
    if !words.next()?.eq_ignore_ascii_case("HYPERLINK") {
        return None;
    }
    let mut url = None;
    let mut anchor = None;
    while let Some(word) = words.next() {
        match word.as_str() {
            "\\l" => anchor = words.next(),
            // Switches with an argument: tooltip, target frame.
            "\\o" | "\\t" => {
                words.next();
            }
            w if w.starts_with('\\') => {}
            _ if url.is_none() => url = Some(word),
            _ => {}
        }
    }
    let anchor = anchor.filter(|a| !a.is_empty());
    match (url.filter(|u| !u.is_empty()), anchor) {
        (Some(url), Some(anchor)) => Some(format!("{url}#{anchor}")),
        (Some(url), None) => Some(url),
        (None, Some(anchor)) => Some(format!("#{anchor}")),
        (None, None) => None,
    }
}

/// A field instruction's words: quoted arguments as one word without
/// their quotes (a doubled backslash in a quoted path is one).
fn field_words(instruction: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = instruction.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut word = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' if chars.peek() == Some(&'\\') => {
                        chars.next();
                        word.push('\\');
                    }
                    c => word.push(c),
                }
            }
            words.push(word);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            words.push(word);
        }
    }
    words
}

/// An on/off property: present and not `false`/`0`/`off`.
fn on_off(element: &Element<'_, '_>) -> bool {
    !matches!(element.attr("val").as_deref(), Some("false" | "0" | "off"))
}

impl Visitor for BodyReader {
    fn start(&mut self, element: &Element<'_, '_>) -> Flow {
        if let Some(math) = self.math.as_mut() {
            let is_math = element.ns == Ns::Math;
            math.start(
                element.local,
                is_math,
                element.attr("val").map(|v| v.into_owned()),
            );
            let tag = if is_math && element.local == "t" {
                Tag::Text
            } else {
                Tag::Other
            };
            self.path.push(tag);
            return Flow::Enter;
        }
        let (flow, tag) = match element.ns {
            Ns::Word => self.start_word(element),
            Ns::Math if element.local == "oMath" => {
                self.math = Some(MathBuilder::new());
                (Flow::Enter, Tag::Other)
            }
            Ns::Math if element.local == "t" => (Flow::Enter, Tag::Text),
            _ => (Flow::Enter, Tag::Other),
        };
        if flow == Flow::Enter {
            self.path.push(tag);
        }
        flow
    }

    fn end(&mut self, ns: Ns, local: &str) {
        self.path.pop();
        if let Some(math) = self.math.as_mut() {
            if math.end()
                && let Some(math) = self.math.take()
            {
                let latex = math.finish();
                if !latex.is_empty() {
                    self.push_text(&format!("${latex}$"));
                }
            }
            return;
        }
        if ns == Ns::Word {
            self.end_word(local);
        }
    }

    fn text(&mut self, text: &str) {
        if self.parent() == Some(Tag::Instruction) {
            if let Some(field) = self.fields.last_mut()
                && !field.result
                && self.fields_overflow == 0
                && field.instruction.len() < 4096
            {
                field.instruction.push_str(text);
            }
            return;
        }
        if self.parent() != Some(Tag::Text) {
            return;
        }
        if let Some(math) = self.math.as_mut() {
            math.text(text);
            return;
        }
        let private_use = |c: char| ('\u{F020}'..='\u{F0FE}').contains(&c);
        if self.symbol_run && text.contains(private_use) {
            let mapped: String = text
                .chars()
                .map(|c| {
                    private_use(c)
                        .then(|| symbol::symbol_char(c as u32))
                        .flatten()
                        .unwrap_or(c)
                })
                .collect();
            self.push_text(&mapped);
        } else {
            self.push_text(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::{Limits, walk};

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn read(body: &str) -> Parsed {
        let xml = format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#);
        let mut reader = BodyReader::new(Story::Main);
        walk(
            "document.xml",
            xml.as_bytes(),
            Limits::bytes(1 << 20),
            &mut reader,
        )
        .unwrap();
        reader.finish()
    }

    fn texts(parsed: &Parsed) -> Vec<String> {
        parsed
            .blocks
            .iter()
            .map(|b| match &b.item {
                Item::Paragraph(p) => p.text.clone(),
                Item::Table(t) => format!("table {} rows", t.rows.len()),
            })
            .collect()
    }

    #[test]
    fn fields_show_their_result_only() {
        let parsed = read(
            r#"<w:p><w:r><w:t>Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>hidden</w:t></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
               <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>XE "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>after</w:t></w:r></w:p>"#,
        );
        assert_eq!(texts(&parsed), ["Page 7", "after"]);
    }

    #[test]
    fn tracked_changes_are_accepted() {
        let parsed = read(
            r#"<w:p><w:r><w:t>keep </w:t></w:r><w:ins w:id="1"><w:r><w:t>inserted</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>deleted</w:delText></w:r></w:del></w:p>
               <w:p><w:pPr><w:rPr><w:del w:id="3"/></w:rPr></w:pPr><w:r><w:t>joined</w:t></w:r></w:p>"#,
        );
        assert_eq!(texts(&parsed), ["keep inserted", "joined"]);
        assert_eq!(parsed.counts.insertions, 1);
        assert_eq!(parsed.counts.deletions, 1);
        let Item::Paragraph(second) = &parsed.blocks[1].item else {
            panic!()
        };
        assert!(second.mark_deleted);
    }

    #[test]
    fn cells_carry_spans_and_merges() {
        let parsed = read(
            r#"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
               <w:tr><w:trPr><w:gridBefore w:val="1"/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#,
        );
        let Item::Table(table) = &parsed.blocks[0].item else {
            panic!()
        };
        assert_eq!(table.grid_cols, 2);
        assert_eq!(table.rows[0].grid_before, 1);
        assert!(table.rows[0].header);
        assert_eq!(table.rows[0].cells[0].v_merge, Merge::Restart);
        assert!(matches!(&table.rows[0].cells[0].items[0], Item::Paragraph(p) if p.text == "a"));
        assert_eq!(table.rows[1].cells[0].grid_span, 2);
        assert_eq!(table.rows[1].cells[0].v_merge, Merge::Continue);
    }

    #[test]
    fn nested_tables_stay_in_cells_and_text_boxes_are_attached() {
        let parsed = read(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>outer</w:t></w:r></w:p>
                 <w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
               </w:tc></w:tr></w:tbl>
               <w:p><w:r><w:t>anchor</w:t><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>"#,
        );
        assert_eq!(texts(&parsed), ["table 1 rows", "anchor"]);
        assert!(parsed.blocks[0].attached.is_empty());
        let Item::Table(outer) = &parsed.blocks[0].item else {
            panic!()
        };
        let cell = &outer.rows[0].cells[0].items;
        assert!(matches!(&cell[0], Item::Paragraph(p) if p.text == "outer"));
        let Item::Table(middle) = &cell[1] else {
            panic!()
        };
        let middle_cell = &middle.rows[0].cells[0].items;
        assert!(matches!(&middle_cell[0], Item::Table(_)));
        assert!(matches!(&middle_cell[1], Item::Paragraph(p) if p.text == "inner"));
        let boxed = &parsed.blocks[1].attached;
        assert_eq!(boxed.len(), 1);
        assert_eq!(boxed[0].from, AttachedFrom::TextBox);
        assert!(matches!(&boxed[0].item, Item::Paragraph(p) if p.text == "boxed"));
        assert_eq!(parsed.counts.nested_tables, 2);
    }

    #[test]
    fn links_record_their_text_and_target() {
        let xml = r#"<w:p><w:r><w:t>see </w:t></w:r><w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>site</w:t></w:r></w:hyperlink><w:r><w:t> and </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK \l "x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>there</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
        let doc = format!(r#"<w:document xmlns:w="{W}"><w:body>{xml}</w:body></w:document>"#);
        let mut reader = BodyReader::new(Story::Main)
            .with_link_targets([("rId9".to_string(), "https://a.example/".to_string())].into());
        walk("d.xml", doc.as_bytes(), Limits::bytes(1 << 20), &mut reader).unwrap();
        let parsed = reader.finish();
        let Item::Paragraph(p) = &parsed.blocks[0].item else {
            panic!()
        };
        assert_eq!(p.text, "see site and there");
        let links: Vec<(&str, &str)> = p
            .links
            .iter()
            .map(|l| (&p.text[l.start..l.end], l.target.as_str()))
            .collect();
        assert_eq!(links, [("site", "https://a.example/"), ("there", "#x")]);
    }

    #[test]
    fn field_instructions_name_their_targets() {
        assert_eq!(
            hyperlink_field(r#" HYPERLINK "http://x.cn/a b.pdf" \o "tip" "#).as_deref(),
            Some("http://x.cn/a b.pdf")
        );
        assert_eq!(
            hyperlink_field(r#"HYPERLINK "http://x.cn/" \l "sec2""#).as_deref(),
            Some("http://x.cn/#sec2")
        );
        assert_eq!(
            hyperlink_field(r#"HYPERLINK \l "_Toc1""#).as_deref(),
            Some("#_Toc1")
        );
        assert_eq!(hyperlink_field(" PAGE "), None);
        assert_eq!(hyperlink_field("HYPERLINK"), None);
    }

    #[test]
    fn tabs_breaks_and_properties_read_by_context() {
        let parsed = read(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:tabs><w:tab w:val="left"/></w:tabs><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:rPr><w:rStyle w:val="x"/></w:rPr><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p>"#,
        );
        let Item::Paragraph(p) = &parsed.blocks[0].item else {
            panic!()
        };
        assert_eq!(p.text, "a\tb\nc");
        assert_eq!(p.style.as_deref(), Some("Heading2"));
        assert_eq!(p.outline, Some(1));
        assert_eq!(
            p.num,
            Some(NumRef {
                num_id: Some(4),
                level: Some(1)
            })
        );
    }
}
