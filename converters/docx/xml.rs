//! A streaming walk over one XML part of a DOCX package.
//!
//! The walk does the jobs every part needs, so that the part readers
//! ([`super::body`], [`super::styles`], [`super::numbering`], …) only see
//! the elements they care about:
//!
//! * namespaces are resolved, so `w:p`, `ns0:p` and Strict OOXML's `w:p`
//!   all arrive as [`Ns::Word`] `p` (with a scope stack of its own that
//!   costs nothing on the many tags that declare no namespace);
//! * Markup Compatibility is reduced to one branch: of an
//!   `mc:AlternateContent`, the first `mc:Choice` is read and the other
//!   choices and the `mc:Fallback` are skipped (they hold the same content
//!   for older readers, so reading both would duplicate text boxes);
//! * character and predefined entity references become text; other
//!   entities, which only a DTD can define (OOXML allows none, and nested
//!   ones can ask for gigabytes), are not expanded, and the walk reports
//!   them ([`Walked`]);
//! * the part's decompressed size is capped while it streams (and so is
//!   its compression ratio, whatever sizes the archive declares), nesting
//!   deeper than [`MAX_DEPTH`] is refused, a part that ends inside an open
//!   element is refused, and every quick-xml error becomes an
//!   [`Error::Malformed`] naming the part and the byte position.

use docmend_core::error::Error;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::io::{BufReader, Read};

/// Deeper nesting than any real document needs; hostile input beyond it is
/// refused instead of growing the walk's stacks without bound.
pub const MAX_DEPTH: usize = 1000;

/// The vocabularies the converter reads; everything else is [`Ns::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML, transitional or strict.
    Word,
    /// Office Math (`m:t` holds the text of equations).
    Math,
    /// Markup Compatibility (`mc:AlternateContent`); handled by the walk.
    Compat,
    /// Dublin Core, for `docProps/core.xml`.
    DublinCore,
    /// Dublin Core terms (`dcterms:created`), for `docProps/core.xml`.
    DublinCoreTerms,
    /// Package relationships (`*.rels`).
    Relationships,
    Other,
}

fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::Word,
        "http://schemas.openxmlformats.org/officeDocument/2006/math"
        | "http://purl.oclc.org/ooxml/officeDocument/math" => Ns::Math,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Compat,
        "http://purl.org/dc/elements/1.1/" => Ns::DublinCore,
        "http://purl.org/dc/terms/" => Ns::DublinCoreTerms,
        "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Relationships,
        _ => Ns::Other,
    }
}

/// A start (or empty) tag as a visitor sees it.
pub struct Element<'a, 'b> {
    pub ns: Ns,
    pub local: &'a str,
    start: &'a BytesStart<'b>,
}

impl<'a, 'b> Element<'a, 'b> {
    /// The attribute whose local name is `local`, whatever its prefix
    /// (`w:val`, `ns0:val` and a bare `val` are all accepted), unescaped.
    pub fn attr(&self, local: &str) -> Option<Cow<'a, str>> {
        let start: &'a BytesStart<'b> = self.start;
        start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.local_name().as_ref() == local)
            .map(
                |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    Ok(value) => value,
                    Err(_) => a.value,
                },
            )
    }
}

/// What a visitor wants done with an element it was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Walk its content; `end` is called when it closes.
    Enter,
    /// Skip it and everything inside; `end` is not called.
    Skip,
}

/// Receives the events of a part, in document order.
pub trait Visitor {
    fn start(&mut self, element: &Element<'_, '_>) -> Flow;
    fn end(&mut self, ns: Ns, local: &str);
    fn text(&mut self, text: &str);
}

/// How much a part may decompress to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of XML at most.
    pub max_bytes: u64,
    /// The part's compressed size in the archive, for the ratio check.
    pub compressed: Option<u64>,
    /// The limit `max_bytes` comes from, for the message.
    pub rule: Rule,
}

/// A resource limit as messages name it: its value, what it counts and the
/// command-line flag that raises it.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub value: u64,
    pub scope: &'static str,
    pub flag: &'static str,
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the limit of {} bytes {} ({})",
            self.value, self.scope, self.flag
        )
    }
}

impl Limits {
    #[cfg(test)]
    pub fn bytes(max_bytes: u64) -> Limits {
        Limits {
            max_bytes,
            compressed: None,
            rule: Rule {
                value: max_bytes,
                scope: "of one part",
                flag: "--max-part-bytes",
            },
        }
    }
}

