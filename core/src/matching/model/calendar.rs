//! Dates, weekdays and day-support sessions of the placement model.

use serde::{Deserialize, Serialize};

/// A calendar date written `YYYY-MM-DD`.
///
/// Kept as text in the model so that a malformed date is reported by
/// validation (with every other issue) rather than aborting parsing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(transparent)]
pub struct Date(pub String);

impl Date {
    /// Creates a date from its text form (not checked until [`Date::day_number`]).
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// Days since 1970-01-01, or `None` when the text is not a real
    /// `YYYY-MM-DD` date.
    pub fn day_number(&self) -> Option<i64> {
        let b = self.0.as_bytes();
        let digits_ok = b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        if b.len() != 10 || !digits_ok {
            return None;
        }
        let y: i64 = self.0.get(0..4)?.parse().ok()?;
        let m: i64 = self.0.get(5..7)?.parse().ok()?;
        let d: i64 = self.0.get(8..10)?.parse().ok()?;
        crate::date::day_number(y, m, d)
    }
}

/// The weekday of a day number (day 0, 1970-01-01, was a Thursday).
pub fn weekday_of(day: i64) -> Weekday {
    Weekday::ALL[crate::date::weekday_index(day)]
}

/// The `YYYY-MM-DD` text of a day number (inverse of [`Date::day_number`];
/// Howard Hinnant's `civil_from_days`).
pub fn date_of(day: i64) -> Date {
    let (y, m, d) = crate::date::civil(day);
    Date(format!("{y:04}-{m:02}-{d:02}"))
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An inclusive range of dates (`start` ≤ `end`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

/// A day of the week, for day-support sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Every day, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// Monday to Friday (the default day-support days).
    pub const WORKING: [Weekday; 5] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ];

    /// The day's name.
    pub fn label(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

/// One day-support session a week: a weekday and its length (4 or 8 hours
/// in Nottinghamshire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The weekday.
    pub day: Weekday,
    /// Hours (4 or 8).
    pub hours: u32,
}
