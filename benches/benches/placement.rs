//! End-to-end placement benchmarks on seeded Nottinghamshire samples:
//! rules, scoring, the optimal plan, backups and explanations.
//!
//! Sizes: 100 people × 40 households, 1,000 × 400 and 10,000 × 4,000 (each
//! with one supported-living scheme per eight households). `plan_only` sets
//! `max_explain_resolves = 0` to show the cost without the extra solves that
//! confirm nearest misses.
//!
//! Run with `cargo bench -p carematch-benches --bench placement`; pass a
//! filter such as `-- 1000x400` to run one size.

use std::hint::black_box;

use carematch::matching::{self, MatchConfig};
use criterion::{Criterion, criterion_group, criterion_main};

fn placement(c: &mut Criterion) {
    let mut group = c.benchmark_group("placement");
    group.sample_size(10);
    for (people, households) in [(100, 40), (1_000, 400), (10_000, 4_000)] {
        let scenario = matching::sample_scenario(people, households, 1);
        let full = MatchConfig::default();
        let mut plan_only = MatchConfig::default();
        plan_only.thresholds.max_explain_resolves = 0;
        group.bench_function(format!("match_{people}x{households}"), |b| {
            b.iter(|| matching::match_scenario(black_box(&scenario), &full))
        });
        // At 10,000 × 4,000 one run takes about 20 s here, so only the
        // full pipeline is measured at that size.
        if people < 10_000 {
            group.bench_function(format!("plan_only_{people}x{households}"), |b| {
                b.iter(|| matching::match_scenario(black_box(&scenario), &plan_only))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, placement);
criterion_main!(benches);
