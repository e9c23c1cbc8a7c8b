//! The charts drawn on the worksheets of an XLSX workbook: each chart's
//! kind, title, and the figures it plots as the chart part caches them.
//!
//! calamine does not read drawings, so the package is followed here, with
//! the `zip` crate and quick-xml: the workbook's sheets and their parts
//! (`xl/workbook.xml` and its relationships), each sheet's drawing (its
//! relationships), the drawing's chart frames and where they are anchored,
//! and each chart part. A chart part caches the values of the cells it
//! plots (`c:strCache`, `c:numCache`), so the figures come from the chart
//! itself, as the reader of the workbook saw them.
//!
//! Reading charts never fails a conversion: a part that is missing, too
//! large or not well-formed XML leaves out the charts that need it.

use super::read::Rect;
use super::values::number_text;
use docmend_core::model::{Diagnostic, DiagnosticCode};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// At most this many data points are kept per series.
pub const MAX_POINTS: usize = 100_000;

/// One chart on a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The cells the chart's frame is anchored to.
    pub anchor: Rect,
    /// The chart's kind as the spreadsheet names it: `Line chart`, `Column
    /// chart`, … (for a combined chart, its first plot's).
    pub kind: &'static str,
    pub title: Option<String>,
    /// Category labels (or x values) by point index.
    pub categories: Vec<(u32, String)>,
    /// The cells the categories come from (`Sheet1!$A$2:$A$9`).
    pub categories_ref: Option<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub name: String,
    /// Values by point index.
    pub values: Vec<(u32, String)>,
    /// The cells the name and the values come from.
    pub name_ref: Option<String>,
    pub values_ref: Option<String>,
    /// The categories as this series names them, before the chart takes
    /// the first series' ones.
    categories: Vec<(u32, String)>,
    categories_ref: Option<String>,
}

impl Chart {
    /// Fills in, from the workbook's cells, the names, categories and
    /// values the chart part names by reference but does not cache (as
    /// some writers leave them). `cells(reference)` gives the texts of a
    /// reference's cells in order, or `None` when it cannot be resolved.
    pub fn fill_from_cells(&mut self, cells: impl Fn(&str) -> Option<Vec<String>>) {
        let indexed = |texts: Vec<String>| -> Vec<(u32, String)> {
            (0u32..).zip(texts).take(MAX_POINTS).collect()
        };
        if self.categories.is_empty()
            && let Some(texts) = self.categories_ref.as_deref().and_then(&cells)
        {
            self.categories = indexed(texts);
        }
        for series in &mut self.series {
            if series.name.is_empty()
                && let Some(texts) = series.name_ref.as_deref().and_then(&cells)
            {
                series.name = texts.join(" ");
            }
            if series.values.is_empty()
                && let Some(texts) = series.values_ref.as_deref().and_then(&cells)
            {
                series.values = indexed(texts);
            }
        }
    }
}

/// The charts of each worksheet, by sheet name, in the order of their
/// frames' top-left cells. Empty when the package has no chart parts.
/// A part unpacking to more than `max_part_bytes` (`Limits::max_part_bytes`;
/// chart and drawing parts of real workbooks are a few kilobytes) is not
/// read, and said so in `diagnostics`.
pub fn read(
    bytes: &[u8],
    max_part_bytes: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, Vec<Chart>> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    if !zip.file_names_raw().any(|n| n.starts_with(b"xl/charts/")) {
        return out;
    }
    let mut package = Package {
        zip: &mut zip,
        max_part_bytes,
        too_large: Vec::new(),
    };
    for (sheet, part) in package.sheets() {
        let Some(drawing) = package
            .relationships(&part)
            .into_iter()
            .find(|(_, kind, _)| kind.ends_with("/drawing"))
            .map(|(_, _, target)| target)
        else {
            continue;
        };
        let mut charts: Vec<Chart> = package
            .frames(&drawing)
            .into_iter()
            .filter_map(|(anchor, chart_part)| {
                let xml = package.text(&chart_part)?;
                parse_chart(&xml, anchor)
            })
            .collect();
        charts.sort_by_key(|c| (c.anchor.top, c.anchor.left));
        if !charts.is_empty() {
            out.insert(sheet, charts);
        }
    }
    for (name, size) in package.too_large {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::PartUnreadable,
            format!(
                "{name} declares {size} bytes unpacked, over the limit of {max_part_bytes} bytes \
                 of one part (--max-part-bytes); the charts were read without it"
            ),
        ));
    }
    out
}

