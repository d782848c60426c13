//! The exact forward schedule of one route (the joint schedule that aligns
//! synchronised jobs across routes is in [`super::joint`]).
//!
//! [`simulate`] walks a route stop by stop: it picks each job's window
//! (multiple windows per job), takes breaks at the first stop where they are
//! due or fit in the waiting time (a due break before the stop's service or
//! after it, before leaving, whichever is on time and leaves earlier),
//! applies lower bounds on start times coming from synchronisation, and
//! measures time warp (hard lateness, shift end, maximum duration, break
//! lateness), soft lateness (tardiness), waiting, overtime and continuity.
//! It is the *general* evaluator, O(route length), used whenever segment
//! concatenation is not exact, and the one that writes the reported
//! schedule. Pricing that resumes from a route's recorded states is in
//! [`reuse`].

use super::instance::{FAR, Instance};
use super::solution::{ScheduledBreak, ScheduledJob};

mod reuse;

use reuse::{Cached, Reuse, add_between};
pub(crate) use reuse::{Fwd, simulate_recording, simulate_reusing};

/// Everything the cost of a route depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RouteStats {
    /// Number of jobs.
    pub jobs: usize,
    /// Total distance.
    pub distance: i64,
    /// Total travel time.
    pub travel: i64,
    /// Total waiting.
    pub waiting: i64,
    /// Return − departure.
    pub duration: i64,
    /// Hard violations in time units.
    pub time_warp: i64,
    /// Load above capacity.
    pub excess_load: i64,
    /// Sum of soft lateness.
    pub tardiness: i64,
    /// Largest soft lateness.
    pub max_lateness: i64,
    /// Duration beyond `overtime_after`.
    pub overtime: i64,
    /// Jobs served by a non-preferred vehicle.
    pub non_preferred: i64,
    /// Misalignment with synchronised partners.
    pub sync_violation: i64,
    /// Structurally impossible (both jobs of a sync pair in one route).
    pub invalid: bool,
    /// Departure time.
    pub departure: i64,
}

impl RouteStats {
    /// No hard constraint is violated.
    pub fn feasible(&self) -> bool {
        self.time_warp == 0 && self.excess_load == 0 && self.sync_violation == 0 && !self.invalid
    }
}

/// How synchronisation constrains the jobs of the simulated route.
#[derive(Clone, Copy)]
pub(crate) enum SyncBounds<'a> {
    /// No synchronisation.
    None,
    /// A lower bound on each job's start (joint schedule rounds).
    Lower(&'a [i64]),
    /// Bounds derived from the partners' current starts; partners that are
    /// unplanned (`planned[p]` false) impose nothing.
    Partners {
        /// Current start per job.
        starts: &'a [i64],
        /// Whether each job is currently planned.
        planned: &'a dyn Fn(usize) -> bool,
    },
}

/// Optional outputs of [`simulate`].
#[derive(Default)]
pub(crate) struct Trace<'a> {
    /// Scheduled jobs.
    pub stops: Option<&'a mut Vec<ScheduledJob>>,
    /// Scheduled breaks.
    pub breaks: Option<&'a mut Vec<ScheduledBreak>>,
    /// Start per job, written at the job's index.
    pub starts: Option<&'a mut [i64]>,
}

/// Chooses the window for a job ready at `ready`: the start and the lateness
/// past the last window (0 when on time).
#[inline]
pub(super) fn pick(inst: &Instance, j: usize, ready: i64) -> (i64, i64) {
    let ws = &inst.windows[j];
    for w in ws {
        if w.latest >= ready {
            return (ready.max(w.earliest), 0);
        }
    }
    let last = ws[ws.len() - 1].latest;
    (ready, ready - last)
}

