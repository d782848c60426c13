//! Replays, on stable Rust, every input the fuzzers found a bug with
//! (`fuzz/regressions/<target>/`) and the seed corpus (`fuzz/seeds/<target>/`)
//! through the same checks the fuzz targets run (`fuzz/src/lib.rs`). A bug
//! the fuzzers found stays fixed; see FUZZING.md.

#[path = "../../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

fn replay(dir: &str, target: &str, check: fn(&[u8])) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz")
        .join(dir)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&path) else {
        return 0;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for f in &files {
        let data = std::fs::read(f).expect("readable input");
        let name = f.display().to_string();
        let r = std::panic::catch_unwind(|| check(&data));
        assert!(r.is_ok(), "{name} fails the {target} check again");
    }
    files.len()
}

/// One fuzz target: its name and its check.
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 7] = [
    ("scenario_json", checks::scenario_json),
    ("rounds_json", checks::rounds_json),
    ("oracle", checks::oracle),
    ("solomon", checks::solomon),
    ("mankowska", checks::mankowska),
    ("scenario_solve", checks::scenario_solve),
    ("rounds_solve", checks::rounds_solve),
];

#[test]
fn every_input_a_fuzzer_found_a_bug_with_passes() {
    let n: usize = TARGETS
        .iter()
        .map(|(t, f)| replay("regressions", t, *f))
        .sum();
    assert!(n > 0, "no regression inputs found");
}

#[test]
fn the_seed_corpus_passes_every_check() {
    for (t, f) in TARGETS {
        assert!(replay("seeds", t, f) > 0, "no seeds for {t}");
    }
}

/// The first bug the fuzzers found: a Solomon customer at x = 5.6e43 made
/// the fleet-cost bound overflow a 64-bit integer (a panic in debug builds,
/// a wrong bound in release). Coordinates, times and demands are now bounded
/// when the file is read.
#[test]
fn solomon_values_out_of_range_are_refused_when_read() {
    use carematch::formats::solomon;
    let row = |x: &str| {
        format!(
            "C1\nVEHICLE\nNUMBER CAPACITY\n 2 100\nCUSTOMER\nCUST NO. XCOORD. YCOORD. DEMAND READY DUE SERVICE\n\
             0 0 0 0 0 1000 0\n1 {x} 5 10 0 500 10\n"
        )
    };
    assert!(solomon::parse(&row("5")).is_ok());
    for x in ["5555555555555555555555555555555555555555555", "1e7", "-2e6"] {
        let err = solomon::parse(&row(x)).expect_err("out of range");
        assert_eq!(err.issues()[0].code, "bad_instance");
        assert!(err.issues()[0].message.contains("out of range"), "{err}");
    }
}
