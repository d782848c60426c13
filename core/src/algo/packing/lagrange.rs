//! Lagrangian bounds for one node of the search.
//!
//! The packing constraints `A x ≤ b` are moved into the costs with
//! multipliers `λ ≥ 0`: `L(λ) = min { c x + λ (A x − b) }` over plain
//! assignments, a flow solve. Every `L(λ)` is a lower bound on every plan of
//! the node, and the best over `λ` equals the linear-programming bound of
//! the whole model (the flow polytope is integral).
//!
//! Multipliers are real numbers; the flow needs integer costs, so each
//! solve prices edges at `S·c + Σ μ·w` with `μ = round(S·λ)` and a fixed
//! scale `S`: the bound `⌈(flow − Σ μ·b) / S⌉` is then exact for those
//! integer multipliers, with no rounding error in the proof.
//!
//! Steps follow Held, Wolfe and Crowder (1974): a Polyak step toward the
//! incumbent, `t = π (UB − L) / ‖g‖²`, with `π` halved after a few steps
//! without progress, and the best multipliers kept for the children.
//!
//! After the root, [`Search::fix_by_reduced_cost`] removes every edge whose
//! reduced cost at the best multipliers already lifts the bound to the
//! incumbent: no better plan can use it (LP reduced-cost fixing).

use super::PackingConstraint;
use super::repair::{Memberships, Repair};
use crate::Result;
use crate::algo::assignment::{self, AssignmentProblem, AssignmentSolution, Coverage};

/// Steps without a better bound before `π` is halved and the search goes
/// back to the best multipliers (3 gave up too early on the county sample:
/// the root bound stalled further from the LP bound).
const STALL_STEPS: u32 = 6;
/// Cost scale of the priced flow.
const MAX_SCALE: i64 = 64;
/// Priced edge costs stay below this (the flow takes up to 2^52); lowering
/// a priced cost only weakens the bound, never breaks it.
const PRICE_CAP: i64 = 1 << 50;

/// Everything the nodes share.
pub(super) struct Search<'a> {
    pub p: &'a AssignmentProblem,
    pub constraints: &'a [PackingConstraint],
    pub member: &'a Memberships,
    /// `S`: priced costs are `S·c + Σ μ·w`.
    pub scale: i64,
    /// Edges removed everywhere (reduced-cost fixing), by edge index.
    pub fixed_out: Vec<bool>,
    /// `S·c` of every edge: the priced cost at `μ = 0`.
    base_cost: Vec<i64>,
    /// The edges of each constraint with their weights (the memberships
    /// turned round), so pricing touches only constraints with `μ > 0`.
    by_constraint: Vec<Vec<(usize, u32)>>,
    /// Run the sub-problem heuristic ([`super::rins`]) every this many
    /// subgradient steps (0: never; a node's few steps never reach it).
    pub rins_every: u32,
    /// Flow solves each of those sub-problem searches may use.
    pub rins_nodes: u64,
}

/// The incumbent: its cost and plan.
pub(super) type Incumbent = (i64, Vec<Option<usize>>);

/// What evaluating a node found.
pub(super) struct Evaluated {
    /// A lower bound on every plan of the node.
    pub bound: i64,
    /// A relaxed plan that breaks a constraint, to branch on (none: the
    /// node is settled).
    pub violated: Option<Vec<Option<usize>>>,
    /// The best multipliers met, to warm-start the children.
    pub lambda: Vec<f64>,
}

/// Work of one node: subgradient steps and the starting step factor.
#[derive(Clone, Copy)]
pub(super) struct Effort {
    pub iterations: u32,
    pub pi: f64,
}

impl<'a> Search<'a> {
    pub fn new(
        p: &'a AssignmentProblem,
        constraints: &'a [PackingConstraint],
        member: &'a Memberships,
    ) -> Self {
        let max = p.max_abs_cost().max(1);
        let mut scale = MAX_SCALE;
        while scale > 1 && max.saturating_mul(scale) > PRICE_CAP / 4 {
            scale /= 2;
        }
        Search {
            p,
            constraints,
            member,
            scale,
            fixed_out: vec![false; p.edges()],
            base_cost: (0..p.edges())
                .map(|e| p.edge(e).1.saturating_mul(scale).min(PRICE_CAP))
                .collect(),
            by_constraint: {
                let mut by = vec![Vec::new(); constraints.len()];
                for (e, list) in member.iter().enumerate() {
                    for &(k, w) in list {
                        by[k].push((e, w));
                    }
                }
                by
            },
            rins_every: 0,
            rins_nodes: 0,
        }
    }

