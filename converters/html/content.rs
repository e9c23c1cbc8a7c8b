//! Finds the report inside the page and what around it is site chrome.
//!
//! The decision rests on structure and text density, not on any site's
//! class names. Every element gets counts over its subtree: characters of
//! visible text, characters inside links, links, and whether it holds
//! *content*: a sentence of prose, a `一、`/`(一)` numbered line, or a data
//! table. Then:
//!
//! 1. Chrome by structure and density is marked: `nav`/`aside`/`menu`
//!    and `header`/`footer` that hold no content, and any block made
//!    mostly of links (a menu, a breadcrumb trail, share and print links)
//!    that holds no content. Nothing inside a data table is marked.
//! 2. The main content root is found by descending from `body` into the
//!    child that holds at least [`DOMINANT_SHARE`] of the text outside
//!    links, as long as the siblings left behind hold no content. The
//!    descent stops at a data table, at a list (its items belong
//!    together) and where the content is spread over several children,
//!    so the root is the smallest element holding the whole report.
//! 3. A title just before the root (a CMS puts the `<h1>` beside the
//!    article body, not inside it) is kept with the root: the nearest
//!    short block before it that names a report or holds a heading.
//!
//! A page that is little but links (a portal's link list) is kept whole
//! (`chrome_kept`): its links are its content.
//!
//! Everything left out is summarised in `chrome_removed` diagnostics;
//! hidden elements (left out when the tree was built) in `hidden_removed`.
//! Chrome that survives (a footer inside the article) is the business of
//! the cleanup stage, which recognises it by its words.

use super::dom::{Dom, Tag};
use super::path::Paths;
use super::tables::Class;
use super::text::{is_sentence, trim_spaces, visible_chars};
use docmend_core::model::{Diagnostic, DiagnosticCode, Origin};
use docmend_core::numbering::{self, Style};

/// The share of the text outside links a child must hold for the root to
/// move into it.
const DOMINANT_SHARE: f64 = 0.8;
/// A block is mostly links when links hold this share of its text.
const LINK_DENSE: f64 = 0.5;
/// A title is at most this long; a block this long ends the title search.
const MAX_TITLE_CHARS: usize = 150;
const TITLE_SEARCH_STOP: usize = 300;
/// A title line inside the root is at most this long.
const MAX_TITLE_LINE_CHARS: usize = 60;

const SENTENCE: u8 = 1;
const NUMBERED: u8 = 2;
const DATA_TABLE: u8 = 4;
const CONTENT: u8 = SENTENCE | NUMBERED | DATA_TABLE;
const HEADING: u8 = 8;

#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    // 32-bit counts keep the four tables of these small on huge pages;
    // the guard bounds a page far below 4 billion characters.
    chars: u32,
    link_chars: u32,
    links: u32,
    flags: u8,
}

impl Stats {
    fn outside_links(&self) -> usize {
        (self.chars - self.link_chars) as usize
    }

    fn link_dense(&self) -> bool {
        self.links >= 2 && self.link_chars as f64 >= self.chars as f64 * LINK_DENSE
    }

    fn add(&mut self, other: &Stats) {
        self.chars = self.chars.saturating_add(other.chars);
        self.link_chars = self
            .link_chars
            .saturating_add(other.link_chars)
            .min(self.chars);
        self.links = self.links.saturating_add(other.links);
        self.flags |= other.flags;
    }
}

