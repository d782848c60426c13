//! Read-only hooks for analytics built on top of the placement engine
//! (`crate::analytics`): the plan alone, without explanations, and the
//! assignment model (columns by lane) the optimal plan solves, so that duals,
//! fair plans and the value of extra capacity can be computed without
//! re-implementing the rules.
//!
//! Nothing here changes how a plan is found: [`plan_outline`] runs the same
//! pipeline as [`super::match_scenario`] up to the optimal assignment, and
//! [`flow_model`] exposes the rows, columns and edge costs of that
//! assignment without its packing constraints (so it is the engine's model
//! exactly when [`FlowModel::exact`], and a relaxation of it otherwise).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::config::{MatchConfig, Method, Objective};
use super::context::Ctx;
use super::cost;
use super::coupling;
use super::model::{Arrangement, Household, Scenario};
use super::moveon;
use super::result::OptionRef;
use super::rules::{self, Candidate};
use super::solve;
use super::validate;
use crate::Result;
use crate::algo::packing::PackingConstraint;
use crate::units::Pence;

fn prepared<'a>(s: &'a Scenario, cfg: &MatchConfig) -> Cow<'a, Scenario> {
    if moveon::has_move_on(s) {
        Cow::Owned(moveon::prepare(s, cfg))
    } else {
        Cow::Borrowed(s)
    }
}

/// The optimal plan without explanations: who goes where and the totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOutline {
    /// Option index (into [`PlanOutline::options`]) of every person of the
    /// (prepared) scenario, in input order; pinned people included.
    pub option_of: Vec<Option<usize>>,
    /// Every option: households first (input order), then vacancies.
    pub options: Vec<OptionRef>,
    /// People placed, as counted by [`super::Totals::placed`] (movers who
    /// stay where they are are not counted).
    pub placed: usize,
    /// Sum of the scores of those placements.
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
    let s = prepared(s, cfg);
    let ctx = Ctx::new(&s, cfg)?;
    outline_of(&ctx, cfg)
}

/// [`plan_outline`] of a scenario built from a validated one (the
/// simulation's weekly residual problems), unless `wanted` is given and no
/// person–option pair it chooses passes every hard rule (then `None`: see
/// [`any_pair`]). The scenario is prepared and indexed once for both.
/// It is validated again only in builds with debug assertions (tests).
///
/// # Errors
/// [`crate::Error::Invalid`] (debug builds) when the scenario breaks a
/// validation rule; [`crate::Error::Internal`] when it refers to unknown records.
pub(crate) fn outline_if_any(
    s: &Scenario,
    cfg: &MatchConfig,
    wanted: Option<&dyn Fn(usize, usize) -> bool>,
) -> Result<Option<PlanOutline>> {
    if cfg!(debug_assertions) {
        validate::check(s)?;
    }
    let s = prepared(s, cfg);
    let ctx = Ctx::new(&s, cfg)?;
    if let Some(wanted) = wanted
        && !any_pair(&ctx, wanted)
    {
        return Ok(None);
    }
    outline_of(&ctx, cfg).map(Some)
}

fn outline_of(ctx: &Ctx, cfg: &MatchConfig) -> Result<PlanOutline> {
    let feasible = solve::feasible_options(ctx);
    let solved = solve::optimise(ctx, &feasible)?;
    let mut placed = 0;
    let mut total_score = 0;
    let mut proposed_score = 0;
    for (p, o) in solved.assign.iter().enumerate() {
        let Some(o) = o else { continue };
        if ctx.held[p] == Some(*o) {
            continue;
        }
        placed += 1;
        let sc = solve::score_of(ctx, &feasible, p, *o);
        total_score += sc;
        if ctx.pinned[p].is_none() {
            proposed_score += sc;
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
        .map(|(p, o)| o.map_or(Pence(0), |o| cost::weekly_saving(ctx, p, o)))
        .collect();
    Ok(PlanOutline {
        weekly_saving,
        placed,
        option_of: solved.assign,
        options: ctx.options.iter().map(OptionRef::of).collect(),
        total_score,
        objective_value,
        proven_optimal: solved.proven_optimal,
    })
}

/// One feasible person–column pair of the flow model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowEdge {
    /// Column (a lane of an option: beds, held places, short breaks, day support).
    pub column: usize,
    /// The option of that column.
    pub option: usize,
    /// Pair score.
    pub score: i64,
    /// Edge cost the plan minimises, with the bonuses that make movers
    /// come first.
    pub cost: i64,
    /// The same without bonuses: the objective's own cost.
    pub true_cost: i64,
}

/// The capacitated assignment behind the optimal plan (without its packing
/// constraints).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowModel {
    /// Every option, as in [`PlanOutline::options`].
    pub options: Vec<OptionRef>,
    /// District of every option.
    pub option_district: Vec<Option<String>>,
    /// Capacity of every column.
    pub capacity: Vec<u32>,
    /// Option of every column.
    pub column_option: Vec<usize>,
    /// Option each person is pinned to by an accepted or in-progress introduction.
    pub pinned: Vec<Option<usize>>,
    /// Feasible edges of every person (empty for pinned people).
    pub edges: Vec<Vec<FlowEdge>>,
    /// The per-placement bonus of [`Objective::MaxPlacedThenScore`] (0 otherwise).
    pub placement_bonus: i64,
    /// True when the engine's plan is exactly the min-cost flow over these
    /// edges: the optimal method, no packing constraint (dates, day places,
    /// people who may not live together, gender mix, shared support hours)
    /// and no weekly budget. When false the flow is a relaxation.
    pub exact: bool,
    /// True when no edge carries a bonus (no movers): costs are the objective's.
    pub bonus_free: bool,
    /// The engine's packing rules over these edges (capacity by date,
    /// day places by weekday, people who may not live together, gender mix,
    /// shared support hours, and the weekly budget when one is set), as
    /// `(person, column, weight)` triples: with them the model is the
    /// engine's exactly for the optimal method.
    #[serde(skip)]
    pub packing: Vec<PackingConstraint>,
}

