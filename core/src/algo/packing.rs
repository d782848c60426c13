//! Capacitated assignment with **packing side constraints**, solved exactly
//! by branch and bound over the min-cost-flow relaxation.
//!
//! A packing constraint says "of these (row, column) edges, with these
//! weights, the ones used may weigh at most `limit`". It covers every rule
//! that couples rows inside one column or one group of columns:
//!
//! - **capacity by date**: the stays covering one date in one household may
//!   use at most the bedrooms free that day (non-overlapping stays share a
//!   place, so the column itself is not the limit);
//! - **pairwise compatibility**: two rows that may not share a home (the
//!   edges of both into that home's columns, limit 1);
//! - **mix and budget-like limits inside a home**: at most `k` rows of one
//!   kind, or shared spare hours (weights = hours, limit = spare hours).
//!
//! Every constraint only restricts, so the plain flow (constraints dropped)
//! is a lower bound at every node. A node whose flow optimum breaks a
//! constraint is split on it: if the used edges `S` of a violated constraint
//! weigh more than its limit, every feasible plan leaves out at least one edge
//! of `S`, so the children "forbid `e`" for each `e ∈ S` cover every feasible
//! plan (and when each row weighs the same on all its edges of the
//! constraint, "keep row `r` off the whole constraint" for each used row,
//! which also stops the row moving to a twin column of the same home). Children are explored best bound first; each node also yields a
//! feasible plan by dropping its cheapest-to-lose violating edges, which keeps
//! a good incumbent from the start. The search is exact when it ends with no
//! open node below the incumbent; a node limit keeps hostile inputs bounded,
//! and then the best open bound is reported as the gap, never hidden.
//!
//! Written by hand because no crate offers branch and bound over a flow
//! relaxation; a MILP of the whole assignment is far slower with the
//! pure-Rust `microlp` backend (see [`crate::algo::side_constraints`]).

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashSet};

use super::assignment::{self, AssignmentProblem, AssignmentSolution, Coverage};
use crate::{Error, Result};

/// "The used edges of this list weigh at most `limit`."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackingConstraint {
    /// `(row, column, weight)` triples; a weight of 0 never counts.
    pub edges: Vec<(usize, usize, u32)>,
    /// The most the used edges may weigh together.
    pub limit: u32,
}

/// Work limits of the search (deterministic: no clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackingOptions {
    /// Most nodes (flow solves) before the search stops and reports its gap.
    pub max_nodes: u64,
}

impl Default for PackingOptions {
    fn default() -> Self {
        PackingOptions { max_nodes: 2_000 }
    }
}

/// The best plan found, its lower bound and whether it is proven optimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackingSolution {
    /// The plan (satisfies every constraint).
    pub solution: AssignmentSolution,
    /// No plan costs less than this.
    pub lower_bound: i64,
    /// True when the search closed: `solution.total_cost == lower_bound`.
    pub proven_optimal: bool,
    /// Flow solves used.
    pub nodes: u64,
}

impl PackingSolution {
    /// How far the plan may be from the optimum (0 when proven).
    pub fn gap(&self) -> i64 {
        self.solution.total_cost - self.lower_bound
    }
}

/// The first constraint broken by `row_to_col`, with the used edges that
/// break it: `(constraint index, used edges)`.
pub fn first_violation(
    row_to_col: &[Option<usize>],
    constraints: &[PackingConstraint],
) -> Option<(usize, Vec<(usize, usize)>)> {
    constraints.iter().enumerate().find_map(|(i, k)| {
        let used: Vec<(usize, usize, u32)> = k
            .edges
            .iter()
            .copied()
            .filter(|&(r, c, w)| w > 0 && row_to_col.get(r).copied().flatten() == Some(c))
            .collect();
        let weight: u64 = used.iter().map(|e| u64::from(e.2)).sum();
        (weight > u64::from(k.limit)).then(|| (i, used.iter().map(|e| (e.0, e.1)).collect()))
    })
}

