//! The week's repair pass: after the dates are planned in order, the dates
//! where clients see the most workers they see on no other date are
//! re-planned, one at a time, with every other date fixed.
//!
//! A re-planned date keeps the week's rules against its fixed neighbours:
//! shifts start at least 11 hours after the previous date's last return
//! and end at least 11 hours before the next date's first departure, and
//! the worker's minutes are capped by the contract less the minutes worked
//! on the other dates. A client's preferred workers on that date are the
//! ones named by the client plus everyone who visits the client on another
//! date (they add nothing to the week's distinct count). Each date gets two
//! steps, each warm-started from the date's current plan and, when the week
//! is planned team first, solved team first, then filled
//! ([`super::team_first`]: a visit one of those workers can do is offered
//! to them first; two day solves per step):
//! 1. at the week's own `weights.continuity`; kept if it leaves no more
//!    must-do and no more visits unplanned and plans more visits, or lowers
//!    the week's distinct workers, or keeps them and lowers travel (the pass
//!    as it was);
//! 2. then at `continuity.over_aim_weight` (a worker the client sees on no
//!    other date costs what going over the aim does, as on the first pass);
//!    kept only if it leaves no more must-do and no more visits unplanned
//!    and lowers the week's distinct workers.
//!
//! Step 2 alone (without step 1) lowered the county sample week's mean
//! distinct workers from 3.73 to 3.62 (seeds 1–5, 40 iterations) but
//! planned 16 fewer visits, because step 1's extra visits mostly come with
//! a new worker for the client; keeping step 1 plans no fewer.
//!
//! Solved with everybody open (one solve per step), step 1 took the county
//! sample week, its dates already planned team first, from 5,444 visits and
//! 2.46 distinct workers per client to 5,573 and 3.19 (seed 1): the hours
//! it frees went to strangers. Team first (the default) it gives 5,497 and
//! 2.41.

use std::collections::{BTreeSet, HashMap};

use super::dates::solve_day;
use super::model::{DayPlan, MIN_REST_MINUTES, WeekInput};
use super::{DAY, day_input, team_first, validate_day};
use crate::Result;
use crate::control::{Observer, Stop};
use crate::rounds::PlanOptions;
use crate::rounds::model::{ClockTime, Priority, RoundsInput, RoundsPlan};

/// Day solves per re-planned date: two steps of [`team_first::solves`].
pub(super) fn solves_per_date(team_first: bool) -> u32 {
    2 * team_first::solves(team_first)
}

/// Per client: per worker, the dates (indices) they visit.
pub(super) type Visits = HashMap<String, HashMap<String, BTreeSet<usize>>>;

pub(super) fn visits_by_client(days: &[DayPlan]) -> Visits {
    let mut out: Visits = HashMap::new();
    for (d, day) in days.iter().enumerate() {
        for r in &day.plan.rounds {
            for s in &r.stops {
                out.entry(s.client.clone())
                    .or_default()
                    .entry(r.worker.clone())
                    .or_default()
                    .insert(d);
            }
        }
    }
    out
}

/// Client-worker pairs met on date `d` only.
fn only_on(v: &Visits, d: usize) -> usize {
    v.values()
        .flat_map(|ws| ws.values())
        .filter(|ds| ds.len() == 1 && ds.contains(&d))
        .count()
}

/// Σ over clients of distinct workers.
pub(super) fn distinct(v: &Visits) -> usize {
    v.values().map(HashMap::len).sum()
}

/// (must-do unplanned, unplanned) of a day plan.
fn unplanned(input: &RoundsInput, plan: &RoundsPlan) -> (usize, usize) {
    let must: BTreeSet<&str> = input
        .visits
        .iter()
        .filter(|v| v.priority == Priority::MustDo)
        .map(|v| v.id.as_str())
        .collect();
    let m = plan
        .unplanned
        .iter()
        .filter(|u| must.contains(u.visit.as_str()))
        .count();
    (m, plan.summary.visits_unplanned)
}

