//! Fair plans: the worst-served district first, then the next worst, and
//! so on, then the usual objective.
//!
//! A district's placement rate is its people placed (kept or proposed) over
//! its people referred. The fair plan is the lexicographic optimum of
//! (1) the district rates sorted from the lowest (leximin: the lowest as
//! high as possible, then the second lowest, …), then (2) the run's
//! objective. Both levels are solved over the engine's own model: the
//! assignment of people to lanes **with its packing rules** (capacity by
//! date, day places by weekday, people who may not live together, gender
//! mix, shared support hours, a weekly budget), by the generic branch and
//! bound of [`crate::algo::packing`]; see `leximin.rs` for how each
//! "can every district reach this rate?" question becomes one assignment.
//!
//! The **price of fairness** is the unconstrained optimum minus the fair
//! one, in objective and in people placed, both from the same model.
//!
//! `exact` is claimed only when every branch-and-bound run closed: no
//! feasibility question was left open by the node limit, no tied branch was
//! dropped, and both optima are proven. Otherwise the gaps are reported.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::districts::district_name;
pub use super::leximin::Rate;
use super::leximin::{self, Groups, Stats};
use crate::algo::assignment::{self, AssignmentProblem, Coverage};
use crate::algo::packing::{PackingConstraint, PackingOptions, solve_packing};
use crate::matching::analysis::{self, FlowModel};
use crate::matching::{MatchConfig, Method, Objective, OptionRef, PersonId, Scenario};
use crate::{Error, Result};

/// One district in both plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct FairDistrict {
    /// District.
    pub district: String,
    /// Its rate in the unconstrained optimum.
    pub optimal: Rate,
    /// Its rate in the fair plan.
    pub fair: Rate,
}

/// A plan's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct PlanFigures {
    /// People placed (kept included).
    pub placed: usize,
    /// Objective value in its natural sense (total score for the score
    /// objectives, weekly saving in pence for the cost objective).
    pub objective_value: i64,
    /// The lowest district placement rate.
    pub worst_rate: Rate,
    /// The district with it.
    pub worst_district: String,
}

/// The fair plan, the unconstrained optimum and the price of fairness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct FairPlan {
    /// The unconstrained optimum of the flow model.
    pub optimal: PlanFigures,
    /// The fair plan.
    pub fair: PlanFigures,
    /// Objective given up: `optimal.objective_value − fair.objective_value`.
    pub price_of_fairness: i64,
    /// People placed given up (can be negative: fairness may place more).
    pub placed_given_up: i64,
    /// Per district, both plans.
    pub districts: Vec<FairDistrict>,
    /// Where every person goes in the fair plan (input order).
    pub assignment: Vec<(PersonId, Option<OptionRef>)>,
    /// The fair plan's district rates, lowest first (the leximin vector).
    pub leximin: Vec<Rate>,
    /// True when the fair plan's district rates are proven leximin-optimal
    /// under all the engine's rules (optimal method; every "can every
    /// district reach this rate?" question settled, no tied branch dropped).
    pub rates_exact: bool,
    /// True when, in addition, both objective optima are proven (no gap).
    pub exact: bool,
    /// How far the fair plan's objective may be from the best among plans
    /// with the same rates, in the solver's cost units (0 when proven).
    pub fair_gap: i64,
    /// The same for the unconstrained optimum.
    pub optimal_gap: i64,
    /// "Can every district reach this rate?" questions asked.
    pub questions: usize,
    /// Questions the node limit left open (taken as "no": the fair plan is
    /// then feasible but not proven leximin-optimal).
    pub undecided: usize,
    /// Tied branches not explored (the plan is then not proven either).
    pub branches_dropped: usize,
    /// Flow solves over all searches.
    pub flow_solves: u64,
}

/// District index of every person, district names, referrals and people kept.
struct Districts {
    names: Vec<String>,
    of: Vec<usize>,
    referred: Vec<usize>,
    kept: Vec<usize>,
}

