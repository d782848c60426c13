//! What a matching run returns: placements, people left unplaced, move-on
//! chains, totals and, for a stable plan, its stability report.

use serde::{Deserialize, Serialize};

use super::config::Objective;
use super::context::OptionView;
use super::cost::CostComparison;
use super::explain::Explanation;
use super::model::{HouseholdId, OptionKind, PersonId, SchemeId, VacancyId};
use super::score::ScoreBreakdown;
use crate::units::Pence;

/// Which option a placement uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct OptionRef {
    /// Shared Lives or supported living.
    pub kind: OptionKind,
    /// The household, for Shared Lives.
    pub household: Option<HouseholdId>,
    /// The scheme, for supported living.
    pub scheme: Option<SchemeId>,
    /// The vacancy, for supported living.
    pub vacancy: Option<VacancyId>,
    /// A short label for display.
    pub label: String,
}

impl OptionRef {
    pub(crate) fn of(view: &OptionView) -> Self {
        match view {
            OptionView::Household(h) => OptionRef {
                kind: OptionKind::SharedLives,
                household: Some(h.id.clone()),
                scheme: None,
                vacancy: None,
                label: h
                    .name
                    .clone()
                    .map_or_else(|| view.label(), |n| format!("{n} (household {})", h.id)),
            },
            OptionView::Vacancy(s, v) => OptionRef {
                kind: OptionKind::SupportedLiving,
                household: None,
                scheme: Some(s.id.clone()),
                vacancy: Some(v.id.clone()),
                label: s.name.clone().map_or_else(
                    || view.label(),
                    |n| format!("{n} (vacancy {} at scheme {})", v.id, s.id),
                ),
            },
        }
    }
}

/// Whether a placement is a new proposal or kept from an introduction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PlacementStatus {
    /// Proposed by this run: next step is an introduction.
    Proposed,
    /// Kept: both sides accepted at introduction.
    Accepted,
    /// Kept: introductions are under way.
    InProgress,
}

/// Another option for a placed person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Alternative {
    /// The option.
    pub option: OptionRef,
    /// Its score for the person.
    pub score: i64,
    /// Why it is here ("taken by P7 in this plan", "free place if the first introduction fails").
    pub note: String,
}

/// One person placed (proposed or kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Placement {
    /// The person.
    pub person: PersonId,
    /// Where.
    pub option: OptionRef,
    /// Proposed or kept from an introduction.
    pub status: PlacementStatus,
    /// The score and how it is made up.
    pub score: ScoreBreakdown,
    /// Weekly cost against the person's current or counterfactual setting.
    pub cost: CostComparison,
    /// One sentence: why this option.
    pub why: String,
    /// The best other option for the person, whether or not it is free in this plan.
    pub runner_up: Option<Alternative>,
    /// The best other option that still has a free place given the rest of
    /// the plan: the fallback if this introduction fails.
    pub backup: Option<Alternative>,
    /// For someone moving on: the place they leave.
    pub moves_from: Option<OptionRef>,
}

/// Someone who holds a place and stays in it in this plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Staying {
    /// The person.
    pub person: PersonId,
    /// The place they keep.
    pub place: OptionRef,
}

/// One move of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ChainMove {
    /// Who moves.
    pub person: PersonId,
    /// Where they go.
    pub to: OptionRef,
    /// The place they leave in this plan (a Shared Lives place or a
    /// supported-living room), if they hold one.
    pub frees: Option<OptionRef>,
    /// Where they live now, in words ("residential care", "supported living").
    pub from_setting: String,
}

/// A vacancy chain: the ordered moves in which each person takes the place
/// the one before them left, with its people helped and saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Chain {
    /// The moves, first move first.
    pub moves: Vec<ChainMove>,
    /// People helped (one per move).
    pub people_helped: usize,
    /// Weekly saving of the whole chain (less the cost of a supported-living
    /// room it leaves empty at the end, if any).
    pub weekly_saving: Pence,
    /// Annual saving: 52 × the weekly saving plus one-off savings.
    pub annual_saving: Pence,
    /// The chain in words.
    pub text: String,
}

/// Progress toward the Shared Lives target for people with a learning
/// disability (Nottinghamshire: from 3.5 % to 7 %, +15 placements a year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct TargetProgress {
    /// Adults with a learning disability the council supports.
    pub population: u32,
    /// Of those in Shared Lives before this plan.
    pub before: u32,
    /// New long-term or emergency Shared Lives placements of people with a
    /// learning disability proposed in this plan.
    pub added: u32,
    /// Before plus added.
    pub after: u32,
    /// Share before, in per cent.
    pub rate_before_pct: f64,
    /// Share after, in per cent.
    pub rate_after_pct: f64,
    /// The target share, in per cent (7).
    pub target_pct: f64,
    /// Placements still needed after this plan to reach the target.
    pub still_needed: u32,
    /// Years to the target at 15 more placements a year after this plan.
    pub years_at_15_a_year: f64,
}

