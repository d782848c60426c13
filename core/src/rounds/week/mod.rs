//! A week of rounds: clients' care plans by weekday, workers' availability
//! by weekday, days off, contracted weekly hours, at least 11 hours' rest
//! between shifts on consecutive days, and continuity of care across the
//! week (distinct workers per client, preferred workers).
//!
//! # Method: teams, then decomposition by day, then repair
//!
//! [`plan_week`] (options in [`WeekOptions`]):
//!
//! 1. **Teams** ([`team::plan_teams`]): each client gets a small team of
//!    workers for the whole week (at most `aim_max_workers`), from a
//!    min-cost flow over visit-dates and the workers' hours per date and
//!    band of the day, then a cover of every visit-date. The same flow
//!    chooses, where a late evening and the next early morning cannot both
//!    be worked with 11 hours' rest ([`rest`]), which of the two the worker
//!    keeps.
//! 2. **Dates in order**, one day at a time with the day engine, carrying
//!    state forward:
//!    * **Rest**: a worker's shifts on a date start no earlier than 11 hours
//!      after their return on the previous date, and end early enough for
//!      the next date's morning where the flow chose the morning.
//!    * **Weekly hours**: a worker's daily limit is their share of the
//!      contracted minutes left ([`day_hours`]: spread over the dates they
//!      still work, with a quarter's slack; everything on the last one).
//!    * **Continuity**: the client's team, the client's own preferred
//!      workers and the workers the client has seen on earlier dates (they
//!      add nothing to the week's distinct count) are the visit's preferred
//!      workers; anybody else costs `continuity.over_aim_weight`. Each day starts from the previous
//!      day's assignment where that worker is available (the engine first
//!      drops what no longer fits today, so double-handed visits can still be
//!      inserted).
//!    * **Team first, then fill** ([`team_first`], [`WeekOptions::team_first`]):
//!      each date is solved first with every single-handed visit that one
//!      of those preferred workers can do today offered to them only, then
//!      again with the visits left out open to everybody, so other workers
//!      take only what the team could not.
//! 3. **Re-teaming** ([`reteam`], [`WeekOptions::reteam`] passes, 1 by
//!    default): each client's team becomes the workers who served the
//!    client most in the pass before, and the dates are planned again in
//!    order with those teams, each warm-started from the same date's plan.
//!    The pass is kept only if it plans no fewer visits (must-do or any)
//!    and lowers the week's distinct client–worker pairs.
//! 4. **Repair** (`improve.rs`): the dates where clients meet most workers
//!    they meet on no other date are re-planned with the other dates fixed,
//!    first at the week's continuity weight, then at `over_aim_weight`,
//!    each team first, then filled.
//!
//! What this loses, compared with planning the week as one problem, is
//! bounded in [`WeekPlan::decomposition`] ([`bounds`]). Rest is chosen by
//! the flow's care minutes, not by the day plans' costs, and where the flow
//! keeps the evening the next morning still shrinks as before. The week costs
//! `2 × days × (1 + reteam)` day solves (two per date with team first) plus
//! four per repaired date (14 + 14 + 4 × 3 = 40 on a 7-date week; 20 without
//! team first, 10 before re-teaming and the two-step repair; the county
//! sample week at 40 iterations per solve takes about 72 s against 49 s
//! without team first, see [`team_first`] for what it buys). The
//! re-teaming pass is kept on four of the seven small sample weeks of issue
//! 9 (seed 1, 40 iterations); on the over-subscribed county sample week it
//! is dropped (seeds 1–3) and its time is spent for nothing.
//! [`WeekOptions::greedy`] is the plain decomposition (no teams, hours first
//! come first served, the workers seen so far preferred).

pub mod bounds;
pub mod check;
pub mod date;
mod dates;
pub mod discharge;
mod improve;
pub mod model;
pub mod rest;
pub mod reteam;
pub mod sample;
mod summary;
pub mod team;
pub mod team_first;
mod validate;

pub use date::{CalendarDate, Weekday};
pub use model::*;
pub use summary::summarise;

