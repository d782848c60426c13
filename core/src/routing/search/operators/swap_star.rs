//! SWAP* (Vidal 2022, "Hybrid genetic search for the CVRP: open-source
//! implementation and SWAP* neighborhood"): exchange a job `U` of one route
//! with a job `V` of another, each re-inserted at its *best* position in the
//! other route, not necessarily where the other one was.
//!
//! For each job and route, the three cheapest insertion positions are
//! cached and reused while the route is unchanged; with `V` removed, `U`
//! goes either to one of those positions not next to `V`, or into `V`'s
//! place. Every (U, V) pair of the two routes is priced by this estimate
//! (removal plus insertion on each side); the few best estimates are then
//! priced exactly by [`SearchState::move_delta`] (time windows included)
//! and the best improving one is proposed.
//!
//! A route pair is examined once per change of either route (under one
//! set of penalty weights), when the local search offers a pair of
//! granular neighbours `(u, v)` lying in the two routes. The routing
//! problem carries no coordinates (only matrices), so the polar-sector
//! overlap filter of the paper is replaced by that neighbour relation:
//! two routes are only compared when a job of one is among the nearest
//! neighbours of a job of the other.
//!
//! Estimates are arc costs (distance and travel time as the objective
//! weighs them); the exact check decides. (Exact per-side penalised costs
//! on the O(1) segment path, `EXACT_SIDES`, were five times slower per
//! iteration on Solomon RC208 and no better.)
//!
//! Not in the default operator set (`ils::Params::swap_star`): on Solomon
//! 12 at 8,000 iterations it did not pay in this ILS. In every focused
//! descent it took RC208 (seed 1) from 1.2 % to 6–11 % above the optimum;
//! in full descents only (construction, restarts), over seeds 1–3 on the
//! eight hardest instances, the mean gap was 0.70 / 1.58 / 1.23 % against
//! 0.66 / 0.79 / 0.98 % without it (RC208 again the loser), and it costs
//! time on long routes.

use crate::routing::cost::CostEvaluator;
use crate::routing::search::Operator;
use crate::routing::search::state::{Move, NONE, Piece, Plan, SearchState};

/// Exact evaluations per route pair (best estimates first).
const EXACT: usize = 4;

/// Whether the per-side estimates are exact penalised costs on the segment
/// path (else arc costs everywhere).
const EXACT_SIDES: bool = false;

/// The three cheapest insertion positions of one job in one route.
#[derive(Debug, Clone, Copy)]
struct Top3 {
    /// `modified` stamp of the route plus one (0 = not computed).
    stamp: u64,
    /// (estimated cost change, position to insert before), cheapest first;
    /// unused entries have cost `i64::MAX`.
    best: [(i64, usize); 3],
}

impl Default for Top3 {
    fn default() -> Self {
        Top3 {
            stamp: 0,
            best: [(i64::MAX, 0); 3],
        }
    }
}

/// Where a job goes in the other route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before position `p` of the route (with the partner still counted).
    Before(usize),
    /// In the place of the job it is exchanged with.
    Slot,
}

/// Exchanges two jobs of two routes, each inserted at its best position.
#[derive(Debug, Default)]
pub(crate) struct SwapStar {
    /// Cached insertion positions, indexed `job * m + route`.
    ins: Vec<Top3>,
    /// Largest `modified` stamp (plus one) of a route pair when it was last
    /// examined, indexed `a * m + b` with `a < b`.
    pair: Vec<u64>,
    /// Penalty weights the caches were built under.
    weights: (i64, i64),
    /// Number of routes the caches were sized for.
    m: usize,
}

impl SwapStar {
    /// Empties the caches when the problem size or the weights change.
    fn prepare(&mut self, st: &SearchState, ev: &CostEvaluator) {
        let (n, m) = (st.inst.n, st.inst.m);
        let w = (ev.tw_penalty, ev.load_penalty);
        if self.m != m || self.ins.len() != n * m || self.weights != w {
            self.ins.clear();
            self.ins.resize(n * m, Top3::default());
            self.pair.clear();
            self.pair.resize(m * m, 0);
            self.weights = w;
            self.m = m;
        }
    }

    /// Cost change of a one-route plan, or `None` if not allowed.
    fn plan_delta(st: &SearchState, ev: &CostEvaluator, plan: &Plan) -> Option<i64> {
        let s = st.eval_plan(plan)?;
        Some(ev.route_cost(st.inst, plan.route, &s) - st.route_cost(plan.route, ev))
    }

