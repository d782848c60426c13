//! Cross-exchange: swap two short blocks of consecutive jobs, of lengths
//! (2, 1), (1, 2), (2, 2) and (3, 3) (Taillard et al. 1997).

use super::exchange::exchange;
use crate::routing::cost::CostEvaluator;
use crate::routing::search::Operator;
use crate::routing::search::state::{Move, SearchState};

/// Exchanges the block starting at `u` with the block starting at `v`.
#[derive(Debug, Default)]
pub(crate) struct CrossExchange;

impl Operator for CrossExchange {
    fn name(&self) -> &'static str {
        "cross-exchange"
    }
    fn evaluate(
        &mut self,
        u: usize,
        v: usize,
        st: &SearchState,
        ev: &CostEvaluator,
    ) -> Option<(i64, Move)> {
        let mut best: Option<(i64, Move)> = None;
        for (n, m) in [(2, 1), (1, 2), (2, 2), (3, 3)] {
            if let Some(c) = exchange(n, m, u, v, st, ev)
                && best.as_ref().is_none_or(|b| c.0 < b.0)
            {
                best = Some(c);
            }
        }
        best
    }
}
