//! Anytime curve of the rounds planner: visits planned against the time
//! budget on the sample county day (`carematch sample-rounds`), one
//! independent run per budget, each re-checked by the rounds checker.
//!
//! `cargo run --release -p carematch-benches --example rounds_anytime -- 2000 150 1 5 10 30 60`
//! (visits, workers, then budgets in seconds). Prints one line per budget:
//! `visits=… workers=… seconds=… planned=… unplanned=… late=… feasible=…`.

use std::time::{Duration, Instant};

use carematch::control::{Progress, Silent};
use carematch::rounds::{PlanOptions, check::check_plan, plan_rounds, sample_rounds};

fn main() {
    let a: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|s| s.parse().ok())
        .collect();
    let visits = a.first().copied().unwrap_or(1000.0) as usize;
    let workers = a.get(1).copied().unwrap_or(100.0) as usize;
    let budgets: Vec<f64> = if a.len() > 2 {
        a[2..].to_vec()
    } else {
        vec![1.0, 5.0, 10.0]
    };
    let day = sample_rounds(visits, workers, 1);
    for b in budgets {
        let t0 = Instant::now();
        let limit = Duration::from_secs_f64(b);
        let mut stop = |_: &Progress| t0.elapsed() >= limit;
        let opts = PlanOptions {
            seed: 1,
            max_iterations: None,
        };
        let plan = plan_rounds(&day, &opts, &mut stop, &mut Silent).expect("plan");
        let wall = t0.elapsed().as_secs_f64();
        let ok = check_plan(&day, &plan).is_empty();
        println!(
            "visits={visits} workers={workers} seconds={b} wall={wall:.1} planned={} unplanned={} late={} feasible={ok}",
            plan.summary.visits_planned, plan.summary.visits_unplanned, plan.summary.late_visits
        );
    }
}
