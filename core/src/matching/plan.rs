//! The plan: which person to propose for which household place or vacancy.
//!
//! Every person–option pair that passes all hard rules becomes an edge of a
//! capacitated assignment problem (people are rows, options are columns with
//! their free places as capacity) whose cost depends on the [`Objective`]:
//! minus the score, minus the weekly saving, a weighted mix, or a large bonus
//! per placement plus the score. People pinned by an accepted or in-progress
//! introduction keep their place and use up its capacity; declined pairs are
//! never edges.
//!
//! With [`Method::Optimal`] the assignment is solved exactly by min-cost flow
//! ([`crate::algo::assignment::solve`]). Rules that break the flow structure
//! go through [`crate::algo::side_constraints`]: people who must not live
//! together (rows that may not share a household), a weekly budget cap and
//! gender-mix limits ([`SideRules`]). Two rules couple people across the
//! vacancies of one scheme, which neither solver expresses: two newcomers in
//! one scheme who must not live together, and a scheme's spare support hours
//! shared by several newcomers. When a plan breaks one of them, the
//! lowest-scoring newcomer involved in each such scheme is barred from it and
//! the plan is solved again; the result is then feasible but not proven
//! optimal, and says so (`proven_optimal: false`).
//!
//! With [`Method::Stable`] the plan is the person-optimal stable matching
//! ([`crate::algo::stable_matching`]), checked for blocking pairs and compared
//! with the score optimum (the price of stability).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::config::{MatchConfig, Method, Objective, SideRules};
use super::context::{Ctx, OptionView};
use super::cost::{self, CostComparison};
use super::explain::{self, Explanation};
use super::model::{
    HouseholdId, OptionKind, Outcome, PersonId, SCHEMA_VERSION, Scenario, SchemeId, VacancyId,
};
use super::rules::{self, Candidate};
use super::score::{self, ScoreBreakdown};
use crate::algo::assignment::{AssignmentProblem, AssignmentSolution, Coverage};
use crate::algo::side_constraints::{
    Budget, ColumnLimit, SideConstraints, SideOptions, solve_with_side_constraints,
};
use crate::algo::stable_matching::{
    Proposer, ScoredPair, blocking_pairs, deferred_acceptance, preferences_from_scores,
    price_of_stability,
};
use crate::units::Pence;
use crate::{Error, Result};

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
    /// Counterfactual minus placements (positive = a saving).
    pub weekly_saving: Pence,
}

/// The outcome of a matching run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct MatchResult {
    /// Format version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// How the plan was found.
    pub method: String,
    /// The objective optimised.
    pub objective: Objective,
    /// The objective's value over the proposed placements, in its natural
    /// sense: total score (or weighted value) for maximising objectives,
    /// total weekly saving in pence for `min_weekly_cost`.
    pub objective_value: i64,
    /// Whether the plan is proven optimal for the objective (false when
    /// rules coupling newcomers had to be repaired).
    pub proven_optimal: bool,
    /// People placed, in input order.
    pub placements: Vec<Placement>,
    /// People not placed, in input order.
    pub unplaced: Vec<Unplaced>,
    /// Totals.
    pub totals: Totals,
    /// For a stable plan ([`Method::Stable`]): blocking pairs and the price
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

/// Feasible options of every person: `(option, score)` sorted by score
/// descending, then option index.
pub(crate) type Feasible = Vec<Vec<(usize, i64)>>;

/// All pairs that pass every hard rule, with their scores.
pub(crate) fn feasible_options(ctx: &Ctx) -> Feasible {
    (0..ctx.scenario.people.len())
        .map(|p| {
            let mut v: Vec<(usize, i64)> = (0..ctx.options.len())
                .filter_map(|o| {
                    let c = Candidate { ctx, p, o };
                    rules::feasible(&c).then(|| (o, rules::score_total(&c)))
                })
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        })
        .collect()
}

