//! Local search: granular neighbourhood descent over a set of operators.
//!
//! For every job `u` (in random order) and every granular neighbour `v` of
//! `u`, each operator proposes its best improving move; the first improving
//! move found is applied (first-improvement descent, as in PyVRP's
//! `LocalSearch`). A pair is skipped when neither route changed since `u`
//! was last tested. Jobs may also move into an empty route (one per vehicle
//! class). With synchronised jobs, deltas are estimates against the
//! partners' current start times, so every applied move is re-checked on the
//! full joint schedule and undone if the true cost did not fall.

mod evaluate;
pub(crate) mod operators;
pub(crate) mod plan;
pub(crate) mod state;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_reuse;

use self::operators::{
    cross_exchange::CrossExchange, or_opt::OrOpt, relocate::Relocate, swap::Swap,
    swap_star::SwapStar, swap_tails::SwapTails, two_opt::TwoOpt,
};
use self::state::{Move, NONE, Piece, Plan, SearchState};
use super::cost::CostEvaluator;
use super::instance::Instance;
use crate::rng::Rng;

/// A local-search neighbourhood (STYLE guideline 4).
pub(crate) trait Operator {
    /// Short name for statistics.
    fn name(&self) -> &'static str;
    /// Whether the operator applies to this problem.
    fn supports(&self, _inst: &Instance) -> bool {
        true
    }
    /// The best improving move of this neighbourhood for `(u, v)`, with its
    /// (negative) cost delta.
    fn evaluate(
        &mut self,
        u: usize,
        v: usize,
        st: &SearchState,
        ev: &CostEvaluator,
    ) -> Option<(i64, Move)>;
    /// Whether the operator only takes part in full descents (not in the
    /// focused ones after each ruin and recreate): for neighbourhoods that
    /// reach over whole routes.
    fn full_descent_only(&self) -> bool {
        false
    }
    /// Applies a move returned by [`Operator::evaluate`].
    fn apply(&self, mv: &Move, st: &mut SearchState) {
        st.apply(mv);
    }
}

/// Per-operator counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperatorStats {
    /// Operator name.
    pub name: &'static str,
    /// Pairs evaluated.
    pub evaluated: u64,
    /// Moves applied.
    pub applied: u64,
    /// Total cost improvement of applied moves (positive = better).
    pub improvement: i64,
}

/// The local search with its operators and bookkeeping.
pub(crate) struct LocalSearch {
    ops: Vec<Box<dyn Operator>>,
    /// Statistics, one per operator (plus empty-route moves last).
    pub stats: Vec<OperatorStats>,
    last_tested: Vec<u64>,
    order: Vec<usize>,
}

impl std::fmt::Debug for LocalSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalSearch")
            .field("stats", &self.stats)
            .finish()
    }
}

impl LocalSearch {
    /// The standard operator set for `inst`, with SWAP* in full descents
    /// if `swap_star` (see [`SwapStar`] for why it is off by default).
    pub fn new(inst: &Instance, swap_star: bool) -> Self {
        let mut all: Vec<Box<dyn Operator>> = vec![
            Box::new(Relocate),
            Box::new(Swap),
            Box::new(SwapTails),
            Box::new(OrOpt),
            Box::new(TwoOpt),
            Box::new(CrossExchange),
        ];
        if swap_star {
            all.push(Box::new(SwapStar::default()));
        }
        let ops: Vec<Box<dyn Operator>> = all.into_iter().filter(|o| o.supports(inst)).collect();
        let mut stats: Vec<OperatorStats> = ops
            .iter()
            .map(|o| OperatorStats {
                name: o.name(),
                ..OperatorStats::default()
            })
            .collect();
        stats.push(OperatorStats {
            name: "empty-route",
            ..OperatorStats::default()
        });
        LocalSearch {
            ops,
            stats,
            last_tested: vec![0; inst.n],
            order: (0..inst.n).collect(),
        }
    }

