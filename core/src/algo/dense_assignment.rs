//! Dense square linear assignment (LAPJV): minimum-cost perfect matching of
//! an `n × n` cost matrix.
//!
//! Written by hand after Jonker & Volgenant (1987) because no maintained
//! pure-Rust crate offers an O(n³)-worst-case assignment solver with the
//! initialisation heuristics that make it fast in practice (`pathfinding`'s
//! Kuhn–Munkres is the textbook Hungarian method and ~10× slower here; the
//! `lapjv` crate is float-only and returns no duals).
//!
//! Phases: column reduction, reduction transfer, two passes of augmenting row
//! reduction, then one shortest-augmenting-path search (Dijkstra on a dense
//! matrix) per row still free. The result carries the dual potentials that
//! certify optimality ([`certify`]).

use crate::{Error, Result};

/// Optimal perfect matching of a dense square cost matrix, with its
/// optimality certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenseAssignment {
    /// Column assigned to each row (a permutation).
    pub row_to_col: Vec<usize>,
    /// Sum of the costs of the chosen cells.
    pub total_cost: i64,
    /// Row potentials `u`.
    pub row_potential: Vec<i64>,
    /// Column potentials `v`: `cost[i][j] − u[i] − v[j] ≥ 0`, with equality on
    /// the chosen cells, so no perfect matching costs less than
    /// `Σu + Σv = total_cost`.
    pub col_potential: Vec<i64>,
}

const NONE: usize = usize::MAX;

/// Solves the dense square assignment problem: a permutation `σ` minimising
/// `Σ cost[i·n + σ(i)]`.
///
/// # Arguments
/// * `n` — number of rows and columns.
/// * `cost` — row-major `n × n` matrix; entries must satisfy `|c| ≤ 2^52`.
///
/// # Returns
/// The optimal assignment and its dual potentials, or [`Error::Internal`] if
/// `cost.len() != n²` or an entry is out of range.
///
/// # Complexity
/// O(n³) worst case, typically far less thanks to the reduction phases;
/// memory O(n) beyond the matrix.
///
/// # Examples
/// ```
/// use carematch::algo::dense_assignment::solve;
/// let s = solve(3, &[4, 1, 3, 2, 0, 5, 3, 2, 2])?;
/// assert_eq!(s.total_cost, 5);
/// assert_eq!(s.row_to_col, vec![1, 0, 2]);
/// # Ok::<(), carematch::Error>(())
/// ```
///
/// Reference: R. Jonker and A. Volgenant, "A shortest augmenting path
/// algorithm for dense and sparse linear assignment problems", Computing 38
/// (1987) 325–340.
// Index loops mirror the paper's pseudocode and touch several arrays at once.
#[allow(clippy::needless_range_loop)]
pub fn solve(n: usize, cost: &[i64]) -> Result<DenseAssignment> {
    if n.checked_mul(n) != Some(cost.len()) {
        return Err(Error::Internal("dense assignment matrix is not n × n"));
    }
    if cost.iter().any(|c| c.unsigned_abs() > 1 << 52) {
        return Err(Error::Internal("dense assignment cost out of range"));
    }
    if n == 0 {
        return Ok(DenseAssignment {
            row_to_col: Vec::new(),
            total_cost: 0,
            row_potential: Vec::new(),
            col_potential: Vec::new(),
        });
    }
    let c = |i: usize, j: usize| cost[i * n + j];
    let mut x = vec![NONE; n]; // column of each row
    let mut y = vec![NONE; n]; // row of each column
    let mut v = vec![0i64; n];
    let mut matches = vec![0u32; n];

    // Column reduction: v(j) = min_i c(i, j), the first row attaining it takes
    // column j if it has none yet (columns visited last to first, as in the
    // paper). Computed row by row so the matrix is read sequentially.
    let mut col_min = cost[..n].to_vec();
    let mut col_arg = vec![0usize; n];
    for i in 1..n {
        let row = &cost[i * n..(i + 1) * n];
        for j in 0..n {
            if row[j] < col_min[j] {
                col_min[j] = row[j];
                col_arg[j] = i;
            }
        }
    }
    for j in (0..n).rev() {
        let imin = col_arg[j];
        v[j] = col_min[j];
        matches[imin] += 1;
        if matches[imin] == 1 {
            x[imin] = j;
            y[j] = imin;
        }
    }

    // Reduction transfer for rows matched exactly once; collect free rows.
    let mut free = Vec::new();
    for i in 0..n {
        match matches[i] {
            0 => free.push(i),
            1 => {
                let j1 = x[i];
                let mut min = i64::MAX;
                for j in 0..n {
                    if j != j1 {
                        min = min.min(c(i, j) - v[j]);
                    }
                }
                if min != i64::MAX {
                    // u(i) = min; the largest v(j1) keeping row i feasible.
                    // It only lowers v(j1), so other rows stay feasible.
                    v[j1] = c(i, j1) - min;
                }
            }
            _ => {}
        }
    }

    // Augmenting row reduction, two passes.
    for _ in 0..2 {
        let mut k = 0;
        let mut next_free = Vec::new();
        let mut budget = 8 * n + 16;
        let mut cur = free.clone();
        while k < cur.len() {
            let i = cur[k];
            k += 1;
            let (mut u1, mut u2) = (i64::MAX, i64::MAX);
            let (mut j1, mut j2) = (0, NONE);
            for j in 0..n {
                let h = c(i, j) - v[j];
                if h < u2 {
                    if h >= u1 {
                        u2 = h;
                        j2 = j;
                    } else {
                        u2 = u1;
                        j2 = j1;
                        u1 = h;
                        j1 = j;
                    }
                }
            }
            let mut i0 = y[j1];
            if u1 < u2 && u2 != i64::MAX {
                v[j1] -= u2 - u1;
            } else if i0 != NONE && j2 != NONE {
                j1 = j2;
                i0 = y[j1];
            }
            if i0 != NONE {
                x[i0] = NONE;
            }
            x[i] = j1;
            y[j1] = i;
            if i0 != NONE {
                if u1 < u2 && budget > 0 {
                    budget -= 1;
                    k -= 1;
                    cur[k] = i0;
                } else {
                    next_free.push(i0);
                }
            }
        }
        free = next_free;
    }

    // Augmentation: one dense Dijkstra per free row. Labelled columns (in the
    // current batch at the minimum distance, or scanned) are marked by
    // d = i64::MIN; rows are read as contiguous slices so the inner loops
    // stream memory.
    let mut d = vec![0i64; n];
    let mut pred = vec![0usize; n];
    // A labelled column's distance moves to `dist_at_label` and `d(j)` becomes
    // i64::MIN, so the relaxation loop needs no status test (nothing is
    // below i64::MIN).
    let mut dist_at_label = vec![0i64; n];
    let mut todo: Vec<usize> = Vec::new();
    let mut scanned: Vec<usize> = Vec::new();
    for &f in &free {
        let row = &cost[f * n..(f + 1) * n];
        for j in 0..n {
            d[j] = row[j] - v[j];
            pred[j] = f;
        }
        todo.clear();
        scanned.clear();
        let mut min = 0i64;
        let end = 'search: loop {
            if todo.is_empty() {
                // Next batch: all unlabelled columns at the new minimum distance.
                min = i64::MAX;
                for &dj in &d {
                    if dj != i64::MIN && dj < min {
                        min = dj;
                    }
                }
                for j in 0..n {
                    if d[j] == min {
                        if y[j] == NONE {
                            break 'search j;
                        }
                        dist_at_label[j] = min;
                        d[j] = i64::MIN;
                        todo.push(j);
                    }
                }
            }
            // Scan one column of the batch: relax through the row holding it.
            let Some(j1) = todo.pop() else {
                return Err(Error::Internal("dense assignment search ran dry"));
            };
            scanned.push(j1);
            let i = y[j1];
            let row = &cost[i * n..(i + 1) * n];
            let u1 = row[j1] - v[j1] - min;
            for j in 0..n {
                let h = row[j] - v[j] - u1;
                if h < d[j] {
                    d[j] = h;
                    pred[j] = i;
                    if h == min {
                        if y[j] == NONE {
                            break 'search j;
                        }
                        dist_at_label[j] = min;
                        d[j] = i64::MIN;
                        todo.push(j);
                    }
                }
            }
        };
        for &j in &scanned {
            v[j] += dist_at_label[j] - min;
        }
        let mut j = end;
        loop {
            let i = pred[j];
            y[j] = i;
            let prev = x[i];
            x[i] = j;
            if i == f {
                break;
            }
            j = prev;
        }
    }

    let mut total = 0i64;
    let mut u = vec![0i64; n];
    for i in 0..n {
        let j = x[i];
        if j == NONE {
            return Err(Error::Internal("dense assignment left a row free"));
        }
        u[i] = c(i, j) - v[j];
        total += c(i, j);
    }
    let out = DenseAssignment {
        row_to_col: x,
        total_cost: total,
        row_potential: u,
        col_potential: v,
    };
    debug_assert_eq!(certify(n, cost, &out), Ok(()));
    Ok(out)
}

