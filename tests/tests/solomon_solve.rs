//! Solomon instances solved with a short, fixed iteration budget: every
//! answer passes the independent checker and stays within a gap bound of the
//! proven distance-only optimum (DIMACS convention).
//!
//! The bound is loose enough for a short dev-profile run: it catches a broken
//! engine, not small quality regressions — those are measured by
//! `benches/peers/routing_quality.py` (see `benches/peers/ROUTING.md`).

use carematch::control::{Never, Silent};
use carematch::formats::solomon::{self, Convention, FleetObjective};
use carematch::routing::{self, SolveOptions};

/// Gap bound in percent for the short budget below. With this budget and
/// seed the engine's first version lands at 0.00 % (C101, R101) and 1.21 %
/// (RC201); a construction-only answer is 5-15 % off. Runs are iteration-
/// bounded, hence identical in every build profile.
const GAP_BOUND: f64 = 3.0;
const ITERATIONS: u64 = 500;

fn data(path: &str) -> String {
    let p = format!("{}/data/solomon/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn optimum(name: &str) -> f64 {
    data("bks.csv")
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0] == name).then(|| f[4].parse::<f64>().expect("number"))
        })
        .expect("instance in bks.csv")
}

fn solve(
    name: &str,
    conv: Convention,
    objective: FleetObjective,
    iterations: u64,
) -> solomon::Check {
    let inst = solomon::parse(&data(&format!("instances/{name}.txt"))).expect("instance");
    let problem = solomon::to_problem(&inst, conv, objective);
    let options = SolveOptions {
        seed: 7,
        max_iterations: Some(iterations),
        initial: None,
    };
    let sol = routing::solve(&problem, &options, &mut Never, &mut Silent).expect("solve");
    let routes = solomon::routes_from_solution(&inst, &sol);
    solomon::check(&inst, &routes, conv)
}

#[test]
fn dimacs_distance_within_the_gap_bound() {
    for name in ["C101", "R101", "RC201"] {
        let c = solve(
            name,
            Convention::Dimacs,
            FleetObjective::Distance,
            ITERATIONS,
        );
        assert!(c.feasible, "{name}: {:?}", c.violations);
        let gap = 100.0 * (c.distance - optimum(name)) / optimum(name);
        eprintln!(
            "{name}: vehicles={} distance={:.1} gap={gap:.2} %",
            c.vehicles, c.distance
        );
        assert!(
            gap >= -1e-9,
            "{name}: below the proven optimum ({gap} %): checker or reader bug"
        );
        assert!(
            gap <= GAP_BOUND,
            "{name}: gap {gap:.2} % over {GAP_BOUND} %"
        );
    }
}

#[test]
fn exact_convention_and_fleet_objective_are_feasible_in_double_precision() {
    // R102 is one of the instances whose DIMACS optimum is infeasible in
    // double precision: the exact convention must still give a valid plan.
    for name in ["R102", "C201"] {
        let c = solve(
            name,
            Convention::Exact,
            FleetObjective::FleetThenDistance,
            200,
        );
        assert!(c.feasible, "{name}: {:?}", c.violations);
        let hier: usize = data("bks.csv")
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0] == name).then(|| f[7].parse().expect("number"))
            })
            .expect("row");
        assert!(
            c.vehicles <= hier + 2,
            "{name}: {} vehicles vs best {hier}",
            c.vehicles
        );
    }
}
