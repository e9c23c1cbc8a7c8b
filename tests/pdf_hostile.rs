//! Hostile PDFs: broken cross-reference data, reference cycles, streams and
//! pages far over the size limits, absurd nesting and truncated files; and
//! encrypted ones, read when the user password is empty. Each must end,
//! without a panic, in a document (with a diagnostic where something was
//! lost) or in `Error::Malformed` naming the reason.
//!
//! The files are built here, byte by byte, except the decompression bombs:
//! docmend has no deflate encoder among its dependencies, so those are
//! written once by `fixtures/pdf/generate.py` into `fixtures/pdf/hostile/`.

#![cfg(feature = "pdf")]

mod common;

use docmend::model::{Block, DiagnosticCode, Document};
use docmend::{Error, Options, Registry};
use std::path::Path;
use std::time::Instant;

/// The text every built page shows.
const TEXT: &str = "Hello hostile world";

fn convert(bytes: &[u8], name: &str) -> Result<Document, Error> {
    docmend::convert_bytes(&Registry::default(), bytes, name, &Options::default())
}

/// Converts, reports the time on stderr, and checks the outcome is a clean
/// one: a document, a PDF `Malformed` error with a reason, or (for a
/// damaged header) `Unsupported`. A panic caught inside the converter (its
/// generic "parser failed" error) counts as a failure too: these inputs
/// must be handled, not survived.
fn outcome(name: &str, bytes: &[u8]) -> Result<Document, Error> {
    let start = Instant::now();
    let result = convert(bytes, name);
    let took = start.elapsed();
    eprintln!(
        "{name}: {} bytes, {took:?}: {}",
        bytes.len(),
        match &result {
            Ok(doc) => format!(
                "ok, {} blocks, diagnostics {:?}",
                doc.blocks.len(),
                codes(doc)
            ),
            Err(e) => format!("error: {e}"),
        }
    );
    match &result {
        Ok(_) => {}
        Err(Error::Malformed { format, reason }) => {
            assert_eq!(format, "pdf", "{name}");
            assert!(!reason.trim().is_empty(), "{name}: empty reason");
            assert!(
                !reason.contains("parser failed"),
                "{name}: a panic was caught inside the converter: {reason}"
            );
        }
        // Damage to the header makes it no PDF at all.
        Err(Error::Unsupported { .. }) => {}
        // A file cut before its header ends is text, and this build has no
        // text converter.
        Err(Error::ConverterMissing { format }) if format == "text" && !cfg!(feature = "text") => {}
        Err(e) => panic!("{name}: not a clean outcome: {e:?}"),
    }
    result
}

fn ok(name: &str, bytes: &[u8]) -> Document {
    match outcome(name, bytes) {
        Ok(doc) => doc,
        Err(e) => panic!("{name}: expected a document, got: {e}"),
    }
}

fn malformed(name: &str, bytes: &[u8]) -> String {
    match outcome(name, bytes) {
        Err(Error::Malformed { reason, .. }) => reason,
        Ok(doc) => panic!("{name}: expected an error, got {:?}", texts(&doc)),
        Err(e) => panic!("{name}: {e}"),
    }
}

fn codes(doc: &Document) -> Vec<&str> {
    doc.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn has(doc: &Document, code: DiagnosticCode) -> bool {
    doc.diagnostics.iter().any(|d| d.code == code)
}

fn texts(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.clone()),
            Block::Heading(h) => Some(h.text.clone()),
            _ => None,
        })
        .collect()
}

fn shows(doc: &Document, text: &str) -> bool {
    texts(doc).iter().any(|t| t.contains(text))
}

fn fixture(name: &str) -> Vec<u8> {
    common::fixture_bytes(&format!("pdf/{name}"))
}

/// How the cross-reference section of a built file is written.
#[derive(Clone, Copy)]
enum Xref {
    /// A table with the exact offsets.
    Exact,
    /// A table whose offsets are all this many bytes off.
    Shifted(i64),
    /// No table, no trailer, no `startxref`: objects and `%%EOF` only.
    Missing,
    /// An exact table, but `startxref` points far past the end.
    StartPastEnd,
    /// An exact table whose trailer's `/Prev` points back at itself.
    PrevLoop,
    /// An exact table announcing two billion objects.
    HugeSize,
}

