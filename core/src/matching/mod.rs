//! Placement matching: Shared Lives households and supported-living vacancies.
//!
//! A [`Scenario`] lists the people referred for a placement, the Shared Lives
//! carer households with their approved places, the supported-living schemes
//! with their vacancies and sitting tenants, and the outcomes of
//! introductions made so far. Each **hard rule** in [`rules`] can exclude an
//! option for a person and says why; each **soft rule** adds a documented,
//! weighted component to the pair's score ([`ScoreBreakdown`]). The
//! [`match_scenario`] entry point finds the optimal plan for the chosen
//! [`Objective`], explains every placement (why this option, the runner-up and
//! a backup that still works if the introduction fails) and every person left
//! unplaced (reasons counted over all options and the nearest miss), and
//! compares each placement's weekly cost with the person's current or
//! counterfactual setting. [`shortlist`] gives the top options for one person
//! and [`shortlist_for_household`] the top people for one household.
//!
//! In Shared Lives "no one is placed; every arrangement is mutual": the engine
//! proposes and explains, people decide. Outcomes feed back as
//! [`IntroductionOutcome`]s: an accepted pair is kept, a declined pair is never
//! proposed again, and re-running gives the next best plan.
//!
//! # Quick start
//! ```
//! use carematch::matching::{self, MatchConfig};
//!
//! // A seeded Nottinghamshire sample: 60 people, 25 households.
//! let scenario = matching::sample_scenario(60, 25, 42);
//! // Scenarios usually come from JSON; validation lists every problem at once.
//! let json = serde_json::to_string(&scenario)?;
//! let scenario = matching::validate_scenario(&json)?;
//!
//! let result = matching::match_scenario(&scenario, &MatchConfig::default())?;
//! for p in result.placements.iter().take(3) {
//!     println!("{} -> {} (score {}): {}", p.person, p.option.label, p.score.total, p.why);
//! }
//! for u in result.unplaced.iter().take(3) {
//!     println!("{} not placed: {}", u.person, u.explanation.summary);
//! }
//! assert_eq!(result.totals.placed + result.totals.unplaced, 60);
//!
//! // What a placement officer takes to a matching meeting for one person:
//! let first = &scenario.people[0].id;
//! let list = matching::shortlist(&scenario, &MatchConfig::default(), first, 5)?;
//! assert!(list.options.len() <= 5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod analysis;
mod chains;
mod check;
mod config;
mod context;
pub mod cost;
mod coupling;
mod explain;
mod explain_words;
pub mod limits;
mod lp;
mod model;
pub mod moveon;
mod plan;
mod result;
pub mod rules;
mod sample;
mod score;
mod shortlist;
mod solve;
pub mod validate;
mod validate_calendar;
mod validate_fields;

pub use check::{check_assignment, check_plan};
pub use config::{
    CostSettings, GenderLimit, MatchConfig, Method, Objective, SideRules, Thresholds, Weights,
};
pub use cost::CostComparison;
pub use explain::{Explanation, NearestMiss, ReasonCount};
pub use explain_words::{component_words, confirmation_words};
pub use lp::export_lp;
pub use model::*;
pub use result::{
    Alternative, BlockingPair, Chain, ChainMove, MatchResult, OptionRef, Placement,
    PlacementStatus, Stability, Staying, TargetProgress, Totals, Unplaced,
    movers_leaving_rooms_empty,
};
pub use sample::{
    SCHEME_VACANCY_RATE, SCHEMES_PER_THOUSAND_REFERRALS, SHARED_LIVES_LD_SHARE, SampleFigures,
    SampleOptions, SampleProfile, sample_county, sample_scenario,
};
pub use score::{ScoreBreakdown, ScoreComponent};
pub use shortlist::{
    HouseholdShortlist, RuleFailure, RuledOutOption, RuledOutPerson, Shortlist, ShortlistOption,
    ShortlistPerson,
};

use crate::Result;

/// Parses a scenario from JSON and checks it, reporting every problem at once.
///
/// # Errors
/// [`crate::Error::Invalid`] listing every issue (record, field path, message,
/// hint): empty or oversized input, bad JSON, unknown or missing fields,
/// duplicate ids, unknown references, zero capacities, bad coordinates and
/// dates in the wrong order.
pub fn validate_scenario(json: &str) -> Result<Scenario> {
    validate::validate_scenario(json)
}

/// Finds the best plan for a scenario and explains it.
///
/// # Returns
/// Placements (with score breakdown, weekly cost, runner-up and backup),
/// unplaced people with explanations, totals and the objective value.
///
/// # Complexity
/// Rules and scores are evaluated for every person–option pair
/// (O(people × options × rules)); the plan is a min-cost flow over the
/// feasible pairs.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario breaks a validation rule.
pub fn match_scenario(s: &Scenario, cfg: &MatchConfig) -> Result<MatchResult> {
    validate::check(s)?;
    plan::run(s, cfg)
}

/// The top `k` options for one person, best first, with score breakdowns
/// and the reasons other options were ruled out.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario is invalid or the person unknown.
pub fn shortlist(
    s: &Scenario,
    cfg: &MatchConfig,
    person: &PersonId,
    k: usize,
) -> Result<Shortlist> {
    validate::check(s)?;
    shortlist::for_person(s, cfg, person, k)
}

/// The top `k` people for one Shared Lives household, best first.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario is invalid or the household unknown.
pub fn shortlist_for_household(
    s: &Scenario,
    cfg: &MatchConfig,
    household: &HouseholdId,
    k: usize,
) -> Result<HouseholdShortlist> {
    validate::check(s)?;
    shortlist::for_household(s, cfg, household, k)
}
