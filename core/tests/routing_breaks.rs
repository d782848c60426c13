//! Breaks in the forward schedule: a break may be taken on arrival at a
//! stop (before its service) or after a stop's service, before leaving for
//! the next one. Without the second, a job pinned just before a break's
//! latest start could never be served on time (the break would have to be
//! taken before it) and was dropped by the never-feasible fallback.

#![allow(clippy::unwrap_used)] // test helpers may unwrap

use carematch::control::{MaxIterations, Silent};
use carematch::routing::*;

/// Travel of 10 between any two of: 0 = home, 1 = client A, 2 = client B.
fn matrix() -> TravelMatrix {
    let d: Vec<i64> = (0..9)
        .map(|k| if k / 3 == k % 3 { 0 } else { 10 })
        .collect();
    TravelMatrix {
        size: 3,
        duration: d.clone(),
        distance: d,
    }
}

fn job(location: usize, windows: (i64, i64), pin: Option<i64>) -> Job {
    Job {
        location,
        duration: 20,
        windows: vec![Window {
            earliest: windows.0,
            latest: windows.1,
        }],
        soft_latest: false,
        max_lateness: None,
        demand: 0,
        allowed_vehicles: None,
        preferred_vehicles: vec![],
        unassigned_penalty: 1_000_000,
        pin: pin.map(|s| Pin {
            vehicle: 0,
            start: Some(s),
        }),
    }
}

/// One worker with a 30-minute break to start in [60, 70]; job 0 is pinned
/// at 50 (so it ends at 70), job 1 is free all day.
fn problem() -> RoutingProblem {
    RoutingProblem {
        matrices: vec![matrix()],
        jobs: vec![job(1, (50, 50), Some(50)), job(2, (0, 400), None)],
        vehicles: vec![Vehicle {
            start_location: 0,
            end_location: Some(0),
            shift: Window {
                earliest: 0,
                latest: 400,
            },
            breaks: vec![Break {
                window: Window {
                    earliest: 60,
                    latest: 70,
                },
                duration: 30,
            }],
            max_duration: None,
            capacity: i64::MAX,
            profile: 0,
            fixed_cost: 0,
            cost_per_time: 0,
            overtime_cost: 0,
            overtime_after: None,
        }],
        sync: vec![],
        objective: Objective::default(),
    }
}

/// 20 iterations from seed 1: enough for two jobs and one worker.
fn solve_briefly(p: &RoutingProblem) -> RoutingSolution {
    solve(
        p,
        &SolveOptions {
            seed: 1,
            max_iterations: Some(20),
            initial: None,
        },
        &mut MaxIterations(20),
        &mut Silent,
    )
    .unwrap()
}

/// Replays a route by the rules, independently of the engine: each gap
/// between two stops (or the depot) holds the travel and the breaks placed
/// in it, breaks start in their windows after the previous service ends and
/// end by the next start, every job starts in its window, and the route
/// ends in the shift. Returns the problems found.
fn replay(p: &RoutingProblem, r: &Route) -> Vec<String> {
    let mut out = Vec::new();
    let v = &p.vehicles[r.vehicle];
    let m = &p.matrices[0];
    let mut t = r.departure;
    let mut loc = v.start_location;
    if t < v.shift.earliest {
        out.push(format!("leaves at {t} before the shift"));
    }
    for gap in 0..=r.stops.len() {
        let next = r.stops.get(gap);
        let to = next.map_or(v.end_location.unwrap_or(loc), |s| p.jobs[s.job].location);
        let travel = m.duration[loc * m.size + to];
        let mut clock = t;
        let mut busy = 0;
        let mut breaks: Vec<&ScheduledBreak> =
            r.breaks.iter().filter(|b| b.before == gap).collect();
        breaks.sort_by_key(|b| b.start);
        for b in breaks {
            let rule = &v.breaks[b.index];
            if b.start < clock || b.start < rule.window.earliest || b.start > rule.window.latest {
                out.push(format!("break {} at {} not allowed", b.index, b.start));
            }
            clock = b.start + rule.duration;
            busy += rule.duration;
        }
        let ready = t + travel + busy;
        match next {
            Some(s) => {
                let j = &p.jobs[s.job];
                let w = &j.windows[0];
                if s.start < ready.max(clock) || s.start < w.earliest || s.start > w.latest {
                    out.push(format!("job {} starts at {}", s.job, s.start));
                }
                t = s.start + j.duration;
                loc = j.location;
            }
            None => {
                if r.arrival < ready.max(clock) || r.arrival > v.shift.latest {
                    out.push(format!("returns at {}", r.arrival));
                }
            }
        }
    }
    if r.breaks.len() != v.breaks.len() {
        out.push(format!("{} breaks taken", r.breaks.len()));
    }
    out
}

#[test]
fn a_pinned_job_ending_at_the_breaks_latest_start_keeps_its_time() {
    let p = problem();
    let s = solve_briefly(&p);
    assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
    assert_eq!(s.routes.len(), 1);
    let r = &s.routes[0];
    let pinned = r.stops.iter().position(|x| x.job == 0).unwrap();
    assert_eq!(r.stops[pinned].start, 50);
    // The break follows the pinned job's service, before the next leg.
    assert_eq!(r.breaks.len(), 1);
    assert_eq!(r.breaks[0].before, pinned + 1);
    assert_eq!(r.breaks[0].start, 70);
    assert_eq!(replay(&p, r), Vec::<String>::new());
}

#[test]
fn a_break_before_leaving_gives_the_earlier_arrival_downstream() {
    // Job 0 (ready at 50, window to 200) then job 1 (window from 0): the
    // break window opens at 60, during job 0's service (50–70). Taken
    // before the service it would start at 60 and push job 0 to 90; after
    // the service it starts at 70 and the worker leaves at 100 instead of
    // 110.
    let mut p = problem();
    p.jobs[0] = job(1, (50, 200), None);
    p.vehicles[0].breaks[0].window.latest = 75;
    // Job 1 first takes longer (time is paid): the order is 0, 1.
    p.jobs[1].windows[0].earliest = 80;
    p.vehicles[0].cost_per_time = 1;
    let s = solve_briefly(&p);
    assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
    let r = &s.routes[0];
    assert_eq!(
        r.stops.iter().map(|x| (x.job, x.start)).collect::<Vec<_>>(),
        vec![(0, 50), (1, 110)]
    );
    assert_eq!(r.breaks[0].start, 70);
    assert_eq!(r.breaks[0].before, 1);
    assert_eq!(replay(&p, r), Vec::<String>::new());
}
