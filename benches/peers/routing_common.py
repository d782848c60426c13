"""Shared pieces of the routing peer harness: Solomon reader, DIMACS arc
lengths and the one independent checker every answer goes through.

Written separately from the Rust code on purpose: the harness must not trust
carematch's own reader or checker when it compares carematch with its peers.
"""

import math


def read_solomon(path):
    """Returns dict(name, vehicles, capacity, rows) with rows of
    (number, x, y, demand, ready, due, service); row 0 is the depot."""
    with open(path) as f:
        lines = [l.strip() for l in f]
    name = next(l for l in lines if l)
    tokens = " ".join(lines).split()
    i = tokens.index("CAPACITY")
    vehicles, capacity = int(tokens[i + 1]), int(tokens[i + 2])
    j = tokens.index("CUSTOMER") + 1
    while True:
        try:
            float(tokens[j])
            break
        except ValueError:
            j += 1
    rows = []
    while j + 7 <= len(tokens):
        n, x, y, q, r, d, s = tokens[j : j + 7]
        rows.append((int(n), float(x), float(y), int(q), float(r), float(d), float(s)))
        j += 7
    return {"name": name, "vehicles": vehicles, "capacity": capacity, "rows": rows}


def dimacs_tenths(a, b):
    """Arc length in integer tenths, truncated: floor(10 * d), computed
    exactly with an integer square root for integer coordinates."""
    dx, dy = a[1] - b[1], a[2] - b[2]
    if dx == int(dx) and dy == int(dy):
        return math.isqrt(int(100 * (dx * dx + dy * dy)))
    return int(math.floor(10 * math.hypot(dx, dy)))


def tenths_matrix(inst):
    rows = inst["rows"]
    return [[dimacs_tenths(a, b) for b in rows] for a in rows]


def check(inst, routes):
    """Checks routes (lists of customer numbers) under the DIMACS convention.

    Returns (feasible, vehicles, distance, problems); distance in units.
    """
    rows = inst["rows"]
    index = {r[0]: k for k, r in enumerate(rows) if k > 0}
    m = tenths_matrix(inst)
    problems = []
    seen = [0] * len(rows)
    total = 0
    routes = [r for r in routes if r]
    if len(routes) > inst["vehicles"]:
        problems.append(f"{len(routes)} routes for a fleet of {inst['vehicles']}")
    depot = rows[0]
    for ri, route in enumerate(routes):
        t, prev, load = 10 * depot[4], 0, 0
        for num in route:
            k = index.get(num)
            if k is None:
                problems.append(f"route {ri + 1}: unknown customer {num}")
                continue
            seen[k] += 1
            row = rows[k]
            total += m[prev][k]
            arrive = t + (10 * rows[prev][6] if prev else 0) + m[prev][k]
            start = max(arrive, 10 * row[4])
            if start > 10 * row[5] + 1e-9:
                problems.append(f"route {ri + 1}: customer {num} late ({start / 10} > {row[5]})")
            load += row[3]
            t, prev = start, k
        total += m[prev][0]
        back = t + (10 * rows[prev][6] if prev else 0) + m[prev][0]
        if back > 10 * depot[5] + 1e-9:
            problems.append(f"route {ri + 1}: back at the depot late")
        if load > inst["capacity"]:
            problems.append(f"route {ri + 1}: load {load} > {inst['capacity']}")
    for k in range(1, len(rows)):
        if seen[k] != 1:
            problems.append(f"customer {rows[k][0]} served {seen[k]} times")
    return (not problems, len(routes), total / 10.0, problems)
