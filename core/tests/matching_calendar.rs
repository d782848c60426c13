//! Impossible calendars (issue 7): `validate_scenario` reports each with its
//! record and field path, every one at once, and an independent day-by-day
//! count agrees with the over-booking check.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

use carematch::matching::{self, Booking, DateRange, Scenario, date_of};
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

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

const PERSON: &str =
    r#"{"id": "P1", "age": 30, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1}}"#;
const HOUSEHOLD: &str = r#"{"id": "H1", "location": {"lat": 53.0, "lon": -1.1}, "approvals": ["autism"], "places": 2, "offers": ["long_term", "short_break", "day_support"]}"#;

fn scenario(people: &str, households: &str, extra: &str) -> String {
    format!(r#"{{"schema_version": 1, "people": [{people}], "households": [{households}]{extra}}}"#)
}

fn person(extra: &str) -> String {
    PERSON.replace(r#""age": 30"#, &format!(r#""age": 30, {extra}"#))
}

fn household(extra: &str) -> String {
    HOUSEHOLD.replace(r#""places": 2"#, &format!(r#""places": 2, {extra}"#))
}

#[test]
fn every_impossible_calendar_is_reported_at_once() {
    let v = issues(&fixture("impossible_calendars.json"));
    let expect = [
        (
            "bad_session_length",
            "person P1",
            "people[0].sessions[1].hours",
        ),
        (
            "duplicate_session_day",
            "person P1",
            "people[0].sessions[2].day",
        ),
        ("day_not_offered", "person P1", "people[0].sessions[1].day"),
        ("missing_field", "person P2", "people[1].sessions"),
        ("missing_field", "person P3", "people[2].dates"),
        ("unknown_id", "person P4", "people[3].holds.household"),
        ("bad_reference", "person P5", "people[4].holds"),
        ("bad_reference", "person P6", "people[5].holds"),
        ("listed_twice", "person P7", "people[6].holds"),
        ("dates_out_of_order", "person P9", "people[8].dates"),
        ("overbooked", "household H1", "households[0].bookings[1]"),
        (
            "dates_out_of_order",
            "household H1",
            "households[0].bookings[2].dates",
        ),
        (
            "booked_during_time_off",
            "household H1",
            "households[0].bookings[3].dates",
        ),
    ];
    for (code, record, path) in expect {
        assert!(
            has(&v, code, record, path),
            "missing {code} {record} {path} in {v:#?}"
        );
    }
    // P8 is ready for their own tenancy from residential care, with no
    // place to leave: that is fine, so nothing is reported for P8.
    assert!(v.iter().all(|i| i.record != "person P8"), "{v:#?}");
    assert_eq!(v.len(), expect.len(), "{v:#?}");
    assert!(
        v.iter()
            .all(|i| !i.message.is_empty() && !i.hint.is_empty())
    );
    let hours = v.iter().find(|i| i.code == "bad_session_length").unwrap();
    assert!(hours.message.contains("6 hours") && hours.hint.contains("4"));
    let over = v.iter().find(|i| i.code == "overbooked").unwrap();
    assert!(over.message.contains("2025-05-08"), "{}", over.message);
}

#[test]
fn a_good_calendar_passes() {
    // Two stays that meet (one ends on the 10th, the next starts on the
    // 11th) share one free place; 4- and 8-hour sessions on offered days.
    let h = household(
        r#""occupants": [{"id": "O1"}], "bookings": [
            {"person": "B1", "dates": {"start": "2025-05-01", "end": "2025-05-10"}},
            {"person": "B2", "dates": {"start": "2025-05-11", "end": "2025-05-12"}}],
            "unavailable": [{"start": "2025-05-13", "end": "2025-05-20"}]"#,
    );
    let p = person(
        r#""arrangement": "day_support", "sessions": [{"day": "monday", "hours": 4}, {"day": "friday", "hours": 8}]"#,
    );
    let movers = format!(
        "{p}, {}, {}",
        r#"{"id": "P2", "age": 50, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1}, "holds": {"household": "H1"}, "ready_for_own_tenancy": true}"#,
        r#"{"id": "P3", "age": 50, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1}, "current_setting": "hospital", "ready_for_own_tenancy": true}"#
    );
    let intro =
        r#", "introductions": [{"person": "P1", "household": "H1", "outcome": "in_progress"}]"#;
    let s = matching::validate_scenario(&scenario(&movers, &h, intro)).unwrap();
    assert_eq!(s.households[0].bookings.len(), 2);
}

#[test]
fn two_overlapping_stays_fit_two_free_places_but_not_one() {
    let bookings = r#""bookings": [
        {"person": "B1", "dates": {"start": "2025-05-01", "end": "2025-05-10"}},
        {"person": "B2", "dates": {"start": "2025-05-10", "end": "2025-05-12"}}]"#;
    matching::validate_scenario(&scenario(PERSON, &household(bookings), "")).unwrap();
    let full = household(&format!(r#""occupants": [{{"id": "O1"}}], {bookings}"#));
    let v = issues(&scenario(PERSON, &full, ""));
    assert!(
        has(
            &v,
            "overbooked",
            "household H1",
            "households[0].bookings[1]"
        ),
        "{v:?}"
    );
    assert!(v[0].message.contains("2025-05-10"), "{}", v[0].message);
}

#[test]
fn sessions_on_days_the_household_does_not_offer() {
    // Default days are Monday to Friday: a Saturday session is refused for
    // an accepted introduction, not for a declined one.
    let p =
        person(r#""arrangement": "day_support", "sessions": [{"day": "saturday", "hours": 4}]"#);
    let intro = |o: &str| {
        format!(r#", "introductions": [{{"person": "P1", "household": "H1", "outcome": "{o}"}}]"#)
    };
    let v = issues(&scenario(&p, HOUSEHOLD, &intro("accepted")));
    assert!(
        has(
            &v,
            "day_not_offered",
            "person P1",
            "people[0].sessions[0].day"
        ),
        "{v:?}"
    );
    assert!(v[0].message.contains("Saturday") && v[0].message.contains("H1"));
    matching::validate_scenario(&scenario(&p, HOUSEHOLD, &intro("declined"))).unwrap();
    let weekend = household(r#""day_support_days": ["saturday", "sunday"]"#);
    matching::validate_scenario(&scenario(&p, &weekend, &intro("in_progress"))).unwrap();
}

#[test]
fn day_support_places_per_weekday() {
    let two = format!(
        "{}, {}",
        person(r#""arrangement": "day_support", "sessions": [{"day": "monday", "hours": 4}]"#),
        person(r#""arrangement": "day_support", "sessions": [{"day": "monday", "hours": 8}]"#)
            .replace("P1", "P2"),
    );
    let intros = r#", "introductions": [{"person": "P1", "household": "H1", "outcome": "accepted"}, {"person": "P2", "household": "H1", "outcome": "accepted"}]"#;
    matching::validate_scenario(&scenario(&two, HOUSEHOLD, intros)).unwrap();
    let one_slot = household(r#""day_support_places": 1"#);
    let v = issues(&scenario(&two, &one_slot, intros));
    assert!(
        has(
            &v,
            "over_capacity",
            "household H1",
            "households[0].day_support_places"
        ),
        "{v:?}"
    );
}

#[test]
fn a_mover_cannot_overfill_the_household_they_live_in() {
    let h = household(r#""occupants": [{"id": "O1"}, {"id": "O2"}]"#);
    let p = person(r#""holds": {"household": "H1"}"#);
    let v = issues(&scenario(&p, &h, ""));
    assert!(
        has(&v, "over_capacity", "household H1", "people[].holds"),
        "{v:?}"
    );
    let listed = household(r#""occupants": [{"id": "P1"}]"#);
    let v = issues(&scenario(&p, &listed, ""));
    assert!(
        has(&v, "listed_twice", "person P1", "people[0].holds"),
        "{v:?}"
    );
}

#[test]
fn bad_booking_dates_are_located() {
    let h = household(
        r#""bookings": [{"person": "B1", "dates": {"start": "2025-02-30", "end": "2025-03-02"}}]"#,
    );
    let v = issues(&scenario(PERSON, &h, ""));
    assert!(
        has(
            &v,
            "bad_date",
            "household H1",
            "households[0].bookings[0].dates.start"
        ),
        "{v:?}"
    );
}

#[test]
fn the_realistic_sample_has_no_impossible_calendar() {
    let s = matching::sample_county(&matching::SampleOptions::default());
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(matching::validate_scenario(&json).unwrap(), s);
}

/// The largest number of stays on one day, counted day by day (independent
/// of the validator's sweep).
fn most_on_one_day(stays: &[(i64, i64)]) -> usize {
    let lo = stays.iter().map(|s| s.0).min().unwrap_or(0);
    let hi = stays.iter().map(|s| s.1).max().unwrap_or(0);
    (lo..=hi)
        .map(|d| stays.iter().filter(|s| s.0 <= d && d <= s.1).count())
        .max()
        .unwrap_or(0)
}

fn with_bookings(places: u32, occupants: usize, stays: &[(i64, i64)]) -> Scenario {
    let mut s = matching::validate_scenario(&scenario(PERSON, HOUSEHOLD, "")).unwrap();
    let h = &mut s.households[0];
    h.places = places;
    h.occupants = (0..occupants)
        .map(|k| serde_json::from_str(&format!(r#"{{"id": "O{k}"}}"#)).unwrap())
        .collect();
    let base = 20_179; // 2025-04-01
    h.bookings = stays
        .iter()
        .enumerate()
        .map(|(k, &(a, z))| Booking {
            person: format!("B{k}").as_str().into(),
            dates: DateRange {
                start: date_of(base + a),
                end: date_of(base + z),
            },
        })
        .collect();
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The validator reports over-booking exactly when some day has more
    /// stays than free places.
    #[test]
    fn overbooking_is_reported_exactly_when_a_day_is_over_full(
        places in 1u32..=3,
        occupants in 0usize..=3,
        raw in prop::collection::vec((0i64..60, 0i64..10), 0..6),
    ) {
        let occupants = occupants.min(places as usize);
        let stays: Vec<(i64, i64)> = raw.iter().map(|&(a, len)| (a, a + len)).collect();
        let s = with_bookings(places, occupants, &stays);
        let free = places as usize - occupants;
        let over = most_on_one_day(&stays) > free;
        let reported = match matching::validate::check(&s) {
            Ok(()) => false,
            Err(e) => {
                prop_assert!(e.issues().iter().all(|i| i.code == "overbooked"), "{:?}", e.issues());
                true
            }
        };
        prop_assert_eq!(reported, over);
    }

    /// Any session length but 4 or 8 hours is reported at its path.
    #[test]
    fn session_hours_other_than_4_or_8_are_reported(hours in 0u32..30) {
        let p = person(&format!(r#""arrangement": "day_support", "sessions": [{{"day": "monday", "hours": {hours}}}]"#));
        let ok = matching::validate_scenario(&scenario(&p, HOUSEHOLD, "")).is_ok();
        prop_assert_eq!(ok, hours == 4 || hours == 8);
    }
}
