//! Lexicographic max-min of group placement rates over an assignment with
//! packing rules, solved exactly by the generic branch and bound of
//! [`crate::algo::packing`] (nothing here knows what a group is: the fair
//! plan uses districts).
//!
//! **The question.** "Can every group `g` place at least `req_g` of its
//! people (kept people count) while every packing rule holds?" becomes one
//! assignment: each group gets an extra *left unplaced* column of capacity
//! `free_g − (req_g − kept_g)`; every row has an edge to its group's column
//! and its real edges, all at cost −1. The rule edges are the real ones only.
//! A plan covers every row iff each group places its requirement, so the
//! answer is **yes** when the branch and bound finds a plan of cost
//! `−rows` (a witness, re-checked), **no** when its proven lower bound is
//! above that, and **unknown** when its node limit stops it first (counted,
//! and the result is then not claimed exact).
//!
//! **The lexicographic max-min** (leximin: the worst rate as high as
//! possible, then the second worst, and so on) is found level by level:
//! 1. `t` = the highest rate every open group can reach together, given the
//!    levels already fixed (binary search over the fractions `k/n_g`);
//! 2. an open group that cannot go above `t` while the others keep `t` is
//!    at `t` in every leximin plan: it is fixed there;
//! 3. when every open group could go above `t` alone but not all together,
//!    the fewest groups that must stay at `t` are found by trying sets of
//!    1, 2, … groups; each set that works is a branch, and the branches'
//!    leximin vectors (then the objective) are compared at the end.
//!
//! With every level fixed, the objective is optimised among plans that reach
//! them: real edges cost `c − M`, the left-unplaced columns `−M`, with `M`
//! above any sum of edge costs, so covering every row comes first.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::algo::assignment::AssignmentProblem;
use crate::algo::packing::{PackingConstraint, PackingOptions, check_packing, solve_packing};
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
    /// Exact comparison of the two fractions.
    pub fn cmp_value(self, other: Rate) -> Ordering {
        (self.placed * other.referred.max(1)).cmp(&(other.placed * self.referred.max(1)))
    }
}

/// Compares two rate vectors sorted ascending, lexicographically.
pub(crate) fn cmp_sorted(a: &[Rate], b: &[Rate]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match x.cmp_value(*y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    a.len().cmp(&b.len())
}

/// Rates of a plan, one per group, sorted ascending.
pub(crate) fn sorted_rates(placed: &[usize], referred: &[usize]) -> Vec<Rate> {
    let mut v: Vec<Rate> = placed
        .iter()
        .zip(referred)
        .map(|(&p, &n)| Rate {
            placed: p,
            referred: n,
        })
        .collect();
    v.sort_by(|a, b| a.cmp_value(*b));
    v
}

/// The assignment, its rules and the groups.
pub(crate) struct Groups<'a> {
    /// Real edges `(column, cost)` of every row.
    pub rows: Vec<Vec<(usize, i64)>>,
    /// Capacity of every real column.
    pub capacity: Vec<u32>,
    /// Packing rules over `(row, real column)` edges.
    pub constraints: &'a [PackingConstraint],
    /// Group of every row.
    pub group: Vec<usize>,
    /// People of every group (rows and kept people).
    pub referred: Vec<usize>,
    /// People of every group already placed outside the assignment.
    pub kept: Vec<usize>,
    /// Branch-and-bound limits of every solve.
    pub opts: PackingOptions,
}

/// Work done and what could not be settled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    /// Feasibility questions asked.
    pub questions: usize,
    /// Questions the node limit left open (taken as "no").
    pub undecided: usize,
    /// Tied branches not explored (branch limit).
    pub branches_dropped: usize,
    /// Flow solves over all branch-and-bound runs.
    pub solves: u64,
}

/// Cost of covering a row in a feasibility question: large, so that the
/// integer multipliers of the Lagrangian bound can price rules finely.
const UNIT: i64 = 1_000;

/// Most tied branches the leximin search explores.
const MAX_LEAVES: usize = 8;

