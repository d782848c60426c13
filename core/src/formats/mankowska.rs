//! Mankowska, Meisel & Bierwirth (2014) home health care instances (HHCRSP):
//! reader for the original text format and the JSON format of Ceschia et al.,
//! conversion to the routing engine, and an independent solution checker.
//!
//! Every patient needs one service, or two ("double service") that start
//! either at the same time (two carers at once) or with a gap in
//! `[min, max]` (the second service, by service index, after the first).
//! Caregivers are qualified for some services. Late starts are allowed and
//! cost tardiness; the objective is
//! `(distance + total tardiness + maximum tardiness) / 3`.
//!
//! The engine works in thousandths with travel times rounded *up*, so every
//! schedule it returns is valid in real numbers; the checker recomputes
//! distance and tardiness in `f64` from the instance.

use serde::Deserialize;

use crate::routing::{
    Job, Objective, RoutingProblem, SyncGroup, SyncKind, TravelMatrix, Vehicle, Window,
};
use crate::{Error, Result, ValidationIssue};

mod solution;
pub use solution::{Check, Solution, Visit, check, parse_solution_json, solution_from_routing};

/// Engine units per time/distance unit.
pub const SCALE: f64 = 1000.0;

/// How the two services of a double-service patient are linked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sync {
    /// Both start at the same time.
    Simultaneous,
    /// The second starts between `min` and `max` after the first.
    Gap {
        /// Minimum gap.
        min: f64,
        /// Maximum gap.
        max: f64,
    },
}

/// A patient and the services they need.
#[derive(Debug, Clone, PartialEq)]
pub struct Patient {
    /// Id (`p1`, …).
    pub id: String,
    /// Time window `[earliest, latest]` for service starts (latest is soft).
    pub window: (f64, f64),
    /// Services needed, by service index, with their durations (one or two).
    pub services: Vec<(usize, f64)>,
    /// Link between two services.
    pub sync: Option<Sync>,
}

/// A Mankowska instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Number of service types.
    pub services: usize,
    /// Caregiver ids.
    pub caregiver_ids: Vec<String>,
    /// `qualified[c][s]`: caregiver `c` can do service `s`.
    pub qualified: Vec<Vec<bool>>,
    /// Patients; patient `i` is location `i + 1`.
    pub patients: Vec<Patient>,
    /// Distances (= travel times), `(n+1)²` row-major, location 0 the depot.
    pub dist: Vec<f64>,
}

impl Instance {
    /// Number of locations (depot + patients).
    pub fn size(&self) -> usize {
        self.patients.len() + 1
    }
    /// Distance between two locations.
    pub fn d(&self, a: usize, b: usize) -> f64 {
        self.dist
            .get(a * self.size() + b)
            .copied()
            .unwrap_or(f64::NAN)
    }
}

fn bad(message: impl Into<String>) -> Error {
    Error::invalid(ValidationIssue::new(
        "bad_instance",
        "",
        "",
        message,
        "expected a Mankowska instance (text with nbNodes … l, or the JSON of Ceschia et al.)",
    ))
}

/// Reads either format (JSON when the text starts with `{`).
///
/// # Errors
/// [`Error::Invalid`] when the text follows neither format.
pub fn parse(text: &str) -> Result<Instance> {
    if text.trim_start().starts_with('{') {
        parse_json(text)
    } else {
        parse_text(text)
    }
}

const MAX_NODES: usize = 5_000;

