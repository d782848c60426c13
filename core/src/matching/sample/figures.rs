//! Figures that describe a sample (or any scenario) against the county's
//! calibration: carers, places and how full they are, scheme rooms and
//! vacancies, the referral mix and move-ons.

use std::collections::BTreeMap;

use crate::matching::model::{Arrangement, Scenario, Setting};

/// Counts that describe a scenario's supply and demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SampleFigures {
    /// Shared Lives households.
    pub households: usize,
    /// Approved carers (the carers listed for each household).
    pub carers: usize,
    /// Approved places in all households.
    pub household_places: usize,
    /// People living in households now: occupants and movers holding a place.
    pub household_residents: usize,
    /// Supported-living schemes.
    pub schemes: usize,
    /// Scheme rooms: tenants, vacancies and rooms held by movers.
    pub scheme_rooms: usize,
    /// Vacant scheme rooms.
    pub vacant_rooms: usize,
    /// Referrals (people in the run).
    pub referrals: usize,
    /// Referrals for a long-term stay.
    pub long_term: usize,
    /// Referrals for short breaks.
    pub short_breaks: usize,
    /// Referrals for day support.
    pub day_support: usize,
    /// Emergency referrals.
    pub emergency: usize,
    /// People holding a place they may leave (move-ons).
    pub movers: usize,
    /// People ready for their own tenancy.
    pub ready_for_own_tenancy: usize,
    /// Referrals now in residential care or hospital.
    pub in_residential_or_hospital: usize,
    /// Referrals needing night support.
    pub night_support: usize,
    /// Schemes with night cover.
    pub schemes_with_night_cover: usize,
    /// Stays already booked at households.
    pub bookings: usize,
    /// Periods of carers' time off.
    pub time_off: usize,
}

impl SampleFigures {
    /// Counts the figures of a scenario.
    pub fn of(s: &Scenario) -> Self {
        let mut held_in_scheme: BTreeMap<&str, usize> = BTreeMap::new();
        let mut held_in_household = 0;
        for p in &s.people {
            if let Some(h) = &p.holds {
                if let Some(x) = &h.scheme {
                    *held_in_scheme.entry(x.as_str()).or_default() += 1;
                }
                if h.household.is_some() {
                    held_in_household += 1;
                }
            }
        }
        let arrangement = |a: Arrangement| s.people.iter().filter(|p| p.arrangement == a).count();
        SampleFigures {
            households: s.households.len(),
            carers: s.households.iter().map(|h| h.carer_genders.len()).sum(),
            household_places: s.households.iter().map(|h| h.places as usize).sum(),
            household_residents: s
                .households
                .iter()
                .map(|h| h.occupants.len())
                .sum::<usize>()
                + held_in_household,
            schemes: s.schemes.len(),
            scheme_rooms: s
                .schemes
                .iter()
                .map(|x| {
                    x.tenants.len()
                        + x.vacancies.len()
                        + held_in_scheme.get(x.id.as_str()).copied().unwrap_or(0)
                })
                .sum(),
            vacant_rooms: s.schemes.iter().map(|x| x.vacancies.len()).sum(),
            referrals: s.people.len(),
            long_term: arrangement(Arrangement::LongTerm),
            short_breaks: arrangement(Arrangement::ShortBreak),
            day_support: arrangement(Arrangement::DaySupport),
            emergency: arrangement(Arrangement::Emergency),
            movers: s.people.iter().filter(|p| p.holds.is_some()).count(),
            ready_for_own_tenancy: s.people.iter().filter(|p| p.ready_for_own_tenancy).count(),
            in_residential_or_hospital: s
                .people
                .iter()
                .filter(|p| {
                    matches!(
                        p.current_setting,
                        Setting::ResidentialCare | Setting::Hospital
                    )
                })
                .count(),
            night_support: s
                .people
                .iter()
                .filter(|p| p.night_support.is_some())
                .count(),
            schemes_with_night_cover: s.schemes.iter().filter(|x| x.night_cover.is_some()).count(),
            bookings: s.households.iter().map(|h| h.bookings.len()).sum(),
            time_off: s.households.iter().map(|h| h.unavailable.len()).sum(),
        }
    }

    /// Household places not taken by anyone living there now.
    pub fn free_household_places(&self) -> usize {
        self.household_places
            .saturating_sub(self.household_residents)
    }

    /// Share of household places taken (0 to 1).
    pub fn household_occupancy(&self) -> f64 {
        ratio(self.household_residents, self.household_places)
    }

