//! The statistics keys of the annual-report profile, in the order of the
//! output contract (`../shared/CONTRACT.md`), with the labels the national
//! templates print for them. The CSV writer's columns follow this order.

/// Applicant columns of the application table, left to right.
pub const APPLICANT_COLUMNS: [(&str, &str); 7] = [
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("public_interest_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
];

/// Rows of the application table: key and the label the template prints.
pub const APPLICATION_ROWS: [(&str, &str); 26] = [
    ("new_received", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("result.disclosed", "(一)予以公开"),
    ("result.partially_disclosed", "(二)部分公开"),
    (
        "result.withheld.state_secret",
        "(三)不予公开 1.属于国家秘密",
    ),
    (
        "result.withheld.prohibited_by_law",
        "(三)不予公开 2.其他法律行政法规禁止公开",
    ),
    (
        "result.withheld.security_stability",
        "(三)不予公开 3.危及“三安全一稳定”",
    ),
    (
        "result.withheld.third_party_rights",
        "(三)不予公开 4.保护第三方合法权益",
    ),
    (
        "result.withheld.internal_affairs",
        "(三)不予公开 5.属于三类内部事务信息",
    ),
    (
        "result.withheld.process_info",
        "(三)不予公开 6.属于四类过程性信息",
    ),
    (
        "result.withheld.enforcement_files",
        "(三)不予公开 7.属于行政执法案卷",
    ),
    (
        "result.withheld.query_matters",
        "(三)不予公开 8.属于行政查询事项",
    ),
    (
        "result.unavailable.not_held",
        "(四)无法提供 1.本机关不掌握相关政府信息",
    ),
    (
        "result.unavailable.needs_creation",
        "(四)无法提供 2.没有现成信息需要另行制作",
    ),
    (
        "result.unavailable.unclear_after_correction",
        "(四)无法提供 3.补正后申请内容仍不明确",
    ),
    (
        "result.not_processed.petition",
        "(五)不予处理 1.信访举报投诉类申请",
    ),
    ("result.not_processed.duplicate", "(五)不予处理 2.重复申请"),
    (
        "result.not_processed.publication",
        "(五)不予处理 3.要求提供公开出版物",
    ),
    (
        "result.not_processed.excessive",
        "(五)不予处理 4.无正当理由大量反复申请",
    ),
    (
        "result.not_processed.confirmation",
        "(五)不予处理 5.要求行政机关确认或重新出具已获取信息",
    ),
    (
        "result.other.no_correction",
        "(六)其他处理 1.申请人无正当理由逾期不补正",
    ),
    (
        "result.other.no_fee",
        "(六)其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    ),
    ("result.other.other", "(六)其他处理 3.其他"),
    ("result.other", "(六)其他处理"),
    ("result.total", "(七)总计"),
    ("carried_forward", "四、结转下年度继续办理"),
];

/// Groups of the review and litigation table, left to right.
pub const REVIEW_GROUPS: [(&str, &str); 3] = [
    ("administrative_review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
];

/// Outcomes within each review group, left to right.
pub const REVIEW_OUTCOMES: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// Proactive-disclosure keys: the contract's 2021 items first, then the
/// 2019 template's columns (documented in `docs/schema.md`).
pub const PROACTIVE_KEYS: [&str; 29] = [
    "proactive.rules.issued",
    "proactive.rules.repealed",
    "proactive.rules.in_force",
    "proactive.normative_documents.issued",
    "proactive.normative_documents.repealed",
    "proactive.normative_documents.in_force",
    "proactive.licensing.decisions",
    "proactive.penalty.decisions",
    "proactive.enforcement.decisions",
    "proactive.fees.amount",
    "proactive.rules.new_made",
    "proactive.rules.new_published",
    "proactive.rules.total_published",
    "proactive.normative_documents.new_made",
    "proactive.normative_documents.new_published",
    "proactive.normative_documents.total_published",
    "proactive.licensing.previous_items",
    "proactive.licensing.change",
    "proactive.other_services.previous_items",
    "proactive.other_services.change",
    "proactive.other_services.decisions",
    "proactive.penalty.previous_items",
    "proactive.penalty.change",
    "proactive.enforcement.previous_items",
    "proactive.enforcement.change",
    "proactive.fees.previous_items",
    "proactive.fees.change",
    "proactive.procurement.items",
    "proactive.procurement.amount",
];

/// Every statistics key in output order: applications (row by row), then
/// reviews, then proactive disclosure.
pub fn all_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        for (row, _) in APPLICATION_ROWS {
            for (column, _) in APPLICANT_COLUMNS {
                keys.push(format!("applications.{row}.{column}"));
            }
        }
        for (group, _) in REVIEW_GROUPS {
            for (outcome, _) in REVIEW_OUTCOMES {
                keys.push(format!("reviews.{group}.{outcome}"));
            }
        }
        keys.extend(PROACTIVE_KEYS.iter().map(|k| k.to_string()));
        keys
    })
}

/// `applications.<row>.<column>` as a static string.
pub fn application_key(row: &str, column: &str) -> &'static str {
    let r = APPLICATION_ROWS.iter().position(|(k, _)| *k == row);
    let c = APPLICANT_COLUMNS.iter().position(|(k, _)| *k == column);
    match (r, c) {
        (Some(r), Some(c)) => &all_keys()[r * APPLICANT_COLUMNS.len() + c],
        _ => "",
    }
}

/// `reviews.<group>.<outcome>` as a static string.
pub fn review_key(group: &str, outcome: &str) -> &'static str {
    let g = REVIEW_GROUPS.iter().position(|(k, _)| *k == group);
    let o = REVIEW_OUTCOMES.iter().position(|(k, _)| *k == outcome);
    match (g, o) {
        (Some(g), Some(o)) => {
            let first = APPLICATION_ROWS.len() * APPLICANT_COLUMNS.len();
            &all_keys()[first + g * REVIEW_OUTCOMES.len() + o]
        }
        _ => "",
    }
}

/// The printed label of an application row key.
pub fn application_row_label(row: &str) -> &'static str {
    APPLICATION_ROWS
        .iter()
        .find(|(k, _)| *k == row)
        .map_or("", |(_, l)| l)
}

/// The printed label of an applicant column key.
pub fn applicant_column_label(column: &str) -> &'static str {
    APPLICANT_COLUMNS
        .iter()
        .find(|(k, _)| *k == column)
        .map_or("", |(_, l)| l)
}
