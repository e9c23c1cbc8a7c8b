//! Loading a PDF with lopdf under a decompression cap: refusing the files
//! lopdf cannot read safely, decrypting those with an empty user password,
//! telling an encrypted file from a damaged one, and mending a page tree
//! that refers back to itself.

use super::malformed;
use crate::error::Error;
use crate::model::{Diagnostic, Severity};
use lopdf::xref::{XrefEntry, XrefRecovery};
use lopdf::{Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

/// How large one stream lopdf inflates while loading (object and
/// cross-reference streams) may grow. Real ones hold a few megabytes.
const MAX_DECOMPRESSED: usize = 64 << 20;

/// Streams whose `/Length` leads on to another stream (see
/// [`length_chain_links`]) tolerated before refusing the file.
const MAX_LENGTH_LINKS: usize = 32;

/// A loaded document and what loading it noticed.
pub struct Loaded {
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn load(bytes: &[u8]) -> Result<Loaded, Error> {
    let marks = Marks::scan(bytes);
    let links = if marks.indirect_lengths {
        length_chain_links(bytes)
    } else {
        0
    };
    if links > MAX_LENGTH_LINKS {
        // lopdf resolves an indirect /Length by recursion, one level per
        // link: a long chain overflows the stack, an abort no catch_unwind
        // can stop.
        return Err(malformed(format!(
            "{links} streams take their /Length from another stream: a chain no PDF \
             needs, refused before parsing because following it would exhaust the stack"
        )));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_DECOMPRESSED),
        ..Default::default()
    };
    let declares_encryption = marks.encryption;
    let mut doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) if is_encryption_error(&e) => {
            return Err(malformed(format!(
                "encrypted PDF: cannot decrypt it: {}",
                describe(&e)
            )));
        }
        Err(e) => {
            let also = if declares_encryption {
                " (the file is also encrypted)"
            } else {
                ""
            };
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            let cut = if find_all(tail, b"%%EOF").next().is_none() {
                "the file looks cut short (no %%EOF at its end): "
            } else {
                ""
            };
            let catalog = if find_all(bytes, b"/Catalog").next().is_none() {
                "; the file has no /Catalog object, where a PDF starts"
            } else {
                ""
            };
            return Err(malformed(format!(
                "{cut}cannot load: {}{catalog}{also}",
                describe(&e)
            )));
        }
    };
    // lopdf tries the empty user password itself; a document still
    // encrypted after loading needs a real one.
    if doc.is_encrypted() {
        return Err(password_required(&doc));
    }
    let mut diagnostics = Vec::new();
    if doc.was_encrypted() {
        diagnostics.push(Diagnostic::new(
            Severity::Info,
            "encrypted_no_password",
            "the PDF is encrypted with an empty user password; decrypted and read",
        ));
    } else if declares_encryption {
        // The file is encrypted, but the trailer naming the encryption
        // dictionary was lost or damaged: strings and streams are still
        // ciphertext, and reading them would give garbage.
        return Err(malformed(
            "encrypted PDF whose trailer or encryption dictionary is damaged: it cannot \
             be decrypted"
                .into(),
        ));
    }
    if let Some(recovery) = doc.xref_recovery {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "xref_repaired",
            match recovery {
                XrefRecovery::OffsetCorrected => {
                    "the cross-reference data was not where the file said; a section found nearby was used"
                }
                _ => {
                    "the cross-reference table is missing or wrong; objects were found by scanning the file, and some may be missing or out of date"
                }
            },
        ));
    }
    diagnostics.extend(unreadable_objects(&doc, &marks.encryption_dictionaries));
    if !doc.was_encrypted() {
        // Raw bytes of an encrypted file would be ciphertext.
        diagnostics.extend(recover_stream_data(&mut doc, bytes));
    }
    diagnostics.extend(mend_page_tree(&mut doc));
    Ok(Loaded { doc, diagnostics })
}

/// The error for an encrypted file that cannot be read without a password.
fn encrypted_error() -> Error {
    malformed(
        "encrypted PDF: a password is required to open it, and docmend reads only files \
         encrypted with an empty user password; decrypt it first (for example \
         `qpdf --password=PASSWORD --decrypt in.pdf out.pdf`)"
            .into(),
    )
}

