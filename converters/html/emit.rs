//! Lowers the report's part of the page into blocks, in reading order.
//!
//! * `h1`–`h6` become headings of the tag's level, with a leading
//!   numbering (`一、`, `(一)`) split off into `numbering`.
//! * Paragraphs come from `p`, `dt`, `dd`, runs of text directly inside
//!   `div`s and other containers, and `<br>`-separated lines (a report
//!   pasted into a CMS often separates its paragraphs with `<br>` only, so
//!   a `<br>` always ends a paragraph). Numbered short paragraphs are left
//!   as paragraphs: `headings::promote` decides which are headings.
//! * `ul`, `ol` (and `dir`, `menu`) become one list block each, their
//!   nested lists' items following their parent item one level deeper;
//!   markers come from [`super::lists`]. Everything inside an `li` is its
//!   item's text (a `<p>` or `<br>` inside starts a new line of it); a data
//!   table inside an item ends the list block before it, and the list goes
//!   on in a new block after it.
//! * `<a href>` inside headings, paragraphs and items become the block's
//!   links ([`super::links`]).
//! * Data tables become tables (see [`super::tables`]); a caption becomes a
//!   paragraph before its table. Layout tables are read as containers.
//!
//! The walk is a loop over the node indices with a stack of open elements,
//! never recursion. Each block's origin is the CSS-like path of the
//! element it came from.

use super::content::Content;
use super::dom::{Dom, Kind, Tag};
use super::links::{self, Spans};
use super::lists::ListFrame;
use super::path::Paths;
use super::tables::{self, Class};
use super::text::{TextBuf, trim_spaces, visible_chars};
use docmend_core::blocks::nesting_levels;
use docmend_core::cjk::lines_join_without_space;
use docmend_core::model::{Block, Diagnostic, Heading, List, ListItem, Origin, Paragraph};

/// A heading tag with more text than this is a paragraph in disguise.
const MAX_HEADING_CHARS: usize = 100;

/// What the title search needs to know about a block.
#[derive(Debug, Clone, Copy, Default)]
pub struct BlockInfo {
    /// The `h1`–`h6` level the block came from.
    pub heading_tag: Option<u8>,
    /// Centred or (almost all) bold.
    pub emphasised: bool,
    /// The element the block came from.
    pub node: Option<usize>,
}