/// Schedules `seq` on vehicle `v`. See the module docs for the rules.
/// `departure` overrides the computed departure time.
///
/// By default a route leaves so as to reach its first job without waiting;
/// with breaks, leaving at the shift start can be better (a break due
/// before the first job), so both are tried and the one with less time
/// warp (then shorter) is kept.
pub(crate) fn simulate(
    inst: &Instance,
    v: usize,
    seq: &[usize],
    sync: SyncBounds,
    departure: Option<i64>,
    trace: Trace,
) -> RouteStats {
    let veh = &inst.p.vehicles[v];
    if departure.is_some() || veh.breaks.is_empty() || seq.is_empty() {
        return simulate_from(inst, v, seq, sync, departure, trace);
    }
    let late = simulate_from(inst, v, seq, sync, None, Trace::default());
    if late.time_warp == 0 {
        return if trace.stops.is_some() || trace.breaks.is_some() || trace.starts.is_some() {
            simulate_from(inst, v, seq, sync, Some(late.departure), trace)
        } else {
            late
        };
    }
    let mut best = late;
    let mut before = 0;
    for b in veh.breaks.iter().map(Some).chain([None]) {
        // Leaving earlier by the length of the breaks due first, or at the
        // shift start.
        let dep = match b {
            Some(b) => {
                before += b.duration;
                (late.departure - before).max(veh.shift.earliest)
            }
            None => veh.shift.earliest,
        };
        let s = simulate_from(inst, v, seq, sync, Some(dep), Trace::default());
        if (s.time_warp, s.duration) < (best.time_warp, best.duration) {
            best = s;
        }
    }
    let wants_trace = trace.stops.is_some() || trace.breaks.is_some() || trace.starts.is_some();
    if wants_trace {
        simulate_from(inst, v, seq, sync, Some(best.departure), trace)
    } else {
        best
    }
}

/// The start of job `j` when ready at `ready` under the start bounds
/// `(lb, ub)`, and the time warp that costs: lateness past a hard window or
/// past a soft window's cap, and misalignment with the bounds (the rules of
/// [`simulate`]).
#[inline]
fn start_and_warp(inst: &Instance, j: usize, ready: i64, (lb, ub): (i64, i64)) -> (i64, i64) {
    let (mut start, late) = pick(inst, j, ready.max(lb));
    let mut warp = 0;
    if late > 0 {
        warp = if inst.soft[j] {
            late - late.min(inst.late_cap[j])
        } else {
            late
        };
        start -= warp;
    }
    (start, warp + (start - ub).max(0) + (lb - start).max(0))
}

/// Whether break `b`, due before the vehicle reaches the stop after job
/// `j` (arrival `cur`, start lower bound `lb`), is better taken after `j`'s
/// service than before it: less time warp (a late job or a late break),
/// then an earlier departure from `j`. Ties keep the break before the
/// service. A job pinned just before a break's latest start, say, can only
/// be served on time with the break after it.
///
/// The choice ignores upper bounds from synchronised partners: the joint
/// schedule ([`super::joint`]) knows only lower bounds, and the move
/// evaluation, which knows both, must choose as it does (otherwise a route
/// priced with the break after a synchronised job would be scheduled with
/// it before, pushing the partner).
fn later_is_better(
    inst: &Instance,
    j: usize,
    cur: i64,
    lb: i64,
    b: &super::problem::Break,
) -> bool {
    let bounds = (lb, FAR);
    let dur = inst.p.jobs[j].duration;
    let late_break = |bs: i64| (bs - b.window.latest).max(0);
    // Before the service.
    let bs = cur.max(b.window.earliest);
    let (start, warp) = start_and_warp(inst, j, bs.min(b.window.latest) + b.duration, bounds);
    let before = (warp + late_break(bs), start + dur);
    // After the service.
    let (start, warp) = start_and_warp(inst, j, cur, bounds);
    let bs = (start + dur).max(b.window.earliest);
    let later = (warp + late_break(bs), bs.min(b.window.latest) + b.duration);
    later < before
}

fn simulate_from(
    inst: &Instance,
    v: usize,
    seq: &[usize],
    sync: SyncBounds,
    departure: Option<i64>,
    trace: Trace,
) -> RouteStats {
    simulate_core(inst, v, seq, sync, departure, trace, Reuse::default())
}

