//! Checks the record headers of an XLSB workbook's binary parts before
//! calamine reads them.
//!
//! An XLSB part is a run of records, each a type and a length (up to
//! 2²⁸ bytes, in a variable-length integer). calamine sizes its buffer to a
//! record's length before reading the record, so a record that declares
//! 256 MiB in a part of a few bytes costs 256 MiB. Every record must fit in
//! what remains of its part; the walk reads the parts as calamine does
//! (through the `zip` crate, up to the first error) and holds one small
//! buffer.

use super::container::UntilError;
use std::io::{BufReader, Cursor, Read};
use zip::ZipArchive;

/// Records shorter than this are not worth refusing even past the end of
/// their part: calamine's buffer for them is small.
const SMALL_RECORD: u64 = 64 * 1024;

/// Refuses the workbook when a record of one of its `xl/…*.bin` parts
/// (the VBA project, an OLE file, aside) declares more bytes than its
/// part holds after it. An archive the `zip` crate cannot read passes:
/// calamine fails on it first.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let name = String::from_utf8_lossy(part.name_raw()).into_owned();
        let lower = name.to_ascii_lowercase();
        if !lower.starts_with("xl/")
            || !lower.ends_with(".bin")
            || lower.ends_with("vbaproject.bin")
        {
            continue;
        }
        let size = part.size();
        if let Some((at, length)) = oversized_record(UntilError(Some(part)), size) {
            return Err(format!(
                "a record of its part {name} at byte {at} declares {length} bytes, more than \
                 the {} bytes its part holds after it (damaged, or made to exhaust memory)",
                size.saturating_sub(at)
            ));
        }
    }
    Ok(())
}

/// The first record (its offset and declared length) whose length passes
/// what remains of a part of `size` bytes.
fn oversized_record(part: impl Read, size: u64) -> Option<(u64, u64)> {
    let mut reader = BufReader::new(part);
    let mut at: u64 = 0;
    loop {
        let start = at;
        let first = byte(&mut reader)?;
        at += 1;
        if first & 0x80 != 0 {
            byte(&mut reader)?;
            at += 1;
        }
        let mut length: u64 = 0;
        for i in 0..4 {
            let b = byte(&mut reader)?;
            at += 1;
            length |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        if length > SMALL_RECORD && length > size.saturating_sub(at) {
            return Some((start, length));
        }
        let skipped = std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink()).ok()?;
        if skipped < length {
            return None;
        }
        at += length;
    }
}

fn byte(reader: &mut impl Read) -> Option<u8> {
    let mut b = [0u8];
    reader.read_exact(&mut b).ok()?;
    Some(b[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record: type (one or two bytes) and a length as calamine reads it.
    fn record(typ: u16, length: u32, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        if typ < 0x80 {
            out.push(typ as u8);
        } else {
            out.push((typ & 0x7F) as u8 | 0x80);
            out.push((typ >> 7) as u8);
        }
        let mut n = length;
        loop {
            let b = (n & 0x7F) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn records_must_fit_their_part() {
        let mut part = record(0x0081, 3, b"abc");
        part.extend(record(0x0094, 0, b""));
        assert_eq!(oversized_record(&part[..], part.len() as u64), None);
        // A record claiming 256 MiB in a part of a few bytes.
        let mut bad = part.clone();
        let at = bad.len() as u64;
        bad.extend(record(0x0091, (1 << 28) - 1, b"xy"));
        assert_eq!(
            oversized_record(&bad[..], bad.len() as u64),
            Some((at, (1 << 28) - 1))
        );
        // A small record cut short by the end of the part is calamine's
        // error to report, not a danger.
        let mut cut = part.clone();
        cut.extend(record(0x0091, 100, b"xy"));
        assert_eq!(oversized_record(&cut[..], cut.len() as u64), None);
    }
}
