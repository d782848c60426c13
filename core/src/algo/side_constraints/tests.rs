use super::*;
use proptest::prelude::*;

/// A small instance: capacities, per-row `(column, cost, spend)` edges.
#[derive(Debug, Clone)]
struct Inst {
    caps: Vec<u32>,
    rows: Vec<Vec<(usize, i64, i64)>>,
}

impl Inst {
    fn problem(&self) -> AssignmentProblem {
        AssignmentProblem::from_rows(
            self.caps.clone(),
            self.rows
                .iter()
                .map(|r| r.iter().map(|&(c, w, _)| (c, w)).collect::<Vec<_>>()),
        )
        .unwrap()
    }
    fn spend(&self) -> Vec<i64> {
        self.rows.iter().flatten().map(|&(_, _, s)| s).collect()
    }
}

/// Brute force: the cheapest assignment satisfying everything, if any.
fn brute(p: &AssignmentProblem, coverage: Coverage, side: &SideConstraints) -> Option<i64> {
    fn go(
        p: &AssignmentProblem,
        coverage: Coverage,
        side: &SideConstraints,
        r: usize,
        cur: &mut Vec<Option<usize>>,
        best: &mut Option<i64>,
    ) {
        if r == p.rows() {
            let total = (0..p.rows())
                .filter_map(|r| cur[r].and_then(|c| p.cost_of(r, c)))
                .sum();
            let s = AssignmentSolution {
                row_to_col: cur.clone(),
                total_cost: total,
            };
            if check_side(p, coverage, side, &s).is_ok() && best.is_none_or(|b| total < b) {
                *best = Some(total);
            }
            return;
        }
        let options: Vec<Option<usize>> = std::iter::once(None)
            .chain(p.row(r).map(|(c, _)| Some(c)))
            .collect();
        for o in options {
            cur.push(o);
            go(p, coverage, side, r + 1, cur, best);
            cur.pop();
        }
    }
    let mut best = None;
    go(p, coverage, side, 0, &mut Vec::new(), &mut best);
    best
}

fn inst(max_rows: usize, max_cols: usize) -> impl Strategy<Value = Inst> {
    (1..=max_rows, 1..=max_cols).prop_flat_map(|(n, m)| {
        let row = proptest::sample::subsequence((0..m).collect::<Vec<_>>(), 0..=m).prop_flat_map(
            |cols| {
                let k = cols.len();
                (
                    Just(cols),
                    proptest::collection::vec((-30i64..=10, 0i64..=10), k),
                )
                    .prop_map(|(cols, ws)| {
                        cols.into_iter()
                            .zip(ws)
                            .map(|(c, (w, s))| (c, w, s))
                            .collect::<Vec<_>>()
                    })
            },
        );
        (
            proptest::collection::vec(1u32..=2, m),
            proptest::collection::vec(row, n),
        )
            .prop_map(|(caps, rows)| Inst { caps, rows })
    })
}

fn side_for(i: &Inst) -> impl Strategy<Value = SideConstraints> + use<> {
    let n = i.rows.len();
    let spend = i.spend();
    let total: i64 = spend.iter().sum();
    (
        proptest::option::of(0..=total.max(0)),
        proptest::collection::vec((0..n, 0..n), 0..=3),
        proptest::collection::vec(
            (
                proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n),
                0u32..=1,
            ),
            0..=2,
        ),
    )
        .prop_map(move |(limit, conflicts, limits)| SideConstraints {
            budget: limit.map(|limit| Budget {
                edge_cost: spend.clone(),
                limit,
            }),
            conflicts: conflicts.into_iter().filter(|(a, b)| a != b).collect(),
            column_limits: limits
                .into_iter()
                .map(|(rows, max_per_column)| ColumnLimit {
                    rows,
                    max_per_column,
                })
                .collect(),
        })
}

fn coverage() -> impl Strategy<Value = Coverage> {
    prop_oneof![Just(Coverage::Optional), Just(Coverage::Perfect)]
}

