//! Homecare rounds: visits, care workers and their shifts, planned into
//! rounds by the generic [`crate::routing`] engine.
//!
//! The flow is *read → validate → convert → solve → convert back → check*:
//!
//! 1. [`validate_rounds`] parses a rounds file ([`RoundsInput`], see
//!    [`model`] for the format) and lists every problem at once.
//! 2. [`plan_rounds`] turns the day into an index-based
//!    [`crate::routing::RoutingProblem`] (`rounds/convert.rs`), lets the engine search,
//!    and returns a [`RoundsPlan`]: one round per worker shift with arrival,
//!    start and wait per stop, breaks, per-worker hours and travel, and every
//!    unplanned visit with readable reasons.
//! 3. [`check::check_plan`] is an independent checker written from the
//!    domain rules; the tests run every plan through it.
//!
//! For Discharge to Assess, [`insert_visits`] fits a new client's visits into
//! an existing plan with every other visit pinned where it was, and
//! [`repair_absence`] re-plans the visits of a worker who called in sick.
//!
//! ```
//! use carematch::control::{MaxIterations, Silent};
//! use carematch::rounds::{sample_rounds, validate_rounds, PlanOptions};
//!
//! let day = sample_rounds(30, 4, 1);
//! let json = serde_json::to_string(&day).unwrap();
//! let input = validate_rounds(&json).unwrap();
//! assert_eq!(input, day);
//! # let _ = PlanOptions::default();
//! ```

mod back;
pub mod check;
mod convert;
pub mod engine;
mod explain;
pub mod limits;
pub mod model;
mod parse;
pub mod sample;
mod travel;
pub mod unplanned;
pub mod validate;
pub mod week;

pub use model::*;
pub use sample::sample_rounds;
pub use unplanned::{FitHint, NearMiss, UnplannedReason};

use crate::control::{Observer, Stop};
use crate::error::Issues;
use crate::routing::{self, SolveOptions};
use crate::{Error, Result};

/// Options of a planning run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Seed for every random choice: same input and seed give the same plan.
    pub seed: u64,
    /// Upper bound on the engine's improvement iterations (`None`: until the
    /// stop criterion says so).
    pub max_iterations: Option<u64>,
}

impl PlanOptions {
    fn solve_options(&self) -> SolveOptions {
        SolveOptions {
            seed: self.seed,
            max_iterations: self.max_iterations,
            initial: None,
        }
    }
}

/// Parses and validates a rounds file.
///
/// # Errors
/// [`Error::Invalid`] listing every problem (record, field path, message, hint).
pub fn validate_rounds(json: &str) -> Result<RoundsInput> {
    validate::parse_and_validate(json)
}

/// Plans the day.
///
/// # Arguments
/// * `input` – the day (validated again here, so hand-built inputs are safe).
/// * `opts` – seed and iteration budget.
/// * `stop` – time budget or cancellation, checked between iterations.
/// * `observer` – progress reports.
///
/// # Returns
/// A [`RoundsPlan`]; visits that cannot be fitted are listed with reasons,
/// they are not an error.
///
/// # Errors
/// [`Error::Invalid`] for bad input; engine errors are passed on.
pub fn plan_rounds(
    input: &RoundsInput,
    opts: &PlanOptions,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<RoundsPlan> {
    validate::validate(input)?;
    let conv = convert::to_problem(input);
    let sol = routing::solve(&conv.problem, &opts.solve_options(), stop, observer)?;
    Ok(back::to_plan(input, &conv, &sol))
}

/// The result of fitting new visits into an existing plan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Insertion {
    /// The whole plan with the new visits in it (where they fit).
    pub plan: RoundsPlan,
    /// New visits that were planned.
    pub planned: Vec<String>,
    /// New visits that could not be fitted, with reasons.
    pub unplanned: Vec<UnplannedVisit>,
    /// The earliest planned start of the new visits, if any fitted.
    pub earliest_start: Option<ClockTime>,
    /// Extra travel minutes the new visits cause.
    pub added_travel_minutes: i64,
    /// Extra working minutes the new visits cause.
    pub added_working_minutes: i64,
    /// Extra pay in pence for those minutes.
    pub added_cost: i64,
}

/// The input restricted to the visits `existing` planned, plus `extra`, and
/// the engine problem with every planned visit pinned to its worker shift and
/// start time (unless `pin` is false). Returns the problem and a warm start.
fn pinned_problem(
    input: &RoundsInput,
    existing: &RoundsPlan,
    extra: Vec<Visit>,
    pin: bool,
) -> Result<(RoundsInput, convert::Converted, routing::RoutingSolution)> {
    let planned: std::collections::HashSet<&str> = existing
        .rounds
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.visit.as_str()))
        .collect();
    let mut day = input.clone();
    day.visits.retain(|v| planned.contains(v.id.as_str()));
    day.visits.extend(extra);
    validate::validate(&day)?;
    let mut conv = convert::to_problem(&day);
    let initial = back::plan_to_solution(&day, &conv, existing);
    if pin {
        for route in &initial.routes {
            for s in &route.stops {
                if let Some(job) = conv.problem.jobs.get_mut(s.job) {
                    job.pin = Some(routing::Pin {
                        vehicle: route.vehicle,
                        start: Some(s.start),
                    });
                }
            }
        }
    }
    Ok((day, conv, initial))
}

