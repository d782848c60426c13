//! Calendar dates (`YYYY-MM-DD`) and weekdays, without a clock: days are
//! counted from 1970-01-01 with the proleptic Gregorian calendar (Howard
//! Hinnant's `days_from_civil` algorithm).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CalendarDate(pub i64);

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
}

impl CalendarDate {
    /// From year, month (1–12) and day (1–31), if it exists.
    pub fn ymd(y: i64, m: i64, d: i64) -> Option<CalendarDate> {
        crate::date::day_number(y, m, d).map(CalendarDate)
    }

    /// Year, month and day.
    pub fn to_ymd(self) -> (i64, i64, i64) {
        crate::date::civil(self.0)
    }

    /// The day of the week (1970-01-01 was a Thursday).
    pub fn weekday(self) -> Weekday {
        Weekday::ALL[crate::date::weekday_index(self.0)]
    }

    /// The date `n` days later.
    pub fn plus(self, n: i64) -> CalendarDate {
        CalendarDate(self.0 + n)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<CalendarDate> {
        let mut it = s.trim().splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        CalendarDate::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

impl std::fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.to_ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CalendarDate::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "\"{s}\" is not a date; write \"YYYY-MM-DD\", e.g. \"2026-11-30\""
            ))
        })
    }
}

#[cfg(feature = "tsify")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_DATE: &str = r#"
/** A calendar date "YYYY-MM-DD". */
export type CalendarDate = string;
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        let d = CalendarDate::parse("2026-11-30").unwrap();
        assert_eq!(d.weekday(), Weekday::Mon);
        assert_eq!(d.to_string(), "2026-11-30");
        assert_eq!(CalendarDate::parse("1970-01-01"), Some(CalendarDate(0)));
        assert_eq!(CalendarDate(0).weekday(), Weekday::Thu);
        assert_eq!(d.plus(1).to_string(), "2026-12-01");
        assert_eq!(
            CalendarDate::parse("2024-02-29")
                .unwrap()
                .plus(1)
                .to_string(),
            "2024-03-01"
        );
        assert!(CalendarDate::parse("2025-02-29").is_none());
        assert!(CalendarDate::parse("2025-13-01").is_none());
        assert!(CalendarDate::parse("30-11-2026").is_none());
        for n in -800_000..-799_000 {
            let d = CalendarDate(n);
            let (y, m, dd) = d.to_ymd();
            assert_eq!(CalendarDate::ymd(y, m, dd), Some(d));
        }
    }
}
