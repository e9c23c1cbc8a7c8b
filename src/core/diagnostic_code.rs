//! Every diagnostic code docmend writes (`diagnostics[].code`), each with
//! when it is written, the stage that writes it and its severity.
//!
//! This list is the one place codes are defined. A converter or pass names
//! a code by its variant, [`Diagnostic::new`](crate::model::Diagnostic::new)
//! takes the severity from it, the JSON Schema's `enum` of codes comes from
//! it, and the table of codes in `docs/schema.md` (and the list of each
//! converter's codes on its page under `docs/converters/`) is generated
//! from it: `tests/schema.rs` fails when the pages differ from what
//! [`DiagnosticCode::markdown_table`] gives.
//!
//! A document written by another version of docmend may hold a code this
//! version does not know. Reading it does not fail: the code is kept as
//! written in [`DiagnosticCode::Other`] and written back unchanged, as
//! `docs/schema.md` asks of consumers ("an unknown code is something else
//! happened, not an error").

use crate::model::Severity;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// The part of docmend that writes a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// A converter, by the name it records in `source.converter`. The
    /// decoder shared by the converters that read text reports through
    /// the converter that called it.
    Converter(&'static str),
    /// A pass over the model, by the name it has in `source.passes`.
    Pass(&'static str),
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stage::Converter(name) => write!(f, "`{name}` converter"),
            Stage::Pass(name) => write!(f, "`{name}` pass"),
        }
    }
}

/// A code this version of docmend does not know, as a document written by
/// another version gives it. Only reading a code makes one, so it never
/// holds a code of [`DiagnosticCode::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownCode(String);

impl UnknownCode {
    /// The code as the document wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Declares [`DiagnosticCode`] from one list: for each code, its doc
/// comment (when it is written), its variant, its string, its severity and
/// the stages that write it. The variant's rustdoc gets the severity and
/// stages appended, so the generated documentation says all three.
macro_rules! diagnostic_codes {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $code:literal, $severity:ident,
            [$($kind:ident $stage:literal),+ $(,)?];
    )+) => {
        /// What a diagnostic reports: a stable, machine-readable code
        /// (`diagnostics[].code`), written as its snake_case string.
        ///
        /// New codes may be added in any release without a new schema
        /// version, hence `non_exhaustive`; a code read from a document
        /// that this version does not know is [`DiagnosticCode::Other`].
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $(
                $(#[doc = $doc])+
                #[doc = ""]
                #[doc = concat!("Severity: ", stringify!($severity), ". Written by:")]
                $(#[doc = concat!("- ", stringify!($kind), " `", $stage, "`")])+
                $variant,
            )+
            /// A code this version does not know, read from a document
            /// written by another version; kept and written back as it was.
            /// docmend itself never writes one.
            Other(UnknownCode),
        }

        impl DiagnosticCode {
            /// Every code this version writes, in pipeline order: decoding,
            /// the converters, then the passes.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant),+];

            /// The code as it is written in the JSON output.
            pub fn as_str(&self) -> &str {
                match self {
                    $(DiagnosticCode::$variant => $code,)+
                    DiagnosticCode::Other(unknown) => unknown.as_str(),
                }
            }

            /// The code a string names: a known code, or
            /// [`DiagnosticCode::Other`] keeping the string.
            pub fn parse(code: &str) -> DiagnosticCode {
                match code {
                    $($code => DiagnosticCode::$variant,)+
                    _ => DiagnosticCode::Other(UnknownCode(code.to_string())),
                }
            }

            /// The severity every diagnostic with this code has; `None` for a
            /// code this version does not know.
            pub fn severity(&self) -> Option<Severity> {
                match self {
                    $(DiagnosticCode::$variant => Some(Severity::$severity),)+
                    DiagnosticCode::Other(_) => None,
                }
            }

            /// The stages that write this code; empty for a code this
            /// version does not know.
            pub fn stages(&self) -> &'static [Stage] {
                match self {
                    $(DiagnosticCode::$variant => &[$(stage!($kind $stage)),+],)+
                    DiagnosticCode::Other(_) => &[],
                }
            }

            /// When the code is written, for a person: its doc comment as
            /// one line of text (markdown); empty for a code this version
            /// does not know.
            pub fn meaning(&self) -> String {
                let lines: &[&str] = match self {
                    $(DiagnosticCode::$variant => &[$($doc),+],)+
                    DiagnosticCode::Other(_) => &[],
                };
                let words: Vec<&str> = lines.iter().map(|line| line.trim()).collect();
                words.join(" ")
            }
        }
    };
}