pub struct Lowered {
    pub blocks: Vec<Block>,
    pub infos: Vec<BlockInfo>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn lower(
    dom: &Dom,
    classes: &[Option<Class>],
    content: &Content,
    paths: &mut Paths,
    max_table_cells: u64,
) -> Lowered {
    let mut lowerer = Lowerer {
        dom,
        table_budget: tables::GridBudget::new(max_table_cells),
        classes,
        skip: &content.skip,
        paths,
        out: Lowered {
            blocks: Vec::new(),
            infos: Vec::new(),
            diagnostics: Vec::new(),
        },
        para: TextBuf::default(),
        spans: Spans::default(),
        link_node: None,
        para_node: None,
        para_chars: 0,
        para_bold_chars: 0,
        para_centred: false,
        bold: 0,
        centred: 0,
        pre: 0,
        lists: Vec::new(),
        open_items: Vec::new(),
        items: Vec::new(),
        list_origin: None,
    };
    if let Some(title) = content.title {
        lowerer.walk(title);
    }
    lowerer.walk(content.root);
    lowerer.out
}

struct Lowerer<'d, 'a> {
    dom: &'d Dom<'a>,
    classes: &'d [Option<Class>],
    skip: &'d [bool],
    paths: &'d mut Paths,
    /// The grid positions the document's tables may still take.
    table_budget: tables::GridBudget,
    out: Lowered,
    para: TextBuf,
    /// The links of `para`.
    spans: Spans,
    /// The `<a>` whose link is open in `spans`.
    link_node: Option<usize>,
    /// The block element the current paragraph's text sits in.
    para_node: Option<usize>,
    para_chars: usize,
    para_bold_chars: usize,
    para_centred: bool,
    /// How many open elements make text bold, centre it, keep its lines.
    bold: usize,
    centred: usize,
    pre: usize,
    /// The lists open now, outermost first.
    lists: Vec<ListFrame>,
    /// The `li` elements open now inside lists.
    open_items: Vec<OpenItem>,
    /// The items of the list block being gathered.
    items: Vec<ListItem>,
    /// The path of the outermost open list.
    list_origin: Option<Origin>,
}

/// An `li` being read.
struct OpenItem {
    node: usize,
    /// How many lists were open when it started.
    depth: usize,
    /// Its item in `items`; `None` once the items so far were emitted (a
    /// table inside the item ended the list block).
    index: Option<usize>,
}

impl Lowerer<'_, '_> {
    fn walk(&mut self, start: usize) {
        let dom = self.dom;
        let stop = dom.end(start);
        // Open elements: (end of subtree, node, is a block).
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut j = start;
        while j < stop {
            while let Some(&(end, node)) = open.last() {
                if end > j {
                    break;
                }
                open.pop();
                self.exit(node);
            }
            if self.skip[j] {
                j = dom.end(j);
                continue;
            }
            let element = match &dom.nodes[j].kind {
                Kind::Root => {
                    j += 1;
                    continue;
                }
                Kind::Text(text, chars) => {
                    self.text(text, *chars, &open);
                    j += 1;
                    continue;
                }
                Kind::Element(element) => element,
            };
            match element.tag {
                Tag::Table => match self.classes[j] {
                    Some(Class::Data) => {
                        self.flush();
                        self.end_list_block();
                        self.table(j);
                        j = dom.end(j);
                        continue;
                    }
                    Some(Class::Layout) => self.flush(),
                    _ => {
                        j = dom.end(j);
                        continue;
                    }
                },
                // Inside a list a heading is part of its item's text.
                Tag::Heading(level) if self.lists.is_empty() => {
                    self.flush();
                    self.heading(j, level);
                    j = dom.end(j);
                    continue;
                }
                Tag::Break => {
                    if self.pre > 0 {
                        self.para.push_separator();
                    } else {
                        self.flush();
                    }
                    j += 1;
                    continue;
                }
                tag if tag.is_block() => self.flush(),
                _ => {}
            }
            self.enter(j);
            open.push((dom.end(j), j));
            j += 1;
        }
        while let Some((_, node)) = open.pop() {
            self.exit(node);
        }
        self.flush();
    }

    fn enter(&mut self, node: usize) {
        let dom = self.dom;
        let Some(element) = dom.element(node) else {
            return;
        };
        self.bold += usize::from(element.bold);
        self.centred += usize::from(element.tag.is_block() && element.centred);
        self.pre += usize::from(element.tag == Tag::Pre);
        match element.tag {
            _ if is_list(element) => {
                if self.lists.is_empty() {
                    self.list_origin = Some(self.origin(node));
                }
                let frame = ListFrame::open(dom, node, self.lists.len());
                self.lists.push(frame);
            }
            Tag::ListItem => {
                if let Some(frame) = self.lists.last_mut() {
                    let (ordered, marker) = frame.item(Some(element));
                    self.items
                        .push(ListItem::new(frame.level, ordered, marker, String::new()));
                    self.open_items.push(OpenItem {
                        node,
                        depth: self.lists.len(),
                        index: Some(self.items.len() - 1),
                    });
                }
            }
            Tag::Link => {
                if let Some(target) = links::target(element) {
                    self.spans.open(self.para.position(), target);
                    self.link_node = Some(node);
                }
            }
            _ => {}
        }
    }

    fn exit(&mut self, node: usize) {
        let Some(element) = self.dom.element(node) else {
            return;
        };
        if element.tag.is_block() {
            self.flush();
        }
        self.bold -= usize::from(element.bold);
        self.centred -= usize::from(element.tag.is_block() && element.centred);
        self.pre -= usize::from(element.tag == Tag::Pre);
        if self.link_node == Some(node) {
            self.spans.close(self.para.position());
            self.link_node = None;
        }
        if self.open_items.last().is_some_and(|item| item.node == node) {
            self.open_items.pop();
        }
        if self.lists.last().is_some_and(|frame| frame.node == node) {
            self.lists.pop();
            if self.lists.is_empty() {
                self.end_list_block();
                self.list_origin = None;
            }
        }
    }

