//! Incumbents: a feasible plan from a relaxed one.
//!
//! A relaxed plan keeps column capacities but may break packing
//! constraints. [`Repair::run`] drops, constraint by constraint, the used
//! edge whose loss costs least until every constraint holds, then fills the
//! places and slack left over greedily (cheapest edge first) with rows that
//! are still unassigned. Loads are kept per constraint and updated through
//! each edge's memberships, so a repair costs a few passes over the
//! constraints rather than one pass per dropped edge.

use std::cmp::Reverse;

use super::PackingConstraint;
use crate::algo::assignment::{self, AssignmentProblem, Coverage};

/// Constraint memberships of every edge of the problem (by edge index):
/// `[(constraint, weight)]`, weights of 0 left out.
pub(super) type Memberships = Vec<Vec<(usize, u32)>>;

/// Edge index of `(row, column)` in `p`, if the edge exists.
pub(super) fn edge_index(p: &AssignmentProblem, r: usize, c: usize) -> Option<usize> {
    p.row_edge_range(r).find(|&e| p.edge(e).0 == c)
}

/// The memberships of every edge of `p` in `constraints`.
pub(super) fn memberships(p: &AssignmentProblem, constraints: &[PackingConstraint]) -> Memberships {
    let mut member: Memberships = vec![Vec::new(); p.edges()];
    for (k, c) in constraints.iter().enumerate() {
        for &(r, col, w) in &c.edges {
            if w > 0
                && r < p.rows()
                && let Some(e) = edge_index(p, r, col)
            {
                member[e].push((k, w));
            }
        }
    }
    member
}

/// Turns relaxed plans into feasible ones.
pub(super) struct Repair<'a> {
    pub p: &'a AssignmentProblem,
    pub constraints: &'a [PackingConstraint],
    pub member: &'a Memberships,
}

impl Repair<'_> {
    /// A feasible plan from `plan` (which must respect column capacities):
    /// drop the cheapest-to-lose violators, refill the rows left out with a
    /// flow over the places and slack that remain (a few rounds, dropping
    /// again where the newcomers clash), then fill greedily.
    pub fn run(&self, plan: Vec<Option<usize>>) -> Vec<Option<usize>> {
        let mut st = State::new(self, plan);
        st.drop_violators(self);
        for _ in 0..REFILL_ROUNDS {
            if !st.refill(self) {
                break;
            }
            st.drop_violators(self);
        }
        st.greedy_fill(self);
        st.plan
    }
}

/// Refill rounds of a repair.
const REFILL_ROUNDS: usize = 4;

/// A plan with its loads per constraint and per column.
struct State {
    plan: Vec<Option<usize>>,
    edge_of: Vec<Option<usize>>,
    load: Vec<u64>,
    col_load: Vec<u32>,
}

impl State {
    fn new(r: &Repair<'_>, mut plan: Vec<Option<usize>>) -> Self {
        let p = r.p;
        let edge_of: Vec<Option<usize>> = plan
            .iter()
            .enumerate()
            .map(|(row, c)| c.and_then(|c| edge_index(p, row, c)))
            .collect();
        let mut st = State {
            plan: Vec::new(),
            edge_of: vec![None; edge_of.len()],
            load: vec![0; r.constraints.len()],
            col_load: vec![0; p.cols()],
        };
        for (row, e) in edge_of.into_iter().enumerate() {
            plan[row] = None;
            if let Some(e) = e {
                st.add(r, row, e, &mut plan);
            }
        }
        st.plan = plan;
        st
    }

    fn add(&mut self, r: &Repair<'_>, row: usize, e: usize, plan: &mut [Option<usize>]) {
        for &(k, w) in &r.member[e] {
            self.load[k] += u64::from(w);
        }
        self.col_load[r.p.edge(e).0] += 1;
        plan[row] = Some(r.p.edge(e).0);
        self.edge_of[row] = Some(e);
    }

    fn remove(&mut self, r: &Repair<'_>, row: usize) {
        if let Some(e) = self.edge_of[row].take() {
            for &(k, w) in &r.member[e] {
                self.load[k] -= u64::from(w);
            }
            self.col_load[r.p.edge(e).0] -= 1;
        }
        self.plan[row] = None;
    }

