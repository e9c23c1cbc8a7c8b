//! The core of docmend that every converter shares: the canonical document
//! model, the [`Converter`](converter::Converter) trait, the options a
//! conversion runs with, the errors it can end in, sniffing, and the text
//! helpers converters and passes both need (decoding, CJK line joining,
//! section numbering, the vocabulary of lines on a government web page).
//!
//! A converter crate depends on this crate and nothing else of docmend's,
//! so formats can be added without touching the passes, and the passes
//! without touching the formats. Users of the library take the `docmend`
//! crate, which re-exports what they need from here.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod blocks;
pub mod cjk;
pub mod converter;
pub mod counters;
#[doc(hidden)]
pub mod dates;
pub mod decode;
pub mod diagnostic_code;
pub mod error;
pub mod model;
pub mod numbering;
#[doc(hidden)]
pub mod page_line;
#[doc(hidden)]
pub mod page_words;
pub mod passes;
pub mod sniff;
