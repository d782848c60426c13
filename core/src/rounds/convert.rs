//! Turns a homecare day into the engine's index-based problem (the way back
//! is in `back.rs`).
//!
//! * Skills, blocked workers and gender preferences become each job's
//!   `allowed_vehicles`; preferred workers become `preferred_vehicles`.
//! * Every worker shift is one engine vehicle (so a split shift is two).
//! * A double-handed visit is two jobs linked by a
//!   [`SyncKind::Simultaneous`] group: two different workers, same start.
//! * The objective is lexicographic through weights of different orders of
//!   magnitude: planned visits (priority-weighted) ≫ lateness, pay,
//!   travel, waiting, overtime and continuity.
//! * Soft windows: a visit may start up to its late cap
//!   ([`Visit::late_cap`]) after its last window at a price per minute;
//!   time-critical visits have no cap, so their windows stay hard.
//! * Pay: each shift costs `cost_per_hour × pay / 60` per minute from
//!   departure to return (travel and waiting are paid time) plus the
//!   overtime premium per overtime minute; whole points per minute, so
//!   fractions of a penny per minute are dropped in the objective (not in
//!   the reported pay).
//!
//! Times in the engine are minutes since midnight, like [`ClockTime`].

use std::collections::HashMap;

use crate::geo::{LatLon, TravelMode};
use crate::routing::{
    Break, Job, Objective, Pin, RoutingProblem, SyncGroup, SyncKind, TravelMatrix, Vehicle, Window,
};

use super::model::{ClockTime, Priority, RoundsInput, Visit, Worker};
use super::travel::TravelRule;
use super::travel::metres;

/// Which visit (and which carer of it) an engine job stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JobRef {
    /// Visit index in the input.
    pub visit: usize,
    /// 0, or 1 for the second carer of a double-handed visit.
    pub carer: u8,
}

/// Which worker shift an engine vehicle stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VehicleRef {
    /// Worker index in the input.
    pub worker: usize,
    /// Shift index in the worker's list.
    pub shift: usize,
}

/// An engine problem with the maps back to the domain.
#[derive(Debug, Clone)]
pub(crate) struct Converted {
    pub problem: RoutingProblem,
    pub jobs: Vec<JobRef>,
    pub visit_jobs: Vec<Vec<usize>>,
    pub vehicles: Vec<VehicleRef>,
    pub worker_vehicles: Vec<Vec<usize>>,
}

/// Whether `worker` may do `visit` (skills, blocks, gender).
pub(crate) fn eligible(visit: &Visit, worker: &Worker) -> bool {
    visit.skills.iter().all(|s| worker.skills.contains(s))
        && !visit.blocked_workers.contains(&worker.id)
        && visit.gender.is_none_or(|g| worker.gender == Some(g))
}

fn sorted_windows(visit: &Visit) -> Vec<Window> {
    let mut ws: Vec<Window> = visit
        .windows
        .iter()
        .map(|w| Window {
            earliest: w.earliest.0,
            latest: w.latest.0,
        })
        .collect();
    ws.sort_by_key(|w| (w.earliest, w.latest));
    let mut merged: Vec<Window> = Vec::with_capacity(ws.len());
    for w in ws {
        match merged.last_mut() {
            Some(last) if w.earliest <= last.latest => last.latest = last.latest.max(w.latest),
            _ => merged.push(w),
        }
    }
    merged
}