/// Builds the assignment model of the optimal plan.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario breaks a validation rule.
pub fn flow_model(s: &Scenario, cfg: &MatchConfig) -> Result<FlowModel> {
    validate::check(s)?;
    let s = prepared(s, cfg);
    let ctx = Ctx::new(&s, cfg)?;
    let feasible = solve::feasible_options(&ctx);
    let rows: Vec<usize> = (0..s.people.len())
        .filter(|&p| ctx.pinned[p].is_none())
        .collect();
    let bonus = match cfg.objective {
        Objective::MaxPlacedThenScore => {
            1 + rows
                .iter()
                .map(|&p| feasible[p].first().map_or(0, |e| e.1.max(0)))
                .sum::<i64>()
        }
        _ => 0,
    };
    let model = coupling::build(&ctx, &rows, &feasible, &|_, _| false, &|p, o, sc| {
        solve::edge_cost(&ctx, p, o, sc, bonus)
    })?;
    let mut packing: Vec<PackingConstraint> = model
        .constraints
        .iter()
        .map(|k| PackingConstraint {
            edges: k.edges.iter().map(|&(r, c, w)| (rows[r], c, w)).collect(),
            limit: k.limit,
        })
        .collect();
    if let Some(limit) = cfg.side.weekly_budget {
        let rows = &rows;
        packing.push(PackingConstraint {
            edges: model
                .weekly_cost
                .iter()
                .enumerate()
                .flat_map(|(r, es)| {
                    es.iter().map(move |&(c, w)| {
                        (rows[r], c, u32::try_from(w.max(0)).unwrap_or(u32::MAX))
                    })
                })
                .collect(),
            limit: u32::try_from(limit.0.max(0)).unwrap_or(u32::MAX),
        });
    }
    let mut edges = vec![Vec::new(); s.people.len()];
    let mut bonus_free = true;
    for (r, &p) in rows.iter().enumerate() {
        for (k, (c, cost)) in model.problem.row(r).enumerate() {
            let o = model.col_option[c];
            let true_cost = model.true_cost[r].get(k).map_or(cost, |e| e.1);
            bonus_free &= true_cost == cost;
            edges[p].push(FlowEdge {
                column: c,
                option: o,
                score: solve::score_of(&ctx, &feasible, p, o),
                cost,
                true_cost,
            });
        }
    }
    Ok(FlowModel {
        options: ctx.options.iter().map(OptionRef::of).collect(),
        option_district: ctx
            .options
            .iter()
            .map(|o| o.district().map(str::to_owned))
            .collect(),
        capacity: model.problem.capacities().to_vec(),
        column_option: model.col_option.clone(),
        pinned: ctx.pinned.iter().map(|x| x.map(|(o, _)| o)).collect(),
        edges,
        placement_bonus: bonus,
        exact: cfg.method == Method::Optimal
            && model.constraints.is_empty()
            && cfg.side.weekly_budget.is_none(),
        bonus_free,
        packing,
    })
}

/// One person a new household could take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateEdge {
    /// Person index.
    pub person: usize,
    /// Pair score.
    pub score: i64,
    /// Edge cost under the run's objective (with the given placement bonus).
    pub cost: i64,
    /// True when the person takes a bed (long-term or emergency); false for
    /// short breaks and day support, which the plan counts by date or
    /// weekday rather than by the household's places.
    pub bed: bool,
}

/// The people a new household could take if it joined the scenario (as its
/// last household), among people not pinned by an introduction.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario with the household added
/// breaks a validation rule (for example a duplicate household id).
pub fn household_edges(
    s: &Scenario,
    cfg: &MatchConfig,
    household: &Household,
    placement_bonus: i64,
) -> Result<Vec<CandidateEdge>> {
    let mut with = s.clone();
    with.households.push(household.clone());
    validate::check(&with)?;
    let with = prepared(&with, cfg).into_owned();
    let ctx = Ctx::new(&with, cfg)?;
    let Some(o) = ctx.household_index.get(&household.id).copied() else {
        return Ok(Vec::new());
    };
    Ok((0..with.people.len())
        .filter(|&p| ctx.pinned[p].is_none())
        .filter_map(|p| {
            let c = Candidate { ctx: &ctx, p, o };
            rules::feasible(&c).then(|| {
                let score = rules::score_total(&c);
                CandidateEdge {
                    person: p,
                    score,
                    cost: solve::edge_cost(&ctx, p, o, score, placement_bonus),
                    bed: !matches!(
                        ctx.person(p).arrangement,
                        Arrangement::ShortBreak | Arrangement::DaySupport
                    ),
                }
            })
        })
        .collect())
}

/// Whether any person–option pair chosen by `wanted(person, option)`
/// passes every hard rule (declined introductions included). Options are
/// numbered as in [`PlanOutline::options`]: households first, then vacancies.
fn any_pair(ctx: &Ctx, wanted: &dyn Fn(usize, usize) -> bool) -> bool {
    for p in 0..ctx.scenario.people.len() {
        if ctx.pinned[p].is_some() {
            continue;
        }
        for o in 0..ctx.options.len() {
            if wanted(p, o) && rules::feasible(&Candidate { ctx, p, o }) {
                return true;
            }
        }
    }
    false
}