/// Date `d`'s input with the other dates fixed; `None` when the
/// neighbours' rest would remove a shift that is not the day's last (shift
/// numbers must stay those of the week's rules).
fn fixed_input(week: &WeekInput, days: &[DayPlan], d: usize, strong: bool) -> Option<RoundsInput> {
    let mut input = day_input(week, d as u32, None);
    if strong {
        // A worker the client sees on no other date costs what going over
        // the aim does, as on the first pass.
        input.weights.continuity = input
            .weights
            .continuity
            .max(week.continuity.over_aim_weight);
    }
    let seen = visits_by_client(days);
    for v in &mut input.visits {
        if let Some(ws) = seen.get(&v.client) {
            for (w, ds) in ws {
                if ds.iter().any(|&x| x != d) && !v.preferred_workers.contains(w) {
                    v.preferred_workers.push(w.clone());
                }
            }
        }
    }
    for (i, w) in input.workers.iter_mut().enumerate() {
        let spec = &week.workers[i];
        let rounds = |x: usize| {
            days.get(x)
                .into_iter()
                .flat_map(|p| &p.plan.rounds)
                .filter(|r| r.worker == w.id)
        };
        let others: i64 = (0..days.len())
            .filter(|&x| x != d)
            .flat_map(rounds)
            .map(|r| r.working_minutes)
            .sum();
        if let Some(c) = spec.contracted_weekly_minutes {
            let left = c - others;
            if left <= 0 {
                w.shifts.clear();
                continue;
            }
            w.max_working_minutes = Some(w.max_working_minutes.map_or(left, |m| m.min(left)));
        }
        let prev_return = d
            .checked_sub(1)
            .and_then(|p| rounds(p).map(|r| r.return_at.0).max());
        if let Some(ret) = prev_return {
            let earliest = ret + MIN_REST_MINUTES - DAY;
            for s in &mut w.shifts {
                if s.start.0 < earliest {
                    // Dropping the shift or one of its breaks would break
                    // the week's shift numbers or break rules: leave the date.
                    if earliest >= s.end.0 || s.breaks.iter().any(|b| b.latest.0 < earliest) {
                        return None;
                    }
                    s.start = ClockTime(earliest);
                }
            }
        }
        let next_departure = rounds(d + 1).map(|r| r.departure.0).min();
        if let Some(dep) = next_departure {
            w.shifts = super::rest::cap_return(&w.shifts, dep + DAY - MIN_REST_MINUTES)?;
        }
    }
    Some(input)
}

/// Re-plans up to `n` dates (see the module docs); returns (dates
/// re-planned, plans kept).
pub(super) fn repair(
    week: &WeekInput,
    days: &mut [DayPlan],
    n: u32,
    team_first: bool,
    opts: &PlanOptions,
    stop_for: &mut dyn FnMut(u32) -> Box<dyn Stop>,
    observer: &mut dyn Observer,
) -> Result<(u32, u32)> {
    let mut tried = BTreeSet::new();
    let mut kept = BTreeSet::new();
    for k in 0..n {
        let v = visits_by_client(days);
        let Some((d, score)) = (0..days.len())
            .filter(|d| !tried.contains(d))
            .map(|d| (d, only_on(&v, d)))
            .max_by_key(|&(d, s)| (s, std::cmp::Reverse(d)))
        else {
            break;
        };
        if score == 0 {
            break;
        }
        tried.insert(d);
        // First at the week's own continuity weight (more visits first),
        // then at `over_aim_weight` from what that left, kept only if it
        // plans no fewer visits and cuts distinct workers.
        for strong in [false, true] {
            let step = 2 * k + u32::from(strong);
            let Some(input) = fixed_input(week, days, d, strong) else {
                break;
            };
            if validate_day(&input, days[d].date).is_err() {
                break;
            }
            let mut solve = |input: &RoundsInput, start: Option<RoundsPlan>, j: u32| {
                let solve_no = team_first::solves(team_first) * step + j;
                let seed = opts.seed.wrapping_add(0x5eed + u64::from(solve_no));
                let mut stop = stop_for(solve_no);
                solve_day(
                    input,
                    start,
                    seed,
                    opts.max_iterations,
                    stop.as_mut(),
                    observer,
                )
            };
            let start = Some(days[d].plan.clone());
            let plan = team_first::solve(&input, start, team_first, &mut solve)?;
            let old = &days[d].plan;
            let before = (
                unplanned(&input, old),
                distinct(&visits_by_client(days)),
                old.summary.travel_minutes,
            );
            let mut trial: Vec<DayPlan> = days.to_vec();
            trial[d].plan = plan.clone();
            let after = (
                unplanned(&input, &plan),
                distinct(&visits_by_client(&trial)),
                plan.summary.travel_minutes,
            );
            let no_fewer = after.0.0 <= before.0.0 && after.0.1 <= before.0.1;
            let better = if strong {
                after.1 < before.1
            } else {
                after < before
            };
            if no_fewer && better {
                days[d].plan = plan;
                kept.insert(d);
            }
        }
    }
    Ok((tried.len() as u32, kept.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rounds::week::sample::sample_week;

    #[test]
    fn a_repaired_date_prices_a_new_worker_as_going_over_the_aim() {
        let mut week = sample_week(2, 10, 3, 1);
        week.weights.continuity = 150;
        week.continuity.over_aim_weight = 2_000;
        let weak = fixed_input(&week, &[], 0, false).expect("no neighbours");
        assert_eq!(weak.weights.continuity, 150);
        let input = fixed_input(&week, &[], 0, true).expect("no neighbours");
        assert_eq!(input.weights.continuity, 2_000);
        // The stronger of the two, whichever it is.
        week.weights.continuity = 5_000;
        let input = fixed_input(&week, &[], 0, true).expect("no neighbours");
        assert_eq!(input.weights.continuity, 5_000);
    }
}
