//! Checks a rounds file and lists every problem at once.
//!
//! Each issue names the record (`visit V12`, `worker W3`), the field path
//! (`visits[11].windows[0]`), what is wrong and what to do. Validation runs
//! before planning so the engine only ever sees consistent input; nothing in
//! here panics on any input.

use std::collections::{HashMap, HashSet};

use crate::Result;
use crate::error::Issues;

use super::model::{RoundsInput, SCHEMA_VERSION, Visit, Worker};

mod settings;
use settings::{check_lateness_and_pay, check_travel, check_weights};

/// Most visits accepted in one file.
pub const MAX_VISITS: usize = 20_000;
/// Most workers accepted in one file.
pub const MAX_WORKERS: usize = 2_000;
/// Most distinct points in a user travel matrix.
pub const MAX_MATRIX_POINTS: usize = 5_000;
/// Longest visit accepted, in minutes (a waking night is 12 h).
const MAX_DURATION: i64 = 24 * 60;

/// Parses a rounds file and validates it.
///
/// Each visit and worker is read on its own, so a record with an unknown,
/// missing or mistyped field is reported (record, field path, message, hint)
/// alongside every other problem in the file.
///
/// # Errors
/// [`crate::Error::Invalid`] with every issue found (a JSON syntax error is one issue
/// with the line and column).
pub fn parse_and_validate(json: &str) -> Result<RoundsInput> {
    super::parse::parse_and_validate(json)
}

/// Validates an already-parsed input.
///
/// # Errors
/// [`crate::Error::Invalid`] listing every issue.
pub fn validate(input: &RoundsInput) -> Result<()> {
    let mut issues = Issues::new();
    if input.schema_version != SCHEMA_VERSION {
        issues.add(
            "unsupported_version",
            "",
            "schema_version",
            format!(
                "schema_version {} is not supported (this build reads {SCHEMA_VERSION})",
                input.schema_version
            ),
            format!("set \"schema_version\": {SCHEMA_VERSION}"),
        );
    }
    if input.visits.len() > MAX_VISITS || input.workers.len() > MAX_WORKERS {
        issues.add(
            "input_too_large",
            "",
            "",
            format!(
                "{} visits and {} workers; at most {MAX_VISITS} visits and {MAX_WORKERS} workers are planned at once",
                input.visits.len(),
                input.workers.len()
            ),
            "split the day by district or by team",
        );
        // Do not go on checking a huge file record by record.
        return issues.into_result(());
    }
    super::limits::check_matrix_size(&mut issues, input);

    let mut skills = HashSet::new();
    for (i, s) in input.skills.iter().enumerate() {
        if s.trim().is_empty() {
            issues.add(
                "empty_skill",
                "",
                format!("skills[{i}]"),
                "a skill name is empty",
                "remove it or give it a name",
            );
        } else if !skills.insert(s.as_str()) {
            issues.add(
                "duplicate_skill",
                "",
                format!("skills[{i}]"),
                format!("skill \"{s}\" is declared twice"),
                "declare each skill once",
            );
        }
    }

    let mut worker_ids: HashMap<&str, usize> = HashMap::new();
    for (w, worker) in input.workers.iter().enumerate() {
        if worker.id.trim().is_empty() {
            issues.add(
                "empty_id",
                format!("worker #{}", w + 1),
                format!("workers[{w}].id"),
                "the worker has no id",
                "give every worker a unique id",
            );
        } else if worker_ids.insert(worker.id.as_str(), w).is_some() {
            issues.add(
                "duplicate_id",
                format!("worker {}", worker.id),
                format!("workers[{w}].id"),
                format!("worker id \"{}\" is used more than once", worker.id),
                "give every worker a unique id",
            );
        }
        check_worker(&mut issues, w, worker, &skills);
    }

    let longest_shift = input
        .workers
        .iter()
        .flat_map(|w| w.shifts.iter())
        .map(|s| s.end.0 + s.overtime.max(0) - s.start.0)
        .max();

    let mut visit_ids = HashSet::new();
    for (v, visit) in input.visits.iter().enumerate() {
        if visit.id.trim().is_empty() {
            issues.add(
                "empty_id",
                format!("visit #{}", v + 1),
                format!("visits[{v}].id"),
                "the visit has no id",
                "give every visit a unique id",
            );
        } else if !visit_ids.insert(visit.id.as_str()) {
            issues.add(
                "duplicate_id",
                format!("visit {}", visit.id),
                format!("visits[{v}].id"),
                format!("visit id \"{}\" is used more than once", visit.id),
                "give every visit a unique id",
            );
        }
        check_visit(
            &mut issues,
            v,
            visit,
            &skills,
            &worker_ids,
            input,
            longest_shift,
        );
    }

    check_travel(&mut issues, input);
    check_weights(&mut issues, input);
    check_lateness_and_pay(&mut issues, input);
    issues.into_result(())
}

