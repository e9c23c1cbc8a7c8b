//! The review and proactive-disclosure tables when an export ran their
//! cells into text (a crawler's page text: `第二十条第(一)项 信息内容
//! 本年制发件数 … 规章 0 0 0 …`). The words under the table's section
//! heading are read in order: a figure is recorded only where its place is
//! certain (the review table's fifteen figures in the template's order, a
//! proactive item's figures under the measures its `信息内容` words name,
//! as many of each); anything else is reported, not guessed. Figures the
//! export joined without separators (`规章000`) are split only where one
//! split fits: as many figures as places, none with a leading zero, and
//! for the review table each group's total the sum of its outcomes.

use super::collect::Collector;
use super::keys::{ProactiveCell, ProactiveItem, ProactiveMeasure, StatKey};
use super::labels;
use super::reviews;
use crate::model::{Block, DiagnosticCode, Doubt, Number, Origin};

/// The words of the text blocks under the level-1 heading whose text
/// contains `section`, up to the next level-1 heading that is another
/// section; with the origin of the first block.
fn section_words<'a>(blocks: &'a [Block], section: &str) -> (Vec<&'a str>, Option<&'a Origin>) {
    let mut inside = false;
    let mut words = Vec::new();
    let mut origin = None;
    for block in blocks {
        match block {
            Block::Heading(h) if h.level == 1 && h.numbering.is_some() => {
                let is_section = h.text.contains(section);
                // The section's own numbered rows (`四、结转下年度…`) are not
                // another section.
                if !is_section && inside && labels::top_level_row(&h.text).is_some() {
                    words.extend(h.text.split_whitespace());
                    continue;
                }
                inside = is_section;
            }
            Block::Heading(h) if inside => {
                words.extend(h.numbering.as_deref());
                words.extend(h.text.split_whitespace());
            }
            Block::Paragraph(p) if inside => {
                origin = origin.or(p.origin.as_ref());
                words.extend(p.text.split_whitespace());
            }
            _ => {}
        }
    }
    (words, origin)
}

fn is_figure(word: &str) -> bool {
    Number::parse(word).is_some()
}

/// The review table's figures: the fifteen figures its section holds, in
/// the template's order (three groups of 维持, 纠正, 其他, 尚未审结, 总计).
pub fn read_reviews(blocks: &[Block], out: &mut Collector) {
    let (words, origin) = section_words(blocks, "行政复议");
    let mut figures: Vec<&str> = words.iter().copied().filter(|w| is_figure(w)).collect();
    let slots = reviews::SLOTS;
    let joined = figures
        .is_empty()
        .then(|| joined_review_figures(&words, slots))
        .flatten();
    if let Some(split) = &joined {
        figures = split.iter().map(String::as_str).collect();
    }
    if figures.is_empty() {
        return;
    }
    if figures.len() != slots {
        out.note(
            DiagnosticCode::StatisticPlacementUncertain,
            format!(
                "the review table's text holds {} figures for the template's {slots}; none recorded",
                figures.len()
            ),
            origin,
        );
        return;
    }
    for (key, text) in reviews::keys_in_order().zip(figures) {
        if out.cell(key, text, None, origin, None) && joined.is_some() {
            out.doubt(key, Doubt::RunTogetherSplit);
        }
    }
}

/// The review figures joined into one run of digits at the end of a word
/// (`…总计000000000000000`), split into `slots` figures where exactly one
/// split gives every group a total equal to the sum of its outcomes.
fn joined_review_figures(words: &[&str], slots: usize) -> Option<Vec<String>> {
    let digits: String = words.iter().rev().find_map(|w| {
        let start = w.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        (start < w.len()).then(|| w[start..].to_string())
    })?;
    let group = super::keys::ReviewOutcome::COUNT;
    let mut found = Vec::new();
    let mut count = 0;
    split_digits(
        digits.as_bytes(),
        slots,
        &mut Vec::new(),
        &mut found,
        &mut count,
        &|parts| {
            // A finished group: its last figure is the sum of the others.
            parts.len() % group != 0 || {
                let g = &parts[parts.len() - group..];
                g[..group - 1].iter().sum::<u64>() == g[group - 1]
            }
        },
    );
    (count == 1).then(|| found.iter().map(u64::to_string).collect())
}

