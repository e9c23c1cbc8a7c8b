//! The charset a page declares in its first bytes: `<meta charset=…>`,
//! `<meta http-equiv="Content-Type" content="text/html; charset=…">`, or an
//! XHTML page's `<?xml … encoding="…"?>`.
//!
//! A simplified form of the WHATWG "prescan a byte stream to determine its
//! encoding" algorithm: html5ever leaves decoding to its caller, so the
//! converter reads the label itself. The label is only a hint:
//! [`docmend_core::decode::decode_with_declared`] lets the bytes win when they
//! contradict it (a GBK page that says `utf-8` is read as GBK).

/// How far the prescan looks, as in browsers.
pub const PRESCAN_LEN: usize = 1024;

/// The label declared in the first [`PRESCAN_LEN`] bytes, if any. Comments
/// are skipped, so a commented-out `<meta>` does not count.
pub fn declared(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN_LEN)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut xml_label = None;
    let mut i = 0;
    while let Some(offset) = head[i..].iter().position(|&b| b == b'<') {
        i += offset;
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            match find(&rest[4..], b"-->") {
                Some(end) => i += 4 + end + 3,
                None => break,
            }
        } else if starts_with_ci(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            let (label, end) = meta_label(head, i + 5);
            if label.is_some() {
                return label;
            }
            i = end;
        } else if rest.starts_with(b"<?xml") {
            let end = find(rest, b"?>").map_or(head.len(), |e| i + e + 2);
            if xml_label.is_none() {
                xml_label = attributes(&head[i + 5..end])
                    .find(|(name, _)| name.eq_ignore_ascii_case("encoding"))
                    .map(|(_, value)| value);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    xml_label.filter(|label| !label.trim().is_empty())
}

/// Reads the attributes of a `<meta` tag starting at `from`; returns the
/// label it declares and where the tag ends.
fn meta_label(head: &[u8], from: usize) -> (Option<String>, usize) {
    let end = tag_end(head, from);
    let mut charset = None;
    let mut content = None;
    let mut content_type = false;
    for (name, value) in attributes(&head[from..end]) {
        match name.to_ascii_lowercase().as_str() {
            "charset" if charset.is_none() => charset = Some(value),
            "content" if content.is_none() => content = Some(value),
            "http-equiv" => content_type |= value.trim().eq_ignore_ascii_case("content-type"),
            _ => {}
        }
    }
    let label = charset
        .or_else(|| {
            content
                .filter(|_| content_type)
                .and_then(|c| charset_in_content(&c))
        })
        .map(|label| label.trim().to_string())
        .filter(|label| !label.is_empty());
    (label, end)
}

/// Where the tag whose attributes start at `from` ends (after its `>`),
/// honouring quoted attribute values.
fn tag_end(head: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (offset, &b) in head[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + offset + 1,
            None => {}
        }
    }
    head.len()
}

/// `charset=gbk` inside a `content` value such as `text/html; charset=gbk`.
fn charset_in_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let value: String = rest
        .chars()
        .take_while(|&c| !matches!(c, ';' | '"' | '\'') && !c.is_whitespace())
        .collect();
    (!value.is_empty()).then_some(value)
}

/// The `name=value` pairs of a tag's attribute text. Values may be quoted;
/// names without a value get an empty one.
fn attributes(text: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() && (is_space(text[i]) || text[i] == b'/' || text[i] == b'?') {
            i += 1;
        }
        if i >= text.len() || text[i] == b'>' {
            return None;
        }
        let start = i;
        while i < text.len() && !is_space(text[i]) && !matches!(text[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&text[start..i]).into_owned();
        while i < text.len() && is_space(text[i]) {
            i += 1;
        }
        if text.get(i) != Some(&b'=') {
            return Some((name, String::new()));
        }
        i += 1;
        while i < text.len() && is_space(text[i]) {
            i += 1;
        }
        let value = match text.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let from = i + 1;
                let to = text[from..]
                    .iter()
                    .position(|&b| b == q)
                    .map_or(text.len(), |p| from + p);
                i = (to + 1).min(text.len());
                &text[from..to]
            }
            _ => {
                let from = i;
                while i < text.len() && !is_space(text[i]) && text[i] != b'>' {
                    i += 1;
                }
                // `charset=gbk/>`: the slash closes the tag, it is not part of the label.
                let value = &text[from..i];
                value.strip_suffix(b"/").unwrap_or(value)
            }
        };
        Some((name, String::from_utf8_lossy(value).into_owned()))
    })
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

fn starts_with_ci(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        assert_eq!(declared(b"<meta charset=gbk>").as_deref(), Some("gbk"));
        assert_eq!(
            declared(b"<html><head><META CHARSET=\"GB2312\"/>").as_deref(),
            Some("GB2312")
        );
        assert_eq!(
            declared(b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">")
                .as_deref(),
            Some("gb2312")
        );
        assert_eq!(
            declared(b"<meta content='text/html;charset = utf-8' http-equiv='content-type'>")
                .as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            declared(b"<?xml version=\"1.0\" encoding=\"gb2312\"?><html>").as_deref(),
            Some("gb2312")
        );
        // A meta charset wins over the XML declaration, as for text/html.
        assert_eq!(
            declared(b"<?xml version='1.0' encoding='utf-8'?><meta charset=gbk>").as_deref(),
            Some("gbk")
        );
    }

    #[test]
    fn no_declaration() {
        assert_eq!(declared(b""), None);
        assert_eq!(declared(b"<html><head><title>x</title>"), None);
        // Without http-equiv a content attribute is not a declaration.
        assert_eq!(
            declared(b"<meta name=description content=\"charset=gbk\">"),
            None
        );
        assert_eq!(declared(b"<!-- <meta charset=gbk> --><p>"), None);
        assert_eq!(declared(b"<meta charset=\"\">"), None);
        // Beyond the first 1024 bytes a declaration does not count.
        let mut late = vec![b' '; 1100];
        late.extend_from_slice(b"<meta charset=gbk>");
        assert_eq!(declared(&late), None);
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for input in [
            &b"<meta"[..],
            b"<meta ",
            b"<meta charset",
            b"<meta charset=",
            b"<meta charset=\"gbk",
            b"<!--",
            b"<?xml encoding=",
            b"<meta http-equiv=content-type content=\"charset\">",
            b"<meta http-equiv=content-type content=\"charset=\">",
        ] {
            let _ = declared(input);
        }
    }
}