/// The one place the assignment solver is called, so swapping the reference
/// solver for the fast one is a one-line change.
fn solve_assignment(p: &AssignmentProblem) -> Result<AssignmentSolution> {
    crate::algo::assignment::solve(p, Coverage::Optional)
}

/// Edge cost (to minimise) of placing person `p` in option `o` with `score`.
pub(crate) fn edge_cost(ctx: &Ctx, p: usize, o: usize, score: i64, big: i64) -> i64 {
    match ctx.cfg.objective {
        Objective::MaxScore => -score,
        Objective::MinWeeklyCost => -cost::weekly_saving(ctx, p, o).0,
        Objective::Weighted {
            score_weight,
            cost_weight,
        } => {
            let pounds = cost::weekly_saving(ctx, p, o).0.div_euclid(100);
            -(score.saturating_mul(score_weight)).saturating_sub(pounds.saturating_mul(cost_weight))
        }
        Objective::MaxPlacedThenScore => -(big + score),
    }
}

/// A solved plan with everything explanations and backups need.
#[derive(Debug)]
pub(crate) struct Solved {
    /// Option of every person (pinned people included).
    pub assign: Vec<Option<usize>>,
    /// People per option in the plan.
    pub load: Vec<u32>,
    /// Minimised solver cost of the proposed placements.
    pub solver_cost: i64,
    /// Proven optimal for the objective (or, for a stable plan, stable).
    pub proven_optimal: bool,
    /// How the plan was found.
    pub method: String,
    /// For a stable plan: blocking pairs and the price of stability.
    pub stability: Option<Stability>,
}

/// Solves the plan over the given feasible lists with the configured method.
pub(crate) fn optimise(ctx: &Ctx, feasible: &Feasible) -> Result<Solved> {
    match ctx.cfg.method {
        Method::Optimal => optimal(ctx, feasible),
        Method::Stable => stable(ctx, feasible),
    }
}

/// People not pinned by an introduction: the rows of the assignment.
fn free_rows(ctx: &Ctx) -> Vec<usize> {
    (0..ctx.scenario.people.len())
        .filter(|&p| ctx.pinned[p].is_none())
        .collect()
}

/// Pairs of rows whose people must not live together (either way round).
fn conflicts(ctx: &Ctx, rows: &[usize]) -> Vec<(usize, usize)> {
    let row_of: BTreeMap<&PersonId, usize> = rows
        .iter()
        .enumerate()
        .map(|(r, &p)| (&ctx.person(p).id, r))
        .collect();
    let mut pairs = BTreeSet::new();
    for (r, &p) in rows.iter().enumerate() {
        for other in &ctx.person(p).preferences.must_not_live_with {
            if let Some(&q) = row_of.get(other)
                && q != r
            {
                pairs.insert((r.min(q), r.max(q)));
            }
        }
    }
    pairs.into_iter().collect()
}

/// The assignment of every person from the rows' columns.
fn assignment(ctx: &Ctx, rows: &[usize], row_to_col: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut assign: Vec<Option<usize>> = ctx.pinned.iter().map(|x| x.map(|(o, _)| o)).collect();
    for (r, c) in rows.iter().zip(row_to_col) {
        assign[*r] = *c;
    }
    assign
}

fn finish(
    ctx: &Ctx,
    assign: Vec<Option<usize>>,
    solver_cost: i64,
    proven_optimal: bool,
    method: String,
    stability: Option<Stability>,
) -> Solved {
    let mut load = vec![0u32; ctx.options.len()];
    for o in assign.iter().flatten() {
        load[*o] += 1;
    }
    Solved {
        assign,
        load,
        solver_cost,
        proven_optimal,
        method,
        stability,
    }
}

