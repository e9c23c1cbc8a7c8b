//! Assembly: a document's pages, read into lines and grids, become the
//! model's blocks in reading order: headings by size, paragraphs joined
//! across page and column breaks, tables with their geometry (the repair
//! pass joins a table's parts over pages and restores the merged cells of
//! tables without rules).

use super::tables::{self, Grid};
use super::{Page, aligned, columns, layout, lists, page_origin};
use docmend_core::model::{
    Block, Cell, Diagnostic, DiagnosticCode, Geometry, Heading, Layout, Origin, Paragraph,
    RawTable, Table,
};

enum Item {
    Text(layout::Para),
    /// A table part and its box on its page.
    Grid(Part),
}

/// A table as found on one page, and how it relates to the table before.
struct Part {
    grid: Grid,
    bbox: [f64; 4],
    /// It goes on from the table part right before it.
    continues: bool,
    /// The column boundaries of the whole table so far (its parts joined):
    /// what the next page's part must match to continue it.
    chain_columns: Vec<f64>,
}

/// A short line set clearly larger than the body text is a heading, even
/// without numbering (`统计表`, a report's title).
const HEADING_SIZE_RATIO: f64 = 1.2;
const MAX_HEADING_CHARS: usize = 40;

/// The font sizes of heading lines, largest first: the largest is level 1.
fn heading_sizes(pages: &[Page]) -> Vec<f64> {
    let body = layout::body_size(pages.iter().flat_map(|p| p.lines.iter()));
    let mut sizes: Vec<f64> = pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| body > 0.0 && l.size >= body * HEADING_SIZE_RATIO)
        .map(|l| l.size)
        .collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes.dedup_by(|a, b| (*a - *b).abs() < 0.25);
    sizes
}

/// How headings look in this document.
struct HeadingStyle {
    /// Sizes of heading lines, largest first.
    sizes: Vec<f64>,
    /// The body text's size.
    body: f64,
    /// Bold marks headings: most text is not bold.
    bold: bool,
}

impl HeadingStyle {
    fn of(pages: &[Page]) -> HeadingStyle {
        let lines = || pages.iter().flat_map(|p| p.lines.iter());
        let chars = |bold: bool| -> usize {
            lines()
                .filter(|l| l.bold == bold)
                .map(|l| l.text.chars().count())
                .sum()
        };
        HeadingStyle {
            sizes: heading_sizes(pages),
            body: layout::body_size(lines()),
            bold: chars(true) * 2 < chars(false),
        }
    }
}

/// A paragraph, or a heading when it is short and set in a heading size,
/// or short, bold, body-sized and no sentence. Numbered headings keep
/// their numbering apart, as the shared heading pass does for every other
/// format.
fn text_block(para: layout::Para, page: u32, style: &HeadingStyle) -> Block {
    let origin = Some(Origin {
        bbox: Some(rounded(para.bbox)),
        ..page_origin(page)
    });
    let short = para.text.chars().count() <= MAX_HEADING_CHARS;
    let rank = style
        .sizes
        .iter()
        .position(|s| (s - para.size).abs() < 0.25);
    let bold_heading = style.bold
        && para.bold
        && para.size >= style.body * 0.95
        && !para
            .text
            .ends_with(['。', '.', '：', ':', '，', ',', '；', ';'])
        && para.text.chars().any(char::is_alphabetic);
    // Bold headings rank below every heading size.
    let rank = match rank {
        Some(rank) => Some(rank),
        None if bold_heading => Some(style.sizes.len()),
        None => None,
    };
    match rank {
        Some(rank) if short => {
            // The numbering's depth decides the level where there is one,
            // as elsewhere; else the heading's rank.
            let (level, numbering, text) = match docmend_core::numbering::parse(&para.text) {
                Some(n) => (
                    n.style.heading_level(),
                    Some(n.marker.trim().to_string()),
                    n.rest.to_string(),
                ),
                None => match decimal_numbering(&para.text) {
                    Some((depth, marker, rest)) => {
                        (depth, Some(marker.to_string()), rest.to_string())
                    }
                    None => ((rank + 1).min(3) as u8, None, para.text),
                },
            };
            Block::Heading(Heading {
                links: Vec::new(),
                level,
                numbering,
                text,
                origin,
            })
        }
        _ => Block::Paragraph(Paragraph {
            links: Vec::new(),
            text: para.text,
            origin,
        }),
    }
}

