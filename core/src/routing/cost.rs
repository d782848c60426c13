//! Cost evaluation and adaptive penalties.
//!
//! [`CostEvaluator`] turns a route's [`RouteStats`] into a cost: the
//! objective weights of the problem plus penalty weights for the hard
//! constraints the search may temporarily violate (time warp, including
//! synchronisation misalignment, and excess load). Search states never store
//! their own penalised cost (STYLE guideline 5). [`PenaltyManager`] adapts the
//! penalty weights so that about a target share of local-search outcomes are
//! feasible, as PyVRP's `PenaltyManager` does.

use super::instance::Instance;
use super::schedule::RouteStats;

/// Cost added for structurally impossible routes.
pub(crate) const HUGE: i64 = 1 << 55;

/// Objective and penalty weights.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CostEvaluator {
    /// Per unit of time warp (and sync violation).
    pub tw_penalty: i64,
    /// Per unit of excess load.
    pub load_penalty: i64,
}

impl CostEvaluator {
    /// Penalised cost of a route on vehicle `v`.
    #[inline]
    pub fn route_cost(&self, inst: &Instance, v: usize, s: &RouteStats) -> i64 {
        if s.jobs == 0 {
            return 0;
        }
        let o = &inst.p.objective;
        let veh = &inst.p.vehicles[v];
        let base = objective_cost(o, veh, s);
        let pen = self
            .tw_penalty
            .saturating_mul(s.time_warp + s.sync_violation)
            .saturating_add(self.load_penalty.saturating_mul(s.excess_load));
        let inv = if s.invalid { HUGE } else { 0 };
        base.saturating_add(pen).saturating_add(inv)
    }
}

/// Unpenalised objective of one route (without the global max-tardiness
/// term and unassigned penalties).
pub(crate) fn objective_cost(
    o: &super::problem::Objective,
    veh: &super::problem::Vehicle,
    s: &RouteStats,
) -> i64 {
    if s.jobs == 0 {
        return 0;
    }
    veh.fixed_cost
        + o.distance * s.distance
        + o.travel_time * s.travel
        + o.waiting * s.waiting
        + o.tardiness * s.tardiness
        + (o.overtime + veh.overtime_cost) * s.overtime
        + o.continuity * s.non_preferred
        + veh.cost_per_time * s.duration
}

/// Adapts penalty weights towards a target feasible share.
#[derive(Debug, Clone)]
pub(crate) struct PenaltyManager {
    tw: f64,
    load: f64,
    tw_feasible: Vec<bool>,
    load_feasible: Vec<bool>,
}

const TARGET: f64 = 0.65;
const WINDOW: usize = 20;

impl PenaltyManager {
    /// Starting weights scaled to the instance: one unit of violation costs
    /// about as much as one average unit of arc cost per unit of time.
    pub fn new(inst: &Instance) -> Self {
        let mx = &inst.p.matrices[0];
        let o = &inst.p.objective;
        let (mut c, mut t) = (0f64, 0f64);
        for (a, b) in mx.distance.iter().zip(&mx.duration) {
            c += (o.distance * a + o.travel_time * b) as f64;
            t += *b as f64;
        }
        let per_time = if t > 0.0 { (c / t).max(1.0) } else { 1.0 };
        let dem: i64 = inst.p.jobs.iter().map(|j| j.demand).sum::<i64>().max(1);
        let per_load = (c / mx.distance.len().max(1) as f64) * (inst.n.max(1) as f64) / dem as f64;
        // Violations must cost more than any single soft term they could buy.
        let soft = [
            o.continuity,
            o.overtime,
            o.waiting,
            o.tardiness,
            o.max_tardiness,
        ]
        .into_iter()
        .max()
        .unwrap_or(0) as f64;
        // Nor should a vehicle's fixed cost be saved by a little lateness.
        let fixed = inst
            .p
            .vehicles
            .iter()
            .map(|v| v.fixed_cost)
            .max()
            .unwrap_or(0) as f64;
        let avg_arc = (t / mx.duration.len().max(1) as f64).max(1.0);
        PenaltyManager {
            tw: (4.0 * per_time)
                .max(2.0 * soft)
                .max(fixed / avg_arc)
                .clamp(1.0, 1e9),
            load: per_load.clamp(1.0, 1e9),
            tw_feasible: Vec::new(),
            load_feasible: Vec::new(),
        }
    }

    /// The current evaluator.
    pub fn evaluator(&self) -> CostEvaluator {
        CostEvaluator {
            tw_penalty: self.tw.round() as i64,
            load_penalty: self.load.round() as i64,
        }
    }

    /// A stricter evaluator used to drive a solution back to feasibility.
    pub fn booster(&self) -> CostEvaluator {
        CostEvaluator {
            tw_penalty: (self.tw * 10.0).min(1e12).round() as i64,
            load_penalty: (self.load * 10.0).min(1e12).round() as i64,
        }
    }

    /// Records whether a local-search outcome was time- and load-feasible;
    /// returns true when the weights changed.
    pub fn register(&mut self, tw_ok: bool, load_ok: bool) -> bool {
        self.tw_feasible.push(tw_ok);
        self.load_feasible.push(load_ok);
        let mut changed = false;
        if self.tw_feasible.len() >= WINDOW {
            self.tw = adapt(self.tw, &self.tw_feasible);
            self.tw_feasible.clear();
            changed = true;
        }
        if self.load_feasible.len() >= WINDOW {
            self.load = adapt(self.load, &self.load_feasible);
            self.load_feasible.clear();
            changed = true;
        }
        changed
    }
}

fn adapt(w: f64, hist: &[bool]) -> f64 {
    let share = hist.iter().filter(|&&b| b).count() as f64 / hist.len() as f64;
    let w = if share < TARGET - 0.05 {
        w * 1.25 + 1.0
    } else if share > TARGET + 0.05 {
        w * 0.85
    } else {
        w
    };
    w.clamp(1.0, 1e12)
}
