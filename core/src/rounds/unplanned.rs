//! Why a visit is unplanned, as data: a stable code, words for a person, the
//! skill, window or rule involved, the workers who came closest and by how
//! much they missed, and what would make the visit fit.
//!
//! The engine's own reasons ([`crate::routing::UnassignedReason`]) say which
//! rule blocked a job; this layer adds the homecare facts a planner acts on
//! (VROOM reports unassigned jobs as data in the same spirit).

use serde::{Deserialize, Serialize};

use super::model::{ClockTime, TimeWindow};

/// One reason a visit is unplanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UnplannedReason {
    /// Stable code: `missing_skill`, `no_gender_match`, `all_blocked`,
    /// `no_eligible_worker`, `double_handed_one_worker`,
    /// `window_unreachable`, `partner_unplanned`, `all_workers_full`,
    /// `over_capacity`, `longer_than_shifts`, or (Discharge to Assess)
    /// `before_package_start`.
    pub code: String,
    /// The reason in words (no codes).
    pub text: String,
    /// The skill involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// The visit window involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<TimeWindow>,
    /// The rule involved, in words a planner uses (e.g. "double-handed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Eligible workers who came closest, nearest first (at most three).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nearest: Vec<NearMiss>,
    /// What would make the visit fit.
    pub fit: FitHint,
}

/// How close one eligible worker's shift came to taking the visit.
///
/// Measured on the worker's round as planned, with every other stop where
/// it is: the best gap (before the first stop, between two stops, or before
/// going home) is the one where the visit misses by the fewest minutes.
/// Breaks and daily-hour limits are not counted here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct NearMiss {
    /// The worker.
    pub worker: String,
    /// Index of the shift in the worker's list.
    pub shift: usize,
    /// Earliest start the worker could manage in that gap.
    pub start: ClockTime,
    /// Minutes the start falls after what the visit allows: its window, or
    /// for the last window its late cap as well (0 if allowed).
    pub late_minutes: i64,
    /// Minutes the visit would run into the next stop or past the shift
    /// end (0 if it fits).
    pub overrun_minutes: i64,
    /// Total minutes missed (`late_minutes + overrun_minutes`).
    pub missed_minutes: i64,
    /// Where in the round: "before the first visit", "between V3 and V7",
    /// "after the last visit", "empty round".
    pub gap: String,
}

/// What would make an unplanned visit fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct FitHint {
    /// Stable code: `extra_shift`, `widen_window`, `extend_shift`,
    /// `free_gap`, `unblock_worker`, `start_earlier`.
    pub code: String,
    /// The suggestion in words.
    pub text: String,
    /// The worker concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<String>,
    /// Start of the time suggested (new window start, shift start, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ClockTime>,
    /// End of the time suggested (new window end, shift end, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ClockTime>,
}
