//! The problem as the search sees it: validated, with derived data
//! (effective windows, allowed-vehicle bit sets, synchronisation links,
//! single-stop segments, granular neighbour lists and vehicle classes).
//!
//! Built once per solve from the caller's [`RoutingProblem`], which is left
//! untouched (STYLE guideline 1: no solver state in input types).

use super::problem::{RoutingProblem, SyncKind, TravelMatrix, Window};
use super::segment::Seg;
use crate::error::ValidationIssue;
use crate::{Error, Result};

/// Far enough to mean "unbounded" without overflowing sums of times.
pub(crate) const FAR: i64 = 1 << 50;

/// One side of a synchronisation link as seen from a job.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    /// The other job.
    pub partner: usize,
    /// Allowed range of `start(self) − start(partner)`.
    pub min_offset: i64,
    /// See `min_offset`.
    pub max_offset: i64,
}

/// Validated problem plus derived data used by every part of the search.
#[derive(Debug)]
pub(crate) struct Instance<'a> {
    /// The caller's problem.
    pub p: &'a RoutingProblem,
    /// Number of jobs.
    pub n: usize,
    /// Number of vehicles.
    pub m: usize,
    /// Start windows per job: pinned start replaces them; empty becomes unbounded.
    pub windows: Vec<Vec<Window>>,
    words: usize,
    allowed: Vec<u64>,
    /// True when some job cannot go on every vehicle.
    pub restricted: bool,
    /// Whether lateness past the last window is allowed (soft and not pinned to a start).
    pub soft: Vec<bool>,
    /// Most soft lateness allowed per job ([`FAR`] when unbounded).
    pub late_cap: Vec<i64>,
    /// Synchronisation links per job.
    pub links: Vec<Vec<Link>>,
    /// True when O(1) segment evaluation is exact for this problem (one
    /// profile, one hard window per job, no breaks, synchronisation or
    /// continuity).
    pub simple: bool,
    /// Single-stop segments per job.
    pub singles: Vec<Seg>,
    /// Granular neighbours per job (nearest first).
    pub neighbours: Vec<Vec<usize>>,
    /// Vehicle classes (identical vehicles), each a list of vehicle indices.
    pub classes: Vec<Vec<usize>>,
    /// Per job, the classes with an allowed vehicle whose start is nearest
    /// (at most [`NEAR_CLASSES`]): where a new route for it may open.
    pub near_classes: Vec<Vec<usize>>,
}

/// Granular neighbourhood size (Toth & Vigo 2003; PyVRP uses 20–50).
pub(crate) const NEIGHBOURS: usize = 20;

/// How many vehicle classes a job may open a new route in.
pub(crate) const NEAR_CLASSES: usize = 12;

fn issue(code: &str, record: String, path: String, message: String, hint: &str) -> ValidationIssue {
    ValidationIssue::new(code, record, path, message, hint)
}

