//! Rounds JSON through the validator: any bytes give a day or a list of
//! issues, each with a message and a hint, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| carematch_fuzz::rounds_json(data));
