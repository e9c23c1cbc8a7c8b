//! Dates and times as web pages write them in an article's info line
//! (`2023-01-18 09:30`, `2023年01月18日`), and the rest of a top bar's date
//! strip: weekdays (`星期三`), lunar dates (`农历腊月廿七`), weather (`晴`,
//! `-3℃～5℃`).
//!
//! Each reader looks at the start of a text and returns how many bytes it
//! read; none of them allocates.

/// A time of day: hours, minutes and, when given, seconds.
pub(super) type Clock = (u8, u8, Option<u8>);

/// A calendar date with an optional time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct When {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub time: Option<Clock>,
}

impl When {
    /// ISO 8601: `2023-01-18`, `2023-01-18T09:30`, `2023-01-18T09:30:12`.
    pub fn iso(&self) -> String {
        let mut s = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if let Some((h, m, sec)) = self.time {
            s.push_str(&format!("T{h:02}:{m:02}"));
            if let Some(sec) = sec {
                s.push_str(&format!(":{sec:02}"));
            }
        }
        s
    }
}

/// Reads a run of ASCII digits: its value and length.
fn digits(text: &str, max: usize) -> Option<(u32, usize)> {
    let len = text
        .bytes()
        .take(max + 1)
        .take_while(u8::is_ascii_digit)
        .count();
    if len == 0 || len > max {
        return None;
    }
    Some((text[..len].parse().ok()?, len))
}

fn skip_spaces(text: &str, at: usize) -> usize {
    at + text[at..].len()
        - text[at..]
            .trim_start_matches([' ', '\u{3000}', '\u{a0}'])
            .len()
}