/// Independent check: every constraint holds under `row_to_col`.
///
/// # Errors
/// [`Error::Internal`] naming the first broken constraint.
pub fn check_packing(
    row_to_col: &[Option<usize>],
    constraints: &[PackingConstraint],
) -> Result<()> {
    match first_violation(row_to_col, constraints) {
        None => Ok(()),
        Some(_) => Err(Error::Internal("a packing constraint is broken")),
    }
}

fn relaxed(
    p: &AssignmentProblem,
    coverage: Coverage,
    forbidden: &[(usize, usize)],
) -> Result<AssignmentSolution> {
    if forbidden.is_empty() {
        return assignment::solve(p, coverage);
    }
    let banned: BTreeSet<(usize, usize)> = forbidden.iter().copied().collect();
    let rows = (0..p.rows()).map(|r| {
        p.row(r)
            .filter(|&(c, _)| !banned.contains(&(r, c)))
            .collect::<Vec<_>>()
    });
    let q = AssignmentProblem::from_rows(p.capacities().to_vec(), rows)?;
    assignment::solve(&q, coverage)
}

/// Cost of a plan under `p` (unassigned rows cost nothing).
fn plan_cost(p: &AssignmentProblem, row_to_col: &[Option<usize>]) -> i64 {
    row_to_col
        .iter()
        .enumerate()
        .filter_map(|(r, c)| c.and_then(|c| p.cost_of(r, c)))
        .sum()
}

/// A feasible plan from a relaxed one: while a constraint is broken, drop
/// the used edge whose loss costs least (the one with the highest cost).
fn drop_to_feasible(
    p: &AssignmentProblem,
    mut row_to_col: Vec<Option<usize>>,
    constraints: &[PackingConstraint],
) -> Vec<Option<usize>> {
    while let Some((_, used)) = first_violation(&row_to_col, constraints) {
        let worst = used
            .iter()
            .copied()
            .max_by_key(|&(r, c)| (p.cost_of(r, c).unwrap_or(0), Reverse(r)));
        match worst {
            Some((r, _)) => row_to_col[r] = None,
            None => break,
        }
    }
    row_to_col
}

/// Puts rows left out (by the relaxation or by [`drop_to_feasible`]) back on
/// their cheapest edge of negative cost that breaks no capacity and no
/// constraint, row by row: a plan that stays feasible and costs no more.
fn refill(
    p: &AssignmentProblem,
    mut row_to_col: Vec<Option<usize>>,
    constraints: &[PackingConstraint],
    member: &Memberships,
) -> Vec<Option<usize>> {
    let mut load = vec![0u32; p.cols()];
    for c in row_to_col.iter().flatten() {
        load[*c] += 1;
    }
    let mut used: Vec<u64> = vec![0; constraints.len()];
    for (r, at) in row_to_col.iter().enumerate() {
        for e in p.row_edge_range(r) {
            if *at == Some(p.edge(e).0) {
                for &(k, w) in &member[e] {
                    used[k] += u64::from(w);
                }
            }
        }
    }
    for (r, at) in row_to_col.iter_mut().enumerate() {
        if at.is_some() {
            continue;
        }
        let mut order: Vec<usize> = p.row_edge_range(r).filter(|&e| p.edge(e).1 < 0).collect();
        order.sort_by_key(|&e| (p.edge(e).1, e));
        let fits = |e: usize, load: &[u32], used: &[u64]| {
            let c = p.edge(e).0;
            load[c] < p.capacities()[c]
                && member[e]
                    .iter()
                    .all(|&(k, w)| used[k] + u64::from(w) <= u64::from(constraints[k].limit))
        };
        if let Some(e) = order.into_iter().find(|&e| fits(e, &load, &used)) {
            let c = p.edge(e).0;
            *at = Some(c);
            load[c] += 1;
            for &(k, w) in &member[e] {
                used[k] += u64::from(w);
            }
        }
    }
    row_to_col
}

