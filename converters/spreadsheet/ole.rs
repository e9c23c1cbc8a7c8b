//! Opens an OLE compound file (MS-CFB) with the `cfb` crate to say what it
//! is and whether calamine can safely be handed it: the entries at the top
//! of its directory (a `Workbook`, a `WordDocument`, an `EncryptedPackage`),
//! and a scan of the workbook streams' BIFF records for sizes that would
//! make calamine allocate without bound.
//!
//! calamine reads the compound file with its own code and trusts sizes in
//! it: it follows the directory chain until its end marker (a loop never
//! ends), follows stream chains up to their declared length, reserves room
//! for a sheet's declared DIMENSIONS, and lays each sheet out densely over
//! the bounding box of its cells. On a damaged or hostile file each of
//! these can exhaust memory, which aborts the process (an allocation
//! failure is not a panic `catch_unwind` can stop). So a file goes to
//! calamine only when the `cfb` crate could open it (its allocation table
//! and directory have no loop and point nowhere past the file), no entry
//! declares more bytes than the whole file, and its workbook streams pass
//! [`check_biff`] (whose dense grids must also fit the file's
//! [`DenseBudget`]); and calamine reads the file as the crate reads it,
//! written anew ([`Compound::rewritten`]), not the original bytes, which
//! its own reader may follow further than the crate did.

use super::dense::DenseBudget;
use super::read::Rect;
use cfb::CompoundFile;
use std::io::{Cursor, Read};

/// The most cells a sheet's bounding box or its DIMENSIONS record may
/// hold: BIFF8's own limit of 65,536 rows × 256 columns. calamine
/// reserves room for the DIMENSIONS and lays the box out densely; the box
/// must also fit the file's [`DenseBudget`].
pub const MAX_SHEET_AREA: u64 = 65_536 * 256;

/// What the OLE directory says a file is.
#[derive(Debug, PartialEq)]
pub enum OleContent {
    /// A `Workbook` or `Book` stream at the top level: an `.xls`.
    Workbook,
    /// `EncryptionInfo` / `EncryptedPackage`: an encrypted OOXML file.
    EncryptedOoxml,
    WordDocument,
    PowerPoint,
    /// Some other compound file; its top-level entry names.
    Other(Vec<String>),
}

/// A compound file the `cfb` crate opened.
pub struct Compound<'a> {
    file: CompoundFile<Cursor<&'a [u8]>>,
}

