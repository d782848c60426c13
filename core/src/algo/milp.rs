//! The MILP backends of the exact steps (the side-constraint solver's
//! gap-closing MILP, the packing search's residual MILP), one function per
//! backend over a small solver-neutral model of binary variables.
//!
//! `microlp` is called directly rather than through good_lp: good_lp 1.15
//! does not pass microlp's deterministic node limit through, and a
//! wall-clock limit would make results depend on machine speed (and hit the
//! clock in wasm). HiGHS (cargo feature `highs`) goes through
//! `good_lp::highs`, called by name.

/// Constraint sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sense {
    /// `Σ a·x ≤ rhs`
    Le,
    /// `Σ a·x = rhs`
    Eq,
}

/// One constraint: terms (variable index, coefficient; each variable at
/// most once), sense, right-hand side.
pub(crate) type Row = (Vec<(usize, f64)>, Sense, f64);

/// Minimise `obj · x` over binary `x` subject to `rows`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Milp {
    /// Objective coefficient of every variable.
    pub obj: Vec<f64>,
    /// The constraints.
    pub rows: Vec<Row>,
    /// Optional starting values (a feasible incumbent).
    pub warm: Option<Vec<f64>>,
}

/// What a backend reports.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Values of the variables; `optimal` when proven.
    Solved { values: Vec<f64>, optimal: bool },
    /// Proven infeasible.
    Infeasible,
    /// A limit stopped the search before any solution was found.
    Stopped,
    /// The backend failed.
    Failed(String),
}

/// Work limits of one MILP solve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Limits {
    /// Branch-and-bound nodes (the root relaxation does not count).
    pub node_limit: Option<u64>,
    /// Relative gap at which the search may stop (0 = prove optimality).
    pub mip_gap: f32,
    /// Wall-clock limit; `None` keeps the result deterministic.
    pub time_limit_seconds: Option<f64>,
}

/// Solves with `microlp` (deterministic without a time limit).
pub(crate) fn microlp(m: &Milp, opts: &Limits) -> Outcome {
    use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOptions};
    let mut prob = Problem::new(OptimizationDirection::Minimize);
    let vars: Vec<microlp::Variable> = m.obj.iter().map(|&c| prob.add_binary_var(c)).collect();
    for (terms, sense, rhs) in &m.rows {
        let mut e = LinearExpr::empty();
        for &(i, a) in terms {
            e.add(vars[i], a);
        }
        let op = match sense {
            Sense::Le => ComparisonOp::Le,
            Sense::Eq => ComparisonOp::Eq,
        };
        prob.add_constraint(e, op, *rhs);
    }
    let mut o = SolveOptions::default();
    o.node_limit = opts.node_limit;
    o.mip_gap = f64::from(opts.mip_gap);
    o.time_limit = opts
        .time_limit_seconds
        .and_then(|t| std::time::Duration::try_from_secs_f64(t).ok());
    o.warm_start = m
        .warm
        .as_ref()
        .map(|w| vars.iter().copied().zip(w.iter().copied()).collect());
    match prob.solve_with(o) {
        Ok(out) => match out.solution() {
            Some(s) => Outcome::Solved {
                values: vars.iter().map(|&v| s.var_value(v)).collect(),
                optimal: out.is_optimal(),
            },
            None => Outcome::Stopped,
        },
        Err(microlp::Error::Infeasible) => Outcome::Infeasible,
        Err(e) => Outcome::Failed(format!("microlp: {e:?}")),
    }
}

/// Solves with HiGHS (one thread, deterministic without a time limit).
#[cfg(feature = "highs")]
pub(crate) fn highs(m: &Milp, opts: &Limits) -> Outcome {
    use good_lp::{
        Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel,
        Variable, WithInitialSolution, WithMipGap, variable,
    };
    let mut vars = ProblemVariables::new();
    let xs: Vec<Variable> = m
        .obj
        .iter()
        .map(|_| vars.add(variable().binary()))
        .collect();
    let mut obj = Expression::with_capacity(xs.len());
    for (&x, &c) in xs.iter().zip(&m.obj) {
        obj.add_mul(c, x);
    }
    let mut model = vars.minimise(obj).using(good_lp::highs);
    for (terms, sense, rhs) in &m.rows {
        let mut e = Expression::with_capacity(terms.len());
        for &(i, a) in terms {
            e.add_mul(a, xs[i]);
        }
        model.add_constraint(match sense {
            Sense::Le => e.leq(*rhs),
            Sense::Eq => e.eq(*rhs),
        });
    }
    // One thread keeps HiGHS deterministic.
    model = model.set_threads(1);
    if let Some(n) = opts.node_limit {
        model = model.set_option("mip_max_nodes", i32::try_from(n).unwrap_or(i32::MAX));
    }
    if let Some(t) = opts.time_limit_seconds {
        model = model.set_time_limit(t);
    }
    if opts.mip_gap > 0.0 {
        model = match model.with_mip_gap(opts.mip_gap) {
            Ok(m) => m,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
    }
    if let Some(w) = &m.warm {
        model = model.with_initial_solution(xs.iter().copied().zip(w.iter().copied()));
    }
    match model.solve() {
        Ok(sol) => Outcome::Solved {
            values: xs.iter().map(|&x| sol.value(x)).collect(),
            optimal: matches!(sol.status(), SolutionStatus::Optimal),
        },
        Err(ResolutionError::Infeasible) => Outcome::Infeasible,
        Err(e) => Outcome::Failed(format!("highs: {e}")),
    }
}
