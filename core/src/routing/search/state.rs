//! The search's own mutable representation of a plan (STYLE guideline 1):
//! job sequences per vehicle with cached prefix/suffix segments, route
//! statistics and the joint schedule of synchronised jobs. `load` builds it
//! from plain routes, `snapshot` gives them back.
//!
//! Candidate routes are described as [`Plan`]s (`plan.rs`) and priced in
//! `evaluate.rs` without building the new route.

use std::cell::{Cell, RefCell};

use crate::routing::cost::CostEvaluator;
use crate::routing::instance::Instance;
use crate::routing::joint::{JointScratch, joint_schedule};
use crate::routing::schedule::{Fwd, RouteStats, SyncBounds, simulate_recording};
use crate::routing::segment::Seg;

pub(crate) use super::plan::{Move, Piece, Plan};

/// Marks a job that is in no route.
pub(crate) const NONE: usize = usize::MAX;

/// One vehicle's route with its caches.
#[derive(Debug, Clone, Default)]
pub(crate) struct RouteState {
    /// Jobs in order.
    pub jobs: Vec<usize>,
    /// Segments of jobs `0..i` from the start depot, for `i` in `0..=len`.
    pub(super) prefix: Vec<Seg>,
    /// Segments of jobs `i..`, for `i` in `0..len`.
    pub(super) suffix: Vec<Seg>,
    /// Statistics of the current sequence.
    pub stats: RouteStats,
    /// Forward schedule states of the current sequence under the current
    /// bounds (empty when not reusable or not yet computed), for pricing
    /// candidates that keep a prefix or suffix of it.
    pub(super) fwd: Vec<Fwd>,
    /// The partners' starts (`i64::MIN` when unplanned) the statistics and
    /// `fwd` were computed against, synchronised jobs in route order.
    seen: Vec<i64>,
}

/// The starts of the partners of `jobs`' synchronised jobs, in order
/// (`i64::MIN` for an unplanned partner): what a route's schedule against
/// its partners depends on besides its own jobs.
fn partners_seen(
    inst: &Instance,
    jobs: &[usize],
    starts: &[i64],
    route_of: &[usize],
    out: &mut Vec<i64>,
) {
    out.clear();
    for &j in jobs {
        for l in &inst.links[j] {
            let p = l.partner;
            out.push(if route_of[p] == NONE {
                i64::MIN
            } else {
                starts[p]
            });
        }
    }
}

/// The mutable search solution.
#[derive(Debug)]
pub(crate) struct SearchState<'a> {
    /// Problem data.
    pub inst: &'a Instance<'a>,
    /// One route per vehicle.
    pub routes: Vec<RouteState>,
    /// Route of each job, or [`NONE`].
    pub route_of: Vec<usize>,
    /// Position of each job in its route.
    pub pos_of: Vec<usize>,
    /// Start of each planned job in the joint schedule.
    pub starts: Vec<i64>,
    /// The joint schedule's bounds and cached free schedules.
    joint: JointScratch,
    /// Clock value when each route last changed.
    pub modified: Vec<u64>,
    /// Change counter.
    pub clock: u64,
    /// Routes changed since the last `resync`.
    dirty: Vec<usize>,
    /// Whether a changed route held or holds a synchronised job.
    sync_dirty: bool,
    /// Scratch sequence for general evaluation.
    pub(super) seq: RefCell<Vec<usize>>,
    /// The three largest route lateness maxima with their routes (padded
    /// with `(0, NONE)`), computed on demand and cleared whenever route
    /// statistics change: the largest lateness outside one or two routes
    /// in O(1).
    top_late: Cell<Option<[(i64, usize); 3]>>,
}

impl<'a> SearchState<'a> {
    /// An empty plan.
    pub fn new(inst: &'a Instance<'a>) -> Self {
        let mut st = SearchState {
            inst,
            routes: vec![RouteState::default(); inst.m],
            route_of: vec![NONE; inst.n],
            pos_of: vec![0; inst.n],
            starts: vec![0; inst.n],
            joint: JointScratch {
                lb: vec![0; inst.n],
                free: vec![Vec::new(); inst.m],
            },
            modified: vec![0; inst.m],
            clock: 0,
            dirty: Vec::new(),
            sync_dirty: true,
            seq: RefCell::new(Vec::new()),
            top_late: Cell::new(None),
        };
        for r in 0..inst.m {
            st.refresh(r);
        }
        st
    }

    /// Whether synchronisation couples the routes.
    #[inline]
    pub fn coupled(&self) -> bool {
        !self.inst.p.sync.is_empty()
    }

