//! Builders of the hostile inputs the `hostile_*` tests feed the binary,
//! and the check every such test ends with: the outcome, and the peak
//! memory of the run against its documented cap (`docs/limits.md`).
//!
//! Inputs are written to files in pieces, never held whole: the peak the
//! tests measure starts at the test process's own memory (see
//! `common::run_measured`). The containers are written here byte by byte
//! (ZIP, OLE compound file, PDF), so that a test can make them lie: a
//! checksum that does not match, sizes that understate, a record that
//! claims more than its part holds. Deflated data is one fixed-Huffman
//! block written by [`Deflate`], which is all a decompression bomb needs.

#![allow(dead_code)] // each test file uses part of it

use crate::common::{Measured, assert_peak_under, docmend, run_measured};
use serde::Deserialize;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const MIB: u64 = 1 << 20;

/// A measured run of `docmend convert`, and where it wrote its document.
pub struct Run {
    pub measured: Measured,
    json: PathBuf,
    _out: tempfile::TempDir,
}

impl std::ops::Deref for Run {
    type Target = Measured;

    fn deref(&self) -> &Measured {
        &self.measured
    }
}

/// Runs `docmend convert` on `path` (with `args` before it), measured.
/// The document goes to a file in a temporary folder (`--out-dir`), not
/// through a pipe into this process, which must stay small.
pub fn convert(path: &Path, args: &[&str]) -> Run {
    // What the tests before freed goes back to the system first.
    #[cfg(target_env = "gnu")]
    // SAFETY: malloc_trim only releases free memory of the allocator.
    unsafe {
        libc::malloc_trim(0);
    }
    let out = tempfile::tempdir().expect("temp dir");
    let measured = run_measured(
        docmend()
            .arg("convert")
            .args(args)
            .arg("--out-dir")
            .arg(out.path())
            .arg(path),
    );
    let name = path.file_name().expect("a file name").to_string_lossy();
    Run {
        measured,
        json: out.path().join(format!("{name}.json")),
        _out: out,
    }
}

/// The run's standard error.
pub fn stderr(measured: &Measured) -> String {
    String::from_utf8_lossy(&measured.output.stderr).into_owned()
}

/// The tests of one file run one at a time: a child's peak memory starts
/// at the memory of the test process when it is started, so no other test
/// may be holding an input or an output then.
pub fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What the tests read of a document: its source's format, its blocks
/// without their cells, its diagnostics. Parsed without keeping the rest,
/// so that the test process stays small.
#[derive(Debug, Deserialize)]
pub struct Doc {
    pub source: Source,
    pub blocks: Blocks,
    pub diagnostics: Vec<Diagnostic>,
}

/// The first [`Blocks::KEPT`] blocks of a document, and how many it has.
#[derive(Debug, Default)]
pub struct Blocks {
    pub kept: Vec<Block>,
    pub count: usize,
}

impl Blocks {
    pub const KEPT: usize = 64;
}

impl<'de> Deserialize<'de> for Blocks {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Blocks, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Blocks;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of blocks")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Blocks, A::Error> {
                let mut blocks = Blocks::default();
                while blocks.count < Blocks::KEPT {
                    match seq.next_element::<Block>()? {
                        Some(block) => {
                            blocks.kept.push(block);
                            blocks.count += 1;
                        }
                        None => return Ok(blocks),
                    }
                }
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    blocks.count += 1;
                }
                Ok(blocks)
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

#[derive(Debug, Deserialize)]
pub struct Source {
    pub format: String,
}

#[derive(Debug, Deserialize)]
pub struct Block {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Option<String>,
    pub n_rows: Option<u64>,
    pub n_cols: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct Diagnostic {
    pub code: String,
    pub message: String,
}

impl Doc {
    /// The first table.
    pub fn table(&self) -> Option<&Block> {
        self.blocks.kept.iter().find(|b| b.kind == "table")
    }
}

/// The document a successful run wrote, read as it streams from its file.
pub fn document(run: &Run) -> Doc {
    assert!(
        run.output.status.success(),
        "the conversion succeeds: {}",
        stderr(run)
    );
    let file = File::open(&run.json).expect("the run wrote its document");
    serde_json::from_reader(std::io::BufReader::new(file)).expect("one JSON document")
}

/// The codes of a document's diagnostics, each with its message.
pub fn diagnostics(doc: &Doc) -> Vec<(String, String)> {
    doc.diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.message.clone()))
        .collect()
}

