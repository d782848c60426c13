//! Shared helpers for the carematch benchmarks: locating the benchmark data.

use std::path::PathBuf;

/// The repository's `tests/data` folder, where benchmark instances live.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data")
}

pub mod solomon_quick;
pub mod synthetic_rounds;