/// Past this many decompressed bytes a part must not have grown more than
/// [`MAX_RATIO`] times its compressed size; XML of real documents
/// compresses 5–50 times, zip bombs 150 (fixed Huffman codes) to 1000 times.
pub const RATIO_CHECK_FROM: u64 = 16_000_000;
pub const MAX_RATIO: u64 = 100;

/// What a walk read besides the events it showed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Walked {
    /// Bytes of XML read.
    pub bytes: u64,
    /// The part has a DTD that defines entities.
    pub defines_entities: bool,
    /// References in the text to entities other than the predefined and
    /// character ones: not expanded, so their text is missing.
    pub unexpanded: u64,
    /// The first of them, as written (`&lol9;`).
    pub first_unexpanded: Option<String>,
}

impl Walked {
    /// Whether the part held anything a reader should be told of.
    pub fn has_entities(&self) -> bool {
        self.defines_entities || self.unexpanded > 0
    }
}

/// Walks the XML read from `input` within `limits`, showing each event to
/// `visitor`. `part` names the part in error messages.
pub fn walk<R: Read>(
    part: &str,
    input: R,
    limits: Limits,
    visitor: &mut impl Visitor,
) -> Result<Walked, Error> {
    let capped = Capped {
        inner: input,
        remaining: limits.max_bytes,
        produced: 0,
        compressed: limits.compressed,
        exceeded: None,
    };
    let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, capped));
    let mut scopes = Scopes::default();
    let mut buf = Vec::with_capacity(1024);
    // One entry per open element: whether the visitor saw its start (so
    // sees its end), or the walk handled it itself.
    let mut open: Vec<Open> = Vec::new();
    // Per open `mc:AlternateContent`: whether a branch was already taken.
    let mut alternates: Vec<bool> = Vec::new();
    let mut skip_depth = 0usize;
    let mut walked = Walked::default();

    loop {
        buf.clear();
        // Only start tags need their namespace: ends are matched to the
        // start they close, and text has none.
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(error) => return Err(xml_error(part, &reader, error, limits)),
        };
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                if skip_depth > 0 {
                    skip_depth += usize::from(!empty);
                    continue;
                }
                if open.len() >= MAX_DEPTH {
                    return Err(malformed(format!(
                        "{part}: elements nested deeper than {MAX_DEPTH} levels"
                    )));
                }
                let depth = open.len();
                scopes.declare(start, depth);
                let (ns, local) = scopes.resolve(start.name().into_inner());
                let handled = if ns == Ns::Compat {
                    compat_start(local, &mut alternates)
                } else {
                    let element = Element { ns, local, start };
                    match visitor.start(&element) {
                        Flow::Enter => Some(Open::Visitor(ns)),
                        Flow::Skip => None,
                    }
                };
                match handled {
                    Some(kind) if empty => {
                        close(kind, local, visitor, &mut alternates);
                        scopes.leave(depth);
                    }
                    Some(kind) => open.push(kind),
                    None => {
                        skip_depth = usize::from(!empty);
                        scopes.leave(depth);
                    }
                }
            }
            Event::End(ref end) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                if let Some(kind) = open.pop() {
                    let local_name = end.local_name();
                    close(kind, local_name.as_ref(), visitor, &mut alternates);
                    scopes.leave(open.len());
                }
            }
            Event::Text(ref text) if skip_depth == 0 => visitor.text(&text.xml10_content()),
            Event::CData(ref text) if skip_depth == 0 => visitor.text(&text.xml10_content()),
            Event::GeneralRef(ref reference) if skip_depth == 0 => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    visitor.text(c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(reference) {
                    visitor.text(s);
                } else {
                    // Any other entity would need a DTD, which OOXML
                    // forbids: it is dropped rather than expanded.
                    walked.unexpanded += 1;
                    if walked.first_unexpanded.is_none() {
                        let name: &str = reference.as_ref();
                        walked.first_unexpanded = Some(format!("&{name};"));
                    }
                }
            }
            Event::DocType(ref doctype) => {
                let doctype: &str = doctype.as_ref();
                walked.defines_entities |= doctype.contains("<!ENTITY");
            }
            Event::Eof => {
                if !open.is_empty() || skip_depth > 0 {
                    return Err(malformed(format!(
                        "{part}: the XML ends before its elements are closed (truncated part)"
                    )));
                }
                walked.bytes = reader.get_ref().get_ref().produced;
                return Ok(walked);
            }
            _ => {}
        }
    }
}

/// The namespace prefixes in scope. Declarations sit almost always on a
/// part's root, so a start tag's attributes are only looked at when they
/// mention `xmlns`.
#[derive(Default)]
struct Scopes {
    /// (prefix, `""` for the default namespace; vocabulary; depth of the
    /// declaring element), innermost last.
    bindings: Vec<(Box<str>, Ns, usize)>,
}

