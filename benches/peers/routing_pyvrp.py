"""PyVRP 0.14.1 on a Solomon instance, DIMACS convention (integer tenths).

Usage: python3 routing_pyvrp.py FILE --seconds S --seed N
Prints one JSON line: {"routes": [[customer numbers]], "seconds": elapsed}.
"""

import argparse
import json
import time

from pyvrp import Model
from pyvrp.stop import MaxRuntime

from routing_common import read_solomon, tenths_matrix


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    inst = read_solomon(a.file)
    rows, m = inst["rows"], tenths_matrix(inst)
    model = Model()
    locs = [model.add_location(x=int(r[1]), y=int(r[2])) for r in rows]
    depot = model.add_depot(locs[0], tw_early=int(10 * rows[0][4]), tw_late=int(10 * rows[0][5]))
    model.add_vehicle_type(
        num_available=inst["vehicles"],
        capacity=inst["capacity"],
        start_depot=depot,
        end_depot=depot,
        tw_early=int(10 * rows[0][4]),
        tw_late=int(10 * rows[0][5]),
    )
    for k, r in enumerate(rows[1:], start=1):
        model.add_client(
            locs[k],
            delivery=r[3],
            service_duration=int(round(10 * r[6])),
            tw_early=int(round(10 * r[4])),
            tw_late=int(round(10 * r[5])),
        )
    for i, fi in enumerate(locs):
        for j, tj in enumerate(locs):
            model.add_edge(fi, tj, distance=m[i][j], duration=m[i][j])
    t0 = time.perf_counter()
    res = model.solve(stop=MaxRuntime(a.seconds), seed=a.seed, display=False)
    elapsed = time.perf_counter() - t0
    # Client activities carry the client index (0-based, in add_client order).
    routes = [
        [rows[act.idx + 1][0] for act in r.schedule() if act.is_client()] for r in res.best.routes()
    ]
    print(json.dumps({"routes": routes, "seconds": elapsed, "feasible": res.is_feasible()}))


if __name__ == "__main__":
    main()
