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


def check_mankowska(instance, stdout):
    """Independent re-check of a `carematch mankowska` answer from its printed
    routes (`Caregiver c3 : p8/s5@46.000 ...`) against the JSON instance
    (Ceschia et al.'s format, index 0 of `distances` the office, patient i at
    i + 1, travel time = distance). Rules: every required service exactly
    once, by a caregiver with that ability; each start no earlier than the
    window opens nor than the caregiver can arrive from the previous visit;
    simultaneous services start together with two caregivers, sequential
    ones `distance[0] <= start(2nd) - start(1st) <= distance[1]`. Returns
    (cost, violations), cost = (distance + total tardiness + max tardiness)
    / 3 with tardiness = lateness past the window's end."""
    eps = 1e-6
    pats = {p["id"]: (k + 1, p) for k, p in enumerate(instance["patients"])}
    able = {c["id"]: set(c["abilities"]) for c in instance["caregivers"]}
    d = instance["distances"]
    done, bad = {}, []
    dist = total = worst = 0.0
    for line in stdout.splitlines():
        if not line.startswith("Caregiver "):
            continue
        head, _, visits = line.partition(":")
        cg = head.split()[1]
        if cg not in able:
            bad.append(f"unknown caregiver {cg}")
            continue
        at, free = 0, 0.0
        for tok in visits.split():
            ps, rest = tok.split("/")
            svc, start = rest.split("@")
            start = float(start)
            if ps not in pats:
                bad.append(f"unknown patient {ps}")
                continue
            idx, p = pats[ps]
            need = [r["service"] for r in p["required_caregivers"]]
            if svc not in need:
                bad.append(f"{ps}: {svc} not required")
                continue
            if svc not in able[cg]:
                bad.append(f"{ps}: {cg} lacks {svc}")
            leg = d[at][idx]
            dist += leg
            if start + eps < free + leg:
                bad.append(f"{ps}: starts {start} before {cg} can arrive ({free + leg:.3f})")
            e, l = p["time_window"]
            if start + eps < e:
                bad.append(f"{ps}: starts {start} before its window opens ({e})")
            late = max(0.0, start - l)
            total += late
            worst = max(worst, late)
            if (ps, svc) in done:
                bad.append(f"{ps}: {svc} done twice")
            done[(ps, svc)] = (cg, start)
            free = start + p["required_caregivers"][need.index(svc)]["duration"]
            at = idx
        if at != 0:
            dist += d[at][0]
    for ps, (_, p) in pats.items():
        got = [done.get((ps, r["service"])) for r in p["required_caregivers"]]
        if any(g is None for g in got):
            bad.append(f"{ps}: a required service is not done")
            continue
        if len(got) == 2 and "synchronization" in p:
            (c1, s1), (c2, s2) = got
            sync = p["synchronization"]
            if sync["type"] == "simultaneous":
                if c1 == c2 or abs(s1 - s2) > eps:
                    bad.append(f"{ps}: simultaneous services at {s1} ({c1}) and {s2} ({c2})")
            else:
                lo, hi = sync["distance"]
                if not (lo - eps <= s2 - s1 <= hi + eps):
                    bad.append(f"{ps}: gap {s2 - s1:.3f} outside [{lo}, {hi}]")
    return (dist + total + worst) / 3.0, bad
