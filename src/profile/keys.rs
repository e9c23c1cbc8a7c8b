//! The statistics keys of the annual-report profile as types: a key is one
//! of the three tables with a row and a column of the national templates
//! ([`StatKey`]), so a key no template has cannot be built. The dotted form
//! (`applications.result.total.natural_person`) exists only at the edges:
//! [`StatKey::as_str`] writes it (`profile.statistics`, the columns of
//! `docmend stats`) and [`str::parse`] reads it back, rejecting a key the
//! templates do not have with a [`KeyError`]. Keys are ordered as the output
//! contract (`../shared/CONTRACT.md`) lists them; the CSV writer's columns
//! follow that order ([`all_keys`]).

use super::template::Template;
use std::fmt;
use std::str::FromStr;

/// A fixed set of rows or columns of a template table: each with the word
/// its keys use and the label the template prints, in template order.
macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $name:ident {
            $($(#[$variant_doc:meta])* $variant:ident => $key:literal, $label:literal;)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                $(#[$variant_doc])*
                #[doc = concat!("`", $key, "`: ", $label)]
                $variant,
            )+
        }

        impl $name {
            /// Every member, in template order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// How many members there are.
            pub const COUNT: usize = $name::ALL.len();

            /// The word the statistics keys use for it.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key,)+
                }
            }

            /// The label the template prints for it.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The member a key word names.
            pub fn from_key(key: &str) -> Option<$name> {
                match key {
                    $($key => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Its place in template order.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

vocabulary! {
    /// The three tables of the template, by the first word of their keys.
    StatTable {
        /// 三、收到和处理政府信息公开申请情况.
        Applications => "applications", "收到和处理政府信息公开申请情况";
        /// 四、政府信息公开行政复议、行政诉讼情况.
        Reviews => "reviews", "政府信息公开行政复议、行政诉讼情况";
        /// 二、主动公开政府信息情况.
        Proactive => "proactive", "主动公开政府信息情况";
    }
}

impl StatTable {
    /// What the table calls the first part of a key after its name.
    fn row_word(self) -> &'static str {
        match self {
            StatTable::Applications => "row",
            StatTable::Reviews => "group",
            StatTable::Proactive => "item",
        }
    }

    /// What the table calls the last part of a key.
    fn column_word(self) -> &'static str {
        match self {
            StatTable::Applications => "column",
            StatTable::Reviews => "outcome",
            StatTable::Proactive => "measure",
        }
    }
}

vocabulary! {
    /// Applicant columns of the application table, left to right.
    ApplicantColumn {
        NaturalPerson => "natural_person", "自然人";
        CommercialEnterprise => "commercial_enterprise", "商业企业";
        ResearchInstitution => "research_institution", "科研机构";
        PublicInterestOrg => "public_interest_org", "社会公益组织";
        LegalServiceOrg => "legal_service_org", "法律服务机构";
        OtherOrg => "other_org", "其他";
        Total => "total", "总计";
    }
}

impl ApplicantColumn {
    /// The six applicant columns that add up to [`ApplicantColumn::Total`].
    pub const PARTS: &'static [ApplicantColumn] = &[
        ApplicantColumn::NaturalPerson,
        ApplicantColumn::CommercialEnterprise,
        ApplicantColumn::ResearchInstitution,
        ApplicantColumn::PublicInterestOrg,
        ApplicantColumn::LegalServiceOrg,
        ApplicantColumn::OtherOrg,
    ];
}

