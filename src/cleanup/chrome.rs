//! Site chrome: reports copied from a government website bring the page's
//! footer (`主办单位：… 网站标识码：… 京ICP备…号`) and page tools
//! (`【打印本页】【关闭窗口】`, `字号：大 中 小`, `分享到：`) along with them.
//!
//! Only short blocks — paragraphs and unnumbered headings under
//! [`MAX_CHROME_CHARS`] characters — are candidates, so a real paragraph
//! that mentions such words in a sentence is never touched. A candidate is
//! removed (code `footer_removed`) when:
//!
//! * it contains a footer-only term that report prose never uses in a short
//!   line: [`FOOTER_TERMS`] (`网站标识码`, `ICP备`, `公网安备`, `版权所有`, …);
//! * or it has a site-label term ([`LABEL_TERMS`]: `主办单位`, `承办单位`,
//!   `技术支持`, `网站地图`, `联系我们`, …) standing on its own — at the start
//!   or after a separator, and followed by a colon, a separator or the end.
//!   That keeps prose such as `三是强化技术支持。` or `请联系我们。`, where the
//!   term is part of a sentence;
//! * or `主办：`/`承办：` stands at the start or after a separator;
//! * or it consists only of page tools ([`TOOLS`]) and bracket/separator
//!   punctuation, e.g. `【打印】【关闭】`, `打印本页 关闭窗口`,
//!   `字号：大 中 小`, `分享到：微信 微博`.

use super::{drop_marked, is_space, kind, place, quote, unnumbered_text};
use crate::model::{Block, Diagnostic, Severity};

const CODE: &str = "footer_removed";

/// Only blocks shorter than this (in characters) can be chrome.
const MAX_CHROME_CHARS: usize = 80;

/// Terms that only site footers use.
const FOOTER_TERMS: [&str; 9] = [
    "网站标识码",
    "ICP备",
    "ICP证",
    "icp备",
    "公网安备",
    "公安备案",
    "版权所有",
    "Copyright",
    "©",
];

/// Site labels: chrome when they stand on their own.
const LABEL_TERMS: [&str; 7] = [
    "主办单位",
    "承办单位",
    "协办单位",
    "维护单位",
    "技术支持",
    "网站地图",
    "联系我们",
];

/// Short labels that are chrome only when a colon follows (`主办：…`).
const COLON_TERMS: [&str; 2] = ["主办", "承办"];

/// A page-tool word, and what it unlocks: the size words after `字号`,
/// the share targets after `分享到`.
#[derive(Clone, Copy, PartialEq)]
enum Tool {
    /// Counts as page tools on its own.
    Anchor,
    /// Opens a list of sizes.
    SizeLabel,
    /// Opens a list of share targets.
    ShareLabel,
    /// `大`, `中`, `小`: only after a size label.
    Size,
    /// `微信`, `微博`, …: only after a share label.
    ShareTarget,
}

/// Page tools, longest first within each shared prefix.
const TOOLS: [(&str, Tool); 27] = [
    ("打印本页", Tool::Anchor),
    ("打印此页", Tool::Anchor),
    ("打印", Tool::Anchor),
    ("关闭窗口", Tool::Anchor),
    ("关闭本页", Tool::Anchor),
    ("关闭", Tool::Anchor),
    ("收藏本页", Tool::Anchor),
    ("加入收藏", Tool::Anchor),
    ("保存本页", Tool::Anchor),
    ("返回顶部", Tool::Anchor),
    ("分享到", Tool::ShareLabel),
    ("分享", Tool::ShareLabel),
    ("字号", Tool::SizeLabel),
    ("字体", Tool::SizeLabel),
    ("默认", Tool::Size),
    ("大", Tool::Size),
    ("中", Tool::Size),
    ("小", Tool::Size),
    ("新浪微博", Tool::ShareTarget),
    ("腾讯微博", Tool::ShareTarget),
    ("QQ空间", Tool::ShareTarget),
    ("QQ好友", Tool::ShareTarget),
    ("朋友圈", Tool::ShareTarget),
    ("微信", Tool::ShareTarget),
    ("微博", Tool::ShareTarget),
    ("QQ", Tool::ShareTarget),
    ("更多", Tool::ShareTarget),
];

/// Characters that separate chrome items (and brackets around them).
fn is_separator(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '|' | '｜'
                | '丨'
                | '·'
                | '•'
                | '/'
                | '／'
                | '【'
                | '】'
                | '['
                | ']'
                | '('
                | ')'
                | '（'
                | '）'
        )
}

fn is_colon(c: char) -> bool {
    c == ':' || c == '：'
}

/// Removes short chrome blocks; see the module documentation.
pub(super) fn remove_footers(blocks: &mut Vec<Block>, diagnostics: &mut Vec<Diagnostic>) {
    let mut remove: Vec<bool> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let Some(text) = unnumbered_text(block) else {
            continue;
        };
        if text.is_empty() || !is_chrome(text) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Severity::Info,
                CODE,
                format!(
                    "removed site footer/chrome {} at {}: {}",
                    kind(block),
                    place(block.origin()),
                    quote(text)
                ),
            )
            .with_origin(block.origin().cloned()),
        );
        if remove.len() <= index {
            remove.resize(index + 1, false);
        }
        remove[index] = true;
    }
    if !remove.is_empty() {
        drop_marked(blocks, &remove);
    }
}

