//! The DOCX-shaped model the part readers build: paragraphs with their
//! style, outline level and list reference as WordprocessingML states them,
//! and tables as rows of `w:tc` cells with their `w:gridSpan`, `w:vMerge`
//! and `w:gridBefore`/`w:gridAfter`, before any of it is interpreted.
//! [`super::lower`] turns it into the canonical blocks.

/// One body-level element of the document (a `w:p` or a `w:tbl`, also
/// when wrapped in `w:sdt`), with the content that sits inside it but is
/// lowered after it: text-box content, and tables that are not inside a
/// cell (tables inside a cell stay in the cell's [`Tc::items`]).
#[derive(Debug)]
pub struct TopBlock {
    pub item: Item,
    pub attached: Vec<Attached>,
}

#[derive(Debug)]
pub enum Item {
    Paragraph(Para),
    Table(Tbl),
}

/// Content found inside another block, in document order.
#[derive(Debug)]
pub struct Attached {
    pub from: AttachedFrom,
    pub item: Item,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachedFrom {
    /// A table inside a table or row but outside any cell (malformed
    /// structure).
    NestedTable,
    /// A paragraph or table inside a text box (`w:txbxContent`).
    TextBox,
    /// A paragraph or table inside a paragraph, outside any text box
    /// (a `w:tbl` inside a run, which some writers produce).
    Paragraph,
}

#[derive(Debug, Default)]
pub struct Para {
    /// `w:pStyle`: a style id, resolved through `styles.xml` later.
    pub style: Option<String>,
    /// `w:outlineLvl` set on the paragraph itself (0 = top level, 9 = body text).
    pub outline: Option<u8>,
    /// `w:numPr` set on the paragraph itself.
    pub num: Option<NumRef>,
    /// The visible text: runs, tabs, breaks, field results, insertions.
    pub text: String,
    /// Footnote and endnote references, in order.
    pub notes: Vec<NoteRef>,
    /// Hyperlinks: byte ranges of `text` with their targets, in the
    /// order they close.
    pub links: Vec<RawLink>,
    /// The paragraph mark is a tracked deletion: the paragraph joins the next.
    pub mark_deleted: bool,
}

/// A paragraph's `w:numPr`. Either part may be missing and then comes
/// from the paragraph style.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NumRef {
    pub num_id: Option<u32>,
    pub level: Option<u8>,
}

/// A hyperlink inside a paragraph's text (`w:hyperlink`, or a HYPERLINK
/// field), before the lowering finds its words in the block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLink {
    /// Byte range of the linked text in [`Para::text`].
    pub start: usize,
    pub end: usize,
    /// The URL (from the relationship) or `#bookmark`.
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRef {
    pub kind: NoteKind,
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    Footnote,
    Endnote,
}

/// A footnote or endnote from `footnotes.xml`/`endnotes.xml`.
#[derive(Debug)]
pub struct Note {
    pub kind: NoteKind,
    pub id: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Default)]
pub struct Tbl {
    /// How many `w:gridCol` the table grid declares.
    pub grid_cols: usize,
    pub rows: Vec<Row>,
}

#[derive(Debug, Default)]
pub struct Row {
    /// `w:gridBefore`: grid columns left empty before the first cell.
    pub grid_before: usize,
    /// `w:gridAfter`: grid columns left empty after the last cell.
    pub grid_after: usize,
    /// `w:tblHeader`: the row repeats as a header on each page.
    pub header: bool,
    /// `w:trPr/w:del`: the row is a tracked deletion.
    pub deleted: bool,
    pub cells: Vec<Tc>,
}

#[derive(Debug)]
pub struct Tc {
    /// `w:gridSpan`: grid columns the cell covers (at least 1).
    pub grid_span: usize,
    /// `w:vMerge`.
    pub v_merge: Merge,
    /// `w:hMerge`, the legacy horizontal merge.
    pub h_merge: Merge,
    /// The cell's paragraphs and the tables nested in it, in order.
    pub items: Vec<Item>,
}

impl Default for Tc {
    fn default() -> Tc {
        Tc {
            grid_span: 1,
            v_merge: Merge::None,
            h_merge: Merge::None,
            items: Vec::new(),
        }
    }
}

/// A merge mark. A bare `<w:vMerge/>` means [`Merge::Continue`] (ECMA-376
/// 17.4.85: the default value of `w:val` is `continue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    None,
    Restart,
    Continue,
}

/// What the reader saw that the lowering reports as diagnostics.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub insertions: usize,
    pub deletions: usize,
    pub text_boxes: usize,
    pub nested_tables: usize,
    pub objects: usize,
    pub alt_chunks: usize,
    /// `w:gridSpan`/`w:gridBefore`/`w:gridAfter` values clamped to the limit.
    pub clamped_spans: usize,
    /// `w:sym` characters from symbol fonts without a Unicode mapping.
    pub symbols_dropped: usize,
    /// Pieces of hidden text (`w:vanish`) left out.
    pub hidden_runs: usize,
}
