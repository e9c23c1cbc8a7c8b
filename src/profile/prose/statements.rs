//! Finds the statements of a report's sentences that give a figure the
//! template's tables also give (`本年新收政府信息公开申请8件`, `上年结转2件`,
//! `未发生行政复议`), and what in the sentence makes its scope unclear.
//!
//! A figure counts only when it is bound to its words: it stands right
//! after them (or, for 办结 and the two 结转, right before them), in the
//! same clause, with nothing between but words that say nothing
//! (`共`, `共计`, `为`, `案件`, `继续办理的申请`; [`FILLER`]). A clause ends
//! at `，；：。！？` (and their ASCII forms), so no figure is read across
//! them; `、` and brackets stay inside. A statement that fails a scope
//! test ([`Statement::doubt`]) is still found, and the comparison is
//! uncertain rather than failed.

use super::numerals::{self, Figure};
use crate::profile::keys::ProactiveItem;

/// What a statement's figure is compared with in the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// 本年新收 / 收到 / 受理 … 申请 N件: 一、本年新收 总计.
    NewReceived,
    /// 上年结转 N件: 二、上年结转 总计.
    CarriedOver,
    /// 办结 / 办理完毕 N件: (七)总计 总计, the applications the year's
    /// results count.
    Handled,
    /// 结转下年度 N件: 四、结转下年度继续办理 总计.
    CarriedForward,
    /// 行政复议 N件: 行政复议 总计.
    AdministrativeReview,
    /// 行政诉讼 N件: 未经复议直接起诉 总计 + 复议后起诉 总计.
    Litigation,
    /// 直接起诉 N件: 未经复议直接起诉 总计.
    LitigationDirect,
    /// 复议后起诉 N件: 复议后起诉 总计.
    LitigationAfterReview,
    /// 制发 / 公开 / 废止 规章 or 规范性文件 N件, and 现行有效 ones.
    Documents(ProactiveItem, Action),
}

/// What a sentence says was done with 规章 or 规范性文件.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// 制发, 制定, 印发, 出台.
    Made,
    /// 公开, 发布.
    Published,
    /// 废止.
    Repealed,
    /// 现行有效.
    InForce,
}

impl Target {
    /// Whether the figure may stand before the words (`2件结转下年度`).
    fn may_follow_figure(self) -> bool {
        matches!(
            self,
            Target::Handled | Target::CarriedForward | Target::CarriedOver
        )
    }

    /// Whether `未发生行政复议` states 0 for it.
    fn negatable(self) -> bool {
        matches!(
            self,
            Target::AdministrativeReview
                | Target::Litigation
                | Target::LitigationDirect
                | Target::LitigationAfterReview
        )
    }

    fn is_application(self) -> bool {
        matches!(
            self,
            Target::NewReceived | Target::CarriedOver | Target::Handled | Target::CarriedForward
        )
    }

    fn is_review(self) -> bool {
        self.negatable()
    }
}

/// A figure a sentence states.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub target: Target,
    pub value: f64,
    /// The clause that states it, trimmed (`新受理政府信息公开申请6件`).
    pub stated: String,
    /// The sentence, at most [`QUOTE_CHARS`] characters around the clause.
    pub quote: String,
    /// Why its scope may not be the table's: the cue found, for a person.
    pub doubt: Option<String>,
    /// A count of applications 受理 (taken up) that does not say they were
    /// new (`共受理…申请10件`, not `新受理`): reports also count last
    /// year's carried-over applications as taken up in the year. (`收到`
    /// says received in the year, which those were not.)
    pub may_include_carried_over: bool,
}

/// The longest quote kept.
pub const QUOTE_CHARS: usize = 200;

/// The words that name a target, longest first where one holds another;
/// `申请` (new applications) and the document nouns are found apart.
const ANCHORS: [(&str, Target); 20] = [
    ("未经复议直接起诉", Target::LitigationDirect),
    ("直接提起行政诉讼", Target::LitigationDirect),
    ("直接起诉", Target::LitigationDirect),
    ("行政复议后提起行政诉讼", Target::LitigationAfterReview),
    ("复议后提起行政诉讼", Target::LitigationAfterReview),
    ("行政复议后起诉", Target::LitigationAfterReview),
    ("复议后起诉", Target::LitigationAfterReview),
    ("行政复议", Target::AdministrativeReview),
    ("行政诉讼", Target::Litigation),
    ("上一年度结转", Target::CarriedOver),
    ("上年度结转", Target::CarriedOver),
    ("上年结转", Target::CarriedOver),
    ("结转至下一年度", Target::CarriedForward),
    ("结转至下年度", Target::CarriedForward),
    ("结转到下年度", Target::CarriedForward),
    ("结转下一年度", Target::CarriedForward),
    ("结转下年度", Target::CarriedForward),
    ("转入下年度", Target::CarriedForward),
    ("办理完毕", Target::Handled),
    ("办结", Target::Handled),
];