/// The message of the first diagnostic with `code`; fails naming the
/// diagnostics there are when there is none.
pub fn diagnostic(doc: &Doc, code: &str) -> String {
    doc.diagnostics
        .iter()
        .find(|d| d.code == code)
        .map(|d| d.message.clone())
        .unwrap_or_else(|| panic!("a {code} diagnostic among {:?}", diagnostics(doc)))
}

/// The texts of a document's first paragraphs and headings.
pub fn texts(doc: &Doc) -> Vec<String> {
    doc.blocks
        .kept
        .iter()
        .filter_map(|b| b.text.clone())
        .collect()
}

/// How often `needle` occurs in the document a run wrote, read in pieces
/// (for a document whose texts are too large to parse in this process).
pub fn occurrences(run: &Run, needle: &[u8]) -> usize {
    use std::io::Read;
    let mut file = File::open(&run.json).expect("the run wrote its document");
    let mut window = Vec::new();
    let mut piece = vec![0u8; 1 << 20];
    let mut found = 0;
    loop {
        let n = file.read(&mut piece).expect("read");
        if n == 0 {
            break;
        }
        window.extend_from_slice(&piece[..n]);
        found += window
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count();
        let keep = needle.len().saturating_sub(1).min(window.len());
        window.drain(..window.len() - keep);
    }
    found
}

/// Asserts that the run failed with exit code 1 and that its error line
/// for `path` says `reason` (a part of the message); returns the message.
pub fn refused(measured: &Measured, path: &Path, reason: &str) -> String {
    let error = stderr(measured);
    assert_eq!(
        measured.output.status.code(),
        Some(1),
        "refused, not crashed or converted: {error}"
    );
    let prefix = format!("docmend: {}: ", path.display());
    let line = error
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("an error line for the file: {error}"));
    assert!(line.contains(reason), "{line}\nwants: {reason}");
    line[prefix.len()..].to_string()
}

/// Checks the run's peak memory against `cap` and, when
/// `DOCMEND_HOSTILE_REPORT` is set, prints the line
/// `bench/hostile_memory.sh` collects into `docs/limits.md`.
pub fn within(case: &str, input: &Path, measured: &Measured, cap: u64, outcome: &str) {
    if std::env::var_os("DOCMEND_HOSTILE_REPORT").is_some() {
        let size = std::fs::metadata(input).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "hostile-memory\t{case}\t{size}\t{}\t{cap}\t{outcome}",
            measured.peak_bytes.unwrap_or(0)
        );
    }
    assert_peak_under(case, measured, cap);
}

/// The cap of a converter whose memory follows its input: `per_byte`
/// times the input's size plus `constant` MiB.
pub fn cap(input: &Path, per_byte: u64, constant_mib: u64) -> u64 {
    let size = std::fs::metadata(input).map(|m| m.len()).unwrap_or(0);
    size * per_byte + constant_mib * MIB
}

/// Writes `count` copies of `piece` to a new file, through a buffer.
pub fn repeated(path: &Path, head: &[u8], piece: &[u8], count: usize, tail: &[u8]) -> PathBuf {
    let mut file = BufWriter::new(File::create(path).expect("create"));
    file.write_all(head).expect("write");
    for _ in 0..count {
        file.write_all(piece).expect("write");
    }
    file.write_all(tail).expect("write");
    file.flush().expect("flush");
    path.to_path_buf()
}

/// A fixture of the repository.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(relative)
}

/// The first `fraction` (in percent) of a file, copied to `path`.
pub fn truncated(source: &Path, percent: u64, path: &Path) -> PathBuf {
    let bytes = std::fs::read(source).expect("read the fixture");
    let keep = bytes.len() * percent as usize / 100;
    std::fs::write(path, &bytes[..keep]).expect("write");
    path.to_path_buf()
}

// ------------------------------------------------------------------ CRC-32

