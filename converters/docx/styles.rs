//! Paragraph styles from `word/styles.xml`: which styles are headings
//! (and of which level), which is the title style, which style a table of
//! contents uses, and which carry list numbering.
//!
//! A style is a heading when its name is `heading N` (Word and LibreOffice
//! write the English built-in name whatever the interface language) or
//! `标题 N` (some WPS files), or when it sets `w:outlineLvl` below 9; both
//! are inherited through `w:basedOn`. Each style is resolved once, when
//! the part has been read.

use super::doc::NumRef;
use super::xml::{Element, Flow, Ns, Visitor};
use std::collections::HashMap;

/// Steps followed along `w:basedOn` before giving up (chains in real
/// files are a few steps long; a cycle must not loop).
const MAX_BASED_ON: usize = 16;

/// What a paragraph style means for the lowering.
#[derive(Debug, Default, Clone)]
pub struct Resolved {
    /// Heading level 1–9.
    pub heading: Option<u8>,
    pub title: bool,
    /// A table-of-contents entry or heading (`toc 1`, `TOC Heading`).
    pub toc: bool,
    /// List numbering the style applies, if any.
    pub num: Option<NumRef>,
}

#[derive(Debug, Default)]
pub struct Styles {
    resolved: HashMap<String, Resolved>,
    default_paragraph: Option<String>,
}

impl Styles {
    /// What a paragraph with style id `id` (or no style) gets from its style.
    pub fn get(&self, id: Option<&str>) -> Resolved {
        let id = id.or(self.default_paragraph.as_deref());
        match id {
            Some(id) => self
                .resolved
                .get(id)
                .cloned()
                // A style id that styles.xml does not define: its id may
                // still name a heading (`Heading1`).
                .unwrap_or_else(|| Resolved {
                    heading: heading_by_name(id),
                    title: is_title_name(id),
                    toc: is_toc_name(id),
                    num: None,
                }),
            None => Resolved::default(),
        }
    }
}

#[derive(Debug, Default)]
struct Raw {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<NumRef>,
}

/// Reads `styles.xml`.
#[derive(Default)]
pub struct StylesReader {
    styles: HashMap<String, Raw>,
    default_paragraph: Option<String>,
    /// The paragraph style being read.
    current: Option<(String, Raw)>,
    depth_in_style: usize,
    in_ppr: bool,
    in_numpr: bool,
}

impl StylesReader {
    pub fn finish(self) -> Styles {
        let resolved = self
            .styles
            .keys()
            .map(|id| (id.clone(), resolve(&self.styles, id)))
            .collect();
        Styles {
            resolved,
            default_paragraph: self.default_paragraph,
        }
    }
}

fn resolve(styles: &HashMap<String, Raw>, id: &str) -> Resolved {
    let mut out = Resolved::default();
    let mut heading_known = false;
    let mut num_known = false;
    let mut current = Some(id);
    for _ in 0..MAX_BASED_ON {
        let Some(style) = current.and_then(|id| styles.get(id)) else {
            break;
        };
        let name = style.name.as_deref().or(current).unwrap_or_default();
        out.toc |= is_toc_name(name);
        if !heading_known {
            if let Some(level) = style.outline {
                out.heading = (level < 9).then_some(level + 1);
                heading_known = true;
            } else if let Some(level) = heading_by_name(name) {
                out.heading = Some(level);
                heading_known = true;
            } else if is_title_name(name) {
                out.title = true;
                heading_known = true;
            }
        }
        if !num_known && let Some(num) = style.num {
            out.num = Some(num);
            num_known = true;
        }
        current = style.based_on.as_deref();
    }
    out
}

/// `heading 1`, `Heading1`, `标题 1`, `标题1` → 1.
fn heading_by_name(name: &str) -> Option<u8> {
    let compact: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let digits = compact
        .strip_prefix("heading")
        .or_else(|| compact.strip_prefix("标题"))?;
    match digits.parse::<u8>() {
        Ok(level @ 1..=9) => Some(level),
        _ => None,
    }
}

/// `toc 1` … `toc 9` and `TOC Heading` (Word's built-in names).
fn is_toc_name(name: &str) -> bool {
    let compact: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    compact.strip_prefix("toc").is_some_and(|rest| {
        rest == "heading" || (rest.len() == 1 && rest.as_bytes()[0].is_ascii_digit())
    })
}

fn is_title_name(name: &str) -> bool {
    let name = name.trim();
    name.eq_ignore_ascii_case("title") || name == "标题"
}

