//! A few Solomon instances with a short iteration budget: every plan is
//! re-checked here (capacity, windows, horizon, each customer once, distance
//! recomputed) and must be within a defensible gap of the proven optimum
//! (DIMACS convention: arcs truncated to one decimal, in tenths).

use carematch::control::{MaxIterations, Silent};
use carematch::routing::*;

fn data(rel: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/solomon")
        .join(rel);
    std::fs::read_to_string(p).expect("vendored Solomon data")
}

/// Test-only reader (the official one is `carematch::formats::solomon`).
fn read(name: &str) -> (RoutingProblem, Vec<Vec<i64>>) {
    let text = data(&format!("instances/{name}.txt"));
    let rows: Vec<Vec<i64>> = text
        .lines()
        .filter_map(|l| {
            l.split_whitespace()
                .map(|x| x.parse().ok())
                .collect::<Option<Vec<i64>>>()
        })
        .filter(|r| !r.is_empty())
        .collect();
    let fleet = rows.iter().find(|r| r.len() == 2).expect("fleet line");
    let cust: Vec<Vec<i64>> = rows.iter().filter(|r| r.len() == 7).cloned().collect();
    let size = cust.len();
    let mut d = vec![0; size * size];
    for i in 0..size {
        for j in 0..size {
            let (dx, dy) = (
                (cust[i][1] - cust[j][1]) as f64,
                (cust[i][2] - cust[j][2]) as f64,
            );
            d[i * size + j] = (10.0 * (dx * dx + dy * dy).sqrt()).floor() as i64;
        }
    }
    let vehicle = Vehicle {
        start_location: 0,
        end_location: Some(0),
        shift: Window {
            earliest: cust[0][4] * 10,
            latest: cust[0][5] * 10,
        },
        breaks: vec![],
        max_duration: None,
        capacity: fleet[1],
        profile: 0,
        fixed_cost: 0,
        cost_per_time: 0,
        overtime_cost: 0,
        overtime_after: None,
    };
    let jobs = (1..size)
        .map(|k| Job {
            location: k,
            duration: cust[k][6] * 10,
            windows: vec![Window {
                earliest: cust[k][4] * 10,
                latest: cust[k][5] * 10,
            }],
            soft_latest: false,
            max_lateness: None,
            demand: cust[k][3],
            allowed_vehicles: None,
            preferred_vehicles: vec![],
            unassigned_penalty: 1_000_000_000,
            pin: None,
        })
        .collect();
    let p = RoutingProblem {
        matrices: vec![TravelMatrix {
            size,
            duration: d.clone(),
            distance: d,
        }],
        jobs,
        vehicles: vec![vehicle; fleet[0] as usize],
        sync: vec![],
        objective: Objective::default(),
    };
    (p, cust)
}

fn optimum(name: &str) -> i64 {
    let csv = data("bks.csv");
    let line = csv
        .lines()
        .find(|l| l.starts_with(&format!("{name},")))
        .expect("listed");
    let v: f64 = line
        .split(',')
        .nth(4)
        .and_then(|x| x.parse().ok())
        .expect("opt_dist_dimacs");
    (v * 10.0).round() as i64
}

fn check(p: &RoutingProblem, cust: &[Vec<i64>], s: &RoutingSolution) -> i64 {
    let size = cust.len();
    let d = |a: usize, b: usize| p.matrices[0].distance[a * size + b];
    let mut seen = vec![false; size];
    let mut total = 0;
    for r in &s.routes {
        let (mut t, mut at, mut load) = (cust[0][4] * 10, 0usize, 0);
        for stop in &r.stops {
            let c = stop.job + 1;
            assert!(!seen[c], "customer {c} twice");
            seen[c] = true;
            total += d(at, c);
            t = (t + d(at, c)).max(cust[c][4] * 10);
            assert!(t <= cust[c][5] * 10, "customer {c} late");
            t += cust[c][6] * 10;
            load += cust[c][3];
            at = c;
        }
        total += d(at, 0);
        assert!(t + d(at, 0) <= cust[0][5] * 10, "back after the horizon");
        assert!(load <= p.vehicles[0].capacity, "over capacity");
    }
    assert!(seen[1..].iter().all(|&x| x), "a customer is unserved");
    assert_eq!(total, s.cost.distance);
    total
}

fn gap_after(name: &str, iterations: u64) -> f64 {
    let (p, cust) = read(name);
    let opts = SolveOptions {
        seed: 1,
        max_iterations: Some(iterations),
        initial: None,
    };
    let s = solve(&p, &opts, &mut MaxIterations(iterations), &mut Silent).expect("solves");
    let dist = check(&p, &cust, &s);
    let opt = optimum(name);
    assert!(
        dist >= opt,
        "{name}: {dist} beats the proven optimum {opt}: the check is wrong"
    );
    100.0 * (dist - opt) as f64 / opt as f64
}

#[test]
fn c101_reaches_the_optimum() {
    assert!(gap_after("C101", 100) < 0.5);
}

#[test]
fn r101_within_three_percent() {
    assert!(gap_after("R101", 300) < 3.0);
}

#[test]
fn rc201_within_five_percent() {
    assert!(gap_after("RC201", 300) < 5.0);
}
