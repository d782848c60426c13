//! The checks behind every fuzz target, as plain functions of the input
//! bytes. The libFuzzer targets in `fuzz_targets/` call them; so does
//! `core/tests/fuzz_regressions.rs`, which replays every input saved under
//! `fuzz/regressions/` on stable Rust in the ordinary `cargo test`. A check
//! panics (fails) only when carematch misbehaves: a panic inside the library,
//! an answer that breaks the independent checker, or an error of the wrong kind.
#![allow(clippy::unwrap_used, missing_docs)]

use carematch::control::{MaxIterations, Silent};
use carematch::formats::oracle::{self, Objective, OracleInstance};
use carematch::formats::solomon::{Convention, FleetObjective};
use carematch::formats::{mankowska, solomon};
use carematch::matching::{self, MatchConfig};
use carematch::rounds::{self, PlanOptions};

/// Scenario JSON through the validator: any bytes give a scenario or a list
/// of issues, each naming a place and carrying a hint, never a panic.
pub fn scenario_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match carematch::matching::validate_scenario(text) {
        Ok(s) => {
            // A valid scenario passes the in-code check too and survives a round trip.
            assert!(carematch::matching::validate::check(&s).is_ok());
            let again = serde_json::to_string(&s).expect("serialise");
            assert!(carematch::matching::validate_scenario(&again).is_ok());
        }
        Err(carematch::Error::Invalid(issues)) => {
            assert!(!issues.is_empty());
            assert!(
                issues
                    .iter()
                    .all(|i| !i.message.is_empty() && !i.hint.is_empty())
            );
        }
        Err(e) => panic!("validation returned a non-validation error: {e}"),
    }
}

/// Rounds JSON through the validator: any bytes give a day or a list of
/// issues, each with a message and a hint, never a panic.
pub fn rounds_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match carematch::rounds::validate_rounds(text) {
        Ok(day) => {
            assert!(carematch::rounds::validate::validate(&day).is_ok());
            let again = serde_json::to_string(&day).expect("serialise");
            assert_eq!(carematch::rounds::validate_rounds(&again).ok(), Some(day));
        }
        Err(carematch::Error::Invalid(issues)) => {
            assert!(!issues.is_empty());
            assert!(
                issues
                    .iter()
                    .all(|i| !i.message.is_empty() && !i.hint.is_empty())
            );
        }
        Err(e) => panic!("validation returned a non-validation error: {e}"),
    }
}

/// Oracle instance and expected-optima readers; small instances that read
/// cleanly are also solved (both objectives) and must not fail.
pub fn oracle(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = oracle::read_expected(text);
    let Ok(inst) = oracle::read_instance(text) else {
        return;
    };
    let small = match &inst {
        OracleInstance::Capacitated(c) => c.people <= 64 && c.capacity.len() <= 64,
        OracleInstance::Dense(d) => d.n <= 64,
    };
    if small {
        for objective in [Objective::MaxScore, Objective::MaxPlacedThenScore] {
            if let Err(e) = oracle::solve(&inst, objective) {
                assert!(
                    !matches!(
                        e,
                        carematch::Error::Internal(_) | carematch::Error::Backend(_)
                    ),
                    "{e}"
                );
            }
        }
    }
}

/// Solomon / Gehring & Homberger reader and solution checker. The input is an
/// instance, optionally followed by a line `---` and a solution file whose
/// routes are checked against it (any routes: the checker must report, not panic).
pub fn solomon(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (inst_text, sol_text) = match text.split_once("\n---\n") {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let parsed_sol = sol_text.map(solomon::parse_solution);
    let Ok(inst) = solomon::parse(inst_text) else {
        return;
    };
    if inst.customers.len() <= 200 {
        let _ = solomon::to_problem(&inst, Convention::Dimacs, FleetObjective::Distance);
        let _ = solomon::to_problem(&inst, Convention::Exact, FleetObjective::FleetThenDistance);
    }
    if let Some(Ok((routes, _))) = parsed_sol {
        for conv in [Convention::Dimacs, Convention::Exact] {
            let check = solomon::check(&inst, &routes, conv);
            assert!(check.feasible || !check.violations.is_empty());
        }
    }
}

/// Mankowska et al. home-health-care reader (text and JSON) and solution
/// checker. The input is an instance, optionally followed by a line `---` and
/// a solution in JSON checked against it.
pub fn mankowska(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (inst_text, sol_text) = match text.split_once("\n---\n") {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let _ = mankowska::parse_text(inst_text);
    let _ = mankowska::parse_json(inst_text);
    let Ok(inst) = mankowska::parse(inst_text) else {
        return;
    };
    if inst.patients.len() <= 200 {
        let _ = mankowska::to_problem(&inst);
        let _ = mankowska::job_list(&inst);
    }
    if let Some(sol_text) = sol_text {
        let services = mankowska::service_ids(&inst);
        if let Ok(sol) = mankowska::parse_solution_json(&inst, sol_text, &services) {
            let check = mankowska::check(&inst, &sol);
            assert!(check.feasible || !check.violations.is_empty());
        }
    }
}

/// Validate → match on small scenarios. Every person is either placed or
/// unplaced with reasons, proposals respect household places, and nothing
/// but a solver outcome (never an internal error or a panic) comes back.
pub fn scenario_solve(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(s) = matching::validate_scenario(text) else {
        return;
    };
    if s.people.len() > 12 || s.households.len() + s.schemes.len() > 12 {
        return;
    }
    match matching::match_scenario(&s, &MatchConfig::default()) {
        Ok(r) => {
            assert_eq!(r.totals.placed + r.totals.unplaced, s.people.len());
            assert_eq!(r.placements.len(), r.totals.placed);
            assert!(r.unplaced.iter().all(|u| !u.explanation.summary.is_empty()));
        }
        // A validated scenario is never "invalid" for the solver, and a
        // solver failure or internal error is a bug.
        Err(e) => assert!(
            matches!(
                e,
                carematch::Error::Infeasible(_) | carematch::Error::LimitReached(_)
            ),
            "{e}"
        ),
    }
}

/// Validate → plan on small days with a tiny iteration budget. The plan must
/// pass the independent checker (`rounds::check::check_plan`), account for
/// every visit, and nothing but a solver outcome may come back.
pub fn rounds_solve(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(day) = rounds::validate_rounds(text) else {
        return;
    };
    if day.visits.len() > 12 || day.workers.len() > 6 {
        return;
    }
    let options = PlanOptions {
        seed: 1,
        ..PlanOptions::default()
    };
    match rounds::plan_rounds(&day, &options, &mut MaxIterations(20), &mut Silent) {
        Ok(plan) => {
            let violations = rounds::check::check_plan(&day, &plan);
            assert!(violations.is_empty(), "{violations:?}");
            let planned: usize = plan.rounds.iter().map(|r| r.stops.len()).sum();
            let double: usize = day.visits.iter().filter(|v| v.carers == 2).count();
            assert!(planned + plan.unplanned.len() <= day.visits.len() + double);
            assert!(plan.unplanned.iter().all(|u| !u.reasons.is_empty()));
        }
        // A validated day always gets a plan (unplanned visits are data).
        Err(e) => panic!("a validated day got no plan: {e}"),
    }
}
