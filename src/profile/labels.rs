//! Matches the labels reports print to the template's rows and columns,
//! tolerant of how exports and authors vary them: with or without
//! numbering, full- or half-width brackets, spaces inside (`自 然 人`),
//! quotes of any kind, misprints that keep a distinctive word.

use super::keys::{
    ApplicantColumn, ApplicationRow, ProactiveItem, ProactiveMeasure, ReviewGroup, ReviewOutcome,
};
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

    /// Sub-rows in template order, each with words that identify it.
    fn children(self) -> &'static [(ApplicationRow, &'static [&'static str])] {
        use ApplicationRow as R;
        match self {
            Group::Withheld => &[
                (R::WithheldStateSecret, &["国家秘密"]),
                (
                    R::WithheldProhibitedByLaw,
                    &["其他法律", "禁止公开", "行政法规"],
                ),
                (R::WithheldSecurityStability, &["三安全", "一稳定"]),
                (R::WithheldThirdPartyRights, &["第三方"]),
                (R::WithheldInternalAffairs, &["内部事务"]),
                (R::WithheldProcessInfo, &["过程性"]),
                (R::WithheldEnforcementFiles, &["执法案卷"]),
                (R::WithheldQueryMatters, &["查询事项"]),
            ],
            Group::Unavailable => &[
                (R::UnavailableNotHeld, &["不掌握"]),
                (R::UnavailableNeedsCreation, &["另行制作", "没有现成"]),
                (
                    R::UnavailableUnclearAfterCorrection,
                    &["补正后", "仍不明确"],
                ),
            ],
            Group::NotProcessed => &[
                (R::NotProcessedPetition, &["信访", "举报投诉"]),
                (R::NotProcessedDuplicate, &["重复申请"]),
                (R::NotProcessedPublication, &["出版物"]),
                (R::NotProcessedExcessive, &["大量反复"]),
                (R::NotProcessedConfirmation, &["确认或重新出具", "重新出具"]),
            ],
            Group::Other => &[
                (R::OtherNoCorrection, &["不补正"]),
                (R::OtherNoFee, &["缴纳费用", "收费通知"]),
                (R::OtherOther, &["其他"]),
            ],
        }
    }

    /// The group and row that a sub-row's distinctive words name,
    /// whatever group the rows above were in (a sub-row whose group label
    /// was lost must not be read as a sub-row of the group before). `其他`
    /// alone names nothing: every group could have one.
    pub fn identify_child(label: &str) -> Option<(Group, ApplicationRow)> {
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
                .map(|(row, _)| (group, *row))
        })
    }

    /// The row of a sub-row: by its distinctive words, else by its
    /// numbering (a misprinted `2.其他法律行政止公开` is still the second).
    pub fn child_key(self, label: &str) -> Option<ApplicationRow> {
        let normalized = normalize(label);
        let children = self.children();
        let by_words = children
            .iter()
            .find(|(_, words)| words.iter().any(|w| normalized.contains(w)))
            .map(|(row, _)| *row);
        let by_number = numbered(label)
            .filter(|(style, _)| {
                matches!(
                    style,
                    Style::ArabicDot | Style::ArabicParen | Style::Circled
                )
            })
            .and_then(|(_, ordinal)| children.get(ordinal.checked_sub(1)? as usize))
            .map(|(row, _)| *row);
        // `3.其他` matches both ways; a number that disagrees with the words
        // is a misprint of the number, so the words win.
        by_words.or(by_number)
    }
}

/// A row of the application table that is not a sub-row of a group.
pub fn top_level_row(label: &str) -> Option<ApplicationRow> {
    let label = normalize(label);
    let rows: [(ApplicationRow, &[&str]); 6] = [
        (ApplicationRow::NewReceived, &["本年新收"]),
        (ApplicationRow::CarriedOver, &["上年结转"]),
        (ApplicationRow::CarriedForward, &["结转下年", "下年度继续"]),
        (ApplicationRow::Disclosed, &["予以公开"]),
        (ApplicationRow::PartiallyDisclosed, &["部分公开"]),
        (ApplicationRow::Total, &["总计", "合计"]),
    ];
    rows.iter()
        .find(|(_, words)| words.iter().any(|w| label.contains(w)))
        .map(|(row, _)| *row)
}

/// The applicant column a header label names.
pub fn applicant_column(label: &str) -> Option<ApplicantColumn> {
    use ApplicantColumn as C;
    let label = normalize(label);
    let columns: [(ApplicantColumn, &[&str]); 7] = [
        (C::NaturalPerson, &["自然人"]),
        (C::CommercialEnterprise, &["商业企业", "企业"]),
        (C::ResearchInstitution, &["科研机构", "科研"]),
        (C::PublicInterestOrg, &["社会公益", "公益组织"]),
        (C::LegalServiceOrg, &["法律服务"]),
        (C::Total, &["总计", "合计"]),
        (C::OtherOrg, &["其他"]),
    ];
    columns
        .iter()
        .find(|(_, words)| words.iter().any(|w| label.contains(w)))
        .map(|(column, _)| *column)
}

/// The review group a header label names.
pub fn review_group(label: &str) -> Option<ReviewGroup> {
    let label = normalize(label);
    if label.contains("未经复议") || label.contains("直接起诉") {
        Some(ReviewGroup::LitigationDirect)
    } else if label.contains("复议后") {
        Some(ReviewGroup::LitigationAfterReview)
    } else if label.contains("行政复议") {
        Some(ReviewGroup::AdministrativeReview)
    } else {
        None
    }
}