/// [`encrypted_error`], or what is known of a security handler other than
/// the standard password one (certificates, a vendor's DRM).
fn password_required(doc: &Document) -> Error {
    let handler = doc
        .get_encrypted()
        .ok()
        .and_then(|d| d.get(b"Filter").ok())
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned());
    match handler {
        Some(h) if h != "Standard" => malformed(format!(
            "encrypted PDF: its security handler /{h} is not the standard password \
             handler and is not supported; decrypt it first"
        )),
        _ => encrypted_error(),
    }
}

fn is_encryption_error(e: &lopdf::Error) -> bool {
    matches!(
        e,
        lopdf::Error::Decryption(_)
            | lopdf::Error::InvalidPassword
            | lopdf::Error::UnsupportedSecurityHandler(_)
    )
}

/// lopdf's message with its causes ("couldn't decompress stream" alone
/// does not say the limit was hit).
fn describe(e: &lopdf::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    // A cause chain is short; the bound only guards against a cycle.
    for _ in 0..8 {
        let Some(cause) = source else { break };
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What one pass over the raw bytes finds before lopdf runs.
struct Marks {
    /// An `/Encrypt` key with a value (a reference or a dictionary), not
    /// just the word in some text, or a standard security handler's
    /// dictionary (the trailer naming it may be lost).
    encryption: bool,
    /// The objects an `/Encrypt N G R` names: lopdf drops the encryption
    /// dictionary once it has decrypted the file.
    encryption_dictionaries: Vec<u32>,
    /// Some `/Length N G R`: only then can lengths chain.
    indirect_lengths: bool,
}

impl Marks {
    fn scan(bytes: &[u8]) -> Marks {
        let mut marks = Marks {
            encryption: false,
            encryption_dictionaries: Vec::new(),
            indirect_lengths: false,
        };
        // Every key starts with a slash: one search finds them all.
        for at in find_all(bytes, b"/") {
            let key = &bytes[at..];
            if key.starts_with(b"/Encrypt") {
                let rest = &key[b"/Encrypt".len()..];
                let value = rest
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .map(|i| &rest[i..]);
                if matches!(value, Some([b'0'..=b'9', ..]) | Some([b'<', b'<', ..])) {
                    marks.encryption = true;
                }
                marks
                    .encryption_dictionaries
                    .extend(key_reference(key, b"/Encrypt"));
            } else if key.starts_with(b"/Standard")
                && bytes[..at].trim_ascii_end().ends_with(b"/Filter")
            {
                marks.encryption = true;
            } else if !marks.indirect_lengths && indirect_length(key).is_some() {
                marks.indirect_lengths = true;
            }
        }
        marks
    }
}

/// Start offsets of `needle` in `hay`: candidates by their first byte,
/// found eight bytes at a time.
fn find_all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let (&first, rest) = needle.split_first()?;
        loop {
            let at = from + find_byte(hay.get(from..)?, first)?;
            from = at + 1;
            let tail = hay.get(at + 1..)?;
            if tail.starts_with(rest) {
                return Some(at);
            }
        }
    })
}

/// The first `byte` in `hay`, testing eight bytes per step (a zero byte
/// of `word ^ pattern` marks a match).
fn find_byte(hay: &[u8], byte: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(byte);
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        if x.wrapping_sub(LO) & !x & HI != 0 {
            return chunk.iter().position(|&b| b == byte).map(|i| base + i);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == byte)
        .map(|i| base + i)
}

/// What a scan of the raw bytes sees of one top-level object.
struct RawObject {
    number: u32,
    /// The body is a bare integer (a `/Length` value).
    integer: bool,
    stream: bool,
    object_stream: bool,
    /// The object number an indirect `/Length` refers to.
    length_ref: Option<u32>,
}