use std::collections::{BTreeSet, HashMap};

use super::model::{ClockTime, RoundsInput, SCHEMA_VERSION, Visit, Worker};
use super::{PlanOptions, validate as day_validate};
use crate::control::{Observer, Stop};
use crate::{Error, Result};

/// Minutes in a day.
const DAY: i64 = 24 * 60;

/// Parses and validates a week file.
///
/// # Errors
/// [`Error::Invalid`] listing every problem.
pub fn validate_week(json: &str) -> Result<WeekInput> {
    validate::parse_and_validate(json)
}

/// The day's visit id of a care-plan visit.
pub fn visit_id(client: &str, visit: &str, date: CalendarDate) -> String {
    format!("{client}-{visit}@{date}")
}

/// What the planner carries from one date to the next.
#[derive(Debug, Clone, Default)]
pub struct Carry {
    /// Per worker index: return of their last round, in minutes from the
    /// start of the week's first date.
    pub last_return: Vec<Option<i64>>,
    /// Per worker index: minutes worked so far.
    pub worked: Vec<i64>,
    /// Per client id: workers who visited so far.
    pub seen: HashMap<String, BTreeSet<String>>,
    /// Per client id: the week's team ([`team::teams`]); empty when the
    /// week is planned without teams (the workers seen so far are then the
    /// only preference besides the client's own).
    pub teams: HashMap<String, Vec<String>>,
    /// Whether a date gets only its share of the contracted hours left
    /// ([`day_hours`]) rather than all of them.
    pub spread_hours: bool,
    /// Per worker index, per date number: the latest return on that date
    /// chosen by the week's flow to keep the rest before the next date's
    /// morning ([`team::TeamPlan::holds`]); empty without teams.
    pub holds: Vec<Vec<Option<i64>>>,
    /// Whether each date is solved team first, then filled
    /// ([`team_first`]): two day solves per date.
    pub team_first: bool,
}

impl Carry {
    /// Nothing carried (the first date, or the rules alone).
    pub fn new(week: &WeekInput) -> Self {
        Carry {
            last_return: vec![None; week.workers.len()],
            worked: vec![0; week.workers.len()],
            seen: HashMap::new(),
            teams: HashMap::new(),
            spread_hours: false,
            holds: Vec::new(),
            team_first: false,
        }
    }

    /// Nothing carried yet, with the week's teams from [`team::teams`].
    pub fn with_teams(week: &WeekInput) -> Self {
        let mut carry = Carry::new(week);
        carry.spread_hours = true;
        let plan = team::plan_teams(week);
        carry.holds = plan.holds;
        for (c, team) in week.clients.iter().zip(plan.teams) {
            carry.teams.insert(
                c.id.clone(),
                team.into_iter()
                    .map(|w| week.workers[w].id.clone())
                    .collect(),
            );
        }
        carry
    }
}

/// Whether worker `w` has a shift on date number `d`.
fn works_on(week: &WeekInput, w: &WeekWorker, d: u32) -> bool {
    let date = week.start_date.plus(i64::from(d));
    !w.days_off.contains(&date)
        && w.availability
            .iter()
            .any(|a| on(&a.weekdays, date.weekday()) && !a.shifts.is_empty())
}

/// The most minutes worker `w` may work on date number `d` when `left`
/// contracted minutes are left for the week: the remainder spread over the
/// dates the worker still works, with a quarter's slack ([`HOURS_SLACK_PERCENT`]);
/// everything on the worker's last date. What a date does not use rolls
/// forward.
pub fn day_hours(week: &WeekInput, w: &WeekWorker, d: u32, left: i64) -> i64 {
    let dates = (d..week.days).filter(|&x| works_on(week, w, x)).count() as i64;
    if dates <= 1 {
        return left;
    }
    let share = (left * HOURS_SLACK_PERCENT + 100 * dates - 1) / (100 * dates);
    share.min(left)
}

/// Slack on a date's share of the contracted hours left, in percent.
pub const HOURS_SLACK_PERCENT: i64 = 125;

