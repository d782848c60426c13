//! Incumbents from a smaller problem: relaxation induced neighbourhood
//! search (RINS; Danna, Rothberg and Le Pape, "Exploring relaxation induced
//! neighborhoods to improve MIP solutions", Math. Programming 102, 2005).
//!
//! Rows on which the incumbent and a relaxed plan agree keep what the
//! incumbent gives them (a place, or none). The rows where they differ, with
//! the places and the slack of every constraint that the kept rows leave,
//! form a much smaller problem of the same kind, solved by the same branch
//! and bound on a small budget with the incumbent's choices as a start: its
//! plan, put back together with the kept rows, is feasible and never worse
//! than the incumbent.

use super::repair::{Memberships, edge_index};
use super::{PackingConstraint, PackingOptions, search};
use crate::Result;
use crate::algo::assignment::AssignmentProblem;

/// A plan at least as good as `incumbent` (feasible), from the
/// sub-problem over the rows where `relaxed` and `incumbent` differ; `None`
/// when they agree everywhere.
pub(super) fn rins(
    p: &AssignmentProblem,
    constraints: &[PackingConstraint],
    member: &Memberships,
    relaxed: &[Option<usize>],
    incumbent: &[Option<usize>],
    max_nodes: u64,
) -> Result<Option<Vec<Option<usize>>>> {
    let free: Vec<usize> = (0..p.rows())
        .filter(|&r| relaxed[r] != incumbent[r])
        .collect();
    if free.is_empty() {
        return Ok(None);
    }
    // Places and slack the kept rows use.
    let mut caps = p.capacities().to_vec();
    let mut limit: Vec<i64> = constraints.iter().map(|k| i64::from(k.limit)).collect();
    let mut sub_row = vec![usize::MAX; p.rows()];
    for (i, &r) in free.iter().enumerate() {
        sub_row[r] = i;
    }
    for (r, c) in incumbent.iter().enumerate() {
        let Some(c) = *c else { continue };
        if sub_row[r] != usize::MAX {
            continue;
        }
        caps[c] = caps[c].saturating_sub(1);
        if let Some(e) = edge_index(p, r, c) {
            for &(k, w) in &member[e] {
                limit[k] -= i64::from(w);
            }
        }
    }
    // Edges the kept rows already rule out (a constraint with no slack
    // left), and constraints the free rows cannot break whatever they do.
    let mut barred: Vec<(usize, usize)> = Vec::new();
    let mut cons = Vec::new();
    for (k, con) in constraints.iter().enumerate() {
        let edges: Vec<(usize, usize, u32)> = con
            .edges
            .iter()
            .filter(|e| e.0 < p.rows() && sub_row[e.0] != usize::MAX && e.2 > 0)
            .map(|&(r, c, w)| (sub_row[r], c, w))
            .collect();
        if edges.is_empty() {
            continue;
        }
        // The incumbent keeps every limit, so the kept rows leave slack ≥ 0.
        let left = limit[k].max(0);
        let mut heaviest: std::collections::BTreeMap<usize, u32> =
            std::collections::BTreeMap::new();
        for &(r, _, w) in &edges {
            let h = heaviest.entry(r).or_default();
            *h = (*h).max(w);
        }
        if heaviest.values().map(|&w| i64::from(w)).sum::<i64>() <= left {
            continue;
        }
        for &(r, c, w) in &edges {
            if i64::from(w) > left {
                barred.push((r, c));
            }
        }
        let left = u32::try_from(left).unwrap_or(u32::MAX);
        cons.push(PackingConstraint { edges, limit: left });
    }
    barred.sort_unstable();
    let sub = AssignmentProblem::from_rows(
        caps,
        free.iter().enumerate().map(|(i, &r)| {
            p.row_edge_range(r)
                .map(|e| p.edge(e))
                .filter(|&(c, _)| barred.binary_search(&(i, c)).is_err())
                .collect::<Vec<_>>()
        }),
    )?;
    let start: Vec<Option<usize>> = free.iter().map(|&r| incumbent[r]).collect();
    let s = search(
        &sub,
        &cons,
        &PackingOptions {
            max_nodes,
            lp_bound: false,
        },
        Some(start),
        false,
    )?;
    let mut plan = incumbent.to_vec();
    for (i, &r) in free.iter().enumerate() {
        plan[r] = s.solution.row_to_col[i];
    }
    Ok(Some(plan))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::assignment::{self, Coverage};
    use crate::algo::packing::lagrange::plan_cost;
    use crate::algo::packing::repair::{Repair, memberships};
    use crate::algo::packing::{crowded_instance, feasible_plan, first_violation};

    #[test]
    fn best_plan_of_the_neighbourhood_and_never_worse() {
        // Crowded homes with dense pair rules: the plain flow breaks rules,
        // the repair gives the incumbent, and the sub-problem must find the
        // best plan that keeps the rows where the two agree (brute force).
        let mut rng = crate::rng::Rng::new(5);
        let mut improved = 0;
        for _ in 0..80 {
            let (p, cons) = crowded_instance(&mut rng);
            let rows = p.rows();
            let relaxed = assignment::solve(&p, Coverage::Optional)
                .unwrap()
                .row_to_col;
            if first_violation(&relaxed, &cons).is_none() {
                continue;
            }
            let member = memberships(&p, &cons);
            let repaired = Repair {
                p: &p,
                constraints: &cons,
                member: &member,
            }
            .run(relaxed.clone());
            // From the repair, and from the empty plan (a poor incumbent).
            for incumbent in [repaired, vec![None; rows]] {
                let before = plan_cost(&p, &incumbent);
                let Some(plan) = rins(&p, &cons, &member, &relaxed, &incumbent, 200).unwrap()
                else {
                    assert_eq!(relaxed, incumbent);
                    continue;
                };
                assert!(feasible_plan(&p, &cons, &plan));
                let after = plan_cost(&p, &plan);
                assert!(after <= before, "{after} > {before}");
                // Rows where the two agreed keep the incumbent's choice.
                let free: Vec<usize> = (0..rows).filter(|&r| relaxed[r] != incumbent[r]).collect();
                for r in (0..rows).filter(|r| !free.contains(r)) {
                    assert_eq!(plan[r], incumbent[r]);
                }
                assert_eq!(after, neighbourhood_optimum(&p, &cons, &incumbent, &free));
                improved += usize::from(after < before);
            }
        }
        assert!(improved > 0, "the sub-problem never improved a repair");
    }

    /// The cheapest feasible plan that keeps `plan` outside the `free` rows.
    fn neighbourhood_optimum(
        p: &AssignmentProblem,
        cons: &[PackingConstraint],
        plan: &[Option<usize>],
        free: &[usize],
    ) -> i64 {
        fn go(
            p: &AssignmentProblem,
            cons: &[PackingConstraint],
            free: &[usize],
            cur: &mut Vec<Option<usize>>,
            best: &mut i64,
        ) {
            let Some((&r, rest)) = free.split_first() else {
                if feasible_plan(p, cons, cur) {
                    *best = (*best).min(plan_cost(p, cur));
                }
                return;
            };
            let choices: Vec<Option<usize>> = std::iter::once(None)
                .chain(p.row(r).map(|(c, _)| Some(c)))
                .collect();
            for c in choices {
                cur[r] = c;
                go(p, cons, rest, cur, best);
            }
        }
        let mut best = i64::MAX;
        go(p, cons, free, &mut plan.to_vec(), &mut best);
        best
    }
}
