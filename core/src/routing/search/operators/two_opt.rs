//! Two-opt within one route: reverse the jobs between `u`'s successor and
//! `v` (Croes 1958).

use super::exchange::best_of;
use crate::routing::cost::CostEvaluator;
use crate::routing::search::Operator;
use crate::routing::search::state::{Move, NONE, Piece, Plan, SearchState};

/// Reverses the part of a route between `u` and `v`.
#[derive(Debug, Default)]
pub(crate) struct TwoOpt;

impl Operator for TwoOpt {
    fn name(&self) -> &'static str {
        "2-opt"
    }
    fn evaluate(
        &mut self,
        u: usize,
        v: usize,
        st: &SearchState,
        ev: &CostEvaluator,
    ) -> Option<(i64, Move)> {
        let r = st.route_of[u];
        if r == NONE || r != st.route_of[v] {
            return None;
        }
        let (i, j) = (st.pos_of[u], st.pos_of[v]);
        if j <= i + 1 {
            return None;
        }
        let mv = Move::one(Plan::new(
            r,
            &[
                Piece::Prefix(r, i + 1),
                Piece::Rev(r, i + 1, j + 1),
                Piece::Suffix(r, j + 1),
            ],
        ));
        best_of(&[Some(mv)], st, ev)
    }
}
