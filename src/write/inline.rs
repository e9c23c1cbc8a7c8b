//! What the writers share about running text: a heading's numbering put
//! back before its text, and a block's text cut into the runs its links
//! cover.

use crate::model::{Heading, Link};

/// The heading as printed: its numbering, then its text. A space between
/// them, except where Chinese is set tight: after CJK punctuation (`一、`,
/// `（一）`), and between a Chinese numbering and Chinese text (`(一)主动公开`).
pub fn heading_text(heading: &Heading) -> String {
    match heading.numbering.as_deref().map(str::trim) {
        Some(numbering) if !numbering.is_empty() => {
            let tight = numbering.chars().last().is_some_and(is_cjk_punctuation)
                || (numbering.chars().any(is_ideograph)
                    && heading.text.chars().next().is_some_and(is_ideograph));
            if tight {
                format!("{numbering}{}", heading.text)
            } else {
                format!("{numbering} {}", heading.text)
            }
        }
        _ => heading.text.clone(),
    }
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// A run of text, linked or not.
#[derive(Debug, PartialEq, Eq)]
pub struct Run<'a> {
    pub text: &'a str,
    pub target: Option<&'a str>,
}

/// `text` cut into runs: each link's anchor, found in order after the
/// previous one, becomes a linked run. A link whose anchor is not found
/// further on is left out (the text stays whole either way).
pub fn runs<'a>(text: &'a str, links: &'a [Link]) -> Vec<Run<'a>> {
    let mut runs = Vec::new();
    let mut from = 0;
    for link in links {
        if link.anchor.is_empty() {
            continue;
        }
        let Some(at) = text[from..].find(&link.anchor).map(|i| from + i) else {
            continue;
        };
        if at > from {
            runs.push(Run {
                text: &text[from..at],
                target: None,
            });
        }
        let end = at + link.anchor.len();
        runs.push(Run {
            text: &text[at..end],
            target: Some(&link.target),
        });
        from = end;
    }
    if from < text.len() || runs.is_empty() {
        runs.push(Run {
            text: &text[from..],
            target: None,
        });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(anchor: &str, target: &str) -> Link {
        Link {
            anchor: anchor.into(),
            target: target.into(),
        }
    }

    #[test]
    fn numbering_is_put_back_before_the_text() {
        let mut heading = Heading::new(1, Some("一、".into()), "总体情况", None);
        assert_eq!(heading_text(&heading), "一、总体情况");
        heading.numbering = Some("（二）".into());
        assert_eq!(heading_text(&heading), "（二）总体情况");
        heading.numbering = Some("(一)".into());
        assert_eq!(heading_text(&heading), "(一)总体情况");
        heading.numbering = Some("1.2".into());
        heading.text = "Scope".into();
        assert_eq!(heading_text(&heading), "1.2 Scope");
        heading.numbering = None;
        assert_eq!(heading_text(&heading), "Scope");
    }

    #[test]
    fn links_become_runs_in_order() {
        let links = [link("门户网站", "http://a"), link("门户网站", "http://b")];
        let found = runs("见门户网站和门户网站。", &links);
        let texts: Vec<(&str, Option<&str>)> = found.iter().map(|r| (r.text, r.target)).collect();
        assert_eq!(
            texts,
            [
                ("见", None),
                ("门户网站", Some("http://a")),
                ("和", None),
                ("门户网站", Some("http://b")),
                ("。", None)
            ]
        );
        // A missing anchor leaves the text as it is.
        let missing = [link("absent", "x")];
        let found = runs("no links here", &missing);
        assert_eq!(
            found,
            [Run {
                text: "no links here",
                target: None
            }]
        );
    }
}
