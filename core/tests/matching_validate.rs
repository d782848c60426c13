//! Bad input: every case in the issue's "Bad input" list gives
//! `Error::Invalid` naming the record, the field path, a message and a hint,
//! all problems at once, and nothing panics.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

use carematch::matching::{self, MatchConfig};
use carematch::{Error, ValidationIssue};
use proptest::prelude::*;

fn issues(json: &str) -> Vec<ValidationIssue> {
    match matching::validate_scenario(json) {
        Err(Error::Invalid(v)) => v,
        Err(other) => panic!("expected Invalid, got {other:?}"),
        Ok(_) => panic!("expected the scenario to be rejected"),
    }
}

fn has(v: &[ValidationIssue], code: &str, record: &str, path: &str) -> bool {
    v.iter()
        .any(|i| i.code == code && i.record == record && i.path == path)
}

const PERSON: &str =
    r#"{"id": "P1", "age": 30, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1}}"#;
const HOUSEHOLD: &str =
    r#"{"id": "H1", "location": {"lat": 53.0, "lon": -1.1}, "approvals": ["autism"], "places": 1}"#;

fn scenario(people: &str, households: &str, extra: &str) -> String {
    format!(r#"{{"schema_version": 1, "people": [{people}], "households": [{households}]{extra}}}"#)
}

#[test]
fn a_good_scenario_passes() {
    let s = matching::validate_scenario(&scenario(PERSON, HOUSEHOLD, "")).unwrap();
    assert_eq!(s.people.len(), 1);
}

#[test]
fn unknown_field() {
    let p = PERSON.replace(r#""age": 30"#, r#""age": 30, "shoe_size": 9"#);
    let v = issues(&scenario(&p, HOUSEHOLD, ""));
    assert!(
        has(&v, "unknown_field", "person P1", "people[0].shoe_size"),
        "{v:?}"
    );
    assert!(!v[0].hint.is_empty());
    let v = issues(&scenario(PERSON, HOUSEHOLD, r#", "housholds": []"#));
    assert!(has(&v, "unknown_field", "scenario", "housholds"), "{v:?}");
}

#[test]
fn unknown_nested_field() {
    let p = PERSON.replace(
        r#""age": 30"#,
        r#""age": 30, "preferences": {"pets": false}"#,
    );
    let v = issues(&scenario(&p, HOUSEHOLD, ""));
    assert!(
        has(
            &v,
            "unknown_field",
            "person P1",
            "people[0].preferences.pets"
        ),
        "{v:?}"
    );
}

#[test]
fn missing_field() {
    let h = HOUSEHOLD.replace(r#", "places": 1"#, "");
    let v = issues(&scenario(PERSON, &h, ""));
    assert!(
        has(&v, "missing_field", "household H1", "households[0]"),
        "{v:?}"
    );
    assert!(v[0].message.contains("places"));
    let v = issues(r#"{"people": []}"#);
    assert!(
        has(&v, "missing_field", "scenario", "schema_version"),
        "{v:?}"
    );
}

#[test]
fn duplicate_ids() {
    let v = issues(&scenario(&format!("{PERSON}, {PERSON}"), HOUSEHOLD, ""));
    assert!(
        has(&v, "duplicate_id", "person P1", "people[1].id"),
        "{v:?}"
    );
}

#[test]
fn references_to_unknown_ids() {
    let p = PERSON.replace(
        r#""age": 30"#,
        r#""age": 30, "preferences": {"must_not_live_with": ["P7"]}"#,
    );
    let intro =
        r#", "introductions": [{"person": "P9", "household": "H5", "outcome": "declined"}]"#;
    let v = issues(&scenario(&p, HOUSEHOLD, intro));
    assert!(
        has(
            &v,
            "unknown_id",
            "person P1",
            "people[0].preferences.must_not_live_with[0]"
        ),
        "{v:?}"
    );
    assert!(
        has(
            &v,
            "unknown_id",
            "introduction of P9",
            "introductions[0].person"
        ),
        "{v:?}"
    );
    assert!(
        has(
            &v,
            "unknown_id",
            "introduction of P9",
            "introductions[0].household"
        ),
        "{v:?}"
    );
}

#[test]
fn zero_and_negative_capacities() {
    let v = issues(&scenario(
        PERSON,
        &HOUSEHOLD.replace(r#""places": 1"#, r#""places": 0"#),
        "",
    ));
    assert!(
        has(&v, "zero_capacity", "household H1", "households[0].places"),
        "{v:?}"
    );
    let v = issues(&scenario(
        PERSON,
        &HOUSEHOLD.replace(r#""places": 1"#, r#""places": -2"#),
        "",
    ));
    assert!(
        has(&v, "bad_value", "household H1", "households[0].places"),
        "{v:?}"
    );
    let scheme = r#", "schemes": [{"id": "S1", "location": {"lat": 53.0, "lon": -1.1}, "needs_supported": ["autism"], "weekly_cost": 80000, "vacancies": []}]"#;
    let v = issues(&scenario(PERSON, HOUSEHOLD, scheme));
    assert!(
        has(&v, "zero_capacity", "scheme S1", "schemes[0].vacancies"),
        "{v:?}"
    );
}

#[test]
fn nan_and_out_of_range_coordinates() {
    // JSON has no NaN: a literal NaN is a syntax error located by line and column.
    let v = issues(&scenario(&PERSON.replace("53.0", "NaN"), HOUSEHOLD, ""));
    assert_eq!(v[0].code, "bad_json");
    assert!(v[0].path.starts_with("line 1 column"));
    let v = issues(&scenario(
        &PERSON.replace("53.0", "91.5"),
        &HOUSEHOLD.replace("-1.1", "-181"),
        "",
    ));
    assert!(
        has(&v, "out_of_range", "person P1", "people[0].home"),
        "{v:?}"
    );
    assert!(
        has(&v, "out_of_range", "household H1", "households[0].location"),
        "{v:?}"
    );
}

#[test]
fn dates_in_the_wrong_order_and_impossible_dates() {
    let p = PERSON.replace(
        r#""age": 30"#,
        r#""age": 30, "arrangement": "short_break", "dates": {"start": "2025-05-10", "end": "2025-05-03"}, "needed_by": "2025-02-30""#,
    );
    let v = issues(&scenario(&p, HOUSEHOLD, ""));
    assert!(
        has(&v, "dates_out_of_order", "person P1", "people[0].dates"),
        "{v:?}"
    );
    assert!(
        has(&v, "bad_date", "person P1", "people[0].needed_by"),
        "{v:?}"
    );
    let p = PERSON.replace(r#""age": 30"#, r#""age": 30, "arrangement": "short_break""#);
    let v = issues(&scenario(&p, HOUSEHOLD, ""));
    assert!(
        has(&v, "missing_field", "person P1", "people[0].dates"),
        "{v:?}"
    );
}

#[test]
fn empty_and_oversized_input() {
    assert_eq!(issues("")[0].code, "empty_input");
    assert_eq!(issues("  \n ")[0].code, "empty_input");
    let big = " ".repeat(carematch::error::MAX_INPUT_BYTES + 1);
    assert_eq!(issues(&big)[0].code, "input_too_large");
    assert_eq!(issues("[]")[0].code, "bad_json");
}

#[test]
fn every_problem_is_reported_at_once() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/every_problem_at_once.json");
    let v = issues(&std::fs::read_to_string(path).unwrap());
    let expect = [
        ("unknown_field", "person P1", "people[0].favourite_colour"),
        ("out_of_range", "person P1", "people[0].home"),
        ("duplicate_id", "person P1", "people[1].id"),
        ("dates_out_of_order", "person P1", "people[1].dates"),
        (
            "unknown_id",
            "person P1",
            "people[1].preferences.must_not_live_with[0]",
        ),
        ("missing_field", "person P3", "people[2]"),
        ("zero_capacity", "household H1", "households[0].places"),
        ("bad_value", "household H2", "households[1].places"),
        (
            "unknown_id",
            "introduction of P1",
            "introductions[0].household",
        ),
    ];
    for (code, record, path) in expect {
        assert!(
            has(&v, code, record, path),
            "missing {code} {record} {path} in {v:#?}"
        );
    }
    assert_eq!(v.len(), expect.len(), "{v:#?}");
    assert!(
        v.iter()
            .all(|i| !i.message.is_empty() && !i.hint.is_empty())
    );
}

#[test]
fn over_full_introductions_are_rejected() {
    let two = format!("{PERSON}, {}", PERSON.replace("P1", "P2"));
    let intro = r#", "introductions": [{"person": "P1", "household": "H1", "outcome": "accepted"}, {"person": "P2", "household": "H1", "outcome": "in_progress"}]"#;
    let v = issues(&scenario(&two, HOUSEHOLD, intro));
    assert!(
        has(&v, "over_capacity", "household H1", "introductions"),
        "{v:?}"
    );
}

#[test]
fn match_scenario_checks_scenarios_built_in_code() {
    let mut s = matching::sample_scenario(5, 3, 1);
    s.households[0].places = 0;
    s.people[1].id = s.people[0].id.clone();
    let err = matching::match_scenario(&s, &MatchConfig::default()).unwrap_err();
    let codes: Vec<&str> = err.issues().iter().map(|i| i.code.as_str()).collect();
    assert!(
        codes.contains(&"zero_capacity") && codes.contains(&"duplicate_id"),
        "{codes:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Cutting or corrupting a valid scenario never panics: it either still
    /// parses or gives located issues.
    #[test]
    fn mangled_input_never_panics(cut in 0usize..2_000, at in 0usize..2_000, byte in 0u8..128) {
        let json = serde_json::to_string(&matching::sample_scenario(4, 3, 9)).unwrap();
        let mut bytes = json.into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(bytes.len().saturating_sub(cut));
        let text = String::from_utf8_lossy(&bytes);
        match matching::validate_scenario(&text) {
            Ok(s) => { let _ = matching::match_scenario(&s, &MatchConfig::default()); }
            Err(e) => prop_assert!(!e.issues().is_empty()),
        }
    }
}
