//! Shared machinery for validators that report every problem at once.
//!
//! A document is first read as a `serde_json::Value`; then each record is
//! deserialised on its own, so one record with an unknown or missing field,
//! or a value of the wrong type, is reported with its id and the path of the
//! bad field while the other records are still read. An unknown field is
//! reported, removed and the record read again, so its other problems are
//! found in the same pass. Used by the scenario validator
//! (`matching::validate`) and the rounds validator (`rounds::validate`);
//! nothing here panics on any input.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::Issues;

/// Deserialises every element of `top[key]` separately, recording issues.
///
/// `doc` names the whole document in issues about the list itself (for
/// example `scenario`), `what` names one record (`person`), so a record is
/// reported as `person P1` (or `people[3]` when it has no id). Returns the
/// records that parsed and, for each, its position in the input list.
pub(crate) fn records<T: DeserializeOwned>(
    top: &Map<String, Value>,
    doc: &str,
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
            doc,
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
        if let Some(x) = parse_record(item, &format!("{key}[{i}]"), &record, issues) {
            out.push(x);
            index.push(i);
        }
    }
    (out, index)
}

/// Deserialises one record. An unknown field is reported, removed and the
/// record read again, so its other problems are still found; any other
/// error is reported and the record skipped.
///
/// `base` is the field path of the record itself (`people[3]`, `travel`).
pub(crate) fn parse_record<T: DeserializeOwned>(
    item: &Value,
    base: &str,
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
            base.to_owned()
        } else {
            format!("{base}.{inner}")
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
