//! Spaces: exports pad texts with full-width (U+3000), non-breaking (U+00A0)
//! and zero-width spaces — Word's first-line indent typed as `　　`, or cells
//! centred by hand (`　　0` in seed 002). They are trimmed from both ends of
//! every heading, paragraph and table cell text (`spaces_trimmed`); inside a
//! text they are kept, because there they can be meaningful. A paragraph
//! that held nothing but such spaces is removed (and counted in the same
//! diagnostic); a text that was already empty is not this pass's business.
//!
//! The one exception is a short CJK label spread out with spaces, as table
//! headers and centred headings often are (`自 然 人`, `商业 企业`): the
//! spaces are removed so the label reads as the word it is
//! (`label_spaces_removed`). Latin words and digit groups are never joined.
//!
//! Both jobs report one summary diagnostic per document (with a few
//! examples for labels) rather than one per text, since a single report can
//! have hundreds of padded cells.

use super::{drop_marked, is_space, place, quote};
use crate::model::{Block, Diagnostic, DiagnosticCode, Number, Origin};

/// A label is at most this many characters, spaces not counted.
const MAX_LABEL_CHARS: usize = 12;

/// How many joined labels a message lists before summarising the rest.
const MAX_EXAMPLES: usize = 5;

/// Trims padding and joins spaced labels; see the module documentation.
#[allow(
    clippy::collapsible_match,
    reason = "trimming changes the text: it belongs in the arm, not in a match guard"
)]
pub fn tidy(blocks: &mut Vec<Block>, diagnostics: &mut Vec<Diagnostic>) {
    let mut trims = Tally::default();
    let mut labels = Labels::default();
    let mut remove: Vec<bool> = Vec::new();

    for (index, block) in blocks.iter_mut().enumerate() {
        match block {
            Block::Heading(h) => {
                if trim_in_place(&mut h.text) {
                    trims.texts += 1;
                    trims.note(h.origin.as_ref());
                }
                if let Some(joined) = join_label(&h.text) {
                    let what = format!("heading at {}", place(h.origin.as_ref()));
                    labels.note(&h.text, &joined, what, h.origin.as_ref());
                    h.text = joined;
                }
            }
            Block::Paragraph(p) => {
                if trim_in_place(&mut p.text) {
                    trims.texts += 1;
                    trims.note(p.origin.as_ref());
                    // A paragraph of nothing but padding carries nothing.
                    if p.text.is_empty() {
                        trims.blank_paragraphs += 1;
                        if remove.len() <= index {
                            remove.resize(index + 1, false);
                        }
                        remove[index] = true;
                    }
                }
            }
            Block::List(l) => {
                for item in &mut l.items {
                    if trim_in_place(&mut item.text) {
                        trims.texts += 1;
                        trims.note(l.origin.as_ref());
                    }
                }
            }
            Block::Table(t) => {
                for cell in &mut t.cells {
                    let mut changed = false;
                    if trim_in_place(&mut cell.text) {
                        trims.cells += 1;
                        trims.note(t.origin.as_ref());
                        changed = true;
                    }
                    if let Some(joined) = join_label(&cell.text) {
                        let what = format!(
                            "cell (row {}, column {}) of the table at {}",
                            cell.row,
                            cell.col,
                            place(t.origin.as_ref())
                        );
                        labels.note(&cell.text, &joined, what, t.origin.as_ref());
                        cell.text = joined;
                        changed = true;
                    }
                    if changed {
                        cell.value = Number::parse(&cell.text);
                    }
                }
            }
            _ => {}
        }
    }

    if !remove.is_empty() {
        drop_marked(blocks, &remove);
    }
    if let Some(d) = trims.diagnostic() {
        diagnostics.push(d);
    }
    if let Some(d) = labels.diagnostic() {
        diagnostics.push(d);
    }
}

/// Counts of trimmed texts, for the summary diagnostic.
#[derive(Default)]
struct Tally {
    texts: usize,
    cells: usize,
    blank_paragraphs: usize,
    first: Option<Option<Origin>>,
}

impl Tally {
    fn note(&mut self, origin: Option<&Origin>) {
        if self.first.is_none() {
            self.first = Some(origin.cloned());
        }
    }

