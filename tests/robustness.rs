//! Inputs that are broken, re-encoded, hostile or simply not ours: every
//! one converts or fails with a clear error, never a panic.

use docmend::model::{Block, DiagnosticCode, Document};
use docmend::{Error, Options, Registry};
use std::path::{Path, PathBuf};

mod common;
use common::{realworld, table_grid};

fn convert(bytes: &[u8]) -> Result<Document, Error> {
    docmend::convert_bytes(&Registry::default(), bytes, "input", &Options::default())
}

#[cfg(feature = "text")]
fn seed(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/text")
            .join(name),
    )
    .expect("seed")
}

#[cfg(feature = "text")]
fn tables(doc: &Document) -> Vec<Vec<Vec<String>>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(table_grid(t)),
            _ => None,
        })
        .collect()
}

#[cfg(feature = "text")]
#[test]
fn a_truncated_file_converts_and_says_so() {
    let bytes = seed("002_3bceb6a2129e3845.txt");
    // Cut inside the last multi-byte character: keep its lead byte only.
    let cut = bytes
        .iter()
        .rposition(|&b| b >= 0xC0)
        .expect("a multi-byte character")
        + 1;
    let doc = convert(&bytes[..cut]).expect("a truncated text still converts");
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::InvalidBytes),
        "{:?}",
        doc.diagnostics
    );
    assert_eq!(tables(&doc).len(), 3);
}

#[test]
fn empty_and_binary_inputs_are_clear_errors() {
    assert!(matches!(convert(b""), Err(Error::Empty)));
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let message = convert(&junk).expect_err("junk is refused").to_string();
    assert!(message.contains("binary"), "{message}");
    let legacy_doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an OLE file";
    let message = convert(legacy_doc)
        .expect_err("legacy .doc is refused")
        .to_string();
    assert!(message.contains("legacy"), "{message}");
}

#[cfg(feature = "text")]
#[test]
fn the_same_report_in_legacy_encodings_gives_the_same_tables() {
    let utf8 = seed("003_b40d9c03878ac230.txt");
    let text = String::from_utf8(utf8.clone()).unwrap();
    let reference = tables(&convert(&utf8).unwrap());

    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let doc = convert(&gb).unwrap();
    assert_eq!(doc.source.encoding.as_deref(), Some("GB18030"));
    assert_eq!(tables(&doc), reference);

    let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let doc = convert(&utf16).unwrap();
    assert_eq!(doc.source.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(tables(&doc), reference);
}

#[cfg(feature = "text")]
#[test]
fn crlf_line_endings_change_nothing() {
    let lf = seed("004_93c87546c824c53b.txt");
    let crlf = String::from_utf8(lf.clone()).unwrap().replace('\n', "\r\n");
    assert_eq!(
        tables(&convert(crlf.as_bytes()).unwrap()),
        tables(&convert(&lf).unwrap())
    );
}

#[cfg(feature = "text")]
#[test]
fn hostile_tables_finish_and_stay_whole() {
    // A long stream of cells with no row breaks, a very wide header with
    // no numbers, lines of nothing but pipes, and a deep run of labels.
    let mut stream = String::from("| 项目 | 数量 |");
    for i in 0..20_000 {
        stream.push_str(&format!(" 第{i}项 | {i} |"));
        if i % 7 == 0 {
            stream.push_str("\n|");
        }
    }
    let wide_header: String =
        (0..300).map(|i| format!("列{i} | ")).collect::<String>() + "\n" + &"0 | ".repeat(300);
    let pipes_only = "||||||||\n".repeat(5000);
    let labels: String = (0..5000).map(|i| format!("({i})标签 |\n")).collect();
    for input in [stream, wide_header, pipes_only, labels] {
        let doc = convert(input.as_bytes()).expect("converts");
        for block in &doc.blocks {
            if let Block::Table(t) = block {
                assert!(
                    table_grid(t).iter().flatten().all(|cell| cell != "?"),
                    "grid has holes"
                );
            }
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every real-world file from other projects' test suites either converts
/// or fails with an error that says what it is; no converter panics.
#[test]
#[ignore = "needs the real-world corpus"]
fn real_world_files_never_panic() {
    let mut files = Vec::new();
    files_under(&realworld(), &mut files);
    files.sort();
    assert!(
        files.len() > 100,
        "expected the real-world corpus, found {} files",
        files.len()
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        match convert(&bytes) {
            Ok(doc) => {
                for block in &doc.blocks {
                    if let Block::Table(t) = block {
                        let grid = table_grid(t);
                        assert!(
                            grid.iter().flatten().all(|c| c != "?"),
                            "{}: grid has holes",
                            path.display()
                        );
                    }
                }
            }
            Err(Error::Panicked { during, message }) => {
                panic!("{}: {during} panicked: {message}", path.display())
            }
            Err(error) => assert!(!error.to_string().is_empty(), "{}", path.display()),
        }
    }
}

/// The repair pass moves cells but never drops their text: every non-empty
/// cell of a pipe table, however ragged, is somewhere in the output.
#[cfg(feature = "text")]
mod no_text_lost {
    use super::*;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => (0u32..500).prop_map(|n| n.to_string()),
            2 => Just(String::new()),
            1 => prop::sample::select(vec!["规章", "行政许可", "信息内容", "总计", "其他", "第二十条第(五)项"]).prop_map(String::from),
            1 => (1u32..9).prop_map(|n| format!("{n}.细项")),
            1 => (1usize..9).prop_map(|n| format!("({})分项", ["一", "二", "三", "四", "五", "六", "七", "八", "九"][n - 1])),
        ]
    }

    fn texts_in_tables(doc: &Document) -> Vec<String> {
        let mut texts: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.cells.iter().map(|c| c.text.clone()).collect::<Vec<_>>()),
                _ => None,
            })
            .flatten()
            .filter(|t| !t.is_empty())
            .collect();
        texts.sort();
        texts
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn ragged_pipe_tables_keep_every_cell(rows in prop::collection::vec(prop::collection::vec(cell(), 1..9), 1..12), stream in any::<bool>()) {
            let text: String = if stream {
                let cells: Vec<String> = rows.concat();
                let mut out = String::from("|");
                for c in &cells {
                    if c.is_empty() { out += "\n|"; } else { out += &format!(" {c} |"); }
                }
                out + "\n"
            } else {
                rows.iter().map(|r| r.iter().map(|c| format!("{c} |")).collect::<Vec<_>>().join(" ") + "\n").collect()
            };
            let doc = convert(text.as_bytes()).expect("converts");
            let mut wanted: Vec<String> = rows.concat().into_iter().filter(|c| !c.is_empty()).collect();
            wanted.sort();
            let got = texts_in_tables(&doc);
            let mut missing = wanted.clone();
            for t in &got {
                if let Some(i) = missing.iter().position(|w| w == t) {
                    missing.remove(i);
                }
            }
            prop_assert!(missing.is_empty(), "lost {:?}\ninput:\n{}", missing, text);
        }
    }

    #[test]
    fn labels_after_a_label_less_table_are_kept() {
        for input in [
            "47 | 21 |\n行政许可 |\n",
            "甲 | 乙 | 丙 | 丁 | 戊 |\n规章 | 1 | 2 |\n规范性文件 | 3 | 4 |\n",
        ] {
            let doc = convert(input.as_bytes()).unwrap();
            let got = texts_in_tables(&doc);
            for cell in input
                .split(['|', '\n'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                assert!(
                    got.iter().any(|t| t == cell),
                    "{cell} lost from {input:?}: {got:?}"
                );
            }
        }
    }
}

