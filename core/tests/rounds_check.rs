//! The independent rounds checker: accepts a hand-checked plan and catches
//! each rule broken on purpose.

use carematch::rounds::check::check_plan;
use carematch::rounds::{ClockTime, Gender, RoundsInput, RoundsPlan, VisitPin, validate_rounds};

fn fixture() -> (RoundsInput, RoundsPlan) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rounds/");
    let input =
        std::fs::read_to_string(format!("{dir}two_workers_double_handed.json")).expect("fixture");
    let plan = std::fs::read_to_string(format!("{dir}two_workers_double_handed.plan.json"))
        .expect("fixture plan");
    (
        validate_rounds(&input).expect("valid fixture"),
        serde_json::from_str(&plan).expect("plan JSON"),
    )
}

fn rules(input: &RoundsInput, plan: &RoundsPlan) -> Vec<String> {
    check_plan(input, plan)
        .into_iter()
        .map(|v| v.rule)
        .collect()
}

/// Asserts that `rule` is reported (and prints everything reported if not).
fn assert_caught(input: &RoundsInput, plan: &RoundsPlan, rule: &str) {
    let found = check_plan(input, plan);
    assert!(
        found.iter().any(|v| v.rule == rule),
        "expected `{rule}`, got {found:#?}"
    );
}

#[test]
fn hand_checked_plan_is_feasible() {
    let (input, plan) = fixture();
    assert_eq!(rules(&input, &plan), Vec::<String>::new());
}

#[test]
fn plan_json_round_trips() {
    let (_, plan) = fixture();
    let text = serde_json::to_string(&plan).unwrap();
    let back: RoundsPlan = serde_json::from_str(&text).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn catches_a_start_outside_the_window() {
    let (input, mut plan) = fixture();
    let s = &mut plan.rounds[1].stops[0];
    s.start = ClockTime::hm(8, 40);
    s.end = ClockTime::hm(8, 55);
    s.wait = 35;
    assert_caught(&input, &plan, "window");
}

#[test]
fn catches_misaligned_double_handed_starts() {
    let (input, mut plan) = fixture();
    let s = &mut plan.rounds[1].stops[1];
    s.start = ClockTime::hm(9, 1);
    s.end = ClockTime::hm(9, 31);
    s.wait = 29;
    assert_caught(&input, &plan, "double_handed_alignment");
}

#[test]
fn catches_a_double_handed_visit_served_once() {
    let (input, mut plan) = fixture();
    plan.rounds[1].stops.remove(1);
    assert_caught(&input, &plan, "carers");
}

#[test]
fn catches_a_missing_visit() {
    let (input, mut plan) = fixture();
    plan.rounds[1].stops.remove(0);
    plan.rounds[1].stops[0].travel = 15;
    assert_caught(&input, &plan, "missing");
}

#[test]
fn catches_a_visit_planned_and_unplanned() {
    let (input, mut plan) = fixture();
    plan.unplanned.push(carematch::rounds::UnplannedVisit {
        visit: "V3".into(),
        client: "C2".into(),
        reasons: vec!["all workers full".into()],
        details: vec![],
    });
    assert_caught(&input, &plan, "planned_and_unplanned");
}

#[test]
fn catches_an_unplanned_visit_without_reason() {
    let (input, mut plan) = fixture();
    plan.unplanned[0].reasons.clear();
    assert_caught(&input, &plan, "no_reason");
}

#[test]
fn catches_a_missing_break_and_a_misplaced_one() {
    let (input, mut plan) = fixture();
    let mut p = plan.clone();
    p.rounds[0].breaks.clear();
    assert_caught(&input, &p, "break_taken");
    plan.rounds[0].breaks[0].start = ClockTime::hm(10, 40);
    plan.rounds[0].breaks[0].end = ClockTime::hm(11, 10);
    assert_caught(&input, &plan, "break_window");
}

#[test]
fn catches_a_break_during_a_visit() {
    let (input, mut plan) = fixture();
    // Break placed before V2 but starting while V1 is still going on.
    let b = &mut plan.rounds[0].breaks[0];
    b.before = 1;
    b.start = ClockTime::hm(11, 0);
    b.end = ClockTime::hm(11, 30);
    // V2 would now have to start after the break: it does not.
    assert_caught(&input, &plan, "break_overlap");
}

#[test]
fn catches_shift_limits() {
    let (input, mut plan) = fixture();
    let mut p = plan.clone();
    p.rounds[0].return_at = ClockTime::hm(14, 30);
    p.rounds[0].working_minutes = 340;
    assert_caught(&input, &p, "shift_end");
    plan.rounds[1].departure = ClockTime::hm(7, 50);
    plan.rounds[1].working_minutes = 115;
    assert_caught(&input, &plan, "shift_start");
}

#[test]
fn catches_inconsistent_travel_and_arrival() {
    let (input, mut plan) = fixture();
    let mut p = plan.clone();
    p.rounds[0].stops[1].travel = 11;
    assert_caught(&input, &p, "travel");
    plan.rounds[1].stops[1].arrival = ClockTime::hm(8, 25);
    assert_caught(&input, &plan, "arrival");
}

#[test]
fn catches_a_start_before_the_worker_can_arrive() {
    let (input, mut plan) = fixture();
    // Moving V3 to 08:25 still works (W2 reaches V1 at 08:52) …
    let s = &mut plan.rounds[1].stops[0];
    s.arrival = ClockTime::hm(8, 25);
    s.start = ClockTime::hm(8, 25);
    s.end = ClockTime::hm(8, 40);
    let s = &mut plan.rounds[1].stops[1];
    s.arrival = ClockTime::hm(8, 52);
    s.wait = 8;
    assert!(
        rules(&input, &plan).is_empty(),
        "{:?}",
        check_plan(&input, &plan)
    );
    // … but starting V3 at 08:50 misses its window and V1's start.
    plan.rounds[1].stops[0].start = ClockTime::hm(8, 50);
    plan.rounds[1].stops[0].end = ClockTime::hm(9, 5);
    assert_caught(&input, &plan, "window");
    assert_caught(&input, &plan, "start");
}

#[test]
fn catches_skill_block_gender_pin_and_hours() {
    let (input, plan) = fixture();
    let mut i = input.clone();
    i.workers[1].skills.clear();
    assert_caught(&i, &plan, "skill");

    let mut i = input.clone();
    i.visits[0].blocked_workers = vec!["W2".into()];
    assert_caught(&i, &plan, "blocked");

    let mut i = input.clone();
    i.visits[1].gender = Some(Gender::Male);
    assert_caught(&i, &plan, "gender");

    let mut i = input.clone();
    i.visits[2].pin = Some(VisitPin {
        worker: "W1".into(),
        start: None,
    });
    assert_caught(&i, &plan, "pin");

    let mut i = input;
    i.workers[0].max_working_minutes = Some(100);
    assert_caught(&i, &plan, "max_working");
}

#[test]
fn catches_unknown_records() {
    let (input, mut plan) = fixture();
    let mut p = plan.clone();
    p.rounds[0].worker = "W9".into();
    assert_caught(&input, &p, "unknown_worker");
    plan.rounds[0].stops[1].visit = "V9".into();
    assert_caught(&input, &plan, "unknown_visit");
}