vocabulary! {
    /// Rows of the application table, top to bottom: both templates' rows,
    /// the 2021 sub-rows of (六)其他处理 before the 2019 row that has none.
    ApplicationRow {
        NewReceived => "new_received", "一、本年新收政府信息公开申请数量";
        CarriedOver => "carried_over", "二、上年结转政府信息公开申请数量";
        Disclosed => "result.disclosed", "(一)予以公开";
        PartiallyDisclosed => "result.partially_disclosed", "(二)部分公开";
        WithheldStateSecret => "result.withheld.state_secret", "(三)不予公开 1.属于国家秘密";
        WithheldProhibitedByLaw => "result.withheld.prohibited_by_law",
            "(三)不予公开 2.其他法律行政法规禁止公开";
        WithheldSecurityStability => "result.withheld.security_stability",
            "(三)不予公开 3.危及“三安全一稳定”";
        WithheldThirdPartyRights => "result.withheld.third_party_rights",
            "(三)不予公开 4.保护第三方合法权益";
        WithheldInternalAffairs => "result.withheld.internal_affairs",
            "(三)不予公开 5.属于三类内部事务信息";
        WithheldProcessInfo => "result.withheld.process_info", "(三)不予公开 6.属于四类过程性信息";
        WithheldEnforcementFiles => "result.withheld.enforcement_files",
            "(三)不予公开 7.属于行政执法案卷";
        WithheldQueryMatters => "result.withheld.query_matters", "(三)不予公开 8.属于行政查询事项";
        UnavailableNotHeld => "result.unavailable.not_held",
            "(四)无法提供 1.本机关不掌握相关政府信息";
        UnavailableNeedsCreation => "result.unavailable.needs_creation",
            "(四)无法提供 2.没有现成信息需要另行制作";
        UnavailableUnclearAfterCorrection => "result.unavailable.unclear_after_correction",
            "(四)无法提供 3.补正后申请内容仍不明确";
        NotProcessedPetition => "result.not_processed.petition", "(五)不予处理 1.信访举报投诉类申请";
        NotProcessedDuplicate => "result.not_processed.duplicate", "(五)不予处理 2.重复申请";
        NotProcessedPublication => "result.not_processed.publication",
            "(五)不予处理 3.要求提供公开出版物";
        NotProcessedExcessive => "result.not_processed.excessive",
            "(五)不予处理 4.无正当理由大量反复申请";
        NotProcessedConfirmation => "result.not_processed.confirmation",
            "(五)不予处理 5.要求行政机关确认或重新出具已获取信息";
        OtherNoCorrection => "result.other.no_correction", "(六)其他处理 1.申请人无正当理由逾期不补正";
        OtherNoFee => "result.other.no_fee", "(六)其他处理 2.申请人逾期未按收费通知要求缴纳费用";
        OtherOther => "result.other.other", "(六)其他处理 3.其他";
        /// (六)其他处理 of the 2019 template, which has no sub-rows.
        Other => "result.other", "(六)其他处理";
        Total => "result.total", "(七)总计";
        CarriedForward => "carried_forward", "四、结转下年度继续办理";
    }
}

impl ApplicationRow {
    /// The one template that has the row; `None` when both have it.
    pub fn only_in(self) -> Option<Template> {
        match self {
            ApplicationRow::OtherNoCorrection
            | ApplicationRow::OtherNoFee
            | ApplicationRow::OtherOther => Some(Template::Y2021),
            ApplicationRow::Other => Some(Template::Y2019),
            _ => None,
        }
    }

    /// A row of 三、本年度办理结果 (`result.*`, including the total).
    pub fn is_result(self) -> bool {
        !matches!(
            self,
            ApplicationRow::NewReceived
                | ApplicationRow::CarriedOver
                | ApplicationRow::CarriedForward
        )
    }
}

vocabulary! {
    /// Groups of the review and litigation table, left to right.
    ReviewGroup {
        AdministrativeReview => "administrative_review", "行政复议";
        LitigationDirect => "litigation_direct", "未经复议直接起诉";
        LitigationAfterReview => "litigation_after_review", "复议后起诉";
    }
}

vocabulary! {
    /// Outcomes within each review group, left to right.
    ReviewOutcome {
        Upheld => "upheld", "结果维持";
        Corrected => "corrected", "结果纠正";
        Other => "other", "其他结果";
        Pending => "pending", "尚未审结";
        Total => "total", "总计";
    }
}

impl ReviewOutcome {
    /// The four outcomes that add up to [`ReviewOutcome::Total`].
    pub const PARTS: &'static [ReviewOutcome] = &[
        ReviewOutcome::Upheld,
        ReviewOutcome::Corrected,
        ReviewOutcome::Other,
        ReviewOutcome::Pending,
    ];
}

vocabulary! {
    /// Items (rows) of the proactive-disclosure table: article 20 of the
    /// regulations.
    ProactiveItem {
        Rules => "rules", "规章";
        NormativeDocuments => "normative_documents", "行政规范性文件";
        Licensing => "licensing", "行政许可";
        OtherServices => "other_services", "其他对外管理服务事项";
        Penalty => "penalty", "行政处罚";
        Enforcement => "enforcement", "行政强制";
        Fees => "fees", "行政事业性收费";
        Procurement => "procurement", "政府集中采购";
    }
}

