//! Reasons as data for unplanned visits (nearest workers, what would fit),
//! soft windows with per-visit caps, and pay in the objective, each
//! re-verified by the independent checker.

use carematch::control::{MaxIterations, Silent};
use carematch::rounds::check::check_plan;
use carematch::rounds::{
    ClockTime, PlanOptions, RoundsInput, RoundsPlan, TimeWindow, Visit, plan_rounds, sample_rounds,
    validate_rounds,
};

fn fixture() -> RoundsInput {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rounds/");
    validate_rounds(
        &std::fs::read_to_string(format!("{dir}two_workers_double_handed.json")).expect("fixture"),
    )
    .expect("valid fixture")
}

fn solve(input: &RoundsInput, iterations: u64) -> RoundsPlan {
    let opts = PlanOptions {
        seed: 3,
        max_iterations: Some(iterations),
    };
    plan_rounds(input, &opts, &mut MaxIterations(iterations), &mut Silent).expect("plan")
}

/// A visit at C2's home (matrix point 3: 20 min from W1's home, 5 from W2's).
fn early_visit(id: &str, from: (i64, i64), to: (i64, i64)) -> Visit {
    let mut v = fixture().visits[2].clone();
    v.id = id.into();
    v.client = "C9".into();
    v.windows = vec![TimeWindow {
        earliest: ClockTime::hm(from.0, from.1),
        latest: ClockTime::hm(to.0, to.1),
    }];
    v.duration = 20;
    v
}

const CODES: [&str; 10] = [
    "missing_skill",
    "no_gender_match",
    "all_blocked",
    "no_eligible_worker",
    "double_handed_one_worker",
    "window_unreachable",
    "partner_unplanned",
    "all_workers_full",
    "over_capacity",
    "longer_than_shifts",
];

#[test]
fn an_unreachable_window_names_the_nearest_workers_and_the_minutes_they_miss_by() {
    let mut input = fixture();
    // Shifts start at 08:00: W2 reaches C2's home at 08:05 (35 min after
    // 07:30), W1 at 08:20 (50 min after).
    input.visits.push(early_visit("V5", (7, 0), (7, 30)));
    let plan = solve(&input, 30);
    assert!(check_plan(&input, &plan).is_empty());
    let u = plan
        .unplanned
        .iter()
        .find(|u| u.visit == "V5")
        .expect("V5 unplanned");
    let r = &u.details[0];
    assert_eq!(r.code, "window_unreachable");
    assert_eq!(u.reasons[0], r.text);
    let near: Vec<(&str, i64, i64)> = r
        .nearest
        .iter()
        .map(|m| (m.worker.as_str(), m.late_minutes, m.overrun_minutes))
        .collect();
    assert_eq!(near, vec![("W2", 35, 0), ("W1", 50, 0)]);
    assert_eq!(r.nearest[0].start, ClockTime::hm(8, 5));
    assert_eq!(r.fit.code, "widen_window");
    assert_eq!(r.fit.worker.as_deref(), Some("W2"));
    assert_eq!(r.fit.to, Some(ClockTime::hm(8, 5)));
    assert_eq!(
        r.window,
        Some(TimeWindow {
            earliest: ClockTime::hm(7, 0),
            latest: ClockTime::hm(7, 30)
        })
    );
}

#[test]
fn every_unplanned_visit_of_a_crowded_day_is_explained_as_data() {
    let day = sample_rounds(70, 3, 5);
    let plan = solve(&day, 20);
    assert!(check_plan(&day, &plan).is_empty());
    assert!(plan.unplanned.len() > 10, "the day is crowded");
    let mut with_nearest = 0;
    for u in &plan.unplanned {
        assert!(
            !u.details.is_empty(),
            "{} has no structured reason",
            u.visit
        );
        assert_eq!(
            u.reasons,
            u.details.iter().map(|d| d.text.clone()).collect::<Vec<_>>()
        );
        let visit = day.visits.iter().find(|v| v.id == u.visit).expect("visit");
        for d in &u.details {
            assert!(CODES.contains(&d.code.as_str()), "code {}", d.code);
            for text in [&d.text, &d.fit.text] {
                assert!(!text.trim().is_empty());
                assert!(
                    !CODES.iter().any(|c| text.contains(c)) && !text.contains('_'),
                    "internal code shown to a person: {text}"
                );
            }
            if let Some(s) = &d.skill {
                assert!(visit.skills.contains(s));
            }
            for pair in d.nearest.windows(2) {
                assert!(pair[0].missed_minutes <= pair[1].missed_minutes);
            }
            for m in &d.nearest {
                assert_eq!(m.missed_minutes, m.late_minutes + m.overrun_minutes);
                let w = day
                    .workers
                    .iter()
                    .find(|w| w.id == m.worker)
                    .expect("worker");
                assert!(visit.skills.iter().all(|s| w.skills.contains(s)));
                assert!(!visit.blocked_workers.contains(&w.id));
                assert!(m.shift < w.shifts.len());
            }
            with_nearest += usize::from(!d.nearest.is_empty());
        }
    }
    assert!(with_nearest > 0);
}

