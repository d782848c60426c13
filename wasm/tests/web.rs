//! wasm-bindgen tests for the carematch bindings, run under Node by
//! `cargo test -p carematch-wasm --target wasm32-unknown-unknown`.
//!
//! Every export is called through its JavaScript-facing signature: inputs are
//! JSON text or plain objects, outputs are plain objects, and failures are
//! `CarematchError`s carrying the issue list, never a trap.
#![cfg(target_arch = "wasm32")]

use carematch_wasm as api;
use js_sys::{Array, Function, JSON, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
export function callCatching(f) {
  try { f(); return null; } catch (e) { return String(e && e.message); }
}
export function counter(limit) {
  const c = function (done, total) { c.calls++; return c.calls < limit; };
  c.calls = 0;
  return c;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = callCatching)]
    fn call_catching(f: &Function) -> Option<String>;
    fn counter(limit: u32) -> Function;
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn len(v: &JsValue) -> u32 {
    Array::from(v).length()
}

fn json(v: &JsValue) -> String {
    JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The error thrown by an export: its kind and issues.
fn error_of<T>(r: Result<T, api::CarematchError>) -> (String, Vec<JsValue>) {
    let Err(e) = r else {
        panic!("expected an error");
    };
    let e = JsValue::from(e);
    assert!(e.is_instance_of::<js_sys::Error>(), "a JavaScript Error");
    let kind = get(&e, "kind").as_string().unwrap_or_default();
    (kind, Array::from(&get(&e, "issues")).iter().collect())
}

fn ok<T: Into<JsValue>>(r: Result<T, api::CarematchError>) -> JsValue {
    match r {
        Ok(v) => v.into(),
        Err(e) => panic!("unexpected error: {}", json(&JsValue::from(e))),
    }
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(api::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn a_panic_reaches_javascript_as_a_readable_error() {
    api::start();
    let f = Closure::<dyn FnMut()>::new(|| api::self_test_panic("boom"));
    let message = call_catching(f.as_ref().unchecked_ref()).unwrap_or_default();
    assert!(
        message.contains("carematch internal error") && message.contains("self-test panic: boom"),
        "got {message:?}"
    );
    // The panic left the closure's frame without unwinding: leak it.
    f.forget();
}

#[wasm_bindgen_test]
fn sample_scenario_round_trips_through_validate() {
    let sample = ok(api::sample_scenario(30, 12, 5));
    assert!(
        !sample.is_instance_of::<js_sys::Map>(),
        "plain object, not Map"
    );
    assert_eq!(len(&get(&sample, "people")), 30);
    // As an object and as JSON text, validate gives back the same scenario.
    let again = ok(api::validate(sample.clone()));
    assert_eq!(json(&again), json(&sample));
    let from_text = ok(api::validate(JsValue::from_str(&json(&sample))));
    assert_eq!(json(&from_text), json(&sample));
}

fn sample_request(pairs: &[(&str, JsValue)]) -> Option<tsify::Ts<api::SampleRequest>> {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    Some(tsify::Ts::new_unchecked(o.into()))
}

/// `sampleCounty` is the realistic county by default (as `carematch sample`),
/// validates, is the same for the same options, and the generous profile is
/// the old `sampleScenario`. Bad options are issues, not traps.
#[wasm_bindgen_test]
fn sample_county_is_realistic_by_default_and_generous_on_request() {
    let county = ok(api::sample_county(None));
    assert_eq!(len(&get(&county, "households")), 66);
    assert_eq!(len(&get(&county, "people")), 120);
    assert_eq!(json(&ok(api::validate(county.clone()))), json(&county));
    let explicit = ok(api::sample_county(sample_request(&[
        ("profile", "realistic".into()),
        ("seed", 1.into()),
    ])));
    assert_eq!(json(&explicit), json(&county));
    let other = ok(api::sample_county(sample_request(&[("seed", 2.into())])));
    assert_ne!(json(&other), json(&county));
    let generous = ok(api::sample_county(sample_request(&[
        ("profile", "generous".into()),
        ("people", 30.into()),
        ("households", 12.into()),
        ("seed", 5.into()),
    ])));
    assert_eq!(json(&generous), json(&ok(api::sample_scenario(30, 12, 5))));
    for bad in [
        sample_request(&[("profile", "generous".into()), ("schemes", 3.into())]),
        sample_request(&[("people", 1_000_000.into())]),
        sample_request(&[("profile", "lavish".into())]),
        sample_request(&[("peeple", 3.into())]),
    ] {
        let (kind, issues) = error_of(api::sample_county(bad));
        assert_eq!(kind, "invalid");
        assert!(!issues.is_empty());
    }
}

#[wasm_bindgen_test]
fn match_places_or_explains_everyone_and_returns_plain_objects() {
    let sample = ok(api::sample_scenario(40, 15, 9));
    let result = ok(api::match_placements(sample, None));
    let totals = get(&result, "totals");
    assert!(totals.is_instance_of::<Object>() && !totals.is_instance_of::<js_sys::Map>());
    let placed = len(&get(&result, "placements"));
    let unplaced = len(&get(&result, "unplaced"));
    assert_eq!(placed + unplaced, 40);
    assert_eq!(get(&totals, "placed").as_f64(), Some(f64::from(placed)));
    for p in Array::from(&get(&result, "placements")).iter() {
        assert!(
            !get(&p, "why").as_string().unwrap_or_default().is_empty(),
            "placement explained"
        );
    }
    for u in Array::from(&get(&result, "unplaced")).iter() {
        let summary = get(&get(&u, "explanation"), "summary");
        assert!(
            !summary.as_string().unwrap_or_default().is_empty(),
            "unplaced explained"
        );
    }
}

#[wasm_bindgen_test]
fn shortlist_gives_at_most_k_ranked_options() {
    let sample = ok(api::sample_scenario(20, 10, 3));
    let first = get(&Array::from(&get(&sample, "people")).get(0), "id")
        .as_string()
        .unwrap_or_default();
    let list = ok(api::shortlist(sample, None, first.clone(), 3));
    assert_eq!(get(&list, "person").as_string(), Some(first));
    assert!(len(&get(&list, "options")) <= 3);
    let (kind, issues) = error_of(api::shortlist(
        ok(api::sample_scenario(5, 3, 1)),
        None,
        "NOBODY".into(),
        3,
    ));
    assert_eq!(kind, "invalid");
    assert!(!issues.is_empty());
}

fn request(seed: u32, max_iterations: u32) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"seed".into(), &seed.into());
    let _ = Reflect::set(&o, &"maxIterations".into(), &max_iterations.into());
    o.into()
}

#[wasm_bindgen_test]
fn plan_rounds_accounts_for_every_visit_and_reports_progress() {
    let day = ok(api::sample_rounds(40, 5, 2));
    let visits = len(&get(&day, "visits"));
    let progress = counter(u32::MAX);
    let plan = ok(api::plan_rounds(
        day,
        Some(tsify::Ts::new_unchecked(request(1, 50))),
        Some(progress.clone()),
    ));
    let summary = get(&plan, "summary");
    let planned = get(&summary, "visits_planned").as_f64().unwrap_or(-1.0);
    let unplanned = get(&summary, "visits_unplanned").as_f64().unwrap_or(-1.0);
    assert_eq!(planned + unplanned, f64::from(visits));
    assert!(
        get(&progress, "calls").as_f64().unwrap_or(0.0) > 0.0,
        "callback called"
    );
}

#[wasm_bindgen_test]
fn a_callback_returning_false_stops_the_run_cleanly() {
    let day = ok(api::sample_rounds(40, 5, 2));
    let progress = counter(3);
    // Stopped after three calls: either the best plan so far or `cancelled`,
    // never a trap.
    match api::plan_rounds(day, None, Some(progress.clone())) {
        Ok(plan) => assert!(get(&JsValue::from(plan), "summary").is_object()),
        Err(e) => assert_eq!(
            get(&JsValue::from(e), "kind").as_string().as_deref(),
            Some("cancelled")
        ),
    }
    assert_eq!(get(&progress, "calls").as_f64(), Some(3.0));
}

#[wasm_bindgen_test]
fn insert_visits_keeps_the_plan_and_reports_the_new_visit() {
    let day = ok(api::sample_rounds(30, 5, 4));
    let plan = ok(api::plan_rounds(
        day.clone(),
        Some(tsify::Ts::new_unchecked(request(1, 30))),
        None,
    ));
    let template = Array::from(&get(&day, "visits")).get(0);
    let visit: JsValue = JSON::parse(&json(&template)).unwrap_or(JsValue::NULL);
    let _ = Reflect::set(&visit, &"id".into(), &"NEW-1".into());
    let _ = Reflect::set(&visit, &"client".into(), &"NEW-CLIENT".into());
    let ins = ok(api::insert_visits(
        day,
        tsify::Ts::new_unchecked(plan),
        vec![tsify::Ts::new_unchecked(visit)],
        Some(tsify::Ts::new_unchecked(request(1, 30))),
        None,
    ));
    let planned = len(&get(&ins, "planned"));
    let unplanned = len(&get(&ins, "unplanned"));
    assert_eq!(
        planned + unplanned,
        1,
        "the new visit is planned or explained"
    );
}

#[wasm_bindgen_test]
fn bad_input_is_an_issue_list_not_a_trap() {
    let (kind, issues) = error_of(api::validate(JsValue::from_str("{")));
    assert_eq!(kind, "invalid");
    assert_eq!(
        get(&issues[0], "code").as_string().as_deref(),
        Some("bad_json")
    );

    let (_, issues) = error_of(api::validate(JsValue::from_str("")));
    assert_eq!(
        get(&issues[0], "code").as_string().as_deref(),
        Some("empty_input")
    );

    // Several problems at once, each with record, path, message and hint.
    let bad = r#"{"schema_version":1,"people":[
        {"id":"P1","age":30,"needs":["autism"],"home":{"lat":95,"lon":-1.1}},
        {"id":"P1","age":40,"needs":["autism"],"home":{"lat":53,"lon":-1.1}}],
      "households":[{"id":"H1","location":{"lat":53,"lon":-1},"approvals":[],"places":0}]}"#;
    let (kind, issues) = error_of(api::match_placements(JsValue::from_str(bad), None));
    assert_eq!(kind, "invalid");
    assert!(issues.len() >= 3, "every issue at once: {}", issues.len());
    for i in &issues {
        for field in ["code", "record", "path", "message", "hint"] {
            assert!(get(i, field).is_string(), "{field} in {}", json(i));
        }
    }
    let (kind, issues) = error_of(api::validate_rounds(JsValue::from_str(
        r#"{"visits":[],"workers":[],"unknown":1}"#,
    )));
    assert_eq!(kind, "invalid");
    assert!(!issues.is_empty());
}

