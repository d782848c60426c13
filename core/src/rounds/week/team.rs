//! The week's first pass: a small team of workers per client, chosen for
//! the whole week at once.
//!
//! 1. **Min-cost flow** ([`crate::algo::min_cost_flow`]) over care-plan
//!    visit × worker. Each care-plan visit supplies its weekly minutes per
//!    carer (duration × carers × dates it happens on); an arc to a worker
//!    exists when the worker may do it (skills, not blocked, gender) and has
//!    a shift on one of its weekdays that can hold it, with capacity the
//!    visit's minutes on the dates the worker is available (so a
//!    double-handed visit needs two workers), through the worker's band of
//!    the day ([`BAND_MINUTES`]) the visit falls in. A worker absorbs at most
//!    a share of their shift minutes in each band ([`BAND_SHARE_PERCENT`])
//!    and of their contracted weekly minutes ([`CARE_SHARE_PERCENT`]) (the rest goes on travel);
//!    whatever nobody can absorb goes to an "uncovered" arc at a
//!    high price. Arc costs are the distance from the worker's base to the
//!    client, less a bonus for the client's preferred workers, so the flow
//!    gives each client nearby workers with room in their week.
//!    The flow is solved [`SLOPE_ROUNDS`] times by *dynamic slope scaling*
//!    (Kim and Pardalos, 1999, for fixed-charge network flow): each worker
//!    new to a client has a fixed charge ([`FIXED_CHARGE`]) that the next
//!    solve spreads over the minutes that worker carried for the client in
//!    the last one, so each client's minutes gather on few workers.
//! 2. **Ranking and cover.** A client's team is its flow workers by minutes
//!    carried (preferred first on ties), at most `aim_max_workers`. While a
//!    date's visit has fewer team members available and able than carers
//!    needed, the eligible worker covering most such uncovered visit-dates
//!    (nearest first) joins, up to the aim.
//!
//! Complexity: one network simplex over `visits × K` arcs (K ≤ [`NEAREST`]
//! nearest eligible workers per care-plan visit), then O(clients × workers ×
//! dates) for the cover.

use std::collections::HashMap;

use super::model::{CarePlanVisit, Client, WeekInput, WeekWorker};
use super::on;
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
    let aim = week.continuity.aim_max_workers.max(1);
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
    let n_slots = slots.len();
    let n_workers = week.workers.len();
    // Nodes: slots, workers, worker × band, sink.
    let band_node = |wi: usize, b: usize| n_slots + n_workers + wi * BANDS + b;
    let sink = n_slots + n_workers * (1 + BANDS);
    // Candidate arcs: (slot, worker, capacity, cost per minute), built once.
    let mut supplies = vec![0i64; n_slots];
    let mut cand_arcs: Vec<(usize, usize, i64, i64)> = Vec::new();
    for (s, (ci, vi, dates)) in slots.iter().enumerate() {
        let c = &week.clients[*ci];
        let v = &c.visits[*vi];
        let per_carer = v.duration.max(1) * dates.len() as i64;
        supplies[s] = per_carer * i64::from(v.carers.max(1));
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
        cand_arcs.extend(
            cands
                .into_iter()
                .map(|(cost, wi, cap)| (s, wi, cap, cost + PREFERRED_BONUS)),
        );
    }
    let total: i64 = supplies.iter().sum();
    // Client minutes per (client, worker) of the last flow: the fixed charge
    // of a new worker for a client is spread over the minutes they carried
    // (dynamic slope scaling), so the flow gathers a client on few workers.
    let mut last: HashMap<(usize, usize), i64> = HashMap::new();
    let mut carried: Vec<HashMap<usize, i64>> = vec![HashMap::new(); week.clients.len()];
    for round in 0..SLOPE_ROUNDS {
        let mut net = FlowNetwork::new(sink + 1);
        let mut arcs: Vec<(usize, usize, usize)> = Vec::with_capacity(cand_arcs.len());
        for (s, &sup) in supplies.iter().enumerate() {
            net.set_supply(s, sup);
            net.add_arc(s, sink, sup, UNCOVERED);
        }
        for &(s, wi, cap, cost) in &cand_arcs {
            let ci = slots[s].0;
            let spread = if round == 0 {
                0
            } else {
                match last.get(&(ci, wi)) {
                    Some(&m) if m > 0 => FIXED_CHARGE / m,
                    _ => FIXED_CHARGE / cap.max(1),
                }
            };
            let a = net.add_arc(
                s,
                band_node(wi, band(&week.clients[ci].visits[slots[s].1])),
                cap,
                cost + spread,
            );
            arcs.push((a, s, wi));
        }
        for (wi, w) in week.workers.iter().enumerate() {
            let cap = w
                .contracted_weekly_minutes
                .unwrap_or_else(|| shift_minutes(week, w, None))
                .max(0)
                * CARE_SHARE_PERCENT
                / 100;
            net.add_arc(n_slots + wi, sink, cap, 0);
            for b in 0..BANDS {
                let cap = shift_minutes(week, w, Some(b)) * BAND_SHARE_PERCENT / 100;
                net.add_arc(band_node(wi, b), n_slots + wi, cap, 0);
            }
        }
        net.set_supply(sink, -total);
        let Ok(sol) = solve(&net) else {
            break;
        };
        carried = vec![HashMap::new(); week.clients.len()];
        for &(a, s, wi) in &arcs {
            if sol.flow[a] > 0 {
                *carried[slots[s].0].entry(wi).or_default() += sol.flow[a];
            }
        }
        last = carried
            .iter()
            .enumerate()
            .flat_map(|(ci, m)| m.iter().map(move |(&wi, &f)| ((ci, wi), f)))
            .collect();
    }
    week.clients
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
        .collect()
}

/// Every minute of `w`'s shifts over the week (within `band` if given).
pub(super) fn shift_minutes(week: &WeekInput, w: &WeekWorker, band: Option<usize>) -> i64 {
    let (lo, hi) = band.map_or((i64::MIN, i64::MAX), |b| {
        (b as i64 * BAND_MINUTES, (b as i64 + 1) * BAND_MINUTES)
    });
    (0..week.days)
        .map(|d| {
            let date = week.start_date.plus(i64::from(d));
            if w.days_off.contains(&date) {
                return 0;
            }
            w.availability
                .iter()
                .filter(|a| on(&a.weekdays, date.weekday()))
                .flat_map(|a| &a.shifts)
                .map(|s| ((s.end.0 + s.overtime).min(hi) - s.start.0.max(lo)).max(0))
                .sum::<i64>()
        })
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