/// Reads the original text format.
///
/// # Errors
/// [`Error::Invalid`] on a malformed file.
pub fn parse_text(text: &str) -> Result<Instance> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let section = |key: &str| -> Result<usize> {
        tokens
            .iter()
            .position(|t| *t == key)
            .map(|i| i + 1)
            .ok_or_else(|| bad(format!("no `{key}` section")))
    };
    let numbers = |from: usize, count: usize| -> Result<Vec<f64>> {
        let slice = tokens
            .get(from..from + count)
            .ok_or_else(|| bad(format!("a section ends early (token {from})")))?;
        slice
            .iter()
            .map(|t| {
                t.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(format!("`{t}` is not a number")))
            })
            .collect()
    };
    let count = |key: &str| -> Result<usize> {
        let v = numbers(section(key)?, 1)?[0];
        if v < 1.0 || v.fract() != 0.0 || v as usize > MAX_NODES {
            return Err(bad(format!("`{key}` must be a positive whole number")));
        }
        Ok(v as usize)
    };
    let nodes = count("nbNodes")?;
    let vehicles = count("nbVehi")?;
    let services = count("nbServi")?;
    if nodes < 3 {
        return Err(bad(
            "nbNodes must count the depot twice and at least one patient",
        ));
    }
    let r = numbers(section("r")?, nodes * services)?;
    // `DS` lists the double-service nodes (1-based); the `r` matrix already
    // says which patients need two services, so it is not needed.
    let a_at = section("a")?;
    let a = numbers(a_at, vehicles * services)?;
    let d = numbers(section("d")?, nodes * nodes)?;
    let p = numbers(section("p")?, nodes * vehicles * services)?;
    let mind = numbers(section("mind")?, nodes)?;
    let maxd = numbers(section("maxd")?, nodes)?;
    let e = numbers(section("e")?, nodes)?;
    let l = numbers(section("l")?, nodes)?;

    let n = nodes - 2;
    let mut patients = Vec::with_capacity(n);
    for i in 1..=n {
        let needed: Vec<(usize, f64)> = (0..services)
            .filter(|&s| r[i * services + s] > 0.5)
            // Processing times are given per caregiver; in every published
            // instance they are equal across caregivers, so caregiver 0's apply.
            .map(|s| (s, p[i * vehicles * services + s]))
            .collect();
        if needed.is_empty() || needed.len() > 2 {
            return Err(bad(format!(
                "patient {i} needs {} services; 1 or 2 expected",
                needed.len()
            )));
        }
        let sync = (needed.len() == 2).then(|| {
            if mind[i] == 0.0 && maxd[i] == 0.0 {
                Sync::Simultaneous
            } else {
                Sync::Gap {
                    min: mind[i],
                    max: maxd[i],
                }
            }
        });
        patients.push(Patient {
            id: format!("p{i}"),
            window: (e[i], l[i]),
            services: needed,
            sync,
        });
    }
    let size = n + 1;
    let mut dist = Vec::with_capacity(size * size);
    for i in 0..size {
        for j in 0..size {
            dist.push(d[i * nodes + j]);
        }
    }
    let qualified = (0..vehicles)
        .map(|c| (0..services).map(|s| a[c * services + s] > 0.5).collect())
        .collect();
    Ok(Instance {
        services,
        caregiver_ids: (1..=vehicles).map(|c| format!("c{c}")).collect(),
        qualified,
        patients,
        dist,
    })
}

#[derive(Deserialize)]
struct JInstance {
    patients: Vec<JPatient>,
    services: Vec<JService>,
    caregivers: Vec<JCaregiver>,
    distances: Vec<Vec<f64>>,
}
#[derive(Deserialize)]
struct JPatient {
    id: String,
    time_window: (f64, f64),
    required_caregivers: Vec<JRequired>,
    #[serde(default)]
    synchronization: Option<JSync>,
}
#[derive(Deserialize)]
struct JRequired {
    service: String,
    duration: f64,
}
#[derive(Deserialize)]
struct JSync {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    distance: Option<(f64, f64)>,
}
#[derive(Deserialize)]
struct JService {
    id: String,
}
#[derive(Deserialize)]
struct JCaregiver {
    id: String,
    abilities: Vec<String>,
}

