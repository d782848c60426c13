#!/usr/bin/env bash
# Runs every carematch test: formatting, lints, Rust tests, examples.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