vocabulary! {
    /// Measures (columns) of the proactive-disclosure table; which item has
    /// which measure is [`ProactiveCell`]'s to say.
    ProactiveMeasure {
        Issued => "issued", "本年制发件数";
        Repealed => "repealed", "本年废止件数";
        InForce => "in_force", "现行有效件数";
        Decisions => "decisions", "处理决定数量";
        Amount => "amount", "金额";
        NewMade => "new_made", "本年新制作数量";
        NewPublished => "new_published", "本年新公开数量";
        TotalPublished => "total_published", "对外公开总数量";
        PreviousItems => "previous_items", "上一年项目数量";
        Change => "change", "本年增/减";
        Items => "items", "采购项目数量";
    }
}

/// The cells of the proactive-disclosure table that a template has, in
/// output order: the contract's 2021 items first, then the 2019 template's
/// columns (documented in `docs/schema.md`); with the one template that has
/// each (`None`: both).
const PROACTIVE_CELLS: [(ProactiveItem, ProactiveMeasure, Option<Template>); 29] = {
    use ProactiveItem as I;
    use ProactiveMeasure as M;
    const Y2019: Option<Template> = Some(Template::Y2019);
    const Y2021: Option<Template> = Some(Template::Y2021);
    [
        (I::Rules, M::Issued, Y2021),
        (I::Rules, M::Repealed, Y2021),
        (I::Rules, M::InForce, Y2021),
        (I::NormativeDocuments, M::Issued, Y2021),
        (I::NormativeDocuments, M::Repealed, Y2021),
        (I::NormativeDocuments, M::InForce, Y2021),
        (I::Licensing, M::Decisions, None),
        (I::Penalty, M::Decisions, None),
        (I::Enforcement, M::Decisions, None),
        (I::Fees, M::Amount, Y2021),
        (I::Rules, M::NewMade, Y2019),
        (I::Rules, M::NewPublished, Y2019),
        (I::Rules, M::TotalPublished, Y2019),
        (I::NormativeDocuments, M::NewMade, Y2019),
        (I::NormativeDocuments, M::NewPublished, Y2019),
        (I::NormativeDocuments, M::TotalPublished, Y2019),
        (I::Licensing, M::PreviousItems, Y2019),
        (I::Licensing, M::Change, Y2019),
        (I::OtherServices, M::PreviousItems, Y2019),
        (I::OtherServices, M::Change, Y2019),
        (I::OtherServices, M::Decisions, Y2019),
        (I::Penalty, M::PreviousItems, Y2019),
        (I::Penalty, M::Change, Y2019),
        (I::Enforcement, M::PreviousItems, Y2019),
        (I::Enforcement, M::Change, Y2019),
        (I::Fees, M::PreviousItems, Y2019),
        (I::Fees, M::Change, Y2019),
        (I::Procurement, M::Items, Y2019),
        (I::Procurement, M::Amount, Y2019),
    ]
};

/// An item and a measure of the proactive-disclosure table that a template
/// has: [`ProactiveCell::new`] is the only way to make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProactiveCell(u8);

impl ProactiveCell {
    /// How many cells the templates have.
    pub const COUNT: usize = PROACTIVE_CELLS.len();

    /// The cell of `item` under `measure`, or an error when no template
    /// has that measure for that item (`行政许可` under `本年制发件数`).
    pub fn new(item: ProactiveItem, measure: ProactiveMeasure) -> Result<ProactiveCell, KeyError> {
        PROACTIVE_CELLS
            .iter()
            .position(|&(i, m, _)| i == item && m == measure)
            .map(|index| ProactiveCell(index as u8))
            .ok_or(KeyError::NotInAnyTemplate { item, measure })
    }

    /// Every cell, in output order.
    pub fn all() -> impl Iterator<Item = ProactiveCell> {
        (0..PROACTIVE_CELLS.len()).map(|index| ProactiveCell(index as u8))
    }

    /// The cell's item (its row).
    pub fn item(self) -> ProactiveItem {
        PROACTIVE_CELLS[self.index()].0
    }

    /// The cell's measure (its column).
    pub fn measure(self) -> ProactiveMeasure {
        PROACTIVE_CELLS[self.index()].1
    }

    /// The one template that has the cell; `None` when both have it.
    pub fn only_in(self) -> Option<Template> {
        PROACTIVE_CELLS[self.index()].2
    }

    /// Its place in output order.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A statistics key: a figure of one of the template's three tables.
/// Ordered as the output contract lists the keys: the application table row
/// by row, then the review table, then proactive disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatKey {
    /// `applications.<row>.<column>`.
    Application(ApplicationRow, ApplicantColumn),
    /// `reviews.<group>.<outcome>`.
    Review(ReviewGroup, ReviewOutcome),
    /// `proactive.<item>.<measure>`.
    Proactive(ProactiveCell),
}

