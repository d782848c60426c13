//! The week's first pass: a small team of workers per client, chosen for
//! the whole week at once.
//!
//! 1. **Min-cost flow** ([`crate::algo::min_cost_flow`]) over visit-date ×
//!    worker. Each visit-date (a care-plan visit on one of its dates)
//!    supplies its minutes × carers; an arc to a worker exists when the
//!    worker is among the care-plan visit's [`NEAREST`] workers who may do
//!    it (skills, not blocked, gender) and has a shift on that date that can
//!    hold it, with capacity the visit's minutes (so a double-handed visit
//!    needs two workers), into the worker's band of the day
//!    ([`BAND_MINUTES`]) on that date. Capacities are per date, so a team is
//!    one its members can work date by date: a band holds a share of the
//!    worker's shift minutes in it ([`BAND_SHARE_PERCENT`]), a date the
//!    worker's share of the week ([`HOURS_SLACK_PERCENT`] of contracted
//!    minutes ÷ dates worked, at most the date's shift minutes), the week a
//!    share of the contracted minutes ([`CARE_SHARE_PERCENT`]) (the rest
//!    goes on travel). Bands on either side of a rest clash
//!    ([`super::rest`]: a late evening and the next early morning) flow
//!    through one node that holds only what the larger side can, and the side
//!    that carries more minutes decides the worker's rest
//!    ([`TeamPlan::holds`]); those bands bypass the date's cap (a
//!    relaxation). Whatever nobody can absorb goes to an "uncovered" arc at a
//!    high price. Arc costs are the distance from the worker's base to the
//!    client, less a bonus for the client's preferred workers, so the flow
//!    gives each client nearby workers with room in their dates.
//!    The flow is solved `SLOPE_ROUNDS` times by *dynamic slope scaling*
//!    (Kim and Pardalos, 1999, for fixed-charge network flow): each worker
//!    new to a client has a fixed charge (`FIXED_CHARGE`) that the next
//!    solve spreads over the minutes that worker carried for the client in
//!    the last one, so each client's minutes gather on few workers.
//! 2. **Ranking and cover.** A client's team is its flow workers by minutes
//!    carried (preferred first on ties), at most `aim_max_workers`. While a
//!    date's visit has fewer team members available and able than carers
//!    needed, the eligible worker covering most such uncovered visit-dates
//!    (nearest first) joins, up to the aim.
//!
//! Complexity: `SLOPE_ROUNDS` network simplex solves over `visit-dates ×
//! K` arcs (K ≤ [`NEAREST`] nearest eligible workers per care-plan visit)
//! and `workers × dates × bands` capacity arcs, then O(clients × workers ×
//! dates) for the cover. On the county sample week (13,208 visit-dates, 150
//! workers, `--iterations 0`) the whole week took 36 s of CPU against 21 s
//! with the earlier weekly-band flow; 24 nearest workers instead of 40 took
//! 24 s but planned 56 fewer visits.

use std::collections::HashMap;

use super::model::{CarePlanVisit, Client, WeekInput, WeekWorker};
use super::rest::{Clash, clash};
use super::{HOURS_SLACK_PERCENT, on, works_on};
use crate::algo::min_cost_flow::{FlowNetwork, solve};

/// Share of a worker's contracted minutes assumed to go on care (the rest
/// on travel and waiting).
pub const CARE_SHARE_PERCENT: i64 = 75;
/// Share of a worker's shift minutes in a band of the day assumed to go on
/// care (50 % was tried: no better on the sample weeks).
pub const BAND_SHARE_PERCENT: i64 = 75;
/// Arcs per care-plan visit: to this many nearest eligible workers.
pub const NEAREST: usize = 40;
/// Cost per minute left uncovered by the flow.
const UNCOVERED: i64 = 1_000_000;
/// Fixed charge of a worker new to a client, in the flow's cost units
/// (100 m × minute): about a 30-minute daily call carried from 1.5 km
/// further away.
const FIXED_CHARGE: i64 = 15 * 210;
/// Flow solves of the slope scaling (the first without fixed charges).
const SLOPE_ROUNDS: usize = 4;
/// Bonus per minute for a preferred worker (in 100 m units of distance).
const PREFERRED_BONUS: i64 = 50;

