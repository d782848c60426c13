//! The flattened instance, exact budget multipliers, relaxed points, and
//! the flow-based heuristics (repair, exchange) and duals of one solve.

use super::*;

/// The one place the flow solver is called.
pub(super) fn flow_solve(p: &AssignmentProblem, coverage: Coverage) -> Result<AssignmentSolution> {
    assignment::solve(p, coverage)
}

/// A budget multiplier λ = num / den ≥ 0 (exact rational).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Lambda {
    pub(super) num: i128,
    pub(super) den: i128,
}

impl Lambda {
    pub(super) const ZERO: Lambda = Lambda { num: 0, den: 1 };
}

pub(super) fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

pub(super) fn ceil_div(a: i128, b: i128) -> i128 {
    // b > 0
    a.div_euclid(b) + i128::from(a.rem_euclid(b) != 0)
}

/// A relaxed solution at some λ: the edge of every row.
#[derive(Debug, Clone)]
pub(super) struct Point {
    pub(super) lam: Lambda,
    pub(super) x: Vec<Option<usize>>,
    pub(super) cost: i64,
    pub(super) spend: i64,
}

impl Point {
    /// Scaled Lagrangian value `den·c·x + num·b·x`.
    pub(super) fn scaled(&self) -> i128 {
        self.lam.den * i128::from(self.cost) + self.lam.num * i128::from(self.spend)
    }
    /// Lower bound `L(λ) = c·x + λ(b·x − limit)` as `(numerator, den)`.
    pub(super) fn bound(&self, limit: i64) -> (i128, i128) {
        (
            self.scaled() - self.lam.num * i128::from(limit),
            self.lam.den,
        )
    }
}

pub(super) struct Work<'a> {
    pub(super) p: &'a AssignmentProblem,
    pub(super) coverage: Coverage,
    pub(super) side: &'a SideConstraints,
    pub(super) row_of: Vec<usize>,
    pub(super) col_of: Vec<usize>,
    pub(super) cost: Vec<i64>,
    pub(super) spend: Vec<i64>,
    pub(super) limit: i64,
    pub(super) max_cost: i128,
    pub(super) max_spend: i128,
    pub(super) cost_limit: i128,
    pub(super) flow_solves: u32,
}

impl<'a> Work<'a> {
    pub(super) fn new(
        p: &'a AssignmentProblem,
        coverage: Coverage,
        side: &'a SideConstraints,
    ) -> Self {
        let row_of = p.edge_rows();
        let (col_of, cost): (Vec<usize>, Vec<i64>) = (0..p.edges()).map(|e| p.edge(e)).unzip();
        let (spend, limit) = match &side.budget {
            Some(b) => (b.edge_cost.clone(), b.limit),
            None => (vec![0; p.edges()], i64::MAX),
        };
        let max_cost = cost.iter().map(|w| i128::from(w.unsigned_abs())).max();
        let max_spend = spend.iter().map(|w| i128::from(w.unsigned_abs())).max();
        Work {
            p,
            coverage,
            side,
            row_of,
            col_of,
            cost,
            spend,
            limit,
            max_cost: max_cost.unwrap_or(0),
            max_spend: max_spend.unwrap_or(0),
            // Per-edge scaled costs stay within what the flow solver accepts
            // and their sums over all rows within i64.
            cost_limit: (1i128 << 52).min((1i128 << 61) / (p.rows() as i128 + 1)),
            flow_solves: 0,
        }
    }

    pub(super) fn fits(&self, lam: Lambda) -> bool {
        self.max_cost * lam.den + self.max_spend * lam.num <= self.cost_limit
    }

    /// The closest representable multiplier not above `num/den`.
    pub(super) fn representable(&self, num: i128, den: i128) -> Lambda {
        let g = gcd(num, den).max(1);
        let exact = Lambda {
            num: num / g,
            den: den / g,
        };
        if self.fits(exact) {
            return exact;
        }
        let mut d: i128 = 1 << 52;
        while d > 1
            && !self.fits(Lambda {
                num: num * d / den,
                den: d,
            })
        {
            d >>= 1;
        }
        let mut lam = Lambda {
            num: num * d / den,
            den: d,
        };
        while lam.num > 0 && !self.fits(lam) {
            lam.num /= 2;
        }
        lam
    }

    /// A multiplier large enough that one unit of spend outweighs any
    /// change in cost.
    pub(super) fn lambda_big(&self) -> i128 {
        2 * self.p.rows() as i128 * self.max_cost + 1
    }