    /// Arc-cost estimate of going from location `a` to `b` on route `r`'s
    /// vehicle (general path).
    fn arc(st: &SearchState, r: usize, a: Option<usize>, b: Option<usize>) -> i64 {
        let (Some(a), Some(b)) = (a, b) else {
            return 0;
        };
        let inst = st.inst;
        let o = &inst.p.objective;
        let mx = inst.matrix(r);
        o.distance * mx.dist(a, b)
            + (o.travel_time + inst.p.vehicles[r].cost_per_time) * mx.time(a, b)
    }

    /// Location before position `p` of route `r` (the start depot at 0).
    fn loc_before(st: &SearchState, r: usize, p: usize) -> Option<usize> {
        if p == 0 {
            Some(st.inst.p.vehicles[r].start_location)
        } else {
            Some(st.inst.p.jobs[st.routes[r].jobs[p - 1]].location)
        }
    }

    /// Location at position `p` of route `r` (the end depot, if any, past
    /// the last job).
    fn loc_at(st: &SearchState, r: usize, p: usize) -> Option<usize> {
        match st.routes[r].jobs.get(p) {
            Some(&j) => Some(st.inst.p.jobs[j].location),
            None => st.inst.p.vehicles[r].end_location,
        }
    }

    /// Estimated cost of inserting `x` into route `r` before position `p`.
    fn insert_cost(st: &SearchState, ev: &CostEvaluator, x: usize, r: usize, p: usize) -> i64 {
        if EXACT_SIDES && st.inst.simple {
            let plan = Plan::new(
                r,
                &[Piece::Prefix(r, p), Piece::Job(x), Piece::Suffix(r, p)],
            );
            return Self::plan_delta(st, ev, &plan).unwrap_or(i64::MAX);
        }
        let loc = Some(st.inst.p.jobs[x].location);
        let (a, b) = (Self::loc_before(st, r, p), Self::loc_at(st, r, p));
        Self::arc(st, r, a, loc) + Self::arc(st, r, loc, b) - Self::arc(st, r, a, b)
    }

    /// Estimated cost of removing the job at position `i` of route `r`.
    fn remove_cost(st: &SearchState, ev: &CostEvaluator, r: usize, i: usize) -> i64 {
        if EXACT_SIDES && st.inst.simple {
            let plan = Plan::new(r, &[Piece::Prefix(r, i), Piece::Suffix(r, i + 1)]);
            return Self::plan_delta(st, ev, &plan).unwrap_or(i64::MAX);
        }
        let loc = Some(st.inst.p.jobs[st.routes[r].jobs[i]].location);
        let (a, b) = (Self::loc_before(st, r, i), Self::loc_at(st, r, i + 1));
        Self::arc(st, r, a, b) - Self::arc(st, r, a, loc) - Self::arc(st, r, loc, b)
    }

    /// Estimated cost of putting `x` in the place of the job at position `i`
    /// of route `r`.
    fn replace_cost(st: &SearchState, ev: &CostEvaluator, x: usize, r: usize, i: usize) -> i64 {
        if EXACT_SIDES && st.inst.simple {
            let plan = Plan::new(
                r,
                &[Piece::Prefix(r, i), Piece::Job(x), Piece::Suffix(r, i + 1)],
            );
            return Self::plan_delta(st, ev, &plan).unwrap_or(i64::MAX);
        }
        let old = Some(st.inst.p.jobs[st.routes[r].jobs[i]].location);
        let loc = Some(st.inst.p.jobs[x].location);
        let (a, b) = (Self::loc_before(st, r, i), Self::loc_at(st, r, i + 1));
        Self::arc(st, r, a, loc) + Self::arc(st, r, loc, b)
            - Self::arc(st, r, a, old)
            - Self::arc(st, r, old, b)
    }

    /// The three cheapest insertion positions of `x` in route `r`.
    fn top3(&mut self, st: &SearchState, ev: &CostEvaluator, x: usize, r: usize) -> Top3 {
        let k = x * self.m + r;
        let stamp = st.modified[r] + 1;
        if self.ins[k].stamp == stamp {
            return self.ins[k];
        }
        let mut t = Top3 {
            stamp,
            ..Top3::default()
        };
        if st.inst.can_serve(x, r) {
            for p in 0..=st.routes[r].jobs.len() {
                let c = Self::insert_cost(st, ev, x, r, p);
                if c < t.best[2].0 {
                    t.best[2] = (c, p);
                    if t.best[2].0 < t.best[1].0 {
                        t.best.swap(1, 2);
                        if t.best[1].0 < t.best[0].0 {
                            t.best.swap(0, 1);
                        }
                    }
                }
            }
        }
        self.ins[k] = t;
        t
    }

