#!/usr/bin/env python3
"""Peer comparison for carematch's assignment engine (not part of CI).

For every oracle instance in tests/data/oracles/ this times, in one run:
  * OR-Tools SimpleMinCostFlow (model build + solve), both objectives;
  * OR-Tools LinearSumAssignment (dense instances);
  * scipy min_weight_full_bipartite_matching on the slot-expanded sparse
    problem (capacitated; plus one dummy column per person for "unplaced"),
    and scipy linear_sum_assignment (dense);
  * carematch: `target/release/carematch oracle FILE` (its own solve_ms from
    stderr: problem build + solve, parsing excluded, like the peers);
checks that every objective agrees with the expected optimum, and prints one
table with medians over --repeat runs and the ratio carematch / OR-Tools.

Usage:
  cargo build --release -p carematch --bin carematch
  pip install ortools scipy numpy
  python3 benches/peers/assignment_peers.py [--repeat 3] [--only cap-1000x400 ...]
      [--carematch PATH] [--no-scipy]
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "tests", "data", "oracles")
INSTANCES = ["cap-100x40", "cap-1000x400", "cap-10000x4000", "dense-500", "dense-2000"]


def median_time(fn, repeat):
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), value


def ortools_mcf_cap(inst, placed_first):
    from ortools.graph.python import min_cost_flow

    people = len(inst["people"]["age"])
    cap = inst["carers"]["capacity"]
    carers = len(cap)
    pr = inst["pairs"]
    score = np.asarray(pr["score"], dtype=np.int64)
    big = 1 + 2 * people * int(np.abs(score).max()) if placed_first else 0
    src, sink = people + carers, people + carers + 1
    smcf = min_cost_flow.SimpleMinCostFlow()
    # source -> person (cap 1), person -> carer (cost -(big+score)), carer -> sink,
    # and source -> sink bypass so placing is optional.
    tails = np.concatenate([np.full(people, src), np.asarray(pr["person"]),
                            people + np.arange(carers), [src]])
    heads = np.concatenate([np.arange(people), people + np.asarray(pr["carer"]),
                            np.full(carers, sink), [sink]])
    caps = np.concatenate([np.ones(people, dtype=np.int64), np.ones(len(score), dtype=np.int64),
                           np.asarray(cap, dtype=np.int64), [people]])
    costs = np.concatenate([np.zeros(people, dtype=np.int64), -(big + score),
                            np.zeros(carers, dtype=np.int64), [0]])
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_node_supply(src, people)
    smcf.set_node_supply(sink, -people)
    status = smcf.solve()
    assert status == smcf.OPTIMAL, status
    flows = smcf.flows(np.arange(people, people + len(score)))
    placed = int(flows.sum())
    return int((score * flows).sum()), placed


def scipy_sparse_cap(inst, placed_first):
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    people = len(inst["people"]["age"])
    cap = np.asarray(inst["carers"]["capacity"], dtype=np.int64)
    pr = inst["pairs"]
    person = np.asarray(pr["person"])
    carer = np.asarray(pr["carer"])
    score = np.asarray(pr["score"], dtype=np.int64)
    big = 1 + 2 * people * int(np.abs(score).max()) if placed_first else 0
    first_slot = np.concatenate([[0], np.cumsum(cap)[:-1]])
    slots = int(cap.sum())
    reps = cap[carer]
    rows = np.repeat(person, reps)
    # slot column of each copy: the carer's first slot + the copy's index
    within = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    cols = np.repeat(first_slot[carer], reps) + within
    # weights must be positive: shift everything by a constant per person
    # (every person takes exactly one column: a slot or its own dummy).
    shift = big + int(score.max()) + 1
    w = np.repeat(shift - (big + score), reps).astype(np.float64)
    rows = np.concatenate([rows, np.arange(people)])
    cols = np.concatenate([cols, slots + np.arange(people)])
    w = np.concatenate([w, np.full(people, float(shift))])
    m = csr_matrix((w, (rows, cols)), shape=(people, slots + people))
    r, c = min_weight_full_bipartite_matching(m)
    used = c < slots
    # weights of the matched slot entries give back the scores: w = shift - (big + score)
    w_used = np.asarray(m[r[used], c[used]]).ravel().astype(np.int64)
    total = int((shift - big - w_used).sum())
    return total, int(used.sum())


def ortools_lsa_dense(cost):
    from ortools.graph.python import linear_sum_assignment

    n = cost.shape[0]
    a = linear_sum_assignment.SimpleLinearSumAssignment()
    a.add_arcs_with_cost(np.repeat(np.arange(n), n), np.tile(np.arange(n), n), cost.ravel())
    assert a.solve() == a.OPTIMAL
    return int(a.optimal_cost()), n


def ortools_mcf_dense(cost):
    from ortools.graph.python import min_cost_flow

    n = cost.shape[0]
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.repeat(np.arange(n), n), n + np.tile(np.arange(n), n),
        np.ones(n * n, dtype=np.int64), cost.ravel())
    smcf.set_nodes_supplies(np.arange(2 * n), np.concatenate([np.ones(n), -np.ones(n)]).astype(np.int64))
    assert smcf.solve() == smcf.OPTIMAL
    return int(smcf.optimal_cost()), n


def scipy_lsa_dense(cost):
    from scipy.optimize import linear_sum_assignment

    r, c = linear_sum_assignment(cost)
    return int(cost[r, c].sum()), len(r)


def carematch(binary, path, objective):
    cmd = [binary, "oracle", path]
    if objective:
        cmd += ["--objective", objective]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    last = out.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"objective=(-?\d+) assigned=(\d+)", last)
    ms = re.search(r"solve_ms=([0-9.]+)", out.stderr)
    return float(ms.group(1)) / 1e3, (int(m.group(1)), int(m.group(2)))


def carematch_median(binary, path, objective, repeat):
    runs = [carematch(binary, path, objective) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), runs[-1][1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--carematch", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "carematch"))
    ap.add_argument("--no-scipy", action="store_true", help="skip the (slow) scipy peers")
    args = ap.parse_args()
    rows, bad = [], 0
    for name in args.only or INSTANCES:
        path = os.path.join(DATA, name + ".json")
        with open(path) as f:
            inst = json.load(f)
        with open(os.path.join(DATA, name + ".expected.json")) as f:
            exp = json.load(f)
        if name.startswith("cap-"):
            for key, flag, placed_first in [("max_score", "max-score", False),
                                            ("max_placed_then_score", "max-placed", True)]:
                want = (exp[key]["objective"], exp[key]["assigned"])
                res = {}
                res["ortools mcf"] = median_time(lambda: ortools_mcf_cap(inst, placed_first), args.repeat)
                if not args.no_scipy:
                    res["scipy sparse"] = median_time(lambda: scipy_sparse_cap(inst, placed_first), args.repeat)
                res["carematch"] = carematch_median(args.carematch, path, flag, args.repeat)
                rows.append((name, flag, want, res, "ortools mcf"))
        else:
            cost = np.asarray(inst["cost"], dtype=np.int64)
            want = (exp["min_cost"]["objective"], exp["min_cost"]["assigned"])
            res = {}
            res["ortools lsa"] = median_time(lambda: ortools_lsa_dense(cost), args.repeat)
            res["ortools mcf"] = median_time(lambda: ortools_mcf_dense(cost), args.repeat)
            if not args.no_scipy:
                res["scipy lsa"] = median_time(lambda: scipy_lsa_dense(cost), args.repeat)
            res["carematch"] = carematch_median(args.carematch, path, None, args.repeat)
            rows.append((name, "min-cost", want, res, "ortools lsa"))
    print(f"\nmedian of {args.repeat} runs; shared 2-core machine, noisy\n")
    hdr = f"{'instance':16} {'objective':11} {'expected':>18} {'solver':13} {'seconds':>9} {'agrees':>7} {'ratio':>7}"
    print(hdr)
    print("-" * len(hdr))
    for name, obj, want, res, ref in rows:
        ref_t = res[ref][0]
        for solver, (t, got) in res.items():
            # For max-score the number placed is not unique; compare the objective only.
            ok = got[0] == want[0] and (obj == "max-score" or got[1] == want[1])
            bad += not ok
            ratio = f"{t / ref_t:.2f}" if solver == "carematch" else ""
            print(f"{name:16} {obj:11} {str(want):>18} {solver:13} {t:9.3f} {str(ok):>7} {ratio:>7}")
    print(f"\nratio = carematch / {', '.join(sorted({r[4] for r in rows}))} (lower is better)")
    if bad:
        print(f"{bad} result(s) disagree with the expected optimum", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
