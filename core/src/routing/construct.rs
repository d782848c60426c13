//! Insertion heuristics: regret insertion to build a first plan, and greedy
//! insertion with blinks to recreate after a ruin.
//!
//! Candidate routes for a job are pruned spatially: on large problems only
//! routes that already serve one of the job's granular neighbours, plus one
//! empty vehicle per vehicle class, are tried, so building a plan for
//! thousands of jobs avoids the O(n²·m) scan of textbook regret insertion.
//! Synchronised pairs are inserted together: the first job at one of its
//! cheapest positions, the partner on another vehicle at the position that
//! best matches the first one's start, then both are checked on the joint
//! schedule.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::cost::CostEvaluator;
use super::instance::Instance;
use super::search::state::{Move, NONE, Piece, Plan, SearchState};
use crate::rng::Rng;

/// Beyond this many jobs candidate routes are pruned to neighbours' routes.
const PRUNE_ABOVE: usize = 300;

/// Routes tried for the partner of a synchronised pair per position of the
/// first job, when only feasible insertions count.
const PARTNER_ROUTES: usize = 4;

/// An insertion option: cost delta, vehicle, position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Option3 {
    /// Cost increase.
    pub cost: i64,
    /// Vehicle.
    pub route: usize,
    /// Position in the route.
    pub pos: usize,
}

