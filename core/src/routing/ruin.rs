//! Ruin: remove a few related jobs so that re-inserting them can escape a
//! local optimum.
//!
//! Two removal rules: *string removal* (Christiaens & Vanden Berghe 2020,
//! "Slack induction by string removals", SISR): from a random seed job, cut
//! short strings of consecutive jobs out of the routes of the seed's nearest
//! neighbours; and *random removal*. Pinned jobs are never removed, and a
//! synchronised job takes its partner with it. When vehicles have a fixed
//! cost, a third rule sometimes empties one of the shortest routes.

use super::construct::partner;
use super::search::state::{NONE, SearchState};
use crate::rng::Rng;

/// Removes about `avg` jobs; returns them.
pub(crate) fn ruin(st: &mut SearchState, rng: &mut Rng, avg: usize) -> Vec<usize> {
    let inst = st.inst;
    let planned: Vec<usize> = (0..inst.n)
        .filter(|&j| st.route_of[j] != NONE && inst.p.jobs[j].pin.is_none())
        .collect();
    if planned.is_empty() {
        return Vec::new();
    }
    let target = 1 + rng.index(2 * avg.max(1));
    let mut removed: Vec<usize> = Vec::new();
    let mut mark = vec![false; inst.n];
    let fleet_cost = inst.p.vehicles.iter().any(|v| v.fixed_cost > 0);
    if fleet_cost && rng.chance(0.2) {
        // Route removal: empty one of the shortest routes, so that fixed
        // vehicle costs can be saved (fleet minimisation).
        let mut used: Vec<(usize, usize)> = (0..inst.m)
            .filter(|&r| !st.routes[r].jobs.is_empty())
            .map(|r| (st.routes[r].jobs.len(), r))
            .collect();
        used.sort_unstable();
        used.truncate(3);
        if let Some(&(_, r)) = used.get(rng.index(used.len().max(1))) {
            for &j in &st.routes[r].jobs {
                if inst.p.jobs[j].pin.is_none() {
                    mark[j] = true;
                    removed.push(j);
                }
            }
        }
    } else if rng.chance(0.75) {
        let seed = planned[rng.index(planned.len())];
        let avg_len = (planned.len() / inst.m.max(1)).max(1);
        let lmax = avg_len.clamp(1, 10);
        let mut touched: Vec<usize> = Vec::new();
        for &c in std::iter::once(&seed).chain(&inst.neighbours[seed]) {
            if removed.len() >= target {
                break;
            }
            let r = st.route_of[c];
            if r == NONE || touched.contains(&r) {
                continue;
            }
            touched.push(r);
            let jobs = &st.routes[r].jobs;
            let len = jobs.len();
            let l = 1 + rng.index(lmax.min(len));
            let pos = st.pos_of[c];
            let lo = pos.saturating_sub(l - 1);
            let hi = pos.min(len - l);
            let start = lo + rng.index(hi - lo + 1);
            // With some chance keep one job in the middle (split string).
            let keep = if l >= 3 && rng.chance(0.3) {
                start + 1 + rng.index(l - 2)
            } else {
                usize::MAX
            };
            for (k, &j) in jobs.iter().enumerate().skip(start).take(l) {
                if k != keep && inst.p.jobs[j].pin.is_none() && !mark[j] {
                    mark[j] = true;
                    removed.push(j);
                }
            }
        }
    } else {
        for _ in 0..target {
            let j = planned[rng.index(planned.len())];
            if !mark[j] {
                mark[j] = true;
                removed.push(j);
            }
        }
    }
    // Partners go too (both or neither), unless pinned.
    for k in 0..removed.len() {
        if let Some(p) = partner(inst, removed[k])
            && st.route_of[p] != NONE
            && !mark[p]
            && inst.p.jobs[p].pin.is_none()
        {
            mark[p] = true;
            removed.push(p);
        }
    }
    removed.retain(|&j| partner(inst, j).is_none_or(|p| mark[p] || st.route_of[p] == NONE));
    let mut routes: Vec<usize> = removed.iter().map(|&j| st.route_of[j]).collect();
    routes.sort_unstable();
    routes.dedup();
    for r in routes {
        let jobs: Vec<usize> = st.routes[r]
            .jobs
            .iter()
            .copied()
            .filter(|&j| !removed.contains(&j))
            .collect();
        st.set_route_raw(r, jobs);
    }
    st.resync();
    removed
}
