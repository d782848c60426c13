//! The exact placement model written as a linear program in the CPLEX LP
//! format, so an independent MILP solver (HiGHS in the peers harness) can
//! solve the very model carematch solves and the two optima and times can be
//! set side by side.
//!
//! Variables `x_R_C` are 1 when row `R` (a person) takes column `C` (a lane
//! of an option); rows take at most one column, columns hold at most their
//! capacity, and every packing constraint (capacity by date, day places,
//! who may live together, gender mix, spare hours) is one more row. The
//! objective is the solver's own cost, bonuses included, so the optimum
//! equals carematch's `solver_objective` (written on the first line).

use std::fmt::Write as _;

use super::config::MatchConfig;
use super::context::Ctx;
use super::model::Scenario;
use super::moveon;
use super::solve;
use crate::Result;
use crate::algo::packing::{PackingOptions, solve_packing};

/// The model as LP text, with carematch's own optimum in a comment on the
/// first line (`\ carematch_objective=<v> proven=<bool>`).
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario breaks a validation rule.
pub fn export_lp(original: &Scenario, cfg: &MatchConfig) -> Result<String> {
    super::validate::check(original)?;
    let s = moveon::prepare(original, cfg);
    let ctx = Ctx::new(&s, cfg)?;
    let feasible = solve::feasible_options(&ctx);
    let rows = solve::free_rows(&ctx);
    let model = solve::plan_model(&ctx, &feasible, &rows)?;
    let p = &model.problem;
    let own = solve_packing(
        p,
        &model.constraints,
        &PackingOptions {
            max_nodes: cfg.thresholds.max_branch_nodes,
            lp_bound: true,
        },
    )?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\\ carematch_objective={} proven={}",
        own.solution.total_cost, own.proven_optimal
    );
    out.push_str("Minimize\n obj:");
    for r in 0..p.rows() {
        for (c, w) in p.row(r) {
            let sign = if w < 0 { '-' } else { '+' };
            let _ = write!(out, " {sign} {} x_{r}_{c}", w.unsigned_abs());
        }
    }
    out.push_str("\nSubject To\n");
    for r in 0..p.rows() {
        if p.row(r).len() == 0 {
            continue;
        }
        let _ = write!(out, " row_{r}:");
        for (c, _) in p.row(r) {
            let _ = write!(out, " + x_{r}_{c}");
        }
        out.push_str(" <= 1\n");
    }
    let mut by_col: Vec<Vec<usize>> = vec![Vec::new(); p.cols()];
    for r in 0..p.rows() {
        for (c, _) in p.row(r) {
            by_col[c].push(r);
        }
    }
    for (c, list) in by_col.iter().enumerate() {
        if list.len() as u32 <= p.capacities()[c] {
            continue;
        }
        let _ = write!(out, " col_{c}:");
        for r in list {
            let _ = write!(out, " + x_{r}_{c}");
        }
        let _ = writeln!(out, " <= {}", p.capacities()[c]);
    }
    for (k, con) in model.constraints.iter().enumerate() {
        let _ = write!(out, " pack_{k}:");
        for &(r, c, w) in &con.edges {
            let _ = write!(out, " + {w} x_{r}_{c}");
        }
        let _ = writeln!(out, " <= {}", con.limit);
    }
    out.push_str("Binary\n");
    for r in 0..p.rows() {
        for (c, _) in p.row(r) {
            let _ = writeln!(out, " x_{r}_{c}");
        }
    }
    out.push_str("End\n");
    Ok(out)
}
