//! cargo-fuzz target: see `docket_fuzz::checks::templates` for what it checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| docket_fuzz::checks::templates(data));
