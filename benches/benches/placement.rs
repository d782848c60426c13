//! End-to-end placement benchmarks on seeded Nottinghamshire samples:
//! rules, scoring, the optimal plan, backups and explanations.
//!
//! Sizes: 100 people × 40 households, 1,000 × 400 and 10,000 × 4,000 (each
//! with one supported-living scheme per eight households). `plan_only` sets
//! `max_explain_resolves = 0` to show the cost without the extra solves that
//! confirm nearest misses.
//!
//! `county_1000x300` is the realistic county of issue 7 (1,000 referrals,
//! 300 households, 190 supported-living schemes, calendars and move-on
//! chains; `carematch sample --people 1000 --households 300 --seed 1`),
//! which the clique LP step proves optimal; `benches/peers/placement_highs.py`
//! runs the same model through HiGHS beside it.
//!
//! Run with `cargo bench -p carematch-benches --bench placement`; pass a
//! filter such as `-- 1000x400` to run one size.

use std::hint::black_box;

use carematch::matching::{self, MatchConfig, SampleOptions};
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
    let county = matching::sample_county(&SampleOptions {
        people: 1_000,
        households: 300,
        ..SampleOptions::default()
    });
    let full = MatchConfig::default();
    group.bench_function("county_1000x300", |b| {
        b.iter(|| {
            let r = matching::match_scenario(black_box(&county), &full).expect("county solves");
            assert!(r.proven_optimal, "the county plan is proven optimal");
            r
        })
    });
    group.finish();
}

criterion_group!(benches, placement);
criterion_main!(benches);