/// The optimal plan: a min-cost flow, through the side-constraint solver
/// when there is a budget, a gender-mix rule or people who must not live
/// together; rules that couple people across a scheme's vacancies are
/// repaired afterwards.
fn optimal(ctx: &Ctx, feasible: &Feasible) -> Result<Solved> {
    let rows = free_rows(ctx);
    let big = match ctx.cfg.objective {
        Objective::MaxPlacedThenScore => {
            1 + rows
                .iter()
                .map(|&p| feasible[p].first().map_or(0, |e| e.1.max(0)))
                .sum::<i64>()
        }
        _ => 0,
    };
    let conflicts = conflicts(ctx, &rows);
    let column_limits: Vec<ColumnLimit> = ctx
        .cfg
        .side
        .gender_limits
        .iter()
        .map(|g| ColumnLimit {
            rows: rows
                .iter()
                .enumerate()
                .filter(|(_, p)| ctx.person(**p).gender == Some(g.gender))
                .map(|(r, _)| r)
                .collect(),
            max_per_column: g.max_per_household,
        })
        .collect();
    let mut barred: BTreeSet<(usize, usize)> = BTreeSet::new(); // (person, home)
    let mut repaired = false;
    loop {
        let edges: Vec<Vec<(usize, i64)>> = rows
            .iter()
            .map(|&p| {
                feasible[p]
                    .iter()
                    .filter(|(o, _)| !barred.contains(&(p, ctx.home_of[*o])))
                    .map(|&(o, s)| (o, edge_cost(ctx, p, o, s, big)))
                    .collect()
            })
            .collect();
        let budget = ctx.cfg.side.weekly_budget.map(|limit| Budget {
            edge_cost: rows
                .iter()
                .zip(&edges)
                .flat_map(|(&p, es)| es.iter().map(move |&(o, _)| ctx.option_weekly_cost(p, o).0))
                .collect(),
            limit: limit.0,
        });
        let problem = AssignmentProblem::from_rows(ctx.free_capacity.clone(), edges)?;
        let side = SideConstraints {
            budget,
            conflicts: conflicts.clone(),
            column_limits: column_limits.clone(),
        };
        let (sol, proven, method) = if side.is_empty() {
            (
                solve_assignment(&problem)?,
                true,
                "min-cost flow".to_owned(),
            )
        } else {
            let s = solve_with_side_constraints(
                &problem,
                Coverage::Optional,
                &side,
                &SideOptions::default(),
            )?;
            (
                s.solution,
                s.proven_optimal,
                format!("min-cost flow with side constraints ({})", s.method),
            )
        };
        let assign = assignment(ctx, &rows, &sol.row_to_col);
        let violations = coupling_violations(ctx, feasible, &assign);
        if violations.is_empty() {
            let method = if repaired {
                format!("{method}, repaired for shared homes")
            } else {
                method
            };
            return Ok(finish(
                ctx,
                assign,
                sol.total_cost,
                proven && !repaired,
                method,
                None,
            ));
        }
        repaired = true;
        let before = barred.len();
        barred.extend(violations);
        if barred.len() == before {
            return Err(Error::Internal("coupling repair did not progress"));
        }
    }
}

/// Soft rules that express the household's view of a person, for the
/// household side of the stable matching.
const HOUSEHOLD_VIEW: &[&str] = &[
    "interests",
    "language",
    "faith",
    "tenant_fit",
    "urgency",
    "same_area",
];

fn household_view(ctx: &Ctx, p: usize, o: usize) -> i64 {
    let c = Candidate { ctx, p, o };
    rules::SOFT_RULES
        .iter()
        .filter(|r| HOUSEHOLD_VIEW.contains(&r.name()))
        .map(|r| r.weight(&ctx.cfg.weights) * r.raw(&c) / 100)
        .sum()
}

