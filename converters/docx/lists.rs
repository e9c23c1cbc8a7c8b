//! Groups list paragraphs into list blocks.
//!
//! The lowering gives each paragraph that belongs to a list (by
//! `w:numPr`, directly or through its style) as a [`ListPara`] among the
//! other blocks; [`assemble`] then:
//!
//! * keeps as a paragraph, with its number in front, a list paragraph that
//!   numbers a section of a Chinese report rather than an item of a list
//!   (see [`is_section`]); the shared heading pass then promotes it as it
//!   does typed numbering;
//! * joins consecutive list paragraphs into one [`List`]: any other block
//!   ends a list (empty paragraphs give no block and so do not), except a
//!   paragraph that switches numbering off between two items of the list,
//!   which continues the item before it on a new line; an item at
//!   the outermost level that belongs to another list definition, or whose
//!   numbering starts anew, begins a new list;
//! * gives each item its nesting level from the list levels (`w:ilvl`) of
//!   the items before it, so that an item is never more than one level
//!   deeper than the one before it.

use docmend_core::model::{Block, Link, List, ListItem, Origin, Paragraph};
use docmend_core::numbering::{self, Style};

/// A paragraph that belongs to a list, before grouping.
#[derive(Debug)]
pub struct ListPara {
    /// The list definition (`w:abstractNum`) it counts in.
    pub list: u32,
    /// Its list level (`w:ilvl`).
    pub ilvl: u8,
    /// Its numbering started anew here (`w:startOverride`).
    pub restarted: bool,
    pub ordered: bool,
    /// The number or bullet as drawn, if it can be drawn.
    pub marker: Option<String>,
    /// What separates a number from the text when it is written in front
    /// of it (`1. `, `一、`).
    pub separator: &'static str,
    pub text: String,
    pub links: Vec<Link>,
    pub origin: Origin,
}

/// A lowered block, or a list paragraph still to be grouped.
#[derive(Debug)]
pub enum Piece {
    Block(Block),
    Item(ListPara),
    /// A paragraph that switches list numbering off (`w:numId` 0):
    /// between two items of a list, a further paragraph of the item before
    /// it (Word and pandoc write an item's second paragraph so); elsewhere
    /// a paragraph.
    Continuation(Paragraph),
}

/// Turns the pieces into blocks: list paragraphs grouped into lists,
/// section numbers kept as numbered paragraphs. Returns the blocks and
/// how many list paragraphs were kept as section paragraphs.
pub fn assemble(pieces: Vec<Piece>) -> (Vec<Block>, usize) {
    let mut sections: Vec<bool> = Vec::with_capacity(pieces.len());
    for i in 0..pieces.len() {
        let follows_list_item = i > 0 && !sections[i - 1] && same_list(&pieces, i - 1, i);
        sections.push(!follows_list_item && is_section(&pieces, i));
    }
    // For each piece, whether the list goes on after it: the next piece
    // that is not a continuation is an item that joins the list open then.
    let goes_on: Vec<Option<&ListPara>> = {
        let mut next = None;
        let mut after: Vec<Option<&ListPara>> = vec![None; pieces.len()];
        for i in (0..pieces.len()).rev() {
            after[i] = next;
            match &pieces[i] {
                Piece::Continuation(_) => {}
                Piece::Item(item) if !sections[i] => next = Some(item),
                _ => next = None,
            }
        }
        after
    };
    let continues: Vec<bool> = {
        // Replayed on the levels alone, without building the lists.
        let mut open: Option<OpenList> = None;
        let mut continues = vec![false; pieces.len()];
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Continuation(_) => {
                    continues[i] = match (&open, goes_on[i]) {
                        (Some(list), Some(next)) => list.joins(next),
                        _ => false,
                    };
                    if !continues[i] {
                        open = None;
                    }
                }
                Piece::Item(item) if !sections[i] => {
                    let joins = open.as_ref().is_some_and(|l| l.joins(item));
                    match open.as_mut() {
                        Some(list) if joins => {
                            list.level_of(item.ilvl);
                        }
                        _ => open = Some(OpenList::new(item)),
                    }
                }
                _ => open = None,
            }
        }
        continues
    };
    let mut blocks = Vec::with_capacity(pieces.len());
    let mut open: Option<OpenList> = None;
    let mut kept = 0;
    for ((piece, section), continuation) in pieces.into_iter().zip(sections).zip(continues) {
        let item = match piece {
            Piece::Continuation(paragraph) => {
                match open.as_mut().and_then(|l| l.list.items.last_mut()) {
                    Some(item) if continuation => {
                        item.text.push('\n');
                        item.text.push_str(paragraph.text.trim());
                        item.links.extend(paragraph.links);
                    }
                    _ => {
                        blocks.extend(open.take().map(OpenList::finish));
                        blocks.push(Block::Paragraph(paragraph));
                    }
                }
                continue;
            }
            Piece::Block(block) => {
                blocks.extend(open.take().map(OpenList::finish));
                blocks.push(block);
                continue;
            }
            Piece::Item(item) if section => {
                blocks.extend(open.take().map(OpenList::finish));
                kept += 1;
                blocks.push(numbered_paragraph(item));
                continue;
            }
            Piece::Item(item) => item,
        };
        if let Some(list) = open.as_mut() {
            if list.joins(&item) {
                let level = list.level_of(item.ilvl);
                list.push(item, level);
                continue;
            }
            blocks.extend(open.take().map(OpenList::finish));
        }
        let mut list = OpenList::new(&item);
        list.push(item, 0);
        open = Some(list);
    }
    blocks.extend(open.map(OpenList::finish));
    (blocks, kept)
}