/// CRC-32 (IEEE) as ZIP stores it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// ----------------------------------------------------------------- deflate

/// A raw deflate stream of one fixed-Huffman block, written as it goes:
/// literals, and runs of one byte as matches of 258 bytes at distance 1
/// (13 bits each: a run of 4 GiB takes 27 MB).
pub struct Deflate<W: Write> {
    out: W,
    bits: u64,
    count: u32,
    written: u64,
}

impl<W: Write> Deflate<W> {
    pub fn new(out: W) -> Deflate<W> {
        let mut deflate = Deflate {
            out,
            bits: 0,
            count: 0,
            written: 0,
        };
        // BFINAL = 1, BTYPE = 01 (fixed Huffman codes).
        deflate.put(1, 1);
        deflate.put(1, 2);
        deflate
    }

    /// Appends `n` bits of `value`, least significant first.
    fn put(&mut self, value: u64, n: u32) {
        self.bits |= value << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.write_all(&[self.bits as u8]).expect("write");
            self.written += 1;
            self.bits >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, written most significant bit first.
    fn code(&mut self, code: u32, n: u32) {
        let reversed = code.reverse_bits() >> (32 - n);
        self.put(u64::from(reversed), n);
    }

    pub fn literals(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                0..=143 => self.code(0x30 + u32::from(b), 8),
                _ => self.code(0x190 + u32::from(b) - 144, 9),
            }
        }
    }

    /// `count` copies of `byte`.
    pub fn run(&mut self, byte: u8, count: u64) {
        if count == 0 {
            return;
        }
        self.literals(&[byte]);
        let mut left = count - 1;
        while left >= 258 {
            // Length 258 is symbol 285 (code 0xC5, 8 bits); distance 1 is
            // distance code 0 (5 bits).
            self.code(0xC5, 8);
            self.code(0, 5);
            left -= 258;
        }
        for _ in 0..left {
            self.literals(&[byte]);
        }
    }

    /// Ends the block; returns the writer and the bytes written.
    pub fn finish(mut self) -> (W, u64) {
        self.code(0, 7); // end of block, symbol 256
        if self.count > 0 {
            self.out.write_all(&[self.bits as u8]).expect("write");
            self.written += 1;
        }
        (self.out, self.written)
    }
}

// --------------------------------------------------------------------- ZIP

/// What one ZIP entry holds.
pub enum Data<'a> {
    /// Stored as is.
    Stored(&'a [u8]),
    /// Deflated: `head`, `count` copies of `byte`, `tail`.
    Run {
        head: &'a [u8],
        byte: u8,
        count: u64,
        tail: &'a [u8],
    },
}

/// One entry, and how its headers may lie.
pub struct Entry<'a> {
    pub name: &'a str,
    pub data: Data<'a>,
    /// The unpacked size the headers declare, when not the true one.
    pub declared_size: Option<u32>,
    /// Whether the checksum is wrong (a run's is never computed: 0).
    pub bad_crc: bool,
}

impl<'a> Entry<'a> {
    pub fn stored(name: &'a str, bytes: &'a [u8]) -> Entry<'a> {
        Entry {
            name,
            data: Data::Stored(bytes),
            declared_size: None,
            bad_crc: false,
        }
    }

    pub fn run(name: &'a str, head: &'a [u8], byte: u8, count: u64, tail: &'a [u8]) -> Entry<'a> {
        Entry {
            name,
            data: Data::Run {
                head,
                byte,
                count,
                tail,
            },
            declared_size: None,
            bad_crc: false,
        }
    }
}

