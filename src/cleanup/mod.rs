//! Cleanup: strips export artefacts from the model's text.

use crate::model::{Block, Diagnostic};

/// Cleans `blocks` in place; every removal is returned as a diagnostic.
pub fn clean(_blocks: &mut Vec<Block>) -> Vec<Diagnostic> {
    Vec::new()
}
