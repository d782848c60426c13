//! The week's figures (continuity per client, hours, days and pay per
//! worker, totals) from its day plans.

use std::collections::{BTreeSet, HashMap};

use super::dates::advance;
use super::model::{ClientWeek, DayPlan, WeekInput, WeekPlan, WeekSummary, WorkerWeek};
use super::{Carry, DAY};
use crate::rounds::model::SCHEMA_VERSION;

/// The week's figures from its day plans.
pub fn summarise(week: &WeekInput, days: Vec<DayPlan>) -> WeekPlan {
    let mut carry = Carry::new(week);
    let mut visits_by_client: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut days_worked = vec![BTreeSet::new(); week.workers.len()];
    let mut pay = vec![0i64; week.workers.len()];
    let mut rest: Vec<Option<i64>> = vec![None; week.workers.len()];
    let mut first_dep: Vec<Vec<Option<(i64, i64)>>> =
        vec![vec![None; week.days as usize]; week.workers.len()];
    let index: HashMap<&str, usize> = week
        .workers
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    let preferred: HashMap<&str, &[String]> = week
        .clients
        .iter()
        .map(|c| (c.id.as_str(), c.preferred_workers.as_slice()))
        .collect();
    let mut summary = WeekSummary {
        visits: 0,
        planned: 0,
        unplanned: 0,
        late: 0,
        travel_minutes: 0,
        workers_used: 0,
        continuity: 0.0,
        clients_over_aim: 0,
        pay: 0,
        method: "decomposed by day: dates planned in order, rest, weekly hours and the \
                 workers each client has seen carried forward; a day cannot hold hours or \
                 rest back for a later day, and continuity is chosen greedily"
            .to_string(),
    };
    for (d, day) in days.iter().enumerate() {
        let p = &day.plan;
        summary.planned += p.summary.visits_planned;
        summary.unplanned += p.summary.visits_unplanned;
        summary.late += p.summary.late_visits;
        summary.travel_minutes += p.summary.travel_minutes;
        summary.pay += p.summary.cost;
        for r in &p.rounds {
            let Some(&i) = index.get(r.worker.as_str()) else {
                continue;
            };
            days_worked[i].insert(d);
            let e = first_dep[i][d].get_or_insert((r.departure.0, r.return_at.0));
            e.0 = e.0.min(r.departure.0);
            e.1 = e.1.max(r.return_at.0);
            for s in &r.stops {
                let c = visits_by_client.entry(s.client.as_str()).or_default();
                c.0 += 1;
                if preferred
                    .get(s.client.as_str())
                    .is_some_and(|p| p.contains(&r.worker))
                {
                    c.1 += 1;
                }
            }
        }
        for w in &p.workers {
            if let Some(&i) = index.get(w.worker.as_str()) {
                pay[i] += w.cost;
            }
        }
        advance(week, d as u32, p, &mut carry);
    }
    summary.visits = summary.planned + summary.unplanned;
    for (i, spans) in first_dep.iter().enumerate() {
        for d in 1..spans.len() {
            if let (Some(a), Some(b)) = (spans[d - 1], spans[d]) {
                let gap = DAY + b.0 - a.1;
                rest[i] = Some(rest[i].map_or(gap, |r: i64| r.min(gap)));
            }
        }
    }
    let mut clients: Vec<ClientWeek> = week
        .clients
        .iter()
        .filter_map(|c| {
            let seen = carry.seen.get(&c.id)?;
            let (visits, pref) = visits_by_client
                .get(c.id.as_str())
                .copied()
                .unwrap_or_default();
            Some(ClientWeek {
                client: c.id.clone(),
                visits,
                distinct_workers: seen.len(),
                workers: seen.iter().cloned().collect(),
                preferred_visits: pref,
                team: Vec::new(),
            })
        })
        .collect();
    clients.sort_by(|a, b| a.client.cmp(&b.client));
    if !clients.is_empty() {
        let total: usize = clients.iter().map(|c| c.distinct_workers).sum();
        summary.continuity = total as f64 / clients.len() as f64;
    }
    summary.clients_over_aim = clients
        .iter()
        .filter(|c| c.distinct_workers > week.continuity.aim_max_workers)
        .count();
    let workers: Vec<WorkerWeek> = week
        .workers
        .iter()
        .enumerate()
        .map(|(i, w)| WorkerWeek {
            worker: w.id.clone(),
            days_worked: days_worked[i].len(),
            working_minutes: carry.worked[i],
            contracted_weekly_minutes: w.contracted_weekly_minutes,
            shortest_rest_minutes: rest[i],
            pay: pay[i],
        })
        .collect();
    summary.workers_used = workers.iter().filter(|w| w.days_worked > 0).count();
    WeekPlan {
        schema_version: SCHEMA_VERSION,
        week: None,
        days,
        clients,
        workers,
        summary,
        decomposition: None,
    }
}