/// Minutes in a band of the day: a worker's care minutes are capped per
/// band, so that a team does not hold more morning calls than its members'
/// mornings can take.
pub const BAND_MINUTES: i64 = 120;
/// Bands in a day.
const BANDS: usize = (24 * 60 / BAND_MINUTES) as usize;

/// The band of the middle of `v`'s windows.
fn band(v: &CarePlanVisit) -> usize {
    let earliest = v.windows.iter().map(|t| t.earliest.0).min().unwrap_or(0);
    let latest = v.windows.iter().map(|t| t.latest.0).max().unwrap_or(0);
    (((earliest + latest) / 2 + v.duration / 2) / BAND_MINUTES).clamp(0, BANDS as i64 - 1) as usize
}

/// Whether `w` may do `v` of `c` at all (skills, blocked, gender).
fn able(c: &Client, v: &CarePlanVisit, w: &WeekWorker) -> bool {
    v.skills.iter().all(|s| w.skills.contains(s))
        && !c.blocked_workers.contains(&w.id)
        && c.gender.is_none_or(|g| w.gender == Some(g))
}

/// Whether `w` works on date number `d` in a shift that can hold `v`.
fn available(week: &WeekInput, v: &CarePlanVisit, w: &WeekWorker, d: u32) -> bool {
    let date = week.start_date.plus(i64::from(d));
    if w.days_off.contains(&date) {
        return false;
    }
    let wd = date.weekday();
    let earliest = v.windows.iter().map(|t| t.earliest.0).min().unwrap_or(0);
    let latest = v.windows.iter().map(|t| t.latest.0).max().unwrap_or(0);
    w.availability
        .iter()
        .filter(|a| on(&a.weekdays, wd))
        .flat_map(|a| &a.shifts)
        .any(|s| s.start.0 <= latest && s.end.0 + s.overtime >= earliest + v.duration)
}

/// Dates (indices) on which care-plan visit `v` happens.
fn dates_of(week: &WeekInput, v: &CarePlanVisit) -> Vec<u32> {
    (0..week.days)
        .filter(|&d| on(&v.weekdays, week.start_date.plus(i64::from(d)).weekday()))
        .collect()
}

/// Distance from the worker's base to the client, in 100 m units.
fn distance(c: &Client, w: &WeekWorker) -> i64 {
    (w.start.distance_m(&c.location) / 100.0).round() as i64
}

/// The team of each client (worker indices into `week.workers`, best
/// first), in the order of `week.clients`.
pub fn teams(week: &WeekInput) -> Vec<Vec<usize>> {
    plan_teams(week).teams
}

/// The week's teams and rest choices, from one flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamPlan {
    /// Per client (in the order of `week.clients`): worker indices, best first.
    pub teams: Vec<Vec<usize>>,
    /// Per worker, per date number: the latest return that keeps the rest
    /// before the next date, when the flow gave the next morning more care
    /// minutes than this evening ([`rest`](super::rest)); `None` otherwise.
    pub holds: Vec<Vec<Option<i64>>>,
}

/// Which side of a rest clash a band of the day is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    /// The evening of the clash's first date.
    Evening,
    /// The morning of the clash's second date.
    Morning,
}

