//! The independent feasibility checker for rounds plans.
//!
//! Written from the domain rules, not from the engine: it replays every round
//! from the worker's start location with the file's travel rule and checks
//! shifts, breaks, time windows, skills, blocked workers, gender, pins,
//! double-handed alignment (two different workers, same start), that every
//! visit is served exactly as often as it needs carers or listed as
//! unplanned with a reason, and that the reported figures add up: lateness
//! within each visit's cap (none for time-critical visits) and as reported,
//! overtime and pay per worker. Tests run
//! every plan the engine produces through it.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::model::{RoundsInput, RoundsPlan};
use super::travel::TravelRule;

/// One broken rule in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Stable code of the rule, e.g. `window` or `double_handed_alignment`.
    pub rule: String,
    /// The record concerned, e.g. `visit V3` or `worker W1 shift 0`.
    pub record: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} [{}]", self.record, self.message, self.rule)
    }
}

struct Out(Vec<Violation>);

impl Out {
    fn add(&mut self, rule: &str, record: impl Into<String>, message: impl Into<String>) {
        self.0.push(Violation {
            rule: rule.to_string(),
            record: record.into(),
            message: message.into(),
        });
    }
}

/// Checks `plan` against `input`; an empty list means the plan is feasible.
///
/// # Complexity
/// O(stops · (skills + windows + breaks) + visits) with hash lookups.
pub fn check_plan(input: &RoundsInput, plan: &RoundsPlan) -> Vec<Violation> {
    let mut out = Out(Vec::new());
    let rule = TravelRule::new(input);
    let workers: HashMap<&str, usize> = input
        .workers
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    let visits: HashMap<&str, usize> = input
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    // visit -> (worker, start, with)
    let mut served: Vec<Vec<(usize, i64, Option<String>)>> = vec![Vec::new(); input.visits.len()];
    let mut seen_rounds = HashSet::new();
    let mut worked = vec![0i64; input.workers.len()];

    for round in &plan.rounds {
        let Some(&w) = workers.get(round.worker.as_str()) else {
            out.add(
                "unknown_worker",
                format!("worker {}", round.worker),
                "the round's worker is not in the input",
            );
            continue;
        };
        let worker = &input.workers[w];
        let rec = format!("worker {} shift {}", worker.id, round.shift);
        let Some(shift) = worker.shifts.get(round.shift) else {
            out.add("unknown_shift", &rec, "the worker has no such shift");
            continue;
        };
        if !seen_rounds.insert((w, round.shift)) {
            out.add("duplicate_round", &rec, "two rounds for the same shift");
        }
        let shift_end = shift.end.0 + shift.overtime.max(0);
        if round.departure < shift.start {
            out.add(
                "shift_start",
                &rec,
                format!(
                    "leaves at {} before the shift starts at {}",
                    round.departure, shift.start
                ),
            );
        }
        // Breaks by gap, checked against the shift's rules.
        let mut taken = vec![0usize; shift.breaks.len()];
        let mut by_gap: HashMap<usize, Vec<(i64, i64)>> = HashMap::new();
        for b in &round.breaks {
            let Some(br) = shift.breaks.get(b.index) else {
                out.add(
                    "unknown_break",
                    &rec,
                    format!("break #{} is not in the shift", b.index),
                );
                continue;
            };
            taken[b.index] += 1;
            if b.start < br.earliest || b.start > br.latest {
                out.add(
                    "break_window",
                    &rec,
                    format!(
                        "break #{} starts at {}, outside {}–{}",
                        b.index, b.start, br.earliest, br.latest
                    ),
                );
            }
            if b.end.0 - b.start.0 != br.duration {
                out.add(
                    "break_length",
                    &rec,
                    format!(
                        "break #{} lasts {} min, not {}",
                        b.index,
                        b.end.0 - b.start.0,
                        br.duration
                    ),
                );
            }
            if b.before > round.stops.len() {
                out.add(
                    "break_position",
                    &rec,
                    format!("break #{} is placed after the round", b.index),
                );
            }
            by_gap
                .entry(b.before)
                .or_default()
                .push((b.start.0, br.duration));
        }
        for (i, n) in taken.iter().enumerate() {
            if *n != 1 {
                out.add(
                    "break_taken",
                    &rec,
                    format!("break #{i} is taken {n} times; it must be taken once"),
                );
            }
        }
        for v in by_gap.values_mut() {
            v.sort_unstable();
        }

        let mut pos = worker.start;
        let mut t = round.departure.0;
        let mut travel_total = 0;
        // Replays a gap: breaks must start after `t`, not overlap, and leave
        // room for the travel; returns the earliest arrival.
        let gap = |t: i64,
                   travel: i64,
                   gap_index: usize,
                   next_start: Option<i64>,
                   out: &mut Out|
         -> i64 {
            let mut clock = t;
            let mut busy = 0;
            for &(start, dur) in by_gap.get(&gap_index).map(Vec::as_slice).unwrap_or(&[]) {
                if start < clock {
                    out.add(
                        "break_overlap",
                        &rec,
                        format!("a break starts at {start} while the worker is still busy"),
                    );
                }
                clock = clock.max(start) + dur;
                busy += dur;
            }
            if let Some(next) = next_start
                && clock > next
            {
                out.add("break_overlap", &rec, "a break runs into the next visit");
            }
            t + travel + busy
        };
        for (i, stop) in round.stops.iter().enumerate() {
            let Some(&v) = visits.get(stop.visit.as_str()) else {
                out.add(
                    "unknown_visit",
                    &rec,
                    format!("visit {} is not in the input", stop.visit),
                );
                continue;
            };
            let visit = &input.visits[v];
            let vrec = format!("visit {}", visit.id);
            if stop.client != visit.client {
                out.add(
                    "client_mismatch",
                    &vrec,
                    "the stop names a different client",
                );
            }
            let travel = rule.minutes(worker, &pos, &visit.location);
            travel_total += travel;
            if stop.travel != travel {
                out.add(
                    "travel",
                    &vrec,
                    format!(
                        "travel given as {} min, the travel rule says {travel}",
                        stop.travel
                    ),
                );
            }
            if stop.arrival.0 < t + travel {
                out.add(
                    "arrival",
                    &vrec,
                    format!(
                        "arrives at {} but cannot be there before {}",
                        stop.arrival,
                        super::model::ClockTime(t + travel)
                    ),
                );
            }
            let earliest = gap(t, travel, i, Some(stop.start.0), &mut out);
            if stop.start.0 < earliest || stop.start < stop.arrival {
                out.add(
                    "start",
                    &vrec,
                    format!("starts at {} before the worker can be there", stop.start),
                );
            }
            if stop.wait < 0 || stop.wait > stop.start.0 - stop.arrival.0 {
                out.add(
                    "wait",
                    &vrec,
                    format!("waiting time {} is inconsistent", stop.wait),
                );
            }
            check_lateness(input, visit, stop, &vrec, &mut out);
            if stop.end.0 != stop.start.0 + visit.duration {
                out.add(
                    "duration",
                    &vrec,
                    format!(
                        "lasts {} min, not {}",
                        stop.end.0 - stop.start.0,
                        visit.duration
                    ),
                );
            }
            for s in &visit.skills {
                if !worker.skills.contains(s) {
                    out.add("skill", &vrec, format!("{} lacks skill {s}", worker.id));
                }
            }
            if visit.blocked_workers.contains(&worker.id) {
                out.add(
                    "blocked",
                    &vrec,
                    format!("{} is blocked for this client", worker.id),
                );
            }
            if let Some(g) = visit.gender
                && worker.gender != Some(g)
            {
                out.add(
                    "gender",
                    &vrec,
                    format!("{} is not of the requested gender", worker.id),
                );
            }
            served[v].push((w, stop.start.0, stop.with.clone()));
            t = stop.start.0.max(earliest) + visit.duration;
            pos = visit.location;
        }
        let home = worker.end.unwrap_or(worker.start);
        let travel = rule.minutes(worker, &pos, &home);
        travel_total += travel;
        let back = gap(t, travel, round.stops.len(), None, &mut out);
        if round.return_at.0 < back {
            out.add(
                "return",
                &rec,
                format!(
                    "returns at {} but cannot be back before {}",
                    round.return_at,
                    super::model::ClockTime(back)
                ),
            );
        }
        if round.return_at.0 > shift_end {
            out.add(
                "shift_end",
                &rec,
                format!("returns at {}, after the shift ends", round.return_at),
            );
        }
        if round.travel_minutes != travel_total {
            out.add(
                "travel_total",
                &rec,
                format!(
                    "travel total {} min, recomputed {travel_total}",
                    round.travel_minutes
                ),
            );
        }
        if round.working_minutes != round.return_at.0 - round.departure.0 {
            out.add(
                "working_total",
                &rec,
                "working minutes do not match departure and return",
            );
        }
        worked[w] += round.return_at.0 - round.departure.0;
    }

    check_pay(input, plan, &mut out);
    for (w, worker) in input.workers.iter().enumerate() {
        if let Some(max) = worker.max_working_minutes
            && worked[w] > max
        {
            out.add(
                "max_working",
                format!("worker {}", worker.id),
                format!("works {} min, more than the maximum {max}", worked[w]),
            );
        }
    }

    let unplanned: HashMap<&str, &super::model::UnplannedVisit> = plan
        .unplanned
        .iter()
        .map(|u| (u.visit.as_str(), u))
        .collect();
    for u in &plan.unplanned {
        if !visits.contains_key(u.visit.as_str()) {
            out.add(
                "unknown_visit",
                format!("visit {}", u.visit),
                "listed as unplanned but not in the input",
            );
        }
        if u.reasons.is_empty() || u.reasons.iter().any(|r| r.trim().is_empty()) {
            out.add(
                "no_reason",
                format!("visit {}", u.visit),
                "unplanned without a reason",
            );
        }
    }
    for (v, visit) in input.visits.iter().enumerate() {
        let vrec = format!("visit {}", visit.id);
        let s = &served[v];
        let needed = usize::from(visit.carers);
        let is_unplanned = unplanned.contains_key(visit.id.as_str());
        if s.is_empty() {
            if !is_unplanned {
                out.add("missing", &vrec, "neither planned nor listed as unplanned");
            }
            continue;
        }
        if is_unplanned {
            out.add(
                "planned_and_unplanned",
                &vrec,
                "planned but also listed as unplanned",
            );
        }
        if s.len() != needed {
            out.add(
                "carers",
                &vrec,
                format!("served {} time(s); it needs {needed} carer(s)", s.len()),
            );
        }
        if needed == 2 && s.len() == 2 {
            let (a, b) = (&s[0], &s[1]);
            if a.0 == b.0 {
                out.add(
                    "double_handed_same_worker",
                    &vrec,
                    "both carers are the same worker",
                );
            }
            if a.1 != b.1 {
                out.add(
                    "double_handed_alignment",
                    &vrec,
                    format!(
                        "the two carers start at different times ({} and {})",
                        a.1, b.1
                    ),
                );
            }
            let (ida, idb) = (&input.workers[a.0].id, &input.workers[b.0].id);
            if a.2.as_ref() != Some(idb) || b.2.as_ref() != Some(ida) {
                out.add(
                    "double_handed_partner",
                    &vrec,
                    "the stops do not name each other's worker",
                );
            }
        }
        if let Some(pin) = &visit.pin
            && !s.iter().any(|(w, start, _)| {
                input.workers[*w].id == pin.worker && pin.start.is_none_or(|p| p.0 == *start)
            })
        {
            out.add(
                "pin",
                &vrec,
                format!("not done by {} as pinned", pin.worker),
            );
        }
    }
    out.0
}

