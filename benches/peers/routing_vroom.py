"""VROOM (pyvroom 1.15.2) on a Solomon instance, DIMACS convention (integer
tenths: pyvroom takes integer matrices). One thread.

Usage: python3 routing_vroom.py FILE --seconds S --exploration X
Prints one JSON line: {"routes": [[customer numbers]], "seconds": elapsed}.
"""

import argparse
import datetime
import json
import time

import vroom

from routing_common import read_solomon, tenths_matrix


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--exploration", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)  # VROOM is deterministic
    a = p.parse_args()
    inst = read_solomon(a.file)
    rows, m = inst["rows"], tenths_matrix(inst)
    inp = vroom.Input()
    inp.set_durations_matrix("car", m)
    inp.set_costs_matrix("car", m)
    tw = vroom.TimeWindow(int(10 * rows[0][4]), int(10 * rows[0][5]))
    for v in range(inst["vehicles"]):
        inp.add_vehicle(
            vroom.Vehicle(v + 1, start=0, end=0, capacity=[inst["capacity"]], time_window=tw)
        )
    for k, r in enumerate(rows[1:], start=1):
        inp.add_job(
            vroom.Job(
                k,
                location=k,
                default_service=int(round(10 * r[6])),
                delivery=[r[3]],
                time_windows=[vroom.TimeWindow(int(round(10 * r[4])), int(round(10 * r[5])))],
            )
        )
    t0 = time.perf_counter()
    sol = inp.solve(
        exploration_level=a.exploration,
        nb_threads=1,
        timeout=datetime.timedelta(seconds=a.seconds),
    )
    elapsed = time.perf_counter() - t0
    df = sol.routes
    routes = []
    for _, g in df[df["type"] == "job"].groupby("vehicle_id", sort=True):
        routes.append([rows[int(j)][0] for j in g["id"]])
    print(json.dumps({"routes": routes, "seconds": elapsed}))


if __name__ == "__main__":
    main()