impl Visitor for StylesReader {
    fn start(&mut self, element: &Element<'_, '_>) -> Flow {
        if element.ns != Ns::Word {
            if self.current.is_some() {
                self.depth_in_style += 1;
            }
            return Flow::Enter;
        }
        // Latent-style exceptions and document defaults are most of a
        // large styles part and say nothing about headings or lists.
        if self.current.is_none() && matches!(element.local, "latentStyles" | "docDefaults") {
            return Flow::Skip;
        }
        if element.local == "style" && self.current.is_none() {
            // Only paragraph styles matter; a style without a type is one.
            if element.attr("type").is_some_and(|t| t != "paragraph") {
                return Flow::Skip;
            }
            let id = element
                .attr("styleId")
                .map(|v| v.into_owned())
                .unwrap_or_default();
            if element
                .attr("default")
                .is_some_and(|d| d == "1" || d == "true")
            {
                self.default_paragraph = Some(id.clone());
            }
            self.current = Some((id, Raw::default()));
            self.depth_in_style = 0;
            return Flow::Enter;
        }
        let Some((_, raw)) = self.current.as_mut() else {
            return Flow::Enter;
        };
        self.depth_in_style += 1;
        let direct = self.depth_in_style == 1;
        match element.local {
            "name" if direct => raw.name = element.attr("val").map(|v| v.into_owned()),
            "basedOn" if direct => raw.based_on = element.attr("val").map(|v| v.into_owned()),
            "pPr" if direct => self.in_ppr = true,
            "outlineLvl" if self.in_ppr && self.depth_in_style == 2 => {
                raw.outline = element.attr("val").and_then(|v| v.trim().parse().ok());
            }
            "numPr" if self.in_ppr && self.depth_in_style == 2 => {
                self.in_numpr = true;
                raw.num.get_or_insert_with(NumRef::default);
            }
            "numId" if self.in_numpr => {
                if let Some(num) = raw.num.as_mut() {
                    num.num_id = element.attr("val").and_then(|v| v.trim().parse().ok());
                }
            }
            "ilvl" if self.in_numpr => {
                if let Some(num) = raw.num.as_mut() {
                    num.level = element.attr("val").and_then(|v| v.trim().parse().ok());
                }
            }
            // Tracked formatting history is not the style; run and table
            // formatting do not matter here.
            "pPrChange" | "rPrChange" | "rPr" | "tblPr" | "trPr" | "tcPr" | "tblStylePr" => {
                self.depth_in_style -= 1;
                return Flow::Skip;
            }
            _ => {}
        }
        Flow::Enter
    }

    fn end(&mut self, _ns: Ns, local: &str) {
        if self.current.is_none() {
            return;
        }
        if self.depth_in_style == 0 {
            if let Some((id, raw)) = self.current.take() {
                self.styles.insert(id, raw);
            }
            return;
        }
        match local {
            "pPr" if self.depth_in_style == 1 => self.in_ppr = false,
            "numPr" if self.depth_in_style == 2 => self.in_numpr = false,
            _ => {}
        }
        self.depth_in_style -= 1;
    }

    fn text(&mut self, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::{Limits, walk};

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn styles(body: &str) -> Styles {
        let xml = format!(r#"<w:styles xmlns:w="{W}">{body}</w:styles>"#);
        let mut reader = StylesReader::default();
        walk(
            "styles.xml",
            xml.as_bytes(),
            Limits::bytes(1 << 20),
            &mut reader,
        )
        .unwrap();
        reader.finish()
    }

    #[test]
    fn headings_by_name_outline_level_and_inheritance() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>
               <w:style w:type="paragraph" w:styleId="mine"><w:name w:val="Report section"/><w:basedOn w:val="1"/></w:style>
               <w:style w:type="paragraph" w:styleId="body"><w:name w:val="Body"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:basedOn w:val="1"/></w:style>
               <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
               <w:style w:type="paragraph" w:styleId="list"><w:name w:val="List"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
               <w:style w:type="character" w:styleId="c"><w:name w:val="heading 1 Char"/></w:style>
               <w:style w:type="paragraph" w:styleId="11"><w:name w:val="toc 1"/></w:style>
               <w:style w:type="paragraph" w:styleId="toch"><w:name w:val="TOC Heading"/><w:basedOn w:val="1"/></w:style>
               <w:style w:type="paragraph" w:styleId="x"><w:basedOn w:val="y"/></w:style>
               <w:style w:type="paragraph" w:styleId="y"><w:basedOn w:val="x"/></w:style>"#,
        );
        assert_eq!(s.get(Some("1")).heading, Some(1));
        assert_eq!(s.get(Some("2")).heading, Some(2));
        assert_eq!(s.get(Some("mine")).heading, Some(1));
        assert_eq!(s.get(Some("body")).heading, None);
        assert!(s.get(Some("Title")).title);
        assert_eq!(s.get(Some("list")).num.unwrap().num_id, Some(3));
        assert_eq!(s.get(None).heading, None);
        assert_eq!(s.get(Some("Heading3")).heading, Some(3));
        assert_eq!(s.get(Some("x")).heading, None);
        assert_eq!(
            s.get(Some("c")).heading,
            None,
            "character styles are not read"
        );
    }
}
