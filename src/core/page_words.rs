//! The words a web page's own chrome is made of, by what they do, and the
//! grammar of the labels in an article's info line.
//!
//! These are not lines to look for but the pieces lines are built from:
//! [`super::page_line`] accepts a line only when every piece of it is one
//! of these (or a date, a counter, a name after a label), so `打印本页`,
//! `【关闭此页】`, `扫一扫在手机上查看当前页面` and `用户登录` are recognised
//! without being listed, and a sentence that uses the same words among
//! others (`关闭政务新媒体账号2个。`) never is.
//!
//! Words come in kinds. A line needs at least one *anchor* — an action on
//! the page, a viewing mode, a pointer to other pages — to be chrome: the
//! things and joining words alone (`首页`, `手机`, `在…上`) are too
//! common in prose to prove anything.

/// What a page-tool word does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Word {
    /// Acts on the page or the site: print, close, bookmark, share, scan,
    /// return, search, log in. An anchor.
    Action,
    /// A way of viewing the site: accessibility, elder care, traditional
    /// characters, a phone edition. An anchor.
    Mode,
    /// Points at other pages: related links, previous and next article.
    /// An anchor.
    Navigation,
    /// What the actions act on: this page, the window, the top, the phone,
    /// the QR code, a keyword. Not an anchor.
    Thing,
    /// Joins the others: `在`, `上`, `请`, `您`, `的`. Not an anchor.
    Glue,
}

impl Word {
    pub(super) fn anchors(self) -> bool {
        matches!(self, Word::Action | Word::Mode | Word::Navigation)
    }
}

/// Page-tool words; the longest one that fits is taken.
const WORDS: [(&str, Word); 112] = [
    // Actions on the page.
    ("打印", Word::Action),
    ("关闭", Word::Action),
    ("收藏", Word::Action),
    ("加入", Word::Action),
    ("设为", Word::Action),
    ("分享", Word::Action),
    ("转发", Word::Action),
    ("扫一扫", Word::Action),
    ("扫一下", Word::Action),
    ("扫码", Word::Action),
    ("扫描", Word::Action),
    ("返回", Word::Action),
    ("回到", Word::Action),
    ("保存", Word::Action),
    ("切换", Word::Action),
    ("纠错", Word::Action),
    ("登录", Word::Action),
    ("登陆", Word::Action),
    ("注册", Word::Action),
    ("退出", Word::Action),
    ("搜索", Word::Action),
    ("检索", Word::Action),
    ("输入", Word::Action),
    ("查看", Word::Action),
    ("浏览", Word::Action),
    ("阅读", Word::Action),
    ("打开", Word::Action),
    ("复制", Word::Action),
    ("下载", Word::Action),
    ("评论", Word::Action),
    ("留言", Word::Action),
    ("朗读", Word::Action),
    ("放大", Word::Action),
    ("缩小", Word::Action),
    // Ways of viewing the site.
    ("无障碍", Word::Mode),
    ("长者", Word::Mode),
    ("关怀", Word::Mode),
    ("适老化", Word::Mode),
    ("老年", Word::Mode),
    ("读屏", Word::Mode),
    ("繁體", Word::Mode),
    ("繁体", Word::Mode),
    ("简体", Word::Mode),
    ("版", Word::Mode),
    // Pointers to other pages (a heading over a list of links, or a
    // previous/next link standing without its colon).
    ("相关链接", Word::Navigation),
    ("相关文章", Word::Navigation),
    ("相关阅读", Word::Navigation),
    ("相关新闻", Word::Navigation),
    ("相关稿件", Word::Navigation),
    ("相关推荐", Word::Navigation),
    ("友情链接", Word::Navigation),
    ("推荐", Word::Navigation),
    ("上一篇", Word::Navigation),
    ("下一篇", Word::Navigation),
    ("上一条", Word::Navigation),
    ("下一条", Word::Navigation),
    // Things the actions act on.
    ("当前页面", Word::Thing),
    ("当前页", Word::Thing),
    ("本页面", Word::Thing),
    ("本页", Word::Thing),
    ("此页", Word::Thing),
    ("该页", Word::Thing),
    ("页面", Word::Thing),
    ("本文", Word::Thing),
    ("此文", Word::Thing),
    ("全文", Word::Thing),
    ("文章", Word::Thing),
    ("窗口", Word::Thing),
    ("顶部", Word::Thing),
    ("底部", Word::Thing),
    ("首页", Word::Thing),
    ("主页", Word::Thing),
    ("上一页", Word::Thing),
    ("下一页", Word::Thing),
    ("列表", Word::Thing),
    ("本站", Word::Thing),
    ("网站", Word::Thing),
    ("网址", Word::Thing),
    ("手机", Word::Thing),
    ("移动端", Word::Thing),
    ("移动", Word::Thing),
    ("中文", Word::Thing),
    ("英文", Word::Thing),
    ("服务", Word::Thing),
    ("个人中心", Word::Thing),
    ("用户中心", Word::Thing),
    ("站内", Word::Thing),
    ("全站", Word::Thing),
    ("高级", Word::Thing),
    ("热点", Word::Thing),
    ("热门", Word::Thing),
    ("电脑", Word::Thing),
    ("二维码", Word::Thing),
    ("关键字", Word::Thing),
    ("关键词", Word::Thing),
    ("内容", Word::Thing),
    ("用户", Word::Thing),
    ("模式", Word::Thing),
    ("微信", Word::Thing),
    ("微博", Word::Thing),
    ("好友", Word::Thing),
    ("朋友圈", Word::Thing),
    ("English", Word::Thing),
    ("TOP", Word::Thing),
    ("更多", Word::Thing),
    // Joining words.
    ("今天是", Word::Glue),
    ("今天", Word::Glue),
    ("今日", Word::Glue),
    ("我要", Word::Glue),
    ("一下", Word::Glue),
    ("是否", Word::Glue),
    ("我的", Word::Glue),
];