/// `5.1 Hyper Parameter Optimization` → (2, `5.1`, `Hyper …`): a decimal
/// section number followed by a space; its depth is the level (at most 6).
fn decimal_numbering(text: &str) -> Option<(u8, &str, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|&e| e > 0)?;
    let (marker, rest) = text.split_at(end);
    let rest_trimmed = rest.trim_start();
    let parts = marker.trim_end_matches('.').split('.');
    let valid = marker.starts_with(|c: char| c.is_ascii_digit())
        && rest.starts_with(char::is_whitespace)
        && !rest_trimmed.is_empty()
        && marker
            .trim_end_matches('.')
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3);
    valid.then(|| {
        (
            (parts.count() as u8).min(6),
            marker.trim_end_matches('.'),
            rest_trimmed,
        )
    })
}

/// A box to a hundredth of a point: finer is noise from the arithmetic.
fn rounded(bbox: [f64; 4]) -> [f64; 4] {
    bbox.map(|v| (v * 100.0).round() / 100.0)
}

/// Pages → blocks in reading order. On each page, tables without ruling
/// lines are found among the lines first, then the rest is read flow by
/// flow (column by column where the page has columns). A table at the top
/// of a page with the columns of the table that ended the page before
/// continues it; a paragraph the page break (or a column break) cut is
/// joined.
pub fn lower(pages: Vec<Page>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let heading_style = HeadingStyle::of(&pages);
    let page_right = full_width_margin(&pages);
    let rtl_left = layout::rtl_margin(pages.iter().flat_map(|p| p.lines.iter()));
    let mut items: Vec<(u32, Item)> = Vec::new();
    for mut p in pages {
        let aligned = aligned::find(&mut p.lines);
        let mut grids = p.grids;
        for g in &aligned {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::TableWithoutRules,
                    format!(
                        "page {}: a table without ruling lines ({} columns) was recovered from the alignment of its text",
                        p.number,
                        g.xs.len() - 1
                    ),
                )
                .with_origin(Some(Origin {
                    bbox: Some(rounded(grid_box(g))),
                    ..page_origin(p.number)
                })),
            );
        }
        grids.extend(aligned);
        let boxes: Vec<[f64; 4]> = grids.iter().map(grid_box).collect();
        let mut grids: Vec<Option<Grid>> = grids.into_iter().map(Some).collect();
        let flows = columns::flows(std::mem::take(&mut p.lines), &boxes);
        let margins = right_margins(&flows);
        let mut page_start = true;
        for flow in flows {
            let right = match flow.column {
                None => page_right,
                column => margins
                    .iter()
                    .find(|m| m.0 == column)
                    .map_or(page_right, |m| m.1),
            };
            let column = flow.column;
            let mut flow_start = true;
            let text_margins = layout::Margins {
                left: rtl_left,
                right,
            };
            for mut item in flow_items(flow, text_margins, &mut grids, &boxes) {
                let joined = match (&mut item, items.last_mut()) {
                    (Item::Grid(part), Some((_, Item::Grid(prev))))
                        if page_start
                            && tables::continues(
                                &prev.chain_columns,
                                prev.grid.ruled,
                                &part.grid,
                            ) =>
                    {
                        // The repair pass joins the parts; ruled parts
                        // join on the union of their columns, parts
                        // without rules on the same columns (the finer
                        // ones where one part splits a column).
                        part.continues = true;
                        part.chain_columns = if part.grid.ruled {
                            tables::union(&prev.chain_columns, &part.grid.xs)
                        } else {
                            tables::refined_unruled(&prev.chain_columns, &part.grid.xs)
                                .unwrap_or_else(|| prev.chain_columns.clone())
                        };
                        if !part.grid.ruled {
                            tables::regrid(&mut part.grid, &part.chain_columns);
                            regrid_chain(&mut items, &part.chain_columns);
                        }
                        false
                    }
                    // A paragraph the page or column break cut: the one
                    // before ran to the margin, and this one, in the same
                    // size, does not start a new numbered item.
                    (Item::Text(para), Some((_, Item::Text(prev))))
                        if flow_start
                            && (page_start || column.is_some_and(|c| c > 0))
                            && prev.runs_on
                            && (prev.size - para.size).abs() < 0.5
                            && !layout::starts_numbered(&para.text)
                            && para.list_indent.is_none() =>
                    {
                        prev.text = layout::join_wrapped(&[
                            std::mem::take(&mut prev.text),
                            para.text.clone(),
                        ]);
                        prev.runs_on = para.runs_on;
                        true
                    }
                    _ => false,
                };
                page_start = false;
                flow_start = false;
                if !joined {
                    items.push((p.number, item));
                }
            }
        }
    }
    let mut blocks = Vec::new();
    let mut list_run: Vec<(u32, layout::Para)> = Vec::new();
    for (page, item) in items {
        match item {
            Item::Text(para) if para.list_indent.is_some() => list_run.push((page, para)),
            Item::Text(para) => {
                flush_list(&mut list_run, &mut blocks, &heading_style);
                blocks.push(text_block(para, page, &heading_style));
            }
            Item::Grid(part) => {
                flush_list(&mut list_run, &mut blocks, &heading_style);
                blocks.push(Block::Table(to_table(part, page)));
            }
        }
    }
    flush_list(&mut list_run, &mut blocks, &heading_style);
    blocks
}

