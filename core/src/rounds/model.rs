//! The homecare rounds input and output, as read from and written to JSON.
//!
//! A [`RoundsInput`] describes one day: the visits clients need, the care
//! workers on shift, and how travel times are worked out. A [`RoundsPlan`] is
//! the answer: one [`Round`] per worker shift with the schedule of every stop,
//! and every visit that could not be planned with readable reasons.
//!
//! **Times** are clock times of the plan day in whole minutes since midnight
//! ([`ClockTime`]). In JSON they are written `"HH:MM"` (hours may exceed 23
//! for a night running past midnight, e.g. `"25:30"`); a plain integer number
//! of minutes since midnight is accepted on input too. **Durations** are whole
//! minutes. Integer minutes keep every schedule exact and identical natively
//! and in WebAssembly.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::geo::{LatLon, TravelMode};

mod plan;
pub use plan::{PlanSummary, Round, RoundBreak, RoundStop, RoundsPlan, UnplannedVisit, WorkerDay};

/// Version of the rounds file format written and read by this crate.
pub const SCHEMA_VERSION: u32 = 1;

/// A clock time on the plan day, in minutes since midnight.
///
/// Serialised as `"HH:MM"`; read from `"HH:MM"` or an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ClockTime(pub i64);

impl ClockTime {
    /// From hours and minutes.
    pub const fn hm(hours: i64, minutes: i64) -> Self {
        ClockTime(hours * 60 + minutes)
    }
    /// Minutes since midnight.
    pub const fn minutes(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let m = self.0.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ClockTime;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a time \"HH:MM\" or whole minutes since midnight")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ClockTime, E> {
                if (-MAX_CLOCK..=MAX_CLOCK).contains(&v) {
                    Ok(ClockTime(v))
                } else {
                    Err(E::custom(format!(
                        "time {v} is out of range (at most 7 days)"
                    )))
                }
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ClockTime, E> {
                i64::try_from(v)
                    .map_err(|_| E::custom("time out of range"))
                    .and_then(|v| self.visit_i64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ClockTime, E> {
                parse_hhmm(v).ok_or_else(|| {
                    E::custom(format!(
                        "\"{v}\" is not a time; write \"HH:MM\", e.g. \"07:30\""
                    ))
                })
            }
        }
        d.deserialize_any(V)
    }
}

// The TypeScript type of `ClockTime` for the generated bindings (its serde
// form is hand-written, so it cannot be derived).
#[cfg(feature = "tsify")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_CLOCK_TIME: &str = r#"
/** A clock time of the plan day: "HH:MM" (whole minutes since midnight are accepted on input). */
export type ClockTime = string | number;
"#;

/// Largest accepted clock time: a week, in minutes.
const MAX_CLOCK: i64 = 7 * 24 * 60;

fn parse_hhmm(s: &str) -> Option<ClockTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || m.len() != 2 {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    if !(0..60).contains(&m) || !(0..=MAX_CLOCK / 60).contains(&h) {
        return None;
    }
    Some(ClockTime(h * 60 + m))
}

/// A window for the *start* of a visit (arriving earlier means waiting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    /// Earliest start.
    pub earliest: ClockTime,
    /// Latest start.
    pub latest: ClockTime,
}

/// How much a visit matters if the day is too full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Must happen today (personal care, medication): left unplanned only
    /// when it truly cannot be fitted.
    #[default]
    MustDo,
    /// Can move to another day (a shopping or social call) if the day is full.
    CanMove,
}

/// A worker's gender, and a client's preference for the gender of their carers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
}

/// Fixes a visit to a worker, and optionally to a start time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct VisitPin {
    /// The worker who must do the visit.
    pub worker: String,
    /// The exact start time, if fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<ClockTime>,
}

fn one() -> u8 {
    1
}

fn is_one(v: &u8) -> bool {
    *v == 1
}

fn is_must_do(p: &Priority) -> bool {
    *p == Priority::MustDo
}

/// One visit to a client's home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// Unique visit id.
    pub id: String,
    /// The client visited (continuity of care is per client).
    pub client: String,
    /// Where the visit happens.
    pub location: LatLon,
    /// Allowed start windows; at least one.
    pub windows: Vec<TimeWindow>,
    /// Length of the visit in minutes.
    pub duration: i64,
    /// Skills every carer on this visit needs (declared in [`RoundsInput::skills`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Carers needed: 1, or 2 for a double-handed call (both there at the same time).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub carers: u8,
    /// Workers the client knows (continuity of care); others cost a penalty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_workers: Vec<String>,
    /// Workers who must not do this visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_workers: Vec<String>,
    /// The client accepts carers of this gender only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Must-do or can-move.
    #[serde(default, skip_serializing_if = "is_must_do")]
    pub priority: Priority,
    /// Optional pin to a worker (and start time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<VisitPin>,
    /// Time-critical (medication, insulin): never started after its window,
    /// whatever [`Weights::max_late_minutes`] allows.
    #[serde(default, skip_serializing_if = "is_false")]
    pub time_critical: bool,
    /// Most minutes this visit may start after its window, overriding
    /// [`Weights::max_late_minutes`] (ignored when time-critical).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_late_minutes: Option<i64>,
}

fn is_false(v: &bool) -> bool {
    !*v
}

impl Visit {
    /// Minutes a start at `start` falls after the visit's last window (0
    /// inside a window, or before the last one closes).
    pub fn lateness(&self, start: ClockTime) -> i64 {
        if self
            .windows
            .iter()
            .any(|w| w.earliest <= start && start <= w.latest)
        {
            return 0;
        }
        self.windows
            .iter()
            .map(|w| w.latest)
            .max()
            .map_or(0, |l| (start.0 - l.0).max(0))
    }