#[wasm_bindgen_test]
fn a_wrongly_shaped_object_is_invalid_input() {
    let o = Object::new();
    let _ = Reflect::set(&o, &"people".into(), &"not a list".into());
    let (kind, issues) = error_of(api::validate(o.into()));
    assert_eq!(kind, "invalid");
    assert!(!issues.is_empty());
}

/// The oracle export reaches the optimum the five external solvers agreed
/// on, read from the expected file (not typed in here).
#[wasm_bindgen_test]
fn solve_oracle_matches_the_agreed_optimum() {
    let instance = include_str!("../../tests/data/oracles/cap-100x40.json");
    let expected = JSON::parse(include_str!(
        "../../tests/data/oracles/cap-100x40.expected.json"
    ))
    .expect("expected file is JSON");
    for (max_placed, key) in [(false, "max_score"), (true, "max_placed_then_score")] {
        let got = ok(api::solve_oracle(instance, max_placed));
        let want = get(&expected, key);
        assert_eq!(
            get(&got, "objective").as_f64(),
            get(&want, "objective").as_f64(),
            "{key}"
        );
        if max_placed {
            assert_eq!(
                get(&got, "assigned").as_f64(),
                get(&want, "assigned").as_f64()
            );
        }
    }
    // Bad input is an issue list, not a trap.
    let (kind, issues) = error_of(api::solve_oracle("{\"schema\": 3}", false));
    assert_eq!(kind, "invalid");
    assert!(!issues.is_empty());
}

