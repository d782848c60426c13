//! The independent check of a solution, and validation of the input.

use super::*;

/// Checks a solution against the problem and every side constraint; returns
/// a description of the first violation. Independent of the solver.
pub fn check_side(
    p: &AssignmentProblem,
    coverage: Coverage,
    side: &SideConstraints,
    s: &AssignmentSolution,
) -> Result<(), String> {
    assignment::check(p, s, coverage)?;
    if let Some(b) = &side.budget {
        let mut spend: i64 = 0;
        for (r, c) in s.row_to_col.iter().enumerate() {
            if let Some(c) = *c {
                let e = p
                    .row_edge_range(r)
                    .zip(p.row(r))
                    .find(|&(_, (cc, _))| cc == c)
                    .map(|(e, _)| e)
                    .ok_or_else(|| format!("row {r} uses missing edge to {c}"))?;
                spend += b.edge_cost.get(e).copied().unwrap_or(0);
            }
        }
        if spend > b.limit {
            return Err(format!("budget exceeded: {spend} > {}", b.limit));
        }
    }
    for &(a, b) in &side.conflicts {
        let (ca, cb) = (
            s.row_to_col.get(a).copied().flatten(),
            s.row_to_col.get(b).copied().flatten(),
        );
        if ca.is_some() && ca == cb {
            return Err(format!("conflicting rows {a} and {b} share column {ca:?}"));
        }
    }
    for (k, lim) in side.column_limits.iter().enumerate() {
        let mut count: BTreeMap<usize, u32> = BTreeMap::new();
        for &r in &lim.rows {
            if let Some(c) = s.row_to_col.get(r).copied().flatten() {
                *count.entry(c).or_default() += 1;
            }
        }
        if let Some((c, n)) = count.iter().find(|&(_, &n)| n > lim.max_per_column) {
            return Err(format!(
                "column limit {k}: {n} of its rows in column {c}, at most {}",
                lim.max_per_column
            ));
        }
    }
    Ok(())
}

pub(super) fn validate(
    p: &AssignmentProblem,
    side: &SideConstraints,
    opts: &SideOptions,
) -> Result<()> {
    let n = p.rows();
    let mut issues = Issues::new();
    if let Some(b) = &side.budget {
        if b.edge_cost.len() != p.edges() {
            issues.add(
                "length_mismatch",
                "budget",
                "budget.edge_cost",
                format!("{} edge costs for {} edges", b.edge_cost.len(), p.edges()),
                "give one spend per edge, in CSR edge order",
            );
        }
        if let Some(k) = b.edge_cost.iter().position(|w| w.unsigned_abs() > 1 << 40) {
            issues.add(
                "out_of_range",
                "budget",
                format!("budget.edge_cost[{k}]"),
                "edge spend beyond ±2^40",
                "use smaller units",
            );
        }
        if b.limit.unsigned_abs() > 1 << 52 {
            issues.add(
                "out_of_range",
                "budget",
                "budget.limit",
                "limit beyond ±2^52",
                "use smaller units",
            );
        }
    }
    for (k, &(a, b)) in side.conflicts.iter().enumerate() {
        if a >= n || b >= n {
            issues.add(
                "out_of_range",
                format!("conflict {k}"),
                format!("conflicts[{k}]"),
                format!("row id out of range in ({a}, {b}); there are {n} rows"),
                "refer to existing rows",
            );
        } else if a == b {
            issues.add(
                "self_conflict",
                format!("conflict {k}"),
                format!("conflicts[{k}]"),
                format!("row {a} conflicts with itself"),
                "list two different rows",
            );
        }
    }
    for (k, lim) in side.column_limits.iter().enumerate() {
        let mut seen = vec![false; n];
        for (i, &r) in lim.rows.iter().enumerate() {
            if r >= n {
                issues.add(
                    "out_of_range",
                    format!("column limit {k}"),
                    format!("column_limits[{k}].rows[{i}]"),
                    format!("row {r} out of range; there are {n} rows"),
                    "refer to existing rows",
                );
            } else if std::mem::replace(&mut seen[r], true) {
                issues.add(
                    "duplicate",
                    format!("column limit {k}"),
                    format!("column_limits[{k}].rows[{i}]"),
                    format!("row {r} listed twice"),
                    "list every row once",
                );
            }
        }
    }
    for r in 0..n {
        let mut cols: Vec<usize> = p.row(r).map(|(c, _)| c).collect();
        cols.sort_unstable();
        if cols.windows(2).any(|w| w[0] == w[1]) {
            issues.add(
                "duplicate_edge",
                format!("row {r}"),
                format!("rows[{r}]"),
                "the same (row, column) edge is given twice",
                "keep one edge per row and column",
            );
        }
    }
    if !(opts.mip_gap.is_finite() && opts.mip_gap >= 0.0) {
        issues.add(
            "out_of_range",
            "options",
            "mip_gap",
            "MIP gap must be finite and non-negative",
            "use 0 to prove optimality",
        );
    }
    if let Some(t) = opts.mip_time_limit_seconds
        && !(t.is_finite() && t > 0.0)
    {
        issues.add(
            "out_of_range",
            "options",
            "mip_time_limit_seconds",
            "time limit must be positive and finite",
            "leave it unset for no limit",
        );
    }
    issues.into_result(())
}
