//! The analytics commands of the `carematch` binary and their last-line
//! contracts: `districts`, `capacity-value`, `recruit`, `fair`, `simulate`.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

mod cli_common;

use std::path::PathBuf;
use std::process::Output;

use cli_common::carematch;

fn temp(name: &str) -> PathBuf {
    cli_common::temp("cli-analytics", name)
}

fn last_line(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// `key=value` pairs of a line, in order.
fn pairs(line: &str) -> Vec<(String, String)> {
    line.split(' ')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn sample(name: &str, people: &str, households: &str) -> String {
    let path = temp(name).display().to_string();
    let o = carematch(&[
        "sample",
        "--people",
        people,
        "--households",
        households,
        "--seed",
        "4",
        "-o",
        &path,
    ]);
    assert!(o.status.success());
    path
}

#[test]
fn districts_prints_a_table_and_the_contract_line() {
    let s = sample("d.json", "60", "25");
    let json = temp("lens.json").display().to_string();
    let o = carematch(&["districts", &s, "-o", &json]);
    let line = last_line(&o);
    let kv = pairs(&line);
    let keys: Vec<&str> = kv.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["districts", "placed", "unplaced", "worst_rate", "best_rate"]
    );
    let placed: usize = kv[1].1.parse().unwrap();
    let unplaced: usize = kv[2].1.parse().unwrap();
    assert_eq!(placed + unplaced, 60);
    let worst: f64 = kv[3].1.parse().unwrap();
    let best: f64 = kv[4].1.parse().unwrap();
    assert!((0.0..=best).contains(&worst) && best <= 1.0);
    let lens: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        lens["districts"].as_array().unwrap().len(),
        kv[0].1.parse::<usize>().unwrap()
    );
}

#[test]
fn recruit_prints_one_line_per_addition_then_the_contract_line() {
    let s = sample("r.json", "40", "10");
    let o = carematch(&["recruit", &s, "--households", "3"]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let line = last_line(&o);
    let kv = pairs(&line);
    let keys: Vec<&str> = kv.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["households", "extra_placed", "bound"]);
    assert_eq!(kv[0].1, "3");
    let extra: i64 = kv[1].1.parse().unwrap();
    let bound: i64 = kv[2].1.parse().unwrap();
    assert!(0 <= extra && extra <= bound);
    assert_eq!(text.lines().count(), 3 + 1);
}

#[test]
fn capacity_value_and_fair_run_and_bad_input_is_reported() {
    let s = sample("c.json", "30", "8");
    let line = last_line(&carematch(&["capacity-value", &s, "--top", "3"]));
    assert!(line.starts_with("candidates="), "{line}");
    let line = last_line(&carematch(&["fair", &s]));
    assert!(line.starts_with("worst_rate_optimal="), "{line}");
    let bad = temp("bad.json");
    std::fs::write(&bad, "{\"schema_version\": 1, \"people\": 3}").unwrap();
    let o = carematch(&["districts", &bad.display().to_string()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("people"));
}

#[test]
fn simulate_prints_the_contract_line_and_compares() {
    let o = carematch(&[
        "simulate",
        "--weeks",
        "26",
        "--replications",
        "3",
        "--seed",
        "7",
        "--compare-in",
        "Bassetlaw,Newark & Sherwood",
    ]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let line = last_line(&o);
    let kv = pairs(&line);
    let keys: Vec<&str> = kv.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "weeks",
            "replications",
            "placed",
            "waiting_end",
            "blocked_days"
        ]
    );
    assert_eq!(kv[0].1, "26");
    assert_eq!(kv[1].1, "3");
    let placed: f64 = kv[2].1.parse().unwrap();
    assert!(placed > 0.0);
    assert!(text.contains("recruiting only in Bassetlaw and Newark & Sherwood"));
    // Same seed, same output.
    let again = carematch(&[
        "simulate",
        "--weeks",
        "26",
        "--replications",
        "3",
        "--seed",
        "7",
        "--compare-in",
        "Bassetlaw,Newark & Sherwood",
    ]);
    assert_eq!(o.stdout, again.stdout);
}