const APPLICATION_KEYS: usize = ApplicationRow::COUNT * ApplicantColumn::COUNT;
const REVIEW_KEYS: usize = ReviewGroup::COUNT * ReviewOutcome::COUNT;

impl StatKey {
    /// How many keys there are.
    pub const COUNT: usize = APPLICATION_KEYS + REVIEW_KEYS + ProactiveCell::COUNT;

    /// Every key, in output order.
    pub fn all() -> impl Iterator<Item = StatKey> {
        let applications = ApplicationRow::ALL.iter().flat_map(|&row| {
            ApplicantColumn::ALL
                .iter()
                .map(move |&column| StatKey::Application(row, column))
        });
        let reviews = ReviewGroup::ALL.iter().flat_map(|&group| {
            ReviewOutcome::ALL
                .iter()
                .map(move |&outcome| StatKey::Review(group, outcome))
        });
        applications
            .chain(reviews)
            .chain(ProactiveCell::all().map(StatKey::Proactive))
    }

    /// Its place in output order (`0..StatKey::COUNT`).
    pub fn index(self) -> usize {
        match self {
            StatKey::Application(row, column) => {
                row.index() * ApplicantColumn::COUNT + column.index()
            }
            StatKey::Review(group, outcome) => {
                APPLICATION_KEYS + group.index() * ReviewOutcome::COUNT + outcome.index()
            }
            StatKey::Proactive(cell) => APPLICATION_KEYS + REVIEW_KEYS + cell.index(),
        }
    }

    /// The table the key belongs to.
    pub fn table(self) -> StatTable {
        match self {
            StatKey::Application(..) => StatTable::Applications,
            StatKey::Review(..) => StatTable::Reviews,
            StatKey::Proactive(_) => StatTable::Proactive,
        }
    }

    /// The one template that has the key; `None` when both have it.
    pub fn only_in(self) -> Option<Template> {
        match self {
            StatKey::Application(row, _) => row.only_in(),
            StatKey::Review(..) => None,
            StatKey::Proactive(cell) => cell.only_in(),
        }
    }

    /// Whether `template` has the key.
    pub fn in_template(self, template: Template) -> bool {
        self.only_in().is_none_or(|only| only == template)
    }

    /// The template's words for the key, its row (group, item) and its
    /// column (outcome, measure) as a report prints them:
    /// `一、本年新收政府信息公开申请数量/自然人`. Unique among the keys.
    pub fn label(self) -> String {
        format!("{}/{}", self.row_label(), self.column_label())
    }

    /// The template's words for the key's row: its application row, review
    /// group or proactive item (`一、本年新收政府信息公开申请数量`).
    pub fn row_label(self) -> &'static str {
        match self {
            StatKey::Application(row, _) => row.label(),
            StatKey::Review(group, _) => group.label(),
            StatKey::Proactive(cell) => cell.item().label(),
        }
    }

    /// The template's words for the key's column: its applicant column,
    /// review outcome or proactive measure (`自然人`).
    pub fn column_label(self) -> &'static str {
        match self {
            StatKey::Application(_, column) => column.label(),
            StatKey::Review(_, outcome) => outcome.label(),
            StatKey::Proactive(cell) => cell.measure().label(),
        }
    }

    /// The key's row (group, item) as the dotted form writes it
    /// (`new_received`, `result.withheld.state_secret`).
    pub fn row_key(self) -> &'static str {
        self.parts().1
    }

    /// The key's column (outcome, measure) as the dotted form writes it
    /// (`natural_person`).
    pub fn column_key(self) -> &'static str {
        self.parts().2
    }

    /// The dotted form: `applications.new_received.natural_person`.
    pub fn as_str(self) -> &'static str {
        &all_keys()[self.index()]
    }

    fn parts(self) -> (StatTable, &'static str, &'static str) {
        match self {
            StatKey::Application(row, column) => (StatTable::Applications, row.key(), column.key()),
            StatKey::Review(group, outcome) => (StatTable::Reviews, group.key(), outcome.key()),
            StatKey::Proactive(cell) => (
                StatTable::Proactive,
                cell.item().key(),
                cell.measure().key(),
            ),
        }
    }
}

