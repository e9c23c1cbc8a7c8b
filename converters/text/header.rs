//! The header a crawler writes above a page's text: `key: value` lines
//! (`标题:`, `发布时间:`, `发布机构:`, `原文链接:`, `本地目录:` …), often closed
//! by a separator line (`==== 正文 ====`). It is not the document's text:
//! its title, issuer and date go into the metadata, and the lines are left
//! out of the blocks, reported.
//!
//! The header is recognised by its shape, not by a fixed list of lines:
//! two or more lines at the very start, each a short key, a colon and a
//! value, at least two of the keys being ones crawlers write (a title, a
//! date, a publisher, a link, a local path, an index number).

use super::lines::{Line, is_space};

/// What a crawler's header says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub published: Option<String>,
    /// The keys read, in order, for the diagnostic.
    pub keys: Vec<String>,
    /// How many lines (from the first) the header takes, separator included.
    pub lines: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Issuer,
    Published,
    /// A key crawlers write whose value is not the document's metadata.
    Other,
}

/// Keys crawlers write, by what they hold. `来源` (source) is not taken
/// for the issuer: on government sites it is often the office that runs
/// the site.
const KEYS: [(&str, Field); 27] = [
    ("标题", Field::Title),
    ("题目", Field::Title),
    ("文章标题", Field::Title),
    ("title", Field::Title),
    ("发布机构", Field::Issuer),
    ("发文机关", Field::Issuer),
    ("发布单位", Field::Issuer),
    ("发布部门", Field::Issuer),
    ("publisher", Field::Issuer),
    ("发布时间", Field::Published),
    ("发布日期", Field::Published),
    ("成文日期", Field::Published),
    ("日期", Field::Published),
    ("date", Field::Published),
    ("来源", Field::Other),
    ("信息来源", Field::Other),
    ("原文链接", Field::Other),
    ("原文地址", Field::Other),
    ("链接", Field::Other),
    ("网址", Field::Other),
    ("url", Field::Other),
    ("本地目录", Field::Other),
    ("本地路径", Field::Other),
    ("保存路径", Field::Other),
    ("索引号", Field::Other),
    ("文号", Field::Other),
    ("抓取时间", Field::Other),
];

/// Longest key, in characters, of a `key: value` header line.
const MAX_KEY_CHARS: usize = 12;

/// Reads a crawler's header at the start of `lines`, if there is one.
pub fn read(lines: &[Line<'_>]) -> Option<Header> {
    let mut header = Header::default();
    let mut known = 0;
    let mut i = lines.iter().take_while(|l| l.is_blank()).count();
    while let Some(line) = lines.get(i) {
        let Some((key, value)) = key_value(line.trimmed()) else {
            break;
        };
        let field = KEYS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, f)| *f);
        if let Some(field) = field {
            known += 1;
            let value = (!value.is_empty()).then(|| value.to_string());
            match field {
                Field::Title => header.title = header.title.take().or(value),
                Field::Issuer => header.issuer = header.issuer.take().or(value),
                Field::Published => header.published = header.published.take().or(value),
                Field::Other => {}
            }
        }
        header.keys.push(key.to_string());
        i += 1;
    }
    if known < 2 || header.keys.len() < 2 {
        return None;
    }
    if lines.get(i).is_some_and(|l| is_separator(l.trimmed())) {
        i += 1;
    }
    header.lines = i;
    Some(header)
}

/// `标题: …` / `标题：…`: a short key without spaces or sentence marks.
fn key_value(text: &str) -> Option<(&str, &str)> {
    let at = text.find([':', '：'])?;
    let key = text[..at].trim_matches(is_space);
    let colon = text[at..].chars().next()?;
    let value = text[at + colon.len_utf8()..].trim_matches(is_space);
    let plausible_key = !key.is_empty()
        && key.chars().count() <= MAX_KEY_CHARS
        && key.chars().all(|c| c.is_alphanumeric() || c == '_');
    plausible_key.then_some((key, value))
}

/// `==== 正文 ====`, `----`, `正文:`: the line that opens the text.
fn is_separator(text: &str) -> bool {
    let rest = text.trim_matches(|c: char| matches!(c, '=' | '-' | '*' | '#' | '_') || is_space(c));
    let ruled = text.starts_with(['=', '-', '*', '#', '_']) && text.len() >= 3;
    (ruled && (rest.is_empty() || rest.chars().count() <= 6))
        || matches!(
            rest.trim_end_matches([':', '：']),
            "正文" | "内容" | "content"
        ) && !rest.contains(char::is_whitespace)
            && text.chars().count() <= 8
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    #[test]
    fn a_crawlers_header_is_read_and_its_lines_counted() {
        let text = "标题: 某某区统计局2023年政府信息公开工作年度报告\n发布时间: 2024-01-20\n\
                    发布机构: 某某区统计局\n原文链接: http://x.gov.cn/a.html\n本地目录: data/x\n\
                    ==== 正文 ====\n一、总体情况\n";
        let header = read(&split(text)).unwrap();
        assert_eq!(
            header.title.as_deref(),
            Some("某某区统计局2023年政府信息公开工作年度报告")
        );
        assert_eq!(header.issuer.as_deref(), Some("某某区统计局"));
        assert_eq!(header.published.as_deref(), Some("2024-01-20"));
        assert_eq!(header.lines, 6);
        // Worded otherwise: still a header by its shape.
        let header = read(&split(
            "Title: Annual report\nURL: http://x\nCrawled: 2024\n\nText",
        ))
        .unwrap();
        assert_eq!(header.lines, 3);
    }

    #[test]
    fn a_reports_own_lines_are_not_a_header() {
        for text in [
            "一、总体情况\n发布时间: 2024-01-20\n",
            "联系电话: 0356-2039067\n地址: 新市西街75号\n",
            "标题: 年度报告\n本年度，我局严格落实条例：主动公开各类信息。\n",
        ] {
            assert_eq!(read(&split(text)), None, "{text}");
        }
    }
}
