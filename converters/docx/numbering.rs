//! List numbering from `word/numbering.xml`, rendered as the text Word
//! shows in front of a numbered paragraph (`一、`, `（二）`, `3.`, `1.2`).
//!
//! Counting follows Word: paragraphs whose `w:num` instances share one
//! `w:abstractNum` continue one sequence, a `w:startOverride` restarts it
//! where an instance is first used, and a level restarts whenever a
//! higher level counts. Only formats whose rendering is known are drawn:
//! decimal variants, letters, roman numerals, the enclosed digit forms and
//! the Chinese ones (`chineseCounting` 一、十一, `ideographDigital` 一〇,
//! `chineseLegalSimplified` 壹, `ideographTraditional` 甲). Bullets give
//! their character; other formats (spelled-out English ordinals, custom
//! formats) are reported as not drawable, so the lowering can say so.
//! Each counted paragraph also says which list (`w:abstractNum`) and level
//! it belongs to, which the lowering groups into list blocks.

use super::doc::NumRef;
use super::xml::{Element, Flow, Ns, Visitor};
use docmend_core::counters::{chinese, chinese_digits, roman};
use std::collections::{HashMap, HashSet};

const LEVELS: usize = 9;

#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: NumFormat,
    text: Option<String>,
    legal: bool,
    suffix: Suffix,
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: NumFormat::Decimal,
            text: None,
            legal: false,
            suffix: Suffix::Tab,
            style: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumFormat {
    Decimal,
    DecimalZero,
    FullWidth,
    Circled,
    Paren,
    Fullstop,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    ChineseCounting,
    IdeographDigital,
    ChineseLegal,
    HeavenlyStems,
    EarthlyBranches,
    Bullet,
    None,
    Unknown,
}

fn format_of(name: &str) -> NumFormat {
    match name {
        "decimal" | "decimalHalfWidth" => NumFormat::Decimal,
        "decimalZero" => NumFormat::DecimalZero,
        "decimalFullWidth" | "decimalFullWidth2" => NumFormat::FullWidth,
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => NumFormat::Circled,
        "decimalEnclosedParen" => NumFormat::Paren,
        "decimalEnclosedFullstop" => NumFormat::Fullstop,
        "lowerLetter" => NumFormat::LowerLetter,
        "upperLetter" => NumFormat::UpperLetter,
        "lowerRoman" => NumFormat::LowerRoman,
        "upperRoman" => NumFormat::UpperRoman,
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => NumFormat::ChineseCounting,
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
            NumFormat::IdeographDigital
        }
        "chineseLegalSimplified" => NumFormat::ChineseLegal,
        "ideographTraditional" => NumFormat::HeavenlyStems,
        "ideographZodiac" => NumFormat::EarthlyBranches,
        "bullet" => NumFormat::Bullet,
        "none" => NumFormat::None,
        _ => NumFormat::Unknown,
    }
}

/// What follows the number: `w:suff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the levels are those of the definition that
    /// carries the numbering style of this name (`w:styleLink`).
    num_style_link: Option<String>,
    /// `w:styleLink`: this definition carries the numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: u32,
    starts: [Option<i64>; LEVELS],
    levels: [Option<Level>; LEVELS],
}

/// The list definitions of a document.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
}

/// What a list paragraph shows in front of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// The number as shown (`一、`) and what separates it from the text.
    Number(String, &'static str),
    /// A bullet: the character Word draws (private-use Symbol and
    /// Wingdings bullets as `•`), or `None` when the level draws nothing.
    Bullet(Option<String>),
    /// A number whose format this converter cannot draw.
    Unrenderable,
    /// A level whose format is `none`, or that has no text to draw: the
    /// paragraph shows no label and is not read as a list item.
    Nothing,
}

