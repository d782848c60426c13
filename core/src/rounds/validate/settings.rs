//! The file-wide settings of a rounds file: travel matrices, weights, the
//! lateness caps and their price, pay and overtime premiums.

use std::collections::HashSet;

use super::MAX_MATRIX_POINTS;
use crate::error::Issues;
use crate::rounds::model::RoundsInput;

pub(super) fn check_travel(issues: &mut Issues, input: &RoundsInput) {
    for (m, matrix) in input.travel.matrices.iter().enumerate() {
        let base = format!("travel.matrices[{m}]");
        let n = matrix.points.len();
        if n > MAX_MATRIX_POINTS {
            issues.add(
                "input_too_large",
                "",
                format!("{base}.points"),
                format!("{n} points; at most {MAX_MATRIX_POINTS} are accepted"),
                "merge visits at the same address into one point",
            );
            continue;
        }
        for (i, p) in matrix.points.iter().enumerate() {
            if !p.is_valid() {
                issues.add(
                    "bad_location",
                    "",
                    format!("{base}.points[{i}]"),
                    "not a valid coordinate",
                    "give latitude and longitude in decimal degrees",
                );
            }
        }
        if matrix.minutes.len() != n || matrix.minutes.iter().any(|r| r.len() != n) {
            issues.add(
                "bad_matrix",
                "",
                format!("{base}.minutes"),
                format!("the matrix must have {n} rows of {n} travel times, one per point"),
                "export the matrix for exactly the listed points",
            );
        } else if let Some((i, j)) = matrix.minutes.iter().enumerate().find_map(|(i, r)| {
            r.iter()
                .position(|&t| !(0..=24 * 60).contains(&t))
                .map(|j| (i, j))
        }) {
            issues.add(
                "out_of_range",
                "",
                format!("{base}.minutes[{i}][{j}]"),
                "travel time is negative or longer than a day",
                "give whole minutes between 0 and 1440",
            );
        }
        let known: HashSet<(u64, u64)> = matrix
            .points
            .iter()
            .map(|p| (p.lat.to_bits(), p.lon.to_bits()))
            .collect();
        let has = |p: &crate::geo::LatLon| known.contains(&(p.lat.to_bits(), p.lon.to_bits()));
        for (v, visit) in input.visits.iter().enumerate() {
            if !has(&visit.location) {
                issues.add(
                    "not_in_matrix",
                    format!("visit {}", visit.id),
                    format!("visits[{v}].location"),
                    format!("the location is not one of the points of {base}"),
                    "add the point to the matrix (coordinates must match exactly)",
                );
            }
        }
        for (w, worker) in input.workers.iter().enumerate() {
            if matrix.mode.is_some_and(|mode| mode != worker.travel_mode) {
                continue;
            }
            for (field, p) in [("start", Some(worker.start)), ("end", worker.end)] {
                if let Some(p) = p
                    && !has(&p)
                {
                    issues.add(
                        "not_in_matrix",
                        format!("worker {}", worker.id),
                        format!("workers[{w}].{field}"),
                        format!("the location is not one of the points of {base}"),
                        "add the point to the matrix (coordinates must match exactly)",
                    );
                }
            }
        }
    }
}

pub(super) fn check_weights(issues: &mut Issues, input: &RoundsInput) {
    let w = &input.weights;
    for (name, value) in [
        ("unplanned_must_do", w.unplanned_must_do),
        ("unplanned_can_move", w.unplanned_can_move),
        ("travel_minute", w.travel_minute),
        ("waiting_minute", w.waiting_minute),
        ("overtime_minute", w.overtime_minute),
        ("continuity", w.continuity),
    ] {
        if !(0..=1_000_000_000_000).contains(&value) {
            issues.add(
                "out_of_range",
                "",
                format!("weights.{name}"),
                format!("weight {value} is negative or too large"),
                "give a weight between 0 and 10^12",
            );
        }
    }
}

/// Soft-window caps, their price, pay weights and overtime premiums.
pub(super) fn check_lateness_and_pay(issues: &mut Issues, input: &RoundsInput) {
    let w = &input.weights;
    for (name, value, max) in [
        ("late_minute", w.late_minute, 1_000_000_000_000),
        ("pay", w.pay, 1_000_000),
        ("max_late_minutes", w.max_late_minutes, 24 * 60),
    ] {
        if !(0..=max).contains(&value) {
            issues.add(
                "out_of_range",
                "",
                format!("weights.{name}"),
                format!("{value} is negative or too large"),
                format!("give a value between 0 and {max}"),
            );
        }
    }
    for (i, v) in input.visits.iter().enumerate() {
        if let Some(m) = v.max_late_minutes
            && !(0..=24 * 60).contains(&m)
        {
            issues.add(
                "out_of_range",
                format!("visit {}", v.id),
                format!("visits[{i}].max_late_minutes"),
                format!("{m} minutes late is negative or more than a day"),
                "give the most minutes the visit may start late (0 for never)",
            );
        }
    }
    for (i, wk) in input.workers.iter().enumerate() {
        if !(0..=1000).contains(&wk.overtime_premium_percent) {
            issues.add(
                "out_of_range",
                format!("worker {}", wk.id),
                format!("workers[{i}].overtime_premium_percent"),
                format!(
                    "premium {} % is negative or above 1000 %",
                    wk.overtime_premium_percent
                ),
                "give the overtime premium in percent of the hourly pay (50 = time and a half)",
            );
        }
    }
}