/// Single-character joining words, tried after the words above.
const GLUE_CHARS: [char; 12] = [
    '在', '上', '到', '至', '用', '请', '您', '你', '的', '要', '给', '和',
];

/// The page-tool word `text` starts with (the longest), with its length
/// in bytes.
pub(super) fn word_at(text: &str) -> Option<(usize, Word)> {
    let longest = WORDS
        .iter()
        .filter(|(w, _)| text.starts_with(w))
        .max_by_key(|(w, _)| w.len())
        .map(|(w, kind)| (w.len(), *kind));
    longest.or_else(|| {
        let c = text.chars().next()?;
        GLUE_CHARS.contains(&c).then(|| (c.len_utf8(), Word::Glue))
    })
}

/// Words that may follow a font-size label (`字号：大 中 小`,
/// `字号 放大 缩小 默认`).
const SIZES: [&str; 17] = [
    "特大", "较大", "大", "中", "小", "默认", "标准", "原始", "放大", "缩小", "增大", "减小",
    "还原", "重置", "A+", "A-", "A",
];

/// Words that may follow a share label (`分享到：微信 微博`).
const SHARE_TARGETS: [&str; 15] = [
    "微信朋友圈",
    "朋友圈",
    "微信好友",
    "微信",
    "新浪微博",
    "腾讯微博",
    "人民微博",
    "微博",
    "QQ空间",
    "QQ好友",
    "QQ",
    "豆瓣",
    "人人网",
    "复制链接",
    "复制网址",
];

/// A group of font sizes standing without their label: `大 中 小`,
/// `小中大` — at least two of `大`, `中`, `小`, each once.
pub(super) fn size_group_at(text: &str) -> Option<usize> {
    let mut seen = Vec::new();
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '大' | '中' | '小') && !seen.contains(&c) {
            seen.push(c);
            end = i + c.len_utf8();
        } else if c != ' ' && c != '\u{3000}' {
            break;
        }
    }
    (seen.len() >= 2).then_some(end)
}

