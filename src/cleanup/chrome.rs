//! Site chrome: reports copied from a government website bring the page's
//! footer (`主办单位：… 网站标识码：… 京ICP备…号`), its page tools
//! (`【打印本页】【关闭窗口】`, `扫一扫在手机上查看当前页面`), its top bar
//! (`欢迎访问…门户网站！`, `无障碍浏览 长者模式 繁體`), the article's info line
//! (`发布时间：2024-01-20 来源：某某区司法局 浏览次数：1234`) and links to the
//! previous and next article along with them.
//!
//! Only short blocks are candidates — paragraphs and unnumbered headings,
//! lists whose items are chrome, tables of one or two rows whose filled
//! cells are (a bar-separated top bar that a text export read as a table)
//! — so a real paragraph that mentions such words in a sentence is never
//! touched, and a numbered heading (`三、…`) is report structure. Removed:
//!
//! * footers (code `footer_removed`), in blocks under [`MAX_CHROME_CHARS`]
//!   characters:
//!   * a footer-only term that report prose never uses in a short line:
//!     [`FOOTER_TERMS`] (`网站标识码`, `ICP备`, `公网安备`, `版权所有`, …);
//!   * a site-label term ([`LABEL_TERMS`]: `主办单位`, `承办单位`,
//!     `技术支持`, `网站地图`, `联系我们`, …) standing on its own — at the
//!     start or after a separator, and followed by a colon, a separator or
//!     the end. That keeps prose such as `三是强化技术支持。` or
//!     `请联系我们。`, where the term is part of a sentence;
//!   * `主办：`/`承办：` at the start or after a separator;
//! * lines that read whole as page chrome ([`super::page_line`]): the
//!   article's info line (`article_info_removed`), page tools, top bars,
//!   QR-code captions and previous/next links (`page_chrome_removed`). A
//!   lone name under a bare label (`来源：区统计局`) only above the report's
//!   first section (its first table or `一、`/`（一）` line) or beside other
//!   chrome: under a table it is the report's source note;
//! * contact details (`地址：… 邮编：…`) after a footer line, with only
//!   chrome between (`footer_removed`): the same line above the footer may
//!   be the report's own;
//! * an info line glued to the end of a title
//!   (`…年度报告发布日期：2023-01-18`) is cut off, the title kept
//!   (`article_info_removed`).

use super::page_line::{self, Kind};
use super::{drop_marked, is_space, kind, place, quote, unnumbered_text};
use crate::model::{Block, Diagnostic, DiagnosticCode, List, Table};
use crate::numbering::Style;

const FOOTER: DiagnosticCode = DiagnosticCode::FooterRemoved;
const ARTICLE_INFO: DiagnosticCode = DiagnosticCode::ArticleInfoRemoved;
const PAGE_CHROME: DiagnosticCode = DiagnosticCode::PageChromeRemoved;

/// A table of more rows is never chrome.
const MAX_CHROME_TABLE_ROWS: usize = 2;

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

/// Why a block goes.
#[derive(Clone, Copy, PartialEq)]
enum Found {
    Footer,
    Chrome(Kind),
}

impl Found {
    fn code(self) -> DiagnosticCode {
        match self {
            Found::Footer => FOOTER,
            Found::Chrome(Kind::ArticleInfo) => ARTICLE_INFO,
            Found::Chrome(Kind::PageTools) => PAGE_CHROME,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Found::Footer => "site footer",
            Found::Chrome(Kind::ArticleInfo) => "article info line",
            Found::Chrome(Kind::PageTools) => "page chrome",
        }
    }
}

/// What a short text is, if it is chrome, and whether it is a lone name
/// under a bare label (`来源：区统计局`; see [`page_line::Line::lone_name`]).
fn classify(text: &str) -> Option<(Found, bool)> {
    if text.is_empty() {
        return None;
    }
    if is_footer(text) {
        return Some((Found::Footer, false));
    }
    page_line::scan(text).map(|line| (Found::Chrome(line.kind), line.lone_name))
}

/// What a run of texts (a list's items, a table's cells) is when it is
/// chrome: read together as one line (`无障碍浏览 | 长者模式 | 繁體 | English`,
/// where `English` alone would prove nothing), or else when every one of
/// them is chrome on its own. A footer only if all are, else article info
/// if any is, else page chrome.
fn classify_all<'t>(texts: impl Iterator<Item = &'t str> + Clone) -> Option<Found> {
    let joined: Vec<&str> = texts.clone().collect();
    if joined.is_empty() {
        return None;
    }
    if let Some((found, _)) = classify(&joined.join(" | ")) {
        return Some(found);
    }
    let mut found = Vec::new();
    for text in texts {
        found.push(classify(text)?.0);
    }
    if found.iter().all(|f| *f == Found::Footer) {
        Some(Found::Footer)
    } else if found.contains(&Found::Chrome(Kind::ArticleInfo)) {
        Some(Found::Chrome(Kind::ArticleInfo))
    } else {
        Some(Found::Chrome(Kind::PageTools))
    }
}

