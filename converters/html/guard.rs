//! Guards the parser against hostile pages, before html5ever sees them.
//!
//! html5ever follows the HTML standard faithfully, including its costly
//! corners: every block start tag searches the stack of open elements, so
//! nesting `n` deep costs `n²` (40,000 nested `<div>`s take 7 s in a
//! release build), and formatting elements left open are cloned again
//! into every later paragraph (`<p><font id=1>x</p><p><font id=2>x</p>…`:
//! 43 KB of such markup became 2 million nodes and 350 MB). scraper offers
//! no way to stop a parse half-way, so this module bounds the input
//! instead, with a linear scan of its tags that models the tree builder
//! just closely enough:
//!
//! * start tags nested deeper than [`MAX_DEPTH`] are left out, with their
//!   end tags (browsers cap the depth too; Blink at 512); their text stays;
//! * at most [`MAX_OPEN_FORMATTING`] formatting elements (`<font>`, `<b>`,
//!   …) may be open at once; further ones are left out, text kept;
//! * the page is cut where the number of nodes html5ever would create
//!   exceeds [`NODE_BUDGET`] (about 150 MB of tree).
//!
//! Each intervention is a warning diagnostic. Ordinary pages, however
//! large, pass through untouched and are not copied.

use docmend_core::model::{Diagnostic, DiagnosticCode};
use std::borrow::Cow;

/// The deepest nesting of elements passed on to the parser.
pub const MAX_DEPTH: usize = 512;
/// How many formatting elements may be open at once.
pub const MAX_OPEN_FORMATTING: usize = 12;
/// How many nodes the parser may be led to create.
pub const NODE_BUDGET: usize = 1_000_000;
/// How far down the stack an end tag looks for its start tag. Farther
/// matches are rare in real pages and would make the scan quadratic.
const END_TAG_REACH: usize = 24;

/// What a start tag does to the model of the tree builder's stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Void elements, elements the tree builder closes by itself (or never
    /// nests) and the document's skeleton: no depth.
    Flat,
    /// Content is raw text up to the end tag (`<script>`, `<style>`, …).
    RawText,
    /// Everything after it is text.
    PlainText,
    /// The HTML standard's formatting elements; `a` and `nobr` close an
    /// open one of their kind.
    Formatting {
        closes_own: bool,
    },
    /// `svg`, `math`: self-closing tags inside really close.
    Foreign,
    Nesting,
}

fn kind(name: &[u8]) -> Kind {
    let mut lower = [0u8; 10];
    if name.len() > lower.len() {
        return Kind::Nesting;
    }
    for (slot, b) in lower.iter_mut().zip(name) {
        *slot = b.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"frame"
        | b"hr" | b"image" | b"img" | b"input" | b"keygen" | b"link" | b"meta" | b"param"
        | b"source" | b"track" | b"wbr" | b"p" | b"li" | b"dt" | b"dd" | b"option"
        | b"optgroup" | b"tr" | b"td" | b"th" | b"thead" | b"tbody" | b"tfoot" | b"colgroup"
        | b"caption" | b"rb" | b"rt" | b"rtc" | b"rp" | b"html" | b"head" | b"body"
        | b"frameset" => Kind::Flat,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed"
        | b"noframes" | b"noscript" => Kind::RawText,
        b"plaintext" => Kind::PlainText,
        b"a" | b"nobr" => Kind::Formatting { closes_own: true },
        b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"s" | b"small" | b"strike"
        | b"strong" | b"tt" | b"u" => Kind::Formatting { closes_own: false },
        b"svg" | b"math" => Kind::Foreign,
        _ => Kind::Nesting,
    }
}

/// The text to parse: the page itself, or a bounded version of it.
pub struct Guarded<'a> {
    pub text: Cow<'a, str>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why the decoded input is not an HTML page at all, if it is not: more