/// Words after a review or litigation word that make it name a law, a
/// body or a document rather than cases.
const NOT_CASES: [&str; 8] = ["法", "机关", "机构", "决定", "意见", "制度", "工作", "应诉"];

/// Verbs of receiving that make `申请` a count of applications received.
const RECEIVED: [&str; 6] = ["新收", "收到", "接到", "接收", "受理", "收悉"];

/// Negations that, before a receiving verb, state 0 applications received.
const NOT_RECEIVED: [&str; 5] = ["未", "没有", "没", "均未", "尚未"];

/// Words between a negated receiving verb and `申请` that make what was
/// not received something else (`未收到答复的申请`).
const NOT_THE_APPLICATION: [&str; 6] = ["答复", "回复", "告知", "通知", "材料", "补正"];

/// Negations that state 0 for the review and litigation words after them.
const NEGATIONS: [&str; 11] = [
    "未发生",
    "没有发生",
    "未出现",
    "没有出现",
    "未产生",
    "未有",
    "未收到",
    "未被",
    "不存在",
    "没有",
    "无",
];

/// Words after `无` that make it no negation of what follows (`无法`).
const NOT_NEGATING: [&str; 8] = ["法", "论", "需", "误", "正当", "效", "关", "偿"];

/// The verbs of the document figures, by what they say was done.
const DOCUMENT_VERBS: [(&str, Action); 9] = [
    ("制发", Action::Made),
    ("制定", Action::Made),
    ("印发", Action::Made),
    ("出台", Action::Made),
    ("制作", Action::Made),
    ("废止", Action::Repealed),
    ("现行有效", Action::InForce),
    ("公开", Action::Published),
    ("发布", Action::Published),
];

/// The document nouns, longest first.
const DOCUMENT_NOUNS: [(&str, ProactiveItem); 3] = [
    ("行政规范性文件", ProactiveItem::NormativeDocuments),
    ("规范性文件", ProactiveItem::NormativeDocuments),
    ("规章", ProactiveItem::Rules),
];

/// Words that may stand between a target's words and its figure without
/// changing what is counted, longest first.
const FILLER: [&str; 34] = [
    "政府信息公开",
    "继续办理",
    "共计",
    "合计",
    "总计",
    "总数",
    "数量",
    "件数",
    "案件",
    "已经",
    "全部",
    "办理",
    "申请",
    "事件",
    "事项",
    "公开",
    "案",
    "共",
    "计",
    "为",
    "是",
    "达",
    "了",
    "有",
    "的",
    "已",
    "均",
    "各",
    "在",
    "将",
    "需",
    "数",
    "起",
    "宗",
];

/// Words between a target's words and its figure that make the figure a
/// bound rather than a count.
const HEDGES: [&str; 8] = ["大约", "将近", "超过", "不足", "不到", "约", "近", "逾"];

/// Cues in a figure's clause that its scope is narrower, wider or other
/// than the table's.
const SCOPE_CUES: [&str; 34] = [
    // a part of the whole
    "其中",
    "含",
    "包括",
    // a channel
    "网上",
    "网络",
    "在线",
    "线上",
    "线下",
    "当面",
    "现场",
    "信函",
    "邮寄",
    "传真",
    "电子邮件",
    // an applicant type
    "自然人",
    "企业",
    "科研机构",
    "公益组织",
    "法律服务机构",
    // another body or several
    "各部门",
    "各单位",
    "各乡镇",
    "各街道",
    "下属",
    "所属",
    "系统",
    "全区",
    "全市",
    "全县",
    "全省",
    // documents counted for another purpose
    "备案",
    "审查",
    "审核",
    "清理",
];

/// Cues of a period other than the report year.
const PERIOD_CUES: [&str; 15] = [
    "累计",
    "以来",
    "上半年",
    "下半年",
    "季度",
    "近三年",
    "近年",
    "历年",
    "十三五",
    "十四五",
    "同期",
    "截至",
    "截止",
    "去年",
    "上一年",
];

/// Outcomes within a review group: a figure with one counts a part.
const OUTCOME_CUES: [&str; 14] = [
    "复议机关",
    "纠正",
    "纠错",
    "维持",
    "撤销",
    "败诉",
    "胜诉",
    "驳回",
    "确认违法",
    "审结",
    "尚未",
    "终止",
    "调解",
    "和解",
];

