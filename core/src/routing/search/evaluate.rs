//! Pricing of candidate routes: statistics of a [`Plan`] by O(1) segment
//! concatenation when the problem is simple enough (see
//! [`Instance::simple`]) or by the general forward schedule otherwise, a
//! cheap lower bound from cached prefix sums, and the change in penalised
//! cost of a [`Move`].
//!
//! [`Instance::simple`]: crate::routing::instance::Instance

use super::plan::{Move, Piece, Plan};
use super::state::{NONE, SearchState};
use crate::routing::cost::CostEvaluator;
use crate::routing::schedule::{Fwd, RouteStats, SyncBounds, simulate_reusing};
use crate::routing::segment::Seg;

impl SearchState<'_> {
    pub(super) fn seg_of(&self, piece: Piece, v: usize) -> Option<Seg> {
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
        // What the candidate keeps of the vehicle's current route: a prefix
        // and a suffix whose forward schedule need not be walked again.
        let route = &self.routes[v];
        let len = route.jobs.len();
        let fwd: &[Fwd] = if route.fwd.len() == len + 1 {
            &route.fwd
        } else {
            &[]
        };
        let ps = plan.pieces();
        let prefix = match ps.first() {
            Some(&Piece::Prefix(r, e)) if r == v => e,
            _ => 0,
        };
        let tail = match ps.last() {
            Some(&Piece::Suffix(r, s)) if r == v && s < len => Some((seq.len() - (len - s), s)),
            _ => None,
        };
        let planned = |j: usize| self.route_of[j] != NONE;
        let sync = if self.coupled() {
            SyncBounds::Partners {
                starts: &self.starts,
                planned: &planned,
            }
        } else {
            SyncBounds::None
        };
        Some(simulate_reusing(inst, v, &seq, sync, fwd, prefix, tail))
    }

    /// The least change in the plan's largest lateness `mv` can bring
    /// (≤ 0): down to the largest lateness of the routes it leaves alone.
    fn max_tardiness_floor(&self, mv: &Move) -> i64 {
        let mut skip = [NONE; 2];
        for (k, plan) in mv.plans.iter().enumerate() {
            if let Some(plan) = plan {
                skip[k] = plan.route;
            }
        }
        let others = self.max_lateness_except(skip);
        let changed = skip
            .iter()
            .filter(|&&r| r != NONE)
            .map(|&r| self.routes[r].stats.max_lateness)
            .max()
            .unwrap_or(0);
        (others - others.max(changed)).min(0)
    }

    /// A lower bound on the cost of a plan: fixed cost plus arc costs (and
    /// travel plus service time when time is paid), computed from cached
    /// prefix sums without walking slices. Reversed slices, and slices of a
    /// route whose vehicle travels on another matrix (its cached sums are in
    /// that matrix), contribute only the arcs into and out of them.
    pub(crate) fn quick_bound(&self, plan: &Plan) -> i64 {
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
        let other = |r: usize| inst.p.vehicles[r].profile != veh.profile;
        for &p in plan.pieces() {
            match p {
                Piece::Prefix(r, e) | Piece::Range(r, 0, e) if e > 0 && other(r) => {
                    let rt = &self.routes[r];
                    hop(&mut last, jobs[rt.jobs[0]].location, &mut d, &mut t);
                    last = jobs[rt.jobs[e - 1]].location;
                    count += e;
                }
                Piece::Suffix(r, s) if other(r) => {
                    let rt = &self.routes[r];
                    if s < rt.jobs.len() {
                        hop(&mut last, jobs[rt.jobs[s]].location, &mut d, &mut t);
                        last = jobs[rt.jobs[rt.jobs.len() - 1]].location;
                        count += rt.jobs.len() - s;
                    }
                }
                Piece::Range(r, s, e) if e > s && other(r) => {
                    let rt = &self.routes[r];
                    hop(&mut last, jobs[rt.jobs[s]].location, &mut d, &mut t);
                    last = jobs[rt.jobs[e - 1]].location;
                    count += e - s;
                }
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
        let w = self.inst.p.objective.max_tardiness;
        {
            let mut bound = 0i64;
            for plan in mv.plans.iter().flatten() {
                bound += self.quick_bound(plan) - self.route_cost(plan.route, ev);
            }
            if bound >= 0 && w != 0 {
                // The plan's largest lateness can fall to that of the routes
                // the move leaves alone, no lower: credit that much before
                // giving up (otherwise a move that only lowers the maximum
                // would never be priced).
                bound += w * self.max_tardiness_floor(mv);
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
}
