//! The page's title for `metadata.title`: the report's own title line if
//! the page shows one, else the `<title>` element.
//!
//! In order of preference: an `h1`/`h2` naming a report (`…报告`); a short
//! centred or bold line naming a report before the first table (Word's
//! title paragraph); the part of `<title>` naming a report (sites append
//! their own name: `…年度报告_政务公开_某某区人民政府`); the first
//! `h1`/`h2` that is not the site's name; the whole `<title>`.
//!
//! A title line with the article's info glued to its end
//! (`…年度报告发布日期：2023-01-18`) counts without it. When the page's
//! heading is the short title (`2022年政府信息公开工作年度报告`) and the
//! `<title>` names the same report with its issuer before it
//! (`某某区司法局2022年政府信息公开工作年度报告_…`), the longer one is the
//! report's full title and is taken: the issuer is part of the title.

use super::emit::BlockInfo;
use super::text::trim_spaces;
use docmend_core::model::Block;
use docmend_core::page_line;

/// A title line is at most this long.
const MAX_TITLE_CHARS: usize = 60;
/// How many blocks from the top a title line may be.
const SEARCH_BLOCKS: usize = 8;
/// The issuer a `<title>` may put before the page's short title.
const MAX_PREFIX_CHARS: usize = 30;

/// The title and the block it came from.
#[derive(Debug, Default, PartialEq)]
pub struct Title {
    pub text: Option<String>,
    /// The block that is the report's title line, if the page shows one.
    pub block: Option<usize>,
}

fn names_report(text: &str) -> bool {
    text.contains("报告") && text.chars().count() <= MAX_TITLE_CHARS
}

/// The parts of a `<title>`: sites join the article's title, the column
/// and the site's name with `_`, `|`, `-` (not between digits: `2022-2023`
/// stays whole) or dashes.
pub fn page_title_parts(page_title: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    let mut chars = page_title.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let splits = matches!(c, '_' | '|' | '｜' | '－' | '—' | '–')
            || (c == '-'
                && !(previous.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())));
        if splits {
            parts.push(&page_title[start..i]);
            start = i + c.len_utf8();
        }
        previous = Some(c);
    }
    parts.push(&page_title[start..]);
    parts
        .into_iter()
        .map(trim_spaces)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The text a block offers as a title: a heading with its numbering, a
/// paragraph trimmed, either without an info line glued to its end.
fn title_text(block: &Block) -> Option<(String, bool)> {
    let (text, is_heading) = match block {
        Block::Heading(h) => (
            format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text),
            true,
        ),
        Block::Paragraph(p) => (trim_spaces(&p.text).to_string(), false),
        _ => return None,
    };
    let text = match page_line::trailing_info(&text, is_heading) {
        Some(at) => trim_spaces(&text[..at]).to_string(),
        None => text,
    };
    Some((text, is_heading))
}

/// Chooses the title; `site_names` are the names the `<title>` gives the
/// site, which are never the title.
pub fn choose(
    page_title: Option<&str>,
    site_names: &[String],
    blocks: &[Block],
    infos: &[BlockInfo],
) -> Title {
    let top: Vec<(usize, String, &BlockInfo)> = blocks
        .iter()
        .zip(infos)
        .take(SEARCH_BLOCKS)
        .take_while(|(block, _)| !matches!(block, Block::Table(_)))
        .enumerate()
        .filter_map(|(i, (block, info))| title_text(block).map(|(t, _)| (i, t, info)))
        .collect();
    let tagged = || {
        top.iter()
            .filter(|(_, _, info)| info.heading_tag.is_some_and(|level| level <= 2))
    };
    let page_title = page_title.map(trim_spaces).filter(|t| !t.is_empty());
    let page_part = page_title.and_then(|t| {
        page_title_parts(t)
            .into_iter()
            .find(|part| names_report(part))
    });

    let line = tagged().find(|(_, t, _)| names_report(t)).or_else(|| {
        top.iter().find(|(_, t, info)| {
            info.emphasised
                && info.heading_tag.is_none()
                && names_report(t)
                && !t.contains(['。', '；', '：', ':'])
        })
    });
    if let Some((i, text, _)) = line {
        let text = match page_part {
            Some(part) if with_issuer_before(part, text) => part.to_string(),
            _ => text.clone(),
        };
        return Title {
            text: Some(text),
            block: Some(*i),
        };
    }
    if let Some(part) = page_part {
        let block = top
            .iter()
            .find(|(_, t, _)| names_report(t) && part.ends_with(t.as_str()))
            .map(|(i, _, _)| *i);
        return Title {
            text: Some(part.to_string()),
            block,
        };
    }
    let first_heading = tagged().find(|(_, t, _)| !site_names.iter().any(|s| s == t));
    Title {
        text: first_heading
            .map(|(_, t, _)| t.clone())
            .or_else(|| page_title.map(str::to_string)),
        block: None,
    }
}

