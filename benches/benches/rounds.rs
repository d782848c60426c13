//! Planning a county day: `sample_rounds(2000, 150, 1)` (2,000 visits, 150
//! workers, about 10 % double-handed, skills, continuity) with a fixed
//! iteration budget. The plan is checked feasible by the independent checker
//! before timing starts. Target: well under 10 s natively.
//!
//! Run: `cargo bench -p carematch-benches --bench rounds`.

use std::hint::black_box;
use std::time::Duration;

use carematch::control::{Never, Silent};
use carematch::rounds::{PlanOptions, check::check_plan, plan_rounds, sample_rounds};
use criterion::{Criterion, criterion_group, criterion_main};

/// Improvement iterations of the timed run.
const ITERATIONS: u64 = 200;

fn county_day(c: &mut Criterion) {
    let input = sample_rounds(2000, 150, 1);
    let opts = PlanOptions {
        seed: 1,
        max_iterations: Some(ITERATIONS),
    };
    let plan = plan_rounds(&input, &opts, &mut Never, &mut Silent).expect("plan");
    let violations = check_plan(&input, &plan);
    assert!(violations.is_empty(), "infeasible plan: {violations:?}");
    eprintln!(
        "county day: {} of {} visits planned, {} rounds, travel {} min",
        plan.summary.visits_planned,
        input.visits.len(),
        plan.rounds.len(),
        plan.summary.travel_minutes
    );
    let mut group = c.benchmark_group("rounds");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("county_day_2000_visits_150_workers", |b| {
        b.iter(|| plan_rounds(black_box(&input), &opts, &mut Never, &mut Silent))
    });
    group.finish();
}

criterion_group!(benches, county_day);
criterion_main!(benches);