    fn text(&mut self, text: &str, chars: usize, open: &[(usize, usize)]) {
        if chars > 0 && self.para_node.is_none() {
            self.para_node = open
                .iter()
                .rev()
                .map(|&(_, node)| node)
                .find(|&node| self.dom.tag(node).is_some_and(Tag::is_block))
                .or_else(|| open.first().map(|&(_, node)| node));
            self.para_centred = self.centred > 0;
        }
        self.para_chars += chars;
        if self.bold > 0 {
            self.para_bold_chars += chars;
        }
        if self.pre > 0 {
            // Inside <pre> every line is a paragraph.
            let mut lines = text.split('\n');
            if let Some(first) = lines.next() {
                self.para.push(first);
            }
            for line in lines {
                let node = self.para_node;
                self.flush();
                self.para_node = node;
                self.para.push(line);
            }
        } else {
            self.para.push(text);
        }
    }

    /// Ends the current paragraph, or the current line of a list item.
    fn flush(&mut self) {
        let text = self.para.take();
        let spans = self.spans.cut(text.len());
        let node = self.para_node.take();
        let (chars, bold, centred) = (self.para_chars, self.para_bold_chars, self.para_centred);
        self.para_chars = 0;
        self.para_bold_chars = 0;
        self.para_centred = false;
        if visible_chars(&text) == 0 {
            return;
        }
        let links = links::anchors(&text, &spans, 0..text.len());
        if !self.lists.is_empty() {
            self.add_to_item(&text, links);
            return;
        }
        let origin = node.map(|n| self.origin(n));
        self.push(
            Block::Paragraph(Paragraph {
                links,
                text,
                origin,
            }),
            BlockInfo {
                heading_tag: None,
                emphasised: centred || (chars > 0 && bold * 10 >= chars * 8),
                node,
            },
        );
    }

    /// Adds a line of text to the open list item it belongs to; text
    /// standing in a list outside its items becomes an item without a
    /// marker.
    fn add_to_item(&mut self, text: &str, links: Vec<docmend_core::model::Link>) {
        let line = trim_spaces(text);
        let depth = self.lists.len();
        let index = match self.open_items.last() {
            Some(&OpenItem {
                depth: d,
                index: Some(index),
                ..
            }) if d == depth => index,
            _ => {
                let Some(frame) = self.lists.last() else {
                    return;
                };
                self.items.push(ListItem::new(
                    frame.level,
                    frame.ordered,
                    None,
                    String::new(),
                ));
                self.items.len() - 1
            }
        };
        let item = &mut self.items[index];
        if let (Some(before), Some(after)) = (item.text.chars().next_back(), line.chars().next())
            && !lines_join_without_space(before, after)
        {
            item.text.push('\n');
        }
        item.text.push_str(line);
        item.links.extend(links);
    }

    /// Emits the items gathered so far as a list block. Items without text
    /// are left out unless deeper items follow them (their parent line).
    fn end_list_block(&mut self) {
        if self.items.is_empty() {
            return;
        }
        for item in &mut self.open_items {
            item.index = None;
        }
        let gathered = std::mem::take(&mut self.items);
        let mut items = Vec::with_capacity(gathered.len());
        for (i, item) in gathered.iter().enumerate() {
            let has_children = gathered
                .get(i + 1)
                .is_some_and(|next| next.level > item.level);
            if !item.text.is_empty() || has_children {
                items.push(item.clone());
            }
        }
        if items.iter().all(|item| item.text.is_empty()) {
            return;
        }
        // A list element directly inside another (`<ul><ul><li>`, which
        // browsers draw indented twice) sets its items deeper than any
        // item around them: the levels start at 0 and nest one at a time.
        let levels = nesting_levels(items.iter().map(|item| usize::from(item.level)));
        for (item, level) in items.iter_mut().zip(levels) {
            item.level = level;
        }
        let ordered = self
            .lists
            .first()
            .map_or(items[0].ordered, |frame| frame.ordered);
        self.push(
            Block::List(List {
                ordered,
                items,
                origin: self.list_origin.clone(),
            }),
            BlockInfo::default(),
        );
    }

