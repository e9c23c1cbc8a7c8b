//! The page as a compact tree of the nodes that can carry visible text.
//!
//! Built once from scraper's tree, iteratively (the nesting of a hostile
//! page must not reach the call stack). Nodes are stored in document
//! order, so a node's subtree is the index range `i..end`: walking a
//! subtree is a loop, skipping one is `i = end`, and sums over subtrees are
//! one backward pass. What a reader never sees is left out here, once:
//! scripts, styles, form controls, embedded objects, images, comments and
//! hidden elements (`hidden`, `display:none`, `visibility:hidden`, Word's
//! `mso-hide:all`); the text of hidden elements is tallied for a
//! diagnostic. The `<title>` is kept aside for the metadata.

use super::text::{TextBuf, trim_spaces, visible_chars};
use scraper::node::Element as ScraperElement;
use scraper::{ElementRef, Html, Node as ScraperNode};

/// Marks "no parent" for the root.
pub const NONE: usize = usize::MAX;

/// What an element does for the converter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Heading(u8),
    /// `p`.
    Paragraph,
    /// Block containers: `div`, `section`, `center`, `form`, `dl`, …
    Block,
    /// `ul`, `ol`, `dir`: a list whose `li` children are its items.
    List {
        ordered: bool,
    },
    /// `li`.
    ListItem,
    Pre,
    Break,
    Rule,
    Table,
    /// `thead`, `tbody`, `tfoot`.
    RowGroup,
    Row,
    Cell {
        header: bool,
    },
    Caption,
    Link,
    /// `b`, `strong`.
    Bold,
    /// `nav`, `aside`, `menu`: navigation by structure.
    Navigation,
    /// `header`, `footer`.
    Banner,
    /// Everything else: inline or unknown elements.
    Inline,
}

impl Tag {
    /// Whether the element starts and ends a paragraph.
    pub fn is_block(self) -> bool {
        !matches!(self, Tag::Link | Tag::Bold | Tag::Inline | Tag::Break)
    }
}

#[derive(Debug)]
pub enum Kind<'a> {
    Root,
    Element(Element<'a>),
    /// A text and how many characters of it are not spaces.
    Text(&'a str, usize),
}

#[derive(Debug)]
pub struct Element<'a> {
    /// Lower-case local name (`div`, `o:p`).
    pub name: &'a str,
    pub tag: Tag,
    pub source: &'a ScraperElement,
    /// `align=center`, `text-align:center` or `<center>`.
    pub centred: bool,
    /// `<b>`, `<strong>` or a bold font weight.
    pub bold: bool,
}

impl<'a> Element<'a> {
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.source.attr(name)
    }
}

#[derive(Debug)]
pub struct Node<'a> {
    pub parent: usize,
    /// One past the last node of this node's subtree.
    pub end: usize,
    pub kind: Kind<'a>,
}

/// Hidden text that was left out, for a diagnostic.
#[derive(Debug, Default)]
pub struct Hidden {
    pub elements: usize,
    pub chars: usize,
    pub quote: String,
}

#[derive(Debug)]
pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
    /// The text of the page's `<title>`.
    pub title: Option<String>,
    pub hidden: Hidden,
}

/// Elements whose content no reader sees as text (and Word's `<xml>` data
/// islands, `colgroup`/`col` which hold no text).
fn is_unseen(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "svg"
            | "math"
            | "canvas"
            | "select"
            | "option"
            | "optgroup"
            | "datalist"
            | "button"
            | "input"
            | "textarea"
            | "output"
            | "progress"
            | "meter"
            | "keygen"
            | "img"
            | "picture"
            | "audio"
            | "video"
            | "source"
            | "track"
            | "map"
            | "area"
            | "param"
            | "link"
            | "meta"
            | "base"
            | "colgroup"
            | "col"
            | "xml"
    )
}

