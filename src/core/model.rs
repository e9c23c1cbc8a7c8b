//! The canonical document model: the one shape every converter lowers into
//! and every later stage (cleanup, repair, profile, writers) works on.
//!
//! The field names and meanings are fixed by the output contract
//! (`docs/schema.md` documents each one). Nothing here knows about formats.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::diagnostic_code::DiagnosticCode;

mod profile;
pub use profile::*;

/// Version of the JSON shape. Bump it whenever `docs/schema.json` changes in
/// a way that is not purely additive.
pub const SCHEMA_VERSION: &str = "2";

/// One converted input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// The version of this output shape, currently "2".
    pub schema_version: String,
    /// Where the document came from and how it was read.
    pub source: Source,
    /// Document-level facts: title, issuer, year, and what the file says
    /// of itself.
    pub metadata: Metadata,
    /// The content in reading order: headings, paragraphs, lists and tables.
    pub blocks: Vec<Block>,
    /// The annual-report profile, or null when the document is not such a report.
    pub profile: Option<Profile>,
    /// Everything surprising about the input and every removal cleanup
    /// made, in pipeline order: decoding and conversion first, then
    /// cleanup, repair and the profile.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the document came from and how it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The path as given on the command line or found under a directory
    /// argument (`-` for standard input); from the library, the name the
    /// caller gave.
    pub path: String,
    /// The format the converter read the input as.
    pub format: Format,
    /// Size of the input in bytes.
    pub size_bytes: u64,
    /// Lower-case hex SHA-256 of the input bytes.
    pub sha256: String,
    /// For text, HTML and CSV/TSV: the character encoding used to decode
    /// (e.g. `UTF-8`, `GB18030`, `Big5`, `UTF-16LE`); null for binary formats.
    pub encoding: Option<String>,
    /// Name of the converter that read the file.
    pub converter: String,
    /// The passes that ran over the model after the converter, in order
    /// (`artefacts`, `spaces`, `breadcrumbs`, `chrome`, `duplicates`,
    /// `headings`, `repair`, `profile`, and the names of any steps a
    /// library user added); a pass switched off is absent.
    #[serde(default)]
    pub passes: Vec<String>,
    /// The version of docmend that wrote the document (`0.1.0`), so that a
    /// later run can tell whether its output is current; absent in output
    /// of versions that did not record it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docmend_version: Option<String>,
}

/// The input format a document was read as: one of docmend's own, or one
/// a converter outside docmend adds ([`Format::Other`]). Serialised as its
/// name (`"docx"`, `"ods"`, or the other converter's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Word's Office Open XML document.
    Docx,
    /// PDF with a text layer.
    Pdf,
    /// Excel's binary workbook of 97–2003 (BIFF in a compound file).
    Xls,
    /// Excel's Office Open XML workbook (also `.xlsm`).
    Xlsx,
    /// A web page.
    Html,
    /// Plain text, Markdown included.
    Text,
    /// Delimiter-separated values: comma, semicolon or pipe.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// Excel's binary workbook of 2007 and later.
    Xlsb,
    /// OpenDocument's spreadsheet.
    Ods,
    /// A format a converter outside docmend reads, by the name it gives
    /// ([`FormatName`]).
    Other(FormatName),
}

/// The name of a format that a converter outside docmend adds: lowercase
/// ASCII letters, digits, `-` and `_`, starting with a letter, and not one
/// of docmend's own names.
///
/// ```
/// use docmend_core::model::{Format, FormatName};
/// const MARKUP: Format = Format::Other(FormatName::new("wiki-markup"));
/// assert_eq!(MARKUP.as_str(), "wiki-markup");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FormatName(&'static str);

impl FormatName {
    /// A format name. Panics (at compile time, when used in a `const`) on a
    /// name that breaks the rules above, so a bad name cannot ship.
    pub const fn new(name: &'static str) -> FormatName {
        assert!(
            is_format_name(name),
            "a format name is lowercase ASCII letters, digits, - and _, starting with a letter"
        );
        FormatName(name)
    }

    /// The name.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

const fn is_format_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > 32 || !bytes[0].is_ascii_lowercase() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

impl Format {
    /// docmend's own formats.
    pub const ALL: [Format; 10] = [
        Format::Docx,
        Format::Pdf,
        Format::Xls,
        Format::Xlsx,
        Format::Html,
        Format::Text,
        Format::Csv,
        Format::Tsv,
        Format::Xlsb,
        Format::Ods,
    ];

