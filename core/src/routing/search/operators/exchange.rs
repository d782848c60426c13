//! The shared (N, M)-exchange move behind relocate, or-opt, swap and
//! cross-exchange: swap the N consecutive jobs starting at `u` with the M
//! consecutive jobs starting at `v` (M = 0: move them after `v`, or before
//! it when `v` is first in its route). Works within one route or across two.

use crate::routing::cost::CostEvaluator;
use crate::routing::search::state::{Move, NONE, Piece, Plan, SearchState};

/// Best improving (N, M)-exchange for `u` and `v`, if any.
pub(crate) fn exchange(
    n: usize,
    m: usize,
    u: usize,
    v: usize,
    st: &SearchState,
    ev: &CostEvaluator,
) -> Option<(i64, Move)> {
    let (ru, rv) = (st.route_of[u], st.route_of[v]);
    if ru == NONE || rv == NONE || u == v {
        return None;
    }
    let (i, j) = (st.pos_of[u], st.pos_of[v]);
    let (lu, lv) = (st.routes[ru].jobs.len(), st.routes[rv].jobs.len());
    if i + n > lu || j + m > lv {
        return None;
    }
    let mut cands: [Option<Move>; 2] = [None, None];
    if ru != rv {
        if m == 0 {
            let pu = Plan::new(ru, &[Piece::Prefix(ru, i), Piece::Suffix(ru, i + n)]);
            let at = |p: usize| {
                Plan::new(
                    rv,
                    &[
                        Piece::Prefix(rv, p),
                        Piece::Range(ru, i, i + n),
                        Piece::Suffix(rv, p),
                    ],
                )
            };
            cands[0] = Some(Move::two(pu, at(j + 1)));
            if j == 0 {
                cands[1] = Some(Move::two(pu, at(0)));
            }
        } else {
            let pu = Plan::new(
                ru,
                &[
                    Piece::Prefix(ru, i),
                    Piece::Range(rv, j, j + m),
                    Piece::Suffix(ru, i + n),
                ],
            );
            let pv = Plan::new(
                rv,
                &[
                    Piece::Prefix(rv, j),
                    Piece::Range(ru, i, i + n),
                    Piece::Suffix(rv, j + m),
                ],
            );
            cands[0] = Some(Move::two(pu, pv));
        }
    } else {
        let r = ru;
        if m == 0 {
            let after = |p: usize| -> Option<Move> {
                // Insert the block [i, i+n) before old position p.
                if p >= i && p <= i + n {
                    return None;
                }
                Some(Move::one(if p < i {
                    Plan::new(
                        r,
                        &[
                            Piece::Prefix(r, p),
                            Piece::Range(r, i, i + n),
                            Piece::Range(r, p, i),
                            Piece::Suffix(r, i + n),
                        ],
                    )
                } else {
                    Plan::new(
                        r,
                        &[
                            Piece::Prefix(r, i),
                            Piece::Range(r, i + n, p),
                            Piece::Range(r, i, i + n),
                            Piece::Suffix(r, p),
                        ],
                    )
                }))
            };
            cands[0] = after(j + 1);
            if j == 0 {
                cands[1] = after(0);
            }
        } else if i + n <= j {
            cands[0] = Some(Move::one(Plan::new(
                r,
                &[
                    Piece::Prefix(r, i),
                    Piece::Range(r, j, j + m),
                    Piece::Range(r, i + n, j),
                    Piece::Range(r, i, i + n),
                    Piece::Suffix(r, j + m),
                ],
            )));
        } else if j + m <= i {
            cands[0] = Some(Move::one(Plan::new(
                r,
                &[
                    Piece::Prefix(r, j),
                    Piece::Range(r, i, i + n),
                    Piece::Range(r, j + m, i),
                    Piece::Range(r, j, j + m),
                    Piece::Suffix(r, i + n),
                ],
            )));
        }
    }
    best_of(&cands, st, ev)
}

/// The most improving of the candidate moves.
pub(crate) fn best_of(
    cands: &[Option<Move>],
    st: &SearchState,
    ev: &CostEvaluator,
) -> Option<(i64, Move)> {
    let mut best: Option<(i64, Move)> = None;
    for mv in cands.iter().flatten() {
        if let Some(d) = st.move_delta(mv, ev)
            && d < 0
            && best.as_ref().is_none_or(|b| d < b.0)
        {
            best = Some((d, *mv));
        }
    }
    best
}
