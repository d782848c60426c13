//! Sparse shortest-augmenting-path engine for the capacitated assignment
//! problem (the fast path behind [`super::assignment::solve`]).
//!
//! This is the primal–dual method of Jonker & Volgenant generalised to column
//! capacities and to optional rows, written by hand because no maintained Rust
//! crate solves sparse capacitated assignment (petgraph 0.8 has no min-cost
//! flow; `pathfinding`'s Kuhn–Munkres is dense, square and O(n³)).
//!
//! A greedy pass gives each row its cheapest edge while the column has room;
//! a bidding pass (an auction with exact bids: a full column's price rises by
//! the smallest margin among its holders and the bidder, and the row with that
//! margin moves on) places most of the rest. Then each pending row runs a
//! Dijkstra search over reduced costs `c(i,j) − u(i) − v(j) ≥ 0` in the residual graph (row → column
//! along an allowed edge, full column → each row it holds at reduced cost 0)
//! until it reaches a column with a free place, or — with optional rows — the
//! implicit "unassigned" column (cost 0, unbounded capacity, potential 0).
//! Potentials are then shifted by the distances so the new path is tight and
//! every reduced cost stays non-negative, and the path is augmented.
//!
//! Invariants that make the final duals an optimality certificate:
//! * every reduced cost is non-negative and assigned edges have reduced cost 0;
//! * `v(j) ≤ 0` and `v(j) < 0` only for full columns (only scanned columns are
//!   lowered, and a scanned column is full; a full column stays full);
//! * with optional rows `u(i) ≤ 0`, and `u(i) = 0` for unassigned rows.
//!
//! Each row's edges are kept sorted by cost, so a scan stops at the first edge
//! that cannot beat the best target found (as `v ≤ 0`, the reduced distance
//! through an edge is at least `d(r) − u(r) + c`). The caller may run the
//! engine on the transposed problem (places as rows); see
//! `assignment::transposed`.
//!
//! The engine is generic over the integer type so that huge costs can run in
//! `i128` while ordinary ones use the faster `i64`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::{Add, Sub};

/// Integer type used for costs, potentials and distances inside the engine.
pub(crate) trait Num:
    Copy + Ord + Add<Output = Self> + Sub<Output = Self> + std::fmt::Debug
{
    const ZERO: Self;
    const INF: Self;
    /// Marks a scanned column in `dist` (below every real distance).
    const DONE: Self;
    fn from_i64(x: i64) -> Self;
    fn to_i128(self) -> i128;
}

impl Num for i64 {
    const ZERO: Self = 0;
    const INF: Self = i64::MAX;
    const DONE: Self = i64::MIN;
    fn from_i64(x: i64) -> Self {
        x
    }
    fn to_i128(self) -> i128 {
        i128::from(self)
    }
}

impl Num for i128 {
    const ZERO: Self = 0;
    const INF: Self = i128::MAX;
    const DONE: Self = i128::MIN;
    fn from_i64(x: i64) -> Self {
        i128::from(x)
    }
    fn to_i128(self) -> i128 {
        self
    }
}

/// Row state: waiting for its search.
const PENDING: u32 = u32::MAX;
/// Row state: assigned to the implicit "unassigned" column.
const DUMMY: u32 = u32::MAX - 1;

/// Input in compressed row form (borrowed from the problem).
pub(crate) struct Input<'a> {
    pub row_start: &'a [usize],
    pub col: &'a [u32],
    pub cost: &'a [i64],
    pub capacity: &'a [u32],
    /// Rows may stay unassigned at cost 0.
    pub optional: bool,
}

/// Result of the engine: column per row (`None` = unassigned) and the duals
/// `u` (rows) and `p = −v ≥ 0` (column prices), as `i128`.
pub(crate) struct Output {
    pub row_to_col: Vec<Option<usize>>,
    pub row_potential: Vec<i128>,
    pub col_price: Vec<i128>,
}

/// Why the engine failed: with perfect coverage, this row could not be assigned.
pub(crate) struct Infeasible {
    /// Rows assigned when the search failed.
    pub assigned: usize,
}

/// Best search targets found so far: (distance, row) for leaving a row
/// unassigned, (distance, column) for a column with a free place.
struct Targets<T> {
    dummy: (T, u32),
    free: (T, u32),
}

