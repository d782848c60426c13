//! CLI contract of `carematch oracle`: last stdout line
//! `objective=<value> assigned=<n>`, timings on stderr, clear errors.

// Test helpers outside #[test] functions may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

fn oracle_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/oracles")
        .join(name)
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_carematch"))
        .args(args)
        .output()
        .expect("run carematch");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn last_line(s: &str) -> &str {
    s.trim_end().lines().last().unwrap_or("")
}

#[test]
fn capacitated_both_objectives() {
    let f = oracle_file("cap-1000x400.json");
    let f = f.to_str().unwrap();
    let (ok, out, err) = run(&["oracle", f]);
    assert!(ok, "{err}");
    assert_eq!(last_line(&out), "objective=440656 assigned=704");
    assert!(
        err.contains("parse_ms=") && err.contains("solve_ms="),
        "{err}"
    );
    let (ok, out, _) = run(&["oracle", f, "--objective", "max-placed"]);
    assert!(ok);
    assert_eq!(last_line(&out), "objective=439827 assigned=708");
    let (ok, out, _) = run(&["oracle", f, "--objective", "max-score"]);
    assert!(ok);
    assert_eq!(last_line(&out), "objective=440656 assigned=704");
}

#[test]
fn dense_min_cost() {
    let f = oracle_file("dense-500.json");
    let (ok, out, err) = run(&["oracle", f.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(last_line(&out), "objective=142541 assigned=500");
    // The objective flag does not apply to dense instances: refused clearly.
    let (ok, _, err) = run(&["oracle", f.to_str().unwrap(), "--objective", "max-placed"]);
    assert!(!ok);
    assert!(err.contains("--objective"), "{err}");
}

#[test]
fn bad_input_fails_with_reasons() {
    let dir = std::env::temp_dir().join(format!("carematch-cli-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"schema":"carematch.anchor.capacitated/v1","people":{"age":[1,2]},
           "carers":{"capacity":[0]},
           "pairs":{"person":[0],"carer":[3],"score":[1],"person_pref":[1],"carer_pref":[1]}}"#,
    )
    .unwrap();
    let (ok, out, err) = run(&["oracle", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(out.is_empty());
    assert!(
        err.contains("carers.capacity[0]") && err.contains("pairs.carer[0]"),
        "{err}"
    );
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let (ok, _, err) = run(&["oracle", empty.to_str().unwrap()]);
    assert!(!ok && err.contains("empty"), "{err}");
    let (ok, _, err) = run(&["oracle", bad.to_str().unwrap(), "--objective", "cheapest"]);
    assert!(!ok && err.contains("max-placed"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
