//! A synthetic homecare day for the engine's scale measurements: visits
//! scattered over a county, workers on day and evening shifts with a break,
//! skills as allowed-worker sets, continuity preferences and a share of
//! double-handed visits. (The official generator is `carematch
//! sample-rounds`; this one only feeds the engine benches.)

use carematch::rng::Rng;
use carematch::routing::{
    Break, Job, Objective, RoutingProblem, SyncGroup, SyncKind, TravelMatrix, Vehicle, Window,
};

/// Builds a problem with `visits` jobs (a tenth of them in double-handed
/// pairs) and `workers` vehicles. Times in minutes, distances in metres.
pub fn county_day(visits: usize, workers: usize, seed: u64) -> RoutingProblem {
    let mut r = Rng::new(seed);
    // Clients cluster around towns.
    let towns: Vec<(f64, f64)> = (0..12)
        .map(|_| (r.unit() * 40_000.0, r.unit() * 40_000.0))
        .collect();
    let mut pts = Vec::new();
    for _ in 0..workers {
        let t = towns[r.index(towns.len())];
        pts.push((t.0 + r.normal() * 2_000.0, t.1 + r.normal() * 2_000.0));
    }
    for _ in 0..visits {
        let t = towns[r.index(towns.len())];
        pts.push((t.0 + r.normal() * 3_000.0, t.1 + r.normal() * 3_000.0));
    }
    let size = pts.len();
    let mut dist = vec![0i64; size * size];
    let mut dur = vec![0i64; size * size];
    for i in 0..size {
        for j in 0..size {
            let (dx, dy) = (pts[i].0 - pts[j].0, pts[i].1 - pts[j].1);
            let d = (dx * dx + dy * dy).sqrt() * 1.3;
            dist[i * size + j] = d as i64;
            dur[i * size + j] = (d / 500.0).ceil() as i64; // 30 km/h
        }
    }
    let skilled: Vec<usize> = (0..workers).filter(|_| r.chance(0.4)).collect();
    let vehicles: Vec<Vehicle> = (0..workers)
        .map(|w| {
            let (s, e) = match w % 20 {
                0..=6 => (7 * 60, 14 * 60 + 30),
                7..=11 => (9 * 60, 16 * 60 + 30),
                _ => (14 * 60 + 30, 22 * 60),
            };
            Vehicle {
                start_location: w,
                end_location: Some(w),
                shift: Window {
                    earliest: s,
                    latest: e,
                },
                breaks: vec![Break {
                    window: Window {
                        earliest: s + 180,
                        latest: s + 300,
                    },
                    duration: 30,
                }],
                max_duration: Some(8 * 60),
                capacity: i64::MAX,
                profile: 0,
                fixed_cost: 0,
                cost_per_time: 0,
                overtime_cost: 0,
                overtime_after: Some(7 * 60),
            }
        })
        .collect();
    let mut jobs = Vec::new();
    for k in 0..visits {
        let slot = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4][r.index(20)]; // morning, lunch, tea, evening, flexible
        let windows = match slot {
            0 => vec![Window {
                earliest: 7 * 60,
                latest: 11 * 60,
            }],
            1 => vec![Window {
                earliest: 11 * 60,
                latest: 14 * 60,
            }],
            2 => vec![Window {
                earliest: 15 * 60 + 30,
                latest: 18 * 60,
            }],
            3 => vec![Window {
                earliest: 19 * 60,
                latest: 21 * 60 + 30,
            }],
            _ => vec![
                Window {
                    earliest: 9 * 60,
                    latest: 11 * 60,
                },
                Window {
                    earliest: 14 * 60,
                    latest: 16 * 60,
                },
            ],
        };
        let allowed = r.chance(0.2).then(|| skilled.clone());
        let preferred = (0..1 + r.index(2)).map(|_| r.index(workers)).collect();
        jobs.push(Job {
            location: workers + k,
            duration: [15, 15, 20, 30, 30][r.index(5)],
            windows,
            soft_latest: false,
            max_lateness: None,
            demand: 0,
            allowed_vehicles: allowed,
            preferred_vehicles: preferred,
            unassigned_penalty: if r.chance(0.3) { 10_000_000 } else { 1_000_000 },
            pin: None,
        });
    }
    // A tenth of the visits are double-handed: pair consecutive jobs, both at
    // the first one's place and time.
    let mut sync = Vec::new();
    let pairs = visits / 20;
    for p in 0..pairs {
        let (a, b) = (2 * p, 2 * p + 1);
        jobs[b].location = jobs[a].location;
        jobs[b].windows = jobs[a].windows.clone();
        jobs[b].duration = jobs[a].duration;
        sync.push(SyncGroup {
            first: a,
            second: b,
            kind: SyncKind::Simultaneous,
        });
    }
    RoutingProblem {
        matrices: vec![TravelMatrix {
            size,
            duration: dur,
            distance: dist,
        }],
        jobs,
        vehicles,
        sync,
        objective: Objective {
            distance: 0,
            travel_time: 10,
            waiting: 2,
            tardiness: 0,
            max_tardiness: 0,
            overtime: 20,
            continuity: 50,
        },
    }
}