/// One list paragraph, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The `w:abstractNum` the paragraph counts in: paragraphs of one
    /// list share it.
    pub list: u32,
    /// The list level (`w:ilvl`, 0–8).
    pub level: u8,
    /// This paragraph started its sequence anew (a `w:startOverride` of
    /// its `w:num`, used here for the first time).
    pub restarted: bool,
    pub label: Label,
}

impl Numbering {
    /// The definition an instance counts in: the `w:abstractNum` it names,
    /// or, when that only links to a numbering style (`w:numStyleLink`),
    /// the definition that carries the style (`w:styleLink`).
    fn definition(&self, id: u32) -> Option<(u32, &Abstract)> {
        let named = self.abstracts.get(&id)?;
        let linked = named
            .num_style_link
            .as_deref()
            .filter(|_| named.levels.iter().all(Option::is_none))
            .and_then(|style| {
                self.abstracts
                    .iter()
                    .filter(|(_, a)| a.style_link.as_deref() == Some(style))
                    .min_by_key(|(id, _)| **id)
            });
        match linked {
            Some((&linked_id, linked)) => Some((linked_id, linked)),
            None => Some((id, named)),
        }
    }
}

/// Counts list items through a document in reading order.
pub struct Counter<'a> {
    defs: &'a Numbering,
    counts: HashMap<u32, [Option<i64>; LEVELS]>,
    used: HashSet<u32>,
}

impl<'a> Counter<'a> {
    pub fn new(defs: &'a Numbering) -> Counter<'a> {
        Counter {
            defs,
            counts: HashMap::new(),
            used: HashSet::new(),
        }
    }

    /// Counts one paragraph with numbering `num` (`style` is the
    /// paragraph's style id, for levels tied to a style). `None` when
    /// the reference names no list (`w:numId` 0 or an undefined list or
    /// level): the paragraph is not a list paragraph.
    pub fn next(&mut self, num: NumRef, style: Option<&str>) -> Option<Counted> {
        let id = num.num_id.filter(|&id| id != 0)?;
        let instance = self.defs.nums.get(&id)?;
        let (abstract_id, abs) = self.defs.definition(instance.abstract_id)?;
        let level_def = |l: usize| instance.levels[l].as_ref().or(abs.levels[l].as_ref());
        let level = match num.level {
            Some(l) => usize::from(l).min(LEVELS - 1),
            None => (0..LEVELS)
                .find(|&l| {
                    style.is_some() && level_def(l).and_then(|d| d.style.as_deref()) == style
                })
                .unwrap_or(0),
        };
        let counts = self.counts.entry(abstract_id).or_insert([None; LEVELS]);
        let mut restarted = false;
        if self.used.insert(id) {
            for (l, start) in instance.starts.iter().enumerate() {
                if let Some(start) = start {
                    counts[l] = Some(start - 1);
                    restarted |= l == level;
                }
            }
        }
        let def = level_def(level)?;
        counts[level] = Some(counts[level].map_or(def.start, |c| c + 1));
        for deeper in counts.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let label = match def.format {
            NumFormat::Bullet => Label::Bullet(def.text.as_deref().and_then(bullet)),
            NumFormat::None => Label::Nothing,
            NumFormat::Unknown => Label::Unrenderable,
            _ => match def.text.as_deref() {
                None => Label::Nothing,
                Some(template) => draw(template, level, def.legal, counts, &level_def)
                    .unwrap_or(Label::Unrenderable),
            },
        };
        Some(Counted {
            list: abstract_id,
            level: level as u8,
            restarted,
            label,
        })
    }
}

/// The bullet a level's `w:lvlText` draws. Symbol and Wingdings bullets
/// are private-use characters that only their font can show; they are
/// written as `•`.
fn bullet(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let private_use = |c: char| ('\u{E000}'..='\u{F8FF}').contains(&c);
    if text.chars().any(private_use) {
        return Some("•".to_string());
    }
    Some(text.to_string())
}

/// `w:lvlText` with `%1`…`%9` replaced by the counts, each drawn in its
/// level's format (decimal for higher levels under `w:isLgl`); `Nothing`
/// when the result is empty, `None` when a format cannot be drawn.
fn draw<'d>(
    template: &str,
    level: usize,
    legal: bool,
    counts: &[Option<i64>; LEVELS],
    level_def: &dyn Fn(usize) -> Option<&'d Level>,
) -> Option<Label> {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        let placeholder = (c == '%')
            .then(|| chars.peek().and_then(|d| d.to_digit(10)))
            .flatten()
            .filter(|d| (1..=LEVELS as u32).contains(d));
        let Some(d) = placeholder else {
            out.push(c);
            continue;
        };
        chars.next();
        let l = d as usize - 1;
        let shown_def = level_def(l);
        let value = counts[l].unwrap_or_else(|| shown_def.map_or(1, |d| d.start));
        let format = if legal && l < level {
            NumFormat::Decimal
        } else {
            shown_def.map_or(NumFormat::Decimal, |d| d.format)
        };
        out.push_str(&render(format, value)?);
    }
    if out.trim().is_empty() {
        return Some(Label::Nothing);
    }
    let suffix = level_def(level).map_or(Suffix::Tab, |d| d.suffix);
    let separator = match suffix {
        Suffix::Nothing => "",
        // CJK numbering carries its own punctuation (`一、`, `（一）`).
        _ if out.chars().last().is_some_and(|c| c >= '\u{2E80}') => "",
        _ => " ",
    };
    Some(Label::Number(out, separator))
}

