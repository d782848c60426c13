//! Seeded sample scenarios with Nottinghamshire's real geography.
//!
//! Two profiles. The **realistic** one ([`sample_county`], the default of
//! `carematch sample`) is calibrated to the county's figures: 66 Shared
//! Lives households with 99 carers, most places occupied, supported-living
//! schemes in proportion to the referrals with a few per cent of rooms
//! vacant, a referral mix with dates, sessions, emergencies and move-ons,
//! and more referrals than places (see [`realistic`]'s documentation and
//! [`SampleFigures`]). The **generous** one ([`sample_scenario`]) is the
//! original generator: many free places and schemes with one or two
//! vacancies each, kept unchanged for tests and benchmarks.
//!
//! People and households are spread over the county's eight districts
//! around their real towns: Nottingham City is dense, Bassetlaw and Newark &
//! Sherwood are large and rural. The need mix is the one a Shared Lives
//! scheme sees (learning disability dominant, then autism, mental health,
//! older adults with or without dementia, physical disability). The same
//! options and seed always give the same scenario.

mod county;
mod figures;
mod generous;
mod realistic;

pub use figures::SampleFigures;
pub use generous::sample_scenario;
pub use realistic::{SCHEME_VACANCY_RATE, SCHEMES_PER_THOUSAND_REFERRALS, SHARED_LIVES_LD_SHARE};

use super::model::Scenario;

/// Which kind of sample to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SampleProfile {
    /// Calibrated to Nottinghamshire: mostly full, more referrals than places.
    #[default]
    Realistic,
    /// The original generator: many free places (for tests and benchmarks).
    Generous,
}

/// What sample to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleOptions {
    /// The profile.
    pub profile: SampleProfile,
    /// Referrals (people in the run).
    pub people: usize,
    /// Shared Lives households (Nottinghamshire: 66).
    pub households: usize,
    /// Supported-living schemes (realistic profile; default: 190 for every
    /// 1,000 referrals, at least one). The generous profile has one for
    /// about every eight households.
    pub schemes: Option<usize>,
    /// Random seed.
    pub seed: u64,
}

impl Default for SampleOptions {
    /// The county as it is: 120 referrals, 66 households, seed 1.
    fn default() -> Self {
        SampleOptions {
            profile: SampleProfile::Realistic,
            people: 120,
            households: 66,
            schemes: None,
            seed: 1,
        }
    }
}

/// A seeded sample scenario for the given options.
///
/// # Examples
/// ```
/// use carematch::matching::{SampleFigures, SampleOptions, sample_county};
/// let s = sample_county(&SampleOptions::default());
/// let f = SampleFigures::of(&s);
/// assert_eq!((f.households, f.carers), (66, 99));
/// assert!(f.referrals > f.free_places());
/// assert_eq!(s, sample_county(&SampleOptions::default()));
/// ```
pub fn sample_county(o: &SampleOptions) -> Scenario {
    match o.profile {
        SampleProfile::Realistic => {
            let mut s = realistic::county(o);
            county::add_pcns(&mut s);
            s
        }
        SampleProfile::Generous => sample_scenario(o.people, o.households, o.seed),
    }
}

#[cfg(test)]
mod tests {
    use super::county::{AS_OF, AS_OF_DAY};
    use super::*;
    use crate::geo::LatLon;
    use crate::matching::model::{Need, date_of};

    #[test]
    fn date_round_trip() {
        assert_eq!(date_of(AS_OF_DAY).0, AS_OF);
        for d in [0, 59, 365, 11_016, 20_179, 20_500] {
            assert_eq!(date_of(d).day_number(), Some(d));
        }
    }

    #[test]
    fn sample_is_valid_and_deterministic() {
        let s = sample_scenario(200, 60, 3);
        crate::matching::validate::check(&s).unwrap();
        assert_eq!(s, sample_scenario(200, 60, 3));
        assert_ne!(s, sample_scenario(200, 60, 4));
    }

    #[test]
    fn learning_disability_dominates_and_rural_districts_are_spread() {
        let s = sample_scenario(2_000, 100, 11);
        let ld = s
            .people
            .iter()
            .filter(|p| p.needs.contains(&Need::LearningDisability))
            .count();
        assert!(
            ld * 2 > s.people.len(),
            "learning disability should be about half: {ld}"
        );
        let spread = |name: &str| {
            let pts: Vec<&LatLon> = s
                .people
                .iter()
                .filter(|p| p.district.as_deref() == Some(name))
                .map(|p| &p.home)
                .collect();
            let n = pts.len() as f64;
            let (la, lo) = pts
                .iter()
                .fold((0.0, 0.0), |a, p| (a.0 + p.lat / n, a.1 + p.lon / n));
            let c = LatLon::new(la, lo);
            pts.iter().map(|p| p.distance_m(&c)).sum::<f64>() / n / 1000.0
        };
        assert!(spread("Bassetlaw") > 2.0 * spread("Nottingham City"));
        assert!(s.households.iter().all(|h| (1..=3).contains(&h.places)));
    }
}
