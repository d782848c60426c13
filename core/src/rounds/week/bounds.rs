//! What the decomposition loses, bounded: bounds that hold for *any* plan
//! of the week, whatever the method, set beside the plan found.
//!
//! * **Continuity** (mean distinct workers per client): for each client
//!   with planned visits, no plan that serves those same visit-dates can use
//!   fewer workers than the most carers one visit needs, than the visit-dates
//!   (weighted by carers) divided by the most any one able and available
//!   worker could take, and than the smallest number of able and available
//!   workers that cover every visit-date (checked exactly for one and two
//!   workers). Travel, time and hours are ignored, so the bound is optimistic.
//! * **Planned visits**: no plan serves more visits than fit in the workers'
//!   weekly minutes (contracted, or every shift minute when no contract),
//!   taking the visits that need the fewest care minutes first and only
//!   visits some worker is able and available for.
//!
//! The gaps (plan − bound) are upper bounds on what planning day by day
//! loses against an exact whole-week solve, not measurements of it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::model::{WeekInput, WeekPlan};
use super::on;

/// The decomposition's loss, bounded (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Decomposition {
    /// What was decomposed and how.
    pub decomposed: String,
    /// Day solves made (the dates, twice each when planned team first; the
    /// same again per re-teaming pass; and the repair pass's solves).
    pub day_solves: u32,
    /// No plan of the same visit-dates has fewer mean distinct workers per
    /// client.
    pub continuity_bound: f64,
    /// The plan's continuity less the bound.
    pub continuity_gap: f64,
    /// No plan plans more visits.
    pub planned_bound: usize,
    /// The bound less the visits planned.
    pub planned_gap: usize,
    /// In words, for a person.
    pub text: String,
}

/// One care visit on one date: (client, care-plan visit index, date).
type Need = (usize, usize, u32);

fn able_and_available(week: &WeekInput, n: Need, wi: usize) -> bool {
    let (ci, vi, d) = n;
    let c = &week.clients[ci];
    let v = &c.visits[vi];
    let w = &week.workers[wi];
    let date = week.start_date.plus(i64::from(d));
    v.skills.iter().all(|s| w.skills.contains(s))
        && !c.blocked_workers.contains(&w.id)
        && c.gender.is_none_or(|g| w.gender == Some(g))
        && !w.days_off.contains(&date)
        && w.availability
            .iter()
            .any(|a| on(&a.weekdays, date.weekday()) && !a.shifts.is_empty())
}

/// Lower bound on the distinct workers a client needs to cover `needs`.
fn client_bound(week: &WeekInput, needs: &[Need]) -> usize {
    if needs.is_empty() {
        return 0;
    }
    let carers = |n: &Need| usize::from(week.clients[n.0].visits[n.1].carers.max(1));
    let most_carers = needs.iter().map(carers).max().unwrap_or(1);
    let cover: Vec<BTreeSet<usize>> = (0..week.workers.len())
        .map(|wi| {
            (0..needs.len())
                .filter(|&k| able_and_available(week, needs[k], wi))
                .collect()
        })
        .collect();
    let best = cover.iter().map(BTreeSet::len).max().unwrap_or(0);
    if best == 0 {
        return most_carers;
    }
    let weighted: usize = needs.iter().map(carers).sum();
    let mut bound = most_carers.max(weighted.div_ceil(best));
    let covers_all = |team: &[usize]| {
        (0..needs.len())
            .all(|k| team.iter().filter(|&&w| cover[w].contains(&k)).count() >= carers(&needs[k]))
    };
    let n = cover.len();
    if bound <= 1 && !(0..n).any(|a| covers_all(&[a])) {
        bound = 2;
    }
    if bound == 2 && n <= 80 && !(0..n).any(|a| (a + 1..n).any(|b| covers_all(&[a, b]))) {
        bound = 3;
    }
    bound
}

/// The bounds for `plan` of `week`.
pub fn bound(
    week: &WeekInput,
    plan: &WeekPlan,
    decomposed: &str,
    day_solves: u32,
) -> Decomposition {
    // Planned visit-dates per client.
    let index: BTreeMap<String, (usize, usize)> = week
        .clients
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.visits
                .iter()
                .enumerate()
                .map(move |(vi, v)| (format!("{}-{}", c.id, v.id), (ci, vi)))
        })
        .collect();
    let mut needs: BTreeMap<usize, BTreeSet<Need>> = BTreeMap::new();
    for (d, day) in plan.days.iter().enumerate() {
        for r in &day.plan.rounds {
            for s in &r.stops {
                let base = s.visit.rsplit_once('@').map_or(s.visit.as_str(), |x| x.0);
                if let Some(&(ci, vi)) = index.get(base) {
                    needs.entry(ci).or_default().insert((ci, vi, d as u32));
                }
            }
        }
    }
    let mut total = 0usize;
    for list in needs.values() {
        let list: Vec<Need> = list.iter().copied().collect();
        total += client_bound(week, &list);
    }
    let continuity_bound = if needs.is_empty() {
        0.0
    } else {
        total as f64 / needs.len() as f64
    };
    // Planned visits: care minutes against the workers' week.
    let capacity: i64 = week
        .workers
        .iter()
        .map(|w| {
            let shifts = super::team::shift_minutes(week, w, None);
            w.contracted_weekly_minutes
                .map_or(shifts, |c| c.min(shifts))
        })
        .sum();
    let mut minutes: Vec<i64> = Vec::new();
    for (ci, c) in week.clients.iter().enumerate() {
        for (vi, v) in c.visits.iter().enumerate() {
            for d in 0..week.days {
                if !on(&v.weekdays, week.start_date.plus(i64::from(d)).weekday()) {
                    continue;
                }
                let able = (0..week.workers.len())
                    .filter(|&wi| able_and_available(week, (ci, vi, d), wi))
                    .count();
                if able >= usize::from(v.carers.max(1)) {
                    minutes.push(v.duration * i64::from(v.carers.max(1)));
                }
            }
        }
    }
    minutes.sort_unstable();
    let mut used = 0i64;
    let mut planned_bound = 0usize;
    for m in minutes {
        if used + m > capacity {
            break;
        }
        used += m;
        planned_bound += 1;
    }
    let continuity_gap = (plan.summary.continuity - continuity_bound).max(0.0);
    let planned_gap = planned_bound.saturating_sub(plan.summary.planned);
    let text = format!(
        "Planned {decomposed}. Any plan of the same visits needs at least {continuity_bound:.2} \
         distinct workers per client on average (this plan: {:.2}, so day-by-day planning loses at \
         most {continuity_gap:.2}); no plan fits more than {planned_bound} visits into the workers' \
         weekly hours (this plan: {}, at most {planned_gap} lost). Both bounds ignore travel and \
         the time of day, so the true loss may be much smaller.",
        plan.summary.continuity, plan.summary.planned
    );
    Decomposition {
        decomposed: decomposed.to_string(),
        day_solves,
        continuity_bound,
        continuity_gap,
        planned_bound,
        planned_gap,
        text,
    }
}
