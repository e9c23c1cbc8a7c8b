//! The audit page of an annual report: its statistics tables with their
//! spans, every cell a check read marked (failed checks in red, with the
//! arithmetic written out beside the table; uncertain ones in amber), the
//! checks that passed, were uncertain or could not be assessed, the
//! table's repairs and the document's diagnostics. One standalone HTML page
//! per report, for a person checking a publisher's figures.

use super::grid::Grid;
use super::html::{escape, table_marked};
use super::inline::heading_text;
use crate::model::{Block, Check, CheckState, Document, Profile};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The page's style. Failed cells have a solid border of one exact colour
/// (#d00000), which a test finds in a screenshot of the rendered page.
const STYLE: &str = "\
body{font-family:system-ui,\"PingFang SC\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;\
max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}\
table{border-collapse:collapse;margin:1rem 0}\
th,td{border:1px solid #999;padding:.2rem .5rem;vertical-align:top}\
th{background:#eee}\
td.checked,th.checked{background:#e6f4e6}\
td.failed,th.failed{background:#ffd6d6;outline:3px solid #d00000;outline-offset:-3px}\
td.uncertain,th.uncertain{background:#fff1c2}\
sup.check{color:#d00000;font-weight:bold;margin-left:.2em}\
li.failed{color:#900}\
.summary td,.summary th{border:none;padding:0 1rem 0 0;background:none}\
.notes{color:#555;font-size:.9rem}";

