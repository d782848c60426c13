//! Validate → plan on small days with a tiny iteration budget. The plan must
//! pass the independent checker (`rounds::check::check_plan`), account for
//! every visit, and nothing but a solver outcome may come back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| carematch_fuzz::rounds_solve(data));
