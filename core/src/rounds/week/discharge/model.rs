//! The Discharge to Assess input (a care package) and output (ranked
//! options).

use serde::{Deserialize, Serialize};

use crate::geo::LatLon;
use crate::rounds::model::{ClockTime, UnplannedVisit};
use crate::rounds::week::date::CalendarDate;
use crate::rounds::week::model::{Client, WeekInput, WeekPlan};

/// A moment: a date and a clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// The date.
    pub date: CalendarDate,
    /// The time of day.
    pub time: ClockTime,
}

impl Moment {
    /// Minutes since 1970-01-01 00:00.
    pub fn minutes(self) -> i64 {
        self.date.0 * 24 * 60 + self.time.0
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.date, self.time)
    }
}

/// A new care package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// The client and the care plan (visits by weekday, possibly
    /// double-handed).
    pub client: Client,
    /// When the person is discharged (medically fit and leaving hospital).
    pub discharge: Moment,
}

/// An existing visit that moved to make room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct MovedVisit {
    /// The date.
    pub date: CalendarDate,
    /// The visit.
    pub visit: String,
    /// Workers before (sorted).
    pub from_workers: Vec<String>,
    /// Workers after (sorted; empty if it is now unplanned).
    pub to_workers: Vec<String>,
    /// Start before.
    pub from_start: ClockTime,
    /// Start after (the old start if now unplanned).
    pub to_start: ClockTime,
}

/// An extra shift that would take package visits that fit nowhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ExtraShift {
    /// The first date it is needed.
    pub date: CalendarDate,
    /// From.
    pub from: ClockTime,
    /// To.
    pub to: ClockTime,
    /// Where: the client's home.
    pub near: LatLon,
    /// Skills the worker needs.
    pub skills: Vec<String>,
    /// Workers needed at once (2 for double-handed visits).
    pub workers: u8,
    /// The suggestion in words.
    pub text: String,
}

/// One way to take the package on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct DischargeOption {
    /// 1 for the best.
    pub rank: usize,
    /// The date the package starts.
    pub start_date: CalendarDate,
    /// Start of the first new visit.
    pub earliest_start: Option<Moment>,
    /// New visits planned (per visit, not per carer).
    pub planned: usize,
    /// New visits that did not fit, with reasons.
    pub unplanned: Vec<UnplannedVisit>,
    /// Workers who visit the new client.
    pub workers: Vec<String>,
    /// Distinct workers for the new client (continuity).
    pub continuity: usize,
    /// Extra pay in pence over the re-planned dates.
    pub extra_cost: i64,
    /// Extra objective (the engine's cost) over the re-planned dates.
    pub extra_objective: i64,
    /// Existing visits that were planned before and are not now.
    pub displaced: usize,
    /// Existing visits that changed worker or start.
    pub moved: Vec<MovedVisit>,
    /// What would take the visits that did not fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_shift: Option<ExtraShift>,
    /// The week plan with the package in it.
    pub plan: WeekPlan,
}

/// The ranked options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct DischargeOptions {
    /// Best first.
    pub options: Vec<DischargeOption>,
    /// The week with the package's client added (what the options' plans
    /// are checked against).
    pub week: WeekInput,
}
