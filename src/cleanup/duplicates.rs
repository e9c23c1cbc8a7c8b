//! The opening of a report pasted a second time. Seed 000 shows the
//! export fault this pass exists for: after the first twenty lines, lines
//! 21–33 repeat lines 1–13 (the introduction and the first headings and
//! paragraphs), and only then does the report go on. The document starts
//! over; the later copy is removed, with code `duplicate_removed` and
//! severity `warning` since it is real text.
//!
//! Repeated text in general is never removed: documents repeat paragraphs,
//! code lines and standard sentences on purpose. The pass acts only on
//! this evidence, all of it:
//!
//! * the earlier copy is the document's opening: it starts at one of its
//!   first [`OPENING_BLOCKS`] blocks;
//! * the later copy starts right where the pasted stretch ended, before the
//!   document's first table, and repeats at least [`MIN_RUN`] consecutive
//!   blocks of the opening (equal trimmed texts, and numberings for
//!   headings);
//! * the repeated run holds a paragraph of at least [`MIN_ANCHOR_CHARS`]
//!   characters, so that a few short headings recurring cannot trigger it;
//! * the repeated run holds a block numbered in the document's own
//!   hierarchy (`一、…`, `（一）…`, `1、…`): repeating it breaks the
//!   numbering (`一、` twice before `二、`), which a document repeating text on
//!   purpose never does.
//!
//! The earlier copy always ends before the later one starts. A stretch
//! pasted several times in a row loses every later copy. Tables end the
//! search and are never removed (the repair pass owns them).
//!
//! Cost is linear: each block is compared with the opening at most once
//! per start position tried, and the start positions are the blocks equal
//! to one of the opening blocks.

use super::{is_space, place, quote, span_origin};
use crate::model::{Block, Diagnostic, DiagnosticCode};

const CODE: DiagnosticCode = DiagnosticCode::DuplicateRemoved;

/// The earlier copy starts among the document's first blocks (a title line
/// or two may stand before the pasted stretch).
const OPENING_BLOCKS: usize = 3;

/// A repeat of fewer blocks than this is not a second paste.
const MIN_RUN: usize = 3;

/// The repeated run needs a paragraph at least this long.
const MIN_ANCHOR_CHARS: usize = 40;

/// A later run `[later, later + len)` repeating `[earlier, earlier + len)`.
#[derive(Debug, Clone, Copy)]
struct Run {
    later: usize,
    earlier: usize,
    len: usize,
}

/// Removes a repeated opening; see the module documentation.
pub fn remove(blocks: &mut Vec<Block>, diagnostics: &mut Vec<Diagnostic>) {
    let end = blocks
        .iter()
        .position(|b| matches!(b, Block::Table(_)))
        .unwrap_or(blocks.len());
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 1;
    while i < end {
        match restart_at(blocks, i, end, &runs) {
            Some(run) => {
                runs.push(run);
                i = run.later + run.len;
            }
            None => i += 1,
        }
    }
    if runs.is_empty() {
        return;
    }
    let mut remove = vec![false; blocks.len()];
    for run in &runs {
        diagnostics.push(describe(blocks, *run));
        remove[run.later..run.later + run.len]
            .iter_mut()
            .for_each(|flag| *flag = true);
    }
    super::drop_marked(blocks, &remove);
}

/// The longest repeat of the opening that starts at block `i`, if it
/// qualifies. `removed` are the runs already found before `i`.
fn restart_at(blocks: &[Block], i: usize, end: usize, removed: &[Run]) -> Option<Run> {
    let is_removed = |k: usize| {
        removed
            .iter()
            .any(|r| (r.later..r.later + r.len).contains(&k))
    };
    let mut best: Option<Run> = None;
    for earlier in 0..OPENING_BLOCKS.min(i) {
        if !same(&blocks[earlier], &blocks[i]) {
            continue;
        }
        // The pasted stretch holds its first block once: a text that recurs
        // all through the opening is repeated text, not a second paste.
        if (earlier + 1..i).any(|k| !is_removed(k) && same(&blocks[earlier], &blocks[k])) {
            continue;
        }
        let mut len = 1;
        while earlier + len < i && i + len < end && same(&blocks[earlier + len], &blocks[i + len]) {
            len += 1;
        }
        let run = &blocks[i..i + len];
        let anchored = run.iter().any(is_anchor) && run.iter().any(is_numbered);
        if len >= MIN_RUN && anchored && best.is_none_or(|b| len > b.len) {
            best = Some(Run {
                later: i,
                earlier,
                len,
            });
        }
    }
    best
}

