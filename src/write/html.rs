//! A standalone HTML page: the document's title, its blocks as HTML
//! elements, tables with their spans, and what docmend repaired or noticed,
//! so that a person can read a converted file in a browser.

use super::grid::{Grid, Slot};
use super::inline::{heading_text, runs};
use super::{Place, Places, WriteOptions};
use crate::model::{Block, Cell, Document, Link, List, Table};
use std::fmt::Write;

/// The page's style: readable widths, ruled tables, CJK-friendly fonts.
const STYLE: &str = "\
body{font-family:system-ui,\"PingFang SC\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;\
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#222}\
table{border-collapse:collapse;margin:1rem 0}\
th,td{border:1px solid #999;padding:.2rem .5rem;vertical-align:top}\
th{background:#eee}\
td.number{text-align:right}\
.marker{color:#777;border-top:1px dashed #bbb;margin-top:2rem;font-size:.85rem}\
.notes{color:#555;font-size:.9rem}\
li.marked{list-style:none}";

pub fn write(document: &Document, options: &WriteOptions) -> String {
    let title = document
        .metadata
        .title
        .clone()
        .unwrap_or_else(|| document.source.path.clone());
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"docmend {}\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    let mut places = Places::default();
    for block in &document.blocks {
        if let Some(place) = places.change(block, options) {
            let _ = match place {
                Place::Page(page) => writeln!(out, "<p class=\"marker\">page {page}</p>"),
                Place::Sheet(sheet) => {
                    writeln!(out, "<p class=\"marker\">sheet {}</p>", escape(&sheet))
                }
            };
        }
        match block {
            Block::Heading(heading) => {
                let level = heading.level.clamp(1, 6);
                let _ = writeln!(
                    out,
                    "<h{level}>{}</h{level}>",
                    inline(&heading_text(heading), &heading.links)
                );
            }
            Block::Paragraph(paragraph) => {
                let _ = writeln!(
                    out,
                    "<p>{}</p>",
                    inline(&paragraph.text, &paragraph.links).replace('\n', "<br>\n")
                );
            }
            Block::List(list) => write_list(&mut out, list),
            Block::Table(t) => write_table(&mut out, t),
            _ => {}
        }
    }
    if !document.diagnostics.is_empty() {
        out.push_str("<section class=\"notes\">\n<h2>Diagnostics</h2>\n<ul>\n");
        for diagnostic in &document.diagnostics {
            let _ = writeln!(
                out,
                "<li>{} {}: {}</li>",
                diagnostic.severity.as_str(),
                escape(&diagnostic.code.to_string()),
                escape(&diagnostic.message)
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn inline(text: &str, links: &[Link]) -> String {
    let mut out = String::with_capacity(text.len());
    for run in runs(text, links) {
        match run.target {
            Some(target) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    escape(target),
                    escape(run.text)
                );
            }
            None => out.push_str(&escape(run.text)),
        }
    }
    out
}

fn write_list(out: &mut String, list: &List) {
    // Open lists, innermost last, each with whether it is ordered.
    let mut open: Vec<bool> = Vec::new();
    for item in &list.items {
        let depth = usize::from(item.level) + 1;
        while open.len() > depth {
            let ordered = open.pop().unwrap_or(false);
            let _ = write!(out, "</li>\n</{}>\n", if ordered { "ol" } else { "ul" });
        }
        if open.len() == depth {
            out.push_str("</li>\n");
        }
        while open.len() < depth {
            let _ = writeln!(out, "<{}>", if item.ordered { "ol" } else { "ul" });
            open.push(item.ordered);
        }
        // The source's own marker is shown as written (it may be 一、 or
        // (a), which the browser's numbering would not reproduce).
        match item
            .marker
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            Some(marker) => {
                let _ = write!(
                    out,
                    "<li class=\"marked\"><span class=\"marker-text\">{}</span> {}",
                    escape(marker),
                    inline(&item.text, &item.links).replace('\n', "<br>\n")
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<li>{}",
                    inline(&item.text, &item.links).replace('\n', "<br>\n")
                );
            }
        }
    }
    while let Some(ordered) = open.pop() {
        let _ = write!(out, "</li>\n</{}>\n", if ordered { "ol" } else { "ul" });
    }
}

fn write_table(out: &mut String, t: &Table) {
    let grid = Grid::of(t);
    if grid.rows == 0 || grid.cols == 0 {
        return;
    }
    out.push_str(&table(&grid, t.header_rows, |text| {
        escape(text).replace('\n', "<br>")
    }));
    if !t.repairs.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for repair in &t.repairs {
            let _ = writeln!(
                out,
                "<li>repaired ({}): {}; evidence: {}</li>",
                escape(&kind_name(repair.kind)),
                escape(&repair.detail),
                escape(&repair.evidence)
            );
        }
        out.push_str("</ul>\n");
    }
}