    /// Descends until no operator improves `st` under `ev`, or until
    /// `abort` (polled every 64 jobs) returns true.
    ///
    /// Works through a queue of jobs: every job when `focus` is `None`,
    /// otherwise only the given jobs (those a perturbation touched, as in
    /// PyVRP's non-exhaustive search). When a move is applied, the jobs of
    /// the changed routes (exhaustive) or the moved jobs and their new route
    /// neighbours (focused) are queued again.
    pub fn run(
        &mut self,
        st: &mut SearchState,
        ev: &CostEvaluator,
        rng: &mut Rng,
        abort: &mut dyn FnMut() -> bool,
        focus: Option<&[usize]>,
    ) {
        let inst = st.inst;
        let coupled = st.coupled();
        let mut queue: Vec<usize> = match focus {
            None => {
                rng.shuffle(&mut self.order);
                self.order.clone()
            }
            Some(f) => {
                let mut q: Vec<usize> = f.to_vec();
                rng.shuffle(&mut q);
                q
            }
        };
        let mut queued = vec![false; inst.n];
        queue.retain(|&u| !std::mem::replace(&mut queued[u], true));
        let mut head = 0;
        let push = |queue: &mut Vec<usize>, queued: &mut Vec<bool>, j: usize| {
            if !queued[j] {
                queued[j] = true;
                queue.push(j);
            }
        };
        while head < queue.len() {
            if head % 64 == 63 && abort() {
                return;
            }
            let u = queue[head];
            head += 1;
            queued[u] = false;
            if st.route_of[u] == NONE {
                continue;
            }
            let tested = self.last_tested[u];
            let now = st.clock;
            let mut applied: Option<(Move, usize)> = None;
            'search: for &v in &inst.neighbours[u] {
                let (ru, rv) = (st.route_of[u], st.route_of[v]);
                if ru == NONE || rv == NONE {
                    continue;
                }
                if st.modified[ru].max(st.modified[rv]) <= tested {
                    continue;
                }
                for (o, op) in self.ops.iter_mut().enumerate() {
                    if focus.is_some() && op.full_descent_only() {
                        continue;
                    }
                    self.stats[o].evaluated += 1;
                    let Some((delta, mv)) = op.evaluate(u, v, st, ev) else {
                        continue;
                    };
                    if apply_checked(st, ev, &mv, coupled, |s, m| op.apply(m, s)) {
                        self.stats[o].applied += 1;
                        self.stats[o].improvement -= delta;
                        applied = Some((mv, v));
                        break 'search;
                    }
                }
            }
            if applied.is_none()
                && st.route_of[u] != NONE
                && st.modified[st.route_of[u]] > tested
                && let Some((delta, mv)) = empty_route_move(u, st, ev)
            {
                let e = self.stats.len() - 1;
                self.stats[e].evaluated += 1;
                if apply_checked(st, ev, &mv, coupled, |s, m| s.apply(m)) {
                    self.stats[e].applied += 1;
                    self.stats[e].improvement -= delta;
                    applied = Some((mv, u));
                }
            }
            let Some((mv, v)) = applied else {
                self.last_tested[u] = now;
                continue;
            };
            if focus.is_none() {
                for plan in mv.plans.iter().flatten() {
                    for &j in &st.routes[plan.route].jobs {
                        push(&mut queue, &mut queued, j);
                    }
                }
            } else {
                for x in [u, v] {
                    let r = st.route_of[x];
                    if r == NONE {
                        continue;
                    }
                    let (jobs, p) = (&st.routes[r].jobs, st.pos_of[x]);
                    for &j in &jobs[p.saturating_sub(1)..(p + 2).min(jobs.len())] {
                        push(&mut queue, &mut queued, j);
                    }
                }
            }
            push(&mut queue, &mut queued, u);
        }
    }
}

/// Applies `mv`; with synchronisation, undoes it unless the true cost fell.
fn apply_checked(
    st: &mut SearchState,
    ev: &CostEvaluator,
    mv: &Move,
    coupled: bool,
    apply: impl FnOnce(&mut SearchState, &Move),
) -> bool {
    if !coupled {
        apply(st, mv);
        return true;
    }
    let before = st.total_cost(ev);
    let saved: Vec<(usize, Vec<usize>)> = mv
        .plans
        .iter()
        .flatten()
        .map(|p| (p.route, st.routes[p.route].jobs.clone()))
        .collect();
    apply(st, mv);
    if st.total_cost(ev) < before {
        return true;
    }
    for (r, jobs) in saved {
        st.set_route_raw(r, jobs);
    }
    st.resync();
    false
}

/// Moving `u` alone into an empty route (one per vehicle class), if that
/// improves.
fn empty_route_move(u: usize, st: &SearchState, ev: &CostEvaluator) -> Option<(i64, Move)> {
    let inst = st.inst;
    let ru = st.route_of[u];
    let i = st.pos_of[u];
    let from = Plan::new(ru, &[Piece::Prefix(ru, i), Piece::Suffix(ru, i + 1)]);
    let mut best: Option<(i64, Move)> = None;
    for &k in &inst.near_classes[u] {
        let class = &inst.classes[k];
        let Some(&v) = class
            .iter()
            .find(|&&v| st.routes[v].jobs.is_empty() && inst.can_serve(u, v))
        else {
            continue;
        };
        let mv = Move::two(from, Plan::new(v, &[Piece::Job(u)]));
        if let Some(d) = st.move_delta(&mv, ev)
            && d < 0
            && best.as_ref().is_none_or(|b| d < b.0)
        {
            best = Some((d, mv));
        }
    }
    best
}
