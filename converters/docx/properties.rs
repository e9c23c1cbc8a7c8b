//! Document properties from `docProps/core.xml`: title, author
//! (`dc:creator`) and creation date (`dcterms:created`).

use super::xml::{Element, Flow, Ns, Visitor};

/// Which property the text being read belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Title,
    Creator,
    Created,
}

pub struct CoreReader {
    field: Field,
    title: String,
    creator: String,
    created: String,
}

impl Default for CoreReader {
    fn default() -> CoreReader {
        CoreReader {
            field: Field::None,
            title: String::new(),
            creator: String::new(),
            created: String::new(),
        }
    }
}

/// The properties a document states (each non-empty, trimmed).
pub struct CoreProperties {
    pub title: Option<String>,
    pub author: Option<String>,
    pub created: Option<String>,
}

fn stated(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

impl CoreReader {
    pub fn finish(self) -> CoreProperties {
        CoreProperties {
            title: stated(&self.title),
            author: stated(&self.creator),
            created: stated(&self.created),
        }
    }
}

impl Visitor for CoreReader {
    fn start(&mut self, element: &Element<'_, '_>) -> Flow {
        self.field = match (element.ns, element.local) {
            (Ns::DublinCore, "title") => Field::Title,
            (Ns::DublinCore, "creator") => Field::Creator,
            (Ns::DublinCoreTerms, "created") => Field::Created,
            _ => Field::None,
        };
        Flow::Enter
    }
    fn end(&mut self, _ns: Ns, _local: &str) {
        self.field = Field::None;
    }
    fn text(&mut self, text: &str) {
        match self.field {
            Field::Title => self.title.push_str(text),
            Field::Creator => self.creator.push_str(text),
            Field::Created => self.created.push_str(text),
            Field::None => {}
        }
    }
}