impl<'a> Dom<'a> {
    pub fn build(html: &'a Html) -> Dom<'a> {
        let mut dom = Dom {
            nodes: vec![Node {
                parent: NONE,
                end: 1,
                kind: Kind::Root,
            }],
            title: None,
            hidden: Hidden::default(),
        };
        let mut stack: Vec<_> = html.tree.root().children().rev().map(|c| (c, 0)).collect();
        while let Some((node, parent)) = stack.pop() {
            let kind = match node.value() {
                ScraperNode::Text(text) => Kind::Text(text, visible_chars(text)),
                ScraperNode::Element(source) => {
                    let name = source.name();
                    if name == "title" || name == "head" {
                        if dom.title.is_none() {
                            dom.title = ElementRef::wrap(node)
                                .into_iter()
                                .flat_map(|e| e.descendent_elements())
                                .find(|e| e.value().name() == "title")
                                .map(|e| collapse(e.text()))
                                .filter(|t| !t.is_empty());
                        }
                        continue;
                    }
                    if is_unseen(name) {
                        continue;
                    }
                    let style = Style::of(source);
                    if style.hidden || is_hidden(source) {
                        // Its visible-if-shown text: not the code of scripts in it.
                        let mut buf = TextBuf::default();
                        for inner in node.descendants() {
                            if let ScraperNode::Text(text) = inner.value()
                                && inner
                                    .parent()
                                    .and_then(|p| p.value().as_element())
                                    .is_none_or(|e| !is_unseen(e.name()))
                            {
                                buf.push(text);
                            }
                        }
                        dom.hidden.note(&buf.take());
                        continue;
                    }
                    let tag = classify(name);
                    Kind::Element(Element {
                        name,
                        tag,
                        source,
                        centred: style.centred
                            || name == "center"
                            || source
                                .attr("align")
                                .is_some_and(|a| a.trim().eq_ignore_ascii_case("center")),
                        bold: style.bold || tag == Tag::Bold,
                    })
                }
                _ => continue,
            };
            let index = dom.nodes.len();
            dom.nodes.push(Node {
                parent,
                end: index + 1,
                kind,
            });
            if matches!(dom.nodes[index].kind, Kind::Element(_)) {
                stack.extend(node.children().rev().map(|c| (c, index)));
            }
        }
        // Pre-order numbering: a subtree ends where its last child's ends.
        for i in (1..dom.nodes.len()).rev() {
            let (parent, end) = (dom.nodes[i].parent, dom.nodes[i].end);
            if dom.nodes[parent].end < end {
                dom.nodes[parent].end = end;
            }
        }
        dom
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn end(&self, i: usize) -> usize {
        self.nodes[i].end
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        let parent = self.nodes[i].parent;
        (parent != NONE).then_some(parent)
    }

    pub fn element(&self, i: usize) -> Option<&Element<'a>> {
        match &self.nodes[i].kind {
            Kind::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn tag(&self, i: usize) -> Option<Tag> {
        self.element(i).map(|e| e.tag)
    }

    pub fn text(&self, i: usize) -> Option<&'a str> {
        match self.nodes[i].kind {
            Kind::Text(t, _) => Some(t),
            _ => None,
        }
    }

    /// How many characters of a text node are not spaces (0 for elements).
    pub fn chars(&self, i: usize) -> usize {
        match self.nodes[i].kind {
            Kind::Text(_, chars) => chars,
            _ => 0,
        }
    }

    /// The children of `i`, in document order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.end(i);
        let mut next = i + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let child = next;
                next = self.end(child);
                child
            })
        })
    }

    /// The element children of `i` with one of the given tags.
    pub fn children_where<'s>(
        &'s self,
        i: usize,
        keep: impl Fn(Tag) -> bool + 's,
    ) -> impl Iterator<Item = usize> + 's {
        self.children(i)
            .filter(move |&c| self.tag(c).is_some_and(&keep))
    }

    /// The `body` element, else the root.
    pub fn body(&self) -> usize {
        (0..self.len())
            .find(|&i| self.element(i).is_some_and(|e| e.name == "body"))
            .unwrap_or(0)
    }

    /// The collapsed text of a subtree (for short things: titles, quotes).
    pub fn subtree_text(&self, i: usize) -> String {
        let mut buf = TextBuf::default();
        for j in i..self.end(i) {
            if let Some(t) = self.text(j) {
                buf.push(t);
            } else if self.tag(j).is_some_and(Tag::is_block) || self.tag(j) == Some(Tag::Break) {
                buf.push_separator();
            }
        }
        buf.take()
    }
}

impl Hidden {
    fn note(&mut self, text: &str) {
        let chars = visible_chars(text);
        if chars == 0 {
            return;
        }
        self.elements += 1;
        self.chars += chars;
        if self.quote.is_empty() {
            self.quote = trim_spaces(text).to_string();
        }
    }
}

fn collapse<'t>(parts: impl Iterator<Item = &'t str>) -> String {
    let mut buf = TextBuf::default();
    for part in parts {
        buf.push(part);
    }
    buf.take()
}

