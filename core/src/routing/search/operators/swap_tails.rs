//! Swap tails: exchange the ends of two routes after `u` and after `v`
//! (or from `v` on). Known as 2-opt* (Potvin & Rousseau 1995).

use super::exchange::best_of;
use crate::routing::cost::CostEvaluator;
use crate::routing::search::Operator;
use crate::routing::search::state::{Move, NONE, Piece, Plan, SearchState};

/// Exchanges the tails of the routes of `u` and `v`.
#[derive(Debug, Default)]
pub(crate) struct SwapTails;

impl Operator for SwapTails {
    fn name(&self) -> &'static str {
        "swap-tails"
    }
    fn evaluate(
        &mut self,
        u: usize,
        v: usize,
        st: &SearchState,
        ev: &CostEvaluator,
    ) -> Option<(i64, Move)> {
        let (ru, rv) = (st.route_of[u], st.route_of[v]);
        if ru == NONE || rv == NONE || ru == rv {
            return None;
        }
        let (i, j) = (st.pos_of[u], st.pos_of[v]);
        let mv = |cut: usize| {
            Move::two(
                Plan::new(ru, &[Piece::Prefix(ru, i + 1), Piece::Suffix(rv, cut)]),
                Plan::new(rv, &[Piece::Prefix(rv, cut), Piece::Suffix(ru, i + 1)]),
            )
        };
        best_of(&[Some(mv(j + 1)), Some(mv(j))], st, ev)
    }
}