    /// [`Self::lambda_big`], or the largest multiplier that fits if it does not.
    pub(super) fn lambda_max(&self) -> Lambda {
        let lam = self.representable(self.lambda_big(), 1);
        if lam.num == 0 {
            Lambda { num: 1, den: 1 }
        } else {
            lam
        }
    }

    pub(super) fn scaled_cost(&self, lam: Lambda, e: usize) -> i64 {
        // Within cost_limit by `fits`, so the cast is exact.
        (lam.den * i128::from(self.cost[e]) + lam.num * i128::from(self.spend[e])) as i64
    }

    pub(super) fn point(&self, lam: Lambda, x: Vec<Option<usize>>) -> Point {
        let cost = x.iter().flatten().map(|&e| self.cost[e]).sum();
        let spend = x.iter().flatten().map(|&e| self.spend[e]).sum();
        Point {
            lam,
            x,
            cost,
            spend,
        }
    }

    /// Solves the relaxation (no side constraints) at multiplier `lam`,
    /// without the `forbidden` edges. `None` when perfect coverage is
    /// impossible.
    pub(super) fn relaxed(&mut self, lam: Lambda, forbidden: &[bool]) -> Result<Option<Point>> {
        if !self.fits(lam) {
            return Err(Error::Internal("side constraints: multiplier out of range"));
        }
        self.flow_solves += 1;
        let p = self.p;
        let mut ids: Vec<Vec<usize>> = Vec::with_capacity(p.rows());
        let rows = (0..p.rows()).map(|r| {
            let keep: Vec<usize> = p
                .row_edge_range(r)
                .filter(|&e| !forbidden.get(e).copied().unwrap_or(false))
                .collect();
            let edges: Vec<(usize, i64)> = keep
                .iter()
                .map(|&e| (self.col_of[e], self.scaled_cost(lam, e)))
                .collect();
            ids.push(keep);
            edges
        });
        let sub = AssignmentProblem::from_rows(p.capacities().to_vec(), rows.collect::<Vec<_>>())?;
        let sol = match flow_solve(&sub, self.coverage) {
            Ok(s) => s,
            Err(Error::Infeasible(_)) if self.coverage == Coverage::Perfect => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut x = vec![None; p.rows()];
        for (r, c) in sol.row_to_col.iter().enumerate() {
            if let Some(c) = *c {
                let e = ids[r]
                    .iter()
                    .copied()
                    .find(|&e| self.col_of[e] == c)
                    .ok_or(Error::Internal(
                        "flow solver used an edge that does not exist",
                    ))?;
                x[r] = Some(e);
            }
        }
        Ok(Some(self.point(lam, x)))
    }

    pub(super) fn to_solution(&self, x: &[Option<usize>]) -> AssignmentSolution {
        AssignmentSolution {
            row_to_col: x.iter().map(|e| e.map(|e| self.col_of[e])).collect(),
            total_cost: x.iter().flatten().map(|&e| self.cost[e]).sum(),
        }
    }

    pub(super) fn feasible(&self, x: &[Option<usize>]) -> bool {
        check_side(self.p, self.coverage, self.side, &self.to_solution(x)).is_ok()
    }

    /// Edges to forbid so that the conflicts and column limits broken by
    /// `x` cannot recur; empty when `x` breaks none.
    pub(super) fn violations(&self, lam: Lambda, x: &[Option<usize>]) -> Vec<usize> {
        let mut out = Vec::new();
        for &(a, b) in &self.side.conflicts {
            if let (Some(ea), Some(eb)) = (x[a], x[b])
                && self.col_of[ea] == self.col_of[eb]
            {
                // Drop the pair member for whom this column is worth less.
                let worse = if (self.scaled_cost(lam, ea), a) > (self.scaled_cost(lam, eb), b) {
                    ea
                } else {
                    eb
                };
                out.push(worse);
            }
        }
        for lim in &self.side.column_limits {
            let mut by_col: BTreeMap<usize, Vec<(i64, usize, usize)>> = BTreeMap::new();
            for &r in &lim.rows {
                if let Some(e) = x[r] {
                    by_col.entry(self.col_of[e]).or_default().push((
                        self.scaled_cost(lam, e),
                        r,
                        e,
                    ));
                }
            }
            for (_, mut v) in by_col {
                if v.len() > lim.max_per_column as usize {
                    v.sort_unstable();
                    out.extend(v[lim.max_per_column as usize..].iter().map(|t| t.2));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Repairs a relaxed point: forbid offending edges and re-solve at the
    /// same λ until no conflict or column limit is broken; then (optional
    /// coverage) drop rows until the budget holds.
    pub(super) fn repair(
        &mut self,
        start: &Point,
        rounds: u32,
    ) -> Result<Option<Vec<Option<usize>>>> {
        let mut forbidden = vec![false; self.p.edges()];
        let mut x = start.x.clone();
        let mut lam = start.lam;
        let lam_max = self.lambda_max();
        let mut round = 0;
        loop {
            let bad = self.violations(lam, &x);
            let spend: i64 = x.iter().flatten().map(|&e| self.spend[e]).sum();
            if bad.is_empty() {
                // Perfect coverage cannot drop rows to meet the budget: put
                // a higher price on spend (the forbidden edges stay out).
                if spend <= self.limit || self.coverage == Coverage::Optional || lam == lam_max {
                    break;
                }
                lam = if lam.num == 0 {
                    self.representable(1, 1)
                } else {
                    self.representable(lam.num * 2, lam.den)
                };
                if lam.num * lam_max.den >= lam_max.num * lam.den {
                    lam = lam_max;
                }
            } else {
                for e in bad {
                    forbidden[e] = true;
                }
            }
            if round >= rounds {
                return Ok(None);
            }
            round += 1;
            match self.relaxed(lam, &forbidden)? {
                Some(pt) => x = pt.x,
                None => return Ok(None),
            }
        }
        let mut spend: i64 = x.iter().flatten().map(|&e| self.spend[e]).sum();
        if spend > self.limit && self.coverage == Coverage::Optional {
            // Greedy: drop the rows that save the most spend per unit of
            // cost given up (removing rows never breaks the other rules).
            let mut order: Vec<usize> = (0..x.len())
                .filter(|&r| x[r].is_some_and(|e| self.spend[e] > 0))
                .collect();
            let key = |r: usize| -> (i128, i128) {
                let e = x[r].unwrap_or(0);
                (
                    i128::from(self.spend[e]),
                    i128::from((-self.cost[e]).max(0)) + 1,
                )
            };
            order.sort_by(|&a, &b| {
                let (sa, ca) = key(a);
                let (sb, cb) = key(b);
                (sb * ca).cmp(&(sa * cb)).then(a.cmp(&b))
            });
            for r in order {
                if spend <= self.limit {
                    break;
                }
                if let Some(e) = x[r].take() {
                    spend -= self.spend[e];
                }
            }
        }
        Ok(self.feasible(&x).then_some(x))
    }

    /// Exchange heuristic between an over-budget relaxed solution `lo` and an
    /// under-budget one `hi`: their difference splits into paths and cycles
    /// of row moves (each can be applied on its own without breaking a
    /// capacity), and a small knapsack picks the subset that meets the budget
    /// at least cost. At the optimal multiplier every piece costs nothing in
    /// Lagrangian terms, so the result is typically within a unit or two of
    /// the bound. `None` when the solutions coincide or nothing fits.
    pub(super) fn exchange(&self, lo: &Point, hi: &Point) -> Option<Vec<Option<usize>>> {
        let m = self.p.cols();
        let outside = m; // the "unassigned" node, unlimited capacity
        let node = |x: Option<usize>| x.map_or(outside, |e| self.col_of[e]);
        let mut arcs: Vec<(usize, usize)> = Vec::new(); // (to, row)
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); m + 1];
        let mut bal = vec![0i64; m + 1]; // unused out − unused in
        for r in 0..self.p.rows() {
            if lo.x[r] != hi.x[r] {
                let (a, b) = (node(lo.x[r]), node(hi.x[r]));
                out[a].push(arcs.len());
                arcs.push((b, r));
                bal[a] += 1;
                bal[b] -= 1;
            }
        }
        if arcs.is_empty() {
            return None;
        }
        let mut next = vec![0usize; m + 1];
        let mut pieces: Vec<Vec<usize>> = Vec::new();
        let step = |v: usize, next: &mut Vec<usize>| -> Option<(usize, usize)> {
            let k = next[v];
            let &a = out[v].get(k)?;
            next[v] += 1;
            Some(arcs[a])
        };
        // Paths from surplus nodes to the first deficit node reached, then
        // closed walks through what is left (all balanced by then).
        for s in 0..=m {
            while bal[s] > 0 {
                let mut piece = Vec::new();
                let mut v = s;
                bal[s] -= 1;
                loop {
                    // Always Some for a valid pair of solutions.
                    let (to, r) = step(v, &mut next)?;
                    piece.push(r);
                    v = to;
                    if bal[v] < 0 {
                        bal[v] += 1;
                        break;
                    }
                }
                pieces.push(piece);
            }
        }
        for s in 0..=m {
            while next[s] < out[s].len() {
                let mut piece = Vec::new();
                let mut v = s;
                loop {
                    let (to, r) = step(v, &mut next)?;
                    piece.push(r);
                    v = to;
                    if v == s {
                        break;
                    }
                }
                pieces.push(piece);
            }
        }
        let delta = |x: Option<usize>, f: &[i64]| x.map_or(0, |e| f[e]);
        let items: Vec<(i64, i64)> = pieces
            .iter()
            .map(|pc| {
                pc.iter().fold((0, 0), |(dc, db), &r| {
                    (
                        dc + delta(hi.x[r], &self.cost) - delta(lo.x[r], &self.cost),
                        db + delta(hi.x[r], &self.spend) - delta(lo.x[r], &self.spend),
                    )
                })
            })
            .collect();
        let need = self.limit.checked_sub(lo.spend)?; // Σ db ≤ need (< 0)
        let chosen = knapsack(&items, need)?;
        let mut x = lo.x.clone();
        for (pc, take) in pieces.iter().zip(chosen) {
            if take {
                for &r in pc {
                    x[r] = hi.x[r];
                }
            }
        }
        Some(x)
    }

    /// Optimal dual values of the relaxation at `pt` (which must be an
    /// optimal relaxed solution at `pt.lam`), in scaled units: `u` per row,
    /// `v` per column, with reduced costs `c' − u − v ≥ 0` on every edge,
    /// `u ≤ 0` (optional coverage), `v ≤ 0`, and `Σu + Σ cap·v = c'·x`.
    ///
    /// Found as shortest paths over the columns (difference constraints),
    /// with a label-correcting queue: O(cols · edges) worst case, near
    /// linear in practice.
    pub(super) fn duals(&self, pt: &Point) -> Result<(Vec<i128>, Vec<i128>)> {
        let p = self.p;
        let (n, m) = (p.rows(), p.cols());
        let z = m; // the zero node
        let mut arcs: Vec<Vec<(usize, i128)>> = vec![Vec::new(); m + 1];
        let mut load = vec![0u32; m];
        let c = |e: usize| i128::from(self.scaled_cost(pt.lam, e));
        for r in 0..n {
            match pt.x[r] {
                Some(e0) => {
                    let j = self.col_of[e0];
                    load[j] += 1;
                    for e in p.row_edge_range(r) {
                        if e != e0 {
                            arcs[j].push((self.col_of[e], c(e) - c(e0)));
                        }
                    }
                    if self.coverage == Coverage::Optional {
                        arcs[j].push((z, -c(e0)));
                    }
                }
                None => {
                    for e in p.row_edge_range(r) {
                        arcs[z].push((self.col_of[e], c(e)));
                    }
                }
            }
        }
        for j in 0..m {
            arcs[z].push((j, 0));
            if load[j] < p.capacities()[j] {
                arcs[j].push((z, 0));
            }
        }
        let mut dist = vec![i128::MAX; m + 1];
        let mut queued = vec![false; m + 1];
        let mut pushes = vec![0usize; m + 1];
        let mut queue = VecDeque::from([z]);
        dist[z] = 0;
        queued[z] = true;
        while let Some(a) = queue.pop_front() {
            queued[a] = false;
            let da = dist[a];
            for &(b, w) in &arcs[a] {
                if da + w < dist[b] {
                    dist[b] = da + w;
                    if !queued[b] {
                        pushes[b] += 1;
                        if pushes[b] > m + 2 {
                            return Err(Error::Internal(
                                "flow solution is not optimal (negative cycle in the dual)",
                            ));
                        }
                        queued[b] = true;
                        queue.push_back(b);
                    }
                }
            }
        }
        if dist[z] != 0 {
            return Err(Error::Internal(
                "flow solution is not optimal (negative cycle in the dual)",
            ));
        }
        let v: Vec<i128> = dist[..m].to_vec();
        let u: Vec<i128> =
            pt.x.iter()
                .map(|x| x.map_or(0, |e| c(e) - v[self.col_of[e]]))
                .collect();
        let dual: i128 = u.iter().sum::<i128>()
            + v.iter()
                .zip(p.capacities())
                .map(|(v, &k)| v * i128::from(k))
                .sum::<i128>();
        if dual != pt.scaled() {
            return Err(Error::Internal("dual objective differs from flow cost"));
        }
        Ok((u, v))
    }
}
