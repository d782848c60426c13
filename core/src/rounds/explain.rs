//! Builds the structured reasons of an unplanned visit
//! ([`UnplannedReason`]): the domain's own diagnosis first (skills, gender,
//! blocks, double-handed, reachable windows), then the engine's, each with
//! the workers who came closest on the plan as it stands and a hint of what
//! would make the visit fit.

use std::collections::HashMap;

use super::convert::eligible;
use super::model::{ClockTime, Gender, Round, RoundsInput, TimeWindow, Visit, Worker};
use super::travel::TravelRule;
use super::unplanned::{FitHint, NearMiss, UnplannedReason};
use crate::routing::UnassignedReason;

/// At most this many near misses are reported per reason.
const NEAREST: usize = 3;

fn reason(code: &str, text: impl Into<String>, fit: FitHint) -> UnplannedReason {
    UnplannedReason {
        code: code.to_string(),
        text: text.into(),
        skill: None,
        window: None,
        rule: None,
        nearest: Vec::new(),
        fit,
    }
}

fn hint(code: &str, text: impl Into<String>) -> FitHint {
    FitHint {
        code: code.to_string(),
        text: text.into(),
        worker: None,
        from: None,
        to: None,
    }
}

/// From the earliest window start to the latest possible end of the visit.
fn visit_span(visit: &Visit) -> (ClockTime, ClockTime) {
    let from = visit
        .windows
        .iter()
        .map(|w| w.earliest)
        .min()
        .unwrap_or_default();
    let to = visit
        .windows
        .iter()
        .map(|w| ClockTime(w.latest.0 + visit.duration))
        .max()
        .unwrap_or_default();
    (from, to)
}

fn extra_shift(visit: &Visit, who: &str) -> FitHint {
    let (from, to) = visit_span(visit);
    FitHint {
        from: Some(from),
        to: Some(to),
        ..hint(
            "extra_shift",
            format!("{who} free from {from} to {to} near the client"),
        )
    }
}

fn gender_word(g: Gender) -> &'static str {
    match g {
        Gender::Female => "female",
        Gender::Male => "male",
    }
}

/// A fixed point of a round: where the worker is and when.
struct Point<'a> {
    loc: &'a crate::geo::LatLon,
    /// Free from (after the previous point) or due by (for the next point).
    time: i64,
    label: &'a str,
}

/// The best gap of one worker shift for `visit` given the stops of `round`
/// (none: an empty round), or `None` when the shift does not exist.
fn near_miss(
    cap: i64,
    rule: &TravelRule<'_>,
    visits: &HashMap<&str, &Visit>,
    visit: &Visit,
    worker: &Worker,
    shift: usize,
    round: Option<&Round>,
) -> Option<NearMiss> {
    let sh = worker.shifts.get(shift)?;
    let home = worker.end.as_ref().unwrap_or(&worker.start);
    let mut points = vec![Point {
        loc: &worker.start,
        time: sh.start.0,
        label: "",
    }];
    // Each stop is both an end (due at its start) and a start (free at its end).
    let mut stops: Vec<(&crate::geo::LatLon, i64, i64, &str)> = Vec::new();
    for s in round.map(|r| r.stops.as_slice()).unwrap_or(&[]) {
        if let Some(v) = visits.get(s.visit.as_str()) {
            stops.push((&v.location, s.start.0, s.end.0, s.visit.as_str()));
        }
    }
    for &(loc, _, end, label) in &stops {
        points.push(Point {
            loc,
            time: end,
            label,
        });
    }
    let mut best: Option<NearMiss> = None;
    for (k, a) in points.iter().enumerate() {
        let (b_loc, b_time, b_label) = match stops.get(k) {
            Some(&(loc, start, _, label)) => (loc, start, label),
            None => (home, sh.end.0 + sh.overtime.max(0), ""),
        };
        let arrive = a.time + rule.minutes(worker, a.loc, &visit.location);
        let back = rule.minutes(worker, &visit.location, b_loc);
        let last = visit.windows.iter().map(|w| w.latest).max();
        for w in &visit.windows {
            // The last window may be overrun by the visit's late cap.
            let allowed = if Some(w.latest) == last { cap } else { 0 };
            let start = arrive.max(w.earliest.0);
            let late = (start - w.latest.0 - allowed).max(0);
            let over = (start + visit.duration + back - b_time).max(0);
            let missed = late + over;
            if best.as_ref().is_some_and(|b| b.missed_minutes <= missed) {
                continue;
            }
            let gap = match (a.label.is_empty(), b_label.is_empty()) {
                (true, true) => "empty round".to_string(),
                (true, false) => "before the first visit".to_string(),
                (false, true) => "after the last visit".to_string(),
                (false, false) => format!("between {} and {}", a.label, b_label),
            };
            best = Some(NearMiss {
                worker: worker.id.clone(),
                shift,
                start: ClockTime(start),
                late_minutes: late,
                overrun_minutes: over,
                missed_minutes: missed,
                gap,
            });
        }
    }
    best
}

