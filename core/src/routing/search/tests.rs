//! Per-operator delta tests: for every move an operator proposes, the delta
//! it reports equals the penalised cost after applying the move minus the
//! cost before, both recomputed from scratch by the general forward schedule
//! (not by the state's own caches). Random problems cover the O(1) segment
//! path (one hard window, one matrix) and the general path (several windows,
//! capped soft lateness, breaks, two matrices, continuity, overtime, pay,
//! allowed vehicles, the max-tardiness term).

use super::operators::{
    cross_exchange::CrossExchange, or_opt::OrOpt, relocate::Relocate, swap::Swap,
    swap_star::SwapStar, swap_tails::SwapTails, two_opt::TwoOpt,
};
use super::state::{Move, NONE, Piece, Plan, SearchState};
use super::{Operator, empty_route_move};
use crate::rng::Rng;
use crate::routing::cost::CostEvaluator;
use crate::routing::instance::Instance;
use crate::routing::problem::{
    Break, Job, Objective, RoutingProblem, TravelMatrix, Vehicle, Window,
};
use crate::routing::schedule::{SyncBounds, Trace, simulate};

fn matrix(r: &mut Rng, size: usize, scale: f64) -> TravelMatrix {
    let pts: Vec<(i64, i64)> = (0..size)
        .map(|_| (r.range_i64(0, 100), r.range_i64(0, 100)))
        .collect();
    let mut d = vec![0; size * size];
    for i in 0..size {
        for j in 0..size {
            let (dx, dy) = ((pts[i].0 - pts[j].0) as f64, (pts[i].1 - pts[j].1) as f64);
            d[i * size + j] = ((dx * dx + dy * dy).sqrt() * scale).round() as i64;
        }
    }
    TravelMatrix {
        size,
        duration: d.clone(),
        distance: d,
    }
}

/// A random problem; `general` switches on every feature the O(1) path
/// cannot price.
pub(crate) fn problem(seed: u64, general: bool) -> RoutingProblem {
    let mut r = Rng::new(seed);
    let n = 8 + r.index(14);
    let m = 2 + r.index(4);
    let size = n + 2;
    let mut matrices = vec![matrix(&mut r, size, 1.0)];
    if general {
        let mut slow = matrices[0].clone();
        slow.duration.iter_mut().for_each(|t| *t = *t * 3 / 2);
        matrices.push(slow);
    }
    let jobs = (0..n)
        .map(|k| {
            let nw = if general { 1 + r.index(2) } else { 1 };
            let mut windows = Vec::new();
            let mut t = r.range_i64(0, 150);
            for _ in 0..nw {
                let len = r.range_i64(10, 120);
                windows.push(Window {
                    earliest: t,
                    latest: t + len,
                });
                t += len + r.range_i64(10, 80);
            }
            let soft = general && r.chance(0.4);
            Job {
                location: 2 + k,
                duration: r.range_i64(0, 25),
                windows,
                soft_latest: soft,
                max_lateness: (soft && r.chance(0.6)).then(|| r.range_i64(0, 30)),
                demand: r.range_i64(0, 4),
                allowed_vehicles: (general && r.chance(0.3))
                    .then(|| (0..m).filter(|_| r.chance(0.7)).collect()),
                preferred_vehicles: if general && r.chance(0.4) {
                    vec![r.index(m)]
                } else {
                    vec![]
                },
                unassigned_penalty: 10_000,
                pin: None,
            }
        })
        .collect();
    let vehicles = (0..m)
        .map(|_| {
            let s = r.range_i64(0, 40);
            let breaks = if general && r.chance(0.5) {
                let bs = r.range_i64(s + 30, s + 200);
                vec![Break {
                    window: Window {
                        earliest: bs,
                        latest: bs + r.range_i64(0, 60),
                    },
                    duration: r.range_i64(5, 20),
                }]
            } else {
                vec![]
            };
            Vehicle {
                start_location: r.index(2),
                end_location: if general && r.chance(0.3) {
                    None
                } else {
                    Some(r.index(2))
                },
                shift: Window {
                    earliest: s,
                    latest: s + r.range_i64(200, 400),
                },
                breaks,
                max_duration: (r.chance(0.3)).then(|| r.range_i64(120, 300)),
                capacity: r.range_i64(4, 20),
                profile: if general { r.index(2) } else { 0 },
                fixed_cost: r.range_i64(0, 40),
                cost_per_time: r.range_i64(0, 2),
                overtime_cost: if general { r.range_i64(0, 3) } else { 0 },
                overtime_after: (general && r.chance(0.5)).then(|| r.range_i64(60, 200)),
            }
        })
        .collect();
    let objective = Objective {
        distance: 1,
        travel_time: r.range_i64(0, 2),
        waiting: if general { r.range_i64(0, 2) } else { 0 },
        tardiness: if general { r.range_i64(1, 5) } else { 0 },
        max_tardiness: if general { r.range_i64(0, 3) } else { 0 },
        overtime: if general { r.range_i64(0, 3) } else { 0 },
        continuity: if general { r.range_i64(0, 20) } else { 0 },
    };
    RoutingProblem {
        matrices,
        jobs,
        vehicles,
        sync: vec![],
        objective,
    }
}

