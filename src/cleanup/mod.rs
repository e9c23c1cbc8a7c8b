//! Cleanup: strips export artefacts, website chrome and pasted-twice content
//! from the model's text, after a converter and before the table repair pass.
//!
//! Each job lives in its own submodule and works on the model only (never on
//! raw bytes or a format). Every removal or change is reported as a
//! [`Diagnostic`] that says what went and where, so cleanup is never silent:
//!
//! * [`artefacts`] – Word/pandoc export markers such as `[bookmark: _GoBack]`
//!   (`export_artefact_removed`).
//! * [`spaces`] – full-width, non-breaking and zero-width spaces at the ends
//!   of texts (`spaces_trimmed`) and spaces inside short CJK labels such as
//!   `自 然 人` (`label_spaces_removed`).
//! * [`breadcrumbs`] – `当前位置：首页 > …` navigation trails
//!   (`breadcrumb_removed`).
//! * [`chrome`] – site footers such as `版权所有 网站标识码…`
//!   (`footer_removed`); page tools, top bars, QR-code captions and
//!   previous/next links such as `【打印】【关闭】` (`page_chrome_removed`);
//!   the article's info line, `发布时间：… 来源：… 浏览次数：…`
//!   (`article_info_removed`). Lines are read by [`page_line`], built
//!   from the words of [`page_words`] and the dates of [`dates`].
//! * [`duplicates`] – runs of blocks an exporter pasted twice
//!   (`duplicate_removed`).

mod artefacts;
mod breadcrumbs;
mod chrome;
mod dates;
mod duplicates;
pub(crate) mod page_line;
mod page_words;
mod spaces;

use crate::model::{Block, Diagnostic, Format, Origin};
use crate::passes::{Pass, Passes};
use std::fmt::Write;

/// Cleans `blocks` in place; every removal is returned as a diagnostic.
///
/// The order matters: markers go first because they can hide the start of a
/// text (`[bookmark: _GoBack]一、总体情况`); spaces next so that the chrome
/// and duplicate checks see trimmed texts; duplicates last so that chrome
/// which differs between the two copies cannot break a run apart.
///
/// Breadcrumbs and site chrome exist only in pages saved from a website and
/// in text copied from one: in a DOCX, PDF or workbook a short
/// `版权所有 翻印必究` line is the document's own text, so those two passes
/// run only for HTML and plain text.
pub fn clean(blocks: &mut Vec<Block>, passes: &Passes, format: Format) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let from_a_website = matches!(format, Format::Html | Format::Text);
    if passes.runs(Pass::Artefacts) {
        artefacts::remove_markers(blocks, &mut diagnostics);
    }
    if passes.runs(Pass::Spaces) {
        spaces::tidy(blocks, &mut diagnostics);
    }
    if passes.runs(Pass::Breadcrumbs) && from_a_website {
        breadcrumbs::remove(blocks, &mut diagnostics);
    }
    if passes.runs(Pass::Chrome) && from_a_website {
        chrome::remove(blocks, &mut diagnostics);
    }
    if passes.runs(Pass::Duplicates) {
        duplicates::remove(blocks, &mut diagnostics);
    }
    diagnostics
}

/// How many characters of removed text a message quotes.
const QUOTE_CHARS: usize = 30;