// ---------------------------------------------------------------------------
// Stated limits and degenerate inputs (LIMITS.md), as in core/tests/limits.rs.

const PERSON: &str =
    r#"{"id":"P{i}","age":34,"needs":["learning_disability"],"home":{"lat":53.3,"lon":-1.12}}"#;

fn people_json(n: usize, households: &str) -> String {
    let people: Vec<String> = (0..n)
        .map(|i| PERSON.replace("{i}", &i.to_string()))
        .collect();
    format!(
        r#"{{"schema_version":1,"as_of":"2025-04-01","people":[{}],"households":[{households}]}}"#,
        people.join(",")
    )
}

fn visits_json(n: usize, carers: u32, duration: u32, window: &str) -> String {
    let visits: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"V{i}","client":"C{i}","location":{{"lat":53.12,"lon":-1.22}},"windows":[{window}],"duration":{duration},"carers":{carers}}}"#
            )
        })
        .collect();
    visits.join(",")
}

const WORKER: &str =
    r#"{"id":"W1","start":{"lat":53.1,"lon":-1.25},"shifts":[{"start":"08:00","end":"14:00"}]}"#;
const WINDOW: &str = r#"{"earliest":"08:00","latest":"12:00"}"#;

fn day_json(visits: &str, workers: &str) -> JsValue {
    JsValue::from_str(&format!(
        r#"{{"schema_version":1,"visits":[{visits}],"workers":[{workers}]}}"#
    ))
}