struct Package<'a> {
    zip: &'a mut zip::ZipArchive<Cursor<&'a [u8]>>,
    max_part_bytes: u64,
    /// The parts not read for their size: (name, declared size).
    too_large: Vec<(String, u64)>,
}

impl Package<'_> {
    /// A part's text, if it exists, is small enough and is UTF-8.
    fn text(&mut self, name: &str) -> Option<String> {
        let file = self.zip.by_name(name).ok()?;
        if file.size() > self.max_part_bytes {
            self.too_large.push((name.to_string(), file.size()));
            return None;
        }
        let mut text = String::new();
        file.take(self.max_part_bytes)
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    }

    /// The workbook's sheets as (name, part), in workbook order.
    fn sheets(&mut self) -> Vec<(String, String)> {
        let Some(xml) = self.text("xl/workbook.xml") else {
            return Vec::new();
        };
        let targets: HashMap<String, String> = self
            .relationships("xl/workbook.xml")
            .into_iter()
            .map(|(id, _, target)| (id, target))
            .collect();
        let mut sheets = Vec::new();
        walk(&xml, |path, node| {
            if let Node::Start(start) = node
                && path.last() == Some(&"sheet")
                && let (Some(name), Some(id)) = (attr(start, "name"), attr(start, "id"))
                && let Some(part) = targets.get(&id)
            {
                sheets.push((name, part.clone()));
            }
        });
        sheets
    }

    /// A part's relationships as (id, type, target part).
    fn relationships(&mut self, part: &str) -> Vec<(String, String, String)> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let Some(xml) = self.text(&format!("{dir}/_rels/{file}.rels")) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        walk(&xml, |path, node| {
            if let Node::Start(start) = node
                && path.last() == Some(&"Relationship")
                && attr(start, "TargetMode").as_deref() != Some("External")
                && let (Some(id), Some(kind), Some(target)) = (
                    attr(start, "Id"),
                    attr(start, "Type"),
                    attr(start, "Target"),
                )
            {
                out.push((id, kind, resolve(dir, &target)));
            }
        });
        out
    }

    /// The chart frames of a drawing part: (anchor, chart part).
    fn frames(&mut self, drawing: &str) -> Vec<(Rect, String)> {
        let Some(xml) = self.text(drawing) else {
            return Vec::new();
        };
        let targets: HashMap<String, String> = self
            .relationships(drawing)
            .into_iter()
            .map(|(id, _, target)| (id, target))
            .collect();
        let mut frames = Vec::new();
        // The anchor being read: from (col, row), to (col, row), chart id.
        let mut from = (0u32, 0u32);
        let mut to = None;
        let mut chart = None;
        let mut number = String::new();
        walk(&xml, |path, node| {
            let Some(&name) = path.last() else {
                return;
            };
            match (name, node) {
                ("twoCellAnchor" | "oneCellAnchor" | "absoluteAnchor", Node::Start(_)) => {
                    (from, to, chart) = ((0, 0), None, None);
                }
                ("chart", Node::Start(start)) => chart = attr(start, "id"),
                ("col" | "row", Node::Start(_)) => number.clear(),
                ("col" | "row", Node::Text(text)) => number.push_str(text),
                ("col" | "row", Node::End) => {
                    let value = number.trim().parse::<u32>().unwrap_or(0);
                    let target = match path.iter().rev().nth(1) {
                        Some(&"from") => &mut from,
                        Some(&"to") => to.get_or_insert(from),
                        _ => return,
                    };
                    if name == "col" {
                        target.0 = value;
                    } else {
                        target.1 = value;
                    }
                }
                ("twoCellAnchor" | "oneCellAnchor" | "absoluteAnchor", Node::End) => {
                    if let Some(part) = chart.take().and_then(|id| targets.get(&id)) {
                        let end = to.unwrap_or(from);
                        let anchor = Rect {
                            top: from.1.min(end.1),
                            left: from.0.min(end.0),
                            bottom: from.1.max(end.1),
                            right: from.0.max(end.0),
                        };
                        frames.push((anchor, part.clone()));
                    }
                }
                _ => {}
            }
        });
        frames
    }
}