/// Where the report is in the page.
pub struct Content {
    /// The element holding the report.
    pub root: usize,
    /// An element before the root holding the report's title.
    pub title: Option<usize>,
    /// Nodes left out as chrome.
    pub skip: Vec<bool>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn find(dom: &Dom, classes: &[Option<Class>], paths: &mut Paths) -> Content {
    let n = dom.len();
    let mut in_link = vec![false; n];
    let mut in_data = vec![false; n];
    for i in 1..n {
        let parent = dom.nodes[i].parent;
        in_link[i] = in_link[parent] || dom.tag(parent) == Some(Tag::Link);
        in_data[i] = in_data[parent] || classes[parent] == Some(Class::Data);
    }
    // Each text's own counts, computed once for both sums below.
    let own = |i: usize| -> Stats {
        let mut s = Stats::default();
        if let Some(text) = dom.text(i) {
            s.chars = u32::try_from(dom.chars(i)).unwrap_or(u32::MAX);
            if in_link[i] {
                s.link_chars = s.chars;
            } else if s.chars > 0 {
                if is_prose(text) {
                    s.flags |= SENTENCE;
                }
                if numbering::parse(trim_spaces(text))
                    .is_some_and(|n| matches!(n.style, Style::CjkComma | Style::CjkParen))
                {
                    s.flags |= NUMBERED;
                }
            }
        }
        s
    };
    let finish = |i: usize, s: &mut Stats| match dom.tag(i) {
        Some(Tag::Link) => s.links += 1,
        Some(Tag::Heading(level)) if level <= 3 && s.chars > 0 => s.flags |= HEADING,
        Some(Tag::Table) if classes[i] == Some(Class::Data) && !s.link_dense() => {
            s.flags |= DATA_TABLE
        }
        _ => {}
    };

    let mut own: Vec<Stats> = (0..n).map(own).collect();
    for (i, stats) in own.iter_mut().enumerate() {
        if matches!(dom.tag(i), Some(Tag::Paragraph | Tag::ListItem))
            && reads_as_sentence(dom, i, &in_link)
        {
            stats.flags |= SENTENCE;
        }
    }
    // Counts over the whole page, to recognise chrome.
    let all = sums(dom, &own, &finish, &vec![false; n]);
    let mut skip = vec![false; n];
    let body = dom.body();
    for i in 1..n {
        let parent = dom.nodes[i].parent;
        skip[i] = skip[parent] || (i != body && !in_data[i] && is_chrome(dom, i, &all[i]));
    }
    // Counts without the chrome, to find the report.
    let mut kept = sums(dom, &own, &finish, &skip);
    let mut diagnostics = Vec::new();
    if u64::from(kept[body].chars) * 10 < u64::from(all[body].chars)
        && kept[body].flags & CONTENT == 0
    {
        // Nothing but links and menus (a portal's list of links): then the
        // links are what the page has to say.
        skip.fill(false);
        kept = all;
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::ChromeKept,
            "the page holds little but links and menus; all of it was kept",
        ));
    }

    let root = descend(dom, classes, &kept, &skip, body);
    let title = (root != body)
        .then(|| title_before(dom, &kept, &skip, root))
        .flatten();

    let root_path = paths.path(dom, root);
    let kept_ranges: Vec<usize> = title.into_iter().chain([root]).collect();
    let outside = Tally::outside(dom, &kept_ranges);
    if outside.chars > 0 {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::ChromeRemoved,
                format!(
                    "kept the main content at {root_path}; dropped the page around it (navigation, header, footer, side columns): {} links, {} characters, e.g. {}",
                    outside.links,
                    outside.chars,
                    docmend_core::blocks::quote(&outside.sample)
                ),
            )
            .with_origin(Some(Origin {
                path: Some(root_path.clone()),
                ..Origin::default()
            })),
        );
    }
    let inside = Tally::skipped_inside(dom, &kept_ranges, &skip);
    if inside.chars > 0 {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::ChromeRemoved,
                format!(
                    "dropped {} blocks of links or site chrome inside the main content (menus, breadcrumbs, share and print links): {} links, {} characters, e.g. {}",
                    inside.blocks,
                    inside.links,
                    inside.chars,
                    docmend_core::blocks::quote(&inside.sample)
                ),
            )
            .with_origin(Some(Origin {
                path: Some(root_path),
                ..Origin::default()
            })),
        );
    }
    if dom.hidden.chars > 0 {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::HiddenRemoved,
            format!(
                "dropped {} hidden elements (display:none, hidden): {} characters, e.g. {}",
                dom.hidden.elements,
                dom.hidden.chars,
                docmend_core::blocks::quote(&dom.hidden.quote)
            ),
        ));
    }
    Content {
        root,
        title,
        skip,
        diagnostics,
    }
}

