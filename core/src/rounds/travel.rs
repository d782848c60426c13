//! Travel times between places for a given worker, from the file's rule.
//!
//! The rule is part of the input: a user matrix for the worker's mode (or for
//! every mode) when the file has one, otherwise great-circle distance × the
//! mode's road factor at the worker's speed ([`TravelMode::minutes`]). The
//! converter and the independent checker both ask this module, so they agree
//! on the *data*; they share nothing else.

use std::collections::HashMap;

use crate::geo::{LatLon, TravelMode};

use super::model::{RoundsInput, TravelMatrixInput, Worker};

/// Looks up travel times for workers of one input.
#[derive(Debug)]
pub(crate) struct TravelRule<'a> {
    matrices: Vec<Indexed<'a>>,
}

/// A user matrix with its point index.
type Indexed<'a> = (&'a TravelMatrixInput, HashMap<(u64, u64), usize>);

fn key(p: &LatLon) -> (u64, u64) {
    (p.lat.to_bits(), p.lon.to_bits())
}

impl<'a> TravelRule<'a> {
    /// Indexes the input's user matrices.
    pub(crate) fn new(input: &'a RoundsInput) -> Self {
        let matrices = input
            .travel
            .matrices
            .iter()
            .map(|m| {
                let index = m
                    .points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (key(p), i))
                    .collect();
                (m, index)
            })
            .collect();
        TravelRule { matrices }
    }

    /// The user matrix applying to `mode`: one for exactly that mode first,
    /// else one for every mode.
    fn matrix_for(&self, mode: TravelMode) -> Option<&Indexed<'a>> {
        self.matrices
            .iter()
            .find(|(m, _)| m.mode == Some(mode))
            .or_else(|| self.matrices.iter().find(|(m, _)| m.mode.is_none()))
    }

    /// Travel minutes from `a` to `b` for `worker`.
    pub(crate) fn minutes(&self, worker: &Worker, a: &LatLon, b: &LatLon) -> i64 {
        minutes_for(self, worker.travel_mode, worker.speed_kmh, a, b)
    }

    /// Travel minutes for a mode and optional speed override.
    pub(crate) fn minutes_mode(
        &self,
        mode: TravelMode,
        speed: Option<f64>,
        a: &LatLon,
        b: &LatLon,
    ) -> i64 {
        minutes_for(self, mode, speed, a, b)
    }
}

fn minutes_for(
    rule: &TravelRule<'_>,
    mode: TravelMode,
    speed: Option<f64>,
    a: &LatLon,
    b: &LatLon,
) -> i64 {
    if let Some((m, index)) = rule.matrix_for(mode)
        && let (Some(&i), Some(&j)) = (index.get(&key(a)), index.get(&key(b)))
        && let Some(&t) = m.minutes.get(i).and_then(|r| r.get(j))
    {
        return t;
    }
    match speed {
        None => mode.minutes(a, b),
        Some(kmh) => {
            let d_km = a.distance_m(b) / 1000.0;
            if d_km < 1e-6 {
                0
            } else {
                (mode.overhead_min() + 60.0 * d_km * mode.road_factor() / kmh).ceil() as i64
            }
        }
    }
}

/// Network distance estimate in metres (great circle × road factor).
pub(crate) fn metres(mode: TravelMode, a: &LatLon, b: &LatLon) -> i64 {
    (a.distance_m(b) * mode.road_factor()).round() as i64
}
