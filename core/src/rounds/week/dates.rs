//! The dates of a week planned in order with the day engine, carrying
//! rest, hours and the clients' workers forward ([`plan_dates`]).

use std::collections::HashMap;

use super::model::{DayPlan, WeekInput};
use super::{Carry, DAY, day_input, team_first, validate_day};
use crate::Result;
use crate::control::{Observer, Stop};
use crate::rounds::model::{RoundsInput, RoundsPlan};
use crate::rounds::week::CalendarDate;
use crate::rounds::{PlanOptions, back, convert};
use crate::routing::{self, SolveOptions};

/// Plans every date in order from `carry`, updating it; day solves are
/// numbered from `first` ([`team_first::solves`] per date) out of `total`.
/// Each date is warm-started from `warm`'s plan of the same date when
/// given, else from the previous date's plan.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_dates(
    week: &WeekInput,
    opts: &PlanOptions,
    carry: &mut Carry,
    warm: Option<&[DayPlan]>,
    first: u32,
    total: u32,
    stop_for_day: &mut dyn FnMut(u32, u32) -> Box<dyn Stop>,
    observer: &mut dyn Observer,
) -> Result<Vec<DayPlan>> {
    let per = team_first::solves(carry.team_first);
    let mut days: Vec<DayPlan> = Vec::with_capacity(week.days as usize);
    for d in 0..week.days {
        let date = week.start_date.plus(i64::from(d));
        let day = day_input(week, d, Some(carry));
        validate_day(&day, date)?;
        let start = match warm.and_then(|w| w.get(d as usize)) {
            Some(same) => Some(same.plan.clone()),
            None => days
                .last()
                .map(|p| carried_plan(&day, &p.plan, p.date, date)),
        };
        let mut solve = |input: &RoundsInput, start: Option<RoundsPlan>, k: u32| {
            let seed = opts
                .seed
                .wrapping_add(u64::from(d))
                .wrapping_add(0x5eed * u64::from(k));
            let mut stop = stop_for_day(first + d * per + k, total);
            solve_day(
                input,
                start,
                seed,
                opts.max_iterations,
                stop.as_mut(),
                observer,
            )
        };
        let plan = team_first::solve(&day, start, carry.team_first, &mut solve)?;
        advance(week, d, &plan, carry);
        days.push(DayPlan { date, plan });
    }
    Ok(days)
}

/// One day solve of `input` from `start` (a warm start only).
pub(super) fn solve_day(
    input: &RoundsInput,
    start: Option<RoundsPlan>,
    seed: u64,
    max_iterations: Option<u64>,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<RoundsPlan> {
    let conv = convert::to_problem(input);
    let initial = start.map(|p| back::plan_to_solution(input, &conv, &p));
    let options = SolveOptions {
        seed,
        max_iterations,
        initial,
    };
    let sol = routing::solve(&conv.problem, &options, stop, observer)?;
    Ok(back::to_plan(input, &conv, &sol))
}

/// Yesterday's plan re-labelled for `day`: the same care-plan visit with the
/// same worker and shift, where both exist today. A warm start only.
fn carried_plan(
    day: &RoundsInput,
    prev: &RoundsPlan,
    prev_date: CalendarDate,
    date: CalendarDate,
) -> RoundsPlan {
    let today: HashMap<&str, usize> = day
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let suffix_prev = format!("@{prev_date}");
    let suffix_today = format!("@{date}");
    let mut plan = prev.clone();
    plan.unplanned.clear();
    for r in &mut plan.rounds {
        let ok_shift = day
            .workers
            .iter()
            .find(|w| w.id == r.worker)
            .is_some_and(|w| r.shift < w.shifts.len());
        if !ok_shift {
            r.stops.clear();
            continue;
        }
        r.stops.retain_mut(|s| {
            let Some(base) = s.visit.strip_suffix(&suffix_prev) else {
                return false;
            };
            s.visit = format!("{base}{suffix_today}");
            today.contains_key(s.visit.as_str())
        });
    }
    plan.rounds.retain(|r| !r.stops.is_empty());
    plan
}

/// Updates the carried state with date `d`'s plan.
pub(super) fn advance(week: &WeekInput, d: u32, plan: &RoundsPlan, carry: &mut Carry) {
    let index: HashMap<&str, usize> = week
        .workers
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    for r in &plan.rounds {
        let Some(&i) = index.get(r.worker.as_str()) else {
            continue;
        };
        let ret = i64::from(d) * DAY + r.return_at.0;
        let slot = &mut carry.last_return[i];
        *slot = Some(slot.map_or(ret, |x| x.max(ret)));
        carry.worked[i] += r.working_minutes;
        for s in &r.stops {
            carry
                .seen
                .entry(s.client.clone())
                .or_default()
                .insert(r.worker.clone());
        }
    }
}