/// A list is chrome when every item is.
fn classify_list(list: &List) -> Option<Found> {
    classify_all(list.items.iter().map(|i| i.text.as_str()))
}

/// A small table (a line with bars that a text converter read as a
/// one-row table: `无障碍浏览 | 长者模式 | 繁體 | 登录`) is chrome when each of
/// its filled cells is, and it has at most [`MAX_CHROME_TABLE_ROWS`] rows.
fn classify_table(table: &Table) -> Option<Found> {
    if table.n_rows > MAX_CHROME_TABLE_ROWS {
        return None;
    }
    classify_all(
        table
            .cells
            .iter()
            .map(|c| c.text.trim_matches(is_space))
            .filter(|t| !t.is_empty()),
    )
}

/// What a block is found to be, before lone names are decided.
struct Candidate {
    found: Found,
    quoted: String,
    lone: bool,
}

/// Whether a block starts the report's sections: a table or a numbered
/// heading or paragraph (`一、…`, `（一）…`). Text converters leave numbered
/// headings as paragraphs until heading promotion, which runs later.
fn opens_a_section(block: &Block) -> bool {
    match block {
        Block::Table(_) => true,
        Block::Heading(h) => h.numbering.is_some(),
        Block::Paragraph(p) => crate::numbering::parse(&p.text)
            .is_some_and(|n| matches!(n.style, Style::CjkComma | Style::CjkParen)),
        _ => false,
    }
}

/// Removes short chrome blocks and cuts info lines from the end of
/// titles; see the module documentation.
pub fn remove(blocks: &mut Vec<Block>, diagnostics: &mut Vec<Diagnostic>) {
    // Whether the site's footer has begun: a footer line was removed and
    // only chrome followed it.
    let mut in_footer = false;
    let mut candidates: Vec<Option<Candidate>> = Vec::with_capacity(blocks.len());
    for block in blocks.iter() {
        let found = match block {
            Block::List(list) => classify_list(list).map(|found| {
                let items: Vec<&str> = list.items.iter().map(|i| i.text.as_str()).collect();
                (found, items.join(" "), false)
            }),
            Block::Table(table) => classify_table(table).map(|found| {
                let cells: Vec<&str> = table.cells.iter().map(|c| c.text.trim()).collect();
                (found, cells.join(" | "), false)
            }),
            _ => unnumbered_text(block).and_then(|text| {
                classify(text)
                    .or_else(|| {
                        (in_footer && page_line::contact_line(text))
                            .then_some((Found::Footer, false))
                    })
                    .map(|(found, lone)| (found, text.to_string(), lone))
            }),
        };
        in_footer = match &found {
            Some((found, _, _)) => in_footer || *found == Found::Footer,
            None => false,
        };
        candidates.push(found.map(|(found, quoted, lone)| Candidate {
            found,
            quoted,
            lone,
        }));
    }
    // A lone name goes beside other chrome, or above the first section.
    let sure = |i: usize| {
        candidates
            .get(i)
            .is_some_and(|c| c.as_ref().is_some_and(|c| !c.lone))
    };
    let mut before_sections = true;
    let mut remove = vec![false; blocks.len()];
    for (index, block) in blocks.iter_mut().enumerate() {
        let accepted = candidates[index].as_ref().is_some_and(|c| {
            !c.lone || before_sections || sure(index + 1) || (index > 0 && sure(index - 1))
        });
        before_sections &= !opens_a_section(block);
        let Some(candidate) = candidates[index].as_ref().filter(|_| accepted) else {
            cut_trailing_info(block, diagnostics);
            continue;
        };
        let found = candidate.found;
        diagnostics.push(
            Diagnostic::new(
                found.code(),
                format!(
                    "removed {} {} at {}: {}",
                    found.what(),
                    kind(block),
                    place(block.origin()),
                    quote(&candidate.quoted)
                ),
            )
            .with_origin(block.origin().cloned()),
        );
        remove[index] = true;
    }
    if remove.contains(&true) {
        drop_marked(blocks, &remove);
    }
}

