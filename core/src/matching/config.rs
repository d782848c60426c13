//! Run settings for a matching run: the objective, the weight of every soft
//! rule, the thresholds of the hard rules and the cost figures.
//!
//! Every default is documented here and can be overridden per run (in the
//! library through [`MatchConfig`], on the command line with `--config`).

use serde::{Deserialize, Serialize};

use crate::units::Pence;

/// What the optimal plan maximises or minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Objective {
    /// Maximise the total match score of the proposed placements (default).
    #[default]
    MaxScore,
    /// Minimise the total weekly cost of care: a placement is proposed only
    /// when it costs less than the person's current or counterfactual setting,
    /// and the biggest total saving is chosen.
    MinWeeklyCost,
    /// Maximise `score × score_weight + weekly saving in pounds × cost_weight`.
    Weighted {
        /// Weight of one score point.
        score_weight: i64,
        /// Weight of one pound a week saved.
        cost_weight: i64,
    },
    /// Place as many people as possible, then maximise the total score.
    MaxPlacedThenScore,
}

/// Which solution method produces the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The optimal plan for the objective (min-cost flow, with side
    /// constraints when [`SideRules`] or people who must not live together
    /// call for them).
    #[default]
    Optimal,
    /// A stable plan: person-proposing deferred acceptance with capacities,
    /// so that no person and household would both rather be together than
    /// keep what the plan gives them. People rank options by the pair score;
    /// households rank people by the components that reflect the
    /// household's view (interests, language, faith, fit with the people
    /// already there, urgency, same area). The result reports the blocking
    /// pairs (none) and the price of stability against the score optimum.
    /// The objective is not used.
    Stable,
}

/// A gender-mix rule: at most `max_per_household` newcomers of `gender` who
/// stay in any one home (a household, or all the rooms of a scheme; day
/// support visitors do not count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct GenderLimit {
    /// The gender counted.
    pub gender: super::model::Gender,
    /// How many newcomers of that gender one household may take.
    pub max_per_household: u32,
}

/// Rules over the whole plan that the plain flow cannot express; they are
/// solved by [`crate::algo::side_constraints`] (Lagrangian relaxation,
/// repair and a small MILP). People who must not live together are always
/// applied this way when two of them could share a household.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct SideRules {
    /// Cap on the total recurring weekly cost of the placements proposed in
    /// this run (short breaks are one-off and not counted)
    /// (placements kept from introductions are not counted). Default none.
    pub weekly_budget: Option<Pence>,
    /// Gender-mix rules. Default none.
    pub gender_limits: Vec<GenderLimit>,
}

impl SideRules {
    /// True when no rule is set.
    pub fn is_empty(&self) -> bool {
        self.weekly_budget.is_none() && self.gender_limits.is_empty()
    }
}

/// Points a soft rule gives for a perfect fit; a partial fit gives a share.
///
/// Defaults (points at a perfect fit): placement 20, distance 30, same area 10,
/// interests 20, language 15, faith 10, carer gender 15, household type 10,
/// experience 10, cost saving 10, urgency 10, tenant fit 10, en-suite 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Value of being placed at all (every feasible option gets it).
    pub placement: i64,
    /// Closeness to the person's current home and community.
    pub distance: i64,
    /// Option in the same district as the person (Miss A's "same area").
    pub same_area: i64,
    /// Share of the person's interests the household (or tenants) share.
    pub interests: i64,
    /// A shared language, full points for the person's first language.
    pub language: i64,
    /// Shared faith or culture, when the person states one.
    pub faith: i64,
    /// A carer of the preferred gender.
    pub carer_gender: i64,
    /// The kind of option the person prefers (Shared Lives or supported living).
    pub household_type: i64,
    /// Carer experience in years, full points at `experience_full_years`.
    pub experience: i64,
    /// Weekly saving against the counterfactual, full points at `saving_full_pounds`.
    pub cost_saving: i64,
    /// Urgency: full points when needed within `urgent_within_days`.
    pub urgency: i64,
    /// Fit with sitting tenants or occupants (shared interests, similar age).
    pub tenant_fit: i64,
    /// An en-suite room when the person asked for one.
    pub en_suite: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            placement: 20,
            distance: 30,
            same_area: 10,
            interests: 20,
            language: 15,
            faith: 10,
            carer_gender: 15,
            household_type: 10,
            experience: 10,
            cost_saving: 10,
            urgency: 10,
            tenant_fit: 10,
            en_suite: 5,
        }
    }
}

