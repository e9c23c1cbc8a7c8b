//! Finds a report's title, issuing body and year from its opening lines.

use crate::model::{Block, Metadata};

pub struct Identity {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub year: Option<i32>,
}

/// Endings of the names of issuing bodies, longest first.
const ISSUER_ENDINGS: [&str; 20] = [
    "人民政府办公室",
    "街道办事处",
    "人民政府",
    "办公室",
    "委员会",
    "管委会",
    "办事处",
    "政府",
    "街道",
    "中心",
    "局",
    "委",
    "办",
    "镇",
    "乡",
    "厅",
    "院",
    "署",
    "站",
    "馆",
];

/// Words that start the sentence after the issuer in an opening such as
/// `2022年,在…领导下,安棚镇结合自身实际`.
const VERBS_AFTER_ISSUER: [&str; 14] = [
    "结合", "深入", "认真", "坚持", "按照", "围绕", "紧紧", "全面", "积极", "始终", "严格", "不断",
    "持续", "以",
];

pub fn identify(blocks: &[Block], metadata: &Metadata) -> Identity {
    let texts: Vec<&str> = blocks
        .iter()
        .take(8)
        .filter_map(|b| match b {
            Block::Heading(h) if h.numbering.is_none() => Some(h.text.as_str()),
            Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect();
    let title_in_text = texts
        .iter()
        .find(|t| t.contains("报告") && t.chars().count() <= 40)
        .map(|t| t.to_string());
    // The file's own title (`<title>`, a PDF's /Title) is the report's
    // unless it names no report where the text's opening does: a browser
    // prints a page's `<title>`, which may be the issuer's name alone.
    let title = match (&metadata.title, &title_in_text) {
        (Some(own), Some(in_text)) if !own.contains("报告") => Some(in_text.clone()),
        (Some(own), _) => Some(own.clone()),
        (None, in_text) => in_text.clone(),
    };
    let year = metadata
        .year
        .or_else(|| title.as_deref().and_then(year_in))
        .or_else(|| opening_year(blocks))
        .or_else(|| commonest_year(blocks));
    // The report's own title names its issuer most surely; a line above
    // the title may be a site's name on a saved page.
    let issuer = metadata
        .issuer
        .clone()
        .or_else(|| title.as_deref().and_then(issuer_in_title))
        .or_else(|| issuer_line_before_title(&texts, title.as_deref()))
        // The file's title may be the page's `<title>` with the site's
        // name after it (`2022年…年度报告｜晋城市城区｜山西省人民政府`):
        // the line above the title the text shows.
        .or_else(|| issuer_line_before_title(&texts, title_in_text.as_deref()))
        .or_else(|| issuer_in_opening(blocks))
        .or_else(|| {
            // A file titled with the issuer's name alone.
            metadata
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| t.chars().count() <= 30 && ends_like_issuer(t))
                .map(str::to_string)
        });
    Identity {
        title,
        issuer,
        year,
    }
}

/// The first `20xx年` (or `19xx年`) in a text; white space may stand
/// between the digits and `年` (`2024 年`).
fn year_in(text: &str) -> Option<i32> {
    year_at(text).map(|(year, _, _)| year)
}

/// Every year in a text (`20xx年`, `19xx年`), in order.
pub fn years_in(text: &str) -> Vec<i32> {
    let mut years = Vec::new();
    let mut rest = text;
    while let Some((year, _, end)) = year_at(rest) {
        years.push(year);
        rest = &rest[end..];
    }
    years
}

/// The first year in a text, with the byte range of `20xx…年`.
fn year_at(text: &str) -> Option<(i32, usize, usize)> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = &text.get(i..i + 4)?;
        let after = &text.get(i + 4..)?;
        let spaced = after.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        (before_ok
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits.starts_with("20") || digits.starts_with("19"))
            && spaced.starts_with('年'))
        .then(|| {
            let end = text.len() - spaced.len() + '年'.len_utf8();
            digits.parse().ok().map(|y| (y, i, end))
        })
        .flatten()
    })
}

/// The first `chars` characters of a text.
fn head(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(i, _)| &text[..i])
}

/// `2022年,在上级政府的…`: the year an opening sentence starts with.
fn opening_year(blocks: &[Block]) -> Option<i32> {
    blocks.iter().take(6).find_map(|b| match b {
        Block::Paragraph(p)
            if p.text
                .get(..4)
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit())) =>
        {
            year_in(head(&p.text, 8))
        }
        _ => None,
    })
}

/// The year the report mentions most, for reports that never state it up front.
fn commonest_year(blocks: &[Block]) -> Option<i32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Paragraph(p) => p.text.as_str(),
            Block::Heading(h) => h.text.as_str(),
            _ => continue,
        };
        let mut rest = text;
        while let Some(year) = year_in(rest) {
            match counts.iter_mut().find(|(y, _)| *y == year) {
                Some((_, n)) => *n += 1,
                None => counts.push((year, 1)),
            }
            let at = rest.find(&year.to_string()).map_or(rest.len(), |i| i + 4);
            rest = &rest[at..];
        }
    }
    // Most mentions; among equals, the first mentioned.
    counts.iter().rev().max_by_key(|(_, n)| *n).map(|(y, _)| *y)
}

fn ends_like_issuer(text: &str) -> bool {
    ISSUER_ENDINGS.iter().any(|e| text.ends_with(e))
}

/// `晋城市城区人民政府办公室` on its own line above the title.
/// Every place the title stands is looked at: a page may repeat it (its
/// `<h1>` above, the report's own title line below the issuer).
fn issuer_line_before_title(texts: &[&str], title: Option<&str>) -> Option<String> {
    let title = title?;
    texts
        .iter()
        .enumerate()
        .filter(|(_, t)| **t == title)
        .find_map(|(at, _)| {
            let line = texts.get(at.checked_sub(1)?)?.trim();
            (line.chars().count() <= 30
                && ends_like_issuer(line)
                && !line.contains(['。', '，', ',']))
            .then(|| line.to_string())
        })
}

