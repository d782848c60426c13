//! The routing engine's output: routes with a full schedule, the cost broken
//! down, and every unplanned job with its reasons.

use serde::{Deserialize, Serialize};

/// One served job in a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledJob {
    /// Job index.
    pub job: usize,
    /// Arrival time at the job's location.
    pub arrival: i64,
    /// Service start.
    pub start: i64,
    /// Waiting before the start (`start − arrival`, minus any break taken there).
    pub wait: i64,
    /// Lateness past the window (soft windows only).
    pub lateness: i64,
}

/// A break as scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledBreak {
    /// Index of the break in the vehicle's list.
    pub index: usize,
    /// Start time.
    pub start: i64,
    /// Position: the break is taken before `stops[before]` (or at the end).
    /// The engine takes it at that stop's location after arriving and before
    /// the service starts; with `before == stops.len()` it is taken after
    /// reaching the end location (after the last job when there is none).
    pub before: usize,
}

/// A vehicle's route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// Vehicle index.
    pub vehicle: usize,
    /// Departure from the start location.
    pub departure: i64,
    /// Return to the end location (or end of the last job), plus any
    /// breaks taken at the end.
    pub arrival: i64,
    /// Jobs in order with their schedule.
    pub stops: Vec<ScheduledJob>,
    /// Breaks taken.
    pub breaks: Vec<ScheduledBreak>,
    /// Total distance.
    pub distance: i64,
    /// Total travel time.
    pub travel_time: i64,
    /// Total waiting time.
    pub waiting: i64,
}

/// Why a job could not be planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnassignedReason {
    /// No vehicle is allowed to serve it.
    NoAllowedVehicle,
    /// No allowed vehicle's shift can reach any of its windows.
    WindowUnreachable,
    /// Its demand exceeds every allowed vehicle's capacity.
    CapacityExceeded,
    /// Its duration exceeds every allowed shift.
    LongerThanShifts,
    /// Its synchronised partner could not be planned.
    PartnerUnplanned,
    /// Feasible alone, but every allowed route was full.
    AllRoutesFull,
}

/// A job left unplanned, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnassignedJob {
    /// Job index.
    pub job: usize,
    /// Reasons, most specific first.
    pub reasons: Vec<UnassignedReason>,
}

/// Objective components of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostBreakdown {
    /// Total distance.
    pub distance: i64,
    /// Total travel time.
    pub travel_time: i64,
    /// Total waiting.
    pub waiting: i64,
    /// Total lateness.
    pub tardiness: i64,
    /// Largest lateness.
    pub max_tardiness: i64,
    /// Total overtime.
    pub overtime: i64,
    /// Jobs served by non-preferred vehicles.
    pub continuity_breaks: i64,
    /// Number of vehicles used.
    pub vehicles_used: i64,
    /// Sum of unassigned penalties.
    pub unassigned_penalty: i64,
    /// Weighted total.
    pub total: i64,
}

/// A complete plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingSolution {
    /// Non-empty routes.
    pub routes: Vec<Route>,
    /// Jobs not planned, with reasons.
    pub unassigned: Vec<UnassignedJob>,
    /// Cost components.
    pub cost: CostBreakdown,
    /// Improvement iterations done.
    pub iterations: u64,
}