/// The person-optimal stable plan, its blocking pairs (to prove there are
/// none) and the price of stability against the score optimum.
fn stable(ctx: &Ctx, feasible: &Feasible) -> Result<Solved> {
    let rows = free_rows(ctx);
    let mut barred: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut repaired = false;
    loop {
        let pairs: Vec<ScoredPair> = rows
            .iter()
            .enumerate()
            .flat_map(|(r, &p)| {
                let barred = &barred;
                feasible[p]
                    .iter()
                    .filter(move |(o, _)| !barred.contains(&(p, ctx.home_of[*o])))
                    .map(move |&(o, score)| ScoredPair {
                        row: r,
                        col: o,
                        row_score: score,
                        col_score: household_view(ctx, p, o),
                    })
            })
            .collect();
        let prefs = preferences_from_scores(rows.len(), ctx.free_capacity.clone(), pairs)?;
        let matching = deferred_acceptance(&prefs, Proposer::Rows)?;
        let assign = assignment(ctx, &rows, &matching);
        let violations = coupling_violations(ctx, feasible, &assign);
        if !violations.is_empty() {
            repaired = true;
            let before = barred.len();
            barred.extend(violations);
            if barred.len() == before {
                return Err(Error::Internal("coupling repair did not progress"));
            }
            continue;
        }
        let blocking: Vec<BlockingPair> = blocking_pairs(&prefs, &matching)
            .into_iter()
            .map(|(r, o)| BlockingPair {
                person: ctx.person(rows[r]).id.clone(),
                option: OptionRef::of(&ctx.options[o]),
            })
            .collect();
        let stable_score: i64 = rows
            .iter()
            .zip(&matching)
            .filter_map(|(&p, o)| o.map(|o| score_of(ctx, feasible, p, o)))
            .sum();
        let mut best_cfg = ctx.cfg.clone();
        best_cfg.method = Method::Optimal;
        best_cfg.objective = Objective::MaxScore;
        best_cfg.side = SideRules::default();
        let best_ctx = Ctx::new(ctx.scenario, &best_cfg)?;
        let best = optimal(&best_ctx, feasible)?;
        let optimal_score = -best.solver_cost;
        let price = price_of_stability(optimal_score, stable_score);
        let stability = Stability {
            blocking_pairs: blocking,
            stable_score,
            optimal_score,
            optimum_proven: best.proven_optimal,
            price_of_stability: price.lost,
            relative_price: price.relative,
        };
        let method = if repaired {
            "stable matching (person-proposing deferred acceptance), repaired for shared homes"
        } else {
            "stable matching (person-proposing deferred acceptance)"
        };
        let stable_ok = stability.blocking_pairs.is_empty();
        return Ok(finish(
            ctx,
            assign,
            -stable_score,
            stable_ok,
            method.to_owned(),
            Some(stability),
        ));
    }
}

/// Score of person `p` at option `o` from the feasible list (pinned pairs
/// that break a rule are scored directly).
pub(crate) fn score_of(ctx: &Ctx, feasible: &Feasible, p: usize, o: usize) -> i64 {
    feasible[p]
        .iter()
        .find(|e| e.0 == o)
        .map_or_else(|| rules::score_total(&Candidate { ctx, p, o }), |e| e.1)
}

/// People living in each home under `assign` (newcomers and pinned).
pub(crate) fn people_by_home(ctx: &Ctx, assign: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut homes = vec![Vec::new(); ctx.homes];
    for (p, o) in assign.iter().enumerate() {
        if let Some(o) = o {
            homes[ctx.home_of[*o]].push(p);
        }
    }
    homes
}

/// Whether person `p` may join the people `others` in home `home` under the
/// rules that couple newcomers (must-not-live-with, scheme support hours).
pub(crate) fn may_join(ctx: &Ctx, home: usize, p: usize, others: &[usize]) -> bool {
    let me = ctx.person(p);
    let clash = others.iter().filter(|&&q| q != p).any(|&q| {
        let other = ctx.person(q);
        me.preferences.must_not_live_with.contains(&other.id)
            || other.preferences.must_not_live_with.contains(&me.id)
    });
    if clash {
        return false;
    }
    match ctx.scheme_of_home(home) {
        Some(s) => {
            let used: u32 = others
                .iter()
                .filter(|&&q| q != p)
                .map(|&q| ctx.person(q).support_hours_per_week)
                .sum();
            used + me.support_hours_per_week <= s.support_hours_available
        }
        None => true,
    }
}

