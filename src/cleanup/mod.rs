//! Cleanup: strips export artefacts, website chrome and pasted-twice content
//! from the model's text, after a converter and before the table repair pass.
//!
//! Each job lives in its own submodule and works on the model only (never on
//! raw bytes or a format). Every removal or change is reported as a
//! [`Diagnostic`](crate::model::Diagnostic) that says what went and where, so cleanup is never silent:
//!
//! * `artefacts` – Word/pandoc export markers such as `[bookmark: _GoBack]`
//!   (`export_artefact_removed`).
//! * `spaces` – full-width, non-breaking and zero-width spaces at the ends
//!   of texts (`spaces_trimmed`) and spaces inside short CJK labels such as
//!   `自 然 人` (`label_spaces_removed`).
//! * `breadcrumbs` – `当前位置：首页 > …` navigation trails
//!   (`breadcrumb_removed`).
//! * `chrome` – site footers such as `版权所有 网站标识码…`
//!   (`footer_removed`); page tools, top bars, QR-code captions and
//!   previous/next links such as `【打印】【关闭】` (`page_chrome_removed`);
//!   the article's info line, `发布时间：… 来源：… 浏览次数：…`
//!   (`article_info_removed`). Lines are read by [`page_line`], built
//!   from the words of [`page_words`](crate::page_words) and the dates of [`dates`](crate::dates).
//! * `duplicates` – runs of blocks an exporter pasted twice
//!   (`duplicate_removed`).

mod artefacts;
mod breadcrumbs;
mod chrome;
mod duplicates;
mod spaces;

// The page-line vocabulary and the block helpers live in the core crate,
// because the HTML converter reads page lines too.
pub(crate) use crate::page_line;
pub(crate) use docmend_core::blocks::{
    drop_marked, is_space, kind, place, quote, span_origin, text_of, unnumbered_text,
};

use crate::model::{Format, Metadata};

/// Breadcrumbs and site chrome exist only in pages saved from a website, in
/// text copied from one, and in a page printed to PDF from a browser (the
/// PDF names the browser as its maker): in a DOCX, in another PDF or in a
/// workbook a short `版权所有 翻印必究` line is the document's own text, so
/// those two passes act only there.
pub fn from_a_website(format: Format, metadata: &Metadata) -> bool {
    matches!(format, Format::Html | Format::Text)
        || (format == Format::Pdf && metadata.made_by_a_browser())
}

pub use artefacts::remove_markers;
pub use breadcrumbs::remove as remove_breadcrumbs;
pub use chrome::remove as remove_chrome;
pub use duplicates::remove as remove_duplicates;
pub use spaces::tidy as tidy_spaces;

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
                _ => "<block>".to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::model::{Block, Diagnostic, Origin};

    #[test]
    fn only_pages_from_a_website_lose_site_chrome() {
        let none = Metadata::default();
        let browser = Metadata {
            generator: Some("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36".into()),
            ..Metadata::default()
        };
        let word = Metadata {
            generator: Some("Microsoft® Word 2016".into()),
            ..Metadata::default()
        };
        assert!(from_a_website(Format::Html, &none));
        assert!(from_a_website(Format::Text, &none));
        assert!(from_a_website(Format::Pdf, &browser));
        assert!(!from_a_website(Format::Pdf, &none));
        assert!(!from_a_website(Format::Pdf, &word));
        assert!(!from_a_website(Format::Docx, &browser));
    }

    /// The five cleanup passes in pipeline order, as the standard pipeline
    /// runs them.
    fn clean(blocks: &mut Vec<Block>, format: Format) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        remove_markers(blocks, &mut diagnostics);
        tidy_spaces(blocks, &mut diagnostics);
        if from_a_website(format, &Metadata::default()) {
            remove_breadcrumbs(blocks, &mut diagnostics);
            remove_chrome(blocks, &mut diagnostics);
        }
        remove_duplicates(blocks, &mut diagnostics);
        diagnostics
    }
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
        let diagnostics = clean(&mut blocks, Format::Text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(blocks, before);
    }

    #[test]
    fn empty_document_is_fine() {
        let mut blocks = Vec::new();
        assert!(clean(&mut blocks, Format::Text).is_empty());
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
        let diagnostics = clean(&mut blocks, Format::Text);
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
