//! Gathers figures for the profile: a key gets a number only when the
//! report states one; text that is not a number is reported, never guessed.
//! Each figure recorded under a key only one template has marks that
//! template, so the template is known once the tables are read. A cell
//! that holds no number is kept apart, with its kind (empty, `/`, a dash,
//! `无`, …), and a figure whose place was recovered rather than read is
//! marked as such.

use super::figures::Figures;
use super::keys::StatKey;
use super::printed;
use super::template::{Marks, Template};
use crate::model::{
    CellRef, Diagnostic, DiagnosticCode, Doubt, NotANumber, Number, Origin, ValueCounts, ValueKind,
};
use std::collections::BTreeMap;

#[derive(Default)]
pub struct Collector {
    pub figures: Figures,
    pub diagnostics: Vec<Diagnostic>,
    marks: Marks,
    /// The index in `blocks` of the table being read, if any.
    block: Option<usize>,
    /// Where each figure recorded from a table cell was read.
    pub cells: BTreeMap<String, CellRef>,
    /// The template cells read that hold no number, by key.
    pub not_numbers: BTreeMap<StatKey, NotANumber>,
    /// The figures whose place was recovered rather than read.
    pub uncertain: BTreeMap<StatKey, Doubt>,
    /// What the proactive-disclosure table says beyond its figures.
    pub proactive: ProactiveSeen,
}

/// What the proactive-disclosure table's reader saw besides figures, for
/// the checks of its plausibility.
#[derive(Debug, Default)]
pub struct ProactiveSeen {
    /// Whether a proactive-disclosure table (or its text) was read.
    pub read: bool,
    /// The header of the column the fee amount stands in
    /// (`本年收费金额(单位:万元)`), as printed.
    pub amount_header: Option<String>,
    /// Figures in a row or column the template does not have: the row's
    /// label and the figure, as printed.
    pub outside_template: Vec<String>,
}

/// A cell's grid position (row, column) in the table being read.
pub type At = Option<(usize, usize)>;

impl Collector {
    /// Says which block the figures that follow are read from: a table's
    /// index in `blocks`, or `None` for text.
    pub fn in_block(&mut self, block: Option<usize>) {
        self.block = block;
    }

    /// Records the figure a cell states under `key`; `at` is the cell's
    /// position in the table being read, when known. A cell that holds no
    /// number gives no figure: its kind is kept (`not_numbers`), and text
    /// other than a blank gets a diagnostic. Returns whether a figure was
    /// recorded.
    pub fn cell(
        &mut self,
        key: StatKey,
        text: &str,
        value: Option<Number>,
        origin: Option<&Origin>,
        at: At,
    ) -> bool {
        let text = text.trim();
        if let Some(number) = value.or_else(|| printed::figure(text)) {
            return self.number(key, number, origin, at);
        }
        let kind = ValueKind::of(text);
        if kind != ValueKind::Empty {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::StatisticNotANumber,
                    format!("{key}: the report gives '{text}', which is not a number; no figure recorded"),
                )
                .with_origin(origin.cloned()),
            );
        }
        // A figure stated elsewhere for the key stands; the first of
        // several non-numbers is kept, like the first of several figures.
        if self.figures.get(key).is_none() {
            self.not_numbers.entry(key).or_insert(NotANumber {
                kind,
                text: text.to_string(),
            });
        }
        false
    }

    /// Records `key`'s figure (just recorded by [`cell`](Self::cell) or
    /// [`number`](Self::number)) as recovered rather than read.
    pub fn doubt(&mut self, key: StatKey, doubt: Doubt) {
        self.uncertain.insert(key, doubt);
    }

    /// Records a figure; a key stated twice keeps its first figure and the
    /// second is reported. Returns whether the figure was recorded.
    pub fn number(
        &mut self,
        key: StatKey,
        number: Number,
        origin: Option<&Origin>,
        at: At,
    ) -> bool {
        match self.figures.get(key) {
            Some(first) if first != number => self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::StatisticStatedTwice,
                    format!(
                        "{key}: stated as {} and again as {}; the first is kept",
                        show(first),
                        show(number)
                    ),
                )
                .with_origin(origin.cloned()),
            ),
            Some(_) => {}
            None => {
                self.figures.insert(key, number);
                // A number printed for the key outweighs a blank or a dash
                // printed for it elsewhere.
                self.not_numbers.remove(&key);
                self.marks.note(key.only_in());
                if let (Some(block), Some((row, col))) = (self.block, at) {
                    self.cells
                        .insert(key.as_str().to_string(), CellRef { block, row, col });
                }
                return true;
            }
        }
        false
    }

    /// Per table, the cells read that hold a number and those that hold
    /// each kind of value that is not one.
    pub fn value_counts(&self) -> BTreeMap<String, ValueCounts> {
        let mut counts: BTreeMap<String, ValueCounts> = BTreeMap::new();
        let table = |key: StatKey| key.table().key().to_string();
        for (key, _) in self.figures.iter() {
            counts.entry(table(key)).or_default().number += 1;
        }
        for (&key, cell) in &self.not_numbers {
            counts.entry(table(key)).or_default().add(cell.kind);
        }
        counts
    }

    /// The template the figures recorded so far follow.
    pub fn template(&self) -> Template {
        self.marks.decide()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_recorded_mark_their_template() {
        let key = |text: &str| text.parse::<StatKey>().expect("a statistics key");
        let mut out = Collector::default();
        // Neither an empty cell nor a placeholder records a figure or marks
        // a template.
        out.cell(key("proactive.rules.new_made"), " ", None, None, None);
        out.cell(key("proactive.rules.new_made"), "—", None, None, None);
        assert!(out.figures.is_empty());
        assert_eq!(out.template(), Template::Y2021);
        // A key both templates have marks neither.
        out.cell(
            key("applications.new_received.total"),
            "3",
            None,
            None,
            None,
        );
        assert_eq!(out.template(), Template::Y2021);
        out.cell(key("proactive.rules.new_made"), "2", None, None, None);
        assert_eq!(out.template(), Template::Y2019);
        out.cell(
            key("applications.result.other.no_fee.total"),
            "0",
            None,
            None,
            None,
        );
        assert_eq!(out.template(), Template::Y2021);
        assert_eq!(out.figures.len(), 3);
    }
}
