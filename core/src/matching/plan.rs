//! The optimal plan: which person to propose for which household place or
//! vacancy.
//!
//! Every person–option pair that passes all hard rules becomes an edge of a
//! capacitated assignment problem (people are rows, options are columns with
//! their free places as capacity) whose cost depends on the [`Objective`]:
//! minus the score, minus the weekly saving, a weighted mix, or a large bonus
//! per placement plus the score. People pinned by an accepted or in-progress
//! introduction keep their place and use up its capacity; declined pairs are
//! never edges. The assignment is solved exactly by min-cost flow
//! ([`crate::algo::assignment`]).
//!
//! Two rules couple people placed together and so do not fit the flow
//! structure: two newcomers in one home who must not live with each other,
//! and a scheme's spare support hours shared by several newcomers. When the
//! optimal flow breaks one of them, the lowest-scoring newcomer involved is
//! barred from that home and the flow is solved again until the plan is
//! clean. The result is then feasible but no longer proven optimal, and says
//! so (`proven_optimal: false`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::config::{MatchConfig, Objective};
use super::context::{Ctx, OptionView};
use super::cost::{self, CostComparison};
use super::explain::{self, Explanation};
use super::model::{
    HouseholdId, OptionKind, Outcome, PersonId, SCHEMA_VERSION, Scenario, SchemeId, VacancyId,
};
use super::rules::{self, Candidate};
use super::score::{self, ScoreBreakdown};
use crate::algo::assignment::{AssignmentProblem, AssignmentSolution, Coverage};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
                    rules::first_exclusion(&c)
                        .is_none()
                        .then(|| (o, rules::score_total(&c)))
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
fn edge_cost(ctx: &Ctx, p: usize, o: usize, score: i64, big: i64) -> i64 {
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
    /// No coupling rule needed repair.
    pub proven_optimal: bool,
}

/// Solves the plan over the given feasible lists.
pub(crate) fn optimise(ctx: &Ctx, feasible: &Feasible) -> Result<Solved> {
    let n = ctx.scenario.people.len();
    let rows: Vec<usize> = (0..n).filter(|&p| ctx.pinned[p].is_none()).collect();
    let big = match ctx.cfg.objective {
        Objective::MaxPlacedThenScore => {
            1 + rows
                .iter()
                .map(|&p| feasible[p].first().map_or(0, |e| e.1.max(0)))
                .sum::<i64>()
        }
        _ => 0,
    };
    let mut barred: BTreeSet<(usize, usize)> = BTreeSet::new(); // (person, home)
    let mut proven_optimal = true;
    loop {
        let problem = AssignmentProblem::from_rows(
            ctx.free_capacity.clone(),
            rows.iter().map(|&p| {
                feasible[p]
                    .iter()
                    .filter(|(o, _)| !barred.contains(&(p, ctx.home_of[*o])))
                    .map(|&(o, s)| (o, edge_cost(ctx, p, o, s, big)))
                    .collect::<Vec<_>>()
            }),
        )?;
        let sol = solve_assignment(&problem)?;
        let mut assign: Vec<Option<usize>> = ctx.pinned.iter().map(|x| x.map(|(o, _)| o)).collect();
        for (r, c) in rows.iter().zip(&sol.row_to_col) {
            assign[*r] = *c;
        }
        match coupling_violation(ctx, feasible, &assign) {
            None => {
                let mut load = vec![0u32; ctx.options.len()];
                for o in assign.iter().flatten() {
                    load[*o] += 1;
                }
                return Ok(Solved {
                    assign,
                    load,
                    solver_cost: sol.total_cost,
                    proven_optimal,
                });
            }
            Some((p, home)) => {
                proven_optimal = false;
                if !barred.insert((p, home)) {
                    return Err(Error::Internal("coupling repair did not progress"));
                }
            }
        }
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

/// The first coupling rule broken by `assign`: the newcomer to bar from the home.
fn coupling_violation(
    ctx: &Ctx,
    feasible: &Feasible,
    assign: &[Option<usize>],
) -> Option<(usize, usize)> {
    for (home, people) in people_by_home(ctx, assign).iter().enumerate() {
        if people.len() < 2 {
            continue;
        }
        let newcomers: Vec<usize> = people
            .iter()
            .copied()
            .filter(|&p| ctx.pinned[p].is_none())
            .collect();
        if newcomers.is_empty() {
            continue;
        }
        let hours_over = ctx.scheme_of_home(home).is_some_and(|s| {
            people
                .iter()
                .map(|&q| ctx.person(q).support_hours_per_week)
                .sum::<u32>()
                > s.support_hours_available
        });
        let mut clashing: Vec<usize> = newcomers
            .iter()
            .copied()
            .filter(|&p| hours_over || !may_join(ctx, home, p, people))
            .collect();
        if clashing.is_empty() {
            continue;
        }
        // Bar the lowest-scoring newcomer involved (ties: the later one).
        clashing.sort_by_key(|&p| {
            let o = assign[p].unwrap_or(0);
            (score_of(ctx, feasible, p, o), std::cmp::Reverse(p))
        });
        return clashing.first().map(|&p| (p, home));
    }
    None
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
    let mut resolves_left = cfg.thresholds.max_explain_resolves;
    for (p, person) in s.people.iter().enumerate() {
        let Some(o) = solved.assign[p] else {
            let explanation =
                explain::explain_unplaced(&ctx, &feasible, &solved, p, &mut resolves_left)?;
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
        method: "min-cost flow (optimal assignment)".to_owned(),
        objective: cfg.objective,
        objective_value,
        proven_optimal: solved.proven_optimal,
        placements,
        unplaced,
        totals,
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