/// Every split of `digits` into `slots` figures (no leading zeros) whose
/// every prefix `ok` accepts; counts them and keeps the first.
fn split_digits(
    rest: &[u8],
    slots: usize,
    parts: &mut Vec<u64>,
    found: &mut Vec<u64>,
    count: &mut usize,
    ok: &dyn Fn(&[u64]) -> bool,
) {
    const MAX_SPLITS: usize = 2;
    if *count >= MAX_SPLITS {
        return;
    }
    if parts.len() == slots {
        if rest.is_empty() {
            *count += 1;
            if *count == 1 {
                *found = parts.clone();
            }
        }
        return;
    }
    let left = slots - parts.len();
    if rest.len() < left || rest.len() > left * 12 {
        return;
    }
    for len in 1..=rest.len() - (left - 1) {
        if len > 1 && rest[0] == b'0' {
            break;
        }
        let Some(value) = std::str::from_utf8(&rest[..len])
            .ok()
            .and_then(|s| s.parse().ok())
        else {
            break;
        };
        parts.push(value);
        if ok(parts) {
            split_digits(&rest[len..], slots, parts, found, count, ok);
        }
        parts.pop();
    }
}

/// The proactive-disclosure table's figures: each `信息内容` names the
/// measures of the items after it; an item's figures fill them in order
/// when there are exactly as many.
pub fn read_proactive(blocks: &[Block], out: &mut Collector) {
    let (words, origin) = section_words(blocks, "主动公开政府信息情况");
    out.proactive.read |= !words.is_empty();
    let mut measures: Vec<ProactiveMeasure> = Vec::new();
    let mut naming_measures = false;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        // Labels and figures joined in one word (`规章000`).
        if !is_figure(word) && word.bytes().any(|b| b.is_ascii_digit()) {
            if figures_joined_to(word, &mut measures, out, origin) {
                naming_measures = false;
            }
            i += 1;
            continue;
        }
        if labels::normalize(word) == "信息内容" {
            measures.clear();
            naming_measures = true;
            i += 1;
            continue;
        }
        if naming_measures && let Some(measure) = labels::proactive_measure(word) {
            measures.push(measure);
            i += 1;
            continue;
        }
        let Some(item) = labels::proactive_item(word) else {
            i += 1;
            continue;
        };
        naming_measures = false;
        let figures: Vec<&str> = words[i + 1..]
            .iter()
            .copied()
            .take_while(|w| is_figure(w))
            .collect();
        i += 1 + figures.len();
        if figures.is_empty() {
            continue;
        }
        if figures.len() != measures.len() {
            out.note(
                DiagnosticCode::StatisticPlacementUncertain,
                format!(
                    "'{word} {}': {} figures under {} measures; none recorded",
                    figures.join(" "),
                    figures.len(),
                    measures.len()
                ),
                origin,
            );
            continue;
        }
        for (&measure, text) in measures.iter().zip(&figures) {
            if let Some(key) = proactive_key(item, measure) {
                out.cell(key, text, None, origin, None);
            }
        }
    }
}

/// A word that runs labels and figures together (`…信息内容本年制发件数
/// 本年废止件数现行有效件数规章000行政规范性文件000`): its measures and
/// items read in order, each item's joined digits split into as many
/// figures as there are measures when only one split fits. Returns whether
/// the word held any item.
fn figures_joined_to(
    word: &str,
    measures: &mut Vec<ProactiveMeasure>,
    out: &mut Collector,
    origin: Option<&Origin>,
) -> bool {
    let mut any_item = false;
    let mut label = String::new();
    let mut chars = word.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_ascii_digit() {
            label.push(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if !d.is_ascii_digit() {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let digits = &word[start..end];
        // Measures named since the last `信息内容` in this label, in order.
        if let Some(at) = label.rfind("信息内容") {
            *measures = labels::proactive_measures_in(&label[at..]);
        }
        let tail = label.rsplit("信息内容").next().unwrap_or("");
        if let Some(item) = labels::proactive_item(tail.rsplit("件数").next().unwrap_or(tail)) {
            any_item = true;
            let mut found = Vec::new();
            let mut count = 0;
            split_digits(
                digits.as_bytes(),
                measures.len(),
                &mut Vec::new(),
                &mut found,
                &mut count,
                &|_| true,
            );
            if count == 1 && !measures.is_empty() {
                for (&measure, value) in measures.iter().zip(&found) {
                    if let Some(key) = proactive_key(item, measure)
                        && out.number(key, Number(*value as f64), origin, None)
                    {
                        out.doubt(key, Doubt::RunTogetherSplit);
                    }
                }
            } else {
                out.note(
                    DiagnosticCode::StatisticPlacementUncertain,
                    format!("'{tail}{digits}': the joined figures split into the {} measures in no single way; none recorded", measures.len()),
                    origin,
                );
            }
        }
        label.clear();
    }
    any_item
}

/// The key of an item under a measure; `None` when no template has that
/// measure for that item, and the figure is not recorded.
fn proactive_key(item: ProactiveItem, measure: ProactiveMeasure) -> Option<StatKey> {
    ProactiveCell::new(item, measure)
        .ok()
        .map(StatKey::Proactive)
}
