//! The DOCX package: the ZIP archive, its relationships, and bounded
//! access to its parts.
//!
//! Parts are looked up the way Office does, case-insensitively and with
//! either slash; the main document is found through `_rels/.rels` (so a
//! package whose document is `word/document2.xml` still reads), falling
//! back to `word/document.xml`. Every part is streamed through
//! [`super::xml::walk`] with a cap on its decompressed size, and refused
//! up front when its declared size or compression ratio marks a zip bomb.

use super::xml::{self, Element, Flow, Limits, MAX_RATIO, Ns, RATIO_CHECK_FROM, Rule, Visitor};
use docmend_core::converter::Limits as CoreLimits;
use docmend_core::error::Error;
use std::collections::HashMap;
use std::io::Cursor;
use zip::ZipArchive;
use zip::result::ZipError;

/// How much one part may decompress to: the main document, which holds the
/// whole text, only within what the package may still unpack in all
/// (`Limits::max_unpacked_bytes`); every other part (styles, numbering,
/// notes, relationships, metadata) within `Limits::max_part_bytes` too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Main,
    Other,
}

pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Normalised lower-case part name → archive index.
    index: HashMap<String, usize>,
    /// Part names as normalised, in archive order.
    names: Vec<String>,
    /// The resource limits of this conversion.
    limits: CoreLimits,
    /// The bytes the parts read so far have unpacked to.
    unpacked: u64,
    /// The parts read so far that define or use entities of a DTD, and
    /// what their walk found.
    entities: Vec<(String, xml::Walked)>,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], limits: CoreLimits) -> Result<Package<'a>, Error> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            xml::malformed(format!(
                "not a readable ZIP archive (truncated or corrupt): {}",
                zip_reason(&e)
            ))
        })?;
        let mut index = HashMap::with_capacity(archive.len());
        let mut names = Vec::with_capacity(archive.len());
        for (i, raw) in archive.file_names_raw().enumerate() {
            let name = normalise(&String::from_utf8_lossy(raw));
            index.entry(name.to_lowercase()).or_insert(i);
            names.push(name);
        }
        Ok(Package {
            archive,
            index,
            names,
            limits,
            unpacked: 0,
            entities: Vec::new(),
        })
    }

    /// Part names, normalised (`/` separators, no leading slash).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(&normalise(name).to_lowercase())
    }

    /// The main document part, from the package relationships or at its
    /// usual place.
    pub fn main_document(&mut self) -> Result<String, Error> {
        if self.has("_rels/.rels") {
            // Unreadable package relationships are not fatal: the usual
            // place is tried next.
            if let Ok(rels) = self.relationships("", "_rels/.rels")
                && let Some(target) = rels.first_of("officeDocument")
                && self.has(target)
            {
                return Ok(target.to_string());
            }
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".to_string());
        }
        let mut reason = "not a Word document: no word/document.xml".to_string();
        if self.has("xl/workbook.xml") {
            reason.push_str(" (the archive is an XLSX workbook)");
        } else if self.has("ppt/presentation.xml") {
            reason.push_str(" (the archive is a PowerPoint presentation)");
        } else if self.has("mimetype") {
            reason.push_str(" (the archive is an OpenDocument file)");
        }
        Err(xml::malformed(reason))
    }

    /// The relationships of `part` (read from `<dir>/_rels/<file>.rels`),
    /// or none when it has no relationships part.
    pub fn relationships_of(&mut self, part: &str) -> Result<Relationships, Error> {
        let (dir, file) = match part.rfind('/') {
            Some(slash) => (&part[..=slash], &part[slash + 1..]),
            None => ("", part),
        };
        let rels = format!("{dir}_rels/{file}.rels");
        if !self.has(&rels) {
            return Ok(Relationships::default());
        }
        self.relationships(dir, &rels)
    }

    fn relationships(&mut self, base: &str, rels: &str) -> Result<Relationships, Error> {
        let mut reader = RelsReader {
            base: base.to_string(),
            found: Relationships::default(),
        };
        self.walk(rels, PartKind::Other, &mut reader)?;
        Ok(reader.found)
    }

    /// Streams part `name` through `visitor`, refusing it when it would
    /// decompress to more than its kind of part may.
    pub fn walk(
        &mut self,
        name: &str,
        kind: PartKind,
        visitor: &mut impl Visitor,
    ) -> Result<(), Error> {
        let left = self.limits.max_unpacked_bytes.saturating_sub(self.unpacked);
        let (limit, rule) = match kind {
            PartKind::Other if self.limits.max_part_bytes < left => (
                self.limits.max_part_bytes,
                Rule {
                    value: self.limits.max_part_bytes,
                    scope: "of one part",
                    flag: "--max-part-bytes",
                },
            ),
            _ => (
                left,
                Rule {
                    value: self.limits.max_unpacked_bytes,
                    scope: "unpacked in all",
                    flag: "--max-unpacked-bytes",
                },
            ),
        };
        let Some(&i) = self.index.get(&normalise(name).to_lowercase()) else {
            return Err(xml::malformed(format!("part {name} is missing")));
        };
        let file = self
            .archive
            .by_index(i)
            .map_err(|e| xml::malformed(format!("cannot open part {name}: {}", zip_reason(&e))))?;
        let size = file.size();
        let packed = file.compressed_size().max(1);
        if size > limit {
            return Err(xml::malformed(format!(
                "{name} declares {size} bytes decompressed, more than the {limit} bytes it may \
                 unpack to under {rule}; refused as a possible zip bomb"
            )));
        }
        if size > RATIO_CHECK_FROM && size / packed > MAX_RATIO {
            return Err(xml::malformed(format!(
                "{name} compresses {}:1, far beyond real documents; refused as a possible zip bomb",
                size / packed
            )));
        }
        let limits = Limits {
            max_bytes: limit,
            compressed: Some(packed),
            rule,
        };
        let walked = xml::walk(name, file, limits, visitor)?;
        self.unpacked += walked.bytes;
        if walked.has_entities() {
            self.entities.push((name.to_string(), walked));
        }
        Ok(())
    }

    /// The parts read so far that define or use entities of a DTD, which
    /// were not expanded, and what their walk found.
    pub fn unexpanded_entities(&self) -> &[(String, xml::Walked)] {
        &self.entities
    }
}