/// [`teams`], and the rest choices the same flow makes.
pub fn plan_teams(week: &WeekInput) -> TeamPlan {
    let aim = week.continuity.aim_max_workers.max(1);
    let days = week.days as usize;
    // Care-plan visits: (client, visit, dates).
    let slots: Vec<(usize, usize, Vec<u32>)> = week
        .clients
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.visits
                .iter()
                .enumerate()
                .map(move |(vi, v)| (ci, vi, dates_of(week, v)))
        })
        .filter(|s| !s.2.is_empty())
        .collect();
    // Visit-dates: (slot, date); each supplies its minutes × carers.
    let vds: Vec<(usize, u32)> = slots
        .iter()
        .enumerate()
        .flat_map(|(s, (_, _, dates))| dates.iter().map(move |&d| (s, d)))
        .collect();
    let n_vd = vds.len();
    let n_workers = week.workers.len();
    // Nodes: visit-dates, worker × date × band, worker × date, worker,
    // worker × rest clash (date and next date), sink.
    let band_node = |wi: usize, d: usize, b: usize| n_vd + (wi * days + d) * BANDS + b;
    let day_node = |wi: usize, d: usize| n_vd + n_workers * days * BANDS + wi * days + d;
    let worker_node = |wi: usize| n_vd + n_workers * days * (BANDS + 1) + wi;
    let rest_node =
        |wi: usize, d: usize| n_vd + n_workers * (days * (BANDS + 1) + 1) + wi * days + d;
    let sink = n_vd + n_workers * (days * (BANDS + 2) + 1);
    // Candidate workers per care-plan visit: (worker, cost per minute,
    // weekly minutes the worker could carry), the nearest eligible ones.
    let cands: Vec<Vec<(usize, i64, i64)>> = slots
        .iter()
        .map(|(ci, vi, dates)| {
            let c = &week.clients[*ci];
            let v = &c.visits[*vi];
            let mut cands: Vec<(i64, usize, i64)> = week
                .workers
                .iter()
                .enumerate()
                .filter(|(_, w)| able(c, v, w))
                .filter_map(|(wi, w)| {
                    let n = dates.iter().filter(|&&d| available(week, v, w, d)).count() as i64;
                    (n > 0).then(|| {
                        let bonus = if c.preferred_workers.contains(&w.id) {
                            PREFERRED_BONUS
                        } else {
                            0
                        };
                        (distance(c, w) - bonus, wi, n * v.duration.max(1))
                    })
                })
                .collect();
            cands.sort();
            cands.truncate(NEAREST);
            cands
                .into_iter()
                .map(|(cost, wi, week_minutes)| (wi, cost + PREFERRED_BONUS, week_minutes))
                .collect()
        })
        .collect();
    // Arcs visit-date → worker's band of that date: (vd, worker, cap, cost,
    // weekly minutes), where the worker is available on the date.
    let mut cand_arcs: Vec<(usize, usize, i64, i64, i64)> = Vec::new();
    let mut supplies = vec![0i64; n_vd];
    for (k, &(s, d)) in vds.iter().enumerate() {
        let (ci, vi, _) = &slots[s];
        let v = &week.clients[*ci].visits[*vi];
        supplies[k] = v.duration.max(1) * i64::from(v.carers.max(1));
        for &(wi, cost, wm) in &cands[s] {
            if available(week, v, &week.workers[wi], d) {
                cand_arcs.push((k, wi, v.duration.max(1), cost, wm));
            }
        }
    }
    let total: i64 = supplies.iter().sum();
    // Fixed capacities: per worker, band of a date, date and week. A band on
    // either side of a rest clash goes to the clash's node instead of the
    // date's, which holds what the larger side can (the two sides cannot
    // both be worked). Tagged band arcs: (arc in `caps`, worker, clash date, side).
    let mut caps: Vec<(usize, usize, i64)> = Vec::new();
    let mut tagged: Vec<(usize, usize, usize, Side)> = Vec::new();
    let clashes: Vec<Vec<Option<Clash>>> = week
        .workers
        .iter()
        .map(|w| (0..week.days).map(|d| clash(week, w, d)).collect())
        .collect();
    for (wi, w) in week.workers.iter().enumerate() {
        let weekly = w
            .contracted_weekly_minutes
            .unwrap_or_else(|| shift_minutes(week, w, None))
            .max(0);
        caps.push((worker_node(wi), sink, weekly * CARE_SHARE_PERCENT / 100));
        let dates = (0..week.days)
            .filter(|&d| works_on(week, w, d))
            .count()
            .max(1) as i64;
        let share = weekly * HOURS_SLACK_PERCENT / (100 * dates);
        for d in 0..days {
            let on_date = shift_minutes_on(week, w, d as u32, None);
            let cap = share
                .min(on_date)
                .min(w.max_working_minutes.unwrap_or(i64::MAX))
                * CARE_SHARE_PERCENT
                / 100;
            caps.push((day_node(wi, d), worker_node(wi), cap));
            let before = d.checked_sub(1).and_then(|p| clashes[wi][p]);
            let after = clashes[wi][d];
            for b in 0..BANDS {
                let cap = shift_minutes_on(week, w, d as u32, Some(b)) * BAND_SHARE_PERCENT / 100;
                let (lo, hi) = (b as i64 * BAND_MINUTES, (b as i64 + 1) * BAND_MINUTES);
                let side = match (before, after) {
                    (Some(c), _) if lo < c.earliest_start => Some((d - 1, Side::Morning)),
                    (_, Some(c)) if hi > c.latest_return => Some((d, Side::Evening)),
                    _ => None,
                };
                let to = side.map_or(day_node(wi, d), |(cd, _)| rest_node(wi, cd));
                if let Some((cd, side)) = side {
                    tagged.push((caps.len(), wi, cd, side));
                }
                caps.push((band_node(wi, d, b), to, cap));
            }
        }
    }
    // A clash node holds the larger of its two sides.
    for (wi, per_date) in clashes.iter().enumerate() {
        for d in (0..days).filter(|&d| per_date[d].is_some()) {
            let side_cap = |side: Side| -> i64 {
                tagged
                    .iter()
                    .filter(|t| t.1 == wi && t.2 == d && t.3 == side)
                    .map(|t| caps[t.0].2)
                    .sum()
            };
            let cap = side_cap(Side::Evening).max(side_cap(Side::Morning));
            caps.push((rest_node(wi, d), worker_node(wi), cap));
        }
    }
    let mut cap_arcs: Vec<usize> = Vec::new();
    // Client minutes per (client, worker) of the last flow: the fixed charge
    // of a new worker for a client is spread over the minutes they carried
    // (dynamic slope scaling), so the flow gathers a client on few workers.
    let mut last: HashMap<(usize, usize), i64> = HashMap::new();
    let mut carried: Vec<HashMap<usize, i64>> = vec![HashMap::new(); week.clients.len()];
    let mut holds: Vec<Vec<Option<i64>>> = vec![vec![None; days]; n_workers];
    for round in 0..SLOPE_ROUNDS {
        let mut net = FlowNetwork::new(sink + 1);
        let mut arcs: Vec<(usize, usize, usize)> = Vec::with_capacity(cand_arcs.len());
        for (k, &sup) in supplies.iter().enumerate() {
            net.set_supply(k, sup);
            net.add_arc(k, sink, sup, UNCOVERED);
        }
        for &(k, wi, cap, cost, wm) in &cand_arcs {
            let (s, d) = vds[k];
            let (ci, vi, _) = &slots[s];
            let spread = if round == 0 {
                0
            } else {
                match last.get(&(*ci, wi)) {
                    Some(&m) if m > 0 => FIXED_CHARGE / m,
                    _ => FIXED_CHARGE / wm.max(1),
                }
            };
            let b = band(&week.clients[*ci].visits[*vi]);
            let a = net.add_arc(k, band_node(wi, d as usize, b), cap, cost + spread);
            arcs.push((a, *ci, wi));
        }
        cap_arcs.clear();
        for &(from, to, cap) in &caps {
            cap_arcs.push(net.add_arc(from, to, cap.max(0), 0));
        }
        net.set_supply(sink, -total);
        let Ok(sol) = solve(&net) else {
            break;
        };
        // Each clash's side loads, from the latest flow.
        holds = vec![vec![None; days]; n_workers];
        let mut loads: HashMap<(usize, usize, Side), i64> = HashMap::new();
        for &(k, wi, d, side) in &tagged {
            *loads.entry((wi, d, side)).or_default() += sol.flow[cap_arcs[k]];
        }
        for (wi, per_date) in clashes.iter().enumerate() {
            for (d, c) in per_date.iter().enumerate() {
                let load = |side| loads.get(&(wi, d, side)).copied().unwrap_or(0);
                if let Some(c) = c
                    && load(Side::Morning) > load(Side::Evening)
                {
                    holds[wi][d] = Some(c.latest_return);
                }
            }
        }
        carried = vec![HashMap::new(); week.clients.len()];
        for &(a, ci, wi) in &arcs {
            if sol.flow[a] > 0 {
                *carried[ci].entry(wi).or_default() += sol.flow[a];
            }
        }
        last = carried
            .iter()
            .enumerate()
            .flat_map(|(ci, m)| m.iter().map(move |(&wi, &f)| ((ci, wi), f)))
            .collect();
    }
    let teams = week
        .clients
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let mut ranked: Vec<(usize, i64)> = carried[ci].iter().map(|(&w, &m)| (w, m)).collect();
            ranked.sort_by_key(|&(w, m)| {
                (
                    -m,
                    !c.preferred_workers.contains(&week.workers[w].id),
                    distance(c, &week.workers[w]),
                    w,
                )
            });
            let mut team: Vec<usize> = ranked.into_iter().map(|(w, _)| w).take(aim).collect();
            cover(week, c, aim, &mut team);
            team
        })
        .collect();
    TeamPlan { teams, holds }
}

