//! Turns the bytes of a text-based file into a `String`, detecting the
//! encoding (BOM, UTF-16 without BOM, UTF-8, GB18030/GBK, Big5, …).
//!
//! The reports this crate reads were exported by many tools over many years:
//! most are GBK or UTF-8, some Big5 or UTF-16, few say which, and some say it
//! wrongly. Decoding therefore never fails: bytes that do not fit become
//! U+FFFD, and every doubtful decision is reported as a [`Diagnostic`] so a
//! reader of the JSON can tell how far to trust the text.
//!
//! Detection order: byte-order mark, then UTF-16 without BOM (zero-byte
//! pattern, which `chardetng` cannot see), then UTF-8 (valid, or valid but
//! for a cut-off last character or a few stray bytes), then `chardetng`.

use crate::model::{Diagnostic, DiagnosticCode};
use encoding_rs::{
    BIG5, DecoderResult, EUC_JP, EUC_KR, Encoding, GB18030, GBK, REPLACEMENT, SHIFT_JIS, UTF_8,
    UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED,
};

/// The result of decoding.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without a byte-order mark; bytes that do not fit the
    /// encoding are U+FFFD.
    pub text: String,
    /// Name of the encoding used, e.g. `UTF-8`, `GB18030`, `Big5`, `UTF-16LE`.
    pub encoding: &'static str,
    /// What decoding found doubtful (an encoding guessed, invalid bytes,
    /// text that reads like the wrong encoding, a declared charset
    /// contradicted or unknown), without origins: the converter passes
    /// them on with its own.
    pub diagnostics: Vec<Diagnostic>,
}

/// How much of the input the UTF-16 heuristic looks at; the same amount
/// `sniff` passes, so both modules agree on what is UTF-16.
const UTF16_SAMPLE: usize = 8192;

/// How many bytes after the first non-ASCII byte `chardetng` sees first.
/// It costs about 0.1 µs per byte, so the whole of a 10 KB file alone would
/// exceed the 1 ms budget, while 2 KiB of CJK text (about 1000 characters)
/// is far more than it needs: every chardet test file is told right from
/// its first 256 bytes. The whole input is consulted again when the guess
/// does not decode the rest.
const GUESS_WINDOW: usize = 2048;

/// Decodes `bytes` as text in whatever encoding they most likely use.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    finish(detect(bytes), Vec::new())
}

/// Decodes with a declared label (e.g. from <meta charset>), but lets the bytes win when they contradict it.
///
/// A byte-order mark beats the label (as in browsers). Otherwise the label
/// is used unless decoding with it inserts replacement characters or yields
/// private-use mojibake, the bytes are valid UTF-8 that the label does not
/// call UTF-8, or the label names a single-byte encoding for what reads
/// cleanly as Chinese (a template's `iso-8859-1` over GBK content); then the
/// detected encoding is used if it decodes better, with a
/// `declared_charset_contradicted` warning.
pub fn decode_with_declared(bytes: &[u8], declared_label: Option<&str>) -> Decoded {
    let label = match declared_label.map(str::trim) {
        Some(label) if !label.is_empty() => label,
        _ => return decode_text(bytes),
    };
    let declared = encoding_for_label(label);

    if let Some((bom_encoding, bom_len)) = Encoding::for_bom(bytes) {
        let attempt = decode_as(
            bom_encoding,
            bytes.get(bom_len..).unwrap_or_default(),
            How::Bom,
        );
        let mut diagnostics = Vec::new();
        if let Some(declared) = declared {
            let same =
                declared == attempt.encoding || (is_utf16(declared) && is_utf16(attempt.encoding));
            if !same {
                diagnostics.push(contradicted(
                    label,
                    declared,
                    &attempt,
                    "the file starts with a byte-order mark",
                ));
            }
        }
        return finish(attempt, diagnostics);
    }

    let Some(declared) = declared else {
        let mut decoded = decode_text(bytes);
        decoded.diagnostics.insert(
            0,
            Diagnostic::new(
                DiagnosticCode::DeclaredCharsetUnknown,
                format!("the declared charset \"{label}\" is not a known encoding; it was ignored and the encoding detected from the bytes"),
            ),
        );
        return decoded;
    };

    // A UTF-16 label in markup that could be read as ASCII is wrong by
    // construction (the WHATWG rule turns it into UTF-8), unless the bytes
    // really are UTF-16 with the zero-byte pattern.
    let declared = if is_utf16(declared) {
        if let Some(found) = utf16_without_bom(sample(bytes)) {
            let attempt = decode_as(found, bytes, How::Declared);
            let mut diagnostics = Vec::new();
            if found != declared {
                diagnostics.push(contradicted(
                    label,
                    declared,
                    &attempt,
                    "the zero bytes sit at the other position",
                ));
            }
            return finish(attempt, diagnostics);
        }
        UTF_8
    } else {
        declared
    };

    let attempt = decode_as(declared, bytes, How::Declared);
    let (declared_pua, declared_non_ascii) = pua_and_non_ascii(&attempt.text);
    let declared_suspicious = is_suspicious(declared_pua, declared_non_ascii);
    let valid_utf8_elsewhere =
        declared != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
    let doubtful = attempt.replacements > 0
        || declared_suspicious
        || valid_utf8_elsewhere
        || (declared.is_single_byte() && !bytes.is_ascii())
        || utf16_without_bom(sample(bytes)).is_some();
    if !doubtful {
        return finish(attempt, Vec::new());
    }

    let detected = detect(bytes);
    if detected.encoding == attempt.encoding {
        return finish(attempt, Vec::new());
    }
    let (pua, non_ascii) = pua_and_non_ascii(&detected.text);
    let detected_clean = detected.replacements == 0 && !is_suspicious(pua, non_ascii);
    let reason = if valid_utf8_elsewhere && detected.encoding == UTF_8 && detected.replacements == 0
    {
        Some("the bytes are valid UTF-8".to_string())
    } else if detected.how == How::Utf16Pattern && detected.replacements == 0 {
        Some("the bytes have the zero-byte pattern of UTF-16".to_string())
    } else if attempt.replacements > 0
        && (detected_clean || detected.replacements.saturating_mul(10) < attempt.replacements)
    {
        Some(format!(
            "decoding with it inserted {} replacement character{}",
            attempt.replacements,
            plural(attempt.replacements)
        ))
    } else if declared_suspicious && detected_clean {
        Some(format!(
            "decoding with it gave {declared_pua} private-use characters, the mark of a wrong decode"
        ))
    } else if declared.is_single_byte()
        && attempt.replacements == 0
        && detected_clean
        && is_cjk_multibyte(detected.encoding)
        && non_ascii >= 4
    {
        Some(format!(
            "the bytes read cleanly as {}",
            display_name(detected.encoding)
        ))
    } else {
        None
    };
    match reason {
        Some(reason) => {
            let diagnostic = contradicted(label, declared, &detected, &reason);
            finish(detected, vec![diagnostic])
        }
        None => finish(attempt, Vec::new()),
    }
}