/// The review outcome a header label names. Truncated labels (`结果`,
/// `其他`, `尚未`) are resolved by position by the caller.
pub fn review_outcome(label: &str) -> Option<ReviewOutcome> {
    let label = normalize(label);
    [
        (ReviewOutcome::Upheld, "维持"),
        (ReviewOutcome::Corrected, "纠正"),
        (ReviewOutcome::Other, "其他"),
        (ReviewOutcome::Pending, "尚未"),
        (ReviewOutcome::Total, "总计"),
    ]
    .iter()
    .find(|(_, word)| label.contains(word))
    .map(|(outcome, _)| *outcome)
}

/// The proactive-disclosure item a row label names.
pub fn proactive_item(label: &str) -> Option<ProactiveItem> {
    use ProactiveItem as I;
    let label = normalize(label);
    let items: [(ProactiveItem, &str); 8] = [
        (I::NormativeDocuments, "规范性文件"),
        (I::Rules, "规章"),
        (I::Licensing, "行政许可"),
        (I::OtherServices, "其他对外管理服务"),
        (I::Penalty, "行政处罚"),
        (I::Enforcement, "行政强制"),
        (I::Fees, "行政事业性收费"),
        (I::Procurement, "政府集中采购"),
    ];
    items
        .iter()
        .find(|(_, word)| label.contains(word))
        .map(|(item, _)| *item)
}

/// The measures a run of column headers names (`本年制发件数本年废止件数
/// 现行有效件数`), in the order they stand.
pub fn proactive_measures_in(text: &str) -> Vec<ProactiveMeasure> {
    let text = normalize(text);
    let mut found: Vec<(usize, usize, ProactiveMeasure)> = Vec::new();
    for (measure, word) in MEASURES {
        let mut from = 0;
        while let Some(at) = text[from..].find(word) {
            let start = from + at;
            found.push((start, start + word.len(), measure));
            from = start + word.len();
        }
    }
    // Earlier first; of two words at one place, the longer (`总金额`).
    found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out: Vec<ProactiveMeasure> = Vec::new();
    let mut covered = 0;
    for (start, end, measure) in found {
        if start >= covered {
            out.push(measure);
            covered = end;
        }
    }
    out
}

/// Words that name each measure in a column header.
const MEASURES: [(ProactiveMeasure, &str); 12] = {
    use ProactiveMeasure as M;
    [
        (M::Issued, "制发"),
        (M::Repealed, "废止"),
        (M::InForce, "现行有效"),
        (M::Amount, "金额"),
        (M::NewMade, "新制作"),
        (M::NewPublished, "新公开"),
        (M::TotalPublished, "公开总数"),
        (M::PreviousItems, "上一年"),
        (M::Change, "增"),
        (M::Decisions, "处理决定"),
        (M::Items, "采购项目"),
        (M::Amount, "总金额"),
    ]
};

/// The proactive-disclosure measure a column header names.
pub fn proactive_measure(label: &str) -> Option<ProactiveMeasure> {
    let label = normalize(label);
    MEASURES
        .iter()
        .find(|(_, word)| label.contains(word))
        .map(|(measure, _)| *measure)
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
            assert_eq!(
                top_level_row(label),
                Some(ApplicationRow::NewReceived),
                "{label}"
            );
        }
        assert_eq!(
            top_level_row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            Some(ApplicationRow::PartiallyDisclosed)
        );
        assert_eq!(top_level_row("(七)总计"), Some(ApplicationRow::Total));
        assert_eq!(Group::of("（三）不予公开"), Some(Group::Withheld));
        assert_eq!(
            Group::Withheld.child_key("3.危及‘三安全一稳定’"),
            Some(ApplicationRow::WithheldSecurityStability)
        );
        assert_eq!(
            Group::Withheld.child_key("3.危及\"三安全 一稳定\""),
            Some(ApplicationRow::WithheldSecurityStability)
        );
        // A misprint that lost the distinctive words still has its number.
        assert_eq!(
            Group::Withheld.child_key("2.其他法律行政止公开"),
            Some(ApplicationRow::WithheldProhibitedByLaw)
        );
        assert_eq!(
            Group::Withheld.child_key("7.属于行政案卷"),
            Some(ApplicationRow::WithheldEnforcementFiles)
        );
        assert_eq!(
            Group::Other.child_key("3.其他"),
            Some(ApplicationRow::OtherOther)
        );
        assert_eq!(
            applicant_column("自 然 人"),
            Some(ApplicantColumn::NaturalPerson)
        );
        assert_eq!(
            applicant_column("商业 企业"),
            Some(ApplicantColumn::CommercialEnterprise)
        );
        assert_eq!(applicant_column("其他"), Some(ApplicantColumn::OtherOrg));
        assert_eq!(review_outcome("结果 纠正"), Some(ReviewOutcome::Corrected));
        assert_eq!(
            review_group("未经复议直接起诉"),
            Some(ReviewGroup::LitigationDirect)
        );
        assert_eq!(
            proactive_item("行政规范性文件"),
            Some(ProactiveItem::NormativeDocuments)
        );
        assert_eq!(
            proactive_measure("本年收费金额(单位:万元)"),
            Some(ProactiveMeasure::Amount)
        );
        assert_eq!(
            proactive_measure("本年增/减"),
            Some(ProactiveMeasure::Change)
        );
    }
}