/// Every minute of `w`'s shifts over the week (within `band` if given).
pub(super) fn shift_minutes(week: &WeekInput, w: &WeekWorker, band: Option<usize>) -> i64 {
    (0..week.days)
        .map(|d| shift_minutes_on(week, w, d, band))
        .sum()
}

/// Every minute of `w`'s shifts on date number `d` (within `band` if
/// given), overtime included.
fn shift_minutes_on(week: &WeekInput, w: &WeekWorker, d: u32, band: Option<usize>) -> i64 {
    let (lo, hi) = band.map_or((i64::MIN, i64::MAX), |b| {
        (b as i64 * BAND_MINUTES, (b as i64 + 1) * BAND_MINUTES)
    });
    let date = week.start_date.plus(i64::from(d));
    if w.days_off.contains(&date) {
        return 0;
    }
    w.availability
        .iter()
        .filter(|a| on(&a.weekdays, date.weekday()))
        .flat_map(|a| &a.shifts)
        .map(|s| ((s.end.0 + s.overtime).min(hi) - s.start.0.max(lo)).max(0))
        .sum()
}

/// Adds workers to `team` (up to `aim`) while some visit-date has fewer able
/// and available team members than carers.
fn cover(week: &WeekInput, c: &Client, aim: usize, team: &mut Vec<usize>) {
    let needs: Vec<(&CarePlanVisit, u32)> = c
        .visits
        .iter()
        .flat_map(|v| dates_of(week, v).into_iter().map(move |d| (v, d)))
        .collect();
    let fits = |wi: usize, v: &CarePlanVisit, d: u32| {
        let w = &week.workers[wi];
        able(c, v, w) && available(week, v, w, d)
    };
    while team.len() < aim {
        let short: Vec<&(&CarePlanVisit, u32)> = needs
            .iter()
            .filter(|(v, d)| {
                team.iter().filter(|&&wi| fits(wi, v, *d)).count() < usize::from(v.carers.max(1))
            })
            .collect();
        if short.is_empty() {
            return;
        }
        let best = (0..week.workers.len())
            .filter(|wi| !team.contains(wi))
            .map(|wi| {
                let n = short.iter().filter(|(v, d)| fits(wi, v, *d)).count();
                (wi, n)
            })
            .filter(|&(_, n)| n > 0)
            .min_by_key(|&(wi, n)| (std::cmp::Reverse(n), distance(c, &week.workers[wi]), wi));
        match best {
            Some((wi, _)) => team.push(wi),
            None => return,
        }
    }
}