/// Whether a paragraph or list item reads as a sentence with links in it
/// (`See <a>the rules</a> and <a>the guide</a>.`, `详见<a>附件1</a>、<a>附件2</a>。`):
/// its whole text is a sentence and at least a fifth of it lies outside
/// links. Its texts between the links are too short to count one by one,
/// and without this the paragraph would pass for a block of links. Nested
/// lists and tables are left to their own items.
fn reads_as_sentence(dom: &Dom, element: usize, in_link: &[bool]) -> bool {
    // The nodes that count: not those of nested lists and tables.
    let own_nodes = || {
        let mut j = element + 1;
        std::iter::from_fn(move || {
            while j < dom.end(element) {
                let node = j;
                if matches!(
                    dom.tag(node),
                    Some(Tag::List { .. } | Tag::ListItem | Tag::Table)
                ) {
                    j = dom.end(node);
                    continue;
                }
                j += 1;
                return Some(node);
            }
            None
        })
    };
    let (mut chars, mut link_chars) = (0, 0);
    for j in own_nodes() {
        chars += dom.chars(j);
        if in_link[j] {
            link_chars += dom.chars(j);
        }
    }
    if link_chars == 0 || (chars - link_chars) * 5 < chars {
        return false;
    }
    let mut buf = super::text::TextBuf::default();
    for text in own_nodes().filter_map(|j| dom.text(j)) {
        buf.push(text);
    }
    is_prose(&buf.take())
}

/// A sentence that is not the page's own chrome: a top bar's
/// `欢迎访问某某区人民政府门户网站！` ends like a sentence but says nothing of
/// the report, and must not hold the root above the page's banner.
fn is_prose(text: &str) -> bool {
    is_sentence(text) && docmend_core::page_line::scan(trim_spaces(text)).is_none()
}

/// Sums the nodes' `own` counts over every subtree, leaving out nodes marked in `skip`.
/// Children come after their parent, so one backward pass suffices.
fn sums(dom: &Dom, own: &[Stats], finish: &dyn Fn(usize, &mut Stats), skip: &[bool]) -> Vec<Stats> {
    let mut stats = vec![Stats::default(); dom.len()];
    for i in (0..dom.len()).rev() {
        let mut s = stats[i];
        s.add(&own[i]);
        finish(i, &mut s);
        stats[i] = s;
        if let Some(parent) = dom.parent(i)
            && !skip[i]
        {
            stats[parent].add(&s);
        }
    }
    stats
}

/// Chrome by structure (`nav`, `aside`, `menu`, `header`, `footer`) or by
/// density (a block that is mostly links), unless it holds content.
fn is_chrome(dom: &Dom, i: usize, stats: &Stats) -> bool {
    let Some(tag) = dom.tag(i) else {
        return false;
    };
    if stats.flags & CONTENT != 0 {
        return false;
    }
    match tag {
        Tag::Navigation => true,
        Tag::Banner => stats.flags & HEADING == 0,
        tag if tag.is_block() => stats.link_dense(),
        _ => false,
    }
}

/// Moves from `start` into the child holding nearly all the text, while the
/// rest holds no content and no text stands loose beside the children.
fn descend(
    dom: &Dom,
    classes: &[Option<Class>],
    stats: &[Stats],
    skip: &[bool],
    start: usize,
) -> usize {
    let mut root = start;
    loop {
        let total = stats[root].outside_links();
        // The items of a list belong together: one long item does not
        // make the short ones beside it page chrome.
        if total == 0 || matches!(dom.tag(root), Some(Tag::List { .. })) {
            return root;
        }
        let mut best: Option<usize> = None;
        for child in dom.children(root).filter(|&c| !skip[c]) {
            if dom.element(child).is_some()
                && best.is_none_or(|b| stats[child].outside_links() > stats[b].outside_links())
            {
                best = Some(child);
            }
        }
        let Some(best) = best else {
            return root;
        };
        // Text standing loose beside the children is content of the parent.
        let loose_text = dom
            .children(root)
            .any(|c| !skip[c] && dom.text(c).is_some() && stats[c].chars > 0);
        if loose_text {
            return root;
        }
        let rest_flags = dom
            .children(root)
            .filter(|&c| c != best && !skip[c])
            .fold(0, |flags, c| flags | stats[c].flags);
        let dominant = stats[best].outside_links() as f64 >= total as f64 * DOMINANT_SHARE;
        if classes[best] == Some(Class::Data) || !dominant || rest_flags & CONTENT != 0 {
            return root;
        }
        root = best;
    }
}