fn simulate_core(
    inst: &Instance,
    v: usize,
    seq: &[usize],
    sync: SyncBounds,
    departure: Option<i64>,
    mut trace: Trace,
    mut reuse: Reuse,
) -> RouteStats {
    let mut st = RouteStats::default();
    if let Some(out) = reuse.record.as_deref_mut() {
        out.clear();
    }
    if seq.is_empty() {
        return st;
    }
    let veh = &inst.p.vehicles[v];
    let mx = inst.matrix(v);
    let jobs = &inst.p.jobs;
    // The synchronised jobs of `seq` (a partner in `seq` is one of them):
    // asking this short list instead of the whole sequence keeps the
    // partner test O(1) per link.
    let mut linked = [0usize; 16];
    let mut nl = 0;
    let mut overflow = false;
    if !inst.p.sync.is_empty() {
        for &j in seq {
            if !inst.links[j].is_empty() {
                if nl < linked.len() {
                    linked[nl] = j;
                    nl += 1;
                } else {
                    overflow = true;
                }
            }
        }
    }
    let in_seq = |x: usize| {
        if overflow {
            seq.contains(&x)
        } else {
            linked[..nl].contains(&x)
        }
    };
    let bounds = |j: usize| -> (i64, i64) {
        match sync {
            SyncBounds::None => (-FAR, FAR),
            SyncBounds::Lower(lb) => (lb[j], FAR),
            SyncBounds::Partners { starts, planned } => {
                let mut b = (-FAR, FAR);
                for l in &inst.links[j] {
                    if planned(l.partner) && !in_seq(l.partner) {
                        let s = starts[l.partner];
                        b.0 = b.0.max(s + l.min_offset);
                        b.1 = b.1.min(s + l.max_offset);
                    }
                }
                b
            }
        }
    };
    // Structural check: a sync pair on one vehicle is impossible.
    for &j in &linked[..nl] {
        if inst.links[j].iter().any(|l| in_seq(l.partner)) {
            st.invalid = true;
        }
    }
    if overflow
        && seq
            .iter()
            .any(|&j| inst.links[j].iter().any(|l| in_seq(l.partner)))
    {
        st.invalid = true;
    }
    // Departure: leave so as to start the first job without waiting.
    let dep = departure.unwrap_or_else(|| {
        let j = seq[0];
        let tt = mx.time(veh.start_location, jobs[j].location);
        let ready = (veh.shift.earliest + tt).max(bounds(j).0);
        let (start, _) = pick(inst, j, ready);
        (start - tt).max(veh.shift.earliest)
    });
    st.departure = dep;
    let mut t = dep;
    let mut loc = veh.start_location;
    let mut nb = 0;
    let mut load = 0;
    // Reuse needs the same bounds on the reused jobs as when they were
    // recorded: no sync pair on the route, then or now (a partner on the
    // route lifts a job's bounds), and no breaks.
    let reusable = !st.invalid && veh.breaks.is_empty() && departure.is_none();
    let mut first = 0;
    let mut tail = None;
    if let Some(Cached {
        fwd,
        prefix,
        tail: tl,
    }) = reuse.cached
        && reusable
    {
        if prefix > 0 {
            let f = &fwd[prefix];
            debug_assert_eq!(f.acc.departure, dep);
            st = f.acc;
            t = f.t;
            load = f.load;
            loc = jobs[seq[prefix - 1]].location;
            first = prefix;
        }
        tail = tl.map(|(k, s)| (k, s, fwd));
    }
    let mut record = if reusable { reuse.record } else { None };
    if let Some(out) = record.as_deref_mut() {
        out.push(Fwd {
            t,
            load,
            start: t,
            acc: st,
            rest_max: 0,
        });
    }
    let mut k = first;
    while k < seq.len() {
        let j = seq[k];
        let job = &jobs[j];
        let tt = mx.time(loc, job.location);
        st.distance += mx.dist(loc, job.location);
        st.travel += tt;
        let arrival = t + tt;
        let mut cur = arrival;
        let (lb, ub) = bounds(j);
        let next_tt = match seq.get(k + 1) {
            Some(&nx) => mx.time(job.location, jobs[nx].location),
            None => veh.end_location.map_or(0, |e| mx.time(job.location, e)),
        };
        let mut on_break = 0;
        // Whether the next break is taken after this job's service, before
        // leaving, rather than before its service.
        let mut after = false;
        while let Some(b) = veh.breaks.get(nb) {
            let (start_est, _) = pick(inst, j, cur.max(lb));
            let bs = cur.max(b.window.earliest);
            let must = start_est + job.duration + next_tt > b.window.latest;
            let fits = bs + b.duration <= start_est;
            if !(must || fits) {
                break;
            }
            if must && !fits && later_is_better(inst, j, cur, lb, b) {
                after = true;
                break;
            }
            let bs = if bs > b.window.latest {
                st.time_warp += bs - b.window.latest;
                b.window.latest
            } else {
                bs
            };
            if let Some(out) = trace.breaks.as_deref_mut() {
                out.push(ScheduledBreak {
                    index: nb,
                    start: bs,
                    before: k,
                });
            }
            cur = bs + b.duration;
            on_break += b.duration;
            nb += 1;
        }
        let (mut start, late) = pick(inst, j, cur.max(lb));
        let mut lateness = 0;
        if late > 0 {
            if inst.soft[j] {
                lateness = late.min(inst.late_cap[j]);
                st.tardiness += lateness;
                st.max_lateness = st.max_lateness.max(lateness);
                // Past the cap the start is as infeasible as a hard window.
                st.time_warp += late - lateness;
                start -= late - lateness;
            } else {
                st.time_warp += late;
                start -= late;
            }
        }
        st.sync_violation += (start - ub).max(0) + (lb - start).max(0);
        let wait = (start - arrival - on_break).max(0);
        st.waiting += wait;
        if let Some(out) = trace.stops.as_deref_mut() {
            out.push(ScheduledJob {
                job: j,
                arrival,
                start,
                wait,
                lateness,
            });
        }
        if let Some(out) = trace.starts.as_deref_mut() {
            out[j] = start;
        }
        load += job.demand;
        st.non_preferred += inst.non_preferred(j, v) as i64;
        t = start + job.duration;
        if after && let Some(b) = veh.breaks.get(nb) {
            // The break after the service, before leaving for the next stop
            // (`before` = the next stop); waiting for its window is waiting.
            let mut bs = t.max(b.window.earliest);
            if bs > b.window.latest {
                st.time_warp += bs - b.window.latest;
                bs = b.window.latest;
            }
            st.waiting += bs - t;
            if let Some(out) = trace.breaks.as_deref_mut() {
                out.push(ScheduledBreak {
                    index: nb,
                    start: bs,
                    before: k + 1,
                });
            }
            t = bs + b.duration;
            nb += 1;
        }
        loc = job.location;
        if let Some(out) = record.as_deref_mut() {
            out.push(Fwd {
                t,
                load,
                start,
                acc: st,
                rest_max: lateness,
            });
        }
        k += 1;
        if let Some((from, s, fwd)) = tail
            && k > from
        {
            // Job `k − 1` is the current route's job `o`: if it starts as it
            // does today, the rest of the route is unchanged.
            let o = s + (k - 1 - from);
            if fwd[o + 1].start == start {
                let (here, end) = (&fwd[o + 1], &fwd[fwd.len() - 1]);
                add_between(&mut st, &here.acc, &end.acc);
                st.max_lateness = st
                    .max_lateness
                    .max(fwd.get(o + 2).map_or(0, |f| f.rest_max));
                load += end.load - here.load;
                t = end.t;
                loc = jobs[seq[seq.len() - 1]].location;
                break;
            }
        }
    }
    if let Some(out) = record {
        // Entry `k + 1` held job `k`'s own lateness; make it the largest of
        // jobs `k..`.
        let mut m = 0;
        for i in (1..out.len()).rev() {
            m = m.max(out[i].rest_max);
            out[i].rest_max = m;
        }
        out[0].rest_max = m;
    }
    if let Some(e) = veh.end_location {
        st.distance += mx.dist(loc, e);
        st.travel += mx.time(loc, e);
        t += mx.time(loc, e);
    }
    while let Some(b) = veh.breaks.get(nb) {
        let mut bs = t.max(b.window.earliest);
        if bs > b.window.latest {
            st.time_warp += bs - b.window.latest;
            bs = b.window.latest;
        }
        if let Some(out) = trace.breaks.as_deref_mut() {
            out.push(ScheduledBreak {
                index: nb,
                start: bs,
                before: seq.len(),
            });
        }
        t = bs + b.duration;
        nb += 1;
    }
    st.time_warp += (t - veh.shift.latest).max(0);
    st.duration = t - dep;
    if let Some(md) = veh.max_duration {
        st.time_warp += (st.duration - md).max(0);
    }
    if let Some(ot) = veh.overtime_after {
        st.overtime = (st.duration - ot).max(0);
    }
    st.jobs = seq.len();
    st.excess_load = (load - veh.capacity).max(0);
    st
}
