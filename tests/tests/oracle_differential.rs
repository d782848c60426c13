//! Differential test against the oracle instances in `tests/data/oracles/`:
//! every instance, both objectives, must reach the optimum that five
//! independent solvers agreed on, with a feasible assignment and dual prices
//! that certify optimality.

// Test helpers outside #[test] functions may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use carematch::algo::assignment::{self, Coverage};
use carematch::algo::dense_assignment;
use carematch::formats::oracle::{self, Objective, OracleInstance};
use carematch_e2e::data_dir;

fn load(name: &str) -> (OracleInstance, oracle::ExpectedOptima) {
    let dir = data_dir().join("oracles");
    let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
    let inst = oracle::read_instance(&text).unwrap();
    let text = std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap();
    (inst, oracle::read_expected(&text).unwrap())
}

fn capacitated(name: &str) {
    let (inst, expected) = load(name);
    let OracleInstance::Capacitated(inst) = inst else {
        panic!("{name} is not capacitated")
    };
    for (objective, want) in [
        (Objective::MaxScore, expected.max_score.unwrap()),
        (
            Objective::MaxPlacedThenScore,
            expected.max_placed_then_score.unwrap(),
        ),
    ] {
        let p = inst.to_problem(objective).unwrap();
        let c = assignment::solve_with_duals(&p, Coverage::Optional).unwrap();
        assignment::check(&p, &c.solution, Coverage::Optional).unwrap();
        assignment::certify(&p, &c.solution, Coverage::Optional, &c.duals).unwrap();
        let score = inst.total_score(objective, &c.solution);
        assert_eq!(score, want.objective, "{name} {objective:?}");
        if objective == Objective::MaxPlacedThenScore {
            assert_eq!(c.solution.assigned(), want.assigned, "{name} {objective:?}");
        }
        // The score recomputed from the pairs themselves.
        let mut by_pair = std::collections::HashMap::new();
        for pr in &inst.pairs {
            by_pair.insert((pr.person as usize, pr.carer as usize), pr.score);
        }
        let recomputed: i64 = c
            .solution
            .row_to_col
            .iter()
            .enumerate()
            .filter_map(|(r, col)| col.map(|col| by_pair[&(r, col)]))
            .sum();
        assert_eq!(
            recomputed, want.objective,
            "{name} {objective:?} recomputed"
        );
    }
}

fn dense(name: &str) {
    let (inst, expected) = load(name);
    let OracleInstance::Dense(d) = inst else {
        panic!("{name} is not dense")
    };
    let want = expected.min_cost.unwrap();
    let s = dense_assignment::solve(d.n, &d.cost).unwrap();
    dense_assignment::certify(d.n, &d.cost, &s).unwrap();
    assert_eq!(s.total_cost, want.objective, "{name}");
    assert_eq!(s.row_to_col.len(), want.assigned);
}

#[test]
fn cap_100x40() {
    capacitated("cap-100x40");
}

#[test]
fn cap_1000x400() {
    capacitated("cap-1000x400");
}

#[test]
fn cap_10000x4000() {
    capacitated("cap-10000x4000");
}

#[test]
fn dense_500() {
    dense("dense-500");
}

#[test]
fn dense_2000() {
    dense("dense-2000");
}

#[test]
fn dense_500_through_the_sparse_engine() {
    // The same optimum from the sparse engine with perfect coverage.
    let (inst, expected) = load("dense-500");
    let OracleInstance::Dense(d) = inst else {
        panic!("dense-500 is not dense")
    };
    let rows = (0..d.n).map(|i| (0..d.n).map(move |j| (j, i)));
    let p = assignment::AssignmentProblem::from_rows(
        vec![1; d.n],
        rows.map(|r| r.map(|(j, i)| (j, d.at(i, j))).collect::<Vec<_>>()),
    )
    .unwrap();
    let c = assignment::solve_with_duals(&p, Coverage::Perfect).unwrap();
    assignment::certify(&p, &c.solution, Coverage::Perfect, &c.duals).unwrap();
    assert_eq!(c.solution.total_cost, expected.min_cost.unwrap().objective);
}

#[test]
fn cap_1000x400_through_network_simplex() {
    // The generic min-cost flow solver reaches the same optima.
    use carematch::algo::min_cost_flow::{FlowNetwork, certify, solve};
    let (inst, expected) = load("cap-1000x400");
    let OracleInstance::Capacitated(inst) = inst else {
        panic!("cap-1000x400 is not capacitated")
    };
    for (objective, want) in [
        (Objective::MaxScore, expected.max_score.unwrap()),
        (
            Objective::MaxPlacedThenScore,
            expected.max_placed_then_score.unwrap(),
        ),
    ] {
        let p = inst.to_problem(objective).unwrap();
        let (n, m) = (p.rows(), p.cols());
        let (s, t) = (n + m, n + m + 1);
        let mut net = FlowNetwork::new(n + m + 2);
        net.set_supply(s, n as i64);
        net.set_supply(t, -(n as i64));
        net.add_arc(s, t, n as i64, 0);
        let mut placed_arcs = Vec::new();
        for r in 0..n {
            net.add_arc(s, r, 1, 0);
            for (c, w) in p.row(r) {
                placed_arcs.push(net.add_arc(r, n + c, 1, w));
            }
        }
        for (c, &k) in p.capacities().iter().enumerate() {
            net.add_arc(n + c, t, i64::from(k), 0);
        }
        let f = solve(&net).unwrap();
        certify(&net, &f).unwrap();
        let placed: i64 = placed_arcs.iter().map(|&a| f.flow[a]).sum();
        let score = -f.total_cost - inst.placement_bonus(objective) * placed;
        assert_eq!(score, want.objective, "{objective:?}");
        if objective == Objective::MaxPlacedThenScore {
            assert_eq!(placed as usize, want.assigned);
        }
    }
}
