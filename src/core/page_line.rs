//! Reads a short line as a web page's own chrome: the article's info line
//! (`发布时间：2024-01-20 来源：某某区司法局 浏览次数：1234 【字体：大 中 小】`),
//! page tools (`【打印本页】【关闭窗口】`, `扫一扫在手机上查看当前页面`), a
//! top bar (`欢迎访问某某区人民政府门户网站！ 2024年1月20日 星期六`,
//! `无障碍浏览 长者模式 繁體 English 登录 注册`), previous/next links
//! (`上一篇：…`).
//!
//! A line is chrome when it can be read *whole* as a sequence of these
//! parts, with separators (spaces, `|`, brackets, `、`, `，`) between or
//! none at all (`信息来源：某局作者：某某点击数：356`):
//!
//! * a `label：value` pair whose label is built by `page_words::label_at`
//!   (a closing bracket may stand for the colon: `【上一篇】…`) and whose
//!   value fits the label: a date and time after `发布时间`, a number (or
//!   nothing, when a script fills it in) after `浏览次数`, a short name
//!   without sentence punctuation after `来源` (it runs to the next label,
//!   bracket or wide gap), sizes after `字号`, share targets after
//!   `分享到`, another article's title after `上一篇`, an address or a
//!   number after `地址`, `联系电话`;
//! * a greeting (`您好！`) and a welcome (`欢迎` + `访问`/`来到`/… + a name
//!   ending like a website);
//! * a date, a time, a weekday, a lunar date, weather, a temperature;
//! * font sizes without their label (`【大 中 小】`);
//! * a page-tool word of [`page_words`] (`打印`, `本页`, `无障碍`, `版`, …);
//! * a count in brackets (`我要评论(0)`).
//!
//! and at least one part proves it (an anchor): a label other than a bare
//! `时间`/`日期` or a contact label, a welcome, a weekday, lunar date or
//! temperature, or an action, mode or navigation word. A date alone (`2023年1月18日`, a
//! report's signature) or a line of things (`首页`) is never chrome. A
//! sentence never is either: `。`, `；`, `？` are not separators and no
//! part contains them, and any word outside the vocabulary (`关闭政务新媒体
//! 账号2个`) makes the line content. Lines over [`MAX_LINE_CHARS`] are not
//! read at all.

use super::dates::{self, When};
use super::page_words::{self, Label, Word};
use crate::blocks::is_space;

/// Only lines up to this many characters can be chrome.
pub const MAX_LINE_CHARS: usize = 150;

/// A name after a label is at most this long; another article's title
/// after `上一篇` at most [`MAX_TITLE_CHARS`].
const MAX_NAME_CHARS: usize = 40;
const MAX_TITLE_CHARS: usize = 100;

/// What a chrome line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// It names the article's date, source, author or visits.
    ArticleInfo,
    /// Tools, a top bar, navigation: nothing about the article.
    PageTools,
}

/// A line read as chrome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: Kind,
    /// When the line dates the article's publication (`发布时间：…`, or a
    /// bare date beside a source), that date in ISO 8601.
    pub published: Option<String>,
    /// The line is one name under a bare label and nothing else
    /// (`来源：区统计局`, `作者：某某`): a report's own source note under a
    /// table reads the same, so the caller takes it for chrome only beside
    /// other chrome or above the report's first section.
    pub lone_name: bool,
}

/// Reads `text` as a chrome line; `None` when it is not one.
pub fn scan(text: &str) -> Option<Line> {
    if text.len() > MAX_LINE_CHARS * 4 || text.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    let mut scanner = Scanner::new(text);
    scanner.run()?;
    scanner.finish()
}

/// Whether `text` is only contact details: `地址：… 邮编：…`,
/// `联系电话：… 传真：…`. A report gives its own contact details the same
/// way, so this is page chrome only where the page's footer has begun.
pub fn contact_line(text: &str) -> bool {
    if text.len() > MAX_LINE_CHARS * 4 || text.chars().count() > MAX_LINE_CHARS {
        return false;
    }
    let mut scanner = Scanner::new(text);
    scanner.run().is_some()
        && scanner.contact_pairs > 0
        && scanner.info_pairs == 0
        && !scanner.anchored
}