/// One person the plan could not place, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Unplaced {
    /// The person.
    pub person: PersonId,
    /// Why, aggregated over all options, and the nearest miss.
    pub explanation: Explanation,
}

/// Totals over the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Totals {
    /// People in the scenario.
    pub people: usize,
    /// People placed (proposed plus kept).
    pub placed: usize,
    /// Of those, newly proposed.
    pub proposed: usize,
    /// Of those, kept from accepted or in-progress introductions.
    pub kept: usize,
    /// People not placed.
    pub unplaced: usize,
    /// Sum of the scores of all placements.
    pub total_score: i64,
    /// Weekly cost of all placements.
    pub weekly_cost: Pence,
    /// Weekly cost of the same people's current or counterfactual settings.
    pub counterfactual_weekly_cost: Pence,
    /// The same as `weekly_recurring_saving` (kept for older readers).
    pub weekly_saving: Pence,
    /// Weekly saving of the arrangements that recur every week: the
    /// counterfactual minus the placements' weekly cost, less the weekly
    /// cost of each supported-living room a mover leaves and nobody takes
    /// (`rooms_left_empty_by_moves`; the chains count it the same way).
    pub weekly_recurring_saving: Pence,
    /// Saving of one-off stays (short breaks, costed for their nights).
    pub one_off_saving: Pence,
    /// 52 × the weekly recurring saving + the one-off saving.
    pub annual_saving: Pence,
    /// People who hold a place and stay in it.
    pub staying: usize,
    /// People who hold a place and move on in this plan.
    pub moved_on: usize,
    /// Vacancy chains.
    pub chains: usize,
    /// Weekly cost of supported-living rooms left empty after the plan.
    pub empty_rooms_weekly_cost: Pence,
    /// Supported-living rooms that movers leave in this plan and nobody
    /// takes (their cost is taken off the recurring saving).
    #[serde(default)]
    pub rooms_left_empty_by_moves: usize,
}

/// The placements (by index) whose person moves out of a supported-living
/// room that no placement takes, one per room (the first such mover). The
/// council goes on paying for those rooms, so their cost comes off the
/// recurring saving (in the totals, the chains and the district lens).
pub fn movers_leaving_rooms_empty(placements: &[Placement]) -> Vec<usize> {
    let room = |o: &OptionRef| (o.scheme.clone(), o.vacancy.clone());
    let taken: std::collections::BTreeSet<_> = placements
        .iter()
        .filter(|p| p.option.kind == OptionKind::SupportedLiving)
        .map(|p| room(&p.option))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    placements
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p.moves_from.as_ref()?)))
        .filter(|(_, o)| o.kind == OptionKind::SupportedLiving && !taken.contains(&room(o)))
        .filter(|(_, o)| seen.insert(room(o)))
        .map(|(i, _)| i)
        .collect()
}

/// The outcome of a matching run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct MatchResult {
    /// Format version ([`crate::matching::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// How the plan was found.
    pub method: String,
    /// The objective optimised.
    pub objective: Objective,
    /// The objective's value over the proposed placements, in its natural
    /// sense: total score (or weighted value) for maximising objectives,
    /// total weekly saving in pence for `min_weekly_cost`.
    pub objective_value: i64,
    /// Whether the plan is proven optimal for the objective.
    pub proven_optimal: bool,
    /// How far the plan may be from the optimum, in solver cost units (the
    /// objective's points or pence; 0 when proven optimal).
    pub optimality_gap: i64,
    /// People placed, in input order.
    pub placements: Vec<Placement>,
    /// People not placed, in input order.
    pub unplaced: Vec<Unplaced>,
    /// People who hold a place and stay in it.
    pub staying: Vec<Staying>,
    /// Move-on and vacancy chains.
    pub chains: Vec<Chain>,
    /// Progress toward the Shared Lives target, when the scenario gives the
    /// population with a learning disability.
    pub shared_lives_target: Option<TargetProgress>,
    /// Totals.
    pub totals: Totals,
    /// For a stable plan ([`crate::matching::Method::Stable`]): blocking pairs and the price
    /// of stability.
    pub stability: Option<Stability>,
}

/// A person and an option who would both rather be together than keep what
/// a stable plan gives them (a stable plan has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct BlockingPair {
    /// The person.
    pub person: PersonId,
    /// The option.
    pub option: OptionRef,
}

/// How a stable plan compares with the score-optimal plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Stability {
    /// Blocking pairs found by the independent checker (empty for a stable plan).
    pub blocking_pairs: Vec<BlockingPair>,
    /// Total score of the proposed placements in the stable plan.
    pub stable_score: i64,
    /// Total score of the proposed placements in the score-optimal plan.
    pub optimal_score: i64,
    /// Whether that optimum is proven (false when shared-home rules needed repair).
    pub optimum_proven: bool,
    /// Score given up for stability: `optimal_score − stable_score`.
    pub price_of_stability: i64,
    /// The same as a share of the optimum (0 when the optimum is 0).
    pub relative_price: f64,
}