macro_rules! stage {
    (converter $name:literal) => {
        Stage::Converter($name)
    };
    (pass $name:literal) => {
        Stage::Pass($name)
    };
}

diagnostic_codes! {
    // Decoding text (`decode.rs`), for the converters that read text.

    /// While decoding: there was no byte-order mark, no usable declared
    /// charset, and the bytes are not UTF-8; the encoding (named in
    /// `source.encoding`) was guessed from the bytes, or UTF-16 was
    /// recognised from the pattern of its zero bytes.
    EncodingGuessed = "encoding_guessed", Info,
        [converter "text", converter "html", converter "csv"];
    /// While decoding: bytes that are not valid in the chosen encoding were
    /// replaced with U+FFFD; the message gives the count and says when the
    /// last one was at the very end (a character cut off by truncation). At
    /// most one per document.
    InvalidBytes = "invalid_bytes", Warning,
        [converter "text", converter "html", converter "csv"];
    /// While decoding: many of the decoded characters are private-use
    /// characters, the mark of a wrong encoding (Big5 read as GBK looks like
    /// this).
    SuspiciousDecode = "suspicious_decode", Warning,
        [converter "text", converter "html", converter "csv"];
    /// While decoding a page that declares its charset (`<meta charset>`):
    /// the declared charset does not fit the bytes (a byte-order mark says
    /// otherwise, the bytes are valid UTF-8 or have UTF-16's zero-byte
    /// pattern, or decoding with it inserts replacement or private-use
    /// characters where another encoding reads cleanly); the bytes were
    /// decoded as the encoding the message names.
    DeclaredCharsetContradicted = "declared_charset_contradicted", Warning,
        [converter "html"];
    /// While decoding a page that declares its charset: the declared label
    /// is not a known encoding; it was ignored and the encoding detected
    /// from the bytes.
    DeclaredCharsetUnknown = "declared_charset_unknown", Info,
        [converter "html"];

    // The text converter.

    /// Lines of pipes with no cell text, outside any table, were dropped.
    EmptyPipeRowsDropped = "empty_pipe_rows_dropped", Info, [converter "text"];
    /// The file starts with a crawler's header (`标题:`, `发布时间:`,
    /// `发布机构:`, `原文链接:` … lines, and a separator such as
    /// `==== 正文 ====`): its title, publisher and date went into
    /// `metadata`, the lines were left out of the text.
    ExportHeaderRead = "export_header_read", Info, [converter "text"];

    // The HTML converter.

    /// The page was read out of a MIME web archive (`.mht`, `.mhtml`: a
    /// page saved as one file by a browser, Word or Excel); the message
    /// names the address it was saved from, when the archive gives one,
    /// and how many of its HTML parts were read.
    WebArchiveRead = "web_archive_read", Info, [converter "html"];
    /// Elements nested deeper than 512 levels, or more than 12 formatting
    /// elements (`<font>`, `<b>`, …) open at once: those start tags (and
    /// their end tags) were ignored so that the page parses in bounded
    /// time; their text is kept.
    MarkupFlattened = "markup_flattened", Warning, [converter "html"];
    /// The page would make more than 1,000,000 elements and texts; only its
    /// first bytes were read (the message says how many).
    PageTruncated = "page_truncated", Warning, [converter "html"];
    /// The page holds little but links and menus (a portal's list of
    /// links), so all of it was kept rather than only its main content.
    ChromeKept = "chrome_kept", Info, [converter "html"];
    /// The page around the main content (navigation, header, footer, side
    /// columns) was dropped, or blocks of links and site chrome inside it
    /// (menus, breadcrumbs, share and print links); the message says where
    /// the main content is (`kept the main content at html>body>…`),
    /// counts the links and characters dropped and quotes some of them.
    ChromeRemoved = "chrome_removed", Info, [converter "html"];
    /// Hidden elements (`display:none`, `hidden`) holding text were
    /// dropped; the message counts the elements and characters and quotes
    /// some of the text.
    HiddenRemoved = "hidden_removed", Info, [converter "html"];
    /// Rows of a table that the page never shows (`height="0"`,
    /// `height:0`, `display:none`) and that hold no text were left out:
    /// Word writes such a row to carry its column widths.
    InvisibleRowsDropped = "invisible_rows_dropped", Info, [converter "html"];
    /// `rowspan` or `colspan` attributes that are not numbers were read as
    /// 1; the message counts them and quotes one.
    TableSpanInvalid = "table_span_invalid", Info, [converter "html"];
    /// Cells whose `rowspan` or `colspan` ran past the table or over other
    /// cells had their spans clipped; the message counts them.
    TableSpanClipped = "table_span_clipped", Warning, [converter "html"];
    /// Tables nested inside cells of a data table were written into those
    /// cells' text (a line per nested row, its cells separated by tabs)
    /// instead of becoming tables of their own; the message gives the
    /// count.
    TableNestedFlattened = "table_nested_flattened", Info, [converter "html"];
    /// A table too large to lay out as a grid. HTML: a table of more than
    /// 1,000,000 grid positions, or more than the document's tables may
    /// still take (`--max-table-cells`, 5,000,000 by default); its rows
    /// were kept as paragraphs, cells separated by tabs. Spreadsheets: a
    /// table, or a chart's data, whose grid would exceed what the workbook
    /// may still produce (`--max-table-cells`, 5,000,000 grid positions in
    /// all by default); it was left out, and the message names its range.
    /// Text: a pipe or tabbed table whose grid (rows × the widest row)
    /// would exceed what the document may still produce; its lines were
    /// kept as paragraphs, and the message names them.
    TableTooLarge = "table_too_large", Warning,
        [converter "html", converter "spreadsheet", converter "text"];
    /// A short block that reads whole as a web page's own chrome was
    /// removed. From the `chrome` pass: page tools (`【打印本页】【关闭窗口】`,
    /// `字号：大 中 小`, `分享到：`), a top bar (`欢迎访问…门户网站！`,
    /// `2024年1月20日 星期六`, `无障碍浏览 长者模式 繁體 登录`), a search box's
    /// words, a QR-code caption (`扫一扫在手机上查看当前页面`), links to the
    /// previous and next article (`上一篇：…`), a `相关链接` heading; a list
    /// whose every item is such chrome. From the HTML converter: the site's
    /// name standing above the report's title, as the page's `<title>`
    /// names it (see `docs/converters/html.md`). The message quotes what
    /// went. HTML and text only.
    PageChromeRemoved = "page_chrome_removed", Info,
        [converter "html", pass "chrome"];

    // The DOCX converter.

    /// DOCX: a part of the package (`styles.xml`, `numbering.xml`, notes,
    /// headers, comments, `core.xml`) could not be read; the document was
    /// read without it, and the message says which and why. Spreadsheets:
    /// a part the charts are read from unpacks to more than
    /// `--max-part-bytes` (64 MiB by default); the charts were read
    /// without it.
    PartUnreadable = "part_unreadable", Warning,
        [converter "docx", converter "spreadsheet"];
    /// A part defines XML entities in a DTD (`<!DOCTYPE … [<!ENTITY …>]>`),
    /// which Office Open XML does not allow; they are not expanded (nested
    /// entities can ask for gigabytes: billion laughs), so the text of
    /// every reference to them is missing. The message names the part,
    /// counts the references and quotes one.
    EntitiesNotExpanded = "entities_not_expanded", Warning, [converter "docx"];
    /// Page headers and footers hold text, which is left out; the message
    /// counts them and quotes one.
    HeaderFooterSkipped = "header_footer_skipped", Info, [converter "docx"];
    /// Reviewers' comments are left out; the message quotes one.
    CommentsSkipped = "comments_skipped", Info, [converter "docx"];
    /// The document holds tracked changes; they were read as accepted. The
    /// message counts the insertions kept and the deletions dropped.
    TrackedChangesAccepted = "tracked_changes_accepted", Info, [converter "docx"];
    /// Paragraphs or tables from text boxes were placed after the paragraph
    /// that anchors them; the message counts them.
    TextBoxContentPlaced = "text_box_content_placed", Info, [converter "docx"];
    /// Embedded objects (such as a spreadsheet pasted as an OLE object)
    /// were skipped; their content is not in the document's text.
    EmbeddedObjectSkipped = "embedded_object_skipped", Warning, [converter "docx"];
    /// Imported chunks (`w:altChunk`: HTML or RTF kept in parts of their
    /// own) were skipped.
    AltChunkSkipped = "alt_chunk_skipped", Warning, [converter "docx"];
    /// Hidden text (`w:vanish`, which Word does not show) was left out;
    /// the message counts the pieces.
    HiddenTextSkipped = "hidden_text_skipped", Info, [converter "docx"];
    /// Characters inserted from symbol fonts other than Symbol (such as
    /// Wingdings) have no text equivalent and were left out.
    SymbolSkipped = "symbol_skipped", Info, [converter "docx"];
    /// A table span, `w:gridBefore` or `w:gridAfter` of more than 1000
    /// grid columns was clamped to 1000.
    SpanClamped = "span_clamped", Warning, [converter "docx"];
    /// Paragraphs numbered by a Word list definition in the style of
    /// section numbers (`一、`, `（一）`) that stand apart from the other
    /// items of their list were kept as paragraphs with the number written
    /// in front (the heading pass may then promote them), not as list
    /// items.
    ListNumberedSections = "list_numbered_sections", Info, [converter "docx"];
    /// Paragraphs of a table of contents were left out; the headings they
    /// list are in the text.
    TableOfContentsSkipped = "table_of_contents_skipped", Info, [converter "docx"];
    /// List items use a numbering format that cannot be drawn as text; they
    /// were kept without their numbers.
    ListNumberingOmitted = "list_numbering_omitted", Info, [converter "docx"];
    /// Tables of a single cell, or whose cells hold tables and no text of
    /// their own, only frame their content; their paragraphs, lists and
    /// tables were read in their place.
    LayoutTableUnwrapped = "layout_table_unwrapped", Info, [converter "docx"];
    /// Tables nested inside table cells were written into their cell's
    /// text, a row per line, the cells of a row separated by tabs (the
    /// model has no tables inside cells).
    NestedTableInCell = "nested_table_in_cell", Info, [converter "docx"];
    /// Tables found inside a table but outside its cells were listed after
    /// the table that holds them.
    NestedTableMoved = "nested_table_moved", Info, [converter "docx"];
    /// Footnotes and endnotes were placed after the body, in the order they
    /// are cited, each with the origin of the paragraph that cites it.
    NotesAppended = "notes_appended", Info, [converter "docx"];
    /// A cell continues a vertical merge that no cell above starts or
    /// matches; it was kept as a cell of its own.
    VmergeWithoutStart = "vmerge_without_start", Warning, [converter "docx"];
    /// A cell that a merge covers held text; it was appended to the merged
    /// cell's text.
    MergedCellTextJoined = "merged_cell_text_joined", Warning, [converter "docx"];

    // The spreadsheet converter.

    /// ODS and XLSB workbooks: the reader does not expose their merged
    /// cells, so a merged cell shows as its value in the top-left cell with
    /// empty cells beside it.
    MergesNotRead = "merges_not_read", Warning, [converter "spreadsheet"];
    /// A chart, dialog or macro sheet, or a VBA module, has no cells to
    /// convert and was skipped.
    SheetSkipped = "sheet_skipped", Info, [converter "spreadsheet"];
    /// The reader failed partway through a sheet; the cells read before the
    /// error are kept.
    SheetUnreadable = "sheet_unreadable", Warning, [converter "spreadsheet"];
    /// A sheet is hidden or very hidden in the workbook; its content **is**
    /// included, and the sheet is listed in `metadata.hidden_sheets`.
    HiddenSheet = "hidden_sheet", Info, [converter "spreadsheet"];
    /// A worksheet holds no values and was left out.
    EmptySheet = "empty_sheet", Info, [converter "spreadsheet"];
    /// Charts drawn on a worksheet were read, each as a paragraph
    /// (`Line chart: title`) and a table of the figures it plots; those
    /// figures repeat cells of the workbook. One per sheet.
    ChartsRead = "charts_read", Info, [converter "spreadsheet"];
    /// A sheet written as a document: rows holding a single text (prose, a
    /// numbered section heading, and the lines around them) were read as
    /// paragraphs in row order, and the rows between them as tables. One
    /// per sheet, naming the first rows.
    RowsReadAsText = "rows_read_as_text", Info, [converter "spreadsheet"];
    /// A cell read as a paragraph held prose over several lines; it became
    /// one paragraph per line. One per sheet.
    CellLinesSplit = "cell_lines_split", Info, [converter "spreadsheet"];
    /// Cells of a sheet hold error values (`#DIV/0!`, `#REF!`, …); they
    /// were kept as text. One per sheet, with the count and examples.
    CellError = "cell_error", Warning, [converter "spreadsheet"];
    /// Merged ranges of a sheet overlap, or values stand in cells a merge
    /// hides. One per sheet.
    MergeConflict = "merge_conflict", Warning, [converter "spreadsheet"];

    // The PDF converter.

    /// The PDF is encrypted and was decrypted with the password given
    /// (`--password`, `Options::password`).
    DecryptedWithPassword = "decrypted_with_password", Info, [converter "pdf"];
    /// The PDF is encrypted with an empty user password; it was decrypted
    /// and read without one.
    EncryptedNoPassword = "encrypted_no_password", Info, [converter "pdf"];
    /// The cross-reference data was not where the file said, or is missing
    /// or wrong; a section found nearby was used, or the objects were found
    /// by scanning the file (some may then be missing or out of date). This
    /// and the next three are damage worked around: see "Hostile and
    /// damaged files" in `docs/converters/pdf.md`.
    XrefRepaired = "xref_repaired", Warning, [converter "pdf"];
    /// Objects the file lists could not be read; what they held is missing.
    /// The message counts them and names the first five.
    ObjectsUnreadable = "objects_unreadable", Warning, [converter "pdf"];
    /// Streams have no usable `/Length`; they were read up to their
    /// `endstream`.
    StreamLengthRepaired = "stream_length_repaired", Warning, [converter "pdf"];
    /// The page tree refers back to itself; the `/Kids` and `/Parent`
    /// references that close a cycle were ignored.
    PageTreeRepaired = "page_tree_repaired", Warning, [converter "pdf"];
    /// The document has more pages than `--max-pages` allows (5,000 by
    /// default); the rest were not read.
    PagesTruncated = "pages_truncated", Warning, [converter "pdf"];
    /// The operator or content budget of the whole document ran out; the
    /// pages from the one named on were not read.
    DocumentTruncated = "document_truncated", Warning, [converter "pdf"];
    /// A page's content was unreadable or over a per-page limit; it was
    /// read in part.
    PageContentTruncated = "page_content_truncated", Warning, [converter "pdf"];
    /// Glyphs of a font have no Unicode mapping and were left out; one per
    /// font, with the count.
    UnmappedGlyphs = "unmapped_glyphs", Warning, [converter "pdf"];
    /// No page has any text: the PDF is scanned or drawn and needs OCR, or,
    /// when content was lost to damage or limits, the message says so
    /// instead.
    NoTextLayer = "no_text_layer", Warning, [converter "pdf"];
    /// Running headers, footers and page numbers repeated on the pages were
    /// removed; the message quotes them.
    PageFurnitureRemoved = "page_furniture_removed", Info, [converter "pdf"];
    /// A table without ruling lines was recovered from the alignment of its
    /// text; its box is in `origin`.
    TableWithoutRules = "table_without_rules", Info, [converter "pdf"];
    /// The Info dictionary's `/Title` is not readable as a title (mojibake,
    /// a file name such as `Microsoft Word - 2023年报.doc`, a placeholder
    /// such as `untitled`), so `metadata.title` was left to the title the
    /// document shows; the message quotes it and gives the reason.
    InfoTitleIgnored = "info_title_ignored", Info, [converter "pdf"];

    // The CSV/TSV converter.

    /// The rows of a delimited file have different numbers of fields; the
    /// table is as wide as the widest row and shorter rows end in empty
    /// cells. The message counts the rows of each width.
    RaggedRows = "ragged_rows", Info, [converter "csv"];
    /// Rows of delimiters without any value (`,,,`) were left out of the
    /// table, as blank lines are; the message counts them and names the
    /// lines of at most ten.
    EmptyRowsSkipped = "empty_rows_skipped", Info, [converter "csv"];
    /// A quoted field is never closed, so the rest of the file was read as
    /// part of it; the message names the line it opened on.
    UnclosedQuote = "unclosed_quote", Warning, [converter "csv"];

    // Cleanup passes.

    /// Word/pandoc export markers such as `[bookmark: _GoBack]`,
    /// `[comment: …]` or `[]{#_GoBack}` were removed from a text; a
    /// paragraph that held nothing else was removed.
    ExportArtefactRemoved = "export_artefact_removed", Info, [pass "artefacts"];
    /// Full-width, non-breaking, zero-width or ASCII spaces were trimmed
    /// from the ends of texts; one summary per document. Paragraphs that
    /// held only spaces were removed and are counted here.
    SpacesTrimmed = "spaces_trimmed", Info, [pass "spaces"];
    /// Spaces inside short CJK labels (`自 然 人` → `自然人`) were removed;
    /// one summary per document with examples.
    LabelSpacesRemoved = "label_spaces_removed", Info, [pass "spaces"];
    /// A website navigation trail (`当前位置：首页 > …`) was removed, as a
    /// whole block or from the end of a text. HTML, text, and PDFs printed
    /// from a browser only.
    BreadcrumbRemoved = "breadcrumb_removed", Info, [pass "breadcrumbs"];
    /// A short block of a website's footer (`版权所有`, `网站标识码`,
    /// `主办单位：…`, `ICP备`, …) was removed; also contact details
    /// (`地址：… 邮编：…`) that follow a footer line with only chrome
    /// between. HTML and text only.
    FooterRemoved = "footer_removed", Info, [pass "chrome"];
    /// The article's info line was removed (`发布时间：2024-01-20
    /// 来源：某某区司法局 浏览次数：1234 【字体：大 中 小】`, also run together
    /// without spaces or split over lines), or cut from the end of the
    /// title it was glued to (`…年度报告发布日期：2023-01-18`; the message
    /// says `cut article info line … from the end of …`). The source it
    /// names is not taken as the issuer. HTML and text only.
    ArticleInfoRemoved = "article_info_removed", Info, [pass "chrome"];
    /// The opening of a report pasted a second time was removed (the later
    /// copy). Only this export fault is acted on: the earlier copy starts
    /// among the first three blocks, the later one before the first table,
    /// at least three blocks repeat, among them a paragraph of 40 or more
    /// characters and a block numbered in the document's hierarchy (so the
    /// repeat breaks the numbering). Repeated text in general is kept.
    /// Warning, because real text went.
    DuplicateRemoved = "duplicate_removed", Warning, [pass "duplicates"];

    // Headings, repair and the profile.

    /// A title broken over two lines (`…政府信息公开工作` / `年度报告`) was
    /// joined into one heading.
    TitleLinesJoined = "title_lines_joined", Info, [pass "headings"];
    /// A table with no numbers to count columns by, or whose rebuilt grid
    /// would be out of proportion to the table the export showed (more
    /// than 4 times its positions and over 1,000,000), was kept with its
    /// rows as the export showed them, padded to one width; its
    /// `header_rows` is 0. The message says which.
    TableNotRebuilt = "table_not_rebuilt", Info, [pass "repair"];
    /// A cell where the report states a figure holds text that is not a
    /// number (`—`, `/`, `无`); the key is left out of `statistics`.
    StatisticNotANumber = "statistic_not_a_number", Warning, [pass "profile"];
    /// A key was stated again with a different figure (a second table of
    /// the same kind, two rows mapping to one key); the first figure is
    /// kept.
    StatisticStatedTwice = "statistic_stated_twice", Warning, [pass "profile"];
    /// A row of the application table (or a run-together line) with figures
    /// matches no template row; its figures are not recorded.
    StatisticRowUnknown = "statistic_row_unknown", Warning, [pass "profile"];
    /// A proactive-disclosure item and column heading form no statistics
    /// key (say `行政许可` under `本年制发件数`); not recorded.
    StatisticKeyUnknown = "statistic_key_unknown", Warning, [pass "profile"];
    /// A proactive-disclosure figure stands in a column that no `信息内容`
    /// header row names; not recorded.
    StatisticColumnUnknown = "statistic_column_unknown", Warning, [pass "profile"];
    /// An application row's figures were joined without separators
    /// (`…数量21710000218`); the only split whose six applicant figures add
    /// up to the total was recorded, and the message shows it.
    RunTogetherSplit = "run_together_split", Info, [pass "profile"];
    /// Joined figures with several splits that add up; none is recorded for
    /// the row.
    RunTogetherAmbiguous = "run_together_ambiguous", Warning, [pass "profile"];
    /// Joined figures with no split that adds up; none is recorded for the
    /// row.
    RunTogetherUnsplittable = "run_together_unsplittable", Warning, [pass "profile"];
    /// A row's figures fit the template's columns in several ways its sums
    /// cannot tell apart (or in none): only the figures every placement
    /// agrees on were recorded; the message lists the candidates.
    StatisticPlacementUncertain = "statistic_placement_uncertain", Warning, [pass "profile"];
    /// The application table's value columns are not exactly the template's
    /// seven named ones, so each row's figures were placed in order (see
    /// `docs/profile.md`); the message counts the rows placed by the only
    /// fit, by their sums, and left uncertain.
    StatisticsPlacedByRow = "statistics_placed_by_row", Info, [pass "profile"];
}