/// `XX县民政局2022年政府信息公开工作年度报告`: the name before the year;
/// `2023年某某县人民政府办公室政府信息公开工作年度报告`: the name between
/// the year and `政府信息公开` (`2023年度…`, `2023 年…` too).
fn issuer_in_title(title: &str) -> Option<String> {
    let title = title.trim_start_matches(['#', ' ']);
    let (_, start, end) = year_at(title)?;
    let before = title[..start].trim();
    if !before.is_empty() && ends_like_issuer(before) {
        return Some(before.to_string());
    }
    let after = title[end..].trim_start_matches('度').trim_start();
    let subject = ["政府信息公开", "信息公开", "政务公开"]
        .iter()
        .find_map(|s| after.find(s))?;
    let name = after[..subject].trim();
    if name.is_empty() || name.chars().count() > 30 || name.contains(['，', ',', '。']) {
        return None;
    }
    if ends_like_issuer(name) {
        return Some(name.to_string());
    }
    // `某某县政府信息公开…`: the issuer's `政府` is the subject's first word.
    let with_government = format!("{name}政府");
    (after[subject..].starts_with("政府信息公开") && ends_like_issuer(&with_government))
        .then_some(with_government)
}

/// `2022年,在上级政府的高度重视和正确领导下,安棚镇结合自身实际…`.
fn issuer_in_opening(blocks: &[Block]) -> Option<String> {
    let text = blocks.iter().take(6).find_map(|b| match b {
        Block::Paragraph(p) if year_in(head(&p.text, 8)).is_some() => Some(p.text.as_str()),
        _ => None,
    })?;
    let sentence = text.split('。').next()?;
    let after = sentence
        .split_once("领导下")?
        .1
        .trim_start_matches([',', '，', ' ']);
    let end = VERBS_AFTER_ISSUER
        .iter()
        .filter_map(|v| after.find(v))
        .min()
        .unwrap_or(after.len());
    let name = after[..end].trim();
    (name.chars().count() <= 20
        && !name.is_empty()
        && ends_like_issuer(name)
        && !name.contains([',', '，', '、']))
    .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_issuers_from_the_usual_places() {
        assert_eq!(year_in("2022年政府信息公开工作年度报告"), Some(2022));
        assert_eq!(year_in("第12022年"), None);
        assert_eq!(
            issuer_in_title("襄州区民政局2020年政府信息公开工作年度报告").as_deref(),
            Some("襄州区民政局")
        );
        assert_eq!(
            year_in("2024 年上海市科委政府信息公开工作年度报告"),
            Some(2024)
        );
        for (title, issuer) in [
            (
                "2023年某某县人民政府办公室政府信息公开工作年度报告",
                Some("某某县人民政府办公室"),
            ),
            (
                "2024 年上海市科委政府信息公开工作年度报告",
                Some("上海市科委"),
            ),
            (
                "2022年度某某市民政局政府信息公开工作年度报告",
                Some("某某市民政局"),
            ),
            ("2022年某某县政府信息公开工作年度报告", Some("某某县政府")),
            (
                "# 某某区统计局2023年政府信息公开工作年度报告",
                Some("某某区统计局"),
            ),
            ("2022年政府信息公开工作年度报告", None),
        ] {
            assert_eq!(issuer_in_title(title).as_deref(), issuer, "{title}");
        }
        let opening = Block::Paragraph(crate::model::Paragraph {
            links: Vec::new(),
            text: "2022年,在上级政府的高度重视和正确领导下,安棚镇结合自身实际,以政府网站为载体。"
                .into(),
            origin: None,
        });
        assert_eq!(
            issuer_in_opening(std::slice::from_ref(&opening)).as_deref(),
            Some("安棚镇")
        );
        assert_eq!(opening_year(&[opening]), Some(2022));
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph(crate::model::Paragraph::new(text, None))
    }

    #[test]
    fn a_file_titled_with_the_issuers_name_has_the_texts_title() {
        // A page printed to PDF: its /Title is the page's `<title>`, the
        // issuer's name; the report's title stands in the text.
        let blocks = [
            paragraph("晋城市城区人民政府办公室"),
            paragraph("2022年政府信息公开工作年度报告"),
        ];
        let titled = |title: &str| Metadata {
            title: Some(title.to_string()),
            ..Metadata::default()
        };
        let found = identify(&blocks, &titled("晋城市城区人民政府办公室"));
        assert_eq!(
            found.title.as_deref(),
            Some("2022年政府信息公开工作年度报告")
        );
        assert_eq!(found.issuer.as_deref(), Some("晋城市城区人民政府办公室"));
        assert_eq!(found.year, Some(2022));
        // Without the issuer's line, the file's title still names it.
        let found = identify(&blocks[1..], &titled("晋城市城区人民政府办公室"));
        assert_eq!(found.issuer.as_deref(), Some("晋城市城区人民政府办公室"));
        // A file title that names the report stays the title.
        let own = "城区政府办2022年政府信息公开工作年度报告";
        assert_eq!(identify(&blocks, &titled(own)).title.as_deref(), Some(own));
        // A page's `<title>` with the site after it: the issuer stands
        // above the title the text shows.
        let page = "2022年政府信息公开工作年度报告｜晋城市城区｜山西省人民政府";
        let found = identify(&blocks, &titled(page));
        assert_eq!(found.title.as_deref(), Some(page));
        assert_eq!(found.issuer.as_deref(), Some("晋城市城区人民政府办公室"));
    }
}
