//! The independent checker of a week plan: every date against the day
//! rules ([`crate::rounds::check::check_plan`] on the date's input built
//! from the care plans and availability alone), then the week rules: no
//! round on a day off, at least 11 hours' rest between shifts on
//! consecutive dates, no more than the contracted weekly minutes, and the
//! reported week figures (continuity and preferred visits per client,
//! clients over the aim, hours per worker, totals) recomputed from the
//! rounds, and the decomposition's bounds not beaten by the plan itself.

use std::collections::{BTreeSet, HashMap};

use super::model::{MIN_REST_MINUTES, WeekInput, WeekPlan};
use super::{DAY, day_input};
use crate::rounds::check::{Violation, check_plan};

fn add(
    out: &mut Vec<Violation>,
    rule: &str,
    record: impl Into<String>,
    message: impl Into<String>,
) {
    out.push(Violation {
        rule: rule.to_string(),
        record: record.into(),
        message: message.into(),
    });
}

/// Checks `plan` against `week`; an empty list means it keeps every rule.
pub fn check_week(week: &WeekInput, plan: &WeekPlan) -> Vec<Violation> {
    let mut out = Vec::new();
    if plan.days.len() != week.days as usize {
        add(
            &mut out,
            "days",
            "plan",
            format!(
                "{} dates planned, the week has {}",
                plan.days.len(),
                week.days
            ),
        );
    }
    // Per worker: (date index, first departure, last return, minutes).
    let mut spans: HashMap<&str, Vec<(usize, i64, i64)>> = HashMap::new();
    let mut worked: HashMap<&str, i64> = HashMap::new();
    let mut seen: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (d, day) in plan.days.iter().enumerate() {
        let date = week.start_date.plus(d as i64);
        if day.date != date {
            add(
                &mut out,
                "date",
                format!("date {}", day.date),
                format!("plan number {d} should be for {date}"),
            );
        }
        let input = day_input(week, d as u32, None);
        for mut v in check_plan(&input, &day.plan) {
            v.record = format!("{date}: {}", v.record);
            out.push(v);
        }
        for r in &day.plan.rounds {
            let Some(w) = week.workers.iter().find(|w| w.id == r.worker) else {
                continue;
            };
            if w.days_off.contains(&date) {
                add(
                    &mut out,
                    "day_off",
                    format!("worker {}", w.id),
                    format!("works on {date}, a day off"),
                );
            }
            *worked.entry(w.id.as_str()).or_default() += r.working_minutes;
            let list = spans.entry(w.id.as_str()).or_default();
            match list.last_mut() {
                Some(last) if last.0 == d => {
                    last.1 = last.1.min(r.departure.0);
                    last.2 = last.2.max(r.return_at.0);
                }
                _ => list.push((d, r.departure.0, r.return_at.0)),
            }
            for s in &r.stops {
                seen.entry(s.client.as_str())
                    .or_default()
                    .insert(r.worker.as_str());
            }
        }
    }
    for (w, list) in &spans {
        for pair in list.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let rest = (b.0 - a.0) as i64 * DAY + b.1 - a.2;
            if rest < MIN_REST_MINUTES {
                add(
                    &mut out,
                    "rest",
                    format!("worker {w}"),
                    format!(
                        "{} min rest between {} and {}; at least {MIN_REST_MINUTES} are needed",
                        rest,
                        week.start_date.plus(a.0 as i64),
                        week.start_date.plus(b.0 as i64)
                    ),
                );
            }
        }
    }
    for w in &week.workers {
        let m = worked.get(w.id.as_str()).copied().unwrap_or(0);
        if let Some(c) = w.contracted_weekly_minutes
            && m > c
        {
            add(
                &mut out,
                "weekly_hours",
                format!("worker {}", w.id),
                format!("works {m} min in the week, more than the contracted {c}"),
            );
        }
        if let Some(ww) = plan.workers.iter().find(|x| x.worker == w.id)
            && ww.working_minutes != m
        {
            add(
                &mut out,
                "weekly_total",
                format!("worker {}", w.id),
                format!(
                    "week minutes given as {}, the rounds say {m}",
                    ww.working_minutes
                ),
            );
        }
    }
    let preferred: HashMap<&str, &[String]> = week
        .clients
        .iter()
        .map(|c| (c.id.as_str(), c.preferred_workers.as_slice()))
        .collect();
    let mut preferred_visits: HashMap<&str, usize> = HashMap::new();
    for r in plan.days.iter().flat_map(|d| &d.plan.rounds) {
        for s in &r.stops {
            if preferred
                .get(s.client.as_str())
                .is_some_and(|p| p.contains(&r.worker))
            {
                *preferred_visits.entry(s.client.as_str()).or_default() += 1;
            }
        }
    }
    for c in &plan.clients {
        let p = preferred_visits
            .get(c.client.as_str())
            .copied()
            .unwrap_or(0);
        if c.preferred_visits != p {
            add(
                &mut out,
                "preferred_visits",
                format!("client {}", c.client),
                format!(
                    "{} visits by preferred workers reported, the rounds say {p}",
                    c.preferred_visits
                ),
            );
        }
    }
    let over = seen
        .values()
        .filter(|s| s.len() > week.continuity.aim_max_workers)
        .count();
    if plan.summary.clients_over_aim != over {
        add(
            &mut out,
            "week_total",
            "plan",
            format!(
                "{} clients over the aim reported, the rounds say {over}",
                plan.summary.clients_over_aim
            ),
        );
    }
    if let Some(b) = &plan.decomposition {
        // A bound that the plan itself beats is wrong.
        if planned_total(plan) > b.planned_bound {
            add(
                &mut out,
                "decomposition",
                "plan",
                format!(
                    "{} visits planned, more than the bound of {}",
                    planned_total(plan),
                    b.planned_bound
                ),
            );
        }
        if !seen.is_empty() {
            let mean = seen.values().map(BTreeSet::len).sum::<usize>() as f64 / seen.len() as f64;
            if mean + 1e-9 < b.continuity_bound {
                add(
                    &mut out,
                    "decomposition",
                    "plan",
                    format!(
                        "{mean:.2} distinct workers per client, fewer than the bound of {:.2}",
                        b.continuity_bound
                    ),
                );
            }
        }
    }
    for c in &plan.clients {
        let n = seen.get(c.client.as_str()).map_or(0, BTreeSet::len);
        if c.distinct_workers != n {
            add(
                &mut out,
                "continuity",
                format!("client {}", c.client),
                format!(
                    "{} distinct workers reported, the rounds say {n}",
                    c.distinct_workers
                ),
            );
        }
    }
    let planned = planned_total(plan);
    if plan.summary.planned != planned {
        add(
            &mut out,
            "week_total",
            "plan",
            format!(
                "{} planned reported, the days say {planned}",
                plan.summary.planned
            ),
        );
    }
    if !seen.is_empty() {
        let mean = seen.values().map(BTreeSet::len).sum::<usize>() as f64 / seen.len() as f64;
        if (plan.summary.continuity - mean).abs() > 1e-9 {
            add(
                &mut out,
                "week_total",
                "plan",
                format!(
                    "continuity {} reported, the rounds say {mean}",
                    plan.summary.continuity
                ),
            );
        }
    }
    out
}

/// Visits planned over the week, by the day plans' own counts.
fn planned_total(plan: &WeekPlan) -> usize {
    plan.days
        .iter()
        .map(|d| d.plan.summary.visits_planned)
        .sum()
}