impl DiagnosticCode {
    /// Whether this version of docmend knows the code.
    pub fn is_known(&self) -> bool {
        !matches!(self, DiagnosticCode::Other(_))
    }

    /// The markdown table of every code, as `docs/schema.md` holds it:
    /// code, severity, the stages that write it, and when.
    pub fn markdown_table() -> String {
        Self::markdown_table_of(|_| true)
    }

    /// The markdown table of the codes a converter writes, as its page
    /// under `docs/converters/` holds it.
    pub fn markdown_table_for_converter(name: &str) -> String {
        Self::markdown_table_of(|code| {
            code.stages()
                .iter()
                .any(|stage| matches!(stage, Stage::Converter(n) if *n == name))
        })
    }

    fn markdown_table_of(keep: impl Fn(&DiagnosticCode) -> bool) -> String {
        let mut table =
            String::from("| Code | Severity | Written by | Meaning |\n| --- | --- | --- | --- |\n");
        for code in DiagnosticCode::ALL.iter().filter(|c| keep(c)) {
            let severity = code.severity().map_or("", Severity::as_str);
            table.push_str(&format!(
                "| `{}` | {severity} | {} | {} |\n",
                code.as_str(),
                describe_stages(code.stages()),
                code.meaning().replace('|', "\\|")
            ));
        }
        table
    }
}