/// The eligible worker shifts nearest to taking `visit`, nearest first.
fn nearest(
    input: &RoundsInput,
    rule: &TravelRule<'_>,
    visit: &Visit,
    rounds: Option<&[Round]>,
) -> Vec<NearMiss> {
    let visits: HashMap<&str, &Visit> = input.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut by_shift: HashMap<(&str, usize), &Round> = HashMap::new();
    for r in rounds.unwrap_or(&[]) {
        by_shift.insert((r.worker.as_str(), r.shift), r);
    }
    let cap = visit.late_cap(&input.weights);
    let mut out: Vec<NearMiss> = Vec::new();
    for w in input.workers.iter().filter(|w| eligible(visit, w)) {
        for s in 0..w.shifts.len() {
            let round = by_shift.get(&(w.id.as_str(), s)).copied();
            if let Some(m) = near_miss(cap, rule, &visits, visit, w, s, round) {
                out.push(m);
            }
        }
    }
    out.sort_by(|a, b| {
        (a.missed_minutes, &a.worker, a.shift).cmp(&(b.missed_minutes, &b.worker, b.shift))
    });
    // One entry per worker (their best shift).
    let mut seen = std::collections::HashSet::new();
    out.retain(|m| seen.insert(m.worker.clone()));
    out.truncate(NEAREST);
    out
}

/// The window a near miss was measured against (the one containing or
/// closest before its start).
fn window_of(visit: &Visit, start: ClockTime) -> Option<TimeWindow> {
    visit
        .windows
        .iter()
        .filter(|w| w.earliest <= start)
        .max_by_key(|w| w.earliest)
        .or_else(|| visit.windows.first())
        .copied()
}

/// What the nearest miss says would make the visit fit.
fn fit_from(visit: &Visit, near: &[NearMiss], double: bool) -> FitHint {
    let Some(m) = near.first() else {
        return extra_shift(visit, "a worker who can do the visit");
    };
    let worker = Some(m.worker.clone());
    if m.missed_minutes == 0 {
        let text = if double {
            match near.get(1) {
                Some(o) => format!(
                    "{} and {} each have room; move one of their visits so both are free at the same time",
                    m.worker, o.worker
                ),
                None => format!(
                    "{} has room; a second worker free at the same time would fit it",
                    m.worker
                ),
            }
        } else {
            format!(
                "{} has room {} from {}; a break or the daily hours limit keep it out, so move the break or raise the limit",
                m.worker, m.gap, m.start
            )
        };
        return FitHint {
            worker,
            from: Some(m.start),
            to: Some(ClockTime(m.start.0 + visit.duration)),
            ..hint("free_gap", text)
        };
    }
    if m.overrun_minutes == 0 {
        let w = window_of(visit, m.start);
        let to = ClockTime(m.start.0);
        return FitHint {
            worker,
            from: w.map(|w| w.earliest),
            to: Some(to),
            ..hint(
                "widen_window",
                format!(
                    "allow the visit to start at {to} ({} min later than allowed now); {} could then do it {}",
                    m.late_minutes, m.worker, m.gap
                ),
            )
        };
    }
    if m.late_minutes == 0 && (m.gap == "after the last visit" || m.gap == "empty round") {
        let to = ClockTime(m.start.0 + visit.duration + m.overrun_minutes);
        return FitHint {
            worker,
            from: Some(m.start),
            to: Some(to),
            ..hint(
                "extend_shift",
                format!(
                    "extend {}'s shift by {} min; the visit would start at {}",
                    m.worker, m.overrun_minutes, m.start
                ),
            )
        };
    }
    FitHint {
        worker,
        from: Some(m.start),
        to: Some(ClockTime(m.start.0 + visit.duration)),
        ..hint(
            "free_gap",
            format!(
                "free {} more minutes in {}'s round {} (move a neighbouring visit to another worker)",
                m.missed_minutes, m.worker, m.gap
            ),
        )
    }
}

