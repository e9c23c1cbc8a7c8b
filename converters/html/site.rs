//! The site's own name on a saved article page.
//!
//! A government site's article page has a `<title>` of the article's title
//! followed by the site's column and name (`…年度报告_政府信息公开年报_
//! 某某区人民政府`, `… - 政府信息公开 - 某某市人民政府`), and shows the name
//! again as a banner heading or the page's first line. Where the page is
//! flat enough for that banner to stand among the report's blocks, above
//! the report's title, it looks like the report's issuer line, and the
//! profile would read the site's name as the issuer. So a block above the
//! title line whose text is exactly one of the names after the report's
//! part of the `<title>` (or that name with a website's ending:
//! `某某区人民政府门户网站`) is removed (`page_chrome_removed`) when it is a
//! heading (`<h1>某某区人民政府</h1>`: a report's issuer line is not a heading
//! above its title) or when other blocks stand between it and the title.
//! A plain line directly above the title stays: it may be the report's
//! own issuer line (a county's report on the county's site).

use super::emit::BlockInfo;
use super::title::page_title_parts;
use docmend_core::blocks::{kind, place, quote, unnumbered_text};
use docmend_core::model::{Block, Diagnostic, DiagnosticCode};

/// A site's name is at most this long.
const MAX_NAME_CHARS: usize = 30;

/// The parts of the `<title>` after the part naming the report: the
/// column and the site's name.
pub fn names(page_title: Option<&str>) -> Vec<String> {
    let Some(page_title) = page_title else {
        return Vec::new();
    };
    let parts = page_title_parts(page_title);
    let Some(report) = parts.iter().position(|p| p.contains("报告")) else {
        return Vec::new();
    };
    parts[report + 1..]
        .iter()
        .filter(|p| p.chars().count() <= MAX_NAME_CHARS && !p.contains("报告"))
        .map(|p| p.to_string())
        .collect()
}

/// What a banner adds to the site's name: `某某区人民政府门户网站`.
const WEBSITE_ENDINGS: [&str; 6] = ["门户网站", "政府网站", "门户网", "政府网", "网站", "官网"];

/// Whether `text` is the site's name `name`, alone or as a website's
/// (`某某区人民政府门户网站`).
fn is_site_name(text: &str, name: &str) -> bool {
    text == name
        || text
            .strip_prefix(name)
            .is_some_and(|rest| WEBSITE_ENDINGS.contains(&rest))
}

/// Removes the site's name standing above the report's title line (block
/// `title`); see the module documentation.
pub fn remove(
    names: &[String],
    title: Option<usize>,
    blocks: &mut Vec<Block>,
    infos: &mut Vec<BlockInfo>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let Some(title) = title else {
        return diagnostics;
    };
    if names.is_empty() {
        return diagnostics;
    }
    let mut remove = vec![false; title];
    for (index, (block, info)) in blocks.iter().zip(infos.iter()).take(title).enumerate() {
        let Some(text) = unnumbered_text(block) else {
            continue;
        };
        let text = super::text::trim_spaces(text);
        if !names.iter().any(|n| is_site_name(text, n)) {
            continue;
        }
        if info.heading_tag.is_none() && index + 1 == title {
            continue;
        }
        remove[index] = true;
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::PageChromeRemoved,
                format!(
                    "removed the site's name {} at {}: {} (the page's <title> names the site so)",
                    kind(block),
                    place(block.origin()),
                    quote(text)
                ),
            )
            .with_origin(block.origin().cloned()),
        );
    }
    if !diagnostics.is_empty() {
        let mut index = 0;
        infos.retain(|_| {
            index += 1;
            !remove.get(index - 1).copied().unwrap_or(false)
        });
        docmend_core::blocks::drop_marked(blocks, &remove);
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use docmend_core::model::{Heading, Paragraph};

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph::new(text, None))
    }

    fn heading(text: &str) -> Block {
        Block::Heading(Heading::new(1, None, text, None))
    }

    fn info(heading: bool) -> BlockInfo {
        BlockInfo {
            heading_tag: heading.then_some(1),
            ..BlockInfo::default()
        }
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().filter_map(unnumbered_text).collect()
    }

    #[test]
    fn names_follow_the_report_in_the_title() {
        assert_eq!(
            names(Some("某区2022年年度报告_政府信息公开年报_某某区人民政府")),
            ["政府信息公开年报", "某某区人民政府"]
        );
        assert_eq!(
            names(Some("2022年年度报告-某某区人民政府")),
            ["某某区人民政府"]
        );
        // No report part (Word writes the document's title, often the
        // issuer): no site name.
        assert!(names(Some("晋城市城区人民政府办公室")).is_empty());
        assert!(names(Some("某某区人民政府_2022年年度报告")).is_empty());
        assert!(names(None).is_empty());
    }

    #[test]
    fn the_banner_goes_and_an_issuer_line_stays() {
        let names = vec!["某某区人民政府".to_string()];
        // A heading above the title, and a line with others between.
        let mut blocks = vec![
            heading("某某区人民政府"),
            para("请输入关键字"),
            heading("2022年年度报告"),
        ];
        let mut infos = vec![info(true), info(false), info(true)];
        let diagnostics = remove(&names, Some(2), &mut blocks, &mut infos);
        assert_eq!(texts(&blocks), ["请输入关键字", "2022年年度报告"]);
        assert_eq!(infos.len(), 2);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, DiagnosticCode::PageChromeRemoved);

        let mut blocks = vec![
            para("某某区人民政府"),
            para("某某区司法局"),
            heading("2022年年度报告"),
        ];
        let mut infos = vec![info(false); 3];
        remove(&names, Some(2), &mut blocks, &mut infos);
        assert_eq!(texts(&blocks), ["某某区司法局", "2022年年度报告"]);

        // The name as a website's banner goes too.
        let mut blocks = vec![
            para("某某区人民政府门户网站"),
            para("无障碍浏览"),
            heading("2022年年度报告"),
        ];
        let mut infos = vec![info(false); 3];
        remove(&names, Some(2), &mut blocks, &mut infos);
        assert_eq!(texts(&blocks), ["无障碍浏览", "2022年年度报告"]);
        assert!(!is_site_name("某某区人民政府办公室", "某某区人民政府"));

        // Directly above the title as a plain line: maybe the issuer.
        let mut blocks = vec![para("某某区人民政府"), heading("2022年年度报告")];
        let mut infos = vec![info(false), info(true)];
        assert!(remove(&names, Some(1), &mut blocks, &mut infos).is_empty());
        assert_eq!(blocks.len(), 2);
        // Below the title it is the report's (a signature).
        let mut blocks = vec![heading("2022年年度报告"), heading("某某区人民政府")];
        let mut infos = vec![info(true), info(true)];
        assert!(remove(&names, Some(0), &mut blocks, &mut infos).is_empty());
    }
}