    /// Best place for `x` in route `r` once the job at position `i` is
    /// gone, with the estimated cost of removing that job and inserting
    /// `x` (the removal estimate `rem` is given).
    fn best_place(
        st: &SearchState,
        ev: &CostEvaluator,
        t: &Top3,
        x: usize,
        r: usize,
        i: usize,
        rem: i64,
    ) -> (i64, At) {
        let mut best = (Self::replace_cost(st, ev, x, r, i), At::Slot);
        if let Some(&(c, p)) = t
            .best
            .iter()
            .find(|&&(c, p)| c != i64::MAX && p != i && p != i + 1)
        {
            let c = c.saturating_add(rem);
            if c < best.0 {
                best = (c, At::Before(p));
            }
        }
        best
    }

    /// The plan of route `r` with the job at position `i` removed and `x`
    /// placed at `at`.
    fn plan(r: usize, i: usize, x: usize, at: At) -> Plan {
        match at {
            At::Slot => Plan::new(
                r,
                &[Piece::Prefix(r, i), Piece::Job(x), Piece::Suffix(r, i + 1)],
            ),
            At::Before(q) if q < i => Plan::new(
                r,
                &[
                    Piece::Prefix(r, q),
                    Piece::Job(x),
                    Piece::Range(r, q, i),
                    Piece::Suffix(r, i + 1),
                ],
            ),
            At::Before(q) => Plan::new(
                r,
                &[
                    Piece::Prefix(r, i),
                    Piece::Range(r, i + 1, q),
                    Piece::Job(x),
                    Piece::Suffix(r, q),
                ],
            ),
        }
    }
}

impl Operator for SwapStar {
    fn name(&self) -> &'static str {
        "swap-star"
    }
    fn supports(&self, inst: &crate::routing::instance::Instance) -> bool {
        // Synchronised problems price moves against the partners' current
        // starts and re-check every move on the joint schedule: too dear
        // for a route-pair neighbourhood.
        inst.p.sync.is_empty()
    }
    fn full_descent_only(&self) -> bool {
        // In every focused descent it made RC208 far worse (module docs).
        true
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
        self.prepare(st, ev);
        let (a, b) = (ru.min(rv), ru.max(rv));
        let stamp = st.modified[a].max(st.modified[b]) + 1;
        if std::mem::replace(&mut self.pair[a * self.m + b], stamp) == stamp {
            return None;
        }
        let (la, lb) = (st.routes[a].jobs.len(), st.routes[b].jobs.len());
        let rem_a: Vec<i64> = (0..la).map(|i| Self::remove_cost(st, ev, a, i)).collect();
        let rem_b: Vec<i64> = (0..lb).map(|j| Self::remove_cost(st, ev, b, j)).collect();
        // The best few (estimate, i, j, place of a's job in b, place of b's
        // job in a), cheapest first.
        let mut cands: Vec<(i64, usize, usize, At, At)> = Vec::with_capacity(EXACT + 1);
        for (i, &x) in st.routes[a].jobs.iter().enumerate() {
            if !st.inst.can_serve(x, b) || rem_a[i] == i64::MAX {
                continue;
            }
            let tx = self.top3(st, ev, x, b);
            for (j, &y) in st.routes[b].jobs.iter().enumerate() {
                if !st.inst.can_serve(y, a) || rem_b[j] == i64::MAX {
                    continue;
                }
                let ty = self.top3(st, ev, y, a);
                let (cx, at_x) = Self::best_place(st, ev, &tx, x, b, j, rem_b[j]);
                let (cy, at_y) = Self::best_place(st, ev, &ty, y, a, i, rem_a[i]);
                let est = cx.saturating_add(cy);
                if est >= 0 || (cands.len() == EXACT && est >= cands[EXACT - 1].0) {
                    continue;
                }
                let k = cands.partition_point(|c| c.0 <= est);
                cands.insert(k, (est, i, j, at_x, at_y));
                cands.truncate(EXACT);
            }
        }
        let mut best: Option<(i64, Move)> = None;
        for &(_, i, j, at_x, at_y) in &cands {
            let (x, y) = (st.routes[a].jobs[i], st.routes[b].jobs[j]);
            let mv = Move::two(Self::plan(a, i, y, at_y), Self::plan(b, j, x, at_x));
            if let Some(d) = st.move_delta(&mv, ev)
                && d < 0
                && best.as_ref().is_none_or(|b| d < b.0)
            {
                best = Some((d, mv));
            }
        }
        best
    }
}