/// Other matters a sentence about requests may count (`转办县长热线47件`).
const OTHER_MATTERS: [&str; 10] = [
    "热线", "信访", "咨询", "留言", "建议", "提案", "诉求", "来信", "来电", "12345",
];

/// Words one of which every statement holds: its target's words
/// ([`ANCHORS`], `申请`, [`DOCUMENT_NOUNS`]) or their common part.
const KEYWORDS: [&str; 9] = [
    "申请",
    "结转",
    "转入",
    "办结",
    "办理完毕",
    "复议",
    "诉讼",
    "起诉",
    "规",
];

/// The characters [`KEYWORDS`] start with.
const KEYWORD_STARTS: [char; 8] = ['申', '结', '转', '办', '复', '诉', '起', '规'];

/// Whether `text` holds one of [`KEYWORDS`], in one pass over its
/// characters: the words are compared only where a character one of them
/// starts with stands (a search per word would read a long paragraph once
/// for each word).
fn mentions_keyword(text: &str) -> bool {
    text.char_indices().any(|(at, c)| {
        KEYWORD_STARTS.contains(&c) && KEYWORDS.iter().any(|w| text[at..].starts_with(w))
    })
}

/// Words that say a sentence is about information disclosure.
const TOPIC: [&str; 3] = ["信息公开", "依申请", "公开申请"];

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

fn is_clause_end(c: char) -> bool {
    matches!(c, '，' | ',' | '；' | ';' | '：' | ':')
}

/// Where a target's words stand in a clause.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    start: usize,
    end: usize,
    target: Target,
}

/// What a statement is being read in: the headings it stands under (and a
/// paragraph's run-in heading), and the report year.
#[derive(Debug, Clone, Copy)]
pub struct Setting<'a> {
    pub headings: &'a str,
    pub year: Option<i32>,
}

/// The statements of one paragraph.
pub fn statements(paragraph: &str, setting: Setting<'_>) -> Vec<Statement> {
    let mut found = Vec::new();
    let mut lead = "";
    for (index, sentence) in paragraph.split(is_sentence_end).enumerate() {
        let sentence = sentence.trim();
        // A short first sentence is a run-in heading (`（二）依申请公开办理情况`).
        if index == 0 && sentence.chars().count() <= 24 {
            lead = sentence;
        }
        if !sentence.is_empty() {
            read_sentence(sentence, setting, lead, &mut found);
        }
    }
    found
}

/// A clause of a sentence: its byte range in the sentence, and whether a
/// `其中` earlier in the sentence (and no `；` since) makes it a part.
struct Clause {
    start: usize,
    end: usize,
    under_part: bool,
}

fn clauses(sentence: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut part = false;
    for (at, c) in sentence
        .char_indices()
        .chain(std::iter::once((sentence.len(), '。')))
    {
        if at < sentence.len() && !is_clause_end(c) {
            continue;
        }
        let text = &sentence[start..at];
        out.push(Clause {
            start,
            end: at,
            under_part: part,
        });
        if text.contains("其中") {
            part = true;
        }
        if matches!(c, '；' | ';') {
            part = false;
        }
        start = at + c.len_utf8();
    }
    out
}

fn read_sentence(sentence: &str, setting: Setting<'_>, lead: &str, found: &mut Vec<Statement>) {
    // Most sentences name none of the targets: one scan for their words.
    if !mentions_keyword(sentence) {
        return;
    }
    // Reviews and suits an organ handles as the review body are no
    // disclosure cases: for them the sentence must say so itself, or
    // stand under the template's review section.
    let says_topic = TOPIC.iter().any(|t| sentence.contains(t));
    let on_topic = Topic {
        requests: says_topic
            || TOPIC
                .iter()
                .any(|t| setting.headings.contains(t) || lead.contains(t)),
        reviews: says_topic || setting.headings.contains("行政复议"),
    };
    let about_requests =
        sentence.contains("申请") || setting.headings.contains("申请") || lead.contains("申请");
    for clause in clauses(sentence) {
        let text = &sentence[clause.start..clause.end];
        let anchors = anchors(text);
        if anchors.is_empty() {
            continue;
        }
        let figures = numerals::figures(text);
        let mut bound = vec![false; anchors.len()];
        let mut previous_end = 0;
        for figure in &figures {
            if let Some(binding) = bind(text, &anchors, figure) {
                for &i in &binding.anchors {
                    bound[i] = true;
                }
                let first = &anchors[binding.anchors[0]];
                // Other targets' words before it in the clause: the figure
                // may count them, or a part of them (`办结上年结转申请2件`).
                let other = anchors[..binding.anchors[0]]
                    .iter()
                    .find(|a| a.start >= previous_end)
                    .map(|a| &text[a.start..a.end]);
                let facts = Facts {
                    sentence,
                    clause: &clause,
                    figure_end: figure.end,
                    on_topic,
                    year: setting.year,
                    other,
                    hedge: binding.hedge,
                    figure: Some(figure),
                };
                for &i in &binding.anchors {
                    let anchor = anchors[i];
                    if anchor.target.is_application()
                        && anchor.target != Target::NewReceived
                        && !about_requests
                    {
                        continue;
                    }
                    found.push(statement(anchor, figure.value, &facts, first.start));
                }
                previous_end = figure.end;
            }
        }
        // `未发生行政复议、行政诉讼`, `未收到政府信息公开申请`: 0.
        for (i, anchor) in anchors.iter().enumerate() {
            if bound[i] || !negated(text, &anchors, i) {
                continue;
            }
            let facts = Facts {
                sentence,
                clause: &clause,
                figure_end: text.len(),
                on_topic,
                year: setting.year,
                other: None,
                hedge: false,
                figure: None,
            };
            found.push(statement(*anchor, 0.0, &facts, 0));
        }
    }
}

