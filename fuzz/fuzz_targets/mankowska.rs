//! Mankowska et al. home-health-care reader (text and JSON) and solution
//! checker. The input is an instance, optionally followed by a line `---` and
//! a solution in JSON checked against it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| carematch_fuzz::mankowska(data));
