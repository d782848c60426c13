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

use std::collections::BTreeSet;

use serde_json::Value;

use super::model::{
    Date, Household, IntroductionOutcome, Person, SCHEMA_VERSION, Scenario, Scheme,
};
use crate::error::{Issues, check_input_size, json_issue};
use crate::validation::records;
use crate::{Error, Result, ValidationIssue};

mod together;
use together::check_scenario;

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
    // Refuse too many records before building a value tree of them.
    let mut counted = Issues::new();
    super::limits::precount(json, &mut counted);
    if !counted.is_empty() {
        return Err(Error::Invalid(counted.into_vec()));
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
    let (people, people_ix): (Vec<Person>, _) =
        records(&top, "scenario", "people", "person", &mut issues);
    let (households, households_ix): (Vec<Household>, _) =
        records(&top, "scenario", "households", "household", &mut issues);
    let (schemes, schemes_ix): (Vec<Scheme>, _) =
        records(&top, "scenario", "schemes", "scheme", &mut issues);
    let (introductions, introductions_ix): (Vec<IntroductionOutcome>, _) = records(
        &top,
        "scenario",
        "introductions",
        "introduction",
        &mut issues,
    );
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
pub(super) struct KnownIds {
    pub(super) people_list: Vec<String>,
    pub(super) households_list: Vec<String>,
    pub(super) schemes_list: Vec<String>,
    /// (scheme index, vacancy index, id).
    pub(super) vacancies_list: Vec<(usize, usize, String)>,
    pub(super) people: BTreeSet<String>,
    pub(super) households: BTreeSet<String>,
    pub(super) vacancies: BTreeSet<String>,
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

impl KnownIds {
    /// Positions and raw ids for the calendar checks.
    fn calendar_positions<'a>(
        &'a self,
        ix: &'a RawIndex,
    ) -> super::validate_calendar::Positions<'a> {
        super::validate_calendar::Positions {
            people: &ix.people,
            households: &ix.households,
            introductions: &ix.introductions,
            household_ids: &self.households_list,
            scheme_ids: &self.schemes_list,
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