    /// Replaces every route (job lists indexed by vehicle).
    pub fn load(&mut self, routes: &[Vec<usize>]) {
        for r in 0..self.inst.m {
            let jobs = routes.get(r).cloned().unwrap_or_default();
            self.set_route_raw(r, jobs);
        }
        self.resync();
    }

    /// The job lists, indexed by vehicle.
    pub fn snapshot(&self) -> Vec<Vec<usize>> {
        self.routes.iter().map(|r| r.jobs.clone()).collect()
    }

    /// Replaces route `r` and refreshes what depends on it.
    pub fn set_route(&mut self, r: usize, jobs: Vec<usize>) {
        self.set_route_raw(r, jobs);
        self.resync();
    }

    /// Replaces route `r` without re-aligning synchronised jobs (call
    /// [`Self::resync`] after a batch).
    pub fn set_route_raw(&mut self, r: usize, jobs: Vec<usize>) {
        let links = &self.inst.links;
        for &j in &self.routes[r].jobs {
            if self.route_of[j] == r {
                self.route_of[j] = NONE;
            }
            for l in &links[j] {
                // The partner's bounds came from this job: re-align its route.
                self.sync_dirty = true;
                let rp = self.route_of[l.partner];
                if rp != NONE {
                    self.dirty.push(rp);
                }
            }
        }
        self.sync_dirty |= jobs.iter().any(|&j| !links[j].is_empty());
        self.dirty.push(r);
        for (i, &j) in jobs.iter().enumerate() {
            self.route_of[j] = r;
            self.pos_of[j] = i;
        }
        self.routes[r].jobs = jobs;
        self.routes[r].fwd.clear();
        self.joint.free[r].clear();
        self.clock += 1;
        self.modified[r] = self.clock;
        self.refresh(r);
    }

    fn refresh(&mut self, r: usize) {
        let inst = self.inst;
        self.top_late.set(None);
        {
            // Segment caches: exact in simple mode; elsewhere their arc sums
            // give cheap lower bounds on move costs.
            let veh = &inst.p.vehicles[r];
            let mx = inst.matrix(r);
            let route = &mut self.routes[r];
            let l = route.jobs.len();
            route.prefix.clear();
            let mut acc = Seg::stop(
                veh.start_location,
                0,
                veh.shift.earliest,
                veh.shift.latest,
                0,
            );
            route.prefix.push(acc);
            for &j in &route.jobs {
                let s = &inst.singles[j];
                acc = acc.merge(s, mx.time(acc.last, s.first), mx.dist(acc.last, s.first));
                route.prefix.push(acc);
            }
            route.suffix.clear();
            route.suffix.resize(l, Seg::default());
            for i in (0..l).rev() {
                let s = inst.singles[route.jobs[i]];
                route.suffix[i] = if i + 1 < l {
                    let nx = &route.suffix[i + 1];
                    s.merge(nx, mx.time(s.last, nx.first), mx.dist(s.last, nx.first))
                } else {
                    s
                };
            }
        }
        if inst.simple {
            let l = self.routes[r].jobs.len();
            let plan = Plan::new(r, &[Piece::Prefix(r, l)]);
            self.routes[r].stats = self.eval_plan(&plan).unwrap_or_default();
        } else if !self.coupled() {
            let route = &mut self.routes[r];
            route.stats =
                simulate_recording(inst, r, &route.jobs, SyncBounds::None, &mut route.fwd);
        }
        // Coupled routes are refreshed together by `resync`.
    }

