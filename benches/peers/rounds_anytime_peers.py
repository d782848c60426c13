"""Anytime curves on the sample county day: visits planned against seconds by
carematch, VROOM and PyVRP, side by side in one table. Not part of CI.

The day is `carematch sample-rounds --visits N --workers M --seed 1`, exported
as the routing engine sees it (`rounds_peers export`: one job per carer,
worker shifts as vehicles, per-mode travel matrices in minutes, eligible
workers, windows, breaks, late caps, unplanned penalties). The peers plan the
*relaxed* day (see /work/shared/benchmarks/county-day.md): a double-handed
visit is two unsynchronised jobs. Every peer answer then goes back through
carematch (`rounds_peers check`):

* `relaxed` - visits kept when the peer's sequences are cut back (jobs
  dropped, least violation first) until carematch's timing rules accept
  every route, synchronisation ignored: what the peer plans on the relaxed
  day, an upper bound for it;
* `strict` - visits kept when the cut also makes both carers of a
  double-handed visit start together; that plan passes carematch's
  independent rounds checker (marked `!` when it does not).

carematch's figures are its own plans (`rounds_anytime`), each checked by the
same rounds checker. Each budget is an independent run of each solver.

Usage (from the repository root):
    cargo build --release -p carematch-benches --example rounds_anytime --example rounds_peers
    pip install --user pyvroom==1.15.2 pyvrp==0.14.1
    nice -n 10 python3 benches/peers/rounds_anytime_peers.py [--days 1000/100 2000/150]
        [--budgets 5 10 30 60] [--peers carematch vroom pyvrp]

Model notes (what each peer can and cannot express):
* VROOM: eligible workers as skills (one skill per distinct eligible set),
  every window of a visit (the last one stretched by its late cap), breaks,
  one profile per travel matrix, priorities 100 (must-do) down to 1
  (can-move) by unplanned penalty, one thread, exploration level 5, the
  budget as its timeout. Maximum working minutes are not expressed (the cut
  enforces them).
* PyVRP: optional clients with the unplanned penalty as prize; eligibility
  as routing profiles (arcs into a visit the worker may not do cost 10^6);
  one window per visit (its first window; the last stretched by the late
  cap when it is the only one); no breaks (PyVRP has none; the cut enforces
  them); `MaxRuntime(budget)`.
"""

import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
EXAMPLES = os.path.join(TARGET, "release", "examples")
FAR = 10**6


def example(name):
    path = os.path.join(EXAMPLES, name)
    if not os.path.exists(path):
        sys.exit(f"{path} missing: cargo build --release -p carematch-benches --example {name}")
    return path


def window_list(job, shift_end):
    ws = [(w["earliest"], w["latest"]) for w in job["windows"]] or [(0, shift_end)]
    if job["soft_latest"]:
        cap = job["max_lateness"]
        e, l = ws[-1]
        ws[-1] = (e, shift_end if cap is None else l + cap)
    return ws


def priorities(jobs):
    """VROOM priority (0..100) by unplanned penalty: the largest 100, others on a log scale."""
    top = max(j["unassigned_penalty"] for j in jobs)
    out = []
    for j in jobs:
        pen = max(j["unassigned_penalty"], 1)
        out.append(max(1, min(100, round(100 + 20 * math.log10(pen / top)))))
    return out


