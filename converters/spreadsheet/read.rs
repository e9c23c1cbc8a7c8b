//! Parses a workbook with calamine into sparse sheets: each sheet's
//! non-empty cells as text with their absolute positions, and its merged
//! regions. Nothing here decides what is a table; see `regions` and `lower`.
//!
//! XLSX and XLSB worksheets are streamed cell by cell (calamine's cell
//! readers), so memory follows the number of non-empty cells, not the
//! bounding box of the sheet. XLS and ODS are parsed whole by calamine when
//! the workbook opens; their sheets are read from those ranges.

use super::charts::{self, Chart};
use super::container::{self, Kind, MAX_RATIO, RATIO_CHECK_FROM, SharedStrings};
use super::dense::DenseBudget;
use super::ods_extent;
use super::ole::{self, OleContent};
use super::values::{Rendered, render_data, render_ref};
use super::xlsb_records;
use calamine::{Data, Dimensions, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use docmend_core::converter::Limits;
use docmend_core::error::Error;
use docmend_core::model::{Diagnostic, DiagnosticCode, Format, Origin};
use std::io::Cursor;

/// A cell with a value, at its absolute 0-based position.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

/// An inclusive rectangle of cells, in absolute 0-based coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rect {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

impl From<Dimensions> for Rect {
    fn from(d: Dimensions) -> Rect {
        Rect {
            top: d.start.0.min(d.end.0),
            left: d.start.1.min(d.end.1),
            bottom: d.start.0.max(d.end.0),
            right: d.start.1.max(d.end.1),
        }
    }
}

#[derive(Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub hidden: Option<&'static str>,
    /// Non-empty cells, sorted by (row, col).
    pub cells: Vec<RawCell>,
    pub merges: Vec<Rect>,
    /// Positions and codes of error values (also present in `cells`).
    pub errors: Vec<(u32, u32, String)>,
    /// The charts drawn on the sheet (XLSX only).
    pub charts: Vec<Chart>,
}

#[derive(Debug)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<Sheet>,
    pub diagnostics: Vec<Diagnostic>,
}

type Bytes<'a> = Cursor<&'a [u8]>;