fn classify(name: &str) -> Tag {
    match name {
        "h1" => Tag::Heading(1),
        "h2" => Tag::Heading(2),
        "h3" => Tag::Heading(3),
        "h4" => Tag::Heading(4),
        "h5" => Tag::Heading(5),
        "h6" => Tag::Heading(6),
        "p" | "dt" | "dd" => Tag::Paragraph,
        "li" => Tag::ListItem,
        "ul" | "dir" => Tag::List { ordered: false },
        "ol" => Tag::List { ordered: true },
        "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
        "br" => Tag::Break,
        "hr" => Tag::Rule,
        "table" => Tag::Table,
        "thead" | "tbody" | "tfoot" => Tag::RowGroup,
        "tr" => Tag::Row,
        "td" => Tag::Cell { header: false },
        "th" => Tag::Cell { header: true },
        "caption" => Tag::Caption,
        "a" => Tag::Link,
        "b" | "strong" => Tag::Bold,
        "nav" | "aside" | "menu" => Tag::Navigation,
        "header" | "footer" => Tag::Banner,
        "div" | "section" | "article" | "main" | "blockquote" | "center" | "address" | "figure"
        | "figcaption" | "fieldset" | "legend" | "form" | "details" | "summary" | "dl" | "body"
        | "html" | "hgroup" | "search" | "dialog" => Tag::Block,
        _ => Tag::Inline,
    }
}

/// Hidden by attribute (inline styles are read by [`Style`]). Class names
/// are site-specific and are not looked at.
fn is_hidden(element: &ScraperElement) -> bool {
    element.attr("hidden").is_some()
        || element
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("hidden"))
}

/// What an inline `style` attribute says that matters here, read in one
/// pass (Word exports put a long style on every element).
#[derive(Debug, Default, PartialEq)]
struct Style {
    /// `display:none`, `visibility:hidden` or Word's `mso-hide:all`.
    hidden: bool,
    centred: bool,
    bold: bool,
}

impl Style {
    fn of(element: &ScraperElement) -> Style {
        element.attr("style").map(Style::parse).unwrap_or_default()
    }

    fn parse(style: &str) -> Style {
        let mut out = Style::default();
        for declaration in style.split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            let value = value.trim();
            let value = value.strip_suffix("!important").unwrap_or(value).trim_end();
            let is = |wanted: &str| value.eq_ignore_ascii_case(wanted);
            let property = property.trim();
            let named = |name: &str| property.eq_ignore_ascii_case(name);
            if named("display") {
                out.hidden |= is("none");
            } else if named("visibility") {
                out.hidden |= is("hidden");
            } else if named("mso-hide") {
                out.hidden |= is("all");
            } else if named("text-align") {
                out.centred |= is("center");
            } else if named("font-weight") {
                out.bold |= ["bold", "bolder", "700", "800", "900"]
                    .iter()
                    .any(|w| is(w));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom) -> Vec<String> {
        (0..dom.len())
            .filter_map(|i| dom.text(i))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn unseen_and_hidden_content_is_left_out() {
        let html = Html::parse_document(
            "<html><head><title> 年度 报告 </title><style>p{}</style></head><body>\
             <p>一</p><script>var x</script><div style='DISPLAY: none'>隐藏</div>\
             <span hidden>也隐藏</span><select><option>选项</option></select><p>二</p></body></html>",
        );
        let dom = Dom::build(&html);
        assert_eq!(texts(&dom), ["一", "二"]);
        assert_eq!(dom.title.as_deref(), Some("年度 报告"));
        assert_eq!(dom.hidden.elements, 2);
        assert_eq!(dom.hidden.chars, 5);
        assert_eq!(dom.hidden.quote, "隐藏");
    }

    #[test]
    fn subtrees_are_index_ranges() {
        let html = Html::parse_document("<div><p>a<b>b</b></p><p>c</p></div><p>d</p>");
        let dom = Dom::build(&html);
        let div = (0..dom.len())
            .find(|&i| dom.element(i).is_some_and(|e| e.name == "div"))
            .unwrap();
        let inside: Vec<&str> = (div..dom.end(div)).filter_map(|i| dom.text(i)).collect();
        assert_eq!(inside, ["a", "b", "c"]);
        assert_eq!(dom.children(div).count(), 2);
        assert_eq!(dom.subtree_text(dom.body()), "ab c d");
    }

    #[test]
    fn style_matching() {
        let parse = Style::parse;
        assert!(parse("color:red; Display : None").hidden);
        assert!(parse("display:none !important").hidden);
        assert!(parse("mso-hide:all;font-size:10pt").hidden);
        assert!(!parse("display:inline").hidden);
        assert!(!parse("mso-display:none").hidden);
        let title = parse("text-align:center;line-height:28pt;FONT-WEIGHT: bold");
        assert!(title.centred && title.bold && !title.hidden);
        assert_eq!(parse(""), Style::default());
        assert_eq!(parse(";;:;a:b:c"), Style::default());
    }
}