impl<'a> Instance<'a> {
    /// Validates `p` and derives the search data. Every issue is reported.
    pub fn new(p: &'a RoutingProblem) -> Result<Self> {
        validate(p)?;
        let n = p.jobs.len();
        let m = p.vehicles.len();
        let windows: Vec<Vec<Window>> = p
            .jobs
            .iter()
            .map(|j| match j.pin.and_then(|pin| pin.start) {
                Some(s) => vec![Window {
                    earliest: s,
                    latest: s,
                }],
                None if j.windows.is_empty() => vec![Window {
                    earliest: -FAR,
                    latest: FAR,
                }],
                None => j.windows.clone(),
            })
            .collect();
        let words = m.div_ceil(64).max(1);
        let mut allowed = vec![0u64; n * words];
        let mut restricted = false;
        for (j, job) in p.jobs.iter().enumerate() {
            let row = &mut allowed[j * words..(j + 1) * words];
            let mut set = |v: usize| row[v / 64] |= 1 << (v % 64);
            match (job.pin, &job.allowed_vehicles) {
                (Some(pin), _) => {
                    let ok = job
                        .allowed_vehicles
                        .as_ref()
                        .is_none_or(|a| a.contains(&pin.vehicle));
                    if ok {
                        set(pin.vehicle);
                    }
                    restricted = true;
                }
                (None, Some(list)) => {
                    for &v in list {
                        set(v);
                    }
                    restricted |= list.len() < m;
                }
                (None, None) => (0..m).for_each(set),
            }
        }
        let mut links = vec![Vec::new(); n];
        for g in &p.sync {
            let (lo, hi) = match g.kind {
                SyncKind::Simultaneous => (0, 0),
                SyncKind::Gap { min, max } => (min, max),
            };
            // start(second) − start(first) ∈ [lo, hi].
            links[g.second].push(Link {
                partner: g.first,
                min_offset: lo,
                max_offset: hi,
            });
            links[g.first].push(Link {
                partner: g.second,
                min_offset: -hi,
                max_offset: -lo,
            });
        }
        let simple = p.matrices.len() == 1
            && p.sync.is_empty()
            && p.vehicles.iter().all(|v| v.breaks.is_empty())
            && windows.iter().all(|w| w.len() == 1)
            && p.jobs
                .iter()
                .all(|j| !j.soft_latest || j.pin.is_some_and(|p| p.start.is_some()))
            && (p.objective.continuity == 0
                || p.jobs.iter().all(|j| j.preferred_vehicles.is_empty()));
        let singles = p
            .jobs
            .iter()
            .zip(&windows)
            .map(|(j, w)| {
                let first = w.first().map_or(-FAR, |w| w.earliest);
                let last = w.last().map_or(FAR, |w| w.latest);
                Seg::stop(j.location, j.duration, first, last, j.demand)
            })
            .collect();
        let soft = p
            .jobs
            .iter()
            .map(|j| j.soft_latest && j.pin.and_then(|p| p.start).is_none())
            .collect();
        let late_cap = p
            .jobs
            .iter()
            .map(|j| j.max_lateness.map_or(FAR, |c| c.max(0)))
            .collect();
        let mut inst = Instance {
            p,
            n,
            m,
            soft,
            late_cap,
            windows,
            words,
            allowed,
            restricted,
            links,
            simple,
            singles,
            neighbours: Vec::new(),
            classes: Vec::new(),
            near_classes: Vec::new(),
        };
        inst.neighbours = inst.build_neighbours(NEIGHBOURS);
        inst.classes = inst.build_classes();
        inst.near_classes = inst.build_near_classes();
        Ok(inst)
    }

    /// The matrix of vehicle `v`.
    #[inline]
    pub fn matrix(&self, v: usize) -> &TravelMatrix {
        &self.p.matrices[self.p.vehicles[v].profile]
    }

    /// Whether vehicle `v` may serve job `j` (skills, pins).
    #[inline]
    pub fn can_serve(&self, j: usize, v: usize) -> bool {
        self.allowed[j * self.words + v / 64] & (1 << (v % 64)) != 0
    }

    /// Whether serving `j` by `v` breaks continuity of care.
    #[inline]
    pub fn non_preferred(&self, j: usize, v: usize) -> bool {
        let pref = &self.p.jobs[j].preferred_vehicles;
        !pref.is_empty() && !pref.contains(&v)
    }

    /// Weighted arc cost used for neighbour proximity.
    fn arc(&self, a: usize, b: usize) -> i64 {
        let mx = &self.p.matrices[0];
        let o = &self.p.objective;
        mx.dist(a, b) * o.distance.max(0)
            + mx.time(a, b) * o.travel_time.max(0)
            + (o.distance == 0 && o.travel_time == 0) as i64 * mx.time(a, b)
    }