    fn heading(&mut self, node: usize, level: u8) {
        let dom = self.dom;
        let mut buf = TextBuf::default();
        let mut spans = Spans::default();
        let mut link_end = None;
        let mut nested = Vec::new();
        let mut j = node + 1;
        while j < dom.end(node) {
            if link_end.is_some_and(|end| j >= end) {
                spans.close(buf.position());
                link_end = None;
            }
            if self.skip[j] {
                j = dom.end(j);
                continue;
            }
            if let Some(target) = dom
                .element(j)
                .filter(|e| e.tag == Tag::Link)
                .and_then(links::target)
            {
                spans.open(buf.position(), target);
                link_end = Some(dom.end(j));
            }
            if dom.tag(j) == Some(Tag::Table) {
                if self.classes[j] == Some(Class::Data) {
                    nested.push(j);
                }
                j = dom.end(j);
                continue;
            }
            if let Some(text) = dom.text(j) {
                buf.push(text);
            } else if dom.tag(j).is_some_and(|t| t.is_block() || t == Tag::Break) {
                buf.push_separator();
            }
            j += 1;
        }
        let text = buf.take();
        let spans = spans.cut(text.len());
        let chars = visible_chars(&text);
        let origin = Some(self.origin(node));
        if chars > MAX_HEADING_CHARS {
            let links = links::anchors(&text, &spans, 0..text.len());
            self.push(
                Block::Paragraph(Paragraph {
                    links,
                    text,
                    origin,
                }),
                BlockInfo::default(),
            );
        } else if chars > 0 {
            let (numbering, within) = match docmend_core::numbering::parse(&text) {
                Some(n) => {
                    let start = text.len() - n.rest.trim_start().len();
                    (
                        Some(n.marker.trim().to_string()),
                        start..start + n.rest.trim().len(),
                    )
                }
                None => (None, 0..text.len()),
            };
            let links = links::anchors(&text, &spans, within.clone());
            let text = text[within].to_string();
            self.push(
                Block::Heading(Heading {
                    links,
                    level,
                    numbering,
                    text,
                    origin,
                }),
                BlockInfo {
                    heading_tag: Some(level),
                    emphasised: true,
                    node: Some(node),
                },
            );
        }
        for table in nested {
            self.table(table);
        }
    }

    /// A data table and its caption before it.
    fn table(&mut self, table: usize) {
        let dom = self.dom;
        for caption in dom.children_where(table, |t| t == Tag::Caption) {
            let text = dom.subtree_text(caption);
            if visible_chars(&text) > 0 {
                let origin = Some(self.origin(caption));
                self.push(
                    Block::Paragraph(Paragraph {
                        links: Vec::new(),
                        text,
                        origin,
                    }),
                    BlockInfo::default(),
                );
            }
        }
        let path = self.paths.path(dom, table);
        let built = tables::build(
            dom,
            table,
            self.classes,
            self.skip,
            path,
            &mut self.table_budget,
        );
        for block in built.blocks {
            self.push(block, BlockInfo::default());
        }
        self.out.diagnostics.extend(built.diagnostics);
    }

    fn origin(&mut self, node: usize) -> Origin {
        Origin {
            path: Some(self.paths.path(self.dom, node)),
            ..Origin::default()
        }
    }