/// Routes worth trying for job `j` (allowed, not `exclude`).
pub(crate) fn candidate_routes(st: &SearchState, j: usize, exclude: usize, out: &mut Vec<usize>) {
    let inst = st.inst;
    out.clear();
    if inst.n > PRUNE_ABOVE {
        for &nb in &inst.neighbours[j] {
            let r = st.route_of[nb];
            if r != NONE {
                out.push(r);
            }
        }
        if let Some(pin) = inst.p.jobs[j].pin {
            out.push(pin.vehicle);
        }
        if let Some(list) = &inst.p.jobs[j].allowed_vehicles
            && list.len() <= 8
        {
            out.extend(
                list.iter()
                    .copied()
                    .filter(|&v| !st.routes[v].jobs.is_empty()),
            );
        }
    } else {
        out.extend((0..inst.m).filter(|&v| !st.routes[v].jobs.is_empty()));
    }
    for &k in &inst.near_classes[j] {
        let class = &inst.classes[k];
        if let Some(&v) = class
            .iter()
            .find(|&&v| st.routes[v].jobs.is_empty() && inst.can_serve(j, v))
        {
            out.push(v);
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|&v| v != exclude && inst.can_serve(j, v));
    if out.is_empty() {
        // Pruning left nothing: fall back to every allowed vehicle.
        out.extend((0..inst.m).filter(|&v| v != exclude && inst.can_serve(j, v)));
    }
}

/// Evaluates inserting `j` at every position of the candidate routes.
/// Calls `f(option, feasible)` for each. `blink` skips positions at random.
pub(crate) fn for_each_insertion(
    st: &SearchState,
    j: usize,
    exclude: usize,
    ev: &CostEvaluator,
    mut blink: Option<(&mut Rng, f64)>,
    routes: &mut Vec<usize>,
    mut f: impl FnMut(Option3, bool),
) {
    candidate_routes(st, j, exclude, routes);
    let w = st.inst.p.objective.max_tardiness;
    let gmax = if w != 0 {
        st.routes
            .iter()
            .map(|r| r.stats.max_lateness)
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    for &r in routes.iter() {
        let old = st.route_cost(r, ev);
        for pos in 0..=st.routes[r].jobs.len() {
            if let Some((rng, p)) = blink.as_mut()
                && rng.chance(*p)
            {
                continue;
            }
            let plan = Plan::new(
                r,
                &[Piece::Prefix(r, pos), Piece::Job(j), Piece::Suffix(r, pos)],
            );
            let Some(stats) = st.eval_plan(&plan) else {
                continue;
            };
            let mut cost = ev.route_cost(st.inst, r, &stats).saturating_sub(old);
            if w != 0 {
                cost += w * (gmax.max(stats.max_lateness) - gmax);
            }
            f(
                Option3 {
                    cost,
                    route: r,
                    pos,
                },
                stats.feasible(),
            );
        }
    }
}

/// Inserts `j` at `opt`.
pub(crate) fn insert_at(st: &mut SearchState, j: usize, opt: Option3) {
    let r = opt.route;
    let mv = Move::one(Plan::new(
        r,
        &[
            Piece::Prefix(r, opt.pos),
            Piece::Job(j),
            Piece::Suffix(r, opt.pos),
        ],
    ));
    st.apply(&mv);
}

/// The partner of a synchronised job, if any.
pub(crate) fn partner(inst: &Instance, j: usize) -> Option<usize> {
    inst.links[j].first().map(|l| l.partner)
}

/// Inserts `j` (and its partner, if synchronised) at the best position.
/// `hard`: only feasible positions, and the result must stay feasible.
/// Otherwise penalised costs decide and insertion happens only when cheaper
/// than leaving the job(s) unplanned. Returns whether it inserted.
pub(crate) fn insert_job(
    st: &mut SearchState,
    j: usize,
    ev: &CostEvaluator,
    hard: bool,
    blink: Option<(&mut Rng, f64)>,
    routes: &mut Vec<usize>,
) -> bool {
    let inst = st.inst;
    if let Some(p) = partner(inst, j)
        && st.route_of[p] == NONE
    {
        return insert_pair(st, j, p, ev, hard, routes);
    }
    // Hard mode: feasible positions only. Otherwise the penalised cost
    // decides (measured better on Solomon than feasible-first).
    let mut best_feasible: Option<Option3> = None;
    let mut best_any: Option<Option3> = None;
    for_each_insertion(st, j, NONE, ev, blink, routes, |o, feas| {
        if feas && best_feasible.is_none_or(|b| o < b) {
            best_feasible = Some(o);
        }
        if best_any.is_none_or(|b| o < b) {
            best_any = Some(o);
        }
    });
    if hard && best_feasible.is_none() && st.coupled() {
        // The estimate counts pushing a synchronised partner as a violation;
        // the joint schedule may absorb it. Try the cheapest position for real.
        if let Some(o) = best_any {
            let saved = st.routes[o.route].jobs.clone();
            insert_at(st, j, o);
            if st.feasible() == (true, true) {
                return true;
            }
            st.set_route(o.route, saved);
        }
        return false;
    }
    let best = if hard { best_feasible } else { best_any };
    match best {
        Some(o) if hard || o.cost < inst.p.jobs[j].unassigned_penalty => {
            insert_at(st, j, o);
            true
        }
        _ => false,
    }
}

fn insert_pair(
    st: &mut SearchState,
    a: usize,
    b: usize,
    ev: &CostEvaluator,
    hard: bool,
    routes: &mut Vec<usize>,
) -> bool {
    let inst = st.inst;
    let mut opts: Vec<Option3> = Vec::new();
    for_each_insertion(st, a, NONE, ev, None, routes, |o, feas| {
        if !hard || feas {
            opts.push(o);
        }
    });
    opts.sort_unstable();
    opts.truncate(4);
    let penalty = inst.p.jobs[a]
        .unassigned_penalty
        .saturating_add(inst.p.jobs[b].unassigned_penalty);
    let before = st.total_cost(ev);
    for oa in opts {
        let ra = oa.route;
        let saved_a = st.routes[ra].jobs.clone();
        insert_at(st, a, oa);
        // The partner's cheapest positions, one per route: in hard mode the
        // cheapest alone often cannot start with `a` (its own schedule is
        // priced, not the joint one), so a few routes are tried.
        let mut best_b: Vec<Option3> = Vec::new();
        for_each_insertion(st, b, ra, ev, None, routes, |o, _| {
            match best_b.iter_mut().find(|x| x.route == o.route) {
                Some(x) if o < *x => *x = o,
                Some(_) => {}
                None => best_b.push(o),
            }
        });
        best_b.sort_unstable();
        best_b.truncate(if hard { PARTNER_ROUTES } else { 1 });
        for ob in best_b {
            let rb = ob.route;
            let saved_b = st.routes[rb].jobs.clone();
            insert_at(st, b, ob);
            let ok = if hard {
                st.feasible() == (true, true)
            } else {
                st.total_cost(ev).saturating_sub(before) < penalty
            };
            if ok {
                return true;
            }
            st.set_route(rb, saved_b);
        }
        st.set_route(ra, saved_a);
        if !hard {
            break;
        }
    }
    false
}

/// Regret-2 insertion of every unplanned job (must-do first: higher
/// unassigned penalty first, then larger regret). Only feasible insertions.
/// Evaluation is lazy: a job's regret is recomputed when it reaches the top
/// of the queue and stale.
pub(crate) fn regret_insertion(st: &mut SearchState, ev: &CostEvaluator) {
    let inst = st.inst;
    let mut routes = Vec::new();
    let mut heap: BinaryHeap<(i64, i64, Reverse<usize>, u64)> = BinaryHeap::new();
    let mut version = 0u64;
    let key = |st: &SearchState, j: usize, routes: &mut Vec<usize>| -> Option<i64> {
        let mut best = [i64::MAX; 2];
        let mut best_route = NONE;
        for_each_insertion(st, j, NONE, ev, None, routes, |o, feas| {
            if !feas {
                return;
            }
            if o.route == best_route {
                best[0] = best[0].min(o.cost);
            } else if o.cost < best[0] {
                best[1] = best[0];
                best[0] = o.cost;
                best_route = o.route;
            } else if o.cost < best[1] {
                best[1] = o.cost;
            }
        });
        if best[0] == i64::MAX {
            None
        } else {
            Some(best[1].saturating_sub(best[0]).min(1 << 40))
        }
    };
    for j in 0..inst.n {
        if st.route_of[j] != NONE {
            continue;
        }
        if let Some(p) = partner(inst, j)
            && p < j
            && st.route_of[p] == NONE
        {
            continue; // the pair is handled from its lower index
        }
        if let Some(k) = key(st, j, &mut routes) {
            heap.push((inst.p.jobs[j].unassigned_penalty, k, Reverse(j), version));
        }
    }
    while let Some((pen, _, Reverse(j), stamp)) = heap.pop() {
        if st.route_of[j] != NONE {
            continue;
        }
        if stamp == version {
            if insert_job(st, j, ev, true, None, &mut routes) {
                version += 1;
            }
            continue;
        }
        if let Some(k) = key(st, j, &mut routes) {
            heap.push((pen, k, Reverse(j), version));
        }
    }
}

/// Greedy insertion of `jobs` in the given order with blinks; jobs whose
/// best insertion costs more than leaving them out stay unplanned. The
/// first `soft` jobs (just ruined) may take penalised infeasible positions;
/// the rest (already unplanned before) only feasible ones, so that an
/// over-subscribed plan is not flooded with violations.
pub(crate) fn greedy_insertion(
    st: &mut SearchState,
    jobs: &[usize],
    soft: usize,
    ev: &CostEvaluator,
    rng: &mut Rng,
    blink: f64,
) {
    let mut routes = Vec::new();
    for (k, &j) in jobs.iter().enumerate() {
        if st.route_of[j] == NONE {
            insert_job(st, j, ev, k >= soft, Some((&mut *rng, blink)), &mut routes);
        }
    }
}