/// than one character in twenty is a control character (random bytes give
/// about one in nine, real pages next to none), or more than one in five
/// is a control character or a byte no encoding could decode. This is
/// binary data forced through `--format html`.
pub fn not_text(text: &str) -> Option<String> {
    // Byte-level, as this runs over every page: a character starts at
    // every byte that is not a UTF-8 continuation byte. The two counts are
    // plain loops the compiler vectorises; U+FFFD and the C1 controls
    // (C2 80–C2 9F) are searched only where their lead bytes occur.
    let bytes = text.as_bytes();
    let total = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
    let controls = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        .count();
    let replacements = if bytes.contains(&0xEF) {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    let c1 = if bytes.contains(&0xC2) {
        text.chars()
            .filter(|c| ('\u{80}'..='\u{9F}').contains(c))
            .count()
    } else {
        0
    };
    // Control characters mark binary data; undecodable bytes alone mark a
    // damaged page, which still converts (with decode's warning) unless
    // they are a fifth of it.
    let controls = controls + c1;
    let bad = controls + replacements;
    (total > 0 && (controls * 20 > total || bad * 5 > total)).then(|| {
        format!(
            "the bytes are not text: {} of {} characters ({}%) are control characters or undecodable bytes",
            bad,
            total,
            bad * 100 / total
        )
    })
}

/// Bounds `text` for the parser; see the module documentation.
pub fn guard(text: &str) -> Guarded<'_> {
    let mut scan = Scan::new(text.as_bytes());
    scan.run();
    let mut diagnostics = Vec::new();
    if scan.dropped_deep > 0 {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::MarkupFlattened,
            format!(
                "elements are nested up to about {} levels deep; {} start tags below level {MAX_DEPTH} were ignored so that the page parses in bounded time (their text is kept)",
                scan.deepest, scan.dropped_deep
            ),
        ));
    }
    if scan.dropped_formatting > 0 {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::MarkupFlattened,
            format!(
                "{} formatting tags (<font>, <b>, <strong>, …) were left open beyond {MAX_OPEN_FORMATTING} at once and were ignored so that the page parses in bounded time (their text is kept)",
                scan.dropped_formatting
            ),
        ));
    }
    if let Some(cut) = scan.cut {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::PageTruncated,
            format!(
                "the page is too large to parse whole (more than {NODE_BUDGET} elements and texts); only its first {cut} of {} bytes ({}%) were read",
                text.len(),
                cut * 100 / text.len().max(1)
            ),
        ));
    }
    if scan.drops.is_empty() && scan.cut.is_none() {
        return Guarded {
            text: Cow::Borrowed(text),
            diagnostics,
        };
    }
    let end = scan.cut.unwrap_or(text.len());
    let mut out = String::with_capacity(end);
    let mut from = 0;
    for &(start, stop) in &scan.drops {
        // Tag boundaries are ASCII `<` and `>`, so these are char boundaries.
        out.push_str(&text[from..start]);
        from = stop;
    }
    out.push_str(&text[from..end]);
    Guarded {
        text: Cow::Owned(out),
        diagnostics,
    }
}

/// An open element in the model of the tree builder's stack.
struct Entry {
    name: (usize, usize),
    /// False when its start tag was left out (so is its end tag).
    kept: bool,
    foreign: bool,
}

struct Scan<'a> {
    bytes: &'a [u8],
    stack: Vec<Entry>,
    /// Open formatting elements: the byte range of each whole start tag.
    active: Vec<(usize, usize)>,
    kept_depth: usize,
    foreign_depth: usize,
    deepest: usize,
    estimate: usize,
    drops: Vec<(usize, usize)>,
    dropped_deep: usize,
    dropped_formatting: usize,
    cut: Option<usize>,
}

