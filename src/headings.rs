//! Recognises headings in the model: numbered short paragraphs
//! (`一、总体情况`, `(一)主动公开情况`, `1.健全机制`) become heading blocks,
//! and a report's title line near the top becomes the document title.
//!
//! Numbering is weak evidence, used only where the format gives none
//! better: when a converter marked the document's headings itself (styles
//! and outline levels in DOCX, `<h1>`–`<h6>` in HTML, font size and weight
//! in PDF: [`MIN_MARKED_HEADINGS`] or more headings; a spreadsheet's
//! heading per sheet does not count), numbered paragraphs stay paragraphs. Only the numbering of official documents counts
//! (`src/numbering.rs`), never bullets, and list items are lists, which
//! this pass does not touch. Runs after cleanup, so that artefacts such as
//! `[bookmark: _GoBack]一、总体情况` no longer hide the numbering.

use crate::model::{Block, Diagnostic, DiagnosticCode, Heading, Paragraph};
use crate::numbering;

/// A heading's text is short; a numbered sentence of more than this is a
/// paragraph that starts a list item (`1、更新完善权责清单。对照…`).
const MAX_HEADING_CHARS: usize = 25;
const MAX_SECTION_HEADING_CHARS: usize = 40;
const MAX_TITLE_CHARS: usize = 40;

/// A document whose converter marked this many headings marks its
/// headings: a title and a section or two can come from a template's
/// styles while the sections are typed, but three or more are the
/// document's own structure.
pub const MIN_MARKED_HEADINGS: usize = 3;

/// Whether the converter's blocks carry the document's own headings. The
/// heading a spreadsheet converter writes for each sheet (an origin naming
/// a sheet and no range) does not count: it names a part of the workbook,
/// and says nothing of how the text on the sheets marks its headings.
pub fn format_marks_headings(blocks: &[Block]) -> bool {
    blocks
        .iter()
        .filter(|b| match b {
            Block::Heading(h) => !h
                .origin
                .as_ref()
                .is_some_and(|o| o.sheet.is_some() && o.range.is_none()),
            _ => false,
        })
        .nth(MIN_MARKED_HEADINGS - 1)
        .is_some()
}

/// Promotes heading-like paragraphs to headings (unless `marked`: the
/// format marked its headings, see the module documentation); returns the
/// document title if one was found among the first blocks, and a
/// diagnostic when the title was broken over two lines and joined.
pub fn promote(blocks: &mut Vec<Block>, marked: bool) -> (Option<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if let Some(joined) = join_broken_title(blocks) {
        diagnostics.push(joined);
    }
    let title = promote_blocks(blocks, marked);
    (title, diagnostics)
}

/// `2024 年上海市科委政府信息公开工作` / `年度报告`: a title broken over two
/// lines among the first blocks, before any heading or table. The second
/// line is short and ends the title (`…报告`); the first holds no `报告`
/// and no sentence; together they read as a title. Joined into the first
/// block, recorded.
fn join_broken_title(blocks: &mut Vec<Block>) -> Option<Diagnostic> {
    const MAX_TAIL_CHARS: usize = 12;
    let end = blocks
        .iter()
        .position(|b| !matches!(b, Block::Paragraph(_)))
        .unwrap_or(blocks.len())
        .min(4);
    let at = (0..end.saturating_sub(1)).find(|&i| {
        let (Block::Paragraph(first), Block::Paragraph(second)) = (&blocks[i], &blocks[i + 1])
        else {
            return false;
        };
        let (a, b) = (first.text.trim(), second.text.trim());
        !a.is_empty()
            && !a.contains("报告")
            && b.ends_with("报告")
            && b.chars().count() <= MAX_TAIL_CHARS
            && !is_title(a)
            && is_title(&format!("{a}{b}"))
            && (a.contains("信息公开") || a.contains("政务公开"))
    })?;
    let Block::Paragraph(second) = blocks.remove(at + 1) else {
        return None;
    };
    let Block::Paragraph(first) = &mut blocks[at] else {
        return None;
    };
    let message = format!(
        "joined the title broken over two lines: {} + {}",
        crate::cleanup::quote(&first.text),
        crate::cleanup::quote(&second.text)
    );
    first.text = format!("{}{}", first.text.trim(), second.text.trim());
    if let (Some(origin), Some(end)) = (
        first.origin.as_mut(),
        second.origin.as_ref().and_then(|o| o.line_end.or(o.line)),
    ) && origin.line.is_some()
    {
        origin.line_end = Some(end);
    }
    Some(
        Diagnostic::new(DiagnosticCode::TitleLinesJoined, message)
            .with_origin(first.origin.clone()),
    )
}