enum Book<'a> {
    Xlsx(Xlsx<Bytes<'a>>),
    Xlsb(Xlsb<Bytes<'a>>),
    /// Read from the compound file as `ole` rewrote it.
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Bytes<'a>>),
}

/// Opens the workbook and reads every worksheet, within `limits`: the
/// ZIP's parts within `max_unpacked_bytes` (as its directory declares
/// them), chart parts within `max_part_bytes`, and no more non-empty cells
/// than `max_table_cells` (each becomes at least one table position), so
/// that a ZIP bomb or a generated monster cannot exhaust memory.
pub fn read(bytes: &[u8], kind: Kind, limits: &Limits) -> Result<Workbook, Error> {
    let max_cells = usize::try_from(limits.max_table_cells).unwrap_or(usize::MAX);
    let mut book = open(bytes, kind, limits)?;
    let format = match book {
        Book::Xls(_) => Format::Xls,
        Book::Xlsx(_) => Format::Xlsx,
        Book::Xlsb(_) => Format::Xlsb,
        Book::Ods(_) => Format::Ods,
    };
    let mut diagnostics = Vec::new();
    if matches!(book, Book::Xlsb(_) | Book::Ods(_)) {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::MergesNotRead,
            format!(
                "merged cells are not read from {} workbooks (the reader does not expose them): \
                 a merged cell shows as its value in the top-left cell with empty cells beside it",
                if matches!(book, Book::Ods(_)) {
                    "ODS"
                } else {
                    "XLSB"
                }
            ),
        ));
    }
    let listed: Vec<calamine::Sheet> = match &book {
        Book::Xlsx(b) => b.sheets_metadata().to_vec(),
        Book::Xlsb(b) => b.sheets_metadata().to_vec(),
        Book::Xls(b) => b.sheets_metadata().to_vec(),
        Book::Ods(b) => b.sheets_metadata().to_vec(),
    };
    let mut charts = match book {
        Book::Xlsx(_) => charts::read(bytes, limits.max_part_bytes, &mut diagnostics),
        _ => Default::default(),
    };
    let mut sheets = Vec::new();
    let mut cells_read = 0;
    let mut failures = Vec::new();
    for meta in listed {
        let origin = Some(Origin {
            sheet: Some(meta.name.clone()),
            ..Origin::default()
        });
        if meta.typ != SheetType::WorkSheet {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::SheetSkipped,
                    format!(
                        "sheet '{}' is a {} and has no cells to convert",
                        meta.name,
                        sheet_type_name(meta.typ)
                    ),
                )
                .with_origin(origin),
            );
            continue;
        }
        let mut sheet = Sheet {
            name: meta.name.clone(),
            hidden: match meta.visible {
                SheetVisible::Visible => None,
                SheetVisible::Hidden => Some("hidden"),
                SheetVisible::VeryHidden => Some("very hidden"),
            },
            charts: charts.remove(&meta.name).unwrap_or_default(),
            ..Sheet::default()
        };
        let budget = max_cells - cells_read;
        let outcome = read_sheet(&mut book, &mut sheet, budget);
        cells_read += sheet.cells.len();
        match outcome {
            Ok(()) => {}
            Err(SheetError::TooManyCells) => {
                return Err(Error::Malformed {
                    format: format.to_string(),
                    reason: format!(
                        "the workbook's non-empty cells pass the limit of {max_cells} table \
                         positions (--max-table-cells); stopped in sheet '{}'",
                        meta.name
                    ),
                });
            }
            Err(SheetError::Reader(message)) => {
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticCode::SheetUnreadable,
                        format!(
                            "sheet '{}' could not be read completely ({message}); \
                             {} cells were read before the error",
                            meta.name,
                            sheet.cells.len()
                        ),
                    )
                    .with_origin(origin),
                );
                failures.push(message);
            }
        }
        sheet.cells.sort_by_key(|c| (c.row, c.col));
        sheet.cells.dedup_by_key(|c| (c.row, c.col));
        sheets.push(sheet);
    }
    fill_charts(&mut sheets);
    if cells_read == 0 && !failures.is_empty() {
        return Err(Error::Malformed {
            format: format.to_string(),
            reason: format!("no sheet could be read: {}", failures.join("; ")),
        });
    }
    Ok(Workbook {
        format,
        sheets,
        diagnostics,
    })
}

/// Gives the charts the values their parts name by reference but do not
/// cache, from the cells of the sheets read.
fn fill_charts(sheets: &mut [Sheet]) {
    if sheets.iter().all(|s| s.charts.is_empty()) {
        return;
    }
    let mut charts: Vec<Vec<Chart>> = sheets
        .iter_mut()
        .map(|s| std::mem::take(&mut s.charts))
        .collect();
    for chart in charts.iter_mut().flatten() {
        chart.fill_from_cells(|reference| {
            let (name, rect) = charts::parse_reference(reference)?;
            let sheet = sheets.iter().find(|s| s.name == name)?;
            // A reference is a row or a column of cells.
            if rect.top != rect.bottom && rect.left != rect.right {
                return None;
            }
            let texts = (rect.top..=rect.bottom)
                .flat_map(|row| (rect.left..=rect.right).map(move |col| (row, col)))
                .take(charts::MAX_POINTS)
                .map(|at| {
                    sheet
                        .cells
                        .binary_search_by_key(&at, |c| (c.row, c.col))
                        .map(|i| sheet.cells[i].text.clone())
                        .unwrap_or_default()
                })
                .collect();
            Some(texts)
        });
    }
    for (sheet, charts) in sheets.iter_mut().zip(charts) {
        sheet.charts = charts;
    }
}

fn sheet_type_name(typ: SheetType) -> &'static str {
    match typ {
        SheetType::WorkSheet => "worksheet",
        SheetType::DialogSheet => "dialog sheet",
        SheetType::MacroSheet => "macro sheet",
        SheetType::ChartSheet => "chart sheet",
        SheetType::Vba => "VBA module",
    }
}

enum SheetError {
    TooManyCells,
    Reader(String),
}