impl<'a> Compound<'a> {
    /// Opens `bytes` as a compound file. `Err` says why its structure cannot
    /// be followed: the `cfb` crate's reason (a loop, a sector past the end
    /// of the file, a malformed header or directory), or an entry declaring
    /// more bytes than the whole file (calamine would follow its chain that
    /// far, round a loop if need be).
    pub fn open(bytes: &'a [u8]) -> Result<Compound<'a>, String> {
        let file = CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let file_len = bytes.len() as u64;
        if let Some(entry) = file.walk().find(|e| e.len() > file_len) {
            return Err(format!(
                "{} declares {} bytes, more than the whole file",
                if entry.is_root() {
                    "its mini stream".to_string()
                } else {
                    format!("entry '{}'", printable(entry.name()))
                },
                entry.len()
            ));
        }
        Ok(Compound { file })
    }

    /// Classifies the file by the entries at the top of its directory. Only
    /// the top level counts: a Word document may embed a workbook (WPS
    /// attachments do) and a workbook may embed a Word document, each in a
    /// storage of its own.
    pub fn content(&self) -> OleContent {
        let mut names: Vec<String> = self
            .file
            .read_root_storage()
            .map(|e| e.name().to_string())
            .collect();
        let has = |wanted: &str| names.iter().any(|n| n.eq_ignore_ascii_case(wanted));
        if has("EncryptedPackage") || has("EncryptionInfo") {
            OleContent::EncryptedOoxml
        } else if has("WordDocument") {
            OleContent::WordDocument
        } else if has("PowerPoint Document") {
            OleContent::PowerPoint
        } else if has("Workbook") || has("Book") {
            OleContent::Workbook
        } else {
            // The directory keeps names in its own order (shortest first);
            // a reader finds them more easily in alphabetical order.
            names.sort_by_key(|n| printable(n).to_lowercase());
            OleContent::Other(names)
        }
    }

    /// Checks the workbook streams the way calamine will read them; `Err`
    /// says why the file must not be handed to calamine. calamine takes the
    /// first entry called `Workbook` (else `Book`) in directory order,
    /// whichever storage holds it, so every stream of either name is
    /// checked, against `budget`.
    pub fn check_workbook(&mut self, budget: &DenseBudget) -> Result<(), String> {
        let streams: Vec<_> = self
            .file
            .walk()
            .filter(|e| {
                e.is_stream()
                    && (e.name().eq_ignore_ascii_case("Workbook")
                        || e.name().eq_ignore_ascii_case("Book"))
            })
            .map(|e| e.path().to_path_buf())
            .collect();
        for path in streams {
            let mut stream = Vec::new();
            self.file
                .open_stream(&path)
                .and_then(|mut s| s.read_to_end(&mut stream))
                .map_err(|e| format!("its workbook stream cannot be read ({e})"))?;
            check_biff(&stream, budget)?;
        }
        Ok(())
    }

    /// The file as the `cfb` crate reads it, written anew: the entries of
    /// its directory tree and nothing else, with allocation tables that
    /// describe exactly them. calamine reads this copy instead of the
    /// original bytes, so that it follows no chain the crate ended (a FAT
    /// entry pointing past the end of the file is the end of its chain to
    /// the crate; calamine would follow it, and round a loop from there)
    /// and takes no stream from a directory slot the tree does not reach
    /// (calamine takes the first slot of a name, reachable or not).
    pub fn rewritten(&mut self) -> Result<Vec<u8>, String> {
        let copy = self
            .file
            .copy_to(Cursor::new(Vec::new()))
            .map_err(|e| e.to_string())?;
        Ok(copy.into_inner().into_inner())
    }
}

/// An entry name without the control characters that prefix property
/// streams (`\u{5}SummaryInformation`).
pub fn printable(name: &str) -> String {
    name.replace(|c: char| c.is_control(), "")
}

/// Walks the BIFF records of a workbook stream as calamine will: the
/// globals from the start, then each sheet from the offset its BOUNDSHEET
/// record gives, to its EOF record. A DIMENSIONS record of more than
/// [`MAX_SHEET_AREA`] cells, the cells of a sheet spanning more than that
/// or more than `budget` allows, or sheets that together span more than
/// `budget`, are refused, naming the sheet and its extent.
fn check_biff(stream: &[u8], budget: &DenseBudget) -> Result<(), String> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x0085 => {
                if let Some(offset) = le32(data, 0) {
                    sheets.push((offset as usize, sheet_name(data)));
                }
            }
            // FILEPASS: the rest is encrypted. calamine stops here with
            // its password error, before reading any sheet.
            0x002F if le16(data, 0).is_some_and(|v| v != 0) => return Ok(()),
            0x000A => break,
            _ => {}
        }
    }
    // A hostile file can point many sheets at the same records; bound the
    // work to a few passes over the stream.
    let mut work = stream.len().saturating_mul(8).max(1 << 20);
    let mut total_area: u64 = 0;
    for (offset, name) in sheets {
        let mut bounds: Option<Rect> = None;
        let mut grow = |row: u32, first_col: u32, last_col: u32| {
            let b = bounds.get_or_insert(Rect {
                top: row,
                left: first_col,
                bottom: row,
                right: last_col,
            });
            *b = Rect {
                top: b.top.min(row),
                left: b.left.min(first_col),
                bottom: b.bottom.max(row),
                right: b.right.max(last_col),
            };
        };
        for (typ, data) in records(stream, offset) {
            work = work
                .checked_sub(4 + data.len())
                .ok_or("its sheets overlap")?;
            match typ {
                0x000A => break,
                0x0200 => {
                    if let Some(area) = dimensions_area(data)
                        && area > MAX_SHEET_AREA
                    {
                        return Err(format!(
                            "sheet '{name}' declares {area} cells (DIMENSIONS), more than an \
                             Excel sheet can hold"
                        ));
                    }
                }
                // Cell records: NUMBER, LABEL, RSTRING, BOOLERR, STRING's
                // FORMULA, RK, LABELSST: row and column first.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x0006 | 0x027E | 0x00FD => {
                    if let (Some(row), Some(col)) = (le16(data, 0), le16(data, 2)) {
                        grow(row.into(), col.into(), col.into());
                    }
                }
                // MULRK: row, first column, …, last column.
                0x00BD if data.len() >= 6 => {
                    if let (Some(row), Some(first), Some(last)) =
                        (le16(data, 0), le16(data, 2), le16(data, data.len() - 2))
                    {
                        grow(row.into(), first.into(), last.max(first).into());
                    }
                }
                _ => {}
            }
        }
        if let Some(extent) = bounds {
            let area = u64::from(extent.bottom - extent.top + 1)
                * u64::from(extent.right - extent.left + 1);
            if area > MAX_SHEET_AREA || area > budget.positions {
                return Err(budget.sheet_refused(&name, extent, area));
            }
            total_area += area;
        }
    }
    if total_area > budget.positions {
        return Err(budget.workbook_refused(total_area));
    }
    Ok(())
}