/// The answer to one feasibility question.
enum Answer {
    /// A plan that reaches every requirement (row → real column).
    Yes(Vec<Option<usize>>),
    /// Proven impossible, or not settled (see [`Stats::undecided`]).
    No,
}

/// A complete set of requirements and a plan reaching them.
pub(crate) struct Leaf {
    /// People each group must place (kept people included).
    pub req: Vec<usize>,
    /// A plan that reaches them.
    pub witness: Vec<Option<usize>>,
}

/// The best plan reaching a leaf's requirements.
pub(crate) struct Best {
    /// Row → real column.
    pub plan: Vec<Option<usize>>,
    /// Proven best among plans that reach the requirements.
    pub proven: bool,
    /// How far it may be from that best, in edge-cost units.
    pub gap: i64,
}

impl Groups<'_> {
    fn free(&self) -> Vec<usize> {
        let mut free = vec![0; self.referred.len()];
        for &g in &self.group {
            free[g] += 1;
        }
        free
    }

    /// The assignment for requirements `req`, with real edges at `c − m`
    /// (or −1 when `m` is `None`) and left-unplaced edges at `−m` (or −1).
    fn problem(&self, req: &[usize], m: Option<i64>) -> Result<Option<AssignmentProblem>> {
        let free = self.free();
        let mut capacity = self.capacity.clone();
        let real = capacity.len();
        for g in 0..self.referred.len() {
            let must = req[g].saturating_sub(self.kept[g]);
            if must > free[g] {
                return Ok(None);
            }
            capacity.push(u32::try_from(free[g] - must).unwrap_or(u32::MAX));
        }
        let open: Vec<bool> = capacity[real..].iter().map(|&c| c > 0).collect();
        let rows = self.rows.iter().zip(&self.group).map(|(es, &g)| {
            let mut row: Vec<(usize, i64)> = es
                .iter()
                .map(|&(c, cost)| (c, m.map_or(-UNIT, |m| cost.saturating_sub(m))))
                .collect();
            if open[g] {
                row.push((real + g, m.map_or(-UNIT, |m| -m)));
            }
            row
        });
        Ok(Some(AssignmentProblem::from_rows(capacity, rows)?))
    }

    /// Only the real columns of a plan.
    fn real_plan(&self, plan: &[Option<usize>]) -> Vec<Option<usize>> {
        let real = self.capacity.len();
        plan.iter().map(|c| c.filter(|&c| c < real)).collect()
    }

    /// People each group places under a plan (kept included).
    pub fn placed(&self, plan: &[Option<usize>]) -> Vec<usize> {
        let mut placed = self.kept.clone();
        for (r, c) in plan.iter().enumerate() {
            if c.is_some() {
                placed[self.group[r]] += 1;
            }
        }
        placed
    }

    /// Re-checks a plan from scratch: capacities, rules and requirements.
    fn verify(&self, plan: &[Option<usize>], req: &[usize]) -> Result<()> {
        let mut load = vec![0u32; self.capacity.len()];
        for (r, c) in plan.iter().enumerate() {
            if let Some(c) = c {
                if !self.rows[r].iter().any(|e| e.0 == *c) {
                    return Err(Error::Internal(
                        "fair plan uses an edge that does not exist",
                    ));
                }
                load[*c] += 1;
            }
        }
        if load.iter().zip(&self.capacity).any(|(l, c)| l > c) {
            return Err(Error::Internal("fair plan overfills a place"));
        }
        check_packing(plan, self.constraints)?;
        if self.placed(plan).iter().zip(req).any(|(p, r)| p < r) {
            return Err(Error::Internal("fair plan misses a requirement"));
        }
        Ok(())
    }

    fn ask(&self, req: &[usize], stats: &mut Stats) -> Result<Answer> {
        stats.questions += 1;
        let Some(p) = self.problem(req, None)? else {
            return Ok(Answer::No);
        };
        let s = solve_packing(&p, self.constraints, &self.opts)?;
        stats.solves += s.nodes;
        let target = -UNIT * self.rows.len() as i64;
        if s.solution.total_cost == target {
            let plan = self.real_plan(&s.solution.row_to_col);
            self.verify(&plan, req)?;
            return Ok(Answer::Yes(plan));
        }
        if s.lower_bound <= target {
            stats.undecided += 1;
        }
        Ok(Answer::No)
    }

    /// Requirement of group `g` for rate `t`: `⌈t·n_g⌉`.
    fn at(&self, g: usize, t: Rate) -> usize {
        (t.placed * self.referred[g]).div_ceil(t.referred.max(1))
    }

    /// Smallest count of group `g` strictly above rate `t`.
    fn above(&self, g: usize, t: Rate) -> usize {
        t.placed * self.referred[g] / t.referred.max(1) + 1
    }

    fn requirement(&self, fixed: &[Option<usize>], open_at: &dyn Fn(usize) -> usize) -> Vec<usize> {
        (0..self.referred.len())
            .map(|g| fixed[g].unwrap_or_else(|| open_at(g)))
            .collect()
    }

    /// Every leximin leaf (ties between sets of groups stuck at a level are
    /// branches; at most [`MAX_LEAVES`]).
    pub fn leximin(&self, stats: &mut Stats) -> Result<Vec<Leaf>> {
        let groups = self.referred.len();
        let start: Vec<usize> = self.kept.clone();
        let witness = match self.ask(&start, stats)? {
            Answer::Yes(w) => w,
            Answer::No => vec![None; self.rows.len()],
        };
        let mut leaves = Vec::new();
        let zero = Rate {
            placed: 0,
            referred: 1,
        };
        self.descend(vec![None; groups], zero, witness, stats, &mut leaves)?;
        Ok(leaves)
    }

    fn descend(
        &self,
        mut fixed: Vec<Option<usize>>,
        mut t_lo: Rate,
        mut witness: Vec<Option<usize>>,
        stats: &mut Stats,
        leaves: &mut Vec<Leaf>,
    ) -> Result<()> {
        loop {
            let open: Vec<usize> = (0..fixed.len()).filter(|&g| fixed[g].is_none()).collect();
            if open.is_empty() {
                leaves.push(Leaf {
                    req: fixed.iter().map(|f| f.unwrap_or(0)).collect(),
                    witness,
                });
                return Ok(());
            }
            // 1. The highest common rate of the open groups.
            let mut cands: Vec<Rate> = open
                .iter()
                .flat_map(|&g| {
                    let n = self.referred[g];
                    (0..=n).map(move |k| Rate {
                        placed: k,
                        referred: n.max(1),
                    })
                })
                .filter(|r| r.cmp_value(t_lo) == Ordering::Greater)
                .collect();
            cands.sort_by(|a, b| a.cmp_value(*b));
            cands.dedup_by(|a, b| a.cmp_value(*b) == Ordering::Equal);
            // Largest feasible index in [-1, len): -1 is t_lo itself.
            let (mut lo, mut hi) = (0usize, cands.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                let t = cands[mid];
                let req = self.requirement(&fixed, &|g| self.at(g, t));
                match self.ask(&req, stats)? {
                    Answer::Yes(w) => {
                        witness = w;
                        t_lo = t;
                        lo = mid + 1;
                    }
                    Answer::No => hi = mid,
                }
            }
            let t = t_lo;
            // 2. Groups that cannot go above t while the others keep it.
            let mut stuck = Vec::new();
            for &g in &open {
                let up = self.above(g, t);
                if up > self.referred[g] {
                    stuck.push(g);
                    continue;
                }
                let req = self.requirement(&fixed, &|h| if h == g { up } else { self.at(h, t) });
                if matches!(self.ask(&req, stats)?, Answer::No) {
                    stuck.push(g);
                }
            }
            if !stuck.is_empty() {
                for g in stuck {
                    fixed[g] = Some(self.at(g, t));
                }
                continue;
            }
            // 3. The fewest groups that must stay at t, as branches.
            for m in 1..open.len() {
                let mut found = Vec::new();
                for set in subsets(&open, m) {
                    let req = self.requirement(&fixed, &|h| {
                        if set.contains(&h) {
                            self.at(h, t)
                        } else {
                            self.above(h, t)
                        }
                    });
                    if let Answer::Yes(w) = self.ask(&req, stats)? {
                        found.push((set, w));
                    }
                }
                if found.is_empty() {
                    continue;
                }
                for (set, w) in found {
                    if leaves.len() >= MAX_LEAVES {
                        stats.branches_dropped += 1;
                        continue;
                    }
                    let mut f = fixed.clone();
                    for &g in &set {
                        f[g] = Some(self.at(g, t));
                    }
                    self.descend(f, t, w, stats, leaves)?;
                }
                return Ok(());
            }
            // Not reached when every answer is settled (all open groups at
            // t always works); with unsettled answers, fix them all at t.
            for g in open {
                fixed[g] = Some(self.at(g, t));
            }
        }
    }

    /// The best plan (least edge cost) reaching a leaf's requirements.
    pub fn best(&self, leaf: &Leaf, stats: &mut Stats) -> Result<Best> {
        let big = 1 + self
            .rows
            .iter()
            .map(|es| es.iter().map(|e| e.1.abs()).max().unwrap_or(0))
            .fold(0i64, i64::saturating_add);
        let Some(p) = self.problem(&leaf.req, Some(big))? else {
            return Err(Error::Internal("fair plan lost a reachable requirement"));
        };
        let s = solve_packing(&p, self.constraints, &self.opts)?;
        stats.solves += s.nodes;
        let weighted = |plan: &[Option<usize>]| -> i64 {
            plan.iter()
                .enumerate()
                .map(|(r, c)| match c {
                    Some(c) => p.cost_of(r, *c).unwrap_or(0),
                    None => 0,
                })
                .sum()
        };
        // The witness as a full plan of `p` (its unplaced rows on their
        // group's left-unplaced column).
        let real = self.capacity.len();
        let full_witness: Vec<Option<usize>> = leaf
            .witness
            .iter()
            .enumerate()
            .map(|(r, c)| c.or(Some(real + self.group[r])))
            .collect();
        let (plan, cost) = if weighted(&full_witness) < s.solution.total_cost {
            (full_witness.clone(), weighted(&full_witness))
        } else {
            (s.solution.row_to_col.clone(), s.solution.total_cost)
        };
        let plan = self.real_plan(&plan);
        self.verify(&plan, &leaf.req)?;
        let gap = (cost - s.lower_bound).max(0);
        Ok(Best {
            plan,
            proven: gap == 0,
            gap,
        })
    }
}

