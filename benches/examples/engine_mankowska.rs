//! The routing engine on Mankowska et al. (2014) home-health-care instances
//! (double-handed and gap-linked visits, skills, soft windows), against the
//! best published solutions (Ceschia et al.). Objective
//! (distance + total tardiness + max tardiness) / 3; distances are scaled by
//! 1000 and truncated to integers in the engine. Instances are read, converted and checked by
//! `carematch::formats::mankowska`, the same code as `carematch mankowska`;
//! the cost printed is the independent checker's.
//!
//! `cargo run --release -p carematch-benches --example engine_mankowska -- 2 10_1 25_1 50_1`

use std::time::{Duration, Instant};

use carematch::control::Silent;
use carematch::formats::mankowska;
use carematch::routing::{SolveOptions, solve};
use carematch_benches::data_dir;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let secs: f64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let dir = data_dir().join("mankowska");
    let best = std::fs::read_to_string(dir.join("best-ceschia2024.md")).unwrap_or_default();
    for key in &args[1.min(args.len())..] {
        let file = ["InstanzCPLEX_HCSRP_", "InstanzVNS_HCSRP_"]
            .iter()
            .map(|p| format!("{p}{key}"))
            .find(|f| dir.join(format!("instances-txt/{f}.txt")).exists());
        let Some(name) = file else { continue };
        let text = std::fs::read_to_string(dir.join(format!("instances-txt/{name}.txt")))
            .unwrap_or_default();
        let Ok(inst) = mankowska::parse(&text) else {
            println!("{name}: unreadable");
            continue;
        };
        let p = mankowska::to_problem(&inst);
        let t0 = Instant::now();
        let limit = Duration::from_secs_f64(secs);
        let mut stop = |_: &carematch::control::Progress| t0.elapsed() >= limit;
        let sol = solve(
            &p,
            &SolveOptions {
                seed: 1,
                max_iterations: None,
                initial: None,
            },
            &mut stop,
            &mut Silent,
        )
        .expect("solve");
        let check = mankowska::check(&inst, &mankowska::solution_from_routing(&inst, &sol));
        let cost = check.cost;
        let bks: Option<f64> = best
            .lines()
            .find(|l| l.contains(&format!("{name}.json")))
            .and_then(|l| l.split('|').nth(5)?.trim().parse().ok());
        let gap = bks.map(|b| 100.0 * (cost - b) / b);
        println!(
            "{name:<26} cost={cost:>9.3} best={:>9.3} gap={:>6.2}% distance={:.3} total_tardiness={:.3} max_tardiness={:.3} feasible={} unassigned={} iters={}",
            bks.unwrap_or(f64::NAN),
            gap.unwrap_or(f64::NAN),
            check.distance,
            check.total_tardiness,
            check.max_tardiness,
            check.feasible,
            sol.unassigned.len(),
            sol.iterations
        );
        for u in &sol.unassigned {
            println!("  unplanned job {} {:?}", u.job, u.reasons);
        }
    }
}
