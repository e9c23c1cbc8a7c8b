//! MIME web archives (`.mht`, `.mhtml`): a page saved as one file by a
//! browser ("Webpage, Single File" in Chrome and Edge, "Web Archive" in
//! Internet Explorer) or by Word and Excel ("Single File Web Page"). The
//! archive is a MIME message (RFC 2557) whose parts are the page and its
//! resources, each encoded for transfer (quoted-printable, base64).
//! `mailparse` reads the message; this module picks the page out of it
//! for the HTML converter.
//!
//! The page is the first `text/html` part. A workbook saved by Excel
//! makes that part a frameset and gives each sheet a part of its own:
//! then every other `text/html` part but the sheet tabs is the page, in
//! order.

use docmend_core::sniff;
use mailparse::{MailHeaderMap, ParsedMail};

/// The page of an archive, as the HTML converter reads it.
pub struct Page {
    /// The HTML, decoded for transfer but not yet into text.
    pub html: Vec<u8>,
    /// The charset the part's header names, if any (the transport's label,
    /// which a browser puts before the page's own `<meta>`).
    pub charset: Option<String>,
    /// Where the page was saved from (`Snapshot-Content-Location` or the
    /// part's `Content-Location`), for the diagnostic.
    pub location: Option<String>,
    /// How many `text/html` parts were read (more than one for a
    /// workbook's sheets).
    pub parts: usize,
}

/// Whether `head` starts like a MIME web archive: header lines up to the
/// first blank line, among them `MIME-Version` and a `Content-Type` of
/// `multipart/related` or `text/html`.
pub fn looks_like(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // Every file is asked: most fail here, at their first line, which is
    // no `Name:` header.
    let name_end = head
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .unwrap_or(head.len());
    if name_end == 0 || head.get(name_end) != Some(&b':') {
        return false;
    }
    if sniff::identify(head) != sniff::Seen::Text {
        return false;
    }
    let end = sniff::find(head, b"\r\n\r\n")
        .or_else(|| sniff::find(head, b"\n\n"))
        .unwrap_or(head.len());
    let headers = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
    // Every line a header line (`Name: value`) or its folded continuation.
    let all_headers = headers.lines().all(|line| {
        line.starts_with([' ', '\t'])
            || line.split_once(':').is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic())
            })
    });
    all_headers
        && headers.contains("mime-version:")
        && (headers.contains("multipart/related") || headers.contains("text/html"))
}

/// The page of the archive `bytes`, or why there is none.
pub fn page(bytes: &[u8]) -> Result<Page, String> {
    let message = mailparse::parse_mail(bytes)
        .map_err(|e| format!("not a readable MIME web archive: {e}"))?;
    let location = message
        .headers
        .get_first_value("Snapshot-Content-Location")
        .or_else(|| message.headers.get_first_value("Content-Location"));
    let html: Vec<&ParsedMail> = message
        .parts()
        .filter(|p| p.ctype.mimetype == "text/html")
        .collect();
    let Some(first) = html.first() else {
        return Err("a MIME web archive without an HTML part".to_string());
    };
    let body = |part: &ParsedMail| {
        part.get_body_raw()
            .map_err(|e| format!("the archive's HTML part cannot be decoded: {e}"))
    };
    let charset = |part: &ParsedMail| part.ctype.params.get("charset").cloned();
    let location = location.or_else(|| first.headers.get_first_value("Content-Location"));
    let first_html = body(first)?;
    if !contains_ignoring_case(&first_html, b"<frameset") || html.len() == 1 {
        return Ok(Page {
            html: first_html,
            charset: charset(first),
            location,
            parts: 1,
        });
    }
    // A frameset (a workbook): its frames' pages, but the sheet tabs.
    let mut joined = Vec::new();
    let mut parts = 0;
    let mut frames_charset = None;
    for part in &html[1..] {
        let name = part
            .headers
            .get_first_value("Content-Location")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name.contains("tabstrip") {
            continue;
        }
        joined.extend(body(part)?);
        joined.push(b'\n');
        frames_charset = frames_charset.or_else(|| charset(part));
        parts += 1;
    }
    Ok(Page {
        html: joined,
        charset: frames_charset,
        location,
        parts,
    })
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME: &str = "From: <Saved by Blink>\r\n\
        Snapshot-Content-Location: http://www.example.gov.cn/nb/2023.html\r\n\
        Subject: =?utf-8?Q?2022=E5=B9=B4?=\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/related;\r\n\
        \ttype=\"text/html\";\r\n\
        \tboundary=\"----MultipartBoundary--x----\"\r\n\
        \r\n\
        ------MultipartBoundary--x----\r\n\
        Content-Type: text/html\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\
        Content-Location: http://www.example.gov.cn/nb/2023.html\r\n\
        \r\n\
        <html><head><meta charset=3D\"utf-8\"></head><body><p>=E5=B9=B4=E5=BA=A6=\r\n\
        =E6=8A=A5=E5=91=8A</p></body></html>\r\n\
        ------MultipartBoundary--x----\r\n\
        Content-Type: image/png\r\n\
        Content-Transfer-Encoding: base64\r\n\
        \r\n\
        iVBORw0KGgo=\r\n\
        ------MultipartBoundary--x------\r\n";

    #[test]
    fn a_browsers_archive_gives_its_page() {
        assert!(looks_like(CHROME.as_bytes()));
        let page = page(CHROME.as_bytes()).unwrap();
        let html = String::from_utf8(page.html).unwrap();
        // Quoted-printable decoded, soft line break joined.
        assert!(html.contains("<p>年度报告</p>"), "{html}");
        assert_eq!(page.charset, None);
        assert_eq!(
            page.location.as_deref(),
            Some("http://www.example.gov.cn/nb/2023.html")
        );
    }

    #[test]
    fn text_that_only_mentions_mime_is_no_archive() {
        assert!(!looks_like(
            b"MIME-Version: 1.0 is a header of e-mail.\n\nText."
        ));
        assert!(!looks_like(b"<html><body>MIME-Version: 1.0</body></html>"));
        assert!(!looks_like(
            b"Subject: minutes\nFrom: a\n\nNo content type."
        ));
    }

    #[test]
    fn a_workbooks_sheets_are_its_page() {
        let mht = "MIME-Version: 1.0\r\n\
            X-Document-Type: Workbook\r\n\
            Content-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\
            \r\n\
            ------=_NextPart_01\r\n\
            Content-Location: file:///C:/book.htm\r\n\
            Content-Type: text/html; charset=\"gb2312\"\r\n\
            \r\n\
            <html><frameset rows=\"*,39\"><frame src=\"book_files/sheet001.htm\"></frameset></html>\r\n\
            ------=_NextPart_01\r\n\
            Content-Location: file:///C:/book_files/sheet001.htm\r\n\
            Content-Type: text/html; charset=\"gb2312\"\r\n\
            \r\n\
            <table><tr><td>A</td></tr></table>\r\n\
            ------=_NextPart_01\r\n\
            Content-Location: file:///C:/book_files/tabstrip.htm\r\n\
            Content-Type: text/html; charset=\"gb2312\"\r\n\
            \r\n\
            <a href=\"sheet001.htm\">Sheet1</a>\r\n\
            ------=_NextPart_01--\r\n";
        assert!(looks_like(mht.as_bytes()));
        let page = page(mht.as_bytes()).unwrap();
        assert_eq!(page.parts, 1);
        assert_eq!(page.charset.as_deref(), Some("gb2312"));
        let html = String::from_utf8(page.html).unwrap();
        assert!(
            html.contains("<td>A</td>") && !html.contains("Sheet1"),
            "{html}"
        );
    }
}
