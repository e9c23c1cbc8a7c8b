//! The report as a document: its six template sections present and in
//! order, the numbering of those sections, the three template tables
//! present, and the report year against the year the title and the
//! statistics period (`统计期限为2024年1月1日至…`) state. Each rule ends in a
//! [`DocumentCheck`] with its state.
//!
//! Headings are what the heading pass recognised; a report whose export
//! ran its section headings into the text is searched for the numbered
//! headings in its paragraphs (`二、主动公开政府信息情况` after a sentence),
//! never for the bare words, which the opening often lists
//! (`全文包括总体情况、主动公开政府信息情况…`).

use super::applications;
use super::figures::Figures;
use super::identity::{Identity, years_in};
use super::keys::StatTable;
use super::labels;
use super::proactive;
use super::reviews;
use crate::model::{Block, CheckState, DocumentCheck};
use crate::numbering::Style;

const SECTIONS: &str = "structure.sections";
const NUMBERING: &str = "structure.numbering";
const TABLES: &str = "structure.tables";
const YEAR: &str = "structure.year";

/// The template's sections: their number, their title, and the words that
/// name each (any one suffices). The first section is also recognised by
/// its number alone: reports title it after the year's work
/// (`一、2022年工作完成情况`).
const TEMPLATE_SECTIONS: [(u32, &str, &[&str]); 6] = [
    (1, "一、总体情况", &["总体情况"]),
    (2, "二、主动公开政府信息情况", &["主动公开政府信息情况"]),
    (
        3,
        "三、收到和处理政府信息公开申请情况",
        &["收到和处理政府信息公开申请"],
    ),
    (
        4,
        "四、政府信息公开行政复议、行政诉讼情况",
        &["行政复议、行政诉讼", "行政复议和行政诉讼"],
    ),
    (
        5,
        "五、存在的主要问题及改进情况",
        &["存在的主要问题", "主要问题及改进", "问题和改进"],
    ),
    (6, "六、其他需要报告的事项", &["其他需要报告"]),
];

/// Words of each section's topic that reports title it with in their own
/// words (`五、工作中的不足`, `四、行政复议和诉讼情况`): they name the
/// section only in a heading numbered as the template numbers it.
const TOPIC_WORDS: [&[&str]; 6] = [
    &["总体", "概述", "概况", "基本情况"],
    &["主动公开"],
    &["依申请", "申请"],
    &["复议", "诉讼"],
    &["问题", "不足", "改进", "整改"],
    &["其他", "其它"],
];

/// Words that open a sentence naming the statistics period.
const PERIOD_CUES: [&str; 5] = ["统计期限", "统计时限", "统计周期", "统计时间", "统计区间"];

/// The four rules, in this order: sections, numbering, tables, year.
pub fn check(blocks: &[Block], identity: &Identity, figures: &Figures) -> Vec<DocumentCheck> {
    // Prose: a paragraph with a sentence in it, not a title or a label.
    let has_prose = blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph(p) if p.text.contains('。') || p.text.chars().count() > 60));
    let (sections, numbering) = if has_prose {
        (sections(&sections_found(blocks)), numbering(blocks))
    } else {
        // A workbook of the statistics tables alone (a title, the table
        // sections' headings, the tables): no report's sections to count.
        let why = "the document holds no prose: its title, headings and tables only".to_string();
        (
            outcome(SECTIONS, CheckState::NotAssessable, why.clone(), None),
            outcome(NUMBERING, CheckState::NotAssessable, why, None),
        )
    };
    vec![
        sections,
        numbering,
        tables(blocks, figures),
        year(blocks, identity),
    ]
}

fn outcome(rule: &str, state: CheckState, message: String, quote: Option<String>) -> DocumentCheck {
    DocumentCheck::new(rule, state, message).quoting(quote)
}

/// A template section found: its number and the text that names it.
struct Found {
    number: u32,
    text: String,
}

