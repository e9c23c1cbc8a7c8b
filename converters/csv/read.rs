//! Reads decoded delimited text into rows of field texts with the `csv`
//! crate (RFC 4180 quoting: delimiters and line breaks inside quotes,
//! doubled quotes; `\r\n`, `\n` or `\r` line ends; blank lines skipped).
//!
//! Rows are kept as the file has them, short or long; making them one
//! table is [`super::table`]'s job. Rows with delimiters but no values
//! (`,,,`) are skipped here and counted, so that the table never holds an
//! empty row for the repair pass to drop.

use super::lines::LineIndex;

/// How many line numbers a diagnostic lists before it only counts.
const MAX_LISTED_LINES: usize = 10;

/// The rows of a file, as read.
#[derive(Debug, Default)]
pub struct Rows {
    /// Each row's fields, trimmed of surrounding white space (as the
    /// cleanup pass counts it: zero-width spaces and stray byte-order marks
    /// too), so that no row turns empty after the converter.
    pub rows: Vec<Vec<String>>,
    /// The widest row's number of fields.
    pub width: usize,
    /// The 1-based lines the first row starts on and the last row ends on.
    pub first_line: usize,
    pub last_line: usize,
    /// Rows of delimiters without values: how many, and the first lines.
    pub empty_rows: usize,
    pub empty_row_lines: Vec<usize>,
    /// The line a quoted field was opened on and never closed, if any.
    pub unclosed_quote: Option<usize>,
}

/// Why the rows could not be read.
#[derive(Debug, PartialEq)]
pub enum ReadError {
    /// More grid positions (rows × the widest row's fields) than the
    /// limit (`Limits::max_table_cells`).
    TooManyCells { rows: usize, width: usize },
}

/// Reads every record of `text`, split at `delimiter`. Past `max_cells`
/// grid positions (rows × the widest row's fields) the file is refused
/// rather than held in memory.
pub fn read(text: &str, delimiter: u8, max_cells: u64) -> Result<Rows, ReadError> {
    let lines = LineIndex::new(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Rows::default();
    let mut record = ::csv::StringRecord::new();
    let mut last_record: Option<(usize, usize)> = None;
    loop {
        // The reader stops after the first byte of a line end, so a record
        // "starts" on the rest of that line end: skip it.
        let before = reader.position().byte() as usize;
        // `text` is valid UTF-8 and the reader flexible: no record fails.
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        let after = (reader.position().byte() as usize).min(text.len());
        let start = before + text[before..after].len()
            - text[before..after].trim_start_matches(['\r', '\n']).len();
        let end = start + text[start..after].trim_end_matches(['\r', '\n']).len();
        let (first, last) = (
            lines.line_of(start),
            lines.line_of(end.saturating_sub(1).max(start)),
        );
        let fields: Vec<String> = record
            .iter()
            .map(|f| f.trim_matches(docmend_core::blocks::is_space).to_string())
            .collect();
        if fields.iter().all(String::is_empty) {
            // A line of white space is a blank line; delimiters without
            // values are an empty row the file really has.
            if fields.len() > 1 {
                rows.empty_rows += 1;
                if rows.empty_row_lines.len() < MAX_LISTED_LINES {
                    rows.empty_row_lines.push(first);
                }
            }
            continue;
        }
        let width = rows.width.max(fields.len());
        if ((rows.rows.len() + 1) as u64).saturating_mul(width as u64) > max_cells {
            return Err(ReadError::TooManyCells {
                rows: rows.rows.len() + 1,
                width,
            });
        }
        rows.width = width;
        if rows.rows.is_empty() {
            rows.first_line = first;
        }
        rows.last_line = last;
        rows.rows.push(fields);
        last_record = Some((start, end));
    }
    if let Some((start, end)) = last_record {
        rows.unclosed_quote = unclosed_quote(&text[start..end], delimiter)
            .map(|offset| lines.line_of(start + offset));
    }
    Ok(rows)
}

/// Where a quoted field opens that the record never closes: only the last
/// record can end that way, since it then runs to the end of the file.
/// Returns the quote's offset in `raw`, the record as written.
fn unclosed_quote(raw: &str, delimiter: u8) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut field_start = true;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match open {
            Some(_) if b == b'"' && bytes.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => open = None,
            Some(_) => {}
            None if b == b'"' && field_start => open = Some(i),
            None => {}
        }
        // As in the `csv` crate, a quote opens a field only as its very
        // first character.
        field_start = open.is_none() && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &Rows) -> Vec<Vec<&str>> {
        rows.rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        let text = "a;\"b;c\";\"say \"\"hi\"\"\"\r\n\"two\r\nlines\";x;y\r\n";
        let rows = read(text, b';', u64::MAX).unwrap();
        assert_eq!(
            grid(&rows),
            [
                vec!["a", "b;c", "say \"hi\""],
                vec!["two\r\nlines", "x", "y"]
            ]
        );
        assert_eq!((rows.first_line, rows.last_line), (1, 3));
        assert_eq!(rows.unclosed_quote, None);
    }

    #[test]
    fn blank_lines_and_empty_rows_are_skipped() {
        let text = "\n\na,b\n\n  \n,,\n1,2\n\t\n, ,\n3,4";
        let rows = read(text, b',', u64::MAX).unwrap();
        assert_eq!(
            grid(&rows),
            [vec!["a", "b"], vec!["1", "2"], vec!["3", "4"]]
        );
        assert_eq!((rows.first_line, rows.last_line), (3, 10));
        assert_eq!((rows.empty_rows, rows.empty_row_lines), (2, vec![6, 9]));
        assert_eq!(rows.width, 2);
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let rows = read("a,b\r1,2\r\r3,4\r", b',', u64::MAX).unwrap();
        assert_eq!(grid(&rows).len(), 3);
        assert_eq!((rows.first_line, rows.last_line), (1, 4));
    }

    #[test]
    fn unquoted_fields_are_trimmed_and_inner_text_kept() {
        let rows = read("  a b ,\t x  \n\"  q \",2", b',', u64::MAX).unwrap();
        assert_eq!(grid(&rows), [vec!["a b", "x"], vec!["q", "2"]]);
    }

    #[test]
    fn an_unclosed_quote_is_found() {
        let text = "a,b\n1,\"open\n2,3\n4,5\n";
        let rows = read(text, b',', u64::MAX).unwrap();
        assert_eq!(rows.rows.len(), 2);
        assert_eq!(rows.unclosed_quote, Some(2));
        assert_eq!(rows.last_line, 4);
        // Quotes inside an unquoted field are text, not an opening.
        let rows = read("a,b\n1,5\"\n", b',', u64::MAX).unwrap();
        assert_eq!(rows.unclosed_quote, None);
        assert_eq!(grid(&rows)[1], ["1", "5\""]);
    }

    #[test]
    fn too_many_cells_are_refused() {
        let limit = 400;
        let width = 100;
        let line = format!("x{}\n", ",x".repeat(width - 1));
        assert_eq!(read(&line.repeat(4), b',', limit).unwrap().rows.len(), 4);
        assert_eq!(
            read(&line.repeat(5), b',', limit).unwrap_err(),
            ReadError::TooManyCells { rows: 5, width }
        );
        // Width counts however late the wide row comes.
        let text = format!("{}{line}", "x\n".repeat(4));
        assert_eq!(
            read(&text, b',', limit).unwrap_err(),
            ReadError::TooManyCells { rows: 5, width }
        );
    }
}