    fn mu(&self, lambda: &[f64]) -> Vec<i64> {
        let cap = (PRICE_CAP / 4) as f64;
        lambda
            .iter()
            .map(|l| (l * self.scale as f64).round().clamp(0.0, cap) as i64)
            .collect()
    }

    /// Priced costs `S·c + Σ μ·w` of every edge of the problem.
    fn priced_costs(&self, mu: &[i64]) -> Vec<i64> {
        let mut cost = self.base_cost.clone();
        for (k, &m) in mu.iter().enumerate() {
            if m == 0 {
                continue;
            }
            for &(e, w) in &self.by_constraint[k] {
                cost[e] = cost[e].saturating_add(m.saturating_mul(i64::from(w)));
            }
        }
        for c in &mut cost {
            *c = (*c).min(PRICE_CAP);
        }
        cost
    }

    /// Edges out of a node: those fixed out everywhere and the node's
    /// forbidden `(row, column)` pairs.
    fn removed(&self, forbidden: &[(usize, usize)]) -> Vec<bool> {
        let mut out = self.fixed_out.clone();
        for &(r, c) in forbidden {
            for e in self.p.row_edge_range(r) {
                if self.p.edge(e).0 == c {
                    out[e] = true;
                }
            }
        }
        out
    }

    /// The flow at priced costs `cost` over the edges not `removed`, and
    /// the value `flow − Σ μ·b` (scaled by `S`).
    fn priced(
        &self,
        removed: &[bool],
        cost: &[i64],
        mu: &[i64],
        duals: bool,
    ) -> Result<(assignment::CertifiedAssignment, i128, AssignmentProblem)> {
        let q = self.p.repriced(cost, |e| !removed[e])?;
        let sol = if duals {
            assignment::solve_with_duals(&q, Coverage::Optional)?
        } else {
            let s = assignment::solve(&q, Coverage::Optional)?;
            assignment::CertifiedAssignment {
                solution: s,
                duals: assignment::AssignmentDuals {
                    row_potential: Vec::new(),
                    col_price: Vec::new(),
                },
            }
        };
        let penalty: i128 = mu
            .iter()
            .zip(self.constraints)
            .map(|(m, k)| i128::from(*m) * i128::from(k.limit))
            .sum();
        let value = i128::from(sol.solution.total_cost) - penalty;
        Ok((sol, value, q))
    }