/// A relationship target as a part name: relative to the source part's
/// folder, or absolute from the package root.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The spreadsheet's name for a plot element (`c:lineChart`, …).
fn kind_name(element: &str, bar_direction: Option<&str>) -> Option<&'static str> {
    Some(match element {
        "barChart" | "bar3DChart" if bar_direction == Some("bar") => "Bar chart",
        "barChart" | "bar3DChart" => "Column chart",
        "lineChart" | "line3DChart" => "Line chart",
        "pieChart" | "pie3DChart" | "ofPieChart" => "Pie chart",
        "doughnutChart" => "Doughnut chart",
        "areaChart" | "area3DChart" => "Area chart",
        "scatterChart" => "Scatter chart",
        "bubbleChart" => "Bubble chart",
        "radarChart" => "Radar chart",
        "stockChart" => "Stock chart",
        "surfaceChart" | "surface3DChart" => "Surface chart",
        _ => return None,
    })
}

/// Which part of a series a cached point belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Name,
    Category,
    Value,
}

/// Reads a chart part; `None` when it holds no plot.
fn parse_chart(xml: &str, anchor: Rect) -> Option<Chart> {
    let mut kind = None;
    let mut plot_element = String::new();
    let mut title = String::new();
    let mut categories: Vec<(u32, String)> = Vec::new();
    let mut series: Vec<Series> = Vec::new();
    let mut current: Option<(Series, Vec<(u32, String)>)> = None;
    let mut point: Option<u32> = None;
    let mut value = String::new();
    let mut numeric = false;
    walk(xml, |path, node| {
        let Some(&name) = path.last() else {
            return;
        };
        let parent = path.iter().rev().nth(1).copied();
        match (name, node) {
            // The first plot names the chart (a combined chart has several).
            (_, Node::Start(_))
                if parent == Some("plotArea")
                    && plot_element.is_empty()
                    && kind_name(name, None).is_some() =>
            {
                plot_element = name.to_string();
            }
            ("barDir", Node::Start(start)) if kind.is_none() => {
                let direction = attr(start, "val");
                kind = kind_name(&plot_element, direction.as_deref());
            }
            ("ser", Node::Start(_)) => current = Some((Series::default(), Vec::new())),
            ("ser", Node::End) => {
                if let Some((mut s, cats)) = current.take() {
                    s.categories = cats;
                    series.push(s);
                }
            }
            ("f", Node::Text(text)) => {
                if let Some((s, _)) = current.as_mut() {
                    let slot = match role(path) {
                        Some(Role::Name) => &mut s.name_ref,
                        Some(Role::Category) => &mut s.categories_ref,
                        Some(Role::Value) => &mut s.values_ref,
                        None => return,
                    };
                    slot.get_or_insert_with(String::new).push_str(text);
                }
            }
            ("pt", Node::Start(start)) => {
                point = attr(start, "idx").and_then(|i| i.parse().ok());
                value.clear();
                numeric = path.contains(&"numCache") || path.contains(&"numLit");
            }
            ("pt", Node::End) => {
                let (Some(index), Some((s, cats))) = (point.take(), current.as_mut()) else {
                    return;
                };
                let text = if numeric {
                    value
                        .trim()
                        .parse::<f64>()
                        .map(number_text)
                        .unwrap_or_else(|_| value.clone())
                } else {
                    value.clone()
                };
                match role(path) {
                    Some(Role::Name) if s.name.is_empty() => s.name = text,
                    Some(Role::Category) if cats.len() < MAX_POINTS => cats.push((index, text)),
                    Some(Role::Value) if s.values.len() < MAX_POINTS => {
                        s.values.push((index, text))
                    }
                    _ => {}
                }
            }
            // The chart's own title: chart/title/tx/rich/p/r/t.
            ("t", Node::Text(text))
                if path.len() >= 3 && path[1] == "chart" && path[2] == "title" =>
            {
                title.push_str(text)
            }
            ("v", Node::Text(text)) if point.is_some() => value.push_str(text),
            // A series name typed in, not taken from a cell.
            ("v", Node::Text(text)) if parent == Some("tx") => {
                if let Some((s, _)) = current.as_mut() {
                    s.name.push_str(text);
                }
            }
            _ => {}
        }
    });
    let kind = kind.or_else(|| kind_name(&plot_element, None))?;
    // The categories are the first series' that has any (cached or named).
    let first = series
        .iter()
        .position(|s| !s.categories.is_empty())
        .or_else(|| series.iter().position(|s| s.categories_ref.is_some()));
    if let Some(first) = first {
        categories = std::mem::take(&mut series[first].categories);
    }
    let categories_ref = first.and_then(|i| series[i].categories_ref.clone());
    for s in &mut series {
        s.values.sort_by_key(|(i, _)| *i);
        s.values.dedup_by_key(|(i, _)| *i);
    }
    categories.sort_by_key(|(i, _)| *i);
    categories.dedup_by_key(|(i, _)| *i);
    let title = title.trim();
    Some(Chart {
        anchor,
        kind,
        title: (!title.is_empty()).then(|| title.to_string()),
        categories,
        categories_ref,
        series,
    })
}