/// Every skill a worker has or a visit needs must be declared in the file's
/// skill list.
fn check_skills(
    issues: &mut Issues,
    rec: &str,
    base: &str,
    listed: &[String],
    skills: &HashSet<&str>,
) {
    for (k, s) in listed.iter().enumerate() {
        if !skills.contains(s.as_str()) {
            issues.add(
                "unknown_skill",
                rec,
                format!("{base}.skills[{k}]"),
                format!("skill \"{s}\" is not in the file's skill list"),
                format!("add \"{s}\" to \"skills\" or correct the spelling"),
            );
        }
    }
}

fn check_worker(issues: &mut Issues, w: usize, worker: &Worker, skills: &HashSet<&str>) {
    let rec = format!("worker {}", worker.id);
    let base = format!("workers[{w}]");
    if !worker.start.is_valid() {
        issues.add(
            "bad_location",
            &rec,
            format!("{base}.start"),
            format!(
                "start location ({}, {}) is not a valid coordinate",
                worker.start.lat, worker.start.lon
            ),
            "give latitude −90..90 and longitude −180..180 in decimal degrees",
        );
    }
    if let Some(end) = worker.end
        && !end.is_valid()
    {
        issues.add(
            "bad_location",
            &rec,
            format!("{base}.end"),
            format!(
                "end location ({}, {}) is not a valid coordinate",
                end.lat, end.lon
            ),
            "give latitude −90..90 and longitude −180..180 in decimal degrees",
        );
    }
    check_skills(issues, &rec, &base, &worker.skills, skills);
    if let Some(speed) = worker.speed_kmh
        && !(speed.is_finite() && speed > 0.5 && speed <= 200.0)
    {
        issues.add(
            "out_of_range",
            &rec,
            format!("{base}.speed_kmh"),
            format!("speed {speed} km/h is not plausible"),
            "give a speed between 0.5 and 200 km/h, or leave it out to use the mode's default",
        );
    }
    if let Some(m) = worker.max_working_minutes
        && m <= 0
    {
        issues.add(
            "out_of_range",
            &rec,
            format!("{base}.max_working_minutes"),
            format!("maximum working minutes {m} must be positive"),
            "leave it out for no limit",
        );
    }
    if worker.cost_per_hour < 0 {
        issues.add(
            "out_of_range",
            &rec,
            format!("{base}.cost_per_hour"),
            "pay per hour is negative",
            "give the hourly pay in pence (e.g. 1200 for £12.00)",
        );
    }
    for (s, shift) in worker.shifts.iter().enumerate() {
        let sp = format!("{base}.shifts[{s}]");
        if shift.end <= shift.start {
            issues.add(
                "bad_window",
                &rec,
                &sp,
                format!("shift ends at {} before it starts at {}", shift.end, shift.start),
                "check the start and end times (a shift past midnight ends after 24:00, e.g. \"26:00\")",
            );
            continue;
        }
        if shift.overtime < 0 {
            issues.add(
                "out_of_range",
                &rec,
                format!("{sp}.overtime"),
                "overtime minutes are negative",
                "give 0 or more minutes",
            );
        }
        for (o, other) in worker.shifts.iter().enumerate().skip(s + 1) {
            let end_a = shift.end.0 + shift.overtime.max(0);
            let end_b = other.end.0 + other.overtime.max(0);
            if other.end > other.start && shift.start.0 < end_b && other.start.0 < end_a {
                issues.add(
                    "overlapping_shifts",
                    &rec,
                    &sp,
                    format!(
                        "shift {}–{} overlaps shift {} ({}–{})",
                        shift.start,
                        shift.end,
                        o + 1,
                        other.start,
                        other.end
                    ),
                    "merge the two shifts or move one so they do not overlap (overtime included)",
                );
            }
        }
        for (b, br) in shift.breaks.iter().enumerate() {
            let bp = format!("{sp}.breaks[{b}]");
            if br.latest < br.earliest {
                issues.add(
                    "bad_window",
                    &rec,
                    &bp,
                    format!(
                        "break window ends at {} before it starts at {}",
                        br.latest, br.earliest
                    ),
                    "swap the two times",
                );
            }
            if br.duration <= 0 || br.duration > shift.end.0 - shift.start.0 {
                issues.add(
                    "out_of_range",
                    &rec,
                    format!("{bp}.duration"),
                    format!("break of {} minutes does not fit the shift", br.duration),
                    "give a positive length shorter than the shift",
                );
            } else if br.earliest < shift.start
                || br.latest.0 + br.duration > shift.end.0 + shift.overtime.max(0)
            {
                issues.add(
                    "break_outside_shift",
                    &rec,
                    &bp,
                    format!(
                        "break window {}–{} (+{} min) is not inside the shift {}–{}",
                        br.earliest, br.latest, br.duration, shift.start, shift.end
                    ),
                    "move the break window inside the shift",
                );
            }
        }
    }
}

