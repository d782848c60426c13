//! Solomon and Gehring & Homberger VRPTW instances: reader, conversion to the
//! routing engine, and an independent solution checker.
//!
//! The text format is the classic one (name; `VEHICLE` / `NUMBER CAPACITY`;
//! `CUSTOMER` with rows `no x y demand ready due service`, customer 0 being the
//! depot). Distance and travel time are both the Euclidean distance.
//!
//! Two conventions matter when comparing with published results (see
//! `tests/data/solomon/README.md`):
//! * [`Convention::Dimacs`]: every arc is truncated to one decimal,
//!   `floor(10·d)/10`, for cost and travel time (the convention of the proven
//!   distance-only optima). The engine works in integer tenths, so this is
//!   exact.
//! * [`Convention::Exact`]: double precision. The engine works in units of
//!   10⁻⁴ with travel times rounded *up* (so every schedule it accepts is
//!   feasible in real numbers) and distances rounded to nearest; the reported
//!   distance is recomputed in `f64` by the checker.

use crate::routing::{
    Job, Objective, RoutingProblem, RoutingSolution, TravelMatrix, Vehicle, Window,
};
use crate::{Error, Result, ValidationIssue};

/// One row of the customer table (row 0 is the depot).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Customer {
    /// Customer number as written in the file.
    pub number: u32,
    /// X coordinate.
    pub x: f64,
    /// Y coordinate.
    pub y: f64,
    /// Demand.
    pub demand: i64,
    /// Earliest service start.
    pub ready: f64,
    /// Latest service start.
    pub due: f64,
    /// Service time.
    pub service: f64,
}

/// A Solomon / Gehring & Homberger instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Name on the first line.
    pub name: String,
    /// Fleet size.
    pub vehicles: usize,
    /// Vehicle capacity.
    pub capacity: i64,
    /// Depot (index 0) then customers, in file order.
    pub customers: Vec<Customer>,
}

/// Distance convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// Arcs truncated to one decimal for cost and time (CVRPLIB / DIMACS).
    Dimacs,
    /// Double precision.
    Exact,
}

impl Convention {
    /// Integer units per distance unit in the engine.
    pub fn scale(self) -> i64 {
        match self {
            Convention::Dimacs => 10,
            Convention::Exact => 10_000,
        }
    }
}

/// What to minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetObjective {
    /// Total distance only (any number of vehicles up to the fleet size).
    Distance,
    /// Fewest vehicles first, then distance.
    FleetThenDistance,
}

fn bad(message: impl Into<String>, hint: &str) -> Error {
    Error::invalid(ValidationIssue::new("bad_instance", "", "", message, hint))
}

/// Most customers accepted (Gehring & Homberger go up to 1000).
const MAX_CUSTOMERS: usize = 5_000;
/// Largest coordinate magnitude accepted (published instances stay below 1,000).
pub const MAX_COORD: f64 = 1e6;
/// Largest time (ready, due, service) accepted.
pub const MAX_TIME: f64 = 1e7;
/// Largest demand, and largest vehicle capacity / 1,000.
pub const MAX_DEMAND: f64 = 1e9;