/// Counts the streams through which lopdf's recursive `/Length` resolution
/// would go on: a stream whose `/Length` is another stream, and an object
/// stream whose `/Length` is not a top-level integer (it may sit in the
/// next object stream, whose `/Length` is read first, and so on). A valid
/// file has none of either. Read from the raw bytes, before lopdf runs.
fn length_chain_links(bytes: &[u8]) -> usize {
    let objects = raw_objects(bytes);
    let integers: HashSet<u32> = objects
        .iter()
        .filter(|o| o.integer)
        .map(|o| o.number)
        .collect();
    let streams: HashSet<u32> = objects
        .iter()
        .filter(|o| o.stream)
        .map(|o| o.number)
        .collect();
    objects
        .iter()
        .filter(|o| o.stream)
        .filter(|o| match o.length_ref {
            Some(target) if streams.contains(&target) => true,
            Some(target) => o.object_stream && !integers.contains(&target),
            None => false,
        })
        .count()
}

/// The top-level objects (`N G obj … endobj`) the raw bytes show.
fn raw_objects(bytes: &[u8]) -> Vec<RawObject> {
    let headers: Vec<(u32, usize)> = find_all(bytes, b"obj")
        .filter_map(|at| object_header(bytes, at))
        .collect();
    let mut objects = Vec::with_capacity(headers.len());
    for (i, &(number, start)) in headers.iter().enumerate() {
        let end = headers.get(i + 1).map_or(bytes.len(), |h| h.1);
        let body = &bytes[start..end.max(start)];
        let endobj = find_all(body, b"endobj").next().unwrap_or(body.len());
        let stream = find_all(body, b"stream")
            .find(|&at| at < 3 || &body[at - 3..at] != b"end")
            .filter(|&at| at < endobj);
        let head = &body[..stream.unwrap_or(endobj)];
        let trimmed = head.trim_ascii();
        objects.push(RawObject {
            number,
            integer: !trimmed.is_empty()
                && trimmed
                    .iter()
                    .enumerate()
                    .all(|(k, b)| b.is_ascii_digit() || (k == 0 && matches!(b, b'+' | b'-'))),
            stream: stream.is_some(),
            object_stream: find_all(head, b"/ObjStm").next().is_some(),
            length_ref: find_all(head, b"/Length").find_map(|at| indirect_length(&head[at..])),
        });
    }
    objects
}

/// `N G obj` whose keyword starts at `at`: the object number and where
/// its body starts.
fn object_header(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let after = at + b"obj".len();
    if bytes.get(after).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let before = &bytes[..at];
    let digits_before = |end: usize| {
        let start = before[..end]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |i| i + 1);
        (start < end).then_some(start)
    };
    let gen_end = before.iter().rposition(|b| !b.is_ascii_whitespace())? + 1;
    if gen_end == before.len() && at > 0 {
        return None; // "obj" glued to what precedes it: "endobj", a name
    }
    let gen_start = digits_before(gen_end)?;
    let num_end = before[..gen_start]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())?
        + 1;
    if num_end == gen_start {
        return None;
    }
    let num_start = digits_before(num_end)?;
    let number = std::str::from_utf8(&before[num_start..num_end])
        .ok()?
        .parse()
        .ok()?;
    Some((number, after))
}

/// `/Length N G R` at the start of `s`: N.
fn indirect_length(s: &[u8]) -> Option<u32> {
    key_reference(s, b"/Length")
}

/// `KEY N G R` at the start of `s` (and not a longer key such as
/// `/Length1` of a font file): N.
fn key_reference(s: &[u8], key: &[u8]) -> Option<u32> {
    let rest = s.strip_prefix(key)?;
    if rest.first().is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    // Three short words; a bounded look keeps the scan linear.
    let rest = &rest[..rest.len().min(48)];
    let mut words = rest
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty());
    let number = words.next()?;
    let generation = words.next()?;
    let r = words.next()?;
    let is_int = |w: &[u8]| !w.is_empty() && w.len() <= 10 && w.iter().all(u8::is_ascii_digit);
    if !is_int(number) || !is_int(generation) || !r.starts_with(b"R") {
        return None;
    }
    std::str::from_utf8(number).ok()?.parse().ok()
}