impl<'a> Scan<'a> {
    fn new(bytes: &'a [u8]) -> Scan<'a> {
        Scan {
            bytes,
            stack: Vec::new(),
            active: Vec::new(),
            kept_depth: 0,
            foreign_depth: 0,
            deepest: 0,
            estimate: 0,
            drops: Vec::new(),
            dropped_deep: 0,
            dropped_formatting: 0,
            cut: None,
        }
    }

    fn run(&mut self) {
        let b = self.bytes;
        let mut i = 0;
        while i < b.len() {
            let Some(offset) = b[i..].iter().position(|&c| c == b'<') else {
                break;
            };
            let p = i + offset;
            if b[i..p].iter().any(|c| !c.is_ascii_whitespace()) {
                // A text node; formatting elements may be cloned before it.
                self.estimate += 1 + self.active.len();
            }
            if self.estimate > NODE_BUDGET {
                self.cut = Some(p);
                return;
            }
            let rest = &b[p..];
            i = if rest.starts_with(b"<!--") {
                find(&b[p + 4..], b"-->").map_or(b.len(), |e| p + 4 + e + 3)
            } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
                find(&b[p..], b">").map_or(b.len(), |e| p + e + 1)
            } else if rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic() {
                let name = (p + 2, name_end(b, p + 2));
                let end = tag_end(b, name.1);
                self.end_tag(name, (p, end));
                end
            } else if rest.starts_with(b"</") {
                find(&b[p..], b">").map_or(b.len(), |e| p + e + 1)
            } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
                let name = (p + 1, name_end(b, p + 1));
                let end = tag_end(b, name.1);
                let self_closing = end >= 2 && b[end - 2] == b'/' && b[end - 1] == b'>';
                self.start_tag(name, (p, end), self_closing);
                self.skip_raw_text(name, end)
            } else {
                p + 1
            };
        }
    }

    fn name(&self, (start, end): (usize, usize)) -> &'a [u8] {
        &self.bytes[start..end]
    }

    fn start_tag(&mut self, name: (usize, usize), tag: (usize, usize), self_closing: bool) {
        self.estimate += 1 + self.active.len();
        let kind = kind(self.name(name));
        if matches!(kind, Kind::Flat | Kind::RawText | Kind::PlainText)
            || (self_closing && self.foreign_depth > 0)
        {
            return;
        }
        let foreign = kind == Kind::Foreign;
        let formatting = matches!(kind, Kind::Formatting { .. });
        if let Kind::Formatting { closes_own } = kind {
            let bytes = self.bytes;
            let this = self.name(name);
            // A new <a> or <nobr> closes the open one first.
            if closes_own {
                self.active
                    .retain(|&(s, e)| !tag_name(&bytes[s..e]).eq_ignore_ascii_case(this));
            }
            // The "Noah's Ark" clause: at most three identical entries.
            let whole = &bytes[tag.0..tag.1];
            let same: Vec<usize> = (0..self.active.len())
                .filter(|&k| {
                    let (s, e) = self.active[k];
                    bytes[s..e].eq_ignore_ascii_case(whole)
                })
                .collect();
            if same.len() >= 3 {
                self.active.remove(same[0]);
            }
            if self.active.len() >= MAX_OPEN_FORMATTING {
                self.dropped_formatting += 1;
                self.drop_start(name, tag);
                return;
            }
        }
        if self.kept_depth >= MAX_DEPTH {
            self.dropped_deep += 1;
            self.drop_start(name, tag);
            return;
        }
        self.stack.push(Entry {
            name,
            kept: true,
            foreign,
        });
        self.kept_depth += 1;
        self.foreign_depth += usize::from(foreign);
        self.deepest = self.deepest.max(self.stack.len());
        if formatting {
            self.active.push(tag);
        }
    }

    fn drop_start(&mut self, name: (usize, usize), tag: (usize, usize)) {
        self.drops.push(tag);
        self.stack.push(Entry {
            name,
            kept: false,
            foreign: false,
        });
        self.deepest = self.deepest.max(self.stack.len());
    }

    fn end_tag(&mut self, name: (usize, usize), tag: (usize, usize)) {
        let this = self.name(name);
        let reach = self.stack.len().saturating_sub(END_TAG_REACH);
        let found = (reach..self.stack.len())
            .rev()
            .find(|&k| self.name(self.stack[k].name).eq_ignore_ascii_case(this));
        if let Some(k) = found {
            while self.stack.len() > k {
                let entry = self.stack.pop().expect("stack holds k + 1 entries");
                if entry.kept {
                    self.kept_depth -= 1;
                    self.foreign_depth -= usize::from(entry.foreign);
                } else if self.stack.len() == k {
                    self.drops.push(tag);
                }
            }
        }
        if matches!(kind(this), Kind::Formatting { .. }) {
            let bytes = self.bytes;
            if let Some(k) = self
                .active
                .iter()
                .rposition(|&(s, e)| tag_name(&bytes[s..e]).eq_ignore_ascii_case(this))
            {
                self.active.remove(k);
            }
        }
    }

    /// After the start tag of a raw-text element, jumps to its end tag
    /// (`<script>` content is not markup); `<plaintext>` runs to the end.
    fn skip_raw_text(&self, name: (usize, usize), after: usize) -> usize {
        match kind(self.name(name)) {
            Kind::RawText => {}
            Kind::PlainText => return self.bytes.len(),
            _ => return after,
        }
        let this = self.name(name);
        let b = self.bytes;
        let mut i = after;
        while let Some(offset) = b[i.min(b.len())..].iter().position(|&c| c == b'<') {
            let p = i + offset;
            let start = p + 2;
            if b.get(p + 1) == Some(&b'/')
                && b.len() >= start + this.len()
                && b[start..start + this.len()].eq_ignore_ascii_case(this)
            {
                return p;
            }
            i = p + 1;
        }
        b.len()
    }
}