/// Reads an instance.
///
/// # Errors
/// [`Error::Invalid`] when the text does not follow the format.
pub fn parse(text: &str) -> Result<Instance> {
    let hint = "expected the Solomon format: name, VEHICLE / NUMBER CAPACITY, CUSTOMER table";
    let name = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .ok_or_else(|| bad("the file is empty", hint))?
        .to_string();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let cap_at = tokens
        .iter()
        .position(|t| t.eq_ignore_ascii_case("CAPACITY"))
        .ok_or_else(|| bad("no NUMBER CAPACITY header", hint))?;
    let num = |i: usize| -> Result<f64> {
        tokens
            .get(i)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad(format!("expected a number at token {}", i + 1), hint))
    };
    let vehicles = num(cap_at + 1)?;
    let capacity = num(cap_at + 2)?;
    if !(1.0..=10_000.0).contains(&vehicles)
        || vehicles.fract() != 0.0
        || !(0.0..=MAX_DEMAND * 1e3).contains(&capacity)
    {
        return Err(bad("fleet size or capacity out of range", hint));
    }
    let cust_at = tokens
        .iter()
        .position(|t| t.eq_ignore_ascii_case("CUSTOMER"))
        .ok_or_else(|| bad("no CUSTOMER section", hint))?;
    let mut i = cust_at + 1;
    while i < tokens.len() && tokens[i].parse::<f64>().is_err() {
        i += 1;
    }
    let mut customers = Vec::new();
    while i < tokens.len() {
        if i + 7 > tokens.len() {
            return Err(bad("the customer table ends in the middle of a row", hint));
        }
        let row: Vec<f64> = (i..i + 7).map(num).collect::<Result<_>>()?;
        if row[0] < 0.0 || row[0].fract() != 0.0 || row[3].fract() != 0.0 || row[3] < 0.0 {
            return Err(bad(format!("bad customer row at token {}", i + 1), hint));
        }
        // Bounded so that scaled times and distances, and their sums over
        // a route, stay far inside 64-bit integers.
        let in_range = row[1].abs() <= MAX_COORD
            && row[2].abs() <= MAX_COORD
            && row[3] <= MAX_DEMAND
            && row[4..7].iter().all(|t| (0.0..=MAX_TIME).contains(t));
        if !in_range {
            return Err(bad(
                format!(
                    "customer {}: a value is out of range (coordinates at most {MAX_COORD:e}, \
                     times 0 to {MAX_TIME:e}, demand at most {MAX_DEMAND:e})",
                    row[0]
                ),
                hint,
            ));
        }
        if row[4] > row[5] || row[6] < 0.0 {
            return Err(bad(
                format!(
                    "customer {}: ready time after due date or negative service",
                    row[0]
                ),
                hint,
            ));
        }
        customers.push(Customer {
            number: row[0] as u32,
            x: row[1],
            y: row[2],
            demand: row[3] as i64,
            ready: row[4],
            due: row[5],
            service: row[6],
        });
        if customers.len() > MAX_CUSTOMERS + 1 {
            return Err(bad("too many customers", hint));
        }
        i += 7;
    }
    if customers.len() < 2 {
        return Err(bad("the instance has no customers", hint));
    }
    Ok(Instance {
        name,
        vehicles: vehicles as usize,
        capacity: capacity as i64,
        customers,
    })
}

/// Euclidean distance in double precision.
pub fn euclid(a: &Customer, b: &Customer) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// `floor(10·d)` for integer coordinates, computed exactly with an integer
/// square root; `None` when a coordinate is not an integer.
fn tenths_exact(a: &Customer, b: &Customer) -> Option<i64> {
    let ok = |v: f64| v.fract() == 0.0 && v.abs() < 1e7;
    if !(ok(a.x) && ok(a.y) && ok(b.x) && ok(b.y)) {
        return None;
    }
    let dx = (a.x - b.x) as i64;
    let dy = (a.y - b.y) as i64;
    Some(isqrt(100 * (dx * dx + dy * dy)))
}

/// Integer square root (floor), exact for all `i64 ≥ 0`.
fn isqrt(n: i64) -> i64 {
    if n <= 0 {
        return 0;
    }
    let mut r = (n as f64).sqrt() as i64;
    while r * r > n {
        r -= 1;
    }
    while (r + 1) * (r + 1) <= n {
        r += 1;
    }
    r
}

/// The arc length under a convention, in engine units: (time, distance).
fn arc(a: &Customer, b: &Customer, conv: Convention) -> (i64, i64) {
    match conv {
        Convention::Dimacs => {
            let t = tenths_exact(a, b).unwrap_or_else(|| (10.0 * euclid(a, b)).floor() as i64);
            (t, t)
        }
        Convention::Exact => {
            let d = euclid(a, b) * Convention::Exact.scale() as f64;
            (d.ceil() as i64, d.round() as i64)
        }
    }
}