/// The targets of a part's relationships, by relationship type.
#[derive(Debug, Default)]
pub struct Relationships {
    /// (type's last path segment, e.g. `styles`; resolved target part).
    entries: Vec<(String, String)>,
    /// Hyperlink relationships: id → target as written (a URL for an
    /// external target).
    links: HashMap<String, String>,
}

impl Relationships {
    /// The first target of a relationship type such as `styles`.
    pub fn first_of(&self, kind: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, target)| target.as_str())
    }

    /// The targets of hyperlink relationships, by relationship id.
    pub fn hyperlinks(&self) -> &HashMap<String, String> {
        &self.links
    }

    /// Every target of a relationship type, in the order listed.
    pub fn all_of<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.entries
            .iter()
            .filter(move |(k, _)| k == kind)
            .map(|(_, target)| target.as_str())
    }
}

struct RelsReader {
    base: String,
    found: Relationships,
}

impl Visitor for RelsReader {
    fn start(&mut self, element: &Element<'_, '_>) -> Flow {
        if element.ns == Ns::Relationships && element.local == "Relationship" {
            let external = element
                .attr("TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("external"));
            if let (Some(kind), Some(id), Some(target)) = (
                element.attr("Type"),
                element.attr("Id"),
                element.attr("Target"),
            ) && kind.ends_with("/hyperlink")
            {
                self.found
                    .links
                    .insert(id.trim().to_string(), target.trim().to_string());
            }
            if let (Some(kind), Some(target), false) =
                (element.attr("Type"), element.attr("Target"), external)
            {
                let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
                self.found
                    .entries
                    .push((kind, resolve(&self.base, &target)));
            }
        }
        Flow::Enter
    }
    fn end(&mut self, _ns: Ns, _local: &str) {}
    fn text(&mut self, _text: &str) {}
}

/// Resolves a relationship target against the directory of its source.
fn resolve(base: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{base}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn normalise(name: &str) -> String {
    name.replace('\\', "/").trim_start_matches('/').to_string()
}

fn zip_reason(error: &ZipError) -> String {
    match error {
        ZipError::UnsupportedArchive(m) if *m == ZipError::PASSWORD_REQUIRED => {
            "the part is encrypted (password protected)".to_string()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_source() {
        assert_eq!(resolve("word/", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word/", "/word/x.xml"), "word/x.xml");
        assert_eq!(
            resolve("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("", "word/document2.xml"), "word/document2.xml");
        assert_eq!(normalise("\\word\\document.xml"), "word/document.xml");
    }

    #[test]
    fn garbage_is_not_a_package() {
        let message = Package::open(b"PK\x03\x04 not really a zip", CoreLimits::default())
            .err()
            .unwrap()
            .to_string();
        assert!(message.contains("not a readable ZIP archive"), "{message}");
    }
}