/// Puts the parts of the table that ends `items` (the last part and the
/// parts it continues) on the column boundaries `xs`.
fn regrid_chain(items: &mut [(u32, Item)], xs: &[f64]) {
    for (_, item) in items.iter_mut().rev() {
        let Item::Grid(part) = item else { break };
        tables::regrid(&mut part.grid, xs);
        part.chain_columns = xs.to_vec();
        if !part.continues {
            break;
        }
    }
}

/// Consecutive paragraphs that start with list markers → one list block,
/// or, when they make no list, the paragraphs (or headings) they were.
fn flush_list(run: &mut Vec<(u32, layout::Para)>, blocks: &mut Vec<Block>, style: &HeadingStyle) {
    let entries: Vec<lists::Entry> = run
        .iter()
        .map(|(page, para)| lists::Entry {
            text: para.text.clone(),
            indent: para.list_indent.unwrap_or(para.bbox[0]),
            origin: Some(Origin {
                bbox: Some(rounded(para.bbox)),
                ..page_origin(*page)
            }),
        })
        .collect();
    match lists::to_list(&entries) {
        Some(list) => blocks.push(Block::List(list)),
        None => blocks.extend(
            run.drain(..)
                .map(|(page, para)| text_block(para, page, style)),
        ),
    }
    run.clear();
}

/// One flow's lines turned into paragraphs, with its tables in between.
fn flow_items(
    flow: columns::Flow,
    margins: layout::Margins,
    grids: &mut [Option<Grid>],
    boxes: &[[f64; 4]],
) -> Vec<Item> {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for element in flow.elements {
        match element {
            columns::Element::Line(l) => lines.push(l),
            columns::Element::Table(i) => {
                out.extend(
                    layout::paragraphs(&std::mem::take(&mut lines), margins)
                        .into_iter()
                        .map(Item::Text),
                );
                if let Some(grid) = grids.get_mut(i).and_then(Option::take) {
                    out.push(Item::Grid(Part {
                        chain_columns: grid.xs.clone(),
                        grid,
                        bbox: boxes[i],
                        continues: false,
                    }));
                }
            }
        }
    }
    out.extend(
        layout::paragraphs(&lines, margins)
            .into_iter()
            .map(Item::Text),
    );
    out
}