    /// The format's name, as the output and `--format` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xls => "xls",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsb => "xlsb",
            Format::Ods => "ods",
            Format::Other(name) => name.as_str(),
        }
    }

    /// One of docmend's own formats by name (any case).
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
    }

    /// The format of a name read back from a document: docmend's own, or
    /// another converter's. Names of other formats are kept once per
    /// distinct name for the life of the program (a format name is a short
    /// word, and a program meets few of them).
    pub fn from_name(name: &str) -> Option<Format> {
        if let Some(own) = Format::parse(name) {
            return Some(own);
        }
        if !is_format_name(name) {
            return None;
        }
        static SEEN: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
        let mut seen = SEEN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let kept = match seen.iter().find(|n| **n == name) {
            Some(kept) => *kept,
            None => {
                let kept: &'static str = Box::leak(name.to_string().into_boxed_str());
                seen.push(kept);
                kept
            }
        };
        Some(Format::Other(FormatName(kept)))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Format, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Format::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("'{name}' is not a format name")))
    }
}

impl JsonSchema for Format {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Format".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let own: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        schemars::json_schema!({
            "description": "The input format: one of docmend's own names, or the name a converter outside docmend gives its format (lowercase letters, digits, - and _).",
            "type": "string",
            "anyOf": [
                { "enum": own },
                { "pattern": "^[a-z][a-z0-9_-]{0,31}$" }
            ]
        })
    }
}

/// Document-level facts; null where unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Metadata {
    /// The document's title: as the converter found it, else the title
    /// line heading recognition found, else (for an annual report) the one
    /// the profile found.
    pub title: Option<String>,
    /// The issuing body: as the converter found it, else, for an annual
    /// report, as the profile found it.
    pub issuer: Option<String>,
    /// The report year: as the converter found it, else, for an annual
    /// report, as the profile found it.
    pub year: Option<i32>,
    /// The author the file's own properties name (DOCX `dc:creator`).
    pub author: Option<String>,
    /// When the file says it was created, as written there (ISO 8601 in
    /// DOCX `dcterms:created`); for an HTML page, the publication date its
    /// article's info line gives, in ISO 8601.
    pub created: Option<String>,
    /// Spreadsheets: the sheets hidden in the workbook (their content is
    /// included all the same). Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub hidden_sheets: Vec<String>,
    /// The program that made the file, as the file names it (a PDF's
    /// /Creator, else its /Producer). Absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub generator: Option<String>,
}

impl Metadata {
    /// Whether the file names a web browser as the program that made it:
    /// a page printed to PDF from a browser (`Mozilla/5.0 … Chrome/…`, the
    /// user agent Chromium, Edge and Safari write; Firefox's name).
    pub fn made_by_a_browser(&self) -> bool {
        self.generator
            .as_deref()
            .is_some_and(|g| g.starts_with("Mozilla/") || g.contains("Firefox"))
    }
}

/// A unit of content in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Block {
    /// A heading (`"type": "heading"`).
    Heading(Heading),
    /// A paragraph (`"type": "paragraph"`).
    Paragraph(Paragraph),
    /// A bulleted or numbered list (`"type": "list"`).
    List(List),
    /// A table (`"type": "table"`).
    Table(Table),
}

impl Block {
    /// Where the block came from in the source, when the converter knows.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            Block::Heading(h) => h.origin.as_ref(),
            Block::Paragraph(p) => p.origin.as_ref(),
            Block::List(l) => l.origin.as_ref(),
            Block::Table(t) => t.origin.as_ref(),
        }
    }
}

/// A heading: a section's title, its numbering kept apart from its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Heading {
    /// 1 for section headings (`一、`), deeper numbers for sub-sections.
    pub level: u8,
    /// The numbering as written (`一、`, `(一)`, `1.`), or null.
    pub numbering: Option<String>,
    /// The heading text without its numbering.
    pub text: String,
    /// Hyperlinks inside `text`, in order. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub links: Vec<Link>,
    /// Where the heading came from in the source; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<Origin>,
}

impl Heading {
    /// A heading without links.
    pub fn new(
        level: u8,
        numbering: Option<String>,
        text: impl Into<String>,
        origin: Option<Origin>,
    ) -> Heading {
        Heading {
            level,
            numbering,
            text: text.into(),
            links: Vec::new(),
            origin,
        }
    }
}

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Paragraph {
    /// The paragraph's text.
    pub text: String,
    /// Hyperlinks inside `text`, in order. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub links: Vec<Link>,
    /// Where the paragraph came from in the source; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<Origin>,
}

impl Paragraph {
    /// A paragraph without links.
    pub fn new(text: impl Into<String>, origin: Option<Origin>) -> Paragraph {
        Paragraph {
            text: text.into(),
            links: Vec::new(),
            origin,
        }
    }
}

