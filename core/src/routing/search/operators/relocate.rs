//! Relocate: move one job after another (or to the front of its route).
//! The (1, 0)-exchange of the literature.

use super::exchange::exchange;
use crate::routing::cost::CostEvaluator;
use crate::routing::search::Operator;
use crate::routing::search::state::{Move, SearchState};

/// Moves `u` after `v`.
#[derive(Debug, Default)]
pub(crate) struct Relocate;

impl Operator for Relocate {
    fn name(&self) -> &'static str {
        "relocate"
    }
    fn evaluate(
        &mut self,
        u: usize,
        v: usize,
        st: &SearchState,
        ev: &CostEvaluator,
    ) -> Option<(i64, Move)> {
        exchange(1, 0, u, v, st, ev)
    }
}