/// Reads the JSON format of Ceschia, Di Gaspero, Rosati & Schaerf.
///
/// # Errors
/// [`Error::Invalid`] on a malformed file.
pub fn parse_json(text: &str) -> Result<Instance> {
    let j: JInstance = serde_json::from_str(text)
        .map_err(|e| Error::invalid(crate::error::json_issue("Mankowska instance", &e)))?;
    let service_index = |id: &str| -> Result<usize> {
        j.services
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| bad(format!("unknown service {id}")))
    };
    let mut patients = Vec::with_capacity(j.patients.len());
    for p in &j.patients {
        let mut services = p
            .required_caregivers
            .iter()
            .map(|r| Ok((service_index(&r.service)?, r.duration)))
            .collect::<Result<Vec<_>>>()?;
        if services.is_empty() || services.len() > 2 {
            return Err(bad(format!(
                "patient {} needs {} services",
                p.id,
                services.len()
            )));
        }
        // The gap runs from the lower service index to the higher, as in
        // the text format.
        services.sort_by_key(|s| s.0);
        let sync = match (&p.synchronization, services.len()) {
            (_, 1) => None,
            (Some(s), 2) if s.kind == "sequential" => {
                let (min, max) = s
                    .distance
                    .ok_or_else(|| bad("sequential sync without distance"))?;
                Some(Sync::Gap { min, max })
            }
            _ => Some(Sync::Simultaneous),
        };
        patients.push(Patient {
            id: p.id.clone(),
            window: p.time_window,
            services,
            sync,
        });
    }
    let size = patients.len() + 1;
    if j.distances.len() != size || j.distances.iter().any(|r| r.len() != size) {
        return Err(bad(format!(
            "distances must be {size}×{size} (depot then patients)"
        )));
    }
    let qualified = j
        .caregivers
        .iter()
        .map(|c| {
            (0..j.services.len())
                .map(|s| c.abilities.contains(&j.services[s].id))
                .collect()
        })
        .collect();
    Ok(Instance {
        services: j.services.len(),
        caregiver_ids: j.caregivers.iter().map(|c| c.id.clone()).collect(),
        qualified,
        patients,
        dist: j.distances.into_iter().flatten().collect(),
    })
}

/// Which (patient, service) each engine job is.
pub fn job_list(inst: &Instance) -> Vec<(usize, usize)> {
    inst.patients
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.services.iter().map(move |&(s, _)| (i, s)))
        .collect()
}

/// Builds the routing problem (units of 1/[`SCALE`]).
pub fn to_problem(inst: &Instance) -> RoutingProblem {
    let size = inst.size();
    let mut duration = Vec::with_capacity(size * size);
    let mut distance = Vec::with_capacity(size * size);
    for a in 0..size {
        for b in 0..size {
            let d = inst.d(a, b) * SCALE;
            duration.push(d.ceil() as i64);
            distance.push(d.round() as i64);
        }
    }
    let scaled = |v: f64| (v * SCALE).round() as i64;
    let mut jobs = Vec::new();
    let mut sync = Vec::new();
    for (i, p) in inst.patients.iter().enumerate() {
        let first = jobs.len();
        for &(s, dur) in &p.services {
            let allowed: Vec<usize> = (0..inst.qualified.len())
                .filter(|&c| inst.qualified[c].get(s).copied().unwrap_or(false))
                .collect();
            jobs.push(Job {
                location: i + 1,
                duration: scaled(dur),
                windows: vec![Window {
                    earliest: scaled(p.window.0),
                    latest: scaled(p.window.1),
                }],
                soft_latest: true,
                max_lateness: None,
                demand: 0,
                allowed_vehicles: Some(allowed),
                preferred_vehicles: Vec::new(),
                unassigned_penalty: 1_000_000_000_000,
                pin: None,
            });
        }
        if let Some(link) = p.sync
            && p.services.len() == 2
        {
            sync.push(SyncGroup {
                first,
                second: first + 1,
                kind: match link {
                    Sync::Simultaneous => SyncKind::Simultaneous,
                    Sync::Gap { min, max } => SyncKind::Gap {
                        min: scaled(min),
                        max: scaled(max),
                    },
                },
            });
        }
    }
    let vehicles = (0..inst.qualified.len())
        .map(|_| Vehicle {
            start_location: 0,
            end_location: Some(0),
            shift: Window {
                earliest: 0,
                latest: 1_000_000_000_000,
            },
            breaks: Vec::new(),
            max_duration: None,
            capacity: i64::MAX,
            profile: 0,
            fixed_cost: 0,
            cost_per_time: 0,
            overtime_cost: 0,
            overtime_after: None,
        })
        .collect();
    RoutingProblem {
        matrices: vec![TravelMatrix {
            size,
            duration,
            distance,
        }],
        jobs,
        vehicles,
        sync,
        objective: Objective {
            distance: 1,
            travel_time: 0,
            waiting: 0,
            tardiness: 1,
            max_tardiness: 1,
            overtime: 0,
            continuity: 0,
        },
    }
}

/// Service ids `s1 … sN` in index order (both formats use them).
pub fn service_ids(inst: &Instance) -> Vec<String> {
    (1..=inst.services).map(|s| format!("s{s}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for text in [
            "",
            "{}",
            "nbNodes 3 nbVehi 1",
            "nbNodes x",
            "{\"patients\": 3}",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