/// A hyperlink inside a block's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    /// The linked words exactly as they occur in the block's text; links
    /// are listed in the order their anchors occur, so the n-th link's
    /// anchor is found at or after the end of the one before it.
    pub anchor: String,
    /// Where the link points, as the source wrote it: a URL, a `mailto:`
    /// address, or `#name` for a place inside the document.
    pub target: String,
}

/// A bulleted or numbered list. Nested items follow their parent item,
/// one level deeper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct List {
    /// Whether the outermost items are numbered (`1.`, `a)`, `一、`)
    /// rather than bulleted.
    pub ordered: bool,
    /// The items in document order, at least one; nested items follow
    /// their parent with a greater `level`.
    pub items: Vec<ListItem>,
    /// Where the list came from in the source; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<Origin>,
}

/// One item of a [`List`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListItem {
    /// Nesting depth: 0 for the outermost items, 1 for items inside them, ….
    pub level: u8,
    /// Whether this item is numbered rather than bulleted.
    pub ordered: bool,
    /// The item's number or bullet as the source shows or computes it
    /// (`1.`, `(a)`, `•`), or null when the source gives none.
    pub marker: Option<String>,
    /// The item's text without its marker.
    pub text: String,
    /// Hyperlinks inside `text`, in order. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub links: Vec<Link>,
}

impl ListItem {
    /// An item without links.
    pub fn new(
        level: u8,
        ordered: bool,
        marker: Option<String>,
        text: impl Into<String>,
    ) -> ListItem {
        ListItem {
            level,
            ordered,
            marker,
            text: text.into(),
            links: Vec::new(),
        }
    }
}

/// A table as a grid of spanned cells.
///
/// Invariant (after the repair pass): every position of the `n_rows` ×
/// `n_cols` grid is covered by exactly one cell, listed once at its top-left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// Number of grid rows.
    pub n_rows: usize,
    /// Number of grid columns.
    pub n_cols: usize,
    /// How many rows at the top are column headers.
    pub header_rows: usize,
    /// The cells, each listed once at its top-left position, in row-major
    /// order of those positions.
    pub cells: Vec<Cell>,
    /// What the repair pass changed in this table; empty when nothing changed.
    pub repairs: Vec<Repair>,
    /// Where the table came from in the source; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<Origin>,
    /// How far the cell positions can be trusted. Set by the converter for
    /// the repair pass; not part of the output.
    #[serde(skip)]
    #[schemars(skip)]
    pub layout: Layout,
    /// What the converter saw of the table beyond its cells, for the repair
    /// pass; not part of the output.
    #[serde(skip)]
    #[schemars(skip)]
    pub raw: RawTable,
}

/// What a converter knows about a table's geometry: the raw table's form.
/// The repair pass (`src/repair/`) is the one place that turns any raw
/// table into a grid; this tells it what it may trust.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// Rows, columns and spans come from the source format (DOCX, HTML,
    /// spreadsheets, ruled PDF tables, sound markdown tables): the repair
    /// pass only makes the grid whole.
    #[default]
    Exact,
    /// Each grid row is a row as the source showed it, but merged cells were
    /// dropped and rows may be short or padded (damaged text exports).
    RowsAsSeen,
    /// The cells are in reading order in row 0; where rows break is unknown.
    Stream,
    /// Rows and columns recovered from where the text stands (PDF tables
    /// without ruling lines): each row is a line of text and each cell sits
    /// in the columns its text covers, but a merged cell printed only its
    /// text, in its first rows, and nothing below.
    Aligned,
}

/// The evidence a converter hands the repair pass with a raw table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawTable {
    /// What in the source shows that the table lost its structure (`rows of
    /// 2, 4 and 10 cells`, `padding pipes at line ends`), quoted in the
    /// repairs. Empty for a table read exactly.
    pub damage: Vec<String>,
    /// Where the table stands on a page (PDF), when the converter knows.
    pub geometry: Option<Box<Geometry>>,
    /// The cells whose text the converter joined from several lines, with
    /// those lines: a line that wrapped was full, which tells the repair
    /// pass a wrapped text from two texts stacked in one column.
    pub wrapped: Vec<WrappedText>,
}

/// A cell's text as the converter set it, and the lines it stood on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WrappedText {
    /// The joined text, as in the cell.
    pub text: String,
    /// The lines, top to bottom.
    pub lines: Vec<String>,
}