    fn build_neighbours(&self, k: usize) -> Vec<Vec<usize>> {
        let n = self.n;
        let k = k.min(n.saturating_sub(1));
        if k == 0 {
            return vec![Vec::new(); n];
        }
        let mx = &self.p.matrices[0];
        let env = |j: usize| {
            let w = &self.windows[j];
            (w[0].earliest, w[w.len() - 1].latest)
        };
        // Proximity: arc cost plus a share of the forced waiting and the
        // unavoidable lateness of going from one job to the other (the
        // granular measure of Vidal et al., as in PyVRP).
        let prox = |i: usize, j: usize| {
            let (ei, li) = env(i);
            let (ej, lj) = env(j);
            let (a, b) = (self.p.jobs[i].location, self.p.jobs[j].location);
            let t = mx.time(a, b);
            let d = self.p.jobs[i].duration;
            let wait = (ej - li - d - t).clamp(0, FAR);
            let warp = (ei + d + t - lj).clamp(0, FAR);
            self.arc(a, b) + wait / 5 + warp
        };
        // Only jobs some vehicle may serve together: a neighbour no route of
        // `i` can ever hold is a wasted slot (Mankowska's caregivers split
        // into two skill groups, so half of every unfiltered list was).
        let words = self.words;
        let row = |j: usize| &self.allowed[j * words..(j + 1) * words];
        let together = |i: usize, j: usize| row(i).iter().zip(row(j)).any(|(a, b)| a & b != 0);
        let mut out = Vec::with_capacity(n);
        let mut cand: Vec<(i64, usize)> = Vec::with_capacity(n);
        for i in 0..n {
            cand.clear();
            for j in 0..n {
                if j != i && (!self.restricted || together(i, j)) {
                    cand.push((prox(i, j).min(prox(j, i)), j));
                }
            }
            if cand.len() > k {
                cand.select_nth_unstable(k - 1);
                cand.truncate(k);
            }
            cand.sort_unstable();
            out.push(cand.iter().map(|&(_, j)| j).collect());
        }
        out
    }

    fn build_near_classes(&self) -> Vec<Vec<usize>> {
        let vs = &self.p.vehicles;
        (0..self.n)
            .map(|j| {
                let loc = self.p.jobs[j].location;
                let mut c: Vec<(i64, usize)> = self
                    .classes
                    .iter()
                    .enumerate()
                    .filter(|(_, members)| members.iter().any(|&v| self.can_serve(j, v)))
                    .map(|(k, members)| {
                        let v = members[0];
                        let mx = self.matrix(v);
                        let back = vs[v].end_location.map_or(0, |e| mx.time(loc, e));
                        (mx.time(vs[v].start_location, loc) + back, k)
                    })
                    .collect();
                if c.len() > NEAR_CLASSES {
                    c.select_nth_unstable(NEAR_CLASSES - 1);
                    c.truncate(NEAR_CLASSES);
                }
                c.sort_unstable();
                c.into_iter().map(|(_, k)| k).collect()
            })
            .collect()
    }

    fn build_classes(&self) -> Vec<Vec<usize>> {
        let mut classes: Vec<Vec<usize>> = Vec::new();
        let vs = &self.p.vehicles;
        let col = |v: usize| (0..self.n).filter(move |&j| self.can_serve(j, v));
        'outer: for v in 0..self.m {
            for c in &mut classes {
                let r = c[0];
                let (a, b) = (&vs[r], &vs[v]);
                let same = a.start_location == b.start_location
                    && a.end_location == b.end_location
                    && a.shift == b.shift
                    && a.breaks == b.breaks
                    && a.max_duration == b.max_duration
                    && a.capacity == b.capacity
                    && a.profile == b.profile
                    && a.fixed_cost == b.fixed_cost
                    && a.cost_per_time == b.cost_per_time
                    && a.overtime_after == b.overtime_after
                    && a.overtime_cost == b.overtime_cost
                    && (!self.restricted || col(r).eq(col(v)))
                    && self.p.jobs.iter().all(|j| {
                        j.preferred_vehicles.contains(&r) == j.preferred_vehicles.contains(&v)
                    });
                if same {
                    c.push(v);
                    continue 'outer;
                }
            }
            classes.push(vec![v]);
        }
        classes
    }
}

