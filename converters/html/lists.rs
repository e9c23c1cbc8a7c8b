//! The markers of `ul`/`ol` items as a browser draws them: bullets by
//! nesting depth (`•`, `◦`, `▪`), numbers counted from `start` (down from
//! it with `reversed`), an item's `value` restarting the count, and the
//! numbering style from the `type` attribute or an inline `list-style`.
//!
//! Only what the page itself says is read: a style sheet's class rules are
//! not, so a list styled `list-style:none` by a class keeps its markers.

use super::dom::{Dom, Element, Tag};
use docmend_core::counters::{chinese, chinese_digits, roman};

/// How an item's marker is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerStyle {
    Bullet(char),
    /// `list-style: none`: no marker.
    Hidden,
    Decimal,
    DecimalLeadingZero,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    LowerGreek,
    /// `〇一二…` digit by digit.
    CjkDecimal,
    /// Chinese numerals (`十一`, `二十`).
    CjkIdeographic,
}

impl MarkerStyle {
    fn is_number(self) -> bool {
        !matches!(self, MarkerStyle::Bullet(_) | MarkerStyle::Hidden)
    }

    /// A CSS `list-style-type` keyword.
    fn from_keyword(keyword: &str) -> Option<MarkerStyle> {
        let k = keyword.trim().to_ascii_lowercase();
        Some(match k.as_str() {
            "disc" => MarkerStyle::Bullet('•'),
            "circle" => MarkerStyle::Bullet('◦'),
            "square" => MarkerStyle::Bullet('▪'),
            "none" => MarkerStyle::Hidden,
            "decimal" => MarkerStyle::Decimal,
            "decimal-leading-zero" => MarkerStyle::DecimalLeadingZero,
            "lower-alpha" | "lower-latin" => MarkerStyle::LowerAlpha,
            "upper-alpha" | "upper-latin" => MarkerStyle::UpperAlpha,
            "lower-roman" => MarkerStyle::LowerRoman,
            "upper-roman" => MarkerStyle::UpperRoman,
            "lower-greek" => MarkerStyle::LowerGreek,
            "cjk-decimal" => MarkerStyle::CjkDecimal,
            "cjk-ideographic" | "simp-chinese-informal" | "trad-chinese-informal" => {
                MarkerStyle::CjkIdeographic
            }
            _ => return None,
        })
    }

    /// The HTML `type` attribute: `1 a A i I` (case matters) on `ol` and
    /// `li`, `disc circle square` on `ul` and `li`.
    fn from_type(value: &str) -> Option<MarkerStyle> {
        match value.trim() {
            "1" => Some(MarkerStyle::Decimal),
            "a" => Some(MarkerStyle::LowerAlpha),
            "A" => Some(MarkerStyle::UpperAlpha),
            "i" => Some(MarkerStyle::LowerRoman),
            "I" => Some(MarkerStyle::UpperRoman),
            other => {
                let bullet = ["disc", "circle", "square"]
                    .iter()
                    .any(|b| other.eq_ignore_ascii_case(b));
                if bullet {
                    MarkerStyle::from_keyword(other)
                } else {
                    None
                }
            }
        }
    }

    /// The style an element gives itself: an inline `list-style-type` or
    /// `list-style` wins over the `type` attribute, as CSS over a
    /// presentational hint.
    fn of(element: &Element) -> Option<MarkerStyle> {
        let from_style = element.attr("style").and_then(|style| {
            style.split(';').rev().find_map(|declaration| {
                let (property, value) = declaration.split_once(':')?;
                let property = property.trim();
                let value = value.trim();
                let value = value.strip_suffix("!important").unwrap_or(value);
                if property.eq_ignore_ascii_case("list-style-type") {
                    MarkerStyle::from_keyword(value)
                } else if property.eq_ignore_ascii_case("list-style") {
                    // The shorthand: a type keyword among position and image.
                    value.split_whitespace().find_map(MarkerStyle::from_keyword)
                } else {
                    None
                }
            })
        });
        from_style.or_else(|| element.attr("type").and_then(MarkerStyle::from_type))
    }