/// A table's position on a page, as a PDF converter measured it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geometry {
    /// Column boundaries, left to right, in points.
    pub columns: Vec<f64>,
    /// Row boundaries, top to bottom (descending y), in points.
    pub rows: Vec<f64>,
    /// Drawn with ruling lines; else recovered from text alignment.
    pub ruled: bool,
    /// This part goes on from the table block right before it, on the page
    /// before: the repair pass joins the two.
    pub continues_previous: bool,
}

/// One cell of a table, at its top-left grid position with the rows
/// and columns it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// 0-based row of the cell's top-left position.
    pub row: usize,
    /// 0-based column of the cell's top-left position.
    pub col: usize,
    /// Rows the cell covers, at least 1.
    #[schemars(range(min = 1))]
    pub row_span: usize,
    /// Columns the cell covers, at least 1.
    #[schemars(range(min = 1))]
    pub col_span: usize,
    /// The cell's text; empty for an empty cell.
    pub text: String,
    /// The cell's number when its text is a number (`0`, `1,234`, `12.5`), else null.
    pub value: Option<Number>,
}

impl Cell {
    /// A 1×1 cell whose `value` is parsed from its text.
    pub fn new(row: usize, col: usize, text: impl Into<String>) -> Cell {
        Cell::spanned(row, col, 1, 1, text)
    }

    /// A cell with spans whose `value` is parsed from its text.
    pub fn spanned(
        row: usize,
        col: usize,
        row_span: usize,
        col_span: usize,
        text: impl Into<String>,
    ) -> Cell {
        let text = text.into();
        let value = Number::parse(&text);
        Cell {
            row,
            col,
            row_span,
            col_span,
            text,
            value,
        }
    }
}

/// A number that serialises as a JSON integer when it is whole.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Number(pub f64);

impl Number {
    /// Parses cell text that is a number: optional sign, digits with optional
    /// thousands separators (`,` between groups of three), optional decimals.
    /// Full-width digits are accepted. A percentage is not the number it
    /// shows, and `，` separates list items in Chinese, so neither parses.
    /// Anything else gives `None`.
    pub fn parse(text: &str) -> Option<Number> {
        let text = text.trim();
        if text.is_empty() || text.len() > 40 {
            return None;
        }
        let mut ascii = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '0'..='9' | '.' | '-' | '+' => ascii.push(c),
                '０'..='９' => ascii.push((b'0' + (c as u32 - '０' as u32) as u8) as char),
                '．' => ascii.push('.'),
                '－' => ascii.push('-'),
                ',' => {}
                _ => return None,
            }
        }
        // Thousands separators must sit between digit groups of three.
        if text.contains(',') && !thousands_grouping_ok(text) {
            return None;
        }
        let digits = ascii.trim_start_matches(['-', '+']);
        if digits.is_empty()
            || !digits.starts_with(|c: char| c.is_ascii_digit())
            || digits.contains(['-', '+'])
            || digits.ends_with('.')
        {
            return None;
        }
        ascii
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Number)
    }

    /// Whether the number is whole and small enough (below 2^53 in
    /// magnitude) to be written exactly as a JSON integer.
    pub fn is_integer(self) -> bool {
        self.0.fract() == 0.0 && self.0.abs() < 9_007_199_254_740_992.0
    }
}

fn thousands_grouping_ok(text: &str) -> bool {
    let int_part = text.split(['.', '．']).next().unwrap_or("");
    let int_part = int_part.trim_start_matches(['-', '+', '－']);
    let groups: Vec<&str> = int_part.split(',').collect();
    groups.len() >= 2
        && !groups[0].is_empty()
        && groups[0].chars().count() <= 3
        && groups[1..].iter().all(|g| g.chars().count() == 3)
}

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_integer() {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// One change the repair pass made to a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Repair {
    /// What kind of change it was.
    pub kind: RepairKind,
    /// What changed and where, for a person.
    pub detail: String,
    /// What in the input showed the damage this repair undoes (`rows of 4,
    /// 6 and 9 cells in one table`, `no row breaks in 212 cells`), for a
    /// person checking that the repair was called for.
    #[serde(default)]
    pub evidence: String,
    /// The first grid row the change concerns, if it concerns one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<usize>,
}