/// Whether `full` is `short` with a name before it: `某某区司法局` +
/// `2022年政府信息公开工作年度报告`.
fn with_issuer_before(full: &str, short: &str) -> bool {
    let Some(prefix) = full.strip_suffix(short) else {
        return false;
    };
    let prefix = trim_spaces(prefix);
    !prefix.is_empty()
        && prefix.chars().count() <= MAX_PREFIX_CHARS
        && !prefix.contains(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        && !prefix.contains(['，', '。', '、', '：', '；', '（', '）', '《', '》'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use docmend_core::model::{Heading, Paragraph};

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
        node: None,
    };
    const CENTRED: BlockInfo = BlockInfo {
        heading_tag: None,
        emphasised: true,
        node: None,
    };
    const H1: BlockInfo = BlockInfo {
        heading_tag: Some(1),
        emphasised: true,
        node: None,
    };

    fn text(page: Option<&str>, blocks: &[Block], infos: &[BlockInfo]) -> Option<String> {
        choose(page, &[], blocks, infos).text
    }

    #[test]
    fn preferences() {
        let site = Some("2022年政府信息公开工作年度报告_年报_某某区人民政府");
        let blocks = [
            para("某某区人民政府"),
            heading("2022年政府信息公开工作年度报告"),
        ];
        assert_eq!(
            choose(site, &[], &blocks, &[CENTRED, H1]),
            Title {
                text: Some("2022年政府信息公开工作年度报告".into()),
                block: Some(1)
            }
        );
        let blocks = [para("　2022年政府信息公开工作年度报告"), para("正文。")];
        assert_eq!(
            text(site, &blocks, &[CENTRED, PLAIN]).as_deref(),
            Some("2022年政府信息公开工作年度报告")
        );
        let site = Some("某某区2022年政府信息公开工作年度报告_年报_某某区人民政府");
        assert_eq!(
            choose(site, &[], &blocks, &[PLAIN, PLAIN]),
            Title {
                text: Some("某某区2022年政府信息公开工作年度报告".into()),
                block: Some(0)
            }
        );
        assert_eq!(
            text(Some("Page"), &[heading("Header")], &[H1]).as_deref(),
            Some("Header")
        );
        assert_eq!(text(Some(" Page "), &[], &[]).as_deref(), Some("Page"));
        assert_eq!(text(None, &[], &[]), None);
    }

    #[test]
    fn the_title_naming_the_issuer_wins_over_the_short_heading() {
        let page = Some("某某区司法局2023年政府信息公开工作年度报告-某某区人民政府");
        let blocks = [
            heading("某某区人民政府"),
            heading("2023年政府信息公开工作年度报告"),
        ];
        assert_eq!(
            choose(page, &[], &blocks, &[H1, H1]),
            Title {
                text: Some("某某区司法局2023年政府信息公开工作年度报告".into()),
                block: Some(1)
            }
        );
        // A <title> naming another report, or only the site, changes nothing.
        for page in ["某某区2022年法治政府建设年度报告", "某某区人民政府"] {
            assert_eq!(
                text(Some(page), &blocks, &[H1, H1]).as_deref(),
                Some("2023年政府信息公开工作年度报告")
            );
        }
    }

    #[test]
    fn glued_info_is_not_part_of_the_title() {
        let blocks = [para(
            "某某区司法局2023年政府信息公开工作年度报告发布日期：2024年01月20日",
        )];
        assert_eq!(
            text(None, &blocks, &[CENTRED]).as_deref(),
            Some("某某区司法局2023年政府信息公开工作年度报告")
        );
    }

    #[test]
    fn the_site_name_is_no_title() {
        let names = ["某某区人民政府".to_string()];
        let blocks = [heading("某某区人民政府"), heading("通知公告")];
        assert_eq!(
            choose(Some("通知公告_某某区人民政府"), &names, &blocks, &[H1, H1]).text,
            Some("通知公告".into())
        );
    }

    #[test]
    fn title_parts() {
        assert_eq!(
            page_title_parts("2022-2023年度报告 - 政府信息公开 - 某市人民政府"),
            ["2022-2023年度报告", "政府信息公开", "某市人民政府"]
        );
        assert_eq!(
            page_title_parts("报告｜某区｜某省人民政府"),
            ["报告", "某区", "某省人民政府"]
        );
        assert_eq!(
            page_title_parts("报告-某区人民政府"),
            ["报告", "某区人民政府"]
        );
    }
}
