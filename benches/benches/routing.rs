//! Criterion benches of the routing engine: a Solomon instance at a fixed
//! iteration budget (speed of the search loop; the quality figures come from
//! `examples/engine_solomon.rs`) and construction on a synthetic county day.
//!
//! `cargo bench -p carematch-benches --bench routing`

use criterion::{Criterion, criterion_group, criterion_main};

use carematch::control::{MaxIterations, Silent};
use carematch::formats::solomon::{Convention, FleetObjective, parse, to_problem};
use carematch::routing::{SolveOptions, solve};
use carematch_benches::data_dir;
use carematch_benches::synthetic_rounds::county_day;

fn solomon(c: &mut Criterion) {
    let path = data_dir().join("solomon/instances/R101.txt");
    let text = std::fs::read_to_string(path).expect("R101 is vendored");
    let inst = parse(&text).expect("valid instance");
    let p = to_problem(&inst, Convention::Dimacs, FleetObjective::Distance);
    let mut g = c.benchmark_group("routing");
    g.sample_size(10);
    g.bench_function("solomon_r101_200_iterations", |b| {
        b.iter(|| {
            let opts = SolveOptions {
                seed: 1,
                max_iterations: Some(200),
                initial: None,
            };
            solve(&p, &opts, &mut MaxIterations(200), &mut Silent).expect("solves")
        })
    });
    let day = county_day(400, 30, 3);
    g.bench_function("county_day_400_visits_20_iterations", |b| {
        b.iter(|| {
            let opts = SolveOptions {
                seed: 1,
                max_iterations: Some(20),
                initial: None,
            };
            solve(&day, &opts, &mut MaxIterations(20), &mut Silent).expect("solves")
        })
    });
    g.finish();
}

criterion_group!(benches, solomon);
criterion_main!(benches);
