//! WebAssembly bindings for carematch.
//!
//! This crate only converts JavaScript values to core types, delegates to
//! `carematch`, and converts back (STYLE guideline 9). Every export:
//!
//! * takes plain JavaScript objects (typed in TypeScript from the Rust types
//!   through `tsify`) or JSON text for imports, so the exact same validation
//!   as the CLI runs;
//! * returns plain objects (maps become `Record<string, T>`, never `Map`);
//! * throws a JavaScript `Error` whose `kind` is `"invalid"`, `"cancelled"`,
//!   `"infeasible"`, `"limit"`, `"backend"` or `"internal"` and whose `issues` lists every
//!   [`carematch::ValidationIssue`] (record, field path, message, hint) — the
//!   same list the CLI prints.
//!
//! Long runs take a progress callback `(done, total) => boolean | void`;
//! returning `false` cancels the run. Time budgets are the caller's business:
//! the callback reads `performance.now()` and returns `false` when time is up,
//! so nothing here reads a clock.

mod analytics;
mod api;
mod convert;
mod panic;
mod progress;
mod sample;
mod week;

use wasm_bindgen::prelude::*;

pub use analytics::*;
pub use api::*;
pub use convert::CarematchError;
pub use progress::JsProgress;
pub use sample::*;
pub use week::*;

/// Installs the panic hook when the module is instantiated, so any panic that
/// still escapes the core reaches JavaScript as a readable `Error`.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install();
}

/// The carematch version, for the web tool's about box.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics on purpose. Exists only so the tests can check that a panic reaches
/// JavaScript as a readable error rather than an opaque `unreachable` trap;
/// the web tool never calls it.
#[wasm_bindgen(js_name = selfTestPanic)]
pub fn self_test_panic(message: &str) {
    panic!("self-test panic: {message}");
}