/// Whether `weekdays` (empty = every day) includes `day`.
fn on(weekdays: &[Weekday], day: Weekday) -> bool {
    weekdays.is_empty() || weekdays.contains(&day)
}

/// The day input of date number `d` (0-based). With `carry`, rest, weekly
/// hours and continuity so far are applied; with `None` only the rules of
/// the day itself (availability, days off, care plans) are.
pub fn day_input(week: &WeekInput, d: u32, carry: Option<&Carry>) -> RoundsInput {
    let date = week.start_date.plus(i64::from(d));
    let wd = date.weekday();
    let mut visits = Vec::new();
    for c in &week.clients {
        // The client's own choice, the team, and everyone the client has
        // seen so far (they add nothing to the week's distinct workers).
        let mut preferred = c.preferred_workers.clone();
        let team = carry.and_then(|k| k.teams.get(&c.id));
        let seen = carry.and_then(|k| k.seen.get(&c.id));
        for w in team.into_iter().flatten().chain(seen.into_iter().flatten()) {
            if !preferred.contains(w) {
                preferred.push(w.clone());
            }
        }
        for v in c.visits.iter().filter(|v| on(&v.weekdays, wd)) {
            visits.push(Visit {
                id: visit_id(&c.id, &v.id, date),
                client: c.id.clone(),
                location: c.location,
                windows: v.windows.clone(),
                duration: v.duration,
                skills: v.skills.clone(),
                carers: v.carers,
                preferred_workers: preferred.clone(),
                blocked_workers: c.blocked_workers.clone(),
                gender: c.gender,
                priority: v.priority,
                pin: None,
                time_critical: v.time_critical,
                max_late_minutes: v.max_late_minutes,
            });
        }
    }
    let workers = week
        .workers
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let mut shifts: Vec<_> = if w.days_off.contains(&date) {
                Vec::new()
            } else {
                w.availability
                    .iter()
                    .filter(|a| on(&a.weekdays, wd))
                    .flat_map(|a| a.shifts.iter().cloned())
                    .collect()
            };
            shifts.sort_by_key(|s| s.start);
            let mut max_working = w.max_working_minutes;
            if let Some(k) = carry {
                // Rest: start at least 11 h after the last return.
                if let Some(ret) = k.last_return.get(i).copied().flatten() {
                    let earliest = ret + model::MIN_REST_MINUTES - i64::from(d) * DAY;
                    for s in &mut shifts {
                        s.start = ClockTime(s.start.0.max(earliest));
                    }
                    shifts.retain(|s| s.start.0 < s.end.0);
                    for s in &mut shifts {
                        s.breaks.retain(|b| b.latest >= s.start);
                    }
                }
                // Rest chosen for the week: back early enough for the next
                // date's morning (unless a break would no longer fit).
                let hold = k
                    .holds
                    .get(i)
                    .and_then(|h| h.get(d as usize))
                    .copied()
                    .flatten();
                if let Some(capped) = hold.and_then(|latest| rest::cap_return(&shifts, latest)) {
                    shifts = capped;
                }
                if let Some(c) = w.contracted_weekly_minutes {
                    let left = c - k.worked.get(i).copied().unwrap_or(0);
                    if left <= 0 {
                        shifts.clear();
                    } else {
                        let cap = if k.spread_hours {
                            day_hours(week, w, d, left)
                        } else {
                            left
                        };
                        max_working = Some(max_working.map_or(cap, |m| m.min(cap)));
                    }
                }
            }
            Worker {
                id: w.id.clone(),
                start: w.start,
                end: w.end,
                shifts,
                skills: w.skills.clone(),
                gender: w.gender,
                travel_mode: w.travel_mode,
                speed_kmh: w.speed_kmh,
                max_working_minutes: max_working,
                cost_per_hour: w.cost_per_hour,
                overtime_premium_percent: w.overtime_premium_percent,
            }
        })
        .collect();
    // A visit outside the client's team costs what going over the aim does.
    let mut weights = week.weights;
    if carry.is_some_and(|k| !k.teams.is_empty()) {
        weights.continuity = weights.continuity.max(week.continuity.over_aim_weight);
    }
    RoundsInput {
        schema_version: SCHEMA_VERSION,
        name: Some(format!("{} {date}", week.name.as_deref().unwrap_or("week"))),
        skills: week.skills.clone(),
        visits,
        workers,
        travel: week.travel.clone(),
        weights,
    }
}