/// Thresholds of hard rules and scales of soft rules.
///
/// Defaults: a move of at most 50 km from the current home; distance score
/// falls to zero at 25 km; urgent within 28 days; full experience points at
/// 10 years; full saving points at £400 a week; at most 8 explanation
/// re-solves handling at most 2,000,000 edges in total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Hard: the longest move from the person's current home, in km.
    pub max_move_km: f64,
    /// Soft: distance at which the distance score reaches zero, in km.
    pub locality_km: f64,
    /// Soft: needed within this many days of `as_of` counts as urgent.
    pub urgent_within_days: u32,
    /// Soft: carer experience giving full points, in years.
    pub experience_full_years: u32,
    /// Soft: weekly saving giving full points, in pounds.
    pub saving_full_pounds: u32,
    /// Explanations: how many extra solves may be used to confirm nearest
    /// misses (none when [`SideRules`] are set: those solves are slower).
    pub max_explain_resolves: u32,
    /// Explanations: the most assignment edges those extra solves may
    /// handle in total, so large plans are not solved again and again (a
    /// deterministic work limit; nearest misses are then confirmed by free
    /// places only).
    pub max_explain_resolve_edges: u64,
    /// Branch and bound over shared-home and calendar rules: the most flow
    /// solves before the best plan found is returned with its gap.
    pub max_branch_nodes: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            max_move_km: 50.0,
            locality_km: 25.0,
            urgent_within_days: 28,
            experience_full_years: 10,
            saving_full_pounds: 400,
            max_explain_resolves: 8,
            max_explain_resolve_edges: 2_000_000,
            max_branch_nodes: 5_000,
        }
    }
}

/// Weekly cost figures used when a record gives none.
///
/// The differences come from Nottinghamshire County Council's adult social
/// care programme (see `domain.md`): Shared Lives costs **£323 a week less than
/// residential care** and **£271 a week less than supported living** on
/// average. The Shared Lives figure itself (£520) is an illustrative default,
/// as are the hospital, own-home, short-break and day figures: override them
/// with local rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct CostSettings {
    /// Long-term Shared Lives arrangement, per week (default £520).
    pub shared_lives_weekly: Pence,
    /// Residential care, per week (default £520 + £323 = £843).
    pub residential_weekly: Pence,
    /// Supported living, per week (default £520 + £271 = £791).
    pub supported_living_weekly: Pence,
    /// A delayed-discharge hospital bed, per week (default £2,800).
    pub hospital_weekly: Pence,
    /// Own home with a homecare package, per week (default £450).
    pub own_home_weekly: Pence,
    /// A Shared Lives short break, per week booked (default £560).
    pub short_break_weekly: Pence,
    /// Residential respite, the alternative to a short break (default £900).
    pub respite_weekly: Pence,
    /// Shared Lives day support, per week (default £230).
    pub day_support_weekly: Pence,
    /// A day centre, the alternative to day support (default £300).
    pub day_centre_weekly: Pence,
    /// The weekly cost of a supported-living room left empty (default £350,
    /// `domain.md`); filling a room saves it.
    pub empty_room_weekly: Pence,
    /// Personal assistants through direct payments cost this much less a
    /// week than agency homecare (default £267.20, Mr M in the programme).
    pub pa_weekly_saving: Pence,
    /// Average reablement package, in days (default 20).
    pub reablement_package_days: u32,
    /// Average homecare reduction per person after reablement, per week
    /// (default £87.12).
    pub reablement_weekly_homecare_reduction: Pence,
    /// Average extra-care reablement stay, in weeks (default 6, Poppy Fields).
    pub extra_care_reablement_weeks: u32,
    /// Technology-enabled care in place of some overnight support: weekly
    /// saving per person (default £150, an illustrative figure: the programme
    /// gives none; override with local rates).
    pub tec_overnight_weekly_saving: Pence,
}

impl Default for CostSettings {
    fn default() -> Self {
        let shared_lives = Pence::from_pounds(520);
        CostSettings {
            shared_lives_weekly: shared_lives,
            residential_weekly: shared_lives + Pence::from_pounds(323),
            supported_living_weekly: shared_lives + Pence::from_pounds(271),
            hospital_weekly: Pence::from_pounds(2_800),
            own_home_weekly: Pence::from_pounds(450),
            short_break_weekly: Pence::from_pounds(560),
            respite_weekly: Pence::from_pounds(900),
            day_support_weekly: Pence::from_pounds(230),
            day_centre_weekly: Pence::from_pounds(300),
            empty_room_weekly: Pence::from_pounds(350),
            pa_weekly_saving: Pence(26_720),
            reablement_package_days: 20,
            reablement_weekly_homecare_reduction: Pence(8_712),
            extra_care_reablement_weeks: 6,
            tec_overnight_weekly_saving: Pence::from_pounds(150),
        }
    }
}

/// Everything that tunes a matching run. `MatchConfig::default()` gives the
/// documented defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct MatchConfig {
    /// What the plan optimises.
    pub objective: Objective,
    /// How the plan is found.
    pub method: Method,
    /// Soft-rule weights.
    pub weights: Weights,
    /// Hard-rule thresholds and soft-rule scales.
    pub thresholds: Thresholds,
    /// Weekly cost figures.
    pub costs: CostSettings,
    /// Budget and gender-mix rules over the whole plan.
    pub side: SideRules,
    /// Move-on: a person may leave the place they hold only when somebody
    /// else fills it in the same run (default false: a move may leave a
    /// place empty).
    pub require_refill: bool,
}
