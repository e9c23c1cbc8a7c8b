//! CID → Unicode for the Adobe CJK character collections (GB1, CNS1,
//! Japan1, Korea1): what a CID font with Identity encoding and no
//! ToUnicode map means by its CIDs, read from its `CIDSystemInfo`
//! ordering, as poppler and MuPDF do.
//!
//! The tables are Adobe's `Adobe-*-UCS2` CMaps (BSD-3-Clause; notice in
//! `collections/LICENSE-Adobe.txt`), packed by `collections/generate.py`
//! into one `u32` per CID. Each is unpacked once, on first use, and only
//! read after that.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One collection's table.
pub struct Collection {
    chars: Vec<u32>,
    /// CIDs that stand for several characters.
    several: HashMap<u32, String>,
}

const SEVERAL: u32 = u32::MAX;

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Collection({} CIDs)", self.chars.len())
    }
}

impl Collection {
    /// The text of a CID, if the collection maps it.
    pub fn text(&self, cid: u32) -> Option<String> {
        match *self.chars.get(cid as usize)? {
            0 => None,
            SEVERAL => self.several.get(&cid).cloned(),
            c => char::from_u32(c).map(String::from),
        }
    }

    fn unpack(bytes: &[u8]) -> Collection {
        let mut at = 0;
        let u32_at = |at: &mut usize| -> Option<u32> {
            let v = u32::from_le_bytes(bytes.get(*at..*at + 4)?.try_into().ok()?);
            *at += 4;
            Some(v)
        };
        let n = u32_at(&mut at).unwrap_or(0) as usize;
        let mut chars = Vec::with_capacity(n);
        for _ in 0..n {
            chars.push(u32_at(&mut at).unwrap_or(0));
        }
        let m = u32_at(&mut at).unwrap_or(0);
        let mut several = HashMap::new();
        for _ in 0..m {
            let (Some(cid), Some(&len)) = (u32_at(&mut at), bytes.get(at)) else {
                break;
            };
            at += 1;
            let Some(text) = bytes.get(at..at + len as usize) else {
                break;
            };
            at += len as usize;
            several.insert(cid, String::from_utf8_lossy(text).into_owned());
        }
        Collection { chars, several }
    }
}

macro_rules! collection {
    ($file:literal) => {{
        static TABLE: OnceLock<Collection> = OnceLock::new();
        TABLE.get_or_init(|| Collection::unpack(include_bytes!($file)))
    }};
}

/// The collection a `CIDSystemInfo` ordering names (`GB1`, `CNS1`,
/// `Japan1`, `Korea1`).
pub fn for_ordering(ordering: &str) -> Option<&'static Collection> {
    Some(match ordering {
        "GB1" => collection!("collections/Adobe-GB1.bin"),
        "CNS1" => collection!("collections/Adobe-CNS1.bin"),
        "Japan1" => collection!("collections/Adobe-Japan1.bin"),
        "Korea1" => collection!("collections/Adobe-Korea1.bin"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_cids_map_to_their_characters() {
        let gb1 = for_ordering("GB1").unwrap();
        // CID 1 is the space, 34 is 'A' in every Adobe CJK collection.
        assert_eq!(gb1.text(1).as_deref(), Some(" "));
        assert_eq!(gb1.text(34).as_deref(), Some("A"));
        // Adobe-GB1 CID 4559 is 中 (GB2312 row 54 cell 48).
        assert_eq!(gb1.text(4559).as_deref(), Some("中"));
        let japan1 = for_ordering("Japan1").unwrap();
        // Adobe-Japan1 CID 843 is あ.
        assert_eq!(japan1.text(843).as_deref(), Some("あ"));
        assert!(gb1.text(u32::MAX - 1).is_none());
        assert!(for_ordering("Identity").is_none());
    }
}
