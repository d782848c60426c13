//! Regression: a visit pinned at the time the engine itself chose must stay
//! planned. Found with `sample_rounds(80, 8, 11)`: a walking worker leaves at
//! 14:00, arrives at 17:08, waits, takes the 17:30–18:00 break and starts the
//! visit at 18:00. A fresh solve finds exactly that round; re-solving with the
//! visit pinned to that worker at 18:00 (as `insert_visits` does) reported it
//! "window unreachable" and dropped it.

use carematch::control::{Never, Silent};
use carematch::rounds::check::check_plan;
use carematch::rounds::{ClockTime, PlanOptions, RoundsPlan, insert_visits, validate_rounds};

#[test]
fn a_visit_pinned_after_a_break_stays_planned() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rounds/");
    let input = validate_rounds(
        &std::fs::read_to_string(format!("{dir}pinned_visit_after_break.json")).expect("fixture"),
    )
    .expect("valid");
    let plan: RoundsPlan = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}pinned_visit_after_break.plan.json"))
            .expect("fixture plan"),
    )
    .expect("plan JSON");
    assert!(
        check_plan(&input, &plan).is_empty(),
        "the fixture plan is feasible"
    );
    let opts = PlanOptions {
        seed: 5,
        max_iterations: Some(10),
    };
    let ins = insert_visits(&input, &plan, &[], &opts, &mut Never, &mut Silent).expect("solve");
    assert!(ins.plan.unplanned.is_empty(), "{:?}", ins.plan.unplanned);
    assert_eq!(ins.plan.rounds.len(), 1);
    assert_eq!(ins.plan.rounds[0].stops[0].start, ClockTime::hm(18, 0));
    assert!(check_plan(&input, &ins.plan).is_empty());
}