/// Where a tag name starting at `from` ends.
fn name_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .map_or(b.len(), |p| from + p)
}

/// The name at the start of a whole start tag `<name …>`.
fn tag_name(tag: &[u8]) -> &[u8] {
    let inner = &tag[1.min(tag.len())..];
    &inner[..name_end(inner, 0)]
}

/// Where a tag ends (after its `>`), honouring quoted attribute values as
/// the tokenizer does.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut after_equals = false;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => after_equals = true,
            q @ (b'"' | b'\'') if after_equals => {
                i = b[i + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| i + 1 + p);
                after_equals = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    b.len()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() == 1 {
        return haystack.iter().position(|&c| c == needle[0]);
    }
    let first = needle[0];
    let mut i = 0;
    while let Some(offset) = haystack[i..].iter().position(|&c| c == first) {
        let p = i + offset;
        if haystack[p..].starts_with(needle) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_untouched() {
        let page = "<html><head><title>t</title><script>if (a<b) {}</script></head>\
                    <body><div><p>一<font color=red>二</font><br>三</p><table><tr><td>1<td>2</table></div></body></html>";
        let guarded = guard(page);
        assert!(matches!(guarded.text, Cow::Borrowed(_)));
        assert!(guarded.diagnostics.is_empty());
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let n = 2000;
        let page = format!("{}深处{}", "<div>".repeat(n), "</div>".repeat(n));
        let guarded = guard(&page);
        let text = guarded.text.as_ref();
        assert_eq!(text.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(text.matches("</div>").count(), MAX_DEPTH);
        assert!(text.contains("深处"));
        assert_eq!(guarded.diagnostics[0].code, DiagnosticCode::MarkupFlattened);
    }

    #[test]
    fn open_formatting_elements_are_capped() {
        let page: String = (0..100)
            .map(|i| format!("<p><font id={i}>段{i}</p>"))
            .collect();
        let guarded = guard(&page);
        let text = guarded.text.as_ref();
        assert_eq!(text.matches("<font").count(), MAX_OPEN_FORMATTING);
        assert!(text.contains("段99"));
        // Identical tags are limited by the tree builder itself.
        let same = "<p><font color=red>x</p>".repeat(100);
        assert!(guard(&same).diagnostics.is_empty());
    }

    #[test]
    fn huge_pages_are_cut_at_the_budget() {
        let row = "<tr><td>1</td><td>2</td></tr>";
        let page = format!("<table>{}</table>", row.repeat(NODE_BUDGET / 4));
        let guarded = guard(&page);
        assert!(guarded.text.len() < page.len());
        assert!(page.starts_with(guarded.text.as_ref()));
        assert_eq!(guarded.diagnostics[0].code, DiagnosticCode::PageTruncated);
    }

    #[test]
    fn raw_text_and_comments_are_not_tags() {
        let page = format!(
            "<script>{}</script><!-- {} --><style>{}</style>",
            "<div>".repeat(1000),
            "<div>".repeat(1000),
            "<div>".repeat(1000)
        );
        assert!(guard(&page).diagnostics.is_empty());
    }

    #[test]
    fn binary_is_not_text() {
        assert!(not_text("<p>正文</p>").is_none());
        assert!(not_text("\u{0}\u{1}\u{2}ab").is_some());
        assert!(not_text("\u{FFFD}\u{FFFD}abc").is_some());
        // A damaged page with a few undecodable bytes is still a page.
        assert!(not_text("<p>正文\u{FFFD}正文正文正文正文正文</p>").is_none());
        // Random bytes: about one character in nine is a control.
        let random: String = (0..=255u8).map(char::from).collect();
        assert!(not_text(&random).is_some());
        assert!(not_text("").is_none());
    }

    #[test]
    fn odd_fragments_do_not_panic() {
        for page in [
            "<",
            "</",
            "<a",
            "<a href='",
            "<!--",
            "<!",
            "<?",
            "</a",
            "<script>",
            "<div/>",
            "<svg><g/><g/></svg>",
            "</>",
            "<a=b>",
            "<p title=\">\">x",
        ] {
            let _ = guard(page);
        }
    }
}
