//! Tests of the capacitated assignment solver.

use super::*;

#[test]
fn repriced_keeps_structure_and_drops_what_it_is_told() {
    let p = AssignmentProblem::from_rows(
        vec![1, 2],
        vec![
            vec![(0, -3), (1, -1)],
            vec![(1, -4)],
            vec![(0, -2), (1, -5)],
        ],
    )
    .unwrap();
    let cost: Vec<i64> = (0..p.edges()).map(|e| 10 * p.edge(e).1).collect();
    let all = p.repriced(&cost, |_| true).unwrap();
    let direct = AssignmentProblem::from_rows(
        vec![1, 2],
        vec![
            vec![(0, -30), (1, -10)],
            vec![(1, -40)],
            vec![(0, -20), (1, -50)],
        ],
    )
    .unwrap();
    for r in 0..p.rows() {
        assert_eq!(
            all.row(r).collect::<Vec<_>>(),
            direct.row(r).collect::<Vec<_>>()
        );
    }
    // Drop edge 1 (row 0, column 1) and edge 3 (row 2, column 0).
    let some = p.repriced(&cost, |e| e != 1 && e != 3).unwrap();
    assert_eq!(some.edges(), 3);
    assert_eq!(some.row(0).collect::<Vec<_>>(), vec![(0, -30)]);
    assert_eq!(some.row(2).collect::<Vec<_>>(), vec![(1, -50)]);
    assert_eq!(some.capacities(), p.capacities());
    assert!(p.repriced(&cost[..2], |_| true).is_err());
    assert!(p.repriced(&[1 << 53; 5], |_| true).is_err());
}

#[test]
fn reference_takes_only_profitable_edges() {
    // Two rows compete for one place; the second row's only edge costs +5.
    let p = AssignmentProblem::from_rows(
        vec![1, 1],
        vec![vec![(0, -10), (1, -3)], vec![(0, -8), (1, 5)]],
    )
    .unwrap();
    let s = solve_reference(&p, Coverage::Optional).unwrap();
    // Best: row0->1 (-3), row1->0 (-8) = -11 beats row0->0 alone (-10).
    assert_eq!(s.total_cost, -11);
    check(&p, &s, Coverage::Optional).unwrap();
    let s = solve_reference(&p, Coverage::Perfect).unwrap();
    assert_eq!(s.total_cost, -11);
}

#[test]
fn zero_capacity_columns_are_certified() {
    // Column 1 has no place; both search directions must price it.
    let p = AssignmentProblem::from_rows(
        vec![1, 0],
        vec![
            vec![(0, -5), (1, -9)],
            vec![(0, -4), (1, -7)],
            vec![(1, -1)],
        ],
    )
    .unwrap();
    for coverage in [Coverage::Optional, Coverage::Perfect] {
        let reference = solve_reference(&p, coverage);
        match solve_with_duals(&p, coverage) {
            Ok(c) => {
                assert_eq!(c.solution.total_cost, reference.unwrap().total_cost);
                certify(&p, &c.solution, coverage, &c.duals).unwrap();
            }
            Err(_) => assert!(reference.is_err()),
        }
    }
    let c = solve_with_duals(&p, Coverage::Optional).unwrap();
    assert_eq!(c.solution.total_cost, -5);
}

#[test]
fn perfect_coverage_reports_infeasibility() {
    let p = AssignmentProblem::from_rows(vec![1], vec![vec![(0, 1)], vec![(0, 2)]]).unwrap();
    assert!(solve_reference(&p, Coverage::Perfect).is_err());
    let s = solve_reference(&p, Coverage::Optional).unwrap();
    assert_eq!(s.assigned(), 0);
}
