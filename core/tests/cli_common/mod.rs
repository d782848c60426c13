//! Helpers shared by the tests of the `carematch` binary: run it, find a
//! fixture, a scratch file, standard error as text.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with `args` and waits for it.
pub fn carematch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carematch"))
        .args(args)
        .output()
        .unwrap()
}

/// Path of a fixture in `core/tests/data`.
pub fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

/// A scratch file of this test process (`tag` names the test file).
pub fn temp(tag: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("carematch-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
