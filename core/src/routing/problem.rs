//! The routing engine's input: locations, travel matrices, jobs, vehicles
//! and objective weights, all in integers.
//!
//! Time and distance units are the caller's choice (seconds, minutes, or
//! tenths of a unit for the DIMACS convention) as long as they are used
//! consistently. Costs are `i64`.

use serde::{Deserialize, Serialize};

/// A travel matrix for one travel profile (car, walk, …), row-major
/// `size × size`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TravelMatrix {
    /// Number of locations.
    pub size: usize,
    /// Travel time from `i` to `j` at `i * size + j`.
    pub duration: Vec<i64>,
    /// Travel distance from `i` to `j` at `i * size + j`.
    pub distance: Vec<i64>,
}

impl TravelMatrix {
    /// Travel time from `a` to `b`.
    #[inline]
    pub fn time(&self, a: usize, b: usize) -> i64 {
        self.duration[a * self.size + b]
    }
    /// Travel distance from `a` to `b`.
    #[inline]
    pub fn dist(&self, a: usize, b: usize) -> i64 {
        self.distance[a * self.size + b]
    }
}

/// A window `[earliest, latest]` for the *start* of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Earliest start (arriving earlier means waiting).
    pub earliest: i64,
    /// Latest start (hard, unless the job's `soft_latest` is set).
    pub latest: i64,
}

/// Fixes a job to a vehicle, and optionally to a start time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// The vehicle that must serve the job.
    pub vehicle: usize,
    /// The exact start time, if fixed.
    pub start: Option<i64>,
}

/// Something to be done at a location.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Index into the travel matrices.
    pub location: usize,
    /// Service duration.
    pub duration: i64,
    /// Start windows, sorted and disjoint; empty means any time in the shift.
    pub windows: Vec<Window>,
    /// If true, a start after the last window's `latest` is allowed and
    /// costs `tardiness` per unit (Mankowska); if false it is infeasible.
    pub soft_latest: bool,
    /// With `soft_latest`, the most lateness allowed past the last window
    /// (beyond it the start is infeasible); `None` means unbounded.
    #[serde(default)]
    pub max_lateness: Option<i64>,
    /// Load taken from the vehicle's capacity (Solomon demand; 0 for homecare).
    pub demand: i64,
    /// Vehicles allowed to serve it (skills, blocked workers, gender already
    /// resolved by the caller); `None` means every vehicle.
    pub allowed_vehicles: Option<Vec<usize>>,
    /// Vehicles preferred for continuity of care; any other costs
    /// [`Objective::continuity`].
    pub preferred_vehicles: Vec<usize>,
    /// Cost of leaving the job unplanned (priority-weighted; huge for must-do).
    pub unassigned_penalty: i64,
    /// Optional pin to a vehicle (and time).
    pub pin: Option<Pin>,
}

/// A break a vehicle's driver must take inside a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    /// Window for the start of the break.
    pub window: Window,
    /// Length of the break.
    pub duration: i64,
}

/// A vehicle (care worker's shift).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vehicle {
    /// Where the shift starts.
    pub start_location: usize,
    /// Where it ends; `None` means the route ends at the last job.
    pub end_location: Option<usize>,
    /// Earliest departure and latest return.
    pub shift: Window,
    /// Breaks to take during the shift.
    pub breaks: Vec<Break>,
    /// Maximum route duration (return − departure), if limited.
    pub max_duration: Option<i64>,
    /// Load capacity (Solomon); `i64::MAX` when irrelevant.
    pub capacity: i64,
    /// Index of the travel matrix this vehicle uses.
    pub profile: usize,
    /// Cost of using this vehicle at all (fleet minimisation).
    pub fixed_cost: i64,
    /// Cost per unit of route duration (wages).
    pub cost_per_time: i64,
    /// Extra cost per unit of overtime on this vehicle (an overtime pay
    /// premium), on top of [`Objective::overtime`].
    #[serde(default)]
    pub overtime_cost: i64,
    /// Soft cap on route duration: time beyond it costs [`Objective::overtime`].
    pub overtime_after: Option<i64>,
}

/// How two jobs are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncKind {
    /// Both start at the same time on two different vehicles (double-handed).
    Simultaneous,
    /// `second` starts between `min` and `max` after `first` starts.
    Gap {
        /// Minimum gap.
        min: i64,
        /// Maximum gap.
        max: i64,
    },
}

/// A pair of jobs whose start times are linked; they must be served by
/// different vehicles, and either both are planned or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncGroup {
    /// First job index.
    pub first: usize,
    /// Second job index.
    pub second: usize,
    /// The link.
    pub kind: SyncKind,
}

/// Objective weights. The total is the weighted sum; lexicographic goals
/// are expressed with weights of different orders of magnitude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    /// Per unit of distance.
    pub distance: i64,
    /// Per unit of travel time.
    pub travel_time: i64,
    /// Per unit of waiting time.
    pub waiting: i64,
    /// Per unit of lateness (soft windows).
    pub tardiness: i64,
    /// Per unit of the largest lateness over all jobs.
    pub max_tardiness: i64,
    /// Per unit of overtime.
    pub overtime: i64,
    /// Per job served by a non-preferred vehicle.
    pub continuity: i64,
}

impl Default for Objective {
    fn default() -> Self {
        Objective {
            distance: 1,
            travel_time: 0,
            waiting: 0,
            tardiness: 0,
            max_tardiness: 0,
            overtime: 0,
            continuity: 0,
        }
    }
}

/// The complete routing problem.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RoutingProblem {
    /// One matrix per travel profile; all the same size.
    pub matrices: Vec<TravelMatrix>,
    /// Jobs to plan.
    pub jobs: Vec<Job>,
    /// Available vehicles.
    pub vehicles: Vec<Vehicle>,
    /// Linked job pairs.
    pub sync: Vec<SyncGroup>,
    /// Objective weights.
    pub objective: Objective,
}