def run_vroom(day, budget):
    import numpy as np
    import vroom

    p = day["problem"]
    inp = vroom.Input()
    for k, mx in enumerate(p["matrices"]):
        n = mx["size"]
        arr = np.array(mx["duration"], dtype=np.uint32).reshape(n, n)
        inp.set_durations_matrix(f"p{k}", arr)
        inp.set_costs_matrix(f"p{k}", arr)
    skill_of = {}
    for j in p["jobs"]:
        if j["allowed_vehicles"] is not None:
            skill_of.setdefault(tuple(sorted(j["allowed_vehicles"])), len(skill_of) + 1)
    veh_skills = [set() for _ in p["vehicles"]]
    for allowed, sid in skill_of.items():
        for v in allowed:
            veh_skills[v].add(sid)
    shift_end = max(v["shift"]["latest"] for v in p["vehicles"])
    for v, veh in enumerate(p["vehicles"]):
        kw = dict(
            start=veh["start_location"],
            profile=f"p{veh['profile']}",
            time_window=vroom.TimeWindow(veh["shift"]["earliest"], veh["shift"]["latest"]),
            skills=veh_skills[v],
            breaks=[
                vroom.Break(b + 1, time_windows=[vroom.TimeWindow(br["window"]["earliest"], br["window"]["latest"])],
                            service=br["duration"])
                for b, br in enumerate(veh["breaks"])
            ],
        )
        if veh["end_location"] is not None:
            kw["end"] = veh["end_location"]
        inp.add_vehicle(vroom.Vehicle(v + 1, **kw))
    prio = priorities(p["jobs"])
    for j, job in enumerate(p["jobs"]):
        allowed = job["allowed_vehicles"]
        inp.add_job(vroom.Job(
            j + 1,
            location=job["location"],
            default_service=job["duration"],
            time_windows=[vroom.TimeWindow(e, l) for e, l in window_list(job, shift_end)],
            skills=set() if allowed is None else {skill_of[tuple(sorted(allowed))]},
            priority=prio[j],
        ))
    sol = inp.solve(exploration_level=5, nb_threads=1, timeout=datetime.timedelta(seconds=budget))
    routes = [[] for _ in p["vehicles"]]
    df = sol.routes
    for _, row in df[df["type"] == "job"].iterrows():
        routes[int(row["vehicle_id"]) - 1].append(int(row["id"]) - 1)
    return routes


def run_pyvrp(day, budget):
    import numpy as np
    import pyvrp
    from pyvrp.stop import MaxRuntime

    p = day["problem"]
    jobs, vehicles = p["jobs"], p["vehicles"]
    # Locations: depots (worker homes) first, then one per job.
    homes = sorted({v["start_location"] for v in vehicles}
                   | {v["end_location"] for v in vehicles if v["end_location"] is not None})
    depot_of = {loc: k for k, loc in enumerate(homes)}
    locs = np.array(homes + [j["location"] for j in jobs])
    nd, n = len(homes), len(homes) + len(jobs)
    # One profile per (travel matrix, set of jobs the worker may not do).
    forbidden = [frozenset(k for k, j in enumerate(jobs)
                           if j["allowed_vehicles"] is not None and v not in j["allowed_vehicles"])
                 for v in range(len(vehicles))]
    profiles = {}
    for v, veh in enumerate(vehicles):
        profiles.setdefault((veh["profile"], forbidden[v]), len(profiles))
    mats = []
    for (prof, forb) in profiles:
        mx = p["matrices"][prof]
        full = np.array(mx["duration"], dtype=np.int64).reshape(mx["size"], mx["size"])
        m = full[np.ix_(locs, locs)].copy()
        if forb:
            idx = np.array(sorted(forb)) + nd
            m[:, idx] = FAR
        np.fill_diagonal(m, 0)
        mats.append(m)
    shift_end = max(v["shift"]["latest"] for v in vehicles)
    clients = []
    for k, j in enumerate(jobs):
        ws = window_list(j, shift_end)
        e, l = ws[0]
        clients.append(pyvrp.Client(
            location=nd + k, service_duration=j["duration"], tw_early=e, tw_late=l,
            prize=min(j["unassigned_penalty"], 10**9), required=False))
    depots = [pyvrp.Depot(location=k) for k in range(nd)]
    locations = [pyvrp.Location(0, 0) for _ in range(n)]
    vtypes = []
    for v, veh in enumerate(vehicles):
        end = veh["end_location"] if veh["end_location"] is not None else veh["start_location"]
        kw = dict(num_available=1, start_depot=depot_of[veh["start_location"]], end_depot=depot_of[end],
                  tw_early=veh["shift"]["earliest"], tw_late=veh["shift"]["latest"],
                  profile=profiles[(veh["profile"], forbidden[v])], name=str(v))
        if veh["max_duration"] is not None:
            kw["shift_duration"] = veh["max_duration"]
        vtypes.append(pyvrp.VehicleType(**kw))
    data = pyvrp.ProblemData(locations=locations, clients=clients, depots=depots, vehicle_types=vtypes,
                             distance_matrices=mats, duration_matrices=mats, groups=[])
    res = pyvrp.solve(data, stop=MaxRuntime(budget), seed=1, display=False)
    routes = [[] for _ in vehicles]
    for r in res.best.routes():
        routes[int(vtypes[r.vehicle_type()].name)] = [a.idx for a in r.schedule() if a.is_client()]
    return routes


