//! Shared helpers for carematch's cross-crate tests.

use std::path::PathBuf;

/// The vendored test data folder (`tests/data`).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}
