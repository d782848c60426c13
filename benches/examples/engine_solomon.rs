//! Gap of the routing engine to the proven Solomon optima (DIMACS
//! convention, distance only), single-threaded, per time budget.
//!
//! `cargo run --release -p carematch-benches --example engine_solomon -- 1 10`
//! (budgets in seconds; optional `--only C101,R101`, `--seed N`,
//! `--fleet-then-distance`: gaps are then still against the distance optimum).

use std::time::{Duration, Instant};

use carematch::control::Silent;
use carematch::formats::solomon::{self, Convention, FleetObjective};
use carematch::routing::{SolveOptions, solve};
use carematch_benches::data_dir;
use carematch_benches::solomon_quick::optimum;

const SET: [&str; 12] = [
    "C101", "C201", "R101", "R102", "R201", "R202", "RC101", "RC102", "RC201", "RC202", "R112",
    "RC208",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut budgets: Vec<f64> = Vec::new();
    let mut only: Option<Vec<String>> = None;
    let mut seed = 1u64;
    let mut objective = FleetObjective::Distance;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only = it.next().map(|s| s.split(',').map(String::from).collect()),
            "--seed" => seed = it.next().and_then(|s| s.parse().ok()).unwrap_or(1),
            "--fleet-then-distance" => objective = FleetObjective::FleetThenDistance,
            x => budgets.extend(x.parse::<f64>().ok()),
        }
    }
    if budgets.is_empty() {
        budgets = vec![1.0, 10.0];
    }
    let dir = data_dir().join("solomon");
    let bks = std::fs::read_to_string(dir.join("bks.csv")).unwrap_or_default();
    for &b in &budgets {
        let mut gaps = Vec::new();
        for name in SET {
            if only.as_ref().is_some_and(|o| !o.iter().any(|x| x == name)) {
                continue;
            }
            let text = std::fs::read_to_string(dir.join(format!("instances/{name}.txt")))
                .unwrap_or_default();
            // The same reader and DIMACS convention (tenths) as `carematch solomon`.
            let Ok(inst) = solomon::parse(&text) else {
                continue;
            };
            let p = solomon::to_problem(&inst, Convention::Dimacs, objective);
            let Some((opt, opt_v)) = optimum(&bks, name) else {
                continue;
            };
            let t0 = Instant::now();
            let limit = Duration::from_secs_f64(b);
            let mut stop = |_: &carematch::control::Progress| t0.elapsed() >= limit;
            let opts = SolveOptions {
                seed,
                max_iterations: None,
                initial: None,
            };
            let sol = solve(&p, &opts, &mut stop, &mut Silent).expect("solve");
            let feasible = sol.unassigned.is_empty();
            let gap = 100.0 * (sol.cost.distance - opt) as f64 / opt as f64;
            gaps.push(gap);
            println!(
                "{b:>5}s {name:<6} dist={:>8.1} opt={:>7.1} gap={gap:>6.2}% vehicles={} (opt {opt_v}) iters={} feasible={feasible}",
                sol.cost.distance as f64 / 10.0,
                opt as f64 / 10.0,
                sol.cost.vehicles_used,
                sol.iterations
            );
        }
        let mean = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
        println!("{b:>5}s MEAN gap={mean:.2}% over {} instances", gaps.len());
    }
}