/// Builds the routing problem. Job `i` is customer row `i + 1`; location
/// `k` is row `k` (0 = depot).
pub fn to_problem(inst: &Instance, conv: Convention, objective: FleetObjective) -> RoutingProblem {
    let s = conv.scale() as f64;
    let scaled = |v: f64| (v * s).round() as i64;
    let n = inst.customers.len();
    let mut duration = Vec::with_capacity(n * n);
    let mut distance = Vec::with_capacity(n * n);
    for a in &inst.customers {
        for b in &inst.customers {
            let (t, d) = arc(a, b, conv);
            duration.push(t);
            distance.push(d);
        }
    }
    let depot = inst.customers[0];
    let jobs = inst.customers[1..]
        .iter()
        .enumerate()
        .map(|(i, c)| Job {
            location: i + 1,
            duration: scaled(c.service),
            windows: vec![Window {
                earliest: scaled(c.ready),
                latest: scaled(c.due),
            }],
            soft_latest: false,
            max_lateness: None,
            demand: c.demand,
            allowed_vehicles: None,
            preferred_vehicles: Vec::new(),
            unassigned_penalty: 1_000_000_000_000,
            pin: None,
        })
        .collect();
    // Fleet first: one vehicle must cost more than any possible total
    // distance. Every route leaves each place at most once, so the sum over
    // places of their longest outgoing arc bounds the total.
    let longest_out: i64 = (0..n)
        .map(|i| {
            distance[i * n..(i + 1) * n]
                .iter()
                .copied()
                .max()
                .unwrap_or(0)
        })
        .sum();
    let fixed_cost = match objective {
        FleetObjective::Distance => 0,
        FleetObjective::FleetThenDistance => longest_out + 1,
    };
    let vehicles = (0..inst.vehicles)
        .map(|_| Vehicle {
            start_location: 0,
            end_location: Some(0),
            shift: Window {
                earliest: scaled(depot.ready),
                latest: scaled(depot.due),
            },
            breaks: Vec::new(),
            max_duration: None,
            capacity: inst.capacity,
            profile: 0,
            fixed_cost,
            cost_per_time: 0,
            overtime_cost: 0,
            overtime_after: None,
        })
        .collect();
    RoutingProblem {
        matrices: vec![TravelMatrix {
            size: n,
            duration,
            distance,
        }],
        jobs,
        vehicles,
        sync: Vec::new(),
        objective: Objective {
            distance: 1,
            ..Objective::default()
        },
    }
}

/// Routes as customer numbers (as written in the file), in route order.
pub fn routes_from_solution(inst: &Instance, sol: &RoutingSolution) -> Vec<Vec<u32>> {
    sol.routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|r| {
            r.stops
                .iter()
                .filter_map(|s| inst.customers.get(s.job + 1).map(|c| c.number))
                .collect()
        })
        .collect()
}

/// Reads a CVRPLIB `.sol` file (`Route #1: 5 3 7`, `Cost 827.3`).
///
/// # Errors
/// [`Error::Invalid`] when a route line holds something other than numbers.
pub fn parse_solution(text: &str) -> Result<(Vec<Vec<u32>>, Option<f64>)> {
    let mut routes = Vec::new();
    let mut cost = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Route") {
            let body = rest.split_once(':').map_or("", |(_, b)| b);
            let route = body
                .split_whitespace()
                .map(|t| t.parse::<u32>())
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|_| {
                    bad(
                        format!("bad route line: {line}"),
                        "routes list customer numbers",
                    )
                })?;
            routes.push(route);
        } else if let Some(rest) = line.strip_prefix("Cost") {
            cost = rest.trim().parse::<f64>().ok();
        }
    }
    Ok((routes, cost))
}

/// The verdict of [`check`].
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// True when no rule is broken.
    pub feasible: bool,
    /// Non-empty routes.
    pub vehicles: usize,
    /// Total distance under the convention, recomputed in `f64`.
    pub distance: f64,
    /// Every broken rule.
    pub violations: Vec<String>,
}