/// A start inside a window, or after the last one by at most the visit's
/// late cap; the reported lateness must match.
fn check_lateness(
    input: &RoundsInput,
    visit: &super::model::Visit,
    stop: &super::model::RoundStop,
    vrec: &str,
    out: &mut Out,
) {
    let start = stop.start;
    let inside = visit
        .windows
        .iter()
        .any(|w| w.earliest <= start && start <= w.latest);
    let last = visit.windows.iter().map(|w| w.latest).max();
    let late = match last {
        _ if inside => 0,
        Some(l) if start > l => start.0 - l.0,
        _ => {
            out.add(
                "window",
                vrec,
                format!("starts at {start}, outside every time window"),
            );
            return;
        }
    };
    let cap = visit.late_cap(&input.weights);
    if late > 0 && cap == 0 {
        let why = if visit.time_critical {
            " (time-critical: never late)"
        } else {
            ""
        };
        out.add(
            "window",
            vrec,
            format!("starts at {start}, outside every time window{why}"),
        );
    } else if late > cap {
        let why = if visit.time_critical {
            "it is time-critical and may not start late".to_string()
        } else {
            format!("at most {cap} min late is allowed")
        };
        out.add(
            "late_cap",
            vrec,
            format!("starts at {start}, {late} min after its window; {why}"),
        );
    }
    if stop.late_minutes != late {
        out.add(
            "lateness",
            vrec,
            format!(
                "reported {} min late, the start is {late} min after the window",
                stop.late_minutes
            ),
        );
    }
}