/// Whether a sentence is about information disclosure: for requests, by
/// its own words or its headings; for reviews and suits, by its own words
/// or the review section it stands in.
#[derive(Clone, Copy)]
struct Topic {
    requests: bool,
    reviews: bool,
}

/// What the scope tests of one statement look at.
struct Facts<'a> {
    sentence: &'a str,
    clause: &'a Clause,
    figure_end: usize,
    on_topic: Topic,
    year: Option<i32>,
    other: Option<&'a str>,
    hedge: bool,
    figure: Option<&'a Figure>,
}

fn statement(anchor: Anchor, value: f64, facts: &Facts<'_>, from: usize) -> Statement {
    let clause = &facts.sentence[facts.clause.start..facts.clause.end];
    Statement {
        target: anchor.target,
        value,
        stated: clause.trim().to_string(),
        quote: quote(facts.sentence, facts.clause.start + from, facts.clause.end),
        doubt: doubt(anchor, facts),
        may_include_carried_over: anchor.target == Target::NewReceived
            && clause[..anchor.start].contains("受理")
            && !clause[..anchor.start].contains('新'),
    }
}

/// The first reason the statement's scope may not be the table's.
fn doubt(anchor: Anchor, facts: &Facts<'_>) -> Option<String> {
    let clause = &facts.sentence[facts.clause.start..facts.clause.end];
    // The clause without the target's own words (`上年结转` holds `上年`).
    let around = format!("{}{}", &clause[..anchor.start], &clause[anchor.end..]);
    if let Some(figure) = facts.figure {
        if let Some(unit) = figure.unit.filter(|u| !numerals::counts_cases(u)) {
            return Some(format!("counts {unit}, not cases"));
        }
        if figure.approximate || facts.hedge {
            return Some("an approximate figure".into());
        }
    }
    if facts.clause.under_part {
        return Some("a part (after 其中)".into());
    }
    if let Some(other) = facts.other {
        return Some(format!("the clause also names {other}"));
    }
    let cue = |cues: &[&'static str]| cues.iter().copied().find(|c| around.contains(c));
    if let Some(cue) = cue(&SCOPE_CUES).or_else(|| cue(&PERIOD_CUES)) {
        return Some(format!("scope cue {cue}"));
    }
    if anchor.target.is_review()
        && let Some(cue) = cue(&OUTCOME_CUES)
    {
        return Some(format!("an outcome ({cue})"));
    }
    if anchor.target.is_application() {
        // The clause, or the sentence when the clause does not itself say
        // it counts requests.
        let matter = OTHER_MATTERS.iter().copied().find(|m| {
            around.contains(m) || (!clause.contains("申请") && facts.sentence.contains(m))
        });
        if let Some(matter) = matter {
            return Some(format!("about other matters ({matter})"));
        }
    }
    if let Some(year) = year_in_force(facts.sentence, facts.clause.start + facts.figure_end)
        && facts.year != Some(year)
    {
        return Some(format!("the year {year}"));
    }
    if around.contains("上年") {
        return Some("scope cue 上年".into());
    }
    let on_topic = match anchor.target {
        Target::Documents(..) => true,
        target if target.is_review() => facts.on_topic.reviews,
        _ => facts.on_topic.requests,
    };
    if !on_topic {
        return Some("the sentence does not say it is about information disclosure".into());
    }
    None
}

/// The last year named (`2021年`) before `at` in the sentence.
fn year_in_force(sentence: &str, at: usize) -> Option<i32> {
    let before = &sentence[..at.min(sentence.len())];
    let bytes = before.as_bytes();
    let mut year = None;
    for (i, _) in before.match_indices('年') {
        if i >= 4 && bytes[i - 4..i].iter().all(u8::is_ascii_digit) {
            let starts_number = i == 4 || !bytes[i - 5].is_ascii_digit();
            if starts_number {
                year = before[i - 4..i].parse().ok();
            }
        }
    }
    year
}

/// The sentence, or at most [`QUOTE_CHARS`] characters of it ending with
/// the clause that states the figure.
fn quote(sentence: &str, from: usize, clause_end: usize) -> String {
    if sentence.chars().count() <= QUOTE_CHARS {
        return sentence.to_string();
    }
    let end = clause_end.min(sentence.len());
    let kept: Vec<char> = sentence[..end].chars().collect();
    let from_chars = sentence[..from.min(end)].chars().count();
    let start = kept.len().saturating_sub(QUOTE_CHARS).min(from_chars);
    let text: String = kept[start..].iter().take(QUOTE_CHARS).collect();
    text.trim().to_string()
}

/// Every target's words in a clause, in order, none overlapping.
/// The characters an anchor word, `申请` or a document noun starts with,
/// sorted.
fn anchor_starts() -> &'static [char] {
    static STARTS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        let words = ANCHORS
            .iter()
            .map(|(w, _)| *w)
            .chain(DOCUMENT_NOUNS.iter().map(|(n, _)| *n))
            .chain(["申请"]);
        let mut starts: Vec<char> = words.filter_map(|w| w.chars().next()).collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    })
}