    fn diagnostic(self) -> Option<Diagnostic> {
        let first = self.first?;
        let total = self.texts + self.cells;
        let mut message = format!(
            "trimmed full-width/non-breaking/zero-width/ASCII spaces from the ends of texts in {total} place{} \
             ({} heading/paragraph text{}, {} table cell{}), first at {}",
            plural(total),
            self.texts,
            plural(self.texts),
            self.cells,
            plural(self.cells),
            place(first.as_ref()),
        );
        if self.blank_paragraphs > 0 {
            message.push_str(&format!(
                "; removed {} paragraph{} that held only spaces",
                self.blank_paragraphs,
                plural(self.blank_paragraphs)
            ));
        }
        Some(Diagnostic::new(DiagnosticCode::SpacesTrimmed, message).with_origin(first))
    }
}

/// Joined labels, for the summary diagnostic.
#[derive(Default)]
struct Labels {
    count: usize,
    examples: Vec<String>,
    first: Option<Option<Origin>>,
}

impl Labels {
    fn note(&mut self, before: &str, after: &str, what: String, origin: Option<&Origin>) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some(origin.cloned());
        }
        if self.examples.len() < MAX_EXAMPLES {
            self.examples
                .push(format!("{} → {} in {what}", quote(before), quote(after)));
        }
    }

    fn diagnostic(self) -> Option<Diagnostic> {
        let first = self.first?;
        let mut message = format!(
            "removed the spaces inside {} short CJK label{}: {}",
            self.count,
            plural(self.count),
            self.examples.join("; ")
        );
        if self.count > self.examples.len() {
            message.push_str(&format!(" and {} more", self.count - self.examples.len()));
        }
        Some(Diagnostic::new(DiagnosticCode::LabelSpacesRemoved, message).with_origin(first))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Trims [`is_space`] characters from both ends without reallocating.
/// Returns whether anything was removed.
pub(super) fn trim_in_place(text: &mut String) -> bool {
    let end = text.trim_end_matches(is_space).len();
    let start = end - text[..end].trim_start_matches(is_space).len();
    if start == 0 && end == text.len() {
        return false;
    }
    text.truncate(end);
    text.drain(..start);
    true
}

/// Ideographs as used in report labels (CJK Unified Ideographs, Extension A,
/// compatibility ideographs, the supplementary planes, and `〇`).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '〇')
}

