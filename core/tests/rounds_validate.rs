//! Bad rounds files get every problem reported at once, each naming the
//! record and field; nothing panics.

use carematch::rounds::{
    ClockTime, RoundsInput, sample_rounds, validate::validate, validate_rounds,
};
use carematch::{Error, ValidationIssue};
use proptest::prelude::*;
use serde_json::{Value, json};

fn base() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/rounds/two_workers_double_handed.json"
    ))
    .expect("fixture");
    serde_json::from_str(&text).expect("fixture JSON")
}

fn issues(v: &Value) -> Vec<ValidationIssue> {
    match validate_rounds(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(list)) => list,
        Err(e) => panic!("unexpected error {e}"),
    }
}

fn has(list: &[ValidationIssue], code: &str, record: &str, path: &str) -> bool {
    list.iter()
        .any(|i| i.code == code && i.record == record && i.path == path && !i.hint.is_empty())
}

#[test]
fn the_fixture_is_valid() {
    assert!(issues(&base()).is_empty());
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut v = base();
    // Overlapping shifts.
    v["workers"][1]["shifts"] = json!([
        {"start": "08:00", "end": "12:00"},
        {"start": "11:00", "end": "14:00"}
    ]);
    // A window ending before it starts.
    v["visits"][1]["windows"][0] = json!({"earliest": "11:00", "latest": "10:00"});
    // A visit longer than every shift (6 h).
    v["visits"][2]["duration"] = json!(400);
    // Unknown skill on a visit and on a worker.
    v["visits"][3]["skills"] = json!(["medication", "peg_feeding"]);
    v["workers"][0]["skills"] = json!(["hoist", "Medication"]);
    // Duplicate ids.
    v["visits"][3]["id"] = json!("V2");
    // Unknown worker reference.
    v["visits"][0]["preferred_workers"] = json!(["W7"]);
    v["visits"][1]["pin"] = json!({"worker": "W8"});
    // Break outside the shift.
    v["workers"][0]["shifts"][0]["breaks"][0] =
        json!({"earliest": "15:00", "latest": "15:30", "duration": 30});
    // Two carers is the most.
    v["visits"][0]["carers"] = json!(3);
    let list = issues(&v);
    for (code, record, path) in [
        ("overlapping_shifts", "worker W2", "workers[1].shifts[0]"),
        ("bad_window", "visit V2", "visits[1].windows[0]"),
        ("longer_than_shifts", "visit V3", "visits[2].duration"),
        ("unknown_skill", "visit V2", "visits[3].skills[1]"),
        ("unknown_skill", "worker W1", "workers[0].skills[1]"),
        ("duplicate_id", "visit V2", "visits[3].id"),
        (
            "unknown_worker",
            "visit V1",
            "visits[0].preferred_workers[0]",
        ),
        ("unknown_worker", "visit V2", "visits[1].pin.worker"),
        (
            "break_outside_shift",
            "worker W1",
            "workers[0].shifts[0].breaks[0]",
        ),
        ("out_of_range", "visit V1", "visits[0].carers"),
    ] {
        assert!(
            has(&list, code, record, path),
            "missing {code} {record} {path} in {list:#?}"
        );
    }
}

#[test]
fn shift_ending_before_it_starts_and_bad_numbers() {
    let mut v = base();
    v["workers"][1]["shifts"][0] = json!({"start": "14:00", "end": "08:00"});
    v["workers"][1]["speed_kmh"] = json!(-3.0);
    v["workers"][1]["max_working_minutes"] = json!(0);
    v["visits"][2]["windows"] = json!([]);
    v["visits"][2]["duration"] = json!(0);
    v["schema_version"] = json!(9);
    let list = issues(&v);
    assert!(
        has(&list, "bad_window", "worker W2", "workers[1].shifts[0]"),
        "{list:#?}"
    );
    assert!(has(
        &list,
        "out_of_range",
        "worker W2",
        "workers[1].speed_kmh"
    ));
    assert!(has(
        &list,
        "out_of_range",
        "worker W2",
        "workers[1].max_working_minutes"
    ));
    assert!(has(&list, "no_window", "visit V3", "visits[2].windows"));
    assert!(has(&list, "out_of_range", "visit V3", "visits[2].duration"));
    assert!(has(&list, "unsupported_version", "", "schema_version"));
}

#[test]
fn nan_coordinates_are_refused() {
    // JSON has no NaN, but inputs built in code (or through wasm) can.
    let mut input: RoundsInput = validate_rounds(&base().to_string()).unwrap();
    input.visits[0].location.lat = f64::NAN;
    input.workers[0].start.lon = f64::INFINITY;
    let err = validate(&input).unwrap_err();
    let list = err.issues();
    assert!(
        has(list, "bad_location", "visit V1", "visits[0].location"),
        "{list:#?}"
    );
    assert!(has(list, "bad_location", "worker W1", "workers[0].start"));
}

#[test]
fn travel_matrix_must_cover_every_place() {
    let mut v = base();
    v["visits"][3]["location"] = json!({"lat": 53.0, "lon": -1.0});
    v["travel"]["matrices"][0]["minutes"][1] = json!([25, 0, 15]);
    let list = issues(&v);
    assert!(
        has(&list, "not_in_matrix", "visit V4", "visits[3].location"),
        "{list:#?}"
    );
    assert!(has(&list, "bad_matrix", "", "travel.matrices[0].minutes"));
}

