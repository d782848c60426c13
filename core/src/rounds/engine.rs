//! The engine problem a day becomes, and a plan built from job sequences
//! made elsewhere: for comparing carematch with other routing solvers on
//! the same day (`benches/peers/rounds_anytime_peers.py`). Another solver
//! plans the exported problem; its sequences come back through
//! [`plan_from_routes`], are scheduled by carematch's own rules and can
//! then be checked by [`super::check::check_plan`].

use serde::{Deserialize, Serialize};

use crate::Result;
use crate::routing::{self, RoutingProblem};

use super::model::{RoundsInput, RoundsPlan};
use super::{back, convert, validate};

/// A day as the routing engine sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EngineDay {
    /// The engine problem (jobs, vehicles = worker shifts, matrices, sync pairs).
    pub problem: RoutingProblem,
    /// Per engine job: the visit id and which carer (0, or 1 for the second
    /// carer of a double-handed visit).
    pub jobs: Vec<(String, u8)>,
    /// Per engine vehicle: the worker id and the index of the shift.
    pub vehicles: Vec<(String, usize)>,
}

/// The engine problem of a validated day.
///
/// # Errors
/// [`crate::Error::Invalid`] when the day does not validate.
pub fn engine_problem(input: &RoundsInput) -> Result<EngineDay> {
    validate::validate(input)?;
    let conv = convert::to_problem(input);
    let jobs = conv
        .jobs
        .iter()
        .map(|j| (input.visits[j.visit].id.clone(), j.carer))
        .collect();
    let vehicles = conv
        .vehicles
        .iter()
        .map(|v| (input.workers[v.worker].id.clone(), v.shift))
        .collect();
    Ok(EngineDay {
        problem: conv.problem,
        jobs,
        vehicles,
    })
}

/// The plan given job sequences (`routes[v]` = engine jobs of vehicle `v`
/// of [`engine_problem`], in order), scheduled by carematch's rules as they
/// are, feasible or not (use [`routing::feasible_routes`] first to drop
/// what does not fit).
///
/// # Errors
/// [`crate::Error::Invalid`] when the day does not validate.
pub fn plan_from_routes(input: &RoundsInput, routes: &[Vec<usize>]) -> Result<RoundsPlan> {
    validate::validate(input)?;
    let conv = convert::to_problem(input);
    let sol = routing::evaluate_plan(&conv.problem, routes)?;
    Ok(back::to_plan(input, &conv, &sol))
}