#[test]
fn a_visit_may_start_late_up_to_its_cap_but_never_when_time_critical() {
    let mut input = fixture();
    input.weights.max_late_minutes = 30;
    // W2 can start at 08:05 at the earliest: 25 min after 07:40.
    input.visits.push(early_visit("V5", (7, 10), (7, 40)));
    // 35 min after 07:30: beyond the cap.
    input.visits.push(early_visit("V6", (7, 0), (7, 30)));
    let plan = solve(&input, 40);
    assert!(
        check_plan(&input, &plan).is_empty(),
        "{:?}",
        check_plan(&input, &plan)
    );
    let stop = plan
        .rounds
        .iter()
        .flat_map(|r| r.stops.iter())
        .find(|s| s.visit == "V5")
        .expect("V5 planned late");
    assert!(
        stop.late_minutes >= 25 && stop.late_minutes <= 30,
        "{stop:?}"
    );
    assert_eq!(stop.start.0 - ClockTime::hm(7, 40).0, stop.late_minutes);
    assert!(plan.unplanned.iter().any(|u| u.visit == "V6"));
    assert!(plan.summary.late_visits >= 1);

    let mut critical = input.clone();
    critical
        .visits
        .iter_mut()
        .for_each(|v| v.time_critical = true);
    let plan = solve(&critical, 40);
    assert!(check_plan(&critical, &plan).is_empty());
    assert!(plan.unplanned.iter().any(|u| u.visit == "V5"));
    assert_eq!(plan.summary.late_visits, 0);
}

#[test]
fn the_checker_catches_lateness_beyond_the_cap_misreported_lateness_and_pay() {
    let mut input = fixture();
    input.weights.max_late_minutes = 30;
    input.visits.push(early_visit("V5", (7, 10), (7, 40)));
    let plan = solve(&input, 40);
    assert!(check_plan(&input, &plan).is_empty());
    let rules = |p: &RoundsPlan, i: &RoundsInput| -> Vec<String> {
        check_plan(i, p).into_iter().map(|v| v.rule).collect()
    };
    let mut tight = input.clone();
    tight.weights.max_late_minutes = 10;
    assert!(rules(&plan, &tight).contains(&"late_cap".to_string()));
    let mut critical = input.clone();
    critical
        .visits
        .iter_mut()
        .for_each(|v| v.time_critical = true);
    assert!(rules(&plan, &critical).contains(&"window".to_string()));
    let mut wrong = plan.clone();
    for s in wrong.rounds.iter_mut().flat_map(|r| r.stops.iter_mut()) {
        if s.visit == "V5" {
            s.late_minutes = 0;
        }
    }
    assert!(rules(&wrong, &input).contains(&"lateness".to_string()));
    let mut wrong = plan.clone();
    wrong.workers[0].cost += 1;
    assert!(rules(&wrong, &input).contains(&"pay".to_string()));
    let mut premium = input.clone();
    premium.workers[0].overtime_premium_percent = 50;
    let mut late_home = plan.clone();
    if let Some(r) = late_home.rounds.iter_mut().find(|r| r.worker == "W1") {
        r.overtime_minutes += 5;
    }
    assert!(rules(&late_home, &premium).contains(&"overtime".to_string()));
}

#[test]
fn pay_is_in_the_objective() {
    // One visit at C2's home: W2 lives 5 min away but costs £60/h, W1 lives
    // 20 min away and costs £6/h. W2 saves 30 min of travel (300 points);
    // W1 saves 25 min × (100 − 10) p = 2,250 p of pay.
    let mut input = fixture();
    input.visits = vec![input.visits[2].clone()];
    input.workers[0].cost_per_hour = 600;
    input.workers[1].cost_per_hour = 6000;
    let plan = solve(&input, 20);
    assert!(check_plan(&input, &plan).is_empty());
    assert_eq!(plan.rounds.len(), 1);
    assert_eq!(plan.rounds[0].worker, "W1", "pay decides");
    input.weights.pay = 0;
    let plan = solve(&input, 20);
    assert_eq!(plan.rounds[0].worker, "W2", "travel decides without pay");
}
