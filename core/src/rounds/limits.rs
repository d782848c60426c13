//! Size limits of one planning run that are not a count of records.
//!
//! The engine works on dense travel matrices: one duration and one distance
//! per ordered pair of distinct places, for each distinct travel profile
//! (travel mode and speed) among the workers. That is 16 bytes per cell, so
//! `profiles × places²` bounds the memory of a run; without a bound a file of
//! a few thousand workers, each with a slightly different `speed_kmh`, would
//! ask for tens of gigabytes (and WebAssembly memory cannot grow past 4 GiB).
//! See `LIMITS.md` at the repository root for every stated limit.

use std::collections::HashSet;

use super::model::RoundsInput;
use crate::error::Issues;

/// Most travel-matrix cells (`profiles × places²`) one run may build: about
/// 1 GiB of matrices, which leaves room for the search in 4 GiB of wasm memory.
pub const MAX_MATRIX_CELLS: u64 = 64 * 1024 * 1024;

/// Distinct places (visit locations, worker starts and ends) and distinct
/// travel profiles of a day, as the engine will count them.
pub fn matrix_shape(input: &RoundsInput) -> (u64, u64) {
    let key = |p: &crate::geo::LatLon| (p.lat.to_bits(), p.lon.to_bits());
    let mut places = HashSet::new();
    for v in &input.visits {
        places.insert(key(&v.location));
    }
    for w in &input.workers {
        places.insert(key(&w.start));
        places.insert(key(&w.end.unwrap_or(w.start)));
    }
    let profiles: HashSet<_> = input
        .workers
        .iter()
        .map(|w| (w.travel_mode, w.speed_kmh.map(f64::to_bits)))
        .collect();
    (places.len() as u64, profiles.len().max(1) as u64)
}

/// Records an issue when the day's travel matrices would be too large.
pub(super) fn check_matrix_size(issues: &mut Issues, input: &RoundsInput) {
    let (places, profiles) = matrix_shape(input);
    let cells = profiles.saturating_mul(places.saturating_mul(places));
    if cells > MAX_MATRIX_CELLS {
        issues.add(
            "input_too_large",
            "",
            "",
            format!(
                "{places} distinct places and {profiles} travel profiles need {cells} travel-matrix cells; \
                 the limit is {MAX_MATRIX_CELLS} (about 1 GiB)"
            ),
            "give workers who travel alike the same travel_mode and speed_kmh, merge visits at one \
             address, or split the day by district",
        );
    }
}
