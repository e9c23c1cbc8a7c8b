//! The HTML converter (pages saved from government websites). Not built yet:
//! it claims no input, so HTML files get a clear "no converter" error.

use crate::converter::{Confidence, Converted, Converter, Options};
use crate::error::Error;
use crate::model::Format;

pub struct HtmlConverter;

impl Converter for HtmlConverter {
    fn name(&self) -> &'static str {
        "html"
    }
    fn formats(&self) -> &'static [Format] {
        &[]
    }
    fn description(&self) -> &'static str {
        "HTML pages (not built yet)"
    }
    fn sniff(&self, _head: &[u8]) -> Confidence {
        Confidence::NONE
    }
    fn convert(&self, _bytes: &[u8], _options: &Options) -> Result<Converted, Error> {
        Err(Error::ConverterMissing {
            format: "html".into(),
        })
    }
}