fn read_sheet(book: &mut Book<'_>, sheet: &mut Sheet, budget: usize) -> Result<(), SheetError> {
    let name = sheet.name.clone();
    match book {
        Book::Xlsx(b) => {
            let mut reader = b
                .worksheet_cells_reader(&name)
                .map_err(|e| SheetError::Reader(explain(e.to_string())))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| SheetError::Reader(explain(e.to_string())))?
            {
                let (row, col) = cell.get_position();
                push(sheet, row, col, render_ref(cell.get_value()), budget)?;
            }
            drop(reader);
            // Merges live at the end of the sheet part: a second, streamed pass.
            let merges = b
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| SheetError::Reader(format!("merged cells: {e}")))?;
            sheet.merges = merges.into_iter().map(Rect::from).collect();
        }
        Book::Xlsb(b) => {
            let mut reader = b
                .worksheet_cells_reader(&name)
                .map_err(|e| SheetError::Reader(explain(e.to_string())))?;
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| SheetError::Reader(explain(e.to_string())))?
            {
                let (row, col) = cell.get_position();
                push(sheet, row, col, render_ref(cell.get_value()), budget)?;
            }
        }
        Book::Xls(b) => {
            let range = b
                .worksheet_range(&name)
                .map_err(|e| SheetError::Reader(explain(e.to_string())))?;
            push_range(sheet, &range, budget)?;
            let merges = b
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| SheetError::Reader(format!("merged cells: {e}")))?;
            sheet.merges = merges.into_iter().map(Rect::from).collect();
        }
        Book::Ods(b) => {
            let range = b
                .worksheet_range(&name)
                .map_err(|e| SheetError::Reader(explain(e.to_string())))?;
            push_range(sheet, &range, budget)?;
        }
    }
    Ok(())
}

/// Reads the used cells of a whole-sheet range; calamine's coordinates
/// inside a range are relative to its start.
fn push_range(sheet: &mut Sheet, range: &Range<Data>, budget: usize) -> Result<(), SheetError> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (row, col, value) in range.used_cells() {
        push(
            sheet,
            row0 + row as u32,
            col0 + col as u32,
            render_data(value),
            budget,
        )?;
    }
    Ok(())
}

fn push(
    sheet: &mut Sheet,
    row: u32,
    col: u32,
    value: Rendered,
    budget: usize,
) -> Result<(), SheetError> {
    let text = match value {
        Rendered::Empty => return Ok(()),
        Rendered::Text(text) => text,
        Rendered::Error(code) => {
            sheet.errors.push((row, col, code.clone()));
            code
        }
    };
    if sheet.cells.len() >= budget {
        return Err(SheetError::TooManyCells);
    }
    sheet.cells.push(RawCell { row, col, text });
    Ok(())
}