/// Writes a ZIP archive of `entries` to `path` (no ZIP64: sizes below
/// 4 GiB), streaming deflated runs to the file.
pub fn zip(path: &Path, entries: &[Entry<'_>]) -> PathBuf {
    let mut file = BufWriter::new(File::create(path).expect("create"));
    let mut directory = Vec::new();
    let mut offset: u64 = 0;
    for entry in entries {
        let name = entry.name.as_bytes();
        let header_at = offset;
        let (method, crc, size) = match entry.data {
            Data::Stored(bytes) => (0u16, crc32(bytes), bytes.len() as u64),
            Data::Run {
                head, count, tail, ..
            } => (8, 0, head.len() as u64 + count + tail.len() as u64),
        };
        let crc = if entry.bad_crc {
            crc ^ 0xFFFF_FFFF
        } else {
            crc
        };
        let declared = entry
            .declared_size
            .map_or(size, u64::from)
            .min(u64::from(u32::MAX)) as u32;
        // The local header, its compressed size patched in afterwards.
        let local = |packed: u32| {
            let mut h = Vec::with_capacity(30 + name.len());
            h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&method.to_le_bytes());
            h.extend_from_slice(&[0; 4]); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&packed.to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(name);
            h
        };
        file.write_all(&local(0)).expect("write");
        offset += 30 + name.len() as u64;
        let packed = match entry.data {
            Data::Stored(bytes) => {
                file.write_all(bytes).expect("write");
                bytes.len() as u64
            }
            Data::Run {
                head,
                byte,
                count,
                tail,
            } => {
                let mut deflate = Deflate::new(&mut file);
                deflate.literals(head);
                deflate.run(byte, count);
                deflate.literals(tail);
                deflate.finish().1
            }
        };
        offset += packed;
        let packed = u32::try_from(packed).expect("under 4 GiB compressed");
        file.seek(SeekFrom::Start(header_at)).expect("seek");
        file.write_all(&local(packed)).expect("write");
        file.seek(SeekFrom::Start(offset)).expect("seek");
        let mut d = Vec::new();
        d.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        d.extend_from_slice(&20u16.to_le_bytes());
        d.extend_from_slice(&20u16.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&method.to_le_bytes());
        d.extend_from_slice(&[0; 4]);
        d.extend_from_slice(&crc.to_le_bytes());
        d.extend_from_slice(&packed.to_le_bytes());
        d.extend_from_slice(&declared.to_le_bytes());
        d.extend_from_slice(&(name.len() as u16).to_le_bytes());
        d.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        d.extend_from_slice(&(header_at as u32).to_le_bytes());
        d.extend_from_slice(name);
        directory.extend(d);
    }
    file.write_all(&directory).expect("write");
    let mut end = Vec::new();
    end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    end.extend_from_slice(&[0; 4]);
    end.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    end.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    end.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    end.extend_from_slice(&(offset as u32).to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    file.write_all(&end).expect("write");
    file.flush().expect("flush");
    path.to_path_buf()
}

// ------------------------------------------------------------ XLSX, DOCX, ODS

pub const XLSX_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
pub const XLSX_RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
pub const XLSX_WORKBOOK: &[u8] = br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
pub const XLSX_WORKBOOK_RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
/// A sheet whose A1 is the first shared string and B1 the number 7.
pub const XLSX_SHEET: &[u8] = br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>7</v></c></row></sheetData></worksheet>"#;
pub const XLSX_STRINGS: &[u8] = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>label</t></si></sst>"#;

/// An XLSX workbook of one sheet `S`: the standard parts, with `parts`
/// replacing or adding some.
pub fn xlsx(path: &Path, parts: Vec<Entry<'_>>) -> PathBuf {
    let mut entries = vec![
        Entry::stored("[Content_Types].xml", XLSX_TYPES),
        Entry::stored("_rels/.rels", XLSX_RELS),
        Entry::stored("xl/workbook.xml", XLSX_WORKBOOK),
        Entry::stored("xl/_rels/workbook.xml.rels", XLSX_WORKBOOK_RELS),
    ];
    let has = |name: &str| parts.iter().any(|p| p.name == name);
    let sheet = (!has("xl/worksheets/sheet1.xml"))
        .then(|| Entry::stored("xl/worksheets/sheet1.xml", XLSX_SHEET));
    let strings =
        (!has("xl/sharedStrings.xml")).then(|| Entry::stored("xl/sharedStrings.xml", XLSX_STRINGS));
    entries.extend(sheet);
    entries.extend(strings);
    entries.extend(parts);
    zip(path, &entries)
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const DOCX_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
pub const DOCX_RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A Word document's main part: a paragraph per text.
pub fn word_document(prolog: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    format!(
        r#"<?xml version="1.0"?>{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    )
}

/// A DOCX package: its main part and any other parts.
pub fn docx(path: &Path, document: Entry<'_>, parts: Vec<Entry<'_>>) -> PathBuf {
    let mut entries = vec![
        Entry::stored("[Content_Types].xml", DOCX_TYPES),
        Entry::stored("_rels/.rels", DOCX_RELS),
        document,
    ];
    entries.extend(parts);
    zip(path, &entries)
}

/// Nested entities: each of ten levels refers ten times to the one below,
/// so `&lol9;` stands for 10⁹ copies of `lol` (billion laughs).
pub fn billion_laughs(root: &str) -> String {
    let mut dtd = format!("<!DOCTYPE {root} [<!ENTITY lol0 \"lol\">");
    for level in 1..10 {
        let below = format!("&lol{};", level - 1).repeat(10);
        dtd.push_str(&format!("<!ENTITY lol{level} \"{below}\">"));
    }
    dtd.push_str("]>");
    dtd
}

pub const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
pub const ODS_MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// The `content.xml` of an ODS workbook whose sheet `S` holds `rows`.
pub fn ods_content(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

/// An ODS workbook: mimetype first and stored, manifest, `content`.
pub fn ods(path: &Path, manifest: &[u8], content: Entry<'_>) -> PathBuf {
    zip(
        path,
        &[
            Entry::stored("mimetype", ODS_MIMETYPE),
            Entry::stored("META-INF/manifest.xml", manifest),
            content,
        ],
    )
}

// ---------------------------------------------------- OLE compound file, XLS

/// A BIFF record.
pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A BIFF8 NUMBER record at (`row`, `col`).
pub fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&col.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes()); // XF
    data.extend_from_slice(&value.to_le_bytes());
    record(0x0203, &data)
}

/// A BIFF8 workbook stream of one sheet `S`: globals (BOF, `globals`,
/// BOUNDSHEET, EOF), then the sheet (BOF, `sheet`, EOF).
pub fn workbook_stream(globals: &[Vec<u8>], sheet: &[Vec<u8>]) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut data = 0x0600u16.to_le_bytes().to_vec();
        data.extend_from_slice(&kind.to_le_bytes());
        data.extend_from_slice(&[0; 12]);
        record(0x0809, &data)
    };
    let mut head = bof(0x0005);
    for r in globals {
        head.extend_from_slice(r);
    }
    // BOUNDSHEET: the sheet's offset, visible worksheet, name "S".
    let boundsheet_len = 4 + 4 + 2 + 3;
    let sheet_at = (head.len() + boundsheet_len + 4) as u32;
    let mut data = sheet_at.to_le_bytes().to_vec();
    data.extend_from_slice(&[0, 0, 1, 0, b'S']);
    head.extend(record(0x0085, &data));
    head.extend(record(0x000A, &[]));
    assert_eq!(head.len() as u32, sheet_at);
    head.extend(bof(0x0010));
    for r in sheet {
        head.extend_from_slice(r);
    }
    head.extend(record(0x000A, &[]));
    head
}