/// If `sample` looks like UTF-16 without a byte-order mark, its encoding.
///
/// Text in any other encoding we read has no zero bytes, while UTF-16 has
/// one in every ASCII character (digits, spaces, line breaks), always at the
/// same parity. Chinese text with almost no ASCII has few zeros, so a second
/// test looks at the high bytes instead: in UTF-16 they nearly all fall in
/// the few rows that hold CJK ideographs and punctuation, while the low
/// bytes are spread over the whole range.
pub fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    // The common case, decided fast: valid UTF-8 that holds multi-byte
    // characters and no NUL is not UTF-16 (UTF-16 text cannot keep forming
    // valid multi-byte UTF-8 sequences).
    let utf8_valid = match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    if utf8_valid && !sample.contains(&0) && sample.iter().any(|&b| b >= 0x80) {
        return None;
    }
    let mut zero = [0usize; 2];
    let mut cjk_high = [0usize; 2];
    let mut low_ideograph = [0usize; 2];
    let mut non_ascii = [0usize; 2];
    // Code units below U+0100 that are text, counted by where their zero is.
    let mut latin = [0usize; 2];
    for pair in sample.chunks_exact(2) {
        for (parity, &byte) in pair.iter().enumerate() {
            zero[parity] += usize::from(byte == 0);
            cjk_high[parity] += usize::from(is_cjk_high_byte(byte));
            low_ideograph[parity] += usize::from((0x4E..=0x7F).contains(&byte));
            non_ascii[parity] += usize::from(byte >= 0x80);
        }
        latin[0] += usize::from(pair[0] == 0 && is_latin_text(pair[1]));
        latin[1] += usize::from(pair[1] == 0 && is_latin_text(pair[0]));
    }
    // Little-endian puts the high byte (the zero of an ASCII character)
    // second. The units with a zero must be text, not control codes, or
    // 16-bit binary data would pass.
    let zeros_at = |high: usize, low: usize| {
        zero[high] * 10 >= pairs
            && zero[low] * 5 <= zero[high]
            && latin[high] * 10 >= zero[high] * 9
    };
    if zeros_at(1, 0) {
        return Some(UTF_16LE);
    }
    if zeros_at(0, 1) {
        return Some(UTF_16BE);
    }
    // Shift_JIS lead bytes (0x81–0x9F) also fall in the ideograph rows, but
    // never below 0x80, where U+4E00–U+7FFF (a good half of common hanzi,
    // including 一 中 人 在 年) put theirs.
    let cjk_at = |high: usize, low: usize| {
        pairs >= 16
            && cjk_high[high] * 20 >= pairs * 19
            && low_ideograph[high] * 8 >= pairs
            && non_ascii[low] * 4 >= pairs
    };
    match (cjk_at(1, 0), cjk_at(0, 1)) {
        (true, false) => Some(UTF_16LE),
        (false, true) => Some(UTF_16BE),
        _ => None,
    }
}

/// High bytes of the UTF-16 code units common in Chinese text: ASCII and
/// Latin-1, general punctuation (“ ” — …), letter-like symbols and Roman
/// numerals, enclosed numbers (①), box drawing and shapes (─ ■ ○), CJK
/// punctuation (、 。 《 》), the unified ideographs, and full-width forms (，：).
fn is_cjk_high_byte(byte: u8) -> bool {
    matches!(byte, 0x00 | 0x20..=0x22 | 0x24 | 0x25 | 0x30 | 0x4E..=0x9F | 0xFE | 0xFF)
}

