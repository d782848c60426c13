//! Solving the plan: the optimal plan over the lane model
//! ([`super::coupling`]) and the stable plan, with the helpers explanations
//! and backups share (scores, who lives where, who may join whom).
//!
//! With [`Method::Optimal`] every rule is part of one exact model: capacity
//! by date, day-support places, who may live together, gender mix and
//! shared support hours are packing constraints over the assignment, solved
//! by branch and bound over the min-cost flow. `proven_optimal` is true only
//! when the search closed; otherwise the remaining gap is reported.
//!
//! With [`Method::Stable`] the plan is the person-optimal stable matching
//! ([`crate::algo::stable_matching`]), checked for blocking pairs and
//! compared with the score optimum (the price of stability); rules that
//! couple newcomers in one home are repaired afterwards there.

use std::collections::BTreeSet;

use super::config::{Method, Objective, SideRules};
use super::context::Ctx;
use super::cost;
use super::coupling;
use super::result::{BlockingPair, OptionRef, Stability};
use super::rules::{self, Candidate};
use crate::algo::assignment::{AssignmentProblem, AssignmentSolution, Coverage};
use crate::algo::packing::{
    PackingConstraint, PackingOptions, PackingSolution, first_violation, solve_packing,
};
use crate::algo::side_constraints::{
    Budget, SideConstraints, SideOptions, solve_with_side_constraints,
};
use crate::algo::stable_matching::{
    PreferenceLists, Proposer, ScoredPair, blocking_pairs, deferred_acceptance,
    preferences_from_scores, price_of_stability,
};
use crate::{Error, Result};

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
    /// How far the plan may be from the optimum, in solver cost units (0
    /// when proven optimal).
    pub gap: i64,
    /// Whether each person took a place a mover holds in a household.
    pub held_lane: Vec<bool>,
    /// The search needed the LP bound (its rules broke the plain flow's
    /// plan): re-solves without it will not prove much.
    pub needs_lp: bool,
}

/// Solves the plan over the given feasible lists with the configured method.
pub(crate) fn optimise(ctx: &Ctx, feasible: &Feasible) -> Result<Solved> {
    match ctx.cfg.method {
        Method::Optimal => optimal(ctx, feasible, ctx.cfg.thresholds.max_branch_nodes, true),
        Method::Stable => stable(ctx, feasible),
    }
}

/// Flow solves an explanation's re-solve may use: confirming a nearest miss
/// must not cost as much as the plan itself.
const EXPLAIN_NODES: u64 = 60;
/// Explanations' re-solves use the LP bound up to this many edges (a
/// fraction of a second); beyond, it would cost each of them about as much
/// as the plan itself (1.6 s on the county's 19,129 edges).
pub(crate) const EXPLAIN_LP_EDGES: usize = 5_000;

/// [`optimise`] with a small branch-and-bound budget, and the LP bound only
/// on small models, for explanations (callers only trust a proven result).
pub(crate) fn optimise_quick(ctx: &Ctx, feasible: &Feasible) -> Result<Solved> {
    let edges: usize = feasible.iter().map(Vec::len).sum();
    match ctx.cfg.method {
        Method::Optimal => optimal(
            ctx,
            feasible,
            ctx.cfg.thresholds.max_branch_nodes.min(EXPLAIN_NODES),
            edges <= EXPLAIN_LP_EDGES,
        ),
        Method::Stable => stable(ctx, feasible),
    }
}

/// People not pinned by an introduction: the rows of the assignment.
pub(crate) fn free_rows(ctx: &Ctx) -> Vec<usize> {
    (0..ctx.scenario.people.len())
        .filter(|&p| ctx.pinned[p].is_none())
        .collect()
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
        gap: 0,
        held_lane: vec![false; ctx.scenario.people.len()],
        needs_lp: false,
    }
}

/// The lane model of the free rows with the objective's edge costs.
pub(crate) fn plan_model(
    ctx: &Ctx,
    feasible: &Feasible,
    rows: &[usize],
) -> Result<coupling::PlanModel> {
    let big = match ctx.cfg.objective {
        Objective::MaxPlacedThenScore => {
            1 + rows
                .iter()
                .map(|&p| feasible[p].first().map_or(0, |e| e.1.max(0)))
                .sum::<i64>()
        }
        _ => 0,
    };
    coupling::build(ctx, rows, feasible, &|_, _| false, &|p, o, s| {
        edge_cost(ctx, p, o, s, big)
    })
}

