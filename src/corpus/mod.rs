//! Checks over a corpus of reports rather than one: what the profiles of
//! many annual reports say about each other. The callers gather the
//! profiles (the command from its batch, a program from its own
//! conversions); this module only compares them and returns findings.
//!
//! * [`issuers`]: which reports come from the same body (name
//!   normalisation and a mapping file for renamed bodies);
//! * [`years`]: each body's figures carried over from one year's report to
//!   the next.

pub mod issuers;
pub mod years;