/// Printable Latin-1 and the white space of text files.
fn is_latin_text(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | 0x20..=0x7E | 0xA0..=0xFF)
}

/// Where the encoding came from; decides which diagnostics are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Bom,
    Utf16Pattern,
    Utf8,
    Guessed,
    Declared,
}

/// One decoding of the input, before diagnostics are attached.
struct Attempt {
    text: String,
    encoding: &'static Encoding,
    /// How many U+FFFD the decoder inserted (not counting any the input
    /// itself contained).
    replacements: usize,
    /// The last replacement was for bytes at the very end of the input,
    /// typically a character cut in half by truncation.
    damaged_tail: bool,
    how: How,
}

/// The whole detection chain of [`decode_text`], without diagnostics.
fn detect(bytes: &[u8]) -> Attempt {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(encoding, bytes.get(bom_len..).unwrap_or_default(), How::Bom);
    }
    // Valid UTF-8 with multi-byte characters and no NUL is UTF-8: decided
    // before the UTF-16 look, which would only confirm it more slowly.
    let plain_utf8 = !bytes.contains(&0) && bytes.iter().any(|&b| b >= 0x80);
    if plain_utf8 && let Ok(text) = std::str::from_utf8(bytes) {
        return Attempt {
            text: text.to_owned(),
            encoding: UTF_8,
            replacements: 0,
            damaged_tail: false,
            how: How::Utf8,
        };
    }
    if let Some(encoding) = utf16_without_bom(sample(bytes)) {
        return decode_as(encoding, bytes, How::Utf16Pattern);
    }
    match std::str::from_utf8(bytes) {
        // The common case: one copy, no second validation.
        Ok(text) => {
            return Attempt {
                text: text.to_owned(),
                encoding: UTF_8,
                replacements: 0,
                damaged_tail: false,
                how: How::Utf8,
            };
        }
        Err(error) if mostly_utf8(bytes, &error) => return decode_as(UTF_8, bytes, How::Utf8),
        Err(_) => {}
    }
    guess_legacy(bytes)
}

fn sample(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(UTF16_SAMPLE)]
}

/// Whether invalid UTF-8 is still best read as UTF-8: either the only fault
/// is a character cut off at the end, or valid multi-byte characters
/// outnumber the faults by far. Legacy CJK text forms a valid multi-byte
/// UTF-8 sequence only by accident (a few per hundred characters) and fails
/// on nearly every other character, so the ratio separates them cleanly.
fn mostly_utf8(bytes: &[u8], first_error: &std::str::Utf8Error) -> bool {
    let valid_prefix = &bytes[..first_error.valid_up_to().min(bytes.len())];
    if first_error.error_len().is_none() {
        // Only a truncated tail; require one real multi-byte character
        // before it so that ASCII plus two legacy bytes is not taken as UTF-8.
        return valid_prefix.iter().any(|&b| b >= 0xC0);
    }
    let (mut multibyte, mut faults) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        faults += usize::from(!chunk.invalid().is_empty());
    }
    multibyte >= faults.saturating_mul(8)
}

/// Step 4: statistical detection for input that is not Unicode.
fn guess_legacy(bytes: &[u8]) -> Attempt {
    let first_non_ascii = bytes.iter().position(|&b| b >= 0x80).unwrap_or(bytes.len());
    let window_end = first_non_ascii
        .saturating_add(GUESS_WINDOW)
        .min(bytes.len());
    let guessed = chardetng_guess(&bytes[..window_end]);
    let mut attempt = decode_as(guessed, bytes, How::Guessed);

    // The window may have missed what disqualifies its guess. A few faults
    // are damage (see below); more than one character in twenty means the
    // guess is wrong, so ask again with everything and keep whichever
    // decodes with fewer faults.
    if window_end < bytes.len()
        && attempt.replacements.saturating_mul(20) > pua_and_non_ascii(&attempt.text).1
    {
        let whole = chardetng_guess(bytes);
        if normalize(whole) != attempt.encoding {
            let other = decode_as(whole, bytes, How::Guessed);
            if other.replacements < attempt.replacements {
                attempt = other;
            }
        }
    }

    // One bad byte disqualifies a multi-byte candidate in chardetng, so a
    // GBK report with a character cut by a fixed-width column comes back as
    // windows-1252. Look again without the bytes GB18030 rejects.
    if attempt.encoding.is_single_byte()
        && let Some(better) = cjk_despite_damage(bytes)
    {
        attempt = better;
    }

    // Big5 read as GBK decodes without errors but lands in the private-use
    // rows; if Big5 reads the same bytes cleanly, it is the better guess.
    if attempt.encoding == GB18030 {
        let (pua, non_ascii) = pua_and_non_ascii(&attempt.text);
        if is_suspicious(pua, non_ascii) {
            let big5 = decode_as(BIG5, bytes, How::Guessed);
            let (big5_pua, big5_non_ascii) = pua_and_non_ascii(&big5.text);
            if big5.replacements == 0 && !is_suspicious(big5_pua, big5_non_ascii) {
                attempt = big5;
            }
        }
    }
    attempt
}