/// A PDF from object bodies: object `n` is `objects[n - 1]`; the trailer's
/// `/Root` is object 1.
#[derive(Clone)]
struct Pdf {
    objects: Vec<Vec<u8>>,
}

impl Pdf {
    /// A one-page document: catalog 1, pages 2, page 3, Helvetica 4,
    /// content stream 5.
    fn page(content: &[u8]) -> Pdf {
        Pdf {
            objects: vec![
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                  /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
                    .to_vec(),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
                  /Encoding /WinAnsiEncoding >>"
                    .to_vec(),
                stream(content, ""),
            ],
        }
    }

    /// The one page showing [`TEXT`].
    fn hello() -> Pdf {
        Pdf::page(&show(TEXT))
    }

    fn set(mut self, n: usize, body: impl AsRef<[u8]>) -> Pdf {
        self.objects[n - 1] = body.as_ref().to_vec();
        self
    }

    fn push(mut self, body: impl AsRef<[u8]>) -> Pdf {
        self.objects.push(body.as_ref().to_vec());
        self
    }

    fn bytes(&self) -> Vec<u8> {
        self.bytes_with(Xref::Exact)
    }

    /// The objects and an uncompressed cross-reference stream listing them,
    /// plus `compressed`: (object number, object stream holding it).
    fn bytes_with_xref_stream(&self, compressed: &[(usize, usize)]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref_num = self.objects.len() + 1;
        let size = compressed
            .iter()
            .map(|c| c.0)
            .chain([xref_num])
            .max()
            .unwrap_or(xref_num)
            + 1;
        // Rows of /W [1 4 2]: type, offset or container, generation or index.
        let row = |kind: u8, a: usize, b: u16| {
            let mut r = vec![kind];
            r.extend_from_slice(&(a as u32).to_be_bytes());
            r.extend_from_slice(&b.to_be_bytes());
            r
        };
        let xref_at = out.len();
        let mut data = row(0, 0, 65535);
        for n in 1..size {
            if let Some(&off) = offsets.get(n - 1) {
                data.extend(row(1, off, 0));
            } else if n == xref_num {
                data.extend(row(1, xref_at, 0));
            } else if let Some(&(_, container)) = compressed.iter().find(|c| c.0 == n) {
                data.extend(row(2, container, 0));
            } else {
                data.extend(row(0, 0, 0));
            }
        }
        out.extend_from_slice(format!("{xref_num} 0 obj\n").as_bytes());
        out.extend(stream(
            &data,
            &format!("/Type /XRef /Size {size} /W [1 4 2] /Root 1 0 R "),
        ));
        out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
        out
    }

