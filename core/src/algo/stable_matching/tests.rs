use super::*;
use proptest::prelude::*;

/// Rank of `x` in `list` (lower is better); `usize::MAX` if absent.
fn rank(list: &[usize], x: Option<usize>) -> usize {
    x.and_then(|x| list.iter().position(|&y| y == x))
        .unwrap_or(usize::MAX)
}

/// All matchings using mutually acceptable pairs within capacity.
fn all_matchings(p: &PreferenceLists) -> Vec<Vec<Option<usize>>> {
    fn go(
        p: &PreferenceLists,
        r: usize,
        load: &mut Vec<u32>,
        cur: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        if r == p.rows() {
            out.push(cur.clone());
            return;
        }
        cur.push(None);
        go(p, r + 1, load, cur, out);
        cur.pop();
        for &c in &p.row_prefs[r] {
            if p.col_prefs[c].contains(&r) && load[c] < p.capacity[c] {
                load[c] += 1;
                cur.push(Some(c));
                go(p, r + 1, load, cur, out);
                cur.pop();
                load[c] -= 1;
            }
        }
    }
    let mut out = Vec::new();
    go(p, 0, &mut vec![0; p.cols()], &mut Vec::new(), &mut out);
    out
}

/// Stability straight from the definition (independent of
/// `blocking_pairs`): no acceptable pair both prefer.
fn is_stable(p: &PreferenceLists, m: &[Option<usize>]) -> bool {
    for r in 0..p.rows() {
        for &c in &p.row_prefs[r] {
            if !p.col_prefs[c].contains(&r) {
                continue;
            }
            if rank(&p.row_prefs[r], Some(c)) >= rank(&p.row_prefs[r], m[r]) {
                continue;
            }
            let holders: Vec<usize> = (0..p.rows()).filter(|&x| m[x] == Some(c)).collect();
            if (holders.len() as u32) < p.capacity[c]
                || holders
                    .iter()
                    .any(|&x| rank(&p.col_prefs[c], Some(x)) > rank(&p.col_prefs[c], Some(r)))
            {
                return false;
            }
        }
    }
    true
}