impl Scopes {
    fn declare(&mut self, start: &BytesStart<'_>, depth: usize) {
        if !start.attributes_raw().contains("xmlns") {
            return;
        }
        for attribute in start.attributes().with_checks(false).flatten() {
            let key = attribute.key.into_inner();
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => "",
                Some(rest) => match rest.strip_prefix(':') {
                    Some(prefix) => prefix,
                    None => continue,
                },
                None => continue,
            };
            let ns = ns_of(attribute.value.trim());
            self.bindings.push((prefix.into(), ns, depth));
        }
    }

    /// The vocabulary and local name of a qualified element name.
    fn resolve<'n>(&self, qname: &'n str) -> (Ns, &'n str) {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        let ns = self
            .bindings
            .iter()
            .rev()
            .find(|(p, _, _)| **p == *prefix)
            .map_or(Ns::Other, |(_, ns, _)| *ns);
        (ns, local)
    }

    /// Drops the declarations of an element at `depth` that closed.
    fn leave(&mut self, depth: usize) {
        while self.bindings.last().is_some_and(|(_, _, d)| *d >= depth) {
            self.bindings.pop();
        }
    }
}

/// An element the walk has entered.
#[derive(Debug, Clone, Copy)]
enum Open {
    /// The visitor saw its start; its namespace.
    Visitor(Ns),
    /// `mc:AlternateContent`, `mc:Choice` or `mc:Fallback`, handled here.
    Compat { alternate: bool },
}

/// Decides on a Markup Compatibility element: `None` skips it.
fn compat_start(local: &str, alternates: &mut Vec<bool>) -> Option<Open> {
    match local {
        "AlternateContent" => {
            alternates.push(false);
            Some(Open::Compat { alternate: true })
        }
        "Choice" | "Fallback" => match alternates.last_mut() {
            Some(taken) if !*taken => {
                *taken = true;
                Some(Open::Compat { alternate: false })
            }
            Some(_) => None,
            // A branch outside any AlternateContent: read it as content.
            None => Some(Open::Compat { alternate: false }),
        },
        _ => None,
    }
}

fn close(kind: Open, local: &str, visitor: &mut impl Visitor, alternates: &mut Vec<bool>) {
    match kind {
        Open::Visitor(ns) => visitor.end(ns, local),
        Open::Compat { alternate: true } => {
            alternates.pop();
        }
        Open::Compat { alternate: false } => {}
    }
}

fn xml_error<R: Read>(
    part: &str,
    reader: &Reader<BufReader<Capped<R>>>,
    error: quick_xml::Error,
    limits: Limits,
) -> Error {
    match reader.get_ref().get_ref().exceeded {
        Some(Exceeded::Size) => {
            return malformed(format!(
                "{part} decompresses to more than {} bytes, over {}; refused",
                limits.max_bytes, limits.rule
            ));
        }
        Some(Exceeded::Ratio) => {
            return malformed(format!(
                "{part} decompresses more than {MAX_RATIO} times its compressed size, far beyond real documents; refused as a possible zip bomb"
            ));
        }
        None => {}
    }
    match error {
        quick_xml::Error::Io(io) => malformed(format!("{part}: cannot decompress: {io}")),
        other => malformed(format!(
            "{part}: malformed XML at byte {}: {other}",
            reader.error_position()
        )),
    }
}

pub fn malformed(reason: String) -> Error {
    Error::Malformed {
        format: "docx".to_string(),
        reason,
    }
}

/// A reader that fails once more than `remaining` bytes come through, or
/// once the output outgrows the compressed input by [`MAX_RATIO`], so a
/// part whose declared size lies cannot decompress without bound.
struct Capped<R> {
    inner: R,
    remaining: u64,
    produced: u64,
    compressed: Option<u64>,
    exceeded: Option<Exceeded>,
}

#[derive(Debug, Clone, Copy)]
enum Exceeded {
    Size,
    Ratio,
}

