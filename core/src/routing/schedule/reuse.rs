//! Reusing a route's recorded forward schedule: [`simulate_recording`]
//! keeps the state after every job, and [`simulate_reusing`] prices a
//! candidate by resuming after the prefix it keeps and stopping once a kept
//! suffix starts as it does today (routes without breaks). The walk itself
//! is [`simulate_core`]'s.

use super::super::instance::Instance;
use super::{RouteStats, SyncBounds, Trace, simulate, simulate_core};

/// The forward schedule of a route after its first `k` jobs (routes
/// without breaks): what [`simulate_reusing`] resumes from and stops on.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Fwd {
    /// Time after the `k`-th job's service (the departure for `k = 0`).
    pub(super) t: i64,
    /// Load of the first `k` jobs.
    pub(super) load: i64,
    /// Start of the `k`-th job.
    pub(super) start: i64,
    /// Running sums over the first `k` jobs (and the departure).
    pub(super) acc: RouteStats,
    /// Largest soft lateness of the `k`-th job and those after it (filled
    /// backwards; unused for `k = 0`).
    pub(super) rest_max: i64,
}

/// What [`simulate_core`] may reuse or record.
#[derive(Default)]
pub(super) struct Reuse<'a> {
    /// Records the forward states of the route (cleared when not reusable).
    pub(super) record: Option<&'a mut Vec<Fwd>>,
    /// Forward states of the vehicle's current route, with the length of
    /// the new sequence's prefix that is the current route's prefix and,
    /// when the new sequence ends with the current route's jobs `s..`,
    /// `(index of that suffix in the new sequence, s)`.
    pub(super) cached: Option<Cached<'a>>,
}

/// The current route's forward states and what a candidate keeps of it.
pub(super) struct Cached<'a> {
    /// Forward states of the current route.
    pub(super) fwd: &'a [Fwd],
    /// Length of the kept prefix.
    pub(super) prefix: usize,
    /// `(position in the candidate, position in the current route)` of the
    /// kept suffix.
    pub(super) tail: Option<(usize, usize)>,
}

/// Simulates `seq` on vehicle `v` (no breaks, computed departure) and
/// records its forward states in `out` for [`simulate_reusing`]; `out` is
/// left empty when they cannot be reused (breaks, or a sync pair on the
/// route).
pub(crate) fn simulate_recording(
    inst: &Instance,
    v: usize,
    seq: &[usize],
    sync: SyncBounds,
    out: &mut Vec<Fwd>,
) -> RouteStats {
    out.clear();
    if !inst.p.vehicles[v].breaks.is_empty() {
        return simulate(inst, v, seq, sync, None, Trace::default());
    }
    let reuse = Reuse {
        record: Some(out),
        cached: None,
    };
    simulate_core(inst, v, seq, sync, None, Trace::default(), reuse)
}

/// Same result as [`simulate`] for a new sequence of vehicle `v` whose first
/// `prefix` jobs are those of its current route (forward states `fwd`, from
/// [`simulate_recording`] under the same bounds) and which, with `tail =
/// Some((k, s))`, ends with the current route's jobs `s..` from position
/// `k`: resumes after the prefix and stops as soon as a job of that tail
/// starts when it starts today (everything after it is then unchanged).
pub(crate) fn simulate_reusing(
    inst: &Instance,
    v: usize,
    seq: &[usize],
    sync: SyncBounds,
    fwd: &[Fwd],
    prefix: usize,
    tail: Option<(usize, usize)>,
) -> RouteStats {
    if fwd.is_empty() || !inst.p.vehicles[v].breaks.is_empty() {
        return simulate(inst, v, seq, sync, None, Trace::default());
    }
    let reuse = Reuse {
        record: None,
        cached: Some(Cached { fwd, prefix, tail }),
    };
    simulate_core(inst, v, seq, sync, None, Trace::default(), reuse)
}

/// Adds the per-job sums of `b` minus those of `a` to `st`.
pub(super) fn add_between(st: &mut RouteStats, a: &RouteStats, b: &RouteStats) {
    st.distance += b.distance - a.distance;
    st.travel += b.travel - a.travel;
    st.waiting += b.waiting - a.waiting;
    st.time_warp += b.time_warp - a.time_warp;
    st.tardiness += b.tardiness - a.tardiness;
    st.sync_violation += b.sync_violation - a.sync_violation;
    st.non_preferred += b.non_preferred - a.non_preferred;
}