/// The template sections in the order the document gives them, each at its
/// first place.
fn sections_found(blocks: &[Block]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let note = |number: u32, text: &str, found: &mut Vec<Found>| {
        if !found.iter().any(|f| f.number == number) {
            found.push(Found {
                number,
                text: text.to_string(),
            });
        }
    };
    for block in blocks {
        match block {
            Block::Heading(h) => {
                // The application table's own rows (`一、本年新收…`) are not
                // sections.
                if h.numbering.is_some()
                    && (labels::top_level_row(&h.text).is_some() || h.text.contains("办理结果"))
                {
                    continue;
                }
                let label = format!("{}{}", h.numbering.as_deref().unwrap_or(""), h.text);
                let numbered = h
                    .numbering
                    .is_some()
                    .then(|| labels::numbered(&label))
                    .flatten()
                    .filter(|(style, _)| *style == Style::CjkComma);
                if let Some(number) = section_named(&h.text) {
                    note(number, &label, &mut found);
                } else if let Some((_, n)) = numbered
                    && on_topic(n, &h.text)
                {
                    note(n, &label, &mut found);
                } else if numbered.is_some_and(|(_, n)| n == 1) && found.is_empty() {
                    note(1, &label, &mut found);
                }
            }
            Block::Paragraph(p) => {
                if let Some((number, text)) = opening_section(&p.text) {
                    note(number, &text, &mut found);
                }
                for (number, text) in numbered_sections_in(&p.text) {
                    note(number, &text, &mut found);
                }
            }
            _ => {}
        }
    }
    found
}

/// The section a heading's words name.
fn section_named(text: &str) -> Option<u32> {
    TEMPLATE_SECTIONS
        .iter()
        .find(|(_, _, words)| words.iter().any(|w| text.contains(w)))
        .map(|(number, _, _)| *number)
}

/// Whether a heading numbered `number` names the topic of the template's
/// section of that number in its own words.
fn on_topic(number: u32, text: &str) -> bool {
    (1..=6).contains(&number)
        && TOPIC_WORDS[number as usize - 1]
            .iter()
            .any(|w| text.contains(w))
}

/// A paragraph that opens with a section heading the heading pass did not
/// take (its number out of sequence, or a PDF that sets headings like its
/// text): `四、存在的主要问题及改进情况 …`, `四、政府信息公开行政复议、行政诉讼情况`.
/// The section's words open the text after the number, or stand in its
/// first phrase (up to a space or a sentence mark, at most
/// [`HEADING_CHARS`] characters), never further into a sentence. Returns
/// the section its words name and the heading as printed.
fn opening_section(text: &str) -> Option<(u32, String)> {
    let (numeral, rest) = text.trim_start().split_once('、')?;
    if numeral.is_empty() || !numeral.chars().all(|c| "一二三四五六七八九十".contains(c))
    {
        return None;
    }
    let heading: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !"。，；：,;:".contains(*c))
        .collect();
    let short = heading.chars().count() <= HEADING_CHARS;
    let number = TEMPLATE_SECTIONS
        .iter()
        .find(|(_, _, words)| {
            words
                .iter()
                .any(|w| rest.starts_with(w) || (short && heading.contains(w)))
        })
        .map(|(number, _, _)| *number)?;
    Some((number, format!("{numeral}、{heading}")))
}

/// The longest first phrase read as a section heading.
const HEADING_CHARS: usize = 30;

/// Numbered section headings run into a paragraph (`…。 二、主动公开政府信息情况`):
/// the template's number followed by the section's words.
fn numbered_sections_in(text: &str) -> Vec<(u32, String)> {
    const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];
    let mut found = Vec::new();
    // One pass over the `、` of the text: the numeral before it, the
    // section's words after it.
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        if c == '、'
            && let Some(numeral) = previous
            && let Some(index) = NUMERALS.iter().position(|n| *n == numeral)
        {
            let (number, title, words) = TEMPLATE_SECTIONS[index];
            let after = &text[at + c.len_utf8()..];
            if words.iter().any(|w| after.starts_with(w))
                && !found.iter().any(|(n, _)| *n == number)
            {
                found.push((number, title.to_string()));
            }
        }
        previous = Some(c);
    }
    found
}

