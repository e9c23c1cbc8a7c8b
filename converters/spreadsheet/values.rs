//! Turns calamine cell values into the text a reader of the sheet sees.
//!
//! Numbers are printed as a spreadsheet shows them in General format:
//! whole numbers without `.0`, at most 15 significant digits (so a stored
//! `0.30000000000000004` reads `0.3`). Dates become ISO 8601, booleans
//! `TRUE`/`FALSE`, error values their code (`#DIV/0!`). Text is kept as
//! stored: a number typed as text stays text, and the model parses its value.

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};

/// A cell's value, reduced to what the lowering needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Rendered {
    /// No value (or only white space).
    Empty,
    Text(String),
    /// An error value such as `#DIV/0!`, kept as its code.
    Error(String),
}

pub fn render_data(value: &Data) -> Rendered {
    match value {
        Data::Int(i) => Rendered::Text(i.to_string()),
        Data::Float(f) => Rendered::Text(number_text(*f)),
        Data::String(s) => text(s),
        Data::Bool(b) => Rendered::Text(bool_text(*b)),
        Data::DateTime(dt) => Rendered::Text(datetime_text(dt)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => text(s),
        Data::Error(e) => Rendered::Error(error_text(e)),
        Data::Empty => Rendered::Empty,
    }
}

pub fn render_ref(value: &DataRef<'_>) -> Rendered {
    match value {
        DataRef::Int(i) => Rendered::Text(i.to_string()),
        DataRef::Float(f) => Rendered::Text(number_text(*f)),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Rendered::Text(bool_text(*b)),
        DataRef::DateTime(dt) => Rendered::Text(datetime_text(dt)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Rendered::Error(error_text(e)),
        DataRef::Empty => Rendered::Empty,
    }
}

fn text(s: &str) -> Rendered {
    if s.trim().is_empty() {
        Rendered::Empty
    } else {
        Rendered::Text(s.to_string())
    }
}

fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}

fn error_text(e: &CellErrorType) -> String {
    e.to_string()
}

/// A float as General format shows it: 15 significant digits, no
/// exponent, no trailing zeros, `-0` as `0`.
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if rounded == 0.0 {
        return "0".to_string();
    }
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        return format!("{}", rounded as i64);
    }
    format!("{rounded}")
}

/// A date as `2022-03-01`, a date with a time as `2022-03-01T08:30:00`, a
/// time of day alone as `08:30:00`, a duration as hours:minutes:seconds.
pub fn datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        let total = (serial * 86_400.0).round() as i64;
        let sign = if total < 0 { "-" } else { "" };
        let total = total.abs();
        return format!(
            "{sign}{}:{:02}:{:02}",
            total / 3600,
            (total / 60) % 60,
            total % 60
        );
    }
    let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
    let time = if milli > 0 {
        format!("{hour:02}:{minute:02}:{second:02}.{milli:03}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    };
    if (0.0..1.0).contains(&serial) {
        time
    } else if (hour, minute, second, milli) == (0, 0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{time}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_print_as_general_format() {
        assert_eq!(number_text(0.0), "0");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(12.50), "12.5");
        assert_eq!(number_text(6.0), "6");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-1234.5), "-1234.5");
        assert_eq!(number_text(1e-7), "0.0000001");
        assert_eq!(number_text(123456789012.0), "123456789012");
    }

    #[test]
    fn dates_are_iso_8601() {
        let date = |v, t| ExcelDateTime::new(v, t, false);
        // 2022-03-01 is serial 44621.
        assert_eq!(
            datetime_text(&date(44621.0, ExcelDateTimeType::DateTime)),
            "2022-03-01"
        );
        assert_eq!(
            datetime_text(&date(44621.5, ExcelDateTimeType::DateTime)),
            "2022-03-01T12:00:00"
        );
        assert_eq!(
            datetime_text(&date(0.25, ExcelDateTimeType::DateTime)),
            "06:00:00"
        );
        assert_eq!(
            datetime_text(&date(1.5, ExcelDateTimeType::TimeDelta)),
            "36:00:00"
        );
        // The 1904 epoch counts from 1904-01-01.
        assert_eq!(
            datetime_text(&ExcelDateTime::new(
                43159.0,
                ExcelDateTimeType::DateTime,
                true
            )),
            "2022-03-01"
        );
    }

    #[test]
    fn values_render_to_cell_text() {
        assert_eq!(
            render_data(&Data::Bool(true)),
            Rendered::Text("TRUE".into())
        );
        assert_eq!(
            render_data(&Data::Error(CellErrorType::Div0)),
            Rendered::Error("#DIV/0!".into())
        );
        assert_eq!(render_data(&Data::String("  ".into())), Rendered::Empty);
        assert_eq!(
            render_data(&Data::String("12".into())),
            Rendered::Text("12".into())
        );
        assert_eq!(render_ref(&DataRef::Int(7)), Rendered::Text("7".into()));
        assert_eq!(render_ref(&DataRef::Empty), Rendered::Empty);
    }
}