fn anchors(clause: &str) -> Vec<Anchor> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < clause.len() {
        let rest = &clause[at..];
        let c = rest.chars().next().unwrap();
        // Most characters start no anchor word: one lookup rules them out.
        if anchor_starts().binary_search(&c).is_err() {
            at += c.len_utf8();
            continue;
        }
        if let Some((word, target)) = ANCHORS.iter().find(|(w, _)| rest.starts_with(w)) {
            // `行政复议法`, `行政复议机关`: a law or a body, not cases.
            if NOT_CASES.iter().any(|n| rest[word.len()..].starts_with(n)) {
                at += word.len();
                continue;
            }
            found.push(Anchor {
                start: at,
                end: at + word.len(),
                target: *target,
            });
            at += word.len();
            continue;
        }
        if rest.starts_with("申请") && is_received(clause, at) {
            found.push(Anchor {
                start: at,
                end: at + "申请".len(),
                target: Target::NewReceived,
            });
            at += "申请".len();
            continue;
        }
        if let Some((noun, item)) = DOCUMENT_NOUNS.iter().find(|(n, _)| rest.starts_with(n))
            && let Some(action) = document_action(&clause[..at])
        {
            found.push(Anchor {
                start: at,
                end: at + noun.len(),
                target: Target::Documents(*item, action),
            });
            at += noun.len();
            continue;
        }
        at += c.len_utf8();
    }
    found
}

/// Whether `申请` at `at` counts applications received: a receiving verb
/// stands before it in the clause, and it is not a request for review
/// (`行政复议申请`) or the `依申请` of 依申请公开 followed by more.
fn is_received(clause: &str, at: usize) -> bool {
    let before = &clause[..at];
    if before.ends_with("复议") || before.ends_with("诉讼") {
        return false;
    }
    RECEIVED.iter().any(|verb| before.contains(verb))
}

/// What the nearest document verb before a document noun says was done.
fn document_action(before: &str) -> Option<Action> {
    DOCUMENT_VERBS
        .iter()
        .filter_map(|(verb, action)| before.rfind(verb).map(|at| (at, *action)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, action)| action)
}

/// The anchors a figure is bound to, and whether a hedge stands between.
struct Binding {
    anchors: Vec<usize>,
    hedge: bool,
}

/// What a gap between words and a figure holds, when it holds only filler.
struct Gap {
    hedge: bool,
    /// `各` or `均`: the figure is each listed target's.
    each: bool,
    /// `为` or `是`: a figure without a counting word may stand after it.
    copula: bool,
}

