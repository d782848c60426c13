//! The week input and the week plan, as read from and written to JSON.
//!
//! A [`WeekInput`] holds clients with care plans by weekday, workers with
//! availability by weekday, days off and contracted weekly hours, and the
//! continuity aim. A [`WeekPlan`] holds one day plan per date plus the
//! week's figures per client (distinct workers) and per worker (hours,
//! days worked, pay).

use serde::{Deserialize, Serialize};

use super::date::{CalendarDate, Weekday};
use crate::geo::{LatLon, TravelMode};
use crate::rounds::model::{
    Gender, Priority, RoundsPlan, SCHEMA_VERSION, Shift, TimeWindow, TravelSettings, Weights,
};

fn schema_version() -> u32 {
    SCHEMA_VERSION
}

fn seven() -> u32 {
    7
}

fn one() -> u8 {
    1
}

/// One visit of a client's care plan, repeated on the given weekdays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CarePlanVisit {
    /// Id within the client's plan ("am", "lunch", …); the day's visit id
    /// is `<client>-<id>@<date>`.
    pub id: String,
    /// Weekdays it happens on; every day when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<Weekday>,
    /// Allowed start windows (clock times of that day).
    pub windows: Vec<TimeWindow>,
    /// Minutes.
    pub duration: i64,
    /// Skills every carer needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// 1, or 2 for a double-handed call.
    #[serde(default = "one")]
    pub carers: u8,
    /// Must-do or can-move.
    #[serde(default)]
    pub priority: Priority,
    /// Never started late (medication).
    #[serde(default)]
    pub time_critical: bool,
    /// Most minutes it may start late (overrides the weights' default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_late_minutes: Option<i64>,
}

/// A client with a weekly care plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Unique client id.
    pub id: String,
    /// Home.
    pub location: LatLon,
    /// Workers the client knows and prefers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_workers: Vec<String>,
    /// Workers who must not visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_workers: Vec<String>,
    /// Carers of this gender only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// The visits of the care plan.
    pub visits: Vec<CarePlanVisit>,
}

/// Shifts a worker is available for on some weekdays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// The weekdays; every day when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<Weekday>,
    /// Shifts on those days.
    pub shifts: Vec<Shift>,
}

/// A care worker over the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WeekWorker {
    /// Unique worker id.
    pub id: String,
    /// Where each shift starts.
    pub start: LatLon,
    /// Where each shift ends; the start when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<LatLon>,
    /// Skills held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// How the worker travels.
    #[serde(default)]
    pub travel_mode: TravelMode,
    /// Speed override in km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<f64>,
    /// Most minutes worked in one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_working_minutes: Option<i64>,
    /// Contracted minutes a week: the most the plan gives the worker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contracted_weekly_minutes: Option<i64>,
    /// Pay in pence per hour (travel and waiting included).
    #[serde(default)]
    pub cost_per_hour: i64,
    /// Overtime premium in percent of the hourly pay.
    #[serde(default)]
    pub overtime_premium_percent: i64,
    /// When the worker is available.
    pub availability: Vec<Availability>,
    /// Dates off (holiday, training): no shift that day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days_off: Vec<CalendarDate>,
}

/// Continuity of care across the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct ContinuityRules {
    /// Aim: at most this many distinct workers per client per week.
    pub aim_max_workers: usize,
    /// Cost per visit by a worker new to the client once the client already
    /// has `aim_max_workers` distinct workers this week.
    pub over_aim_weight: i64,
}

impl Default for ContinuityRules {
    fn default() -> Self {
        ContinuityRules {
            aim_max_workers: 3,
            over_aim_weight: 2_000,
        }
    }
}

/// Hours of rest required between shifts on consecutive days (in minutes).
pub const MIN_REST_MINUTES: i64 = 11 * 60;

/// A week (or several days) of homecare to plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WeekInput {
    /// Format version.
    #[serde(default = "schema_version")]
    pub schema_version: u32,
    /// Optional name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First date planned.
    pub start_date: CalendarDate,
    /// Number of days (7 by default).
    #[serde(default = "seven")]
    pub days: u32,
    /// Skills used in the file.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Clients and their care plans.
    pub clients: Vec<Client>,
    /// Workers.
    pub workers: Vec<WeekWorker>,
    /// Travel settings.
    #[serde(default)]
    pub travel: TravelSettings,
    /// Objective weights (per day).
    #[serde(default)]
    pub weights: Weights,
    /// Continuity across the week.
    #[serde(default)]
    pub continuity: ContinuityRules,
}

/// The plan of one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct DayPlan {
    /// The date.
    pub date: CalendarDate,
    /// The rounds of that date.
    pub plan: RoundsPlan,
}

/// Continuity of one client over the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ClientWeek {
    /// The client.
    pub client: String,
    /// Visits planned (per carer).
    pub visits: usize,
    /// Distinct workers who visited.
    pub distinct_workers: usize,
    /// Those workers, sorted.
    pub workers: Vec<String>,
    /// Visits by a worker the client named as preferred.
    pub preferred_visits: usize,
    /// The team chosen for the client for the week (empty when the week
    /// was planned without teams).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<String>,
}

/// One worker's week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WorkerWeek {
    /// The worker.
    pub worker: String,
    /// Days with at least one round.
    pub days_worked: usize,
    /// Minutes worked.
    pub working_minutes: i64,
    /// Contracted weekly minutes, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contracted_weekly_minutes: Option<i64>,
    /// Shortest rest between two consecutive working days, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortest_rest_minutes: Option<i64>,
    /// Pay in pence.
    pub pay: i64,
}

/// Totals of a week plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WeekSummary {
    /// Visits in the week.
    pub visits: usize,
    /// Visits planned.
    pub planned: usize,
    /// Visits left unplanned.
    pub unplanned: usize,
    /// Visits (per carer) started after their window.
    pub late: usize,
    /// Minutes travelled.
    pub travel_minutes: i64,
    /// Workers with at least one round.
    pub workers_used: usize,
    /// Mean distinct workers per client with planned visits.
    pub continuity: f64,
    /// Clients seen by more workers than the aim.
    pub clients_over_aim: usize,
    /// Pay in pence.
    pub pay: i64,
    /// How the week was solved and what that loses.
    pub method: String,
}

/// A plan for the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WeekPlan {
    /// Format version.
    pub schema_version: u32,
    /// The week the plan was made for, so that a plan file stands alone
    /// (Discharge to Assess re-plans from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<WeekInput>,
    /// One plan per date, in order.
    pub days: Vec<DayPlan>,
    /// Continuity per client.
    pub clients: Vec<ClientWeek>,
    /// Hours per worker.
    pub workers: Vec<WorkerWeek>,
    /// Totals.
    pub summary: WeekSummary,
    /// What planning day by day loses, bounded (absent on plans made
    /// before the bounds, and on re-planned Discharge to Assess options).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decomposition: Option<super::bounds::Decomposition>,
}