/// The stages for a person: "`text`, `html` and `csv` converters; `chrome`
/// pass".
fn describe_stages(stages: &[Stage]) -> String {
    let converters: Vec<&str> = stages
        .iter()
        .filter_map(|s| match s {
            Stage::Converter(name) => Some(*name),
            Stage::Pass(_) => None,
        })
        .collect();
    let passes: Vec<&str> = stages
        .iter()
        .filter_map(|s| match s {
            Stage::Pass(name) => Some(*name),
            Stage::Converter(_) => None,
        })
        .collect();
    let group = |names: &[&str], one: &str, many: &str| -> Option<String> {
        let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        match quoted.as_slice() {
            [] => None,
            [only] => Some(format!("{only} {one}")),
            [init @ .., last] => Some(format!("{} and {last} {many}", init.join(", "))),
        }
    };
    [
        group(&converters, "converter", "converters"),
        group(&passes, "pass", "passes"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ")
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DiagnosticCode {
    /// Any string reads: a code this version does not know becomes
    /// [`DiagnosticCode::Other`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = Cow::<'de, str>::deserialize(deserializer)?;
        Ok(DiagnosticCode::parse(&code))
    }
}

impl JsonSchema for DiagnosticCode {
    fn schema_name() -> Cow<'static, str> {
        "DiagnosticCode".into()
    }

    /// The codes this version writes. A reader should take any other
    /// string as "something else happened" (`docs/schema.md`).
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = DiagnosticCode::ALL.iter().map(|c| c.as_str()).collect();
        json_schema!({
            "description": "What a diagnostic reports; docs/schema.md says when each code is written. Later versions may add codes.",
            "type": "string",
            "enum": codes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_parse_back() {
        let mut seen = HashSet::new();
        for code in DiagnosticCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                !text.is_empty()
                    && text.split('_').all(|w| !w.is_empty())
                    && text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{text} is snake_case"
            );
            assert_eq!(&DiagnosticCode::parse(text), code);
            assert!(code.is_known() && code.severity().is_some());
            assert!(!code.stages().is_empty() && !code.meaning().is_empty());
        }
    }

    #[test]
    fn serialises_as_its_string() {
        let code = DiagnosticCode::FooterRemoved;
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"footer_removed\"");
        let back: DiagnosticCode = serde_json::from_str("\"footer_removed\"").unwrap();
        assert_eq!(back, code);
    }

    #[test]
    fn an_unknown_code_is_kept_as_written() {
        let read: DiagnosticCode = serde_json::from_str("\"code_of_a_later_release\"").unwrap();
        assert!(!read.is_known());
        assert_eq!(read.as_str(), "code_of_a_later_release");
        assert_eq!(read.severity(), None);
        assert!(read.stages().is_empty());
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            "\"code_of_a_later_release\""
        );
        // Not a string at all is still an error.
        assert!(serde_json::from_str::<DiagnosticCode>("3").is_err());
    }

    #[test]
    fn the_table_names_the_stages_for_a_person() {
        let table = DiagnosticCode::markdown_table();
        assert!(table.contains(
            "| `encoding_guessed` | info | `text`, `html` and `csv` converters | While decoding"
        ));
        assert!(
            table.contains("| `page_chrome_removed` | info | `html` converter; `chrome` pass |")
        );
        assert!(table.contains("| `duplicate_removed` | warning | `duplicates` pass |"));
        let csv = DiagnosticCode::markdown_table_for_converter("csv");
        assert!(csv.contains("`ragged_rows`") && csv.contains("`invalid_bytes`"));
        assert!(!csv.contains("`chrome_removed`"));
    }

    #[test]
    fn meaning_is_the_doc_comment_on_one_line() {
        assert_eq!(
            DiagnosticCode::TitleLinesJoined.meaning(),
            "A title broken over two lines (`…政府信息公开工作` / `年度报告`) was joined into one heading."
        );
    }
}
