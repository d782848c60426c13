//! Discharge to Assess: fit a new client's care package into a week plan,
//! starting within a number of hours of the discharge (48 by default in
//! the council's programme), and rank the options.
//!
//! For every date on which the package could start in time, the dates from
//! that one to the end of the plan are re-planned with the package's visits
//! added: each day starts from the existing plan (warm start), existing
//! visits may shift within their windows and change worker, and rest,
//! weekly hours and continuity are carried forward from the option's own
//! earlier days. An option reports the earliest start, the workers of the
//! new client, the extra pay and objective, which existing visits moved,
//! and the new client's continuity; options are ranked by new visits left
//! out, then extra objective, then start. When a package visit fits
//! nowhere, the option says what would: an extra shift, where and when.
//!
//! Week files carry no pins, so every existing visit may move.

use std::collections::{BTreeSet, HashMap};

use super::date::CalendarDate;
use super::dates::advance;
use super::model::{DayPlan, WeekInput, WeekPlan};
use super::{Carry, day_input, summarise};
use crate::control::{Observer, Stop};
use crate::rounds::model::{ClockTime, RoundsPlan, UnplannedVisit, Visit};
use crate::rounds::{PlanOptions, back, convert};
use crate::routing::{self, SolveOptions};
use crate::{Error, Result, ValidationIssue};

mod model;
pub use model::*;

fn invalid(path: &str, message: String, hint: &str) -> Error {
    Error::invalid(ValidationIssue::new(
        "bad_package",
        "package",
        path,
        message,
        hint,
    ))
}

/// The day input of date `d` with the package's visits from `start` on
/// (visits on the discharge date only after the discharge time).
fn day_with_package(
    week: &WeekInput,
    package: &Package,
    d: u32,
    start: CalendarDate,
    carry: &Carry,
) -> crate::rounds::RoundsInput {
    let mut input = day_input(week, d, Some(carry));
    let date = week.start_date.plus(i64::from(d));
    if date < start {
        input.visits.retain(|v| v.client != package.client.id);
        return input;
    }
    if date == package.discharge.date {
        let t = package.discharge.time;
        for v in input
            .visits
            .iter_mut()
            .filter(|v| v.client == package.client.id)
        {
            for w in &mut v.windows {
                w.earliest = w.earliest.max(t);
            }
            v.windows.retain(|w| w.earliest <= w.latest);
        }
        input
            .visits
            .retain(|v| v.client != package.client.id || !v.windows.is_empty());
    }
    input
}

/// A package visit not offered because the package starts later, as data.
fn not_started(v: &Visit, start: CalendarDate, discharge: Moment) -> UnplannedVisit {
    let text = if v.id.ends_with(&format!("@{start}")) {
        format!("before the discharge at {}", discharge.time)
    } else {
        format!("the package starts on {start}")
    };
    UnplannedVisit {
        visit: v.id.clone(),
        client: v.client.clone(),
        reasons: vec![text.clone()],
        details: vec![crate::rounds::UnplannedReason {
            code: "before_package_start".into(),
            text,
            skill: None,
            window: v.windows.first().copied(),
            rule: Some("Discharge to Assess start".into()),
            nearest: Vec::new(),
            fit: crate::rounds::FitHint {
                code: "start_earlier".into(),
                text: "an earlier start would include it".into(),
                worker: None,
                from: None,
                to: None,
            },
        }],
    }
}

/// Where each visit was done: visit → (sorted workers, start).
fn placements(plan: &RoundsPlan) -> HashMap<&str, (Vec<String>, ClockTime)> {
    let mut out: HashMap<&str, (Vec<String>, ClockTime)> = HashMap::new();
    for r in &plan.rounds {
        for s in &r.stops {
            let e = out.entry(s.visit.as_str()).or_insert((Vec::new(), s.start));
            e.0.push(r.worker.clone());
            e.0.sort();
        }
    }
    out
}