pub(super) fn size_at(text: &str) -> Option<usize> {
    longest(text, &SIZES)
}

pub(super) fn share_target_at(text: &str) -> Option<usize> {
    longest(text, &SHARE_TARGETS)
}

fn longest(text: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter(|w| text.starts_with(**w))
        .map(|w| w.len())
        .max()
}

/// What a label in an article's info line announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    /// A date and time: `发布时间`, `发布日期`, `更新时间`, `日期`.
    Time,
    /// A count of visits: `浏览次数`, `点击数`, `阅读`, `访问量`.
    Counter,
    /// A name: `来源`, `信息来源`, `作者`, `责任编辑`, `发布机构`.
    Name,
    /// Font sizes follow: `字号`, `字体`, `字体大小`.
    Size,
    /// Share targets follow: `分享到`.
    Share,
    /// Another article's title follows: `上一篇`, `下一条`.
    Nav,
    /// Contact details: `地址`, `邮编`, `联系电话`, `电子邮箱`. A report
    /// gives its own contact details the same way, so these never prove
    /// a line is chrome (see [`LabelAt::strong`]).
    Contact,
}

/// A label found at the start of a text.
#[derive(Debug, Clone, Copy)]
pub(super) struct LabelAt {
    pub len: usize,
    pub kind: Label,
    /// A bare `时间`/`日期` or a contact label is too common in a report to
    /// prove a line is page chrome; every other label does.
    pub strong: bool,
    /// The time the article was published (`发布时间`, `成文日期`, or a
    /// bare `日期`), as opposed to `更新时间`.
    pub creation: bool,
    /// A head without a prefix (`来源`, not `信息来源`).
    pub bare: bool,
}

/// What may stand before a label's head: `发布`时间, `信息`来源,
/// `责任`编辑, `最后更新`时间.
const PREFIXES: [&str; 27] = [
    "发布", "发文", "成文", "印发", "发表", "发稿", "刊发", "公开", "更新", "修改", "信息", "文章",
    "新闻", "稿件", "内容", "录入", "上传", "责任", "最后", "原文", "文字", "网页", "联系", "通讯",
    "咨询", "值班", "投诉",
];

/// Prefixes that make a time the article's publication time.
const CREATION_PREFIXES: [&str; 8] = [
    "发布", "发文", "成文", "印发", "发表", "发稿", "刊发", "公开",
];

/// Prefixes that are verbs of publishing: `发布`者, `发表`于, `录入`人.
const VERB_PREFIXES: [&str; 10] = [
    "发布", "发文", "发表", "发稿", "刊发", "印发", "更新", "修改", "录入", "上传",
];

/// Heads that make a label of a publishing verb: `发布者`, `录入人` name
/// someone, `发布于`, `更新于` give a time.
const VERB_HEADS: [(&str, Label); 3] = [
    ("者", Label::Name),
    ("人", Label::Name),
    ("于", Label::Time),
];

/// The heads of labels, what they announce, and whether they need a
/// prefix (`机构` alone is a word of prose; `发布机构` is a label).
const HEADS: [(&str, Label, bool); 49] = [
    ("时间", Label::Time, false),
    ("日期", Label::Time, false),
    ("来源", Label::Name, false),
    ("出处", Label::Name, false),
    ("稿源", Label::Name, false),
    ("作者", Label::Name, false),
    ("编辑", Label::Name, false),
    ("责编", Label::Name, false),
    ("审核", Label::Name, false),
    ("审校", Label::Name, false),
    ("校对", Label::Name, false),
    ("记者", Label::Name, false),
    ("供稿", Label::Name, false),
    ("撰稿", Label::Name, false),
    ("摄影", Label::Name, false),
    ("机构", Label::Name, true),
    ("单位", Label::Name, true),
    ("机关", Label::Name, true),
    ("浏览", Label::Counter, false),
    ("点击", Label::Counter, false),
    ("阅读", Label::Counter, false),
    ("访问", Label::Counter, false),
    ("查看", Label::Counter, false),
    ("次数", Label::Counter, false),
    ("人气", Label::Counter, false),
    ("热度", Label::Counter, false),
    ("字号", Label::Size, false),
    ("字体", Label::Size, false),
    ("分享到", Label::Share, false),
    ("分享", Label::Share, false),
    ("上一篇", Label::Nav, false),
    ("下一篇", Label::Nav, false),
    ("上一条", Label::Nav, false),
    ("下一条", Label::Nav, false),
    ("上篇", Label::Nav, false),
    ("下篇", Label::Nav, false),
    ("前一篇", Label::Nav, false),
    ("后一篇", Label::Nav, false),
    ("相关链接", Label::Nav, false),
    ("地址", Label::Contact, false),
    ("邮编", Label::Contact, false),
    ("邮政编码", Label::Contact, false),
    ("电话", Label::Contact, false),
    ("传真", Label::Contact, false),
    ("邮箱", Label::Contact, false),
    ("电子邮箱", Label::Contact, false),
    ("电子邮件", Label::Contact, false),
    ("E-mail", Label::Contact, false),
    ("Email", Label::Contact, false),
];

