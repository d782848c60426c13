//! A minimal Solomon reader for the engine's own measurements (the official
//! reader and CLI live in `carematch::formats::solomon`). DIMACS convention:
//! every arc is `floor(10 · euclid)` tenths, for cost and travel time alike;
//! times are scaled by 10 too.

use carematch::routing::{Job, Objective, RoutingProblem, TravelMatrix, Vehicle, Window};

/// Which objective to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolomonObjective {
    /// Distance only; every vehicle of the file's fleet is free.
    Distance,
    /// Fleet first (large fixed cost per vehicle), then distance.
    FleetThenDistance,
}

/// Parses a Solomon instance into a routing problem in tenths.
pub fn parse(text: &str, objective: SolomonObjective) -> Result<RoutingProblem, String> {
    let rows: Vec<Vec<i64>> = text
        .lines()
        .map(|l| {
            l.split_whitespace()
                .map(str::parse::<i64>)
                .collect::<Result<Vec<_>, _>>()
        })
        .filter_map(|r| r.ok())
        .filter(|r| !r.is_empty())
        .collect();
    let fleet = rows
        .iter()
        .find(|r| r.len() == 2)
        .ok_or("no VEHICLE line")?;
    let (count, capacity) = (fleet[0] as usize, fleet[1]);
    let cust: Vec<&Vec<i64>> = rows.iter().filter(|r| r.len() == 7).collect();
    if cust.is_empty() {
        return Err("no customers".into());
    }
    let size = cust.len();
    let mut d = vec![0i64; size * size];
    for (i, a) in cust.iter().enumerate() {
        for (j, b) in cust.iter().enumerate() {
            let (dx, dy) = ((a[1] - b[1]) as f64, (a[2] - b[2]) as f64);
            d[i * size + j] = (10.0 * (dx * dx + dy * dy).sqrt()).floor() as i64;
        }
    }
    let depot = cust[0];
    let fixed = match objective {
        SolomonObjective::Distance => 0,
        SolomonObjective::FleetThenDistance => 10_000_000,
    };
    let vehicles = (0..count)
        .map(|_| Vehicle {
            start_location: 0,
            end_location: Some(0),
            shift: Window {
                earliest: depot[4] * 10,
                latest: depot[5] * 10,
            },
            breaks: vec![],
            max_duration: None,
            capacity,
            profile: 0,
            fixed_cost: fixed,
            cost_per_time: 0,
            overtime_cost: 0,
            overtime_after: None,
        })
        .collect();
    let jobs = cust[1..]
        .iter()
        .enumerate()
        .map(|(k, c)| Job {
            location: k + 1,
            duration: c[6] * 10,
            windows: vec![Window {
                earliest: c[4] * 10,
                latest: c[5] * 10,
            }],
            soft_latest: false,
            max_lateness: None,
            demand: c[3],
            allowed_vehicles: None,
            preferred_vehicles: vec![],
            unassigned_penalty: 1_000_000_000_000,
            pin: None,
        })
        .collect();
    Ok(RoutingProblem {
        matrices: vec![TravelMatrix {
            size,
            duration: d.clone(),
            distance: d,
        }],
        jobs,
        vehicles,
        sync: vec![],
        objective: Objective::default(),
    })
}

/// The proven DIMACS optimum (in tenths) and its vehicle count from `bks.csv`.
pub fn optimum(bks_csv: &str, name: &str) -> Option<(i64, i64)> {
    bks_csv.lines().find_map(|l| {
        let f: Vec<&str> = l.split(',').collect();
        if f.first() == Some(&name) && f.len() > 4 {
            let dist: f64 = f[4].parse().ok()?;
            Some(((dist * 10.0).round() as i64, f[3].parse().ok()?))
        } else {
            None
        }
    })
}