/// Where an article info line glued to the end of a title starts:
/// `某某区2022年政府信息公开工作年度报告发布日期：2023-01-18`. The tail must
/// read whole as article info with a publication date or at least two
/// parts (`来源：… 浏览次数：…`), and what stands before it must look like
/// a title: six characters or more, and (unless `is_heading`) ending in a
/// word that names a document (`报告`, `通知`, …), so that
/// `数据来源：统计局` is not cut into `数据`.
pub fn trailing_info(text: &str, is_heading: bool) -> Option<usize> {
    if text.len() > (MAX_LINE_CHARS + 100) * 4 || !text.contains([':', '：', '】', ']', '〗', '」'])
    {
        return None;
    }
    // Where a tail may start: a label (it ends at a colon or a closing
    // bracket, so only the few characters before each of those are tried)
    // or a date.
    let mut starts: Vec<usize> = Vec::new();
    for (at, c) in text.char_indices() {
        if matches!(c, ':' | '：' | '】' | ']' | '〗' | '」') {
            // The longest label ending here: tried from the farthest start.
            let label_start = text[..at]
                .char_indices()
                .rev()
                .take(MAX_LABEL_CHARS)
                .map(|(start, _)| start)
                .filter(|&start| {
                    start > 0
                        && label_with_colon(&text[start..])
                            .is_some_and(|(_, len)| start + len == at + c.len_utf8())
                })
                .last();
            starts.extend(label_start);
        } else if c.is_ascii_digit()
            && at > 0
            && !text[..at].ends_with(|p: char| p.is_ascii_digit())
            && dates::when_at(&text[at..]).is_some()
        {
            starts.push(at);
        }
    }
    starts.sort_unstable();
    for at in starts {
        let rest = &text[at..];
        if rest.chars().count() > MAX_LINE_CHARS {
            continue;
        }
        let mut scanner = Scanner::new(rest);
        if scanner.run().is_none() || scanner.info_pairs == 0 {
            continue;
        }
        let enough = scanner.info_pairs + scanner.dates >= 2 || scanner.published.is_some();
        let head = text[..at].trim_end_matches(is_space);
        if enough && head.chars().count() >= 6 && (is_heading || names_a_document(head)) {
            return Some(at);
        }
        // The first place a tail reads as info decides; a later, shorter
        // tail of the same line is not a better reading.
        return None;
    }
    None
}

/// A label is at most this many characters (`最后更新时间` is six).
const MAX_LABEL_CHARS: usize = 8;

/// Words a document's title ends with.
const DOCUMENT_WORDS: [&str; 21] = [
    "报告", "年报", "公告", "通告", "公示", "通知", "公报", "意见", "办法", "方案", "决定", "规定",
    "规划", "计划", "总结", "细则", "通报", "批复", "纪要", "解读", "条例",
];

fn names_a_document(head: &str) -> bool {
    let head = head.trim_end_matches(['》', '”', '"', ')', '）']);
    DOCUMENT_WORDS.iter().any(|w| head.ends_with(w))
}

/// A label followed (after spaces) by a colon, or closed by a bracket
/// (`【上一篇】…`): its kind and the length up to and including the colon
/// or bracket.
fn label_with_colon(text: &str) -> Option<(page_words::LabelAt, usize)> {
    let label = page_words::label_at(text)?;
    let after = &text[label.len..];
    let spaced = after.trim_start_matches(is_space);
    let colon = spaced
        .chars()
        .next()
        .filter(|c| matches!(c, ':' | '：' | '】' | ']' | '〗' | '」'))?;
    Some((label, text.len() - spaced.len() + colon.len_utf8()))
}