struct Engine<'a, T: Num> {
    inp: &'a Input<'a>,
    /// Each row's edges sorted by (cost, column), so a scan can stop at the
    /// first edge that cannot beat the best target.
    col: Vec<u32>,
    cost: Vec<T>,
    cap: Vec<u32>,
    slot_start: Vec<usize>,
    load: Vec<u32>,
    slot_row: Vec<u32>,
    row_col: Vec<u32>,
    row_slot: Vec<u32>,
    u: Vec<T>,
    v: Vec<T>,
    // Dijkstra scratch, reset after every search.
    dist: Vec<T>,
    pred: Vec<u32>,
    touched: Vec<u32>,
    scanned_cols: Vec<(u32, T)>,
    scanned_rows: Vec<(u32, T)>,
    heap: BinaryHeap<Reverse<(T, u32)>>,
}

/// Solves the instance. Returns `Err` only with perfect coverage when some
/// row cannot be assigned.
pub(crate) fn run<T: Num>(inp: &Input<'_>) -> Result<Output, Infeasible> {
    let n = inp.row_start.len() - 1;
    let m = inp.capacity.len();
    // A column never holds more than n rows: clip so the slot arrays stay small.
    let cap: Vec<u32> = inp
        .capacity
        .iter()
        .map(|&c| c.min(u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    let mut slot_start = Vec::with_capacity(m + 1);
    let mut total = 0usize;
    for &c in &cap {
        slot_start.push(total);
        total += c as usize;
    }
    slot_start.push(total);
    let mut col = Vec::with_capacity(inp.col.len());
    let mut cost = Vec::with_capacity(inp.col.len());
    let mut order: Vec<(i64, u32)> = Vec::new();
    for r in 0..n {
        order.clear();
        let range = inp.row_start[r]..inp.row_start[r + 1];
        order.extend(
            inp.cost[range.clone()]
                .iter()
                .copied()
                .zip(inp.col[range].iter().copied()),
        );
        order.sort_unstable();
        for &(w, j) in &order {
            col.push(j);
            cost.push(T::from_i64(w));
        }
    }
    let mut e = Engine::<T> {
        inp,
        col,
        cost,
        cap,
        slot_start,
        load: vec![0; m],
        slot_row: vec![0; total],
        row_col: vec![PENDING; n],
        row_slot: vec![0; n],
        u: vec![T::ZERO; n],
        v: vec![T::ZERO; m],
        dist: vec![T::INF; m],
        pred: vec![0; m],
        touched: Vec::new(),
        scanned_cols: Vec::new(),
        scanned_rows: Vec::new(),
        heap: BinaryHeap::new(),
    };
    let pending = e.greedy();
    // Evictions allowed in the bidding warm start (it only has to be cheap).
    let pending = e.bid(pending, 2 * (n + total));
    for r in pending {
        if !e.search(r) {
            let assigned = e.row_col.iter().filter(|&&c| c < DUMMY).count();
            return Err(Infeasible { assigned });
        }
    }
    Ok(e.finish())
}

impl<T: Num> Engine<'_, T> {
    fn edges(&self, r: usize) -> std::ops::Range<usize> {
        self.inp.row_start[r]..self.inp.row_start[r + 1]
    }

    fn place(&mut self, r: usize, j: usize) {
        let s = self.slot_start[j] + self.load[j] as usize;
        self.slot_row[s] = r as u32;
        self.row_slot[r] = s as u32;
        self.row_col[r] = j as u32;
        self.load[j] += 1;
    }

    /// Initial dual-feasible partial assignment with `v = 0`: each row takes
    /// its cheapest edge when that column still has room. Returns the rows
    /// left for the search, in index order.
    fn greedy(&mut self) -> Vec<usize> {
        let n = self.row_col.len();
        let mut pending = Vec::new();
        for r in 0..n {
            let mut best = T::INF;
            let mut best_free = None;
            for k in self.edges(r) {
                let c = self.cost[k];
                let j = self.col[k] as usize;
                let free = self.load[j] < self.cap[j];
                if c < best {
                    best = c;
                    best_free = free.then_some(j);
                } else if c == best && best_free.is_none() && free {
                    best_free = Some(j);
                }
            }
            if self.inp.optional && best >= T::ZERO {
                self.u[r] = T::ZERO;
                self.row_col[r] = DUMMY;
                continue;
            }
            match best_free {
                Some(j) => {
                    self.u[r] = best;
                    self.place(r, j);
                }
                None => pending.push(r),
            }
        }
        pending
    }

    /// Best and second-best value `c(r,j) − v(j)` over row `r`'s edges,
    /// skipping column `skip`, with the unassigned option (value 0) when rows
    /// are optional. Returns `(best, best column or None for unassigned,
    /// second best)`; values are `T::INF` when absent.
    fn best_two(&self, r: usize, skip: usize) -> (T, Option<usize>, T, Option<usize>) {
        let (mut w1, mut j1, mut w2, mut j2) = (T::INF, None, T::INF, None);
        if self.inp.optional {
            w1 = T::ZERO;
        }
        for k in self.edges(r) {
            let j = self.col[k] as usize;
            if j == skip {
                continue;
            }
            let w = self.cost[k] - self.v[j];
            if w < w1 {
                if j1 != Some(j) {
                    w2 = w1;
                    j2 = j1;
                }
                w1 = w;
                j1 = Some(j);
            } else if w < w2 && j1 != Some(j) {
                w2 = w;
                j2 = Some(j);
            }
        }
        (w1, j1, w2, j2)
    }

    /// Bidding phase (an auction with exact bids, used only to warm-start the
    /// search): a pending row whose best column is full may take a place
    /// there if the column's price rises by the smallest margin (second best
    /// − best) among the column's rows and the bidder; the row with that
    /// smallest margin leaves and bids in turn. Raising a full column's price
    /// by at most every remaining row's margin keeps all invariants of the
    /// module. At most `budget` evictions; returns the rows still pending.
    fn bid(&mut self, pending: Vec<usize>, mut budget: usize) -> Vec<usize> {
        let mut queue: std::collections::VecDeque<usize> = pending.into();
        let mut hard = Vec::new();
        while let Some(i) = queue.pop_front() {
            let (w1, j1, w2, j2) = self.best_two(i, usize::MAX);
            let j1 = match j1 {
                Some(j) => j,
                None if self.inp.optional => {
                    self.u[i] = T::ZERO;
                    self.row_col[i] = DUMMY;
                    continue;
                }
                None => {
                    hard.push(i);
                    continue;
                }
            };
            if self.load[j1] < self.cap[j1] {
                self.u[i] = w1;
                self.place(i, j1);
                continue;
            }
            if budget == 0 {
                hard.push(i);
                continue;
            }
            budget -= 1;
            // Smallest margin among the column's current holders.
            let mut holder = (T::INF, usize::MAX);
            let (a, b) = (
                self.slot_start[j1],
                self.slot_start[j1] + self.load[j1] as usize,
            );
            for s in a..b {
                let r = self.slot_row[s] as usize;
                let (x1, _, _, _) = self.best_two(r, j1);
                let m = if x1 == T::INF { T::INF } else { x1 - self.u[r] };
                if m < holder.0 {
                    holder = (m, r);
                }
            }
            let mine = if w2 == T::INF { T::INF } else { w2 - w1 };
            let delta = holder.0.min(mine);
            if delta == T::INF {
                // Perfect coverage, no alternative for anyone: leave it to the search.
                hard.push(i);
                continue;
            }
            // Raise the column's price by delta (holders stay tight and feasible).
            self.v[j1] = self.v[j1] - delta;
            for s in a..b {
                let r = self.slot_row[s] as usize;
                self.u[r] = self.u[r] + delta;
            }
            if holder.0 < mine {
                // The bidder takes the place of the holder with the smallest margin.
                let r0 = holder.1;
                let slot = self.row_slot[r0];
                self.row_col[r0] = PENDING;
                self.slot_row[slot as usize] = i as u32;
                self.row_slot[i] = slot;
                self.row_col[i] = j1 as u32;
                self.u[i] = w1 + delta;
                queue.push_back(r0);
            } else {
                // Column j1 now costs the bidder as much as its second choice.
                match j2 {
                    None => {
                        // Second choice is to stay unassigned (optional rows).
                        self.u[i] = T::ZERO;
                        self.row_col[i] = DUMMY;
                    }
                    Some(j) if self.load[j] < self.cap[j] => {
                        self.u[i] = w2;
                        self.place(i, j);
                    }
                    Some(_) => queue.push_back(i),
                }
            }
        }
        hard.sort_unstable();
        hard
    }

    /// Relaxes the edges of row `r` reached at distance `dr`. Columns with a
    /// free place are search targets: they go to `best_free` instead of the
    /// heap. Scanned columns hold `T::DONE` in `dist`, so `nd < dist` skips them.
    fn scan_row(&mut self, r: usize, dr: T, best: &mut Targets<T>) {
        self.scanned_rows.push((r as u32, dr));
        let ur = self.u[r];
        if self.inp.optional {
            // Reduced cost of the edge to the unassigned column: 0 − u(r) − 0.
            let cand = dr + (T::ZERO - ur);
            if cand < best.dummy.0 {
                best.dummy = (cand, r as u32);
            }
        }
        // v ≤ 0, so nd ≥ dr − u(r) + c: once that reaches the best target,
        // no later (dearer) edge can improve anything.
        let base = dr - ur;
        let mut bound = best.free.0.min(best.dummy.0);
        for k in self.edges(r) {
            let c = self.cost[k];
            if base + c >= bound {
                break;
            }
            let j = self.col[k] as usize;
            let nd = base + (c - self.v[j]);
            let dj = self.dist[j];
            if nd < dj {
                if dj == T::INF {
                    self.touched.push(j as u32);
                }
                self.dist[j] = nd;
                self.pred[j] = r as u32;
                if self.load[j] < self.cap[j] {
                    if nd < best.free.0 {
                        best.free = (nd, j as u32);
                        bound = bound.min(nd);
                    }
                } else {
                    self.heap.push(Reverse((nd, j as u32)));
                }
            }
        }
    }

    /// One Dijkstra search from pending row `i` and the augmentation it finds.
    /// Returns false when no augmenting path exists (perfect coverage only).
    fn search(&mut self, i: usize) -> bool {
        // Fresh potential for the start row: the largest keeping its reduced
        // costs non-negative.
        let mut ui = if self.inp.optional { T::ZERO } else { T::INF };
        for k in self.edges(i) {
            let rc = self.cost[k] - self.v[self.col[k] as usize];
            if rc < ui {
                ui = rc;
            }
        }
        if ui == T::INF {
            return false; // no edge at all, perfect coverage
        }
        self.u[i] = ui;
        let mut best = Targets {
            dummy: (T::INF, u32::MAX),
            free: (T::INF, u32::MAX),
        };
        self.scan_row(i, T::ZERO, &mut best);
        // Target: Some(column) or None for the unassigned column.
        let (target, d_end) = loop {
            let bound = best.free.0.min(best.dummy.0);
            let top = match self.heap.peek() {
                Some(&Reverse((d, j))) if d < bound => {
                    self.heap.pop();
                    Some((d, j as usize))
                }
                _ => None,
            };
            let Some((dj, j)) = top else {
                if bound == T::INF {
                    self.reset();
                    return false;
                }
                // Placing wins ties with leaving someone unassigned.
                if best.free.0 <= best.dummy.0 {
                    break (Some(best.free.1 as usize), best.free.0);
                }
                break (None, best.dummy.0);
            };
            if dj > self.dist[j] {
                continue; // stale entry, or column already scanned
            }
            self.dist[j] = T::DONE;
            self.scanned_cols.push((j as u32, dj));
            let (a, b) = (
                self.slot_start[j],
                self.slot_start[j] + self.load[j] as usize,
            );
            for s in a..b {
                let r = self.slot_row[s] as usize;
                self.scan_row(r, dj, &mut best);
            }
        };
        // Dual update: u(r) += D − d(r), v(j) −= D − d(j) on scanned nodes.
        for &(r, dr) in &self.scanned_rows {
            let r = r as usize;
            self.u[r] = self.u[r] + (d_end - dr);
        }
        for &(j, dj) in &self.scanned_cols {
            let j = j as usize;
            self.v[j] = self.v[j] - (d_end - dj);
        }
        // Augment back along the predecessor chain. `vacated` is the (column,
        // slot) just left by a row that moved on; the row that reached that
        // column in the search fills it.
        let mut vacated = match target {
            Some(t) => {
                let r = self.pred[t] as usize;
                let from = (self.row_col[r], self.row_slot[r]);
                self.place(r, t);
                (r != i).then_some(from)
            }
            None => {
                let r = best.dummy.1 as usize;
                let from = (self.row_col[r], self.row_slot[r]);
                self.row_col[r] = DUMMY;
                (r != i).then_some(from)
            }
        };
        while let Some((col, slot)) = vacated {
            let r = self.pred[col as usize] as usize;
            let from = (self.row_col[r], self.row_slot[r]);
            self.slot_row[slot as usize] = r as u32;
            self.row_slot[r] = slot;
            self.row_col[r] = col;
            vacated = (r != i).then_some(from);
        }
        self.reset();
        true
    }

    fn reset(&mut self) {
        for &j in &self.touched {
            self.dist[j as usize] = T::INF;
        }
        self.touched.clear();
        self.scanned_cols.clear();
        self.scanned_rows.clear();
        self.heap.clear();
    }

    fn finish(self) -> Output {
        let row_to_col = self
            .row_col
            .iter()
            .map(|&c| (c < DUMMY).then_some(c as usize))
            .collect();
        Output {
            row_to_col,
            row_potential: self.u.iter().map(|x| x.to_i128()).collect(),
            col_price: self.v.iter().map(|x| -x.to_i128()).collect(),
        }
    }
}