/// The children of a node that breaks constraint `k` with the `used` edges.
///
/// When every row weighs the same on all of its edges in `k` (true of
/// capacity, compatibility and hours constraints), a feasible plan keeps at
/// least one used row off *all* of its edges in `k`, so each child bars one
/// used row from the whole constraint: the relaxation cannot just move it to
/// a twin column of the same home. Otherwise (a budget), each child bars one
/// used edge.
fn branches(k: &PackingConstraint, used: &[(usize, usize)]) -> Vec<Vec<(usize, usize)>> {
    let mut weight_of: std::collections::BTreeMap<usize, BTreeSet<u32>> =
        std::collections::BTreeMap::new();
    for &(r, _, w) in &k.edges {
        weight_of.entry(r).or_default().insert(w);
    }
    let uniform = used
        .iter()
        .all(|(r, _)| weight_of.get(r).is_some_and(|w| w.len() == 1));
    if !uniform {
        return used.iter().map(|&e| vec![e]).collect();
    }
    used.iter()
        .map(|&(r, _)| {
            let mut ban: Vec<(usize, usize)> = k
                .edges
                .iter()
                .filter(|e| e.0 == r)
                .map(|e| (e.0, e.1))
                .collect();
            ban.sort_unstable();
            ban.dedup();
            ban
        })
        .collect()
}

/// Subgradient steps at the root and at every other node.
const ROOT_ITERATIONS: u32 = 100;
const NODE_ITERATIONS: u32 = 20;

/// Constraint memberships of every edge of the problem (by edge index):
/// `[(constraint, weight)]`.
type Memberships = Vec<Vec<(usize, u32)>>;

/// The flow with costs `c + Σ λ·w` over the allowed edges.
fn priced(
    p: &AssignmentProblem,
    forbidden: &[(usize, usize)],
    member: &Memberships,
    lambda: &[i64],
) -> Result<AssignmentSolution> {
    let banned: BTreeSet<(usize, usize)> = forbidden.iter().copied().collect();
    let rows = (0..p.rows()).map(|r| {
        let range = p.row_edge_range(r);
        range
            .filter_map(|e| {
                let (c, w) = p.edge(e);
                if !banned.is_empty() && banned.contains(&(r, c)) {
                    return None;
                }
                let extra: i64 = member[e]
                    .iter()
                    .map(|&(k, wt)| lambda[k].saturating_mul(i64::from(wt)))
                    .sum();
                Some((c, w.saturating_add(extra)))
            })
            .collect::<Vec<_>>()
    });
    let q = AssignmentProblem::from_rows(p.capacities().to_vec(), rows)?;
    assignment::solve(&q, Coverage::Optional)
}

/// Weight each constraint carries under a plan, minus its limit.
fn slack_use(row_to_col: &[Option<usize>], constraints: &[PackingConstraint]) -> Vec<i64> {
    constraints
        .iter()
        .map(|k| {
            let used: i64 = k
                .edges
                .iter()
                .filter(|&&(r, c, _)| row_to_col.get(r).copied().flatten() == Some(c))
                .map(|e| i64::from(e.2))
                .sum();
            used - i64::from(k.limit)
        })
        .collect()
}

/// What evaluating a node found.
struct Evaluated {
    /// A lower bound on every plan of the node.
    bound: i64,
    /// A relaxed plan that breaks a constraint, to branch on (none: the
    /// node is settled by its best feasible plan).
    violated: Option<Vec<Option<usize>>>,
    /// Multipliers to warm-start the children.
    lambda: Vec<i64>,
}

