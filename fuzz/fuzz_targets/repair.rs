//! Fuzz target `repair`: the checks of `docmend_fuzz::check_repair` on the
//! fuzzer's bytes (see fuzz/README.md).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| docmend_fuzz::check_repair(data));