/// The sheet name of a BOUNDSHEET record, for messages: a BIFF8
/// `ShortXLUnicodeString` (length, flags, Latin-1 or UTF-16 characters), or
/// BIFF5's bytes; `?` where the record is too short.
fn sheet_name(data: &[u8]) -> String {
    let Some(&cch) = data.get(6) else {
        return "?".into();
    };
    let cch = usize::from(cch);
    match data.get(7) {
        Some(&flags) if flags & 0xFE == 0 && data.len() >= 8 + cch * (1 + usize::from(flags)) => {
            let chars = &data[8..];
            if flags & 1 == 1 {
                let units: Vec<u16> = chars[..cch * 2]
                    .chunks_exact(2)
                    .map(|p| u16::from_le_bytes([p[0], p[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                chars[..cch].iter().map(|&b| char::from(b)).collect()
            }
        }
        _ => data.get(7..7 + cch).map_or_else(
            || "?".into(),
            |b| b.iter().map(|&b| char::from(b)).collect(),
        ),
    }
}

/// The cells calamine reserves for a DIMENSIONS record, computed as it
/// does (including its wrap-around when the first row exceeds the last).
fn dimensions_area(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(le16(data, 0)?),
            u32::from(le16(data, 2)?),
            u32::from(le16(data, 4)?),
            u32::from(le16(data, 6)?),
        ),
        14 | 16 => (
            le32(data, 0)?,
            le32(data, 4)?,
            u32::from(le16(data, 8)?),
            u32::from(le16(data, 10)?),
        ),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (end_row, end_col) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = u64::from(end_row.wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from(end_col.wrapping_sub(cf).wrapping_add(1));
    Some(rows.saturating_mul(cols))
}

/// BIFF records from `offset`: (type, data), until the stream ends or a
/// record runs past it.
fn records(stream: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = offset;
    std::iter::from_fn(move || {
        let typ = le16(stream, at)?;
        let len = usize::from(le16(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfb::Version;
    use std::io::Write;

    /// A version 3 compound file (512-byte sectors) holding `streams`
    /// (path, content); storages on the way are created.
    fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file =
            CompoundFile::create_with_version(Version::V3, Cursor::new(Vec::new())).unwrap();
        for (path, content) in streams {
            if let Some((storage, _)) = path.rsplit_once('/') {
                file.create_storage_all(storage).unwrap();
            }
            file.create_stream(path)
                .unwrap()
                .write_all(content)
                .unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    fn content(bytes: &[u8]) -> OleContent {
        Compound::open(bytes).unwrap().content()
    }

    #[test]
    fn only_top_level_entries_decide_what_an_ole_file_is() {
        // A Word document that embeds a workbook in a storage.
        let doc = compound_file(&[("WordDocument", b""), ("ObjectPool/Workbook", b"")]);
        assert_eq!(content(&doc), OleContent::WordDocument);
        // A workbook that embeds a Word document.
        let xls = compound_file(&[("Workbook", b""), ("MBD0001/WordDocument", b"")]);
        assert_eq!(content(&xls), OleContent::Workbook);
        let encrypted = compound_file(&[("EncryptionInfo", b""), ("EncryptedPackage", b"")]);
        assert_eq!(content(&encrypted), OleContent::EncryptedOoxml);
        let other = compound_file(&[("Package", b""), ("Contents", b""), ("\u{1}Ole", b"")]);
        assert_eq!(
            content(&other),
            OleContent::Other(vec!["Contents".into(), "\u{1}Ole".into(), "Package".into()])
        );
    }

    /// Where the FAT entry of `sector` lies in a version 3 file (whose
    /// first FAT sector covers it).
    fn fat_entry(file: &[u8], sector: u32) -> usize {
        let first_fat = le32(file, 0x4C).unwrap() as usize;
        512 * (first_fat + 1) + 4 * sector as usize
    }

    #[test]
    fn loops_and_oversized_streams_are_refused() {
        let xls = compound_file(&[("Workbook", &[0u8; 8000])]);
        assert!(Compound::open(&xls).is_ok());
        // A directory chain that loops (its one sector points to itself):
        // calamine would grow its directory buffer until memory runs out.
        let mut looping = xls.clone();
        let directory = le32(&xls, 0x30).unwrap();
        let at = fat_entry(&xls, directory);
        looping[at..at + 4].copy_from_slice(&directory.to_le_bytes());
        assert!(Compound::open(&looping).is_err());
        // A stream that claims to be larger than the file: calamine would
        // follow its chain that far.
        let name: Vec<u8> = "Workbook"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let entry = xls.windows(name.len()).position(|w| w == name).unwrap();
        let mut oversized = xls.clone();
        oversized[entry + 0x78..entry + 0x7C].copy_from_slice(&u32::MAX.to_le_bytes());
        let reason = Compound::open(&oversized).err().unwrap();
        assert!(
            reason.contains("entry 'Workbook' declares 4294967295 bytes"),
            "{reason}"
        );
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    /// A workbook stream: globals with one BOUNDSHEET, then the sheet's
    /// records after its BOF.
    fn workbook_stream(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0, 6, 5, 0, 0, 0, 0, 0]);
        let globals_len = bof.len() + 4 + 10 + 4;
        let mut boundsheet = (globals_len as u32).to_le_bytes().to_vec();
        boundsheet.extend_from_slice(&[0, 0, 1, 0, b'S', 0]);
        let mut stream = bof.clone();
        stream.extend(record(0x0085, &boundsheet));
        stream.extend(record(0x000A, &[]));
        assert_eq!(stream.len(), globals_len);
        stream.extend(bof);
        for r in sheet_records {
            stream.extend_from_slice(r);
        }
        stream.extend(record(0x000A, &[]));
        stream
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&[0; 10]);
        record(0x0203, &data)
    }

    fn dimensions(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
        let mut data = first_row.to_le_bytes().to_vec();
        data.extend_from_slice(&last_row.to_le_bytes());
        data.extend_from_slice(&first_col.to_le_bytes());
        data.extend_from_slice(&last_col.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        record(0x0200, &data)
    }

    fn check(path: &str, sheet_records: &[Vec<u8>]) -> Result<(), String> {
        let file = compound_file(&[(path, &workbook_stream(sheet_records))]);
        let budget = DenseBudget::new(file.len(), &docmend_core::converter::Limits::default());
        Compound::open(&file).unwrap().check_workbook(&budget)
    }

    #[test]
    fn workbook_streams_are_checked_as_calamine_reads_them() {
        let fine = [dimensions(0, 3, 0, 2), number(0, 0), number(2, 1)];
        assert_eq!(check("Workbook", &fine), Ok(()));
        // calamine would reserve 2^20 × 2^16 cells for this DIMENSIONS.
        let huge = [dimensions(0, 1 << 20, 0, 0xFFFF)];
        assert!(check("Workbook", &huge).unwrap_err().contains("DIMENSIONS"));
        // First row past the last: calamine's subtraction wraps around.
        assert!(check("Workbook", &[dimensions(10, 5, 0, 1)]).is_err());
        // Two cells far apart: calamine lays the sheet out densely.
        let sparse = [number(0, 0), number(65_535, 65_535)];
        assert!(check("Workbook", &sparse).unwrap_err().contains("span"));
        // Within BIFF8's limits, but out of proportion to a small file.
        let far = [number(0, 0), number(65_535, 255)];
        assert_eq!(
            check("Workbook", &far).unwrap_err(),
            "sheet 'S' spans 65536 rows × 256 columns (A1:IV65536), 16777216 positions that the \
             reader lays out one by one in memory; out of proportion to a file of 2560 bytes, \
             which may span 1048576 (4 per byte of the file, at least 1048576; a cell far from \
             the others, or repeats that expand to millions of cells)"
        );
        let near = [number(0, 0), number(1000, 255)];
        assert_eq!(check("Workbook", &near), Ok(()));
        // BIFF5 names its stream Book; calamine also takes a workbook
        // stream from a storage when it comes first in the directory.
        assert!(check("Book", &huge).is_err());
        assert!(check("MBD0001/Workbook", &huge).is_err());
    }
}
