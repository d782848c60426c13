//! Every stated limit (LIMITS.md) and the degenerate inputs of issue 10,
//! through the library and the CLI: each input gets a correct answer or a
//! clear error naming the limit, never a panic, a hang or an out-of-memory.
//! The same cases run in WebAssembly in `wasm/tests/web.rs`.

use std::process::Command;

use carematch::control::{MaxIterations, Silent};
use carematch::matching::{self, MatchConfig, limits as mlimits};
use carematch::rounds::{self, PlanOptions, limits as rlimits};
use carematch::{Error, ValidationIssue};
use serde_json::{Value, json};

fn person(id: &str) -> Value {
    json!({"id": id, "age": 34, "needs": ["learning_disability"], "home": {"lat": 53.3, "lon": -1.12}})
}

fn household(id: &str, places: u64) -> Value {
    json!({"id": id, "location": {"lat": 53.31, "lon": -1.12}, "approvals": ["learning_disability"], "places": places})
}

fn scenario(people: Vec<Value>, households: Vec<Value>) -> Value {
    json!({"schema_version": 1, "as_of": "2025-04-01", "people": people, "households": households})
}

fn visit(id: &str, carers: u64, duration: u64) -> Value {
    json!({"id": id, "client": format!("C-{id}"), "location": {"lat": 53.12, "lon": -1.22},
           "windows": [{"earliest": "08:00", "latest": "12:00"}], "duration": duration, "carers": carers})
}

fn worker(id: &str) -> Value {
    json!({"id": id, "start": {"lat": 53.10, "lon": -1.25}, "shifts": [{"start": "08:00", "end": "14:00"}]})
}

fn day(visits: Vec<Value>, workers: Vec<Value>) -> Value {
    json!({"schema_version": 1, "visits": visits, "workers": workers})
}

fn issues_of<T: std::fmt::Debug>(r: carematch::Result<T>) -> Vec<ValidationIssue> {
    match r {
        Err(Error::Invalid(list)) => list,
        other => panic!("expected validation issues, got {other:?}"),
    }
}

fn has(list: &[ValidationIssue], code: &str, path: &str) -> bool {
    list.iter()
        .any(|i| i.code == code && i.path == path && !i.hint.is_empty())
}

/// A scenario of `n` minimal people on one line, padded to at least `bytes`.
fn one_line_people(n: usize, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 200);
    s.push_str(r#"{"schema_version":1,"people":["#);
    let mut i = 0;
    while i < n || s.len() < bytes {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"id":"P{i}","age":34,"needs":["learning_disability"],"home":{{"lat":53.3,"lon":-1.12}}}}"#
        ));
        i += 1;
    }
    s.push_str("]}");
    s
}

// ------------------------------------------------------------- file size, records

#[test]
fn a_60_mb_one_line_people_file_is_refused_by_its_record_count() {
    let text = one_line_people(0, 60 * 1024 * 1024);
    assert!(text.len() >= 60 * 1024 * 1024 && !text.contains('\n'));
    let list = issues_of(matching::validate_scenario(&text));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert!(has(&list, "input_too_large", "people"), "{list:#?}");
    assert!(
        list[0]
            .message
            .contains(&format!("at most {}", mlimits::MAX_PEOPLE)),
        "{}",
        list[0].message
    );

    // The same file through the CLI: an error naming the limit, non-zero exit.
    let path = std::env::temp_dir().join(format!("carematch-60mb-{}.json", std::process::id()));
    std::fs::write(&path, &text).expect("write temp file");
    let out = Command::new(env!("CARGO_BIN_EXE_carematch"))
        .arg("validate")
        .arg(&path)
        .output()
        .expect("the binary runs");
    let _ = std::fs::remove_file(&path);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains(&format!("at most {}", mlimits::MAX_PEOPLE)),
        "{all}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let text = " ".repeat(carematch::error::MAX_INPUT_BYTES + 1);
    let list = issues_of(matching::validate_scenario(&text));
    assert_eq!(list[0].code, "input_too_large");
    let list = issues_of(rounds::validate_rounds(&text));
    assert_eq!(list[0].code, "input_too_large");
}

