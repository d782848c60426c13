//! Turns a panic into a readable JavaScript exception.
//!
//! `wasm32-unknown-unknown` aborts on panic: without a hook the browser only
//! sees `RuntimeError: unreachable`. The core is written never to panic on
//! input; this hook is the safety net for bugs. It logs the message with the
//! location to the console (via `console_error_panic_hook`) and then throws a
//! JavaScript `Error` carrying the message, so the caller's `catch` gets
//! `"carematch internal error: …"`. The wasm stack is not unwound, so the
//! instance must be thrown away afterwards: the web tool restarts its worker.

use std::panic::PanicHookInfo;
use std::sync::Once;

/// Prefix of the message thrown for a panic; the web tool matches on it.
pub const PANIC_PREFIX: &str = "carematch internal error (please report): ";

/// Installs the hook once; later calls do nothing.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(hook)));
}

fn hook(info: &PanicHookInfo<'_>) {
    console_error_panic_hook::hook(info);
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string());
    let location = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    wasm_bindgen::throw_str(&format!("{PANIC_PREFIX}{payload}{location}"));
}