    fn bytes_with(&self, xref: Xref) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        if let Xref::Missing = xref {
            out.extend_from_slice(b"%%EOF\n");
            return out;
        }
        let start = out.len();
        let n = self.objects.len() + 1;
        let size = match xref {
            Xref::HugeSize => 2_000_000_000,
            _ => n,
        };
        out.extend_from_slice(format!("xref\n0 {n}\n0000000000 65535 f \n").as_bytes());
        for off in offsets {
            let off = match xref {
                Xref::Shifted(by) => (off as i64 + by).max(0) as usize,
                _ => off,
            };
            out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        let prev = match xref {
            Xref::PrevLoop => format!("/Prev {start} "),
            _ => String::new(),
        };
        let startxref = match xref {
            Xref::StartPastEnd => start + 10_000_000,
            _ => start,
        };
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {size} /Root 1 0 R {prev}>>\nstartxref\n{startxref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        out
    }
}

/// A stream object with an exact `/Length`; `dict` adds entries.
fn stream(data: &[u8], dict: &str) -> Vec<u8> {
    let mut out = format!("<< /Length {} {dict}>>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A stream object whose `/Length` is the object `length_obj`.
fn stream_with_length_ref(data: &[u8], dict: &str, length_obj: usize) -> Vec<u8> {
    let mut out = format!("<< /Length {length_obj} 0 R {dict}>>\nstream\n").into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A content stream showing `text` in Helvetica (font `/F1`).
fn show(text: &str) -> Vec<u8> {
    format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET").into_bytes()
}

// (a) Cross-reference data.

#[test]
fn xref_with_wrong_offsets_is_rebuilt() {
    for by in [-7, 13, 5_000] {
        let doc = ok(
            &format!("xref offsets {by:+}"),
            &Pdf::hello().bytes_with(Xref::Shifted(by)),
        );
        assert!(shows(&doc, TEXT), "{by}: {:?}", texts(&doc));
        assert!(
            has(&doc, DiagnosticCode::XrefRepaired),
            "{by}: {:?}",
            codes(&doc)
        );
    }
}

#[test]
fn missing_xref_is_rebuilt() {
    let doc = ok("no xref", &Pdf::hello().bytes_with(Xref::Missing));
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(has(&doc, DiagnosticCode::XrefRepaired), "{:?}", codes(&doc));
}

#[test]
fn startxref_past_the_end_is_rebuilt() {
    let doc = ok(
        "startxref past the end",
        &Pdf::hello().bytes_with(Xref::StartPastEnd),
    );
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(has(&doc, DiagnosticCode::XrefRepaired), "{:?}", codes(&doc));
}

#[test]
fn xref_prev_pointing_at_itself_ends() {
    let doc = ok("xref /Prev loop", &Pdf::hello().bytes_with(Xref::PrevLoop));
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

#[test]
fn xref_announcing_two_billion_objects_ends() {
    let doc = ok("xref /Size 2e9", &Pdf::hello().bytes_with(Xref::HugeSize));
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

#[test]
fn no_catalog_anywhere_is_a_clear_error() {
    // Only a page and its content: nothing says where the document starts.
    let bytes = Pdf::hello()
        .set(1, "<< /Type /Nothing >>")
        .set(2, "<< /Type /Nothing >>")
        .bytes_with(Xref::Missing);
    let reason = malformed("no catalog", &bytes);
    assert!(reason.contains("/Catalog"), "{reason}");
}

// (b) Reference cycles.

#[test]
fn pages_tree_whose_kids_point_back_ends() {
    // The root lists itself among its kids.
    let bytes = Pdf::hello()
        .set(2, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>")
        .bytes();
    let doc = ok("Kids lists the root", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(
        has(&doc, DiagnosticCode::PageTreeRepaired),
        "{:?}",
        codes(&doc)
    );

    // Root 2 → node 6 → back to root 2, and the page under node 6.
    let bytes = Pdf::hello()
        .set(2, "<< /Type /Pages /Kids [6 0 R] /Count 1 >>")
        .set(
            3,
            "<< /Type /Page /Parent 6 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        )
        .push("<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>")
        .bytes();
    let doc = ok("Kids lists a parent", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(
        has(&doc, DiagnosticCode::PageTreeRepaired),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn page_that_is_its_own_parent_ends() {
    // No MediaBox or Resources of its own: both are looked up the parents,
    // and there is no font to show the text with.
    let bytes = Pdf::hello()
        .set(3, "<< /Type /Page /Parent 3 0 R /Contents 5 0 R >>")
        .bytes();
    let doc = ok("page is its own parent, no resources", &bytes);
    assert!(
        has(&doc, DiagnosticCode::PageTreeRepaired),
        "{:?}",
        codes(&doc)
    );

    // Its own resources, and a parent chain page → 6 → 7 → 6.
    let bytes = Pdf::hello()
        .set(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        .set(
            3,
            "<< /Type /Page /Parent 6 0 R /Resources << /Font << /F1 4 0 R >> >> \
             /Contents 5 0 R >>",
        )
        .push("<< /Type /Pages /Parent 7 0 R /Kids [3 0 R] /Count 1 >>")
        .push("<< /Type /Pages /Parent 6 0 R /Kids [6 0 R] /Count 1 >>")
        .bytes();
    let doc = ok("parent chain loops", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(
        has(&doc, DiagnosticCode::PageTreeRepaired),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn form_that_draws_itself_is_drawn_once() {
    let form = stream(
        &[show(TEXT), b" /Fm0 Do".to_vec()].concat(),
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R >> >> ",
    );
    let bytes = Pdf::page(b"/Fm0 Do")
        .set(
            3,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R >> >> \
             /Contents 5 0 R >>",
        )
        .push(form)
        .bytes();
    let doc = ok("form draws itself", &bytes);
    assert_eq!(texts(&doc), [TEXT]);
}

#[test]
fn forms_that_draw_each_other_end() {
    // Fm0 → Fm1 → Fm0, each showing text, sharing one resource dictionary.
    let resources = "/Resources 8 0 R ";
    let fm0 = stream(
        &[show("zero"), b" /Fm1 Do".to_vec()].concat(),
        &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] {resources}"),
    );
    let fm1 = stream(
        b"/Fm0 Do /Fm1 Do",
        &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] {resources}"),
    );
    let bytes = Pdf::page(b"/Fm0 Do")
        .set(
            3,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 8 0 R \
             /Contents 5 0 R >>",
        )
        .push(fm0)
        .push(fm1)
        .push("<< /Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R /Fm1 7 0 R >> >>")
        .bytes();
    let doc = ok("forms draw each other", &bytes);
    assert_eq!(texts(&doc), ["zero"]);
}

#[test]
fn forms_fanning_out_stay_within_the_operator_budget() {
    // Levels 0 to 6 each draw the next level ten times: 10^7 runs of the
    // last level, which shows the text, if nothing stopped it.
    let mut pdf = Pdf::page(b"/L0 Do");
    let mut names = String::new();
    for level in 0..8 {
        names.push_str(&format!("/L{level} {} 0 R ", 6 + level));
    }
    for level in 0..8 {
        let body = if level == 7 {
            show("leaf")
        } else {
            format!("/L{} Do ", level + 1).repeat(10).into_bytes()
        };
        pdf = pdf.push(stream(
            &body,
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources 14 0 R ",
        ));
    }
    let pdf = pdf
        .push(format!("<< /Font << /F1 4 0 R >> /XObject << {names}>> >>"))
        .set(
            3,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 14 0 R \
             /Contents 5 0 R >>",
        );
    // What comes out is the leaf drawn over itself hundreds of thousands
    // of times; what matters is that it ends.
    let doc = ok("forms fan out 10^7", &pdf.bytes());
    assert!(
        has(&doc, DiagnosticCode::PageContentTruncated),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn a_big_form_drawn_300_000_times_is_cut_short() {
    // Half a megabyte of form content drawn 300,000 times: 150 GB to
    // decode without a budget on the bytes a page may decode.
    let form = stream(
        &[
            b"BT /F1 12 Tf 72 500 Td (form) Tj ET".to_vec(),
            vec![b' '; 1 << 19],
        ]
        .concat(),
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R >> >> ",
    );
    let content = [show(TEXT), b" /Fm0 Do".repeat(300_000)].concat();
    let bytes = Pdf::page(&content)
        .set(
            3,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R >> >> \
             /Contents 5 0 R >>",
        )
        .push(form)
        .bytes();
    let doc = ok("512 KiB form drawn 300,000 times", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(
        has(&doc, DiagnosticCode::PageContentTruncated),
        "{:?}",
        codes(&doc)
    );
}

/// Every page of a document sharing one heavy content stream: each page
/// stays within its own limits, so only the budget over the whole document
/// ends it (without it, 500 pages took 150 s in a release build).
#[test]
fn many_pages_sharing_one_heavy_content_stream() {
    let pages = 500;
    let mut content = show(TEXT);
    content.extend(b" n".repeat(1_900_000));
    let kids: String = (0..pages).map(|k| format!("{} 0 R ", 6 + k)).collect();
    let mut pdf = Pdf::page(&content).set(
        2,
        format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
    );
    for _ in 0..pages {
        pdf = pdf.push(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        );
    }
    let doc = ok("500 pages x 1.9M operators", &pdf.bytes());
    assert!(
        has(&doc, DiagnosticCode::DocumentTruncated),
        "{:?}",
        codes(&doc)
    );
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

#[test]
fn resources_that_contain_themselves_end() {
    let bytes = Pdf::page(&[show(TEXT), b" /Fm0 Do /Im0 Do".to_vec()].concat())
        .set(
            3,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R \
             /Contents 5 0 R >>",
        )
        .push("<< /Font 7 0 R /XObject 6 0 R /Self 6 0 R >>")
        .push("<< /F1 4 0 R /Loop 7 0 R >>")
        .bytes();
    let doc = ok("Resources contains itself", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

#[test]
fn length_that_refers_to_itself_ends() {
    let content = show(TEXT);
    let mut body = b"<< /Length 5 0 R >>\nstream\n".to_vec();
    body.extend_from_slice(&content);
    body.extend_from_slice(b"\nendstream");
    let doc = ok(
        "Length refers to itself",
        &Pdf::hello().set(5, body).bytes(),
    );
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(
        has(&doc, DiagnosticCode::StreamLengthRepaired),
        "{:?}",
        codes(&doc)
    );

    // Two lengths referring to each other.
    let mut body = b"<< /Length 6 0 R >>\nstream\n".to_vec();
    body.extend_from_slice(&content);
    body.extend_from_slice(b"\nendstream");
    let doc = ok(
        "Lengths refer to each other",
        &Pdf::hello()
            .set(5, body)
            .push("7 0 R")
            .push("6 0 R")
            .bytes(),
    );
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(
        has(&doc, DiagnosticCode::StreamLengthRepaired),
        "{:?}",
        codes(&doc)
    );
}

/// `n` streams, each taking its `/Length` from the next one; the page's
/// content stream (object 5) comes last.
fn length_chain(n: usize) -> Vec<u8> {
    let mut pdf = Pdf::hello();
    for k in 0..n {
        let next = if k + 1 < n { 7 + k } else { 5 };
        pdf = pdf.push(format!("<< /Length {next} 0 R >>\nstream\nx\nendstream"));
    }
    pdf.bytes()
}

#[test]
fn chained_lengths_are_refused_before_they_overflow_the_stack() {
    // lopdf resolves each link by recursion: unchecked, 200 links overflow
    // a 2 MiB stack in a debug build, 1,600 in a release build, and the
    // time grows with the square of the chain.
    for n in [1_000, 100_000] {
        let reason = malformed(&format!("{n} chained lengths"), &length_chain(n));
        assert!(reason.contains("/Length"), "{reason}");
    }
    // A short chain is read, each stream's data up to its `endstream`.
    let doc = ok("4 chained lengths", &length_chain(4));
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

#[test]
fn indirect_lengths_to_numbers_are_fine() {
    // As some writers do for every stream: `/Length 6 0 R`, `6 0 obj 52`.
    let content = show(TEXT);
    let mut pdf = Pdf::hello();
    let mut body = b"<< /Length 6 0 R >>\nstream\n".to_vec();
    body.extend_from_slice(&content);
    body.extend_from_slice(b"\nendstream");
    pdf = pdf.set(5, body).push(content.len().to_string());
    for k in 0..100 {
        // Unused streams with lengths as numbers elsewhere.
        pdf = pdf
            .push(format!(
                "<< /Length {} 0 R >>\nstream\nxx\nendstream",
                8 + 2 * k
            ))
            .push("2");
    }
    let doc = ok("100 indirect lengths", &pdf.bytes());
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(codes(&doc).is_empty(), "{:?}", codes(&doc));
}

#[test]
fn object_streams_whose_lengths_chain_are_refused() {
    // Object stream k takes its /Length from an object kept in object
    // stream k + 1: resolving one decodes the next, recursively.
    let n = 1_000;
    let pdf = Pdf::hello();
    let first = pdf.objects.len() + 1;
    let mut pdf = pdf;
    let mut compressed = Vec::new();
    for k in 0..n {
        let length_obj = first + n + k;
        let held = format!("{} 0 ", length_obj - 1);
        let data = format!("{held}20");
        pdf = pdf.push(stream_with_length_ref(
            data.as_bytes(),
            &format!("/Type /ObjStm /N 1 /First {} ", held.len()),
            length_obj,
        ));
        compressed.push((length_obj, first + k + 1));
    }
    let reason = malformed(
        "1,000 object streams chained",
        &pdf.bytes_with_xref_stream(&compressed),
    );
    assert!(reason.contains("/Length"), "{reason}");
}

#[test]
fn references_in_a_loop_end() {
    // The font is a reference to a reference to the font reference.
    let bytes = Pdf::hello().set(4, "6 0 R").push("4 0 R").bytes();
    ok("font reference loop", &bytes);
}

// (c) Huge streams and pages.

#[test]
fn deflate_bomb_in_page_content() {
    // 10^9 bytes behind one FlateDecode, the page's second content stream.
    let doc = ok("bomb: content", &fixture("hostile/bomb_content.pdf"));
    assert!(
        has(&doc, DiagnosticCode::PageContentTruncated),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn deflate_bomb_in_a_form() {
    let doc = ok("bomb: form", &fixture("hostile/bomb_form.pdf"));
    assert!(shows(&doc, "Text beside the bomb"), "{:?}", texts(&doc));
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::PageContentTruncated
                && d.message.contains("limit of 67108864 bytes")
                && d.message.contains("--max-part-bytes")),
        "{:?}",
        doc.diagnostics
    );
}

#[test]
fn deflate_bomb_in_tounicode() {
    let doc = ok("bomb: ToUnicode", &fixture("hostile/bomb_tounicode.pdf"));
    assert!(shows(&doc, "Text beside the bomb"), "{:?}", texts(&doc));
}

#[test]
fn deflate_bomb_in_an_object_stream() {
    let reason = malformed("bomb: object stream", &fixture("hostile/bomb_objstm.pdf"));
    assert!(
        reason.contains("limit") && reason.contains("--max-part-bytes"),
        "{reason}"
    );
}

#[test]
fn deflate_bomb_in_the_xref_stream() {
    // The objects could be found by scanning, but lopdf fails the load.
    let reason = malformed(
        "bomb: xref stream",
        &fixture("hostile/bomb_xref_stream.pdf"),
    );
    assert!(
        reason.contains("limit") && reason.contains("--max-part-bytes"),
        "{reason}"
    );
}

#[test]
fn absurd_length_is_not_trusted() {
    let content = show(TEXT);
    let with_length = |length: &str| {
        let mut body = format!("<< /Length {length} >>\nstream\n").into_bytes();
        body.extend_from_slice(&content);
        body.extend_from_slice(b"\nendstream");
        Pdf::hello().set(5, body).bytes()
    };
    for length in ["99999999999", "0", "2147483648", "12", "(text)"] {
        let doc = ok(&format!("/Length {length}"), &with_length(length));
        assert!(shows(&doc, TEXT), "{length}: {:?}", texts(&doc));
    }
    // lopdf drops a stream with a negative length (it does not look for
    // `endstream` then): the page is empty, and the loss is reported.
    let doc = ok("/Length -5", &with_length("-5"));
    assert!(
        has(&doc, DiagnosticCode::ObjectsUnreadable),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn millions_of_operators_are_cut_short() {
    // Four million path operators: twice the limit per page, and over
    // 2 GB of decoded operators if the stream were decoded whole.
    let mut content = show(TEXT);
    content.extend(b" n".repeat(4_000_000));
    let doc = ok("4M operators", &Pdf::page(&content).bytes());
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    assert!(
        has(&doc, DiagnosticCode::PageContentTruncated),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn millions_of_glyphs_are_cut_short() {
    // 2.5 million one-letter strings in TJ arrays on 1,000 lines.
    let mut content = b"BT /F1 1 Tf 0 0 Td ".to_vec();
    for _ in 0..1_000 {
        content.extend(b"[");
        content.extend(b"(a)".repeat(2_500));
        content.extend(b"] TJ 0 -1 Td ");
    }
    content.extend(b"ET");
    let doc = ok("2.5M glyphs", &Pdf::page(&content).bytes());
    assert!(
        has(&doc, DiagnosticCode::PageContentTruncated),
        "{:?}",
        codes(&doc)
    );
}

/// Widths starting at the top of the code range: the index added to
/// `/FirstChar` (and to the first code of a `/W` run) once overflowed, a
/// panic in a debug build that failed the whole file; the sums saturate.
#[test]
fn font_widths_at_the_top_of_the_code_range() {
    let bytes = Pdf::hello()
        .set(
            4,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
             /FirstChar 4294967295 /Widths [500 500 500] >>",
        )
        .bytes();
    let doc = ok("/FirstChar 2^32 - 1", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
    let bytes = Pdf::page(b"BT /F1 12 Tf 72 700 Td <0041> Tj ET")
        .set(
            4,
            "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H \
             /DescendantFonts [6 0 R] >>",
        )
        .push("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /W [4294967295 [500 500]] >>")
        .bytes();
    ok("/W from 2^32 - 1", &bytes);
}

#[test]
fn page_count_that_lies_ends() {
    let bytes = Pdf::hello()
        .set(2, "<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>")
        .bytes();
    let doc = ok("/Count 2e9", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

// (d) Deep nesting.

const DEEP: usize = 100_000;

fn nested(open: &str, close: &str, depth: usize) -> String {
    let mut s = open.repeat(depth);
    s.push_str(&close.repeat(depth));
    s
}

#[test]
fn deeply_nested_arrays_and_dictionaries_in_objects() {
    let arrays = nested("[", "]", DEEP);
    let dicts = nested("<< /A ", ">>", DEEP);
    for (what, deep) in [("arrays", &arrays), ("dictionaries", &dicts)] {
        // As a value in the page dictionary.
        let bytes = Pdf::hello()
            .set(
                3,
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                     /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Deep {deep} >>"
                ),
            )
            .bytes();
        let _ = outcome(&format!("{what} in the page"), &bytes);
        // As an object of its own the page does not use.
        let doc = ok(
            &format!("{what} as an unused object"),
            &Pdf::hello().push(deep).bytes(),
        );
        assert!(shows(&doc, TEXT), "{what}: {:?}", texts(&doc));
        // In the trailer.
        let mut bytes = Pdf::hello().bytes();
        let at = bytes.windows(7).rposition(|w| w == b"/Root 1").unwrap();
        bytes.splice(at..at, format!("/Deep {deep} ").into_bytes());
        let _ = outcome(&format!("{what} in the trailer"), &bytes);
    }
}

#[test]
fn deeply_nested_operands_in_content() {
    for (what, deep) in [
        ("arrays", nested("[", "]", DEEP)),
        ("dictionaries", nested("<< /A ", ">>", DEEP)),
        ("strings", nested("(", ")", DEEP)),
    ] {
        let content = [show(TEXT), format!(" {deep} Tj").into_bytes()].concat();
        let doc = ok(&format!("{what} in content"), &Pdf::page(&content).bytes());
        assert!(shows(&doc, TEXT), "{what}: {:?}", texts(&doc));
    }
    // Graphics states saved without end, and text objects never closed.
    let content = [b"q ".repeat(DEEP), show(TEXT), b"BT ".repeat(DEEP)].concat();
    let doc = ok("q and BT without end", &Pdf::page(&content).bytes());
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

#[test]
fn deeply_nested_tounicode() {
    let cmap = nested("<< /A ", ">>", DEEP) + &nested("[", "]", DEEP);
    let bytes = Pdf::hello()
        .set(
            4,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        )
        .push(stream(cmap.as_bytes(), ""))
        .bytes();
    let doc = ok("nested ToUnicode", &bytes);
    assert!(shows(&doc, TEXT), "{:?}", texts(&doc));
}

// (e) Truncated files.

#[test]
fn truncated_files_end_cleanly() {
    for name in [
        "annual_report_003.pdf",
        "one_table.pdf",
        "empty_password_aes.pdf",
        "hostile/bomb_form.pdf",
    ] {
        let full = fixture(name);
        let mut cuts: Vec<usize> = [1, 5, 10, 25, 50, 75, 90, 99]
            .iter()
            .map(|p| full.len() * p / 100)
            .collect();
        // Just before the cross-reference section, inside it, and before
        // the final `%%EOF`.
        for marker in [&b"xref"[..], b"trailer", b"startxref", b"%%EOF"] {
            if let Some(at) = full.windows(marker.len()).rposition(|w| w == marker) {
                cuts.extend([at, at + 3]);
            }
        }
        cuts.push(full.len() - 1);
        for cut in cuts {
            let _ = outcome(&format!("{name} cut at {cut}"), &full[..cut]);
        }
    }
    // A built file cut at every byte: each cut past the last object, in
    // the cross-reference table or the trailer, still gives the text.
    let full = Pdf::hello().bytes();
    let xref = full.windows(4).rposition(|w| w == b"xref").unwrap();
    for cut in 1..full.len() {
        let result = outcome(&format!("built cut at {cut}"), &full[..cut]);
        if cut >= xref {
            let doc = result.unwrap();
            assert!(shows(&doc, TEXT), "cut {cut}: {:?}", texts(&doc));
        }
    }
}

// Encryption.

fn expected_texts(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf")
        .join(name);
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    want["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn empty_user_password_files_are_decrypted() {
    for (name, expected) in [
        ("empty_password_aes.pdf", "empty_password_aes.expected.json"),
        ("empty_password_rc4.pdf", "empty_password_rc4.expected.json"),
    ] {
        let doc = ok(name, &fixture(name));
        // The lines in order; whether they join into one paragraph is the
        // layout's business, so white space is left out of the comparison.
        let squeeze = |t: String| t.split_whitespace().collect::<String>();
        let want = squeeze(expected_texts(expected).concat());
        assert_eq!(squeeze(texts(&doc).concat()), want, "{name}");
        assert!(
            has(&doc, DiagnosticCode::EncryptedNoPassword),
            "{name}: {:?}",
            codes(&doc)
        );
    }
}

#[test]
fn a_file_that_needs_a_password_says_so() {
    // User password `secret` (generate.py).
    let reason = malformed("encrypted.pdf", &fixture("encrypted.pdf"));
    assert!(reason.contains("encrypted PDF"), "{reason}");
    assert!(reason.contains("password is required"), "{reason}");
}

/// docling's `2206.01062_pg3.pdf` (AESV2) has the user password `1234`
/// (MANIFEST.tsv), not an empty one: lopdf opens it with that password,
/// and docmend, which takes none, says a password is required.
#[test]
#[ignore = "needs the real-world corpus"]
fn realworld_aes_file_needs_its_password() {
    let path = common::realworld().join("docling/2206.01062_pg3.pdf");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reason = malformed("docling 2206.01062_pg3.pdf", &bytes);
    assert!(reason.contains("password is required"), "{reason}");
    let with = |password: &str| {
        lopdf::Document::load_mem_with_options(&bytes, lopdf::LoadOptions::with_password(password))
    };
    assert!(matches!(with(""), Err(lopdf::Error::InvalidPassword)));
    let doc = with("1234").unwrap();
    assert!(doc.was_encrypted());
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("DocLayNet"), "{text}");
}

#[test]
fn mutated_encrypted_files_end_cleanly() {
    // Flipped bits and overwritten runs land in the encryption dictionary,
    // the ciphertext and the padding that decryption checks.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in [
        "empty_password_aes.pdf",
        "empty_password_rc4.pdf",
        "encrypted.pdf",
    ] {
        let base = fixture(name);
        for i in 0..150 {
            let mut bytes = base.clone();
            if i % 2 == 0 {
                for _ in 0..4 {
                    let at = (next() as usize) % bytes.len();
                    bytes[at] ^= 1 << (next() % 8);
                }
            } else {
                let at = (next() as usize) % bytes.len();
                let len = (next() as usize % 32).min(bytes.len() - at);
                for b in &mut bytes[at..at + len] {
                    *b = next() as u8;
                }
            }
            let _ = outcome(&format!("{name} mutation {i}"), &bytes);
        }
    }
}