/// A paragraph long enough that its repeat cannot be a coincidence.
fn is_anchor(block: &Block) -> bool {
    let Block::Paragraph(p) = block else {
        return false;
    };
    let text = p.text.trim_matches(is_space);
    text.len() >= MIN_ANCHOR_CHARS && text.chars().count() >= MIN_ANCHOR_CHARS
}

/// A block numbered in the document's hierarchy: a numbered heading, or a
/// paragraph opening with such a numbering (headings are recognised only
/// after cleanup).
fn is_numbered(block: &Block) -> bool {
    match block {
        Block::Heading(h) => h.numbering.is_some(),
        Block::Paragraph(p) => crate::numbering::parse(&p.text).is_some(),
        _ => false,
    }
}

/// Whether two blocks hold the same text: same kind, same numbering for
/// headings, equal trimmed text. Tables and lists never match.
fn same(a: &Block, b: &Block) -> bool {
    match (a, b) {
        (Block::Heading(x), Block::Heading(y)) => {
            x.numbering.as_deref().map(str::trim) == y.numbering.as_deref().map(str::trim)
                && x.text.trim_matches(is_space) == y.text.trim_matches(is_space)
        }
        (Block::Paragraph(x), Block::Paragraph(y)) => {
            x.text.trim_matches(is_space) == y.text.trim_matches(is_space)
        }
        _ => false,
    }
}