    /// `⌈value / S⌉`: the bound on true (unscaled, integer) plan costs.
    fn bound_of(&self, value: i128) -> i64 {
        let s = i128::from(self.scale);
        let q = value.div_euclid(s) + i128::from(value.rem_euclid(s) != 0);
        q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    /// Weight each constraint carries under a plan, minus its limit
    /// (through the used edges' memberships: a plan uses few edges).
    fn slack_use(&self, plan: &[Option<usize>]) -> Vec<i64> {
        let mut used: Vec<i64> = self
            .constraints
            .iter()
            .map(|k| -i64::from(k.limit))
            .collect();
        for (r, c) in plan.iter().enumerate() {
            let Some(c) = *c else { continue };
            if let Some(e) = super::repair::edge_index(self.p, r, c) {
                for &(k, w) in &self.member[e] {
                    used[k] += i64::from(w);
                }
            }
        }
        used
    }

    fn offer(&self, plan: Vec<Option<usize>>, best: &mut Incumbent) {
        let cost = plan_cost(self.p, &plan);
        if cost < best.0 {
            *best = (cost, plan);
        }
    }

    /// Lagrangian relaxation at one node, warm-started from `lambda`.
    pub fn evaluate(
        &self,
        forbidden: &[(usize, usize)],
        lambda: Vec<f64>,
        effort: Effort,
        best: &mut Incumbent,
        solves: &mut u64,
    ) -> Result<Evaluated> {
        let removed = self.removed(forbidden);
        let repair = Repair {
            p: self.p,
            constraints: self.constraints,
            member: self.member,
        };
        let mut lambda = lambda;
        let mut best_lambda = lambda.clone();
        let mut bound = i64::MIN;
        let mut violated = None;
        let mut pi = effort.pi;
        let mut stall = 0u32;
        let mut reset;
        for it in 0..effort.iterations.max(1) {
            let mu = self.mu(&lambda);
            let cost = self.priced_costs(&mu);
            let (sol, value, _) = self.priced(&removed, &cost, &mu, false)?;
            *solves += 1;
            let plan = sol.solution.row_to_col;
            let b = self.bound_of(value);
            reset = false;
            if b > bound {
                bound = b;
                best_lambda.clone_from(&lambda);
                stall = 0;
            } else {
                stall += 1;
                if stall >= STALL_STEPS {
                    // No progress: back to the best multipliers, shorter steps.
                    pi /= 2.0;
                    stall = 0;
                    reset = true;
                }
            }
            let g = self.slack_use(&plan);
            if g.iter().all(|&x| x <= 0) {
                let cost = plan_cost(self.p, &plan);
                // Complementary slackness: no priced constraint has slack,
                // so the relaxed optimum is the node's optimum.
                let tight = mu.iter().zip(&g).all(|(m, x)| *m == 0 || *x == 0);
                self.offer(plan, best);
                if tight {
                    return Ok(Evaluated {
                        bound: bound.max(cost),
                        violated: None,
                        lambda: best_lambda,
                    });
                }
            } else {
                // Every few steps of a long (root) search, the sub-problem
                // where this relaxed plan and the incumbent differ.
                if self.rins_every > 0
                    && it % self.rins_every == self.rins_every - 1
                    && let Some(better) = super::rins::rins(
                        self.p,
                        self.constraints,
                        self.member,
                        &plan,
                        &best.1,
                        self.rins_nodes,
                    )?
                {
                    self.offer(better, best);
                }
                self.offer(repair.run(plan.clone()), best);
                // The same repair judged by the priced costs, which steer
                // refills away from congested homes.
                let q = self.p.repriced(&cost, |_| true)?;
                let priced = Repair { p: &q, ..repair };
                self.offer(priced.run(plan.clone()), best);
                violated = Some(plan);
            }
            if bound >= best.0 || it + 1 == effort.iterations || pi < 1e-4 {
                break;
            }
            if reset {
                lambda.clone_from(&best_lambda);
                continue;
            }
            // Projected subgradient: constraints at λ = 0 with slack stay.
            let norm: f64 = g
                .iter()
                .zip(&lambda)
                .filter(|(x, l)| **x > 0 || **l > 0.0)
                .map(|(x, _)| (*x as f64) * (*x as f64))
                .sum();
            if norm == 0.0 {
                break;
            }
            let level = value as f64 / self.scale as f64;
            let t = pi * ((best.0 as f64) - level).max(1.0) / norm;
            for (l, x) in lambda.iter_mut().zip(&g) {
                *l = (*l + t * (*x as f64)).max(0.0);
            }
        }
        if violated.is_none() && bound < best.0 {
            // Every plan met was feasible but the bound is not closed: branch
            // on the plain relaxation of the node.
            let (sol, value, _) = self.priced(&removed, &self.base_cost, &[], false)?;
            *solves += 1;
            bound = bound.max(self.bound_of(value));
            let plan = sol.solution.row_to_col;
            if self.slack_use(&plan).iter().any(|&x| x > 0) {
                violated = Some(plan);
            } else {
                let c = plan_cost(self.p, &plan);
                self.offer(plan, best);
                bound = bound.max(c);
            }
        }
        Ok(Evaluated {
            bound,
            violated,
            lambda: best_lambda,
        })
    }

    /// Removes every edge that no plan cheaper than the incumbent can use:
    /// at multipliers `lambda`, a plan using edge `e` costs at least
    /// `⌈(L + rc(e)) / S⌉`, with `rc(e)` its reduced cost in the priced
    /// flow. Returns how many edges were removed.
    pub fn fix_by_reduced_cost(
        &mut self,
        lambda: &[f64],
        best: &Incumbent,
        solves: &mut u64,
    ) -> Result<usize> {
        let mu = self.mu(lambda);
        let cost = self.priced_costs(&mu);
        let (sol, value, q) = self.priced(&self.fixed_out, &cost, &mu, true)?;
        *solves += 1;
        let duals = &sol.duals;
        // Map the priced problem's edges (the non-fixed ones, in order) back.
        let mut removed = 0;
        let mut qe = 0usize;
        for r in 0..self.p.rows() {
            let range = self.p.row_edge_range(r);
            for e in range {
                if self.fixed_out[e] {
                    continue;
                }
                let (c, w) = q.edge(qe);
                qe += 1;
                let rc = i128::from(w) - duals.row_potential[r] + duals.col_price[c];
                if self.bound_of(value + rc.max(0)) >= best.0 {
                    self.fixed_out[e] = true;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

/// Cost of a plan under `p` (unassigned rows cost nothing).
pub(super) fn plan_cost(p: &AssignmentProblem, row_to_col: &[Option<usize>]) -> i64 {
    row_to_col
        .iter()
        .enumerate()
        .filter_map(|(r, c)| c.and_then(|c| p.cost_of(r, c)))
        .sum()
}

/// The plain relaxed plan of the node as a solution (for the root).
pub(super) fn as_solution(p: &AssignmentProblem, plan: Vec<Option<usize>>) -> AssignmentSolution {
    AssignmentSolution {
        total_cost: plan_cost(p, &plan),
        row_to_col: plan,
    }
}