/// Builds the engine problem. The input must have passed validation.
pub(crate) fn to_problem(input: &RoundsInput) -> Converted {
    let rule = TravelRule::new(input);

    // Distinct places, in first-seen order: visits, then worker starts/ends.
    let mut places: Vec<LatLon> = Vec::new();
    let mut place_index: HashMap<(u64, u64), usize> = HashMap::new();
    let mut place = |p: LatLon| -> usize {
        *place_index
            .entry((p.lat.to_bits(), p.lon.to_bits()))
            .or_insert_with(|| {
                places.push(p);
                places.len() - 1
            })
    };
    let visit_location: Vec<usize> = input.visits.iter().map(|v| place(v.location)).collect();
    let worker_places: Vec<(usize, usize)> = input
        .workers
        .iter()
        .map(|w| (place(w.start), place(w.end.unwrap_or(w.start))))
        .collect();

    // One travel profile per distinct (mode, speed).
    let mut profiles: Vec<(TravelMode, Option<u64>)> = Vec::new();
    let worker_profile: Vec<usize> = input
        .workers
        .iter()
        .map(|w| {
            let k = (w.travel_mode, w.speed_kmh.map(f64::to_bits));
            profiles.iter().position(|p| *p == k).unwrap_or_else(|| {
                profiles.push(k);
                profiles.len() - 1
            })
        })
        .collect();
    // A day with no workers still needs one (unused) matrix: the engine
    // refuses a problem without any, and every visit is then reported
    // unplanned with its reasons.
    if profiles.is_empty() {
        profiles.push((TravelMode::Car, None));
    }
    let n = places.len();
    let matrices = profiles
        .iter()
        .map(|&(mode, speed)| {
            let speed = speed.map(f64::from_bits);
            let mut duration = Vec::with_capacity(n * n);
            let mut distance = Vec::with_capacity(n * n);
            for a in &places {
                for b in &places {
                    duration.push(rule.minutes_mode(mode, speed, a, b));
                    distance.push(metres(mode, a, b));
                }
            }
            TravelMatrix {
                size: n,
                duration,
                distance,
            }
        })
        .collect();

    // Vehicles: one per worker shift.
    let mut vehicles = Vec::new();
    let mut vehicle_refs = Vec::new();
    let mut worker_vehicles = vec![Vec::new(); input.workers.len()];
    for (w, worker) in input.workers.iter().enumerate() {
        let total: i64 = worker.shifts.iter().map(shift_span).sum();
        for (s, shift) in worker.shifts.iter().enumerate() {
            let span = shift_span(shift);
            // A daily limit is shared between shifts in proportion to their
            // length (rounded down), so the day's total always holds.
            let cap = worker
                .max_working_minutes
                .map(|m| if total > 0 { m * span / total } else { m });
            worker_vehicles[w].push(vehicles.len());
            vehicle_refs.push(VehicleRef {
                worker: w,
                shift: s,
            });
            vehicles.push(Vehicle {
                start_location: worker_places[w].0,
                end_location: Some(worker_places[w].1),
                shift: Window {
                    earliest: shift.start.0,
                    latest: shift.end.0 + shift.overtime.max(0),
                },
                breaks: shift
                    .breaks
                    .iter()
                    .map(|b| Break {
                        window: Window {
                            earliest: b.earliest.0,
                            latest: b.latest.0,
                        },
                        duration: b.duration,
                    })
                    .collect(),
                max_duration: cap.filter(|&c| c < span),
                capacity: i64::MAX,
                profile: worker_profile[w],
                fixed_cost: 0,
                // Pay per minute of the shift (travel and waiting are paid
                // time), and the premium per overtime minute.
                cost_per_time: worker.cost_per_hour * input.weights.pay / 60,
                overtime_cost: worker.cost_per_hour
                    * worker.overtime_premium_percent
                    * input.weights.pay
                    / 6000,
                overtime_after: (shift.overtime > 0).then_some(shift.end.0 - shift.start.0),
            });
        }
    }

    // Jobs.
    let weights = input.weights;
    let mut jobs = Vec::new();
    let mut job_refs = Vec::new();
    let mut visit_jobs = Vec::with_capacity(input.visits.len());
    let mut sync = Vec::new();
    let all_vehicles = vehicles.len();
    for (v, visit) in input.visits.iter().enumerate() {
        let allowed: Vec<usize> = input
            .workers
            .iter()
            .enumerate()
            .filter(|(_, w)| eligible(visit, w))
            .flat_map(|(w, _)| worker_vehicles[w].iter().copied())
            .collect();
        let preferred: Vec<usize> = visit
            .preferred_workers
            .iter()
            .filter_map(|id| input.workers.iter().position(|w| &w.id == id))
            .flat_map(|w| worker_vehicles[w].iter().copied())
            .collect();
        let pin = visit.pin.as_ref().and_then(|p| {
            let w = input.workers.iter().position(|w| w.id == p.worker)?;
            let worker = &input.workers[w];
            let s = pin_shift(visit, worker, p.start)?;
            Some(Pin {
                vehicle: worker_vehicles[w][s],
                start: p.start.map(|t| t.0),
            })
        });
        let penalty = match visit.priority {
            Priority::MustDo => weights.unplanned_must_do,
            Priority::CanMove => weights.unplanned_can_move,
        };
        let windows = sorted_windows(visit);
        let late_cap = visit.late_cap(&weights);
        let mut ids = Vec::new();
        for carer in 0..visit.carers.clamp(1, 2) {
            ids.push(jobs.len());
            job_refs.push(JobRef { visit: v, carer });
            jobs.push(Job {
                location: visit_location[v],
                duration: visit.duration,
                windows: windows.clone(),
                soft_latest: late_cap > 0,
                max_lateness: Some(late_cap),
                demand: 0,
                allowed_vehicles: (allowed.len() < all_vehicles).then(|| allowed.clone()),
                preferred_vehicles: preferred.clone(),
                unassigned_penalty: penalty,
                pin: if carer == 0 { pin } else { None },
            });
        }
        if let [a, b] = ids[..] {
            sync.push(SyncGroup {
                first: a,
                second: b,
                kind: SyncKind::Simultaneous,
            });
        }
        visit_jobs.push(ids);
    }

    let objective = Objective {
        distance: 0,
        travel_time: weights.travel_minute,
        waiting: weights.waiting_minute,
        tardiness: weights.late_minute,
        max_tardiness: 0,
        overtime: weights.overtime_minute,
        continuity: weights.continuity,
    };
    Converted {
        problem: RoutingProblem {
            matrices,
            jobs,
            vehicles,
            sync,
            objective,
        },
        jobs: job_refs,
        visit_jobs,
        vehicles: vehicle_refs,
        worker_vehicles,
    }
}

