//! The Symbol font's characters as Unicode.
//!
//! Word stores a character picked from the Symbol font either as
//! `<w:sym w:font="Symbol" w:char="F0DA"/>` or as a private-use character
//! (U+F020–U+F0FF) in a run set in that font. Both name a position in the
//! Adobe Symbol encoding, which this table maps to the character it shows
//! (`∨` for 0xDA). Other symbol fonts (Wingdings…) have no standard
//! mapping; their characters are left out and counted.

/// Adobe Symbol encoding, 0x20–0xFE; `'\0'` where the position is empty.
#[rustfmt::skip]
const SYMBOL: [char; 0xFF - 0x20] = [
    // 0x20
    ' ', '!', '∀', '#', '∃', '%', '&', '∋', '(', ')', '∗', '+', ',', '−', '.', '/',
    // 0x30
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    // 0x40
    '≅', 'Α', 'Β', 'Χ', 'Δ', 'Ε', 'Φ', 'Γ', 'Η', 'Ι', 'ϑ', 'Κ', 'Λ', 'Μ', 'Ν', 'Ο',
    // 0x50
    'Π', 'Θ', 'Ρ', 'Σ', 'Τ', 'Υ', 'ς', 'Ω', 'Ξ', 'Ψ', 'Ζ', '[', '∴', ']', '⊥', '_',
    // 0x60
    '‾', 'α', 'β', 'χ', 'δ', 'ε', 'φ', 'γ', 'η', 'ι', 'ϕ', 'κ', 'λ', 'μ', 'ν', 'ο',
    // 0x70
    'π', 'θ', 'ρ', 'σ', 'τ', 'υ', 'ϖ', 'ω', 'ξ', 'ψ', 'ζ', '{', '|', '}', '∼', '\0',
    // 0x80
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0',
    // 0x90
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0',
    // 0xA0
    '€', 'ϒ', '′', '≤', '⁄', '∞', 'ƒ', '♣', '♦', '♥', '♠', '↔', '←', '↑', '→', '↓',
    // 0xB0
    '°', '±', '″', '≥', '×', '∝', '∂', '•', '÷', '≠', '≡', '≈', '…', '⏐', '⎯', '↵',
    // 0xC0
    'ℵ', 'ℑ', 'ℜ', '℘', '⊗', '⊕', '∅', '∩', '∪', '⊃', '⊇', '⊄', '⊂', '⊆', '∈', '∉',
    // 0xD0
    '∠', '∇', '®', '©', '™', '∏', '√', '⋅', '¬', '∧', '∨', '⇔', '⇐', '⇑', '⇒', '⇓',
    // 0xE0
    '◊', '〈', '®', '©', '™', '∑', '⎛', '⎜', '⎝', '⎡', '⎢', '⎣', '⎧', '⎨', '⎩', '⎪',
    // 0xF0
    '\0', '〉', '∫', '⌠', '⎮', '⌡', '⎞', '⎟', '⎠', '⎤', '⎥', '⎦', '⎫', '⎬', '⎭',
];

/// The character at a Symbol-font position, given as the font byte
/// (`0xDA`) or its private-use form (`0xF0DA`).
pub fn symbol_char(code: u32) -> Option<char> {
    let byte = match code {
        0x20..=0xFE => code,
        0xF020..=0xF0FE => code - 0xF000,
        _ => return None,
    };
    Some(SYMBOL[(byte - 0x20) as usize]).filter(|&c| c != '\0')
}

/// Whether a font name is the Symbol font.
pub fn is_symbol_font(name: &str) -> bool {
    name.trim().eq_ignore_ascii_case("symbol")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_to_unicode() {
        assert_eq!(symbol_char(0xDA), Some('∨'));
        assert_eq!(symbol_char(0xF0DA), Some('∨'));
        assert_eq!(symbol_char(0xF028), Some('('));
        assert_eq!(symbol_char(0x61), Some('α'));
        assert_eq!(symbol_char(0xB7), Some('•'));
        assert_eq!(symbol_char(0xFE), Some('⎭'));
        assert_eq!(symbol_char(0x80), None);
        assert_eq!(symbol_char(0x4E00), None);
    }
}
