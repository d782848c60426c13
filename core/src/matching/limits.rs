//! Size limits of a matching scenario, checked before any real work.
//!
//! Matching evaluates every person against every option (household or
//! vacancy), so the work and the memory grow with `people × options`. The
//! limits below keep a run within seconds and well inside the 4 GiB that
//! WebAssembly memory can reach; anything larger is refused with an issue
//! naming the limit. The record counts are taken from the JSON text with a
//! counting pass that allocates nothing per record, so an oversized file is
//! refused before it is turned into a tree of values. See `LIMITS.md` at the
//! repository root for every stated limit.

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};

use super::model::Scenario;
use crate::error::Issues;

/// Most people in one scenario.
pub const MAX_PEOPLE: usize = 20_000;
/// Most Shared Lives households in one scenario.
pub const MAX_HOUSEHOLDS: usize = 10_000;
/// Most supported-living schemes in one scenario.
pub const MAX_SCHEMES: usize = 5_000;
/// Most options (households plus vacancies over all schemes).
pub const MAX_OPTIONS: usize = 20_000;
/// Most person–option pairs evaluated (`people × options`).
pub const MAX_PAIRS: u64 = 20_000_000;
/// Most important places (family, day service, work) of one person: each is
/// checked against every option.
pub const MAX_IMPORTANT_PLACES: usize = 50;
/// Longest primary care network or neighbourhood name, in characters.
pub const MAX_PCN_CHARS: usize = 80;

/// Number of elements of a JSON array, counted without keeping them; any
/// other JSON value counts as zero (the full read reports its type).
#[derive(Debug, Default)]
struct Count(usize);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                let mut n = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Count(n))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Count, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Count(0))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_str<E>(self, _: &str) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_unit<E>(self) -> Result<Count, E> {
                Ok(Count(0))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Counts {
    people: Count,
    households: Count,
    schemes: Count,
}

/// Counts the records of a scenario text and records an issue for each list
/// over its limit. Text that is not a JSON object is left to the full read.
pub(super) fn precount(json: &str, issues: &mut Issues) {
    let Ok(c) = serde_json::from_str::<Counts>(json) else {
        return;
    };
    counts(c.people.0, c.households.0, c.schemes.0, issues);
}

fn counts(people: usize, households: usize, schemes: usize, issues: &mut Issues) {
    for (n, max, key, hint) in [
        (
            people,
            MAX_PEOPLE,
            "people",
            "match one district or one team's referrals at a time",
        ),
        (
            households,
            MAX_HOUSEHOLDS,
            "households",
            "offer the households of the districts concerned",
        ),
        (
            schemes,
            MAX_SCHEMES,
            "schemes",
            "offer the schemes of the districts concerned",
        ),
    ] {
        if n > max {
            issues.add(
                "input_too_large",
                "scenario",
                key,
                format!("{n} {key}; at most {max} are matched at once"),
                hint,
            );
        }
    }
}

/// Records an issue for each size limit the parsed scenario breaks.
pub(super) fn check_sizes(s: &Scenario, issues: &mut Issues) {
    counts(s.people.len(), s.households.len(), s.schemes.len(), issues);
    let options = s
        .households
        .len()
        .saturating_add(s.schemes.iter().map(|x| x.vacancies.len()).sum::<usize>());
    if options > MAX_OPTIONS {
        issues.add(
            "input_too_large",
            "scenario",
            "schemes",
            format!("{options} options (households and vacancies); at most {MAX_OPTIONS} are matched at once"),
            "offer the options of the districts concerned",
        );
    }
    let pairs = (s.people.len() as u64).saturating_mul(options as u64);
    if pairs > MAX_PAIRS {
        issues.add(
            "input_too_large",
            "scenario",
            "people",
            format!(
                "{} people × {options} options = {pairs} pairs to weigh; the limit is {MAX_PAIRS}",
                s.people.len()
            ),
            "match one district at a time, or fewer people against fewer options",
        );
    }
    for (i, p) in s.people.iter().enumerate() {
        if p.important_places.len() > MAX_IMPORTANT_PLACES {
            issues.add(
                "input_too_large",
                format!("person {}", p.id),
                format!("people[{i}].important_places"),
                format!(
                    "{} important places; at most {MAX_IMPORTANT_PLACES} are weighed per person",
                    p.important_places.len()
                ),
                "keep the places that matter for a move (family, day service, work)",
            );
        }
    }
    check_pcns(s, issues);
}

/// True when any issue so far is a size limit (the rest of the checks are
/// then skipped: they would only take long on a file that is refused anyway).
/// Primary care network or neighbourhood names: not blank, at most
/// [`MAX_PCN_CHARS`] characters.
pub(super) fn check_pcns(s: &Scenario, issues: &mut Issues) {
    let named = s
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                format!("person {}", p.id),
                format!("people[{i}].pcn"),
                &p.pcn,
            )
        })
        .chain(s.households.iter().enumerate().map(|(i, h)| {
            (
                format!("household {}", h.id),
                format!("households[{i}].pcn"),
                &h.pcn,
            )
        }))
        .chain(s.schemes.iter().enumerate().map(|(i, x)| {
            (
                format!("scheme {}", x.id),
                format!("schemes[{i}].pcn"),
                &x.pcn,
            )
        }));
    for (record, path, pcn) in named {
        let Some(name) = pcn else { continue };
        if name.trim().is_empty() {
            issues.add(
                "bad_value",
                record,
                path,
                "the primary care network or neighbourhood is blank",
                "give its name, or leave the field out",
            );
        } else if name.chars().count() > MAX_PCN_CHARS {
            issues.add(
                "too_long",
                record,
                path,
                format!(
                    "the primary care network or neighbourhood name has {} characters; at most {MAX_PCN_CHARS}",
                    name.chars().count()
                ),
                "shorten the name",
            );
        }
    }
}

pub(super) fn too_large(issues: &Issues) -> bool {
    issues
        .as_slice()
        .iter()
        .any(|i| i.code == "input_too_large")
}