    /// Share of scheme rooms vacant (0 to 1).
    pub fn vacancy_rate(&self) -> f64 {
        ratio(self.vacant_rooms, self.scheme_rooms)
    }

    /// Places free now: household places and vacant rooms (rooms movers may
    /// leave are not counted).
    pub fn free_places(&self) -> usize {
        self.free_household_places() + self.vacant_rooms
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl std::fmt::Display for SampleFigures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Shared Lives: {} households, {} carers, {} places, {} lived in ({:.0} % full), {} free",
            self.households,
            self.carers,
            self.household_places,
            self.household_residents,
            100.0 * self.household_occupancy(),
            self.free_household_places()
        )?;
        writeln!(
            f,
            "supported living: {} schemes, {} rooms, {} vacant ({:.1} %), {} with night cover",
            self.schemes,
            self.scheme_rooms,
            self.vacant_rooms,
            100.0 * self.vacancy_rate(),
            self.schemes_with_night_cover
        )?;
        writeln!(
            f,
            "referrals: {} ({} long-term, {} short breaks, {} day support, {} emergency) for {} free places",
            self.referrals,
            self.long_term,
            self.short_breaks,
            self.day_support,
            self.emergency,
            self.free_places()
        )?;
        writeln!(
            f,
            "move-on: {} holding a place they may leave, {} ready for their own tenancy, {} in residential care or hospital",
            self.movers, self.ready_for_own_tenancy, self.in_residential_or_hospital
        )?;
        write!(
            f,
            "calendars: {} stays booked, {} periods of carers' time off, {} people needing night support",
            self.bookings, self.time_off, self.night_support
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts on a hand-made scenario: two households (3 carers, 4 places,
    /// one occupant and one mover holding a place), one scheme with two
    /// tenants, one vacancy and one room held by a mover.
    #[test]
    fn figures_of_a_small_scenario() {
        let json = r#"{"schema_version": 1, "as_of": "2025-04-01",
          "people": [
            {"id": "P1", "age": 30, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1},
             "arrangement": "short_break", "dates": {"start": "2025-05-01", "end": "2025-05-03"}},
            {"id": "P2", "age": 40, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1},
             "holds": {"household": "H1"}, "ready_for_own_tenancy": true},
            {"id": "P3", "age": 40, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1},
             "holds": {"scheme": "S1"}, "current_setting": "supported_living", "night_support": "sleep_in"},
            {"id": "P4", "age": 50, "needs": ["autism"], "home": {"lat": 53.0, "lon": -1.1},
             "current_setting": "hospital", "arrangement": "emergency"}],
          "households": [
            {"id": "H1", "location": {"lat": 53.0, "lon": -1.1}, "approvals": ["autism"], "places": 3,
             "carer_genders": ["female", "male"], "occupants": [{"id": "O1"}],
             "bookings": [{"person": "B1", "dates": {"start": "2025-06-01", "end": "2025-06-02"}}],
             "unavailable": [{"start": "2025-07-01", "end": "2025-07-07"}]},
            {"id": "H2", "location": {"lat": 53.0, "lon": -1.1}, "approvals": ["autism"], "places": 1,
             "carer_genders": ["female"]}],
          "schemes": [
            {"id": "S1", "location": {"lat": 53.0, "lon": -1.1}, "needs_supported": ["autism"],
             "weekly_cost": 80000, "night_cover": "sleep_in", "vacancies": [{"id": "S1-R4"}],
             "tenants": [{"id": "T1"}, {"id": "T2"}]}]}"#;
        let s = crate::matching::validate_scenario(json).unwrap();
        let f = SampleFigures::of(&s);
        assert_eq!((f.households, f.carers, f.household_places), (2, 3, 4));
        assert_eq!((f.household_residents, f.free_household_places()), (2, 2));
        assert_eq!((f.schemes, f.scheme_rooms, f.vacant_rooms), (1, 4, 1));
        assert_eq!(f.free_places(), 3);
        assert!((f.vacancy_rate() - 0.25).abs() < 1e-9);
        assert!((f.household_occupancy() - 0.5).abs() < 1e-9);
        assert_eq!(
            (f.referrals, f.long_term, f.short_breaks, f.emergency),
            (4, 2, 1, 1)
        );
        assert_eq!(
            (
                f.movers,
                f.ready_for_own_tenancy,
                f.in_residential_or_hospital
            ),
            (2, 1, 1)
        );
        assert_eq!((f.night_support, f.schemes_with_night_cover), (1, 1));
        assert_eq!((f.bookings, f.time_off), (1, 1));
        assert!(f.to_string().contains("1 vacant (25.0 %)"), "{f}");
    }
}