/// Cuts an article info line from the end of a heading or a title line.
fn cut_trailing_info(block: &mut Block, diagnostics: &mut Vec<Diagnostic>) {
    let at = match &*block {
        Block::Heading(h) if h.numbering.is_none() => page_line::trailing_info(&h.text, true),
        Block::Paragraph(p) => page_line::trailing_info(&p.text, false),
        _ => None,
    };
    let Some(at) = at else {
        return;
    };
    let what = format!("{} at {}", kind(block), place(block.origin()));
    let origin = block.origin().cloned();
    let text = match block {
        Block::Heading(h) => &mut h.text,
        Block::Paragraph(p) => &mut p.text,
        _ => return,
    };
    let cut = quote(&text[at..]);
    text.truncate(at);
    let end = text.trim_end_matches(is_space).len();
    text.truncate(end);
    diagnostics.push(
        Diagnostic::new(
            ARTICLE_INFO,
            format!("cut article info line {cut} from the end of {what}"),
        )
        .with_origin(origin),
    );
}

fn is_footer(text: &str) -> bool {
    // Byte length bounds the character count from above: a cheap first cut.
    if text.len() >= MAX_CHROME_CHARS * 4 || text.chars().count() >= MAX_CHROME_CHARS {
        return false;
    }
    FOOTER_TERMS.iter().any(|t| text.contains(t))
        || LABEL_TERMS.iter().any(|t| stands_alone(text, t, false))
        || COLON_TERMS.iter().any(|t| stands_alone(text, t, true))
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{ListItem, Origin, Severity};

    fn run(blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        remove(blocks, &mut diagnostics);
        diagnostics
    }

    fn list(line: usize, items: &[&str]) -> Block {
        Block::List(List {
            ordered: false,
            items: items
                .iter()
                .map(|t| ListItem {
                    level: 0,
                    ordered: false,
                    marker: Some("•".into()),
                    text: t.to_string(),
                    links: Vec::new(),
                })
                .collect(),
            origin: Some(Origin::lines(line, line)),
        })
    }

    /// Runs the pass over `lines` between two report lines and checks
    /// that all of them went with `code`.
    fn all_removed(lines: &[&str], code: DiagnosticCode) {
        let mut blocks = vec![para(1, "六、其他需要报告的事项")];
        for (i, t) in lines.iter().enumerate() {
            blocks.push(para(i + 2, t));
        }
        blocks.push(para(90, "无。"));
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["六、其他需要报告的事项", "无。"]);
        assert_eq!(diagnostics.len(), lines.len());
        for (d, text) in diagnostics.iter().zip(lines) {
            assert_eq!(d.code, code, "{text}");
            assert_eq!(d.severity, Severity::Info);
            assert!(d.message.contains(&quote(text)), "{} / {text}", d.message);
        }
    }

    #[test]
    fn footers_are_removed() {
        let footers = [
            "主办单位：某某县人民政府办公室 承办单位：某某县大数据中心",
            "网站标识码：4101000001 豫ICP备12345678号",
            "豫公网安备 41010202000123号",
            "版权所有 © 某某县人民政府",
            "网站地图 | 联系我们 | 设为首页",
            "技术支持：某某网络科技有限公司",
            "主办：某某市人民政府",
        ];
        all_removed(&footers, FOOTER);
        let mut blocks = vec![para(1, footers[0]), heading(40, None, "网站地图")];
        let diagnostics = run(&mut blocks);
        assert_eq!(
            diagnostics[0].message,
            "removed site footer paragraph at line 1: \"主办单位：某某县人民政府办公室 承办单位：某某县大数据中心\""
        );
        assert!(diagnostics[1].message.contains("heading at line 40"));
    }

    #[test]
    fn page_tools_top_bars_and_navigation_are_removed() {
        all_removed(
            &[
                "打印本页 关闭窗口",
                "【打印】【关闭】",
                "分享到：",
                "分享到：微信 微博 QQ空间",
                "字号：大 中 小",
                "【字体：大 中 小】【打印】",
                "欢迎访问某某区人民政府门户网站！",
                "无障碍浏览 长者模式 关怀版 繁體 English 登录 注册",
                "请输入关键字 搜索",
                "扫一扫在手机上查看当前页面",
                "【打印本页】【关闭窗口】",
                "返回顶部",
                "上一篇：某某区2021年政府信息公开工作年度报告",
                "下一篇：没有了",
                "相关链接",
                "【我要纠错】",
            ],
            PAGE_CHROME,
        );
    }

    #[test]
    fn article_info_lines_are_removed() {
        all_removed(
            &[
                "发布时间：2024-01-20 来源：某某区司法局 浏览次数：1234 【字体：大 中 小】",
                "发布日期：2024-01-20来源：某某区司法局阅读次数：1234",
                "信息来源：某某区司法局",
                "作者：某某 点击数：56 分享到：",
            ],
            ARTICLE_INFO,
        );
    }

    #[test]
    fn a_lone_source_goes_only_above_the_report_or_beside_chrome() {
        let mut blocks = vec![
            para(1, "某某区2023年政府信息公开工作年度报告"),
            para(2, "来源：某某区人民政府办公室"),
            para(3, "一、总体情况"),
            table(4, &[&["项目", "数量"], &["申请", "6"]]),
            para(6, "来源：区统计局"),
            para(7, "六、其他需要报告的事项"),
            para(8, "无。"),
            para(9, "作者：某某"),
            para(10, "【打印本页】【关闭窗口】"),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(
            texts(&blocks),
            [
                "某某区2023年政府信息公开工作年度报告",
                "一、总体情况",
                "<table 4 cells>",
                "来源：区统计局",
                "六、其他需要报告的事项",
                "无。"
            ]
        );
        let codes: Vec<DiagnosticCode> = diagnostics.iter().map(|d| d.code.clone()).collect();
        assert_eq!(codes, [ARTICLE_INFO, ARTICLE_INFO, PAGE_CHROME]);
    }

    #[test]
    fn a_table_of_chrome_cells_goes() {
        let mut blocks = vec![
            table(
                1,
                &[&["无障碍浏览", "长者模式", "繁體", "English", "登录", "注册"]],
            ),
            table(2, &[&["打印", "6"]]),
            table(
                3,
                &[
                    &["【打印】", "【关闭】"],
                    &["返回顶部", ""],
                    &["分享到：", ""],
                ],
            ),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["<table 2 cells>", "<table 6 cells>"]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, PAGE_CHROME);
        assert!(
            diagnostics[0]
                .message
                .starts_with("removed page chrome table at line 1: \"无障碍浏览 | 长者模式"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn contact_details_go_only_inside_the_footer() {
        let mut blocks = vec![
            para(1, "联系电话：0356-2039067　传真：0356-2039068"),
            para(2, "无。"),
            para(3, "版权所有：某某县人民政府"),
            para(4, "返回顶部"),
            para(5, "地址：某某县新市西街75号　邮编：048000"),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(
            texts(&blocks),
            ["联系电话：0356-2039067　传真：0356-2039068", "无。"]
        );
        let codes: Vec<DiagnosticCode> = diagnostics.iter().map(|d| d.code.clone()).collect();
        assert_eq!(codes, [FOOTER, PAGE_CHROME, FOOTER]);
    }

    #[test]
    fn an_info_line_glued_to_a_title_is_cut() {
        let mut blocks = vec![
            para(
                1,
                "某某区司法局2023年政府信息公开工作年度报告发布时间：2024-01-20 来源：某某区司法局",
            ),
            heading(
                2,
                None,
                "2023年政府信息公开工作年度报告 发布日期：2024年1月20日",
            ),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(
            texts(&blocks),
            [
                "某某区司法局2023年政府信息公开工作年度报告",
                "2023年政府信息公开工作年度报告"
            ]
        );
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].code, ARTICLE_INFO);
        assert_eq!(
            diagnostics[0].message,
            "cut article info line \"发布时间：2024-01-20 来源：某某区司法局\" from the end of paragraph at line 1"
        );
    }

    #[test]
    fn lists_go_only_when_every_item_is_chrome() {
        let mut blocks = vec![
            list(1, &["【打印本文】", "【关闭本页】", "【返回顶部】"]),
            list(
                2,
                &[
                    "发布时间：2024-01-20",
                    "来源：某某区司法局",
                    "分享到：微信 微博",
                ],
            ),
            list(3, &["【打印本文】", "更新权责清单。"]),
            list(4, &["版权所有：某某县人民政府", "网站标识码：4101000001"]),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks), ["<list 2 items>"]);
        let codes: Vec<DiagnosticCode> = diagnostics.iter().map(|d| d.code.clone()).collect();
        assert_eq!(codes, [PAGE_CHROME, ARTICLE_INFO, FOOTER]);
        assert_eq!(
            diagnostics[0].message,
            "removed page chrome list at line 1: \"【打印本文】 【关闭本页】 【返回顶部】\""
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
            "首页",
            "2023年1月18日",
            "某某区人民政府办公室",
            "数据来源：国家统计局",
            "三是强化技术支持。",
            "扫码关注“城区发布”公众号，及时获取政务信息。",
        ];
        let mut blocks: Vec<Block> = kept
            .iter()
            .enumerate()
            .map(|(i, t)| para(i + 1, t))
            .collect();
        blocks.push(heading(20, Some("（三）"), "技术支持"));
        blocks.push(heading(21, Some("5、"), "版权所有"));
        blocks.push(heading(22, Some("（四）"), "打印本页"));
        blocks.push(list(23, &["【打印本文】", "更新权责清单。"]));
        let before = blocks.clone();
        let diagnostics = run(&mut blocks);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(blocks, before);
    }

    #[test]
    fn tools_need_an_anchor() {
        for (text, chrome) in [
            ("大 中 小", false),
            ("微信 微博", false),
            ("打印", true),
            ("打印文件2份", false),
        ] {
            assert_eq!(classify(text).is_some(), chrome, "{text}");
        }
    }
}
