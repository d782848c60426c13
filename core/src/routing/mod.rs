//! Generic vehicle-routing search engine (VRP with time windows, skills as
//! allowed-vehicle sets, breaks, synchronised double-handed jobs and
//! precedence gaps).
//!
//! The engine works on the index-based [`RoutingProblem`] and knows nothing of
//! visits, clients or care workers: the homecare adapter in [`crate::rounds`]
//! and the benchmark readers build a `RoutingProblem` and map the
//! [`RoutingSolution`] back.
//!
//! # Design
//!
//! * **Construction**: regret-2 insertion with lazy re-evaluation and
//!   spatially pruned candidate routes (must-do jobs, i.e. the highest
//!   unassigned penalty, first), only feasible insertions.
//! * **Improvement**: iterated local search. Each iteration ruins the plan
//!   (mostly a random job and its nearest neighbours leave their routes, as in
//!   PyVRP's perturbation, otherwise SISR strings; see `ruin.rs`), recreates it
//!   by greedy insertion with blinks, and descends with the local-search
//!   operators relocate, swap, swap tails (2-opt*), or-opt, 2-opt and
//!   cross-exchange over granular neighbour lists (20 nearest by a
//!   time-window-aware proximity). After a perturbation the descent starts from
//!   the re-inserted jobs only and spreads to the jobs around each applied move
//!   (PyVRP's non-exhaustive search); the first descent after construction is
//!   exhaustive. Late acceptance decides whether the candidate replaces the
//!   current plan. A run whose own best has not improved for max(2,000, 20·n)
//!   iterations is abandoned and a new one starts from a fresh construction
//!   (multi-start; the overall best is kept): on the hardest Solomon instances
//!   runs of one seed differ far more than one run improves with time.
//! * **Over-subscribed plans** (the best leaves jobs out): each recreate
//!   also retries the unplanned jobs near the ruined ones (the ruin just made
//!   room around them), and a candidate still infeasible after the descent
//!   is repaired at once (jobs dropped from violating routes, then feasible
//!   positions refilled) instead of waiting for the adaptive penalty weights
//!   to reach the price of an unplanned job. Before any feasible plan exists,
//!   a repaired copy of each infeasible candidate is offered to the best.
//! * **Evaluation**: when every job has one hard window and there are no
//!   breaks, synchronisation, soft windows or continuity terms, moves are
//!   priced in O(1) by concatenating cached duration segments with time warp
//!   (Vidal et al.; PyVRP). Otherwise the candidate route is re-scheduled by
//!   the exact forward pass (multiple windows, breaks, soft lateness): homecare
//!   routes are short, so this stays cheap.
//! * **Penalties**: the search may pass through infeasible plans; time warp
//!   (late starts, shift end, maximum duration, late breaks, synchronisation
//!   misalignment) and excess load are priced by a cost evaluator whose
//!   weights a penalty manager adapts towards about 65 % feasible local
//!   optima. Only feasible plans can become the best.
//! * **Synchronisation**: each route is first scheduled on its own; a joint
//!   schedule then raises the start of whichever job of a pair is early (a
//!   double-handed visit starts when both workers are there, pushing later
//!   stops) until a fixpoint. Residual misalignment is penalised like time
//!   warp. Moves are priced against the partners' current start times (an
//!   estimate), and every applied move touching coupled routes is checked on
//!   the full joint schedule and undone unless the true cost fell. A pair
//!   is always on two different vehicles, planned or unplanned together.
//! * **Pins**: a pinned job may only go on its vehicle (and, with a start,
//!   gets the one-point window `[start, start]`); ruin never removes pinned
//!   jobs, so a pinned job loaded from `initial` is never unplanned.
//! * **Schedules**: a break is taken at the first stop where it fits in the
//!   waiting time (on arrival, before the service; `before` = that stop) or
//!   where postponing it to the next arrival would make it late. In the
//!   second case it goes either before the stop's service or after it,
//!   before leaving (`before` = the next stop): whichever leaves less time
//!   warp (a late job or a late break), then leaves the stop earlier; ties
//!   keep it before the service. Breaks not taken by the last stop are taken
//!   at the end (`before` = number of stops), after reaching the end
//!   location, and [`Route::arrival`] includes them.
//!   A route departs so as to reach its first job without waiting.

