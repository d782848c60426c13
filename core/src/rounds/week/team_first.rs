//! Team first, then fill: each date of a week with teams is solved twice.
//!
//! 1. **Team first** ([`narrow`]): a single-handed visit that one of the
//!    client's own workers (the team, the client's preferred workers and the
//!    workers the client has already seen this week: the visit's preferred
//!    workers) is able and on shift for today is offered to them only. Other
//!    visits stay open to everybody. Double-handed visits stay open because
//!    two of the client's own workers free at the same minute are rare.
//! 2. **Fill** ([`fill`]): the same date solved again from that plan. The
//!    visits the first solve planned stay with the client's own workers;
//!    the ones it left out are open to everybody, a new worker priced at the
//!    week's over-aim weight. Other workers take only what the team could
//!    not.
//!
//! Why: the day engine leaves a visit unplanned only at a price orders of
//! magnitude above a new face, so on an over-subscribed week it plans
//! *some* visit into each free minute, whoever's client it is, and the
//! team price only breaks ties the search rarely meets (on the county
//! sample week 32 % of visits went to the client's team).
//!
//! Measured at 40 iterations per day solve, before (every solve open to
//! everybody) → after (the first pass, the re-teaming pass and the repair's
//! steps all team first, then filled). County sample week: 13,208
//! visit-dates, 150 workers, seeds 1–3; small: the seven small sample weeks
//! of issue 9, seed 1, summed:
//!
//! | week | visits planned | distinct workers per client | daily clients over the aim |
//! |---|---:|---:|---:|
//! | county, seed 1 | 5,427 → 5,497 | 3.62 → 2.41 | 334 of 642 → 108 of 607 |
//! | county, seed 2 | 5,469 → 5,478 | 3.69 → 2.42 | |
//! | county, seed 3 | 5,439 → 5,501 | 3.69 → 2.44 | |
//! | small weeks | 5,376 → 5,373 | 4.70 → 3.78 (mean of the 7) | 250 → 197 of 343 |
//!
//! It costs a second solve wherever there was one (49 → 72 s on the county
//! week), and more visits start late within their caps (county seed 1:
//! 272 → 329), since a client's own workers are not always the nearest.
//! On the county week care gathers on fewer clients: 110 of 763 clients
//! get no visit at all (65 before), and the daily clients who get some get
//! 49 % of their visits (45 % before).
//! Tried and not kept, each on county seed 1 with the other steps as they
//! then were: the same work spent on 80 iterations per solve
//! without this step (county 5,586 and 4.24: more visits, more strangers);
//! the fill open to everybody for every visit (5,750 and 3.78: strangers
//! take team visits to fit one more); double-handed visits narrowed too
//! (26 double-handed visits planned with both carers instead of 79); the
//! repair's steps solved open to everybody (5,573 and 3.19: the hours the
//! repair frees went to strangers); team only, with no fill (county 3.02,
//! but 7 % fewer visits on the small weeks).

use std::collections::HashSet;

use crate::Result;
use crate::rounds::convert::eligible;
use crate::rounds::model::{RoundsInput, RoundsPlan};

/// `day` with each single-handed visit offered only to its preferred
/// workers where one of them is able (skills, gender, not blocked) and has
/// a shift today; other workers are added to the visit's blocked workers.
/// Double-handed visits, visits without such a worker and visits without
/// preferred workers are unchanged.
pub fn narrow(day: &RoundsInput) -> RoundsInput {
    let mut out = day.clone();
    for v in &mut out.visits {
        if v.carers > 1 || v.preferred_workers.is_empty() {
            continue;
        }
        let own_can = day
            .workers
            .iter()
            .any(|w| !w.shifts.is_empty() && v.preferred_workers.contains(&w.id) && eligible(v, w));
        if !own_can {
            continue;
        }
        for w in &day.workers {
            if !v.preferred_workers.contains(&w.id) && !v.blocked_workers.contains(&w.id) {
                v.blocked_workers.push(w.id.clone());
            }
        }
    }
    out
}

/// `day` for the fill solve: the visits `plan` (a plan of `narrowed`)
/// planned keep `narrowed`'s blocked workers; the others are as in `day`.
pub fn fill(day: &RoundsInput, narrowed: &RoundsInput, plan: &RoundsPlan) -> RoundsInput {
    let planned: HashSet<&str> = plan
        .rounds
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.visit.as_str()))
        .collect();
    let mut out = day.clone();
    for (v, n) in out.visits.iter_mut().zip(&narrowed.visits) {
        if planned.contains(v.id.as_str()) {
            v.blocked_workers.clone_from(&n.blocked_workers);
        }
    }
    out
}

/// One day solve: `(input, warm start, k)`, `k` numbering the solves of
/// one date or step (0 narrowed or the only one, 1 filled).
pub(super) type DaySolve<'a> =
    dyn FnMut(&RoundsInput, Option<RoundsPlan>, u32) -> Result<RoundsPlan> + 'a;

/// Day solves [`solve`] makes: two team first (narrowed, then filled),
/// else one.
pub(super) fn solves(team_first: bool) -> u32 {
    if team_first { 2 } else { 1 }
}