impl fmt::Display for StatKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The dotted form of every statistics key, in output order: the column
/// headers of `docmend stats`, and the strings [`StatKey::as_str`] lends.
pub fn all_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        StatKey::all()
            .map(|key| {
                let (table, row, column) = key.parts();
                format!("{table}.{row}.{column}")
            })
            .collect()
    })
}

/// Why a string is not a statistics key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// It does not start with the name of a table.
    NoTable {
        /// The string read.
        key: String,
    },
    /// The table has no row (group, item) of that name.
    NoRow {
        /// The string read.
        key: String,
        /// The table it names.
        table: StatTable,
        /// The row it names.
        row: String,
    },
    /// The table has no column (outcome, measure) of that name.
    NoColumn {
        /// The string read.
        key: String,
        /// The table it names.
        table: StatTable,
        /// The column it names.
        column: String,
    },
    /// Both exist, but no template has this measure for this item.
    NotInAnyTemplate {
        /// The item.
        item: ProactiveItem,
        /// The measure.
        measure: ProactiveMeasure,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NoTable { key } => write!(
                f,
                "'{key}' is not a statistics key: it does not start with a table \
                 (applications, reviews, proactive)"
            ),
            KeyError::NoRow { key, table, row } => write!(
                f,
                "'{key}' is not a statistics key: the {table} table has no {} '{row}'",
                table.row_word()
            ),
            KeyError::NoColumn { key, table, column } if column.is_empty() => write!(
                f,
                "'{key}' is not a statistics key: it names no {} of the {table} table",
                table.column_word()
            ),
            KeyError::NoColumn { key, table, column } => write!(
                f,
                "'{key}' is not a statistics key: the {table} table has no {} '{column}'",
                table.column_word()
            ),
            KeyError::NotInAnyTemplate { item, measure } => write!(
                f,
                "'proactive.{item}.{measure}' is not a statistics key: no template has \
                 the measure '{measure}' for the item '{item}'"
            ),
        }
    }
}

impl std::error::Error for KeyError {}

impl FromStr for StatKey {
    type Err = KeyError;

