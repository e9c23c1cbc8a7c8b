//! Matches the labels reports print to the template's rows and columns,
//! tolerant of how exports and authors vary them: with or without
//! numbering, full- or half-width brackets, spaces inside (`自 然 人`),
//! quotes of any kind, misprints that keep a distinctive word.

use crate::numbering::{self, Style};

/// A label reduced to what identifies it: no numbering, no white space, no
/// quotes, half-width brackets.
pub fn normalize(text: &str) -> String {
    let text = text.trim();
    let rest = numbering::parse(text).map_or(text, |n| n.rest);
    rest.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '『' | '』'
                )
        })
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// The numbering style and ordinal of a label, if it has one.
pub fn numbered(text: &str) -> Option<(Style, u32)> {
    numbering::parse(text.trim()).map(|n| (n.style, n.ordinal))
}

/// The sub-groups of 三、本年度办理结果 that have numbered sub-rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Withheld,
    Unavailable,
    NotProcessed,
    Other,
}

impl Group {
    pub fn of(label: &str) -> Option<Group> {
        let label = normalize(label);
        if label.contains("不予公开") {
            Some(Group::Withheld)
        } else if label.contains("无法提供") {
            Some(Group::Unavailable)
        } else if label.contains("不予处理") {
            Some(Group::NotProcessed)
        } else if label.contains("其他处理") {
            Some(Group::Other)
        } else {
            None
        }
    }

    /// Sub-row keys in template order, each with words that identify it.
    fn children(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Group::Withheld => &[
                ("result.withheld.state_secret", &["国家秘密"]),
                (
                    "result.withheld.prohibited_by_law",
                    &["其他法律", "禁止公开", "行政法规"],
                ),
                ("result.withheld.security_stability", &["三安全", "一稳定"]),
                ("result.withheld.third_party_rights", &["第三方"]),
                ("result.withheld.internal_affairs", &["内部事务"]),
                ("result.withheld.process_info", &["过程性"]),
                ("result.withheld.enforcement_files", &["执法案卷"]),
                ("result.withheld.query_matters", &["查询事项"]),
            ],
            Group::Unavailable => &[
                ("result.unavailable.not_held", &["不掌握"]),
                (
                    "result.unavailable.needs_creation",
                    &["另行制作", "没有现成"],
                ),
                (
                    "result.unavailable.unclear_after_correction",
                    &["补正后", "仍不明确"],
                ),
            ],
            Group::NotProcessed => &[
                ("result.not_processed.petition", &["信访", "举报投诉"]),
                ("result.not_processed.duplicate", &["重复申请"]),
                ("result.not_processed.publication", &["出版物"]),
                ("result.not_processed.excessive", &["大量反复"]),
                (
                    "result.not_processed.confirmation",
                    &["确认或重新出具", "重新出具"],
                ),
            ],
            Group::Other => &[
                ("result.other.no_correction", &["不补正"]),
                ("result.other.no_fee", &["缴纳费用", "收费通知"]),
                ("result.other.other", &["其他"]),
            ],
        }
    }

    /// The group and row key that a sub-row's distinctive words name,
    /// whatever group the rows above were in (a sub-row whose group label
    /// was lost must not be read as a sub-row of the group before). `其他`
    /// alone names nothing: every group could have one.
    pub fn identify_child(label: &str) -> Option<(Group, &'static str)> {
        let normalized = normalize(label);
        [
            Group::Withheld,
            Group::Unavailable,
            Group::NotProcessed,
            Group::Other,
        ]
        .into_iter()
        .find_map(|group| {
            group
                .children()
                .iter()
                .find(|(_, words)| words.iter().any(|w| *w != "其他" && normalized.contains(w)))
                .map(|(key, _)| (group, *key))
        })
    }

    /// The row key of a sub-row: by its distinctive words, else by its
    /// numbering (a misprinted `2.其他法律行政止公开` is still the second).
    pub fn child_key(self, label: &str) -> Option<&'static str> {
        let normalized = normalize(label);
        let children = self.children();
        let by_words = children
            .iter()
            .find(|(_, words)| words.iter().any(|w| normalized.contains(w)))
            .map(|(key, _)| *key);
        let by_number = numbered(label)
            .filter(|(style, _)| {
                matches!(
                    style,
                    Style::ArabicDot | Style::ArabicParen | Style::Circled
                )
            })
            .and_then(|(_, ordinal)| children.get(ordinal.checked_sub(1)? as usize))
            .map(|(key, _)| *key);
        // `3.其他` matches both ways; a number that disagrees with the words
        // is a misprint of the number, so the words win.
        by_words.or(by_number)
    }
}

/// A row of the application table that is not a sub-row of a group.
pub fn top_level_row(label: &str) -> Option<&'static str> {
    let label = normalize(label);
    let rows: [(&str, &[&str]); 6] = [
        ("new_received", &["本年新收"]),
        ("carried_over", &["上年结转"]),
        ("carried_forward", &["结转下年", "下年度继续"]),
        ("result.disclosed", &["予以公开"]),
        ("result.partially_disclosed", &["部分公开"]),
        ("result.total", &["总计", "合计"]),
    ];
    rows.iter()
        .find(|(_, words)| words.iter().any(|w| label.contains(w)))
        .map(|(key, _)| *key)
}

