//! The iterated local search driver (ruin and recreate + local search with
//! late acceptance), in the style of PyVRP's `IteratedLocalSearch`.
//!
//! Each iteration ruins the current plan (a job and its neighbours, or strings
//! from the routes around a job), recreates it by greedy insertion with blinks,
//! and runs the local search under the current penalty weights. Candidates are
//! accepted by late acceptance hill climbing (Burke & Bykov 2017) on penalised
//! cost; the best *feasible* plan is kept apart. Only routes changed in an
//! iteration are copied back or restored, so an iteration costs about as much
//! as the routes it touched. A run stalled for [`Params::restart`] iterations
//! is replaced by a fresh one (new construction and descent, fresh penalty
//! weights and acceptance history); the best plan survives restarts. Each run's
//! best goes to a small elite pool ([`Pool`]), and from the second restart on
//! two restarts in three start from a selective-route-exchange child of two
//! pool plans instead of a fresh construction.
//!
//! When the best plan leaves jobs out (an over-subscribed homecare day), the
//! recreate also retries unplanned jobs near the ruined ones, and an
//! infeasible candidate is repaired in place: with unplanned jobs priced
//! orders of magnitude above a minute of lateness, the adaptive weights would
//! otherwise keep the search in infeasible plans for hundreds of iterations
//! while the best stays near the first construction (measured: 1,326
//! visits at 5, 10 and 30 s on the 2,000-visit sample day).

use super::construct::{greedy_insertion, insert_job, partner, regret_insertion};
use super::cost::{CostEvaluator, PenaltyManager};
use super::instance::Instance;
use super::population::Pool;
use super::ruin::ruin;
use super::search::LocalSearch;
use super::search::OperatorStats;
use super::search::state::{NONE, SearchState};
use crate::control::{Observer, Progress, Stop};
use crate::rng::Rng;

/// What a run produced.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// Best feasible routes found (or the repaired last plan).
    pub routes: Vec<Vec<usize>>,
    /// Iterations done.
    pub iterations: u64,
    /// Operator statistics.
    pub stats: Vec<OperatorStats>,
}

/// Unplanned jobs near the ruined ones retried per iteration (measured on
/// the 2,000-visit sample day: 8 → 1,678, 16 → 1,693, 32 → 1,714, 64 → 1,715
/// visits at 10 CPU seconds).
const RETRY_NEAR: usize = 32;
/// Other unplanned jobs retried per iteration, at random.
const RETRY_RANDOM: usize = 8;

/// Every this many restarts starts from a fresh construction, not a child
/// (new material for the pool).
const FRESH_EVERY: u64 = 3;

/// Jobs × late-acceptance history: the history is 50 up to 100 jobs and
/// shorter in proportion above (at least 10). A budget buys fewer
/// iterations on a larger plan, and a shorter history accepts fewer
/// worse plans, so the search converges within them. Measured at 3,000
/// iterations, Mankowska mean gap to the best published: G (300 visits)
/// 3.84 % with 50, 1.56 % with 20, 1.10 % with 16, 1.17 % with 10, 1.99 %
/// with 5; F (200 visits) 2.99 % with 50, 1.76 % with 25. On Solomon's
/// 100 customers a shorter history hurt (10 s, 12 instances: 0.43 % with
/// 50, 0.99 % with 20, 0.51 % with 10; RC208 3.8–6.6 %), hence 50 there.
const HISTORY_JOBS: usize = 5000;

/// Parameters of the driver.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// Late-acceptance history length.
    pub history: usize,
    /// Average number of jobs removed per ruin.
    pub ruin_avg: usize,
    /// Probability of skipping an insertion position.
    pub blink: f64,
    /// A run that has not improved its own best for this many iterations
    /// is abandoned and a new one starts from a fresh construction (0 =
    /// never); the overall best is kept.
    pub restart: u64,
    /// Whether a restart starts from a child of earlier runs' bests
    /// ([`Pool`]) rather than from a fresh construction.
    pub crossover: bool,
    /// Whether full descents also try SWAP* (off: on Solomon 12 at 8,000
    /// iterations it did not pay, see `search/operators/swap_star.rs`).
    pub swap_star: bool,
}

