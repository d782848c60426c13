//! Fair plans: the worst-served district first, then the usual objective.
//!
//! A district's placement rate is its people placed (kept or proposed) over
//! its people referred. The fair plan is the lexicographic optimum of
//! (1) the lowest placement rate over districts, maximised, then (2) the
//! run's objective. Both levels are exact:
//!
//! - A rate `t` is achievable iff a flow exists in which every district `d`
//!   places at least `L_d = ⌈t·n_d⌉ − kept_d` of its free people. The network
//!   is source → district (one arc of capacity `L_d` at cost `−1`, one for
//!   the rest at cost 0) → person → option → sink, plus a source → sink arc
//!   for people left unplaced; `t` is achievable iff the minimum cost is
//!   `−ΣL_d`. The best rate is one of the fractions `k/n_d`, found by binary
//!   search (achievability is monotone in `t`).
//! - With the best rate fixed, the required arcs cost `−M` (more than any
//!   plan's objective can make up) and person → option arcs carry the
//!   objective's edge costs, so the minimum-cost flow maximises the objective
//!   among plans that reach the best rate.
//!
//! The **price of fairness** is the unconstrained optimum minus the fair
//! one, in objective and in people placed, both from the same model.
//!
//! The model is the min-cost flow of the plan ([`crate::matching::analysis`]).
//! When the engine needs more than the flow (people who must not live
//! together, side rules, shared scheme hours) the fair plan does not apply
//! those rules and says so (`exact: false`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::districts::district_name;
use crate::algo::min_cost_flow::{self, FlowNetwork};
use crate::matching::analysis::{self, FlowModel};
use crate::matching::{MatchConfig, Objective, OptionRef, PersonId, Scenario};
use crate::{Error, Result};

/// A placement rate as an exact fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Rate {
    /// Placed.
    pub placed: usize,
    /// Referred.
    pub referred: usize,
}

impl Rate {
    /// As a number between 0 and 1 (0 for an empty district).
    pub fn value(self) -> f64 {
        if self.referred == 0 {
            0.0
        } else {
            self.placed as f64 / self.referred as f64
        }
    }
    fn less(self, other: Rate) -> bool {
        (self.placed * other.referred) < (other.placed * self.referred)
    }
}

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
    /// True when the flow model is the engine's exact model.
    pub exact: bool,
}

struct Net {
    net: FlowNetwork,
    /// Arc of each (person, edge index).
    edge_arc: Vec<Vec<usize>>,
    required_arc: Vec<Option<usize>>,
}

/// District index of every person, district names, referrals and people kept.
struct Districts {
    names: Vec<String>,
    of: Vec<usize>,
    referred: Vec<usize>,
    kept: Vec<usize>,
    free: Vec<usize>,
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
    let mut free = vec![0; names.len()];
    for (p, &d) in of.iter().enumerate() {
        referred[d] += 1;
        if model.pinned[p].is_some() {
            kept[d] += 1;
        } else {
            free[d] += 1;
        }
    }
    Districts {
        names,
        of,
        referred,
        kept,
        free,
    }
}

/// Builds the network for required placements `need[d]`, with required
/// arcs at `required_cost` and person → option arcs at their edge cost
/// (or 0 when `with_costs` is false).
fn network(
    model: &FlowModel,
    ds: &Districts,
    need: &[usize],
    required_cost: i64,
    with_costs: bool,
) -> Net {
    let people = model.edges.len();
    let nd = ds.names.len();
    let (source, sink) = (0, 1);
    let d0 = 2;
    let p0 = d0 + nd;
    let o0 = p0 + people;
    let mut net = FlowNetwork::new(o0 + model.capacity.len());
    let total: usize = ds.free.iter().sum();
    net.set_supply(source, total as i64);
    net.set_supply(sink, -(total as i64));
    net.add_arc(source, sink, total as i64, 0);
    let mut required_arc = vec![None; nd];
    for d in 0..nd {
        let req = need[d].min(ds.free[d]);
        required_arc[d] = Some(net.add_arc(source, d0 + d, req as i64, required_cost));
        net.add_arc(source, d0 + d, (ds.free[d] - req) as i64, 0);
    }
    let mut edge_arc = vec![Vec::new(); people];
    for (p, es) in model.edges.iter().enumerate() {
        if model.pinned[p].is_some() {
            continue;
        }
        net.add_arc(d0 + ds.of[p], p0 + p, 1, 0);
        for e in es {
            let cost = if with_costs { e.cost } else { 0 };
            edge_arc[p].push(net.add_arc(p0 + p, o0 + e.column, 1, cost));
        }
    }
    for (o, &cap) in model.capacity.iter().enumerate() {
        net.add_arc(o0 + o, sink, i64::from(cap), 0);
    }
    Net {
        net,
        edge_arc,
        required_arc,
    }
}

