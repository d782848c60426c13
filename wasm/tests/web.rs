//! wasm-bindgen tests for the carematch bindings, run under Node by
//! `cargo test -p carematch-wasm --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
export function callCatching(f) {
  try { f(); return null; } catch (e) { return String(e && e.message); }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = callCatching)]
    fn call_catching(f: &js_sys::Function) -> Option<String>;
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(carematch_wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn a_panic_reaches_javascript_as_a_readable_error() {
    carematch_wasm::start();
    let f = Closure::<dyn FnMut()>::new(|| carematch_wasm::self_test_panic("boom"));
    let message = call_catching(f.as_ref().unchecked_ref());
    let message = message.unwrap_or_default();
    assert!(
        message.contains("carematch internal error") && message.contains("self-test panic: boom"),
        "got {message:?}"
    );
    // Leak the closure: the panic left its frame without unwinding.
    f.forget();
}