/// The applicant column a header label names.
pub fn applicant_column(label: &str) -> Option<&'static str> {
    let label = normalize(label);
    let columns: [(&str, &[&str]); 7] = [
        ("natural_person", &["自然人"]),
        ("commercial_enterprise", &["商业企业", "企业"]),
        ("research_institution", &["科研机构", "科研"]),
        ("public_interest_org", &["社会公益", "公益组织"]),
        ("legal_service_org", &["法律服务"]),
        ("total", &["总计", "合计"]),
        ("other_org", &["其他"]),
    ];
    columns
        .iter()
        .find(|(_, words)| words.iter().any(|w| label.contains(w)))
        .map(|(key, _)| *key)
}

/// The review group a header label names.
pub fn review_group(label: &str) -> Option<&'static str> {
    let label = normalize(label);
    if label.contains("未经复议") || label.contains("直接起诉") {
        Some("litigation_direct")
    } else if label.contains("复议后") {
        Some("litigation_after_review")
    } else if label.contains("行政复议") {
        Some("administrative_review")
    } else {
        None
    }
}

/// The review outcome a header label names. Truncated labels (`结果`,
/// `其他`, `尚未`) are resolved by position by the caller.
pub fn review_outcome(label: &str) -> Option<&'static str> {
    let label = normalize(label);
    [
        ("upheld", "维持"),
        ("corrected", "纠正"),
        ("other", "其他"),
        ("pending", "尚未"),
        ("total", "总计"),
    ]
    .iter()
    .find(|(_, word)| label.contains(word))
    .map(|(key, _)| *key)
}

/// The proactive-disclosure item a row label names.
pub fn proactive_item(label: &str) -> Option<&'static str> {
    let label = normalize(label);
    let items: [(&str, &str); 8] = [
        ("normative_documents", "规范性文件"),
        ("rules", "规章"),
        ("licensing", "行政许可"),
        ("other_services", "其他对外管理服务"),
        ("penalty", "行政处罚"),
        ("enforcement", "行政强制"),
        ("fees", "行政事业性收费"),
        ("procurement", "政府集中采购"),
    ];
    items
        .iter()
        .find(|(_, word)| label.contains(word))
        .map(|(key, _)| *key)
}

/// The measures a run of column headers names (`本年制发件数本年废止件数
/// 现行有效件数`), in the order they stand.
pub fn proactive_measures_in(text: &str) -> Vec<&'static str> {
    let text = normalize(text);
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    for (key, word) in MEASURES {
        let mut from = 0;
        while let Some(at) = text[from..].find(word) {
            let start = from + at;
            found.push((start, start + word.len(), key));
            from = start + word.len();
        }
    }
    // Earlier first; of two words at one place, the longer (`总金额`).
    found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out: Vec<&'static str> = Vec::new();
    let mut covered = 0;
    for (start, end, key) in found {
        if start >= covered {
            out.push(key);
            covered = end;
        }
    }
    out
}

const MEASURES: [(&str, &str); 12] = [
    ("issued", "制发"),
    ("repealed", "废止"),
    ("in_force", "现行有效"),
    ("amount", "金额"),
    ("new_made", "新制作"),
    ("new_published", "新公开"),
    ("total_published", "公开总数"),
    ("previous_items", "上一年"),
    ("change", "增"),
    ("decisions", "处理决定"),
    ("items", "采购项目"),
    ("amount", "总金额"),
];

/// The proactive-disclosure measure a column header names.
pub fn proactive_measure(label: &str) -> Option<&'static str> {
    let label = normalize(label);
    MEASURES
        .iter()
        .find(|(_, word)| label.contains(word))
        .map(|(key, _)| *key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_written_in_variant_ways_match() {
        for label in [
            "一、本年新收政府信息公开申请数量",
            "本年新收 政府信息公开申请数量",
            "（一）本年新收政府信息公开申请数量",
        ] {
            assert_eq!(top_level_row(label), Some("new_received"), "{label}");
        }
        assert_eq!(
            top_level_row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            Some("result.partially_disclosed")
        );
        assert_eq!(top_level_row("(七)总计"), Some("result.total"));
        assert_eq!(Group::of("（三）不予公开"), Some(Group::Withheld));
        assert_eq!(
            Group::Withheld.child_key("3.危及‘三安全一稳定’"),
            Some("result.withheld.security_stability")
        );
        assert_eq!(
            Group::Withheld.child_key("3.危及\"三安全 一稳定\""),
            Some("result.withheld.security_stability")
        );
        // A misprint that lost the distinctive words still has its number.
        assert_eq!(
            Group::Withheld.child_key("2.其他法律行政止公开"),
            Some("result.withheld.prohibited_by_law")
        );
        assert_eq!(
            Group::Withheld.child_key("7.属于行政案卷"),
            Some("result.withheld.enforcement_files")
        );
        assert_eq!(Group::Other.child_key("3.其他"), Some("result.other.other"));
        assert_eq!(applicant_column("自 然 人"), Some("natural_person"));
        assert_eq!(applicant_column("商业 企业"), Some("commercial_enterprise"));
        assert_eq!(applicant_column("其他"), Some("other_org"));
        assert_eq!(review_outcome("结果 纠正"), Some("corrected"));
        assert_eq!(review_group("未经复议直接起诉"), Some("litigation_direct"));
        assert_eq!(
            proactive_item("行政规范性文件"),
            Some("normative_documents")
        );
        assert_eq!(proactive_measure("本年收费金额(单位:万元)"), Some("amount"));
        assert_eq!(proactive_measure("本年增/减"), Some("change"));
    }
}