/// What kind of change a repair made, written as its snake_case name.
/// Later versions may add kinds; a consumer should take one it does not
/// know as "something else changed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RepairKind {
    /// The true column count was found from the runs of numbers the rows agree on.
    ColumnCount,
    /// A run of cells with no row breaks was split into rows by counting columns.
    SplitCollapsedRow,
    /// A short row's cells were moved so labels stay left and numbers land under their columns.
    RealignRow,
    /// A row label lost to a vertical merge was restored as a row span.
    FillDownRowLabel,
    /// A label or header cell was widened over the columns a horizontal merge covered.
    SpanCells,
    /// Header cells were arranged into a multi-level header with spans.
    RebuildHeader,
    /// Empty cells that only padded a row (or empty rows) were dropped.
    DropEmptyCells,
    /// Rows with no content at all were dropped.
    DropEmptyRow,
    /// Cells that could not be placed were kept in an extra row.
    UnplacedCells,
    /// A table continued on the next page was joined to its first part: a
    /// repeated header row dropped, a merged cell cut by the page break
    /// made whole again, a row the page break cut in two made one.
    JoinAcrossPages,
}

/// Something surprising about the input, or a removal made by cleanup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// How serious it is; every code has one severity.
    pub severity: Severity,
    /// A stable machine-readable code, e.g. `footer_removed`.
    pub code: DiagnosticCode,
    /// What happened and where, for a person; quotes at most 30 characters
    /// of removed text. Not meant to be parsed.
    pub message: String,
    /// Where it happened in the source; absent when it concerns the whole
    /// input.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<Origin>,
}

impl Diagnostic {
    /// A diagnostic with the severity its code has. (A code this version
    /// does not know, which only reading a document makes, is taken as a
    /// warning.)
    pub fn new(code: DiagnosticCode, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity().unwrap_or(Severity::Warning),
            code,
            message: message.into(),
            origin: None,
        }
    }

    /// The same with another severity: for a code of one's own
    /// ([`DiagnosticCode::parse`] of a name docmend does not use), whose
    /// severity docmend cannot know.
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// The same, placed at `origin` (or nowhere in particular for `None`).
    pub fn with_origin(mut self, origin: Option<Origin>) -> Diagnostic {
        self.origin = origin;
        self
    }
}

/// How serious a diagnostic is, written as `info`, `warning` or `error`.
/// `info`: something done or noticed in the normal course of reading (an
/// encoding guessed, page chrome removed, a part of the file the output
/// leaves out by design). `warning`: the input was damaged or over a
/// limit, or something of it may be missing, misread or not recorded in
/// the output; worth a reader's check. `error`: not written in this
/// release (a file that cannot be converted yields an error and no
/// document). Ordered from `info` to `error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    // The variants are documented on the enum, in plain comments here: a
    // doc comment on a unit variant would turn the schema's `enum` of
    // strings into `oneOf` alternatives, changing the schema's shape.
    // Done or noticed in the normal course of reading.
    #[allow(missing_docs)]
    Info,
    // Something may be missing or misread: worth a check.
    #[allow(missing_docs)]
    Warning,
    // Not written in this release.
    #[allow(missing_docs)]
    Error,
}

impl Severity {
    /// The severity as it is written in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where a block came from in the source. Only the fields that apply to the
/// source format are present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Origin {
    /// PDF: 1-based page number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
    /// PDF: the block's box on that page in points, `[x0, y0, x1, y1]`, in
    /// the page's own coordinates (origin at the bottom left, y upwards).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<[f64; 4]>,
    /// Spreadsheets: sheet name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sheet: Option<String>,
    /// Spreadsheets: cell range such as `A1:I29`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub range: Option<String>,
    /// Text, CSV/TSV: 1-based first line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// Text, CSV/TSV: 1-based last line (inclusive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line_end: Option<usize>,
    /// DOCX: 0-based paragraph index in the body.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub paragraph: Option<usize>,
    /// HTML: a CSS-like path to the element.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
}

impl Origin {
    /// The origin of a block that occupies the 1-based lines `first` to
    /// `last` (inclusive) of a text file.
    pub fn lines(first: usize, last: usize) -> Origin {
        Origin {
            line: Some(first),
            line_end: Some(last),
            ..Origin::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_like_report_cells() {
        assert_eq!(Number::parse("0"), Some(Number(0.0)));
        assert_eq!(Number::parse(" 1,234 "), Some(Number(1234.0)));
        assert_eq!(Number::parse("12.5"), Some(Number(12.5)));
        assert_eq!(Number::parse("６"), Some(Number(6.0)));
        assert_eq!(Number::parse("-3"), Some(Number(-3.0)));
        for not_a_number in [
            "", "-", "1.", "1,23", "12%", "一", "1.属于", "2022年", "1-2", ".",
        ] {
            assert_eq!(Number::parse(not_a_number), None, "{not_a_number:?}");
        }
    }

    #[test]
    fn whole_numbers_serialise_as_integers() {
        assert_eq!(serde_json::to_string(&Number(6.0)).unwrap(), "6");
        assert_eq!(serde_json::to_string(&Number(0.5)).unwrap(), "0.5");
    }
}
