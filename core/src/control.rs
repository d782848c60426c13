//! Injected stopping criteria and progress reporting.
//!
//! The core never reads a wall clock (`std::time::Instant` traps in
//! `wasm32-unknown-unknown`). Long-running solvers call a [`Stop`] to ask
//! whether to carry on and report to an [`Observer`]; the CLI implements a
//! time budget with `Instant`, the browser with `performance.now()` and a
//! cancel button.

/// A snapshot of a solver's progress.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    /// Iterations done so far.
    pub iteration: u64,
    /// Best objective value found so far (lower is better), if any.
    pub best_cost: Option<i64>,
    /// Estimated fraction of the work done, 0..=1, when the solver knows it.
    pub fraction: Option<f64>,
}

/// Decides when a solver stops. Checked between iterations.
pub trait Stop {
    /// Returns true when the solver should stop now and return its best answer.
    fn should_stop(&mut self, progress: &Progress) -> bool;
}

/// Never stops early: the solver runs to its own iteration limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Never;

impl Stop for Never {
    fn should_stop(&mut self, _: &Progress) -> bool {
        false
    }
}

/// Stops after a fixed number of iterations.
#[derive(Debug, Clone, Copy)]
pub struct MaxIterations(pub u64);

impl Stop for MaxIterations {
    fn should_stop(&mut self, progress: &Progress) -> bool {
        progress.iteration >= self.0
    }
}

/// Any closure `FnMut(&Progress) -> bool` is a stop criterion (for time
/// budgets driven by the caller's clock, or a cancel flag).
impl<F: FnMut(&Progress) -> bool> Stop for F {
    fn should_stop(&mut self, progress: &Progress) -> bool {
        self(progress)
    }
}

/// Receives progress reports from long-running solvers.
pub trait Observer {
    /// Called periodically with the current progress.
    fn on_progress(&mut self, _progress: &Progress) {}
    /// Called when a better solution is found.
    fn on_improvement(&mut self, _progress: &Progress) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}