/// Endings a head may take: 浏览`次数`, 点击`量`, 阅读`数`, 字体`大小`,
/// 上一篇`文章`.
const COUNTER_ENDINGS: [&str; 5] = ["次数", "人次", "量", "数", "率"];
const SIZE_ENDINGS: [&str; 1] = ["大小"];
const NAV_ENDINGS: [&str; 3] = ["文章", "新闻", "信息"];

/// Whether a label can start with `c`: the first characters of the
/// prefixes and heads (a test keeps this in step with them). Labels are
/// tried at every character of a value; most characters fail here.
fn may_start_label(c: char) -> bool {
    matches!(
        c,
        '发' | '成'
            | '印'
            | '刊'
            | '公'
            | '更'
            | '修'
            | '信'
            | '文'
            | '新'
            | '稿'
            | '内'
            | '录'
            | '上'
            | '责'
            | '最'
            | '原'
            | '网'
            | '联'
            | '通'
            | '咨'
            | '值'
            | '投'
            | '时'
            | '日'
            | '来'
            | '出'
            | '作'
            | '编'
            | '审'
            | '校'
            | '记'
            | '供'
            | '撰'
            | '摄'
            | '机'
            | '单'
            | '浏'
            | '点'
            | '阅'
            | '访'
            | '查'
            | '次'
            | '人'
            | '热'
            | '字'
            | '分'
            | '下'
            | '前'
            | '后'
            | '相'
            | '地'
            | '邮'
            | '电'
            | '传'
            | 'E'
    )
}

/// The label `text` starts with: up to two prefixes, a head, an ending;
/// the longest reading wins (`发布时间` over nothing, `浏览次数` over
/// `浏览`). Whether a colon follows is the caller's business. Allocates
/// nothing: it is tried at every character of a line.
pub(super) fn label_at(text: &str) -> Option<LabelAt> {
    if !text.chars().next().is_some_and(may_start_label) {
        return None;
    }
    let mut best: Option<LabelAt> = None;
    heads_at(text, 0, false, false, &mut best);
    for p1 in PREFIXES.iter().filter(|p| text.starts_with(**p)) {
        let at1 = p1.len();
        let creation1 = CREATION_PREFIXES.contains(p1);
        heads_at(text, at1, creation1, VERB_PREFIXES.contains(p1), &mut best);
        for p2 in PREFIXES.iter().filter(|p| text[at1..].starts_with(**p)) {
            heads_at(
                text,
                at1 + p2.len(),
                creation1 || CREATION_PREFIXES.contains(p2),
                VERB_PREFIXES.contains(p2),
                &mut best,
            );
        }
    }
    best
}