/// Opens the workbook with the reader its container calls for, turning
/// calamine's refusals into errors that say what the file is.
fn open<'a>(bytes: &'a [u8], kind: Kind, limits: &Limits) -> Result<Book<'a>, Error> {
    let cursor = || Cursor::new(bytes);
    match kind {
        Kind::Xlsx | Kind::Xlsb | Kind::Ods | Kind::OtherZip => check_zip(bytes, kind, limits)?,
        _ => {}
    }
    match kind {
        Kind::Xlsx => Xlsx::new(cursor()).map(Book::Xlsx).map_err(|e| {
            zip_error(
                "xlsx",
                &e.to_string(),
                matches!(e, calamine::XlsxError::Password),
            )
        }),
        Kind::Xlsb => {
            check_xlsb(bytes)?;
            Xlsb::new(cursor()).map(Book::Xlsb).map_err(|e| {
                zip_error(
                    "xlsb",
                    &e.to_string(),
                    matches!(e, calamine::XlsbError::Password),
                )
            })
        }
        Kind::Ods => {
            check_ods(bytes, limits)?;
            Ods::new(cursor()).map(Book::Ods).map_err(|e| {
                zip_error(
                    "ods",
                    &e.to_string(),
                    matches!(e, calamine::OdsError::Password),
                )
            })
        }
        Kind::OtherZip => {
            if let Ok(b) = Xlsx::new(cursor()) {
                Ok(Book::Xlsx(b))
            } else if check_xlsb(bytes).is_ok()
                && let Ok(b) = Xlsb::new(cursor())
            {
                Ok(Book::Xlsb(b))
            } else if check_ods(bytes, limits).is_ok()
                && let Ok(b) = Ods::new(cursor())
            {
                Ok(Book::Ods(b))
            } else {
                Err(Error::Unsupported {
                    seen: "ZIP archive that holds no workbook (no xl/workbook part, no \
                           OpenDocument spreadsheet mimetype)"
                        .into(),
                })
            }
        }
        Kind::Ole => {
            let mut compound = ole::Compound::open(bytes).map_err(damaged_ole)?;
            match compound.content() {
                OleContent::Workbook => {
                    compound
                        .check_workbook(&DenseBudget::new(bytes.len(), limits))
                        .map_err(|reason| Error::Malformed {
                            format: "xls".into(),
                            reason: format!("damaged or hostile Excel workbook: {reason}"),
                        })?;
                    let rewritten = compound.rewritten().map_err(damaged_ole)?;
                    match Xls::new(Cursor::new(rewritten)) {
                        Ok(b) => Ok(Book::Xls(b)),
                        Err(calamine::XlsError::Password) => Err(password_protected("xls")),
                        Err(e) => Err(explain_ole(OleContent::Workbook, &e.to_string())),
                    }
                }
                other => Err(explain_ole(other, "")),
            }
        }
        Kind::OldBiff => Err(Error::Unsupported {
            seen: "Excel 2.x–4.0 worksheet (BIFF2–4), which this build cannot read; \
                   save it as .xlsx"
                .into(),
        }),
        Kind::Unknown => Err(Error::Malformed {
            format: "xlsx".into(),
            reason: "neither a ZIP-based workbook (XLSX, XLSB, ODS) nor an OLE compound \
                     file (XLS)"
                .into(),
        }),
    }
}

/// Each string of a shared-string table takes at least this many bytes of
/// its part (`<si/>`).
const MIN_SHARED_STRING_BYTES: u64 = 5;
/// Shared strings calamine may reserve room for whatever their part's size
/// (24 MiB of string headers).
const SHARED_STRINGS_FLOOR: u64 = 1 << 20;

/// Refuses ZIP-based workbooks whose declared sizes would make calamine
/// allocate more than `limits` allow, or out of proportion to the file.
fn check_zip(bytes: &[u8], kind: Kind, limits: &Limits) -> Result<(), Error> {
    let format = match kind {
        Kind::Ods => "ods",
        Kind::Xlsb => "xlsb",
        _ => "xlsx",
    };
    let refuse = |reason: String| Error::Malformed {
        format: format.into(),
        reason,
    };
    let Some(declared) = container::zip_declared(bytes, limits.max_part_bytes) else {
        return Ok(());
    };
    match declared.shared_strings {
        SharedStrings::Count { count, .. } if count > limits.max_table_cells => {
            return Err(refuse(format!(
                "its shared-string table declares {count} strings, over the limit of {} \
                 table positions (--max-table-cells)",
                limits.max_table_cells
            )));
        }
        SharedStrings::Count { count, part_bytes }
            if count > SHARED_STRINGS_FLOOR && count > part_bytes / MIN_SHARED_STRING_BYTES =>
        {
            return Err(refuse(format!(
                "its shared-string table declares {count} strings, more than its part of \
                 {part_bytes} bytes can hold"
            )));
        }
        SharedStrings::NotWithin(part, limit) => {
            return Err(refuse(format!(
                "its shared-string table {part} does not begin within its first {limit} bytes, \
                 the limit of one part (--max-part-bytes)"
            )));
        }
        _ => {}
    }
    if declared.unpacked > limits.max_unpacked_bytes {
        return Err(refuse(format!(
            "its parts unpack to {} bytes, over the limit of {} bytes unpacked in all \
             (--max-unpacked-bytes; a ZIP bomb, or a workbook too large to convert)",
            declared.unpacked, limits.max_unpacked_bytes
        )));
    }
    if let Some((part, size, ratio)) = declared.bomb {
        return Err(refuse(format!(
            "its part {part} unpacks to {size} bytes, {ratio} times its compressed size, far \
             beyond real workbooks (at most {MAX_RATIO} times past {RATIO_CHECK_FROM} bytes); \
             refused as a possible zip bomb"
        )));
    }
    Ok(())
}

