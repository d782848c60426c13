//! A JavaScript progress callback as the core's [`Stop`] and [`Observer`].
//!
//! The callback is `(done: number, total: number) => boolean | void`. It is
//! called from [`Stop::should_stop`] between solver iterations; returning
//! exactly `false` (or throwing) stops the run, which then returns its best
//! answer so far (or `Cancelled` when it has none). `total` is 0 when the
//! solver does not know how much work is left; when the solver reports a
//! fraction, `done`/`total` are per-mille.

use carematch::control::{Observer, Progress, Stop};
use wasm_bindgen::JsValue;

/// Wraps an optional JavaScript progress callback.
#[derive(Debug, Default)]
pub struct JsProgress {
    callback: Option<js_sys::Function>,
    total: u64,
    cancelled: bool,
}

impl JsProgress {
    /// A callback that is told `total` as the expected number of iterations
    /// (0 when unknown).
    pub fn new(callback: Option<js_sys::Function>, total: u64) -> Self {
        Self {
            callback,
            total,
            cancelled: false,
        }
    }

    /// True once the callback asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancelled
    }

    /// Calls the callback with `(done, total)`; returns true when it asked to stop.
    pub fn report(&mut self, done: u64, total: u64) -> bool {
        if self.cancelled {
            return true;
        }
        let Some(f) = &self.callback else {
            return false;
        };
        // f64 is how JavaScript holds numbers; iteration counts stay far below 2^53.
        let answer = f.call2(
            &JsValue::NULL,
            &JsValue::from_f64(done as f64),
            &JsValue::from_f64(total as f64),
        );
        self.cancelled = match answer {
            Ok(v) => v.as_bool() == Some(false),
            Err(_) => true,
        };
        self.cancelled
    }

    fn report_progress(&mut self, progress: &Progress) -> bool {
        match progress.fraction {
            Some(f) if self.total == 0 => {
                let done = (f.clamp(0.0, 1.0) * 1000.0).round() as u64;
                self.report(done, 1000)
            }
            _ => self.report(progress.iteration, self.total),
        }
    }
}

impl Stop for JsProgress {
    fn should_stop(&mut self, progress: &Progress) -> bool {
        self.report_progress(progress)
    }
}

/// Improvements are not forwarded: the stop check already reports progress
/// every iteration, and the result carries the final cost.
impl Observer for JsProgress {}
