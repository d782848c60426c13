//! The forward-schedule reuse in `eval_plan` (resume after a kept prefix,
//! stop once a kept suffix starts as it does today) gives exactly the
//! statistics of a full forward schedule of the candidate, with and without
//! synchronised pairs, on random plans and random candidate routes; and the
//! incremental re-alignment after `apply` (cached free schedules, rounds
//! that re-schedule a route only from its first raised job, routes whose
//! partners did not move left alone) leaves the same statistics and starts
//! as the joint schedule computed by its definition.

use super::state::{Move, NONE, Piece, Plan, SearchState};
use super::tests::{problem, random_routes};
use crate::rng::Rng;
use crate::routing::instance::{FAR, Instance};
use crate::routing::problem::{RoutingProblem, SyncGroup, SyncKind};
use crate::routing::schedule::{RouteStats, SyncBounds, Trace, simulate};

/// A general random problem without breaks (the reuse applies to routes
/// without breaks), with `pairs` synchronised pairs of distinct jobs.
fn coupled_problem(seed: u64, pairs: usize) -> RoutingProblem {
    let mut p = problem(seed, true);
    let mut r = Rng::new(seed ^ 0xc0de);
    for v in &mut p.vehicles {
        if r.chance(0.8) {
            v.breaks.clear();
        }
    }
    let mut order: Vec<usize> = (0..p.jobs.len()).collect();
    r.shuffle(&mut order);
    for pair in order.chunks_exact(2).take(pairs) {
        let kind = if r.chance(0.5) {
            SyncKind::Simultaneous
        } else {
            let min = r.range_i64(0, 30);
            SyncKind::Gap {
                min,
                max: min + r.range_i64(0, 60),
            }
        };
        p.jobs[pair[0]].allowed_vehicles = None;
        p.jobs[pair[1]].allowed_vehicles = None;
        p.sync.push(SyncGroup {
            first: pair[0],
            second: pair[1],
            kind,
        });
    }
    p
}

/// The statistics of `plan` by a full forward schedule against the
/// partners' current starts.
fn from_scratch(st: &SearchState, plan: &Plan) -> RouteStats {
    let mut seq = Vec::new();
    st.materialize(plan, &mut seq);
    let planned = |j: usize| st.route_of[j] != NONE;
    let sync = if st.coupled() {
        SyncBounds::Partners {
            starts: &st.starts,
            planned: &planned,
        }
    } else {
        SyncBounds::None
    };
    simulate(st.inst, plan.route, &seq, sync, None, Trace::default())
}

/// A random candidate for route `v`: a prefix of it, then an insertion, a
/// slice of another route (maybe reversed) or nothing, then a suffix of it.
fn random_plan(st: &SearchState, r: &mut Rng, v: usize) -> Plan {
    let len = st.routes[v].jobs.len();
    let e = r.index(len + 1);
    let s = e + r.index(len - e + 1);
    let mid = match r.index(4) {
        0 => (0..st.inst.n)
            .find(|&j| st.route_of[j] == NONE)
            .map(Piece::Job),
        1 | 2 => {
            let w = r.index(st.inst.m);
            let wl = st.routes[w].jobs.len();
            (w != v && wl > 0).then(|| {
                let a = r.index(wl);
                let b = a + 1 + r.index(wl - a);
                if r.chance(0.5) {
                    Piece::Range(w, a, b)
                } else {
                    Piece::Rev(w, a, b)
                }
            })
        }
        _ => None,
    };
    let mut pieces = vec![Piece::Prefix(v, e)];
    pieces.extend(mid);
    pieces.push(Piece::Suffix(v, s));
    Plan::new(v, &pieces)
}

fn check(seed: u64, pairs: usize) -> usize {
    let p = coupled_problem(seed, pairs);
    let inst = Instance::new(&p).expect("valid problem");
    let mut r = Rng::new(seed ^ 0x7e57);
    let mut st = SearchState::new(&inst);
    st.load(&random_routes(&inst, &mut r, false));
    let mut checked = 0;
    for round in 0..40 {
        let v = r.index(inst.m);
        let plan = random_plan(&st, &mut r, v);
        let want = from_scratch(&st, &plan);
        let got = st.eval_plan(&plan);
        if let Some(got) = got {
            assert_eq!(got, want, "seed {seed} round {round}: {plan:?}");
            checked += 1;
        }
        if r.chance(0.3) {
            relocate_random(&mut st, &mut r);
            same_as_fresh(&st, seed, round);
        } else if r.chance(0.3) {
            // Change the plan (re-aligning the partners) and go on: the
            // caches must follow.
            let mut seq = Vec::new();
            st.materialize(&plan, &mut seq);
            let mut routes = st.snapshot();
            for other in routes.iter_mut() {
                other.retain(|j| !seq.contains(j));
            }
            routes[v] = seq;
            for (w, jobs) in routes.into_iter().enumerate() {
                if jobs != st.routes[w].jobs {
                    st.set_route_raw(w, jobs);
                }
            }
            st.resync();
            same_as_fresh(&st, seed, round);
        }
    }
    checked
}

