//! Oracle instance and expected-optima readers; small instances that read
//! cleanly are also solved (both objectives) and must not fail.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| carematch_fuzz::oracle(data));