    /// The marker for the ordinal `n`; `None` for a hidden marker.
    pub fn marker(self, n: i64) -> Option<String> {
        let number = |text: String| Some(format!("{text}."));
        match self {
            MarkerStyle::Hidden => None,
            MarkerStyle::Bullet(c) => Some(c.to_string()),
            MarkerStyle::Decimal => number(n.to_string()),
            MarkerStyle::DecimalLeadingZero if (0..10).contains(&n) => number(format!("0{n}")),
            MarkerStyle::DecimalLeadingZero => number(n.to_string()),
            MarkerStyle::LowerAlpha => number(alphabetic(n, 'a', 26).unwrap_or(n.to_string())),
            MarkerStyle::UpperAlpha => number(alphabetic(n, 'A', 26).unwrap_or(n.to_string())),
            MarkerStyle::LowerGreek => number(alphabetic(n, 'α', 24).unwrap_or(n.to_string())),
            MarkerStyle::LowerRoman => number(roman(n).map_or(n.to_string(), |r| r.to_lowercase())),
            MarkerStyle::UpperRoman => number(roman(n).unwrap_or(n.to_string())),
            MarkerStyle::CjkDecimal => Some(format!("{}、", chinese_digits(n))),
            MarkerStyle::CjkIdeographic => Some(format!(
                "{}、",
                chinese(n, false)
                    .filter(|_| (1..=9999).contains(&n))
                    .unwrap_or_else(|| chinese_digits(n))
            )),
        }
    }
}

/// An open list: how its items are numbered and drawn.
#[derive(Debug, Clone)]
pub struct ListFrame {
    pub node: usize,
    /// 0 for the outermost list.
    pub level: u8,
    pub ordered: bool,
    style: MarkerStyle,
    next: i64,
    step: i64,
}

impl ListFrame {
    /// The frame of the list element `node` (`ul`, `ol`, `dir`, `menu`)
    /// with `depth` lists around it.
    pub fn open(dom: &Dom, node: usize, depth: usize) -> ListFrame {
        let element = dom.element(node);
        let is_ol = matches!(element.map(|e| e.tag), Some(Tag::List { ordered: true }));
        let default = if is_ol {
            MarkerStyle::Decimal
        } else {
            match depth {
                0 => MarkerStyle::Bullet('•'),
                1 => MarkerStyle::Bullet('◦'),
                _ => MarkerStyle::Bullet('▪'),
            }
        };
        let style = element.and_then(MarkerStyle::of).unwrap_or(default);
        let reversed = is_ol && element.is_some_and(|e| e.attr("reversed").is_some());
        let start = element
            .filter(|_| is_ol)
            .and_then(|e| e.attr("start"))
            .and_then(parse_integer);
        let next = match (start, reversed) {
            (Some(start), _) => start,
            (None, false) => 1,
            // Counting down to 1 from the number of items.
            (None, true) => dom.children_where(node, |t| t == Tag::ListItem).count() as i64,
        };
        ListFrame {
            node,
            level: u8::try_from(depth).unwrap_or(u8::MAX),
            ordered: if style.is_number() {
                true
            } else {
                is_ol && style == MarkerStyle::Hidden
            },
            style,
            next,
            step: if reversed { -1 } else { 1 },
        }
    }

    /// The next item's marker and whether it is numbered; `li` is the
    /// item's element (its `value` restarts the count, its own `type` or
    /// `list-style` changes its marker).
    pub fn item(&mut self, li: Option<&Element>) -> (bool, Option<String>) {
        if let Some(value) = li.and_then(|e| e.attr("value")).and_then(parse_integer) {
            self.next = value;
        }
        let style = li.and_then(MarkerStyle::of).unwrap_or(self.style);
        let n = self.next;
        self.next = self.next.saturating_add(self.step);
        let ordered = if style == MarkerStyle::Hidden {
            self.ordered
        } else {
            style.is_number()
        };
        (ordered, style.marker(n))
    }
}

