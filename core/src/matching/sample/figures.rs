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
