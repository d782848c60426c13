//! Rest between consecutive dates as a planned choice.
//!
//! A worker whose last shift on one date ends late and whose first shift on
//! the next date starts early cannot work both ends with 11 hours' rest in
//! between ([`MIN_REST_MINUTES`]): a *clash*. Planning dates in order would
//! spend the rest first come, first served (the late evening is worked, the
//! next morning shrinks). Instead the week's team flow ([`super::team`])
//! routes the clashing evening and next-morning minutes of a worker through
//! one shared capacity (what one side can hold), and the side that carries
//! more care minutes in the flow wins: when it is the next morning, the
//! evening's rounds are capped to end by the last return that keeps the
//! rest ([`cap_return`]). Ties go to the evening (the old behaviour).

use super::model::{MIN_REST_MINUTES, WeekInput, WeekWorker};
use super::{DAY, on};
use crate::rounds::model::{ClockTime, Shift};

/// A rest clash of a worker between date `d` and date `d + 1`, as minutes
/// of the day: the last return on `d` that keeps the rest before the next
/// date's first shift, and the earliest start on `d + 1` after the date's
/// last shift ends (overtime included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clash {
    /// Latest return on date `d` that keeps the rest.
    pub latest_return: i64,
    /// Earliest start on date `d + 1` after a full date `d`.
    pub earliest_start: i64,
}

/// The shifts `w` has on date number `d` (none on a day off).
fn shifts_on<'a>(
    week: &'a WeekInput,
    w: &'a WeekWorker,
    d: u32,
) -> impl Iterator<Item = &'a Shift> {
    let date = week.start_date.plus(i64::from(d));
    let off = w.days_off.contains(&date);
    w.availability
        .iter()
        .filter(move |a| !off && on(&a.weekdays, date.weekday()))
        .flat_map(|a| &a.shifts)
}

/// The clash of `w` between date `d` and `d + 1`, if their shifts leave
/// less than the rest.
pub fn clash(week: &WeekInput, w: &WeekWorker, d: u32) -> Option<Clash> {
    if d + 1 >= week.days {
        return None;
    }
    let last_end = shifts_on(week, w, d).map(|s| s.end.0 + s.overtime).max()?;
    let first_start = shifts_on(week, w, d + 1).map(|s| s.start.0).min()?;
    (last_end + MIN_REST_MINUTES > first_start + DAY).then_some(Clash {
        latest_return: first_start + DAY - MIN_REST_MINUTES,
        earliest_start: last_end + MIN_REST_MINUTES - DAY,
    })
}

/// `shifts` (sorted by start) cut so that the worker is back by `latest`:
/// shifts starting at or after it are dropped (they are the last ones, so
/// the others keep their numbers), a shift running past it ends there
/// (overtime only up to it). `None` when a break would no longer fit, or
/// when nothing would be left of a shift that is kept.
pub fn cap_return(shifts: &[Shift], latest: i64) -> Option<Vec<Shift>> {
    let mut out = Vec::with_capacity(shifts.len());
    for s in shifts {
        if s.start.0 >= latest {
            break;
        }
        let mut s = s.clone();
        if s.end.0 + s.overtime > latest {
            if s.end.0 > latest {
                s.end = ClockTime(latest);
                s.overtime = 0;
            } else {
                s.overtime = latest - s.end.0;
            }
            if s.breaks.iter().any(|b| b.earliest.0 + b.duration > s.end.0) {
                return None;
            }
        }
        out.push(s);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rounds::model::BreakRule;

    fn shift(a: i64, b: i64, ot: i64) -> Shift {
        Shift {
            start: ClockTime(a),
            end: ClockTime(b),
            overtime: ot,
            breaks: vec![],
        }
    }

    #[test]
    fn capping_cuts_the_evening_and_keeps_earlier_shift_numbers() {
        let day = [shift(420, 780, 30), shift(960, 1320, 30)];
        assert_eq!(
            cap_return(&day, 1200).unwrap(),
            vec![shift(420, 780, 30), shift(960, 1200, 0)]
        );
        assert_eq!(
            cap_return(&day, 1330).unwrap(),
            vec![shift(420, 780, 30), shift(960, 1320, 10)]
        );
        assert_eq!(cap_return(&day, 900).unwrap(), vec![shift(420, 780, 30)]);
        let mut with_break = day.to_vec();
        with_break[1].breaks.push(BreakRule {
            earliest: ClockTime(1150),
            latest: ClockTime(1180),
            duration: 30,
        });
        assert_eq!(cap_return(&with_break, 1170), None);
    }
}