/// The optimal plan over the lane model of [`coupling`]: a plain min-cost
/// flow when no packing constraint binds, branch and bound over the flow
/// otherwise ([`crate::algo::packing`]); with a weekly budget, the
/// Lagrangian side-constraint solver first and branch and bound (budget as
/// one more constraint) when its plan breaks a shared-home or calendar rule.
fn optimal(ctx: &Ctx, feasible: &Feasible, max_nodes: u64, lp_bound: bool) -> Result<Solved> {
    let rows = free_rows(ctx);
    let model = plan_model(ctx, feasible, &rows)?;
    let opts = PackingOptions {
        max_nodes,
        lp_bound,
    };
    let packing_name = |s: &PackingSolution| {
        let lp = match s.lp_kept_edges {
            Some(k) => format!("; clique LP bound, exact MILP over {k} edges"),
            None => String::new(),
        };
        format!(
            "min-cost flow with branch and bound over {} shared-home and calendar rules ({} flow solves{lp})",
            model.constraints.len(),
            s.nodes
        )
    };
    let mut needs_lp = false;
    let (row_to_col, proven, gap, method) = if let Some(limit) = ctx.cfg.side.weekly_budget {
        let weekly: Vec<i64> = model
            .weekly_cost
            .iter()
            .flat_map(|r| r.iter().map(|e| e.1))
            .collect();
        let side = SideConstraints {
            budget: Some(Budget {
                edge_cost: weekly,
                limit: limit.0,
            }),
            conflicts: Vec::new(),
            column_limits: Vec::new(),
        };
        let s = solve_with_side_constraints(
            &model.problem,
            Coverage::Optional,
            &side,
            &SideOptions::default(),
        )?;
        if first_violation(&s.solution.row_to_col, &model.constraints).is_none() {
            let gap = s.gap();
            (
                s.solution.row_to_col,
                s.proven_optimal,
                gap,
                format!("min-cost flow with side constraints ({})", s.method),
            )
        } else {
            let mut constraints = model.constraints.clone();
            constraints.push(PackingConstraint {
                edges: model
                    .weekly_cost
                    .iter()
                    .enumerate()
                    .flat_map(|(r, es)| {
                        es.iter()
                            .map(move |&(c, w)| (r, c, u32::try_from(w.max(0)).unwrap_or(u32::MAX)))
                    })
                    .collect(),
                limit: u32::try_from(limit.0.max(0)).unwrap_or(u32::MAX),
            });
            let s = solve_packing(&model.problem, &constraints, &opts)?;
            needs_lp = s.lp_kept_edges.is_some();
            let (gap, method) = (s.gap(), format!("{} and a budget", packing_name(&s)));
            (s.solution.row_to_col, s.proven_optimal, gap, method)
        }
    } else if model.constraints.is_empty() {
        let sol = solve_assignment(&model.problem)?;
        (sol.row_to_col, true, 0, "min-cost flow".to_owned())
    } else {
        let s = solve_packing(&model.problem, &model.constraints, &opts)?;
        needs_lp = s.lp_kept_edges.is_some();
        let (gap, method) = (s.gap(), packing_name(&s));
        (s.solution.row_to_col, s.proven_optimal, gap, method)
    };
    let cost = model.cost_of(&row_to_col);
    let cols: Vec<Option<usize>> = row_to_col
        .iter()
        .map(|c| c.map(|c| model.col_option[c]))
        .collect();
    let assign = assignment(ctx, &rows, &cols);
    let mut solved = finish(ctx, assign, cost, proven, method, None);
    solved.gap = if proven { 0 } else { gap.max(0) };
    solved.needs_lp = needs_lp;
    for (r, c) in row_to_col.iter().enumerate() {
        if let Some(c) = c {
            solved.held_lane[rows[r]] = model.col_lane[*c] == coupling::Lane::Held;
        }
    }
    Ok(solved)
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
        let prefs = stable_preferences(ctx, feasible, &rows, &barred)?;
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
        // Judged against every feasible option, the pairs barred by the
        // repair included: one of those blocks when the plan has since
        // changed so that the person could join that home after all.
        let blocking: Vec<BlockingPair> = if repaired {
            blocking_under_rules(ctx, feasible, &rows, &matching, &assign)?
        } else {
            blocking_pairs(&prefs, &matching)
        }
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
        let best = optimal(
            &best_ctx,
            feasible,
            best_ctx.cfg.thresholds.max_branch_nodes,
            true,
        )?;
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

/// The preferences of the stable matching over the feasible options, less
/// the `(person, home)` pairs in `barred`.
fn stable_preferences(
    ctx: &Ctx,
    feasible: &Feasible,
    rows: &[usize],
    barred: &BTreeSet<(usize, usize)>,
) -> Result<PreferenceLists> {
    let pairs: Vec<ScoredPair> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, &p)| {
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
    preferences_from_scores(rows.len(), ctx.free_capacity.clone(), pairs)
}

/// Blocking pairs `(row, option)` of a repaired stable plan against every
/// feasible option: the person prefers the option, the option has room or
/// prefers the person to its least preferred newcomer, and with that
/// newcomer gone the person may live in the home under every rule.
fn blocking_under_rules(
    ctx: &Ctx,
    feasible: &Feasible,
    rows: &[usize],
    matching: &[Option<usize>],
    assign: &[Option<usize>],
) -> Result<Vec<(usize, usize)>> {
    let prefs = stable_preferences(ctx, feasible, rows, &BTreeSet::new())?;
    let mut out = Vec::new();
    for (r, o) in blocking_pairs(&prefs, matching) {
        let mut after = assign.to_vec();
        let held: Vec<usize> = (0..rows.len())
            .filter(|&q| matching[q] == Some(o))
            .collect();
        if held.len() >= prefs.capacity[o] as usize {
            let rank = |q: usize| prefs.col_prefs[o].iter().position(|&x| x == q);
            if let Some(&worst) = held.iter().max_by_key(|&&q| rank(q)) {
                after[rows[worst]] = None;
            }
        }
        after[rows[r]] = Some(o);
        let home = ctx.home_of[o];
        let people = &people_by_home(ctx, &after)[home];
        if people.iter().all(|&q| may_join(ctx, home, q, people)) {
            out.push((r, o));
        }
    }
    Ok(out)
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
    let together = |q: usize| coupling::overlap(ctx.stay[p], ctx.stay[q]);
    let clash = others
        .iter()
        .filter(|&&q| q != p)
        .any(|&q| together(q) && coupling::incompatible(me, ctx.person(q)));
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