/// Structured reasons why `visit` is unplanned, most specific first.
/// `rounds` is the plan as it stands (for the nearest workers); `None`
/// measures against empty rounds.
pub(crate) fn explain(
    input: &RoundsInput,
    rule: &TravelRule<'_>,
    visit: &Visit,
    engine: &[UnassignedReason],
    rounds: Option<&[Round]>,
) -> Vec<UnplannedReason> {
    let mut out = Vec::new();
    let on_shift = |w: &&Worker| !w.shifts.is_empty();
    for s in &visit.skills {
        if !input
            .workers
            .iter()
            .filter(on_shift)
            .any(|w| w.skills.contains(s))
        {
            let mut r = reason(
                "missing_skill",
                format!("no worker with skill {s}"),
                extra_shift(visit, &format!("a worker with skill {s}")),
            );
            r.skill = Some(s.clone());
            out.push(r);
        }
    }
    if let Some(g) = visit.gender
        && !input
            .workers
            .iter()
            .filter(on_shift)
            .any(|w| w.gender == Some(g))
    {
        let g = gender_word(g);
        let mut r = reason(
            "no_gender_match",
            format!("no {g} worker on shift"),
            extra_shift(visit, &format!("a {g} worker")),
        );
        r.rule = Some("the client's choice of carer gender".into());
        out.push(r);
    }
    let eligible_workers: Vec<&Worker> = input
        .workers
        .iter()
        .filter(on_shift)
        .filter(|w| eligible(visit, w))
        .collect();
    if out.is_empty() && eligible_workers.is_empty() {
        if visit.blocked_workers.is_empty() {
            out.push(reason(
                "no_eligible_worker",
                "no worker has every skill and the gender the visit needs",
                extra_shift(visit, "a worker with every skill the visit needs"),
            ));
        } else {
            let unblockable = input.workers.iter().filter(on_shift).find(|w| {
                visit.blocked_workers.contains(&w.id) && {
                    let mut v = visit.clone();
                    v.blocked_workers.clear();
                    eligible(&v, w)
                }
            });
            let fit = match unblockable {
                Some(w) => FitHint {
                    worker: Some(w.id.clone()),
                    ..hint(
                        "unblock_worker",
                        format!("ask whether {} may visit this client again", w.id),
                    )
                },
                None => extra_shift(visit, "a worker who can do the visit"),
            };
            let mut r = reason(
                "all_blocked",
                "every worker who could do it is blocked for this client",
                fit,
            );
            r.rule = Some("workers the client does not want".into());
            out.push(r);
        }
    }
    if !out.is_empty() {
        return out;
    }
    let needed = usize::from(visit.carers.clamp(1, 2));
    let double = needed == 2;
    if eligible_workers.len() < needed {
        let mut r = reason(
            "double_handed_one_worker",
            "double-handed, but only one worker could do it",
            extra_shift(visit, "a second worker who can do it"),
        );
        r.rule = Some("double-handed".into());
        return vec![r];
    }
    // Can any eligible shift reach a window (the last one up to the late
    // cap), start, finish and get home?
    let alone = nearest(input, rule, visit, None);
    let cap = visit.late_cap(&input.weights);
    let last = visit.windows.iter().map(|w| w.latest).max();
    let reachable = eligible_workers
        .iter()
        .filter(|w| {
            let home = w.end.unwrap_or(w.start);
            let there = rule.minutes(w, &w.start, &visit.location);
            let back = rule.minutes(w, &visit.location, &home);
            w.shifts.iter().any(|s| {
                let end = s.end.0 + s.overtime.max(0);
                visit.windows.iter().any(|win| {
                    let allowed = if Some(win.latest) == last { cap } else { 0 };
                    let start = win.earliest.0.max(s.start.0 + there);
                    start <= win.latest.0 + allowed && start + visit.duration + back <= end
                })
            })
        })
        .count();
    if reachable < needed {
        let fit = fit_from(visit, &alone, double);
        let mut r = reason(
            "window_unreachable",
            "window unreachable: no eligible worker's shift can reach it within its window",
            fit,
        );
        r.window = alone.first().and_then(|m| window_of(visit, m.start));
        r.rule = Some("shift hours and travel time".into());
        r.nearest = alone;
        return vec![r];
    }
    let near = nearest(input, rule, visit, rounds);
    for e in engine {
        let (code, text) = match e {
            UnassignedReason::NoAllowedVehicle => ("no_eligible_worker", "no eligible worker"),
            UnassignedReason::WindowUnreachable => ("window_unreachable", "window unreachable"),
            UnassignedReason::CapacityExceeded => ("over_capacity", "over capacity"),
            UnassignedReason::LongerThanShifts => {
                ("longer_than_shifts", "longer than every eligible shift")
            }
            UnassignedReason::PartnerUnplanned => (
                "partner_unplanned",
                "the second carer could not be planned at the same time",
            ),
            UnassignedReason::AllRoutesFull => ("all_workers_full", "all workers full"),
        };
        if out.iter().any(|o: &UnplannedReason| o.text == text) {
            continue;
        }
        let mut r = reason(code, text, fit_from(visit, &near, double));
        r.window = near.first().and_then(|m| window_of(visit, m.start));
        if double {
            r.rule = Some("double-handed".into());
        }
        r.nearest.clone_from(&near);
        out.push(r);
    }
    if out.is_empty() {
        let mut r = reason(
            "all_workers_full",
            "all workers full",
            fit_from(visit, &near, double),
        );
        r.window = near.first().and_then(|m| window_of(visit, m.start));
        r.nearest = near;
        out.push(r);
    }
    out
}
