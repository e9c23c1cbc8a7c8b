//! Measures, before calamine opens an ODS workbook, what its reader will
//! lay out in memory, and refuses a workbook that would take more than the
//! file's [`DenseBudget`] or repeat more text than a part may unpack to.
//!
//! calamine parses every sheet of `content.xml` when the workbook opens.
//! A cell repeated across columns (`table:number-columns-repeated`) is
//! stored once per column, with its text copied each time; a row
//! repeated (`table:number-rows-repeated`) is copied once per repeat when
//! the sheet is laid out densely over the bounding box of its values; and
//! `<text:s text:c="…"/>` asks for that many spaces. So a 2 KB file can ask
//! for gigabytes. The measure follows calamine's reading of the part (the
//! same parser and settings, its caps of 1,048,576 rows and 16,384
//! columns) and counts generously where it is unsure: a cell with any value
//! or formula attribute, or any content, holds a value.

use super::container::UntilError;
use super::dense::DenseBudget;
use super::read::Rect;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};
use zip::ZipArchive;

/// calamine's caps on the rows and columns of an ODS sheet.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// What one sheet will cost calamine.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct SheetCost {
    name: String,
    /// Cells stored while the rows are read: every column up to a row's
    /// last value, once per row element.
    stored: u64,
    /// Rows read so far, repeats counted (calamine's row index).
    rows: u64,
    /// The extent of the values: first and last row (repeats counted),
    /// first and last column.
    extent: Option<Rect>,
    /// Bytes of text, copies for repeated columns and rows counted.
    text: u64,
}

impl SheetCost {
    /// The positions calamine lays out: the cells stored, then the dense
    /// grid over the extent of the values.
    fn positions(&self) -> u64 {
        let dense = self.extent.map_or(0, |e| {
            (u64::from(e.bottom - e.top) + 1) * (u64::from(e.right - e.left) + 1)
        });
        self.stored.saturating_add(dense)
    }
}

/// Refuses the workbook when `content.xml` asks calamine for more than
/// `budget` positions (one sheet, or all together: calamine holds them
/// all), or for more than `max_text_bytes` of text. A part that cannot be
/// found or parsed passes: calamine fails on it too, before it lays out
/// anything.
pub fn check(bytes: &[u8], budget: &DenseBudget, max_text_bytes: u64) -> Result<(), String> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(part) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut total_positions: u64 = 0;
    let mut total_text: u64 = 0;
    for sheet in measure(UntilError(Some(part))) {
        let positions = sheet.positions();
        if positions > budget.positions {
            let extent = sheet.extent.unwrap_or(Rect {
                top: 0,
                left: 0,
                bottom: 0,
                right: 0,
            });
            return Err(budget.sheet_refused(&sheet.name, extent, positions));
        }
        total_positions = total_positions.saturating_add(positions);
        total_text = total_text.saturating_add(sheet.text);
        if total_text > max_text_bytes {
            return Err(format!(
                "sheet '{}' repeats its text (table:number-columns-repeated, \
                 table:number-rows-repeated, text:s) to more than {max_text_bytes} bytes, the \
                 limit of one part (--max-part-bytes)",
                sheet.name
            ));
        }
    }
    if total_positions > budget.positions {
        return Err(budget.workbook_refused(total_positions));
    }
    Ok(())
}