/// An HTML "valid integer": optional spaces, sign, digits; anything after
/// the digits is ignored (`3px` is 3).
fn parse_integer(value: &str) -> Option<i64> {
    let value = value.trim_start();
    let (sign, digits) = match value.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 {
        return None;
    }
    // Absurdly long numbers saturate instead of failing.
    let magnitude = digits[..end].parse::<i64>().unwrap_or(i64::MAX);
    Some(sign * magnitude)
}

/// `a`…`z`, `aa`, `ab`, … (bijective base `radix`); `None` below 1.
fn alphabetic(n: i64, first: char, radix: i64) -> Option<String> {
    if n < 1 {
        return None;
    }
    let mut n = n;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        let offset = u32::try_from(n % radix).ok()?;
        // Greek has a final sigma at 'ς' (U+03C2) that lists skip.
        let mut c = first as u32 + offset;
        if first == 'α' && c >= 'ς' as u32 {
            c += 1;
        }
        letters.push(char::from_u32(c)?);
        n /= radix;
    }
    Some(letters.iter().rev().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert_eq!(MarkerStyle::Decimal.marker(3).as_deref(), Some("3."));
        assert_eq!(MarkerStyle::Decimal.marker(-2).as_deref(), Some("-2."));
        assert_eq!(
            MarkerStyle::DecimalLeadingZero.marker(7).as_deref(),
            Some("07.")
        );
        assert_eq!(MarkerStyle::LowerAlpha.marker(1).as_deref(), Some("a."));
        assert_eq!(MarkerStyle::LowerAlpha.marker(27).as_deref(), Some("aa."));
        assert_eq!(MarkerStyle::UpperAlpha.marker(52).as_deref(), Some("AZ."));
        assert_eq!(MarkerStyle::UpperAlpha.marker(0).as_deref(), Some("0."));
        assert_eq!(MarkerStyle::LowerRoman.marker(14).as_deref(), Some("xiv."));
        assert_eq!(
            MarkerStyle::UpperRoman.marker(1994).as_deref(),
            Some("MCMXCIV.")
        );
        assert_eq!(
            MarkerStyle::UpperRoman.marker(4000).as_deref(),
            Some("4000.")
        );
        assert_eq!(MarkerStyle::LowerGreek.marker(18).as_deref(), Some("σ."));
        assert_eq!(
            MarkerStyle::CjkDecimal.marker(10).as_deref(),
            Some("一〇、")
        );
        assert_eq!(MarkerStyle::Bullet('◦').marker(5).as_deref(), Some("◦"));
        assert_eq!(MarkerStyle::Hidden.marker(1), None);
        let cjk = |n| MarkerStyle::CjkIdeographic.marker(n).unwrap();
        assert_eq!(cjk(1), "一、");
        assert_eq!(cjk(10), "十、");
        assert_eq!(cjk(11), "十一、");
        assert_eq!(cjk(20), "二十、");
        assert_eq!(cjk(105), "一百零五、");
        assert_eq!(cjk(110), "一百一十、");
        assert_eq!(cjk(1001), "一千零一、");
    }

    #[test]
    fn integers_and_keywords() {
        assert_eq!(parse_integer(" 3px"), Some(3));
        assert_eq!(parse_integer("-4"), Some(-4));
        assert_eq!(parse_integer("+5"), Some(5));
        assert_eq!(parse_integer("x"), None);
        assert_eq!(parse_integer("99999999999999999999"), Some(i64::MAX));
        assert_eq!(MarkerStyle::from_type("a"), Some(MarkerStyle::LowerAlpha));
        assert_eq!(MarkerStyle::from_type("I"), Some(MarkerStyle::UpperRoman));
        assert_eq!(
            MarkerStyle::from_type("SQUARE"),
            Some(MarkerStyle::Bullet('▪'))
        );
        assert_eq!(MarkerStyle::from_type("x"), None);
        assert_eq!(
            MarkerStyle::from_keyword("Upper-Latin"),
            Some(MarkerStyle::UpperAlpha)
        );
    }
}