/// The title when it sits just before the root: among the nearest
/// preceding siblings of the root and of its parents, a short block that
/// names a report (`…年度报告`) or holds an `h1`–`h3` heading.
fn title_before(dom: &Dom, stats: &[Stats], skip: &[bool], root: usize) -> Option<usize> {
    // A title inside the root: it opens with a heading, or one of its
    // first texts is a short line (not a sentence) naming a report.
    let mut first_texts = (root..dom.end(root))
        .filter(|&i| !skip[i] && dom.chars(i) > 0)
        .take(3)
        .peekable();
    let opens_with_heading = first_texts.peek().is_some_and(|&first| {
        let mut node = first;
        while let Some(parent) = dom.parent(node).filter(|_| node != root) {
            if matches!(dom.tag(parent), Some(Tag::Heading(_))) {
                return true;
            }
            node = parent;
        }
        false
    });
    let names_report = first_texts.filter_map(|i| dom.text(i)).any(|t| {
        visible_chars(t) <= MAX_TITLE_LINE_CHARS
            && t.contains("报告")
            && !t.contains(['，', '。', '；', ',', ';', '：', ':'])
    });
    if opens_with_heading || names_report {
        return None;
    }
    let mut node = root;
    let mut examined = 0;
    for _level in 0..3 {
        let parent = dom.parent(node)?;
        let before: Vec<usize> = dom.children(parent).take_while(|&c| c != node).collect();
        for &sibling in before.iter().rev() {
            let s = &stats[sibling];
            if skip[sibling] || s.chars == 0 || dom.element(sibling).is_none() {
                continue;
            }
            examined += 1;
            if examined > 6 || s.outside_links() > TITLE_SEARCH_STOP {
                return None;
            }
            if s.chars as usize <= MAX_TITLE_CHARS
                && !s.link_dense()
                && (s.flags & HEADING != 0 || dom.subtree_text(sibling).contains("报告"))
            {
                return Some(sibling);
            }
        }
        node = parent;
    }
    None
}

/// Text and links left out, for a diagnostic.
#[derive(Default)]
struct Tally {
    chars: usize,
    links: usize,
    /// Separate blocks left out.
    blocks: usize,
    sample: String,
}

impl Tally {
    fn note(&mut self, dom: &Dom, j: usize) {
        if dom.tag(j) == Some(Tag::Link) {
            self.links += 1;
        }
        if let Some(text) = dom.text(j) {
            let text = trim_spaces(text);
            self.chars += dom.chars(j);
            if !text.is_empty() && self.sample.chars().count() < 40 {
                if !self.sample.is_empty() {
                    self.sample.push(' ');
                }
                self.sample.push_str(text);
            }
        }
    }

    /// Everything outside the kept ranges.
    fn outside(dom: &Dom, kept: &[usize]) -> Tally {
        let mut tally = Tally::default();
        let mut j = 0;
        while j < dom.len() {
            if kept.contains(&j) {
                j = dom.end(j);
                continue;
            }
            tally.note(dom, j);
            j += 1;
        }
        tally
    }

