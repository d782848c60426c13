//! The MILP that closes the gap on the edges reduced-cost fixing leaves,
//! and the whole-problem MILP used for cross-checks.

use super::*;

/// What the MILP may do with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RowPlan {
    /// Fixed to this edge, or unassigned.
    Fixed(Option<usize>),
    /// Chooses among these edges (and "unassigned" when allowed).
    Free { edges: Vec<usize>, may_skip: bool },
}

pub(super) enum MipOutcome {
    Solved {
        x: Vec<Option<usize>>,
        optimal: bool,
    },
    Infeasible,
    Stopped,
    Failed(String),
}

/// Adds `Σ terms ≤ rhs − fixed` (or flags infeasibility when there are no
/// terms and the fixed part alone breaks it).
pub(super) fn bounded_sum(
    m: &mut Milp,
    infeasible: &mut bool,
    terms: Vec<(usize, f64)>,
    fixed: i128,
    rhs: i128,
) {
    if terms.is_empty() {
        if fixed > rhs {
            *infeasible = true;
        }
        return;
    }
    m.rows.push((terms, Sense::Le, (rhs - fixed) as f64));
}

impl Work<'_> {
    /// Builds and solves the MILP over the rows' plans. `cutoff`: only
    /// solutions costing at most this are wanted.
    pub(super) fn mip(
        &self,
        plans: &[RowPlan],
        warm: Option<&[Option<usize>]>,
        cutoff: Option<i64>,
        opts: &SideOptions,
    ) -> MipOutcome {
        let p = self.p;
        let mut model = Milp::default();
        // Variable index of every free edge, and the edge of every variable.
        let mut var_of: BTreeMap<usize, usize> = BTreeMap::new();
        let mut edge_of: Vec<usize> = Vec::new();
        let mut fixed_cost: i128 = 0;
        let mut fixed_spend: i128 = 0;
        let mut fixed_load = vec![0i128; p.cols()];
        for plan in plans {
            match plan {
                RowPlan::Fixed(Some(e)) => {
                    fixed_cost += i128::from(self.cost[*e]);
                    fixed_spend += i128::from(self.spend[*e]);
                    fixed_load[self.col_of[*e]] += 1;
                }
                RowPlan::Fixed(None) => {}
                RowPlan::Free { edges, .. } => {
                    for &e in edges {
                        var_of.insert(e, edge_of.len());
                        edge_of.push(e);
                        model.obj.push(self.cost[e] as f64);
                    }
                }
            }
        }
        let mut infeasible = false;
        // Rows.
        for plan in plans {
            if let RowPlan::Free { edges, may_skip } = plan {
                if edges.is_empty() {
                    infeasible |= !may_skip;
                    continue;
                }
                let terms = edges
                    .iter()
                    .filter_map(|e| var_of.get(e).map(|&i| (i, 1.0)))
                    .collect();
                let sense = if *may_skip { Sense::Le } else { Sense::Eq };
                model.rows.push((terms, sense, 1.0));
            }
        }
        // Columns.
        let mut by_col: Vec<Vec<(usize, f64)>> = vec![Vec::new(); p.cols()];
        for (i, &e) in edge_of.iter().enumerate() {
            by_col[self.col_of[e]].push((i, 1.0));
        }
        for (j, terms) in by_col.into_iter().enumerate() {
            let cap = i128::from(p.capacities()[j]);
            bounded_sum(&mut model, &mut infeasible, terms, fixed_load[j], cap);
        }
        // Budget.
        if self.side.budget.is_some() {
            let terms = edge_of
                .iter()
                .enumerate()
                .filter(|&(_, &e)| self.spend[e] != 0)
                .map(|(i, &e)| (i, self.spend[e] as f64))
                .collect();
            let limit = i128::from(self.limit);
            bounded_sum(&mut model, &mut infeasible, terms, fixed_spend, limit);
        }
        // Per-column groups for conflicts and column limits: the variables
        // and the fixed count of a set of rows in every column.
        let group = |rows: &[usize]| {
            let mut g: BTreeMap<usize, (Vec<(usize, f64)>, i128)> = BTreeMap::new();
            for &r in rows {
                match &plans[r] {
                    RowPlan::Fixed(Some(e)) => g.entry(self.col_of[*e]).or_default().1 += 1,
                    RowPlan::Fixed(None) => {}
                    RowPlan::Free { edges, .. } => {
                        for e in edges {
                            if let Some(&i) = var_of.get(e) {
                                g.entry(self.col_of[*e]).or_default().0.push((i, 1.0));
                            }
                        }
                    }
                }
            }
            g
        };
        for &(a, b) in &self.side.conflicts {
            for (terms, fixed) in group(&[a, b]).into_values() {
                bounded_sum(&mut model, &mut infeasible, terms, fixed, 1);
            }
        }
        for lim in &self.side.column_limits {
            let k = i128::from(lim.max_per_column);
            for (terms, fixed) in group(&lim.rows).into_values() {
                bounded_sum(&mut model, &mut infeasible, terms, fixed, k);
            }
        }
        if let Some(cut) = cutoff {
            let terms = edge_of
                .iter()
                .enumerate()
                .map(|(i, &e)| (i, self.cost[e] as f64))
                .collect();
            let cut = i128::from(cut);
            bounded_sum(&mut model, &mut infeasible, terms, fixed_cost, cut);
        }
        if infeasible {
            return MipOutcome::Infeasible;
        }
        model.warm = warm.map(|w| {
            edge_of
                .iter()
                .map(|&e| f64::from(u8::from(w[self.row_of[e]] == Some(e))))
                .collect()
        });
        match solve(&model, opts) {
            milp::Outcome::Solved { values, optimal } => {
                let mut x: Vec<Option<usize>> = plans
                    .iter()
                    .map(|pl| match pl {
                        RowPlan::Fixed(e) => *e,
                        RowPlan::Free { .. } => None,
                    })
                    .collect();
                for (&e, val) in edge_of.iter().zip(values) {
                    if val > 0.5 {
                        x[self.row_of[e]] = Some(e);
                    }
                }
                MipOutcome::Solved { x, optimal }
            }
            milp::Outcome::Infeasible => MipOutcome::Infeasible,
            milp::Outcome::Stopped => MipOutcome::Stopped,
            milp::Outcome::Failed(msg) => MipOutcome::Failed(msg),
        }
    }
}