/// All six sections, each once, in the template's order.
fn sections(found: &[Found]) -> DocumentCheck {
    if found.len() < 2 {
        return outcome(
            SECTIONS,
            CheckState::NotAssessable,
            format!(
                "{} of the template's six section headings could be told from the text",
                found.len()
            ),
            None,
        );
    }
    let missing: Vec<&str> = TEMPLATE_SECTIONS
        .iter()
        .filter(|(number, _, _)| !found.iter().any(|f| f.number == *number))
        .map(|(_, title, _)| *title)
        .collect();
    let order: Vec<u32> = found.iter().map(|f| f.number).collect();
    let in_order = order.windows(2).all(|w| w[0] < w[1]);
    let shown: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    let quote = Some(shown.join(" / "));
    match (missing.is_empty(), in_order) {
        (true, true) => outcome(
            SECTIONS,
            CheckState::Passed,
            "the six sections of the template, in its order".to_string(),
            None,
        ),
        (false, _) => outcome(
            SECTIONS,
            CheckState::Failed,
            format!(
                "missing: {}{}",
                missing.join(", "),
                if in_order {
                    ""
                } else {
                    "; and the others out of the template's order"
                }
            ),
            quote,
        ),
        (true, false) => outcome(
            SECTIONS,
            CheckState::Failed,
            format!(
                "out of the template's order: {}",
                order
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            quote,
        ),
    }
}

/// The top-level headings numbered `一、二、三、…` count up by one from 一;
/// a paragraph opening with a section heading out of sequence counts as
/// one.
fn numbering(blocks: &[Block]) -> DocumentCheck {
    let numbered: Vec<(u32, String)> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(p) => {
                let (_, heading) = opening_section(&p.text)?;
                let (_, ordinal) = labels::numbered(&heading)?;
                Some((ordinal, heading))
            }
            Block::Heading(h) if h.level == 1 => {
                let numbering = h.numbering.as_deref()?;
                let (style, ordinal) = labels::numbered(&format!("{numbering}{}", h.text))?;
                // The application table's rows keep their own numbers.
                let own_row =
                    labels::top_level_row(&h.text).is_some() || h.text.contains("办理结果");
                (style == Style::CjkComma && !own_row)
                    .then(|| (ordinal, format!("{numbering}{}", h.text)))
            }
            _ => None,
        })
        .collect();
    if numbered.len() < 2 {
        return outcome(
            NUMBERING,
            CheckState::NotAssessable,
            format!(
                "{} top-level heading numbered 一、二、… could be told from the text",
                numbered.len()
            ),
            None,
        );
    }
    let mut breaks = Vec::new();
    if numbered[0].0 != 1 {
        breaks.push(format!("starts at '{}'", numbered[0].1));
    }
    for pair in numbered.windows(2) {
        let ((before, before_text), (after, after_text)) = (&pair[0], &pair[1]);
        if *after <= *before {
            breaks.push(format!("restarts at '{after_text}' after '{before_text}'"));
        } else if *after > before + 1 {
            breaks.push(format!("skips from '{before_text}' to '{after_text}'"));
        }
    }
    if breaks.is_empty() {
        return outcome(
            NUMBERING,
            CheckState::Passed,
            format!("{} section headings numbered in sequence", numbered.len()),
            None,
        );
    }
    outcome(
        NUMBERING,
        CheckState::Failed,
        format!("the section numbering {}", breaks.join("; ")),
        None,
    )
}

