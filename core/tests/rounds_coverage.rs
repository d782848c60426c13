//! Over-subscribed days: the search keeps adding visits after the first
//! construction instead of stalling in infeasible plans, and every plan it
//! returns on the way passes the independent checker.

use carematch::control::{Never, Silent};
use carematch::rounds::check::check_plan;
use carematch::rounds::{PlanOptions, plan_rounds, sample_rounds};

#[test]
fn an_over_subscribed_day_keeps_filling_as_the_search_runs() {
    // About 22 visits per worker: far more than fit.
    let input = sample_rounds(220, 10, 5);
    let planned = |iterations: u64| {
        let opts = PlanOptions {
            seed: 5,
            max_iterations: Some(iterations),
        };
        let plan = plan_rounds(&input, &opts, &mut Never, &mut Silent).expect("plan");
        let v = check_plan(&input, &plan);
        assert!(v.is_empty(), "{iterations} iterations: {v:#?}");
        assert_eq!(
            plan.summary.visits_planned + plan.unplanned.len(),
            input.visits.len()
        );
        plan.summary.visits_planned
    };
    let (first, some, more) = (planned(0), planned(40), planned(160));
    assert!(first < input.visits.len(), "not over-subscribed: {first}");
    assert!(
        first < some && some < more,
        "visits planned after 0 / 40 / 160 iterations: {first} / {some} / {more}"
    );
}
