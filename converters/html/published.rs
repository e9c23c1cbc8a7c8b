//! When the page says the article was published, for `metadata.created`:
//! the date in the article's info line under its title (`发布时间：2023-01-18
//! 09:30 来源：…`, `来源：区政府办　日期：2023-01-18`), read by cleanup's
//! [`page_line`] as it reads the line to remove it.
//!
//! The page is read line by line (a line ends at a block element or a
//! `<br>`) from the title line onwards, including what was dropped as the
//! page around the report (the info line often sits between the title and
//! the article body; it may also be glued to the end of the title line).
//! The search stops at the first line of prose long
//! enough to be the report's body, or after [`MAX_LINES`] lines, so a
//! date in a list of other articles further down is never taken. Only a
//! publication date counts, never `更新时间`; the source (`来源`) is not
//! used: it is often the site's office, not the report's issuer.

use super::dom::{Dom, Tag};
use super::text::{TextBuf, trim_spaces, visible_chars};
use docmend_core::page_line;

/// How many lines after the title are searched.
const MAX_LINES: usize = 40;
/// A line this long is the report's body: the search ends there.
const BODY_CHARS: usize = 200;

/// The publication date (ISO 8601) of the info line at or after node `from`.
pub fn find(dom: &Dom, from: usize) -> Option<String> {
    let mut reader = Lines {
        buf: TextBuf::default(),
        lines: 0,
        found: None,
        done: false,
    };
    // Ends of the block elements open now, innermost last.
    let mut open: Vec<usize> = Vec::new();
    for j in from..dom.len() {
        while open.last().is_some_and(|&end| end <= j) {
            open.pop();
            reader.end_line();
        }
        if reader.done {
            break;
        }
        if let Some(tag) = dom.tag(j) {
            if tag == Tag::Break || tag.is_block() {
                reader.end_line();
            }
            if tag.is_block() {
                open.push(dom.end(j));
            }
        } else if let Some(text) = dom.text(j) {
            reader.buf.push(text);
        }
    }
    reader.end_line();
    reader.found
}

struct Lines {
    buf: TextBuf,
    lines: usize,
    found: Option<String>,
    done: bool,
}

impl Lines {
    fn end_line(&mut self) {
        if self.done {
            return;
        }
        let line = self.buf.take();
        let line = trim_spaces(&line);
        if line.is_empty() {
            return;
        }
        self.lines += 1;
        // The line itself, or its end glued to a title.
        let info = page_line::trailing_info(line, false).map_or(line, |at| &line[at..]);
        if let Some(published) = page_line::scan(info).and_then(|l| l.published) {
            self.found = Some(published);
            self.done = true;
        } else if self.lines >= MAX_LINES || visible_chars(line) >= BODY_CHARS {
            self.done = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn published(page: &str) -> Option<String> {
        let html = Html::parse_document(page);
        let dom = Dom::build(&html);
        find(&dom, dom.body())
    }

    #[test]
    fn the_info_line_under_the_title() {
        assert_eq!(
            published(
                "<h1>某区2022年年度报告</h1><div>发布时间：<span>2023-01-18 09:30</span>　来源：区政府办</div><p>正文。</p>"
            )
            .as_deref(),
            Some("2023-01-18T09:30")
        );
        assert_eq!(
            published("<div>某区2022年年度报告<span>发布日期：2023年01月18日</span></div>")
                .as_deref(),
            Some("2023-01-18")
        );
        assert_eq!(
            published("<table><tr><td>来源：区政府办　日期：2023-01-18</td></tr></table>")
                .as_deref(),
            Some("2023-01-18")
        );
        assert_eq!(
            published("<p>标题</p><p>2016年09月27日 来源：省政府办公厅 【字体：大 中 小】</p>")
                .as_deref(),
            Some("2016-09-27")
        );
    }

    #[test]
    fn no_date_from_the_body_or_other_articles() {
        let body = "本年度报告根据条例编制，".repeat(20);
        let page =
            format!("<h1>报告</h1><p>{body}</p><ul><li>发布时间：2023-01-10 来源：某局</li></ul>");
        assert_eq!(published(&page), None);
        assert_eq!(published("<p>更新时间：2024-05-01 来源：某局</p>"), None);
        assert_eq!(published("<p>2023年1月18日</p>"), None);
    }
}