fn districts(s: &Scenario, model: &FlowModel) -> Districts {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for p in &s.people {
        let n = index.len();
        index
            .entry(district_name(p.district.as_deref()))
            .or_insert(n);
    }
    let mut names = vec![String::new(); index.len()];
    for (k, v) in &index {
        names[*v] = k.clone();
    }
    let of: Vec<usize> = s
        .people
        .iter()
        .map(|p| index[&district_name(p.district.as_deref())])
        .collect();
    let mut referred = vec![0; names.len()];
    let mut kept = vec![0; names.len()];
    for (p, &d) in of.iter().enumerate() {
        referred[d] += 1;
        if model.pinned[p].is_some() {
            kept[d] += 1;
        }
    }
    Districts {
        names,
        of,
        referred,
        kept,
    }
}

fn figures(
    cfg: &MatchConfig,
    model: &FlowModel,
    ds: &Districts,
    assign: &[Option<usize>],
) -> (PlanFigures, Vec<Rate>) {
    let mut placed_d = vec![0; ds.names.len()];
    let mut objective = 0i64;
    for (p, c) in assign.iter().enumerate() {
        if model.pinned[p].is_some() {
            placed_d[ds.of[p]] += 1;
            continue;
        }
        let Some(c) = c else { continue };
        placed_d[ds.of[p]] += 1;
        if let Some(e) = model.edges[p].iter().find(|e| e.column == *c) {
            objective += match cfg.objective {
                Objective::MaxPlacedThenScore => e.score,
                _ => -e.true_cost,
            };
        }
    }
    let rates: Vec<Rate> = (0..ds.names.len())
        .map(|d| Rate {
            placed: placed_d[d],
            referred: ds.referred[d],
        })
        .collect();
    let worst = (0..rates.len())
        .min_by(|&a, &b| {
            if rates[a].cmp_value(rates[b]).is_lt() {
                std::cmp::Ordering::Less
            } else if rates[b].cmp_value(rates[a]).is_lt() {
                std::cmp::Ordering::Greater
            } else {
                ds.names[a].cmp(&ds.names[b])
            }
        })
        .unwrap_or(0);
    (
        PlanFigures {
            placed: (0..assign.len())
                .filter(|&p| assign[p].is_some() || model.pinned[p].is_some())
                .count(),
            objective_value: objective,
            worst_rate: rates.get(worst).copied().unwrap_or(Rate {
                placed: 0,
                referred: 0,
            }),
            worst_district: ds.names.get(worst).cloned().unwrap_or_default(),
        },
        rates,
    )
}

/// Nodes every branch-and-bound run of the fair plan may use (at least).
const FAIR_NODES: u64 = 2_000;