    fn from_str(key: &str) -> Result<StatKey, KeyError> {
        let table = key
            .split_once('.')
            .and_then(|(table, _)| StatTable::from_key(table))
            .ok_or_else(|| KeyError::NoTable {
                key: key.to_string(),
            })?;
        let rest = &key[table.key().len() + 1..];
        // Row keys hold dots (`result.withheld.state_secret`); column keys
        // never do.
        let (row, column) = rest.rsplit_once('.').unwrap_or((rest, ""));
        let no_row = || KeyError::NoRow {
            key: key.to_string(),
            table,
            row: row.to_string(),
        };
        let no_column = || KeyError::NoColumn {
            key: key.to_string(),
            table,
            column: column.to_string(),
        };
        match table {
            StatTable::Applications => Ok(StatKey::Application(
                ApplicationRow::from_key(row).ok_or_else(no_row)?,
                ApplicantColumn::from_key(column).ok_or_else(no_column)?,
            )),
            StatTable::Reviews => Ok(StatKey::Review(
                ReviewGroup::from_key(row).ok_or_else(no_row)?,
                ReviewOutcome::from_key(column).ok_or_else(no_column)?,
            )),
            StatTable::Proactive => {
                let item = ProactiveItem::from_key(row).ok_or_else(no_row)?;
                let measure = ProactiveMeasure::from_key(column).ok_or_else(no_column)?;
                ProactiveCell::new(item, measure).map(StatKey::Proactive)
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn labels_are_the_templates_words_and_unique() {
        let application =
            StatKey::Application(ApplicationRow::NewReceived, ApplicantColumn::NaturalPerson);
        assert_eq!(
            application.label(),
            "一、本年新收政府信息公开申请数量/自然人"
        );
        let labels: std::collections::HashSet<String> =
            StatKey::all().map(StatKey::label).collect();
        assert_eq!(labels.len(), StatKey::COUNT);
    }

    use super::*;

    #[test]
    fn every_key_round_trips_through_its_string() {
        for key in StatKey::all() {
            let text = key.as_str();
            assert_eq!(text.parse::<StatKey>(), Ok(key), "{text}");
            assert_eq!(key.to_string(), text);
        }
    }

    #[test]
    fn every_key_of_each_template_round_trips() {
        for template in Template::ALL {
            let keys: Vec<StatKey> = StatKey::all().filter(|k| k.in_template(template)).collect();
            // Its application rows of seven columns (2019: (六)其他处理
            // without the three sub-rows; 2021: the sub-rows instead), the
            // 15 review keys, and its proactive cells.
            let (rows, proactive) = match template {
                Template::Y2019 => (23, 22),
                Template::Y2021 => (25, 10),
            };
            assert_eq!(keys.len(), rows * 7 + 15 + proactive, "{template}");
            for key in keys {
                let text = key.to_string();
                let back: StatKey = text.parse().expect("a key of the template");
                assert_eq!(back, key);
                assert_eq!(back.to_string(), text);
                assert!(back.in_template(template));
            }
        }
    }

    #[test]
    fn keys_follow_the_contract_order() {
        let keys = all_keys();
        assert_eq!(keys.len(), 226);
        assert_eq!(keys.len(), StatKey::COUNT);
        assert_eq!(keys[0], "applications.new_received.natural_person");
        assert_eq!(keys[6], "applications.new_received.total");
        assert_eq!(keys[181], "applications.carried_forward.total");
        assert_eq!(keys[182], "reviews.administrative_review.upheld");
        assert_eq!(keys[196], "reviews.litigation_after_review.total");
        assert_eq!(keys[197], "proactive.rules.issued");
        assert_eq!(keys[225], "proactive.procurement.amount");
        let all: Vec<StatKey> = StatKey::all().collect();
        for (index, key) in all.iter().enumerate() {
            assert_eq!(key.index(), index, "{key}");
        }
        // The derived order is the output order.
        assert!(all.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn template_membership_follows_the_templates() {
        let key = |text: &str| text.parse::<StatKey>().unwrap();
        assert_eq!(
            key("applications.result.other.total").only_in(),
            Some(Template::Y2019)
        );
        assert_eq!(
            key("applications.result.other.other.total").only_in(),
            Some(Template::Y2021)
        );
        assert_eq!(key("applications.result.total.total").only_in(), None);
        assert_eq!(key("reviews.litigation_direct.pending").only_in(), None);
        assert_eq!(
            key("proactive.rules.issued").only_in(),
            Some(Template::Y2021)
        );
        assert_eq!(
            key("proactive.rules.new_made").only_in(),
            Some(Template::Y2019)
        );
        assert_eq!(key("proactive.licensing.decisions").only_in(), None);
        assert!(!key("proactive.fees.amount").in_template(Template::Y2019));
        assert!(key("proactive.fees.amount").in_template(Template::Y2021));
    }

    #[test]
    fn unknown_strings_are_rejected_with_the_reason() {
        let err = |text: &str| text.parse::<StatKey>().unwrap_err().to_string();
        assert_eq!(
            err("applications.new_recieved.total"),
            "'applications.new_recieved.total' is not a statistics key: \
             the applications table has no row 'new_recieved'"
        );
        assert_eq!(
            err("applications.new_received.people"),
            "'applications.new_received.people' is not a statistics key: \
             the applications table has no column 'people'"
        );
        assert_eq!(
            err("reviews.administrative_review"),
            "'reviews.administrative_review' is not a statistics key: \
             it names no outcome of the reviews table"
        );
        assert_eq!(
            err("reviews.appeal.total"),
            "'reviews.appeal.total' is not a statistics key: the reviews table has no group 'appeal'"
        );
        assert_eq!(
            err("proactive.licensing.issued"),
            "'proactive.licensing.issued' is not a statistics key: \
             no template has the measure 'issued' for the item 'licensing'"
        );
        assert_eq!(
            err("checks.balance.total"),
            "'checks.balance.total' is not a statistics key: \
             it does not start with a table (applications, reviews, proactive)"
        );
        for text in [
            "",
            "applications",
            "applications.",
            "Applications.new_received.total",
            "applications.new_received.total.",
            " applications.new_received.total",
            "applications.result.other.other.other.total",
            "proactive.rules",
        ] {
            assert!(text.parse::<StatKey>().is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_proactive_cell_exists_only_where_a_template_has_it() {
        assert!(ProactiveCell::new(ProactiveItem::Rules, ProactiveMeasure::Issued).is_ok());
        assert_eq!(
            ProactiveCell::new(ProactiveItem::Licensing, ProactiveMeasure::Issued),
            Err(KeyError::NotInAnyTemplate {
                item: ProactiveItem::Licensing,
                measure: ProactiveMeasure::Issued
            })
        );
        for cell in ProactiveCell::all() {
            assert_eq!(ProactiveCell::new(cell.item(), cell.measure()), Ok(cell));
        }
    }
}
