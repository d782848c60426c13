//! Scenario validation that reports every problem at once.
//!
//! A scenario is read in two passes. First each record (person, household,
//! scheme, introduction) is deserialised on its own, so a record with an
//! unknown or missing field, or a value of the wrong type, is reported with
//! its id and the path of the bad field while the other records are still
//! read. Then the records are checked together: duplicate ids, references to
//! unknown ids, zero capacities, coordinates out of range, impossible dates
//! and dates in the wrong order, and introductions that overfill a place.
//! Nothing here panics on any input.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::model::{
    Arrangement, Date, DateRange, Household, IntroductionOutcome, Outcome, Person, SCHEMA_VERSION,
    Scenario, Scheme,
};
use crate::error::{Issues, check_input_size, json_issue};
use crate::geo::LatLon;
use crate::{Error, Result, ValidationIssue};

const TOP_LEVEL: &[&str] = &[
    "schema_version",
    "name",
    "as_of",
    "people",
    "households",
    "schemes",
    "introductions",
    "learning_disability_population",
    "shared_lives_ld_current",
];

/// An optional whole-number count at the top level.
fn count_field(
    top: &serde_json::Map<String, Value>,
    key: &str,
    issues: &mut Issues,
) -> Option<u32> {
    match top.get(key) {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                issues.add(
                    "bad_value",
                    "scenario",
                    key,
                    format!("{key} must be a whole number of people"),
                    "write a number such as 1800",
                );
                None
            }
        },
    }
}

/// Largest number of people a Shared Lives household is approved for.
pub const MAX_HOUSEHOLD_PLACES: u32 = 3;

/// Parses and checks a scenario, returning every issue found.
pub fn validate_scenario(json: &str) -> Result<Scenario> {
    check_input_size("scenario", json.len())?;
    if json.trim().is_empty() {
        check_input_size("scenario", 0)?;
    }
    let value: Value =
        serde_json::from_str(json).map_err(|e| Error::invalid(json_issue("scenario", &e)))?;
    let Value::Object(top) = value else {
        return Err(Error::invalid(ValidationIssue::new(
            "bad_json",
            "",
            "",
            "the scenario must be a JSON object with `schema_version` and `people`",
            "see `carematch sample` for an example scenario",
        )));
    };
    let mut issues = Issues::new();
    for key in top.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            issues.add(
                "unknown_field",
                "scenario",
                key.clone(),
                format!("unknown field `{key}` at the top level"),
                format!(
                    "remove it or fix its spelling; allowed: {}",
                    TOP_LEVEL.join(", ")
                ),
            );
        }
    }
    let schema_version = match top.get("schema_version") {
        None => {
            issues.add(
                "missing_field",
                "scenario",
                "schema_version",
                "missing field `schema_version`",
                format!("add \"schema_version\": {SCHEMA_VERSION}"),
            );
            SCHEMA_VERSION
        }
        Some(v) => match v.as_u64() {
            Some(n) if n == u64::from(SCHEMA_VERSION) => SCHEMA_VERSION,
            _ => {
                issues.add(
                    "unsupported_version",
                    "scenario",
                    "schema_version",
                    format!("schema_version {v} is not supported"),
                    format!("this build reads schema_version {SCHEMA_VERSION}"),
                );
                SCHEMA_VERSION
            }
        },
    };
    let name = top.get("name").and_then(|v| v.as_str()).map(str::to_owned);
    let as_of = match top.get("as_of") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Date::new(s.clone())),
        Some(_) => {
            issues.add(
                "bad_value",
                "scenario",
                "as_of",
                "as_of must be a date string",
                "write it as YYYY-MM-DD",
            );
            None
        }
    };
    if top.get("people").is_none() {
        issues.add(
            "missing_field",
            "scenario",
            "people",
            "missing field `people`",
            "add a `people` list (it may be empty)",
        );
    }
    let (people, people_ix): (Vec<Person>, _) = records(&top, "people", "person", &mut issues);
    let (households, households_ix): (Vec<Household>, _) =
        records(&top, "households", "household", &mut issues);
    let (schemes, schemes_ix): (Vec<Scheme>, _) = records(&top, "schemes", "scheme", &mut issues);
    let (introductions, introductions_ix): (Vec<IntroductionOutcome>, _) =
        records(&top, "introductions", "introduction", &mut issues);
    let scenario = Scenario {
        schema_version,
        name,
        as_of,
        people,
        households,
        schemes,
        introductions,
        learning_disability_population: count_field(
            &top,
            "learning_disability_population",
            &mut issues,
        ),
        shared_lives_ld_current: count_field(&top, "shared_lives_ld_current", &mut issues),
    };
    // Ids as written in the raw input, so that a record that failed to
    // parse still counts for duplicates and does not cause false "unknown id"
    // reports.
    let raw_ids = |key: &str| -> Vec<String> {
        top.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|r| {
                        r.get("id")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let vacancies: Vec<(usize, usize, String)> = top
        .get("schemes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, s)| Some((i, s.get("vacancies")?.as_array()?)))
                .flat_map(|(i, vs)| {
                    vs.iter()
                        .enumerate()
                        .filter_map(move |(j, v)| Some((i, j, v.get("id")?.as_str()?.to_owned())))
                })
                .collect()
        })
        .unwrap_or_default();
    let known = KnownIds::new(
        raw_ids("people"),
        raw_ids("households"),
        raw_ids("schemes"),
        vacancies,
    );
    let index = RawIndex {
        people: people_ix,
        households: households_ix,
        schemes: schemes_ix,
        introductions: introductions_ix,
    };
    check_scenario(&scenario, &known, &index, &mut issues);
    issues.into_result(scenario)
}