/// Moves a random planned job to a random position of another route with
/// `apply` (cached schedules, partial re-alignment).
fn relocate_random(st: &mut SearchState, r: &mut Rng) {
    let planned: Vec<usize> = (0..st.inst.n).filter(|&j| st.route_of[j] != NONE).collect();
    if planned.is_empty() || st.inst.m < 2 {
        return;
    }
    let x = planned[r.index(planned.len())];
    let (w, a) = (st.route_of[x], st.pos_of[x]);
    let v = (w + 1 + r.index(st.inst.m - 1)) % st.inst.m;
    let e = r.index(st.routes[v].jobs.len() + 1);
    let mv = Move::two(
        Plan::new(w, &[Piece::Prefix(w, a), Piece::Suffix(w, a + 1)]),
        Plan::new(
            v,
            &[Piece::Prefix(v, e), Piece::Job(x), Piece::Suffix(v, e)],
        ),
    );
    st.apply(&mv);
}

/// The joint schedule by its definition, with none of the engine's
/// shortcuts: every route re-scheduled in full each round under the raised
/// lower bounds until no bound rises (at most 60 rounds), then each route's
/// statistics against its partners' starts.
fn reference(inst: &Instance, routes: &[Vec<usize>]) -> (Vec<i64>, Vec<RouteStats>) {
    let mut route_of = vec![NONE; inst.n];
    for (v, jobs) in routes.iter().enumerate() {
        jobs.iter().for_each(|&j| route_of[j] = v);
    }
    let mut lb = vec![-FAR; inst.n];
    let mut starts = vec![0; inst.n];
    for _ in 0..60 {
        for (v, jobs) in routes.iter().enumerate() {
            let trace = Trace {
                starts: Some(&mut starts),
                ..Trace::default()
            };
            simulate(inst, v, jobs, SyncBounds::Lower(&lb), None, trace);
        }
        let mut changed = false;
        for j in 0..inst.n {
            for l in &inst.links[j] {
                let p = l.partner;
                if p < j || route_of[j] == NONE || route_of[p] == NONE {
                    continue;
                }
                let (sj, sp) = (starts[j], starts[p]);
                if sj < sp + l.min_offset && lb[j] < sp + l.min_offset {
                    lb[j] = sp + l.min_offset;
                    changed = true;
                }
                if sj > sp + l.max_offset && lb[p] < sj - l.max_offset {
                    lb[p] = sj - l.max_offset;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let planned = |j: usize| route_of[j] != NONE;
    let stats = routes
        .iter()
        .enumerate()
        .map(|(v, jobs)| {
            let sync = SyncBounds::Partners {
                starts: &starts,
                planned: &planned,
            };
            simulate(inst, v, jobs, sync, None, Trace::default())
        })
        .collect();
    (starts, stats)
}

/// The state's statistics and synchronised starts equal those of the joint
/// schedule computed by its definition on the same routes.
fn same_as_fresh(st: &SearchState, seed: u64, round: usize) {
    let (starts, stats) = reference(st.inst, &st.snapshot());
    for (v, want) in stats.iter().enumerate() {
        assert_eq!(
            &st.routes[v].stats, want,
            "seed {seed} round {round}: route {v}"
        );
    }
    for (j, &want) in starts.iter().enumerate() {
        if st.route_of[j] != NONE && !st.inst.links[j].is_empty() {
            assert_eq!(
                st.starts[j], want,
                "seed {seed} round {round}: start of {j}"
            );
        }
    }
}

#[test]
fn reused_schedules_equal_full_schedules_without_synchronisation() {
    let checked: usize = (0..60).map(|seed| check(seed, 0)).sum();
    assert!(checked > 1_000, "only {checked} plans checked");
}

#[test]
fn reused_schedules_equal_full_schedules_with_synchronised_pairs() {
    let checked: usize = (0..60)
        .map(|seed| check(1_000 + seed, 1 + seed as usize % 4))
        .sum();
    assert!(checked > 1_000, "only {checked} plans checked");
}
