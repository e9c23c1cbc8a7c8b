//! Reads just enough of an OLE compound file (MS-CFB) to say what it is
//! and whether calamine can safely be handed it: the directory's top-level
//! entries (a `Workbook`, a `WordDocument`, an `EncryptedPackage`), and a
//! pre-scan of the workbook stream's BIFF records for sizes that would
//! make calamine allocate without bound.
//!
//! calamine trusts sizes in the file: it follows a directory chain until
//! its end marker (a loop never ends), follows stream chains up to their
//! declared length, reserves room for a sheet's declared DIMENSIONS, and
//! lays each sheet out densely over the bounding box of its cells. On a
//! damaged or hostile file each of these can exhaust memory, which aborts
//! the process (an allocation failure is not a panic `catch_unwind` can
//! stop). Every walk here is bounded by the file's own size.

use super::container::{OLE_MAGIC, le16, le32};

const FREE_SECTOR: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const NO_STREAM: u32 = 0xFFFF_FFFF;
/// Streams shorter than this live in the mini stream, in 64-byte sectors.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

/// The most cells a sheet's bounding box may hold: BIFF8's own limit of
/// 65,536 rows × 256 columns. calamine allocates the box densely.
pub const MAX_SHEET_AREA: u64 = 65_536 * 256;
/// The most cells the bounding boxes of all sheets may hold together
/// (about 1 GiB of calamine's cells).
pub const MAX_WORKBOOK_AREA: u64 = 1 << 25;

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
    /// A directory that cannot be walked (a loop, a sector past the end, a
    /// stream larger than the file); the entry names found by scanning.
    Damaged(Vec<String>),
}

/// Classifies an OLE file by the entries at the top of its directory.
/// Only the top level counts: a Word document may embed a workbook (WPS
/// attachments do) and a workbook may embed a Word document, each in a
/// storage of its own. A directory that cannot be walked makes the file
/// `Damaged`, and calamine never sees it.
pub fn classify(bytes: &[u8]) -> OleContent {
    let Some(names) = Compound::parse(bytes).and_then(|c| c.root_names()) else {
        return OleContent::Damaged(entry_names(bytes));
    };
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
        OleContent::Other(names)
    }
}

/// Checks the workbook stream the way calamine will read it; `Err` says
/// why the file must not be handed to calamine.
pub fn check_workbook(bytes: &[u8]) -> Result<(), String> {
    let compound = Compound::parse(bytes).ok_or("its directory cannot be followed")?;
    // calamine takes the first entry of either name, in directory order.
    let stream = compound
        .stream("Workbook")
        .or_else(|| compound.stream("Book"))
        .ok_or("its workbook stream cannot be followed")?;
    check_biff(&stream)
}

/// A parsed compound file: the allocation table and the directory.
struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    version_3: bool,
    fat: Vec<u32>,
    directory: Vec<u8>,
}