/// Runs chardetng without a TLD (a TLD hint turns Big5 into GBK mojibake and
/// panics on labels with dots or upper case). `last` stays false: with true,
/// a character cut off at the end disqualifies the right multi-byte
/// candidate and the guess falls to windows-1252; the decoder reports the
/// cut-off character anyway.
fn chardetng_guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, false);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// The CJK reading of damaged bytes that chardetng rejected, if the bytes
/// with the faults removed are CJK to chardetng and the faults are rare.
fn cjk_despite_damage(bytes: &[u8]) -> Option<Attempt> {
    let (repaired, faults) = without_malformed(GB18030, bytes);
    if faults == 0 {
        return None;
    }
    let first_non_ascii = repaired
        .iter()
        .position(|&b| b >= 0x80)
        .unwrap_or(repaired.len());
    let window_end = first_non_ascii
        .saturating_add(GUESS_WINDOW)
        .min(repaired.len());
    let encoding = chardetng_guess(&repaired[..window_end]);
    if !is_cjk_multibyte(encoding) {
        return None;
    }
    let attempt = decode_as(encoding, bytes, How::Guessed);
    let (pua, non_ascii) = pua_and_non_ascii(&attempt.text);
    (attempt.replacements.saturating_mul(20) <= non_ascii && !is_suspicious(pua, non_ascii))
        .then_some(attempt)
}

/// `bytes` without the sequences `encoding` finds malformed, and how many
/// there were.
fn without_malformed(encoding: &'static Encoding, bytes: &[u8]) -> (Vec<u8>, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut kept = Vec::with_capacity(bytes.len());
    // The text is not needed; a small scratch buffer is emptied as it fills.
    let mut scratch = String::with_capacity(4096);
    let (mut consumed, mut kept_up_to, mut faults) = (0usize, 0usize, 0usize);
    while consumed < bytes.len() {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut scratch, true);
        consumed = consumed.saturating_add(read).min(bytes.len());
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => scratch.clear(),
            DecoderResult::Malformed(bad, after) => {
                faults += 1;
                let end = consumed.saturating_sub(usize::from(after));
                let start = end.saturating_sub(usize::from(bad)).max(kept_up_to);
                kept.extend_from_slice(&bytes[kept_up_to..start]);
                kept_up_to = end.max(kept_up_to);
            }
        }
    }
    kept.extend_from_slice(&bytes[kept_up_to.min(bytes.len())..]);
    (kept, faults)
}

/// Decodes all of `bytes` (BOM already removed) with `encoding`, inserting
/// one U+FFFD per malformed sequence and counting them. Allocates only the
/// output string (sized for the worst case up front).
fn decode_as(encoding: &'static Encoding, bytes: &[u8], how: How) -> Attempt {
    let encoding = normalize(encoding);
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let mut rest = bytes;
    let (mut replacements, mut damaged_tail) = (0usize, false);
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(rest.len())
                    .unwrap_or(rest.len());
                // Always more room than last time, so the loop must end.
                let spare = text.capacity() - text.len();
                text.reserve(more.max(spare + 16));
            }
            DecoderResult::Malformed(_, _) => {
                text.push('\u{FFFD}');
                replacements += 1;
                damaged_tail = rest.is_empty();
            }
        }
    }
    Attempt {
        text,
        encoding,
        replacements,
        damaged_tail,
        how,
    }
}

/// The GB family is one encoding for us: GB18030 is a superset of GBK and
/// GB2312, and its decoder is the one encoding_rs uses for GBK anyway.
fn normalize(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK { GB18030 } else { encoding }
}

/// The name reported in `Decoded::encoding`; encoding_rs spells GB18030 in
/// lower case, the others as we want them (`UTF-8`, `Big5`, `Shift_JIS`).
fn display_name(encoding: &'static Encoding) -> &'static str {
    match normalize(encoding) {
        e if e == GB18030 => "GB18030",
        e => e.name(),
    }
}

/// The encoding a declared label names, with the Windows code-page names
/// that encoding_rs (following WHATWG) does not know. `None` for unknown
/// labels and for the "replacement" encoding (ISO-2022-KR, HZ, …), which
/// would turn the whole text into one U+FFFD.
fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let is = |names: &[&str]| names.iter().any(|name| label.eq_ignore_ascii_case(name));
    if is(&["cp936", "windows-936", "ms936", "cp54936", "windows-54936"]) {
        return Some(GB18030);
    }
    if is(&["cp950", "windows-950", "ms950"]) {
        return Some(BIG5);
    }
    match Encoding::for_label(label.as_bytes()) {
        None => None,
        Some(encoding) if encoding == REPLACEMENT => None,
        // WHATWG reads a declared x-user-defined as windows-1252.
        Some(encoding) if encoding == X_USER_DEFINED => Some(WINDOWS_1252),
        Some(encoding) => Some(normalize(encoding)),
    }
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

fn is_cjk_multibyte(encoding: &'static Encoding) -> bool {
    [GB18030, GBK, BIG5, EUC_KR, EUC_JP, SHIFT_JIS].contains(&encoding)
}

/// Counts private-use characters (U+E000–U+F8FF) and non-ASCII characters
/// on the UTF-8 bytes, which needs no decoding of `char`s.
fn pua_and_non_ascii(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut pua, mut non_ascii) = (0usize, 0usize);
    for (i, &byte) in bytes.iter().enumerate() {
        if byte >= 0xC0 {
            non_ascii += 1;
            // U+E000–U+EFFF start with 0xEE; U+F000–U+F8FF with 0xEF 0x80–0xA3.
            let second = bytes.get(i + 1).copied().unwrap_or(0);
            if byte == 0xEE || (byte == 0xEF && (0x80..=0xA3).contains(&second)) {
                pua += 1;
            }
        }
    }
    (pua, non_ascii)
}

