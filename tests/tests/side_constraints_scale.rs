//! Scale measurements for the side-constrained assignment solver
//! (`carematch::algo::side_constraints`), printed rather than asserted on
//! time. Ignored by default; run in release:
//!
//! ```text
//! cargo test --release -p carematch-e2e --test side_constraints_scale -- --ignored --nocapture
//! ```
//!
//! Instances follow the measurement in `RUST-DEPS.md`: every person may go
//! to every place (dense), costs 1..=100, spend anti-correlated with cost,
//! place capacities summing to 1.2 × people, every person assigned, and a
//! budget of 97 % (and 90 %) of the spend of the unconstrained optimum;
//! then again with conflicts (n/40 random pairs) and a column limit (a
//! random 10 % of people, at most one per place).

use std::time::Instant;

use carematch::algo::assignment::{AssignmentProblem, Coverage, solve};
use carematch::algo::side_constraints::{
    Budget, ColumnLimit, SideConstraints, SideOptions, check_side, solve_with_side_constraints,
};
use carematch::rng::Rng;

fn instance(n: usize, m: usize, seed: u64) -> (AssignmentProblem, Vec<i64>) {
    let mut rng = Rng::new(seed);
    let mut caps = vec![1u32; m];
    for _ in m..(n * 6 / 5) {
        caps[rng.index(m)] += 1;
    }
    let mut spend = Vec::with_capacity(n * m);
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        let mut row = Vec::with_capacity(m);
        for c in 0..m {
            let w = rng.range_i64(1, 100);
            spend.push(200 - w + rng.range_i64(0, 50));
            row.push((c, w));
        }
        rows.push(row);
    }
    (
        AssignmentProblem::from_rows(caps, rows).expect("valid instance"),
        spend,
    )
}

fn spend_of(p: &AssignmentProblem, spend: &[i64], row_to_col: &[Option<usize>]) -> i64 {
    (0..p.rows())
        .filter_map(|r| {
            let c = row_to_col[r]?;
            p.row_edge_range(r)
                .zip(p.row(r))
                .find(|&(_, (cc, _))| cc == c)
                .map(|(e, _)| spend[e])
        })
        .sum()
}

fn measure(n: usize, m: usize, seed: u64, percent: i64, with_rules: bool) {
    let (p, spend) = instance(n, m, seed);
    let t = Instant::now();
    let free = solve(&p, Coverage::Perfect).expect("feasible");
    let t_flow = t.elapsed();
    let free_spend = spend_of(&p, &spend, &free.row_to_col);
    let mut side = SideConstraints {
        budget: Some(Budget {
            edge_cost: spend.clone(),
            limit: free_spend * percent / 100,
        }),
        ..Default::default()
    };
    if with_rules {
        // 5 % of people in conflicting pairs, and a group of 10 % of
        // people at most one per place.
        let mut rng = Rng::new(seed + 1);
        side.conflicts = (0..n / 40)
            .map(|_| (rng.index(n), rng.index(n)))
            .filter(|(a, b)| a != b)
            .collect();
        let mut group: Vec<usize> = (0..n).filter(|_| rng.chance(0.1)).collect();
        group.dedup();
        side.column_limits = vec![ColumnLimit {
            rows: group,
            max_per_column: 1,
        }];
    }
    let t = Instant::now();
    let s = solve_with_side_constraints(&p, Coverage::Perfect, &side, &SideOptions::default())
        .expect("solved");
    let t_side = t.elapsed();
    check_side(&p, Coverage::Perfect, &side, &s.solution).expect("feasible answer");
    println!(
        "{n}x{m} seed {seed} budget {percent}%{}: flow alone {:.3} s (cost {}, spend {free_spend}); \
         side-constrained {:.3} s: cost {}, lower bound {}, gap {} ({:.3} %), proven {}, \
         spend {} <= {}, method {}",
        if with_rules { " +conflicts+limit" } else { "" },
        t_flow.as_secs_f64(),
        free.total_cost,
        t_side.as_secs_f64(),
        s.solution.total_cost,
        s.lower_bound,
        s.gap(),
        100.0 * s.gap() as f64 / s.lower_bound.max(1) as f64,
        s.proven_optimal,
        spend_of(&p, &spend, &s.solution.row_to_col),
        side.budget.as_ref().map_or(0, |b| b.limit),
        s.method,
    );
}

#[test]
#[ignore = "scale measurement; run in release with --ignored --nocapture"]
fn side_constraints_200x50() {
    for seed in [1, 2, 3] {
        for percent in [97, 90] {
            measure(200, 50, seed, percent, false);
            measure(200, 50, seed, percent, true);
        }
    }
}

#[test]
#[ignore = "scale measurement; run in release with --ignored --nocapture"]
fn side_constraints_2000x300() {
    for percent in [97, 90] {
        measure(2000, 300, 1, percent, false);
        measure(2000, 300, 1, percent, true);
    }
}