    /// Recomputes the joint schedule of synchronised jobs and every route's
    /// statistics against it. No-op without synchronisation.
    pub fn resync(&mut self) {
        self.top_late.set(None);
        if !self.coupled() {
            self.dirty.clear();
            return;
        }
        if !self.sync_dirty {
            // No synchronised job moved: other routes' schedules stand.
            let mut dirty = std::mem::take(&mut self.dirty);
            dirty.sort_unstable();
            dirty.dedup();
            let route_of = &self.route_of;
            let planned = |j: usize| route_of[j] != NONE;
            for &r in &dirty {
                let route = &mut self.routes[r];
                let sync = SyncBounds::Partners {
                    starts: &self.starts,
                    planned: &planned,
                };
                route.stats = simulate_recording(self.inst, r, &route.jobs, sync, &mut route.fwd);
                partners_seen(
                    self.inst,
                    &route.jobs,
                    &self.starts,
                    route_of,
                    &mut route.seen,
                );
            }
            dirty.clear();
            self.dirty = dirty;
            return;
        }
        self.sync_dirty = false;
        // Re-align the routes linked (transitively) to the changed ones.
        let inst = self.inst;
        let mut affected = vec![false; inst.m];
        let mut stack = std::mem::take(&mut self.dirty);
        let mut list = Vec::new();
        while let Some(r) = stack.pop() {
            if std::mem::replace(&mut affected[r], true) {
                continue;
            }
            list.push(r);
            for &j in &self.routes[r].jobs {
                for l in &inst.links[j] {
                    let rp = self.route_of[l.partner];
                    if rp != NONE && !affected[rp] {
                        stack.push(rp);
                    }
                }
            }
        }
        self.dirty = stack;
        list.sort_unstable();
        let routes: Vec<&[usize]> = self.routes.iter().map(|r| r.jobs.as_slice()).collect();
        joint_schedule(
            inst,
            &routes,
            &list,
            &self.route_of,
            &self.pos_of,
            &mut self.starts,
            &mut self.joint,
        );
        let route_of = &self.route_of;
        let planned = |j: usize| route_of[j] != NONE;
        let mut seen = Vec::new();
        for &r in &list {
            let route = &mut self.routes[r];
            partners_seen(inst, &route.jobs, &self.starts, route_of, &mut seen);
            if !route.fwd.is_empty() && seen == route.seen {
                // Same jobs (a change clears `fwd`) against the same
                // partners' starts: the statistics stand.
                continue;
            }
            let sync = SyncBounds::Partners {
                starts: &self.starts,
                planned: &planned,
            };
            route.stats = simulate_recording(inst, r, &route.jobs, sync, &mut route.fwd);
            std::mem::swap(&mut route.seen, &mut seen);
        }
    }

    /// Largest soft lateness over all routes except those in `skip`.
    pub(super) fn max_lateness_except(&self, skip: [usize; 2]) -> i64 {
        let top = match self.top_late.get() {
            Some(top) => top,
            None => {
                let mut top = [(0, NONE); 3];
                for (r, rt) in self.routes.iter().enumerate() {
                    let x = rt.stats.max_lateness;
                    if x > top[2].0 {
                        top[2] = (x, r);
                        top.sort_by_key(|&(x, _)| std::cmp::Reverse(x));
                    }
                }
                self.top_late.set(Some(top));
                top
            }
        };
        top.iter()
            .find(|&&(_, r)| r == NONE || !skip.contains(&r))
            .map_or(0, |&(x, _)| x)
    }

    /// Penalised cost of route `r` as it stands.
    #[inline]
    pub fn route_cost(&self, r: usize, ev: &CostEvaluator) -> i64 {
        ev.route_cost(self.inst, r, &self.routes[r].stats)
    }

    /// Applies `mv` (materialising every plan from the current routes first).
    pub fn apply(&mut self, mv: &Move) {
        let mut new: [Option<(usize, Vec<usize>)>; 2] = [None, None];
        for (k, plan) in mv.plans.iter().enumerate() {
            if let Some(plan) = plan {
                let mut seq = Vec::new();
                self.materialize(plan, &mut seq);
                new[k] = Some((plan.route, seq));
            }
        }
        for (r, seq) in new.into_iter().flatten() {
            self.set_route_raw(r, seq);
        }
        self.resync();
    }

    /// Penalised cost of the whole plan: routes, the max-tardiness term and
    /// unplanned jobs.
    pub fn total_cost(&self, ev: &CostEvaluator) -> i64 {
        let routes: i64 = (0..self.inst.m)
            .map(|r| self.route_cost(r, ev))
            .fold(0, i64::saturating_add);
        let w = self.inst.p.objective.max_tardiness;
        let mt = if w != 0 {
            w * self.max_lateness_except([NONE; 2])
        } else {
            0
        };
        routes
            .saturating_add(mt)
            .saturating_add(self.unassigned_penalty())
    }

    /// Sum of penalties of unplanned jobs.
    pub fn unassigned_penalty(&self) -> i64 {
        (0..self.inst.n)
            .filter(|&j| self.route_of[j] == NONE)
            .map(|j| self.inst.p.jobs[j].unassigned_penalty)
            .fold(0, i64::saturating_add)
    }

    /// Whether every route is feasible (time, load, synchronisation) and
    /// every sync pair is planned together or not at all.
    pub fn feasible(&self) -> (bool, bool) {
        let tw = self
            .routes
            .iter()
            .all(|r| r.stats.time_warp == 0 && r.stats.sync_violation == 0 && !r.stats.invalid)
            && self
                .inst
                .p
                .sync
                .iter()
                .all(|g| (self.route_of[g.first] == NONE) == (self.route_of[g.second] == NONE));
        let load = self.routes.iter().all(|r| r.stats.excess_load == 0);
        (tw, load)
    }
}
