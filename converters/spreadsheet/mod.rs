//! The spreadsheet converter: XLS (BIFF8, and the BIFF5 that calamine
//! reads), XLSX, XLSB and ODS workbooks, read with calamine.
//!
//! `container` tells from the bytes which workbook a file is and what a
//! ZIP-based one declares, `ole` (with the `cfb` crate) what an OLE file
//! is and whether calamine can safely read it; `ods_extent` and
//! `xlsb_records` measure what calamine would allocate for an ODS or XLSB
//! workbook, and `dense` how much of that a file of its size may ask for;
//! `read` parses the workbook into sparse
//! sheets (values as text, merged regions); `regions` finds each sheet's
//! blocks, the connected regions of filled cells (`connect`), in reading
//! order (`reading_order`), and `text_rows` the rows of text of a sheet
//! written as a document; `lower` turns the blocks into a heading per
//! sheet, paragraphs and exact tables with spans.
//! `values` renders numbers, dates, booleans and error values as text.

mod charts;
mod connect;
mod container;
mod dense;
mod lower;
mod ods_extent;
mod ole;
mod read;
mod reading_order;
mod regions;
mod text_rows;
mod values;
mod xlsb_records;

use container::Kind;
use docmend_core::converter::SNIFF_LEN;
use docmend_core::converter::{Confidence, Converted, Converter, Options};
use docmend_core::error::Error;
use docmend_core::model::{Format, Metadata};

pub struct SpreadsheetConverter;

impl Converter for SpreadsheetConverter {
    fn name(&self) -> &'static str {
        "spreadsheet"
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Xls, Format::Xlsx, Format::Xlsb, Format::Ods]
    }

    fn description(&self) -> &'static str {
        "spreadsheets (XLS, XLSX, XLSB, ODS): one heading per sheet, its tables with merged cells as spans"
    }

    fn sniff(&self, head: &[u8]) -> Confidence {
        match container::identify(head) {
            Kind::Xlsx | Kind::Xlsb | Kind::Ods => Confidence::CERTAIN,
            // OLE files may be Word or PowerPoint too; this converter reads
            // the workbooks and explains the rest.
            Kind::Ole | Kind::OldBiff => Confidence::LIKELY,
            Kind::OtherZip => Confidence::FALLBACK,
            Kind::Unknown => Confidence::NONE,
        }
    }

    fn convert(&self, bytes: &[u8], options: &Options) -> Result<Converted, Error> {
        let kind = container::identify(&bytes[..bytes.len().min(SNIFF_LEN)]);
        // A panic inside calamine unwinds to the pipeline, which reports it
        // as this file's error (docs/architecture.md, "Panics").
        let workbook = read::read(bytes, kind, &options.limits)?;
        let metadata = Metadata {
            hidden_sheets: workbook
                .sheets
                .iter()
                .filter(|s| s.hidden.is_some())
                .map(|s| s.name.clone())
                .collect(),
            ..Metadata::default()
        };
        let mut blocks = Vec::new();
        let mut diagnostics = workbook.diagnostics;
        let mut grid_budget = lower::GridBudget::new(options.limits.max_table_cells);
        for sheet in workbook.sheets {
            lower::lower_sheet(sheet, &mut grid_budget, &mut blocks, &mut diagnostics);
        }
        Ok(Converted::new(workbook.format, metadata, blocks).with_diagnostics(diagnostics))
    }
}