def check(visits, workers, routes):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"routes": routes}, f)
    out = subprocess.run([example("rounds_peers"), "check", str(visits), str(workers), "1", f.name],
                         capture_output=True, text=True)
    os.unlink(f.name)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-400:])
    return dict(kv.split("=") for kv in out.stdout.split())


def carematch_curve(visits, workers, budgets):
    out = subprocess.run([example("rounds_anytime"), str(visits), str(workers)] + [str(b) for b in budgets],
                         capture_output=True, text=True)
    rows = {}
    for line in out.stdout.splitlines():
        kv = dict(x.split("=") for x in line.split())
        rows[float(kv["seconds"])] = kv
    return rows


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", nargs="+", default=["1000/100", "2000/150"])
    ap.add_argument("--budgets", nargs="+", type=float, default=[5, 10, 30, 60])
    ap.add_argument("--peers", nargs="+", default=["carematch", "vroom", "pyvrp"])
    a = ap.parse_args()
    cols = " ".join(f"{f'{b:g} s':>17}" for b in a.budgets)
    print(f"{'day':>9} {'solver':>16} {cols}")
    for d in a.days:
        visits, workers = (int(x) for x in d.split("/"))
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            path = f.name
        subprocess.run([example("rounds_peers"), "export", str(visits), str(workers), "1", path], check=True)
        with open(path) as f:
            day = json.load(f)
        os.unlink(path)
        for peer in a.peers:
            cells, loads = [], []
            if peer == "carematch":
                rows = carematch_curve(visits, workers, a.budgets)
                for b in a.budgets:
                    r = rows.get(b)
                    mark = "" if r and r["feasible"] == "true" else "!"
                    cells.append(f"{r['planned']} ({r['double']}){mark} {float(r['wall']):.0f}s" if r else "-")
                    loads.append(r["load"] if r else "?")
                print(f"{d:>9} {'carematch':>16} " + " ".join(f"{c:>17}" for c in cells) + f"   load {' '.join(loads)}")
                sys.stdout.flush()
                continue
            solve = run_vroom if peer == "vroom" else run_pyvrp
            relaxed, strict = [], []
            for b in a.budgets:
                t0 = time.perf_counter()
                try:
                    routes = solve(day, b)
                except Exception as e:  # a peer failing is reported, not fatal
                    relaxed.append(f"failed: {type(e).__name__}")
                    strict.append("-")
                    print(f"# {peer} {d} {b:g} s: {e}", file=sys.stderr)
                    continue
                wall = time.perf_counter() - t0
                c = check(visits, workers, routes)
                mark = "" if c["feasible"] == "true" else "!"
                relaxed.append(f"{c['relaxed']} {wall:.0f}s")
                strict.append(f"{c['planned']} ({c['double']}){mark}")
                loads.append(load())
            print(f"{d:>9} {peer + ' relaxed':>16} " + " ".join(f"{c:>17}" for c in relaxed) + f"   load {' '.join(loads)}")
            print(f"{d:>9} {peer + ' strict':>16} " + " ".join(f"{c:>17}" for c in strict))
            sys.stdout.flush()
    print("cells: visits planned (double-handed visits with both carers together), wall seconds; "
          "'relaxed' counts a double-handed visit when both carers are planned, at any times; "
          "'!' = the rounds checker rejected the plan")


if __name__ == "__main__":
    main()