/// The three template tables: each gave figures, or stands in the
/// document at least.
fn tables(blocks: &[Block], figures: &Figures) -> DocumentCheck {
    type Claims = fn(&crate::model::Table) -> bool;
    let tables: [(StatTable, &str, Claims); 3] = [
        (
            StatTable::Proactive,
            "二、主动公开政府信息情况",
            proactive::is_proactive_table,
        ),
        (
            StatTable::Applications,
            "三、收到和处理政府信息公开申请情况",
            applications::is_application_table,
        ),
        (
            StatTable::Reviews,
            "四、政府信息公开行政复议、行政诉讼情况",
            reviews::is_review_table,
        ),
    ];
    let mut missing = Vec::new();
    let mut unread = Vec::new();
    for (table, title, claims) in tables {
        if figures.has_table(table) {
            continue;
        }
        // Only a table without figures is looked for among the blocks.
        let stands = blocks
            .iter()
            .any(|block| matches!(block, Block::Table(t) if claims(t)));
        if stands {
            unread.push(title);
        } else {
            missing.push(title);
        }
    }
    if !missing.is_empty() {
        return outcome(
            TABLES,
            CheckState::Failed,
            format!("no table of {}", missing.join(", ")),
            None,
        );
    }
    if !unread.is_empty() {
        // A table stands but no figure could be read from it: whether the
        // report left it empty or its layout defeated the reading is not
        // known.
        return outcome(
            TABLES,
            CheckState::Uncertain,
            format!("a table stands but gave no figure: {}", unread.join(", ")),
            None,
        );
    }
    outcome(
        TABLES,
        CheckState::Passed,
        "the three template tables gave figures".to_string(),
        None,
    )
}

/// The year of the title against the year of the statistics period.
fn year(blocks: &[Block], identity: &Identity) -> DocumentCheck {
    let title = identity.title.as_deref();
    let title_year = title.and_then(|t| years_in(t).into_iter().next());
    let period = statistics_period(blocks);
    let (Some(title_year), Some((sentence, years))) = (title_year, &period) else {
        let why = match (title_year, &period) {
            (None, None) => "neither a title with a year nor a statistics period is stated",
            (None, Some(_)) => "the title states no year",
            _ => "no statistics period is stated",
        };
        return outcome(YEAR, CheckState::NotAssessable, why.to_string(), None);
    };
    let mut other: Vec<i32> = years.iter().copied().filter(|y| *y != title_year).collect();
    other.dedup();
    let other: Vec<String> = other.iter().map(i32::to_string).collect();
    let quote = Some(sentence.clone());
    if other.is_empty() {
        return outcome(
            YEAR,
            CheckState::Passed,
            format!("the title and the statistics period both give {title_year}"),
            quote,
        );
    }
    outcome(
        YEAR,
        CheckState::Failed,
        format!(
            "the title gives {title_year} ('{}'), the statistics period {}",
            title.unwrap_or_default(),
            other.join(" and ")
        ),
        quote,
    )
}

