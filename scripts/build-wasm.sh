#!/usr/bin/env bash
# Builds the carematch-wasm package into wasm/pkg (wasm-bindgen --target web,
# then wasm-opt from npm binaryen) and the web tool into web-demo/dist.
# Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"

cargo build -p carematch-wasm --target wasm32-unknown-unknown --profile wasm-release
WASM="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/carematch_wasm.wasm"
# Keep the committed package.json; regenerate everything else.
find wasm/pkg -mindepth 1 ! -name package.json -delete 2>/dev/null || true
wasm-bindgen --target web --out-dir wasm/pkg --out-name carematch_wasm "$WASM"
web-demo/node_modules/.bin/wasm-opt -O3 wasm/pkg/carematch_wasm_bg.wasm -o wasm/pkg/carematch_wasm_bg.opt.wasm
mv wasm/pkg/carematch_wasm_bg.opt.wasm wasm/pkg/carematch_wasm_bg.wasm
echo "build-wasm: wasm/pkg/carematch_wasm_bg.wasm $(wc -c < wasm/pkg/carematch_wasm_bg.wasm) bytes"

npm --prefix web-demo run build
