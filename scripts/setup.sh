#!/usr/bin/env bash
# Installs what a fresh Debian machine with Rust (rustup), Node/npm and apt
# lacks for the wasm build and the web tool's browser tests. Idempotent: each
# step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# Headless Chromium for the end-to-end tests (Debian's: no browser download).
# `scripts/setup.sh --no-browser` skips it (the demo does not need it).
if [ "${1:-}" = "--no-browser" ]; then
  echo "setup: browser not needed"
elif [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "setup: chromium present"
else
  echo "setup: installing chromium and chromium-driver"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium chromium-driver
fi

# The WebAssembly target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: wasm32-unknown-unknown present"
else
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock. No
# --locked: the CLI's own lockfile pins a crate version the index lacks.
V=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if [ -z "$V" ]; then echo "setup: wasm-bindgen not found in Cargo.lock" >&2; exit 1; fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $V" ] \
  && command -v wasm-bindgen-test-runner >/dev/null; then
  echo "setup: wasm-bindgen-cli $V present"
else
  echo "setup: installing wasm-bindgen-cli $V (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "=$V"
fi

# Vite, TypeScript, binaryen (wasm-opt), playwright-core, axe-core.
if [ -d web-demo/node_modules ] && [ web-demo/node_modules/.package-lock.json -nt web-demo/package-lock.json ]; then
  echo "setup: web-demo/node_modules up to date"
else
  npm --prefix web-demo ci --no-audit --no-fund
fi
