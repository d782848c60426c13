//! Validation of a week file: the week's own fields (dates, ids, weekly
//! hours), then every date's day input through the day validator, with
//! issues repeated on several dates listed once.

use std::collections::HashSet;

use super::{WeekInput, day_input};
use crate::error::{Issues, check_input_size, json_issue};
use crate::rounds::model::SCHEMA_VERSION;
use crate::{Error, Result};

/// Most dates one file may cover.
pub const MAX_DAYS: u32 = 28;

/// Parses and validates a week file.
pub(crate) fn parse_and_validate(json: &str) -> Result<WeekInput> {
    check_input_size("week file", json.len())?;
    let week: WeekInput =
        serde_json::from_str(json).map_err(|e| Error::invalid(json_issue("week file", &e)))?;
    validate(&week)?;
    Ok(week)
}

/// Validates a parsed week, listing every issue.
pub(crate) fn validate(week: &WeekInput) -> Result<()> {
    let mut issues = Issues::new();
    check_week_fields(&mut issues, week);
    if issues.is_empty() {
        check_days(&mut issues, week);
    }
    issues.into_result(())
}

fn check_week_fields(issues: &mut Issues, week: &WeekInput) {
    if week.schema_version != SCHEMA_VERSION {
        issues.add(
            "unsupported_version",
            "",
            "schema_version",
            format!("schema version {} is not supported", week.schema_version),
            format!("write schema_version {SCHEMA_VERSION}"),
        );
    }
    if !(1..=MAX_DAYS).contains(&week.days) {
        issues.add(
            "out_of_range",
            "",
            "days",
            format!("{} days cannot be planned", week.days),
            format!("give between 1 and {MAX_DAYS} days"),
        );
    }
    let mut ids = HashSet::new();
    for (i, c) in week.clients.iter().enumerate() {
        if c.id.trim().is_empty() || !ids.insert(c.id.as_str()) {
            issues.add(
                "duplicate_id",
                format!("client {}", c.id),
                format!("clients[{i}].id"),
                "client ids must be unique and not empty",
                "give every client its own id",
            );
        }
        let mut vids = HashSet::new();
        for (k, v) in c.visits.iter().enumerate() {
            if v.id.trim().is_empty() || !vids.insert(v.id.as_str()) {
                issues.add(
                    "duplicate_id",
                    format!("client {}", c.id),
                    format!("clients[{i}].visits[{k}].id"),
                    "care-plan visit ids must be unique within the client and not empty",
                    "name each visit of the plan (e.g. \"am\", \"lunch\", \"tea\", \"bed\")",
                );
            }
        }
    }
    let mut wids = HashSet::new();
    for (i, w) in week.workers.iter().enumerate() {
        if w.id.trim().is_empty() || !wids.insert(w.id.as_str()) {
            issues.add(
                "duplicate_id",
                format!("worker {}", w.id),
                format!("workers[{i}].id"),
                "worker ids must be unique and not empty",
                "give every worker their own id",
            );
        }
        if let Some(c) = w.contracted_weekly_minutes
            && !(0..=7 * 24 * 60).contains(&c)
        {
            issues.add(
                "out_of_range",
                format!("worker {}", w.id),
                format!("workers[{i}].contracted_weekly_minutes"),
                format!("{c} minutes a week is negative or more than a week"),
                "give the contracted minutes a week (e.g. 2250 for 37.5 hours)",
            );
        }
    }
    if week.continuity.aim_max_workers == 0 {
        issues.add(
            "out_of_range",
            "",
            "continuity.aim_max_workers",
            "the aim must allow at least one worker per client",
            "give the most distinct workers a client should see in a week (e.g. 3)",
        );
    }
}

/// Every date's day input must be valid; an issue repeated on several dates
/// is listed once, naming the first date.
fn check_days(issues: &mut Issues, week: &WeekInput) {
    let mut seen = HashSet::new();
    for d in 0..week.days {
        let date = week.start_date.plus(i64::from(d));
        let day = day_input(week, d, None);
        if let Err(Error::Invalid(list)) = crate::rounds::validate::validate(&day) {
            for mut i in list {
                let record = i.record.replace(&format!("@{date}"), "");
                if seen.insert((i.code.clone(), record.clone(), i.message.clone())) {
                    i.record = format!("{date}: {record}");
                    issues.push(i);
                }
            }
        }
    }
}
