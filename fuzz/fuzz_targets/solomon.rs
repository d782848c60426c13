//! Solomon / Gehring & Homberger reader and solution checker. The input is an
//! instance, optionally followed by a line `---` and a solution file whose
//! routes are checked against it (any routes: the checker must report, not panic).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| carematch_fuzz::solomon(data));
