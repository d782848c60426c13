//! Trace of one rounds run on the sample day: every improvement of the best
//! plan with the elapsed time, iteration and objective (whose 10^7 digits
//! count unplanned can-move visits), and a progress line every ~2 s.
//!
//! `cargo run --release -p carematch-benches --example rounds_trace -- 2000 150 10`
//! (visits, workers, seconds).

use std::time::{Duration, Instant};

use carematch::control::{Observer, Progress};
use carematch::rounds::{PlanOptions, plan_rounds, sample_rounds};

struct Trace {
    t0: Instant,
    last: f64,
}

impl Observer for Trace {
    fn on_progress(&mut self, p: &Progress) {
        let t = self.t0.elapsed().as_secs_f64();
        if t - self.last >= 2.0 {
            self.last = t;
            eprintln!("t={t:.2} it={} best={:?}", p.iteration, p.best_cost);
        }
    }
    fn on_improvement(&mut self, p: &Progress) {
        let t = self.t0.elapsed().as_secs_f64();
        eprintln!(
            "t={t:.2} it={} improved best={:?}",
            p.iteration, p.best_cost
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
    let day = sample_rounds(visits, workers, 1);
    let t0 = Instant::now();
    let limit = Duration::from_secs_f64(secs);
    let mut stop = |_: &Progress| t0.elapsed() >= limit;
    let opts = PlanOptions {
        seed: 1,
        max_iterations: None,
    };
    let mut obs = Trace { t0, last: 0.0 };
    let plan = plan_rounds(&day, &opts, &mut stop, &mut obs).expect("plan");
    println!(
        "seconds={secs} wall={:.1} planned={} unplanned={}",
        t0.elapsed().as_secs_f64(),
        plan.summary.visits_planned,
        plan.summary.visits_unplanned
    );
}
