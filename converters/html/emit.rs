//! Lowers the report's part of the page into blocks, in reading order.
//!
//! * `h1`–`h6` become headings of the tag's level, with a leading
//!   numbering (`一、`, `(一)`) split off into `numbering`.
//! * Paragraphs come from `p`, `li`, runs of text directly inside `div`s and
//!   other containers, and `<br>`-separated lines (a report pasted into a
//!   CMS often separates its paragraphs with `<br>` only, so a `<br>`
//!   always ends a paragraph). Numbered short paragraphs are left as
//!   paragraphs: `headings::promote` decides which are headings.
//! * Data tables become tables (see [`super::tables`]); data tables nested
//!   in their cells follow them; a caption becomes a paragraph before its
//!   table. Layout tables are read as containers.
//!
//! The walk is a loop over the node indices with a stack of open elements,
//! never recursion. Each block's origin is the CSS-like path of the
//! element it came from.

use super::content::Content;
use super::dom::{Dom, Kind, Tag};
use super::path::Paths;
use super::tables::{self, Class};
use super::text::{TextBuf, visible_chars};
use crate::model::{Block, Diagnostic, Heading, Origin, Paragraph};

/// A heading tag with more text than this is a paragraph in disguise.
const MAX_HEADING_CHARS: usize = 100;

/// What the title search needs to know about a block.
#[derive(Debug, Clone, Copy, Default)]
pub struct BlockInfo {
    /// The `h1`–`h6` level the block came from.
    pub heading_tag: Option<u8>,
    /// Centred or (almost all) bold.
    pub emphasised: bool,
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
) -> Lowered {
    let mut lowerer = Lowerer {
        dom,
        classes,
        skip: &content.skip,
        paths,
        out: Lowered {
            blocks: Vec::new(),
            infos: Vec::new(),
            diagnostics: Vec::new(),
        },
        para: TextBuf::default(),
        para_node: None,
        para_chars: 0,
        para_bold_chars: 0,
        para_centred: false,
        bold: 0,
        centred: 0,
        pre: 0,
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
    out: Lowered,
    para: TextBuf,
    /// The block element the current paragraph's text sits in.
    para_node: Option<usize>,
    para_chars: usize,
    para_bold_chars: usize,
    para_centred: bool,
    /// How many open elements make text bold, centre it, keep its lines.
    bold: usize,
    centred: usize,
    pre: usize,
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
                Tag::Heading(level) => {
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
        let Some(element) = self.dom.element(node) else {
            return;
        };
        self.bold += usize::from(element.bold);
        self.centred += usize::from(element.tag.is_block() && element.centred);
        self.pre += usize::from(element.tag == Tag::Pre);
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

    /// Ends the current paragraph.
    fn flush(&mut self) {
        let text = self.para.take();
        let node = self.para_node.take();
        let (chars, bold, centred) = (self.para_chars, self.para_bold_chars, self.para_centred);
        self.para_chars = 0;
        self.para_bold_chars = 0;
        self.para_centred = false;
        if visible_chars(&text) == 0 {
            return;
        }
        let origin = node.map(|n| self.origin(n));
        self.push(
            Block::Paragraph(Paragraph {
                links: Vec::new(),
                text,
                origin,
            }),
            BlockInfo {
                heading_tag: None,
                emphasised: centred || (chars > 0 && bold * 10 >= chars * 8),
            },
        );
    }

    fn heading(&mut self, node: usize, level: u8) {
        let dom = self.dom;
        let mut buf = TextBuf::default();
        let mut nested = Vec::new();
        let mut j = node + 1;
        while j < dom.end(node) {
            if self.skip[j] {
                j = dom.end(j);
                continue;
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
        let chars = visible_chars(&text);
        let origin = Some(self.origin(node));
        if chars > MAX_HEADING_CHARS {
            self.push(
                Block::Paragraph(Paragraph {
                    links: Vec::new(),
                    text,
                    origin,
                }),
                BlockInfo::default(),
            );
        } else if chars > 0 {
            let (numbering, text) = match crate::numbering::parse(&text) {
                Some(n) => (Some(n.marker.trim().to_string()), n.rest.trim().to_string()),
                None => (None, text),
            };
            self.push(
                Block::Heading(Heading {
                    links: Vec::new(),
                    level,
                    numbering,
                    text,
                    origin,
                }),
                BlockInfo {
                    heading_tag: Some(level),
                    emphasised: true,
                },
            );
        }
        for table in nested {
            self.table(table);
        }
    }

    /// A data table, its caption before it and its nested data tables
    /// after it (depth first, in document order).
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
        let built = tables::build(dom, table, self.classes, self.skip, path);
        for block in built.blocks {
            self.push(block, BlockInfo::default());
        }
        self.out.diagnostics.extend(built.diagnostics);
        let mut pending: Vec<usize> = built.nested.into_iter().rev().collect();
        while let Some(inner) = pending.pop() {
            let path = self.paths.path(dom, inner);
            let built = tables::build(dom, inner, self.classes, self.skip, path);
            for block in built.blocks {
                self.push(block, BlockInfo::default());
            }
            self.out.diagnostics.extend(built.diagnostics);
            pending.extend(built.nested.into_iter().rev());
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::converters::html::{content, tables::classify};
    use scraper::Html;

    fn lower_page(page: &str) -> Vec<String> {
        let html = Html::parse_document(page);
        let dom = Dom::build(&html);
        let classes = classify(&dom);
        let mut paths = Paths::new(&dom);
        let content = content::find(&dom, &classes, &mut paths);
        lower(&dom, &classes, &content, &mut paths)
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
                "P 一项",
                "P 二项",
                "P 甲 乙",
                "P 丙",
                "H3 三、|标题续",
                "P 尾声",
            ]
        );
    }

    #[test]
    fn nested_data_tables_follow_their_table() {
        let blocks = lower_page(
            "<body><table><caption>表一</caption><tr><td>A</td><td>\
             <table><tr><td>x</td><td>y</td></tr></table></td></tr><tr><td>1</td><td>2</td></tr></table>\
             <p>后文</p></body>",
        );
        assert_eq!(blocks, ["P 表一", "T A,,1,2", "T x,y", "P 后文"]);
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
}