    /// Most minutes the visit may start after its last window closes under
    /// `weights` (0 for a time-critical visit).
    pub fn late_cap(&self, weights: &Weights) -> i64 {
        if self.time_critical {
            0
        } else {
            self.max_late_minutes
                .unwrap_or(weights.max_late_minutes)
                .max(0)
        }
    }
}

/// A break a worker takes during a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct BreakRule {
    /// Earliest start of the break.
    pub earliest: ClockTime,
    /// Latest start of the break.
    pub latest: ClockTime,
    /// Length in minutes.
    pub duration: i64,
}

/// One shift of a worker: leave the start location no earlier than `start`,
/// be back at the end location by `end` (plus any allowed overtime).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Start of the shift.
    pub start: ClockTime,
    /// Contracted end of the shift.
    pub end: ClockTime,
    /// Minutes the worker may work past `end`, paid as overtime (default 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub overtime: i64,
    /// Breaks to take during the shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<BreakRule>,
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// A care worker on the rota for the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Worker {
    /// Unique worker id.
    pub id: String,
    /// Where the worker starts each shift (usually home).
    pub start: LatLon,
    /// Where the worker ends each shift; the start location when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<LatLon>,
    /// Shifts of the day (non-overlapping). Each is planned as its own round.
    pub shifts: Vec<Shift>,
    /// Skills held (declared in [`RoundsInput::skills`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Gender, for clients with a preference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// How the worker travels between visits.
    #[serde(default)]
    pub travel_mode: TravelMode,
    /// Door-to-door speed in km/h, overriding the mode's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<f64>,
    /// Most minutes the worker may work in the day (all shifts, travel included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_working_minutes: Option<i64>,
    /// Pay in pence per hour worked, travel and waiting included (in the
    /// plan's cost figures and, through [`Weights::pay`], in the objective).
    #[serde(default)]
    pub cost_per_hour: i64,
    /// Extra pay for overtime minutes, in percent of `cost_per_hour`
    /// (50 = time and a half; default 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub overtime_premium_percent: i64,
}

impl Worker {
    /// Pay in pence for `working` minutes of which `overtime` are overtime:
    /// `working × rate / 60 + overtime × rate × premium / 6000`, rounded down.
    pub fn pay(&self, working: i64, overtime: i64) -> i64 {
        working * self.cost_per_hour / 60
            + overtime * self.cost_per_hour * self.overtime_premium_percent / 6000
    }
}

/// A travel-time matrix supplied by the user (e.g. exported from OSRM or
/// Valhalla), for one travel mode or for all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TravelMatrixInput {
    /// The mode it applies to; every mode when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TravelMode>,
    /// The places, in matrix order. Every visit and worker location must be
    /// one of them (matched on exact coordinates).
    pub points: Vec<LatLon>,
    /// `minutes[i][j]`: travel time from `points[i]` to `points[j]`.
    pub minutes: Vec<Vec<i64>>,
}

/// How travel times are worked out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TravelSettings {
    /// User matrices; without one, great-circle distance × the mode's road
    /// factor at the worker's speed is used ([`TravelMode::minutes`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matrices: Vec<TravelMatrixInput>,
}

/// Objective weights, overridable per file. The default is lexicographic:
/// planned visits ≫ lateness ≫ travel + waiting + overtime + continuity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Cost of leaving a must-do visit unplanned.
    pub unplanned_must_do: i64,
    /// Cost of leaving a can-move visit unplanned.
    pub unplanned_can_move: i64,
    /// Per minute of travel.
    pub travel_minute: i64,
    /// Per minute of waiting.
    pub waiting_minute: i64,
    /// Per minute of overtime.
    pub overtime_minute: i64,
    /// Per visit by a worker the client does not know (when the client has
    /// preferred workers).
    pub continuity: i64,
    /// Per minute a visit starts after its window (soft windows).
    pub late_minute: i64,
    /// Default most minutes a visit may start after its window (0: windows
    /// are hard). Time-critical visits are never late.
    pub max_late_minutes: i64,
    /// Per penny of pay (hourly cost × paid time, travel and waiting
    /// included, plus the overtime premium); 0 leaves pay out of the objective.
    pub pay: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            unplanned_must_do: 1_000_000_000,
            unplanned_can_move: 10_000_000,
            travel_minute: 10,
            waiting_minute: 2,
            overtime_minute: 20,
            continuity: 150,
            late_minute: 30,
            max_late_minutes: 0,
            pay: 1,
        }
    }
}

fn schema_version() -> u32 {
    SCHEMA_VERSION
}

/// A day of homecare to plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RoundsInput {
    /// Format version; must be [`SCHEMA_VERSION`].
    #[serde(default = "schema_version")]
    pub schema_version: u32,
    /// Optional name of the day or area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The skills used in this file (visits and workers may only name these).
    #[serde(default)]
    pub skills: Vec<String>,
    /// Visits to plan.
    pub visits: Vec<Visit>,
    /// Workers on the rota.
    pub workers: Vec<Worker>,
    /// Travel-time settings.
    #[serde(default)]
    pub travel: TravelSettings,
    /// Objective weights.
    #[serde(default)]
    pub weights: Weights,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_time_round_trips_and_accepts_minutes() {
        let t: ClockTime = serde_json::from_str("\"07:05\"").unwrap();
        assert_eq!(t, ClockTime(425));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"07:05\"");
        let t: ClockTime = serde_json::from_str("1530").unwrap();
        assert_eq!(t.to_string(), "25:30");
        assert!(serde_json::from_str::<ClockTime>("\"7:5\"").is_err());
        assert!(serde_json::from_str::<ClockTime>("\"07:60\"").is_err());
        assert!(serde_json::from_str::<ClockTime>("\"x\"").is_err());
        assert!(serde_json::from_str::<ClockTime>("99999999").is_err());
    }
}