/// The cost of each named sheet of a `content.xml`, read as calamine reads
/// it, up to the end of the part or the first thing it cannot parse.
fn measure(part: impl Read) -> Vec<SheetCost> {
    let mut reader = Reader::from_reader(BufReader::new(part));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut sheets = Vec::new();
    let mut sheet: Option<SheetCost> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<Cell> = None;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if let Some(cell) = cell.as_mut() {
                    cell.content = true;
                    if local == "s" {
                        cell.text = cell.text.saturating_add(number(&e, "c").unwrap_or(1));
                    }
                } else if row.is_some() {
                    if matches!(local, "table-cell" | "covered-table-cell") {
                        cell = Some(Cell::start(&e));
                    }
                } else if let Some(current) = sheet.as_mut() {
                    if local == "table-row" {
                        let repeats = number(&e, "number-rows-repeated").unwrap_or(1);
                        let repeats = repeats.min(MAX_ROWS.saturating_sub(current.rows));
                        row = Some(Row {
                            first: current.rows,
                            repeats,
                            width: 0,
                            deferred: 0,
                            values: None,
                            text: 0,
                        });
                        current.rows += repeats;
                    }
                } else if local == "table" {
                    // calamine reads only the tables that have a name.
                    if let Some(name) = attribute(&e, "name") {
                        sheet = Some(SheetCost {
                            name,
                            ..SheetCost::default()
                        });
                    }
                }
            }
            Event::Text(text) => {
                if let Some(cell) = cell.as_mut() {
                    cell.content = true;
                    cell.text = cell.text.saturating_add(text.len() as u64);
                }
            }
            Event::GeneralRef(_) | Event::CData(_) => {
                if let Some(cell) = cell.as_mut() {
                    cell.content = true;
                    cell.text = cell.text.saturating_add(4);
                }
            }
            Event::End(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if matches!(local, "table-cell" | "covered-table-cell") {
                    if let (Some(done), Some(row)) = (cell.take(), row.as_mut()) {
                        row.add(done);
                    }
                } else if cell.is_some() {
                    // The end of an element inside the cell.
                } else if local == "table-row" {
                    if let (Some(done), Some(current)) = (row.take(), sheet.as_mut()) {
                        done.finish(current);
                    }
                } else if local == "table"
                    && let Some(done) = sheet.take()
                {
                    sheets.push(done);
                    row = None;
                }
            }
            _ => {}
        }
    }
    sheets.extend(sheet);
    sheets
}

/// A row element being read.
struct Row {
    /// The sheet's row index where it starts.
    first: u64,
    /// How many rows it stands for (within calamine's cap).
    repeats: u64,
    /// Cells stored so far (calamine stores a row's empty cells only when
    /// a value follows them).
    width: u64,
    /// Empty cells seen since the last value.
    deferred: u64,
    /// First and last column holding a value.
    values: Option<(u64, u64)>,
    /// Bytes of text of the row's stored cells.
    text: u64,
}

impl Row {
    fn add(&mut self, cell: Cell) {
        self.width += self.deferred.min(MAX_COLUMNS - self.width);
        self.deferred = 0;
        let repeats = cell.repeats.min(MAX_COLUMNS - self.width);
        if cell.holds_value() {
            if repeats > 0 {
                let (first, last) = (self.width, self.width + repeats - 1);
                let values = self.values.get_or_insert((first, last));
                *values = (values.0.min(first), values.1.max(last));
            }
            self.width += repeats;
            self.text = self.text.saturating_add(cell.text.saturating_mul(repeats));
        } else {
            self.deferred = repeats;
        }
    }

    fn finish(self, sheet: &mut SheetCost) {
        sheet.stored = sheet.stored.saturating_add(self.width);
        // The row's text is stored once, then copied for each repeat.
        sheet.text = sheet
            .text
            .saturating_add(self.text.saturating_mul(1 + self.repeats));
        let Some((left, right)) = self.values else {
            return;
        };
        // A row past calamine's last row still ends the grid there: the
        // empty rows before it are laid out.
        let last_row = MAX_ROWS - 1;
        let clamp = |n: u64| u32::try_from(n.min(last_row)).unwrap_or(u32::MAX);
        let (top, bottom) = (
            clamp(self.first),
            clamp(self.first + self.repeats.max(1) - 1),
        );
        let (left, right) = (clamp(left), clamp(right));
        let extent = sheet.extent.get_or_insert(Rect {
            top,
            left,
            bottom,
            right,
        });
        *extent = Rect {
            top: extent.top.min(top),
            left: extent.left.min(left),
            bottom: extent.bottom.max(bottom),
            right: extent.right.max(right),
        };
    }
}

/// A cell element being read.
struct Cell {
    repeats: u64,
    /// A value or formula attribute.
    valued: bool,
    /// Any content (a paragraph, text).
    content: bool,
    /// Bytes of its text: attribute values, text, spaces asked for.
    text: u64,
}

impl Cell {
    fn start(e: &BytesStart<'_>) -> Cell {
        let mut cell = Cell {
            repeats: number(e, "number-columns-repeated").unwrap_or(1),
            valued: false,
            content: false,
            text: 0,
        };
        for a in e.attributes().with_checks(false).flatten() {
            let key = a.key.local_name();
            if matches!(
                key.as_ref(),
                "value-type"
                    | "value"
                    | "string-value"
                    | "date-value"
                    | "time-value"
                    | "boolean-value"
                    | "formula"
            ) {
                cell.valued = true;
                cell.text = cell.text.saturating_add(a.value.len() as u64);
            }
        }
        cell
    }

