//! The independent Solomon checker agrees with the published optimal
//! solutions: all 56 are feasible under the DIMACS convention with exactly
//! the published cost, and exactly the 8 listed in the data README become
//! infeasible in double precision.

use carematch::formats::solomon::{self, Convention};

fn data(path: &str) -> String {
    let p = format!("{}/data/solomon/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

#[test]
fn published_optima_check_out_under_both_conventions() {
    let csv = data("bks.csv");
    let mut infeasible_exact = Vec::new();
    let mut rows = 0;
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let name = f[0];
        let vehicles: usize = f[3].parse().unwrap();
        let cost: f64 = f[4].parse().unwrap();
        let exact: f64 = f[5].parse().unwrap();
        let inst = solomon::parse(&data(&format!("instances/{name}.txt"))).unwrap();
        assert_eq!(inst.customers.len(), 101, "{name}");
        let (routes, file_cost) =
            solomon::parse_solution(&data(&format!("bks-cvrplib-solutions/{name}.sol"))).unwrap();
        let d = solomon::check(&inst, &routes, Convention::Dimacs);
        assert!(d.feasible, "{name}: {:?}", d.violations);
        assert_eq!(d.vehicles, vehicles, "{name}");
        assert!(
            (d.distance - cost).abs() < 1e-6,
            "{name}: {} vs {cost}",
            d.distance
        );
        assert!((file_cost.unwrap() - cost).abs() < 1e-9);
        let e = solomon::check(&inst, &routes, Convention::Exact);
        assert!(
            (e.distance - exact).abs() < 1e-3,
            "{name}: {} vs {exact}",
            e.distance
        );
        if !e.feasible {
            infeasible_exact.push(name.to_string());
        }
        rows += 1;
    }
    assert_eq!(rows, 56);
    assert_eq!(
        infeasible_exact,
        [
            "R102", "R105", "R107", "R108", "R112", "R211", "RC101", "RC105"
        ]
    );
}

#[test]
fn checker_catches_broken_solutions() {
    let inst = solomon::parse(&data("instances/C101.txt")).unwrap();
    let (routes, _) = solomon::parse_solution(&data("bks-cvrplib-solutions/C101.sol")).unwrap();
    // A customer served twice and another missing.
    let mut r = routes.clone();
    r[0][0] = r[1][0];
    let c = solomon::check(&inst, &r, Convention::Dimacs);
    assert!(!c.feasible);
    assert!(
        c.violations.iter().any(|v| v.contains("served 2 times")),
        "{:?}",
        c.violations
    );
    assert!(c.violations.iter().any(|v| v.contains("served 0 times")));
    // Reversing a route breaks its time windows.
    let mut r = routes.clone();
    r[0].reverse();
    assert!(!solomon::check(&inst, &r, Convention::Dimacs).feasible);
    // Merging two full routes breaks capacity.
    let mut r = routes;
    let second = r.remove(1);
    r[0].extend(second);
    let c = solomon::check(&inst, &r, Convention::Dimacs);
    assert!(
        c.violations.iter().any(|v| v.contains("capacity")),
        "{:?}",
        c.violations
    );
}

#[test]
fn conversion_keeps_the_convention() {
    let inst = solomon::parse(&data("instances/R101.txt")).unwrap();
    let p = solomon::to_problem(&inst, Convention::Dimacs, solomon::FleetObjective::Distance);
    assert_eq!(p.jobs.len(), 100);
    assert_eq!(p.vehicles.len(), 25);
    // R101 customer 1 is at (41, 49), the depot at (35, 35): d = 15.23 → 152 tenths.
    assert_eq!(p.matrices[0].time(0, 1), 152);
    assert_eq!(
        p.jobs[0].windows[0].earliest,
        10 * inst.customers[1].ready as i64
    );
    let p = solomon::to_problem(
        &inst,
        Convention::Exact,
        solomon::FleetObjective::FleetThenDistance,
    );
    assert_eq!(p.matrices[0].time(0, 1), 152_316);
    assert_eq!(p.matrices[0].dist(0, 1), 152_315);
    assert!(p.vehicles[0].fixed_cost > 0);
}
