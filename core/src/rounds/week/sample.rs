//! A sample week built from the sample day ([`crate::rounds::sample_rounds`]):
//! each client's calls become a care plan repeated every day (can-move calls
//! on three weekdays only), and each worker's shifts become availability on
//! five or six weekdays, with contracted weekly hours and, for a few, a day
//! off (holiday) on a given date. Deterministic for a seed.

use super::date::{CalendarDate, Weekday};
use super::model::{Availability, CarePlanVisit, Client, ContinuityRules, WeekInput, WeekWorker};
use crate::rng::Rng;
use crate::rounds::model::{Priority, SCHEMA_VERSION};
use crate::rounds::sample_rounds;

/// First date of sample weeks (a Monday).
pub const SAMPLE_START: CalendarDate = CalendarDate(20_787);

/// A sample of `days` dates with about `visits` visits a day and `workers`
/// workers, from `seed`.
pub fn sample_week(days: u32, visits: usize, workers: usize, seed: u64) -> WeekInput {
    let day = sample_rounds(visits, workers, seed);
    let mut rng = Rng::new(seed ^ 0x7765_656b);
    let mut clients: Vec<Client> = Vec::new();
    for v in &day.visits {
        if clients.last().is_none_or(|c| c.id != v.client) {
            clients.push(Client {
                id: v.client.clone(),
                location: v.location,
                preferred_workers: v.preferred_workers.clone(),
                blocked_workers: v.blocked_workers.clone(),
                gender: v.gender,
                visits: Vec::new(),
            });
        }
        let weekdays = if v.priority == Priority::CanMove {
            let mut all = Weekday::ALL.to_vec();
            rng.shuffle(&mut all);
            let mut three = all[..3].to_vec();
            three.sort_by_key(|d| Weekday::ALL.iter().position(|x| x == d));
            three
        } else {
            Vec::new()
        };
        if let Some(c) = clients.last_mut() {
            let id = v.id.rsplit('-').next().unwrap_or("1").to_string();
            c.visits.push(CarePlanVisit {
                id,
                weekdays,
                windows: v.windows.clone(),
                duration: v.duration,
                skills: v.skills.clone(),
                carers: v.carers,
                priority: v.priority,
                time_critical: v.time_critical,
                max_late_minutes: v.max_late_minutes,
            });
        }
    }
    let workers = day
        .workers
        .iter()
        .map(|w| {
            let off = 1 + rng.index(2);
            let mut all = Weekday::ALL.to_vec();
            rng.shuffle(&mut all);
            let mut on: Vec<Weekday> = all[off..].to_vec();
            on.sort_by_key(|d| Weekday::ALL.iter().position(|x| x == d));
            let contracted = [20 * 60, 30 * 60, 37 * 60 + 30][rng.index(3)];
            let holiday = rng
                .chance(0.05)
                .then(|| SAMPLE_START.plus(rng.index(days.max(1) as usize) as i64));
            WeekWorker {
                id: w.id.clone(),
                start: w.start,
                end: w.end,
                skills: w.skills.clone(),
                gender: w.gender,
                travel_mode: w.travel_mode,
                speed_kmh: w.speed_kmh,
                max_working_minutes: w.max_working_minutes,
                contracted_weekly_minutes: Some(contracted),
                cost_per_hour: w.cost_per_hour,
                overtime_premium_percent: w.overtime_premium_percent,
                availability: vec![Availability {
                    weekdays: on,
                    shifts: w.shifts.clone(),
                }],
                days_off: holiday.into_iter().collect(),
            }
        })
        .collect();
    WeekInput {
        schema_version: SCHEMA_VERSION,
        name: Some(format!(
            "Nottinghamshire sample week: {days} days, about {visits} visits a day, {} workers, seed {seed}",
            day.workers.len()
        )),
        start_date: SAMPLE_START,
        days,
        skills: day.skills,
        clients,
        workers,
        travel: day.travel,
        weights: day.weights,
        continuity: ContinuityRules::default(),
    }
}
