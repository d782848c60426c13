//! Maps the engine's answer back to rounds ([`to_plan`]) and a plan back to
//! an engine solution for warm starts and pins ([`plan_to_solution`]).

use std::collections::HashMap;

use crate::routing::{RoutingSolution, UnassignedReason};

use super::convert::Converted;
#[cfg(test)]
use super::model::Visit;
use super::model::{
    ClockTime, PlanSummary, Round, RoundBreak, RoundStop, RoundsInput, RoundsPlan, SCHEMA_VERSION,
    UnplannedVisit, WorkerDay,
};
use super::travel::TravelRule;

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
            // From the visit's windows: a pinned start carries no engine lateness.
            let late = visit.lateness(ClockTime(s.start));
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
                late_minutes: late,
            });
            if late > 0 {
                summary.late_visits += 1;
                summary.late_minutes += late;
            }
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
        let cost = worker.pay(working, overtime);
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
        let details = super::explain::explain(
            input,
            &rule,
            visit,
            engine_reasons.get(&v).copied().unwrap_or(&[]),
            Some(&rounds),
        );
        unplanned.push(UnplannedVisit {
            visit: visit.id.clone(),
            client: visit.client.clone(),
            reasons: details.iter().map(|d| d.text.clone()).collect(),
            details,
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

/// Readable reasons why `visit` is unplanned (the texts of
/// [`super::explain::explain`] measured against empty rounds).
#[cfg(test)]
pub(crate) fn reasons(
    input: &RoundsInput,
    rule: &TravelRule<'_>,
    visit: &Visit,
    engine: &[UnassignedReason],
) -> Vec<String> {
    super::explain::explain(input, rule, visit, engine, None)
        .into_iter()
        .map(|r| r.text)
        .collect()
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
                lateness: s.late_minutes,
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
