//! Solutions of Mankowska instances: caregiver routes mapped back from the
//! engine or read in the JSON format of Ceschia et al., and the independent
//! checker that recomputes distance and tardiness in `f64`.

use serde::Deserialize;

use super::{Instance, SCALE, Sync, bad, job_list};
use crate::routing::RoutingSolution;
use crate::{Error, Result};

/// One stop of a caregiver's route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visit {
    /// Patient index.
    pub patient: usize,
    /// Service index.
    pub service: usize,
    /// Service start.
    pub start: f64,
}

/// Routes per caregiver (index = caregiver).
pub type Solution = Vec<Vec<Visit>>;

/// Maps an engine solution back to caregiver routes.
pub fn solution_from_routing(inst: &Instance, sol: &RoutingSolution) -> Solution {
    let jobs = job_list(inst);
    let mut out = vec![Vec::new(); inst.qualified.len()];
    for r in &sol.routes {
        let Some(route) = out.get_mut(r.vehicle) else {
            continue;
        };
        for s in &r.stops {
            if let Some(&(patient, service)) = jobs.get(s.job) {
                route.push(Visit {
                    patient,
                    service,
                    start: s.start as f64 / SCALE,
                });
            }
        }
    }
    out
}

#[derive(Deserialize)]
struct JSolution {
    routes: Vec<JRoute>,
}
#[derive(Deserialize)]
struct JRoute {
    caregiver_id: String,
    #[serde(default)]
    locations: Vec<JStop>,
}
#[derive(Deserialize)]
struct JStop {
    arrival_time: f64,
    patient: String,
    service: String,
}

/// Reads a solution in the JSON format of Ceschia et al. (`arrival_time` is
/// the service start).
///
/// # Errors
/// [`Error::Invalid`] when it names unknown caregivers, patients or services.
pub fn parse_solution_json(inst: &Instance, text: &str, services: &[String]) -> Result<Solution> {
    let j: JSolution = serde_json::from_str(text)
        .map_err(|e| Error::invalid(crate::error::json_issue("Mankowska solution", &e)))?;
    let mut out = vec![Vec::new(); inst.qualified.len()];
    for r in &j.routes {
        let c = inst
            .caregiver_ids
            .iter()
            .position(|c| *c == r.caregiver_id)
            .ok_or_else(|| bad(format!("unknown caregiver {}", r.caregiver_id)))?;
        for s in &r.locations {
            let patient = inst
                .patients
                .iter()
                .position(|p| p.id == s.patient)
                .ok_or_else(|| bad(format!("unknown patient {}", s.patient)))?;
            let service = services
                .iter()
                .position(|x| *x == s.service)
                .ok_or_else(|| bad(format!("unknown service {}", s.service)))?;
            out[c].push(Visit {
                patient,
                service,
                start: s.arrival_time,
            });
        }
    }
    Ok(out)
}

/// The verdict of [`check`], with the objective recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// True when no rule is broken.
    pub feasible: bool,
    /// Every broken rule.
    pub violations: Vec<String>,
    /// Total travel distance (routes start and end at the depot).
    pub distance: f64,
    /// Sum of lateness past each window's end.
    pub total_tardiness: f64,
    /// Largest lateness.
    pub max_tardiness: f64,
    /// `(distance + total_tardiness + max_tardiness) / 3`.
    pub cost: f64,
}

/// Independent checker: every required service done exactly once by a
/// qualified caregiver; schedules consistent with travel times and
/// durations; no start before the window opens; synchronised services start
/// together (two different caregivers) and precedence gaps hold. Distance
/// and tardiness are recomputed in `f64`.
pub fn check(inst: &Instance, sol: &Solution) -> Check {
    const EPS: f64 = 1e-6;
    let mut violations = Vec::new();
    let mut done: Vec<Vec<Option<(usize, f64)>>> = inst
        .patients
        .iter()
        .map(|p| vec![None; p.services.len()])
        .collect();
    let (mut distance, mut total, mut max) = (0.0f64, 0.0f64, 0.0f64);
    if sol.len() > inst.qualified.len() {
        violations.push("more routes than caregivers".to_string());
    }
    for (c, route) in sol.iter().enumerate() {
        let mut at = 0usize;
        let mut free = 0.0f64;
        for v in route {
            let Some(p) = inst.patients.get(v.patient) else {
                violations.push(format!("caregiver {c}: unknown patient {}", v.patient));
                continue;
            };
            let Some(k) = p.services.iter().position(|s| s.0 == v.service) else {
                violations.push(format!(
                    "{}: service {} is not required",
                    p.id,
                    v.service + 1
                ));
                continue;
            };
            if !inst
                .qualified
                .get(c)
                .and_then(|q| q.get(v.service))
                .copied()
                .unwrap_or(false)
            {
                violations.push(format!(
                    "{}: caregiver {} is not qualified for service {}",
                    p.id,
                    c + 1,
                    v.service + 1
                ));
            }
            let d = inst.d(at, v.patient + 1);
            distance += d;
            let arrival = free + d;
            if v.start + EPS < arrival {
                violations.push(format!(
                    "{}: starts at {:.3} before caregiver {} can arrive ({arrival:.3})",
                    p.id,
                    v.start,
                    c + 1
                ));
            }
            if v.start + EPS < p.window.0 {
                violations.push(format!(
                    "{}: starts at {:.3} before its window opens",
                    p.id, v.start
                ));
            }
            let late = (v.start - p.window.1).max(0.0);
            total += late;
            max = max.max(late);
            if done[v.patient][k].replace((c, v.start)).is_some() {
                violations.push(format!("{}: service {} done twice", p.id, v.service + 1));
            }
            free = v.start + p.services[k].1;
            at = v.patient + 1;
        }
        if !route.is_empty() {
            distance += inst.d(at, 0);
        }
    }
    for (i, p) in inst.patients.iter().enumerate() {
        let d = &done[i];
        if d.iter().any(Option::is_none) {
            violations.push(format!("{}: a required service is not done", p.id));
            continue;
        }
        if let ([Some((c1, s1)), Some((c2, s2))], Some(link)) = (d.as_slice(), p.sync) {
            match link {
                Sync::Simultaneous => {
                    if c1 == c2 {
                        violations.push(format!("{}: both services by the same caregiver", p.id));
                    }
                    if (s1 - s2).abs() > EPS {
                        violations.push(format!(
                            "{}: simultaneous services start at {s1:.3} and {s2:.3}",
                            p.id
                        ));
                    }
                }
                Sync::Gap { min, max: gmax } => {
                    let gap = s2 - s1;
                    if gap + EPS < min || gap > gmax + EPS {
                        violations.push(format!(
                            "{}: gap {gap:.3} between the services is outside [{min}, {gmax}]",
                            p.id
                        ));
                    }
                }
            }
        }
    }
    Check {
        feasible: violations.is_empty(),
        violations,
        distance,
        total_tardiness: total,
        max_tardiness: max,
        cost: (distance + total + max) / 3.0,
    }
}
