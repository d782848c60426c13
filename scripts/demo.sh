#!/usr/bin/env bash
# The main job: builds the WebAssembly solver and the web tool from a fresh
# clone, then serves it on 127.0.0.1 and prints its local URL. The tool opens
# on the built-in Nottinghamshire sample. Stop it with Ctrl-C.
# PORT=8080 scripts/demo.sh chooses the port (default 4173).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --no-browser
./scripts/build-wasm.sh
PORT="${PORT:-4173}"
echo
echo "carematch web tool: http://127.0.0.1:$PORT/"
echo "(everything runs in your browser; no data leaves this machine. Ctrl-C to stop.)"
echo
exec web-demo/node_modules/.bin/vite preview web-demo --host 127.0.0.1 --port "$PORT" --strictPort