/// Characters that only separate parts.
fn is_separator(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '|' | '｜'
                | '丨'
                | '↑'
                | '↓'
                | '←'
                | '→'
                | '▲'
                | '▼'
                | '△'
                | '▽'
                | '›'
                | '‹'
                | '/'
                | '／'
                | '\\'
                | '·'
                | '•'
                | '●'
                | '◆'
                | '■'
                | '▪'
                | '【'
                | '】'
                | '['
                | ']'
                | '〖'
                | '〗'
                | '('
                | ')'
                | '（'
                | '）'
                | '「'
                | '」'
                | '“'
                | '”'
                | '"'
                | '<'
                | '>'
                | '«'
                | '»'
                | ','
                | '，'
                | '、'
                | ':'
                | '：'
                | '-'
                | '—'
                | '~'
                | '～'
        )
}

/// What may follow at the current place besides the usual parts.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    Sizes,
    ShareTargets,
}

struct Scanner<'t> {
    text: &'t str,
    at: usize,
    anchored: bool,
    /// Labelled pairs about the article (time, counter, name).
    info_pairs: usize,
    /// Contact details (`地址：…`, `联系电话：…`).
    contact_pairs: usize,
    /// Dates standing without a label.
    dates: usize,
    /// Parts that prove the line is chrome, and whether the only one is a
    /// name under a bare label.
    proofs: usize,
    bare_name: bool,
    published: Option<String>,
    bare_date: Option<String>,
    open: Open,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            at: 0,
            anchored: false,
            info_pairs: 0,
            contact_pairs: 0,
            dates: 0,
            proofs: 0,
            bare_name: false,
            published: None,
            bare_date: None,
            open: Open::Nothing,
        }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    /// Reads the whole line; `None` at the first piece that is not chrome.
    fn run(&mut self) -> Option<()> {
        loop {
            self.skip_separators();
            if self.at >= self.text.len() {
                return Some(());
            }
            let read = self.pair()
                || self.welcome()
                || self.date_strip()
                || self.open_word()
                || self.size_group()
                || self.word()
                || self.count();
            if !read {
                return None;
            }
        }
    }

    fn finish(self) -> Option<Line> {
        if !self.anchored {
            return None;
        }
        let kind = if self.info_pairs > 0 {
            Kind::ArticleInfo
        } else {
            Kind::PageTools
        };
        let published = self
            .published
            .or_else(|| (self.info_pairs > 0).then_some(self.bare_date).flatten());
        let lone_name = self.proofs == 1
            && self.bare_name
            && self.info_pairs == 1
            && self.dates == 0
            && self.contact_pairs == 0;
        Some(Line {
            kind,
            published,
            lone_name,
        })
    }

    /// Notes a part that proves the line is chrome.
    fn prove(&mut self) {
        self.anchored = true;
        self.proofs += 1;
        self.bare_name = false;
    }

    fn skip_separators(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches(is_separator).len();
    }

    /// A `label：value` pair (the colon may be left out after a size or
    /// share label).
    fn pair(&mut self) -> bool {
        let rest = self.rest();
        let Some(label) = page_words::label_at(rest) else {
            return false;
        };
        let (label, value_at) = match label_with_colon(rest) {
            Some(found) => found,
            None if matches!(label.kind, Label::Size | Label::Share) => (label, label.len),
            None => return false,
        };
        let value = &rest[value_at..];
        let value = value.trim_start_matches(is_space);
        let value_start = rest.len() - value.len();
        let value_len = match label.kind {
            Label::Time => match dates::when_at(value) {
                Some((n, when)) => {
                    if label.creation {
                        self.published.get_or_insert_with(|| when.iso());
                    }
                    n
                }
                None => dates::time_at(value).map_or(0, |(n, _)| n),
            },
            Label::Counter => counter(value),
            Label::Name => match free_value(value, MAX_NAME_CHARS, false) {
                Some(n) => n,
                None => return false,
            },
            Label::Contact => match free_value(value, MAX_NAME_CHARS, true) {
                Some(n) => {
                    self.contact_pairs += 1;
                    n
                }
                None => return false,
            },
            Label::Nav => match free_value(value, MAX_TITLE_CHARS, true) {
                Some(n) => n,
                None => return false,
            },
            Label::Size => {
                self.open = Open::Sizes;
                0
            }
            Label::Share => {
                self.open = Open::ShareTargets;
                0
            }
        };
        if matches!(label.kind, Label::Time | Label::Counter | Label::Name) {
            self.info_pairs += 1;
        }
        if label.strong {
            self.prove();
            self.bare_name = label.kind == Label::Name && label.bare;
        }
        self.at += value_start + value_len;
        true
    }

    /// A greeting (`您好！`) and a welcome (`欢迎访问某某区人民政府门户网站！`,
    /// `欢迎您来到本站`). A greeting alone proves nothing; a welcome does.
    fn welcome(&mut self) -> bool {
        let rest = self.rest();
        let mut r = rest;
        let mut greeted = false;
        for greeting in [
            "您好",
            "你好",
            "早上好",
            "上午好",
            "中午好",
            "下午好",
            "晚上好",
        ] {
            if let Some(after) = r.strip_prefix(greeting) {
                r = after.trim_start_matches(['，', ',', '！', '!', ' ']);
                greeted = true;
                break;
            }
        }
        let read_greeting = rest.len() - r.len();
        let Some(name) = r
            .strip_prefix("欢迎")
            .map(|after| {
                after
                    .strip_prefix('您')
                    .or_else(|| after.strip_prefix('你'))
                    .unwrap_or(after)
            })
            .and_then(|after| {
                page_words::WELCOME_VERBS
                    .iter()
                    .find_map(|v| after.strip_prefix(v))
            })
        else {
            self.at += read_greeting;
            return greeted;
        };
        let end = name
            .char_indices()
            .find(|&(_, c)| {
                is_space(c) || matches!(c, '！' | '!' | '。' | '，' | ',' | '|' | '｜' | '；')
            })
            .map_or(name.len(), |(i, _)| i);
        let site = &name[..end];
        if !(site.is_empty()
            || (site.chars().count() <= MAX_NAME_CHARS
                && page_words::SITE_ENDINGS.iter().any(|e| site.ends_with(e))))
        {
            self.at += read_greeting;
            return greeted;
        }
        let mut read = rest.len() - name.len() + end;
        if let Some(c) = self.text[self.at + read..]
            .chars()
            .next()
            .filter(|c| matches!(c, '！' | '!' | '。'))
        {
            read += c.len_utf8();
        }
        self.at += read;
        self.prove();
        true
    }

    /// A date and time, weekday, lunar date, weather or temperature.
    fn date_strip(&mut self) -> bool {
        let rest = self.rest();
        if let Some((n, when)) = dates::when_at(rest) {
            self.dates += 1;
            self.bare_date.get_or_insert_with(|| When::iso(&when));
            self.at += n;
            return true;
        }
        if let Some((n, _)) = dates::time_at(rest) {
            self.at += n;
            return true;
        }
        let proving = dates::weekday_at(rest)
            .or_else(|| dates::lunar_at(rest))
            .or_else(|| dates::temperature_at(rest));
        if let Some(n) = proving {
            self.prove();
            self.at += n;
            return true;
        }
        if let Some(n) = dates::weather_at(rest) {
            self.at += n;
            return true;
        }
        false
    }

    /// Sizes after `字号`, share targets after `分享到`.
    fn open_word(&mut self) -> bool {
        let rest = self.rest();
        let n = match self.open {
            Open::Nothing => None,
            Open::Sizes => page_words::size_at(rest),
            Open::ShareTargets => page_words::share_target_at(rest),
        };
        n.inspect(|n| self.at += n).is_some()
    }

    /// `【大 中 小】` standing without its label.
    fn size_group(&mut self) -> bool {
        page_words::size_group_at(self.rest())
            .inspect(|n| self.at += n)
            .is_some()
    }

    fn word(&mut self) -> bool {
        let Some((n, word)) = page_words::word_at(self.rest()) else {
            return false;
        };
        if word.anchors() {
            self.prove();
        }
        // After a word of its own the sizes of a label no longer follow.
        if word != Word::Glue {
            self.open = Open::Nothing;
        }
        self.at += n;
        true
    }

    /// A number in brackets, as after `评论(0)`.
    fn count(&mut self) -> bool {
        let before = self.text[..self.at].chars().next_back();
        if !matches!(before, Some('(' | '（' | '[')) {
            return false;
        }
        let n = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        let closed = self.rest()[n..].starts_with([')', '）', ']']);
        if n == 0 || !closed {
            return false;
        }
        self.at += n;
        true
    }
}