/// Coupling rules broken by `assign`, as `(person, home)` pairs to bar.
///
/// In every home where a rule is broken, the newcomers are kept best score
/// first while they fit (support hours, nobody they must not live with) and
/// the rest are barred. So that the next solve does not refill the home with
/// the same problem, every other newcomer who could no longer fit next to
/// the people kept (too many hours, or someone they must not live with) is
/// barred from that home too. This makes the repair converge in a few
/// solves; the price is that the result is not proven optimal.
fn coupling_violations(
    ctx: &Ctx,
    feasible: &Feasible,
    assign: &[Option<usize>],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (home, people) in people_by_home(ctx, assign).iter().enumerate() {
        if people.len() < 2 {
            continue;
        }
        let broken = people.iter().any(|&p| !may_join(ctx, home, p, people));
        if !broken {
            continue;
        }
        let mut kept: Vec<usize> = people
            .iter()
            .copied()
            .filter(|&p| ctx.pinned[p].is_some())
            .collect();
        let mut newcomers: Vec<usize> = people
            .iter()
            .copied()
            .filter(|&p| ctx.pinned[p].is_none())
            .collect();
        newcomers.sort_by_key(|&p| {
            let o = assign[p].unwrap_or(0);
            (std::cmp::Reverse(score_of(ctx, feasible, p, o)), p)
        });
        for p in newcomers {
            if may_join(ctx, home, p, &kept) {
                kept.push(p);
            } else {
                out.push((p, home));
            }
        }
        for (q, options) in feasible.iter().enumerate() {
            if ctx.pinned[q].is_none()
                && !kept.contains(&q)
                && options.iter().any(|&(o, _)| ctx.home_of[o] == home)
                && !may_join(ctx, home, q, &kept)
            {
                out.push((q, home));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Runs the whole pipeline: index, rules, scores, optimal plan, backups,
/// explanations.
pub(crate) fn run(s: &Scenario, cfg: &MatchConfig) -> Result<MatchResult> {
    let ctx = Ctx::new(s, cfg)?;
    let feasible = feasible_options(&ctx);
    let solved = optimise(&ctx, &feasible)?;
    let homes = people_by_home(&ctx, &solved.assign);
    let mut placements = Vec::new();
    let mut unplaced = Vec::new();
    let mut budget = explain::ResolveBudget::new(&ctx, &feasible);
    for (p, person) in s.people.iter().enumerate() {
        let Some(o) = solved.assign[p] else {
            let explanation =
                explain::explain_unplaced(&ctx, &feasible, &solved, &homes, p, &mut budget)?;
            unplaced.push(Unplaced {
                person: person.id.clone(),
                explanation,
            });
            continue;
        };
        let c = Candidate { ctx: &ctx, p, o };
        let breakdown = score::breakdown(&c);
        let status = match ctx.pinned[p] {
            Some((_, Outcome::Accepted)) => PlacementStatus::Accepted,
            Some((_, _)) => PlacementStatus::InProgress,
            None => PlacementStatus::Proposed,
        };
        let runner_up = runner_up(&ctx, &feasible, &solved, p, o);
        let backup = backup(&ctx, &feasible, &solved, &homes, p, o);
        let runner_breakdown = runner_up.as_ref().and_then(|r| {
            let alt = option_index(&ctx, &r.option)?;
            Some(score::breakdown(&Candidate {
                ctx: &ctx,
                p,
                o: alt,
            }))
        });
        let why = explain::why_placed(&ctx, o, &breakdown, status, runner_breakdown.as_ref());
        placements.push(Placement {
            person: person.id.clone(),
            option: OptionRef::of(&ctx.options[o]),
            status,
            cost: cost::compare(&ctx, p, o),
            score: breakdown,
            why,
            runner_up,
            backup,
        });
    }
    let weekly_cost: Pence = placements.iter().map(|x| x.cost.weekly_cost).sum();
    let counterfactual: Pence = placements
        .iter()
        .map(|x| x.cost.counterfactual_weekly_cost)
        .sum();
    let kept = placements
        .iter()
        .filter(|x| x.status != PlacementStatus::Proposed)
        .count();
    let totals = Totals {
        people: s.people.len(),
        placed: placements.len(),
        proposed: placements.len() - kept,
        kept,
        unplaced: unplaced.len(),
        total_score: placements.iter().map(|x| x.score.total).sum(),
        weekly_cost,
        counterfactual_weekly_cost: counterfactual,
        weekly_saving: counterfactual - weekly_cost,
    };
    let objective_value = match cfg.objective {
        _ if cfg.method == Method::Stable => -solved.solver_cost,
        Objective::MinWeeklyCost => -solved.solver_cost,
        Objective::MaxPlacedThenScore => placements
            .iter()
            .filter(|x| x.status == PlacementStatus::Proposed)
            .map(|x| x.score.total)
            .sum(),
        _ => -solved.solver_cost,
    };
    Ok(MatchResult {
        schema_version: SCHEMA_VERSION,
        method: solved.method.clone(),
        objective: cfg.objective,
        objective_value,
        proven_optimal: solved.proven_optimal,
        placements,
        unplaced,
        totals,
        stability: solved.stability.clone(),
    })
}

/// The option index an [`OptionRef`] names.
fn option_index(ctx: &Ctx, r: &OptionRef) -> Option<usize> {
    match (&r.household, &r.vacancy) {
        (Some(h), _) => ctx.household_index.get(h).copied(),
        (None, Some(v)) => ctx.vacancy_index.get(v).copied(),
        _ => None,
    }
}

fn runner_up(
    ctx: &Ctx,
    feasible: &Feasible,
    solved: &Solved,
    p: usize,
    o: usize,
) -> Option<Alternative> {
    let home = ctx.home_of[o];
    let &(alt, score) = feasible[p].iter().find(|e| ctx.home_of[e.0] != home)?;
    let taken_by: Vec<&str> = solved
        .assign
        .iter()
        .enumerate()
        .filter(|&(q, a)| q != p && *a == Some(alt))
        .map(|(q, _)| ctx.person(q).id.as_str())
        .collect();
    let chosen = score_of(ctx, feasible, p, o);
    let note = if !taken_by.is_empty() && solved.load[alt] >= ctx.base_capacity[alt] {
        format!(
            "scores {score} (vs {chosen}); its place goes to {} in this plan",
            taken_by.join(", ")
        )
    } else if score < chosen {
        format!("scores {score}, {} below the chosen option", chosen - score)
    } else {
        format!("scores {score}; the plan uses the chosen option to place more people overall")
    };
    Some(Alternative {
        option: OptionRef::of(&ctx.options[alt]),
        score,
        note,
    })
}

/// The best option other than `o` with a free place given everyone else in
/// the plan, that the coupling rules allow.
fn backup(
    ctx: &Ctx,
    feasible: &Feasible,
    solved: &Solved,
    homes: &[Vec<usize>],
    p: usize,
    o: usize,
) -> Option<Alternative> {
    let own_home = ctx.home_of[o];
    feasible[p]
        .iter()
        .filter(|&&(x, _)| ctx.home_of[x] != own_home)
        .find(|&&(x, _)| {
            let home = ctx.home_of[x];
            let others: Vec<usize> = homes[home].iter().copied().filter(|&q| q != p).collect();
            solved.load[x] < ctx.base_capacity[x] && may_join(ctx, home, p, &others)
        })
        .map(|&(x, score)| Alternative {
            option: OptionRef::of(&ctx.options[x]),
            score,
            note: "has a free place given the rest of this plan".to_owned(),
        })
}