/// Fits a new client's visits into an existing plan (Discharge to Assess).
///
/// Every visit the existing plan has planned keeps its worker and start
/// time; visits it left unplanned stay unplanned. The new visits are
/// inserted where they fit.
///
/// # Returns
/// The new plan, which new visits fitted, their earliest start, and the
/// extra travel, working time and pay they cause.
///
/// # Errors
/// [`Error::Invalid`] when the new visits are invalid (duplicate ids, unknown
/// skills, …) or `existing` does not belong to `input`.
pub fn insert_visits(
    input: &RoundsInput,
    existing: &RoundsPlan,
    new_visits: &[Visit],
    opts: &PlanOptions,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<Insertion> {
    check_plan_matches(input, existing)?;
    let (day, conv, initial) = pinned_problem(input, existing, new_visits.to_vec(), true)?;
    let mut options = opts.solve_options();
    options.initial = Some(initial);
    let sol = routing::solve(&conv.problem, &options, stop, observer)?;
    let mut plan = back::to_plan(&day, &conv, &sol);
    // Visits left unplanned before stay listed.
    plan.unplanned.extend(existing.unplanned.iter().cloned());
    plan.summary.visits_unplanned = plan.unplanned.len();
    let new_ids: std::collections::HashSet<&str> =
        new_visits.iter().map(|v| v.id.as_str()).collect();
    let starts: Vec<(String, ClockTime)> = plan
        .rounds
        .iter()
        .flat_map(|r| r.stops.iter())
        .filter(|s| new_ids.contains(s.visit.as_str()))
        .map(|s| (s.visit.clone(), s.start))
        .collect();
    let mut planned: Vec<String> = starts.iter().map(|(v, _)| v.clone()).collect();
    planned.sort();
    planned.dedup();
    let unplanned = plan
        .unplanned
        .iter()
        .filter(|u| new_ids.contains(u.visit.as_str()))
        .cloned()
        .collect();
    Ok(Insertion {
        earliest_start: starts.iter().map(|(_, t)| *t).min(),
        planned,
        unplanned,
        added_travel_minutes: plan.summary.travel_minutes - existing.summary.travel_minutes,
        added_working_minutes: plan.summary.working_minutes - existing.summary.working_minutes,
        added_cost: plan.summary.cost - existing.summary.cost,
        plan,
    })
}

/// Re-plans the day when `worker_id` is absent.
///
/// The absent worker's visits are re-planned with the other workers. With
/// `allow_moves` false, every other visit keeps its worker and start time;
/// with `allow_moves` true the whole day may be re-planned (starting from the
/// existing plan). Visits pinned to the absent worker lose their pin.
///
/// # Errors
/// [`Error::Invalid`] when the worker is unknown or the plan does not belong
/// to `input`.
pub fn repair_absence(
    input: &RoundsInput,
    plan: &RoundsPlan,
    worker_id: &str,
    allow_moves: bool,
    opts: &PlanOptions,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<RoundsPlan> {
    check_plan_matches(input, plan)?;
    let Some(w) = input.workers.iter().position(|w| w.id == worker_id) else {
        return Err(Error::invalid(crate::ValidationIssue::new(
            "unknown_worker",
            format!("worker {worker_id}"),
            "worker",
            format!("worker \"{worker_id}\" is not in the rounds file"),
            "give the id of a worker on the rota",
        )));
    };
    let mut day = input.clone();
    day.workers[w].shifts.clear();
    for v in &mut day.visits {
        if v.pin.as_ref().is_some_and(|p| p.worker == worker_id) {
            v.pin = None;
        }
    }
    // The absent worker's visits are taken out of the plan, then re-added.
    let mut kept = plan.clone();
    let mut freed: Vec<String> = Vec::new();
    kept.rounds.retain(|r| {
        if r.worker == worker_id {
            freed.extend(r.stops.iter().map(|s| s.visit.clone()));
            false
        } else {
            true
        }
    });
    // A double-handed partner of a freed visit must be re-planned too.
    for r in &mut kept.rounds {
        r.stops.retain(|s| !freed.contains(&s.visit));
    }
    kept.rounds.retain(|r| !r.stops.is_empty());
    let extra: Vec<Visit> = day
        .visits
        .iter()
        .filter(|v| freed.contains(&v.id))
        .cloned()
        .collect();
    let (sub, conv, initial) = pinned_problem(&day, &kept, extra, !allow_moves)?;
    let mut options = opts.solve_options();
    options.initial = Some(initial);
    let sol = routing::solve(&conv.problem, &options, stop, observer)?;
    let mut out = back::to_plan(&sub, &conv, &sol);
    out.unplanned.extend(plan.unplanned.iter().cloned());
    out.summary.visits_unplanned = out.unplanned.len();
    // Report every worker of the original input, the absent one with zeros.
    if out.workers.len() == input.workers.len() {
        for (o, i) in out.workers.iter_mut().zip(&input.workers) {
            o.worker.clone_from(&i.id);
        }
    }
    Ok(out)
}

/// Refuses a plan that names workers or visits not in `input`.
fn check_plan_matches(input: &RoundsInput, plan: &RoundsPlan) -> Result<()> {
    let mut issues = Issues::new();
    let workers: std::collections::HashSet<&str> =
        input.workers.iter().map(|w| w.id.as_str()).collect();
    let visits: std::collections::HashSet<&str> =
        input.visits.iter().map(|v| v.id.as_str()).collect();
    for (r, round) in plan.rounds.iter().enumerate() {
        if !workers.contains(round.worker.as_str()) {
            issues.add(
                "unknown_worker",
                format!("worker {}", round.worker),
                format!("rounds[{r}].worker"),
                "the plan names a worker who is not in the rounds file",
                "use the plan made for this rounds file",
            );
        }
        for (s, stop) in round.stops.iter().enumerate() {
            if !visits.contains(stop.visit.as_str()) {
                issues.add(
                    "unknown_visit",
                    format!("visit {}", stop.visit),
                    format!("rounds[{r}].stops[{s}].visit"),
                    "the plan names a visit that is not in the rounds file",
                    "use the plan made for this rounds file",
                );
            }
        }
    }
    issues.into_result(())
}
