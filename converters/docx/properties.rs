//! Document properties from `docProps/core.xml`: the title.
//!
//! The core properties also carry the author (`dc:creator`) and the
//! creation date (`dcterms:created`), but the canonical model has no field
//! for them yet, so only the title is read.

use super::xml::{Element, Flow, Ns, Visitor};

#[derive(Default)]
pub struct CoreReader {
    in_title: bool,
    title: String,
}

impl CoreReader {
    /// The title, if the properties state a non-empty one.
    pub fn finish(self) -> Option<String> {
        let title = self.title.trim();
        (!title.is_empty()).then(|| title.to_string())
    }
}

impl Visitor for CoreReader {
    fn start(&mut self, element: &Element<'_, '_>) -> Flow {
        self.in_title = element.ns == Ns::DublinCore && element.local == "title";
        Flow::Enter
    }
    fn end(&mut self, _ns: Ns, _local: &str) {
        self.in_title = false;
    }
    fn text(&mut self, text: &str) {
        if self.in_title {
            self.title.push_str(text);
        }
    }
}