    fn push(&mut self, block: Block, info: BlockInfo) {
        self.out.blocks.push(block);
        self.out.infos.push(info);
    }
}

/// `ul`, `ol`, `dir`, and a `menu` kept as content.
fn is_list(element: &super::dom::Element) -> bool {
    matches!(element.tag, Tag::List { .. }) || element.name == "menu"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{content, tables::classify};
    use scraper::Html;

    fn lower_page(page: &str) -> Vec<String> {
        let html = Html::parse_document(page);
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let mut paths = Paths::new(&dom);
        let content = content::find(&dom, &classes, &mut paths);
        lower(&dom, &classes, &content, &mut paths, u64::MAX)
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => {
                    format!(
                        "H{} {}|{}",
                        h.level,
                        h.numbering.as_deref().unwrap_or(""),
                        h.text
                    )
                }
                Block::Paragraph(p) => format!("P {}", p.text),
                Block::List(l) => {
                    let items: Vec<&str> = l.items.iter().map(|i| i.text.as_str()).collect();
                    format!("L {}", items.join(","))
                }
                Block::Table(t) => {
                    let texts: Vec<&str> = t.cells.iter().map(|c| c.text.as_str()).collect();
                    format!("T {}", texts.join(","))
                }
                other => panic!("a block type this test does not know: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn blocks_in_reading_order() {
        let blocks = lower_page(
            "<body><h2>（一）主动公开</h2><p>第一段。<br>第二段。<br><br></p>\
             <div>直接的文字<p>段落</p>后面的文字</div><ul><li>一项</li><li>二项</li></ul>\
             <pre>甲 乙\n丙</pre><h3><span>三、</span>标题<br>续</h3>尾声</body>",
        );
        assert_eq!(
            blocks,
            [
                "H2 （一）|主动公开",
                "P 第一段。",
                "P 第二段。",
                "P 直接的文字",
                "P 段落",
                "P 后面的文字",
                "L 一项,二项",
                "P 甲 乙",
                "P 丙",
                "H3 三、|标题续",
                "P 尾声",
            ]
        );
    }

    #[test]
    fn nested_data_tables_are_part_of_their_cell() {
        let blocks = lower_page(
            "<body><table><caption>表一</caption><tr><td>A</td><td>\
             <table><tr><td>x</td><td>y</td></tr></table></td></tr><tr><td>1</td><td>2</td></tr></table>\
             <p>后文</p></body>",
        );
        assert_eq!(blocks, ["P 表一", "T A,x\ty,1,2", "P 后文"]);
    }

    #[test]
    fn layout_tables_are_read_as_containers() {
        let blocks = lower_page(
            "<body><table><tr><td><h1>标题</h1><p>正文第一段，内容较长。</p>\
             <table><tr><td>项目</td><td>6</td></tr><tr><td>合计</td><td>6</td></tr></table></td></tr></table></body>",
        );
        assert_eq!(
            blocks,
            ["H1 |标题", "P 正文第一段，内容较长。", "T 项目,6,合计,6"]
        );
    }

    fn lower_blocks(page: &str) -> Vec<Block> {
        let html = Html::parse_document(page);
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let mut paths = Paths::new(&dom);
        let content = content::find(&dom, &classes, &mut paths);
        lower(&dom, &classes, &content, &mut paths, u64::MAX).blocks
    }

    fn items(block: &Block) -> Vec<(u8, bool, Option<&str>, &str)> {
        match block {
            Block::List(l) => l
                .items
                .iter()
                .map(|i| (i.level, i.ordered, i.marker.as_deref(), i.text.as_str()))
                .collect(),
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn lists_with_nesting_and_markers() {
        let blocks = lower_blocks(
            "<body><p>The lists below are read with their markers.</p><ol start=4 type=a><li>甲<ul><li>乙</li><li><p>丙</p><p>丁</p>\
             <ul><li>深</li></ul></li></ul>尾</li><li value=9>Two<br>lines</li>\
             <li></li><li>after an empty one</li></ol>\
             <ol reversed><li>c</li><li>b</li><li>a</li></ol></body>",
        );
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            items(&blocks[1]),
            [
                (0, true, Some("d."), "甲尾"),
                (1, false, Some("◦"), "乙"),
                (1, false, Some("◦"), "丙丁"),
                (2, false, Some("▪"), "深"),
                (0, true, Some("i."), "Two\nlines"),
                (0, true, Some("k."), "after an empty one"),
            ]
        );
        assert_eq!(
            items(&blocks[2]),
            [
                (0, true, Some("3."), "c"),
                (0, true, Some("2."), "b"),
                (0, true, Some("1."), "a")
            ]
        );
        let Block::List(list) = &blocks[1] else {
            unreachable!()
        };
        assert!(list.ordered);
        assert_eq!(
            list.origin.as_ref().unwrap().path.as_deref(),
            Some("html>body>ol:nth-of-type(1)")
        );
    }

    #[test]
    fn list_styles_and_loose_text() {
        let blocks = lower_blocks(
            "<body><ul style='list-style-type: square'><li>a</li><li style='list-style:none'>b</li></ul>\
             <ul style='list-style: none inside'><li>c</li></ul><ol style='list-style-type:cjk-ideographic'>\
             <li>十一</li></ol><ul type=circle>loose<li>d</li></ul></body>",
        );
        let all: Vec<_> = blocks.iter().flat_map(items).collect();
        assert_eq!(
            all,
            [
                (0, false, Some("▪"), "a"),
                (0, false, None, "b"),
                (0, false, None, "c"),
                (0, true, Some("一、"), "十一"),
                (0, false, None, "loose"),
                (0, false, Some("◦"), "d"),
            ]
        );
    }

    #[test]
    fn a_list_directly_inside_a_list_starts_at_level_zero() {
        // Browsers draw the inner list indented twice, but no item holds
        // it: its items are the outermost there are, then the outer
        // list's own item follows at the same level.
        let blocks = lower_blocks(
            "<body><ul><ul><li><a href='#x'>三、收到申请情况</a></li><li>乙<ul><ul><li>深</li></ul></ul></li></ul><li>外</li></ul></body>",
        );
        assert_eq!(
            blocks.iter().flat_map(items).collect::<Vec<_>>(),
            [
                (0, false, Some("◦"), "三、收到申请情况"),
                (0, false, Some("◦"), "乙"),
                (1, false, Some("▪"), "深"),
                (0, false, Some("•"), "外"),
            ]
        );
    }

    #[test]
    fn a_table_inside_an_item_splits_the_list_block() {
        let blocks = lower_page(
            "<body><ol><li>一<table><tr><td>项目</td><td>6</td></tr></table>续</li><li>二</li></ol></body>",
        );
        assert_eq!(blocks, ["L 一", "T 项目,6", "L 续,二"]);
    }

    #[test]
    fn links_in_paragraphs_headings_and_items() {
        let blocks = lower_blocks(
            "<body><h2>一、<a href='#s1'>总体情况</a></h2>\
             <p>See <a href=' a.html '>the first</a> and <a href=\"https://x.org/b?c=1\">the <b>second</b></a>, \
             not <a href='javascript:void(0)'>this</a>, <a name=n>nor this</a> or <a href='/e'> </a>.</p>\
             <ul><li>Item with <a href='mailto:a@b.c'>mail</a></li></ul>\
             <p><a href='/long'>one<br>two</a></p></body>",
        );
        let links = |block: &Block| -> Vec<(String, String)> {
            let links = match block {
                Block::Heading(h) => &h.links,
                Block::Paragraph(p) => &p.links,
                Block::List(l) => &l.items[0].links,
                Block::Table(_) => unreachable!(),
                other => panic!("a block type this test does not know: {other:?}"),
            };
            links
                .iter()
                .map(|l| (l.anchor.clone(), l.target.clone()))
                .collect()
        };
        let pair = |a: &str, t: &str| (a.to_string(), t.to_string());
        assert_eq!(links(&blocks[0]), [pair("总体情况", "#s1")]);
        assert_eq!(
            links(&blocks[1]),
            [
                pair("the first", "a.html"),
                pair("the second", "https://x.org/b?c=1")
            ]
        );
        assert_eq!(links(&blocks[2]), [pair("mail", "mailto:a@b.c")]);
        // A <br> inside a link: each paragraph has its part.
        assert_eq!(links(&blocks[3]), [pair("one", "/long")]);
        assert_eq!(links(&blocks[4]), [pair("two", "/long")]);
    }
}