/// Solves `day` from `start`: team first, then fill, when `team_first`;
/// else once, as it is.
pub(super) fn solve(
    day: &RoundsInput,
    start: Option<RoundsPlan>,
    team_first: bool,
    solve: &mut DaySolve<'_>,
) -> Result<RoundsPlan> {
    if !team_first {
        return solve(day, start, 0);
    }
    let narrowed = narrow(day);
    let first = solve(&narrowed, start, 0)?;
    solve(&fill(day, &narrowed, &first), Some(first), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rounds::model::{ClockTime, PlanSummary, Round, RoundStop};
    use crate::rounds::sample_rounds;

    /// The fill day: a planned visit keeps the narrowed blocked list, an
    /// unplanned one gets the day's own back, whatever order the plan
    /// lists them in.
    #[test]
    fn fill_keeps_planned_visits_with_their_own_workers_only() {
        let mut day = sample_rounds(30, 4, 5);
        let ids: Vec<String> = day.workers.iter().map(|w| w.id.clone()).collect();
        for (i, v) in day.visits.iter_mut().enumerate() {
            v.carers = 1;
            v.preferred_workers = vec![ids[i % ids.len()].clone()];
        }
        let narrowed = narrow(&day);
        // A plan with the visits of odd index, in reverse, on one round.
        let planned: Vec<usize> = (0..day.visits.len()).rev().filter(|i| i % 2 == 1).collect();
        let stop = |i: usize| RoundStop {
            visit: day.visits[i].id.clone(),
            client: day.visits[i].client.clone(),
            travel: 0,
            arrival: ClockTime(0),
            start: ClockTime(0),
            end: ClockTime(0),
            wait: 0,
            with: None,
            late_minutes: 0,
        };
        let plan = RoundsPlan {
            schema_version: 1,
            rounds: vec![Round {
                worker: ids[0].clone(),
                shift: 0,
                departure: ClockTime(0),
                return_at: ClockTime(0),
                stops: planned.iter().map(|&i| stop(i)).collect(),
                breaks: Vec::new(),
                travel_minutes: 0,
                waiting_minutes: 0,
                working_minutes: 0,
                overtime_minutes: 0,
            }],
            unplanned: Vec::new(),
            workers: Vec::new(),
            summary: PlanSummary::default(),
        };
        let out = fill(&day, &narrowed, &plan);
        for (i, v) in out.visits.iter().enumerate() {
            let want = if i % 2 == 1 {
                &narrowed.visits[i].blocked_workers
            } else {
                &day.visits[i].blocked_workers
            };
            assert_eq!(&v.blocked_workers, want, "{}", v.id);
        }
        assert_ne!(
            narrowed.visits[1].blocked_workers,
            day.visits[1].blocked_workers
        );
    }

    /// Every visit of a sample day with some preferred workers: checked
    /// against the rule restated here (a single-handed visit with an able,
    /// on-shift preferred worker blocks everybody else; nothing else
    /// changes).
    #[test]
    fn narrow_blocks_the_others_exactly_when_an_own_worker_can_do_a_single_handed_visit() {
        let mut day = sample_rounds(120, 12, 3);
        // Some workers off today, some visits double-handed, so both
        // sides of the rule are met.
        for (i, w) in day.workers.iter_mut().enumerate() {
            if i % 4 == 0 {
                w.shifts.clear();
            }
        }
        let ids: Vec<String> = day.workers.iter().map(|w| w.id.clone()).collect();
        for (i, v) in day.visits.iter_mut().enumerate() {
            v.preferred_workers = vec![
                ids[i % ids.len()].clone(),
                ids[(i * 7 + 1) % ids.len()].clone(),
            ];
            if i % 5 == 0 {
                v.carers = 2;
            }
            if i % 11 == 0 {
                v.preferred_workers.clear();
            }
        }
        let out = narrow(&day);
        let (mut narrowed, mut open) = (0, 0);
        for (before, after) in day.visits.iter().zip(&out.visits) {
            let able_own = day
                .workers
                .iter()
                .filter(|w| {
                    !w.shifts.is_empty()
                        && before.preferred_workers.contains(&w.id)
                        && before.skills.iter().all(|s| w.skills.contains(s))
                        && !before.blocked_workers.contains(&w.id)
                        && before.gender.is_none_or(|g| w.gender == Some(g))
                })
                .count();
            let enough = before.carers == 1 && able_own >= 1;
            for w in &day.workers {
                let was = before.blocked_workers.contains(&w.id);
                let is = after.blocked_workers.contains(&w.id);
                let own = before.preferred_workers.contains(&w.id);
                assert_eq!(is, was || (enough && !own), "{} / {}", before.id, w.id);
            }
            if enough {
                narrowed += 1;
            } else {
                open += 1;
            }
            assert_eq!(before.preferred_workers, after.preferred_workers);
        }
        assert!(
            narrowed > 10 && open > 10,
            "{narrowed} narrowed, {open} open"
        );
    }
}
