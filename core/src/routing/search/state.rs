//! The search's own mutable representation of a plan (STYLE guideline 1):
//! job sequences per vehicle with cached prefix/suffix segments, route
//! statistics and the joint schedule of synchronised jobs. `load` builds it
//! from plain routes, `snapshot` gives them back.
//!
//! Candidate routes are described as [`Plan`]s, short lists of [`Piece`]s
//! (a prefix, a suffix or a slice of an existing route, a single job), so a
//! move is evaluated without building the new route: by O(1) segment
//! concatenation when the problem is simple enough (see
//! [`Instance::simple`]), otherwise by the general forward schedule.

use std::cell::RefCell;

use crate::routing::cost::CostEvaluator;
use crate::routing::instance::Instance;
use crate::routing::schedule::{RouteStats, SyncBounds, Trace, joint_schedule, simulate};
use crate::routing::segment::Seg;

/// Marks a job that is in no route.
pub(crate) const NONE: usize = usize::MAX;

/// A part of a candidate route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Jobs `0..end` of a route (with that route's start depot).
    Prefix(usize, usize),
    /// Jobs `start..` of a route.
    Suffix(usize, usize),
    /// Jobs `start..end` of a route.
    Range(usize, usize, usize),
    /// Jobs `start..end` of a route, reversed.
    Rev(usize, usize, usize),
    /// One job.
    Job(usize),
}

/// A candidate sequence for one route (vehicle).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// The vehicle whose route this becomes.
    pub route: usize,
    pieces: [Piece; 6],
    len: usize,
}

impl Plan {
    /// A plan built from `pieces` (at most six).
    pub fn new(route: usize, pieces: &[Piece]) -> Plan {
        let mut p = Plan {
            route,
            pieces: [Piece::Job(0); 6],
            len: pieces.len().min(6),
        };
        p.pieces[..p.len].copy_from_slice(&pieces[..p.len]);
        p
    }
    /// The pieces.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces[..self.len]
    }
}

/// A move: new sequences for one or two routes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Move {
    /// The changed routes.
    pub plans: [Option<Plan>; 2],
}

impl Move {
    /// A move changing one route.
    pub fn one(a: Plan) -> Move {
        Move {
            plans: [Some(a), None],
        }
    }
    /// A move changing two routes.
    pub fn two(a: Plan, b: Plan) -> Move {
        Move {
            plans: [Some(a), Some(b)],
        }
    }
}

