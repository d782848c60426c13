//! Ruin: remove a few related jobs so that re-inserting them can escape a
//! local optimum.
//!
//! Two rules, one per ruin, both from a random seed job:
//! - *neighbourhood removal* (three ruins in four), as in PyVRP's
//!   perturbation: the seed and its nearest granular neighbours leave their
//!   routes together, whichever routes they are on, so the recreate can
//!   share a whole area between routes afresh;
//! - *string removal* (SISR, Christiaens & Vanden Berghe 2020): one short
//!   string of consecutive jobs from each route the seed and its neighbours
//!   lie on, which frees slack inside routes.
//!
//! When vehicles have a fixed cost, a third rule sometimes empties one of
//! the shortest routes. Pinned jobs are never removed, and a synchronised
//! job takes its partner with it.
//!
//! Why this mix (before it, string removal three times in four and random
//! removal otherwise). Mean gap to the optimum on Solomon 12, seeds 1–4,
//! and to the best published on Mankowska G (300 visits, 10 s):
//!
//! | rule | Solomon 1 s | Solomon 10 s | Mankowska G |
//! |---|---:|---:|---:|
//! | strings and random (before) | 1.00 % | 0.35 % | 1.98, 2.45 % (seeds 1, 2) |
//! | neighbourhoods only | 0.53 % | 0.08 % | 2.95, 2.13, 2.88 % (seeds 1–3) |
//! | neighbourhoods, strings one in four (now) | 0.53 % | 0.11 % | 1.42, 2.15 % (seeds 1, 2)¹ |
//!
//! ¹ 0.75 % in a second run of seed 1: at 10 s the load alone moves G by
//! about as much as the rule does.
//!
//! Wide-window instances (R2, RC2) gained most: strings taken from long
//! routes went back as strings, and the search kept the few long routes its
//! first plan had (RC208 at 1 s: 1.2–6.0 % before, 0.1–2.1 % now). The
//! strings' share is there for Mankowska G, the only family where
//! neighbourhoods alone looked worse. On the 2,000-visit sample day at 10 s
//! the rules plan the same number of visits within seed noise.

use super::construct::partner;
use super::search::state::{NONE, SearchState};
use crate::rng::Rng;

/// Share of ruins that empty a short route when vehicles have a fixed cost.
const ROUTE_REMOVAL: f64 = 0.2;
/// Share of the other ruins that remove strings rather than a neighbourhood.
const STRING_REMOVAL: f64 = 0.25;

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
    let fleet_cost = inst.p.vehicles.iter().any(|v| v.fixed_cost > 0);
    let mut removed = if fleet_cost && rng.chance(ROUTE_REMOVAL) {
        route_removal(st, rng)
    } else {
        let strings = rng.chance(STRING_REMOVAL);
        let seed = planned[rng.index(planned.len())];
        if strings {
            string_removal(st, rng, seed, target)
        } else {
            neighbourhood_removal(st, seed, target)
        }
    };
    with_partners(st, &mut removed);
    take_out(st, &removed);
    removed
}

/// Takes `removed` out of their routes, keeping the others in order.
fn take_out(st: &mut SearchState, removed: &[usize]) {
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
}

/// The planned, unpinned jobs among `seed` and its granular neighbours,
/// nearest first, up to `target`.
fn neighbourhood_removal(st: &SearchState, seed: usize, target: usize) -> Vec<usize> {
    let inst = st.inst;
    std::iter::once(seed)
        .chain(inst.neighbours[seed].iter().copied())
        .filter(|&j| st.route_of[j] != NONE && inst.p.jobs[j].pin.is_none())
        .take(target)
        .collect()
}

/// String removal (SISR, Christiaens & Vanden Berghe 2020): from `seed`
/// and its neighbours, one string of consecutive jobs from each route they
/// lie on (sometimes keeping one job in the middle), until `target` jobs
/// or more are out. Strings are at most the mean route length long (10 at
/// most).
fn string_removal(st: &SearchState, rng: &mut Rng, seed: usize, target: usize) -> Vec<usize> {
    let inst = st.inst;
    let planned: usize = st.routes.iter().map(|r| r.jobs.len()).sum();
    let lmax = (planned / inst.m.max(1)).clamp(1, 10);
    let mut removed: Vec<usize> = Vec::new();
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
        let start = lo + rng.index(pos.min(len - l) - lo + 1);
        let keep = if l >= 3 && rng.chance(0.3) {
            start + 1 + rng.index(l - 2)
        } else {
            usize::MAX
        };
        for (k, &j) in jobs.iter().enumerate().skip(start).take(l) {
            if k != keep && inst.p.jobs[j].pin.is_none() {
                removed.push(j);
            }
        }
    }
    removed
}