/// Refuses an XLSB workbook whose records would make calamine allocate
/// more than their parts hold (`xlsb_records`).
fn check_xlsb(bytes: &[u8]) -> Result<(), Error> {
    xlsb_records::check(bytes).map_err(|reason| Error::Malformed {
        format: "xlsb".into(),
        reason,
    })
}

/// Refuses an ODS workbook that would make calamine lay out more than
/// the file's budget allows (`ods_extent`).
fn check_ods(bytes: &[u8], limits: &Limits) -> Result<(), Error> {
    let budget = DenseBudget::new(bytes.len(), limits);
    ods_extent::check(bytes, &budget, limits.max_part_bytes).map_err(|reason| Error::Malformed {
        format: "ods".into(),
        reason,
    })
}

fn zip_error(format: &str, message: &str, password: bool) -> Error {
    if password {
        return password_protected(format);
    }
    Error::Malformed {
        format: if format == "xls" { "xls" } else { "xlsx" }.into(),
        reason: format!(
            "the {format} workbook cannot be read: {}",
            explain(message.to_string())
        ),
    }
}

/// calamine's message, with what it means where it is terse: an entity
/// it does not know comes from a DTD in the part (billion laughs and its
/// kin), which Office Open XML does not allow and calamine does not expand.
fn explain(message: String) -> String {
    if message.contains("unrecognized entity") {
        format!(
            "{message} (the part defines XML entities in a DTD, which workbooks may not; \
             they are not expanded)"
        )
    } else {
        message
    }
}

fn password_protected(format: &str) -> Error {
    Error::Malformed {
        format: if format == "xls" { "xls" } else { "xlsx" }.into(),
        reason: "the workbook is password-protected (encrypted); docmend cannot decrypt it — \
                 save an unprotected copy and convert that"
            .into(),
    }
}

/// An OLE file whose structure the `cfb` crate cannot follow, or that
/// declares a stream larger than itself.
fn damaged_ole(reason: String) -> Error {
    Error::Malformed {
        format: "xls".into(),
        reason: format!(
            "damaged legacy OLE compound file (.xls/.doc/.ppt): its directory cannot be \
             followed ({reason})"
        ),
    }
}

/// Says what an OLE file that is not a readable workbook is.
fn explain_ole(content: OleContent, calamine_message: &str) -> Error {
    match content {
        OleContent::EncryptedOoxml => Error::Malformed {
            format: "xlsx".into(),
            reason: "the file is a password-protected (encrypted) Office document: an OLE \
                     file holding EncryptionInfo/EncryptedPackage; docmend cannot decrypt it — \
                     save an unprotected copy and convert that"
                .into(),
        },
        OleContent::WordDocument => Error::Unsupported {
            seen: "legacy Word document (.doc, OLE); not supported — save it as .docx".into(),
        },
        OleContent::PowerPoint => Error::Unsupported {
            seen: "legacy PowerPoint presentation (.ppt, OLE); not supported".into(),
        },
        OleContent::Workbook => Error::Malformed {
            format: "xls".into(),
            reason: format!("damaged Excel workbook ({calamine_message})"),
        },
        OleContent::Other(names) if names.is_empty() => Error::Malformed {
            format: "xls".into(),
            reason: format!("damaged legacy OLE compound file ({calamine_message})"),
        },
        OleContent::Other(names) => Error::Unsupported {
            seen: format!(
                "OLE compound file that is not an Excel workbook (its entries: {})",
                printable(&names).join(", ")
            ),
        },
    }
}

/// Up to eight entry names, without the control characters that prefix
/// property streams (`\u{5}SummaryInformation`).
fn printable(names: &[String]) -> Vec<String> {
    names.iter().take(8).map(|n| ole::printable(n)).collect()
}
