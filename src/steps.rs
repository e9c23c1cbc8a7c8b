//! The built-in passes as pipeline steps, in the order the standard
//! [`Pipeline`](crate::pipeline::Pipeline) runs them. Each is switched by
//! its [`Pass`] in [`Options::passes`](crate::Options::passes).
//!
//! The order matters: export markers go first because they can hide the
//! start of a text (`[bookmark: _GoBack]一、总体情况`); spaces next so that
//! the chrome and duplicate checks see trimmed texts; duplicates last of the
//! cleanup so that chrome which differs between the two copies cannot break
//! a run apart; headings before repair, so that the repair pass and the
//! profile see the section structure; the profile last, on whole grids.

use crate::passes::Pass;
use crate::pipeline::{Draft, Step};

/// One built-in pass.
struct Builtin {
    pass: Pass,
    run: fn(&mut Draft),
}

impl Step for Builtin {
    fn name(&self) -> &str {
        self.pass.name()
    }

    fn pass(&self) -> Option<Pass> {
        Some(self.pass)
    }

    fn run(&self, draft: &mut Draft) {
        (self.run)(draft)
    }
}

/// Every built-in pass, in [`Pass::ALL`] order.
pub(crate) fn builtin() -> Vec<Box<dyn Step>> {
    Pass::ALL
        .iter()
        .map(|&pass| Box::new(step(pass)) as Box<dyn Step>)
        .collect()
}

/// The step of one built-in pass, by its switch (to put back a step a
/// program removed, or run one twice).
pub fn step(pass: Pass) -> impl Step {
    Builtin {
        pass,
        run: runner(pass),
    }
}

fn runner(pass: Pass) -> fn(&mut Draft) {
    match pass {
        Pass::Artefacts => |d| crate::cleanup::remove_markers(&mut d.blocks, &mut d.diagnostics),
        Pass::Spaces => |d| crate::cleanup::tidy_spaces(&mut d.blocks, &mut d.diagnostics),
        Pass::Breadcrumbs => |d| {
            if crate::cleanup::from_a_website(d.format, &d.metadata) {
                crate::cleanup::remove_breadcrumbs(&mut d.blocks, &mut d.diagnostics)
            }
        },
        Pass::Chrome => |d| {
            if crate::cleanup::from_a_website(d.format, &d.metadata) {
                crate::cleanup::remove_chrome(&mut d.blocks, &mut d.diagnostics)
            }
        },
        Pass::Duplicates => {
            |d| crate::cleanup::remove_duplicates(&mut d.blocks, &mut d.diagnostics)
        }
        Pass::Headings => |d| {
            let (title, diagnostics) = crate::headings::promote(&mut d.blocks, d.headings_marked);
            d.diagnostics.extend(diagnostics);
            d.title = title;
        },
        Pass::Repair => |d| {
            let diagnostics = crate::repair::repair_blocks(&mut d.blocks);
            d.diagnostics.extend(diagnostics);
        },
        Pass::Profile => |d| {
            let (profile, diagnostics) = crate::profile::build(&d.blocks, &mut d.metadata);
            d.diagnostics.extend(diagnostics);
            d.profile = profile;
        },
    }
}