/// Every subset of `items` of size `m`, in lexicographic order.
fn subsets(items: &[usize], m: usize) -> Vec<Vec<usize>> {
    fn go(items: &[usize], m: usize, from: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == m {
            out.push(cur.clone());
            return;
        }
        for i in from..items.len() {
            cur.push(items[i]);
            go(items, m, i + 1, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(items, m, 0, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_are_all_there() {
        assert_eq!(
            subsets(&[1, 2, 3], 2),
            vec![vec![1, 2], vec![1, 3], vec![2, 3]]
        );
        assert_eq!(subsets(&[1, 2, 3], 0), vec![Vec::<usize>::new()]);
    }

    #[test]
    fn ties_between_groups_are_explored() {
        // Two groups of one person each share one place: one of them must
        // stay at 0; either way the sorted rates are (0, 1).
        let g = Groups {
            rows: vec![vec![(0, -5)], vec![(0, -9)]],
            capacity: vec![1],
            constraints: &[],
            group: vec![0, 1],
            referred: vec![1, 1],
            kept: vec![0, 0],
            opts: PackingOptions::default(),
        };
        let mut stats = Stats::default();
        let leaves = g.leximin(&mut stats).unwrap();
        assert_eq!(leaves.len(), 2);
        let best: Vec<i64> = leaves
            .iter()
            .map(|l| {
                let b = g.best(l, &mut stats).unwrap();
                assert!(b.proven);
                b.plan
                    .iter()
                    .enumerate()
                    .filter_map(|(r, c)| c.map(|c| g.rows[r].iter().find(|e| e.0 == c).unwrap().1))
                    .sum()
            })
            .collect();
        assert_eq!(best.iter().min(), Some(&-9));
    }
}