/// Independent checker: every customer exactly once, capacity, fleet size,
/// time windows (waiting allowed), return to the depot by its due date, and
/// the distance, all recomputed in `f64` from the coordinates.
pub fn check(inst: &Instance, routes: &[Vec<u32>], conv: Convention) -> Check {
    const EPS: f64 = 1e-7;
    let mut violations = Vec::new();
    let by_number: std::collections::HashMap<u32, usize> = inst
        .customers
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| (c.number, i))
        .collect();
    let dist = |a: &Customer, b: &Customer| -> f64 {
        let d = euclid(a, b);
        match conv {
            Convention::Dimacs => (10.0 * d).floor() / 10.0,
            Convention::Exact => d,
        }
    };
    let depot = &inst.customers[0];
    let mut seen = vec![0usize; inst.customers.len()];
    let mut total = 0.0;
    let used: Vec<&Vec<u32>> = routes.iter().filter(|r| !r.is_empty()).collect();
    if used.len() > inst.vehicles {
        violations.push(format!(
            "{} routes for a fleet of {}",
            used.len(),
            inst.vehicles
        ));
    }
    for (r, route) in used.iter().enumerate() {
        let mut t = depot.ready;
        let mut prev = depot;
        let mut load = 0;
        for &num in route.iter() {
            let Some(&i) = by_number.get(&num) else {
                violations.push(format!("route {}: unknown customer {num}", r + 1));
                continue;
            };
            let c = &inst.customers[i];
            seen[i] += 1;
            let d = dist(prev, c);
            total += d;
            let arrive = t + prev_service(prev, depot) + d;
            let start = arrive.max(c.ready);
            if start > c.due + EPS {
                violations.push(format!(
                    "route {}: customer {num} starts at {start:.4}, after its due date {}",
                    r + 1,
                    c.due
                ));
            }
            load += c.demand;
            t = start;
            prev = c;
        }
        let d = dist(prev, depot);
        total += d;
        let back = t + prev_service(prev, depot) + d;
        if back > depot.due + EPS {
            violations.push(format!(
                "route {}: back at the depot at {back:.4}, after {}",
                r + 1,
                depot.due
            ));
        }
        if load > inst.capacity {
            violations.push(format!(
                "route {}: load {load} over capacity {}",
                r + 1,
                inst.capacity
            ));
        }
    }
    for (i, n) in seen.iter().enumerate().skip(1) {
        if *n != 1 {
            violations.push(format!(
                "customer {} is served {n} times",
                inst.customers[i].number
            ));
        }
    }
    Check {
        feasible: violations.is_empty(),
        vehicles: used.len(),
        distance: total,
        violations,
    }
}

/// Service time of the place just left (none at the depot).
fn prev_service(prev: &Customer, depot: &Customer) -> f64 {
    if std::ptr::eq(prev, depot) {
        0.0
    } else {
        prev.service
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "TINY\n\nVEHICLE\nNUMBER     CAPACITY\n  2         10\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n    0 0 0 0 0 100 0\n    1 3 4 5 0 50 10\n    2 6 8 5 20 30 10\n";

    #[test]
    fn reads_and_checks_a_tiny_instance() {
        let inst = parse(TINY).unwrap();
        assert_eq!(inst.name, "TINY");
        assert_eq!(
            (inst.vehicles, inst.capacity, inst.customers.len()),
            (2, 10, 3)
        );
        let c = check(&inst, &[vec![1, 2]], Convention::Exact);
        assert!(c.feasible, "{:?}", c.violations);
        assert!((c.distance - 20.0).abs() < 1e-9);
        // Customer 2 first then 1: 2 starts at 20, 1 starts at 20+10+5=35 ≤ 50.
        assert!(check(&inst, &[vec![2, 1]], Convention::Exact).feasible);
        // Missing customer, and over capacity.
        assert!(!check(&inst, &[vec![1]], Convention::Exact).feasible);
        let mut small = inst.clone();
        small.capacity = 9;
        assert!(!check(&small, &[vec![1, 2]], Convention::Exact).feasible);
    }

    #[test]
    fn dimacs_arcs_are_exact_tenths() {
        assert_eq!(isqrt(99), 9);
        assert_eq!(isqrt(100), 10);
        let a = Customer {
            number: 0,
            x: 0.0,
            y: 0.0,
            demand: 0,
            ready: 0.0,
            due: 0.0,
            service: 0.0,
        };
        let b = Customer {
            x: 1.0,
            y: 1.0,
            ..a
        };
        assert_eq!(arc(&a, &b, Convention::Dimacs), (14, 14));
        assert_eq!(arc(&a, &b, Convention::Exact), (14143, 14142));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for text in [
            "",
            "X\nVEHICLE\nNUMBER CAPACITY\n",
            "X\nNUMBER CAPACITY 2 10\nCUSTOMER\n0 0 0",
            "X\nNUMBER CAPACITY -1 x\n",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
