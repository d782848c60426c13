#!/usr/bin/env bash
# Runs every carematch test: formatting, lints, Rust tests, examples, the
# WebAssembly build and its tests under Node, native/wasm parity, the web
# tool's type check and build, and its end-to-end tests in headless Chromium.
# Works from a fresh clone with no stdin (CI=true); installs missing tools
# first (scripts/setup.sh). Prints one summary line at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CI="${CI:-true}"
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TARGET_DIR="$TARGET_DIR"

START=$(date +%s)
STEP=""
declare -a TIMES=()
step() {
  STEP="$1"
  echo
  echo "==> $1"
  STEP_START=$(date +%s)
}
done_step() { TIMES+=("$STEP: $(( $(date +%s) - STEP_START ))s"); }
trap 'echo; echo "test.sh: FAILED at step: $STEP (after $(( $(date +%s) - START ))s)"' ERR

step "setup (tools)"; ./scripts/setup.sh; done_step
step "cargo fmt --check"; cargo fmt --all -- --check; done_step
step "cargo clippy (workspace, host)"; cargo clippy --workspace --all-targets -- -D warnings; done_step
step "cargo test --workspace"; cargo test --workspace; done_step

step "examples"
n_examples=0
for ex in core/examples/*.rs; do
  [ -e "$ex" ] || continue
  name=$(basename "$ex" .rs)
  echo "--- example $name"
  cargo run --quiet -p carematch --example "$name" > /dev/null
  n_examples=$((n_examples + 1))
done
echo "$n_examples example(s) ran"
done_step

step "cargo clippy (wasm crate, wasm32)"
cargo clippy -p carematch-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
done_step
step "wasm tests under Node"
cargo test -p carematch-wasm --target wasm32-unknown-unknown
done_step
step "build wasm package and web tool"; ./scripts/build-wasm.sh; done_step
step "native/wasm parity"
cargo build --quiet -p carematch --bin carematch
CAREMATCH_BIN="$TARGET_DIR/debug/carematch" npm --prefix web-demo run --silent parity
done_step
step "web tool unit and property tests (CSV importer, fast-check)"; npm --prefix web-demo run --silent test:unit; done_step
step "end-to-end (headless Chromium)"; npm --prefix web-demo run --silent e2e; done_step
step "end-to-end: nothing lost (worker killed, quota, large import)"; npm --prefix web-demo run --silent e2e:resilience; done_step
step "end-to-end: commissioning analytics"; npm --prefix web-demo run --silent e2e:analytics; done_step
step "end-to-end: placements over time (chains, calendars, totals)"; npm --prefix web-demo run --silent e2e:over-time; done_step

echo
printf '  %s\n' "${TIMES[@]}"
echo "test.sh: all steps passed in $(( $(date +%s) - START ))s ($n_examples examples, wasm + Node + Chromium)"
