//! Lowers prose lines into paragraphs, splitting lines that an export ran
//! together.
//!
//! Some exports join a whole report onto a few long lines, keeping only a
//! space where a paragraph or heading began (`…年度报告。 一、总体情况
//! (一)强化组织领导。…`). A space between Chinese text and a numbering
//! (`一、`, `(一)`, `1.`) is such a collapsed break: Chinese prose puts no
//! spaces between sentences, so splitting there is safe.

use super::lines::{Line, is_space};
use super::markdown;
use docmend_core::model::{Block, Origin};
use docmend_core::numbering;

pub fn lower(lines: &[Line<'_>], blocks: &mut Vec<Block>) {
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some((level, text)) = markdown::heading(line.text) {
            blocks.push(markdown::heading_block(
                level,
                text,
                Origin::lines(line.number, line.number),
            ));
            i += 1;
            continue;
        }
        let list = markdown::list_len(&texts[i..]);
        if list > 0 {
            let last = lines[i + list - 1].number;
            blocks.push(markdown::list_block(
                &texts[i..i + list],
                Origin::lines(line.number, last),
            ));
            i += list;
            continue;
        }
        lower_text(line.text, line.number, blocks);
        i += 1;
    }
}

/// Lowers one line's text (or part of it) into paragraphs.
pub fn lower_text(text: &str, line_number: usize, blocks: &mut Vec<Block>) {
    for segment in split_run_together(text) {
        let (heading, rest) = split_heading_from_text(segment);
        for part in std::iter::once(heading).chain(rest) {
            blocks.push(markdown::paragraph_block(
                part,
                Origin::lines(line_number, line_number),
            ));
        }
    }
}

/// A run-together heading keeps only a space before the text that follows
/// it (`六、其他需要报告的事项 无。`): split there when what stands before
/// the space is short and has no sentence in it.
fn split_heading_from_text(segment: &str) -> (&str, Option<&str>) {
    const MAX_HEADING_CHARS: usize = 40;
    let Some(numbered) = numbering::parse(segment) else {
        return (segment, None);
    };
    let rest_start = segment.len() - numbered.rest.len();
    let Some(space) = numbered.rest.find(is_space) else {
        return (segment, None);
    };
    let title = &numbered.rest[..space];
    let after = numbered.rest[space..].trim_matches(is_space);
    let sentence = title.contains(['。', '；', ';', '！', '？', ':', '：']);
    // `一、本年新收…数量 6 0 0 0 0 0 6`: a table row's label and its figures.
    let figures = after
        .split_whitespace()
        .all(|w| w.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    if sentence || figures || after.is_empty() || title.chars().count() > MAX_HEADING_CHARS {
        return (segment, None);
    }
    (&segment[..rest_start + space], Some(after))
}

/// Splits `text` before every numbering that follows a space which follows
/// Chinese text. Returns trimmed, non-empty segments.
pub fn split_run_together(text: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    let mut before_space: Option<char> = None;
    for (i, c) in text.char_indices() {
        // After Chinese text, or after a figure: a table row run into the
        // line ends with its figures, and the next row's label opens with
        // its numbering.
        if previous.is_some_and(is_space)
            && !is_space(c)
            && before_space.is_some_and(|b| is_cjk_or_cjk_punct(b) || b.is_ascii_digit())
            && starts_numbered_cjk(&text[i..])
        {
            push_trimmed(&mut segments, &text[start..i]);
            start = i;
        }
        if !is_space(c) {
            before_space = Some(c);
        }
        previous = Some(c);
    }
    push_trimmed(&mut segments, &text[start..]);
    segments
}

fn push_trimmed<'a>(segments: &mut Vec<&'a str>, text: &'a str) {
    let trimmed = text.trim_matches(is_space);
    if !trimmed.is_empty() {
        segments.push(trimmed);
    }
}

fn starts_numbered_cjk(text: &str) -> bool {
    numbering::parse(text).is_some_and(|n| n.rest.chars().next().is_some_and(is_cjk_or_cjk_punct))
}

/// CJK ideographs and the full-width punctuation Chinese text uses.
pub fn is_cjk_or_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}'
        | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'
        | '“' | '”' | '‘' | '’' | '…' | '—')
        || matches!(c, ')' | ',' | ';' | ':' | '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_headings_run_into_a_line() {
        let text = "编制了年度报告。 一、总体情况 (一)强化组织领导。2020年,因机构改革 1.健全机制。访问量为 11980次";
        assert_eq!(
            split_run_together(text),
            [
                "编制了年度报告。",
                "一、总体情况",
                "(一)强化组织领导。2020年,因机构改革",
                "1.健全机制。访问量为 11980次"
            ]
        );
    }

    #[test]
    fn splits_text_run_into_a_heading() {
        let mut blocks = Vec::new();
        lower_text(
            "六、其他需要报告的事项 无。 (一)工作中存在的问题 一是人员不足。",
            1,
            &mut blocks,
        );
        let texts: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(
            texts,
            [
                "六、其他需要报告的事项",
                "无。",
                "(一)工作中存在的问题",
                "一是人员不足。"
            ]
        );
    }

    #[test]
    fn splits_table_rows_run_into_a_line() {
        assert_eq!(
            split_run_together("一、本年新收 6 0 0 6 二、上年结转 2 0 0 2 (一)予以公开 0 0 0 0"),
            [
                "一、本年新收 6 0 0 6",
                "二、上年结转 2 0 0 2",
                "(一)予以公开 0 0 0 0"
            ]
        );
    }

    #[test]
    fn leaves_ordinary_lines_alone() {
        assert_eq!(
            split_run_together("  五、存在的主要问题 "),
            ["五、存在的主要问题"]
        );
        assert_eq!(
            split_run_together("see Excel 2007 1.5 times"),
            ["see Excel 2007 1.5 times"]
        );
    }
}