/// Checks an already-parsed scenario (built in code rather than read from
/// JSON) with the same rules as [`validate_scenario`].
pub fn check(s: &Scenario) -> Result<()> {
    let mut issues = Issues::new();
    if s.schema_version != SCHEMA_VERSION {
        issues.add(
            "unsupported_version",
            "scenario",
            "schema_version",
            format!("schema_version {} is not supported", s.schema_version),
            format!("this build reads schema_version {SCHEMA_VERSION}"),
        );
    }
    let known = KnownIds::new(
        s.people.iter().map(|p| p.id.0.clone()).collect(),
        s.households.iter().map(|h| h.id.0.clone()).collect(),
        s.schemes.iter().map(|x| x.id.0.clone()).collect(),
        s.schemes
            .iter()
            .enumerate()
            .flat_map(|(i, x)| {
                x.vacancies
                    .iter()
                    .enumerate()
                    .map(move |(j, v)| (i, j, v.id.0.clone()))
            })
            .collect(),
    );
    let index = RawIndex {
        people: (0..s.people.len()).collect(),
        households: (0..s.households.len()).collect(),
        schemes: (0..s.schemes.len()).collect(),
        introductions: (0..s.introductions.len()).collect(),
    };
    check_scenario(s, &known, &index, &mut issues);
    issues.into_result(())
}

/// Ids as written in the input, in input order (empty when missing).
struct KnownIds {
    people_list: Vec<String>,
    households_list: Vec<String>,
    schemes_list: Vec<String>,
    /// (scheme index, vacancy index, id).
    vacancies_list: Vec<(usize, usize, String)>,
    people: BTreeSet<String>,
    households: BTreeSet<String>,
    vacancies: BTreeSet<String>,
}

impl KnownIds {
    fn new(
        people: Vec<String>,
        households: Vec<String>,
        schemes: Vec<String>,
        vacancies: Vec<(usize, usize, String)>,
    ) -> Self {
        KnownIds {
            people: people.iter().cloned().collect(),
            households: households.iter().cloned().collect(),
            vacancies: vacancies.iter().map(|v| v.2.clone()).collect(),
            people_list: people,
            households_list: households,
            schemes_list: schemes,
            vacancies_list: vacancies,
        }
    }
}

/// Input position of each parsed record (records that failed to parse are
/// skipped, so parsed and input positions can differ).
struct RawIndex {
    people: Vec<usize>,
    households: Vec<usize>,
    schemes: Vec<usize>,
    introductions: Vec<usize>,
}