/// The exact fair plan and the price of fairness.
///
/// # Complexity
/// One branch-and-bound run over the engine's assignment per question: a
/// binary search over the rates `k/n_d` per level, one question per open
/// district per level, and subsets of districts only when districts tie.
///
/// # Errors
/// [`Error::Invalid`] when the scenario breaks a validation rule.
pub fn fair_plan(s: &Scenario, cfg: &MatchConfig) -> Result<FairPlan> {
    let model = analysis::flow_model(s, cfg)?;
    let ds = districts(s, &model);
    let persons: Vec<usize> = (0..model.edges.len())
        .filter(|&p| model.pinned[p].is_none())
        .collect();
    let mut row_of = vec![usize::MAX; model.edges.len()];
    for (r, &p) in persons.iter().enumerate() {
        row_of[p] = r;
    }
    let constraints: Vec<PackingConstraint> = model
        .packing
        .iter()
        .map(|k| PackingConstraint {
            edges: k
                .edges
                .iter()
                .filter(|e| row_of[e.0] != usize::MAX)
                .map(|&(p, c, w)| (row_of[p], c, w))
                .collect(),
            limit: k.limit,
        })
        .collect();
    let groups = Groups {
        rows: persons
            .iter()
            .map(|&p| model.edges[p].iter().map(|e| (e.column, e.cost)).collect())
            .collect(),
        capacity: model.capacity.clone(),
        constraints: &constraints,
        group: persons.iter().map(|&p| ds.of[p]).collect(),
        referred: ds.referred.clone(),
        kept: ds.kept.clone(),
        opts: PackingOptions {
            max_nodes: cfg.thresholds.max_branch_nodes.max(FAIR_NODES),
            lp_bound: true,
        },
    };
    let mut stats = Stats::default();
    // The unconstrained optimum: the engine's model and rules.
    let plain = AssignmentProblem::from_rows(groups.capacity.clone(), groups.rows.clone())?;
    let (optimal_rows, optimal_gap) = if constraints.is_empty() {
        (assignment::solve(&plain, Coverage::Optional)?.row_to_col, 0)
    } else {
        let o = solve_packing(&plain, &constraints, &groups.opts)?;
        stats.solves += o.nodes;
        let gap = o.gap().max(0);
        (o.solution.row_to_col, gap)
    };
    // The leximin levels, then the best plan at each leaf; the best leaf by
    // its sorted rates, then by edge cost.
    let leaves = groups.leximin(&mut stats)?;
    let mut chosen: Option<(Vec<Rate>, i64, leximin::Best)> = None;
    for leaf in &leaves {
        let best = groups.best(leaf, &mut stats)?;
        let rates = leximin::sorted_rates(&groups.placed(&best.plan), &groups.referred);
        let cost: i64 = best
            .plan
            .iter()
            .enumerate()
            .filter_map(|(r, c)| {
                c.and_then(|c| groups.rows[r].iter().find(|e| e.0 == c).map(|e| e.1))
            })
            .sum();
        let better = match &chosen {
            None => true,
            Some((v, c, _)) => match leximin::cmp_sorted(&rates, v) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => cost < *c,
                std::cmp::Ordering::Less => false,
            },
        };
        if better {
            chosen = Some((rates, cost, best));
        }
    }
    let Some((leximin_rates, _, fair_best)) = chosen else {
        return Err(Error::Internal("fair plan found no plan"));
    };
    let to_people = |rows: &[Option<usize>]| {
        let mut assign: Vec<Option<usize>> = vec![None; model.edges.len()];
        for (r, c) in rows.iter().enumerate() {
            assign[persons[r]] = *c;
        }
        assign
    };
    let optimal_assign = to_people(&optimal_rows);
    let fair_assign = to_people(&fair_best.plan);
    let (optimal, optimal_rates) = figures(cfg, &model, &ds, &optimal_assign);
    let (fair, fair_rates) = figures(cfg, &model, &ds, &fair_assign);
    let districts = (0..ds.names.len())
        .map(|d| FairDistrict {
            district: ds.names[d].clone(),
            optimal: optimal_rates[d],
            fair: fair_rates[d],
        })
        .collect();
    let rates_exact =
        cfg.method == Method::Optimal && stats.undecided == 0 && stats.branches_dropped == 0;
    let exact = rates_exact && fair_best.proven && optimal_gap == 0;
    Ok(FairPlan {
        price_of_fairness: optimal.objective_value - fair.objective_value,
        placed_given_up: optimal.placed as i64 - fair.placed as i64,
        assignment: s
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let option =
                    model.pinned[i].or_else(|| fair_assign[i].map(|c| model.column_option[c]));
                (p.id.clone(), option.map(|o| model.options[o].clone()))
            })
            .collect(),
        optimal,
        fair,
        districts,
        leximin: leximin_rates,
        rates_exact,
        exact,
        fair_gap: fair_best.gap,
        optimal_gap,
        questions: stats.questions,
        undecided: stats.undecided,
        branches_dropped: stats.branches_dropped,
        flow_solves: stats.solves,
    })
}
