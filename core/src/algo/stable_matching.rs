//! Stable matching with capacities (the hospitals/residents problem).
//!
//! Rows (residents, people) and columns (hospitals, households, schemes) each
//! rank the other side; a column takes at most `capacity[c]` rows. A matching
//! is *stable* when no row and column that both listed each other would rather
//! be together than keep what they have (no *blocking pair*). This models the
//! "every arrangement is mutual" practice: a plan that some person and carer
//! would both abandon for each other will not survive the introductions.
//!
//! [`deferred_acceptance`] is the Gale–Shapley algorithm extended to
//! capacities (Gale and Shapley 1962; Roth 1984): with [`Proposer::Rows`] it
//! returns the row-optimal stable matching (every row gets its best partner
//! over all stable matchings), with [`Proposer::Cols`] the column-optimal one.
//! Both are unique. [`blocking_pairs`] is an independent checker, and
//! [`preferences_from_scores`] derives the lists from numeric scores with a
//! documented tie-break. [`price_of_stability`] compares a stable plan with
//! the score-optimal one.
//!
//! Written by hand: the few crates that implement Gale–Shapley handle
//! one-to-one matching only, without capacities or incomplete lists.

use std::collections::{BinaryHeap, HashMap};

use crate::error::Issues;
use crate::{Error, Result};

/// Preference lists of both sides, most preferred first.
///
/// A pair `(r, c)` is *acceptable* only when `c` appears in `row_prefs[r]`
/// **and** `r` appears in `col_prefs[c]`; one-sided entries are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferenceLists {
    /// For every row, the columns it accepts, most preferred first.
    pub row_prefs: Vec<Vec<usize>>,
    /// For every column, the rows it accepts, most preferred first.
    pub col_prefs: Vec<Vec<usize>>,
    /// How many rows each column can take.
    pub capacity: Vec<u32>,
}

impl PreferenceLists {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.row_prefs.len()
    }
    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.col_prefs.len()
    }

    /// Checks ids, duplicates and lengths, reporting every issue at once as
    /// [`Error::Invalid`].
    pub fn validate(&self) -> Result<()> {
        let (n, m) = (self.rows(), self.cols());
        let mut issues = Issues::new();
        if self.capacity.len() != m {
            issues.add(
                "length_mismatch",
                "",
                "capacity",
                format!(
                    "{} capacities for {m} columns with preference lists",
                    self.capacity.len()
                ),
                "give exactly one capacity per column (and one preference list per column)",
            );
        }
        let mut check = |side: &str, owner: &str, lists: &[Vec<usize>], bound: usize| {
            let mut seen = vec![usize::MAX; bound];
            for (i, list) in lists.iter().enumerate() {
                for (k, &x) in list.iter().enumerate() {
                    let path = format!("{side}[{i}][{k}]");
                    if x >= bound {
                        issues.add(
                            "out_of_range",
                            format!("{owner} {i}"),
                            path,
                            format!("id {x} out of range (there are {bound})"),
                            "list only ids that exist on the other side",
                        );
                    } else if seen[x] == i {
                        issues.add(
                            "duplicate",
                            format!("{owner} {i}"),
                            path,
                            format!("id {x} listed more than once"),
                            "list every partner at most once",
                        );
                    } else {
                        seen[x] = i;
                    }
                }
            }
        };
        check("row_prefs", "row", &self.row_prefs, m);
        check("col_prefs", "column", &self.col_prefs, n);
        issues.into_result(())
    }
}

/// Which side proposes in [`deferred_acceptance`]; that side gets its optimal
/// stable matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Proposer {
    /// Rows propose: the row-optimal (resident-optimal, person-optimal) matching.
    #[default]
    Rows,
    /// Columns propose: the column-optimal (hospital-optimal, provider-optimal) matching.
    Cols,
}