/// An OLE compound file (version 3, 512-byte sectors) whose one stream,
/// `Workbook`, holds `stream`, padded to 4096 bytes so that it lives in
/// ordinary sectors (sector 0 the FAT, sector 1 the directory, then the
/// stream).
pub fn xls(path: &Path, stream: &[u8]) -> PathBuf {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096), 0);
    let sectors = stream.len().div_ceil(512);
    assert!(sectors + 2 <= 128, "one FAT sector");
    let mut out = Vec::new();
    out.extend_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out.extend_from_slice(&[0; 16]);
    out.extend_from_slice(&0x003Eu16.to_le_bytes());
    out.extend_from_slice(&3u16.to_le_bytes());
    out.extend_from_slice(&0xFFFEu16.to_le_bytes());
    out.extend_from_slice(&9u16.to_le_bytes());
    out.extend_from_slice(&6u16.to_le_bytes());
    out.extend_from_slice(&[0; 6]);
    out.extend_from_slice(&0u32.to_le_bytes()); // directory sectors (v3: 0)
    out.extend_from_slice(&1u32.to_le_bytes()); // FAT sectors
    out.extend_from_slice(&1u32.to_le_bytes()); // first directory sector
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&4096u32.to_le_bytes());
    out.extend_from_slice(&END.to_le_bytes()); // mini FAT
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&END.to_le_bytes()); // DIFAT
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: the FAT at sector 0
    for _ in 1..109 {
        out.extend_from_slice(&FREE.to_le_bytes());
    }
    assert_eq!(out.len(), 512);
    // FAT.
    let mut fat = vec![0xFFFF_FFFDu32, END];
    for i in 0..sectors {
        fat.push(if i + 1 == sectors { END } else { 3 + i as u32 });
    }
    fat.resize(128, FREE);
    for entry in fat {
        out.extend_from_slice(&entry.to_le_bytes());
    }
    // Directory: the root, the stream, two unused entries.
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = Vec::with_capacity(128);
        let units: Vec<u16> = name.encode_utf16().collect();
        for u in &units {
            e.extend_from_slice(&u.to_le_bytes());
        }
        e.resize(64, 0);
        let name_len = if name.is_empty() {
            0
        } else {
            (units.len() as u16 + 1) * 2
        };
        e.extend_from_slice(&name_len.to_le_bytes());
        e.push(kind);
        e.push(1); // black
        e.extend_from_slice(&FREE.to_le_bytes()); // left
        e.extend_from_slice(&FREE.to_le_bytes()); // right
        e.extend_from_slice(&child.to_le_bytes());
        e.extend_from_slice(&[0; 16 + 4 + 16]); // CLSID, state, times
        e.extend_from_slice(&start.to_le_bytes());
        e.extend_from_slice(&size.to_le_bytes());
        e.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(e.len(), 128);
        e
    };
    out.extend(entry("Root Entry", 5, 1, END, 0));
    out.extend(entry("Workbook", 2, FREE, 2, stream.len() as u32));
    out.extend(entry("", 0, FREE, 0, 0));
    out.extend(entry("", 0, FREE, 0, 0));
    out.extend_from_slice(&stream);
    out.resize(512 * (2 + sectors + 1), 0);
    std::fs::write(path, &out).expect("write");
    path.to_path_buf()
}