mod construct;
mod cost;
mod ils;
mod instance;
mod joint;
mod population;
pub mod problem;
mod reasons;
mod ruin;
mod schedule;
mod search;
mod segment;
pub mod solution;

pub use problem::*;
pub use search::OperatorStats;
pub use solution::*;

use self::cost::objective_cost;
use self::instance::Instance;
use self::schedule::{SyncBounds, Trace, simulate};
use self::search::state::{NONE, SearchState};
use crate::Result;
use crate::control::{Observer, Stop};

/// Options of one solve.
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Seed for every random choice; same seed and problem give the same plan.
    pub seed: u64,
    /// Upper bound on improvement iterations (`None` = until `stop` says so).
    pub max_iterations: Option<u64>,
    /// A plan to start from (for repair and incremental planning). Only the
    /// vehicle and job order of its routes are read; jobs it does not plan
    /// are inserted.
    pub initial: Option<RoutingSolution>,
}

/// Plans routes for `problem`.
///
/// # Arguments
/// * `problem` – the jobs, vehicles, travel matrices and weights.
/// * `options` – seed, iteration cap and an optional plan to start from.
/// * `stop` – asked before every iteration whether to stop (time budget,
///   cancellation).
/// * `observer` – receives progress and every improvement.
///
/// # Returns
/// The best feasible plan found: routes with full schedules, the cost
/// breakdown and every unplanned job with its reasons; or
/// [`crate::Error::Invalid`] listing every problem in the input.
///
/// # Complexity
/// Construction is about O(n · k · L) for n jobs, k candidate routes and
/// routes of L stops; each improvement iteration touches only the routes near
/// the ruined jobs.
///
/// # Examples
/// ```
/// use carematch::control::{MaxIterations, Silent};
/// use carematch::routing::*;
/// let size = 3; // depot 0, two clients
/// let d = vec![0, 5, 5, 5, 0, 3, 5, 3, 0];
/// let matrix = TravelMatrix { size, duration: d.clone(), distance: d };
/// let job = |loc| Job {
///     location: loc, duration: 1, windows: vec![], soft_latest: false, max_lateness: None, demand: 1,
///     allowed_vehicles: None, preferred_vehicles: vec![], unassigned_penalty: 1000, pin: None,
/// };
/// let vehicle = Vehicle {
///     start_location: 0, end_location: Some(0), shift: Window { earliest: 0, latest: 100 },
///     breaks: vec![], max_duration: None, capacity: 10, profile: 0, fixed_cost: 0,
///     cost_per_time: 0, overtime_cost: 0, overtime_after: None,
/// };
/// let problem = RoutingProblem {
///     matrices: vec![matrix], jobs: vec![job(1), job(2)], vehicles: vec![vehicle],
///     sync: vec![], objective: Objective::default(),
/// };
/// let opts = SolveOptions { seed: 1, max_iterations: Some(50), initial: None };
/// let plan = solve(&problem, &opts, &mut MaxIterations(50), &mut Silent).unwrap();
/// assert_eq!(plan.cost.distance, 13);
/// assert!(plan.unassigned.is_empty());
/// ```
pub fn solve(
    problem: &RoutingProblem,
    options: &SolveOptions,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<RoutingSolution> {
    solve_with_stats(problem, options, stop, observer).map(|(s, _)| s)
}

/// [`solve`], also returning per-operator statistics.
pub fn solve_with_stats(
    problem: &RoutingProblem,
    options: &SolveOptions,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<(RoutingSolution, Vec<OperatorStats>)> {
    let inst = Instance::new(problem)?;
    let initial = options.initial.as_ref().map(|s| initial_routes(&inst, s));
    let params = ils::Params::for_instance(&inst);
    let out = ils::run(
        &inst,
        initial,
        options.seed,
        options.max_iterations,
        params,
        stop,
        observer,
    );
    let mut sol = unload(&inst, &out.routes);
    sol.iterations = out.iterations;
    Ok((sol, out.stats))
}

/// Schedules and costs given job sequences (`routes[v]` = jobs of vehicle
/// `v`, in order) exactly as the engine does, reporting unplanned jobs with
/// reasons. Sequences are taken as they are, feasible or not; use it to
/// price an existing plan or in tests.
pub fn evaluate_plan(problem: &RoutingProblem, routes: &[Vec<usize>]) -> Result<RoutingSolution> {
    let inst = Instance::new(problem)?;
    let mut seen = vec![false; inst.n];
    let mut clean = vec![Vec::new(); inst.m];
    for (v, r) in routes.iter().enumerate().take(inst.m) {
        for &j in r {
            if j < inst.n && !seen[j] {
                seen[j] = true;
                clean[v].push(j);
            }
        }
    }
    Ok(unload(&inst, &clean))
}

/// Drops jobs from given sequences until every route is feasible (the
/// engine's repair: from each violating route, the job whose removal leaves
/// the least violation, pinned jobs last; then synchronised jobs whose
/// partner is out). For pricing plans made elsewhere.
///
/// # Errors
/// [`crate::Error::Invalid`] listing every problem in the input.
pub fn feasible_routes(problem: &RoutingProblem, routes: &[Vec<usize>]) -> Result<Vec<Vec<usize>>> {
    let inst = Instance::new(problem)?;
    let mut seen = vec![false; inst.n];
    let mut clean = vec![Vec::new(); inst.m];
    for (v, r) in routes.iter().enumerate().take(inst.m) {
        for &j in r {
            if j < inst.n && !seen[j] && inst.can_serve(j, v) {
                seen[j] = true;
                clean[v].push(j);
            }
        }
    }
    let mut st = SearchState::new(&inst);
    st.load(&clean);
    ils::repair(&mut st);
    Ok(st.snapshot())
}

fn initial_routes(inst: &Instance, sol: &RoutingSolution) -> Vec<Vec<usize>> {
    let mut routes = vec![Vec::new(); inst.m];
    let mut seen = vec![false; inst.n];
    for r in &sol.routes {
        if r.vehicle >= inst.m {
            continue;
        }
        for s in &r.stops {
            if s.job < inst.n && !seen[s.job] && inst.can_serve(s.job, r.vehicle) {
                seen[s.job] = true;
                routes[r.vehicle].push(s.job);
            }
        }
    }
    routes
}

fn unload(inst: &Instance, routes: &[Vec<usize>]) -> RoutingSolution {
    let mut st = SearchState::new(inst);
    st.load(routes);
    let p = inst.p;
    let mut sol = RoutingSolution::default();
    let mut cost = CostBreakdown::default();
    let planned = |j: usize| st.route_of[j] != NONE;
    for v in 0..inst.m {
        let jobs = &st.routes[v].jobs;
        if jobs.is_empty() {
            continue;
        }
        let mut stops = Vec::new();
        let mut breaks = Vec::new();
        let departure = inst.simple.then_some(st.routes[v].stats.departure);
        let sync = if st.coupled() {
            SyncBounds::Partners {
                starts: &st.starts,
                planned: &planned,
            }
        } else {
            SyncBounds::None
        };
        let s = simulate(
            inst,
            v,
            jobs,
            sync,
            departure,
            Trace {
                stops: Some(&mut stops),
                breaks: Some(&mut breaks),
                starts: None,
            },
        );
        cost.distance += s.distance;
        cost.travel_time += s.travel;
        cost.waiting += s.waiting;
        cost.tardiness += s.tardiness;
        cost.max_tardiness = cost.max_tardiness.max(s.max_lateness);
        cost.overtime += s.overtime;
        cost.continuity_breaks += s.non_preferred;
        cost.vehicles_used += 1;
        cost.total += objective_cost(&p.objective, &p.vehicles[v], &s);
        sol.routes.push(Route {
            vehicle: v,
            departure: s.departure,
            arrival: s.departure + s.duration,
            stops,
            breaks,
            distance: s.distance,
            travel_time: s.travel,
            waiting: s.waiting,
        });
    }
    for j in 0..inst.n {
        if st.route_of[j] == NONE {
            cost.unassigned_penalty += p.jobs[j].unassigned_penalty;
            let partner = construct_partner(inst, j).map(|q| st.route_of[q] != NONE);
            sol.unassigned.push(UnassignedJob {
                job: j,
                reasons: reasons::reasons(inst, j, partner),
            });
        }
    }
    cost.total += p.objective.max_tardiness * cost.max_tardiness + cost.unassigned_penalty;
    sol.cost = cost;
    sol
}

fn construct_partner(inst: &Instance, j: usize) -> Option<usize> {
    construct::partner(inst, j)
}