fn gap(text: &str) -> Option<Gap> {
    let mut rest = text;
    let mut gap = Gap {
        hedge: false,
        each: false,
        copula: false,
    };
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if rest.is_empty() {
            return Some(gap);
        }
        if let Some(word) = FILLER.iter().find(|w| rest.starts_with(*w)) {
            gap.each |= matches!(*word, "各" | "均");
            gap.copula |= matches!(*word, "为" | "是");
            rest = &rest[word.len()..];
        } else if let Some(word) = HEDGES.iter().find(|w| rest.starts_with(*w)) {
            gap.hedge = true;
            rest = &rest[word.len()..];
        } else {
            return None;
        }
    }
}

/// The anchors `figure` is bound to: the nearest words before it with only
/// filler between (and the words listed with them by `、和及与` when `各`
/// or `均` says the figure is each one's), or else, for the targets that
/// allow it, the nearest words right after it.
fn bind(clause: &str, anchors: &[Anchor], figure: &Figure) -> Option<Binding> {
    if let Some(i) = anchors.iter().rposition(|a| a.end <= figure.start) {
        let anchor = anchors[i];
        if let Some(g) = gap(&clause[anchor.end..figure.start])
            && (figure.unit.is_some() || g.copula)
        {
            let mut bound = vec![i];
            if g.each {
                let mut j = i;
                while j > 0 && is_list_joint(&clause[anchors[j - 1].end..anchors[j].start]) {
                    j -= 1;
                    bound.insert(0, j);
                }
            } else if i > 0 && is_list_joint(&clause[anchors[i - 1].end..anchor.start]) {
                // `行政复议、行政诉讼1件`: whose figure it is, is unclear.
                return None;
            }
            return Some(Binding {
                anchors: bound,
                hedge: g.hedge,
            });
        }
    }
    figure.unit?;
    let i = anchors.iter().position(|a| a.start >= figure.end)?;
    let anchor = anchors[i];
    let g = gap(&clause[figure.end..anchor.start])?;
    (anchor.target.may_follow_figure() && !g.each).then(|| Binding {
        anchors: vec![i],
        hedge: g.hedge,
    })
}

fn is_list_joint(text: &str) -> bool {
    matches!(text.trim(), "、" | "和" | "及" | "与" | "或" | "以及")
}