// --------------------------------------------------------------------- PDF

/// Writes a PDF of `objects` (object `n` is `objects[n - 1]`, `/Root` is
/// object 1) with an exact cross-reference table, object by object.
pub fn pdf(path: &Path, count: usize, object: impl Fn(usize) -> Vec<u8>) -> PathBuf {
    let mut file = BufWriter::new(File::create(path).expect("create"));
    let mut at: u64 = 0;
    let mut offsets = Vec::with_capacity(count);
    let put = |file: &mut BufWriter<File>, bytes: &[u8], at: &mut u64| {
        file.write_all(bytes).expect("write");
        *at += bytes.len() as u64;
    };
    put(&mut file, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", &mut at);
    for n in 1..=count {
        offsets.push(at);
        put(&mut file, format!("{n} 0 obj\n").as_bytes(), &mut at);
        put(&mut file, &object(n), &mut at);
        put(&mut file, b"\nendobj\n", &mut at);
    }
    let xref = at;
    put(
        &mut file,
        format!("xref\n0 {}\n0000000000 65535 f \n", count + 1).as_bytes(),
        &mut at,
    );
    for offset in offsets {
        put(
            &mut file,
            format!("{offset:010} 00000 n \n").as_bytes(),
            &mut at,
        );
    }
    put(
        &mut file,
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            count + 1
        )
        .as_bytes(),
        &mut at,
    );
    file.flush().expect("flush");
    path.to_path_buf()
}

pub const HELVETICA: &[u8] =
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// A stream object with an exact `/Length`.
pub fn pdf_stream(data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A content stream showing `text` in Helvetica (`/F1`).
pub fn show(text: &str) -> Vec<u8> {
    format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET").into_bytes()
}

/// A page whose parent is `parent`, font object `font`, content `content`.
pub fn page(parent: usize, font: usize, content: usize) -> Vec<u8> {
    format!(
        "<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
    )
    .into_bytes()
}
