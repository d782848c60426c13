//! Matching rules as small named units.
//!
//! A **hard rule** ([`HardRule`]) can exclude an option for a person and says
//! why in words a placement officer would use ("not approved for dementia").
//! A **soft rule** ([`SoftRule`]) gives a raw fit from 0 to 100 that is turned
//! into points by its weight from [`super::Weights`]; the points of all soft
//! rules form the [`super::ScoreBreakdown`] of a pair.
//!
//! The lists [`HARD_RULES`] and [`SOFT_RULES`] fix the order in which rules
//! are checked and reported; cheap, commonly failing rules come first so the
//! planner can stop at the first failure.

mod hard;
mod soft;

pub use hard::*;
pub use soft::*;

use super::context::{Ctx, OptionView};
use super::model::Person;

/// A person–option pair under consideration.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'c, 'a> {
    /// The indexed scenario.
    pub ctx: &'c Ctx<'a>,
    /// Person index.
    pub p: usize,
    /// Option index.
    pub o: usize,
}

impl<'c, 'a> Candidate<'c, 'a> {
    /// The person.
    pub fn person(&self) -> &'a Person {
        self.ctx.person(self.p)
    }
    /// The option.
    pub fn option(&self) -> OptionView<'a> {
        self.ctx.options[self.o]
    }
    /// Straight-line distance between the person's home and the option, in km.
    pub fn distance_km(&self) -> f64 {
        self.person().home.distance_m(&self.option().location()) / 1000.0
    }
}

/// Why a hard rule excluded an option.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exclusion {
    /// The rule's name (e.g. `needs_approved`).
    pub rule: &'static str,
    /// A short reason that is the same for similar options, so reasons can be
    /// counted across options ("not approved for dementia").
    pub reason: String,
}

/// A rule that can rule an option out for a person.
pub trait HardRule: Sync {
    /// Stable snake_case name, used in results and explanations.
    fn name(&self) -> &'static str;
    /// One sentence saying what the rule requires.
    fn description(&self) -> &'static str;
    /// `Some(reason)` when the option is excluded for the person.
    fn check(&self, c: &Candidate) -> Option<String>;
}

/// A rule that scores how well an option fits a person.
pub trait SoftRule: Sync {
    /// Stable snake_case name, used in score breakdowns.
    fn name(&self) -> &'static str;
    /// One sentence saying what the rule rewards.
    fn description(&self) -> &'static str;
    /// The weight (points at a perfect fit) from the run's settings.
    fn weight(&self, w: &super::Weights) -> i64;
    /// How well the pair fits, 0..=100.
    fn raw(&self, c: &Candidate) -> i64;
    /// A short note explaining the raw value (only built for output).
    fn note(&self, c: &Candidate, raw: i64) -> String;
    /// True when the person stated no preference this rule could use, so it
    /// gives full marks to every option and says nothing about the choice.
    fn neutral(&self, _c: &Candidate) -> bool {
        false
    }
}

/// Every hard rule, in checking order.
pub static HARD_RULES: &[&dyn HardRule] = &[
    &DeclinedIntroduction,
    &HasFreePlace,
    &ArrangementOffered,
    &NeedsApproved,
    &AcceptsAge,
    &SupportCanBeMet,
    &PetsCompatible,
    &SmokingCompatible,
    &ChildrenCompatible,
    &AccessibleRoom,
    &Availability,
    &WithinArea,
    &TravelToImportantPlace,
    &MustNotLiveWith,
    &TenantCompatibility,
];

/// Every soft rule, in reporting order.
pub static SOFT_RULES: &[&dyn SoftRule] = &[
    &PlacementValue,
    &Distance,
    &SameArea,
    &Interests,
    &Language,
    &Faith,
    &CarerGender,
    &HouseholdType,
    &Experience,
    &CostSaving,
    &Urgency,
    &TenantFit,
    &EnSuite,
];

/// The first hard rule that excludes the pair, if any.
pub fn first_exclusion(c: &Candidate) -> Option<Exclusion> {
    HARD_RULES.iter().find_map(|r| {
        r.check(c).map(|reason| Exclusion {
            rule: r.name(),
            reason,
        })
    })
}

/// Every hard rule that excludes the pair.
pub fn all_exclusions(c: &Candidate) -> Vec<Exclusion> {
    HARD_RULES
        .iter()
        .filter_map(|r| {
            r.check(c).map(|reason| Exclusion {
                rule: r.name(),
                reason,
            })
        })
        .collect()
}

/// Total score of a pair without building the breakdown (fast path).
pub fn score_total(c: &Candidate) -> i64 {
    let w = &c.ctx.cfg.weights;
    SOFT_RULES
        .iter()
        .map(|r| r.weight(w) * r.raw(c) / 100)
        .sum()
}