/// Random routes: most jobs planned on a vehicle allowed to serve them.
/// With `feasible`, a job is only appended where the route stays feasible
/// (so that moves between feasible routes are common).
pub(super) fn random_routes(inst: &Instance, r: &mut Rng, feasible: bool) -> Vec<Vec<usize>> {
    let mut routes = vec![Vec::new(); inst.m];
    let mut order: Vec<usize> = (0..inst.n).collect();
    r.shuffle(&mut order);
    for j in order {
        if r.chance(0.1) {
            continue;
        }
        let mut ok: Vec<usize> = (0..inst.m).filter(|&v| inst.can_serve(j, v)).collect();
        r.shuffle(&mut ok);
        for v in ok {
            routes[v].push(j);
            if !feasible
                || simulate(
                    inst,
                    v,
                    &routes[v],
                    SyncBounds::None,
                    None,
                    Trace::default(),
                )
                .feasible()
            {
                break;
            }
            routes[v].pop();
        }
    }
    routes
}

/// The forward schedule of one route. On the segment path the engine
/// departs so as to minimise the route's duration (the segments' best
/// departure); the brute force here tries every departure in the shift and
/// keeps the least time warp, then the shortest duration. On the general
/// path the engine's own departure rule applies.
fn schedule(inst: &Instance, v: usize, jobs: &[usize]) -> crate::routing::schedule::RouteStats {
    let run = |dep| simulate(inst, v, jobs, SyncBounds::None, dep, Trace::default());
    if !inst.simple || jobs.is_empty() {
        return run(None);
    }
    let shift = inst.p.vehicles[v].shift;
    (shift.earliest..=shift.latest)
        .map(|t| run(Some(t)))
        .min_by_key(|s| (s.time_warp, s.duration))
        .unwrap_or_else(|| run(None))
}

/// Penalised cost of `routes` recomputed with the forward schedule.
fn cost_from_scratch(inst: &Instance, routes: &[Vec<usize>], ev: &CostEvaluator) -> i64 {
    let mut total = 0i64;
    let mut max_late = 0;
    let mut planned = vec![false; inst.n];
    for (v, jobs) in routes.iter().enumerate() {
        let s = schedule(inst, v, jobs);
        total += ev.route_cost(inst, v, &s);
        max_late = max_late.max(s.max_lateness);
        jobs.iter().for_each(|&j| planned[j] = true);
    }
    total += inst.p.objective.max_tardiness * max_late;
    total
        + (0..inst.n)
            .filter(|&j| !planned[j])
            .map(|j| inst.p.jobs[j].unassigned_penalty)
            .sum::<i64>()
}

/// Whether the routes `which` are time- and load-feasible under the
/// forward schedule.
fn all_feasible(inst: &Instance, routes: &[Vec<usize>], which: &[usize]) -> bool {
    which
        .iter()
        .all(|&v| schedule(inst, v, &routes[v]).feasible())
}