/// How [`plan_week_with`] plans a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekOptions {
    /// Choose each client's team for the week first ([`team::teams`]) and
    /// prefer it on every date.
    pub teams: bool,
    /// Give each date its share of the contracted hours left ([`day_hours`])
    /// rather than first come, first served.
    pub spread_hours: bool,
    /// Dates re-planned after the first pass, worst continuity first, with
    /// the other dates fixed.
    pub repair_days: u32,
    /// Second passes over the week with each client's team re-chosen from
    /// the workers who served the client in the pass before ([`reteam`]);
    /// a pass is kept only if it improves the week, and the first that
    /// does not ends them. Needs `teams`.
    pub reteam: u32,
    /// Solve each date of the first pass, of the re-teaming passes and of
    /// the repair's steps team first, then fill ([`team_first`]): two day
    /// solves where there was one. Needs `teams`.
    pub team_first: bool,
}

impl WeekOptions {
    /// The default: teams, hours spread, and a third of the dates (rounded
    /// up) re-planned.
    pub fn for_week(week: &WeekInput) -> Self {
        WeekOptions {
            teams: true,
            spread_hours: true,
            repair_days: week.days.div_ceil(3),
            reteam: 1,
            team_first: true,
        }
    }
    /// The plain decomposition: dates in order, hours first come first
    /// served, continuity greedy (the workers seen so far), no repair.
    pub fn greedy() -> Self {
        WeekOptions {
            teams: false,
            spread_hours: false,
            repair_days: 0,
            reteam: 0,
            team_first: false,
        }
    }
}

/// Plans the week (see the module docs for the method and what it loses)
/// with [`WeekOptions::for_week`].
///
/// # Arguments
/// * `week` – the week (validated again here).
/// * `opts` – seed and iteration cap, per day solve.
/// * `stop_for_day` – gives the stop criterion of day solve `k` of `total`
///   (the dates in order, the dates again for each re-teaming pass, then
///   two solves per date re-planned by the repair pass; a
///   share of the caller's time budget, for instance).
/// * `observer` – progress of every day solve.
///
/// # Errors
/// [`Error::Invalid`] for a bad week; engine errors are passed on.
pub fn plan_week(
    week: &WeekInput,
    opts: &PlanOptions,
    stop_for_day: &mut dyn FnMut(u32, u32) -> Box<dyn Stop>,
    observer: &mut dyn Observer,
) -> Result<WeekPlan> {
    plan_week_with(
        week,
        opts,
        &WeekOptions::for_week(week),
        stop_for_day,
        observer,
    )
}