fn render(format: NumFormat, n: i64) -> Option<String> {
    const CIRCLED: u32 = 0x2460;
    const PAREN: u32 = 0x2474;
    const FULLSTOP: u32 = 0x2488;
    let enclosed = |base: u32| {
        if (1..=20).contains(&n) {
            char::from_u32(base + n as u32 - 1).map(String::from)
        } else {
            Some(n.to_string())
        }
    };
    match format {
        NumFormat::Decimal => Some(n.to_string()),
        NumFormat::DecimalZero => Some(format!("{n:02}")),
        NumFormat::FullWidth => Some(
            n.to_string()
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        ),
        NumFormat::Circled => enclosed(CIRCLED),
        NumFormat::Paren => enclosed(PAREN),
        NumFormat::Fullstop => enclosed(FULLSTOP),
        NumFormat::LowerLetter => letters(n).map(|s| s.to_lowercase()),
        NumFormat::UpperLetter => letters(n),
        NumFormat::LowerRoman => roman(n).map(|s| s.to_lowercase()),
        NumFormat::UpperRoman => roman(n),
        NumFormat::ChineseCounting => chinese(n, false),
        NumFormat::ChineseLegal => chinese(n, true),
        NumFormat::IdeographDigital => Some(chinese_digits(n)),
        NumFormat::HeavenlyStems => cycle(
            n,
            &['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'],
        ),
        NumFormat::EarthlyBranches => cycle(
            n,
            &[
                '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
            ],
        ),
        NumFormat::Bullet | NumFormat::None | NumFormat::Unknown => None,
    }
}

fn cycle(n: i64, symbols: &[char]) -> Option<String> {
    let len = symbols.len() as i64;
    (n >= 1).then(|| symbols[((n - 1) % len) as usize].to_string())
}

/// `a`…`z`, then `aa`, `bb`… as Word counts letters.
fn letters(n: i64) -> Option<String> {
    if !(1..=780).contains(&n) {
        return None;
    }
    let letter = (b'A' + ((n - 1) % 26) as u8) as char;
    Some(std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect())
}

/// Reads `numbering.xml`.
#[derive(Default)]
pub struct NumberingReader {
    defs: Numbering,
    abstract_id: Option<u32>,
    num_id: Option<u32>,
    override_level: Option<usize>,
    level: Option<(usize, Level)>,
}

impl NumberingReader {
    pub fn finish(self) -> Numbering {
        self.defs
    }
}

