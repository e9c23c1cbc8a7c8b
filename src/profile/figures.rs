//! The figures a report states, by typed statistics key, and the lookup the
//! checks use: a figure is stated, left blank, or under a key the report's
//! template does not have — three answers a check tells apart. The map of
//! dotted keys in `profile.statistics` is made here, at the edge.

use super::keys::{StatKey, StatTable};
use super::template::Template;
use crate::model::Number;
use std::collections::BTreeMap;

/// One figure or none for every statistics key.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Indexed by [`StatKey::index`].
    slots: Vec<Option<Number>>,
    stated: usize,
}

impl Default for Figures {
    fn default() -> Figures {
        Figures {
            slots: vec![None; StatKey::COUNT],
            stated: 0,
        }
    }
}

/// What a report states for a key, seen through its template.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lookup {
    /// The template has the key and the report states this figure.
    Stated(f64),
    /// The template has the key; the report states no figure for it.
    Blank,
    /// The template has no such key, and the report states nothing there.
    NotInTemplate,
    /// The template has no such key, yet the report states a figure there
    /// (a row of the other template printed anyway).
    Stray(f64),
}

impl Figures {
    /// The figure stated for `key`, whatever the template.
    pub fn get(&self, key: StatKey) -> Option<Number> {
        self.slots[key.index()]
    }

    /// Records `number` for `key`, returning the figure it replaces.
    pub fn insert(&mut self, key: StatKey, number: Number) -> Option<Number> {
        let previous = self.slots[key.index()].replace(number);
        if previous.is_none() {
            self.stated += 1;
        }
        previous
    }

    /// What the report states for `key` under `template`.
    pub fn lookup(&self, key: StatKey, template: Template) -> Lookup {
        match (key.in_template(template), self.get(key)) {
            (true, Some(number)) => Lookup::Stated(number.0),
            (true, None) => Lookup::Blank,
            (false, Some(number)) => Lookup::Stray(number.0),
            (false, None) => Lookup::NotInTemplate,
        }
    }

    /// How many keys have a figure.
    /// How many figures the report states.
    pub fn len(&self) -> usize {
        self.stated
    }

    /// Whether the report states no figure.
    pub fn is_empty(&self) -> bool {
        self.stated == 0
    }

    /// Whether any figure of `table` is stated.
    pub fn has_table(&self, table: StatTable) -> bool {
        self.iter().any(|(key, _)| key.table() == table)
    }

    /// The stated figures, in output order.
    pub fn iter(&self) -> impl Iterator<Item = (StatKey, Number)> + '_ {
        StatKey::all()
            .zip(&self.slots)
            .filter_map(|(key, slot)| slot.map(|number| (key, number)))
    }

    /// The figures under their dotted keys, as `profile.statistics` holds
    /// them.
    pub fn to_statistics(&self) -> BTreeMap<String, Number> {
        self.iter()
            .map(|(key, number)| (key.as_str().to_string(), number))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> StatKey {
        text.parse().expect("a statistics key")
    }

    #[test]
    fn lookup_tells_blank_from_not_in_the_template() {
        let mut figures = Figures::default();
        figures.insert(key("applications.result.other.total"), Number(3.0));
        figures.insert(key("applications.new_received.total"), Number(5.0));
        let lookup = |text: &str, template| figures.lookup(key(text), template);
        assert_eq!(
            lookup("applications.new_received.total", Template::Y2021),
            Lookup::Stated(5.0)
        );
        assert_eq!(
            lookup("applications.carried_over.total", Template::Y2021),
            Lookup::Blank
        );
        assert_eq!(
            lookup("applications.result.other.total", Template::Y2019),
            Lookup::Stated(3.0)
        );
        assert_eq!(
            lookup("applications.result.other.total", Template::Y2021),
            Lookup::Stray(3.0)
        );
        assert_eq!(
            lookup("applications.result.other.other.total", Template::Y2019),
            Lookup::NotInTemplate
        );
    }

    #[test]
    fn statistics_keep_their_dotted_keys() {
        let mut figures = Figures::default();
        assert!(figures.is_empty());
        figures.insert(key("proactive.rules.issued"), Number(1.0));
        figures.insert(key("applications.carried_forward.total"), Number(2.0));
        assert_eq!(
            figures.insert(key("proactive.rules.issued"), Number(4.0)),
            Some(Number(1.0))
        );
        assert_eq!(figures.len(), 2);
        assert!(figures.has_table(StatTable::Proactive));
        assert!(!figures.has_table(StatTable::Reviews));
        let statistics = figures.to_statistics();
        let keys: Vec<&str> = statistics.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "applications.carried_forward.total",
                "proactive.rules.issued"
            ]
        );
        assert_eq!(statistics["proactive.rules.issued"], Number(4.0));
    }
}
