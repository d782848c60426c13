//! Property tests of the routing engine on small generated problems. Every
//! returned plan is re-checked here by a deliberately plain re-evaluation
//! (not the engine's own code): windows, shifts, breaks, capacities,
//! allowed vehicles, synchronisation, each job once, reasons for every
//! unplanned job, determinism, and pins kept when starting from a plan.

use carematch::control::{MaxIterations, Silent};
use carematch::rng::Rng;
use carematch::routing::*;
use proptest::prelude::*;

fn gen_problem(seed: u64, with_sync: bool) -> RoutingProblem {
    let mut r = Rng::new(seed);
    let n = 3 + r.index(10);
    let m = 1 + r.index(4);
    let size = n + 2;
    let pts: Vec<(i64, i64)> = (0..size)
        .map(|_| (r.range_i64(0, 40), r.range_i64(0, 40)))
        .collect();
    let mut d = vec![0; size * size];
    for i in 0..size {
        for j in 0..size {
            let (dx, dy) = ((pts[i].0 - pts[j].0) as f64, (pts[i].1 - pts[j].1) as f64);
            d[i * size + j] = (dx * dx + dy * dy).sqrt().round() as i64;
        }
    }
    let horizon = 400;
    let mut jobs = Vec::new();
    for k in 0..n {
        let nw = r.index(3);
        let mut windows = Vec::new();
        let mut t = r.range_i64(0, 100);
        for _ in 0..nw {
            let len = r.range_i64(5, 80);
            windows.push(Window {
                earliest: t,
                latest: t + len,
            });
            t += len + r.range_i64(10, 100);
        }
        let allowed = if r.chance(0.3) {
            let mut a: Vec<usize> = (0..m).filter(|_| r.chance(0.6)).collect();
            a.sort_unstable();
            Some(a)
        } else {
            None
        };
        let preferred = if r.chance(0.3) {
            vec![r.index(m)]
        } else {
            vec![]
        };
        jobs.push(Job {
            location: 2 + k,
            duration: r.range_i64(0, 30),
            windows,
            soft_latest: r.chance(0.2),
            max_lateness: if r.chance(0.5) {
                Some(r.range_i64(0, 40))
            } else {
                None
            },
            demand: r.range_i64(0, 4),
            allowed_vehicles: allowed,
            preferred_vehicles: preferred,
            unassigned_penalty: if r.chance(0.2) { 100 } else { 100_000 },
            pin: None,
        });
    }
    let vehicles = (0..m)
        .map(|_| {
            let s = r.range_i64(0, 60);
            let e = s + r.range_i64(150, 340);
            let breaks = if r.chance(0.4) {
                let bs = r.range_i64(s, e - 40);
                vec![Break {
                    window: Window {
                        earliest: bs,
                        latest: bs + r.range_i64(0, 60),
                    },
                    duration: r.range_i64(5, 30),
                }]
            } else {
                vec![]
            };
            Vehicle {
                start_location: r.index(2),
                end_location: if r.chance(0.8) {
                    Some(r.index(2))
                } else {
                    None
                },
                shift: Window {
                    earliest: s,
                    latest: e.min(horizon),
                },
                breaks,
                max_duration: if r.chance(0.3) {
                    Some(r.range_i64(100, 300))
                } else {
                    None
                },
                capacity: r.range_i64(3, 20),
                profile: r.index(2),
                fixed_cost: r.range_i64(0, 50),
                cost_per_time: r.range_i64(0, 2),
                overtime_cost: r.range_i64(0, 3),
                overtime_after: if r.chance(0.3) { Some(120) } else { None },
            }
        })
        .collect();
    let mut sync = Vec::new();
    if with_sync && n >= 4 {
        let pairs = 1 + r.index(2);
        let mut free: Vec<usize> = (0..n).collect();
        r.shuffle(&mut free);
        for k in 0..pairs {
            let (a, b) = (free[2 * k], free[2 * k + 1]);
            let kind = if r.chance(0.6) {
                SyncKind::Simultaneous
            } else {
                let min = r.range_i64(0, 30);
                SyncKind::Gap {
                    min,
                    max: min + r.range_i64(0, 60),
                }
            };
            sync.push(SyncGroup {
                first: a,
                second: b,
                kind,
            });
        }
    }
    RoutingProblem {
        matrices: vec![
            TravelMatrix {
                size,
                duration: d.clone(),
                distance: d.clone(),
            },
            // A slower profile (walking): twice the time, same distance.
            TravelMatrix {
                size,
                duration: d.iter().map(|x| 2 * x).collect(),
                distance: d,
            },
        ],
        jobs,
        vehicles,
        sync,
        objective: Objective {
            distance: 1,
            travel_time: 0,
            waiting: 1,
            tardiness: 5,
            max_tardiness: 3,
            overtime: 2,
            continuity: 7,
        },
    }
}

