//! A seeded sample-scenario generator with Nottinghamshire's real geography.
//!
//! People and households are spread over the county's eight districts around
//! their real towns: Nottingham City is dense, Bassetlaw and Newark &
//! Sherwood are large and rural (people and carers are scattered between
//! Worksop, Retford, Harworth, Newark, Southwell and Ollerton and the villages
//! between). The need mix is the one a Shared Lives scheme sees (learning
//! disability dominant, then autism, mental health, older adults with or
//! without dementia, physical disability); households take 1 to 3 people,
//! mostly 1 or 2, and some already have someone living with them;
//! supported-living schemes have 3 to 5 rooms with sitting tenants and one or
//! two vacancies. Costs follow the defaults in [`super::CostSettings`].
//! The same seed always gives the same scenario.

use super::model::{
    Acceptance, Arrangement, Date, DateRange, Gender, Household, HouseholdId, ImportantPlace, Need,
    OptionKind, Person, PersonId, PlaceKind, Preferences, Resident, SCHEMA_VERSION, Scenario,
    Scheme, SchemeId, Setting, SupportLevel, SupportModel, Vacancy, VacancyId,
};
use crate::geo::{LatLon, TravelMode};
use crate::rng::Rng;
use crate::units::Pence;

/// A town: name, latitude, longitude, spread in km.
type Town = (&'static str, f64, f64, f64);

/// A district: name, share of referrals, share of carer households, towns
/// with their weights.
struct District {
    name: &'static str,
    people: f64,
    households: f64,
    towns: &'static [(Town, f64)],
}

/// Nottinghamshire's districts and their main towns (approximate centres).
static DISTRICTS: &[District] = &[
    District {
        name: "Nottingham City",
        people: 0.27,
        households: 0.16,
        towns: &[(("Nottingham", 52.955, -1.150, 3.0), 1.0)],
    },
    District {
        name: "Ashfield",
        people: 0.11,
        households: 0.13,
        towns: &[
            (("Sutton-in-Ashfield", 53.125, -1.261, 2.0), 0.45),
            (("Kirkby-in-Ashfield", 53.100, -1.245, 2.0), 0.35),
            (("Hucknall", 53.038, -1.196, 2.0), 0.20),
        ],
    },
    District {
        name: "Bassetlaw",
        people: 0.10,
        households: 0.12,
        towns: &[
            (("Worksop", 53.302, -1.124, 2.5), 0.45),
            (("Retford", 53.322, -0.943, 2.0), 0.25),
            (("Harworth", 53.417, -1.076, 1.5), 0.08),
            (("Bassetlaw villages", 53.330, -0.990, 10.0), 0.22),
        ],
    },
    District {
        name: "Broxtowe",
        people: 0.10,
        households: 0.11,
        towns: &[
            (("Beeston", 52.926, -1.215, 2.0), 0.55),
            (("Eastwood", 53.018, -1.305, 1.5), 0.25),
            (("Kimberley", 52.998, -1.261, 1.5), 0.20),
        ],
    },
    District {
        name: "Gedling",
        people: 0.10,
        households: 0.12,
        towns: &[
            (("Arnold", 53.005, -1.127, 2.0), 0.6),
            (("Carlton", 52.965, -1.090, 1.5), 0.3),
            (("Calverton", 53.037, -1.083, 1.0), 0.1),
        ],
    },
    District {
        name: "Mansfield",
        people: 0.11,
        households: 0.11,
        towns: &[
            (("Mansfield", 53.143, -1.197, 2.5), 0.8),
            (("Mansfield Woodhouse", 53.166, -1.195, 1.2), 0.2),
        ],
    },
    District {
        name: "Newark & Sherwood",
        people: 0.11,
        households: 0.13,
        towns: &[
            (("Newark-on-Trent", 53.076, -0.809, 2.0), 0.40),
            (("Southwell", 53.078, -0.955, 1.0), 0.10),
            (("Ollerton", 53.200, -1.020, 1.5), 0.15),
            (("Newark & Sherwood villages", 53.120, -0.930, 11.0), 0.35),
        ],
    },
    District {
        name: "Rushcliffe",
        people: 0.10,
        households: 0.12,
        towns: &[
            (("West Bridgford", 52.925, -1.128, 2.0), 0.6),
            (("Bingham", 52.952, -0.953, 1.2), 0.2),
            (("Rushcliffe villages", 52.870, -1.050, 7.0), 0.2),
        ],
    },
];

const INTERESTS: &[&str] = &[
    "gardening",
    "football",
    "music",
    "cooking",
    "walking",
    "animals",
    "art",
    "swimming",
    "computer games",
    "church",
    "fishing",
    "crafts",
    "films",
    "bowling",
];

const AS_OF: &str = "2025-04-01";
const AS_OF_DAY: i64 = 20_179; // 2025-04-01 as days since 1970-01-01.

fn date(day: i64) -> Date {
    // Inverse of the civil-days count (Hinnant's civil_from_days).
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(format!("{y:04}-{m:02}-{d:02}"))
}

fn jitter(rng: &mut Rng, lat: f64, lon: f64, km: f64) -> LatLon {
    let dlat = rng.normal() * km / 111.0;
    let dlon = rng.normal() * km / (111.0 * lat.to_radians().cos());
    LatLon::new(
        ((lat + dlat) * 1e4).round() / 1e4,
        ((lon + dlon) * 1e4).round() / 1e4,
    )
}

/// Picks a district by `weight` and a point around one of its towns.
fn place(rng: &mut Rng, weight: fn(&District) -> f64) -> (&'static District, LatLon) {
    let w: Vec<f64> = DISTRICTS.iter().map(weight).collect();
    let d = &DISTRICTS[rng.weighted(&w)];
    let tw: Vec<f64> = d.towns.iter().map(|t| t.1).collect();
    let ((_, lat, lon, km), _) = d.towns[rng.weighted(&tw)];
    (d, jitter(rng, lat, lon, km))
}

fn pick_interests(rng: &mut Rng, at_most: usize) -> Vec<String> {
    let n = rng.index(at_most + 1);
    let mut all: Vec<&str> = INTERESTS.to_vec();
    rng.shuffle(&mut all);
    all.into_iter().take(n).map(str::to_owned).collect()
}

fn gender(rng: &mut Rng) -> Gender {
    if rng.chance(0.5) {
        Gender::Female
    } else {
        Gender::Male
    }
}

fn person(rng: &mut Rng, i: usize) -> Person {
    let (district, home) = place(rng, |d| d.people);
    let primary = [
        Need::LearningDisability,
        Need::Autism,
        Need::MentalHealth,
        Need::OlderAdult,
        Need::PhysicalDisability,
        Need::SensoryImpairment,
        Need::AcquiredBrainInjury,
    ][rng.weighted(&[0.50, 0.12, 0.12, 0.12, 0.07, 0.04, 0.03])];
    let mut needs = vec![primary];
    let age = match primary {
        Need::OlderAdult => {
            if rng.chance(0.45) {
                needs.push(Need::Dementia);
            }
            rng.range_i64(66, 92) as u32
        }
        Need::MentalHealth => rng.range_i64(22, 62) as u32,
        _ => (18.0 + (rng.normal().abs() * 16.0)).min(75.0) as u32,
    };
    if primary == Need::LearningDisability && rng.chance(0.25) {
        needs.push(Need::Autism);
    }
    if primary != Need::PhysicalDisability && rng.chance(0.08) {
        needs.push(Need::PhysicalDisability);
    }
    if primary == Need::LearningDisability && age > 50 && rng.chance(0.2) {
        needs.push(Need::Dementia);
    }
    needs.sort();
    needs.dedup();
    let support_level = [
        SupportLevel::Low,
        SupportLevel::Moderate,
        SupportLevel::High,
    ][rng.weighted(&[0.3, 0.5, 0.2])];
    let arrangement = [
        Arrangement::LongTerm,
        Arrangement::ShortBreak,
        Arrangement::DaySupport,
    ][rng.weighted(&[0.6, 0.25, 0.15])];
    let needed_in = rng.range_i64(-7, 120);
    let dates = (arrangement == Arrangement::ShortBreak).then(|| {
        let start = AS_OF_DAY + rng.range_i64(14, 150);
        DateRange {
            start: date(start),
            end: date(start + rng.range_i64(2, 13)),
        }
    });
    let current_setting = [
        Setting::FamilyHome,
        Setting::ResidentialCare,
        Setting::SupportedLiving,
        Setting::Hospital,
        Setting::OwnHome,
    ][rng.weighted(&[0.55, 0.15, 0.12, 0.08, 0.10])];
    let current_weekly_cost = match current_setting {
        Setting::ResidentialCare if rng.chance(0.5) => Some(Pence(rng.range_i64(750, 1_400) * 100)),
        Setting::SupportedLiving if rng.chance(0.5) => Some(Pence(rng.range_i64(650, 1_300) * 100)),
        _ => None,
    };
    let travel_mode = [
        TravelMode::Car,
        TravelMode::PublicTransport,
        TravelMode::Walk,
    ][rng.weighted(&[0.6, 0.35, 0.05])];
    let mut important_places = Vec::new();
    if arrangement != Arrangement::ShortBreak && rng.chance(0.6) {
        let kind = if age < 60 && rng.chance(0.3) {
            if rng.chance(0.5) {
                PlaceKind::Work
            } else {
                PlaceKind::College
            }
        } else {
            PlaceKind::DayService
        };
        important_places.push(ImportantPlace {
            kind,
            name: None,
            location: jitter(rng, home.lat, home.lon, 4.0),
            max_travel_minutes: match travel_mode {
                TravelMode::Car => 30,
                TravelMode::PublicTransport => 60,
                TravelMode::Walk => 45,
            },
        });
    }
    if rng.chance(0.35) {
        important_places.push(ImportantPlace {
            kind: PlaceKind::Family,
            name: None,
            location: jitter(rng, home.lat, home.lon, 6.0),
            max_travel_minutes: if travel_mode == TravelMode::Car {
                40
            } else {
                75
            },
        });
    }
    let physical = needs.contains(&Need::PhysicalDisability);
    let city = district.name == "Nottingham City";
    let languages = if city && rng.chance(0.15) {
        let other = ["Urdu", "Punjabi", "Polish", "Arabic"][rng.index(4)];
        vec![other.to_owned(), "English".to_owned()]
    } else {
        Vec::new()
    };
    let faith = rng.chance(0.15).then(|| {
        ["Christian", "Muslim", "Sikh", "Hindu"][rng.weighted(&[0.6, 0.25, 0.1, 0.05])].to_owned()
    });
    let preferences = Preferences {
        carer_gender: rng.chance(0.25).then(|| gender(rng)),
        pets_ok: Some(!rng.chance(0.15)),
        smoking_ok: Some(!rng.chance(0.6)),
        children_ok: Some(!rng.chance(0.1)),
        wheelchair_access: physical && rng.chance(0.6),
        ground_floor: (physical || age > 75) && rng.chance(0.5),
        en_suite: rng.chance(0.1),
        interests: pick_interests(rng, 3),
        languages,
        faith,
        must_not_live_with: Vec::new(),
        prefers: match rng.weighted(&[0.7, 0.2, 0.1]) {
            1 => Some(OptionKind::SharedLives),
            2 => Some(OptionKind::SupportedLiving),
            _ => None,
        },
        not_with_needs: Vec::new(),
    };
    Person {
        id: PersonId(format!("P{:04}", i + 1)),
        name: None,
        age,
        gender: Some(gender(rng)),
        needs,
        support_level,
        support_hours_per_week: if rng.chance(0.4) {
            rng.range_i64(2, 15) as u32
        } else {
            0
        },
        home,
        district: Some(district.name.to_owned()),
        travel_mode,
        important_places,
        arrangement,
        dates,
        needed_by: Some(date(AS_OF_DAY + needed_in)),
        current_setting,
        current_weekly_cost,
        counterfactual_setting: None,
        smokes: rng.chance(0.12),
        preferences,
        sessions: Vec::new(),
        night_support: None,
        holds: None,
        ready_for_own_tenancy: false,
    }
}

fn resident(rng: &mut Rng, id: String, needs_pool: &[Need]) -> Resident {
    let need = needs_pool
        .get(rng.index(needs_pool.len().max(1)))
        .copied()
        .unwrap_or(Need::LearningDisability);
    Resident {
        id: PersonId(id),
        age: Some(rng.range_i64(20, 70) as u32),
        gender: Some(gender(rng)),
        needs: vec![need],
        smokes: rng.chance(0.15),
        not_with_needs: if rng.chance(0.15) {
            vec![Need::MentalHealth]
        } else {
            Vec::new()
        },
        must_not_live_with: Vec::new(),
        interests: pick_interests(rng, 2),
    }
}

fn household(rng: &mut Rng, i: usize) -> Household {
    let (district, location) = place(rng, |d| d.households);
    let mut approvals: Vec<Need> = [
        (Need::LearningDisability, 0.88),
        (Need::Autism, 0.5),
        (Need::MentalHealth, 0.3),
        (Need::OlderAdult, 0.3),
        (Need::Dementia, 0.12),
        (Need::PhysicalDisability, 0.25),
        (Need::SensoryImpairment, 0.15),
        (Need::AcquiredBrainInjury, 0.08),
    ]
    .iter()
    .filter(|(_, p)| rng.chance(*p))
    .map(|(n, _)| *n)
    .collect();
    if approvals.is_empty() {
        approvals.push(Need::LearningDisability);
    }
    let places = [1u32, 2, 3][rng.weighted(&[0.45, 0.40, 0.15])];
    let id = format!("H{:03}", i + 1);
    // Some carers already have someone living with them; a few are full.
    let occupied = if places > 1 && rng.chance(0.4) {
        rng.range_i64(1, i64::from(places) - 1) as u32
    } else if rng.chance(0.08) {
        places
    } else {
        0
    };
    let occupants = (0..occupied)
        .map(|k| resident(rng, format!("{id}-O{}", k + 1), &approvals))
        .collect();
    let mut offers: Vec<Arrangement> = [
        (Arrangement::LongTerm, 0.8),
        (Arrangement::ShortBreak, 0.5),
        (Arrangement::DaySupport, 0.3),
    ]
    .iter()
    .filter(|(_, p)| rng.chance(*p))
    .map(|(a, _)| *a)
    .collect();
    if offers.is_empty() {
        offers.push(Arrangement::LongTerm);
    }
    let carer_genders = match rng.weighted(&[0.6, 0.3, 0.1]) {
        0 => vec![Gender::Female],
        1 => vec![Gender::Female, Gender::Male],
        _ => vec![Gender::Male],
    };
    let older = approvals.contains(&Need::OlderAdult) || approvals.contains(&Need::Dementia);
    let unavailable = if rng.chance(0.3) {
        let start = AS_OF_DAY + rng.range_i64(10, 170);
        vec![DateRange {
            start: date(start),
            end: date(start + rng.range_i64(6, 13)),
        }]
    } else {
        Vec::new()
    };
    Household {
        id: HouseholdId(id),
        name: None,
        location,
        district: Some(district.name.to_owned()),
        approvals,
        places,
        occupants,
        offers,
        pets: rng.chance(0.45),
        smokers: rng.chance(0.1),
        children: rng.chance(0.25),
        accessible_rooms: u32::from(rng.chance(0.12)),
        ground_floor_bedroom: rng.chance(0.25),
        en_suite: rng.chance(0.2),
        carer_genders,
        interests: pick_interests(rng, 4),
        languages: if district.name == "Nottingham City" && rng.chance(0.15) {
            vec![
                "English".to_owned(),
                ["Urdu", "Punjabi", "Polish", "Arabic"][rng.index(4)].to_owned(),
            ]
        } else {
            Vec::new()
        },
        faith: rng.chance(0.2).then(|| {
            ["Christian", "Muslim", "Sikh", "Hindu"][rng.weighted(&[0.6, 0.25, 0.1, 0.05])]
                .to_owned()
        }),
        experience_years: rng.range_i64(0, 20) as u32,
        available_from: rng
            .chance(0.2)
            .then(|| date(AS_OF_DAY + rng.range_i64(7, 60))),
        unavailable,
        accepts: Acceptance {
            min_age: Some(18),
            max_age: if older {
                None
            } else {
                Some([65, 70, 80][rng.index(3)])
            },
            max_support_level: Some(
                [
                    SupportLevel::Low,
                    SupportLevel::Moderate,
                    SupportLevel::High,
                ][rng.weighted(&[0.15, 0.55, 0.3])],
            ),
            smokers: Some(rng.chance(0.7)),
        },
        weekly_cost: rng
            .chance(0.3)
            .then(|| Pence(rng.range_i64(45, 65) * 1_000)),
        bookings: Vec::new(),
        day_support_places: None,
        day_support_days: None,
    }
}

fn scheme(rng: &mut Rng, i: usize) -> Scheme {
    let (district, location) = place(rng, |d| d.people);
    let id = format!("S{:02}", i + 1);
    let needs_supported = match rng.weighted(&[0.6, 0.25, 0.15]) {
        0 => vec![Need::LearningDisability, Need::Autism],
        1 => vec![Need::MentalHealth],
        _ => vec![
            Need::PhysicalDisability,
            Need::AcquiredBrainInjury,
            Need::LearningDisability,
        ],
    };
    let rooms = rng.range_i64(3, 5) as usize;
    let vacant = if rng.chance(0.7) { 1 } else { 2 };
    let vacancies = (0..vacant)
        .map(|k| Vacancy {
            id: VacancyId(format!("{id}-R{}", rooms - k)),
            accessible: rng.chance(0.25),
            ground_floor: rng.chance(0.5),
            en_suite: rng.chance(0.4),
            available_from: rng
                .chance(0.3)
                .then(|| date(AS_OF_DAY + rng.range_i64(7, 45))),
            weekly_cost: None,
        })
        .collect();
    let tenants = (0..rooms - vacant)
        .map(|k| resident(rng, format!("{id}-T{}", k + 1), &needs_supported))
        .collect();
    Scheme {
        id: SchemeId(id),
        name: None,
        location,
        district: Some(district.name.to_owned()),
        needs_supported,
        support_model: [
            SupportModel::TwentyFourHourShared,
            SupportModel::CoreHours,
            SupportModel::Floating,
        ][rng.weighted(&[0.4, 0.45, 0.15])],
        support_hours_available: rng.range_i64(0, 40) as u32,
        min_age: Some(18),
        max_age: Some(65),
        weekly_cost: Pence(rng.range_i64(68, 95) * 1_000),
        vacancies,
        tenants,
        night_cover: None,
        single_gender: None,
    }
}

/// A seeded sample scenario with `people` referrals, `households` Shared
/// Lives households and one supported-living scheme for about every eight
/// households.
///
/// # Examples
/// ```
/// let s = carematch::matching::sample_scenario(30, 12, 7);
/// assert_eq!(s.people.len(), 30);
/// assert_eq!(s.households.len(), 12);
/// assert_eq!(s, carematch::matching::sample_scenario(30, 12, 7));
/// ```
pub fn sample_scenario(people: usize, households: usize, seed: u64) -> Scenario {
    let mut rng = Rng::new(seed);
    let mut ps: Vec<Person> = (0..people).map(|i| person(&mut rng, i)).collect();
    // A few people must not live with someone else referred from their district.
    for i in 0..ps.len() {
        if rng.chance(0.03) {
            let j = rng.index(ps.len());
            if j != i && ps[j].district == ps[i].district {
                let other = ps[j].id.clone();
                ps[i].preferences.must_not_live_with.push(other);
            }
        }
    }
    let hs = (0..households).map(|i| household(&mut rng, i)).collect();
    let schemes = (0..households.div_ceil(8))
        .map(|i| scheme(&mut rng, i))
        .collect();
    Scenario {
        schema_version: SCHEMA_VERSION,
        name: Some(format!(
            "Nottinghamshire sample: {people} people, {households} households, seed {seed}"
        )),
        as_of: Some(Date::new(AS_OF)),
        people: ps,
        households: hs,
        schemes,
        introductions: Vec::new(),
        learning_disability_population: None,
        shared_lives_ld_current: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_round_trip() {
        assert_eq!(date(AS_OF_DAY).0, AS_OF);
        for d in [0, 59, 365, 11_016, 20_179, 20_500] {
            assert_eq!(date(d).day_number(), Some(d));
        }
    }

    #[test]
    fn sample_is_valid_and_deterministic() {
        let s = sample_scenario(200, 60, 3);
        super::super::validate::check(&s).unwrap();
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