fn codes(issues: &[JsValue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| {
            (
                get(i, "code").as_string().unwrap_or_default(),
                get(i, "path").as_string().unwrap_or_default(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
fn a_60_mb_one_line_people_file_is_refused_not_an_out_of_memory() {
    let mut text = people_json(0, "");
    text.truncate(text.find("\"people\":[").expect("people") + 10);
    let one = PERSON.replace("{i}", "0");
    let n = 60 * 1024 * 1024 / (one.len() + 1) + 1;
    text.reserve(n * (one.len() + 1) + 4);
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&one);
    }
    text.push_str("]}");
    assert!(text.len() >= 60 * 1024 * 1024);
    let (kind, issues) = error_of(api::validate(JsValue::from_str(&text)));
    assert_eq!(kind, "invalid");
    assert_eq!(
        codes(&issues),
        [("input_too_large".to_string(), "people".to_string())]
    );
    let message = get(&issues[0], "message").as_string().unwrap_or_default();
    assert!(message.contains("at most 20000"), "{message}");
}

#[wasm_bindgen_test]
fn extreme_values_are_named_issues() {
    // A capacity of 4,294,967,295 places.
    let (_, issues) = error_of(api::validate(JsValue::from_str(&people_json(
        1,
        r#"{"id":"H1","location":{"lat":53.3,"lon":-1.1},"approvals":["learning_disability"],"places":4294967295}"#,
    ))));
    assert!(
        codes(&issues).contains(&("out_of_range".into(), "households[0].places".into())),
        "{:?}",
        codes(&issues)
    );
    // A window spanning a year.
    let year = r#"{"earliest":0,"latest":525600}"#;
    let (_, issues) = error_of(api::validate_rounds(day_json(
        &visits_json(1, 1, 30, year),
        WORKER,
    )));
    assert_eq!(
        codes(&issues),
        [(
            "bad_value".to_string(),
            "visits[0].windows[0].latest".to_string()
        )]
    );
    // A visit longer than every shift.
    let (_, issues) = error_of(api::validate_rounds(day_json(
        &visits_json(1, 1, 400, WINDOW),
        WORKER,
    )));
    assert_eq!(
        codes(&issues),
        [(
            "longer_than_shifts".to_string(),
            "visits[0].duration".to_string()
        )]
    );
}

#[wasm_bindgen_test]
fn degenerate_days_and_scenarios_are_answers_not_errors() {
    let opts = || Some(tsify::Ts::new_unchecked(request(1, 5)));
    // 2,000 double-handed visits and one worker: every visit unplanned, with reasons.
    let plan = ok(api::plan_rounds(
        day_json(&visits_json(2_000, 2, 30, WINDOW), WORKER),
        opts(),
        None,
    ));
    let unplanned = get(&plan, "unplanned");
    assert_eq!(len(&unplanned), 2_000);
    assert!(len(&get(&Array::from(&unplanned).get(0), "reasons")) > 0);
    // No workers.
    let plan = ok(api::plan_rounds(
        day_json(&visits_json(5, 1, 30, WINDOW), ""),
        opts(),
        None,
    ));
    assert_eq!(len(&get(&plan, "unplanned")), 5);
    assert_eq!(len(&get(&plan, "rounds")), 0);
    // No households: everyone unplaced, with an explanation.
    let result = ok(api::match_placements(
        JsValue::from_str(&people_json(6, "")),
        None,
    ));
    assert_eq!(get(&get(&result, "totals"), "unplaced").as_f64(), Some(6.0));
    // Identical people (ids aside) share the places, the same way every time.
    let h = r#"{"id":"H1","location":{"lat":53.31,"lon":-1.12},"approvals":["learning_disability"],"places":2}"#;
    let a = ok(api::match_placements(
        JsValue::from_str(&people_json(12, h)),
        None,
    ));
    let b = ok(api::match_placements(
        JsValue::from_str(&people_json(12, h)),
        None,
    ));
    assert_eq!(get(&get(&a, "totals"), "placed").as_f64(), Some(2.0));
    assert_eq!(json(&a), json(&b));
}

#[wasm_bindgen_test]
fn each_solver_outcome_has_its_own_error_kind() {
    for (err, kind) in [
        (carematch::Error::Infeasible("x".into()), "infeasible"),
        (carematch::Error::LimitReached("x".into()), "limit"),
        (carematch::Error::Backend("x".into()), "backend"),
        (carematch::Error::Cancelled, "cancelled"),
    ] {
        let (got, issues) = error_of::<()>(Err(api::CarematchError::from(err)));
        assert_eq!(got, kind);
        assert!(issues.is_empty());
    }
}