/// Plain re-check of a plan; returns a description of the first problem.
fn check(p: &RoutingProblem, s: &RoutingSolution) -> Result<(), String> {
    let n = p.jobs.len();
    let mut seen = vec![0usize; n];
    let mut start = vec![None; n];
    let mut vehicle_of = vec![None; n];
    let mut used = vec![false; p.vehicles.len()];
    for route in &s.routes {
        let v = route.vehicle;
        if used[v] {
            return Err(format!("vehicle {v} has two routes"));
        }
        used[v] = true;
        let veh = &p.vehicles[v];
        let mx = &p.matrices[veh.profile];
        let tt = |a: usize, b: usize| mx.duration[a * mx.size + b];
        let dd = |a: usize, b: usize| mx.distance[a * mx.size + b];
        if route.departure < veh.shift.earliest {
            return Err(format!("vehicle {v} leaves before its shift"));
        }
        let mut t = route.departure;
        let mut loc = veh.start_location;
        let mut load = 0;
        let mut dist = 0;
        let mut taken = vec![false; veh.breaks.len()];
        // The breaks of gap `k` (before stop `k`, or after the last stop for
        // `k` = stops), from the previous service's end `t`: the first `p`
        // are taken before leaving (one after the other, from `t`), then
        // the travel of `travel`, then the others on arrival. Returns the
        // arrival and the time the gap ends (ready for the next service).
        let gap = |k: usize,
                   t: i64,
                   travel: i64,
                   p: usize,
                   taken: &mut Vec<bool>|
         -> Result<(i64, i64), String> {
            let mut bs: Vec<&ScheduledBreak> =
                route.breaks.iter().filter(|b| b.before == k).collect();
            bs.sort_by_key(|b| b.start);
            let mut clock = t;
            let mut arrival = None;
            for (i, b) in bs.iter().enumerate() {
                if i == p {
                    arrival = Some(clock + travel);
                    clock += travel;
                }
                let def = veh.breaks.get(b.index).ok_or("unknown break")?;
                if taken[b.index] {
                    return Err("break taken twice".into());
                }
                taken[b.index] = true;
                if b.start < clock || b.start < def.window.earliest || b.start > def.window.latest {
                    return Err(format!(
                        "vehicle {v} break {} at {} outside window or overlapping",
                        b.index, b.start
                    ));
                }
                clock = b.start + def.duration;
            }
            let arrival = arrival.unwrap_or_else(|| {
                clock += travel;
                clock
            });
            Ok((arrival, clock))
        };
        // How many of gap `k`'s breaks start before `arrival` (taken before
        // leaving).
        let before_leaving = |k: usize, arrival: i64| {
            route
                .breaks
                .iter()
                .filter(|b| b.before == k && b.start < arrival)
                .count()
        };
        for (k, stop) in route.stops.iter().enumerate() {
            let j = stop.job;
            let job = &p.jobs[j];
            seen[j] += 1;
            vehicle_of[j] = Some(v);
            let travel = tt(loc, job.location);
            dist += dd(loc, job.location);
            let p = before_leaving(k, stop.arrival);
            let (arrival, ready) = gap(k, t, travel, p, &mut taken)?;
            if stop.arrival != arrival {
                return Err(format!("job {j}: arrival {} != {arrival}", stop.arrival));
            }
            if stop.start < ready {
                return Err(format!(
                    "job {j} starts at {} before ready {ready}",
                    stop.start
                ));
            }
            if let Some(a) = &job.allowed_vehicles
                && !a.contains(&v)
            {
                return Err(format!("job {j} on disallowed vehicle {v}"));
            }
            if let Some(pin) = job.pin
                && (pin.vehicle != v || pin.start.is_some_and(|ps| ps != stop.start))
            {
                return Err(format!("pinned job {j} moved"));
            }
            let inside = job.windows.is_empty()
                || job
                    .windows
                    .iter()
                    .any(|w| w.earliest <= stop.start && stop.start <= w.latest);
            let late_ok = job.soft_latest
                && job
                    .windows
                    .first()
                    .is_some_and(|w| stop.start >= w.earliest)
                && job.max_lateness.is_none_or(|cap| {
                    job.windows
                        .last()
                        .is_none_or(|w| stop.start <= w.latest + cap)
                });
            if !inside && !late_ok && job.pin.and_then(|p| p.start).is_none() {
                return Err(format!(
                    "job {j} starts at {} outside its windows",
                    stop.start
                ));
            }
            start[j] = Some(stop.start);
            load += job.demand;
            t = stop.start + job.duration;
            loc = job.location;
        }
        let home = veh.end_location.map_or(0, |e| tt(loc, e));
        if let Some(e) = veh.end_location {
            dist += dd(loc, e);
        }
        // The last gap: some breaks may come before the way home, the others
        // after it; one split must give the reported return.
        let k = route.stops.len();
        let n_end = route.breaks.iter().filter(|b| b.before == k).count();
        let mut result = Err(format!("vehicle {v} breaks at the end do not fit"));
        for p in 0..=n_end {
            let mut try_taken = taken.clone();
            if let Ok((_, end)) = gap(k, t, home, p, &mut try_taken) {
                if end == route.arrival || result.is_err() {
                    result = Ok((end, try_taken));
                }
                if end == route.arrival {
                    break;
                }
            }
        }
        let (end, now_taken) = result?;
        t = end;
        taken = now_taken;
        if taken.iter().any(|x| !x) {
            return Err(format!("vehicle {v} skipped a break"));
        }
        if route.arrival != t {
            return Err(format!("vehicle {v} arrival {} != {t}", route.arrival));
        }
        if t > veh.shift.latest {
            return Err(format!("vehicle {v} ends at {t} after shift end"));
        }
        if veh.max_duration.is_some_and(|md| t - route.departure > md) {
            return Err(format!("vehicle {v} exceeds max duration"));
        }
        if load > veh.capacity {
            return Err(format!("vehicle {v} over capacity"));
        }
        if dist != route.distance {
            return Err(format!("vehicle {v} distance {} != {dist}", route.distance));
        }
    }
    for u in &s.unassigned {
        seen[u.job] += 1;
        if u.reasons.is_empty() {
            return Err(format!("job {} unplanned without reasons", u.job));
        }
    }
    if let Some(j) = (0..n).find(|&j| seen[j] != 1) {
        return Err(format!("job {j} appears {} times", seen[j]));
    }
    for g in &p.sync {
        match (start[g.first], start[g.second]) {
            (Some(a), Some(b)) => {
                if vehicle_of[g.first] == vehicle_of[g.second] {
                    return Err("sync pair on one vehicle".into());
                }
                let ok = match g.kind {
                    SyncKind::Simultaneous => a == b,
                    SyncKind::Gap { min, max } => b - a >= min && b - a <= max,
                };
                if !ok {
                    return Err(format!(
                        "sync pair {}/{} misaligned: {a} vs {b}",
                        g.first, g.second
                    ));
                }
            }
            (None, None) => {}
            _ => return Err("sync pair half planned".into()),
        }
    }
    Ok(())
}

