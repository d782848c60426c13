//! WebAssembly bindings for carematch. This crate only converts JavaScript
//! values to core types, delegates to `carematch`, and converts back.

use wasm_bindgen::prelude::*;

/// The carematch version, for the web tool's about box.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
