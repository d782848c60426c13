//! The homecare rounds output: a [`RoundsPlan`] with one [`Round`] per worker
//! shift, the visits not planned with their reasons, and the day's figures.

use serde::{Deserialize, Serialize};

use super::{ClockTime, is_zero};

/// One stop of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RoundStop {
    /// The visit done.
    pub visit: String,
    /// Its client.
    pub client: String,
    /// Minutes travelled from the previous place.
    pub travel: i64,
    /// Arrival at the client's home.
    pub arrival: ClockTime,
    /// Start of the visit.
    pub start: ClockTime,
    /// End of the visit.
    pub end: ClockTime,
    /// Minutes waited before starting (not counting breaks).
    pub wait: i64,
    /// For a double-handed visit, the other worker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
    /// Minutes the visit starts after its window (soft windows).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub late_minutes: i64,
}

/// A break as planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RoundBreak {
    /// Index of the break in the shift's list.
    pub index: usize,
    /// Start.
    pub start: ClockTime,
    /// End.
    pub end: ClockTime,
    /// Taken between the previous stop and `stops[before]` (or after the
    /// last stop when `before` equals the number of stops).
    pub before: usize,
}

/// A worker's round for one shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// The worker.
    pub worker: String,
    /// Index of the shift in the worker's list.
    pub shift: usize,
    /// Departure from the start location.
    pub departure: ClockTime,
    /// Return to the end location.
    #[serde(rename = "return")]
    pub return_at: ClockTime,
    /// Visits in order.
    pub stops: Vec<RoundStop>,
    /// Breaks taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<RoundBreak>,
    /// Minutes travelled, including the way home.
    pub travel_minutes: i64,
    /// Minutes waited.
    pub waiting_minutes: i64,
    /// Minutes from departure to return.
    pub working_minutes: i64,
    /// Minutes past the contracted end of the shift.
    pub overtime_minutes: i64,
}

/// A visit that could not be planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UnplannedVisit {
    /// The visit.
    pub visit: String,
    /// Its client.
    pub client: String,
    /// Readable reasons, most specific first (e.g. "no worker with skill hoist").
    pub reasons: Vec<String>,
    /// The same reasons as data: code, skill, window or rule involved, the
    /// workers who came closest and what would make the visit fit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<crate::rounds::unplanned::UnplannedReason>,
}

/// Hours and travel of one worker over the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WorkerDay {
    /// The worker.
    pub worker: String,
    /// Visits done.
    pub visits: usize,
    /// Minutes worked (departure to return, all shifts).
    pub working_minutes: i64,
    /// Minutes travelled.
    pub travel_minutes: i64,
    /// Minutes with clients.
    pub visit_minutes: i64,
    /// Pay for the minutes worked, in pence.
    pub cost: i64,
}

/// Totals of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PlanSummary {
    /// Visits planned.
    pub visits_planned: usize,
    /// Visits left unplanned.
    pub visits_unplanned: usize,
    /// Minutes travelled.
    pub travel_minutes: i64,
    /// Minutes waited.
    pub waiting_minutes: i64,
    /// Minutes worked.
    pub working_minutes: i64,
    /// Minutes of overtime.
    pub overtime_minutes: i64,
    /// Visits (per carer) by a worker the client does not know although they
    /// named preferred workers.
    pub continuity_breaks: usize,
    /// Pay for the minutes worked, in pence.
    pub cost: i64,
    /// Visits (per carer) started after their window.
    #[serde(default)]
    pub late_visits: usize,
    /// Minutes started after the window, summed over those visits.
    #[serde(default)]
    pub late_minutes: i64,
    /// The engine's objective value (lower is better).
    pub objective: i64,
}

/// A plan for the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RoundsPlan {
    /// Format version.
    pub schema_version: u32,
    /// One round per worker shift with at least one visit.
    pub rounds: Vec<Round>,
    /// Visits not planned, with reasons.
    pub unplanned: Vec<UnplannedVisit>,
    /// Per-worker figures (every worker, in input order).
    pub workers: Vec<WorkerDay>,
    /// Totals.
    pub summary: PlanSummary,
}