fn instance() -> impl Strategy<Value = PreferenceLists> {
    (1usize..=6, 1usize..=4).prop_flat_map(|(n, m)| {
        let row = proptest::sample::subsequence((0..m).collect::<Vec<_>>(), 0..=m).prop_shuffle();
        let col = proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n).prop_shuffle();
        (
            proptest::collection::vec(row, n),
            proptest::collection::vec(col, m),
            proptest::collection::vec(1u32..=2, m),
        )
            .prop_map(|(row_prefs, col_prefs, capacity)| PreferenceLists {
                row_prefs,
                col_prefs,
                capacity,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Deferred acceptance against brute force: stable, and each side
    /// gets, row by row (column by column), its best stable partner.
    #[test]
    fn matches_brute_force(p in instance()) {
        let rows = deferred_acceptance(&p, Proposer::Rows).unwrap();
        let cols = deferred_acceptance(&p, Proposer::Cols).unwrap();
        let stable: Vec<_> = all_matchings(&p)
            .into_iter()
            .filter(|m| is_stable(&p, m))
            .collect();
        prop_assert!(!stable.is_empty());
        prop_assert!(stable.contains(&rows));
        prop_assert!(stable.contains(&cols));
        prop_assert!(blocking_pairs(&p, &rows).is_empty());
        prop_assert!(blocking_pairs(&p, &cols).is_empty());
        for s in &stable {
            for r in 0..p.rows() {
                // Row-optimal: no stable matching gives r a better column;
                // column-optimal is row-pessimal.
                prop_assert!(rank(&p.row_prefs[r], rows[r]) <= rank(&p.row_prefs[r], s[r]));
                prop_assert!(rank(&p.row_prefs[r], cols[r]) >= rank(&p.row_prefs[r], s[r]));
            }
            // Rural hospitals theorem: the same rows are matched everywhere.
            prop_assert_eq!(
                s.iter().map(Option::is_some).collect::<Vec<_>>(),
                rows.iter().map(Option::is_some).collect::<Vec<_>>()
            );
        }
        // Column-optimal: every column's worst held row is at least as
        // good in `cols` as in any stable matching (holds by the
        // lattice structure; checked on the sorted rank vectors).
        for c in 0..p.cols() {
            let ranks = |m: &[Option<usize>]| {
                let mut v: Vec<usize> = (0..p.rows())
                    .filter(|&r| m[r] == Some(c))
                    .map(|r| rank(&p.col_prefs[c], Some(r)))
                    .collect();
                v.sort_unstable();
                v
            };
            let best = ranks(&cols);
            for s in &stable {
                let other = ranks(s);
                prop_assert_eq!(best.len(), other.len());
                prop_assert!(best.iter().zip(&other).all(|(a, b)| a <= b));
            }
        }
    }

    /// The checker finds a blocking pair in every unstable matching.
    #[test]
    fn checker_agrees_with_definition(p in instance()) {
        for m in all_matchings(&p) {
            prop_assert_eq!(blocking_pairs(&p, &m).is_empty(), is_stable(&p, &m));
        }
    }
}

#[test]
fn rejects_bad_ids_and_duplicates() {
    let p = PreferenceLists {
        row_prefs: vec![vec![0, 0], vec![3]],
        col_prefs: vec![vec![0, 5]],
        capacity: vec![1, 2],
    };
    let err = deferred_acceptance(&p, Proposer::Rows).unwrap_err();
    let codes: Vec<&str> = err.issues().iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        vec![
            "length_mismatch",
            "duplicate",
            "out_of_range",
            "out_of_range"
        ]
    );
}

#[test]
fn one_sided_entries_are_not_acceptable() {
    // Row 0 lists column 0 but column 0 does not list row 0.
    let p = PreferenceLists {
        row_prefs: vec![vec![0]],
        col_prefs: vec![vec![]],
        capacity: vec![1],
    };
    assert_eq!(deferred_acceptance(&p, Proposer::Rows).unwrap(), vec![None]);
    assert_eq!(deferred_acceptance(&p, Proposer::Cols).unwrap(), vec![None]);
    assert!(blocking_pairs(&p, &[None]).is_empty());
}

#[test]
fn sides_get_different_optima() {
    // Classic 2x2 with opposed preferences: rows-proposing gives rows
    // their first choices, columns-proposing gives columns theirs.
    let p = PreferenceLists {
        row_prefs: vec![vec![0, 1], vec![1, 0]],
        col_prefs: vec![vec![1, 0], vec![0, 1]],
        capacity: vec![1, 1],
    };
    assert_eq!(
        deferred_acceptance(&p, Proposer::Rows).unwrap(),
        vec![Some(0), Some(1)]
    );
    assert_eq!(
        deferred_acceptance(&p, Proposer::Cols).unwrap(),
        vec![Some(1), Some(0)]
    );
    // Leaving row 1 unmatched: column 1 has a free place and column 0
    // prefers row 1 to row 0, so both pairs block.
    assert_eq!(blocking_pairs(&p, &[Some(0), None]), vec![(1, 1), (1, 0)]);
}

#[test]
fn scores_to_lists_with_tie_break() {
    let p = preferences_from_scores(
        2,
        vec![1, 1],
        [
            ScoredPair {
                row: 0,
                col: 1,
                row_score: 5,
                col_score: 3,
            },
            ScoredPair {
                row: 0,
                col: 0,
                row_score: 5,
                col_score: 3,
            },
            ScoredPair {
                row: 1,
                col: 0,
                row_score: 1,
                col_score: 3,
            },
        ],
    )
    .unwrap();
    assert_eq!(p.row_prefs, vec![vec![0, 1], vec![0]]);
    assert_eq!(p.col_prefs, vec![vec![0, 1], vec![0]]);
    let bad = preferences_from_scores(
        1,
        vec![1],
        [
            ScoredPair {
                row: 0,
                col: 0,
                row_score: 1,
                col_score: 1,
            },
            ScoredPair {
                row: 0,
                col: 0,
                row_score: 2,
                col_score: 1,
            },
            ScoredPair {
                row: 3,
                col: 0,
                row_score: 2,
                col_score: 1,
            },
        ],
    )
    .unwrap_err();
    assert_eq!(bad.issues().len(), 2);
}

#[test]
fn price_of_stability_reports_loss() {
    let p = price_of_stability(200, 150);
    assert_eq!(p.lost, 50);
    assert!((p.relative - 0.25).abs() < 1e-12);
    assert_eq!(price_of_stability(0, 0).relative, 0.0);
}