/// The right margin of full-width text, over the whole document: where
/// most long lines end (a stray wide line must not move it). Taken per
/// page, a page of short lines would have a margin only as far as they
/// reach, and every line would seem to wrap into the next. When too few
/// lines end there for it to be a margin (a document of short lines), no
/// line counts as reaching it.
fn full_width_margin(pages: &[Page]) -> f64 {
    let lines = || pages.iter().flat_map(|p| p.lines.iter());
    let mut ends: Vec<f64> = lines().map(|l| l.x1).collect();
    ends.sort_by(f64::total_cmp);
    let Some(&right) = ends.get(ends.len() * 9 / 10) else {
        return f64::INFINITY;
    };
    let reaching = lines().filter(|l| l.x1 >= right - 2.0 * l.size).count();
    if reaching * 4 >= ends.len() {
        right
    } else {
        f64::INFINITY
    }
}

/// The right margin of each column of a page: where most of its lines end.
fn right_margins(flows: &[columns::Flow]) -> Vec<(Option<usize>, f64)> {
    let mut ends: Vec<(Option<usize>, Vec<f64>)> = Vec::new();
    for f in flows {
        let xs = f.elements.iter().filter_map(|e| match e {
            columns::Element::Line(l) => Some(l.x1),
            columns::Element::Table(_) => None,
        });
        match ends.iter_mut().find(|e| e.0 == f.column) {
            Some(e) => e.1.extend(xs),
            None => ends.push((f.column, xs.collect())),
        }
    }
    ends.into_iter()
        .map(|(column, mut xs)| {
            xs.sort_by(f64::total_cmp);
            (column, xs.get(xs.len() * 4 / 5).copied().unwrap_or(0.0))
        })
        .collect()
}

/// The box the outer ruling lines of a grid enclose.
pub fn grid_box(g: &Grid) -> [f64; 4] {
    let (xs, ys) = (&g.xs, &g.ys);
    [
        xs.first().copied().unwrap_or(0.0),
        ys.last().copied().unwrap_or(0.0),
        xs.last().copied().unwrap_or(0.0),
        ys.first().copied().unwrap_or(0.0),
    ]
}

/// A table part as a raw table: ruled parts are exact grids, parts found
/// from text alignment are `Aligned` (their merged cells printed only
/// their text); both carry their geometry for the repair pass.
fn to_table(part: Part, page: u32) -> Table {
    let Part {
        grid: g,
        bbox,
        continues,
        ..
    } = part;
    let n_rows = g.ys.len() - 1;
    let n_cols = g.xs.len() - 1;
    let mut cells: Vec<Cell> = g
        .cells
        .into_iter()
        .map(|(row, col, row_span, col_span, text)| {
            Cell::spanned(row, col, row_span, col_span, text)
        })
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    // Header rows: the leading rows in which no cell holds a number.
    let header_rows = cells
        .iter()
        .filter(|c| c.value.is_some())
        .map(|c| c.row)
        .min()
        .unwrap_or(n_rows)
        .min(n_rows.saturating_sub(1));
    Table {
        n_rows,
        n_cols,
        header_rows,
        cells,
        repairs: Vec::new(),
        origin: Some(Origin {
            bbox: Some(rounded(bbox)),
            ..page_origin(page)
        }),
        layout: if g.ruled {
            Layout::Exact
        } else {
            Layout::Aligned
        },
        raw: RawTable {
            damage: Vec::new(),
            geometry: Some(Box::new(Geometry {
                columns: g.xs,
                rows: g.ys,
                ruled: g.ruled,
                continues_previous: continues,
            })),
            wrapped: g.wrapped,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_section_numbers_give_levels() {
        assert_eq!(
            decimal_numbering("5.1 Hyper Parameter Optimization"),
            Some((2, "5.1", "Hyper Parameter Optimization"))
        );
        assert_eq!(decimal_numbering("3 Results"), Some((1, "3", "Results")));
        assert_eq!(decimal_numbering("2. Methods"), Some((1, "2", "Methods")));
        assert_eq!(decimal_numbering("2022年工作"), None);
        assert_eq!(decimal_numbering("3.14"), None);
        assert_eq!(decimal_numbering("12345 apples"), None);
    }
}
