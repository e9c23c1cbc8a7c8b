//! CSV records as RFC 4180 writes them: fields separated by commas, a field
//! quoted when it holds a comma, a double quote, CR or LF, and quotes inside
//! doubled. Small enough not to need a dependency.

/// The byte-order mark and line ending of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// Start the file with a UTF-8 byte-order mark.
    pub bom: bool,
    pub line_end: &'static str,
}

impl Dialect {
    /// UTF-8 with `\n`, what most tools expect.
    pub const PLAIN: Dialect = Dialect {
        bom: false,
        line_end: "\n",
    };
    /// A byte-order mark and `\r\n`: Excel then reads the file as UTF-8
    /// instead of the system code page, so Chinese text shows correctly.
    pub const EXCEL: Dialect = Dialect {
        bom: true,
        line_end: "\r\n",
    };

    /// What goes before the first record.
    pub fn preamble(self) -> &'static str {
        if self.bom { "\u{feff}" } else { "" }
    }
}

/// Appends one field, quoted if it needs to be.
pub fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// One record, ending in the dialect's line ending.
pub fn record<S: AsRef<str>>(fields: impl IntoIterator<Item = S>, dialect: Dialect) -> String {
    let mut out = String::new();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(&mut out, field.as_ref());
    }
    out.push_str(dialect.line_end);
    out
}

/// A figure as a field: an integer without `.0`; anything else as Rust's
/// shortest round-trip decimal form (never an exponent).
pub fn number(number: docmend::model::Number) -> String {
    if number.is_integer() {
        (number.0 as i64).to_string()
    } else {
        number.0.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, text);
        out
    }

    #[test]
    fn plain_fields_are_not_quoted() {
        assert_eq!(field(""), "");
        assert_eq!(
            field("applications.new_received.total"),
            "applications.new_received.total"
        );
        assert_eq!(field("尉氏县洧川镇人民政府"), "尉氏县洧川镇人民政府");
        assert_eq!(field(" spaced "), " spaced ");
        assert_eq!(field("12.5"), "12.5");
    }

    #[test]
    fn special_characters_are_quoted_and_quotes_doubled() {
        assert_eq!(field("a,b.txt"), "\"a,b.txt\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("\""), "\"\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(
            field("，全角逗号"),
            "，全角逗号",
            "only the ASCII comma separates"
        );
    }

    #[test]
    fn records_join_fields_and_end_lines() {
        assert_eq!(record(["a", "", "b,c"], Dialect::PLAIN), "a,,\"b,c\"\n");
        assert_eq!(record(["a", "b"], Dialect::EXCEL), "a,b\r\n");
        assert_eq!(record(Vec::<String>::new(), Dialect::PLAIN), "\n");
        assert_eq!(Dialect::EXCEL.preamble().as_bytes(), b"\xEF\xBB\xBF");
        assert_eq!(Dialect::PLAIN.preamble(), "");
    }
}
