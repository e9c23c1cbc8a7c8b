//! Hostile PDFs, end to end: a page tree that refers back to itself, one
//! 100,000 levels deep, 100,000 pages sharing one content stream, and a
//! content stream that inflates to 1 GB. Each converts what it can,
//! saying what it left, within the memory cap `docs/limits.md` gives.
//! (`tests/pdf_hostile.rs` covers many more damaged files through the
//! library; these measure the whole command.)

#![cfg(all(feature = "pdf", target_os = "linux"))]

mod common;
mod hostile_inputs;

use hostile_inputs::*;

/// What docmend needs for a small PDF.
const SMALL: u64 = 64 * MIB;

#[test]
fn a_page_tree_that_refers_back_to_itself_is_read_once() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    // 2: Pages [3, 2]; 3: Pages [2, 4]; 4: the page.
    let path = pdf(&dir.path().join("cycle.pdf"), 6, |n| match n {
        1 => b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        2 => b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>".to_vec(),
        3 => b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>".to_vec(),
        4 => page(3, 5, 6),
        5 => HELVETICA.to_vec(),
        _ => pdf_stream(&show("Hello hostile")),
    });
    let run = convert(&path, &[]);
    let doc = document(&run);
    assert_eq!(texts(&doc), ["Hello hostile"]);
    assert!(
        diagnostic(&doc, "page_tree_repaired").starts_with("the page tree refers back to itself"),
        "{:?}",
        diagnostics(&doc)
    );
    within(
        "pdf: a cyclic page tree",
        &path,
        &run,
        SMALL,
        "converts; page_tree_repaired",
    );
}

/// `levels` nodes of /Pages, each the only kid of the one above, then a
/// page.
fn deep_tree(levels: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (page_at, font, content) = (levels + 2, levels + 3, levels + 4);
    let path = pdf(&dir.path().join("deep.pdf"), levels + 4, |n| {
        if n == 1 {
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()
        } else if n < page_at {
            format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", n + 1).into_bytes()
        } else if n == page_at {
            page(n - 1, font, content)
        } else if n == font {
            HELVETICA.to_vec()
        } else {
            pdf_stream(&show("Hello hostile"))
        }
    });
    let run = convert(&path, &[]);
    let doc = document(&run);
    assert_eq!(texts(&doc), ["Hello hostile"]);
    within(
        &format!("pdf: a page tree {levels} levels deep"),
        &path,
        &run,
        cap(&path, 16, 64),
        "converts",
    );
}

#[test]
fn a_page_tree_a_hundred_thousand_levels_deep_is_read() {
    let _serial = one_at_a_time();
    deep_tree(100_000);
}

/// `pages` pages drawing the same content stream: the first 5,000 are
/// read (`--max-pages`), and memory follows the objects lopdf loads.
fn shared_content(pages: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = pdf(&dir.path().join("pages.pdf"), pages + 4, |n| match n {
        1 => b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        2 => {
            let kids: String = (0..pages).map(|i| format!("{} 0 R ", i + 5)).collect();
            format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>").into_bytes()
        }
        3 => HELVETICA.to_vec(),
        4 => pdf_stream(&show("Hello hostile")),
        _ => page(2, 3, 4),
    });
    let run = convert(&path, &[]);
    let doc = document(&run);
    let read = pages.min(5000);
    assert_eq!(doc.blocks.count, read);
    if pages > 5000 {
        assert_eq!(
            diagnostic(&doc, "pages_truncated"),
            format!(
                "only the first 5000 of {pages} pages were read (the limit of 5000 pages; \
                 --max-pages)"
            )
        );
    }
    within(
        &format!("pdf: {pages} pages sharing one content stream"),
        &path,
        &run,
        cap(&path, 32, 64),
        "converts the first 5,000 pages; pages_truncated",
    );
}

#[test]
fn ten_thousand_pages_sharing_one_content_stream_are_read_to_the_page_limit() {
    let _serial = one_at_a_time();
    shared_content(10_000);
}

#[test]
#[ignore = "slow: 100,000 pages"]
fn a_hundred_thousand_pages_sharing_one_content_stream_are_read_to_the_page_limit() {
    let _serial = one_at_a_time();
    shared_content(100_000);
}

/// The page's second content stream inflates to 10⁹ spaces
/// (`fixtures/pdf/hostile/bomb_content.pdf`, written by
/// `fixtures/pdf/generate.py`): it is read up to `--max-part-bytes`.
#[test]
fn a_content_stream_inflating_to_a_gigabyte_is_read_to_the_part_limit() {
    let _serial = one_at_a_time();
    let path = fixture("pdf/hostile/bomb_content.pdf");
    let run = convert(&path, &[]);
    let doc = document(&run);
    assert!(
        diagnostic(&doc, "page_content_truncated").starts_with(
            "page 1: content over the limit of 67108864 bytes of one stream or page \
             (--max-part-bytes); read in part"
        ),
        "{:?}",
        diagnostics(&doc)
    );
    within(
        "pdf: a content stream inflating to 1 GB",
        &path,
        &run,
        SMALL + 64 * MIB,
        "converts; page_content_truncated",
    );
}
