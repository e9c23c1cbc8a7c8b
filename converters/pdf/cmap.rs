//! A small parser for ToUnicode CMaps: the `bfchar` and `bfrange` sections,
//! which is all a ToUnicode map uses. Anything else in the stream is skipped.

use std::collections::HashMap;

/// Source code (with its byte length) → Unicode text.
#[derive(Debug, Default)]
pub struct CMap {
    map: HashMap<(u32, usize), String>,
}

impl CMap {
    pub fn get(&self, code: u32, len: usize) -> Option<String> {
        self.map.get(&(code, len)).cloned()
    }
}

/// Caps the entries one map may create (a hostile bfrange could ask for 2^32).
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(&'a [u8]),
}

fn tokens(data: &[u8]) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'<' if data.get(i + 1) != Some(&b'<') => {
                let end = data[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| i + p);
                let digits: Vec<u8> = data[i + 1..end]
                    .iter()
                    .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect();
                let bytes = digits
                    .chunks(2)
                    .map(|c| (c[0] << 4) | c.get(1).copied().unwrap_or(0))
                    .collect();
                out.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !matches!(data[i], b'<' | b'[' | b']' | b'%')
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Token::Word(&data[start..i]));
            }
        }
    }
    out
}

fn utf16(bytes: &[u8]) -> String {
    let (text, _, _) = encoding_rs::UTF_16BE.decode(bytes);
    text.into_owned()
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |a, &b| (a << 8) | b as u32)
}

pub fn parse(data: &[u8]) -> CMap {
    let toks = tokens(data);
    let mut map = HashMap::new();
    let mut i = 0;
    while i < toks.len() && map.len() < MAX_ENTRIES {
        match toks[i] {
            Token::Word(b"beginbfchar") => {
                i += 1;
                while let (Some(Token::Hex(src)), Some(Token::Hex(dst))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    map.insert((code(src), src.len()), utf16(dst));
                    i += 2;
                }
            }
            Token::Word(b"beginbfrange") => {
                i += 1;
                while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    let (lo_c, hi_c, len) = (code(lo), code(hi), lo.len());
                    let count = hi_c.saturating_sub(lo_c).min(MAX_ENTRIES as u32) + 1;
                    match toks.get(i + 2) {
                        Some(Token::Hex(dst)) => {
                            for k in 0..count {
                                // The destination increments as a number over its
                                // last (up to four) bytes.
                                let n = dst.len().min(4);
                                let v = code(&dst[dst.len() - n..]).wrapping_add(k);
                                let mut d = dst[..dst.len() - n].to_vec();
                                d.extend_from_slice(&v.to_be_bytes()[4 - n..]);
                                map.insert((lo_c + k, len), utf16(&d));
                            }
                            i += 3;
                        }
                        Some(Token::Open) => {
                            let mut j = i + 3;
                            let mut k = 0;
                            while let Some(Token::Hex(dst)) = toks.get(j) {
                                if k < count {
                                    map.insert((lo_c + k, len), utf16(dst));
                                }
                                k += 1;
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    CMap { map }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_and_bfrange() {
        let m = parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0010> <4E2D> endbfchar\n\
              2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<56FD> <5BB6>] endbfrange",
        );
        assert_eq!(m.get(0x10, 2).as_deref(), Some("中"));
        assert_eq!(m.get(0x3, 2).as_deref(), Some(" "));
        assert_eq!(m.get(0x22, 2).as_deref(), Some("C"));
        assert_eq!(m.get(0x31, 2).as_deref(), Some("家"));
        assert_eq!(m.get(0x31, 1), None);
    }

    #[test]
    fn hostile_ranges_are_capped() {
        let m = parse(b"beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(m.map.len() <= MAX_ENTRIES + 1);
    }
}