fn run(p: &RoutingProblem, seed: u64, initial: Option<RoutingSolution>) -> RoutingSolution {
    let opts = SolveOptions {
        seed,
        max_iterations: Some(40),
        initial,
    };
    solve(p, &opts, &mut MaxIterations(40), &mut Silent).expect("valid problem")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn plans_are_feasible_and_complete(seed in any::<u64>(), sync in any::<bool>()) {
        let p = gen_problem(seed, sync);
        let s = run(&p, seed, None);
        prop_assert_eq!(check(&p, &s), Ok(()));
    }

    #[test]
    fn same_seed_same_plan(seed in any::<u64>()) {
        let p = gen_problem(seed, true);
        prop_assert_eq!(run(&p, 3, None), run(&p, 3, None));
    }

    #[test]
    fn pinned_jobs_stay(seed in any::<u64>()) {
        let mut p = gen_problem(seed, true);
        let first = run(&p, seed, None);
        // Pin every other planned job to its vehicle (half of those to the minute).
        let mut pinned = Vec::new();
        for r in &first.routes {
            for (k, s) in r.stops.iter().enumerate() {
                if k % 2 == 0 {
                    let fix = if s.job % 2 == 0 { Some(s.start) } else { None };
                    p.jobs[s.job].pin = Some(Pin { vehicle: r.vehicle, start: fix });
                    pinned.push(s.job);
                }
            }
        }
        // Add two new jobs at the depot area.
        for loc in [0, 1] {
            let mut j = p.jobs[0].clone();
            j.location = loc;
            j.pin = None;
            j.windows = vec![];
            p.jobs.push(j);
        }
        let second = run(&p, seed + 1, Some(first));
        prop_assert_eq!(check(&p, &second), Ok(()));
        for j in pinned {
            let on = second.routes.iter().find(|r| r.stops.iter().any(|s| s.job == j));
            prop_assert!(on.is_some(), "pinned job {} unplanned", j);
        }
    }
}

#[test]
fn bad_input_lists_every_issue() {
    let mut p = gen_problem(5, false);
    p.jobs[0].location = 999;
    p.jobs[1].windows = vec![Window {
        earliest: 50,
        latest: 10,
    }];
    p.vehicles[0].shift = Window {
        earliest: 10,
        latest: 0,
    };
    let err = solve(
        &p,
        &SolveOptions::default(),
        &mut MaxIterations(1),
        &mut Silent,
    )
    .unwrap_err();
    let issues = err.issues();
    assert!(issues.len() >= 3, "{issues:?}");
    assert!(issues.iter().any(|i| i.path == "jobs[0].location"));
    assert!(issues.iter().any(|i| i.path == "jobs[1].windows[0]"));
    assert!(issues.iter().any(|i| i.path == "vehicles[0].shift"));
}

#[test]
fn unplannable_jobs_carry_specific_reasons() {
    let mut p = gen_problem(9, false);
    p.jobs[0].allowed_vehicles = Some(vec![]);
    p.jobs[1].demand = 1_000;
    p.jobs[1].allowed_vehicles = None;
    let s = run(&p, 1, None);
    let reason = |j: usize| {
        s.unassigned
            .iter()
            .find(|u| u.job == j)
            .map(|u| u.reasons.clone())
    };
    assert_eq!(reason(0), Some(vec![UnassignedReason::NoAllowedVehicle]));
    assert_eq!(
        reason(1).map(|r| r[0].clone()),
        Some(UnassignedReason::CapacityExceeded)
    );
}
