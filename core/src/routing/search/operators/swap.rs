//! Swap: exchange two jobs, in one route or across two (the (1, 1)-exchange).

use super::exchange::exchange;
use crate::routing::cost::CostEvaluator;
use crate::routing::search::Operator;
use crate::routing::search::state::{Move, SearchState};

/// Exchanges `u` and `v`.
#[derive(Debug, Default)]
pub(crate) struct Swap;

impl Operator for Swap {
    fn name(&self) -> &'static str {
        "swap"
    }
    fn evaluate(
        &mut self,
        u: usize,
        v: usize,
        st: &SearchState,
        ev: &CostEvaluator,
    ) -> Option<(i64, Move)> {
        exchange(1, 1, u, v, st, ev)
    }
}