fn val_u32(element: &Element<'_, '_>, name: &str) -> Option<u32> {
    element.attr(name).and_then(|v| v.trim().parse().ok())
}

impl Visitor for NumberingReader {
    fn start(&mut self, element: &Element<'_, '_>) -> Flow {
        if element.ns != Ns::Word {
            return Flow::Enter;
        }
        match element.local {
            "abstractNum" => {
                self.abstract_id = val_u32(element, "abstractNumId");
                if let Some(id) = self.abstract_id {
                    self.defs.abstracts.entry(id).or_default();
                }
            }
            "num" => {
                self.num_id = val_u32(element, "numId");
                if let Some(id) = self.num_id {
                    self.defs.nums.entry(id).or_default();
                }
            }
            "abstractNumId" => {
                if let (Some(id), Some(target)) = (self.num_id, val_u32(element, "val"))
                    && let Some(num) = self.defs.nums.get_mut(&id)
                {
                    num.abstract_id = target;
                }
            }
            "numStyleLink" | "styleLink" if self.level.is_none() && self.num_id.is_none() => {
                let value = element.attr("val").map(|v| v.trim().to_string());
                if let Some(abs) = self
                    .abstract_id
                    .and_then(|id| self.defs.abstracts.get_mut(&id))
                {
                    if element.local == "numStyleLink" {
                        abs.num_style_link = value;
                    } else {
                        abs.style_link = value;
                    }
                }
            }
            "lvlOverride" => {
                self.override_level = val_u32(element, "ilvl").map(|l| l as usize);
            }
            "startOverride" => {
                if let (Some(id), Some(l)) = (self.num_id, self.override_level)
                    && l < LEVELS
                    && let Some(num) = self.defs.nums.get_mut(&id)
                {
                    num.starts[l] = element.attr("val").and_then(|v| v.trim().parse().ok());
                }
            }
            "lvl" => {
                let l = val_u32(element, "ilvl").map_or(0, |l| l as usize);
                if l < LEVELS {
                    self.level = Some((l, Level::default()));
                }
            }
            name => {
                if let Some((_, level)) = self.level.as_mut() {
                    let value = element.attr("val");
                    match (name, value) {
                        ("start", Some(v)) => level.start = v.trim().parse().unwrap_or(1),
                        ("numFmt", Some(v)) => {
                            // Word 2010 offers a custom format first and a
                            // plain one for older readers: keep a format
                            // that can be drawn.
                            let format = format_of(&v);
                            if format != NumFormat::Unknown || level.format == NumFormat::Decimal {
                                level.format = format;
                            }
                        }
                        ("lvlText", Some(v)) => level.text = Some(v.into_owned()),
                        ("isLgl", v) => level.legal = !matches!(v.as_deref(), Some("0" | "false")),
                        ("suff", Some(v)) => {
                            level.suffix = match v.as_ref() {
                                "space" => Suffix::Space,
                                "nothing" => Suffix::Nothing,
                                _ => Suffix::Tab,
                            }
                        }
                        ("pStyle", Some(v)) => level.style = Some(v.into_owned()),
                        _ => {}
                    }
                }
            }
        }
        Flow::Enter
    }

    fn end(&mut self, ns: Ns, local: &str) {
        if ns != Ns::Word {
            return;
        }
        match local {
            "lvl" => {
                let Some((l, level)) = self.level.take() else {
                    return;
                };
                if let (Some(id), Some(_)) = (self.num_id, self.override_level) {
                    if let Some(num) = self.defs.nums.get_mut(&id) {
                        num.levels[l] = Some(level);
                    }
                } else if let Some(id) = self.abstract_id
                    && let Some(abs) = self.defs.abstracts.get_mut(&id)
                {
                    abs.levels[l] = Some(level);
                }
            }
            "lvlOverride" => self.override_level = None,
            "abstractNum" => self.abstract_id = None,
            "num" => self.num_id = None,
            _ => {}
        }
    }

