//! Calendar arithmetic on day numbers (days since 1970-01-01, proleptic
//! Gregorian calendar), without a clock. Shared by the placement model's
//! dates ([`crate::matching::Date`]) and the rounds week's
//! ([`crate::rounds::week::CalendarDate`]); each keeps its own text form.
//!
//! Hand-written (Howard Hinnant's `days_from_civil` and `civil_from_days`)
//! because it is the only calendar arithmetic we need and a date crate would
//! add a dependency to the wasm build for a few functions.

/// Days in month `m` (1–12) of year `y`.
pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The day number of year `y`, month `m` (1–12), day `d` (1–31), or `None`
/// when there is no such date.
pub(crate) fn day_number(y: i64, m: i64, d: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Year, month (1–12) and day of a day number (inverse of [`day_number`]).
pub(crate) fn civil(day: i64) -> (i64, i64, i64) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The weekday of a day number, Monday = 0 … Sunday = 6 (day 0, 1970-01-01,
/// was a Thursday).
pub(crate) fn weekday_index(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(day_number(1970, 1, 1), Some(0));
        assert_eq!(day_number(2000, 3, 1), Some(11_017));
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(-1), (1969, 12, 31));
        assert_eq!(weekday_index(0), 3);
        assert_eq!(weekday_index(-1), 2);
        // 2026-11-30 is a Monday.
        assert_eq!(day_number(2026, 11, 30).map(weekday_index), Some(0));
    }

    #[test]
    fn leap_years_and_impossible_dates() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2025, 2), 28);
        assert!(day_number(2025, 2, 29).is_none());
        assert!(day_number(2025, 13, 1).is_none());
        assert!(day_number(2025, 0, 1).is_none());
        assert!(day_number(2025, 4, 31).is_none());
        assert!(day_number(2025, 4, 0).is_none());
    }

    #[test]
    fn day_numbers_and_dates_round_trip_and_count_one_by_one() {
        for n in -200_000..200_000 {
            let (y, m, d) = civil(n);
            assert_eq!(day_number(y, m, d), Some(n), "{y}-{m}-{d}");
            // The day before, counted by hand: the previous day of the month, or
            // the last of the previous month.
            let (py, pm, pd) = civil(n - 1);
            let next = if pd < days_in_month(py, pm) {
                (py, pm, pd + 1)
            } else if pm < 12 {
                (py, pm + 1, 1)
            } else {
                (py + 1, 1, 1)
            };
            assert_eq!((y, m, d), next, "day {n}");
        }
    }
}
