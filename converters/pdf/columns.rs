//! Reading order on pages set in several columns.
//!
//! A gutter is a vertical strip that the text of many lines ends just
//! before and starts just after, and that few lines cross. Lines crossing
//! a gutter (a title over both columns) and tables across it cut the page
//! into sections; each section is read column by column, left to right.
//! A page without gutters is one flow, top to bottom.

use super::layout::{Line, Run};

/// Text ending before and starting after a gutter within this many ems
/// counts as the columns' edges.
const EDGE_EM: f64 = 3.0;
/// Lines on each side that must border a gutter.
const MIN_EDGE_LINES: usize = 4;
/// Share of lines that may cross a gutter (titles, spanning headings).
const CROSSING_SHARE: f64 = 0.2;
/// Columns hold prose: their lines are this many characters long (median).
const MIN_COLUMN_CHARS: usize = 8;

/// One thing on a page: a text line or the table with this index.
#[derive(Debug)]
pub enum Element {
    Line(Line),
    Table(usize),
}

/// Elements read in one go: a column of a section, or a stretch of
/// full-width text. `column` is the column's index (`None` full width).
#[derive(Debug)]
pub struct Flow {
    pub column: Option<usize>,
    pub elements: Vec<Element>,
}

/// Orders a page's lines and tables (their boxes, `[x0, y0, x1, y1]`)
/// into flows.
pub fn flows(lines: Vec<Line>, tables: &[[f64; 4]]) -> Vec<Flow> {
    let gutters = gutters(&lines);
    // Every element with its top, and the column it sits in (None: it
    // crosses a gutter).
    let mut placed: Vec<(f64, Option<usize>, Element)> = Vec::new();
    for (i, b) in tables.iter().enumerate() {
        let column = column_of(&gutters, b[0], b[2]);
        placed.push((b[3], column, Element::Table(i)));
    }
    for l in lines {
        if gutters.is_empty() {
            placed.push((l.y, Some(0), Element::Line(l)));
            continue;
        }
        match column_of(&gutters, l.x0, l.x1) {
            Some(c) => placed.push((l.y, Some(c), Element::Line(l))),
            None => split(l, &gutters, &mut placed),
        }
    }
    placed.sort_by(|a, b| b.0.total_cmp(&a.0));
    if gutters.is_empty() {
        return vec![Flow {
            column: None,
            elements: placed.into_iter().map(|(_, _, e)| e).collect(),
        }];
    }
    let mut flows = Vec::new();
    let mut section: Vec<(Option<usize>, Element)> = Vec::new();
    for (_, column, element) in placed {
        match column {
            Some(_) => section.push((column, element)),
            None => {
                close_section(&mut section, gutters.len() + 1, &mut flows);
                match flows.last_mut() {
                    Some(Flow {
                        column: None,
                        elements,
                    }) => elements.push(element),
                    _ => flows.push(Flow {
                        column: None,
                        elements: vec![element],
                    }),
                }
            }
        }
    }
    close_section(&mut section, gutters.len() + 1, &mut flows);
    flows
}

/// Emits a section's elements column by column.
fn close_section(
    section: &mut Vec<(Option<usize>, Element)>,
    columns: usize,
    flows: &mut Vec<Flow>,
) {
    let mut by_column: Vec<Vec<Element>> = (0..columns).map(|_| Vec::new()).collect();
    for (c, e) in section.drain(..) {
        by_column[c.unwrap_or(0).min(columns - 1)].push(e);
    }
    for (c, elements) in by_column.into_iter().enumerate() {
        if !elements.is_empty() {
            flows.push(Flow {
                column: Some(c),
                elements,
            });
        }
    }
}

/// The column between gutters that `[x0, x1]` lies in, or `None` when it
/// crosses one.
fn column_of(gutters: &[f64], x0: f64, x1: f64) -> Option<usize> {
    let crosses = gutters.iter().any(|&g| x0 < g && g < x1);
    (!crosses).then(|| gutters.iter().filter(|&&g| g <= x0).count())
}

/// A line whose runs sit on both sides of gutters (columns whose baselines
/// line up) becomes one line per column; a run across a gutter keeps the
/// line whole.
fn split(l: Line, gutters: &[f64], placed: &mut Vec<(f64, Option<usize>, Element)>) {
    if l.runs
        .iter()
        .any(|r| column_of(gutters, r.x0, r.x1).is_none())
    {
        placed.push((l.y, None, Element::Line(l)));
        return;
    }
    let mut parts: Vec<(usize, Vec<Run>)> = Vec::new();
    for r in &l.runs {
        let c = column_of(gutters, r.x0, r.x1).unwrap_or(0);
        match parts.last_mut() {
            Some((last, runs)) if *last == c => runs.push(r.clone()),
            _ => parts.push((c, vec![r.clone()])),
        }
    }
    for (c, runs) in parts {
        if let Some(part) = super::layout::from_runs(&l, runs) {
            placed.push((l.y, Some(c), Element::Line(part)));
        }
    }
}