    fn text(&mut self, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::{Limits, walk};

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn numbering(body: &str) -> Numbering {
        let xml = format!(r#"<w:numbering xmlns:w="{W}">{body}</w:numbering>"#);
        let mut reader = NumberingReader::default();
        walk(
            "numbering.xml",
            xml.as_bytes(),
            Limits::bytes(1 << 20),
            &mut reader,
        )
        .unwrap();
        reader.finish()
    }

    fn at(num_id: u32, level: u8) -> NumRef {
        NumRef {
            num_id: Some(num_id),
            level: Some(level),
        }
    }

    fn text(counted: Option<Counted>) -> String {
        match counted.map(|c| c.label) {
            Some(Label::Number(t, sep)) => format!("{t}{sep}"),
            Some(other) => format!("{other:?}"),
            None => "None".to_string(),
        }
    }

    #[test]
    fn chinese_report_numbering() {
        let defs = numbering(
            r#"<w:abstractNum w:abstractNumId="0">
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
                 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
                 <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%4"/></w:lvl>
               </w:abstractNum>
               <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
               <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="ordinalText"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
               <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>"#,
        );
        let mut counter = Counter::new(&defs);
        let labels: Vec<String> = [
            at(1, 0),
            at(1, 1),
            at(1, 1),
            at(1, 2),
            at(1, 0),
            at(1, 1),
            at(1, 3),
            at(2, 0),
            at(3, 0),
            at(4, 0),
            NumRef::default(),
            at(0, 0),
        ]
        .into_iter()
        .map(|n| text(counter.next(n, None)))
        .collect();
        assert_eq!(
            labels,
            [
                "一、",
                "（一）",
                "（二）",
                "1.",
                "二、",
                "（一）",
                "2.1 ",
                "Bullet(Some(\"•\"))",
                "五、",
                "Unrenderable",
                "None",
                "None"
            ]
        );
    }

    #[test]
    fn list_styles_bullets_and_restarts() {
        let defs = numbering(
            r#"<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Outline"/></w:abstractNum>
               <w:abstractNum w:abstractNumId="2"><w:styleLink w:val="Outline"/>
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>
                 <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0A7;"/></w:lvl></w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
        );
        let mut counter = Counter::new(&defs);
        let first = counter.next(at(1, 0), None).unwrap();
        assert_eq!(first.label, Label::Number("A.".into(), " "));
        assert_eq!((first.list, first.restarted), (2, false));
        let bullet = counter.next(at(1, 1), None).unwrap();
        assert_eq!(bullet.label, Label::Bullet(Some("•".into())));
        assert_eq!(text(counter.next(at(1, 0), None)), "B. ");
        // Another instance of the same definition that starts over.
        let again = counter.next(at(2, 0), None).unwrap();
        assert_eq!(again.label, Label::Number("A.".into(), " "));
        assert!(again.restarted);
    }

    #[test]
    fn numerals() {
        let c = |n| chinese(n, false).unwrap();
        assert_eq!(
            [1, 10, 11, 20, 23, 100, 101, 110, 1005, 10_001, 12_345].map(c),
            [
                "一",
                "十",
                "十一",
                "二十",
                "二十三",
                "一百",
                "一百零一",
                "一百一十",
                "一千零五",
                "一万零一",
                "一万二千三百四十五"
            ]
        );
        assert_eq!(chinese(12, true).unwrap(), "壹拾贰");
        assert_eq!(render(NumFormat::IdeographDigital, 10).unwrap(), "一〇");
        assert_eq!(render(NumFormat::Circled, 3).unwrap(), "③");
        assert_eq!(render(NumFormat::LowerRoman, 14).unwrap(), "xiv");
        assert_eq!(render(NumFormat::UpperLetter, 28).unwrap(), "BB");
        assert_eq!(render(NumFormat::HeavenlyStems, 3).unwrap(), "丙");
        assert_eq!(render(NumFormat::FullWidth, 12).unwrap(), "１２");
    }
}