/// A converter that panics is contained: the file gets an error carrying
/// the panic's message, and while it runs `panic_is_contained` tells a
/// panic hook that the panic will be reported that way.
mod contained_panics {
    use docmend::converter::{Confidence, Converted, Converter, Options};
    use docmend::model::Format;
    use docmend::{Error, Registry};
    use std::sync::atomic::{AtomicBool, Ordering};

    static SAW_CONTAINED: AtomicBool = AtomicBool::new(false);

    struct Panicking;

    impl Converter for Panicking {
        fn name(&self) -> &'static str {
            "panicking"
        }
        fn formats(&self) -> &'static [Format] {
            &[Format::Text]
        }
        fn description(&self) -> &'static str {
            "panics on every input"
        }
        fn sniff(&self, _head: &[u8]) -> Confidence {
            Confidence::CERTAIN
        }
        fn convert(&self, _bytes: &[u8], _options: &Options) -> Result<Converted, Error> {
            SAW_CONTAINED.store(docmend::pipeline::panic_is_contained(), Ordering::SeqCst);
            panic!("index out of bounds in a third-party parser")
        }
    }

    #[test]
    fn a_panicking_converter_becomes_an_error_for_that_file() {
        let registry = Registry::with(vec![Box::new(Panicking)]);
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let result = docmend::convert_bytes(&registry, b"some text", "x.txt", &Options::default());
        std::panic::set_hook(hook);
        match result {
            Err(Error::Panicked { during, message }) => {
                assert_eq!(during, "converter panicking");
                assert!(message.contains("index out of bounds"), "{message}");
            }
            other => panic!("expected a contained panic, got {other:?}"),
        }
        assert!(SAW_CONTAINED.load(Ordering::SeqCst));
        assert!(!docmend::pipeline::panic_is_contained());
    }
}

/// The chardet test files of the corpus, whose folder names give the
/// expected encoding, are decoded as that encoding without a replacement
/// character; EUC-TW, which neither docmend nor encoding_rs supports, comes
/// through with a warning.
#[test]
#[ignore = "needs the real-world corpus"]
fn realworld_chardet_files_decode_as_their_folder_says() {
    use docmend::model::Severity;
    use docmend_core::decode::decode_text;
    let root = realworld();
    let files = |folder: &str| -> Vec<(String, Vec<u8>)> {
        let dir = root.join(folder);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| {
                let entry = entry.unwrap();
                let bytes = std::fs::read(entry.path()).unwrap();
                (entry.file_name().to_string_lossy().into_owned(), bytes)
            })
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} is empty", dir.display());
        files
    };
    for (folder, expected) in [("chardet-gb2312", "GB18030"), ("chardet-big5", "Big5")] {
        for (name, bytes) in files(folder) {
            let decoded = decode_text(&bytes);
            let codes: Vec<&str> = decoded
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            assert_eq!(decoded.encoding, expected, "{folder}/{name}");
            assert!(!decoded.text.contains('\u{FFFD}'), "{folder}/{name}");
            assert_eq!(codes, ["encoding_guessed"], "{folder}/{name}");
        }
    }
    // Read as GB18030 mojibake with private-use characters: a warning.
    for (name, bytes) in files("chardet-euc-tw") {
        let decoded = decode_text(&bytes);
        let warned = decoded
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning);
        assert!(warned, "chardet-euc-tw/{name}: {:?}", decoded.diagnostics);
    }
}
