//! Maximum-cardinality b-matching by augmenting paths, with columns that can
//! be added one at a time: the fast placement-count relaxation behind the
//! recruitment brief.
//!
//! Rows take at most one column; column `j` takes at most `cap[j]` rows.
//! Augmenting paths are searched from columns with spare capacity (breadth
//! first: column → a row not already there → that row's column → …, ending
//! at an unmatched row). One pass over the columns gives a maximum matching
//! (once no augmenting path starts at a vertex, none will after other
//! augmentations), and a column added later gains exactly the number of
//! augmenting paths found from it.
//!
//! # Complexity
//! One search is O(rows + edges); a maximum matching O(places × edges).

/// A b-matching under construction.
#[derive(Debug, Clone)]
pub(crate) struct BMatching {
    col_rows: Vec<Vec<usize>>,
    cap: Vec<u32>,
    load: Vec<u32>,
    row_col: Vec<Option<usize>>,
}

impl BMatching {
    /// An empty matching over `rows` rows and no columns.
    pub(crate) fn new(rows: usize) -> Self {
        BMatching {
            col_rows: Vec::new(),
            cap: Vec::new(),
            load: Vec::new(),
            row_col: vec![None; rows],
        }
    }

    /// Rows matched.
    pub(crate) fn size(&self) -> usize {
        self.row_col.iter().filter(|c| c.is_some()).count()
    }

    /// Whether row `r` is matched.
    pub(crate) fn is_matched(&self, r: usize) -> bool {
        self.row_col[r].is_some()
    }

    /// Adds a column with the given rows and capacity and augments from it
    /// as far as it goes; returns the column index and the rows gained.
    pub(crate) fn add_column(&mut self, rows: Vec<usize>, cap: u32) -> (usize, u32) {
        self.col_rows.push(rows);
        self.cap.push(cap);
        self.load.push(0);
        let j = self.cap.len() - 1;
        let mut gained = 0;
        while self.load[j] < self.cap[j] && self.augment_from(j) {
            gained += 1;
        }
        (j, gained)
    }

    /// Searches one augmenting path from column `j` (which has spare
    /// capacity) and applies it; false when there is none.
    fn augment_from(&mut self, j: usize) -> bool {
        let cols = self.cap.len();
        let mut seen_col = vec![false; cols];
        // For a row reached: the column it would move into.
        let mut into: Vec<Option<usize>> = vec![None; self.row_col.len()];
        // For a column reached (other than j): the row whose move frees it.
        let mut freed_by: Vec<Option<usize>> = vec![None; cols];
        let mut queue = std::collections::VecDeque::from([j]);
        seen_col[j] = true;
        while let Some(x) = queue.pop_front() {
            for &r in &self.col_rows[x] {
                if into[r].is_some() || self.row_col[r] == Some(x) {
                    continue;
                }
                into[r] = Some(x);
                match self.row_col[r] {
                    None => {
                        // Walk back: r moves into x; x's mover moves on, … up to j.
                        let mut row = r;
                        loop {
                            let Some(col) = into[row] else { return false };
                            // Loads of the columns passed through do not
                            // change: one row leaves, another arrives.
                            self.row_col[row] = Some(col);
                            if col == j {
                                self.load[j] += 1;
                                return true;
                            }
                            match freed_by[col] {
                                Some(next) => row = next,
                                None => return false,
                            }
                        }
                    }
                    Some(y) => {
                        if !seen_col[y] {
                            seen_col[y] = true;
                            freed_by[y] = Some(r);
                            queue.push_back(y);
                        }
                    }
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: the largest matching over all ways to give each row a
    /// column or none.
    fn brute(rows: usize, cols: &[(Vec<usize>, u32)]) -> usize {
        fn go(r: usize, rows: usize, cols: &[(Vec<usize>, u32)], load: &mut Vec<u32>) -> usize {
            if r == rows {
                return 0;
            }
            let mut best = go(r + 1, rows, cols, load);
            for (j, (rs, cap)) in cols.iter().enumerate() {
                if rs.contains(&r) && load[j] < *cap {
                    load[j] += 1;
                    best = best.max(1 + go(r + 1, rows, cols, load));
                    load[j] -= 1;
                }
            }
            best
        }
        go(0, rows, cols, &mut vec![0; cols.len()])
    }

    #[test]
    fn matches_brute_force_on_random_small_graphs() {
        let mut rng = crate::rng::Rng::new(11);
        for _ in 0..300 {
            let rows = 1 + rng.index(6);
            let ncols = 1 + rng.index(4);
            let cols: Vec<(Vec<usize>, u32)> = (0..ncols)
                .map(|_| {
                    let rs = (0..rows).filter(|_| rng.chance(0.45)).collect();
                    (rs, 1 + rng.index(2) as u32)
                })
                .collect();
            let mut m = BMatching::new(rows);
            let mut total = 0;
            for (k, (rs, cap)) in cols.iter().enumerate() {
                let (_, g) = m.add_column(rs.clone(), *cap);
                total += g as usize;
                // Every prefix of columns is matched to its own maximum.
                assert_eq!(m.size(), brute(rows, &cols[..=k]));
            }
            assert_eq!(total, m.size());
            // Loads respect capacities and rows use only their edges.
            for (j, (rs, cap)) in cols.iter().enumerate() {
                let at: Vec<usize> = (0..rows).filter(|&r| m.row_col[r] == Some(j)).collect();
                assert!(at.len() as u32 <= *cap);
                assert!(at.iter().all(|r| rs.contains(r)));
                assert_eq!(at.len() as u32, m.load[j]);
            }
        }
    }
}