impl<'a> Compound<'a> {
    /// Reads the header's DIFAT (the FAT sectors), the FAT and the
    /// directory chain. `None` for a file with a loop, a sector past its
    /// end, or a stream or mini FAT declared larger than the file.
    fn parse(bytes: &'a [u8]) -> Option<Compound<'a>> {
        if !bytes.starts_with(OLE_MAGIC) {
            return None;
        }
        let shift = le16(bytes, 0x1E)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let mut compound = Compound {
            bytes,
            sector_size: 1 << shift,
            version_3: shift == 9,
            fat: Vec::new(),
            directory: Vec::new(),
        };
        let max_sectors = bytes.len() / compound.sector_size + 1;

        // FAT sector ids: 109 in the header, then the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| le32(bytes, 0x4C + 4 * i))
            .filter(|&id| id != FREE_SECTOR)
            .collect();
        let mut difat = le32(bytes, 0x44)?;
        let mut steps = 0;
        while difat != END_OF_CHAIN && difat != FREE_SECTOR {
            steps += 1;
            if steps > max_sectors {
                return None;
            }
            let data = compound.sector(difat)?;
            let ids = compound.sector_size / 4 - 1;
            fat_sectors.extend(
                (0..ids)
                    .filter_map(|i| le32(data, 4 * i))
                    .filter(|&id| id != FREE_SECTOR),
            );
            difat = le32(data, 4 * ids)?;
        }
        fat_sectors.truncate(max_sectors);
        let mut fat = Vec::new();
        for id in fat_sectors {
            let data = compound.sector(id)?;
            fat.extend((0..compound.sector_size / 4).filter_map(|i| le32(data, 4 * i)));
        }
        compound.fat = fat;
        compound.directory = compound.chain(le32(bytes, 0x30)?, u64::MAX)?;

        let mini_fat_bytes = u64::from(le32(bytes, 0x40)?) * compound.sector_size as u64;
        if mini_fat_bytes > bytes.len() as u64 {
            return None;
        }
        for slot in compound.directory.chunks_exact(128) {
            if matches!(slot[66], 2 | 5) && compound.size_of(slot)? > bytes.len() as u64 {
                return None;
            }
        }
        Some(compound)
    }

    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize)
            .checked_add(1)?
            .checked_mul(self.sector_size)?;
        self.bytes.get(start..start.checked_add(self.sector_size)?)
    }

    /// The bytes of a chain of sectors, at most `len` of them; `None` on a
    /// loop (more steps than the table has entries) or a bad sector.
    fn chain(&self, mut next: u32, len: u64) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut steps = 0;
        while next != END_OF_CHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > self.fat.len() {
                return None;
            }
            out.extend_from_slice(self.sector(next)?);
            next = *self.fat.get(next as usize)?;
        }
        if len != u64::MAX {
            out.truncate(len as usize);
        }
        Some(out)
    }

    fn size_of(&self, entry: &[u8]) -> Option<u64> {
        if self.version_3 {
            le32(entry, 0x78).map(u64::from)
        } else {
            Some(u64::from_le_bytes(entry.get(0x78..0x80)?.try_into().ok()?))
        }
    }

    fn entry(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize).checked_mul(128)?;
        self.directory.get(start..start + 128)
    }

    /// The names directly under the root storage: a tree linked through
    /// left (0x44) and right (0x48) siblings from the root's child (0x4C).
    fn root_names(&self) -> Option<Vec<String>> {
        let mut names = Vec::new();
        let mut pending = vec![le32(self.entry(0)?, 0x4C)?];
        let mut visited = 0;
        while let Some(id) = pending.pop() {
            if id == NO_STREAM {
                continue;
            }
            visited += 1;
            if visited > self.directory.len() / 128 {
                return None;
            }
            let e = self.entry(id)?;
            if let Some(name) = directory_entry_name(e) {
                names.push(name);
            }
            pending.push(le32(e, 0x44)?);
            pending.push(le32(e, 0x48)?);
        }
        Some(names)
    }

    /// The content of the first stream called `name`, from the FAT or,
    /// when it is short, from the mini stream.
    fn stream(&self, name: &str) -> Option<Vec<u8>> {
        let entry = self.directory.chunks_exact(128).find(|e| {
            e[66] == 2 && directory_entry_name(e).is_some_and(|n| n.eq_ignore_ascii_case(name))
        })?;
        let start = le32(entry, 0x74)?;
        let len = self.size_of(entry)?;
        if len >= MINI_CUTOFF {
            return self.chain(start, len);
        }
        let root = self.entry(0)?;
        let mini_stream = self.chain(le32(root, 0x74)?, self.size_of(root)?)?;
        let mini_fat_bytes = self.chain(
            le32(self.bytes, 0x3C)?,
            u64::from(le32(self.bytes, 0x40)?) * self.sector_size as u64,
        )?;
        let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4)
            .filter_map(|i| le32(&mini_fat_bytes, 4 * i))
            .collect();
        let mut out = Vec::new();
        let mut next = start;
        let mut steps = 0;
        while next != END_OF_CHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > mini_fat.len() {
                return None;
            }
            let at = (next as usize).checked_mul(MINI_SECTOR)?;
            out.extend_from_slice(mini_stream.get(at..at + MINI_SECTOR)?);
            next = *mini_fat.get(next as usize)?;
        }
        out.truncate(len as usize);
        Some(out)
    }
}