/// Checks one proposed move: its delta equals the state's cost after
/// applying it (caches rebuilt) minus the cost before; and, when the routes
/// before and after are feasible, the difference of costs recomputed by the
/// forward schedule. (On infeasible routes the segment path measures time
/// warp its own way, so only the state's own recomputation applies there.)
/// Returns whether the forward-schedule comparison applied.
fn check_move(st: &mut SearchState, ev: &CostEvaluator, mv: &Move, delta: i64, what: &str) -> bool {
    let inst = st.inst;
    let saved = st.snapshot();
    let before = st.total_cost(ev);
    let after_routes = routes_after(st, mv);
    st.apply(mv);
    assert_eq!(
        st.snapshot(),
        after_routes,
        "{what}: apply builds the planned routes"
    );
    let after = st.total_cost(ev);
    st.load(&saved);
    assert_eq!(st.total_cost(ev), before, "{what}: restored");
    assert_eq!(
        delta,
        after - before,
        "{what}: delta against the state's recomputation"
    );
    let changed: Vec<usize> = mv.plans.iter().flatten().map(|p| p.route).collect();
    if all_feasible(inst, &saved, &changed) && all_feasible(inst, &after_routes, &changed) {
        let exact =
            cost_from_scratch(inst, &after_routes, ev) - cost_from_scratch(inst, &saved, ev);
        assert_eq!(delta, exact, "{what}: delta against the forward schedule");
        return true;
    }
    false
}

/// The routes after `mv`, built independently of `SearchState::apply`.
fn routes_after(st: &SearchState, mv: &Move) -> Vec<Vec<usize>> {
    let mut routes = st.snapshot();
    for plan in mv.plans.iter().flatten() {
        let mut seq = Vec::new();
        st.materialize(plan, &mut seq);
        routes[plan.route] = seq;
    }
    routes
}

fn evaluators(r: &mut Rng) -> [CostEvaluator; 2] {
    [
        CostEvaluator {
            tw_penalty: 1 + r.range_i64(0, 5),
            load_penalty: 1 + r.range_i64(0, 5),
        },
        CostEvaluator {
            tw_penalty: 100 + r.range_i64(0, 1000),
            load_penalty: 50 + r.range_i64(0, 500),
        },
    ]
}

/// Which neighbourhood a per-operator test checks.
#[derive(Clone, Copy)]
enum Under {
    /// One of the local-search operators.
    Op(fn() -> Box<dyn Operator>),
    /// Moving one job into an empty route.
    EmptyRoute,
}

/// Runs the neighbourhood on every pair (u, v) of a random plan and checks
/// each proposed move. Returns how many moves were checked, and how many of
/// them against the forward schedule.
fn check_operator(seed: u64, general: bool, under: Under) -> (usize, usize) {
    let p = problem(seed, general);
    let inst = Instance::new(&p).expect("valid problem");
    assert_eq!(inst.simple, !general, "seed {seed}: the intended path");
    let mut r = Rng::new(seed ^ 0x5eed);
    let mut st = SearchState::new(&inst);
    st.load(&random_routes(&inst, &mut r, seed.is_multiple_of(2)));
    let mut op = match under {
        Under::Op(make) => Some(make()),
        Under::EmptyRoute => None,
    };
    let (mut checked, mut independent) = (0, 0);
    for ev in evaluators(&mut r) {
        if general {
            // The general path prices routes with the forward schedule.
            let before = cost_from_scratch(&inst, &st.snapshot(), &ev);
            assert_eq!(st.total_cost(&ev), before, "seed {seed}: state cost");
        }
        for u in 0..inst.n {
            if st.route_of[u] == NONE {
                continue;
            }
            let Some(op) = op.as_mut() else {
                if let Some((delta, mv)) = empty_route_move(u, &st, &ev) {
                    let what = format!("seed {seed}: empty-route move of {u}");
                    independent += usize::from(check_move(&mut st, &ev, &mv, delta, &what));
                    checked += 1;
                }
                continue;
            };
            for v in 0..inst.n {
                if u == v || st.route_of[u] == NONE || st.route_of[v] == NONE {
                    continue;
                }
                if let Some((delta, mv)) = op.evaluate(u, v, &st, &ev) {
                    assert!(delta < 0, "operators propose improving moves only");
                    let what = format!("seed {seed}: {} on ({u}, {v})", op.name());
                    independent += usize::from(check_move(&mut st, &ev, &mv, delta, &what));
                    checked += 1;
                }
            }
        }
    }
    (checked, independent)
}

