#!/usr/bin/env bash
# Runs every fuzz target one after another (the machine is shared: one core,
# niced), each until RUNS executions or MAX_SECONDS, whichever comes first.
# Needs nightly Rust and cargo-fuzz (see FUZZING.md). Logs go to fuzz/logs/.
# Usage: fuzz/run-all.sh [RUNS] [MAX_SECONDS] [target...]
set -uo pipefail
cd "$(dirname "$0")"
RUNS="${1:-1000000}"
MAX_SECONDS="${2:-900}"
shift 2 2>/dev/null || shift $#
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(scenario_json rounds_json oracle solomon mankowska scenario_solve rounds_solve)
mkdir -p logs
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  echo "==> $t"
  nice -n 10 cargo +nightly fuzz run -s none -a "$t" "corpus/$t" "seeds/$t" -- \
    -runs="$RUNS" -max_total_time="$MAX_SECONDS" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 > "logs/$t.log" 2>&1
  echo "rc=$? $(grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "logs/$t.log" | tr '\n' ' ')"
done