#[test]
fn people_households_and_pairs_limits_name_the_limit() {
    // One person over the limit: refused from the counting pass.
    let text = one_line_people(mlimits::MAX_PEOPLE + 1, 0);
    let list = issues_of(matching::validate_scenario(&text));
    assert!(has(&list, "input_too_large", "people"), "{list:#?}");
    // At the limit the count is fine (the file is otherwise valid).
    let text = one_line_people(mlimits::MAX_PEOPLE, 0);
    let s = matching::validate_scenario(&text).expect("20,000 people are accepted");
    assert_eq!(s.people.len(), mlimits::MAX_PEOPLE);
    // Too many pairs: people × options over MAX_PAIRS.
    let n = 4_500; // 4,500 × 4,500 = 20.25 M pairs > 20 M
    assert!((n * n) as u64 > mlimits::MAX_PAIRS);
    let people = (0..n).map(|i| person(&format!("P{i}"))).collect();
    let households = (0..n).map(|i| household(&format!("H{i}"), 1)).collect();
    let list = issues_of(matching::validate_scenario(
        &scenario(people, households).to_string(),
    ));
    assert!(has(&list, "input_too_large", "people"), "{list:#?}");
    assert!(list[0].message.contains("pairs"), "{}", list[0].message);
    // Too many important places for one person.
    let mut p = person("P1");
    p["important_places"] = Value::Array(
        (0..=mlimits::MAX_IMPORTANT_PLACES)
            .map(|_| json!({"kind": "family", "location": {"lat": 53.0, "lon": -1.0}, "max_travel_minutes": 30}))
            .collect(),
    );
    let list = issues_of(matching::validate_scenario(
        &scenario(vec![p], vec![]).to_string(),
    ));
    assert!(
        has(&list, "input_too_large", "people[0].important_places"),
        "{list:#?}"
    );
}

#[test]
fn travel_matrices_beyond_the_memory_limit_are_refused() {
    // 1,000 places and 100 distinct worker speeds: 100 M cells > 64 Mi.
    let visits: Vec<Value> = (0..900)
        .map(|i| {
            let mut v = visit(&format!("V{i}"), 1, 30);
            v["location"] = json!({"lat": 53.0 + f64::from(i) * 1e-4, "lon": -1.2});
            v
        })
        .collect();
    let workers: Vec<Value> = (0..100)
        .map(|i| {
            let mut w = worker(&format!("W{i}"));
            w["start"] = json!({"lat": 52.9, "lon": -1.0 - f64::from(i) * 1e-4});
            w["speed_kmh"] = json!(20.0 + f64::from(i) * 0.1);
            w
        })
        .collect();
    let text = day(visits, workers).to_string();
    let list = issues_of(rounds::validate_rounds(&text));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].code, "input_too_large");
    assert!(
        list[0]
            .message
            .contains(&rlimits::MAX_MATRIX_CELLS.to_string()),
        "{}",
        list[0].message
    );
    // The same workers all at one speed fit easily.
    let mut v: Value = serde_json::from_str(&text).expect("json");
    for w in v["workers"].as_array_mut().expect("workers") {
        w["speed_kmh"] = json!(25.0);
    }
    let input = rounds::validate_rounds(&v.to_string()).expect("one profile fits");
    let (places, profiles) = rlimits::matrix_shape(&input);
    assert_eq!((places, profiles), (1_000, 1));
}

// ------------------------------------------------------------- extreme values

#[test]
fn a_capacity_of_u32_max_is_a_clear_error_or_a_correct_answer() {
    // Shared Lives: approved places are 1 to 3.
    let s = scenario(vec![person("P1")], vec![household("H1", 4_294_967_295)]);
    let list = issues_of(matching::validate_scenario(&s.to_string()));
    assert!(
        has(&list, "out_of_range", "households[0].places"),
        "{list:#?}"
    );
    // One more than u32::MAX does not even read as a number of places.
    let s = scenario(vec![person("P1")], vec![household("H1", 0)]);
    let mut s = s;
    s["households"][0]["places"] = json!(4_294_967_296_u64);
    let list = issues_of(matching::validate_scenario(&s.to_string()));
    assert!(has(&list, "bad_value", "households[0].places"), "{list:#?}");
    // Oracle instances: a carer with 4,294,967,295 places takes everyone.
    let text = json!({
        "schema": "carematch.anchor.capacitated/v1", "name": "big-capacity",
        "people": {"age": [30, 40, 50]}, "carers": {"capacity": [4_294_967_295_u64]},
        "pairs": {"person": [0, 1, 2], "carer": [0, 0, 0], "score": [5, 6, 7],
                  "person_pref": [1, 1, 1], "carer_pref": [1, 2, 3]}
    })
    .to_string();
    use carematch::formats::oracle;
    let inst = oracle::read_instance(&text).expect("reads");
    let a = oracle::solve(&inst, oracle::Objective::MaxScore).expect("solves");
    assert_eq!((a.assigned, a.objective), (3, 18));
}