/// Checks one neighbourhood on both evaluation paths: the O(1) segment
/// path (one hard window, one matrix; 40 random plans) and the general
/// forward schedule (several windows, capped soft lateness, breaks, two
/// matrices, continuity, overtime, pay, allowed vehicles, max-tardiness;
/// 30 random plans; both counts times `scale`). Each path must yield at
/// least `min` moves, a tenth of them on feasible routes (checked against
/// the forward schedule).
fn check_both_paths(under: Under, name: &str, min: usize, scale: u64) {
    for (general, seeds) in [(false, 0..40 * scale), (true, 100..100 + 30 * scale)] {
        let (checked, independent) = seeds
            .map(|s| check_operator(s, general, under))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        eprintln!("{name} general={general}: {checked} moves, {independent} on feasible routes");
        assert!(checked >= min, "{name}: only {checked} moves checked");
        assert!(
            independent >= min / 10,
            "{name}: only {independent} moves on feasible routes"
        );
    }
}

#[test]
fn relocate_deltas_match_recomputed_costs() {
    check_both_paths(Under::Op(|| Box::new(Relocate)), "relocate", 50, 1);
}

#[test]
fn swap_deltas_match_recomputed_costs() {
    check_both_paths(Under::Op(|| Box::new(Swap)), "swap", 50, 1);
}

#[test]
fn swap_tails_deltas_match_recomputed_costs() {
    check_both_paths(Under::Op(|| Box::new(SwapTails)), "swap-tails", 50, 1);
}

#[test]
fn or_opt_deltas_match_recomputed_costs() {
    check_both_paths(Under::Op(|| Box::new(OrOpt)), "or-opt", 50, 1);
}

#[test]
fn two_opt_deltas_match_recomputed_costs() {
    check_both_paths(Under::Op(|| Box::new(TwoOpt)), "2-opt", 50, 1);
}

#[test]
fn cross_exchange_deltas_match_recomputed_costs() {
    check_both_paths(
        Under::Op(|| Box::new(CrossExchange)),
        "cross-exchange",
        50,
        1,
    );
}

#[test]
fn swap_star_deltas_match_recomputed_costs() {
    check_both_paths(
        Under::Op(|| Box::new(SwapStar::default())),
        "swap-star",
        50,
        1,
    );
}

#[test]
fn empty_route_move_deltas_match_recomputed_costs() {
    // Moves into an empty route are rare from feasible routes: more plans.
    check_both_paths(Under::EmptyRoute, "empty-route", 50, 10);
}

/// Every relocate, swap, 2-opt, swap-tails and block move between random
/// positions, improving or not: `move_delta` is exact when negative, and a
/// lower bound on the true change otherwise (the quick bound may stop early
/// once it proves the move cannot improve). `quick_bound` never exceeds the
/// exact cost of a plan.
#[test]
fn move_delta_is_exact_when_improving_and_a_lower_bound_otherwise() {
    let (exact_seen, _) = check_move_delta_bounds(0..30, |_| {});
    assert!(exact_seen > 20, "only {exact_seen} improving moves seen");
}

/// The bound must hold where the plan's largest lateness dominates the
/// objective (Mankowska weighs it like total lateness): a move that only
/// lowers the maximum must still be priced exactly, not cut off by a
/// bound that ignores the maximum.
#[test]
fn move_delta_bound_counts_a_fall_in_the_largest_lateness() {
    let (exact_seen, lowered) = check_move_delta_bounds(0..30, |p| {
        p.objective.max_tardiness = 200;
        p.objective.tardiness = 1;
        for j in &mut p.jobs {
            j.soft_latest = true;
            j.max_lateness = None;
        }
    });
    assert!(exact_seen > 20, "only {exact_seen} improving moves seen");
    assert!(
        lowered > 20,
        "only {lowered} moves lowered the largest lateness"
    );
}

