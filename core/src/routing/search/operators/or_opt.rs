//! Or-opt: move a block of two or three consecutive jobs after another job
//! (the (2, 0)- and (3, 0)-exchanges).

use super::exchange::exchange;
use crate::routing::cost::CostEvaluator;
use crate::routing::search::Operator;
use crate::routing::search::state::{Move, SearchState};

/// Moves the block starting at `u` after `v`.
#[derive(Debug, Default)]
pub(crate) struct OrOpt;

impl Operator for OrOpt {
    fn name(&self) -> &'static str {
        "or-opt"
    }
    fn evaluate(
        &mut self,
        u: usize,
        v: usize,
        st: &SearchState,
        ev: &CostEvaluator,
    ) -> Option<(i64, Move)> {
        let a = exchange(2, 0, u, v, st, ev);
        let b = exchange(3, 0, u, v, st, ev);
        match (a, b) {
            (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
            (a, b) => a.or(b),
        }
    }
}