/// Walks the BIFF records of a workbook stream as calamine will: the
/// globals from the start, then each sheet from the offset its BOUNDSHEET
/// record gives, to its EOF record. A DIMENSIONS record or the cells of a
/// sheet that span more than [`MAX_SHEET_AREA`], or sheets that together
/// span more than [`MAX_WORKBOOK_AREA`], are refused.
fn check_biff(stream: &[u8]) -> Result<(), String> {
    let mut sheet_offsets = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x0085 => {
                if let Some(offset) = le32(data, 0) {
                    sheet_offsets.push(offset as usize);
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
    let mut budget = stream.len().saturating_mul(8).max(1 << 20);
    let mut total_area: u64 = 0;
    for offset in sheet_offsets {
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        let mut grow = |row: u32, first_col: u32, last_col: u32| {
            let b = bounds.get_or_insert((row, first_col, row, last_col));
            *b = (
                b.0.min(row),
                b.1.min(first_col),
                b.2.max(row),
                b.3.max(last_col),
            );
        };
        for (typ, data) in records(stream, offset) {
            budget = budget
                .checked_sub(4 + data.len())
                .ok_or("its sheets overlap")?;
            match typ {
                0x000A => break,
                0x0200 => {
                    if let Some(area) = dimensions_area(data)
                        && area > MAX_SHEET_AREA
                    {
                        return Err(format!("a sheet declares {area} cells (DIMENSIONS)"));
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
        if let Some((top, left, bottom, right)) = bounds {
            let area = u64::from(bottom - top + 1) * u64::from(right - left + 1);
            if area > MAX_SHEET_AREA {
                return Err(format!("a sheet's cells span {area} positions"));
            }
            total_area += area;
        }
    }
    if total_area > MAX_WORKBOOK_AREA {
        return Err(format!("its sheets' cells span {total_area} positions"));
    }
    Ok(())
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

/// Every well-formed directory entry name in the file, found by looking at
/// each 128-byte-aligned slot (directory sectors start on such boundaries
/// wherever they lie). Used only to name what a damaged file holds.
pub fn entry_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 512;
    while at + 128 <= bytes.len() {
        if let Some(name) = directory_entry_name(&bytes[at..at + 128])
            && !names.contains(&name)
        {
            names.push(name);
        }
        at += 128;
    }
    names
}

fn directory_entry_name(entry: &[u8]) -> Option<String> {
    let name_len = usize::from(le16(entry, 64)?);
    let object_type = *entry.get(66)?;
    if !(4..=64).contains(&name_len) || name_len % 2 != 0 || !matches!(object_type, 1 | 2 | 5) {
        return None;
    }
    let units: Vec<u16> = entry[..name_len]
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let (terminator, name) = units.split_last()?;
    if *terminator != 0 || name.contains(&0) {
        return None;
    }
    let name = String::from_utf16(name).ok()?;
    // Stream names are short identifiers; control characters other than the
    // \u{1}…\u{6} prefixes of property and data-space streams mean this slot
    // is not an entry.
    name.chars()
        .all(|c| !c.is_control() || ('\u{1}'..='\u{6}').contains(&c))
        .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_entry(name: &str, object_type: u8) -> Vec<u8> {
        let mut entry = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            entry[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        entry[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        entry[66] = object_type;
        entry
    }

    /// A compound file of 512-byte sectors: sector 0 the FAT, sector 1 the
    /// directory holding `entries` (name, type, left, right, child), then
    /// `data` in sectors 2… as the one regular stream, given to the entry
    /// named `Workbook`.
    fn compound_file(entries: &[(&str, u8, u32, u32, u32)], data: &[u8]) -> Vec<u8> {
        let data_sectors = data.len().div_ceil(512);
        let mut file = OLE_MAGIC.to_vec();
        file.resize(512, 0);
        file[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        file[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
        file[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
        file[0x3C..0x40].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        file[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            let id = if i == 0 { 0 } else { FREE_SECTOR };
            file[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        let mut fat = vec![0xFFu8; 512];
        let mut chain = vec![0xFFFF_FFFDu32, END_OF_CHAIN];
        for i in 0..data_sectors {
            chain.push(if i + 1 < data_sectors {
                i as u32 + 3
            } else {
                END_OF_CHAIN
            });
        }
        for (i, v) in chain.iter().enumerate() {
            fat[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
        }
        file.extend(fat);
        let mut directory = Vec::new();
        for &(name, object_type, left, right, child) in entries {
            let mut entry = dir_entry(name, object_type);
            entry[0x44..0x48].copy_from_slice(&left.to_le_bytes());
            entry[0x48..0x4C].copy_from_slice(&right.to_le_bytes());
            entry[0x4C..0x50].copy_from_slice(&child.to_le_bytes());
            if name == "Workbook" {
                entry[0x74..0x78].copy_from_slice(&2u32.to_le_bytes());
                entry[0x78..0x7C].copy_from_slice(&(data.len() as u32).to_le_bytes());
            } else {
                entry[0x74..0x78].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
            }
            directory.extend(entry);
        }
        directory.resize(512, 0);
        file.extend(directory);
        file.extend(data);
        file.resize(512 * (3 + data_sectors), 0);
        file
    }

    const NO: u32 = NO_STREAM;

    #[test]
    fn only_top_level_entries_decide_what_an_ole_file_is() {
        // A Word document that embeds a workbook in a storage.
        let doc = compound_file(
            &[
                ("Root Entry", 5, NO, NO, 1),
                ("WordDocument", 2, NO, 2, NO),
                ("ObjectPool", 1, NO, NO, 3),
                ("Workbook", 2, NO, NO, NO),
            ],
            &[],
        );
        let names = Compound::parse(&doc).unwrap().root_names().unwrap();
        assert_eq!(names, ["WordDocument", "ObjectPool"]);
        assert_eq!(classify(&doc), OleContent::WordDocument);
        // A workbook that embeds a Word document.
        let xls = compound_file(
            &[
                ("Root Entry", 5, NO, NO, 1),
                ("Workbook", 2, 2, NO, NO),
                ("MBD0001", 1, NO, NO, 3),
                ("WordDocument", 2, NO, NO, NO),
            ],
            &[],
        );
        assert_eq!(classify(&xls), OleContent::Workbook);
        let encrypted = compound_file(
            &[
                ("Root Entry", 5, NO, NO, 1),
                ("EncryptionInfo", 2, NO, 2, NO),
                ("EncryptedPackage", 2, NO, NO, NO),
            ],
            &[],
        );
        assert_eq!(classify(&encrypted), OleContent::EncryptedOoxml);
    }

    #[test]
    fn loops_and_oversized_streams_make_a_file_damaged() {
        // A sibling cycle.
        let cyclic = compound_file(
            &[("Root Entry", 5, NO, NO, 1), ("Contents", 2, 1, 1, NO)],
            &[],
        );
        assert_eq!(
            classify(&cyclic),
            OleContent::Damaged(vec!["Root Entry".into(), "Contents".into()])
        );
        let xls = compound_file(
            &[("Root Entry", 5, NO, NO, 1), ("Workbook", 2, NO, NO, NO)],
            &[],
        );
        // A directory chain that loops (FAT[1] = 1): calamine would grow
        // its directory buffer until memory runs out.
        let mut looping = xls.clone();
        looping[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        assert!(matches!(classify(&looping), OleContent::Damaged(_)));
        // A stream that claims to be larger than the file.
        let mut oversized = xls.clone();
        oversized[1024 + 128 + 0x78..1024 + 128 + 0x7C].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(classify(&oversized), OleContent::Damaged(_)));
        // No directory at all: names come from scanning entry slots.
        let mut file = OLE_MAGIC.to_vec();
        file.resize(512, 0);
        file.extend(dir_entry("Root Entry", 5));
        file.extend(dir_entry("WordDocument", 2));
        let mut stray = vec![0u8; 3];
        stray.extend(dir_entry("EncryptedPackage", 2));
        stray.truncate(128);
        file.extend(stray);
        assert_eq!(
            classify(&file),
            OleContent::Damaged(vec!["Root Entry".into(), "WordDocument".into()])
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

    fn workbook_file(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        let mut stream = workbook_stream(sheet_records);
        // Regular (not mini) stream: at least 4096 bytes, padded with a
        // harmless record after the sheet's EOF.
        while stream.len() < 4096 {
            stream.extend(record(0x00FF, &[0; 200]));
        }
        compound_file(
            &[("Root Entry", 5, NO, NO, 1), ("Workbook", 2, NO, NO, NO)],
            &stream,
        )
    }

    #[test]
    fn workbook_streams_are_checked_as_calamine_reads_them() {
        let fine = workbook_file(&[dimensions(0, 3, 0, 2), number(0, 0), number(2, 1)]);
        assert_eq!(check_workbook(&fine), Ok(()));
        // calamine would reserve 2^20 × 2^16 cells for this DIMENSIONS.
        let huge = workbook_file(&[dimensions(0, 1 << 20, 0, 0xFFFF)]);
        assert!(check_workbook(&huge).unwrap_err().contains("DIMENSIONS"));
        // First row past the last: calamine's subtraction wraps around.
        let wrapped = workbook_file(&[dimensions(10, 5, 0, 1)]);
        assert!(check_workbook(&wrapped).is_err());
        // Two cells far apart: calamine lays the sheet out densely.
        let sparse = workbook_file(&[number(0, 0), number(65_535, 65_535)]);
        assert!(check_workbook(&sparse).unwrap_err().contains("span"));
    }
}