/// The length of a counter's value: digits (with `,`) and a unit
/// (`次`, `人次`), or nothing at all (a script fills the number in).
fn counter(value: &str) -> usize {
    let n = value
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b',')
        .count();
    if n == 0 {
        return 0;
    }
    let unit = ["人次", "次"]
        .iter()
        .find(|u| value[n..].starts_with(**u))
        .map_or(0, |u| u.len());
    n + unit
}

/// The length of a free value (a name, a title): up to the next label
/// with a colon, an opening bracket, a bar, a wide space or two spaces;
/// `None` when it holds sentence punctuation (or, unless `commas`, a
/// comma) or is too long.
fn free_value(value: &str, max_chars: usize, commas: bool) -> Option<usize> {
    let mut end = 0;
    let mut chars = 0;
    let mut previous_space = false;
    for (i, c) in value.char_indices() {
        if i > 0 && label_with_colon(&value[i..]).is_some() {
            break;
        }
        if matches!(c, '【' | '[' | '〖' | '|' | '｜' | '\u{3000}') || (previous_space && c == ' ')
        {
            break;
        }
        if matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?')
            || (!commas && matches!(c, '，' | ','))
        {
            return None;
        }
        previous_space = c == ' ';
        chars += 1;
        if chars > max_chars {
            return None;
        }
        end = i + c.len_utf8();
    }
    Some(value[..end].trim_end_matches(is_space).len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<Kind> {
        scan(text).map(|l| l.kind)
    }

    #[test]
    fn article_info_lines() {
        for line in [
            "发布时间：2024-01-20 来源：某某区司法局 浏览次数：1234 【字体：大 中 小】",
            "发布时间：2023-01-18 09:30 来源：晋城市城区人民政府办公室 浏览次数： 【字体：大 中 小】",
            "信息来源：晋城市城区人民政府办公室作者：区政府办点击数：356【字号：大 中 小】",
            "发布日期：2023年01月18日",
            "来源：区政府办　日期：2023-01-18",
            "阅读次数：128次",
            "2016年09月27日 07:02 来源：省政府办公厅 【字体：大 中 小】",
            "2012年03月10日 来源：互联网 作者：佚名 点击：48 【字体：大 中 小】 我要评论(0)",
            "责任编辑：殷誉玮　　审核：",
            "最后更新时间：2024-05-01 10:22:31",
            "文章来源：某某区人民政府办公室 | 发表时间：2023年1月18日 | 阅读：1024次 | 【大 中 小】",
            "发布者：区政府办　发布于：2023-01-18 10:15　访问次数：256",
        ] {
            assert_eq!(kind(line), Some(Kind::ArticleInfo), "{line}");
        }
    }

    #[test]
    fn page_tool_lines() {
        for line in [
            "欢迎访问晋城市城区人民政府门户网站！ 2023年01月18日 星期三",
            "无障碍浏览 长者模式 繁體 English 登录|注册",
            "今天是：2023年1月18日　星期三　农历腊月廿七　晴 -3℃～5℃",
            "请输入关键字搜索",
            "请输入您要搜索的内容检索",
            "扫一扫在手机上查看当前页面",
            "扫一扫，手机打开当前页",
            "扫描二维码",
            "在手机上浏览本页",
            "【打印本页】 【关闭窗口】 【我要纠错】",
            "【打印】【关闭】",
            "打印本页 关闭窗口",
            "分享到：",
            "分享到：微信 微博 QQ空间",
            "字号：大 中 小",
            "【字体：大 中 小】【打印】",
            "上一篇：晋城市城区人民政府办公室2021年政府信息公开工作年度报告",
            "下一篇：没有了",
            "相关链接",
            "返回顶部",
            "关怀版 | 无障碍 | 简体 | 繁體 | 手机版",
            "2023年1月18日 星期三　无障碍阅读 | 关怀版 | 繁体版 | 用户登录 | 用户注册",
            "您好！今天是2023年1月18日 星期三 农历腊月廿七",
            "上一篇文章：某某区2022年政务公开工作要点落实情况",
            "推荐阅读",
            "回到顶部↑",
            "【字号 放大 缩小 默认】",
            "【上一篇】某某区2022年政务公开工作要点落实情况",
        ] {
            assert_eq!(kind(line), Some(Kind::PageTools), "{line}");
        }
    }

    #[test]
    fn content_is_not_chrome() {
        for line in [
            "2023年1月18日",
            "晋城市城区人民政府办公室",
            "2022年政府信息公开工作年度报告",
            "三是强化技术支持。",
            "关闭政务新媒体账号2个。",
            "打印文件2份",
            "数据来源：国家统计局",
            "时间：2022年1月1日至12月31日",
            "日期：2023年1月18日",
            "首页",
            "中",
            "大",
            "English",
            "欢迎社会各界监督。",
            "来源：本机关统计，含结转申请。",
            "六、其他需要报告的事项",
            "无",
            "大 中 小",
            "您好！",
            "地址：晋城市城区新市西街75号　邮编：048000",
        ] {
            assert_eq!(scan(line), None, "{line}");
        }
    }

    #[test]
    fn a_lone_name_is_marked() {
        let lone = |t: &str| scan(t).map(|l| l.lone_name);
        assert_eq!(lone("来源：区统计局"), Some(true));
        assert_eq!(lone("作者：某某"), Some(true));
        assert_eq!(lone("信息来源：区统计局"), Some(false));
        assert_eq!(lone("来源：区统计局 浏览次数：12"), Some(false));
        assert_eq!(lone("来源：区统计局 【打印】"), Some(false));
        assert_eq!(lone("2023-01-18 来源：区统计局"), Some(false));
    }

    #[test]
    fn contact_lines() {
        assert!(contact_line("地址：晋城市城区新市西街75号　邮编：048000"));
        assert!(contact_line("联系电话：0356-2039067 传真：0356-2039068"));
        assert!(!contact_line("地址：晋城市城区新市西街75号，欢迎来访。"));
        assert!(!contact_line("晋城市城区新市西街75号"));
        assert_eq!(scan("联系电话：0356-2039067"), None);
    }

    #[test]
    fn publication_dates() {
        let published = |t: &str| scan(t).and_then(|l| l.published);
        assert_eq!(
            published("发布时间：2023-01-18 09:30 来源：区政府办").as_deref(),
            Some("2023-01-18T09:30")
        );
        assert_eq!(
            published("来源：区政府办　日期：2023-01-18").as_deref(),
            Some("2023-01-18")
        );
        assert_eq!(
            published("2016年09月27日 07:02 来源：省政府办公厅").as_deref(),
            Some("2016-09-27T07:02")
        );
        assert_eq!(published("更新时间：2024-05-01 来源：某局"), None);
        assert_eq!(published("2023年01月18日 星期三"), None);
    }

    #[test]
    fn info_glued_to_a_title() {
        let title = "晋城市城区人民政府办公室2022年政府信息公开工作年度报告";
        let glued = format!("{title}发布日期：2023年01月18日");
        assert_eq!(trailing_info(&glued, false), Some(title.len()));
        let glued = format!("{title} 来源：区政府办 浏览次数：12");
        assert_eq!(trailing_info(&glued, false), Some(title.len() + 1));
        let glued = format!("{title}2023-01-18 来源：区政府办");
        assert_eq!(trailing_info(&glued, false), Some(title.len()));
        // One source alone is not enough; nor a head that is no title.
        assert_eq!(
            trailing_info(&format!("{title}来源：区政府办"), false),
            None
        );
        assert_eq!(
            trailing_info("数据来源：统计局 发布时间：2023-01-18", false),
            None
        );
        assert_eq!(
            trailing_info("本年度报告发布时间：2023年1月18日。", false),
            None
        );
        assert_eq!(trailing_info(title, true), None);
    }
}