/// [`plan_week`] with the method spelled out.
///
/// # Errors
/// As [`plan_week`].
pub fn plan_week_with(
    week: &WeekInput,
    opts: &PlanOptions,
    how: &WeekOptions,
    stop_for_day: &mut dyn FnMut(u32, u32) -> Box<dyn Stop>,
    observer: &mut dyn Observer,
) -> Result<WeekPlan> {
    validate::validate(week)?;
    let mut carry = if how.teams {
        Carry::with_teams(week)
    } else {
        Carry::new(week)
    };
    carry.spread_hours = how.spread_hours;
    carry.team_first = how.teams && how.team_first;
    let repair = how.repair_days.min(week.days);
    let reteams = if how.teams { how.reteam } else { 0 };
    let pass = week.days * team_first::solves(carry.team_first);
    let total = pass * (1 + reteams) + improve::solves_per_date(carry.team_first) * repair;
    let mut days = dates::plan_dates(
        week,
        opts,
        &mut carry,
        None,
        0,
        total,
        stop_for_day,
        observer,
    )?;
    let mut solves = pass;
    let mut reteamed = 0;
    for round in 0..reteams {
        let mut again = Carry::new(week);
        again.spread_hours = carry.spread_hours;
        again.holds = carry.holds.clone();
        again.team_first = carry.team_first;
        again.teams = reteam::served_teams(&days, week.continuity.aim_max_workers);
        let trial = dates::plan_dates(
            week,
            &PlanOptions {
                seed: opts.seed.wrapping_add(0x7ea3 * u64::from(round + 1)),
                ..*opts
            },
            &mut again,
            Some(&days),
            solves,
            total,
            stop_for_day,
            observer,
        )?;
        solves += pass;
        if !reteam::better(&reteam::score(week, &days), &reteam::score(week, &trial)) {
            break;
        }
        days = trial;
        carry = again;
        reteamed += 1;
    }
    let (repaired, kept) = improve::repair(
        week,
        &mut days,
        repair,
        carry.team_first,
        opts,
        &mut |k| stop_for_day(solves + k, total),
        observer,
    )?;
    let mut plan = summarise(week, days);
    for c in &mut plan.clients {
        c.team = carry.teams.get(&c.client).cloned().unwrap_or_default();
    }
    plan.summary.method = method_text(how, reteamed, repaired, kept);
    let decomposed = format!(
        "day by day ({} dates{})",
        week.days,
        if repaired > 0 {
            format!(", then {repaired} re-planned with the others fixed")
        } else {
            String::new()
        }
    );
    plan.decomposition = Some(bounds::bound(
        week,
        &plan,
        &decomposed,
        solves + improve::solves_per_date(carry.team_first) * repaired,
    ));
    plan.week = Some(week.clone());
    Ok(plan)
}

/// `summary.method` for a week planned with `how`, `reteamed` re-teaming
/// passes kept, `repaired` dates re-planned of which `kept` were kept.
fn method_text(how: &WeekOptions, reteamed: u32, repaired: u32, kept: u32) -> String {
    let mut s = String::from(
        "decomposed by day: dates planned in order with rest, hours and the workers each client has seen carried forward",
    );
    if how.teams {
        s.push_str("; each client's team chosen for the whole week first (min-cost flow over visit-dates and workers' hours per date and time of day) and preferred on every date, with the workers the client has already seen");
    } else {
        s.push_str("; continuity chosen greedily");
    }
    if how.teams && how.team_first {
        s.push_str("; each date planned first with only the client's own workers wherever one of them works that day (single-handed visits), then again with the visits left out open to everybody, so others take only what the team could not");
    }
    if how.spread_hours {
        s.push_str("; contracted hours spread over the worker's dates (a share of what is left, with a quarter's slack)");
    } else {
        s.push_str("; contracted hours spent first come, first served");
    }
    if reteamed > 0 {
        s.push_str(&format!("; the week planned again {reteamed} time(s) with each client's team re-chosen from the workers who served the client most"));
    }
    if repaired > 0 {
        s.push_str(&format!("; {repaired} date(s) re-planned afterwards with the other dates fixed, to drop workers a client sees on that date only ({kept} kept)"));
    }
    if how.teams {
        s.push_str("; where a late evening and the next early morning cannot both be worked with 11 hours' rest, the flow chooses the side with more care and the evening's rounds end in time for the morning when it is the morning");
    } else {
        s.push_str("; rest is carried forward first come, first served (a late return limits the next morning)");
    }
    s
}

/// The day validator's verdict, records prefixed with the date.
fn validate_day(day: &RoundsInput, date: CalendarDate) -> Result<()> {
    day_validate::validate(day).map_err(|e| match e {
        Error::Invalid(issues) => Error::Invalid(
            issues
                .into_iter()
                .map(|mut i| {
                    i.record = format!("{date}: {}", i.record);
                    i
                })
                .collect(),
        ),
        other => other,
    })?;
    Ok(())
}
