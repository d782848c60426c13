//! Turns a homecare day into the engine's index-based problem and the engine's
//! answer back into rounds.
//!
//! * Skills, blocked workers and gender preferences become each job's
//!   `allowed_vehicles`; preferred workers become `preferred_vehicles`.
//! * Every worker shift is one engine vehicle (so a split shift is two).
//! * A double-handed visit is two jobs linked by a
//!   [`SyncKind::Simultaneous`] group: two different workers, same start.
//! * The objective is lexicographic through weights of different orders of
//!   magnitude: planned visits (priority-weighted) ≫ travel, waiting,
//!   overtime and continuity (windows are hard, so there is no lateness).
//!
//! Times in the engine are minutes since midnight, like [`ClockTime`].

use std::collections::HashMap;

use crate::geo::{LatLon, TravelMode};
use crate::routing::{
    Break, Job, Objective, Pin, RoutingProblem, RoutingSolution, SyncGroup, SyncKind, TravelMatrix,
    UnassignedReason, Vehicle, Window,
};

use super::model::{
    ClockTime, PlanSummary, Priority, Round, RoundBreak, RoundStop, RoundsInput, RoundsPlan,
    SCHEMA_VERSION, UnplannedVisit, Visit, Worker, WorkerDay,
};
use super::travel::{TravelRule, metres};

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
                cost_per_time: 0,
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
        let mut ids = Vec::new();
        for carer in 0..visit.carers.clamp(1, 2) {
            ids.push(jobs.len());
            job_refs.push(JobRef { visit: v, carer });
            jobs.push(Job {
                location: visit_location[v],
                duration: visit.duration,
                windows: windows.clone(),
                soft_latest: false,
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
        tardiness: 0,
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

/// Maps the engine's answer back to rounds.
pub(crate) fn to_plan(input: &RoundsInput, conv: &Converted, sol: &RoutingSolution) -> RoundsPlan {
    let rule = TravelRule::new(input);
    // Which vehicle serves each job.
    let mut job_vehicle: Vec<Option<usize>> = vec![None; conv.jobs.len()];
    for route in &sol.routes {
        for stop in &route.stops {
            if let Some(slot) = job_vehicle.get_mut(stop.job) {
                *slot = Some(route.vehicle);
            }
        }
    }

    let mut rounds = Vec::new();
    let mut days: Vec<WorkerDay> = input
        .workers
        .iter()
        .map(|w| WorkerDay {
            worker: w.id.clone(),
            visits: 0,
            working_minutes: 0,
            travel_minutes: 0,
            visit_minutes: 0,
            cost: 0,
        })
        .collect();
    let mut summary = PlanSummary::default();
    let mut routes: Vec<&crate::routing::Route> =
        sol.routes.iter().filter(|r| !r.stops.is_empty()).collect();
    routes.sort_by_key(|r| r.vehicle);
    for route in routes {
        let Some(vref) = conv.vehicles.get(route.vehicle) else {
            continue;
        };
        let worker = &input.workers[vref.worker];
        let shift = &worker.shifts[vref.shift];
        let mut prev = worker.start;
        let mut stops = Vec::with_capacity(route.stops.len());
        let mut travel_total = 0;
        let mut visit_minutes = 0;
        let mut continuity_breaks = 0;
        for s in &route.stops {
            let Some(jref) = conv.jobs.get(s.job) else {
                continue;
            };
            let visit = &input.visits[jref.visit];
            let travel = rule.minutes(worker, &prev, &visit.location);
            travel_total += travel;
            prev = visit.location;
            visit_minutes += visit.duration;
            if !visit.preferred_workers.is_empty() && !visit.preferred_workers.contains(&worker.id)
            {
                continuity_breaks += 1;
            }
            let with = conv.visit_jobs[jref.visit]
                .iter()
                .filter(|&&j| j != s.job)
                .find_map(|&j| job_vehicle[j])
                .and_then(|veh| conv.vehicles.get(veh))
                .map(|r| input.workers[r.worker].id.clone());
            stops.push(RoundStop {
                visit: visit.id.clone(),
                client: visit.client.clone(),
                travel,
                arrival: ClockTime(s.arrival),
                start: ClockTime(s.start),
                end: ClockTime(s.start + visit.duration),
                wait: s.wait,
                with,
            });
        }
        let home = worker.end.unwrap_or(worker.start);
        travel_total += rule.minutes(worker, &prev, &home);
        let breaks = route
            .breaks
            .iter()
            .map(|b| RoundBreak {
                index: b.index,
                start: ClockTime(b.start),
                end: ClockTime(b.start + shift.breaks.get(b.index).map_or(0, |r| r.duration)),
                before: b.before,
            })
            .collect();
        let working = route.arrival - route.departure;
        let overtime = (route.arrival - shift.end.0).max(0);
        let cost = working * worker.cost_per_hour / 60;
        let day = &mut days[vref.worker];
        day.visits += stops.len();
        day.working_minutes += working;
        day.travel_minutes += travel_total;
        day.visit_minutes += visit_minutes;
        day.cost += cost;
        summary.travel_minutes += travel_total;
        summary.waiting_minutes += route.waiting;
        summary.working_minutes += working;
        summary.overtime_minutes += overtime;
        summary.continuity_breaks += continuity_breaks;
        summary.cost += cost;
        rounds.push(Round {
            worker: worker.id.clone(),
            shift: vref.shift,
            departure: ClockTime(route.departure),
            return_at: ClockTime(route.arrival),
            stops,
            breaks,
            travel_minutes: travel_total,
            waiting_minutes: route.waiting,
            working_minutes: working,
            overtime_minutes: overtime,
        });
    }

    let mut engine_reasons: HashMap<usize, &[UnassignedReason]> = HashMap::new();
    for u in &sol.unassigned {
        if let Some(j) = conv.jobs.get(u.job) {
            engine_reasons.entry(j.visit).or_insert(&u.reasons);
        }
    }
    let mut unplanned = Vec::new();
    for (v, visit) in input.visits.iter().enumerate() {
        let served = conv.visit_jobs[v]
            .iter()
            .filter(|&&j| job_vehicle[j].is_some())
            .count();
        if served == conv.visit_jobs[v].len() {
            summary.visits_planned += 1;
            continue;
        }
        unplanned.push(UnplannedVisit {
            visit: visit.id.clone(),
            client: visit.client.clone(),
            reasons: reasons(
                input,
                &rule,
                visit,
                engine_reasons.get(&v).copied().unwrap_or(&[]),
            ),
        });
    }
    summary.visits_unplanned = unplanned.len();
    summary.objective = sol.cost.total;
    RoundsPlan {
        schema_version: SCHEMA_VERSION,
        rounds,
        unplanned,
        workers: days,
        summary,
    }
}

/// Readable reasons why `visit` is unplanned: the domain's own diagnosis
/// first (skills, gender, blocks, reachable windows), then the engine's.
pub(crate) fn reasons(
    input: &RoundsInput,
    rule: &TravelRule<'_>,
    visit: &Visit,
    engine: &[UnassignedReason],
) -> Vec<String> {
    let mut out = Vec::new();
    for s in &visit.skills {
        if !input
            .workers
            .iter()
            .any(|w| w.skills.contains(s) && !w.shifts.is_empty())
        {
            out.push(format!("no worker with skill {s}"));
        }
    }
    if let Some(g) = visit.gender
        && !input
            .workers
            .iter()
            .any(|w| w.gender == Some(g) && !w.shifts.is_empty())
    {
        let g = match g {
            super::model::Gender::Female => "female",
            super::model::Gender::Male => "male",
        };
        out.push(format!("no {g} worker on shift"));
    }
    let eligible: Vec<&Worker> = input
        .workers
        .iter()
        .filter(|w| eligible(visit, w) && !w.shifts.is_empty())
        .collect();
    if out.is_empty() && eligible.is_empty() {
        if visit.blocked_workers.is_empty() {
            out.push("no worker has every skill and the gender the visit needs".to_string());
        } else {
            out.push("every worker who could do it is blocked for this client".to_string());
        }
    }
    if !out.is_empty() {
        return out;
    }
    let needed = usize::from(visit.carers.clamp(1, 2));
    if eligible.len() < needed {
        out.push("double-handed, but only one worker could do it".to_string());
        return out;
    }
    // Can any eligible shift reach a window, start, finish and get home?
    let reachable = eligible
        .iter()
        .filter(|w| {
            let home = w.end.unwrap_or(w.start);
            let there = rule.minutes(w, &w.start, &visit.location);
            let back = rule.minutes(w, &visit.location, &home);
            w.shifts.iter().any(|s| {
                let end = s.end.0 + s.overtime.max(0);
                visit.windows.iter().any(|win| {
                    let start = win.earliest.0.max(s.start.0 + there);
                    start <= win.latest.0 && start + visit.duration + back <= end
                })
            })
        })
        .count();
    if reachable < needed {
        out.push(
            "window unreachable: no eligible worker's shift can reach it within its window"
                .to_string(),
        );
        return out;
    }
    for r in engine {
        let text = match r {
            UnassignedReason::NoAllowedVehicle => "no eligible worker",
            UnassignedReason::WindowUnreachable => "window unreachable",
            UnassignedReason::CapacityExceeded => "over capacity",
            UnassignedReason::LongerThanShifts => "longer than every eligible shift",
            UnassignedReason::PartnerUnplanned => {
                "the second carer could not be planned at the same time"
            }
            UnassignedReason::AllRoutesFull => "all workers full",
        };
        if !out.iter().any(|o| o == text) {
            out.push(text.to_string());
        }
    }
    if out.is_empty() {
        out.push("all workers full".to_string());
    }
    out
}

/// Rebuilds an engine solution from a plan (for warm starts and pins): the
/// order of visits per shift, with the plan's times.
pub(crate) fn plan_to_solution(
    input: &RoundsInput,
    conv: &Converted,
    plan: &RoundsPlan,
) -> RoutingSolution {
    let mut used = vec![false; conv.jobs.len()];
    let mut routes = Vec::new();
    for round in &plan.rounds {
        let Some(w) = input.workers.iter().position(|w| w.id == round.worker) else {
            continue;
        };
        let Some(&vehicle) = conv.worker_vehicles[w].get(round.shift) else {
            continue;
        };
        let mut stops = Vec::new();
        for s in &round.stops {
            let Some(v) = input.visits.iter().position(|v| v.id == s.visit) else {
                continue;
            };
            let Some(&job) = conv.visit_jobs[v].iter().find(|&&j| !used[j]) else {
                continue;
            };
            used[job] = true;
            stops.push(crate::routing::ScheduledJob {
                job,
                arrival: s.arrival.0,
                start: s.start.0,
                wait: s.wait,
                lateness: 0,
            });
        }
        if stops.is_empty() {
            continue;
        }
        routes.push(crate::routing::Route {
            vehicle,
            departure: round.departure.0,
            arrival: round.return_at.0,
            stops,
            breaks: round
                .breaks
                .iter()
                .map(|b| crate::routing::ScheduledBreak {
                    index: b.index,
                    start: b.start.0,
                    before: b.before,
                })
                .collect(),
            distance: 0,
            travel_time: round.travel_minutes,
            waiting: round.waiting_minutes,
        });
    }
    let unassigned = (0..conv.jobs.len())
        .filter(|&j| !used[j])
        .map(|job| crate::routing::UnassignedJob {
            job,
            reasons: vec![UnassignedReason::AllRoutesFull],
        })
        .collect();
    RoutingSolution {
        routes,
        unassigned,
        ..RoutingSolution::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rounds::model::{Shift, VisitPin};

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