/// The unpinned jobs of one of the three shortest routes, so that a fixed
/// vehicle cost can be saved (fleet minimisation).
fn route_removal(st: &SearchState, rng: &mut Rng) -> Vec<usize> {
    let inst = st.inst;
    let mut used: Vec<(usize, usize)> = (0..inst.m)
        .filter(|&r| !st.routes[r].jobs.is_empty())
        .map(|r| (st.routes[r].jobs.len(), r))
        .collect();
    used.sort_unstable();
    used.truncate(3);
    let Some(&(_, r)) = used.get(rng.index(used.len().max(1))) else {
        return Vec::new();
    };
    st.routes[r]
        .jobs
        .iter()
        .copied()
        .filter(|&j| inst.p.jobs[j].pin.is_none())
        .collect()
}

/// Adds the planned, unpinned partners of removed synchronised jobs, then
/// keeps a synchronised job only if its partner goes too (or was not
/// planned): both or neither.
fn with_partners(st: &SearchState, removed: &mut Vec<usize>) {
    let inst = st.inst;
    let mut mark = vec![false; inst.n];
    removed.iter().for_each(|&j| mark[j] = true);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::instance::Instance;
    use crate::routing::problem::{Pin, RoutingProblem, SyncGroup, SyncKind};
    use crate::routing::search::tests::problem;

    /// A random plan of `seed`'s test problem with two synchronised pairs
    /// and one pinned job (half the time one of a pair), about 10 % of jobs
    /// left unplanned.
    fn planned(seed: u64) -> Option<(RoutingProblem, Vec<Vec<usize>>)> {
        let mut p = problem(seed, seed % 2 == 1);
        let n = p.jobs.len();
        if n < 6 {
            return None;
        }
        let mut r = Rng::new(seed);
        let mut order: Vec<usize> = (0..n).collect();
        r.shuffle(&mut order);
        for pair in order.chunks(2).take(2) {
            p.sync.push(SyncGroup {
                first: pair[0],
                second: pair[1],
                kind: SyncKind::Simultaneous,
            });
        }
        let pinned = order[if seed % 4 < 2 { 3 } else { 5 }];
        let m = p.vehicles.len();
        let mut routes = vec![Vec::new(); m];
        for &j in &order {
            if j == pinned || r.chance(0.9) {
                routes[r.index(m)].push(j);
            }
        }
        let on = (0..m).find(|&v| routes[v].contains(&pinned)).unwrap_or(0);
        p.jobs[pinned].pin = Some(Pin {
            vehicle: on,
            start: None,
        });
        p.jobs.iter_mut().for_each(|j| j.allowed_vehicles = None);
        Some((p, routes))
    }

    fn partner_of(p: &RoutingProblem, j: usize) -> Option<usize> {
        p.sync.iter().find_map(|g| {
            (g.first == j)
                .then_some(g.second)
                .or((g.second == j).then_some(g.first))
        })
    }

    /// Restated from the rule: the first `t` planned, unpinned jobs of the
    /// seed and its neighbours (nearest first), with their planned,
    /// unpinned partners, less any job whose planned partner stays. The
    /// routes keep everything else in order.
    #[test]
    fn neighbourhood_removal_takes_the_nearest_movable_jobs_and_partners() {
        let mut cases = 0;
        for seed in 0..80u64 {
            let Some((p, routes)) = planned(seed) else {
                continue;
            };
            let inst = Instance::new(&p).expect("valid");
            let mut st = SearchState::new(&inst);
            st.load(&routes);
            let n = inst.n;
            let on_route: Vec<bool> = (0..n).map(|j| st.route_of[j] != NONE).collect();
            let movable = |j: usize| on_route[j] && p.jobs[j].pin.is_none();
            let mut r = Rng::new(seed + 100);
            let s = r.index(n);
            let t = 1 + r.index(12);
            let mut removed = neighbourhood_removal(&st, s, t);
            with_partners(&st, &mut removed);
            take_out(&mut st, &removed);
            cases += 1;
            let list: Vec<usize> = std::iter::once(s)
                .chain(inst.neighbours[s].iter().copied())
                .filter(|&j| movable(j))
                .take(t)
                .collect();
            let mut want = list.clone();
            for &j in &list {
                want.extend(partner_of(&p, j).filter(|&q| movable(q)));
            }
            want.sort_unstable();
            want.dedup();
            let all = want.clone();
            want.retain(|&j| partner_of(&p, j).is_none_or(|q| all.contains(&q) || !on_route[q]));
            let mut got = removed.clone();
            got.sort_unstable();
            assert_eq!(got, want, "seed {seed}: job {s}, {t} jobs");
            for (v, jobs) in routes.iter().enumerate() {
                let kept: Vec<usize> = jobs.iter().copied().filter(|j| !got.contains(j)).collect();
                assert_eq!(st.routes[v].jobs, kept, "seed {seed}: route {v}");
                assert!(kept.iter().all(|&j| st.route_of[j] == v));
            }
            assert!(got.iter().all(|&j| st.route_of[j] == NONE));
        }
        assert!(cases > 60, "only {cases} cases");
    }

    /// String removal: each route that loses jobs held the seed or one of
    /// its neighbours, and loses one string of consecutive positions (one
    /// kept job inside allowed) no longer than the mean route length nor
    /// 10; no pinned job goes; strings stop once `target` jobs are out.
    #[test]
    fn string_removal_cuts_one_short_string_per_nearby_route() {
        let (mut cases, mut several) = (0, 0);
        for seed in 0..80u64 {
            let Some((p, routes)) = planned(seed) else {
                continue;
            };
            let inst = Instance::new(&p).expect("valid");
            let mut st = SearchState::new(&inst);
            st.load(&routes);
            let mut r = Rng::new(seed + 200);
            let s = r.index(inst.n);
            let target = 1 + r.index(12);
            let near: Vec<usize> = std::iter::once(s)
                .chain(inst.neighbours[s].iter().copied())
                .collect();
            let removed = string_removal(&st, &mut r, s, target);
            cases += 1;
            let on_route = routes.iter().flatten().count();
            let lmax = (on_route / inst.m).clamp(1, 10);
            let mut hit = 0;
            for (v, jobs) in routes.iter().enumerate() {
                let pos: Vec<usize> = (0..jobs.len())
                    .filter(|&k| removed.contains(&jobs[k]))
                    .collect();
                let (Some(&first), Some(&last)) = (pos.first(), pos.last()) else {
                    continue;
                };
                hit += 1;
                assert!(
                    jobs.iter().any(|j| near.contains(j)),
                    "seed {seed}: route {v}"
                );
                assert!(last - first < lmax, "seed {seed}: string {first}..={last}");
                let kept_inside = (first..=last).filter(|k| !pos.contains(k)).count();
                let pinned_inside = (first..=last)
                    .filter(|&k| !pos.contains(&k) && p.jobs[jobs[k]].pin.is_some())
                    .count();
                assert!(kept_inside <= 1 + pinned_inside, "seed {seed}: {pos:?}");
            }
            assert!(removed.iter().all(|&j| p.jobs[j].pin.is_none()));
            let mut once = removed.clone();
            once.sort_unstable();
            once.dedup();
            assert_eq!(once.len(), removed.len(), "seed {seed}: a job twice");
            // Stops once enough are out: dropping the last route's string
            // must leave fewer than `target`.
            if hit > 1 {
                several += 1;
                let last_route = st.route_of[*removed.last().expect("some")];
                let before = removed
                    .iter()
                    .filter(|&&j| st.route_of[j] != last_route)
                    .count();
                assert!(
                    before < target,
                    "seed {seed}: went on after {before} of {target}"
                );
            }
        }
        assert!(
            cases > 60 && several > 10,
            "{cases} cases, {several} with several routes"
        );
    }
}
