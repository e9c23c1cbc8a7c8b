//! List counters as list styles draw them, shared by the converters whose
//! formats number lists (DOCX numbering definitions, HTML list styles):
//! Roman numerals and Chinese numerals.

/// Upper-case Roman numerals for 1 to 3999; `None` outside that range.
pub fn roman(mut n: i64) -> Option<String> {
    if !(1..=3999).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    Some(out)
}

struct Numerals {
    digits: [char; 9],
    /// 十, 百, 千
    units: [char; 3],
    ten_thousand: char,
    zero: char,
}

const SIMPLE: Numerals = Numerals {
    digits: ['一', '二', '三', '四', '五', '六', '七', '八', '九'],
    units: ['十', '百', '千'],
    ten_thousand: '万',
    zero: '零',
};

const LEGAL: Numerals = Numerals {
    digits: ['壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
    ten_thousand: '万',
    zero: '零',
};

/// Chinese counting numerals from 0 to 99,999,999: 一, 十, 十一, 二十,
/// 一百零一, 一万零五; with `legal`, the financial numerals written as 壹拾贰
/// (the leading one kept, as legal numerals keep it).
pub fn chinese(n: i64, legal: bool) -> Option<String> {
    let (numerals, keep_leading_one) = if legal {
        (&LEGAL, true)
    } else {
        (&SIMPLE, false)
    };
    if !(0..100_000_000).contains(&n) {
        return None;
    }
    if n == 0 {
        return Some('〇'.to_string());
    }
    let mut out = String::new();
    let high = n / 10_000;
    let low = n % 10_000;
    if high > 0 {
        below_ten_thousand(high, numerals, &mut out);
        out.push(numerals.ten_thousand);
        if low > 0 && low < 1000 {
            out.push(numerals.zero);
        }
    }
    if low > 0 {
        below_ten_thousand(low, numerals, &mut out);
    }
    let one_ten: String = [numerals.digits[0], numerals.units[0]].iter().collect();
    if !keep_leading_one && (10..20).contains(&n) {
        out = out.replacen(&one_ten, &numerals.units[0].to_string(), 1);
    }
    Some(out)
}

fn below_ten_thousand(n: i64, numerals: &Numerals, out: &mut String) {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut zero_pending = false;
    let mut written = false;
    for (position, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero_pending = written;
            continue;
        }
        if zero_pending {
            out.push(numerals.zero);
            zero_pending = false;
        }
        out.push(numerals.digits[d as usize - 1]);
        if position < 3 {
            out.push(numerals.units[2 - position]);
        }
        written = true;
    }
}

/// A number written digit by digit in Chinese numerals: `12` → `一二`,
/// `2024` → `二〇二四`.
pub fn chinese_digits(n: i64) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let sign = if n < 0 { "-" } else { "" };
    let digits: String = n
        .unsigned_abs()
        .to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect();
    format!("{sign}{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters() {
        assert_eq!(roman(1994).as_deref(), Some("MCMXCIV"));
        assert_eq!(roman(0), None);
        assert_eq!(chinese(11, false).as_deref(), Some("十一"));
        assert_eq!(chinese(105, false).as_deref(), Some("一百零五"));
        assert_eq!(chinese(10005, false).as_deref(), Some("一万零五"));
        assert_eq!(chinese(12, true).as_deref(), Some("壹拾贰"));
        assert_eq!(chinese_digits(2024), "二〇二四");
    }
}