/// Ranked options to take `package` on in `plan` (a week plan that carries
/// its week), the first visit starting within `within_hours` of the
/// discharge.
///
/// # Errors
/// [`Error::Invalid`] when the plan carries no week, the package is invalid
/// (its client clashes with an existing one, unknown skills, …) or no date
/// of the plan falls within the window.
pub fn discharge_options(
    plan: &WeekPlan,
    package: &Package,
    within_hours: i64,
    opts: &PlanOptions,
    stop_for_day: &mut dyn FnMut(u32, u32) -> Box<dyn Stop>,
    observer: &mut dyn Observer,
) -> Result<DischargeOptions> {
    let Some(base) = plan.week.as_ref() else {
        return Err(invalid(
            "plan.week",
            "the plan does not carry its week".into(),
            "use a plan written by `carematch rounds WEEK.json`",
        ));
    };
    if !(1..=14 * 24).contains(&within_hours) {
        return Err(invalid(
            "within_hours",
            format!("{within_hours} hours is not a usable window"),
            "give between 1 and 336 hours (48 in Discharge to Assess)",
        ));
    }
    if base.clients.iter().any(|c| c.id == package.client.id) {
        return Err(invalid(
            "client.id",
            format!("client {} is already in the plan", package.client.id),
            "give the new client an id of their own",
        ));
    }
    if plan.days.len() != base.days as usize {
        return Err(invalid(
            "plan.days",
            "the plan does not cover its week".into(),
            "use a plan written by `carematch rounds WEEK.json`",
        ));
    }
    let mut week = base.clone();
    week.clients.push(package.client.clone());
    super::validate::validate(&week)?;
    let first = week.start_date;
    let last = first.plus(i64::from(week.days) - 1);
    let deadline = package.discharge.minutes() + within_hours * 60;
    let mut options = Vec::new();
    let mut date = package.discharge.date.max(first);
    while date <= last && date.0 * 24 * 60 <= deadline {
        if let Some(o) = option_from(
            plan,
            &week,
            package,
            date,
            deadline,
            opts,
            stop_for_day,
            observer,
        )? {
            options.push(o);
        }
        date = date.plus(1);
    }
    options.sort_by(|a, b| {
        (a.unplanned.len(), a.extra_objective, a.start_date).cmp(&(
            b.unplanned.len(),
            b.extra_objective,
            b.start_date,
        ))
    });
    for (i, o) in options.iter_mut().enumerate() {
        o.rank = i + 1;
    }
    Ok(DischargeOptions { options, week })
}