/// Lagrangian relaxation of the packing constraints at one node: a few
/// subgradient steps (each a flow solve), keeping the best bound, every
/// feasible plan met (and a repaired one from every infeasible plan) as
/// incumbents, and a plan that breaks a constraint to branch on.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    p: &AssignmentProblem,
    constraints: &[PackingConstraint],
    member: &Memberships,
    forbidden: &[(usize, usize)],
    mut lambda: Vec<i64>,
    iterations: u32,
    best: &mut (i64, Vec<Option<usize>>),
    solves: &mut u64,
    refilled: bool,
) -> Result<Evaluated> {
    let mut bound = i64::MIN;
    let mut violated = None;
    let mut step_scale = 1.0f64;
    for it in 0..iterations.max(1) {
        let sol = priced(p, forbidden, member, &lambda)?;
        *solves += 1;
        let g = slack_use(&sol.row_to_col, constraints);
        let penalty: i64 = lambda
            .iter()
            .zip(constraints)
            .map(|(l, k)| l.saturating_mul(i64::from(k.limit)))
            .sum();
        let value = sol.total_cost.saturating_sub(penalty);
        bound = bound.max(value);
        let true_cost = plan_cost(p, &sol.row_to_col);
        let feasible = g.iter().all(|&x| x <= 0);
        if feasible {
            if true_cost < best.0 {
                *best = (true_cost, sol.row_to_col.clone());
            }
            // Complementary slackness: the relaxed optimum is the node's.
            if lambda.iter().zip(&g).all(|(l, x)| *l == 0 || *x == 0) {
                bound = bound.max(true_cost);
                return Ok(Evaluated {
                    bound,
                    violated: None,
                    lambda,
                });
            }
        } else {
            let mut repaired = drop_to_feasible(p, sol.row_to_col.clone(), constraints);
            if refilled {
                repaired = refill(p, repaired, constraints, member);
            }
            let c = plan_cost(p, &repaired);
            if c < best.0 {
                *best = (c, repaired);
            }
            violated = Some(sol.row_to_col.clone());
        }
        if bound >= best.0 || it + 1 == iterations {
            break;
        }
        // Polyak step toward the incumbent, on the constraints that matter.
        let norm: f64 = g
            .iter()
            .zip(&lambda)
            .filter(|(x, l)| **x > 0 || **l > 0)
            .map(|(x, _)| (*x as f64) * (*x as f64))
            .sum();
        if norm == 0.0 {
            break;
        }
        let target = (best.0.saturating_sub(value)).max(1) as f64;
        let t = step_scale * target / norm;
        for ((l, x), k) in lambda.iter_mut().zip(&g).zip(constraints) {
            // Keep every priced edge cost inside the flow solver's range.
            let heaviest = k.edges.iter().map(|e| e.2).max().unwrap_or(1).max(1);
            let cap = ((1u64 << 40) / u64::from(heaviest)) as f64;
            let next = (*l as f64 + t * (*x as f64)).round();
            *l = next.clamp(0.0, cap) as i64;
        }
        step_scale *= 0.8;
    }
    if violated.is_none() && bound < best.0 {
        // Every plan met was feasible but the bound is not closed: branch on
        // the plain relaxation of the node.
        let sol = relaxed(p, Coverage::Optional, forbidden)?;
        *solves += 1;
        bound = bound.max(sol.total_cost);
        if first_violation(&sol.row_to_col, constraints).is_some() {
            violated = Some(sol.row_to_col);
        } else {
            let c = plan_cost(p, &sol.row_to_col);
            if c < best.0 {
                *best = (c, sol.row_to_col);
            }
            bound = bound.max(c);
        }
    }
    Ok(Evaluated {
        bound,
        violated,
        lambda,
    })
}

/// Solves the assignment `p` under packing constraints, exactly unless the
/// node limit is reached (then the gap is reported). Only optional coverage
/// is supported: dropping a row keeps a plan feasible.
///
/// Each node is bounded by Lagrangian relaxation of the constraints (a few
/// subgradient steps over the flow, warm-started from the parent), which
/// settles independent violations in different homes together instead of
/// multiplying them in the tree; children bar one used row (or edge) of a
/// violated constraint each.
///
/// # Errors
/// Errors of the flow solver.
pub fn solve_packing(
    p: &AssignmentProblem,
    constraints: &[PackingConstraint],
    opts: &PackingOptions,
) -> Result<PackingSolution> {
    search(p, constraints, opts, false)
}