/// The x of each gutter, left to right.
fn gutters(lines: &[Line]) -> Vec<f64> {
    let runs: Vec<(&Run, f64)> = lines
        .iter()
        .flat_map(|l| l.runs.iter().map(move |r| (r, l.size.max(1.0))))
        .collect();
    if runs.len() < 2 * MIN_EDGE_LINES {
        return Vec::new();
    }
    let x0 = runs.iter().map(|r| r.0.x0).fold(f64::INFINITY, f64::min);
    let x1 = runs
        .iter()
        .map(|r| r.0.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    if !(x1 - x0).is_finite() || x1 - x0 < 10.0 || x1 - x0 > 10_000.0 {
        return Vec::new();
    }
    // One-point bins: how many runs cover each.
    let bins = (x1 - x0).ceil() as usize + 1;
    let mut covered = vec![0usize; bins];
    for (r, _) in &runs {
        let (i, j) = ((r.x0 - x0) as usize, (r.x1 - x0) as usize);
        covered[i.min(bins - 1)..=j.min(bins - 1)]
            .iter_mut()
            .for_each(|c| *c += 1);
    }
    let allowed = (lines.len() as f64 * CROSSING_SHARE) as usize;
    let mut out = Vec::new();
    let mut i = 0;
    while i < bins {
        if covered[i] > allowed {
            i += 1;
            continue;
        }
        let start = i;
        while i < bins && covered[i] <= allowed {
            i += 1;
        }
        if start == 0 || i >= bins {
            continue;
        }
        // The strip's edges: where its least covered stretch begins and ends.
        let least = covered[start..i].iter().copied().min().unwrap_or(0);
        let lo = start
            + covered[start..i]
                .iter()
                .position(|&c| c == least)
                .unwrap_or(0);
        let hi = start
            + covered[start..i]
                .iter()
                .rposition(|&c| c == least)
                .unwrap_or(0);
        let (a, b) = (x0 + lo as f64, x0 + hi as f64 + 1.0);
        if borders_columns(&runs, a, b) {
            out.push((a + b) / 2.0);
        }
    }
    out
}

/// Whether prose ends just before `a` and starts just after `b` on enough
/// lines, with a gap of at least an em between.
fn borders_columns(runs: &[(&Run, f64)], a: f64, b: f64) -> bool {
    let mut left: Vec<usize> = Vec::new();
    let mut right: Vec<usize> = Vec::new();
    for &(r, em) in runs {
        if b - a < em {
            continue;
        }
        if r.x1 <= a + 0.5 && r.x1 >= a - EDGE_EM * em {
            left.push(r.text.chars().count());
        } else if r.x0 >= b - 0.5 && r.x0 <= b + EDGE_EM * em {
            right.push(r.text.chars().count());
        }
    }
    let prose = |v: &mut Vec<usize>| {
        v.len() >= MIN_EDGE_LINES && {
            v.sort_unstable();
            v[v.len() / 2] >= MIN_COLUMN_CHARS
        }
    };
    prose(&mut left) && prose(&mut right)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::layout::test_line as line;

    fn texts(flows: &[Flow]) -> Vec<Vec<String>> {
        flows
            .iter()
            .map(|f| {
                f.elements
                    .iter()
                    .map(|e| match e {
                        Element::Line(l) => l.text.clone(),
                        Element::Table(i) => format!("table {i}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut lines = vec![line(
            800.0,
            &[(50.0, 550.0, "A title running over both columns of the page")],
        )];
        for k in 0..6 {
            let y = 780.0 - 12.0 * k as f64;
            lines.push(line(
                y,
                &[
                    (50.0, 290.0, &format!("left column line number {k}")),
                    (310.0, 550.0, &format!("right column line number {k}")),
                ],
            ));
        }
        let flows = flows(lines, &[]);
        let t = texts(&flows);
        assert_eq!(t.len(), 3, "{t:?}");
        assert_eq!(t[0], ["A title running over both columns of the page"]);
        assert_eq!(t[1][0], "left column line number 0");
        assert_eq!(t[1][5], "left column line number 5");
        assert_eq!(t[2][0], "right column line number 0");
        assert_eq!(flows[2].column, Some(1));
    }

    #[test]
    fn one_column_is_one_flow() {
        let lines: Vec<Line> = (0..10)
            .map(|k| {
                line(
                    800.0 - 12.0 * k as f64,
                    &[(50.0, 550.0, "one long line of body text across the page")],
                )
            })
            .collect();
        let flows = flows(lines, &[[50.0, 600.0, 550.0, 650.0]]);
        assert_eq!(flows.len(), 1);
        assert!(matches!(flows[0].elements[10], Element::Table(0)));
    }

    #[test]
    fn short_aligned_labels_are_not_columns() {
        // Label and value pairs: short texts, not prose columns.
        let lines: Vec<Line> = (0..10)
            .map(|k| {
                line(
                    800.0 - 12.0 * k as f64,
                    &[(50.0, 80.0, "名称"), (310.0, 330.0, "12")],
                )
            })
            .collect();
        assert_eq!(flows(lines, &[]).len(), 1);
    }
}
