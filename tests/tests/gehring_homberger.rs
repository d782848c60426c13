//! A real Gehring & Homberger file (C1_2_1, 200 customers): the Solomon
//! reader takes it, the independent checker reproduces the published
//! solution's cost, and a short engine run gives a feasible plan within a
//! defensible gap of that solution.

use carematch::control::{Never, Silent};
use carematch::formats::solomon::{self, Convention, FleetObjective};
use carematch::routing::{self, SolveOptions};

fn data(name: &str) -> String {
    let p = format!(
        "{}/data/gehring-homberger/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

#[test]
fn published_solution_checks_with_its_cost() {
    let inst = solomon::parse(&data("C1_2_1.txt")).expect("instance");
    assert_eq!(inst.customers.len(), 201, "depot + 200 customers");
    let (routes, cost) = solomon::parse_solution(&data("C1_2_1.sol")).expect("solution");
    let cost = cost.expect("the file states its cost");
    let check = solomon::check(&inst, &routes, Convention::Dimacs);
    assert!(check.feasible, "{:?}", check.violations);
    assert_eq!(check.vehicles, 20);
    assert!(
        (check.distance - cost).abs() < 1e-6,
        "{} vs {cost}",
        check.distance
    );
}

#[test]
fn short_run_is_feasible_and_close() {
    let inst = solomon::parse(&data("C1_2_1.txt")).expect("instance");
    let (_, best) = solomon::parse_solution(&data("C1_2_1.sol")).expect("solution");
    let best = best.expect("cost");
    let problem = solomon::to_problem(&inst, Convention::Dimacs, FleetObjective::Distance);
    let options = SolveOptions {
        seed: 3,
        max_iterations: Some(150),
        initial: None,
    };
    let sol = routing::solve(&problem, &options, &mut Never, &mut Silent).expect("solve");
    assert!(sol.unassigned.is_empty(), "{:?}", sol.unassigned);
    let check = solomon::check(
        &inst,
        &solomon::routes_from_solution(&inst, &sol),
        Convention::Dimacs,
    );
    assert!(check.feasible, "{:?}", check.violations);
    // Clustered instances are easy: a short run must be within 5 % of the
    // best-known solution (it catches a broken reader or engine, not small
    // quality changes, which the quality harness measures).
    let gap = 100.0 * (check.distance - best) / best;
    assert!(gap < 5.0, "gap {gap:.2} % ({} vs {best})", check.distance);
}