/// A handful of private-use characters is normal (government documents put
/// rare name characters there); a steady share of them is mojibake.
fn is_suspicious(pua: usize, non_ascii: usize) -> bool {
    pua >= 4 && pua.saturating_mul(50) >= non_ascii
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn contradicted(
    label: &str,
    declared: &'static Encoding,
    used: &Attempt,
    reason: &str,
) -> Diagnostic {
    Diagnostic::new(
        DiagnosticCode::DeclaredCharsetContradicted,
        format!(
            "the declared charset \"{label}\" ({}) does not fit the bytes: {reason}; decoded as {} instead",
            display_name(declared),
            display_name(used.encoding)
        ),
    )
}

/// Attaches the diagnostics an attempt calls for and returns the result.
fn finish(attempt: Attempt, mut diagnostics: Vec<Diagnostic>) -> Decoded {
    let name = display_name(attempt.encoding);
    match attempt.how {
        How::Guessed => diagnostics.push(Diagnostic::new(
            DiagnosticCode::EncodingGuessed,
            format!("no byte-order mark, declaration or valid UTF-8; the encoding was guessed from the bytes as {name}"),
        )),
        How::Utf16Pattern => diagnostics.push(Diagnostic::new(
            DiagnosticCode::EncodingGuessed,
            format!("no byte-order mark; {name} was recognised from the pattern of its bytes"),
        )),
        How::Bom | How::Utf8 | How::Declared => {}
    }
    if attempt.replacements > 0 {
        let n = attempt.replacements;
        let tail = if attempt.damaged_tail {
            ", the last one at the very end of the input (a character cut off by truncation?)"
        } else {
            ""
        };
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::InvalidBytes,
            format!(
                "{n} replacement character{} (U+FFFD) inserted for bytes that are not valid {name}{tail}",
                plural(n)
            ),
        ));
    }
    let (pua, non_ascii) = pua_and_non_ascii(&attempt.text);
    if is_suspicious(pua, non_ascii) {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::SuspiciousDecode,
            format!(
                "{pua} of {non_ascii} non-ASCII characters decoded as {name} are private-use characters; the encoding is probably wrong (Big5 read as GBK looks like this)"
            ),
        ));
    }
    Decoded {
        text: attempt.text,
        encoding: name,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    const REPORT: &str = "本年度，我局共收到政府信息公开申请12件，其中当面申请3件，网络申请9件。\
        所有申请均已按期答复，未发生因政府信息公开申请引起的行政复议和行政诉讼。\n\
        二、主动公开政府信息情况\n本年新收政府信息公开申请数量 12，上年结转政府信息公开申请数量 0。\n";

    const REPORT_TRADITIONAL: &str = "本年度，本府共受理政府資訊公開申請十二件，其中當面申請三件，網路申請九件。\
        所有申請均已依限答覆，未發生因政府資訊公開申請引起之行政訴訟。\n\
        二、主動公開政府資訊情形\n本年新收申請數量 12，上年結轉申請數量 0。\n";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(
            !unmappable,
            "test text not encodable in {}",
            encoding.name()
        );
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    }

    fn codes(decoded: &Decoded) -> Vec<&str> {
        decoded
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    fn replacement_count(text: &str) -> usize {
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    }

    #[test]
    fn gbk_report_is_read_as_gb18030_and_flagged_as_guessed() {
        let decoded = decode_text(&encode(GBK, REPORT));
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(decoded.text, REPORT);
        assert_eq!(codes(&decoded), ["encoding_guessed"]);
        assert_eq!(decoded.diagnostics[0].severity, Severity::Info);
        assert!(decoded.diagnostics[0].message.contains("GB18030"));
    }

    #[test]
    fn gb18030_four_byte_characters_round_trip() {
        let text = format!("䶮𠀀€ 罕见字与欧元符号。{REPORT}");
        let bytes = encode(GB18030, &text);
        let decoded = decode_text(&bytes);
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(decoded.text, text);
        // GBK's encoder writes € as the single byte 0x80, which GB18030's
        // decoder also reads.
        let decoded = decode_text(&encode(GBK, &format!("€100，{REPORT}")));
        assert_eq!(decoded.text, format!("€100，{REPORT}"));
    }

    #[test]
    fn big5_report_is_read_as_big5() {
        let decoded = decode_text(&encode(BIG5, REPORT_TRADITIONAL));
        assert_eq!(decoded.encoding, "Big5");
        assert_eq!(decoded.text, REPORT_TRADITIONAL);
        assert_eq!(codes(&decoded), ["encoding_guessed"]);
    }

    #[test]
    fn short_gbk_phrase_is_still_gb18030() {
        let bytes = encode(GBK, "不予公开");
        assert_eq!(bytes.len(), 8);
        let decoded = decode_text(&bytes);
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(decoded.text, "不予公开");
    }

    #[test]
    fn byte_order_marks_win_and_are_stripped() {
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend_from_slice(REPORT.as_bytes());
        let mut le = b"\xFF\xFE".to_vec();
        le.extend(utf16(REPORT, false));
        let mut be = b"\xFE\xFF".to_vec();
        be.extend(utf16(REPORT, true));
        for (bytes, name) in [(utf8, "UTF-8"), (le, "UTF-16LE"), (be, "UTF-16BE")] {
            let decoded = decode_text(&bytes);
            assert_eq!(decoded.encoding, name);
            assert_eq!(decoded.text, REPORT, "{name}");
            assert!(
                decoded.diagnostics.is_empty(),
                "{name}: {:?}",
                decoded.diagnostics
            );
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        for (big_endian, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let decoded = decode_text(&utf16(REPORT, big_endian));
            assert_eq!(decoded.encoding, name);
            assert_eq!(decoded.text, REPORT);
            assert_eq!(codes(&decoded), ["encoding_guessed"]);
        }
    }

    #[test]
    fn utf16_without_bom_needs_no_ascii() {
        let text =
            "政府信息公开工作年度报告，主动公开政府信息情况，收到和处理政府信息公开申请情况。";
        assert!(!text.is_ascii());
        assert_eq!(utf16_without_bom(&utf16(text, false)), Some(UTF_16LE));
        assert_eq!(utf16_without_bom(&utf16(text, true)), Some(UTF_16BE));
        assert_eq!(decode_text(&utf16(text, true)).text, text);
    }

    #[test]
    fn utf16_heuristic_rejects_other_text_and_binary() {
        let binary: Vec<u8> = (0..512u32).map(|i| (i * 7 % 256) as u8).collect();
        let zero_padded = [REPORT.as_bytes(), &[0u8; 64]].concat();
        for (what, bytes) in [
            ("empty", Vec::new()),
            ("one unit", b"a\0".to_vec()),
            ("ascii", b"2021 annual report, section one".to_vec()),
            ("utf-8", REPORT.as_bytes().to_vec()),
            ("gbk", encode(GBK, REPORT)),
            ("big5", encode(BIG5, REPORT_TRADITIONAL)),
            (
                "shift_jis",
                encode(
                    SHIFT_JIS,
                    "日本国政府は、国民の知る権利を保障するため、情報公開制度を運用しています。",
                ),
            ),
            ("binary", binary),
            ("zero padded", zero_padded),
            ("all zero", vec![0u8; 64]),
            (
                "16-bit numbers",
                (0..200u16).flat_map(|i| (i % 32).to_le_bytes()).collect(),
            ),
        ] {
            assert_eq!(utf16_without_bom(&bytes), None, "{what}");
        }
    }

    #[test]
    fn utf8_with_a_lone_invalid_byte_stays_utf8() {
        let mut bytes = REPORT.as_bytes().to_vec();
        let at = REPORT.find('。').unwrap();
        bytes.insert(at, 0xFF);
        let decoded = decode_text(&bytes);
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(
            decoded.text,
            format!("{}\u{FFFD}{}", &REPORT[..at], &REPORT[at..])
        );
        assert_eq!(codes(&decoded), ["invalid_bytes"]);
        assert_eq!(decoded.diagnostics[0].severity, Severity::Warning);
        assert!(
            decoded.diagnostics[0]
                .message
                .starts_with("1 replacement character ")
        );
    }

    #[test]
    fn utf8_cut_mid_character_stays_utf8() {
        let bytes = &REPORT.as_bytes()[..REPORT.find('。').unwrap() + 2];
        let decoded = decode_text(bytes);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.ends_with("9件\u{FFFD}"));
        assert_eq!(codes(&decoded), ["invalid_bytes"]);
        assert!(decoded.diagnostics[0].message.contains("truncation"));
    }

    #[test]
    fn gbk_cut_mid_character_gives_one_warning() {
        let bytes = encode(GBK, REPORT.trim_end());
        let decoded = decode_text(&bytes[..bytes.len() - 1]);
        assert_eq!(decoded.encoding, "GB18030");
        let expected: String = REPORT
            .trim_end()
            .chars()
            .rev()
            .skip(1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert_eq!(decoded.text, format!("{expected}\u{FFFD}"));
        assert_eq!(codes(&decoded), ["encoding_guessed", "invalid_bytes"]);
        let message = &decoded.diagnostics[1].message;
        assert!(
            message.contains("1 replacement") && message.contains("GB18030"),
            "{message}"
        );
    }

    #[test]
    fn gbk_with_a_character_cut_mid_file_is_not_windows_1252() {
        // A fixed-width export cut 申 in half: its lead byte is followed by
        // spaces. Once inside the window chardetng sees, once far after it.
        let line = encode(GBK, "政府信息公开申请数量  12\n");
        let cut = "政府信息公开".len() / 3 * 2 + 1;
        for reports_before in [1, 12] {
            let mut bytes = encode(GBK, &REPORT.repeat(reports_before));
            bytes.extend_from_slice(&line[..cut]);
            bytes.extend_from_slice(b"  12\n");
            bytes.extend(encode(GBK, REPORT));
            let decoded = decode_text(&bytes);
            assert_eq!(decoded.encoding, "GB18030", "{reports_before}");
            assert_eq!(replacement_count(&decoded.text), 1);
            assert!(decoded.text.contains("政府信息公开\u{FFFD}  12\n"));
            assert_eq!(codes(&decoded), ["encoding_guessed", "invalid_bytes"]);
        }
    }

    #[test]
    fn big5_read_as_gbk_is_suspicious() {
        let bytes = encode(BIG5, REPORT_TRADITIONAL);
        let mojibake = decode_as(GB18030, &bytes, How::Declared);
        let (pua, non_ascii) = pua_and_non_ascii(&mojibake.text);
        assert!(is_suspicious(pua, non_ascii), "{pua} of {non_ascii}");
        let (pua, non_ascii) = pua_and_non_ascii(REPORT_TRADITIONAL);
        assert!(!is_suspicious(pua, non_ascii));
    }

    #[test]
    fn many_private_use_characters_are_flagged() {
        let text = format!("{REPORT}\u{E000}\u{E001}\u{E234}\u{F8FF}\u{E815}");
        let decoded = decode_text(text.as_bytes());
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(codes(&decoded), ["suspicious_decode"]);
        // A couple of rare-name characters in a long report are normal.
        let text = format!("{REPORT}{REPORT}\u{E000}\u{E001}");
        assert!(decode_text(text.as_bytes()).diagnostics.is_empty());
    }

    #[test]
    fn declared_charset_is_used_when_the_bytes_agree() {
        let gbk = encode(GBK, REPORT);
        for label in [
            "gbk",
            "GB2312",
            "x-gbk",
            "gb18030",
            "cp936",
            "Windows-936",
            " gb2312 ",
        ] {
            let decoded = decode_with_declared(&gbk, Some(label));
            assert_eq!(decoded.encoding, "GB18030", "{label}");
            assert_eq!(decoded.text, REPORT);
            assert!(
                decoded.diagnostics.is_empty(),
                "{label}: {:?}",
                decoded.diagnostics
            );
        }
        let decoded = decode_with_declared(&encode(BIG5, REPORT_TRADITIONAL), Some("big5"));
        assert_eq!((decoded.encoding, decoded.diagnostics.len()), ("Big5", 0));
        let decoded = decode_with_declared(REPORT.as_bytes(), Some("utf-8"));
        assert_eq!((decoded.encoding, decoded.diagnostics.len()), ("UTF-8", 0));
        // All ASCII: any ASCII-compatible declaration is right.
        let decoded = decode_with_declared(b"2021 report", Some("gbk"));
        assert_eq!(
            (decoded.encoding, decoded.diagnostics.len()),
            ("GB18030", 0)
        );
    }

    #[test]
    fn bytes_win_over_a_contradicting_declaration() {
        let gbk = encode(GBK, REPORT);
        let cases: [(&[u8], &str, &str, &str); 5] = [
            (&gbk, "utf-8", "GB18030", REPORT),
            (&gbk, "iso-8859-1", "GB18030", REPORT),
            (REPORT.as_bytes(), "gbk", "UTF-8", REPORT),
            (
                &encode(BIG5, REPORT_TRADITIONAL),
                "gb2312",
                "Big5",
                REPORT_TRADITIONAL,
            ),
            (
                &encode(GBK, REPORT_TRADITIONAL),
                "big5",
                "GB18030",
                REPORT_TRADITIONAL,
            ),
        ];
        for (bytes, label, expected, text) in cases {
            let decoded = decode_with_declared(bytes, Some(label));
            assert_eq!(decoded.encoding, expected, "{label}");
            assert_eq!(decoded.text, text, "{label}");
            let diagnostic = &decoded.diagnostics[0];
            assert_eq!(
                diagnostic.code,
                DiagnosticCode::DeclaredCharsetContradicted,
                "{label}"
            );
            assert_eq!(diagnostic.severity, Severity::Warning);
            assert!(diagnostic.message.contains(label) && diagnostic.message.contains(expected));
        }
    }

    #[test]
    fn declared_charset_keeps_truncation_as_damage_not_contradiction() {
        let bytes = encode(GBK, REPORT.trim_end());
        let decoded = decode_with_declared(&bytes[..bytes.len() - 1], Some("gbk"));
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(codes(&decoded), ["invalid_bytes"]);
    }

    #[test]
    fn byte_order_mark_beats_the_declaration() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(REPORT.as_bytes());
        let decoded = decode_with_declared(&bytes, Some("gbk"));
        assert_eq!((decoded.encoding, decoded.text.as_str()), ("UTF-8", REPORT));
        assert_eq!(codes(&decoded), ["declared_charset_contradicted"]);
        let mut bytes = b"\xFF\xFE".to_vec();
        bytes.extend(utf16(REPORT, false));
        let decoded = decode_with_declared(&bytes, Some("utf-16"));
        assert_eq!(
            (decoded.encoding, decoded.diagnostics.len()),
            ("UTF-16LE", 0)
        );
    }

    #[test]
    fn odd_declarations_fall_back_to_detection() {
        let gbk = encode(GBK, REPORT);
        let decoded = decode_with_declared(&gbk, Some("no-such-charset"));
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(
            codes(&decoded),
            ["declared_charset_unknown", "encoding_guessed"]
        );
        // A meta charset of UTF-16 in ASCII-readable markup means UTF-8.
        let decoded = decode_with_declared(REPORT.as_bytes(), Some("utf-16"));
        assert_eq!((decoded.encoding, decoded.diagnostics.len()), ("UTF-8", 0));
        let decoded = decode_with_declared(&utf16(REPORT, true), Some("utf-16le"));
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            ("UTF-16BE", REPORT)
        );
        assert_eq!(codes(&decoded), ["declared_charset_contradicted"]);
        // UTF-16 without BOM under an ASCII-compatible declaration.
        let decoded = decode_with_declared(&utf16(REPORT, false), Some("gbk"));
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            ("UTF-16LE", REPORT)
        );
        assert_eq!(
            codes(&decoded),
            ["declared_charset_contradicted", "encoding_guessed"]
        );
        for label in [None, Some(""), Some("  ")] {
            assert_eq!(
                codes(&decode_with_declared(&gbk, label)),
                ["encoding_guessed"]
            );
        }
    }

    #[test]
    fn other_legacy_encodings_keep_their_names() {
        let korean = "정부는 국민의 알 권리를 보장하기 위하여 정보공개 제도를 운영하고 있습니다.";
        let japanese = "日本国政府は、国民の知る権利を保障するため、情報公開制度を運用しています。";
        for (encoding, text) in [(EUC_KR, korean), (SHIFT_JIS, japanese), (EUC_JP, japanese)] {
            let decoded = decode_text(&encode(encoding, text));
            assert_eq!(
                (decoded.encoding, decoded.text.as_str()),
                (encoding.name(), text)
            );
        }
    }

    #[test]
    fn no_input_panics_or_escapes_unicode() {
        let gbk = encode(GBK, REPORT);
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            vec![0xFF],
            vec![0xFE],
            vec![0],
            b"\xEF\xBB".to_vec(),
            b"\xFF\xFE\x00".to_vec(),
        ];
        inputs.extend((0..=255u8).map(|b| vec![b; 3]));
        inputs.extend((1..gbk.len().min(40)).map(|n| gbk[..n].to_vec()));
        inputs.push((0..=255u8).cycle().take(5000).collect());
        for bytes in &inputs {
            for label in [
                None,
                Some("utf-16be"),
                Some("x-user-defined"),
                Some("ISO-2022-KR"),
                Some("GBK.x"),
            ] {
                let decoded = decode_with_declared(bytes, label);
                assert!(!decoded.encoding.is_empty());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_without_panic(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
            label in proptest::option::of("[ -~]{0,12}"),
        ) {
            check_invariants(&bytes, label.as_deref());
        }

        #[test]
        fn damaged_gbk_decodes_without_panic(
            damage in proptest::collection::vec((0usize..400, proptest::num::u8::ANY), 0..6),
            cut in 0usize..400,
        ) {
            let mut bytes = encode(GBK, REPORT);
            for (at, byte) in damage {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            bytes.truncate(cut.max(1));
            check_invariants(&bytes, None);
            check_invariants(&bytes, Some("gb2312"));
        }
    }

    fn check_invariants(bytes: &[u8], label: Option<&str>) {
        let decoded = decode_with_declared(bytes, label);
        let count = |code: DiagnosticCode| {
            decoded
                .diagnostics
                .iter()
                .filter(|d| d.code == code)
                .count()
        };
        assert!(count(DiagnosticCode::InvalidBytes) <= 1);
        assert!(count(DiagnosticCode::DeclaredCharsetContradicted) <= 1);
        if label.is_none()
            && let Ok(text) = std::str::from_utf8(bytes)
            && utf16_without_bom(sample(bytes)).is_none()
            && !bytes.starts_with(b"\xEF\xBB\xBF")
        {
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.encoding, "UTF-8");
        }
    }

    /// The speed budget: under 1 ms for a 10 KB file. Run with
    /// `cargo test --release -p docmend-core -- --ignored`. The time per
    /// file is the best of several batches, so that other work on a busy
    /// machine does not count against it.
    #[test]
    #[ignore = "timing: meaningful only in release builds"]
    fn ten_kilobytes_decode_within_a_millisecond() {
        let mut gbk = Vec::new();
        while gbk.len() < 10_000 {
            gbk.extend(encode(GBK, REPORT));
        }
        let utf8 = REPORT.repeat(10_000 / REPORT.len() + 1);
        for bytes in [&gbk, utf8.as_bytes()] {
            let each = (0..5)
                .map(|_| {
                    let start = std::time::Instant::now();
                    for _ in 0..20 {
                        std::hint::black_box(decode_text(bytes));
                    }
                    start.elapsed() / 20
                })
                .min()
                .unwrap();
            assert!(each < std::time::Duration::from_millis(1), "{each:?}");
        }
    }
}