/// Whether a negation in the clause states 0 for the anchor `i`: for
/// review and litigation words, a negation before them with no figure
/// between; for new applications, a negated receiving verb
/// (`未收到…申请`).
fn negated(clause: &str, anchors: &[Anchor], i: usize) -> bool {
    let anchor = anchors[i];
    let before = &clause[..anchor.start];
    if anchor.target == Target::NewReceived {
        return RECEIVED.iter().any(|verb| {
            before.match_indices(verb).any(|(at, _)| {
                let object = &before[at + verb.len()..];
                NOT_RECEIVED.iter().any(|neg| before[..at].ends_with(neg))
                    && object.chars().count() <= 16
                    && !NOT_THE_APPLICATION.iter().any(|w| object.contains(w))
            })
        });
    }
    if !anchor.target.negatable() {
        return false;
    }
    let Some(at) = NEGATIONS
        .iter()
        .filter_map(|neg| {
            before
                .match_indices(neg)
                .filter(|(at, word)| {
                    *word != "无"
                        || !NOT_NEGATING
                            .iter()
                            .any(|n| before[at + word.len()..].starts_with(n))
                })
                .map(|(at, word)| at + word.len())
                .last()
        })
        .max()
    else {
        return false;
    };
    // No figure and no other negated target's figure between.
    numerals::figures(&before[at..]).is_empty()
        && anchors[..i]
            .iter()
            .all(|a| a.end <= at || a.target.negatable())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADING: Setting<'static> = Setting {
        headings: "收到和处理政府信息公开申请情况",
        year: Some(2022),
    };

    fn read(text: &str) -> Vec<(Target, f64, Option<String>)> {
        statements(text, HEADING)
            .into_iter()
            .map(|s| (s.target, s.value, s.doubt))
            .collect()
    }

    fn certain(text: &str) -> Vec<(Target, f64)> {
        let found = read(text);
        assert!(
            found.iter().all(|(_, _, doubt)| doubt.is_none()),
            "{text}: {found:?}"
        );
        found.into_iter().map(|(t, v, _)| (t, v)).collect()
    }

    fn doubtful(text: &str) -> Vec<(Target, f64)> {
        let found = read(text);
        assert!(
            found.iter().all(|(_, _, doubt)| doubt.is_some()),
            "{text}: {found:?}"
        );
        found.into_iter().map(|(t, v, _)| (t, v)).collect()
    }

    use Target::*;

    #[test]
    fn new_applications_in_their_phrasings() {
        assert_eq!(
            certain("本年共收到政府信息公开申请8件。"),
            [(NewReceived, 8.0)]
        );
        assert_eq!(
            certain("2022年,新受理政府信息公开申请6件,均做到及时高效办理。"),
            [(NewReceived, 6.0)]
        );
        assert_eq!(
            certain("本年度共受理政府信息公开申请共计十二件。"),
            [(NewReceived, 12.0)]
        );
        assert_eq!(
            certain("本单位2022年度共受理政府信息公开申请0件。"),
            [(NewReceived, 0.0)]
        );
        assert_eq!(
            certain("本年度未收到政府信息公开申请。"),
            [(NewReceived, 0.0)]
        );
    }

    #[test]
    fn a_sentence_with_two_figures_gives_two_statements() {
        assert_eq!(
            certain("本年新收政府信息公开申请8件，上年结转2件。"),
            [(NewReceived, 8.0), (CarriedOver, 2.0)]
        );
        assert_eq!(
            certain("收到政府信息公开申请8件，已办结7件，结转下年度继续办理1件。"),
            [(NewReceived, 8.0), (Handled, 7.0), (CarriedForward, 1.0)]
        );
        assert_eq!(
            certain("收到政府信息公开申请8件，其余2件结转下年度办理。"),
            [(NewReceived, 8.0), (CarriedForward, 2.0)]
        );
    }

    #[test]
    fn reviews_and_litigation() {
        assert_eq!(
            certain("发生政府信息公开行政复议案件2起，行政诉讼1起。"),
            [(AdministrativeReview, 2.0), (Litigation, 1.0)]
        );
        assert_eq!(
            certain("因政府信息公开被申请行政复议三件、直接起诉一件。"),
            [(AdministrativeReview, 3.0), (LitigationDirect, 1.0)]
        );
        assert_eq!(
            certain("政府信息公开行政复议、行政诉讼各1件。"),
            [(AdministrativeReview, 1.0), (Litigation, 1.0)]
        );
        assert_eq!(
            certain("本年度未发生政府信息公开行政复议。"),
            [(AdministrativeReview, 0.0)]
        );
        assert_eq!(
            certain("无涉及政府信息公开申请的行政复议、行政诉讼、投诉的情况。"),
            [(AdministrativeReview, 0.0), (Litigation, 0.0)]
        );
        assert_eq!(
            certain("因政府信息公开引起的行政复议和行政诉讼均为0。"),
            [(AdministrativeReview, 0.0), (Litigation, 0.0)]
        );
        // Whose figure `1件` is, the sentence does not say.
        assert!(read("政府信息公开行政复议、行政诉讼1件。").is_empty());
    }

    #[test]
    fn documents_issued() {
        assert_eq!(
            certain("本年度制发行政规范性文件3件。"),
            [(
                Documents(ProactiveItem::NormativeDocuments, Action::Made),
                3.0
            )]
        );
        // Filed for the record: another count.
        assert!(read("向区人大报送备案规范性文件5件。").is_empty());
        assert_eq!(
            doubtful("制定并报送备案规范性文件5件。"),
            [(
                Documents(ProactiveItem::NormativeDocuments, Action::Made),
                5.0
            )]
        );
        assert!(read("制定规章制度5项。").is_empty());
    }

    #[test]
    fn figures_not_bound_to_the_words_are_not_read() {
        // Across a comma, with other words between, another matter.
        assert!(read("收到政府信息公开申请，共8件。").is_empty());
        assert!(read("收到政府信息公开申请的答复时间平均5个工作日。").is_empty());
        // Under the applications heading, a sentence about a hotline is
        // read, but is no finding.
        assert_eq!(
            doubtful("2022年，转办县长热线47件，按期办结47件，办结率100%。"),
            [(Handled, 47.0)]
        );
        assert!(read("与有关部门一起研究行政复议。").is_empty());
        assert!(read("办结率100%。").is_empty());
        // A request for review is no application for information.
        assert_eq!(
            certain("本年度收到政府信息公开行政复议申请2件。"),
            [(AdministrativeReview, 2.0)]
        );
    }

    #[test]
    fn scope_cues_make_a_statement_uncertain() {
        // A part of the whole.
        let found = read("收到政府信息公开申请8件，其中依申请公开收到申请5件。");
        assert_eq!(found[0], (NewReceived, 8.0, None));
        assert_eq!(found[1].2.as_deref(), Some("scope cue 其中"));
        let found = read("收到政府信息公开申请8件，其中，当面受理申请5件。");
        assert_eq!(found[1].2.as_deref(), Some("a part (after 其中)"));
        assert_eq!(
            doubtful("通过网上收到政府信息公开申请5件。"),
            [(NewReceived, 5.0)]
        );
        // Counted in another unit, over several years, approximately.
        assert_eq!(
            doubtful("收到政府信息公开申请5件次。"),
            [(NewReceived, 5.0)]
        );
        assert_eq!(
            doubtful("2021年收到政府信息公开申请5件。"),
            [(NewReceived, 5.0)]
        );
        assert_eq!(
            doubtful("累计收到政府信息公开申请50件。"),
            [(NewReceived, 50.0)]
        );
        assert_eq!(
            doubtful("收到政府信息公开申请约30件。"),
            [(NewReceived, 30.0)]
        );
        assert_eq!(
            doubtful("收到政府信息公开申请30余件。"),
            [(NewReceived, 30.0)]
        );
        // A count including carried-over ones.
        assert_eq!(
            doubtful("共受理政府信息公开申请10件（含上年结转2件）。")[..1],
            [(NewReceived, 10.0)]
        );
        // An outcome of reviews, not their number.
        assert!(read("政府信息公开行政复议被纠错1件。").is_empty());
        assert_eq!(
            doubtful("未发生政府信息公开行政复议被纠错的情况。"),
            [(AdministrativeReview, 0.0)]
        );
        // Two targets' words before one figure.
        assert_eq!(
            doubtful("办结上年结转政府信息公开申请2件。"),
            [(CarriedOver, 2.0)]
        );
    }

    #[test]
    fn statements_need_their_topic_to_be_certain() {
        let elsewhere = Setting {
            headings: "总体情况",
            year: Some(2022),
        };
        let found = statements("本年度办理行政复议案件120件。", elsewhere);
        assert_eq!(found.len(), 1);
        assert!(found[0].doubt.is_some());
        // An organ that decides reviews counts them all.
        let found = statements("本年度本机关作为复议机关共收到行政复议申请58件。", HEADING);
        assert!(found[0].doubt.is_some(), "{found:?}");
        let review_section = Setting {
            headings: "政府信息公开行政复议、行政诉讼情况",
            year: Some(2022),
        };
        let found = statements("本年度未发生行政复议。", review_section);
        assert_eq!(found[0].doubt, None);
        // 办结 outside requests is not read at all.
        assert!(statements("按期办结47件。", elsewhere).is_empty());
    }

    #[test]
    fn phrasings_reports_use() {
        assert_eq!(
            certain(
                "2022年，共收到政府信息公开申请15件，其中当面申请3件，网络申请12件；\
                 上年结转2件。全部按时办结，结转下年度0件。"
            ),
            [
                (NewReceived, 15.0),
                (CarriedOver, 2.0),
                (CarriedForward, 0.0)
            ]
        );
        assert_eq!(
            certain("办结政府信息公开申请16件，1件结转至下年度。"),
            [(Handled, 16.0), (CarriedForward, 1.0)]
        );
        assert_eq!(
            certain("全年受理依申请公开2件，较上年增长20%。"),
            [(NewReceived, 2.0)]
        );
        assert_eq!(
            certain("2022年共收到政府信息公开申请12件，比2021年的8件增加4件。"),
            [(NewReceived, 12.0)]
        );
        assert_eq!(
            certain("未收到对本机关政府信息公开工作的投诉、举报，也未发生行政复议和行政诉讼。"),
            [(AdministrativeReview, 0.0), (Litigation, 0.0)]
        );
        assert_eq!(
            doubtful("全区各部门共收到政府信息公开申请150件。"),
            [(NewReceived, 150.0)]
        );
        // The applications counted with the carried-over ones are not read.
        assert_eq!(
            doubtful("本年度共办理政府信息公开申请17件（含上年结转2件）。"),
            [(CarriedOver, 2.0)]
        );
    }

    #[test]
    fn quotes_are_the_sentence_at_most_200_characters() {
        let long = format!("{}，收到政府信息公开申请8件", "很".repeat(300));
        let found = statements(&long, HEADING);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].quote.chars().count(), QUOTE_CHARS);
        assert!(found[0].quote.ends_with("申请8件"));
        assert_eq!(found[0].stated, "收到政府信息公开申请8件");
    }

    #[test]
    fn keyword_starts_are_the_keywords_first_characters() {
        let mut firsts: Vec<char> = KEYWORDS.iter().map(|w| w.chars().next().unwrap()).collect();
        firsts.dedup();
        let mut starts = KEYWORD_STARTS.to_vec();
        starts.sort_unstable();
        firsts.sort_unstable();
        firsts.dedup();
        assert_eq!(firsts, starts);
        assert!(mentions_keyword("本年共收到政府信息公开申请8件"));
        assert!(!mentions_keyword("加强培训，技术支持"));
    }
}