    /// The top-most skipped subtrees inside the kept ranges.
    fn skipped_inside(dom: &Dom, kept: &[usize], skip: &[bool]) -> Tally {
        let mut tally = Tally::default();
        for &start in kept {
            let mut j = start;
            while j < dom.end(start) {
                if !skip[j] {
                    j += 1;
                    continue;
                }
                tally.blocks += 1;
                for k in j..dom.end(j) {
                    tally.note(dom, k);
                }
                j = dom.end(j);
            }
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::classify;
    use scraper::Html;

    const REPORT: &str = "<p>一、总体情况</p><p>本年度报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况等内容。</p>\
        <table><tr><td>项目</td><td>数量</td></tr><tr><td>申请</td><td>6</td></tr></table>\
        <p>二、存在的主要问题</p><p>政策解读质效还需进一步提升，平台建设还需进一步规范。</p>";

    /// The root's path, the title's text and the kept text of a page.
    fn find_in(page: &str) -> (String, Option<String>, String, Vec<String>) {
        let html = Html::parse_document(page);
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let mut paths = Paths::new(&dom);
        let content = find(&dom, &classes, &mut paths);
        let kept: String = (content.root..dom.end(content.root))
            .filter(|&i| !content.skip[i])
            .filter_map(|i| dom.text(i))
            .collect();
        (
            paths.path(&dom, content.root),
            content.title.map(|t| dom.subtree_text(t)),
            kept,
            content
                .diagnostics
                .iter()
                .map(|d| d.code.to_string())
                .collect(),
        )
    }

    #[test]
    fn the_report_is_found_among_site_chrome() {
        let page = format!(
            "<body><div id=top><a href=/>首页</a><a>政务公开</a><a>互动交流</a></div>\
             <div id=main><div class=crumb>当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>年报</a></div>\
             <div class=article><h1>某区2022年政府信息公开工作年度报告</h1><div class=info>发布时间：2023-01-18</div>\
             <div id=zoom>{REPORT}{REPORT}{REPORT}<div class=share>分享到：<a>微信</a> <a>微博</a></div></div>\
             <div class=tools><a>【打印】</a><a>【关闭】</a></div></div></div>\
             <div id=foot>主办单位：某区人民政府办公室 网站标识码：1234567890</div></body>"
        );
        let (root, title, kept, codes) = find_in(&page);
        assert_eq!(root, "html>body>div#main>div:nth-of-type(2)>div#zoom");
        assert_eq!(title.as_deref(), Some("某区2022年政府信息公开工作年度报告"));
        assert!(kept.contains("一、总体情况") && kept.contains("存在的主要问题"));
        assert!(!kept.contains("分享到"), "{kept}");
        assert_eq!(codes, ["chrome_removed", "chrome_removed"]);
    }

    #[test]
    fn structural_chrome_is_dropped_unless_it_holds_content() {
        let page = format!(
            "<body><header><h1>某区人民政府</h1></header><nav><a>首页</a> <a>政务公开</a></nav>\
             <main>{REPORT}</main><aside>相关链接</aside><footer>版权所有</footer></body>"
        );
        let (root, _, kept, _) = find_in(&page);
        assert_eq!(root, "html>body>main");
        assert!(!kept.contains("相关链接"));
        // A <footer> holding report text stays.
        let page = format!(
            "<body><div>{REPORT}<footer><p>以上为本机关年度报告全文，特此公告。</p></footer></div></body>"
        );
        let (_, _, kept, _) = find_in(&page);
        assert!(kept.contains("特此公告"), "{kept}");
    }

    #[test]
    fn content_spread_over_siblings_keeps_them_all() {
        // Prose outside the table wrapper: the root stays above both.
        let page = format!(
            "<body><div id=w><p>本年度报告根据条例要求编制，现予公布，请社会各界监督。</p><div>{}</div></div></body>",
            REPORT.repeat(3)
        );
        let (root, title, _, _) = find_in(&page);
        assert_eq!(root, "html>body>div#w");
        assert_eq!(title, None);
    }

    #[test]
    fn a_page_of_links_is_kept_whole() {
        let page = "<body><div><a>搜狐在线</a></div><div><a>国庆免费大酬宾</a></div><div><a>魔力宝贝免费玩</a></div></body>";
        let (root, _, kept, codes) = find_in(page);
        assert_eq!(root, "html>body");
        assert_eq!(kept, "搜狐在线国庆免费大酬宾魔力宝贝免费玩");
        assert_eq!(codes, ["chrome_kept"]);
    }

    #[test]
    fn empty_pages() {
        for page in ["", "<html></html>", "<body> </body>", "<table></table>"] {
            let (_, title, kept, _) = find_in(page);
            assert_eq!((title, kept.trim()), (None, ""));
        }
    }
}
