//! Property tests: the fast assignment engine against the reference solver
//! on random sparse instances (≤ 12 rows, ≤ 6 columns, capacities 1–3,
//! costs of both signs), for both coverages.

// Test helpers outside #[test] functions may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use carematch::algo::assignment::{
    AssignmentProblem, AssignmentSolution, Coverage, certify, check, solve, solve_reference,
    solve_with_duals,
};
use proptest::prelude::*;

/// A random instance: capacities and, per row, a set of (column, cost) edges.
fn instance() -> impl Strategy<Value = AssignmentProblem> {
    (1usize..=6, 0usize..=12).prop_flat_map(|(cols, rows)| {
        // Capacities 1–3, and sometimes 0 (a column that can take no one).
        let caps = prop::collection::vec(prop_oneof![9 => 1u32..=3, 1 => Just(0u32)], cols);
        let row = prop::collection::btree_map(0..cols, -50i64..=50, 0..=cols);
        (caps, prop::collection::vec(row, rows)).prop_map(|(caps, rows)| {
            AssignmentProblem::from_rows(
                caps,
                rows.into_iter().map(|r| r.into_iter().collect::<Vec<_>>()),
            )
            .expect("valid instance")
        })
    })
}

/// Greedy: rows in order take their cheapest edge (negative only when
/// optional) to a column with room.
fn greedy(p: &AssignmentProblem, coverage: Coverage) -> Option<AssignmentSolution> {
    let mut load = vec![0u32; p.cols()];
    let mut row_to_col = vec![None; p.rows()];
    let mut total = 0;
    for (r, slot) in row_to_col.iter_mut().enumerate() {
        let best = p
            .row(r)
            .filter(|&(c, w)| {
                load[c] < p.capacities()[c] && (coverage == Coverage::Perfect || w < 0)
            })
            .min_by_key(|&(c, w)| (w, c));
        match best {
            Some((c, w)) => {
                load[c] += 1;
                total += w;
                *slot = Some(c);
            }
            None if coverage == Coverage::Perfect => return None,
            None => {}
        }
    }
    Some(AssignmentSolution {
        row_to_col,
        total_cost: total,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fast_equals_reference_and_is_certified(p in instance()) {
        for coverage in [Coverage::Optional, Coverage::Perfect] {
            let reference = solve_reference(&p, coverage);
            let fast = solve_with_duals(&p, coverage);
            match (reference, fast) {
                (Ok(r), Ok(f)) => {
                    prop_assert_eq!(f.solution.total_cost, r.total_cost);
                    prop_assert_eq!(check(&p, &f.solution, coverage), Ok(()));
                    prop_assert_eq!(certify(&p, &f.solution, coverage, &f.duals), Ok(()));
                    // Optimum is no worse than a greedy solution.
                    if let Some(g) = greedy(&p, coverage) {
                        prop_assert!(f.solution.total_cost <= g.total_cost);
                    }
                }
                (Err(_), Err(_)) => prop_assert_eq!(coverage, Coverage::Perfect),
                (r, f) => prop_assert!(false, "reference {:?} vs fast {:?}", r.is_ok(), f.is_ok()),
            }
        }
    }

    #[test]
    fn same_input_same_output(p in instance()) {
        for coverage in [Coverage::Optional, Coverage::Perfect] {
            let a = solve_with_duals(&p, coverage).ok();
            let b = solve_with_duals(&p, coverage).ok();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn lexicographic_transform_maximises_placements_first(p in instance()) {
        // cost = −(BIG + score) with score = −cost: the number placed must equal
        // the maximum cardinality (reference on unit costs), then the score is best.
        let max = p.max_abs_cost();
        let big = 1 + 2 * p.rows() as i64 * max;
        let rows: Vec<Vec<(usize, i64)>> =
            (0..p.rows()).map(|r| p.row(r).map(|(c, w)| (c, -(big - w))).collect()).collect();
        let lex = AssignmentProblem::from_rows(p.capacities().to_vec(), rows).unwrap();
        let card_rows: Vec<Vec<(usize, i64)>> =
            (0..p.rows()).map(|r| p.row(r).map(|(c, _)| (c, -1)).collect()).collect();
        let card = AssignmentProblem::from_rows(p.capacities().to_vec(), card_rows).unwrap();
        let s = solve(&lex, Coverage::Optional).unwrap();
        let m = solve_reference(&card, Coverage::Optional).unwrap();
        prop_assert_eq!(s.assigned(), m.assigned());
        let r = solve_reference(&lex, Coverage::Optional).unwrap();
        prop_assert_eq!(s.total_cost, r.total_cost);
    }
}

#[test]
fn huge_costs_use_wide_arithmetic() {
    // Costs near the 2^52 limit with many rows: potentials must not overflow.
    let big = 1i64 << 52;
    let rows: Vec<Vec<(usize, i64)>> = (0..40)
        .map(|r| {
            (0..5)
                .map(|c| {
                    (
                        c,
                        if (r + c) % 3 == 0 {
                            -big
                        } else {
                            big - r as i64
                        },
                    )
                })
                .collect()
        })
        .collect();
    let p = AssignmentProblem::from_rows(vec![8; 5], rows).unwrap();
    for coverage in [Coverage::Optional, Coverage::Perfect] {
        let f = solve_with_duals(&p, coverage).unwrap();
        let r = solve_reference(&p, coverage).unwrap();
        assert_eq!(f.solution.total_cost, r.total_cost);
        certify(&p, &f.solution, coverage, &f.duals).unwrap();
    }
}