/// [`solve_packing`] whose incumbents are also **refilled**: after the
/// cheapest-to-lose edges of a broken constraint are dropped, every row
/// left out goes back on its cheapest negative-cost edge that still fits
/// (capacity and every constraint). Meant for models where each row has a
/// fallback column outside every constraint (for example a "left out"
/// column in a covering question), where a plain drop loses coverage and
/// the search rarely meets a plan that covers every row. Same guarantees:
/// exact unless the node limit is reached, and then the gap is reported.
///
/// # Errors
/// Errors of the flow solver.
pub fn solve_packing_refilled(
    p: &AssignmentProblem,
    constraints: &[PackingConstraint],
    opts: &PackingOptions,
) -> Result<PackingSolution> {
    search(p, constraints, opts, true)
}

fn search(
    p: &AssignmentProblem,
    constraints: &[PackingConstraint],
    opts: &PackingOptions,
    refilled: bool,
) -> Result<PackingSolution> {
    let root = relaxed(p, Coverage::Optional, &[])?;
    let mut nodes = 1u64;
    if first_violation(&root.row_to_col, constraints).is_none() {
        let cost = root.total_cost;
        return Ok(PackingSolution {
            solution: root,
            lower_bound: cost,
            proven_optimal: true,
            nodes,
        });
    }
    let mut member: Memberships = vec![Vec::new(); p.edges()];
    let mut index: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    for r in 0..p.rows() {
        for e in p.row_edge_range(r) {
            index.insert((r, p.edge(e).0), e);
        }
    }
    for (k, c) in constraints.iter().enumerate() {
        for &(r, col, w) in &c.edges {
            if w > 0
                && let Some(&e) = index.get(&(r, col))
            {
                member[e].push((k, w));
            }
        }
    }
    let mut repaired = drop_to_feasible(p, root.row_to_col.clone(), constraints);
    if refilled {
        repaired = refill(p, repaired, constraints, &member);
    }
    let mut best = (plan_cost(p, &repaired), repaired);
    let first = evaluate(
        p,
        constraints,
        &member,
        &[],
        vec![0; constraints.len()],
        ROOT_ITERATIONS,
        &mut best,
        &mut nodes,
        refilled,
    )?;
    let mut seq = 0u64;
    let mut heap: BinaryHeap<(Reverse<i64>, Reverse<u64>)> = BinaryHeap::new();
    let mut store: Vec<(Vec<(usize, usize)>, Evaluated)> = Vec::new();
    let mut seen: HashSet<Vec<(usize, usize)>> = HashSet::new();
    let root_bound = first.bound.max(root.total_cost);
    store.push((Vec::new(), first));
    heap.push((Reverse(root_bound), Reverse(seq)));
    let mut open_bound = None;
    while let Some((Reverse(bound), Reverse(id))) = heap.pop() {
        if bound >= best.0 {
            break;
        }
        if nodes >= opts.max_nodes {
            open_bound = Some(bound);
            break;
        }
        let (forbidden, ev) = std::mem::replace(
            &mut store[id as usize],
            (
                Vec::new(),
                Evaluated {
                    bound,
                    violated: None,
                    lambda: Vec::new(),
                },
            ),
        );
        let Some(plan) = ev.violated else {
            continue;
        };
        let Some((ci, used)) = first_violation(&plan, constraints) else {
            continue;
        };
        for ban in branches(&constraints[ci], &used) {
            let mut child = forbidden.clone();
            for e in ban {
                if let Err(at) = child.binary_search(&e) {
                    child.insert(at, e);
                }
            }
            if !seen.insert(child.clone()) {
                continue;
            }
            let e = evaluate(
                p,
                constraints,
                &member,
                &child,
                ev.lambda.clone(),
                NODE_ITERATIONS,
                &mut best,
                &mut nodes,
                refilled,
            )?;
            let b = e.bound.max(bound);
            if b < best.0 && e.violated.is_some() {
                seq += 1;
                store.push((child, e));
                heap.push((Reverse(b), Reverse(seq)));
            }
        }
    }
    let lower_bound = match open_bound {
        Some(b) => b.min(best.0),
        None => best.0,
    };
    Ok(PackingSolution {
        solution: AssignmentSolution {
            row_to_col: best.1,
            total_cost: best.0,
        },
        lower_bound,
        proven_optimal: lower_bound == best.0,
        nodes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every assignment of rows to columns (or none) by enumeration.
    fn brute(p: &AssignmentProblem, cons: &[PackingConstraint]) -> i64 {
        fn go(
            p: &AssignmentProblem,
            cons: &[PackingConstraint],
            r: usize,
            cur: &mut Vec<Option<usize>>,
            best: &mut i64,
        ) {
            if r == p.rows() {
                let mut load = vec![0u32; p.cols()];
                for c in cur.iter().flatten() {
                    load[*c] += 1;
                }
                if load.iter().zip(p.capacities()).all(|(l, c)| l <= c)
                    && first_violation(cur, cons).is_none()
                {
                    *best = (*best).min(plan_cost(p, cur));
                }
                return;
            }
            cur.push(None);
            go(p, cons, r + 1, cur, best);
            cur.pop();
            let row: Vec<(usize, i64)> = p.row(r).collect();
            for (c, _) in row {
                cur.push(Some(c));
                go(p, cons, r + 1, cur, best);
                cur.pop();
            }
        }
        let mut best = 0;
        go(p, cons, 0, &mut Vec::new(), &mut best);
        best
    }

    #[test]
    fn non_overlapping_stays_share_one_place() {
        // One household column, three stays; stays 0 and 1 overlap on a date.
        let p = AssignmentProblem::from_rows(
            vec![3],
            vec![vec![(0, -10)], vec![(0, -8)], vec![(0, -5)]],
        )
        .unwrap();
        let cons = vec![PackingConstraint {
            edges: vec![(0, 0, 1), (1, 0, 1)],
            limit: 1,
        }];
        let s = solve_packing(&p, &cons, &PackingOptions::default()).unwrap();
        assert!(s.proven_optimal);
        assert_eq!(s.solution.total_cost, -15);
        assert_eq!(s.solution.row_to_col, vec![Some(0), None, Some(0)]);
        check_packing(&s.solution.row_to_col, &cons).unwrap();
    }

    #[test]
    fn agrees_with_brute_force_on_small_random_instances() {
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..200 {
            let rows = 1 + rng.below(5) as usize;
            let cols = 1 + rng.below(3) as usize;
            let caps: Vec<u32> = (0..cols).map(|_| 1 + rng.below(3) as u32).collect();
            let mut edges: Vec<Vec<(usize, i64)>> = Vec::new();
            for _ in 0..rows {
                let mut row = Vec::new();
                for c in 0..cols {
                    if rng.chance(0.7) {
                        row.push((c, -(rng.below(20) as i64)));
                    }
                }
                edges.push(row);
            }
            let p = AssignmentProblem::from_rows(caps, edges.clone()).unwrap();
            let ncons = rng.below(4) as usize;
            let mut cons = Vec::new();
            for _ in 0..ncons {
                let mut list = Vec::new();
                for (r, es) in edges.iter().enumerate() {
                    for &(c, _) in es {
                        if rng.chance(0.5) {
                            list.push((r, c, 1 + rng.below(3) as u32));
                        }
                    }
                }
                cons.push(PackingConstraint {
                    edges: list,
                    limit: rng.below(4) as u32,
                });
            }
            let want = brute(&p, &cons);
            for refilled in [false, true] {
                let s = search(&p, &cons, &PackingOptions::default(), refilled).unwrap();
                assert!(s.proven_optimal);
                check_packing(&s.solution.row_to_col, &cons).unwrap();
                assert_eq!(s.solution.total_cost, plan_cost(&p, &s.solution.row_to_col));
                assert_eq!(s.solution.total_cost, want);
            }
        }
    }
}