fn describe(blocks: &[Block], run: Run) -> Diagnostic {
    let last = run.len - 1;
    let later = span_origin(&blocks[run.later], &blocks[run.later + last]);
    let earlier = span_origin(&blocks[run.earlier], &blocks[run.earlier + last]);
    let start = super::text_of(&blocks[run.later]).unwrap_or("");
    let message = format!(
        "removed {} duplicated blocks at {}, a repeat of the blocks at {}; the removed copy starts {} (evidence: the document starts over there, repeating its opening before its first table)",
        run.len,
        place(later.as_ref()),
        place(earlier.as_ref()),
        quote(start)
    );
    Diagnostic::new(CODE, message).with_origin(later)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{Origin, Severity};

    fn run(blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        remove(blocks, &mut diagnostics);
        diagnostics
    }

    /// Seed 000's first twenty lines, one block per line (paragraphs cut
    /// short, but all numbered items still ≥ 40 characters).
    fn seed_000_opening(first_line: usize) -> Vec<Block> {
        let items: [(Option<&str>, &str); 20] = [
            (
                None,
                "2022年,在上级政府的高度重视和正确领导下,安棚镇结合自身实际,以政府网站为载体,进一步夯实平台、内容、制度和基础建设。",
            ),
            (Some("一、"), "2022年工作完成情况"),
            (Some("(一)"), "加强用权公开方面"),
            (
                None,
                "1、更新完善权责清单。对照法律法规规章,全面梳理各部门依法行使的行政权力和依法承担的公共服务职责。",
            ),
            (
                None,
                "2、全面推进政务公开标准化规范化工作。每月及时在安棚政府网站、微信公众号上更新信息。",
            ),
            (Some("(二)"), "围绕“六稳”“六保”,加强政策发布解读方面"),
            (
                None,
                "1、扎实做好“六稳”“六保”相关政策和措施公开。加强各类优惠政策信息的转载和发布,释放更多积极信号。",
            ),
            (Some("(三)"), "加强优化营商环境信息公开"),
            (
                None,
                "1、加强窗口业务培训,提高服务质量。加强便民服务大厅人员的业务培训,提高窗口服务质量。",
            ),
            (
                None,
                "2、全面优化办事流程。通过“豫事办”APP、政务服务窗口等手段,让办事主体人民群众充分了解政策信息。",
            ),
            (
                None,
                "3、提升各类经济政策的发布质量。各类政策信息主要在中国政府网、河南省人民政府网等权威网站转载。",
            ),
            (Some("(四)"), "聚焦政策落实,深化重点领域信息公开。"),
            (
                None,
                "一是坚持做好疫情防控常态化下疫情信息发布工作,有效运用政府网站、政务新媒体,主动公开突发公共事件应急预案。",
            ),
            (
                None,
                "二是加强重点领域重点信息公开。贯彻“13710”工作法,做好重点领域风险防控信息公开。",
            ),
            (Some("(五)"), "贯彻执行政府信息公开条例方面"),
            (
                None,
                "1、进一步提升基础信息公开质量。我镇加强政府网站建设管理,严格按照统一规范和格式发布信息。",
            ),
            (
                None,
                "2、健全保密审查机制。我镇在信息公开过程中,严格执行信息公开工作的有关程序,严格执行公开审核制度。",
            ),
            (
                None,
                "3、加强重点领域信息公开,尤其是优化营商环境的各类信息,努力为群众提供“看得懂”、“真有用”的信息服务。",
            ),
            (Some("(六)"), "在依申请公开政府信息方面"),
            (
                None,
                "抓好依申请公开办理。镇政府办公室公开印发《关于进一步规范政府信息公开申请办理工作的通知》,推进全镇依申请公开工作。",
            ),
        ];
        items
            .iter()
            .enumerate()
            .map(|(k, (numbering, text))| match numbering {
                Some(n) => heading(first_line + k, Some(n), text),
                None => para(first_line + k, text),
            })
            .collect()
    }

    #[test]
    fn seed_000_repeat_is_removed_exactly() {
        let opening = seed_000_opening(1);
        let mut blocks = opening.clone();
        blocks.extend(seed_000_opening(21).into_iter().take(13));
        blocks.push(heading(34, Some("二、"), "主动公开政府信息情况"));
        blocks.push(table(
            35,
            &[&["第二十条第(一)项"], &["信息内容", "本年制发件数"]],
        ));
        blocks.push(heading(60, Some("三、"), "收到和处理政府信息公开申请情况"));
        let expected: Vec<Block> = opening
            .iter()
            .cloned()
            .chain(blocks[33..].iter().cloned())
            .collect();

        let diagnostics = run(&mut blocks);
        assert_eq!(blocks, expected);
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(d.code, DiagnosticCode::DuplicateRemoved);
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.origin, Some(Origin::lines(21, 33)));
        assert!(
            d.message.starts_with(
                "removed 13 duplicated blocks at lines 21–33, a repeat of the blocks at lines 1–13; \
                 the removed copy starts \"2022年,在上级政府的高度重视和正确领导下,安棚镇结合自身\u{2026}\""
            ),
            "{}",
            d.message
        );
    }

    #[test]
    fn repeated_short_headings_in_different_sections_are_kept() {
        let mut blocks = vec![
            heading(1, Some("一、"), "总体情况"),
            heading(2, Some("（一）"), "主动公开情况"),
            para(3, "全年共主动公开政府信息1234条。"),
            heading(4, Some("（二）"), "依申请公开情况"),
            para(5, "无。"),
            heading(6, Some("二、"), "主动公开政府信息情况"),
            heading(7, Some("（一）"), "主动公开情况"),
            para(8, "全年共主动公开政府信息1234条。"),
            heading(9, Some("（二）"), "依申请公开情况"),
            para(10, "无。"),
        ];
        let before = blocks.clone();
        assert!(run(&mut blocks).is_empty());
        assert_eq!(blocks, before);
    }

    #[test]
    fn a_repeated_long_paragraph_alone_elsewhere_is_kept() {
        // The same standard sentence closing two sections, not adjacent.
        let sentence = "本年度本机关未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况，也未收到相关投诉举报。";
        assert!(sentence.chars().count() >= MIN_ANCHOR_CHARS);
        let mut blocks = vec![
            heading(1, Some("四、"), "政府信息公开行政复议、行政诉讼情况"),
            para(2, sentence),
            heading(3, Some("五、"), "存在的主要问题及改进情况"),
            para(4, sentence),
        ];
        assert!(run(&mut blocks).is_empty());
    }

    #[test]
    fn tables_break_runs_and_are_never_removed() {
        let long = "2021年，我局严格落实政府信息公开条例，主动公开各类政府信息共计356条，其中机构职能类信息12条。";
        let t = table(3, &[&["规章", "0"]]);
        let mut blocks = vec![para(1, long), t.clone(), para(4, long), t.clone()];
        // Two identical long paragraphs separated by a table: not adjacent,
        // no run of two, so nothing goes.
        assert!(run(&mut blocks).is_empty());
        assert_eq!(blocks.len(), 4);
    }

    #[test]
    fn paragraphs_the_source_repeats_are_kept() {
        let long = "为进一步提升政务公开工作水平，我镇将继续深入贯彻落实《中华人民共和国政府信息公开条例》，\
                    加强组织领导，完善工作机制，拓展公开渠道，强化监督考核，切实保障人民群众的知情权、参与权和监督权。";
        let mut blocks = vec![
            heading(1, Some("五、"), "存在的主要问题及改进情况"),
            para(2, long),
            para(3, long),
            para(4, long),
            para(5, "六、其他需要报告的事项"),
        ];
        let before = blocks.clone();
        assert!(run(&mut blocks).is_empty());
        assert_eq!(blocks, before);
        // A run repeated later in the document, away from its opening.
        let section = |line: usize| {
            vec![
                heading(line, Some("（二）"), "依申请公开情况"),
                para(line + 1, long),
                heading(line + 2, Some("（三）"), "政府信息管理"),
            ]
        };
        let mut blocks = vec![para(1, "引言。"), para(2, "第二段。"), para(3, "第三段。")];
        blocks.extend(section(4));
        blocks.extend(section(7));
        let before = blocks.clone();
        assert!(run(&mut blocks).is_empty());
        assert_eq!(blocks, before);
    }

    #[test]
    fn a_run_pasted_three_times_keeps_only_the_first() {
        let long = "2022年，我区共收到政府信息公开申请58件，均已按照法定时限和程序办理完毕，未发生逾期答复的情况。";
        let section = |line: usize| {
            vec![
                heading(line, Some("（二）"), "依申请公开情况"),
                para(line + 1, long),
                heading(line + 2, Some("（三）"), "政府信息管理"),
            ]
        };
        let mut blocks = section(1);
        blocks.extend(section(4));
        blocks.extend(section(7));
        let diagnostics = run(&mut blocks);
        assert_eq!(blocks, section(1));
        assert_eq!(diagnostics.len(), 2);
        assert!(
            diagnostics[0]
                .message
                .starts_with("removed 3 duplicated blocks at lines 4–6")
        );
        assert!(
            diagnostics[1]
                .message
                .starts_with("removed 3 duplicated blocks at lines 7–9")
        );
        assert!(
            diagnostics[1]
                .message
                .contains("repeat of the blocks at lines 1–3")
        );
    }

    #[test]
    fn thousands_of_repeats_are_kept() {
        // Many identical long paragraphs: repeated text, not a second paste
        // of the opening stretch, since the repeat overlaps its original.
        let long = "依申请公开办理情况：本年度共受理申请12件，全部按时答复，其中予以公开8件，部分公开2件，不予公开2件。";
        let mut blocks: Vec<Block> = (0..3000).map(|k| para(k + 1, long)).collect();
        assert!(run(&mut blocks).is_empty());
        assert_eq!(blocks.len(), 3000);
    }
}
