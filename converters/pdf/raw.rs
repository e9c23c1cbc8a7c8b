//! What the raw bytes of a PDF show before lopdf parses them: whether
//! the file declares encryption, how its streams take their lengths from
//! one another (chains lopdf would follow by recursion), and a stream's
//! data up to `endstream` when its length cannot be trusted.

use std::collections::HashSet;

/// What one pass over the raw bytes finds before lopdf runs.
pub struct Marks {
    /// An `/Encrypt` key with a value (a reference or a dictionary), not
    /// just the word in some text, or a standard security handler's
    /// dictionary (the trailer naming it may be lost).
    pub encryption: bool,
    /// The objects an `/Encrypt N G R` names: lopdf drops the encryption
    /// dictionary once it has decrypted the file.
    pub encryption_dictionaries: Vec<u32>,
    /// Some `/Length N G R`: only then can lengths chain.
    pub indirect_lengths: bool,
}

impl Marks {
    pub fn scan(bytes: &[u8]) -> Marks {
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
pub fn find_all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
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
pub fn length_chain_links(bytes: &[u8]) -> usize {
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

/// The data of the stream whose object starts `object`: from after the
/// `stream` keyword and its end of line to the end of line before the
/// first `endstream`.
pub fn raw_stream_data(object: &[u8]) -> Option<&[u8]> {
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
