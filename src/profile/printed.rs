//! How a template table prints a figure: a number (`6`, `1,234`, `0.5`),
//! or a count followed by its unit (`6件`, `3 个`, `12项`), which some
//! reports write in every cell. The unit changes nothing of the figure;
//! other text after a number does (`6件次` counts something else, `500元`
//! is not an amount in 万元), so only the template's own units are read.

use crate::model::{Cell, Number};

/// The units a template cell may print after its count: applications,
/// cases and documents (`件`, `宗`, `起`, `条`), items (`个`, `项`), and
/// the fee column's `万元`.
const UNITS: [&str; 7] = ["万元", "件", "宗", "起", "条", "个", "项"];

/// The figure `text` prints, if any.
pub fn figure(text: &str) -> Option<Number> {
    let text = text.trim();
    Number::parse(text).or_else(|| {
        let number = UNITS.iter().find_map(|unit| text.strip_suffix(unit))?;
        Number::parse(number.trim_end())
    })
}

/// The figure a cell prints: its value, or a number with its unit.
pub fn of_cell(cell: &Cell) -> Option<Number> {
    cell.value.or_else(|| figure(&cell.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_with_their_unit_are_figures() {
        assert_eq!(figure("6"), Some(Number(6.0)));
        assert_eq!(figure("6件"), Some(Number(6.0)));
        assert_eq!(figure(" 3 个 "), Some(Number(3.0)));
        assert_eq!(figure("1,234项"), Some(Number(1234.0)));
        assert_eq!(figure("0.5万元"), Some(Number(0.5)));
        assert_eq!(figure("６件"), Some(Number(6.0)));
    }

    #[test]
    fn other_words_after_a_number_are_not() {
        for text in [
            "6件次", "500元", "6人次", "件", "约6件", "6-8件", "/", "无", "",
        ] {
            assert_eq!(figure(text), None, "{text}");
        }
    }
}
