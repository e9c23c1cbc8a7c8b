//! The page's title for `metadata.title`: the report's own title line if
//! the page shows one, else the `<title>` element.
//!
//! In order of preference: an `h1`/`h2` naming a report (`…报告`); a short
//! centred or bold line naming a report before the first table (Word's
//! title paragraph); the part of `<title>` naming a report (sites append
//! their own name: `…年度报告_政务公开_某某区人民政府`); the first
//! `h1`/`h2`; the whole `<title>`.

use super::emit::BlockInfo;
use super::text::trim_spaces;
use crate::model::Block;

/// A title line is at most this long.
const MAX_TITLE_CHARS: usize = 60;
/// How many blocks from the top a title line may be.
const SEARCH_BLOCKS: usize = 8;

pub fn choose(page_title: Option<&str>, blocks: &[Block], infos: &[BlockInfo]) -> Option<String> {
    let top = || {
        blocks
            .iter()
            .zip(infos)
            .take(SEARCH_BLOCKS)
            .take_while(|(block, _)| !matches!(block, Block::Table(_)))
    };
    let heading = |block: &Block| match block {
        Block::Heading(h) => Some(format!(
            "{}{}",
            h.numbering.as_deref().unwrap_or(""),
            h.text
        )),
        _ => None,
    };
    let names_report =
        |text: &str| text.contains("报告") && text.chars().count() <= MAX_TITLE_CHARS;

    let tagged = || {
        top()
            .filter(|(_, info)| info.heading_tag.is_some_and(|level| level <= 2))
            .filter_map(|(block, _)| heading(block))
    };
    if let Some(title) = tagged().find(|t| names_report(t)) {
        return Some(title);
    }
    let emphasised_line = top().find_map(|(block, info)| match block {
        Block::Paragraph(p)
            if info.emphasised
                && names_report(trim_spaces(&p.text))
                && !p.text.contains(['。', '；', '：', ':']) =>
        {
            Some(trim_spaces(&p.text).to_string())
        }
        _ => None,
    });
    if emphasised_line.is_some() {
        return emphasised_line;
    }
    let page_title = page_title.map(trim_spaces).filter(|t| !t.is_empty());
    if let Some(part) = page_title.and_then(|t| {
        t.split(['_', '|', '－', '—'])
            .flat_map(|part| part.split(" - "))
            .map(trim_spaces)
            .find(|part| names_report(part))
    }) {
        return Some(part.to_string());
    }
    tagged().next().or_else(|| page_title.map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Heading, Paragraph};

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            links: Vec::new(),
            text: text.into(),
            origin: None,
        })
    }

    fn heading(text: &str) -> Block {
        Block::Heading(Heading {
            links: Vec::new(),
            level: 1,
            numbering: None,
            text: text.into(),
            origin: None,
        })
    }

    const PLAIN: BlockInfo = BlockInfo {
        heading_tag: None,
        emphasised: false,
    };
    const CENTRED: BlockInfo = BlockInfo {
        heading_tag: None,
        emphasised: true,
    };
    const H1: BlockInfo = BlockInfo {
        heading_tag: Some(1),
        emphasised: true,
    };

    #[test]
    fn preferences() {
        let site = Some("某某区2022年政府信息公开工作年度报告_年报_某某区人民政府");
        let blocks = [
            para("某某区人民政府"),
            heading("2022年政府信息公开工作年度报告"),
        ];
        assert_eq!(
            choose(site, &blocks, &[CENTRED, H1]).as_deref(),
            Some("2022年政府信息公开工作年度报告")
        );
        let blocks = [para("　2022年政府信息公开工作年度报告"), para("正文。")];
        assert_eq!(
            choose(site, &blocks, &[CENTRED, PLAIN]).as_deref(),
            Some("2022年政府信息公开工作年度报告")
        );
        assert_eq!(
            choose(site, &blocks, &[PLAIN, PLAIN]).as_deref(),
            Some("某某区2022年政府信息公开工作年度报告")
        );
        assert_eq!(
            choose(Some("Page"), &[heading("Header")], &[H1]).as_deref(),
            Some("Header")
        );
        assert_eq!(choose(Some(" Page "), &[], &[]).as_deref(), Some("Page"));
        assert_eq!(choose(None, &[], &[]), None);
    }
}
