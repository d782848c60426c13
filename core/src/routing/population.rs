//! A small elite population for the restarts of the ILS, with selective
//! route exchange (SREX, Nagata & Bräysy 2009) between its plans.
//!
//! Each run of the ILS ends with its own best plan; the pool keeps a handful
//! of them, cheapest first, rejecting near-duplicates (broken-pairs distance,
//! as in Vidal's HGS). A new run then starts from a child of two elite plans
//! instead of a fresh construction: a few neighbouring routes of one parent
//! are replaced by the routes of the other parent that cover the most of the
//! same jobs; jobs then served twice keep the first parent's other routes,
//! jobs no longer served are re-inserted by the caller, and the local search
//! improves the child. Everything is drawn from the seeded RNG.

use super::instance::Instance;
use crate::rng::Rng;

/// Plans kept.
const SIZE: usize = 5;
/// Below this share of broken pairs, two plans count as the same.
const SAME: f64 = 0.03;

/// Elite plans, cheapest first.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    elites: Vec<(i64, Vec<Vec<usize>>)>,
}

impl Pool {
    /// Number of plans held.
    pub fn len(&self) -> usize {
        self.elites.len()
    }

    /// Offers a feasible plan of penalised cost `cost`.
    pub fn offer(&mut self, inst: &Instance, cost: i64, routes: &[Vec<usize>]) {
        let succ = successors(inst.n, routes);
        if let Some(k) = self
            .elites
            .iter()
            .position(|(_, e)| broken_pairs(&succ, &successors(inst.n, e)) < SAME)
        {
            if cost < self.elites[k].0 {
                self.elites.remove(k);
            } else {
                return;
            }
        }
        let at = self.elites.partition_point(|e| e.0 <= cost);
        self.elites.insert(at, (cost, routes.to_vec()));
        self.elites.truncate(SIZE);
    }

    /// A child of two distinct elite plans (needs two), and the jobs it
    /// leaves unplanned.
    pub fn child(&self, inst: &Instance, rng: &mut Rng) -> (Vec<Vec<usize>>, Vec<usize>) {
        let a = rng.index(self.elites.len());
        let mut b = rng.index(self.elites.len() - 1);
        if b >= a {
            b += 1;
        }
        srex(inst, &self.elites[a].1, &self.elites[b].1, rng)
    }
}

/// Successor of each job (`n` = end of route).
fn successors(n: usize, routes: &[Vec<usize>]) -> Vec<usize> {
    let mut succ = vec![usize::MAX; n];
    for r in routes {
        for (k, &j) in r.iter().enumerate() {
            succ[j] = r.get(k + 1).copied().unwrap_or(n);
        }
    }
    succ
}

/// Share of jobs whose successor differs.
fn broken_pairs(a: &[usize], b: &[usize]) -> f64 {
    let diff = a.iter().zip(b).filter(|(x, y)| x != y).count();
    diff as f64 / a.len().max(1) as f64
}