/// One vehicle's route with its caches.
#[derive(Debug, Clone, Default)]
pub(crate) struct RouteState {
    /// Jobs in order.
    pub jobs: Vec<usize>,
    prefix: Vec<Seg>,
    suffix: Vec<Seg>,
    /// Statistics of the current sequence.
    pub stats: RouteStats,
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
    lb: Vec<i64>,
    /// Clock value when each route last changed.
    pub modified: Vec<u64>,
    /// Change counter.
    pub clock: u64,
    /// Routes changed since the last `resync`.
    dirty: Vec<usize>,
    /// Whether a changed route held or holds a synchronised job.
    sync_dirty: bool,
    seq: RefCell<Vec<usize>>,
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
            lb: vec![0; inst.n],
            modified: vec![0; inst.m],
            clock: 0,
            dirty: Vec::new(),
            sync_dirty: true,
            seq: RefCell::new(Vec::new()),
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
        self.clock += 1;
        self.modified[r] = self.clock;
        self.refresh(r);
    }

    fn refresh(&mut self, r: usize) {
        let inst = self.inst;
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
            let stats = simulate(
                inst,
                r,
                &self.routes[r].jobs,
                SyncBounds::None,
                None,
                Trace::default(),
            );
            self.routes[r].stats = stats;
        }
        // Coupled routes are refreshed together by `resync`.
    }

    /// Recomputes the joint schedule of synchronised jobs and every route's
    /// statistics against it. No-op without synchronisation.
    pub fn resync(&mut self) {
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
                let route = &self.routes[r];
                let stats = simulate(
                    self.inst,
                    r,
                    &route.jobs,
                    SyncBounds::Partners {
                        starts: &self.starts,
                        planned: &planned,
                    },
                    None,
                    Trace::default(),
                );
                self.routes[r].stats = stats;
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
            &mut self.starts,
            &mut self.lb,
        );
        let route_of = &self.route_of;
        let planned = |j: usize| route_of[j] != NONE;
        let stats: Vec<RouteStats> = list
            .iter()
            .map(|&r| {
                simulate(
                    inst,
                    r,
                    routes[r],
                    SyncBounds::Partners {
                        starts: &self.starts,
                        planned: &planned,
                    },
                    None,
                    Trace::default(),
                )
            })
            .collect();
        for (&r, st) in list.iter().zip(stats) {
            self.routes[r].stats = st;
        }
    }

    fn seg_of(&self, piece: Piece, v: usize) -> Option<Seg> {
        let inst = self.inst;
        let mx = inst.matrix(v);
        let chain = |it: &mut dyn Iterator<Item = &usize>| -> Option<Seg> {
            let mut acc: Option<Seg> = None;
            for &j in it {
                let s = &inst.singles[j];
                acc = Some(match acc {
                    None => *s,
                    Some(a) => a.merge(s, mx.time(a.last, s.first), mx.dist(a.last, s.first)),
                });
            }
            acc
        };
        match piece {
            Piece::Prefix(r, e) => chain(&mut self.routes[r].jobs[..e].iter()),
            Piece::Suffix(r, s) => self.routes[r].suffix.get(s).copied(),
            Piece::Range(r, s, e) => chain(&mut self.routes[r].jobs[s..e].iter()),
            Piece::Rev(r, s, e) => chain(&mut self.routes[r].jobs[s..e].iter().rev()),
            Piece::Job(j) => Some(inst.singles[j]),
        }
    }

    fn piece_jobs(&self, piece: Piece, out: &mut Vec<usize>) {
        match piece {
            Piece::Prefix(r, e) => out.extend_from_slice(&self.routes[r].jobs[..e]),
            Piece::Suffix(r, s) => out.extend_from_slice(&self.routes[r].jobs[s..]),
            Piece::Range(r, s, e) => out.extend_from_slice(&self.routes[r].jobs[s..e]),
            Piece::Rev(r, s, e) => out.extend(self.routes[r].jobs[s..e].iter().rev()),
            Piece::Job(j) => out.push(j),
        }
    }

    /// The job sequence a plan describes.
    pub fn materialize(&self, plan: &Plan, out: &mut Vec<usize>) {
        out.clear();
        for &p in plan.pieces() {
            self.piece_jobs(p, out);
        }
    }

    fn allowed(&self, plan: &Plan) -> bool {
        let inst = self.inst;
        if !inst.restricted {
            return true;
        }
        let v = plan.route;
        plan.pieces().iter().all(|&p| {
            let check = |jobs: &[usize]| jobs.iter().all(|&j| inst.can_serve(j, v));
            match p {
                Piece::Prefix(r, e) if r != v => check(&self.routes[r].jobs[..e]),
                Piece::Suffix(r, s) if r != v => check(&self.routes[r].jobs[s..]),
                Piece::Range(r, s, e) | Piece::Rev(r, s, e) if r != v => {
                    check(&self.routes[r].jobs[s..e])
                }
                Piece::Job(j) => inst.can_serve(j, v),
                _ => true,
            }
        })
    }

    /// Statistics of a plan, or `None` if a job may not go on its vehicle.
    pub fn eval_plan(&self, plan: &Plan) -> Option<RouteStats> {
        if !self.allowed(plan) {
            return None;
        }
        let inst = self.inst;
        let v = plan.route;
        if inst.simple {
            let veh = &inst.p.vehicles[v];
            let mx = inst.matrix(v);
            let ps = plan.pieces();
            let (mut acc, rest) = match ps.first() {
                Some(&Piece::Prefix(r, e)) if r == v => (self.routes[r].prefix[e], &ps[1..]),
                _ => (
                    Seg::stop(
                        veh.start_location,
                        0,
                        veh.shift.earliest,
                        veh.shift.latest,
                        0,
                    ),
                    ps,
                ),
            };
            let count: usize = ps
                .iter()
                .map(|&p| match p {
                    Piece::Prefix(_, e) => e,
                    Piece::Suffix(r, s) => self.routes[r].jobs.len() - s,
                    Piece::Range(_, s, e) | Piece::Rev(_, s, e) => e - s,
                    Piece::Job(_) => 1,
                })
                .sum();
            for &p in rest {
                if let Some(s) = self.seg_of(p, v) {
                    acc = acc.merge(&s, mx.time(acc.last, s.first), mx.dist(acc.last, s.first));
                }
            }
            if count == 0 {
                return Some(RouteStats::default());
            }
            let end = match veh.end_location {
                Some(e) => {
                    let s = Seg::stop(e, 0, veh.shift.earliest, veh.shift.latest, 0);
                    acc.merge(&s, mx.time(acc.last, e), mx.dist(acc.last, e))
                }
                None => {
                    let s = Seg::stop(acc.last, 0, veh.shift.earliest, veh.shift.latest, 0);
                    acc.merge(&s, 0, 0)
                }
            };
            let mut st = RouteStats {
                jobs: count,
                distance: end.distance,
                travel: end.travel,
                waiting: end.duration - end.travel - end.service,
                duration: end.duration,
                time_warp: end.time_warp,
                excess_load: (end.load - veh.capacity).max(0),
                departure: end.tw_early,
                ..RouteStats::default()
            };
            if let Some(md) = veh.max_duration {
                st.time_warp += (st.duration - md).max(0);
            }
            if let Some(ot) = veh.overtime_after {
                st.overtime = (st.duration - ot).max(0);
            }
            return Some(st);
        }
        let mut seq = self.seq.borrow_mut();
        self.materialize(plan, &mut seq);
        let stats = if self.coupled() {
            let planned = |j: usize| self.route_of[j] != NONE;
            simulate(
                inst,
                v,
                &seq,
                SyncBounds::Partners {
                    starts: &self.starts,
                    planned: &planned,
                },
                None,
                Trace::default(),
            )
        } else {
            simulate(inst, v, &seq, SyncBounds::None, None, Trace::default())
        };
        Some(stats)
    }

    /// Penalised cost of route `r` as it stands.
    #[inline]
    pub fn route_cost(&self, r: usize, ev: &CostEvaluator) -> i64 {
        ev.route_cost(self.inst, r, &self.routes[r].stats)
    }

    /// Largest soft lateness over all routes except `skip`.
    fn max_lateness_except(&self, skip: [usize; 2]) -> i64 {
        self.routes
            .iter()
            .enumerate()
            .filter(|(r, _)| !skip.contains(r))
            .map(|(_, rt)| rt.stats.max_lateness)
            .max()
            .unwrap_or(0)
    }

    /// A lower bound on the cost of a plan in simple mode: fixed cost plus
    /// arc costs, computed from cached prefix sums without walking slices
    /// (reversed slices contribute their outer arcs only).
    fn quick_bound(&self, plan: &Plan) -> i64 {
        let inst = self.inst;
        let v = plan.route;
        let veh = &inst.p.vehicles[v];
        let mx = inst.matrix(v);
        let o = &inst.p.objective;
        let (mut d, mut t, mut count) = (0i64, 0i64, 0usize);
        let mut last = veh.start_location;
        let hop = |last: &mut usize, to: usize, d: &mut i64, t: &mut i64| {
            *d += mx.dist(*last, to);
            *t += mx.time(*last, to);
            *last = to;
        };
        let jobs = &inst.p.jobs;
        for &p in plan.pieces() {
            match p {
                Piece::Prefix(r, e) if r == v => {
                    let s = &self.routes[r].prefix[e];
                    d += s.distance;
                    t += s.travel;
                    last = s.last;
                    count += e;
                }
                Piece::Prefix(r, e) | Piece::Range(r, 0, e) if e > 0 => {
                    let rt = &self.routes[r];
                    hop(&mut last, jobs[rt.jobs[0]].location, &mut d, &mut t);
                    d += rt.prefix[e].distance - rt.prefix[1].distance;
                    t += rt.prefix[e].travel - rt.prefix[1].travel;
                    last = rt.prefix[e].last;
                    count += e;
                }
                Piece::Suffix(r, s) => {
                    let rt = &self.routes[r];
                    if let Some(seg) = rt.suffix.get(s) {
                        hop(&mut last, seg.first, &mut d, &mut t);
                        d += seg.distance;
                        t += seg.travel;
                        last = seg.last;
                        count += rt.jobs.len() - s;
                    }
                }
                Piece::Range(r, s, e) if e > s => {
                    let rt = &self.routes[r];
                    hop(&mut last, jobs[rt.jobs[s]].location, &mut d, &mut t);
                    d += rt.prefix[e].distance - rt.prefix[s + 1].distance;
                    t += rt.prefix[e].travel - rt.prefix[s + 1].travel;
                    last = rt.prefix[e].last;
                    count += e - s;
                }
                Piece::Rev(r, s, e) if e > s => {
                    let rt = &self.routes[r];
                    hop(&mut last, jobs[rt.jobs[e - 1]].location, &mut d, &mut t);
                    last = jobs[rt.jobs[s]].location;
                    count += e - s;
                }
                Piece::Job(j) => {
                    hop(&mut last, jobs[j].location, &mut d, &mut t);
                    count += 1;
                }
                _ => {}
            }
        }
        if count == 0 {
            return 0;
        }
        if let Some(e) = veh.end_location {
            hop(&mut last, e, &mut d, &mut t);
        }
        let mut bound = veh.fixed_cost + o.distance * d + o.travel_time * t;
        if veh.cost_per_time > 0 || o.continuity > 0 {
            // Duration is at least travel plus service; continuity is exact.
            let (mut service, mut non_pref) = (0i64, 0i64);
            let mut add = |j: usize| {
                service += jobs[j].duration;
                non_pref += inst.non_preferred(j, v) as i64;
            };
            for &p in plan.pieces() {
                match p {
                    Piece::Prefix(r, e) => self.routes[r].jobs[..e].iter().for_each(|&j| add(j)),
                    Piece::Suffix(r, s) => self.routes[r].jobs[s..].iter().for_each(|&j| add(j)),
                    Piece::Range(r, s, e) | Piece::Rev(r, s, e) => {
                        self.routes[r].jobs[s..e].iter().for_each(|&j| add(j))
                    }
                    Piece::Job(j) => add(j),
                }
            }
            bound += veh.cost_per_time * (t + service) + o.continuity * non_pref;
        }
        bound
    }

    /// Change in penalised cost if `mv` were applied, or `None` if not allowed.
    pub fn move_delta(&self, mv: &Move, ev: &CostEvaluator) -> Option<i64> {
        if self.inst.p.matrices.len() == 1 {
            let mut bound = 0i64;
            for plan in mv.plans.iter().flatten() {
                bound += self.quick_bound(plan) - self.route_cost(plan.route, ev);
            }
            if bound >= 0 {
                return Some(bound);
            }
        }
        let mut delta = 0i64;
        let mut new_max = 0;
        let mut skip = [NONE; 2];
        for (k, plan) in mv.plans.iter().enumerate() {
            if let Some(plan) = plan {
                let st = self.eval_plan(plan)?;
                delta = delta
                    .saturating_add(ev.route_cost(self.inst, plan.route, &st))
                    .saturating_sub(self.route_cost(plan.route, ev));
                new_max = new_max.max(st.max_lateness);
                skip[k] = plan.route;
            }
        }
        let w = self.inst.p.objective.max_tardiness;
        if w != 0 {
            let others = self.max_lateness_except(skip);
            let old = others.max(
                skip.iter()
                    .filter(|&&r| r != NONE)
                    .map(|&r| self.routes[r].stats.max_lateness)
                    .max()
                    .unwrap_or(0),
            );
            delta += w * (others.max(new_max) - old);
        }
        Some(delta)
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
