//! Anytime curve of the rounds planner: visits planned against the time
//! budget on the sample county day (`carematch sample-rounds`), one
//! independent run per budget, each re-checked by the rounds checker.
//!
//! `cargo run --release -p carematch-benches --example rounds_anytime -- 2000 150 1 5 10 30 60`
//! (visits, workers, then budgets in seconds). Prints one line per budget:
//! `visits=… workers=… seconds=… wall=… cpu=… load=… planned=… double=… unplanned=… late=… feasible=…`
//! (`double`: double-handed visits planned, both carers at the same start).
//!
//! With `--cpu` (Linux) the budget is this process's CPU time rather than
//! wall time, which is the fairer clock on a shared, loaded machine; `load`
//! is the one-minute load average when the run ended.

use std::time::{Duration, Instant};

use carematch::control::{Progress, Silent};
use carematch::rounds::{PlanOptions, check::check_plan, plan_rounds, sample_rounds};

fn main() {
    let cpu_clock = std::env::args().any(|a| a == "--cpu");
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
        let c0 = cpu_seconds();
        let limit = Duration::from_secs_f64(b);
        let mut stop = |_: &Progress| {
            if cpu_clock {
                cpu_seconds() - c0 >= b
            } else {
                t0.elapsed() >= limit
            }
        };
        let opts = PlanOptions {
            seed: 1,
            max_iterations: None,
        };
        let plan = plan_rounds(&day, &opts, &mut stop, &mut Silent).expect("plan");
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - c0;
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let load = load.split_whitespace().next().unwrap_or("?").to_string();
        let ok = check_plan(&day, &plan).is_empty();
        let unplanned: std::collections::HashSet<&str> =
            plan.unplanned.iter().map(|u| u.visit.as_str()).collect();
        let double = day
            .visits
            .iter()
            .filter(|v| v.carers == 2 && !unplanned.contains(v.id.as_str()))
            .count();
        println!(
            "visits={visits} workers={workers} seconds={b} wall={wall:.1} cpu={cpu:.1} load={load} planned={} double={double} unplanned={} late={} feasible={ok}",
            plan.summary.visits_planned, plan.summary.visits_unplanned, plan.summary.late_visits
        );
    }
}

/// CPU time of this (single-threaded) process in seconds, from
/// `/proc/self/schedstat`; 0 where that file does not exist.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
