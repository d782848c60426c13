//! The second pass of scenario validation: the records checked together
//! (sizes, dates, references to other records, capacities, calendars).

use std::collections::{BTreeMap, BTreeSet};

use super::{KnownIds, MAX_HOUSEHOLD_PLACES, RawIndex};
use crate::error::Issues;
use crate::matching::model::{Arrangement, Scenario};
use crate::matching::validate_fields::{
    check_ages, check_date, check_introductions, check_location, check_range, duplicates,
};

pub(super) fn check_scenario(s: &Scenario, known: &KnownIds, ix: &RawIndex, issues: &mut Issues) {
    crate::matching::limits::check_sizes(s, issues);
    if crate::matching::limits::too_large(issues) {
        return;
    }
    if let Some(d) = &s.as_of {
        check_date(issues, "scenario", "as_of", d);
    }
    let listed = |v: &'_ [String]| -> Vec<(usize, String)> {
        v.iter()
            .enumerate()
            .filter(|(_, id)| !id.is_empty())
            .map(|(i, id)| (i, id.clone()))
            .collect()
    };
    duplicates(issues, "person", "people", &listed(&known.people_list));
    duplicates(
        issues,
        "household",
        "households",
        &listed(&known.households_list),
    );
    duplicates(issues, "scheme", "schemes", &listed(&known.schemes_list));
    // Vacancy ids must be unique across schemes (introductions refer to them alone).
    let mut vacancy_seen: BTreeMap<&str, String> = BTreeMap::new();
    for (i, j, id) in &known.vacancies_list {
        let path = format!("schemes[{i}].vacancies[{j}].id");
        if let Some(first) = vacancy_seen.insert(id.as_str(), path.clone()) {
            issues.add(
                "duplicate_id",
                format!("vacancy {id}"),
                path,
                format!("vacancy id {id} is used again (first at {first})"),
                "give every vacancy an id unique across all schemes, e.g. S12-R2",
            );
        }
    }
    let resident_ids: BTreeSet<&str> = s
        .households
        .iter()
        .flat_map(|h| &h.occupants)
        .chain(s.schemes.iter().flat_map(|x| &x.tenants))
        .map(|r| r.id.as_str())
        .collect();
    for (k, p) in s.people.iter().enumerate() {
        let i = ix.people.get(k).copied().unwrap_or(k);
        let rec = format!("person {}", p.id);
        let at = |f: &str| format!("people[{i}].{f}");
        if p.id.as_str().is_empty() {
            issues.add(
                "bad_value",
                &rec,
                at("id"),
                "the id is empty",
                "give every person an id",
            );
        }
        if p.age > 120 {
            issues.add(
                "out_of_range",
                &rec,
                at("age"),
                format!("age {} is not plausible", p.age),
                "give the age in years",
            );
        }
        if p.needs.is_empty() {
            issues.add(
                "missing_value",
                &rec,
                at("needs"),
                "no category of need given",
                "list at least one need, e.g. [\"learning_disability\"]",
            );
        }
        check_location(issues, &rec, &at("home"), &p.home);
        for (j, place) in p.important_places.iter().enumerate() {
            check_location(
                issues,
                &rec,
                &at(&format!("important_places[{j}].location")),
                &place.location,
            );
            if place.max_travel_minutes == 0 {
                issues.add(
                    "out_of_range",
                    &rec,
                    at(&format!("important_places[{j}].max_travel_minutes")),
                    "maximum travel time is zero",
                    "give the longest acceptable journey in minutes, e.g. 30",
                );
            }
        }
        match (&p.dates, p.arrangement) {
            (Some(r), _) => check_range(issues, &rec, &at("dates"), r),
            (None, Arrangement::ShortBreak) => issues.add(
                "missing_field",
                &rec,
                at("dates"),
                "a short break needs dates",
                "add \"dates\": {\"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"}",
            ),
            (None, _) => {}
        }
        if let Some(d) = &p.needed_by {
            check_date(issues, &rec, &at("needed_by"), d);
        }
        if p.current_weekly_cost.is_some_and(|c| c.0 < 0) {
            issues.add(
                "out_of_range",
                &rec,
                at("current_weekly_cost"),
                "weekly cost is negative",
                "give the cost in pence a week",
            );
        }
        for (j, other) in p.preferences.must_not_live_with.iter().enumerate() {
            let path = at(&format!("preferences.must_not_live_with[{j}]"));
            if other == &p.id {
                issues.add(
                    "bad_reference",
                    &rec,
                    path,
                    "a person cannot be kept apart from themself",
                    "remove their own id",
                );
            } else if !known.people.contains(other.as_str())
                && !resident_ids.contains(other.as_str())
            {
                issues.add(
                    "unknown_id",
                    &rec,
                    path,
                    format!("no person, occupant or tenant has id {other}"),
                    "check the id, or remove it if that person has left",
                );
            }
        }
    }
    for (k, h) in s.households.iter().enumerate() {
        let i = ix.households.get(k).copied().unwrap_or(k);
        let rec = format!("household {}", h.id);
        let at = |f: &str| format!("households[{i}].{f}");
        check_location(issues, &rec, &at("location"), &h.location);
        if h.places == 0 {
            issues.add(
                "zero_capacity",
                &rec,
                at("places"),
                "the household has no approved places",
                "give the number of approved places (1 to 3), or leave the household out",
            );
        } else if h.places > MAX_HOUSEHOLD_PLACES {
            issues.add(
                "out_of_range",
                &rec,
                at("places"),
                format!(
                    "{} places; a Shared Lives household takes at most {MAX_HOUSEHOLD_PLACES}",
                    h.places
                ),
                "check the approval; split the record if it is really two households",
            );
        }
        if h.occupants.len() as u32 > h.places {
            issues.add(
                "over_capacity",
                &rec,
                at("occupants"),
                format!(
                    "{} occupants but only {} places",
                    h.occupants.len(),
                    h.places
                ),
                "correct the places or the occupant list",
            );
        }
        if h.approvals.is_empty() {
            issues.add(
                "missing_value",
                &rec,
                at("approvals"),
                "no approvals given",
                "list the needs the household is approved for",
            );
        }
        if h.offers.is_empty() {
            issues.add(
                "missing_value",
                &rec,
                at("offers"),
                "no arrangements offered",
                "e.g. [\"long_term\", \"short_break\"]",
            );
        }
        if let Some(d) = &h.available_from {
            check_date(issues, &rec, &at("available_from"), d);
        }
        for (j, r) in h.unavailable.iter().enumerate() {
            check_range(issues, &rec, &at(&format!("unavailable[{j}]")), r);
        }
        check_ages(
            issues,
            &rec,
            &at("accepts"),
            h.accepts.min_age,
            h.accepts.max_age,
        );
        if h.weekly_cost.is_some_and(|c| c.0 <= 0) {
            issues.add(
                "out_of_range",
                &rec,
                at("weekly_cost"),
                "weekly cost must be positive",
                "give the cost in pence a week",
            );
        }
    }
    for (k, sc) in s.schemes.iter().enumerate() {
        let i = ix.schemes.get(k).copied().unwrap_or(k);
        let rec = format!("scheme {}", sc.id);
        let at = |f: &str| format!("schemes[{i}].{f}");
        check_location(issues, &rec, &at("location"), &sc.location);
        // A full scheme is fine when someone lives there (a tenant, or a
        // person holding a room they may leave); an empty record is not.
        let held_here = s
            .people
            .iter()
            .any(|p| p.holds.as_ref().and_then(|h| h.scheme.as_ref()) == Some(&sc.id));
        if sc.vacancies.is_empty() && sc.tenants.is_empty() && !held_here {
            issues.add(
                "zero_capacity",
                &rec,
                at("vacancies"),
                "the scheme has no vacancies and nobody lives there",
                "list its vacant rooms and tenants, or leave the scheme out",
            );
        }
        if sc.needs_supported.is_empty() {
            issues.add(
                "missing_value",
                &rec,
                at("needs_supported"),
                "no needs supported given",
                "list the needs the scheme is registered for",
            );
        }
        if sc.weekly_cost.0 <= 0 {
            issues.add(
                "out_of_range",
                &rec,
                at("weekly_cost"),
                "weekly cost must be positive",
                "give the cost in pence a week",
            );
        }
        check_ages(issues, &rec, &at("min_age"), sc.min_age, sc.max_age);
        for (j, v) in sc.vacancies.iter().enumerate() {
            if let Some(d) = &v.available_from {
                check_date(
                    issues,
                    &rec,
                    &at(&format!("vacancies[{j}].available_from")),
                    d,
                );
            }
            if v.weekly_cost.is_some_and(|c| c.0 <= 0) {
                issues.add(
                    "out_of_range",
                    &rec,
                    at(&format!("vacancies[{j}].weekly_cost")),
                    "weekly cost must be positive",
                    "give the cost in pence a week",
                );
            }
        }
    }
    check_introductions(s, known, &ix.introductions, issues);
    crate::matching::validate_calendar::check(s, &known.calendar_positions(ix), issues);
}
