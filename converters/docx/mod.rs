//! The DOCX converter. Not built yet:
//! it claims no input, so DOCX files get a clear "no converter" error.

use crate::converter::{Confidence, Converted, Converter, Options};
use crate::error::Error;
use crate::model::Format;

pub struct DocxConverter;

impl Converter for DocxConverter {
    fn name(&self) -> &'static str {
        "docx"
    }
    fn formats(&self) -> &'static [Format] {
        &[]
    }
    fn description(&self) -> &'static str {
        "DOCX documents (not built yet)"
    }
    fn sniff(&self, _head: &[u8]) -> Confidence {
        Confidence::NONE
    }
    fn convert(&self, _bytes: &[u8], _options: &Options) -> Result<Converted, Error> {
        Err(Error::ConverterMissing {
            format: "docx".into(),
        })
    }
}
