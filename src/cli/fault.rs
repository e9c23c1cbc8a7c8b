//! A converter that fails on purpose, built only with the
//! `fault-injection` feature, so that the tests can show a batch surviving
//! what real files did to it: a workbook whose declared size makes an
//! allocation fail and the process abort, a file that never finishes, one
//! that exhausts memory.
//!
//! It reads inputs that start with `DOCMEND-FAULT ` and the name of the
//! fault: `sleep` (forever), `abort-allocation` (asks for 2.4 TB as one
//! allocation, as calamine did for a lying shared-string count), `exhaust`
//! (allocates and touches memory until none is left), `stack` (recurses
//! until the stack overflows), `panic`, `exit` (ends the process with code
//! 7). Anything after the name is ignored.

use docmend::converter::{Confidence, Converted, Converter, Options};
use docmend::model::{Format, FormatName, Metadata};
use docmend::{Error, Registry};

const FAULT: Format = Format::Other(FormatName::new("fault"));
const MAGIC: &[u8] = b"DOCMEND-FAULT ";

/// The registry with the fault converter ahead of every other.
pub fn register(mut registry: Registry) -> Registry {
    registry.register_with_priority(FaultConverter, i32::MAX);
    registry
}

struct FaultConverter;

impl Converter for FaultConverter {
    fn name(&self) -> &'static str {
        "fault"
    }
    fn formats(&self) -> &'static [Format] {
        &[FAULT]
    }
    fn description(&self) -> &'static str {
        "fails on purpose, for testing batches (fault-injection builds only)"
    }
    fn sniff(&self, head: &[u8]) -> Confidence {
        if head.starts_with(MAGIC) {
            Confidence::CERTAIN
        } else {
            Confidence::NONE
        }
    }
    fn convert(&self, bytes: &[u8], _: &Options) -> Result<Converted, Error> {
        let rest = &bytes[MAGIC.len().min(bytes.len())..];
        let name = rest
            .split(|b| b.is_ascii_whitespace())
            .next()
            .unwrap_or_default();
        match name {
            b"sleep" => loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            },
            b"abort-allocation" => {
                let layout = std::alloc::Layout::from_size_align(2_399_999_999_976, 8)
                    .expect("a valid layout");
                std::alloc::handle_alloc_error(layout)
            }
            b"exhaust" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    // Touched, so the memory is really taken.
                    hoard.push(vec![1u8; 64 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            b"stack" => Ok(Converted::new(
                FAULT,
                Metadata::default(),
                Vec::with_capacity(recurse(0, &[0u8; 1024])),
            )),
            b"panic" => panic!("the fault converter panics on purpose"),
            b"exit" => std::process::exit(7),
            _ => Err(Error::Malformed {
                format: "fault".into(),
                reason: "unknown fault".into(),
            }),
        }
    }
}

/// Recurses without end, using stack the optimiser cannot remove.
#[allow(unconditional_recursion)] // the point: it ends in a stack overflow
fn recurse(depth: usize, frame: &[u8; 1024]) -> usize {
    let next = std::hint::black_box([frame[depth % 1024].wrapping_add(1); 1024]);
    recurse(depth + 1, &next) + usize::from(next[0])
}
