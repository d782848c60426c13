//! Read-only hooks for analytics built on top of the placement engine
//! (`crate::analytics`): the plan alone, without explanations, and the
//! min-cost-flow model the optimal plan solves, so that duals, fair plans and
//! the value of extra capacity can be computed without re-implementing the
//! rules.
//!
//! Nothing here changes how a plan is found: [`plan_outline`] runs the same
//! pipeline as [`super::match_scenario`] up to the optimal assignment, and
//! [`flow_model`] exposes the rows, columns and edge costs of that
//! assignment.

use serde::{Deserialize, Serialize};

use super::config::{MatchConfig, Method, Objective};
use super::context::Ctx;
use super::cost;
use super::model::{Household, Scenario};
use super::plan::{self, OptionRef};
use super::rules::{self, Candidate};
use super::validate;
use crate::Result;
use crate::units::Pence;

/// The optimal plan without explanations: who goes where and the totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOutline {
    /// Option index (into [`PlanOutline::options`]) of every person, in input
    /// order; pinned people included.
    pub option_of: Vec<Option<usize>>,
    /// Every option: households first (input order), then vacancies.
    pub options: Vec<OptionRef>,
    /// People placed (proposed plus kept).
    pub placed: usize,
    /// Sum of the scores of all placements (kept ones included).
    pub total_score: i64,
    /// The objective's value in its natural sense, as in
    /// [`super::MatchResult::objective_value`].
    pub objective_value: i64,
    /// Whether the plan is proven optimal for the objective.
    pub proven_optimal: bool,
    /// Weekly saving of every person's placement against their current or
    /// counterfactual setting (zero for people not placed).
    pub weekly_saving: Vec<Pence>,
}

/// Finds the optimal plan like [`super::match_scenario`] but skips
/// explanations, runner-ups, backups and costs.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario breaks a validation rule.
pub fn plan_outline(s: &Scenario, cfg: &MatchConfig) -> Result<PlanOutline> {
    validate::check(s)?;
    let ctx = Ctx::new(s, cfg)?;
    let feasible = plan::feasible_options(&ctx);
    let solved = plan::optimise(&ctx, &feasible)?;
    let mut total_score = 0;
    let mut proposed_score = 0;
    for (p, o) in solved.assign.iter().enumerate() {
        if let Some(o) = o {
            let sc = plan::score_of(&ctx, &feasible, p, *o);
            total_score += sc;
            if ctx.pinned[p].is_none() {
                proposed_score += sc;
            }
        }
    }
    let objective_value = match cfg.objective {
        Objective::MaxPlacedThenScore if cfg.method == Method::Optimal => proposed_score,
        _ => -solved.solver_cost,
    };
    let weekly_saving = solved
        .assign
        .iter()
        .enumerate()
        .map(|(p, o)| o.map_or(Pence(0), |o| cost::weekly_saving(&ctx, p, o)))
        .collect();
    Ok(PlanOutline {
        weekly_saving,
        placed: solved.assign.iter().flatten().count(),
        option_of: solved.assign,
        options: ctx.options.iter().map(OptionRef::of).collect(),
        total_score,
        objective_value,
        proven_optimal: solved.proven_optimal,
    })
}

/// One feasible person–option pair of the flow model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowEdge {
    /// Option index.
    pub option: usize,
    /// Pair score.
    pub score: i64,
    /// Edge cost the plan minimises under the run's objective.
    pub cost: i64,
}