/// For every row, its acceptable columns in its own order together with the
/// rank the column gives the row (mutually listed pairs only).
fn mutual_lists(p: &PreferenceLists) -> Vec<Vec<(usize, u32)>> {
    // (row, col, rank of row in col's list), sorted by row then col, so each
    // row's entry for a column is found by binary search.
    let mut by_row: Vec<Vec<(usize, u32)>> = vec![Vec::new(); p.rows()];
    for (c, list) in p.col_prefs.iter().enumerate() {
        for (rank, &r) in list.iter().enumerate() {
            by_row[r].push((c, rank as u32));
        }
    }
    by_row
        .iter_mut()
        .zip(&p.row_prefs)
        .map(|(ranks, prefs)| {
            ranks.sort_unstable();
            prefs
                .iter()
                .filter_map(|&c| {
                    ranks
                        .binary_search_by_key(&c, |&(cc, _)| cc)
                        .ok()
                        .map(|k| ranks[k])
                })
                .collect()
        })
        .collect()
}

/// Stable matching with capacities by deferred acceptance.
///
/// # Arguments
/// * `p` — both sides' preference lists and the column capacities.
/// * `proposer` — the side that proposes and gets its optimal stable matching.
///
/// # Returns
/// The column of every row (`None` = unmatched). Only mutually acceptable
/// pairs are used, no column exceeds its capacity and no blocking pair exists.
/// Invalid input (ids out of range, duplicates, length mismatch) gives
/// [`Error::Invalid`] listing every issue.
///
/// # Complexity
/// O(L log L) time and O(L) memory for L = total length of the preference
/// lists: each row proposes to each column at most once (rows proposing, with
/// a heap of held rows per column), or each column to each row at most once
/// (columns proposing).
///
/// # Examples
/// ```
/// use carematch::algo::stable_matching::{deferred_acceptance, PreferenceLists, Proposer};
/// // Two people both prefer household 0 (one place); household 0 prefers person 1.
/// let p = PreferenceLists {
///     row_prefs: vec![vec![0, 1], vec![0, 1]],
///     col_prefs: vec![vec![1, 0], vec![0, 1]],
///     capacity: vec![1, 1],
/// };
/// let m = deferred_acceptance(&p, Proposer::Rows).unwrap();
/// assert_eq!(m, vec![Some(1), Some(0)]);
/// ```
pub fn deferred_acceptance(p: &PreferenceLists, proposer: Proposer) -> Result<Vec<Option<usize>>> {
    p.validate()?;
    let lists = mutual_lists(p);
    let m = match proposer {
        Proposer::Rows => rows_propose(p, &lists),
        Proposer::Cols => cols_propose(p, &lists),
    };
    debug_assert!(blocking_pairs(p, &m).is_empty());
    Ok(m)
}

fn rows_propose(p: &PreferenceLists, lists: &[Vec<(usize, u32)>]) -> Vec<Option<usize>> {
    let n = p.rows();
    let mut next = vec![0usize; n];
    let mut matched: Vec<Option<usize>> = vec![None; n];
    // Per column, the rows it holds keyed by the column's rank of them: the
    // top of the max-heap is the worst row held.
    let mut held: Vec<BinaryHeap<(u32, usize)>> = vec![BinaryHeap::new(); p.cols()];
    // Process free rows in id order (a stack of the rest); the result does
    // not depend on the order, but a fixed order keeps the work reproducible.
    let mut free: Vec<usize> = (0..n).rev().collect();
    while let Some(r) = free.pop() {
        let Some(&(c, rank)) = lists[r].get(next[r]) else {
            continue; // list exhausted: stays unmatched
        };
        next[r] += 1;
        let cap = p.capacity[c] as usize;
        let heap = &mut held[c];
        if heap.len() < cap {
            heap.push((rank, r));
            matched[r] = Some(c);
        } else if heap.peek().is_some_and(|&(worst, _)| rank < worst) {
            if let Some((_, out)) = heap.pop() {
                matched[out] = None;
                free.push(out);
            }
            heap.push((rank, r));
            matched[r] = Some(c);
        } else {
            free.push(r); // rejected: try the next column
        }
    }
    matched
}