fn is_chrome(text: &str) -> bool {
    // Byte length bounds the character count from above: a cheap first cut.
    if text.len() >= MAX_CHROME_CHARS * 4 || text.chars().count() >= MAX_CHROME_CHARS {
        return false;
    }
    FOOTER_TERMS.iter().any(|t| text.contains(t))
        || LABEL_TERMS.iter().any(|t| stands_alone(text, t, false))
        || COLON_TERMS.iter().any(|t| stands_alone(text, t, true))
        || only_tools(text)
}

/// Whether `term` occurs at the start or after a separator, followed by a
/// colon (or, unless `need_colon`, by a separator or the end). Commas count
/// as a start before a colon form (`…，技术支持：某公司`) but not otherwise,
/// because `加强培训，技术支持，…` is prose.
fn stands_alone(text: &str, term: &str, need_colon: bool) -> bool {
    text.match_indices(term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        let colon_after = after.is_some_and(is_colon);
        let starts = match before {
            None => true,
            Some(c) => is_separator(c) || (colon_after && matches!(c, ',' | '，' | ';' | '；')),
        };
        let ends = colon_after || (!need_colon && after.is_none_or(is_separator));
        starts && ends
    })
}

/// Whether `text` is nothing but page tools and separators, with at least
/// one tool that counts on its own.
fn only_tools(text: &str) -> bool {
    let mut rest = text;
    let mut anchored = false;
    let mut sizes_open = false;
    let mut share_open = false;
    while let Some(c) = rest.chars().next() {
        if is_separator(c) || is_colon(c) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some((word, tool)) = TOOLS.iter().find(|(w, tool)| {
            rest.starts_with(*w)
                && match tool {
                    Tool::Size => sizes_open,
                    Tool::ShareTarget => share_open,
                    _ => true,
                }
        }) else {
            return false;
        };
        match tool {
            Tool::Anchor => anchored = true,
            Tool::SizeLabel => {
                anchored = true;
                sizes_open = true;
            }
            Tool::ShareLabel => {
                anchored = true;
                share_open = true;
            }
            Tool::Size | Tool::ShareTarget => {}
        }
        rest = &rest[word.len()..];
    }
    anchored
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn run(blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        remove_footers(blocks, &mut diagnostics);
        diagnostics
    }

    #[test]
    fn footers_and_page_tools_are_removed() {
        let chrome = [
            "主办单位：某某县人民政府办公室 承办单位：某某县大数据中心",
            "网站标识码：4101000001 豫ICP备12345678号",
            "豫公网安备 41010202000123号",
            "版权所有 © 某某县人民政府",
            "网站地图 | 联系我们 | 设为首页",
            "技术支持：某某网络科技有限公司",
            "主办：某某市人民政府",
            "打印本页 关闭窗口",
            "【打印】【关闭】",
            "分享到：",
            "分享到：微信 微博 QQ空间",
            "字号：大 中 小",
            "【字体：大 中 小】【打印】",
        ];
        let mut blocks = vec![para(1, "六、其他需要报告的事项")];
        for (i, t) in chrome.iter().enumerate() {
            blocks.push(para(i + 2, t));
        }
        blocks.push(heading(40, None, "网站地图"));
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["六、其他需要报告的事项"]);
        assert_eq!(diagnostics.len(), chrome.len() + 1);
        for (d, text) in diagnostics.iter().zip(chrome) {
            assert_eq!(d.code, CODE);
            assert_eq!(d.severity, Severity::Info);
            assert!(d.message.contains(&quote(text)), "{} / {text}", d.message);
        }
        assert_eq!(
            diagnostics[0].message,
            "removed site footer/chrome paragraph at line 2: \"主办单位：某某县人民政府办公室 承办单位：某某县大数据中心\""
        );
        assert!(
            diagnostics
                .last()
                .is_some_and(|d| d.message.contains("heading at line 40"))
        );
    }

    #[test]
    fn prose_mentioning_chrome_words_is_kept() {
        let long = "依据《中华人民共和国著作权法》，政府网站发布的原创信息版权所有，转载须注明出处；\
                    我局在年度内组织开展网站内容保障检查，对发现的问题及时整改，\
                    并在网站首页显著位置设置了联系我们栏目，方便群众反映问题。";
        assert!(long.chars().count() >= MAX_CHROME_CHARS);
        let kept = [
            long,
            "三是强化技术支持，确保网站安全平稳运行。",
            "如对本报告有疑问，请联系我们。",
            "本单位承办的政务公开工作会议于6月召开。",
            "关闭政务新媒体账号2个。",
            "中",
            "大",
        ];
        let mut blocks: Vec<Block> = kept
            .iter()
            .enumerate()
            .map(|(i, t)| para(i + 1, t))
            .collect();
        blocks.push(heading(20, Some("（三）"), "技术支持"));
        blocks.push(heading(21, Some("5、"), "版权所有"));
        let before = blocks.clone();
        let diagnostics = run(&mut blocks);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(blocks, before);
    }

    #[test]
    fn tools_need_an_anchor() {
        assert!(!only_tools("大 中 小"));
        assert!(!only_tools("微信 微博"));
        assert!(only_tools("打印"));
        assert!(!only_tools("打印文件2份"));
    }
}
