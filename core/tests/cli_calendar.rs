//! `carematch sample` (realistic by default, `--profile generous` for the
//! old generator) and `carematch validate` on impossible calendars: non-zero
//! exit, each problem named by record and field on standard error.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

mod cli_common;

use std::path::PathBuf;

use cli_common::{carematch, data, stderr};

fn temp(name: &str) -> PathBuf {
    cli_common::temp("cli-calendar", name)
}

#[test]
fn validate_names_every_impossible_calendar() {
    let out = carematch(&["validate", &data("impossible_calendars.json")]);
    assert!(!out.status.success());
    let err = stderr(&out);
    for needle in [
        "13 problem(s)",
        "person P1: people[0].sessions[1].hours",
        "person P1: people[0].sessions[2].day",
        "person P1: people[0].sessions[1].day",
        "person P2: people[1].sessions",
        "person P3: people[2].dates",
        "person P4: people[3].holds.household",
        "person P5: people[4].holds",
        "person P6: people[5].holds",
        "person P7: people[6].holds",
        "person P9: people[8].dates",
        "household H1: households[0].bookings[1]",
        "household H1: households[0].bookings[2].dates",
        "household H1: households[0].bookings[3].dates",
        "4 or 8 hours",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    assert!(!err.contains("person P8"), "{err}");
}

#[test]
fn sample_is_realistic_by_default_and_generous_on_request() {
    let path = temp("county.json");
    let p = path.display().to_string();
    let out = carematch(&["sample", "--seed", "5", "-o", &p]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = carematch(&["sample", "--seed", "5"]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim_end(),
        std::fs::read_to_string(&path).unwrap().trim_end()
    );
    let out = carematch(&["validate", &p]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ok = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        ok.starts_with("ok: 120 people, 66 households, 23 schemes"),
        "{ok}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(v["learning_disability_population"].as_u64().unwrap() > 0);

    // A small realistic sample runs through `match`: every referral is
    // placed, unplaced or staying where they are.
    let small = temp("small.json");
    let s = small.display().to_string();
    let out = carematch(&[
        "sample",
        "--people",
        "40",
        "--households",
        "15",
        "--seed",
        "3",
        "-o",
        &s,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = carematch(&["match", &s]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |k: &str| r[k].as_array().unwrap().len();
    assert_eq!(n("placements") + n("unplaced") + n("staying"), 40);

    let out = carematch(&[
        "sample",
        "--profile",
        "generous",
        "--people",
        "12",
        "--households",
        "5",
        "--seed",
        "2",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let old = serde_json::to_value(carematch::matching::sample_scenario(12, 5, 2)).unwrap();
    assert_eq!(v, old);

    let out = carematch(&["sample", "--people", "300", "--schemes", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schemes"].as_array().unwrap().len(), 7);
    assert_eq!(v["people"].as_array().unwrap().len(), 300);

    let out = carematch(&["sample", "--profile", "generous", "--schemes", "7"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--schemes"), "{}", stderr(&out));
}
