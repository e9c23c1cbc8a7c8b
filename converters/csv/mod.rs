//! The CSV and TSV converter: delimiter-separated values (comma, semicolon,
//! pipe or tab), in any encoding, read into one table as a spreadsheet
//! shows them.
//!
//! The text is decoded by [`docmend_core::decode`] (as text exports are), then
//! `dialect` judges a sample: whether it clearly is delimited data (for
//! sniffing) and which delimiter it uses. `read` splits the whole text
//! into rows with the `csv` crate, and `table` lowers the rows into one
//! exact table. `lines` maps byte offsets to line numbers for `origin`.

mod dialect;
mod lines;
mod read;
mod table;

use docmend_core::converter::SNIFF_LEN;
use docmend_core::converter::{Confidence, Converted, Converter, Options};
use docmend_core::error::Error;
use docmend_core::model::{Block, Format, Metadata};
use docmend_core::sniff::{self, Seen};

/// The most grid positions (rows × the widest row's fields) of the one
/// table a file makes, whatever `Limits::max_table_cells` allows: every
/// position becomes a cell of the model, about 200 bytes of memory and
/// 0.45 µs each through the whole pipeline, so 20,000,000 would take some
/// 4 GiB and 9 s for one file. 5,000,000 is far beyond any report table.
pub const MAX_TABLE_CELLS: u64 = 5_000_000;

/// How much decoded text [`dialect::choose`] looks at to pick the
/// delimiter: plenty of records, at a cost that stays small for big files.
const DIALECT_SAMPLE: usize = 64 * 1024;

/// Above the text converter's [`Confidence::LIKELY`]: both read text, and
/// text that clearly is delimited data is better read as a table.
const CLEARLY_DELIMITED: Confidence = Confidence(Confidence::LIKELY.0 + 10);

pub struct CsvConverter;

impl Converter for CsvConverter {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Csv, Format::Tsv]
    }

    fn description(&self) -> &'static str {
        "delimiter-separated values (comma, semicolon, pipe, tab; any encoding) as one table"
    }

    fn sniff(&self, head: &[u8]) -> Confidence {
        if sniff::identify(head) != Seen::Text || !head.iter().any(|b| dialect::ALL.contains(b)) {
            return Confidence::NONE;
        }
        let cut = head.len() >= SNIFF_LEN;
        // Most text is no delimited data, and says so from its bytes alone
        // when they are no UTF-16 (see `dialect::could_be_clear`).
        let utf16 =
            head.contains(&0) || head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
        let without_bom = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if !utf16 && !dialect::could_be_clear(without_bom, cut) {
            return Confidence::NONE;
        }
        let decoded;
        let text = match plain_utf8(head) {
            Some(text) => text,
            None => {
                decoded = docmend_core::decode::decode_text(head);
                decoded.text.as_str()
            }
        };
        match dialect::sniff(text, cut) {
            Some(_) => CLEARLY_DELIMITED,
            None => Confidence::NONE,
        }
    }

    fn convert(&self, bytes: &[u8], options: &Options) -> Result<Converted, Error> {
        if bytes.is_empty() {
            return Err(Error::Empty);
        }
        let decoded = docmend_core::decode::decode_text(bytes);
        let text = decoded.text.as_str();
        let candidates: &[u8] = match options.forced_format {
            Some(Format::Tsv) => &dialect::TSV,
            Some(Format::Csv) => &dialect::CSV,
            _ => &dialect::ALL,
        };
        let sample = prefix(text, DIALECT_SAMPLE);
        let delimiter = dialect::choose(sample, sample.len() < text.len(), candidates);
        let format = if delimiter == b'\t' {
            Format::Tsv
        } else {
            Format::Csv
        };
        let limit = options.limits.max_table_cells.min(MAX_TABLE_CELLS);
        let rows = read::read(text, delimiter, limit).map_err(
            |read::ReadError::TooManyCells { rows, width }| Error::Malformed {
                format: format.to_string(),
                reason: if limit < options.limits.max_table_cells {
                    format!(
                        "the table passes the limit of {limit} positions of one CSV table \
                         (rows × widest row; a fixed guard, which --max-table-cells can only \
                         lower) at row {rows}, {width} fields wide"
                    )
                } else {
                    format!(
                        "the table passes the limit of {limit} table positions \
                         (--max-table-cells; rows × widest row) at row {rows}, {width} fields wide"
                    )
                },
            },
        )?;
        if rows.rows.is_empty() {
            return Err(Error::Malformed {
                format: format.to_string(),
                reason: "no values: the file holds only blank lines and delimiters".to_string(),
            });
        }
        let (table, table_diagnostics) = table::lower(rows);
        let mut diagnostics = decoded.diagnostics;
        diagnostics.extend(table_diagnostics);
        Ok(
            Converted::new(format, Metadata::default(), vec![Block::Table(table)])
                .with_encoding(decoded.encoding.to_string())
                .with_diagnostics(diagnostics),
        )
    }
}

/// The head as text when it is plain UTF-8 (perhaps cut inside its last
/// character) without NUL bytes, which the decoder would read as UTF-8
/// too: sniffing then skips the decoder's copy and checks. Anything else
/// (a byte-order mark, UTF-16, legacy encodings) goes through the decoder.
fn plain_utf8(head: &[u8]) -> Option<&str> {
    if head.contains(&0) || head.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    match std::str::from_utf8(head) {
        Ok(text) => Some(text),
        Err(error) if error.error_len().is_none() => {
            std::str::from_utf8(&head[..error.valid_up_to()]).ok()
        }
        Err(_) => None,
    }
}

/// The first `max` bytes of `text`, shortened to a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
