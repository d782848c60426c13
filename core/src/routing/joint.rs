//! The joint schedule of synchronised routes.
//!
//! [`joint_schedule`] couples routes through synchronised pairs: it computes
//! every route's schedule, then raises the start lower bound of whichever
//! partner is early (a double-handed visit starts at the later of the two
//! arrivals; a gap pushes the second job, or the first when the gap is too
//! long) and re-schedules the affected routes until nothing changes (a
//! fixpoint on monotonically rising bounds, capped in rounds). What remains
//! misaligned is the *sync violation*, penalised like time warp.
//!
//! Later rounds re-schedule a route without breaks from its first job whose
//! bound rose ([`restart_lower`]) instead of from its start.

use super::instance::{FAR, Instance};
use super::schedule::{SyncBounds, Trace, pick, simulate};

/// Working memory of [`joint_schedule`] kept between calls.
#[derive(Debug, Clone, Default)]
pub(crate) struct JointScratch {
    /// Raised start bound per job.
    pub lb: Vec<i64>,
    /// Per route, its jobs' starts with no bounds (empty when stale).
    pub free: Vec<Vec<i64>>,
}

/// Computes the joint schedule of the `affected` routes (a set closed
/// under synchronisation links; `routes[v]` = jobs of vehicle `v`): writes
/// every job's start into `starts`. `scratch.lb` holds the raised start bounds; `scratch.free[v]` caches the
/// starts of route `v`'s jobs, in order, with no bounds (the first round):
/// used when its length matches the route, recomputed otherwise (the caller
/// clears it when the route changes).
/// Later rounds re-schedule a route without breaks from its first job whose
/// bound rose (see [`restart_lower`]).
pub(crate) fn joint_schedule(
    inst: &Instance,
    routes: &[&[usize]],
    affected: &[usize],
    route_of: &[usize],
    pos_of: &[usize],
    starts: &mut [i64],
    scratch: &mut JointScratch,
) {
    let JointScratch { lb, free } = scratch;
    let mut dirty = vec![false; routes.len()];
    for &r in affected {
        for &j in routes[r] {
            lb[j] = -FAR;
        }
        let f = &mut free[r];
        if f.len() == routes[r].len() {
            for (&j, &s) in routes[r].iter().zip(f.iter()) {
                starts[j] = s;
            }
        } else {
            starts_under(inst, r, routes[r], lb, starts);
            f.clear();
            f.extend(routes[r].iter().map(|&j| starts[j]));
        }
    }
    // Positions of the first and last job of each route whose bound rose
    // since the route was last scheduled.
    let mut raised = vec![(usize::MAX, 0); routes.len()];
    // Routes scheduled this round (all of them in the first). A pair of
    // jobs on routes that were not cannot raise a bound: it was checked
    // against the same starts before, and bounds only rise.
    let mut touched = vec![false; routes.len()];
    for &r in affected {
        touched[r] = true;
    }
    for round in 0..60 {
        for &r in affected {
            if round == 0 {
                continue;
            }
            touched[r] = dirty[r];
            if dirty[r] {
                let (from, upto) = raised[r];
                if inst.p.vehicles[r].breaks.is_empty() {
                    restart_lower(inst, r, routes[r], lb, starts, from, upto);
                } else {
                    starts_under(inst, r, routes[r], lb, starts);
                }
                dirty[r] = false;
                raised[r] = (usize::MAX, 0);
            }
        }
        let mut changed = false;
        let mut raise = |j: usize, dirty: &mut [bool]| {
            let r = route_of[j];
            dirty[r] = true;
            let k = pos_of[j];
            raised[r] = (raised[r].0.min(k), raised[r].1.max(k));
        };
        for &r in affected {
            if !touched[r] {
                continue;
            }
            for &j in routes[r] {
                for l in &inst.links[j] {
                    let p = l.partner;
                    if route_of[p] == usize::MAX {
                        continue;
                    }
                    // Each pair once, from its lower job: start(a) − start(b)
                    // must lie in [lo, hi]. From the higher job only when the
                    // lower one's route was not scheduled (mirrored link).
                    let (a, b, lo, hi) = if p > j {
                        (j, p, l.min_offset, l.max_offset)
                    } else if !touched[route_of[p]] {
                        (p, j, -l.max_offset, -l.min_offset)
                    } else {
                        continue;
                    };
                    let (sa, sb) = (starts[a], starts[b]);
                    if sa < sb + lo && lb[a] < sb + lo {
                        lb[a] = sb + lo;
                        raise(a, &mut dirty);
                        changed = true;
                    }
                    if sa > sb + hi && lb[b] < sa - hi {
                        lb[b] = sa - hi;
                        raise(b, &mut dirty);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// Schedules route `r` from its start under the lower bounds `lb`,
/// writing its jobs' starts.
fn starts_under(inst: &Instance, r: usize, seq: &[usize], lb: &[i64], starts: &mut [i64]) {
    simulate(
        inst,
        r,
        seq,
        SyncBounds::Lower(lb),
        None,
        Trace {
            starts: Some(starts),
            ..Trace::default()
        },
    );
}

/// The starts [`simulate`] writes for `seq` on vehicle `v` (no breaks)
/// under `SyncBounds::Lower(lb)`, given those it wrote before the bounds of
/// jobs at positions `from..=upto` rose: jobs before `from` keep their
/// starts, and once a job after `upto` starts as before, so do all after it.
fn restart_lower(
    inst: &Instance,
    v: usize,
    seq: &[usize],
    lb: &[i64],
    starts: &mut [i64],
    from: usize,
    upto: usize,
) {
    if from >= seq.len() {
        return;
    }
    let veh = &inst.p.vehicles[v];
    let mx = inst.matrix(v);
    let jobs = &inst.p.jobs;
    let (mut t, mut loc) = if from == 0 {
        // The departure rule of `simulate_core`.
        let j = seq[0];
        let tt = mx.time(veh.start_location, jobs[j].location);
        let ready = (veh.shift.earliest + tt).max(lb[j]);
        let (start, _) = pick(inst, j, ready);
        ((start - tt).max(veh.shift.earliest), veh.start_location)
    } else {
        let p = seq[from - 1];
        (starts[p] + jobs[p].duration, jobs[p].location)
    };
    for (k, &j) in seq.iter().enumerate().skip(from) {
        let job = &jobs[j];
        let arrival = t + mx.time(loc, job.location);
        let (mut start, late) = pick(inst, j, arrival.max(lb[j]));
        if late > 0 {
            start -= if inst.soft[j] {
                late - late.min(inst.late_cap[j])
            } else {
                late
            };
        }
        if k > upto && starts[j] == start {
            break;
        }
        starts[j] = start;
        t = start + job.duration;
        loc = job.location;
    }
}