/// A list being filled.
struct OpenList {
    /// The list definition of its outermost items.
    root: u32,
    /// The `w:ilvl` of the open item at each nesting level.
    levels: Vec<u8>,
    list: List,
}

impl OpenList {
    fn new(first: &ListPara) -> OpenList {
        OpenList {
            root: first.list,
            levels: vec![first.ilvl],
            list: List {
                ordered: first.ordered,
                items: Vec::new(),
                origin: Some(first.origin.clone()),
            },
        }
    }

    /// Whether `item` goes on this list: it nests below the outermost
    /// level, or it is an outermost item of the same definition that does
    /// not start the count anew.
    fn joins(&self, item: &ListPara) -> bool {
        let outermost = self.levels.first().is_none_or(|&first| item.ilvl <= first);
        !outermost || (item.list == self.root && !item.restarted)
    }

    /// The nesting level an item of list level `ilvl` takes here: the
    /// level of the open item with the same `w:ilvl`, else one deeper than
    /// the nearest open item above it. Updates the open levels.
    fn level_of(&mut self, ilvl: u8) -> usize {
        while self.levels.last().is_some_and(|&top| top > ilvl) {
            self.levels.pop();
        }
        if self.levels.last() != Some(&ilvl) {
            self.levels.push(ilvl);
        }
        self.levels.len() - 1
    }

    fn push(&mut self, item: ListPara, level: usize) {
        self.list.items.push(ListItem {
            level: u8::try_from(level).unwrap_or(u8::MAX),
            ordered: item.ordered,
            marker: item.marker,
            text: item.text,
            links: item.links,
        });
    }

    fn finish(self) -> Block {
        Block::List(self.list)
    }
}

/// A list paragraph written as a paragraph with its number in front.
fn numbered_paragraph(item: ListPara) -> Block {
    let text = match &item.marker {
        Some(marker) => format!("{marker}{}{}", item.separator, item.text),
        None => item.text,
    };
    Block::Paragraph(Paragraph {
        text,
        links: item.links,
        origin: Some(item.origin),
    })
}

/// Whether pieces `a` and `b` are both list paragraphs of one list.
fn same_list(pieces: &[Piece], a: usize, b: usize) -> bool {
    matches!((pieces.get(a), pieces.get(b)),
        (Some(Piece::Item(x)), Some(Piece::Item(y))) if x.list == y.list)
}

/// Whether list paragraph `i` could number a section rather than a list
/// item.
///
/// Chinese reports number their sections `一、`, `（一）`, `1.`, `（1）`;
/// many type the numbers, some let Word number them. A list paragraph is
/// read as a section number when its number is one of these official
/// styles (the Arabic ones only in front of Chinese text) and neither the
/// block before it nor the block after it is another item of its list at
/// its level: sections are separated by their body text (or by their
/// sub-sections, tables), while the items of a list follow each other.
/// [`assemble`] also keeps an item that directly follows an item of its
/// list that is a list item in that list (a sub-item of a list).
fn is_section(pieces: &[Piece], i: usize) -> bool {
    let Some(Piece::Item(item)) = pieces.get(i) else {
        return false;
    };
    if !item.ordered || !is_official(item) {
        return false;
    }
    let sibling = |j: Option<usize>| {
        matches!(j.and_then(|j| pieces.get(j)),
            Some(Piece::Item(other)) if other.list == item.list && other.ilvl == item.ilvl)
    };
    !sibling(i.checked_sub(1)) && !sibling(Some(i + 1))
}