fn shift_span(s: &super::model::Shift) -> i64 {
    (s.end.0 + s.overtime.max(0) - s.start.0).max(0)
}

/// The shift of `worker` a pinned visit belongs to: the one containing the
/// pinned start, else the first whose span meets one of the visit's windows.
pub(crate) fn pin_shift(visit: &Visit, worker: &Worker, start: Option<ClockTime>) -> Option<usize> {
    let end = |s: &super::model::Shift| s.end.0 + s.overtime.max(0);
    match start {
        Some(t) => worker
            .shifts
            .iter()
            .position(|s| s.start <= t && t.0 < end(s)),
        None => worker
            .shifts
            .iter()
            .position(|s| {
                visit
                    .windows
                    .iter()
                    .any(|w| w.earliest.0 < end(s) && s.start <= w.latest)
            })
            .or(if worker.shifts.is_empty() {
                None
            } else {
                Some(0)
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rounds::back::{plan_to_solution, reasons, to_plan};
    use crate::rounds::model::{RoundsPlan, Shift, VisitPin};
    use crate::routing::UnassignedReason;

    const INPUT: &str = include_str!("../../tests/data/rounds/two_workers_double_handed.json");
    const PLAN: &str = include_str!("../../tests/data/rounds/two_workers_double_handed.plan.json");

    fn fixture() -> (RoundsInput, RoundsPlan) {
        (
            crate::rounds::validate_rounds(INPUT).unwrap(),
            serde_json::from_str(PLAN).unwrap(),
        )
    }

    #[test]
    fn skills_gender_and_double_handed_become_engine_rules() {
        let (input, _) = fixture();
        let conv = to_problem(&input);
        let p = &conv.problem;
        assert_eq!(p.vehicles.len(), 2);
        assert_eq!(p.jobs.len(), 5, "V1 is two jobs");
        assert_eq!(conv.visit_jobs, vec![vec![0, 1], vec![2], vec![3], vec![4]]);
        assert_eq!(
            p.sync,
            vec![SyncGroup {
                first: 0,
                second: 1,
                kind: SyncKind::Simultaneous
            }]
        );
        assert_eq!(p.jobs[0].allowed_vehicles, None, "both hold hoist");
        assert_eq!(p.jobs[2].allowed_vehicles, Some(vec![0]), "medication: W1");
        assert_eq!(p.jobs[2].preferred_vehicles, vec![0]);
        assert_eq!(
            p.jobs[4].allowed_vehicles,
            Some(vec![]),
            "medication and male"
        );
        assert_eq!(p.vehicles[0].breaks.len(), 1);
        assert_eq!(
            p.vehicles[0].shift,
            Window {
                earliest: 480,
                latest: 840
            }
        );
        // The user matrix is used: W1 home → C1 is 10 minutes.
        let m = &p.matrices[p.vehicles[0].profile];
        assert_eq!(m.time(p.vehicles[0].start_location, p.jobs[0].location), 10);
        assert_eq!(
            p.jobs[1].unassigned_penalty,
            input.weights.unplanned_must_do
        );
    }

    #[test]
    fn plan_to_engine_and_back_is_lossless() {
        let (input, plan) = fixture();
        let conv = to_problem(&input);
        let sol = plan_to_solution(&input, &conv, &plan);
        assert_eq!(sol.routes.len(), 2);
        assert_eq!(sol.unassigned.len(), 1);
        let back = to_plan(&input, &conv, &sol);
        assert_eq!(back, plan);
    }

    #[test]
    fn split_shifts_are_two_vehicles_and_pins_pick_the_shift() {
        let (mut input, _) = fixture();
        input.workers[1].shifts = vec![
            Shift {
                start: ClockTime::hm(7, 0),
                end: ClockTime::hm(11, 0),
                overtime: 0,
                breaks: vec![],
            },
            Shift {
                start: ClockTime::hm(16, 0),
                end: ClockTime::hm(20, 0),
                overtime: 15,
                breaks: vec![],
            },
        ];
        input.workers[1].max_working_minutes = Some(240);
        input.visits[2].pin = Some(VisitPin {
            worker: "W2".into(),
            start: Some(ClockTime::hm(8, 10)),
        });
        crate::rounds::validate::validate(&input).unwrap();
        let conv = to_problem(&input);
        assert_eq!(conv.worker_vehicles, vec![vec![0], vec![1, 2]]);
        let v = &conv.problem.vehicles;
        assert_eq!(
            v[2].shift,
            Window {
                earliest: 960,
                latest: 1215
            }
        );
        assert_eq!(v[2].overtime_after, Some(240));
        // 240 minutes a day shared 240:255 between the shifts.
        assert_eq!(v[1].max_duration, Some(240 * 240 / 495));
        assert_eq!(v[2].max_duration, Some(240 * 255 / 495));
        assert_eq!(
            conv.problem.jobs[3].pin,
            Some(Pin {
                vehicle: 1,
                start: Some(490)
            })
        );
    }

    #[test]
    fn reasons_name_the_missing_skill_gender_and_reachability() {
        let (mut input, _) = fixture();
        input.skills.push("catheter".into());
        let input = input;
        let rule = TravelRule::new(&input);
        let mut v = input.visits[1].clone();
        v.skills = vec!["catheter".into()];
        assert_eq!(
            reasons(&input, &rule, &v, &[]),
            vec!["no worker with skill catheter"]
        );
        let mut v = input.visits[2].clone();
        v.gender = Some(crate::rounds::model::Gender::Male);
        v.blocked_workers = vec!["W2".into()];
        assert_eq!(
            reasons(&input, &rule, &v, &[]),
            vec!["every worker who could do it is blocked for this client"]
        );
        let mut v = input.visits[2].clone();
        v.windows[0].earliest = ClockTime::hm(6, 0);
        v.windows[0].latest = ClockTime::hm(6, 30);
        assert!(reasons(&input, &rule, &v, &[])[0].starts_with("window unreachable"));
        let v = input.visits[2].clone();
        assert_eq!(
            reasons(&input, &rule, &v, &[UnassignedReason::AllRoutesFull]),
            vec!["all workers full"]
        );
    }
}
