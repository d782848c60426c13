//! The bridge between carematch's sample county day and other routing
//! solvers, for `benches/peers/rounds_anytime_peers.py`.
//!
//! * `rounds_peers export VISITS WORKERS SEED OUT.json` writes the day as
//!   the engine sees it ([`carematch::rounds::engine::EngineDay`]: jobs,
//!   worker shifts as vehicles, travel matrices, double-handed pairs, and
//!   the visit behind each job).
//! * `rounds_peers check VISITS WORKERS SEED ROUTES.json` reads another
//!   solver's job sequences (`{"routes": [[job, …] per vehicle]}`) and
//!   prints one line:
//!   `relaxed=… planned=… double=… dropped=… feasible=…`.
//!   - `relaxed`: visits whose every job is kept when the sequences are cut
//!     back to carematch's timing rules *without* synchronisation (the two
//!     carers of a double-handed visit need not arrive together): what the
//!     peer planned on the relaxed day.
//!   - `planned` / `double`: visits (double-handed ones) kept when the cut
//!     also requires both carers to start together, scheduled by
//!     carematch's rules and then checked by the independent rounds
//!     checker (`feasible`).
//!   - `dropped`: jobs the strict cut removed.

use std::collections::{HashMap, HashSet};

use carematch::rounds::engine::{engine_problem, plan_from_routes};
use carematch::rounds::{check::check_plan, sample_rounds};
use carematch::routing::feasible_routes;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |k: usize| -> usize {
        args.get(k)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| usage())
    };
    let (visits, workers, seed) = (num(1), num(2), num(3) as u64);
    let path = args.get(4).unwrap_or_else(|| usage());
    let day = sample_rounds(visits, workers, seed);
    let engine = engine_problem(&day).expect("the sample day validates");
    match args[0].as_str() {
        "export" => {
            let json = serde_json::to_string(&engine).expect("serialisable");
            std::fs::write(path, json).expect("write the export");
        }
        "check" => {
            let text = std::fs::read_to_string(path).expect("read the routes");
            let v: serde_json::Value = serde_json::from_str(&text).expect("routes JSON");
            let routes: Vec<Vec<usize>> = v["routes"]
                .as_array()
                .expect("a routes array")
                .iter()
                .map(|r| {
                    r.as_array()
                        .expect("a route is an array of jobs")
                        .iter()
                        .filter_map(|j| j.as_u64().map(|j| j as usize))
                        .collect()
                })
                .collect();
            // Visits whose every job is in `kept`.
            let mut jobs_of: HashMap<&str, Vec<usize>> = HashMap::new();
            for (j, (visit, _)) in engine.jobs.iter().enumerate() {
                jobs_of.entry(visit.as_str()).or_default().push(j);
            }
            let whole = |kept: &[Vec<usize>]| -> usize {
                let set: HashSet<usize> = kept.iter().flatten().copied().collect();
                jobs_of
                    .values()
                    .filter(|js| js.iter().all(|j| set.contains(j)))
                    .count()
            };
            let mut relaxed = engine.problem.clone();
            relaxed.sync.clear();
            let loose = feasible_routes(&relaxed, &routes).expect("relaxed problem");
            let strict = feasible_routes(&engine.problem, &routes).expect("problem");
            let given: usize = routes.iter().map(Vec::len).sum();
            let kept: usize = strict.iter().map(Vec::len).sum();
            let plan = plan_from_routes(&day, &strict).expect("plan");
            let ok = check_plan(&day, &plan).is_empty();
            let unplanned: HashSet<&str> =
                plan.unplanned.iter().map(|u| u.visit.as_str()).collect();
            let double = day
                .visits
                .iter()
                .filter(|v| v.carers == 2 && !unplanned.contains(v.id.as_str()))
                .count();
            println!(
                "relaxed={} planned={} double={double} dropped={} feasible={ok}",
                whole(&loose),
                plan.summary.visits_planned,
                given - kept
            );
        }
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!("usage: rounds_peers export|check VISITS WORKERS SEED FILE");
    std::process::exit(2)
}