/// Random relocate, swap, 2-opt, swap-tails and block moves on problems
/// `tweak`ed from the random generator: checks `move_delta` against the
/// state's recomputation. Returns the improving moves seen and the moves
/// that lowered the plan's largest lateness.
fn check_move_delta_bounds(
    seeds: std::ops::Range<u64>,
    tweak: impl Fn(&mut RoutingProblem),
) -> (usize, usize) {
    let (mut exact_seen, mut lowered) = (0, 0);
    for seed in seeds {
        let general = seed % 2 == 1;
        let mut p = problem(seed + 1000, general);
        tweak(&mut p);
        let inst = Instance::new(&p).expect("valid problem");
        let mut r = Rng::new(seed);
        let mut st = SearchState::new(&inst);
        st.load(&random_routes(&inst, &mut r, seed.is_multiple_of(3)));
        let ev = evaluators(&mut r)[1];
        let before = st.total_cost(&ev);
        for _ in 0..300 {
            let (a, b) = (r.index(inst.m), r.index(inst.m));
            let (la, lb) = (st.routes[a].jobs.len(), st.routes[b].jobs.len());
            if la == 0 || lb == 0 {
                continue;
            }
            let i = r.index(la);
            let n = 1 + r.index((la - i).min(3));
            let j = r.index(lb + 1).min(lb);
            let mv = if a != b {
                match r.index(3) {
                    // Move the block [i, i+n) of `a` before position j of `b`.
                    0 => Move::two(
                        Plan::new(a, &[Piece::Prefix(a, i), Piece::Suffix(a, i + n)]),
                        Plan::new(
                            b,
                            &[
                                Piece::Prefix(b, j),
                                Piece::Range(a, i, i + n),
                                Piece::Suffix(b, j),
                            ],
                        ),
                    ),
                    // Swap tails after i and from j.
                    1 => Move::two(
                        Plan::new(a, &[Piece::Prefix(a, i + 1), Piece::Suffix(b, j)]),
                        Plan::new(b, &[Piece::Prefix(b, j), Piece::Suffix(a, i + 1)]),
                    ),
                    // Swap the block with one job of `b`.
                    _ if j < lb => Move::two(
                        Plan::new(
                            a,
                            &[
                                Piece::Prefix(a, i),
                                Piece::Range(b, j, j + 1),
                                Piece::Suffix(a, i + n),
                            ],
                        ),
                        Plan::new(
                            b,
                            &[
                                Piece::Prefix(b, j),
                                Piece::Range(a, i, i + n),
                                Piece::Suffix(b, j + 1),
                            ],
                        ),
                    ),
                    _ => continue,
                }
            } else {
                // Reverse [i, i+n) in place.
                Move::one(Plan::new(
                    a,
                    &[
                        Piece::Prefix(a, i),
                        Piece::Rev(a, i, i + n),
                        Piece::Suffix(a, i + n),
                    ],
                ))
            };
            let Some(d) = st.move_delta(&mv, &ev) else {
                continue; // a job may not go on that vehicle
            };
            let saved = st.snapshot();
            let max_before = st.max_lateness_except([NONE; 2]);
            st.apply(&mv);
            let exact = st.total_cost(&ev) - before;
            lowered += usize::from(st.max_lateness_except([NONE; 2]) < max_before);
            st.load(&saved);
            if d < 0 {
                assert_eq!(d, exact, "seed {seed}: improving delta must be exact");
                exact_seen += 1;
            } else {
                assert!(d <= exact, "seed {seed}: bound {d} above the true {exact}");
            }
            for plan in mv.plans.iter().flatten() {
                if let Some(s) = st.eval_plan(plan) {
                    let qb = st.quick_bound(plan);
                    let c = ev.route_cost(&inst, plan.route, &s);
                    assert!(qb <= c, "seed {seed}: quick bound {qb} above cost {c}");
                }
            }
        }
    }
    (exact_seen, lowered)
}