fn cols_propose(p: &PreferenceLists, lists: &[Vec<(usize, u32)>]) -> Vec<Option<usize>> {
    let (n, m) = (p.rows(), p.cols());
    // The rank each row gives each of its acceptable columns.
    let row_rank: Vec<HashMap<usize, u32>> = lists
        .iter()
        .map(|l| {
            l.iter()
                .enumerate()
                .map(|(k, &(c, _))| (c, k as u32))
                .collect()
        })
        .collect();
    // Each column's list restricted to mutually acceptable rows.
    let col_lists: Vec<Vec<usize>> = p
        .col_prefs
        .iter()
        .enumerate()
        .map(|(c, l)| {
            l.iter()
                .copied()
                .filter(|&r| row_rank[r].contains_key(&c))
                .collect()
        })
        .collect();
    let mut next = vec![0usize; m];
    let mut free_places: Vec<u32> = p.capacity.clone();
    let mut matched: Vec<Option<usize>> = vec![None; n];
    let mut active: Vec<usize> = (0..m).rev().collect();
    while let Some(c) = active.pop() {
        while free_places[c] > 0 {
            let Some(&r) = col_lists[c].get(next[c]) else {
                break;
            };
            next[c] += 1;
            let new_rank = row_rank[r].get(&c).copied().unwrap_or(u32::MAX);
            let better = match matched[r] {
                None => true,
                Some(old) => new_rank < row_rank[r].get(&old).copied().unwrap_or(u32::MAX),
            };
            if better {
                if let Some(old) = matched[r] {
                    free_places[old] += 1;
                    active.push(old);
                }
                matched[r] = Some(c);
                free_places[c] -= 1;
            }
        }
    }
    matched
}

/// All blocking pairs of a matching: mutually acceptable `(row, column)`
/// pairs where the row prefers the column to its current partner (or is
/// unmatched) and the column has a free place or prefers the row to the
/// worst row it holds.
///
/// An independent checker for [`deferred_acceptance`] and for plans made by
/// other means (for example the score-optimal assignment). It assumes `p`
/// is valid; matched columns out of range or not mutually acceptable count
/// as "unmatched" for the row and are ignored for the column. Pairs come
/// sorted by row, then by the row's preference order.
///
/// # Complexity
/// O(L + rows + cols) expected time with hashing, L = total list length.
pub fn blocking_pairs(p: &PreferenceLists, matching: &[Option<usize>]) -> Vec<(usize, usize)> {
    let (n, m) = (p.rows(), p.cols());
    // Position of every row in every column's list, straight from col_prefs.
    let col_pos: Vec<HashMap<usize, usize>> = p
        .col_prefs
        .iter()
        .map(|l| l.iter().enumerate().map(|(k, &r)| (r, k)).collect())
        .collect();
    let acceptable = |r: usize, c: usize| -> bool {
        c < m && col_pos[c].contains_key(&r) && p.row_prefs[r].contains(&c)
    };
    // The current partner of each row, if it is a real, acceptable pair.
    let partner: Vec<Option<usize>> = (0..n)
        .map(|r| {
            matching
                .get(r)
                .copied()
                .flatten()
                .filter(|&c| acceptable(r, c))
        })
        .collect();
    let mut load = vec![0usize; m];
    let mut worst: Vec<Option<usize>> = vec![None; m]; // worst position held
    for (r, c) in partner.iter().enumerate() {
        if let Some(c) = *c {
            load[c] += 1;
            let pos = col_pos[c].get(&r).copied().unwrap_or(usize::MAX);
            worst[c] = Some(worst[c].map_or(pos, |w| w.max(pos)));
        }
    }
    let mut out = Vec::new();
    for (r, (prefs, &mine)) in p.row_prefs.iter().zip(&partner).enumerate() {
        for &c in prefs {
            if Some(c) == mine {
                break; // everything after is worse for the row
            }
            let Some(&pos) = col_pos.get(c).and_then(|h| h.get(&r)) else {
                continue;
            };
            let col_wants = load[c] < p.capacity.get(c).copied().unwrap_or(0) as usize
                || worst[c].is_some_and(|w| pos < w);
            if col_wants {
                out.push((r, c));
            }
        }
    }
    out
}