/// Overtime per round, pay per worker and the plan's lateness totals,
/// recomputed from the rounds. (The plan's total pay is not checked: plan
/// excerpts keep the totals of the whole day.)
fn check_pay(input: &RoundsInput, plan: &RoundsPlan, out: &mut Out) {
    let mut pay: HashMap<&str, i64> = HashMap::new();
    let (mut late_visits, mut late_minutes) = (0usize, 0i64);
    for round in &plan.rounds {
        let Some(worker) = input.workers.iter().find(|w| w.id == round.worker) else {
            continue;
        };
        let Some(shift) = worker.shifts.get(round.shift) else {
            continue;
        };
        let overtime = (round.return_at.0 - shift.end.0).max(0);
        if round.overtime_minutes != overtime {
            out.add(
                "overtime",
                format!("worker {} shift {}", worker.id, round.shift),
                format!(
                    "overtime given as {} min, the return time says {overtime}",
                    round.overtime_minutes
                ),
            );
        }
        *pay.entry(worker.id.as_str()).or_default() += worker.pay(round.working_minutes, overtime);
        for s in &round.stops {
            if s.late_minutes > 0 {
                late_visits += 1;
                late_minutes += s.late_minutes;
            }
        }
    }
    for day in &plan.workers {
        let expected = pay.get(day.worker.as_str()).copied().unwrap_or(0);
        if day.cost != expected {
            out.add(
                "pay",
                format!("worker {}", day.worker),
                format!("pay given as {} p, the rounds say {expected} p", day.cost),
            );
        }
    }
    if (plan.summary.late_visits, plan.summary.late_minutes) != (late_visits, late_minutes) {
        out.add(
            "late_total",
            "plan",
            format!(
                "{} late visit(s) and {} min reported, recomputed {late_visits} and {late_minutes}",
                plan.summary.late_visits, plan.summary.late_minutes
            ),
        );
    }
}