#[test]
fn a_window_spanning_a_year_is_refused_naming_the_field() {
    let mut v = visit("V1", 1, 30);
    v["windows"] = json!([{"earliest": 0, "latest": 365 * 24 * 60}]);
    let list = issues_of(rounds::validate_rounds(
        &day(vec![v.clone()], vec![worker("W1")]).to_string(),
    ));
    assert!(
        has(&list, "bad_value", "visits[0].windows[0].latest"),
        "{list:#?}"
    );
    assert!(list[0].message.contains("7 days"), "{}", list[0].message);
    v["windows"] = json!([{"earliest": "00:00", "latest": "8760:00"}]);
    let list = issues_of(rounds::validate_rounds(
        &day(vec![v], vec![worker("W1")]).to_string(),
    ));
    assert!(
        has(&list, "bad_value", "visits[0].windows[0].latest"),
        "{list:#?}"
    );
}

#[test]
fn durations_longer_than_every_shift_are_named() {
    let visits = vec![visit("V1", 1, 400), visit("V2", 1, 30)];
    let list = issues_of(rounds::validate_rounds(
        &day(visits, vec![worker("W1")]).to_string(),
    ));
    assert_eq!(list.len(), 1, "{list:#?}");
    assert!(
        has(&list, "longer_than_shifts", "visits[0].duration"),
        "{list:#?}"
    );
}

// ------------------------------------------------------------- degenerate inputs

#[test]
fn two_thousand_double_handed_visits_and_one_worker_are_all_explained() {
    let visits = (0..2_000).map(|i| visit(&format!("V{i}"), 2, 30)).collect();
    let text = day(visits, vec![worker("W1")]).to_string();
    let input = rounds::validate_rounds(&text).expect("valid");
    let plan = rounds::plan_rounds(
        &input,
        &PlanOptions::default(),
        &mut MaxIterations(5),
        &mut Silent,
    )
    .expect("a plan");
    assert_eq!(plan.unplanned.len(), 2_000);
    assert!(plan.rounds.iter().all(|r| r.stops.is_empty()));
    assert!(plan.unplanned.iter().all(|u| !u.reasons.is_empty()));
    assert!(rounds::check::check_plan(&input, &plan).is_empty());
}

#[test]
fn no_workers_means_every_visit_unplanned_with_reasons() {
    let visits = (0..20).map(|i| visit(&format!("V{i}"), 1, 30)).collect();
    let input = rounds::validate_rounds(&day(visits, vec![]).to_string()).expect("valid");
    let plan = rounds::plan_rounds(
        &input,
        &PlanOptions::default(),
        &mut MaxIterations(5),
        &mut Silent,
    )
    .expect("a plan");
    assert!(plan.rounds.is_empty());
    assert_eq!(plan.unplanned.len(), 20);
    assert!(plan.unplanned.iter().all(|u| !u.reasons.is_empty()));
    // And an empty day is an empty plan.
    let input = rounds::validate_rounds(&day(vec![], vec![]).to_string()).expect("valid");
    let plan = rounds::plan_rounds(
        &input,
        &PlanOptions::default(),
        &mut MaxIterations(5),
        &mut Silent,
    )
    .expect("a plan");
    assert!(plan.rounds.is_empty() && plan.unplanned.is_empty());
}

#[test]
fn no_households_means_everyone_unplaced_with_reasons() {
    let people = (0..10).map(|i| person(&format!("P{i}"))).collect();
    let s = matching::validate_scenario(&scenario(people, vec![]).to_string()).expect("valid");
    let r = matching::match_scenario(&s, &MatchConfig::default()).expect("a result");
    assert_eq!((r.totals.placed, r.totals.unplaced), (0, 10));
    assert!(r.unplaced.iter().all(|u| !u.explanation.summary.is_empty()));
    // Nobody at all is an empty result, not an error.
    let s = matching::validate_scenario(&scenario(vec![], vec![]).to_string()).expect("valid");
    let r = matching::match_scenario(&s, &MatchConfig::default()).expect("a result");
    assert_eq!((r.totals.placed, r.totals.unplaced), (0, 0));
}

#[test]
fn identical_people_share_the_places_deterministically() {
    let people: Vec<Value> = (0..30).map(|i| person(&format!("P{i:02}"))).collect();
    let households: Vec<Value> = (0..4).map(|i| household(&format!("H{i}"), 2)).collect();
    let text = scenario(people, households).to_string();
    let s = matching::validate_scenario(&text).expect("valid");
    let a = matching::match_scenario(&s, &MatchConfig::default()).expect("a result");
    let b = matching::match_scenario(&s, &MatchConfig::default()).expect("a result");
    assert_eq!(a.totals.placed, 8, "every place is used");
    assert_eq!(a.totals.unplaced, 22);
    assert_eq!(
        serde_json::to_string(&a).expect("json"),
        serde_json::to_string(&b).expect("json")
    );
    // Truly identical records (same id too) are duplicates, named.
    let text = scenario(vec![person("P1"), person("P1")], vec![]).to_string();
    let list = issues_of(matching::validate_scenario(&text));
    assert!(has(&list, "duplicate_id", "people[1].id"), "{list:#?}");
}