/// The audit page of a report; `None` for a document without a profile.
pub fn audit(document: &Document) -> Option<String> {
    let profile = document.profile.as_ref()?;
    let mut out = String::new();
    let title = document
        .metadata
        .title
        .clone()
        .unwrap_or_else(|| document.source.path.clone());
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"docmend {}\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&format!("审计 {title}")),
        escape(&title)
    );
    summary(&mut out, document, profile);

    // Number the failed checks; mark each cell with the checks reading it.
    let failed = in_state(profile, CheckState::Failed);
    let mut failed_at: BTreeMap<(usize, usize, usize), Vec<usize>> = BTreeMap::new();
    let mut checked_at: BTreeSet<(usize, usize, usize)> = BTreeSet::new();
    let mut uncertain_at: BTreeSet<(usize, usize, usize)> = BTreeSet::new();
    for check in &profile.checks {
        let number = failed.iter().position(|f| std::ptr::eq(*f, check));
        for key in &check.keys {
            let Some(at) = profile.cells.get(key) else {
                continue;
            };
            let place = (at.block, at.row, at.col);
            match (number, check.state) {
                (Some(n), _) => failed_at.entry(place).or_default().push(n + 1),
                (None, CheckState::Uncertain) => {
                    uncertain_at.insert(place);
                }
                (None, _) => {
                    checked_at.insert(place);
                }
            }
        }
    }
    if !failed.is_empty() {
        out.push_str("<h2>Failed checks</h2>\n<ol>\n");
        for check in &failed {
            let _ = writeln!(
                out,
                "<li class=\"failed\"><code>{}</code>{}: {}</li>",
                escape(&check.rule),
                place_of(check.row.as_deref(), check.column.as_deref()),
                escape(&check.message)
            );
        }
        out.push_str("</ol>\n");
    }

    // The tables the figures were read from, in document order.
    let tables: BTreeSet<usize> = profile.cells.values().map(|at| at.block).collect();
    let mut heading: Option<String> = None;
    for (index, block) in document.blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => heading = Some(heading_text(h)),
            Block::Table(table) if tables.contains(&index) => {
                let _ = writeln!(
                    out,
                    "<h2 id=\"block-{index}\">{}</h2>",
                    escape(heading.as_deref().unwrap_or("Table"))
                );
                let grid = Grid::of(table);
                out.push_str(&table_marked(&grid, table.header_rows, |cell| {
                    let place = (index, cell.row, cell.col);
                    let text = escape(&cell.text).replace('\n', "<br>");
                    match failed_at.get(&place) {
                        Some(numbers) => {
                            let titles: Vec<String> = numbers
                                .iter()
                                .map(|n| format!("{n}. {}", failed[n - 1].message))
                                .collect();
                            let marks: String = numbers
                                .iter()
                                .map(|n| format!("<sup class=\"check\">{n}</sup>"))
                                .collect();
                            (
                                format!(
                                    " class=\"failed\" title=\"{}\"",
                                    escape(&titles.join("\n"))
                                ),
                                format!("{text}{marks}"),
                            )
                        }
                        None if uncertain_at.contains(&place) => {
                            (" class=\"uncertain\"".to_string(), text)
                        }
                        None if checked_at.contains(&place) => {
                            (" class=\"checked\"".to_string(), text)
                        }
                        None => (String::new(), text),
                    }
                }));
                if !table.repairs.is_empty() {
                    let _ = write!(
                        out,
                        "<details class=\"notes\"><summary>{} repairs of this table</summary>\n<ul>\n",
                        table.repairs.len()
                    );
                    for repair in &table.repairs {
                        let _ = writeln!(
                            out,
                            "<li>repaired: {}; evidence: {}</li>",
                            escape(&repair.detail),
                            escape(&repair.evidence)
                        );
                    }
                    out.push_str("</ul>\n</details>\n");
                }
            }
            _ => {}
        }
    }

    for (state, title) in [
        (CheckState::Uncertain, "Uncertain checks"),
        (CheckState::Passed, "Checks passed"),
    ] {
        let checks = in_state(profile, state);
        if checks.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h2>{title} ({})</h2>\n<ul class=\"notes\">",
            checks.len()
        );
        for check in checks {
            let recovered: Vec<String> = check
                .keys
                .iter()
                .filter_map(|key| {
                    let doubt = profile.uncertain.get(key)?;
                    Some(format!("{key}: {}", doubt.as_str()))
                })
                .collect();
            let note = if recovered.is_empty() {
                String::new()
            } else {
                format!(" (figures recovered, not read: {})", recovered.join(", "))
            };
            let _ = writeln!(
                out,
                "<li><code>{}</code>{}: {}{}</li>",
                escape(&check.rule),
                place_of(check.row.as_deref(), check.column.as_deref()),
                escape(&check.message),
                escape(&note)
            );
        }
        out.push_str("</ul>\n");
    }
    if !profile.document_checks.is_empty() {
        out.push_str("<h2>Document checks</h2>\n<ul class=\"notes\">\n");
        for check in &profile.document_checks {
            let class = if check.state == CheckState::Failed {
                " class=\"failed\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<li{class}>{} <code>{}</code>: {}</li>",
                check.state.as_str(),
                escape(&check.rule),
                escape(&check.message)
            );
        }
        out.push_str("</ul>\n");
    }
    if !profile.unassessed.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Not assessable ({})</h2>\n<ul class=\"notes\">",
            profile.unassessed.len()
        );
        for check in &profile.unassessed {
            let _ = writeln!(
                out,
                "<li><code>{}</code>{}: {}</li>",
                escape(&check.rule),
                place_of(check.row.as_deref(), check.column.as_deref()),
                escape(&check.message)
            );
        }
        out.push_str("</ul>\n");
    }
    if !document.diagnostics.is_empty() {
        out.push_str("<h2>Diagnostics</h2>\n<ul class=\"notes\">\n");
        for diagnostic in &document.diagnostics {
            let _ = writeln!(
                out,
                "<li>{} <code>{}</code>: {}</li>",
                diagnostic.severity.as_str(),
                escape(&diagnostic.code.to_string()),
                escape(&diagnostic.message)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    Some(out)
}

/// The report's facts, and the legend of the marks.
fn summary(out: &mut String, document: &Document, profile: &Profile) {
    let count = |state| in_state(profile, state).len();
    let rows = [
        ("file", document.source.path.clone()),
        ("sha256", document.source.sha256.clone()),
        (
            "issuer",
            profile.issuer.clone().unwrap_or_else(|| "unknown".into()),
        ),
        (
            "year",
            profile
                .year
                .map_or_else(|| "unknown".into(), |y| y.to_string()),
        ),
        ("template", profile.template.clone()),
        ("figures", profile.statistics.len().to_string()),
        (
            "checks",
            format!(
                "{} run: {} passed, {} failed, {} uncertain; {} not assessable; \
                 document checks: {} failed of {}",
                profile.checks.len(),
                count(CheckState::Passed),
                count(CheckState::Failed),
                count(CheckState::Uncertain),
                profile.unassessed.len(),
                profile
                    .document_checks
                    .iter()
                    .filter(|c| c.state == CheckState::Failed)
                    .count(),
                profile.document_checks.len()
            ),
        ),
    ];
    out.push_str("<table class=\"summary\">\n");
    for (name, value) in rows {
        let _ = writeln!(out, "<tr><th>{name}</th><td>{}</td></tr>", escape(&value));
    }
    out.push_str(
        "</table>\n<p class=\"notes\">Cells of failed checks are marked in red \
         with the numbers of their checks; cells of checks that passed in green; \
         cells of uncertain checks (a figure recovered, not read) in amber. \
         Figures are as printed: docmend corrects none.</p>\n",
    );
}

/// The checks that ran and ended in `state`, in order.
fn in_state(profile: &Profile, state: CheckState) -> Vec<&Check> {
    profile.checks.iter().filter(|c| c.state == state).collect()
}

/// ` (row …)`, ` (column …)` or nothing.
fn place_of(row: Option<&str>, column: Option<&str>) -> String {
    match (row, column) {
        (Some(row), _) => format!(" (row {})", escape(row)),
        (None, Some(column)) => format!(" (column {})", escape(column)),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{document, table};
    use super::*;
    use crate::model::{Cell, CellRef, Number};

    fn check(ok: bool, keys: &[&str], message: &str) -> Check {
        Check {
            rule: "applications.row_sum".into(),
            row: Some("new_received".into()),
            column: None,
            ok,
            state: if ok {
                CheckState::Passed
            } else {
                CheckState::Failed
            },
            expected: Number(2.0),
            found: Number(3.0),
            message: message.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            counted_as_zero: Vec::new(),
            quote: None,
        }
    }

    #[test]
    fn failed_cells_are_marked_with_their_checks() {
        let t = table(
            2,
            3,
            1,
            vec![
                Cell::new(0, 0, "自然人"),
                Cell::new(0, 1, "法人"),
                Cell::new(0, 2, "总计"),
                Cell::new(1, 0, "1"),
                Cell::new(1, 1, "1"),
                Cell::new(1, 2, "3"),
            ],
        );
        let mut doc = document(vec![Block::Table(t)]);
        let at = |row, col| CellRef { block: 0, row, col };
        doc.profile = Some(Profile {
            kind: "gov_info_disclosure_annual_report".into(),
            version: "1".into(),
            template: "2021".into(),
            issuer: None,
            year: Some(2022),
            statistics: Default::default(),
            checks: vec![check(
                false,
                &["a", "b", "t"],
                "自然人 1 + 法人 1 = 2, but 总计 says 3",
            )],
            unassessed: Vec::new(),
            document_checks: Vec::new(),
            not_numbers: Default::default(),
            value_counts: Default::default(),
            uncertain: Default::default(),
            cells: [
                ("a".into(), at(1, 0)),
                ("b".into(), at(1, 1)),
                ("t".into(), at(1, 2)),
            ]
            .into_iter()
            .collect(),
        });
        let page = audit(&doc).expect("a report");
        assert!(page.contains("<td class=\"failed\" title=\"1. 自然人 1 + 法人 1 = 2, but 总计 says 3\">3<sup class=\"check\">1</sup></td>"), "{page}");
        assert_eq!(page.matches("class=\"failed\" title").count(), 3);
        assert!(page.contains("<li class=\"failed\"><code>applications.row_sum</code> (row new_received): 自然人 1 + 法人 1 = 2, but 总计 says 3</li>"));
        assert!(page.contains("<th>year</th><td>2022</td>"));
        doc.profile = None;
        assert!(audit(&doc).is_none());
    }
}
