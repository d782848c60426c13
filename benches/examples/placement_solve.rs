//! Time of one placement solve on a scenario file, without the extra solves
//! that confirm nearest misses (`max_explain_resolves = 0`) and with them,
//! with the method line (flow solves, proven or the gap).
//!
//! ```text
//! carematch sample --people 1000 --households 300 --seed 1 -o county.json
//! cargo run --release -p carematch-benches --example placement_solve -- county.json 3
//! ```
//! (scenario file, repeats, and `plan` to skip the full run; prints the
//! median of each.)

use std::time::Instant;

use carematch::matching::{self, MatchConfig, Scenario};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: placement_solve SCENARIO.json [REPEATS]");
        std::process::exit(2);
    };
    let repeats: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3).max(1);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2);
    });
    let scenario: Scenario = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{path} is not a scenario: {e}");
        std::process::exit(2);
    });
    let mut plan_only = MatchConfig::default();
    plan_only.thresholds.max_explain_resolves = 0;
    let only_plan = args.get(2).is_some_and(|a| a == "plan");
    let runs = [("plan_only", plan_only), ("full", MatchConfig::default())];
    for (name, cfg) in runs.into_iter().take(if only_plan { 1 } else { 2 }) {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..repeats {
            let t = Instant::now();
            let r = matching::match_scenario(&scenario, &cfg);
            times.push(t.elapsed().as_secs_f64());
            last = Some(r);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        match last {
            Some(Ok(r)) => println!(
                "{name}: {median:.3} s median of {repeats}; placed={} objective={} proven={} gap={} method: {}",
                r.totals.placed, r.objective_value, r.proven_optimal, r.optimality_gap, r.method
            ),
            Some(Err(e)) => println!("{name}: error {e}"),
            None => {}
        }
    }
}