impl<R: Read> Capped<R> {
    fn fail(&mut self, why: Exceeded) -> std::io::Error {
        self.exceeded = Some(why);
        std::io::Error::other("decompressed size over the limit")
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.remaining == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(self.fail(Exceeded::Size)),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.remaining -= n as u64;
        self.produced += n as u64;
        if let Some(compressed) = self.compressed
            && self.produced > RATIO_CHECK_FROM
            && self.produced / compressed.max(1) > MAX_RATIO
        {
            return Err(self.fail(Exceeded::Ratio));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records events as compact strings.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Visitor for Log {
        fn start(&mut self, element: &Element<'_, '_>) -> Flow {
            if element.local == "skip" {
                return Flow::Skip;
            }
            let val = element
                .attr("val")
                .map(|v| format!("={v}"))
                .unwrap_or_default();
            self.0
                .push(format!("<{:?}:{}{val}", element.ns, element.local));
            Flow::Enter
        }
        fn end(&mut self, _ns: Ns, local: &str) {
            self.0.push(format!("/{local}"));
        }
        fn text(&mut self, text: &str) {
            self.0.push(text.to_string());
        }
    }

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    fn log(xml: &str) -> Result<Vec<String>, Error> {
        let mut log = Log::default();
        walk("part.xml", xml.as_bytes(), Limits::bytes(1 << 20), &mut log)?;
        Ok(log.0)
    }

    #[test]
    fn entities_of_a_dtd_are_reported_not_expanded() {
        let lol = r#"<!DOCTYPE d [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>"#;
        let xml = format!(r#"{lol}<a xmlns="{W}"><t>&lol2; and &lol2;</t><t>&amp;</t></a>"#);
        let mut log = Log::default();
        let walked = walk("d.xml", xml.as_bytes(), Limits::bytes(1 << 20), &mut log).unwrap();
        assert_eq!(
            log.0,
            [
                "<Word:a", "<Word:t", " and ", "/t", "<Word:t", "&", "/t", "/a"
            ]
        );
        assert!(walked.defines_entities);
        assert_eq!(walked.unexpanded, 2);
        assert_eq!(walked.first_unexpanded.as_deref(), Some("&lol2;"));
        assert!(walked.has_entities());
        let plain = walk("p.xml", &b"<a>&amp;</a>"[..], Limits::bytes(100), &mut log).unwrap();
        assert!(!plain.has_entities());
    }

    #[test]
    fn prefixes_resolve_and_entities_become_text() {
        let xml = format!(
            r#"<x:a xmlns:x="{W}"><x:t x:val="a&amp;b">1&lt;2&#x4E00;&#20108;</x:t><o/></x:a>"#
        );
        assert_eq!(
            log(&xml).unwrap(),
            [
                "<Word:a",
                "<Word:t=a&b",
                "1",
                "<",
                "2",
                "一",
                "二",
                "/t",
                "<Other:o",
                "/o",
                "/a"
            ]
        );
    }

    #[test]
    fn only_the_first_branch_of_alternate_content_is_read() {
        let xml = format!(
            r#"<w:a xmlns:w="{W}" xmlns:mc="{MC}"><mc:AlternateContent><mc:Choice Requires="wps"><w:t>one</w:t></mc:Choice><mc:Fallback><w:t>two</w:t></mc:Fallback></mc:AlternateContent></w:a>"#
        );
        assert_eq!(
            log(&xml).unwrap(),
            ["<Word:a", "<Word:t", "one", "/t", "/a"]
        );
    }

    #[test]
    fn skipped_subtrees_are_not_shown() {
        let xml =
            format!(r#"<w:a xmlns:w="{W}"><w:skip><w:t>gone</w:t><w:skip/></w:skip>kept</w:a>"#);
        assert_eq!(log(&xml).unwrap(), ["<Word:a", "kept", "/a"]);
    }

    #[test]
    fn broken_xml_is_a_clear_error() {
        let message = log("<a><b></a>").unwrap_err().to_string();
        assert!(
            message.contains("part.xml: malformed XML at byte"),
            "{message}"
        );
        let message = log("<a><b>text").unwrap_err().to_string();
        assert!(message.contains("truncated"), "{message}");
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let message = log(&deep).unwrap_err().to_string();
        assert!(message.contains("nested deeper"), "{message}");
    }

    #[test]
    fn the_size_cap_holds_while_streaming() {
        let xml = format!("<a>{}</a>", "x".repeat(10_000));
        let mut log = Log::default();
        let message = walk("big.xml", xml.as_bytes(), Limits::bytes(1000), &mut log)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("over the limit of 1000 bytes of one part (--max-part-bytes)"),
            "{message}"
        );
        let spaces = format!("<a>{}</a>", " ".repeat(RATIO_CHECK_FROM as usize + 10));
        let limits = Limits {
            compressed: Some(1000),
            ..Limits::bytes(u64::MAX)
        };
        let message = walk("bomb.xml", spaces.as_bytes(), limits, &mut log)
            .unwrap_err()
            .to_string();
        assert!(message.contains("times its compressed size"), "{message}");
    }
}