/// The role of a cached point from the elements around it: `c:tx` names
/// the series, `c:cat`/`c:xVal` hold categories, `c:val`/`c:yVal` values.
fn role(path: &[&str]) -> Option<Role> {
    let at = path.iter().rposition(|n| *n == "ser")?;
    match path.get(at + 1)? {
        &"tx" => Some(Role::Name),
        &"cat" | &"xVal" => Some(Role::Category),
        &"val" | &"yVal" => Some(Role::Value),
        _ => None,
    }
}

/// A chart's reference to cells (`Sheet1!$A$2:$A$9`, `'My sheet'!B1`)
/// as the sheet's name and the rectangle; `None` for anything else
/// (several areas, a defined name).
pub fn parse_reference(reference: &str) -> Option<(String, Rect)> {
    let reference = reference.trim();
    let (sheet, cells) = if let Some(quoted) = reference.strip_prefix('\'') {
        let end = quoted.rfind("'!")?;
        (quoted[..end].replace("''", "'"), &quoted[end + 2..])
    } else {
        let (sheet, cells) = reference.rsplit_once('!')?;
        (sheet.to_string(), cells)
    };
    let (first, last) = cells.split_once(':').unwrap_or((cells, cells));
    let (top, left) = cell_position(first)?;
    let (bottom, right) = cell_position(last)?;
    Some((
        sheet,
        Rect {
            top: top.min(bottom),
            left: left.min(right),
            bottom: top.max(bottom),
            right: left.max(right),
        },
    ))
}

/// `$B$12` or `B12` as a 0-based (row, column).
fn cell_position(text: &str) -> Option<(u32, u32)> {
    let text = text.replace('$', "");
    let digits = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = text.split_at(digits);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.chars().fold(0u32, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    });
    let row: u32 = number.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// An attribute by local name, unescaped.
fn attr(start: &BytesStart<'_>, local: &str) -> Option<String> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// What the walk shows of the XML at each step.
enum Node<'a, 'b> {
    Start(&'a BytesStart<'b>),
    End,
    Text(&'a str),
}

/// Walks `xml`, showing each start tag, end tag (an empty tag gives both)
/// and piece of text to `visit` with the local names of the elements from
/// the root to the current one.
fn walk(xml: &str, mut visit: impl FnMut(&[&str], Node<'_, '_>)) {
    /// Deeper nesting than any chart needs ends the walk.
    const MAX_DEPTH: usize = 256;
    let mut reader = Reader::from_str(xml);
    let mut names: Vec<String> = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return,
            Ok(event) => event,
        };
        match event {
            Event::Start(start) => {
                if names.len() >= MAX_DEPTH {
                    return;
                }
                names.push(local(&start));
                visit(&view(&names), Node::Start(&start));
            }
            Event::Empty(start) => {
                names.push(local(&start));
                let p = view(&names);
                visit(&p, Node::Start(&start));
                visit(&p, Node::End);
                names.pop();
            }
            Event::End(_) => {
                visit(&view(&names), Node::End);
                names.pop();
            }
            Event::Text(t) => visit(&view(&names), Node::Text(&t.xml10_content())),
            Event::CData(t) => visit(&view(&names), Node::Text(&t.xml10_content())),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    visit(&view(&names), Node::Text(c.encode_utf8(&mut [0; 4])));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    visit(&view(&names), Node::Text(s));
                }
            }
            _ => {}
        }
    }
}

fn view(names: &[String]) -> Vec<&str> {
    names.iter().map(String::as_str).collect()
}