/// Objects the cross-reference data lists that lopdf could not read.
/// An entry at offset 0 points at the file header, not at an object: some
/// writers list unused numbers that way; it loses nothing.
fn unreadable_objects(doc: &Document, skip: &[u32]) -> Option<Diagnostic> {
    let mut missing: Vec<ObjectId> = Vec::new();
    let mut count = 0usize;
    for (&number, entry) in &doc.reference_table.entries {
        if skip.contains(&number) {
            continue;
        }
        let id = match *entry {
            XrefEntry::Normal { offset: 0, .. } => continue,
            XrefEntry::Normal { generation, .. } => (number, generation),
            XrefEntry::Compressed { .. } => (number, 0),
            _ => continue,
        };
        if !doc.objects.contains_key(&id) {
            count += 1;
            if missing.len() < 5 {
                missing.push(id);
            }
        }
    }
    (count > 0).then(|| {
        let shown: Vec<String> = missing.iter().map(|(n, g)| format!("{n} {g}")).collect();
        Diagnostic::new(
            Severity::Warning,
            "objects_unreadable",
            format!(
                "{count} objects the file lists could not be read ({}{}); what they held is missing",
                shown.join(", "),
                if count > shown.len() { ", …" } else { "" }
            ),
        )
    })
}

/// Reads, up to `endstream`, the data of the streams lopdf left empty
/// because their `/Length` was missing or unusable (negative, or a
/// reference to something other than a number, such as the stream itself).
fn recover_stream_data(doc: &mut Document, bytes: &[u8]) -> Option<Diagnostic> {
    let unusable = |dict: &lopdf::Dictionary| match dict.get(b"Length") {
        Ok(Object::Integer(n)) => *n < 0,
        Ok(Object::Real(r)) => *r < 0.0,
        Ok(Object::Reference(id)) => !matches!(
            doc.objects.get(id),
            Some(Object::Integer(_) | Object::Real(_))
        ),
        _ => true,
    };
    let empty: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if s.content.is_empty() && unusable(&s.dict) => Some(*id),
            _ => None,
        })
        .collect();
    if empty.is_empty() {
        return None;
    }
    // lopdf counts offsets from the header, wherever it starts.
    let base = find_all(bytes, b"%PDF-").next().unwrap_or(0);
    let mut recovered = 0usize;
    for id in &empty {
        let Some(&XrefEntry::Normal { offset, .. }) = doc.reference_table.get(id.0) else {
            continue;
        };
        let data = bytes
            .get(base + offset as usize..)
            .and_then(raw_stream_data)
            .map(<[u8]>::to_vec);
        if let (Some(data), Ok(Object::Stream(s))) = (data, doc.get_object_mut(*id)) {
            s.set_content(data);
            recovered += 1;
        }
    }
    Some(Diagnostic::new(
        Severity::Warning,
        "stream_length_repaired",
        format!(
            "{} streams have no usable /Length; {recovered} were read up to their `endstream`",
            empty.len()
        ),
    ))
}

/// The data of the stream whose object starts `object`: from after the
/// `stream` keyword and its end of line to the end of line before the
/// first `endstream`.
fn raw_stream_data(object: &[u8]) -> Option<&[u8]> {
    let keyword =
        find_all(object, b"stream").find(|&at| at < 3 || &object[at - 3..at] != b"end")?;
    let mut start = keyword + b"stream".len();
    if object.get(start) == Some(&b'\r') {
        start += 1;
    }
    if object.get(start) == Some(&b'\n') {
        start += 1;
    }
    let rest = object.get(start..)?;
    let mut end = find_all(rest, b"endstream").next()?;
    for eol in [b'\n', b'\r'] {
        if end > 0 && rest[end - 1] == eol {
            end -= 1;
        }
    }
    Some(&rest[..end])
}