/// One allowed pair with each side's score for the other (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoredPair {
    /// The row (person).
    pub row: usize,
    /// The column (household, scheme).
    pub col: usize,
    /// How much the row likes the column.
    pub row_score: i64,
    /// How much the column likes the row.
    pub col_score: i64,
}

/// Builds preference lists from scored allowed pairs.
///
/// Every listed pair is mutually acceptable. Rows rank columns by
/// `row_score` descending, ties broken by column id ascending; columns rank
/// rows by `col_score` descending, ties broken by row id ascending. (Strict
/// lists are needed for a unique side-optimal matching; id order is the
/// simplest reproducible tie-break, and matches the oracle files.)
///
/// # Errors
/// [`Error::Invalid`] listing every pair whose ids are out of range or that
/// repeats an earlier `(row, col)`.
///
/// # Complexity
/// O(P log P) for P pairs.
pub fn preferences_from_scores(
    rows: usize,
    capacity: Vec<u32>,
    pairs: impl IntoIterator<Item = ScoredPair>,
) -> Result<PreferenceLists> {
    let m = capacity.len();
    let mut issues = Issues::new();
    let mut by_row: Vec<Vec<(i64, usize)>> = vec![Vec::new(); rows];
    let mut by_col: Vec<Vec<(i64, usize)>> = vec![Vec::new(); m];
    for (k, q) in pairs.into_iter().enumerate() {
        if q.row >= rows || q.col >= m {
            issues.add(
                "out_of_range",
                format!("pair {k}"),
                format!("pairs[{k}]"),
                format!(
                    "pair ({}, {}) out of range ({rows} rows, {m} columns)",
                    q.row, q.col
                ),
                "use ids that exist",
            );
            continue;
        }
        by_row[q.row].push((q.row_score, q.col));
        by_col[q.col].push((q.col_score, q.row));
    }
    for (r, list) in by_row.iter_mut().enumerate() {
        list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for w in list.windows(2) {
            if w[0].1 == w[1].1 {
                issues.add(
                    "duplicate",
                    format!("row {r}"),
                    "pairs",
                    format!("pair ({r}, {}) listed more than once", w[0].1),
                    "give every pair once",
                );
            }
        }
    }
    if !issues.is_empty() {
        return Err(Error::Invalid(issues.into_vec()));
    }
    for list in &mut by_col {
        list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    let strip = |v: Vec<Vec<(i64, usize)>>| -> Vec<Vec<usize>> {
        v.into_iter()
            .map(|l| l.into_iter().map(|(_, x)| x).collect())
            .collect()
    };
    Ok(PreferenceLists {
        row_prefs: strip(by_row),
        col_prefs: strip(by_col),
        capacity,
    })
}

/// Score lost by insisting on stability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceOfStability {
    /// Score of the best plan minus score of the stable plan (≥ 0 when the
    /// first really is optimal).
    pub lost: i64,
    /// `lost / optimum`, or 0 when the optimum is 0.
    pub relative: f64,
}

/// The price of stability of a plan: how much total score (higher is
/// better) the stable plan gives up against the score-optimal plan.
pub fn price_of_stability(optimum_score: i64, stable_score: i64) -> PriceOfStability {
    let lost = optimum_score.saturating_sub(stable_score);
    let relative = if optimum_score == 0 {
        0.0
    } else {
        lost as f64 / optimum_score as f64
    };
    PriceOfStability { lost, relative }
}

#[cfg(test)]
mod tests;