/// Selective route exchange: child of `a` with some routes from `b`.
fn srex(
    inst: &Instance,
    a: &[Vec<usize>],
    b: &[Vec<usize>],
    rng: &mut Rng,
) -> (Vec<Vec<usize>>, Vec<usize>) {
    let used: Vec<usize> = (0..a.len()).filter(|&r| !a[r].is_empty()).collect();
    if used.is_empty() {
        return (a.to_vec(), Vec::new());
    }
    let mut route_a = vec![usize::MAX; inst.n];
    for (r, jobs) in a.iter().enumerate() {
        jobs.iter().for_each(|&j| route_a[j] = r);
    }
    // Routes of `a` to replace: a random one, grown by the routes holding
    // the most granular neighbours of the jobs already chosen.
    let k = 1 + rng.index(used.len().div_ceil(2));
    let mut chosen = vec![used[rng.index(used.len())]];
    while chosen.len() < k {
        let mut votes = vec![0usize; a.len()];
        for &r in &chosen {
            for &j in &a[r] {
                for &x in inst.neighbours[j].iter().take(5) {
                    let rx = route_a[x];
                    if rx != usize::MAX && !chosen.contains(&rx) {
                        votes[rx] += 1;
                    }
                }
            }
        }
        let Some(next) = (0..a.len())
            .filter(|&r| votes[r] > 0)
            .max_by_key(|&r| votes[r])
        else {
            break;
        };
        chosen.push(next);
    }
    let mut free = vec![false; inst.n];
    for &r in &chosen {
        a[r].iter().for_each(|&j| free[j] = true);
    }
    // Routes of `b` covering the most freed jobs.
    let mut order: Vec<(usize, usize)> = b
        .iter()
        .enumerate()
        .map(|(r, jobs)| (jobs.iter().filter(|&&j| free[j]).count(), r))
        .filter(|&(c, _)| c > 0)
        .collect();
    order.sort_by_key(|&(c, r)| (std::cmp::Reverse(c), r));
    order.truncate(chosen.len());
    let mut child: Vec<Vec<usize>> = a.to_vec();
    for &r in &chosen {
        child[r].clear();
    }
    for &(_, rb) in &order {
        // The same vehicle if free, else a free identical one.
        let target = if child[rb].is_empty() {
            Some(rb)
        } else {
            inst.classes
                .iter()
                .find(|c| c.contains(&rb))
                .and_then(|c| c.iter().copied().find(|&v| child[v].is_empty()))
        };
        let Some(v) = target else { continue };
        let jobs: Vec<usize> = b[rb]
            .iter()
            .copied()
            .filter(|&j| free[j] && inst.can_serve(j, v))
            .collect();
        jobs.iter().for_each(|&j| free[j] = false);
        child[v] = jobs;
    }
    let mut left: Vec<usize> = (0..inst.n).filter(|&j| free[j]).collect();
    rng.shuffle(&mut left);
    (child, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::problem::{Job, Objective, RoutingProblem, TravelMatrix, Vehicle, Window};

    fn problem(r: &mut Rng, n: usize, m: usize) -> RoutingProblem {
        let pts: Vec<(i64, i64)> = (0..=n)
            .map(|_| (r.range_i64(0, 100), r.range_i64(0, 100)))
            .collect();
        let size = n + 1;
        let mut d = vec![0; size * size];
        for i in 0..size {
            for j in 0..size {
                d[i * size + j] = (pts[i].0 - pts[j].0).abs() + (pts[i].1 - pts[j].1).abs();
            }
        }
        let wide = Window {
            earliest: 0,
            latest: 10_000,
        };
        RoutingProblem {
            matrices: vec![TravelMatrix {
                size,
                duration: d.clone(),
                distance: d,
            }],
            jobs: (0..n)
                .map(|k| Job {
                    location: k + 1,
                    duration: 5,
                    windows: vec![wide],
                    soft_latest: false,
                    max_lateness: None,
                    demand: 1,
                    allowed_vehicles: None,
                    preferred_vehicles: vec![],
                    unassigned_penalty: 1_000_000,
                    pin: None,
                })
                .collect(),
            vehicles: (0..m)
                .map(|_| Vehicle {
                    start_location: 0,
                    end_location: Some(0),
                    shift: wide,
                    breaks: vec![],
                    max_duration: None,
                    capacity: 100,
                    profile: 0,
                    fixed_cost: 0,
                    cost_per_time: 0,
                    overtime_cost: 0,
                    overtime_after: None,
                })
                .collect(),
            sync: vec![],
            objective: Objective::default(),
        }
    }

    /// Random routes over `m` vehicles, some left empty.
    fn plan(r: &mut Rng, n: usize, m: usize) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..n).collect();
        r.shuffle(&mut order);
        let used = 1 + r.index(m);
        let mut routes = vec![Vec::new(); m];
        for j in order {
            routes[r.index(used)].push(j);
        }
        routes
    }

    /// Every child serves each job at most once, on an allowed vehicle, and
    /// the jobs it leaves out are exactly the ones it does not serve; the
    /// child keeps some routes of the first parent and takes some of the
    /// second. Same seed, same child.
    #[test]
    fn srex_children_partition_the_jobs() {
        let mut r = Rng::new(7);
        let (mut mixed, mut cases) = (0, 0);
        for _ in 0..200 {
            let (n, m) = (5 + r.index(40), 2 + r.index(8));
            let p = problem(&mut r, n, m);
            let inst = Instance::new(&p).expect("valid");
            let (a, b) = (plan(&mut r, n, m), plan(&mut r, n, m));
            let seed = r.next_u64();
            let (child, left) = srex(&inst, &a, &b, &mut Rng::new(seed));
            assert_eq!(
                (child.clone(), left.clone()),
                srex(&inst, &a, &b, &mut Rng::new(seed)),
                "deterministic"
            );
            assert_eq!(child.len(), m);
            let mut seen = vec![0; n];
            for (v, jobs) in child.iter().enumerate() {
                for &j in jobs {
                    seen[j] += 1;
                    assert!(inst.can_serve(j, v));
                }
            }
            for &j in &left {
                seen[j] += 1;
            }
            assert!(seen.iter().all(|&c| c == 1), "each job once: {seen:?}");
            let kept_a = child
                .iter()
                .filter(|c| !c.is_empty() && a.contains(c))
                .count();
            let from_b = child
                .iter()
                .filter(|c| !c.is_empty() && !a.contains(c))
                .count();
            cases += 1;
            mixed += usize::from(kept_a > 0 && from_b > 0);
        }
        assert!(
            mixed > cases / 4,
            "only {mixed} of {cases} children mix parents"
        );
    }

    /// The pool keeps at most five plans, cheapest first, and a plan that
    /// differs from a kept one in under 3 % of successors replaces it only
    /// when cheaper.
    #[test]
    fn pool_keeps_distinct_cheap_plans() {
        let mut r = Rng::new(3);
        let p = problem(&mut r, 60, 6);
        let inst = Instance::new(&p).expect("valid");
        let mut pool = Pool::default();
        let first = plan(&mut r, 60, 6);
        pool.offer(&inst, 100, &first);
        pool.offer(&inst, 120, &first);
        assert_eq!(pool.elites.len(), 1, "a duplicate is not kept twice");
        assert_eq!(pool.elites[0].0, 100);
        pool.offer(&inst, 90, &first);
        assert_eq!(pool.elites.len(), 1);
        assert_eq!(pool.elites[0].0, 90, "a cheaper duplicate replaces");
        for c in 0..10 {
            pool.offer(&inst, 200 - c, &plan(&mut r, 60, 6));
        }
        assert_eq!(pool.len(), SIZE);
        assert!(pool.elites.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(pool.elites[0].0, 90);
    }
}