impl Params {
    /// Defaults scaled to the instance.
    pub fn for_instance(inst: &Instance) -> Self {
        Params {
            history: (HISTORY_JOBS / inst.n.max(1)).clamp(10, 50),
            ruin_avg: (inst.n / 8).clamp(1, 10),
            blink: 0.01,
            restart: (20 * inst.n).max(2000) as u64,
            crossover: true,
            swap_star: false,
        }
    }
}

/// Runs construction and the improvement loop.
pub(crate) fn run(
    inst: &Instance,
    initial: Option<Vec<Vec<usize>>>,
    seed: u64,
    max_iterations: Option<u64>,
    params: Params,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Outcome {
    let mut rng = Rng::new(seed);
    let mut pm = PenaltyManager::new(inst);
    let mut ev = pm.evaluator();
    let mut st = SearchState::new(inst);
    load_initial(&mut st, initial.as_deref().unwrap_or(&[]));
    regret_insertion(&mut st, &ev);
    let mut best: Best = None;
    consider_best(&st, &ev, &mut best);
    let mut iteration = 0u64;
    // Inside a local search, stopping early is only worth it once a feasible
    // plan is in hand; between iterations the caller's stop always wins.
    let mut abort = |best: &Best, iteration: u64, always: bool| {
        let progress = Progress {
            iteration,
            best_cost: best.as_ref().map(|b| b.0),
            fraction: None,
        };
        (always || best.is_some()) && stop.should_stop(&progress)
    };
    let mut ls = LocalSearch::new(inst, params.swap_star);
    descend(
        &mut ls,
        &mut st,
        &ev,
        &pm,
        &mut rng,
        &mut || abort(&best, iteration, false),
        None,
    );
    consider_best(&st, &ev, &mut best);
    let mut current = st.snapshot();
    let mut current_cost = st.total_cost(&ev);
    let mut history = vec![current_cost; params.history.max(1)];
    // This run's best feasible cost and when it last improved (a run ends
    // after `params.restart` iterations without improving).
    let mut run_best = best.as_ref().map(|b| b.0);
    let mut run_plan: Option<Vec<Vec<usize>>> = best.as_ref().map(|b| b.1.clone());
    let mut run_last = 0u64;
    // Runs' bests, crossed at restarts (plain problems only: no pinned
    // initial plan, no synchronised jobs).
    let mut pool = Pool::default();
    let crossing = params.crossover && initial.is_none() && inst.p.sync.is_empty();
    let mut restarts = 0u64;
    loop {
        let progress = Progress {
            iteration,
            best_cost: best.as_ref().map(|b| b.0),
            fraction: max_iterations.map(|m| (iteration as f64 / m.max(1) as f64).min(1.0)),
        };
        if max_iterations.is_some_and(|m| iteration >= m) || abort(&best, iteration, true) {
            break;
        }
        if iteration.is_multiple_of(64) {
            observer.on_progress(&progress);
        }
        iteration += 1;
        let mark = st.clock;
        // Ruin harder the longer the best has not improved (up to 3×; a
        // neighbourhood ruin takes at most a job and its granular neighbours).
        let stale = (iteration - run_last) as usize;
        let avg = params.ruin_avg + params.ruin_avg * (stale / 1000).min(2);
        let mut removed = ruin(&mut st, &mut rng, avg);
        match rng.index(4) {
            0 => removed.sort_by_key(|&j| std::cmp::Reverse(inst.p.jobs[j].demand)),
            1 => removed.sort_by_key(|&j| {
                let w = &inst.windows[j];
                w[w.len() - 1].latest - w[0].earliest
            }),
            _ => rng.shuffle(&mut removed),
        }
        // Also retry jobs that were already unplanned: those near the ruined
        // ones first (the ruin just made room around them), then a few at
        // random. Feasible positions only.
        let mut near: Vec<usize> = Vec::new();
        for &j in &removed {
            near.extend(
                inst.neighbours[j]
                    .iter()
                    .copied()
                    .filter(|&k| st.route_of[k] == NONE && !removed.contains(&k)),
            );
        }
        near.sort_unstable();
        near.dedup();
        rng.shuffle(&mut near);
        near.truncate(RETRY_NEAR);
        let mut extra: Vec<usize> = (0..inst.n)
            .filter(|&j| st.route_of[j] == NONE && !removed.contains(&j) && !near.contains(&j))
            .collect();
        rng.shuffle(&mut extra);
        extra.truncate(RETRY_RANDOM);
        let ruined = removed.len();
        removed.extend(near);
        removed.extend(extra);
        greedy_insertion(&mut st, &removed, ruined, &ev, &mut rng, params.blink);
        // Focus the descent on the re-inserted jobs and their route neighbours.
        let mut focus: Vec<usize> = Vec::new();
        for &j in &removed {
            let r = st.route_of[j];
            if r != NONE {
                let (jobs, p) = (&st.routes[r].jobs, st.pos_of[j]);
                focus.extend_from_slice(&jobs[p.saturating_sub(1)..(p + 2).min(jobs.len())]);
            }
        }
        let (tw_ok, load_ok) = descend(
            &mut ls,
            &mut st,
            &ev,
            &pm,
            &mut rng,
            &mut || abort(&best, iteration, false),
            Some(&focus),
        );
        let mut repaired = false;
        if st.feasible() != (true, true) {
            match best.as_ref().map(|b| unplanned(inst.n, &b.1)) {
                // Over-subscribed: the best leaves jobs out, so coverage comes
                // first. Repair the candidate itself (drop what violates,
                // refill feasible positions) instead of letting the plan
                // wander through infeasible ones while the penalty weights
                // take hundreds of iterations to reach the price of an
                // unplanned job.
                Some(left) if left > 0 => {
                    let pre = st.snapshot();
                    repair_keeping(&mut st, true);
                    refill(&mut st, &pre, &removed, &ev);
                }
                // No feasible plan yet: offer a repaired copy to the best.
                None => repaired = repaired_best(&mut st, &removed, &ev, &mut best),
                _ => {}
            }
        }
        let cand_cost = st.total_cost(&ev);
        if st.feasible() == (true, true) && run_best.is_none_or(|b| cand_cost < b) {
            run_best = Some(cand_cost);
            run_last = iteration;
            if crossing {
                run_plan = Some(st.snapshot());
            }
        }
        if consider_best(&st, &ev, &mut best) || repaired {
            observer.on_improvement(&Progress {
                iteration,
                best_cost: best.as_ref().map(|b| b.0),
                fraction: None,
            });
        }
        let slot = (iteration as usize) % history.len();
        let accept = cand_cost < current_cost || cand_cost <= history[slot];
        let changed: Vec<usize> = (0..inst.m).filter(|&r| st.modified[r] > mark).collect();
        if accept {
            for &r in &changed {
                current[r].clone_from(&st.routes[r].jobs);
            }
            current_cost = cand_cost;
        } else {
            for &r in &changed {
                st.set_route_raw(r, current[r].clone());
            }
            st.resync();
        }
        if current_cost < history[slot] {
            history[slot] = current_cost;
        }
        if params.restart > 0 && iteration - run_last >= params.restart {
            // Stuck: start a new run from a fresh construction (independent
            // runs differ far more than one long run improves; measured on
            // the hardest Solomon instances, best of three short runs beat
            // one run three times as long).
            pm = PenaltyManager::new(inst);
            ev = pm.evaluator();
            restarts += 1;
            if crossing && let (Some(cost), Some(plan)) = (run_best, run_plan.take()) {
                pool.offer(inst, cost, &plan);
            }
            if crossing && pool.len() >= 2 && !restarts.is_multiple_of(FRESH_EVERY) {
                // A child of two runs' bests; what it leaves out is
                // re-inserted (penalised positions allowed).
                let (child, left) = pool.child(inst, &mut rng);
                st.load(&child);
                greedy_insertion(&mut st, &left, left.len(), &ev, &mut rng, 0.0);
            } else {
                load_initial(&mut st, initial.as_deref().unwrap_or(&[]));
            }
            regret_insertion(&mut st, &ev);
            descend(
                &mut ls,
                &mut st,
                &ev,
                &pm,
                &mut rng,
                &mut || abort(&best, iteration, false),
                None,
            );
            if consider_best(&st, &ev, &mut best) {
                observer.on_improvement(&Progress {
                    iteration,
                    best_cost: best.as_ref().map(|b| b.0),
                    fraction: None,
                });
            }
            current = st.snapshot();
            current_cost = st.total_cost(&ev);
            history.iter_mut().for_each(|h| *h = current_cost);
            run_best = (st.feasible() == (true, true)).then_some(current_cost);
            run_plan = run_best.map(|_| st.snapshot());
            run_last = iteration;
            continue;
        }
        if pm.register(tw_ok, load_ok) {
            ev = pm.evaluator();
            current_cost = st.total_cost(&ev);
            history.iter_mut().for_each(|h| *h = current_cost.max(*h));
        }
    }
    let routes = match best {
        Some((_, r)) => r,
        None => {
            // Never feasible: drive the current plan towards feasibility with
            // stiff penalties, then drop what still violates.
            let strict = pm.booster();
            ls.run(&mut st, &strict, &mut rng, &mut || false, None);
            repair(&mut st);
            st.snapshot()
        }
    };
    Outcome {
        routes,
        iterations: iteration,
        stats: ls.stats.clone(),
    }
}

type Best = Option<(i64, Vec<Vec<usize>>)>;

/// Loads the caller's initial plan and, when it is infeasible (yesterday's
/// rounds under today's shorter hours, or half of a synchronised pair whose
/// other worker is off, say), drops what violates first ([`repair`],
/// pinned jobs kept). Construction then inserts into a feasible plan: a
/// synchronised pair is only inserted where the whole plan stays feasible,
/// so an infeasible start would keep every pair out of it.
fn load_initial(st: &mut SearchState, routes: &[Vec<usize>]) {
    st.load(routes);
    if st.feasible() != (true, true) {
        repair_keeping(st, true);
    }
}

/// A descent under the current weights `ev` (on the `focus` jobs, or all)
/// and, when it ends infeasible, the repair step of HGS: a stiffer descent
/// towards feasibility under `pm`'s boosted weights. Returns the
/// feasibility (time windows, load) the first descent ended with, which the
/// penalty manager learns from.
fn descend(
    ls: &mut LocalSearch,
    st: &mut SearchState,
    ev: &CostEvaluator,
    pm: &PenaltyManager,
    rng: &mut Rng,
    abort: &mut dyn FnMut() -> bool,
    focus: Option<&[usize]>,
) -> (bool, bool) {
    ls.run(st, ev, rng, abort, focus);
    let feasible = st.feasible();
    if feasible != (true, true) {
        ls.run(st, &pm.booster(), rng, abort, focus);
    }
    feasible
}

/// Jobs a plan leaves out.
fn unplanned(n: usize, routes: &[Vec<usize>]) -> usize {
    n - routes.iter().map(Vec::len).sum::<usize>()
}

/// Offers a feasible copy of an infeasible candidate to the best: drops what
/// violates ([`repair`]), re-inserts what fits (feasible positions only),
/// keeps the result if it is the best so far, and restores the candidate.
fn repaired_best(
    st: &mut SearchState,
    removed: &[usize],
    ev: &CostEvaluator,
    best: &mut Best,
) -> bool {
    let pre = st.snapshot();
    let mark = st.clock;
    repair(st);
    refill(st, &pre, removed, ev);
    let improved = consider_best(st, ev, best);
    for (r, jobs) in pre.iter().enumerate() {
        if st.modified[r] > mark {
            st.set_route_raw(r, jobs.clone());
        }
    }
    st.resync();
    improved
}

/// After [`repair`]: re-inserts, at feasible positions only, the jobs `pre`
/// planned that the repair dropped, then the unplanned jobs of `removed`
/// (pinned jobs before all others).
fn refill(st: &mut SearchState, pre: &[Vec<usize>], removed: &[usize], ev: &CostEvaluator) {
    let mut routes = Vec::new();
    let dropped = pre.iter().flatten().copied();
    let mut jobs: Vec<usize> = dropped.chain(removed.iter().copied()).collect();
    // Pinned jobs first: the others must not take their times.
    jobs.sort_by_key(|&j| st.inst.p.jobs[j].pin.is_none());
    for j in jobs {
        if st.route_of[j] == NONE {
            insert_job(st, j, ev, true, None, &mut routes);
        }
    }
}

/// Keeps `st` as the best if it is feasible and cheaper; true if it was.
fn consider_best(st: &SearchState, ev: &CostEvaluator, best: &mut Best) -> bool {
    if st.feasible() != (true, true) {
        return false;
    }
    let cost = st.total_cost(ev);
    if best.as_ref().is_none_or(|b| cost < b.0) {
        *best = Some((cost, st.snapshot()));
        return true;
    }
    false
}

/// Removes jobs from infeasible routes until every route is feasible
/// (non-pinned jobs first, and jobs whose synchronised partner is pinned
/// with them), and unplans sync jobs whose partner is unplanned.
pub(crate) fn repair(st: &mut SearchState) {
    repair_keeping(st, false);
}

/// [`repair`]; with `keep_pinned`, a route left with only pinned jobs (and
/// their synchronised partners) stays infeasible instead of losing one: the
/// candidate is then not a plan, and the search moves on without it.
fn repair_keeping(st: &mut SearchState, keep_pinned: bool) {
    let inst = st.inst;
    let viol = |s: &super::schedule::RouteStats| {
        s.time_warp + s.excess_load + s.sync_violation + if s.invalid { 1 << 40 } else { 0 }
    };
    // A job whose synchronised partner is pinned goes last too: dropping it
    // would leave the pinned partner alone.
    let pinned = |x: usize| inst.p.jobs[x].pin.is_some();
    let kept = |j: usize| pinned(j) || partner(inst, j).is_some_and(pinned);
    // The best removal from route `r`: (kept, violation left, position).
    let best_in = |st: &mut SearchState, r: usize| {
        let jobs = st.routes[r].jobs.clone();
        let mut best: Option<(bool, i64, usize)> = None;
        for (k, &j) in jobs.iter().enumerate() {
            let mut rest = jobs.clone();
            rest.remove(k);
            st.set_route(r, rest);
            let key = (kept(j), viol(&st.routes[r].stats), k);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        st.set_route(r, jobs);
        best
    };
    for _ in 0..=inst.n {
        let Some(first) = (0..inst.m).find(|&r| !st.routes[r].stats.feasible()) else {
            break;
        };
        let mut pick = best_in(st, first).map(|b| (b, first));
        if pick.is_some_and(|(b, _)| b.0) {
            // Only kept jobs left here (a route late because of its
            // synchronised partner's route, say): mend another infeasible
            // route first if it has a job that may go.
            let others: Vec<usize> = (0..inst.m)
                .filter(|&r| r != first && !st.routes[r].stats.feasible())
                .collect();
            for r in others {
                if let Some(b) = best_in(st, r).filter(|b| !b.0) {
                    pick = Some((b, r));
                    break;
                }
            }
        }
        let Some(((kept_job, _, k), r)) = pick else {
            break;
        };
        if kept_job && keep_pinned {
            break;
        }
        let mut rest = st.routes[r].jobs.clone();
        rest.remove(k);
        st.set_route(r, rest);
    }
    loop {
        let orphan = inst.p.sync.iter().find_map(|g| {
            match (st.route_of[g.first] == NONE, st.route_of[g.second] == NONE) {
                (true, false) => Some(g.second),
                (false, true) => Some(g.first),
                _ => None,
            }
        });
        let Some(j) = orphan else { break };
        let r = st.route_of[j];
        let jobs: Vec<usize> = st.routes[r]
            .jobs
            .iter()
            .copied()
            .filter(|&x| x != j)
            .collect();
        st.set_route(r, jobs);
    }
}
