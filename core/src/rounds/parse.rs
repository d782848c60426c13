//! Reads a rounds file record by record, so every problem is listed at once.
//!
//! The file is read as JSON first (a syntax error is one issue with its line
//! and column: nothing after it can be trusted). Then each visit and each
//! worker is deserialised on its own with the shared machinery of
//! [`crate::validation`], the same the scenario validator uses: a record with
//! an unknown or missing field, or a value of the wrong type, is reported with
//! its id and field path while the other records are still read and checked.
//! Finally the records that could be read are checked together
//! ([`super::validate::validate`]); issues that a record which could not be
//! read would make misleading (an "unknown worker" that is in the file but
//! broken) are left out.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::model::{RoundsInput, SCHEMA_VERSION, TravelSettings, Visit, Weights, Worker};
use super::validate::validate;
use crate::error::{Issues, check_input_size, json_issue};
use crate::validation::{parse_record, records};
use crate::{Error, Result, ValidationIssue};

const DOC: &str = "rounds file";

const TOP_LEVEL: &[&str] = &[
    "schema_version",
    "name",
    "skills",
    "visits",
    "workers",
    "travel",
    "weights",
];

/// Parses a rounds file and validates it, listing every issue found.
pub(super) fn parse_and_validate(json: &str) -> Result<RoundsInput> {
    check_input_size(DOC, json.len())?;
    if json.trim().is_empty() {
        check_input_size(DOC, 0)?;
    }
    let value: Value =
        serde_json::from_str(json).map_err(|e| Error::invalid(json_issue(DOC, &e)))?;
    let Value::Object(top) = value else {
        return Err(Error::invalid(ValidationIssue::new(
            "bad_json",
            "",
            "",
            "the rounds file must be a JSON object with `visits` and `workers`",
            "see `carematch sample-rounds` for an example file",
        )));
    };
    let mut issues = Issues::new();
    for key in top.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            issues.add(
                "unknown_field",
                DOC,
                key.clone(),
                format!("unknown field `{key}` at the top level"),
                format!(
                    "remove it or fix its spelling; allowed: {}",
                    TOP_LEVEL.join(", ")
                ),
            );
        }
    }
    for key in ["visits", "workers"] {
        if !top.contains_key(key) {
            issues.add(
                "missing_field",
                DOC,
                key,
                format!("missing field `{key}`"),
                format!("add a `{key}` list (it may be empty)"),
            );
        }
    }
    let schema_version = field(&top, "schema_version", &mut issues).unwrap_or(SCHEMA_VERSION);
    let name = field(&top, "name", &mut issues);
    let skills: Vec<String> = field(&top, "skills", &mut issues).unwrap_or_default();
    let skills_read = !top.contains_key("skills") || issues_at(&issues, "skills") == 0;
    let travel: TravelSettings = field(&top, "travel", &mut issues).unwrap_or_default();
    let weights: Weights = field(&top, "weights", &mut issues).unwrap_or_default();
    let (visits, visits_ix): (Vec<Visit>, _) = records(&top, DOC, "visits", "visit", &mut issues);
    let (workers, workers_ix): (Vec<Worker>, _) =
        records(&top, DOC, "workers", "worker", &mut issues);
    let input = RoundsInput {
        schema_version,
        name,
        skills,
        visits,
        workers,
        travel,
        weights,
    };
    if issues.is_empty() {
        validate(&input)?;
        return Ok(input);
    }
    // Some records could not be read: check the others, in input positions.
    let listed = |key: &str| top.get(key).and_then(Value::as_array).map_or(0, Vec::len);
    let workers_read = workers_ix.len() == listed("workers");
    let raw_worker_ids: HashSet<&str> = top
        .get("workers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|w| w.get("id").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    if let Err(Error::Invalid(more)) = validate(&input) {
        for mut issue in more {
            let misleading = match issue.code.as_str() {
                "unknown_worker" => {
                    !workers_read
                        && raw_worker_ids
                            .iter()
                            .any(|id| issue.message.contains(&format!("\"{id}\"")))
                }
                "longer_than_shifts" => !workers_read,
                "unknown_skill" => !skills_read,
                _ => false,
            };
            if misleading {
                continue;
            }
            issue.path = reindex(&issue.path, "visits", &visits_ix);
            issue.path = reindex(&issue.path, "workers", &workers_ix);
            issues.push(issue);
        }
    }
    Err(Error::Invalid(issues.into_vec()))
}

/// Reads one optional top-level field, recording an issue when it is malformed.
fn field<T: DeserializeOwned>(
    top: &Map<String, Value>,
    key: &str,
    issues: &mut Issues,
) -> Option<T> {
    let value = top.get(key)?;
    parse_record(value, key, DOC, issues)
}

/// How many issues so far concern the field `key`.
fn issues_at(issues: &Issues, key: &str) -> usize {
    issues
        .as_slice()
        .iter()
        .filter(|i| {
            i.path == key
                || i.path.starts_with(&format!("{key}."))
                || i.path.starts_with(&format!("{key}["))
        })
        .count()
}

/// Rewrites a path `key[k]…` about the k-th parsed record into the record's
/// position in the input.
fn reindex(path: &str, key: &str, positions: &[usize]) -> String {
    let Some(rest) = path.strip_prefix(key).and_then(|r| r.strip_prefix('[')) else {
        return path.to_owned();
    };
    let Some((k, tail)) = rest.split_once(']') else {
        return path.to_owned();
    };
    match k.parse::<usize>().ok().and_then(|k| positions.get(k)) {
        Some(i) => format!("{key}[{i}]{tail}"),
        None => path.to_owned(),
    }
}