fn promote_blocks(blocks: &mut [Block], marked: bool) -> Option<String> {
    let mut title = None;
    let mut seen_heading = false;
    // The ordinal of the last section (`三、`): sections count up; a `三、`
    // right after section three is a numbered item inside it (a table's
    // row label run into the text), not a section. A count starting over
    // at `一、` is a new sequence.
    let mut section: Option<u32> = None;
    let section_of = |h: &Heading| {
        h.numbering
            .as_deref()
            .and_then(numbering::parse_marker_only)
            .filter(|(style, _)| *style == numbering::Style::CjkComma)
            .map(|(_, ordinal)| ordinal)
    };
    for (index, block) in blocks.iter_mut().enumerate() {
        let Block::Paragraph(paragraph) = block else {
            if let Block::Heading(h) = block
                && let Some(ordinal) = section_of(h)
            {
                section = Some(ordinal);
            }
            if matches!(block, Block::Heading(_) | Block::Table(_)) {
                seen_heading = true;
            }
            continue;
        };
        let candidate = as_heading(paragraph).filter(|h| {
            !marked && section_of(h).is_none_or(|o| o == 1 || section.is_none_or(|last| o > last))
        });
        if let Some(heading) = candidate {
            if let Some(ordinal) = section_of(&heading) {
                section = Some(ordinal);
            }
            *block = Block::Heading(heading);
            seen_heading = true;
        } else if !seen_heading && index < 4 && title.is_none() && is_title(&paragraph.text) {
            title = Some(paragraph.text.clone());
            *block = Block::Heading(Heading {
                links: paragraph.links.clone(),
                level: 1,
                numbering: None,
                text: paragraph.text.clone(),
                origin: paragraph.origin.clone(),
            });
        }
    }
    title
}

fn as_heading(paragraph: &Paragraph) -> Option<Heading> {
    let numbered = numbering::parse(&paragraph.text)?;
    let text = numbered.rest.trim();
    let body = text.strip_suffix(['。', '.']).unwrap_or(text);
    let limit = if numbered.style == numbering::Style::CjkComma {
        MAX_SECTION_HEADING_CHARS
    } else {
        MAX_HEADING_CHARS
    };
    let sentence_inside = body.contains(['。', '；', ';', '！', '!', '？', '?', ':', '：']);
    // A label followed by figures (`一、本年新收…21710000218`, or spaced
    // `…数量 6 0 0 0 0 0 6`) is a table row whose cells an export joined,
    // not a heading.
    let spaced_figures = body
        .split_whitespace()
        .rev()
        .take_while(|w| w.bytes().all(|b| b.is_ascii_digit()))
        .count();
    let ends_in_figures =
        body.bytes().rev().take_while(u8::is_ascii_digit).count() >= 3 || spaced_figures >= 2;
    if body.is_empty()
        || body.chars().count() > limit
        || sentence_inside
        || ends_in_figures
        || is_contents_entry(body)
    {
        return None;
    }
    Some(Heading {
        // The numbering leaves the text; a link on it goes with it.
        links: paragraph
            .links
            .iter()
            .filter(|l| text.contains(&l.anchor))
            .cloned()
            .collect(),
        level: numbered.style.heading_level(),
        numbering: Some(numbered.marker.trim().to_string()),
        text: text.to_string(),
        origin: paragraph.origin.clone(),
    })
}

/// `总体情况 1`, `总体情况……3`, `总体情况.....12`: an entry of a table of
/// contents (a page number after a gap or a dot leader), not the section.
fn is_contents_entry(body: &str) -> bool {
    let digits = body.bytes().rev().take_while(u8::is_ascii_digit).count();
    let before = body[..body.len() - digits].chars().next_back();
    (1..=3).contains(&digits)
        && before.is_some_and(|c| c.is_whitespace() || matches!(c, '…' | '.' | '·' | '．'))
}