fn local(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"<c:chartSpace xmlns:c="c" xmlns:a="a"><c:chart>
        <c:title><c:tx><c:rich><a:p><a:r><a:t>Sales &amp; costs</a:t></a:r></a:p></c:rich></c:tx></c:title>
        <c:plotArea><c:lineChart>
          <c:ser><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>Sales</c:v></c:pt></c:strCache></c:strRef></c:tx>
            <c:cat><c:strRef><c:strCache><c:pt idx="0"><c:v>2021</c:v></c:pt><c:pt idx="1"><c:v>2022</c:v></c:pt></c:strCache></c:strRef></c:cat>
            <c:val><c:numRef><c:numCache><c:pt idx="1"><c:v>0.30000000000000004</c:v></c:pt><c:pt idx="0"><c:v>12</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>
          <c:ser><c:tx><c:v>Costs</c:v></c:tx>
            <c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>7</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>
        </c:lineChart>
        <c:valAx><c:title><c:tx><c:rich><a:p><a:r><a:t>axis</a:t></a:r></a:p></c:rich></c:tx></c:title></c:valAx>
        </c:plotArea></c:chart></c:chartSpace>"#;

    fn at() -> Rect {
        Rect {
            top: 3,
            left: 1,
            bottom: 9,
            right: 6,
        }
    }

    #[test]
    fn a_chart_part_gives_kind_title_and_cached_points() {
        let chart = parse_chart(LINE, at()).unwrap();
        assert_eq!(chart.kind, "Line chart");
        assert_eq!(chart.title.as_deref(), Some("Sales & costs"));
        assert_eq!(
            chart.categories,
            vec![(0, "2021".to_string()), (1, "2022".to_string())]
        );
        assert_eq!(chart.series.len(), 2);
        assert_eq!(chart.series[0].name, "Sales");
        assert_eq!(
            chart.series[0].values,
            vec![(0, "12".to_string()), (1, "0.3".to_string())]
        );
        assert_eq!(chart.series[1].name, "Costs");
    }

    #[test]
    fn bar_direction_names_columns_and_bars() {
        let xml = |dir: &str| {
            format!(
                r#"<c:chartSpace xmlns:c="c"><c:chart><c:plotArea><c:barChart><c:barDir val="{dir}"/></c:barChart></c:plotArea></c:chart></c:chartSpace>"#
            )
        };
        assert_eq!(parse_chart(&xml("col"), at()).unwrap().kind, "Column chart");
        assert_eq!(parse_chart(&xml("bar"), at()).unwrap().kind, "Bar chart");
        assert!(parse_chart("<c:chartSpace/>", at()).is_none());
        assert!(parse_chart("<broken", at()).is_none());
    }

    #[test]
    fn references_name_a_sheet_and_a_rectangle() {
        let rect = |top, left, bottom, right| Rect {
            top,
            left,
            bottom,
            right,
        };
        assert_eq!(
            parse_reference("Sheet2!$A$2:$A$9"),
            Some(("Sheet2".to_string(), rect(1, 0, 8, 0)))
        );
        assert_eq!(
            parse_reference("'It''s 数据'!B1"),
            Some(("It's 数据".to_string(), rect(0, 1, 0, 1)))
        );
        assert_eq!(parse_reference("(S!A1,S!A3)"), None);
        assert_eq!(parse_reference("MyName"), None);
    }

    #[test]
    fn uncached_references_are_filled_from_cells() {
        let xml = r#"<chartSpace><chart><plotArea><barChart><barDir val="col"/><ser>
            <tx><strRef><f>'Sheet'!B1</f></strRef></tx>
            <cat><numRef><f>'Sheet'!$A$2:$A$3</f></numRef></cat>
            <val><numRef><f>'Sheet'!$B$2:$B$3</f></numRef></val></ser></barChart></plotArea></chart></chartSpace>"#;
        let mut chart = parse_chart(xml, at()).unwrap();
        assert_eq!(chart.categories_ref.as_deref(), Some("'Sheet'!$A$2:$A$3"));
        chart.fill_from_cells(|reference| {
            let (_, r) = parse_reference(reference)?;
            Some(
                (r.top..=r.bottom)
                    .map(|row| format!("{}{}", r.left, row))
                    .collect(),
            )
        });
        assert_eq!(chart.series[0].name, "10");
        assert_eq!(
            chart.categories,
            vec![(0, "01".to_string()), (1, "02".to_string())]
        );
        assert_eq!(
            chart.series[0].values,
            vec![(0, "11".to_string()), (1, "12".to_string())]
        );
    }

    #[test]
    fn relationship_targets_resolve_to_part_names() {
        assert_eq!(
            resolve("xl/drawings", "../charts/chart1.xml"),
            "xl/charts/chart1.xml"
        );
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
    }
}