/// The label without its spaces, when `text` is a short CJK label spread
/// out with spaces: only ideographs, in at least two groups separated by
/// exactly one space character each, at most [`MAX_LABEL_CHARS`] ideographs.
/// `text` must already be trimmed. Anything else (Latin words such as
/// `Excel 2007`, digit groups such as `1 234`, punctuation, double spaces,
/// long texts) gives `None`.
fn join_label(text: &str) -> Option<String> {
    // Fast path: most texts have no space at all, and a label is short.
    if text.len() > MAX_LABEL_CHARS * 4 * 2 || !text.contains(is_space) {
        return None;
    }
    let mut ideographs = 0;
    let mut previous_was_space = true; // so a leading space is rejected
    for c in text.chars() {
        if is_han(c) {
            ideographs += 1;
            previous_was_space = false;
        } else if is_space(c) && !previous_was_space {
            previous_was_space = true;
        } else {
            return None;
        }
    }
    if previous_was_space || ideographs > MAX_LABEL_CHARS {
        return None;
    }
    Some(text.chars().filter(|&c| !is_space(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::Severity;

    fn run(blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        tidy(blocks, &mut diagnostics);
        diagnostics
    }

    fn cell_texts(block: &Block) -> Vec<(String, Option<Number>)> {
        match block {
            Block::Table(t) => t.cells.iter().map(|c| (c.text.clone(), c.value)).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn padded_cells_are_trimmed_and_reparsed() {
        // Seed 002: cells exported as `　　0`, `\u{a0}　0`, `\u{a0}0`, `0 `.
        let mut blocks = vec![table(
            18,
            &[
                &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                &["规章", "　　0", "\u{a0}　0", "\u{a0}0 "],
                &["\u{feff}行政规范性文件\u{200b}", "12", "0", "3"],
            ],
        )];
        let diagnostics = run(&mut blocks);
        let cells = cell_texts(&blocks[0]);
        assert_eq!(cells[5], ("0".to_string(), Some(Number(0.0))));
        assert_eq!(cells[6], ("0".to_string(), Some(Number(0.0))));
        assert_eq!(cells[7], ("0".to_string(), Some(Number(0.0))));
        assert_eq!(cells[8].0, "行政规范性文件");
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(d.code, DiagnosticCode::SpacesTrimmed);
        assert_eq!(d.severity, Severity::Info);
        assert!(d.message.contains("in 4 places"), "{}", d.message);
        assert!(d.message.contains("4 table cells"), "{}", d.message);
        assert!(d.message.contains("lines 18–20"), "{}", d.message);
    }

    #[test]
    fn paragraph_indent_is_trimmed_but_inner_spaces_kept() {
        let mut blocks = vec![
            para(
                3,
                "　　2021年，我镇政府信息公开工作在县委、县政府的正确领导下稳步推进。",
            ),
            para(4, "依据 《条例》 第二十条\u{a0}规定。"),
            para(5, "\u{3000}\u{3000}"),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(
            texts(&blocks),
            [
                "2021年，我镇政府信息公开工作在县委、县政府的正确领导下稳步推进。",
                "依据 《条例》 第二十条\u{a0}规定。",
            ]
        );
        assert_eq!(diagnostics.len(), 1);
        let message = &diagnostics[0].message;
        assert!(message.contains("in 2 places"), "{message}");
        assert!(message.contains("first at line 3"), "{message}");
        assert!(
            message.contains("removed 1 paragraph that held only spaces"),
            "{message}"
        );
    }

    #[test]
    fn spaced_cjk_labels_are_joined() {
        let mut blocks = vec![
            heading(9, None, "总 体 情 况"),
            table(
                30,
                &[
                    &["自 然 人", "法人或其他组织", "总计"],
                    &["商业 企业", "科研　机构", "社会公益组织"],
                ],
            ),
        ];
        let diagnostics = run(&mut blocks);
        assert_eq!(texts(&blocks)[0], "总体情况");
        let cells: Vec<String> = cell_texts(&blocks[1]).into_iter().map(|c| c.0).collect();
        assert_eq!(
            cells,
            [
                "自然人",
                "法人或其他组织",
                "总计",
                "商业企业",
                "科研机构",
                "社会公益组织"
            ]
        );
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(d.code, DiagnosticCode::LabelSpacesRemoved);
        assert!(d.message.contains("4 short CJK labels"), "{}", d.message);
        assert!(
            d.message.contains("\"自 然 人\" → \"自然人\""),
            "{}",
            d.message
        );
        assert!(d.message.contains("row 0, column 0"), "{}", d.message);
        assert!(d.message.contains("heading at line 9"), "{}", d.message);
    }

    #[test]
    fn latin_words_numbers_and_long_texts_are_not_joined() {
        let kept = [
            "Excel 2007",
            "1 234",
            "第 1 项",
            "其他 (单位)",
            "自然人  法人",
            "本行政机关 未收到 政府信息公开 申请 本年度 无 相关 情况 说明",
            "申请人情况",
        ];
        let rows: Vec<&[&str]> = vec![&kept[..]];
        let mut blocks = vec![table(1, &rows), para(2, "商业 企业")];
        let before = blocks.clone();
        assert!(run(&mut blocks).is_empty());
        // Paragraphs are prose: their inner spaces are never touched.
        assert_eq!(blocks, before);
    }

    #[test]
    fn trim_in_place_handles_all_space_and_clean_texts() {
        let mut s = "　\u{a0} ".to_string();
        assert!(trim_in_place(&mut s));
        assert_eq!(s, "");
        let mut s = "不变".to_string();
        assert!(!trim_in_place(&mut s));
        let mut s = "\u{200b}x\u{feff}".to_string();
        assert!(trim_in_place(&mut s));
        assert_eq!(s, "x");
    }
}
