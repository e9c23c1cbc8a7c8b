//! The spreadsheet converter (XLS, XLSX, XLSB, ODS). Not built yet:
//! it claims no input, so spreadsheets get a clear "no converter" error.

use crate::converter::{Confidence, Converted, Converter, Options};
use crate::error::Error;
use crate::model::Format;

pub struct SpreadsheetConverter;

impl Converter for SpreadsheetConverter {
    fn name(&self) -> &'static str {
        "spreadsheet"
    }
    fn formats(&self) -> &'static [Format] {
        &[]
    }
    fn description(&self) -> &'static str {
        "spreadsheets (not built yet)"
    }
    fn sniff(&self, _head: &[u8]) -> Confidence {
        Confidence::NONE
    }
    fn convert(&self, _bytes: &[u8], _options: &Options) -> Result<Converted, Error> {
        Err(Error::ConverterMissing {
            format: "spreadsheet".into(),
        })
    }
}
