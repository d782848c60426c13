//! The placement commands of the `carematch` binary: `sample`, `validate`,
//! `match` and `shortlist`, including bad input (non-zero exit, record and
//! field named on standard error).
#![allow(clippy::unwrap_used)] // test helpers may unwrap

mod cli_common;

use std::path::PathBuf;

use cli_common::{carematch, data, stderr};

fn temp(name: &str) -> PathBuf {
    cli_common::temp("cli-matching", name)
}

#[test]
fn sample_validate_match_and_shortlist_round_trip() {
    let scenario = temp("sample.json");
    let s = scenario.display().to_string();
    // The generous profile: every referral is placed or unplaced (nobody
    // holds a place they may keep).
    let out = carematch(&[
        "sample",
        "--profile",
        "generous",
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
    // Same seed, same bytes, whether written to a file or to standard output.
    let again = carematch(&[
        "sample",
        "--profile",
        "generous",
        "--people",
        "40",
        "--households",
        "15",
        "--seed",
        "3",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim_end(),
        std::fs::read_to_string(&scenario).unwrap().trim_end()
    );

    let out = carematch(&["validate", &s]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: 40 people, 15 households"));

    let result = temp("result.json");
    let r = result.display().to_string();
    let out = carematch(&["match", &s, "-o", &r]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    let placed = v["placements"].as_array().unwrap().len();
    let unplaced = v["unplaced"].as_array().unwrap().len();
    assert_eq!(placed + unplaced, 40);
    assert!(stderr(&out).contains(&format!("placed {placed} of 40")));

    let out = carematch(&["match", &s, "--objective", "max-placed"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objective"]["kind"], "max_placed_then_score");

    let out = carematch(&["match", &s, "--method", "stable"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stable plan: 0 blocking pairs"),
        "{}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["stability"]["price_of_stability"].as_i64().unwrap() >= 0);

    // A budget for one Shared Lives placement (£520) places one person.
    let fixture = data("introductions.json");
    let out = carematch(&["match", &fixture, "--weekly-budget", "600"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["totals"]["proposed"], 1);
    assert!(
        stderr(&out).contains("side constraints"),
        "{}",
        stderr(&out)
    );

    let out = carematch(&["shortlist", &s, "--person", "P0001", "-k", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["person"], "P0001");
    assert!(v["options"].as_array().unwrap().len() <= 3);

    let out = carematch(&["shortlist", &s, "--household", "H001"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["household"], "H001");
}

#[test]
fn config_file_overrides_weights() {
    let cfg = temp("config.json");
    std::fs::write(
        &cfg,
        r#"{"weights": {"distance": 0}, "objective": {"kind": "min_weekly_cost"}}"#,
    )
    .unwrap();
    let out = carematch(&[
        "match",
        &data("two_people_one_household.json"),
        "--config",
        &cfg.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objective"]["kind"], "min_weekly_cost");
    let comps = v["placements"][0]["score"]["components"]
        .as_array()
        .unwrap();
    let distance = comps.iter().find(|c| c["name"] == "distance").unwrap();
    assert_eq!(distance["weight"], 0);
    std::fs::write(&cfg, r#"{"weights": {"distanse": 0}}"#).unwrap();
    let out = carematch(&[
        "match",
        &data("two_people_one_household.json"),
        "--config",
        &cfg.display().to_string(),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("distanse"), "{}", stderr(&out));
}

/// Each bad-input case: the command fails and names the record and field.
#[test]
fn bad_input_exits_non_zero_naming_record_and_field() {
    let out = carematch(&["validate", &data("every_problem_at_once.json")]);
    assert!(!out.status.success());
    let err = stderr(&out);
    for needle in [
        "9 problem(s)",
        "person P1: people[0].favourite_colour",
        "person P1: people[0].home",
        "person P1: people[1].id",
        "person P1: people[1].dates",
        "person P1: people[1].preferences.must_not_live_with[0]",
        "person P3: people[2]",
        "household H1: households[0].places",
        "household H2: households[1].places",
        "introduction of P1: introductions[0].household",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    // `match` refuses the same file the same way.
    let out = carematch(&["match", &data("every_problem_at_once.json")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("households[0].places"));
}

#[test]
fn empty_missing_non_json_and_huge_files_fail_cleanly() {
    let empty = temp("empty.json");
    std::fs::write(&empty, "").unwrap();
    let out = carematch(&["validate", &empty.display().to_string()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("empty"), "{}", stderr(&out));

    let out = carematch(&["validate", "/nonexistent/scenario.json"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot open"), "{}", stderr(&out));

    let nan = temp("nan.json");
    std::fs::write(&nan, r#"{"schema_version": 1, "people": [{"id": "P1", "age": 3, "needs": ["autism"], "home": {"lat": NaN, "lon": 0}}]}"#).unwrap();
    let out = carematch(&["validate", &nan.display().to_string()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 1 column"), "{}", stderr(&out));

    // A 100 MB file (sparse, so the test stays fast) is refused before reading.
    let huge = temp("huge.json");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(100_000_000).unwrap();
    let out = carematch(&["validate", &huge.display().to_string()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("100.0 MB"), "{}", stderr(&out));
    std::fs::remove_file(&huge).unwrap();
}

#[test]
fn shortlist_for_unknown_person_fails() {
    let out = carematch(&[
        "shortlist",
        &data("two_people_one_household.json"),
        "--person",
        "P404",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("person P404"), "{}", stderr(&out));
    let out = carematch(&["shortlist", &data("two_people_one_household.json")]);
    assert!(!out.status.success());
}

/// `carematch sample … | head -1` must not panic when the reader closes the
/// pipe early (a `println!` would).
#[test]
fn closed_stdout_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_carematch"))
        .args([
            "sample",
            "--people",
            "3000",
            "--households",
            "1200",
            "--seed",
            "2",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 1];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The read end is dropped here, closing the pipe while output remains.
    let out = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

#[test]
fn match_reports_chains_and_honest_totals() {
    let scenario = temp("moveon.json");
    std::fs::write(
        &scenario,
        r#"{"schema_version": 1, "as_of": "2027-04-01",
          "people": [
            {"id": "P12", "age": 30, "needs": ["learning_disability"],
             "home": {"lat": 53.0, "lon": -1.1}, "current_setting": "supported_living",
             "ready_for_own_tenancy": true, "holds": {"scheme": "S04"}},
            {"id": "P31", "age": 40, "needs": ["learning_disability"],
             "home": {"lat": 53.0, "lon": -1.1}, "current_setting": "residential_care"}
          ],
          "schemes": [{"id": "S04", "location": {"lat": 53.02, "lon": -1.1},
             "needs_supported": ["learning_disability"], "weekly_cost": 79100,
             "vacancies": []}]}"#,
    )
    .unwrap();
    let out_json = temp("moveon-result.json");
    let o = carematch(&[
        "match",
        &scenario.display().to_string(),
        "-o",
        &out_json.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("placed=2 unplaced=0 staying=0 chains=1 "),
        "{last}"
    );
    assert!(last.contains("annual_saving="), "{last}");
    assert!(
        err.contains("chain: Moving P12 to their own tenancy frees"),
        "{err}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_json).unwrap()).unwrap();
    assert_eq!(v["chains"].as_array().unwrap().len(), 1);
    assert!(v["totals"]["weekly_recurring_saving"].is_i64());
    assert!(v["totals"]["one_off_saving"].is_i64());
    assert!(v["totals"]["annual_saving"].is_i64());
    // With the refill rule the mover stays: nobody else needs the room.
    let o = carematch(&["match", &scenario.display().to_string(), "--require-refill"]);
    assert!(o.status.success(), "{}", stderr(&o));
}
