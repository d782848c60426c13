//! Commissioning analytics benchmarks on the seeded Nottinghamshire county
//! (60 people waiting, 66 carer households: Nottinghamshire's 2021 count).
//!
//! - `simulate_260w_x20`: 260 weeks × 20 replications, warm-started
//!   (budget ≤ 30 s native), and the same run with cold re-solves every week.
//! - `capacity_value_all`: the value of one more place for every district ×
//!   profile (8 × 48 candidates, budget ≤ 5 s), on the 120 × 66 county;
//!   `capacity_value_realistic`: the same on the realistic default sample
//!   (120 × 66, movers, dates; its base plan is proven optimal).
//! - `simulate_realistic_260w_x20`: the simulation of the realistic sample
//!   (movers, own tenancies, dated short breaks, day sessions).
//!
//! Run with `nice -n 10 cargo bench -p carematch-benches --bench analytics`.

use std::hint::black_box;

use carematch::analytics::capacity::{self, CapacityOptions};
use carematch::analytics::simulate::{self, SimConfig};
use carematch::control::{Progress, Silent};
use carematch::matching::{self, MatchConfig};
use criterion::{Criterion, criterion_group, criterion_main};

fn analytics(c: &mut Criterion) {
    let mut group = c.benchmark_group("analytics");
    group.sample_size(10);
    let county = matching::sample_scenario(60, 66, 1);
    for warm in [true, false] {
        let cfg = SimConfig {
            warm_start: warm,
            ..SimConfig::default()
        };
        let name = if warm {
            "simulate_260w_x20_warm"
        } else {
            "simulate_260w_x20_cold"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                simulate::simulate(
                    black_box(&county),
                    &MatchConfig::default(),
                    &cfg,
                    &mut |_: &Progress| false,
                    &mut Silent,
                )
            })
        });
    }
    let county = matching::sample_scenario(120, 66, 1);
    group.bench_function("capacity_value_all", |b| {
        b.iter(|| {
            capacity::capacity_value(
                black_box(&county),
                &MatchConfig::default(),
                &CapacityOptions::default(),
                &mut |_: &Progress| false,
                &mut Silent,
            )
        })
    });
    let realistic = matching::sample_county(&matching::SampleOptions::default());
    group.bench_function("capacity_value_realistic", |b| {
        b.iter(|| {
            capacity::capacity_value(
                black_box(&realistic),
                &MatchConfig::default(),
                &CapacityOptions::default(),
                &mut |_: &Progress| false,
                &mut Silent,
            )
        })
    });
    group.bench_function("simulate_realistic_260w_x20", |b| {
        b.iter(|| {
            simulate::simulate(
                black_box(&realistic),
                &MatchConfig::default(),
                &SimConfig::default(),
                &mut |_: &Progress| false,
                &mut Silent,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, analytics);
criterion_main!(benches);
