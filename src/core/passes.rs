//! The passes that run over the model after a converter, and the switches
//! that turn each one off.
//!
//! Every pass acts only where the document shows what it exists for, but a
//! user who wants the source exactly as the converter read it can switch
//! any of them off (`--no-cleanup`, `--no-repair`, `--no-profile`,
//! `--passes`). The output lists the passes that ran (`source.passes`).

use std::fmt;

/// One pass over the model, in the order the pipeline runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// Export markers such as `[bookmark: _GoBack]`.
    Artefacts,
    /// Padding at the ends of texts, spaces inside short CJK labels.
    Spaces,
    /// `当前位置：首页 > …` navigation trails.
    Breadcrumbs,
    /// Site footers and page tools of saved web pages.
    Chrome,
    /// A run of blocks an exporter pasted twice at the start of a report.
    Duplicates,
    /// Numbered short paragraphs become headings where the format said
    /// nothing about headings; the title line.
    Headings,
    /// Raw tables become grids; damaged tables are rebuilt.
    Repair,
    /// The annual-report profile.
    Profile,
}

impl Pass {
    /// Every pass, in pipeline order.
    pub const ALL: [Pass; 8] = [
        Pass::Artefacts,
        Pass::Spaces,
        Pass::Breadcrumbs,
        Pass::Chrome,
        Pass::Duplicates,
        Pass::Headings,
        Pass::Repair,
        Pass::Profile,
    ];

    /// The cleanup passes, which `cleanup` names as a group.
    pub const CLEANUP: [Pass; 5] = [
        Pass::Artefacts,
        Pass::Spaces,
        Pass::Breadcrumbs,
        Pass::Chrome,
        Pass::Duplicates,
    ];

    /// The name used on the command line and in `source.passes`.
    pub fn name(self) -> &'static str {
        match self {
            Pass::Artefacts => "artefacts",
            Pass::Spaces => "spaces",
            Pass::Breadcrumbs => "breadcrumbs",
            Pass::Chrome => "chrome",
            Pass::Duplicates => "duplicates",
            Pass::Headings => "headings",
            Pass::Repair => "repair",
            Pass::Profile => "profile",
        }
    }

    fn index(self) -> usize {
        Pass::ALL
            .iter()
            .position(|&p| p == self)
            .expect("every pass is in ALL")
    }
}

impl fmt::Display for Pass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which passes run. The default runs all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passes {
    enabled: [bool; Pass::ALL.len()],
}

impl Default for Passes {
    fn default() -> Passes {
        Passes::all()
    }
}

impl Passes {
    /// Every pass.
    pub fn all() -> Passes {
        Passes {
            enabled: [true; Pass::ALL.len()],
        }
    }

    /// No pass at all: the document as the converter read it (tables are
    /// still made whole grids, without any repair).
    pub fn none() -> Passes {
        Passes {
            enabled: [false; Pass::ALL.len()],
        }
    }

    /// Whether `pass` runs.
    pub fn runs(&self, pass: Pass) -> bool {
        self.enabled[pass.index()]
    }

    /// Switches `pass` on or off.
    pub fn set(&mut self, pass: Pass, on: bool) {
        self.enabled[pass.index()] = on;
    }

    /// These passes without the given ones.
    pub fn without(mut self, passes: &[Pass]) -> Passes {
        for &pass in passes {
            self.set(pass, false);
        }
        self
    }

    /// Whether any cleanup pass runs.
    pub fn any_cleanup(&self) -> bool {
        Pass::CLEANUP.iter().any(|&p| self.runs(p))
    }

    /// The names of the passes that run, in pipeline order.
    pub fn names(&self) -> Vec<String> {
        Pass::ALL
            .iter()
            .filter(|&&p| self.runs(p))
            .map(|p| p.name().to_string())
            .collect()
    }

    /// Parses a comma-separated list of pass names (`cleanup` stands for
    /// the five cleanup passes, `all` for every pass, `none` for no pass):
    /// exactly the passes listed run.
    pub fn parse_list(list: &str) -> Result<Passes, String> {
        let mut passes = Passes::none();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "all" => passes = Passes::all(),
                "none" => {}
                "cleanup" => Pass::CLEANUP.iter().for_each(|&p| passes.set(p, true)),
                other => match Pass::ALL.iter().find(|p| p.name() == other) {
                    Some(&pass) => passes.set(pass, true),
                    None => {
                        let known: Vec<&str> = Pass::ALL.iter().map(|p| p.name()).collect();
                        return Err(format!(
                            "unknown pass '{name}' (known: {}, cleanup, all, none)",
                            known.join(", ")
                        ));
                    }
                },
            }
        }
        Ok(passes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_name_exactly_the_passes_that_run() {
        let passes = Passes::parse_list("cleanup, profile").unwrap();
        assert_eq!(
            passes.names(),
            [
                "artefacts",
                "spaces",
                "breadcrumbs",
                "chrome",
                "duplicates",
                "profile"
            ]
        );
        assert!(!passes.runs(Pass::Repair));
        assert_eq!(Passes::parse_list("none").unwrap(), Passes::none());
        assert_eq!(Passes::parse_list("all").unwrap(), Passes::all());
        assert!(
            Passes::parse_list("repair,fixit")
                .unwrap_err()
                .contains("fixit")
        );
        assert_eq!(
            Passes::all().without(&[Pass::Repair]).names().len(),
            Pass::ALL.len() - 1
        );
    }
}
