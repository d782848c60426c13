//! The bridge used to compare carematch with other routing solvers on a
//! rounds day (`rounds::engine`, `routing::feasible_routes`): a plan's own
//! sequences come back as the same, checker-clean plan; sequences that break
//! the rules are cut back until the independent checker accepts them.

use std::collections::HashMap;

use carematch::control::{MaxIterations, Silent};
use carematch::rounds::engine::{EngineDay, engine_problem, plan_from_routes};
use carematch::rounds::{PlanOptions, check::check_plan, plan_rounds, sample_rounds};
use carematch::routing::feasible_routes;

/// The engine sequences of a rounds plan (carers of a double-handed visit
/// in the order the rounds list them).
fn sequences(engine: &EngineDay, plan: &carematch::rounds::RoundsPlan) -> Vec<Vec<usize>> {
    let vehicle: HashMap<(&str, usize), usize> = engine
        .vehicles
        .iter()
        .enumerate()
        .map(|(v, (w, s))| ((w.as_str(), *s), v))
        .collect();
    let job: HashMap<(&str, u8), usize> = engine
        .jobs
        .iter()
        .enumerate()
        .map(|(j, (visit, carer))| ((visit.as_str(), *carer), j))
        .collect();
    let mut seen: HashMap<&str, u8> = HashMap::new();
    let mut routes = vec![Vec::new(); engine.vehicles.len()];
    for round in &plan.rounds {
        let v = vehicle[&(round.worker.as_str(), round.shift)];
        for stop in &round.stops {
            let carer = seen.entry(stop.visit.as_str()).or_insert(0);
            routes[v].push(job[&(stop.visit.as_str(), *carer)]);
            *carer += 1;
        }
    }
    routes
}

#[test]
fn a_plans_own_sequences_come_back_as_a_checked_plan() {
    let day = sample_rounds(60, 6, 3);
    let opts = PlanOptions {
        seed: 1,
        max_iterations: Some(40),
    };
    let plan = plan_rounds(&day, &opts, &mut MaxIterations(40), &mut Silent).unwrap();
    assert!(check_plan(&day, &plan).is_empty());
    let engine = engine_problem(&day).unwrap();
    let routes = sequences(&engine, &plan);
    let kept = feasible_routes(&engine.problem, &routes).unwrap();
    assert_eq!(kept, routes, "a feasible plan loses nothing");
    let back = plan_from_routes(&day, &kept).unwrap();
    assert!(check_plan(&day, &back).is_empty());
    assert_eq!(back.summary.visits_planned, plan.summary.visits_planned);
    assert!(plan.summary.visits_planned > 0);
}

#[test]
fn sequences_that_break_the_rules_are_cut_until_the_checker_accepts_them() {
    let day = sample_rounds(60, 6, 3);
    let engine = engine_problem(&day).unwrap();
    let n = engine.jobs.len();
    // Every job on the vehicles in turn, in index order: ineligible workers,
    // both carers of a pair on one worker, windows missed, shifts overrun.
    let m = engine.vehicles.len();
    let mut routes = vec![Vec::new(); m];
    for j in 0..n {
        routes[j % 2].push(j);
    }
    let bad = plan_from_routes(&day, &routes).unwrap();
    assert!(
        !check_plan(&day, &bad).is_empty(),
        "the raw sequences break rules"
    );
    let kept = feasible_routes(&engine.problem, &routes).unwrap();
    let total: usize = kept.iter().map(Vec::len).sum();
    assert!(
        total > 0 && total < n,
        "some jobs kept, some dropped: {total} of {n}"
    );
    for (v, r) in kept.iter().enumerate() {
        // Only jobs that were on that vehicle, in their order.
        let mut it = routes[v].iter();
        assert!(
            r.iter().all(|j| it.any(|x| x == j)),
            "vehicle {v}: a subsequence"
        );
    }
    let plan = plan_from_routes(&day, &kept).unwrap();
    let issues = check_plan(&day, &plan);
    assert!(issues.is_empty(), "{issues:?}");
}