/// Solves the whole problem as one MILP (every edge a binary variable).
///
/// Only for small instances, cross-checks, and the HiGHS backend; see the
/// module docs for why [`solve_with_side_constraints`] is the normal route.
/// `max_mip_edges` is ignored here.
pub fn solve_full_mip(
    p: &AssignmentProblem,
    coverage: Coverage,
    side: &SideConstraints,
    opts: &SideOptions,
) -> Result<SideSolution> {
    validate(p, side, opts)?;
    let w = Work::new(p, coverage, side);
    let plans: Vec<RowPlan> = (0..p.rows())
        .map(|r| RowPlan::Free {
            edges: p.row_edge_range(r).collect(),
            may_skip: coverage == Coverage::Optional,
        })
        .collect();
    let method = vec![format!("full-milp({})", opts.backend.name())];
    match w.mip(&plans, None, None, opts) {
        MipOutcome::Solved { x, optimal } => {
            let sol = w.to_solution(&x);
            check_side(p, coverage, side, &sol).map_err(|e| {
                Error::Backend(format!("the MILP returned an infeasible assignment: {e}"))
            })?;
            // Without a proof, the plain flow optimum is a valid bound.
            let lb = if optimal {
                sol.total_cost
            } else {
                flow_solve(p, coverage)?.total_cost
            };
            finish(&w, &x, lb, optimal, &method)
        }
        MipOutcome::Infeasible => Err(Error::Infeasible(
            "no assignment satisfies the side constraints".into(),
        )),
        MipOutcome::Stopped => Err(Error::LimitReached(
            "the MILP node limit was reached before any assignment was found".into(),
        )),
        MipOutcome::Failed(msg) => Err(Error::Backend(format!("MILP solver failed: {msg}"))),
    }
}

/// Solves `m` with the backend chosen in `opts`.
fn solve(m: &Milp, opts: &SideOptions) -> milp::Outcome {
    if m.obj.is_empty() {
        // Nothing to choose; the caller only emits constraints with terms.
        return milp::Outcome::Solved {
            values: Vec::new(),
            optimal: true,
        };
    }
    let limits = milp::Limits {
        node_limit: opts.mip_node_limit,
        mip_gap: opts.mip_gap,
        time_limit_seconds: opts.mip_time_limit_seconds,
    };
    match opts.backend {
        MipBackend::MicroLp => milp::microlp(m, &limits),
        #[cfg(feature = "highs")]
        MipBackend::Highs => milp::highs(m, &limits),
    }
}
