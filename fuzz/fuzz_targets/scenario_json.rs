//! Scenario JSON through the validator: any bytes give a scenario or a list
//! of issues, each naming a place and carrying a hint, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| carematch_fuzz::scenario_json(data));