/// A date, with a time after it when one follows: `2023-01-18`,
/// `2023/1/18`, `2023.01.18`, `2023年1月18日` (spaces allowed around
/// `年月日`), then optionally ` 09:30` or ` 09:30:12`.
pub(super) fn when_at(text: &str) -> Option<(usize, When)> {
    let (year, n) = digits(text, 4)?;
    if n != 4 || !(1949..=2100).contains(&year) {
        return None;
    }
    let mut at = n;
    let cjk = text[at..].trim_start_matches(' ').starts_with('年');
    let (month, day);
    if cjk {
        at = skip_spaces(text, at) + '年'.len_utf8();
        at = skip_spaces(text, at);
        let (m, n) = digits(&text[at..], 2)?;
        at = skip_spaces(text, at + n);
        at += text[at..].starts_with('月').then_some('月'.len_utf8())?;
        at = skip_spaces(text, at);
        let (d, n) = digits(&text[at..], 2)?;
        at = skip_spaces(text, at + n);
        at += text[at..]
            .starts_with(['日', '号'])
            .then_some('日'.len_utf8())?;
        (month, day) = (m, d);
    } else {
        let sep = text[at..].chars().next()?;
        if !matches!(sep, '-' | '/' | '.') {
            return None;
        }
        at += 1;
        let (m, n) = digits(&text[at..], 2)?;
        at += n;
        if !text[at..].starts_with(sep) {
            return None;
        }
        at += 1;
        let (d, n) = digits(&text[at..], 2)?;
        at += n;
        (month, day) = (m, d);
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut when = When {
        year: year as u16,
        month: month as u8,
        day: day as u8,
        time: None,
    };
    let time_start = skip_spaces(text, at);
    if let Some((n, time)) = time_at(&text[time_start..]) {
        when.time = Some(time);
        at = time_start + n;
    }
    Some((at, when))
}

/// A time of day: `09:30`, `9:30:12`, `09：30`.
pub(super) fn time_at(text: &str) -> Option<(usize, Clock)> {
    let colon = |t: &str| {
        t.chars()
            .next()
            .filter(|c| matches!(c, ':' | '：'))
            .map(char::len_utf8)
    };
    let (h, mut at) = digits(text, 2)?;
    at += colon(&text[at..])?;
    let (m, n) = digits(&text[at..], 2)?;
    if n != 2 || h > 23 || m > 59 {
        return None;
    }
    at += n;
    let mut seconds = None;
    if let Some(c) = colon(&text[at..])
        && let Some((s, n)) = digits(&text[at + c..], 2)
        && n == 2
        && s <= 59
    {
        seconds = Some(s as u8);
        at += c + n;
    }
    Some((at, (h as u8, m as u8, seconds)))
}

/// `星期三`, `星期日`, `周五`, `礼拜天`.
pub(super) fn weekday_at(text: &str) -> Option<usize> {
    let rest = ["星期", "礼拜", "周"]
        .iter()
        .find_map(|p| text.strip_prefix(p))?;
    let day = rest.chars().next()?;
    "一二三四五六日天"
        .contains(day)
        .then(|| text.len() - rest.len() + day.len_utf8())
}

/// `农历腊月廿七`, `农历癸卯年正月初一`: `农历` and the lunar calendar's
/// characters after it.
pub(super) fn lunar_at(text: &str) -> Option<usize> {
    const LUNAR: &str = "正一二三四五六七八九十冬腊闰月初廿卅甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥年鼠牛虎兔龙蛇马羊猴鸡狗猪";
    let rest = text.strip_prefix("农历")?;
    let len: usize = rest
        .chars()
        .take_while(|c| LUNAR.contains(*c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then_some("农历".len() + len)
}

/// A temperature or a range of them: `-3℃～5℃`, `-3～5℃`, `12°C`. At
/// least one degree sign, so that a bare number is never weather.
pub(super) fn temperature_at(text: &str) -> Option<usize> {
    let one = |t: &str| -> Option<(usize, bool)> {
        let sign = usize::from(t.starts_with('-'));
        let (_, n) = digits(&t[sign..], 2)?;
        let at = sign + n;
        let unit = ["℃", "°C", "°"]
            .iter()
            .find(|u| t[at..].starts_with(**u))
            .map_or(0, |u| u.len());
        Some((at + unit, unit > 0))
    };
    let (mut at, mut degree) = one(text)?;
    for sep in ['~', '～', '-', '至', '/'] {
        if let Some(rest) = text[at..].strip_prefix(sep)
            && let Some((n, d)) = one(rest)
        {
            at += sep.len_utf8() + n;
            degree |= d;
            break;
        }
    }
    degree.then_some(at)
}

/// Weather words: `晴`, `多云`, `小雨`, `雨夹雪`, joined by `转`.
pub(super) fn weather_at(text: &str) -> Option<usize> {
    const WEATHER: [&str; 19] = [
        "雷阵雨",
        "雨夹雪",
        "多云",
        "小雨",
        "中雨",
        "大雨",
        "暴雨",
        "阵雨",
        "小雪",
        "中雪",
        "大雪",
        "浮尘",
        "扬沙",
        "晴",
        "阴",
        "雨",
        "雪",
        "雾",
        "霾",
    ];
    let mut at = 0;
    loop {
        let w = WEATHER.iter().find(|w| text[at..].starts_with(**w))?;
        at += w.len();
        match text[at..].strip_prefix('转') {
            Some(_)
                if WEATHER
                    .iter()
                    .any(|w| text[at + '转'.len_utf8()..].starts_with(w)) =>
            {
                at += '转'.len_utf8();
            }
            _ => return Some(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<(String, usize)> {
        when_at(text).map(|(n, w)| (w.iso(), text[..n].chars().count()))
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(iso("2023-01-18"), Some(("2023-01-18".into(), 10)));
        assert_eq!(
            iso("2023-01-18 09:30来源"),
            Some(("2023-01-18T09:30".into(), 16))
        );
        assert_eq!(
            iso("2023/1/8 9:05:07"),
            Some(("2023-01-08T09:05:07".into(), 16))
        );
        assert_eq!(
            iso("2023年01月18日 星期三"),
            Some(("2023-01-18".into(), 11))
        );
        assert_eq!(iso("2024 年 1 月 20 日"), Some(("2024-01-20".into(), 15)));
        assert_eq!(iso("2022年政府信息公开"), None);
        assert_eq!(iso("2023-13-01"), None);
        assert_eq!(iso("2023-01"), None);
        assert_eq!(iso("12345-01-01"), None);
    }

    #[test]
    fn strips_of_a_top_bar() {
        assert_eq!(weekday_at("星期三　"), Some("星期三".len()));
        assert_eq!(weekday_at("周日"), Some("周日".len()));
        assert_eq!(weekday_at("周边"), None);
        assert_eq!(lunar_at("农历腊月廿七　晴"), Some("农历腊月廿七".len()));
        assert_eq!(temperature_at("-3℃～5℃"), Some("-3℃～5℃".len()));
        assert_eq!(temperature_at("-3～5℃"), Some("-3～5℃".len()));
        assert_eq!(temperature_at("35"), None);
        assert_eq!(weather_at("多云转晴 "), Some("多云转晴".len()));
        assert_eq!(weather_at("转晴"), None);
    }
}