/// The item is numbered in one of the official styles of Chinese
/// documents.
fn is_official(item: &ListPara) -> bool {
    let Some(marker) = item.marker.as_deref() else {
        return false;
    };
    let numbered = format!("{marker}{}{}", item.separator, item.text);
    match numbering::parse(&numbered).map(|n| n.style) {
        Some(Style::CjkComma | Style::CjkParen) => true,
        Some(Style::ArabicDot | Style::ArabicParen | Style::Circled) => item
            .text
            .trim_start()
            .chars()
            .next()
            .is_some_and(docmend_core::cjk::is_wide),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(list: u32, ilvl: u8, marker: &str, text: &str) -> Piece {
        Piece::Item(ListPara {
            list,
            ilvl,
            restarted: false,
            ordered: marker != "•",
            marker: Some(marker.to_string()),
            separator: if marker.ends_with('.') { " " } else { "" },
            text: text.to_string(),
            links: Vec::new(),
            origin: Origin::default(),
        })
    }

    fn body(text: &str) -> Piece {
        Piece::Block(Block::Paragraph(Paragraph::new(text, None)))
    }

    fn shape(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => format!("P {}", p.text),
                Block::List(l) => format!(
                    "L {}",
                    l.items
                        .iter()
                        .map(|i| format!("{}{}", i.level, i.text))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn nesting_follows_list_levels() {
        let (blocks, _) = assemble(vec![
            item(1, 0, "1.", "a"),
            item(1, 2, "•", "b"),
            item(1, 1, "•", "c"),
            item(1, 0, "2.", "d"),
            item(2, 0, "•", "other list"),
            body("text"),
            item(2, 1, "•", "starts deep"),
        ]);
        assert_eq!(
            shape(&blocks),
            ["L 0a 1b 1c 0d", "L 0other list", "P text", "L 0starts deep"]
        );
    }

    #[test]
    fn report_sections_stay_numbered_paragraphs() {
        let (blocks, kept) = assemble(vec![
            item(1, 0, "一、", "总体情况"),
            body("正文。"),
            item(1, 0, "二、", "主动公开情况"),
            item(1, 1, "（一）", "规章"),
            body("正文。"),
            item(1, 1, "（二）", "规范性文件"),
            body("要点如下："),
            item(3, 0, "1.", "加强领导"),
            item(3, 0, "2.", "完善制度"),
            item(3, 1, "（1）", "细则"),
            body("正文。"),
        ]);
        assert_eq!(kept, 4);
        assert_eq!(
            shape(&blocks),
            [
                "P 一、总体情况",
                "P 正文。",
                "P 二、主动公开情况",
                "P （一）规章",
                "P 正文。",
                "P （二）规范性文件",
                "P 要点如下：",
                "L 0加强领导 0完善制度 1细则",
                "P 正文。",
            ]
        );
    }

    #[test]
    fn a_paragraph_without_numbering_continues_the_item_before_it() {
        let continuation =
            |text: &str| Piece::Continuation(Paragraph::new(text, Some(Origin::default())));
        let (blocks, _) = assemble(vec![
            continuation("before any list"),
            item(1, 0, "•", "one"),
            item(1, 1, "•", "four"),
            continuation("Sub paragraph"),
            item(1, 0, "•", "Same list"),
            // Not followed by an item of the open list: an introduction
            // to the next list, not a paragraph of this item.
            continuation("Also:"),
            item(2, 0, "1.", "other list"),
            continuation("the end"),
            body("text"),
            continuation("after a paragraph"),
        ]);
        assert_eq!(
            shape(&blocks),
            [
                "P before any list",
                "L 0one 1four\nSub paragraph 0Same list",
                "P Also:",
                "L 0other list",
                "P the end",
                "P text",
                "P after a paragraph"
            ]
        );
    }

    #[test]
    fn english_numbers_are_lists_even_between_paragraphs() {
        let (blocks, kept) = assemble(vec![
            item(1, 0, "1.", "Scope"),
            body("Text."),
            item(1, 0, "2.", "Terms"),
        ]);
        assert_eq!(kept, 0);
        assert_eq!(shape(&blocks), ["L 0Scope", "P Text.", "L 0Terms"]);
    }
}
