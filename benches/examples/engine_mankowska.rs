//! The routing engine on Mankowska et al. (2014) home-health-care instances
//! (double-handed and gap-linked visits, skills, soft windows), against the
//! best published solutions (Ceschia et al.). Objective
//! (distance + total tardiness + max tardiness) / 3; distances are scaled by
//! 1000 and truncated to integers, so costs differ from the paper's in the
//! third decimal. (The official reader and CLI are `carematch mankowska`.)
//!
//! `cargo run --release -p carematch-benches --example engine_mankowska -- 2 10_1 25_1 50_1`

use std::time::{Duration, Instant};

use carematch::control::Silent;
use carematch::routing::*;
use carematch_benches::data_dir;

const SCALE: f64 = 1000.0;

fn parse(text: &str) -> Option<RoutingProblem> {
    let mut sections: Vec<(String, Vec<f64>)> = Vec::new();
    for tok in text.split_whitespace() {
        match tok.parse::<f64>() {
            Ok(x) => sections.last_mut()?.1.push(x),
            Err(_) => sections.push((tok.to_string(), Vec::new())),
        }
    }
    let get = |k: &str| sections.iter().find(|s| s.0 == k).map(|s| s.1.clone());
    let nodes = *get("nbNodes")?.first()? as usize;
    let nv = *get("nbVehi")?.first()? as usize;
    let ns = *get("nbServi")?.first()? as usize;
    let (r, a, d, p) = (get("r")?, get("a")?, get("d")?, get("p")?);
    let (mind, maxd, e, l) = (get("mind")?, get("maxd")?, get("e")?, get("l")?);
    let size = nodes - 1; // the last node is the depot again
    let mut m = vec![0i64; size * size];
    for i in 0..size {
        for j in 0..size {
            m[i * size + j] = (d[i * nodes + j] * SCALE) as i64;
        }
    }
    let mut jobs = Vec::new();
    let mut sync = Vec::new();
    for i in 1..size {
        let mut mine = Vec::new();
        for s in 0..ns {
            if r[i * ns + s] > 0.5 {
                mine.push(jobs.len());
                jobs.push(Job {
                    location: i,
                    duration: (p[(i * nv) * ns + s] * SCALE) as i64,
                    windows: vec![Window {
                        earliest: (e[i] * SCALE) as i64,
                        latest: (l[i] * SCALE) as i64,
                    }],
                    soft_latest: true,
                    max_lateness: None,
                    demand: 0,
                    allowed_vehicles: Some((0..nv).filter(|&v| a[v * ns + s] > 0.5).collect()),
                    preferred_vehicles: vec![],
                    unassigned_penalty: 1 << 40,
                    pin: None,
                });
            }
        }
        if mine.len() == 2 {
            let kind = if maxd[i] == 0.0 {
                SyncKind::Simultaneous
            } else {
                SyncKind::Gap {
                    min: (mind[i] * SCALE) as i64,
                    max: (maxd[i] * SCALE) as i64,
                }
            };
            sync.push(SyncGroup {
                first: mine[0],
                second: mine[1],
                kind,
            });
        }
    }
    let vehicle = Vehicle {
        start_location: 0,
        end_location: Some(0),
        shift: Window {
            earliest: 0,
            latest: 1 << 40,
        },
        breaks: vec![],
        max_duration: None,
        capacity: i64::MAX,
        profile: 0,
        fixed_cost: 0,
        cost_per_time: 0,
        overtime_cost: 0,
        overtime_after: None,
    };
    Some(RoutingProblem {
        matrices: vec![TravelMatrix {
            size,
            duration: m.clone(),
            distance: m,
        }],
        jobs,
        vehicles: vec![vehicle; nv],
        sync,
        objective: Objective {
            distance: 1,
            travel_time: 0,
            waiting: 0,
            tardiness: 1,
            max_tardiness: 1,
            overtime: 0,
            continuity: 0,
        },
    })
}

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
        let Some(p) = parse(&text) else {
            println!("{name}: unreadable");
            continue;
        };
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
        let c = &sol.cost;
        let cost = (c.distance + c.tardiness + c.max_tardiness) as f64 / SCALE / 3.0;
        let bks: Option<f64> = best
            .lines()
            .find(|l| l.contains(&format!("{name}.json")))
            .and_then(|l| l.split('|').nth(5)?.trim().parse().ok());
        let gap = bks.map(|b| 100.0 * (cost - b) / b);
        println!(
            "{name:<26} cost={cost:>9.3} best={:>9.3} gap={:>6.2}% distance={:.3} total_tardiness={:.3} max_tardiness={:.3} unassigned={} iters={}",
            bks.unwrap_or(f64::NAN),
            gap.unwrap_or(f64::NAN),
            c.distance as f64 / SCALE,
            c.tardiness as f64 / SCALE,
            c.max_tardiness as f64 / SCALE,
            sol.unassigned.len(),
            sol.iterations
        );
        for u in &sol.unassigned {
            println!("  unplanned job {} {:?}", u.job, u.reasons);
        }
    }
}