#[test]
fn bad_json_and_unknown_fields_name_the_place() {
    // A JSON syntax error is one issue with its line and column.
    let list = issues_text("{\"visits\": [");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].code, "bad_json");
    assert!(
        list[0].path.starts_with("line 1 column"),
        "{}",
        list[0].path
    );
    // Unknown fields and bad values are issues on their record and field.
    let list = issues(&json!({"visits": [], "workers": [], "colour": "red"}));
    assert_eq!(list.len(), 1);
    assert!(
        has(&list, "unknown_field", "rounds file", "colour"),
        "{list:#?}"
    );
    assert!(list[0].message.contains("colour"), "{}", list[0].message);
    let mut v = base();
    v["visits"][0]["windows"][0]["earliest"] = json!("9am");
    let list = issues(&v);
    assert_eq!(list.len(), 1, "{list:#?}");
    assert!(
        has(
            &list,
            "bad_value",
            "visit V1",
            "visits[0].windows[0].earliest"
        ),
        "{list:#?}"
    );
    assert!(list[0].message.contains("HH:MM"), "{}", list[0].message);
    assert!(validate_rounds("").is_err());
    assert!(validate_rounds("[]").is_err());
}

/// Record-level problems (unknown, missing or mistyped fields) in several
/// records are listed together with the cross-record checks of the records
/// that could be read, each at its position in the input.
#[test]
fn unreadable_records_are_listed_with_every_other_problem() {
    let mut v = base();
    v["visits"][0]["colour"] = json!("red"); // unknown field, record still read
    v["visits"][1]["duration"] = json!("half an hour"); // wrong type: record skipped
    v["visits"][2]["duration"] = json!(400); // longer than every shift
    v["workers"][1]
        .as_object_mut()
        .expect("worker object")
        .remove("shifts"); // missing field: record skipped
    v["weights"] = json!({"travel_minute": "cheap"});
    v["schema_version"] = json!("one");
    let list = issues(&v);
    for (code, record, path) in [
        ("unknown_field", "visit V1", "visits[0].colour"),
        ("bad_value", "visit V2", "visits[1].duration"),
        ("missing_field", "worker W2", "workers[1]"),
        ("bad_value", "rounds file", "weights.travel_minute"),
        ("bad_value", "rounds file", "schema_version"),
    ] {
        assert!(
            has(&list, code, record, path),
            "missing {code} {record} {path} in {list:#?}"
        );
    }
    // Visit V3 is the third visit in the file even though V2 was skipped.
    let longer = list
        .iter()
        .find(|i| i.code == "longer_than_shifts")
        .map(|i| (i.record.as_str(), i.path.as_str()));
    // W2 could not be read, so "longer than every shift" would be a guess: left out.
    assert_eq!(longer, None, "{list:#?}");
    // With every worker readable, the check comes back at the right position.
    let mut v = base();
    v["visits"][1]["duration"] = json!("half an hour");
    v["visits"][2]["duration"] = json!(400);
    let list = issues(&v);
    assert!(
        has(
            &list,
            "longer_than_shifts",
            "visit V3",
            "visits[2].duration"
        ),
        "{list:#?}"
    );
    // A reference to a worker that is in the file but unreadable is not "unknown".
    let mut v = base();
    v["workers"][0]["cost_per_hour"] = json!(-1.5);
    let list = issues(&v);
    assert!(list.iter().all(|i| i.code != "unknown_worker"), "{list:#?}");
    assert!(
        has(&list, "bad_value", "worker W1", "workers[0].cost_per_hour"),
        "{list:#?}"
    );
}

fn issues_text(text: &str) -> Vec<ValidationIssue> {
    match validate_rounds(text) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(list)) => list,
        Err(e) => panic!("unexpected error {e}"),
    }
}

#[test]
fn oversized_input_is_refused() {
    let mut input = sample_rounds(3, 1, 1);
    let v = input.visits[0].clone();
    input.visits = vec![v; carematch::rounds::validate::MAX_VISITS + 1];
    let err = validate(&input).unwrap_err();
    assert_eq!(err.issues()[0].code, "input_too_large");
}

#[test]
fn samples_are_valid_and_round_trip() {
    for seed in 0..5 {
        let day = sample_rounds(60, 8, seed);
        let text = serde_json::to_string(&day).unwrap();
        assert_eq!(validate_rounds(&text).unwrap(), day);
        assert_eq!(day.visits.len(), 60);
        assert!(day.visits.iter().any(|v| v.carers == 2));
        assert!(
            day.visits
                .iter()
                .all(|v| v.windows[0].earliest >= ClockTime::hm(6, 30)
                    && v.windows[0].latest <= ClockTime::hm(21, 45))
        );
    }
    assert_eq!(sample_rounds(60, 8, 3), sample_rounds(60, 8, 3));
    assert_ne!(sample_rounds(60, 8, 3), sample_rounds(60, 8, 4));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary text never panics the reader.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = validate_rounds(&text);
    }

    /// Random edits to a valid file give either a valid input or issues,
    /// never a panic, and every issue carries a hint.
    #[test]
    fn random_edits_never_panic(
        visit in 0usize..4,
        field in prop::sample::select(vec!["duration", "carers", "windows", "skills", "location", "pin"]),
        value in prop::sample::select(vec![
            json!(-1), json!(0), json!(1e9), json!("x"), json!([]), json!(null),
            json!([{"earliest": "23:00", "latest": "01:00"}]), json!({"lat": 200, "lon": 0}),
            json!({"worker": "W1", "start": "05:00"}), json!(["hoist", "hoist"]),
        ]),
    ) {
        let mut v = base();
        v["visits"][visit][field] = value;
        if let Err(e) = validate_rounds(&v.to_string()) {
            prop_assert!(!e.issues().is_empty());
            prop_assert!(e.issues().iter().all(|i| !i.hint.is_empty()));
        }
    }
}