/// Whether `c` is a space an exporter may leave around text: ASCII and
/// Unicode white space (this covers U+3000, U+00A0 and U+2000–U+200A) plus
/// the zero-width space U+200B and the byte-order mark U+FEFF, which are not
/// white space to Unicode but show up as invisible padding in exports.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// A short quotation of `text` for a message: the first [`QUOTE_CHARS`]
/// characters in double quotes, with `…` when cut and control characters
/// shown as spaces so a message stays on one line.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(QUOTE_CHARS * 3 + 8);
    out.push('"');
    let mut chars = text.chars();
    for c in chars.by_ref().take(QUOTE_CHARS) {
        out.push(if c.is_control() { ' ' } else { c });
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// Where an origin points, for a message: `line 5`, `lines 21–33`,
/// `page 3`, `sheet "表1" A1:I29`, `paragraph 12`, `element body>p`.
pub(crate) fn place(origin: Option<&Origin>) -> String {
    let Some(o) = origin else {
        return "an unknown position".to_string();
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(page) = o.page {
        parts.push(format!("page {page}"));
    }
    if let Some(sheet) = &o.sheet {
        let mut s = format!("sheet \"{sheet}\"");
        if let Some(range) = &o.range {
            let _ = write!(s, " {range}");
        }
        parts.push(s);
    } else if let Some(range) = &o.range {
        parts.push(format!("range {range}"));
    }
    match (o.line, o.line_end) {
        (Some(a), Some(b)) if b > a => parts.push(format!("lines {a}–{b}")),
        (Some(a), _) => parts.push(format!("line {a}")),
        (None, Some(b)) => parts.push(format!("line {b}")),
        (None, None) => {}
    }
    if let Some(p) = o.paragraph {
        parts.push(format!("paragraph {p}"));
    }
    if let Some(path) = &o.path {
        parts.push(format!("element {path}"));
    }
    if parts.is_empty() {
        "an unknown position".to_string()
    } else {
        parts.join(", ")
    }
}

/// The origin covering a run of blocks: the first block's origin, with its
/// last line stretched to the last block's. Formats without lines keep the
/// first block's origin, which still says where the run starts.
pub(crate) fn span_origin(first: &Block, last: &Block) -> Option<Origin> {
    let mut origin = first.origin().cloned()?;
    if let Some(end) = last.origin().and_then(|o| o.line_end.or(o.line))
        && origin.line.is_some()
        && origin.line_end.is_none_or(|e| e < end)
    {
        origin.line_end = Some(end);
    }
    Some(origin)
}

/// The kind of a text block, for messages.
pub(crate) fn kind(block: &Block) -> &'static str {
    match block {
        Block::Heading(_) => "heading",
        Block::Paragraph(_) => "paragraph",
        Block::List(_) => "list",
        Block::Table(_) => "table",
    }
}

/// The text of a heading or paragraph; `None` for lists and tables.
pub(crate) fn text_of(block: &Block) -> Option<&str> {
    match block {
        Block::Heading(h) => Some(&h.text),
        Block::Paragraph(p) => Some(&p.text),
        Block::List(_) | Block::Table(_) => None,
    }
}

/// The text of a paragraph or of a heading without numbering: the blocks a
/// web page's chrome can turn into. A numbered heading (`一、…`) is report
/// structure, never chrome.
pub(crate) fn unnumbered_text(block: &Block) -> Option<&str> {
    match block {
        Block::Heading(h) if h.numbering.is_none() => Some(&h.text),
        Block::Paragraph(p) => Some(&p.text),
        _ => None,
    }
}

/// Drops the blocks whose flag in `remove` is set. Callers only come here
/// when at least one flag is set, so clean documents are never rebuilt.
pub(crate) fn drop_marked(blocks: &mut Vec<Block>, remove: &[bool]) {
    let mut index = 0;
    blocks.retain(|_| {
        let keep = !remove.get(index).copied().unwrap_or(false);
        index += 1;
        keep
    });
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Small builders for the submodules' tests.

    use crate::model::{Block, Cell, Heading, Layout, Origin, Paragraph, Table};

    pub fn para(line: usize, text: &str) -> Block {
        Block::Paragraph(Paragraph::new(text, Some(Origin::lines(line, line))))
    }

    pub fn heading(line: usize, numbering: Option<&str>, text: &str) -> Block {
        Block::Heading(Heading::new(
            if numbering.is_some_and(|n| n.starts_with(['(', '（'])) {
                2
            } else {
                1
            },
            numbering.map(str::to_string),
            text,
            Some(Origin::lines(line, line)),
        ))
    }

    /// A raw table (as a text converter leaves it) with one row per slice.
    pub fn table(first_line: usize, rows: &[&[&str]]) -> Block {
        let mut cells = Vec::new();
        let mut n_cols = 0;
        for (r, row) in rows.iter().enumerate() {
            n_cols = n_cols.max(row.len());
            for (c, text) in row.iter().enumerate() {
                cells.push(Cell::new(r, c, *text));
            }
        }
        Block::Table(Table {
            n_rows: rows.len(),
            n_cols,
            header_rows: 0,
            cells,
            repairs: Vec::new(),
            origin: Some(Origin::lines(
                first_line,
                first_line + rows.len().max(1) - 1,
            )),
            layout: Layout::RowsAsSeen,
            raw: Default::default(),
        })
    }

    pub fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text),
                Block::Paragraph(p) => p.text.clone(),
                Block::List(l) => format!("<list {} items>", l.items.len()),
                Block::Table(t) => format!("<table {} cells>", t.cells.len()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::model::Severity;

    fn clean_report() -> Vec<Block> {
        vec![
            para(1, "某某区人民政府办公室"),
            para(2, "2022年度政府信息公开工作年度报告"),
            heading(3, Some("一、"), "总体情况"),
            para(
                4,
                "2022年，我区认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开，\
                 不断提升政府信息公开工作质量和实效。",
            ),
            heading(5, Some("（一）"), "主动公开情况"),
            para(6, "全年共主动公开政府信息1234条，其中规范性文件12件。"),
            heading(7, Some("二、"), "主动公开政府信息情况"),
            table(
                8,
                &[
                    &["第二十条第（一）项", "", "", ""],
                    &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                    &["规章", "0", "0", "0"],
                    &["行政规范性文件", "12", "1", "30"],
                ],
            ),
            heading(12, Some("三、"), "收到和处理政府信息公开申请情况"),
            table(
                13,
                &[
                    &["本列数据的勾稽关系", "申请人情况"],
                    &["自然人", "法人或其他组织", "总计"],
                    &["商业企业", "科研机构", "Excel 2007", "1 234"],
                ],
            ),
            heading(16, Some("（一）"), "主动公开情况"),
            para(17, "无其他需报告的事项。"),
        ]
    }

    #[test]
    fn clean_document_is_left_alone() {
        let mut blocks = clean_report();
        let before = blocks.clone();
        let diagnostics = clean(&mut blocks, &Passes::all(), Format::Text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(blocks, before);
    }

    #[test]
    fn empty_document_is_fine() {
        let mut blocks = Vec::new();
        assert!(clean(&mut blocks, &Passes::all(), Format::Text).is_empty());
    }

    #[test]
    fn all_jobs_run_together() {
        let mut blocks = clean_report();
        blocks.insert(0, para(0, "当前位置：首页 > 政务公开 > 政府信息公开年报"));
        if let Block::Heading(h) = &mut blocks[3] {
            h.text = "[bookmark: _GoBack]总体情况".to_string();
        }
        blocks.push(para(18, "版权所有：某某区人民政府  网站标识码：4101000001"));
        blocks.push(para(19, "　　"));
        let diagnostics = clean(&mut blocks, &Passes::all(), Format::Text);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "export_artefact_removed",
                "spaces_trimmed",
                "breadcrumb_removed",
                "footer_removed"
            ]
        );
        assert!(diagnostics.iter().all(|d| d.severity == Severity::Info));
        // The whitespace-only paragraph goes too (counted in `spaces_trimmed`).
        assert!(
            diagnostics[1]
                .message
                .contains("removed 1 paragraph that held only spaces")
        );
        assert_eq!(blocks, clean_report());
    }

    #[test]
    fn quote_cuts_long_text_and_flattens_control_characters() {
        assert_eq!(quote("短文本"), "\"短文本\"");
        let long = "一".repeat(40);
        assert_eq!(quote(&long), format!("\"{}…\"", "一".repeat(30)));
        assert_eq!(quote("a\nb"), "\"a b\"");
    }

    #[test]
    fn place_names_lines_pages_and_paths() {
        assert_eq!(place(Some(&Origin::lines(21, 33))), "lines 21–33");
        assert_eq!(place(Some(&Origin::lines(4, 4))), "line 4");
        let pdf = Origin {
            page: Some(3),
            ..Origin::default()
        };
        assert_eq!(place(Some(&pdf)), "page 3");
        assert_eq!(place(None), "an unknown position");
    }
}
