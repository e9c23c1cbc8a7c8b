//! Figures as a report's sentences write them: Arabic digits (ASCII or
//! full-width) or Chinese numerals up to 万 (`三`, `十二`, `两百零五`,
//! `一万二千`), each with the counting word after it (`件`, `起`, `件次`).
//!
//! The one crate that reads Chinese numerals (`chinese-number`) needs a
//! newer Rust than the workspace's `rust-version` through its
//! dependencies; the reading below is the few lines numerals up to 万 take.

use crate::numbering::cjk_digit;

/// A figure in a sentence: its value, where it stands (byte offsets of the
/// numeral and of its counting word together), its counting word, and
/// whether the sentence hedges it (`8余件`, `十多件`).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub start: usize,
    pub end: usize,
    pub unit: Option<&'static str>,
    pub approximate: bool,
    /// Written in Chinese numerals.
    pub chinese: bool,
}

/// The counting words a figure of applications or cases may carry, longest
/// first; [`counts_cases`] says which count the template's units.
pub const UNITS: [&str; 12] = [
    "件次", "人次", "批次", "件", "起", "宗", "个", "份", "条", "例", "项", "次",
];

/// Whether `unit` counts what the template's tables count (applications,
/// cases, documents) rather than visits or people (`件次`, `人次`).
pub fn counts_cases(unit: &str) -> bool {
    !matches!(unit, "件次" | "人次" | "批次" | "次")
}

fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u64> {
    match c {
        '两' => Some(2),
        _ => cjk_digit(c).filter(|d| *d < 10).map(u64::from),
    }
}

fn chinese_power(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_power(c).is_some()
}

/// The value of a Chinese numeral up to 万 (`十二` 12, `两百零五` 205,
/// `一万二千` 12000); `None` for what is no well-formed numeral (`百`,
/// `三三`).
pub fn chinese_value(numeral: &str) -> Option<u64> {
    let mut total = 0u64; // completed 万 groups
    let mut section = 0u64; // below 万
    let mut digit: Option<u64> = None;
    let mut last_power = u64::MAX;
    for c in numeral.chars() {
        if let Some(d) = chinese_digit(c) {
            // Two digits in a row are only `零` then a digit (`一百零五`).
            if digit.is_some_and(|previous| previous != 0) {
                return None;
            }
            digit = Some(d);
        } else if let Some(power) = chinese_power(c) {
            if power == 10_000 {
                section += digit.take().unwrap_or(0);
                if section == 0 || total != 0 {
                    return None;
                }
                total = section * power;
                section = 0;
                last_power = u64::MAX;
                continue;
            }
            // `十` may stand alone (`十二`); `百` and `千` need a digit.
            let d = match digit.take() {
                Some(d) if d > 0 => d,
                None if power == 10 && section == 0 => 1,
                _ => return None,
            };
            if power >= last_power {
                return None;
            }
            last_power = power;
            section += d * power;
        } else {
            return None;
        }
    }
    section += digit.unwrap_or(0);
    Some(total + section)
}

/// Every figure in `text` with a counting word, or with none when the
/// clause ends right after it (`均为0`). A Chinese numeral counts only with
/// a counting word, or alone as `零`, so words like `一是` or `统一` are
/// never figures; a Chinese figure must end its clause or a list item
/// (`一起` in `一起研究` is no figure).
pub fn figures(text: &str) -> Vec<Figure> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let arabic = arabic_digit(c).is_some();
        if !arabic && !is_chinese_numeral(c) {
            i += 1;
            continue;
        }
        // A numeral run: digits (with a decimal point between digits), or
        // Chinese numerals.
        let mut j = i;
        while j < chars.len()
            && (if arabic {
                arabic_digit(chars[j].1).is_some()
                    || (chars[j].1 == '.'
                        && chars
                            .get(j + 1)
                            .is_some_and(|n| arabic_digit(n.1).is_some()))
            } else {
                is_chinese_numeral(chars[j].1)
            })
        {
            j += 1;
        }
        let numeral_end = chars.get(j).map_or(text.len(), |(at, _)| *at);
        let numeral = &text[start..numeral_end];
        // Part of a longer alphanumeric token (`A3`, `12345热线`'s digits
        // are whole) is no figure.
        let glued = i > 0 && chars[i - 1].1.is_ascii_alphanumeric();
        let value = if arabic {
            numeral
                .chars()
                .map(|c| arabic_digit(c).map_or('.', |d| char::from_digit(d, 10).unwrap()))
                .collect::<String>()
                .parse::<f64>()
                .ok()
        } else {
            chinese_value(numeral).map(|v| v as f64)
        };
        i = j.max(i + 1);
        let Some(value) = value.filter(|_| !glued) else {
            continue;
        };
        let rest = &text[numeral_end..];
        let (approximate, after_hedge) = match rest.strip_prefix(['余', '多', '来']) {
            Some(after) => (true, after),
            None => (false, rest),
        };
        let unit = UNITS.iter().copied().find(|u| after_hedge.starts_with(u));
        let end = numeral_end + (rest.len() - after_hedge.len()) + unit.map_or(0, str::len);
        let after = &text[end..];
        let ends_clause = after.is_empty() || after.starts_with(['、', '）', ')', '（', '(']);
        let counts = match (arabic, unit) {
            (_, Some(_)) if !arabic => ends_clause,
            (_, Some(_)) => true,
            (true, None) => ends_clause && !approximate,
            (false, None) => ends_clause && value == 0.0 && !approximate,
        };
        if counts {
            found.push(Figure {
                value,
                start,
                end,
                unit,
                approximate,
                chinese: !arabic,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_up_to_wan() {
        for (text, value) in [
            ("零", 0),
            ("〇", 0),
            ("三", 3),
            ("两", 2),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
            ("一百零五", 105),
            ("两百", 200),
            ("一千二百三十四", 1234),
            ("三万五千", 35000),
            ("一万零一", 10001),
            ("十万", 100_000),
        ] {
            assert_eq!(chinese_value(text), Some(value), "{text}");
        }
        for text in ["百", "三三", "十十", "百十", "万万", "千百万万"] {
            assert_eq!(chinese_value(text), None, "{text}");
        }
    }

    fn values(text: &str) -> Vec<(f64, Option<&'static str>, bool)> {
        figures(text)
            .into_iter()
            .map(|f| (f.value, f.unit, f.approximate))
            .collect()
    }

    #[test]
    fn figures_carry_their_counting_word() {
        assert_eq!(values("申请8件"), [(8.0, Some("件"), false)]);
        assert_eq!(values("申请８件"), [(8.0, Some("件"), false)]);
        assert_eq!(values("行政复议三件"), [(3.0, Some("件"), false)]);
        assert_eq!(values("行政诉讼十二起"), [(12.0, Some("起"), false)]);
        assert_eq!(values("申请零件"), [(0.0, Some("件"), false)]);
        assert_eq!(values("申请30余件"), [(30.0, Some("件"), true)]);
        assert_eq!(values("申请5件次"), [(5.0, Some("件次"), false)]);
        assert_eq!(values("均为0"), [(0.0, None, false)]);
        assert_eq!(values("均为零"), [(0.0, None, false)]);
    }

    #[test]
    fn words_with_numerals_are_no_figures() {
        assert!(values("一是加强领导").is_empty());
        assert!(values("统一标识").is_empty());
        assert!(values("与有关部门一起研究").is_empty());
        assert!(values("办结率100%").is_empty());
        assert!(values("第711号").is_empty());
        assert!(values("共3人参加").is_empty());
        // Years and dates give no figure with a counting word.
        assert!(values("2022年1月1日").is_empty());
    }
}
