//! Time to a feasible plan on a synthetic county day.
//!
//! `cargo run --release -p carematch-benches --example engine_scale -- 2000 150 10`
//! (visits, workers, seconds).

use std::time::{Duration, Instant};

use carematch::control::{Observer, Progress};
use carematch::routing::{SolveOptions, solve_with_stats};
use carematch_benches::synthetic_rounds::county_day;

struct Log(Instant);
impl Observer for Log {
    fn on_improvement(&mut self, p: &Progress) {
        println!(
            "  {:>7.2}s iter {:>6} best {:?}",
            self.0.elapsed().as_secs_f64(),
            p.iteration,
            p.best_cost
        );
    }
}

fn main() {
    let a: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|s| s.parse().ok())
        .collect();
    let visits = a.first().copied().unwrap_or(2000.0) as usize;
    let workers = a.get(1).copied().unwrap_or(150.0) as usize;
    let secs = a.get(2).copied().unwrap_or(10.0);
    let t_gen = Instant::now();
    let p = county_day(visits, workers, 7);
    println!(
        "generated {visits} visits / {workers} workers in {:.2}s",
        t_gen.elapsed().as_secs_f64()
    );
    let t0 = Instant::now();
    let limit = Duration::from_secs_f64(secs);
    let mut stop = |_: &Progress| t0.elapsed() >= limit;
    let opts = SolveOptions {
        seed: 1,
        max_iterations: None,
        initial: None,
    };
    let (sol, stats) = solve_with_stats(&p, &opts, &mut stop, &mut Log(t0)).expect("solve");
    println!(
        "done in {:.2}s: iterations={} routes={} unassigned={} cost={:?}",
        t0.elapsed().as_secs_f64(),
        sol.iterations,
        sol.routes.len(),
        sol.unassigned.len(),
        sol.cost
    );
    for s in stats {
        println!(
            "  {:<15} evaluated={:>10} applied={:>7} improvement={}",
            s.name, s.evaluated, s.applied, s.improvement
        );
    }
}
