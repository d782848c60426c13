//! Regression: a visit pinned at the time the engine itself chose must stay
//! planned. Found with `sample_rounds(80, 8, 11)`: a walking worker leaves at
//! 14:00, arrives at 17:08, waits, takes the 17:30–18:00 break and starts the
//! visit at 18:00. A fresh solve finds exactly that round; re-solving with the
//! visit pinned to that worker at 18:00 (as `insert_visits` does) reported it
//! "window unreachable" and dropped it.

use carematch::control::{Never, Silent};
use carematch::rounds::check::check_plan;
use carematch::rounds::{
    ClockTime, PlanOptions, RoundsPlan, VisitPin, insert_visits, plan_rounds, validate_rounds,
};

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

#[test]
fn a_visit_pinned_to_end_before_the_break_window_closes_stays_planned() {
    // The same walker with two visits at one client pinned back to back,
    // 17:30–18:00 and 18:05–18:50; the break (30 minutes, starting 17:30–19:30)
    // cannot come before the first (it is pinned at the window's opening)
    // nor between them, and the walk home is long: only after the second
    // visit, before the three-hour walk home, does it start in time.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rounds/");
    let mut input = validate_rounds(
        &std::fs::read_to_string(format!("{dir}pinned_visit_after_break.json")).expect("fixture"),
    )
    .expect("valid");
    let mut first = input.visits[0].clone();
    first.id = "C0024-1".into();
    first.duration = 30;
    first.pin = Some(VisitPin {
        worker: "W005".into(),
        start: Some(ClockTime::hm(17, 30)),
    });
    input.visits[0].duration = 45;
    input.visits[0].pin = Some(VisitPin {
        worker: "W005".into(),
        start: Some(ClockTime::hm(18, 5)),
    });
    input.visits.insert(0, first);
    let input = validate_rounds(&serde_json::to_string(&input).unwrap()).expect("valid");
    let opts = PlanOptions {
        seed: 3,
        max_iterations: Some(10),
    };
    let plan = plan_rounds(&input, &opts, &mut Never, &mut Silent).expect("solve");
    assert!(plan.unplanned.is_empty(), "{:?}", plan.unplanned);
    let round = &plan.rounds[0];
    let starts: Vec<ClockTime> = round.stops.iter().map(|s| s.start).collect();
    assert_eq!(starts, vec![ClockTime::hm(17, 30), ClockTime::hm(18, 5)]);
    assert_eq!(round.breaks.len(), 1);
    assert_eq!(round.breaks[0].before, 2);
    assert_eq!(round.breaks[0].start, ClockTime::hm(18, 50));
    assert_eq!(check_plan(&input, &plan), vec![]);
}
