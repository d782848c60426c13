//! Re-teaming from the plan: after a first pass over the week, each
//! client's team becomes the workers who actually served the client there
//! (most care minutes first), and the dates are planned again in order with
//! those teams, each warm-started from the first pass's plan of the same
//! date.
//!
//! The flow's teams ([`super::team`]) are promised minutes their members may
//! not be able to give: on an over-subscribed week the day engine fills a
//! member's day with whichever visits it plans first, and a client's other
//! visits go to whoever is free. The workers who did serve a client in the
//! first pass are ones the day engine could fit; preferring them on every
//! date gathers each client on them. The second pass is kept only when it
//! leaves no more must-do visits and no more visits unplanned and lowers the
//! week's distinct client–worker pairs ([`Score`]); otherwise the first pass
//! stands. It costs `days` more day solves.

use std::collections::{BTreeSet, HashMap};

use super::improve::{distinct, visits_by_client};
use super::model::{DayPlan, WeekInput};
use super::{on, visit_id};
use crate::rounds::model::Priority;

/// Per client id: the workers who served the client in `days`, by care
/// minutes served (most first; ties by worker id), at most `aim` of them.
/// Clients with no planned visit are absent.
pub fn served_teams(days: &[DayPlan], aim: usize) -> HashMap<String, Vec<String>> {
    let mut minutes: HashMap<&str, HashMap<&str, i64>> = HashMap::new();
    for day in days {
        for r in &day.plan.rounds {
            for s in &r.stops {
                *minutes
                    .entry(s.client.as_str())
                    .or_default()
                    .entry(r.worker.as_str())
                    .or_default() += (s.end.0 - s.start.0).max(1);
            }
        }
    }
    minutes
        .into_iter()
        .map(|(c, ws)| {
            let mut ranked: Vec<(&str, i64)> = ws.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let team = ranked
                .into_iter()
                .take(aim.max(1))
                .map(|(w, _)| w.to_string())
                .collect();
            (c.to_string(), team)
        })
        .collect()
}

/// What decides whether a re-teaming pass is kept ([`better`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Must-do visit-dates left unplanned.
    pub must_do_unplanned: usize,
    /// Visit-dates left unplanned.
    pub unplanned: usize,
    /// Σ over clients of the distinct workers who visit them.
    pub distinct: usize,
}

/// The [`Score`] of `days`, planned for `week`.
pub fn score(week: &WeekInput, days: &[DayPlan]) -> Score {
    let mut must: BTreeSet<String> = BTreeSet::new();
    for day in days {
        for c in &week.clients {
            for v in c
                .visits
                .iter()
                .filter(|v| v.priority == Priority::MustDo && on(&v.weekdays, day.date.weekday()))
            {
                must.insert(visit_id(&c.id, &v.id, day.date));
            }
        }
    }
    Score {
        must_do_unplanned: days
            .iter()
            .flat_map(|d| &d.plan.unplanned)
            .filter(|u| must.contains(&u.visit))
            .count(),
        unplanned: days.iter().map(|d| d.plan.summary.visits_unplanned).sum(),
        distinct: distinct(&visits_by_client(days)),
    }
}

/// Whether the second pass `after` replaces the first pass `before`: no more
/// must-do and no more visits unplanned, and fewer distinct pairs.
pub fn better(before: &Score, after: &Score) -> bool {
    after.must_do_unplanned <= before.must_do_unplanned
        && after.unplanned <= before.unplanned
        && after.distinct < before.distinct
}