/// The heads that start at `at` (after prefixes up to there), keeping
/// the longest label in `best`.
fn heads_at(
    text: &str,
    at: usize,
    creation_prefix: bool,
    after_verb: bool,
    best: &mut Option<LabelAt>,
) {
    let prefixed = at > 0;
    let rest = &text[at..];
    let verb_heads = VERB_HEADS
        .iter()
        .filter(|_| after_verb)
        .map(|&(head, kind)| (head, kind, true));
    for (head, kind, needs_prefix) in HEADS.into_iter().chain(verb_heads) {
        if !rest.starts_with(head) || (needs_prefix && !prefixed) {
            continue;
        }
        let mut len = at + head.len();
        let endings: &[&str] = match kind {
            Label::Counter => &COUNTER_ENDINGS,
            Label::Size => &SIZE_ENDINGS,
            Label::Nav => &NAV_ENDINGS,
            _ => &[],
        };
        if let Some(e) = endings.iter().find(|e| text[len..].starts_with(**e)) {
            len += e.len();
        }
        if best.is_none_or(|b| len > b.len) {
            *best = Some(LabelAt {
                len,
                kind,
                strong: match kind {
                    Label::Time => prefixed,
                    Label::Contact => false,
                    _ => true,
                },
                creation: kind == Label::Time && (creation_prefix || !prefixed),
                bare: !prefixed,
            });
        }
    }
}

/// Endings of a website's name in a welcome line: `…门户网站`, `…政府网`.
pub(super) const SITE_ENDINGS: [&str; 8] = [
    "网站",
    "门户网",
    "门户",
    "政府网",
    "官网",
    "平台",
    "本站",
    "网",
];

/// The verbs of a welcome line, right after `欢迎` (`欢迎您访问…`).
pub(super) const WELCOME_VERBS: [&str; 6] = ["访问", "来到", "光临", "登录", "进入", "使用"];

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> Option<(usize, Label, bool, bool)> {
        label_at(text).map(|l| (text[..l.len].chars().count(), l.kind, l.strong, l.creation))
    }

    #[test]
    fn labels_are_composed() {
        assert_eq!(label("发布时间：2023"), Some((4, Label::Time, true, true)));
        assert_eq!(label("最后更新时间："), Some((6, Label::Time, true, false)));
        assert_eq!(label("日期："), Some((2, Label::Time, false, true)));
        assert_eq!(label("信息来源："), Some((4, Label::Name, true, false)));
        assert_eq!(label("责任编辑："), Some((4, Label::Name, true, false)));
        assert_eq!(label("浏览次数："), Some((4, Label::Counter, true, false)));
        assert_eq!(label("点击数："), Some((3, Label::Counter, true, false)));
        assert_eq!(label("字体大小："), Some((4, Label::Size, true, false)));
        assert_eq!(label("发布机构："), Some((4, Label::Name, true, false)));
        assert_eq!(label("机构："), None);
        assert_eq!(label("数据来源："), None);
        assert_eq!(label("下一篇："), Some((3, Label::Nav, true, false)));
        assert_eq!(label("上一篇文章："), Some((5, Label::Nav, true, false)));
        assert_eq!(label("发表时间："), Some((4, Label::Time, true, true)));
        assert_eq!(label("联系电话："), Some((4, Label::Contact, false, false)));
        assert_eq!(label("发布者："), Some((3, Label::Name, true, false)));
        assert_eq!(label("发布于："), Some((3, Label::Time, true, true)));
        assert_eq!(label("更新于："), Some((3, Label::Time, true, false)));
        assert_eq!(label("信息人："), None);
    }

    #[test]
    fn every_prefix_and_head_may_start_a_label() {
        for word in PREFIXES.iter().chain(HEADS.iter().map(|(h, _, _)| h)) {
            let first = word.chars().next().unwrap();
            assert!(may_start_label(first), "{word}");
        }
    }

    #[test]
    fn words_take_the_longest_reading() {
        assert_eq!(word_at("当前页面"), Some(("当前页面".len(), Word::Thing)));
        assert_eq!(word_at("扫一扫在"), Some(("扫一扫".len(), Word::Action)));
        assert_eq!(word_at("在手机"), Some(("在".len(), Word::Glue)));
        assert_eq!(word_at("政务"), None);
    }
}