    fn holds_value(&self) -> bool {
        self.valued || self.content
    }
}

/// The attribute of local name `local` of an element, as text.
fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

/// A count attribute: its leading digits, saturating; `None` when absent
/// or without digits.
fn number(e: &BytesStart<'_>, local: &str) -> Option<u64> {
    let value = attribute(e, local)?;
    let digits = value.trim().bytes().take_while(u8::is_ascii_digit);
    let mut any = false;
    let n = digits.fold(0u64, |n, d| {
        any = true;
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    any.then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    fn cost(body: &str) -> SheetCost {
        let sheets = measure(content(body).as_bytes());
        assert_eq!(sheets.len(), 1);
        sheets.into_iter().next().unwrap()
    }

    const VALUE: &str = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

    #[test]
    fn a_plain_sheet_costs_its_cells() {
        let row = format!("<table:table-row>{VALUE}{VALUE}</table:table-row>");
        let sheet = cost(&row.repeat(3));
        assert_eq!(sheet.stored, 6);
        assert_eq!(sheet.positions(), 12);
        assert_eq!(
            sheet.extent,
            Some(Rect {
                top: 0,
                left: 0,
                bottom: 2,
                right: 1
            })
        );
    }

    #[test]
    fn repeats_are_counted_within_calamines_caps() {
        // A value repeated over a million columns: capped at 16,384.
        let wide = cost(&format!(
            r#"<table:table-row>{}</table:table-row>"#,
            VALUE.replace(
                "<table:table-cell ",
                r#"<table:table-cell table:number-columns-repeated="1000000" "#
            )
        ));
        assert_eq!(wide.stored, MAX_COLUMNS);
        assert_eq!(wide.positions(), 2 * MAX_COLUMNS);
        // A row of two values repeated a million times.
        let tall = cost(&format!(
            r#"<table:table-row table:number-rows-repeated="1000000">{VALUE}{VALUE}</table:table-row>"#
        ));
        assert_eq!(tall.positions(), 2 + 2_000_000);
        // Empty cells count only before a value: trailing ones are not stored.
        let far = cost(&format!(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="100"/>{VALUE}<table:table-cell table:number-columns-repeated="9999"/></table:table-row>"#
        ));
        assert_eq!(far.stored, 101);
        assert_eq!(far.positions(), 102);
        // Empty rows repeated far down, then a value: the grid reaches it.
        let down = cost(&format!(
            r#"<table:table-row>{VALUE}</table:table-row><table:table-row table:number-rows-repeated="5000000"><table:table-cell/></table:table-row><table:table-row>{VALUE}</table:table-row>"#
        ));
        assert_eq!(down.extent.unwrap().bottom, (MAX_ROWS - 1) as u32);
    }

    #[test]
    fn repeated_text_is_counted_for_every_copy() {
        let sheet = cost(
            r#"<table:table-row table:number-rows-repeated="10"><table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>abcd<text:s text:c="1000"/></text:p></table:table-cell></table:table-row>"#,
        );
        // 6 bytes of value type, 4 of text, 1000 spaces; 3 columns; stored
        // once and copied for each of the 10 rows.
        assert_eq!(sheet.text, 1010 * 3 * 11);
    }

    #[test]
    fn a_workbook_over_its_budget_is_refused_naming_the_sheet() {
        let limits = docmend_core::converter::Limits::default();
        let budget = DenseBudget::new(800, &limits);
        let body = format!(
            r#"<table:table-row table:number-rows-repeated="1000000">{VALUE}{VALUE}</table:table-row>"#
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", options).unwrap();
        std::io::Write::write_all(&mut zip, content(&body).as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let reason = check(&bytes, &budget, 64 << 20).unwrap_err();
        assert!(
            reason.starts_with(
                "sheet 'S' spans 1000000 rows × 2 columns (A1:B1000000), 2000002 positions"
            ),
            "{reason}"
        );
        let reason = check(&bytes, &DenseBudget::new(1 << 30, &limits), 1000).unwrap_err();
        assert!(reason.contains("repeats its text"), "{reason}");
    }
}
