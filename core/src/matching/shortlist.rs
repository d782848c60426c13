//! Shortlists: what a placement officer brings to a matching meeting.
//!
//! For one person, the top-k options that pass every hard rule, best score
//! first, each with its score breakdown and weekly cost, plus a count of why
//! the other options were ruled out. For one household, the same the other
//! way round: the people it could take. Shortlists ignore competition between
//! people (that is what the plan is for); they respect places already taken
//! by occupants and accepted or in-progress introductions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::config::MatchConfig;
use super::context::Ctx;
use super::cost::{self, CostComparison};
use super::explain::{ReasonCount, sorted_reasons};
use super::model::{HouseholdId, OptionKind, PersonId, SCHEMA_VERSION, Scenario};
use super::result::OptionRef;
use super::rules::{self, Candidate};
use super::score::{self, ScoreBreakdown};
use crate::{Error, Result, ValidationIssue};

/// One option on a person's shortlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ShortlistOption {
    /// 1 for the best.
    pub rank: usize,
    /// The option.
    pub option: OptionRef,
    /// Score and breakdown.
    pub score: ScoreBreakdown,
    /// Weekly cost against the counterfactual.
    pub cost: CostComparison,
    /// Straight-line distance from the person's home, in metres.
    pub distance_m: u64,
}

/// A hard rule an option or person failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct RuleFailure {
    /// The rule's name (e.g. `needs_approved`).
    pub rule: String,
    /// The reason in words.
    pub reason: String,
}

/// An option ruled out for a person, with every hard rule it fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct RuledOutOption {
    /// The option.
    pub option: OptionRef,
    /// Straight-line distance from the person's home, in metres.
    pub distance_m: u64,
    /// Every hard rule it fails, in rule order (at least one).
    pub failed: Vec<RuleFailure>,
}

/// A person a household cannot take, with every hard rule the pair fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct RuledOutPerson {
    /// The person.
    pub person: PersonId,
    /// Straight-line distance from the person's home, in metres.
    pub distance_m: u64,
    /// Every hard rule the pair fails, in rule order (at least one).
    pub failed: Vec<RuleFailure>,
}

/// The top options for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Shortlist {
    /// Format version.
    pub schema_version: u32,
    /// The person.
    pub person: PersonId,
    /// Options that pass every hard rule (the shortlist shows the best `k`).
    pub feasible_options: usize,
    /// The best options, best first.
    pub options: Vec<ShortlistOption>,
    /// Why the other options were ruled out (first failing rule per option).
    pub excluded: Vec<ReasonCount>,
    /// Every option ruled out, in option order, with all the rules it fails.
    pub ruled_out: Vec<RuledOutOption>,
}

/// One person on a household's shortlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ShortlistPerson {
    /// 1 for the best.
    pub rank: usize,
    /// The person.
    pub person: PersonId,
    /// Score and breakdown.
    pub score: ScoreBreakdown,
    /// Weekly cost against the person's counterfactual.
    pub cost: CostComparison,
    /// Straight-line distance from the person's home, in metres.
    pub distance_m: u64,
}

/// The people who could best live with one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct HouseholdShortlist {
    /// Format version.
    pub schema_version: u32,
    /// The household.
    pub household: HouseholdId,
    /// People the household could take under every hard rule.
    pub feasible_people: usize,
    /// The best people, best first.
    pub people: Vec<ShortlistPerson>,
    /// Why the other people were ruled out (first failing rule per person).
    pub excluded: Vec<ReasonCount>,
    /// Every person ruled out, in input order, with all the rules the pair fails.
    pub ruled_out: Vec<RuledOutPerson>,
}

fn failures(c: &Candidate) -> Vec<RuleFailure> {
    rules::all_exclusions(c)
        .into_iter()
        .map(|e| RuleFailure {
            rule: e.rule.to_string(),
            reason: e.reason,
        })
        .collect()
}

/// Whole metres; distances are small and never negative.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn metres(c: &Candidate) -> u64 {
    (c.distance_km() * 1000.0).round().max(0.0) as u64
}

fn unknown(what: &str, id: &str, path: &str) -> Error {
    Error::invalid(ValidationIssue::new(
        "unknown_id",
        format!("{what} {id}"),
        path,
        format!("there is no {what} with id {id} in the scenario"),
        format!("check the {what} id (ids are case-sensitive)"),
    ))
}

pub(crate) fn for_person(
    s: &Scenario,
    cfg: &MatchConfig,
    person: &PersonId,
    k: usize,
) -> Result<Shortlist> {
    let ctx = Ctx::new(s, cfg)?;
    let p = *ctx
        .person_index
        .get(person)
        .ok_or_else(|| unknown("person", person.as_str(), "--person"))?;
    let mut feasible = Vec::new();
    let mut counts = BTreeMap::new();
    let mut ruled_out = Vec::new();
    for o in 0..ctx.options.len() {
        let c = Candidate { ctx: &ctx, p, o };
        match rules::first_exclusion(&c) {
            None => feasible.push((o, rules::score_total(&c))),
            Some(e) => {
                *counts
                    .entry((ctx.options[o].kind(), e.rule, e.reason))
                    .or_default() += 1;
                ruled_out.push(RuledOutOption {
                    option: OptionRef::of(&ctx.options[o]),
                    distance_m: metres(&c),
                    failed: failures(&c),
                });
            }
        }
    }
    feasible.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let options = feasible
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &(o, _))| ShortlistOption {
            rank: i + 1,
            option: OptionRef::of(&ctx.options[o]),
            score: score::breakdown(&Candidate { ctx: &ctx, p, o }),
            cost: cost::compare(&ctx, p, o),
            distance_m: metres(&Candidate { ctx: &ctx, p, o }),
        })
        .collect();
    Ok(Shortlist {
        schema_version: SCHEMA_VERSION,
        person: person.clone(),
        feasible_options: feasible.len(),
        options,
        excluded: sorted_reasons(counts),
        ruled_out,
    })
}

pub(crate) fn for_household(
    s: &Scenario,
    cfg: &MatchConfig,
    household: &HouseholdId,
    k: usize,
) -> Result<HouseholdShortlist> {
    let ctx = Ctx::new(s, cfg)?;
    let o = *ctx
        .household_index
        .get(household)
        .ok_or_else(|| unknown("household", household.as_str(), "--household"))?;
    let mut feasible = Vec::new();
    let mut counts = BTreeMap::new();
    let mut ruled_out = Vec::new();
    for p in 0..s.people.len() {
        let c = Candidate { ctx: &ctx, p, o };
        match rules::first_exclusion(&c) {
            None => feasible.push((p, rules::score_total(&c))),
            Some(e) => {
                *counts
                    .entry((OptionKind::SharedLives, e.rule, e.reason))
                    .or_default() += 1;
                ruled_out.push(RuledOutPerson {
                    person: s.people[p].id.clone(),
                    distance_m: metres(&c),
                    failed: failures(&c),
                });
            }
        }
    }
    feasible.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let people = feasible
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &(p, _))| ShortlistPerson {
            rank: i + 1,
            person: s.people[p].id.clone(),
            score: score::breakdown(&Candidate { ctx: &ctx, p, o }),
            cost: cost::compare(&ctx, p, o),
            distance_m: metres(&Candidate { ctx: &ctx, p, o }),
        })
        .collect();
    Ok(HouseholdShortlist {
        schema_version: SCHEMA_VERSION,
        household: household.clone(),
        feasible_people: feasible.len(),
        people,
        excluded: sorted_reasons(counts),
        ruled_out,
    })
}
