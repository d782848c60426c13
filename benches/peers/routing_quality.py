"""Solution quality of carematch's routing engine against PyVRP, VROOM and
OR-Tools on the 12-instance Solomon list, side by side, plus a Mankowska
summary mode. Not part of CI (it takes about 12 x 2 x (1 + 10) x 4 s ~ 18 min).

Every answer (carematch's too) goes through one independent checker written
in Python (routing_common.check), under the DIMACS convention, and the gap is
taken to CVRPLIB's proven distance-only optimum (tests/data/solomon/bks.csv).
Each peer runs in its own process.

Usage (from the repository root, after `cargo build --release -p carematch`):
    python3 benches/peers/routing_quality.py [--budgets 1 10] [--instances C101 R101]
        [--peers carematch pyvrp vroom ortools] [--seed 1]
    python3 benches/peers/routing_quality.py --mankowska [--seconds 1] [--families A B]
    (add --iterations N to cap carematch at N iterations: figures that do not depend on load)
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

from routing_common import check, check_mankowska, read_solomon  # noqa: E402

INSTANCES = "C101 C201 R101 R102 R201 R202 RC101 RC102 RC201 RC202 R112 RC208".split()
SOLOMON = os.path.join(ROOT, "tests", "data", "solomon")
MANKOWSKA = os.path.join(ROOT, "tests", "data", "mankowska")
# The binary: $CAREMATCH_BIN, else $CARGO_TARGET_DIR/release, else target/release.
BIN = os.environ.get("CAREMATCH_BIN") or os.path.join(
    os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"), "release", "carematch"
)


def optimum(name):
    with open(os.path.join(SOLOMON, "bks.csv")) as f:
        for line in f:
            row = line.strip().split(",")
            if row[0] == name:
                return int(row[3]), float(row[4])
    raise KeyError(name)


ITERATIONS = []  # ["--iterations", N] when fixed-iteration figures are asked for


def run_carematch(path, seconds, seed):
    cmd = [BIN, "solomon", path, "--seconds", str(seconds), "--seed", str(seed),
           "--convention", "dimacs", "--objective", "distance"] + ITERATIONS
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    routes = []
    for line in out.stdout.splitlines():
        if line.startswith("Route "):
            routes.append([int(c) for c in line.split(":", 1)[1].split()])
    if not out.stdout.strip():
        raise RuntimeError(out.stderr.strip()[-500:])
    return routes, elapsed


def run_peer(peer, path, seconds, seed):
    script = os.path.join(HERE, f"routing_{peer}.py")
    args = [sys.executable, script, path, "--seconds", str(seconds), "--seed", str(seed)]
    if peer == "vroom":
        # As in tests/data/BENCHMARKS.md: exploration level 1 for the short
        # budget, 5 for the long one (with the budget as a timeout).
        args += ["--exploration", "1" if seconds < 5 else "5"]
    t0 = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, cwd=HERE)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr else "failed")
    return json.loads(out.stdout.strip().splitlines()[-1])["routes"], elapsed


def solomon_mode(a):
    results = {}  # (peer, budget) -> list of gaps (None if infeasible)
    print(f"{'instance':8} {'budget':>6} " + " ".join(f"{p:>22}" for p in a.peers))
    for name in a.instances:
        path = os.path.join(SOLOMON, "instances", f"{name}.txt")
        inst = read_solomon(path)
        opt_v, opt = optimum(name)
        for budget in a.budgets:
            cells = []
            for peer in a.peers:
                try:
                    if peer == "carematch":
                        routes, secs = run_carematch(path, budget, a.seed)
                    else:
                        routes, secs = run_peer(peer, path, budget, a.seed)
                    ok, veh, dist, problems = check(inst, routes)
                except Exception as e:  # a peer failing is a result, not a crash
                    ok, veh, dist, problems, secs = False, 0, 0.0, [str(e)], 0.0
                if ok:
                    gap = 100.0 * (dist - opt) / opt
                    cells.append(f"{gap:6.2f}% {veh:2d}v {secs:5.1f}s")
                else:
                    gap = None
                    cells.append(f"{'INFEASIBLE':>14} {secs:5.1f}s")
                    for p in problems[:3]:
                        print(f"    {peer} {name}: {p}", file=sys.stderr)
                results.setdefault((peer, budget), []).append(gap)
            print(f"{name:8} {budget:>5}s " + " ".join(f"{c:>22}" for c in cells), flush=True)
    print()
    print("mean gap to the proven optimum (DIMACS), over feasible answers:")
    for budget in a.budgets:
        row = []
        for peer in a.peers:
            gaps = results.get((peer, budget), [])
            good = [g for g in gaps if g is not None]
            mean = statistics.mean(good) if good else float("nan")
            worst = max(good) if good else float("nan")
            row.append(f"{peer}: {mean:.2f}% (max {worst:.2f}, {len(good)}/{len(gaps)} feasible)")
        print(f"  {budget:>5}s  " + " | ".join(row))


FAMILIES = {
    "A": "InstanzCPLEX_HCSRP_10_", "B": "InstanzCPLEX_HCSRP_25_",
    "C": "InstanzCPLEX_HCSRP_50_", "D": "InstanzCPLEX_HCSRP_75_",
    "E": "InstanzVNS_HCSRP_100_", "F": "InstanzVNS_HCSRP_200_",
    "G": "InstanzVNS_HCSRP_300_",
}


def mankowska_best():
    best = {}
    with open(os.path.join(MANKOWSKA, "best-ceschia2024.md")) as f:
        for line in f:
            cells = [c.strip() for c in line.split("|")]
            if len(cells) > 6 and cells[1].startswith("Instanz"):
                best[cells[1][:-5]] = float(cells[5])
    return best


def mankowska_mode(a):
    """carematch on the 70 Mankowska instances (JSON, as the published costs
    use the JSON distances). An answer counts when carematch's own checker
    passes it (the CLI exits non-zero on an infeasible answer) and the
    independent Python checker (`routing_common.check_mankowska`) finds no
    broken rule and the same cost."""
    best = mankowska_best()
    print(f"{'instance':28} {'cost':>10} {'best':>10} {'gap':>8} {'time':>6}")
    per_family = {}
    for fam in a.families:
        for k in range(1, 11):
            name = f"{FAMILIES[fam]}{k}"
            path = os.path.join(MANKOWSKA, "instances-json", f"{name}.json")
            t0 = time.perf_counter()
            out = subprocess.run([BIN, "mankowska", path, "--seconds", str(a.seconds),
                                  "--seed", str(a.seed)] + ITERATIONS, capture_output=True, text=True)
            secs = time.perf_counter() - t0
            last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
            fields = dict(f.split("=") for f in last.split() if "=" in f)
            feasible = "feasible=true" in out.stdout and out.returncode == 0
            if not feasible or "cost" not in fields:
                print(f"{name:28} {'INFEASIBLE':>10}  {out.stderr.strip()[-200:]}")
                per_family.setdefault(fam, []).append(None)
                continue
            cost = float(fields["cost"])
            # Re-checked here from the rules, independently of carematch's own
            # checker; the printed cost must be the one the routes give.
            with open(path) as f:
                again, broken = check_mankowska(json.load(f), out.stdout)
            if broken or abs(again - cost) > 1e-3 * max(1.0, cost):
                print(f"{name:28} {'REJECTED':>10}  cost {cost} re-checked {again:.3f}; {broken[:3]}")
                per_family.setdefault(fam, []).append(None)
                continue
            gap = 100.0 * (cost - best[name]) / best[name]
            per_family.setdefault(fam, []).append(gap)
            print(f"{name:28} {cost:10.3f} {best[name]:10.3f} {gap:7.2f}% {secs:5.1f}s", flush=True)
    print()
    print("mean gap to the best published (Ceschia et al.), per size family:")
    for fam, gaps in per_family.items():
        good = [g for g in gaps if g is not None]
        mean = statistics.mean(good) if good else float("nan")
        print(f"  {fam}: {mean:7.2f}%  ({len(good)}/{len(gaps)} feasible, re-checked)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--budgets", type=float, nargs="+", default=[1, 10])
    p.add_argument("--instances", nargs="+", default=INSTANCES)
    p.add_argument("--peers", nargs="+", default=["carematch", "pyvrp", "vroom", "ortools"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--mankowska", action="store_true")
    p.add_argument("--seconds", type=float, default=1.0, help="budget per Mankowska instance")
    p.add_argument("--families", nargs="+", default=list(FAMILIES))
    p.add_argument("--iterations", type=int,
                   help="also cap carematch at this many iterations (fixed-iteration figures, "
                        "independent of machine load; give a budget large enough to reach it)")
    a = p.parse_args()
    if a.iterations:
        ITERATIONS.extend(["--iterations", str(a.iterations)])
    a.budgets = [int(b) if float(b).is_integer() else b for b in a.budgets]
    if not os.path.exists(BIN):
        sys.exit(f"build carematch first: cargo build --release -p carematch ({BIN} missing)")
    if a.mankowska:
        mankowska_mode(a)
    else:
        solomon_mode(a)


if __name__ == "__main__":
    main()