/// The capacitated assignment behind the optimal plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowModel {
    /// Every option, as in [`PlanOutline::options`].
    pub options: Vec<OptionRef>,
    /// District of every option.
    pub option_district: Vec<Option<String>>,
    /// Free places per option after pinned introductions.
    pub capacity: Vec<u32>,
    /// Option each person is pinned to by an accepted or in-progress introduction.
    pub pinned: Vec<Option<usize>>,
    /// Feasible edges of every person (empty for pinned people), best score first.
    pub edges: Vec<Vec<FlowEdge>>,
    /// The per-placement bonus of [`Objective::MaxPlacedThenScore`] (0 otherwise):
    /// an edge costs `−(bonus + score)`.
    pub placement_bonus: i64,
    /// True when the engine's plan is exactly the min-cost flow over these
    /// edges: no side rules, nobody who must not live with another free
    /// person, and no scheme whose support hours or tenants could couple
    /// two newcomers. When false the flow is a relaxation of the engine.
    pub exact: bool,
}

/// Builds the min-cost-flow model of the optimal plan.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario breaks a validation rule.
pub fn flow_model(s: &Scenario, cfg: &MatchConfig) -> Result<FlowModel> {
    validate::check(s)?;
    let ctx = Ctx::new(s, cfg)?;
    let feasible = plan::feasible_options(&ctx);
    let free = |p: usize| ctx.pinned[p].is_none();
    let bonus = match cfg.objective {
        Objective::MaxPlacedThenScore => {
            1 + (0..s.people.len())
                .filter(|&p| free(p))
                .map(|p| feasible[p].first().map_or(0, |e| e.1.max(0)))
                .sum::<i64>()
        }
        _ => 0,
    };
    let edges: Vec<Vec<FlowEdge>> = (0..s.people.len())
        .map(|p| {
            if !free(p) {
                return Vec::new();
            }
            feasible[p]
                .iter()
                .map(|&(o, score)| FlowEdge {
                    option: o,
                    score,
                    cost: plan::edge_cost(&ctx, p, o, score, bonus),
                })
                .collect()
        })
        .collect();
    let conflicts = s.people.iter().enumerate().any(|(p, person)| {
        free(p)
            && person
                .preferences
                .must_not_live_with
                .iter()
                .any(|q| ctx.person_index.get(q).is_some_and(|&q| free(q)))
    });
    let coupled_scheme = s.schemes.iter().any(|sc| sc.vacancies.len() > 1)
        && s.people
            .iter()
            .enumerate()
            .any(|(p, x)| free(p) && x.support_hours_per_week > 0);
    Ok(FlowModel {
        options: ctx.options.iter().map(OptionRef::of).collect(),
        option_district: ctx
            .options
            .iter()
            .map(|o| o.district().map(str::to_owned))
            .collect(),
        capacity: ctx.free_capacity.clone(),
        pinned: ctx.pinned.iter().map(|x| x.map(|(o, _)| o)).collect(),
        edges,
        placement_bonus: bonus,
        exact: cfg.method == Method::Optimal
            && cfg.side.is_empty()
            && !conflicts
            && !coupled_scheme,
    })
}

/// The feasible edges a new household would have if it joined the scenario
/// (as its last household), for people not pinned by an introduction: the
/// person index, pair score and edge cost under `cfg`'s objective with the
/// given placement bonus (see [`FlowModel::placement_bonus`]).
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario with the household added
/// breaks a validation rule (for example a duplicate household id).
pub fn household_edges(
    s: &Scenario,
    cfg: &MatchConfig,
    household: &Household,
    placement_bonus: i64,
) -> Result<Vec<(usize, FlowEdge)>> {
    let mut with = s.clone();
    with.households.push(household.clone());
    validate::check(&with)?;
    let ctx = Ctx::new(&with, cfg)?;
    let o = with.households.len() - 1;
    Ok((0..with.people.len())
        .filter(|&p| ctx.pinned[p].is_none())
        .filter_map(|p| {
            let c = Candidate { ctx: &ctx, p, o };
            rules::feasible(&c).then(|| {
                let score = rules::score_total(&c);
                (
                    p,
                    FlowEdge {
                        option: o,
                        score,
                        cost: plan::edge_cost(&ctx, p, o, score, placement_bonus),
                    },
                )
            })
        })
        .collect())
}
