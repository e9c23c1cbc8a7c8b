//! The plain-text converter.

use crate::converter::{Confidence, Converted, Converter, Options};
use crate::error::Error;
use crate::model::{Format, Metadata};

pub struct TextConverter;

impl Converter for TextConverter {
    fn name(&self) -> &'static str {
        "text"
    }
    fn formats(&self) -> &'static [Format] {
        &[Format::Text]
    }
    fn description(&self) -> &'static str {
        "plain-text exports in any common Chinese or Unicode encoding, with collapsed pipe or tab tables"
    }
    fn sniff(&self, head: &[u8]) -> Confidence {
        match crate::sniff::identify(head) {
            crate::sniff::Seen::Text => Confidence::LIKELY,
            _ => Confidence::NONE,
        }
    }
    fn convert(&self, bytes: &[u8], _options: &Options) -> Result<Converted, Error> {
        let decoded = crate::decode::decode_text(bytes);
        Ok(Converted {
            format: Format::Text,
            encoding: Some(decoded.encoding.to_string()),
            metadata: Metadata::default(),
            blocks: Vec::new(),
            diagnostics: decoded.diagnostics,
        })
    }
}
