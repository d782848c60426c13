//! Double-handed visits: a synchronised pair is planned on two different
//! workers with the same start, the early worker waiting for the other; a
//! gap-linked pair respects its gap.

use carematch::control::{MaxIterations, Silent};
use carematch::routing::*;

fn problem(kind: SyncKind) -> RoutingProblem {
    // Locations: 0 = worker A's home, 1 = worker B's home (far), 2 = client,
    // 3 = another client near A.
    let size = 4;
    let t = [
        [0, 40, 10, 5],
        [40, 0, 30, 40],
        [10, 30, 0, 10],
        [5, 40, 10, 0],
    ];
    let d: Vec<i64> = t.iter().flatten().copied().collect();
    let job = |loc: usize, w: Option<(i64, i64)>| Job {
        location: loc,
        duration: 30,
        windows: w
            .map(|(e, l)| {
                vec![Window {
                    earliest: e,
                    latest: l,
                }]
            })
            .unwrap_or_default(),
        soft_latest: false,
        max_lateness: None,
        demand: 0,
        allowed_vehicles: None,
        preferred_vehicles: vec![],
        unassigned_penalty: 1_000_000,
        pin: None,
    };
    let worker = |home: usize| Vehicle {
        start_location: home,
        end_location: Some(home),
        shift: Window {
            earliest: 0,
            latest: 300,
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
    RoutingProblem {
        matrices: vec![TravelMatrix {
            size,
            duration: d.clone(),
            distance: d,
        }],
        jobs: vec![job(2, Some((0, 200))), job(2, Some((0, 200))), job(3, None)],
        vehicles: vec![worker(0), worker(1)],
        sync: vec![SyncGroup {
            first: 0,
            second: 1,
            kind,
        }],
        objective: Objective {
            waiting: 1,
            ..Objective::default()
        },
    }
}

fn starts(s: &RoutingSolution) -> Vec<(usize, usize, i64)> {
    s.routes
        .iter()
        .flat_map(|r| r.stops.iter().map(move |x| (x.job, r.vehicle, x.start)))
        .collect()
}

#[test]
fn double_handed_visit_starts_together() {
    let p = problem(SyncKind::Simultaneous);
    let s = solve(
        &p,
        &SolveOptions {
            seed: 1,
            max_iterations: Some(50),
            initial: None,
        },
        &mut MaxIterations(50),
        &mut Silent,
    )
    .unwrap();
    assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
    let st = starts(&s);
    let a = st.iter().find(|x| x.0 == 0).unwrap();
    let b = st.iter().find(|x| x.0 == 1).unwrap();
    assert_ne!(a.1, b.1, "both carers on one worker");
    assert_eq!(a.2, b.2, "double-handed starts differ");
    // Worker B needs 30 to reach the client; nobody can start before 30.
    assert!(a.2 >= 30);
}

#[test]
fn gap_linked_visits_respect_the_gap() {
    let p = problem(SyncKind::Gap { min: 60, max: 90 });
    let s = solve(
        &p,
        &SolveOptions {
            seed: 2,
            max_iterations: Some(50),
            initial: None,
        },
        &mut MaxIterations(50),
        &mut Silent,
    )
    .unwrap();
    assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
    let st = starts(&s);
    let a = st.iter().find(|x| x.0 == 0).unwrap();
    let b = st.iter().find(|x| x.0 == 1).unwrap();
    assert_ne!(a.1, b.1);
    assert!((60..=90).contains(&(b.2 - a.2)), "gap {}", b.2 - a.2);
}

/// A warm start that is infeasible today (as when a week carries
/// yesterday's rounds onto a shorter shift) is mended before construction:
/// otherwise a synchronised pair, inserted only where the whole plan stays
/// feasible, could never be planned into it.
#[test]
fn a_double_handed_visit_is_planned_into_an_infeasible_warm_start() {
    let mut p = problem(SyncKind::Simultaneous);
    // Job 3 near worker A, due at 250–280: after it, job 2 (same place,
    // 30 minutes) ends at 310, past worker A's shift (300) even before the
    // way home. Either alone fits.
    let mut late = p.jobs[2].clone();
    late.windows = vec![Window {
        earliest: 250,
        latest: 280,
    }];
    p.jobs.push(late);
    let initial = RoutingSolution {
        routes: vec![Route {
            vehicle: 0,
            departure: 0,
            arrival: 0,
            stops: [3, 2]
                .into_iter()
                .map(|job| ScheduledJob {
                    job,
                    arrival: 0,
                    start: 0,
                    wait: 0,
                    lateness: 0,
                })
                .collect(),
            breaks: vec![],
            distance: 0,
            travel_time: 0,
            waiting: 0,
        }],
        ..RoutingSolution::default()
    };
    let s = solve(
        &p,
        &SolveOptions {
            seed: 1,
            max_iterations: Some(0),
            initial: Some(initial),
        },
        &mut MaxIterations(0),
        &mut Silent,
    )
    .unwrap();
    let st = starts(&s);
    let a = st.iter().find(|x| x.0 == 0);
    let b = st.iter().find(|x| x.0 == 1);
    let (Some(a), Some(b)) = (a, b) else {
        panic!("the double-handed visit is unplanned: {:?}", s.unassigned);
    };
    assert_ne!(a.1, b.1);
    assert_eq!(a.2, b.2);
    assert!(s.unassigned.len() <= 1, "{:?}", s.unassigned);
}
