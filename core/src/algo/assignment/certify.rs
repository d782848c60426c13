//! Independent checks of an assignment: [`check`] (edges, capacities,
//! coverage, total) and [`certify`] (the dual prices prove it optimal).

use super::{AssignmentDuals, AssignmentProblem, AssignmentSolution, Coverage};
use crate::Result;

/// Checks a solution against the problem: edges exist, capacities hold,
/// coverage holds and the reported total is right. Returns a description of
/// the first violation.
pub fn check(
    p: &AssignmentProblem,
    s: &AssignmentSolution,
    coverage: Coverage,
) -> Result<(), String> {
    if s.row_to_col.len() != p.rows() {
        return Err(format!(
            "{} rows in solution, {} in problem",
            s.row_to_col.len(),
            p.rows()
        ));
    }
    let mut load = vec![0u32; p.cols()];
    let mut total = 0i64;
    for (r, c) in s.row_to_col.iter().enumerate() {
        match c {
            Some(c) => {
                let w = p
                    .cost_of(r, *c)
                    .ok_or_else(|| format!("row {r} uses missing edge to {c}"))?;
                total += w;
                load[*c] += 1;
            }
            None if coverage == Coverage::Perfect => return Err(format!("row {r} unassigned")),
            None => {}
        }
    }
    if let Some(c) = (0..p.cols()).find(|&c| load[c] > p.capacity[c]) {
        return Err(format!(
            "column {c} over capacity: {} > {}",
            load[c], p.capacity[c]
        ));
    }
    if total != s.total_cost {
        return Err(format!(
            "reported cost {} but edges sum to {total}",
            s.total_cost
        ));
    }
    Ok(())
}

/// Checks that `duals` prove `s` optimal: dual feasibility (every reduced
/// cost ≥ 0, column prices ≥ 0, row potentials ≤ 0 for optional rows) and
/// complementary slackness (used edges tight, priced columns full, unassigned
/// optional rows at potential 0). Together with [`check`] this proves by
/// linear-programming duality that no assignment has a lower total cost.
/// Returns a description of the first violation.
///
/// # Complexity
/// O(rows + cols + edges).
pub fn certify(
    p: &AssignmentProblem,
    s: &AssignmentSolution,
    coverage: Coverage,
    duals: &AssignmentDuals,
) -> Result<(), String> {
    let (n, m) = (p.rows(), p.cols());
    if s.row_to_col.len() != n || duals.row_potential.len() != n || duals.col_price.len() != m {
        return Err("solution or duals have the wrong length".into());
    }
    let mut load = vec![0u64; m];
    for (r, c) in s.row_to_col.iter().enumerate() {
        let u = duals.row_potential[r];
        match c {
            Some(c) => {
                let w = p
                    .cost_of(r, *c)
                    .ok_or_else(|| format!("row {r} uses missing edge to {c}"))?;
                *load.get_mut(*c).ok_or("column out of range")? += 1;
                let rc = i128::from(w) - u + duals.col_price[*c];
                if rc != 0 {
                    return Err(format!("used edge ({r}, {c}) has reduced cost {rc} != 0"));
                }
            }
            None if coverage == Coverage::Perfect => return Err(format!("row {r} unassigned")),
            None if u != 0 => return Err(format!("unassigned row {r} has potential {u} != 0")),
            None => {}
        }
        if coverage == Coverage::Optional && u > 0 {
            return Err(format!("optional row {r} has potential {u} > 0"));
        }
        for e in p.row_edge_range(r) {
            let (c, w) = p.edge(e);
            let rc = i128::from(w) - u + duals.col_price[c];
            if rc < 0 {
                return Err(format!("edge ({r}, {c}) has reduced cost {rc} < 0"));
            }
        }
    }
    for (c, &price) in duals.col_price.iter().enumerate() {
        if price < 0 {
            return Err(format!("column {c} has negative price {price}"));
        }
        if price > 0 && load[c] < u64::from(p.capacity[c]) {
            return Err(format!(
                "column {c} has price {price} but {} of {} places used",
                load[c], p.capacity[c]
            ));
        }
    }
    Ok(())
}