fn validate(p: &RoutingProblem) -> Result<()> {
    let mut issues = Vec::new();
    if p.matrices.is_empty() {
        issues.push(issue(
            "missing",
            String::new(),
            "matrices".into(),
            "no travel matrix".into(),
            "supply at least one travel matrix",
        ));
        return Err(Error::Invalid(issues));
    }
    let size = p.matrices[0].size;
    for (i, mx) in p.matrices.iter().enumerate() {
        if mx.size != size || mx.duration.len() != size * size || mx.distance.len() != size * size {
            issues.push(issue(
                "bad_matrix",
                format!("matrix {i}"),
                format!("matrices[{i}]"),
                format!("matrix must be {size}×{size} with both duration and distance filled"),
                "give every profile a full square matrix of the same size",
            ));
        }
        if mx
            .duration
            .iter()
            .chain(&mx.distance)
            .any(|&x| !(0..FAR / 1024).contains(&x))
        {
            issues.push(issue(
                "out_of_range",
                format!("matrix {i}"),
                format!("matrices[{i}]"),
                "travel times and distances must be non-negative and finite".into(),
                "check the matrix export",
            ));
        }
    }
    let m = p.vehicles.len();
    let n = p.jobs.len();
    let window_ok = |w: &Window| w.earliest <= w.latest && w.earliest > -FAR && w.latest < FAR;
    for (j, job) in p.jobs.iter().enumerate() {
        let rec = format!("job {j}");
        if job.location >= size {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("jobs[{j}].location"),
                format!(
                    "location {} is outside the {size}-location matrix",
                    job.location
                ),
                "use an index into the travel matrix",
            ));
        }
        if job.duration < 0 || job.duration >= FAR / 1024 {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("jobs[{j}].duration"),
                "duration must be non-negative".into(),
                "fix the visit length",
            ));
        }
        for (k, w) in job.windows.iter().enumerate() {
            if !window_ok(w) {
                issues.push(issue(
                    "bad_window",
                    rec.clone(),
                    format!("jobs[{j}].windows[{k}]"),
                    format!(
                        "window [{}, {}] ends before it starts or is out of range",
                        w.earliest, w.latest
                    ),
                    "give earliest <= latest",
                ));
            }
            if k > 0 && job.windows[k - 1].latest >= w.earliest {
                issues.push(issue(
                    "overlapping_windows",
                    rec.clone(),
                    format!("jobs[{j}].windows[{k}]"),
                    "windows must be sorted and disjoint".into(),
                    "merge or reorder the windows",
                ));
            }
        }
        if let Some(list) = &job.allowed_vehicles
            && list.iter().any(|&v| v >= m)
        {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("jobs[{j}].allowed_vehicles"),
                "unknown vehicle index".into(),
                "use indices of existing vehicles",
            ));
        }
        if job.preferred_vehicles.iter().any(|&v| v >= m) {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("jobs[{j}].preferred_vehicles"),
                "unknown vehicle index".into(),
                "use indices of existing vehicles",
            ));
        }
        if job.unassigned_penalty < 0 {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("jobs[{j}].unassigned_penalty"),
                "penalty must be non-negative".into(),
                "use 0 or more",
            ));
        }
        if let Some(pin) = job.pin {
            if pin.vehicle >= m {
                issues.push(issue(
                    "out_of_range",
                    rec.clone(),
                    format!("jobs[{j}].pin.vehicle"),
                    "unknown vehicle index".into(),
                    "pin to an existing vehicle",
                ));
            }
            if pin.start.is_some_and(|s| !(-FAR / 2..FAR / 2).contains(&s)) {
                issues.push(issue(
                    "out_of_range",
                    rec.clone(),
                    format!("jobs[{j}].pin.start"),
                    "pinned start out of range".into(),
                    "use a time inside the planning horizon",
                ));
            }
        }
    }
    for (v, veh) in p.vehicles.iter().enumerate() {
        let rec = format!("vehicle {v}");
        if veh.start_location >= size || veh.end_location.is_some_and(|e| e >= size) {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("vehicles[{v}].start_location"),
                "location outside the travel matrix".into(),
                "use an index into the travel matrix",
            ));
        }
        if !window_ok(&veh.shift) {
            issues.push(issue(
                "bad_window",
                rec.clone(),
                format!("vehicles[{v}].shift"),
                "shift ends before it starts or is out of range".into(),
                "give earliest <= latest",
            ));
        }
        if veh.profile >= p.matrices.len() {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("vehicles[{v}].profile"),
                "unknown travel profile".into(),
                "use an index into `matrices`",
            ));
        }
        for (k, b) in veh.breaks.iter().enumerate() {
            if !window_ok(&b.window) || b.duration < 0 {
                issues.push(issue(
                    "bad_window",
                    rec.clone(),
                    format!("vehicles[{v}].breaks[{k}]"),
                    "break window ends before it starts, or negative length".into(),
                    "give earliest <= latest and a non-negative duration",
                ));
            }
        }
        if veh.capacity < 0 || veh.max_duration.is_some_and(|d| d < 0) {
            issues.push(issue(
                "out_of_range",
                rec.clone(),
                format!("vehicles[{v}].capacity"),
                "capacity and maximum duration must be non-negative".into(),
                "fix the limits",
            ));
        }
    }
    let mut seen_sync = vec![false; n];
    for (g, s) in p.sync.iter().enumerate() {
        let rec = format!("sync group {g}");
        if s.first >= n || s.second >= n || s.first == s.second {
            issues.push(issue(
                "out_of_range",
                rec,
                format!("sync[{g}]"),
                "sync group must link two different existing jobs".into(),
                "use two job indices",
            ));
            continue;
        }
        if let SyncKind::Gap { min, max } = s.kind
            && min > max
        {
            issues.push(issue(
                "bad_window",
                rec.clone(),
                format!("sync[{g}].kind"),
                "gap minimum exceeds maximum".into(),
                "give min <= max",
            ));
        }
        for j in [s.first, s.second] {
            if seen_sync[j] {
                issues.push(issue(
                    "duplicate",
                    rec.clone(),
                    format!("sync[{g}]"),
                    format!("job {j} is in more than one sync group"),
                    "link each job to at most one partner",
                ));
            }
            seen_sync[j] = true;
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::Instance;
    use crate::routing::search::tests::problem;

    /// Neighbour lists hold only jobs some vehicle may serve together with
    /// the job, and as many as there are (up to the list size): none is
    /// incompatible and no slot is left empty while a compatible job waits.
    #[test]
    fn neighbours_are_the_nearest_jobs_a_vehicle_may_serve_together() {
        let mut filtered = 0;
        for seed in 0..300 {
            let p = problem(seed, true);
            let inst = Instance::new(&p).unwrap();
            let share = |i: usize, j: usize| {
                (0..inst.m).any(|v| inst.can_serve(i, v) && inst.can_serve(j, v))
            };
            for i in 0..inst.n {
                let compatible = (0..inst.n).filter(|&j| j != i && share(i, j)).count();
                let list = &inst.neighbours[i];
                assert!(
                    list.iter().all(|&j| share(i, j)),
                    "seed {seed}: job {i} lists an incompatible job"
                );
                assert_eq!(
                    list.len(),
                    compatible.min(super::NEIGHBOURS),
                    "seed {seed}: job {i}"
                );
                filtered += usize::from(compatible < inst.n - 1);
            }
        }
        assert!(
            filtered > 100,
            "the generator must restrict vehicles ({filtered} jobs)"
        );
    }
}
