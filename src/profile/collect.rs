//! Gathers figures for the profile: a key gets a number only when the
//! report states one; text that is not a number is reported, never guessed.

use crate::model::{Diagnostic, DiagnosticCode, Number, Origin};
use std::collections::BTreeMap;

#[derive(Default)]
pub struct Collector {
    pub statistics: BTreeMap<String, Number>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Collector {
    /// Records the figure a cell states under `key`. Empty cells give no
    /// key; placeholders and other text give no key and a diagnostic.
    pub fn cell(
        &mut self,
        key: String,
        text: &str,
        value: Option<Number>,
        origin: Option<&Origin>,
    ) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        match value.or_else(|| Number::parse(text)) {
            Some(number) => self.number(key, number, origin),
            None => self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::StatisticNotANumber,
                    format!("{key}: the report gives '{text}', which is not a number; no figure recorded"),
                )
                .with_origin(origin.cloned()),
            ),
        }
    }

    /// Records a figure; a key stated twice keeps its first figure and the
    /// second is reported.
    pub fn number(&mut self, key: String, number: Number, origin: Option<&Origin>) {
        match self.statistics.get(&key) {
            Some(first) if *first != number => self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::StatisticStatedTwice,
                    format!(
                        "{key}: stated as {} and again as {}; the first is kept",
                        show(*first),
                        show(number)
                    ),
                )
                .with_origin(origin.cloned()),
            ),
            Some(_) => {}
            None => {
                self.statistics.insert(key, number);
            }
        }
    }

    pub fn note(&mut self, code: DiagnosticCode, message: String, origin: Option<&Origin>) {
        self.diagnostics
            .push(Diagnostic::new(code, message).with_origin(origin.cloned()));
    }
}

/// A number as the report would print it.
pub fn show(number: Number) -> String {
    Shown(number.0).to_string()
}

/// A figure as the report would print it, for formatting without an
/// intermediate string.
pub struct Shown(pub f64);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if Number(self.0).is_integer() {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}
