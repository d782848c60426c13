//! Validate → match on small scenarios. Every person is either placed or
//! unplaced with reasons, proposals respect household places, and nothing
//! but a solver outcome (never an internal error or a panic) comes back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| carematch_fuzz::scenario_solve(data));