/// A repair kind's snake_case name, as the JSON writes it.
fn kind_name(kind: crate::model::RepairKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A table element with `rowspan` and `colspan`, its header rows in a
/// `<thead>`; `cell_html` turns a cell's text into HTML. Shared with the
/// Markdown writer, which uses it for tables a pipe table cannot hold.
pub fn table(grid: &Grid<'_>, header_rows: usize, cell_html: impl Fn(&str) -> String) -> String {
    table_marked(grid, header_rows, |cell| {
        (String::new(), cell_html(&cell.text))
    })
}

/// [`table`], with attributes of each cell's own (` class="failed"`)
/// before its content: `cell_markup` gives both for a cell.
pub fn table_marked(
    grid: &Grid<'_>,
    header_rows: usize,
    cell_markup: impl Fn(&Cell) -> (String, String),
) -> String {
    let mut out = String::from("<table>\n");
    let header_rows = header_rows.min(grid.rows);
    for row in 0..grid.rows {
        if row == 0 && header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if row == header_rows {
            out.push_str("<tbody>\n");
        }
        let tag = if row < header_rows { "th" } else { "td" };
        out.push_str("<tr>");
        for col in 0..grid.cols {
            let cell = match grid.at(row, col) {
                Slot::Start(cell) => cell,
                Slot::Covered => continue,
                // A position no cell covers still takes its place.
                Slot::Empty => {
                    let _ = write!(out, "<{tag}></{tag}>");
                    continue;
                }
            };
            let (mut attributes, content) = cell_markup(cell);
            if cell.row_span > 1 {
                let _ = write!(attributes, " rowspan=\"{}\"", cell.row_span);
            }
            if cell.col_span > 1 {
                let _ = write!(attributes, " colspan=\"{}\"", cell.col_span);
            }
            let _ = write!(out, "<{tag}{attributes}>{content}</{tag}>");
        }
        out.push_str("</tr>\n");
        if row + 1 == header_rows {
            out.push_str("</thead>\n");
        }
    }
    if header_rows < grid.rows {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{document, table as whole_table};
    use super::*;
    use crate::model::{Cell, ListItem, Paragraph};

    #[test]
    fn a_page_holds_the_blocks_escaped_with_spans() {
        let t = whole_table(
            2,
            2,
            1,
            vec![
                Cell::spanned(0, 0, 1, 2, "A & B"),
                Cell::new(1, 0, "1"),
                Cell::new(1, 1, "2"),
            ],
        );
        let list = List {
            ordered: true,
            items: vec![
                ListItem::new(0, true, Some("3.".into()), "三"),
                ListItem::new(1, false, None, "细"),
                ListItem::new(0, true, Some("4.".into()), "四"),
            ],
            origin: None,
        };
        let page = write(
            &document(vec![
                Block::Paragraph(Paragraph::new("<script>", None)),
                Block::List(list),
                Block::Table(t),
            ]),
            &WriteOptions::default(),
        );
        assert!(page.starts_with("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">"));
        assert!(page.contains("<title>报告.txt</title>"));
        assert!(page.contains("<p>&lt;script&gt;</p>\n"));
        assert!(page.contains(
            "<ol>\n<li class=\"marked\"><span class=\"marker-text\">3.</span> 三<ul>\n<li>细</li>\n</ul>\n</li>\n<li class=\"marked\"><span class=\"marker-text\">4.</span> 四</li>\n</ol>\n"
        ), "{page}");
        assert!(page.contains(
            "<table>\n<thead>\n<tr><th colspan=\"2\">A &amp; B</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody>\n</table>\n"
        ));
        assert!(page.ends_with("</body>\n</html>\n"));
    }
}
