"""OR-Tools 9.15 routing on a Solomon instance, DIMACS convention (integer
tenths): parallel cheapest insertion, then guided local search for the budget.

Usage: python3 routing_ortools.py FILE --seconds S
Prints one JSON line: {"routes": [[customer numbers]], "seconds": elapsed}.
"""

import argparse
import json
import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing_common import read_solomon, tenths_matrix


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    inst = read_solomon(a.file)
    rows, m = inst["rows"], tenths_matrix(inst)
    n, nv = len(rows), inst["vehicles"]
    mgr = pywrapcp.RoutingIndexManager(n, nv, 0)
    routing = pywrapcp.RoutingModel(mgr)
    service = [int(round(10 * r[6])) for r in rows]

    def dist(i, j):
        return m[mgr.IndexToNode(i)][mgr.IndexToNode(j)]

    def travel(i, j):
        a_, b_ = mgr.IndexToNode(i), mgr.IndexToNode(j)
        return service[a_] + m[a_][b_]

    d_cb = routing.RegisterTransitCallback(dist)
    t_cb = routing.RegisterTransitCallback(travel)
    routing.SetArcCostEvaluatorOfAllVehicles(d_cb)
    horizon = int(10 * rows[0][5])
    routing.AddDimension(t_cb, horizon, horizon, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")
    for k in range(1, n):
        idx = mgr.NodeToIndex(k)
        time_dim.CumulVar(idx).SetRange(int(round(10 * rows[k][4])), int(round(10 * rows[k][5])))
    for v in range(nv):
        time_dim.CumulVar(routing.Start(v)).SetRange(int(10 * rows[0][4]), horizon)
        time_dim.CumulVar(routing.End(v)).SetRange(int(10 * rows[0][4]), horizon)
    q_cb = routing.RegisterUnaryTransitCallback(lambda i: rows[mgr.IndexToNode(i)][3])
    routing.AddDimensionWithVehicleCapacity(q_cb, 0, [inst["capacity"]] * nv, True, "Load")
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(1000 * a.seconds))
    t0 = time.perf_counter()
    sol = routing.SolveWithParameters(params)
    elapsed = time.perf_counter() - t0
    routes = []
    if sol is not None:
        for v in range(nv):
            idx, r = routing.Start(v), []
            idx = sol.Value(routing.NextVar(idx))
            while not routing.IsEnd(idx):
                r.append(rows[mgr.IndexToNode(idx)][0])
                idx = sol.Value(routing.NextVar(idx))
            if r:
                routes.append(r)
    print(json.dumps({"routes": routes, "seconds": elapsed, "found": sol is not None}))


if __name__ == "__main__":
    main()