/// The first sentence naming the statistics period, and the years it
/// names after the cue.
fn statistics_period(blocks: &[Block]) -> Option<(String, Vec<i32>)> {
    blocks.iter().find_map(|block| {
        let Block::Paragraph(p) = block else {
            return None;
        };
        // Every cue starts with 统计: one search rules most paragraphs out.
        p.text.find("统计")?;
        let at = PERIOD_CUES
            .iter()
            .filter_map(|cue| p.text.find(cue))
            .min()?;
        let start = p.text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '。' | '；' | ';'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = p.text[at..]
            .find('。')
            .map_or(p.text.len(), |i| at + i + '。'.len_utf8());
        let sentence = p.text[start..end].trim().to_string();
        let years = years_in(&p.text[at..end]);
        (!years.is_empty()).then_some((sentence, years))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Heading, Paragraph};

    fn heading(numbering: Option<&str>, text: &str) -> Block {
        Block::Heading(Heading::new(
            1,
            numbering.map(str::to_string),
            text.to_string(),
            None,
        ))
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph(Paragraph::new(text.to_string(), None))
    }

    fn template_headings() -> Vec<Block> {
        TEMPLATE_SECTIONS
            .iter()
            .map(|(_, title, _)| {
                let (numeral, words) = title.split_once('、').unwrap();
                heading(Some(&format!("{numeral}、")), words)
            })
            .collect()
    }

    #[test]
    fn the_templates_sections_pass() {
        let blocks = template_headings();
        assert_eq!(sections(&sections_found(&blocks)).state, CheckState::Passed);
        assert_eq!(numbering(&blocks).state, CheckState::Passed);
    }

    #[test]
    fn a_missing_or_misplaced_section_fails() {
        let mut blocks = template_headings();
        blocks.remove(4);
        let missing = sections(&sections_found(&blocks));
        assert_eq!(missing.state, CheckState::Failed);
        assert_eq!(missing.message, "missing: 五、存在的主要问题及改进情况");
        let mut blocks = template_headings();
        blocks.swap(1, 2);
        let order = sections(&sections_found(&blocks));
        assert_eq!(order.state, CheckState::Failed);
        assert_eq!(
            order.message,
            "out of the template's order: 1, 3, 2, 4, 5, 6"
        );
    }

    #[test]
    fn the_first_section_may_be_titled_after_the_years_work() {
        let mut blocks = template_headings();
        blocks[0] = heading(Some("一、"), "2022年工作完成情况");
        assert_eq!(sections(&sections_found(&blocks)).state, CheckState::Passed);
    }

    #[test]
    fn sections_titled_in_a_reports_own_words_count_under_their_number() {
        let mut blocks = template_headings();
        blocks[0] = heading(Some("一、"), "概述");
        blocks[3] = heading(Some("四、"), "因政府信息公开申请行政复议和诉讼情况");
        blocks[4] = heading(Some("五、"), "工作中的不足及改进措施");
        blocks[5] = heading(Some("六、"), "其它事项");
        assert_eq!(sections(&sections_found(&blocks)).state, CheckState::Passed);
        // The topic words name a section only under its own number: a
        // `五、` about something else is no section 5, and `四、` about
        // problems is no section 5 either.
        let mut blocks = template_headings();
        blocks[4] = heading(Some("五、"), "下一步工作打算");
        let missing = sections(&sections_found(&blocks));
        assert_eq!(missing.message, "missing: 五、存在的主要问题及改进情况");
        let mut blocks = template_headings();
        blocks.remove(4);
        blocks[3] = heading(Some("四、"), "工作中的不足");
        let found = sections_found(&blocks);
        assert!(!found.iter().any(|f| f.number == 5));
    }

    #[test]
    fn numbered_headings_run_into_the_text_count_but_listed_words_do_not() {
        let blocks = vec![paragraph(
            "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。 \
             一、总体情况 本年… 二、主动公开政府信息情况 第二十条…",
        )];
        let found = sections_found(&blocks);
        let numbers: Vec<u32> = found.iter().map(|f| f.number).collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(sections(&found).state, CheckState::Failed);
    }

    #[test]
    fn a_section_heading_left_in_the_text_counts() {
        // The heading pass keeps a heading numbered out of sequence as
        // text: it is still the section, and its number is still wrong.
        let mut blocks = template_headings();
        blocks[4] = paragraph("四、存在的主要问题及改进情况");
        assert_eq!(sections(&sections_found(&blocks)).state, CheckState::Passed);
        let numbers = numbering(&blocks);
        assert_eq!(numbers.state, CheckState::Failed);
        assert!(
            numbers
                .message
                .contains("restarts at '四、存在的主要问题及改进情况' after '四、政府信息公开行政复议、行政诉讼情况'"),
            "{}",
            numbers.message
        );
        // Its words inside the heading's first phrase count too; inside a
        // sentence they do not.
        let mut blocks = template_headings();
        blocks[3] = paragraph("四、政府信息公开行政复议、行政诉讼情况");
        assert_eq!(sections(&sections_found(&blocks)).state, CheckState::Passed);
        blocks[3] = paragraph("四、加强培训，组织行政复议、行政诉讼应诉培训两次。");
        let found = sections_found(&blocks);
        assert!(!found.iter().any(|f| f.number == 4));
    }

    #[test]
    fn numbering_that_skips_or_restarts_fails() {
        let mut blocks = template_headings();
        blocks.remove(3);
        let skip = numbering(&blocks);
        assert_eq!(skip.state, CheckState::Failed);
        assert_eq!(
            skip.message,
            "the section numbering skips from '三、收到和处理政府信息公开申请情况' to '五、存在的主要问题及改进情况'"
        );
        let mut blocks = template_headings();
        blocks.insert(3, heading(Some("一、"), "依申请公开情况"));
        let restart = numbering(&blocks);
        assert_eq!(restart.state, CheckState::Failed);
        assert!(restart.message.contains("restarts at '一、依申请公开情况'"));
        // The application table's own rows keep their numbers.
        let mut blocks = template_headings();
        blocks.insert(3, heading(Some("一、"), "本年新收政府信息公开申请数量"));
        blocks.insert(4, heading(Some("三、"), "本年度办理结果"));
        assert_eq!(numbering(&blocks).state, CheckState::Passed);
    }

    fn identity(title: Option<&str>) -> Identity {
        Identity {
            title: title.map(str::to_string),
            issuer: None,
            year: None,
        }
    }

    #[test]
    fn the_title_year_against_the_statistics_period() {
        let period = paragraph(
            "本年度报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。如对本报告有疑问…",
        );
        let title = identity(Some("某某县2022年政府信息公开工作年度报告"));
        let passed = year(std::slice::from_ref(&period), &title);
        assert_eq!(passed.state, CheckState::Passed);
        assert_eq!(
            passed.quote.as_deref(),
            Some("本年度报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。")
        );
        let wrong = identity(Some("某某县2023年政府信息公开工作年度报告"));
        let failed = year(std::slice::from_ref(&period), &wrong);
        assert_eq!(failed.state, CheckState::Failed);
        assert_eq!(
            failed.message,
            "the title gives 2023 ('某某县2023年政府信息公开工作年度报告'), the statistics period 2022"
        );
        assert_eq!(year(&[], &title).state, CheckState::NotAssessable);
    }

    #[test]
    fn a_table_missing_fails_and_one_without_figures_is_uncertain() {
        use crate::model::{Cell, Layout, RawTable, Table};
        let figures = |keys: &[&str]| {
            let mut figures = Figures::default();
            for key in keys {
                figures.insert(key.parse().unwrap(), crate::model::Number(1.0));
            }
            figures
        };
        let all = figures(&[
            "proactive.rules.issued",
            "applications.new_received.total",
            "reviews.administrative_review.total",
        ]);
        assert_eq!(tables(&[], &all).state, CheckState::Passed);
        let no_reviews = figures(&["proactive.rules.issued", "applications.new_received.total"]);
        let missing = tables(&[], &no_reviews);
        assert_eq!(missing.state, CheckState::Failed);
        assert_eq!(
            missing.message,
            "no table of 四、政府信息公开行政复议、行政诉讼情况"
        );
        // The review table stands, but its figures could not be read.
        let review_table = Block::Table(Table {
            n_rows: 1,
            n_cols: 3,
            header_rows: 0,
            cells: vec![
                Cell::new(0, 0, "行政复议"),
                Cell::new(0, 1, "行政诉讼"),
                Cell::new(0, 2, "见附件"),
            ],
            repairs: Vec::new(),
            origin: None,
            layout: Layout::Exact,
            raw: RawTable::default(),
        });
        let unread = tables(std::slice::from_ref(&review_table), &no_reviews);
        assert_eq!(unread.state, CheckState::Uncertain);
    }
}