/// The option of starting on `start`, or `None` when no new visit can
/// start by the deadline that way.
#[allow(clippy::too_many_arguments)]
fn option_from(
    plan: &WeekPlan,
    week: &WeekInput,
    package: &Package,
    start: CalendarDate,
    deadline: i64,
    opts: &PlanOptions,
    stop_for_day: &mut dyn FnMut(u32, u32) -> Box<dyn Stop>,
    observer: &mut dyn Observer,
) -> Result<Option<DischargeOption>> {
    let mut carry = Carry::new(week);
    let mut days: Vec<DayPlan> = Vec::with_capacity(plan.days.len());
    let (mut extra_cost, mut extra_objective, mut displaced) = (0i64, 0i64, 0usize);
    let mut moved = Vec::new();
    let mut unplanned = Vec::new();
    let mut planned = 0;
    let mut earliest: Option<Moment> = None;
    let mut workers = BTreeSet::new();
    let mut missing: Vec<(CalendarDate, Visit)> = Vec::new();
    for (d, old) in plan.days.iter().enumerate() {
        let d32 = d as u32;
        // The package's visits of this date that are not offered (before the
        // start date or the discharge), listed with that reason.
        let full = day_input(week, d32, None);
        let day = day_with_package(week, package, d32, start, &carry);
        let not_offered: Vec<UnplannedVisit> = full
            .visits
            .iter()
            .filter(|v| v.client == package.client.id)
            .filter(|v| !day.visits.iter().any(|x| x.id == v.id))
            .map(|v| not_started(v, start, package.discharge))
            .collect();
        if old.date < start {
            advance(week, d32, &old.plan, &mut carry);
            let mut kept = old.clone();
            kept.plan.summary.visits_unplanned += not_offered.len();
            kept.plan.unplanned.extend(not_offered);
            days.push(kept);
            continue;
        }
        let conv = convert::to_problem(&day);
        let initial = back::plan_to_solution(&day, &conv, &old.plan);
        let options = SolveOptions {
            seed: opts.seed.wrapping_add(u64::from(d32)),
            max_iterations: opts.max_iterations,
            initial: Some(initial),
        };
        let mut stop = stop_for_day(d32, week.days);
        let sol = routing::solve(&conv.problem, &options, stop.as_mut(), observer)?;
        let new = back::to_plan(&day, &conv, &sol);
        extra_cost += new.summary.cost - old.plan.summary.cost;
        extra_objective += new.summary.objective - old.plan.summary.objective;
        let (before, after) = (placements(&old.plan), placements(&new));
        for (visit, (ws, st)) in &before {
            match after.get(visit) {
                None => displaced += 1,
                Some((nw, ns)) if nw != ws || ns != st => moved.push(MovedVisit {
                    date: old.date,
                    visit: (*visit).to_string(),
                    from_workers: ws.clone(),
                    to_workers: nw.clone(),
                    from_start: *st,
                    to_start: *ns,
                }),
                Some(_) => {}
            }
        }
        for v in day.visits.iter().filter(|v| v.client == package.client.id) {
            match after.get(v.id.as_str()) {
                Some((ws, st)) => {
                    planned += 1;
                    workers.extend(ws.iter().cloned());
                    let m = Moment {
                        date: old.date,
                        time: *st,
                    };
                    earliest = Some(earliest.map_or(m, |e: Moment| e.min(m)));
                }
                None => missing.push((old.date, v.clone())),
            }
        }
        unplanned.extend(
            new.unplanned
                .iter()
                .filter(|u| u.client == package.client.id)
                .cloned(),
        );
        advance(week, d32, &new, &mut carry);
        let mut new = new;
        new.summary.visits_unplanned += not_offered.len();
        new.unplanned.extend(not_offered);
        days.push(DayPlan {
            date: old.date,
            plan: new,
        });
    }
    let Some(first) = earliest else {
        return Ok(None);
    };
    if first.minutes() > deadline {
        return Ok(None);
    }
    let mut plan = summarise(week, days);
    plan.week = Some(week.clone());
    let extra_shift = missing.first().map(|(date, _)| {
        let on_date: Vec<&Visit> = missing
            .iter()
            .filter(|(d, _)| d == date)
            .map(|(_, v)| v)
            .collect();
        let from = on_date
            .iter()
            .flat_map(|v| v.windows.iter().map(|w| w.earliest))
            .min()
            .unwrap_or_default();
        let to = on_date
            .iter()
            .flat_map(|v| v.windows.iter().map(|w| ClockTime(w.latest.0 + v.duration)))
            .max()
            .unwrap_or_default();
        let mut skills: Vec<String> = on_date.iter().flat_map(|v| v.skills.clone()).collect();
        skills.sort();
        skills.dedup();
        let n = on_date.iter().map(|v| v.carers).max().unwrap_or(1);
        let who = if n > 1 { "two workers" } else { "a worker" };
        let with = if skills.is_empty() {
            String::new()
        } else {
            format!(" with {}", skills.join(", "))
        };
        ExtraShift {
            date: *date,
            from,
            to,
            near: package.client.location,
            skills: skills.clone(),
            workers: n,
            text: format!(
                "{who}{with} near the client's home on {date} from {from} to {to} would take the visits that fit nowhere"
            ),
        }
    });
    Ok(Some(DischargeOption {
        rank: 0,
        start_date: start,
        earliest_start: Some(first),
        planned,
        continuity: workers.len(),
        workers: workers.into_iter().collect(),
        unplanned,
        extra_cost,
        extra_objective,
        displaced,
        moved,
        extra_shift,
        plan,
    }))
}

#[cfg(test)]
mod tests;