/// `2022年政府信息公开工作年度报告`: a short line naming a report.
fn is_title(text: &str) -> bool {
    text.chars().count() <= MAX_TITLE_CHARS
        && text.contains("报告")
        && !text.contains(['。', '，', ',', '；', ';', ':', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_entries_are_not_headings() {
        for text in [
            "一、总体情况 1",
            "二、主动公开……3",
            "（一）依申请公开.....12",
        ] {
            let p = Paragraph {
                links: Vec::new(),
                text: text.into(),
                origin: None,
            };
            assert!(as_heading(&p).is_none(), "{text}");
        }
        let p = Paragraph {
            links: Vec::new(),
            text: "一、2022年工作情况".into(),
            origin: None,
        };
        assert!(as_heading(&p).is_some());
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            links: Vec::new(),
            text: text.to_string(),
            origin: None,
        })
    }

    fn kinds(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => format!(
                    "H{} {}|{}",
                    h.level,
                    h.numbering.as_deref().unwrap_or(""),
                    h.text
                ),
                Block::Paragraph(p) => format!("P {}", p.text),
                Block::List(l) => format!("L {}", l.items.len()),
                _ => "T".to_string(),
            })
            .collect()
    }

    #[test]
    fn sections_count_up() {
        let mut blocks = vec![
            paragraph("三、收到和处理政府信息公开申请情况"),
            paragraph("三、本年度办理结果"),
            paragraph("四、政府信息公开行政复议、行政诉讼情况"),
            paragraph("一、附件说明"),
        ];
        promote(&mut blocks, false);
        assert_eq!(
            kinds(&blocks),
            [
                "H1 三、|收到和处理政府信息公开申请情况",
                "P 三、本年度办理结果",
                "H1 四、|政府信息公开行政复议、行政诉讼情况",
                "H1 一、|附件说明",
            ]
        );
    }

    #[test]
    fn sheet_headings_do_not_mark_a_documents_headings() {
        let heading = |sheet: &str, range: Option<&str>| {
            Block::Heading(Heading {
                links: Vec::new(),
                level: 1,
                numbering: None,
                text: sheet.to_string(),
                origin: Some(crate::model::Origin {
                    sheet: Some(sheet.to_string()),
                    range: range.map(str::to_string),
                    ..Default::default()
                }),
            })
        };
        let sheets: Vec<Block> = ["甲", "乙", "丙"].map(|s| heading(s, None)).into();
        assert!(!format_marks_headings(&sheets));
        let cells: Vec<Block> = ["甲", "乙", "丙"].map(|s| heading(s, Some("A1"))).into();
        assert!(format_marks_headings(&cells));
    }

    #[test]
    fn a_title_broken_over_two_lines_is_joined() {
        let mut blocks = vec![
            paragraph("2024 年上海市科委政府信息公开工作"),
            paragraph("年度报告"),
            paragraph("一、总体情况"),
        ];
        let (title, diagnostics) = promote(&mut blocks, false);
        assert_eq!(
            title.as_deref(),
            Some("2024 年上海市科委政府信息公开工作年度报告")
        );
        assert_eq!(diagnostics[0].code, DiagnosticCode::TitleLinesJoined);
        assert_eq!(
            kinds(&blocks),
            [
                "H1 |2024 年上海市科委政府信息公开工作年度报告",
                "H1 一、|总体情况"
            ]
        );
        // Two lines that are a title and a subtitle stay apart.
        let mut blocks = vec![
            paragraph("2022年政府信息公开工作年度报告"),
            paragraph("年度报告"),
        ];
        promote(&mut blocks, false);
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn numbered_short_lines_become_headings() {
        let mut blocks = vec![
            paragraph("2022年政府信息公开工作年度报告"),
            paragraph("一、总体情况"),
            paragraph("（一）主动公开情况。2021年，我镇围绕“六稳”“六保”深化政府信息公开。"),
            paragraph("(四)聚焦政策落实,深化重点领域信息公开。"),
            paragraph("1、更新完善权责清单。对照法律法规规章,全面梳理。"),
            paragraph("2.健全主动发布机制"),
            paragraph("一、本年新收政府信息公开申请数量21710000218"),
        ];
        let (title, _) = promote(&mut blocks, false);
        assert_eq!(title.as_deref(), Some("2022年政府信息公开工作年度报告"));
        assert_eq!(
            kinds(&blocks),
            [
                "H1 |2022年政府信息公开工作年度报告",
                "H1 一、|总体情况",
                "P （一）主动公开情况。2021年，我镇围绕“六稳”“六保”深化政府信息公开。",
                "H2 (四)|聚焦政策落实,深化重点领域信息公开。",
                "P 1、更新完善权责清单。对照法律法规规章,全面梳理。",
                "H3 2.|健全主动发布机制",
                "P 一、本年新收政府信息公开申请数量21710000218",
            ]
        );
    }
}