    /// Whether edge `e` fits the plan: a free place and slack everywhere.
    fn fits(&self, r: &Repair<'_>, e: usize) -> bool {
        let c = r.p.edge(e).0;
        self.col_load[c] < r.p.capacities()[c]
            && r.member[e]
                .iter()
                .all(|&(k, w)| self.load[k] + u64::from(w) <= u64::from(r.constraints[k].limit))
    }

    /// Constraint by constraint, drop the used edge of highest cost.
    fn drop_violators(&mut self, r: &Repair<'_>) {
        let p = r.p;
        for (k, con) in r.constraints.iter().enumerate() {
            while self.load[k] > u64::from(con.limit) {
                let plan = &self.plan;
                let worst = con
                    .edges
                    .iter()
                    .filter(|&&(row, c, w)| w > 0 && plan.get(row).copied().flatten() == Some(c))
                    .map(|&(row, c, _)| (row, c))
                    .max_by_key(|&(row, c)| (p.cost_of(row, c).unwrap_or(0), Reverse(row)));
                let Some((row, _)) = worst else { break };
                self.remove(r, row);
            }
        }
    }

    /// Assigns rows left out by a flow over the edges that fit the plan as
    /// it stands (newcomers may clash with each other: the caller drops
    /// again). Returns whether any row was added.
    fn refill(&mut self, r: &Repair<'_>) -> bool {
        let p = r.p;
        let caps: Vec<u32> = (0..p.cols())
            .map(|c| p.capacities()[c] - self.col_load[c])
            .collect();
        let mut edge_ids: Vec<Vec<usize>> = Vec::with_capacity(p.rows());
        let rows = (0..p.rows()).map(|row| {
            let ids: Vec<usize> = if self.plan[row].is_some() {
                Vec::new()
            } else {
                p.row_edge_range(row)
                    .filter(|&e| p.edge(e).1 < 0 && self.fits(r, e))
                    .collect()
            };
            let edges: Vec<(usize, i64)> = ids.iter().map(|&e| p.edge(e)).collect();
            edge_ids.push(ids);
            edges
        });
        let Ok(q) = AssignmentProblem::from_rows(caps, rows.collect::<Vec<_>>()) else {
            return false;
        };
        let Ok(sol) = assignment::solve(&q, Coverage::Optional) else {
            return false;
        };
        let mut added = false;
        let mut plan = std::mem::take(&mut self.plan);
        for (row, c) in sol.row_to_col.iter().enumerate() {
            let Some(c) = *c else { continue };
            if let Some(&e) = edge_ids[row].iter().find(|&&e| p.edge(e).0 == c) {
                self.add(r, row, e, &mut plan);
                added = true;
            }
        }
        self.plan = plan;
        added
    }

    /// Cheapest improving edge first, where it breaks nothing.
    fn greedy_fill(&mut self, r: &Repair<'_>) {
        let p = r.p;
        let mut candidates: Vec<(i64, usize, usize)> = (0..p.rows())
            .filter(|&row| self.plan[row].is_none())
            .flat_map(|row| {
                p.row_edge_range(row)
                    .filter(|&e| p.edge(e).1 < 0)
                    .map(move |e| (p.edge(e).1, row, e))
            })
            .collect();
        candidates.sort_unstable();
        let mut plan = std::mem::take(&mut self.plan);
        for (_, row, e) in candidates {
            if plan[row].is_none() && self.fits(r, e) {
                self.add(r, row, e, &mut plan);
            }
        }
        self.plan = plan;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::packing::first_violation;

    #[test]
    fn repair_drops_the_cheapest_loss_and_refills_a_free_place() {
        // Rows 0 and 1 may not share column 0; row 2 would like column 0
        // too but the relaxed plan left it out; column 1 is free.
        let p = AssignmentProblem::from_rows(
            vec![2, 1],
            vec![vec![(0, -10)], vec![(0, -4), (1, -3)], vec![(0, -5)]],
        )
        .unwrap();
        let cons = vec![PackingConstraint {
            edges: vec![(0, 0, 1), (1, 0, 1)],
            limit: 1,
        }];
        let member = memberships(&p, &cons);
        let r = Repair {
            p: &p,
            constraints: &cons,
            member: &member,
        };
        let plan = r.run(vec![Some(0), Some(0), None]);
        assert!(first_violation(&plan, &cons).is_none());
        // Row 1 (cost −4, the cheaper loss) leaves column 0; the fill puts
        // row 2 there (−5) and row 1 on column 1 (−3).
        assert_eq!(plan, vec![Some(0), Some(1), Some(0)]);
    }
}