/// Removes the references that make the page tree a cycle: a `/Kids`
/// entry naming a node already met on the way down (lopdf's page iterator
/// would circle in it until its step budget ran out and list no page
/// after it), and a `/Parent` that leads back to a node already met on the
/// way up (lopdf then refuses the page's inherited resources). A page
/// listed twice is left alone: it is shown twice, as viewers do.
fn mend_page_tree(doc: &mut Document) -> Option<Diagnostic> {
    let root = doc
        .catalog()
        .ok()?
        .get(b"Pages")
        .ok()?
        .as_reference()
        .ok()?;
    let mut dropped_kids = 0usize;
    let mut seen: HashSet<ObjectId> = HashSet::from([root]);
    let mut pages: Vec<ObjectId> = Vec::new();
    let mut todo = vec![root];
    let mut fixed_kids: HashMap<ObjectId, Vec<Object>> = HashMap::new();
    while let Some(node) = todo.pop() {
        let Ok(dict) = doc.get_dictionary(node) else {
            continue;
        };
        let Ok(kids) = dict.get_deref(b"Kids", doc).and_then(Object::as_array) else {
            continue;
        };
        let mut keep = Vec::with_capacity(kids.len());
        let mut changed = false;
        for kid in kids {
            let Ok(id) = kid.as_reference() else {
                keep.push(kid.clone());
                continue;
            };
            let is_node = doc
                .get_dictionary(id)
                .is_ok_and(|d| d.get(b"Kids").is_ok() || d.has_type(b"Pages"));
            if is_node {
                if !seen.insert(id) {
                    dropped_kids += 1;
                    changed = true;
                    continue;
                }
                todo.push(id);
            } else {
                pages.push(id);
            }
            keep.push(kid.clone());
        }
        if changed {
            fixed_kids.insert(node, keep);
        }
    }
    for (node, kids) in fixed_kids {
        if let Ok(dict) = doc.get_dictionary_mut(node) {
            dict.set("Kids", Object::Array(kids));
        }
    }
    let mut dropped_parents = 0usize;
    let mut checked: HashSet<ObjectId> = HashSet::new();
    for page in pages {
        let mut path: HashSet<ObjectId> = HashSet::new();
        let mut at = page;
        while checked.insert(at) {
            path.insert(at);
            let Some(parent) = doc
                .get_dictionary(at)
                .ok()
                .and_then(|d| d.get(b"Parent").ok())
                .and_then(|o| o.as_reference().ok())
            else {
                break;
            };
            if path.contains(&parent) {
                if let Ok(dict) = doc.get_dictionary_mut(at) {
                    dict.remove(b"Parent");
                }
                dropped_parents += 1;
                break;
            }
            at = parent;
        }
    }
    (dropped_kids + dropped_parents > 0).then(|| {
        Diagnostic::new(
            Severity::Warning,
            "page_tree_repaired",
            format!(
                "the page tree refers back to itself: {dropped_kids} /Kids and \
                 {dropped_parents} /Parent references that close a cycle were ignored"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indirect_lengths_are_read_and_font_lengths_skipped() {
        assert_eq!(indirect_length(b"/Length 12 0 R >>"), Some(12));
        assert_eq!(indirect_length(b"/Length\n7\n0\nR"), Some(7));
        assert_eq!(indirect_length(b"/Length 12 >>"), None);
        assert_eq!(indirect_length(b"/Length1 12 0 R"), None);
    }

    #[test]
    fn objects_are_found_in_raw_bytes() {
        let bytes = b"%PDF-1.7\n1 0 obj\n42\nendobj\n2 0 obj\n<< /Length 1 0 R >>\nstream\nabc\nendstream\nendobj\n\
                      3 0 obj << /Type /ObjStm /Length 9 0 R >> stream\nx\nendstream endobj";
        let objects = raw_objects(bytes);
        let summary: Vec<_> = objects
            .iter()
            .map(|o| (o.number, o.integer, o.stream, o.object_stream, o.length_ref))
            .collect();
        assert_eq!(
            summary,
            [
                (1, true, false, false, None),
                (2, false, true, false, Some(1)),
                (3, false, true, true, Some(9)),
            ]
        );
        // 2 takes its length from an integer; 3 is an object stream whose
        // length is not a top-level integer.
        assert_eq!(length_chain_links(bytes), 1);
    }

    #[test]
    fn encryption_is_declared_by_a_key_with_a_value() {
        let declares = |b: &[u8]| Marks::scan(b).encryption;
        assert!(declares(b"trailer << /Encrypt 9 0 R >>"));
        assert_eq!(
            Marks::scan(b"trailer << /Encrypt 9 0 R >>").encryption_dictionaries,
            [9]
        );
        assert!(declares(b"<< /Filter /Standard /V 4 >>"));
        assert!(declares(b"<< /Encrypt << /Filter /Standard >> >>"));
        assert!(!declares(b"BT (/Encrypt) Tj ET"));
    }
}
