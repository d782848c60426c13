//! The per-field checks of scenario validation (coordinates, dates, date
//! ranges, age ranges, duplicate ids) and the introductions check, split from
//! `validate.rs` to keep each file readable. Every check records issues and
//! never panics.

use std::collections::BTreeMap;

use super::model::{Arrangement, Date, DateRange, Outcome, Scenario};
use super::validate::KnownIds;
use crate::error::Issues;
use crate::geo::LatLon;

pub(super) fn check_location(issues: &mut Issues, record: &str, path: &str, at: &LatLon) {
    if !at.is_valid() {
        issues.add(
            "out_of_range",
            record,
            path,
            format!("coordinate ({}, {}) is not a valid latitude/longitude", at.lat, at.lon),
            "give decimal degrees: latitude -90..90, longitude -180..180 (Nottinghamshire is about 53.0, -1.1)",
        );
    }
}

pub(super) fn check_date(issues: &mut Issues, record: &str, path: &str, d: &Date) -> Option<i64> {
    let n = d.day_number();
    if n.is_none() {
        issues.add(
            "bad_date",
            record,
            path,
            format!("`{d}` is not a date"),
            "write dates as YYYY-MM-DD, e.g. 2025-04-01",
        );
    }
    n
}

pub(super) fn check_range(issues: &mut Issues, record: &str, path: &str, r: &DateRange) {
    let a = check_date(issues, record, &format!("{path}.start"), &r.start);
    let b = check_date(issues, record, &format!("{path}.end"), &r.end);
    if let (Some(a), Some(b)) = (a, b)
        && a > b
    {
        issues.add(
            "dates_out_of_order",
            record,
            path,
            format!("starts on {} but ends earlier, on {}", r.start, r.end),
            "swap start and end, or correct the year",
        );
    }
}

pub(super) fn check_ages(
    issues: &mut Issues,
    record: &str,
    path: &str,
    lo: Option<u32>,
    hi: Option<u32>,
) {
    if let (Some(lo), Some(hi)) = (lo, hi)
        && lo > hi
    {
        issues.add(
            "range_out_of_order",
            record,
            path,
            format!("minimum age {lo} is above maximum age {hi}"),
            "swap the minimum and maximum ages",
        );
    }
}

pub(super) fn duplicates(issues: &mut Issues, what: &str, key: &str, ids: &[(usize, String)]) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, id) in ids {
        if let Some(first) = seen.insert(id.as_str(), *i) {
            issues.add(
                "duplicate_id",
                format!("{what} {id}"),
                format!("{key}[{i}].id"),
                format!("id {id} is used again (first at {key}[{first}])"),
                format!("give every {what} its own id"),
            );
        }
    }
}

pub(super) fn check_introductions(
    s: &Scenario,
    known: &KnownIds,
    ix: &[usize],
    issues: &mut Issues,
) {
    let mut pinned: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pinned_people: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut per_option: BTreeMap<String, u32> = BTreeMap::new();
    for (k, intro) in s.introductions.iter().enumerate() {
        let i = ix.get(k).copied().unwrap_or(k);
        let rec = format!("introduction of {}", intro.person);
        let at = |f: &str| format!("introductions[{i}].{f}");
        if !known.people.contains(intro.person.as_str()) {
            issues.add(
                "unknown_id",
                &rec,
                at("person"),
                format!("no person has id {}", intro.person),
                "check the person id",
            );
        }
        let option = match (&intro.household, &intro.vacancy) {
            (Some(h), None) => {
                if !known.households.contains(h.as_str()) {
                    issues.add(
                        "unknown_id",
                        &rec,
                        at("household"),
                        format!("no household has id {h}"),
                        "check the household id",
                    );
                }
                Some(format!("household {h}"))
            }
            (None, Some(v)) => {
                if !known.vacancies.contains(v.as_str()) {
                    issues.add(
                        "unknown_id",
                        &rec,
                        at("vacancy"),
                        format!("no vacancy has id {v}"),
                        "check the vacancy id",
                    );
                }
                Some(format!("vacancy {v}"))
            }
            _ => {
                issues.add(
                    "bad_reference",
                    &rec,
                    format!("introductions[{i}]"),
                    "an introduction names exactly one household or one vacancy",
                    "set either `household` or `vacancy`",
                );
                None
            }
        };
        if intro.outcome != Outcome::Declined {
            if let Some(first) = pinned.insert(intro.person.as_str(), i) {
                issues.add(
                    "conflicting_introductions",
                    &rec,
                    at("outcome"),
                    format!("the person already has an accepted or in-progress introduction (introductions[{first}])"),
                    "keep one accepted or in-progress introduction per person; mark the others declined",
                );
            }
            if let Some(o) = option {
                if o.starts_with("household ") {
                    pinned_people
                        .entry(o.clone())
                        .or_default()
                        .push(intro.person.as_str());
                }
                *per_option.entry(o).or_default() += 1;
            }
        }
    }
    for h in &s.households {
        // Capacity by date: stays kept from introductions that share a night
        // (short breaks on other dates share a bedroom; day support takes
        // none) must fit the bedrooms free after occupants.
        let ids = pinned_people
            .get(&format!("household {}", h.id))
            .cloned()
            .unwrap_or_default();
        let stays: Vec<(i64, i64)> = ids
            .iter()
            .filter_map(|id| s.people.iter().find(|p| p.id.as_str() == *id))
            .filter_map(|p| match p.arrangement {
                Arrangement::DaySupport => None,
                Arrangement::ShortBreak => p
                    .dates
                    .as_ref()
                    .and_then(|d| d.start.day_number().zip(d.end.day_number())),
                _ => Some((i64::MIN, i64::MAX)),
            })
            .collect();
        let used = stays
            .iter()
            .map(|&(t, _)| stays.iter().filter(|&&(a, b)| a <= t && t <= b).count())
            .max()
            .unwrap_or(0) as u32;
        let free = h.places.saturating_sub(h.occupants.len() as u32);
        if used > free {
            issues.add(
                "over_capacity",
                format!("household {}", h.id),
                "introductions",
                format!("{used} accepted or in-progress introductions but {free} free places"),
                "mark the extra introductions declined, or correct the places",
            );
        }
    }
    for sc in &s.schemes {
        for v in &sc.vacancies {
            let used = per_option
                .get(&format!("vacancy {}", v.id))
                .copied()
                .unwrap_or(0);
            if used > 1 {
                issues.add(
                    "over_capacity",
                    format!("vacancy {}", v.id),
                    "introductions",
                    format!("{used} accepted or in-progress introductions for one vacancy"),
                    "keep one; mark the others declined",
                );
            }
        }
    }
}