/// Deserialises every element of `top[key]` separately, recording issues.
fn records<T: DeserializeOwned>(
    top: &serde_json::Map<String, Value>,
    key: &str,
    what: &str,
    issues: &mut Issues,
) -> (Vec<T>, Vec<usize>) {
    let Some(v) = top.get(key) else {
        return (Vec::new(), Vec::new());
    };
    let Some(items) = v.as_array() else {
        issues.add(
            "bad_value",
            "scenario",
            key,
            format!("`{key}` must be a list"),
            format!("write `{key}` as a JSON array of {what} records"),
        );
        return (Vec::new(), Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    let mut index = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let record = match item.get("id").and_then(Value::as_str) {
            Some(id) => format!("{what} {id}"),
            None => format!("{key}[{i}]"),
        };
        if let Some(x) = parse_record(item, key, i, &record, issues) {
            out.push(x);
            index.push(i);
        }
    }
    (out, index)
}

/// Deserialises one record. An unknown field is reported, removed and the
/// record read again, so its other problems are still found; any other
/// error is reported and the record skipped.
fn parse_record<T: DeserializeOwned>(
    item: &Value,
    key: &str,
    i: usize,
    record: &str,
    issues: &mut Issues,
) -> Option<T> {
    let mut item = item.clone();
    // Each retry removes one field, so this ends; the bound is a safety net.
    for _ in 0..64 {
        let err = match serde_path_to_error::deserialize::<_, T>(item.clone()) {
            Ok(x) => return Some(x),
            Err(err) => err,
        };
        let segments: Vec<String> = err
            .path()
            .iter()
            .map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => format!("[{index}]"),
                serde_path_to_error::Segment::Map { key } => key.clone(),
                serde_path_to_error::Segment::Enum { variant } => variant.clone(),
                serde_path_to_error::Segment::Unknown => "?".to_owned(),
            })
            .collect();
        let inner = err.path().to_string();
        let path = if inner == "." || inner.is_empty() {
            format!("{key}[{i}]")
        } else {
            format!("{key}[{i}].{inner}")
        };
        let message = err.inner().to_string();
        if message.starts_with("unknown field") {
            issues.add(
                "unknown_field",
                record,
                path,
                message.clone(),
                "remove the field or fix its spelling (the allowed names are listed)",
            );
            let field = message.split('`').nth(1).unwrap_or_default().to_owned();
            if !remove_field(&mut item, &segments, &field) {
                return None;
            }
            continue;
        }
        let (code, hint) = if message.starts_with("missing field") {
            (
                "missing_field",
                "add the field; see `carematch sample` for a complete record",
            )
        } else if message.contains("unknown variant") {
            ("unknown_value", "use one of the values listed")
        } else {
            (
                "bad_value",
                "check the value's type and range against the documented schema",
            )
        };
        issues.add(code, record, path, message, hint);
        return None;
    }
    None
}

/// Removes `field` from the object at `segments` (or from its parent when the
/// path already ends at the field). Returns whether something was removed.
fn remove_field(item: &mut Value, segments: &[String], field: &str) -> bool {
    fn walk<'v>(mut v: &'v mut Value, segs: &[String]) -> Option<&'v mut Value> {
        for s in segs {
            v = match s.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
                Some(ix) => v.get_mut(ix.parse::<usize>().ok()?)?,
                None => v.get_mut(s.as_str())?,
            };
        }
        Some(v)
    }
    for depth in [segments.len(), segments.len().saturating_sub(1)] {
        if let Some(Value::Object(map)) = walk(item, segments.get(..depth).unwrap_or_default())
            && map.remove(field).is_some()
        {
            return true;
        }
    }
    false
}

fn check_location(issues: &mut Issues, record: &str, path: &str, at: &LatLon) {
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

fn check_date(issues: &mut Issues, record: &str, path: &str, d: &Date) -> Option<i64> {
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

fn check_range(issues: &mut Issues, record: &str, path: &str, r: &DateRange) {
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

fn check_ages(issues: &mut Issues, record: &str, path: &str, lo: Option<u32>, hi: Option<u32>) {
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

fn duplicates(issues: &mut Issues, what: &str, key: &str, ids: &[(usize, String)]) {
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

fn check_scenario(s: &Scenario, known: &KnownIds, ix: &RawIndex, issues: &mut Issues) {
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
        let held_here = s
            .people
            .iter()
            .any(|p| p.holds.as_ref().and_then(|h| h.scheme.as_ref()) == Some(&sc.id));
        if sc.vacancies.is_empty() && !held_here {
            issues.add(
                "zero_capacity",
                &rec,
                at("vacancies"),
                "the scheme has no vacancies",
                "list its vacant rooms, or leave the scheme out",
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
}

fn check_introductions(s: &Scenario, known: &KnownIds, ix: &[usize], issues: &mut Issues) {
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
