//! Criterion benchmarks of the assignment engines on the oracle instances
//! (parsing outside the timed loop): the sparse engine on the capacitated
//! instances for both objectives, LAPJV on the dense ones, and the generic
//! network simplex on the same capacitated networks for comparison.
//!
//! Run: `cargo bench -p carematch-benches --bench assignment`

// A benchmark that cannot load its data should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use carematch::algo::assignment::{self, AssignmentProblem, Coverage};
use carematch::algo::{dense_assignment, min_cost_flow};
use carematch::formats::oracle::{self, Objective, OracleInstance};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn load(name: &str) -> OracleInstance {
    let path = carematch_benches::data_dir().join(format!("oracles/{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    oracle::read_instance(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The same problem as a flow network: source → person → carer → sink, plus
/// a source → sink bypass so placing is optional.
fn network(p: &AssignmentProblem) -> min_cost_flow::FlowNetwork {
    let (n, m) = (p.rows(), p.cols());
    let (s, t) = (n + m, n + m + 1);
    let mut net = min_cost_flow::FlowNetwork::new(n + m + 2);
    net.set_supply(s, n as i64);
    net.set_supply(t, -(n as i64));
    net.add_arc(s, t, n as i64, 0);
    for r in 0..n {
        net.add_arc(s, r, 1, 0);
        for (c, w) in p.row(r) {
            net.add_arc(r, n + c, 1, w);
        }
    }
    for (c, &k) in p.capacities().iter().enumerate() {
        net.add_arc(n + c, t, i64::from(k), 0);
    }
    net
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("assignment");
    g.sample_size(10);
    for name in ["cap-100x40", "cap-1000x400", "cap-10000x4000"] {
        let OracleInstance::Capacitated(inst) = load(name) else {
            panic!("{name} is not capacitated")
        };
        for (label, objective) in [
            ("max-score", Objective::MaxScore),
            ("max-placed", Objective::MaxPlacedThenScore),
        ] {
            g.bench_function(format!("{name}/{label}/sparse"), |b| {
                b.iter(|| {
                    let p = inst.to_problem(objective).unwrap();
                    black_box(assignment::solve(&p, Coverage::Optional).unwrap())
                })
            });
        }
        let p = inst.to_problem(Objective::MaxScore).unwrap();
        let net = network(&p);
        g.bench_function(format!("{name}/max-score/network-simplex"), |b| {
            b.iter(|| black_box(min_cost_flow::solve(&net).unwrap()))
        });
    }
    for name in ["dense-500", "dense-2000"] {
        let OracleInstance::Dense(d) = load(name) else {
            panic!("{name} is not dense")
        };
        g.bench_function(format!("{name}/lapjv"), |b| {
            b.iter(|| black_box(dense_assignment::solve(d.n, &d.cost).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
