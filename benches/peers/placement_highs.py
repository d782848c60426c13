#!/usr/bin/env python3
"""Placements over time: carematch's exact model against HiGHS, side by side.

For each scenario (a seeded sample, county scale by default) this runs
`carematch match` (timed over repeats, median), writes the very same model
as an LP file with `--export-lp`, solves that file with HiGHS (highspy, from
PyPI) and prints both optima and times and their ratio. The LP's first line
holds carematch's own optimum, so the two objectives must agree when both
are proven.

    pip install highspy
    cargo build --release -p carematch --bin carematch
    python3 benches/peers/placement_highs.py --people 1000 --households 300 --repeat 3

Not part of CI (HiGHS is a PyPI package and the run takes minutes).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("CAREMATCH_BIN", "target/release/carematch"))
    ap.add_argument("--people", type=int, default=1000)
    ap.add_argument("--households", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample-args", default="", help="extra arguments for `carematch sample`")
    a = ap.parse_args()
    try:
        import highspy  # noqa: F401
    except ImportError:
        print("highspy is not installed: pip install highspy", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="carematch-highs-")
    scen = os.path.join(tmp, "scenario.json")
    lp = os.path.join(tmp, "model.lp")
    subprocess.run([a.bin, "sample", "--people", str(a.people), "--households", str(a.households),
                    "--seed", str(a.seed), "-o", scen] + a.sample_args.split(), check=True,
                   stderr=subprocess.DEVNULL)
    times = []
    for _ in range(a.repeat):
        t = time.perf_counter()
        subprocess.run([a.bin, "match", scen, "-o", os.path.join(tmp, "r.json")], check=True,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    subprocess.run([a.bin, "match", scen, "-o", os.path.join(tmp, "r.json"), "--export-lp", lp],
                   check=True, stderr=subprocess.DEVNULL)
    with open(lp) as f:
        head = f.readline()
    own = dict(kv.split("=") for kv in head.strip("\\ \n").split())
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.readModel(lp)
    t = time.perf_counter()
    h.run()
    highs_s = time.perf_counter() - t
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    cm = statistics.median(times)
    print(f"scenario: {a.people} people, {a.households} households, seed {a.seed}")
    print(f"carematch: objective {own['carematch_objective']} proven {own['proven']} "
          f"median {cm:.3f} s over {a.repeat} (whole CLI run: read, rules, solve, explain, write)")
    print(f"HiGHS:     objective {info.objective_function_value:.0f} status {status} "
          f"{highs_s:.3f} s (solve only, LP already read)")
    print(f"ratio carematch / HiGHS: {cm / highs_s:.2f}")
    agree = abs(float(own["carematch_objective"]) - info.objective_function_value) < 0.5
    print(f"optima agree: {agree}")
    return 0 if agree or own["proven"] != "true" else 1


if __name__ == "__main__":
    sys.exit(main())