fn check_visit(
    issues: &mut Issues,
    v: usize,
    visit: &Visit,
    skills: &HashSet<&str>,
    workers: &HashMap<&str, usize>,
    input: &RoundsInput,
    longest_shift: Option<i64>,
) {
    let rec = format!("visit {}", visit.id);
    let base = format!("visits[{v}]");
    if visit.client.trim().is_empty() {
        issues.add(
            "empty_id",
            &rec,
            format!("{base}.client"),
            "the visit names no client",
            "give the client's id",
        );
    }
    if !visit.location.is_valid() {
        issues.add(
            "bad_location",
            &rec,
            format!("{base}.location"),
            format!(
                "location ({}, {}) is not a valid coordinate",
                visit.location.lat, visit.location.lon
            ),
            "give latitude −90..90 and longitude −180..180 in decimal degrees",
        );
    }
    if visit.windows.is_empty() {
        issues.add(
            "no_window",
            &rec,
            format!("{base}.windows"),
            "the visit has no time window",
            "give at least one window, e.g. {\"earliest\": \"07:30\", \"latest\": \"09:00\"}",
        );
    }
    for (k, w) in visit.windows.iter().enumerate() {
        if w.latest < w.earliest {
            issues.add(
                "bad_window",
                &rec,
                format!("{base}.windows[{k}]"),
                format!(
                    "the window ends at {} before it starts at {}",
                    w.latest, w.earliest
                ),
                "swap the two times, or check for a typing error",
            );
        }
    }
    if visit.duration <= 0 || visit.duration > MAX_DURATION {
        issues.add(
            "out_of_range",
            &rec,
            format!("{base}.duration"),
            format!("duration {} minutes is not plausible", visit.duration),
            "give the visit length in minutes (1 to 1440)",
        );
    } else if let Some(longest) = longest_shift
        && visit.duration > longest
    {
        issues.add(
            "longer_than_shifts",
            &rec,
            format!("{base}.duration"),
            format!(
                "the visit lasts {} minutes, longer than every shift (longest {longest} minutes)",
                visit.duration
            ),
            "split the visit or add a longer shift",
        );
    }
    if visit.carers != 1 && visit.carers != 2 {
        issues.add(
            "out_of_range",
            &rec,
            format!("{base}.carers"),
            format!("{} carers requested; a visit needs 1 or 2", visit.carers),
            "use 2 for a double-handed call",
        );
    }
    check_skills(issues, &rec, &base, &visit.skills, skills);
    for (field, list) in [
        ("preferred_workers", &visit.preferred_workers),
        ("blocked_workers", &visit.blocked_workers),
    ] {
        for (k, w) in list.iter().enumerate() {
            if !workers.contains_key(w.as_str()) {
                issues.add(
                    "unknown_worker",
                    &rec,
                    format!("{base}.{field}[{k}]"),
                    format!("worker \"{w}\" is not in the workers list"),
                    "correct the id or add the worker",
                );
            }
        }
    }
    if let Some(pin) = &visit.pin {
        match workers.get(pin.worker.as_str()) {
            None => issues.add(
                "unknown_worker",
                &rec,
                format!("{base}.pin.worker"),
                format!(
                    "pinned worker \"{}\" is not in the workers list",
                    pin.worker
                ),
                "correct the id or remove the pin",
            ),
            Some(&w) => {
                if visit.blocked_workers.contains(&pin.worker) {
                    issues.add(
                        "pin_conflict",
                        &rec,
                        format!("{base}.pin.worker"),
                        format!(
                            "the visit is pinned to {} who is blocked for it",
                            pin.worker
                        ),
                        "remove the pin or the block",
                    );
                }
                if let Some(worker) = input.workers.get(w)
                    && let Some(start) = pin.start
                    && !worker
                        .shifts
                        .iter()
                        .any(|s| s.start <= start && start.0 < s.end.0 + s.overtime.max(0))
                {
                    issues.add(
                        "pin_conflict",
                        &rec,
                        format!("{base}.pin.start"),
                        format!(
                            "pinned start {start} is outside every shift of {}",
                            pin.worker
                        ),
                        "correct the time or the worker",
                    );
                }
            }
        }
        if let Some(start) = pin.start
            && !visit
                .windows
                .iter()
                .any(|w| w.earliest <= start && start <= w.latest)
        {
            issues.add(
                "pin_conflict",
                &rec,
                format!("{base}.pin.start"),
                format!("pinned start {start} is outside the visit's windows"),
                "correct the time or widen a window",
            );
        }
    }
}