/// Free placements district `d` needs for rate `t`: `⌈t·n_d⌉ − kept_d`.
fn needed(ds: &Districts, t: Rate) -> Vec<usize> {
    (0..ds.names.len())
        .map(|d| {
            let want = (t.placed * ds.referred[d]).div_ceil(t.referred.max(1));
            want.saturating_sub(ds.kept[d])
        })
        .collect()
}

fn achievable(model: &FlowModel, ds: &Districts, t: Rate) -> Result<bool> {
    let need = needed(ds, t);
    if need.iter().zip(&ds.free).any(|(n, f)| n > f) {
        return Ok(false);
    }
    let n = network(model, ds, &need, -1, false);
    let sol = min_cost_flow::solve(&n.net)?;
    Ok(sol.total_cost == -(need.iter().sum::<usize>() as i64))
}

/// Solves the network for rate `t` with costs and reads back the plan.
fn plan_at(model: &FlowModel, ds: &Districts, t: Rate) -> Result<Vec<Option<usize>>> {
    let need = needed(ds, t);
    let big = 1 + model
        .edges
        .iter()
        .map(|es| es.iter().map(|e| e.cost.abs()).max().unwrap_or(0))
        .sum::<i64>();
    let n = network(model, ds, &need, -big, true);
    let sol = min_cost_flow::solve(&n.net)?;
    for (d, arc) in n.required_arc.iter().enumerate() {
        if let Some(a) = arc
            && sol.flow[*a] < need[d].min(ds.free[d]) as i64
        {
            return Err(Error::Internal("fair plan lost a required placement"));
        }
    }
    // Columns for people placed by the flow; pinned people keep their option
    // (marked apart so the figures do not look them up as columns).
    let mut assign: Vec<Option<usize>> = vec![None; model.edges.len()];
    for (p, arcs) in n.edge_arc.iter().enumerate() {
        for (k, &a) in arcs.iter().enumerate() {
            if sol.flow[a] > 0 {
                assign[p] = Some(model.edges[p][k].column);
            }
        }
    }
    Ok(assign)
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
            if rates[a].less(rates[b]) {
                std::cmp::Ordering::Less
            } else if rates[b].less(rates[a]) {
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

/// The exact fair plan and the price of fairness.
///
/// # Complexity
/// O(log(Σ n_d)) minimum-cost flows over people × feasible options.
///
/// # Errors
/// [`Error::Invalid`] when the scenario breaks a validation rule.
pub fn fair_plan(s: &Scenario, cfg: &MatchConfig) -> Result<FairPlan> {
    let model = analysis::flow_model(s, cfg)?;
    let ds = districts(s, &model);
    // Candidate rates k/n_d, ascending and distinct.
    let mut candidates: Vec<Rate> = Vec::new();
    for &n in &ds.referred {
        for k in 0..=n {
            candidates.push(Rate {
                placed: k,
                referred: n.max(1),
            });
        }
    }
    candidates.sort_by(|a, b| (a.placed * b.referred).cmp(&(b.placed * a.referred)));
    candidates.dedup_by(|a, b| a.placed * b.referred == b.placed * a.referred);
    // Largest achievable candidate (the first one, 0, always is).
    let (mut lo, mut hi) = (0usize, candidates.len().saturating_sub(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if achievable(&model, &ds, candidates[mid])? {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let best = candidates.get(lo).copied().unwrap_or(Rate {
        placed: 0,
        referred: 1,
    });
    let zero = Rate {
        placed: 0,
        referred: 1,
    };
    let optimal_assign = plan_at(&model, &ds, zero)?;
    let fair_assign = plan_at(&model, &ds, best)?;
    let (optimal, optimal_rates) = figures(cfg, &model, &ds, &optimal_assign);
    let (fair, fair_rates) = figures(cfg, &model, &ds, &fair_assign);
    let districts = (0..ds.names.len())
        .map(|d| FairDistrict {
            district: ds.names[d].clone(),
            optimal: optimal_rates[d],
            fair: fair_rates[d],
        })
        .collect();
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
        exact: model.exact,
    })
}