/// Checks that `s` is a perfect matching whose potentials certify it optimal:
/// every reduced cost `cost[i][j] − u[i] − v[j]` is ≥ 0, chosen cells have
/// reduced cost 0, and the total is right. Returns the first violation.
///
/// # Complexity
/// O(n²).
pub fn certify(n: usize, cost: &[i64], s: &DenseAssignment) -> Result<(), String> {
    if s.row_to_col.len() != n || s.row_potential.len() != n || s.col_potential.len() != n {
        return Err("solution has the wrong length".into());
    }
    let mut seen = vec![false; n];
    let mut total = 0i64;
    for (i, &j) in s.row_to_col.iter().enumerate() {
        if j >= n || seen[j] {
            return Err(format!("row {i} has column {j}: not a permutation"));
        }
        seen[j] = true;
        total += cost[i * n + j];
        let u = s.row_potential[i];
        for (jj, &vj) in s.col_potential.iter().enumerate() {
            let rc = cost[i * n + jj] - u - vj;
            if rc < 0 || (jj == j && rc != 0) {
                return Err(format!("cell ({i}, {jj}) has reduced cost {rc}"));
            }
        }
    }
    if total != s.total_cost {
        return Err(format!(
            "reported cost {} but cells sum to {total}",
            s.total_cost
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(n: usize, cost: &[i64]) -> i64 {
        fn go(i: usize, n: usize, cost: &[i64], used: &mut Vec<bool>) -> i64 {
            if i == n {
                return 0;
            }
            let mut best = i64::MAX;
            for j in 0..n {
                if !used[j] {
                    used[j] = true;
                    best = best.min(cost[i * n + j] + go(i + 1, n, cost, used));
                    used[j] = false;
                }
            }
            best
        }
        go(0, n, cost, &mut vec![false; n])
    }

    #[test]
    fn matches_brute_force_on_small_matrices() {
        let mut rng = crate::rng::Rng::new(7);
        for case in 0..300 {
            let n = 1 + case % 6;
            let spread = [3, 10, 1000][case % 3];
            let cost: Vec<i64> = (0..n * n)
                .map(|_| rng.below(spread) as i64 - spread as i64 / 3)
                .collect();
            let s = solve(n, &cost).unwrap();
            certify(n, &cost, &s).unwrap();
            assert_eq!(s.total_cost, brute(n, &cost), "case {case}: {cost:?}");
        }
    }
}
