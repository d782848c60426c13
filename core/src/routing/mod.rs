//! Generic vehicle-routing search engine (VRP with time windows, skills as
//! allowed-vehicle sets, breaks, synchronised double-handed jobs and
//! precedence gaps).
//!
//! The engine works on the index-based [`RoutingProblem`] and knows nothing of
//! visits, clients or care workers: the homecare adapter in [`crate::rounds`]
//! and the benchmark readers build a `RoutingProblem` and map the
//! [`RoutingSolution`] back.

pub mod problem;
pub mod solution;

pub use problem::*;
pub use solution::*;

use crate::control::{Observer, Stop};
use crate::{Error, Result};

/// Options of one solve.
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Seed for every random choice; same seed and problem give the same plan.
    pub seed: u64,
    /// Upper bound on improvement iterations (`None` = until `stop` says so).
    pub max_iterations: Option<u64>,
    /// A plan to start from (for repair and incremental planning).
    pub initial: Option<RoutingSolution>,
}

/// Plans routes for `problem`.
///
/// Placeholder until the search engine lands.
pub fn solve(
    _problem: &RoutingProblem,
    _options: &SolveOptions,
    _stop: &mut dyn Stop,
    _observer: &mut dyn Observer,
) -> Result<RoutingSolution> {
    Err(Error::Internal("routing engine not yet implemented"))
}