fn verify(
    p: &AssignmentProblem,
    cov: Coverage,
    side: &SideConstraints,
) -> Result<(), TestCaseError> {
    let opts = SideOptions::default();
    let got = solve_with_side_constraints(p, cov, side, &opts);
    match brute(p, cov, side) {
        None => prop_assert!(
            matches!(got, Err(Error::Infeasible(_) | Error::LimitReached(_))),
            "{got:?}"
        ),
        Some(best) => {
            let s = got.map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(check_side(p, cov, side, &s.solution), Ok(()));
            prop_assert!(
                s.lower_bound <= best,
                "bound {} > optimum {best}",
                s.lower_bound
            );
            prop_assert!(s.proven_optimal, "not proven: {s:?}");
            prop_assert_eq!(s.solution.total_cost, best, "{}", s.method);
            prop_assert_eq!(s.lower_bound, best);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// Side-constrained instances (≤ 6 rows) against brute force.
    #[test]
    fn matches_brute_force(
        (i, side) in inst(6, 3).prop_flat_map(|i| { let s = side_for(&i); (Just(i), s) }),
        cov in coverage(),
    ) {
        verify(&i.problem(), cov, &side)?;
    }

    /// With a tiny MILP size limit the answer is still feasible, the
    /// bound still valid, and "proven" still means optimal.
    #[test]
    fn restricted_milp_stays_sound(
        (i, side) in inst(6, 3).prop_flat_map(|i| { let s = side_for(&i); (Just(i), s) }),
        cov in coverage(),
        max_mip_edges in 0usize..=3,
        node_limit in proptest::option::of(0u64..=3),
    ) {
        let p = i.problem();
        let opts = SideOptions { max_mip_edges, mip_node_limit: node_limit, ..Default::default() };
        let got = solve_with_side_constraints(&p, cov, &side, &opts);
        match (brute(&p, cov, &side), got) {
            (None, got) => prop_assert!(
                matches!(got, Err(Error::Infeasible(_) | Error::LimitReached(_))),
                "{got:?}"
            ),
            (Some(_), Err(Error::LimitReached(_))) => {} // allowed: nothing found within limits
            (Some(best), Err(e)) => prop_assert!(false, "optimum {best}, error {e}"),
            (Some(best), Ok(s)) => {
                prop_assert_eq!(check_side(&p, cov, &side, &s.solution), Ok(()));
                prop_assert!(s.lower_bound <= best);
                prop_assert!(s.solution.total_cost >= best);
                if s.proven_optimal {
                    prop_assert_eq!(s.solution.total_cost, best, "{}", s.method);
                }
            }
        }
    }

    /// Without side constraints every route gives the same optimum: the
    /// flow solver, the side-constraint solver (empty, and with a budget
    /// that never binds), and the whole problem as a MILP.
    #[test]
    fn all_routes_agree_without_side_constraints(i in inst(10, 4), cov in coverage()) {
        let p = i.problem();
        let flow = solve_reference(&p, cov);
        let opts = SideOptions::default();
        let empty = SideConstraints::default();
        let loose = SideConstraints {
            budget: Some(Budget { edge_cost: i.spend(), limit: i.spend().iter().sum() }),
            ..Default::default()
        };
        let routes = [
            solve_with_side_constraints(&p, cov, &empty, &opts),
            solve_with_side_constraints(&p, cov, &loose, &opts),
            solve_full_mip(&p, cov, &empty, &opts),
        ];
        match flow {
            Err(_) => {
                for r in routes {
                    prop_assert!(matches!(r, Err(Error::Infeasible(_) | Error::LimitReached(_))));
                }
            }
            Ok(f) => {
                for r in routes {
                    let r = r.map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert!(r.proven_optimal);
                    prop_assert_eq!(r.solution.total_cost, f.total_cost, "{}", r.method);
                    prop_assert_eq!(check_side(&p, cov, &empty, &r.solution), Ok(()));
                }
            }
        }
    }
}

use crate::algo::assignment::solve_reference;

/// Seeded random instance with a budget, like the scale measurements.
fn seeded(n: usize, m: usize, seed: u64) -> (AssignmentProblem, Vec<i64>) {
    let mut rng = crate::rng::Rng::new(seed);
    let mut caps = vec![1u32; m];
    for _ in m..(n * 6 / 5) {
        caps[rng.index(m)] += 1;
    }
    let mut spend = Vec::new();
    let mut rows: Vec<Vec<(usize, i64)>> = Vec::new();
    for _ in 0..n {
        let mut row = Vec::new();
        for c in 0..m {
            if rng.chance(0.5) {
                let w = rng.range_i64(1, 100);
                spend.push(150 - w + rng.range_i64(0, 20));
                row.push((c, w));
            }
        }
        if row.is_empty() {
            let w = rng.range_i64(1, 100);
            spend.push(150 - w + rng.range_i64(0, 20));
            row.push((rng.index(m), w));
        }
        rows.push(row);
    }
    let p = AssignmentProblem::from_rows(caps, rows).unwrap();
    (p, spend)
}

#[test]
fn binding_budget_is_met_and_optimal() {
    let (p, spend) = seeded(7, 4, 1);
    let free = solve_reference(&p, Coverage::Perfect).unwrap();
    let free_spend: i64 = (0..p.rows())
        .map(|r| {
            let c = free.row_to_col[r].unwrap();
            let e = p
                .row_edge_range(r)
                .zip(p.row(r))
                .find(|x| x.1.0 == c)
                .unwrap()
                .0;
            spend[e]
        })
        .sum();
    // The least spend possible: the same assignment with spend as cost.
    let by_spend = AssignmentProblem::from_rows(
        p.capacities().to_vec(),
        (0..p.rows()).map(|r| {
            p.row_edge_range(r)
                .zip(p.row(r))
                .map(|(e, (c, _))| (c, spend[e]))
                .collect::<Vec<_>>()
        }),
    )
    .unwrap();
    let min_spend = solve_reference(&by_spend, Coverage::Perfect)
        .unwrap()
        .total_cost;
    assert!(min_spend < free_spend);
    let side = SideConstraints {
        budget: Some(Budget {
            edge_cost: spend,
            limit: (min_spend + free_spend) / 2,
        }),
        ..Default::default()
    };
    let s =
        solve_with_side_constraints(&p, Coverage::Perfect, &side, &SideOptions::default()).unwrap();
    let best = brute(&p, Coverage::Perfect, &side).unwrap();
    assert!(best > free.total_cost, "the cap must bind");
    assert_eq!(s.solution.total_cost, best, "{}", s.method);
    assert!(s.proven_optimal);
    assert!(s.method.contains("lagrangian"), "{}", s.method);
}

#[test]
fn conflicting_rows_are_separated() {
    // Household 0 has two places, household 1 one. Without the rule,
    // people 0 and 1 share household 0; they may not live together.
    let p = AssignmentProblem::from_rows(
        vec![2, 1],
        vec![
            vec![(0, -10), (1, -4)],
            vec![(0, -9), (1, -3)],
            vec![(0, -2), (1, -6)],
        ],
    )
    .unwrap();
    let plain = solve_reference(&p, Coverage::Optional).unwrap();
    assert_eq!(plain.row_to_col, vec![Some(0), Some(0), Some(1)]);
    let side = SideConstraints {
        conflicts: vec![(0, 1)],
        ..Default::default()
    };
    let s = solve_with_side_constraints(&p, Coverage::Optional, &side, &SideOptions::default())
        .unwrap();
    // Best is to leave person 1 out (-16) rather than move anyone (-15).
    assert_eq!(s.solution.row_to_col, vec![Some(0), None, Some(1)]);
    assert_eq!(s.solution.total_cost, -16);
    assert!(s.proven_optimal);
    assert_eq!(Some(-16), brute(&p, Coverage::Optional, &side));
}

#[test]
fn column_limit_spreads_a_group() {
    // Rows 0..3 form a group, at most one per column; four single-place
    // columns and a big one everyone prefers.
    let rows: Vec<Vec<(usize, i64)>> = (0..4)
        .map(|r| vec![(0, -20 - r), (1 + r as usize, -3)])
        .collect();
    let p = AssignmentProblem::from_rows(vec![4, 1, 1, 1, 1], rows).unwrap();
    let side = SideConstraints {
        column_limits: vec![ColumnLimit {
            rows: vec![0, 1, 2, 3],
            max_per_column: 1,
        }],
        ..Default::default()
    };
    let s =
        solve_with_side_constraints(&p, Coverage::Perfect, &side, &SideOptions::default()).unwrap();
    // Row 3 values column 0 most (-23).
    assert_eq!(
        s.solution.row_to_col,
        vec![Some(1), Some(2), Some(3), Some(0)]
    );
    assert_eq!(
        Some(s.solution.total_cost),
        brute(&p, Coverage::Perfect, &side)
    );
    assert!(s.proven_optimal);
    check_side(&p, Coverage::Perfect, &side, &s.solution).unwrap();
}

#[test]
fn impossible_budget_is_a_solver_error() {
    let p = AssignmentProblem::from_rows(vec![1, 1], vec![vec![(0, 1)], vec![(1, 1)]]).unwrap();
    let side = SideConstraints {
        budget: Some(Budget {
            edge_cost: vec![5, 5],
            limit: 9,
        }),
        ..Default::default()
    };
    let e = solve_with_side_constraints(&p, Coverage::Perfect, &side, &SideOptions::default());
    assert!(matches!(e, Err(Error::Infeasible(_))), "{e:?}");
    // Optional coverage: place one of them.
    let s = solve_with_side_constraints(&p, Coverage::Optional, &side, &SideOptions::default())
        .unwrap();
    assert_eq!(
        s.solution.assigned(),
        0,
        "positive costs: nobody is worth placing"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The exchange knapsack against brute force over all subsets.
    #[test]
    fn knapsack_is_optimal(
        items in proptest::collection::vec((-20i64..=20, -15i64..=15), 0..=10),
        cap in -40i64..=20,
    ) {
        let mut best: Option<i64> = None;
        for mask in 0u32..(1 << items.len()) {
            let (mut c, mut w) = (0, 0);
            for (k, &(ck, wk)) in items.iter().enumerate() {
                if mask >> k & 1 == 1 {
                    c += ck;
                    w += wk;
                }
            }
            if w <= cap && best.is_none_or(|b| c < b) {
                best = Some(c);
            }
        }
        let got = knapsack(&items, cap);
        prop_assert_eq!(got.is_some(), best.is_some());
        if let Some(chosen) = got {
            let c: i64 = items.iter().zip(&chosen).filter(|(_, t)| **t).map(|(i, _)| i.0).sum();
            let w: i64 = items.iter().zip(&chosen).filter(|(_, t)| **t).map(|(i, _)| i.1).sum();
            prop_assert!(w <= cap);
            prop_assert_eq!(Some(c), best);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Weights too wide for the exact programme: the greedy fallback
    /// still finds a fitting subset whenever one exists.
    #[test]
    fn knapsack_greedy_fits(
        items in proptest::collection::vec((-20i64..=20, -15i64..=15), 1..=8),
        cap in -40i64..=20,
    ) {
        let scale = 10_000_000;
        let wide: Vec<(i64, i64)> = items.iter().map(|&(c, w)| (c, w * scale)).collect();
        let min_weight: i64 = wide.iter().map(|&(_, w)| w.min(0)).sum();
        let got = knapsack(&wide, cap * scale);
        prop_assert_eq!(got.is_some(), min_weight <= cap * scale);
        if let Some(chosen) = got {
            let w: i64 = wide.iter().zip(&chosen).filter(|(_, t)| **t).map(|(i, _)| i.1).sum();
            prop_assert!(w <= cap * scale);
        }
    }
}

#[test]
fn bad_side_constraints_are_listed() {
    let p =
        AssignmentProblem::from_rows(vec![1], vec![vec![(0, 1)], vec![(0, 2), (0, 3)]]).unwrap();
    let side = SideConstraints {
        budget: Some(Budget {
            edge_cost: vec![1],
            limit: 0,
        }),
        conflicts: vec![(0, 0), (0, 7)],
        column_limits: vec![ColumnLimit {
            rows: vec![1, 1, 9],
            max_per_column: 1,
        }],
    };
    let e = solve_with_side_constraints(&p, Coverage::Optional, &side, &SideOptions::default())
        .unwrap_err();
    let codes: Vec<&str> = e.issues().iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "length_mismatch",
            "self_conflict",
            "out_of_range",
            "duplicate",
            "out_of_range",
            "duplicate_edge"
        ]
    );
}

#[test]
fn same_input_same_output() {
    let (p, spend) = seeded(12, 4, 3);
    let side = SideConstraints {
        budget: Some(Budget {
            limit: spend.iter().sum::<i64>() / 8,
            edge_cost: spend,
        }),
        conflicts: vec![(0, 1), (2, 3)],
        column_limits: vec![ColumnLimit {
            rows: vec![4, 5, 6],
            max_per_column: 1,
        }],
    };
    let opts = SideOptions::default();
    let a = solve_with_side_constraints(&p, Coverage::Optional, &side, &opts).unwrap();
    let b = solve_with_side_constraints(&p, Coverage::Optional, &side, &opts).unwrap();
    assert_eq!(a, b);
    check_side(&p, Coverage::Optional, &side, &a.solution).unwrap();
}
